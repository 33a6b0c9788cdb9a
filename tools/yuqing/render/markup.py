"""Markdown building blocks of the generated pages: escaping, links, tables, badges, times.

Everything here is pure text work. Record text (titles, summaries, names, response texts)
is always passed through :func:`text` before it lands in a page, so that a record cannot
inject Markdown or HTML structure into the site. Links between generated pages are plain
relative Markdown links to ``.md`` files, which MkDocs (and most other generators) turn
into the right URLs.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta, tzinfo

from yuqing.findings import Outcome, Verdict
from yuqing.timeparse import format_duration, format_time, time_digits

# Characters that start Markdown inline structure (emphasis, code, links, tables, attr lists);
# all are in Python-Markdown's escapable set, so a backslash in front renders them literally.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|])")
_SPACES = re.compile(r"\s+")


# Characters that reorder what follows (right-to-left overrides and isolates): a record could make
# "超时" read as something else. They are dropped from everything the site shows.
_REORDER = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Control characters other than white space have no business in a page.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _flat(value: object) -> str:
    return _SPACES.sub(" ", _CONTROL.sub("", _REORDER.sub("", str(value)))).strip()


def text(value: object) -> str:
    """Record text as inline Markdown that renders literally: one line, HTML and Markdown escaped."""
    if value is None:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(_flat(value), quote=False))


# The characters that can start or end markup in any HTML context, as their full-width forms.
_HTML_SIGNIFICANT = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇"})


def plain_title(value: object) -> str:
    """A page title as plain text that no theme can turn into markup.

    Themes put a page's title in many contexts: ``<title>`` (Material strips tags there, which
    turns ``&lt;`` back into ``<``, and writes a front-matter title unescaped), the header, the
    search index (read as HTML by the search box), link labels. An escaped title is safe in
    some of them and live markup in others; a title without ``<``, ``>``, ``&`` and quotes is
    safe in all, whatever the generator. Those characters become their full-width forms.
    """
    return _flat(value).translate(_HTML_SIGNIFICANT)


def attr(value: object) -> str:
    """Text for an HTML attribute value (double-quoted)."""
    return html.escape(_SPACES.sub(" ", str(value)).strip(), quote=True)


def code(value: object) -> str:
    """Inline code span that survives backticks in the value."""
    raw = _SPACES.sub(" ", str(value)).strip()
    fence = "`"
    while fence in raw:
        fence += "`"
    pad = " " if raw.startswith("`") or raw.endswith("`") else ""
    return f"{fence}{pad}{raw}{pad}{fence}"


def relative(from_uri: str, to_uri: str) -> str:
    """The relative link from page ``from_uri`` to page ``to_uri`` (both docs-relative ``.md`` paths)."""
    start = posixpath.dirname(from_uri) or "."
    return posixpath.relpath(to_uri, start)


def link(label: str, from_uri: str, to_uri: str) -> str:
    """A Markdown link; ``label`` must already be escaped Markdown."""
    return f"[{label}]({relative(from_uri, to_uri)})"


def table(head: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] | None = None) -> str:
    """A Markdown table; cells must already be escaped Markdown (use :func:`text`)."""
    align = align or ["l"] * len(head)
    marks = {"l": "---", "r": "--:", "c": ":-:"}
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(marks[a] for a in align) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(cell if cell else " " for cell in row) + " |")
    return "\n".join(lines)


def when(moment: datetime | None, tz: tzinfo, digits: int | None | bool = True) -> str:
    """A recorded time as the bureau writes it (``2024-08-26 09:20``), or a dash.

    Seconds and fractions are shown when the time has them (``09:20:30``): they may decide a
    verdict. ``digits`` fixes the precision instead (times compared side by side share one,
    see :meth:`Verdict.digits`).
    """
    if moment is None:
        return "—"
    return format_time(moment, tz, time_digits(moment, tz=tz) if digits is True else digits)


def clock(moment: datetime, tz: tzinfo) -> str:
    """The current time of a build, to the minute (``数据截至 2024-10-01 10:00``)."""
    return format_time(moment, tz)


def day(value: date | None) -> str:
    return value.isoformat() if value is not None else "—"


def duration(delta: timedelta | None) -> str:
    return format_duration(delta) if delta is not None else "—"


def span(css: str, label: str, title: str | None = None) -> str:
    """An inline HTML span (label is escaped here)."""
    tip = f' title="{attr(title)}"' if title else ""
    return f'<span class="{css}"{tip}>{html.escape(label, quote=False)}</span>'


def tag(label: str, kind: str = "plain") -> str:
    """A small label such as 演练, 受限 or a level."""
    return span(f"yq-tag yq-tag-{kind}", label)


LEVEL_KIND = {"一般": "general", "较大": "major", "重大": "grave"}


def level_tag(level: str) -> str:
    return tag(level, LEVEL_KIND.get(level, "plain"))


def verdict_label(verdict: Verdict) -> str:
    """The badge words of a verdict: 按时 用时11分钟 / 超时5分钟 / 缺失 / 未到期 / 已说明（原超时…）."""
    return verdict.words()


def badge(verdict: Verdict) -> str:
    """The verdict as a coloured inline badge."""
    return span(f"yq-badge yq-{verdict.outcome.value}", verdict_label(verdict), verdict.what.zh)


def badge_for(outcome: Outcome, label: str) -> str:
    return span(f"yq-badge yq-{outcome.value}", label)


def front_matter(*hide: str, title: str | None = None) -> str:
    """YAML front matter: the page's title (see :func:`plain_title`) and the parts MkDocs Material hides.

    ``title`` is raw text (a record's title, say); it is written as :func:`plain_title` makes
    it, a JSON string (which YAML reads as a double-quoted scalar).
    """
    lines = ["---"]
    if title is not None:
        lines.append("title: " + json.dumps(plain_title(title), ensure_ascii=False))
    if hide:
        lines.append("hide:")
        lines += [f"  - {part}" for part in hide]
    return "\n".join(lines) + "\n---\n" if len(lines) > 1 else ""


def page_head(title: str, *hide: str, heading: str | None = None) -> str:
    """The start of a generated page whose title holds record text: front matter, then the H1.

    The H1 shows ``title`` exactly (escaped Markdown, or ``heading`` when the caller built it
    with links or tags); every other place the theme puts the title gets the plain title.
    """
    return front_matter(*hide, title=title) + f"\n# {text(title) if heading is None else heading}\n"


def unsearched(markdown: str) -> str:
    """Markdown kept out of the search index of both generators (``data-search-exclude``): the lists that
    grow with the ledger, whose every entry has its own page in the search (Zensical refuses a section
    whose text is over its search limit, and a list of 10,000 incidents would be), and the notes every
    drill, restricted or back-filled record page repeats word for word."""
    return f'<div class="yq-unsearched" data-search-exclude markdown="1">\n\n{markdown}\n\n</div>'


# A record page enters the search as one entry: its title, its badges, and this many characters of its
# lede. Zensical's limit on one entry's text shrinks as the index grows (measured: 16 KB at 50,274 entries,
# 4 KB at 157,367), so an entry must stay small whatever a record holds.
LEDE_CHARS = 1000
# The attribute list that keeps a heading's section out of the search of both generators.
_UNSEARCHED = " { data-search-exclude }"


def unsearched_heading(title: str, level: int = 2) -> str:
    """A heading (Markdown, already escaped) whose section stays out of the search index of both
    generators. Record pages use it for every section after the lede: one entry per record keeps
    the index within Zensical's limits at 10,000 incidents, and a long narrative cannot break a build."""
    return f"{'#' * level} {title}{_UNSEARCHED}"


def lede(label: str, value: object) -> list[str]:
    """The record text a page opens with, the part of it that the search finds (``**label**：text``).

    Text longer than :data:`LEDE_CHARS` is cut there in the lede and shown whole under a heading
    ``label`` in a section kept out of the search, so nothing is lost."""
    words = _flat(value)
    if len(words) <= LEDE_CHARS:
        return [f"**{label}**：{text(words)}", ""]
    return [f"**{label}**：{text(words[:LEDE_CHARS])}……（全文见下）", "",
            unsearched_heading(label), "", text(words), ""]


def admonition(kind: str, title: str, body: str) -> str:
    """A Material/Python-Markdown admonition (``!!! kind "title"``); body is Markdown."""
    indented = "\n".join(("    " + line) if line else "" for line in body.splitlines())
    return f'!!! {kind} "{attr(title)}"\n\n{indented}\n'


_HEADING = re.compile(r"^(#{1,5})(\s)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_CLOSING_HASHES = re.compile(r"\s+#+$")


def demote_headings(markdown: str, by: int = 1, searched: bool = True) -> str:
    """Shift ATX headings down by ``by`` levels (outside code fences), so a narrative nests under a page
    heading; ``searched=False`` also keeps each heading's section out of the search (as
    :func:`unsearched_heading` does)."""
    out = []
    fenced = None
    for line in markdown.splitlines():
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)
            if fenced is None:
                fenced = marker
            elif fenced == marker:
                fenced = None
        elif fenced is None:
            match = _HEADING.match(line)
            if match:
                level = min(6, len(match.group(1)) + by)
                line = "#" * level + line[len(match.group(1)):]
                if not searched:
                    line = _CLOSING_HASHES.sub("", line.rstrip()) + _UNSEARCHED
        out.append(line)
    return "\n".join(out)


def names(items) -> str:
    """Names joined the Chinese way (plain text)."""
    return "、".join(str(item) for item in items)


def names_unique(items) -> str:
    seen: list[str] = []
    for item in items:
        if str(item) not in seen:
            seen.append(str(item))
    return names(seen)


def badge_for_kind(kind: str, label: str) -> str:
    """A badge with one of the verdict colours (met, late, missing, pending, excused)."""
    return span(f"yq-badge yq-{kind}", label)


_RAW_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_BAD_LINK = re.compile(r"(\]\(\s*<?)\s*(?:javascript|vbscript|data)\s*:(?:[^()\s]|\([^()\s]*\))*", re.I)
_EXTERNAL_IMAGE = re.compile(r"!(\[[^\[\]]*\]\(\s*<?(?:https?:)?//)", re.I)
_CODE_SPAN = re.compile(r"`+[^`\n]*`+")


def safe_markdown(markdown: str) -> str:
    """A record's narrative with raw HTML shown as text, script links disarmed and external images as links.

    Code spans and fenced blocks are left alone (Markdown shows them literally anyway). The
    site sanitises the rendered HTML once more; this keeps the renderer's output safe for
    any other generator too.
    """
    out = []
    fenced = None
    for line in markdown.splitlines():
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)
            fenced = marker if fenced is None else (None if fenced == marker else fenced)
            out.append(line)
            continue
        if fenced is not None:
            out.append(line)
            continue
        pieces, last = [], 0
        for span in _CODE_SPAN.finditer(line):
            pieces.append(_disarm(line[last:span.start()]))
            pieces.append(span.group())
            last = span.end()
        pieces.append(_disarm(line[last:]))
        out.append("".join(pieces))
    return "\n".join(out)


def _disarm(text: str) -> str:
    text = _BAD_LINK.sub(r"\1#", text)
    text = _EXTERNAL_IMAGE.sub(r"\1", text)
    return _RAW_TAG.sub("&lt;", text)
