"""The built site in a real browser: Debian's Chromium through Playwright, the site served on 127.0.0.1.

:func:`serve` serves a directory on an ephemeral port; :func:`chromium` opens a persistent Chromium
context that records every request and every console error of every page. The browser tests
of the site share them, so that each says only what it does on its pages.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

import pytest

from sitekit import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                    reason="/usr/bin/chromium is not installed (apt-get install chromium)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """``directory`` served on 127.0.0.1 while the block runs; yields the base URL (ending in /)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        thread.join(5)


@contextlib.contextmanager
def chromium(profile: Path, **options):
    """A headless Chromium context (``options`` for Playwright's ``launch_persistent_context``); yields
    (context, log) where ``log`` holds every request URL and every console or page error."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    log = {"requests": [], "errors": []}
    settings = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN", **options}
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=ARGS, **settings)
        context.on("request", lambda request: log["requests"].append(request.url))

        def watch(page):
            page.on("console", lambda msg: log["errors"].append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda error: log["errors"].append(str(error)))

        context.on("page", watch)
        for page in context.pages:
            watch(page)
        yield context, log
        context.close()


def shot(page, name: str, folder: str | None = None) -> None:
    """A full-page screenshot to test-artifacts/screenshots/[<folder>/]<name>.png."""
    target = SHOTS / folder if folder else SHOTS
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / f"{name}.png"), full_page=True)
