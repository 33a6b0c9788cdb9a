"""首页: open incidents, obligations due or overdue (who, what, by when), this year's rate, latest reviews."""

from __future__ import annotations

import pytest

from recordkit import GRAVE_ID
from sitekit import LATE_ID, MISSING_ID, PENDING_ID, SECRETS, render, write_verdict_repo


@pytest.fixture
def built(repo):
    write_verdict_repo(repo)
    return render(repo, pages={"plan/index.md", "guide/submit.md"})


def section(page: str, heading: str) -> str:
    return page.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]


def test_open_incidents(built):
    _, pages = built
    open_part = section(pages["index.md"], "处置中的事件")
    assert f"[{PENDING_ID}](incidents/2024/{PENDING_ID}.md)" in open_part
    assert "2024-10-01 10:20" in open_part  # its next deadline
    assert GRAVE_ID not in open_part


def test_due_and_overdue_obligations_say_who_what_by_when(built):
    _, pages = built
    todo = section(pages["index.md"], "到期和逾期的义务")
    assert "| 事件 | 级别 | 谁 | 做什么 | 截止 | 状态 |" in todo
    pending = next(line for line in todo.splitlines() if PENDING_ID in line and "较大舆情首报" in line)
    assert "| 社会救助科 |" in pending and "| 2024-10-01 10:20 |" in pending and "未到期，还剩20分钟" in pending
    missing = next(line for line in todo.splitlines() if MISSING_ID in line)
    assert "已逾期，尚未完成" in missing and "第 1 条回应的审核" in missing
    late = next(line for line in todo.splitlines() if LATE_ID in line)
    assert "超时5分钟，需补充情况说明" in late
    action = next(line for line in todo.splitlines() if "开展全员培训" in line)
    assert "| 局办公室 |" in action and "| 2024-09-15 |" in action and "逾期 16 天" in action
    # overdue entries come before pending ones
    rows = [line for line in todo.splitlines() if line.startswith("| [")]
    assert rows.index(missing) < rows.index(pending)
    for secret in SECRETS.values():
        assert secret not in todo


def test_this_years_rate_and_summary(built):
    site, pages = built
    home = pages["index.md"]
    tally = site.compliance.real.by_year["2024"]
    assert f"2024 年实际事件已到期的义务 {tally.decided} 项，按时 {tally.met} 项，按时率 **{tally.rate_text()}**" in home
    assert "演练（1 次，单独统计）" in home
    assert f"| 1 | 3 | {tally.rate_text()} | 2 |" in home  # open, overdue or late, this year's rate, overdue actions


def test_latest_reviews_and_links(built):
    _, pages = built
    latest = section(pages["index.md"], "最近的复盘")
    assert latest.count("\n- ") == 5
    links = section(pages["index.md"], "从这里开始")
    assert "[应急预案全文](plan/index.md)" in links and "[提交指南：怎样登记一起舆情事件](guide/submit.md)" in links
    assert "training/self-check.md" not in links  # not given as existing


def test_quiet_home(repo):
    _, pages = render(repo)
    home = pages["index.md"]
    assert "目前没有到期或逾期的义务。" in home and "目前没有未办结的事件。" in home and "暂无复盘记录。" in home
    assert "2024 年实际事件暂无已到期的义务。" in home
