"""``yuqing build``: the findings first, then site/, built whatever the findings unless a record is unreadable."""

from __future__ import annotations

import re

import pytest

from sitekit import copy_project
from yuqing import cli


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "repo")


def check_lines(root, capsys) -> list[str]:
    cli.main(["check", "--root", str(root), "--color", "never"])
    return capsys.readouterr().out.splitlines()


def test_build_prints_the_findings_then_builds_and_says_where(project, capsys):
    expected = check_lines(project, capsys)
    code = cli.main(["build", "--root", str(project), "--verbose"])
    captured = capsys.readouterr()
    assert code == 0
    lines = captured.out.splitlines()
    assert lines[: len(expected)] == expected
    assert f"网站已生成到 {(project / 'site').resolve()}/" in captured.out and "make serve" in captured.out
    assert "直接双击打开" in captured.out  # not "open it in a browser": the links need a server
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "incidents" / "index.html").is_file()
    # the plugin reused this command's check: it generated pages without checking again
    assert "yuqing：生成了" in captured.err and "yuqing：检查了" not in captured.err


def test_errors_in_records_do_not_stop_the_build(project, capsys):
    target = sorted(p for p in (project / "incidents").glob("*/*.md") if not p.name.endswith(".review.md"))[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(re.sub(r"^level: *\S+", "level: 特大", text, count=1, flags=re.M), encoding="utf-8")
    code = cli.main(["build", "--root", str(project), "--site-dir", str(project / "out")])
    captured = capsys.readouterr()
    assert code == 0
    assert " 错误 YQ003 schema " in captured.out and "特大" in captured.out
    assert (project / "out" / "index.html").is_file()
    assert "暂不能显示的记录" in (project / "out" / "incidents" / "index.html").read_text(encoding="utf-8")


def test_quiet_prints_the_summary_only(project, capsys):
    code = cli.main(["build", "--root", str(project), "--quiet"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert re.fullmatch(r"检查了 \d+ 个文件：\d+ 个错误，\d+ 个警告。", out[0])
    assert out[1].startswith("网站已生成到 ")


def test_an_unreadable_record_builds_nothing(project, capsys):
    (project / "incidents" / "2024" / "YZMZ-2024-0099.md").write_bytes(b"\x00\x01binary")
    code = cli.main(["build", "--root", str(project)])
    captured = capsys.readouterr()
    assert code == 1
    assert "YQ001" in captured.out and "网站没有生成" in captured.err
    assert not (project / "site").exists()


def test_without_mkdocs_yml_it_is_a_usage_error(project, capsys):
    (project / "mkdocs.yml").unlink()
    assert cli.main(["build", "--root", str(project)]) == 2
    assert "找不到网站配置文件" in capsys.readouterr().err


def test_english_messages(project, capsys):
    (project / "incidents" / "2024" / "YZMZ-2024-0099.md").write_bytes(b"\x00\x01binary")
    assert cli.main(["build", "--root", str(project), "--lang", "en"]) == 1
    assert "the site was not built" in capsys.readouterr().err


def test_a_broken_mkdocs_yml_is_a_configuration_error(project, capsys):
    (project / "mkdocs.yml").write_text("site_name: 台账\ntheme:\n  name: 没有这个主题\n", encoding="utf-8")
    assert cli.main(["build", "--root", str(project)]) == 2
    assert "mkdocs.yml 有误" in capsys.readouterr().err


def test_strict_fails_on_an_invalid_record(project, capsys):
    target = sorted(p for p in (project / "incidents").glob("*/*.md") if not p.name.endswith(".review.md"))[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(re.sub(r"^level: *\S+", "level: 特大", text, count=1, flags=re.M), encoding="utf-8")
    assert cli.main(["build", "--root", str(project), "--strict"]) == 1
    assert "网站生成失败" in capsys.readouterr().err
