"""情况说明没有说明任何事项（YQ312 unused-exception）

情况说明（`exceptions`）说明的是本事件某项时限或义务的超时、缺失，预案第七条据此区分
“确有原因”与“缓报、漏报”。一条情况说明只说明它写入台账之前的事：

- 一次性的义务（如首报、书面报告、终报）：情况说明说明该项时限，提前写的也算；
- 反复发生的义务（如每 24 小时一次的续报，YQ306）：情况说明说明它首次提交之前已到期的各次，
  以及它用 `occurrence` 点名的几次（如 `occurrence: [3]` 为第 3 次续报）；此后再次超时或缺失的，
  需要另写一条情况说明。不在 Git 仓库中或尚未提交的情况说明，说明该规则的各次。

检查：事件记录中的每条情况说明，`rule` 不是已知规则，或者该规则在本事件中没有它能说明的超时、
缺失（也没有尚未到期、可能用到它的一项）的，给出警告，位置在该条情况说明的 `rule` 行。

**示例**：较大事件的续报全部按时，却有一条 `rule: YQ306` 的情况说明，它没有说明任何事项；
写成 `rule: YQ360` 的，规则编号不存在。

**怎么改**：核对 `rule` 是否写错（规则编号见“规则说明”页）；该项实际没有超时或缺失的，删去这条
情况说明（已合并的情况说明只能由局办公室按更正办法处理）；后来又一次中断的，另写一条情况说明，
或用 `occurrence` 写明说明的是第几次。
"""

from __future__ import annotations

from yuqing.findings import Outcome, Problem
from yuqing.i18n import Msg
from yuqing.models import Incident
from yuqing.rules import yq404_late_registration
from yuqing.rules._obligations import covers, is_lapse, recorded_times
from yuqing.schema_errors import nearest, or_list

ID = "YQ312"
NAME = "unused-exception"
LEVEL = "warning"
CLAUSE = "七"
SUMMARY = Msg("情况说明没有说明任何超时或缺失", "an exception that explains no late or missing obligation")
HOOKS = ("check",)
NEEDS = frozenset({"history"})  # when each exception was first recorded; YQ404's first commit


def check(record, ctx):
    incident = record.model
    if not isinstance(incident, Incident) or not incident.exceptions:
        return
    from yuqing.rules import BY_HOOK, BY_ID  # the registry imports this module

    obligations = {rule.ID: rule for rule in BY_HOOK["evaluate"]}
    named = {entry.rule for entry in incident.exceptions}
    verdicts = {code: list(obligations[code].evaluate(record, ctx)) for code in sorted(named) if code in obligations}
    recorded = recorded_times(record, ctx)
    for index, entry in enumerate(incident.exceptions):
        loc = ("exceptions", index, "rule")
        rule = BY_ID.get(entry.rule)
        if rule is None:
            guesses = nearest(entry.rule, obligations, cutoff=0.6)
            yield Problem(Msg(
                f"第 {index + 1} 条情况说明的 rule: {entry.rule} 不是已知的规则编号，这条说明不起作用。"
                + (f"是不是 {or_list(guesses)}？" if guesses else "")
                + "请核对编号（见网站“规则说明”页或 `yuqing rules`）。",
                f"exception {index + 1}: rule {entry.rule} is not a known rule code, so it explains nothing. "
                + (f"Did you mean {', '.join(guesses)}? " if guesses else "")
                + "Check the code (see the rules page or `yuqing rules`)."), loc=loc)
            continue
        if entry.rule not in obligations:
            yield Problem(Msg(
                f"第 {index + 1} 条情况说明的 rule: {entry.rule}（{rule.SUMMARY.zh}）不是时限或义务规则，"
                "情况说明只能说明时限或义务规则（YQ3xx、YQ404）的超时或缺失。请按该规则的提示改正记录，"
                "并删去这条情况说明。",
                f"exception {index + 1}: rule {entry.rule} is not a deadline or obligation rule; exceptions "
                "explain late or missing obligations (YQ3xx, YQ404) only. Fix what the rule reports and "
                "remove the exception."), loc=loc)
            continue
        if not _judged(rule, record, ctx):
            continue  # the rule cannot judge this record here: nothing can be said of its exception
        at = recorded(index)
        if any((verdict.outcome is Outcome.PENDING or is_lapse(verdict)) and covers(entry, at, verdict)
               for verdict in verdicts[entry.rule]):
            continue  # explains a lapse, or may explain one still pending
        lapses = [verdict for verdict in verdicts[entry.rule] if is_lapse(verdict)]
        if lapses:
            stamp = ctx.fmt(at) if at is not None else ""
            zh = (f"第 {index + 1} 条情况说明（rule: {entry.rule}）于 {stamp} 首次记入台账，本事件 {entry.rule} 的超时、"
                  "缺失都在此之后才到期，一条情况说明只说明写入之前已到期的事项。请为后来的中断另写一条情况说明，"
                  "或在这一条中用 occurrence 写明说明的是第几次（如 occurrence: [3]）。")
            en = (f"exception {index + 1} (rule {entry.rule}) was first recorded {stamp}; every late or missing "
                  f"{entry.rule} of this incident fell due after it, and an exception explains only what fell due "
                  "before it was recorded. Write a new exception for the later lapse, or name it with occurrence "
                  "(e.g. occurrence: [3]).")
        else:
            zh = (f"第 {index + 1} 条情况说明（rule: {entry.rule}，{rule.SUMMARY.zh}）没有说明任何事项：本事件该项"
                  "没有超时或缺失。请核对 rule 是否写错；确实没有超时或缺失的，删去这条情况说明。")
            en = (f"exception {index + 1} (rule {entry.rule}) explains nothing: this incident has no late or "
                  "missing verdict of that rule. Check the rule code; if nothing was late or missing, remove it.")
        yield Problem(Msg(zh, en), loc=loc)


def _judged(rule, record, ctx) -> bool:
    """Whether ``rule`` can judge ``record`` in this check: YQ404 needs the record's first commit (no
    verdict outside Git or before the first commit, which says nothing about its exception)."""
    if rule.ID != yq404_late_registration.ID:
        return True
    return ctx.history is not None and ctx.history.first_commit(record.path) is not None
