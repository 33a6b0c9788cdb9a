"""The 填报 page's script (yuqing/site/assets/yuqing-form.js) against the Python core, run in Node.

The form and CI must not disagree: the script's durations are format_duration's words, its times
format_exact's, the YAML scalars it writes read back as the text typed (by the strict loader),
the records it writes pass ``yuqing check``, and its live verdicts are the engine's outcomes at
the same moment, boundaries included. Skipped without ``node``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from recordkit import DELETE, major, to_markdown
from recordkit import path_of as record_path
from recordkit import run as run_engine
from sitekit import render
from yuqing.render.form import RECORDS_URI, SIGNALS_URI, form_data, record_data
from yuqing.timeparse import format_duration, format_exact, parse_datetime
from yuqing.yamlstrict import load_yaml

SCRIPT = Path(__file__).resolve().parents[1] / "tools" / "yuqing" / "site" / "assets" / "yuqing-form.js"
NODE = shutil.which("node") or shutil.which("nodejs")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

HARNESS = r"""
const fs = require("fs");
global.window = {};
global.document = { readyState: "complete", getElementById: () => null, querySelector: () => null };
const input = JSON.parse(fs.readFileSync(0, "utf8"));
if (input.now_ms !== undefined) Date.now = () => input.now_ms;
eval(fs.readFileSync(input.script, "utf8"));
const F = window.yqForm;
F.use(input.data);
const out = input.calls.map(([name, ...args]) => {
  try { return { ok: F[name](...args) }; } catch (error) { return { error: String(error.message || error) }; }
});
process.stdout.write(JSON.stringify(out));
"""


def call(data: dict, calls: list, now: str | None = None) -> list:
    payload = {"script": str(SCRIPT), "data": data, "calls": calls}
    if now is not None:
        payload["now_ms"] = parse_datetime(now).timestamp() * 1000
    run = subprocess.run([NODE, "-e", HARNESS], input=json.dumps(payload), capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    errors = [r["error"] for r in results if "error" in r]
    assert not errors, errors
    return [r["ok"] for r in results]


@pytest.fixture
def data(repo) -> dict:
    site, _ = render(repo)
    return form_data(site)


DURATIONS = [timedelta(0), timedelta(seconds=1), timedelta(seconds=30), timedelta(seconds=59.5), timedelta(minutes=1),
             timedelta(minutes=1, seconds=0.5), timedelta(minutes=3), timedelta(minutes=12), timedelta(minutes=14, seconds=59),
             timedelta(minutes=59, seconds=59, microseconds=999999), timedelta(hours=1), timedelta(hours=1, seconds=30),
             timedelta(hours=25, minutes=1), timedelta(days=7), timedelta(microseconds=1), timedelta(seconds=-5)]


def test_durations_are_worded_as_format_duration_words_them(data):
    calls = [["formatDuration", delta // timedelta(microseconds=1), exact] for delta in DURATIONS for exact in (True, False)]
    expected = [format_duration(delta, exact=exact) for delta in DURATIONS for exact in (True, False)]
    assert call(data, calls) == expected


TIMES = ["2024-08-26 09:20", "2024-08-26T09:20", "2024-08-26 09:20:30", "2024-08-26 09:20:30.5",
         "2024-08-26 09:20:00.000123", "2024-08-26T01:20:00Z", "2024-08-26T09:20:00+08:00", "2024-08-26T03:50:00+02:30",
         "2024-12-31 23:59"]


def test_times_are_read_and_written_as_the_core_does(data):
    calls = [["formatTime", ["parseTime", t]] for t in TIMES]
    parsed = call(data, [["parseTime", t] for t in TIMES])
    written = call(data, [["formatTime", us] for us in parsed])
    assert written == [format_exact(parse_datetime(t)) for t in TIMES]
    assert calls  # (documentation: each time goes through parseTime, then formatTime)
    assert call(data, [["parseTime", t] for t in ("2024-02-30 09:20", "2024-08-26 24:00", "09:20", "2024年8月26日")]) == [None] * 4


SCALARS = ["养老服务科", "正在核实", "评论区出现“#严查#”话题: 已关注", "a #b", "#开头", "- 列表", "[方括号]", "{花括号}",
           "yes", "No", "on", "null", "~", "123", "12345热线", "1.5", "2024-08-26", "x: y", "尾部空格 ", " 首部空格", "'单引号",
           '"双引号"', "反斜杠\\n", "换行\n第二行", "tab\t键", "\u2028分隔", "*星号", "&锚", "!标签", "%百分", "@at", "`反引号",
           "|竖线", ">大于", "<script>alert(1)</script>", "https://example.cn/a?b=c#d", "冒号结尾:", "\x07响铃"]


@pytest.mark.parametrize("flow", [False, True])
def test_yaml_scalars_read_back_as_typed(data, flow):
    written = call(data, [["scalar", text, flow] for text in SCALARS])
    for text, scalar in zip(SCALARS, written, strict=True):
        source = f"k: [{scalar}]\n" if flow else f"k: {scalar}\n"
        document, problems = load_yaml(source)
        assert not problems, (text, scalar, problems)
        value = document.data["k"]
        assert (value[0] if flow else value) == text, (text, scalar)


@pytest.mark.parametrize("level", ["一般", "较大", "重大"])
@pytest.mark.parametrize("discovered", ["2024-08-26 09:20", "2025-12-31 23:50:30"])
def test_a_new_record_is_what_yuqing_new_writes(repo, data, level, discovered):
    from yuqing.commands.new import render_template
    from yuqing.models.types import Level

    form = _new(level, discovered, channel="其他", summary="请用两三句话写明事件概要。", tracking_owner="", office_owner="",
                title="网传某养老机构护理员推搡老人视频")
    text = call(data, [["newRecordText", form, []]])[0]
    workspace = repo.workspace()
    expected = render_template(workspace, form["id"], Level(level), form["section"], form["title"],
                               parse_datetime(discovered, workspace.org.tz), False)
    assert text == expected


def _report(kind, at, to=("分管领导", "主要领导"), cc=("局办公室",), elements=None):
    return {"type": "report", "kind": kind, "at": at, "by": "刘洋", "to": list(to), "cc": list(cc), "channel": "电话",
            "content": "", "elements": elements or {}, "label": kind}


def _new(level="重大", discovered="2024-08-26 09:20", **changes):
    form = {"id": "YZMZ-2024-0001", "title": "测试事件：标题带“引号”和 #号", "level": level, "section": "养老服务科",
            "discovered_at": discovered, "occurred_at": "", "channel": "抖音", "url": "", "summary": "概要: 一句话。",
            "tracking_owner": "黄晓燕", "office_owner": "赵磊", "drill": False, "restricted": False, "body": ""}
    form.update(changes)
    return form


WRITTEN = {name: f"{name}正在核实" for name in ("时间", "地点", "信息来源", "事件概况", "影响范围", "已采取措施")}

CASES = [  # (level, oral report at or None, written report at or None, check's now)
    ("重大", "2024-08-26 09:35", "2024-08-26 09:55", "2024-08-26 12:00"),  # both on the boundary: met
    ("重大", "2024-08-26 09:38", "2024-08-26 10:00", "2024-08-26 12:00"),  # oral 3 minutes late, written 2 late
    ("重大", None, None, "2024-08-26 09:30"),  # pending
    ("重大", None, None, "2024-08-26 12:00"),  # missing
    ("较大", "2024-08-26 09:50", None, "2024-08-26 12:00"),  # first report on the 30-minute boundary
    ("较大", "2024-08-26 09:51", None, "2024-08-26 12:00"),
    ("一般", None, None, "2024-08-26 12:00"),
]
KIND = {"met": "met", "late": "late", "missing": "missing", "pending": "pending", "excused": "excused"}


@pytest.mark.parametrize("level, oral, written, now", CASES)
def test_a_new_record_passes_the_core_and_the_live_verdicts_are_the_engines(repo, data, level, oral, written, now):
    entries = []
    if oral:
        entries.append(_report("口头报告", oral))
    if written:
        entries.append(_report("书面报告", written, elements=WRITTEN))
    form = _new(level, tracking_owner="黄晓燕" if level != "一般" else "")
    facts_base = {"level": level, "discovered_at": form["discovered_at"], "occurred_at": "", "tracking": form["tracking_owner"]}
    text, facts = call(data, [["newRecordText", form, entries], ["factsOf", facts_base, entries]], now=now)
    live = call(data, [["evaluate", facts, False]], now=now)[0]
    path = record_path(form["id"])
    repo.write(path, text)
    result = run_engine(repo, now)
    errors = [f for f in result.findings if f.path == path and f.level == "error"
              and f.rule not in ("YQ301", "YQ302", "YQ303", "YQ304", "YQ305", "YQ310")]
    assert errors == [], [f.message("zh") for f in errors]
    engine = {v.rule: v.outcome.value for v in result.verdicts.get(path, []) if v.rule in ("YQ301", "YQ302", "YQ303", "YQ304")}
    shown = {item["code"]: KIND[item["kind"]] for item in live if item["code"] in engine}
    assert shown == engine, (shown, engine)


def test_an_appended_entry_keeps_the_original_and_passes_the_core(repo, data):
    record = major(id="YZMZ-2024-0007", status="处置中", closed_at=DELETE)
    record["reports"] = [r for r in record["reports"] if r["kind"] != "终报"]
    path = record_path("YZMZ-2024-0007")
    original = "# a comment the form must keep\n" + to_markdown(record, "## 事件经过\n\n正文。\n")
    original = original.replace("# a comment the form must keep\n---\n", "---\n# a comment the form must keep\n", 1)
    repo.write(path, original)
    site, _ = render(repo)
    data = form_data(site)
    base = record_data(site)[f"{RECORDS_URI}/YZMZ-2024-0007.json"]
    assert base["text"] == original
    last = max(parse_datetime(r["at"]) for r in base["reports"])
    at = format_exact(last + timedelta(hours=2))
    entries = [_report("续报", at), {"type": "exception", "rule": "YQ306", "reason": "周末值班人员变动，续报晚了两小时。"},
               {"type": "closure", "at": format_exact(last + timedelta(hours=3))},
               _report("终报", format_exact(last + timedelta(hours=2, minutes=30)),
                       elements={"原因": "原因已查明", "处置措施": "已处置", "处置结果": "已平息"})]
    text = call(data, [["appendedText", base, entries]])[0]
    kept = text.splitlines()
    assert [line for line in original.splitlines() if line not in kept and not line.startswith("status:")] == []
    assert "status: 已办结" in text and f"closed_at: {format_exact(last + timedelta(hours=3))}" in text
    repo.write(path, text)
    result = run_engine(repo, format_exact(last + timedelta(days=1)))
    errors = [f for f in result.findings if f.path == path and f.level == "error"]
    assert errors == [], [f.message("zh") for f in errors]


def test_an_entry_appended_to_a_yml_record_goes_before_its_body(repo, data):
    from sitekit import PROJECT_ROOT

    path = "incidents/2026/YZMZ-2026-0005.yml"
    original = (PROJECT_ROOT / path).read_text(encoding="utf-8")
    repo.write(path, original)
    repo.write("incidents/2026/YZMZ-2026-0005.review.md",
               (PROJECT_ROOT / "incidents/2026/YZMZ-2026-0005.review.md").read_text(encoding="utf-8"))
    site, _ = render(repo, now="2026-12-01 12:00")
    data = form_data(site)
    base = record_data(site)[f"{RECORDS_URI}/YZMZ-2026-0005.json"]
    assert base["format"] == "yml"
    at = format_exact(parse_datetime(base["discovered_at"]) + timedelta(hours=1))
    entry = {"type": "escalation", "to": "市民政局", "at": at, "by": "王芳", "channel": "电话", "content": "", "label": "上报"}
    text = call(data, [["appendedText", base, [entry]]])[0]
    kept = text.splitlines()
    assert [line for line in original.splitlines() if line not in kept] == ["escalations: []"]  # now a block list
    assert text.index("  - to: 市民政局\n    at: " + at) < text.index("\nbody: |")
    repo.write(path, text)
    result = run_engine(repo, "2026-12-01 12:00")
    errors = [f for f in result.findings if f.path == path and f.level == "error"]
    assert errors == [], [f.message("zh") for f in errors]


@pytest.mark.parametrize("repo_url, edit_uri, new_href, edit_href", [
    ("https://github.com/yzmz/ledger", "edit/main/docs/", "https://github.com/yzmz/ledger/new/main/incidents/2024?filename=",
     "https://github.com/yzmz/ledger/edit/main/incidents/2024/YZMZ-2024-0001.md"),
    ("https://gitea.intra/mz/ledger", "_edit/main/docs/", "https://gitea.intra/mz/ledger/_new/main/incidents/2024/?filename=",
     "https://gitea.intra/mz/ledger/_edit/main/incidents/2024/YZMZ-2024-0001.md"),
    ("https://git.intra/office/ledger", "-/edit/main/docs/", "https://git.intra/-/ide/project/office/ledger/edit/main/-/incidents/2024/",
     "https://git.intra/-/ide/project/office/ledger/edit/main/-/incidents/2024/YZMZ-2024-0001.md"),
])
def test_the_platform_button_addresses(data, repo_url, edit_uri, new_href, edit_href):
    from yuqing.render.form import repository

    data = {**data, "repo": repository(repo_url, edit_uri).as_data()}
    text = "---\nid: YZMZ-2024-0001\ntitle: \"网传 #某事 & <b>\"\n---\n"
    path = "incidents/2024/YZMZ-2024-0001.md"
    created, edited = call(data, [["platformLink", path, text, True], ["platformLink", path, text, False]])
    assert created["href"].startswith(new_href) and edited["href"] == edit_href
    if "filename=" in new_href:
        from urllib.parse import parse_qs, urlsplit

        query = parse_qs(urlsplit(created["href"]).query)
        assert query == {"filename": ["YZMZ-2024-0001.md"], "value": [text]}
    else:
        assert "粘贴" in created["note"] and "粘贴" in edited["note"]


# --- signals (研判预警, issue 16) ------------------------------------------------------------

def _signal(noticed="2026-03-10 09:40", **changes):
    form = {"id": "YZMZ-YJ-2026-0001", "noticed_at": noticed, "noticed_by": "赵磊", "section": "局办公室", "channel": "微信",
            "url": "", "summary": "网传某社区将被撤并，本地论坛出现转发。", "restricted": False, "body": ""}
    form.update(changes)
    return form


def _assessment(at, conclusion="持续关注", note="帖文转发量小，未见扩散: 继续观察 #关注", incident=""):
    return {"type": "assessment", "at": at, "by": "赵磊", "conclusion": conclusion, "note": note, "incident": incident,
            "label": "研判"}


def test_a_new_signal_is_what_yuqing_new_signal_writes(repo, data):
    from yuqing.cli import main

    assert data["signal_taken"] == {} and data["policy"]["signals"]["assess_within"] == 24 * 3600
    text, next_id = call(data, [["newSignalText", _signal(), []], ["nextSignalId", "2026"]])
    assert next_id == "YZMZ-YJ-2026-0001"
    assert main(["new", "--root", str(repo.root), "--signal", "--section", "局办公室", "--by", "赵磊", "--channel", "微信",
                 "--summary", "网传某社区将被撤并，本地论坛出现转发。", "--noticed-at", "2026-03-10 09:40"]) == 0
    assert text == repo.read("monitoring/2026/YZMZ-YJ-2026-0001.md")


SIGNAL_CASES = [  # (assessed at or None, check's now)
    ("2026-03-11 09:40", "2026-03-12 12:00"),  # on the boundary: met
    ("2026-03-11 09:41", "2026-03-12 12:00"),  # a minute late
    (None, "2026-03-11 09:40"),  # due now: pending still
    (None, "2026-03-11 09:41"),  # missing
]


@pytest.mark.parametrize("assessed, now", SIGNAL_CASES)
def test_a_new_signal_passes_the_core_and_its_yq314_verdict_is_the_engines(repo, data, assessed, now):
    entries = [_assessment(assessed)] if assessed else []
    form = _signal(url="https://weibo.com/x?a=1&b=2", body="发现经过：<b>论坛</b>帖文。", restricted=True)
    text = call(data, [["newSignalText", form, entries]])[0]
    noticed = parse_datetime(form["noticed_at"]).timestamp() * 1e6 + 480 * 60e6
    facts = {"noticed": noticed, "assessments": [parse_datetime(assessed).timestamp() * 1e6 + 480 * 60e6] if assessed else []}
    live = call(data, [["evaluateSignal", facts]], now=now)[0]
    path = "monitoring/2026/YZMZ-YJ-2026-0001.md"
    repo.write(path, text)
    result = run_engine(repo, now)
    mine = [f for f in result.findings if f.path == path]
    assert [f.rule for f in mine if f.rule != "YQ314"] == [], [f.message("zh") for f in mine]
    record = repo.workspace().load_record(repo.root / path)
    assert record.model.visibility.value == "restricted" and record.model.source.url == form["url"]
    assert [a.note for a in record.model.assessments] == [e["note"] for e in entries]
    flagged = any(f.rule == "YQ314" for f in mine)
    assert [item["kind"] for item in live] == [{(True, True): "late", (True, False): "met", (False, True): "missing",
                                                (False, False): "pending"}[(bool(assessed), flagged)]]


def test_an_assessment_appended_to_a_shipped_signal_keeps_it_and_passes_the_core(repo):
    from sitekit import PROJECT_ROOT

    path = "monitoring/2026/YZMZ-YJ-2026-0003.md"  # assessed twice, not (yet) an incident
    original = (PROJECT_ROOT / path).read_text(encoding="utf-8")
    repo.write(path, original)
    repo.write("incidents/2026/YZMZ-2026-0009.md", to_markdown(major(id="YZMZ-2026-0009", discovered_at="2026-09-14 10:00")))
    site, _ = render(repo, now="2026-12-01 12:00")
    data = form_data(site)
    base = record_data(site)[f"{SIGNALS_URI}/YZMZ-YJ-2026-0003.json"]
    assert base["text"] == original and base["path"] == path
    at = format_exact(parse_datetime(base["noticed_at"]) + timedelta(days=30))
    entries = [_assessment(at, "转为事件", incident="YZMZ-2026-0009")]
    text = call(data, [["appendedSignalText", base, entries]])[0]
    kept = text.splitlines()
    assert [line for line in original.splitlines() if line not in kept] == []
    assert f"  - at: {at}" in text and "incident: YZMZ-2026-0009" in text
    repo.write(path, text)
    result = run_engine(repo, "2026-12-01 12:00")
    errors = [f for f in result.findings if f.path == path and f.level == "error"]
    assert errors == [], [f.message("zh") for f in errors]
    model = repo.workspace().load_record(repo.root / path).model
    assert model.incident == "YZMZ-2026-0009" and model.assessments[-1].conclusion.value == "转为事件"
