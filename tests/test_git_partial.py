"""``yuqing.git.partial``: the history of a few files, read with logs limited to them, answers what the
whole log's history answers about them (revisions through renames and moves, first commits, when
each entry was first recorded), and a merge request's check without a history cache reads no
whole log yet reports what a check with one reports.
"""

from __future__ import annotations

import pytest

from gitkit import LIUYANG, WANGFANG, ZHANGWEI, check, with_reports
from recordkit import GENERAL_ID, GRAVE_ID, general, grave, path_of, review, to_markdown, to_yaml
from yuqing.checking import scale
from yuqing.git import GitHistory, log_cache, store
from yuqing.git.partial import PartialHistory

GP = path_of(GRAVE_ID)
GR = path_of(GRAVE_ID, review=True)
GENERAL = path_of(GENERAL_ID)


def _partial(repo) -> PartialHistory:
    history = GitHistory.read(repo.root, use_cache=False, few=PartialHistory)
    assert isinstance(history, PartialHistory)
    return history


def _same_answers(repo, paths: list[str], *, one_by_one: bool = False) -> PartialHistory:
    """The partial history's answers about ``paths`` are the whole log's."""
    whole = GitHistory.read(repo.root, use_cache=False)
    partial = _partial(repo)
    if not one_by_one:
        partial.want(paths)
    for path in paths:
        assert partial.revisions(path) == whole.revisions(path), path
        assert partial.first_commit(path) == whole.first_commit(path), path
        assert partial.first_seen(path) == whole.first_seen(path), path
        assert partial.lacked(path) == whole.lacked(path), path
    return partial


def test_a_record_renamed_and_edited_has_the_whole_logs_revisions(lived):
    partial = _same_answers(lived, [GP, GR, GENERAL, "incidents/2025/YZMZ-2024-0001.md", "incidents/2024/never.md"])
    assert [r.status for r in partial.revisions(GP)] == ["M", "R", "M", "A"]
    # one log for the five paths, a look at the commit that added GP's old path, that path's older log
    assert partial.logs_read <= 6


def test_asked_one_by_one_the_answers_are_the_same(lived):
    _same_answers(lived, [GR, GP, GENERAL], one_by_one=True)


def test_a_record_moved_and_turned_into_yaml_is_followed(git_repo):
    old, new = "incidents/2025/YZMZ-2024-0001.md", "incidents/2024/YZMZ-2024-0001.yml"
    git_repo.save(old, to_markdown(with_reports(1)), "登记", who=LIUYANG, at="2024-08-26 09:50")
    git_repo.save(old, to_markdown(with_reports(2)), "书面报告", who=LIUYANG, at="2024-08-26 10:05")
    git_repo.delete(old)
    git_repo.write(new, to_yaml(grave()))
    git_repo.commit("改为 YAML 并移到 2024", who=WANGFANG, at="2024-08-27 08:00")
    partial = _same_answers(git_repo, [new])
    assert [r.status for r in partial.revisions(new)] == ["R", "M", "A"]


def test_a_record_renamed_twice_is_followed_to_its_first_commit(git_repo):
    first, second, third = "incidents/2023/YZMZ-2024-0001.md", "incidents/2025/YZMZ-2024-0001.md", GP
    git_repo.save(first, to_markdown(with_reports(1)), "登记", who=LIUYANG, at="2024-08-26 09:50")
    git_repo.move(first, second)
    git_repo.commit("移动一次", who=WANGFANG, at="2024-08-26 11:00")
    git_repo.save(second, to_markdown(with_reports(2)), "书面报告", who=LIUYANG, at="2024-08-26 12:05")
    git_repo.move(second, third)
    git_repo.commit("再移动", who=WANGFANG, at="2024-08-27 08:00")
    partial = _same_answers(git_repo, [third])
    assert partial.first_commit(third).path == first


def test_merged_branches_give_the_same_revisions(git_repo):
    git_repo.save(GP, to_markdown(with_reports(1)), "登记", who=LIUYANG, at="2024-08-26 09:50")
    git_repo.branch("report")
    git_repo.save(GP, to_markdown(with_reports(2)), "书面报告", who=LIUYANG, at="2024-08-26 10:05")
    git_repo.switch("main")
    git_repo.save(GENERAL, to_markdown(general()), "一般事件", who=ZHANGWEI, at="2024-08-26 11:00")
    git_repo.merge("report", who=WANGFANG, at="2024-08-26 12:00")
    git_repo.save(GR, to_markdown(review()), "复盘", who=WANGFANG, at="2024-09-02 16:00")
    _same_answers(git_repo, [GP, GENERAL, GR])


def test_its_commits_are_those_that_changed_the_files_read(lived):
    partial = _partial(lived)
    partial.revisions(GENERAL)
    assert [commit.message for commit in partial.commits] == ["一般事件"]


def test_the_whole_log_is_read_where_the_cache_can_answer(lived, log_calls):
    GitHistory.read(lived.root)  # fills the history cache
    history = GitHistory.read(lived.root, few=PartialHistory)
    assert not isinstance(history, PartialHistory)
    assert history.revisions(GP) == GitHistory.read(lived.root, use_cache=False).revisions(GP)


def test_without_a_cache_no_whole_log_is_read(lived, log_calls, monkeypatch):
    monkeypatch.setattr(store, "read_store", _refuse)
    monkeypatch.setattr(log_cache, "read_store", _refuse)
    history = GitHistory.read(lived.root, few=PartialHistory)
    assert isinstance(history, PartialHistory) and history.revisions(GP)


def _refuse(*_args, **_kwargs):
    raise AssertionError("the whole log was read")


@pytest.fixture
def merge_request(lived):
    """``lived`` with a branch ``mr`` that appends a report to GP, as its section would."""
    lived.branch("mr")
    lived.save(GP, to_markdown(grave()) + "\n续报：网上讨论已平息。\n", "续报", who=LIUYANG, at="2024-08-29 09:00")
    lived.save(GENERAL, to_markdown(general()) + "\n补充说明。\n", "补充", who=ZHANGWEI, at="2024-08-29 10:00")
    return lived


@pytest.mark.parametrize("workers", [False, True], ids=["one process", "workers"])
def test_a_merge_requests_check_without_a_cache_reads_no_whole_log(merge_request, tmp_path, monkeypatch, workers):
    if workers:  # the units concerned are checked in the parent, where the partial history is read
        monkeypatch.setattr(scale, "PARALLEL_THRESHOLD", 2)
        monkeypatch.setenv("YUQING_JOBS", "2")
    monkeypatch.setenv("YUQING_CACHE_DIR", str(tmp_path / "with-cache"))
    GitHistory.read(merge_request.root)  # the whole log, kept in the history cache for the next check
    warm = check(merge_request.root, base="main", now="2024-09-10 10:00")
    assert warm.data["findings"], "a case with findings, some of them from the history"
    monkeypatch.setenv("YUQING_CACHE_DIR", str(tmp_path / "empty"))
    monkeypatch.setattr(log_cache, "read_store", _refuse)
    cold = check(merge_request.root, base="main", now="2024-09-10 10:00")
    assert cold.code == warm.code and cold.data["findings"] == warm.data["findings"]
    assert cold.data["summary"] == warm.data["summary"]


def test_a_read_begun_in_the_background_gives_the_same_answers(lived):
    whole = GitHistory.read(lived.root, use_cache=False)
    partial = _partial(lived)
    partial.start([GP, GENERAL])
    partial.want([GR, GP])  # GP is being read already: not again
    assert partial.revisions(GP) == whole.revisions(GP)
    assert partial.revisions(GENERAL) == whole.revisions(GENERAL)
    read = partial.logs_read
    assert partial.revisions(GR) == whole.revisions(GR)
    assert partial.logs_read == read + 2  # GR alone: its log, and a look at the commit that added it
    partial.start([GP, GR])  # read already: nothing to start
    assert partial.logs_read == read + 2 and partial.first_commit(GR) == whole.first_commit(GR)


def test_the_range_names_the_files_to_read_early(merge_request):
    from yuqing.checking.run import _range_paths
    from yuqing.git import open_range

    merge_request.save(GR, to_markdown(review()) + "\n补充。\n", "复盘补充", who=WANGFANG, at="2024-08-29 11:00")
    paths = _range_paths(open_range(merge_request.root, "main"))
    assert {GP, GENERAL, GR, GR.replace(".review.md", ".md")} <= set(paths)
