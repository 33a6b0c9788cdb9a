"""The parse floor: read every record file under ROOT/incidents, monitoring and trainings (what
``yuqing check`` reads: incidents, reviews, signals, training records) and parse its YAML front matter with
PyYAML alone (``yaml.load`` with the C loader ``CSafeLoader``; ``--pure``: the pure-Python
``SafeLoader``). No validation, no rules, no positions: the least work any checker of these files
must do. Prints the number of files parsed.

    .venv/bin/python bench/floor.py ROOT [--pure]
"""

from __future__ import annotations

import os
import sys

import yaml

SUFFIXES = (".md", ".yml", ".yaml")
RECORD_DIRS = ("incidents", "monitoring", "trainings")


def front_matter(text: str, name: str) -> str:
    """The YAML of a record: the text between the ``---`` fences of a Markdown file, a .yml file whole."""
    if not name.endswith(".md"):
        return text
    end = text.find("\n---", 3)
    return text[4:end + 1] if text.startswith("---") and end > 0 else ""


def parse_all(root: str, loader) -> int:
    count = 0
    for top in RECORD_DIRS:
        for directory, subdirs, files in os.walk(os.path.join(root, top)):
            subdirs.sort()
            for name in sorted(files):
                if not name.endswith(SUFFIXES) or name.startswith("."):
                    continue
                with open(os.path.join(directory, name), "rb") as handle:
                    text = handle.read().decode("utf-8")
                yaml.load(front_matter(text, name), Loader=loader)  # CSafeLoader or SafeLoader only
                count += 1
    return count


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    loader = yaml.SafeLoader if "--pure" in argv[1:] else yaml.CSafeLoader
    print(parse_all(argv[0], loader))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
