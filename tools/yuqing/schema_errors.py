"""Pydantic validation of a loaded document, its errors turned into clear bilingual messages about the fields."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ValidationError

from yuqing.findings import Problem
from yuqing.i18n import Msg

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
TIME_ERRORS["not_a_date"] = TIME_ERRORS["not_a_time"]


def time_error_message(code: str, shown: str, part: str = "") -> Msg | None:
    """What is wrong with a time, date or duration that :mod:`yuqing.timeparse` refused (its ``code``)."""
    if code not in TIME_ERRORS:
        return None
    zh, en = TIME_ERRORS[code]
    return Msg(zh.format(shown=shown, part=part), en.format(shown=shown, part=part))


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


def _describe(error: dict) -> Msg:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    shown = str(value) if not isinstance(value, (dict, list)) else ""
    if len(shown) > 60:
        shown = shown[:57] + "…"
    if kind == "missing":
        return Msg("缺少这个必填字段，请补上。", "this required field is missing.")
    if kind == "extra_forbidden":
        return Msg("这不是记录的字段（可能拼写错误或放错了层级）。请对照模板改正或删除。",
                   "not a field of the record (a typo or the wrong level?); compare with the template.")
    if kind == "yq_choice":
        return Msg(f"取值“{shown}”无效，只能是：{ctx['choices']}。",
                   f"'{shown}' is not allowed; use one of {ctx['choices']}.")
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
    if kind in ("int_type", "int_parsing"):
        return Msg("这里应是整数。", "an integer is expected here.")
    if kind == "string_pattern_mismatch":
        return Msg(f"“{shown}”的格式不对（应符合 {ctx.get('pattern', '')}）。",
                   f"'{shown}' does not match {ctx.get('pattern', '')}.")
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", ""))
        return Msg(f"取值“{shown}”无效，只能是：{_choices(expected)}。", f"'{shown}' is not allowed; expected {expected}.")
    if kind in ("float_type", "float_parsing", "int_from_float", "finite_number"):
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


def describe_errors(exc: ValidationError) -> list[tuple[tuple, Msg]]:
    """(location, message) for every error, the message naming the field; one message per field."""
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
        described.append((loc, head + _describe(error)))
    return described


def validate_document(model: type[BaseModel], doc: LoadedDocument, context: dict) -> tuple[BaseModel | None, list[Problem]]:
    """``doc``'s data validated as ``model``: (the model, []) or (None, its problems as YQ003 with positions)."""
    if not isinstance(doc.data, dict):
        found = "空内容" if doc.data is None else type(doc.data).__name__
        line, column = doc.locate(())
        return None, [Problem(Msg(
            f"YAML 头部应是若干“字段: 值”，但这里读到的是 {found}。请对照模板填写。",
            f"the YAML must be a mapping of fields, found {found}; compare with the template."),
            line=line, column=column, rule="YQ003")]
    try:
        return model.model_validate(doc.data, context=context), []
    except ValidationError as exc:
        problems = []
        for loc, msg in describe_errors(exc):
            key = bool(loc) and loc not in doc.positions
            line, column = doc.locate(loc)
            problems.append(Problem(msg, loc=loc, line=line, column=column, rule="YQ003", key=key))
        return None, problems
