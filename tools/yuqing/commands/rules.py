"""``yuqing rules [CODE]``: the rule list, or one rule's documentation."""

from __future__ import annotations

import sys

from yuqing.rules import RULES, documentation, find_rule


def run(args) -> int:
    lang = args.lang
    if args.code:
        rule = find_rule(args.code)
        if rule is None:
            known = "、".join(r.ID for r in RULES)
            print(f"没有规则“{args.code}”。已有规则：{known}" if lang != "en"
                  else f"no rule '{args.code}'. Known: {known}", file=sys.stderr)
            return 2
        head = f"{rule.ID} {rule.NAME}（默认级别：{rule.LEVEL}" + (f"；预案条款：{rule.CLAUSE}" if rule.CLAUSE else "") + "）"
        print(head if lang != "en" else f"{rule.ID} {rule.NAME} (default level: {rule.LEVEL})")
        if lang == "en":
            print(rule.SUMMARY.en)
            print()
        print(documentation(rule))
        return 0
    for rule in RULES:
        print(f"{rule.ID}  {rule.NAME:<22} {rule.LEVEL:<8} {rule.SUMMARY.text(lang)}")
    return 0
