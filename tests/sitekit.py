"""Records for the site tests: one repository showing every verdict kind, a restricted record, a drill.

``verdict_files()`` gives {path: text}; written into a ``repo`` and checked at ``NOW`` they
produce met, late (unexcused), missing (unexcused), pending and excused verdicts (late and
missing), an overdue review action, a restricted incident carrying secret markers that must
never reach the site, and a drill with a review. ``render(repo)`` runs the engine and the
pure renderer and returns (site, pages).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from recordkit import (
    DELETE,
    GENERAL_ID,
    GRAVE_ID,
    MAJOR_ID,
    changed,
    excused,
    general,
    grave,
    major,
    review,
    to_markdown,
)
from recordkit import path_of as record_path
from recordkit import run as run_engine
from yuqing.render import render_pages
from yuqing.render.model import build_site

NOW = "2024-10-01 10:00"
PROJECT_ROOT = Path(__file__).resolve().parents[1]

LATE_ID = "YZMZ-2024-0004"  # 重大, oral report 5 minutes late, no 情况说明 -> late
MISSING_ID = "YZMZ-2024-0005"  # 一般, response without 主要领导's approval, no 情况说明 -> missing
PENDING_ID = "YZMZ-2024-0006"  # 较大, discovered ten minutes before NOW -> pending
EXCUSED_MISSING_ID = "YZMZ-2024-0007"  # 较大, closed without 终报, explained -> excused (missing)
RESTRICTED_ID = "YZMZ-2024-0008"  # 重大, restricted, oral report late and explained -> excused (late)
DRILL_ID = "YZMZ-2024-0009"  # 较大 drill, everything met, with a review

#: Words of the restricted record that must appear nowhere in the built site.
SECRETS = {
    "summary": "机密概要甲乙丙",
    "narrative": "机密经过丁戊己",
    "reporter": "欧阳秘密",
    "approver": "司马审核",
    "response": "机密回应庚辛壬",
    "reason": "机密说明癸子丑",
    "participant": "诸葛参会",
    "content": "机密内容寅卯辰",
    "review": "机密复盘巳午未",
}
#: The restricted record's tracking owner: a real member (YQ103), listed on the duties page, but not on the record's.
RESTRICTED_TRACKER = "冯丽"
#: Words of the restricted record that are facts and must be shown.
RESTRICTED_TITLE = "某福利院受限事件"

LATE_REASON = "当时领导在外开会，电话未接通，后补报。"
EXCUSED_REASON = "事件办结时终报由局办公室口头转达，未形成书面终报。"


def restricted_incident() -> dict:
    record = grave(id=RESTRICTED_ID, title=RESTRICTED_TITLE, section="区社会福利院", visibility="restricted",
                   summary=f"{SECRETS['summary']}：一名老人走失。")
    record = changed(record, "reports.0.at", "2024-08-26 09:40")
    record = changed(record, "reports.0.by", SECRETS["reporter"])
    record = changed(record, "reports.0.content", SECRETS["content"])
    record = changed(record, "responses.0.text", SECRETS["response"])
    record = changed(record, "responses.0.approvals.0.by", SECRETS["approver"])
    record["tracking"] = {"owner": RESTRICTED_TRACKER, "office_owner": "王芳"}
    return excused(record, "YQ301", SECRETS["reason"] + "，当时电话未接通。")


def verdict_records() -> list[tuple[dict, str | None]]:
    """(front matter, narrative or None for the default) of every record, reviews included."""
    late = changed(grave(id=LATE_ID, title="重大舆情口头报告超时的事件"), "reports.0.at", "2024-08-26 09:40")
    missing = changed(general(id=MISSING_ID, title="回应缺少主要领导审核的事件"), "responses.0.approvals.1", DELETE)
    pending = major(id=PENDING_ID, title="刚刚发现的较大舆情", status="处置中", closed_at=DELETE,
                    discovered_at="2024-10-01 09:50", occurred_at=DELETE, reports=[], responses=[], escalations=[])
    excused_missing = major(id=EXCUSED_MISSING_ID, title="办结时没有终报的较大事件")
    excused_missing["reports"] = excused_missing["reports"][:3]
    excused_missing = excused(excused_missing, "YQ310", EXCUSED_REASON)
    drill = major(id=DRILL_ID, title="养老机构舆情应对演练", drill=True)
    overdue_review = review(GRAVE_ID, actions=[
        {"what": "修订护理规范", "owner": "养老服务科", "due": "2024-09-30", "done_at": "2024-09-20"},
        {"what": "开展全员培训", "owner": "局办公室", "due": "2024-09-15"},
        {"what": "建立回访制度", "owner": "养老服务科", "due": "2024-12-31"},
    ])
    restricted_review = review(RESTRICTED_ID, conclusion=SECRETS["review"], participants=["局办公室", SECRETS["participant"]],
                               actions=[{"what": SECRETS["review"] + "措施", "owner": "区社会福利院", "due": "2024-09-15"}])
    return [
        (grave(), None), (overdue_review, None),
        (major(), None), (review(MAJOR_ID), None),
        (general(), None), (review(GENERAL_ID), None),
        (late, None), (review(LATE_ID), None),
        (missing, None), (review(MISSING_ID), None),
        (pending, None),
        (excused_missing, None), (review(EXCUSED_MISSING_ID), None),
        (restricted_incident(), f"## 事件经过\n\n{SECRETS['narrative']}，由{SECRETS['reporter']}处置。\n"),
        (restricted_review, None),
        (drill, None), (review(DRILL_ID, conclusion="演练达到预期，报告流程熟练。"), None),
    ]


def verdict_files() -> dict[str, str]:
    files = {}
    for data, body in verdict_records():
        if "incident" in data:
            path = record_path(data["incident"], review=True)
            narrative = body or (f"## 复盘报告\n\n{SECRETS['review']}。\n" if data["incident"] == RESTRICTED_ID
                                 else "## 复盘\n\n复盘内容。\n")
            files[path] = to_markdown(data, narrative)
        else:
            files[record_path(data["id"])] = to_markdown(data) if body is None else to_markdown(data, body)
    return files


def write_verdict_repo(repo) -> None:
    for path, text in verdict_files().items():
        repo.write(path, text)


def render(repo, now: str = NOW, history=None, pages=frozenset()):
    """(site, pages) of the repo at ``now``."""
    result = run_engine(repo, now)
    workspace = repo.workspace()
    site = build_site(workspace.org, workspace.policy, result, history=history)
    return site, render_pages(workspace.org, workspace.policy, result, history=history, pages=pages)


def copy_project(target: Path, with_records: bool = True) -> Path:
    """A copy of the shipped repository (mkdocs.yml, docs/, schema/, incidents/, monitoring/, trainings/) without Git."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PROJECT_ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for name in ("docs", "schema") + (("incidents", "monitoring", "trainings") if with_records else ()):
        shutil.copytree(PROJECT_ROOT / name, target / name)
    (target / "incidents").mkdir(exist_ok=True)
    return target


def mkdocs_build(root: Path, strict: bool = True, now: str | None = None) -> subprocess.CompletedProcess:
    """The real ``mkdocs build [--strict]`` of ``root``/mkdocs.yml into ``root``/site (clock: ``now`` or real)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    env.pop("YUQING_NOW", None)
    if now:
        env["YUQING_NOW"] = now
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")]
    if strict:
        command.append("--strict")
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=root, timeout=900)


__all__ = ["DRILL_ID", "EXCUSED_MISSING_ID", "GENERAL_ID", "GRAVE_ID", "LATE_ID", "MAJOR_ID", "MISSING_ID",
           "NOW", "PENDING_ID", "mkdocs_build", "RESTRICTED_ID", "RESTRICTED_TITLE", "RESTRICTED_TRACKER", "SECRETS", "copy_project", "render", "verdict_files",
           "write_verdict_repo"]


# ------------------------------------------------------------------ generated repositories

def generated_records(count: int, year: int = 2024) -> dict[str, str]:
    """``count`` valid incidents (一般/较大/重大 in turn, 较大/重大 with their reviews) spread over ``year``."""
    from datetime import timedelta

    from recordkit import shifted

    files: dict[str, str] = {}
    builders = (grave, major, general)
    for number in range(1, count + 1):
        record_id = f"YZMZ-{year}-{number:04d}"
        builder = builders[number % 3]
        data = builder(id=record_id, title=f"第{number}号生成事件：社区养老服务站午餐质量引发网民关注")
        offset = timedelta(days=(number * 7) % 120, minutes=number % 50)
        data = shifted(data, offset)
        files[f"incidents/{year}/{record_id}.md"] = to_markdown(
            data, f"## 事件经过\n\n第{number}号事件的经过：网民在微博发帖，科室当即核实并报告。\n")
        if builder is not general:
            files[f"incidents/{year}/{record_id}.review.md"] = to_markdown(
                shifted(review(record_id), offset), "## 复盘\n\n复盘内容。\n")
    return files
