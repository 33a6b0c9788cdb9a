"""Compliance: the one definition of the on-time figures, computed from the verdicts of a check.

Every figure the terminal (``yuqing stats``), the site (home and statistics pages), the
merge-request summary and the exports show comes from :func:`compute` over a full check
(:func:`yuqing.checking.run_check`), so one fact never has two numbers. :data:`DEFINITION`
states it in the words the statistics page shows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from yuqing.findings import Outcome, Verdict
from yuqing.models import Incident
from yuqing.models.types import Level

#: What the figures mean, as the statistics page and ``yuqing stats`` state it.
DEFINITION = (
    "按时率 = 按时完成的义务 ÷ 已到期的义务。已到期的义务包括按时、超时、缺失和已说明四种；"
    "未到期的义务不计入。已说明的（超时或缺失、并已写明情况说明）计为未按时，但单独列出。"
    "演练按同样的规则核查，单独统计，不计入实际事件。每项义务按事件的级别、责任科室、规则和"
    "获知时间所在的年份归类。"
)
DEFINITION_EN = (
    "On-time rate = obligations met on time / obligations due. Due obligations are met, late, "
    "missing or excused; pending ones are not counted. Excused ones (late or missing, with an "
    "explanation) count as not on time but are listed apart. Drills are checked alike and counted "
    "apart from real incidents. Each obligation is grouped by its incident's level, section, rule "
    "and the year of discovery."
)


@dataclass(frozen=True)
class Window:
    """The days whose incidents a figure counts (by discovery date in the org's zone), both ends included;
    ``None`` at an end: no limit there. The default window holds every incident."""

    start: date | None = None
    end: date | None = None

    @property
    def whole(self) -> bool:
        return self.start is None and self.end is None

    def holds(self, moment: datetime, tz) -> bool:
        """Whether a time (an incident's ``discovered_at``) falls on a day of this window."""
        day = moment.astimezone(tz).date()
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def as_dict(self) -> dict:
        """``{"from": "2025-01-01", "to": "2025-03-31"}``; null for an open end."""
        return {"from": self.start.isoformat() if self.start else None,
                "to": self.end.isoformat() if self.end else None}

    def text(self, lang: str = "zh") -> str:
        """The window in words: ``2025-01-01 至 2025-03-31``, ``2025-01-01 起``, ``全部事件``."""
        if self.whole:
            return "全部事件" if lang != "en" else "all incidents"
        if self.start and self.end:
            return f"{self.start} 至 {self.end}" if lang != "en" else f"{self.start} to {self.end}"
        if self.start:
            return f"{self.start} 起" if lang != "en" else f"from {self.start}"
        return f"截至 {self.end}" if lang != "en" else f"up to {self.end}"


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

    def summary(self, lang: str = "zh", strong: str = "") -> str:
        """The figures in one sentence, as every output words them (``strong`` wraps the rate, e.g. ``**``)."""
        rate = f"{strong}{self.rate_text()}{strong}"
        if lang == "en":
            return (f"{self.decided} obligations due, {self.met} met on time, on-time rate {rate} "
                    f"({self.late} late, {self.missing} missing, {self.excused} excused)")
        return (f"已到期的义务 {self.decided} 项，按时 {self.met} 项，按时率 {rate}"
                f"（超时 {self.late}、缺失 {self.missing}、已说明 {self.excused}）")

    def as_dict(self) -> dict:
        """``{"met", "late", "missing", "excused", "pending", "rate"}``: rate a fraction 0-1, null when nothing is due."""
        return {"met": self.met, "late": self.late, "missing": self.missing, "excused": self.excused,
                "pending": self.pending, "rate": None if self.rate is None else round(self.rate, 6)}


@dataclass
class Stats:
    by_level: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_section: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_rule: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_year: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    total: Tally = field(default_factory=Tally)
    incidents: int = 0
    lapses: list[tuple[Incident, Verdict]] = field(default_factory=list)  # late, missing, excused

    def as_dict(self) -> dict:
        def group(tallies: dict[str, Tally]) -> dict:
            return {key: tallies[key].as_dict() for key in sorted(tallies)}

        return {"count": self.incidents, "total": self.total.as_dict(), "by_level": group(self.by_level),
                "by_section": group(self.by_section), "by_rule": group(self.by_rule), "by_year": group(self.by_year)}


def ordered_keys(stats: Stats, dimension: str, org) -> list[str]:
    """The keys of one dimension of ``stats`` in a natural order: levels 一般 → 重大, sections as org.yml
    lists them (others after, sorted), rules and years sorted."""
    tallies = getattr(stats, dimension)
    if dimension == "by_level":
        return [level.value for level in Level if level.value in tallies]
    if dimension == "by_section":
        known = [section.name for section in org.sections if section.name in tallies]
        return known + sorted(key for key in tallies if key not in known)
    return sorted(tallies)


@dataclass
class Compliance:
    real: Stats
    drills: Stats
    window: Window = field(default_factory=Window)

    def as_dict(self) -> dict:
        """The shape of ``yuqing stats --format json`` (DESIGN §5), with the window the figures count."""
        return {"window": self.window.as_dict(), "incidents": self.real.as_dict(), "drills": self.drills.as_dict()}


def compute(result, tz, window: Window | None = None) -> Compliance:
    """Tally every verdict of every incident of a check result (of those discovered within ``window``)."""
    window = window or Window()
    compliance = Compliance(Stats(), Stats(), window)
    for record in result.records:
        incident = record.model
        if not isinstance(incident, Incident):
            continue
        if not window.holds(incident.discovered_at, tz):
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


#: What the early-warning figures mean, as the statistics page states it.
SIGNAL_DEFINITION = (
    "按时研判率 = 发现后在时限内（schema/policy.yml 的 signals: assess_within:，即 YQ314 的标准）有第一次研判的"
    "预警信息 ÷ 已到研判时限或已有研判的预警信息。尚无研判、也未到时限的不计入。预警信息按发现时间所在的月份归类。"
    "经预警发现的事件 = 有预警信息的 incident: 指向它的实际事件 ÷ 全部实际事件（演练不计入）。"
)


@dataclass
class SignalStats:
    """The early-warning figures: signals per month (noticed_at, org's zone) and their YQ314 outcome."""

    by_month: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    total: Tally = field(default_factory=Tally)
    signals: int = 0
    incidents: int = 0  # real incidents
    from_signals: int = 0  # real incidents some valid signal names in incident:

    @property
    def share_text(self) -> str:
        return "—" if not self.incidents else f"{self.from_signals / self.incidents * 100:.1f}%"


def signal_outcome(record, flagged: bool) -> Outcome:
    """YQ314's verdict on a valid signal record: ``flagged`` is whether the check reported YQ314 on it."""
    assessed = bool(record.model.assessments)
    if flagged:
        return Outcome.LATE if assessed else Outcome.MISSING
    return Outcome.MET if assessed else Outcome.PENDING


def signal_stats(result, tz) -> SignalStats:
    """Tally the signals of a check result by YQ314's findings (the check's own verdict, not a second one)."""
    flagged = {finding.path for finding in result.findings if finding.rule == "YQ314"}
    stats = SignalStats()
    named: set[str] = set()
    for record in result.records:
        if record.kind != "signal" or not record.valid:
            continue
        signal = record.model
        stats.signals += 1
        outcome = signal_outcome(record, record.path in flagged)
        month = signal.noticed_at.astimezone(tz).strftime("%Y-%m")
        for tally in (stats.by_month[month], stats.total):
            setattr(tally, outcome.value, getattr(tally, outcome.value) + 1)
        if signal.incident:
            named.add(signal.incident)
    for record in result.records:
        incident = record.model
        if isinstance(incident, Incident) and not incident.drill:
            stats.incidents += 1
            stats.from_signals += incident.id in named
    return stats
