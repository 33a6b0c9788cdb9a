"""培训不足（YQ313 training-cadence）

预案六(二)：“建立舆情应急处置培训制度……举办培训班、开展工作研讨”；七(三)追究“未建立严格的
预警研判和应急处理责任制”。

检查：每个科室（单位）在最近 12 个月内（schema/policy.yml 的 `training: every:`）至少有一名人员参加过
一次培训（trainings/ 中的记录，`attendees` 写人员姓名），或者本科室承办过一次演练（`drill: true`
的事件，`section` 为本科室）。没有的，在 schema/org.yml 中该科室的名称处给出警告，写明最近一次的时间。

周期从台账启用时起算：台账启用（org.yml 的 `ledger_since`，没有写的，取台账中最早的年份目录的 1 月 1 日）
不满 12 个月时，本规则不检查——启用之前的培训没有记录，不能算作没有培训。

**示例（警告）**：区救助管理站最近一次参加培训是 2024-03-12，已超过 12 个月。

**怎么改**：请局办公室安排培训或演练，并在 trainings/ 中登记培训记录（`yuqing new --training`）：

```yaml
held_at: 2025-06-18 14:30
organizer: 局办公室
topic: 网络舆情应急处置流程与报告时限
kind: 培训班
attendees: [王芳, 李明, 刘洋]
```
"""

from __future__ import annotations

from datetime import datetime

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.layout import ORG_FILE
from yuqing.timeparse import format_time

ID = "YQ313"
NAME = "training-cadence"
LEVEL = "warning"
CLAUSE = "六(二)"
SUMMARY = Msg("科室最近 12 个月内没有参加培训或演练", "a section with no training or drill in the last 12 months")
HOOKS = ("check_all",)
NEEDS = frozenset()


def months_before(moment: datetime, months: int) -> datetime:
    """The same local day ``months`` earlier (the month's last day when it has fewer)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    for day in range(moment.day, 0, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment


def last_trained(records, org, sections: set[str] | None = None) -> dict[str, datetime]:
    """Section -> when one of its people last attended a training, or it last held a drill. Drills are
    looked for only for the ``sections`` given (None: all), so that a warm check of a ledger whose
    sections all trained opens no incident."""
    section_of = {member.name: section.name for section in org.sections for member in section.members}
    found: dict[str, datetime] = {}

    def seen(section: str | None, moment: datetime) -> None:
        if section is not None and (section not in found or moment > found[section]):
            found[section] = moment

    for record in records:
        if record.kind == "training" and record.valid:
            for name in record.model.attendees:
                seen(section_of.get(name), record.model.held_at)
    if sections is None or sections:
        for record in records:
            if record.kind == "incident" and record.valid and record.model.drill \
                    and (sections is None or record.model.section in sections):
                seen(record.model.section, record.model.discovered_at)
    return found


def ledger_start(records, org) -> datetime | None:
    """When the ledger began: org.yml's ``ledger_since``, else New Year's Day of its earliest year
    directory (incidents/<YYYY>/, trainings/<YYYY>/...; read from the paths, no record is opened)."""
    if org.ledger_since is not None:
        return datetime.combine(org.ledger_since, datetime.min.time(), org.tz)
    years = [int(part) for record in records
             if record.valid and record.kind in ("incident", "review", "signal", "training")
             for part in record.path.split("/")[1:2] if part.isdigit() and len(part) == 4]
    return datetime(min(years), 1, 1, tzinfo=org.tz) if years else None


def check_all(records, ctx):
    months = ctx.policy.training.every
    since = months_before(ctx.now.astimezone(ctx.tz), months)
    started = ledger_start(records, ctx.org)
    if started is None or started > since:  # the ledger is younger than the period
        return
    trained = last_trained(records, ctx.org, sections=set())
    behind = {section.name for section in ctx.org.sections
              if section.name not in trained or trained[section.name] < since}
    last = last_trained(records, ctx.org, sections=behind) if behind else trained
    for index, section in enumerate(ctx.org.sections):
        when = last.get(section.name)
        if when is not None and when >= since:
            continue
        line, column = ctx.org_doc.locate_key(("sections", index, "name")) if ctx.org_doc is not None else (1, 1)
        if when is None:
            zh, en = "没有参加培训或演练的记录", "has no training or drill on record"
        else:
            zh = f"最近一次参加培训或演练是 {format_time(when, ctx.tz)}"
            en = f"last trained on {format_time(when, ctx.tz)}"
        yield Problem(Msg(
            f"{section.name}{zh}，已超过 {months} 个月（预案六(二)）。请局办公室安排培训或演练，"
            "并在 trainings/ 中登记培训记录（yuqing new --training），attendees 写参加人员的姓名。",
            f"{section.name} {en}, more than {months} months ago; hold a training and record it in trainings/."),
            path=ORG_FILE, line=line, column=column)
