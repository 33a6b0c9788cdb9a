"""``yuqing.git.history`` on real repositories: one ``git log`` read gives every record's revisions,
following renames; the first commit of each record.
"""

from __future__ import annotations

import pytest

from gitkit import LIUYANG, WANGFANG, ZHANGWEI, GitRepo, commit_time, with_reports
from recordkit import GENERAL_ID, GRAVE_ID, general, grave, path_of, review, to_markdown, to_yaml
from yuqing.git import GitHistory, record_history

GP = path_of(GRAVE_ID)
GR = path_of(GRAVE_ID, review=True)


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
    assert newest.time == commit_time("2024-08-28 17:00")
    assert revisions[1].author == "王芳"
    assert history.revisions("incidents/2025/YZMZ-2024-0001.md") == []  # no file there today
    assert all(r.blob and len(r.blob) == 40 for r in revisions)
    assert history.blob_text(newest.blob) == to_markdown(grave())


def test_first_commit_of_each_record(lived):
    history = GitHistory.read(lived.root)
    first = history.first_commit(GP)
    assert (first.sha, first.status, first.time) == (lived.shas["add"], "A", commit_time("2024-08-26 09:50"))
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


@pytest.mark.parametrize("name", ["incidents/2024/养老机构投诉.md", "incidents/2024/带 空格 的记录.md",
                                  "incidents/2024/引号\"和\\反斜杠.md"])
def test_unusual_file_names(git_repo, name):
    git_repo.save(name, to_markdown(with_reports(1)), "登记", who=LIUYANG, at="2024-08-26 09:50")
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


def test_a_record_turned_into_yaml_keeps_its_history(git_repo):
    first = git_repo.save(GP, to_markdown(grave()), "登记", who=LIUYANG, at="2024-08-26 09:50")
    yml = GP.replace(".md", ".yml")
    git_repo.delete(GP)
    git_repo.write(yml, to_yaml(grave(body="正文。")))
    converted = git_repo.commit("改为 yml", who=WANGFANG, at="2024-08-27 09:00")
    history = GitHistory.read(git_repo.root)
    assert [(r.sha, r.status, r.path) for r in history.revisions(yml)] == [(converted, "R", yml), (first, "A", GP)]
    assert history.first_commit(yml).sha == first
    assert record_history(history, yml).entry_recorded("reports", 3) == commit_time("2024-08-26 09:50")
