"""The rule registry: what each rule module declares (HOOKS, NEEDS) and that it is checked on import."""

from __future__ import annotations

import types

import pytest

from yuqing import rules
from yuqing.i18n import Msg
from yuqing.rules import BY_HOOK, OBLIGATION_RULES, RULES, RuleDeclarationError, hook, needing, validate


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
    assert [r.ID for r in BY_HOOK["check_all"]] == ["YQ102", "YQ106"]
    assert [r.ID for r in BY_HOOK["check_range"]] == ["YQ401", "YQ402", "YQ403"]
    assert [r.ID for r in OBLIGATION_RULES] == [f"YQ30{n}" for n in range(1, 10)] + ["YQ310", "YQ404"]
    assert OBLIGATION_RULES is BY_HOOK["evaluate"]
    assert [r.ID for r in needing("history")] == ["YQ404"]
    assert [r.ID for r in needing("range")] == ["YQ401", "YQ402", "YQ403"]
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
])
def test_a_declaration_that_does_not_match_the_module_names_the_module(attributes, words):
    with pytest.raises(RuleDeclarationError) as raised:
        validate(fake_rule(**attributes))
    assert "yuqing.rules.yq999_example" in str(raised.value) and words in str(raised.value)


def test_a_matching_declaration_passes():
    validate(fake_rule())
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
