"""预警信息未及时研判（YQ314 signal-not-assessed）

预案四(一)“研判预警”：对监测发现的苗头性、预警性信息“分析研判、及时预警，做到早发现、早报告、早处置”；
三(二)要求建立监测、报告制度。

检查：monitoring/ 中的每条预警信息，在发现时间（`noticed_at`）后 24 小时内（schema/policy.yml 的
`signals: assess_within:`）至少要有一条研判记录（`assessments`），结论为 不构成舆情、持续关注 或 转为事件。
超时或尚无研判的给出警告。

**示例（正确）**：

```yaml
noticed_at: 2025-04-03 08:10
assessments:
  - at: 2025-04-03 09:00
    by: 赵磊
    conclusion: 持续关注
    note: 帖文转发量小，未见扩散，继续观察。
```

**怎么改**：尽快研判，并如实追加研判记录（已合并的研判记录不能修改）；结论为“转为事件”的，
登记事件并在 `incident:` 写明事件编号。
"""

from __future__ import annotations

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.models import Signal
from yuqing.timeparse import format_duration

ID = "YQ314"
NAME = "signal-not-assessed"
LEVEL = "warning"
CLAUSE = "四(一)"
SUMMARY = Msg("预警信息在发现后 24 小时内没有研判", "a monitoring signal not assessed within 24 h")
HOOKS = ("check",)
NEEDS = frozenset()


MET, LATE, MISSING, PENDING = "met", "late", "missing", "pending"


def assessment_state(model: Signal, limit, now):
    """This rule's judgement of ``model`` at ``now`` (``limit``: policy.signals.assess_within), for the outputs
    that show it (the ledger, ``yuqing due``): ``(state, due, first)`` with state ``met`` (first assessed in
    time), ``late`` (first assessed after ``due``), ``missing`` (no assessment and ``due`` has passed) or
    ``pending`` (none yet, not due), and ``first`` the time of the first assessment or None."""
    due = model.noticed_at + limit
    first = min((entry.at for entry in model.assessments), default=None)
    if first is not None:
        return (MET if first <= due else LATE), due, first
    return (MISSING if now > due else PENDING), due, None


def check(record, ctx):
    model = record.model
    if not isinstance(model, Signal):
        return
    limit = ctx.policy.signals.assess_within
    due = model.noticed_at + limit
    first = min((entry.at for entry in model.assessments), default=None)
    words = format_duration(limit)
    if first is None:
        if not ctx.now_after(due):
            return
        yield Problem(Msg(
            f"预警信息发现于 {ctx.fmt(model.noticed_at)}，应在 {ctx.fmt(due)} 前（{words}内）研判，至今没有研判记录。"
            "请研判后在 assessments 中追加一条（at、by、conclusion、note）。",
            f"signal noticed at {ctx.fmt(model.noticed_at)} has no assessment; due {ctx.fmt(due)}."),
            loc=("noticed_at",))
    elif first > due:
        index = next(i for i, entry in enumerate(model.assessments) if entry.at == first)
        yield Problem(Msg(
            f"第一次研判在 {ctx.fmt(first)}，晚于时限 {ctx.fmt(due)}（发现后 {words}内），"
            f"超时 {format_duration(first - due, exact=True)}。",
            f"first assessed at {ctx.fmt(first)}, after the limit {ctx.fmt(due)}."),
            loc=("assessments", index, "at"))
