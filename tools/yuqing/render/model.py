"""The renderer's view of a check: incidents and reviews with their page addresses, verdicts and findings.

Built once per site in linear time; every page module reads from it. Nothing here imports
MkDocs: the input is what the core produces (records, a :class:`~yuqing.engine.Result`,
the organisation and policy), plus an optional Git history per file.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from yuqing.compliance import Compliance, compute, signal_outcome
from yuqing.engine import Result
from yuqing.findings import Finding, Outcome, Verdict
from yuqing.layout import RECORDS_DIR, stem, unit_name
from yuqing.models import Incident, Org, Policy, Review, Signal, Training
from yuqing.models.types import Visibility
from yuqing.workspace import Record

HOME = "index.md"
DUTIES = "duties.md"
INCIDENTS = "incidents/index.md"
REVIEWS = "reviews/index.md"
STATS = "stats.md"
RULES = "rules/index.md"
QUICK_CARD = "training/quick-card.md"
CASES = "training/cases.md"
SIGNALS = "monitoring/index.md"
TRAININGS = "training/records.md"
LEADING_GROUP = "plan/leading-group.md"
#: The ledger workbook the site offers for download (``yuqing export``'s workbook, built with the site).
LEDGER_DOWNLOAD = "downloads/ledger.xlsx"


def rule_uri(code: str) -> str:
    return f"rules/{code}.md"


@dataclass(frozen=True)
class Revision:
    """One commit that touched a record file (filled from Git by the caller)."""

    date: datetime
    author: str
    message: str

    @classmethod
    def coerce(cls, value) -> Revision:
        """Accept a Revision, a mapping or object with date (or time)/author/message, or a 3-tuple."""
        if isinstance(value, Revision):
            return value
        if isinstance(value, Mapping):
            moment = value["date"] if "date" in value else value["time"]
            return cls(moment, str(value.get("author", "")), str(value.get("message", "")))
        if isinstance(value, tuple):
            date, author, message = value
            return cls(date, str(author), str(message))
        moment = getattr(value, "date", None) or value.time
        return cls(moment, str(value.author), str(value.message))


@dataclass
class ReviewView:
    record: Record
    review: Review
    uri: str
    findings: list[Finding]
    incident: IncidentView | None = None

    @property
    def restricted(self) -> bool:
        return self.incident is not None and self.incident.restricted


@dataclass
class SignalView:
    """A valid signal (研判预警) with its page, findings and the incident it became (when that exists)."""

    record: Record
    signal: Signal
    uri: str
    findings: list[Finding]
    incident: IncidentView | None = None

    @property
    def restricted(self) -> bool:
        return self.signal.visibility is Visibility.RESTRICTED

    @property
    def id(self) -> str:
        return self.signal.id

    @property
    def latest(self):
        """The latest assessment (by time), or None."""
        return max(self.signal.assessments, key=lambda a: a.at, default=None)

    @property
    def first(self):
        """The first assessment (by time), or None."""
        return min(self.signal.assessments, key=lambda a: a.at, default=None)

    @property
    def late(self) -> bool:
        """Whether YQ314 found the signal not assessed in time (late or not at all)."""
        return any(f.rule == "YQ314" for f in self.findings)

    def outcome(self) -> Outcome:
        """YQ314's verdict as an outcome: met, late (assessed after the limit), missing (overdue, no
        assessment) or pending (not assessed, not due yet). From the check's findings."""
        return signal_outcome(self.record, self.late)


@dataclass
class IncidentView:
    record: Record
    incident: Incident
    uri: str
    verdicts: list[Verdict]
    findings: list[Finding]
    year: int
    reviews: list[ReviewView] = field(default_factory=list)
    signals: list[SignalView] = field(default_factory=list)  # the signals that became it, earliest first

    @property
    def restricted(self) -> bool:
        return self.incident.visibility is Visibility.RESTRICTED

    @property
    def id(self) -> str:
        return self.incident.id

    def count(self, outcome: Outcome) -> int:
        return sum(1 for v in self.verdicts if v.outcome is outcome)


@dataclass
class Site:
    """Everything the page modules need, indexed once."""

    org: Org
    policy: Policy
    result: Result
    compliance: Compliance
    incidents: list[IncidentView]  # newest first
    reviews: list[ReviewView]  # newest first
    invalid: list[tuple[Record, list[Finding]]]
    history: dict[str, list[Revision]] | None = None
    by_id: dict[str, IncidentView] = field(default_factory=dict)
    recorded: Mapping[str, Mapping[tuple[str, int], datetime]] = field(default_factory=dict)
    lacked: Mapping[str, Mapping[tuple[str, int], datetime]] = field(default_factory=dict)
    signals: list[SignalView] = field(default_factory=list)  # newest first
    trainings: list[tuple[Record, Training]] = field(default_factory=list)  # newest first

    @property
    def tz(self):
        return self.org.tz

    @property
    def now(self) -> datetime:
        return self.result.now

    def recorded_at(self, path: str, list_name: str, index: int) -> datetime | None:
        """When entry ``index`` of ``list_name`` was first committed (from Git), if known."""
        return self.recorded.get(path, {}).get((list_name, index))

    def lacked_at(self, path: str, list_name: str, index: int) -> datetime | None:
        """When the earlier version that lacked entry ``index`` of ``list_name`` was committed, if known."""
        return self.lacked.get(path, {}).get((list_name, index))

    def revisions(self, path: str) -> list[Revision] | None:
        """The revisions of a record file, or None when no history was given at all."""
        if self.history is None:
            return None
        return self.history.get(path, [])


# What a page address may hold: a record's file name becomes a directory of the site and the
# target of links, so anything but letters, digits, "-", "_" and "." is replaced.
_UNSAFE_URI = re.compile(r"[^\w.\-/]|(?<![^/])\.+")


def _page_uri(path: str, base: str, strip_review: bool, taken: set[str]) -> str:
    relative = path[len(RECORDS_DIR) + 1:] if path.startswith(RECORDS_DIR + "/") else posixpath.basename(path)
    name = unit_name(relative) if strip_review else stem(relative)
    name = _UNSAFE_URI.sub("_", posixpath.join(posixpath.dirname(relative), name))
    candidate = f"{base}/{name}.md"
    number = 2
    while candidate in taken:
        candidate = f"{base}/{name}-{number}.md"
        number += 1
    taken.add(candidate)
    return candidate


def _signal_uri(path: str, taken: set[str]) -> str:
    """``monitoring/<YYYY>/<ID>.md`` for a signal file (unsafe characters replaced, clashes numbered)."""
    relative = path.split("/", 1)[1] if path.startswith("monitoring/") else posixpath.basename(path)
    name = _UNSAFE_URI.sub("_", posixpath.join(posixpath.dirname(relative), stem(relative)))
    candidate = f"monitoring/{name}.md"
    number = 2
    while candidate in taken:
        candidate = f"monitoring/{name}-{number}.md"
        number += 1
    taken.add(candidate)
    return candidate


def build_site(org: Org, policy: Policy, result: Result, compliance: Compliance | None = None,
               history: Mapping[str, Sequence] | None = None,
               recorded: Mapping[str, Mapping[tuple[str, int], datetime]] | None = None,
               lacked: Mapping[str, Mapping[tuple[str, int], datetime]] | None = None) -> Site:
    """Index a check result for rendering (linear in the number of records)."""
    compliance = compliance if compliance is not None else compute(result, org.tz)
    findings: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        findings[finding.path].append(finding)
    taken = {HOME, DUTIES, INCIDENTS, REVIEWS, STATS, RULES, QUICK_CARD, CASES, SIGNALS, TRAININGS, LEADING_GROUP}
    incidents: list[IncidentView] = []
    reviews: list[ReviewView] = []
    signals: list[SignalView] = []
    trainings: list[tuple[Record, Training]] = []
    invalid: list[tuple[Record, list[Finding]]] = []
    for record in sorted(result.records, key=lambda r: r.path):
        if record.kind == "signal" and isinstance(record.model, Signal):
            signals.append(SignalView(record, record.model, _signal_uri(record.path, taken),
                                      findings.get(record.path, [])))
            continue
        if record.kind == "training" and isinstance(record.model, Training):
            trainings.append((record, record.model))
            continue
        if record.kind not in ("incident", "review"):
            continue  # hand-written pages (and invalid signals and trainings) checked alongside the records
        model = record.model
        if isinstance(model, Incident):
            year = model.discovered_at.astimezone(org.tz).year
            incidents.append(IncidentView(record, model, _page_uri(record.path, "incidents", False, taken),
                                          result.verdicts.get(record.path, []), findings.get(record.path, []), year))
        elif isinstance(model, Review):
            reviews.append(ReviewView(record, model, _page_uri(record.path, "reviews", True, taken),
                                      findings.get(record.path, [])))
        else:
            invalid.append((record, findings.get(record.path, [])))
    by_id: dict[str, IncidentView] = {}
    for view in incidents:
        by_id.setdefault(view.id, view)
    for review in reviews:
        owner = by_id.get(review.review.incident)
        review.incident = owner
        if owner is not None:
            owner.reviews.append(review)
    for view in incidents:
        view.reviews.sort(key=lambda r: r.review.held_at)
    for signal in sorted(signals, key=lambda v: (v.signal.noticed_at, v.id)):
        owner = by_id.get(signal.signal.incident) if signal.signal.incident else None
        signal.incident = owner
        if owner is not None:
            owner.signals.append(signal)
    signals.sort(key=lambda v: (v.signal.noticed_at, v.id), reverse=True)
    trainings.sort(key=lambda pair: (pair[1].held_at, pair[0].path), reverse=True)
    incidents.sort(key=lambda v: (v.incident.discovered_at, v.id), reverse=True)
    reviews.sort(key=lambda r: (r.review.held_at, r.record.path), reverse=True)
    revisions = None
    if history is not None:
        revisions = {path: [Revision.coerce(item) for item in items] for path, items in history.items()}
    return Site(org, policy, result, compliance, incidents, reviews, invalid, revisions, by_id, recorded or {},
                lacked or {}, signals, trainings)


def is_restricted_data(record: Record) -> bool:
    """Whether an invalid record's raw data asks to be restricted (so its messages are not shown)."""
    data = record.doc.data if isinstance(record.doc.data, dict) else {}
    return str(data.get("visibility", "")).strip().lower() in {"restricted", "受限"}
