"""``yuqing.git.entries``: when each entry of a record was first recorded in Git (the site's 首次记入台账)."""

from __future__ import annotations

from gitkit import LIUYANG, commit_time, with_reports
from recordkit import GRAVE_ID, path_of, to_markdown, to_yaml
from yuqing.git import GitHistory, record_history

GP = path_of(GRAVE_ID)
GR = path_of(GRAVE_ID, review=True)


def test_record_history_knows_when_each_entry_was_first_recorded(lived):
    history = GitHistory.read(lived.root)
    result = record_history(history, GP)
    assert [r.sha for r in result.revisions] == [r.sha for r in history.revisions(GP)]
    assert result.entry_recorded("reports", 0) == commit_time("2024-08-26 09:50")
    assert result.entry_recorded("reports", 1) == commit_time("2024-08-26 10:05")
    assert result.entry_recorded("reports", 2) == commit_time("2024-08-28 17:00")
    assert result.entry_recorded("reports", 3) == commit_time("2024-08-28 17:00")
    assert result.entry_recorded("responses", 0) == commit_time("2024-08-26 09:50")
    assert result.entry_recorded("reports", 4) is None
    assert record_history(history, GR).entry_recorded("actions", 0) == commit_time("2024-09-02 16:00")


def test_record_history_of_a_yaml_record(git_repo):
    path = "incidents/2024/YZMZ-2024-0001.yml"
    git_repo.save(path, to_yaml(with_reports(1)), who=LIUYANG, at="2024-08-26 09:50")
    git_repo.save(path, to_yaml(with_reports(3)), who=LIUYANG, at="2024-08-27 09:10")
    result = record_history(GitHistory.read(git_repo.root), path)
    assert len(result.revisions) == 2
    assert result.entry_recorded("reports", 0) == commit_time("2024-08-26 09:50")
    assert result.entry_recorded("reports", 2) == commit_time("2024-08-27 09:10")


def test_an_unreadable_revision_is_skipped(git_repo):
    git_repo.save(GP, "---\nid: [unclosed\n---\n", who=LIUYANG, at="2024-08-26 09:50")
    git_repo.save(GP, to_markdown(with_reports(1)), who=LIUYANG, at="2024-08-26 10:00")
    result = record_history(GitHistory.read(git_repo.root), GP)
    assert len(result.revisions) == 2
    assert result.entry_recorded("reports", 0) == commit_time("2024-08-26 10:00")
