"""The Git rules on signals (monitoring/) and trainings (trainings/), on real repositories (issue 16):
assessments are append-only, noticed_at / section / incident (once set) are merged facts (YQ401),
a signal belongs to its section and a training to its organizer's (YQ403), a merged one is not deleted
(YQ402), and the history reads them."""

from __future__ import annotations

import pytest

from gitkit import HUANGXIAOYAN, LIUYANG, WANGFANG, ZHANGWEI, check
from yuqing.git.history import GitHistory

SIGNAL_ID = "YZMZ-YJ-2024-0001"
SP = f"monitoring/2024/{SIGNAL_ID}.md"
TP = "trainings/2024/2024-09-10-养老服务舆情应对培训.md"
FIRST = """\
  - at: 2024-08-26 09:30
    by: 刘洋
    conclusion: 持续关注
    note: 帖文转发量小，继续观察。
"""
SECOND = """\
  - at: 2024-08-27 09:30
    by: 黄晓燕
    conclusion: 不构成舆情
    note: 未再扩散，结束关注。
"""


def signal(assessments: str = FIRST, **fields) -> str:
    values = {"noticed_at": "2024-08-26 09:00", "section": "养老服务科", **fields}
    extra = "".join(f"{key}: {value}\n" for key, value in values.items() if key not in ("noticed_at", "section"))
    return (f"---\nid: {SIGNAL_ID}\nnoticed_at: {values['noticed_at']}\nnoticed_by: 刘洋\nsection: {values['section']}\n"
            "source:\n  channel: 微博\nsummary: 网民发帖反映社区助餐点饭菜变少。\n"
            f"assessments:\n{assessments}{extra}---\n\n## 研判经过\n\n巡网发现。\n")


def training(attendees: str = "[刘洋, 黄晓燕]", organizer: str = "养老服务科") -> str:
    return (f"---\nheld_at: 2024-09-10 14:30\norganizer: {organizer}\ntopic: 养老服务舆情应对培训\nkind: 培训班\n"
            f"attendees: {attendees}\n---\n")


def line_of(text: str, words: str, after: int = 0) -> int:
    """The 1-based line of ``text`` that contains ``words``, the first after line ``after``."""
    lines = text.splitlines()
    return next(number for number, line in enumerate(lines, 1) if number > after and words in line)


@pytest.fixture
def merged(git_repo):
    """main: the signal and the training merged by 养老服务科; the merge request's branch ``mr`` checked out."""
    git_repo.write(SP, signal())
    git_repo.write(TP, training())
    git_repo.commit("signal and training", who=LIUYANG, at="2024-08-26 10:00")
    git_repo.branch("mr")
    return git_repo


def test_appending_an_assessment_is_fine(merged):
    merged.save(SP, signal(FIRST + SECOND), who=HUANGXIAOYAN, at="2024-08-27 10:00")
    run = check(merged.root, base="main")
    assert [f for f in run.findings if f["rule"].startswith("YQ4")] == [], run.explain()


def test_rewriting_a_merged_assessment_is_yq401_on_its_line(merged):
    text = signal(FIRST.replace("conclusion: 持续关注", "conclusion: 不构成舆情"))
    merged.save(SP, text, who=LIUYANG, at="2024-08-27 10:00")
    run = check(merged.root, base="main")
    [finding] = run.of("YQ401")
    assert (finding["path"], finding["line"], finding["level"]) == (SP, line_of(text, "conclusion:"), "error")
    for words in ("第 1 条研判记录", "conclusion", "持续关注", "不构成舆情"):
        assert words in finding["message"], finding["message"]
    assert run.code == 1


def test_removing_a_merged_assessment_is_yq401(merged):
    merged.save(SP, signal(SECOND), who=LIUYANG, at="2024-08-27 10:00")
    messages = [f["message"] for f in check(merged.root, base="main").of("YQ401")]
    assert any("研判记录" in message for message in messages), messages


@pytest.mark.parametrize(("field", "value", "label"), [
    ("noticed_at", "2024-08-26 09:20", "发现时间"),
    ("section", "局办公室", "科室"),
])
def test_the_merged_facts_of_a_signal(merged, field, value, label):
    text = signal(**{field: value})
    merged.save(SP, text, who=WANGFANG, at="2024-08-27 10:00")  # even the office does not rewrite them
    [finding] = check(merged.root, base="main").of("YQ401")
    assert finding["line"] == line_of(text, f"{field}:") and label in finding["message"]


def test_incident_may_be_filled_in_once(merged):
    merged.save(SP, signal(incident="YZMZ-2024-0001"), who=LIUYANG, at="2024-08-27 10:00")
    assert check(merged.root, base="main").of("YQ401") == []
    merged.switch("main")
    merged.repo.git.merge("-q", "--ff-only", "mr")
    merged.branch("mr2")
    text = signal(incident="YZMZ-2024-0002")
    merged.save(SP, text, who=LIUYANG, at="2024-08-28 10:00")
    [finding] = check(merged.root, base="main").of("YQ401")
    assert finding["line"] == line_of(text, "incident:") and "YZMZ-2024-0001" in finding["message"]


def test_another_section_editing_a_signal_is_yq403(merged):
    text = signal(FIRST + SECOND.replace("黄晓燕", "张伟"))
    merged.save(SP, text, who=ZHANGWEI, at="2024-08-27 10:00")
    run = check(merged.root, base="main")
    [finding] = run.of("YQ403")
    assert (finding["path"], finding["line"], finding["level"]) == (SP, line_of(text, "section:"), "error")
    for words in ("张伟", "社会事务科", "养老服务科"):
        assert words in finding["message"]


def test_the_office_may_edit_a_signal(merged):
    merged.save(SP, signal(FIRST + SECOND.replace("黄晓燕", "王芳")), who=WANGFANG, at="2024-08-27 10:00")
    assert check(merged.root, base="main").of("YQ403") == []


def test_another_section_editing_a_training_is_yq403_on_its_organizer(merged):
    text = training("[刘洋, 黄晓燕, 张伟]")
    merged.save(TP, text, who=ZHANGWEI, at="2024-09-11 10:00")
    [finding] = check(merged.root, base="main").of("YQ403")
    assert (finding["path"], finding["line"]) == (TP, line_of(text, "organizer:"))
    assert "养老服务科" in finding["message"]


def test_a_training_organized_by_a_person_belongs_to_their_section(merged):
    merged.save(TP, training(organizer="刘洋"), who=LIUYANG, at="2024-09-11 10:00")
    assert check(merged.root, base="main").of("YQ403") == []
    merged.save(TP, training("[刘洋]", organizer="刘洋"), who=ZHANGWEI, at="2024-09-11 11:00")
    assert [f["path"] for f in check(merged.root, base="main").of("YQ403")] == [TP]


def test_deleting_a_merged_signal_is_yq402(merged):
    merged.delete(SP)
    merged.commit("remove the signal", who=LIUYANG, at="2024-08-27 10:00")
    [finding] = check(merged.root, base="main").of("YQ402")
    assert finding["path"] == SP


def test_the_history_reads_signals_and_trainings(merged):
    merged.save(SP, signal(FIRST + SECOND), who=LIUYANG, at="2024-08-27 10:00")
    history = GitHistory.read(merged.root, use_cache=False)
    assert len(history.revisions(SP)) == 2 and len(history.revisions(TP)) == 1
    assert history.revisions(SP)[-1].status == "A"


def test_an_uncommitted_signal_stops_a_range_check(merged):
    merged.write(SP, signal(FIRST + SECOND))  # not committed: --base checks what is committed
    run = check(merged.root, base="main")
    assert run.code == 2 and "未提交" in run.stderr and SP in run.stderr


def test_an_unsigned_commit_of_a_signal_is_yq408_when_signatures_are_required(git_repo):
    git_repo.write("schema/policy.yml", git_repo.read("schema/policy.yml") + "\nrequire_signed_commits: true\n")
    git_repo.write(SP, signal())
    git_repo.commit("signal", who=LIUYANG, at="2024-08-26 10:00")
    git_repo.branch("mr")
    git_repo.save(SP, signal(FIRST + SECOND), who=LIUYANG, at="2024-08-27 10:00")  # unsigned
    [finding] = check(git_repo.root, base="main").of("YQ408")
    assert finding["path"] == SP and "没有签名" in finding["message"]
