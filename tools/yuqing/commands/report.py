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
from yuqing.report import KINDS, build, fill, template_path, write_templates
from yuqing.report.fill import TEMPLATES_DIR

HELP = """\
把事件记录中的书面报告或终报生成 Word 文档（.docx），版式按
GB/T 9704-2012《党政机关公文格式》：A4 纸，版心 156 × 225 mm，
标题 2号小标宋，正文 3号仿宋，每页 22 行、每行 28 字。

取记录中最新的一条该类报告（已被更正的不算），填入 schema/templates/
下的模板（书面报告.docx、终报.docx）。局办公室可以用 WPS 或 Word
修改模板的文字和格式，但不要删除或改动花括号中的填写标签
（详见网站“提交指南 › 书面报告”）。

退出码：0 = 已生成（缺少的要素写作“（未填写）”并给出警告）；
1 = 记录中没有这类报告，或记录有错误无法读取；
2 = 参数或模板有误，或受限记录未加 --include-restricted。

示例：
  yuqing report YZMZ-2024-0001
  yuqing report YZMZ-2024-0001 --kind 终报 -o 终报.docx
"""


def add_parser(sub, common) -> None:
    """The ``report`` subcommand's arguments (called by :func:`yuqing.cli.build_parser`)."""
    report = sub.add_parser("report", help="把书面报告或终报生成公文格式的 Word 文档", description=HELP)
    common(report)
    report.add_argument("id", nargs="?", metavar="编号", help="事件编号，如 YZMZ-2024-0001")
    report.add_argument("--kind", default=KINDS[0], metavar="类型",
                        help="报告类型：书面报告（默认）或 终报（也可写 written / final）")
    report.add_argument("-o", "--output", metavar="文件",
                        help="输出的 .docx 文件（默认：当前目录下的 <编号>-<类型>.docx）")
    report.add_argument("--include-restricted", action="store_true",
                        help="允许为受限记录（visibility: restricted）生成，文档左上角标注“内部资料 注意保密”")
    report.add_argument("--make-template", action="store_true",
                        help=f"重新生成随程序提供的模板，写入 {TEMPLATES_DIR}/（覆盖原有模板）")


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
