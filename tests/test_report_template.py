"""report.make_template and report.fill: the shipped templates are what the script makes, they are
laid out per GB/T 9704-2012, and a missing or broken template stops with a Chinese message."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from yuqing.report import gbt9704 as gb
from yuqing.report.fill import TemplateError, fill
from yuqing.report.make_template import KINDS, template_bytes

SHIPPED = Path(__file__).resolve().parents[1] / "schema" / "templates"


def context(**changes) -> dict:
    values = {
        "incident_id": "YZMZ-2024-0001", "incident_title": "某事件", "level": "重大", "section": "养老服务科",
        "org_name": "宁波市鄞州区民政局", "kind": "书面报告", "marks": "", "restricted": False, "drill": False,
        "to": "分管领导、主要领导", "cc": "局办公室",
        "elements": [{"number": "一", "name": "时间", "text": "8月26日"}],
        "element": {"时间": "8月26日"}, "content": "", "signer": "宁波市鄞州区民政局养老服务科",
        "signer_pad": "　" * 12, "date": "2024年8月26日", "date_pad": "　" * 14, "note": "联系人：刘洋",
        "issuer": "宁波市鄞州区民政局养老服务科", "by": "刘洋", "phone": "",
    }
    values.update(changes)
    return values


def text_of(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize("kind", KINDS)
def test_the_committed_templates_are_what_the_script_makes(kind):
    """Run `yuqing report --make-template` after changing make_template.py, and commit the result."""
    assert (SHIPPED / f"{kind}.docx").read_bytes() == template_bytes(kind)


@pytest.mark.parametrize("kind", KINDS)
def test_the_page(kind):
    document = Document(io.BytesIO(template_bytes(kind)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    for measure, expected in ((section.top_margin, 37), (section.left_margin, 28), (section.right_margin, 26),
                              (section.bottom_margin, 35)):
        assert abs(measure.mm - expected) < 0.5
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines in the 225 mm 版心
    assert abs(gb.LINE_PITCH_PT * gb.LINES - gb.BODY_HEIGHT_MM * gb.MM_PT) < 1.5
    # 28 characters of 3号 with the character spacing fit in the 156 mm line, 29 do not
    pitch = gb.BODY_PT + gb.char_spacing() / 20
    assert pitch * 28 <= gb.BODY_WIDTH_MM * gb.MM_PT < pitch * 29


def test_the_fonts_have_fallbacks():
    with zipfile.ZipFile(io.BytesIO(template_bytes("书面报告"))) as archive:
        table = archive.read("word/fontTable.xml").decode("utf-8")
        styles = archive.read("word/styles.xml").decode("utf-8")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in table
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in table
    defaults = styles.split("<w:docDefaults>")[1].split("</w:docDefaults>")[0]
    assert 'w:eastAsia="仿宋_GB2312"' in defaults and "Theme" not in defaults
    assert '<w:sz w:val="32"/>' in defaults and 'w:eastAsia="zh-CN"' in defaults


def test_the_templates_are_the_same_on_every_run():
    assert template_bytes("终报") == template_bytes("终报")


def test_a_filled_template(tmp_path):
    path = tmp_path / "t.docx"
    path.write_bytes(template_bytes("书面报告"))
    data = fill(path, context(elements=[{"number": "一", "name": "时间", "text": "A<B & C>D\n第二行"}]), "t.docx")
    text = text_of(data)
    assert "A<B & C>D" in text and "{{" not in text and "{%" not in text
    assert "关于某事件舆情的书面报告" in text
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "<w:br/>" in xml  # a line break inside an element stays a line break


def test_a_missing_template(tmp_path):
    with pytest.raises(TemplateError) as raised:
        fill(tmp_path / "书面报告.docx", context(), "schema/templates/书面报告.docx")
    text = raised.value.text()
    assert text.startswith("schema/templates/书面报告.docx: 报告模板错误：找不到报告模板")
    assert "yuqing report --make-template" in text and "git checkout -- schema/templates/书面报告.docx" in text


def test_a_template_that_is_not_a_word_file(tmp_path):
    path = tmp_path / "书面报告.docx"
    path.write_text("这不是 Word 文件", encoding="utf-8")
    with pytest.raises(TemplateError) as raised:
        fill(path, context(), "schema/templates/书面报告.docx")
    assert "不是有效的 Word（.docx）文件" in raised.value.text()


def test_a_zip_that_is_not_a_word_file(tmp_path):
    path = tmp_path / "书面报告.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "x")
    with pytest.raises(TemplateError) as raised:
        fill(path, context(), "schema/templates/书面报告.docx")
    assert "无法作为 Word 文件打开" in raised.value.text()


def edited(tmp_path, old: str, new: str) -> Path:
    """The shipped template with one piece of its document text replaced (as the office might edit it)."""
    source = zipfile.ZipFile(io.BytesIO(template_bytes("书面报告")))
    path = tmp_path / "书面报告.docx"
    with zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "word/document.xml":
                assert old.encode() in blob
                blob = blob.replace(old.encode(), new.encode())
            target.writestr(info, blob)
    return path


def test_a_tag_written_wrongly(tmp_path):
    path = edited(tmp_path, "{%p endfor %}", "{%p end for %}")
    with pytest.raises(TemplateError) as raised:
        fill(path, context(), "schema/templates/书面报告.docx")
    text = raised.value.text()
    assert "写错的标签" in text and "yuqing report --make-template" in text


def test_an_unknown_field(tmp_path):
    path = edited(tmp_path, "{{ to }}", "{{ recipients }}")
    with pytest.raises(TemplateError) as raised:
        fill(path, context(), "schema/templates/书面报告.docx")
    text = raised.value.text()
    assert "不存在的填写项：recipients" in text and "可用的填写项：incident_id" in text


def test_an_unknown_attribute(tmp_path):
    path = edited(tmp_path, "{{ item.text }}", "{{ item.txt }}")
    with pytest.raises(TemplateError) as raised:
        fill(path, context(), "schema/templates/书面报告.docx")
    assert "填写项有误" in raised.value.text()


def test_an_element_by_name(tmp_path):
    """The office may write one element where it wants it: {{ element['时间'] }}."""
    path = edited(tmp_path, "{{ to }}", "{{ to }}（{{ element['时间'] }}）")
    assert "分管领导、主要领导（8月26日）：" in text_of(fill(path, context(), "t.docx"))


def test_an_unclosed_bracket_is_named_not_swallowed(tmp_path):
    """docxtpl would drop everything up to the next }} (the 主送 and the elements) without a word."""
    path = edited(tmp_path, "{{ to }}", "{{ to }")
    with pytest.raises(TemplateError) as raised:
        fill(path, context(), "schema/templates/书面报告.docx")
    assert "“{{ to }：”一段的标签括号不成对" in raised.value.text()


@pytest.mark.parametrize("kind", KINDS)
def test_properties_are_in_the_schemas_order(kind):
    """Word refuses ("unreadable content") a paragraph's or a table's properties out of order."""
    from lxml import etree

    from yuqing.report.make_template import PPR_ORDER, TBLPR_ORDER

    with zipfile.ZipFile(io.BytesIO(template_bytes(kind))) as archive:
        parts = [etree.fromstring(archive.read(name)) for name in archive.namelist()
                 if name.startswith("word/") and name.endswith(".xml") and ("document" in name or "footer" in name)]
    for root in parts:
        for tag, order in (("w:pPr", PPR_ORDER), ("w:tblPr", TBLPR_ORDER)):
            rank = {qn(name): index for index, name in enumerate(order)}
            for props in root.iter(qn(tag)):
                ranks = [rank[child.tag] for child in props]
                assert ranks == sorted(ranks), etree.tostring(props)
