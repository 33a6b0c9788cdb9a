"""Real Git repositories for the tests of the Git rules (YQ401-YQ406), the history and CODEOWNERS.

A :class:`GitRepo` is a throw-away records repository in a temp dir (schema/ copied from the
shipped one, an empty incidents/) under ``git init -b main``. Commits are made with the
real ``git`` through GitPython, as a given identity from schema/org.yml and at a given
author and committer time, so the rules see exactly what a merge request would give them.
:func:`check` runs ``yuqing check`` through the real command line entry point and returns
its exit code, parsed JSON and error text. The tests of :mod:`yuqing.git` share a record's
life (:func:`live`, the ``lived`` fixture) and the checks of what a history read gives
(:func:`snapshot`, :func:`read_new_commits_only`).
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import git
import pytest

from recordkit import GENERAL_ID, GRAVE_ID, assert_hits, general, grave, path_of, review, to_markdown
from schemakit import copy_schema
from yuqing import cli
from yuqing.checking.run import base_workspace
from yuqing.engine import Engine
from yuqing.git import GitHistory, open_range
from yuqing.repository import open_repository
from yuqing.timeparse import parse_datetime
from yuqing.workspace import Workspace

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"
NOW = "2024-10-01 10:00"  # the same "now" as recordkit.NOW


@dataclass(frozen=True)
class Who:
    """A Git identity: name and email as Git records them."""

    name: str
    email: str


LIUYANG = Who("刘洋", "liuyang@yzmz.example.cn")  # 养老服务科
HUANGXIAOYAN = Who("黄晓燕", "huangxiaoyan@yzmz.example.cn")  # 养老服务科
WANGFANG = Who("王芳", "wangfang@yzmz.example.cn")  # 局办公室
ZHANGWEI = Who("张伟", "zhangwei@yzmz.example.cn")  # 社会事务科
LIMING = Who("李明", "liming@yzmz.example.cn")  # 社会救助科
STRANGER = Who("某某", "someone@mail.example.com")  # not in org.yml


def git_time(local: str) -> str:
    """A Beijing-time ``2024-08-26 09:30`` as the ISO 8601 date Git accepts."""
    return local.replace(" ", "T") + ":00+08:00"


def identity_env(who: Who, at: str, committed_at: str | None = None, committer: Who | None = None) -> dict:
    """The environment that makes ``git`` author and commit as ``who`` at the given times."""
    committer = committer or who
    return {
        "GIT_AUTHOR_NAME": who.name, "GIT_AUTHOR_EMAIL": who.email, "GIT_AUTHOR_DATE": git_time(at),
        "GIT_COMMITTER_NAME": committer.name, "GIT_COMMITTER_EMAIL": committer.email,
        "GIT_COMMITTER_DATE": git_time(committed_at or at),
    }


class GitRepo:
    """A records repository under Git in ``root`` (a temp dir); the ledger may sit in a subdirectory."""

    def __init__(self, root: Path, ledger: str = ""):
        self.top = Path(root)
        self.root = self.top / ledger if ledger else self.top  # the records root (``--root``)
        copy_schema(self.root / "schema")
        (self.root / "incidents").mkdir(exist_ok=True)
        self.repo = git.Repo.init(self.top, initial_branch="main")
        with self.repo.config_writer() as config:
            config.set_value("commit", "gpgsign", "false")
            config.set_value("user", "name", "nobody")  # every commit below sets its identity explicitly
            config.set_value("user", "email", "nobody@invalid")

    # -- files ---------------------------------------------------------------------------

    def path(self, relpath: str) -> Path:
        return self.root / relpath

    def write(self, relpath: str, text: str) -> Path:
        """Write UTF-8 ``text`` to ``relpath`` (relative to the records root)."""
        target = self.root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
        return target

    def read(self, relpath: str) -> str:
        return (self.root / relpath).read_text(encoding="utf-8")

    def delete(self, relpath: str) -> None:
        self.repo.git.rm("-q", str(self.root / relpath))

    def move(self, old: str, new: str) -> None:
        """``git mv`` a file (parent directories are made)."""
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        self.repo.git.mv(str(self.root / old), str(self.root / new))

    def workspace(self) -> Workspace:
        return open_repository(self.root)

    # -- history -------------------------------------------------------------------------

    def commit(self, message: str, who: Who = LIUYANG, at: str = "2024-08-26 10:00",
               committed_at: str | None = None, committer: Who | None = None) -> str:
        """Stage everything and commit as ``who``; returns the new commit's sha."""
        self.repo.git.add("-A", str(self.top))
        self.repo.git.commit("-q", "--allow-empty", "-m", message,
                             env=identity_env(who, at, committed_at, committer))
        return self.repo.head.commit.hexsha

    def save(self, relpath: str, text: str, message: str | None = None, **commit_args) -> str:
        """Write one file and commit it."""
        self.write(relpath, text)
        return self.commit(message or f"update {relpath}", **commit_args)

    def branch(self, name: str, start: str = "HEAD") -> None:
        """Create ``name`` at ``start`` and switch to it."""
        self.repo.git.checkout("-q", "-b", name, start)

    def switch(self, name: str) -> None:
        self.repo.git.checkout("-q", name)

    def merge(self, branch: str, who: Who = LIUYANG, at: str = "2024-08-26 12:00", message: str | None = None) -> str:
        """A real merge commit (``--no-ff``) of ``branch`` into the current branch, made by ``who``."""
        self.repo.git.merge("-q", "--no-ff", "-m", message or f"Merge {branch}", branch, env=identity_env(who, at))
        return self.repo.head.commit.hexsha


@dataclass
class CheckRun:
    """What ``yuqing check`` gave: exit code, the JSON document (when it printed one), stderr."""

    code: int
    data: dict | None
    stdout: str
    stderr: str

    @property
    def findings(self) -> list[dict]:
        return (self.data or {}).get("findings", [])

    def of(self, rule: str) -> list[dict]:
        return [f for f in self.findings if f["rule"] == rule]

    def rules(self) -> list[str]:
        return sorted(f["rule"] for f in self.findings)

    def explain(self) -> str:
        shown = "\n".join(f"{f['path']}:{f['line']}: {f['level']} {f['rule']} {f['message']}" for f in self.findings)
        return f"exit {self.code}\n{shown}\n{self.stderr}"


def check(root: Path, *args: str, now: str = NOW, base: str | None = None, fmt: str = "json") -> CheckRun:
    """Run ``yuqing check --root ROOT [--base BASE] --now NOW --format FMT ARGS...`` in-process."""
    argv = ["check", "--root", str(root), "--now", now, "--format", fmt, "--color", "never"]
    if base is not None:
        argv.append(f"--base={base}")
    argv += list(args)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    data = json.loads(out.getvalue()) if fmt == "json" and out.getvalue().strip() else None
    return CheckRun(code, data, out.getvalue(), err.getvalue())


def run_engine(root: Path, now: str = NOW, base: str | None = None):
    """What ``check [--base BASE]`` computes, as the engine's Result (with every incident's verdicts)."""
    workspace = open_repository(root)
    git_range = open_range(workspace.root, base) if base else None
    if git_range is not None:
        workspace = base_workspace(workspace, git_range)
    only = set(git_range.changed) if git_range else None
    return Engine(workspace).run(parse_datetime(now, workspace.org.tz), only=only,
                                 history=GitHistory.read(workspace.root), git_range=git_range)


def git_rule_table_tests(cases: dict):
    """The two table-driven tests of a case table of the Git rules ``{rule code: [case functions]}``.

    A case returns ``(history, hits)``: ``history(git_repo)`` makes the commits (as identities of
    org.yml, at given times) and returns the base of the merge request to check (``yuqing check
    --base``), or None for a full check with the Git history; ``hits`` are the rule's expected
    findings (:class:`recordkit.Hit`). As in :func:`recordkit.rule_table_tests`, every rule must
    have a positive (findings expected) and a negative (none expected) case.
    """
    table = [pytest.param(code, case, id=case.__name__) for code, functions in cases.items() for case in functions]

    @pytest.mark.parametrize(("code", "case"), table)
    def test_rule(git_repo, code, case):
        history, hits = case()
        assert_hits(run_engine(git_repo.root, base=history(git_repo)), code, hits)

    @pytest.mark.parametrize("code", sorted(cases))
    def test_every_rule_has_a_positive_and_a_negative_case(code):
        assert {bool(case()[1]) for case in cases[code]} == {True, False}

    return test_rule, test_every_rule_has_a_positive_and_a_negative_case


# -- the history tests: a record's life, and what a history read gives ------------------------


def commit_time(local: str) -> datetime:
    """A Beijing-time ``2024-08-26 09:30`` as the time of a commit made ``at`` it."""
    return datetime.fromisoformat(git_time(local))


def with_reports(count: int) -> dict:
    """The 重大 incident (``recordkit.grave``) with only its first ``count`` reports."""
    data = grave()
    data["reports"] = data["reports"][:count]
    return data


def live(repo: GitRepo) -> GitRepo:
    """GP added in incidents/2025/, edited, moved to incidents/2024/, edited again; GR and a 一般 record beside.

    ``repo.shas`` names the commits of GP's life ("add", "written", "move", "final") and of GR ("review").
    """
    gp, gr = path_of(GRAVE_ID), path_of(GRAVE_ID, review=True)
    wrong = "incidents/2025/YZMZ-2024-0001.md"
    shas = {}
    shas["add"] = repo.save(wrong, to_markdown(with_reports(1)), "登记", who=LIUYANG, at="2024-08-26 09:50")
    shas["written"] = repo.save(wrong, to_markdown(with_reports(2)), "书面报告", who=LIUYANG, at="2024-08-26 10:05")
    repo.move(wrong, gp)
    shas["move"] = repo.commit("移到 2024 目录", who=WANGFANG, at="2024-08-27 08:00")
    shas["final"] = repo.save(gp, to_markdown(grave()), "续报和终报", who=LIUYANG, at="2024-08-28 17:00")
    shas["review"] = repo.save(gr, to_markdown(review()), "复盘", who=WANGFANG, at="2024-09-02 16:00")
    repo.save(path_of(GENERAL_ID), to_markdown(general()), "一般事件", who=ZHANGWEI, at="2024-08-26 11:00")
    repo.save("README.md", "not a record", "readme", who=WANGFANG, at="2024-09-03 10:00")
    repo.shas = shas
    return repo


def head_of(repo: GitRepo) -> str:
    return repo.repo.head.commit.hexsha


def snapshot(history: GitHistory) -> tuple:
    """Everything a history answers: its commits and the revisions of every path any commit touched."""
    paths = sorted({change.path for commit in history.commits for change in commit.changes}
                   | {change.old_path for commit in history.commits for change in commit.changes if change.old_path})
    relative = [path[len(history.prefix):] for path in paths]
    return history.commits, {path: history.revisions(path) for path in relative if history.revisions(path)}


def read_new_commits_only(repo: GitRepo, calls: list, base: str) -> GitHistory:
    """Read with the cache made at ``base``; check that only ``base..HEAD`` was logged and that the
    result is a fresh full read's, then and after a reload from the rewritten cache file.

    ``calls``: the ``log_calls`` fixture."""
    calls.clear()
    history = GitHistory.read(repo.root)
    head = head_of(repo)
    assert calls == [f"{base}..{head}"]
    fresh = GitHistory.read(repo.root, use_cache=False)
    assert calls == [f"{base}..{head}", head]
    assert snapshot(history) == snapshot(fresh)
    calls.clear()
    reloaded = GitHistory.read(repo.root)
    assert calls == []
    assert snapshot(reloaded) == snapshot(fresh)
    return history
