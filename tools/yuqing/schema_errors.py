"""Pydantic validation of a loaded document, its errors turned into clear bilingual messages about the fields."""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel, ValidationError

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.timeparse import TimeFormatError, WrittenTime, parse_datetime, read_written_time

if TYPE_CHECKING:
    from yuqing.loader import LoadedDocument

FIELD_LABELS = {
    "id": "编号", "title": "标题", "level": "级别", "status": "状态", "section": "责任科室",
    "discovered_at": "获知时间", "occurred_at": "发生时间", "source": "来源", "channel": "渠道/方式",
    "url": "链接", "summary": "概要", "reports": "报告", "kind": "报告类型", "at": "时间", "by": "报告人",
    "to": "报告对象", "cc": "抄送", "elements": "要素", "responses": "回应", "text": "发布内容",
    "approvals": "审核", "role": "角色", "tracking": "跟踪", "owner": "负责人", "office_owner": "局办公室跟踪人",
    "escalations": "上报", "closed_at": "办结时间", "exceptions": "情况说明", "rule": "规则编号",
    "reason": "原因", "drill": "演练", "visibility": "公开范围", "body": "正文", "incident": "事件编号",
    "held_at": "复盘时间", "organizer": "组织者", "participants": "参加人员", "experts": "专家",
    "conclusion": "结论", "actions": "整改措施", "what": "措施内容", "due": "期限", "done_at": "完成日期",
    "corrects": "更正对象", "content": "内容", "note": "说明", "name": "名称", "members": "成员",
}

TIME_HINT_ZH = "时间请写成 2024-08-26 09:20 这样的格式（可加 +08:00）"
TIME_HINT_EN = "write times like 2024-08-26 09:20 (optionally with +08:00)"
DATE_HINT_ZH = "日期请写成 2024-09-30 这样的格式"
DATE_HINT_EN = "write dates like 2024-09-30"

_CJK = re.compile(r"[\u4e00-\u9fff]")


#: What is wrong with a time, date or duration, by the code :mod:`yuqing.timeparse` refused it with
#: (``{shown}``: the value, ``{part}``: the offending part).
TIME_ERRORS = {
    "time_without_date": (f"“{{shown}}”只有钟点没有日期。{TIME_HINT_ZH}。", f"'{{shown}}' has no date; {TIME_HINT_EN}."),
    "date_without_time": (f"“{{shown}}”只有日期没有钟点，时限无法计算。{TIME_HINT_ZH}。",
                          f"'{{shown}}' has no time of day; {TIME_HINT_EN}."),
    "impossible_time": ("“{shown}”不是一个存在的日期或时间（检查月、日、时、分、秒）。", "'{shown}' is not a real date or time."),
    "bad_offset": ("“{shown}”末尾的时区偏移“{part}”不存在：与 UTC 的偏移只能在 -23:59 到 +23:59 之间"
                   "（分钟不超过 59）。北京时间请写 +08:00，或者不写偏移（即按 org.yml 的时区，北京时间）。",
                   "the UTC offset '{part}' of '{shown}' does not exist: offsets run from -23:59 to +23:59 "
                   "(minutes up to 59). Beijing time is +08:00, or write no offset at all (org.yml's time zone)."),
    "too_precise": ("“{shown}”的秒写到了微秒以下：秒的小数最多 6 位（微秒），请删去多余的位数。",
                    "'{shown}' is more precise than a microsecond: at most 6 decimal places of a second."),
    "not_a_time": (f"“{{shown}}”不是时间。{TIME_HINT_ZH}。", f"'{{shown}}' is not a time; {TIME_HINT_EN}."),
    "out_of_range": ("“{shown}”的年份不合理（应在 1900 至 2999 年之间），请核对。",
                     "'{shown}' has an implausible year (1900-2999 expected)."),
    "duration_out_of_range": ("时长“{shown}”不合理：应大于 0，且不超过 366 天。",
                              "the duration '{shown}' must be more than 0 and at most 366 days."),
    "not_a_duration": ("“{shown}”不是时长，应写成 15min、24h、7d 这样的形式。",
                       "'{shown}' is not a duration; write 15min, 24h or 7d."),
}
TIME_ERRORS["not_a_date"] = (f"“{{shown}}”不是日期。{DATE_HINT_ZH}。", f"'{{shown}}' is not a date; {DATE_HINT_EN}.")


def time_error_message(code: str, shown: str, part: str = "") -> Msg | None:
    """What is wrong with a time, date or duration that :mod:`yuqing.timeparse` refused (its ``code``)."""
    if code not in TIME_ERRORS:
        return None
    zh, en = TIME_ERRORS[code]
    return Msg(zh.format(shown=shown, part=part), en.format(shown=shown, part=part))


#: What full-width punctuation is called, to name it in a message.
_FULL_WIDTH_NAMES = {"：": "中文冒号", "，": "中文逗号", "、": "顿号", "【": "中文方括号", "】": "中文方括号",
                     "［": "全角方括号", "］": "全角方括号", "“": "中文引号", "”": "中文引号", "‘": "中文引号",
                     "’": "中文引号", "｛": "全角花括号", "｝": "全角花括号", "（": "中文括号", "）": "中文括号",
                     "；": "中文分号", "　": "全角空格"}
_OPEN_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", '"': '"', "'": "'"}


def punctuation_hint(value: object, key: str | None = None, listed: bool = False) -> Msg | None:
    """What to change when a value refused by its field is wrapped in full-width quotes a clerk meant as
    YAML's own (``“重大”``), or, where a list belongs (``listed``), in full-width brackets
    (``【1，2】``): the characters named and the text to paste."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    prefix = f"{key}: " if key else ""
    if not listed and len(text) >= 2 and text[0] in _OPEN_QUOTES and text[-1] == _OPEN_QUOTES[text[0]] \
            and text[0] not in "\"'":
        inner = text[1:-1].strip()
        return Msg(f"值两边的{text[0]}{text[-1]}是中文引号，会被当作内容的一部分，请删去。请改成：{prefix}{inner}",
                   f"the full-width quotes {text[0]}{text[-1]} around the value are read as part of it; "
                   f"remove them: {prefix}{inner}")
    if listed and len(text) >= 2 and text[0] in "【［" and text[-1] in "】］":
        items = [item for item in re.split(r"\s*[，、,；;]\s*", text[1:-1].strip()) if item]
        fixed = "[" + ", ".join(items) + "]"
        found = [char for char in dict.fromkeys(text) if char in _FULL_WIDTH_NAMES]
        names = "、".join(f"“{char}”（{_FULL_WIDTH_NAMES[char]}）" for char in found)
        return Msg(f"其中的{names}是全角符号，列表要用英文方括号 [ ]、英文逗号加空格分开。请改成：{prefix}{fixed}",
                   f"full-width brackets or commas ({' '.join(found)}) do not make a YAML list; write: {prefix}{fixed}")
    return None


def nearest(value: str, names, limit: int = 3, cutoff: float = 0.5) -> list[str]:
    """At most ``limit`` names in ``names`` close to ``value`` (difflib's ratio at least ``cutoff``), the
    closest first, equally close ones in name order."""
    scored = sorted(((difflib.SequenceMatcher(None, value, name).ratio(), name) for name in set(names)),
                    key=lambda pair: (-pair[0], pair[1]))
    return [name for score, name in scored if score >= cutoff][:limit]


def or_list(names: list[str]) -> str:
    """``a``, ``a 或 b``, ``a、b 或 c``."""
    return names[0] if len(names) == 1 else "、".join(names[:-1]) + " 或 " + names[-1]


def _rule_code_message(shown: str) -> Msg:
    # the nearest known codes are added by YQ003, which knows the rules (this module is below them)
    return Msg(f"“{shown}”不是规则编号。规则编号是 YQ 加三位数字，如 YQ301。",
               f"'{shown}' is not a rule code: YQ and three digits, like YQ301.")


def rule_code_guesses(value: object, codes) -> list[str]:
    """The codes among ``codes`` a mistyped rule code (``YQ31``, ``yq-301``, ``ＹＱ３０１``) most likely means."""
    text = unicodedata.normalize("NFKC", str(value)).strip().upper().replace(" ", "").replace("-", "")
    text = text.strip("\"'“”‘’")
    return [text] if text in codes else nearest(text, codes, cutoff=0.6)


def _time_suggestion(value: object, hints: dict) -> Msg | None:
    """``是不是 2025-03-01 09:10？`` for a time or date written another way (``2025年3月1日 9时10分``)."""
    day: date | None = hints.get("day")
    written = read_written_time(value, day.year if day else None)
    if written is None:
        return None
    shown = str(value).strip()
    if hints.get("field_kind") == "date":
        moment = written if isinstance(written, date) else written.day
        if moment is None:
            return None
        return Msg(f"“{shown}”不是规定的日期写法。是不是 {moment.isoformat()}？{DATE_HINT_ZH}。",
                   f"'{shown}' is not written as a date; did you mean {moment.isoformat()}?")
    if isinstance(written, date):
        return Msg(f"“{shown}”只有日期没有钟点，时限无法计算。请写上钟点，如 {written.isoformat()} 09:20"
                   "（把 09:20 换成实际的时间）。",
                   f"'{shown}' has no time of day; write e.g. {written.isoformat()} 09:20 with the real time.")
    assert isinstance(written, WrittenTime)
    if written.day is None:
        if day is None:  # no date to offer: the general advice (a made-up date could be pasted as it is)
            return None
        suggested = written.text(day)
        source = hints.get("day_from", "discovered_at")
        return Msg(f"“{shown}”只有钟点没有日期。是不是 {suggested}？"
                   f"（日期按{FIELD_LABELS.get(source, source)} {source} 补上，请核对）",
                   f"'{shown}' has no date; did you mean {suggested} (the date of {source})?")
    suggested = written.text()
    return Msg(f"“{shown}”不是规定的时间写法。是不是 {suggested}？{TIME_HINT_ZH}。",
               f"'{shown}' is not written as a time; did you mean {suggested}? {TIME_HINT_EN}.")


#: Python's names of what YAML made of a value, as a clerk would say them.
VALUE_KINDS = {"str": "一段文字", "int": "一个整数", "float": "一个数字", "bool": "true/false", "list": "一个列表",
               "dict": "若干“字段: 值”", "NoneType": "空内容"}


def _choices(expected: str) -> str:
    """pydantic's ``'a', 'b' or 'c'`` as ``a、b、c``."""
    quoted = re.findall(r"'([^']*)'", expected)
    return "、".join(quoted) if quoted else expected


def field_path(loc: tuple) -> str:
    """``reports[2].at``-style path with 1-based list positions, as users count."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "（整个头部）"


def _label(loc: tuple) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return FIELD_LABELS.get(part, part)
    return ""


def _describe(error: dict, hints: dict | None = None) -> Msg:
    described = _describe_kind(error, hints or {})
    kind = error["type"]
    loc = _user_loc(tuple(error.get("loc") or ()))
    key = loc[-1] if loc and isinstance(loc[-1], str) else None  # a list's item has no key of its own
    scalar = kind.startswith("yq_") or kind in _SCALAR_KINDS
    if (scalar or kind == "list_type") and (hint := punctuation_hint(error.get("input"), key,
                                                                     listed=kind == "list_type")) is not None:
        described = described + Msg(hint.zh, " " + hint.en)
    return described


# errors of a value that should be one word, number or time: quotes around it are a mistake there
_SCALAR_KINDS = frozenset({"enum", "literal_error", "string_pattern_mismatch", "bool_type", "bool_parsing",
                           "int_type", "int_parsing", "float_type", "float_parsing", "date_parsing",
                           "date_from_datetime_parsing", "datetime_parsing"})


def _shown(value: object) -> str:
    shown = str(value) if not isinstance(value, (dict, list)) else ""
    return shown[:57] + "…" if len(shown) > 60 else shown


def _describe_kind(error: dict, hints: dict) -> Msg:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    shown = _shown(value)
    if kind == "missing":
        return Msg("缺少这个必填字段，请补上。", "this required field is missing.")
    if kind == "extra_forbidden":
        return Msg("这不是记录的字段（可能拼写错误或放错了层级）。请对照模板改正或删除。",
                   "not a field of the record (a typo or the wrong level?); compare with the template.")
    if kind == "yq_choice":
        return Msg(f"取值“{shown}”无效，只能是：{ctx['choices']}。",
                   f"'{shown}' is not allowed; use one of {ctx['choices']}.")
    if kind in ("yq_not_a_time", "yq_not_a_date", "yq_time_without_date", "yq_date_without_time"):
        suggested = _time_suggestion(value, {**hints, "field_kind": ctx.get("field_kind", "time")})
        if suggested is not None:
            return suggested
    if kind == "yq_not_a_time" and ctx.get("field_kind") == "date":
        kind = "yq_not_a_date"
    if kind.startswith("yq_"):
        described = time_error_message(kind[3:], shown, str(ctx.get("part", "")))
        if described is not None:
            return described
    if kind in ("string_type", "str_type"):
        return Msg("这里应填写文字。", "text expected here.")
    if kind == "string_too_short":
        minimum = ctx.get("min_length", 1)
        if minimum <= 1:
            return Msg("内容不能为空。", "must not be empty.")
        return Msg(f"内容太短，至少 {minimum} 个字。", f"too short: at least {minimum} characters.")
    if kind == "too_short":
        return Msg("列表不能为空，至少填写一项。", "the list must not be empty.")
    if kind == "list_type":
        return Msg("这里应是列表（每项以“- ”开头）。", "a list ('- ' items) is expected here.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return Msg("这里应是若干“字段: 值”（映射），而不是单个值或列表。", "a mapping of 'key: value' is expected here.")
    if kind in ("bool_type", "bool_parsing"):
        return Msg(f"“{shown}”应为 true 或 false。", f"'{shown}' must be true or false.")
    if kind in ("int_type", "int_parsing", "int_parsing_size"):
        return Msg(f"“{shown}”不是整数，这里应写整数（如 3）。" if shown else "这里应是整数（如 3）。",
                   "an integer is expected here.")
    if kind == "string_pattern_mismatch":
        field_name = next((part for part in reversed(error.get("loc") or ()) if isinstance(part, str)), "")
        if field_name == "rule":
            return _rule_code_message(shown)
        if field_name == "id_prefix":
            return Msg(f"“{shown}”的格式不对：编号前缀应是 2 到 10 个大写英文字母或数字，以字母开头，如 YZMZ。",
                       f"'{shown}': the id prefix is 2 to 10 capital letters or digits, starting with a letter.")
        # the pattern itself is a regular expression: never shown to a clerk
        return Msg(f"“{shown}”的格式不对，请对照模板改正。", f"'{shown}' does not match {ctx.get('pattern', '')}.")
    if kind in ("greater_than", "greater_than_equal"):
        return Msg(f"“{shown}”应是大于 0 的整数。" if ctx.get("gt") == 0 else
                   f"“{shown}”太小，应不小于 {ctx.get('ge', ctx.get('gt', ''))}。", f"'{shown}' is too small.")
    if kind in ("less_than", "less_than_equal"):
        return Msg(f"“{shown}”太大。", f"'{shown}' is too large.")
    if kind in ("datetime_type", "datetime_parsing", "timedelta_type"):
        return Msg(f"“{shown}”不是时间。{TIME_HINT_ZH}。", f"'{shown}' is not a time; {TIME_HINT_EN}.")
    if kind.startswith("date_"):
        return Msg(f"“{shown}”不是日期。{DATE_HINT_ZH}。", f"'{shown}' is not a date; {DATE_HINT_EN}.")
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", ""))
        return Msg(f"取值“{shown}”无效，只能是：{_choices(expected)}。", f"'{shown}' is not allowed; expected {expected}.")
    if kind == "int_from_float":
        return Msg(f"“{shown}”不是整数，这里应写整数（如 3）。", "an integer is expected here.")
    if kind in ("float_type", "float_parsing", "finite_number"):
        return Msg("这里应是数字。", "a number is expected here.")
    if kind in ("string_too_long", "too_long"):
        return Msg("内容太长，请精简。", "too long.")
    if kind == "value_error":
        text = str(ctx.get("error", error.get("msg", "")))
        if _CJK.search(text):  # our validators explain in Chinese
            return Msg(text, text)
    # pydantic's own wording is English: say in Chinese what to do, keep its words for --lang en
    return Msg(f"“{shown}”不符合这个字段的要求，请对照模板（或 schema/ 中的 JSON Schema）改正。" if shown else
               "这里的内容不符合这个字段的要求，请对照模板（或 schema/ 中的 JSON Schema）改正。",
               f"invalid value: {error.get('msg', kind)}")


# pydantic puts the member of a union (``int | str``) or a validator into ``loc``; users never wrote those
_SCHEMA_TAG = re.compile(r"^(?:int|float|str|bool|none|constrained-[a-z]+|function-.*|[a-z][a-z-]*\[.*\])$")


def _user_loc(loc: tuple) -> tuple:
    return tuple(part for part in loc if not (isinstance(part, str) and _SCHEMA_TAG.match(part)))


def describe_errors(exc: ValidationError, hints: dict | None = None) -> list[tuple[tuple, Msg]]:
    """(location, message) for every error, the message naming the field; one message per field.

    ``hints``: what the record says that helps suggest a correction (``day``: the date of its
    ``discovered_at``, for a time written without a date)."""
    described = []
    seen = set()
    for error in exc.errors(include_url=False):
        loc = _user_loc(tuple(error["loc"]))
        if loc in seen:  # the other members of a union failing at the same place
            continue
        seen.add(loc)
        label = _label(loc)
        path = field_path(loc)
        head = Msg(f"字段 {path}" + (f"（{label}）" if label and label != path else "") + "：",
                   f"field {path}:")
        described.append((loc, head + _describe(error, hints)))
    return described


def _hints(data: dict, context: dict) -> dict:
    """What helps correct a record's times: the date of its discovery (or of a review's meeting)."""
    tz = (context or {}).get("tz")
    for name in ("discovered_at", "held_at"):
        value = data.get(name)
        try:
            return {"day": (parse_datetime(value, tz) if tz else parse_datetime(value)).date(), "day_from": name}
        except TimeFormatError:
            written = read_written_time(value)
            if isinstance(written, WrittenTime) and written.day is not None:
                return {"day": written.day, "day_from": name}
    return {}


def validate_document(model: type[BaseModel], doc: LoadedDocument, context: dict) -> tuple[BaseModel | None, list[Problem]]:
    """``doc``'s data validated as ``model``: (the model, []) or (None, its problems as YQ003 with positions)."""
    if not isinstance(doc.data, dict):
        found = VALUE_KINDS.get(type(doc.data).__name__, "单个值")
        line, column = doc.locate(())
        return None, [Problem(Msg(
            f"YAML 头部应是若干“字段: 值”，但这里读到的是 {found}。请对照模板填写。",
            f"the YAML must be a mapping of fields, found {found}; compare with the template."),
            line=line, column=column, rule="YQ003")]
    try:
        return model.model_validate(doc.data, context=context), []
    except ValidationError as exc:
        problems = []
        for loc, msg in describe_errors(exc, _hints(doc.data, context)):
            key = bool(loc) and loc not in doc.positions
            line, column = doc.locate(loc)
            problems.append(Problem(msg, loc=loc, line=line, column=column, rule="YQ003", key=key))
        return None, problems
