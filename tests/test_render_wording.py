"""Obligations in words, built from policy.yml: change the policy and the words change."""

from __future__ import annotations

from yuqing.models.types import Level
from yuqing.render.wording import (
    duty_sentence,
    limit_text,
    obligations_for,
    severity_text,
    start_text,
    who,
)


def test_sentences_use_the_policy_values(repo):
    policy = repo.workspace().policy
    ob = policy.obligations
    assert duty_sentence("YQ301", ob["YQ301"], policy) == "获知舆情后 15分钟 内，向分管领导、主要领导口头报告。"
    assert duty_sentence("YQ302", ob["YQ302"], policy) == "第一次口头报告后 20分钟 内，向分管领导、主要领导书面报告。"
    assert duty_sentence("YQ303", ob["YQ303"], policy) == \
        "获知舆情后 30分钟 内，向分管领导、主要领导报告（口头报告或书面报告）。"
    assert duty_sentence("YQ304", ob["YQ304"], policy) == "第一次报告须同时报告或抄送局办公室。"
    assert "每 24小时 内至少续报一次" in duty_sentence("YQ306", ob["YQ306"], policy)
    assert duty_sentence("YQ307", ob["YQ307"], policy).startswith("办结后 7天 内")
    assert "书面报告须写明时间、地点、信息来源、事件概况、影响范围、已采取措施" in duty_sentence("YQ309", ob["YQ309"], policy)


def test_changing_the_policy_changes_the_words(repo):
    text = repo.read("schema/policy.yml").replace("within: 15min", "within: 10min")
    text = text.replace("clock_start: discovered_at", "clock_start: occurred_at")
    repo.write("schema/policy.yml", text)
    policy = repo.workspace().policy
    assert duty_sentence("YQ301", policy.obligations["YQ301"], policy) == "事发后 10分钟 内，向分管领导、主要领导口头报告。"
    assert start_text(policy.obligations["YQ301"], policy).startswith("事发时间")


def test_limits_starts_and_levels(repo):
    policy = repo.workspace().policy
    ob = policy.obligations
    assert limit_text(ob["YQ306"]) == "每 24小时"
    assert limit_text(ob["YQ304"]) == "—" and start_text(ob["YQ304"], policy) == "—"
    assert start_text(ob["YQ302"], policy) == "第一次口头报告"
    assert start_text(ob["YQ307"], policy) == "办结时间（closed_at）"
    assert severity_text(ob["YQ303"]) == "警告（提示，不阻止合并）"
    assert [code for code, _ in obligations_for(Level.GENERAL, policy)] == ["YQ305", "YQ307", "YQ309"]
    assert who("YQ307", repo.workspace().org, "养老服务科") == "局办公室会同养老服务科"
    assert who("YQ301", repo.workspace().org, "养老服务科") == "养老服务科"


def test_registration_and_unknown_obligations_read_sensibly(repo):
    policy = repo.workspace().policy
    if "YQ404" in policy.obligations:
        assert duty_sentence("YQ404", policy.obligations["YQ404"], policy) == \
            "获知舆情后 24小时 内，把事件记录提交到台账（首次提交）。"
    other = policy.obligations["YQ301"].model_copy(update={"kinds": [], "recipients": [], "title": "某项新义务"})
    assert duty_sentence("YQ399", other, policy) == "获知舆情后 15分钟 内：某项新义务。"
