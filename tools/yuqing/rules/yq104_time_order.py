"""时间先后矛盾（YQ104 time-order）

记录中的时间必须前后一致，否则时限检查无法得出可信的结论：

- 发生时间（occurred_at）不能晚于获知时间（discovered_at）；
- 报告、回应、审核、上报的时间不能早于获知时间（时限从获知时起算）；
- 重大舆情的书面报告不能早于口头报告（预案要求先口头、后书面，四(二)3）；
- 办结时间（closed_at）不能早于最后一次报告、回应或上报；
- 复盘会不能早于事件办结；
- 任何时间都不能晚于当前时间（检查时可用 `--now` 指定“当前”）。

**怎么改**：核对原始通话记录、OA 记录，填写真实时间。已经合并的时间不能改写
（见 YQ401），如确有笔误，请新增一条带 `corrects:` 的更正记录。
"""

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.models import Incident, Review
from yuqing.models.incident import superseded
from yuqing.models.types import Level, ReportKind

ID = "YQ104"
NAME = "time-order"
LEVEL = "error"
CLAUSE = "四(二)3"
SUMMARY = Msg("时间先后矛盾或晚于当前时间", "times out of order or in the future")
HOOKS = ("check",)
NEEDS = frozenset()


def _timed_entries(model: Incident):
    """Every dated entry, leaving out entries that a later correction replaced."""
    dropped_reports, dropped_responses = superseded(model.reports), superseded(model.responses)
    for index, report in enumerate(model.reports):
        if index not in dropped_reports:
            yield ("reports", index, "at"), report.at, Msg(f"第 {index + 1} 条报告", f"report {index + 1}")
    for index, response in enumerate(model.responses):
        if index in dropped_responses:
            continue
        yield ("responses", index, "at"), response.at, Msg(f"第 {index + 1} 条回应", f"response {index + 1}")
        for position, approval in enumerate(response.approvals):
            yield (("responses", index, "approvals", position, "at"), approval.at,
                   Msg(f"第 {index + 1} 条回应的审核", f"approval of response {index + 1}"))
    for index, escalation in enumerate(model.escalations):
        yield ("escalations", index, "at"), escalation.at, Msg(f"第 {index + 1} 条上报", f"escalation {index + 1}")


def check(record, ctx):
    model = record.model
    fmt = ctx.fmt
    if isinstance(model, Incident):
        yield from _incident(model, ctx, fmt)
    elif isinstance(model, Review):
        if ctx.now_before(model.held_at):
            yield Problem(Msg(f"复盘时间 {fmt(model.held_at)} 晚于当前时间 {ctx.fmt_now(model.held_at)}。",
                              f"held_at {fmt(model.held_at)} is in the future."), loc=("held_at",))
        for incident_record in ctx.incidents.get(model.incident, [])[:1]:
            closed = incident_record.model.closed_at
            if closed and model.held_at < closed:
                yield Problem(Msg(
                    f"复盘时间 {fmt(model.held_at, closed)} 早于事件办结时间 {fmt(closed, model.held_at)}。"
                    "复盘应在处置结束后进行（四(四)）。",
                    f"the review ({fmt(model.held_at, closed)}) precedes closure ({fmt(closed, model.held_at)})."),
                    loc=("held_at",))


def _incident(model: Incident, ctx, fmt):
    discovered = model.discovered_at
    if model.occurred_at and model.occurred_at > discovered:
        yield Problem(Msg(f"发生时间 {fmt(model.occurred_at, discovered)} 晚于获知时间 {fmt(discovered, model.occurred_at)}。",
                          "occurred_at is after discovered_at."), loc=("occurred_at",))
    entries = list(_timed_entries(model))
    for loc, at, label in entries:
        if at < discovered:
            yield Problem(label + Msg(f"的时间 {fmt(at, discovered)} 早于获知时间 {fmt(discovered, at)}。"
                                      "获知时间应是本局最早知道此事的时间，请核实。",
                                      f" at {fmt(at, discovered)} is before discovered_at {fmt(discovered, at)}."),
                          loc=loc)
    if model.level is Level.GRAVE:
        orals = model.reports_of([ReportKind.ORAL])
        writtens = model.reports_of([ReportKind.WRITTEN])
        if orals and writtens and writtens[0][1].at < orals[0][1].at:
            index = writtens[0][0]
            written_at, oral_at = writtens[0][1].at, orals[0][1].at
            yield Problem(Msg(
                f"书面报告（{fmt(written_at, oral_at)}）早于口头报告（{fmt(oral_at, written_at)}）。"
                "预案要求先口头报告、后书面报告，请核实时间和报告类型。",
                "the written report precedes the oral report."), loc=("reports", index, "at"))
    if model.closed_at is not None:
        later = [(at, label) for _, at, label in entries if at > model.closed_at]
        for at, label in later:
            yield Problem(Msg(f"办结时间 {fmt(model.closed_at, at)} 早于", "closed_at precedes ") + label
                          + Msg(f"（{fmt(at, model.closed_at)}）。办结应在最后一次报告、回应或上报之后。",
                                f" ({fmt(at, model.closed_at)})."),
                          loc=("closed_at",))
    stamps = [(("discovered_at",), discovered), (("occurred_at",), model.occurred_at),
              (("closed_at",), model.closed_at)] + [(loc, at) for loc, at, _ in entries]
    for loc, at in stamps:
        if at is not None and ctx.now_before(at):
            yield Problem(Msg(f"时间 {fmt(at)} 晚于当前时间 {ctx.fmt_now(at)}，不能记录尚未发生的事。",
                              f"{fmt(at)} is in the future of {ctx.fmt_now(at)}."), loc=loc)
