"""The 填报 page's renderer (yuqing.render.form): the embedded data, restricted records left out, the ids
taken, the policy data as schema/policy.yml says it, JSON that is inert in HTML, the platform's addresses."""

from __future__ import annotations

import json
import re

import html5lib
import markdown
import pytest
import yaml

from recordkit import general, grave, review, to_markdown
from recordkit import path_of as record_path
from sitekit import NOW, PROJECT_ROOT, RESTRICTED_ID, RESTRICTED_TITLE, SECRETS, render, write_verdict_repo
from yuqing.render import FIXED_PAGES, FORM
from yuqing.render.form import (
    RECORDS_URI,
    SIGNALS_URI,
    embed_json,
    file_name,
    form_data,
    form_page,
    record_data,
    repository,
)
from yuqing.timeparse import parse_duration

DATA = re.compile(r'<div class="yq-form-data" hidden data-search-exclude>(.*?)</div>', re.S)


def page_data(page: str) -> dict:
    found = DATA.findall(page)
    assert len(found) == 1
    return json.loads(found[0])


@pytest.fixture
def verdict_site(repo):
    write_verdict_repo(repo)
    return render(repo)


def test_the_page_is_one_of_the_fixed_pages_with_its_heading(verdict_site):
    _, pages = verdict_site
    assert FORM in FIXED_PAGES
    page = pages[FORM]
    assert page.startswith("# 填报\n")
    assert '<div id="yq-form" class="yq-form" data-search-exclude>' in page
    assert "<script" not in page  # the data is an element's text: nothing made of it can run


def record_file(site, identifier: str, signal: bool = False) -> dict:
    return record_data(site)[f"{SIGNALS_URI if signal else RECORDS_URI}/{file_name(identifier)}.json"]


def test_published_records_are_listed_by_id_and_each_has_its_source_and_facts_in_a_file(verdict_site, repo):
    site, pages = verdict_site
    data = page_data(pages[FORM])
    published = [view for view in site.incidents if not view.restricted]
    assert data["records"] == [view.id for view in published]  # newest first: ids only in the page
    assert sorted(record_data(site)) == sorted(f"{RECORDS_URI}/{view.id}.json" for view in published)
    view = published[0]
    first = record_file(site, view.id)
    assert first["kind"] == "incident" and first["id"] == view.id and first["title"] == view.incident.title
    assert view.incident.title not in pages[FORM]
    assert first["path"] == view.record.path and first["format"] == "md"
    assert first["text"] == repo.path(view.record.path).read_text(encoding="utf-8")
    assert first["level"] == view.incident.level.value
    assert first["discovered_at"] == view.incident.discovered_at.astimezone(site.tz).strftime("%Y-%m-%d %H:%M")
    assert [r["kind"] for r in first["reports"]] == [r.kind.value for r in view.incident.reports]
    assert data["template"].startswith("---\n# ===== 舆情事件记录 =====")
    assert "$deadlines" in data["template"]
    org = data["org"]
    assert org["prefix"] == "YZMZ" and org["offset_minutes"] == 480 and org["office"] == "局办公室"
    assert {"name": "养老服务科", "members": ["刘洋", "黄晓燕"]} in org["sections"]
    assert org["roles"] == ["主要领导", "分管领导", "局办公室"]
    assert data["repo"]["platform"] is None and "repo_url" in data["repo"]["reason"]


def test_a_restricted_record_gives_its_id_and_nothing_else(verdict_site):
    site, pages = verdict_site
    files = record_data(site)
    assert not any(RESTRICTED_ID in path for path in files)
    for secret in [*SECRETS.values(), RESTRICTED_TITLE]:
        assert not any(secret in json.dumps(item, ensure_ascii=False) for item in files.values())
    page = pages[FORM]
    data = page_data(page)
    assert data["restricted"] == [RESTRICTED_ID] and RESTRICTED_ID not in data["records"]
    assert data["taken"]["2024"] >= int(RESTRICTED_ID[-4:])
    for secret in [*SECRETS.values(), RESTRICTED_TITLE]:
        assert secret not in page


def test_every_taken_id_is_listed_for_the_next_free_one(repo):
    write_verdict_repo(repo)
    repo.write(record_path("YZMZ-2024-0042"), "---\nid: YZMZ-2024-0042\nlevel: 不知道\n---\n")  # invalid
    repo.write(record_path("YZMZ-2024-0050", review=True), to_markdown(review("YZMZ-2024-0050")))  # an orphan review
    repo.write(record_path("YZMZ-2025-0003"), to_markdown(grave(id="YZMZ-2025-0003", discovered_at="2025-01-05 09:00",
                                                                  occurred_at="2025-01-05 08:00")))
    _, pages = render(repo)
    taken = page_data(pages[FORM])["taken"]
    assert taken == {"2024": 50, "2025": 3}  # the invalid 0042 and the orphan review's 0050 count


def test_the_policy_data_is_schema_policy_yml(verdict_site):
    _, pages = verdict_site
    policy = page_data(pages[FORM])["policy"]
    shipped = yaml.safe_load((PROJECT_ROOT / "schema" / "policy.yml").read_text(encoding="utf-8"))
    assert policy["clock_start"] == shipped["clock_start"]
    assert set(policy["obligations"]) == set(shipped["obligations"])
    for code, item in shipped["obligations"].items():
        got = policy["obligations"][code]
        assert got["title"] == item["title"] and got["clause"] == item["clause"]
        assert got["levels"] == item.get("levels", ["一般", "较大", "重大"])
        assert got["kinds"] == item.get("kinds", [])
        assert got["recipients"] == item.get("recipients", [])
        assert got["start"] == item.get("start", "clock")
        for key in ("within", "every"):
            expected = parse_duration(item[key]).total_seconds() if key in item else None
            assert got[key] == expected, (code, key)
        assert got["level"] == item["level"]
        assert got["level_by_grade"] == item.get("level_by_grade", {})
    assert policy["elements"] == shipped["obligations"]["YQ309"]["elements"]
    assert policy["obligations"]["YQ301"]["within"] == 15 * 60


def test_embedded_json_holds_no_markup_and_reads_back(verdict_site):
    hostile = {"t": "</div><script>alert(1)</script>&amp;<!-- \u2028 \u2029 'x' \"y\""}
    text = embed_json(hostile)
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == hostile
    # rendered by Python-Markdown with the site's extensions, the data is one element's text, unchanged
    site, pages = verdict_site
    page = form_page(site, template="---\nid: $id\ntitle: </div><script>alert(1)</script>\n---\n")
    html = markdown.markdown(page, extensions=["md_in_html", "attr_list", "admonition", "tables"])
    tree = html5lib.parseFragment(html, namespaceHTMLElements=False)
    assert not [e for e in tree.iter() if e.tag == "script"]
    holders = [e for e in tree.iter() if e.get("class") == "yq-form-data"]
    assert len(holders) == 1 and holders[0].get("hidden") is not None
    data = json.loads(holders[0].text)
    assert data["template"].endswith("title: </div><script>alert(1)</script>\n---\n")
    assert data == form_data(site, template=data["template"])


@pytest.mark.parametrize("repo_url, edit_uri, platform, expected", [
    ("https://github.com/yzmz/ledger", "edit/main/docs/", None,
     {"platform": "github", "new": "https://github.com/yzmz/ledger/new/main/",
      "edit": "https://github.com/yzmz/ledger/edit/main/"}),
    ("https://github.com/yzmz/ledger.git", None, None, {"platform": "github", "branch": "main"}),
    ("https://git.yzmz.gov.cn/office/ledger/", "-/edit/master/docs/", None,
     {"platform": "gitlab", "branch": "master",
      "edit": "https://git.yzmz.gov.cn/-/ide/project/office/ledger/edit/master/-/"}),
    ("https://gitlab.example.cn/a/b", "", None, {"platform": "gitlab", "name": "GitLab"}),
    ("http://gitea.intra/mz/ledger", "_edit/main/docs/", None,
     {"platform": "gitea", "new": "http://gitea.intra/mz/ledger/_new/main/"}),
    ("https://code.intra/mz/ledger", "src/branch/trunk/docs", None, {"platform": "gitea", "branch": "trunk"}),
    ("https://code.intra/mz/ledger", None, "gitlab", {"platform": "gitlab"}),
])
def test_the_platform_and_branch_from_mkdocs_yml(repo_url, edit_uri, platform, expected):
    data = repository(repo_url, edit_uri, platform).as_data()
    for key, value in expected.items():
        assert data[key] == value, (key, data)


@pytest.mark.parametrize("repo_url, words", [
    (None, "没有填写代码仓库地址 repo_url"),
    ("", "没有填写代码仓库地址 repo_url"),
    ("git@github.com:yzmz/ledger.git", "不是 http(s) 地址"),
    ("https://code.intra/mz/ledger", "platform（github、gitlab 或 gitea）"),
])
def test_without_a_known_platform_the_button_is_left_out_and_the_page_says_why(repo_url, words):
    data = repository(repo_url, None).as_data()
    assert data["platform"] is None and words in data["reason"]


def test_the_site_data_carries_the_repository(verdict_site):
    site, _ = verdict_site
    page = form_page(site, repository("https://github.com/yzmz/ledger", "edit/main/docs/"))
    assert page_data(page)["repo"]["new"] == "https://github.com/yzmz/ledger/new/main/"
    assert page_data(page)["built_at"] == NOW


def test_a_record_with_unsafe_markup_or_personal_data_is_offered_by_id_only(repo):
    write_verdict_repo(repo)
    hostile = grave(id="YZMZ-2024-0077", summary="详见 <img src=x onerror=alert(1)> https://evil.example/a.png")
    repo.write(record_path("YZMZ-2024-0077"), to_markdown(hostile))
    page = render(repo)[1][FORM]
    data = page_data(page)
    assert data["taken"]["2024"] == 77 and data["withheld"] == ["YZMZ-2024-0077"]
    assert "YZMZ-2024-0077" not in data["records"]
    assert "evil.example" not in page and "onerror" not in page
    site, _ = render(repo)
    assert not any("0077" in path for path in record_data(site))


SIGNAL = """---
id: {id}
noticed_at: 2024-09-02 08:10
noticed_by: 刘洋
section: 养老服务科
source:
  channel: 微博
summary: {summary}
assessments:
  - at: 2024-09-02 09:00
    by: 刘洋
    conclusion: 持续关注
visibility: {visibility}
---
"""


def test_published_signals_are_embedded_and_a_restricted_one_gives_its_id_only(repo):
    write_verdict_repo(repo)
    repo.write("monitoring/2024/YZMZ-YJ-2024-0001.md",
               SIGNAL.format(id="YZMZ-YJ-2024-0001", summary="某帖称养老院伙食差", visibility="internal"))
    repo.write("monitoring/2024/YZMZ-YJ-2024-0002.md",
               SIGNAL.format(id="YZMZ-YJ-2024-0002", summary="受限预警信息的秘密概要", visibility="restricted"))
    repo.write("monitoring/2024/YZMZ-YJ-2024-0007.md", "---\nid: YZMZ-YJ-2024-0007\n---\n")  # invalid: its id is taken
    site, pages = render(repo)
    page = pages[FORM]
    data = page_data(page)
    assert data["signal_taken"] == {"2024": 7}
    assert data["signals"] == ["YZMZ-YJ-2024-0001"]
    assert [path for path in record_data(site) if path.startswith(SIGNALS_URI)] == [f"{SIGNALS_URI}/YZMZ-YJ-2024-0001.json"]
    first = record_file(site, "YZMZ-YJ-2024-0001", signal=True)
    assert first["kind"] == "signal" and first["summary"] == "某帖称养老院伙食差"
    assert first["noticed_at"] == "2024-09-02 08:10" and first["assessments"][0]["conclusion"] == "持续关注"
    assert first["text"] == repo.path("monitoring/2024/YZMZ-YJ-2024-0001.md").read_text(encoding="utf-8")
    assert data["restricted_signals"] == ["YZMZ-YJ-2024-0002"]
    assert "受限预警信息的秘密概要" not in page
    assert data["signal_template"].startswith("---\n# ===== 预警信息记录（研判预警） =====")
    assert data["policy"]["signals"] == {"assess_within": 86400.0, "level": "warning",
                                         "conclusions": ["不构成舆情", "持续关注", "转为事件"]}


def _synthetic(repo, first: int, last: int):
    for number in range(first, last + 1):
        identifier = f"YZMZ-2024-{number:04d}"
        repo.write(record_path(identifier), to_markdown(general(
            id=identifier, title=f"合成事件第 {number} 号：" + "标题较长" * 5,
            summary="合成的事件概要，" * 20, discovered_at=f"2024-03-{1 + number % 28:02d} 09:00")))
    site, pages = render(repo)
    return site, pages[FORM]


def test_the_page_does_not_grow_with_the_records_beyond_their_ids(repo):
    """Issue 17: 10 records or 200, the form page differs by the ids of the 190 more records, nothing else."""
    _, small = _synthetic(repo, 1, 10)
    big_site, big = _synthetic(repo, 11, 200)
    per_id = len(json.dumps("YZMZ-2024-0001")) + 1  # the id in the list and its comma
    assert 190 * (per_id - 1) <= len(big.encode()) - len(small.encode()) <= 190 * per_id + 16
    assert "合成的事件概要" not in big and "标题较长" not in big
    files = record_data(big_site)
    assert len(files) == 200 and all(len(embed_json(data)) < 4000 for data in files.values())


def test_file_names_of_unusual_ids_stay_in_their_directory():
    assert file_name("YZMZ-2024-0001") == "YZMZ-2024-0001"
    assert file_name("../../index") == "~00002e~00002e~00002f~00002e~00002e~00002findex"
    assert file_name("甲 1") == "~007532~0000201"
    assert file_name("a~") != file_name("a") and "/" not in file_name("𠀀/x")
