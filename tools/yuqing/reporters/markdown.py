"""A Markdown summary for ``$GITHUB_STEP_SUMMARY`` and merge-request notes (Chinese by default).

Three parts: the counts, a findings table (文件:行, 级别, 规则, 说明) and the list of what is
overdue or due soon — who must do what by when (see :mod:`yuqing.overdue`).
"""

from __future__ import annotations

from yuqing.compliance import compute
from yuqing.overdue import STATE_LABELS, Due, overdue
from yuqing.reporters.base import Reporter
from yuqing.timeparse import format_time

#: At most this many rows per table: a job summary has a size limit (1 MiB on GitHub).
MAX_ROWS = 300

WORDS = {
    "zh": {
        "title": "舆情台账检查结果",
        "clock": "检查时间：{now}（北京时间）。",
        "ok": "✅ 没有错误，可以合并。",
        "alarm": "🚨 有 {n} 项时限或义务超时、缺失且没有情况说明，或整改措施过期未完成：定时检查不通过。"
                 "请责任科室如实补记；确实超时或未做的，在 exceptions 中写明情况说明；整改措施完成后填写 done_at。",
        "blocked": "❌ 有错误：请按“说明”修改后再提交。时间如实的，不要改动时间，在 exceptions 中写明情况说明。",
        "findings": "问题清单",
        "no_findings": "没有发现问题。",
        "head": ("文件:行", "级别", "规则", "说明"),
        "error": "❌ 错误",
        "warning": "⚠️ 警告",
        "due_title": "逾期和即将到期事项（谁、在什么时间前、做什么）",
        "no_due": "当前没有逾期或即将到期的事项。",
        "due_head": ("谁", "在什么时间前", "做什么", "事件", "状态"),
        "more": "……另有 {n} 条未列出，请在本地运行 `yuqing check` 查看全部。",
        "overdue_by": "已逾期 {d}",
        "drill": "【演练】",
        "where": "位置",
        "compliance": "合规情况（全部记录）",
        "real": "实际事件 {n} 件，{summary}。",
        "drills": "演练 {n} 次（单独统计），{summary}。",
        "none_due": "暂无已到期的义务。",
        "definition": "口径与网站“合规统计”页相同：按时率 = 按时完成的义务 ÷ 已到期的义务。",
    },
    "en": {
        "title": "yuqing check results",
        "clock": "Checked at {now} (Beijing time).",
        "ok": "✅ No errors.",
        "alarm": "🚨 {n} {obligations} late or missing with no exception, or review actions past due: the "
                 "scheduled check fails. Record what was done, truthfully, or explain it in exceptions.",
        "blocked": "❌ Errors: fix them as the messages say. Keep true times; explain delays in exceptions.",
        "findings": "Findings",
        "no_findings": "No findings.",
        "head": ("file:line", "level", "rule", "message"),
        "error": "❌ error",
        "warning": "⚠️ warning",
        "due_title": "Overdue and due soon (who, by when, what)",
        "no_due": "Nothing is overdue or due soon.",
        "due_head": ("who", "by when", "what", "incident", "state"),
        "more": "… {n} more not listed; run `yuqing check` to see them all.",
        "overdue_by": "{d} overdue",
        "drill": "[drill] ",
        "where": "at",
        "compliance": "Compliance (all records)",
        "real": "Incidents: {n}, {summary}.",
        "drills": "Drills (counted apart): {n}, {summary}.",
        "none_due": "No obligation due yet.",
        "definition": "As on the site's statistics page: on-time rate = obligations met on time / obligations due.",
    },
}


def cell(text: str) -> str:
    """Text safe inside one Markdown table cell: no pipes, no line breaks, no raw HTML, no links or images.

    A finding quotes a record's text, and the summary is posted as a merge-request note: a
    record must not be able to put a link, a tracking image or markup into it.
    """
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("|", "\\|")
    return " ".join(text.split())


class MarkdownReporter(Reporter):
    NEEDS_VERDICTS = True  # the table of what is overdue or due soon

    def render(self, result) -> str:
        words = WORDS["en" if self.lang == "en" else "zh"]
        summary = self.summary(result)
        tz = result.org.tz if getattr(result, "org", None) is not None else result.now.tzinfo
        lines = [f"## {words['title']}", ""]
        gap = " " if self.lang == "en" else ""
        lines.append(self.summary_line(result) + gap + words["clock"].format(now=format_time(result.now, tz)))
        alarm = len(result.alarm)
        closing = words["blocked"] if summary["errors"] else words["alarm"].format(
            n=alarm, obligations="obligation is" if alarm == 1 else "obligations are") if alarm else words["ok"]
        lines += ["", closing, ""]

        lines += [f"### {words['findings']}", ""]
        if result.findings:
            lines += self._table(words["head"], [self._finding_row(f, words) for f in result.findings], words)
        else:
            lines.append(words["no_findings"])
        lines.append("")

        if result.full:
            lines += self._compliance(result, words)

        rows = overdue(result)
        lines += [f"### {words['due_title']}", ""]
        if rows:
            lines += self._table(words["due_head"], [self._due_row(row, words, tz) for row in rows], words)
        else:
            lines.append(words["no_due"])
        return "\n".join(lines) + "\n"

    def _compliance(self, result, words) -> list[str]:
        """The ledger's figures, in the words of the site and ``yuqing stats`` (a full check only)."""
        tz = result.org.tz if getattr(result, "org", None) is not None else result.now.tzinfo
        figures = compute(result, tz)
        lines = [f"### {words['compliance']}", ""]
        for stats, key in ((figures.real, "real"), (figures.drills, "drills")):
            if key == "drills" and not stats.incidents:
                continue
            summary = stats.total.summary(self.lang, "**") if stats.total.decided else words["none_due"]
            lines.append(words[key].format(n=stats.incidents, summary=summary))
            lines.append("")
        return lines + [words["definition"], ""]

    def _table(self, head, rows, words) -> list[str]:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows[:MAX_ROWS]]
        if len(rows) > MAX_ROWS:
            out += ["", words["more"].format(n=len(rows) - MAX_ROWS)]
        return out

    def _finding_row(self, finding, words) -> tuple:
        return (f"{finding.path}:{finding.line}", words[finding.level], f"{finding.rule} {finding.name}",
                finding.message(self.lang))

    def _due_row(self, row: Due, words, tz) -> tuple:
        colon = "：" if self.lang != "en" else ": "
        what = row.what.text(self.lang) + colon
        if row.detail is not None:
            what += row.detail.text(self.lang) + ("" if self.lang != "en" else " ")
        what += row.todo.text(self.lang)
        incident = f"{words['drill'] if row.drill else ''}{row.incident} {row.title}（{words['where']} {row.path}:{row.line}）"
        if self.lang == "en":
            incident = f"{words['drill'] if row.drill else ''}{row.incident} {row.title} ({row.path}:{row.line})"
        state = f"{row.rule} " + STATE_LABELS[row.state].text(self.lang)
        if row.overdue_by is not None:
            state += "，" if self.lang != "en" else ", "
            state += words["overdue_by"].format(d=row.overdue_text(self.lang))
        return (row.who(self.lang), row.due_text(tz, self.lang), what, incident, state)

