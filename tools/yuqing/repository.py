"""Opening the product repository as the commands and the site do: the workspace, with policy.yml
checked against the rule registry.

:class:`yuqing.workspace.Workspace` knows the files and :mod:`yuqing.rules` knows which rule codes
exist; neither imports the other. This module joins them.
"""

from __future__ import annotations

from pathlib import Path

from yuqing.rules import check_policy
from yuqing.workspace import Workspace


def open_repository(root: Path | str | None = None) -> Workspace:
    """:meth:`Workspace.open` (``root`` or the nearest repository upwards), with policy.yml's entries
    checked against the registered rules; raises :class:`yuqing.errors.ConfigError`."""
    return Workspace.open(Path(root) if root is not None else None, check_policy=check_policy)
