"""A record without its corrections, for the verdicts it gave before them (DESIGN §8 "Corrections").

The site shows both verdicts when a correction turned a lapse into met ("原结论：超时 3 分钟；
更正后：按时，局办公室 王芳 审核"); YQ407 compares the verdicts of two versions of a record.
"""

from __future__ import annotations

from yuqing.findings import Outcome, Verdict
from yuqing.models import Incident
from yuqing.models.incident import resolve_reference
from yuqing.rules._merged import INVALID, correction_value, is_office_member

#: The lists whose entries may correct an earlier one (``corrects:``).
CORRECTING_LISTS = ("reports", "responses", "escalations")
#: What a lapse is before it is turned into met: late, missing, or excused.
LAPSED = (Outcome.LATE, Outcome.MISSING, Outcome.EXCUSED)


def has_corrections(incident: Incident) -> bool:
    return bool(incident.corrections) or any(
        getattr(entry, "corrects", None) is not None for name in CORRECTING_LISTS for entry in getattr(incident, name))


def uncorrected(record, tz):
    """A view of ``record`` as it stood before its corrections: the correcting entries left out (so the
    entries they replaced count again), every corrected fact back to its first ``from``."""
    incident = record.model
    update: dict = {"corrections": []}
    for name in CORRECTING_LISTS:
        entries = getattr(incident, name)
        dropped = {index for index, entry in enumerate(entries)
                   if (target := resolve_reference(getattr(entry, "corrects", None), entries)) is not None
                   and target < index}
        if dropped:
            update[name] = [entry for index, entry in enumerate(entries) if index not in dropped]
    for entry in reversed(incident.corrections):
        if entry.field in Incident.model_fields:
            value = correction_value(entry.field, entry.from_, tz)
            if value is not INVALID:
                update[entry.field] = value
    return record.with_model(incident.model_copy(update=update))


def approval(incident: Incident, verdict: Verdict, org) -> str | None:
    """The office member who approved what gave ``verdict``: the ``approved_by`` of the entry it rests
    on, or of the record's last fact correction."""
    loc = verdict.loc
    if len(loc) >= 2 and loc[0] in CORRECTING_LISTS and isinstance(loc[1], int) and loc[1] < len(getattr(incident, loc[0])):
        name = getattr(getattr(incident, loc[0])[loc[1]], "approved_by", None)
        if is_office_member(org, name):
            return name
    for entry in reversed(incident.corrections):
        if is_office_member(org, entry.approved_by):
            return entry.approved_by
    return None


def turned_met(verdicts: list[Verdict], earlier: list[Verdict]) -> list[tuple[Verdict, Verdict]]:
    """(verdict, earlier verdict) for each verdict that is met where the earlier one of the same
    obligation was late, missing or excused."""
    by_key = {verdict.key: verdict for verdict in earlier}
    return [(verdict, by_key[verdict.key]) for verdict in verdicts
            if verdict.outcome is Outcome.MET and verdict.key in by_key and by_key[verdict.key].outcome in LAPSED]


def mark_corrected(record, verdicts: list[Verdict], judge, ctx) -> None:
    """Give each verdict that the record's corrections turned into met its verdict before them
    (``before``) and who approved it (``approved_by``)."""
    if not isinstance(record.model, Incident) or not has_corrections(record.model):
        return
    for verdict, before in turned_met(verdicts, judge(uncorrected(record, ctx.tz), ctx)):
        verdict.before = before
        verdict.approved_by = approval(record.model, verdict, ctx.org)
