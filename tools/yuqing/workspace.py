"""The product repository: where it is, its organisation and policy, and its record files."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from yuqing.errors import ConfigError
from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.layout import DOCS_DIR, ORG_FILE, POLICY_FILE, RECORD_DIRS, record_kind, stem
from yuqing.loader import RECORD_SUFFIXES, LoadedDocument, decode, load_file, load_text, os_reason, read_bytes
from yuqing.models import Incident, Org, Policy, Review, Signal, Training
from yuqing.schema_errors import validate_document
from yuqing.yamlstrict import YamlProblem


def find_root(start: Path | None = None) -> Path:
    """The nearest directory upwards holding schema/org.yml (or $YUQING_ROOT)."""
    env = os.environ.get("YUQING_ROOT")
    here = Path(env or start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / ORG_FILE).is_file():
            return candidate
    raise ConfigError(Msg(
        f"在 {here} 及其上级目录中找不到 {ORG_FILE}。请在台账仓库里运行，或用 --root 指定仓库目录。",
        f"no {ORG_FILE} in {here} or above; run inside the records repository or pass --root."))


def _inside(path: Path | str, root: Path | str) -> bool:
    path, root = str(path), str(root)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _outside_link() -> LoadedDocument:
    return LoadedDocument(problems=[YamlProblem("YQ001", 1, 1, Msg(
        "这是一个指向仓库之外的符号链接，出于安全考虑不读取。请把记录文件本身放进仓库。",
        "a symbolic link leading outside the repository; not read."))], readable=False)


MODELS = {"incident": Incident, "review": Review, "signal": Signal, "training": Training}


@dataclass
class Record:
    """One record file as loaded: its document, its validated model (if valid) and its problems."""

    path: str  # relative to the repository root, with forward slashes
    kind: str  # "incident" | "review"
    doc: LoadedDocument
    model: Incident | Review | None = None
    problems: list[Problem] = field(default_factory=list)
    derived: dict = field(default_factory=dict, repr=False, compare=False)  # per-record results rules share
    key: bytes | None = field(default=None, repr=False, compare=False)  # the content key (yuqing.checking.cache.file_key)

    @property
    def stem(self) -> str:
        return stem(self.path)

    def with_model(self, model) -> Record:
        """This record with another version of its model (an earlier level, before its corrections,
        the merged version): what the obligation rules judge for the rules that compare versions."""
        return dataclasses.replace(self, model=model, derived={})

    @property
    def valid(self) -> bool:
        """Whether the record passed its schema (it has a model)."""
        return self.model is not None

    @property
    def readable(self) -> bool:
        return self.doc.readable

    @property
    def record_id(self) -> str | None:
        """The incident id this record is about (a review's incident, the incident a signal became;
        None for a training or a signal that became none)."""
        if isinstance(self.model, Incident):
            return self.model.id
        if isinstance(self.model, (Review, Signal)):
            return self.model.incident
        if isinstance(self.model, Training):
            return None
        if self.kind == "training":
            return None
        data = self.doc.data if isinstance(self.doc.data, dict) else {}
        value = data.get("id" if self.kind == "incident" else "incident")
        return str(value) if value is not None else None

    @property
    def own_id(self) -> str | None:
        """The id the record itself carries, when it is valid: an incident's or a signal's (None for the rest)."""
        if isinstance(self.model, (Incident, Signal)):
            return self.model.id
        return None

    @property
    def body(self) -> str:
        if self.model is not None and self.model.body:
            return self.model.body
        return self.doc.body

    def locate(self, loc: tuple, key: bool = False) -> tuple[int, int]:
        return self.doc.locate_key(loc) if key else self.doc.locate(loc)


def _load_config(root: Path, relative: str, model: type[BaseModel]) -> tuple[BaseModel, LoadedDocument]:
    path = root / relative
    if not path.is_file():
        raise ConfigError(Msg(f"缺少配置文件 {relative}。", f"missing configuration file {relative}."), relative)
    return _parse_config(load_file(path), relative, model)


def _parse_config(doc: LoadedDocument, relative: str, model: type[BaseModel]) -> tuple[BaseModel, LoadedDocument]:
    if doc.problems:
        first = doc.problems[0]
        raise ConfigError(first.msg, relative, first.line, first.column)
    parsed, problems = validate_document(model, doc, {})
    if problems:
        first = problems[0]
        rest = len(problems) - 1
        extra = Msg(f"（另有 {rest} 处问题）", f"({rest} more)") if rest else Msg("", "")
        raise ConfigError(first.msg + extra, relative, first.line, first.column)
    return parsed, doc


class Workspace:
    """A records repository: root, organisation, policy, and access to record files."""

    def __init__(self, root: Path, org: Org, policy: Policy, org_doc: LoadedDocument | None = None):
        self.org_doc = org_doc  # org.yml as read, for findings on its lines (YQ313)
        self.unreadable_dirs: list[OSError] = []
        self.outside_dirs: list[Path] = []  # symbolic links to directories outside the repository
        self._plain_files: set[str] = set()  # listed by record_paths: regular files, not links
        self._real_directories: dict[str, str] = {}
        self.root = root
        self.org = org
        self.policy = policy

    @classmethod
    def open(cls, root: Path | None = None, check_policy=None) -> Workspace:
        """The repository at ``root`` (default: the nearest one upwards) with its org.yml and policy.yml.

        ``check_policy(policy, org, doc)`` checks what only the rule registry knows (which codes
        exist); :func:`yuqing.repository.open_repository` passes :func:`yuqing.rules.check_policy`.
        Raises :class:`ConfigError`.
        """
        root = Path(root).resolve() if root else find_root()
        if not (root / ORG_FILE).is_file():
            raise ConfigError(Msg(f"{root} 中没有 {ORG_FILE}。", f"{root} has no {ORG_FILE}."))
        org, org_doc = _load_config(root, ORG_FILE, Org)
        policy, policy_doc = _load_config(root, POLICY_FILE, Policy)
        if check_policy is not None:
            check_policy(policy, org, policy_doc)
        return cls(root, org, policy, org_doc)

    def with_config(self, org_text: str, policy_text: str, check_policy=None) -> Workspace:
        """This repository judged by another org.yml and policy.yml (e.g. a merge request's base
        revision's), validated as :meth:`open` validates them; the records are still this root's.
        Raises :class:`ConfigError`."""
        org_doc = load_text(org_text, ".yml")
        org, _ = _parse_config(org_doc, ORG_FILE, Org)
        policy, policy_doc = _parse_config(load_text(policy_text, ".yml"), POLICY_FILE, Policy)
        if check_policy is not None:
            check_policy(policy, org, policy_doc)
        return type(self)(self.root, org, policy, org_doc)

    @property
    def context(self) -> dict:
        return {"tz": self.org.tz}

    def relative(self, path: Path) -> str:
        """The path relative to the root, symbolic links not followed."""
        absolute = os.path.abspath(path)
        prefix = str(self.root) + os.sep
        if absolute.startswith(prefix):
            return absolute[len(prefix):].replace(os.sep, "/")
        return Path(path).as_posix()

    def relatives(self, paths: list[str]) -> list[str]:
        """:meth:`relative` of many absolute path strings inside the root (those of :meth:`record_paths`)."""
        prefix = str(self.root) + os.sep
        cut = len(prefix)
        if os.sep == "/":
            return [path[cut:] if path.startswith(prefix) else self.relative(Path(path)) for path in paths]
        return [self.relative(Path(path)) for path in paths]

    def record_files(self) -> list[Path]:
        """Every record file under incidents/, monitoring/ and trainings/, sorted; hidden files and other
        types are skipped."""
        return [Path(path) for path in self.record_paths()]

    def record_paths(self) -> list[str]:
        """:meth:`record_files` as absolute path strings (cheaper for many thousands of files)."""
        self.unreadable_dirs = []
        self.outside_dirs = []
        self._plain_files = set()
        found: list[str] = []
        for directory in RECORD_DIRS:
            self._walk(os.path.join(str(self.root), directory), found)
        return sorted(found, key=lambda path: path.split(os.sep))  # the order of Path objects

    def _walk(self, directory: str, found: list[str]) -> None:
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            if not isinstance(exc, FileNotFoundError):
                self.unreadable_dirs.append(exc)
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                self._walk(entry.path, found)
            elif entry.is_symlink() and os.path.isdir(entry.path):  # isdir: False on a link loop
                # a link to a directory is not followed; one leading outside is reported, not ignored
                if self.leaves_repository(entry.path):
                    self.outside_dirs.append(Path(entry.path))
            elif entry.name.lower().endswith(RECORD_SUFFIXES):
                found.append(entry.path)
                if not entry.is_symlink():
                    self._plain_files.add(entry.path)

    def leaves_repository(self, path: Path) -> bool:
        """A symbolic link, or a file in the repository, whose real location is outside the repository.

        A file named outside the repository (``yuqing check /elsewhere/copy.txt``) is not refused.
        """
        if path in self._plain_files:  # not a link, and inside unless its directory leads elsewhere
            return not _inside(self._real_directory(os.path.dirname(path)), self.root)
        absolute = os.path.abspath(path)
        linked = os.path.islink(absolute)
        if not (linked or _inside(absolute, self.root)):
            return False
        if linked:
            real = os.path.realpath(absolute)  # realpath: no error on a link loop
        else:  # only the directories can lead elsewhere: resolve each directory once
            real = os.path.join(self._real_directory(os.path.dirname(absolute)), os.path.basename(absolute))
        return not _inside(real, self.root)

    def _real_directory(self, directory: str) -> str:
        if directory not in self._real_directories:
            self._real_directories[directory] = os.path.realpath(directory)
        return self._real_directories[directory]

    def load_record(self, path: Path, doc: LoadedDocument | None = None) -> Record:
        """Read and validate one record (``doc``: the file already read, e.g. by a worker process)."""
        relative = self.relative(path)
        kind = record_kind(relative)
        path = Path(path)
        if doc is None:
            doc = _outside_link() if self.leaves_repository(path) else load_file(path)
        record = Record(relative, kind, doc)
        for problem in doc.problems:
            record.problems.append(Problem(problem.msg, line=problem.line, column=problem.column, rule=problem.code))
        if doc.readable:
            model = MODELS[kind]
            record.model, problems = validate_document(model, doc, self.context)
            record.problems.extend(problems)
        return record

    def read_guarded(self, path: Path) -> bytes | LoadedDocument:
        """The file's bytes, or an unreadable document if it cannot be read or leads outside the repository."""
        return _outside_link() if self.leaves_repository(path) else read_bytes(path)

    def doc_files(self) -> list[Path]:
        """The hand-written site pages (docs/**/*.md), checked for spam, markup and personal data."""
        base = self.root / DOCS_DIR
        return sorted(p for p in base.rglob("*.md") if not any(part.startswith(".") for part in p.parts))

    def load_doc(self, path: Path) -> Record:
        """A hand-written page as a record of kind "doc": only its text matters."""
        raw = self.read_guarded(path)
        text = raw if isinstance(raw, LoadedDocument) else decode(raw)
        doc = text if isinstance(text, LoadedDocument) else LoadedDocument(body=text, body_line=1, text=text)
        record = Record(self.relative(path), "doc", doc)
        for problem in doc.problems:
            record.problems.append(Problem(problem.msg, line=problem.line, column=problem.column, rule=problem.code))
        return record

    def load_all(self) -> list[Record]:
        """Every record, read and validated (``yuqing check`` uses :mod:`yuqing.checking.scale` instead)."""
        return [self.load_record(path) for path in self.record_files()] + self.directory_problems()

    def directory_problems(self) -> list[Record]:
        """Records standing for directories that cannot be read or that lead outside (YQ001)."""
        records: list[Record] = []
        for exc in self.unreadable_dirs:
            problem = Problem(Msg("无法读取目录：", "cannot read the directory: ") + os_reason(exc) + Msg("。", "."),
                              line=1, column=1, rule="YQ001")
            records.append(Record(self.relative(Path(exc.filename)), "incident",
                                  LoadedDocument(readable=False), problems=[problem]))
        for link in self.outside_dirs:
            problem = Problem(Msg("这是一个指向仓库之外的目录的符号链接，其中的文件不会被读取和检查。请把记录文件本身放进仓库。",
                                  "a symbolic link to a directory outside the repository; its files are not read."),
                              line=1, column=1, rule="YQ001")
            records.append(Record(self.relative(link), "incident", LoadedDocument(readable=False), problems=[problem]))
        return records
