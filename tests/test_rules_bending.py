"""Ten more ways a section might bend a merged record (issue 13's own attempts), each caught on the line.

Every case is a real repository: 养老服务科 merges the 重大 incident (its oral report 20 minutes late,
at 09:40) and its review on main, then a merge request changes it as a section wanting a better
record would. ``yuqing check --base main`` must give the findings listed (rule, the line of the
needle in the head file), whatever else it finds.
"""

from __future__ import annotations

import re

import pytest

from gitkit import LIUYANG, WANGFANG, check
from recordkit import GRAVE_ID, changed, grave, line_of, path_of, review, to_markdown, to_yaml

GP = path_of(GRAVE_ID)
GR = path_of(GRAVE_ID, review=True)
MERGED = "2024-08-26 09:50"
CHANGED = "2024-09-05 10:00"


def late() -> dict:
    """The 重大 incident as merged: its oral report at 09:40, 20 minutes after discovery (15 allowed)."""
    return changed(grave(), "reports.0.at", "2024-08-26 09:40")


def _merged(repo) -> None:
    repo.write(GP, to_markdown(late()))
    repo.write(GR, to_markdown(review()))
    repo.commit("登记 YZMZ-2024-0001", who=LIUYANG, at=MERGED)
    repo.branch("mr")


def recipient_dropped(repo):
    """The merged oral report's ``to`` loses 主要领导 (so nobody can say the leader was told late)."""
    head = changed(late(), "reports.0.to", ["分管领导"])
    text = to_markdown(head)
    repo.save(GP, text, who=LIUYANG, at=CHANGED)
    return GP, text, [("YQ401", "- 分管领导")]


def oral_relabelled_written(repo):
    """The late 口头报告 relabelled 书面报告, and an on-time 口头报告 at 09:30 appended."""
    head = changed(late(), "reports.0.kind", "书面报告")
    head["reports"].append(dict(late()["reports"][0], at="2024-08-26 09:30"))
    text = to_markdown(head)
    repo.save(GP, text, who=LIUYANG, at=CHANGED)
    return GP, text, [("YQ401", "kind: 书面报告"), ("YQ406", "at: 2024-08-26 09:30"),
                      ("YQ407", "at: 2024-08-26 09:30")]


def discovery_in_another_offset(repo):
    """discovered_at keeps its wall-clock digits but gains ``+07:00``: one hour later in Beijing."""
    text = to_markdown(late()).replace("discovered_at: 2024-08-26 09:20", "discovered_at: 2024-08-26 09:20+07:00")
    repo.save(GP, text, who=LIUYANG, at=CHANGED)
    return GP, text, [("YQ401", "discovered_at:"), ("YQ407", "at: 2024-08-26 09:40")]


def regrading_to_the_same_level(repo):
    """A 'regrading' to 重大 at 09:35 on a 重大 incident: it would restart the 15-minute clock."""
    head = dict(late(), regradings=[{"at": "2024-08-26 09:35", "to": "重大", "by": "刘洋", "reason": "经研判维持重大级别。"}])
    text = to_markdown(head)
    repo.save(GP, text, who=LIUYANG, at=CHANGED)
    return GP, text, [("YQ401", "to: 重大"), ("YQ407", "at: 2024-08-26 09:40")]


def downgrade_by_the_section(repo):
    """The section downgrades to 一般 'at 09:30', before the oral report fell due."""
    head = dict(late(), level="一般",
                regradings=[{"at": "2024-08-26 09:30", "to": "一般", "by": "刘洋", "reason": "经核实影响范围有限。"}])
    text = to_markdown(head)
    repo.save(GP, text, who=LIUYANG, at=CHANGED)
    return GP, text, [("YQ401", "to: 一般")]


def renamed_to_a_new_id(repo):
    """The record moved to a new id, as if it were another incident registered later."""
    new = path_of("YZMZ-2024-0099")
    repo.move(GP, new)
    repo.move(GR, path_of("YZMZ-2024-0099", review=True))
    repo.write(new, to_markdown(dict(late(), id="YZMZ-2024-0099")))
    repo.write(path_of("YZMZ-2024-0099", review=True), to_markdown(review("YZMZ-2024-0099")))
    repo.commit("重新登记", who=LIUYANG, at=CHANGED)
    return None, "", [("YQ402", None), ("YQ402", None)]


def turned_into_yml_with_a_later_occurrence(repo):
    """The .md record rewritten as .yml, its occurred_at moved later in the same commit."""
    repo.delete(GP)
    yml = path_of(GRAVE_ID, suffix=".yml")
    text = to_yaml(dict(late(), occurred_at="2024-08-26 09:10"))
    repo.save(yml, text, who=LIUYANG, at=CHANGED)
    return yml, text, [("YQ401", "occurred_at:")]


def ledger_started_later(repo):
    """The section moves org.yml's ledger_since a year later, so its old records stop being judged."""
    org = re.sub(r"(?m)^ledger_since: .*$", "", repo.read("schema/org.yml")) + "ledger_since: 2027-12-01\n"
    repo.save("schema/org.yml", org, who=LIUYANG, at=CHANGED)
    return "schema/org.yml", org, [("YQ405", "ledger_since: 2027-12-01")]


def review_held_earlier(repo):
    """The merged review's held_at moved earlier (a late review made to look on time)."""
    text = to_markdown(review(held_at="2024-08-29 15:00"))
    repo.save(GR, text, who=LIUYANG, at=CHANGED)
    return GR, text, [("YQ401", "held_at:")]


def office_correction_from_a_wrong_value(repo):
    """The office corrects discovered_at, but its ``from`` is not the merged value."""
    head = dict(late(), discovered_at="2024-08-26 09:30", corrections=[
        {"field": "discovered_at", "from": "2024-08-26 09:25", "to": "2024-08-26 09:30",
         "reason": "以平台后台记录的获知时间为准。", "approved_by": "王芳"}])
    text = to_markdown(head)
    repo.save(GP, text, who=WANGFANG, at=CHANGED)
    return GP, text, [("YQ401", "discovered_at:")]


def correction_of_a_later_entry(repo):
    """A correction entry that names an entry after it (or none): it corrects nothing."""
    head = late()
    head["reports"].append(dict(late()["reports"][1], corrects=9, reason="更正报告时间。"))
    text = to_markdown(head)
    repo.save(GP, text, who=LIUYANG, at=CHANGED)
    return GP, text, [("YQ401", "corrects: 9")]


BENDINGS = [recipient_dropped, oral_relabelled_written, discovery_in_another_offset, regrading_to_the_same_level,
         downgrade_by_the_section, renamed_to_a_new_id, turned_into_yml_with_a_later_occurrence,
         ledger_started_later, review_held_earlier, office_correction_from_a_wrong_value,
         correction_of_a_later_entry]


@pytest.mark.parametrize("case", BENDINGS, ids=[case.__name__ for case in BENDINGS])
def test_a_bent_record_is_caught_on_its_line(git_repo, case):
    _merged(git_repo)
    path, text, expected = case(git_repo)
    run = check(git_repo.root, base="main")
    assert run.code == 1, run.explain()
    for rule, needle in expected:
        found = run.of(rule)
        assert found, f"no {rule}:\n{run.explain()}"
        if needle is not None:
            line = line_of(text, needle)
            assert any(f["path"] == path and f["line"] == line for f in found), (rule, line, run.explain())
    assert len([f for f in run.findings if f["rule"] == "YQ401"]) >= sum(r == "YQ401" for r, _ in expected)
