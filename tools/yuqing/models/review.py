"""The review write-up (复盘评估, 四(四)): front matter of ``incidents/<YYYY>/<ID>.review.md``."""

from __future__ import annotations

from pydantic import Field

from yuqing.models.base import StrictModel
from yuqing.models.types import DateValue, LocalTime, NameList, NonEmptyNameList


class Action(StrictModel):
    what: str = Field(min_length=1, description="整改措施")
    owner: str = Field(min_length=1, description="责任科室或责任人")
    due: DateValue = Field(description="完成期限")
    done_at: DateValue | None = Field(default=None, description="完成日期（未完成则不写）")


class Review(StrictModel):
    incident: str = Field(min_length=1, description="所复盘事件的编号")
    title: str | None = None
    held_at: LocalTime = Field(description="复盘会召开时间")
    organizer: str = Field(min_length=1, description="组织者，通常为 局办公室")
    participants: NonEmptyNameList = Field(min_length=1, description="参加科室/人员")
    experts: NameList = Field(default_factory=list, description="参加专家")
    conclusion: str = Field(min_length=1, description="复盘结论")
    actions: list[Action] = Field(default_factory=list)
    body: str | None = None
