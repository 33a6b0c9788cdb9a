"""No record text ever runs on the site (issue 11): breakout strings in every published field.

Records (incidents, reviews, signals, trainings, a ``.yml`` record) whose every published text field holds one of
the breakout strings below, and an org.yml and policy.yml with the same strings in their
texts, are built with the real ``mkdocs build`` and the real ``yuqing build``; every HTML
file is then parsed with html5lib (the WHATWG parsing algorithm browsers use) and no element
or attribute from those strings may exist as markup: escaped text is fine, live markup is
not. The search index is parsed the same way (the search box shows its strings as HTML), and
so is ``yuqing render-pages`` output once rendered by Python-Markdown. Last, Chromium opens
the hostile pages and no script may run (no dialog) and no request may leave 127.0.0.1.

Every string carries a marker (``yqxNN``) inside whatever element or attribute it would
create, so a live element or attribute made from it is found by the marker.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import html5lib
import markdown
import pytest
import yaml
from mkdocs.utils import meta as mkdocs_meta

from browserkit import CHROMIUM, needs_chromium, serve
from recordkit import grave, review, to_markdown, to_yaml
from sitekit import copy_project, mkdocs_build

pytestmark = pytest.mark.slow

MARK = "yqx"
NOW = "2026-11-28 12:00"

#: ``{m}`` is the marker. Each would create a live element or attribute carrying it.
BREAKOUTS = [
    "</title><script>alert('{m}')</script>",
    "`</title><script>alert('{m}')</script>`",
    "</script><script>alert('{m}')</script>",
    "\"><svg onload=alert('{m}')>",
    "'><svg onload=alert('{m}')>",
    "<img src=x onerror=alert('{m}')>",
    "`<img src=x onerror=alert('{m}')>`",
    "``\"><svg onload=alert('{m}')>``",
    "{{{{ alert('{m}') }}}}{{% if true %}}<b title={m}>{{% endif %}}",
    "{{% raw %}}<script>alert('{m}')</script>{{% endraw %}}",
    "</textarea><script>alert('{m}')</script>",
    "<!--<script>alert('{m}')</script>-->",
    "&lt;script&gt;alert('{m}')&lt;/script&gt;",
    "&amp;lt;img src=x onerror=alert('{m}')&amp;gt;",
    "<a href=\"javascript:alert('{m}')\">点</a>",
    "[点我](javascript:alert('{m}'))",
    "![跟踪](https://evil.example/{m}.png)",
    "<iframe src=\"https://evil.example/{m}\"></iframe>",
    "<base href=\"https://evil.example/{m}/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/{m}\">",
    "<details open ontoggle=alert('{m}')>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('{m}')>\"></noscript>",
    "<svg><style><img src=x onerror=alert('{m}')></style></svg>",
    "<scr<script>ipt>alert('{m}')</scr</script>ipt>",
    "<math><mi xlink:href=\"javascript:alert('{m}')\">x</mi></math>",
    "]]><script>alert('{m}')</script>",
    "\u202e</title><script>alert('{m}')</script>",
    "<style>@import 'https://evil.example/{m}.css';</style>",
]

#: Attributes that hold text shown to people: a marker there is escaped text, not markup.
TEXT_ATTRIBUTES = {"title", "alt", "aria-label", "content", "data-md-component", "placeholder"}
SAFE_ID = re.compile(r"^#?[\w\-.]*$")


def payload(number: int) -> str:
    return BREAKOUTS[number].format(m=f"{MARK}{number:02d}")


def _incident(number: int) -> dict:
    """A closed 重大 incident whose every published text field holds breakout ``number``."""
    text = payload(number)
    record = grave(id=f"YZMZ-2024-09{number:02d}", title=f"事件{number} {text}", summary=f"概要 {text}")
    record["source"] = {"channel": "微博", "note": f"来源说明 {text}",
                        "url": f"javascript:alert('{MARK}{number:02d}')//{text}"}
    for report in record["reports"]:
        report["content"] = f"报告内容 {text}"
        if report.get("elements"):
            report["elements"] = {key: f"{value} {text}" for key, value in report["elements"].items()}
    for response in record["responses"]:
        response["text"] = f"回应 {text}"
        response["channel"] = f"微博评论区 {text}"
    for escalation in record.get("escalations", []):
        escalation["to"] = f"市民政局 {text}"
    record["tracking"] = {"owner": "刘洋", "office_owner": f"王芳 {text}"}
    record["exceptions"] = [{"rule": "YQ306", "reason": f"情况说明：{text}"}]
    if number % 4 == 0:  # a restricted record shows its title and facts; they must be safe too
        record["visibility"] = "restricted"
    return record


def _review(number: int) -> dict:
    text = payload(number)
    return review(f"YZMZ-2024-09{number:02d}", conclusion=f"结论 {text}", experts=[f"专家 {text}"],
                  actions=[{"what": f"措施 {text}", "owner": f"养老服务科 {text}", "due": "2024-09-30",
                            "done_at": "2024-09-20"}])


def _narrative(number: int) -> str:
    text = payload(number)
    return f"## 经过 {text}\n\n正文 {text}\n\n- 列表 {text}\n\n| 表 | {text} |\n|---|---|\n| {text} | x |\n"


def _signal(number: int, incident: str) -> dict:
    """A signal (研判预警) whose every published text field holds breakout ``number``; it became ``incident``."""
    text = payload(number)
    record = {"id": f"YZMZ-YJ-2024-09{number:02d}", "noticed_at": "2024-08-26 09:20", "noticed_by": f"赵磊 {text}",
              "section": "局办公室", "source": {"channel": f"微博 {text}", "note": f"来源说明 {text}"},
              "summary": f"概要 {text}",
              "assessments": [{"at": "2024-08-26 09:30", "by": f"王芳 {text}", "conclusion": "转为事件",
                               "note": f"研判意见 {text}"}],
              "incident": incident}
    if number % 4 == 0:  # as its incident: a restricted incident's signal is restricted too
        record["visibility"] = "restricted"
    return record


def _training(number: int) -> dict:
    text = payload(number)
    return {"held_at": f"2024-09-{number % 28 + 1:02d} 14:30", "organizer": f"局办公室 {text}", "topic": f"主题 {text}",
            "kind": "培训班", "attendees": ["王芳", f"参训人 {text}"], "materials": [f"training/{text}.md"]}


def _hostile_org(root: Path) -> None:
    org_path = root / "schema" / "org.yml"
    org = yaml.safe_load(org_path.read_text(encoding="utf-8"))
    org["name"] += payload(0)
    org["roles"][0]["description"] += payload(3)
    org["sections"][0]["duties"] += payload(5)
    org["sections"][1]["members"][0]["title"] = "科长" + payload(21)
    org["sections"].append({"name": "测试科" + payload(4), "kind": "机关科室" + payload(1), "duties": payload(22),
                            "members": [{"name": "测试员" + payload(6), "title": payload(11)}]})
    if "external_bodies" in org:
        org["external_bodies"].append("上级" + payload(20))
    org_path.write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False), encoding="utf-8")
    policy_path = root / "schema" / "policy.yml"
    policy = policy_path.read_text(encoding="utf-8")
    hostile_title = json.dumps("重大舆情口头报告" + payload(2), ensure_ascii=False)
    policy = policy.replace("title: 重大舆情口头报告\n", f"title: {hostile_title}\n", 1)
    assert hostile_title in policy
    policy_path.write_text(policy, encoding="utf-8")


def hostile_repo(root: Path) -> Path:
    copy_project(root)
    for number in range(len(BREAKOUTS)):
        incident, rev = _incident(number), _review(number)
        base = root / "incidents" / "2024" / incident["id"]
        if number == 7:  # a .yml record: the narrative in a body field
            incident["body"] = _narrative(number)
            base.with_suffix(".yml").write_text(to_yaml(incident), encoding="utf-8")
        else:
            base.with_suffix(".md").write_text(to_markdown(incident, _narrative(number)), encoding="utf-8")
        (base.parent / f"{incident['id']}.review.md").write_text(to_markdown(rev, _narrative(number)), encoding="utf-8")
        signal = _signal(number, incident["id"])
        monitoring = root / "monitoring" / "2024"
        monitoring.mkdir(parents=True, exist_ok=True)
        (monitoring / f"{signal['id']}.md").write_text(to_markdown(signal, _narrative(number)), encoding="utf-8")
        trainings = root / "trainings" / "2024"
        trainings.mkdir(parents=True, exist_ok=True)
        (trainings / f"2024-09-{number % 28 + 1:02d}-培训{number:02d}.md").write_text(
            to_markdown(_training(number), _narrative(number)), encoding="utf-8")
    _hostile_org(root)
    return root


# ---------------------------------------------------------------- what counts as live markup


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].split(":")[-1].lower()


def _live_value(attribute: str, value: str) -> bool:
    """Whether an attribute's value came from a breakout string (text attributes hold text: fine)."""
    if attribute in TEXT_ATTRIBUTES:
        return False
    if MARK in value:  # a heading's anchor made from record text is a slug: fine
        return not (attribute in ("id", "href", "for", "name") and SAFE_ID.match(value))
    return "evil.example" in value or re.match(r"\s*(javascript|vbscript|data):", value, re.I) is not None


def live_markup(tree) -> list[str]:
    """Every element or attribute in ``tree`` (an html5lib ElementTree) that a breakout string made."""
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        tag = _local(element.tag)
        for name, value in element.attrib.items():
            attribute = _local(name)
            if attribute.startswith("on"):
                found.append(f"<{tag} {attribute}=…>")
            elif _live_value(attribute, value):
                found.append(f"<{tag} {attribute}={value!r}>")
        if tag in ("script", "style") and MARK in "".join(element.itertext()):
            found.append(f"<{tag}>{''.join(element.itertext())[:60]}")
        if tag in ("base", "iframe", "frame", "object", "embed", "math", "template", "noscript", "textarea"):
            found.append(f"<{tag}>")  # the theme uses none of these; only a record could have made one
        if tag == "meta" and element.attrib.get("http-equiv"):
            found.append("<meta http-equiv>")
    return found


def _parse(text: str):
    return html5lib.parse(text, namespaceHTMLElements=False)


def _fragment(text: str):
    return html5lib.parseFragment(text, namespaceHTMLElements=False)


def site_problems(site: Path) -> list[str]:
    problems = []
    html_files = sorted(site.rglob("*.html"))
    assert len(html_files) > 2 * len(BREAKOUTS), "the hostile pages were not built"
    for path in html_files:
        problems += [f"{path.relative_to(site)}: {item}" for item in live_markup(_parse(path.read_text(encoding="utf-8")))]
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            for item in live_markup(_fragment(doc.get(key, ""))):
                problems.append(f"search_index.json {doc['location']} {key}: {item}")
    form_files = sorted((site / "form").rglob("*.json"))
    assert form_files, "the form's per-record data was not built"
    for path in form_files:  # fetched by the form's script: JSON inert as HTML, as the page's own
        text = path.read_text(encoding="utf-8")
        json.loads(text)
        if re.search(r"[<>&\u2028\u2029]", text):
            problems.append(f"{path.relative_to(site)}: < > & or a line separator in the form's record data")
    for path in site.rglob("*"):
        if path.suffix in (".js", ".css") and path.is_file() and MARK in path.read_text(encoding="utf-8", errors="replace"):
            problems.append(f"{path.relative_to(site)}: record text in a script or style file")
    return problems


def _hostile_pages_present(site: Path, history: bool = False) -> None:
    for number in (0, 3, 7, 14):
        page = site / "incidents" / "2024" / f"YZMZ-2024-09{number:02d}" / "index.html"
        text = page.read_text(encoding="utf-8")
        assert f"{MARK}{number:02d}" in text  # the words are shown, as text
        if history and number % 4:  # the commit's author and message, in the 修订历史 (not on restricted pages)
            assert "修订历史" in text and f"{MARK}09" in text and f"{MARK}10" in text
        review_page = site / "reviews" / "2024" / f"YZMZ-2024-09{number:02d}" / "index.html"
        assert review_page.is_file()


# ---------------------------------------------------------------- the builds


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory) -> Path:
    root = hostile_repo(tmp_path_factory.mktemp("breakout-mkdocs"))
    run = mkdocs_build(root, strict=False, now=NOW)
    assert run.returncode == 0, run.stderr[-3000:]
    return root / "site"


@pytest.fixture(scope="module")
def yuqing_site(tmp_path_factory) -> Path:
    root = hostile_repo(tmp_path_factory.mktemp("breakout-yuqing"))
    _commit_as_hostile(root)
    run = subprocess.run([sys.executable, "-m", "yuqing", "build", "--quiet", "--root", str(root), "--now", NOW],
                         capture_output=True, text=True, cwd=root, timeout=900, env={**_env(), "NO_PROGRESS": "1"})
    assert run.returncode == 0, (run.stdout[-2000:], run.stderr[-3000:])
    assert re.search(r"[1-9]\d* 个错误", run.stdout)  # the check saw the markup, and the site is built all the same
    return root / "site"


def _commit_as_hostile(root: Path) -> None:
    """Put the records under Git with a breakout string as author, committer and message (the 修订历史)."""
    import git

    repo = git.Repo.init(root, initial_branch="main")
    repo.git.add(A=True)
    # Git allows no "<", ">" or line feed in a name: an attribute breakout instead
    actor = git.Actor(f"\" onmouseover=alert('{MARK}09') x=\"[链接](javascript:alert('{MARK}09'))", "hostile@yzmz.example.cn")
    repo.index.commit(f"登记 {payload(10)}\n\n{payload(12)}", author=actor, committer=actor)


def _env() -> dict:
    import os

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    env.pop("YUQING_NOW", None)
    return env


def test_mkdocs_build_carries_no_live_markup_from_records(mkdocs_site):
    _hostile_pages_present(mkdocs_site)
    assert site_problems(mkdocs_site) == []


def test_yuqing_build_carries_no_live_markup_from_records(yuqing_site):
    _hostile_pages_present(yuqing_site, history=True)
    assert site_problems(yuqing_site) == []


def test_the_page_title_is_the_record_title_as_text(mkdocs_site):
    page = (mkdocs_site / "incidents" / "2024" / "YZMZ-2024-0900" / "index.html").read_text(encoding="utf-8")
    tree = _parse(page)
    titles = tree.findall(".//head/title")
    assert len(titles) == 1 and "事件0 ＜/title＞＜script＞alert(＇yqx00＇)＜/script＞" in titles[0].text
    heading = tree.find(".//h1")
    assert "".join(heading.itertext()).startswith("YZMZ-2024-0900 事件0 </title><script>alert('yqx00')</script>")


def test_page_addresses_from_hostile_file_names_are_plain(tmp_path):
    root = copy_project(tmp_path / "repo")
    hostile_name = root / "incidents" / "2024" / "YZMZ-2024-0950\"><svg onload=alert(1)>.md"
    hostile_name.write_text(to_markdown(grave(id="YZMZ-2024-0950")), encoding="utf-8")
    run = mkdocs_build(root, strict=False, now=NOW)
    assert run.returncode == 0, run.stderr[-3000:]
    built = [str(p.relative_to(root / "site")) for p in (root / "site").rglob("*")]
    assert not [name for name in built if re.search(r"[<>\"' ]", name)]
    assert (root / "site" / "incidents" / "2024" / "YZMZ-2024-0950___svg_onload_alert_1__" / "index.html").is_file()
    assert site_problems_of_page(root / "site" / "incidents" / "index.html") == []


def site_problems_of_page(path: Path) -> list[str]:
    return live_markup(_parse(path.read_text(encoding="utf-8")))


# ---------------------------------------------------------------- render-pages


def test_render_pages_output_holds_no_live_markup(tmp_path, capsys):
    from yuqing.cli import main

    root = hostile_repo(tmp_path / "repo")
    out = tmp_path / "pages"
    assert main(["render-pages", str(out), "--root", str(root), "--now", NOW]) == 0
    capsys.readouterr()
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)  # noqa: S506 (our file)
    extensions = [next(iter(item)) if isinstance(item, dict) else item for item in config["markdown_extensions"]]
    pages = sorted(out.rglob("*.md"))
    assert len(pages) > 2 * len(BREAKOUTS)
    problems = []
    for path in pages:
        body, meta = mkdocs_meta.get_data(path.read_text(encoding="utf-8"))
        title = str(meta.get("title", ""))
        if re.search(r"[<>&\"']", title):
            problems.append(f"{path.relative_to(out)}: title {title!r}")
        rendered = markdown.markdown(body, extensions=[e for e in extensions if e != "toc"] + ["toc"])
        problems += [f"{path.relative_to(out)}: {item}" for item in live_markup(_fragment(rendered))
                     if not item.startswith("<div") and not item.startswith("<span")]
    assert problems == []


# ---------------------------------------------------------------- in a browser

@needs_chromium
def test_no_script_runs_and_nothing_is_requested_from_outside_in_chromium(yuqing_site, tmp_path):
    from playwright.sync_api import sync_playwright

    dialogs, requests, errors = [], [], []
    with serve(yuqing_site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        urls = ["", "incidents/", "reviews/", "stats/", "duties/", "form/"]  # the form shows record text too
        urls += [f"{kind}/2024/YZMZ-2024-09{n:02d}/" for n in range(len(BREAKOUTS)) for kind in ("incidents", "reviews")]
        for url in urls:
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
        page.goto(base + "form/")  # each published record's data, fetched and shown when picked
        page.wait_for_load_state("networkidle")
        picked = 0
        for mode, name, info in (("append", "record", ".yq-record-info"), ("assess", "signal", ".yq-signal-info")):
            page.locator(f"input[name=yq-mode][value={mode}]").check()
            chooser = page.locator(f"select[name={name}]")
            for value in [v for v in chooser.locator("option").evaluate_all("os => os.map(o => o.value)") if v]:
                chooser.select_option(value)
                page.wait_for_function("(s) => { const t = document.querySelector(s).textContent; "
                                       "return t && !t.includes('正在读取'); }", arg=info)
                assert page.locator(".yq-load-failed").count() == 0, value
                picked += 1
        assert picked > 0
        page.goto(base + "incidents/")
        page.fill(".md-search__input", "yqx03")  # search results are shown as HTML
        page.wait_for_timeout(1500)
        browser.close()
    assert dialogs == []
    assert [url for url in requests if not url.startswith(base)] == []
    assert not [error for error in errors if MARK in error]
