"""The mistakes section clerks make, met by the real check (DESIGN §10): each on the line it is on,
naming the character or the name, with the corrected text to paste.

Each row changes one line of a record that passes every rule, runs ``yuqing.checking.run_check``
on it in a fresh workspace and looks for the one error it must give: its rule, its line (the
line holding the mistake, found by ``recordkit.line_of``) and the words of its message. A second
test runs many bad values through every field of every model and makes sure no message says
anything of regular expressions, Python types or pydantic's English.
"""

from __future__ import annotations

import copy
import re

import pytest
from pydantic import ValidationError

from recordkit import NOW, general, grave, line_of, review
from schemakit import SCHEMA_DIR
from yuqing.checking import run_check
from yuqing.models import Incident, Review
from yuqing.models.org import Org
from yuqing.models.policy import Policy
from yuqing.schema_errors import describe_errors
from yuqing.timeparse import parse_datetime
from yuqing.yamlstrict import load_yaml

PATH = "incidents/2024/YZMZ-2024-0003.md"

RECORD = """\
---
id: YZMZ-2024-0003
title: 网民反映助餐点午餐质量差
level: 一般
status: 处置中
section: 养老服务科
discovered_at: 2024-08-26 09:20
source:
  channel: 微博
  url: https://weibo.example/post/3
summary: 网民发帖反映助餐点午餐质量差。
reports:
  - kind: 口头报告
    at: 2024-08-26 09:30
    by: 刘洋
    to: [分管领导, 主要领导]
    cc: [局办公室]
responses:
  - at: 2024-08-26 16:30
    channel: 微博评论区
    text: 已关注到您反映的问题，正在核查。
    approvals:
      - role: 分管领导
        at: 2024-08-26 15:50
      - role: 主要领导
        at: 2024-08-26 16:10
tracking:
  owner: 刘洋
escalations:
  - to: 市民政局
    at: 2024-08-26 10:30
drill: false
---

## 事件经过

正文。
"""

# (line as written in RECORD, the clerk's line, rule, words the message must hold); rule None: accepted
MISTAKES = [
    # full-width colon, and a colon without a space: not a key for YAML at all
    ("level: 一般", "level：一般", "YQ001", ["“：”", "请改成：level: 一般"]),
    ("status: 处置中", "status：处置中", "YQ001", ["中文冒号", "请改成：status: 处置中"]),
    ("  channel: 微博", "  channel：微博", "YQ001", ["“channel”", "请改成：channel: 微博"]),
    ("    by: 刘洋", "    by：刘洋", "YQ001", ["“by”", "请改成：by: 刘洋"]),
    ("  - kind: 口头报告", "  - kind：口头报告", "YQ001", ["请改成：- kind: 口头报告"]),
    ("drill: false", "drill：false", "YQ001", ["请改成：drill: false"]),
    ("source:", "source：", "YQ001", ["“source”", "请改成：source:"]),
    ("level: 一般", "level： 一般", "YQ001", ["“：”", "请改成：level: 一般"]),
    ("level: 一般", "level:一般", "YQ001", ["缺少空格", "请改成：level: 一般"]),
    # text holding ': ', and full-width quotes that do not quote
    ("summary: 网民发帖反映助餐点午餐质量差。", "summary: 网民称: 午餐质量差", "YQ001",
     ['请改成：summary: "网民称: 午餐质量差"']),
    ("summary: 网民发帖反映助餐点午餐质量差。", "summary: “网民称: 午餐质量差”", "YQ001",
     ['请改成：summary: "网民称: 午餐质量差"']),
    ("level: 一般", "level: “一般”", "YQ003", ["中文引号", "请改成：level: 一般"]),
    # times as people write them
    ("    at: 2024-08-26 09:30", "    at: 2024年8月26日 9时30分", "YQ003", ["reports[1].at", "是不是 2024-08-26 09:30？"]),
    ("    at: 2024-08-26 09:30", "    at: 2024年8月26日9:30", "YQ003", ["是不是 2024-08-26 09:30？"]),
    ("    at: 2024-08-26 09:30", "    at: 2024/8/26 9:30", "YQ003", ["是不是 2024-08-26 09:30？"]),
    ("    at: 2024-08-26 09:30", "    at: 2024.08.26 09:30", "YQ003", ["是不是 2024-08-26 09:30？"]),
    ("    at: 2024-08-26 09:30", "    at: 上午9点30分", "YQ003", ["只有钟点没有日期", "是不是 2024-08-26 09:30？",
                                                                "discovered_at"]),
    ("    at: 2024-08-26 09:30", "    at: 9点30分", "YQ003", ["是不是 2024-08-26 09:30？"]),
    ("    at: 2024-08-26 09:30", "    at: 9:30", "YQ003", ["是不是 2024-08-26 09:30？"]),
    ("  - at: 2024-08-26 16:30", "  - at: 下午4点半", "YQ003", ["responses[1].at", "是不是 2024-08-26 16:30？"]),
    ("        at: 2024-08-26 15:50", "        at: 下午3点50分", "YQ003", ["是不是 2024-08-26 15:50？"]),
    ("    at: 2024-08-26 09:30", "    at: ２０２４－０８－２６　０９：３０", "YQ003", ["是不是 2024-08-26 09:30？"]),
    ("discovered_at: 2024-08-26 09:20", "discovered_at: 2024年8月26日 9时20分", "YQ003",
     ["discovered_at", "是不是 2024-08-26 09:20？"]),
    ("discovered_at: 2024-08-26 09:20", "discovered_at: 2024年8月26日", "YQ003",
     ["只有日期没有钟点", "2024-08-26 09:20"]),
    # one-digit months, days and hours are read as written
    ("    at: 2024-08-26 09:30", "    at: 2024-8-26 9:30", None, []),
    ("discovered_at: 2024-08-26 09:20", "discovered_at: 2024-8-26 9:20", None, []),
    # several names joined by a Chinese comma, full-width brackets
    ("    to: [分管领导, 主要领导]", "    to: [分管领导，主要领导]", "YQ103", ["“，”（中文逗号）", "请改成：to: [分管领导, 主要领导]"]),
    ("    to: [分管领导, 主要领导]", "    to: 分管领导、主要领导", "YQ103", ["“、”（顿号）", "请改成：to: [分管领导, 主要领导]"]),
    ("    to: [分管领导, 主要领导]", "    to: 【分管领导，主要领导】", "YQ103", ["“【”", "请改成：to: [分管领导, 主要领导]"]),
    ("    cc: [局办公室]", "    cc: ［局办公室］", "YQ103", ["“［”", "请改成：cc: [局办公室]"]),
    ("section: 养老服务科", "section: 养老服务科，社会救助科", "YQ103", ["只能填一个", "养老服务科 或 社会救助科"]),
    # misspelt names: the nearest ones in org.yml
    ("section: 养老服务科", "section: 养老服务", "YQ103", ["“养老服务”", "是不是 养老服务科？"]),
    ("section: 养老服务科", "section: 养老科", "YQ103", ["是不是 养老服务科？"]),
    ("section: 养老服务科", "section: “养老服务科”", "YQ103", ["中文引号", "请改成：section: 养老服务科"]),
    ("    to: [分管领导, 主要领导]", "    to: [分管领导, 主要领到]", "YQ103", ["“主要领到”", "是不是 主要领导？"]),
    ("      - role: 分管领导", "      - role: 分管领到", "YQ103", ["是不是 分管领导？"]),
    ("  owner: 刘洋", "  owner: 刘阳", "YQ103", ["“刘阳”", "是不是 刘洋？"]),
    ("  - to: 市民政局", "  - to: 市民证局", "YQ103", ["是不是 市民政局？"]),
    # rule codes
    ("drill: false", "exceptions:\n  - rule: YQ31\n    reason: 当时领导在外开会，电话未接通。", "YQ003",
     ["exceptions[1].rule", "YQ 加三位数字", "是不是 YQ301"]),
    ("drill: false", "exceptions:\n  - rule: yq-305\n    reason: 当时领导在外开会，电话未接通。", "YQ003", ["是不是 YQ305？"]),
    ("drill: false", "exceptions:\n  - rule: YQ399\n    reason: 当时领导在外开会，电话未接通。", "YQ312",
     ["不是已知的规则编号", "是不是 YQ309"]),
]


def _check(repo, text: str):
    repo.write(PATH, text)
    workspace = repo.workspace()
    return run_check(workspace, parse_datetime(NOW, workspace.org.tz), cache=False).result


def test_the_record_passes_as_written(repo):
    assert [(f.rule, f.line, f.msg.zh) for f in _check(repo, RECORD).findings] == []


@pytest.mark.parametrize(("old", "new", "rule", "words"), MISTAKES,
                         ids=[f"{number}-{row[1].strip()[:24]}" for number, row in enumerate(MISTAKES, 1)])
def test_a_clerks_mistake_is_met_on_its_line(repo, old, new, rule, words):
    assert RECORD.count(old + "\n") == 1, old
    text = RECORD.replace(old + "\n", new + "\n")
    # the format rules' errors; a deadline rule may rightly react to the mistake too (a misspelt approver)
    findings = [f for f in _check(repo, text).findings if f.rule == rule or f.level == "error" and f.rule < "YQ200"]
    if rule is None:
        assert findings == []
        return
    mistaken = next((line for line in new.split("\n") if "rule:" in line), new)  # an exception's rule line
    expected_line = line_of(text, mistaken.split("\n")[0])
    assert [(f.rule, f.line) for f in findings] == [(rule, expected_line)], [(f.rule, f.line, f.msg.zh) for f in findings]
    message = findings[0].msg.zh
    for word in words:
        assert word in message, message
    assert findings[0].path == PATH


def test_the_corrected_text_to_paste_passes(repo):
    """What the messages offer, pasted in place of the mistake, passes the check."""
    for old, new, rule, _ in MISTAKES:
        if rule != "YQ001" or "\n" in new:
            continue
        text = RECORD.replace(old + "\n", new + "\n")
        [finding] = [f for f in _check(repo, text).findings if f.level == "error"]
        pasted = finding.msg.zh.split("请改成：", 1)[1]
        indent = new[: len(new) - len(new.lstrip(" -"))] if not pasted.startswith("-") else new[: len(new) - len(new.lstrip())]
        fixed = RECORD.replace(old + "\n", indent + pasted + "\n")
        assert [f.msg.zh for f in _check(repo, fixed).findings if f.level == "error"] == [], pasted


def test_a_text_of_key_colon_lines_is_left_alone():
    """``原因：…`` inside a block text or a long plain text is text, not a mistaken key."""
    text = "summary: |\n  原因：护理不到位\n  处置：已整改\nnote: 网民称\n  时间：昨天\n"
    doc, problems = load_yaml(text)
    assert problems == []
    assert doc.data == {"summary": "原因：护理不到位\n处置：已整改\n", "note": "网民称 时间：昨天"}


def test_a_mistaken_key_is_read_as_corrected_with_columns_as_written():
    doc, problems = load_yaml("title: 标题\nlevel：重大\nsource:\n  channel：微博\n")
    assert doc.data == {"title": "标题", "level": "重大", "source": {"channel": "微博"}}
    assert [(p.code, p.line, p.column) for p in problems] == [("YQ001", 2, 6), ("YQ001", 4, 10)]
    assert doc.positions[("level",)] == (2, 7)  # the value's column in the file as written
    assert doc.positions[("source", "channel")] == (4, 11)


# ---- no regular expression, Python type or pydantic English reaches a clerk -------------------------

BAD_VALUES = [None, True, 0, -1, 3.5, 10**30, "", " ", "abc", "2024年", "【甲，乙】", "“重大”", "YQ31", "09:12",
              "2024-02-30 09:00", "2024-08-26", "上午九点", "15分钟", "x" * 300, [], [1], [None], ["a", 2], [{}],
              {}, {"a": 1}, {"a": [1]}, float("nan"), float("inf")]

FORBIDDEN = ["^", "\\d", "$", "Input should", "input_value", "type=", "pydantic", "Value error", "validation error",
             "Field required", "Extra inputs", "should be", "NoneType", "<class", "timedelta", "datetime", "dict",
             "'int'", "'str'", "'list'", "Decimal", "{3}", "[A-Z", "[0-9", "object"]


def _paths(value, path=()):
    """Every place in a document a value can be put: each key and each list's first item, recursively."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, path + (key,))
    elif isinstance(value, list) and value:
        yield from _paths(value[0], path + (0,))


def _replaced(data, path, value):
    data = copy.deepcopy(data)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


def _documents():
    org, _ = load_yaml((SCHEMA_DIR / "org.yml").read_text(encoding="utf-8"))
    policy, _ = load_yaml((SCHEMA_DIR / "policy.yml").read_text(encoding="utf-8"))
    incident = grave(exceptions=[{"rule": "YQ301", "reason": "当时领导在外开会，电话未接通。", "occurrence": [1]}],
                     regradings=[{"at": "2024-08-26 09:25", "to": "重大", "by": "刘洋", "reason": "转发量迅速上升。"}],
                     tracking={"owner": "刘洋", "office_owner": "王芳", "note": "每日查看"})
    incident["reports"][0]["corrects"] = 1
    return [(Incident, incident), (Incident, general()), (Review, review()), (Org, org.data), (Policy, policy.data)]


def test_no_message_speaks_regular_expressions_python_or_pydantic():
    seen = 0
    for model, data in _documents():
        for path in list(_paths(data))[1:]:
            for value in BAD_VALUES:
                try:
                    model.model_validate(_replaced(data, path, value), context={})
                except ValidationError as exc:
                    for _, msg in describe_errors(exc, {"day": None}):
                        seen += 1
                        shown = re.sub(r"“[^”]*”", "", msg.zh)  # the value as written may say anything
                        for word in FORBIDDEN:
                            assert word not in shown, (model.__name__, path, value, msg.zh)
                        assert not re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", shown), (path, value, msg.zh)
    assert seen > 1000


def test_a_time_on_the_command_line_written_another_way_gets_the_text_to_type(repo):
    from yuqing.checking import parse_now
    from yuqing.errors import ConfigError

    workspace = repo.workspace()
    with pytest.raises(ConfigError) as caught:
        parse_now("2025年3月1日 9时10分", workspace)
    assert "是不是 2025-03-01 09:10？" in caught.value.msg.zh
    assert parse_now("2025-3-1", workspace) == parse_datetime("2025-03-01 00:00", workspace.org.tz)


@pytest.mark.parametrize(("line", "words"), [
    ("    due: 9月30日", ["actions[1].due", "是不是 2024-09-30？"]),  # the year of the meeting
    ("    done_at: 2024年9月20日", ["是不是 2024-09-20？"]),
    ("    due: 2024/9/30", ["是不是 2024-09-30？"]),
    ("    due: 2024-9-30", []),  # one-digit month, read as written
])
def test_a_reviews_dates_written_another_way(line, words):
    from yuqing.loader import load_text
    from yuqing.schema_errors import validate_document

    field = line.split(":")[0].strip()
    text = ("---\nincident: YZMZ-2024-0001\nheld_at: 2024-09-02 14:00\norganizer: 局办公室\nparticipants: [局办公室]\n"
            "conclusion: 报告及时。\nactions:\n  - what: 修订护理规范\n    owner: 养老服务科\n    due: 2024-09-30\n"
            "    done_at: 2024-09-20\n---\n\n复盘。\n")
    text = re.sub(rf"^    {field}: .*$", line, text, flags=re.M)
    doc = load_text(text, ".md")
    model, problems = validate_document(Review, doc, {})
    assert (model is None) == bool(words)
    if words:
        [problem] = problems
        assert problem.line == line_of(text, line.strip())
        for word in words:
            assert word in problem.msg.zh, problem.msg.zh

