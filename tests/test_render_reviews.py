"""复盘评估 pages: the index and one page per review, with action items done, overdue and open."""

from __future__ import annotations

from datetime import date

import pytest

from recordkit import GRAVE_ID
from sitekit import DRILL_ID, RESTRICTED_ID, SECRETS, render, write_verdict_repo
from yuqing.models.review import Action
from yuqing.render.reviews import action_state


@pytest.fixture
def pages(repo):
    write_verdict_repo(repo)
    return render(repo)[1]


def test_action_states():
    today = date(2024, 10, 1)
    assert action_state(Action(what="a", owner="b", due=date(2024, 9, 30), done_at=date(2024, 9, 20)), today) == \
        ("met", "已完成（2024-09-20）")
    assert action_state(Action(what="a", owner="b", due=date(2024, 9, 30), done_at=date(2024, 10, 1)), today) == \
        ("late", "已完成（2024-10-01，逾期 1 天）")
    assert action_state(Action(what="a", owner="b", due=date(2024, 9, 15)), today) == ("missing", "逾期 16 天未完成")
    assert action_state(Action(what="a", owner="b", due=date(2024, 10, 1)), today) == ("pending", "进行中（0 天后到期）")


def test_index_lists_every_review_with_action_counts(pages):
    index = pages["reviews/index.md"]
    assert f"[{GRAVE_ID}](../incidents/2024/{GRAVE_ID}.md)" in index
    assert f"(2024/{GRAVE_ID}.md)" in index  # the review page
    row = next(line for line in index.splitlines() if f"(2024/{GRAVE_ID}.md)" in line)
    assert "3 项，已完成 1 项" in row and "逾期 1 项" in row
    assert "共 8 份复盘记录" in index
    drill_row = next(line for line in index.splitlines() if f"(2024/{DRILL_ID}.md)" in line)
    assert "演练" in drill_row


def test_review_page_shows_conclusion_and_actions(pages):
    page = pages[f"reviews/2024/{GRAVE_ID}.md"]
    assert page.startswith(f'---\ntitle: "复盘评估：{GRAVE_ID} ')
    assert f"\n# 复盘评估：{GRAVE_ID} " in page
    assert "**复盘结论**：报告及时，口径统一，处置得当。" in page
    assert "| 1 | 修订护理规范 | 养老服务科 | 2024-09-30 |" in page and "已完成（2024-09-20）" in page
    assert "| 2 | 开展全员培训 | 局办公室 | 2024-09-15 |" in page and "逾期 16 天未完成" in page
    assert "进行中（91 天后到期）" in page
    assert "某高校传播学教授" in page
    assert f"[{GRAVE_ID}](../../incidents/2024/{GRAVE_ID}.md)" in page
    assert "## 检查发现" in page and "YQ311" in page


def test_restricted_review_hides_people_conclusion_and_measures(pages):
    page = pages[f"reviews/2024/{RESTRICTED_ID}.md"]
    for secret in SECRETS.values():
        assert secret not in page, secret
    assert "**复盘结论**" not in page and "## 复盘报告" not in page
    assert "（受限记录，内容不公开）" in page and "区社会福利院" in page and "逾期" in page
    assert "| 组织 | 局办公室 |" in page  # a section, not a person


def test_a_review_page_does_not_list_other_reviews(pages):
    page = pages[f"reviews/2024/{GRAVE_ID}.md"]
    assert DRILL_ID not in page and RESTRICTED_ID not in page


def test_no_reviews(repo):
    _, pages = render(repo)
    assert "暂无复盘记录。" in pages["reviews/index.md"]
