"""Loading a repository for the site: one full check, the finding lines of ``yuqing check``, Git revisions."""

from __future__ import annotations

import contextlib
import io

import pytest

from gitkit import LIUYANG, WANGFANG
from recordkit import GRAVE_ID, grave, review, to_markdown
from sitekit import NOW, write_verdict_repo
from yuqing import cli
from yuqing.checking import parse_now as resolve_now
from yuqing.errors import ConfigError
from yuqing.site.data import NOW_ENV, finding_line, load


def check_lines(root, now=NOW) -> list[str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli.main(["check", "--root", str(root), "--now", now, "--color", "never"])
    lines = out.getvalue().splitlines()
    return lines[:next(i for i, line in enumerate(lines) if line.startswith("检查了"))]  # the counts, the alarm


def test_finding_lines_are_the_words_of_yuqing_check(repo):
    write_verdict_repo(repo)
    data = load(repo.root, NOW)
    assert data.result.findings
    assert [finding_line(f) for f in data.result.findings] == check_lines(repo.root)


def test_the_clock_comes_from_the_argument_or_the_environment(repo, monkeypatch):
    workspace = repo.workspace()
    assert resolve_now("2024-10-01 10:00", workspace).isoformat() == "2024-10-01T10:00:00+08:00"
    monkeypatch.setenv(NOW_ENV, "2025-01-02 03:04")
    assert resolve_now(None, workspace).isoformat() == "2025-01-02T03:04:00+08:00"
    with pytest.raises(ConfigError) as caught:
        resolve_now("明天", workspace)
    assert "无法识别" in caught.value.text()


def test_unreadable_records_are_named(repo):
    repo.write(f"incidents/2024/{GRAVE_ID}.md", "这不是记录".encode("gbk"))
    data = load(repo.root, NOW)
    assert [f.rule for f in data.unreadable] == ["YQ001"]
    assert "GBK" in finding_line(data.unreadable[0])


def test_config_errors_surface(repo):
    repo.write("schema/policy.yml", "obligations: [1, 2]\n")
    with pytest.raises(ConfigError):
        load(repo.root, NOW)


def test_outside_git_there_is_no_history(repo):
    write_verdict_repo(repo)
    data = load(repo.root, NOW)
    assert data.check.history is None and data.check.revisions() is None
    assert "## 修订历史" not in data.pages()[f"incidents/2024/{GRAVE_ID}.md"]


def test_git_revisions_reach_the_pages(git_repo):
    git_repo.save(f"incidents/2024/{GRAVE_ID}.md", to_markdown(grave()), "登记重大舆情", who=LIUYANG,
                  at="2024-08-26 10:00")
    git_repo.save(f"incidents/2024/{GRAVE_ID}.review.md", to_markdown(review()), "提交复盘记录", who=WANGFANG,
                  at="2024-09-02 16:00")
    data = load(git_repo.root, NOW)
    pages = data.pages()
    incident = pages[f"incidents/2024/{GRAVE_ID}.md"]
    assert "## 修订历史" in incident and "| 2024-08-26 10:00 | 刘洋 | 登记重大舆情 |" in incident
    assert "| 2024-09-02 16:00 | 王芳 | 提交复盘记录 |" in pages[f"reviews/2024/{GRAVE_ID}.md"]


def test_an_entry_written_in_after_an_earlier_version_lacked_it_has_a_backdated_badge(git_repo):
    """Merged at 10:00 without its oral report; the report, claiming 09:08, appended nine days later: 补记."""
    excused = grave(exceptions=[{"rule": "YQ301", "reason": "值班人员当时未记录口头报告。"}])
    oral = excused["reports"].pop(0)
    path = f"incidents/2024/{GRAVE_ID}.md"
    git_repo.save(path, to_markdown(excused), "登记", who=LIUYANG, at="2024-08-26 10:00")
    excused["reports"].append(dict(oral, at="2024-08-26 09:08"))
    excused["escalations"].append({"to": "区委办", "at": "2024-09-04 11:00", "by": "王芳"})
    git_repo.save(path, to_markdown(excused), "补记口头报告", who=LIUYANG, at="2024-09-04 10:00",
                  committed_at="2024-09-04 12:00")
    page = load(git_repo.root, NOW).pages()[path]
    badges = [line for line in page.splitlines() if "补记" in line and "yq-tag" in line]
    assert len(badges) == 1, page  # the escalation claims a time after the earlier version: no badge
    assert "yq-tag-backdated" in badges[0]
    assert "2024-08-26 09:08" in badges[0] and "2024-08-26 10:00" in badges[0]
    assert "首次记入台账：2024-09-04 12:00" in page
