"""Git, read for the records: history, the merge request's range, the site's per-entry times.

One job per module, each depending only on those above it in this list:

- :mod:`~yuqing.git.log`: the one ``git log`` command and its parser (commits, changes);
- :mod:`~yuqing.git.store`: the parsed log and every record file's revisions, packed in columns;
- :mod:`~yuqing.git.log_cache`: that store kept between runs, keyed by HEAD, extended by new commits;
- :mod:`~yuqing.git.history`: :class:`GitHistory`, the API the rules and the site read;
- :mod:`~yuqing.git.partial`: :class:`PartialHistory`, the same API for a few files, read with logs limited to them
  (a merge request's check without a history cache);
- :mod:`~yuqing.git.entries`: when each entry of a record first appeared (:func:`record_history`);
- :mod:`~yuqing.git.range`: the merge request's range ``REV..HEAD`` (:func:`open_range`).

The package reads the repository and nothing of the layers that use it (engine, check cache,
renderer, site, commands, reporters): it imports only :mod:`yuqing.workspace`'s constants,
:mod:`yuqing.loader`, :mod:`yuqing.i18n` and GitPython.
"""

from yuqing.git.entries import ENTRY_LISTS, RecordHistory, record_history
from yuqing.git.history import GitHistory, Revision
from yuqing.git.log import Change, Commit, open_repo, parse_log, read_log, record_stem
from yuqing.git.range import Range, open_range

__all__ = ["ENTRY_LISTS", "Change", "Commit", "GitHistory", "Range", "RecordHistory", "Revision", "open_range",
           "open_repo", "parse_log", "read_log", "record_history", "record_stem"]
