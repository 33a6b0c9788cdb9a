"""``yuqing verify-site DIR``: a deployed copy against the build's manifest; exit 0 clean, 1 different, 2 usage."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from yuqing.cli import main
from yuqing.manifest import MANIFEST_NAME, write_manifest

SITE = {
    "index.html": "<html><body>舆情处置台账</body></html>\n",
    "plan/index.html": "<h1>关于印发《宁波市鄞州区民政局舆情应急处置预案》的通知</h1>\n",
    "incidents/YZMZ-2024-0001/index.html": "<p>网民反映午餐质量差</p>\n",
    "assets/javascripts/bundle.js": "console.log(1)\n",
    "search/search_index.json": '{"docs": []}\n',
}


@pytest.fixture
def build(tmp_path):
    """A built site with its manifest (the build output)."""
    root = tmp_path / "build"
    for relative, content in SITE.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    write_manifest(root)
    return root


@pytest.fixture(autouse=True)
def _outside_any_repository(tmp_path, monkeypatch):
    """Run from a directory with no records repository above it, so no local build's manifest is found."""
    monkeypatch.delenv("YUQING_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def deployed(build, tmp_path):
    """A copy of the build as deployed (with the manifest inside it, as the publish jobs keep it)."""
    return shutil.copytree(build, tmp_path / "deployed")


def verify(capsys, *args) -> tuple[int, str, str]:
    code = main(["verify-site", *map(str, args)])
    out, err = capsys.readouterr()
    assert "内部错误" not in err
    return code, out, err


def test_a_clean_copy_is_clean(deployed, capsys):
    code, out, err = verify(capsys, deployed)
    assert code == 0
    assert f"共 {len(SITE)} 个文件" in out and "一致" in out
    assert "--manifest" in err  # advice: prefer the build's own manifest


def test_a_clean_copy_against_the_builds_manifest(build, deployed, capsys):
    code, out, err = verify(capsys, deployed, "--manifest", build / MANIFEST_NAME)
    assert code == 0 and "一致" in out
    assert err == ""


def test_one_changed_byte(build, deployed, capsys):
    target = deployed / "plan/index.html"
    data = bytearray(target.read_bytes())
    data[-2] ^= 0x20
    target.write_bytes(bytes(data))
    code, out, _ = verify(capsys, deployed, "--manifest", build / MANIFEST_NAME)
    assert code == 1
    assert "被修改：plan/index.html" in out.splitlines()
    assert "发现 1 处不一致：被修改 1，多出 0，缺少 0" in out


def test_one_added_file(build, deployed, capsys):
    (deployed / "incidents/ad.html").write_text("<p>篮球比分直播</p>", encoding="utf-8")
    code, out, _ = verify(capsys, deployed, "--manifest", build / MANIFEST_NAME)
    assert code == 1
    assert "多出：incidents/ad.html" in out.splitlines()
    assert "被修改 0，多出 1，缺少 0" in out


def test_one_deleted_file(build, deployed, capsys):
    (deployed / "search/search_index.json").unlink()
    code, out, _ = verify(capsys, deployed, "--manifest", build / MANIFEST_NAME)
    assert code == 1
    assert "缺少：search/search_index.json" in out.splitlines()
    assert "被修改 0，多出 0，缺少 1" in out


def test_all_three_at_once_are_all_listed(build, deployed, capsys):
    (deployed / "index.html").write_text("<html>mirror</html>\n", encoding="utf-8")
    (deployed / "extra.js").write_text("alert(1)", encoding="utf-8")
    (deployed / "assets/javascripts/bundle.js").unlink()
    code, out, _ = verify(capsys, deployed, "--manifest", build / MANIFEST_NAME, "--lang", "en")
    assert code == 1
    lines = out.splitlines()
    assert {"changed: index.html", "added: extra.js", "missing: assets/javascripts/bundle.js"} <= set(lines)
    assert "3 differences found." in out


def test_a_tampered_manifest_inside_the_copy_is_not_trusted_over_the_build(build, deployed, capsys):
    (deployed / "index.html").write_text("<html>mirror</html>\n", encoding="utf-8")
    write_manifest(deployed)  # the attacker rewrites the manifest in the copy too
    assert verify(capsys, deployed)[0] == 0  # the copy agrees with itself...
    code, out, _ = verify(capsys, deployed, "--manifest", build / MANIFEST_NAME)
    assert code == 1 and "被修改：index.html" in out  # ...but not with the build
    assert "被修改：" + MANIFEST_NAME not in out


def test_a_symbolic_link_in_the_copy_is_an_added_file_and_is_not_read(build, deployed, capsys, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    os.symlink(secret, deployed / "passwd.txt")
    code, out, err = verify(capsys, deployed, "--manifest", build / MANIFEST_NAME)
    assert code == 1 and "多出：passwd.txt" in out
    assert "TOPSECRET" not in out + err


def test_odd_file_names_are_shown_visibly(build, deployed, capsys):
    (deployed / "a\u202elmth.js").write_text("x", encoding="utf-8")
    os.close(os.open(os.path.join(os.fsencode(deployed), b"bad\xffname.html"), os.O_CREAT | os.O_WRONLY))
    code, out, _ = verify(capsys, deployed, "--manifest", build / MANIFEST_NAME)
    assert code == 1
    assert "多出：a<U+202E>lmth.js" in out
    assert "\u202e" not in out
    assert "多出：bad\\udcffname.html" in out


# --- exit 2: usage errors with a clear message ----------------------------------------------------

def test_a_missing_manifest(deployed, capsys):
    (deployed / MANIFEST_NAME).unlink()
    code, out, err = verify(capsys, deployed)
    assert code == 2 and out == ""
    assert "找不到清单文件" in err and MANIFEST_NAME in err and "--manifest" in err


def test_a_missing_manifest_named_with_manifest(deployed, capsys, tmp_path):
    code, _, err = verify(capsys, deployed, "--manifest", tmp_path / "nowhere.json")
    assert code == 2 and "找不到清单文件" in err and "nowhere.json" in err


@pytest.mark.parametrize("content", ["not json at all", "[1, 2]", '{"files": "x"}', '{"files": {"a": 1}}', ""])
def test_a_garbled_manifest(deployed, capsys, content):
    (deployed / MANIFEST_NAME).write_text(content, encoding="utf-8")
    code, out, err = verify(capsys, deployed)
    assert code == 2 and out == ""
    assert "清单文件" in err and "无法读取" in err and MANIFEST_NAME in err
    assert "不是 yuqing 构建生成的清单" in err
    for words in ("Expecting", "line 1 column", "not a yuqing manifest", "codec"):  # json's and Python's words
        assert words not in err, err


def test_a_binary_manifest(deployed, capsys):
    (deployed / MANIFEST_NAME).write_bytes(b"\x00\xff\xfe garbage")
    code, _, err = verify(capsys, deployed)
    assert code == 2 and "无法读取" in err and "codec" not in err


def test_a_missing_directory(tmp_path, capsys):
    code, _, err = verify(capsys, tmp_path / "no-site")
    assert code == 2 and "目录不存在" in err


def test_a_file_instead_of_a_directory(build, capsys):
    code, _, err = verify(capsys, build / "index.html")
    assert code == 2 and "目录不存在" in err


def test_the_manifest_lists_what_the_build_wrote(build):
    document = json.loads((build / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert sorted(document["files"]) == sorted(SITE)


def test_the_local_builds_manifest_is_the_default(build, tmp_path, capsys):
    """In a records repository whose site/ holds the build, a deployed copy is compared with that build,
    so a copy that lost (or replaced) its own manifest is still checked against the trusted one."""
    repo = tmp_path / "repo"
    (repo / "schema").mkdir(parents=True)
    (repo / "schema" / "org.yml").write_text("name: x\n", encoding="utf-8")
    shutil.copytree(build, repo / "site")
    copy = shutil.copytree(build, tmp_path / "copy")
    (copy / MANIFEST_NAME).unlink()
    (copy / "index.html").write_text("tampered", encoding="utf-8")
    code, out, err = verify(capsys, copy, "--root", repo)
    assert code == 1
    assert "index.html" in out
    assert MANIFEST_NAME not in out  # the manifest itself is not a site file
    assert err == ""
