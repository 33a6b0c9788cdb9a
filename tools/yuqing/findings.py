"""What the rules report: problems (from rules), findings (with rule, level and file) and verdicts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from yuqing.i18n import Msg
from yuqing.timeparse import format_duration, time_digits

# Characters that do not show, or that reorder what follows (a right-to-left override), when a message
# quotes a record's text: shown as <U+202E> so that a finding can neither hide nor read backwards.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def visible(text: str) -> str:
    """``text`` with invisible and direction-changing characters written out as <U+XXXX>."""
    return _INVISIBLE.sub(lambda match: f"<U+{ord(match[0]):04X}>", text)


@dataclass
class Problem:
    """What a rule yields: where (a field location or a line) and what. The engine adds the rest."""

    msg: Msg
    loc: tuple = ()
    line: int | None = None
    column: int | None = None
    rule: str | None = None  # set by loader problems; rules leave it to the engine
    path: str | None = None  # cross-file rules name the file they speak of
    key: bool = False  # point at the key of ``loc`` rather than its value
    level: str | None = None  # only where one rule has two levels (YQ403: unknown identity is a warning)
    lapse: bool = False  # something the plan requires is overdue (YQ311): part of the full check's alarm


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    level: str  # "error" | "warning"
    path: str
    line: int
    column: int
    incident: str | None
    msg: Msg
    lapse: bool = False  # an obligation late or missing that no exception explains (the full check's alarm)

    def message(self, lang: str = "zh") -> str:
        return visible(self.msg.text(lang))

    def as_dict(self, lang: str = "zh") -> dict:
        return {
            "rule": self.rule,
            "name": self.name,
            "level": self.level,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "incident": self.incident,
            "message": self.message(lang),
        }

    @property
    def sort_key(self):
        return (self.path, self.line, self.column, self.rule)


class Outcome(StrEnum):
    MET = "met"
    LATE = "late"
    MISSING = "missing"
    PENDING = "pending"
    EXCUSED = "excused"


OUTCOME_LABELS = {
    Outcome.MET: Msg("按时", "met"),
    Outcome.LATE: Msg("超时", "late"),
    Outcome.MISSING: Msg("缺失", "missing"),
    Outcome.PENDING: Msg("未到期", "pending"),
    Outcome.EXCUSED: Msg("已说明", "excused"),
}


@dataclass
class Verdict:
    """The outcome of one deadline or presence obligation of one incident."""

    rule: str
    what: Msg  # the obligation in words, e.g. 口头报告分管领导、主要领导
    outcome: Outcome
    start: datetime | None = None
    due: datetime | None = None
    done_at: datetime | None = None
    loc: tuple = ()  # where the satisfying (or late) entry is; the finding's line
    path: str | None = None  # when that entry is in another file (a review)
    excuse: str | None = None
    was: Outcome | None = None  # for an excused verdict: late or missing
    detail: Msg | None = None  # extra words for presence obligations
    fix: Msg | None = None
    entries: list = field(default_factory=list)  # report/response indexes involved
    occurrence: int | None = None  # the nth time of a recurring obligation (YQ306's nth follow-up); None: one-shot
    before: Verdict | None = None  # the verdict without the record's corrections, when they turned it into met
    approved_by: str | None = None  # who of 局办公室 approved the correction that gave this verdict

    def words(self) -> str:
        """The verdict in words: 按时 用时11分钟 / 超时5分钟 / 缺失 / 未到期 / 已说明（原超时…）."""
        if self.outcome is Outcome.MET:
            taken = self.taken
            return f"按时 用时{format_duration(taken, exact=True)}" if taken is not None else "按时"
        if self.outcome is Outcome.LATE:
            late = self.late_by
            return f"超时{format_duration(late, exact=True)}" if late is not None else "超时"
        if self.outcome is Outcome.MISSING:
            return "缺失"
        if self.outcome is Outcome.PENDING:
            return "未到期"
        was = ""
        if self.was is Outcome.LATE and self.late_by is not None:
            was = f"（超时{format_duration(self.late_by, exact=True)}）"
        elif self.was is Outcome.MISSING:
            was = "（缺失）"
        return f"已说明{was}"

    @property
    def key(self) -> tuple:
        """Which obligation this is, the same in two versions of a record: rule, occurrence, words."""
        return (self.rule, self.occurrence, self.what.zh)

    @property
    def taken(self) -> timedelta | None:
        if self.start and self.done_at:
            return self.done_at - self.start
        return None

    @property
    def late_by(self) -> timedelta | None:
        if self.due and self.done_at and self.done_at > self.due:
            return self.done_at - self.due
        return None

    def digits(self, tz) -> int | None:
        """How precisely this verdict's times must be written so that none is cut (see
        :func:`yuqing.timeparse.time_digits`): None when start, due and done are whole minutes."""
        return time_digits(self.start, self.due, self.done_at, tz=tz)

    @property
    def decided(self) -> bool:
        return self.outcome is not Outcome.PENDING

    @property
    def on_time(self) -> bool:
        return self.outcome is Outcome.MET
