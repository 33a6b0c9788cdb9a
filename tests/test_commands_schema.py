"""commands.schema: the checked-in JSON Schemas are current, and they accept and reject what the models do."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import MINIMAL_INCIDENT, PROJECT_ROOT, SCHEMA_DIR
from yuqing.cli import main
from yuqing.commands.schema import SCHEMAS, generate
from yuqing.loader import load_file, load_text
from yuqing.workspace import Workspace

CORPUS_DIR = Path(__file__).parent / "corpus" / "loader"


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def as_json(data):
    """What an editor's YAML extension hands to the JSON Schema: plain JSON values."""
    return json.loads(json.dumps(data, ensure_ascii=False))


@pytest.fixture(scope="module")
def incident_schema() -> Draft202012Validator:
    return validator("incident.schema.json")


@pytest.fixture
def sample() -> dict:
    """A full record: reports, a response with approvals, tracking, an exception."""
    data = load_text(MINIMAL_INCIDENT, ".md").data
    data.update({
        "level": "较大",
        "reports": [
            {"kind": "口头报告", "at": "2024-08-26 09:31", "by": "刘洋", "to": ["分管领导", "主要领导"],
             "cc": "局办公室", "channel": "电话"},
            {"kind": "written", "at": "2024-08-26T09:48:00+08:00", "by": "刘洋", "to": "分管领导",
             "elements": {"时间": "8月26日", "地点": "某社区"}},
        ],
        "responses": [{"at": "2024-08-26 16:30", "channel": "微博评论区", "text": "已整改。",
                       "approvals": [{"role": "分管领导", "at": "2024-08-26 15:50"}]}],
        "tracking": {"owner": "刘洋"},
        "exceptions": [{"rule": "YQ303", "reason": "值班电话故障，改用当面报告"}],
        "drill": False,
    })
    return as_json(data)


# --- up to date ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_checked_in_schema_is_up_to_date(name):
    path = SCHEMA_DIR / name
    assert path.exists(), f"schema/{name} is missing: run `yuqing schema` (or `make schema`) and commit it"
    assert path.read_text(encoding="utf-8") == generate()[name], (
        f"schema/{name} is stale: the models changed. Run `yuqing schema` (or `make schema`) and commit the result."
    )


def test_generation_is_deterministic():
    assert generate() == generate()


def test_schema_check_passes_on_the_project(capsys):
    assert main(["schema", "--check", "--root", str(PROJECT_ROOT)]) == 0


def test_schema_command_writes_then_reports_up_to_date(repo, capsys):
    assert main(["schema", "--root", str(repo.root)]) == 0
    out = capsys.readouterr().out
    for name in SCHEMAS:
        assert f"已更新 schema/{name}" in out
        assert (repo.root / "schema" / name).read_text(encoding="utf-8") == generate()[name]
    assert main(["schema", "--root", str(repo.root)]) == 0
    assert "已是最新" in capsys.readouterr().out


def test_schema_check_reports_a_stale_file_without_writing(repo, capsys):
    main(["schema", "--root", str(repo.root)])
    stale = repo.root / "schema" / "incident.schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["schema", "--check", "--root", str(repo.root)]) == 1
    out = capsys.readouterr().out
    assert "schema/incident.schema.json 已过期" in out and "yuqing schema" in out
    assert "review.schema.json" not in out
    assert stale.read_text(encoding="utf-8") == "{}\n"


# --- the schema accepts what the models accept ----------------------------------------------

@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schemas_are_valid_draft_2020_12(name):
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == name and schema["title"]
    Draft202012Validator.check_schema(schema)


def test_sample_record_is_valid(incident_schema, sample):
    assert list(incident_schema.iter_errors(sample)) == []


@pytest.mark.parametrize("name", ["valid_record.md", "valid_record.yml", "valid_english_aliases.md",
                                  "valid_offset_time.md", "valid_bom_crlf.md"])
def test_valid_corpus_records_are_valid(incident_schema, name):
    assert list(incident_schema.iter_errors(as_json(load_file(CORPUS_DIR / name).data))) == []


def test_every_shipped_record_the_models_accept_the_schema_accepts_too():
    workspace = Workspace.open(PROJECT_ROOT)
    validators = {kind: validator(f"{kind}.schema.json") for kind in ("incident", "review", "signal", "training")}
    checked = 0
    for record in workspace.load_all():
        if record.model is None:
            continue
        errors = [f"{list(e.path)}: {e.message}" for e in validators[record.kind].iter_errors(as_json(record.doc.data))]
        assert errors == [], record.path
        checked += 1
    assert checked == len(workspace.record_files())


@pytest.mark.parametrize(("name", "schema"), [("org.yml", "org.schema.json"), ("policy.yml", "policy.schema.json")])
def test_shipped_configuration_matches_its_schema(name, schema):
    data = as_json(load_file(SCHEMA_DIR / name).data)
    assert list(validator(schema).iter_errors(data)) == []


# --- and rejects what they reject ---------------------------------------------------------------

def invalid(schema: Draft202012Validator, data) -> list[list]:
    return [list(error.absolute_path) for error in schema.iter_errors(data)]


def test_bad_level_is_rejected(incident_schema, sample):
    sample["level"] = "特大"
    assert invalid(incident_schema, sample) == [["level"]]


@pytest.mark.parametrize("level", ["一般", "较大", "重大", "general", "major", "grave"])
def test_levels_and_aliases_are_accepted(incident_schema, sample, level):
    sample["level"] = level
    assert invalid(incident_schema, sample) == []


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.update(discoverd_at="2024-08-26 09:20"), []),  # unknown field: reported on the record
        (lambda d: d["reports"][0].update(at="09:12"), ["reports", 0, "at"]),
        (lambda d: d.update(discovered_at="2024-08-26"), ["discovered_at"]),
        (lambda d: d["reports"][0].update(kind="电话报告"), ["reports", 0, "kind"]),
        (lambda d: d["reports"][0].update(time="09:31"), ["reports", 0]),
        (lambda d: d.pop("summary"), []),
        (lambda d: d.update(status="完成"), ["status"]),
        (lambda d: d["exceptions"][0].update(rule="301"), ["exceptions", 0, "rule"]),
        (lambda d: d.update(drill="yes"), ["drill"]),
        (lambda d: d["reports"][0].update(to=[]), ["reports", 0, "to"]),
    ],
)
def test_schema_rejects_what_the_model_rejects(incident_schema, sample, change, path):
    from pydantic import ValidationError

    from yuqing.models import Incident

    bad = copy.deepcopy(sample)
    change(bad)
    assert invalid(incident_schema, bad) == [path]
    with pytest.raises(ValidationError):
        Incident.model_validate(bad)


def test_review_schema(sample):
    schema = validator("review.schema.json")
    review = {"incident": "YZMZ-2024-0001", "held_at": "2024-09-02 15:00", "organizer": "局办公室",
              "participants": "养老服务科", "conclusion": "处置及时。",
              "actions": [{"what": "修订合同", "owner": "养老服务科", "due": "2024-09-30"}]}
    assert invalid(schema, review) == []
    review["actions"][0]["due"] = "九月底"
    assert invalid(schema, review) == [["actions", 0, "due"]]


# --- the editor experience: .vscode/settings.json routes records to these schemas ------------------

def _glob_regex(pattern: str):
    import re

    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(out + "$")


def schemas_for(settings: dict, path: str) -> set[str]:
    """Which schemas the YAML extension applies to ``path`` (include globs minus `!` exclusions)."""
    chosen = set()
    for schema, patterns in settings["yaml.schemas"].items():
        patterns = [patterns] if isinstance(patterns, str) else patterns
        included = any(_glob_regex(p).search(path) for p in patterns if not p.startswith("!"))
        excluded = any(_glob_regex(p[1:]).search(path) for p in patterns if p.startswith("!"))
        if included and not excluded:
            chosen.add(schema)
    return chosen


def test_vscode_settings_map_the_schemas_onto_the_records():
    settings = json.loads((PROJECT_ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema in settings["yaml.schemas"]:
        assert (PROJECT_ROOT / schema).is_file(), schema
    incident, review = "./schema/incident.schema.json", "./schema/review.schema.json"
    assert schemas_for(settings, "/repo/incidents/2024/YZMZ-2024-0001.yml") == {incident}
    assert schemas_for(settings, "/repo/incidents/2025/YZMZ-2025-0002.yaml") == {incident}
    assert schemas_for(settings, "/repo/incidents/2024/YZMZ-2024-0001.review.yml") == {review}
    assert schemas_for(settings, "/repo/incidents/2024/YZMZ-2024-0001.review.yaml") == {review}
    assert schemas_for(settings, "/repo/schema/policy.yml") == set()
    assert schemas_for(settings, "/repo/.github/workflows/check.yml") == set()
    assert settings["files.encoding"] == "utf8" and settings["files.eol"] == "\n"
    extensions = json.loads((PROJECT_ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
