"""Reading record files: bytes to a document with data, body and positions, or problems.

Incidents and reviews are Markdown files with YAML front matter, or pure YAML files
whose narrative is in a ``body`` field. The reader accepts only UTF-8 (a BOM and CRLF
line ends are tolerated), recognises GBK files and says so, refuses binary, empty and
oversized files, and reports every problem with a line and a column.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from yuqing import yamlstrict
from yuqing.i18n import Msg
from yuqing.yamlstrict import YamlDocument, YamlError, YamlProblem, load_yaml

MAX_FILE_BYTES = 1_000_000
RECORD_SUFFIXES = (".md", ".yml", ".yaml")
FRONT_MATTER_FENCE = "---"


@dataclass
class LoadedDocument:
    """A record file as read: its YAML data, where each value is, and the Markdown body."""

    data: object = None
    positions: dict = field(default_factory=dict)
    key_positions: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    text: str = ""
    problems: list[YamlProblem] = field(default_factory=list)
    readable: bool = True

    def locate(self, loc: tuple) -> tuple[int, int]:
        """Line and column of the value at ``loc``, or of its nearest existing ancestor."""
        loc = tuple(loc)
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            if loc in self.key_positions:
                return self.key_positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))

    def locate_key(self, loc: tuple) -> tuple[int, int]:
        """Line and column of the key of ``loc`` (falls back to :meth:`locate`)."""
        return self.key_positions.get(tuple(loc)) or self.locate(loc)


_OS_REASONS = {
    errno.EACCES: "没有读取权限，请检查文件或目录的权限",
    errno.EPERM: "操作系统不允许访问，请检查文件或目录的权限",
    errno.ENOENT: "文件或目录不存在（或符号链接指向的文件不存在）",
    errno.ELOOP: "符号链接形成了循环（链接指向自己），请改为普通文件",
    errno.ENAMETOOLONG: "文件名或路径太长，请改短",
    errno.ENOTDIR: "路径中的某一级不是目录",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.EIO: "磁盘读写出错，请检查存储设备",
    errno.ENOSPC: "磁盘空间已满",
    errno.EROFS: "文件系统是只读的",
    errno.EMFILE: "同时打开的文件太多",
    errno.EEXIST: "文件已存在",
    errno.ECONNREFUSED: "连接被拒绝",
    errno.ECONNRESET: "连接被对方中断",
    errno.ETIMEDOUT: "连接超时",
    errno.ENETUNREACH: "网络不通",
    errno.EHOSTUNREACH: "无法到达对方主机",
    errno.EPIPE: "连接已断开",
}


def os_reason(exc: OSError) -> Msg:
    """Why the operating system refused, in Chinese (its own words, ``strerror``, are English)."""
    english = exc.strerror or str(exc) or type(exc).__name__
    zh = _OS_REASONS.get(exc.errno)
    if zh is None:
        zh = f"操作系统报告错误（错误号 {exc.errno}）" if exc.errno else "操作系统报告错误"
    return Msg(zh, english)


def _unreadable(line: int, column: int, msg: Msg) -> LoadedDocument:
    return LoadedDocument(problems=[YamlProblem("YQ001", line, column, msg)], readable=False)


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


def read_bytes(path: Path | str, limit: int = MAX_FILE_BYTES) -> bytes | LoadedDocument:
    """The file's bytes, or an unreadable document saying why."""
    try:
        status = os.stat(path)
        size = status.st_size
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(status.st_mode):  # a pipe or device would block or never end
            return _unreadable(1, 1, Msg("这不是普通文件（可能是管道或设备文件），不读取。请改用普通的 .md 或 .yml 文件。",
                                         "not a regular file (a pipe or a device); not read."))
        if size > limit:
            return _unreadable(1, 1, Msg(
                f"文件过大（{size:,} 字节，上限 {limit:,} 字节）。一份事件记录不应这么大，"
                "请检查是否误粘贴了大量内容或附件，附件请另行存放。",
                f"the file is too large ({size:,} bytes, limit {limit:,}); attachments belong elsewhere."))
        with open(path, "rb") as handle:
            # read(n) allocates n bytes first: ask for the size found (one more tells a file that grew)
            raw = handle.read(size + 1)
            return raw + handle.read(limit + 1 - len(raw)) if len(raw) > size else raw
    except IsADirectoryError:
        return _unreadable(1, 1, Msg("这是一个目录，不是文件。", "this is a directory, not a file."))
    except OSError as exc:
        return _unreadable(1, 1, Msg("无法读取文件：", "cannot read the file: ") + os_reason(exc) + Msg("。", "."))


def decode(raw: bytes) -> str | LoadedDocument:
    """UTF-8 text with the BOM removed and line ends normalised, or an unreadable document."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        return _unreadable(1, 1, Msg("文件是空的。请按模板填写事件记录（可用 yuqing new 生成）。",
                                     "the file is empty; fill in the template (yuqing new)."))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _unreadable(1, 1, Msg(
            "文件是 UTF-16 编码（记事本里叫“Unicode”），不是 UTF-8。请在编辑器中“另存为 UTF-8 编码”后重新提交。",
            "the file is UTF-16-encoded, not UTF-8; save it as UTF-8 and submit again."))
    if b"\x00" in raw:
        line, column = _line_col(raw, raw.index(b"\x00"))
        return _unreadable(line, column, Msg(
            "这是一个二进制文件（例如图片、Word 或压缩包），不是文本记录。请改用 .md 或 .yml 文本文件。",
            "this is a binary file, not a text record."))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_col(raw, exc.start)
        try:
            raw.decode("gbk")
            msg = Msg(
                "文件是 GBK（国标）编码，不是 UTF-8。请在编辑器中“另存为 UTF-8 编码”后重新提交"
                "（记事本：另存为→编码选 UTF-8；VS Code：右下角编码→通过编码保存→UTF-8）。",
                "the file is GBK-encoded, not UTF-8; save it as UTF-8 and submit again.")
        except UnicodeDecodeError:
            msg = Msg("文件不是 UTF-8 编码的文本。请用 UTF-8 编码保存。",
                      "the file is not UTF-8 text; save it as UTF-8.")
        return _unreadable(line, column, msg)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# the closing line: ``---`` (or ``...``) with nothing after it but whitespace, as str.rstrip() sees it
_CLOSING_FENCE = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str, int, str, int] | LoadedDocument:
    """(yaml text, its first line, body, body's first line) of a Markdown record."""
    first, _, rest = text.partition("\n")
    if first.rstrip() != FRONT_MATTER_FENCE:
        return _unreadable(1, 1, Msg(
            "缺少 YAML 头部：Markdown 记录的第一行必须是单独的 ---，随后是各字段，再以 --- 结束。",
            "missing YAML front matter: the first line must be '---'."))
    closing = _CLOSING_FENCE.search(rest)
    if closing is None:
        return _unreadable(1, 1, Msg(
            "YAML 头部没有结束：第 1 行的 --- 之后找不到结束的 --- 行。请在字段之后、正文之前加一行 ---。",
            "the front matter is never closed: add a '---' line after the fields."))
    offset, end = closing.start(), rest.find("\n", closing.end())
    body = "" if end < 0 else rest[end + 1:]
    return rest[:offset], 2, body, rest.count("\n", 0, offset) + 3


def load_text(text: str, suffix: str) -> LoadedDocument:
    """Parse decoded record text (``suffix`` tells Markdown from YAML)."""
    if suffix == ".md":
        parts = split_front_matter(text)
        if isinstance(parts, LoadedDocument):
            return parts
        yaml_text, yaml_line, body, body_line = parts
    else:
        yaml_text, yaml_line, body, body_line = text, 1, "", 1
    try:
        parsed, problems = load_yaml(yaml_text, line_offset=yaml_line - 1)
    except YamlError as exc:
        return LoadedDocument(problems=[exc.problem], readable=False, text=text)
    return _document(parsed, problems, body, body_line, text)


def list_lengths(text: str, suffix: str, names: tuple[str, ...]) -> dict[str, int]:
    """The number of entries of each list in ``names`` in decoded record text, without loading it
    (see :func:`yuqing.yamlstrict.list_lengths`); {} when the text has no readable YAML."""
    if suffix == ".md":
        parts = split_front_matter(text)
        if isinstance(parts, LoadedDocument):
            return {}
        text = parts[0]
    return yamlstrict.list_lengths(text, names)


def _document(parsed: YamlDocument, problems: list, body: str, body_line: int, text: str) -> LoadedDocument:
    return LoadedDocument(parsed.data, parsed.positions, parsed.key_positions, body, body_line, text, problems)


def load_bytes(raw: bytes, suffix: str) -> LoadedDocument:
    """Parse a record file's bytes (``suffix``: its extension, e.g. ``.md``); never raises for bad content."""
    text = decode(raw)
    if isinstance(text, LoadedDocument):
        return text
    return load_text(text, suffix.lower())


def load_file(path: Path, limit: int = MAX_FILE_BYTES) -> LoadedDocument:
    """Read and parse one record file; never raises for bad content."""
    raw = read_bytes(path, limit)
    if isinstance(raw, LoadedDocument):
        return raw
    return load_bytes(raw, os.path.splitext(path.name)[1])
