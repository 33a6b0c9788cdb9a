"""A merged record against its head version, for the rules of a merge request's range (YQ401, YQ406).

:func:`base_versions` gives each changed record with its base version, read and validated;
:func:`match_entries` pairs the entries of a list as sets (the order of a list is not a fact).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Annotated

from pydantic import BaseModel, TypeAdapter, ValidationError

from yuqing.loader import load_text
from yuqing.models import Incident
from yuqing.schema_errors import validate_document

UNORDERED = {"to", "cc"}  # lists of roles: their order is not a fact


def canonical(value):
    """A value as a fact: times as instants (any offset), role lists as sets, mappings by key."""
    if isinstance(value, datetime):
        return ("t", value.astimezone(UTC).isoformat()) if value.tzinfo else ("t", value.isoformat())
    if isinstance(value, BaseModel):
        return tuple((name, fact(name, getattr(value, name))) for name in type(value).model_fields)
    if isinstance(value, dict):
        return tuple(sorted((str(k), canonical(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(canonical(v) for v in value)
    return getattr(value, "value", value)


def fact(name: str, value):
    """A field's value as a fact (role lists ``to``/``cc`` as sets)."""
    if name in UNORDERED and isinstance(value, list):
        return tuple(sorted(set(map(str, value))))
    return canonical(value)


def same_fact(name: str, before, after) -> bool:
    return fact(name, before) == fact(name, after)


INVALID = object()  # a fact correction's value that is not a value of its field


@cache
def _field_adapter(name: str) -> TypeAdapter:
    info = Incident.model_fields[name]
    return TypeAdapter(Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation)


def correction_value(name: str, raw, tz):
    """A fact correction's ``from``/``to`` as a value of the incident's field ``name`` (a time in the
    organisation's zone, a level, a bool...), or :data:`INVALID`."""
    if raw is None:
        return None
    try:
        return _field_adapter(name).validate_python(raw, context={"tz": tz})
    except ValidationError:
        return INVALID


def is_office_member(org, name: str | None) -> bool:
    """Whether ``name`` is a person org.yml lists under 局办公室 (its office section)."""
    return bool(name) and org.people.get(name.strip()) == org.office_section


def entry_key(entry, ignored: set[str]) -> tuple:
    return tuple((name, fact(name, getattr(entry, name))) for name in type(entry).model_fields if name not in ignored)


def match_entries(old_entries: list, new_entries: list, fillable: set[str]):
    """Pair merged entries with head entries as sets: the order of a list is not a fact.

    Returns (pairs of (old index, new index) that differ, old indexes with no partner). An equal
    entry is matched first (a fillable field left empty in the merged entry is ignored); a merged
    entry left over is paired with the unmatched head entry sharing most of its fields (the same
    position first), so that the message can say which field changed; without any, it was removed.
    """
    free = list(range(len(new_entries)))
    left = []
    for i, old in enumerate(old_entries):
        ignored = {f for f in fillable if getattr(old, f, None) is None}
        key = entry_key(old, ignored)
        hit = next((j for j in ([i] if i in free else []) + free if entry_key(new_entries[j], ignored) == key), None)
        if hit is None:
            left.append(i)
        else:
            free.remove(hit)
    changed, removed = [], []
    for i in left:
        old = old_entries[i]

        def shared(j, old=old):
            return sum(same_fact(f, getattr(old, f), getattr(new_entries[j], f))
                       for f in type(old).model_fields if getattr(old, f) is not None)
        best = max(free, key=lambda j: (shared(j), j == i, -abs(j - i)), default=None)
        if best is None or shared(best) == 0:
            removed.append(i)
        else:
            free.remove(best)
            changed.append((i, best))
    return changed, removed, free


def base_versions(git_range, ctx, model_type=None):
    """(head path, base path, head record, base model) of every changed record whose base version
    reads and validates as the same kind of record (``model_type``, if given: only those); read once
    for all the range's rules."""
    if "base_versions" not in git_range.memo:
        git_range.memo["base_versions"] = list(_read_base_versions(git_range, ctx))
    for found in git_range.memo["base_versions"]:
        if model_type is None or isinstance(found[2].model, model_type):
            yield found


def _read_base_versions(git_range, ctx):
    for head_path, base_path in sorted(git_range.changed.items()):
        record = ctx.by_path.get(head_path)
        if base_path is None or record is None or record.model is None:
            continue
        text = git_range.base_text(base_path)
        if text is None:
            continue
        base_doc = load_text(text, "." + base_path.rsplit(".", 1)[-1].lower())
        if not base_doc.readable:
            continue
        base_model, _ = validate_document(type(record.model), base_doc, {"tz": ctx.tz})
        if base_model is not None and type(base_model) is type(record.model):
            yield head_path, base_path, record, base_model


def merged_at(git_range, base_path: str, history=None):
    """The commit time of the base version of ``base_path`` (the last commit changing it at the base):
    from the history's one log read when there is one (its newest revision outside the range)."""
    if history is not None:
        in_range = git_range.memo.setdefault("shas", {commit.sha for commit in git_range.commits})
        for revision in history.revisions(base_path):
            if revision.sha not in in_range:
                return revision.time
    try:
        commit = next(git_range.repo.iter_commits(git_range.base, paths=git_range.prefix + base_path, max_count=1))
    except (StopIteration, ValueError):
        return None
    return commit.committed_datetime


def touching(commits, full_paths: set[str]) -> list:
    """The (non-merge) commits that changed one of ``full_paths`` (paths in the repository)."""
    return [c for c in commits if not c.is_merge and any(ch.path in full_paths or ch.old_path in full_paths
                                                          for ch in c.changes)]


def outside_office(commit, org) -> bool:
    """Whether ``commit``'s author or committer is not of 局办公室 (matched on the email only)."""
    office = org.office_section
    return org.section_of_email(commit.email) != office or bool(
        commit.committer_email and org.section_of_email(commit.committer_email) != office)


def by_office(git_range, org, paths: set[str]) -> bool:
    """Whether every (non-merge) commit of the range that touched one of ``paths`` is by 局办公室
    (its author's and its committer's email)."""
    found = touching(git_range.commits, {git_range.prefix + path for path in paths})
    return bool(found) and not any(outside_office(commit, org) for commit in found)
