"""The organisation (schema/org.yml): sections, people, roles, Git identities, ID prefix, time zone."""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from yuqing.models.base import StrictModel
from yuqing.models.types import NameList


class Member(StrictModel):
    name: str = Field(min_length=1)
    title: str | None = Field(default=None, description="职务")
    git: NameList = Field(default_factory=list, description="Git 身份：提交用的邮箱（只按邮箱认定）")
    signing_keys: NameList = Field(
        default_factory=list, description="签名提交用的 SSH 公钥（写法同 allowed_signers 文件，如 ssh-ed25519 AAAA... 注释）")
    logins: NameList = Field(default_factory=list, description="代码托管平台（GitLab/GitHub）的账号名，CI 中据此认定合并请求的发起人")


class Section(StrictModel):
    name: str = Field(min_length=1)
    kind: str | None = Field(default=None, description="机关科室 / 事业单位")
    phone: str | None = Field(default=None, description="对外公开的办公电话")
    duties: str | None = None
    members: list[Member] = Field(default_factory=list)


class Role(StrictModel):
    name: str = Field(min_length=1)
    holders: NameList = Field(default_factory=list)
    description: str | None = None


class LeadingGroup(StrictModel):
    """二 组织体系: the 舆情应急处置工作领导小组 and where its office sits."""

    leader: NameList = Field(default_factory=list, description="组长（姓名）")
    deputies: NameList = Field(default_factory=list, description="副组长（姓名）")
    members: NameList = Field(default_factory=list, description="成员（姓名或科室）")
    office: str | None = Field(default=None, description="领导小组办公室设在哪个科室，通常为 局办公室")


class Org(StrictModel):
    name: str = Field(min_length=1)
    short_name: str | None = None
    id_prefix: str = Field(pattern=r"^[A-Z][A-Z0-9]{1,9}$")
    time_zone: str = "Asia/Shanghai"
    office_section: str = "局办公室"
    roles: list[Role] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    external_bodies: NameList = Field(default_factory=list, description="可报告的上级/外部单位")
    public_phones: NameList = Field(default_factory=list, description="本局公开电话（不算个人信息）")
    leading_group: LeadingGroup | None = Field(default=None, description="舆情应急处置工作领导小组")
    ledger_since: date | None = Field(
        default=None, description="本台账启用日期：此前获知的事件是事后依据纸质台账补录的，不检查登记时间（YQ404）")

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a directory ("Asia"), a name too long
            shown = value if len(value) <= 40 else value[:39] + "…"
            raise ValueError(f"未知时区 {shown}，应写成 Asia/Shanghai 这样的名称") from None
        return value

    @field_validator("sections")
    @classmethod
    def _unique_sections(cls, sections: list[Section]) -> list[Section]:
        names = [s.name for s in sections]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:  # reported at the sections list (a model-level error would point at the file's top)
            raise ValueError(f"科室重复：{'、'.join(repeated)}")
        return sections

    @model_validator(mode="after")
    def _consistent(self) -> Org:
        names = [s.name for s in self.sections]
        if self.office_section not in names:
            raise ValueError(f"office_section “{self.office_section}” 不在 sections 中")
        return self

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @cached_property
    def section_names(self) -> set[str]:
        return {s.name for s in self.sections}

    @cached_property
    def role_names(self) -> set[str]:
        return {r.name for r in self.roles}

    @cached_property
    def people(self) -> dict[str, str]:
        """Person name -> section name (role holders without a section map to '')."""
        found = {m.name: s.name for s in self.sections for m in s.members}
        for role in self.roles:
            for holder in role.holders:
                found.setdefault(holder, "")
        return found

    @cached_property
    def identities(self) -> dict[str, str]:
        """Lower-cased Git identity (email or name) -> section name."""
        found: dict[str, str] = {}
        for section in self.sections:
            for member in section.members:
                for identity in member.git:
                    found[identity.lower()] = section.name
        return found

    @cached_property
    def emails(self) -> dict[str, str]:
        """Lower-cased email (an entry of a member's ``git`` list holding an @) -> section name."""
        return {identity: section for identity, section in self.identities.items() if "@" in identity}

    @cached_property
    def logins(self) -> dict[str, str]:
        """Lower-cased platform login (GitLab/GitHub account) -> section name."""
        return {login.lower(): section.name for section in self.sections for member in section.members
                for login in member.logins}

    def owning_section(self, name: str) -> str:
        """The section a record organised by ``name`` belongs to: ``name`` itself if it is a section,
        a person's section, else (a role, someone unknown) the office's."""
        if name in self.section_names:
            return name
        return self.people.get(name) or self.office_section

    def section_of_email(self, email: str) -> str | None:
        """The section of a Git identity, matched on its email only (a name is never compared)."""
        return self.emails.get(email.strip().lower()) if email else None

    def back_filled(self, discovered_at: datetime) -> bool:
        """Whether an incident discovered at this moment predates the ledger (补录 from the paper ledger)."""
        if self.ledger_since is None:
            return False
        local = discovered_at.astimezone(self.tz) if discovered_at.tzinfo else discovered_at
        return local.date() < self.ledger_since

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)
