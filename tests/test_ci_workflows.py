"""The CI definitions: .github/workflows/*.yml, .gitlab-ci.yml, the pre-commit hooks, the templates.

(a) The workflows and the GitLab pipeline validate against check-jsonschema's vendored
    schemas (offline), run as a subprocess.
(b) Every shell command of the merge-request paths runs, in order, in a clone of a test
    repository built from the shipped data (each record committed by its section shortly
    after discovery) plus a branch in which 养老服务科 registers a 重大 incident whose oral
    report came 5 minutes late. With the CI variables set, the tests check the annotation on
    the late report's line, the job summary, the Code Quality JSON (against GitLab's
    documented required fields, tests/gitlab-codequality.schema.json), the JUnit XML, and —
    after the section adds its 情况说明 — a passing check and the built site. The publishing
    paths (publish.yml, the GitLab ``pages`` job) run on main.
(c) The scheduled alarm runs on a repository with an overdue review and on one without.

``pip install`` commands are not run: the tools are installed in this interpreter's
environment, whose bin directory comes first on PATH (see tests/cikit.py).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree

import git
import jsonschema
import pytest
import yaml

import overduekit
from cikit import BIN, gitlab_jobs, load_yaml, run_github_job, run_gitlab_job
from gitkit import WANGFANG, Who, identity_env
from recordkit import excused, grave, line_of, path_of, review, to_markdown
from robotkit import Robot
from yuqing.models import Incident, Review
from yuqing.timeparse import format_time
from yuqing.workspace import Workspace

PROJECT = Path(__file__).resolve().parents[1]
WORKFLOWS = PROJECT / ".github" / "workflows"
GITLAB_CI = PROJECT / ".gitlab-ci.yml"
CODEQUALITY_SCHEMA = Path(__file__).parent / "gitlab-codequality.schema.json"
SHIPPED = ["schema", "incidents", "docs", "mkdocs.yml", ".gitignore", ".github", ".gitlab", ".gitlab-ci.yml",
           "requirements", "pyproject.toml", "README.md"]
BRANCH = "yanglao-late-report"  # the merge request's first push: the late report, no 情况说明
EXCUSED = "yanglao-late-report-2"  # its second push (a copy of the branch, so both states stay testable)
LATE_AT = "2024-08-26 09:40"  # the oral report: due 09:35 (discovered 09:20 + 15 min)
GITHUB_BOT = Who("GitHub", "noreply@github.com")


def _check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "check-jsonschema"), *args], capture_output=True, text=True, timeout=120)


# --- (a) schemas -------------------------------------------------------------------------------

def test_github_workflows_validate_against_the_vendored_schema():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["alarm.yml", "pr.yml", "publish.yml"]
    done = _check_jsonschema("--builtin-schema", "vendor.github-workflows", *map(str, files))
    assert done.returncode == 0, done.stdout + done.stderr


def test_gitlab_ci_validates_against_the_vendored_schema():
    done = _check_jsonschema("--builtin-schema", "vendor.gitlab-ci", str(GITLAB_CI))
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_validator_does_reject_a_broken_file(tmp_path):
    broken = load_yaml(WORKFLOWS / "pr.yml")
    del broken["jobs"]["check"]["runs-on"]
    (tmp_path / "broken.yml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    assert _check_jsonschema("--builtin-schema", "vendor.github-workflows", str(tmp_path / "broken.yml")).returncode
    config = yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))
    config["pages"]["artifacts"]["when"] = "sometimes"
    (tmp_path / "broken-ci.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    assert _check_jsonschema("--builtin-schema", "vendor.gitlab-ci", str(tmp_path / "broken-ci.yml")).returncode


# --- the definitions' promises ------------------------------------------------------------------

def test_pr_workflow_shape():
    data = load_yaml(WORKFLOWS / "pr.yml")
    assert list(data["on"]) == ["pull_request"]
    assert data["permissions"] == {"contents": "read"}
    steps = data["jobs"]["check"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip" and "requirements/ci.txt" in python["with"]["cache-dependency-path"]
    runs = [s["run"] for s in steps if "run" in s]
    assert runs[0] == "pip install -c requirements/ci.txt -e ."
    assert any("--base" in r and "--format github" in r for r in runs)
    assert any("--format markdown" in r and "GITHUB_STEP_SUMMARY" in r for r in runs)
    assert "mkdocs build --strict" in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"
    # the same site built with Zensical in a job of its own: a Zensical failure shows as its own red check
    zensical = data["jobs"]["zensical"]
    assert "needs" not in zensical
    runs = [s["run"] for s in zensical["steps"] if "run" in s]
    assert runs == ["pip install -c requirements/ci.txt -e .",
                    "yuqing build --generator zensical --strict --quiet --site-dir site-zensical"]
    upload = next(s for s in zensical["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"] == {**upload["with"], "name": "site-preview-zensical", "path": "site-zensical/"}


PUBLISH_BUILD = 'yuqing build --generator "$YUQING_GENERATOR" --strict --quiet'


def test_the_publishing_generator_is_mkdocs_unless_switched():
    """publish.yml and the GitLab pages job build with the generator YUQING_GENERATOR names, mkdocs by default,
    and the comment next to it says, in Chinese and in English, to set it to zensical to publish with Zensical."""
    for path, build in ((WORKFLOWS / "publish.yml", PUBLISH_BUILD), (GITLAB_CI, PUBLISH_BUILD + " --site-dir public")):
        text = path.read_text(encoding="utf-8")
        config = load_yaml(path)
        variables = config["env"] if path.suffix == ".yml" and path.parent == WORKFLOWS else config["variables"]
        assert variables["YUQING_GENERATOR"] == "mkdocs", path
        comment = text[:text.index("YUQING_GENERATOR: mkdocs")].rsplit("\n\n", 1)[-1]
        assert "改为 zensical" in comment and "set it to zensical to publish with Zensical" in comment, path
        scripts = ([s.get("run") for s in config["jobs"]["build"]["steps"]] if path.parent == WORKFLOWS
                   else config["pages"]["script"])
        assert build in scripts, path
        assert not any("mkdocs build" in str(line) for line in scripts), path
    admin = (PROJECT / "docs" / "guide" / "ci-setup.md").read_text(encoding="utf-8")
    assert "YUQING_GENERATOR" in admin and "zensical" in admin


def test_publish_workflow_least_privilege():
    data = load_yaml(WORKFLOWS / "publish.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["permissions"] == {}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    uses = [s.get("uses", "").split("@")[0] for s in build["steps"] + deploy["steps"]]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    assert PUBLISH_BUILD in [s.get("run") for s in build["steps"]]
    for name in ("pr.yml", "alarm.yml"):
        assert load_yaml(WORKFLOWS / name)["permissions"] == {"contents": "read"}


def test_alarm_workflow_schedule():
    data = load_yaml(WORKFLOWS / "alarm.yml")
    assert data["on"]["schedule"] == [{"cron": "0 * * * *"}] and "workflow_dispatch" in data["on"]
    assert "secrets.YUQING_WEBHOOK" in data["jobs"]["alarm"]["env"]["YUQING_WEBHOOK"]


def test_gitlab_paths():
    config = yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))
    mr = {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_DEFAULT_BRANCH": "main"}
    main = {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main"}
    other = {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "feature", "CI_DEFAULT_BRANCH": "main"}
    schedule = {"CI_PIPELINE_SOURCE": "schedule", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main"}
    assert gitlab_jobs(config, mr) == ["yuqing-check", "site-preview", "site-zensical"]
    assert gitlab_jobs(config, main) == ["pages"]
    assert gitlab_jobs(config, other) == []  # branch pipelines would duplicate the merge-request ones
    assert gitlab_jobs(config, schedule) == ["overdue-alarm"]
    check = config["yuqing-check"]
    assert str(config["variables"]["GIT_DEPTH"]) == "0" and str(check["variables"]["GIT_DEPTH"]) == "0"
    assert check["artifacts"]["when"] == "always"
    assert check["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json", "junit": "yuqing-junit.xml"}
    assert all("$CI_MERGE_REQUEST_DIFF_BASE_SHA" in line for line in check["script"])
    assert config["pages"]["artifacts"]["paths"] == ["public"]
    assert config["site-preview"]["script"] == ["mkdocs build --strict --site-dir public"]
    zensical = config["site-zensical"]
    assert zensical["stage"] == "build" and zensical["needs"] == []  # its own job: its failure shows on its own
    assert zensical["script"] == ["yuqing build --generator zensical --strict --quiet --site-dir public-zensical"]
    assert zensical["artifacts"]["paths"] == ["public-zensical/"]
    assert "PIP_CACHE_DIR" in config["variables"] and config["default"]["cache"][0]["paths"] == [".cache/pip"]


def test_both_platforms_keep_the_yuqing_cache_between_runs():
    """Issue 18: a fresh runner starts from the last run's cache (check results of unchanged records and the
    Git history read so far). The cache verifies itself, so the keys only choose the nearest one: the
    branch's newest, else the target branch's (GitHub: any of this OS)."""
    gitlab = yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))
    assert gitlab["variables"]["YUQING_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/yuqing"
    yuqing_cache = next(entry for entry in gitlab["default"]["cache"] if entry["paths"] == [".cache/yuqing"])
    assert yuqing_cache["key"] == "yuqing-$CI_COMMIT_REF_SLUG"
    assert yuqing_cache["fallback_keys"] == ["yuqing-$CI_DEFAULT_BRANCH"]
    for name in ("pr.yml", "publish.yml", "alarm.yml"):
        workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
        for job_name, job in workflow["jobs"].items():
            steps = job.get("steps", [])
            runs = [index for index, step in enumerate(steps) if "yuqing " in step.get("run", "")
                    or "mkdocs build" in step.get("run", "")]
            if not runs:
                continue
            caches = [index for index, step in enumerate(steps) if step.get("uses", "").startswith("actions/cache@")]
            assert caches and caches[0] < runs[0], (name, job_name)  # restored before the first check
            settings = steps[caches[0]]["with"]
            assert settings["path"] == "~/.cache/yuqing"  # where yuqing keeps it on Linux (platformdirs)
            assert "${{ github.sha }}" in settings["key"] and settings["restore-keys"].splitlines()[-1].strip() == "yuqing-${{ runner.os }}-"


def test_pinned_requirements_cover_every_runtime_dependency():
    pins = {}
    for line in (PROJECT / "requirements" / "ci.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep and version, f"not pinned with ==: {line}"
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"]:
        name, _, lower = re.split(r"(>=)", requirement)
        key = re.sub(r"[-_.]+", "-", name.strip()).lower()
        assert key in pins, f"{name} is not pinned in requirements/ci.txt"
        assert _version(pins[key]) >= _version(lower), f"{name}=={pins[key]} is below pyproject's {lower}"


def _version(text: str) -> tuple:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def test_pre_commit_hooks():
    [hook] = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["language"], hook["entry"]) == ("yuqing-check", "python", "yuqing check")
    pattern = re.compile(hook["files"])
    for path in ("incidents/2024/YZMZ-2024-0001.md", "incidents/2024/YZMZ-2024-0001.review.md",
                 "incidents/2025/YZMZ-2025-0001.yml", "incidents/2025/YZMZ-2025-0001.yaml"):
        assert pattern.search(path), path
    for path in ("docs/guide/submit.md", "schema/org.yml", "tools/yuqing/cli.py"):
        assert not pattern.search(path), path
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["yuqing-check"]["files"] == hook["files"] and "yuqing check" in hooks["yuqing-check"]["entry"]
    assert "ruff" in hooks and re.compile(hooks["ruff"]["files"]).search("tools/yuqing/cli.py")
    assert re.compile(hooks["ruff"]["files"]).search("tests/test_cli.py")


def test_the_hook_entry_reports_a_bad_record(tmp_path):
    """What pre-commit runs: the hook's entry with the staged record files as arguments."""
    [hook] = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (tmp_path / "schema").mkdir()
    for name in ("org.yml", "policy.yml"):
        shutil.copyfile(PROJECT / "schema" / name, tmp_path / "schema" / name)
    good, bad = path_of("YZMZ-2024-0001"), path_of("YZMZ-2024-0001", review=True)
    (tmp_path / good).parent.mkdir(parents=True)
    late = grave()
    late["reports"][0]["at"] = LATE_AT
    (tmp_path / good).write_text(to_markdown(late), encoding="utf-8")
    (tmp_path / bad).write_text(to_markdown(review()), encoding="utf-8")
    entry = hook["entry"].split()
    files = [p for p in (good, bad) if re.search(hook["files"], p)]
    done = subprocess.run([str(BIN / entry[0]), *entry[1:], *files], cwd=tmp_path, capture_output=True, text=True,
                          env=_plain_env())
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{good}:{line_of(to_markdown(late), f'at: {LATE_AT}')}:" in done.stdout and "YQ301" in done.stdout


def _plain_env() -> dict:
    from cikit import base_env

    return base_env(PROJECT, {})


@pytest.mark.parametrize("path", [".github/pull_request_template.md",
                                  ".gitlab/merge_request_templates/事件记录.md",
                                  ".gitlab/merge_request_templates/Default.md"])
def test_templates(path):
    text = (PROJECT / path).read_text(encoding="utf-8")
    for words in ("新登记", "追加报告", "办结", "复盘", "更正", "事件编号", "实际发生的时间", "情况说明",
                  "没有个人信息", "没有改动已经合并的条目"):
        assert words in text, f"{path}: {words}"
    assert text.count("<!--") == text.count("-->")  # no comment swallows the form


# --- the test repository ------------------------------------------------------------------------

def _git(repo: Path, *args: str, env: dict | None = None) -> str:
    return git.Repo(repo).git.execute(["git", *args], env=env)


def _member(workspace: Workspace, section: str) -> Who:
    member = workspace.org.section(section).members[0]
    return Who(member.name, member.git[0])


def _local(moment, workspace) -> str:
    return format_time(moment, workspace.org.tz)


def build_upstream(root: Path, extra: dict | None = None) -> Path:
    """The shipped data as a repository on main, each record committed by its section an hour after
    discovery (reviews by 局办公室 an hour after the meeting); ``extra`` {path: text} committed the same way."""
    root.mkdir(parents=True)
    for name in SHIPPED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", ".*.swp"))
        elif source.exists():
            shutil.copy2(source, root / name)
    for path, text in (extra or {}).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    repo = git.Repo.init(root, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("commit", "gpgsign", "false")
    repo.git.add("-A", "--", ".", ":!incidents")
    repo.git.commit("-q", "-m", "台账仓库初始化", env=identity_env(WANGFANG, "2024-01-02 09:00"))
    workspace = Workspace.open(root)
    dated = []
    for record in workspace.load_all():
        model = record.model
        if isinstance(model, Incident):
            when = _local(model.discovered_at + timedelta(hours=1), workspace)
            dated.append((when, record.path, _member(workspace, model.section), f"登记 {model.id} {model.title}"))
        elif isinstance(model, Review):
            when = _local(model.held_at + timedelta(hours=1), workspace)
            dated.append((when, record.path, WANGFANG, f"{model.incident} 复盘评估"))
    for when, path, who, message in sorted(dated):
        repo.git.add(path)
        repo.git.commit("-q", "-m", message, env=identity_env(who, when))
    if repo.is_dirty(untracked_files=True):  # anything else shipped under incidents/
        repo.git.add("-A")
        repo.git.commit("-q", "-m", "其他文件", env=identity_env(WANGFANG, "2024-01-02 10:00"))
    return root


def next_id(root: Path, year: int) -> str:
    numbers = [int(p.name.split("-")[2].split(".")[0]) for p in (root / "incidents" / str(year)).glob("*-*-*.*")]
    return f"YZMZ-{year}-{max(numbers, default=0) + 1:04d}"


@dataclass
class Scenario:
    upstream: Path
    incident_id: str
    path: str
    text: str
    late_line: int


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Scenario:
    """Upstream main (the shipped data) and a branch: 养老服务科 registers a 重大 incident whose oral
    report was 5 minutes late, then 局办公室 adds the review. No 情况说明 yet."""
    upstream = build_upstream(tmp_path_factory.mktemp("ci") / "upstream")
    identifier = next_id(upstream, 2024)
    data = grave(id=identifier, title="网传某养老机构护理员推搡老人视频")
    data["reports"][0]["at"] = LATE_AT
    text = to_markdown(data)
    path = path_of(identifier)
    repo = git.Repo(upstream)
    repo.git.checkout("-q", "-b", BRANCH)
    (upstream / path).write_text(text, encoding="utf-8")
    repo.git.add(path)
    liuyang = _member(Workspace.open(upstream), "养老服务科")
    repo.git.commit("-q", "-m", f"登记 {identifier}", env=identity_env(liuyang, "2024-08-26 10:30"))
    review_path = path_of(identifier, review=True)
    (upstream / review_path).write_text(to_markdown(review(identifier), "## 复盘\n\n复盘会纪要。\n"), encoding="utf-8")
    repo.git.add(review_path)
    repo.git.commit("-q", "-m", f"{identifier} 复盘评估", env=identity_env(WANGFANG, "2024-09-02 15:00"))
    repo.git.checkout("-q", "main")
    return Scenario(upstream, identifier, path, text, line_of(text, f"at: {LATE_AT}"))


def add_excuse(scenario: Scenario) -> str:
    """The section's answer to CI: a second commit with the 情况说明 (the times unchanged), on EXCUSED."""
    repo = git.Repo(scenario.upstream)
    repo.git.checkout("-q", "-b", EXCUSED, BRANCH)
    data = grave(id=scenario.incident_id, title="网传某养老机构护理员推搡老人视频")
    data["reports"][0]["at"] = LATE_AT
    reason = "刘洋发现视频时正在院内核实，先向院长了解情况，09:40 电话报告两位领导，超时 5 分钟。"
    text = to_markdown(excused(data, "YQ301", reason))
    (scenario.upstream / scenario.path).write_text(text, encoding="utf-8")
    repo.git.add(scenario.path)
    liuyang = _member(Workspace.open(scenario.upstream), "养老服务科")
    repo.git.commit("-q", "-m", f"{scenario.incident_id} 补充情况说明", env=identity_env(liuyang, "2024-09-03 10:00"))
    repo.git.checkout("-q", "main")
    assert line_of(text, f"at: {LATE_AT}") == scenario.late_line
    return reason


def clone(upstream: Path, target: Path) -> Path:
    git.Repo.clone_from(str(upstream), str(target))
    return target


def github_pr_checkout(upstream: Path, target: Path, branch: str = BRANCH) -> Path:
    """What actions/checkout gives a pull_request run: the merge of the head into the base, detached."""
    work = clone(upstream, target)
    _git(work, "checkout", "-q", "--detach", "origin/main")
    _git(work, "merge", "-q", "--no-ff", "--no-edit", f"origin/{branch}",
         env={**identity_env(GITHUB_BOT, "2024-09-03 11:00")})
    return work


def gitlab_mr_checkout(upstream: Path, target: Path, branch: str = BRANCH) -> tuple[Path, str]:
    """A merge-request pipeline: the source branch's head, detached; returns (work tree, diff base sha)."""
    work = clone(upstream, target)
    _git(work, "checkout", "-q", "--detach", f"origin/{branch}")
    return work, _git(work, "merge-base", "origin/main", f"origin/{branch}")


GITHUB_EXPRESSIONS = {
    "github.event.pull_request.number": "7",
    "steps.deployment.outputs.page_url": "https://pages.example/",
}


def github_env(work: Path, summary: Path, event: str, **extra) -> dict:
    summary.write_text("", encoding="utf-8")
    return {"CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": event, "GITHUB_WORKSPACE": str(work),
            "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_SERVER_URL": "https://github.example",
            "GITHUB_REPOSITORY": "yzmz/yuqing", "GITHUB_RUN_ID": "42", **extra}


def gitlab_env(work: Path, source: str, **extra) -> dict:
    return {"CI": "true", "GITLAB_CI": "true", "CI_PIPELINE_SOURCE": source, "CI_PROJECT_DIR": str(work),
            "CI_DEFAULT_BRANCH": "main", "CI_PIPELINE_URL": "https://gitlab.example/yzmz/yuqing/-/pipelines/42",
            **extra}


ANNOTATION = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.*)$")


def annotations(output: str) -> list[tuple]:
    return [m.groups() for m in map(ANNOTATION.match, output.splitlines()) if m]


# --- (b) the merge-request paths ------------------------------------------------------------------

@pytest.fixture(scope="module")
def github_late(scenario, tmp_path_factory):
    base = tmp_path_factory.mktemp("gh-late")
    work = github_pr_checkout(scenario.upstream, base / "work")
    summary = base / "summary.md"
    env = github_env(work, summary, "pull_request", GITHUB_BASE_REF="main", GITHUB_HEAD_REF=BRANCH)
    run = run_github_job(WORKFLOWS / "pr.yml", "check", work, env, GITHUB_EXPRESSIONS)
    return run, summary.read_text(encoding="utf-8"), work


def test_github_pr_marks_the_late_report_on_its_line(scenario, github_late):
    run, summary, work = github_late
    assert [s.kind for s in run.steps][:3] == ["uses", "uses", "pip"]
    check = run.step("--format github")
    assert check.code == 1, run.explain()
    found = annotations(check.stdout)
    assert [(level, file, int(line)) for level, file, line, *_ in found] == [("error", scenario.path, scenario.late_line)]
    level, file, line, column, title, message = found[0]
    assert title == "YQ301 grave-oral-report" and "超时 5分钟" in message
    assert run.failed  # the pull request cannot be merged like this


def test_github_pr_summary_in_chinese(scenario, github_late):
    run, summary, work = github_late
    assert run.step("--format markdown").code == 0  # the summary step itself never fails the job
    assert summary.startswith("## 舆情台账检查结果\n")
    assert "❌ 有错误" in summary
    assert f"| {scenario.path}:{scenario.late_line} | ❌ 错误 | YQ301 grave-oral-report |" in summary
    assert "| 养老服务科（刘洋、黄晓燕、王芳） | 2024-08-26 09:35 | 重大舆情口头报告（分管领导、主要领导）：" in summary
    assert "超时未说明，已逾期 5分钟" in summary
    # only the merge request's own records: the shipped incidents' excused delays are not listed
    assert "YZMZ-2025-0001" not in summary


@pytest.fixture(scope="module")
def excused_branch(scenario):
    return add_excuse(scenario)


@pytest.fixture(scope="module")
def github_excused(scenario, excused_branch, tmp_path_factory):
    base = tmp_path_factory.mktemp("gh-excused")
    work = github_pr_checkout(scenario.upstream, base / "work", EXCUSED)
    summary = base / "summary.md"
    env = github_env(work, summary, "pull_request", GITHUB_BASE_REF="main", GITHUB_HEAD_REF=EXCUSED)
    run = run_github_job(WORKFLOWS / "pr.yml", "check", work, env, GITHUB_EXPRESSIONS)
    return run, summary.read_text(encoding="utf-8"), work


def test_github_pr_after_the_excuse_passes_and_builds_the_site(scenario, excused_branch, github_excused):
    run, summary, work = github_excused
    assert not run.failed, run.explain()
    found = annotations(run.step("--format github").stdout)
    assert [(level, file, int(line)) for level, file, line, *_ in found] == \
        [("warning", scenario.path, scenario.late_line)]
    assert "已有情况说明" in found[0][5]
    assert "✅ 没有错误" in summary and "❌" not in summary
    assert run.step("mkdocs build --strict").code == 0
    upload = run.step("actions/upload-artifact")
    assert upload.would_run and upload.with_["path"] == "site/"
    _assert_site(work / "site", scenario, excused_branch)


def test_github_pr_builds_the_site_with_zensical_too(scenario, excused_branch, github_excused, tmp_path):
    """pr.yml's zensical job on the same checkout: the same record page, built by Zensical."""
    _, _, work = github_excused
    env = github_env(work, tmp_path / "summary.md", "pull_request", GITHUB_BASE_REF="main", GITHUB_HEAD_REF=EXCUSED)
    run = run_github_job(WORKFLOWS / "pr.yml", "zensical", work, env, GITHUB_EXPRESSIONS)
    assert not run.failed, run.explain()
    assert run.step("--generator zensical").code == 0
    upload = run.step("actions/upload-artifact")
    assert upload.would_run and upload.with_["path"] == "site-zensical/"
    _assert_site(work / "site-zensical", scenario, excused_branch)
    assert _generator_of(work / "site-zensical") == "zensical"


def _generator_of(site: Path) -> str:
    """Which generator built ``site``: its home page's <meta name="generator">."""
    found = re.search(r'<meta name="generator" content="([a-z]+)', (site / "index.html").read_text(encoding="utf-8"))
    assert found, site
    return found.group(1)


def _assert_site(site: Path, scenario: Scenario, reason: str | None = None) -> None:
    assert (site / "index.html").is_file()
    pages = [p for p in site.rglob("*.html") if scenario.incident_id in p.as_posix()]
    assert pages, f"no page for {scenario.incident_id} in {site}"
    page = next(p for p in pages if "/incidents/" in p.as_posix())
    html = page.read_text(encoding="utf-8")
    assert "网传某养老机构护理员推搡老人视频" in html
    if reason:
        assert reason.split("，")[0] in html
    assert not re.search(r"""(src|href)=["']https?://(?!weibo\.example)""", html), "a request to an outside host"


@pytest.fixture(scope="module")
def gitlab_late(scenario, tmp_path_factory):
    base = tmp_path_factory.mktemp("gl-late")
    work, base_sha = gitlab_mr_checkout(scenario.upstream, base / "work")
    config = yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))
    variables = gitlab_env(work, "merge_request_event", CI_MERGE_REQUEST_DIFF_BASE_SHA=base_sha,
                           CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main", CI_COMMIT_REF_NAME=BRANCH)
    jobs = gitlab_jobs(config, variables)
    return {job: run_gitlab_job(config, job, work, variables) for job in jobs}, work, config


def test_gitlab_mr_job_fails_and_still_writes_both_reports(scenario, gitlab_late):
    runs, work, config = gitlab_late
    assert list(runs) == ["yuqing-check", "site-preview", "site-zensical"]
    check = runs["yuqing-check"]
    assert [s.kind for s in check.steps] == ["pip", "run"]
    assert check.failed, check.explain()
    text_line = f"{scenario.path}:{scenario.late_line}:"
    assert text_line in check.steps[-1].stdout and "YQ301" in check.steps[-1].stdout
    for report in config["yuqing-check"]["artifacts"]["reports"].values():
        assert (work / report).is_file(), report  # artifacts: when: always uploads them

    issues = json.loads((work / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    jsonschema.validate(issues, json.loads(CODEQUALITY_SCHEMA.read_text(encoding="utf-8")))
    [issue] = issues
    assert issue["location"] == {"path": scenario.path, "lines": {"begin": scenario.late_line}}
    assert issue["check_name"].startswith("YQ301") and issue["severity"] == "major"

    suite = ElementTree.parse(work / "yuqing-junit.xml").getroot()
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(cases) == {scenario.path, path_of(scenario.incident_id, review=True)}
    failure = cases[scenario.path].find("failure")
    assert failure is not None and "YQ301" in failure.get("message")
    assert f"line {scenario.late_line}" in failure.get("message")
    assert cases[path_of(scenario.incident_id, review=True)].find("failure") is None


def test_the_codequality_schema_rejects_what_gitlab_would():
    schema = json.loads(CODEQUALITY_SCHEMA.read_text(encoding="utf-8"))
    good = {"description": "d", "check_name": "c", "fingerprint": "f", "severity": "major",
            "location": {"path": "incidents/x.md", "lines": {"begin": 3}}}
    jsonschema.validate([good], schema)
    for broken in ({**good, "severity": "error"}, {k: v for k, v in good.items() if k != "fingerprint"},
                   {**good, "location": {"path": "incidents/x.md"}},
                   {**good, "location": {"path": "incidents/x.md", "lines": {"begin": "3"}}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate([broken], schema)


@pytest.fixture(scope="module")
def gitlab_excused(scenario, excused_branch, tmp_path_factory):
    base = tmp_path_factory.mktemp("gl-excused")
    work, base_sha = gitlab_mr_checkout(scenario.upstream, base / "work", EXCUSED)
    config = yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))
    variables = gitlab_env(work, "merge_request_event", CI_MERGE_REQUEST_DIFF_BASE_SHA=base_sha)
    return {job: run_gitlab_job(config, job, work, variables) for job in gitlab_jobs(config, variables)}, work


def test_gitlab_mr_after_the_excuse(scenario, excused_branch, gitlab_excused):
    runs, work = gitlab_excused
    for job, run in runs.items():
        assert not run.failed, f"{job}\n{run.explain()}"
    issues = json.loads((work / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    jsonschema.validate(issues, json.loads(CODEQUALITY_SCHEMA.read_text(encoding="utf-8")))
    assert [(i["severity"], i["location"]["lines"]["begin"]) for i in issues] == [("minor", scenario.late_line)]
    suite = ElementTree.parse(work / "yuqing-junit.xml").getroot()
    assert suite.get("failures") == "0"
    _assert_site(work / "public", scenario, excused_branch)
    _assert_site(work / "public-zensical", scenario, excused_branch)
    assert (_generator_of(work / "public"), _generator_of(work / "public-zensical")) == ("mkdocs", "zensical")


# --- publishing on main ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def main_clone(scenario, tmp_path_factory):
    base = tmp_path_factory.mktemp("main")
    return clone(scenario.upstream, base / "work"), base


def test_publish_workflow_on_main(main_clone):
    work, base = main_clone
    summary = base / "summary.md"
    run = run_github_job(WORKFLOWS / "publish.yml", "build", work, github_env(work, summary, "push"),
                         GITHUB_EXPRESSIONS)
    assert not run.failed, run.explain()
    assert "检查了" in summary.read_text(encoding="utf-8")
    assert _generator_of(work / "site") == "mkdocs"
    upload = run.step("actions/upload-pages-artifact")
    assert upload.would_run and upload.with_["path"] == "site/"
    deploy = run_github_job(WORKFLOWS / "publish.yml", "deploy", work, github_env(work, summary, "push"),
                            GITHUB_EXPRESSIONS)
    assert [s.kind for s in deploy.steps] == ["uses"] and deploy.steps[0].uses.startswith("actions/deploy-pages@")


def test_gitlab_pages_on_the_default_branch(main_clone):
    work, _ = main_clone
    config = yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))
    variables = gitlab_env(work, "push", CI_COMMIT_BRANCH="main")
    assert gitlab_jobs(config, variables) == ["pages"]
    run = run_gitlab_job(config, "pages", work, variables)
    assert not run.failed, run.explain()
    assert _generator_of(work / "public") == "mkdocs"
    jsonschema.validate(json.loads((work / "gl-code-quality-report.json").read_text(encoding="utf-8")),
                        json.loads(CODEQUALITY_SCHEMA.read_text(encoding="utf-8")))


def test_publishing_with_zensical_when_switched(main_clone, tmp_path):
    """YUQING_GENERATOR set to zensical, as the admin guide says: publish.yml and the pages job build with Zensical."""
    work, base = main_clone
    workflow = load_yaml(WORKFLOWS / "publish.yml")
    workflow["env"]["YUQING_GENERATOR"] = "zensical"
    switched = tmp_path / "publish.yml"
    switched.write_text(yaml.safe_dump(workflow, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run = run_github_job(switched, "build", work, github_env(work, base / "summary-zensical.md", "push"),
                         GITHUB_EXPRESSIONS)
    assert not run.failed, run.explain()
    assert _generator_of(work / "site") == "zensical"
    config = yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))
    config["variables"]["YUQING_GENERATOR"] = "zensical"  # or a CI/CD variable of the project, which wins
    run = run_gitlab_job(config, "pages", work, gitlab_env(work, "push", CI_COMMIT_BRANCH="main"))
    assert not run.failed, run.explain()
    assert _generator_of(work / "public") == "zensical"


# --- (c) the scheduled alarm ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def overdue_upstream(tmp_path_factory):
    """The shipped data plus a closed 较大 incident of 基层政权科 whose review never came (due 2024-09-27 17:00)."""
    from recordkit import files_of

    extra = files_of(overduekit.unreviewed_major())
    next_free = next_id(PROJECT, 2024)
    text = extra.pop(overduekit.NO_REVIEW_PATH).replace(overduekit.NO_REVIEW_ID, next_free)
    return build_upstream(tmp_path_factory.mktemp("alarm") / "upstream", {path_of(next_free): text}), next_free


ALARM_WHO = "局办公室、基层政权科（王芳、赵磊、马强、林小红）"


def test_github_alarm_with_an_overdue_review(overdue_upstream, tmp_path):
    upstream, identifier = overdue_upstream
    work = clone(upstream, tmp_path / "work")
    summary = tmp_path / "summary.md"
    with Robot() as robot:
        expressions = {**GITHUB_EXPRESSIONS, "secrets.YUQING_WEBHOOK": robot.url,
                       "secrets.YUQING_WEBHOOK_SECRET": "", "vars.YUQING_WEBHOOK_KIND": ""}
        run = run_github_job(WORKFLOWS / "alarm.yml", "alarm", work, github_env(work, summary, "schedule"),
                             expressions)
    check = run.step("yuqing check --format markdown")
    assert check.code == 1 and run.failed, run.explain()
    text = summary.read_text(encoding="utf-8")
    # who, by when, what
    row = next(line for line in text.splitlines() if line.startswith(f"| {ALARM_WHO} |"))
    assert "| 2024-09-27 17:00 | 复盘评估（办结后 7 天内）：" in row and identifier in row and "逾期未做" in row
    assert any(level == "error" and "YQ307" in title for level, _, _, _, title, _ in annotations(check.stdout))
    notify = run.step("yuqing notify")
    assert notify.code == 0, run.explain()
    [body] = robot.bodies()
    assert f"**{ALARM_WHO}** 应在 **2024-09-27 17:00** 前：复盘评估" in body["markdown"]["text"]
    assert "[查看详情](https://github.example/yzmz/yuqing/actions/runs/42)" in body["markdown"]["text"]


def test_github_alarm_without_anything_overdue(scenario, tmp_path):
    work = clone(scenario.upstream, tmp_path / "work")  # main: the shipped data only
    summary = tmp_path / "summary.md"
    with Robot() as robot:
        expressions = {**GITHUB_EXPRESSIONS, "secrets.YUQING_WEBHOOK": robot.url,
                       "secrets.YUQING_WEBHOOK_SECRET": "", "vars.YUQING_WEBHOOK_KIND": ""}
        run = run_github_job(WORKFLOWS / "alarm.yml", "alarm", work, github_env(work, summary, "schedule"),
                             expressions)
    assert not run.failed, run.explain()
    assert "当前没有逾期或即将到期的事项。" in summary.read_text(encoding="utf-8")
    assert "没有逾期事项，也没有 2小时 内到期的事项，不发送通知。" in run.step("yuqing notify").stdout
    assert robot.requests == []


def test_github_alarm_without_a_webhook_secret(overdue_upstream, tmp_path):
    upstream, _ = overdue_upstream
    work = clone(upstream, tmp_path / "work")
    expressions = {**GITHUB_EXPRESSIONS, "secrets.YUQING_WEBHOOK": "", "secrets.YUQING_WEBHOOK_SECRET": "",
                   "vars.YUQING_WEBHOOK_KIND": ""}
    run = run_github_job(WORKFLOWS / "alarm.yml", "alarm", work, github_env(work, tmp_path / "s.md", "schedule"),
                         expressions)
    assert run.failed
    notify = run.step("yuqing notify")
    assert notify.code == 0 and "没有设置机密 YUQING_WEBHOOK" in notify.stdout


def test_gitlab_alarm(overdue_upstream, scenario, tmp_path):
    upstream, identifier = overdue_upstream
    config = yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))
    with Robot() as robot:
        work = clone(upstream, tmp_path / "overdue")
        variables = gitlab_env(work, "schedule", CI_COMMIT_BRANCH="main", YUQING_WEBHOOK=robot.url)
        assert gitlab_jobs(config, variables) == ["overdue-alarm"]
        run = run_gitlab_job(config, "overdue-alarm", work, variables)
        assert run.failed
        output = run.steps[-1].stdout
        assert f"| {ALARM_WHO} | 2024-09-27 17:00 | 复盘评估" in output and identifier in output
        assert len(robot.requests) == 1 and "复盘评估" in robot.bodies()[0]["markdown"]["text"]

        clean = clone(scenario.upstream, tmp_path / "clean")
        variables = gitlab_env(clean, "schedule", CI_COMMIT_BRANCH="main", YUQING_WEBHOOK=robot.url)
        run = run_gitlab_job(config, "overdue-alarm", clean, variables)
        assert not run.failed, run.explain()
        assert len(robot.requests) == 1  # nothing new was posted
        assert "当前没有逾期或即将到期的事项。" in run.steps[-1].stdout


def _due_soon_upstream(root: Path) -> tuple[Path, str, str]:
    """The shipped data plus an open 重大 incident of 养老服务科 whose first follow-up falls due in
    1 h 30 min (and nothing else due or overdue), at a ``now`` near the real time: (upstream, id, now)."""
    from datetime import datetime

    from recordkit import DISCOVERED, shifted

    workspace = Workspace.open(PROJECT)
    now = datetime.now(workspace.org.tz).replace(second=0, microsecond=0)
    discovered = now - timedelta(hours=22, minutes=30)
    record = shifted(grave(), discovered.replace(tzinfo=None) - datetime.strptime(DISCOVERED, "%Y-%m-%d %H:%M"))
    record["id"] = next_id(PROJECT, discovered.year)
    record["status"] = "处置中"
    record["reports"] = record["reports"][:2]  # the oral and the written report; the first follow-up is due
    del record["closed_at"]
    upstream = build_upstream(root, {path_of(record["id"]): to_markdown(record)})
    return upstream, record["id"], _local(now, workspace)


def test_github_alarm_warns_before_a_deadline(tmp_path):
    upstream, identifier, now = _due_soon_upstream(tmp_path / "upstream")
    work = clone(upstream, tmp_path / "work")
    summary = tmp_path / "summary.md"
    with Robot() as robot:
        expressions = {**GITHUB_EXPRESSIONS, "secrets.YUQING_WEBHOOK": robot.url,
                       "secrets.YUQING_WEBHOOK_SECRET": "", "vars.YUQING_WEBHOOK_KIND": ""}
        run = run_github_job(WORKFLOWS / "alarm.yml", "alarm", work,
                             github_env(work, summary, "schedule", YUQING_NOW=now), expressions)
    assert not run.failed, run.explain()  # nothing is overdue: the check passes
    notify = run.step("yuqing notify")
    assert "--due-within 2h" in notify.command
    assert "0 项逾期，1 项将在 2小时 内到期" in notify.stdout, run.explain()
    [body] = robot.bodies()
    text = body["markdown"]["text"]
    assert "**即将到期**" in text and identifier in text
    assert "第 1 次续报（间隔不超过 24 小时），还有 1小时30分钟" in text


def test_gitlab_alarm_warns_before_a_deadline(tmp_path):
    upstream, identifier, now = _due_soon_upstream(tmp_path / "upstream")
    config = yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))
    work = clone(upstream, tmp_path / "work")
    with Robot() as robot:
        variables = gitlab_env(work, "schedule", CI_COMMIT_BRANCH="main", YUQING_WEBHOOK=robot.url, YUQING_NOW=now)
        run = run_gitlab_job(config, "overdue-alarm", work, variables)
    assert not run.failed, run.explain()
    assert "0 项逾期，1 项将在 2小时 内到期" in run.steps[-1].stdout
    [body] = robot.bodies()
    assert identifier in body["markdown"]["text"] and "还有 1小时30分钟" in body["markdown"]["text"]


def test_runner_uses_this_interpreter():
    assert (BIN / "yuqing").exists() and (BIN / "mkdocs").exists() and Path(sys.executable).parent == BIN
