"""bench/synth.py, the benchmarks' generator of synthetic repositories, keeps producing valid records.

Not a benchmark: nothing here is timed. A full ``yuqing check`` of what the generator writes must
pass (exit 0, no errors), with and without Git history, and its merge-request branch must pass
``check --base``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from yuqing import cli

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import synth  # noqa: E402


def check(capsys, root: Path, now: str, *extra: str) -> tuple[int, dict]:
    capsys.readouterr()
    code = cli.main(["check", "--root", str(root), "--now", now, "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)


def record_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "incidents").rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def git_repo(tmp_path_factory) -> synth.Repository:
    """30 incidents, one every two days (so most are closed and reviewed), with their Git history."""
    return synth.build(tmp_path_factory.mktemp("synth") / "repo", 30, spacing=timedelta(days=2))


def test_thirty_records_with_git_history_pass_a_full_check(git_repo, capsys):
    code, out = check(capsys, git_repo.root, git_repo.now_text)
    assert code == 0, out["findings"]
    assert out["summary"]["errors"] == 0
    assert out["summary"]["files"] == git_repo.files == len(record_files(git_repo.root))
    reviews = [path for path in record_files(git_repo.root) if path.endswith(".review.md")]
    assert reviews, "closed incidents get their review write-up"
    assert {incident.level for incident in git_repo.incidents} == {"一般", "较大", "重大"}


def test_history_has_one_commit_per_change_and_ends_at_the_plain_files(git_repo, tmp_path):
    log = synth.git(git_repo.root, "log", "--format=%an", "main").split("\n")
    assert len([line for line in log if line]) == git_repo.commits
    plain = synth.build(tmp_path / "plain", 30, git_history=False, spacing=timedelta(days=2))
    assert plain.now == git_repo.now
    assert record_files(plain.root) == record_files(git_repo.root)


def test_batched_and_padded_histories_have_exactly_the_commits_asked_for(tmp_path):
    for commits in (7, 400):
        repo = synth.build(tmp_path / str(commits), 12, commits, spacing=timedelta(days=1))
        assert int(synth.git(repo.root, "rev-list", "--count", "main")) == commits == repo.commits


def test_merge_request_branch_passes_check_base(tmp_path, capsys):
    repo = synth.build(tmp_path / "repo", 30, 40, spacing=timedelta(days=2))
    changed = synth.make_merge_request(repo, 5)
    assert len(set(changed)) == 5
    code, out = check(capsys, repo.root, repo.now_text, "--base", "main")
    assert code == 0, out["findings"]
    assert out["summary"]["files"] == 5


def test_many_records_cover_every_kind_and_excused_delays(tmp_path, capsys):
    repo = synth.build(tmp_path / "plain", 150, git_history=False, spacing=timedelta(days=1))
    code, out = check(capsys, repo.root, repo.now_text)
    assert code == 0, [f for f in out["findings"] if f["level"] == "error"]
    incidents = repo.incidents
    assert {i.section for i in incidents} == set(synth.TOPICS)
    assert any(i.drill for i in incidents) and any(i.restricted for i in incidents) and any(i.yml for i in incidents)
    assert any(not i.closed_recorded or i.closed_recorded > repo.now for i in incidents), "the latest are still open"
    excused = Counter(f["rule"] for f in out["findings"])
    assert excused and all(f["level"] == "warning" for f in out["findings"])
    assert sum(len(i.exceptions) for i in incidents) >= len(excused)


def test_generation_is_deterministic(tmp_path):
    first = synth.build(tmp_path / "a", 20, git_history=False)
    second = synth.build(tmp_path / "b", 20, git_history=False)
    assert record_files(first.root) == record_files(second.root)
    other = synth.build(tmp_path / "c", 20, git_history=False, seed=7)
    assert record_files(other.root) != record_files(first.root)
