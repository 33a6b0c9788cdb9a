"""The ledger's words: the levels, statuses, report kinds, visibilities and severities, and their aliases.

Plain enums, importable without pydantic, so that the command line can name them in its
arguments and messages before any model is built (see :mod:`yuqing.models.types` for the fields).
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """Incident grade (四(二))."""

    GENERAL = "一般"
    MAJOR = "较大"
    GRAVE = "重大"


class Status(StrEnum):
    HANDLING = "处置中"
    TRACKING = "跟踪中"
    CLOSED = "已办结"


class ReportKind(StrEnum):
    ORAL = "口头报告"
    WRITTEN = "书面报告"
    FOLLOW_UP = "续报"
    FINAL = "终报"


class Visibility(StrEnum):
    INTERNAL = "internal"
    RESTRICTED = "restricted"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


LEVEL_ALIASES = {"general": Level.GENERAL, "major": Level.MAJOR, "grave": Level.GRAVE}
STATUS_ALIASES = {"handling": Status.HANDLING, "tracking": Status.TRACKING, "closed": Status.CLOSED}
KIND_ALIASES = {
    "oral": ReportKind.ORAL,
    "written": ReportKind.WRITTEN,
    "follow-up": ReportKind.FOLLOW_UP,
    "followup": ReportKind.FOLLOW_UP,
    "final": ReportKind.FINAL,
}
VISIBILITY_ALIASES = {"内部": Visibility.INTERNAL, "受限": Visibility.RESTRICTED}

#: The reports ``yuqing report`` writes as a Word document.
DOCUMENT_KINDS = (ReportKind.WRITTEN.value, ReportKind.FINAL.value)
