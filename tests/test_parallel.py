"""Validation by worker processes gives exactly what validation in one process gives.

A folder of real workbooks (two nämnder, planning documents and follow-ups, some with errors,
cross-document errors, a duplicate and unreadable files) is validated with jobs=1, jobs=2 and
the automatic choice; reports, findings (in order) and documents must be identical.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.workbooks import bad_csv, bad_truncated, build_all, copy, edit

from xltools.cli import cli
from xltools.config import Config
from xltools.document import CellValue, Row, cell_value, table_row
from xltools.validate import PARALLEL_MIN, _read_parallel, expand, validate_paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def folder(config: Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inkorg")
    sn = build_all(config, "sn", root / "sn", followups=True)
    fgn = build_all(config, "fgn", root / "fgn", followups=True)
    # Cross-document findings: an aktivitet for a mål the nämndplan lacks (VP-2), which leaves
    # the nämndplan's NM1 without aktivitet (NP-2).
    edit(sn["verksamhetsplan"], {("Aktiviteter", "C6"): "NM9"})
    # Findings while reading: text in an amount, a negative amount, a formula in an input cell.
    edit(fgn["driftbudget"], {("Driftbudget", "H6"): "12 500,5", ("Driftbudget", "I6"): -3,
                              ("Driftbudget", "J6"): "=1+2"})
    # A second nämndplan for sn later in path order: the first one is the one the others see.
    copy(sn["namndplan"], root / "sn" / "z-namndplan-kopia.xlsx")
    edit(root / "sn" / "z-namndplan-kopia.xlsx", {("Mål", "A9"): "NM7"})
    bad_csv(root / "trasig.xlsx")
    bad_truncated(fgn["taxor"], root / "fgn" / "avbruten.xlsx")
    return root


def _flat(checked: list) -> list:
    return [(c.report.to_dict(), [(f.rule, f.severity, f.loc, f.message) for f in c.report.findings],
             None if c.document is None else c.document) for c in checked]


def test_serial_and_parallel_are_identical(folder: Path, config: Config) -> None:
    n = len(list(folder.rglob("*.xlsx")))
    assert n > PARALLEL_MIN  # so that the automatic choice uses workers on a machine with two cores
    assert _read_parallel(expand([folder]), config, 2, None, True) is not None  # the workers did run
    runs = {jobs: validate_paths([folder], config, jobs=jobs) for jobs in (1, 2, None)}
    serial_report, serial = runs[1]
    rules = {f.rule for c in serial for f in c.report.findings}
    assert {"VP-2", "NP-2", "STR-9", "STR-15", "STR-13", "FIL-2", "FIL-6"} <= rules, rules
    assert sum(c.document is not None for c in serial) == n - 2
    for jobs in (2, None):
        report, checked = runs[jobs]
        assert report.to_json() == serial_report.to_json()
        assert _flat(checked) == _flat(serial)
        assert [c.document for c in checked] == [c.document for c in serial]


def test_without_documents_the_report_is_the_same(folder: Path, config: Config) -> None:
    full, _ = validate_paths([folder], config, jobs=1)
    for jobs in (1, 2):
        report, checked = validate_paths([folder], config, jobs=jobs, keep_documents=False)
        assert report.to_json() == full.to_json()
        assert all(c.document is None for c in checked)


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_counts_every_file(folder: Path, config: Config, jobs: int) -> None:
    seen: list[tuple[int, int]] = []
    _, checked = validate_paths([folder], config, jobs=jobs, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (len(checked), len(checked))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cli_jobs_gives_the_same_json(folder: Path) -> None:
    runner = CliRunner()
    out = {}
    for jobs in ("1", "2"):
        res = runner.invoke(cli, ["validate", "--config", str(ROOT / "config"), "--format", "json", "--jobs", jobs,
                                  str(folder)])
        assert res.exit_code == 2, res.output  # unreadable files in the folder
        out[jobs] = json.loads(res.stdout)
    assert out["1"] == out["2"]
    assert len(out["1"]["files"]) == len(list(folder.rglob("*.xlsx")))


def test_cli_rejects_zero_jobs(folder: Path) -> None:
    res = CliRunner().invoke(cli, ["validate", "--config", str(ROOT / "config"), "--jobs", "0", str(folder)])
    assert res.exit_code == 2 and "--jobs" in res.output


def test_fast_constructors_build_what_the_plain_constructors_build() -> None:
    cv = cell_value(1.5, "Driftbudget", "H6")
    ref = CellValue(value=1.5, sheet="Driftbudget", cell="H6")
    assert type(cv) is CellValue and cv == ref and cv._asdict() == ref._asdict()
    assert (cv.value, cv.sheet, cv.cell) == (1.5, "Driftbudget", "H6")
    assert hash(cv) == hash(ref) and repr(cv) == repr(ref)
    cols = frozenset({"kostnader_1", "intakter_1"})
    row = table_row("Driftbudget", 6, {"kostnader_1": cv}, False, cols)
    assert row == Row(sheet="Driftbudget", row=6, values={"kostnader_1": ref}, prefilled=False, columns=cols)
    assert row.get("kostnader_1") == 1.5 and row.get("intakter_1", 0) == 0
    with pytest.raises(KeyError):  # a key the table does not declare: a typo, never a silent None
        row.get("kostnad_1")
    with pytest.raises(AttributeError):  # immutable
        cv.value = 2  # type: ignore[misc]


@pytest.mark.parametrize("kind", ["planering", "uppfoljning"])
def test_templates_written_by_workers_are_the_serial_files(config: Config, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """Many templates are written by worker processes; byte for byte the files one process writes."""
    import datetime as dt

    import xltools.templates as templates
    from xltools.templates import generate_followup

    def generate(out: Path, progress: object = None) -> list[Path]:
        if kind == "planering":
            return templates.generate_all(config, out, namnder=("ks", "sn"), generated=dt.datetime(2026, 3, 1),
                                          progress=progress)  # 14 templates
        return generate_followup(config, "2026-08", out, generated=dt.datetime(2026, 8, 1), progress=progress)

    seen: list[tuple[int, int]] = []
    monkeypatch.setattr(templates, "cores", lambda: 2)  # two workers even on a one-core machine
    parallel = generate(tmp_path / "parallel", lambda d, t: seen.append((d, t)))
    assert len(parallel) > templates.POOL_MIN and seen[-1] == (len(parallel), len(parallel))
    monkeypatch.setattr(templates, "POOL_MIN", 10_000)
    serial = generate(tmp_path / "serial")
    assert [p.name for p in parallel] == [p.name for p in serial]
    for a, b in zip(parallel, serial, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
