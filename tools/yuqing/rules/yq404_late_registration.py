"""较大/重大事件登记过晚（YQ404 late-registration）

预案五.1“即现即报”要求发现较大或重大舆情事件后第一时间报告；第七条追究“隐瞒、缓报”。
事件记录首次进入台账（首次 Git 提交）的时间，是台账能够证明的最早登记时间。

检查：级别为“较大”或“重大”的事件，记录文件的首次提交时间（跟随改名）晚于获知时间
（discovered_at）24 小时（schema/policy.yml 中可调）以上的，给出警告，并显示在事件页面上。
尚未提交的新记录不在此列。获知时间早于 org.yml 中 `ledger_since`（本台账启用日期）的事件，是启用后
依据纸质台账补录的，不检查登记时间，也不需要情况说明；网站上标为“补录”。

**示例**：`discovered_at: 2024-08-26 09:20` 的较大事件，记录文件 8 月 29 日才首次提交，
晚于时限（8 月 27 日 09:20）约两天，给出警告。

**怎么改**：较大、重大事件请在获知当天登记并提交合并请求，后续报告陆续追加。确因特殊情况
延后登记的，在 `exceptions` 中写明情况说明（`rule: YQ404`）。
"""

from __future__ import annotations

from yuqing.i18n import Msg
from yuqing.rules._obligations import deadline, obligation_for

ID = "YQ404"
NAME = "late-registration"
LEVEL = "warning"
CLAUSE = "五.1，七(一)"
SUMMARY = Msg("较大/重大事件获知 24 小时后才首次提交", "较大/重大 first committed more than 24 h after discovery")
HOOKS = ("evaluate",)
NEEDS = frozenset({"history"})
POLICY_NEEDS = ("within",)


def evaluate(record, ctx):
    found = obligation_for(record, ctx, ID)
    if ctx.history is None or found is None:
        return
    incident, obligation, _ = found
    if ctx.org.back_filled(incident.discovered_at):
        return  # 补录: entered from the paper ledger after the ledger started
    first = ctx.history.first_commit(record.path)
    if first is None:
        return
    hours = int(obligation.within.total_seconds() // 3600)
    what = Msg(f"登记入台账（获知后 {hours} 小时内首次提交）", f"registration (first commit within {hours} h)")
    yield deadline(ID, what, incident, ctx, incident.discovered_at, obligation.within, first.time,
                   ("discovered_at",), ("discovered_at",))
