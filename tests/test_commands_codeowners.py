"""``yuqing codeowners``: CODEOWNERS from org.yml (the office owns everything, each record its section
too), ``--check`` for staleness, and the checked-in CODEOWNERS kept in sync with the shipped data.
"""

from __future__ import annotations

import contextlib
import fnmatch
import io
import re

from conftest import PROJECT_ROOT
from recordkit import GENERAL_ID, GRAVE_ID, MAJOR_ID, general, grave, major, path_of, review, to_markdown
from yuqing import cli
from yuqing.commands.codeowners import render
from yuqing.workspace import Workspace

OFFICE = ["wangfang@yzmz.example.cn", "zhaolei@yzmz.example.cn"]
ELDERLY = ["liuyang@yzmz.example.cn", "huangxiaoyan@yzmz.example.cn"]  # 养老服务科
AFFAIRS = ["zhangwei@yzmz.example.cn", "xuhui@yzmz.example.cn"]  # 社会事务科
RELIEF = ["liming@yzmz.example.cn", "chenjing@yzmz.example.cn"]  # 社会救助科
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]+$")


def _run(root, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cli.main(["codeowners", "--root", str(root), *args])
    return code, out.getvalue()


def _rules(text: str) -> list[tuple[str, list[str]]]:
    """The (pattern, owners) lines of a CODEOWNERS text, in order."""
    rules = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            rules.append((pattern, owners))
    return rules


def _owners_of(text: str, path: str) -> list[str]:
    """Who owns ``path``: the last matching rule wins (GitHub and GitLab alike)."""
    owners = []
    for pattern, names in _rules(text):
        if pattern == "*" or (pattern.endswith("/") and path.startswith(pattern.lstrip("/"))) \
                or fnmatch.fnmatchcase(path, pattern.lstrip("/")):
            owners = names
    return owners


def _ledger(repo):
    repo.write(path_of(GRAVE_ID), to_markdown(grave()))  # 养老服务科
    repo.write(path_of(GRAVE_ID, review=True), to_markdown(review()))
    repo.write(path_of(GENERAL_ID), to_markdown(general()))  # 社会事务科
    repo.write("incidents/2024/YZMZ-2024-0009.md", "---\nid: [broken\n---\n")  # unreadable: the office only
    return repo


def test_writes_the_office_as_default_owner_and_each_records_section(repo):
    _ledger(repo)
    code, said = _run(repo.root)
    assert code == 0 and "已更新 CODEOWNERS" in said
    text = repo.read("CODEOWNERS")
    assert text.startswith("# ") and "yuqing codeowners" in text.splitlines()[0]
    rules = _rules(text)
    assert rules[0] == ("*", OFFICE)
    assert ("/schema/", OFFICE) in rules
    for pattern, owners in rules:
        assert pattern.startswith(("/", "*")), pattern
        assert owners and all(EMAIL.match(owner) for owner in owners), owners
        assert len(owners) == len(set(owners))
    assert _owners_of(text, path_of(GRAVE_ID)) == ELDERLY + OFFICE
    assert _owners_of(text, path_of(GRAVE_ID, review=True)) == ELDERLY + OFFICE
    assert _owners_of(text, path_of(GENERAL_ID)) == AFFAIRS + OFFICE
    assert _owners_of(text, "incidents/2024/YZMZ-2024-0009.md") == OFFICE
    assert _owners_of(text, "schema/org.yml") == OFFICE
    assert _owners_of(text, "docs/index.md") == OFFICE


def test_an_office_record_is_owned_by_the_office_once(repo):
    repo.write(path_of(GENERAL_ID), to_markdown(general(section="局办公室")))
    _run(repo.root)
    assert _owners_of(repo.read("CODEOWNERS"), path_of(GENERAL_ID)) == OFFICE


def test_check_exits_1_when_stale_and_writes_nothing(repo):
    _ledger(repo)
    assert _run(repo.root, "--check")[0] == 1  # no file yet
    assert not repo.path("CODEOWNERS").exists()
    _run(repo.root)
    assert _run(repo.root, "--check") == (0, "")
    code, said = _run(repo.root)
    assert code == 0 and "已是最新" in said

    repo.write(path_of(MAJOR_ID), to_markdown(major()))  # a new record of 社会救助科
    before = repo.read("CODEOWNERS")
    code, said = _run(repo.root, "--check")
    assert code == 1 and "CODEOWNERS 已过期" in said and "yuqing codeowners" in said
    assert repo.read("CODEOWNERS") == before
    _run(repo.root)
    assert _owners_of(repo.read("CODEOWNERS"), path_of(MAJOR_ID)) == RELIEF + OFFICE
    assert _run(repo.root, "--check")[0] == 0


def test_check_sees_a_changed_organisation(repo):
    _ledger(repo)
    _run(repo.root)
    org = repo.read("schema/org.yml").replace("git: [huangxiaoyan@yzmz.example.cn]",
                                               "git: [huangxiaoyan@yzmz.example.cn, hxy@yzmz.example.cn]")
    repo.write("schema/org.yml", org)
    assert _run(repo.root, "--check")[0] == 1
    _run(repo.root)
    assert "hxy@yzmz.example.cn" in _owners_of(repo.read("CODEOWNERS"), path_of(GRAVE_ID))


def test_english_messages(repo):
    _ledger(repo)
    assert "CODEOWNERS is stale" in _run(repo.root, "--check", "--lang", "en")[1]


def test_the_checked_in_codeowners_matches_the_shipped_data():
    workspace = Workspace.open(PROJECT_ROOT)
    shipped = (PROJECT_ROOT / "CODEOWNERS").read_text(encoding="utf-8")
    assert shipped == render(workspace), "CODEOWNERS is stale: run `yuqing codeowners` and commit it"
    records = workspace.record_files()
    assert records
    for path in records:
        relative = workspace.relative(path)
        assert f"/{relative} " in shipped, relative
        assert _owners_of(shipped, relative)[-len(OFFICE):] == OFFICE


def test_no_identity_or_file_name_can_add_a_line_or_an_owner(repo):
    org = repo.read("schema/org.yml")
    hostile = 'git: [liuyang@yzmz.example.cn, "evil@x.cn\\n* @attacker", "two words@x.cn", "#x@y.cn"]'
    org = org.replace("git: [liuyang@yzmz.example.cn]", hostile, 1)
    repo.write("schema/org.yml", org)
    repo.write("incidents/2024/YZMZ-2024-0001 @attacker.md", to_markdown(grave()))
    repo.write("incidents/2024/YZMZ-2024-0003[x].md", to_markdown(grave(id="YZMZ-2024-0003")))
    code, _ = _run(repo.root)
    assert code == 0
    text = repo.read("CODEOWNERS")
    assert "attacker" not in text.replace("YZMZ-2024-0001\\ @attacker.md", "")
    assert "/incidents/2024/YZMZ-2024-0001\\ @attacker.md liuyang@yzmz.example.cn huangxiaoyan@yzmz.example.cn " in text
    assert "YZMZ-2024-0003[x]" not in text  # a pattern cannot name it: the default line (the office) owns it
    assert "two words" not in text and "#x@y.cn" not in text and "evil@x.cn" not in text
