"""首页: open incidents, obligations due or overdue (who, what, by when), this year's on-time rate, latest reviews."""

from __future__ import annotations

from yuqing.compliance import Tally
from yuqing.findings import Outcome
from yuqing.render import markup as m
from yuqing.render.model import CASES, DUTIES, HOME, INCIDENTS, QUICK_CARD, REVIEWS, RULES, STATS, Site
from yuqing.render.reviews import counts
from yuqing.render.wording import who
from yuqing.timeparse import format_duration

LATEST_REVIEWS = 5

#: Hand-written pages the home page links to when they exist (uri, words).
GUIDES = (
    ("plan/index.md", "应急预案全文"),
    ("guide/submit.md", "提交指南：怎样登记一起舆情事件"),
    ("training/self-check.md", "自测题"),
)


def todo_rows(site: Site, page: str = HOME) -> list[tuple]:
    """(due, sort rank, overdue?, cells) of every obligation due or overdue, and every overdue review
    action, with links relative to ``page``."""
    now = site.now
    today = now.astimezone(site.tz).date()
    rows = []
    for view in site.incidents:
        inc = view.incident
        link = m.link(m.text(inc.id), page, view.uri)
        for verdict in view.verdicts:
            if verdict.outcome is Outcome.PENDING and verdict.due is not None:
                state = m.badge_for_kind("pending", f"未到期，还剩{format_duration(verdict.due - now)}")
            elif verdict.outcome is Outcome.MISSING:
                state = m.badge_for_kind("missing", "已逾期，尚未完成")
            elif verdict.outcome is Outcome.LATE:
                state = m.badge_for_kind("late", f"{m.verdict_label(verdict)}，需补充情况说明")
            else:
                continue
            due = m.when(verdict.due, site.tz, verdict.digits(site.tz))
            overdue = verdict.outcome is not Outcome.PENDING
            rows.append((verdict.due or now, 0, overdue, [link, m.level_tag(inc.level.value),
                                                  m.text(who(verdict.rule, site.org, inc.section)),
                                                  m.text(verdict.what.zh), due, state]))
    for review in site.reviews:
        view = review.incident
        restricted = review.restricted
        for action in review.review.actions:
            if action.done_at is None and today > action.due:
                link = m.link(m.text(view.id), page, review.uri) if view else m.text(review.review.incident)
                what = "复盘整改措施" + ("" if restricted else "：" + m.text(action.what))
                rows.append((None, 1, True, [link, m.level_tag(view.incident.level.value) if view else "—",
                                       m.text(action.owner) if not restricted else m.text(view.incident.section),
                                       what, m.day(action.due),
                                       m.badge_for_kind("missing", f"逾期 {(today - action.due).days} 天")]))
    return rows


def _rate_sentence(tally: Tally | None, what: str) -> str:
    if tally is None or not tally.decided:
        return f"{what}暂无已到期的义务。"
    return f"{what}{tally.summary(strong='**')}。"


#: The home page lists at most this many items of a kind (the most urgent; the rest on their own pages),
#: so that it does not grow with the ledger (DESIGN §11: every generator's page and search limits).
HOME_ROWS = 20
TODO = "todo.md"


def todo_table(todos: list) -> str:
    return m.table(["事件", "级别", "谁", "做什么", "截止", "状态"], [cells for _, _, _, cells in todos])


def todo_page(site: Site) -> str:
    """Every obligation due or overdue, most urgent first (the home page shows the first ones)."""
    todos = sorted(todo_rows(site, page=TODO), key=lambda item: (item[1], item[0] or site.now))
    out = [m.front_matter("navigation"), "# 到期和逾期的义务", "",
           f"数据截至 {m.clock(site.now, site.tz)}。谁、做什么、什么时候之前完成，按紧迫程度排列。", ""]
    out += [m.unsearched(todo_table(todos)), ""] if todos else ["目前没有到期或逾期的义务。", ""]
    return "\n".join(out + [f"返回{m.link('首页', TODO, HOME)}。", ""])


def home_page(site: Site, pages: set[str] | frozenset[str] = frozenset()) -> str:
    page = HOME
    tz = site.tz
    year = str(site.now.astimezone(tz).year)
    real = site.compliance.real
    drills = site.compliance.drills
    open_views = [v for v in site.incidents if not v.incident.is_closed]
    todos = todo_rows(site)
    overdue = sum(1 for _, rank, late, _ in todos if late and rank == 0)
    today = site.now.astimezone(tz).date()

    out = [m.front_matter("navigation"), f"# {m.text(m.plain_title(site.org.name))}舆情处置台账", "",
           "本站根据《鄞州区民政局舆情应急处置预案》和各科室提交的事件记录自动生成，"
           f"数据截至 {m.clock(site.now, tz)}。记录的提交和修改请见提交指南。", ""]
    this_year = real.by_year.get(year)
    summary = [[str(len(open_views)), str(overdue), this_year.rate_text() if this_year else "—",
                str(sum(counts(r, today)[2] for r in site.reviews))]]
    out += [m.table(["未办结事件", "逾期或超时未说明的义务", f"{year} 年按时率", "逾期的整改措施"], summary,
                    ["c", "c", "c", "c"]), ""]

    out += ["## 今年的合规情况", "", _rate_sentence(this_year, f"{year} 年实际事件"),
            _rate_sentence(real.total, "历年累计"), ""]
    if drills.incidents:
        out += [_rate_sentence(drills.total, f"演练（{drills.incidents} 次，单独统计）"), ""]
    out += [f"详见{m.link('合规统计', page, STATS)}。", ""]

    out += ["## 到期和逾期的义务", ""]
    if todos:
        todos.sort(key=lambda item: (item[1], item[0] or site.now))
        out += ["谁、做什么、什么时候之前完成：", "", todo_table(todos[:HOME_ROWS]), ""]
        if len(todos) > HOME_ROWS:
            out += [f"以上是最紧迫的 {HOME_ROWS} 项，另有 {len(todos) - HOME_ROWS} 项，"
                    f"见{m.link('全部到期和逾期的义务', page, TODO)}。", ""]
    else:
        out += ["目前没有到期或逾期的义务。", ""]

    out += ["## 处置中的事件", ""]
    if open_views:
        rows = []
        for view in open_views[:HOME_ROWS]:
            inc = view.incident
            pending = [v.due for v in view.verdicts if v.outcome is Outcome.PENDING and v.due is not None]
            rows.append([m.link(m.text(inc.id), page, view.uri), m.text(inc.title), m.level_tag(inc.level.value),
                         m.text(inc.section), inc.status.value, m.when(inc.discovered_at, tz),
                         m.when(min(pending), tz) if pending else "—"])
        out += [m.table(["编号", "标题", "级别", "责任科室", "状态", "获知时间", "下一个时限"], rows), ""]
    else:
        out += ["目前没有未办结的事件。", ""]
    more = f"以上是最近的 {HOME_ROWS} 件，共 {len(open_views)} 件未办结；" if len(open_views) > HOME_ROWS else ""
    out += [f"{more}全部事件见{m.link('舆情事件', page, INCIDENTS)}（可按状态筛选）。", ""]

    out += ["## 最近的复盘", ""]
    if site.reviews:
        for review in site.reviews[:LATEST_REVIEWS]:
            view = review.incident
            n, done, late = counts(review, today)
            label = f"{m.text(view.id)} {m.text(view.incident.title)}" if view else m.text(review.review.incident)
            extra = f"，逾期 {late} 项" if late else ""
            out.append(f"- {m.when(review.review.held_at, tz)} {m.link(label, page, review.uri)}"
                       f"（整改措施 {n} 项，已完成 {done} 项{extra}）")
        out += ["", f"全部复盘见{m.link('复盘评估', page, REVIEWS)}。", ""]
    else:
        out += ["暂无复盘记录。", ""]

    out += ["## 从这里开始", ""]
    links = [(DUTIES, "职责与时限：每一级舆情谁向谁报告、多长时间内"), (QUICK_CARD, "应急速查卡（可打印）"),
             (CASES, "演练案例"), (RULES, "规则说明：检查提示的含义和改法")]
    links += [(uri, words) for uri, words in GUIDES if uri in pages]
    out += [f"- {m.link(words, page, uri)}" for uri, words in links]
    out.append("")
    return "\n".join(out)
