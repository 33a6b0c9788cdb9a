"""The code platform's authenticated user in CI: who opened or pushed the merge request.

Git's author and committer are whatever the committer typed; the platform's user is the account
that logged in. In a ``--base`` check on GitLab CI that is ``GITLAB_USER_LOGIN`` /
``GITLAB_USER_EMAIL``; on GitHub Actions the pull request's author (``pull_request.user.login``
in the JSON file ``$GITHUB_EVENT_PATH``) and ``GITHUB_ACTOR`` (who triggered the run). YQ403
matches them against the ``logins`` (and emails) that schema/org.yml lists per person.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass

# Every variable read here: the tests clear them, so a test run inside CI sees none.
VARIABLES = ("GITLAB_USER_LOGIN", "GITLAB_USER_EMAIL", "GITHUB_EVENT_PATH", "GITHUB_ACTOR")


@dataclass(frozen=True)
class PlatformUser:
    platform: str  # "GitLab" or "GitHub"
    login: str
    email: str = ""
    role_zh: str = "平台账号"
    role_en: str = "platform user"

    @property
    def shown(self) -> str:
        return f"{self.login} <{self.email}>" if self.email and self.login else (self.login or self.email)


def _pull_request_author(event_path: str) -> str:
    try:
        with open(event_path, encoding="utf-8") as handle:
            event = json.load(handle)
        login = event["pull_request"]["user"]["login"]
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    return login.strip() if isinstance(login, str) else ""


def platform_users(environ: Mapping[str, str] | None = None) -> list[PlatformUser]:
    """The authenticated users the CI platform names (none outside CI)."""
    env = os.environ if environ is None else environ
    found: list[PlatformUser] = []
    login, email = env.get("GITLAB_USER_LOGIN", "").strip(), env.get("GITLAB_USER_EMAIL", "").strip()
    if login or email:
        found.append(PlatformUser("GitLab", login, email, "GitLab 账号", "GitLab user"))
    author = _pull_request_author(env["GITHUB_EVENT_PATH"]) if env.get("GITHUB_EVENT_PATH") else ""
    if author:
        found.append(PlatformUser("GitHub", author, "", "Pull Request 作者", "pull request author"))
    actor = env.get("GITHUB_ACTOR", "").strip()
    if actor and actor.lower() != author.lower():
        found.append(PlatformUser("GitHub", actor, "", "GitHub 触发者（GITHUB_ACTOR）", "GitHub actor"))
    return found
