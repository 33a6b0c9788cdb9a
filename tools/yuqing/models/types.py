"""Field types shared by the record, organisation and policy models.

Times are validated with the organisation's time zone, passed in the validation context
as ``{"tz": ZoneInfo(...)}``; a naive time is local time there.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import Enum
from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from yuqing.timeparse import DEFAULT_TZ, TimeFormatError, parse_date, parse_datetime, parse_duration
from yuqing.vocabulary import (  # noqa: F401  (re-exported: the models' field types)
    KIND_ALIASES,
    LEVEL_ALIASES,
    STATUS_ALIASES,
    VISIBILITY_ALIASES,
    Level,
    ReportKind,
    Severity,
    Status,
    Visibility,
)


def _enum_with_aliases(enum: type[Enum], aliases: dict, label: str):
    accepted = [member.value for member in enum] + list(aliases)

    def normalise(value: Any) -> Any:
        if isinstance(value, str):
            stripped = value.strip()
            if stripped in aliases:
                return aliases[stripped]
            if stripped.lower() in aliases:
                return aliases[stripped.lower()]
            for member in enum:
                if member.value == stripped:
                    return member
            raise PydanticCustomError(
                "yq_choice", "{label} must be one of {choices}", {"label": label, "choices": "、".join(accepted)}
            )
        return value

    return Annotated[enum, BeforeValidator(normalise), WithJsonSchema({"type": "string", "enum": accepted})]


#: A field taking one of an enum's values (or an alias), with a Chinese message naming the choices.
choice_field = _enum_with_aliases

LevelField = _enum_with_aliases(Level, LEVEL_ALIASES, "级别")
StatusField = _enum_with_aliases(Status, STATUS_ALIASES, "状态")
KindField = _enum_with_aliases(ReportKind, KIND_ALIASES, "报告类型")
VisibilityField = _enum_with_aliases(Visibility, VISIBILITY_ALIASES, "公开范围")


def _to_datetime(value: Any, info: ValidationInfo) -> datetime:
    tz = (info.context or {}).get("tz", DEFAULT_TZ)
    try:
        return parse_datetime(value, tz)
    except TimeFormatError as exc:
        raise PydanticCustomError("yq_" + exc.code, "invalid time {value}",
                                  {"value": str(value), "part": exc.part}) from None


def _to_date(value: Any) -> date:
    try:
        return parse_date(value)
    except TimeFormatError as exc:
        raise PydanticCustomError("yq_" + exc.code, "invalid date {value}",
                                  {"value": str(value), "field_kind": "date"}) from None


def _to_duration(value: Any) -> timedelta:
    try:
        return parse_duration(value)
    except TimeFormatError as exc:
        raise PydanticCustomError("yq_" + exc.code, "invalid duration {value}", {"value": str(value)}) from None


TIME_PATTERN = r"^\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
DATE_PATTERN = r"^\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2})?\s*(Z|[+-]\d{2}:?\d{2})?)?$"

LocalTime = Annotated[
    datetime,
    BeforeValidator(_to_datetime),
    WithJsonSchema({
        "type": "string",
        "pattern": TIME_PATTERN,
        "description": "时间，如 2024-08-26 09:20（不写时区即为北京时间）",
        "examples": ["2024-08-26 09:20", "2024-08-26T09:20:00+08:00"],
    }),
]
DateValue = Annotated[
    date,
    BeforeValidator(_to_date),
    WithJsonSchema({"type": "string", "pattern": DATE_PATTERN, "description": "日期，如 2024-09-30"}),
]
Duration = Annotated[
    timedelta,
    BeforeValidator(_to_duration),
    WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d+)?\s*(min|m|h|d|分钟|小时|天)$",
                    "examples": ["15min", "24h", "7d"]}),
]


def _as_list(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    return value


NameList = Annotated[
    list[Annotated[str, "name"]],
    BeforeValidator(_as_list),
    WithJsonSchema({
        "anyOf": [{"type": "string", "minLength": 1}, {"type": "array", "items": {"type": "string", "minLength": 1}}]
    }),
]
# the same, at least one name (the JSON Schema says so too, so editors flag ``to: []``)
NonEmptyNameList = Annotated[
    list[Annotated[str, "name"]],
    BeforeValidator(_as_list),
    WithJsonSchema({
        "anyOf": [{"type": "string", "minLength": 1},
                  {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}]
    }),
]
