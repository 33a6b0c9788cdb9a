"""GitLab Code Quality report (a JSON array of issues), shown in the merge request widget."""

from __future__ import annotations

import hashlib
import json

from yuqing.reporters.base import Reporter

SEVERITY = {"error": "major", "warning": "minor"}


def fingerprint(finding) -> str:
    """Stable across runs and line moves of unrelated text: rule, file, message."""
    key = "\0".join([finding.rule, finding.path, finding.msg.en])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


class GitlabReporter(Reporter):
    def render(self, result) -> str:
        issues = [
            {
                "type": "issue",
                "check_name": f"{finding.rule} {finding.name}",
                "description": finding.message(self.lang),
                "categories": ["Compatibility" if finding.rule.startswith("YQ0") else "Bug Risk"],
                "severity": SEVERITY[finding.level],
                "fingerprint": fingerprint(finding),
                "location": {"path": finding.path, "lines": {"begin": finding.line}},
            }
            for finding in result.findings
        ]
        return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
