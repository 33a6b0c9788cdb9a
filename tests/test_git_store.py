"""``yuqing.git.store``: the packed log and index extended by new commits (from the history cache)
give exactly what a fresh walk of the whole log gives: renames carry the older revisions, a record
turned into YAML keeps its history, two older files under one name, many small updates joined,
the files the new commits leave alone.
"""

from __future__ import annotations

from gitkit import WANGFANG, ZHANGWEI, commit_time, head_of, read_new_commits_only, with_reports
from recordkit import GENERAL_ID, GRAVE_ID, general, grave, path_of, to_markdown, to_yaml
from yuqing.git import GitHistory, record_history, store

GP = path_of(GRAVE_ID)
GR = path_of(GRAVE_ID, review=True)


def test_a_rename_in_a_new_commit_carries_the_older_revisions(lived, log_calls):
    GitHistory.read(lived.root)
    base = head_of(lived)
    archived = "incidents/2024/归档/YZMZ-2024-0001.md"
    lived.move(GP, archived)
    moved = lived.commit("归档", who=WANGFANG, at="2024-09-06 09:00")
    history = read_new_commits_only(lived, log_calls, base)
    assert [r.sha for r in history.revisions(archived)] == [
        moved, lived.shas["final"], lived.shas["move"], lived.shas["written"], lived.shas["add"]]
    assert history.revisions(GP) == []
    assert history.first_commit(archived).path == "incidents/2025/YZMZ-2024-0001.md"


def test_a_deleted_record_and_a_record_turned_into_yaml(lived, log_calls):
    GitHistory.read(lived.root)
    base = head_of(lived)
    lived.delete(GR)
    lived.commit("删除复盘", who=WANGFANG, at="2024-09-06 09:00")
    yml = GP.replace(".md", ".yml")
    lived.delete(GP)
    lived.write(yml, to_yaml(grave(body="改写后的正文，与原文件已大不相同。\n" * 300)))  # beyond Git's rename detection
    converted = lived.commit("改为 yml", who=WANGFANG, at="2024-09-06 10:00")
    changes = lived.repo.git.show("--name-status", "-M", "--format=", converted).split()
    assert changes == ["D", GP, "A", yml]  # Git sees a delete and an add: the record's id joins them
    history = read_new_commits_only(lived, log_calls, base)
    assert [(r.sha, r.status) for r in history.revisions(yml)][:2] == [(converted, "R"), (lived.shas["final"], "M")]
    assert history.first_commit(yml).sha == lived.shas["add"]
    assert record_history(history, yml).entry_recorded("reports", 0) == commit_time("2024-08-26 09:50")


def test_a_file_moved_onto_the_name_of_a_deleted_record(git_repo, log_calls):
    """Two older files end up under one name: their older revisions interleave by commit."""
    other = "incidents/2024/YZMZ-2024-0009.md"
    git_repo.save(GP, to_markdown(with_reports(1)), "登记", at="2024-08-26 09:00")
    git_repo.save(other, to_markdown(general(id="YZMZ-2024-0009")), "另一条", at="2024-08-26 10:00")
    git_repo.save(GP, to_markdown(with_reports(2)), "书面报告", at="2024-08-26 11:00")
    git_repo.delete(GP)
    git_repo.commit("删除", at="2024-08-26 12:00")
    git_repo.save(other, to_markdown(general(id="YZMZ-2024-0009", title="更正")), "更正", at="2024-08-26 13:00")
    GitHistory.read(git_repo.root)
    base = head_of(git_repo)
    git_repo.move(other, GP)
    git_repo.commit("改名", at="2024-08-27 09:00")
    history = read_new_commits_only(git_repo, log_calls, base)
    assert [r.message for r in history.revisions(GP)] == ["改名", "更正", "书面报告", "另一条", "登记"]


def test_many_small_updates_are_joined(git_repo, log_calls, monkeypatch):
    monkeypatch.setattr(store, "MAX_CHUNKS", 2)
    git_repo.save(GP, to_markdown(with_reports(1)), "登记", at="2024-08-26 09:00")
    GitHistory.read(git_repo.root)
    for number in range(2, 6):
        base = head_of(git_repo)
        git_repo.save(GP, to_markdown(grave(title=f"第 {number} 版")), f"第 {number} 次", at=f"2024-08-26 1{number}:00")
        history = read_new_commits_only(git_repo, log_calls, base)
    assert [r.message for r in history.revisions(GP)] == ["第 5 次", "第 4 次", "第 3 次", "第 2 次", "登记"]


def test_files_the_new_commits_leave_alone_keep_their_revisions(lived, log_calls):
    GitHistory.read(lived.root)
    base = head_of(lived)
    lived.save(path_of(GENERAL_ID), to_markdown(general(title="标题更正")), "更正一般事件", who=ZHANGWEI,
               at="2024-09-05 09:00")
    history = read_new_commits_only(lived, log_calls, base)
    assert [(r.sha, r.path) for r in history.revisions(GP)] == [
        (lived.shas["final"], GP), (lived.shas["move"], GP), (lived.shas["written"], "incidents/2025/YZMZ-2024-0001.md"),
        (lived.shas["add"], "incidents/2025/YZMZ-2024-0001.md")]
    assert [r.message for r in history.revisions(path_of(GENERAL_ID))] == ["更正一般事件", "一般事件"]
