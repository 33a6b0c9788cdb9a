"""Bar charts drawn at build time as inline SVG (no JavaScript, no external fonts or files)."""

from __future__ import annotations

import html

from yuqing.compliance import Tally

#: Segment order and colours of a stacked bar: the share of each outcome among decided obligations.
SEGMENTS = (
    ("met", "按时", "#2e7d32"),
    ("excused", "已说明", "#f9a825"),
    ("late", "超时", "#ef6c00"),
    ("missing", "缺失", "#c62828"),
)

BAR_W = 330
RATE_W = 170  # the on-time rate after the bar
MIN_LABEL_W = 120
ROW_H = 28
BAR_H = 18
TOP = 34


def _esc(value: str) -> str:
    return html.escape(value, quote=True)


def text_width(text: str, size: int = 13) -> float:
    """About how wide ``text`` is drawn at ``size`` px: a CJK character is one em, others about half."""
    return sum(size if ord(char) >= 0x2E80 else size * 0.58 for char in text)


def bar_chart(rows: list[tuple[str, Tally]], title: str) -> str:
    """A stacked horizontal bar per row (met / excused / late / missing shares) with its on-time rate.

    Returns an HTML block (``<div class="yq-chart">…</div>``) with no blank lines, safe to
    put in Markdown. Rows without decided obligations are drawn as an empty grey bar.
    """
    height = TOP + ROW_H * max(1, len(rows)) + 8
    label_w = round(max([MIN_LABEL_W] + [text_width(label) + 16 for label, _ in rows]))  # full labels, never cut
    width = label_w + BAR_W + RATE_W
    parts = ['<div class="yq-chart">',
             f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{_esc(title)}" '
             f'preserveAspectRatio="xMinYMin meet" style="max-width:{width}px">',
             f"<title>{_esc(title)}</title>"]
    x = label_w
    for _, label, colour in SEGMENTS:
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"></rect>')
        parts.append(f'<text x="{x + 16}" y="16" font-size="12" fill="currentColor">{label}</text>')
        x += 22 + 14 * len(label) + 10
    for number, (label, tally) in enumerate(rows):
        y = TOP + number * ROW_H
        parts.append(f'<text x="{label_w - 8}" y="{y + 14}" font-size="13" text-anchor="end" '
                     f'fill="currentColor"><title>{_esc(label)}</title>{_esc(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{BAR_W}" height="{BAR_H}" fill="#e0e0e0"></rect>')
        decided = tally.decided
        offset = 0.0
        if decided:
            for key, name, colour in SEGMENTS:
                count = getattr(tally, key)
                if not count:
                    continue
                share = BAR_W * count / decided
                parts.append(f'<rect x="{label_w + offset:.1f}" y="{y}" width="{share:.1f}" height="{BAR_H}" '
                             f'fill="{colour}"><title>{_esc(label)}：{name} {count} 项</title></rect>')
                offset += share
        words = f"{tally.rate_text()}（{tally.met}/{decided}）" if decided else "暂无到期义务"
        parts.append(f'<text x="{label_w + BAR_W + 8}" y="{y + 14}" font-size="13" '
                     f'fill="currentColor">{_esc(words)}</text>')
    if not rows:
        parts.append(f'<text x="{label_w}" y="{TOP + 14}" font-size="13" fill="currentColor">暂无数据</text>')
    parts.append("</svg>")
    parts.append("</div>")
    return "\n".join(parts)
