"""培训材料: the quick card from policy.yml and org.yml, case studies from drill records."""

from __future__ import annotations

from recordkit import major, to_markdown
from sitekit import DRILL_ID, SECRETS, render, restricted_incident, write_verdict_repo
from yuqing.render.training import CASES_SHOWN, quick_card_page


def _rows(card: str, heading: str) -> list[str]:
    part = card.split(heading, 1)[1].split("\n## ", 1)[0]
    return [line for line in part.splitlines() if line.startswith("| ") and "---" not in line][1:]


def test_quick_card_says_what_to_do_in_the_first_minutes_and_whom_to_call(repo):
    workspace = repo.workspace()
    card = quick_card_page(workspace.org, workspace.policy)
    assert card.startswith("# 应急速查卡\n")
    assert '<div class="yq-card" markdown>' in card and card.rstrip().endswith("</div>")
    assert "## 二、最初 15分钟、30分钟、35分钟：打电话报告" in card
    urgent = _rows(card, "## 二、")
    # 重大 first, in time order: 15 minutes, then 35 minutes at the latest (20 after the oral report), the copy
    assert "重大" in urgent[0] and "| 获知后 15分钟 内 | 责任科室 | 获知舆情后 15分钟 内，向分管领导、主要领导口头报告。" in urgent[0]
    assert "| 口头报告后 20分钟（最迟获知后 35分钟） | 责任科室 |" in urgent[1]
    assert "| 与第一次报告同时 | 责任科室 | 第一次报告须同时报告或抄送局办公室。" in urgent[2]
    assert "较大" in urgent[3] and "| 获知后 30分钟 内 |" in urgent[3]
    assert "一般" in urgent[-1] and "没有分钟级时限" in urgent[-1]
    assert not any("YQ404" in row for row in urgent)  # registering the record is not a first-minutes action
    later = _rows(card, "## 三、之后")
    assert later[0].startswith("| 获知后 24小时 内 | 较大、重大 | 责任科室 | 获知舆情后 24小时 内，把事件记录提交到台账")
    assert later[-1].startswith("| 办结后 7天 内 | 一般、较大、重大 | 局办公室会同责任科室 |")
    assert any(row.startswith("| 每 24小时 | 较大、重大 |") for row in later)
    assert any(row.startswith("| 每次发布前 | 一般 | 责任科室 | 每条对外回应（口径）发布前，须经分管领导、主要领导审核。")
               for row in later)
    assert "**主要领导**：周建国" in card and "| 局办公室 | 0574-87110000 | 基层政权科 | 0574-87110004 |" in card
    assert "| 养老服务科 | 0574-87110002 |" in card
    assert "- **书面报告**：时间、地点、信息来源、事件概况、影响范围、已采取措施" in card


def test_quick_card_follows_the_policy(repo):
    repo.write("schema/policy.yml", repo.read("schema/policy.yml").replace("within: 15min", "within: 10min"))
    workspace = repo.workspace()
    card = quick_card_page(workspace.org, workspace.policy)
    assert "| 获知后 10分钟 内 |" in card and "最迟获知后 30分钟" in card
    assert "## 二、最初 10分钟、30分钟：打电话报告" in card


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


def test_the_cases_page_shows_the_latest_drills_only(repo):
    for number in range(1, CASES_SHOWN + 3):
        drill = major(id=f"YZMZ-2024-{number + 100:04d}", title=f"第{number}次演练", drill=True)
        repo.write(f"incidents/2024/{drill['id']}.md", to_markdown(drill))
    _, pages = render(repo)
    cases = pages["training/cases.md"]
    assert cases.count("## 案例") == CASES_SHOWN
    assert f"共有 {CASES_SHOWN + 2} 次演练，这里是最近的 {CASES_SHOWN} 次" in cases
    assert "[舆情事件](../incidents/index.md)" in cases
    assert "第1次演练" not in cases and "第2次演练" not in cases
    assert "## 案例 3：第3次演练" in cases and f"## 案例 {CASES_SHOWN + 2}：第{CASES_SHOWN + 2}次演练" in cases


def test_no_drills(repo):
    _, pages = render(repo)
    assert "暂无演练记录。" in pages["training/cases.md"]


# -- 培训记录 (trainings/): sessions and each section's last training, by YQ313's reading

def _training(held_at: str, topic: str, attendees: list[str], kind: str = "培训班") -> str:
    return to_markdown({"held_at": held_at, "organizer": "局办公室", "topic": topic, "kind": kind,
                        "attendees": attendees}, "## 内容\n\n讲解预案。\n")


def test_training_records_list_sessions_and_flag_sections_past_the_period(repo):
    # the ledger begins in 2023 (its earliest year directory), more than 12 months before NOW (2024-10-01)
    repo.write("trainings/2023/2023-06-01-培训.md", _training("2023-06-01 14:30", "旧的培训", ["张伟"]))
    repo.write("trainings/2024/2024-06-18-培训.md", _training(
        "2024-06-18 14:30", "网络舆情应急处置流程<b>与</b>报告时限", ["王芳", "李明", "刘洋"]))
    repo.write("trainings/2024/2024-09-02-研讨.md", _training("2024-09-02 09:00", "研判工作研讨", ["王芳"], "研讨"))
    write_verdict_repo(repo)  # its drill counts as training for the drill's section
    site, pages = render(repo)
    page = pages["training/records.md"]
    assert page.startswith("---\nhide:\n  - navigation\n  - toc\n---\n\n# 培训记录\n")
    sessions = page.split("## 培训和研讨", 1)[1]
    rows = [line for line in sessions.splitlines() if line.startswith("| 20")]
    assert rows[0] == "| 2024-09-02 09:00 | 研讨 | 研判工作研讨 | 局办公室 | 1 | 王芳 |"  # newest first
    assert rows[1] == "| 2024-06-18 14:30 | 培训班 | 网络舆情应急处置流程&lt;b&gt;与&lt;/b&gt;报告时限 | 局办公室 | 3 | 王芳、李明、刘洋 |"
    assert len(rows) == 3 and "共 3 次，按年份列出。" in sessions
    # a section a year, newest first: each within Zensical's search limit per section however long the ledger runs
    assert sessions.index("### 2024 年\n\n2 次。") < sessions.index("| 2024-06-18") < sessions.index("### 2023 年\n\n1 次。")
    cadence = page.split("## 各科室最近一次培训或演练", 1)[1].split("## 培训和研讨", 1)[0]
    assert "| 局办公室 | 2024-09-02 09:00 | <span class=\"yq-badge yq-met\">在 12 个月内</span> |" in cadence
    assert "| 社会事务科 | 2023-06-01 14:30 | <span class=\"yq-badge yq-missing\">已超过 12 个月</span> |" in cadence
    assert "| 社会组织科 | — | <span class=\"yq-badge yq-missing\">没有记录</span> |" in cadence
    drill = next(v for v in site.incidents if v.incident.drill)
    assert f"| {drill.incident.section} | " in cadence
    # the same reading as YQ313: every section the page flags has the rule's warning, and no other
    from yuqing.rules.yq313_training_cadence import ID as YQ313
    warned = {f.message("zh").split("没有参加", 1)[0].split("最近一次", 1)[0] for f in site.result.findings
              if f.rule == YQ313}
    flagged = {line.split(" | ", 1)[0][2:] for line in cadence.splitlines() if "yq-missing" in line}
    assert flagged == warned
    assert f"{len(flagged)} 个最近 12 个月内没有参加培训或演练" in cadence


def test_a_young_ledger_is_not_judged_on_training(repo):
    repo.write("trainings/2024/2024-06-18-培训.md", _training("2024-06-18 14:30", "培训", ["王芳"]))
    _, pages = render(repo)
    page = pages["training/records.md"]
    assert "台账启用不满 12 个月，暂不检查培训周期" in page
    assert "yq-missing" not in page and page.count("暂不检查</span>") == 8


def test_no_training_records(repo):
    _, pages = render(repo)
    assert "暂无培训记录。" in pages["training/records.md"]
