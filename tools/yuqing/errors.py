"""The errors that stop a command before any record is checked: configuration and usage (exit 2).

A low-level module (it imports only :mod:`yuqing.i18n`), so that the workspace, the rule
registry and the commands can all raise them without importing one another.
"""

from __future__ import annotations

from yuqing.i18n import Msg


class ConfigError(Exception):
    """The repository or its org/policy files cannot be used: a usage error (exit 2)."""

    HEAD = Msg("配置错误：", "configuration error: ")

    def __init__(self, msg: Msg, path: str | None = None, line: int | None = None, column: int | None = None):
        super().__init__(msg.en)
        self.msg = msg
        self.path = path
        self.line = line
        self.column = column

    def text(self, lang: str = "zh") -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}:{self.column or 1}" if self.line else "") + ": "
        return where + self.HEAD.text(lang) + self.msg.text(lang)


class UsageError(ConfigError):
    """The command line asks for something that cannot be done (a path that names no records): exit 2."""

    HEAD = Msg("用法错误：", "usage error: ")
