"""``yuqing serve``: findings first, then the site on 127.0.0.1, rebuilt when a record changes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from sitekit import copy_project


def _interruptible() -> None:
    """Ctrl-C as a person at a terminal gives it: a test run started in the background of a shell without
    job control inherits SIGINT ignored, and the server would never see the interrupt this test sends."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    return None


@pytest.fixture(params=["mkdocs", "zensical"])
def server(tmp_path, request):
    root = copy_project(tmp_path / "repo")
    port = free_port()
    env = {**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([sys.executable, "-m", "yuqing", "serve", "--root", str(root), "--port", str(port),
                                "--generator", request.param],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                               start_new_session=True, preexec_fn=_interruptible)
    yield root, f"http://127.0.0.1:{port}/", process
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def test_serves_on_localhost_and_rebuilds_when_a_record_changes(server):
    root, base, process = server
    home = wait_for(lambda: fetch(base), 120)
    assert home and "舆情处置台账" in home
    record = sorted(p for p in (root / "incidents").glob("*/*.md") if not p.name.endswith(".review.md"))[0]
    page_url = f"{base}incidents/{record.parent.name}/{record.stem}/"
    assert "改过的标题" not in fetch(page_url)
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\ntitle: ", "\ntitle: 改过的标题", 1), encoding="utf-8")
    assert wait_for(lambda: "改过的标题" in (fetch(page_url) or ""), 120), "the site was not rebuilt"
    os.killpg(process.pid, signal.SIGINT)
    output, _ = process.communicate(timeout=120)  # a rebuild under way finishes first; a loaded machine is slow
    assert "检查了" in output and "个文件" in output  # the findings summary came first
    assert output.index("检查了") < output.index("正在启动网站")
    assert f"：{base}" in output and "正在启动网站" in output


def test_an_unreadable_record_serves_nothing(tmp_path):
    root = copy_project(tmp_path / "repo")
    (root / "incidents" / "2024" / "YZMZ-2024-0099.md").write_bytes(b"\x00binary")
    run = subprocess.run([sys.executable, "-m", "yuqing", "serve", "--root", str(root), "--port", str(free_port())],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "网站没有生成" in run.stderr
