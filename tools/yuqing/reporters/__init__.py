"""Output formats of ``yuqing check``: a registry that also feeds the CLI's ``--format`` choices.

Each reporter's module is imported when its format is asked for, so that building the command
line (and ``--help``) does not import six output formats to use one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module


class _Registry(Mapping):
    """``{format name: reporter class}``, each class imported on first use."""

    def __init__(self, where: dict[str, str]) -> None:
        self._where = where
        self._loaded: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        if name not in self._loaded:
            module, _, cls = self._where[name].partition(":")
            self._loaded[name] = getattr(import_module(module), cls)
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


REPORTERS: Mapping[str, type] = _Registry({
    "text": "yuqing.reporters.text:TextReporter",
    "json": "yuqing.reporters.json:JsonReporter",
    "github": "yuqing.reporters.github:GithubReporter",
    "gitlab": "yuqing.reporters.gitlab:GitlabReporter",
    "junit": "yuqing.reporters.junit:JunitReporter",
    "markdown": "yuqing.reporters.markdown:MarkdownReporter",
})


def default_format(environ) -> str:
    """``github`` under GitHub Actions, ``text`` elsewhere."""
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"
