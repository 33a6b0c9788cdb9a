"""commands.report: `yuqing report ID` writes the written report as a GB/T 9704 Word document,
read back here with python-docx (and once rendered by LibreOffice and looked at)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from recordkit import FINAL_ELEMENTS, GRAVE_ID, WRITTEN_ELEMENTS, changed, grave, to_markdown
from yuqing.cli import main

PROJECT = Path(__file__).resolve().parents[1]
ARTIFACTS = PROJECT / "test-artifacts" / "report"
MD = f"incidents/2024/{GRAVE_ID}.md"


@pytest.fixture
def office(repo, monkeypatch, tmp_path):
    """The repository with a 重大 record and the shipped templates; the current directory is out/."""
    shutil.copytree(PROJECT / "schema" / "templates", repo.root / "schema" / "templates")
    repo.write(MD, to_markdown(grave()))
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    return repo


def report(repo, *args: str) -> int:
    return main(["report", "--root", str(repo.root), *args])


def body_paragraphs(document) -> list:
    return [p for p in document.paragraphs if p.text.strip()]


def east_asia(run) -> str | None:
    fonts = run._element.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def test_the_written_report(office, capsys):
    assert report(office, GRAVE_ID) == 0
    out = Path.cwd() / f"{GRAVE_ID}-书面报告.docx"
    assert f"已生成 {out}" in capsys.readouterr().out
    document = Document(out)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    for measure, expected in ((section.top_margin, 37), (section.left_margin, 28), (section.right_margin, 26),
                              (section.bottom_margin, 35)):
        assert abs(measure.mm - expected) < 0.5
    paragraphs = body_paragraphs(document)
    title = paragraphs[0]
    assert title.text == "关于某养老机构护理不到位引发网络关注舆情的书面报告"
    assert all(run.font.size.pt == 22 and east_asia(run) == "方正小标宋简体" for run in title.runs)
    texts = [p.text for p in paragraphs]
    assert texts[1] == "分管领导、主要领导："
    elements = texts[2:8]
    numbers = "一二三四五六"
    assert elements == [f"{numbers[i]}、{name}：{text}" for i, (name, text) in enumerate(WRITTEN_ELEMENTS.items())]
    for paragraph in paragraphs[1:]:
        for run in paragraph.runs:
            assert east_asia(run) in ("仿宋_GB2312", "黑体"), (paragraph.text, run.text)
    body_runs = [run for p in paragraphs[2:8] for run in p.runs[1:]]  # the element's text after its heading
    assert all(run.font.size.pt == 16 and east_asia(run) == "仿宋_GB2312" for run in body_runs)
    assert all(east_asia(p.runs[0]) == "黑体" for p in paragraphs[2:8])  # 一、时间： in 3号黑体
    assert texts[8] == "特此报告。"
    assert texts[9].strip() == "宁波市鄞州区民政局养老服务科"
    assert texts[10].strip() == "2024年8月26日"
    assert texts[11] == "（联系人：刘洋，电话：0574-87110002）"
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert "抄送：局办公室。" in cells and "2024年8月26日印发" in cells
    assert "内部资料" not in "\n".join(texts)


def test_the_final_report_and_an_output_name(office, tmp_path):
    target = tmp_path / "终报.docx"
    assert report(office, GRAVE_ID, "--kind", "final", "-o", str(target)) == 0
    texts = [p.text for p in body_paragraphs(Document(target))]
    assert texts[0] == "关于某养老机构护理不到位引发网络关注舆情处置情况的报告（终报）"
    assert texts[2:5] == [f"{n}、{name}：{text}" for n, (name, text) in zip("一二三", FINAL_ELEMENTS.items(),
                                                                         strict=True)]
    assert texts[5] == "特此报告。" and texts[7].strip() == "2024年8月28日"


def test_missing_elements_are_written_and_warned(office, capsys):
    office.write(MD, to_markdown(changed(grave(), "reports.1.elements", {"时间": "8月26日", "地点": "某街道"})))
    assert report(office, GRAVE_ID) == 0
    err = capsys.readouterr().err
    assert "警告：incidents/2024/YZMZ-2024-0001.md 第 2 条报告（书面报告）缺少要素：信息来源、事件概况、影响范围、已采取措施" in err
    texts = [p.text for p in body_paragraphs(Document(f"{GRAVE_ID}-书面报告.docx"))]
    assert "三、信息来源：（未填写）" in texts and "二、地点：某街道" in texts


def test_no_cc_no_cc_line(office):
    data = grave()
    del data["reports"][1]["cc"]
    office.write(MD, to_markdown(data))
    assert report(office, GRAVE_ID) == 0
    table = Document(f"{GRAVE_ID}-书面报告.docx").tables[0]
    assert [cell.text for cell in table.rows[0].cells][-1] == "2024年8月26日印发" and len(table.rows) == 1


def test_a_restricted_record_needs_the_flag(office, capsys):
    office.write(MD, to_markdown(grave(visibility="restricted")))
    assert report(office, GRAVE_ID) == 2
    err = capsys.readouterr().err
    assert "是受限记录（visibility: restricted）" in err and "--include-restricted" in err
    assert not Path(f"{GRAVE_ID}-书面报告.docx").exists()
    assert report(office, GRAVE_ID, "--include-restricted") == 0
    first = body_paragraphs(Document(f"{GRAVE_ID}-书面报告.docx"))[0]
    assert first.text == "内部资料 注意保密"


def test_a_drill_says_so(office):
    office.write(MD, to_markdown(grave(drill=True)))
    assert report(office, GRAVE_ID) == 0
    assert body_paragraphs(Document(f"{GRAVE_ID}-书面报告.docx"))[0].text == "演练"


def test_an_unknown_id(office, capsys):
    assert report(office, "YZMZ-2024-0099") == 2
    assert "找不到编号为 YZMZ-2024-0099 的事件记录" in capsys.readouterr().err


def test_no_such_report(office, capsys):
    data = grave()
    data["reports"] = [r for r in data["reports"] if r["kind"] != "终报"]
    office.write(MD, to_markdown(data))
    assert report(office, GRAVE_ID, "--kind", "终报") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{MD}：记录中没有终报") and f"yuqing add {GRAVE_ID} --kind 终报" in err


def test_a_record_with_errors(office, capsys):
    office.write(MD, to_markdown(changed(grave(), "level", "特大")))
    assert report(office, GRAVE_ID) == 1
    err = capsys.readouterr().err
    assert f"{MD}:" in err and "记录有错误，无法生成报告" in err and f"yuqing check {MD}" in err


def test_a_bad_kind_or_output(office, capsys):
    assert report(office, GRAVE_ID, "--kind", "续报") == 2
    assert "--kind 只能是 书面报告 或 终报" in capsys.readouterr().err
    assert report(office, GRAVE_ID, "-o", "报告.doc") == 2
    assert "应以 .docx 结尾" in capsys.readouterr().err
    assert report(office) == 2
    assert "请给出事件编号" in capsys.readouterr().err


def test_a_missing_template(office, capsys):
    (office.root / "schema" / "templates" / "书面报告.docx").unlink()
    assert report(office, GRAVE_ID) == 2
    err = capsys.readouterr().err
    assert err.startswith("schema/templates/书面报告.docx: 报告模板错误：找不到报告模板 schema/templates/书面报告.docx")
    assert "yuqing report --make-template" in err
    assert not Path(f"{GRAVE_ID}-书面报告.docx").exists()


def test_a_broken_template(office, capsys):
    (office.root / "schema" / "templates" / "书面报告.docx").write_bytes(b"PK\x03\x04 broken")
    assert report(office, GRAVE_ID) == 2
    assert "schema/templates/书面报告.docx" in capsys.readouterr().err


def test_make_template_restores_the_shipped_ones(office, capsys):
    templates = office.root / "schema" / "templates"
    shutil.rmtree(templates)
    assert report(office, "--make-template") == 0
    assert "已生成模板 schema/templates/书面报告.docx" in capsys.readouterr().out
    for name in ("书面报告.docx", "终报.docx"):
        assert (templates / name).read_bytes() == (PROJECT / "schema" / "templates" / name).read_bytes()
    assert report(office, GRAVE_ID) == 0


def test_the_help_is_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = capsys.readouterr().out
    assert "GB/T 9704-2012" in out and "--include-restricted" in out and "--make-template" in out


def pages_of(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed: "
                    "the report is not rendered to PDF (apt-get install libreoffice-writer-nogui)")
def test_libreoffice_renders_one_page(office, tmp_path):
    """A normal report fills one A4 page; its picture goes to test-artifacts/report/ to be looked at."""
    assert report(office, GRAVE_ID) == 0
    source = Path.cwd() / f"{GRAVE_ID}-书面报告.docx"
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    pdf = tmp_path / f"{GRAVE_ID}-书面报告.pdf"
    assert pdf.is_file(), result.stdout + result.stderr
    assert pages_of(pdf) == 1
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(ARTIFACTS / "书面报告")],
                       check=True, timeout=60)
        assert (ARTIFACTS / "书面报告.png").stat().st_size > 10_000
