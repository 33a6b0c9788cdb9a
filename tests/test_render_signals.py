"""研判预警: the signals' index by month, one page per signal, the back link on the incident page."""

from __future__ import annotations

from recordkit import GRAVE_ID, grave, to_markdown
from recordkit import path_of as record_path
from sitekit import render
from yuqing.render import record_pages
from yuqing.render.model import SIGNALS

MET = "YZMZ-YJ-2024-0001"  # noticed when the 重大 incident was discovered, assessed 10 minutes later: 转为事件
LATE = "YZMZ-YJ-2024-0002"  # assessed two days after it was noticed
MISSING = "YZMZ-YJ-2024-0003"  # never assessed, past the 24 h
PENDING = "YZMZ-YJ-2024-0004"  # noticed an hour before NOW, not assessed yet
SECRET = "YZMZ-YJ-2024-0005"  # restricted
SECRET_SUMMARY = "机密预警概要甲乙"
SECRET_NOTE = "机密研判意见丙丁"
SECRET_BODY = "机密预警正文戊己"


def signal(identifier: str, noticed_at: str, assessments=(), **extra) -> dict:
    data = {"id": identifier, "noticed_at": noticed_at, "noticed_by": "赵磊", "section": "局办公室",
            "source": {"channel": "微博", "note": "本地论坛转发"}, "summary": f"{identifier} 的概要：网民发帖询问低保标准。",
            "assessments": [{"at": at, "by": "王芳", "conclusion": conclusion, "note": "继续观察。"}
                            for at, conclusion in assessments]}
    data.update(extra)
    return data


def write_signals(repo) -> None:
    repo.write(record_path(GRAVE_ID), to_markdown(grave()))
    records = [
        signal(MET, "2024-08-26 09:20", [("2024-08-26 09:30", "转为事件")], incident=GRAVE_ID),
        signal(LATE, "2024-09-01 08:00", [("2024-09-03 08:00", "持续关注"), ("2024-09-04 08:00", "不构成舆情")]),
        signal(MISSING, "2024-09-20 08:00"),
        signal(PENDING, "2024-10-01 09:00"),
        signal(SECRET, "2024-09-10 10:00", [("2024-09-10 10:30", "持续关注")], noticed_by="韩雪",
               section="区救助管理站", summary=SECRET_SUMMARY, visibility="restricted",
               source={"channel": "抖音", "note": "机密来源说明"}),
    ]
    for data in records:
        body = f"## 研判经过\n\n{SECRET_BODY}\n" if data["id"] == SECRET else "## 研判经过\n\n正文。\n"
        repo.write(f"monitoring/2024/{data['id']}.md", to_markdown(data, body))
    secret = records[-1]
    secret["assessments"][0]["note"] = SECRET_NOTE
    secret["assessments"][0]["by"] = "蒋文斌"
    repo.write(f"monitoring/2024/{SECRET}.md", to_markdown(secret, f"## 研判经过\n\n{SECRET_BODY}\n"))


def _page(pages, identifier):
    return pages[f"monitoring/2024/{identifier}.md"]


def test_the_index_lists_signals_by_month_newest_first_with_the_yq314_verdict(repo):
    write_signals(repo)
    site, pages = render(repo)
    index = pages[SIGNALS]
    assert index.startswith("---\nhide:\n  - navigation\n  - toc\n---\n\n# 研判预警\n")
    assert "共 5 条预警信息：按时研判 2 条，超时研判 1 条，未研判 1 条，待研判 1 条；转为事件 1 条。" in index
    months = [line for line in index.splitlines() if line.startswith("## ")]
    assert months == ["## 2024 年 10 月", "## 2024 年 9 月", "## 2024 年 8 月"]
    september = index.split("## 2024 年 9 月", 1)[1].split("## 2024 年 8 月", 1)[0]
    rows = [line for line in september.splitlines() if line.startswith("| [")]
    assert [row.split("](", 1)[0] for row in rows] == [f"| [{MISSING}", f"| [{SECRET}", f"| [{LATE}"]  # newest first
    late = next(row for row in rows if LATE in row)
    assert f"| [{LATE}](2024/{LATE}.md) | 2024-09-01 08:00 | 局办公室 | {LATE} 的概要：网民发帖询问低保标准。 |" in late
    assert '<span class="yq-tag yq-tag-plain">不构成舆情</span>' in late  # the latest conclusion
    assert '<span class="yq-badge yq-late">超时研判 超时1天</span>' in late
    assert '<span class="yq-badge yq-missing">未研判（已超过 1天 时限）</span>' in index
    assert '<span class="yq-badge yq-pending">待研判（2024-10-02 09:00 前）</span>' in index
    met = next(line for line in index.splitlines() if line.startswith(f"| [{MET}"))
    assert '<span class="yq-badge yq-met">按时研判 用时10分钟</span>' in met
    assert met.endswith(f"| [{GRAVE_ID}](../incidents/2024/{GRAVE_ID}.md) |")
    secret = next(row for row in rows if SECRET in row)
    assert SECRET_SUMMARY not in index and '<span class="yq-tag yq-tag-restricted">受限</span>' in secret
    assert {v.uri for v in site.signals} <= record_pages(pages) and SIGNALS not in record_pages(pages)


def test_a_signal_page_shows_facts_the_assessments_and_the_incident_it_became(repo):
    write_signals(repo)
    _, pages = render(repo)
    page = _page(pages, MET)
    assert page.startswith(f'---\ntitle: "预警信息 {MET}"\n---\n\n# 预警信息 {MET}\n')
    for row in ["| 发现时间 | 2024-08-26 09:20 |", "| 发现人 | 赵磊 |", "| 来源说明 | 本地论坛转发 |",
                "| 研判时限 | 2024-08-27 09:20 前（发现后 1天） |",
                f"| 转为事件 | [{GRAVE_ID}](../../incidents/2024/{GRAVE_ID}.md) |",
                "| 事件获知时间 | 2024-08-26 09:20 |", "| 发现到事件获知 | 事件获知时间即本信息的发现时间 |",
                f"| 记录文件 | `monitoring/2024/{MET}.md` |"]:
        assert row in page, row
    assert "**信息概要**：" in page and "## 信息概要" not in page
    assert "## 详细情况 { data-search-exclude }\n\n### 研判经过 { data-search-exclude }\n\n正文。" in page
    timeline = page.split("## 研判经过 { data-search-exclude }", 1)[1].split("## ", 1)[0]
    assert timeline.strip().splitlines() == [
        "- **2024-08-26 09:20** 发现（赵磊）",
        f"- **2024-08-26 09:20** 事件获知：[{GRAVE_ID}](../../incidents/2024/{GRAVE_ID}.md)",
        '- **2024-08-26 09:30** 研判：<span class="yq-tag yq-tag-major">转为事件</span>（研判人：王芳）<br>继续观察。',
    ]
    assert page.rstrip().endswith("返回[研判预警](../index.md)。")
    late = _page(pages, LATE)
    assert "## 检查发现" in late and "[YQ314](../../rules/YQ314.md)" in late and "| 转为事件 | — |" in late
    assert "尚无研判记录。" in _page(pages, MISSING)


def test_the_incident_page_links_back_to_its_signal(repo):
    write_signals(repo)
    site, pages = render(repo)
    incident = pages[site.by_id[GRAVE_ID].uri]
    assert (f"| 来自预警信息 | [{MET}](../../monitoring/2024/{MET}.md)（发现于 2024-08-26 09:20） |") in incident
    other = record_path("YZMZ-2024-0002").replace(".md", "")
    assert all("来自预警信息" not in text for uri, text in pages.items() if uri.startswith(other))


def test_an_incident_discovered_after_its_signal_says_so(repo):
    write_signals(repo)
    repo.write(f"monitoring/2024/{MET}.md", to_markdown(
        signal(MET, "2024-08-26 09:05", [("2024-08-26 09:30", "转为事件")], incident=GRAVE_ID)))
    _, pages = render(repo)
    page = _page(pages, MET)
    assert "| 发现到事件获知 | 事件获知时间晚于发现时间 15分钟（不符合 YQ315：获知时间不得晚于发现时间） |" in page


def test_a_restricted_signal_shows_facts_only(repo):
    write_signals(repo)
    _, pages = render(repo)
    page = _page(pages, SECRET)
    assert '!!! warning "受限记录"' in page
    assert "| 发现时间 | 2024-09-10 10:00 |" in page and "| 科室 | 区救助管理站 |" in page
    assert "- **2024-09-10 10:30** 研判：" in page and "持续关注" in page
    for secret in ("韩雪", "蒋文斌", "机密来源说明", "**信息概要**", "## 详细情况"):
        assert secret not in page, secret
    for uri, text in pages.items():
        for secret in (SECRET_SUMMARY, SECRET_NOTE, SECRET_BODY):
            assert secret not in text, (uri, secret)


def test_no_signals(repo):
    _, pages = render(repo)
    assert "暂无预警信息记录。" in pages[SIGNALS]
