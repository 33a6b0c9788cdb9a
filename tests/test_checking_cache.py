"""The content-hash cache of ``yuqing check``: same answers warm as cold, invalidated by any change."""

from __future__ import annotations

import json
import pickle

import pytest

from recordkit import GRAVE_ID, NOW, grave, path_of, review, to_markdown
from yuqing.checking.cache import PACK_SUFFIX, CheckCache, fingerprint
from yuqing.cli import main
from yuqing.engine import Engine
from yuqing.timeparse import parse_datetime


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("YUQING_CACHE_DIR", str(directory))
    return directory


def _check(repo, capsys, *extra) -> dict:
    code = main(["check", "--root", str(repo.root), "--now", NOW, "--format", "json", *extra])
    document = json.loads(capsys.readouterr().out)
    document["code"] = code
    return document


def _late_grave() -> str:
    record = grave()
    record["reports"][0]["at"] = "2024-08-26 09:50"
    return to_markdown(record)


def test_a_warm_run_gives_the_same_findings_as_a_cold_one(repo, capsys, cache_dir):
    repo.write("incidents/2024/YZMZ-2024-0001.md", _late_grave())
    cold = _check(repo, capsys)
    assert list(cache_dir.glob("*" + PACK_SUFFIX)), "the first run fills the cache"
    warm = _check(repo, capsys)
    assert warm == cold
    assert any(f["rule"] == "YQ301" for f in warm["findings"])


def test_an_edited_file_is_checked_again(repo, capsys, cache_dir):
    repo.write(path_of(GRAVE_ID), to_markdown(grave()))
    repo.write(path_of(GRAVE_ID, review=True), to_markdown(review()))
    assert _check(repo, capsys)["code"] == 0
    repo.write(path_of(GRAVE_ID), _late_grave())
    after = _check(repo, capsys)
    assert after["code"] == 1 and any(f["rule"] == "YQ301" for f in after["findings"])


def test_a_changed_policy_is_a_new_cache(repo, capsys, cache_dir):
    before = fingerprint(repo.root)
    policy = repo.root / "schema" / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("within: 15min", "within: 10min"), encoding="utf-8")
    assert fingerprint(repo.root) != before


def test_pure_rule_problems_come_back_from_the_cache(repo, capsys, cache_dir):
    text = to_markdown(grave()).replace("summary: ", "summary: 联系电话 13912345678，", 1)
    repo.write("incidents/2024/YZMZ-2024-0001.md", text)
    cold = _check(repo, capsys)
    warm = _check(repo, capsys)
    assert [f for f in warm["findings"] if f["rule"] == "YQ501"] == [f for f in cold["findings"] if f["rule"] == "YQ501"]
    assert any(f["rule"] == "YQ501" for f in warm["findings"])


def test_a_damaged_pack_is_ignored(repo, capsys, cache_dir):
    repo.write("incidents/2024/YZMZ-2024-0001.md", _late_grave())
    cold = _check(repo, capsys)
    for pack in cache_dir.glob("*" + PACK_SUFFIX):
        pack.write_bytes(b"not a pickle")
    assert _check(repo, capsys) == cold
    for pack in cache_dir.glob("*" + PACK_SUFFIX):
        pack.write_bytes(pickle.dumps({"files": {b"x" * 32: b"garbage"}, "units": {b"y" * 32: b"garbage"}}))
    assert _check(repo, capsys) == cold


def test_damaged_entries_are_misses(repo, capsys, cache_dir):
    repo.write("incidents/2024/YZMZ-2024-0001.md", _late_grave())
    cold = _check(repo, capsys)
    for pack in cache_dir.glob("*" + PACK_SUFFIX):
        content = pickle.loads(pack.read_bytes())
        assert content["files"] and content["units"] and content["stamps"]
        damaged = {part: {key: b"garbage" for key in content[part]} for part in ("files", "units")}
        damaged["stamps"] = {path: ("not", "a", "stamp") for path in content["stamps"]}
        pack.write_bytes(pickle.dumps(damaged))
    assert _check(repo, capsys) == cold


def test_no_cache_neither_reads_nor_writes(repo, capsys, cache_dir):
    repo.write("incidents/2024/YZMZ-2024-0001.md", _late_grave())
    _check(repo, capsys, "--no-cache")
    assert not cache_dir.exists() or not list(cache_dir.glob("*" + PACK_SUFFIX))


def test_the_pack_keeps_only_what_the_last_run_used(repo, capsys, cache_dir):
    repo.write("incidents/2024/YZMZ-2024-0001.md", to_markdown(grave()))
    repo.write("incidents/2024/YZMZ-2024-0002.md", to_markdown(grave()).replace("YZMZ-2024-0001", "YZMZ-2024-0002"))
    _check(repo, capsys)
    (repo.root / "incidents/2024/YZMZ-2024-0002.md").unlink()
    _check(repo, capsys)
    cache = CheckCache(repo.root, cache_dir)
    assert len(cache.files) == len(cache.units) == len(cache.stamps) == 1


def test_a_rewritten_first_commit_is_a_new_unit(git_repo, cache_dir):
    """The unit key covers each incident's first commit: the same files committed earlier give other findings."""
    from gitkit import LIUYANG, check

    git_repo.commit("初始化", at="2024-08-01 09:00")
    git_repo.write(path_of(GRAVE_ID, review=True), to_markdown(review()))
    git_repo.save(path_of(GRAVE_ID), to_markdown(grave()), who=LIUYANG, at="2024-08-29 10:00")
    assert len(check(git_repo.root).of("YQ404")) == 1
    assert len(check(git_repo.root).of("YQ404")) == 1  # warm
    git_repo.repo.git.reset("--soft", "HEAD~1")
    git_repo.commit("登记", who=LIUYANG, at="2024-08-26 10:00")  # same files, registered on the day
    assert check(git_repo.root).of("YQ404") == []


def test_a_partial_run_keeps_what_it_did_not_look_at(repo, capsys, cache_dir):
    repo.write("incidents/2024/YZMZ-2024-0001.md", to_markdown(grave()))
    repo.write("incidents/2024/YZMZ-2024-0002.md", to_markdown(grave()).replace("YZMZ-2024-0001", "YZMZ-2024-0002"))
    _check(repo, capsys)
    full = CheckCache(repo.root, cache_dir)
    _check(repo, capsys, str(repo.root / "incidents/2024/YZMZ-2024-0001.md"))
    after = CheckCache(repo.root, cache_dir)
    assert (set(after.files), set(after.units)) == (set(full.files), set(full.units))


def test_a_run_with_a_cache_reports_findings_only_unless_verdicts_are_asked_for(repo):
    repo.write(path_of(GRAVE_ID), to_markdown(grave()))
    workspace = repo.workspace()
    now = parse_datetime("2024-10-01 10:00", workspace.org.tz)
    cache = CheckCache(None, persistent=False)
    plain = Engine(workspace).run(now)
    assert plain.verdicts
    assert Engine(workspace).run(now, outcome_of=cache.outcomes(verdicts=False)).verdicts == {}
    assert Engine(workspace).run(now, outcome_of=cache.outcomes(verdicts=True)).verdicts == plain.verdicts
    assert Engine(workspace).run(now, outcome_of=cache.outcomes(verdicts=False)).findings == plain.findings
