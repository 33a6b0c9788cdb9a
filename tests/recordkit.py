"""Builders of valid incident and review records, so a test can say "this record with one change".

Every builder returns a fresh dict that passes every rule at ``NOW`` on its own (with its
review, for the closed ones). ``changed(record, "reports.0.at", "...")`` returns a copy with
one field replaced (``DELETE`` removes it), ``to_markdown`` writes the Markdown record, and
``line_of`` finds the line of a piece of text, so line assertions do not depend on the
code under test.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
import yaml

from yuqing.engine import Engine

NOW = "2024-10-01 10:00"
DISCOVERED = "2024-08-26 09:20"
DELETE = object()

GRAVE_ID = "YZMZ-2024-0001"
MAJOR_ID = "YZMZ-2024-0002"
GENERAL_ID = "YZMZ-2024-0003"

WRITTEN_ELEMENTS = {
    "时间": "2024-08-26 08:40 网民发帖",
    "地点": "某街道某养老机构",
    "信息来源": "微博网友",
    "事件概况": "网民发帖反映养老机构护理不到位",
    "影响范围": "转发 300 余次，评论 120 条",
    "已采取措施": "已派员现场核实",
}
FINAL_ELEMENTS = {
    "原因": "护理员操作不规范",
    "处置措施": "约谈机构负责人，责令整改",
    "处置结果": "家属表示认可，舆情平息",
}


def _report(kind: str, at: str, **extra) -> dict:
    entry = {"kind": kind, "at": at, "by": "刘洋", "to": ["分管领导", "主要领导"], "cc": ["局办公室"],
             "channel": "电话" if kind == "口头报告" else "OA"}
    entry.update(extra)
    return entry


def grave(**changes) -> dict:
    """A closed 重大 incident meeting every obligation (review: ``review(GRAVE_ID)``)."""
    record = {
        "id": GRAVE_ID,
        "title": "某养老机构护理不到位引发网络关注",
        "level": "重大",
        "status": "已办结",
        "section": "养老服务科",
        "discovered_at": DISCOVERED,
        "occurred_at": "2024-08-26 08:40",
        "source": {"channel": "微博", "url": "https://weibo.example/post/1"},
        "summary": "网民发帖称某养老机构护理不到位，转发量较大。",
        "reports": [
            _report("口头报告", "2024-08-26 09:30"),
            _report("书面报告", "2024-08-26 09:45", elements=dict(WRITTEN_ELEMENTS)),
            _report("续报", "2024-08-27 09:00", content="家属情绪稳定，机构已整改"),
            _report("终报", "2024-08-28 08:30", elements=dict(FINAL_ELEMENTS)),
        ],
        "responses": [
            {"at": "2024-08-26 16:30", "channel": "微博评论区", "text": "已关注到您反映的问题，正在核查。",
             "approvals": [{"role": "分管领导", "at": "2024-08-26 15:50"},
                           {"role": "主要领导", "at": "2024-08-26 16:10"}]},
        ],
        "tracking": {"owner": "刘洋", "office_owner": "王芳"},
        "escalations": [{"to": "市民政局", "at": "2024-08-26 10:30", "by": "王芳"}],
        "closed_at": "2024-08-28 16:00",
    }
    return _apply(record, changes)


def major(**changes) -> dict:
    """A closed 较大 incident meeting every obligation (review: ``review(MAJOR_ID)``)."""
    record = grave(id=MAJOR_ID, level="较大", title="低保审批时限引发网民质疑", section="社会救助科")
    record["reports"][0]["at"] = "2024-08-26 09:40"
    record["reports"][1]["at"] = "2024-08-26 10:20"
    for report in record["reports"]:
        report["by"] = "李明"
    record["tracking"] = {"owner": "李明", "office_owner": "王芳"}
    return _apply(record, changes)


def general(**changes) -> dict:
    """A closed 一般 incident: one written report, one approved response."""
    record = {
        "id": GENERAL_ID,
        "title": "婚姻登记处排队时间长",
        "level": "一般",
        "status": "已办结",
        "section": "社会事务科",
        "discovered_at": DISCOVERED,
        "source": {"channel": "12345热线"},
        "summary": "市民来电反映婚姻登记处排队时间长。",
        "reports": [_report("书面报告", "2024-08-26 11:00", by="张伟", elements=dict(WRITTEN_ELEMENTS))],
        "responses": [
            {"at": "2024-08-26 16:30", "channel": "电话回复", "text": "已增加窗口，感谢监督。",
             "approvals": [{"role": "分管领导", "at": "2024-08-26 15:50"},
                           {"role": "主要领导", "at": "2024-08-26 16:10"}]},
        ],
        "closed_at": "2024-08-27 10:00",
    }
    return _apply(record, changes)


def review(incident: str = GRAVE_ID, **changes) -> dict:
    """A review held within 7 days of the builders' closed_at, its one action done."""
    record = {
        "incident": incident,
        "held_at": "2024-09-02 14:00",
        "organizer": "局办公室",
        "participants": ["局办公室", "养老服务科"],
        "experts": ["某高校传播学教授"],
        "conclusion": "报告及时，口径统一，处置得当。",
        "actions": [{"what": "修订护理规范", "owner": "养老服务科", "due": "2024-09-30", "done_at": "2024-09-20"}],
    }
    return _apply(record, changes)


def _apply(record: dict, changes: dict) -> dict:
    for key, value in changes.items():
        if value is DELETE:
            record.pop(key, None)
        else:
            record[key] = value
    return record


def changed(record: dict, dotted: str, value) -> dict:
    """A deep copy of ``record`` with the field at ``dotted`` (``reports.0.at``) set or deleted."""
    result = copy.deepcopy(record)
    *parents, last = [int(part) if part.isdigit() else part for part in dotted.split(".")]
    target = result
    for part in parents:
        target = target[part]
    if value is DELETE:
        del target[last]
    elif isinstance(target, list) and last == len(target):
        target.append(value)
    else:
        target[last] = value
    return result


def excused(record: dict, rule: str, reason: str = "当时领导在外开会，电话未接通，后补报。") -> dict:
    """A copy of ``record`` with a 情况说明 for ``rule``."""
    result = copy.deepcopy(record)
    result.setdefault("exceptions", []).append({"rule": rule, "reason": reason})
    return result


def to_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)


def to_markdown(data: dict, body: str = "## 事件经过\n\n正文。\n") -> str:
    return "---\n" + to_yaml(data) + "---\n\n" + body


def path_of(record_id: str, review: bool = False, suffix: str = ".md") -> str:
    year = record_id.split("-")[1]
    return f"incidents/{year}/{record_id}{'.review' if review else ''}{suffix}"


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line number of the ``nth`` line containing ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(f"{needle!r} (occurrence {nth}) not in text")


def write_incident(repo, data: dict, body: str | None = None, path: str | None = None) -> tuple[str, str]:
    """Write an incident as Markdown; returns (relative path, text)."""
    path = path or path_of(data["id"])
    text = to_markdown(data) if body is None else to_markdown(data, body)
    repo.write(path, text)
    return path, text


def write_review(repo, data: dict, path: str | None = None) -> tuple[str, str]:
    path = path or path_of(data["incident"], review=True)
    text = to_markdown(data, "## 复盘\n\n复盘内容。\n")
    repo.write(path, text)
    return path, text


def run(repo, now: str = NOW, only: set[str] | None = None):
    """Run the engine over the repo's records at ``now`` (local time)."""
    from yuqing.timeparse import parse_datetime

    workspace = repo.workspace()
    return Engine(workspace).run(parse_datetime(now, workspace.org.tz), only=only)


def of_rule(result, code: str) -> list:
    return [finding for finding in result.findings if finding.rule == code]


def verdicts_of(result, path: str, code: str) -> list:
    return [verdict for verdict in result.verdicts.get(path, []) if verdict.rule == code]




@dataclass(frozen=True)
class Hit:
    """One expected finding: level, file, line and words its (Chinese) message must contain."""

    level: str
    path: str
    line: int
    words: tuple = ()


def files_of(*pairs) -> dict:
    """{path: text} of incidents and reviews given as dicts (a dict with ``incident`` is a review)."""
    files = {}
    for data in pairs:
        if "incident" in data:
            files[path_of(data["incident"], review=True)] = to_markdown(data, "## 复盘\n\n复盘内容。\n")
        else:
            files[path_of(data["id"])] = to_markdown(data)
    return files


def check_files(repo, files: dict, now: str = NOW, only: set[str] | None = None):
    """Write ``files`` ({path: text or bytes}) into the repo and run the engine."""
    for path, text in files.items():
        repo.write(path, text)
    return run(repo, now, only)


def assert_hits(result, rule: str, hits: list[Hit], lang: str = "zh") -> None:
    """The findings of ``rule`` are exactly ``hits`` (level, path, line), with the words in each message."""
    found = of_rule(result, rule)
    got = sorted((f.level, f.path, f.line) for f in found)
    want = sorted((h.level, h.path, h.line) for h in hits)
    shown = "\n".join(f"{f.path}:{f.line}: {f.level} {f.rule} {f.message(lang)}" for f in result.findings)
    assert got == want, f"{rule}: expected {want}, got {got}\nall findings:\n{shown}"
    for hit in hits:
        finding = next(f for f in found if (f.level, f.path, f.line) == (hit.level, hit.path, hit.line))
        assert finding.name, finding
        message = finding.message(lang)
        for word in hit.words:
            assert word in message, f"{word!r} not in {message!r}"


_TIME_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def shifted(data, delta: timedelta):
    """A deep copy of a record with every time (``2024-08-26 09:20``) and date moved by ``delta``."""
    if isinstance(data, dict):
        return {key: shifted(value, delta) for key, value in data.items()}
    if isinstance(data, list):
        return [shifted(value, delta) for value in data]
    if isinstance(data, str) and _TIME_TEXT.match(data):
        return (datetime.strptime(data, "%Y-%m-%d %H:%M") + delta).strftime("%Y-%m-%d %H:%M")
    if isinstance(data, str) and _DATE_TEXT.match(data):
        return (datetime.strptime(data, "%Y-%m-%d") + delta).strftime("%Y-%m-%d")
    return data


def unpack_case(case):
    """A rule case function's (files, expected hits, now): ``now`` is optional in the case."""
    files, hits, *rest = case()
    return files, hits, (rest[0] if rest else NOW)


def rule_table_tests(cases: dict):
    """The two table-driven tests of a case table ``{rule code: [case functions]}``.

    Each case is checked, and every rule must have a positive (findings expected) and a
    negative (none expected) case. A test module binds them to test names.
    """
    table = [pytest.param(code, case, id=case.__name__) for code, functions in cases.items() for case in functions]

    @pytest.mark.parametrize(("code", "case"), table)
    def test_rule(repo, code, case):
        files, hits, now = unpack_case(case)
        assert_hits(check_files(repo, files, now), code, hits)

    @pytest.mark.parametrize("code", sorted(cases))
    def test_every_rule_has_a_positive_and_a_negative_case(code):
        assert {bool(unpack_case(case)[1]) for case in cases[code]} == {True, False}

    return test_rule, test_every_rule_has_a_positive_and_a_negative_case
