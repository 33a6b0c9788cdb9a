"""A strict YAML reader: libyaml's parser, YAML 1.2 core scalars, line numbers for every node.

PyYAML's default resolver follows YAML 1.1, where ``09:12`` is the integer 552,
``2025-03-01`` becomes a ``date`` and ``no`` becomes ``False``. Records must not change
meaning behind the author's back, so only ``true``/``false``, ``null``, integers and
floats are recognised; everything else stays text. Duplicate keys, unknown tags,
excessive alias expansion and deep nesting are reported instead of being silently
accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from yuqing.i18n import Msg

try:  # libyaml's C parser where present; the pure-Python one otherwise
    from yaml._yaml import CParser as _Parser

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    HAVE_LIBYAML = False

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MAX_NODES = 20_000
MAX_DEPTH = 64

Path = tuple  # a tuple of keys and list indexes, e.g. ("reports", 0, "at")

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema: nothing else is implicitly typed."""


_CoreResolver.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_CoreResolver.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_CoreResolver.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_CoreResolver.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)


_IMPLICIT = [(tag, regexp) for tag, regexp in
             dict.fromkeys((tag, regexp) for resolvers in _CoreResolver.yaml_implicit_resolvers.values()
                           for tag, regexp in resolvers)]
_MAY_BE_TYPED = frozenset(_CoreResolver.yaml_implicit_resolvers)


class _Composer(_Parser, _CoreResolver):
    def __init__(self, stream: str):
        _Parser.__init__(self, stream)
        _CoreResolver.__init__(self)

    def resolve(self, kind, value, implicit):
        """The resolver's answer without its generic machinery: the parser asks once per node."""
        if kind is ScalarNode:
            if implicit[0] and (value == "" or value[0] in _MAY_BE_TYPED):
                for tag, regexp in _IMPLICIT:
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    # No resolver here depends on a node's path, so the parser's per-node bookkeeping of it is skipped.
    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


@dataclass
class YamlProblem:
    """A problem found while reading YAML; ``code`` is the rule it belongs to."""

    code: str
    line: int
    column: int
    msg: Msg


@dataclass
class YamlDocument:
    data: object
    positions: dict = field(default_factory=dict)  # path -> (line, column) of the value
    key_positions: dict = field(default_factory=dict)  # path -> (line, column) of the key


class YamlError(Exception):
    """The text cannot be read as YAML at all."""

    def __init__(self, problem: YamlProblem):
        super().__init__(problem.msg.en)
        self.problem = problem


_TAB_HINT = Msg("不能用制表符（Tab）缩进或分隔，请全部改用空格。", "tabs are not allowed here; use spaces.")

# libyaml says this of a tab too: the offending line tells which it is
_TOKEN_HINT = Msg("这个值以 YAML 的特殊符号（如 @、`、% 或 |、>）开头。请把整段值用引号括起来。",
                  "the value starts with a character YAML reserves (@, `, %, | or >); quote the whole value.")

_LIBYAML_HINTS = [
    ("found character '\\t'", _TAB_HINT),
    ("tab character", _TAB_HINT),
    ("mapping values are not allowed", Msg(
        "此处不应出现“冒号+空格”。如果文字中含有冒号，请把整段文字用引号括起来；也请检查缩进是否对齐。",
        "a ': ' is not allowed here; quote text that contains a colon, and check the indentation.")),
    ("could not find expected ':'", Msg("这一行缺少“字段名: 值”中的冒号，或者缩进没有对齐。",
                                       "expected 'key: value' here; check the colon and the indentation.")),
    ("did not find expected key", Msg("缩进没有对齐，或列表项（以“- ”开头）放在了错误的位置。",
                                     "indentation is off, or a list item ('- ') is in the wrong place.")),
    ("did not find expected '-'", Msg("列表的缩进没有对齐。", "the list's indentation is off.")),
    ("did not find expected ',' or", Msg("方括号 [ ] 或花括号 { } 没有闭合，或其中的逗号有误。",
                                         "an unclosed [ ] or { }, or a misplaced comma.")),
    ("found undefined alias", Msg("引用了未定义的锚点（*名称）。", "an alias refers to an undefined anchor.")),
    ("exceeded maximum nesting depth", Msg("嵌套层次过深，文件不像是一份事件记录。",
                                           "nesting is too deep for a record.")),
    ("but found another document", Msg("文件中有多个 YAML 文档（多余的 --- 分隔线）。请只保留一个。",
                                       "the file holds more than one YAML document (an extra '---').")),
    ("found unexpected end of stream", Msg("文件意外结束：可能有未闭合的引号或括号。",
                                          "unexpected end of file: an unclosed quote or bracket?")),
    ("control characters are not allowed", Msg("文件中含有不可见的控制字符，请删除。",
                                              "the file contains control characters.")),
    ("special characters are not allowed", Msg("文件中含有不可见的控制字符，请删除。",
                                              "the file contains control characters.")),
    ("cannot start any token", _TOKEN_HINT),
    ("unknown escape character", Msg(
        "双引号里的反斜杠 \\ 后面跟了 YAML 不认识的字符。请改用单引号，或把 \\ 写成 \\\\。",
        "a backslash in double quotes starts an unknown escape; use single quotes or write \\\\.")),
    ("block sequence entries are not allowed", Msg(
        "此处不应出现列表项“- ”：请检查缩进，列表项应写在字段名的下一行并比它多缩进。",
        "a list item ('- ') is not allowed here; check the indentation.")),
    ("sequence entries are not allowed", Msg(
        "此处不应出现列表项“- ”：请检查缩进，列表项应写在字段名的下一行并比它多缩进。",
        "a list item ('- ') is not allowed here; check the indentation.")),
    ("mapping keys are not allowed", Msg("此处不应出现“字段名:”：请检查缩进和问号“?”。",
                                         "a key is not allowed here; check the indentation.")),
    ("did not find expected node content", Msg("这里缺少值，或值以不能开头的符号开始。请把整段值用引号括起来。",
                                               "a value is missing here; quote the value.")),
    ("expected the node content", Msg("这里缺少值，或值以不能开头的符号开始。请把整段值用引号括起来。",
                                      "a value is missing here; quote the value.")),
    ("expected comment or line break", Msg("引号或括号结束后还有多余的文字。请把整段值放进引号里。",
                                           "text follows a closing quote or bracket; quote the whole value.")),
    ("expected a comment or a line break", Msg("引号或括号结束后还有多余的文字。请把整段值放进引号里。",
                                               "text follows a closing quote or bracket; quote the whole value.")),
    ("expected alphabetic or numeric character", Msg(
        "以 & 或 * 开头的值会被当作 YAML 锚点或引用。请把整段值用引号括起来。",
        "a value starting with & or * is read as an anchor or alias; quote it.")),
    ("undefined tag handle", Msg("以 ! 开头的值会被当作 YAML 标签。请把整段值用引号括起来。",
                                 "a value starting with ! is read as a YAML tag; quote it.")),
    ("unexpected document indicator", Msg("这一行的 --- 或 ... 被当作了文档分隔线。请把它放进引号里，或删除。",
                                          "a '---' or '...' line is read as a document separator.")),
    ("found unexpected ':'", Msg("此处不应出现冒号。如果文字中含有冒号，请把整段文字用引号括起来。",
                                 "an unexpected ':'; quote text that contains a colon.")),
]


_UNCLOSED = ("found unexpected end of stream", "did not find expected ',' or")


_TEXT_LINE = re.compile(r"^[ ]*(?P<key>(?:-[ ]+)?[A-Za-z_][A-Za-z0-9_]*:[ ]+)(?P<value>[^'\"|>\[{].*?)[ ]*$")
_FULL_WIDTH_QUOTES = {"“": "”", "‘": "’"}


def _quoted_line(line: str) -> str | None:
    """``summary: "网民称: 护理不到位"``: the line with its text in double quotes (full-width ones replaced)."""
    match = _TEXT_LINE.match(line)
    if match is None:
        return None
    value = match["value"]
    if value[:1] in _FULL_WIDTH_QUOTES and value.endswith(_FULL_WIDTH_QUOTES[value[0]]):
        value = value[1:-1]
    return match["key"] + '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _syntax_problem(exc: yaml.YAMLError, line_offset: int, text: str = "") -> YamlProblem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if any(needle in str(exc) for needle in _UNCLOSED) and getattr(exc, "context_mark", None):
        mark = exc.context_mark  # an unclosed quote or bracket: point at where it opens, not at the end
    line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
    column = (mark.column + 1) if mark else 1
    position = getattr(exc, "position", None)  # a ReaderError (control character) has no mark
    if mark is None and isinstance(position, int) and position >= 0:
        # libyaml counts UTF-8 bytes, the pure-Python reader characters
        before = text.encode("utf-8")[:position].decode("utf-8", "ignore") if HAVE_LIBYAML else text[:position]
        line = before.count("\n") + 1 + line_offset
        column = len(before) - (before.rfind("\n") + 1) + 1
    detail = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    hint = next((hint for needle, hint in _LIBYAML_HINTS if needle in str(exc)), None)
    if (hint is None or hint is _TOKEN_HINT) and mark is not None:
        # libyaml words tab problems in several ways; look at the offending line itself
        lines = text.split("\n")
        if mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            hint = _TAB_HINT
    if hint is None:
        hint = Msg("请检查这一行附近的格式（缩进、冒号、引号）。", "check the format near this line.")
    if mark is not None and mark.line < len(lines := text.split("\n")) and "mapping values are not allowed" in str(exc):
        quoted = _quoted_line(lines[mark.line])
        if quoted is not None:
            hint = hint + Msg(f"请改成：{quoted}", f" Write: {quoted}")
    return YamlProblem(
        "YQ001", line, column,
        # the parser's own words are English: only the English message quotes them
        Msg(f"YAML 格式错误：{hint.zh}", f"invalid YAML: {hint.en} (parser: {detail})"),
    )


def _load(text: str, line_offset: int, max_nodes: int) -> tuple[YamlDocument, list[YamlProblem]]:
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.YAMLError as exc:
        raise YamlError(_syntax_problem(exc, line_offset, text)) from None
    finally:
        composer.dispose()
    builder = _Builder(line_offset, max_nodes)
    if node is None:
        return YamlDocument(None), []
    data = builder.build(node, (), 0)
    return YamlDocument(data, builder.positions, builder.key_positions), builder.problems


def load_yaml(text: str, line_offset: int = 0, max_nodes: int = MAX_NODES) -> tuple[YamlDocument, list[YamlProblem]]:
    """Parse one YAML document strictly.

    ``line_offset`` shifts reported lines (front matter starts below the ``---`` line).
    Raises :class:`YamlError` when nothing usable can be read; returns recoverable
    problems (duplicate keys, a key written ``level：重大``) beside the data.

    A key followed by a full-width colon or by a colon without a space (``level：重大``,
    ``level:重大``) is not a key for YAML but text, so the error surfaces a line later or as a
    field of the wrong type. Such lines are found by scanning the text; where the corrected
    line is a key, the problem is reported on it and the rest is read as corrected.
    """
    fixes = _key_fixes(text)
    try:
        parsed, error = _load(text, line_offset, max_nodes), None
    except YamlError as exc:
        parsed, error = None, exc
    if fixes and parsed is not None:  # only where YAML saw a value start: not inside a longer text
        starts = set(parsed[0].positions.values()) | set(parsed[0].key_positions.values())
        fixes = [fix for fix in fixes if (fix.line + 1 + line_offset, fix.column) in starts]
    fixed = _load_fixed(text, fixes, line_offset, max_nodes) if fixes else None
    if fixed is not None:
        return fixed
    if error is not None:
        near = [fix for fix in fixes if fix.line in (error.problem.line - 1 - line_offset,
                                                      error.problem.line - 2 - line_offset)]
        if near:  # the corrected text has another mistake too: this one first, on its line
            raise YamlError(near[-1].problem(line_offset)) from None
        raise error
    return parsed


@dataclass
class _KeyFix:
    """A line whose key is followed by a full-width colon or a colon without a space."""

    line: int  # 0-based within the YAML text
    column: int  # 1-based column of the key
    colon_column: int
    old: str  # the key, its colon and the spaces after it as written
    new: str  # as they should be
    key: str
    colon: str
    fixed_line: str

    def problem(self, line_offset: int) -> YamlProblem:
        pasted = self.fixed_line.strip()
        if self.colon == "：":
            msg = Msg(f"字段名“{self.key}”后面用了中文冒号“：”。YAML 只认英文冒号加空格“: ”，"
                      f"这一行会被当作一段文字。请改成：{pasted}",
                      f"the key '{self.key}' is followed by a full-width colon '：'; YAML needs ': '. "
                      f"Write: {pasted}")
        else:
            msg = Msg(f"字段名“{self.key}”后面的冒号“:”后缺少空格，这一行会被当作一段文字。"
                      f"冒号后要加一个空格，请改成：{pasted}",
                      f"the colon after the key '{self.key}' needs a space after it. Write: {pasted}")
        return YamlProblem("YQ001", self.line + 1 + line_offset, self.colon_column, msg)


# ``level：重大``, ``- kind：口头报告``, ``时间：…`` (a Chinese element name), ``level:重大``
_KEY_MISTAKE = re.compile(
    r"^(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[A-Za-z_][A-Za-z0-9_]*|[\u4e00-\u9fff]{1,12})(?P<old>[ \t]*(?P<colon>：|:(?=[^\s:/]))[ \t]*)",
    re.MULTILINE)


def _key_fixes(text: str) -> list[_KeyFix]:
    fixes = []
    lines = None
    for match in _KEY_MISTAKE.finditer(text):  # one pass over the text: most records have no such line
        if match["colon"] == ":" and not match["key"].isascii():
            continue
        if lines is None:
            lines = text.split("\n")
        number = text.count("\n", 0, match.start())
        line = lines[number]
        start = match.start() - (text.rfind("\n", 0, match.start()) + 1)  # where the match starts in its line
        end = start + match.end() - match.start()
        rest = line[end:]
        if match["colon"] == ":" and not rest.strip():
            continue
        new = ":" if not rest.strip() else ": "  # ``source：`` above its fields
        old_start = start + match.start("old") - match.start()
        fixed_line = line[:old_start] + new + rest
        fixes.append(_KeyFix(number, start + match.start("key") - match.start() + 1,
                             start + match.start("colon") - match.start() + 1, match["old"], new,
                             match["key"], match["colon"], fixed_line))
    return fixes


def _apply(text: str, fixes: list[_KeyFix]) -> str:
    lines = text.split("\n")
    for fix in fixes:
        lines[fix.line] = fix.fixed_line
    return "\n".join(lines)


def _load_fixed(text: str, fixes: list[_KeyFix], line_offset: int, max_nodes: int):
    """The document read with ``fixes`` applied, their problems first; None if that is no better."""
    for _attempt in range(2):
        try:
            doc, problems = _load(_apply(text, fixes), line_offset, max_nodes)
        except YamlError:
            return None
        keys = set(doc.key_positions.values())
        kept = [fix for fix in fixes if (fix.line + 1 + line_offset, fix.column) in keys]
        if len(kept) == len(fixes):
            break
        fixes = kept
        if not fixes:
            return None
    else:  # pragma: no cover - a fix kept the second time is a key
        return None
    shifts = {fix.line + 1 + line_offset: (fix.column + len(fix.key) + len(fix.old), len(fix.new) - len(fix.old))
              for fix in fixes}
    for positions in (doc.positions, doc.key_positions):  # columns as written, not as corrected
        for path, (line, column) in positions.items():
            if line in shifts and column >= shifts[line][0]:
                positions[path] = (line, column - shifts[line][1])
    return doc, [fix.problem(line_offset) for fix in fixes] + problems


def list_lengths(text: str, names: tuple[str, ...]) -> dict[str, int]:
    """How many items each top-level list in ``names`` has (the first of a repeated key), without
    building the data or its positions: cheap enough for every old revision of every record.
    Text that is not a YAML mapping gives {}."""
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.YAMLError:
        return {}
    finally:
        composer.dispose()
    lengths: dict[str, int] = {}
    if not isinstance(node, MappingNode):
        return lengths
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, ScalarNode) else None
        if key in seen or key not in names:
            continue
        seen.add(key)
        if isinstance(value_node, SequenceNode):
            lengths[key] = len(value_node.value)
    return lengths


class _Builder:
    def __init__(self, line_offset: int, max_nodes: int):
        self.line_offset = line_offset
        self.max_nodes = max_nodes
        self.count = 0
        self.positions: dict = {}
        self.key_positions: dict = {}
        self.problems: list[YamlProblem] = []

    def where(self, node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def fail(self, node, msg: Msg):
        line, column = self.where(node)
        raise YamlError(YamlProblem("YQ001", line, column, msg))

    def build(self, node, path: tuple, depth: int):
        self.count += 1
        if self.count > self.max_nodes:
            self.fail(node, Msg(
                f"YAML 内容展开后超过 {self.max_nodes} 个节点（记录内容过多，或是恶意的锚点/别名“炸弹”），已停止读取。"
                "一份记录不应有这么多条目，请删去多余内容或拆分记录。",
                f"the YAML expands to more than {self.max_nodes} nodes (far too many entries, or an alias bomb); "
                "reading stopped."))
        if depth > MAX_DEPTH:
            self.fail(node, Msg(f"嵌套层次超过 {MAX_DEPTH} 层，文件不像是一份事件记录。",
                                f"nesting deeper than {MAX_DEPTH} levels."))
        self.positions[path] = self.where(node)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                self.bad_tag(node)
            return [self.build(item, path + (index,), depth + 1) for index, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                self.bad_tag(node)
            return self.mapping(node, path, depth)
        self.bad_tag(node)  # pragma: no cover

    def mapping(self, node: MappingNode, path: tuple, depth: int) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, Msg("字段名必须是简单的文字，不能是列表或映射。",
                                        "a key must be plain text, not a list or mapping."))
            key = self.scalar(key_node)
            if not isinstance(key, str):
                key = key_node.value
            if key in result:
                line, column = self.where(key_node)
                first_line = self.key_positions[path + (key,)][0]
                self.problems.append(YamlProblem("YQ002", line, column, Msg(
                    f"字段“{key}”在同一处重复出现（第 {first_line} 行已有）。请删除或合并其中一个；本行的值未被采用。",
                    f"key '{key}' is repeated (first on line {first_line}); remove or merge one. "
                    "This occurrence was ignored.")))
                self.count += 1
                continue
            self.key_positions[path + (key,)] = self.where(key_node)
            result[key] = self.build(value_node, path + (key,), depth + 1)
        return result

    def scalar(self, node: ScalarNode):
        tag, value = node.tag, node.value
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _INT:
            text = value.replace("_", "")
            if len(text) > 1000:  # an absurd number stays text: str() of a huge int fails (sys.int_info)
                return value
            if text.startswith("0o"):
                return int(text[2:], 8)
            if text.startswith("0x"):
                return int(text[2:], 16)
            try:
                return int(text)
            except ValueError:  # more digits than Python converts (sys.int_info): keep the text
                return value
        if tag == _FLOAT:
            lowered = value.lower()
            if lowered.endswith("inf"):
                return float("-inf") if lowered.startswith("-") else float("inf")
            if lowered.endswith("nan"):
                return float("nan")
            return float(value)
        self.bad_tag(node)

    def bad_tag(self, node):
        self.fail(node, Msg(f"不支持 YAML 标签“{node.tag}”，请删除它，直接写值。",
                            f"the YAML tag '{node.tag}' is not supported; write the plain value."))
