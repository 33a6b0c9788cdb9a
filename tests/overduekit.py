"""A records set with something in every state of the overdue list (yuqing.overdue), at ``NOW``.

Used by the tests of overdue.py, the markdown reporter, ``yuqing notify`` and the CI alarm.
At ``NOW`` (2024-10-01 10:00):

* ``LATE_ID`` (重大, closed): the oral report came at 09:40, due 09:35, no 情况说明 — late;
* ``ACTION_ID`` (较大, closed, reviewed): the review action was due 2024-09-30, not done — action;
* ``OPEN_ID`` (较大, opened at 09:50, no report yet): first report due 10:20, follow-up due
  2024-10-02 09:50 — pending;
* ``NO_REVIEW_ID`` (较大, closed 2024-09-20): no review, due 2024-09-27 17:00 — missing.

Every other obligation of these records is met, so the list holds exactly these rows.
"""

from __future__ import annotations

from recordkit import (
    DELETE,
    GRAVE_ID,
    MAJOR_ID,
    files_of,
    grave,
    major,
    path_of,
    review,
)

NOW = "2024-10-01 10:00"

LATE_ID = GRAVE_ID  # YZMZ-2024-0001, 养老服务科, tracking owner 刘洋, office owner 王芳
ACTION_ID = MAJOR_ID  # YZMZ-2024-0002, 社会救助科
OPEN_ID = "YZMZ-2024-0004"  # 社会事务科, tracking owner 张伟
NO_REVIEW_ID = "YZMZ-2024-0005"  # 基层政权科, tracking owner 马强

LATE_AT = "2024-08-26 09:40"  # the late oral report (due 09:35)
ACTION_WHAT = "修订低保审批办事指南"


def late_grave() -> dict:
    record = grave()
    record["reports"][0]["at"] = LATE_AT
    return record


def action_review() -> dict:
    return review(ACTION_ID, actions=[{"what": ACTION_WHAT, "owner": "社会救助科", "due": "2024-09-30"}])


def open_major() -> dict:
    return major(id=OPEN_ID, title="网民质疑殡葬服务收费标准", section="社会事务科",
                 status="处置中", discovered_at="2024-10-01 09:50", occurred_at=DELETE, reports=[],
                 responses=[], escalations=[], closed_at=DELETE, tracking={"owner": "张伟"})


def unreviewed_major() -> dict:
    record = major(id=NO_REVIEW_ID, title="村委会换届选举程序遭网民质疑", section="基层政权科",
                   discovered_at="2024-09-18 08:30", occurred_at=DELETE, tracking={"owner": "马强"},
                   closed_at="2024-09-20 17:00")
    times = ["2024-09-18 08:40", "2024-09-18 09:00", "2024-09-19 08:30", "2024-09-20 08:00"]
    for report, at in zip(record["reports"], times, strict=True):
        report["at"] = at
        report["by"] = "马强"
    record["responses"] = []
    record["escalations"] = []
    return record


def files() -> dict:
    """{path: text} of the whole set."""
    return files_of(late_grave(), review(LATE_ID), major(), action_review(), open_major(), unreviewed_major())


def write(root) -> dict:
    """Write the set under ``root`` (a records repository); returns {path: text}."""
    written = files()
    for path, text in written.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return written


LATE_PATH = path_of(LATE_ID)
ACTION_PATH = path_of(ACTION_ID, review=True)
OPEN_PATH = path_of(OPEN_ID)
NO_REVIEW_PATH = path_of(NO_REVIEW_ID)
