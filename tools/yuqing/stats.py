"""Compliance statistics: on-time rates of the plan's obligations, from the verdicts of a check.

Pending obligations are not counted; drills are counted apart from real incidents. An
excused obligation is counted as not on time (it was late or missed), but listed apart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from yuqing.findings import Outcome, Verdict
from yuqing.models import Incident


@dataclass
class Tally:
    met: int = 0
    late: int = 0
    missing: int = 0
    excused: int = 0
    pending: int = 0

    def add(self, verdict: Verdict) -> None:
        setattr(self, verdict.outcome.value, getattr(self, verdict.outcome.value) + 1)

    @property
    def decided(self) -> int:
        return self.met + self.late + self.missing + self.excused

    @property
    def rate(self) -> float | None:
        return self.met / self.decided if self.decided else None

    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


@dataclass
class Stats:
    by_level: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_section: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_rule: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_year: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    total: Tally = field(default_factory=Tally)
    incidents: int = 0
    lapses: list[tuple[Incident, Verdict]] = field(default_factory=list)  # late, missing, excused


@dataclass
class Compliance:
    real: Stats
    drills: Stats


def compute(result, tz) -> Compliance:
    """Tally every verdict of every incident of a check result."""
    compliance = Compliance(Stats(), Stats())
    for record in result.records:
        incident = record.model
        if not isinstance(incident, Incident):
            continue
        stats = compliance.drills if incident.drill else compliance.real
        stats.incidents += 1
        year = str(incident.discovered_at.astimezone(tz).year)
        for verdict in result.verdicts.get(record.path, []):
            for tally in (stats.by_level[incident.level.value], stats.by_section[incident.section],
                          stats.by_rule[verdict.rule], stats.by_year[year], stats.total):
                tally.add(verdict)
            if verdict.outcome in (Outcome.LATE, Outcome.MISSING, Outcome.EXCUSED):
                stats.lapses.append((incident, verdict))
    return compliance
