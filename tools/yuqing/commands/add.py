"""``yuqing add``: append one entry to an incident record (or an assessment to a signal) in place, then check it.

The arguments are validated before anything is written (an unknown id, kind or role, an
unreadable time: a Chinese message and exit 2, the file untouched). The file is edited by
text insertion (:mod:`yuqing.recordedit`): its comments, key order and layout stay. Exit 0
when the check of the record finds no errors, 1 when it does (the entry is written either
way: a late report is still recorded truthfully), 2 on a usage error.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from yuqing.checking import run_check
from yuqing.commands._shared import open_workspace, parse_now
from yuqing.commands.arguments import (
    ASSESSMENT,
    CLOSURE,
    ESCALATION,
    EXCEPTION,
    KINDS,
    REGRADING,
    REPORT_KINDS,
    RESPONSE,
)
from yuqing.errors import UsageError
from yuqing.i18n import Msg
from yuqing.layout import RECORDS_DIR, is_review_path, record_kind, stem
from yuqing.loader import load_text, read_bytes
from yuqing.models.types import KIND_ALIASES, LEVEL_ALIASES, Level, Status
from yuqing.recordedit import EditError, append_entry, plain, set_scalars, verify
from yuqing.reporters import REPORTERS
from yuqing.schema_errors import time_error_message
from yuqing.timeparse import TimeFormatError, format_exact, parse_datetime

ALIASES = {**{alias: kind.value for alias, kind in KIND_ALIASES.items()},
           "response": RESPONSE, "escalation": ESCALATION, "regrading": REGRADING,
           "close": CLOSURE, "closure": CLOSURE, "exception": EXCEPTION, "assessment": ASSESSMENT}
#: The English name of each kind, for ``--lang en``.
ALIASES_EN = {"口头报告": "oral report", "书面报告": "written report", "续报": "follow-up report",
              "终报": "final report", RESPONSE: "response", ESCALATION: "escalation", REGRADING: "regrading",
              EXCEPTION: "exception", ASSESSMENT: "assessment"}
#: The list each kind of entry is appended to (办结 sets fields instead).
LIST_OF = {**dict.fromkeys(REPORT_KINDS, "reports"), RESPONSE: "responses", ESCALATION: "escalations",
           REGRADING: "regradings", EXCEPTION: "exceptions", ASSESSMENT: "assessments"}

#: The options each kind takes beyond --kind (and --root, --lang, --now); any other given is a usage error.
OPTIONS = {
    **dict.fromkeys(REPORT_KINDS, {"at", "by", "to", "cc", "channel", "content", "element"}),
    RESPONSE: {"at", "channel", "content", "approval"},
    ESCALATION: {"at", "by", "to", "channel", "content"},
    REGRADING: {"at", "by", "to", "content", "reason"},
    CLOSURE: {"at"},
    EXCEPTION: {"at", "rule", "reason", "content", "occurrence"},
    ASSESSMENT: {"at", "by", "conclusion", "note", "incident"},
}
OPTION_NAMES = {"at": "--at", "by": "--by", "to": "--to", "cc": "--cc", "channel": "--channel",
                "content": "--content", "element": "--element", "approval": "--approval", "rule": "--rule",
                "reason": "--reason", "occurrence": "--occurrence", "conclusion": "--conclusion", "note": "--note",
                "incident": "--incident"}

def _usage(zh: str, en: str) -> UsageError:
    return UsageError(Msg(zh, en))


# --- times -------------------------------------------------------------------------------------

_WIDE = str.maketrans("０１２３４５６７８９：－／．　", "0123456789:-/. ")
_CHINESE_TIME = re.compile(
    r"^(?P<y>\d{4})\s*[年/.\-]\s*(?P<mo>\d{1,2})\s*[月/.\-]\s*(?P<d>\d{1,2})\s*[日号]?\s*T?\s*"
    r"(?:(?P<noon>上午|早上|凌晨|中午|下午|晚上)?\s*(?P<h>\d{1,2})\s*[:时点]\s*(?:(?P<mi>\d{1,2})\s*分?)?)?\s*$")


def suggest_time(value: str) -> tuple[str, bool] | None:
    """The ledger's form of a time written the way people write dates (``2025年3月1日 9时10分``,
    ``2025/3/1 9:10``, a full-width colon): (the corrected text, whether it has a time of day),
    or None when it is not recognisable."""
    match = _CHINESE_TIME.match(value.translate(_WIDE).strip())
    if not match:
        return None
    try:
        day = datetime(int(match["y"]), int(match["mo"]), int(match["d"]))
    except ValueError:
        return None
    if match["h"] is None:
        return day.strftime("%Y-%m-%d"), False
    hour, minute = int(match["h"]), int(match["mi"] or 0)
    if match["noon"] in ("下午", "晚上") and hour < 12 or match["noon"] == "中午" and hour < 11:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return f"{day:%Y-%m-%d} {hour:02d}:{minute:02d}", True


def read_time(value: str, option: str, workspace) -> datetime:
    """A time given on the command line, or a usage error naming the corrected form where recognisable."""
    try:
        return parse_datetime(value, workspace.org.tz)
    except TimeFormatError as exc:
        error = exc
    suggestion = suggest_time(value)
    if suggestion and suggestion[1]:
        raise _usage(f"{option} 的时间“{value}”不是台账的写法，请写成 {suggestion[0]}（北京时间）。",
                     f"{option} '{value}' is not written the ledger's way; write {suggestion[0]}.")
    if suggestion:
        raise _usage(f"{option} 的时间“{value}”只有日期没有钟点，时限无法计算。"
                     f"请写成 {suggestion[0]} 09:20 这样的格式（把 09:20 换成实际的几点几分）。",
                     f"{option} '{value}' has no time of day; write {suggestion[0]} 09:20 with the real hour and minute.")
    why = time_error_message(error.code, value, error.part)
    raise UsageError(Msg(f"{option} 的时间无法识别：", f"cannot read {option}: ")
                      + (why or Msg(f"“{value}”不是时间。", f"'{value}' is not a time.")))


# --- the entry ---------------------------------------------------------------------------------

def _kind(value: str) -> str:
    text = value.strip()
    kind = text if text in KINDS else ALIASES.get(text.lower())
    if kind is None:
        raise _usage(f"条目类型“{value}”无效，只能是：{'、'.join(KINDS)}。",
                     f"unknown kind '{value}'; use one of {', '.join(KINDS)} "
                     f"(or {', '.join(sorted(ALIASES))}).")
    return kind


def _names(values: list[str] | None) -> list[str]:
    """Names given as separate words or joined with commas or 、."""
    return [name for value in values or [] for name in re.split(r"[,，、\s]+", value.strip()) if name]


def _pairs(values: list[str] | None, option: str, example: str) -> list[tuple[str, str]]:
    pairs, seen = [], set()
    for value in values or []:
        name, sep, text = value.replace("＝", "=").partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name or not text:
            raise _usage(f"{option} 应写成“名称=内容”，如 {example}，而不是“{value}”。",
                         f"{option} must be NAME=VALUE, e.g. {example}, not '{value}'.")
        if name in seen:
            raise _usage(f"{option} 中“{name}”写了两次。", f"{option}: '{name}' is given twice.")
        seen.add(name)
        pairs.append((name, text))
    return pairs


def _roles(names: list[str], option: str, workspace) -> list[str]:
    known = workspace.org.role_names
    for name in names:
        if name not in known:
            raise _usage(f"{option} 的角色“{name}”不在 org.yml 中。可选：{'、'.join(sorted(known))}。",
                         f"{option}: the role '{name}' is not in org.yml; known: {', '.join(sorted(known))}.")
    return names


def _required(args, *names: str) -> None:
    missing = [OPTION_NAMES[name] for name in names if not getattr(args, name)]
    if missing:
        raise _usage(f"--kind {args.kind} 需要 {'、'.join(missing)}。", f"--kind {args.kind} needs {', '.join(missing)}.")


def _level(value: str) -> str:
    text = value.strip()
    if text.lower() in LEVEL_ALIASES:
        return LEVEL_ALIASES[text.lower()].value
    if text in {level.value for level in Level}:
        return text
    raise _usage(f"新级别“{value}”无效，只能是 一般、较大、重大。", f"level '{value}' must be 一般, 较大 or 重大.")


def build_entry(args, kind: str, workspace) -> tuple[str | None, dict, dict]:
    """(the list appended to or None, the entry, top-level fields set), from validated arguments."""
    given = {name for name in OPTION_NAMES if getattr(args, name) not in (None, [])}
    extra = sorted(given - OPTIONS[kind])
    if extra:
        takes = "、".join(OPTION_NAMES[name] for name in sorted(OPTIONS[kind]))
        raise _usage(f"--kind {kind} 不用 {'、'.join(OPTION_NAMES[n] for n in extra)}（可用：{takes}）。"
                     "各类条目的参数见 yuqing add -h。",
                     f"--kind {kind} takes no {', '.join(OPTION_NAMES[n] for n in extra)}; see yuqing add -h.")
    for name in ("by", "channel", "content", "reason", "rule", "conclusion", "note", "incident"):
        if getattr(args, name) is not None and not getattr(args, name).strip():
            raise _usage(f"{OPTION_NAMES[name]} 不能为空。", f"{OPTION_NAMES[name]} must not be empty.")
    tz = workspace.org.tz
    if kind != EXCEPTION:
        _required(args, "at")
    at = format_exact(read_time(args.at, "--at", workspace), tz) if args.at else None
    entry: dict = {}
    if kind in REPORT_KINDS:
        _required(args, "by", "to")
        entry = {"kind": kind, "at": at, "by": args.by.strip(), "to": _roles(_names(args.to), "--to", workspace)}
        if args.cc:
            entry["cc"] = _roles(_names(args.cc), "--cc", workspace)
        for name in ("channel", "content"):
            if getattr(args, name):
                entry[name] = getattr(args, name).strip()
        if args.element:
            entry["elements"] = dict(_pairs(args.element, "--element", "地点=某街道某养老机构"))
        return "reports", entry, {}
    if kind == RESPONSE:
        _required(args, "channel", "content")
        entry = {"at": at, "channel": args.channel.strip(), "text": args.content.strip()}
        if args.approval:
            entry["approvals"] = [
                {"role": _roles([role], "--approval", workspace)[0],
                 "at": format_exact(read_time(when, "--approval", workspace), tz)}
                for role, when in _pairs(args.approval, "--approval", "\"分管领导=2024-08-26 15:50\"")]
        return "responses", entry, {}
    if kind == ESCALATION:
        _required(args, "to")
        targets = _names(args.to)
        if len(targets) != 1:
            raise _usage("上报时 --to 只写一个单位；向几个单位上报就追加几条。",
                         "--to takes one body for an escalation; add one entry per body.")
        entry = {"to": targets[0], "at": at}
        for name in ("by", "channel", "content"):
            if getattr(args, name):
                entry[name] = getattr(args, name).strip()
        return "escalations", entry, {}
    if kind == REGRADING:
        _required(args, "to", "by")
        levels = _names(args.to)
        if len(levels) != 1:
            raise _usage("级别变化时 --to 只写一个新级别：一般、较大或重大。", "--to takes one level for a regrading.")
        reason = _reason(args)
        level = _level(levels[0])
        return "regradings", {"at": at, "to": level, "by": args.by.strip(), "reason": reason}, {"level": level}
    if kind == CLOSURE:
        return None, {}, {"status": Status.CLOSED.value, "closed_at": at}
    if kind == ASSESSMENT:
        return _assessment(args, at, workspace)
    _required(args, "rule")
    rule = args.rule.strip().upper()
    from yuqing.rules import BY_ID

    if rule not in BY_ID:
        raise _usage(f"规则编号“{args.rule}”不存在。用 yuqing rules 查看全部规则。",
                     f"no rule '{args.rule}'; see yuqing rules.")
    entry = {"rule": rule, "reason": _reason(args)}
    if at:
        entry["at"] = at
    if args.occurrence:
        if any(n < 1 for n in args.occurrence):
            raise _usage("--occurrence 是第几次，从 1 开始。", "--occurrence counts from 1.")
        entry["occurrence"] = list(args.occurrence)
    return "exceptions", entry, {}


def _assessment(args, at: str, workspace) -> tuple[str, dict, dict]:
    """A signal's 研判 entry; with ``--incident`` (only for 转为事件) also the signal's ``incident``."""
    from pydantic import TypeAdapter, ValidationError

    from yuqing.models.signal import Conclusion, ConclusionField

    _required(args, "by", "conclusion")
    by = args.by.strip()
    if by not in workspace.org.people:
        raise _usage(f"研判人“{by}”不在 org.yml 的人员名单中（各科室的 members）。",
                     f"--by: '{by}' is not a person in org.yml.")
    try:
        conclusion = TypeAdapter(ConclusionField).validate_python(args.conclusion.strip())
    except ValidationError:
        raise _usage(f"研判结论“{args.conclusion}”无效，只能是：{'、'.join(c.value for c in Conclusion)}。",
                     f"--conclusion '{args.conclusion}' must be one of {', '.join(Conclusion)}.") from None
    entry = {"at": at, "by": by, "conclusion": conclusion.value}
    if args.note:
        entry["note"] = args.note.strip()
    values = {}
    if args.incident:
        if conclusion is not Conclusion.INCIDENT:
            raise _usage(f"只有结论为“{Conclusion.INCIDENT.value}”时才填写 --incident。",
                         f"--incident goes with --conclusion {Conclusion.INCIDENT.value} only.")
        incident = args.incident.strip()
        known = {stem(path) for path in workspace.record_files()
                 if workspace.relative(path).startswith(RECORDS_DIR + "/") and not is_review_path(path)}
        if incident not in known:
            raise _usage(f"找不到编号为 {incident} 的事件记录。请先用 yuqing new 登记事件，再追加研判。",
                         f"no incident record {incident}; register it with yuqing new first.")
        values["incident"] = incident
    return "assessments", entry, values


def _reason(args) -> str:
    if args.reason and args.content:
        raise _usage("原因只写一处：--reason 或 --content。", "give the reason once: --reason or --content.")
    reason = (args.reason or args.content or "").strip()
    if len(reason) < 5:
        raise _usage("请用 --reason 写明原因，至少 5 个字。", "give a reason of at least 5 characters with --reason.")
    return reason


# --- the file ----------------------------------------------------------------------------------

def find_record(workspace, record_id: str) -> Path:
    matches = [path for path in workspace.record_files() if stem(path) == record_id and not is_review_path(path)]
    if not matches and "-YJ-" in record_id:
        raise _usage(f"找不到编号为 {record_id} 的预警信息记录（应在 monitoring/<年份>/{record_id}.md 或 .yml）。"
                     "请核对编号。",
                     f"no signal record {record_id} (monitoring/<year>/{record_id}.md or .yml).")
    if not matches:
        raise _usage(f"找不到编号为 {record_id} 的事件记录（应在 incidents/<年份>/{record_id}.md 或 .yml）。"
                     "请核对编号。",
                     f"no incident record {record_id} (incidents/<year>/{record_id}.md or .yml).")
    if len(matches) > 1:
        names = "、".join(workspace.relative(path) for path in matches)
        raise _usage(f"编号 {record_id} 有不止一份记录：{names}。请先合并为一份。",
                     f"{record_id} has more than one record: {names}.")
    return matches[0]


def line_ranges(lines: list[int], comma: str) -> str:
    """``[7, 80, 81, 82]`` as ``7、80–82``."""
    runs: list[list[int]] = []
    for number in sorted(lines):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return comma.join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def _write(path: Path, text: str) -> None:
    """Replace the file's content at once (a temporary file renamed over it), keeping its permissions."""
    mode = path.stat().st_mode
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
        os.chmod(temporary, mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def edit_record(text: str, suffix: str, field: str | None, entry: dict, values: dict):
    """The record's text with the entry appended and the fields set, checked by reading it back."""
    before = verify_readable(text, suffix)
    edit = None
    expected = dict(values)
    if field is not None:
        current = (before.data or {}).get(field) or []
        edit = append_entry(text, suffix, field, entry)
        expected[field] = [*current, entry]
    if values:
        changed = edit.changed if edit else []
        edit = set_scalars(edit.text if edit else text, suffix, values)
        edit.changed = sorted(set(changed) | set(edit.changed))
    verify(text, edit.text, suffix, expected)
    return edit


def _same_incident(text: str, suffix: str, values: dict) -> None:
    """A signal's ``incident``, once written, is a fact: another id is refused, the same one left as it is."""
    current = (verify_readable(text, suffix).data or {}).get("incident")
    if current is None or current == "":
        return
    if str(current) != values["incident"]:
        raise _usage(f"这条预警信息已记录转为事件 {current}，不能改为 {values['incident']}。"
                     "确属填错的，请局办公室更正并写明原因。",
                     f"the signal already became {current}; it cannot be changed to {values['incident']} here.")
    del values["incident"]


def verify_readable(text: str, suffix: str):
    document = load_text(plain(text), suffix)
    if not document.readable or not isinstance(document.data, dict):
        raise _usage("记录无法读取，不能自动追加。请先运行 yuqing check 查看并修正错误，再追加。",
                     "the record cannot be read; run yuqing check and fix it first.")
    if document.problems:  # a key written twice: which one an append would join is not clear
        raise _usage("记录有格式问题（如同一字段写了两次），不能自动追加。请先运行 yuqing check 查看并修正，再追加。",
                     "the record has YAML problems (a key written twice?); run yuqing check and fix it first.")
    return document


def run(args) -> int:
    workspace = open_workspace(args)
    kind = _kind(args.kind)
    args.kind = kind
    if args.at:  # `--at 2024-08-26 09:20` without quotes is two words
        args.at = " ".join(args.at)
    path = find_record(workspace, args.id.strip())
    signal = record_kind(workspace.relative(path)) == "signal"
    if signal and kind != ASSESSMENT:
        raise _usage(f"{args.id.strip()} 是预警信息，只能追加研判（--kind {ASSESSMENT}）。",
                     f"{args.id.strip()} is a signal: only --kind {ASSESSMENT} (assessment) applies.")
    if not signal and kind == ASSESSMENT:
        raise _usage(f"研判只能追加到预警信息（monitoring/ 中的记录），{args.id.strip()} 不是预警信息。",
                     f"an assessment goes to a signal (monitoring/); {args.id.strip()} is not one.")
    field, entry, values = build_entry(args, kind, workspace)
    now = parse_now(args.now, workspace)
    raw = read_bytes(path)
    if not isinstance(raw, bytes):
        raise _usage("记录无法读取，不能自动追加。请先运行 yuqing check 查看并修正错误。",
                     "the record cannot be read; run yuqing check first.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _usage("记录不是 UTF-8 编码，不能自动追加。请先运行 yuqing check 查看并修正。",
                     "the record is not UTF-8; run yuqing check first.") from None
    if "incident" in values:
        _same_incident(text, path.suffix.lower(), values)
    try:
        edit = edit_record(text, path.suffix.lower(), field, entry, values)
    except EditError as exc:
        print(exc.msg.text(args.lang), file=sys.stderr)
        return 2
    _write(path, edit.text)
    relative = workspace.relative(path)
    if args.lang == "en":
        article = "an" if ALIASES_EN[kind][0] in "aeiou" else "a"
        what = f"appended {article} {ALIASES_EN[kind]} to {field}" if field else "set status to 已办结 and closed_at"
        if "incident" in values:
            what += f" and set incident: {values['incident']}"
        print(f"{relative}: {what} (line{'s' if len(edit.changed) > 1 else ''} {line_ranges(edit.changed, ', ')}).")
    else:
        what = f"在 {field} 中追加了一条{kind}" if field else "把 status 改为 已办结 并填写了 closed_at"
        if "incident" in values:
            what += f"，并填写了 incident: {values['incident']}"
        print(f"{relative}：{what}（第 {line_ranges(edit.changed, '、')} 行）。请核对后提交合并请求。")
    check = run_check(workspace, now, paths=[str(path)])
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    sys.stdout.write(REPORTERS["text"](lang=args.lang, color=color).render(check.result))
    return 1 if check.result.errors else 0
