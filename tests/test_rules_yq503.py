"""YQ503 spam-content through the engine and the command line: records, docs pages, named text files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from recordkit import Hit, of_rule, rule_table_tests, run
from textkit import record, where
from yuqing.cli import main

PATH = "incidents/2024/YZMZ-2024-0001.md"
YPATH = "incidents/2024/YZMZ-2024-0001.yml"
NOW = "2024-10-01 10:00"
PLAN_FIXTURES = Path(__file__).parent / "corpus" / "plan"  # copies of ../shared/plan (see test_spam.py)






def positions(repo, files: dict) -> list[tuple[str, int, int]]:
    for path, text in files.items():
        repo.write(path, text)
    found = of_rule(run(repo, NOW), "YQ503")
    assert all(f.level == "error" and f.name == "spam-content" for f in found)
    return sorted((f.path, f.line, f.column) for f in found)


def check_json(root: Path, capsys, *paths: str) -> tuple[int, list[dict]]:
    code = main(["check", "--root", str(root), "--now", NOW, "--format", "json", *paths])
    return code, json.loads(capsys.readouterr().out)["findings"]


def test_a_clean_record_has_no_finding(repo):
    assert positions(repo, {PATH: record()}) == []


def test_the_mirrors_spam_in_a_title(repo):
    text = record(title="篮球比分直播印发《宁波市鄞州区民政局舆情应急处置预案》的通知")
    repo.write(PATH, text)
    (finding,) = of_rule(run(repo, NOW), "YQ503")
    assert (finding.line, finding.column) == where(text, "篮球比分直播")
    assert "篮球比分直播" in finding.message("zh") and "含违规广告" in finding.message("zh")


def test_spam_in_the_body_a_block_scalar_and_a_quoted_field(repo):
    text = record(summary="|\n  网民发帖。\n    帖子下方：澳门新葡京真人荷官。",
                  extra="tracking: {owner: 刘洋, note: \"注册送彩金\"}\n",
                  body="## 事件经过\n\n评论区有人刷“足球比分”广告。\n")
    assert positions(repo, {PATH: text}) == sorted([
        (PATH, *where(text, "澳门新葡京")), (PATH, *where(text, "真人荷官")), (PATH, *where(text, "注册送")),
        (PATH, *where(text, "彩金")), (PATH, *where(text, "足球比分"))])


def test_a_yml_body(repo):
    text = ("id: YZMZ-2024-0001\ntitle: 网民反映午餐质量差\nlevel: 一般\nstatus: 处置中\nsection: 养老服务科\n"
            "discovered_at: 2024-08-26 09:20\nsource: {channel: 微博}\nsummary: 摘要\n"
            "body: |\n  ## 事件经过\n\n  评论区出现“即时比分”链接。\n")
    assert positions(repo, {YPATH: text}) == [(YPATH, *where(text, "即时比分"))]


def test_ordinary_civil_affairs_words_pass(repo):
    body = ("## 事件经过\n\n网民反映福利彩票投注站门口排队，老年活动室棋牌桌不够，午餐的菠菜不新鲜。"
            "彩票公益金用于养老服务。\n")
    assert positions(repo, {PATH: record(summary="福利彩票发行销售点排队时间长。", body=body)}) == []


def test_writing_that_a_post_carried_spam_passes(repo):
    text = record(body="## 事件经过\n\n帖子含违规广告（已截图存档）。\n")
    assert positions(repo, {PATH: text}) == []


def test_a_restricted_record_checks_its_title_but_not_its_narrative(repo):
    text = record(title="涉未成年人舆情（篮球比分直播）", head="visibility: restricted\n",
                  summary="帖子里有百家乐广告", body="正文：六合彩。\n")
    assert positions(repo, {PATH: text}) == [(PATH, *where(text, "篮球比分直播"))]


def test_docs_pages_are_checked_by_a_full_check(repo, capsys):
    repo.write(PATH, record())
    page = "# 关于印发《宁波市鄞州区民政局舆情应急处置预案》的通知\n\n正文。\n\n友情链接：皇冠体育\n"
    repo.write("docs/plan/index.md", page)
    repo.write("docs/guide/clean.md", "# 提交记录\n\n福利彩票投注站的舆情也按本指南登记。\n")
    code, findings = check_json(repo.root, capsys)
    assert code == 1
    assert [(f["rule"], f["path"], f["line"], f["column"]) for f in findings] == [
        ("YQ503", "docs/plan/index.md", *where(page, "皇冠体育"))]


def test_a_docs_page_named_on_the_command_line(repo, capsys):
    repo.write("docs/plan/index.md", "篮球比分直播\n\n正文。\n")
    code, findings = check_json(repo.root, capsys, str(repo.path("docs/plan/index.md")))
    assert code == 1
    assert [(f["rule"], f["path"], f["line"], f["column"]) for f in findings] == [
        ("YQ503", "docs/plan/index.md", 1, 1)]


def test_the_mirror_copy_named_on_the_command_line_is_caught(repo, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("shared") / "mirror-copy-with-spam.txt"
    shutil.copyfile(PLAN_FIXTURES / "mirror-copy-with-spam.txt", outside)
    code, findings = check_json(repo.root, capsys, str(outside))
    assert code == 1
    assert {f["rule"] for f in findings} == {"YQ503"}
    assert all(f["path"] == outside.as_posix() for f in findings)
    first = findings[0]
    assert (first["line"], first["column"]) == (1, 1)
    assert "篮球比分直播" in first["message"]


def test_the_clean_plan_named_on_the_command_line_passes(repo, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("shared") / "plan.md"
    shutil.copyfile(PLAN_FIXTURES / "plan.md", outside)
    code, findings = check_json(repo.root, capsys, str(outside))
    assert (code, findings) == (0, [])


def test_a_text_file_in_the_repository_named_on_the_command_line(repo, capsys):
    repo.write("notes/mirror.txt", "正文\n\n页脚：比分网 www.example\n")
    code, findings = check_json(repo.root, capsys, "--", str(repo.path("notes/mirror.txt")))
    assert code == 1
    assert [(f["rule"], f["path"], f["line"]) for f in findings] == [("YQ503", "notes/mirror.txt", 3)]


# --- the case table (recordkit.rule_table_tests): one file each, the expected findings -------------

def yq503_the_mirrors_spam_in_a_title():
    text = record(title="篮球比分直播印发《宁波市鄞州区民政局舆情应急处置预案》的通知")
    return {PATH: text}, [Hit("error", PATH, where(text, "篮球比分直播")[0], ("篮球比分直播", "含违规广告"))]


def yq503_spam_in_the_body():
    text = record(body="## 事件经过\n\n帖子下方：澳门新葡京。\n")
    return {PATH: text}, [Hit("error", PATH, where(text, "新葡京")[0], ("疑似垃圾广告",))]


def yq503_ok_clean():
    return {PATH: record()}, []


def yq503_ok_writing_that_a_post_carried_spam():
    return {PATH: record(body="## 事件经过\n\n帖子含违规广告（已截图存档）。\n")}, []


CASES = {
    "YQ503": [yq503_the_mirrors_spam_in_a_title, yq503_spam_in_the_body, yq503_ok_clean,
              yq503_ok_writing_that_a_post_carried_spam],
}
test_rule, test_every_rule_has_a_positive_and_a_negative_case = rule_table_tests(CASES)
