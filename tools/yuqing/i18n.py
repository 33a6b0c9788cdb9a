"""Bilingual message text: every user-facing sentence exists in Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("zh", "en")


@dataclass(frozen=True)
class Msg:
    """A message in Chinese (the default) and English."""

    zh: str
    en: str

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def __add__(self, other: Msg) -> Msg:
        """Concatenate; English parts get one space between words, none before punctuation or twice."""
        left, right = self.en, other.en
        glue = "" if (not left or not right or left[-1].isspace() or right[0].isspace()
                      or right[0] in ".,;:)") else " "
        return Msg(self.zh + other.zh, left + glue + right)


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``1 file``, ``2 files``, ``0 errors``: an English count with its noun in the right number."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
