"""workspace: opening a repository (org.yml, policy.yml -> ConfigError with file and line) and records."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINIMAL_INCIDENT, PROJECT_ROOT
from yuqing.errors import ConfigError
from yuqing.layout import ORG_FILE, POLICY_FILE, is_review_path
from yuqing.models import Incident, Review
from yuqing.repository import open_repository
from yuqing.workspace import Workspace, find_root

REVIEW = """\
---
incident: YZMZ-2024-0001
held_at: 2024-09-02 15:00
organizer: 局办公室
participants: [养老服务科, 局办公室]
conclusion: 处置及时。
---

复盘纪要。
"""


def line_of(text: str, needle: str, start: int = 0) -> int:
    """1-based number of the first line at or after line ``start`` (0-based) containing ``needle``."""
    for number, line in enumerate(text.splitlines(), 1):
        if number > start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def config_error(repo) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        repo.workspace()
    return caught.value


def edit(repo, relpath: str, old: str, new: str) -> str:
    text = repo.read(relpath)
    assert old in text
    text = text.replace(old, new, 1)
    repo.write(relpath, text)
    return text


# --- opening ---------------------------------------------------------------------------------------

def test_open_the_shipped_configuration(repo):
    workspace = repo.workspace()
    assert workspace.root == repo.root.resolve()
    assert workspace.org.id_prefix == "YZMZ"
    assert "YQ301" in workspace.policy.obligations
    assert workspace.context["tz"].key == "Asia/Shanghai"


def test_missing_org_yml(repo):
    (repo.root / ORG_FILE).unlink()
    error = config_error(repo)
    assert "schema/org.yml" in error.text()
    assert error.text().count("配置错误") == 1


def test_missing_policy_yml(repo):
    (repo.root / POLICY_FILE).unlink()
    error = config_error(repo)
    assert error.path == POLICY_FILE
    assert error.text().startswith("schema/policy.yml: 配置错误：缺少配置文件 schema/policy.yml")


def test_org_with_an_unknown_time_zone(repo):
    text = edit(repo, ORG_FILE, "time_zone: Asia/Shanghai", "time_zone: Asia/Beijing")
    error = config_error(repo)
    assert error.path == ORG_FILE
    assert error.line == line_of(text, "time_zone:") and error.column == 12
    assert "未知时区 Asia/Beijing" in error.msg.zh
    assert error.text().startswith(f"schema/org.yml:{error.line}:12: 配置错误：字段 time_zone")


def test_org_with_a_duplicate_section(repo):
    text = edit(repo, ORG_FILE, "sections:\n", "sections:\n  - name: 养老服务科\n")
    error = config_error(repo)
    assert error.path == ORG_FILE
    assert error.line == line_of(text, "sections:") + 1  # the sections list
    assert "科室重复：养老服务科" in error.msg.zh


def test_org_without_its_office_section(repo):
    edit(repo, ORG_FILE, "office_section: 局办公室", "office_section: 综合科")
    error = config_error(repo)
    assert error.path == ORG_FILE and error.line >= 1
    assert "综合科" in error.msg.zh


def test_org_with_a_duplicate_key(repo):
    text = edit(repo, ORG_FILE, "short_name: 区民政局\n", "short_name: 区民政局\nname: 另一个局\n")
    error = config_error(repo)
    assert (error.path, error.line) == (ORG_FILE, line_of(text, "name: 另一个局"))
    assert "重复" in error.msg.zh


def test_org_with_a_tab(repo):
    text = edit(repo, ORG_FILE, "  - name: 主要领导", "\t- name: 主要领导")
    error = config_error(repo)
    assert (error.path, error.line) == (ORG_FILE, line_of(text, "\t- name"))
    assert "制表符" in error.msg.zh


def test_org_with_several_problems_says_how_many_more(repo):
    edit(repo, ORG_FILE, "id_prefix: YZMZ", "id_prefix: yz\ncolour: red")
    error = config_error(repo)
    assert "另有 1 处问题" in error.msg.zh


def test_empty_org_yml(repo):
    repo.write(ORG_FILE, "")
    error = config_error(repo)
    assert (error.path, error.line) == (ORG_FILE, 1)
    assert "空的" in error.msg.zh


def test_gbk_org_yml(repo):
    repo.write(ORG_FILE, repo.read(ORG_FILE).encode("gbk"))
    error = config_error(repo)
    assert error.path == ORG_FILE and error.line == 1 and "GBK" in error.msg.zh


def test_policy_with_an_unknown_rule_code(repo):
    text = edit(repo, POLICY_FILE, "obligations:\n", "obligations:\n  YQ999:\n    title: 不存在的义务\n    clause: 一\n")
    error = config_error(repo)
    assert (error.path, error.line, error.column) == (POLICY_FILE, line_of(text, "YQ999:"), 3)
    assert "YQ999" in error.msg.zh and "YQ301" in error.msg.zh  # lists the valid codes
    assert error.text().startswith(f"schema/policy.yml:{error.line}:3: 配置错误：")


def test_the_rule_codes_of_policy_yml_are_checked_when_the_repository_is_opened_as_the_commands_do(repo):
    edit(repo, POLICY_FILE, "obligations:\n", "obligations:\n  YQ999:\n    title: 不存在的义务\n    clause: 一\n")
    assert "YQ999" in Workspace.open(repo.root).policy.obligations  # the files alone: no rule registry asked
    with pytest.raises(ConfigError) as caught:
        open_repository(repo.root)
    assert caught.value.path == POLICY_FILE and "YQ999" in caught.value.msg.zh


def test_the_workspace_and_the_rule_registry_do_not_import_each_other():
    import subprocess
    import sys

    script = ("import sys, importlib; importlib.import_module(sys.argv[1]); "
              "print(sorted(m for m in ('yuqing.rules', 'yuqing.workspace') if m in sys.modules))")
    env = {"PYTHONPATH": str(PROJECT_ROOT / "tools")}
    for module, loaded in (("yuqing.workspace", ["yuqing.workspace"]), ("yuqing.rules", ["yuqing.rules"])):
        out = subprocess.run([sys.executable, "-c", script, module], capture_output=True, text=True, env=env,
                             check=True).stdout
        assert out.strip() == str(loaded), module


def test_policy_with_a_bad_duration(repo):
    text = edit(repo, POLICY_FILE, "within: 15min", "within: 15 minutes")
    error = config_error(repo)
    assert (error.path, error.line) == (POLICY_FILE, line_of(text, "within: 15 minutes"))
    assert "obligations.YQ301.within" in error.msg.zh and "15min、24h、7d" in error.msg.zh


def test_policy_with_an_unknown_recipient(repo):
    text = edit(repo, POLICY_FILE, "recipients: [分管领导, 主要领导]", "recipients: [分管领导, 局长]")
    error = config_error(repo)
    assert (error.path, error.line) == (POLICY_FILE, line_of(text, "局长"))
    assert "局长" in error.msg.zh


def test_policy_level_override_for_an_unknown_rule(repo):
    text = edit(repo, POLICY_FILE, "levels: {}", "levels:\n  YQ998: error")
    error = config_error(repo)
    assert (error.path, error.line) == (POLICY_FILE, line_of(text, "YQ998"))


def test_policy_obligation_without_its_limit(repo):
    text = repo.read(POLICY_FILE)
    start = line_of(text, "YQ302:")
    within = line_of(text, "within: 20min", start)
    lines = text.splitlines(keepends=True)
    del lines[within - 1]
    repo.write(POLICY_FILE, "".join(lines))
    error = config_error(repo)
    assert (error.path, error.line) == (POLICY_FILE, start)
    assert "YQ302" in error.msg.zh and "within" in error.msg.zh


def test_policy_with_an_unknown_field(repo):
    text = edit(repo, POLICY_FILE, "    within: 15min\n", "    within: 15min\n    deadline: 10min\n")
    error = config_error(repo)
    assert (error.path, error.line) == (POLICY_FILE, line_of(text, "deadline:"))


def test_config_error_text_in_english(repo):
    edit(repo, POLICY_FILE, "within: 15min", "within: soon")
    error = config_error(repo)
    assert error.text("en").startswith(f"schema/policy.yml:{error.line}:{error.column}: configuration error: ")
    assert "duration" in error.text("en")


# --- finding the root ----------------------------------------------------------------------------

def test_find_root_walks_upwards(repo, monkeypatch):
    monkeypatch.delenv("YUQING_ROOT", raising=False)
    deep = repo.root / "incidents" / "2024"
    deep.mkdir(parents=True)
    assert find_root(deep) == repo.root.resolve()
    monkeypatch.chdir(deep)
    assert Workspace.open().root == repo.root.resolve()


def test_find_root_honours_the_environment(repo, monkeypatch, tmp_path_factory):
    monkeypatch.setenv("YUQING_ROOT", str(repo.root))
    assert find_root(tmp_path_factory.mktemp("elsewhere")) == repo.root.resolve()


def test_find_root_fails_clearly(tmp_path_factory, monkeypatch):
    monkeypatch.delenv("YUQING_ROOT", raising=False)
    with pytest.raises(ConfigError) as caught:
        find_root(tmp_path_factory.mktemp("nowhere"))
    assert "--root" in caught.value.text() and "schema/org.yml" in caught.value.text()


def test_the_project_itself_is_a_workspace():
    assert Workspace.open(PROJECT_ROOT).org.name == "宁波市鄞州区民政局"


# --- record files -------------------------------------------------------------------------------

def test_record_discovery_skips_hidden_files_and_other_types(repo):
    wanted = [
        "incidents/2024/YZMZ-2024-0001.md",
        "incidents/2024/YZMZ-2024-0001.review.md",
        "incidents/2024/YZMZ-2024-0002.yml",
        "incidents/2025/YZMZ-2025-0001.yaml",
        "incidents/2025/YZMZ-2025-0002.MD",
    ]
    ignored = [
        "incidents/2024/.YZMZ-2024-0003.md",  # hidden (an editor's temp file)
        "incidents/2024/.~lock.YZMZ-2024-0001.md#",
        "incidents/.drafts/YZMZ-2024-0009.md",  # hidden directory
        "incidents/2024/YZMZ-2024-0001.md~",
        "incidents/2024/YZMZ-2024-0001.md.bak",
        "incidents/2024/附件.docx",
        "incidents/2024/截图.png",
        "incidents/README.txt",
        "incidents/2024/notes.json",
        "docs/YZMZ-2024-0001.md",  # outside incidents/
    ]
    for relpath in wanted + ignored:
        repo.write(relpath, "x")
    found = [p.relative_to(repo.root).as_posix() for p in repo.workspace().record_files()]
    assert found == sorted(wanted)


def test_record_discovery_without_an_incidents_directory(repo):
    (repo.root / "incidents").rmdir()
    assert repo.workspace().record_files() == []


def test_is_review_path():
    assert is_review_path("incidents/2024/YZMZ-2024-0001.review.md")
    assert is_review_path(Path("YZMZ-2024-0001.review.yml"))
    assert not is_review_path("incidents/2024/YZMZ-2024-0001.md")
    assert not is_review_path("incidents/2024/review.md")


def test_load_a_valid_incident(repo):
    path = repo.write("incidents/2024/YZMZ-2024-0001.md", MINIMAL_INCIDENT)
    record = repo.workspace().load_record(path)
    assert record.path == "incidents/2024/YZMZ-2024-0001.md"
    assert record.kind == "incident" and isinstance(record.model, Incident)
    assert record.problems == []
    assert record.stem == "YZMZ-2024-0001" and record.record_id == "YZMZ-2024-0001"
    assert record.body.startswith("\n## 事件经过") and record.doc.body_line == 12
    assert record.locate(("level",)) == (4, 8)
    assert record.locate(("level",), key=True) == (4, 1)


def test_load_a_yml_incident_with_its_body(repo):
    text = MINIMAL_INCIDENT.split("---\n")[1] + "body: |\n  ## 事件经过\n\n  网民发帖。\n"
    path = repo.write("incidents/2024/YZMZ-2024-0002.yml", text.replace("0001", "0002"))
    record = repo.workspace().load_record(path)
    assert record.problems == []
    assert record.body == "## 事件经过\n\n网民发帖。"  # text fields are stripped
    assert record.locate(("level",)) == (3, 8)


def test_load_a_review(repo):
    path = repo.write("incidents/2024/YZMZ-2024-0001.review.md", REVIEW)
    record = repo.workspace().load_record(path)
    assert record.kind == "review" and isinstance(record.model, Review)
    assert record.record_id == "YZMZ-2024-0001"
    assert record.stem == "YZMZ-2024-0001.review"


def test_a_review_is_validated_as_a_review(repo):
    path = repo.write("incidents/2024/YZMZ-2024-0001.review.md", MINIMAL_INCIDENT)
    record = repo.workspace().load_record(path)
    assert record.model is None
    assert {p.rule for p in record.problems} == {"YQ003"}
    assert any("字段 id" in p.msg.zh and "不是记录的字段" in p.msg.zh for p in record.problems)


def test_invalid_record_keeps_its_id_and_problem_positions(repo):
    text = MINIMAL_INCIDENT.replace("level: 一般", "level: 特大").replace("source:\n  channel: 微博\n", "")
    path = repo.write("incidents/2024/YZMZ-2024-0001.md", text)
    record = repo.workspace().load_record(path)
    assert record.model is None and record.record_id == "YZMZ-2024-0001"
    by_loc = {p.loc: p for p in record.problems}
    assert set(by_loc) == {("level",), ("source",)}
    assert (by_loc[("level",)].line, by_loc[("level",)].column, by_loc[("level",)].key) == (4, 8, False)
    assert by_loc[("source",)].key is True  # missing: no value to point at
    assert all(p.rule == "YQ003" for p in record.problems)


def test_unreadable_record_is_not_validated(repo):
    path = repo.write("incidents/2024/YZMZ-2024-0001.md", "no front matter\n")
    record = repo.workspace().load_record(path)
    assert record.model is None and not record.doc.readable
    assert [(p.rule, p.line, p.column) for p in record.problems] == [("YQ001", 1, 1)]
    assert record.record_id is None


def test_load_all_in_path_order(repo):
    repo.write("incidents/2024/YZMZ-2024-0002.md", MINIMAL_INCIDENT.replace("0001", "0002"))
    repo.write("incidents/2024/YZMZ-2024-0001.md", MINIMAL_INCIDENT)
    repo.write("incidents/2024/YZMZ-2024-0001.review.md", REVIEW)
    records = repo.workspace().load_all()
    assert [r.path for r in records] == [
        "incidents/2024/YZMZ-2024-0001.md",
        "incidents/2024/YZMZ-2024-0001.review.md",
        "incidents/2024/YZMZ-2024-0002.md",
    ]
    assert [r.kind for r in records] == ["incident", "review", "incident"]


def test_relative_paths(repo, tmp_path_factory):
    workspace = repo.workspace()
    assert workspace.relative(repo.root / "incidents" / "2024" / "x.md") == "incidents/2024/x.md"
    outside = tmp_path_factory.mktemp("outside") / "x.md"
    assert workspace.relative(outside) == outside.as_posix()


def test_record_times_use_the_org_time_zone(repo):
    edit(repo, ORG_FILE, "time_zone: Asia/Shanghai", "time_zone: Europe/Berlin")
    path = repo.write("incidents/2024/YZMZ-2024-0001.md", MINIMAL_INCIDENT)
    record = repo.workspace().load_record(path)
    assert record.model.discovered_at.utcoffset().total_seconds() == 2 * 3600
