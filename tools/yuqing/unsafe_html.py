"""Unsafe markup in text that the site renders: detection (for YQ502) and sanitising (for the renderer).

Markdown lets raw HTML through. Records are written by many hands and may quote what
citizens posted, so the site must never run a script from a record: at render time
every HTML fragment passes an allow-list (nh3), and the check reports what would have
been removed so that the author can fix the record.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "details", "div", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"},
                      "span": {"class"}, "div": {"class"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# Browsers drop tabs and line breaks inside a URL, and HTML may spell them (and the colon) as entities:
# "java&#x09;script:" and "java<TAB>script:" both run script.
_GAP = r"(?:\s|&(?:#0*(?:9|10|13);|#x0*[9ad];|tab;|newline;))*"
_COLON = _GAP + r"(?::|&colon;|&#0*58;|&#x0*3a;)"


def _scheme(name: str) -> str:
    return _GAP.join(name) + _COLON


_PATTERNS = [
    ("script", re.compile(r"<\s*script\b", re.I), "脚本标签 <script>", "a <script> tag"),
    ("iframe", re.compile(r"<\s*(iframe|frame|frameset|object|embed|applet)\b", re.I), "内嵌框架或插件（iframe/object/embed）",
     "an iframe/object/embed"),
    ("style", re.compile(r"<\s*(style|link|meta|base|form|input|button|svg|math)\b", re.I),
     "可能改变页面或提交数据的标签（style/link/meta/base/form/svg）", "a style/link/meta/base/form/svg tag"),
    # a tag starts with "<" and a letter; [^<>]: a scan never runs past the next tag (linear time)
    ("handler", re.compile(r"<[a-z][^<>]*?[\s/](?P<at>on[a-z]+)\s*=", re.I), "事件处理属性（如 onclick、onerror）", "an event-handler attribute"),
    ("js-url", re.compile(f"(?:{_scheme('javascript')}|{_scheme('vbscript')})", re.I), "javascript: 链接", "a javascript: URL"),
    # data: only where a URL goes (a Markdown link or image, an attribute, an autolink, a link definition),
    # so that prose such as "统计(data: 2024)" is not a finding
    ("data-url", re.compile(r"(?:\]\(\s*<?|=\s*[\"']?|<|^[ \t]*\[[^\[\]\n]*\]:[ \t]*<?)\s*(?P<at>" + _scheme("data") + ")", re.I | re.M),
     "data: 链接", "a data: URL"),
    ("external-image", re.compile(r"!\[[^\[\]]*\]\(\s*<?(?:https?:)?//|<\s*img\b[^<>]*\bsrc\s*=\s*[\"']?\s*(?:https?:)?//", re.I),
     "外部图片（内网网站不能从外部网站加载图片）", "an external image"),
]


@dataclass(frozen=True)
class UnsafeMarkup:
    kind: str
    start: int
    end: int
    label: str
    label_en: str


_CODE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$|`[^`\n]+`", re.M | re.S)


def code_spans(text: str) -> list[tuple[int, int]]:
    """Ranges of Markdown code spans and fenced blocks: Markdown shows them as text, never as HTML."""
    return [match.span() for match in _CODE.finditer(text)]


def _inside_any(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether ``at`` lies in one of ``spans`` (sorted, disjoint): by bisection, as a text may hold thousands."""
    index = bisect_right(spans, (at, float("inf"))) - 1
    return index >= 0 and at < spans[index][1]


def could_contain_unsafe_markup(text: str) -> bool:
    """False when ``text`` certainly holds no finding: no pattern matches anywhere, code spans or not."""
    return _may_hold_markup(text) and any(pattern.search(text) for _, pattern, _, _ in _PATTERNS)


def _may_hold_markup(text: str) -> bool:
    """Every pattern needs a tag's ``<``, a scheme's colon (or its entity's ``&``) or an image URL's ``//``."""
    return "<" in text or ":" in text or "&" in text or "//" in text


# Any HTML tag: in a plain-text field even a harmless one is markup that has no place there.
_ANY_TAG = re.compile(r"<\s*/?\s*[a-z][a-z0-9-]*(?:\s[^<>]*)?/?>", re.I)
_TAG_LABELS = ("HTML 标签", "an HTML tag")


def could_contain_tag(text: str) -> bool:
    """False when ``text`` certainly holds no HTML tag."""
    return "<" in text and _ANY_TAG.search(text) is not None


def find_unsafe_markup(text: str, markdown: bool = True) -> Iterator[UnsafeMarkup]:
    """The unsafe markup in ``text``, in order.

    ``markdown``: the text is Markdown (a record's narrative), so code spans and fenced blocks
    are shown literally and are not searched. A plain-text field (a title, a summary) is not
    Markdown: backticks protect nothing there, and where nothing worse is found, its first HTML
    tag is reported.
    """
    if not _may_hold_markup(text):
        return iter(())
    quoted = code_spans(text) if markdown and ("`" in text or "~~~" in text) else []
    found = []
    for kind, pattern, label, label_en in _PATTERNS:
        for match in pattern.finditer(text):
            at = match.start("at") if "at" in pattern.groupindex else match.start()  # the offending part
            if not _inside_any(quoted, at):
                found.append(UnsafeMarkup(kind, at, match.end(), label, label_en))
    if not markdown and not found and (match := _ANY_TAG.search(text)) is not None:
        found.append(UnsafeMarkup("tag", match.start(), match.end(), *_TAG_LABELS))  # one is enough to say
    return iter(sorted(found, key=lambda item: item.start))


PAGE_TAGS = ALLOWED_TAGS | {"article", "section", "caption", "col", "colgroup", "dd", "dl", "dt", "tfoot", "img"}
PAGE_ATTRIBUTES = {
    "*": {"class", "id", "title", "data-search-exclude"},  # a section or list kept out of the site's search
    "a": {"href", "title", "class", "id"},
    "td": {"align", "style", "class"},
    "th": {"align", "style", "class"},
    "img": {"src", "alt", "title", "class"},
    "details": {"open", "class"},
}


def sanitize_page_html(html: str) -> str:
    """A rendered record page through the allow-list: the theme's classes and anchors stay, scripts go.

    Images are kept only from the site itself (relative URLs); links keep http(s), mail and
    in-page anchors.
    """
    cleaned = nh3.clean(
        html,
        tags=PAGE_TAGS,
        attributes=PAGE_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        clean_content_tags={"script", "style"},
        link_rel=None,
        filter_style_properties={"text-align"},
        strip_comments=True,
    )
    return _EXTERNAL_SRC.sub(" ", cleaned)


_EXTERNAL_SRC = re.compile(r"""\ssrc\s*=\s*["']?\s*(?:https?:)?//[^"'\s>]*["']?""", re.I)
