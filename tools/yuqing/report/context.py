"""What a written report says: the report entry picked from a record, and the values the template fills.

Pure: an incident model, the organisation and the policy in, a mapping of template fields out.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from yuqing.models import Incident, Org, Policy
from yuqing.models.incident import ReportEntry
from yuqing.models.types import ReportKind, Visibility
from yuqing.vocabulary import DOCUMENT_KINDS

KINDS = DOCUMENT_KINDS
#: The elements when policy.yml names none (DESIGN §3: 五.2 核实准确, 五.3 追踪反馈).
DEFAULT_ELEMENTS = {
    ReportKind.WRITTEN: ["时间", "地点", "信息来源", "事件概况", "影响范围", "已采取措施"],
    ReportKind.FINAL: ["原因", "处置措施", "处置结果"],
}
ELEMENTS_RULE = "YQ309"
MISSING = "（未填写）"
RESTRICTED_MARK = "内部资料 注意保密"
DRILL_MARK = "演练"
LINE_CHARS = 28  # GB/T 9704: 28 characters a line

#: The fields a template may use, with what they hold (for the guide and for the error naming an unknown one).
FIELDS = {
    "incident_id": "台账编号，如 YZMZ-2024-0001",
    "incident_title": "事件标题",
    "level": "事件级别",
    "section": "责任科室",
    "org_name": "本局名称（org.yml 的 name）",
    "kind": "报告类型：书面报告 / 终报",
    "marks": "左上角标识：受限记录为“内部资料 注意保密”，演练为“演练”，否则为空",
    "restricted": "是否受限记录（真/假）",
    "drill": "是否演练（真/假）",
    "to": "主送：报告对象，以“、”分隔",
    "cc": "抄送：以“、”分隔，没有则为空",
    "elements": "要素列表，每项有 number（一、二…）、name（要素名）、text（内容）",
    "element": "按要素名取内容，如 element['时间']",
    "content": "报告内容摘要（记录中的 content，可能为空）",
    "signer": "署名：本局名称加责任科室",
    "signer_pad": "署名前的空格（使成文日期首字比署名首字右移二字）",
    "date": "成文日期，如 2024年8月26日",
    "date_pad": "成文日期前的空格",
    "note": "附注：联系人和电话",
    "issuer": "版记中的印发机关",
    "by": "报告人",
    "phone": "责任科室电话（可能为空）",
}


@dataclass
class Filled:
    """The report picked and the template's values."""

    kind: str
    index: int  # 0-based position in the record's reports
    entry: ReportEntry
    context: dict
    missing: list[str] = field(default_factory=list)  # required elements not given


def pick(incident: Incident, kind: str) -> tuple[int, ReportEntry] | None:
    """The latest report of ``kind`` that no later entry corrects, with its index (None if there is none)."""
    chosen = incident.reports_of([kind])
    return chosen[-1] if chosen else None


def required_elements(policy: Policy, kind: str) -> list[str]:
    """The elements a report of ``kind`` must have, in the plan's order (policy.yml YQ309 ``elements``)."""
    obligation = policy.obligation(ELEMENTS_RULE)
    named = obligation.elements.get(ReportKind(kind)) if obligation else None
    return list(named or DEFAULT_ELEMENTS[ReportKind(kind)])


_DIGITS = "零一二三四五六七八九"


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (the 一、二、 of first-level headings)."""
    if number < 10:
        return _DIGITS[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def chinese_date(moment: datetime) -> str:
    """2024年8月26日 (GB/T 9704 7.3.5.1: Arabic numerals, no leading zero)."""
    return f"{moment.year}年{moment.month}月{moment.day}日"


def width(text: str) -> float:
    """Width in characters of 3号 type: Chinese one, Latin letters and digits a half."""
    return sum(1 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def signature_pads(signer: str, date: str) -> tuple[str, str]:
    """Full-width spaces before the sender and the date (7.3.5.2, a document without a seal):
    the sender two characters from the right edge and the date's first character two to the right
    of the sender's; when the date is the longer, the date two from the right edge instead."""
    sender, day = width(signer), width(date)
    start = max(0, int(LINE_CHARS - 2 - (sender if day + 2 <= sender else day + 2)))
    return "\u3000" * start, "\u3000" * (start + 2)


def signer_of(org: Org, section: str) -> str:
    """The sender: the bureau's name and the section (宁波市鄞州区民政局养老服务科; 局办公室 → …民政局办公室)."""
    if section == org.name or section.startswith(org.name):
        return section
    return org.name + (section[1:] if section.startswith("局") else section)


def build(incident: Incident, org: Org, policy: Policy, kind: str) -> Filled | None:
    """The values of the latest ``kind`` report of ``incident`` (None when the record has none)."""
    found = pick(incident, kind)
    if found is None:
        return None
    index, entry = found
    given = {name: str(text).strip() for name, text in (entry.elements or {}).items()}
    required = required_elements(policy, kind)
    missing = [name for name in required if not given.get(name)]
    names = required + [name for name in given if name not in required and given[name]]
    elements = [{"number": chinese_number(number), "name": name, "text": given.get(name) or MISSING}
                for number, name in enumerate(names, 1)]
    at = entry.at.astimezone(org.tz) if entry.at.tzinfo else entry.at
    date = chinese_date(at)
    signer = signer_of(org, incident.section)
    signer_pad, date_pad = signature_pads(signer, date)
    section = org.section(incident.section)
    phone = section.phone if section is not None and section.phone else ""
    restricted = incident.visibility is Visibility.RESTRICTED
    marks = "　".join(mark for mark, on in ((RESTRICTED_MARK, restricted), (DRILL_MARK, incident.drill)) if on)
    contact = f"联系人：{entry.by}" + (f"，电话：{phone}" if phone else "")
    context = {
        "incident_id": incident.id,
        "incident_title": incident.title,
        "level": incident.level.value,
        "section": incident.section,
        "org_name": org.name,
        "kind": kind,
        "marks": marks,
        "restricted": restricted,
        "drill": incident.drill,
        "to": "、".join(entry.to),
        "cc": "、".join(entry.cc),
        "elements": elements,
        "element": {item["name"]: item["text"] for item in elements},
        "content": entry.content or "",
        "signer": signer,
        "signer_pad": signer_pad,
        "date": date,
        "date_pad": date_pad,
        "note": contact,
        "issuer": signer,
        "by": entry.by,
        "phone": phone,
    }
    return Filled(kind, index, entry, context, missing)
