"""Kolada's values where the economists and KF read them (issue 20, part 2).

A riktat mål's mått (malkedja.yaml) is pre-filled in the nämndplan with its utgångsvärde from the
snapshot; a follow-up template made from the adopted nämndplan gets Kolada's senaste mätning with
its year and source; the kommunplan's bilaga and workbook show the kommun beside the comparison
group and riket. Expected values are read from the snapshot file itself, not from xltools' lookups.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CONFIG_DIR, ROOT
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from xltools.config import load_config
from xltools.kolada.snapshot import for_reports
from xltools.templates import generate_all

SNAPSHOT_DIR = ROOT / "workbooks" / "kolada"
(SNAPSHOT,) = SNAPSHOT_DIR.glob("kolada-*.json")
UNDERLAG = ROOT / "workbooks" / "uppfoljning-underlag"


def _latest(kpi: str, unit: str, up_to: int) -> tuple[int, float]:
    """(year, value) of the latest total (T) value up to a year, straight from the snapshot's JSON."""
    data = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    (series,) = [s for s in data["serier"] if s["nyckeltal"] == kpi and s["enhet"] == unit]
    found = [(v["ar"], v["varde"]) for v in series["varden"] if v["kon"] == "T" and v["varde"] is not None
             and v["ar"] <= up_to]
    return max(found)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from xltools.cli import main; sys.argv = ['xltools', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, check=False)


def test_a_riktat_mals_matt_is_prefilled_locked_with_its_utgangsvarde_from_kolada(config: Any, tmp_path: Path) -> None:
    snap, notes = for_reports(SNAPSHOT_DIR)
    assert snap is not None and notes == []
    generate_all(config, tmp_path / "med", namnder=("fgn",), documents=("namndplan",), kolada=snap)
    generate_all(config, tmp_path / "utan", namnder=("fgn",), documents=("namndplan",))
    rm1 = next(r for r in config.malkedja.riktade_mal if r.id == "RM1")
    (matt,) = rm1.matt
    year, value = _latest(matt.kolada_id, config.kommun.kommunkod, config.planering.budgetar - 1)
    wb = load_workbook(tmp_path / "med" / "namndplan-fgn-2027.xlsx")
    ws = wb["Mått"]
    row = [c.value for c in ws[6]]
    assert row[:3] == ["RM1", matt.matt, matt.enhet] and row[4] == matt.kolada_id
    assert row[5] == value and row[3] == f"Kolada (RKA) {year}, hämtad 2026-09-15 (syntetiska exempeldata)"
    assert ws["B6"].protection.locked and ws["E6"].protection.locked  # decided by KF with the mål
    assert not ws["F6"].protection.locked and not ws["G6"].protection.locked  # utgångsvärde and målvärden: the nämnd's
    plain = load_workbook(tmp_path / "utan" / "namndplan-fgn-2027.xlsx")["Mått"]
    assert plain["B6"].value == matt.matt and plain["F6"].value is None  # without a snapshot: no utgångsvärde


def test_the_example_namndplaner_with_prefilled_matt_validate_and_keep_their_figures() -> None:
    res = _cli("validate", "--config", str(CONFIG_DIR), *map(str, sorted((ROOT / "workbooks" / "planering")
                                                                         .glob("namndplan-*.xlsx"))))
    assert res.returncode == 0, res.stdout[-2000:]
    assert "16 godkända, 0 fel" in res.stdout
    rows = CalamineWorkbook.from_path(str(ROOT / "workbooks" / "planering" / "namndplan-fgn-2027.xlsx")) \
        .get_sheet_by_name("Mått").to_python()
    rm1 = [r for r in rows if r and r[0] == "RM1"]
    assert len(rm1) == 1 and all(isinstance(v, float) for v in rm1[0][5:9])  # one row, its figures filled in


def test_a_bad_matt_in_the_config_is_a_swedish_error_naming_file_and_key(tmp_path: Path) -> None:
    cfg = Path(shutil.copytree(CONFIG_DIR, tmp_path / "config"))
    data = yaml.safe_load((cfg / "malkedja.yaml").read_text(encoding="utf-8"))
    data["riktade_mal"][0]["matt"][0].update(riktning="uppat", kolada_id="15428")
    data["riktade_mal"][0]["matt"].append(dict(data["riktade_mal"][0]["matt"][0]))
    (cfg / "malkedja.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    config, errors = load_config(cfg)
    text = "\n".join(map(str, errors))
    assert config is None or errors
    assert "malkedja.yaml" in text and "riktade_mal[0].matt[0].riktning" in text
    assert "riktade_mal[0].matt[0].kolada_id" in text and "inget Kolada-id" in text
    assert "står två gånger under RM1" in text


def test_a_followup_template_gets_koladas_senaste_matning_with_year_and_source(config: Any, tmp_path: Path) -> None:
    res = _cli("uppfoljning", "mallar", "--period", "2026-08", "--config", str(CONFIG_DIR), "--underlag",
               str(UNDERLAG), "--namnd", "fgn", "--out", str(tmp_path / "ut"), "--kolada", str(SNAPSHOT_DIR))
    assert res.returncode == 0, res.stderr
    ws = load_workbook(tmp_path / "ut" / "delarsrapport-fgn-2026-2026-08.xlsx")["Mått"]
    rows = {r[0].value: [c.value for c in r] for r in ws.iter_rows(min_row=6) if r[0].value}
    year, value = _latest("N15428", config.kommun.kommunkod, 2026)
    assert rows["RM1"][6] == value and not ws["G6"].protection.locked  # the nämnd may enter a later own measurement
    shown = str(value).replace(".", ",")
    assert rows["RM1"][5] == f"senaste mätning Kolada {year}: {shown} (Källa: Kolada (RKA), hämtad 2026-09-15 (syntetiska exempeldata))"
    assert rows["RM2"][6] is None  # no Kolada id: nothing pre-filled


def test_the_kommunplan_shows_the_kommun_beside_the_comparison_and_riket(config: Any, tmp_path: Path) -> None:
    res = _cli("kommunplan", str(ROOT / "workbooks" / "planering"), "--config", str(CONFIG_DIR), "--out",
               str(tmp_path / "kp"), "--kolada", str(SNAPSHOT_DIR))
    assert res.returncode == 0, res.stderr
    html = (tmp_path / "kp" / "bilagor" / "mal-och-matt.html").read_text(encoding="utf-8")
    year, value = _latest("N15428", config.kommun.kommunkod, 9999)
    riket = _latest("N15428", "0000", year)[1]
    assert f"Kolada {year}: kommunen {str(value).replace('.', ',')}" in html
    assert f"riket {str(riket).replace('.', ',')}" in html and "Egen beräkning: ovägt medelvärde" in html
    rows = CalamineWorkbook.from_path(str(tmp_path / "kp" / "kommunplan-2027.xlsx")).get_sheet_by_name("Mål och mått").to_python()
    head = next(r for r in rows if "Kolada: kommunen" in r)
    col = head.index("Kolada: kommunen")
    kolada_rows = [r for r in rows if r[col] not in ("", None) and r is not head]
    assert kolada_rows and all(r[col + 3] not in ("", None) for r in kolada_rows)  # riket beside every value
    assert value in [r[col] for r in kolada_rows]


def test_without_a_readable_snapshot_the_kommunplan_is_written_with_a_warning(tmp_path: Path) -> None:
    broken = tmp_path / "kolada"
    broken.mkdir()
    (broken / "kolada-2026-09-15-100000.json").write_text("{inte json", encoding="utf-8")
    res = _cli("kommunplan", str(ROOT / "workbooks" / "planering"), "--config", str(CONFIG_DIR), "--out",
               str(tmp_path / "kp"), "--kolada", str(broken))
    assert res.returncode == 0 and "Traceback" not in res.stderr
    assert "varning: Kolada:" in res.stderr and "Jämförelsen med Kolada utelämnas" in res.stderr
    assert "Kolada 20" not in (tmp_path / "kp" / "bilagor" / "mal-och-matt.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("kon", ["T", "K"])
def test_the_comparison_lookup_uses_the_same_year_for_every_unit(kon: str) -> None:
    from xltools.kolada.lookup import senaste_jamforelse

    snap, _ = for_reports(SNAPSHOT)
    j = senaste_jamforelse(snap, "N00090", kon)
    assert j is not None and j.kommun.ar == j.ar and j.riket is not None and j.riket.ar == j.ar
    assert j.liknande is not None and j.liknande.ar == j.ar and j.liknande.antal == 5
