"""privacy.py: finding and masking 身份证号, mobile numbers and bank card numbers.

Check digits and Luhn sums are computed here by the test's own implementation of GB 11643 and
ISO/IEC 7812, so a number is valid or not by construction, not because the code under test says so.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import SCHEMA_DIR
from yuqing.privacy import (
    find_personal_data,
    id18_valid,
    luhn_valid,
    mask_card,
    mask_id,
    mask_mobile,
    mask_personal_data,
)

WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]  # GB 11643: 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2


def id_check(first17: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def with_check(first17: str) -> str:
    return first17 + id_check(first17)


def luhn_sum(digits: str) -> int:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10


def luhn_complete(prefix: str) -> str:
    """``prefix`` plus the one digit that makes it pass Luhn."""
    return next(prefix + d for d in "0123456789" if luhn_sum(prefix + d) == 0)


ID_A = with_check("33021219800101123")  # 鄞州 (3302xx), born 1980-01-01
ID_B = with_check("33020319751231004")
ID_X = "11010519491231002X"  # the worked example of GB 11643, check digit X
ID_OLD = "330212800101123"  # 15 digits, born (19)80-01-01
CARD_16 = luhn_complete("622848001234567")
CARD_19 = luhn_complete("622202123456789012")
VISA = luhn_complete("453201511283036")
MOBILE = "13812345678"


def kinds(text: str, allowed=()) -> list[tuple[str, str]]:
    return [(m.kind, m.text) for m in find_personal_data(text, allowed)]


def test_the_test_oracles_agree_with_known_values():
    assert WEIGHTS == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    assert luhn_sum("79927398713") == 0  # the textbook Luhn example
    assert luhn_sum("79927398710") != 0
    assert with_check("11010519491231002") == ID_X


# --- positives --------------------------------------------------------------------------------

POSITIVE = [
    # 身份证号 with a correct check digit, in several surroundings
    (ID_A, [("id", ID_A)]),
    (ID_B, [("id", ID_B)]),
    (ID_X, [("id", ID_X)]),
    (ID_X.lower(), [("id", ID_X.lower())]),
    (f"当事人张某，身份证号{ID_A}，住某社区。", [("id", ID_A)]),
    (f"身份证：{ID_B}。", [("id", ID_B)]),
    # 15-digit old ids
    (ID_OLD, [("id", ID_OLD)]),
    (f"旧身份证 {ID_OLD} 号", [("id", ID_OLD)]),
    # mobile numbers: bare, +86, spaces, dashes, inside Chinese text
    (MOBILE, [("mobile", MOBILE)]),
    ("+86 138 1234 5678", [("mobile", "+86 138 1234 5678")]),
    ("+86-138-1234-5678", [("mobile", "+86-138-1234-5678")]),
    ("+8613812345678", [("mobile", "+8613812345678")]),
    ("8613812345678", [("mobile", "8613812345678")]),
    ("138 1234 5678", [("mobile", "138 1234 5678")]),
    ("138-1234-5678", [("mobile", "138-1234-5678")]),
    ("(+86)13812345678", [("mobile", "13812345678")]),
    ("联系电话:19912345678。", [("mobile", "19912345678")]),
    ("电话１３８１２３４５６７８（全角）", [("mobile", "13812345678")]),
    # bank cards passing Luhn, contiguous and grouped
    (CARD_16, [("card", CARD_16)]),
    (CARD_19, [("card", CARD_19)]),
    (VISA, [("card", VISA)]),
    (" ".join(CARD_16[i:i + 4] for i in range(0, 16, 4)), [("card", " ".join(CARD_16[i:i + 4] for i in range(0, 16, 4)))]),
    ("-".join(CARD_16[i:i + 4] for i in range(0, 16, 4)), [("card", "-".join(CARD_16[i:i + 4] for i in range(0, 16, 4)))]),
    (f"卡号 {CARD_19[:4]} {CARD_19[4:8]} {CARD_19[8:12]} {CARD_19[12:16]} {CARD_19[16:]} 退费",
     [("card", f"{CARD_19[:4]} {CARD_19[4:8]} {CARD_19[8:12]} {CARD_19[12:16]} {CARD_19[16:]}")]),
    # several in one text, in order
    (f"{MOBILE}、{ID_A}、{CARD_16}", [("mobile", MOBILE), ("id", ID_A), ("card", CARD_16)]),
]


@pytest.mark.parametrize("text, expected", POSITIVE, ids=[t for t, _ in POSITIVE])
def test_personal_data_is_found(text, expected):
    assert kinds(text) == expected


def test_match_offsets_point_into_the_original_text():
    text = f"电话：+86 138 1234 5678，身份证 {ID_A}。"
    for match in find_personal_data(text):
        assert text[match.start:match.end] == match.text


# --- negatives --------------------------------------------------------------------------------

def wrong_check_digits(number: str) -> list[str]:
    return [number[:17] + c for c in "0123456789X" if c != number[17]]


@pytest.mark.parametrize("number", [ID_A, ID_B, ID_X])
def test_an_id_with_a_wrong_check_digit_is_not_flagged(number):
    for wrong in wrong_check_digits(number):
        assert not id18_valid(wrong)
        # not as an id, and not as a "bank card" either (one of the ten would pass Luhn)
        assert kinds(wrong) == [], wrong


NEGATIVE = [
    "2024-08-26",
    "2024-08-26 09:20",
    "2024年8月26日 9时20分",
    "20240826",
    "鄞民〔2024〕74号",
    "文件编号：鄞民〔2024〕74号",
    "索引号 2969675/2024-124002",
    "索引号：2969675/2024-124002",
    "3302**********1234",
    "身份证号 3302**********1238",
    "138****5678",
    "手机 138****5678",
    "6228********5671",
    "12345678901234567890",  # 20 digits
    "62284800123456710000",  # 20 digits that start like a card
    "订单号 2024082612345678901",
    "订单号：1234567890123456",
    "快递单号 SF1234567890123",
    "12812345678",  # no mobile prefix 12x
    "1381234567",  # 10 digits
    "138123456789",  # 12 digits
    "10086",
    "330212801301123",  # 15 digits, month 13: not a birth date
    with_check("33021229990101123"),  # born in the future
    with_check("33021219800230123"),  # 30 February
    luhn_complete("622848001234567")[:-1] + str((int(CARD_16[-1]) + 1) % 10),  # Luhn fails
    "第 1234567890 号",
    "转发 3000 余次，评论 1200 条",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_ordinary_numbers_are_not_flagged(text):
    assert kinds(text) == []


def test_the_bureaus_published_phones_are_not_flagged():
    org = yaml.safe_load((SCHEMA_DIR / "org.yml").read_text(encoding="utf-8"))
    phones = [str(p) for p in org["public_phones"]]
    section_phones = [str(s["phone"]) for s in org["sections"] if s.get("phone")]
    text = "本局电话：" + "、".join(phones + section_phones)
    assert kinds(text, phones) == []
    assert kinds(text) == []  # landlines never look like mobiles or cards


def test_an_allowed_mobile_is_not_flagged_in_any_spelling():
    allowed = ["138-1234-5678"]
    for spelling in (MOBILE, "+86 138 1234 5678", "138 1234 5678"):
        assert kinds(f"咨询电话 {spelling}", allowed) == []
    assert kinds("咨询电话 13912345678", allowed) == [("mobile", "13912345678")]


# --- checksums --------------------------------------------------------------------------------

def test_id18_valid():
    assert id18_valid(ID_A) and id18_valid(ID_X) and id18_valid(ID_X.lower())
    assert not id18_valid(ID_A[:17])
    assert not id18_valid(ID_A[:16] + "X" + ID_A[17])
    assert not id18_valid(with_check("33021229990101123"))


def test_luhn_valid():
    for number in (CARD_16, CARD_19, VISA, "79927398713"):
        assert luhn_valid(number)
    for number in (CARD_16, CARD_19, VISA):
        for digit in "0123456789":
            if digit != number[-1]:
                assert not luhn_valid(number[:-1] + digit)


# --- masking ----------------------------------------------------------------------------------

def test_masked_forms():
    assert mask_id(ID_A) == ID_A[:4] + "*" * 10 + ID_A[-4:]
    assert mask_id(ID_OLD) == ID_OLD[:4] + "*" * 7 + ID_OLD[-4:]
    assert mask_mobile("+86 138-1234-5678") == "138****5678"
    assert mask_card("6228 4800 1234 5671") == "6228********5671"


def test_a_match_carries_its_masked_form_and_label():
    (match,) = find_personal_data(f"身份证号 {ID_A}")
    assert match.masked == mask_id(ID_A) and "*" in match.masked
    assert match.label == "身份证号" and match.label_en == "ID card number"


def test_mask_personal_data():
    text = f"张某 {ID_A}，电话 +86 138 1234 5678，卡号 {CARD_16}，本局电话 0574-87110002。"
    masked = mask_personal_data(text)
    assert masked == (f"张某 {mask_id(ID_A)}，电话 138****5678，卡号 {CARD_16[:4]}********{CARD_16[-4:]}，"
                      "本局电话 0574-87110002。")
    assert kinds(masked) == []  # masking is final: the masked text has nothing left to find


def test_mask_personal_data_keeps_allowed_numbers_and_full_width_text():
    assert mask_personal_data("热线 13812345678", ["13812345678"]) == "热线 13812345678"
    assert mask_personal_data("电话１３８１２３４５６７８。") == "电话138****5678。"
    assert mask_personal_data("没有个人信息。") == "没有个人信息。"


def test_many_numbers_in_one_text_are_all_found_quickly():
    import time

    text = f"{MOBILE} {ID_A} {CARD_16} " * 5000
    started = time.perf_counter()
    found = list(find_personal_data(text))
    assert len(found) == 15000
    assert time.perf_counter() - started < 10
