"""The shipped schema/ files copied into a test repository.

The test records are set in 2024, before the shipped ledger started (org.yml's ``ledger_since``):
the copies leave ``ledger_since`` out so that YQ404 judges them; a test of the back-fill sets it.
"""

from __future__ import annotations

import re
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"


def copy_schema(target: Path, names=("org.yml", "policy.yml")) -> None:
    """Copy the shipped org.yml and policy.yml into ``target`` (a schema/ directory), org.yml without
    ``ledger_since`` (and the comment line above it)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        text = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        if name == "org.yml":
            text = re.sub(r"(?m)^(#[^\n]*\n)?ledger_since:[^\n]*\n", "", text)
        (target / name).write_text(text, encoding="utf-8")
