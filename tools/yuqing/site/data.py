"""Loading the records once for a site build: workspace, check result, compliance, finding lines.

Shared by the MkDocs plugin and the ``build`` / ``serve`` / ``render-pages`` commands; no
MkDocs imports here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from yuqing.checking import NOW_ENV, Check, Result, open_repository, parse_now, run_check
from yuqing.compliance import Compliance
from yuqing.export import workbook
from yuqing.findings import Finding
from yuqing.render import Repository, render_calendars, render_form_files, render_pages
from yuqing.render.model import LEDGER_DOWNLOAD
from yuqing.reporters.text import LEVEL_WORDS
from yuqing.workspace import Workspace

__all__ = ["NOW_ENV", "SiteData", "check_workspace", "finding_line", "load"]


@dataclass
class SiteData:
    """One check of the repository, ready to be rendered."""

    check: Check

    @property
    def workspace(self) -> Workspace:
        return self.check.workspace

    @property
    def result(self) -> Result:
        return self.check.result

    @property
    def compliance(self) -> Compliance:
        return self.check.compliance

    @property
    def unreadable(self) -> list[Finding]:
        """Findings of the records that cannot be read at all (the build stops on these)."""
        paths = {record.path for record in self.result.unreadable}
        return [finding for finding in self.result.findings if finding.path in paths]

    def pages(self, existing: set[str] | frozenset[str] = frozenset(),
              repository: Repository | None = None, site_url: str | None = None) -> dict[str, str]:
        workspace = self.workspace
        return render_pages(workspace.org, workspace.policy, self.result, compliance=self.compliance,
                            history=self.check.revisions(), pages=existing, recorded=self.check.recorded(),
                            lacked=self.check.lacked(), repository=repository, site_url=site_url)

    def calendars(self, site_url: str | None = None, directory_urls: bool = True) -> dict[str, bytes]:
        """The calendar feeds (``calendar.ics``, ``calendar/<slug>.ics``) from the same check as the pages."""
        workspace = self.workspace
        return render_calendars(workspace.org, workspace.policy, self.result, site_url=site_url,
                                directory_urls=directory_urls)

    def form_files(self) -> dict[str, bytes]:
        """The 填报 page's data of each published record (``form/records/*.json``, ``form/signals/*.json``)."""
        workspace = self.workspace
        return render_form_files(workspace.org, workspace.policy, self.result)

    def linked_files(self, site_url: str | None = None, directory_urls: bool = True) -> dict[str, bytes]:
        """The files the pages link to, as ``{site-relative path: bytes}``: the calendar feeds and the workbook."""
        return {**self.calendars(site_url, directory_urls), LEDGER_DOWNLOAD: self.workbook()}

    def files(self, site_url: str | None = None, directory_urls: bool = True) -> dict[str, bytes]:
        """Every file the pages link to or fetch, as ``{site-relative path: bytes}``: the calendar feeds, the
        ledger workbook and the form's per-record data. Both generators publish exactly these."""
        return {**self.linked_files(site_url, directory_urls), **self.form_files()}

    def workbook(self) -> bytes:
        """The ledger workbook the site offers for download (every incident), from this same check."""
        workspace = self.workspace
        return workbook(workspace.org, workspace.policy, self.result, self.compliance)


def load(root: Path | str, now: str | datetime | None = None) -> SiteData:
    """Open the repository at ``root`` and run a full check once (records, hand-written pages, Git rules
    that need no range), as ``yuqing check`` without arguments does. Raises ConfigError."""
    return check_workspace(open_repository(root), now)


def check_workspace(workspace: Workspace, now: str | datetime | None = None) -> SiteData:
    """:func:`load` on an already opened workspace: the front door's full check with every verdict."""
    moment = now if isinstance(now, datetime) else parse_now(now, workspace)
    return SiteData(run_check(workspace, moment, verdicts=True))


def finding_line(finding: Finding, lang: str = "zh") -> str:
    """A finding in the exact words of ``yuqing check``'s text format (without colour)."""
    level = LEVEL_WORDS[lang][finding.level]
    return f"{finding.path}:{finding.line}:{finding.column}: {level} {finding.rule} {finding.name} {finding.message(lang)}"
