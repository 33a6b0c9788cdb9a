"""The checker: runs the registered rules over records and assigns each finding its level.

Rules yield problems (per record, across records) or deadline verdicts; the engine turns
them into findings with rule code, name, level, file, line and column. Levels come from
the rule's default, overridden by schema/policy.yml; an excused verdict is always a
warning, so a truthful record can always be merged.

Pure: records in, a :class:`Result` out. The per-record rules see one unit at a time (an
incident with its reviews, see :func:`group_units`) through a context scoped to that unit,
so a unit's outcome depends on its own files only, however the records are split between
processes. Caching unit outcomes, worker processes and reading files are the front door's
business (:mod:`yuqing.checking`), which hands :meth:`Engine.run` a way to get each unit's
outcome.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from yuqing.clock import Clock, Window
from yuqing.findings import Finding, Outcome, Problem, Verdict
from yuqing.i18n import Msg
from yuqing.layout import unit_name
from yuqing.models import Incident
from yuqing.models.incident import last_upgrade
from yuqing.models.types import Level, Severity
from yuqing.rules import RULES, hook
from yuqing.rules._corrections import mark_corrected
from yuqing.rules._obligations import earlier_level_verdicts
from yuqing.timeparse import format_duration, format_time, time_digits
from yuqing.workspace import Record, Workspace


@dataclass
class Context:
    """What rules may consult besides the record in hand."""

    org: object
    policy: object
    clock: Clock
    records: list[Record]
    by_path: dict[str, Record] = field(default_factory=dict)
    incidents: dict[str, list[Record]] = field(default_factory=dict)
    reviews: dict[str, list[Record]] = field(default_factory=dict)
    history: object = None  # GitHistory, when the records are in a Git repository
    git_range: object = None  # yuqing.git.Range, with --base
    judge: object = None  # (record, ctx) -> the obligation rules' verdicts: Engine.judge
    signals: dict[str, list[Record]] = field(default_factory=dict)  # incident id -> the signals that became it
    org_doc: object = None  # org.yml as read (LoadedDocument), for findings on its lines

    @classmethod
    def build(cls, workspace: Workspace, now: datetime, records: list[Record]) -> Context:
        """The whole run's context (the rules across records and of a Git range see all of it)."""
        ctx = cls.build_from(workspace.org, workspace.policy, Clock(now), records)
        ctx.org_doc = getattr(workspace, "org_doc", None)
        return ctx

    def scoped(self, unit: list[Record]) -> Context:
        """The context the per-record rules get for ``unit``: its records only, the same clock and history."""
        scoped = Context.build_from(self.org, self.policy, self.clock, unit)
        scoped.history, scoped.git_range, scoped.judge = self.history, self.git_range, self.judge
        return scoped

    def at(self, moment: datetime) -> Context:
        """This context as of ``moment``: the verdicts a version of a record gave when it was committed."""
        return dataclasses.replace(self, clock=Clock(moment))

    @classmethod
    def build_from(cls, org, policy, clock: Clock, records: list[Record]) -> Context:
        incidents: dict[str, list[Record]] = defaultdict(list)
        reviews: dict[str, list[Record]] = defaultdict(list)
        signals: dict[str, list[Record]] = defaultdict(list)
        for record in records:
            if record.valid and record.kind == "incident":
                incidents[record.record_id].append(record)
            elif record.valid and record.kind == "review":
                reviews[record.record_id].append(record)
            elif record.valid and record.kind == "signal" and record.record_id is not None:
                signals[record.record_id].append(record)
        ctx = cls(org, policy, clock, records, {r.path: r for r in records}, dict(incidents), dict(reviews))
        ctx.signals = dict(signals)
        return ctx

    @property
    def tz(self):
        return self.org.tz

    @property
    def now(self) -> datetime:
        """The current time; a result that quotes it holds at this moment only (compare with :meth:`now_after`)."""
        return self.clock.now

    def now_after(self, moment: datetime) -> bool:
        return self.clock.after(moment)

    def now_before(self, moment: datetime) -> bool:
        return self.clock.before(moment)

    def past_day(self, day) -> bool:
        """Whether today (in the organisation's time zone) is later than ``day``."""
        return self.clock.past_day(day, self.tz)

    def clock_start(self, incident: Incident) -> datetime:
        """When the current level's clocks start: discovery (or occurrence, by policy), moved to the
        ``at`` of the last upgrade (DESIGN §8 "Regrading"). The obligations of an earlier level that
        fell due while it held are judged on a view of the record at that level (Engine._verdicts)."""
        if self.policy.clock_start == "occurred_at" and incident.occurred_at:
            start = incident.occurred_at
        else:
            start = incident.discovered_at
        upgrade = last_upgrade(incident.regradings)
        return max(start, upgrade.at) if upgrade is not None else start

    def fmt(self, moment: datetime, *compared: datetime | None) -> str:
        """A recorded time in local time, with its seconds (and fraction) when it or one of the times
        it is ``compared`` with in the same sentence has them: ``09:15``, or ``09:15:30`` beside ``09:15:40``."""
        return format_time(moment, self.tz, time_digits(moment, *compared, tz=self.tz))

    def fmt_now(self, *compared: datetime | None) -> str:
        """The current time, as precise as the recorded times it is compared with (not to the microsecond)."""
        return format_time(self.now, self.tz, time_digits(*compared, tz=self.tz))


@dataclass
class Result:
    """Everything one run found: findings, every incident's verdicts, the records read."""

    findings: list[Finding]
    verdicts: dict[str, list[Verdict]]  # record path -> verdicts
    records: list[Record]
    now: datetime
    checked: list[str] = field(default_factory=list)  # paths whose findings are reported
    org: object = None  # the organisation and policy the run used (for reporters that name people)
    policy: object = None
    full: bool = False  # every record at this moment, no range: its verdicts are the ledger's figures

    @property
    def files(self) -> int:
        return len(self.checked)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.level == "warning")

    @property
    def alarm(self) -> list[Finding]:
        """A full check's alarm: the obligations late or missing that no exception explains and the
        review actions past due (YQ311), whatever their rule's level (empty for a merge request's
        check or a check of named paths)."""
        return [f for f in self.findings if f.lapse] if self.full else []

    @property
    def unreadable(self) -> list[Record]:
        return [r for r in self.records if not r.readable]


def rule_severity(rule, policy, grade: Level | None) -> str:
    if rule.ID in policy.levels:
        return policy.levels[rule.ID].value
    obligation = policy.obligations.get(rule.ID)
    if obligation is not None:
        return obligation.severity_for(grade).value
    return rule.LEVEL


def verdict_message(verdict: Verdict, ctx: Context) -> Msg:
    """The words of a late, missing or excused verdict, with how to fix it."""
    what = verdict.what
    if verdict.detail is not None:
        base = what + Msg("：", ": ") + verdict.detail
    elif verdict.outcome is Outcome.LATE or verdict.was is Outcome.LATE:
        late = verdict.late_by
        due, done = ctx.fmt(verdict.due, verdict.done_at), ctx.fmt(verdict.done_at, verdict.due)
        base = what + Msg(
            f"超时：应在 {due} 前完成，实际 {done}，超时 {format_duration(late, exact=True)}。",
            f"late: due by {due}, done {done}, {format_duration(late, 'en', exact=True)} late.")
    else:
        base = what + Msg(
            f"缺失：应在 {ctx.fmt(verdict.due)} 前完成，记录中没有。" if verdict.due else "缺失。",
            f"missing: due by {ctx.fmt(verdict.due)}, not recorded." if verdict.due else "missing.")
    if verdict.outcome is Outcome.EXCUSED:
        return base + Msg(f"已有情况说明：{verdict.excuse}", f"Excused: {verdict.excuse}")
    fix = verdict.fix or Msg(
        "如果记录属实，请不要改动时间，而是在 exceptions 中补充情况说明，例如："
        f"exceptions: [{{rule: {verdict.rule}, reason: 写明原因}}]；如果实际已完成，请如实补记。",
        f"If the record is true, do not change the times: add an exception "
        f"(exceptions: [{{rule: {verdict.rule}, reason: ...}}]); if it was done, record it truthfully.")
    return base + Msg("", "") + fix


@dataclass
class UnitOutcome:
    """What the per-record rules found in one unit: findings (each with the path of the record
    whose check produced it), verdicts by incident path, and the current times at which both hold."""

    findings: list[tuple[str, Finding]]
    verdicts: dict[str, list[Verdict]]
    window: Window


def group_units(records: list) -> list[list]:
    """The records the per-record rules must see together: an incident with its reviews and the
    signals that became it (all valid records naming one id, in record order); any other record alone.

    Rules that look beyond the record in hand (a review's incident, an incident's reviews)
    stay inside its unit, so a unit's outcome depends only on its own files.
    """
    units: list[list] = []
    by_id: dict[str, list] = {}
    for record in records:
        if record.valid and record.kind in ("incident", "review", "signal") and record.record_id is not None:
            unit = by_id.get(record.record_id)
            if unit is None:
                unit = by_id[record.record_id] = []
                units.append(unit)
            unit.append(record)
        else:
            units.append([record])
    return units


def concerns(unit: list, only: set[str] | None) -> bool:
    """Whether a unit's outcome is wanted when only the paths ``only`` (None: all) are reported."""
    return only is None or any(record.path in only for record in unit)


class Engine:
    """Runs the rules over a workspace's records."""

    def __init__(self, workspace: Workspace, rules=RULES):
        self.workspace = workspace
        self.rules = rules
        hooks = [(rule, hook(rule, "check"), hook(rule, "evaluate")) for rule in rules]
        self._hooks = [hook for hook in hooks if hook[1] is not None or hook[2] is not None]

    def run(self, now: datetime, records: list[Record] | None = None, only: set[str] | None = None,
            history=None, git_range=None, outcome_of=None) -> Result:
        """Check ``records`` (default: all); report findings only for paths in ``only`` if given.

        ``history`` enables the rules that read Git history (YQ404); ``git_range`` the rules
        of a merge request's range (YQ401-YQ403, YQ405, YQ406). ``outcome_of(unit, ctx, evaluate)`` gives a
        unit's outcome (default: ``evaluate(unit, ctx)``); the front door passes one that
        answers from its cache, whose outcomes carry no verdicts.
        """
        records = self.workspace.load_all() if records is None else records
        ctx = self.context(now, records, history, git_range)
        wanted = (lambda path: path in only) if only is not None else (lambda path: True)
        findings = self.cross_file(records, ctx, wanted)
        found_verdicts: dict[str, list[Verdict]] = {}
        for unit in group_units(records):
            # a review added to an incident is judged with it: a late review (YQ307, found on the
            # review's held_at line) belongs to the change that adds the review
            if not concerns(unit, only):
                continue
            outcome = self.evaluate(unit, ctx) if outcome_of is None else outcome_of(unit, ctx, self.evaluate)
            found_verdicts.update(outcome.verdicts)
            findings += [finding for owner, finding in outcome.findings if wanted(owner) or wanted(finding.path)]
        findings.sort(key=lambda f: f.sort_key)
        checked = [record.path for record in records if wanted(record.path)]
        return Result(findings, found_verdicts, records, now, checked, self.workspace.org, self.workspace.policy,
                      full=only is None and git_range is None)

    def cross_file(self, records: list[Record], ctx: Context, wanted) -> list[Finding]:
        """The findings of the rules across records (``check_all``) and of the Git range (``check_range``)."""
        findings: list[Finding] = []
        for rule in self.rules:
            check_all = hook(rule, "check_all")
            if check_all is None:
                continue
            for problem in check_all(records, ctx):
                record = ctx.by_path.get(problem.path)
                if record is None:  # a configuration file (YQ313 on a section of org.yml)
                    if wanted(problem.path):
                        findings.append(Finding(rule.ID, rule.NAME, problem.level or rule_severity(rule, ctx.policy, None),
                                                problem.path, problem.line or 1, problem.column or 1, None,
                                                problem.msg))
                elif wanted(record.path):
                    findings.append(self._finding(rule, record, problem, ctx))
        if ctx.git_range is None:
            return findings
        for rule in self.rules:
            check_range = hook(rule, "check_range")
            if check_range is None:
                continue
            for problem in check_range(ctx.git_range, ctx):
                record = ctx.by_path.get(problem.path)
                if record is None:  # a file that no longer exists
                    findings.append(Finding(rule.ID, rule.NAME, problem.level or rule_severity(rule, ctx.policy, None),
                                            problem.path, problem.line or 1, problem.column or 1,
                                            unit_name(problem.path), problem.msg))
                else:
                    findings.append(self._finding(rule, record, problem, ctx))
        return findings

    def context(self, now: datetime, records: list[Record], history=None, git_range=None) -> Context:
        ctx = Context.build(self.workspace, now, records)
        ctx.history, ctx.git_range, ctx.judge = history, git_range, self.judge
        return ctx

    def evaluate(self, unit: list[Record], ctx: Context) -> UnitOutcome:
        """The per-record rules (``check``, ``evaluate``) over one unit (see :func:`group_units`),
        with a context that holds that unit's records only."""
        ctx = ctx.scoped(unit)
        ctx.clock.restart()
        found: list[tuple[str, Finding]] = []
        verdicts: dict[str, list[Verdict]] = {}
        for record in unit:
            is_incident = record.valid and record.kind == "incident"
            for rule, check, evaluate in self._hooks:
                if check is not None:
                    found += [(record.path, self._finding(rule, record, problem, ctx)) for problem in check(record, ctx)]
                if evaluate is not None and is_incident:
                    for verdict in self._verdicts(evaluate, record, ctx):
                        verdicts.setdefault(record.path, []).append(verdict)
                        finding = self._verdict_finding(rule, record, verdict, ctx)
                        if finding is not None:
                            found.append((record.path, finding))
            if is_incident:
                mark_corrected(record, verdicts.get(record.path, []), self.judge, ctx)
        return UnitOutcome(found, verdicts, ctx.clock.window())

    @staticmethod
    def _verdicts(evaluate, record: Record, ctx: Context) -> list[Verdict]:
        """One obligation rule's verdicts of an incident: its current level's, then those of its
        earlier levels that fell due while they held (DESIGN §8 "Regrading")."""
        current = list(evaluate(record, ctx))
        return current + earlier_level_verdicts(record, evaluate, ctx, current)

    def judge(self, record: Record, ctx: Context) -> list[Verdict]:
        """Every obligation rule's verdicts of one incident record (a version of it, for the rules that
        compare versions: YQ407), without findings."""
        return [verdict for _, _, evaluate in self._hooks if evaluate is not None
                for verdict in self._verdicts(evaluate, record, ctx)]

    def _finding(self, rule, record: Record, problem: Problem, ctx: Context, level: str | None = None) -> Finding:
        if problem.line is not None:
            line, column = problem.line, problem.column or 1
        else:
            line, column = record.locate(problem.loc, key=problem.key)
        grade = record.model.level if record.valid and record.kind == "incident" else None
        return Finding(
            rule=rule.ID,
            name=rule.NAME,
            level=level or problem.level or rule_severity(rule, ctx.policy, grade),
            path=record.path,
            line=line,
            column=column,
            incident=record.record_id,
            msg=problem.msg,
            lapse=problem.lapse,
        )

    def _verdict_finding(self, rule, record: Record, verdict: Verdict, ctx: Context) -> Finding | None:
        if verdict.outcome in (Outcome.MET, Outcome.PENDING):
            return None
        target = ctx.by_path.get(verdict.path or record.path, record)
        level = Severity.WARNING.value if verdict.outcome is Outcome.EXCUSED else None
        key = _names_a_block(target.doc.data, verdict.loc)
        finding = self._finding(rule, target, Problem(verdict_message(verdict, ctx), loc=verdict.loc, key=key), ctx,
                                level)
        lapse = verdict.outcome in (Outcome.LATE, Outcome.MISSING)
        if target is not record or lapse:
            finding = Finding(**{**finding.__dict__, "incident": record.record_id, "lapse": lapse})
        return finding


def _names_a_block(data, loc: tuple) -> bool:
    """Whether ``loc`` ends in a key whose value is a mapping or list: then its key's line is the one to show
    (a block's value starts on the line of its first child, e.g. ``elements:`` vs its first element)."""
    if not loc or not isinstance(loc[-1], str):
        return False
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(node, (dict, list))

