"""A merged record against its head version, for the rules of a merge request's range (YQ401, YQ406).

:func:`base_versions` gives each changed record with its base version, read and validated;
:func:`match_entries` pairs the entries of a list as sets (the order of a list is not a fact).
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel

from yuqing.loader import load_text
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
    reads and validates as the same kind of record (``model_type``, if given: only those)."""
    for head_path, base_path in sorted(git_range.changed.items()):
        record = ctx.by_path.get(head_path)
        if base_path is None or record is None or record.model is None:
            continue
        if model_type is not None and not isinstance(record.model, model_type):
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
