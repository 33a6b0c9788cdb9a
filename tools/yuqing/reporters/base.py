"""The reporter interface: a finished result in, one string out."""

from __future__ import annotations

from yuqing.i18n import counted


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

    def summary_line(self, result) -> str:
        """``检查了 2 个文件：1 个错误，3 个警告。`` / ``2 files checked: 1 error, 3 warnings.``"""
        summary = self.summary(result)
        if self.lang == "en":
            return (f"{counted(summary['files'], 'file')} checked: {counted(summary['errors'], 'error')}, "
                    f"{counted(summary['warnings'], 'warning')}.")
        return f"检查了 {summary['files']} 个文件：{summary['errors']} 个错误，{summary['warnings']} 个警告。"
