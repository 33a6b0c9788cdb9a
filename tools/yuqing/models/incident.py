"""The incident record (DESIGN §3): front matter of ``incidents/<YYYY>/<ID>.md``."""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict, Field, PositiveInt, PrivateAttr, StrictBool

from yuqing.models.base import StrictModel
from yuqing.models.types import (
    KindField,
    Level,
    LevelField,
    LocalTime,
    NameList,
    NonEmptyNameList,
    ReportKind,
    Status,
    StatusField,
    Visibility,
    VisibilityField,
)


class Source(StrictModel):
    """Where the opinion was found."""

    channel: str = Field(min_length=1, description="渠道：微博、微信、抖音、12345热线、媒体、信访、其他…",
                         examples=["微博", "微信", "抖音", "12345热线", "媒体", "信访", "其他"])
    url: str | None = Field(default=None, description="原帖链接（如有）")
    note: str | None = Field(default=None, description="补充说明")


def resolve_reference(reference: int | str | None, entries: list) -> int | None:
    """The 0-based index an entry's ``corrects`` names: a 1-based position or another entry's ``id``."""
    if reference is None:
        return None
    text = str(reference).strip()
    if text.isdigit():
        index = int(text) - 1
        return index if 0 <= index < len(entries) else None
    return next((i for i, entry in enumerate(entries) if getattr(entry, "id", None) == text), None)


def superseded(entries: list) -> set[int]:
    """Indexes of entries replaced by a later correction entry (``corrects:``)."""
    replaced = set()
    for index, entry in enumerate(entries):
        target = resolve_reference(getattr(entry, "corrects", None), entries)
        if target is not None and target < index:
            replaced.add(target)
    return replaced


class Correction(StrictModel):
    """Fields an entry carries when it corrects an earlier, already merged entry."""

    corrects: int | str | None = Field(default=None, description="更正第几条（从 1 开始）或被更正条目的 id")
    reason: str | None = Field(default=None, description="更正原因")
    approved_by: str | None = Field(
        default=None, description="局办公室审核人：更正或补记使已合并的超时、缺失或已说明的结论变为按时时必填")


class ReportEntry(Correction):
    """One report: 口头报告, 书面报告, 续报 or 终报."""

    id: str | None = Field(default=None, description="条目编号（可选）")
    kind: KindField = Field(description="口头报告 / 书面报告 / 续报 / 终报")
    at: LocalTime = Field(description="报告时间")
    by: str = Field(min_length=1, description="报告人姓名")
    to: NonEmptyNameList = Field(min_length=1, description="报告对象（角色）：分管领导、主要领导、局办公室")
    cc: NameList = Field(default_factory=list, description="抄送（角色），如 局办公室")
    channel: str | None = Field(default=None, description="方式：电话、当面、OA、政务钉钉…")
    content: str | None = Field(default=None, description="报告内容摘要")
    elements: dict[str, str] | None = Field(
        default=None,
        description="书面报告要素：时间、地点、信息来源、事件概况、影响范围、已采取措施；终报要素：原因、处置措施、处置结果",
    )


class Approval(StrictModel):
    role: str = Field(min_length=1, description="审核角色：分管领导、主要领导")
    at: LocalTime = Field(description="审核时间")
    by: str | None = Field(default=None, description="审核人姓名")


class Response(Correction):
    """A public statement (回应/发布)."""

    id: str | None = None
    at: LocalTime = Field(description="发布时间")
    channel: str = Field(min_length=1, description="发布渠道，如 微博评论区、电话回复、官方微信")
    text: str = Field(min_length=1, description="发布内容（口径）")
    approvals: list[Approval] = Field(default_factory=list, description="发布前的审核：[{role, at}]")


class Tracking(StrictModel):
    """专人跟踪 (四(三))."""

    owner: str = Field(min_length=1, description="责任科室跟踪专人")
    office_owner: str | None = Field(default=None, description="局办公室跟踪专人")
    note: str | None = None


class Escalation(Correction):
    id: str | None = None
    to: str = Field(min_length=1, description="报告对象：市民政局、区委办、区府办…")
    at: LocalTime
    by: str | None = None
    channel: str | None = None
    content: str | None = None


class ExceptionEntry(StrictModel):
    """情况说明: why an obligation was late or missed."""

    rule: str = Field(pattern=r"^YQ\d{3}$", description="对应的规则编号，如 YQ301")
    reason: str = Field(min_length=5, description="情况说明：为什么逾期或未做，至少 5 个字")
    approved_by: str | None = Field(default=None, description="局办公室认可人（可选）")
    at: LocalTime | None = None
    occurrence: list[PositiveInt] = Field(
        default_factory=list, description="说明的是第几次（如 [3] 为第 3 次续报）；不写则说明写入台账之前到期的各次")


class Regrading(StrictModel):
    """A change of level (DESIGN §8 "Regrading"): the incident's ``level`` holds the current one."""

    model_config = ConfigDict(populate_by_name=True)

    at: LocalTime = Field(description="改变级别的时间：新级别中从获知起算的时限从此起算")
    to: LevelField = Field(description="新的级别：一般 / 较大 / 重大")
    by: str = Field(min_length=1, description="决定或记录改变级别的人员姓名")
    reason: str = Field(min_length=5, description="改变级别的原因，至少 5 个字")
    from_: LevelField | None = Field(
        default=None, alias="from",
        description="原来的级别（可选）：不写时，第一条级别变化之前的级别按升级前低一级（降为一般时按较大）计")


#: The top-level facts a merged record keeps (DESIGN §8), the ones a ``corrections`` entry may correct.
CORRECTABLE_FACTS = {"discovered_at": "获知时间", "occurred_at": "发生时间", "level": "级别", "section": "责任科室",
                     "drill": "演练标记", "closed_at": "办结时间", "visibility": "公开范围"}


class FactCorrection(StrictModel):
    """A correction of a merged top-level fact (DESIGN §8 "Corrections"): only 局办公室 may make one.

    The field itself holds the corrected value (``to``); ``from`` keeps the value that was merged.
    """

    model_config = ConfigDict(populate_by_name=True)

    field: str = Field(min_length=1, description="更正的字段：" + "、".join(CORRECTABLE_FACTS))
    from_: str | int | bool | datetime | None = Field(alias="from", description="原值（已合并的值）")
    to: str | int | bool | datetime | None = Field(description="更正后的值（与该字段现在的值一致）")
    reason: str = Field(min_length=5, description="更正原因，至少 5 个字")
    approved_by: str = Field(min_length=1, description="审核的局办公室人员姓名")


LEVEL_RANK = {Level.GENERAL: 0, Level.MAJOR: 1, Level.GRAVE: 2}


def level_before(regradings: list[Regrading]) -> Level | None:
    """The level an incident was registered with, before its first regrading (None without any).

    The first regrading's ``from`` says it; without it, one level below the first regrading's ``to``
    (an incident is upgraded one step at a time), or 较大 when the first change is to 一般.
    """
    if not regradings:
        return None
    first = min(regradings, key=lambda r: r.at)
    if first.from_ is not None:
        return first.from_
    below = {Level.GRAVE: Level.MAJOR, Level.MAJOR: Level.GENERAL, Level.GENERAL: Level.MAJOR}
    return below[first.to]


def level_steps(regradings: list[Regrading]) -> list[tuple[Level, Regrading]]:
    """(level before, regrading) of each change of level, oldest first."""
    steps, before = [], level_before(regradings)
    for entry in sorted(regradings, key=lambda r: r.at):
        steps.append((before, entry))
        before = entry.to
    return steps


def level_history(regradings: list[Regrading], current: Level) -> str:
    """The levels an incident held, in words: ``较大 → 重大`` (just the level without regradings)."""
    steps = level_steps(regradings)
    return " → ".join([steps[0][0].value] + [entry.to.value for _, entry in steps]) if steps else current.value


def level_phases(regradings: list[Regrading], current: Level) -> list[tuple[Level, Regrading | None, datetime | None]]:
    """(level, the regrading that set it (None: the registered level), when it ended (None: current)),
    oldest first."""
    ordered = sorted(regradings, key=lambda r: r.at)
    if not ordered:
        return [(current, None, None)]
    phases = [(level_before(ordered), None, ordered[0].at)]
    for index, entry in enumerate(ordered):
        until = ordered[index + 1].at if index + 1 < len(ordered) else None
        phases.append((entry.to, entry, until))
    return phases


def last_upgrade(regradings: list[Regrading]) -> Regrading | None:
    """The last regrading that raised the level (its ``to`` above the level before it)."""
    found, before = None, level_before(regradings)
    for entry in sorted(regradings, key=lambda r: r.at):
        if LEVEL_RANK[entry.to] > LEVEL_RANK[before]:
            found = entry
        before = entry.to
    return found


class Incident(StrictModel):
    """One public-opinion incident."""

    id: str = Field(min_length=1, description="编号，如 YZMZ-2024-0001，与文件名一致")
    title: str = Field(min_length=1)
    level: LevelField = Field(description="一般 / 较大 / 重大")
    status: StatusField = Field(description="处置中 / 跟踪中 / 已办结")
    section: str = Field(min_length=1, description="责任科室（单位）")
    discovered_at: LocalTime = Field(description="本局获知时间：各项时限由此起算")
    occurred_at: LocalTime | None = None
    source: Source
    summary: str = Field(min_length=1)
    reports: list[ReportEntry] = Field(default_factory=list)
    responses: list[Response] = Field(default_factory=list)
    tracking: Tracking | None = None
    escalations: list[Escalation] = Field(default_factory=list)
    closed_at: LocalTime | None = None
    exceptions: list[ExceptionEntry] = Field(default_factory=list)
    regradings: list[Regrading] = Field(default_factory=list, description="级别变化：[{at, to, by, reason}]，只能追加")
    corrections: list[FactCorrection] = Field(
        default_factory=list, description="事实更正（仅局办公室）：[{field, from, to, reason, approved_by}]，只能追加")
    drill: StrictBool = False  # true/false only: `drill: yes` is not read as true
    visibility: VisibilityField = Visibility.INTERNAL
    body: str | None = Field(default=None, description="正文（仅 .yml 文件使用；.md 文件写在 --- 之后）")
    # Set by the obligation rules after an upgrade: only reports from then on count for the new level.
    _counted_from: datetime | None = PrivateAttr(default=None)

    def counting_from(self, moment: datetime) -> Incident:
        """A copy whose ``reports_of`` leaves out reports made before ``moment`` (the last upgrade)."""
        copy = self.model_copy()
        copy._counted_from = moment
        return copy

    @property
    def is_closed(self) -> bool:
        return self.status is Status.CLOSED

    def reports_of(self, kinds) -> list[tuple[int, ReportEntry]]:
        """(index, report) pairs of the given kinds, earliest first; corrected entries left out."""
        kinds = {ReportKind(k) for k in kinds}
        dropped = superseded(self.reports)
        chosen = [(i, r) for i, r in enumerate(self.reports) if r.kind in kinds and i not in dropped
                  and (self._counted_from is None or r.at >= self._counted_from)]
        return sorted(chosen, key=lambda pair: pair[1].at)

    def excuse_for(self, rule: str) -> str | None:
        for entry in self.exceptions:
            if entry.rule == rule:
                return entry.reason
        return None

