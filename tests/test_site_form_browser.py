"""The 填报 page in a real browser (headless Debian Chromium through Playwright), served on 127.0.0.1.

A clerk registers a 重大 incident whose oral report was 3 minutes late: the page says so live
(超时3分钟：请填写情况说明), offers the 情况说明 it asks for, and the file it downloads passes the
real ``yuqing check`` in a copy of the repository. Then a 续报 is appended to a shipped incident:
the file downloaded keeps every line of the original, adds the entry, and passes the check.
The restricted shipped record is not offered and its text is nowhere in the page. No request
leaves 127.0.0.1 and the console stays clean. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from browserkit import chromium, needs_chromium, serve, shot
from sitekit import PROJECT_ROOT, copy_project, mkdocs_build

#: The browser's clock and the check's --now: the afternoon of the day the incident is registered.
NOW = "2026-11-30 12:00"
BEIJING = timezone(timedelta(hours=8))
NEW_ID = "YZMZ-2026-0008"  # the shipped 2026 records go up to 0007
APPENDED_ID = "YZMZ-2024-0002"  # 较大, closed 2024-10-18 17:30
RESTRICTED_ID = "YZMZ-2025-0007"

pytestmark = needs_chromium



@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """The shipped repository, built; the downloaded files are written into it and checked there."""
    root = copy_project(tmp_path_factory.mktemp("form"))
    run = mkdocs_build(root, strict=True, now=NOW)
    assert run.returncode == 0, run.stderr
    return root


@pytest.fixture(scope="module")
def served(repo):
    with serve(repo / "site") as base:
        yield base


@pytest.fixture(scope="module")
def browser(served, tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile"), accept_downloads=True) as opened:
        yield opened


def open_form(context, served):
    page = context.pages[0] if context.pages else context.new_page()
    page.clock.set_fixed_time(datetime.strptime(NOW, "%Y-%m-%d %H:%M").replace(tzinfo=BEIJING))
    page.goto(served + "form/")
    page.wait_for_load_state("networkidle")
    page.locator("#yq-form .yq-cards").wait_for()
    return page




def verdict(page, rule):
    return page.locator(f".yq-verdict[data-rule='{rule}']").first


def yuqing_check(repo: Path, path: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("YUQING_NOW", None)
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT / "tools"), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "yuqing", "check", path, "--now", NOW], capture_output=True,
                          text=True, cwd=repo, env=env, timeout=300)


def save_download(page, button, repo: Path, path: str) -> str:
    with page.expect_download() as info:
        page.locator(button).click()
    download = info.value
    assert download.suggested_filename == path.rsplit("/", 1)[1]
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(str(target))
    return target.read_text(encoding="utf-8")


def test_the_page_has_its_heading_and_leaves_restricted_records_out(served, browser):
    context, _ = browser
    page = open_form(context, served)
    assert page.locator("h1").inner_text().strip().rstrip("¶") == "填报"
    assert "填报" in page.title()
    html = page.content()
    restricted = (PROJECT_ROOT / "incidents" / "2025" / f"{RESTRICTED_ID}.md").read_text(encoding="utf-8")
    summary = next(line for line in restricted.splitlines() if line.startswith("summary:"))[len("summary: "):]
    assert summary[:30] not in html
    page.locator("input[name=yq-mode][value=append]").check()
    options = page.locator("select[name=record] option").all_inner_texts()
    assert any(APPENDED_ID in option for option in options)
    assert not any(RESTRICTED_ID in option for option in options)
    # no platform address in the shipped mkdocs.yml: the button is hidden and the page says why
    assert page.locator(".yq-platform").is_hidden()
    assert "repo_url" in page.locator(".yq-platform-note").inner_text()


def test_register_a_grave_incident_with_a_late_oral_report(served, browser, repo):
    context, _ = browser
    page = open_form(context, served)
    form = page.locator("#yq-form")
    fresh = form.locator(".yq-new")
    fresh.locator("[name=title]").fill("网传某养老机构老人走失无人寻找")
    fresh.locator("[name=level]").select_option("重大")
    fresh.locator("[name=section]").select_option("养老服务科")
    fresh.locator("[name=discovered_at]").fill("2026-11-30T09:20")
    fresh.locator("[name=channel]").select_option("抖音")
    fresh.locator("[name=summary]").fill("抖音视频称某养老机构一名老人走失两小时无人寻找，转发逾千次。")
    fresh.locator("[name=tracking_owner]").select_option("黄晓燕")
    oral = form.locator(".yq-card").nth(0)
    oral.locator("[name=at]").fill("2026-11-30T09:38")  # due 09:35: 3 minutes late
    oral.locator("[name=by]").fill("刘洋")
    oral.locator("[name=channel]").fill("电话")
    late = verdict(page, "YQ301")
    assert "超时3分钟：请填写情况说明（应在 2026-11-30 09:35 前，实际 2026-11-30 09:38）" in late.inner_text()
    assert late.locator(".yq-badge").inner_text() == "超时"
    assert page.locator(".yq-download").is_disabled() is False
    shot(page, "form-late")
    # the written report, 12 minutes after the oral one, with its six elements
    form.locator("button[data-add=report]").click()
    written = form.locator(".yq-card").nth(1)
    written.locator("[name=kind]").select_option("书面报告")
    written.locator("[name=at]").fill("2026-11-30T09:50")
    written.locator("[name=by]").fill("刘洋")
    written.locator("[name=channel]").fill("OA")
    elements = written.locator("textarea[data-element]")
    assert elements.count() == 6
    for index in range(elements.count()):
        elements.nth(index).fill(f"{elements.nth(index).get_attribute('data-element')}：情况正在核实")
    assert "用时12分钟，按时" in verdict(page, "YQ302").inner_text()
    assert "要素齐全" in page.locator(".yq-verdict[data-rule='YQ309']").last.inner_text()
    # the 情况说明 the hint asks for
    late.locator("button.yq-ask").click()
    exception = form.locator(".yq-card[data-type=exception]")
    assert exception.locator("[name=rule]").input_value() == "YQ301"
    exception.locator("[name=reason]").fill("值班人员连续拨打分管领导电话未接通，09:38 改由主要领导转告。")
    assert "已写情况说明" in verdict(page, "YQ301").inner_text()
    assert page.locator(".yq-problems li").count() == 0
    path = f"incidents/2026/{NEW_ID}.md"
    assert page.locator(".yq-path").inner_text() == f"文件：{path}"
    shot(page, "form-new")
    text = save_download(page, ".yq-download", repo, path)
    assert f"id: {NEW_ID}" in text and "discovered_at: 2026-11-30 09:20" in text
    assert "at: 2026-11-30 09:38" in text and "rule: YQ301" in text
    assert text.startswith("---\n# ===== 舆情事件记录 =====")  # the template's layout, comments and all
    run = yuqing_check(repo, path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 个错误" in run.stdout


def test_append_a_follow_up_to_a_shipped_incident(served, browser, repo):
    context, _ = browser
    page = open_form(context, served)
    form = page.locator("#yq-form")
    form.locator("input[name=yq-mode][value=append]").check()
    form.locator("[name=record]").select_option(APPENDED_ID)
    form.locator(".yq-record-info", has_text="较大").wait_for()  # fetched when picked
    report = form.locator(".yq-card").nth(0)
    assert report.locator("[name=kind]").input_value() == "续报"
    report.locator("[name=at]").fill("2024-10-17T09:00")
    report.locator("[name=by]").fill("刘洋")
    report.locator("[name=channel]").fill("政务钉钉")
    report.locator("[name=content]").fill("涉事护理员已停岗接受调查，家属情绪平稳；评论区出现“#严查#”话题: 已关注。")
    assert page.locator(".yq-problems li").count() == 0
    assert "按时" in verdict(page, "YQ303").inner_text()
    # the record's text was not in the page: it came from its own file on 127.0.0.1 when picked
    _, log = browser
    assert served + f"form/records/{APPENDED_ID}.json" in log["requests"]
    assert (repo / "site" / "form" / "records" / f"{APPENDED_ID}.json").is_file()
    shot(page, "form-append")
    path = f"incidents/2024/{APPENDED_ID}.md"
    original = (PROJECT_ROOT / path).read_text(encoding="utf-8")
    text = save_download(page, ".yq-download", repo, path)
    changes = [op for op in difflib.SequenceMatcher(None, original.splitlines(), text.splitlines()).get_opcodes()
               if op[0] != "equal"]
    assert [op[0] for op in changes] == ["insert"], changes  # every line of the original kept, one block added
    added = text.splitlines()[changes[0][3]:changes[0][4]]
    assert added[0] == "  - kind: 续报" and "    at: 2024-10-17 09:00" in added
    assert any(line.startswith("    content: \"") for line in added)  # quoted: it holds ": " and "#"
    run = yuqing_check(repo, path)
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_link_with_an_id_opens_the_form_to_append_to_that_record(served, browser):
    context, _ = browser
    page = context.pages[0]
    page.goto(served + f"form/?id={APPENDED_ID}")
    page.wait_for_load_state("networkidle")
    assert page.locator("input[name=yq-mode][value=append]").is_checked()
    assert page.locator(".yq-append [name=record]").input_value() == APPENDED_ID
    assert page.locator(".yq-card [name=kind]").first.input_value() == "续报"
    page.goto(served + f"form/?id={RESTRICTED_ID}")
    page.wait_for_load_state("networkidle")
    assert "受限记录" in page.locator(".yq-status").inner_text()
    assert page.locator("input[name=yq-mode][value=new]").is_checked()


def test_nothing_left_127_0_0_1_and_no_console_errors(served, browser):
    _, log = browser
    assert log["requests"]
    outside = [url for url in log["requests"] if not url.startswith(("http://127.0.0.1:", "data:", "blob:"))]
    assert outside == []
    assert log["errors"] == []


SIGNAL_ID = "YZMZ-YJ-2026-0004"  # the shipped 2026 signals go up to 0003
ASSESSED_ID = "YZMZ-YJ-2026-0003"  # two assessments, the first in time


def test_register_a_signal_assessed_late_then_in_time(served, browser, repo):
    context, _ = browser
    page = open_form(context, served)
    form = page.locator("#yq-form")
    form.locator("input[name=yq-mode][value=signal]").check()
    assert form.locator(".yq-entries").is_hidden() and form.locator(".yq-new").is_hidden()
    signal = form.locator(".yq-signal-new")
    signal.locator("[name=noticed_at]").fill("2026-11-29T10:00")
    signal.locator("[name=noticed_by]").select_option("韩雪")
    signal.locator("[name=section]").select_option("区救助管理站")
    signal.locator("[name=channel]").select_option("抖音")
    signal.locator("[name=summary]").fill("短视频称桥洞下有老人露宿，评论区有人询问民政部门是否知情: 点赞 300 余次。")
    assert "尚无研判记录" in verdict(page, "YQ314").inner_text()  # due 2026-11-30 10:00, now 12:00
    form.locator("button[data-add=assessment]").click()
    card = form.locator(".yq-assess-cards .yq-card").nth(0)
    card.locator("[name=at]").fill("2026-11-30T10:30")
    card.locator("[name=by]").select_option("蒋文斌")
    card.locator("[name=conclusion]").select_option("持续关注")
    card.locator("[name=note]").fill("已安排夜间巡查，视频热度一般，继续观察。")
    late = verdict(page, "YQ314")
    assert "超时30分钟（应在 2026-11-30 10:00 前，实际 2026-11-30 10:30）" in late.inner_text()
    assert late.locator(".yq-badge").inner_text() == "超时"
    assert card.locator("[name=incident]").is_hidden()
    shot(page, "form-signal-late")
    card.locator("[name=at]").fill("2026-11-30T09:30")
    assert "用时23小时30分钟，按时" in verdict(page, "YQ314").inner_text()
    assert page.locator(".yq-problems li").count() == 0
    path = f"monitoring/2026/{SIGNAL_ID}.md"
    assert page.locator(".yq-path").inner_text() == f"文件：{path}"
    shot(page, "form-signal-new")
    text = save_download(page, ".yq-download", repo, path)
    assert text.startswith("---\n# ===== 预警信息记录（研判预警） =====")
    assert f"id: {SIGNAL_ID}" in text and "noticed_at: 2026-11-29 10:00" in text and "  - at: 2026-11-30 09:30" in text
    run = yuqing_check(repo, path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 个错误，0 个警告" in run.stdout


def test_append_an_assessment_to_a_shipped_signal(served, browser, repo):
    context, _ = browser
    page = open_form(context, served)
    page.goto(served + f"form/?id={ASSESSED_ID}")
    page.wait_for_load_state("networkidle")
    form = page.locator("#yq-form")
    assert form.locator("input[name=yq-mode][value=assess]").is_checked()
    assert form.locator(".yq-signal-append [name=signal]").input_value() == ASSESSED_ID
    form.locator(".yq-signal-info", has_text="已有研判 2 条").wait_for()
    card = form.locator(".yq-assess-cards .yq-card").nth(0)
    card.locator("[name=at]").fill("2026-09-20T10:00")
    card.locator("[name=by]").select_option("蒋文斌")
    card.locator("[name=conclusion]").select_option("不构成舆情")
    card.locator("[name=note]").fill("回访确认相关人员已返乡，结束关注。")
    assert "用时1小时25分钟，按时" in verdict(page, "YQ314").inner_text()  # the first assessment decides
    # 转为事件 an incident discovered later than the signal was noticed: YQ315 said before the merge
    card.locator("[name=conclusion]").select_option("转为事件")
    card.locator("[name=incident]").fill("YZMZ-2026-0006")
    warning = page.locator(".yq-warning", has_text="YQ315")
    warning.wait_for()  # the incident's discovered_at comes from its own file
    assert "事件 YZMZ-2026-0006 的获知时间 2026-10-12 08:50 晚于本信息的发现时间 2026-09-14 10:05" in warning.inner_text()
    shot(page, "form-signal-yq315")
    card.locator("[name=incident]").fill("")
    card.locator("[name=conclusion]").select_option("不构成舆情")
    assert page.locator(".yq-warning", has_text="YQ315").count() == 0
    assert page.locator(".yq-problems li").count() == 0
    shot(page, "form-signal-append")
    path = f"monitoring/2026/{ASSESSED_ID}.md"
    original = (PROJECT_ROOT / path).read_text(encoding="utf-8")
    text = save_download(page, ".yq-download", repo, path)
    changes = [op for op in difflib.SequenceMatcher(None, original.splitlines(), text.splitlines()).get_opcodes()
               if op[0] != "equal"]
    assert [op[0] for op in changes] == ["insert"], changes
    assert text.splitlines()[changes[0][3]:changes[0][4]] == [
        "  - at: 2026-09-20 10:00", "    by: 蒋文斌", "    conclusion: 不构成舆情", "    note: 回访确认相关人员已返乡，结束关注。"]
    run = yuqing_check(repo, path)
    assert run.returncode == 0, run.stdout + run.stderr


def test_opened_from_a_file_the_form_says_to_open_the_site_through_a_server(repo, browser):
    """file:// pages cannot fetch a record's data: the clerk is told to use make serve or the published address."""
    context, log = browser
    seen = len(log["requests"]), len(log["errors"])
    page = context.new_page()
    try:
        page.goto((repo / "site" / "form" / "index.html").as_uri() + f"?id={ASSESSED_ID}")
        page.locator("#yq-form .yq-mode").wait_for()
        failed = page.locator(".yq-signal-info .yq-load-failed")
        failed.wait_for()
        words = failed.inner_text()
        assert f"无法读取预警信息 {ASSESSED_ID} 的记录（浏览器不允许从本机文件读取）" in words
        assert "make serve" in words and "正式发布地址" in words
        assert page.locator(".yq-download").is_disabled()
        assert "无法读取预警信息记录" in page.locator(".yq-problems").inner_text()
        shot(page, "form-signal-file-url")
        # registering a new signal needs nothing fetched: it works from the file as well
        page.locator("input[name=yq-mode][value=signal]").check()
        assert page.locator(".yq-path").inner_text().startswith("文件：monitoring/2026/")
    finally:
        page.close()
        del log["requests"][seen[0]:]  # the file:// page's own requests and its failed fetch are not the site's
        del log["errors"][seen[1]:]
