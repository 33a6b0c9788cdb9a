"""What ``yuqing new`` shares between its kinds of record: the options each needs, the ``.yml`` form of a
template, writing a file that must not exist yet."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from yuqing.errors import ConfigError
from yuqing.i18n import Msg
from yuqing.layout import SCHEMA_DIR


def schema_modeline(workspace, directory, schema_name: str = "incident.schema.json") -> str:
    """The first line of a ``.yml`` record: tells the editor's YAML extension (Red Hat's, in VS Code)
    which JSON Schema to complete and check it with, even where the repository's own settings do not
    apply (a file opened on its own). The path is relative to the record, as the extension reads it."""
    schema = os.path.relpath(workspace.root / SCHEMA_DIR / schema_name, directory)
    return f"# yaml-language-server: $schema={Path(schema).as_posix()}\n"


def require(args, *options: str) -> None:
    """A usage error (exit 2, argparse's Chinese message) for the options this kind of record needs."""
    missing = [option for option in options if getattr(args, option.lstrip("-").replace("-", "_"), None) is None]
    if missing:
        message = "the following arguments are required: " + ", ".join(missing)
        if getattr(args, "usage_error", None) is None:
            raise ConfigError(Msg(f"缺少必需的参数：{', '.join(missing)}。", message + "."))
        args.usage_error(message)


def write_new(workspace, args, path: Path, text: str) -> int:
    """Write ``text`` to ``path`` unless something is there already; say which file was made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except (FileExistsError, IsADirectoryError):
        print(f"文件已存在，未覆盖：{workspace.relative(path)}" if args.lang != "en"
              else f"file exists, not overwritten: {workspace.relative(path)}", file=sys.stderr)
        return 1
    print(f"已创建 {workspace.relative(path)}，请打开填写后提交合并请求。" if args.lang != "en"
          else f"created {workspace.relative(path)}")
    return 0


def as_yml(workspace, directory, text: str, schema_name: str, body: str) -> str:
    """A Markdown record's front matter as a ``.yml`` record: the schema modeline first, the body in ``body:``."""
    return (schema_modeline(workspace, directory, schema_name) + text.split("---\n", 2)[1].rstrip("\n")
            + "\nbody: |\n" + "".join(f"  {line}\n" if line else "\n" for line in body.split("\n")))
