"""培训材料: the quick card from policy.yml and org.yml, case studies from drill records."""

from __future__ import annotations

from recordkit import to_markdown
from sitekit import DRILL_ID, SECRETS, render, restricted_incident, write_verdict_repo
from yuqing.render.training import quick_card_page


def test_quick_card_says_who_reports_to_whom_by_when_per_level(repo):
    workspace = repo.workspace()
    card = quick_card_page(workspace.org, workspace.policy)
    assert card.startswith("# 应急速查卡")
    grave = card.split("### 重大", 1)[1].split("\n#", 1)[0]
    lines = [line for line in grave.splitlines() if line.startswith("| ") and "---" not in line][1:]
    # in time order: 15 minutes, then 35 minutes at the latest (20 after the oral report), …, the review last
    assert lines[0].startswith("| 获知后 15分钟 内 | 责任科室 | 获知舆情后 15分钟 内，向分管领导、主要领导口头报告。")
    assert lines[1].startswith("| 口头报告后 20分钟（最迟获知后 35分钟） | 责任科室 |")
    assert lines[-1].startswith("| 办结后 7天 内 | 局办公室会同责任科室 |")
    assert "| 每 24小时 |" in grave
    general = card.split("### 一般", 1)[1].split("\n#", 1)[0]
    assert "| 每次发布前 | 责任科室 | 每条对外回应（口径）发布前，须经分管领导、主要领导审核。" in general
    assert "| 主要领导 | 周建国 |" in card and "| 养老服务科 | 0574-87110002 |" in card
    assert "- **书面报告**：时间、地点、信息来源、事件概况、影响范围、已采取措施" in card


def test_quick_card_follows_the_policy(repo):
    repo.write("schema/policy.yml", repo.read("schema/policy.yml").replace("within: 15min", "within: 10min"))
    workspace = repo.workspace()
    card = quick_card_page(workspace.org, workspace.policy)
    assert "| 获知后 10分钟 内 |" in card and "最迟获知后 30分钟" in card


def test_cases_come_from_drills_only(repo):
    write_verdict_repo(repo)
    _, pages = render(repo)
    cases = pages["training/cases.md"]
    assert "## 案例 1：养老机构舆情应对演练" in cases
    assert cases.count("## 案例") == 1
    assert f"[查看完整记录](../incidents/2024/{DRILL_ID}.md)" in cases
    assert "**情景**：" in cases and "**核查结论**：" in cases and "**复盘结论**：演练达到预期，报告流程熟练。" in cases
    assert "**讨论**：" in cases and "哪些做法值得推广" in cases


def test_a_late_drill_becomes_a_discussion_question_and_restricted_drills_keep_their_secrets(repo):
    drill = restricted_incident()
    drill["drill"] = True
    repo.write(f"incidents/2024/{drill['id']}.md", to_markdown(drill, f"## 经过\n\n{SECRETS['narrative']}\n"))
    _, pages = render(repo)
    cases = pages["training/cases.md"]
    assert "“重大舆情口头报告（分管领导、主要领导）”的结论是“已说明（超时5分钟）”" in cases
    assert "（受限记录：只显示事实和核查结论。）" in cases
    for secret in SECRETS.values():
        assert secret not in cases


def test_no_drills(repo):
    _, pages = render(repo)
    assert "暂无演练记录。" in pages["training/cases.md"]
