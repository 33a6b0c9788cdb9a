"""The Git rules YQ401-YQ406 and YQ408 on real repositories: a merge request's range REV..HEAD.

Every test builds a repository in a temp dir, merges records on ``main`` as the identities
of schema/org.yml, makes the merge request's commits on a branch and runs
``yuqing check --base main`` through the command line entry point (JSON output).
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from gitkit import (
    HUANGXIAOYAN,
    LIMING,
    LIUYANG,
    SCHEMA_DIR,
    STRANGER,
    WANGFANG,
    ZHANGWEI,
    check,
    git_rule_table_tests,
    identity_env,
    run_engine,
)
from recordkit import (
    GENERAL_ID,
    GRAVE_ID,
    Hit,
    changed,
    general,
    grave,
    line_of,
    major,
    path_of,
    review,
    to_markdown,
)
from recordkit import (
    run as recordkit_run,
)
from yuqing.findings import Outcome

GP = path_of(GRAVE_ID)
GR = path_of(GRAVE_ID, review=True)


def _only(run, rule: str) -> dict:
    found = run.of(rule)
    assert len(found) == 1, run.explain()
    return found[0]


@pytest.fixture
def merged(git_repo):
    """The closed 重大 incident and its review merged on main by 刘洋 (养老服务科); now on branch ``mr``."""
    git_repo.write(GP, to_markdown(grave()))
    git_repo.write(GR, to_markdown(review()))
    git_repo.commit("登记 YZMZ-2024-0001", who=LIUYANG, at="2024-08-26 09:50")
    git_repo.branch("mr")
    return git_repo


def _edit(repo, data: dict, who=LIUYANG, at="2024-09-05 10:00", path: str = GP) -> str:
    """Commit ``data`` as the incident at ``path``; returns the file's text."""
    text = to_markdown(data)
    repo.save(path, text, who=who, at=at)
    return text


# -- the baseline: nothing changed, then the shipped happy path -----------------------------


def test_a_branch_without_changes_passes(merged):
    run = check(merged.root, base="main")
    assert run.code == 0, run.explain()
    assert run.findings == [] and run.data["summary"]["files"] == 0


def test_appending_a_report_passes(git_repo):
    # main holds the record without its 续报: the 24 h cadence (YQ306) is not kept there.
    data = grave()
    follow_up = data["reports"].pop(2)
    git_repo.save(GP, to_markdown(data), who=LIUYANG, at="2024-08-26 09:50")
    git_repo.save(GR, to_markdown(review()), who=WANGFANG, at="2024-09-02 16:00")
    assert [f["rule"] for f in check(git_repo.root).findings] == ["YQ306"]
    git_repo.branch("mr")
    data["reports"].append(follow_up)
    _edit(git_repo, data)
    run = check(git_repo.root, base="main")
    assert run.code == 0, run.explain()
    assert run.findings == [] and run.data["summary"]["files"] == 1


# -- YQ401 entry-rewritten ---------------------------------------------------------------------


def test_rewriting_a_merged_report_time_is_an_error_on_that_line(merged):
    text = _edit(merged, changed(grave(), "reports.0.at", "2024-08-26 09:25"))
    run = check(merged.root, base="main")
    assert run.code == 1
    finding = _only(run, "YQ401")
    assert (finding["level"], finding["path"], finding["line"]) == ("error", GP, line_of(text, "2024-08-26 09:25"))
    assert finding["name"] == "entry-rewritten" and finding["incident"] == GRAVE_ID
    for words in ("第 1 条报告", "at", "2024-08-26 09:30", "2024-08-26 09:25", "corrects: 1"):
        assert words in finding["message"], finding["message"]
    english = check(merged.root, "--lang", "en", base="main").of("YQ401")[0]["message"]
    assert "reports entry 1: at changed from '2024-08-26 09:30' to '2024-08-26 09:25'" in english


@pytest.mark.parametrize("written", ["2024-08-26T09:30:00+08:00", "2024-08-26T01:30:00Z", "'2024-08-26 09:30'"])
def test_the_same_instant_written_differently_is_not_a_rewrite(merged, written):
    text = merged.read(GP)
    head = text.replace("at: 2024-08-26 09:30", f"at: {written}", 1)
    assert head != text
    merged.save(GP, head, who=LIUYANG, at="2024-09-05 10:00")
    run = check(merged.root, base="main")
    assert run.code == 0, run.explain()
    assert run.of("YQ401") == []


def test_a_different_minute_in_another_notation_is_a_rewrite(merged):
    head = merged.read(GP).replace("at: 2024-08-26 09:30", "at: 2024-08-26T09:31:00+08:00", 1)
    merged.save(GP, head, who=LIUYANG, at="2024-09-05 10:00")
    finding = _only(check(merged.root, base="main"), "YQ401")
    assert finding["line"] == line_of(head, "2024-08-26T09:31:00+08:00")
    assert "2024-08-26 09:31" in finding["message"]


@pytest.mark.parametrize(("written", "words"), [
    ("2024-08-26 09:30:30", "原为“2024-08-26 09:30:00”，现为“2024-08-26 09:30:30”"),
    ("2024-08-26 09:30:00.5", "原为“2024-08-26 09:30:00.0”，现为“2024-08-26 09:30:00.5”"),
])
def test_a_rewrite_by_seconds_shows_the_seconds(merged, written, words):
    """Not "原为 09:30，现为 09:30": the values are shown as precisely as their difference needs."""
    head = merged.read(GP).replace("at: 2024-08-26 09:30", f"at: {written}", 1)
    merged.save(GP, head, who=LIUYANG, at="2024-09-05 10:00")
    finding = _only(check(merged.root, base="main"), "YQ401")
    assert finding["line"] == line_of(head, written)
    assert words in finding["message"], finding["message"]


@pytest.mark.parametrize(("list_name", "label"), [("escalations", "上报"), ("responses", "回应")])
def test_deleting_a_merged_entry_is_an_error(merged, list_name, label):
    data = grave()
    data[list_name] = []
    text = _edit(merged, data)
    run = check(merged.root, base="main")
    assert run.code == 1
    finding = _only(run, "YQ401")
    assert finding["line"] == line_of(text, f"{list_name}:")
    assert f"第 1 条{label}被删除" in finding["message"], finding["message"]


def test_deleting_the_last_report_names_it(merged):
    data = grave()
    data["reports"].pop()
    _edit(merged, data)
    run = check(merged.root, base="main")
    assert run.code == 1
    assert any("第 4 条报告被删除" in f["message"] for f in run.of("YQ401")), run.explain()


def test_inserting_before_merged_entries_is_not_a_rewrite(merged):
    """The order of a list is not a fact: the merged entries are all still there."""
    data = grave()
    data["escalations"].insert(0, {"to": "区委办", "at": "2024-08-26 10:20", "by": "王芳"})
    _edit(merged, data)
    assert check(merged.root, base="main").of("YQ401") == []


@pytest.mark.parametrize(("dotted", "value", "words"), [
    ("reports.0.to", ["分管领导"], ("第 1 条报告的 to", "分管领导、主要领导", "“分管领导”")),
    ("responses.0.text", "已核查完毕。", ("第 1 条回应的 text", "已核查完毕。")),
    ("reports.1.elements.地点", "另一处养老机构", ("第 2 条报告的 elements",)),
    ("exceptions", [{"rule": "YQ306", "reason": "改写后的情况说明内容"}], ("第 1 条情况说明的 reason",)),
])
def test_changing_a_field_of_a_merged_entry_is_an_error(git_repo, dotted, value, words):
    base = grave(exceptions=[{"rule": "YQ306", "reason": "原来的情况说明内容"}])
    git_repo.save(GP, to_markdown(base), who=LIUYANG, at="2024-08-26 09:50")
    git_repo.save(GR, to_markdown(review()), who=LIUYANG, at="2024-09-02 16:00")
    git_repo.branch("mr")
    _edit(git_repo, changed(base, dotted, value))
    run = check(git_repo.root, base="main")
    assert run.code == 1
    messages = [f["message"] for f in run.of("YQ401")]
    assert any(all(w in m for w in words) for m in messages), messages


@pytest.mark.parametrize(("field", "value", "label", "old", "new"), [
    ("discovered_at", "2024-08-26 09:10", "获知时间", "2024-08-26 09:20", "2024-08-26 09:10"),
    ("level", "较大", "级别", "重大", "较大"),
    ("section", "社会事务科", "责任科室", "养老服务科", "社会事务科"),
])
def test_changing_the_facts_of_a_merged_record_is_an_error_even_for_the_office(merged, field, value, label, old, new):
    text = _edit(merged, grave(**{field: value}), who=WANGFANG)
    run = check(merged.root, base="main")
    assert run.code == 1
    finding = next((f for f in run.of("YQ401") if label in f["message"]), None)
    assert finding is not None, run.explain()
    assert finding["line"] == line_of(text, f"{field}:")
    assert f"原为“{old}”" in finding["message"] and f"现为“{new}”" in finding["message"]
    assert run.of("YQ403") == []  # the office may edit any record


def test_a_new_record_in_the_range_is_not_compared(merged):
    data = general()
    merged.save(path_of(GENERAL_ID), to_markdown(data), who=ZHANGWEI, at="2024-08-26 11:30")
    run = check(merged.root, base="main")
    assert run.code == 0, run.explain()
    assert run.data["summary"]["files"] == 1


def test_a_review_action_may_be_marked_done(git_repo):
    open_action = review()
    del open_action["actions"][0]["done_at"]
    git_repo.save(GP, to_markdown(grave()), who=LIUYANG, at="2024-08-26 09:50")
    git_repo.save(GR, to_markdown(open_action), who=WANGFANG, at="2024-09-02 16:00")
    git_repo.branch("mr")
    git_repo.save(GR, to_markdown(review()), who=LIUYANG, at="2024-09-20 17:00")
    run = check(git_repo.root, base="main")
    assert run.code == 0, run.explain()
    assert run.data["summary"]["files"] == 1


@pytest.mark.parametrize(("dotted", "value", "words"), [
    ("actions.0.done_at", "2024-09-25", ("第 1 条整改措施的 done_at", "2024-09-20", "2024-09-25")),
    ("actions.0.due", "2024-10-30", ("第 1 条整改措施的 due", "2024-09-30", "2024-10-30")),
    ("held_at", "2024-09-03 14:00", ("复盘时间", "2024-09-02 14:00", "2024-09-03 14:00")),
])
def test_a_merged_review_is_append_only(merged, dotted, value, words):
    text = to_markdown(changed(review(), dotted, value))
    merged.save(GR, text, who=WANGFANG, at="2024-09-21 10:00")
    run = check(merged.root, base="main")
    assert run.code == 1
    finding = _only(run, "YQ401")
    assert finding["path"] == GR and finding["line"] == line_of(text, value)
    assert all(w in finding["message"] for w in words), finding["message"]


def _late_oral() -> dict:
    """The 重大 incident whose first oral report was recorded at 09:40 (20 min: late)."""
    return changed(grave(), "reports.0.at", "2024-08-26 09:40")


def _correction(corrects, reason="原记录误将通话结束时间填为报告时间，以通话记录为准。") -> dict:
    entry = {"kind": "口头报告", "at": "2024-08-26 09:30", "by": "刘洋", "to": ["分管领导", "主要领导"],
             "cc": ["局办公室"], "channel": "电话", "corrects": corrects}
    if reason is not None:
        entry["reason"] = reason
    return entry


def test_an_office_approved_correction_passes_and_replaces_the_corrected_entry(git_repo):
    base = _late_oral()
    git_repo.save(GP, to_markdown(base), who=LIUYANG, at="2024-08-26 09:50")
    git_repo.save(GR, to_markdown(review()), who=LIUYANG, at="2024-09-02 16:00")
    before = run_engine(git_repo.root)
    [late] = [v for v in before.verdicts[GP] if v.rule == "YQ301"]
    assert late.outcome is Outcome.LATE
    assert [f["rule"] for f in check(git_repo.root).findings] == ["YQ301"]

    git_repo.branch("mr")
    head = copy.deepcopy(base)
    head["reports"].append({**_correction(1), "approved_by": "王芳"})
    _edit(git_repo, head, who=WANGFANG)
    run = check(git_repo.root, base="main")
    assert run.code == 0, run.explain()
    assert run.findings == []
    after = run_engine(git_repo.root, base="main")
    [met] = [v for v in after.verdicts[GP] if v.rule == "YQ301"]
    assert met.outcome is Outcome.MET
    assert met.loc == ("reports", 4, "at")  # the correction, not the corrected entry
    assert (met.before.outcome, met.approved_by) == (Outcome.LATE, "王芳")  # the site shows both verdicts
    assert check(git_repo.root).findings == []  # the full check agrees


@pytest.mark.parametrize("who, approved_by, words", [
    (LIUYANG, None, "不全是局办公室人员提交的"),  # the section corrects its own late report
    (LIUYANG, "王芳", "不全是局办公室人员提交的"),  # naming the office is not the office doing it
    (WANGFANG, None, "没有用 approved_by 写明"),  # the office, but nobody approved it
    (WANGFANG, "刘洋", "没有用 approved_by 写明"),  # approved_by is not of the office
])
def test_a_correction_turning_a_merged_late_report_into_met_needs_the_office(git_repo, who, approved_by, words):
    base = _late_oral()
    git_repo.save(GP, to_markdown(base), who=LIUYANG, at="2024-08-26 09:50")
    git_repo.save(GR, to_markdown(review()), who=LIUYANG, at="2024-09-02 16:00")
    git_repo.branch("mr")
    correction = _correction(1) if approved_by is None else {**_correction(1), "approved_by": approved_by}
    text = _edit(git_repo, {**base, "reports": base["reports"] + [correction]}, who=who)
    run = check(git_repo.root, base="main")
    assert run.code == 1
    finding = _only(run, "YQ407")
    assert (finding["level"], finding["path"], finding["name"]) == ("error", GP, "verdict-changed")
    lines = text.splitlines()
    correction_at = max(n for n, line in enumerate(lines, 1) if line.strip().endswith("at: 2024-08-26 09:30"))
    assert correction_at < line_of(text, "corrects: 1") and finding["line"] == correction_at  # the correction's at
    for expected in ("重大舆情口头报告", "超时", "按时", words, "approved_by"):
        assert expected in finding["message"], finding["message"]


def test_a_correction_may_name_the_entry_by_id(git_repo):
    base = _late_oral()
    base["reports"][0]["id"] = "首次口头报告"
    git_repo.save(GP, to_markdown(base), who=LIUYANG, at="2024-08-26 09:50")
    git_repo.save(GR, to_markdown(review()), who=LIUYANG, at="2024-09-02 16:00")
    git_repo.branch("mr")
    base["reports"].append({**_correction("首次口头报告"), "approved_by": "王芳"})
    _edit(git_repo, base, who=WANGFANG)
    run = check(git_repo.root, base="main")
    assert run.code == 0, run.explain()


@pytest.mark.parametrize(("corrects", "reason", "words"), [
    (9, "原记录误将通话结束时间填为报告时间。", "没有指向"),
    ("不存在的条目", "原记录误将通话结束时间填为报告时间。", "没有指向"),
    (1, None, "reason"),
    (1, "  ", "reason"),
])
def test_a_broken_correction_is_an_error_of_the_file_check(git_repo, corrects, reason, words):
    data = _late_oral()
    data["exceptions"] = [{"rule": "YQ301", "reason": "领导在开会，电话未接通，稍后补报。"}]
    data["reports"].append(_correction(corrects, reason))
    git_repo.write(GR, to_markdown(review()))
    text = to_markdown(data)
    git_repo.save(GP, text, who=LIUYANG, at="2024-08-26 09:50")
    for run in (check(git_repo.root), check(git_repo.root, str(git_repo.path(GP)))):
        assert run.code == 1
        finding = _only(run, "YQ401")
        assert finding["line"] == line_of(text, "corrects:")
        assert words in finding["message"]


def test_a_correction_must_point_backwards(git_repo):
    data = grave()
    data["reports"][0]["corrects"] = 2
    data["reports"][0]["reason"] = "填错了，以后一条为准。"
    git_repo.write(GR, to_markdown(review()))
    text = to_markdown(data)
    git_repo.save(GP, text, who=LIUYANG, at="2024-08-26 09:50")
    finding = _only(check(git_repo.root), "YQ401")
    assert finding["line"] == line_of(text, "corrects: 2")


# -- YQ402 record-deleted ----------------------------------------------------------------------


@pytest.mark.parametrize("path", [GP, GR])
def test_deleting_a_merged_file_is_an_error(merged, path):
    merged.delete(path)
    merged.commit("删除记录", who=WANGFANG, at="2024-09-05 10:00")
    run = check(merged.root, base="main")
    assert run.code == 1
    finding = _only(run, "YQ402")
    assert (finding["level"], finding["path"], finding["line"]) == ("error", path, 1)
    assert finding["incident"] == GRAVE_ID
    assert path in finding["message"] and "git checkout main -- " in finding["message"]


def test_renaming_a_record_to_another_id_is_an_error(merged):
    other = "YZMZ-2024-0009"
    merged.move(GP, path_of(other))
    merged.commit("改编号", who=LIUYANG, at="2024-09-05 10:00")
    text = to_markdown(grave(id=other))
    merged.save(path_of(other), text, who=LIUYANG, at="2024-09-05 10:05")
    run = check(merged.root, base="main")
    assert run.code == 1
    finding = _only(run, "YQ402")
    assert finding["path"] == path_of(other) and finding["line"] == line_of(text, "id:")
    assert GP in finding["message"] and path_of(other) in finding["message"]


def test_moving_a_record_to_another_directory_is_followed(git_repo):
    wrong = "incidents/2025/YZMZ-2024-0001.md"
    git_repo.save(wrong, to_markdown(grave()), who=LIUYANG, at="2024-08-26 09:50")
    git_repo.save(GR, to_markdown(review()), who=LIUYANG, at="2024-09-02 16:00")
    git_repo.branch("mr")
    git_repo.move(wrong, GP)
    git_repo.commit("移到正确的年份目录", who=LIUYANG, at="2024-09-05 10:00")
    assert check(git_repo.root, base="main").code == 0
    # a rewrite after the move is still compared with the base version at the old path
    text = _edit(git_repo, changed(grave(), "reports.0.at", "2024-08-26 09:25"), at="2024-09-05 10:10")
    run = check(git_repo.root, base="main")
    assert run.of("YQ402") == []
    finding = _only(run, "YQ401")
    assert finding["path"] == GP and finding["line"] == line_of(text, "2024-08-26 09:25")


def test_a_record_added_and_deleted_inside_the_range_is_not_a_deletion(merged):
    merged.save(path_of(GENERAL_ID), to_markdown(general()), who=ZHANGWEI, at="2024-08-26 11:30")
    merged.delete(path_of(GENERAL_ID))
    merged.commit("撤回误建的记录", who=ZHANGWEI, at="2024-08-26 11:40")
    run = check(merged.root, base="main")
    assert run.of("YQ402") == [], run.explain()


# -- YQ403 not-owner ---------------------------------------------------------------------------


def test_another_sections_identity_editing_a_record_is_an_error(merged):
    data = grave()
    data["responses"].append({"at": "2024-08-27 10:00", "channel": "微博评论区", "text": "整改已完成。",
                              "approvals": [{"role": "分管领导", "at": "2024-08-27 09:30"},
                                            {"role": "主要领导", "at": "2024-08-27 09:40"}]})
    text = _edit(merged, data, who=ZHANGWEI)
    sha = merged.repo.head.commit.hexsha
    run = check(merged.root, base="main")
    assert run.code == 1
    finding = _only(run, "YQ403")
    assert (finding["level"], finding["path"], finding["line"]) == ("error", GP, line_of(text, "section:"))
    assert finding["name"] == "not-owner"
    for words in (sha[:8], "张伟", "zhangwei@yzmz.example.cn", "社会事务科", "养老服务科", "局办公室"):
        assert words in finding["message"], finding["message"]


def test_another_sections_identity_editing_a_review_is_an_error(merged):
    merged.save(GR, to_markdown(review(conclusion="另一个结论。")), who=ZHANGWEI)
    run = check(merged.root, base="main")
    finding = _only(run, "YQ403")
    assert finding["path"] == GR and "养老服务科" in finding["message"]


def test_registering_a_record_for_another_section_is_an_error(merged):
    merged.save(path_of(GENERAL_ID), to_markdown(general()), who=LIUYANG, at="2024-08-26 11:30")
    finding = _only(check(merged.root, base="main"), "YQ403")
    assert finding["path"] == path_of(GENERAL_ID) and "社会事务科" in finding["message"]


def test_an_unknown_identity_is_a_warning(merged):
    data = grave()
    data["escalations"].append({"to": "区委办", "at": "2024-08-26 11:00", "by": "王芳"})
    _edit(merged, data, who=STRANGER)
    run = check(merged.root, base="main")
    assert run.code == 0, run.explain()
    finding = _only(run, "YQ403")
    assert finding["level"] == "warning"
    assert "someone@mail.example.com" in finding["message"] and "org.yml" in finding["message"]


@pytest.mark.parametrize("who", [WANGFANG, HUANGXIAOYAN, LIUYANG])
def test_the_office_and_the_section_may_edit(merged, who):
    data = grave()
    data["escalations"].append({"to": "区委办", "at": "2024-08-26 11:00", "by": "王芳"})
    _edit(merged, data, who=who)
    run = check(merged.root, base="main")
    assert run.code == 0, run.explain()
    assert run.findings == []


def test_the_identity_is_matched_by_email_case_insensitively(merged):
    from gitkit import Who

    data = grave()
    data["escalations"].append({"to": "区委办", "at": "2024-08-26 11:00", "by": "王芳"})
    _edit(merged, data, who=Who("Liu Yang", "LiuYang@YZMZ.example.cn"))
    assert check(merged.root, base="main").findings == []


def test_each_identity_is_reported_once_per_record(merged):
    data = grave()
    for hour in (11, 12, 13):
        data["escalations"].append({"to": "区委办", "at": f"2024-08-26 {hour}:00", "by": "王芳"})
        _edit(merged, data, who=ZHANGWEI, at=f"2024-09-05 {hour}:00")
    assert len(check(merged.root, base="main").of("YQ403")) == 1


def test_a_clean_merge_is_not_judged_but_its_branch_commits_are(merged):
    # 张伟 (社会事务科) edits the record on a side branch; 刘洋 merges it into the merge request.
    merged.branch("side", "main")
    data = grave()
    data["escalations"].append({"to": "区委办", "at": "2024-08-26 11:00", "by": "王芳"})
    _edit(merged, data, who=ZHANGWEI, at="2024-09-05 09:00")
    side_sha = merged.repo.head.commit.hexsha
    merged.switch("mr")
    merged.save(GR, to_markdown(review(conclusion="补充复盘结论。")), who=LIUYANG, at="2024-09-05 09:30")
    merged.merge("side", who=LIUYANG, at="2024-09-05 10:00")
    assert len(merged.repo.head.commit.parents) == 2
    run = check(merged.root, base="main")
    finding = _only(run, "YQ403")
    assert side_sha[:8] in finding["message"] and "张伟" in finding["message"]
    assert finding["path"] == GP


def test_a_clean_merge_made_by_another_section_is_not_judged(merged):
    merged.branch("work", "main")
    merged.save(GR, to_markdown(review(conclusion="补充复盘结论。")), who=LIUYANG, at="2024-09-05 09:30")
    merged.switch("mr")
    data = grave()
    data["escalations"].append({"to": "区委办", "at": "2024-08-26 11:00", "by": "王芳"})
    _edit(merged, data, who=HUANGXIAOYAN, at="2024-09-05 09:40")
    merge_sha = merged.merge("work", who=ZHANGWEI, at="2024-09-05 10:00")
    run = check(merged.root, base="main")
    assert run.code == 0, run.explain()
    assert run.of("YQ403") == []
    assert merged.repo.commit(merge_sha).author.email == ZHANGWEI.email


def test_an_office_author_with_another_sections_committer_is_an_error(merged):
    # 王芳 (局办公室) is the author, but 张伟 (社会事务科) made the commit: both count.
    data = grave()
    data["escalations"].append({"to": "区委办", "at": "2024-08-26 11:00", "by": "王芳"})
    _edit(merged, data, who=WANGFANG)
    merged.repo.git.commit("-q", "--amend", "--no-edit", "--reset-author",
                           env={**identity_env(WANGFANG, "2024-09-05 10:00", committer=ZHANGWEI)})
    sha = merged.repo.head.commit.hexsha
    assert merged.repo.head.commit.committer.email == ZHANGWEI.email
    run = check(merged.root, base="main")
    assert run.code == 1, run.explain()
    finding = _only(run, "YQ403")
    assert finding["level"] == "error" and finding["path"] == GP
    for words in (sha[:8], "提交者", "张伟", "zhangwei@yzmz.example.cn", "社会事务科", "养老服务科"):
        assert words in finding["message"], finding["message"]


def test_a_section_author_committed_by_the_office_passes(merged):
    data = grave()
    data["escalations"].append({"to": "区委办", "at": "2024-08-26 11:00", "by": "王芳"})
    merged.save(GP, to_markdown(data), who=LIUYANG, at="2024-09-05 10:00", committer=WANGFANG)
    run = check(merged.root, base="main")
    assert run.findings == [], run.explain()


def test_a_name_holding_the_office_email_is_not_the_office(merged):
    from gitkit import Who

    # The name field says wangfang@…, the email is a personal one: matched on the email only.
    data = grave()
    data["escalations"].append({"to": "区委办", "at": "2024-08-26 11:00", "by": "王芳"})
    _edit(merged, data, who=Who(WANGFANG.email, "someone@mail.example.com"))
    run = check(merged.root, base="main")
    finding = _only(run, "YQ403")
    assert finding["level"] == "warning"
    assert "someone@mail.example.com" in finding["message"] and "org.yml" in finding["message"]


def test_a_merge_by_another_section_carrying_its_own_change_is_an_error(merged):
    merged.branch("work", "main")
    merged.save(GR, to_markdown(review(conclusion="补充复盘结论。")), who=LIUYANG, at="2024-09-05 09:30")
    merged.switch("mr")
    merged.save(GP, to_markdown(grave()) + "\n", who=HUANGXIAOYAN, at="2024-09-05 09:40")
    # 张伟 merges and slips his own change to the incident into the merge commit (an "evil merge").
    merged.repo.git.merge("-q", "--no-ff", "--no-commit", "work", env=identity_env(ZHANGWEI, "2024-09-05 10:00"))
    data = grave()
    data["escalations"].append({"to": "区委办", "at": "2024-08-26 11:00", "by": "王芳"})
    merged.write(GP, to_markdown(data))
    merge_sha = merged.commit("Merge work", who=ZHANGWEI, at="2024-09-05 10:00")
    assert len(merged.repo.commit(merge_sha).parents) == 2
    run = check(merged.root, base="main")
    assert run.code == 1, run.explain()
    finding = _only(run, "YQ403")
    assert finding["path"] == GP and merge_sha[:8] in finding["message"] and "张伟" in finding["message"]
    assert "合并提交" in finding["message"]


def test_a_clean_merge_of_the_sections_branch_by_the_office_passes(merged):
    merged.branch("work", "mr")
    data = grave()
    data["escalations"].append({"to": "区委办", "at": "2024-08-26 11:00", "by": "王芳"})
    _edit(merged, data, who=LIUYANG, at="2024-09-05 09:30")
    merged.switch("mr")
    merged.save(GR, to_markdown(review(conclusion="补充复盘结论。")), who=HUANGXIAOYAN, at="2024-09-05 09:40")
    merged.merge("work", who=WANGFANG, at="2024-09-05 10:00")
    run = check(merged.root, base="main")
    assert run.findings == [], run.explain()


# -- YQ403: the CI platform's authenticated user ------------------------------------------------


@pytest.fixture
def logins(git_repo):
    """``merged``, with org.yml listing the platform accounts of 刘洋 (liuyang-gl) and 张伟 (zhangwei-gh)."""
    org = git_repo.read("schema/org.yml")
    for email, login in (("liuyang@yzmz.example.cn", "liuyang-gl"), ("zhangwei@yzmz.example.cn", "zhangwei-gh")):
        shipped = f"logins: [{email.split('@')[0]}]"
        assert shipped in org, "the shipped org.yml lists the account named like the email: update this fixture"
        org = org.replace(f"git: [{email}], {shipped}", f"git: [{email}], logins: [{login}]")
    git_repo.write("schema/org.yml", org)
    git_repo.write(GP, to_markdown(grave()))
    git_repo.write(GR, to_markdown(review()))
    git_repo.commit("登记 YZMZ-2024-0001", who=LIUYANG, at="2024-08-26 09:50")
    git_repo.branch("mr")
    data = grave()
    data["escalations"].append({"to": "区委办", "at": "2024-08-26 11:00", "by": "王芳"})
    _edit(git_repo, data, who=LIUYANG)
    return git_repo


def test_the_gitlab_user_of_the_section_passes(logins, monkeypatch):
    monkeypatch.setenv("GITLAB_USER_LOGIN", "LiuYang-GL")
    monkeypatch.setenv("GITLAB_USER_EMAIL", "liuyang@yzmz.example.cn")
    run = check(logins.root, base="main")
    assert run.findings == [], run.explain()


def test_the_gitlab_user_of_another_section_is_an_error(logins, monkeypatch):
    monkeypatch.setenv("GITLAB_USER_LOGIN", "zhangwei-gh")
    monkeypatch.setenv("GITLAB_USER_EMAIL", "zw@mail.example.com")
    run = check(logins.root, base="main")
    assert run.code == 1, run.explain()
    finding = _only(run, "YQ403")
    assert finding["level"] == "error" and finding["path"] == GP
    for words in ("GitLab 账号", "zhangwei-gh", "社会事务科", "养老服务科"):
        assert words in finding["message"], finding["message"]


def test_the_gitlab_user_matched_by_email(logins, monkeypatch):
    monkeypatch.setenv("GITLAB_USER_LOGIN", "someone-else")
    monkeypatch.setenv("GITLAB_USER_EMAIL", "WangFang@yzmz.example.cn")  # 局办公室
    assert check(logins.root, base="main").findings == []


def _event(tmp_path, login: str) -> str:
    path = tmp_path / "event.json"
    path.write_text(json.dumps({"pull_request": {"number": 7, "user": {"login": login}}}), encoding="utf-8")
    return str(path)


def test_the_github_pull_request_author_of_another_section_is_an_error(logins, monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_EVENT_PATH", _event(tmp_path, "zhangwei-gh"))
    monkeypatch.setenv("GITHUB_ACTOR", "liuyang-gl")
    run = check(logins.root, base="main")
    finding = _only(run, "YQ403")
    assert finding["level"] == "error"
    assert "Pull Request 作者" in finding["message"] and "zhangwei-gh" in finding["message"]


def test_the_github_author_and_actor_of_the_section_pass(logins, monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_EVENT_PATH", _event(tmp_path, "liuyang-gl"))
    monkeypatch.setenv("GITHUB_ACTOR", "liuyang-gl")
    assert check(logins.root, base="main").findings == []


def test_an_unknown_github_actor_is_a_warning(logins, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTOR", "octocat")
    run = check(logins.root, base="main")
    assert run.code == 0, run.explain()
    finding = _only(run, "YQ403")
    assert finding["level"] == "warning"
    assert "octocat" in finding["message"] and "logins" in finding["message"]


def test_the_platform_users_read_from_the_ci_variables(tmp_path):
    from yuqing.git.platform import platform_users

    assert platform_users({}) == []
    gitlab = platform_users({"GITLAB_USER_LOGIN": "liuyang-gl", "GITLAB_USER_EMAIL": "liuyang@yzmz.example.cn"})
    assert [(u.platform, u.login, u.email) for u in gitlab] == [("GitLab", "liuyang-gl", "liuyang@yzmz.example.cn")]
    github = platform_users({"GITHUB_EVENT_PATH": _event(tmp_path, "zhangwei-gh"), "GITHUB_ACTOR": "octocat"})
    assert [(u.platform, u.login) for u in github] == [("GitHub", "zhangwei-gh"), ("GitHub", "octocat")]
    same = platform_users({"GITHUB_EVENT_PATH": _event(tmp_path, "octocat"), "GITHUB_ACTOR": "OctoCat"})
    assert [u.login for u in same] == ["octocat"]  # the author who also triggered the run: once
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")  # a push event, or no file: only the actor
    assert [u.login for u in platform_users({"GITHUB_EVENT_PATH": str(broken), "GITHUB_ACTOR": "octocat"})] == [
        "octocat"]
    assert [u.login for u in platform_users({"GITHUB_EVENT_PATH": str(tmp_path / "none.json")})] == []


def test_the_platform_user_counts_only_with_base(logins, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTOR", "zhangwei-gh")
    assert check(logins.root).of("YQ403") == []


def test_an_edit_before_a_move_is_still_judged(git_repo):
    wrong = "incidents/2025/YZMZ-2024-0001.md"
    git_repo.save(wrong, to_markdown(grave()), who=LIUYANG, at="2024-08-26 09:50")
    git_repo.save(GR, to_markdown(review()), who=LIUYANG, at="2024-09-02 16:00")
    git_repo.branch("mr")
    data = grave()
    data["escalations"].append({"to": "区委办", "at": "2024-08-26 11:00", "by": "王芳"})
    _edit(git_repo, data, who=ZHANGWEI, path=wrong)
    git_repo.move(wrong, GP)
    git_repo.commit("移到正确的年份目录", who=LIUYANG, at="2024-09-05 11:00")
    finding = _only(check(git_repo.root, base="main"), "YQ403")
    assert finding["path"] == GP and "张伟" in finding["message"]


# -- YQ404 late-registration -------------------------------------------------------------------


def _register(repo, data: dict, at: str, who=LIUYANG) -> str:
    text = to_markdown(data)
    repo.write(path_of(data["id"], review=True), to_markdown(review(data["id"])))
    repo.save(path_of(data["id"]), text, who=who, at=at)
    return text


def test_a_record_first_committed_three_days_after_discovery_is_a_warning(git_repo):
    git_repo.commit("初始化", who=WANGFANG, at="2024-08-01 09:00")
    git_repo.branch("mr")
    text = _register(git_repo, grave(), at="2024-08-29 10:00")
    runs = {"base": check(git_repo.root, base="main"), "full": check(git_repo.root),
            "path": check(git_repo.root, str(git_repo.path(GP)))}
    for kind, run in runs.items():
        assert run.code == (1 if kind == "full" else 0), run.explain()  # the full check's alarm: unexplained
        finding = _only(run, "YQ404")
        assert (finding["level"], finding["path"], finding["line"]) == ("warning", GP, line_of(text, "discovered_at:"))
        assert finding["name"] == "late-registration"
        for words in ("登记入台账", "2024-08-27 09:20", "2024-08-29 10:00"):
            assert words in finding["message"], finding["message"]
    [verdict] = [v for v in run_engine(git_repo.root).verdicts[GP] if v.rule == "YQ404"]
    assert verdict.outcome is Outcome.LATE


def test_the_first_commit_time_is_the_committers_time(git_repo):
    # Written on the day (author date) but committed to the ledger three days later.
    git_repo.write(path_of(GRAVE_ID, review=True), to_markdown(review()))
    git_repo.save(GP, to_markdown(grave()), who=LIUYANG, at="2024-08-26 09:50", committed_at="2024-08-29 10:00")
    assert len(check(git_repo.root).of("YQ404")) == 1


def test_a_record_committed_within_24_hours_has_no_warning(git_repo):
    _register(git_repo, grave(), at="2024-08-27 09:20")  # the boundary is inclusive
    run = check(git_repo.root)
    assert run.code == 0 and run.findings == [], run.explain()
    [verdict] = [v for v in run_engine(git_repo.root).verdicts[GP] if v.rule == "YQ404"]
    assert verdict.outcome is Outcome.MET


def test_a_general_incident_is_not_subject_to_late_registration(git_repo):
    git_repo.save(path_of(GENERAL_ID), to_markdown(general()), who=ZHANGWEI, at="2024-09-20 10:00")
    git_repo.write(path_of(GENERAL_ID, review=True), to_markdown(review(GENERAL_ID, participants=["社会事务科"])))
    assert check(git_repo.root).of("YQ404") == []


def test_a_major_incident_late_registration_with_an_exception_is_excused(git_repo):
    data = major(exceptions=[{"rule": "YQ404", "reason": "系统故障，当日无法提交，次日补录。"}])
    git_repo.write(path_of(data["id"], review=True), to_markdown(review(data["id"])))
    git_repo.save(path_of(data["id"]), to_markdown(data), who=LIUYANG, at="2024-08-29 10:00")
    finding = _only(check(git_repo.root), "YQ404")
    assert finding["level"] == "warning" and "系统故障" in finding["message"]


def test_an_uncommitted_record_is_not_judged(git_repo):
    git_repo.commit("初始化", who=WANGFANG, at="2024-08-01 09:00")
    git_repo.write(GP, to_markdown(grave()))
    git_repo.write(GR, to_markdown(review()))
    assert check(git_repo.root).of("YQ404") == []


def test_late_registration_follows_a_move(git_repo):
    wrong = "incidents/2025/YZMZ-2024-0001.md"
    git_repo.write(GR, to_markdown(review()))
    git_repo.save(wrong, to_markdown(grave()), who=LIUYANG, at="2024-08-26 09:50")
    git_repo.move(wrong, GP)
    git_repo.commit("移到正确的年份目录", who=LIUYANG, at="2024-09-05 10:00")
    run = check(git_repo.root)
    assert run.of("YQ404") == [], run.explain()


def test_no_late_registration_without_a_repository(repo):
    repo.write(GP, to_markdown(grave()))
    repo.write(GR, to_markdown(review()))
    run = check(repo.root)
    assert run.code == 0 and run.findings == [], run.explain()


def _rewritten_everywhere() -> dict:
    """The 重大 incident with its first report's time moved and most of its text rewritten."""
    data = changed(grave(), "reports.0.at", "2024-08-26 09:25")
    data["title"] = "另一个标题：完全改写之后的事件名称，与原来毫无相似之处" * 3
    data["summary"] = "全部改写的摘要。" * 40
    for report in data["reports"]:
        report["content"] = "全部改写的报告内容。" * 30
    return data


def test_a_move_with_a_heavy_rewrite_is_still_compared(git_repo):
    wrong = "incidents/2025/YZMZ-2024-0001.md"
    git_repo.save(wrong, to_markdown(grave()), who=LIUYANG, at="2024-08-26 09:50")
    git_repo.save(GR, to_markdown(review()), who=LIUYANG, at="2024-09-02 16:00")
    git_repo.branch("mr")
    git_repo.move(wrong, GP)
    text = to_markdown(_rewritten_everywhere(), body="## 经过\n\n" + "全部改写。\n" * 200)
    git_repo.write(GP, text)
    git_repo.commit("移动并改写", who=LIUYANG, at="2024-09-05 10:00")
    run = check(git_repo.root, base="main")
    assert run.of("YQ402") == [], run.explain()
    assert run.of("YQ404") == []  # the history is followed too: first committed on 08-26
    assert any(f["line"] == line_of(text, "2024-08-26 09:25") for f in run.of("YQ401")), run.explain()


def test_converting_a_record_to_yaml_is_followed(merged):
    from recordkit import to_yaml

    yml = GP.replace(".md", ".yml")
    merged.delete(GP)
    merged.write(yml, to_yaml(grave(body="## 事件经过\n\n正文。\n")))
    merged.commit("改为 yml", who=LIUYANG, at="2024-09-05 10:00")
    run = check(merged.root, base="main")
    assert run.code == 0, run.explain()
    assert run.findings == []
    text = to_yaml(_rewritten_everywhere())
    merged.save(yml, text, who=LIUYANG, at="2024-09-05 10:10")
    run = check(merged.root, base="main")
    assert run.of("YQ402") == []
    assert any(f["path"] == yml and f["line"] == line_of(text, "2024-08-26 09:25") for f in run.of("YQ401")), \
        run.explain()


# -- the case table (gitkit.git_rule_table_tests): a history, the expected findings ---------------

ESCALATION = {"to": "区委办", "at": "2024-08-26 11:00", "by": "王芳"}


def _merge_request(text: str, who=LIUYANG, path: str = GP):
    """The history: the closed 重大 incident and its review merged on main by 刘洋, then one commit
    on the merge request's branch saving ``text`` at ``path`` as ``who``; checked with ``--base main``."""
    def history(repo):
        repo.write(GP, to_markdown(grave()))
        repo.write(GR, to_markdown(review()))
        repo.commit("登记 YZMZ-2024-0001", who=LIUYANG, at="2024-08-26 09:50")
        repo.branch("mr")
        repo.save(path, text, who=who, at="2024-09-05 10:00")
        return "main"
    return history


def _with_escalation() -> str:
    data = grave()
    data["escalations"].append(dict(ESCALATION))
    return to_markdown(data)


def yq401_report_time_rewritten():
    text = to_markdown(changed(grave(), "reports.0.at", "2024-08-26 09:25"))
    return _merge_request(text), [Hit("error", GP, line_of(text, "2024-08-26 09:25"),
                                      ("第 1 条报告", "2024-08-26 09:30", "corrects: 1"))]


def yq401_merged_entry_deleted():
    text = to_markdown(grave(escalations=[]))
    return _merge_request(text), [Hit("error", GP, line_of(text, "escalations:"), ("第 1 条上报被删除",))]


def yq401_correction_without_reason():
    data = grave()
    data["reports"].append(_correction(1, reason=None))
    text = to_markdown(data)
    return _merge_request(text), [Hit("error", GP, line_of(text, "corrects:"), ("reason",))]


def yq401_ok_entry_appended():
    return _merge_request(_with_escalation()), []


def yq401_ok_correction_appended():
    data = grave()
    data["reports"].append(_correction(1))
    return _merge_request(to_markdown(data)), []


def yq402_merged_review_deleted():
    def history(repo):
        _merge_request(to_markdown(grave()))(repo)
        repo.delete(GR)
        repo.commit("删除记录", who=WANGFANG, at="2024-09-05 10:10")
        return "main"
    return history, [Hit("error", GR, 1, ("被删除", "git checkout main -- "))]


def yq402_ok_moved_to_another_directory_under_its_id():
    wrong = "incidents/2025/YZMZ-2024-0001.md"

    def history(repo):
        repo.save(wrong, to_markdown(grave()), who=LIUYANG, at="2024-08-26 09:50")
        repo.save(GR, to_markdown(review()), who=LIUYANG, at="2024-09-02 16:00")
        repo.branch("mr")
        repo.move(wrong, GP)
        repo.commit("移到正确的年份目录", who=LIUYANG, at="2024-09-05 10:00")
        return "main"
    return history, []


def yq403_another_sections_identity():
    text = _with_escalation()
    return _merge_request(text, who=ZHANGWEI), [Hit("error", GP, line_of(text, "section:"),
                                                    ("张伟", "社会事务科", "养老服务科"))]


def yq403_unknown_identity_is_a_warning():
    text = _with_escalation()
    return _merge_request(text, who=STRANGER), [Hit("warning", GP, line_of(text, "section:"),
                                                    ("someone@mail.example.com", "org.yml"))]


def yq403_ok_the_office():
    return _merge_request(_with_escalation(), who=WANGFANG), []


def yq403_ok_the_section():
    return _merge_request(_with_escalation(), who=HUANGXIAOYAN), []


def _registered(data: dict, at: str):
    """The history: ``data``'s review written, ``data`` first committed at ``at``; a full check."""
    def history(repo):
        repo.write(path_of(data["id"], review=True), to_markdown(review(data["id"])))
        repo.save(path_of(data["id"]), to_markdown(data), who=LIUYANG, at=at)
        return None
    return history


def yq404_first_committed_three_days_after_discovery():
    text = to_markdown(grave())
    return _registered(grave(), "2024-08-29 10:00"), [Hit("warning", GP, line_of(text, "discovered_at:"),
                                                          ("登记入台账", "2024-08-27 09:20", "2024-08-29 10:00"))]


def yq404_excused():
    data = grave(exceptions=[{"rule": "YQ404", "reason": "系统故障，当日无法提交，次日补录。"}])
    text = to_markdown(data)
    return _registered(data, "2024-08-29 10:00"), [Hit("warning", GP, line_of(text, "discovered_at:"), ("系统故障",))]


def yq404_ok_committed_on_the_last_minute():
    return _registered(grave(), "2024-08-27 09:20"), []


def yq404_ok_not_for_general():
    return _registered(general(), "2024-09-20 10:00"), []


def _relaxed_policy_line() -> int:
    text = (SCHEMA_DIR / "policy.yml").read_text(encoding="utf-8").replace("    within: 15min\n", "    within: 60min\n", 1)
    return line_of(text, "within: 60min")


def yq405_section_relaxes_a_time_limit():
    return _relaxing_merge_request(), [Hit("error", "schema/policy.yml", _relaxed_policy_line(),
                                           ("YQ301 时限 15 分钟 → 60 分钟", "刘洋", "只有局办公室"))]


def yq405_office_relaxes_a_time_limit_is_a_notice():
    return _relaxing_merge_request(who=WANGFANG), [Hit("warning", "schema/policy.yml", _relaxed_policy_line(),
                                                       ("YQ301 时限 15 分钟 → 60 分钟", "逐项审核"))]


def yq405_ok_records_only():
    return _merge_request(_with_escalation()), []


def _backdated_history(oral_at: str = "2024-08-26 09:08"):
    """The 重大 incident merged at 2024-08-26 10:00 with its oral report missing (excused), then the
    oral report appended nine days later, claiming ``oral_at``."""
    excused = grave(exceptions=[{"rule": "YQ301", "reason": "值班人员当时未记录口头报告。"}])
    oral = excused["reports"].pop(0)
    appended = copy.deepcopy(excused)
    appended["reports"].append(dict(oral, at=oral_at))
    text = to_markdown(appended)

    def history(repo):
        repo.write(GR, to_markdown(review()))
        repo.save(GP, to_markdown(excused), who=LIUYANG, at="2024-08-26 10:00")
        repo.branch("mr")
        repo.save(GP, text, who=LIUYANG, at="2024-09-04 10:00")
        return "main"
    return history, text


def yq406_oral_report_backdated():
    history, text = _backdated_history()
    return history, [Hit("warning", GP, line_of(text, "2024-08-26 09:08"),
                         ("第 4 条报告", "声称 2024-08-26 09:08", "2024-08-26 10:00 已合并", "补记"))]


def yq406_ok_entry_after_the_merge():
    history, _ = _backdated_history("2024-08-26 10:30")
    return history, []


# -- YQ407 verdict-changed: a merged lapse turned into met ------------------------------------------


def _corrected_history(who, approved_by=None):
    """The 重大 incident merged with its oral report 20 minutes late, then a correction entry to 09:30
    committed by ``who`` (with ``approved_by``, if given)."""
    correction = _correction(1) if approved_by is None else {**_correction(1), "approved_by": approved_by}
    text = to_markdown({**_late_oral(), "reports": _late_oral()["reports"] + [correction]})

    def history(repo):
        repo.write(GR, to_markdown(review()))
        repo.save(GP, to_markdown(_late_oral()), who=LIUYANG, at="2024-08-26 09:50")
        repo.branch("mr")
        repo.save(GP, text, who=who, at="2024-09-04 10:00")
        return "main"
    return history, text


def _correction_at_line(text: str) -> int:
    lines = text.splitlines()
    return max(n for n, line in enumerate(lines, 1) if line.strip().endswith("at: 2024-08-26 09:30"))


def yq407_oral_report_appended_nine_days_later():
    history, text = _backdated_history()
    return history, [Hit("error", GP, line_of(text, "2024-08-26 09:08"),
                         ("重大舆情口头报告", "已说明（缺失）", "按时", "approved_by"))]


def yq407_the_section_corrects_its_late_report():
    history, text = _corrected_history(LIUYANG)
    return history, [Hit("error", GP, _correction_at_line(text), ("超时5分钟", "按时 用时10分钟", "不全是局办公室人员提交的"))]


def yq407_ok_the_office_approves_the_correction():
    history, _ = _corrected_history(WANGFANG, approved_by="王芳")
    return history, []


def yq407_ok_report_added_before_it_fell_due():
    """Merged at 09:30 with no oral report yet (due 09:35); the 09:31 report added at 10:00: never a lapse."""
    registered = grave()
    oral = registered["reports"].pop(0)
    text = to_markdown({**registered, "reports": registered["reports"] + [dict(oral, at="2024-08-26 09:31")]})

    def history(repo):
        repo.write(GR, to_markdown(review()))
        repo.save(GP, to_markdown(registered), who=LIUYANG, at="2024-08-26 09:30")
        repo.branch("mr")
        repo.save(GP, text, who=LIUYANG, at="2024-08-26 10:00")
        return "main"
    return history, []


# -- fact corrections (YQ401): only the office corrects a top-level fact --------------------------------


def _closed_later(who, corrections=None):
    """The closed 重大 incident merged, then its closed_at moved five days later by ``who``."""
    data = changed(grave(), "closed_at", "2024-09-02 16:00")
    if corrections is not None:
        data["corrections"] = corrections
    return _merge_request(to_markdown(data), who=who), to_markdown(data)


CLOSED_LATER = {"field": "closed_at", "from": "2024-08-28 16:00", "to": "2024-09-02 16:00",
                "reason": "原记录误将办结审批时间填为办结时间，以OA办结单为准。", "approved_by": "王芳"}


def yq401_closed_at_moved_later():
    history, text = _closed_later(LIUYANG)
    return history, [Hit("error", GP, line_of(text, "closed_at: 2024-09-02 16:00"),
                         ("办结时间（closed_at）", "2024-08-28 16:00", "2024-09-02 16:00", "corrections"))]


def yq401_the_section_writes_a_fact_correction():
    history, text = _closed_later(LIUYANG, [CLOSED_LATER])
    return history, [Hit("error", GP, line_of(text, "field: closed_at"), ("事实更正只能由局办公室提交",))]


def yq401_ok_the_office_corrects_a_fact():
    history, _ = _closed_later(WANGFANG, [CLOSED_LATER])
    return history, []


# -- YQ408 unsigned-commit: real SSH signatures made with ssh-keygen keys -------------------------


def _ssh_key(name: str) -> tuple[str, str]:
    """A new ed25519 key pair in a temp dir outside the repository: (private key file, public key text)."""
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen is not installed: SSH-signed commits cannot be made")
    directory = Path(tempfile.mkdtemp(prefix="yuqing-keys-"))
    key = directory / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return str(key), (directory / f"{name}.pub").read_text(encoding="utf-8").strip()


def _signed_commit(repo, message: str, who, at: str, key: str | None) -> str:
    """Stage everything and commit as ``who``, SSH-signed with ``key`` (unsigned when None)."""
    repo.repo.git.add("-A", str(repo.top))
    signing = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}"] if key else []
    repo.repo.git.execute(["git", *signing, "commit", "-q", "-m", message, *(["-S"] if key else [])],
                          env=identity_env(who, at))
    return repo.repo.head.commit.hexsha


def _signing_required(listed_key: str):
    """The history: policy.yml requires signatures, org.yml lists ``listed_key`` for 刘洋; the incident on main."""
    def prepare(repo):
        repo.write("schema/policy.yml", repo.read("schema/policy.yml") + "\nrequire_signed_commits: true\n")
        org = repo.read("schema/org.yml").replace(
            "git: [liuyang@yzmz.example.cn]", f'git: [liuyang@yzmz.example.cn], signing_keys: ["{listed_key}"]')
        repo.write("schema/org.yml", org)
        repo.write(GP, to_markdown(grave()))
        repo.write(GR, to_markdown(review()))
        repo.commit("登记 YZMZ-2024-0001", who=LIUYANG, at="2024-08-26 09:50")
        repo.branch("mr")
        repo.write(GP, _with_escalation())
    return prepare


def _signed_by(which: str):
    def history(repo):
        own, own_public = _ssh_key("liuyang")
        other, _ = _ssh_key("someone")
        _signing_required(own_public)(repo)
        key = {"own": own, "other": other, "none": None}[which]
        _signed_commit(repo, "补记上报", LIUYANG, "2024-09-05 10:00", key)
        return "main"
    return history


def yq408_unsigned():
    return _signed_by("none"), [Hit("error", GP, 1, ("没有签名", "signing_keys", "刘洋"))]


def yq408_signed_by_an_unlisted_key():
    return _signed_by("other"), [Hit("error", GP, 1, ("未在 org.yml 登记", "刘洋"))]


def yq408_ok_signed_by_the_listed_key():
    return _signed_by("own"), []


def test_unsigned_commits_pass_when_signatures_are_not_required(merged):
    _edit(merged, grave(escalations=[dict(ESCALATION)]))
    assert check(merged.root, base="main").of("YQ408") == []


def test_a_commit_signed_with_another_persons_listed_key_is_an_error(git_repo):
    own, own_public = _ssh_key("liuyang")
    zhang, zhang_public = _ssh_key("zhangwei")
    _signing_required(own_public)(git_repo)
    org = git_repo.read("schema/org.yml").replace(
        "git: [zhangwei@yzmz.example.cn]", f'git: [zhangwei@yzmz.example.cn], signing_keys: ["{zhang_public}"]')
    git_repo.write("schema/org.yml", org)
    git_repo.commit("org", who=LIUYANG, at="2024-09-05 09:00")
    git_repo.switch("main")
    git_repo.repo.git.merge("-q", "mr")  # the org.yml change lands on main: the base
    git_repo.switch("mr")
    git_repo.write(GP, _with_escalation().replace("区委办", "区政府办"))
    sha = _signed_commit(git_repo, "补记上报", LIUYANG, "2024-09-05 10:00", zhang)
    finding = _only(check(git_repo.root, base="main"), "YQ408")
    assert sha[:8] in finding["message"] and "zhangwei@yzmz.example.cn" in finding["message"], finding["message"]


CASES = {
    "YQ401": [yq401_report_time_rewritten, yq401_merged_entry_deleted, yq401_correction_without_reason,
              yq401_closed_at_moved_later, yq401_the_section_writes_a_fact_correction,
              yq401_ok_entry_appended, yq401_ok_correction_appended, yq401_ok_the_office_corrects_a_fact],
    "YQ402": [yq402_merged_review_deleted, yq402_ok_moved_to_another_directory_under_its_id],
    "YQ403": [yq403_another_sections_identity, yq403_unknown_identity_is_a_warning, yq403_ok_the_office,
              yq403_ok_the_section],
    "YQ408": [yq408_unsigned, yq408_signed_by_an_unlisted_key, yq408_ok_signed_by_the_listed_key],
    "YQ404": [yq404_first_committed_three_days_after_discovery, yq404_excused, yq404_ok_committed_on_the_last_minute,
              yq404_ok_not_for_general],
    "YQ405": [yq405_section_relaxes_a_time_limit, yq405_office_relaxes_a_time_limit_is_a_notice,
              yq405_ok_records_only],
    "YQ406": [yq406_oral_report_backdated, yq406_ok_entry_after_the_merge],
    "YQ407": [yq407_oral_report_appended_nine_days_later, yq407_the_section_corrects_its_late_report,
              yq407_ok_the_office_approves_the_correction, yq407_ok_report_added_before_it_fell_due],
}
test_rule, test_every_rule_has_a_positive_and_a_negative_case = git_rule_table_tests(CASES)


def _ledger_since(repo, day: str) -> None:
    path = repo.path("schema/org.yml")
    path.write_text(path.read_text(encoding="utf-8") + f"ledger_since: {day}\n", encoding="utf-8")


def test_a_record_discovered_before_the_ledger_started_is_back_filled_not_late(git_repo):
    _ledger_since(git_repo, "2024-09-01")
    git_repo.commit("初始化", who=WANGFANG, at="2024-08-01 09:00")
    _register(git_repo, grave(), at="2024-10-29 10:00")  # entered from the paper ledger two months later
    run = check(git_repo.root)
    assert run.code == 0 and run.of("YQ404") == [], run.explain()
    assert [v for v in run_engine(git_repo.root).verdicts[GP] if v.rule == "YQ404"] == []  # no verdict at all


def test_a_record_discovered_on_the_day_the_ledger_started_is_judged(git_repo):
    _ledger_since(git_repo, "2024-08-26")  # grave() is discovered 2024-08-26 09:20
    git_repo.commit("初始化", who=WANGFANG, at="2024-08-01 09:00")
    _register(git_repo, grave(), at="2024-08-29 10:00")
    assert len(check(git_repo.root).of("YQ404")) == 1


# -- Explanations cover the past (YQ306, YQ312) -----------------------------------------------

WEEKEND = "周末值班人员未及时续报，周一已补报并批评教育。"


def _open_major(follow_ups=(), exceptions=()):
    data = major(status="处置中", closed_at=None)
    del data["closed_at"]
    data["reports"] = data["reports"][:2] + [
        {"kind": "续报", "at": at, "by": "李明", "to": ["分管领导", "主要领导"], "cc": ["局办公室"], "content": "事态平稳"}
        for at in follow_ups]
    if exceptions:
        data["exceptions"] = list(exceptions)
    return data


def _follow_up_verdicts(root, now):
    path = path_of(major()["id"])
    return [(v.occurrence, v.outcome, v.was) for v in run_engine(root, now=now).verdicts[path] if v.rule == "YQ306"]


def test_an_exception_covers_the_lapses_due_before_it_was_recorded_not_the_later_ones(git_repo):
    path = path_of(major()["id"])
    git_repo.save(path, to_markdown(_open_major()), who=LIMING, at="2024-08-26 10:00")
    # follow-up 1 (due 08-27 09:20) came late; the explanation is written with it
    text = to_markdown(_open_major(["2024-08-27 16:00"], [{"rule": "YQ306", "reason": WEEKEND}]))
    git_repo.save(path, text, who=LIMING, at="2024-08-27 16:30")
    now = "2024-08-29 12:00"  # follow-up 2 was due 08-28 16:00: after the explanation
    assert _follow_up_verdicts(git_repo.root, now) == [(1, Outcome.EXCUSED, Outcome.LATE), (2, Outcome.MISSING, None)]
    run = check(git_repo.root, now=now)
    [late, missing] = sorted(run.of("YQ306"), key=lambda f: "第 2 次" in f["message"])
    assert "已有情况说明" in late["message"] and "已有情况说明" not in missing["message"]
    for words in ("第 2 次续报", "另写一条情况说明", "occurrence: [2]"):
        assert words in missing["message"], missing["message"]
    assert run.of("YQ312") == []  # it explains follow-up 1


def test_an_exception_naming_an_occurrence_covers_it_even_if_it_falls_due_later(git_repo):
    path = path_of(major()["id"])
    git_repo.save(path, to_markdown(_open_major()), who=LIMING, at="2024-08-26 10:00")
    text = to_markdown(_open_major(["2024-08-27 16:00"], [{"rule": "YQ306", "reason": WEEKEND, "occurrence": [1, 2]}]))
    git_repo.save(path, text, who=LIMING, at="2024-08-27 16:30")
    now = "2024-08-29 12:00"
    assert _follow_up_verdicts(git_repo.root, now) == [(1, Outcome.EXCUSED, Outcome.LATE),
                                                       (2, Outcome.EXCUSED, Outcome.MISSING)]


def test_an_exception_written_before_every_lapse_covers_none_and_is_yq312(git_repo):
    path = path_of(major()["id"])
    text = to_markdown(_open_major(["2024-08-27 09:00"], [{"rule": "YQ306", "reason": WEEKEND}]))
    git_repo.save(path, text, who=LIMING, at="2024-08-27 09:10")
    now = "2024-08-29 12:00"  # follow-up 2 was due 08-28 09:00, after the explanation
    assert _follow_up_verdicts(git_repo.root, now) == [(1, Outcome.MET, None), (2, Outcome.MISSING, None)]
    run = check(git_repo.root, now=now)
    finding = _only(run, "YQ312")
    assert (finding["level"], finding["line"]) == ("warning", line_of(text, "rule: YQ306"))
    for words in ("2024-08-27 09:10", "首次记入台账", "occurrence"):
        assert words in finding["message"], finding["message"]


def test_an_uncommitted_exception_covers_every_lapse_of_its_rule(git_repo):
    path = path_of(major()["id"])
    git_repo.save(path, to_markdown(_open_major(["2024-08-27 09:00"])), who=LIMING, at="2024-08-27 09:10")
    git_repo.write(path, to_markdown(_open_major(["2024-08-27 09:00"], [{"rule": "YQ306", "reason": WEEKEND}])))
    assert _follow_up_verdicts(git_repo.root, "2024-08-29 12:00") == [(1, Outcome.MET, None),
                                                                      (2, Outcome.EXCUSED, Outcome.MISSING)]


def test_a_back_fill_exception_of_a_back_filled_record_is_yq312(git_repo):
    _ledger_since(git_repo, "2024-09-01")
    data = grave(exceptions=[{"rule": "YQ404", "reason": "本台账于2024年9月启用，此前的事件统一补录。"}])
    text = _register(git_repo, data, at="2024-10-29 10:00")
    finding = _only(check(git_repo.root), "YQ312")
    assert finding["line"] == line_of(text, "rule: YQ404") and "没有说明任何事项" in finding["message"]


def test_a_yq404_exception_outside_git_or_before_the_first_commit_is_not_judged(git_repo):
    git_repo.write(GP, to_markdown(grave(exceptions=[{"rule": "YQ404", "reason": "系统故障，次日补录。"}])))
    git_repo.write(GR, to_markdown(review()))
    assert check(git_repo.root).of("YQ312") == []


# -- The alarm: a full check fails on a lapse, the merge request's check follows the levels ------


def test_the_alarm_fails_the_full_check_but_not_the_merge_requests_check(git_repo):
    path = path_of(major()["id"])
    git_repo.save(path, to_markdown(_open_major()), who=LIMING, at="2024-08-26 10:00")
    git_repo.branch("mr")
    text = to_markdown(_open_major(["2024-08-28 09:00"]))  # follow-up 1 a day late, no exception
    git_repo.save(path, text, who=LIMING, at="2024-08-28 09:10")
    now = "2024-08-28 12:00"
    full, request = check(git_repo.root, now=now, fmt="text"), check(git_repo.root, now=now, base="main", fmt="text")
    assert full.code == 1 and "定时检查不通过" in full.stdout, full.stdout
    assert request.code == 0 and "定时检查不通过" not in request.stdout and "YQ306" in request.stdout, request.stdout


# -- the rules from the base: a merge request is judged by the base's policy.yml and org.yml ----------

POLICY = "schema/policy.yml"
ORG = "schema/org.yml"


def _late_oral_grave() -> dict:
    """The 重大 incident with its oral report 40 minutes after discovery (09:20 → 10:00)."""
    data = grave()
    data["reports"][0]["at"] = "2024-08-26 10:00"
    data["reports"][1]["at"] = "2024-08-26 10:10"
    return data


def _relaxed(repo, within: str = "60min") -> None:
    """policy.yml with YQ301's time limit ``within: 15min`` changed to ``within``."""
    text = repo.read(POLICY)
    assert "    within: 15min\n" in text
    repo.write(POLICY, text.replace("    within: 15min\n", f"    within: {within}\n", 1))


def _relaxed_from_shipped(repo, within: str = "60min") -> None:
    text = (SCHEMA_DIR / "policy.yml").read_text(encoding="utf-8")
    repo.write(POLICY, text.replace("    within: 15min\n", f"    within: {within}\n", 1))


def _relaxing_merge_request(who=LIUYANG):
    """main holds the shipped schema; the merge request registers the late oral report and relaxes YQ301."""
    def history(repo):
        repo.commit("台账", who=WANGFANG, at="2024-08-20 10:00")
        repo.branch("mr")
        repo.write(GP, to_markdown(_late_oral_grave()))
        _relaxed(repo)
        repo.commit("登记并放宽时限", who=who, at="2024-08-26 11:00")
        return "main"
    return history


def test_a_merge_request_is_judged_by_the_base_policy(git_repo):
    _relaxing_merge_request()(git_repo)
    run = check(git_repo.root, base="main")
    late = _only(run, "YQ301")
    assert "09:35" in late["message"] and "超时 25分钟" in late["message"], run.explain()
    governance = _only(run, "YQ405")
    assert governance["level"] == "error" and governance["path"] == POLICY, run.explain()
    assert "YQ301 时限 15 分钟 → 60 分钟" in governance["message"] and "刘洋" in governance["message"]
    assert governance["line"] == line_of(git_repo.read(POLICY), "within: 60min")


def test_the_office_changing_the_policy_is_a_notice_listing_each_change(git_repo):
    _relaxing_merge_request(who=WANGFANG)(git_repo)
    run = check(git_repo.root, base="main")
    assert len(run.of("YQ301")) == 1, run.explain()  # the records are still judged by the base's 15 minutes
    notice = _only(run, "YQ405")
    assert notice["level"] == "warning" and "YQ301 时限 15 分钟 → 60 分钟" in notice["message"], run.explain()
    english = _only(check(git_repo.root, "--lang", "en", base="main"), "YQ405")
    assert "YQ301 within 15 min → 60 min" in english["message"]


def test_the_office_is_identified_by_the_base_org(git_repo):
    """Adding oneself to 局办公室 in the same merge request does not make one the office."""
    git_repo.commit("台账", who=WANGFANG, at="2024-08-20 10:00")
    git_repo.branch("mr")
    org = git_repo.read(ORG)
    git_repo.write(ORG, org.replace("wangfang@yzmz.example.cn", "wangfang@yzmz.example.cn, zhangwei@yzmz.example.cn", 1))
    git_repo.commit("加入办公室", who=ZHANGWEI, at="2024-08-26 11:00")
    run = check(git_repo.root, base="main")
    assert _only(run, "YQ405")["level"] == "error", run.explain()


def test_an_org_change_by_the_office_lists_the_members_moved(git_repo):
    git_repo.commit("台账", who=WANGFANG, at="2024-08-20 10:00")
    git_repo.branch("mr")
    import yaml

    data = yaml.safe_load(git_repo.read(ORG))
    moved = data["sections"][1]["members"].pop(0)
    data["sections"][2]["members"].append(moved)
    git_repo.write(ORG, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    git_repo.commit("人员调动", who=WANGFANG, at="2024-08-26 11:00")
    notice = _only(check(git_repo.root, base="main"), "YQ405")
    assert notice["level"] == "warning"
    assert f"{moved['name']} 由{data['sections'][1]['name']}调到{data['sections'][2]['name']}" in notice["message"]


def test_without_a_base_policy_the_heads_is_used(git_repo):
    readme = git_repo.write("README.md", "台账")
    git_repo.repo.git.add(str(readme))
    git_repo.repo.git.commit("-q", "-m", "开始", env=identity_env(WANGFANG, "2024-08-20 10:00"))
    git_repo.branch("mr")
    git_repo.write(GP, to_markdown(_late_oral_grave()))
    git_repo.commit("配置并登记", who=WANGFANG, at="2024-08-26 11:00")  # the base had no schema/ at all
    run = check(git_repo.root, base="main")
    assert "09:35" in _only(run, "YQ301")["message"], run.explain()


def test_an_invalid_base_policy_falls_back_to_the_heads(git_repo):
    git_repo.write(POLICY, "obligations: [")
    git_repo.commit("坏的配置", who=WANGFANG, at="2024-08-20 10:00")
    git_repo.branch("mr")
    _relaxed_from_shipped(git_repo)
    git_repo.write(GP, to_markdown(_late_oral_grave()))
    git_repo.commit("修复配置并登记", who=WANGFANG, at="2024-08-26 11:00")
    run = check(git_repo.root, base="main")
    assert run.of("YQ301") == [], run.explain()  # judged by the head's 60 minutes


# -- YQ406: an entry added to a merged record with a time before that version was merged ----------


def test_an_oral_report_appended_nine_days_later_is_backdated(git_repo):
    history, text = _backdated_history()
    history(git_repo)
    run = check(git_repo.root, base="main")
    found = _only(run, "YQ406")
    assert found["level"] == "warning" and found["line"] == line_of(text, "2024-08-26 09:08"), run.explain()
    assert "声称 2024-08-26 09:08，但 2024-08-26 10:00 已合并的版本中没有它：这是补记" in found["message"]
    english = check(git_repo.root, "--lang", "en", base="main")
    assert "backdated" in _only(english, "YQ406")["message"]


def test_an_entry_of_a_new_record_is_not_backdated(git_repo):
    history, text = _backdated_history()
    git_repo.commit("台账", who=WANGFANG, at="2024-08-20 10:00")
    git_repo.branch("mr")
    git_repo.save(GP, text, who=LIUYANG, at="2024-09-04 10:00")
    assert check(git_repo.root, base="main").of("YQ406") == []


def test_outside_git_an_exceptions_at_says_when_it_was_recorded(repo):
    """Without Git history, the exception's own ``at`` takes the place of its first commit."""
    path = path_of(major()["id"])
    exception = {"rule": "YQ306", "reason": WEEKEND, "at": "2024-08-27 16:30"}
    repo.write(path, to_markdown(_open_major(["2024-08-27 16:00"], [exception])))
    result = recordkit_run(repo, now="2024-08-29 12:00")
    assert [(v.occurrence, v.outcome, v.was) for v in result.verdicts[path] if v.rule == "YQ306"] == [
        (1, Outcome.EXCUSED, Outcome.LATE), (2, Outcome.MISSING, None)]



# -- YQ408 with GPG signatures: keys made by gpg in a temp GNUPGHOME ------------------------------


def _gpg_key(uid: str) -> tuple[str, str, str]:
    """A new ed25519 GPG key in its own temp GNUPGHOME: (home, fingerprint, armored public key)."""
    if shutil.which("gpg") is None:
        pytest.skip("gpg is not installed: GPG-signed commits cannot be made")
    home = tempfile.mkdtemp(prefix="yuqing-gpg-")
    Path(home).chmod(0o700)
    env = {"GNUPGHOME": home, "PATH": "/usr/bin:/bin"}
    subprocess.run(["gpg", "--batch", "--quiet", "--passphrase", "", "--quick-gen-key", uid, "ed25519", "sign", "never"],
                   check=True, env=env, capture_output=True)
    listing = subprocess.run(["gpg", "--batch", "--with-colons", "--list-secret-keys"], check=True, env=env,
                             capture_output=True, text=True).stdout
    fingerprint = next(line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:"))
    armored = subprocess.run(["gpg", "--batch", "--armor", "--export", fingerprint], check=True, env=env,
                             capture_output=True, text=True).stdout
    GPG_HOMES.append(home)
    return home, fingerprint, armored


GPG_HOMES: list[str] = []


@pytest.fixture(autouse=True)
def _stop_gpg_agents():
    """Each test keyring's gpg-agent is stopped after the test: left running, they use up the
    system's inotify instances (and Zensical's file watcher then fails)."""
    yield
    while GPG_HOMES:
        subprocess.run(["gpgconf", "--homedir", GPG_HOMES.pop(), "--kill", "all"], capture_output=True, check=False)


def _gpg_signed_history(signer: str):
    """Signatures required, 刘洋's GPG key listed in org.yml; the merge request's commit signed by ``signer``
    (``own``: 刘洋's listed key, ``other``: a key nobody listed)."""
    def history(repo):
        home, own, armored = _gpg_key("刘洋 <liuyang@yzmz.example.cn>")
        other_home, other, _ = _gpg_key("某某 <liuyang@yzmz.example.cn>")
        block = "\n".join("            " + line for line in armored.strip().splitlines())
        repo.write("schema/policy.yml", repo.read("schema/policy.yml") + "\nrequire_signed_commits: true\n")
        org = re.sub(r"(?m)^      - \{name: 刘洋, (.*)git: \[liuyang@yzmz\.example\.cn\](.*)\}$",
                     "      - name: 刘洋\n        git: [liuyang@yzmz.example.cn]\n        signing_keys:\n          - |\n"
                     + block.replace("\\", "\\\\"), repo.read("schema/org.yml"))
        assert "signing_keys" in org, "org.yml's line of 刘洋 changed: update this test"
        repo.write("schema/org.yml", org)
        repo.write(GP, to_markdown(grave()))
        repo.write(GR, to_markdown(review()))
        repo.commit("登记 YZMZ-2024-0001", who=LIUYANG, at="2024-08-26 09:50")
        repo.branch("mr")
        repo.write(GP, _with_escalation())
        repo.repo.git.add("-A", str(repo.top))
        use_home, key = (home, own) if signer == "own" else (other_home, other)
        repo.repo.git.execute(["git", "-c", "gpg.format=openpgp", "-c", f"user.signingkey={key}", "commit", "-q",
                               "-S", "-m", "补记上报"], env={**identity_env(LIUYANG, "2024-09-05 10:00"),
                                                          "GNUPGHOME": use_home})
        return "main"
    return history


def test_a_commit_signed_with_the_authors_listed_gpg_key_passes(git_repo):
    run = check(git_repo.root, base=_gpg_signed_history("own")(git_repo))
    assert run.of("YQ408") == [], run.explain()


def test_a_commit_signed_with_an_unlisted_gpg_key_is_an_error(git_repo):
    finding = _only(check(git_repo.root, base=_gpg_signed_history("other")(git_repo)), "YQ408")
    assert finding["level"] == "error" and "刘洋" in finding["message"], finding["message"]
