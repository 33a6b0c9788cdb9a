"""``yuqing.git.log_cache``, the persistent history cache: an unchanged HEAD runs no ``git log``, new
commits are read alone and give exactly what a full read gives, anything doubtful (merges, a
rewritten history, a damaged or foreign file, a shallow clone, another repository) is a full read.
"""

from __future__ import annotations

import shutil

import git
import pytest

from gitkit import (
    LIUYANG,
    WANGFANG,
    ZHANGWEI,
    GitRepo,
    head_of,
    identity_env,
    read_new_commits_only,
    snapshot,
    with_reports,
)
from recordkit import GENERAL_ID, GRAVE_ID, general, grave, path_of, review, to_markdown
from yuqing.git import GitHistory, log_cache

GP = path_of(GRAVE_ID)
GR = path_of(GRAVE_ID, review=True)


def _cache_files(tmp_path) -> list:
    return sorted((tmp_path / "cache" / log_cache.HISTORY_DIR).glob("*" + log_cache.HISTORY_SUFFIX))


def test_an_unchanged_head_runs_no_git_log(lived, log_calls, tmp_path, monkeypatch):
    first = GitHistory.read(lived.root)
    assert log_calls == [head_of(lived)]
    assert len(_cache_files(tmp_path)) == 1
    trace = tmp_path / "git-trace.txt"
    monkeypatch.setenv("GIT_TRACE", str(trace))
    second = GitHistory.read(lived.root)
    assert log_calls == [head_of(lived)]  # nothing more
    commands = trace.read_text(encoding="utf-8").splitlines() if trace.exists() else []
    assert not [line for line in commands if " log " in line], commands
    assert snapshot(second) == snapshot(first)
    assert [r.sha for r in second.revisions(GP)] == [lived.shas[k] for k in ("final", "move", "written", "add")]
    assert second.blob_text(second.revisions(GP)[0].blob) == to_markdown(grave())


def test_new_commits_are_added_to_the_cached_history(lived, log_calls):
    GitHistory.read(lived.root)
    base = head_of(lived)
    added = lived.save(path_of("YZMZ-2024-0007"), to_markdown(general(id="YZMZ-2024-0007")), "新登记",
                       who=ZHANGWEI, at="2024-09-05 09:00")
    edited = lived.save(GP, to_markdown(grave(title="标题更正")), "更正标题", who=LIUYANG, at="2024-09-05 10:00")
    history = read_new_commits_only(lived, log_calls, base)
    assert [r.sha for r in history.revisions(GP)][:2] == [edited, lived.shas["final"]]
    assert history.first_commit(GP).sha == lived.shas["add"]
    assert history.first_commit(path_of("YZMZ-2024-0007")).sha == added
    assert len(history.commits) == 8


def _branched(repo: GitRepo, branch_times: tuple[str, ...]) -> str:
    """main: three records commits; ``side`` branches off the first with commits at ``branch_times``;
    main is checked out again. Returns main's head."""
    repo.save(GP, to_markdown(with_reports(1)), "登记", at="2024-09-01 09:00")
    repo.branch("side")
    for number, at in enumerate(branch_times):
        repo.save(path_of(f"YZMZ-2024-00{20 + number}"), to_markdown(general(id=f"YZMZ-2024-00{20 + number}")),
                  f"side {number}", who=ZHANGWEI, at=at)
    repo.switch("main")
    repo.save(GP, to_markdown(with_reports(2)), "书面报告", at="2024-09-03 09:00")
    repo.save(path_of(GENERAL_ID), to_markdown(general()), "一般事件", at="2024-09-05 09:00")
    return head_of(repo)


@pytest.mark.parametrize("strategy", ["ort", "ours"])
def test_new_merges_are_a_full_read(git_repo, log_calls, strategy):
    """Where a merged branch's commits go, and whether Git shows them (``-s ours`` keeps main's records,
    so Git skips the side branch), only a full walk says: the cache is not advanced across merges."""
    _branched(git_repo, ("2024-09-02 09:00", "2024-09-04 09:00"))
    GitHistory.read(git_repo.root)
    git_repo.repo.git.merge("-q", "--no-ff", "-s", strategy, "-m", "Merge side", "side",
                            env=identity_env(WANGFANG, "2024-09-06 09:00"))
    log_calls.clear()
    history = GitHistory.read(git_repo.root)
    assert log_calls == [head_of(git_repo)]
    assert snapshot(history) == snapshot(GitHistory.read(git_repo.root, use_cache=False))
    shown = [c.message for c in history.commits]
    assert ("side 0" in shown) is (strategy == "ort")


@pytest.mark.parametrize("rewrite", ["amend", "reset"])
def test_a_rewritten_history_is_a_full_read(lived, log_calls, rewrite):
    lived.save(GP, to_markdown(grave(title="标题更正")), "更正标题", at="2024-09-05 10:00")
    GitHistory.read(lived.root)
    if rewrite == "amend":
        lived.repo.git.commit("-q", "--amend", "-m", "更正标题（修改说明）",
                              env=identity_env(LIUYANG, "2024-09-05 10:00", "2024-09-05 11:00"))
    else:
        lived.repo.git.reset("-q", "--hard", "HEAD~1")
        lived.save(GR, to_markdown(review(title="复盘更正")), "复盘更正", at="2024-09-05 12:00")
    log_calls.clear()
    history = GitHistory.read(lived.root)
    assert log_calls == [head_of(lived)]
    fresh = GitHistory.read(lived.root, use_cache=False)
    assert snapshot(history) == snapshot(fresh)
    assert "更正标题" not in [c.message for c in history.commits]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty"])
def test_a_damaged_cache_file_is_ignored(lived, log_calls, tmp_path, damage):
    expected = snapshot(GitHistory.read(lived.root))
    (path,) = _cache_files(tmp_path)
    data = path.read_bytes()
    newest = data.index(lived.shas["review"].encode())  # inside the commit names: still a well-formed file
    flipped = data[:newest] + (b"f" if data[newest:newest + 1] != b"f" else b"e") + data[newest + 1:]
    path.write_bytes({"garbage": b"not a history at all", "truncated": data[: len(data) // 2],
                      "flipped": flipped, "empty": b""}[damage])
    log_calls.clear()
    history = GitHistory.read(lived.root)
    assert log_calls == [head_of(lived)]  # a full read
    assert snapshot(history) == expected
    log_calls.clear()
    assert snapshot(GitHistory.read(lived.root)) == expected  # and the file is whole again
    assert log_calls == []


def test_a_cache_file_of_another_format_or_place_is_ignored(lived, log_calls, tmp_path, monkeypatch):
    expected = snapshot(GitHistory.read(lived.root))
    monkeypatch.setattr(log_cache, "_FORMAT", "an older layout")
    log_calls.clear()
    assert snapshot(GitHistory.read(lived.root)) == expected
    assert log_calls == [head_of(lived)]
    head = head_of(lived)
    moved = tmp_path / "elsewhere"
    lived.top.rename(moved)  # the same repository in another place: its own cache file
    log_calls.clear()
    history = GitHistory.read(moved)
    assert log_calls == [head]
    assert snapshot(history)[0] == expected[0]
    assert len(_cache_files(tmp_path)) == 2


def test_the_cache_can_be_bypassed(lived, log_calls, tmp_path, monkeypatch):
    GitHistory.read(lived.root, use_cache=False)
    assert _cache_files(tmp_path) == []
    GitHistory.read(lived.root)
    assert len(_cache_files(tmp_path)) == 1
    log_calls.clear()
    GitHistory.read(lived.root, use_cache=False)
    assert log_calls == [head_of(lived)]
    monkeypatch.setenv(log_cache.NO_CACHE_ENV, "1")
    lived.save(GP, to_markdown(grave(title="标题更正")), "更正标题", at="2024-09-05 10:00")
    log_calls.clear()
    history = GitHistory.read(lived.root)
    assert log_calls == [head_of(lived)]  # a full read, not base..HEAD
    assert history.revisions(GP)[0].message == "更正标题"
    monkeypatch.setenv(log_cache.NO_CACHE_ENV, "0")
    log_calls.clear()
    GitHistory.read(lived.root)
    assert log_calls[0].endswith(f"..{head_of(lived)}")


def test_a_shallow_clone_is_never_cached(lived, log_calls, tmp_path):
    clone = tmp_path / "clone"
    git.Repo.clone_from(f"file://{lived.top}", clone, depth=2, multi_options=["-q"])
    for _ in range(2):
        log_calls.clear()
        history = GitHistory.read(clone)
        assert log_calls == [git.Repo(clone).head.commit.hexsha]
    assert _cache_files(tmp_path) == []
    assert len(history.commits) == 1  # what the clone holds: the last record commit


def test_a_ledger_in_a_subdirectory_is_cached_on_its_own(tmp_path, log_calls):
    repo = GitRepo(tmp_path / "top", ledger="ledger")
    repo.save(GP, to_markdown(grave()), "登记", at="2024-08-26 09:50")
    GitHistory.read(repo.root)
    base = head_of(repo)
    repo.move(GP, "incidents/2024/归档/YZMZ-2024-0001.md")
    repo.commit("归档", at="2024-08-27 09:00")
    history = read_new_commits_only(repo, log_calls, base)
    assert history.prefix == "ledger/"
    assert [r.message for r in history.revisions("incidents/2024/归档/YZMZ-2024-0001.md")] == ["归档", "登记"]


def test_another_repository_in_the_same_place_is_a_full_read(tmp_path, log_calls):
    """The cached HEAD is unknown to the repository now there (cloned anew, say)."""
    first = GitRepo(tmp_path / "ledger")
    first.save(GP, to_markdown(grave()), "登记", at="2024-08-26 09:50")
    GitHistory.read(first.root)
    shutil.rmtree(first.top)
    second = GitRepo(tmp_path / "ledger")
    second.save(path_of(GENERAL_ID), to_markdown(general()), "一般事件", who=ZHANGWEI, at="2024-08-27 09:00")
    log_calls.clear()
    history = GitHistory.read(second.root)
    assert log_calls == [head_of(second)]
    assert [c.message for c in history.commits] == ["一般事件"]
    assert history.revisions(GP) == []
