"""领导小组与联系方式: the leading group and the sections' office phones, from org.yml."""

from __future__ import annotations

import yaml

from sitekit import render
from yuqing.render.model import LEADING_GROUP
from yuqing.render.organisation import leading_group_page


def test_the_leading_group_and_office_phones_come_from_org_yml(repo):
    org = repo.workspace().org
    page = leading_group_page(org, {"plan/organisation.md"})
    assert page.startswith("---\nhide:\n  - navigation\n---\n\n# 领导小组与联系方式\n")
    assert "预案原文见[二、组织体系及职责](organisation.md)" in page
    assert "| 组长 | 周建国（主要领导） |" in page
    assert "| 副组长 | 孙丽华（分管领导）、吴志强（分管领导） |" in page
    members = next(line for line in page.splitlines() if line.startswith("| 成员 |"))
    assert "王芳（局办公室 办公室主任）" in members and "蒋文斌（区救助管理站 站长）" in members
    assert members.count("（") == 8  # the section heads, as docs/plan/organisation.md says
    assert "| 领导小组办公室 | 设在局办公室，电话 0574-87110000 |" in page
    assert "| 基层政权科 | 机关科室 | 0574-87110004 | 马强（科长） |" in page
    assert "| 区救助管理站 | 事业单位 | 0574-87110007 | 蒋文斌（站长） |" in page


def test_only_published_office_numbers_are_shown(repo):
    path = repo.root / "schema" / "org.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sections"][1]["phone"] = "13812345678"  # a mobile number, not a published office phone
    del data["leading_group"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, pages = render(repo)
    page = pages[LEADING_GROUP]
    assert "13812345678" not in page and "| 社会救助科 | 机关科室 | （未登记公开电话） | 李明（科长） |" in page
    assert "`schema/org.yml` 尚未登记领导小组" in page
    assert "预案“二、组织体系及职责”" in page  # the hand-written chapter is not linked when it does not exist
