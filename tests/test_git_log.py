"""``yuqing.git.log``: the one ``git log`` command and its parser, on a real repository."""

from __future__ import annotations

from recordkit import GENERAL_ID, path_of
from yuqing.git import parse_log, read_log


def test_parse_log_reads_what_read_log_asks_for(lived):
    commits = read_log(lived.repo, "HEAD~3..HEAD")
    assert [c.message for c in commits] == ["一般事件", "复盘"]
    assert commits[0].changes[0].status == "A" and commits[0].changes[0].path == path_of(GENERAL_ID)
    assert parse_log("") == []
