"""commands.new: next free id, a template that loads and validates, no overwriting, clear usage errors."""

from __future__ import annotations

from datetime import datetime

import pytest

from conftest import MINIMAL_INCIDENT, TZ
from yuqing.cli import main
from yuqing.commands import new
from yuqing.models import Incident, Level

DISCOVERED = "2024-08-26 09:20"


def run_new(repo, *extra, level="一般", section="养老服务科", title="网民反映午餐质量差", discovered=DISCOVERED):
    argv = ["new", "--root", str(repo.root), "--level", level, "--section", section, "--title", title]
    if discovered:
        argv += ["--discovered-at", discovered]
    return main(argv + list(extra))


def incident_text(record_id: str) -> str:
    return MINIMAL_INCIDENT.replace("YZMZ-2024-0001", record_id)


def created(repo) -> list[str]:
    return sorted(p.relative_to(repo.root).as_posix() for p in (repo.root / "incidents").rglob("*") if p.is_file())


# --- the next free id ------------------------------------------------------------------------

def test_first_id_of_an_empty_year(repo, capsys):
    assert run_new(repo) == 0
    assert created(repo) == ["incidents/2024/YZMZ-2024-0001.md"]
    assert "已创建 incidents/2024/YZMZ-2024-0001.md" in capsys.readouterr().out


def test_next_id_is_max_plus_one(repo, capsys):
    repo.write("incidents/2024/YZMZ-2024-0001.md", incident_text("YZMZ-2024-0001"))
    repo.write("incidents/2024/YZMZ-2024-0007.yml", "id: YZMZ-2024-0007\n")  # a gap is not refilled
    repo.write("incidents/2024/YZMZ-2024-0003.md", incident_text("YZMZ-2024-0003"))
    assert run_new(repo) == 0
    assert (repo.root / "incidents/2024/YZMZ-2024-0008.md").is_file()


def test_review_files_do_not_count_as_extra_records(repo):
    repo.write("incidents/2024/YZMZ-2024-0001.md", incident_text("YZMZ-2024-0001"))
    repo.write("incidents/2024/YZMZ-2024-0002.md", incident_text("YZMZ-2024-0002"))
    repo.write("incidents/2024/YZMZ-2024-0002.review.md", "---\nincident: YZMZ-2024-0002\n---\n")
    assert new.next_id(repo.workspace(), 2024) == "YZMZ-2024-0003"
    assert run_new(repo) == 0
    assert "incidents/2024/YZMZ-2024-0003.md" in created(repo)


def test_other_years_and_other_names_are_ignored(repo):
    repo.write("incidents/2023/YZMZ-2023-0042.md", incident_text("YZMZ-2023-0042"))
    repo.write("incidents/2025/YZMZ-2025-0005.md", incident_text("YZMZ-2025-0005"))
    repo.write("incidents/2024/OTHER-2024-0099.md", "x")
    repo.write("incidents/2024/YZMZ-2024-0050-draft.md", "x")
    repo.write("incidents/2024/.YZMZ-2024-0077.md", "x")  # hidden: not a record
    repo.write("incidents/2024/YZMZ-2024-0088.txt", "x")  # not a record type
    workspace = repo.workspace()
    assert new.next_id(workspace, 2024) == "YZMZ-2024-0001"
    assert new.next_id(workspace, 2023) == "YZMZ-2023-0043"
    assert new.next_id(workspace, 2025) == "YZMZ-2025-0006"


def test_year_comes_from_the_discovery_time_in_beijing(repo):
    # 2024-12-31 17:00 UTC is already 2025-01-01 01:00 in Beijing
    assert run_new(repo, discovered="2024-12-31T17:00:00Z") == 0
    assert created(repo) == ["incidents/2025/YZMZ-2025-0001.md"]
    assert "discovered_at: 2025-01-01 01:00" in repo.read("incidents/2025/YZMZ-2025-0001.md")


def test_default_discovery_time_is_now(repo):
    before = datetime.now(TZ).replace(second=0, microsecond=0)
    assert run_new(repo, discovered=None) == 0
    [path] = created(repo)
    record = repo.workspace().load_record(repo.root / path)
    assert before <= record.model.discovered_at <= datetime.now(TZ)
    assert path.startswith(f"incidents/{record.model.discovered_at.year}/")


def test_successive_calls_count_up(repo):
    for _ in range(3):
        assert run_new(repo) == 0
    assert created(repo) == [f"incidents/2024/YZMZ-2024-000{n}.md" for n in (1, 2, 3)]


# --- the template ----------------------------------------------------------------------------

@pytest.mark.parametrize("level", ["一般", "较大", "重大", "general", "major", "grave"])
@pytest.mark.parametrize("file_format", ["md", "yml"])
def test_generated_record_loads_and_validates(repo, level, file_format):
    assert run_new(repo, "--format", file_format, level=level) == 0
    path = repo.root / f"incidents/2024/YZMZ-2024-0001.{file_format}"
    record = repo.workspace().load_record(path)
    assert record.problems == [], [p.msg.zh for p in record.problems]  # passes YQ001-YQ003
    model = record.model
    assert isinstance(model, Incident)
    assert model.id == "YZMZ-2024-0001" and model.section == "养老服务科"
    assert model.title == "网民反映午餐质量差"
    assert model.level is Level({"general": "一般", "major": "较大", "grave": "重大"}.get(level, level))
    assert model.discovered_at == datetime(2024, 8, 26, 9, 20, tzinfo=TZ)
    assert model.reports == [] and model.drill is False
    assert (model.tracking is not None) == (model.level is not Level.GENERAL)
    assert "事件经过" in record.body


def test_generated_record_passes_the_file_rules_of_the_checker(repo, capsys):
    """The checker itself (not only the loader) finds nothing of YQ001-YQ003 in a fresh record."""
    import json

    run_new(repo, level="重大")
    capsys.readouterr()
    main(["check", "--root", str(repo.root), "--format", "json", "--now", "2024-08-26 09:25"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f for f in findings if f["rule"] in {"YQ001", "YQ002", "YQ003", "YQ101"}] == []


def test_template_explains_every_field_in_chinese(repo):
    run_new(repo, level="重大")
    text = repo.read("incidents/2024/YZMZ-2024-0001.md")
    for field in ["id:", "title:", "level:", "status:", "section:", "discovered_at:", "occurred_at:", "drill:",
                  "visibility:", "source:", "summary:", "reports:", "responses:", "tracking:", "escalations:",
                  "exceptions:", "closed_at:", "kind:", "elements:", "approvals:"]:
        assert field in text, field
    assert "# 级别：一般 / 较大 / 重大" in text
    # the deadlines of this level, computed from policy.yml
    assert "YQ301 重大舆情口头报告：2024-08-26 09:35 前" in text
    assert "YQ305" not in text  # an obligation of 一般 only


def test_general_level_template_has_no_required_tracking(repo):
    run_new(repo, level="一般")
    text = repo.read("incidents/2024/YZMZ-2024-0001.md")
    assert "\ntracking:" not in text and "# tracking:" in text
    assert "YQ301 重大舆情口头报告" not in text and "YQ305 一般舆情回应须经审核" in text


@pytest.mark.parametrize("title", ['引号 "测试" 与冒号: 井号 # 完', "- 以横线开头", "{花括号} [方括号] & * ! |", "反斜杠 \\ 和 $美元",
                                   "yes", "09:12", "2025-03-01", "🙂 表情"])
def test_any_title_round_trips(repo, title):
    assert run_new(repo, title=title) == 0
    record = repo.workspace().load_record(repo.root / "incidents/2024/YZMZ-2024-0001.md")
    assert record.problems == []
    assert record.model.title == title


def test_drill_flag(repo):
    assert run_new(repo, "--drill") == 0
    record = repo.workspace().load_record(repo.root / "incidents/2024/YZMZ-2024-0001.md")
    assert record.model.drill is True


# --- refusing and rejecting -------------------------------------------------------------------

def test_refuses_to_overwrite(repo, monkeypatch, capsys):
    """Another `yuqing new` (or a hand-made file) takes the id between choosing it and writing."""
    real_next_id = new.next_id

    def next_id_then_someone_else_writes(workspace, year):
        chosen = real_next_id(workspace, year)
        repo.write(f"incidents/{year}/{chosen}.md", "别人的记录\n")
        return chosen

    monkeypatch.setattr(new, "next_id", next_id_then_someone_else_writes)
    assert run_new(repo) == 1
    assert repo.read("incidents/2024/YZMZ-2024-0001.md") == "别人的记录\n"
    err = capsys.readouterr().err
    assert "文件已存在，未覆盖" in err and "YZMZ-2024-0001.md" in err


def test_refuses_to_overwrite_a_directory_in_the_way(repo, capsys):
    (repo.root / "incidents/2024/YZMZ-2024-0001.md").mkdir(parents=True)
    assert run_new(repo) == 1
    assert (repo.root / "incidents/2024/YZMZ-2024-0001.md").is_dir()
    assert "未覆盖" in capsys.readouterr().err


def test_unknown_section_exits_2_with_a_chinese_message(repo, capsys):
    assert run_new(repo, section="财务科") == 2
    err = capsys.readouterr().err
    assert "科室“财务科”不在 org.yml 中" in err
    assert "可选：局办公室、社会救助科、养老服务科" in err  # in org.yml's order
    assert created(repo) == []


@pytest.mark.parametrize("level", ["特大", "high", ""])
def test_unknown_level_exits_2_with_a_chinese_message(repo, capsys, level):
    assert run_new(repo, level=level) == 2
    err = capsys.readouterr().err
    assert "级别" in err and "一般、较大、重大" in err
    assert "Traceback" not in err
    assert created(repo) == []


def test_english_messages(repo, capsys):
    assert run_new(repo, "--lang", "en", section="财务科") == 2
    assert "section '财务科' is not in org.yml" in capsys.readouterr().err


def test_empty_title_and_bad_time_exit_2(repo, capsys):
    assert run_new(repo, title="   ") == 2
    assert "标题不能为空" in capsys.readouterr().err
    assert run_new(repo, discovered="昨天上午") == 2
    assert "无法识别" in capsys.readouterr().err
    assert created(repo) == []


def test_missing_required_option_is_a_usage_error(repo, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["new", "--root", str(repo.root), "--level", "一般", "--title", "t"])
    assert caught.value.code == 2
    assert "用法错误" in capsys.readouterr().err


def test_no_repository_exits_2(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("YUQING_ROOT", raising=False)
    assert main(["new", "--root", str(tmp_path), "--level", "一般", "--section", "局办公室", "--title", "t"]) == 2
    assert "schema/org.yml" in capsys.readouterr().err


@pytest.mark.parametrize(("given", "written", "expected"), [
    ("2024-08-26 09:20", "discovered_at: 2024-08-26 09:20 #", datetime(2024, 8, 26, 9, 20, tzinfo=TZ)),
    ("2024-08-26 09:20:45", "discovered_at: 2024-08-26 09:20:45 #", datetime(2024, 8, 26, 9, 20, 45, tzinfo=TZ)),
    ("2024-08-26 09:20:45.5", "discovered_at: 2024-08-26 09:20:45.5 #",
     datetime(2024, 8, 26, 9, 20, 45, 500000, tzinfo=TZ)),
])
def test_discovery_seconds_given_are_kept(repo, given, written, expected):
    """Seconds decide deadlines: a time given with them is written as given, never cut to the minute."""
    assert run_new(repo, discovered=given) == 0
    text = repo.read("incidents/2024/YZMZ-2024-0001.md")
    assert written in text
    record = repo.workspace().load_record(repo.root / "incidents/2024/YZMZ-2024-0001.md")
    assert record.model.discovered_at == expected


def test_a_yml_record_names_its_json_schema_for_the_editor(repo):
    """VS Code's YAML extension completes and checks a .yml record by the schema its first line names
    (relative to the record), even opened on its own; a .md record's front matter it never reads."""
    assert run_new(repo, "--format", "yml") == 0
    path = repo.root / "incidents/2024/YZMZ-2024-0001.yml"
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == "# yaml-language-server: $schema=../../schema/incident.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve() == (repo.root / "schema/incident.schema.json").resolve()
    assert run_new(repo) == 0
    assert "yaml-language-server" not in repo.read("incidents/2024/YZMZ-2024-0002.md")


# --- new --signal and new --training (issue 16) ---------------------------------------------

SIGNAL = ["--signal", "--section", "局办公室", "--by", "赵磊", "--summary", "网传某社区将被撤并，本地论坛出现转发。",
          "--noticed-at", "2026-03-10 09:40"]
TRAINING = ["--training", "--topic", "苗头性信息的发现与研判：从预警信息到事件登记", "--attendees", "王芳、赵磊", "李明",
            "--held-at", "2026-11-20 09:30", "--kind", "研讨"]


def new_files(repo, top: str) -> list[str]:
    return sorted(p.relative_to(repo.root).as_posix() for p in (repo.root / top).rglob("*") if p.is_file())


def check_json(repo, capsys, now="2026-03-10 10:00") -> list[dict]:
    import json

    capsys.readouterr()
    code = main(["check", "--root", str(repo.root), "--format", "json", "--now", now])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 0, findings
    return findings


@pytest.mark.parametrize("file_format", ["md", "yml"])
def test_new_signal_passes_the_checker(repo, capsys, file_format):
    from yuqing.models import Signal

    assert main(["new", "--root", str(repo.root), *SIGNAL, "--channel", "微信", "--format", file_format]) == 0
    path = f"monitoring/2026/YZMZ-YJ-2026-0001.{file_format}"
    assert f"已创建 {path}" in capsys.readouterr().out
    record = repo.workspace().load_record(repo.root / path)
    assert record.problems == [], [p.msg.zh for p in record.problems]
    model = record.model
    assert isinstance(model, Signal)
    assert (model.id, model.section, model.noticed_by, model.source.channel) == (
        "YZMZ-YJ-2026-0001", "局办公室", "赵磊", "微信")
    assert model.noticed_at == datetime(2026, 3, 10, 9, 40, tzinfo=TZ) and model.assessments == []
    assert check_json(repo, capsys) == []  # nothing at all, not even YQ314 before its deadline
    text = repo.read(path)
    assert "研判时限：2026-03-11 09:40 前" in text and "# 负责研判的科室" in text
    assert text.startswith("# yaml-language-server: $schema=../../schema/signal.schema.json\n") == (file_format == "yml")
    # the day after, the unassessed signal is YQ314's warning, not an error
    assert [f["rule"] for f in check_json(repo, capsys, now="2026-03-11 10:00")] == ["YQ314"]


def test_new_signal_ids_count_up_per_year_of_noticing(repo):
    repo.write("monitoring/2026/YZMZ-YJ-2026-0004.md", "id: x\n")
    repo.write("incidents/2026/YZMZ-2026-0009.md", "x")  # an incident's number is not a signal's
    assert main(["new", "--root", str(repo.root), *SIGNAL]) == 0
    assert main(["new", "--root", str(repo.root), *SIGNAL[:-1], "2026-12-31T17:00:00Z"]) == 0  # 2027 in Beijing
    assert new_files(repo, "monitoring") == ["monitoring/2026/YZMZ-YJ-2026-0004.md", "monitoring/2026/YZMZ-YJ-2026-0005.md",
                                             "monitoring/2027/YZMZ-YJ-2027-0001.md"]


@pytest.mark.parametrize(("extra", "message"), [
    (["--section", "财务科"], "科室“财务科”不在 org.yml 中"),
    (["--by", "路人甲"], "发现人“路人甲”不在 org.yml 的人员名单中"),
    (["--summary", "  "], "概要不能为空"),
])
def test_new_signal_rejects_what_the_checker_would(repo, capsys, extra, message):
    assert main(["new", "--root", str(repo.root), *SIGNAL, *extra]) == 2
    assert message in capsys.readouterr().err
    assert not (repo.root / "monitoring").exists()


def test_new_signal_needs_its_options(repo, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["new", "--root", str(repo.root), "--signal", "--section", "局办公室"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "用法错误" in err and "--by" in err and "--summary" in err


def test_signal_and_training_exclude_each_other(repo, capsys):
    with pytest.raises(SystemExit):
        main(["new", "--root", str(repo.root), "--signal", "--training"])
    assert "不能与" in capsys.readouterr().err


@pytest.mark.parametrize("file_format", ["md", "yml"])
def test_new_training_passes_the_checker(repo, capsys, file_format):
    from yuqing.models import Training

    assert main(["new", "--root", str(repo.root), *TRAINING, "--format", file_format]) == 0
    path = f"trainings/2026/2026-11-20-苗头性信息的发现与研判从预警信息到事件登记.{file_format}"
    assert new_files(repo, "trainings") == [path]
    record = repo.workspace().load_record(repo.root / path)
    assert record.problems == [], [p.msg.zh for p in record.problems]
    model = record.model
    assert isinstance(model, Training)
    assert model.topic == "苗头性信息的发现与研判：从预警信息到事件登记" and model.kind.value == "研讨"
    assert model.attendees == ["王芳", "赵磊", "李明"] and model.organizer == "局办公室"
    assert [f for f in check_json(repo, capsys, now="2026-11-21 10:00") if f["path"] == path] == []
    assert "attendees: [王芳, 赵磊, 李明]" in repo.read(path)


@pytest.mark.parametrize(("topic", "expected"), [
    ("舆情应急处置培训班", "舆情应急处置培训班"),
    ("2026 年 舆情（应对）培训！", "2026年舆情应对培训"),
    ("Ｗｅｂ 舆情/研判 - 第二期", "Web舆情研判第二期"),
    ("……！", "培训"),
    ("很" * 40, "很" * 24),
])
def test_training_slug_keeps_chinese_and_drops_punctuation(topic, expected):
    from yuqing.commands.new_records import slug

    assert slug(topic) == expected


def test_new_training_never_overwrites_and_takes_a_slug(repo, capsys):
    assert main(["new", "--root", str(repo.root), *TRAINING]) == 0
    assert main(["new", "--root", str(repo.root), *TRAINING]) == 1
    assert "--slug" in capsys.readouterr().err
    assert main(["new", "--root", str(repo.root), *TRAINING, "--slug", "下午场"]) == 0
    assert new_files(repo, "trainings")[0] == "trainings/2026/2026-11-20-下午场.md"


@pytest.mark.parametrize(("extra", "message"), [
    (["--kind", "讲座"], "培训形式“讲座”无效"),
    (["--organizer", "财务科"], "组织者“财务科”不是 org.yml 中的科室、角色或人员"),
    (["--attendees", "王芳", "路人甲"], "参加人员“路人甲”不在 org.yml 的人员名单中"),
    (["--topic", " "], "培训主题不能为空"),
])
def test_new_training_rejects_what_the_checker_would(repo, capsys, extra, message):
    assert main(["new", "--root", str(repo.root), *TRAINING, *extra]) == 2
    assert message in capsys.readouterr().err
    assert not (repo.root / "trainings").exists()


def test_new_help_is_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["new", "-h"])
    out = capsys.readouterr().out
    for words in ("新建预警信息记录", "新建培训记录", "--noticed-at 时间", "--attendees 姓名", "培训的主题", "显示帮助信息并退出"):
        assert words in out, words


def test_a_bad_time_names_its_option(repo, capsys):
    assert main(["new", "--root", str(repo.root), *SIGNAL[:-1], "昨天上午"]) == 2
    err = capsys.readouterr().err
    assert "用法错误：--noticed-at 的时间“昨天上午”无法识别" in err
    assert main(["new", "--root", str(repo.root), *TRAINING[:-4], "--held-at", "2026年11月20日 9时30分"]) == 2
    assert "--held-at 的时间“2026年11月20日 9时30分”无法识别" in capsys.readouterr().err
    assert not (repo.root / "monitoring").exists() and not (repo.root / "trainings").exists()
