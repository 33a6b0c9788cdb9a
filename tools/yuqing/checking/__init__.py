"""The one front door for a check of the repository.

Every command that needs to know what the records say gets it here and nowhere else: open
the repository (:func:`open_repository`), then :func:`run_check` at a moment, for the paths
it concerns, optionally against a base revision, returning one :class:`Check`. Behind it sit
the scale machinery (the content-keyed cache, worker processes, the time windows of cached
outcomes: :mod:`yuqing.checking.cache`, :mod:`yuqing.checking.scale`) and the Git wing
(history and ranges). The engine (:mod:`yuqing.engine`) stays pure.
"""

from yuqing.checking.run import NOW_ENV, Check, parse_now, run_check
from yuqing.engine import Result
from yuqing.repository import open_repository

__all__ = ["NOW_ENV", "Check", "Result", "open_repository", "parse_now", "run_check"]
