"""Output formats of ``yuqing check``: a registry that also feeds the CLI's ``--format`` choices."""

from yuqing.reporters.github import GithubReporter
from yuqing.reporters.gitlab import GitlabReporter
from yuqing.reporters.json import JsonReporter
from yuqing.reporters.junit import JunitReporter
from yuqing.reporters.markdown import MarkdownReporter
from yuqing.reporters.text import TextReporter

REPORTERS = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
    "gitlab": GitlabReporter,
    "junit": JunitReporter,
    "markdown": MarkdownReporter,
}


def default_format(environ) -> str:
    """``github`` under GitHub Actions, ``text`` elsewhere."""
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"
