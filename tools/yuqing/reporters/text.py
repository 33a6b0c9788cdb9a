"""Human-readable findings, one per line as ``file:line:column: level code name message``."""

from __future__ import annotations

from yuqing.reporters.base import Reporter

LEVEL_WORDS = {"zh": {"error": "错误", "warning": "警告"}, "en": {"error": "error", "warning": "warning"}}
#: The closing line of a full check while obligations are late or missing and unexplained (exit 1).
ALARM = {
    "zh": "有 {n} 项时限或义务超时、缺失且没有情况说明，或整改措施过期未完成（见上面各条）：定时检查不通过。"
          "请责任科室如实补记；确实超时或未做的，在 exceptions 中写明情况说明；整改措施完成后填写 done_at。",
    "en": "{n} {obligations} late or missing with no exception, or review actions past due (see above): "
          "the scheduled check fails. Record what was done, truthfully, or explain it in exceptions; "
          "fill in done_at when an action is done.",
}
COLORS = {"error": "\033[31m", "warning": "\033[33m", "path": "\033[1m", "reset": "\033[0m", "ok": "\033[32m"}


class TextReporter(Reporter):
    def paint(self, text: str, what: str) -> str:
        return f"{COLORS[what]}{text}{COLORS['reset']}" if self.color else text

    def render(self, result) -> str:
        lines = []
        for finding in result.findings:
            where = self.paint(f"{finding.path}:{finding.line}:{finding.column}", "path")
            level = self.paint(LEVEL_WORDS[self.lang][finding.level], finding.level)
            lines.append(f"{where}: {level} {finding.rule} {finding.name} {finding.message(self.lang)}")
        summary = self.summary(result)
        tail = self.summary_line(result)
        if not summary["errors"] and not summary["warnings"]:
            tail = self.paint(tail, "ok")
        lines.append(tail)
        alarm = len(result.alarm)
        if alarm:
            noun = "obligation is" if alarm == 1 else "obligations are"
            lines.append(self.paint(ALARM[self.lang].format(n=alarm, obligations=noun), "error"))
        return "\n".join(lines) + "\n"
