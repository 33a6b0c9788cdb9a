"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message``."""

from __future__ import annotations

from yuqing.reporters.base import Reporter


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    def render(self, result) -> str:
        lines = []
        for finding in result.findings:
            command = "error" if finding.level == "error" else "warning"
            props = ",".join([
                f"file={_escape_property(finding.path)}",
                f"line={finding.line}",
                f"col={finding.column}",
                f"title={_escape_property(f'{finding.rule} {finding.name}')}",
            ])
            lines.append(f"::{command} {props}::{_escape_data(finding.message(self.lang))}")
        return "".join(line + "\n" for line in lines)
