"""The package's layers: data flows one way, and no module imports one above it or in a circle.

Read from the source with ``ast`` (imports inside functions count too): files → loader →
models → workspace → rules → engine → the Git wing and the front door (checking) → outputs
(compliance, overdue, reporters, the pure renderer, the Word report, the ledger export) → the site plugin → commands → cli.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "yuqing"

#: Module name prefixes by layer, lowest first; a module may import only from its own layer or below
#: (``$``: that module alone).
LAYERS = [
    # the ground: text, time, messages, parsing, models, the repository's layout
    ["yuqing$", "yuqing.i18n", "yuqing.timeparse", "yuqing.findings", "yuqing.clock", "yuqing.progress",
     "yuqing.spam", "yuqing.privacy", "yuqing.unsafe_html", "yuqing.yamlstrict", "yuqing.loader",
     "yuqing.schema_errors", "yuqing.models", "yuqing.manifest", "yuqing.errors", "yuqing.layout", "yuqing.templates",
     "yuqing.recordedit", "yuqing.argparse_zh", "yuqing.vocabulary"],
    ["yuqing.workspace"],
    ["yuqing.rules"],
    ["yuqing.engine"],
    ["yuqing.git"],
    ["yuqing.compliance", "yuqing.overdue"],
    ["yuqing.checking", "yuqing.repository"],
    ["yuqing.reporters", "yuqing.render", "yuqing.report", "yuqing.export"],
    ["yuqing.site", "yuqing.generators"],
    ["yuqing.commands"],
    ["yuqing.cli", "yuqing.__main__"],
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    best, rank = -1, None
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            exact = prefix.endswith("$")  # the package itself, not everything in it
            name = prefix.rstrip("$")
            if (module == name or (not exact and module.startswith(name + "."))) and len(name) > best:
                best, rank = len(name), index
    assert rank is not None, f"{module} is in no layer: add it to LAYERS"
    return rank


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The yuqing modules ``path`` imports (a name imported from a package counts as its submodule if one exists)."""
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("yuqing")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if not base.startswith("yuqing"):
                continue
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in modules else base)
    return {name for name in found if name in modules and name != own}


def graph() -> dict[str, set[str]]:
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in files}
    return {module_name(path): imports_of(path, modules) for path in files}


def test_no_module_imports_from_a_higher_layer():
    upward = [f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)})"
              for module, targets in graph().items() for target in sorted(targets)
              if layer_of(target) > layer_of(module)]
    assert upward == []


def test_no_import_circle():
    edges = graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append(" → ".join(trail[trail.index(target):] + [target]) if target in trail else target)
            elif target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_the_layers_name_every_module():
    for module in graph():
        layer_of(module)


def test_the_renderer_is_pure():
    """The renderer turns records into pages for two generators: no MkDocs, no file system, no check."""
    for path in sorted((PACKAGE / "render").rglob("*.py")):
        names = imports_of(path, set(graph())) | {
            alias.name for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Import) for alias in node.names}
        text = path.read_text(encoding="utf-8")
        assert "mkdocs" not in " ".join(names) and "from mkdocs" not in text, path
        assert not any(name.startswith(("yuqing.checking", "yuqing.git", "yuqing.site")) for name in names), path
