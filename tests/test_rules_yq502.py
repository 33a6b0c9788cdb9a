"""YQ502 unsafe-markup through the engine: scripts, event handlers, javascript:/data: links, embeds."""

from __future__ import annotations

import json

from recordkit import Hit, of_rule, rule_table_tests, run
from textkit import record, response, where
from yuqing.cli import main

PATH = "incidents/2024/YZMZ-2024-0001.md"
YPATH = "incidents/2024/YZMZ-2024-0001.yml"
NOW = "2024-10-01 10:00"






RESPONSE = response("微博评论区")


def findings(repo, files: dict) -> list:
    for path, text in files.items():
        repo.write(path, text)
    found = of_rule(run(repo, NOW), "YQ502")
    assert all(f.level == "error" and f.name == "unsafe-markup" for f in found)
    return found


def positions(repo, files: dict) -> list[tuple[str, int, int]]:
    return sorted((f.path, f.line, f.column) for f in findings(repo, files))


def test_a_clean_record_has_no_finding(repo):
    assert positions(repo, {PATH: record()}) == []


def test_script_and_onerror_in_the_body(repo):
    body = "## 事件经过\n\n网民贴出的代码：<script>alert(1)</script>\n\n<img src=x.png onerror=\"alert(1)\">\n"
    text = record(body=body)
    assert positions(repo, {PATH: text}) == [(PATH, *where(text, "<script>")), (PATH, *where(text, "onerror"))]


def test_script_and_onerror_in_a_folded_response_text(repo):
    response = ">\n      已关注到您反映的问题。\n      <img src=x onerror=\"steal()\"><script>fetch('/x')</script>"
    text = record(extra=RESPONSE.format(text=response))
    assert positions(repo, {PATH: text}) == [(PATH, *where(text, "onerror")), (PATH, *where(text, "<script>"))]


def test_a_handler_in_a_quoted_title(repo):
    text = record(title='"午餐<b onclick=\'x()\'>质量差</b>"')
    assert positions(repo, {PATH: text}) == [(PATH, *where(text, "onclick"))]


def test_a_javascript_url_in_the_source_and_in_links(repo):
    body = "[原帖](javascript:alert(document.domain))\n\n[截图](JavaScript :alert(1))\n\n<a href=\"java&#x09;script:x\">点</a>\n"
    text = record(source="  channel: 微博\n  url: \"javascript:alert(1)\"\n", body=body)
    assert positions(repo, {PATH: text}) == sorted([
        (PATH, *where(text, "javascript:alert(1)\"")), (PATH, *where(text, "javascript:alert(document")),
        (PATH, *where(text, "JavaScript :")), (PATH, *where(text, "java&#x09;"))])


def test_data_urls_iframes_and_external_images(repo):
    body = ("[数据](data:text/html;base64,PHNjcmlwdD4=)\n\n<iframe src=\"https://evil.example/\"></iframe>\n\n"
            "![跟踪](https://evil.example/t.png)\n\n<img src=\"//evil.example/t.png\">\n")
    text = record(body=body)
    found = findings(repo, {PATH: text})
    assert sorted((f.line, f.column) for f in found) == sorted([
        where(text, "data:"), where(text, "<iframe"), where(text, "![跟踪]"), where(text, "<img")])
    messages = " ".join(f.message("zh") for f in found)
    for words in ("data: 链接", "内嵌框架", "外部图片"):
        assert words in messages


def test_the_message_says_what_and_how_to_fix(repo):
    (finding,) = findings(repo, {PATH: record(body="<script>x</script>\n")})
    assert "脚本标签" in finding.message("zh") and "请删除网页代码" in finding.message("zh")
    assert "<script>" in finding.message("en")


def test_quoted_code_ordinary_links_and_chinese_colons_pass(repo):
    body = ("## 事件经过\n\n网民在帖子里写了 `<script>alert(1)</script>` 这样的代码。\n\n"
            "```html\n<iframe src=\"https://evil.example/\"></iframe>\n<a href=\"javascript:x\">x</a>\n```\n\n"
            "原帖：[微博](https://weibo.example/post/1)，截图：![截图](images/post.png)。\n\n"
            "处置要点：核实、回应、跟踪。时间：09:20。\n")
    text = record(summary="'处置要点: 核实、回应'", body=body)
    assert positions(repo, {PATH: text}) == []


def test_a_yml_record_body_block(repo):
    text = ("id: YZMZ-2024-0001\ntitle: 网民反映午餐质量差\nlevel: 一般\nstatus: 处置中\nsection: 养老服务科\n"
            "discovered_at: 2024-08-26 09:20\nsource: {channel: 微博}\nsummary: 摘要\n"
            "body: |\n  ## 事件经过\n\n  网民贴出：<script>alert(1)</script>\n    <b onmouseover=x>深一层</b>\n")
    assert positions(repo, {YPATH: text}) == sorted([(YPATH, *where(text, "<script>")),
                                                     (YPATH, *where(text, "onmouseover"))])


def test_a_restricted_record_checks_its_title_but_not_its_narrative(repo):
    text = record(title="\"涉未成年人舆情<script>x</script>\"", head="visibility: restricted\n",
                  summary="'<iframe src=x>'", extra=RESPONSE.format(text="'<b onclick=x>回应</b>'"),
                  body="<script>alert(1)</script>\n")
    assert positions(repo, {PATH: text}) == [(PATH, *where(text, "<script>"))]


def test_a_review_is_checked_too(repo):
    repo.write(PATH, record())
    review = ("---\nincident: YZMZ-2024-0001\nheld_at: 2024-09-02 14:00\norganizer: 局办公室\n"
              "participants: [局办公室, 养老服务科]\nconclusion: 处置得当。\n---\n\n## 复盘\n\n<embed src=x.swf>\n")
    rpath = "incidents/2024/YZMZ-2024-0001.review.md"
    assert positions(repo, {rpath: review}) == [(rpath, *where(review, "<embed"))]


def test_docs_pages_are_checked_by_a_full_check(repo, capsys):
    repo.write(PATH, record())
    page = "# 自查\n\n正常内容。\n\n<script src=\"https://evil.example/x.js\"></script>\n"
    repo.write("docs/guide/selfcheck.md", page)
    code = main(["check", "--root", str(repo.root), "--now", NOW, "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    assert [(f["rule"], f["path"], f["line"], f["column"]) for f in findings] == [
        ("YQ502", "docs/guide/selfcheck.md", *where(page, "<script"))]


# A plain-text field is not Markdown: backticks protect nothing, and any tag is markup out of place.
PLAIN_TEXT_CASES = [
    # (title, summary, what the findings point at, words of the first message)
    ("'`</title><script>alert(1)</script>`'", "摘要", ["<script>"], "标题（title）是纯文字字段"),
    ("'</title>午餐质量差'", "摘要", ["</title>"], "HTML 标签"),
    ("网民反映午餐质量差", "'`<img src=x onerror=alert(1)>`'", ["onerror"], "概要（summary）是纯文字字段"),
    ("网民反映午餐质量差", "网民称<b>很差</b>，<i>极差</i>。", ["<b>"], "HTML 标签"),
    ("'`\"><svg onload=alert(1)>`'", "摘要", ["<svg", "onload"], "反引号也不起作用"),
]


def test_plain_text_fields_report_markup_in_backticks_and_any_tag(repo):
    for title, summary, needles, words in PLAIN_TEXT_CASES:
        text = record(title=title, summary=summary)
        found = findings(repo, {PATH: text})
        assert [(f.line, f.column) for f in found] == [where(text, needle) for needle in needles], (title, summary)
        assert words in found[0].message("zh") and "plain text" in found[0].message("en"), found[0].message("zh")


def test_a_plain_text_field_inside_a_list_is_named_by_its_path(repo):
    text = record(extra=RESPONSE.format(text="'`<script>x</script>`'"))
    (finding,) = findings(repo, {PATH: text})
    assert (finding.line, finding.column) == where(text, "<script>")
    assert "发布内容（responses[1].text）是纯文字字段" in finding.message("zh")


def test_less_than_in_ordinary_text_is_not_a_tag(repo):
    text = record(summary="'转发量<500，评论 <= 20 条，a<b 不是标签'")
    assert positions(repo, {PATH: text}) == []


# --- the case table (recordkit.rule_table_tests): one file each, the expected findings -------------

def yq502_script_in_the_body():
    text = record(body="## 事件经过\n\n网民贴出的代码：<script>alert(1)</script>\n")
    return {PATH: text}, [Hit("error", PATH, where(text, "<script>")[0], ("脚本标签", "请删除网页代码"))]


def yq502_a_tag_in_a_plain_text_field():
    text = record(title="\"处置<b>情况</b>\"")
    return {PATH: text}, [Hit("error", PATH, where(text, "<b>")[0], ("标题（title）", "纯文字"))]


def yq502_external_image_in_the_body():
    text = record(body="## 事件经过\n\n![截图](https://img.example/a.png)\n")
    return {PATH: text}, [Hit("error", PATH, where(text, "https://img.example")[0], ("网站不会显示它",))]


def yq502_ok_clean():
    return {PATH: record()}, []


def yq502_ok_code_in_backticks_and_ordinary_links():
    body = ("## 事件经过\n\n网民在帖子里写了 `<script>alert(1)</script>` 这样的代码。\n\n"
            "原帖：[微博](https://weibo.example/post/1)。\n")
    return {PATH: record(body=body)}, []


CASES = {
    "YQ502": [yq502_script_in_the_body, yq502_a_tag_in_a_plain_text_field, yq502_external_image_in_the_body,
              yq502_ok_clean, yq502_ok_code_in_backticks_and_ordinary_links],
}
test_rule, test_every_rule_has_a_positive_and_a_negative_case = rule_table_tests(CASES)
