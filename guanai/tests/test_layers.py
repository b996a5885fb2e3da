"""The layers of docs/architecture.md hold in the code: every import of guanai/ (tests and migrations
aside) goes down the layer table, never up or sideways, and no modules import each other in a circle.

The table is read from docs/architecture.md, section "Layers": each row `| <layer> | <modules> | ... |`
names one or more modules relative to guanai/ in backticks (`people`, `audit.views`). A module
belongs to the row naming its longest prefix. An import is allowed when both modules belong to the same
row, or the imported module's row has a lower layer number. Every import statement counts, also one
inside a function, since it runs all the same. A new app adds a row; see docs/new-feature.md.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # guanai/
ARCHITECTURE = PACKAGE.parent / "docs" / "architecture.md"
ROW = re.compile(r"^\|\s*(\d+)\s*\|([^|]*)\|")


@dataclass(frozen=True)
class Row:
    layer: int
    names: tuple[str, ...]  # dotted, with the leading "guanai."

    def __str__(self) -> str:
        return ", ".join(name.removeprefix("guanai.") for name in self.names)


@dataclass(frozen=True)
class Import:
    source: str  # importing module
    target: str  # imported module (the nearest guanai module the import names)
    path: Path
    line: int

    def where(self) -> str:
        return f"{_shown(self.path)}:{self.line}"


def _shown(path: Path) -> str:
    """guanai/... (the path from the package's directory on)."""
    parts = path.parts
    return "/".join(parts[len(parts) - 1 - parts[::-1].index("guanai"):])


def layer_table(text: str) -> list[Row]:
    """The rows of the "Layers" section's table."""
    section = text.split("\n## Layers", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if match := ROW.match(line.strip()):
            names = tuple(f"guanai.{name}" for name in re.findall(r"`([\w.]+)`", match.group(2)))
            rows.append(Row(int(match.group(1)), names))
    return rows


def module_files(package: Path = PACKAGE) -> dict[str, Path]:
    """{dotted module name: file} for every module of guanai/ but tests, migrations and conftest."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package.parent)
        if {"tests", "migrations"} & set(relative.parts) or path.name == "conftest.py":
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _nearest(name: str, modules: dict[str, Path]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(modules: dict[str, Path]) -> list[Import]:
    """Every import of a guanai module by another, with file and line (relative imports resolved)."""
    found = []
    for source, path in modules.items():
        package = source if path.name == "__init__.py" else source.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parent, base] if base else parent)
                # `from guanai.people import rules` imports the module guanai.people.rules
                names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                         for alias in node.names]
            else:
                continue
            for name in names:
                target = _nearest(name, modules) if name.startswith("guanai") else None
                if target and target != source:
                    found.append(Import(source, target, path, node.lineno))
    return found


def row_of(module: str, rows: list[Row]) -> Row | None:
    """The row naming the longest prefix of `module`."""
    best, length = None, -1
    for row in rows:
        for name in row.names:
            if (module == name or module.startswith(name + ".")) and len(name) > length:
                best, length = row, len(name)
    return best


def layering_errors(imports: list[Import], modules: dict[str, Path], rows: list[Row]) -> list[str]:
    errors = [f"{_shown(path)}: in no row of the layer table (docs/architecture.md, "
              f"Layers): add a row for its app" for module, path in modules.items()
              if module != "guanai" and row_of(module, rows) is None]
    for item in imports:
        source, target = row_of(item.source, rows), row_of(item.target, rows)
        if source is None or target is None or source is target:
            continue
        if target.layer >= source.layer:
            way = "up" if target.layer > source.layer else "sideways"
            errors.append(f"{item.where()}: {item.source} (layer {source.layer}, `{source}`) imports "
                          f"{item.target} (layer {target.layer}, `{target}`): {way}; imports go down only")
    return errors


def import_cycles(imports: list[Import]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a circle (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for item in imports:
        graph[item.source].add(item.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []

    def visit(node: str) -> None:  # recursion depth is bounded by the import chain (tens)
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


# --- the checks on Guanai itself -------------------------------------------------------------------


def test_every_import_goes_down_the_layer_table():
    rows = layer_table(ARCHITECTURE.read_text(encoding="utf-8"))
    assert len(rows) >= 5, "docs/architecture.md lost its layer table (section Layers)"
    modules = module_files()
    errors = layering_errors(imports_of(modules), modules, rows)
    assert not errors, "Imports against the layers of docs/architecture.md:\n" + "\n".join(errors)


def test_no_import_cycles():
    cycles = import_cycles(imports_of(module_files()))
    assert not cycles, "Modules importing each other (move what both need into a lower module):\n" + "\n".join(
        " <-> ".join(group) for group in cycles)


def test_installed_apps_follow_the_layers():
    """INSTALLED_APPS lists our apps lower layer first (docs/architecture.md: an app after those it uses)."""
    from django.conf import settings

    rows = layer_table(ARCHITECTURE.read_text(encoding="utf-8"))
    ours = [app for app in settings.INSTALLED_APPS if app.startswith("guanai.")]
    layers = [row_of(app, rows).layer for app in ours]
    assert layers == sorted(layers), f"INSTALLED_APPS out of layer order: {list(zip(ours, layers, strict=True))}"


# --- the checker checks itself on a small made-up package ----------------------------------------------


def _package(tmp_path: Path, files: dict[str, str]) -> dict[str, Path]:
    root = tmp_path / "guanai"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / "__init__.py").touch()
        path.write_text(text)
    return module_files(root)


TABLE = """
## Layers
| layer | module | holds |
| --- | --- | --- |
| 1 | `low` | a low app |
| 2 | `mid`, `low.pages` | a middle app, and the low app's pages |
| 2 | `side` | another middle app |
| 3 | `top` | the top |
## Next
"""


def test_checker_finds_up_and_sideways_imports_and_unlisted_apps(tmp_path):
    modules = _package(tmp_path, {
        "low/models.py": "from guanai.mid import services\n",  # up
        "low/pages.py": "from guanai.mid.services import x\nfrom guanai.low import models\n",  # allowed
        "mid/services.py": "def f():\n    from guanai.side.models import y\n",  # sideways, in a function
        "side/models.py": "from ..low.models import z\n",  # relative, down: allowed
        "top/views.py": "import guanai.mid.services\n",  # down
        "stray/x.py": "",
    })
    rows = layer_table(TABLE)
    assert [(row.layer, str(row)) for row in rows] == [(1, "low"), (2, "mid, low.pages"), (2, "side"), (3, "top")]
    errors = layering_errors(imports_of(modules), modules, rows)
    assert errors[:2] == ["guanai/stray/__init__.py: in no row of the layer table (docs/architecture.md, Layers): "
                          "add a row for its app", "guanai/stray/x.py: in no row of the layer table "
                          "(docs/architecture.md, Layers): add a row for its app"]
    assert errors[2:] == [
        "guanai/low/models.py:1: guanai.low.models (layer 1, `low`) imports guanai.mid.services (layer 2, "
        "`mid, low.pages`): up; imports go down only",
        "guanai/mid/services.py:2: guanai.mid.services (layer 2, `mid, low.pages`) imports guanai.side.models "
        "(layer 2, `side`): sideways; imports go down only",
    ]


def test_checker_finds_a_circle_through_a_function_import(tmp_path):
    modules = _package(tmp_path, {
        "a/services.py": "def run():\n    from guanai.a.tasks import task\n",
        "a/tasks.py": "from guanai.a.build import build\n",
        "a/build.py": "from guanai.a import services\n",
        "a/models.py": "",
    })
    assert import_cycles(imports_of(modules)) == [["guanai.a.build", "guanai.a.services", "guanai.a.tasks"]]
