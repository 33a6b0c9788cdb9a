"""manifest.py: SHA-256 of every built file, and comparing a deployed copy with it."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from yuqing.manifest import MANIFEST_NAME, Comparison, build_manifest, compare, read_manifest, write_manifest

SITE = {
    "index.html": "<html><body>舆情处置台账</body></html>\n",
    "incidents/YZMZ-2024-0001/index.html": "<p>网民反映午餐质量差</p>\n",
    "assets/stylesheets/main.css": "body{}\n",
    "search/search_index.json": '{"docs": []}\n',
    "assets/images/logo.png": b"\x89PNG\r\n\x1a\n\x00\x01",
}


def make_site(root, files=SITE):
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_bytes(content.encode("utf-8"))
    return root


def sha(data) -> str:
    return hashlib.sha256(data if isinstance(data, bytes) else data.encode("utf-8")).hexdigest()


def test_every_file_is_listed_with_its_sha256(tmp_path):
    site = make_site(tmp_path / "site")
    assert build_manifest(site) == {path: sha(content) for path, content in SITE.items()}


def test_paths_are_relative_with_forward_slashes_and_directories_are_not_listed(tmp_path):
    site = make_site(tmp_path / "site")
    (site / "empty-dir").mkdir()
    listed = build_manifest(site)
    assert "incidents/YZMZ-2024-0001/index.html" in listed
    assert not any(p.startswith("/") or "\\" in p for p in listed)
    assert "empty-dir" not in listed and "incidents" not in listed


def test_write_and_read_the_manifest(tmp_path):
    site = make_site(tmp_path / "site")
    path = write_manifest(site)
    assert path == site / MANIFEST_NAME
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["algorithm"] == "sha256"
    assert read_manifest(path) == build_manifest(site) == document["files"]
    assert MANIFEST_NAME not in document["files"]  # the manifest does not list itself


def test_the_manifest_is_deterministic(tmp_path):
    first = write_manifest(make_site(tmp_path / "a")).read_bytes()
    second = write_manifest(make_site(tmp_path / "b")).read_bytes()
    assert first == second


def test_a_clean_copy_compares_clean(tmp_path):
    site = make_site(tmp_path / "site")
    result = compare(build_manifest(site), build_manifest(site))
    assert result == Comparison() and result.clean


def test_one_changed_byte_is_found(tmp_path):
    site = make_site(tmp_path / "site")
    expected = build_manifest(site)
    target = site / "incidents/YZMZ-2024-0001/index.html"
    data = bytearray(target.read_bytes())
    data[3] ^= 0x01  # same size, one bit of one byte
    target.write_bytes(bytes(data))
    result = compare(expected, build_manifest(site))
    assert (result.changed, result.added, result.missing) == (["incidents/YZMZ-2024-0001/index.html"], [], [])
    assert not result.clean


def test_an_added_and_a_missing_file_are_found(tmp_path):
    site = make_site(tmp_path / "site")
    expected = build_manifest(site)
    (site / "assets/stylesheets/main.css").unlink()
    (site / "ad.html").write_text("<p>篮球比分直播</p>", encoding="utf-8")
    result = compare(expected, build_manifest(site))
    assert (result.changed, result.added, result.missing) == ([], ["ad.html"], ["assets/stylesheets/main.css"])


def test_a_renamed_file_is_one_missing_and_one_added(tmp_path):
    site = make_site(tmp_path / "site")
    expected = build_manifest(site)
    (site / "index.html").rename(site / "index.htm")
    result = compare(expected, build_manifest(site))
    assert (result.changed, result.added, result.missing) == ([], ["index.htm"], ["index.html"])


def test_a_symbolic_link_is_listed_and_never_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    site = make_site(tmp_path / "site")
    expected = build_manifest(site)
    os.symlink(secret, site / "leak.txt")
    os.symlink(tmp_path, site / "leakdir")
    actual = build_manifest(site)
    assert compare(expected, actual).added == ["leak.txt", "leakdir"]
    assert actual["leak.txt"] != sha("TOPSECRET")  # the link itself, not what it points at
    assert not any(p.startswith("leakdir/") for p in actual)


def test_a_file_replaced_by_a_link_to_identical_content_is_changed(tmp_path):
    site = make_site(tmp_path / "site")
    expected = build_manifest(site)
    copy = tmp_path / "copy.css"
    copy.write_bytes((site / "assets/stylesheets/main.css").read_bytes())
    (site / "assets/stylesheets/main.css").unlink()
    os.symlink(copy, site / "assets/stylesheets/main.css")
    assert compare(expected, build_manifest(site)).changed == ["assets/stylesheets/main.css"]


@pytest.mark.parametrize("content", [
    "", "not json", "[]", '{"files": []}', '{"files": {"a": 1}}', '{"algorithm": "sha256"}', "\ufeff{",
])
def test_a_garbled_manifest_is_refused(tmp_path, content):
    path = tmp_path / MANIFEST_NAME
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError):
        read_manifest(path)


def test_a_manifest_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / MANIFEST_NAME
    path.write_bytes(b'{"files": {"\xff": "x"}}')
    with pytest.raises(ValueError):
        read_manifest(path)
