"""职责与时限: rendered from policy.yml and org.yml, so it changes when they change."""

from __future__ import annotations

from yuqing.render.duties import duties_page


def test_obligations_table_has_every_obligation(repo):
    workspace = repo.workspace()
    page = duties_page(workspace.org, workspace.policy)
    assert "| 规则 | 义务 | 适用级别 | 对象 | 起算 | 时限 | 级别 | 预案条款 |" in page
    for code, ob in workspace.policy.obligations.items():
        assert f"[{code}](rules/{code}.md)" in page
        assert f"### {code} {ob.title}" in page
        assert ob.clause in page
    assert "| [YQ301](rules/YQ301.md) | 重大舆情口头报告 | 重大 | 分管领导、主要领导 | 获知时间（discovered\\_at） | 15分钟 | " \
           "错误 | 四(二)3 |" in page
    assert "| [YQ307](rules/YQ307.md) | 复盘评估 | 一般、较大、重大 | — | 办结时间（closed\\_at） | 7天 | 错误（一般：警告） |" in page
    assert "| [YQ306](rules/YQ306.md) | 动态跟踪与续报 | 较大、重大 | — | 获知时间（discovered\\_at） | 每 24小时 |" in page
    assert "> 预案原文：责任科室(单位)须在事发15分钟内口头报告" in page


def test_per_level_duties_and_definitions(repo):
    workspace = repo.workspace()
    page = duties_page(workspace.org, workspace.policy)
    grave = page.split("### 重大舆情事件", 1)[1].split("###", 1)[0]
    assert "指突发事件引起、影响社会稳定" in grave
    assert "1. 获知舆情后 15分钟 内，向分管领导、主要领导口头报告。（[YQ301](rules/YQ301.md)）" in grave
    general = page.split("### 一般舆情事件", 1)[1].split("###", 1)[0]
    assert "YQ301" not in general and "YQ305" in general


def test_sections_and_roles_from_org(repo):
    workspace = repo.workspace()
    page = duties_page(workspace.org, workspace.policy)
    for section in workspace.org.sections:
        assert f"### {section.name}" in page
        assert section.duties in page
    assert "| 主要领导 | 周建国 |" in page
    assert "| 办公电话 | 0574-87110002 |" in page


def test_the_page_follows_the_policy(repo):
    repo.write("schema/policy.yml", repo.read("schema/policy.yml").replace("within: 15min", "within: 10min"))
    workspace = repo.workspace()
    page = duties_page(workspace.org, workspace.policy)
    assert "| 10分钟 |" in page and "获知舆情后 10分钟 内" in page
    assert "获知舆情后 15分钟 内" not in page
