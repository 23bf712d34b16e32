"""Gemensamma nämnder (issue 15, part 7) through the whole cycle: config check, templates, validate, kommunplan.

The example configuration is changed the way a kommun would: Gymnasienämnden (värdkommun Mora) gets its
fördelning (Mora 55 %, Orsa 25 %, Älvdalen 20 %) and budgets gross; Lönenämnden (värdkommun Älvdalen)
is bought by kommunstyrelsen (its ram moves into ks's ram) and hands in nothing. The example generator
fills the templates, the real reader reads them back and `xltools kommunplan` consolidates; expected
figures are computed here from the workbooks and the config, not copied from the output.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from support.configs import edit_yaml

from xltools.cli.main import cli
from xltools.config import Config, load_config
from xltools.examples.planering import build_examples
from xltools.validate import validate_paths

ROOT = Path(__file__).resolve().parents[1]
FORDELNING = {"Mora kommun": 55, "Orsa kommun": 25, "Älvdalens kommun": 20}
YEARS = (2027, 2028, 2029)


def gemensam_config(folder: Path, org: Any = None, eko: Any = None) -> tuple[Path, Config | None, list[Any]]:
    cfg = Path(shutil.copytree(ROOT / "config", folder))
    (cfg / "uppfoljning.yaml").unlink()
    lon_ram = yaml.safe_load((cfg / "ekonomi.yaml").read_text(encoding="utf-8"))["ramar"]["lon"]

    def organisation(d: dict[str, Any]) -> None:
        for n in d["namnder"]:
            if n["id"] == "gyn":
                n["fordelning"] = dict(FORDELNING)
            if n["id"] == "lon":
                n["kop"] = {"namnd": "ks", "verksamhet": "100", "konto": "46", "belopp": dict(lon_ram)}
        if org:
            org(d)

    def ekonomi(d: dict[str, Any]) -> None:
        ramar = d["ramar"]
        ramar["ks"] = {y: ramar["ks"][y] + ramar["lon"][y] for y in YEARS}  # the purchase is within ks's ram
        del ramar["lon"]
        if eko:
            eko(d)

    edit_yaml(cfg, "organisation", organisation)
    edit_yaml(cfg, "ekonomi", ekonomi)
    config, errors = load_config(cfg)
    return cfg, config, errors


@pytest.fixture(scope="module")
def kommun(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("gemensam")
    cfg, config, errors = gemensam_config(root / "config")
    assert not errors and config is not None, errors
    files = build_examples(config, root / "underlag")
    out = root / "ut"
    r = CliRunner().invoke(cli, ["kommunplan", str(root / "underlag"), "--config", str(cfg), "--out", str(out)])
    assert "Traceback" not in r.output
    data = json.loads((out / "kommunplan-2027.json").read_text(encoding="utf-8"))
    return {"root": root, "cfg": cfg, "config": config, "files": files, "result": r, "json": data}


def _drift_netto(path: Path) -> dict[int, float]:
    """Kostnader − intäkter per year, summed from the Driftbudget sheet's input cells (columns E–J)."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Driftbudget").to_python()
    out = dict.fromkeys(YEARS, 0.0)
    for row in rows[5:65]:  # the table's rows 6–65
        for i, y in enumerate(YEARS):
            out[y] += float(row[7 + i] or 0) - float(row[4 + i] or 0)
    return out


def test_config_errors_name_the_file_and_key(tmp_path: Path) -> None:
    def bad_sum(d: dict[str, Any]) -> None:
        gyn = next(n for n in d["namnder"] if n["id"] == "gyn")
        gyn["fordelning"] = {"Mora kommun": 55, "Orsa kommun": 25, "Älvdalens kommun": 10}

    _, _, errors = gemensam_config(tmp_path / "a", org=bad_sum)
    assert any(e.key == "namnder[8].fordelning" and "summerar till 90 %" in e.message for e in errors), errors

    def stranger_and_hosted_elsewhere(d: dict[str, Any]) -> None:
        for n in d["namnder"]:
            if n["id"] == "gyn":
                n["fordelning"] = {"Mora kommun": 55, "Orsa kommun": 25, "Rättviks kommun": 20}
            if n["id"] == "lon":
                n["fordelning"] = {"Älvdalens kommun": 100}
                n["kop"]["konto"] = "31"  # an intäktskonto
                n["kop"]["belopp"].pop(2029)

    _, _, errors = gemensam_config(tmp_path / "b", org=stranger_and_hosted_elsewhere)
    text = "\n".join(str(e) for e in errors)
    assert "organisation.yaml: namnder[8].fordelning.Rättviks kommun: 'Rättviks kommun' ingår inte" in text
    assert "andelen för Älvdalens kommun saknas" in text
    assert "namnder[10].fordelning: fördelning anges bara för en gemensam nämnd med Mora kommun som värdkommun" in text
    assert "namnder[10].kop.konto: '31' är inget externt kostnadskonto" in text
    assert "namnder[10].kop.belopp: belopp för 2029 saknas" in text

    _, _, errors = gemensam_config(tmp_path / "c", eko=lambda d: d["ramar"].update(lon={y: 1 for y in YEARS}))
    assert any(e.key == "ramar.lon" and e.file.endswith("ekonomi.yaml") for e in errors), errors


def test_no_templates_for_a_nämnd_the_kommun_buys(kommun: dict[str, Any], tmp_path: Path) -> None:
    assert not [f for f in kommun["files"] if "-lon-" in f.name]
    r = CliRunner().invoke(cli, ["templates", "generate", "--config", str(kommun["cfg"]), "--out", str(tmp_path / "m"),
                                 "--namnd", "lon"])
    assert r.exit_code != 0 and "Traceback" not in r.output
    assert "Lönenämnden har Älvdalens kommun som värdkommun och lämnar inga underlag" in r.output
    assert not (tmp_path / "m").exists()


def test_the_purchase_is_a_locked_line_in_the_buyers_driftbudget(kommun: dict[str, Any]) -> None:
    config: Config = kommun["config"]
    ks = next(f for f in kommun["files"] if f.name.startswith("driftbudget-ks-"))
    ws = load_workbook(ks)["Driftbudget"]
    lon = config.namnd("lon")
    assert ws["D6"].value == "Köp av verksamhet: Lönenämnden (värdkommun Älvdalens kommun)"
    assert [ws[f"{c}6"].value for c in "HIJ"] == [lon.kop.belopp[y] for y in YEARS]  # type: ignore[union-attr]
    assert all(ws[f"{c}6"].protection.locked for c in "ABCDEFGHIJ")
    report, checked = validate_paths([ks], config)
    assert report.files[0].findings == []
    doc = checked[0].document
    assert doc is not None and doc.rows("drift")[0].get("kostnader_1") == lon.kop.belopp[2027]  # type: ignore[union-attr]


def test_a_tampered_purchase_line_is_read_from_the_config(kommun: dict[str, Any], tmp_path: Path) -> None:
    """Protection lifted and the amount lowered in the file: the kommunplan still uses the config's purchase."""
    config: Config = kommun["config"]
    ks = next(f for f in kommun["files"] if f.name.startswith("driftbudget-ks-"))
    copy = shutil.copy(ks, tmp_path / ks.name)
    wb = load_workbook(copy)
    wb["Driftbudget"].protection.sheet = False
    wb["Driftbudget"]["H6"] = 1
    wb.save(copy)
    _, checked = validate_paths([Path(copy)], config)
    assert checked[0].document.rows("drift")[0].get("kostnader_1") == config.namnd("lon").kop.belopp[2027]  # type: ignore[union-attr]


def test_hosted_nämnd_budgets_gross_and_the_partners_pay_their_andelar(kommun: dict[str, Any]) -> None:
    config: Config = kommun["config"]
    gyn_ram = config.ekonomi.ramar["gyn"]
    gyn = next(f for f in kommun["files"] if f.name.startswith("driftbudget-gyn-"))
    summary = load_workbook(gyn)["Sammanfattning"]
    assert [summary[f"{c}4"].value for c in "BCD"] == [math.floor(gyn_ram[y] / 0.55 + 1e-9) for y in YEARS]
    anvisningar = "\n".join(str(r[0]) for r in load_workbook(gyn)["Anvisningar"].iter_rows(values_only=True) if r[0])
    assert "Gemensam nämnd: ramen gäller hela nämndens nettokostnad" in anvisningar
    assert "Mora kommun 55 %, Orsa kommun 25 %, Älvdalens kommun 20 %" in anvisningar
    gross = _drift_netto(gyn)
    got = kommun["json"]["driftbudget"]["gyn"]
    for y in YEARS:
        orsa, alvdalen = round(gross[y] * 1000 * 0.25), round(gross[y] * 1000 * 0.20)
        assert got[str(y)]["samverkan"] == {"Orsa kommun": orsa / 1000, "Älvdalens kommun": alvdalen / 1000}
        assert got[str(y)]["netto"] * 1000 == pytest.approx(gross[y] * 1000 - orsa - alvdalen, abs=0.5)
        assert 0 <= got[str(y)]["differens"] < 1  # the gross ram rounded down: Mora's andel within its ram
        assert got[str(y)]["ram"] == gyn_ram[y]


def test_kommunplan_passes_its_kontroller_and_leaves_lon_out(kommun: dict[str, Any]) -> None:
    r, data = kommun["result"], kommun["json"]
    failed = [k for k in data["kontroller"] if not k["ok"] and k["typ"] != "varning"]
    assert r.exit_code == 0, (r.output, failed)
    assert "lon" not in data["driftbudget"]
    config: Config = kommun["config"]
    ks_ram = config.ekonomi.ramar["ks"]
    assert {y: data["driftbudget"]["ks"][str(y)]["netto"] for y in YEARS} == {y: ks_ram[y] for y in YEARS}
    # The partners' andelar are external intäkter of the kommun: nämndernas intäkter include them.
    extra = sum(sum(v.values()) for v in [data["driftbudget"]["gyn"]["2027"]["samverkan"]])
    intakter = sum(n["2027"]["intakter"] for n in data["driftbudget"].values() if n["2027"]["inlamnad"])
    assert data["resultatbudget_noter"]["2027"]["namndernas_intakter"] == pytest.approx(intakter)
    assert extra > 0
