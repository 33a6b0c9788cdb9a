"""The ``yuqing`` command line: argument parsing and dispatch to one module per subcommand."""

from __future__ import annotations

import os
import sys

from yuqing import __version__

VERSION = f"yuqing {__version__}"


def _common(parser) -> None:
    from yuqing.i18n import LANGS

    parser.add_argument("--root", help="台账仓库目录（默认：从当前目录向上查找 schema/org.yml）")
    parser.add_argument("--lang", choices=LANGS, default="zh", help="消息语言：zh（默认）或 en")


def build_parser():
    """Every subcommand's arguments (argparse, with Chinese usage and errors)."""
    from yuqing.argparse_zh import Parser
    from yuqing.commands.arguments import add_arguments, report_arguments, window_options
    from yuqing.reporters import REPORTERS

    parser = Parser(prog="yuqing", description="舆情处置台账：检查事件记录、统计合规情况、生成网站。")
    parser.add_argument("--version", action="version", version=VERSION)
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=Parser)

    check = sub.add_parser("check", help="检查事件和复盘记录")
    _common(check)
    check.add_argument("paths", nargs="*", metavar="路径", help="只报告这些文件或目录（默认：全部记录）")
    check.add_argument("--now", help="把“当前时间”设为此时间（默认：实际时间），如 2024-08-26 10:00")
    check.add_argument("--base", metavar="REV",
                       help="合并请求的目标版本（如 origin/main）：只检查 REV..HEAD 中改动的记录，并检查 Git 历史规则")
    check.add_argument("--allow-dirty", action="store_true", help="与 --base 同用：允许工作区有未提交的记录修改")
    check.add_argument("--no-cache", action="store_true",
                       help="不使用缓存（默认会缓存未改动文件的检查结果和 Git 历史，放在系统缓存目录或 $YUQING_CACHE_DIR）")
    check.add_argument("--format", choices=sorted(REPORTERS), help="输出格式（默认 text；GitHub Actions 中为 github）")
    check.add_argument("--output", "-o", help="把结果写入文件而不是屏幕")
    check.add_argument("--color", choices=["auto", "always", "never"], default="auto", help="彩色输出")

    new = sub.add_parser("new", help="按模板新建一份事件记录、预警信息（--signal）或培训记录（--training）")
    _common(new)
    new.set_defaults(usage_error=new.error)
    what = new.add_mutually_exclusive_group()
    what.add_argument("--signal", action="store_true",
                      help="新建预警信息记录（monitoring/，自动取下一个预警编号），需 --section、--by、--summary")
    what.add_argument("--training", action="store_true",
                      help="新建培训记录（trainings/，文件名取举办日期和主题），需 --topic、--attendees")
    new.add_argument("--level", help="事件级别：一般 / 较大 / 重大（或 general/major/grave）")
    new.add_argument("--section", help="责任科室（预警信息：负责研判的科室），须是 org.yml 中的科室")
    new.add_argument("--title", help="事件标题")
    new.add_argument("--discovered-at", help="事件的获知时间（默认：现在）")
    new.add_argument("--drill", action="store_true", help="这是一次演练（事件）")
    new.add_argument("--noticed-at", metavar="时间", help="预警信息的发现时间（默认：现在）")
    new.add_argument("--by", metavar="姓名", help="预警信息的发现人（org.yml 中的人员）")
    new.add_argument("--summary", metavar="概要", help="预警信息的概要：一两句话写明发现了什么")
    new.add_argument("--channel", metavar="渠道", default="其他",
                     help="预警信息的来源渠道：微博、微信、抖音、12345热线、媒体、信访、其他（默认：其他）")
    new.add_argument("--topic", metavar="主题", help="培训的主题")
    new.add_argument("--held-at", metavar="时间", help="培训的举办时间（默认：现在）")
    new.add_argument("--kind", metavar="形式", default="培训班", help="培训的形式：培训班 / 研讨 / 演练讲评（默认：培训班）")
    new.add_argument("--organizer", metavar="组织者", help="培训的组织科室（默认：局办公室）")
    new.add_argument("--attendees", metavar="姓名", nargs="+",
                     help="培训的参加人员（org.yml 中的人员），用空格或顿号隔开，如 王芳 赵磊")
    new.add_argument("--slug", metavar="简称", help="培训记录文件名中日期后的简称（默认：取主题，去掉标点和空格）")
    new.add_argument("--format", choices=["md", "yml"], default="md", dest="file_format", help="文件类型")

    add_arguments(sub, _common)
    report_arguments(sub, _common)

    rules = sub.add_parser("rules", help="列出规则，或显示某条规则的说明")
    _common(rules)
    rules.add_argument("code", nargs="?", help="规则编号或名称，如 YQ301 或 grave-oral-report")

    schema = sub.add_parser("schema", help="重新生成 schema/*.schema.json")
    _common(schema)
    schema.add_argument("--check", action="store_true", help="只检查是否需要更新（过期则退出码 1）")

    verify = sub.add_parser("verify-site", help="核对已发布的网站与构建清单（SHA-256）是否一致")
    _common(verify)
    verify.add_argument("dir", metavar="目录", help="已发布网站的目录")
    verify.add_argument("--manifest", help="构建时生成的清单文件（默认：本仓库 site/ 中的，没有则用“目录”中的）")

    codeowners = sub.add_parser("codeowners", help="根据 org.yml 生成 CODEOWNERS")
    _common(codeowners)
    codeowners.add_argument("--check", action="store_true", help="只检查是否需要更新（过期则退出码 1）")

    notify = sub.add_parser("notify", help="把逾期事项推送到钉钉或企业微信群机器人")
    _common(notify)
    notify.add_argument("--webhook", metavar="URL",
                        help="群机器人的 Webhook 地址（默认读环境变量 YUQING_WEBHOOK；地址含密钥，不会显示）")
    notify.add_argument("--kind", choices=["dingtalk", "wecom"],
                        help="机器人类型：dingtalk（钉钉）或 wecom（企业微信）；默认按地址判断")
    notify.add_argument("--secret", help="钉钉机器人“加签”密钥（默认读环境变量 YUQING_WEBHOOK_SECRET）")
    notify.add_argument("--now", help="把“当前时间”设为此时间（默认：实际时间）")
    notify.add_argument("--timeout", type=float, default=10.0, metavar="S", help="每次发送最多等待的秒数（默认 10）")
    notify.add_argument("--retries", type=int, default=3, metavar="N",
                        help="服务器出错（5xx）、超时或连不上时重试的次数（默认 3）")
    notify.add_argument("--backoff", type=float, default=2.0, metavar="S",
                        help="第一次重试前等待的秒数，之后每次加倍（默认 2）")
    notify.add_argument("--link", metavar="URL", help="消息末尾的“查看详情”链接，如 CI 任务页面或网站")
    notify.add_argument("--due-within", metavar="时长",
                        help="同时提醒在此时长内到期的事项（到期前提醒），如 2h、24h、3d；有这样的事项时即使没有逾期也发送")
    notify.add_argument("--always", action="store_true", help="没有逾期事项时也发送")
    notify.add_argument("--dry-run", action="store_true", help="只显示将要发送的消息，不发送")

    due = sub.add_parser("due", help="列出即将到期的事项：谁、在什么时间前、做什么（按到期先后）")
    _common(due)
    due.add_argument("--within", metavar="时长",
                     help="只列出在此时长内到期的事项，如 2h（2 小时）、24h、3d（3 天）、30min（默认 7d）")
    due.add_argument("--section", help="只列出这个科室的事项（须是 org.yml 中的科室）")
    due.add_argument("--now", help="把“当前时间”设为此时间（默认：实际时间），如 2024-08-26 10:00")
    due.add_argument("--format", choices=["text", "json"], default="text",
                     help="输出格式：text（默认）或 json（供其他程序读取）")

    build = sub.add_parser("build", help="显示检查结果，然后生成网站（site/）")
    _common(build)
    build.add_argument("--now", help="生成网站时的“当前时间”（默认：实际时间）")
    build.add_argument("--config-file", help="网站配置文件（默认：仓库根目录的 mkdocs.yml）")
    build.add_argument("--site-dir", help="网站输出目录（默认：mkdocs.yml 中的 site_dir，即 site/）")
    build.add_argument("--strict", action="store_true", help="严格模式：有任何警告（如记录错误）就不生成")
    build.add_argument("--verbose", "-v", action="store_true", help="显示 MkDocs 的详细过程")
    build.add_argument("--quiet", "-q", action="store_true", help="不逐条列出检查结果，只显示汇总（如已运行过 check）")
    build.add_argument("--generator", choices=["mkdocs", "zensical"], default="mkdocs",
                       help="网站生成器：mkdocs（默认，MkDocs Material）或 zensical（同样的页面，生成更快）")

    serve = sub.add_parser("serve", help="显示检查结果，然后在本机 127.0.0.1 上浏览网站（修改记录后自动刷新）")
    _common(serve)
    serve.add_argument("--now", help="网站的“当前时间”（默认：实际时间）")
    serve.add_argument("--config-file", help="网站配置文件（默认：仓库根目录的 mkdocs.yml）")
    serve.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    serve.add_argument("--generator", choices=["mkdocs", "zensical"], default="mkdocs",
                       help="网站生成器：mkdocs（默认）或 zensical")

    render = sub.add_parser("render-pages", help="把生成的网站页面写成 Markdown 文件（供其他网站生成器使用）")
    _common(render)
    render.add_argument("dir", metavar="目录", help="输出目录")
    render.add_argument("--now", help="生成页面时的“当前时间”（默认：实际时间）")
    render.add_argument("--assets", action="store_true", help="同时复制页面用到的 CSS 和 JS")

    stats = sub.add_parser("stats", help="在终端显示合规统计")
    _common(stats)
    stats.add_argument("--now", help="统计时的“当前时间”")
    stats.add_argument("--format", choices=["text", "json"], default="text",
                       help="输出格式：text（表格，默认）或 json（供其他程序读取，按时率为 0–1 的小数）")
    window_options(stats)

    export = sub.add_parser("export", help="导出舆情台账（Excel 工作簿或 CSV），可按季度、年度或日期范围")
    _common(export)
    export.add_argument("--now", help="导出时的“当前时间”（默认：实际时间）")
    export.add_argument("--format", choices=["xlsx", "csv"], dest="file_format",
                        help="文件格式：xlsx（Excel/WPS 工作簿，默认）或 csv（只含台账一张表，UTF-8 编码）；默认按 -o 的扩展名")
    export.add_argument("--output", "-o", metavar="文件",
                        help="写入的文件（默认：当前目录的 舆情台账.xlsx 或 舆情台账.csv）；csv 可用 - 输出到屏幕")
    window_options(export)
    return parser


def _lang_of(argv: list[str]) -> str:
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
    return "zh"


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    if words == ["--version"]:  # what scripts and pre-commit ask most: answered before argparse is imported
        print(VERSION)
        return 0
    # pydantic looks for plugins in every installed package's metadata when the first model is built (a
    # tenth of a one-file check); yuqing uses none
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from yuqing.argparse_zh import LANG

    parser = build_parser()
    LANG["value"] = _lang_of(words)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    from importlib import import_module

    from yuqing.errors import ConfigError

    module = import_module(f"yuqing.commands.{args.command.replace('-', '_')}")
    try:
        return module.run(args)
    except ConfigError as exc:
        print(exc.text(getattr(args, "lang", "zh")), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        print(_os_error_text(exc, getattr(args, "lang", "zh")), file=sys.stderr)
        return 2
    except Exception as exc:  # the last line of defence: a clear message, never a traceback
        if os.environ.get("YUQING_DEBUG"):
            raise
        print(f"yuqing 内部错误：{type(exc).__name__}: {exc}。请把这条消息和所用的文件发给局办公室"
              "（设置环境变量 YUQING_DEBUG=1 可看到详细信息）。", file=sys.stderr)
        return 2


def _os_error_text(exc: OSError, lang: str) -> str:
    """A file that could not be read or written, named, and why, in the user's language."""
    from yuqing.i18n import Msg
    from yuqing.loader import os_reason

    name = exc.filename if exc.filename is not None else ""
    if name:
        msg = Msg(f"无法读写文件 {os.fsdecode(name)}：", f"cannot read or write {os.fsdecode(name)}: ")
    else:
        msg = Msg("无法读写文件：", "cannot read or write a file: ")
    return (msg + os_reason(exc) + Msg("。", ".")).text(lang)
