"""The JSON shape of DESIGN §5: ``{"findings": [...], "summary": {...}}``."""

from __future__ import annotations

import json

from yuqing.reporters.base import Reporter


class JsonReporter(Reporter):
    def render(self, result) -> str:
        document = {
            "findings": [finding.as_dict(self.lang) for finding in result.findings],
            "summary": self.summary(result),
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
