"""Editing a record's YAML in place by text insertion: the file's comments, key order and layout stay.

``yuqing add`` appends one entry to a top-level list (``reports``, ``responses`` …) or sets a
top-level scalar (``status``, ``closed_at``, ``level``). The YAML is parsed once for the
positions of its nodes; new lines are written in the style of the list they join (the column
of its ``-`` and of the keys), and every line not touched is kept byte for byte, line ends and
a byte-order mark included. The edited text is read back and compared with what was meant
before anything is written (:func:`verify`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from yuqing.i18n import Msg
from yuqing.loader import FRONT_MATTER_FENCE, LoadedDocument, load_text
from yuqing.yamlstrict import YamlError, _Composer, load_yaml

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_FLOW_UNSAFE = set(",[]{}")

#: An entry's value: text, a number, a flow list (``[分管领导, 主要领导]``), a nested mapping
#: (``elements:``) or a list of small flow mappings (``approvals:``).
Value = str | int | list | dict


class EditError(Exception):
    """The record cannot be edited safely as it is written; ``msg`` says why and what to do."""

    def __init__(self, msg: Msg):
        super().__init__(msg.zh)
        self.msg = msg


@dataclass
class Edit:
    """The edited text and the 1-based lines (of the whole file) that were inserted or changed."""

    text: str
    changed: list[int] = field(default_factory=list)


def scalar(value: Value, flow: bool = False) -> str:
    """A scalar as YAML text: plain where the strict loader reads it back as the same text, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text and text == text.strip() and "\n" not in text and not (flow and _FLOW_UNSAFE & set(text)):
        try:
            data = load_yaml(f"k: [{text}]\n" if flow else f"k: {text}\n")[0].data
        except YamlError:
            data = None
        if data == {"k": [text] if flow else text}:
            return text
    return json.dumps(text, ensure_ascii=False)


def _flow(value: Value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in value.items()) + "}"
    return scalar(value, flow=True)


def entry_lines(entry: dict[str, Value], dash: int, keys: int, step: int = 2) -> list[str]:
    """A list item as block YAML: ``-`` at column ``dash``, its keys at column ``keys``."""
    lines = []
    for index, (key, value) in enumerate(entry.items()):
        lead = " " * dash + "-" + " " * (keys - dash - 1) if index == 0 else " " * keys
        if isinstance(value, dict):
            lines.append(f"{lead}{key}:")
            lines += [f"{' ' * (keys + step)}{name}: {scalar(text)}" for name, text in value.items()]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{lead}{key}:")
            lines += [f"{' ' * (keys + step)}- {_flow(item)}" for item in value]
        elif isinstance(value, list):
            lines.append(f"{lead}{key}: {_flow(value)}")
        else:
            lines.append(f"{lead}{key}: {scalar(value)}")
    return lines


class _Record:
    """A record's text split into lines (ends kept) with its top-level YAML nodes."""

    def __init__(self, text: str, suffix: str):
        self.bom = "\ufeff" if text.startswith("\ufeff") else ""
        self.lines = _LINE.findall(text[len(self.bom):])
        first_end = re.search(r"\r\n|\r|\n", text)
        self.newline = first_end.group() if first_end else "\n"
        self.suffix = suffix
        self.first, self.last = self._yaml_lines()  # 0-based: the YAML is lines[first:last]
        yaml_text = "".join(line.rstrip("\r\n") + "\n" for line in self.lines[self.first:self.last])
        composer = _Composer(yaml_text)
        try:
            node = composer.get_single_node()
        except yaml.YAMLError:
            raise EditError(_UNREADABLE) from None
        finally:
            composer.dispose()
        if not isinstance(node, MappingNode):
            raise EditError(_UNREADABLE)
        self.root = node

    def _yaml_lines(self) -> tuple[int, int]:
        if self.suffix != ".md":
            return 0, len(self.lines)
        if not self.lines or self.lines[0].rstrip() != FRONT_MATTER_FENCE:
            raise EditError(_UNREADABLE)
        for index in range(1, len(self.lines)):
            if self.lines[index].rstrip() in (FRONT_MATTER_FENCE, "..."):
                return 1, index
        raise EditError(_UNREADABLE)

    def top(self, key: str) -> tuple[ScalarNode, object] | None:
        for key_node, value_node in self.root.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return key_node, value_node
        return None

    def text(self) -> str:
        return self.bom + "".join(self.lines)

    def line(self, yaml_line: int) -> int:
        """The index in ``lines`` of a 0-based line of the YAML text."""
        return self.first + yaml_line

    def ensure_newline(self, index: int) -> None:
        """Give ``lines[index]`` a line end (the last line of a file may have none)."""
        if index < len(self.lines) and not self.lines[index].endswith(("\n", "\r")):
            self.lines[index] += self.newline

    def insert(self, index: int, new: list[str]) -> list[int]:
        if index > 0:
            self.ensure_newline(index - 1)
        self.lines[index:index] = [text + self.newline for text in new]
        return list(range(index + 1, index + len(new) + 1))

    def top_insertion_point(self) -> int:
        """Where a new top-level key goes: before a .yml file's ``body:``, else at the end of the YAML."""
        body = self.top("body")
        if self.suffix != ".md" and body is not None:
            return self.line(body[0].start_mark.line)
        return self.last

    def list_style(self) -> tuple[int, int]:
        """The columns of ``-`` and of the keys in the record's existing block lists (default 2 and 4)."""
        for _key, value in self.root.value:
            if isinstance(value, SequenceNode) and not value.flow_style and value.value:
                item = value.value[0]
                if isinstance(item, MappingNode) and not item.flow_style:
                    return value.start_mark.column, item.start_mark.column
        return 2, 4


_UNREADABLE = Msg("记录的 YAML 无法读取，不能自动追加。请先运行 yuqing check 查看并修正错误，再追加。",
                  "the record's YAML cannot be read; run yuqing check, fix it, then append.")


def _last_leaf(node):
    """The scalar or flow collection a node's text ends with."""
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        return node
    children = node.value if isinstance(node, SequenceNode) else [part for pair in node.value for part in pair]
    if not children:
        return node
    return max((_last_leaf(child) for child in children), key=lambda leaf: (leaf.end_mark.line, leaf.end_mark.column))


def _line_after(record: _Record, node) -> int:
    """The index in ``lines`` just after a list item's own text (comments and blank lines after it excluded)."""
    leaf = _last_leaf(node)
    index = record.line(leaf.end_mark.line) + (1 if leaf.end_mark.column > 0 else 0)
    if isinstance(leaf, ScalarNode) and leaf.style in ("|", ">"):  # a block scalar ends after the blank lines
        header = record.lines[record.line(leaf.start_mark.line)][leaf.start_mark.column:].split()
        start = record.line(leaf.start_mark.line)
        if header and "+" not in header[0]:  # ...which are its text only with "keep" chomping (|+)
            while index - 1 > start and not record.lines[index - 1].strip():
                index -= 1
    return index


def append_entry(text: str, suffix: str, name: str, entry: dict[str, Value]) -> Edit:
    """``text`` with ``entry`` appended to the top-level list ``name`` (created when missing)."""
    record = _Record(text, suffix)
    found = record.top(name)
    if found is None:
        dash, keys = record.list_style()
        index = record.top_insertion_point()
        changed = record.insert(index, [f"{name}:"] + entry_lines(entry, dash, keys))
        return Edit(record.text(), changed)
    key_node, value = found
    if isinstance(value, SequenceNode) and not value.flow_style and value.value:
        first = value.value[0]
        dash, keys = value.start_mark.column, first.start_mark.column
        if not isinstance(first, MappingNode) or first.flow_style or keys <= dash:
            keys = dash + 2
        index = _line_after(record, value.value[-1])
        changed = record.insert(index, entry_lines(entry, dash, keys))
        return Edit(record.text(), changed)
    empty = (isinstance(value, SequenceNode) and not value.value) or (
        isinstance(value, ScalarNode) and value.tag.endswith(":null"))
    if not empty:
        raise EditError(Msg(
            f"记录中的 {name} 写成了一行的形式或不是列表，无法自动追加。请改成每项以“- ”开头、一项一段的写法后再试，"
            "或直接编辑文件。",
            f"the record's {name} is written on one line or is not a list; rewrite it as a block list and retry."))
    dash, keys = record.list_style()
    key_index = record.line(key_node.start_mark.line)
    if value.start_mark.line != key_node.start_mark.line and value.end_mark.line != value.start_mark.line:
        raise EditError(_UNREADABLE)
    changed = []
    if value.end_mark.index > value.start_mark.index:  # `[]`, `~` or `null` written after the key: removed
        if value.start_mark.line != key_node.start_mark.line:
            raise EditError(_UNREADABLE)
        line = record.lines[key_index]
        ending = line[len(line.rstrip("\r\n")):]
        rest = line[value.end_mark.column:len(line) - len(ending)]
        record.lines[key_index] = line[:value.start_mark.column].rstrip() + rest + ending
        changed.append(key_index + 1)
    changed += record.insert(key_index + 1, entry_lines(entry, dash, keys))
    return Edit(record.text(), changed)


def set_scalars(text: str, suffix: str, values: dict[str, Value]) -> Edit:
    """``text`` with each top-level key of ``values`` set to its value (added when missing)."""
    edit = Edit(text)
    for name, value in values.items():
        record = _Record(edit.text, suffix)
        found = record.top(name)
        if found is None:
            changed = record.insert(record.top_insertion_point(), [f"{name}: {scalar(value)}"])
            edit = Edit(record.text(), edit.changed + changed)
            continue
        key_node, node = found
        if not isinstance(node, ScalarNode) or node.start_mark.line != key_node.start_mark.line \
                or node.end_mark.line != node.start_mark.line or node.style in ("|", ">"):
            raise EditError(Msg(f"记录中的 {name} 不是写在一行上的值，无法自动修改。请直接编辑文件。",
                                f"the record's {name} is not a one-line value; edit the file by hand."))
        index = record.line(key_node.start_mark.line)
        line = record.lines[index]
        if node.end_mark.index == node.start_mark.index:  # `closed_at:` with nothing after it
            colon = line.index(":", key_node.end_mark.column)
            line = line[:colon + 1] + " " + scalar(value) + line[colon + 1:]
        else:
            line = line[:node.start_mark.column] + scalar(value) + line[node.end_mark.column:]
        record.lines[index] = line
        edit = Edit(record.text(), sorted(set(edit.changed) | {index + 1}))
    return edit


def verify(before: str, after: str, suffix: str, expected: dict) -> LoadedDocument:
    """Read the edited text back: readable, and its top-level data is ``before``'s updated by ``expected``
    (a key's new value; a list's value is the complete new list). Raises :class:`EditError` otherwise."""
    old, new = load_text(plain(before), suffix), load_text(plain(after), suffix)
    wanted = dict(old.data or {})
    wanted.update(expected)
    if not new.readable or new.problems or new.data != wanted or new.body != old.body:
        raise EditError(Msg("追加后的记录与预期不符，文件未修改。请把这条消息和所用的文件发给局办公室。",
                            "the edited record is not what was meant; the file was not changed. Please report this."))
    return new


def plain(text: str) -> str:
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")
