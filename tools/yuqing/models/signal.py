"""A monitoring signal (研判预警, DESIGN §12): front matter of ``monitoring/<YYYY>/<ID>.md``.

A 苗头性、预警性信息 the bureau noticed, its assessments, and the incident it became, if any.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from yuqing.models.base import StrictModel
from yuqing.models.incident import Source
from yuqing.models.types import LocalTime, Visibility, VisibilityField, choice_field


class Conclusion(StrEnum):
    NOT_OPINION = "不构成舆情"
    WATCH = "持续关注"
    INCIDENT = "转为事件"


ConclusionField = choice_field(Conclusion, {"不构成": Conclusion.NOT_OPINION, "关注": Conclusion.WATCH,
                                                  "转事件": Conclusion.INCIDENT}, "研判结论")


class Assessment(StrictModel):
    """One 研判: who assessed the signal when, and what they concluded."""

    at: LocalTime = Field(description="研判时间")
    by: str = Field(min_length=1, description="研判人姓名")
    conclusion: ConclusionField = Field(description="研判结论：不构成舆情 / 持续关注 / 转为事件")
    note: str | None = Field(default=None, description="研判意见")


class Signal(StrictModel):
    """One signal noticed by monitoring, before it was (or was not) an incident."""

    id: str = Field(min_length=1, description="编号，如 YZMZ-YJ-2025-0001，与文件名一致")
    noticed_at: LocalTime = Field(description="发现时间：事件的获知时间不得晚于此（YQ315）")
    noticed_by: str = Field(min_length=1, description="发现人姓名")
    section: str = Field(min_length=1, description="发现或负责研判的科室（单位）")
    source: Source
    summary: str = Field(min_length=1, description="信息概要")
    assessments: list[Assessment] = Field(default_factory=list, description="研判记录：[{at, by, conclusion, note}]，只能追加")
    incident: str | None = Field(default=None, description="转为事件时，事件的编号")
    visibility: VisibilityField = Visibility.INTERNAL
    body: str | None = Field(default=None, description="正文（仅 .yml 文件使用）")
