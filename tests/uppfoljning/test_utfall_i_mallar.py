"""Utfall from the ekonomisystem in the follow-up templates: utfall.yaml checked against the config
(utfall/konfig.py), the export read at the period (utfall/uppfoljning.py), the pre-fill (uppfoljning/
forifyllt.py), the adopted plans and earlier follow-ups (uppfoljning/underlag.py) and the example's
SIE export (examples/ekonomisystem.py). Expected figures come from the example's booking model, not
from the code under test; templates are real workbooks read back by the real reader."""

from __future__ import annotations

import dataclasses
import math
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from xltools.cli import cli
from xltools.config import Config
from xltools.errors import XltoolsError
from xltools.examples.ekonomisystem import FILE, arets_utfall, export, projektens_utfall
from xltools.findings import Severity
from xltools.forms.period import Period
from xltools.uppfoljning.forifyllt import andel, forifyllt, internbudget
from xltools.uppfoljning.underlag import Valda, fran
from xltools.utfall import konfig
from xltools.utfall.csv_export import write_utfall_csv
from xltools.utfall.rows import rows_from_sie
from xltools.utfall.sie_write import write_sie
from xltools.utfall.uppfoljning import is_sie, las_utfall
from xltools.validate import validate_paths

ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = ROOT / "config"
UNDERLAG = ROOT / "workbooks" / "uppfoljning-underlag"
SIE = UNDERLAG / FILE


def _expected(config: Config, namnd: str, month: int) -> dict[str, tuple[float, float]]:
    """The example's bookings up to `month`, per verksamhet, in tkr (intäkter, kostnader)."""
    return {v: (sum(x.manad_intakter[:month]) / 1000, sum(x.manad_kostnader[:month]) / 1000)
            for (n, v), x in arets_utfall(config).items() if n == namnd}


# ---------------------------------------------------------------- utfall.yaml
def test_the_example_mapping_fits_the_config(config: Config) -> None:
    m = konfig.mapping(config)
    assert (m.ansvar_dimension, m.verksamhet_dimension, m.projekt_dimension) == (1, 20, 6)
    assert m.namnd.koder["3000"] == "sn"
    assert set(m.investeringsprojekt) == set(konfig.referens(config).projekt_namnd)  # the year's projects
    assert konfig.shown_file(config) == "config/utfall.yaml"


def test_a_mapping_that_does_not_fit_names_file_and_key(config: Config) -> None:
    bad = config.replace(utfall={"namnd": {"koder": {"5100": "okand"}}, "verksamhet_dimension": 20,
                                 "ansvar_dimension": 20})
    with pytest.raises(XltoolsError) as exc:
        konfig.mapping(bad)
    text = str(exc.value)
    assert "config/utfall.yaml: namnd.koder.5100: nämnden 'okand' finns inte i organisationen" in text
    assert "ska vara olika dimensioner" in text
    # codes written as numbers in YAML are codes all the same
    numbers = config.replace(utfall={"namnd": {"intervall": [{"fran": 3000, "till": 3999, "varde": "sn"}]}})
    assert konfig.mapping(numbers).namnd.intervall[0].fran == "3000"


# ---------------------------------------------------------------- the export at a period
def test_the_sie_export_at_august_is_the_example_bookings(config: Config) -> None:
    ledger = las_utfall(SIE, config, "2026-08")
    assert ledger.format == "SIE 4E" and not ledger.fel
    assert ledger.kalla.startswith("utfall-2026.se (SIE 4E, sha256 ") and ledger.kalla.endswith("t.o.m. 2026-08")
    for namnd in ("sn", "tn", "of"):
        got, want = ledger.namnd(namnd), _expected(config, namnd, 8)
        assert set(got) == set(want)
        for v, (i, k) in want.items():
            assert got[v][0] == pytest.approx(i, abs=1e-9) and got[v][1] == pytest.approx(k + (85 if (namnd, v) == (
                "tn", "250") else 0), abs=1e-9), (namnd, v)  # tn 250: 85 tkr of TN26-03 on a driftkonto in May
    spend = projektens_utfall(config)
    assert ledger.per_projekt[("tn", "TN26-01")] == pytest.approx(sum(spend[("tn", "TN26-01")][:8]) / 1000)
    rules = sorted((f.rule, f.severity) for f in ledger.findings)
    assert rules == [("INV-4", Severity.VARNING), ("UTF-2", Severity.VARNING)]
    assert ledger.resultat is not None and ledger.resultat.kontroll.stammer
    assert "ansvar 9000" in next(f.message for f in ledger.findings if f.rule == "UTF-2")


def test_the_csv_contract_gives_the_same_utfall(config: Config, tmp_path: Path) -> None:
    from xltools.utfall.sie import read_sie

    m = konfig.mapping(config)
    rows = rows_from_sie(read_sie(SIE), ansvar_dim=m.ansvar_dimension, verksamhet_dim=m.verksamhet_dimension,
                         projekt_dim=m.projekt_dimension)
    csv = tmp_path / "utfall.csv"
    write_utfall_csv(csv, rows, projekt=True)
    assert not is_sie(csv.read_bytes()) and is_sie(SIE.read_bytes())
    a, b = las_utfall(SIE, config, "2026-04"), las_utfall(csv, config, "2026-04")
    assert b.format == "CSV" and a.per_verksamhet == b.per_verksamhet and a.per_projekt == b.per_projekt


def test_a_foreign_or_broken_export_is_utf1_and_nothing_is_written(config: Config, tmp_path: Path) -> None:
    foreign = tmp_path / "annan.se"
    write_sie(foreign, dataclasses.replace(export(config), orgnr="556677-8899"), typographic=True)
    ledger = las_utfall(foreign, config, "2026-08")
    assert [(f.rule, f.severity) for f in ledger.fel] == [("UTF-1", Severity.FEL)]
    assert "556677-8899" in ledger.fel[0].message and not ledger.per_verksamhet
    broken = tmp_path / "avbruten.se"
    broken.write_bytes(SIE.read_bytes()[:-4000])
    out = tmp_path / "mallar"
    result = CliRunner().invoke(cli, ["uppfoljning", "mallar", "--period", "2026-08", "--config", str(CONFIG_DIR),
                                      "--utfall", str(broken), "--out", str(out)])
    assert result.exit_code == 1 and "Inga mallar skrevs" in result.output and "UTF-1" not in result.output
    assert "avbruten.se, rad " in result.output
    assert not out.exists()
    assert las_utfall(tmp_path / "finns-inte.se", config, "2026-08").fel[0].rule == "UTF-1"


# ---------------------------------------------------------------- the templates
def test_mallar_prefill_and_lock_the_utfall_beside_the_periodised_internbudget(config: Config, tmp_path: Path) -> None:
    out = tmp_path / "mallar"
    result = CliRunner().invoke(cli, ["uppfoljning", "mallar", "--period", "2026-08", "--config", str(CONFIG_DIR),
                                      "--utfall", str(SIE), "--underlag", str(UNDERLAG), "--namnd", "sn",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Kontrollsummorna stämmer." in result.output and "varning: tn: investeringsprojektet TN26-03" in result.output
    path = out / "delarsrapport-sn-2026-2026-08.xlsx"
    ws = load_workbook(path)["Ekonomi"]
    want = _expected(config, "sn", 8)
    weights = config.uppfoljning.periodisering.kostnader  # type: ignore[union-attr]
    share = math.fsum(weights[:8]) / math.fsum(weights)  # kostnader by the profile, intäkter evenly (8/12)
    plan = Valda.of(validate_paths([UNDERLAG], config)[1]).antagen("sn", "driftbudget", 2026)
    assert plan is not None
    for r in range(6, 6 + len(want)):
        v = ws.cell(row=r, column=1).value.split(" ")[0]
        plan_i = sum(x.get("intakter_1") or 0 for x in plan.rows("drift") if x.get("verksamhet") == v)
        plan_k = sum(x.get("kostnader_1") or 0 for x in plan.rows("drift") if x.get("verksamhet") == v)
        assert ws.cell(row=r, column=3).value == pytest.approx(round(plan_i * 8 / 12, 3))
        assert ws.cell(row=r, column=4).value == pytest.approx(round(plan_k * share, 3))
        assert ws.cell(row=r, column=4).protection.locked
        assert ws.cell(row=r, column=5).value == pytest.approx(round(want[v][0], 3))  # utfall intäkter
        assert ws.cell(row=r, column=6).value == pytest.approx(round(want[v][1], 3))
        assert ws.cell(row=r, column=5).protection.locked and ws.cell(row=r, column=6).protection.locked
        assert not ws.cell(row=r, column=9).protection.locked  # the prognos is the nämnd's
    assert andel(weights, 8) == pytest.approx(share) and andel(None, 8) == pytest.approx(8 / 12)
    summary = load_workbook(path)["Sammanfattning"]
    assert summary["B14"].value.startswith("utfall-2026.se (SIE 4E") and summary["B14"].protection.locked
    assert summary["B16"].value == pytest.approx(round(sum(k for _, k in want.values()), 3))
    # the reader reads the locked utfall; UTF-3 holds until someone changes it behind the lock
    from support.workbooks import edit

    from xltools.validate import validate_paths as check

    fresh = check([path], config)[1][0]
    assert "UTF-3" not in {f.rule for f in fresh.report.findings}
    changed = edit(Path(shutil.copyfile(path, tmp_path / "andrad.xlsx")), {("Ekonomi", "F6"): 1.0})
    hits = [(f.rule, f.loc.cell) for f in check([changed], config)[1][0].report.findings if f.rule == "UTF-3"]
    assert hits == [("UTF-3", "B16")]


def test_forifyllt_without_an_underlag_locks_empty_internbudget_cells(config: Config) -> None:
    pre = forifyllt(config, "sn", Period(2026, 4), False)
    assert pre.rows == {} and pre.fields == {} and pre.locked == {"ekonomi": ("budget_period_intakter",
                                                                              "budget_period_kostnader")}
    assert internbudget(None, "sn", 2026) is None


def test_underlag_from_an_inkorg_gives_the_earlier_follow_ups(config: Config, tmp_path: Path) -> None:
    inkorg = tmp_path / "inkorg"
    folder = tmp_path / "rapporter"
    folder.mkdir()
    for p in (ROOT / "workbooks" / "uppfoljning").glob("*-sn-*.xlsx"):
        shutil.copy(p, folder / p.name)
    result = CliRunner().invoke(cli, ["inkorg", "ta-emot", str(folder), "--inkorg", str(inkorg),
                                      "--config", str(CONFIG_DIR)])
    assert result.exit_code == 0, result.output
    source = fran(inkorg, config)
    earlier = source.tidigare("sn", 2026, Period(2026, 8))
    assert [d.meta.period for d in earlier] == ["2026-02", "2026-03", "2026-04"]
    assert all(d.file.endswith(".xlsx") and "/" not in d.file for d in earlier)  # named as handed in
    folder_source = fran(ROOT / "workbooks" / "uppfoljning-underlag", config)
    assert folder_source.antagen("sn", "namndplan", 2026) is not None and folder_source.notes == []
    with pytest.raises(XltoolsError, match="finns inte"):
        fran(tmp_path / "saknas", config)


def test_the_example_export_balances_and_is_reproducible(config: Config) -> None:
    sie = export(config)
    assert all(sum((r.amount for r in v.rows), Decimal(0)) == 0 for v in sie.verifications)
    assert sie == export(config) and sie.orgnr == config.kommun.organisationsnummer
    assert SIE.read_bytes() == __import__("xltools.utfall.sie_write", fromlist=["format_sie"]).format_sie(
        sie, typographic=True)


def test_config_check_checks_utfall_yaml(tmp_path: Path) -> None:
    good = CliRunner().invoke(cli, ["config", "check", "--config", str(CONFIG_DIR)])
    assert good.exit_code == 0 and "utfall.yaml: ekonomisystemets koder stämmer" in good.output
    cfg = Path(shutil.copytree(CONFIG_DIR, tmp_path / "config"))
    text = (cfg / "utfall.yaml").read_text(encoding="utf-8").replace('"3000": sn', '"3000": okand')
    (cfg / "utfall.yaml").write_text(text, encoding="utf-8")
    bad = CliRunner().invoke(cli, ["config", "check", "--config", str(cfg)])
    assert bad.exit_code == 1 and "utfall.yaml: namnd.koder.3000: nämnden 'okand' finns inte i organisationen" in bad.output
