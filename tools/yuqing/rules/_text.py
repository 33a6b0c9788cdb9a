"""The text of a record that the site would publish, with where each piece starts in the file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from yuqing.models.types import Visibility

# Fields a restricted record still shows (facts and verdicts): everything else stays internal.
RESTRICTED_PUBLIC = {"id", "title", "level", "status", "section", "exceptions", "source"}
NOT_TEXT = {"at", "discovered_at", "occurred_at", "closed_at", "held_at", "due", "done_at", "level", "status",
            "kind", "drill", "visibility", "rule", "corrects", "incident", "id"}


@dataclass
class Piece:
    text: str
    line: int
    column: int
    loc: tuple  # () for the Markdown body
    block: bool  # the text starts on the line after ``line`` (a block scalar or the body)

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column of ``offset`` within the piece."""
        before = self.text[:offset]
        newlines = before.count("\n")
        if self.loc == ():
            return self.line + newlines, offset - (before.rfind("\n") + 1) + 1
        if "\n" in self.text:
            return self.line + 1 + newlines, offset - (before.rfind("\n") + 1) + 1
        return self.line, self.column + offset


def _walk(value, path: tuple):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, path + (index,))


def published_pieces(record) -> list[Piece]:
    """Every string the site would show for this record (all of it for docs pages); computed once."""
    if "published_pieces" not in record.derived:
        record.derived["published_pieces"] = list(_pieces(record))
    return record.derived["published_pieces"]


def _pieces(record) -> Iterator[Piece]:
    doc = record.doc
    if record.kind == "doc":
        yield Piece(doc.body, doc.body_line, 1, (), True)
        return
    data = doc.data if isinstance(doc.data, dict) else {}
    restricted = data.get("visibility") in (Visibility.RESTRICTED.value, "受限")
    for path, text in _walk(data, ()):
        if not text or (path and path[-1] in NOT_TEXT):
            continue
        if restricted and path[0] not in RESTRICTED_PUBLIC:
            continue
        line, column = doc.locate(path)
        yield Piece(text, line, column, path, "\n" in text)
    if doc.body and not restricted:
        yield Piece(doc.body, doc.body_line, 1, (), True)
