"""Spam of the kind that defaced a mirror of the plan: gambling, betting, score streaming.

The mirror copy (``篮球比分直播`` in place of ``关于`` in the plan's title) shows how such
spam hides in an otherwise official text. Terms are matched literally; the list is kept
narrow so that ordinary civil-affairs wording (老年活动室的棋牌、福利彩票投注站、午餐的菠菜) does not match.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

SPAM_TERMS = (
    "篮球比分直播", "比分直播", "篮球比分", "足球比分", "体育直播", "赛事直播", "即时比分", "比分网",
    "博彩", "菠菜网", "菠菜平台", "赌博网", "网上赌场", "在线赌场", "线上赌场", "真人荷官", "百家乐", "时时彩", "六合彩",
    "北京赛车", "幸运飞艇", "娱乐城", "彩金", "首存", "注册送", "开户送", "下注", "投注", "滚球", "盘口",
    "赔率", "澳门新葡京", "新葡京", "皇冠体育", "亚博体育", "开云体育", "网赌", "私彩", "老虎机",
    "外围足球", "代理招商", "日赚",
)
_PATTERN = re.compile("|".join(re.escape(term) for term in sorted(SPAM_TERMS, key=len, reverse=True)))
# Ordinary words that contain a term: a lottery outlet (福利彩票投注站) is the bureau's own business,
# and 菠菜 alone is spinach on an elderly canteen's menu (only 菠菜网/菠菜平台 are listed above).
ORDINARY_WORDS = ("投注站",)
_ORDINARY = re.compile("|".join(re.escape(word) for word in ORDINARY_WORDS))


@dataclass(frozen=True)
class SpamMatch:
    start: int
    end: int
    term: str


def could_contain_spam(text: str) -> bool:
    return _PATTERN.search(text) is not None


def find_spam(text: str) -> Iterator[SpamMatch]:
    ordinary = [match.span() for match in _ORDINARY.finditer(text)]  # sorted and disjoint
    for match in _PATTERN.finditer(text):
        index = bisect_right(ordinary, (match.start(), float("inf"))) - 1
        if index < 0 or match.start() >= ordinary[index][1]:
            yield SpamMatch(match.start(), match.end(), match[0])
