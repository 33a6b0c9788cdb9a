"""舆情台账: a check's result as sheets of typed cells (the workbook's content, before any file format).

Pure: no file system, no XlsxWriter. :func:`ledger` takes what the site renders from (the
organisation, the policy, a check's :class:`~yuqing.engine.Result` and its
:class:`~yuqing.compliance.Compliance`, whose window chooses the incidents) and returns a
:class:`Book`: the ledger (one row per incident), every obligation verdict, the review
actions, and a 说明 sheet with the one definition of compliance and the figures. The writers
(:mod:`yuqing.export.writers`) turn it into .xlsx or .csv.

What the site hides, the ledger hides: a restricted record (``visibility: restricted``) gives
its facts and verdicts only, without summary, names, response texts or the words of its
情况说明, and every text cell passes :func:`yuqing.privacy.mask_personal_data` as every page does.
Times are naive local datetimes in the organisation's zone (a spreadsheet has no zones).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from yuqing.compliance import DEFINITION, Compliance, Stats, Tally, ordered_keys
from yuqing.engine import Result
from yuqing.findings import Outcome, Verdict
from yuqing.models import Org, Policy, Signal, Training
from yuqing.models.incident import level_history, superseded
from yuqing.models.types import ReportKind, Visibility
from yuqing.privacy import could_contain_personal_data, mask_personal_data
from yuqing.render.model import IncidentView, Site, build_site
from yuqing.render.reviews import action_state
from yuqing.render.stats import rule_label
from yuqing.rules.yq314_signal_not_assessed import LATE, MET, MISSING, assessment_state
from yuqing.timeparse import format_duration

TEXT, TIME, DATE, NUMBER, PERCENT = "text", "time", "date", "number", "percent"

TITLE = "舆情台账"
LEDGER, VERDICTS, ACTIONS, SIGNALS, TRAININGS, NOTES = "舆情台账", "时限核查", "整改措施", "预警信息", "培训记录", "说明"
NOT_SHOWN = "（受限记录，不公开）"
EXCUSE_HIDDEN = "已登记情况说明（受限记录，内容不公开）"
NOT_APPLICABLE = "—"
DRILL_WORDS = {True: "是", False: "否"}
RESTRICTED_LINE = ("受限记录（visibility: restricted）与网站一样，只列基本事实和时限核查结论，"
                   "不列事件概况、人员姓名、回应内容和情况说明的内容。")
MASK_LINE = "身份证号、手机号码、银行卡号与网站一样以 * 遮盖（如 138****5678）。"
DRILL_LINE = "演练一栏为“是”的行（灰色底）是演练，按同样的规则核查，单独统计，不计入实际事件。"
DASH_LINE = "各项义务一栏中“—”表示该义务不适用于此事件（如一般舆情没有 15 分钟口头报告的时限）。"


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # in characters (a Chinese character counts two)
    kind: str = TEXT  # text | time | date | number | percent
    wrap: bool = False


@dataclass
class Sheet:
    """One sheet: an optional preamble of (label, text) lines, then a table with one header row."""

    name: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)  # str | datetime (naive local) | date | int | float | None
    marks: list[str | None] = field(default_factory=list)  # per row: "drill" or None
    preamble: list[tuple[str, str]] = field(default_factory=list)

    def add(self, row: list, mark: str | None = None) -> None:
        assert len(row) == len(self.columns)
        self.rows.append(row)
        self.marks.append(mark)

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


@dataclass
class Book:
    title: str
    sheets: list[Sheet]
    created: datetime  # the check's "now" (aware): the workbook's fixed creation date
    author: str = ""
    left_out: list[str] = field(default_factory=list)  # incident files that failed the check: not in the ledger

    def sheet(self, name: str) -> Sheet:
        return next(sheet for sheet in self.sheets if sheet.name == name)


def obligation_header(policy: Policy, code: str) -> str:
    """An obligation's column header: ``重大舆情口头报告（YQ301）``."""
    return f"{policy.obligations[code].title}（{code}）"


def ledger_columns(policy: Policy) -> list[Column]:
    """The ledger sheet's columns (DESIGN §9): facts, times, one column per obligation of policy.yml, 情况说明, 演练."""
    head = [Column("编号", 16), Column("标题", 30, wrap=True), Column("级别", 14), Column("状态", 8),
            Column("责任科室", 14), Column("事发时间", 17, TIME), Column("获知时间", 17, TIME),
            Column("信息来源", 12), Column("概况", 40, wrap=True), Column("首报时间", 17, TIME),
            Column("首报用时", 12), Column("书面报告时间", 17, TIME), Column("上报", 24, wrap=True),
            Column("回应时间", 17, TIME), Column("办结时间", 17, TIME), Column("复盘时间", 17, TIME)]
    duties = [Column(obligation_header(policy, code), 18, wrap=True) for code in policy.obligations]
    return head + duties + [Column("情况说明", 36, wrap=True), Column("演练", 6)]


def _local(moment: datetime | None, tz) -> datetime | None:
    return None if moment is None else moment.astimezone(tz).replace(tzinfo=None)


def _level(view: IncidentView) -> str:
    inc = view.incident
    if not inc.regradings:
        return inc.level.value
    return f"{inc.level.value}（{level_history(inc.regradings, inc.level)}）"


def _first(entries, kinds=None):
    """The earliest entry (of ``kinds``) not replaced by a correction, or None."""
    dropped = superseded(entries)
    chosen = [entry for index, entry in enumerate(entries)
              if index not in dropped and (kinds is None or entry.kind in kinds)]
    return min(chosen, key=lambda entry: entry.at) if chosen else None


def _duty_cell(verdicts: list[Verdict]) -> str:
    if not verdicts:
        return NOT_APPLICABLE
    if len(verdicts) == 1:
        return verdicts[0].words()
    return "；".join(f"{verdict.what.zh}：{verdict.words()}" for verdict in verdicts)


def _excuses(view: IncidentView) -> str:
    excused = [verdict for verdict in view.verdicts if verdict.outcome is Outcome.EXCUSED]
    if not excused:
        return ""
    if view.restricted:
        return EXCUSE_HIDDEN
    lines: list[str] = []
    for verdict in excused:
        line = f"{verdict.rule}：{verdict.excuse}"
        if line not in lines:
            lines.append(line)
    return "\n".join(lines)


def _ledger_row(site: Site, view: IncidentView) -> list:
    inc = view.incident
    tz = site.tz
    start = inc.occurred_at if site.policy.clock_start == "occurred_at" and inc.occurred_at else inc.discovered_at
    first = _first(inc.reports)
    written = _first(inc.reports, {ReportKind.WRITTEN})
    response = _first(inc.responses)
    escalated = "；".join(f"{e.to} {_local(e.at, tz):%Y-%m-%d %H:%M}" for e in sorted(inc.escalations, key=lambda e: e.at))
    taken = format_duration(first.at - start, exact=True) if first is not None and first.at >= start else ""
    review = min((r.review.held_at for r in view.reviews), default=None)
    by_rule: dict[str, list[Verdict]] = {}
    for verdict in view.verdicts:
        by_rule.setdefault(verdict.rule, []).append(verdict)
    return [
        inc.id, inc.title, _level(view), inc.status.value, inc.section,
        _local(inc.occurred_at, tz), _local(inc.discovered_at, tz), inc.source.channel,
        NOT_SHOWN if view.restricted else inc.summary,
        _local(first.at if first else None, tz), taken, _local(written.at if written else None, tz),
        escalated, _local(response.at if response else None, tz), _local(inc.closed_at, tz), _local(review, tz),
        *[_duty_cell(by_rule.get(code, [])) for code in site.policy.obligations],
        _excuses(view), DRILL_WORDS[inc.drill],
    ]


VERDICT_COLUMNS = [Column("编号", 16), Column("义务", 36, wrap=True), Column("规则", 8), Column("时限", 17, TIME),
                   Column("完成时间", 17, TIME), Column("结论", 30, wrap=True), Column("情况说明", 40, wrap=True),
                   Column("演练", 6)]
ACTION_COLUMNS = [Column("编号", 16), Column("整改措施", 40, wrap=True), Column("责任人", 16), Column("期限", 12, DATE),
                  Column("完成时间", 12, DATE), Column("状态", 30, wrap=True), Column("演练", 6)]
FIGURE_COLUMNS = [Column("类别", 10), Column("分组", 10), Column("项目", 30), Column("事件数", 8, NUMBER),
                  Column("已到期", 8, NUMBER), Column("按时", 8, NUMBER), Column("超时", 8, NUMBER),
                  Column("缺失", 8, NUMBER), Column("已说明", 8, NUMBER), Column("未到期", 8, NUMBER),
                  Column("按时率", 10, PERCENT)]
#: The figure groups of the 说明 sheet: (words, attribute of Stats and key of ``stats --format json``).
GROUPS = [("按级别", "by_level"), ("按科室", "by_section"), ("按规则", "by_rule"), ("按年份", "by_year")]
KINDS = [("实际事件", "real", "incidents"), ("演练", "drills", "drills")]


SIGNAL_COLUMNS = [Column("编号", 20), Column("发现时间", 17, TIME), Column("发现人", 10), Column("科室", 14),
                  Column("来源", 12), Column("概要", 40, wrap=True), Column("研判次数", 8, NUMBER),
                  Column("最新结论", 12), Column("首次研判时间", 17, TIME), Column("是否按时研判", 24, wrap=True),
                  Column("转为事件", 16)]
TRAINING_COLUMNS = [Column("日期", 12, DATE), Column("形式", 10), Column("主题", 36, wrap=True), Column("组织者", 14),
                    Column("参加人数", 8, NUMBER), Column("参加人员", 40, wrap=True)]
NOT_SHOWN_NAME = "（不公开）"
SIGNAL_LINE = ("预警信息一表的“是否按时研判”按 YQ314 的口径：发现后 {within}内有第一次研判为按时；"
               "受限的预警信息不列概要和发现人。")


def _timeliness(site: Site, signal: Signal) -> str:
    """YQ314's judgement of a signal, in words: 按时, 超时 (by how much), 未研判 or not yet due."""
    state, due, first = assessment_state(signal, site.policy.signals.assess_within, site.now)
    if state == MET:
        return "按时"
    if state == LATE:
        return f"超时 {format_duration(first - due, exact=True)}"
    if state == MISSING:
        return f"超时未研判（时限 {_local(due, site.tz):%Y-%m-%d %H:%M}）"
    return f"待研判（{_local(due, site.tz):%Y-%m-%d %H:%M} 前）"


def _signal_row(site: Site, signal: Signal) -> list:
    restricted = signal.visibility is Visibility.RESTRICTED
    latest = max(signal.assessments, key=lambda entry: entry.at, default=None)
    first = min((entry.at for entry in signal.assessments), default=None)
    return [signal.id, _local(signal.noticed_at, site.tz), NOT_SHOWN_NAME if restricted else signal.noticed_by,
            signal.section, signal.source.channel, NOT_SHOWN if restricted else signal.summary,
            len(signal.assessments), latest.conclusion.value if latest else "", _local(first, site.tz),
            _timeliness(site, signal), signal.incident or ""]


def _training_row(site: Site, training: Training) -> list:
    return [training.held_at.astimezone(site.tz).date(), training.kind.value, training.topic, training.organizer,
            len(training.attendees), "、".join(training.attendees)]


def _signals_and_trainings(site: Site, result: Result, window) -> tuple[Sheet, Sheet]:
    """The sheets of the signals noticed and the trainings held within ``window`` (oldest first)."""
    tz = site.tz
    models = [record.model for record in result.records if record.valid]
    signals = sorted((m for m in models if isinstance(m, Signal) and window.holds(m.noticed_at, tz)),
                     key=lambda m: (m.noticed_at, m.id))
    trainings = sorted((m for m in models if isinstance(m, Training) and window.holds(m.held_at, tz)),
                       key=lambda m: (m.held_at, m.topic))
    signal_sheet, training_sheet = Sheet(SIGNALS, SIGNAL_COLUMNS), Sheet(TRAININGS, TRAINING_COLUMNS)
    for signal in signals:
        signal_sheet.add(_signal_row(site, signal))
    for training in trainings:
        training_sheet.add(_training_row(site, training))
    return signal_sheet, training_sheet


def _verdict_row(site: Site, view: IncidentView, verdict: Verdict) -> list:
    tz = site.tz
    words = verdict.words()
    if verdict.detail is not None:
        words += " " + verdict.detail.zh
    excuse = ""
    if verdict.outcome is Outcome.EXCUSED:
        excuse = EXCUSE_HIDDEN if view.restricted else (verdict.excuse or "")
    return [view.id, verdict.what.zh, verdict.rule, _local(verdict.due, tz), _local(verdict.done_at, tz), words,
            excuse, DRILL_WORDS[view.incident.drill]]


def _known_unit(org: Org, name: str) -> bool:
    return name in org.section_names or name in org.role_names or name in org.external_bodies


def _figure_rows(site: Site, kind: str, stats: Stats) -> list[list]:
    def row(group: str, item: str, tally: Tally, count: int | None = None) -> list:
        return [kind, group, item, count, tally.decided, tally.met, tally.late, tally.missing, tally.excused,
                tally.pending, tally.rate]

    rows = [row("合计", "全部", stats.total, stats.incidents)]
    for words, name in GROUPS:
        tallies = getattr(stats, name)
        for key in ordered_keys(stats, name, site.org):
            rows.append(row(words, rule_label(site, key) if name == "by_rule" else key, tallies[key]))
    return rows


def _notes(site: Site, compliance: Compliance, shown: int, invalid: list[str]) -> Sheet:
    sheet = Sheet(NOTES, FIGURE_COLUMNS)
    now = site.now.astimezone(site.tz)
    sheet.preamble = [
        ("", f"{site.org.name}{TITLE}"),
        ("统计时间", f"{now:%Y-%m-%d %H:%M}（{site.org.time_zone}）"),
        ("统计范围", "获知时间 " + compliance.window.text() + f"，共 {shown} 件（含演练）"),
        ("统计口径", DEFINITION),
        ("实际事件", f"{compliance.real.incidents} 件，{compliance.real.total.summary()}"),
        ("演练", f"{compliance.drills.incidents} 件，{compliance.drills.total.summary()}"),
        ("受限记录", RESTRICTED_LINE),
        ("个人信息", MASK_LINE),
        ("演练标记", DRILL_LINE),
        ("时限核查", DASH_LINE),
        ("预警信息", SIGNAL_LINE.format(within=format_duration(site.policy.signals.assess_within, exact=True))),
    ]
    if invalid:
        sheet.preamble.append(("未列入", f"以下 {len(invalid)} 份记录未通过检查，修正后才会列入本台账："
                                       + "、".join(invalid)))
    sheet.preamble.append(("", "下表的数字与 yuqing stats、网站“合规统计”页同一口径、同一次检查："))
    for words, name, _ in KINDS:
        for row in _figure_rows(site, words, getattr(compliance, name)):
            sheet.add(row, "drill" if name == "drills" else None)
    return sheet


def ledger(org: Org, policy: Policy, result: Result, compliance: Compliance, *, site: Site | None = None) -> Book:
    """The workbook's sheets for the incidents discovered within ``compliance.window`` (oldest first).

    ``site`` (the renderer's index of the same result) saves building it again when the caller has one.
    """
    site = site if site is not None else build_site(org, policy, result, compliance)
    window = compliance.window
    views = sorted((view for view in site.incidents if window.holds(view.incident.discovered_at, org.tz)),
                   key=lambda view: (view.incident.discovered_at, view.id))
    main = Sheet(LEDGER, ledger_columns(policy))
    verdicts = Sheet(VERDICTS, VERDICT_COLUMNS)
    actions = Sheet(ACTIONS, ACTION_COLUMNS)
    today = site.now.astimezone(org.tz).date()
    for view in views:
        mark = "drill" if view.incident.drill else None
        main.add(_ledger_row(site, view), mark)
        for verdict in view.verdicts:
            verdicts.add(_verdict_row(site, view, verdict), mark)
        for review in view.reviews:
            for action in review.review.actions:
                owner = action.owner if not view.restricted or _known_unit(org, action.owner) else "（不公开）"
                actions.add([view.id, NOT_SHOWN if view.restricted else action.what, owner, action.due,
                             action.done_at, action_state(action, today)[1], DRILL_WORDS[view.incident.drill]], mark)
    invalid = [record.path for record, _ in site.invalid if record.kind == "incident"]
    notes = _notes(site, compliance, len(views), invalid)
    signals, trainings = _signals_and_trainings(site, result, window)
    book = Book(TITLE, [main, verdicts, actions, signals, trainings, notes], site.now, org.name, invalid)
    return masked(book, org.public_phones)


def masked(book: Book, allowed=()) -> Book:
    """Every text of the book with personal data masked, as :func:`yuqing.render.render_pages` masks each page."""
    allowed = tuple(allowed)
    seen: dict[str, str] = {}  # many cells repeat (按时, —, 否): each text is looked at once

    def clean(value):
        if not isinstance(value, str) or not could_contain_personal_data(value):
            return value
        if value not in seen:
            seen[value] = mask_personal_data(value, allowed)
        return seen[value]

    for sheet in book.sheets:
        sheet.rows = [[clean(value) for value in row] for row in sheet.rows]
        sheet.preamble = [(label, clean(text)) for label, text in sheet.preamble]
    return book


__all__ = ["ACTIONS", "Book", "Column", "DATE", "LEDGER", "NOTES", "NUMBER", "PERCENT", "SIGNALS", "Sheet", "TEXT",
           "TIME", "TRAININGS", "VERDICTS", "ledger", "ledger_columns", "masked", "obligation_header"]
