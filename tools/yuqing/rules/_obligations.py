"""Shared machinery of the obligation rules (YQ3xx): deadlines, recipients, excuses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import NamedTuple

from yuqing.findings import Outcome, Verdict
from yuqing.i18n import Msg
from yuqing.models import Incident, Obligation, ReportKind
from yuqing.models.incident import ExceptionEntry, ReportEntry, last_upgrade, level_phases
from yuqing.timeparse import format_duration


class Applicable(NamedTuple):
    """An obligation that applies to an incident: what an obligation rule's ``evaluate`` starts from."""

    incident: Incident
    obligation: Obligation
    clock: datetime  # when the incident's clocks start (policy.yml's clock_start)


def obligation_for(record, ctx, code: str, *, closed: bool = False) -> Applicable | None:
    """The incident of ``record`` with the policy's obligation ``code``, if that applies to the incident's
    level (and, with ``closed``, only once the incident is 已办结); else None: the rule has nothing to say.

    Drills are judged like any incident (counted apart by the statistics). After an upgrade
    (``regradings``), the verdicts are those of the current level, with the discovery-based clock
    moved to the last upgrade's ``at`` and only the reports made from then on counting; the duties
    of an earlier level that fell due while it held are judged on views from :func:`earlier_levels`.
    """
    incident = record.model
    obligation = ctx.policy.obligation(code)
    if obligation is None or not obligation.applies_to(incident.level):
        return None
    if closed and not incident.is_closed:
        return None
    upgrade = last_upgrade(incident.regradings)
    if upgrade is not None:  # the new level's duties are done by reports made after the upgrade
        incident = incident.counting_from(upgrade.at)
    return Applicable(incident, obligation, ctx.clock_start(incident))


def earlier_levels(record) -> list[tuple[object, object, datetime]]:
    """(view, level, until) for each level the incident held before its current one (DESIGN §8
    "Regrading": obligations already due under the old level stay).

    A view is the record as it stood at that level: its ``level`` and the regradings made until then,
    so that :func:`obligation_for` and the clock see that level. Only the view's verdicts that fell
    due before ``until`` (the regrading that ended the level) belong to it.
    """
    incident = record.model
    if not isinstance(incident, Incident) or not incident.regradings:
        return []
    ordered = sorted(incident.regradings, key=lambda r: r.at)
    views = []
    for index, (level, _, until) in enumerate(level_phases(incident.regradings, incident.level)[:-1]):
        model = incident.model_copy(update={"level": level, "regradings": ordered[:index]})
        views.append((record.with_model(model), level, until))
    return views


def earlier_level_verdicts(record, evaluate, ctx, current: list[Verdict]) -> list[Verdict]:
    """The verdicts of ``evaluate`` (one obligation rule) under the incident's earlier levels that fell
    due while that level held, leaving out any the current level already gives (same rule and due)."""
    found = []
    seen = {(v.rule, v.due) for v in current}
    for view, level, until in earlier_levels(record):
        for verdict in evaluate(view, ctx):
            if verdict.due is None or verdict.due > until or (verdict.rule, verdict.due) in seen:
                continue
            seen.add((verdict.rule, verdict.due))
            verdict.what = verdict.what + Msg(f"（{level.value}期间）", f" (while {level.value})")
            found.append(verdict)
    return found


LAPSES = (Outcome.LATE, Outcome.MISSING)


def is_lapse(verdict: Verdict) -> bool:
    """Late or missing, excused or not."""
    return verdict.outcome in LAPSES or verdict.was in LAPSES


def recorded_times(record, ctx) -> Callable[[int], datetime | None]:
    """When exception ``index`` of ``record`` was recorded: its first commit; outside Git (or not
    committed yet) the ``at`` it gives, if any (None: it covers every lapse of its rule)."""
    history = ctx.history
    exceptions = record.model.exceptions

    def recorded(index: int) -> datetime | None:
        committed = history.entry_recorded(record.path, "exceptions", index) if history is not None else None
        return committed if committed is not None else exceptions[index].at
    return recorded


def covers(entry: ExceptionEntry, recorded: datetime | None, verdict: Verdict) -> bool:
    """Whether the exception ``entry`` (first recorded at ``recorded``) may explain ``verdict`` of its rule.

    A one-shot obligation's exception covers its deadline, however early it was written. For a
    recurring one (the verdict has an ``occurrence``) it covers the occurrences it names and those
    that fell due before it was recorded; a lapse that falls due later needs its own. With no time
    of recording (outside Git and no ``at``), it covers everything.
    """
    if entry.rule != verdict.rule:
        return False
    if verdict.occurrence is None or recorded is None or verdict.due is None:
        return True
    return verdict.occurrence in entry.occurrence or verdict.due <= recorded


def excused(verdict: Verdict, incident: Incident, recorded: Callable[[int], datetime | None] | None = None) -> Verdict:
    """Turn a late or missing verdict into an excused one if one of the record's exceptions covers it
    (:func:`covers`; ``recorded`` gives when each exception was first recorded, see :func:`recorded_times`)."""
    if verdict.outcome not in LAPSES:
        return verdict
    for index, entry in enumerate(incident.exceptions):
        if covers(entry, recorded(index) if recorded is not None else None, verdict):
            verdict.was = verdict.outcome
            verdict.outcome = Outcome.EXCUSED
            verdict.excuse = entry.reason
            return verdict
    earlier = [index + 1 for index, entry in enumerate(incident.exceptions) if entry.rule == verdict.rule]
    if earlier and verdict.occurrence is not None:  # explanations of earlier lapses: this one needs its own
        numbers = "、".join(str(n) for n in earlier)
        rule, nth = verdict.rule, verdict.occurrence
        verdict.fix = Msg(
            f"本事件第 {numbers} 条情况说明（rule: {rule}）写入台账时这一次尚未到期，只说明此前到期的各次。"
            f"如果记录属实，请另写一条情况说明，例如：exceptions: [{{rule: {rule}, occurrence: [{nth}], "
            "reason: 写明原因}]；如果实际已完成，请如实补记。",
            f"Exception {', '.join(str(n) for n in earlier)} (rule {rule}) was recorded before this one fell due and "
            f"explains only the earlier ones. If the record is true, add another exception "
            f"(exceptions: [{{rule: {rule}, occurrence: [{nth}], reason: ...}}]); if it was done, record it truthfully.")
    return verdict


def deadline(code: str, what: Msg, incident: Incident, ctx, start: datetime, limit: timedelta,
             done_at: datetime | None, done_loc: tuple, missing_loc: tuple, detail_missing: Msg | None = None,
             path: str | None = None) -> Verdict:
    """The verdict of one deadline: met, late, missing, pending, or excused. Boundaries are inclusive."""
    due = start + limit
    if done_at is not None:
        outcome = Outcome.MET if done_at <= due else Outcome.LATE
        verdict = Verdict(code, what, outcome, start, due, done_at, done_loc, path=path)
    else:
        outcome = Outcome.MISSING if ctx.now_after(due) else Outcome.PENDING
        verdict = Verdict(code, what, outcome, start, due, None, missing_loc)
        if detail_missing is not None and outcome is Outcome.MISSING:
            verdict.detail = detail_missing + Msg(
                f"时限 {ctx.fmt(due)}（{format_duration(limit, exact=True)}）已过。",
                f"Due {ctx.fmt(due)} ({format_duration(limit, 'en', exact=True)}) has passed.")
    return excused(verdict, incident)


def reach(incident: Incident, kinds, recipients: list[str], include_cc: bool = False):
    """When every recipient had been reached by a report of ``kinds``.

    Returns (time, index of the report that completed it, recipients never reached).
    """
    earliest: dict[str, tuple[datetime, int]] = {}
    for index, report in incident.reports_of(kinds):
        names = set(report.to) | (set(report.cc) if include_cc else set())
        for name in recipients:
            if name in names and name not in earliest:
                earliest[name] = (report.at, index)
    unreached = [name for name in recipients if name not in earliest]
    if unreached or not earliest:
        return None, None, unreached
    at, index = max(earliest.values())
    return at, index, []


def report_loc(index: int | None) -> tuple:
    return ("reports", index, "at") if index is not None else ("reports",)


def recipients_text(names: list[str]) -> str:
    return "、".join(names)


def first_report(incident: Incident) -> tuple[int, ReportEntry] | None:
    ordered = sorted(incident.reports_of(list(ReportKind)), key=lambda pair: pair[1].at)
    return ordered[0] if ordered else None
