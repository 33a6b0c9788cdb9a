"""Merged facts (YQ401, DESIGN §8): top-level facts, order ignored, visibility, regradings.

Every case builds a real Git repository: a base commit on ``main`` with one version of a record,
then one head commit on the merge request's branch changing one thing; ``check --base main``.
"""

from __future__ import annotations

from gitkit import LIMING, LIUYANG, WANGFANG, git_rule_table_tests, run_engine
from recordkit import GRAVE_ID, MAJOR_ID, Hit, grave, line_of, major, path_of, review, to_markdown
from yuqing.findings import Outcome

GP = path_of(GRAVE_ID)
MP = path_of(MAJOR_ID)
REASON = "舆情持续发酵，转发量快速上升。"


def _facts(base: dict, head: dict, who=LIUYANG, path: str = GP):
    """The history: ``base`` and its review merged on main by its section, then ``head`` committed by ``who``."""
    def history(repo):
        repo.write(path, to_markdown(base))
        repo.write(path_of(base["id"], review=True), to_markdown(review(base["id"])))
        repo.commit("登记", who=LIUYANG if path == GP else LIMING, at="2024-08-26 09:50")
        repo.branch("mr")
        repo.save(path, to_markdown(head), who=who, at="2024-09-05 10:00")
        return "main"
    return history


def _fact_changed(field: str, value, words: tuple, who=LIUYANG, base: dict | None = None):
    base = base or grave()
    head = dict(base, **{field: value})
    text = to_markdown(head)
    return _facts(base, head, who), [Hit("error", GP, line_of(text, f"{field}:"), words)]


def relabel_as_drill():
    return _fact_changed("drill", True, ("演练标记", "false", "true"))


def closed_at_moved():
    return _fact_changed("closed_at", "2024-08-28 18:00", ("办结时间", "2024-08-28 16:00", "2024-08-28 18:00"))


def closed_at_removed():
    return _fact_changed("closed_at", None, ("办结时间", "（空）"))


def occurred_at_moved():
    return _fact_changed("occurred_at", "2024-08-26 09:00", ("发生时间", "2024-08-26 08:40", "2024-08-26 09:00"))


def level_changed_without_regrading():
    return _fact_changed("level", "较大", ("级别", "重大", "较大", "regradings"), who=WANGFANG)


def section_changed():
    return _fact_changed("section", "社会事务科", ("责任科室", "养老服务科", "社会事务科"), who=WANGFANG)


def made_internal_by_the_section():
    return _fact_changed("visibility", "internal", ("公开范围", "restricted", "internal", "局办公室"),
                         base=grave(visibility="restricted"))


def exception_removed():
    base = grave(exceptions=[{"rule": "YQ306", "reason": "周末值班人员未及时续报。"}])
    head = dict(base, exceptions=[])
    text = to_markdown(head)
    return _facts(base, head), [Hit("error", GP, line_of(text, "exceptions:"), ("第 1 条情况说明被删除",))]


def ok_made_internal_by_the_office():
    return _facts(grave(visibility="restricted"), grave(), who=WANGFANG), []


def ok_made_restricted():
    return _facts(grave(), grave(visibility="restricted")), []


def ok_closed_at_set_once():
    return _facts(grave(status="处置中", closed_at=None), grave()), []


def ok_reports_reordered():
    head = grave()
    head["reports"] = list(reversed(head["reports"]))
    return _facts(grave(), head), []


def ok_to_reordered():
    head = grave()
    head["reports"][0]["to"] = ["主要领导", "分管领导"]
    head["reports"][0]["cc"] = ["局办公室"]
    return _facts(grave(), head), []


def ok_same_instant_other_offset():
    head = grave(discovered_at="2024-08-26T01:20Z", occurred_at="2024-08-26T08:40:00+08:00",
                 closed_at="2024-08-28T08:00:00Z")
    head["reports"][0]["at"] = "2024-08-26T09:30:00+08:00"
    return _facts(grave(), head), []


# -- regradings ------------------------------------------------------------------------------

def _open_major(**changes) -> dict:
    """The 较大 incident, still open: its oral and written reports made, nothing after."""
    data = major(status="处置中", closed_at=None, **changes)
    data["reports"] = data["reports"][:2]
    return data


def _upgraded(at: str = "2024-08-26 14:00", by: str = "李明") -> dict:
    """The 较大 incident upgraded to 重大 at ``at``: the 重大 oral report 10 min, written 25 min later."""
    data = _open_major(level="重大")
    data["regradings"] = [{"at": at, "to": "重大", "by": by, "reason": REASON}]
    hour, minute = at[-5:].split(":")
    data["reports"] += [
        {"kind": "口头报告", "at": at[:-5] + f"{hour}:{int(minute) + 10:02d}", "by": "李明",
         "to": ["分管领导", "主要领导"], "cc": ["局办公室"], "channel": "电话"},
    ]
    return data


def regrading_to_another_level():
    head = _upgraded()
    head["regradings"][0]["to"] = "较大"
    head["regradings"][0]["reason"] = REASON
    text = to_markdown(head)
    line = line_of(text, "level:")
    no_change = Hit("error", MP, line_of(text, "to: 较大"), ("级别没有变化",))
    return _facts(_open_major(), head, LIMING, MP), [Hit("error", MP, line, ("较大", "重大", "regradings"))] * 2 + [
        no_change]


def downgrade_by_the_section():
    base = _upgraded()
    head = dict(base, level="较大", regradings=base["regradings"] + [
        {"at": "2024-08-27 10:00", "to": "较大", "by": "李明", "reason": "经核实影响范围有限。"}])
    text = to_markdown(head)
    return _facts(base, head, LIMING, MP), [Hit("error", MP, line_of(text, "to: 较大"), ("降为", "局办公室"))]


def ok_upgrade_with_regrading():
    return _facts(_open_major(), _upgraded(), LIMING, MP), []


def ok_downgrade_by_the_office():
    base = _upgraded()
    head = dict(base, level="较大", regradings=base["regradings"] + [
        {"at": "2024-08-27 10:00", "to": "较大", "by": "王芳", "reason": "经核实影响范围有限。"}])
    return _facts(base, head, WANGFANG, MP), []


CASES = {
    "YQ401": [relabel_as_drill, closed_at_moved, closed_at_removed, occurred_at_moved,
              level_changed_without_regrading, section_changed, made_internal_by_the_section, exception_removed,
              regrading_to_another_level, downgrade_by_the_section,
              ok_made_internal_by_the_office, ok_made_restricted, ok_closed_at_set_once, ok_reports_reordered,
              ok_to_reordered, ok_same_instant_other_offset, ok_upgrade_with_regrading, ok_downgrade_by_the_office],
}
test_rule, test_every_rule_has_a_positive_and_a_negative_case = git_rule_table_tests(CASES)


def test_the_grave_oral_report_clock_starts_at_the_upgrade(git_repo):
    history, _ = ok_upgrade_with_regrading()
    result = run_engine(git_repo.root, base=history(git_repo))
    [oral] = [v for v in result.verdicts[MP] if v.rule == "YQ301"]
    assert oral.start == oral.due.__class__.fromisoformat("2024-08-26T14:00:00+08:00")
    assert oral.outcome is Outcome.MET


def test_the_upgrade_moves_the_clock_so_a_late_report_is_late(git_repo):
    head = _upgraded()
    head["reports"][-1]["at"] = "2024-08-26 14:30"
    _facts(_open_major(), head, LIMING, MP)(git_repo)
    [oral] = [v for v in run_engine(git_repo.root, base="main").verdicts[MP] if v.rule == "YQ301"]
    assert oral.outcome is Outcome.LATE


def test_the_level_must_be_the_last_regradings_level(git_repo):
    data = _upgraded()
    data["level"] = "较大"
    text = to_markdown(data)
    git_repo.save(MP, text, who=LIMING, at="2024-08-26 15:00")
    found = [f for f in run_engine(git_repo.root).findings if f.rule == "YQ401"]
    assert [(f.path, f.line) for f in found] == [(MP, line_of(text, "level:"))]
    assert "最后一条级别变化" in found[0].message("zh")


def test_a_change_in_a_reordered_list_is_reported_on_the_head_entry(git_repo):
    head = grave()
    head["reports"] = list(reversed(head["reports"]))
    head["reports"][3]["at"] = "2024-08-26 09:25"  # the oral report, now last
    text = to_markdown(head)
    _facts(grave(), head)(git_repo)
    found = [f for f in run_engine(git_repo.root, base="main").findings if f.rule == "YQ401"]
    assert [(f.path, f.line) for f in found] == [(GP, line_of(text, "2024-08-26 09:25"))]
    assert "第 1 条报告的 at" in found[0].message("zh") and "2024-08-26 09:30" in found[0].message("zh")
    assert "changed from" in found[0].message("en")
