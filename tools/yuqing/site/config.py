"""Configuration of the ``yuqing`` MkDocs plugin (``plugins: [yuqing: {...}]`` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class YuqingConfig(base.Config):
    #: Turn the plugin off (no generated pages).
    enabled = c.Type(bool, default=True)
    #: The records repository (holding schema/org.yml); default: the directory of mkdocs.yml.
    root = c.Optional(c.Type(str))
    #: Fix the site's clock (like ``yuqing check --now``), e.g. ``2026-01-01 00:00``; default: $YUQING_NOW or the real time.
    now = c.Optional(c.Type(str))
    #: List each rule page under 规则说明 in the navigation (record pages are never in it).
    rules_in_nav = c.Type(bool, default=True)
    #: The code platform of ``repo_url`` for the 填报 page's button (github, gitlab or gitea); default: guessed
    #: from repo_url's host name and edit_uri.
    platform = c.Optional(c.Choice(("github", "gitlab", "gitea")))
