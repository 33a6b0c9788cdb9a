"""render_pages: every page kind from one call, pure (no MkDocs), record pages apart from the fixed ones."""

from __future__ import annotations

import re
import subprocess
import sys

from sitekit import render, write_verdict_repo
from yuqing.render import FIXED_PAGES, record_pages
from yuqing.rules import RULES


def test_every_page_kind_is_rendered(repo):
    write_verdict_repo(repo)
    site, pages = render(repo)
    for uri in FIXED_PAGES:
        text = pages[uri]
        if text.startswith("---\n"):  # some pages ask Material to hide the sidebars for width
            assert text.startswith("---\nhide:\n  - navigation\n"), uri
            text = text.split("---\n", 2)[2].lstrip("\n")
        assert text.startswith("# "), uri
    for rule in RULES:
        assert f"rules/{rule.ID}.md" in pages
    assert {v.uri for v in site.incidents} | {r.uri for r in site.reviews} | {s.uri for s in site.signals} \
        == record_pages(pages)
    assert len(pages) == len(FIXED_PAGES) + len(RULES) + len(site.incidents) + len(site.reviews) + len(site.signals)


def test_every_relative_link_points_at_a_rendered_page(repo):
    write_verdict_repo(repo)
    _, pages = render(repo, pages={"plan/index.md", "guide/submit.md", "training/self-check.md"})
    import posixpath

    known = set(pages) | {"plan/index.md", "guide/submit.md", "training/self-check.md"}
    for uri, text in pages.items():
        for target in re.findall(r"\]\(([^)#]+\.md)\)", text):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(uri), target))
            assert resolved in known, (uri, target)


def test_the_renderer_does_not_import_mkdocs():
    code = ("import sys, yuqing.render, yuqing.site.data; "
            "print(any(name == 'mkdocs' or name.startswith('mkdocs.') for name in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
