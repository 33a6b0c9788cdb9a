"""The engine: levels from policy, ``only`` vs. cross-file rules, sorting, verdicts per incident."""

from __future__ import annotations

import pytest

from recordkit import (
    GENERAL_ID,
    GRAVE_ID,
    MAJOR_ID,
    Hit,
    assert_hits,
    changed,
    check_files,
    excused,
    files_of,
    general,
    grave,
    line_of,
    major,
    path_of,
    review,
    run,
    to_markdown,
    to_yaml,
)
from yuqing.engine import Engine
from yuqing.errors import ConfigError
from yuqing.findings import Outcome
from yuqing.rules import RULES
from yuqing.timeparse import parse_datetime

GP, GR = path_of(GRAVE_ID), path_of(GRAVE_ID, review=True)
MP, MR = path_of(MAJOR_ID), path_of(MAJOR_ID, review=True)
NP, NR = path_of(GENERAL_ID), path_of(GENERAL_ID, review=True)


def edit_policy(repo, old: str, new: str) -> None:
    text = repo.read("schema/policy.yml")
    assert old in text, old
    repo.write("schema/policy.yml", text.replace(old, new, 1))


def overdue_action_files():
    return files_of(grave(), changed(review(), "actions.0.done_at", None))


def late_major_files():
    return files_of(changed(major(), "reports.0.at", "2024-08-26 09:51"), review(MAJOR_ID))


# --- levels ------------------------------------------------------------------------------------

def test_rule_default_levels_when_policy_is_silent(repo):
    result = check_files(repo, {**overdue_action_files(), **late_major_files()})
    assert {(f.rule, f.level) for f in result.findings} == {("YQ311", "warning"), ("YQ303", "warning")}


def test_levels_section_overrides_a_rule(repo):
    edit_policy(repo, "levels: {}", "levels:\n  YQ311: error\n")
    files = overdue_action_files()
    result = check_files(repo, files)
    assert_hits(result, "YQ311", [Hit("error", GR, line_of(files[GR], "due:"))])
    assert result.errors == 1


def test_levels_section_can_lower_an_error(repo):
    edit_policy(repo, "levels: {}", "levels:\n  YQ103: warning\n")
    result = check_files(repo, files_of(grave(section="办公室"), review()))
    assert [(f.rule, f.level) for f in result.findings] == [("YQ103", "warning")]
    assert result.errors == 0


def test_obligation_level_overrides_the_rule_default(repo):
    text = repo.read("schema/policy.yml")
    start = text.index("  YQ303:")
    end = text.index("  YQ304:")
    repo.write("schema/policy.yml", text[:start] + text[start:end].replace("level: warning", "level: error") + text[end:])
    files = late_major_files()
    result = check_files(repo, files)
    assert_hits(result, "YQ303", [Hit("error", MP, line_of(files[MP], "at: 2024-08-26 09:51"), ("超时 1分钟",))])


def test_level_by_grade(repo):
    """YQ307 is an error for 较大/重大 but policy makes it a warning for 一般; remove that and it is an error."""
    files = files_of(general())
    assert [f.level for f in check_files(repo, files).findings if f.rule == "YQ307"] == ["warning"]
    edit_policy(repo, "    level_by_grade: {一般: warning}\n", "")
    assert [f.level for f in run(repo).findings if f.rule == "YQ307"] == ["error"]


def test_levels_section_wins_over_obligation_level(repo):
    edit_policy(repo, "levels: {}", "levels:\n  YQ301: warning\n")
    files = files_of(changed(grave(), "reports.0.at", "2024-08-26 09:36"), review())
    assert [(f.rule, f.level) for f in check_files(repo, files).findings] == [("YQ301", "warning")]


def test_excused_is_a_warning_even_when_policy_says_error(repo):
    edit_policy(repo, "levels: {}", "levels:\n  YQ306: error\n")
    data = major(status="处置中", closed_at=None)
    data.pop("closed_at")
    data["reports"] = data["reports"][:2]
    files = files_of(data)
    assert [f.level for f in check_files(repo, files, now="2024-08-28 09:00").findings] == ["error"]
    repo.write(MP, to_markdown(excused(data, "YQ306")))
    assert [f.level for f in run(repo, now="2024-08-28 09:00").findings] == ["warning"]


@pytest.mark.parametrize(("old", "new", "words"), [
    ("levels: {}", "levels:\n  YQ999: error\n", "YQ999"),
    ("levels: {}", "levels:\n  YQ311: fatal\n", "fatal"),
    ("    recipients: [分管领导, 主要领导]\n    start: clock\n    within: 15min",
     "    recipients: [分管领导, 局长]\n    start: clock\n    within: 15min", "局长"),
    ("    start: clock\n    within: 15min\n", "    start: clock\n", "within"),
])
def test_bad_policy_is_a_configuration_error(repo, old, new, words):
    edit_policy(repo, old, new)
    with pytest.raises(ConfigError) as raised:
        repo.workspace()
    assert raised.value.path == "schema/policy.yml"
    assert words in raised.value.text()


# --- only: what is reported vs. what is seen ----------------------------------------------------

def test_only_restricts_the_reported_files(repo):
    files = {**files_of(changed(grave(), "reports.0.at", "2024-08-26 09:36"), review()),
             **files_of(general(section="办公室"), review(GENERAL_ID))}
    full = check_files(repo, files)
    assert {f.path for f in full.findings} == {GP, NP}
    part = run(repo, only={NP})
    assert {f.path for f in part.findings} == {NP}
    assert [f.rule for f in part.findings] == ["YQ103"]
    assert part.checked == [NP] and part.files == 1
    assert len(part.records) == len(files)


def test_only_duplicate_id_is_seen_across_files(repo):
    other = path_of(GRAVE_ID, suffix=".yml")
    check_files(repo, {**files_of(grave(), review()), other: to_yaml(grave(body="正文"))})
    assert [(f.rule, f.path) for f in run(repo, only={other}).findings] == [("YQ102", other)]
    assert run(repo, only={GP}).findings == []


def test_only_review_sees_its_incident(repo):
    """Checking only the review: its incident (not reported) still exists, so no YQ106."""
    check_files(repo, files_of(grave(), review()))
    result = run(repo, only={GR})
    assert result.findings == [] and result.checked == [GR]


def test_only_incident_sees_its_review(repo):
    """Checking only the incident: the review in another file satisfies YQ307."""
    check_files(repo, files_of(grave(), review()))
    result = run(repo, only={GP})
    assert result.findings == []
    assert [v.outcome for v in result.verdicts[GP] if v.rule == "YQ307"] == [Outcome.MET]


def test_only_late_review_is_reported_when_the_review_is_checked(repo):
    """A merge request that adds a late review must see YQ307 on the review's held_at line."""
    files = files_of(grave(), review(held_at="2024-09-04 16:01"))
    check_files(repo, files)
    hit = Hit("error", GR, line_of(files[GR], "held_at:"), ("超时 1分钟",))
    assert_hits(run(repo, only={GR}), "YQ307", [hit])
    assert_hits(run(repo, only={GP}), "YQ307", [hit])
    assert_hits(run(repo), "YQ307", [hit])


def test_only_other_records_keep_their_overdue_obligations_to_themselves(repo):
    """One section's overdue review does not block another section's merge request."""
    check_files(repo, {**files_of(major()), **files_of(general(), review(GENERAL_ID))})
    assert [f.rule for f in run(repo).findings] == ["YQ307"]
    assert run(repo, only={NP, NR}).findings == []


# --- order and verdicts ------------------------------------------------------------------------

def test_findings_are_sorted_by_path_line_column_rule(repo):
    files = {
        **files_of(changed(grave(section="办公室", tracking=None), "reports.0.at", "2024-08-26 09:36")),
        **files_of(changed(general(), "responses.0.approvals", [])),
        **files_of(changed(review(MAJOR_ID), "actions.0.done_at", None)),
    }
    files[GP] = files[GP].replace("tracking: null\n", "")
    result = check_files(repo, files)
    keys = [(f.path, f.line, f.column, f.rule) for f in result.findings]
    assert len(keys) >= 6
    assert keys == sorted(keys)
    assert len({f.path for f in result.findings}) == 3


def test_verdicts_per_incident(repo):
    check_files(repo, files_of(grave(), review(), major(), review(MAJOR_ID), general(), review(GENERAL_ID)))
    result = run(repo)
    assert set(result.verdicts) == {GP, MP, NP}
    rules = {path: sorted({v.rule for v in verdicts}) for path, verdicts in result.verdicts.items()}
    assert rules[GP] == ["YQ301", "YQ302", "YQ304", "YQ306", "YQ307", "YQ308", "YQ309", "YQ310"]
    assert rules[MP] == ["YQ303", "YQ304", "YQ306", "YQ307", "YQ308", "YQ309", "YQ310"]
    assert rules[NP] == ["YQ305", "YQ307", "YQ309"]
    assert all(v.outcome is Outcome.MET for verdicts in result.verdicts.values() for v in verdicts)
    (oral,) = [v for v in result.verdicts[GP] if v.rule == "YQ301"]
    assert oral.taken.total_seconds() == 600 and oral.late_by is None and oral.on_time


def test_engine_accepts_given_records_and_rules(repo):
    check_files(repo, files_of(grave(section="办公室"), review()))
    workspace = repo.workspace()
    records = workspace.load_all()
    now = parse_datetime("2024-10-01 10:00", workspace.org.tz)
    only_103 = [rule for rule in RULES if rule.ID == "YQ103"]
    result = Engine(workspace, rules=only_103).run(now, records=records)
    assert [f.rule for f in result.findings] == ["YQ103"]
    assert result.verdicts == {}
    assert result.now == now


def test_finding_fields(repo):
    files = files_of(changed(grave(), "reports.0.at", "2024-08-26 09:36"), review())
    (finding,) = check_files(repo, files).findings
    line = line_of(files[GP], "at: 2024-08-26 09:36")
    assert finding.as_dict() == {
        "rule": "YQ301", "name": "grave-oral-report", "level": "error", "path": GP, "line": line,
        "column": files[GP].splitlines()[line - 1].index("2024") + 1, "incident": GRAVE_ID,
        "message": finding.message("zh"),
    }
    assert finding.as_dict("en")["message"].startswith("oral report of a grave incident")


def test_units_group_an_incident_with_its_reviews_and_leave_the_rest_alone(repo):
    from yuqing.engine import group_units

    repo.write(path_of(GRAVE_ID), to_markdown(grave()))
    repo.write(path_of(GRAVE_ID, review=True), to_markdown(review()))
    repo.write("incidents/2025/YZMZ-2024-0001.review.md", to_markdown(review()))  # a second review, elsewhere
    repo.write(path_of(MAJOR_ID), to_markdown(major()))
    repo.write("incidents/2024/YZMZ-2024-0009.md", "---\nid: YZMZ-2024-0009\nlevel: 特大\n---\n")  # invalid
    repo.write("incidents/2024/YZMZ-2024-0077.review.md", to_markdown(review("YZMZ-2024-0077")))  # orphan
    units = group_units(repo.workspace().load_all())
    shown = sorted(sorted(record.path for record in unit) for unit in units)
    assert shown == sorted([
        sorted([path_of(GRAVE_ID), path_of(GRAVE_ID, review=True), "incidents/2025/YZMZ-2024-0001.review.md"]),
        [path_of(MAJOR_ID)],
        ["incidents/2024/YZMZ-2024-0009.md"],
        ["incidents/2024/YZMZ-2024-0077.review.md"],
    ])


def test_a_per_record_rule_sees_only_its_unit(repo):
    """Whatever a rule looks at through its context, it sees the records of its unit only, so a
    check split over any number of processes gives the same answers."""
    import types

    from yuqing.findings import Problem
    from yuqing.i18n import Msg

    def check(record, ctx):
        seen = sorted(ctx.by_path)
        assert [r.path for r in ctx.records] == seen
        yield Problem(Msg(" ".join(seen), " ".join(seen)), line=1)

    probe = types.SimpleNamespace(ID="YQ999", NAME="probe", LEVEL="warning", HOOKS=("check",), NEEDS=frozenset(),
                                  check=check)
    repo.write(path_of(GRAVE_ID), to_markdown(grave()))
    repo.write(path_of(GRAVE_ID, review=True), to_markdown(review()))
    repo.write(path_of(MAJOR_ID), to_markdown(major()))
    workspace = repo.workspace()
    result = Engine(workspace, rules=[probe]).run(parse_datetime("2024-10-01 10:00", workspace.org.tz))
    seen = {finding.path: finding.message("zh") for finding in result.findings}
    unit = " ".join(sorted([path_of(GRAVE_ID), path_of(GRAVE_ID, review=True)]))
    assert seen == {path_of(GRAVE_ID): unit, path_of(GRAVE_ID, review=True): unit, path_of(MAJOR_ID): path_of(MAJOR_ID)}
