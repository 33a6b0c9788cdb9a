"""argparse in Chinese: the usage line, section headings, the built-in options' help and the error
messages, with help columns aligned and wrapped by display width (a Chinese character takes two
columns on a terminal, one in ``len``).

argparse takes its own words from ``gettext`` when a parser is built or an error is raised; here
they are translated in one place instead, when they are shown, so that ``--lang en`` (known only
once the command line is read) still gets argparse's English. :class:`Parser` is the parser class
of every ``yuqing`` command and subcommand.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata

#: The language of argparse's own words for the command line being parsed (set by :func:`yuqing.cli.main`).
LANG = {"value": "zh"}

#: argparse's headings and built-in help, in Chinese.
WORDS = {
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",  # Python before 3.10
    "show this help message and exit": "显示帮助信息并退出",
    "show program's version number and exit": "显示版本号并退出",
}
USAGE_ZH = "用法："

#: Placeholders argparse would make from an option's name (``--root ROOT``), in Chinese.
METAVARS = {
    "root": "目录", "now": "时间", "output": "文件", "discovered_at": "时间", "level": "级别", "section": "科室",
    "title": "标题", "secret": "密钥", "manifest": "文件", "config_file": "文件", "site_dir": "目录", "port": "端口",
    "code": "规则", "command": "命令",
}

#: argparse's error messages (English) and their Chinese wording
ERRORS = [
    (re.compile(r"^argument (?P<arg>.+?): (?P<rest>.*)$", re.S), "参数 {arg}：{rest}"),
    (re.compile(r"^invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)$", re.S),
     "取值 {value} 无效，只能是：{choices}"),
    (re.compile(r"^invalid (?:int|float) value: (?P<value>.+)$", re.S), "{value} 不是数字"),
    (re.compile(r"^invalid (?P<type>\S+) value: (?P<value>.+)$", re.S), "{value} 不是有效的值"),
    (re.compile(r"^expected one argument$"), "后面缺少一个值"),
    (re.compile(r"^expected at least one argument$"), "后面至少要有一个值"),
    (re.compile(r"^expected at most one argument$"), "后面最多只能有一个值"),
    (re.compile(r"^expected (?P<n>\d+) arguments?$"), "后面需要 {n} 个值"),
    (re.compile(r"^ignored explicit argument (?P<value>.+)$", re.S), "这个选项不接受值（多了 {value}）"),
    (re.compile(r"^not allowed with argument (?P<other>.+)$", re.S), "不能与 {other} 同时使用"),
    (re.compile(r"^the following arguments are required: (?P<names>.+)$", re.S), "缺少必需的参数：{names}"),
    (re.compile(r"^one of the arguments (?P<names>.+) is required$", re.S), "必须给出以下参数之一：{names}"),
    (re.compile(r"^unrecognized arguments: (?P<names>.+)$", re.S), "不认识的参数：{names}"),
    (re.compile(r"^ambiguous option: (?P<option>\S+) could match (?P<matches>.+)$", re.S),
     "选项 {option} 不明确，可能是：{matches}"),
    (re.compile(r"^unexpected option string: (?P<option>.+)$", re.S), "不应出现选项 {option}"),
]

#: Punctuation that must not start a line of wrapped Chinese text.
_CLOSING = set("，。、；：？！）》」』”’")
#: Punctuation that must not end one.
_OPENING = set("（《「『“‘")


def error_zh(message: str) -> str:
    """argparse's English error in Chinese (the pieces it quotes, option names and values, are kept)."""
    for pattern, words in ERRORS:
        match = pattern.match(message)
        if match:
            parts = match.groupdict()
            if "rest" in parts:
                parts["rest"] = error_zh(parts["rest"])
            return words.format(**parts)
    return message


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: two for each wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _tokens(text: str) -> list[str]:
    """Words of wrappable text: runs of narrow characters, each wide character alone, and spaces."""
    return re.findall(r"\s+|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
                      r"\uffe0-\uffe6]+|\S", text)


def _wide(token: str) -> bool:
    return len(token) == 1 and display_width(token) == 2


def _units(text: str) -> list[tuple[bool, str]]:
    """The pieces of ``text`` no line may break inside, each with whether a space comes before it."""
    units: list[tuple[bool, str]] = []
    space, previous = False, ""
    for token in _tokens(re.sub(r"\s+", " ", text).strip()):
        if token.isspace():
            space = True
            continue
        may_break = space or (_wide(previous) and _wide(token) and token not in _CLOSING
                              and previous not in _OPENING)
        if units and not may_break:
            units[-1] = (units[-1][0], units[-1][1] + token)
        else:
            units.append((space, token))
        space, previous = False, token
    return units


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken at spaces or between two Chinese characters
    (never before closing or after opening punctuation); what cannot be broken stays whole."""
    lines: list[str] = []
    line, used = "", 0
    for space, unit in _units(text):
        gap = " " if space and line else ""
        size = display_width(unit)
        if line and used + len(gap) + size > width:
            lines.append(line)
            line, used = unit, size
        else:
            line, used = line + gap + unit, used + len(gap) + size
    if line:
        lines.append(line)
    return lines or [""]


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Help in Chinese (unless ``lang`` is ``en``), aligned and wrapped by display width.

    Descriptions are kept as written (a command's description may list its cases line by line).
    """

    class _Section(argparse.RawDescriptionHelpFormatter._Section):
        def format_help(self):
            text = super().format_help()
            if self.heading and display_width(self.heading) != len(self.heading):  # a Chinese heading
                text = text.replace(f"{self.heading}:\n", f"{self.heading}：\n", 1)
            return text

    def __init__(self, prog: str, lang: str = "zh", **kwargs):
        super().__init__(prog, **kwargs)
        self.lang = lang

    @property
    def zh(self) -> bool:
        return self.lang != "en"

    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None and self.zh:
            prefix = USAGE_ZH
        super().add_usage(usage, actions, groups, prefix)

    def _format_usage(self, usage, actions, groups, prefix):
        """argparse's usage on one line, wrapped again by display width (argparse counts characters)."""
        if not self.zh or prefix is None:
            return super()._format_usage(usage, actions, groups, prefix)
        width, self._width = self._width, 1 << 30
        try:
            line = super()._format_usage(usage, actions, groups, prefix).rstrip("\n")
        finally:
            self._width = width
        head = prefix + self._prog
        if "\n" in line or not line.startswith(head):  # a usage written by hand: as it is
            return line + "\n\n"
        parts: list[str] = []
        for part in re.findall(r"\(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|\S+", line[len(head):]):
            if parts and parts[-1].startswith("-") and not part.startswith(("-", "[", "(")):
                parts[-1] += " " + part  # a required option and its value stay on one line
            else:
                parts.append(part)
        indent = display_width(head) + 1
        lines, current = [], head
        for part in parts:
            if current != head and display_width(current) + 1 + display_width(part) > width - 2:
                lines.append(current)
                current = " " * (indent - 1)
            current += " " + part
        lines.append(current)
        return "\n".join(lines) + "\n\n"

    def start_section(self, heading):
        super().start_section(WORDS.get(heading, heading) if self.zh and heading else heading)

    def _expand_help(self, action):
        text = super()._expand_help(action)
        return WORDS.get(text, text) if self.zh else text

    def _get_default_metavar_for_optional(self, action):
        if self.zh and action.dest in METAVARS:
            return METAVARS[action.dest]
        return super()._get_default_metavar_for_optional(action)

    def _get_default_metavar_for_positional(self, action):
        if self.zh and action.dest in METAVARS:
            return METAVARS[action.dest]
        return super()._get_default_metavar_for_positional(action)

    def add_argument(self, action):
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:  # argparse measured the invocations with len()
            invocations = [self._format_action_invocation(action)]
            invocations += [self._format_action_invocation(sub) for sub in self._iter_indented_subactions(action)]
            length = max(map(display_width, invocations)) + self._current_indent
            self._action_max_length = max(self._action_max_length, length)

    def _split_lines(self, text, width):
        return wrap(text, width)

    def _format_action(self, action):
        """argparse's layout of one option and its help, with widths measured in columns."""
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = self._format_action_invocation(action)
        indent = " " * self._current_indent
        indent_first = help_position
        if not action.help:
            header = f"{indent}{header}\n"
        elif display_width(header) <= action_width:
            header = f"{indent}{header}{' ' * (action_width - display_width(header))}  "
            indent_first = 0
        else:
            header = f"{indent}{header}\n"
        parts = [header]
        if action.help and action.help.strip():
            help_text = self._expand_help(action)
            if help_text:
                lines = self._split_lines(help_text, help_width)
                parts.append(f"{' ' * indent_first}{lines[0]}\n")
                parts += [f"{' ' * help_position}{line}\n" for line in lines[1:]]
        elif not header.endswith("\n"):
            parts.append("\n")
        for subaction in self._iter_indented_subactions(action):
            parts.append(self._format_action(subaction))
        return self._join_parts(parts)


class Parser(argparse.ArgumentParser):
    """argparse whose own words are Chinese (unless ``--lang en``) and that exits with 2 and a Chinese
    message on usage errors."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def _get_formatter(self):
        if isinstance(self.formatter_class, type) and issubclass(self.formatter_class, Formatter):
            return self.formatter_class(prog=self.prog, lang=LANG["value"])
        return super()._get_formatter()

    def parse_args(self, args=None, namespace=None):
        """argparse's, but arguments nobody knows are the chosen subcommand's error (its usage, its ``-h``)."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            self._chosen(parsed).error("unrecognized arguments: " + " ".join(extras))
        return parsed

    def _chosen(self, parsed) -> argparse.ArgumentParser:
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                chosen = action.choices.get(getattr(parsed, action.dest, None) or "")
                if chosen is not None:
                    return chosen._chosen(parsed) if isinstance(chosen, Parser) else chosen
        return self

    def error(self, message: str):
        self.print_usage(sys.stderr)
        if LANG["value"] == "en":
            self.exit(2, f"{self.prog}: usage error: {message}\n")
        self.exit(2, f"{self.prog}: 用法错误：{error_zh(message)}。用 {self.prog} -h 查看用法。\n")
