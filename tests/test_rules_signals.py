"""Signals (monitoring/) and training records (trainings/): YQ313-YQ315 and the record rules that
judge them (YQ101-YQ103), table-driven with a positive and a negative case per rule."""

from __future__ import annotations

from recordkit import (
    GRAVE_ID,
    Hit,
    grave,
    line_of,
    path_of,
    review,
    rule_table_tests,
    to_markdown,
)
from schemakit import copy_schema

SIGNAL_ID = "YZMZ-YJ-2024-0001"
SP = f"monitoring/2024/{SIGNAL_ID}.md"
TP = "trainings/2024/2024-06-18-舆情应对培训.md"
GP = path_of(GRAVE_ID)
GR = path_of(GRAVE_ID, review=True)


def signal(**changes) -> dict:
    """A signal noticed at 09:10 by 赵磊 (局办公室), assessed at 09:15 as 转为事件: it became the 重大 incident."""
    data = {
        "id": SIGNAL_ID,
        "noticed_at": "2024-08-26 09:10",
        "noticed_by": "赵磊",
        "section": "局办公室",
        "source": {"channel": "微博"},
        "summary": "网民发帖称某养老机构护理员态度恶劣，转发量开始上升。",
        "assessments": [{"at": "2024-08-26 09:15", "by": "王芳", "conclusion": "转为事件", "note": "转养老服务科处置。"}],
        "incident": GRAVE_ID,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def training(**changes) -> dict:
    data = {"held_at": "2024-06-18 14:30", "organizer": "局办公室", "topic": "网络舆情应急处置流程与报告时限",
            "kind": "培训班", "attendees": ["王芳", "李明", "刘洋"]}
    data.update(changes)
    return data


def _at(path, files, level, needle, *words):
    return Hit(level, path, line_of(files[path], needle), words)


def _with_incident(signal_data: dict, incident: dict | None = None) -> dict:
    return {SP: to_markdown(signal_data), GP: to_markdown(incident or grave()), GR: to_markdown(review())}


# -- YQ315 discovery-after-signal ---------------------------------------------------------------------


def yq315_discovered_after_the_signal():
    files = _with_incident(signal(noticed_at="2024-08-26 08:10",
                                  assessments=[{"at": "2024-08-26 08:30", "by": "王芳", "conclusion": "转为事件"}]))
    return files, [_at(GP, files, "error", "discovered_at:", "2024-08-26 08:10", "2024-08-26 09:20", SIGNAL_ID,
                       "把 discovered_at 改为 2024-08-26 08:10")]


def yq315_ok_discovered_at_the_signal():
    return _with_incident(signal(noticed_at="2024-08-26 09:20")), []


def yq315_ok_signal_that_became_nothing():
    return {SP: to_markdown(signal(noticed_at="2024-08-26 08:10", incident=None))}, []


# -- YQ314 signal-not-assessed ------------------------------------------------------------------------


def yq314_never_assessed():
    files = {SP: to_markdown(signal(assessments=[], incident=None))}
    return files, [_at(SP, files, "warning", "noticed_at:", "没有研判记录", "2024-08-27 09:10")], "2024-08-28 09:00"


def yq314_assessed_late():
    files = {SP: to_markdown(signal(incident=None, assessments=[
        {"at": "2024-08-27 15:00", "by": "王芳", "conclusion": "不构成舆情"}]))}
    return files, [_at(SP, files, "warning", "at: 2024-08-27 15:00", "晚于时限", "超时")]


def yq314_ok_not_yet_due():
    return {SP: to_markdown(signal(assessments=[], incident=None))}, [], "2024-08-26 20:00"


def yq314_ok_assessed_in_time():
    return {SP: to_markdown(signal(incident=None))}, []


# -- YQ313 training-cadence ---------------------------------------------------------------------------


def yq313_a_section_never_trained():
    """The ledger has run over a year (a 2023 training); only 局办公室, 社会救助科 and 养老服务科 trained since."""
    files = {TP: to_markdown(training()),
             "trainings/2023/2023-03-01-启用培训.md": to_markdown(training(held_at="2023-03-01 09:00"))}
    org = org_text_of_a_test_repository()
    hits = [Hit("warning", "schema/org.yml", line_of(org, f"  - name: {name}"), (name, "没有参加培训或演练"))
            for name in ("社会事务科", "基层政权科", "社会组织科", "区社会福利院", "区救助管理站")]
    return files, hits, "2024-08-30 09:00"


def org_text_of_a_test_repository() -> str:
    """The org.yml a test repository gets (tests/schemakit.py)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as directory:
        copy_schema(Path(directory))
        return (Path(directory) / "org.yml").read_text(encoding="utf-8")


def yq313_ok_the_ledger_is_younger_than_a_year():
    return {TP: to_markdown(training())}, [], "2024-08-30 09:00"


# -- YQ101 / YQ102 / YQ103 on the new records -----------------------------------------------------


def yq101_signal_file_name():
    path = "monitoring/2024/YZMZ-YJ-2024-0009.md"
    files = {path: to_markdown(signal(incident=None))}
    return files, [_at(path, files, "error", "id:", "文件名", SIGNAL_ID)]


def yq101_training_file_date():
    path = "trainings/2024/2024-06-19-舆情应对培训.md"
    files = {path: to_markdown(training())}
    return files, [_at(path, files, "error", "held_at:", "2024-06-18")]


def yq101_ok_signal_and_training():
    return {SP: to_markdown(signal(incident=None)), TP: to_markdown(training())}, []


def yq102_ok_one_signal_per_id():
    return {SP: to_markdown(signal(incident=None)), "monitoring/2024/YZMZ-YJ-2024-0002.md":
            to_markdown(signal(id="YZMZ-YJ-2024-0002", incident=None))}, []


def yq102_two_signals_one_id():
    other = "monitoring/2024/YZMZ-YJ-2024-0001.yml"
    files = {SP: to_markdown(signal(incident=None)), other: to_markdown(signal(incident=None))[4:].split("---")[0]}
    return files, [_at(other, files, "error", "id:", "预警信息编号", SP)]


def yq103_unknown_attendee():
    files = {TP: to_markdown(training(attendees=["王芳", "李名"]))}
    return files, [_at(TP, files, "error", "- 李名", "参加人员", "李明")]


def yq103_signal_by_unknown_person():
    files = {SP: to_markdown(signal(incident=None, noticed_by="赵雷"))}
    return files, [_at(SP, files, "error", "noticed_by:", "赵磊")]


CASES = {
    "YQ313": [yq313_a_section_never_trained, yq313_ok_the_ledger_is_younger_than_a_year],
    "YQ314": [yq314_never_assessed, yq314_assessed_late, yq314_ok_not_yet_due, yq314_ok_assessed_in_time],
    "YQ315": [yq315_discovered_after_the_signal, yq315_ok_discovered_at_the_signal, yq315_ok_signal_that_became_nothing],
    "YQ101": [yq101_signal_file_name, yq101_training_file_date, yq101_ok_signal_and_training],
    "YQ102": [yq102_two_signals_one_id, yq102_ok_one_signal_per_id],
    "YQ103": [yq103_unknown_attendee, yq103_signal_by_unknown_person, yq101_ok_signal_and_training],
}
test_rule, test_every_rule_has_a_positive_and_a_negative_case = rule_table_tests(CASES)
