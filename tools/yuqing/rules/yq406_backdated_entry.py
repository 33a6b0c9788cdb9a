"""补记的条目（YQ406 backdated-entry）

台账的记录应当随事态进展及时记入。检查合并请求时（`yuqing check --base 目标分支`），对已经合并的记录，
找出本合并请求新增的报告、回应和上报：如果一条新增条目声称的时间（`at`）早于已合并版本的提交时间，
那么在那个版本合并时，这件事按它的说法已经发生了，却没有记入——这是**补记**，给出警告，写明两个时间。
网站的事件页面也在这样的条目旁标出“补记”。

更正条目（带 `corrects:`，见 YQ401）更正的是已经记入的条目，不算补记。

补记本身不是错误：当时确有报告而漏记的，如实补上是对的。但补记的时间无法由 Git 证明，审核时应当
核对通话记录、文件签收等凭据。

**示例（警告）**：事件于 2024-08-26 10:00 合并时没有口头报告；九天后追加了一条
`at: 2024-08-26 09:08` 的口头报告。

**怎么改**：如果确是补记，请保留真实时间，并在条目的 `content`（或正文）中写明为何当时没有记入、
依据什么凭据补记，请局办公室审核；如果时间写错了，请改为实际时间。不要为了满足时限而补写没有发生的报告。
"""

from __future__ import annotations

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.models import Incident
from yuqing.rules._merged import base_versions, match_entries, merged_at
from yuqing.timeparse import format_time

ID = "YQ406"
NAME = "backdated-entry"
LEVEL = "warning"
CLAUSE = "七(一)"
SUMMARY = Msg("已合并的记录中新增的条目声称的时间早于已合并版本的提交时间（补记）",
              "an entry added to a merged record claims a time before that version was merged (backdated)")
HOOKS = ("check_range",)
NEEDS = frozenset({"range"})

#: The lists whose entries claim a time of their own, in words.
LISTS = {"reports": "报告", "responses": "回应", "escalations": "上报"}


def check_range(git_range, ctx):
    for head_path, base_path, record, base_model in base_versions(git_range, ctx, Incident):
        committed = merged_at(git_range, base_path, ctx.history)
        if committed is None:
            continue
        for name, label in LISTS.items():
            _, _, added = match_entries(getattr(base_model, name), getattr(record.model, name), set())
            for index in added:
                entry = getattr(record.model, name)[index]
                if entry.at is None or entry.at >= committed or getattr(entry, "corrects", None) is not None:
                    continue
                claimed, merged = format_time(entry.at, ctx.tz), format_time(committed, ctx.tz)
                yield Problem(Msg(
                    f"第 {index + 1} 条{label}声称 {claimed}，但 {merged} 已合并的版本中没有它：这是补记。"
                    "请核对凭据（通话记录、签收单等）；确是补记的，保留真实时间，并在条目的 content 或正文中写明"
                    "为何当时没有记入、依据什么补记；时间写错的，请改为实际时间。",
                    f"{name} entry {index + 1} claims {claimed}, but the version merged at {merged} lacked it: "
                    "a backdated entry. Check the evidence and say in its content why it was recorded late."),
                    loc=(name, index, "at"), path=head_path)
