"""The layout is the architecture: which layer may import which, no import cycles, every module tested.

LAYERS is the one table of the layers, from the bottom up (README "Projektets delar" lists the
same). A module may import modules of its own layer and of the layers below; importing from a
layer above is allowed only for the pairs in UPWARD (the VBA calls `xltools.main()`, which starts
the add-in). Every import counts: at module level, inside a function, under TYPE_CHECKING.
Packages named here that do not exist yet slot in when they are written (a missing one is not
an error); a module in no layer is. Cycles are checked between modules and between the units of
the table (a package or a top-level module), so a cycle cannot hide inside a layer either.
"""

from __future__ import annotations

import ast
import functools
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "xltools"
TESTS = ROOT / "tests"


class Layer(NamedTuple):
    name: str
    purpose: str
    units: tuple[str, ...]  # packages and modules (dotted, under xltools)


LAYERS: tuple[Layer, ...] = (
    Layer("leaves", "small helpers that import nothing above them (errors, atomic writes, A1 cells, "
          "Swedish numbers, findings, metadata, process pools, escaping per output)",
          ("xltools", "xltools.errors", "xltools.atomic", "xltools.pool", "xltools.gcpause", "xltools.metadata",
           "xltools.cells", "xltools.sv", "xltools.findings", "xltools.cachedir", "xltools.escaping",
           "xltools.printing")),
    Layer("config", "the kommun's configuration: models, loading, checks", ("xltools.config",)),
    Layer("forms", "one declaration per document type (layout, meaning, follow-up periods)", ("xltools.forms",)),
    Layer("reading", "workbook files and other sources -> cell grids and read documents",
          ("xltools.excel", "xltools.document", "xltools.reading", "xltools.utfall", "xltools.kolada",
           "xltools.integrity")),
    Layer("rules", "the registry of checks and their codes", ("xltools.rules",)),
    Layer("validate", "paths -> read -> rules -> report; the per-file cache", ("xltools.validate", "xltools.cache")),
    Layer("intake", "which submissions count: the duplicate policy and the submission ledger",
          ("xltools.submissions", "xltools.inkorg")),
    Layer("consolidate", "checked documents -> the kommunplan and the follow-up figures, with their kontroller",
          ("xltools.consolidate", "xltools.uppfoljning")),
    Layer("reports", "everything written for people: templates, report workbooks, JSON, HTML",
          ("xltools.reports", "xltools.templates", "xltools.opendata")),
    Layer("jobs", "the multi-stage runs: validate -> consolidate -> write", ("xltools.jobs",)),
    Layer("examples", "synthetic example submissions and the demo (not on any runtime path)",
          ("xltools.examples",)),
    Layer("front ends", "thin shells: the command line, the Excel add-in, xlwings Lite, the analyst's DataFrames",
          ("xltools.cli", "xltools.addin", "xltools.lite", "xltools.data", "xltools.__main__")),
)

# The only imports from a lower layer to a higher one: (importer, imported unit).
UPWARD = {("xltools", "xltools.addin")}  # xltools.main(): the Validera button's entry point

# Units that may import only from these layers (besides themselves), beyond the layer rule.
ONLY_FROM = {
    "xltools.utfall": ("leaves", "config"),  # ledger-export parsers read files, nothing of the pipeline
}


# Modules loaded by path, not imported by name: Alembic runs the ledger's migrations (env.py and
# versions/*.py); tests/inkorg/test_inkorg_store.py runs every one of them on SQLite and PostgreSQL.
LOADED_BY_PATH = ("xltools.inkorg.migrations",)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, name: str) -> set[str]:
    """Every xltools module `path` imports (resolved to existing modules), wherever the import stands."""
    known = modules()
    out: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], *([base] if base else [])])
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t.startswith("xltools") and t != name:
                out.add(t)
    return out


@functools.cache
def graph() -> dict[str, set[str]]:
    return {name: imports_of(path, name) for name, path in modules().items()}


def unit_of(module: str) -> tuple[int, str] | None:
    """(layer index, unit) of a module: the longest unit in the table that contains it."""
    best: tuple[int, str] | None = None
    for i, layer in enumerate(LAYERS):
        for unit in layer.units:
            inside = module == unit or (unit != "xltools" and module.startswith(unit + "."))  # the root: itself only
            if inside and (best is None or len(unit) > len(best[1])):
                best = (i, unit)
    return best


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_every_module_belongs_to_a_layer() -> None:
    assert [m for m in modules() if unit_of(m) is None] == []


def test_units_are_named_once() -> None:
    units = [u for layer in LAYERS for u in layer.units]
    assert len(units) == len(set(units))


def test_imports_go_down_the_layers() -> None:
    names = [layer.name for layer in LAYERS]
    upward = []
    for module, targets in graph().items():
        own_layer, own_unit = unit_of(module)  # type: ignore[misc]
        for t in sorted(targets):
            layer, unit = unit_of(t)  # type: ignore[misc]
            if layer > own_layer and (module, unit) not in UPWARD:
                upward.append(f"{module} ({names[own_layer]}) imports {t} ({names[layer]})")
            allowed = ONLY_FROM.get(own_unit)
            if allowed is not None and unit != own_unit and names[layer] not in allowed:
                upward.append(f"{module} may import only from {', '.join(allowed)}, not {t}")
    assert upward == []


def test_the_one_upward_import_is_the_add_in_entry_point() -> None:
    used = {(m, unit_of(t)[1]) for m, ts in graph().items() for t in ts  # type: ignore[index]
            if unit_of(t)[0] > unit_of(m)[0]}  # type: ignore[index]
    assert used == UPWARD


def _without_upward(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph without the allowed upward imports (they stand inside a function, by design)."""
    return {m: {t for t in ts if (m, unit_of(t)[1]) not in UPWARD} for m, ts in edges.items()}  # type: ignore[index]


def test_no_import_cycles_between_modules() -> None:
    assert cycles(_without_upward(graph())) == []


def test_no_import_cycles_between_units() -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    for module, targets in _without_upward(graph()).items():
        own = unit_of(module)[1]  # type: ignore[index]
        edges[own] |= {unit_of(t)[1] for t in targets} - {own}  # type: ignore[index]
    assert cycles(edges) == []


def test_every_module_is_exercised_by_a_test() -> None:
    """Each module is imported by name by some test (or by the tests' support code): a failure in
    it points at its own test, not only at an end-to-end diff. Package __init__ files that only
    document or re-export, and __main__, are exempt when their package is imported."""
    imported: set[str] = set()
    for path in sorted(TESTS.rglob("*.py")):
        imported |= imports_of(path, "tests")
    missing = []
    for name, path in modules().items():
        if name in imported or name.startswith(LOADED_BY_PATH):
            continue
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        trivial = path.name in ("__init__.py", "__main__.py") and any(m.startswith(package + ".") for m in imported)
        if not trivial:
            missing.append(name)
    assert missing == [], "modules no test imports: give each a test of its own"


def test_readme_lists_the_layers_and_their_modules() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    part = readme[readme.index("## Projektets delar"):]
    rows = {line.split(" | ")[0].lstrip("| "): line for line in part.splitlines() if line.startswith("| ")}
    assert [layer.name for layer in LAYERS if layer.name not in rows] == []
    for layer in LAYERS:
        for unit in layer.units:
            name = unit.rpartition(".")[2]
            if unit != "xltools" and not name.startswith("_") and (unit in modules() or f"{unit}.{name}" in modules()
                                                                    or (PACKAGE / name).is_dir()):
                assert f"`{name}/`" in rows[layer.name] or f"`{name}.py`" in rows[layer.name], (layer.name, unit)


def test_every_folder_of_modules_is_a_package() -> None:
    """A folder without __init__.py is a namespace package, which setuptools leaves out of the wheel."""
    folders = {p.parent for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
    assert sorted(str(f.relative_to(ROOT)) for f in folders if not (f / "__init__.py").is_file()) == []
