"""字段不符合格式（YQ003 schema）

每份事件记录和复盘记录都按固定格式（schema/incident.schema.json、review.schema.json）检查：

- 必填字段不能缺少（id、title、level、status、section、discovered_at、source、summary）；
- 不能出现模板里没有的字段（多半是拼写错误，例如 `discoverd_at`）；
- 取值必须合法：级别只能是 一般/较大/重大（也接受 general/major/grave），状态只能是
  处置中/跟踪中/已办结，报告类型只能是 口头报告/书面报告/续报/终报；
- 时间必须带日期和钟点：`2024-08-26 09:20` 或 `2024-08-26T09:20:00+08:00`（一位数的月、日、钟点
  如 `2024-8-26 9:20` 也可以）。只写 `09:20` 或只写日期都不行，因为时限无法计算。写成
  `2024年8月26日 9时20分`、`2024/8/26 9:20`、`下午3点` 的，提示会问“是不是 2024-08-26 09:20？”，
  核对后把它复制到那一行即可；只写了钟点的，按获知时间 discovered_at 的日期补上；
- 情况说明的 `rule` 是 YQ 加三位数字的规则编号（如 YQ301），写错时提示最接近的编号；
- 取值两边不要加中文引号（`level: “重大”` 应为 `level: 重大`）。

**怎么改**：按提示中的字段路径（例如 `reports[2].at` 表示第 2 条报告的时间）修改。
在 VS Code 中编辑 `.yml` 记录时，编辑器会根据格式文件自动提示和标红。
"""

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.schema_errors import or_list, rule_code_guesses

ID = "YQ003"
NAME = "schema"
LEVEL = "error"
CLAUSE = None
SUMMARY = Msg("字段缺失、多余、类型或取值错误", "a field missing, unknown, of the wrong type or value")
HOOKS = ("check",)
NEEDS = frozenset()


def check(record, ctx):
    for problem in record.problems:
        if problem.rule == ID:
            yield Problem(problem.msg + _guess(record, problem.loc), line=problem.line, column=problem.column)


def _guess(record, loc) -> Msg:
    """For an exception's rule code that is no code at all (``YQ31``): the nearest codes it can name."""
    if not (loc and len(loc) == 3 and loc[0] == "exceptions" and loc[2] == "rule"):
        return Msg("", "")
    from yuqing.rules import OBLIGATION_RULES  # the registry imports this module

    try:
        value = record.doc.data["exceptions"][loc[1]]["rule"]
    except (KeyError, IndexError, TypeError):
        return Msg("", "")
    guesses = rule_code_guesses(value, [rule.ID for rule in OBLIGATION_RULES])
    if not guesses:
        return Msg("可用的编号见网站“规则说明”页。", " See the rules page for the codes.")
    return Msg(f"是不是 {or_list(guesses)}？", f" Did you mean {', '.join(guesses)}?")
