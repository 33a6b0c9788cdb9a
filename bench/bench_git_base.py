"""Benchmark: ``yuqing check --base main`` on a big history vs checking the changed files alone.

Builds a synthetic records repository in a temp dir with bench/synth.py: N incidents (each
with its review once closed, and the signals and training records beside them) committed over M commits through one ``git fast-import`` stream,
as the members of the sections named in schema/org.yml. A branch ``mr`` then changes 5
records (one escalation appended to each, committed by their section). Measured in the same run:

- ``GitHistory.read``: the one ``git log`` read of all record history (in-process);
- ``open_range``: the merge request's range (merge base, range log, diff) (in-process);
- ``yuqing check --base main``;
- ``yuqing check <the 5 changed paths>``;
- ``yuqing check`` of everything, for scale.

The three checks are timed as separate processes (what CI pays) and in-process (without the
interpreter's start-up). Prints medians and the ratios. Not a test: nothing is asserted
beyond a sanity check that ``--base`` reported exactly the 5 changed files.

    .venv/bin/python bench/bench_git_base.py [--records N] [--commits M] [--repeat R] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import PROJECT, RECORD_DIRS, Repository, git, make_merge_request  # noqa: E402
from synth import build as build_repository  # noqa: E402


def build(root: Path, records: int, commits: int) -> tuple[Repository, list[str], str]:
    """The repository at ``root`` on branch ``mr`` with 5 changed records; returns (repository, changed, now)."""
    repo = build_repository(root, records, commits)
    changed = make_merge_request(repo, 5)
    return repo, changed, repo.now_text


def timed(action, repeat: int) -> tuple[float, object]:
    """Median wall time of ``repeat`` runs of ``action`` and its last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1000, help="number of incidents (each gets a review file; about 3 signals each)")
    parser.add_argument("--commits", type=int, default=2000, help="number of commits on main")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the median is shown)")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic repository and print its path")
    args = parser.parse_args()

    sys.path.insert(0, str(PROJECT / "tools"))
    from yuqing import cli
    from yuqing.git import GitHistory, open_range

    workdir = Path(tempfile.mkdtemp(prefix="yuqing-bench-git-"))
    root = workdir / "ledger"
    root.mkdir()
    try:
        start = time.perf_counter()
        _, changed, now = build(root, args.records, args.commits)
        built = time.perf_counter() - start
        files = sum(1 for top in RECORD_DIRS for path in (root / top).rglob("*") if path.is_file())
        commit_count = int(git(root, "rev-list", "--count", "main"))
        print(f"synthetic repository: {args.records} incidents, {files} record files, {commit_count} commits "
              f"on main, 5 records changed on mr (built in {built:.1f} s)")
        print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
              f"{git(root, 'version').strip()}; median of {args.repeat} runs\n")

        common = ["--root", str(root), "--now", now, "--format", "json"]
        modes = {
            "check --base main": ["check", *common, "--base", "main"],
            "check <5 changed paths>": ["check", *common, *[str(root / path) for path in changed]],
            "check (all records)": ["check", *common],
        }

        def in_process(argv):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = cli.main(argv)
            return code, out.getvalue()

        def as_process(argv):
            done = subprocess.run([sys.executable, "-m", "yuqing", *argv], capture_output=True, text=True,
                                  env={**os.environ, "PYTHONPATH": str(PROJECT / "tools")})
            return done.returncode, done.stdout

        results: dict[str, dict[str, float]] = {}
        log_read, history = timed(lambda: GitHistory.read(root), args.repeat)
        range_read, git_range = timed(lambda: open_range(root, "main"), args.repeat)
        assert sorted(git_range.changed) == sorted(changed), git_range.changed
        assert len(history.commits) >= commit_count
        for label, argv in modes.items():
            results[label] = {}
            for how, runner in (("process", as_process), ("in-process", in_process)):
                seconds, (code, output) = timed(lambda argv=argv, runner=runner: runner(argv), args.repeat)
                results[label][how] = seconds
                summary = json.loads(output)["summary"]
                results[label]["files"] = summary["files"]
                results[label]["exit"] = code
        assert results["check --base main"]["files"] == 5, results

        print(f"{'measurement':<34}{'process':>10}{'in-process':>12}   files exit")
        print(f"{'GitHistory.read (one git log)':<34}{'':>10}{log_read:>11.3f}s")
        print(f"{'open_range (merge base, log, diff)':<34}{'':>10}{range_read:>11.3f}s")
        for label, row in results.items():
            print(f"{label:<34}{row['process']:>9.3f}s{row['in-process']:>11.3f}s   {row['files']:>5} {row['exit']:>4}")

        print()
        for how in ("process", "in-process"):
            base = results["check --base main"][how]
            paths = results["check <5 changed paths>"][how]
            full = results["check (all records)"][how]
            print(f"[{how}] --base / 5 paths = {base / paths:.2f}; "
                  f"--base / (5 paths + log read) = {base / (paths + log_read):.2f}; "
                  f"--base / (5 paths + log read + range) = {base / (paths + log_read + range_read):.2f}; "
                  f"--base / full check = {base / full:.2f}")
        if args.keep:
            print(f"\nrepository kept at {root}")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
