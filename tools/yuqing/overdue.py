"""What is overdue or due soon, and who must do it: the office's alarm list, from a check result.

Pure: a finished :class:`yuqing.engine.Result` in, a sorted list of :class:`Due` rows out. Rows:

* ``missing`` — an obligation whose deadline passed with nothing recorded and no 情况说明;
* ``late`` — done after its deadline, and the 情况说明 (``exceptions``) is still not written;
* ``action`` — a review action (复盘整改措施, YQ311) past its due day and not done;
* ``pending`` — an obligation not due yet at the result's ``now``, with its due time; with
  ``pending_actions``, also a review action not done whose due day has not passed yet; with
  ``pending_signals``, also a monitoring signal not assessed yet whose time to assess it (YQ314:
  ``noticed_at`` + policy.signals.assess_within) has not passed (an overdue one is YQ314's warning).

Excused and met obligations are not listed. A pending obligation without a due time (the
first report's copy to 局办公室 before any report exists) is left out: it falls due with
the first report, which is listed itself. Rows are sorted by due time; an overdue obligation
without a due time (a required field never filled in) counts as due at ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from yuqing.findings import Outcome, Verdict
from yuqing.i18n import Msg
from yuqing.models import Incident, Review, Signal, Visibility
from yuqing.timeparse import format_duration, format_exact

MISSING = "missing"
LATE = "late"
ACTION = "action"
PENDING = "pending"

STATE_LABELS = {
    MISSING: Msg("逾期未做", "overdue"),
    LATE: Msg("超时未说明", "late, not explained"),
    ACTION: Msg("整改逾期", "action overdue"),
    PENDING: Msg("即将到期", "due soon"),
}


@dataclass(frozen=True)
class Due:
    """One thing somebody must do: for which incident, who, what, by when, and how late it already is."""

    incident: str
    title: str
    section: str  # the responsible section (责任科室) of the incident
    people: tuple[str, ...]  # the tracking owner, the section's members, 局办公室's tracking owner
    what: Msg  # the obligation, e.g. 重大舆情口头报告（分管领导、主要领导）
    todo: Msg  # what must be done now
    state: str  # missing | late | action | pending
    rule: str
    level: str  # error | warning: what the check reports once it is overdue
    path: str
    line: int
    due: datetime | None = None
    overdue_by: timedelta | None = None
    date_only: bool = False  # a review action is due by the end of a day
    drill: bool = False
    detail: Msg | None = None
    units: tuple[str, ...] = ()  # the responsible sections when more than the incident's (YQ307: 局办公室 too)
    restricted: bool = False  # the incident is restricted (visibility: restricted): no title outside the ledger
    action: bool = False  # a review action (复盘整改措施), not an obligation of the incident's own record
    occurrence: int | None = None  # the nth follow-up (YQ306), the action's place in its review (1-based)
    signal: bool = False  # a monitoring signal to assess (预警信息研判, YQ314): ``incident`` is the signal's id

    @property
    def overdue(self) -> bool:
        return self.state != PENDING

    def left(self, now: datetime) -> timedelta | None:
        """How long until it falls due (None: no due time, or already due)."""
        if self.due is None or self.due <= now:
            return None
        return self.due - now

    def left_text(self, now: datetime, lang: str = "zh") -> str:
        """``还有 3小时20分钟`` / ``3 h 20 min left``; ``已到期`` when it is due."""
        left = self.left(now)
        if left is None:
            return "已到期" if lang != "en" else "due now"
        # cut down to the minute: "还有 20分钟" must never promise a minute that is not there
        minutes = timedelta(minutes=left // timedelta(minutes=1))
        text = format_duration(minutes, lang) if minutes else ("不到1分钟" if lang != "en" else "under 1 min")
        return f"还有 {text}" if lang != "en" else f"{text} left"

    def due_text(self, tz, lang: str = "zh") -> str:
        if self.due is None:
            return "立即" if lang != "en" else "now"
        if self.date_only:
            day = (self.due - timedelta(seconds=1)).astimezone(tz).date().isoformat()
            return f"{day}（当天内）" if lang != "en" else f"{day} (end of day)"
        return format_exact(self.due, tz)

    def overdue_text(self, lang: str = "zh") -> str:
        if self.overdue_by is None:
            return "—"
        # a late entry's delay is between two recorded times (exact); a missing one's runs to now (minutes)
        return format_duration(self.overdue_by, lang, exact=self.state == LATE)

    def who(self, lang: str = "zh") -> str:
        sep = "、" if lang != "en" else ", "
        units = sep.join(self.units or (self.section,))
        names = sep.join(self.people)
        if not names:
            return units
        return f"{units}（{names}）" if lang != "en" else f"{units} ({names})"


@dataclass
class _Lookup:
    org: object
    policy: object
    incidents: dict[str, object] = field(default_factory=dict)  # id -> Record
    by_path: dict[str, object] = field(default_factory=dict)  # path -> Record

    def members(self, section: str) -> list[str]:
        found = self.org.section(section) if self.org is not None else None
        return [member.name for member in found.members] if found is not None else []

    def section_of(self, person: str) -> str | None:
        if self.org is None:
            return None
        return self.org.people.get(person) or None

    def office(self) -> str:
        return getattr(self.org, "office_section", "局办公室")

    def level(self, code: str, grade) -> str:
        from yuqing.engine import rule_severity
        from yuqing.rules import RULES

        rule = {r.ID: r for r in RULES}.get(code)
        if rule is None:
            return "error"
        if self.policy is None:
            return rule.LEVEL
        return rule_severity(rule, self.policy, grade)


def _unique(names) -> tuple[str, ...]:
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return tuple(seen)


def _incident_people(incident: Incident, lookup: _Lookup, rule: str) -> tuple[str, ...]:
    tracking = incident.tracking
    names = [tracking.owner] if tracking is not None else []
    names += lookup.members(incident.section)
    if tracking is not None:
        names.append(tracking.office_owner)
    if rule == "YQ307":  # 局办公室 organises the review together with the section (四(四))
        names = lookup.members(lookup.office()) + names
    return _unique(names)


def _todo(verdict: Verdict, state: str, tz) -> Msg:
    rule = verdict.rule
    if state == LATE:
        return Msg(f"时间如实，不要改动；请在 exceptions 中补写情况说明（rule: {rule}，reason: 超时原因）。",
                   f"Keep the true times; add an exception (rule: {rule}, reason: why it was late).")
    if state == PENDING:
        return Msg(f"在 {format_exact(verdict.due, tz)} 前完成，并如实记录时间。",
                   f"Do it by {format_exact(verdict.due, tz)} and record the true time.")
    if verdict.fix is not None:
        return verdict.fix
    return Msg(f"立即补做并如实记录时间；已超时的，在 exceptions 中写明情况说明（rule: {rule}）。",
               f"Do it now and record the true time; explain the delay in exceptions (rule: {rule}).")


def _line(record, loc: tuple) -> int:
    """The line ``yuqing check`` shows for ``loc``: a block's key line, else the value's line."""
    node = record.doc.data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
            break
    block = bool(loc) and isinstance(loc[-1], str) and isinstance(node, (dict, list))
    return record.locate(loc, key=block)[0]


def _verdict_row(record, verdict: Verdict, lookup: _Lookup, now: datetime, tz) -> Due | None:
    incident: Incident = record.model
    if verdict.outcome is Outcome.MISSING:
        state = MISSING
        overdue_by = now - verdict.due if verdict.due is not None and now > verdict.due else None
    elif verdict.outcome is Outcome.LATE:
        state = LATE
        overdue_by = verdict.late_by
    elif verdict.outcome is Outcome.PENDING and verdict.due is not None:
        state = PENDING
        overdue_by = None
    else:
        return None
    path = verdict.path or record.path
    target = lookup.by_path.get(path, record)
    line = _line(target, verdict.loc or ("discovered_at",)) if target.path == path else 1
    return Due(
        incident=incident.id,
        title=incident.title,
        section=incident.section,
        people=_incident_people(incident, lookup, verdict.rule),
        what=verdict.what,
        todo=_todo(verdict, state, tz),
        state=state,
        rule=verdict.rule,
        level=lookup.level(verdict.rule, incident.level),
        path=path,
        line=line,
        due=verdict.due,
        overdue_by=overdue_by,
        drill=incident.drill,
        detail=verdict.detail,
        units=_unique((lookup.office(), incident.section)) if verdict.rule == "YQ307" else (),
        restricted=incident.visibility is Visibility.RESTRICTED,
        occurrence=verdict.occurrence,
    )


def _action_rows(record, lookup: _Lookup, now: datetime, tz, pending: bool = False) -> list[Due]:
    review: Review = record.model
    incident_record = lookup.incidents.get(review.incident)
    incident = incident_record.model if incident_record is not None else None
    today = now.astimezone(tz).date()
    rows = []
    for index, action in enumerate(review.actions):
        if action.done_at is not None:
            continue
        late = today > action.due
        if not late and not pending:
            continue
        end_of_day = datetime.combine(action.due + timedelta(days=1), time(0, 0), tzinfo=tz)
        if lookup.org is not None and action.owner in lookup.org.section_names:
            section, people = action.owner, lookup.members(action.owner)
        else:
            section = lookup.section_of(action.owner) or (incident.section if incident else "")
            people = [action.owner]
        rows.append(Due(
            incident=review.incident,
            title=incident.title if incident is not None else (review.title or review.incident),
            section=section,
            people=_unique(people),
            what=Msg(f"复盘整改措施：{action.what}", f"review action: {action.what}"),
            todo=Msg("完成后在复盘记录该措施下填写 done_at（完成日期）；需要延期的，新增一项措施写明新的期限和原因。",
                     "When done, add done_at to the action; to extend, add a new action with the new due date "
                     "and the reason."),
            state=ACTION if late else PENDING,
            rule="YQ311",
            level=lookup.level("YQ311", None),
            path=record.path,
            line=record.locate(("actions", index, "due"))[0],
            due=end_of_day,
            overdue_by=now - end_of_day if late else None,
            date_only=True,
            drill=bool(incident.drill) if incident is not None else False,
            restricted=incident.visibility is Visibility.RESTRICTED if incident is not None else False,
            action=True,
            occurrence=index + 1,
        ))
    return rows


#: How much of a signal's summary stands for its title in a list.
SIGNAL_TITLE_LENGTH = 40


def _signal_row(record, lookup: _Lookup, now: datetime, tz) -> Due | None:
    """The assessment a signal still waits for, while it is not due (None once assessed or overdue)."""
    from yuqing.rules.yq314_signal_not_assessed import PENDING as NOT_DUE
    from yuqing.rules.yq314_signal_not_assessed import assessment_state

    signal: Signal = record.model
    limit = lookup.policy.signals.assess_within if lookup.policy is not None else timedelta(hours=24)
    state, due, _ = assessment_state(signal, limit, now)
    if state != NOT_DUE:
        return None
    title = signal.summary if len(signal.summary) <= SIGNAL_TITLE_LENGTH else signal.summary[:SIGNAL_TITLE_LENGTH] + "…"
    words = format_duration(limit)
    return Due(
        incident=signal.id,
        title=f"预警信息：{title}",
        section=signal.section,
        people=_unique(lookup.members(signal.section)),
        what=Msg(f"预警信息研判（发现后 {words}内）", f"assess the monitoring signal (within {format_duration(limit, 'en')})"),
        todo=Msg(f"在 {format_exact(due, tz)} 前研判，并在 assessments 中如实追加一条（at、by、conclusion、note），"
                 f"或用 yuqing add {signal.id} --kind 研判。",
                 f"Assess it by {format_exact(due, tz)} and add the assessment (yuqing add {signal.id} --kind 研判)."),
        state=PENDING,
        rule="YQ314",
        level=lookup.level("YQ314", None),
        path=record.path,
        line=_line(record, ("noticed_at",)),
        due=due,
        restricted=signal.visibility is Visibility.RESTRICTED,
        signal=True,
    )


def overdue(result, org=None, policy=None, include_pending: bool = True,
            pending_actions: bool = False, pending_signals: bool = False) -> list[Due]:
    """The overdue (and, unless ``include_pending`` is false, not yet due) obligations of ``result``.

    ``org`` and ``policy`` default to the ones the result was computed with; they name the
    sections' members and give each rule's level. ``pending_actions`` adds the review actions
    not done whose due day has not passed yet (as ``pending`` rows), ``pending_signals`` the signals
    not assessed yet and not due.
    """
    org = org if org is not None else getattr(result, "org", None)
    policy = policy if policy is not None else getattr(result, "policy", None)
    tz = org.tz if org is not None else result.now.tzinfo
    now = result.now
    by_path = {record.path: record for record in result.records}
    lookup = _Lookup(org, policy, by_path=by_path)
    for record in result.records:
        if isinstance(record.model, Incident):
            lookup.incidents.setdefault(record.model.id, record)
    rows: list[Due] = []
    for path, verdicts in result.verdicts.items():
        record = by_path.get(path)
        if record is None or not isinstance(record.model, Incident):
            continue
        for verdict in verdicts:
            row = _verdict_row(record, verdict, lookup, now, tz)
            if row is not None and (include_pending or row.overdue):
                rows.append(row)
    checked = set(result.checked)
    for record in result.records:
        if record.path in checked and isinstance(record.model, Review):
            rows.extend(_action_rows(record, lookup, now, tz, pending=pending_actions and include_pending))
        elif record.path in checked and isinstance(record.model, Signal) and pending_signals and include_pending:
            row = _signal_row(record, lookup, now, tz)
            if row is not None:
                rows.append(row)
    rows.sort(key=lambda row: (row.due or now, row.incident, row.rule, row.path, row.line))
    return rows


def falling_due(result, within: timedelta | None = None, section: str | None = None,
                org=None, policy=None, signals: bool = False) -> list[Due]:
    """What falls due and is still to be done: the pending obligations with a due time, the
    open review actions (and, with ``signals``, the signals waiting for their assessment), soonest first; only those due within ``within`` of the result's ``now``
    (all of them when None) and, with ``section``, only those of that section (its incidents'
    obligations, the review actions it owns, its signals)."""
    rows = [row for row in overdue(result, org, policy, pending_actions=True, pending_signals=signals)
            if row.state == PENDING]
    if within is not None:
        limit = result.now + within
        rows = [row for row in rows if row.due is not None and row.due <= limit]
    if section is not None:
        rows = [row for row in rows if section == row.section or section in row.units]
    return rows

