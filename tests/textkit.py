"""Shared helpers of the published-text rule tests (YQ501-YQ503): a record text and positions in it."""

from __future__ import annotations


def where(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the ``nth`` occurrence of ``needle`` in ``text``."""
    at = -1
    for _ in range(nth):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def record(title="网民反映某社区养老服务站午餐质量差", summary="网民在微博发帖反映社区养老服务站午餐质量差。",
           extra="", body="## 事件经过\n\n网民发帖。\n", head="", source="  channel: 微博\n") -> str:
    """A 一般 incident's Markdown text with the given title, summary, extra fields and body."""
    return (f"---\nid: YZMZ-2024-0001\ntitle: {title}\nlevel: 一般\nstatus: 处置中\nsection: 养老服务科\n{head}"
            f"discovered_at: 2024-08-26 09:20\nsource:\n{source}summary: {summary}\n{extra}---\n\n{body}")


def response(channel: str = "微博评论区") -> str:
    """A ``responses:`` block with one approved response whose text is ``{text}`` (for str.format)."""
    return (f"responses:\n  - at: 2024-08-26 16:30\n    channel: {channel}\n    text: {{text}}\n    approvals:\n"
            "      - {{role: 分管领导, at: 2024-08-26 15:50}}\n      - {{role: 主要领导, at: 2024-08-26 16:10}}\n")
