"""已合并的结论被改为按时（YQ407 verdict-changed）

预案第七条追究“隐瞒、缓报、谎报”。一项义务在已合并的记录中是**超时**、**缺失**或**已说明**，
说明当时台账如实记下了这次逾期。检查合并请求时（`yuqing check --base 目标分支`），逐项比较
合并前后各项时限的结论：如果本合并请求的修改——一条更正条目（`corrects:`）、一条事后补记的报告，
或一条事实更正（`corrections:`）——把这样的结论变成了**按时**，就是错误，除非它经局办公室审核：

- 本合并请求中修改这份记录的提交全部由局办公室人员提交（作者和提交者都按邮箱认定）；并且
- 改变结论的条目（或事实更正）用 `approved_by:` 写明审核的局办公室人员。

已合并结论的“当时”，指已合并版本提交的时间：那时尚未到期的义务，后来按时补上记录，不算改变结论。

网站的事件页面同时显示两个结论，例如“原结论：超时 3 分钟；更正后：按时，局办公室 王芳 审核”。

**示例（错误）**：已合并的记录中口头报告超时 25 分钟并写了情况说明；本合并请求追加一条
`corrects: 1` 的更正条目，把时间改为 09:30，结论变为按时，提交人是责任科室的人员。

**怎么改**：如果原记录属实，请撤回这项修改，保留原来的结论和情况说明。如果原记录确实写错了，
请把凭据（通话记录、OA 签收单等）交局办公室核对，由局办公室人员提交这项更正，并在更正条目中写
`approved_by: 审核人姓名`：

```yaml
reports:
  - kind: 口头报告
    at: 2024-08-26 09:30
    by: 刘洋
    to: [分管领导, 主要领导]
    corrects: 1
    reason: 原记录误将通话结束时间填为报告时间，以通话记录为准。
    approved_by: 王芳
```
"""

from __future__ import annotations

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.models import Incident
from yuqing.rules._corrections import approval, turned_met
from yuqing.rules._merged import base_versions, by_office, merged_at

ID = "YQ407"
NAME = "verdict-changed"
LEVEL = "error"
CLAUSE = "七(一)"
SUMMARY = Msg("修改把已合并的超时、缺失或已说明的结论变为按时，未经局办公室审核",
              "a change turns a merged late, missing or excused verdict into met without the office's approval")
HOOKS = ("check_range",)
NEEDS = frozenset({"range"})


def check_range(git_range, ctx):
    """The verdicts of each changed incident's merged version (as of its commit) against its head's."""
    office = ctx.org.office_section
    for head_path, base_path, record, base_model in base_versions(git_range, ctx, Incident):
        committed = merged_at(git_range, base_path, ctx.history)
        if committed is None:
            continue
        then = ctx.at(committed)
        earlier = ctx.judge(record.with_model(base_model), then)
        approved_commits = by_office(git_range, ctx.org, {head_path, base_path})
        for verdict, before in turned_met(ctx.judge(record, ctx), earlier):
            if before.due is not None and before.due > committed:  # not yet due when it was merged
                continue
            approver = approval(record.model, verdict, ctx.org)
            if approved_commits and approver:
                continue
            what = verdict.what.zh
            who = (f"修改这份记录的提交不全是{office}人员提交的" if not approved_commits
                   else f"改变结论的条目没有用 approved_by 写明审核的{office}人员")
            yield Problem(Msg(
                f"本次修改使“{what}”的结论由已合并时的“{before.words()}”变为“{verdict.words()}”，但{who}。"
                f"已合并的超时、缺失或已说明的结论，只有经{office}审核才能改变：原记录属实的，请撤回这项修改；"
                f"确实写错的，请把凭据交{office}核对，由{office}人员提交，并在更正条目中写 approved_by: 审核人。",
                f"this change turns '{verdict.what.en}' from {before.outcome.value} (as merged) into met without "
                f"{office}'s approval (its commits and approved_by); revert it or have {office} make it."),
                loc=verdict.loc or ("reports",), path=head_path)
