"""The text of a record that the site would publish, with where each piece starts in the file."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from yuqing.models.types import Visibility

# Fields a restricted record still shows (facts and verdicts): everything else stays internal.
RESTRICTED_PUBLIC = {"id", "title", "level", "status", "section", "exceptions", "source"}
NOT_TEXT = {"at", "discovered_at", "noticed_at", "occurred_at", "closed_at", "held_at", "due", "done_at", "level", "status",
            "kind", "drill", "visibility", "rule", "corrects", "incident", "id"}


@dataclass
class Piece:
    text: str
    line: int
    column: int
    loc: tuple  # () for the Markdown body
    block: bool  # the text starts on the line after ``line`` (a block scalar or the body)
    source: _LazySource | None = None  # the file's text, for a YAML value: where the value's text can be found
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)

    def position(self, offset: int, end: int | None = None) -> tuple[int, int]:
        """Line and column in the file of ``offset`` (a match ``offset:end``) within the piece.

        A YAML value's text differs from what the file holds (quotes, block-scalar indentation,
        folded lines), so the matched text is looked up in the value's part of the file.
        """
        if self.loc != () and self.source is not None and (source := self.source.get()) is not None:
            found = source.find(self.text, offset, end, source.value_span(self.line, self.column))
            if found is not None:
                return found
        if self._line_starts is None:  # once per piece: a body may hold thousands of matches
            self._line_starts = [0] + [match.end() for match in re.finditer("\n", self.text)]
        newlines = bisect_right(self._line_starts, offset) - 1
        column = offset - self._line_starts[newlines] + 1
        if self.loc == ():
            return self.line + newlines, column
        if "\n" in self.text:
            return self.line + 1 + newlines, column
        return self.line, self.column + offset


class _LazySource:
    """A document's :class:`_Source`, built only when a match needs a position (rarely)."""

    def __init__(self, doc):
        self.doc = doc
        self.built: _Source | None = None

    def get(self) -> _Source | None:
        if self.built is None and self.doc.text:
            self.built = _Source(self.doc)
        return self.built


class _Source:
    """A file's text with its line starts and the start of every YAML node, to map values back to it."""

    def __init__(self, doc):
        self.text = doc.text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self.nodes = sorted(set(doc.positions.values()) | set(doc.key_positions.values()))
        # the front matter ends at the line of its closing fence (a .md record), or with the file
        self.yaml_end = self.offset(doc.body_line - 1, 1) if doc.body_line > 1 else len(self.text)
        self._occurrences: dict = {}

    def offset(self, line: int, column: int) -> int:
        if line - 1 >= len(self.line_starts):
            return len(self.text)
        return min(self.line_starts[max(line, 1) - 1] + max(column, 1) - 1, len(self.text))

    def value_span(self, line: int, column: int) -> tuple[int, int]:
        """From the value at ``line:column`` up to the next node (nothing of another value is inside)."""
        after = bisect_right(self.nodes, (line, column))
        end = self.offset(*self.nodes[after]) if after < len(self.nodes) else self.yaml_end
        return self.offset(line, column), end

    def find(self, value: str, offset: int, end: int | None, span: tuple[int, int]) -> tuple[int, int] | None:
        """Where the match ``value[offset:end]`` is in the file: the same occurrence of its first word."""
        needle = re.split(r"\s", value[offset:end if end is not None else offset + 1], maxsplit=1)[0]
        if not needle:
            return None
        key = (span, needle)
        if key not in self._occurrences:  # computed once per value and word: a text may repeat it thousands of times
            self._occurrences[key] = (_occurrences(value, needle, 0, len(value)),
                                      _occurrences(self.text, needle, *span))
        in_value, in_file = self._occurrences[key]
        nth = bisect_left(in_value, offset)
        if nth >= len(in_file):
            return None
        at = in_file[nth]
        line = bisect_left(self.line_starts, at + 1)
        return line, at - self.line_starts[line - 1] + 1


def _occurrences(text: str, needle: str, start: int, end: int) -> list[int]:
    found, at = [], text.find(needle, start, end)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1, end)
    return found


def _walk(value, path: tuple):
    """(path, text) of every string (and number, published as text) inside ``value``, in document order.

    Values under keys that are never text (times, levels, codes) are not entered.
    """
    stack = [(path, value)]
    pop, push = stack.pop, stack.append
    while stack:
        path, value = pop()
        kind = type(value)
        if kind is str:
            yield path, value
        elif kind is dict:
            for key, item in reversed(value.items()):
                if key not in NOT_TEXT:
                    push((path + (key,), item))
        elif kind is list:
            for index in range(len(value) - 1, -1, -1):
                push((path + (index,), value[index]))
        elif kind is int or kind is float:
            yield path, str(value)  # a number where text is meant is kept as text (and published): 13812345678


def _texts(record) -> list[tuple[tuple, str]]:
    """(path, text) of every published string, the body last with path (); computed once."""
    if "published_texts" not in record.derived:
        doc = record.doc
        found: list[tuple[tuple, str]] = []
        if record.kind == "doc":
            found.append(((), doc.body))
        else:
            data = doc.data if isinstance(doc.data, dict) else {}
            restricted = data.get("visibility") in (Visibility.RESTRICTED.value, "受限")
            top = {key: value for key, value in data.items() if not restricted or key in RESTRICTED_PUBLIC}
            found += [(path, text) for path, text in _walk(top, ()) if text and not (path and path[-1] in NOT_TEXT)]
            if doc.body and not restricted:
                found.append(((), doc.body))
        record.derived["published_texts"] = found
    return record.derived["published_texts"]


def published_text(record) -> str:
    """All published strings of the record joined by newlines: one scan tells whether any piece can match."""
    if "published_text" not in record.derived:
        record.derived["published_text"] = "\n".join(text for _, text in _texts(record))
    return record.derived["published_text"]


def published_pieces(record) -> list[Piece]:
    """Every string the site would show for this record (all of it for docs pages); computed once."""
    if "published_pieces" not in record.derived:
        record.derived["published_pieces"] = list(_pieces(record))
    return record.derived["published_pieces"]


def _pieces(record) -> Iterator[Piece]:
    doc = record.doc
    source = _LazySource(doc)
    seen = set()  # an alias (*name) repeats its anchor's value: one finding at the anchor is enough
    for path, text in _texts(record):
        if path == ():
            yield Piece(text, doc.body_line, 1, (), True)
            continue
        line, column = doc.locate(path)
        if (line, column) in seen:
            continue
        seen.add((line, column))
        yield Piece(text, line, column, path, "\n" in text, source)
