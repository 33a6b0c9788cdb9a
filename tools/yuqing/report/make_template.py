"""The shipped report templates (schema/templates/书面报告.docx and 终报.docx), built with python-docx.

Run ``yuqing report --make-template`` (or ``python -m yuqing.report.make_template``) to write them
again: the bytes are the same on every run (fixed dates in the document's properties and the
archive), so a test can tell whether the committed files are what this module makes.

The page follows GB/T 9704-2012: A4, 版心 156 × 225 mm (天头 37 mm, 订口 28 mm), 22 lines of 28
characters (a fixed 28.95 pt line and a character grid), a 2号小标宋 title, a 3号仿宋 body with
3号黑体 first-level headings (一、), the sender (署名) and the date in Chinese, a note (附注) with
the contact, and the 版记 (抄送 and 印发) between rules at the end. The fields are docxtpl tags
(Jinja2): ``{{ name }}`` for a value, ``{%p … %}`` paragraphs for a condition or the loop over
the elements, ``{%tr … %}`` rows in the 版记.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from yuqing.report import gbt9704 as gb

#: What each template's title says (the rest is the same for both kinds).
TITLES = {
    "书面报告": "关于{{ incident_title }}舆情的书面报告",
    "终报": "关于{{ incident_title }}舆情处置情况的报告（终报）",
}
KINDS = tuple(TITLES)
FIXED_TIME = datetime(2024, 8, 26, 0, 0, 0)  # the plan's 成文日期: the templates' fixed creation time
ZIP_TIME = (2024, 8, 26, 0, 0, 0)


def _fonts(rpr, font: str) -> None:
    """Name ``font`` for every script of a run (w:eastAsia is what Chinese text is set in)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, fonts)
    for name in list(fonts.attrib):  # theme fonts would win over the names
        del fonts.attrib[name]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


#: What follows w:spacing in a run's properties (the schema fixes the order).
_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
                  "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout")


#: The order of a paragraph's and a table's properties in the schema (Word refuses a file otherwise).
PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
             "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
             "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
             "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
             "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
             "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
               "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
               "w:tblLayout", "w:tblCellMar", "w:tblLook")


def _place(parent, xml: str, order: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> None:
    """Put the element ``xml`` into ``parent`` where the schema wants it (replacing one of its kind):
    before the first child that ``order`` puts after it, or before the first of ``after``."""
    child = parse_xml(xml)
    for old in parent.findall(child.tag):
        parent.remove(old)
    tags = [qn(tag) for tag in order]
    later = set(tags[tags.index(child.tag) + 1:]) if child.tag in tags else {qn(tag) for tag in after}
    following = next((sibling for sibling in parent if sibling.tag in later), None)
    if following is None:
        parent.append(child)
    else:
        following.addprevious(child)


def _spacing(rpr) -> None:
    """The body's character spacing (28 characters a line), in its place among the run properties."""
    _place(rpr, f"<w:spacing {nsdecls('w')} w:val=\"{gb.char_spacing()}\"/>", after=_AFTER_SPACING)


def _run(paragraph, text: str, font: str = gb.FANGSONG, size: float = gb.BODY_PT, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold or None
    _fonts(run._element.get_or_add_rPr(), font)
    return run


def _paragraph(container, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars: int = 0, right_chars: int = 0,
               line_pt: float = gb.LINE_PITCH_PT):
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.widow_control = False
    ppr = paragraph._p.get_or_add_pPr()
    if indent_chars or right_chars:  # in characters (Word, WPS) and in points (the same for 3号)
        _place(ppr, f"<w:ind {nsdecls('w')} w:firstLineChars=\"{indent_chars * 100}\" "
                    f"w:firstLine=\"{indent_chars * gb.BODY_PT * 20}\" "
                    f"w:rightChars=\"{right_chars * 100}\" w:right=\"{right_chars * gb.BODY_PT * 20}\"/>", PPR_ORDER)
    return paragraph


def _tag(container, text: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag (``{%p if … %}``): removed when filled."""
    _run(_paragraph(container, align=WD_ALIGN_PARAGRAPH.LEFT), text)


def _styles(document) -> None:
    """Document defaults: 3号仿宋, Chinese language, no spacing, the fixed line; fonts with fallbacks."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, gb.FANGSONG)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(gb.BODY_PT * 2))
    _spacing(rpr)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(gb.LINE_PITCH_TWIPS))
    spacing.set(qn("w:lineRule"), "exact")
    normal = document.styles["Normal"]
    normal.font.size = Pt(gb.BODY_PT)
    normal_rpr = normal.element.get_or_add_rPr()
    _fonts(normal_rpr, gb.FANGSONG)
    _spacing(normal_rpr)
    # the font table: what to use where a font is not installed (仿宋_GB2312 → 仿宋, 小标宋 → 宋体)
    table = document.part.font_table if hasattr(document.part, "font_table") else None
    fonts_part = table or next(rel.target_part for rel in document.part.rels.values()
                               if rel.reltype.endswith("/fontTable"))
    root = parse_xml(fonts_part.blob)
    for name, alt in gb.FONTS.items():
        root.append(parse_xml(
            f"<w:font {nsdecls('w')} w:name=\"{name}\"><w:altName w:val=\"{alt}\"/><w:charset w:val=\"86\"/>"
            f"<w:family w:val=\"{'modern' if name in (gb.HEITI,) else 'roman'}\"/><w:pitch w:val=\"fixed\"/></w:font>"))
    from lxml import etree

    fonts_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(gb.PAGE_WIDTH_MM), Mm(gb.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(gb.TOP_MM), Mm(gb.BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(gb.LEFT_MM), Mm(gb.RIGHT_MM)
    section.header_distance, section.footer_distance = Mm(gb.HEADER_MM), Mm(gb.FOOTER_MM)
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = parse_xml(f"<w:docGrid {nsdecls('w')}/>")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")  # the line grid: 22 lines; the characters: see gb.char_spacing
    grid.set(qn("w:linePitch"), str(gb.LINE_PITCH_TWIPS))
    # page numbers: "— 1 —" in 4号宋体, odd pages right and even pages left, one character in (7.5)
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        fmt = paragraph.paragraph_format
        fmt.alignment = align
        fmt.space_after = Pt(0)
        side = "right" if align == WD_ALIGN_PARAGRAPH.RIGHT else "left"
        _place(paragraph._p.get_or_add_pPr(), f"<w:ind {nsdecls('w')} w:{side}=\"{gb.NOTE_PT * 20}\"/>", PPR_ORDER)
        _run(paragraph, "— ", gb.SONGTI, gb.NOTE_PT)
        field = parse_xml(f"<w:fldSimple {nsdecls('w')} w:instr=\" PAGE \"><w:r><w:rPr>"
                          f"<w:rFonts w:ascii=\"{gb.SONGTI}\" w:hAnsi=\"{gb.SONGTI}\" w:eastAsia=\"{gb.SONGTI}\"/>"
                          f"<w:sz w:val=\"{gb.NOTE_PT * 2}\"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>")
        paragraph._p.append(field)
        _run(paragraph, " —", gb.SONGTI, gb.NOTE_PT)


def _borders(table) -> None:
    """The 版记's rules: thick first and last (0.35 mm), thin between (0.25 mm), none at the sides."""
    tbl_pr = table._tbl.tblPr
    _place(tbl_pr, (
        f"<w:tblBorders {nsdecls('w')}><w:top w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"000000\"/>"
        "<w:left w:val=\"nil\"/><w:bottom w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"000000\"/>"
        "<w:right w:val=\"nil\"/><w:insideH w:val=\"single\" w:sz=\"6\" w:space=\"0\" w:color=\"000000\"/>"
        "<w:insideV w:val=\"nil\"/></w:tblBorders>"), TBLPR_ORDER)
    _place(tbl_pr, f"<w:tblLayout {nsdecls('w')} w:type=\"fixed\"/>", TBLPR_ORDER)


def _cell_paragraph(cell, align):
    paragraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(gb.LINE_PITCH_PT)
    side = "left" if align == WD_ALIGN_PARAGRAPH.LEFT else "right"
    _place(paragraph._p.get_or_add_pPr(), f"<w:ind {nsdecls('w')} w:{side}=\"{gb.NOTE_PT * 20}\"/>", PPR_ORDER)
    return paragraph


def _record_block(document) -> None:
    """版记: 抄送 (when the report has cc) and 印发, a table of two columns across the 版心."""
    table = document.add_table(rows=4, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    _place(table._tbl.tblPr, f"<w:tblW {nsdecls('w')} w:type=\"dxa\" w:w=\"{round(gb.BODY_WIDTH_MM / 25.4 * 1440)}\"/>",
           TBLPR_ORDER)
    widths = (Mm(gb.BODY_WIDTH_MM * 0.6), Mm(gb.BODY_WIDTH_MM * 0.4))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for index, text in ((0, "{%tr if cc %}"), (2, "{%tr endif %}")):
        row = table.rows[index]
        merged = row.cells[0].merge(row.cells[1])
        _run(_cell_paragraph(merged, WD_ALIGN_PARAGRAPH.LEFT), text, size=gb.NOTE_PT)
    cc = table.rows[1].cells[0].merge(table.rows[1].cells[1])
    _run(_cell_paragraph(cc, WD_ALIGN_PARAGRAPH.LEFT), "抄送：{{ cc }}。", size=gb.NOTE_PT)
    last = table.rows[3].cells
    _run(_cell_paragraph(last[0], WD_ALIGN_PARAGRAPH.LEFT), "{{ issuer }}", size=gb.NOTE_PT)
    _run(_cell_paragraph(last[1], WD_ALIGN_PARAGRAPH.RIGHT), "{{ date }}印发", size=gb.NOTE_PT)


def build(kind: str):
    """The template of ``kind`` (书面报告 or 终报) as a python-docx Document."""
    document = Document()
    _styles(document)
    _page(document)
    left = WD_ALIGN_PARAGRAPH.LEFT
    # 密级 position (版心左上角): 内部资料 注意保密 for a restricted record, 演练 for a drill
    _tag(document, "{%p if marks %}")
    _run(_paragraph(document, align=left), "{{ marks }}", gb.HEITI)
    _paragraph(document, align=left)
    _tag(document, "{%p endif %}")
    # the title: 2号小标宋, centred, one line of the grid each, then one blank line
    title = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER)
    _place(title._p.get_or_add_pPr(), f"<w:snapToGrid {nsdecls('w')} w:val=\"0\"/>", PPR_ORDER)
    _run(title, TITLES[kind], gb.TITLE_FONT, gb.TITLE_PT)
    _paragraph(document, align=left)
    # 主送: flush left, a full-width colon after the last
    _run(_paragraph(document, align=left), "{{ to }}：")
    # the elements, in the plan's order: 一、时间：…
    _tag(document, "{%p for item in elements %}")
    paragraph = _paragraph(document, indent_chars=2)
    _run(paragraph, "{{ item.number }}、{{ item.name }}：", gb.HEITI)
    _run(paragraph, "{{ item.text }}")
    _tag(document, "{%p endfor %}")
    _run(_paragraph(document, indent_chars=2), "特此报告。")
    _paragraph(document, align=left)
    # 署名 and 成文日期 (7.3.5.2, without a seal): the date's first character two to the right of
    # the sender's, the longer of the two two characters from the right edge (the padding does it)
    _run(_paragraph(document, align=left), "{{ signer_pad }}{{ signer }}")
    _run(_paragraph(document, align=left), "{{ date_pad }}{{ date }}")
    # 附注: under the date, two characters in, in brackets
    _run(_paragraph(document, indent_chars=2), "（{{ note }}）")
    _paragraph(document, align=left)
    _record_block(document)
    # a document ends with a paragraph, not a table (Word would add one, a full line high)
    _paragraph(document, align=left, line_pt=1)
    package_rels = document.part.package.rels  # python-docx's sample thumbnail is not ours
    for rel_id in [key for key, rel in package_rels.items() if rel.reltype.endswith("/thumbnail")]:
        package_rels.pop(rel_id)
    props = document.core_properties
    props.title = TITLES[kind].replace("{{ incident_title }}", "×××")
    props.author = props.last_modified_by = "yuqing"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    props.comments = "由 yuqing report --make-template 生成；文中花括号内的是填写标签，请勿删除或改动。"
    return document


def _steady_zip(data: bytes) -> bytes:
    """The archive again with fixed member times (python-docx stamps the time of saving)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            blob = source.read(info.filename)
            target.writestr(member, blob)
    return out.getvalue()


def template_bytes(kind: str) -> bytes:
    """The template of ``kind`` as the bytes of a .docx file, the same on every run."""
    buffer = io.BytesIO()
    build(kind).save(buffer)
    return _steady_zip(buffer.getvalue())


def write_templates(directory: Path) -> list[Path]:
    """Write both templates into ``directory`` (created if missing); the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = directory / f"{kind}.docx"
        path.write_bytes(template_bytes(kind))
        written.append(path)
    return written


if __name__ == "__main__":  # python -m yuqing.report.make_template [DIR]
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("schema/templates")
    for written_path in write_templates(target):
        print(written_path)
