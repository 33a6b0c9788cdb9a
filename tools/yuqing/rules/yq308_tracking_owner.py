"""指定跟踪专人（YQ308 tracking-owner）

预案四(三)：“局办公室和责任科室共同安排专人对舆情事态实行动态跟踪”；处置完毕后“责任科室
安排专人对舆情处置后的事态实行动态跟踪”。

检查：级别为“较大”或“重大”的事件，必须在 `tracking.owner` 中写明责任科室的跟踪专人
（可在 `tracking.office_owner` 中写明局办公室的跟踪专人）。

**示例**：

```yaml
tracking:
  owner: 陈静
  office_owner: 王芳
```

**怎么改**：写上实际负责跟踪的人员姓名（须是 schema/org.yml 中的人员）。
"""

from yuqing.findings import Outcome, Verdict
from yuqing.i18n import Msg
from yuqing.rules._obligations import excused, obligation_for

ID = "YQ308"
NAME = "tracking-owner"
LEVEL = "error"
CLAUSE = "四(三)"
SUMMARY = Msg("较大/重大：指定跟踪专人", "较大/重大: a tracking owner is named")
HOOKS = ("evaluate",)
NEEDS = frozenset()
POLICY_NEEDS = ()


def evaluate(record, ctx):
    found = obligation_for(record, ctx, ID)
    if found is None:
        return
    incident = found.incident
    what = Msg("指定跟踪专人", "tracking owner")
    if incident.tracking and incident.tracking.owner:
        yield Verdict(ID, what, Outcome.MET, loc=("tracking", "owner"))
        return
    yield excused(Verdict(ID, what, Outcome.MISSING, loc=("tracking",) if incident.tracking else ("level",),
                          detail=Msg("没有写明跟踪专人（tracking.owner）。", "tracking.owner is not named."),
                          fix=Msg("请在 tracking 下写明 owner（责任科室跟踪专人）。",
                                  "Add tracking: {owner: <name>}.")), incident)
