"""A records set with something falling due, for ``yuqing due``, the calendar and ``notify --due-within``.

* ``OPEN_ID`` (重大, 养老服务科, 处置中): discovered 2024-09-28 09:20; oral, written and a first
  follow-up (2024-09-29 09:00) recorded; the second follow-up is due 2024-09-30 09:00;
* ``ACTION_ID`` (较大, 社会救助科, closed and reviewed): the review action 修订低保审批办事指南
  is due 2024-09-30 (by the end of that day) and not done.

At ``NOW`` (2024-09-29 10:00) both are pending: the follow-up in 23 h, the action the next day.
Every other obligation of these records is met.
"""

from __future__ import annotations

from datetime import timedelta

from recordkit import DELETE, MAJOR_ID, files_of, grave, major, path_of, review

NOW = "2024-09-29 10:00"
SOON = "2024-09-30 08:00"  # an hour before the follow-up falls due
LATER = "2024-10-02 10:00"  # both are overdue then: nothing falls due

OPEN_ID = "YZMZ-2024-0006"
ACTION_ID = MAJOR_ID  # YZMZ-2024-0002
OPEN_TITLE = "某养老服务中心助餐点停业引发老人投诉"
ACTION_WHAT = "修订低保审批办事指南"
FOLLOW_UP_DUE = "2024-09-30 09:00"

OPEN_PATH = path_of(OPEN_ID)
ACTION_PATH = path_of(ACTION_ID, review=True)


def open_grave(**changes) -> dict:
    from recordkit import shifted

    record = shifted(grave(), timedelta(days=33))  # discovered 2024-09-28 09:20
    record["id"] = OPEN_ID
    record["title"] = OPEN_TITLE
    record["status"] = "处置中"
    record["reports"] = record["reports"][:3]  # oral, written, the first follow-up (2024-09-29 09:00)
    del record["closed_at"]
    for key, value in changes.items():
        if value is DELETE:
            record.pop(key, None)
        else:
            record[key] = value
    return record


def action_review() -> dict:
    return review(ACTION_ID, actions=[{"what": ACTION_WHAT, "owner": "社会救助科", "due": "2024-09-30"}])


def files(**changes) -> dict:
    return files_of(open_grave(**changes), major(), action_review())


def write(root, **changes) -> dict:
    written = files(**changes)
    for path, text in written.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return written


# A fresh signal nobody has assessed yet (issue 16): noticed 2024-09-29 08:30 by 区救助管理站, so its
# assessment (YQ314, 24 h) falls due 2024-09-30 08:30, half an hour before the follow-up.
SIGNAL_ID = "YZMZ-YJ-2024-0001"
SIGNAL_PATH = f"monitoring/2024/{SIGNAL_ID}.md"
SIGNAL_SECTION = "区救助管理站"
SIGNAL_DUE = "2024-09-30 08:30"
SIGNAL_SUMMARY = "短视频称火车站附近有流浪人员夜宿，评论中有人询问救助站是否知情。"


def signal_text(assessments: str = " []") -> str:
    return (f"---\nid: {SIGNAL_ID}\nnoticed_at: 2024-09-29 08:30\nnoticed_by: 韩雪\nsection: {SIGNAL_SECTION}\n"
            f"source:\n  channel: 抖音\nsummary: {SIGNAL_SUMMARY}\nassessments:{assessments}\n---\n")


def write_signal(root, assessments: str = " []") -> None:
    """Add the fresh signal (or, with ``assessments``, the same signal assessed) to the repository at ``root``."""
    target = root / SIGNAL_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(signal_text(assessments), encoding="utf-8")
