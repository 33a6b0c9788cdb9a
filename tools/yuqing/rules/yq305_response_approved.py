"""一般舆情回应须经审核（YQ305 response-approved）

预案四(二)1：一般舆情事件“由责任科室（单位）牵头调查事件真实情况，拟定信息发布口径，
经局分管领导、主要领导审核后进行回复和应对”。

检查：级别为“一般”的事件，每一条对外回应（`responses`）都必须在发布时间（`at`）之前或同时
得到 **分管领导** 和 **主要领导** 的审核（`approvals` 中的 `{role, at}`）。

- 两位领导都在发布前审核：按时；
- 审核时间晚于发布时间：超时（先发后审）；
- 缺少某位领导的审核：缺失。

**示例（正确）**：

```yaml
responses:
  - at: 2025-03-04 16:30
    channel: 微博评论区
    text: 已关注到您反映的问题……
    approvals:
      - {role: 分管领导, at: 2025-03-04 15:50}
      - {role: 主要领导, at: 2025-03-04 16:10}
```

**怎么改**：补记真实的审核时间；确实未经审核就发布的，在 `exceptions` 中写明情况说明
（`rule: YQ305`）。
"""

from yuqing.findings import Outcome, Verdict
from yuqing.i18n import Msg
from yuqing.models.incident import superseded
from yuqing.rules._obligations import excused, obligation_for, recipients_text

ID = "YQ305"
NAME = "response-approved"
LEVEL = "error"
CLAUSE = "四(二)1"
SUMMARY = Msg("一般：回应发布前经分管领导、主要领导审核", "一般: responses approved by both leaders first")
HOOKS = ("evaluate",)
NEEDS = frozenset()
POLICY_NEEDS = ()


def evaluate(record, ctx):
    found = obligation_for(record, ctx, ID)
    if found is None:
        return
    incident, obligation, _ = found
    roles = obligation.recipients
    names = recipients_text(roles)
    dropped = superseded(incident.responses)
    for index, response in enumerate(incident.responses):
        if index in dropped:
            continue
        what = Msg(f"第 {index + 1} 条回应的审核（{names}）", f"approval of response {index + 1} ({names})")
        approved: dict[str, tuple] = {}
        for position, approval in enumerate(response.approvals):
            if approval.role in roles and (approval.role not in approved or approval.at < approved[approval.role][0]):
                approved[approval.role] = (approval.at, position)
        missing = [role for role in roles if role not in approved]
        loc = ("responses", index, "at")
        if missing:
            verdict = Verdict(ID, what, Outcome.MISSING, None, response.at, None, loc,
                              detail=Msg(f"发布前缺少 {recipients_text(missing)} 的审核。",
                                         f"no approval by {', '.join(missing)}."),
                              fix=Msg(f"请补记真实的审核（approvals: [{{role: {missing[0]}, at: 时间}}]）；"
                                      f"确未审核的，在 exceptions 中写明情况说明（rule: {ID}）。",
                                      f"Record the real approval, or add an exception ({ID})."))
        else:
            last_at, position = max(approved.values())
            outcome = Outcome.MET if last_at <= response.at else Outcome.LATE
            verdict = Verdict(ID, what, outcome, None, response.at, last_at,
                              ("responses", index, "approvals", position, "at"))
            if outcome is Outcome.LATE:
                published, approved = ctx.fmt(response.at, last_at), ctx.fmt(last_at, response.at)
                verdict.detail = Msg(f"先发布（{published}）后审核（{approved}）。",
                                     f"published at {published} before approval at {approved}.")
        yield excused(verdict, incident)
