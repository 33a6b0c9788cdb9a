"""``yuqing.git_history`` on real repositories: one ``git log`` read gives every record's revisions,
following renames; the first commit of each record; when each entry was first recorded.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from gitkit import LIUYANG, WANGFANG, ZHANGWEI, GitRepo, git_time
from recordkit import GENERAL_ID, GRAVE_ID, general, grave, path_of, review, to_markdown, to_yaml
from yuqing.git_history import GitHistory, parse_log, read_log, record_history

GP = path_of(GRAVE_ID)
GR = path_of(GRAVE_ID, review=True)


def _t(local: str) -> datetime:
    return datetime.fromisoformat(git_time(local))


def _with_reports(count: int) -> dict:
    data = grave()
    data["reports"] = data["reports"][:count]
    return data


@pytest.fixture
def lived(git_repo):
    """GP added in incidents/2025/, edited, moved to incidents/2024/, edited again; GR and a 一般 record beside."""
    wrong = "incidents/2025/YZMZ-2024-0001.md"
    shas = {}
    shas["add"] = git_repo.save(wrong, to_markdown(_with_reports(1)), "登记", who=LIUYANG, at="2024-08-26 09:50")
    shas["written"] = git_repo.save(wrong, to_markdown(_with_reports(2)), "书面报告", who=LIUYANG,
                                    at="2024-08-26 10:05")
    git_repo.move(wrong, GP)
    shas["move"] = git_repo.commit("移到 2024 目录", who=WANGFANG, at="2024-08-27 08:00")
    shas["final"] = git_repo.save(GP, to_markdown(grave()), "续报和终报", who=LIUYANG, at="2024-08-28 17:00")
    shas["review"] = git_repo.save(GR, to_markdown(review()), "复盘", who=WANGFANG, at="2024-09-02 16:00")
    git_repo.save(path_of(GENERAL_ID), to_markdown(general()), "一般事件", who=ZHANGWEI, at="2024-08-26 11:00")
    git_repo.save("README.md", "not a record", "readme", who=WANGFANG, at="2024-09-03 10:00")
    git_repo.shas = shas
    return git_repo


def test_revisions_follow_renames_newest_first(lived):
    history = GitHistory.read(lived.root)
    revisions = history.revisions(GP)
    shas = lived.shas
    assert [r.sha for r in revisions] == [shas["final"], shas["move"], shas["written"], shas["add"]]
    assert [r.status for r in revisions] == ["M", "R", "M", "A"]
    assert [r.path for r in revisions] == [GP, GP, "incidents/2025/YZMZ-2024-0001.md",
                                           "incidents/2025/YZMZ-2024-0001.md"]
    newest = revisions[0]
    assert (newest.author, newest.email, newest.message) == ("刘洋", LIUYANG.email, "续报和终报")
    assert newest.time == _t("2024-08-28 17:00")
    assert revisions[1].author == "王芳"
    assert history.revisions("incidents/2025/YZMZ-2024-0001.md") == []  # no file there today
    assert all(r.blob and len(r.blob) == 40 for r in revisions)
    assert history.blob_text(newest.blob) == to_markdown(grave())


def test_first_commit_of_each_record(lived):
    history = GitHistory.read(lived.root)
    first = history.first_commit(GP)
    assert (first.sha, first.status, first.time) == (lived.shas["add"], "A", _t("2024-08-26 09:50"))
    assert history.first_commit(GR).sha == lived.shas["review"]
    assert history.first_commit(path_of(GENERAL_ID)).author == "张伟"
    assert history.first_commit("incidents/2024/never.md") is None


def test_only_record_files_are_read(lived):
    history = GitHistory.read(lived.root)
    assert "readme" not in [c.message for c in history.commits]
    assert len(history.commits) == 6


def test_one_git_log_for_all_files(lived, tmp_path, monkeypatch):
    for number in range(2, 30):
        lived.write(path_of(f"YZMZ-2024-{number:04d}"), to_markdown(general(id=f"YZMZ-2024-{number:04d}")))
    lived.commit("many records", who=WANGFANG, at="2024-09-04 10:00")
    trace = tmp_path / "git-trace.txt"
    monkeypatch.setenv("GIT_TRACE", str(trace))
    history = GitHistory.read(lived.root)
    for number in range(2, 30):
        assert history.first_commit(path_of(f"YZMZ-2024-{number:04d}")) is not None
    assert history.first_commit(GP) is not None
    commands = [line for line in trace.read_text(encoding="utf-8").splitlines() if "built-in: git" in line]
    assert sum(" log " in line for line in commands) == 1, commands
    assert len(commands) <= 3, commands  # the log, plus at most GitPython's own version/rev-parse probes


def test_record_history_knows_when_each_entry_was_first_recorded(lived):
    history = GitHistory.read(lived.root)
    result = record_history(history, GP)
    assert [r.sha for r in result.revisions] == [r.sha for r in history.revisions(GP)]
    assert result.entry_recorded("reports", 0) == _t("2024-08-26 09:50")
    assert result.entry_recorded("reports", 1) == _t("2024-08-26 10:05")
    assert result.entry_recorded("reports", 2) == _t("2024-08-28 17:00")
    assert result.entry_recorded("reports", 3) == _t("2024-08-28 17:00")
    assert result.entry_recorded("responses", 0) == _t("2024-08-26 09:50")
    assert result.entry_recorded("reports", 4) is None
    assert record_history(history, GR).entry_recorded("actions", 0) == _t("2024-09-02 16:00")


def test_record_history_of_a_yaml_record(git_repo):
    path = "incidents/2024/YZMZ-2024-0001.yml"
    git_repo.save(path, to_yaml(_with_reports(1)), who=LIUYANG, at="2024-08-26 09:50")
    git_repo.save(path, to_yaml(_with_reports(3)), who=LIUYANG, at="2024-08-27 09:10")
    result = record_history(GitHistory.read(git_repo.root), path)
    assert len(result.revisions) == 2
    assert result.entry_recorded("reports", 0) == _t("2024-08-26 09:50")
    assert result.entry_recorded("reports", 2) == _t("2024-08-27 09:10")


def test_an_unreadable_revision_is_skipped(git_repo):
    git_repo.save(GP, "---\nid: [unclosed\n---\n", who=LIUYANG, at="2024-08-26 09:50")
    git_repo.save(GP, to_markdown(_with_reports(1)), who=LIUYANG, at="2024-08-26 10:00")
    result = record_history(GitHistory.read(git_repo.root), GP)
    assert len(result.revisions) == 2
    assert result.entry_recorded("reports", 0) == _t("2024-08-26 10:00")


@pytest.mark.parametrize("name", ["incidents/2024/养老机构投诉.md", "incidents/2024/带 空格 的记录.md",
                                  "incidents/2024/引号\"和\\反斜杠.md"])
def test_unusual_file_names(git_repo, name):
    git_repo.save(name, to_markdown(_with_reports(1)), "登记", who=LIUYANG, at="2024-08-26 09:50")
    renamed = name.replace("2024", "2024/归档")
    git_repo.move(name, renamed)
    git_repo.commit("归档", who=WANGFANG, at="2024-08-27 09:00")
    history = GitHistory.read(git_repo.root)
    assert [r.path for r in history.revisions(renamed)] == [renamed, name]
    assert history.first_commit(renamed).message == "登记"


def test_a_record_added_on_a_merged_branch(git_repo):
    git_repo.save(GR, to_markdown(review()), who=WANGFANG, at="2024-08-20 10:00")
    git_repo.branch("feature")
    added = git_repo.save(GP, to_markdown(grave()), "登记", who=LIUYANG, at="2024-08-26 09:50")
    git_repo.switch("main")
    git_repo.save(path_of(GENERAL_ID), to_markdown(general()), who=ZHANGWEI, at="2024-08-26 11:00")
    merge = git_repo.merge("feature", who=WANGFANG, at="2024-08-26 12:00")
    history = GitHistory.read(git_repo.root)
    assert history.first_commit(GP).sha == added
    assert any(c.sha == merge and c.is_merge for c in history.commits)


def test_a_ledger_in_a_subdirectory(tmp_path):
    repo = GitRepo(tmp_path, ledger="ledger")
    repo.save(GP, to_markdown(grave()), "登记", who=LIUYANG, at="2024-08-26 09:50")
    outside = tmp_path / "incidents" / "2024" / "outside.md"  # the same layout, outside the ledger
    outside.parent.mkdir(parents=True)
    outside.write_text("not in the ledger", encoding="utf-8")
    repo.commit("outside", who=LIUYANG, at="2024-08-26 09:55")
    history = GitHistory.read(repo.root)
    assert history.prefix == "ledger/"
    assert history.first_commit(GP).message == "登记"
    assert len(history.commits) == 1


def test_no_repository_and_no_commits(tmp_path, git_repo):
    plain = tmp_path / "plain"
    plain.mkdir()
    assert GitHistory.read(plain) is None
    empty = GitHistory.read(git_repo.root)
    assert empty is not None and empty.commits == [] and empty.revisions(GP) == []


def test_parse_log_reads_what_read_log_asks_for(lived):
    commits = read_log(lived.repo, "HEAD~3..HEAD")
    assert [c.message for c in commits] == ["一般事件", "复盘"]
    assert commits[0].changes[0].status == "A" and commits[0].changes[0].path == path_of(GENERAL_ID)
    assert parse_log("") == []


def test_a_record_turned_into_yaml_keeps_its_history(git_repo):
    first = git_repo.save(GP, to_markdown(grave()), "登记", who=LIUYANG, at="2024-08-26 09:50")
    yml = GP.replace(".md", ".yml")
    git_repo.delete(GP)
    git_repo.write(yml, to_yaml(grave(body="正文。")))
    converted = git_repo.commit("改为 yml", who=WANGFANG, at="2024-08-27 09:00")
    history = GitHistory.read(git_repo.root)
    assert [(r.sha, r.status, r.path) for r in history.revisions(yml)] == [(converted, "R", yml), (first, "A", GP)]
    assert history.first_commit(yml).sha == first
    assert record_history(history, yml).entry_recorded("reports", 3) == _t("2024-08-26 09:50")
