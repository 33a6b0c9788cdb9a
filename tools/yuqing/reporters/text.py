"""Human-readable findings, one per line as ``file:line:column: level code name message``."""

from __future__ import annotations

from yuqing.reporters.base import Reporter

LEVEL_WORDS = {"zh": {"error": "错误", "warning": "警告"}, "en": {"error": "error", "warning": "warning"}}
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
        if self.lang == "en":
            tail = (f"{summary['files']} files checked: {summary['errors']} errors, "
                    f"{summary['warnings']} warnings.")
        else:
            tail = f"检查了 {summary['files']} 个文件：{summary['errors']} 个错误，{summary['warnings']} 个警告。"
        if not summary["errors"] and not summary["warnings"]:
            tail = self.paint(tail, "ok")
        lines.append(tail)
        return "\n".join(lines) + "\n"
