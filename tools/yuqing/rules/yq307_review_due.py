"""办结后 7 天内复盘（YQ307 review-due）

预案四(四)：“舆情应急处置结束后，局办公室会同责任科室及时组织相关部门和有关专家对事件舆情处置
过程进行复盘，对工作成效进行总结评估。”

检查：状态为“已办结”的事件，应在办结时间（closed_at）后 7 天内（policy.yml 中的默认值，
作为“及时”的量化标准）召开复盘会，并提交复盘记录 `<事件编号>.review.md`（`held_at` 为复盘
时间）。较大、重大事件缺少或迟交复盘是错误；一般事件是警告。

**怎么改**：复盘后由局办公室提交复盘记录；确实无法按时复盘的，在事件记录的 `exceptions`
中写明情况说明（`rule: YQ307`）。
"""

from yuqing.i18n import Msg
from yuqing.rules._obligations import deadline, obligation_for

ID = "YQ307"
NAME = "review-due"
LEVEL = "error"
CLAUSE = "四(四)"
SUMMARY = Msg("办结后 7 天内提交复盘记录", "a review within 7 days of closed_at")
HOOKS = ("evaluate",)
NEEDS = frozenset()
POLICY_NEEDS = ("within",)


def evaluate(record, ctx):
    found = obligation_for(record, ctx, ID, closed=True)
    if found is None or found.incident.closed_at is None:  # 已办结 without closed_at: YQ105's error
        return
    incident, obligation, _ = found
    reviews = sorted(ctx.reviews.get(incident.id, []), key=lambda r: r.model.held_at)
    days = int(obligation.within.total_seconds() // 86400)
    what = Msg(f"复盘评估（办结后 {days} 天内）", f"review (within {days} days of closure)")
    if reviews:
        review = reviews[0]
        yield deadline(ID, what, incident, ctx, incident.closed_at, obligation.within, review.model.held_at,
                       ("held_at",), ("closed_at",), path=review.path)
    else:
        yield deadline(ID, what, incident, ctx, incident.closed_at, obligation.within, None, (), ("closed_at",))
