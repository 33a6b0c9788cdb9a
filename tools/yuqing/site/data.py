"""Loading the records once for a site build: workspace, check result, compliance, finding lines.

Shared by the MkDocs plugin and the ``build`` / ``serve`` / ``render-pages`` commands; no
MkDocs imports here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from yuqing.checking import NOW_ENV, open_repository, parse_now, run_check
from yuqing.compliance import Compliance
from yuqing.engine import Result
from yuqing.findings import Finding
from yuqing.git import GitHistory, record_history
from yuqing.render import render_pages
from yuqing.reporters.text import LEVEL_WORDS
from yuqing.workspace import Workspace

__all__ = ["NOW_ENV", "SiteData", "check_workspace", "finding_line", "load"]


@dataclass
class SiteData:
    """One check of the repository, ready to be rendered."""

    workspace: Workspace
    result: Result
    compliance: Compliance
    git: GitHistory | None = None  # the repository's history, when it is a Git work tree

    @property
    def unreadable(self) -> list[Finding]:
        """Findings of the records that cannot be read at all (the build stops on these)."""
        paths = {record.path for record in self.result.unreadable}
        return [finding for finding in self.result.findings if finding.path in paths]

    def history(self) -> dict[str, list] | None:
        """Revisions per incident and review file for the 修订历史 sections (None outside Git).

        This is the hook between Git and the pure renderer: any mapping of record path to
        revisions with date (or time), author and message will do.
        """
        if self.git is None:
            return None
        return {record.path: self.git.revisions(record.path) for record in self.result.records
                if record.kind in ("incident", "review")}

    def recorded(self) -> dict[str, dict] | None:
        """When each report, response and escalation was first committed, per incident file (None outside Git)."""
        if self.git is None:
            return None
        return {record.path: record_history(self.git, record.path).first_seen for record in self.result.records
                if record.kind == "incident" and record.model is not None}

    def pages(self, existing: set[str] | frozenset[str] = frozenset()) -> dict[str, str]:
        workspace = self.workspace
        return render_pages(workspace.org, workspace.policy, self.result, compliance=self.compliance,
                            history=self.history(), pages=existing, recorded=self.recorded())


def load(root: Path | str, now: str | datetime | None = None) -> SiteData:
    """Open the repository at ``root`` and run a full check once (records, hand-written pages, Git rules
    that need no range), as ``yuqing check`` without arguments does. Raises ConfigError."""
    return check_workspace(open_repository(root), now)


def check_workspace(workspace: Workspace, now: str | datetime | None = None) -> SiteData:
    """:func:`load` on an already opened workspace: the front door's full check with every verdict."""
    moment = now if isinstance(now, datetime) else parse_now(now, workspace)
    check = run_check(workspace, moment, verdicts=True)
    return SiteData(workspace, check.result, check.compliance, check.history)


def finding_line(finding: Finding, lang: str = "zh") -> str:
    """A finding in the exact words of ``yuqing check``'s text format (without colour)."""
    level = LEVEL_WORDS[lang][finding.level]
    return f"{finding.path}:{finding.line}:{finding.column}: {level} {finding.rule} {finding.name} {finding.message(lang)}"
