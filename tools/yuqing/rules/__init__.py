"""The rule registry: every rule module, in code order.

A rule module has ``ID``, ``NAME``, ``LEVEL`` (the default; policy.yml may override it),
``CLAUSE`` (the plan clause or None), ``SUMMARY`` (a Msg) and its user documentation as
docstring, and declares what it is run with:

- ``HOOKS``: the hooks it defines (exactly these; checked when the registry is imported);
- ``NEEDS``: what it reads besides the records, org.yml and policy.yml: ``"history"``
  (the Git history of the records: each incident's first commit, ``ctx.history``; the
  cache keys a unit's outcome by it) and ``"range"`` (a merge request's Git range,
  ``ctx.git_range``, given with ``--base``; every ``check_range`` rule needs it).
- ``POLICY_NEEDS`` (obligation rules only): the fields its entry in policy.yml must have,
  e.g. ``("within",)``; an item may be a tuple of alternatives (``("every", "within")``).
  :func:`check_policy` refuses a policy.yml that lacks one, or lacks an obligation rule's entry.

A per-record hook (``check``, ``evaluate``) may look at the record, the other records of
its unit (an incident and its reviews, see ``engine.group_units``), org.yml and policy.yml;
it compares times with the current time through ``ctx.now_after``, ``ctx.now_before`` and
``ctx.past_day``, so that ``yuqing check`` knows how long its results hold (``yuqing.clock``):

- ``check(record, ctx)``: yields problems of one record;
- ``check_all(records, ctx)``: yields problems across records (each naming its path);
- ``evaluate(record, ctx)``: yields deadline or presence verdicts of one incident (an
  obligation rule: it has an entry under ``obligations`` in policy.yml);
- ``check_range(git_range, ctx)``: yields problems of a merge request's Git range (``--base``).
"""

from __future__ import annotations

from importlib import import_module

from yuqing.errors import ConfigError
from yuqing.i18n import Msg
from yuqing.layout import POLICY_FILE

#: The registry, in code order: adding a rule means adding its module here.
REGISTRY = (
    "yq001_unreadable_file",
    "yq002_duplicate_key",
    "yq003_schema",
    "yq101_id_mismatch",
    "yq102_duplicate_id",
    "yq103_unknown_section",
    "yq104_time_order",
    "yq105_status_fields",
    "yq106_review_orphan",
    "yq301_grave_oral_report",
    "yq302_grave_written_report",
    "yq303_major_first_report",
    "yq304_office_copied",
    "yq305_response_approved",
    "yq306_follow_up_cadence",
    "yq307_review_due",
    "yq308_tracking_owner",
    "yq309_written_elements",
    "yq310_final_report",
    "yq311_action_overdue",
    "yq312_unused_exception",
    "yq313_training_cadence",
    "yq314_signal_not_assessed",
    "yq315_discovery_after_signal",
    "yq401_entry_rewritten",
    "yq402_record_deleted",
    "yq403_not_owner",
    "yq404_late_registration",
    "yq405_governance_change",
    "yq406_backdated_entry",
    "yq407_verdict_changed",
    "yq408_unsigned_commit",
    "yq501_personal_data",
    "yq502_unsafe_markup",
    "yq503_spam_content",
)

#: The hooks a rule module may declare in ``HOOKS``.
HOOK_NAMES = ("check", "check_all", "evaluate", "check_range")
#: What a rule module may declare in ``NEEDS``.
NEED_NAMES = frozenset({"history", "range"})
#: What every rule module defines (``CLAUSE`` may be None).
ATTRIBUTES = ("ID", "NAME", "LEVEL", "CLAUSE", "SUMMARY", "HOOKS", "NEEDS")
#: The fields of its policy.yml entry an obligation rule may require in ``POLICY_NEEDS``, in words.
POLICY_FIELD_WORDS = {"within": "时限", "every": "周期", "kinds": "报告类型", "recipients": "对象", "elements": "要素"}


class RuleDeclarationError(Exception):
    """A rule module's declarations do not match what it defines (a programming error)."""


def validate(rule) -> None:
    """Raise :class:`RuleDeclarationError` unless ``rule`` declares exactly the hooks it defines."""
    name = rule.__name__
    missing = [attribute for attribute in ATTRIBUTES if not hasattr(rule, attribute)]
    if missing:
        raise RuleDeclarationError(f"{name} does not define {', '.join(missing)} (see yuqing.rules)")
    declared = rule.HOOKS
    if not isinstance(declared, tuple) or not declared or any(each not in HOOK_NAMES for each in declared):
        raise RuleDeclarationError(f"{name}: HOOKS must be a non-empty tuple of {', '.join(HOOK_NAMES)}; "
                                   f"it is {declared!r}")
    if not isinstance(rule.NEEDS, frozenset) or not rule.NEEDS <= NEED_NAMES:
        raise RuleDeclarationError(f"{name}: NEEDS must be a frozenset of {', '.join(sorted(NEED_NAMES))}; "
                                   f"it is {rule.NEEDS!r}")
    defined = tuple(each for each in HOOK_NAMES if callable(getattr(rule, each, None)))
    undeclared = [each for each in defined if each not in declared]
    if undeclared:
        raise RuleDeclarationError(f"{name} defines {', '.join(undeclared)} but HOOKS = {declared!r} "
                                   "does not declare it")
    absent = [each for each in declared if each not in defined]
    if absent:
        raise RuleDeclarationError(f"{name} declares {', '.join(absent)} in HOOKS but does not define it")
    if "check_range" in declared and "range" not in rule.NEEDS:
        raise RuleDeclarationError(f"{name} declares check_range: its NEEDS must include \"range\"")
    if "evaluate" in declared:
        needs = getattr(rule, "POLICY_NEEDS", None)
        if not isinstance(needs, tuple) or not all(_policy_need(need) for need in needs):
            raise RuleDeclarationError(
                f"{name} is an obligation rule (evaluate): POLICY_NEEDS must be a tuple of the policy.yml fields "
                f"its entry must have ({', '.join(POLICY_FIELD_WORDS)}, or a tuple of alternatives); "
                f"it is {needs!r}")
    elif hasattr(rule, "POLICY_NEEDS"):
        raise RuleDeclarationError(f"{name} declares POLICY_NEEDS but is not an obligation rule (evaluate)")


def _policy_need(need) -> bool:
    fields = (need,) if isinstance(need, str) else need
    return isinstance(fields, tuple) and bool(fields) and all(field in POLICY_FIELD_WORDS for field in fields)


def _load(names) -> list:
    """The rule modules ``names``, each validated; codes and names must be unique."""
    loaded = []
    for name in names:
        rule = import_module(f"yuqing.rules.{name}")
        validate(rule)
        for other in loaded:
            if rule.ID == other.ID or rule.NAME == other.NAME:
                raise RuleDeclarationError(f"{rule.__name__} and {other.__name__} share the code {rule.ID} "
                                           f"or the name {rule.NAME}")
        loaded.append(rule)
    return loaded


RULES = _load(REGISTRY)

BY_ID = {rule.ID: rule for rule in RULES}
BY_NAME = {rule.NAME: rule for rule in RULES}
#: The rules of each hook, in code order.
BY_HOOK = {name: [rule for rule in RULES if name in rule.HOOKS] for name in HOOK_NAMES}
#: The obligation rules (``evaluate``): each has an entry under ``obligations`` in policy.yml.
OBLIGATION_RULES = BY_HOOK["evaluate"]


def hook(rule, name: str):
    """The hook ``name`` of ``rule`` if it declares it, else None."""
    return getattr(rule, name) if name in rule.HOOKS else None


def needing(need: str, rules=None) -> list:
    """The rules (of ``rules``, default: all registered) that declare ``need`` in ``NEEDS``."""
    if need not in NEED_NAMES:
        raise ValueError(f"unknown need {need!r}")
    return [rule for rule in (RULES if rules is None else rules) if need in rule.NEEDS]


def find_rule(key: str):
    """A rule by code (YQ301, yq301) or name (grave-oral-report); None if unknown."""
    return BY_ID.get(key.upper()) or BY_NAME.get(key.lower())


def documentation(rule) -> str:
    """The rule's user documentation (its docstring), dedented."""
    import inspect

    return inspect.cleandoc(rule.__doc__ or "")


def title(rule) -> str:
    return documentation(rule).splitlines()[0] if rule.__doc__ else rule.NAME


def check_policy(policy, org, doc=None) -> None:
    """Policy entries must name existing rules and roles, with the fields their rule needs (``POLICY_NEEDS``),
    and every obligation rule must have an entry; raises ConfigError otherwise.

    ``doc`` (the loaded policy.yml) lets the error name the line of the offending entry.
    """
    def fail(msg: Msg, loc: tuple, key: bool = True):
        line = column = None
        if doc is not None:
            line, column = doc.locate_key(loc) if key else doc.locate(loc)
        raise ConfigError(msg, POLICY_FILE, line, column)

    obligation_codes = {rule.ID for rule in OBLIGATION_RULES}
    for code, obligation in policy.obligations.items():
        if code not in obligation_codes:
            fail(Msg(
                f"obligations 中的“{code}”不是时限/义务规则。可用：{'、'.join(sorted(obligation_codes))}。",
                f"'{code}' under obligations is not an obligation rule."), ("obligations", code))
        unknown = [name for name in obligation.recipients if name not in org.role_names]
        if unknown:
            fail(Msg(
                f"{code} 的 recipients 中“{'、'.join(unknown)}”不是 org.yml 中的角色。",
                f"{code}: recipients {unknown} are not roles in org.yml."), ("obligations", code, "recipients"), False)
        for need in BY_ID[code].POLICY_NEEDS:
            fields = (need,) if isinstance(need, str) else need
            if all(getattr(obligation, name) in (None, [], {}) for name in fields):
                word = POLICY_FIELD_WORDS.get(fields[0], "")
                fail(Msg(f"{code} 缺少{word} {fields[0]}。", f"{code} needs '{fields[0]}'."), ("obligations", code))
    for code in policy.levels:
        if code not in BY_ID:
            fail(Msg(f"levels 中的“{code}”不是已知规则。", f"'{code}' under levels is not a rule."), ("levels", code))
    for rule in OBLIGATION_RULES:
        if rule.ID not in policy.obligations:
            fail(Msg(
                f"{POLICY_FILE} 的 obligations 中没有 {rule.ID}（{rule.NAME}）的条目。时限/义务规则没有条目就永远不会检查："
                f"请补上 {rule.ID} 的条目（title、clause、levels 和时限，参照其他条目）；"
                "确实不再检查这项义务的，请保留条目并写 levels: []。",
                f"{POLICY_FILE} has no entry for {rule.ID} ({rule.NAME}) under obligations: without one the "
                "obligation is never checked. Add it (write levels: [] to switch the obligation off)."),
                ("obligations",))
