"""``yuqing.checking.scale``: the whole check gives exactly the engine's findings, cold or warm, at any
later time, in one process or several, and a warm run of unchanged files reads none of them.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

import yuqing.checking.scale as checkrun
from recordkit import (
    GENERAL_ID,
    GRAVE_ID,
    MAJOR_ID,
    changed,
    general,
    grave,
    major,
    path_of,
    review,
    to_markdown,
)
from yuqing.checking.cache import CheckCache
from yuqing.checking.scale import LazyRecord, check_workspace, parallel_jobs
from yuqing.engine import Engine
from yuqing.timeparse import parse_datetime
from yuqing.workspace import Workspace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import synth  # noqa: E402  (bench/synth.py: realistic synthetic ledgers)

PROJECT = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).parent / "corpus" / "hostile"
HOUR = 3600


def _now(workspace: Workspace, text: str):
    return parse_datetime(text, workspace.org.tz)


def _docs(workspace: Workspace) -> list:
    return [workspace.load_doc(path) for path in workspace.doc_files()]


def _engine(workspace: Workspace, now: str, only=None) -> list:
    """The reference: every record loaded and checked by the engine, no cache."""
    records = workspace.load_all() + _docs(workspace)
    return Engine(workspace).run(_now(workspace, now), records=records, only=only).findings


def _fast(workspace: Workspace, now: str, cache: CheckCache | None = None, only=None) -> list:
    cache = cache or CheckCache(None, persistent=False)
    result = check_workspace(workspace, _now(workspace, now), cache, only=only, extra=_docs(workspace))
    return result.findings


def _age(root: Path, seconds: int = 10 * HOUR) -> None:
    """Set every record file's modification time well into the past (as if written long ago)."""
    stamp = time.time() - seconds
    for path in (path for directory in ("incidents", "monitoring", "trainings") for path in (root / directory).rglob("*")):
        if path.is_file():
            os.utime(path, (stamp, stamp))


@pytest.fixture
def sample(tmp_path) -> Workspace:
    """A copy of the shipped records, organisation, policy and pages."""
    root = tmp_path / "sample"
    for part in ("schema", "incidents", "docs"):
        shutil.copytree(PROJECT / part, root / part)
    return Workspace.open(root)


@pytest.fixture
def hostile(repo) -> Workspace:
    """Every hostile corpus file side by side in one repository, besides valid records."""
    for source in sorted(HOSTILE.iterdir()):
        if source.name != "expected.yml":
            repo.write(f"incidents/2024/{source.name}", source.read_bytes())
    repo.write(path_of(MAJOR_ID), to_markdown(major()))
    return repo.workspace()


@pytest.fixture
def cache_dir(tmp_path) -> Path:
    return tmp_path / "cache"


@pytest.mark.parametrize("now", ["2024-08-26 10:00", "2025-01-01 00:00", "2026-11-28 12:00", "2035-01-01 00:00"])
def test_the_shipped_records_give_the_engines_findings(sample, now):
    assert _fast(sample, now) == _engine(sample, now)


def test_hostile_files_give_the_engines_findings(hostile):
    found = _fast(hostile, "2024-10-01 10:00")
    assert found == _engine(hostile, "2024-10-01 10:00")
    assert {f.rule for f in found} >= {"YQ001", "YQ003", "YQ101", "YQ104", "YQ502"}


def test_named_paths_give_the_engines_findings(sample):
    paths = sorted(record.path for record in sample.load_all())
    only = {paths[0], paths[3], next(p for p in paths if p.endswith(".review.md"))}
    assert _fast(sample, "2035-01-01 00:00", only=only) == _engine(sample, "2035-01-01 00:00", only=only)


def _open_cases(repo) -> Workspace:
    """Records with deadlines still ahead at 2024-08-26 09:30: a 重大 incident just discovered,
    a 较大 one awaiting follow-ups, and a closed 一般 one whose review has an action due 2024-09-30."""
    fresh = grave(reports=[], responses=[], escalations=[], tracking=None, status="处置中", closed_at=None)
    repo.write(path_of(GRAVE_ID), to_markdown(fresh))
    ongoing = changed(major(), "status", "处置中")
    ongoing = changed(ongoing, "closed_at", None)
    repo.write(path_of(MAJOR_ID), to_markdown(ongoing))
    repo.write(path_of(GENERAL_ID), to_markdown(general()))
    action = {"what": "修订夜间值守制度", "owner": "养老服务科", "due": "2024-09-30"}
    repo.write(path_of(GENERAL_ID, review=True), to_markdown(review(GENERAL_ID, actions=[action])))
    return repo.workspace()


LATER = ["2024-08-26 09:30", "2024-08-26 09:35", "2024-08-26 09:36", "2024-08-26 12:00", "2024-08-28 00:00",
         "2024-09-30 23:59", "2024-10-01 00:00", "2024-10-01 00:01", "2025-06-01 00:00"]


@pytest.mark.parametrize("first", ["2024-08-26 09:30", "2024-08-27 12:00", "2024-10-01 00:00"])
def test_a_warm_run_at_another_time_gives_a_fresh_runs_findings(repo, cache_dir, first):
    workspace = _open_cases(repo)
    _age(repo.root)
    filled = CheckCache(repo.root, cache_dir)
    _fast(workspace, first, filled)
    filled.save()
    for later in LATER:
        warm = _fast(workspace, later, CheckCache(repo.root, cache_dir))
        assert warm == _engine(workspace, later), later


def test_the_cases_above_do_change_with_the_time(repo):
    """Guard for the test above: its records' findings differ between its times."""
    workspace = _open_cases(repo)
    seen = {tuple((f.rule, f.path, f.line, f.msg) for f in _engine(workspace, later)) for later in LATER}
    assert len(seen) >= 5


def _mixed(repo) -> Workspace:
    """Many units, among them a review filed in another year's directory, an id used twice in
    different directories and a file that fails its schema."""
    for number in range(1, 40):
        record_id = f"YZMZ-2024-{number:04d}"
        record = changed(major(), "id", record_id)
        if number % 3 == 0:
            record = changed(record, "reports", record["reports"][:1])
        repo.write(path_of(record_id), to_markdown(record))
        if number % 2 == 0:
            repo.write(path_of(record_id, review=True), to_markdown(review(record_id)))
    repo.write("incidents/2025/YZMZ-2024-0007.review.md", to_markdown(review("YZMZ-2024-0007")))
    repo.write("incidents/2025/YZMZ-2024-0009.md", to_markdown(changed(major(), "id", "YZMZ-2024-0009")))
    repo.write("incidents/2024/YZMZ-2024-0050.md", "---\nid: YZMZ-2024-0050\nlevel: 特大\n---\n")
    return repo.workspace()


def test_worker_processes_give_the_same_findings(repo, monkeypatch):
    workspace = _mixed(repo)
    single = _fast(workspace, "2024-10-01 10:00")
    monkeypatch.setattr(checkrun, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setenv("YUQING_JOBS", "2")
    monkeypatch.setattr(checkrun, "_batches", lambda files, indexes, jobs: [indexes[i:i + 7] for i in range(0, len(indexes), 7)])
    assert parallel_jobs(100) == 2
    parallel = _fast(workspace, "2024-10-01 10:00")
    assert parallel == single == _engine(workspace, "2024-10-01 10:00")
    assert {"YQ102", "YQ307", "YQ003"} <= {f.rule for f in single}


def test_batches_keep_an_incident_with_its_review(repo):
    workspace = _mixed(repo)
    files = checkrun._Files(workspace, CheckCache(None, persistent=False))
    batches = checkrun._batches(files, list(range(len(files.paths))), jobs=8)
    assert sum(len(batch) for batch in batches) == len(files.paths)
    where = {files.relatives[index]: number for number, batch in enumerate(batches) for index in batch}
    for relative, number in where.items():
        if relative.endswith(".review.md") and relative.replace(".review", "") in where:
            assert where[relative.replace(".review", "")] == number, relative


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> tuple[Workspace, str]:
    """A synthetic ledger of 150 incidents (bench/synth.py) with their reviews, signals (some became
    the incidents) and trainings, and its "now"."""
    built = synth.build(tmp_path_factory.mktemp("ledger") / "repo", 150, git_history=False)
    return Workspace.open(built.root), built.now_text


def test_batches_keep_a_signal_with_the_incident_it_became(ledger):
    ledger, _ = ledger
    files = checkrun._Files(ledger, CheckCache(None, persistent=False), defer=True)
    batches = checkrun._batches(files, list(range(len(files.paths))), jobs=8)
    assert sorted(index for batch in batches for index in batch) == list(range(len(files.paths)))
    where = {files.relatives[index]: number for number, batch in enumerate(batches) for index in batch}
    became = {record.path: record.record_id for record in ledger.load_all()
              if record.kind == "signal" and record.record_id is not None}
    incidents = {record.record_id: record.path for record in ledger.load_all() if record.kind == "incident"}
    assert became
    for signal, incident in became.items():
        assert where[signal] == where[incidents[incident]], signal


def test_a_parallel_cold_run_checks_every_unit_in_the_workers(ledger, monkeypatch):
    """The units workers check whole (signals travel with their incident) are not checked again here:
    on a ledger without findings the parent process loads no record at all."""
    ledger, now = ledger
    single = _fast(ledger, now)
    monkeypatch.setattr(checkrun, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setenv("YUQING_JOBS", "2")
    loaded = _count_loads(monkeypatch)  # counts this process's loads only: the workers' are their own
    parallel = _fast(ledger, now)
    assert parallel == single == _engine(ledger, now)
    assert not [entry for entry in loaded if not isinstance(entry, tuple)]


def test_a_signal_naming_no_incident_of_its_batch_is_still_checked_whole(repo, monkeypatch):
    """The batching guess reads the ``incident:`` line; a signal that names its incident otherwise
    (a flow mapping) lands elsewhere, and its unit is checked again in the parent, as before."""
    shipped = sorted((PROJECT / "monitoring").rglob("*.md"))
    became = next(source for source in shipped if "\nincident: " in source.read_text(encoding="utf-8"))
    text = became.read_text(encoding="utf-8")
    incident_id = text.split("\nincident: ", 1)[1].split("\n", 1)[0].strip()
    for source in sorted((PROJECT / "incidents").rglob(f"{incident_id}*.md")):
        repo.write(str(source.relative_to(PROJECT)), source.read_text(encoding="utf-8"))
    repo.write(str(became.relative_to(PROJECT)), text.replace(f"\nincident: {incident_id}\n", f'\n"incident": {incident_id}\n'))
    for number in range(30):  # enough files for workers
        repo.write(f"incidents/2024/YZMZ-2024-{number + 100:04d}.md",
                   to_markdown(changed(general(), "id", f"YZMZ-2024-{number + 100:04d}")))
    workspace = repo.workspace()
    now = "2026-12-01 10:00"
    single = _fast(workspace, now)
    monkeypatch.setattr(checkrun, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setenv("YUQING_JOBS", "2")
    monkeypatch.setattr(checkrun, "BATCHES_PER_JOB", 100)
    assert _fast(workspace, now) == single == _engine(workspace, now)


def _count_loads(monkeypatch) -> list:
    loaded: list = []
    real_load, real_read = checkrun._Files.load, checkrun.read_bytes

    def load(self, index):
        loaded.append(self.relatives[index])
        return real_load(self, index)

    def read(path, *args):
        loaded.append(("read", path))
        return real_read(path, *args)

    monkeypatch.setattr(checkrun._Files, "load", load)
    monkeypatch.setattr(checkrun, "read_bytes", read)
    return loaded


def _cold_then_warm(workspace, repo, cache_dir, monkeypatch, now: str) -> tuple[list, list, list]:
    """A cold run that fills the cache, then a warm one: (cold findings, warm findings, what the warm run loaded)."""
    _age(repo.root)
    cold_cache = CheckCache(repo.root, cache_dir)
    cold = _fast(workspace, now, cold_cache)
    cold_cache.save()
    loaded = _count_loads(monkeypatch)
    return cold, _fast(workspace, now, CheckCache(repo.root, cache_dir)), loaded


def test_a_warm_run_of_unchanged_files_reads_and_parses_none(repo, cache_dir, monkeypatch):
    cold, warm, loaded = _cold_then_warm(_mixed(repo), repo, cache_dir, monkeypatch, "2024-10-01 10:00")
    assert warm == cold
    # only the records a cross-file finding points into are parsed (to place the finding on its line)
    duplicates = {f.path for f in warm if f.rule in ("YQ102", "YQ106")}
    assert not [entry for entry in loaded if isinstance(entry, tuple)]
    assert set(loaded) <= duplicates


@pytest.mark.parametrize("now", ["2024-08-26 09:30", "2024-10-01 10:00", "2035-01-01 00:00"])
def test_a_one_file_check_answers_the_cross_file_rules_from_the_cache(repo, cache_dir, monkeypatch, now):
    """What pre-commit runs: ``check FILE`` after a full check. The duplicate id and the review without an
    incident are found from the cached index of ids and kinds; only the edited file is read."""
    workspace = _mixed(repo)
    orphan = "incidents/2024/YZMZ-2024-0077.review.md"
    repo.write(orphan, to_markdown(review("YZMZ-2024-0077")))
    _age(repo.root)
    filled = CheckCache(repo.root, cache_dir)
    _fast(workspace, "2024-10-01 10:00", filled)
    filled.save()
    edited = "incidents/2025/YZMZ-2024-0009.md"  # its id is also YZMZ-2024-0009's in incidents/2024
    text = repo.read(edited)
    repo.write(edited, text.replace("2024-08-26 09:40", "2024-08-26 10:40", 1))
    assert repo.read(edited) != text
    loaded = _count_loads(monkeypatch)
    for only in ({edited}, {orphan}):
        found = _fast(workspace, now, CheckCache(repo.root, cache_dir), only=only)
        assert found == _engine(workspace, now, only=only), only
        assert {"YQ102"} <= {f.rule for f in found} if only == {edited} else {"YQ106"} <= {f.rule for f in found}
    reads = {entry[1] for entry in loaded if isinstance(entry, tuple)}
    assert reads <= {str(repo.path(edited)), str(repo.path(path_of("YZMZ-2024-0009")))}, reads


def test_a_file_written_just_now_is_read_again(repo, cache_dir, monkeypatch):
    workspace = _mixed(repo)  # modification times: now, too close to trust
    first = CheckCache(repo.root, cache_dir)
    _fast(workspace, "2024-10-01 10:00", first)
    first.save()
    loaded = _count_loads(monkeypatch)
    _fast(workspace, "2024-10-01 10:00", CheckCache(repo.root, cache_dir))
    assert len([entry for entry in loaded if isinstance(entry, tuple)]) == len(workspace.record_files())


def test_a_change_keeping_size_and_modification_time_is_seen(repo, cache_dir):
    workspace = _mixed(repo)
    _age(repo.root)
    target = repo.path(path_of("YZMZ-2024-0010"))
    status = target.stat()
    first = CheckCache(repo.root, cache_dir)
    before = _fast(workspace, "2024-10-01 10:00", first)
    first.save()
    text = target.read_text(encoding="utf-8")
    edited = text.replace("2024-08-26 09:40", "2024-08-26 11:40", 1)  # the first report two hours later
    assert edited != text and len(edited.encode()) == len(text.encode())
    target.write_text(edited, encoding="utf-8")
    os.utime(target, ns=(status.st_atime_ns, status.st_mtime_ns))  # the inode's change time still moves
    after = _fast(workspace, "2024-10-01 10:00", CheckCache(repo.root, cache_dir))
    assert after == _engine(workspace, "2024-10-01 10:00") != before


def test_lazy_records_load_only_when_asked(repo):
    workspace = _mixed(repo)
    cache = CheckCache(None, persistent=False)
    _fast(workspace, "2024-10-01 10:00", cache)
    files = checkrun._Files(workspace, cache)
    index = files.relatives.index(path_of("YZMZ-2024-0004"))
    lazy = files.lazy(index, cache.summary(files.keys[index]))
    assert isinstance(lazy, LazyRecord)
    assert (lazy.kind, lazy.record_id, lazy.valid, lazy.stem) == ("incident", "YZMZ-2024-0004", True, "YZMZ-2024-0004")
    assert lazy._record is None
    assert lazy.model.id == "YZMZ-2024-0004" and lazy._record is not None
    assert lazy.locate(("id",))[0] == 2


def test_parallel_jobs_follow_the_setting(monkeypatch):
    monkeypatch.setenv("YUQING_JOBS", "1")
    assert parallel_jobs(10_000) == 1
    monkeypatch.setenv("YUQING_JOBS", "3")
    assert parallel_jobs(10_000) == 3
    assert parallel_jobs(checkrun.PARALLEL_THRESHOLD - 1) == 1
    monkeypatch.delenv("YUQING_JOBS")
    assert parallel_jobs(10_000) == min(os.cpu_count() or 1, 8)


def test_a_cold_run_reads_each_file_once(repo, monkeypatch):
    workspace = _mixed(repo)
    loaded = _count_loads(monkeypatch)
    cold = _fast(workspace, "2024-10-01 10:00")
    reads = [entry[1] for entry in loaded if isinstance(entry, tuple)]
    assert sorted(reads) == sorted(str(path) for path in workspace.record_files())
    assert cold == _engine(workspace, "2024-10-01 10:00")


def test_a_warm_run_knows_each_signals_own_id_without_reading_it(repo, cache_dir, monkeypatch):
    """YQ102 over signals answers from the cached summaries (a signal's own id), so a warm check of
    unchanged signals parses only the one a duplicate id points into."""
    shipped = sorted((PROJECT / "monitoring").rglob("*.md"))
    for source in shipped:
        repo.write(str(source.relative_to(PROJECT)), source.read_text(encoding="utf-8"))
    copy = shipped[-1].read_text(encoding="utf-8")
    repo.write("monitoring/2026/YZMZ-YJ-2026-0099.md", copy)  # the same id as the last one, in another file
    workspace = repo.workspace()
    cold, warm, loaded = _cold_then_warm(workspace, repo, cache_dir, monkeypatch, "2026-12-01 10:00")
    assert warm == cold == _engine(workspace, "2026-12-01 10:00") and warm
    assert [f.path for f in warm if f.rule == "YQ102"] == ["monitoring/2026/YZMZ-YJ-2026-0099.md"]
    assert not [entry for entry in loaded if isinstance(entry, tuple)]
    assert set(loaded) <= {"monitoring/2026/YZMZ-YJ-2026-0099.md"}
