"""A training session or 研讨 (六(二), DESIGN §12): front matter of ``trainings/<YYYY>/<DATE>-<slug>.md``."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from yuqing.models.base import StrictModel
from yuqing.models.types import LocalTime, NameList, NonEmptyNameList, choice_field


class TrainingKind(StrEnum):
    COURSE = "培训班"
    SEMINAR = "研讨"
    DRILL_REVIEW = "演练讲评"


TrainingKindField = choice_field(TrainingKind, {"培训": TrainingKind.COURSE, "工作研讨": TrainingKind.SEMINAR,
                                                      "讲评": TrainingKind.DRILL_REVIEW}, "培训形式")


class Training(StrictModel):
    """One training session: when, who organised it, on what, who attended."""

    held_at: LocalTime = Field(description="举办时间")
    organizer: str = Field(min_length=1, description="组织科室，通常为 局办公室")
    topic: str = Field(min_length=1, description="主题")
    kind: TrainingKindField = Field(description="形式：培训班 / 研讨 / 演练讲评")
    attendees: NonEmptyNameList = Field(description="参加人员（org.yml 中的人员姓名）")
    materials: NameList = Field(default_factory=list, description="培训材料：网站页面，如 training/self-check.md")
    body: str | None = Field(default=None, description="正文（仅 .yml 文件使用）")
