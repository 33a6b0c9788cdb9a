"""The incident record (DESIGN §3): front matter of ``incidents/<YYYY>/<ID>.md``."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, PositiveInt, PrivateAttr, StrictBool

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

    at: LocalTime = Field(description="改变级别的时间：新级别中从获知起算的时限从此起算")
    to: LevelField = Field(description="新的级别：一般 / 较大 / 重大")
    by: str = Field(min_length=1, description="决定或记录改变级别的人员姓名")
    reason: str = Field(min_length=5, description="改变级别的原因，至少 5 个字")


LEVEL_RANK = {Level.GENERAL: 0, Level.MAJOR: 1, Level.GRAVE: 2}


def last_upgrade(regradings: list[Regrading]) -> Regrading | None:
    """The last regrading that raised the level (its ``to`` above the level before it).

    The level before the first regrading is not recorded; the first regrading counts as an
    upgrade unless it is to 一般 (a record is never upgraded to the lowest level).
    """
    found, before = None, None
    for entry in sorted(regradings, key=lambda r: r.at):
        if (LEVEL_RANK[entry.to] > LEVEL_RANK[before]) if before is not None else entry.to is not Level.GENERAL:
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

