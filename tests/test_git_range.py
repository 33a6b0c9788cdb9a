"""``yuqing.git.range`` and ``check --base REV`` on real repositories: what the range holds, and every
way it can be unusable (no repository, unknown REV, shallow clone, dirty tree), each exit 2
with a Chinese explanation of what to do.
"""

from __future__ import annotations

import git
import pytest

from gitkit import LIUYANG, WANGFANG, ZHANGWEI, GitRepo, check
from recordkit import GENERAL_ID, GRAVE_ID, MAJOR_ID, general, grave, major, path_of, review, to_markdown
from yuqing.errors import ConfigError
from yuqing.git import open_range

GP = path_of(GRAVE_ID)
GR = path_of(GRAVE_ID, review=True)


def _escalated(**extra) -> dict:
    """The 重大 incident with one more escalation appended (a legitimate merge request)."""
    data = grave(**extra)
    data["escalations"].append({"to": "区委办", "at": "2024-08-26 11:00", "by": "王芳"})
    return data


@pytest.fixture
def merged(git_repo):
    """The closed 重大 incident and its review merged on main; now on branch ``mr``."""
    git_repo.write(GP, to_markdown(grave()))
    git_repo.write(GR, to_markdown(review()))
    git_repo.commit("登记 YZMZ-2024-0001", who=LIUYANG, at="2024-08-26 09:50")
    git_repo.branch("mr")
    return git_repo


# -- what the range holds ----------------------------------------------------------------------


def test_the_range_lists_added_modified_renamed_and_deleted_records(merged):
    merged.save(path_of(GENERAL_ID), to_markdown(general()), who=ZHANGWEI, at="2024-08-26 11:00")
    merged.save(GP, to_markdown(_escalated()), who=LIUYANG, at="2024-08-26 11:10")
    merged.move(GR, "incidents/2024/renamed.review.md")
    merged.write("incidents/2024/notes.txt", "not a record")
    merged.commit("move the review", who=LIUYANG, at="2024-08-26 11:20")
    git_range = open_range(merged.root, "main")
    assert git_range.base == merged.repo.commit("main").hexsha
    assert git_range.base_label == "main"
    assert git_range.changed == {
        path_of(GENERAL_ID): None,  # added
        GP: GP,  # modified
        "incidents/2024/renamed.review.md": GR,  # renamed: head path -> base path
    }
    assert git_range.deleted == []
    assert [c.message for c in git_range.commits] == ["move the review", f"update {GP}", f"update {path_of(GENERAL_ID)}"]
    assert git_range.base_text(GP) == to_markdown(grave())
    assert git_range.base_text(path_of(GENERAL_ID)) is None
    assert git_range.base_records() == [GP, GR]


def test_a_deleted_record_and_a_record_moved_out_of_incidents_are_deleted(merged):
    merged.delete(GR)
    merged.move(GP, "archive/YZMZ-2024-0001.md")
    merged.commit("移走", who=WANGFANG, at="2024-09-05 10:00")
    git_range = open_range(merged.root, "main")
    assert git_range.changed == {}
    assert sorted(git_range.deleted) == [GP, GR]
    run = check(merged.root, base="main")
    assert run.code == 1
    assert sorted(f["path"] for f in run.of("YQ402")) == [GP, GR]


def test_the_range_starts_at_the_merge_base(merged):
    # main moves on after the branch was made: the office registers another incident there.
    merged.save(GP, to_markdown(_escalated()), who=LIUYANG, at="2024-09-05 10:00")
    merged.switch("main")
    merged.save(path_of(GENERAL_ID), to_markdown(general()), who=WANGFANG, at="2024-09-06 10:00")
    merged.switch("mr")
    git_range = open_range(merged.root, "main")
    assert git_range.base == merged.repo.commit("main~1").hexsha
    assert git_range.changed == {GP: GP} and git_range.deleted == []
    run = check(merged.root, base="main")
    assert run.code == 0, run.explain()


def test_check_base_reports_only_the_records_changed_in_the_range(merged):
    # An overdue review (YQ307) of an unchanged record on main must not block this merge request.
    merged.switch("main")
    merged.save(path_of(MAJOR_ID), to_markdown(major()), who=WANGFANG, at="2024-08-26 10:00")
    merged.switch("mr")
    merged.repo.git.rebase("-q", "main", env={"GIT_COMMITTER_NAME": "x", "GIT_COMMITTER_EMAIL": "x@invalid"})
    merged.save(GP, to_markdown(_escalated()), who=LIUYANG, at="2024-09-05 10:00")
    full = check(merged.root)
    assert full.code == 1
    assert {(f["rule"], f["path"]) for f in full.findings} == {("YQ307", path_of(MAJOR_ID))}
    run = check(merged.root, base="main")
    assert run.code == 0, run.explain()
    assert run.findings == [] and run.data["summary"]["files"] == 1


def test_paths_and_base_together_report_the_intersection(merged):
    merged.save(GP, to_markdown(grave(level="较大")), who=LIUYANG, at="2024-09-05 10:00")
    assert check(merged.root, str(merged.path(GP)), base="main").data["summary"]["files"] == 1
    assert check(merged.root, str(merged.path(GR)), base="main").data["summary"]["files"] == 0


def test_a_ledger_in_a_subdirectory_of_the_work_tree(tmp_path):
    repo = GitRepo(tmp_path, ledger="台账")
    repo.write(GP, to_markdown(grave()))
    repo.write(GR, to_markdown(review()))
    repo.write("README.md", "outside the ledger")
    repo.commit("登记", who=LIUYANG, at="2024-08-26 09:50")
    repo.branch("mr")
    text = to_markdown(grave(level="较大"))
    repo.save(GP, text, who=ZHANGWEI, at="2024-09-05 10:00")
    repo.delete(GR)
    repo.commit("删除复盘", who=LIUYANG, at="2024-09-05 10:10")
    git_range = open_range(repo.root, "main")
    assert git_range.prefix == "台账/"
    assert git_range.changed == {GP: GP} and git_range.deleted == [GR]
    run = check(repo.root, base="main")
    assert {(f["rule"], f["path"]) for f in run.findings} == {("YQ401", GP), ("YQ402", GR), ("YQ403", GP),
                                                          ("YQ307", GP)}, run.explain()


def test_chinese_file_names(merged):
    name = "incidents/2024/养老机构 投诉.md"
    merged.save(name, to_markdown(grave(id="YZMZ-2024-0007")), who=LIUYANG, at="2024-08-26 09:55")
    merged.switch("main")
    merged.repo.git.merge("-q", "--ff-only", "mr")
    merged.switch("mr")
    merged.delete(name)
    merged.commit("删除", who=LIUYANG, at="2024-09-05 10:00")
    assert open_range(merged.root, "main").deleted == [name]
    finding = check(merged.root, base="main").of("YQ402")[0]
    assert finding["path"] == name and name in finding["message"]


# -- when the range cannot be used: exit 2 -----------------------------------------------------


def _usage_error(run, *words):
    assert run.code == 2, run.explain()
    assert run.data is None and run.findings == []
    for word in words:
        assert word in run.stderr, run.stderr


def test_no_repository(repo):
    repo.write(GP, to_markdown(grave()))
    repo.write(GR, to_markdown(review()))
    _usage_error(check(repo.root, base="main"), "不是 Git 仓库")
    assert check(repo.root).code == 0  # without --base no repository is needed


def test_a_repository_without_commits(git_repo):
    _usage_error(check(git_repo.root, base="main"), "还没有任何提交")


@pytest.mark.parametrize("rev", ["nosuchbranch", "origin/main", "0123456789abcdef", "--output=/tmp/x", "main^{tree}"])
def test_a_revision_that_does_not_exist(merged, rev):
    _usage_error(check(merged.root, base=rev), f"找不到基准版本“{rev}”", "git fetch")


def test_a_base_without_common_history(merged):
    merged.repo.git.checkout("-q", "--orphan", "other")
    merged.commit("unrelated", who=WANGFANG, at="2024-09-01 10:00")
    merged.switch("mr")
    _usage_error(check(merged.root, base="other"), "没有共同祖先")


def _shallow_clone(origin: GitRepo, target, **options):
    clone = git.Repo.clone_from(f"file://{origin.top}", target, depth=1, branch="mr", **options)
    with clone.config_writer() as config:
        config.set_value("user", "name", "nobody")
        config.set_value("user", "email", "nobody@invalid")
    return clone


@pytest.fixture
def origin(merged):
    for minute in (10, 20, 30):
        data = grave()
        data["escalations"].append({"to": "区委办", "at": f"2024-08-26 11:{minute}", "by": "王芳"})
        merged.save(GP, to_markdown(data), who=LIUYANG, at=f"2024-09-05 10:{minute}")
    return merged


def test_a_shallow_clone_without_the_base(origin, tmp_path):
    clone = _shallow_clone(origin, tmp_path / "clone")
    assert (tmp_path / "clone" / ".git" / "shallow").exists()
    _usage_error(check(tmp_path / "clone", base="origin/main"), "浅克隆", "git fetch --unshallow",
                 "fetch-depth: 0", "GIT_DEPTH: 0")
    _usage_error(check(tmp_path / "clone", base="main"), "git fetch --unshallow")
    assert clone.head.commit.hexsha == origin.repo.head.commit.hexsha


def test_a_shallow_clone_with_the_base_tip_but_without_the_history(origin, tmp_path):
    clone = _shallow_clone(origin, tmp_path / "clone", no_single_branch=True)
    assert clone.commit("origin/main")  # the base is there, its history with HEAD is not
    _usage_error(check(tmp_path / "clone", base="origin/main"), "浅克隆", "git fetch --unshallow")
    clone.git.fetch("--unshallow", "-q")
    run = check(tmp_path / "clone", base="origin/main")
    assert run.code == 0, run.explain()
    assert run.data["summary"]["files"] == 1


def test_a_dirty_tree_is_refused_unless_allowed(merged):
    merged.save(GP, to_markdown(_escalated()), who=LIUYANG, at="2024-09-05 10:00")
    merged.write(GP, to_markdown(_escalated(title="改了标题但没有提交")))
    _usage_error(check(merged.root, base="main"), "未提交", GP, "git commit")
    run = check(merged.root, "--allow-dirty", base="main")
    assert run.code == 0, run.explain()
    assert run.data["summary"]["files"] == 1


@pytest.mark.parametrize("path", ["incidents/2024/新记录.md", "schema/org.yml", "schema/policy.yml"])
def test_untracked_records_and_changed_configuration_are_dirty(merged, path):
    old = merged.read(path) if merged.path(path).exists() else ""
    merged.write(path, old + "\n# 未提交的修改\n")
    _usage_error(check(merged.root, base="main"), "未提交", path)


def test_changes_outside_the_ledger_files_do_not_make_it_dirty(merged):
    merged.write("README.md", "草稿")
    merged.write("docs/index.md", "草稿")
    assert check(merged.root, base="main").code == 0


def test_open_range_raises_config_errors(merged, tmp_path):
    with pytest.raises(ConfigError) as caught:
        open_range(merged.root, "nosuchbranch")
    assert "nosuchbranch" in caught.value.msg.zh and "nosuchbranch" in caught.value.msg.en
