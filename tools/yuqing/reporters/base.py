"""The reporter interface: a finished result in, one string out."""

from __future__ import annotations


class Reporter:
    """Renders a check result; ``lang`` picks Chinese or English messages."""

    NEEDS_VERDICTS = False  # whether it reads the deadline verdicts (not only the findings)

    def __init__(self, lang: str = "zh", color: bool = False):
        self.lang = lang
        self.color = color

    def render(self, result) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    def summary(self, result) -> dict:
        return {"files": result.files, "errors": result.errors, "warnings": result.warnings}
