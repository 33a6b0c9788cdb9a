"""Run the shell commands of the shipped CI definitions, in order, the way the CI services would.

* :func:`run_github_job` runs the ``run:`` steps of one job of a GitHub Actions workflow with
  ``bash --noprofile --norc -eo pipefail`` (what ``shell: bash`` means on GitHub), the
  workflow's, job's and step's ``env``, and the step ``if:`` conditions the workflows use
  (``!cancelled()``, ``always()``, ``success()``, ``failure()``, ``steps.<id>.outcome``).
  ``uses:`` steps are not run (they are GitHub's own actions); their condition is recorded.
* :func:`gitlab_jobs` picks the jobs a GitLab pipeline of a given source would run (the
  ``workflow:rules`` and each job's ``rules:``), in stage order; :func:`run_gitlab_job` runs
  ``before_script`` + ``script`` as one ``bash`` script with ``set -eo pipefail`` (what the
  GitLab runner does), with the pipeline's variables.

Commands that install the project with pip are skipped: the tools are already installed
in the interpreter's environment, whose bin directory is put first on PATH. Every
``${{ … }}`` expression must be given a value by the caller; an unknown one fails the test,
so a new expression in a workflow cannot go untested.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

BIN = Path(sys.executable).parent
PIP_INSTALL = re.compile(r"^\s*(python3? -m )?pip3? install\b")
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass
class Step:
    name: str
    kind: str  # "run" | "uses" | "pip" (a skipped install) | "skipped" (its condition was false)
    command: str = ""
    code: int | None = None
    stdout: str = ""
    stderr: str = ""
    uses: str = ""
    with_: dict = field(default_factory=dict)
    would_run: bool = True

    @property
    def ok(self) -> bool:
        return self.code in (0, None)


@dataclass
class JobRun:
    steps: list[Step]

    @property
    def failed(self) -> bool:
        return any(step.kind == "run" and not step.ok for step in self.steps)

    def step(self, needle: str) -> Step:
        """The step whose command or ``uses`` contains ``needle``."""
        found = [s for s in self.steps if needle in s.command or needle in s.uses]
        assert len(found) == 1, f"{len(found)} steps contain {needle!r}: {[s.name for s in self.steps]}"
        return found[0]

    def explain(self) -> str:
        return "\n".join(f"[{s.kind} {s.code}] {s.name}: {s.command}\n{s.stdout[-3000:]}\n{s.stderr[-3000:]}"
                         for s in self.steps)


def load_yaml(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if True in data and "on" not in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def base_env(workdir: Path, extra: dict) -> dict:
    """The process environment without the host's CI variables, the tools first on PATH."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "CI_", "GITLAB_", "RUNNER_", "YUQING_")) and k not in ("CI",)}
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    env["HOME"] = os.environ.get("HOME", str(workdir))
    env["NO_COLOR"] = "1"
    env.update({k: str(v) for k, v in extra.items()})
    return env


def is_pip_install(script: str) -> bool:
    lines = [line for line in script.splitlines() if line.strip() and not line.strip().startswith("#")]
    return bool(lines) and all(PIP_INSTALL.match(line) for line in lines)


# --- GitHub Actions ------------------------------------------------------------------------------

def substitute(text: str, values: dict) -> str:
    def one(match):
        expression = match.group(1)
        if expression not in values:
            raise AssertionError(f"the test gives no value for the expression ${{{{ {expression} }}}}")
        return str(values[expression])

    return EXPRESSION.sub(one, str(text))


def condition(expression: str | None, failed: bool, outcomes: dict) -> bool:
    """A step ``if:``: the status functions, ``steps.<id>.outcome``, ``==``, ``!``, ``&&``, ``||``."""
    if expression is None:
        return not failed
    text = expression.strip()
    match = EXPRESSION.fullmatch(text)
    text = match.group(1) if match else text
    uses_status = re.search(r"\b(always|success|failure|cancelled)\(\)", text)
    text = re.sub(r"steps\.([\w-]+)\.outcome", lambda m: repr(outcomes.get(m.group(1), "skipped")), text)
    text = (text.replace("always()", "True").replace("cancelled()", "False")
            .replace("success()", repr(not failed)).replace("failure()", repr(failed))
            .replace("&&", " and ").replace("||", " or "))
    text = re.sub(r"!(?!=)", " not ", text)
    if not re.fullmatch(r"[\sA-Za-z'=!\-_]*", text):
        raise AssertionError(f"cannot evaluate the condition {expression!r}")
    value = bool(eval(text, {"__builtins__": {}}, {}))  # noqa: S307 - a checked, tiny grammar
    return value if uses_status else (value and not failed)


def run_github_job(workflow: Path, job: str, workdir: Path, env: dict, expressions: dict) -> JobRun:
    data = load_yaml(workflow)
    spec = data["jobs"][job]
    shell = (data.get("defaults", {}).get("run", {}).get("shell")
             or spec.get("defaults", {}).get("run", {}).get("shell") or "bash")
    assert shell == "bash", f"{workflow.name}: the runner here emulates shell: bash, not {shell}"
    job_env = {**{k: substitute(v, expressions) for k, v in (data.get("env") or {}).items()},
               **{k: substitute(v, expressions) for k, v in (spec.get("env") or {}).items()}}
    steps: list[Step] = []
    failed = False
    outcomes: dict[str, str] = {}
    for number, raw in enumerate(spec["steps"], 1):
        name = raw.get("name") or raw.get("uses") or f"step {number}"
        runs = condition(raw.get("if"), failed, outcomes)
        if "uses" in raw:
            steps.append(Step(name, "uses", uses=raw["uses"], with_=raw.get("with") or {}, would_run=runs))
            if raw.get("id"):
                outcomes[raw["id"]] = "success" if runs else "skipped"
            continue
        command = substitute(raw["run"], expressions)
        if not runs:
            steps.append(Step(name, "skipped", command, would_run=False))
            if raw.get("id"):
                outcomes[raw["id"]] = "skipped"
            continue
        if is_pip_install(command):
            steps.append(Step(name, "pip", command))
            continue
        step_env = {**job_env, **{k: substitute(v, expressions) for k, v in (raw.get("env") or {}).items()}}
        script = workdir.parent / f".step-{job}-{number}.sh"
        script.write_text(command, encoding="utf-8")
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                              cwd=workdir, env=base_env(workdir, {**env, **step_env}),
                              capture_output=True, text=True, timeout=600)
        steps.append(Step(name, "run", command, done.returncode, done.stdout, done.stderr))
        if raw.get("id"):
            outcomes[raw["id"]] = "success" if done.returncode == 0 else "failure"
        if done.returncode != 0 and not raw.get("continue-on-error"):
            failed = True
    return JobRun(steps)


# --- GitLab CI -----------------------------------------------------------------------------------

def gitlab_rule(expression: str, variables: dict) -> bool:
    """A ``rules: if:`` expression: ``$VAR``, string literals, ``==``, ``!=``, ``&&``, ``||``."""
    text = re.sub(r"\$(\w+)", lambda m: repr(variables.get(m.group(1))), expression)
    text = text.replace("&&", " and ").replace("||", " or ")
    if not re.fullmatch(r"""[\s\w'"=!\-.:/]*""", text):
        raise AssertionError(f"cannot evaluate the rule {expression!r}")
    return bool(eval(text, {"__builtins__": {}}, {"None": None}))  # noqa: S307 - a checked, tiny grammar


def _rules_match(rules: list | None, variables: dict) -> bool:
    if rules is None:
        return True
    for rule in rules:
        if "if" not in rule or gitlab_rule(rule["if"], variables):
            return rule.get("when", "on_success") != "never"
    return False


def gitlab_jobs(config: dict, variables: dict) -> list[str]:
    """The jobs of a pipeline with these predefined variables, in stage order (none if workflow:rules say no)."""
    if not _rules_match((config.get("workflow") or {}).get("rules"), variables):
        return []
    stages = config.get("stages") or ["build", "test", "deploy"]
    reserved = {"stages", "variables", "default", "workflow", "include", "image", "services", "cache",
                "before_script", "after_script"}
    jobs = [name for name, spec in config.items()
            if name not in reserved and not name.startswith(".") and isinstance(spec, dict)
            and _rules_match(spec.get("rules"), variables)]
    return sorted(jobs, key=lambda name: stages.index(config[name].get("stage", "test")))


def _expand(value: str, variables: dict) -> str:
    return re.sub(r"\$\{?(\w+)\}?", lambda m: str(variables.get(m.group(1), m.group(0))), str(value))


def run_gitlab_job(config: dict, job: str, workdir: Path, variables: dict) -> JobRun:
    spec = config[job]
    default = config.get("default") or {}
    merged = dict(variables)
    for source in (config.get("variables") or {}, spec.get("variables") or {}):
        for key, value in source.items():
            merged[key] = _expand(value, merged)
    steps: list[Step] = []
    lines: list[str] = []
    for part in ("before_script", "script"):
        for command in spec.get(part, default.get(part) if part == "before_script" else None) or []:
            if is_pip_install(command):
                steps.append(Step(part, "pip", command))
            else:
                lines.append(command)
    script = workdir.parent / f".job-{job}.sh"
    script.write_text("set -eo pipefail\n" + "\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(["bash", "--noprofile", "--norc", str(script)], cwd=workdir,
                          env=base_env(workdir, merged), capture_output=True, text=True, timeout=600)
    steps.append(Step(job, "run", "\n".join(lines), done.returncode, done.stdout, done.stderr))
    return JobRun(steps)
