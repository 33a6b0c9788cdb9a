"""bench/synth.py, the benchmarks' generator of synthetic repositories, keeps producing valid records.

Not a benchmark: nothing here is timed. A full ``yuqing check`` of what the generator writes must
pass (exit 0, no errors), with and without Git history, and its merge-request branch must pass
``check --base``. Its findings are exactly the ones the generator means: the excused delays of its
incidents and the YQ314 of its deliberately late signals; its trainings leave no section behind (YQ313).
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

import floor  # noqa: E402  (bench/floor.py, the parse floor: it must read the files the check reads)
import synth  # noqa: E402


def check(capsys, root: Path, now: str, *extra: str) -> tuple[int, dict]:
    capsys.readouterr()
    code = cli.main(["check", "--root", str(root), "--now", now, "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)


def record_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for directory in synth.RECORD_DIRS
            for p in sorted((root / directory).rglob("*")) if p.is_file()}


def intended(repo: synth.Repository, findings: list[dict]) -> None:
    """Only the findings the generator means: warnings for the excused delays of incidents (rules its
    exceptions name) and YQ314 for exactly the signals it made late."""
    excused = {entry.fields["rule"] for i in repo.incidents for entry in i.exceptions}
    assert all(f["level"] == "warning" for f in findings), [f for f in findings if f["level"] != "warning"]
    late = {s.path for s in repo.signals if s.late and s.assessments[0].recorded <= repo.now}
    assert {f["path"] for f in findings if f["rule"] == "YQ314"} == late
    others = [f for f in findings if f["rule"] != "YQ314"]
    assert all(f["rule"] in excused and f["path"].startswith("incidents/") for f in others), others


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
    assert git_repo.signals and git_repo.trainings
    intended(git_repo, out["findings"])


def test_a_signal_is_committed_before_its_incident_and_linked_after(git_repo):
    def commits(path: str) -> list[tuple[int, str]]:  # (time, commit), oldest first
        log = synth.git(git_repo.root, "log", "--reverse", "--format=%at %H", "main", "--", path).split()
        return [(int(stamp), commit) for stamp, commit in zip(log[::2], log[1::2], strict=True)]

    linked = [s for s in git_repo.signals if s.incident is not None]
    assert linked
    for signal in linked:
        incident = commits(signal.incident.path)
        mine = commits(signal.path)
        assert signal.noticed == signal.incident.discovered  # YQ315: the clocks start at the signal
        assert mine[0][0] < incident[0][0], signal.id
        first = synth.git(git_repo.root, "show", f"{mine[0][1]}:{signal.path}")
        assert "incident:" not in first and "assessments: []" in first
        linking = next(when for when, commit in mine
                       if "incident:" in synth.git(git_repo.root, "show", f"{commit}:{signal.path}"))
        assert linking >= incident[0][0]
        text = (git_repo.root / signal.path).read_text(encoding="utf-8")
        assert f"incident: {signal.incident.id}" in text and "转为事件" in text


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
    excused = Counter(f["rule"] for f in out["findings"] if f["rule"] != "YQ314")
    assert excused and all(f["level"] == "warning" for f in out["findings"])
    assert sum(len(i.exceptions) for i in incidents) >= len(excused)
    intended(repo, out["findings"])


def test_signals_and_trainings_come_in_realistic_proportions_and_keep_every_section_trained(tmp_path, capsys):
    """Two and a half years (YQ313 looks back a year once the ledger is a year old): about 3 signals per
    incident, a third of the incidents noticed first as a signal, a few signals late; every section
    trained within the year at the end, some of them by a drill only."""
    repo = synth.build(tmp_path / "plain", 150, git_history=False, spacing=timedelta(days=6))
    code, out = check(capsys, repo.root, repo.now_text)
    assert code == 0, [f for f in out["findings"] if f["level"] == "error"]
    assert out["summary"]["files"] == repo.files == len(record_files(repo.root))
    intended(repo, out["findings"])
    assert not [f for f in out["findings"] if f["rule"] in ("YQ313", "YQ315") or f["rule"][:4] in ("YQ00", "YQ10")]
    signals, incidents = repo.signals, repo.incidents
    assert 2.5 <= len(signals) / len(incidents) <= 3.5
    linked = [s for s in signals if s.incident is not None]
    assert 0.2 <= len(linked) / len(incidents) <= 0.5
    assert len({s.incident.id for s in linked}) == len(linked) and not any(s.incident.drill for s in linked)
    firsts = Counter(s.assessments[0].fields["conclusion"] for s in signals)
    assert firsts["不构成舆情"] > firsts["持续关注"] > firsts["转为事件"] > 0
    assert 0 < sum(s.late for s in signals) <= 0.05 * len(signals)
    kinds = Counter(t.kind for t in repo.trainings)
    assert set(kinds) == {"培训班", "研讨", "演练讲评"}
    assert all(t.held <= repo.now for t in repo.trainings)
    assert floor.parse_all(str(repo.root), floor.yaml.CSafeLoader) == repo.files


def test_two_years_of_git_history_give_only_the_intended_findings_and_pass_check_base(tmp_path, capsys):
    repo = synth.build(tmp_path / "repo", 40, 300, spacing=timedelta(days=18))
    code, out = check(capsys, repo.root, repo.now_text)
    assert code == 0, [f for f in out["findings"] if f["level"] == "error"]
    assert out["summary"]["files"] == repo.files == len(record_files(repo.root))
    assert repo.now - synth.T0 > timedelta(days=400)  # YQ313 looks back a year: it is checked
    intended(repo, out["findings"])
    synth.make_merge_request(repo, 5)
    code, out = check(capsys, repo.root, repo.now_text, "--base", "main")
    assert code == 0, out["findings"]
    assert out["summary"]["files"] == 5


def test_generation_is_deterministic(tmp_path):
    first = synth.build(tmp_path / "a", 20, git_history=False)
    second = synth.build(tmp_path / "b", 20, git_history=False)
    assert record_files(first.root) == record_files(second.root)
    other = synth.build(tmp_path / "c", 20, git_history=False, seed=7)
    assert record_files(other.root) != record_files(first.root)
