"""复盘评估: the review index and one page per review, with action items (owner, due, done/overdue)."""

from __future__ import annotations

from datetime import date

from yuqing.models.review import Action
from yuqing.render import markup as m
from yuqing.render.incidents import WIDE_PAGE, record_tail
from yuqing.render.model import REVIEWS, ReviewView, Site

RESTRICTED_NOTE = "所复盘的事件为受限记录：网站只显示复盘时间和整改措施的完成情况，不显示参加人员、结论、措施内容和正文。"


def action_state(action: Action, today: date) -> tuple[str, str]:
    """(css kind, words) of an action item on ``today``."""
    if action.done_at is not None:
        if action.done_at > action.due:
            return "late", f"已完成（{action.done_at}，逾期 {(action.done_at - action.due).days} 天）"
        return "met", f"已完成（{action.done_at}）"
    if today > action.due:
        return "missing", f"逾期 {(today - action.due).days} 天未完成"
    return "pending", f"进行中（{(action.due - today).days} 天后到期）"


def counts(review: ReviewView, today: date) -> tuple[int, int, int]:
    """(actions, done, overdue) of a review."""
    actions = review.review.actions
    done = sum(1 for a in actions if a.done_at is not None)
    overdue = sum(1 for a in actions if a.done_at is None and today > a.due)
    return len(actions), done, overdue


def _known_unit(site: Site, name: str) -> bool:
    return name in site.org.section_names or name in site.org.role_names or name in site.org.external_bodies


def _incident_cell(site: Site, review: ReviewView, page: str) -> tuple[str, str]:
    view = review.incident
    if view is None:
        return m.text(review.review.incident), "（事件记录不存在）"
    return m.link(m.text(view.id), page, view.uri), m.text(view.incident.title)


def index_page(site: Site) -> str:
    page = REVIEWS
    today = site.now.astimezone(site.tz).date()
    out = [WIDE_PAGE, "# 复盘评估", "",
           "预案四(四)：舆情应急处置结束后，局办公室会同责任科室及时组织相关部门和有关专家对事件舆情处置过程进行复盘，"
           "对工作成效进行总结评估。下表列出每次复盘及其整改措施的完成情况。", ""]
    if not site.reviews:
        return "\n".join(out + ["暂无复盘记录。", ""])
    total = sum(len(r.review.actions) for r in site.reviews)
    overdue = sum(counts(r, today)[2] for r in site.reviews)
    out += [f"共 {len(site.reviews)} 份复盘记录，整改措施 {total} 项，其中逾期未完成 {overdue} 项。", ""]
    out.append('<div class="yq-filter" data-filters="级别,责任科室,类型"></div>')
    out.append("")
    rows = []
    for review in site.reviews:
        incident, title = _incident_cell(site, review, page)
        view = review.incident
        n, done, late = counts(review, today)
        state = f"{n} 项，已完成 {done} 项"
        if late:
            state += "，" + m.badge_for_kind("missing", f"逾期 {late} 项")
        rows.append([
            m.link(m.when(review.review.held_at, site.tz), page, review.uri), incident, title,
            m.level_tag(view.incident.level.value) if view else "—",
            m.text(view.incident.section) if view else "—",
            "演练" if view and view.incident.drill else "实际",
            state,
        ])
    out.append(m.unsearched(m.table(["复盘时间", "事件", "标题", "级别", "责任科室", "类型", "整改措施"], rows)))
    out.append("")
    return "\n".join(out)


def review_page(site: Site, review: ReviewView) -> str:
    page = review.uri
    rev = review.review
    today = site.now.astimezone(site.tz).date()
    restricted = review.restricted
    view = review.incident
    title = f"复盘评估：{view.id} {view.incident.title}" if view else f"复盘评估：{rev.incident}"
    out = [m.page_head(title, "navigation")]
    if view is not None and view.incident.drill:
        out += [m.tag("演练", "drill"), ""]
    if restricted:
        out += [m.unsearched(m.admonition("warning", "受限记录", RESTRICTED_NOTE)), ""]
    rows = []
    if view is not None:
        rows.append(["事件", m.link(m.text(view.id), page, view.uri)])
        rows.append(["级别", view.incident.level.value])
        rows.append(["责任科室", m.text(view.incident.section)])
        rows.append(["办结时间", m.when(view.incident.closed_at, site.tz)])
    else:
        rows.append(["事件", m.text(rev.incident) + "（事件记录不存在）"])
    rows.append(["复盘时间", m.when(rev.held_at, site.tz)])
    if not restricted or _known_unit(site, rev.organizer):
        rows.append(["组织", m.text(rev.organizer)])
    if not restricted:
        rows.append(["参加", m.text(m.names(rev.participants))])
        if rev.experts:
            rows.append(["专家", m.text(m.names(rev.experts))])
    rows.append(["记录文件", m.code(review.record.path)])
    if not restricted:
        out += m.lede("复盘结论", rev.conclusion)
    out += [m.unsearched_heading("基本信息"), "", m.table(["项目", "内容"], rows), ""]
    out += [m.unsearched_heading("整改措施"), ""]
    if rev.actions:
        action_rows = []
        for number, action in enumerate(rev.actions, start=1):
            kind, words = action_state(action, today)
            what = "（受限记录，内容不公开）" if restricted else m.text(action.what)
            owner = m.text(action.owner) if not restricted or _known_unit(site, action.owner) else "（不公开）"
            action_rows.append([str(number), what, owner, m.day(action.due), m.badge_for_kind(kind, words)])
        out += [m.table(["序号", "措施", "责任", "期限", "完成情况"], action_rows, ["r", "l", "l", "l", "l"]), ""]
    else:
        out += ["本次复盘没有提出整改措施。", ""]
    out += record_tail(site, review.record, review.findings, restricted, page, "复盘报告")
    out += [f"返回{m.link('复盘评估', page, REVIEWS)}。", ""]
    return "\n".join(out)
