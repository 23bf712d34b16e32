"""Open data and the analyst's API (issue 20, part 3): `xltools export` and xltools.data.

The example kommunplan is exported as CSV (validated as a Data Package by the `frictionless`
library), xlsx (read back by openpyxl and python-calamine) and Parquet (read back by pandas and
pyarrow); every table's totals are compared with the kommunplan's JSON, and a hostile text typed
into a submission stays inert text in every format.
"""

from __future__ import annotations

import csv
import json
import math
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from conftest import CONFIG_DIR, ROOT
from support.hostile.edits import cell, type_cells
from support.hostile.zipparts import set_cell, text_xml

from xltools.jobs.export import write_export
from xltools.opendata.tables import DTYPES, SCHEMAS, kommunplan_tables
from xltools.opendata.write import FORMATS, safe_text
from xltools.reports.kommunplan_json import to_dict

PLANERING = ROOT / "workbooks" / "planering"
CMD = "=cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
ANSI = "Mål \x1b[2J\x1b[1;31mröd"


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _num(text: str) -> float:
    return float(text) if text else 0.0


@pytest.fixture(scope="module")
def exported(plan: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("export")
    return {fmt: (write_export(plan, base / fmt, fmt), base / fmt)[1] for fmt in ("csv", "xlsx", "parquet")}


def test_the_csv_package_is_a_valid_frictionless_data_package(exported: dict[str, Path]) -> None:
    from frictionless import validate

    report = validate(str(exported["csv"] / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:10]
    assert [t.name for t in report.tasks] == [s.name for s in SCHEMAS]
    assert report.stats["errors"] == 0 and report.stats["tasks"] == len(SCHEMAS)
    package = json.loads((exported["csv"] / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package" and "syntetiska exempeldata" in package["description"].lower()
    for res in package["resources"]:
        header = (exported["csv"] / res["path"]).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == [f["name"] for f in res["schema"]["fields"]]


def test_the_export_totals_equal_the_kommunplan_json(plan: Any, exported: dict[str, Path]) -> None:
    j = to_dict(plan)
    folder = exported["csv"]
    for name, key in (("resultatbudget", "resultatbudget"), ("kassaflodesbudget", "kassaflodesbudget"),
                      ("balansbudget", "balansbudget")):
        got: dict[str, dict[str, float | None]] = defaultdict(dict)
        for r in _rows(folder / f"{name}.csv"):
            got[r["ar"]][r["rad"]] = float(r["belopp_tkr"]) if r["belopp_tkr"] else None
        assert got == j[key], name
    drift = _rows(folder / "driftbudget.csv")
    assert len(drift) == len(j["driftbudget"]) * len(j["ar"])
    for r in drift:
        want = j["driftbudget"][r["namnd"]][r["ar"]]
        for col in ("intakter", "kostnader", "netto", "ram", "differens"):
            assert (float(r[f"{col}_tkr"]) if r[f"{col}_tkr"] else None) == want[col], (r["namnd"], r["ar"], col)
    per_year: dict[str, float] = defaultdict(float)
    for r in _rows(folder / "investeringar.csv"):
        per_year[r["ar"]] += _num(r["utgift_tkr"])
    assert {y: round(v, 3) for y, v in per_year.items()} == j["investeringar_per_ar"]
    # Every driftbudget figure is the sum of its facts, each with its file, sheet and cell.
    facts: dict[tuple[str, str, str], float] = defaultdict(float)
    cells = set()
    for r in _rows(folder / "fakta.csv"):
        assert r["kalla_fil"] and r["kalla_blad"] and r["kalla_cell"] and len(r["kalla_sha256"]) == 64
        cells.add((r["kalla_fil"], r["kalla_blad"], r["kalla_cell"], r["ar"], r["matt"]))
        if r["dokument"] == "driftbudget":
            facts[(r["namnd"], r["ar"], r["matt"])] += float(r["belopp_tkr"])
    assert len(cells) == len(plan.facts)  # one row per fact, none dropped or doubled
    for n, years in j["driftbudget"].items():
        for y, v in years.items():
            if v["inlamnad"]:
                assert round(facts[(n, y, "intakter")], 3) == v["intakter"]
                assert round(facts[(n, y, "kostnader")], 3) == v["kostnader"]
    assert math.isclose(sum(float(r["belopp_tkr"]) for r in _rows(folder / "fakta.csv")),
                        sum(f.kronor for f in plan.facts) / 1000, abs_tol=1e-6)


def test_frames_have_the_stated_dtypes_and_every_format_reads_back_equal(plan: Any, exported: dict[str, Path]) -> None:
    import pandas as pd

    from xltools.data import frames, las_export

    want = frames(kommunplan_tables(plan))
    for schema in SCHEMAS:
        df = want[schema.name]
        assert list(df.columns) == [f.name for f in schema.fields]
        assert {c: str(t) for c, t in df.dtypes.items()} == {f.name: DTYPES[f.type] for f in schema.fields}
    for fmt in ("csv", "parquet"):
        got = las_export(exported[fmt])
        assert got.keys() == want.keys()
        for name in want:
            pd.testing.assert_frame_equal(got[name], want[name], check_exact=True)
    drift = want["driftbudget"]
    assert drift["netto_tkr"].sum() == pytest.approx(sum(v["netto"] or 0 for ys in to_dict(plan)["driftbudget"].values()
                                                         for v in ys.values()))


def test_the_xlsx_has_a_sheet_per_table_with_the_same_rows(plan: Any, exported: dict[str, Path]) -> None:
    from python_calamine import CalamineWorkbook

    (book,) = exported["xlsx"].glob("*.xlsx")
    wb = CalamineWorkbook.from_path(str(book))
    assert wb.sheet_names == ["Om data", *(s.name for s in SCHEMAS)]
    for t in kommunplan_tables(plan):
        rows = wb.get_sheet_by_name(t.name).to_python()
        assert rows[0] == [f.title for f in t.fields]
        assert len(rows) - 1 == len(t.rows), t.name
        i = [f.name for f in t.fields].index("belopp_tkr") if "belopp_tkr" in [f.name for f in t.fields] else None
        if i is not None:
            assert sum(float(r[i] or 0) for r in rows[1:]) == pytest.approx(sum(r[i] or 0 for r in t.rows))


def test_a_hostile_text_stays_inert_text_in_every_format(config: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from xltools.jobs.export import run

    folder = tmp_path / "underlag"
    shutil.copytree(PLANERING, folder)
    mal_text = cell("namndplan", "mal", "text", 1)
    type_cells(folder / "namndplan-kfn-2027.xlsx", {mal_text: CMD, cell("namndplan", "mal", "text", 2): AT})
    set_cell(folder / "namndplan-bn-2027.xlsx", *mal_text, *text_xml(ANSI, raw=True))  # as a hand-made file holds it
    for fmt in ("csv", "xlsx", "parquet"):
        run(folder, config, tmp_path / fmt, fmt)
    texts = {r["mal"] for r in _rows(tmp_path / "csv" / "mal.csv")}
    assert "'" + CMD in texts and "'" + AT in texts and "Mål \\x1b[2J\\x1b[1;31mröd" in texts
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)
    raw = (tmp_path / "csv" / "mal.csv").read_bytes()
    assert b"\x1b" not in raw
    (book,) = (tmp_path / "xlsx").glob("*.xlsx")
    wb = load_workbook(book)
    ws = wb["mal"]
    kinds = {c.data_type for row in ws.iter_rows() for c in row if c.value is not None}
    assert "f" not in kinds
    values = {c.value for row in ws.iter_rows() for c in row}
    assert CMD in values and AT in values  # kept as the text typed, as a string cell
    import pandas as pd

    parquet = pd.read_parquet(tmp_path / "parquet" / "mal.parquet")
    assert CMD in set(parquet["mal"]) and not any("\x1b" in t for t in parquet["mal"].dropna())


def _cli(*args: str, env: dict[str, str] | None = None, pre: str = "") -> subprocess.CompletedProcess[str]:
    code = pre + "import sys; from xltools.cli import main; sys.argv = ['xltools', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, check=False)


def test_the_command_writes_all_or_nothing_with_swedish_messages(tmp_path: Path) -> None:
    ok = _cli("export", str(PLANERING), "--config", str(CONFIG_DIR), "--out", str(tmp_path / "ut"))
    assert ok.returncode == 0, ok.stderr
    assert "Skrev 8 filer" in ok.stdout and (tmp_path / "ut" / "datapackage.json").is_file()
    missing = _cli("export", str(tmp_path / "finns-inte"), "--config", str(CONFIG_DIR), "--out", str(tmp_path / "x"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert "finns inte" in missing.stderr and "Inga öppna data skrevs" in missing.stderr
    assert not (tmp_path / "x").exists()
    # Parquet without pyarrow: a Swedish message naming the extra; the earlier CSV set stays whole.
    before = sorted(p.name for p in (tmp_path / "ut").iterdir())
    no_arrow = _cli("export", str(PLANERING), "--config", str(CONFIG_DIR), "--out", str(tmp_path / "ut"),
                    "--format", "parquet", pre="import sys; sys.modules['pyarrow'] = None; ")
    assert no_arrow.returncode == 1 and "Traceback" not in no_arrow.stderr, no_arrow.stderr
    assert "xltools[analys]" in no_arrow.stderr
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == before


def test_text_that_a_spreadsheet_would_run_is_written_as_text() -> None:
    assert [safe_text(t) for t in ("=1+1", "+46 250", "-5", "@A1", "\tx", "Mål", "1 250")] == [
        "'=1+1", "'+46 250", "'-5", "'@A1", "'\tx", "Mål", "1 250"]
    assert safe_text("\x1b]0;titel\x07") == "\\x1b]0;titel\\x07"


def test_the_command_help_is_swedish_and_names_every_format() -> None:
    from click.testing import CliRunner

    from xltools.cli.export import export

    res = CliRunner().invoke(export, ["--help"])
    assert res.exit_code == 0 and "öppna data" in res.output
    assert all(fmt in res.output for fmt in FORMATS)


def test_a_stale_table_from_an_earlier_export_does_not_stay(plan: Any, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    write_export(plan, out, "csv")
    (out / "gammal-tabell.csv").write_text("a\n1\n", encoding="utf-8")
    (out / "min-anteckning.txt").write_text("behåll", encoding="utf-8")
    write_export(plan, out, "csv")
    assert not (out / "gammal-tabell.csv").exists() and (out / "min-anteckning.txt").is_file()


def test_neither_validate_nor_the_export_writers_import_pandas_or_pyarrow() -> None:
    probe = ("import sys; import xltools.jobs.export, xltools.opendata.write, xltools.cli.main, xltools.addin; "
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'pyarrow', 'frictionless'}))")
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert res.stdout.strip() == "[]", res.stdout


def test_the_schema_reference_in_the_docs_is_current() -> None:
    from xltools.opendata.docs import schema_markdown

    doc = (ROOT / "docs" / "oppna-data.md").read_text(encoding="utf-8")
    assert doc == schema_markdown(), "kör: python -m xltools.opendata.docs > docs/oppna-data.md"
