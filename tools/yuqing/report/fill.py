"""Filling a report template (a .docx with docxtpl tags) with a report's values.

A template that is missing, is not a Word file, has a tag written wrongly or names a field that
does not exist stops with a :class:`TemplateError` naming the file and how to restore it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from yuqing.errors import ConfigError
from yuqing.i18n import Msg
from yuqing.layout import TEMPLATES_DIR
from yuqing.report.context import FIELDS

RESTORE_COMMAND = "yuqing report --make-template"


class TemplateError(ConfigError):
    """The report template cannot be used (exit 2)."""

    HEAD = Msg("报告模板错误：", "report template error: ")


def template_path(root: Path, kind: str) -> Path:
    return Path(root) / TEMPLATES_DIR / f"{kind}.docx"


def _restore(relative: str) -> Msg:
    return Msg(f"恢复办法：用 git checkout -- {relative} 找回仓库中的版本，或运行 {RESTORE_COMMAND} "
               f"重新生成随程序提供的模板（会覆盖 {TEMPLATES_DIR}/ 下的模板，原有修改可在 Git 历史中找回）。",
               f" To restore it: git checkout -- {relative}, or run {RESTORE_COMMAND} to write the shipped "
               f"templates again (this overwrites {TEMPLATES_DIR}/).")


def _fail(relative: str, zh: str, en: str) -> TemplateError:
    return TemplateError(Msg(zh, en) + _restore(relative), relative)


def _near(exc) -> str:
    """The text of the paragraphs around a tag error (docxtpl attaches them on rendering)."""
    lines = [line.strip() for line in getattr(exc, "docx_context", None) or [] if line.strip()]
    return "、".join(f"“{line[:40]}”" for line in lines[:3])


def _paragraphs(document):
    """Every paragraph of the document's body, its tables' cells, headers and footers."""
    def of(container):
        yield from container.paragraphs
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    yield from of(cell)

    yield from of(document)
    for section in document.sections:
        for part in (section.header, section.footer, section.even_page_header, section.even_page_footer):
            yield from of(part)


def unbalanced(document) -> str | None:
    """The text of the first paragraph whose tag brackets do not pair ({{ without }}, {% without %}):
    docxtpl would silently drop everything up to the next closing bracket."""
    for paragraph in _paragraphs(document):
        text = paragraph.text
        if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
            return text.strip()
    return None


def fill(template: Path, context: dict, relative: str) -> bytes:
    """The template at ``template`` filled with ``context``: the bytes of the .docx.

    ``relative``: how to name the template in messages (its path in the repository).
    """
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate
    from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError
    from jinja2 import TemplateError as JinjaError
    from lxml.etree import XMLSyntaxError

    if not template.is_file():
        raise _fail(relative, f"找不到报告模板 {relative}。", f"the report template {relative} is missing.")
    if not zipfile.is_zipfile(template):
        raise _fail(relative, f"{relative} 不是有效的 Word（.docx）文件（可能已损坏，或被另存为 .doc、.wps 等格式）。",
                    f"{relative} is not a Word (.docx) file.")
    env = Environment(undefined=StrictUndefined, autoescape=True)
    document = DocxTemplate(template)
    try:
        broken = unbalanced(document.get_docx())
        if broken is not None:
            raise _fail(relative, f"模板 {relative} 中“{broken[:60]}”一段的标签括号不成对"
                        "（{{ 须与 }} 成对，{% 须与 %} 成对，均用英文半角符号）。",
                        f"a tag's brackets do not pair in {relative}: '{broken[:60]}'.")
        unknown = sorted(document.get_undeclared_template_variables(env) - set(FIELDS))
    except TemplateSyntaxError as exc:
        raise _fail(relative, f"模板 {relative} 中有写错的标签（{exc.message}）。"
                    "标签应写成 {{ 名称 }} 或 {%p if … %} … {%p endif %}，括号须成对、用英文半角符号。",
                    f"a tag in {relative} is malformed ({exc.message}).") from None
    except (PackageNotFoundError, KeyError, ValueError, XMLSyntaxError, zipfile.BadZipFile) as exc:
        raise _fail(relative, f"{relative} 无法作为 Word 文件打开（{exc}）。", f"{relative} cannot be opened ({exc}).") from None
    if unknown:
        names = "、".join(unknown)
        raise _fail(relative, f"模板 {relative} 用了不存在的填写项：{names}。可用的填写项：{'、'.join(FIELDS)}"
                    "（说明见网站“提交指南 › 书面报告”）。", f"{relative} uses unknown fields: {', '.join(unknown)}.")
    try:
        document.render(context, jinja_env=env, autoescape=True)
    except UndefinedError as exc:
        raise _fail(relative, f"模板 {relative} 中的填写项有误（{exc.message}）。",
                    f"a field in {relative} is wrong ({exc.message}).") from None
    except JinjaError as exc:
        near = _near(exc)
        raise _fail(relative, f"模板 {relative} 中有写错的标签（{exc.message}）" + (f"，位置在 {near} 附近" if near else "")
                    + "。", f"a tag in {relative} is malformed ({exc.message}).") from None
    except XMLSyntaxError as exc:
        raise _fail(relative, f"模板 {relative} 填写后不是有效的 Word 文件（{exc}）：可能有标签拆开了表格或段落。",
                    f"{relative} does not give a valid document when filled ({exc}).") from None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
