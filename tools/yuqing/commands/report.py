"""``yuqing report``: an incident's written report (书面报告 or 终报) as a Word document (GB/T 9704-2012).

The latest report of the kind that no later entry corrects is filled into the template
schema/templates/<kind>.docx. Exit 0 when the document is written (missing elements are
written as （未填写） and listed on stderr), 1 when the record cannot give the report (it has
none of that kind, or it cannot be read), 2 on a usage or template error. ``--make-template``
writes the shipped templates again.
"""

from __future__ import annotations

import sys
from pathlib import Path

from yuqing.commands._shared import open_workspace
from yuqing.errors import UsageError
from yuqing.i18n import Msg
from yuqing.layout import TEMPLATES_DIR
from yuqing.report import KINDS, build, fill, template_path, write_templates

KIND_ALIASES = {"written": KINDS[0], "final": KINDS[1]}


def _kind(value: str) -> str:
    text = value.strip()
    kind = text if text in KINDS else KIND_ALIASES.get(text.lower())
    if kind is None:
        raise UsageError(Msg(f"--kind 只能是 {' 或 '.join(KINDS)}，而不是“{value}”。",
                             f"--kind must be {' or '.join(KINDS)} (written / final), not '{value}'."))
    return kind


def _record_problem(relative: str, record) -> Msg:
    first = record.problems[0] if record.problems else None
    where = f"{relative}:{first.line}" if first is not None and first.line else relative
    why = first.msg if first is not None else Msg("记录无法读取。", "the record cannot be read.")
    return (Msg(f"{where}：记录有错误，无法生成报告：", f"{where}: the record has errors; no report made: ") + why
            + Msg(f"请先运行 yuqing check {relative} 查看并修正。", f" Run yuqing check {relative} first."))


def run(args) -> int:
    from yuqing.commands.add import find_record

    workspace = open_workspace(args)
    lang = args.lang
    if args.make_template:
        written = write_templates(workspace.root / TEMPLATES_DIR)
        for path in written:
            print(Msg(f"已生成模板 {workspace.relative(path)}", f"wrote {workspace.relative(path)}").text(lang))
        return 0
    if not args.id:
        raise UsageError(Msg("请给出事件编号，如 yuqing report YZMZ-2024-0001。",
                             "give an incident id, e.g. yuqing report YZMZ-2024-0001."))
    kind = _kind(args.kind)
    record_id = args.id.strip()
    output = Path(args.output) if args.output else Path.cwd() / f"{record_id}-{kind}.docx"
    if output.suffix.lower() != ".docx":
        raise UsageError(Msg(f"-o 的文件名应以 .docx 结尾（Word 文档），而不是“{output.name}”。",
                             f"-o must name a .docx file, not '{output.name}'."))
    path = find_record(workspace, record_id)
    relative = workspace.relative(path)
    record = workspace.load_record(path)
    if record.model is None:
        print(_record_problem(relative, record).text(lang), file=sys.stderr)
        return 1
    incident = record.model
    if incident.visibility.value == "restricted" and not args.include_restricted:
        raise UsageError(Msg(
            f"{relative} 是受限记录（visibility: restricted），其报告只在内部传阅。确需生成时请加 "
            "--include-restricted，文档左上角将标注“内部资料 注意保密”。",
            f"{relative} is restricted; add --include-restricted to make its report "
            "(the document is then marked 内部资料 注意保密)."))
    filled = build(incident, workspace.org, workspace.policy, kind)
    if filled is None:
        print(Msg(f"{relative}：记录中没有{kind}（reports 中没有 kind: {kind} 的条目，已被更正的不算），无法生成。"
                  f"请先补记，如 yuqing add {record_id} --kind {kind} --at 时间 --by 报告人 --to 分管领导 主要领导 "
                  "--element 要素名=内容 …",
                  f"{relative}: the record has no {kind} (no report with kind: {kind} that is not corrected).").text(lang),
              file=sys.stderr)
        return 1
    template = template_path(workspace.root, kind)
    data = fill(template, filled.context, workspace.relative(template))
    output.write_bytes(data)
    number = filled.index + 1
    print(Msg(f"已生成 {output}：{relative} 第 {number} 条报告（{kind}，{filled.context['date']}）。",
              f"wrote {output}: report {number} of {relative} ({kind}, {filled.context['date']}).").text(lang))
    if filled.missing:
        names = "、".join(filled.missing)
        print(Msg(f"警告：{relative} 第 {number} 条报告（{kind}）缺少要素：{names}，文档中写作“（未填写）”。"
                  "请在记录中补齐后重新生成。",
                  f"warning: report {number} of {relative} ({kind}) lacks {names}; written as （未填写）.").text(lang),
              file=sys.stderr)
    return 0
