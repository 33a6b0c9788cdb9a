"""规则说明 pages: an index of every registered rule and one page per rule from its docstring."""

from __future__ import annotations

from sitekit import render
from yuqing.render.rules import effective_level, index_page, rule_page
from yuqing.rules import RULES, documentation


def test_index_lists_every_rule_with_a_link(repo):
    page = index_page(RULES, repo.workspace().policy)
    for rule in RULES:
        assert f"[{rule.ID}]({rule.ID}.md)" in page, rule.ID  # the index is rules/index.md
        assert f"`{rule.NAME}`" in page
    assert "## 预案的时限与义务" in page


def test_each_rule_page_carries_its_docstring_clause_and_levels(repo):
    policy = repo.workspace().policy
    for rule in RULES:
        page = rule_page(rule, policy)
        body = documentation(rule).splitlines()
        assert page.startswith(f"# {rule.ID} ")
        assert f"| 编号 | {rule.ID} |" in page
        # a characteristic line of the docstring's body is on the page
        sample = next((line for line in body[1:] if line.strip() and not line.startswith(("#", "`", "-", "*"))), None)
        if sample:
            assert sample.strip() in page
        if rule.CLAUSE:
            assert rule.CLAUSE in page


def test_rule_page_shows_the_policy_obligation(repo):
    page = rule_page(next(r for r in RULES if r.ID == "YQ301"), repo.workspace().policy)
    assert "| 时限 | 15分钟 |" in page and "| 对象 | 分管领导、主要领导 |" in page
    assert "> 预案原文（四(二)3）：责任科室(单位)须在事发15分钟内口头报告" in page
    assert "[职责与时限](../duties.md)" in page


def test_policy_overrides_the_level(repo):
    policy_text = repo.read("schema/policy.yml").replace("levels: {}", "levels: {YQ311: error}")
    repo.write("schema/policy.yml", policy_text)
    rule = next(r for r in RULES if r.ID == "YQ311")
    assert rule.LEVEL == "warning"
    assert effective_level(rule, repo.workspace().policy) == "错误（阻止合并）"
    _, pages = render(repo)
    assert "| 本局级别 | 错误（阻止合并） |" in pages["rules/YQ311.md"]
    assert "| 默认级别 | 警告（提示，不阻止合并） |" in pages["rules/YQ311.md"]


def test_grade_specific_levels_are_spelled_out(repo):
    rule = next(r for r in RULES if r.ID == "YQ307")
    assert effective_level(rule, repo.workspace().policy) == "错误（阻止合并）；一般：警告（提示，不阻止合并）"


def test_titles_drop_the_code_in_brackets(repo):
    from yuqing.render.rules import short_title

    rule = next(r for r in RULES if r.ID == "YQ301")
    assert short_title(rule) == "重大舆情 15 分钟内口头报告"
    assert rule_page(rule, repo.workspace().policy).startswith("# YQ301 重大舆情 15 分钟内口头报告\n")
