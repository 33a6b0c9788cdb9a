"""Finding and masking personal data: 身份证号, mainland mobile numbers, bank card numbers.

Detection favours few false positives: an 18-digit 身份证号 must have a valid check digit
and a real birth date, a 15-digit one a real birth date; a card number must pass Luhn;
a mobile number must look like one and not be glued to other digits. Dates, document
numbers such as 鄞民〔2024〕74号 and index numbers such as 2969675/2024-124002 do not
match. Masked forms (3302**********1234, 138****5678) are what we ask people to write.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_ID18 = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])((?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2})(?![0-9A-Za-z])")
_CARD = re.compile(r"(?<![0-9A-Za-z])([3-6]\d{15,18}|[3-6]\d{3}(?:[- ]\d{4}){3}(?:[- ]\d{1,3})?)(?![0-9A-Za-z])")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


@dataclass(frozen=True)
class Match:
    kind: str  # "id" | "mobile" | "card"
    start: int
    end: int
    text: str
    masked: str

    @property
    def label(self) -> str:
        return {"id": "身份证号", "mobile": "手机号码", "card": "银行卡号"}[self.kind]

    @property
    def label_en(self) -> str:
        return {"id": "ID card number", "mobile": "mobile number", "card": "bank card number"}[self.kind]


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        return date(year, month, day) <= date.today()
    except ValueError:
        return False


def id18_valid(number: str) -> bool:
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _WEIGHTS, strict=True))
    if _CHECK[total % 11] != number[17].upper():
        return False
    return _real_date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def mask_id(number: str) -> str:
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_mobile(number: str) -> str:
    digits = _digits(number)[-11:]
    return digits[:3] + "****" + digits[-4:]


def mask_card(number: str) -> str:
    digits = _digits(number)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


_CANDIDATE = re.compile(r"\d{3}[ \-]?\d{4}")  # every pattern below holds three digits, maybe a separator, four
# Full-width digits (typed with a Chinese input method) read like ASCII ones; one character each,
# so offsets into the translated text are offsets into the original.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ＋－　", "0123456789Xx+- ")


def _id_shaped(number: str) -> bool:
    """18 digits with a region code and a real birth date: a 身份证号 (perhaps mistyped), not a bank card."""
    return (len(number) == 18 and _ID18.fullmatch(number) is not None
            and _real_date(int(number[6:10]), int(number[10:12]), int(number[12:14])))


@lru_cache(maxsize=16)
def _allowed_digits(allowed: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_digits(a) for a in allowed if _digits(a))


_WIDE_CANDIDATE = re.compile(r"\d{3}[ \-－　]?\d{4}")  # \d is any decimal digit: full-width ones too


def could_contain_personal_data(text: str) -> bool:
    """False when ``text`` certainly holds no match (a cheap test before the exact search)."""
    return _WIDE_CANDIDATE.search(text) is not None


def find_personal_data(text: str, allowed: Iterable[str] = ()) -> Iterator[Match]:
    """Every personal-data match in ``text``, in order; ``allowed`` numbers (the bureau's) are skipped."""
    text = text.translate(_FULL_WIDTH)
    if not _CANDIDATE.search(text):  # nothing with ten or more digits in a row: the common case
        return iter(())
    allowed_digits = _allowed_digits(tuple(allowed))
    starts: list[int] = []  # the spans already taken, sorted and disjoint: checked by bisection
    ends: list[int] = []

    def free(start: int, end: int) -> bool:
        before = bisect_right(starts, start)
        return not (before and ends[before - 1] > start) and not (before < len(starts) and starts[before] < end)

    def take(span: tuple[int, int]) -> None:
        at = bisect_left(starts, span[0])
        starts.insert(at, span[0])
        ends.insert(at, span[1])

    found: list[Match] = []
    for match in _ID18.finditer(text):
        if id18_valid(match[1]):
            take(match.span(1))
            found.append(Match("id", *match.span(1), match[1], mask_id(match[1])))
    for match in _ID15.finditer(text):
        number = match[1]
        if free(*match.span(1)) and _real_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12])):
            take(match.span(1))
            found.append(Match("id", *match.span(1), number, mask_id(number)))
    for match in _CARD.finditer(text):
        digits = _digits(match[1])
        if (free(*match.span(1)) and 16 <= len(digits) <= 19 and luhn_valid(digits) and digits not in allowed_digits
                and not _id_shaped(match[1])):
            take(match.span(1))
            found.append(Match("card", *match.span(1), match[1], mask_card(match[1])))
    for match in _MOBILE.finditer(text):
        digits = _digits(match[1])
        if free(*match.span(1)) and digits[-11:] not in allowed_digits and digits not in allowed_digits:
            take(match.span(1))
            found.append(Match("mobile", *match.span(1), match[1], mask_mobile(match[1])))
    return iter(sorted(found, key=lambda m: m.start))


def mask_personal_data(text: str, allowed: Iterable[str] = ()) -> str:
    """``text`` with every personal-data match replaced by its masked form (used when rendering)."""
    matches = list(find_personal_data(text, allowed))
    for match in reversed(matches):
        text = text[:match.start] + match.masked + text[match.end:]
    return text
