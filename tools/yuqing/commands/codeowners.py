"""``yuqing codeowners``: write CODEOWNERS from org.yml (GitHub and GitLab read the same syntax).

局办公室 owns everything (the default line), schema/ and the tooling; each record file is
owned by its section's members and the office, so a merge request that touches a
section's record asks that section and the office for review.
"""

from __future__ import annotations

import re

from yuqing.commands._shared import open_workspace
from yuqing.models import Incident, Review, Signal, Training

HEADER = """# 由 `yuqing codeowners` 根据 schema/org.yml 生成，请勿手工修改。
# Generated from schema/org.yml by `yuqing codeowners`; do not edit by hand.
"""


# An owner is one token: an email without white space or characters that CODEOWNERS reads as syntax.
_OWNER = re.compile(r"^[^\s#@\\]+@[^\s#@\\]+$")


def _owners(org, section_name: str) -> list[str]:
    section = org.section(section_name)
    if section is None:
        return []
    return [identity for member in section.members for identity in member.git if _OWNER.match(identity)]


def _pattern(path: str) -> str | None:
    """A record's path as a CODEOWNERS pattern (spaces escaped), or None when no pattern can name it safely."""
    if re.search(r"[\x00-\x1f\x7f#\\*?\[\]!]", path):
        return None
    return "/" + path.replace(" ", "\\ ")


def render(workspace) -> str:
    org = workspace.org
    office = _owners(org, org.office_section)
    lines = [HEADER, f"* {' '.join(office)}", f"/schema/ {' '.join(office)}", f"/.github/ {' '.join(office)}",
             f"/.gitlab-ci.yml {' '.join(office)}", ""]
    records = workspace.load_all()
    sections = {r.model.id: r.model.section for r in records if isinstance(r.model, Incident)}
    for record in records:
        model = record.model
        section = None
        if isinstance(model, (Incident, Signal)):
            section = model.section
        elif isinstance(model, Training):
            section = org.owning_section(model.organizer)
        elif isinstance(model, Review):
            section = sections.get(model.incident)
        if section is None:
            continue
        pattern = _pattern(record.path)
        if pattern is None:
            continue  # the default line (the office) owns it
        owners = list(dict.fromkeys(_owners(org, section) + office))
        lines.append(f"{pattern} {' '.join(owners)}")
    return "\n".join(lines) + "\n"


def run(args) -> int:
    workspace = open_workspace(args)
    text = render(workspace)
    path = workspace.root / "CODEOWNERS"
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if args.check:
        if current != text:
            print("CODEOWNERS 已过期，请运行 yuqing codeowners 重新生成。" if args.lang != "en"
                  else "CODEOWNERS is stale; run yuqing codeowners.")
            return 1
        return 0
    if current != text:
        path.write_text(text, encoding="utf-8")
        print("已更新 CODEOWNERS" if args.lang != "en" else "updated CODEOWNERS")
    else:
        print("CODEOWNERS 已是最新。" if args.lang != "en" else "CODEOWNERS is up to date.")
    return 0
