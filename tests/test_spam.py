"""spam.py: gambling, betting and score-streaming spam, as a malicious mirror pasted into the plan's title."""

from __future__ import annotations

from pathlib import Path

import pytest

from yuqing.spam import SPAM_TERMS, find_spam

# Copies of ../shared/plan/mirror-copy-with-spam.txt (a defaced mirror) and ../shared/plan/plan.md (the plan)
FIXTURES = Path(__file__).parent / "corpus" / "plan"
MIRROR = FIXTURES / "mirror-copy-with-spam.txt"
PLAN = FIXTURES / "plan.md"
SHARED = Path("/work/shared/plan")


def terms(text: str) -> list[str]:
    return [match.term for match in find_spam(text)]


def test_the_mirror_copy_is_caught_on_its_first_line():
    text = MIRROR.read_text(encoding="utf-8")
    matches = list(find_spam(text))
    assert matches
    first = matches[0]
    assert first.term == "篮球比分直播"
    assert text[first.start:first.end] == "篮球比分直播"
    assert text.count("\n", 0, first.start) == 0  # line 1
    assert text.splitlines()[0].strip() == "篮球比分直播"


def test_the_clean_plan_passes():
    assert terms(PLAN.read_text(encoding="utf-8")) == []


def test_the_mirror_differs_from_the_plan_by_spam_only():
    mirror, plan = MIRROR.read_text(encoding="utf-8"), PLAN.read_text(encoding="utf-8")
    assert "篮球比分直播" not in plan
    assert "关于印发《宁波市鄞州区民政局舆情应急处置预案》的通知" in plan
    assert set(terms(mirror)) == {"篮球比分直播"}


SPAM = [
    ("篮球比分直播印发《宁波市鄞州区民政局舆情应急处置预案》的通知", ["篮球比分直播"]),
    ("今晚足球比分实时更新", ["足球比分"]),
    ("NBA 体育直播免费看", ["体育直播"]),
    ("即时比分、比分网一站看", ["即时比分", "比分网"]),
    ("正规博彩平台", ["博彩"]),
    ("菠菜网推荐，稳赚不赔", ["菠菜网"]),
    ("菠菜平台招代理", ["菠菜平台"]),
    ("网上赌场、在线赌场、线上赌场", ["网上赌场", "在线赌场", "线上赌场"]),
    ("真人荷官在线发牌", ["真人荷官"]),
    ("百家乐、时时彩、六合彩、北京赛车、幸运飞艇", ["百家乐", "时时彩", "六合彩", "北京赛车", "幸运飞艇"]),
    ("某某娱乐城注册送 88 元彩金，首存翻倍", ["娱乐城", "注册送", "彩金", "首存"]),
    ("开户送礼金", ["开户送"]),
    ("在线下注、网上投注、滚球盘口、赔率最高", ["下注", "投注", "滚球", "盘口", "赔率"]),
    ("澳门新葡京官网", ["澳门新葡京"]),
    ("新葡京", ["新葡京"]),
    ("皇冠体育、亚博体育、开云体育", ["皇冠体育", "亚博体育", "开云体育"]),
    ("网赌、私彩、老虎机", ["网赌", "私彩", "老虎机"]),
    ("外围足球代理招商，日赚千元", ["外围足球", "代理招商", "日赚"]),
]


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared plan texts are not on this machine")
def test_the_fixtures_are_the_shared_texts():
    for name in ("mirror-copy-with-spam.txt", "plan.md"):
        assert (FIXTURES / name).read_bytes() == (SHARED / name).read_bytes(), name


@pytest.mark.parametrize("text, expected", SPAM, ids=[t for t, _ in SPAM])
def test_spam_terms_are_found(text, expected):
    assert terms(text) == expected


def test_every_listed_term_is_found_on_its_own():
    for term in SPAM_TERMS:
        assert terms(f"某网站{term}广告") == [term], term


def test_the_longest_term_wins():
    (match,) = find_spam("xx篮球比分直播yy")
    assert (match.term, match.start, match.end) == ("篮球比分直播", 2, 8)


ORDINARY = [
    "福利彩票",
    "福利彩票发行销售",
    "福利彩票投注站",  # the lottery outlets are the bureau's own business
    "体育彩票投注站门口排队",
    "彩票公益金资助养老服务",
    "老年活动室棋牌",
    "社区老年活动室开展棋牌、书画活动",
    "午餐有菠菜炒蛋和红烧肉",  # spinach on an elderly canteen's menu
    "篮球场、足球场对老年人免费开放",
    "体育锻炼、文艺比赛",
    "赔付、赔偿、比分、直播间",  # parts of terms are not terms
    "最低生活保障、特困供养、临时救助",
    "婚姻登记、殡葬管理、残疾人福利",
    "社会组织登记管理、慈善募捐",
    "太阳城社区居家养老服务中心",  # a place name
    "群众反映有人冒充民政工作人员招募兼职刷单",  # a fraud report, not an advert
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_civil_affairs_words_are_not_flagged(text):
    assert terms(text) == []


def test_a_lottery_outlet_does_not_hide_betting_next_to_it():
    text = "福利彩票投注站旁边有人网上投注"
    (match,) = find_spam(text)
    assert match.term == "投注" and match.start == text.rindex("投注")


def test_many_terms_are_found_in_linear_time():
    import time

    text = "投注站投注" * 50_000
    started = time.perf_counter()
    assert len(terms(text)) == 50_000
    assert time.perf_counter() - started < 5
