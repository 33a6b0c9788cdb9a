"""The plan's obligations as data (schema/policy.yml): deadlines, recipients, elements, levels."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from yuqing.models.base import StrictModel
from yuqing.models.types import Duration, Level, LevelField, ReportKind, Severity


class Obligation(StrictModel):
    """One obligation of the plan, enforced by the rule with the same code."""

    title: str = Field(min_length=1, description="义务名称")
    clause: str = Field(min_length=1, description="预案条款，如 四(二)3")
    quote: str | None = Field(default=None, description="预案原文")
    levels: list[LevelField] = Field(default_factory=lambda: list(Level), description="适用级别")
    kinds: list[ReportKind] = Field(default_factory=list, description="满足义务的报告类型")
    recipients: list[str] = Field(default_factory=list, description="须报告/抄送/审核的角色")
    start: Literal["clock", "oral_report", "closed_at"] = Field(default="clock", description="时限起算点")
    within: Duration | None = Field(default=None, description="时限")
    every: Duration | None = Field(default=None, description="周期（续报）")
    elements: dict[ReportKind, list[str]] = Field(default_factory=dict, description="报告须含的要素")
    level: Severity = Severity.ERROR
    level_by_grade: dict[LevelField, Severity] = Field(default_factory=dict, description="按事件级别覆盖")

    def applies_to(self, level: Level) -> bool:
        return level in self.levels

    def severity_for(self, grade: Level | None) -> Severity:
        return self.level_by_grade.get(grade, self.level) if grade else self.level


def _months(value):
    """``12 months`` / ``12个月`` / ``12`` as a number of months."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = re.fullmatch(r"\s*(\d{1,3})\s*(months?|个月|月)?\s*", str(value))
    if not match:
        raise PydanticCustomError("yq_months", "not a number of months: {value}", {"value": str(value)})
    return int(match[1])


Months = Annotated[int, BeforeValidator(_months), Field(ge=1, le=120)]


class TrainingPolicy(StrictModel):
    """六(二) 培训制度: how often each section must take part in a training or drill (YQ313)."""

    every: Months = Field(default=12, description="每个科室至少每隔多久参加一次培训或演练，如 12 months")
    level: Severity = Severity.WARNING


class SignalPolicy(StrictModel):
    """四(一) 研判预警: how soon a signal must be assessed once recorded (YQ314)."""

    assess_within: Duration = Field(default=timedelta(hours=24), description="发现后多久内须研判，如 24h")
    level: Severity = Severity.WARNING


class Policy(StrictModel):
    clock_start: Literal["discovered_at", "occurred_at"] = "discovered_at"
    obligations: dict[str, Obligation] = Field(default_factory=dict)
    levels: dict[str, Severity] = Field(default_factory=dict, description="其他规则的级别覆盖")
    training: TrainingPolicy = Field(default_factory=TrainingPolicy, description="培训周期（YQ313）")
    signals: SignalPolicy = Field(default_factory=SignalPolicy, description="预警信息研判时限（YQ314）")
    require_signed_commits: bool = Field(
        default=False, description="合并请求中修改 incidents/ 或 schema/ 的提交须有作者本人登记密钥的签名（YQ408）")

    def obligation(self, code: str) -> Obligation | None:
        return self.obligations.get(code)

    def within(self, code: str, fallback: timedelta) -> timedelta:
        found = self.obligations.get(code)
        return found.within if found and found.within else fallback
