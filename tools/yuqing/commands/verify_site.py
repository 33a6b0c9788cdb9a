"""``yuqing verify-site DIR``: compare a deployed copy of the site with the build's SHA-256 manifest."""

from __future__ import annotations

import sys
from pathlib import Path

from yuqing.errors import ConfigError
from yuqing.findings import visible
from yuqing.i18n import Msg
from yuqing.loader import os_reason
from yuqing.manifest import MANIFEST_NAME, build_manifest, compare, read_manifest
from yuqing.workspace import find_root


def _build_manifest(args) -> Path | None:
    """The local build's manifest (``site/`` of the records repository), the trusted copy, if there is one."""
    try:
        root = Path(args.root).resolve() if getattr(args, "root", None) else find_root()
    except ConfigError:
        return None
    candidate = root / "site" / MANIFEST_NAME
    return candidate if candidate.is_file() else None


def run(args) -> int:
    lang = args.lang
    site = Path(args.dir)
    if not site.is_dir():
        raise ConfigError(Msg(f"目录不存在：{site}", f"no such directory: {site}"))
    manifest_path = Path(args.manifest) if args.manifest else _build_manifest(args) or site / MANIFEST_NAME
    if not manifest_path.is_file():
        raise ConfigError(Msg(
            f"找不到清单文件 {manifest_path}。请用 --manifest 指定构建时生成的 {MANIFEST_NAME}"
            "（在 CI 的构建产物中，或本地 site/ 目录下）。",
            f"no manifest at {manifest_path}; pass --manifest."))
    try:
        expected = read_manifest(manifest_path)
    except OSError as exc:
        raise ConfigError(Msg(f"清单文件 {manifest_path} 无法读取：", f"cannot read {manifest_path}: ")
                          + os_reason(exc) + Msg("。", ".")) from None
    except ValueError as exc:  # not JSON (json's English words name where), not UTF-8, or not a manifest
        raise ConfigError(Msg(
            f"清单文件 {manifest_path} 无法读取：它不是 yuqing 构建生成的清单（应是 UTF-8 编码的 JSON，含 \"files\"）。"
            f"请用 --manifest 指定构建产物中的 {MANIFEST_NAME}。",
            f"{manifest_path} is not a yuqing manifest: {exc}")) from None
    if manifest_path.resolve().parent == site.resolve():
        print("注意：使用的是被检查目录自带的清单；为防止清单本身被篡改，建议用 --manifest 指定构建产物中的清单。"
              if lang != "en" else "note: using the manifest inside DIR; prefer --manifest from the build.",
              file=sys.stderr)
    result = compare(expected, build_manifest(site))
    for label_zh, label_en, paths in (("被修改", "changed", result.changed), ("多出", "added", result.added),
                                      ("缺少", "missing", result.missing)):
        for path in paths:
            # an added file may have any name: undecodable bytes and invisible characters are written out
            shown = visible(path.encode("utf-8", "backslashreplace").decode("utf-8"))
            print(f"{label_zh}：{shown}" if lang != "en" else f"{label_en}: {shown}")
    if result.clean:
        print(f"网站与清单一致：共 {len(expected)} 个文件。" if lang != "en"
              else f"the site matches the manifest: {len(expected)} files.")
        return 0
    total = len(result.changed) + len(result.added) + len(result.missing)
    print(f"发现 {total} 处不一致：被修改 {len(result.changed)}，多出 {len(result.added)}，缺少 {len(result.missing)}。"
          "请从可信的构建重新发布网站，并查明原因。" if lang != "en"
          else f"{total} differences found.")
    return 1
