"""Where things are in the product repository (DESIGN §2), relative to its root, with forward slashes.

A module that imports nothing of the package, so that any module may use it.
"""

import os
from pathlib import Path

ORG_FILE = "schema/org.yml"
POLICY_FILE = "schema/policy.yml"
TEMPLATES_DIR = "schema/templates"  # the Word templates of yuqing report
SCHEMA_DIR = "schema"  # the JSON Schemas of the records (yuqing schema) beside org.yml and policy.yml
RECORDS_DIR = "incidents"
MONITORING_DIR = "monitoring"  # monitoring/<YYYY>/<ID>.md: signals (研判预警)
TRAININGS_DIR = "trainings"  # trainings/<YYYY>/<DATE>-<slug>.md: training sessions
RECORD_DIRS = (RECORDS_DIR, MONITORING_DIR, TRAININGS_DIR)
DOCS_DIR = "docs"
REVIEW_MARK = ".review"  # incidents/<YYYY>/<ID>.review.md is the review of <ID>
CACHE_DIR_ENV = "YUQING_CACHE_DIR"


def cache_dir() -> Path:
    """Where yuqing keeps what it caches between runs (checked records, the Git history):
    ``$YUQING_CACHE_DIR``, else the platform's user cache directory."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV])
    import platformdirs  # only when the cache is used: it costs the command line's start-up otherwise

    return Path(platformdirs.user_cache_dir("yuqing", appauthor=False))


def stem(path: Path | str) -> str:
    """A record file's name without its type, whatever the directory: ``X`` for ``X.md`` or ``X.yml``,
    ``X.review`` for ``X.review.md`` (what YQ101 compares with the id)."""
    return os.path.splitext(os.path.basename(path))[0]


def unit_name(path: Path | str) -> str:
    """The id a record file is named for: ``X`` for ``X.md`` and for its review ``X.review.md``."""
    name = stem(path)
    return name[: -len(REVIEW_MARK)] if name.endswith(REVIEW_MARK) else name


def is_review_path(path: Path | str) -> bool:
    return stem(path).endswith(REVIEW_MARK)


def record_kind(relative: str) -> str:
    """The kind of the record at ``relative`` (to the repository root, forward slashes): ``incident``,
    ``review``, ``signal`` or ``training``."""
    top = relative.split("/", 1)[0]
    if top == MONITORING_DIR:
        return "signal"
    if top == TRAININGS_DIR:
        return "training"
    return "review" if is_review_path(relative) else "incident"
