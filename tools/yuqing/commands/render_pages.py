"""``yuqing render-pages DIR``: write the generated pages as Markdown files, for generators without plugins.

The files mirror the site's layout (index.md, duties.md, incidents/<year>/<id>.md, …);
links between them are relative ``.md`` links. The files the pages link to are written beside
them: the calendar feeds (calendar.ics and calendar/<slug>.ics) and the ledger workbook the statistics
page links to (``downloads/ledger.xlsx``). ``--assets`` also copies the CSS and JS that the badges,
charts and sortable tables use.
"""

from __future__ import annotations

import sys
from pathlib import Path

from yuqing.commands._shared import open_workspace
from yuqing.generators.pages import write_pages
from yuqing.site.data import check_workspace


def run(args) -> int:
    workspace = open_workspace(args)
    data = check_workspace(workspace, args.now)
    if data.unreadable:
        from yuqing.site.data import finding_line

        for finding in data.unreadable:
            print(finding_line(finding, args.lang), file=sys.stderr)
        print("有记录无法读取，没有写出页面。" if args.lang != "en" else "A record cannot be read; nothing written.",
              file=sys.stderr)
        return 1
    target = Path(args.dir)
    count = write_pages(data, target, assets=args.assets)
    print(f"已写出 {count} 个页面到 {target}。" if args.lang != "en" else f"Wrote {count} pages to {target}.")
    return 0
