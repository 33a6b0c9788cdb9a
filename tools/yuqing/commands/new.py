"""``yuqing new``: write the next free id's incident file from the template; never overwrite.

``--signal`` writes a monitoring signal (``monitoring/<YYYY>/<ID>.md``, the next free ``<PREFIX>-YJ-`` id),
``--training`` a training record (``trainings/<YYYY>/<DATE>-<slug>.md``), each from its own template.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from importlib import resources
from string import Template

from yuqing.commands._newfile import require as _require
from yuqing.commands._newfile import schema_modeline, write_new
from yuqing.commands._shared import open_workspace, parse_now
from yuqing.errors import ConfigError
from yuqing.i18n import Msg
from yuqing.layout import RECORDS_DIR
from yuqing.models.types import LEVEL_ALIASES, Level
from yuqing.timeparse import format_duration, format_exact


def next_id(workspace, year: int) -> str:
    prefix = workspace.org.id_prefix
    pattern = re.compile(rf"^{re.escape(prefix)}-{year}-(\d{{4}})(?:\.review)?$")
    numbers = [int(m[1]) for path in workspace.record_files() if (m := pattern.match(path.stem))]
    return f"{prefix}-{year}-{max(numbers, default=0) + 1:04d}"


def _level(value: str) -> Level:
    text = value.strip()
    if text.lower() in LEVEL_ALIASES:
        return LEVEL_ALIASES[text.lower()]
    for level in Level:
        if level.value == text:
            return level
    raise ConfigError(Msg(f"级别“{value}”无效，只能是 一般、较大、重大（或 general、major、grave）。",
                          f"level '{value}' must be 一般, 较大 or 重大 (general/major/grave)."))


def _deadline_comments(workspace, level: Level, discovered: datetime) -> str:
    lines = ["# 本级别的时限（由 schema/policy.yml 计算，供参考）："]
    for code, obligation in sorted(workspace.policy.obligations.items()):
        if level not in obligation.levels:
            continue
        when = ""
        if obligation.within and obligation.start == "clock":
            when = f"：{format_exact(discovered + obligation.within, workspace.org.tz)} 前"
        elif obligation.within:
            when = f"：{'口头报告' if obligation.start == 'oral_report' else '办结'}后 {format_duration(obligation.within, exact=True)}内"
        elif obligation.every:
            hours = obligation.every.total_seconds() / 3600
            when = f"：每 {hours:g} 小时至少一次"
        lines.append(f"#   {code} {obligation.title}{when}（预案 {obligation.clause}）")
    return "\n".join(lines)


def render_template(workspace, record_id: str, level: Level, section: str, title: str,
                    discovered: datetime, drill: bool) -> str:
    template = Template(resources.files("yuqing.templates").joinpath("incident.md").read_text(encoding="utf-8"))
    tracking = ("tracking:\n  owner: 请填写跟踪专人姓名      # 较大、重大事件必须指定（四(三)）\n"
                "  # office_owner: 局办公室跟踪专人" if level is not Level.GENERAL else
                "# tracking:\n#   owner: 跟踪专人姓名")
    return template.substitute(
        id=record_id, title=json.dumps(title, ensure_ascii=False), level=level.value, section=section,
        discovered_at=format_exact(discovered, workspace.org.tz), drill="true" if drill else "false",
        deadlines=_deadline_comments(workspace, level, discovered), tracking=tracking,
    )


def run(args) -> int:
    if getattr(args, "signal", False):
        from yuqing.commands.new_records import run_signal

        return run_signal(args)
    if getattr(args, "training", False):
        from yuqing.commands.new_records import run_training

        return run_training(args)
    _require(args, "--level", "--section", "--title")
    workspace = open_workspace(args)
    level = _level(args.level)
    if args.section not in workspace.org.section_names:
        raise ConfigError(Msg(f"科室“{args.section}”不在 org.yml 中。可选：{'、'.join(s.name for s in workspace.org.sections)}。",
                              f"section '{args.section}' is not in org.yml."))
    if not args.title.strip():
        raise ConfigError(Msg("标题不能为空。", "the title must not be empty."))
    discovered = parse_now(args.discovered_at, workspace)
    if not args.discovered_at:  # the current time, to the minute; a time given is kept as written
        discovered = discovered.replace(second=0, microsecond=0)
    year = discovered.astimezone(workspace.org.tz).year
    record_id = next_id(workspace, year)
    directory = workspace.root / RECORDS_DIR / str(year)
    directory.mkdir(parents=True, exist_ok=True)
    text = render_template(workspace, record_id, level, args.section, args.title.strip(), discovered, args.drill)
    if args.file_format == "yml":
        text = (schema_modeline(workspace, directory) + text.split("---\n", 2)[1].rstrip("\n")
                + "\nbody: |\n  ## 事件经过\n\n  （按时间顺序写明事件经过。）\n")
    path = directory / f"{record_id}.{args.file_format}"
    return write_new(workspace, args, path, text)
