"""Benchmark: ``yuqing check --base main`` on a big history vs checking the changed files alone.

Builds a synthetic records repository in a temp dir: N incidents (each with its review once
closed) committed over M commits through one ``git fast-import`` stream, as the members
of the sections named in schema/org.yml. A branch ``mr`` then changes 5 records (one
escalation appended to each, committed by their section). Measured in the same run:

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
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

PROJECT = Path(__file__).resolve().parents[1]
TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime(2021, 1, 4, 8, 0, tzinfo=TZ)
SPACING = timedelta(hours=3)
LEVELS = ["一般", "较大", "重大", "一般", "较大"]
CHANNELS = ["微博", "微信", "抖音", "12345热线", "媒体", "信访"]
OFFICE = ("王芳", "wangfang@yzmz.example.cn")
WRITTEN = {"时间": "网民发帖当日", "地点": "某街道", "信息来源": "网络巡查", "事件概况": "网民反映有关问题",
           "影响范围": "转发 100 余次", "已采取措施": "已派员核实"}
FINAL = {"原因": "工作衔接不到位", "处置措施": "约谈整改", "处置结果": "网民表示认可"}
STAGES = 4  # 0 registered (oral + written), 1 follow-up, 2 closed with final report, 3 review


def fmt(moment: datetime) -> str:
    return moment.astimezone(TZ).strftime("%Y-%m-%d %H:%M")


class Incident:
    """One synthetic incident: its facts, and its file texts at each stage of its life."""

    def __init__(self, index: int, number: int, section: dict):
        self.index = index
        self.discovered = T0 + index * SPACING
        self.id = f"YZMZ-{self.discovered.year}-{number:04d}"
        self.level = LEVELS[index % len(LEVELS)]
        self.section = section["name"]
        member = section["members"][index % len(section["members"])]
        self.author = (member["name"], member["git"][0])
        self.path = f"incidents/{self.discovered.year}/{self.id}.md"
        self.review_path = f"incidents/{self.discovered.year}/{self.id}.review.md"
        self.escalations: list[dict] = []

    def moment(self, stage: int) -> datetime:
        """When the commit of ``stage`` happens."""
        return self.discovered + [timedelta(minutes=40), timedelta(hours=21), timedelta(hours=46),
                                  timedelta(days=3, hours=4)][stage]

    def _report(self, kind: str, minutes: int, **extra) -> dict:
        entry = {"kind": kind, "at": fmt(self.discovered + timedelta(minutes=minutes)), "by": self.author[0],
                 "to": ["分管领导", "主要领导"], "cc": ["局办公室"], "channel": "电话" if kind == "口头报告" else "OA"}
        entry.update(extra)
        return entry

    def text(self, stage: int) -> str:
        d = self.discovered
        reports = [self._report("口头报告", 10), self._report("书面报告", 25, elements=dict(WRITTEN))]
        if stage >= 1:
            reports.append(self._report("续报", 20 * 60, content="事态平稳，持续跟踪"))
        if stage >= 2:
            reports.append(self._report("终报", 40 * 60, elements=dict(FINAL)))
        data = {
            "id": self.id, "title": f"第 {self.index + 1} 号舆情：{self.section}相关问题引发网民关注",
            "level": self.level, "status": ["处置中", "跟踪中", "已办结", "已办结"][stage], "section": self.section,
            "discovered_at": fmt(d), "source": {"channel": CHANNELS[self.index % len(CHANNELS)]},
            "summary": "网民发帖反映有关问题，经核实后处置。", "reports": reports,
            "responses": [{"at": fmt(d + timedelta(hours=6)), "channel": "官方微博", "text": "已关注，正在核实处理。",
                           "approvals": [{"role": "分管领导", "at": fmt(d + timedelta(hours=5))},
                                         {"role": "主要领导", "at": fmt(d + timedelta(hours=5, minutes=20))}]}],
            "tracking": {"owner": self.author[0], "office_owner": OFFICE[0]},
            "escalations": list(self.escalations),
        }
        if stage >= 2:
            data["closed_at"] = fmt(d + timedelta(hours=44))
        body = f"\n## 事件经过\n\n{fmt(d)} 网络巡查发现有关帖文，{self.section}随即核实并报告。\n"
        return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + body

    def review_text(self) -> str:
        closed = self.discovered + timedelta(hours=44)
        data = {"incident": self.id, "held_at": fmt(closed + timedelta(days=3)), "organizer": "局办公室",
                "participants": ["局办公室", self.section], "conclusion": "报告及时，处置得当。",
                "actions": [{"what": "完善巡查机制", "owner": self.section,
                             "due": (closed + timedelta(days=30)).date().isoformat(),
                             "done_at": (closed + timedelta(days=20)).date().isoformat()}]}
        return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n## 复盘\n\n复盘内容。\n"

    def files(self, stage: int) -> dict[str, str]:
        """The files a commit of ``stage`` writes."""
        if stage == 3:
            return {self.review_path: self.review_text()}
        return {self.path: self.text(stage)}


def make_incidents(count: int) -> list[Incident]:
    org = yaml.safe_load((PROJECT / "schema" / "org.yml").read_text(encoding="utf-8"))
    sections = [s for s in org["sections"] if s["name"] != org["office_section"]]
    numbers: dict[int, int] = {}
    incidents = []
    for index in range(count):
        year = (T0 + index * SPACING).year
        numbers[year] = numbers.get(year, 0) + 1
        incidents.append(Incident(index, numbers[year], sections[index % len(sections)]))
    return incidents


def plan_commits(incidents: list[Incident], commits: int) -> list[tuple[datetime, tuple[str, str], str, dict]]:
    """(time, author, message, files) of every commit, oldest first; exactly ``commits`` of them."""
    count = len(incidents)
    events = []
    if commits < count:  # several finished incidents per commit
        per = -(-count // commits)
        for start in range(0, count, per):
            batch = incidents[start:start + per]
            files = {}
            for incident in batch:
                files.update(incident.files(2))
                files.update(incident.files(3))
            events.append((batch[-1].moment(3), OFFICE, f"登记 {batch[0].id} 等 {len(batch)} 件", files))
    else:
        updates = min(commits - count, (STAGES - 1) * count)
        for incident in incidents:
            mine = updates // count + (1 if incident.index < updates % count else 0)
            first = STAGES - 1 - mine
            events.append((incident.moment(0), incident.author, f"登记 {incident.id}", incident.files(first)))
            for stage in range(first + 1, STAGES):
                author = OFFICE if stage == 3 else incident.author
                events.append((incident.moment(stage), author, f"{incident.id} 第 {stage} 阶段", incident.files(stage)))
        last = max(event[0] for event in events)
        for pad in range(commits - len(events)):  # more commits than record changes: notes beside the ledger
            events.append((last + timedelta(minutes=pad + 1), OFFICE, f"工作记录 {pad}", {"notes/log.md": f"{pad}\n"}))
    events.sort(key=lambda event: event[0])
    return events


def fast_import(root: Path, events) -> None:
    stream = io.BytesIO()

    def data(payload: bytes) -> None:
        stream.write(b"data %d\n" % len(payload) + payload + b"\n")

    schema = {f"schema/{name}": (PROJECT / "schema" / name).read_bytes() for name in ("org.yml", "policy.yml")}
    for number, (moment, (name, email), message, files) in enumerate(events):
        stamp = f"{int(moment.timestamp())} +0800"
        stream.write(b"commit refs/heads/main\n")
        who = f"{name} <{email}> {stamp}\n".encode()
        stream.write(b"author " + who + b"committer " + who)
        data(message.encode("utf-8"))
        if number == 0:
            for path, payload in schema.items():
                stream.write(f"M 100644 inline {path}\n".encode())
                data(payload)
        for path, text in files.items():
            stream.write(f"M 100644 inline {path}\n".encode())
            data(text.encode("utf-8"))
    stream.write(b"done\n")
    subprocess.run(["git", "fast-import", "--quiet", "--done"], cwd=root, input=stream.getvalue(), check=True)


def git(root: Path, *args: str, env: dict | None = None) -> str:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=full_env).stdout


def build(root: Path, records: int, commits: int) -> tuple[list[Incident], list[str], str]:
    """The repository at ``root`` on branch ``mr`` with 5 changed records; returns (incidents, changed, now)."""
    incidents = make_incidents(records)
    events = plan_commits(incidents, commits)
    git(root, "init", "-q", "-b", "main")
    fast_import(root, events)
    git(root, "reset", "-q", "--hard", "main")
    git(root, "checkout", "-q", "-b", "mr")
    last = events[-1][0]
    chosen = [incidents[i * len(incidents) // 5 + len(incidents) // 10] for i in range(5)]
    for number, incident in enumerate(chosen):
        incident.escalations.append({"to": "区委办", "at": fmt(incident.discovered + timedelta(hours=2)),
                                     "by": OFFICE[0]})
        (root / incident.path).write_text(incident.text(2), encoding="utf-8")
        stamp = (last + timedelta(hours=number + 1)).isoformat()
        env = {"GIT_AUTHOR_NAME": incident.author[0], "GIT_AUTHOR_EMAIL": incident.author[1],
               "GIT_COMMITTER_NAME": incident.author[0], "GIT_COMMITTER_EMAIL": incident.author[1],
               "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        git(root, "add", incident.path)
        git(root, "commit", "-q", "-m", f"{incident.id} 补记上报", env=env)
    now = fmt(last + timedelta(days=30))
    return incidents, [incident.path for incident in chosen], now


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
    parser.add_argument("--records", type=int, default=1000, help="number of incidents (each gets a review file)")
    parser.add_argument("--commits", type=int, default=2000, help="number of commits on main")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the median is shown)")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic repository and print its path")
    args = parser.parse_args()

    sys.path.insert(0, str(PROJECT / "tools"))
    from yuqing import cli
    from yuqing.git_history import GitHistory
    from yuqing.git_range import open_range

    workdir = Path(tempfile.mkdtemp(prefix="yuqing-bench-git-"))
    root = workdir / "ledger"
    root.mkdir()
    try:
        start = time.perf_counter()
        incidents, changed, now = build(root, args.records, args.commits)
        built = time.perf_counter() - start
        files = len(list((root / "incidents").rglob("*.md")))
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
