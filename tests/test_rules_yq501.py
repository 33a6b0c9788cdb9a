"""YQ501 personal-data through the engine: which text is checked, and the line and column of each finding.

Expected positions are found by searching the file's own text (``where``), so they do not depend on
how the code under test maps YAML values back to the file.
"""

from __future__ import annotations

import json

from recordkit import Hit, of_rule, rule_table_tests, run
from textkit import record, response, where
from yuqing.cli import main

PATH = "incidents/2024/YZMZ-2024-0001.md"
YPATH = "incidents/2024/YZMZ-2024-0001.yml"
NOW = "2024-10-01 10:00"
ID = "330212198001011238"  # check digit 8 is correct (see test_privacy)
CARD = "6228480012345671"  # passes Luhn






RESPONSE = response("电话回复")


def positions(repo, files: dict) -> list[tuple[str, int, int]]:
    for path, text in files.items():
        repo.write(path, text)
    result = run(repo, NOW)
    found = of_rule(result, "YQ501")
    assert all(f.level == "error" and f.name == "personal-data" for f in found)
    return sorted((f.path, f.line, f.column) for f in found)


def test_a_clean_record_has_no_finding(repo):
    assert positions(repo, {PATH: record()}) == []


def test_a_mobile_in_the_markdown_body(repo):
    text = record(body="## 事件经过\n\n网民留言，电话 13812345678，要求回复。\n")
    assert positions(repo, {PATH: text}) == [(PATH, *where(text, "13812345678"))]


def test_the_message_shows_the_masked_form(repo):
    repo.write(PATH, record(body=f"身份证 {ID}，卡号 {CARD}，电话 +86 138-1234-5678。\n"))
    messages = [f.message("zh") for f in of_rule(run(repo, NOW), "YQ501")]
    assert any("身份证号" in m and "3302**********1238" in m for m in messages)
    assert any("银行卡号" in m and "6228********5671" in m for m in messages)
    assert any("手机号码" in m and "138****5678" in m for m in messages)
    assert not any(ID in m or CARD in m or "1234-5678" in m for m in messages)  # never repeated in full
    english = [f.message("en") for f in of_rule(run(repo, NOW), "YQ501")]
    assert any("ID card number" in m for m in english)


def test_a_plain_yaml_field(repo):
    text = record(summary=f"网民张某（身份证号 {ID}）发帖。")
    assert positions(repo, {PATH: text}) == [(PATH, *where(text, ID))]


def test_a_quoted_yaml_field(repo):
    text = record(title='"网民 13812345678 反映午餐质量差"')
    assert positions(repo, {PATH: text}) == [(PATH, *where(text, "13812345678"))]


def test_a_single_quoted_field_with_an_escaped_quote(repo):
    text = record(title="'网民''小王'' 13812345678 反映'")
    assert positions(repo, {PATH: text}) == [(PATH, *where(text, "13812345678"))]


def test_a_literal_block_scalar_with_deeper_indentation(repo):
    summary = f"|\n  网民发帖反映午餐质量差。\n    其家属留下电话 13812345678，\n  以及银行卡 {CARD}。"
    text = record(summary=summary)
    assert positions(repo, {PATH: text}) == sorted([(PATH, *where(text, "13812345678")), (PATH, *where(text, CARD))])


def test_a_folded_block_scalar_in_a_response(repo):
    text = record(extra=RESPONSE.format(text=">\n      已回电。\n      回电号码 13912345678，说明情况。"))
    assert positions(repo, {PATH: text}) == [(PATH, *where(text, "13912345678"))]


def test_a_plain_scalar_continued_on_the_next_line(repo):
    text = record(summary="网民发帖反映午餐质量差，\n  电话 13812345678。")
    assert positions(repo, {PATH: text}) == [(PATH, *where(text, "13812345678"))]


def test_the_same_number_twice_in_one_value_is_reported_at_each_place(repo):
    text = record(summary="|\n  电话 13812345678。\n  再次：13812345678。")
    assert positions(repo, {PATH: text}) == [(PATH, *where(text, "13812345678", 1)),
                                             (PATH, *where(text, "13812345678", 2))]


def test_nested_fields_reports_elements_source_note(repo):
    extra = ("reports:\n  - kind: 书面报告\n    at: 2024-08-26 10:00\n    by: 刘洋\n    to: [分管领导, 主要领导]\n"
             "    elements:\n      时间: 2024-08-26 08:40\n      地点: 某社区\n      信息来源: 微博网友 13712345678\n"
             "      事件概况: 午餐质量差\n      影响范围: 转发 10 次\n      已采取措施: 已核实\n")
    text = record(extra=extra).replace("  channel: 微博\n", "  channel: 微博\n  note: 发帖人手机 13612345678\n")
    assert positions(repo, {PATH: text}) == sorted([(PATH, *where(text, "13712345678")),
                                                    (PATH, *where(text, "13612345678"))])


def test_a_number_written_where_text_is_meant(repo):
    text = record().replace("  channel: 微博\n", "  channel: 微博\n  note: 13812345678\n")
    assert positions(repo, {PATH: text}) == [(PATH, *where(text, "13812345678"))]


def test_an_alias_is_reported_once_at_its_anchor(repo):
    text = record(summary="&s 网民电话 13812345678", extra="tracking: {owner: 刘洋, note: *s}\n")
    assert positions(repo, {PATH: text}) == [(PATH, *where(text, "13812345678"))]


def test_a_yml_record_and_its_body_block(repo):
    text = ("id: YZMZ-2024-0001\ntitle: 网民反映午餐质量差\nlevel: 一般\nstatus: 处置中\nsection: 养老服务科\n"
            "discovered_at: 2024-08-26 09:20\nsource: {channel: 微博}\nsummary: '摘要 13512345678'\n"
            "body: |\n  ## 事件经过\n\n  网民发帖。\n      缩进的一行 13812345678。\n")
    assert positions(repo, {YPATH: text}) == sorted([(YPATH, *where(text, "13512345678")),
                                                     (YPATH, *where(text, "13812345678"))])


def test_crlf_and_bom_do_not_shift_positions(repo):
    text = record(summary="电话 13812345678", body="正文\n\n手机 13912345678\n")
    repo.write(PATH, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = run(repo, NOW)
    assert sorted((f.line, f.column) for f in of_rule(result, "YQ501")) == sorted(
        [where(text, "13812345678"), where(text, "13912345678")])


def test_a_review_is_checked_too(repo):
    repo.write(PATH, record())
    review = ("---\nincident: YZMZ-2024-0001\nheld_at: 2024-09-02 14:00\norganizer: 局办公室\n"
              "participants: [局办公室, 养老服务科]\nconclusion: 已回访家属（电话 13812345678）。\n---\n\n"
              f"## 复盘\n\n家属身份证 {ID}。\n")
    rpath = "incidents/2024/YZMZ-2024-0001.review.md"
    assert positions(repo, {rpath: review}) == sorted([(rpath, *where(review, "13812345678")),
                                                       (rpath, *where(review, ID))])


NOT_PERSONAL = [
    "已打码：3302**********1238、138****5678、6228********5671。",
    "本局电话 0574-87110002，12345 热线，局办公室 0574-87110000。",
    "文件编号鄞民〔2024〕74号，索引号 2969675/2024-124002。",
    "获知时间 2024-08-26 09:20，转发 3000 余次，订单号 2024082612345678901。",
    "身份证号 330212198001011235（校验位不对，不是身份证号）。",
    "卡号 6228480012345672（不能通过 Luhn 校验）。",
]


def test_numbers_that_are_not_personal_data(repo):
    text = record(summary="'" + NOT_PERSONAL[0] + "'", body="\n\n".join(NOT_PERSONAL) + "\n")
    assert positions(repo, {PATH: text}) == []


def test_a_restricted_record_checks_its_title_but_not_its_narrative(repo):
    text = record(title="涉未成年人舆情 13812345678", head="visibility: restricted\n",
                  summary=f"当事人身份证 {ID}", extra=RESPONSE.format(text="已回电 13912345678"),
                  body="正文：家属电话 13712345678。\n")
    assert positions(repo, {PATH: text}) == [(PATH, *where(text, "13812345678"))]


def test_an_internal_record_checks_everything(repo):
    text = record(title="涉未成年人舆情 13812345678", head="visibility: internal\n",
                  summary=f"当事人身份证 {ID}", extra=RESPONSE.format(text="已回电 13912345678"),
                  body="正文：家属电话 13712345678。\n")
    assert len(positions(repo, {PATH: text})) == 4


def test_times_ids_and_kinds_are_not_text(repo):
    # a mobile-like id or time is wrong for other rules, not personal data
    text = record().replace("id: YZMZ-2024-0001", "id: '13812345678'")
    assert positions(repo, {PATH: text}) == []


def test_docs_pages_are_checked_by_a_full_check(repo, capsys):
    repo.write(PATH, record())
    page = "# 联系我们\n\n请拨打本局电话 0574-87110000。\n\n值班员小王手机：13812345678\n"
    repo.write("docs/about/contact.md", page)
    code = main(["check", "--root", str(repo.root), "--now", NOW, "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    assert [(f["rule"], f["path"], f["line"], f["column"]) for f in findings] == [
        ("YQ501", "docs/about/contact.md", *where(page, "13812345678"))]


# --- the case table (recordkit.rule_table_tests): one file each, the expected findings -------------

def yq501_mobile_in_the_body():
    text = record(body="## 事件经过\n\n网民留言，电话 13812345678，要求回复。\n")
    return {PATH: text}, [Hit("error", PATH, where(text, "13812345678")[0], ("手机号码", "138****5678"))]


def yq501_id_number_in_the_summary():
    text = record(summary=f"网民张某（身份证号 {ID}）发帖。")
    return {PATH: text}, [Hit("error", PATH, where(text, ID)[0], ("身份证号", "3302**********1238"))]


def yq501_bank_card_in_a_response():
    text = record(extra=RESPONSE.format(text=f"请把补助打到卡号 {CARD}。"))
    return {PATH: text}, [Hit("error", PATH, where(text, CARD)[0], ("银行卡号", "6228********5671"))]


def yq501_ok_clean():
    return {PATH: record()}, []


def yq501_ok_masked_and_numbers_that_are_not_personal_data():
    return {PATH: record(body="\n\n".join(NOT_PERSONAL) + "\n")}, []


CASES = {
    "YQ501": [yq501_mobile_in_the_body, yq501_id_number_in_the_summary, yq501_bank_card_in_a_response,
              yq501_ok_clean, yq501_ok_masked_and_numbers_that_are_not_personal_data],
}
test_rule, test_every_rule_has_a_positive_and_a_negative_case = rule_table_tests(CASES)
