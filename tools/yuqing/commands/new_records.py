"""``yuqing new --signal`` and ``yuqing new --training``: a monitoring signal or a training record from its
template (DESIGN §12), valid as written; never overwrite."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from importlib import resources
from string import Template

from pydantic import TypeAdapter, ValidationError

from yuqing.commands._newfile import as_yml, write_new
from yuqing.commands._newfile import require as _require
from yuqing.commands._shared import open_workspace, parse_now
from yuqing.errors import ConfigError, UsageError
from yuqing.i18n import Msg
from yuqing.layout import MONITORING_DIR, TRAININGS_DIR
from yuqing.models.training import TrainingKind, TrainingKindField
from yuqing.timeparse import format_duration, format_exact

#: The longest slug taken from a topic (characters); the date before it makes the name unique enough.
SLUG_LENGTH = 24
#: Names separated in one ``--attendees`` word: 王芳、赵磊 or 王芳,赵磊 (half- or full-width).
_NAME_SEPARATORS = re.compile(r"[、,，;；\s]+")
#: A word YAML reads as itself, a string, without quotes: word characters with at least one Chinese one.
_PLAIN = re.compile(r"(?=.*[\u4e00-\u9fff])[\w·]+")


def next_signal_id(workspace, year: int) -> str:
    """The next free signal id of ``year``: one more than the highest in monitoring/ (gaps are not refilled)."""
    prefix = workspace.org.id_prefix
    pattern = re.compile(rf"^{re.escape(prefix)}-YJ-{year}-(\d{{4}})$")
    numbers = [int(m[1]) for path in workspace.record_files()
               if workspace.relative(path).startswith(MONITORING_DIR + "/") and (m := pattern.match(path.stem))]
    return f"{prefix}-YJ-{year}-{max(numbers, default=0) + 1:04d}"


def slug(topic: str) -> str:
    """A file-name slug of a topic: its letters and digits (Chinese characters kept), punctuation and spaces
    dropped, at most :data:`SLUG_LENGTH` characters; ``培训`` when nothing is left."""
    kept = "".join(char for char in unicodedata.normalize("NFKC", topic)
                   if unicodedata.category(char)[0] in "LN")
    return kept[:SLUG_LENGTH] or "培训"


def _names(values: list[str]) -> list[str]:
    names: list[str] = []
    for value in values:
        names += [name for name in _NAME_SEPARATORS.split(value) if name and name not in names]
    return names


def _scalar(value: str) -> str:
    """``value`` as a YAML scalar: bare when that reads back as the same string, else double-quoted."""
    return value if _PLAIN.fullmatch(value) else json.dumps(value, ensure_ascii=False)


def _flow_list(names: list[str]) -> str:
    return "[" + ", ".join(_scalar(name) for name in names) + "]"


def _section(workspace, value: str) -> str:
    if value not in workspace.org.section_names:
        raise UsageError(Msg(f"科室“{value}”不在 org.yml 中。可选：{'、'.join(s.name for s in workspace.org.sections)}。",
                              f"section '{value}' is not in org.yml."))
    return value


def _person(workspace, value: str, what: str) -> str:
    if value not in workspace.org.people:
        raise UsageError(Msg(f"{what}“{value}”不在 org.yml 的人员名单中（各科室的 members）。",
                              f"'{value}' is not a person in org.yml."))
    return value


def _text(value: str, what: str, option: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise UsageError(Msg(f"{what}不能为空。", f"{option} must not be empty."))
    return text


def _time(value: str | None, option: str, workspace):
    """The time given with ``option``, kept as written; without one the current time, to the minute."""
    try:
        moment = parse_now(value, workspace)
    except ConfigError as exc:  # parse_now names --now; this is another option
        raise UsageError(Msg(exc.msg.zh.replace("--now", option, 1), exc.msg.en.replace("--now", option, 1))) from None
    return moment if value else moment.replace(second=0, microsecond=0)


def _template(name: str) -> Template:
    return Template(resources.files("yuqing.templates").joinpath(name).read_text(encoding="utf-8"))


def run_signal(args) -> int:
    _require(args, "--section", "--by", "--summary")
    workspace = open_workspace(args)
    section = _section(workspace, args.section)
    by = _person(workspace, args.by, "发现人")
    summary = _text(args.summary, "概要", "--summary")
    channel = _text(args.channel or "其他", "渠道", "--channel")
    noticed = _time(args.noticed_at, "--noticed-at", workspace)
    tz = workspace.org.tz
    year = noticed.astimezone(tz).year
    signal_id = next_signal_id(workspace, year)
    within = workspace.policy.signals.assess_within
    text = _template("signal.md").substitute(
        id=signal_id, noticed_at=format_exact(noticed, tz), noticed_by=by, section=section,
        channel=_scalar(channel),
        summary=json.dumps(summary, ensure_ascii=False), due=format_exact(noticed + within, tz),
        assess_within=format_duration(within, exact=True))
    directory = workspace.root / MONITORING_DIR / str(year)
    if args.file_format == "yml":
        text = as_yml(workspace, directory, text, "signal.schema.json", "## 研判经过\n\n（写明发现经过、研判情况。）")
    return write_new(workspace, args, directory / f"{signal_id}.{args.file_format}", text)


def _kind(value: str) -> TrainingKind:
    try:
        return TypeAdapter(TrainingKindField).validate_python(value.strip())
    except ValidationError:
        raise UsageError(Msg(f"培训形式“{value}”无效，只能是 {' / '.join(kind.value for kind in TrainingKind)}。",
                              f"training kind '{value}' must be one of {', '.join(TrainingKind)}.")) from None


def run_training(args) -> int:
    _require(args, "--topic", "--attendees")
    workspace = open_workspace(args)
    org = workspace.org
    topic = _text(args.topic, "培训主题", "--topic")
    kind = _kind(args.kind or TrainingKind.COURSE.value)
    organizer = (args.organizer or org.office_section).strip()
    if organizer not in org.section_names | org.role_names | set(org.people):
        raise UsageError(Msg(f"组织者“{organizer}”不是 org.yml 中的科室、角色或人员。",
                              f"organizer '{organizer}' is not a section, role or person in org.yml."))
    attendees = [_person(workspace, name, "参加人员") for name in _names(args.attendees)]
    if not attendees:
        raise UsageError(Msg("参加人员不能为空。", "--attendees must name someone."))
    held = _time(args.held_at, "--held-at", workspace)
    day = held.astimezone(org.tz).date()
    name = slug(args.slug) if args.slug else slug(topic)
    text = _template("training.md").substitute(
        held_at=format_exact(held, org.tz), organizer=_scalar(organizer), topic=json.dumps(topic, ensure_ascii=False),
        kind=kind.value, attendees=_flow_list(attendees))
    directory = workspace.root / TRAININGS_DIR / str(day.year)
    if args.file_format == "yml":
        text = as_yml(workspace, directory, text, "training.schema.json", "## 内容\n\n（写明培训内容、讲授人、讨论要点。）")
    path = directory / f"{day.isoformat()}-{name}.{args.file_format}"
    if path.exists() or path.with_suffix(".yml" if args.file_format == "md" else ".md").exists():
        print(f"文件已存在，未覆盖：{workspace.relative(path)}。同一天的另一场培训请用 --slug 另取简称。"
              if args.lang != "en" else f"file exists, not overwritten: {workspace.relative(path)}; "
              "give another --slug.", file=sys.stderr)
        return 1
    return write_new(workspace, args, path, text)
