"""Validera in xlwings Lite, without Excel: the template's own main.py in Pyodide (Node) and in CPython.

Real templates are written with their Lite parts; main.py is read back from each template. Real
filled workbooks of several document types get planted errors of many kinds; their Office.js
payloads go to tests/pyodide/lite_run.py, which calls main.py's script the way xlwings Lite
does, once in Pyodide (tests/support/pyodide.py, no network after the first run) and once in
CPython. Asserted: the same Excel actions in both, and on the Kontroll sheet, in the fills and in
the notes exactly what `xltools validate` reports for the file with the full configuration.
Needs Node.js and npm (skipped locally without them, a failure in CI: XLTOOLS_REQUIRE_PYODIDE=1)
and XLWINGS_LICENSE_KEY for xlwings' remote engine (set by .ci/run).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from support.officejs import FEL_HEX, HAS_KEY, NO_KEY, VARNING_HEX, Observed, cells, payload, replay
from support.pyodide import NODE_DIR, require_node, run_script
from support.uppfoljning import KIND_MONTH
from support.workbooks import Edits, build, clear_row, default_year, edit

from xltools.addin.marks import apply_findings
from xltools.config import Config
from xltools.excel.port import KONTROLL_SHEET, OpenpyxlPort
from xltools.excel.write import write_template
from xltools.findings import sort_findings
from xltools.forms import FORMS
from xltools.lite.parts import read_parts
from xltools.lite.template import LiteCheck
from xltools.validate import validate_paths

REQUIRED = os.environ.get("XLTOOLS_REQUIRE_PYODIDE") == "1"  # CI: a missing key fails in `runs`, never skips
pytestmark = pytest.mark.skipif(not HAS_KEY and not REQUIRED, reason=NO_KEY)

NAMND = "fgn"
URL = "https://xltools.intranat.example/lite/"
SCRIPT = NODE_DIR / "lite_run.py"
FGN_RAM_2027 = 438000.0  # config/ekonomi.yaml ramar.fgn.2027
FGN_400_2026 = 131690.0  # config/uppfoljning.yaml driftbudget.fgn.400 (Ekonomi row 6)


@dataclass
class Case:
    name: str
    document: str
    edits: Edits = field(default_factory=dict)
    template: str | None = None  # the template whose main.py runs (default: the document's own)


CASES = [
    Case("driftbudget", "driftbudget", {("Driftbudget", "H6"): FGN_RAM_2027 + 2000, ("Driftbudget", "B7"): "50 Löner arbetad tid",
                                        ("Driftbudget", "A68"): "410 Grundskola", ("Driftbudget", "H68"): 500,
                                        ("Driftbudget", "I6"): "439 000"}),
    Case("driftbudget-igen", "driftbudget"),  # the same, checked, saved and one row fixed: old marks go first
    Case("namndplan", "namndplan", {("Mått", "I7"): None, ("Mål", "B8"): "Huvudmål", ("Mått", "F6"): "ungefär 70"}),
    Case("verksamhetsplan", "verksamhetsplan", {("Aktiviteter", "G6"): dt.date(2028, 3, 31),
                                                ("Aktiviteter", "G7"): "2027-10-31", ("Aktiviteter", "A8"): "A1"}),
    Case("investeringsplan", "investeringsplan", {("Projekt", "D6"): "Ja", ("Inköpsplan", "D6"): -1200,
                                                  ("Driftkostnadskalkyl", "B7"): 9000}),
    Case("taxor", "taxor", {("Taxor", "H6"): None}),
    Case("internkontrollplan", "internkontrollplan", clear_row("Kontrollplan", 11, "K")),
    Case("delarsrapport", "delarsrapport", {("Mål", "E6"): None, ("Mått", "F6"): None}),
    Case("manadsrapport", "manadsrapport", {("Ekonomi", "G6"): FGN_400_2026 + 1300}),
    Case("godkand", "internhyror"),
    Case("annan-mall", "taxor", template="driftbudget"),  # driftbudget's main.py in a taxor workbook
]


def lite_main(config: Config, document: str, folder: Path) -> str:
    """main.py of the nämnd's Lite template for `document`, read back from the written template."""
    year = default_year(document, config)
    period = f"{year}-{KIND_MONTH[document]:02d}" if document in KIND_MONTH else None
    template = write_template(FORMS[document], config, NAMND, year, folder / f"mall-{document}.xlsx", period=period,
                              check=LiteCheck(URL))
    found = read_parts(template)
    assert found is not None
    return found.properties["main.py"]


@pytest.fixture(scope="module")
def runs(config: Config, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every case's workbook, main.py and payload; the CLI's findings; the runs in Pyodide and CPython."""
    require_node()
    if not HAS_KEY:
        pytest.fail(f"Pyodide-testerna krävs i CI men {NO_KEY}")
    root = tmp_path_factory.mktemp("lite")
    mains = {d: lite_main(config, d, root) for d in sorted({c.template or c.document for c in CASES})}
    files: dict[str, Path] = {}
    for case in CASES:
        if case.name == "driftbudget-igen":
            files[case.name] = _checked_and_fixed(config, files["driftbudget"], root / f"{case.name}.xlsx")
            continue
        path = build(case.document, config, NAMND, root / f"{case.name}.xlsx")
        files[case.name] = edit(path, case.edits) if case.edits else path
    cases = [{"name": c.name, "main_py": mains[c.template or c.document], "payload": payload(files[c.name])}
             for c in CASES]
    data = {"cases": cases}
    pyodide = run_script(SCRIPT, data, root / "pyodide")
    source, target = root / "cpython-in.json", root / "cpython-out.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    subprocess.run([sys.executable, str(SCRIPT), str(source), str(target)], check=True, capture_output=True,
                   env={**os.environ, "XLWINGS_ON_SERVER": "true"}, timeout=300)
    cpython = json.loads(target.read_text(encoding="utf-8"))
    cli = {name: validate_paths([path], config)[0].files[0] for name, path in files.items()}
    payloads = {c["name"]: c["payload"] for c in cases}
    return {"pyodide": pyodide, "cpython": cpython, "cli": cli, "payloads": payloads, "files": files}


def _checked_and_fixed(config: Config, source: Path, target: Path) -> Path:
    """`source` after one check (Kontroll, fills, notes and the marks list saved in it), then one cell fixed."""
    port = OpenpyxlPort.open(source)
    apply_findings(port, validate_paths([source], config)[0].files[0].findings)
    port.save_copy(target)
    return edit(target, {("Driftbudget", "H68"): None, ("Driftbudget", "A68"): None})


def _observed(runs: dict[str, Any], name: str, where: str = "pyodide") -> Observed:
    result = next(r for r in runs[where]["results"] if r["name"] == name)

    class Book:  # replay reads book.json()["actions"]
        def json(self) -> dict[str, Any]:
            return {"actions": result["actions"]}

    return replay(Book(), runs["payloads"][name])


# ---------------------------------------------------------------- Pyodide = CPython
def test_pyodide_sends_excel_the_same_actions_as_cpython(runs: dict[str, Any]) -> None:
    assert runs["pyodide"]["platform"] == "emscripten" and runs["cpython"]["platform"] != "emscripten"
    assert [r["name"] for r in runs["pyodide"]["results"]] == [c.name for c in CASES]
    for ours, theirs in zip(runs["pyodide"]["results"], runs["cpython"]["results"], strict=True):
        assert ours["actions"] == theirs["actions"], ours["name"]
        assert ours["actions"], ours["name"]


def test_the_planted_errors_are_of_many_kinds(runs: dict[str, Any]) -> None:
    """The cases are a real test: several document types, fel and varningar, at least five kinds of rules."""
    reports = [r for name, r in runs["cli"].items() if name not in ("godkand", "annan-mall")]
    rules = {f.rule for r in reports for f in r.findings}
    assert len(rules) >= 8, rules
    assert {r.document for r in reports if r.findings} >= {"driftbudget", "namndplan", "verksamhetsplan",
                                                          "investeringsplan", "taxor", "delarsrapport"}
    assert {str(f.severity) for r in reports for f in r.findings} == {"fel", "varning"}
    assert not runs["cli"]["godkand"].findings


# ---------------------------------------------------------------- the CLI's findings, in Excel
# The object-model payload carries values, not formulas: Lite finds a value typed over a computed cell (FRM-1,
# the månadsrapport case) by comparing the cell's value with what the template's formula gives.
@pytest.mark.parametrize("name", [c.name for c in CASES if c.name != "annan-mall"])
def test_kontroll_fills_and_notes_are_the_clis(runs: dict[str, Any], name: str) -> None:
    report = runs["cli"][name]
    obs = _observed(runs, name)
    assert obs.names[0] == KONTROLL_SHEET
    table = obs.tables[KONTROLL_SHEET]
    verdict, hand_in = table[1][4], table[2][4]
    if report.errors:
        assert verdict.startswith(f"Resultat: {report.errors} fel och {report.warnings} ")
    else:
        assert verdict.startswith("Resultat: inga fel.") and verdict.endswith("Arbetsboken kan lämnas in.")
    assert hand_in.startswith("Så lämnar du in: spara arbetsboken") and "Validera lämnar inte in den åt dig" in hand_in
    expected = [[str(f.severity), f.rule, f.loc.sheet or "", f.loc.cell or "", f.message]
                for f in sort_findings(report.findings)]
    listed = [row[:5] for row in table[3:]]
    assert listed == (expected or [["obs", "", "", "", "Inga fel eller varningar hittades."]])
    placed = [f for f in report.findings if f.loc.sheet and f.loc.cell]
    fel = {(f.loc.sheet, c) for f in placed if str(f.severity) == "fel" for c in cells(f.loc.cell)}
    everything = {(f.loc.sheet, c) for f in placed for c in cells(f.loc.cell)}
    assert obs.marked() == {k: FEL_HEX if k in fel else VARNING_HEX for k in everything}
    ours = {k: v for k, v in obs.notes.items() if v is not None and v.startswith("xltools:")}
    assert set(ours) == {(f.loc.sheet, cells(f.loc.cell)[0]) for f in placed}
    for f in placed:
        assert f.rule in ours[(f.loc.sheet, cells(f.loc.cell)[0])] and f.message in ours[(f.loc.sheet, cells(f.loc.cell)[0])]


def test_the_deadline_comes_from_the_bundled_arshjul(runs: dict[str, Any], config: Config) -> None:
    hand_in = _observed(runs, "driftbudget").tables[KONTROLL_SHEET][2][4]
    due = config.arshjul.deadline("driftbudget", config.planering.budgetar)
    assert due is not None and f"senast {due.isoformat()}" in hand_in


def test_old_marks_are_removed_before_the_new_ones(runs: dict[str, Any]) -> None:
    """The saved, checked workbook with one fixed row: its fill and note go, nothing is marked twice."""
    obs = _observed(runs, "driftbudget-igen")
    actions = next(r for r in runs["pyodide"]["results"] if r["name"] == "driftbudget-igen")["actions"]
    funcs = [a["func"] for a in actions]
    assert "deleteNote" in funcs and funcs.index("deleteNote") < funcs.index("addNote")
    assert not any(k[0] == "Driftbudget" and k[1].endswith("68") for k in obs.marked())
    assert ("Driftbudget", "A68") not in obs.notes
    assert funcs.count("sheetDelete") == 2  # the old Kontroll sheet and the old marks list


def test_a_workbook_of_another_document_is_not_checked_with_the_wrong_rules(runs: dict[str, Any]) -> None:
    obs = _observed(runs, "annan-mall")
    assert obs.tables[KONTROLL_SHEET][1][4].startswith("Kontrollen i den här arbetsboken gäller driftbudget för fgn")
    assert len(obs.tables[KONTROLL_SHEET]) == 2 and obs.marked() == {}


def test_the_check_imports_only_what_it_needs(runs: dict[str, Any]) -> None:
    """In Pyodide nothing beyond xlwings is installed or imported: no file readers, no reports, no YAML."""
    assert runs["pyodide"]["third_party"] == []
    modules = set(runs["pyodide"]["xltools_modules"])
    assert not {m for m in modules if m.startswith(("xltools.reports", "xltools.consolidate", "xltools.cli",
                                                    "xltools.jobs", "xltools.examples", "xltools.templates"))}

