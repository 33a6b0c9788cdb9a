"""获知时间晚于预警信息（YQ315 discovery-after-signal）

各项时限从本局获知舆情时起算。如果一条预警信息（monitoring/）在 08:10 就被发现，后来转为事件，
事件的获知时间（`discovered_at`）就不能晚于 08:10：否则等于把自己的时钟往后拨，报告时限看起来
宽裕了，这正是预案第七条追究的“缓报”。

检查：预警信息的 `incident:` 写明了转成的事件时，该事件的 `discovered_at` 不得晚于预警信息的
`noticed_at`。晚了是错误，写明两个时间。

**怎么改**：事件尚未合并的，把 `discovered_at` 改为预警信息的发现时间（提示中写明了应填的时间）；
已经合并的，请局办公室在 `corrections` 中更正获知时间（见 YQ401）。确实不是同一件事的，
请改正预警信息的 `incident`。
"""

from __future__ import annotations

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.models import Incident

ID = "YQ315"
NAME = "discovery-after-signal"
LEVEL = "error"
CLAUSE = "七(一)"
SUMMARY = Msg("事件的获知时间晚于转成它的预警信息的发现时间", "an incident discovered after the signal that led to it")
HOOKS = ("check",)
NEEDS = frozenset()


def check(record, ctx):
    model = record.model
    if not isinstance(model, Incident):
        return
    signals = [signal for signal in ctx.signals.get(model.id, []) if signal.valid]
    if not signals:
        return
    earliest = min(signals, key=lambda signal: signal.model.noticed_at)
    noticed = earliest.model.noticed_at
    if model.discovered_at <= noticed:
        return
    shown = ctx.fmt(noticed, model.discovered_at)
    yield Problem(Msg(
        f"预警信息 {earliest.model.id}（{earliest.path}）发现于 {shown}，后来转为本事件；本事件的获知时间"
        f"却是 {ctx.fmt(model.discovered_at, noticed)}，晚于它。各项时限从最早获知时起算：尚未合并的，"
        f"请把 discovered_at 改为 {shown}；已经合并的，请局办公室在 corrections 中更正获知时间。",
        f"signal {earliest.model.id} was noticed at {shown} and became this incident, discovered later at "
        f"{ctx.fmt(model.discovered_at, noticed)}: set discovered_at to {shown} (a correction, once merged)."),
        loc=("discovered_at",))
