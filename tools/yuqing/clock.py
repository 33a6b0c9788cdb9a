"""When a result computed at one "now" still holds at another.

Deadline rules compare the current time with due times, and the time-order rule compares it
with every recorded time. Their results stay the same as long as the current time stays on
the same side of every moment it was compared with. While the rules check one incident, a
:class:`Clock` notes those moments; its :class:`Window` then tells whether the results may be
reused at another current time (``yuqing check`` caches them: a warm run at a later time
recomputes only the incidents whose window has closed).

A rule that reads ``now`` itself (to quote it in a message) makes the window a single moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class Window:
    """The current times at which a result holds: strictly between ``after`` and ``before``, or exactly ``only``."""

    after: datetime | None = None
    before: datetime | None = None
    only: datetime | None = None

    def holds(self, now: datetime) -> bool:
        if self.only is not None:
            return now == self.only
        return (self.after is None or now > self.after) and (self.before is None or now < self.before)


class Clock:
    """The current time of a check, noting every moment it is compared with since :meth:`restart`."""

    def __init__(self, now: datetime):
        self._now = now
        self.restart()

    def restart(self) -> None:
        self._after: datetime | None = None
        self._before: datetime | None = None
        self._exact = False

    @property
    def time(self) -> datetime:
        """The current time, for the engine and the cache: reading it here notes nothing."""
        return self._now

    @property
    def now(self) -> datetime:
        """The current time itself: whatever is computed from it holds at this moment only."""
        self._exact = True
        return self._now

    def compare(self, moment: datetime) -> int:
        """1 if now is later than ``moment``, -1 if earlier, 0 if the same."""
        if self._now > moment:
            if self._after is None or moment > self._after:
                self._after = moment
            return 1
        if self._now < moment:
            if self._before is None or moment < self._before:
                self._before = moment
            return -1
        self._exact = True
        return 0

    def after(self, moment: datetime) -> bool:
        """Whether now is later than ``moment``."""
        return self.compare(moment) > 0

    def before(self, moment: datetime) -> bool:
        """Whether now is earlier than ``moment``."""
        return self.compare(moment) < 0

    def past_day(self, day: date, tz) -> bool:
        """Whether today (in ``tz``) is later than ``day``: a due date holds until its day ends."""
        return not self.before(datetime.combine(day + timedelta(days=1), time(), tzinfo=tz))

    def window(self) -> Window:
        if self._exact:
            return Window(only=self._now)
        return Window(self._after, self._before)
