"""Issue 16 part 2: comparison columns Bokslut t−2, Budget t−1 and Prognos t−1 beside the statements.

Hand computation from config/ekonomi.yaml jamforelse (syntetiska exempeldata): Bokslut 2025 verksamhetens
nettokostnader 178 400 − 1 553 900 − 41 200 = −1 416 700; verksamhetens resultat −1 416 700 + 1 086 300
+ 367 900 = 37 500; årets resultat 37 500 + 6 100 − 14 800 = 28 800. Its balansbudget balances at 1 806 100
and its likvida medel roll 98 900 − 2 400 = 96 500 = kassa och bank. Budget 2026 per nämnd is the adopted
driftbudget of the follow-up year in config/uppfoljning.yaml (Socialnämnden: the sum of its verksamheter).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from support.configs import edited_config
from support.libreoffice import recalc
from test_kommunplan import run_cli

from xltools.config import load_config
from xltools.consolidate.jamforelse import jamforelse, unknown_lines
from xltools.reports.dokument.kommunplan import Names, kommunplan_dokument

ROOT = Path(__file__).resolve().parents[1]
WB = ROOT / "workbooks" / "planering"


def _run(tmp: Path, cfg: Path = ROOT / "config") -> tuple[Any, dict[str, Any]]:
    result = run_cli("kommunplan", str(WB), "--config", str(cfg), "--out", str(tmp / "ut"))
    return result, json.loads((tmp / "ut" / "kommunplan-2027.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("jamforelse")
    result, data = _run(tmp)
    return {"result": result, "json": data, "out": tmp / "ut"}


def test_the_columns_are_the_years_before_with_their_sums_computed_by_hand(example: dict[str, Any]) -> None:
    assert example["result"].exit_code == 0, example["result"].output[-1500:]
    cols = {k["typ"]: k for k in example["json"]["jamforelse"]}
    assert [(k["typ"], k["rubrik"], k["saknas"]) for k in example["json"]["jamforelse"]] == [
        ("bokslut", "Bokslut 2025", False), ("budget", "Budget 2026", False), ("prognos", "Prognos 2026", False)]
    rr = cols["bokslut"]["resultatbudget"]
    assert rr["verksamhetens_nettokostnader"] == -1416700 and rr["verksamhetens_resultat"] == 37500
    assert rr["arets_resultat"] == 28800
    br = cols["bokslut"]["balansbudget"]
    assert br["summa_tillgangar"] == br["summa_eget_kapital_avsattningar_och_skulder"] == 1806100
    kf = cols["bokslut"]["kassaflodesbudget"]
    assert kf["arets_kassaflode"] == -2400 and kf["likvida_medel_vid_arets_slut"] == br["kassa_och_bank"] == 96500
    # Missing is missing: Budget 2026 has no balansbudget, Prognos 2026 no driftbudget per nämnd.
    assert set(cols["budget"]["balansbudget"].values()) == {None}
    assert cols["prognos"]["driftbudget_kalla"] is None and set(cols["prognos"]["driftbudget"].values()) == {None}
    u = yaml.safe_load((ROOT / "config" / "uppfoljning.yaml").read_text(encoding="utf-8"))["driftbudget"]
    assert cols["budget"]["driftbudget"]["sn"] == pytest.approx(sum(u["sn"].values()))
    assert cols["budget"]["driftbudget_kalla"] == "fastställd driftbudget 2026 (uppfoljning.yaml)"
    assert cols["bokslut"]["driftbudget"]["sn"] == 538400


def test_the_document_shows_them_before_the_budget_year_and_says_what_is_missing(example: dict[str, Any]) -> None:
    config, _ = load_config(ROOT / "config")
    doc = kommunplan_dokument(example["json"], Names.of(config))
    tables = {t.key: t for t in doc.tables()}
    heads = [c.header for c in tables["resultatbudget"].columns]
    assert heads[:6] == ["tkr", "Not", "Bokslut 2025", "Budget 2026", "Prognos 2026", "Budget 2027"]
    last = tables["resultatbudget"].rows[-1].cells
    assert (last[0].text, last[2].value, last[3].value, last[4].value) == ("Årets resultat", 28800, 31900, 23900)
    assert [c.header for c in tables["balansbudget"].columns][:4] == ["tkr", "Bokslut 2025", "Prognos 2026", "Budget 2027"]
    assert "Uppgift saknas för Budget 2026." in tables["balansbudget"].note
    assert "Uppgift saknas för Budget 2026 och Prognos 2026." in tables["kassaflodesbudget"].note
    netto = tables["driftbudget-netto"]
    assert [c.header for c in netto.columns][:3] == ["Nämnd, tkr", "Bokslut 2025", "Budget 2026"]
    assert "Uppgift saknas för Prognos 2026." in netto.note
    bilaga = (example["out"] / "bilagor" / "finansiella-rapporter.html").read_text(encoding="utf-8")
    assert "Bokslut 2025" in bilaga and "Årsredovisning 2025" in bilaga


def test_the_workbook_has_them_beside_the_plan_years_and_libreoffice_agrees(example: dict[str, Any],
                                                                           tmp_path: Path) -> None:
    src = example["out"] / "kommunplan-2027.xlsx"
    wb = openpyxl.load_workbook(recalc([src], tmp_path)[0], data_only=True)
    rr = wb["Resultatbudget"]
    head = [c.value for c in rr[6]]
    col = head.index("Bokslut 2025") + 1
    rows = {rr.cell(row=r, column=1).value: r for r in range(7, 30)}
    assert rr.cell(row=rows["Årets resultat"], column=col).value == 28800
    assert rr.cell(row=rows["Årets resultat"], column=col + 2).value == 23900  # Prognos 2026
    kf = wb["Kassaflödesbudget"]
    k_head = [c.value for c in kf[6]]
    budget = k_head.index("Budget 2026") + 1
    assert kf.cell(row=8, column=budget).value == "uppgift saknas"  # stated, not 0
    assert all(kf.cell(row=r, column=budget).value is None for r in range(9, 30))
    ramar = wb["Ramar"]
    r_head = [c.value for c in ramar[6]]
    b25 = r_head.index("Bokslut 2025") + 1
    names = {ramar.cell(row=r, column=1).value: r for r in range(7, 30)}
    assert ramar.cell(row=names["Socialnämnden"], column=b25).value == 538400
    assert ramar.cell(row=names["Summa nämndernas ramar"], column=b25).value == pytest.approx(1361600)  # Σ of the 16 nämnder
    assert ramar.cell(row=names["Kommunstyrelsen"], column=r_head.index("Prognos 2026") + 1).value == "uppgift saknas"


def test_without_history_every_column_is_missing_and_none_is_zero(tmp_path: Path) -> None:
    cfg = edited_config(tmp_path / "config", "ekonomi", lambda d: d.pop("jamforelse"))
    (cfg / "uppfoljning.yaml").unlink()
    config, errors = load_config(cfg)
    assert not errors and config is not None
    cols = jamforelse(config)
    assert [k.saknas for k in cols] == [True, True, True]
    assert all(v is None for k in cols for s in k.rader.values() for v in s.values())
    result, data = _run(tmp_path, cfg)
    assert "Traceback" not in result.output
    doc = kommunplan_dokument(data, Names.of(config))
    rr = next(t for t in doc.tables() if t.key == "resultatbudget")
    assert "Uppgift saknas för Bokslut 2025 och Budget 2026 och Prognos 2026." in rr.note
    assert [c.header for c in rr.columns][2] == "Budget 2027"


def test_a_namnd_that_no_longer_exists_is_named_not_dropped(tmp_path: Path) -> None:
    cfg = edited_config(tmp_path / "config", "ekonomi", lambda d: d["jamforelse"]["bokslut"]["driftbudget"].update(utbn=12345))
    config, errors = load_config(cfg)
    assert not errors and config is not None
    bokslut = jamforelse(config)[0]
    assert bokslut.driftbudget["utbn"] == 12_345_000
    result, data = _run(tmp_path, cfg)
    assert "Traceback" not in result.output
    doc = kommunplan_dokument(data, Names.of(config))
    netto = next(t for t in doc.tables() if t.key == "driftbudget-netto")
    assert "Bokslut 2025 omfattar också nämnder som inte finns i dag: utbn 12\u00a0345 tkr." in netto.note


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["jamforelse"]["bokslut"].update(ar=2026), "jamforelse.bokslut.ar: bokslut ska avse 2025"),
    (lambda d: d["jamforelse"]["budget"]["resultatbudget"].update(arets_resulat=1),
     "jamforelse.budget.resultatbudget.arets_resulat: okänd rad 'arets_resulat' i resultatbudget"),
])
def test_a_wrong_year_line_or_namnd_is_a_swedish_config_error(tmp_path: Path, edit: Any, message: str) -> None:
    cfg = edited_config(tmp_path / "config", "ekonomi", edit)
    result = run_cli("config", "check", "--config", str(cfg))
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
    config, _ = load_config(cfg)
    if config is not None:
        assert unknown_lines(config, str(cfg)) or "okänd rad" not in message


def _as_year(data: dict[str, Any], old: str, new: int) -> dict[str, Any]:
    """An adopted plan of `new` made from a written plan: its budget year's figures re-keyed to `new`."""
    out = {**data, "budgetar": new}
    for s in ("resultatbudget", "kassaflodesbudget", "balansbudget"):
        out[s] = {str(new): data[s][old]}
    out["driftbudget"] = {n: {str(new): per[old]} for n, per in data["driftbudget"].items()}
    return out


def test_budget_t_minus_1_from_the_plan_kf_adopted_last_year_in_the_ledger(example: dict[str, Any], tmp_path: Path,
                                                                          db: str | None,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a Budget t−1 in ekonomi.yaml, the kommunplan run on an inkorg takes it from the kommunplan of t−1
    recorded as adopted (its latest phase: december before juni), in SQLite and in PostgreSQL; the source says so."""
    import datetime as dt

    from xltools.inkorg.place import DB_ENV
    from xltools.inkorg.receive import Inkorg

    if db:
        monkeypatch.setenv(DB_ENV, db)  # the ledger in PostgreSQL for every command
    cfg = edited_config(tmp_path / "config", "ekonomi", lambda d: d["jamforelse"].pop("budget"))
    ink = tmp_path / "inkorg"
    assert run_cli("inkorg", "ta-emot", str(WB), "--inkorg", str(ink)).exit_code == 0
    written = example["json"]
    december = _as_year(written, "2027", 2026)
    juni = _as_year(written, "2028", 2026)  # another year's figures: must not be the one chosen
    with Inkorg(ink, db) as ik:
        ik.ledger.record_kommunplan(2026, "december", json.dumps(december), [], "KF", "KF 2025-11-24 § 99",
                                    at=dt.datetime(2025, 11, 25, 9))
        ik.ledger.record_kommunplan(2026, "juni", json.dumps(juni), [], "KF", "KF 2025-06-16 § 58",
                                    at=dt.datetime(2025, 6, 17, 9))
    out = tmp_path / "ut"
    r = run_cli("kommunplan", str(ink), "--config", str(cfg), "--out", str(out))
    assert "Traceback" not in r.output and (out / "kommunplan-2027.json").is_file(), r.output
    data = json.loads((out / "kommunplan-2027.json").read_text(encoding="utf-8"))
    budget = next(k for k in data["jamforelse"] if k["typ"] == "budget")
    assert budget["kalla"] == ("Kommunplan 2026, fas december, fastställd 2025-11-25 (KF 2025-11-24 § 99) "
                               "i inkorgens liggare")
    assert not budget["saknas"]
    rr = budget["resultatbudget"]
    assert rr["arets_resultat"] == pytest.approx(written["resultatbudget"]["2027"]["arets_resultat"])
    assert rr["skatteintakter"] == pytest.approx(written["resultatbudget"]["2027"]["skatteintakter"])
    assert budget["driftbudget"]["sn"] == pytest.approx(written["driftbudget"]["sn"]["2027"]["ram"])
    # a folder (no ledger): the column is missing, as ekonomi.yaml says nothing
    r = run_cli("kommunplan", str(WB), "--config", str(cfg), "--out", str(tmp_path / "ut2"))
    again = json.loads((tmp_path / "ut2" / "kommunplan-2027.json").read_text(encoding="utf-8"))
    assert next(k for k in again["jamforelse"] if k["typ"] == "budget")["saknas"]
