"""The rule registry: what each rule module declares (HOOKS, NEEDS, POLICY_NEEDS), checked on import,
and what must come with a new rule (docs/dev/adding-a-rule.md): a case table in the rule tests, its
documentation, and for an obligation rule its entry in schema/policy.yml.
"""

from __future__ import annotations

import importlib
import re
import types
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT
from recordkit import files_of, major, review, run
from yuqing import rules
from yuqing.errors import ConfigError
from yuqing.i18n import Msg
from yuqing.layout import POLICY_FILE
from yuqing.repository import open_repository
from yuqing.rules import (
    BY_HOOK,
    BY_ID,
    OBLIGATION_RULES,
    RULES,
    RuleDeclarationError,
    documentation,
    hook,
    needing,
    validate,
)


def fake_rule(name: str = "yuqing.rules.yq999_example", **attributes) -> types.ModuleType:
    """A rule module with a ``check`` hook, its declarations replaced by ``attributes``."""
    module = types.ModuleType(name)
    module.ID, module.NAME, module.LEVEL, module.CLAUSE = "YQ999", "example", "error", None
    module.SUMMARY = Msg("示例", "example")
    module.HOOKS, module.NEEDS = ("check",), frozenset()
    module.check = lambda record, ctx: iter(())
    for key, value in attributes.items():
        if value is None and key != "CLAUSE":
            delattr(module, key)
        else:
            setattr(module, key, value)
    return module


# --- declarations ------------------------------------------------------------------------------

def test_every_registered_rule_declares_its_hooks_and_needs():
    for rule in RULES:
        validate(rule)  # what the registry did on import
        assert rule.HOOKS and set(rule.HOOKS) <= set(rules.HOOK_NAMES), rule.__name__
        assert rule.NEEDS <= rules.NEED_NAMES, rule.__name__


def test_the_hooks_of_the_shipped_rules():
    assert [r.ID for r in BY_HOOK["check_all"]] == ["YQ102", "YQ106", "YQ313"]
    assert [r.ID for r in BY_HOOK["check_range"]] == ["YQ401", "YQ402", "YQ403", "YQ405", "YQ406", "YQ407", "YQ408"]
    assert [r.ID for r in OBLIGATION_RULES] == [f"YQ30{n}" for n in range(1, 10)] + ["YQ310", "YQ404"]
    assert OBLIGATION_RULES is BY_HOOK["evaluate"]
    assert [r.ID for r in needing("history")] == ["YQ306", "YQ312", "YQ404"]
    assert [r.ID for r in needing("range")] == ["YQ401", "YQ402", "YQ403", "YQ405", "YQ406", "YQ407", "YQ408"]
    yq401 = rules.BY_ID["YQ401"]
    assert hook(yq401, "check") is yq401.check and hook(yq401, "check_range") is yq401.check_range
    assert hook(yq401, "evaluate") is None


def test_a_hook_is_taken_from_the_declaration_not_from_what_the_module_happens_to_define():
    module = fake_rule()
    module.evaluate = lambda record, ctx: iter(())  # defined, not declared: the registry refuses it below
    assert hook(module, "evaluate") is None and hook(module, "check") is module.check


def test_needing_an_unknown_input_is_a_mistake():
    with pytest.raises(ValueError, match="network"):
        needing("network")


@pytest.mark.parametrize(("attributes", "words"), [
    ({"HOOKS": ("check", "evaluate")}, "declares evaluate in HOOKS but does not define it"),
    ({"evaluate": lambda record, ctx: iter(())}, "defines evaluate but HOOKS"),
    ({"HOOKS": ()}, "HOOKS must be a non-empty tuple"),
    ({"HOOKS": "check"}, "HOOKS must be a non-empty tuple"),
    ({"HOOKS": ("check", "verify")}, "HOOKS must be a non-empty tuple"),
    ({"NEEDS": {"history"}}, "NEEDS must be a frozenset"),
    ({"NEEDS": frozenset({"network"})}, "NEEDS must be a frozenset"),
    ({"HOOKS": None}, "does not define HOOKS"),
    ({"NEEDS": None, "SUMMARY": None}, "does not define SUMMARY, NEEDS"),
    ({"HOOKS": ("check_range",), "check": None, "check_range": lambda git_range, ctx: iter(())},
     'its NEEDS must include "range"'),
    ({"HOOKS": ("evaluate",), "check": None, "evaluate": lambda record, ctx: iter(())},
     "is an obligation rule (evaluate): POLICY_NEEDS must be a tuple"),
    ({"HOOKS": ("evaluate",), "check": None, "evaluate": lambda record, ctx: iter(()), "POLICY_NEEDS": ("deadline",)},
     "POLICY_NEEDS must be a tuple of the policy.yml fields"),
    ({"POLICY_NEEDS": ("within",)}, "declares POLICY_NEEDS but is not an obligation rule"),
])
def test_a_declaration_that_does_not_match_the_module_names_the_module(attributes, words):
    with pytest.raises(RuleDeclarationError) as raised:
        validate(fake_rule(**attributes))
    assert "yuqing.rules.yq999_example" in str(raised.value) and words in str(raised.value)


def test_a_matching_declaration_passes():
    validate(fake_rule())
    validate(fake_rule(HOOKS=("evaluate",), check=None, evaluate=lambda record, ctx: iter(()),
                       POLICY_NEEDS=("within", ("every", "within"))))
    validate(fake_rule(HOOKS=("check_range",), NEEDS=frozenset({"range"}), check=None,
                       check_range=lambda git_range, ctx: iter(())))


def test_the_registry_refuses_a_module_whose_declaration_does_not_match(monkeypatch):
    import sys

    broken = fake_rule("yuqing.rules.yq998_broken", HOOKS=("evaluate",))
    monkeypatch.setitem(sys.modules, "yuqing.rules.yq998_broken", broken)
    with pytest.raises(RuleDeclarationError, match="yq998_broken defines check but HOOKS"):
        rules._load(["yq001_unreadable_file", "yq998_broken"])


def test_the_registry_refuses_two_modules_with_one_code(monkeypatch):
    import sys

    twin = fake_rule("yuqing.rules.yq997_twin", ID="YQ001")
    monkeypatch.setitem(sys.modules, "yuqing.rules.yq997_twin", twin)
    with pytest.raises(RuleDeclarationError, match="share the code YQ001"):
        rules._load(["yq001_unreadable_file", "yq997_twin"])


# --- what must come with a rule: a case table -------------------------------------------------------

def case_tables() -> dict[str, list]:
    """The case tables of the rule tests, merged: rule code -> case functions.

    Every tests/test_rules_*.py module with table-driven cases keeps them in a module-level
    ``CASES = {code: [case, ...]}``; a case returns ``(what to check, expected hits[, now])``
    (files for :func:`recordkit.rule_table_tests`, a Git history for :func:`gitkit.git_rule_table_tests`).
    """
    tables: dict[str, list] = defaultdict(list)
    for path in sorted(Path(__file__).parent.glob("test_rules_*.py")):
        if path.stem == Path(__file__).stem:
            continue
        table = getattr(importlib.import_module(path.stem), "CASES", None)
        if table is None:
            continue
        assert isinstance(table, dict), f"{path.name}: CASES must map rule codes to lists of cases"
        for code, cases in table.items():
            tables[code] += cases
    return dict(tables)


TABLES = case_tables()


def by_code(rule) -> str:
    return rule.ID


@pytest.mark.parametrize("rule", RULES, ids=by_code)
def test_every_rule_has_a_case_table_with_a_positive_and_a_negative_case(rule):
    cases = TABLES.get(rule.ID)
    assert cases, (f"{rule.ID} has no cases: add {rule.ID} to the CASES table of a tests/test_rules_*.py module "
                   "(see docs/dev/adding-a-rule.md)")
    kinds = {bool(case()[1]) for case in cases}
    assert True in kinds, f"{rule.ID}: no positive case (one where the rule finds something)"
    assert False in kinds, f"{rule.ID}: no negative case (one where the rule finds nothing)"


def test_every_case_table_names_a_registered_rule():
    assert sorted(code for code in TABLES if code not in BY_ID) == []


# --- a docs page ----------------------------------------------------------------------------------

FIX = "**怎么改**"


@pytest.mark.parametrize("rule", RULES, ids=by_code)
def test_every_rule_has_a_docs_page(rule):
    """The site's page of a rule is its docstring: a title, an explanation, then how to fix it."""
    assert re.fullmatch(r"YQ\d{3}", rule.ID) and re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.NAME)
    assert rule.__name__ == f"yuqing.rules.yq{rule.ID[2:]}_{rule.NAME.replace('-', '_')}"
    assert rule.LEVEL in ("error", "warning")
    assert rule.CLAUSE is None or (isinstance(rule.CLAUSE, str) and rule.CLAUSE.strip()), "CLAUSE: a clause or None"
    assert isinstance(rule.SUMMARY, Msg) and rule.SUMMARY.zh.strip() and rule.SUMMARY.en.strip()
    lines = documentation(rule).splitlines()
    assert lines, f"{rule.ID} has no docstring"
    assert re.fullmatch(rf"\S.*（{rule.ID} {re.escape(rule.NAME)}）", lines[0]), (
        f"{rule.ID}: the first line is the page title, ending in （{rule.ID} {rule.NAME}）; it is {lines[0]!r}")
    assert lines[1:2] == [""], f"{rule.ID}: an empty line after the title"
    body = "\n".join(lines[2:])
    assert FIX in body, f"{rule.ID}: the documentation says how to fix it in a paragraph starting {FIX}："
    explanation, fix = body.split(FIX, 1)
    assert explanation.strip(), f"{rule.ID}: the documentation explains what is checked before {FIX}"
    assert fix.startswith("：") and fix[1:].strip(), f"{rule.ID}: {FIX}：, then what to do"


# --- an entry in schema/policy.yml for an obligation rule -----------------------------------------

def test_every_obligation_rule_has_an_entry_in_the_shipped_policy():
    policy = open_repository(PROJECT_ROOT).policy  # checks POLICY_NEEDS and the missing entries too
    assert sorted(policy.obligations) == sorted(rule.ID for rule in OBLIGATION_RULES)
    for rule in OBLIGATION_RULES:
        entry = policy.obligations[rule.ID]
        assert entry.title and entry.clause and entry.levels, rule.ID
        for need in rule.POLICY_NEEDS:
            assert any(getattr(entry, name) for name in ((need,) if isinstance(need, str) else need)), rule.ID


def without_entry(text: str, code: str) -> str:
    """policy.yml's text without the entry of ``code`` under obligations."""
    start = text.index(f"\n  {code}:\n") + 1
    following = re.compile(r"^(  \S|\S)", re.M)
    end = following.search(text, text.index("\n", start) + 1)
    return text[:start] + text[end.start():]


@pytest.mark.parametrize("rule", OBLIGATION_RULES, ids=by_code)
def test_a_missing_policy_entry_is_a_configuration_error_naming_the_rule(repo, rule):
    text = repo.read(POLICY_FILE)
    repo.write(POLICY_FILE, without_entry(text, rule.ID))
    with pytest.raises(ConfigError) as raised:
        repo.workspace()
    error = raised.value
    assert (error.path, error.line) == (POLICY_FILE, text[:text.index("\nobligations:")].count("\n") + 2)
    for words in (rule.ID, rule.NAME, "schema/policy.yml", "永远不会检查", "levels: []"):
        assert words in error.msg.zh, error.msg.zh
    assert rule.ID in error.msg.en and "never checked" in error.msg.en


def test_an_obligation_is_switched_off_by_applying_it_to_no_level(repo):
    late = major()
    late["reports"][0]["at"] = late["reports"][1]["at"] = "2024-08-26 10:20"  # 60 min: YQ303 late
    for path, body in files_of(late, review(late["id"])).items():
        repo.write(path, body)
    assert [f.rule for f in run(repo).findings] == ["YQ303"]
    text = repo.read(POLICY_FILE)
    start = text.index("  YQ303:\n")
    repo.write(POLICY_FILE, text[:start] + text[start:].replace("levels: [较大]", "levels: []", 1))
    assert run(repo).findings == []


@pytest.mark.parametrize(("old", "new", "fine"), [
    ("    every: 24h\n", "    within: 24h\n", True),  # YQ306: the period is every, or else within
    ("    every: 24h\n", "", False),
])
def test_policy_needs_may_name_alternatives(repo, old, new, fine):
    text = repo.read(POLICY_FILE)
    assert text.count(old) == 1
    repo.write(POLICY_FILE, text.replace(old, new))
    if fine:
        assert repo.workspace().policy.obligations["YQ306"].within is not None
    else:
        with pytest.raises(ConfigError, match="YQ306 needs 'every'"):
            repo.workspace()
