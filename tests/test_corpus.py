"""The hostile corpus (tests/corpus/hostile/): every malformed or hostile file gives exactly its findings.

Each file is installed in a fresh records repository and checked by the real command line
(``yuqing check --format json``) with YUQING_DEBUG set, so that an internal error would escape
as an exception instead of being turned into exit code 2. tests/corpus/hostile/expected.yml says
where each file goes and which rule codes (and lines) it must give.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from yuqing.cli import main

CORPUS = Path(__file__).parent / "corpus"
HOSTILE = CORPUS / "hostile"
EXPECTED = yaml.safe_load((HOSTILE / "expected.yml").read_text(encoding="utf-8"))
NOW = "2024-10-01 10:00"


def corpus_files() -> list[str]:
    return sorted(p.name for p in HOSTILE.iterdir() if p.name != "expected.yml")


def default_install(name: str) -> str:
    return "incidents/2024/YZMZ-2024-0001" + Path(name).suffix


def check_json(root: Path, capsys) -> tuple[int, dict]:
    code = main(["check", "--root", str(root), "--now", NOW, "--format", "json"])
    out, err = capsys.readouterr()
    assert "内部错误" not in err, err
    return code, json.loads(out)


def test_every_corpus_file_has_an_expectation_and_every_expectation_a_file():
    assert sorted(EXPECTED) == corpus_files()


def test_the_corpus_is_large_enough():
    hostile = corpus_files()
    loader = [p for p in (CORPUS / "loader").iterdir() if p.is_file()] if (CORPUS / "loader").is_dir() else []
    assert len(hostile) >= 24
    assert len(hostile) + len(loader) >= 40


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name, repo, capsys, monkeypatch):
    monkeypatch.setenv("YUQING_DEBUG", "1")  # an exception inside yuqing fails the test instead of exit 2
    spec = EXPECTED[name] or {}
    install = spec.get("install", default_install(name))
    placed = {install: name, **(spec.get("with") or {})}
    for relpath, source in placed.items():
        target = repo.path(relpath)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HOSTILE / source, target)

    code, document = check_json(repo.root, capsys)
    findings = document["findings"]

    for finding in findings:
        assert finding["path"], finding
        assert isinstance(finding["line"], int) and finding["line"] >= 1, finding
        assert isinstance(finding["column"], int) and finding["column"] >= 1, finding
        assert finding["message"], finding

    expected = spec.get("findings") or {}
    assert set(expected) <= set(placed), f"{name}: expectations for files not installed"
    got: dict[str, dict[str, list[int]]] = {}
    for finding in findings:
        got.setdefault(finding["path"], {}).setdefault(finding["rule"], []).append(finding["line"])
    shown = "\n".join(f"{f['path']}:{f['line']}:{f['column']} {f['rule']} {f['message']}" for f in findings)
    assert set(got) == set(expected), f"{name}: files with findings\n{shown}"
    for path, rules in expected.items():
        assert set(got[path]) == set(rules), f"{name}: rule codes for {path}\n{shown}"
        for rule, lines in rules.items():
            if lines is not None:
                assert sorted(got[path][rule]) == sorted(lines), f"{name}: lines of {rule}\n{shown}"

    messages = " ".join(f["message"] for f in findings)
    for word in spec.get("words") or []:
        assert word in messages, f"{name}: {word!r} not in any message\n{shown}"

    errors = sum(1 for f in findings if f["level"] == "error")
    assert code == (1 if errors else 0)
    assert document["summary"]["errors"] == errors


def test_the_same_corpus_file_gives_the_same_findings_twice(repo, capsys):
    repo.path("incidents/2024").mkdir(parents=True, exist_ok=True)
    for name in ("personal_data.md", "script_onerror.md", "wrong_types.md"):
        shutil.copyfile(HOSTILE / name, repo.path(f"incidents/2024/{name}"))
    first = check_json(repo.root, capsys)
    second = check_json(repo.root, capsys)
    assert first == second
    assert first[1]["findings"]
