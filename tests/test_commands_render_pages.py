"""``yuqing render-pages DIR``: the generated pages as Markdown files for other generators."""

from __future__ import annotations

from recordkit import GRAVE_ID
from sitekit import NOW, write_verdict_repo
from yuqing import cli
from yuqing.site.data import load


def test_writes_every_page_as_markdown(repo, tmp_path, capsys):
    write_verdict_repo(repo)
    out = tmp_path / "pages"
    code = cli.main(["render-pages", str(out), "--root", str(repo.root), "--now", NOW])
    assert code == 0
    expected = load(repo.root, NOW).pages()
    written = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.md")}
    assert written == expected
    assert f"incidents/2024/{GRAVE_ID}.md" in written and "rules/YQ301.md" in written
    assert f"已写出 {len(expected)} 个页面到 {out}。" in capsys.readouterr().out
    assert not (out / "assets").exists()
    assert (out / "downloads" / "ledger.xlsx").read_bytes() == load(repo.root, NOW).workbook()  # the stats page's link
    calendars = load(repo.root, NOW).calendars()
    assert "calendar.ics" in calendars and len(calendars) > 1
    for path, data in calendars.items():  # the feeds, as static files the other generator copies
        assert (out / path).read_bytes() == data
    form_files = load(repo.root, NOW).form_files()  # the 填报 page fetches each record's data
    assert f"form/records/{GRAVE_ID}.json" in form_files
    for path, data in form_files.items():
        assert (out / path).read_bytes() == data


def test_assets_on_request(repo, tmp_path):
    out = tmp_path / "pages"
    assert cli.main(["render-pages", str(out), "--root", str(repo.root), "--assets"]) == 0
    assert (out / "assets" / "yuqing" / "yuqing.js").is_file()
    assert (out / "assets" / "yuqing" / "yuqing.css").is_file()


def test_an_unreadable_record_writes_nothing(repo, tmp_path, capsys):
    repo.write(f"incidents/2024/{GRAVE_ID}.md", "记录".encode("gbk"))
    out = tmp_path / "pages"
    assert cli.main(["render-pages", str(out), "--root", str(repo.root)]) == 1
    assert "GBK" in capsys.readouterr().err
    assert not out.exists()
