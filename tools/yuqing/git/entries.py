"""When each entry of a record first appeared in Git: the site's per-entry history.

An incident page shows, beside the time each report, response or escalation claims, the commit
time at which Git first saw it (首次记入台账), so that an entry written in later cannot pass for
a timely one. :func:`record_history` reads the record's revisions oldest first and counts the
entries of each list in every one, without loading them (:func:`yuqing.loader.list_lengths`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from yuqing.git.history import ENTRY_LISTS, GitHistory, Revision

__all__ = ["ENTRY_LISTS", "RecordHistory", "record_history"]


@dataclass
class RecordHistory:
    """One record's revisions (newest first) and when each entry first appeared in Git."""

    revisions: list[Revision]
    first_seen: dict[tuple[str, int], datetime] = field(default_factory=dict)

    def entry_recorded(self, list_name: str, index: int) -> datetime | None:
        return self.first_seen.get((list_name, index))


def record_history(history: GitHistory, path: str) -> RecordHistory:
    """Revisions of ``path`` and the commit time at which each list entry was first recorded."""
    return RecordHistory(history.revisions(path), dict(history.first_seen(path)))
