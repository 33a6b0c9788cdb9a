"""``yuqing.git_history`` on real repositories: one ``git log`` read gives every record's revisions,
following renames; the first commit of each record; when each entry was first recorded. The
persistent cache: an unchanged HEAD runs no ``git log``, new commits are read alone and give
exactly what a full read gives, anything doubtful is a full read.
"""

from __future__ import annotations

import shutil
from datetime import datetime

import git
import pytest

from gitkit import LIUYANG, WANGFANG, ZHANGWEI, GitRepo, git_time, identity_env
from recordkit import GENERAL_ID, GRAVE_ID, general, grave, path_of, review, to_markdown, to_yaml
from yuqing import git_history
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


# -- the persistent cache: a later read takes only the new commits --------------------------------


@pytest.fixture
def log_calls(tmp_path, monkeypatch):
    """A private cache dir, and the revision range of every ``git log`` a history read runs (the real one)."""
    monkeypatch.setenv("YUQING_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv(git_history.NO_CACHE_ENV, raising=False)
    calls = []
    real = git_history._run_log

    def spy(repo, revision_range, paths):
        calls.append(revision_range)
        return real(repo, revision_range, paths)

    monkeypatch.setattr(git_history, "_run_log", spy)
    return calls


def _head(repo: GitRepo) -> str:
    return repo.repo.head.commit.hexsha


def _snapshot(history: GitHistory) -> tuple:
    """Everything a history answers: its commits and the revisions of every path any commit touched."""
    paths = sorted({change.path for commit in history.commits for change in commit.changes}
                   | {change.old_path for commit in history.commits for change in commit.changes if change.old_path})
    relative = [path[len(history.prefix):] for path in paths]
    return history.commits, {path: history.revisions(path) for path in relative if history.revisions(path)}


def _read_new_commits_only(repo: GitRepo, calls: list, base: str) -> GitHistory:
    """Read with the cache made at ``base``; check that only ``base..HEAD`` was logged and that the
    result is a fresh full read's, then and after a reload from the rewritten cache file."""
    calls.clear()
    history = GitHistory.read(repo.root)
    head = _head(repo)
    assert calls == [f"{base}..{head}"]
    fresh = GitHistory.read(repo.root, use_cache=False)
    assert calls == [f"{base}..{head}", head]
    assert _snapshot(history) == _snapshot(fresh)
    calls.clear()
    reloaded = GitHistory.read(repo.root)
    assert calls == []
    assert _snapshot(reloaded) == _snapshot(fresh)
    return history


def _cache_files(tmp_path) -> list:
    return sorted((tmp_path / "cache" / git_history.HISTORY_DIR).glob("*" + git_history.HISTORY_SUFFIX))


def test_an_unchanged_head_runs_no_git_log(lived, log_calls, tmp_path, monkeypatch):
    first = GitHistory.read(lived.root)
    assert log_calls == [_head(lived)]
    assert len(_cache_files(tmp_path)) == 1
    trace = tmp_path / "git-trace.txt"
    monkeypatch.setenv("GIT_TRACE", str(trace))
    second = GitHistory.read(lived.root)
    assert log_calls == [_head(lived)]  # nothing more
    commands = trace.read_text(encoding="utf-8").splitlines() if trace.exists() else []
    assert not [line for line in commands if " log " in line], commands
    assert _snapshot(second) == _snapshot(first)
    assert [r.sha for r in second.revisions(GP)] == [lived.shas[k] for k in ("final", "move", "written", "add")]
    assert second.blob_text(second.revisions(GP)[0].blob) == to_markdown(grave())


def test_new_commits_are_added_to_the_cached_history(lived, log_calls):
    GitHistory.read(lived.root)
    base = _head(lived)
    added = lived.save(path_of("YZMZ-2024-0007"), to_markdown(general(id="YZMZ-2024-0007")), "新登记",
                       who=ZHANGWEI, at="2024-09-05 09:00")
    edited = lived.save(GP, to_markdown(grave(title="标题更正")), "更正标题", who=LIUYANG, at="2024-09-05 10:00")
    history = _read_new_commits_only(lived, log_calls, base)
    assert [r.sha for r in history.revisions(GP)][:2] == [edited, lived.shas["final"]]
    assert history.first_commit(GP).sha == lived.shas["add"]
    assert history.first_commit(path_of("YZMZ-2024-0007")).sha == added
    assert len(history.commits) == 8


def test_a_rename_in_a_new_commit_carries_the_older_revisions(lived, log_calls):
    GitHistory.read(lived.root)
    base = _head(lived)
    archived = "incidents/2024/归档/YZMZ-2024-0001.md"
    lived.move(GP, archived)
    moved = lived.commit("归档", who=WANGFANG, at="2024-09-06 09:00")
    history = _read_new_commits_only(lived, log_calls, base)
    assert [r.sha for r in history.revisions(archived)] == [
        moved, lived.shas["final"], lived.shas["move"], lived.shas["written"], lived.shas["add"]]
    assert history.revisions(GP) == []
    assert history.first_commit(archived).path == "incidents/2025/YZMZ-2024-0001.md"


def test_a_deleted_record_and_a_record_turned_into_yaml(lived, log_calls):
    GitHistory.read(lived.root)
    base = _head(lived)
    lived.delete(GR)
    lived.commit("删除复盘", who=WANGFANG, at="2024-09-06 09:00")
    yml = GP.replace(".md", ".yml")
    lived.delete(GP)
    lived.write(yml, to_yaml(grave(body="改写后的正文，与原文件已大不相同。\n" * 300)))  # beyond Git's rename detection
    converted = lived.commit("改为 yml", who=WANGFANG, at="2024-09-06 10:00")
    changes = lived.repo.git.show("--name-status", "-M", "--format=", converted).split()
    assert changes == ["D", GP, "A", yml]  # Git sees a delete and an add: the record's id joins them
    history = _read_new_commits_only(lived, log_calls, base)
    assert [(r.sha, r.status) for r in history.revisions(yml)][:2] == [(converted, "R"), (lived.shas["final"], "M")]
    assert history.first_commit(yml).sha == lived.shas["add"]
    assert record_history(history, yml).entry_recorded("reports", 0) == _t("2024-08-26 09:50")


def test_a_file_moved_onto_the_name_of_a_deleted_record(git_repo, log_calls):
    """Two older files end up under one name: their older revisions interleave by commit."""
    other = "incidents/2024/YZMZ-2024-0009.md"
    git_repo.save(GP, to_markdown(_with_reports(1)), "登记", at="2024-08-26 09:00")
    git_repo.save(other, to_markdown(general(id="YZMZ-2024-0009")), "另一条", at="2024-08-26 10:00")
    git_repo.save(GP, to_markdown(_with_reports(2)), "书面报告", at="2024-08-26 11:00")
    git_repo.delete(GP)
    git_repo.commit("删除", at="2024-08-26 12:00")
    git_repo.save(other, to_markdown(general(id="YZMZ-2024-0009", title="更正")), "更正", at="2024-08-26 13:00")
    GitHistory.read(git_repo.root)
    base = _head(git_repo)
    git_repo.move(other, GP)
    git_repo.commit("改名", at="2024-08-27 09:00")
    history = _read_new_commits_only(git_repo, log_calls, base)
    assert [r.message for r in history.revisions(GP)] == ["改名", "更正", "书面报告", "另一条", "登记"]


def _branched(repo: GitRepo, branch_times: tuple[str, ...]) -> str:
    """main: three records commits; ``side`` branches off the first with commits at ``branch_times``;
    main is checked out again. Returns main's head."""
    repo.save(GP, to_markdown(_with_reports(1)), "登记", at="2024-09-01 09:00")
    repo.branch("side")
    for number, at in enumerate(branch_times):
        repo.save(path_of(f"YZMZ-2024-00{20 + number}"), to_markdown(general(id=f"YZMZ-2024-00{20 + number}")),
                  f"side {number}", who=ZHANGWEI, at=at)
    repo.switch("main")
    repo.save(GP, to_markdown(_with_reports(2)), "书面报告", at="2024-09-03 09:00")
    repo.save(path_of(GENERAL_ID), to_markdown(general()), "一般事件", at="2024-09-05 09:00")
    return _head(repo)


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
    assert log_calls == [_head(git_repo)]
    assert _snapshot(history) == _snapshot(GitHistory.read(git_repo.root, use_cache=False))
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
    assert log_calls == [_head(lived)]
    fresh = GitHistory.read(lived.root, use_cache=False)
    assert _snapshot(history) == _snapshot(fresh)
    assert "更正标题" not in [c.message for c in history.commits]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty"])
def test_a_damaged_cache_file_is_ignored(lived, log_calls, tmp_path, damage):
    expected = _snapshot(GitHistory.read(lived.root))
    (path,) = _cache_files(tmp_path)
    data = path.read_bytes()
    newest = data.index(lived.shas["review"].encode())  # inside the commit names: still a well-formed file
    flipped = data[:newest] + (b"f" if data[newest:newest + 1] != b"f" else b"e") + data[newest + 1:]
    path.write_bytes({"garbage": b"not a history at all", "truncated": data[: len(data) // 2],
                      "flipped": flipped, "empty": b""}[damage])
    log_calls.clear()
    history = GitHistory.read(lived.root)
    assert log_calls == [_head(lived)]  # a full read
    assert _snapshot(history) == expected
    log_calls.clear()
    assert _snapshot(GitHistory.read(lived.root)) == expected  # and the file is whole again
    assert log_calls == []


def test_a_cache_file_of_another_format_or_place_is_ignored(lived, log_calls, tmp_path, monkeypatch):
    expected = _snapshot(GitHistory.read(lived.root))
    monkeypatch.setattr(git_history, "_FORMAT", "an older layout")
    log_calls.clear()
    assert _snapshot(GitHistory.read(lived.root)) == expected
    assert log_calls == [_head(lived)]
    head = _head(lived)
    moved = tmp_path / "elsewhere"
    lived.top.rename(moved)  # the same repository in another place: its own cache file
    log_calls.clear()
    history = GitHistory.read(moved)
    assert log_calls == [head]
    assert _snapshot(history)[0] == expected[0]
    assert len(_cache_files(tmp_path)) == 2


def test_the_cache_can_be_bypassed(lived, log_calls, tmp_path, monkeypatch):
    GitHistory.read(lived.root, use_cache=False)
    assert _cache_files(tmp_path) == []
    GitHistory.read(lived.root)
    assert len(_cache_files(tmp_path)) == 1
    log_calls.clear()
    GitHistory.read(lived.root, use_cache=False)
    assert log_calls == [_head(lived)]
    monkeypatch.setenv(git_history.NO_CACHE_ENV, "1")
    lived.save(GP, to_markdown(grave(title="标题更正")), "更正标题", at="2024-09-05 10:00")
    log_calls.clear()
    history = GitHistory.read(lived.root)
    assert log_calls == [_head(lived)]  # a full read, not base..HEAD
    assert history.revisions(GP)[0].message == "更正标题"
    monkeypatch.setenv(git_history.NO_CACHE_ENV, "0")
    log_calls.clear()
    GitHistory.read(lived.root)
    assert log_calls[0].endswith(f"..{_head(lived)}")


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
    base = _head(repo)
    repo.move(GP, "incidents/2024/归档/YZMZ-2024-0001.md")
    repo.commit("归档", at="2024-08-27 09:00")
    history = _read_new_commits_only(repo, log_calls, base)
    assert history.prefix == "ledger/"
    assert [r.message for r in history.revisions("incidents/2024/归档/YZMZ-2024-0001.md")] == ["归档", "登记"]


def test_many_small_updates_are_joined(git_repo, log_calls, monkeypatch):
    monkeypatch.setattr(git_history, "MAX_CHUNKS", 2)
    git_repo.save(GP, to_markdown(_with_reports(1)), "登记", at="2024-08-26 09:00")
    GitHistory.read(git_repo.root)
    for number in range(2, 6):
        base = _head(git_repo)
        git_repo.save(GP, to_markdown(grave(title=f"第 {number} 版")), f"第 {number} 次", at=f"2024-08-26 1{number}:00")
        history = _read_new_commits_only(git_repo, log_calls, base)
    assert [r.message for r in history.revisions(GP)] == ["第 5 次", "第 4 次", "第 3 次", "第 2 次", "登记"]


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
    assert log_calls == [_head(second)]
    assert [c.message for c in history.commits] == ["一般事件"]
    assert history.revisions(GP) == []


def test_files_the_new_commits_leave_alone_keep_their_revisions(lived, log_calls):
    GitHistory.read(lived.root)
    base = _head(lived)
    lived.save(path_of(GENERAL_ID), to_markdown(general(title="标题更正")), "更正一般事件", who=ZHANGWEI,
               at="2024-09-05 09:00")
    history = _read_new_commits_only(lived, log_calls, base)
    assert [(r.sha, r.path) for r in history.revisions(GP)] == [
        (lived.shas["final"], GP), (lived.shas["move"], GP), (lived.shas["written"], "incidents/2025/YZMZ-2024-0001.md"),
        (lived.shas["add"], "incidents/2025/YZMZ-2024-0001.md")]
    assert [r.message for r in history.revisions(path_of(GENERAL_ID))] == ["更正一般事件", "一般事件"]
