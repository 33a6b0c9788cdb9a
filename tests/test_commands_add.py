"""commands.add: an entry appended in place (comments and layout kept byte for byte), arguments
validated in Chinese before anything is written, the record checked afterwards."""

from __future__ import annotations

import pytest

from recordkit import DELETE, GRAVE_ID, changed, grave, path_of, to_markdown
from yuqing.cli import main
from yuqing.commands.add import line_ranges, suggest_time
from yuqing.loader import load_file
from yuqing.recordedit import scalar
from yuqing.yamlstrict import load_yaml

NOW = "2024-08-27 12:00"
ID = "YZMZ-2024-0001"
MD = f"incidents/2024/{ID}.md"
YML = f"incidents/2024/{ID}.yml"

#: A hand-written record: comments everywhere, odd spacing, flow lists, a comment after the last report.
COMMENTED = """\
---
# 手工填写的记录，注释必须保留
id: YZMZ-2024-0001   # 编号
title: "网民反映某社区养老服务站午餐质量差"
level: 一般
status: 处置中
section: 养老服务科
discovered_at: 2024-08-26 09:20
source:   {channel: 微博}
summary: >-
  网民在微博发帖反映社区养老服务站午餐质量差。
reports:
  # 第一次报告
  - kind: 书面报告
    at: 2024-08-26 10:00     # 当面递交
    by: 刘洋
    to: [分管领导,   主要领导]
    elements:
      时间: 2024-08-26 08:40
      地点: 某社区养老服务站
      信息来源: 微博网友
      事件概况: 网民发帖反映午餐质量差
      影响范围: 转发 30 余次
      已采取措施: 已派员现场核实
  # 以后的报告写在这里

responses: []   # 还没有回应
---

## 事件经过

网民发帖。
"""

#: A pure-YAML record whose list items start at column 0 (an "indentless" list) and with a body.
INDENTLESS_YML = """\
# 纯 YAML 记录
id: YZMZ-2024-0001
title: 网民反映某社区养老服务站午餐质量差
level: 一般
status: 处置中
section: 养老服务科
discovered_at: 2024-08-26 09:20
source:
    channel: 微博
summary: 网民发帖。
reports:
- kind: 书面报告
  at: 2024-08-26 10:00
  by: 刘洋
  to:
  - 分管领导
  - 主要领导
  elements: {时间: 2024-08-26 08:40, 地点: 某社区, 信息来源: 微博, 事件概况: 发帖, 影响范围: 较小, 已采取措施: 核实}
body: |
  ## 事件经过

  网民发帖。
"""

#: A record with an empty ``reports: []`` followed by commented-out examples, as the template writes it.
EMPTY_LIST = """\
---
id: YZMZ-2024-0001
title: 网民反映某社区养老服务站午餐质量差
level: 一般
status: 处置中
section: 养老服务科
discovered_at: 2024-08-26 09:20
source:
  channel: 微博
summary: 网民发帖。
reports: []                   # 报告记录
# reports:
#   - kind: 口头报告
#     at: 2024-08-26 09:31
responses: []
# closed_at: 2024-08-30 17:00 # 办结时间
---

正文。
"""

NO_REPORTS = EMPTY_LIST.replace("reports: []                   # 报告记录\n", "")
NO_REPORTS_YML = INDENTLESS_YML.replace(
    "reports:\n- kind: 书面报告\n  at: 2024-08-26 10:00\n  by: 刘洋\n  to:\n  - 分管领导\n  - 主要领导\n"
    "  elements: {时间: 2024-08-26 08:40, 地点: 某社区, 信息来源: 微博, 事件概况: 发帖, 影响范围: 较小, 已采取措施: 核实}\n", "")

WRITTEN = ["--kind", "续报", "--at", "2024-08-26 10:30", "--by", "刘洋", "--to", "分管领导", "主要领导",
           "--cc", "局办公室", "--channel", "OA"]


def add(repo, *argv, now=NOW):
    return main(["add", ID, "--root", str(repo.root), "--now", now, *argv])


def without(text: str, lines: list[int]) -> str:
    """``text`` without its 1-based ``lines``."""
    kept = text.splitlines(keepends=True)
    return "".join(line for number, line in enumerate(kept, 1) if number not in lines)


def inserted(before: str, after: str) -> list[int]:
    """The 1-based lines of ``after`` that are new, when ``after`` is ``before`` with lines inserted
    in one place (asserted)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(old))
    count = len(new) - len(old)
    assert count > 0 and new[:start] + new[start + count:] == old, after
    return list(range(start + 1, start + count + 1))


def last_report(repo, path=MD) -> dict:
    return load_file(repo.path(path)).data["reports"][-1]


# --- comments and layout are kept ------------------------------------------------------------

def test_a_report_goes_after_the_last_one_keeping_every_other_byte(repo, capsys):
    repo.write(MD, COMMENTED)
    assert add(repo, *WRITTEN, "--content", "呈报核实情况。") == 0
    after = repo.read(MD)
    new = inserted(COMMENTED, after)
    assert [line for number, line in enumerate(after.splitlines(), 1) if number in new] == [
        "  - kind: 续报",
        "    at: 2024-08-26 10:30",
        "    by: 刘洋",
        "    to: [分管领导, 主要领导]",
        "    cc: [局办公室]",
        "    channel: OA",
        "    content: 呈报核实情况。",
    ]
    assert after.index("地点: 某社区养老服务站") < after.index("content: 呈报") < after.index("# 以后的报告写在这里")
    out = capsys.readouterr().out
    assert f"{MD}：在 reports 中追加了一条续报（第 {new[0]}–{new[-1]} 行）" in out
    assert "检查了 1 个文件" in out


def test_the_style_of_an_indentless_list_is_followed_in_a_yml_file(repo):
    repo.write(YML, INDENTLESS_YML)
    assert add(repo, *WRITTEN) == 0
    after = repo.read(YML)
    new = inserted(INDENTLESS_YML, after)
    assert after.splitlines()[new[0] - 1] == "- kind: 续报"
    assert after.splitlines()[new[1] - 1] == "  at: 2024-08-26 10:30"
    assert after.index("已采取措施: 核实}\n- kind: 续报") < after.index("body: |")
    assert last_report(repo, YML)["cc"] == ["局办公室"]
    assert load_file(repo.path(YML)).data["body"] == "## 事件经过\n\n网民发帖。\n"


def test_an_empty_list_becomes_a_block_list_and_its_comment_stays(repo):
    repo.write(MD, EMPTY_LIST)
    assert add(repo, *WRITTEN) == 0
    after = repo.read(MD)
    key = EMPTY_LIST.splitlines().index("reports: []                   # 报告记录") + 1
    assert after.splitlines()[key - 1] == "reports:                   # 报告记录"
    assert after.splitlines()[key] == "  - kind: 续报"
    new = list(range(key + 1, key + 7))
    assert without(after, [key, *new]) == without(EMPTY_LIST, [key])
    assert after.index("channel: OA\n# reports:\n#   - kind: 口头报告") > 0


def test_a_record_without_reports_gets_the_key_at_the_end_of_its_front_matter(repo):
    repo.write(MD, NO_REPORTS)
    assert add(repo, *WRITTEN) == 0
    after = repo.read(MD)
    new = inserted(NO_REPORTS, after)
    assert after.splitlines()[new[0] - 1] == "reports:"
    assert after.splitlines()[new[-1]] == "---"
    assert last_report(repo)["kind"] == "续报"


def test_a_yml_record_without_reports_gets_the_key_before_its_body(repo):
    repo.write(YML, NO_REPORTS_YML)
    assert add(repo, *WRITTEN) == 0
    after = repo.read(YML)
    new = inserted(NO_REPORTS_YML, after)
    assert after.splitlines()[new[0] - 1] == "reports:" and after.splitlines()[new[-1]] == "body: |"


def test_the_template_of_yuqing_new_takes_an_entry(repo, capsys):
    assert main(["new", "--root", str(repo.root), "--level", "一般", "--section", "养老服务科", "--title", "测试",
                 "--discovered-at", "2024-08-26 09:20"]) == 0
    before = repo.read(MD)
    assert add(repo, *WRITTEN) in (0, 1)
    after = repo.read(MD)
    key = before.splitlines().index("reports: []") + 1
    assert after.splitlines()[key - 1] == "reports:"
    assert without(after, [key, *range(key + 1, key + 7)]) == without(before, [key])
    assert last_report(repo)["at"] == "2024-08-26 10:30"


def test_crlf_line_ends_and_a_bom_are_kept(repo):
    original = ("\ufeff" + COMMENTED).replace("\n", "\r\n").encode("utf-8")
    repo.write(MD, original)
    assert add(repo, *WRITTEN) == 0
    after = repo.path(MD).read_bytes()
    assert after.startswith(b"\xef\xbb\xbf---\r\n") and b"\n" not in after.replace(b"\r\n", b"")
    new = inserted(original.decode("utf-8"), after.decode("utf-8"))
    assert len(new) == 6


def test_elements_are_written_as_a_mapping_and_read_back_exactly(repo):
    repo.write(MD, COMMENTED)
    values = {"时间": "2024-08-26 08:40 网民发帖", "地点": "true", "信息来源": "12", "事件概况": "a: b # c",
              "影响范围": "[转发] 300 次", "已采取措施": "已派员“现场”核实，'整改'"}
    assert add(repo, *WRITTEN[:1], "书面报告", *WRITTEN[2:], *[arg for name, text in values.items() for arg in ("--element", f"{name}={text}")]) == 0
    assert last_report(repo)["elements"] == values
    assert "      地点: \"true\"\n" in repo.read(MD)


def test_time_is_written_the_ledger_way(repo):
    repo.write(MD, COMMENTED)
    assert add(repo, "--kind", "续报", "--at", "2024-08-26T02:30:00Z", "--by", "刘洋", "--to", "分管领导") == 0
    assert last_report(repo)["at"] == "2024-08-26 10:30"


def test_an_unquoted_time_and_comma_separated_roles_are_understood(repo):
    repo.write(MD, COMMENTED)
    assert main(["add", ID, "--root", str(repo.root), "--now", NOW, "--kind", "续报", "--at", "2024-08-26", "10:30",
                 "--by", "刘洋", "--to", "分管领导，主要领导", "--cc", "局办公室"]) == 0
    assert last_report(repo)["to"] == ["分管领导", "主要领导"] and last_report(repo)["at"] == "2024-08-26 10:30"


# --- the check afterwards --------------------------------------------------------------------

def test_a_late_oral_report_of_a_grave_record_prints_yq301(repo, capsys):
    record = grave(status="处置中", closed_at=DELETE, reports=[])
    repo.write(path_of(GRAVE_ID), to_markdown(record))
    code = main(["add", GRAVE_ID, "--root", str(repo.root), "--now", NOW, "--kind", "口头报告",
                 "--at", "2024-08-26 09:50", "--by", "刘洋", "--to", "分管领导", "主要领导", "--channel", "电话"])
    out = capsys.readouterr().out
    assert code == 1
    assert "错误 YQ301 grave-oral-report" in out and "超时" in out
    assert last_report(repo, path_of(GRAVE_ID))["at"] == "2024-08-26 09:50"  # written all the same


def test_english_output(repo, capsys):
    repo.write(MD, COMMENTED)
    assert add(repo, *WRITTEN, "--lang", "en") == 0
    out = capsys.readouterr().out
    assert f"{MD}: appended a follow-up report to reports (lines " in out and "1 file checked" in out


# --- bad arguments: Chinese, exit 2, file untouched ------------------------------------------

@pytest.mark.parametrize(("argv", "words"), [
    (["--kind", "续报", "--at", "2025年3月1日", "--by", "刘洋", "--to", "分管领导"],
     "--at 的时间“2025年3月1日”只有日期没有钟点，时限无法计算。请写成 2025-03-01 09:20 这样的格式"),
    (["--kind", "续报", "--at", "2025年3月1日 9时10分", "--by", "刘洋", "--to", "分管领导"],
     "--at 的时间“2025年3月1日 9时10分”不是台账的写法，请写成 2025-03-01 09:10（北京时间）。"),
    (["--kind", "续报", "--at", "2025-3-1 9：10", "--by", "刘洋", "--to", "分管领导"], "请写成 2025-03-01 09:10"),
    (["--kind", "续报", "--at", "昨天上午", "--by", "刘洋", "--to", "分管领导"],
     "--at 的时间无法识别：“昨天上午”不是时间。时间请写成 2024-08-26 09:20 这样的格式"),
    (["--kind", "续报", "--at", "2024-02-30 10:00", "--by", "刘洋", "--to", "分管领导"], "不是一个存在的日期或时间"),
    (["--kind", "报告", "--at", "2024-08-26 10:00"], "条目类型“报告”无效，只能是：口头报告、书面报告、续报、终报、回应"),
    (["--kind", "续报", "--at", "2024-08-26 10:00", "--by", "刘洋", "--to", "科长"],
     "--to 的角色“科长”不在 org.yml 中。可选："),
    (["--kind", "续报", "--at", "2024-08-26 10:00", "--by", "刘洋", "--to", "分管领导", "--cc", "办公室"],
     "--cc 的角色“办公室”不在 org.yml 中"),
    (["--kind", "续报", "--at", "2024-08-26 10:00", "--to", "分管领导"], "--kind 续报 需要 --by。"),
    (["--kind", "续报", "--by", "刘洋", "--to", "分管领导"], "--kind 续报 需要 --at。"),
    (["--kind", "续报", "--at", "2024-08-26 10:00", "--by", "刘洋", "--to", "分管领导", "--rule", "YQ301"],
     "--kind 续报 不用 --rule"),
    (["--kind", "续报", "--at", "2024-08-26 10:00", "--by", "刘洋", "--to", "分管领导", "--element", "地点"],
     "--element 应写成“名称=内容”"),
    (["--kind", "书面报告", "--at", "2024-08-26 10:00", "--by", "刘洋", "--to", "分管领导",
      "--element", "地点=甲", "--element", "地点=乙"], "--element 中“地点”写了两次"),
    (["--kind", "续报", "--at", "2024-08-26 10:00", "--by", " ", "--to", "分管领导"], "--by 不能为空"),
    (["--kind", "回应", "--at", "2024-08-26 10:00", "--channel", "微博"], "--kind 回应 需要 --content"),
    (["--kind", "回应", "--at", "2024-08-26 10:00", "--by", "刘洋", "--channel", "微博", "--content", "口径"],
     "--kind 回应 不用 --by"),
    (["--kind", "上报", "--at", "2024-08-26 10:00", "--to", "市民政局", "区委办"], "上报时 --to 只写一个单位"),
    (["--kind", "级别变化", "--at", "2024-08-26 10:00", "--to", "特大", "--by", "王芳", "--reason", "影响范围扩大了"],
     "新级别“特大”无效"),
    (["--kind", "级别变化", "--at", "2024-08-26 10:00", "--to", "重大", "--by", "王芳", "--reason", "扩大"],
     "至少 5 个字"),
    (["--kind", "情况说明", "--rule", "YQ999", "--reason", "领导在外开会未接通"], "规则编号“YQ999”不存在"),
    (["--kind", "办结"], "--kind 办结 需要 --at"),
])
def test_bad_arguments_are_refused_in_chinese_and_nothing_is_written(repo, capsys, argv, words):
    repo.write(MD, COMMENTED)
    assert add(repo, *argv) == 2
    captured = capsys.readouterr()
    assert words in captured.err and captured.err.startswith("用法错误："), captured.err
    assert captured.out == ""
    assert repo.read(MD) == COMMENTED


def test_an_unknown_id_is_named(repo, capsys):
    repo.write(MD, COMMENTED)
    assert main(["add", "YZMZ-2024-0099", "--root", str(repo.root), *WRITTEN]) == 2
    err = capsys.readouterr().err
    assert "找不到编号为 YZMZ-2024-0099 的事件记录" in err
    assert repo.read(MD) == COMMENTED


def test_a_review_is_not_taken_for_the_incident(repo, capsys):
    repo.write(f"incidents/2024/{ID}.review.md", "---\nincident: YZMZ-2024-0001\n---\n")
    assert add(repo, *WRITTEN) == 2
    assert "找不到编号为" in capsys.readouterr().err


def test_a_missing_kind_is_an_argparse_error_in_chinese(repo, capsys):
    repo.write(MD, COMMENTED)
    with pytest.raises(SystemExit) as raised:
        main(["add", ID, "--root", str(repo.root), "--at", "2024-08-26 10:00"])
    assert raised.value.code == 2
    assert "缺少必需的参数：--kind" in capsys.readouterr().err


def test_a_one_line_list_with_entries_is_refused(repo, capsys):
    text = COMMENTED.replace("responses: []   # 还没有回应", "responses: [{at: 2024-08-26 16:00, channel: 微博, text: 口径}]")
    repo.write(MD, text)
    assert add(repo, "--kind", "回应", "--at", "2024-08-26 17:00", "--channel", "微博", "--content", "口径") == 2
    assert "写成了一行的形式" in capsys.readouterr().err
    assert repo.read(MD) == text


def test_an_unreadable_record_is_refused(repo, capsys):
    text = COMMENTED.replace("level: 一般", "level: [一般")
    repo.write(MD, text)
    assert add(repo, *WRITTEN) == 2
    assert "记录无法读取" in capsys.readouterr().err
    assert repo.read(MD) == text


# --- the other kinds of entry ----------------------------------------------------------------

def test_a_response_with_approvals(repo):
    repo.write(MD, COMMENTED)
    code = add(repo, "--kind", "回应", "--at", "2024-08-26 16:30", "--channel", "微博评论区",
               "--content", "已关注到您反映的问题，正在核查。", "--approval", "分管领导=2024-08-26 15:50",
               "--approval", "主要领导=2024-08-26 16:10")
    assert code == 0
    text = repo.read(MD)
    assert "responses:   # 还没有回应\n  - at: 2024-08-26 16:30\n" in text
    assert "    approvals:\n      - {role: 分管领导, at: 2024-08-26 15:50}\n" in text
    assert load_file(repo.path(MD)).data["responses"] == [{
        "at": "2024-08-26 16:30", "channel": "微博评论区", "text": "已关注到您反映的问题，正在核查。",
        "approvals": [{"role": "分管领导", "at": "2024-08-26 15:50"}, {"role": "主要领导", "at": "2024-08-26 16:10"}]}]


def test_an_escalation(repo):
    repo.write(MD, COMMENTED)
    assert add(repo, "--kind", "上报", "--at", "2024-08-26 10:30", "--to", "市民政局", "--by", "王芳",
               "--channel", "电话") == 0
    assert load_file(repo.path(MD)).data["escalations"] == [
        {"to": "市民政局", "at": "2024-08-26 10:30", "by": "王芳", "channel": "电话"}]


def test_a_regrading_sets_the_level_and_keeps_its_comment(repo, capsys):
    text = COMMENTED.replace("level: 一般\n", "level: 一般      # 级别\n")
    repo.write(MD, text)
    add(repo, "--kind", "级别变化", "--at", "2024-08-26 11:00", "--to", "major", "--by", "王芳",
        "--reason", "转发量快速上升，影响扩大")
    after = repo.read(MD)
    assert "level: 较大      # 级别\n" in after
    data = load_file(repo.path(MD)).data
    assert data["level"] == "较大"
    assert data["regradings"] == [{"at": "2024-08-26 11:00", "to": "较大", "by": "王芳", "reason": "转发量快速上升，影响扩大"}]
    assert "regradings 中追加了一条级别变化" in capsys.readouterr().out


def test_a_closure_sets_status_and_closed_at(repo):
    repo.write(MD, EMPTY_LIST)
    add(repo, "--kind", "办结", "--at", "2024-08-27 09:00")
    after = repo.read(MD)
    assert after.splitlines()[EMPTY_LIST.splitlines().index("status: 处置中")] == "status: 已办结"
    assert "# closed_at: 2024-08-30 17:00 # 办结时间\nclosed_at: 2024-08-27 09:00\n---\n" in after
    data = load_file(repo.path(MD)).data
    assert data["status"] == "已办结" and data["closed_at"] == "2024-08-27 09:00"


def test_a_closure_fills_an_empty_closed_at(repo):
    text = EMPTY_LIST.replace("# closed_at: 2024-08-30 17:00 # 办结时间\n", "closed_at:   # 办结时间\n")
    repo.write(MD, text)
    add(repo, "--kind", "closure", "--at", "2024-08-27 09:00")
    assert "closed_at: 2024-08-27 09:00   # 办结时间\n" in repo.read(MD)


def test_an_exception(repo, capsys):
    record = grave(status="处置中", closed_at=DELETE, reports=[])
    repo.write(path_of(GRAVE_ID), to_markdown(record))
    main(["add", GRAVE_ID, "--root", str(repo.root), "--now", NOW, "--kind", "口头报告",
          "--at", "2024-08-26 09:50", "--by", "刘洋", "--to", "分管领导", "主要领导"])
    capsys.readouterr()
    main(["add", GRAVE_ID, "--root", str(repo.root), "--now", NOW, "--kind", "情况说明", "--rule", "yq301",
          "--reason", "科长在外开会，电话未接通，后补报。"])
    out = capsys.readouterr().out
    assert "exceptions 中追加了一条情况说明" in out and "错误 YQ301" not in out
    assert "警告 YQ301 grave-oral-report" in out and "已有情况说明：科长在外开会" in out
    assert load_file(repo.path(path_of(GRAVE_ID))).data["exceptions"] == [
        {"rule": "YQ301", "reason": "科长在外开会，电话未接通，后补报。"}]


def test_an_exception_for_one_occurrence(repo):
    repo.write(MD, COMMENTED)
    add(repo, "--kind", "情况说明", "--rule", "YQ307", "--reason", "节假日值班人员漏报。", "--occurrence", "3",
        "--at", "2024-08-27 09:00")
    assert load_file(repo.path(MD)).data["exceptions"] == [
        {"rule": "YQ307", "reason": "节假日值班人员漏报。", "at": "2024-08-27 09:00", "occurrence": [3]}]


# --- pieces ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["刘洋", "2024-08-26 09:20", "true", "null", "12", "1.5", "a: b", "a #b", "- x",
                                  "[x]", "{x}", "a, b", " padded ", "", "多行\n文字", "'quoted'", '"quoted"', "@x",
                                  "`x`", "*x", "&x", "!x", "%x", "|x", ">x", "?x", "~"])
def test_a_scalar_reads_back_as_the_same_text(text):
    assert load_yaml(f"k: {scalar(text)}\n")[0].data == {"k": text}
    assert load_yaml(f"k: [{scalar(text, flow=True)}]\n")[0].data == {"k": [text]}


@pytest.mark.parametrize(("text", "expected"), [
    ("2025年3月1日", ("2025-03-01", False)),
    ("2025年3月1日 9时10分", ("2025-03-01 09:10", True)),
    ("2025年03月01日09:10", ("2025-03-01 09:10", True)),
    ("2025/3/1 9:10", ("2025-03-01 09:10", True)),
    ("2025.3.1 下午3点", ("2025-03-01 15:00", True)),
    ("２０２５－３－１　９：１０", ("2025-03-01 09:10", True)),
    ("2025年2月30日", None),
    ("3月1日", None),
])
def test_suggest_time(text, expected):
    assert suggest_time(text) == expected


def test_line_ranges():
    assert line_ranges([7, 80, 81, 82], "、") == "7、80–82"
    assert line_ranges([3], ", ") == "3"


def test_the_builders_record_still_loads_after_an_append_to_each_list(repo):
    record = changed(grave(), "status", "处置中")
    repo.write(path_of(GRAVE_ID), to_markdown(changed(record, "closed_at", DELETE)))
    main(["add", GRAVE_ID, "--root", str(repo.root), "--now", NOW, "--kind", "续报", "--at", "2024-08-27 10:00",
          "--by", "刘洋", "--to", "分管领导"])
    assert len(load_file(repo.path(path_of(GRAVE_ID))).data["reports"]) == 5


RESPONDED = """\
---
id: YZMZ-2024-0001
title: 网民反映某社区养老服务站午餐质量差
level: 一般
status: 处置中
section: 养老服务科
discovered_at: 2024-08-26 09:20
source: {channel: 微博}
summary: 网民发帖。
responses:
  - at: 2024-08-26 16:30
    channel: 微博评论区
    text: |
      已关注到您反映的问题。

      正在核查。

    approvals: [{role: 分管领导, at: 2024-08-26 15:50}, {role: 主要领导, at: 2024-08-26 16:10}]
  - at: 2024-08-26 17:30
    channel: 微博评论区
    text: |{chomp}
      核查结果另行公布。

    # 本条注释属于上一条
---
"""


@pytest.mark.parametrize("chomp", ["", "-", "+"])
def test_after_a_block_scalar_the_entry_goes_before_its_blank_lines_unless_they_are_kept(repo, chomp):
    text = RESPONDED.replace("{chomp}", chomp)
    repo.write(MD, text)
    add(repo, "--kind", "回应", "--at", "2024-08-27 09:00", "--channel", "微信", "--content", "已整改。")
    after = repo.read(MD)
    new = inserted(text, after)
    lines = after.splitlines()
    assert lines[new[0] - 2] == ("" if chomp == "+" else "      核查结果另行公布。")
    assert lines[new[-1]:new[-1] + 2] == (["    # 本条注释属于上一条", "---"] if chomp == "+"
                                          else ["", "    # 本条注释属于上一条"])
    responses = load_file(repo.path(MD)).data["responses"]
    assert responses[1]["text"] == {"": "核查结果另行公布。\n", "-": "核查结果另行公布。", "+": "核查结果另行公布。\n\n"}[chomp]
    assert responses[2] == {"at": "2024-08-27 09:00", "channel": "微信", "text": "已整改。"}


def test_a_key_written_twice_is_refused(repo, capsys):
    text = COMMENTED.replace("responses: []   # 还没有回应\n", "responses: []\nresponses: []\n")
    repo.write(MD, text)
    assert add(repo, "--kind", "回应", "--at", "2024-08-26 17:00", "--channel", "微博", "--content", "口径") == 2
    assert "同一字段写了两次" in capsys.readouterr().err
    assert repo.read(MD) == text


# --- a signal's assessment (issue 16) ----------------------------------------------------------

SIGNAL_ID = "YZMZ-YJ-2024-0003"
SIGNAL = f"monitoring/2024/{SIGNAL_ID}.md"
#: A signal assessed once, with comments: the second assessment goes after the first, every other byte kept.
ASSESSED_SIGNAL = """\
---
id: YZMZ-YJ-2024-0003   # 预警编号
noticed_at: 2024-08-26 08:30
noticed_by: 韩雪
section: 区救助管理站
source: {channel: 抖音}
summary: 短视频称火车站附近有流浪人员夜宿。
assessments:
  # 第一次研判
  - at: 2024-08-26 09:30
    by: 蒋文斌
    conclusion: 持续关注
    note: 安排夜间巡查。
# 以后的研判写在这里
---

## 研判经过
"""
ASSESS = ["--kind", "研判", "--at", "2024-08-26", "10:30", "--by", "蒋文斌", "--conclusion", "转为事件",
          "--note", "视频扩散，登记为事件。"]


def add_to(repo, record_id, *argv, now=NOW):
    return main(["add", record_id, "--root", str(repo.root), "--now", now, *argv])


def test_an_assessment_goes_after_the_last_one_keeping_every_other_byte(repo, capsys):
    repo.write(SIGNAL, ASSESSED_SIGNAL)
    assert add_to(repo, SIGNAL_ID, *ASSESS) == 0
    after = repo.read(SIGNAL)
    new = inserted(ASSESSED_SIGNAL, after)
    assert [line for number, line in enumerate(after.splitlines(), 1) if number in new] == [
        "  - at: 2024-08-26 10:30", "    by: 蒋文斌", "    conclusion: 转为事件", "    note: 视频扩散，登记为事件。"]
    assert after.index("安排夜间巡查") < after.index("视频扩散") < after.index("# 以后的研判写在这里")
    out = capsys.readouterr().out
    assert f"{SIGNAL}：在 assessments 中追加了一条研判（第 {new[0]}–{new[-1]} 行）" in out
    assert "0 个错误" in out


def test_an_assessment_into_an_empty_list_of_a_new_signal(repo, capsys):
    assert main(["new", "--root", str(repo.root), "--signal", "--section", "区救助管理站", "--by", "韩雪",
                 "--summary", "短视频称火车站附近有流浪人员夜宿。", "--noticed-at", "2024-08-26 08:30"]) == 0
    path = "monitoring/2024/YZMZ-YJ-2024-0001.md"
    before = repo.read(path)
    assert add_to(repo, "YZMZ-YJ-2024-0001", *ASSESS[:-4], "--conclusion", "关注") == 0
    after = repo.read(path)
    assert "assessments:\n  - at: 2024-08-26 10:30\n    by: 蒋文斌\n    conclusion: 持续关注\n" in after
    assert [line for line in before.splitlines() if line.startswith("#")] == [
        line for line in after.splitlines() if line.startswith("#")]  # every comment kept
    assert load_file(repo.path(path)).data["assessments"] == [
        {"at": "2024-08-26 10:30", "by": "蒋文斌", "conclusion": "持续关注"}]


def test_turned_into_an_incident_sets_incident(repo, capsys):
    repo.write(SIGNAL, ASSESSED_SIGNAL)
    repo.write(MD, COMMENTED)
    assert add_to(repo, SIGNAL_ID, *ASSESS, "--incident", ID) == 0
    data = load_file(repo.path(SIGNAL)).data
    assert data["incident"] == ID and data["assessments"][-1]["conclusion"] == "转为事件"
    assert f"并填写了 incident: {ID}" in capsys.readouterr().out
    # the same id again is no change; another one is refused, the file untouched
    assert add_to(repo, SIGNAL_ID, *ASSESS, "--incident", ID) == 0
    assert repo.read(SIGNAL).count(f"incident: {ID}") == 1
    before = repo.read(SIGNAL)
    repo.write("incidents/2024/YZMZ-2024-0002.md", COMMENTED.replace(ID, "YZMZ-2024-0002"))
    assert add_to(repo, SIGNAL_ID, *ASSESS, "--incident", "YZMZ-2024-0002") == 2
    assert f"已记录转为事件 {ID}，不能改为 YZMZ-2024-0002" in capsys.readouterr().err
    assert repo.read(SIGNAL) == before


@pytest.mark.parametrize(("argv", "message"), [
    (["--kind", "研判", "--at", "2024-08-26 10:30", "--by", "蒋文斌"], "--kind 研判 需要 --conclusion"),
    (["--kind", "研判", "--at", "2024-08-26 10:30", "--by", "路人甲", "--conclusion", "持续关注"],
     "研判人“路人甲”不在 org.yml 的人员名单中"),
    (["--kind", "研判", "--at", "2024-08-26 10:30", "--by", "蒋文斌", "--conclusion", "待定"], "研判结论“待定”无效"),
    ([*ASSESS[:-4], "--conclusion", "持续关注", "--incident", ID], "只有结论为“转为事件”时才填写 --incident"),
    ([*ASSESS, "--incident", "YZMZ-2024-0042"], "找不到编号为 YZMZ-2024-0042 的事件记录。请先用 yuqing new 登记事件"),
    ([*ASSESS, "--to", "分管领导"], "--kind 研判 不用 --to"),
    (WRITTEN, f"{SIGNAL_ID} 是预警信息，只能追加研判"),
])
def test_assessment_arguments_are_checked_before_writing(repo, capsys, argv, message):
    repo.write(SIGNAL, ASSESSED_SIGNAL)
    repo.write(MD, COMMENTED)
    assert add_to(repo, SIGNAL_ID, *argv) == 2
    assert message in capsys.readouterr().err
    assert repo.read(SIGNAL) == ASSESSED_SIGNAL


def test_an_assessment_goes_to_signals_only(repo, capsys):
    repo.write(MD, COMMENTED)
    assert add(repo, *ASSESS) == 2
    assert "研判只能追加到预警信息" in capsys.readouterr().err
    assert repo.read(MD) == COMMENTED
    assert add_to(repo, "YZMZ-YJ-2024-0009", *ASSESS) == 2
    assert "找不到编号为 YZMZ-YJ-2024-0009 的预警信息记录（应在 monitoring/" in capsys.readouterr().err


def test_a_late_assessment_is_written_and_reported(repo, capsys):
    repo.write(SIGNAL, ASSESSED_SIGNAL.replace("2024-08-26 09:30", "2024-08-27 09:30"))
    assert add_to(repo, SIGNAL_ID, "--kind", "研判", "--at", "2024-08-27 10:00", "--by", "蒋文斌",
                  "--conclusion", "不构成舆情") == 0  # YQ314 is a warning
    out = capsys.readouterr().out
    assert "YQ314" in out and "1 个警告" in out


def test_add_help_names_the_assessment(capsys):
    with pytest.raises(SystemExit):
        main(["add", "-h"])
    out = capsys.readouterr().out
    assert "研判（预警信息" in out and "--conclusion 结论" in out and "--incident 事件编号" in out
