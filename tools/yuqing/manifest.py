"""The site's integrity manifest: SHA-256 of every built file, and comparing a deployed copy with it.

A tampered or mirrored page (the plan's own title was once replaced by spam on a mirror)
shows up as a changed, added or missing file.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = "sha256-manifest.json"


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            sha.update(block)
    return sha.hexdigest()


def build_manifest(site_dir: Path) -> dict[str, str]:
    """Relative path (forward slashes) -> SHA-256, for every file except the manifest itself."""
    site_dir = Path(site_dir)
    files = {}
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if relative == MANIFEST_NAME:
            continue
        if path.is_symlink():  # a web server serves what a link points at: a link is listed, never followed
            files[relative] = "symlink:" + hashlib.sha256(os.readlink(path).encode("utf-8", "surrogateescape")).hexdigest()
        elif path.is_file():
            files[relative] = _digest(path)
    return files


def write_manifest(site_dir: Path) -> Path:
    target = Path(site_dir) / MANIFEST_NAME
    document = {"algorithm": "sha256", "files": build_manifest(site_dir)}
    target.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return target


def read_manifest(path: Path) -> dict[str, str]:
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        raise ValueError("not a yuqing manifest")
    return files


@dataclass
class Comparison:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.added or self.changed or self.missing)


def compare(expected: dict[str, str], actual: dict[str, str]) -> Comparison:
    return Comparison(
        added=sorted(set(actual) - set(expected)),
        changed=sorted(p for p in set(actual) & set(expected) if actual[p] != expected[p]),
        missing=sorted(set(expected) - set(actual)),
    )
