"""The plan's obligations as data (schema/policy.yml): deadlines, recipients, elements, levels."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import Field

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


class Policy(StrictModel):
    clock_start: Literal["discovered_at", "occurred_at"] = "discovered_at"
    obligations: dict[str, Obligation] = Field(default_factory=dict)
    levels: dict[str, Severity] = Field(default_factory=dict, description="其他规则的级别覆盖")
    require_signed_commits: bool = Field(
        default=False, description="合并请求中修改 incidents/ 或 schema/ 的提交须有作者本人登记密钥的签名（YQ408）")

    def obligation(self, code: str) -> Obligation | None:
        return self.obligations.get(code)

    def within(self, code: str, fallback: timedelta) -> timedelta:
        found = self.obligations.get(code)
        return found.within if found and found.within else fallback
