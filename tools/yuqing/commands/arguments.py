"""The arguments of ``add`` and ``report`` and the window options, light to import.

:func:`yuqing.cli.build_parser` needs them for every command, ``--help`` and ``--version``
included, so nothing here imports a model, pydantic or a document library: the kinds of entry
come from :mod:`yuqing.vocabulary`.
"""

from __future__ import annotations

from yuqing.layout import TEMPLATES_DIR
from yuqing.vocabulary import DOCUMENT_KINDS, ReportKind

RESPONSE, ESCALATION, REGRADING, CLOSURE, EXCEPTION = "回应", "上报", "级别变化", "办结", "情况说明"
ASSESSMENT = "研判"  # the one kind of entry a signal (monitoring/) takes
REPORT_KINDS = tuple(kind.value for kind in ReportKind)
INCIDENT_KINDS = REPORT_KINDS + (RESPONSE, ESCALATION, REGRADING, CLOSURE, EXCEPTION)
KINDS = INCIDENT_KINDS + (ASSESSMENT,)

ADD_HELP = """\
在事件记录中追加一条（或在预警信息中追加一次研判），保留文件原有的注释和格式，然后检查这份记录。

各类条目（--kind）及其参数：
  口头报告、书面报告、续报、终报：追加到 reports
      --at 时间 --by 报告人 --to 报告对象（角色，可多个）
      [--cc 抄送角色] [--channel 方式] [--content 内容摘要]
      [--element 要素名=内容 …]（书面报告六要素、终报三要素）
  回应：追加到 responses
      --at 发布时间 --channel 发布渠道 --content 发布内容（口径）
      [--approval 角色=审核时间 …]
  上报：追加到 escalations
      --at 时间 --to 上报单位（如 市民政局）[--by 上报人] [--channel 方式]
      [--content 内容]
  级别变化：追加到 regradings，并把 level 改为新级别
      --at 时间 --to 新级别 --by 决定人 --reason 原因（或 --content）
  办结：把 status 改为 已办结，并填写 closed_at
      --at 办结时间
  情况说明：追加到 exceptions
      --rule 规则编号（如 YQ301）--reason 原因 [--at 时间] [--occurrence 第几次]
  研判（预警信息，编号如 YZMZ-YJ-2026-0003）：追加到 assessments
      --at 研判时间 --by 研判人 --conclusion 不构成舆情 / 持续关注 / 转为事件
      [--note 研判意见] [--incident 事件编号]（转为事件时，同时填写 incident）

时间写成 2024-08-26 09:20（北京时间）。
退出码：0 = 已追加，检查无错误；1 = 已追加，但检查发现错误（如报告超时：
请按提示补写情况说明）；2 = 参数有误，文件未修改。

示例：
  yuqing add YZMZ-2024-0001 --kind 口头报告 --at "2024-08-26 09:31" \\
      --by 刘洋 --to 分管领导 主要领导 --cc 局办公室 --channel 电话
  yuqing add YZMZ-2024-0001 --kind 书面报告 --at "2024-08-26 09:48" \\
      --by 刘洋 --to 分管领导 主要领导 \\
      --element "时间=2024-08-26 08:40 网民发帖" --element 地点=某街道某养老机构
  yuqing add YZMZ-2024-0001 --kind 办结 --at "2024-08-30 17:00"
  yuqing add YZMZ-YJ-2026-0003 --kind 研判 --at "2026-09-14 11:30" \\
      --by 蒋文斌 --conclusion 持续关注 --note 视频热度一般，继续观察。
"""


def add_arguments(sub, common) -> None:
    """The ``add`` subcommand's arguments (called by :func:`yuqing.cli.build_parser`)."""
    add = sub.add_parser("add", help="在事件记录中追加一条报告、回应、上报等（或在预警信息中追加研判），然后检查",
                         description=ADD_HELP)
    common(add)
    add.add_argument("id", metavar="编号", help="事件编号，如 YZMZ-2024-0001；预警信息编号，如 YZMZ-YJ-2026-0003")
    add.add_argument("--kind", required=True, metavar="类型", help="条目类型：" + " / ".join(KINDS))
    add.add_argument("--at", nargs="+", metavar="时间", help="时间，如 2024-08-26 09:20（可不加引号）")
    add.add_argument("--by", metavar="姓名", help="报告人、上报人、决定人或研判人的姓名")
    add.add_argument("--to", nargs="+", action="extend", metavar="对象",
                     help="报告对象（角色，可多个）；上报时为上报单位；级别变化时为新级别")
    add.add_argument("--cc", nargs="+", action="extend", metavar="角色", help="抄送（角色，可多个）")
    add.add_argument("--channel", metavar="方式", help="方式或渠道：电话、OA、微博评论区…")
    add.add_argument("--content", metavar="文字", help="内容：报告摘要；回应时为发布内容（口径）")
    add.add_argument("--element", action="append", metavar="要素=内容", help="报告要素，可多次，如 --element 地点=某街道")
    add.add_argument("--approval", action="append", metavar="角色=时间",
                     help="回应发布前的审核，可多次，如 \"分管领导=2024-08-26 15:50\"")
    add.add_argument("--rule", metavar="编号", help="情况说明对应的规则编号，如 YQ301")
    add.add_argument("--reason", metavar="文字", help="情况说明或级别变化的原因")
    add.add_argument("--occurrence", type=int, action="append", metavar="N", help="情况说明针对第几次（如第 3 次续报），可多次")
    add.add_argument("--conclusion", metavar="结论", help="研判结论：不构成舆情 / 持续关注 / 转为事件")
    add.add_argument("--note", metavar="文字", help="研判意见")
    add.add_argument("--incident", metavar="事件编号", help="研判结论为转为事件时，登记的事件编号（须已有事件记录）")
    add.add_argument("--now", help="检查时的“当前时间”（默认：实际时间）")



REPORT_HELP = """\
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


def report_arguments(sub, common) -> None:
    """The ``report`` subcommand's arguments (called by :func:`yuqing.cli.build_parser`)."""
    report = sub.add_parser("report", help="把书面报告或终报生成公文格式的 Word 文档", description=REPORT_HELP)
    common(report)
    report.add_argument("id", nargs="?", metavar="编号", help="事件编号，如 YZMZ-2024-0001")
    report.add_argument("--kind", default=DOCUMENT_KINDS[0], metavar="类型",
                        help="报告类型：书面报告（默认）或 终报（也可写 written / final）")
    report.add_argument("-o", "--output", metavar="文件",
                        help="输出的 .docx 文件（默认：当前目录下的 <编号>-<类型>.docx）")
    report.add_argument("--include-restricted", action="store_true",
                        help="允许为受限记录（visibility: restricted）生成，文档左上角标注“内部资料 注意保密”")
    report.add_argument("--make-template", action="store_true",
                        help=f"重新生成随程序提供的模板，写入 {TEMPLATES_DIR}/（覆盖原有模板）")



def window_options(parser) -> None:
    """``--from``, ``--to``, ``--quarter``, ``--year``: which incidents the figures (and the ledger) count."""
    parser.add_argument("--from", dest="date_from", metavar="日期",
                        help="只统计获知时间在此日期及以后的事件，如 2025-01-01")
    parser.add_argument("--to", dest="date_to", metavar="日期",
                        help="只统计获知时间在此日期及以前的事件，如 2025-03-31（含当天）")
    parser.add_argument("--quarter", metavar="季度", help="只统计一个季度，如 2025Q1（即 --from 2025-01-01 --to 2025-03-31）")
    parser.add_argument("--year", metavar="年份", help="只统计一年，如 2025")
