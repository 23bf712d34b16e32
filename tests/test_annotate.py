"""`xltools validate --annotate OUTDIR`: an annotated copy per file, the original never written."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from support.officejs import FEL_HEX, VARNING_HEX, cells
from test_port import YELLOW, bad_drift, good_drift, observe_file

from xltools.addin.annotate import annotate_copies
from xltools.addin.marks import apply_findings
from xltools.config import Config
from xltools.errors import XltoolsError
from xltools.excel.port import KONTROLL_SHEET, MARKS_SHEET, OpenpyxlPort
from xltools.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent
XLTOOLS = str(Path(sys.executable).parent / "xltools")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([XLTOOLS, "validate", *args, "--config", str(ROOT / "config")],
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def inbox(config: Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inkorg")
    bad_drift(config, folder / "driftbudget-fgn.xlsx")
    good_drift(config, folder / "godkand.xlsx")
    (folder / "trasig.xlsx").write_bytes(b"inte en arbetsbok")
    return folder


def test_annotated_copy_marks_the_reported_cells(inbox: Path, tmp_path: Path) -> None:
    source = inbox / "driftbudget-fgn.xlsx"
    before = sha(source)
    report = json.loads(validate(str(source), "--format", "json").stdout)["files"][0]
    out = tmp_path / "kontroll"
    done = validate(str(source), "--format", "json", "--annotate", str(out))
    assert done.returncode == 1 and json.loads(done.stdout)["files"][0] == report
    assert sha(source) == before  # the input file is never modified
    copy = out / source.name
    assert [p.name for p in out.iterdir()] == [source.name]

    # the Kontroll sheet, read by calamine: every finding, in the report's order
    book = CalamineWorkbook.from_path(str(copy))
    assert book.sheet_names[0] == KONTROLL_SHEET
    rows = book.get_sheet_by_name(KONTROLL_SHEET).to_python()
    listed = [r[:5] for r in rows[1:] if r[0] != "obs"]
    assert listed == [[f["severity"], f["rule"], f["sheet"] or "", f["cell"] or "", f["message"]]
                      for f in report["findings"]]

    # fills and notes on exactly the reported cells; other input cells keep their colour
    obs = observe_file(copy)
    placed = [f for f in report["findings"] if f["sheet"] and f["cell"]]
    fel = {(f["sheet"], c) for f in placed if f["severity"] == "fel" for c in cells(f["cell"])}
    everything = {(f["sheet"], c) for f in placed for c in cells(f["cell"])}
    assert obs.marked() == {k: FEL_HEX if k in fel else VARNING_HEX for k in everything}
    assert ("Driftbudget", "A70") in everything and ("Driftbudget", "M70") in everything  # a range, whole
    assert obs.fills[("Driftbudget", "C8")] == YELLOW
    notes = {k: v for k, v in obs.notes.items()}
    assert set(notes) == {(f["sheet"], cells(f["cell"])[0]) for f in placed}
    for f in placed:
        assert f"{f['rule']} ({f['severity']}): {f['message']}" in notes[(f["sheet"], cells(f["cell"])[0])]
    for row, target in obs.links.items():
        sheet, cell = rows[row - 1][2], rows[row - 1][3]
        assert target == f"'{sheet}'!{cell or 'A1'}"
    assert len(obs.links) == sum(1 for f in report["findings"] if f["sheet"])
    assert MARKS_SHEET in obs.hidden


def test_folder_run_skips_unreadable_files_and_keeps_names(inbox: Path, tmp_path: Path) -> None:
    before = {p.name: sha(p) for p in inbox.iterdir()}
    out = tmp_path / "kontroll"
    done = validate(str(inbox), "--annotate", str(out))
    assert done.returncode == 2  # one file could not be read at all
    assert sorted(p.name for p in out.iterdir()) == ["driftbudget-fgn.xlsx", "godkand.xlsx"]
    assert "trasig.xlsx: ingen kommenterad kopia" in done.stderr and "Traceback" not in done.stderr
    assert {p.name: sha(p) for p in inbox.iterdir()} == before
    good = observe_file(out / "godkand.xlsx")
    assert good.marked() == {} and good.notes == {}
    assert good.tables[KONTROLL_SHEET][-1][4] == "Inga fel eller varningar hittades."


def test_same_name_from_two_folders_gets_two_copies(config: Config, tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        bad_drift(config, tmp_path / sub / "drift.xlsx")
    out = tmp_path / "ut"
    done = validate(str(tmp_path / "a"), str(tmp_path / "b"), "--annotate", str(out))
    assert done.returncode == 1
    assert sorted(p.name for p in out.iterdir()) == ["drift (2).xlsx", "drift.xlsx"]


def test_marks_are_capped_and_the_cap_is_said(inbox: Path, config: Config, tmp_path: Path) -> None:
    source = inbox / "driftbudget-fgn.xlsx"
    findings = validate_paths([source], config)[0].files[0].findings
    port = OpenpyxlPort.open(source)
    applied = apply_findings(port, findings, limit=2)
    port.save_copy(tmp_path / "kapad.xlsx")
    obs = observe_file(tmp_path / "kapad.xlsx")
    places = {(f.loc.sheet, f.loc.cell) for f in findings if f.loc.sheet and f.loc.cell}
    assert applied.filled == 2 and applied.not_marked == len(places) - 2
    assert len({k for k in obs.notes}) == 2
    last = obs.tables[KONTROLL_SHEET][-1]
    assert last[0] == "obs" and "Bara de första 2" in last[4]
    assert len([r for r in obs.tables[KONTROLL_SHEET][1:] if r[0] != "obs"]) == len(findings)  # all listed


def test_annotating_an_annotated_copy_does_not_double(inbox: Path, tmp_path: Path) -> None:
    first = tmp_path / "ett"
    validate(str(inbox / "driftbudget-fgn.xlsx"), "--annotate", str(first))
    second = tmp_path / "tva"
    validate(str(first / "driftbudget-fgn.xlsx"), "--annotate", str(second))
    a, b = observe_file(first / "driftbudget-fgn.xlsx"), observe_file(second / "driftbudget-fgn.xlsx")
    assert b.marked() == a.marked() and b.notes == a.notes
    wb = load_workbook(second / "driftbudget-fgn.xlsx")
    assert wb.sheetnames.count(KONTROLL_SHEET) == 1 and wb.sheetnames.count(MARKS_SHEET) == 1


def test_annotate_copies_in_process_writes_copies_and_says_what_it_skipped(inbox: Path, config: Config,
                                                                            tmp_path: Path) -> None:
    _, checked = validate_paths([inbox], config)
    result = annotate_copies(checked, tmp_path / "ut")
    assert sorted(p.name for p in result.written) == ["driftbudget-fgn.xlsx", "godkand.xlsx"]
    assert [s for s in result.skipped if "trasig.xlsx" in s and "kunde inte läsas" in s]
    before = sorted(p.name for p in inbox.iterdir())
    for out in (inbox, inbox.parent):  # replacing either would take the submitted files away
        with pytest.raises(XltoolsError, match=f"utmappen {out} innehåller de inlämnade filerna"):
            annotate_copies([c for c in checked if c.report.file.endswith("godkand.xlsx")], out)
    assert sorted(p.name for p in inbox.iterdir()) == before


def test_an_xlsm_copy_carries_no_macro_project(config: Config, tmp_path: Path) -> None:
    """The annotated copy of an .xlsm is an .xlsx without vbaProject.bin, and opens as a workbook."""
    import zipfile

    from support.hostile.cases_files import as_xlsm

    src = tmp_path / "in" / "driftbudget-fgn.xlsx"
    src.parent.mkdir()
    bad_drift(config, src)
    xlsm = as_xlsm(src, src.with_suffix(".xlsm"))
    src.unlink()
    with zipfile.ZipFile(xlsm) as zf:
        assert "xl/vbaProject.bin" in zf.namelist()
    out = tmp_path / "kontroll"
    done = validate(str(xlsm), "--annotate", str(out))
    assert done.returncode == 1, done.stderr
    assert [p.name for p in out.iterdir()] == ["driftbudget-fgn.xlsx"]
    copy = out / "driftbudget-fgn.xlsx"
    with zipfile.ZipFile(copy) as zf:
        names = zf.namelist()
        types = zf.read("[Content_Types].xml")
    assert not [n for n in names if "vbaproject" in n.lower()] and b"macroEnabled" not in types
    assert KONTROLL_SHEET in load_workbook(copy).sheetnames
