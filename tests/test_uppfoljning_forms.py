"""The follow-up templates: generation per period, round trip through the real reader, LibreOffice
recalculation of every formula, and the add-in's Validera on them (same dispatch on metadata)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from support.libreoffice import recalc
from support.uppfoljning import KIND_MONTH, TEXT, budget, follow_up, netto, riktade

from xltools.addin.run import run as addin_run
from xltools.cli import cli
from xltools.config import Config
from xltools.document import Document
from xltools.excel.port import KONTROLL_SHEET, OpenpyxlPort
from xltools.excel.read import read_file
from xltools.excel.write import write_template
from xltools.findings import Severity
from xltools.forms import FOLLOWUP, FORMS, PLANNING
from xltools.reading import read_document
from xltools.validate import check_grid

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = ROOT / "config"
KINDS = list(KIND_MONTH)
NAMND = {"manadsrapport": "ks", "uppfoljning_jan_apr": "fgn", "delarsrapport": "sn", "verksamhetsberattelse": "tn"}
DELTA = {"manadsrapport": -0.01, "uppfoljning_jan_apr": 0.02, "delarsrapport": 0.03, "verksamhetsberattelse": 0.0}


def _read(path: Path, config: Config) -> tuple[Document, list[Any]]:
    raw = read_file(path)
    assert raw.grid is not None, raw.findings
    doc, findings = read_document(raw.grid, str(path), config, raw.sha256)
    assert doc is not None, [f.message for f in findings]
    return doc, findings


@pytest.fixture(scope="module")
def filled(config: Config, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("uppf")
    return {k: follow_up(config, k, NAMND[k], folder / f"{k}.xlsx", delta=DELTA[k]) for k in KINDS}


# ---------------------------------------------------------------- registry and generation
def test_followups_are_registered_beside_the_planning_documents() -> None:
    assert [f.doc_type for f in FOLLOWUP] == KINDS
    assert all(f.period_kind == "manad" for f in FOLLOWUP)
    assert all(f.period_kind == "ar" for f in PLANNING)
    assert {f.doc_type for f in (*PLANNING, *FOLLOWUP)} == set(FORMS)


@pytest.mark.parametrize("period,kind", [("2026-03", "manadsrapport"), ("2026-04", "uppfoljning_jan_apr"),
                                         ("2026-08", "delarsrapport"), ("2026-12", "verksamhetsberattelse")])
def test_mallar_writes_one_prefilled_template_per_namnd(period: str, kind: str, config: Config, tmp_path: Path) -> None:
    out = tmp_path / "mallar"
    result = CliRunner().invoke(cli, ["uppfoljning", "mallar", "--period", period, "--config", str(CONFIG_DIR),
                                      "--out", str(out), "--namnd", "sn", "--namnd", "of"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [f"{kind}-of-2026-{period}.xlsx", f"{kind}-sn-2026-{period}.xlsx"]
    path = out / f"{kind}-sn-2026-{period}.xlsx"
    wb = load_workbook(path)
    meta = {r[0]: r[1] for r in wb["_xltools"].iter_rows(min_row=2, values_only=True)}
    assert (meta["document"], meta["year"], meta["period"]) == (kind, "2026", period)
    # the Anvisningar speak of the follow-up year, not of a budget year and plan years
    text = "\n".join(str(c.value) for c in wb["Anvisningar"]["A"] if c.value)
    assert "Uppföljningsår 2026" in text and "planår" not in text
    assert wb["Ekonomi"]["A1"].value.endswith(" 2026")  # not "2026–2028" as for planning documents
    # budget per verksamhet pre-filled from config/uppfoljning.yaml, locked
    ws = wb["Ekonomi"]
    want = budget(config, "sn")
    got = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=2) for r in range(6, 6 + len(want))}
    assert [ws.cell(row=r, column=1).value.split(" ")[0] for r in range(6, 6 + len(want))] == list(want)
    assert [c.value for c in got.values()] == list(want.values())
    assert all(c.protection.locked for c in got.values())
    assert ws.cell(row=6, column=3).protection.locked  # internbudget: pre-filled only (empty without an underlag)
    assert not ws.cell(row=6, column=5).protection.locked  # utfall intäkter: input without an export
    # Sammanfattning: period and due date from the årshjul
    due = {"2026-03": "2026-04-30", "2026-04": "2026-05-31", "2026-08": "2026-09-30", "2026-12": "2027-02-28"}[period]
    assert wb["Sammanfattning"]["B5"].value == due
    assert "2026" in wb["Sammanfattning"]["B4"].value
    # and the empty template reads back: only "fill in" findings (UPP-2 ...), no structural fel
    doc, findings = _read(path, config)
    assert doc.doc_type == kind and doc.meta.period == period
    assert not [f for f in findings if f.severity == Severity.FEL]


@pytest.mark.parametrize("period,word", [("2026-06", "juni"), ("2026-01", "januari")])
def test_mallar_refuses_months_without_a_report(period: str, word: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["uppfoljning", "mallar", "--period", period, "--config", str(CONFIG_DIR),
                                      "--out", str(tmp_path / "m")])
    assert result.exit_code != 0
    assert f"Ingen uppföljning görs för {word}" in result.output
    assert not (tmp_path / "m").exists()


def test_delarsrapport_template_prefills_riktade_mal_projects_and_kontroller(config: Config, tmp_path: Path) -> None:
    path = write_template(FORMS["delarsrapport"], config, "tn", 2026, tmp_path / "d.xlsx", period="2026-08")
    wb = load_workbook(path)
    want = riktade(config, "tn")
    assert want  # the example's tekniska nämnd has a riktat mål
    assert [wb["Mål"].cell(row=6 + i, column=1).value for i in range(len(want) + 1)] == [*want, None]
    projects = [p.id for p in config.uppfoljning.investeringar["tn"]]
    assert [wb["Investeringar"].cell(row=6 + i, column=1).value for i in range(len(projects))] == projects
    ik = [k.id for k in config.arshjul.obligatoriska_kontrollmoment]
    assert [wb["Intern kontroll"].cell(row=6 + i, column=1).value for i in range(len(ik))] == ik
    vb = write_template(FORMS["verksamhetsberattelse"], config, "tn", 2026, tmp_path / "v.xlsx", period="2026-12")
    ws = load_workbook(vb)["Insatsområden"]
    assert [ws.cell(row=6 + i, column=1).value for i in range(len(config.malkedja.insatsomraden))] == \
        config.malkedja.insatsomraden


# ---------------------------------------------------------------- round trip
@pytest.mark.parametrize("kind", KINDS)
def test_round_trip(kind: str, filled: dict[str, tuple[Path, dict[str, Any]]], config: Config) -> None:
    path, values = filled[kind]
    doc, findings = _read(path, config)
    assert doc.doc_type == kind and doc.namnd == NAMND[kind] and doc.year == 2026
    assert doc.meta.period == f"2026-{KIND_MONTH[kind]:02d}"
    assert not [f.message for f in findings], "en ifylld uppföljning ska läsas utan anmärkning"
    helar = kind == "verksamhetsberattelse"
    want_budget = budget(config, NAMND[kind])
    rows = {r.get("verksamhet"): r for r in doc.rows("ekonomi")}
    assert list(rows) == list(want_budget)
    for given in values["rows"]["ekonomi"]:
        r = rows[given["verksamhet"]]
        for key, v in given.items():
            assert r.get(key) == v, (key, r.get(key), v)
        b = want_budget[given["verksamhet"]]
        assert r.get("budget") == b
        assert r.get("utfall_netto") == pytest.approx(netto(given, "utfall"))
        against = netto(given, "utfall" if helar else "prognos")
        assert r.get("avvikelse") == pytest.approx(b - against)
    total_budget = math.fsum(want_budget.values())
    total_against = math.fsum(netto(g, "utfall" if helar else "prognos") for g in values["rows"]["ekonomi"])
    assert doc.field("budget") == pytest.approx(total_budget)
    assert doc.field("avvikelse") == pytest.approx(total_budget - total_against)
    assert doc.field("atgarder_effekt") == pytest.approx(sum(a["effekt"] for a in values["rows"]["atgarder"]))
    for key, v in values["fields"].items():
        assert doc.field(key) == v
    if kind in ("delarsrapport", "verksamhetsberattelse"):
        assert [r.get("mal_id") for r in doc.rows("mal")] == [m["mal_id"] for m in values["rows"]["mal"]]
        assert doc.field("mal_uppfyllda") == sum(
            1 for m in values["rows"]["mal"] if m["bedomning" if helar else "prognos"] == "uppfyllt")
        assert [r.get("analys") for r in doc.rows("matt")] == [TEXT] * len(values["rows"]["matt"])


def test_followup_for_another_year_is_refused(config: Config, tmp_path: Path) -> None:
    path, _ = follow_up(config, "manadsrapport", "ks", tmp_path / "m.xlsx", year=2027)
    _, findings = _read(path, config)
    assert [(f.rule, f.loc.sheet) for f in findings if f.severity == Severity.FEL][:1] == [("STR-5", "_xltools")]


# ---------------------------------------------------------------- LibreOffice
def _sheet(path: Path, name: str) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def test_libreoffice_recalculates_every_formula_like_the_reader(
        filled: dict[str, tuple[Path, dict[str, Any]]], config: Config, tmp_path: Path) -> None:
    """One soffice call for all four documents; each computed cell equals the reader's Python twin."""
    paths = [filled[k][0] for k in KINDS]
    converted = dict(zip(KINDS, recalc(paths, tmp_path / "lo"), strict=True))
    for kind in KINDS:
        doc, _ = _read(filled[kind][0], config)
        eko = _sheet(converted[kind], "Ekonomi")
        header = eko[4]
        col = {h.split(" (")[0]: j for j, h in enumerate(header)}
        for r in doc.rows("ekonomi"):
            line = eko[r.row - 1]
            for key in ("utfall_netto", "prognos_netto", "avvikelse"):
                if key in r.values:
                    j = "ABCDEFGHIJKLM".index(r.values[key].cell[0])
                    assert line[j] == pytest.approx(r.get(key)), (kind, key, r.row)
        total = eko[6 + 12 - 1]  # the Summa row below the 12 input rows
        assert total[0] == "Summa"
        assert total[col["Årsbudget nettokostnad"]] == pytest.approx(doc.field("budget"))
        summary = _sheet(converted[kind], "Sammanfattning")
        for key, cv in doc.fields.items():
            if isinstance(cv.value, int | float) and key not in ("period_text", "lamnas_senast"):
                row, letter = int(cv.cell[1:]), cv.cell[0]
                assert summary[row - 1]["AB".index(letter)] == pytest.approx(cv.value), (kind, key)
        assert any(k.startswith("avvikelse_period") for r in doc.rows("ekonomi") for k in r.values)
        if kind in ("delarsrapport", "verksamhetsberattelse"):
            mal = _sheet(converted[kind], "Mål")
            for r in doc.rows("mal"):
                cell = r.values["uppfyllt"].cell
                assert mal[r.row - 1][ord(cell[0]) - 65] == r.get("uppfyllt")
        # the recalculated file still reads as the same document, without findings
        again, findings = _read(converted[kind], config)
        assert not [f.message for f in findings if f.severity == Severity.FEL]
        assert again.field("avvikelse") == pytest.approx(doc.field("avvikelse"))


# ---------------------------------------------------------------- the add-in's Validera
@pytest.mark.parametrize("kind", KINDS)
def test_addin_validera_dispatches_on_metadata(kind: str, filled: dict[str, tuple[Path, dict[str, Any]]],
                                               config: Config) -> None:
    path = filled[kind][0]
    raw = read_file(path)
    checked = check_grid(raw.grid, path.name, config)
    assert (checked.report.document, checked.report.period) == (kind, f"2026-{KIND_MONTH[kind]:02d}")
    result = addin_run(OpenpyxlPort.open(path, answer="no"), config)
    assert result.status == "godkand", result.message


def test_addin_validera_marks_a_june_manadsrapport(config: Config, tmp_path: Path) -> None:
    path, _ = follow_up(config, "manadsrapport", "ks", tmp_path / "juni.xlsx", period="2026-06")
    port = OpenpyxlPort.open(path, answer="no")
    result = addin_run(port, config)
    assert result.status == "fel"
    hits = [(f.rule, f.loc.sheet, f.loc.cell) for f in result.findings if f.severity == Severity.FEL]
    assert hits == [("UPP-1", "Sammanfattning", "B4")]
    rows = [[c.value for c in r] for r in port.wb[KONTROLL_SHEET].iter_rows()]
    assert any("UPP-1" in r and "Sammanfattning" in r for r in rows)


# ---------------------------------------------------------------- typed by a user
def test_a_user_can_fill_the_delarsrapport_in_its_unlocked_cells(config: Config, tmp_path: Path) -> None:
    """Only unlocked cells, list values as the dropdowns show them: the filled template validates without fel."""
    from support.fill import fill_template

    from xltools.forms.lists import list_items

    form = FORMS["delarsrapport"]
    template = write_template(form, config, "fgn", 2026, tmp_path / "mall.xlsx", period="2026-08")
    shown = {k: dict(list_items(k, config, "fgn")) for k in ("bedomning", "kontrollstatus", "maltyp", "strategiska_mal")}
    eko = budget(config, "fgn")
    rm = riktade(config, "fgn")
    ik = config.arshjul.obligatoriska_kontrollmoment
    projects = config.uppfoljning.investeringar["fgn"]
    update = {
        "ekonomi": {i: {"utfall_intakter": 10, "utfall_kostnader": round(b * 8 / 12) + 10, "prognos_intakter": 20,
                        "prognos_kostnader": b + 20} for i, b in enumerate(eko.values())},
        "mal": {i: {"bedomning": shown["bedomning"]["delvis"], "prognos": shown["bedomning"]["uppfyllt"],
                    "analys": TEXT} for i in range(len(rm))},
        "investeringar": {i: {"utfall": p.budget / 2, "prognos": p.budget} for i, p in enumerate(projects)},
        "kontroller": {i: {"status": shown["kontrollstatus"]["pagar"], "resultat": TEXT} for i in range(len(ik))},
    }
    rows = {
        "mal": [{"mal_id": "NM1", "typ": shown["maltyp"]["namndmal"], "text": "Eget mål.",
                 "strategiskt_mal": shown["strategiska_mal"]["SM3"], "bedomning": shown["bedomning"]["uppfyllt"],
                 "prognos": shown["bedomning"]["uppfyllt"], "analys": TEXT}],
        "matt": [{"mal_id": m, "matt": f"Mått för {m}", "enhet": "procent", "malvarde": 90, "utfall": 88,
                  "analys": TEXT} for m in [*rm, "NM1"]],
    }
    fields = {"ekonomisk_analys": TEXT, "verksamhet": TEXT, "mal_analys": TEXT}
    filled = tmp_path / "ifylld.xlsx"
    fill_template(template, filled, form, fields=fields, rows=rows, update=update)
    doc, findings = _read(filled, config)
    assert [(f.rule, f.loc.sheet, f.loc.cell) for f in findings] == []
    assert doc.field("avvikelse") == pytest.approx(0) and doc.field("mal_uppfyllda") == len(rm) + 1
