"""`xltools uppfoljning MAPP --period`: the kommun's report from the nämnder's follow-ups.

Expected figures are computed here from the values typed into the workbooks and from the
config, never by the code under test. The report workbook is recalculated by LibreOffice.
"""

from __future__ import annotations

import json
import math
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook
from support.libreoffice import recalc
from support.uppfoljning import follow_up, netto
from support.workbooks import build, edit, plain_workbook

from xltools.cli import cli
from xltools.config import Config

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = ROOT / "config"
COUNTED = ("ks", "fgn", "sn", "tn")
STATUS_KEYS = ("uppfyllt", "delvis", "ej_uppfyllt", "ej_bedomt", "saknas")
DELAR_STATUS = {
    "ks": {"RM7": ("uppfyllt", "uppfyllt"), "RM8": ("ej_uppfyllt", "delvis"), "NM1": ("ej_bedomt", "uppfyllt")},
    "fgn": {"RM1": ("delvis", "delvis"), "RM2": ("uppfyllt", "uppfyllt"), "NM2": ("ej_uppfyllt", "ej_uppfyllt")},
    "sn": {"RM3": ("delvis", "ej_uppfyllt"), "RM4": ("ej_bedomt", "ej_bedomt")},
    "tn": {"RM5": ("uppfyllt", "uppfyllt")},
}
DELTA = {"ks": -0.01, "fgn": 0.02, "sn": 0.03, "tn": 0.0}


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["uppfoljning", *args, "--config", str(CONFIG_DIR)])


@pytest.fixture(scope="module")
def inbox(config: Config, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[tuple[str, str], dict]]:
    """Delårsrapporter from four nämnder, one with fel, earlier reports for the trend, and files that do not count."""
    folder = tmp_path_factory.mktemp("inkorg")
    typed: dict[tuple[str, str], dict] = {}
    sn_atg = [{"verksamhet": "500", "atgard": "Översyn av bemanningen", "effekt": 4000.0},
              {"atgard": "Inköpsstopp", "effekt": 1500.0}]
    for n in COUNTED:
        _, typed[(n, "2026-08")] = follow_up(config, "delarsrapport", n, folder / f"delar-{n}.xlsx", delta=DELTA[n],
                                             statuses=DELAR_STATUS[n], atgarder=sn_atg if n == "sn" else None)
    bad, _ = follow_up(config, "delarsrapport", "kfn", folder / "delar-kfn.xlsx")
    edit(bad, {("Ekonomi", "I6"): None, ("Ekonomi", "J6"): None})  # no prognos: UPP-2 fel
    _, typed[("ks", "2026-04")] = follow_up(config, "uppfoljning_jan_apr", "ks", folder / "jan-apr-ks.xlsx", delta=-0.005)
    _, typed[("fgn", "2026-04")] = follow_up(config, "uppfoljning_jan_apr", "fgn", folder / "jan-apr-fgn.xlsx",
                                             delta=0.01)
    _, typed[("ks", "2026-03")] = follow_up(config, "manadsrapport", "ks", folder / "mars-ks.xlsx")
    follow_up(config, "manadsrapport", "ks", folder / "sept-ks.xlsx", period="2026-09", delta=0.5)  # later: not counted
    build("driftbudget", config, "ks", folder / "driftbudget-ks.xlsx")  # a planning document
    plain_workbook(folder / "egen.xlsx")  # not a template
    return folder, typed


@pytest.fixture(scope="module")
def delar(inbox: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], str]:
    folder, _ = inbox
    out = tmp_path_factory.mktemp("rapport")
    result = CliRunner().invoke(cli, ["uppfoljning", str(folder), "--period", "2026-08", "--config", str(CONFIG_DIR),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "uppfoljning-2026-08.json").read_text(encoding="utf-8")), result.output


def _expected(config: Config, typed: dict, namnd: str, period: str) -> dict[str, float]:
    rows = typed[(namnd, period)]["rows"]["ekonomi"]
    budget = math.fsum(config.uppfoljning.driftbudget[namnd].values())
    prognos = math.fsum(netto(r, "prognos") for r in rows)
    return {"budget": budget, "utfall": math.fsum(netto(r, "utfall") for r in rows), "prognos": prognos,
            "avvikelse": budget - prognos}


# ---------------------------------------------------------------- economy and status
def test_outputs_are_written_and_nothing_else(delar: tuple[Path, dict, str]) -> None:
    out, data, output = delar
    assert sorted(p.name for p in out.iterdir()) == ["uppfoljning-2026-08-bilaga.html", "uppfoljning-2026-08.json",
                                                     "uppfoljning-2026-08.xlsx"]
    assert data["rapport"] == "delarsrapport" and data["rubrik"] == "Delårsrapport januari–augusti 2026"
    assert "Nämnder med godkänd rapport: 4 av 16." in output
    assert data["exempeldata"] == "syntetiska exempeldata"


def test_economy_per_namnd_matches_the_inputs(delar: tuple[Path, dict, str], inbox: tuple[Path, dict],
                                              config: Config) -> None:
    _, data, _ = delar
    _, typed = inbox
    got = {n["namnd"]: n for n in data["namnder"]}
    for namnd in COUNTED:
        want = _expected(config, typed, namnd, "2026-08")
        assert got[namnd]["status"] == "inlämnad"
        for key, value in want.items():
            assert got[namnd][key] == pytest.approx(value, abs=0.01), (namnd, key)
        atg = typed[(namnd, "2026-08")]["rows"]["atgarder"]
        assert got[namnd]["atgarder_effekt"] == pytest.approx(sum(a["effekt"] for a in atg))
        assert [a["atgard"] for a in got[namnd]["atgarder"]] == [a["atgard"] for a in atg]
    total = {k: math.fsum(_expected(config, typed, n, "2026-08")[k] for n in COUNTED)
             for k in ("budget", "utfall", "prognos", "avvikelse")}
    for key, value in total.items():
        assert data["summa"][key] == pytest.approx(value, abs=0.01), key
    missing_budget = math.fsum(sum(v.values()) for n, v in config.uppfoljning.driftbudget.items() if n not in COUNTED)
    assert data["summa"]["budget_ej_rapporterat"] == pytest.approx(missing_budget)


def test_missing_and_rejected_reports_are_listed(delar: tuple[Path, dict, str], config: Config) -> None:
    _, data, output = delar
    assert data["saknas"] == [n for n in config.namnd_ids if n not in (*COUNTED, "kfn")]
    assert [(e["namnd"], e["fel"] > 0) for e in data["ej_godkanda"]] == [("kfn", True)]
    assert "ej godkänd" in output and "Kultur- och fritidsnämnden" in output
    assert any("inte uppföljningar för 2026" in n for n in data["anteckningar"])


def test_every_figure_is_traceable_to_file_sheet_and_cell(delar: tuple[Path, dict, str],
                                                          inbox: tuple[Path, dict]) -> None:
    _, data, _ = delar
    folder, _ = inbox
    for row in data["verksamheter"]:
        src = row["kalla"]  # the file as the folder of reports names it (never the server's absolute path)
        value = CalamineWorkbook.from_path(str(folder / src["fil"])).get_sheet_by_name(src["blad"]).to_python()
        r, c = int(src["cell"][1:]), ord(src["cell"][0]) - 65
        assert str(value[r - 1][c]).startswith(row["verksamhet"] + " ")


def test_prognos_trend_over_the_years_reports(delar: tuple[Path, dict, str], inbox: tuple[Path, dict],
                                              config: Config) -> None:
    _, data, _ = delar
    _, typed = inbox
    reporting = {"2026-03": ["ks"], "2026-04": ["ks", "fgn"], "2026-08": list(COUNTED)}
    assert [p["period"] for p in data["prognosutveckling"]] == list(reporting)
    for point in data["prognosutveckling"]:
        names = reporting[point["period"]]
        assert point["namnder"] == len(names)
        assert point["prognos"] == pytest.approx(
            math.fsum(_expected(config, typed, n, point["period"])["prognos"] for n in names), abs=0.01)
        assert point["avvikelse"] == pytest.approx(
            math.fsum(_expected(config, typed, n, point["period"])["avvikelse"] for n in names), abs=0.01)


def test_control_totals_all_tie_out(delar: tuple[Path, dict, str]) -> None:
    _, data, _ = delar
    sums = data["kontrollsummor"]
    assert len(sums) == 6 * len(COUNTED) + 5
    assert all(k["stammer"] for k in sums), [k for k in sums if not k["stammer"]]


# ---------------------------------------------------------------- måluppfyllelse
def _malomrade(config: Config, sm_id: str) -> str:
    sm = {s.id: s for s in config.malkedja.strategiska_mal}[sm_id]
    if sm.malomrade is None:
        return "Övergripande: " + config.malkedja.malbild.namn
    return {o.id: o.namn for o in config.malkedja.malomraden}[sm.malomrade]


def test_goal_counts_match_the_inputs(delar: tuple[Path, dict, str], inbox: tuple[Path, dict], config: Config) -> None:
    _, data, output = delar
    _, typed = inbox
    riktade_sm = {r.id: r.strategiskt_mal for r in config.malkedja.riktade_mal}
    nu, slut, per_omr, per_namnd = Counter(), Counter(), {}, {}
    for namnd in COUNTED:
        for m in typed[(namnd, "2026-08")]["rows"]["mal"]:
            nu[m["bedomning"]] += 1
            slut[m["prognos"]] += 1
            omr = _malomrade(config, m.get("strategiskt_mal") or riktade_sm[m["mal_id"]])
            per_omr.setdefault(omr, Counter())[m["prognos"]] += 1
            per_namnd.setdefault(namnd, Counter())[m["prognos"]] += 1
    g = data["maluppfyllelse"]
    assert g["antal_mal"] == sum(nu.values())
    assert g["uppfyllda_vid_arets_slut"] == slut["uppfyllt"]
    assert {k: (v["nu"], v["arets_slut"]) for k, v in g["per_status"].items()} == \
        {k: (nu[k], slut[k]) for k in STATUS_KEYS}
    assert g["per_malomrade"] == {o: {k: c[k] for k in STATUS_KEYS} for o, c in per_omr.items()}
    assert g["per_namnd"] == {n: {k: c[k] for k in STATUS_KEYS} for n, c in per_namnd.items()}
    assert f"Mål: {slut['uppfyllt']} av {sum(nu.values())} bedöms vara uppfyllda vid årets slut." in output


# ---------------------------------------------------------------- the workbook
def _sheets(path: Path) -> dict[str, list[list[Any]]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def test_workbook_figures_and_charts(delar: tuple[Path, dict, str], inbox: tuple[Path, dict], config: Config) -> None:
    out, data, _ = delar
    _, typed = inbox
    path = out / "uppfoljning-2026-08.xlsx"
    sheets = _sheets(path)
    assert list(sheets)[:3] == ["Sammanfattning", "Kommunens prognos", "Ekonomi per nämnd"]
    assert {"Prognosutveckling", "Måluppfyllelse", "Mål", "Investeringar", "Intern kontroll", "Saknade rapporter",
            "Kontrollsummor", "Åtgärder", "Underlag per verksamhet"} <= set(sheets)
    eko = sheets["Ekonomi per nämnd"]
    names = {n.id: n.namn for n in config.organisation.namnder}
    for i, namnd in enumerate(COUNTED):
        row = eko[4 + i]
        want = _expected(config, typed, namnd, "2026-08")
        assert row[0] == names[namnd]
        assert row[2:6] == pytest.approx([want["budget"], want["utfall"], want["prognos"], want["avvikelse"]], abs=0.01)
    total = eko[4 + len(COUNTED)]
    assert total[0] == "Summa" and total[5] == pytest.approx(data["summa"]["avvikelse"], abs=0.01)
    status = {r[0]: r[1:3] for r in sheets["Måluppfyllelse"][5:10]}
    assert status["Uppfyllt"] == [data["maluppfyllelse"]["per_status"]["uppfyllt"]["nu"],
                                  data["maluppfyllelse"]["per_status"]["uppfyllt"]["arets_slut"]]
    missing = [r[0] for r in sheets["Saknade rapporter"][4:] if r and r[0]]
    assert len(missing) == 12 and "Kultur- och fritidsnämnden" in missing
    assert {r[6] for r in sheets["Kontrollsummor"][4:] if r and r[0]} == {"ja"}
    with zipfile.ZipFile(path) as zf:
        charts = sorted(n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(charts) >= 5
        xml = "\n".join(zf.read(n).decode("utf-8") for n in charts)
    assert "'Ekonomi per nämnd'!$F$5:$F$8" in xml  # avvikelse per nämnd
    assert "Prognosutveckling!$E$5:$E$7" in xml  # helårsprognos per period
    assert "Måluppfyllelse!" in xml


def test_libreoffice_recalculation_equals_the_cached_values(delar: tuple[Path, dict, str], tmp_path: Path) -> None:
    out, _, _ = delar
    original = out / "uppfoljning-2026-08.xlsx"
    (converted,) = recalc([original], tmp_path / "lo")
    before, after = _sheets(original), _sheets(converted)
    compared = 0
    for name, rows in before.items():
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                again = after[name][r][c] if r < len(after[name]) and c < len(after[name][r]) else ""
                if isinstance(value, float):
                    assert again == pytest.approx(value, abs=1e-6), (name, r + 1, c + 1)
                    compared += 1
                else:
                    assert again == value, (name, r + 1, c + 1)
    assert compared > 100


# ---------------------------------------------------------------- the appendix
def test_html_appendix(delar: tuple[Path, dict, str], config: Config) -> None:
    out, data, _ = delar
    html = (out / "uppfoljning-2026-08-bilaga.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="sv">' in html
    assert "<h1>Delårsrapport januari–augusti 2026: bilaga med nämndernas uppföljning</h1>" in html
    assert "Syntetiska exempeldata" in html
    g = data["maluppfyllelse"]
    assert f"Av {g['antal_mal']} mål (riktade mål och nämndmål) bedöms\n   {g['uppfyllda_vid_arets_slut']} vara" in html
    for n in COUNTED:
        assert config.namnd(n).namn in html
    assert "Kultur- och fritidsnämnden: rapporten har" in html
    assert html.count("<caption>") >= 6 and 'scope="col"' in html
    assert not re.search(r"\b(None|nan)\b", html)


# ---------------------------------------------------------------- other periods and refusals
def test_manadsrapport_period_has_no_goals_and_no_appendix(inbox: tuple[Path, dict], tmp_path: Path,
                                                           config: Config) -> None:
    folder, typed = inbox
    result = run(str(folder), "--period", "2026-03", "--out", str(tmp_path / "ut"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == ["uppfoljning-2026-03.json", "uppfoljning-2026-03.xlsx"]
    data = json.loads((tmp_path / "ut" / "uppfoljning-2026-03.json").read_text(encoding="utf-8"))
    assert data["rapport"] == "manadsrapport" and data["maluppfyllelse"] is None
    assert [n["namnd"] for n in data["namnder"] if n["status"] == "inlämnad"] == ["ks"]
    assert data["summa"]["prognos"] == pytest.approx(_expected(config, typed, "ks", "2026-03")["prognos"])
    assert "Måluppfyllelse" not in CalamineWorkbook.from_path(str(tmp_path / "ut" / "uppfoljning-2026-03.xlsx")).sheet_names


@pytest.mark.parametrize("period,text", [
    ("2026-06", "Ingen uppföljning görs för juni"),
    ("2026-01", "Ingen uppföljning görs för januari"),
    ("2026-4", "ska skrivas ÅÅÅÅ-MM"),
    ("2025-08", "ligger inte i uppföljningsåret 2026"),
])
def test_refused_periods_get_a_swedish_message(period: str, text: str, inbox: tuple[Path, dict],
                                               tmp_path: Path) -> None:
    folder, _ = inbox
    result = run(str(folder), "--period", period, "--out", str(tmp_path / "ut"))
    assert result.exit_code == 1
    assert text in result.output and "Traceback" not in result.output
    assert not (tmp_path / "ut").exists()


def test_missing_folder_is_a_swedish_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "finns-inte"), "--period", "2026-08", "--out", str(tmp_path / "ut"))
    assert result.exit_code == 1 and "finns inte" in result.output


def test_unwritable_output_is_a_swedish_error(inbox: tuple[Path, dict], tmp_path: Path) -> None:
    folder, _ = inbox
    blocker = tmp_path / "fil.txt"
    blocker.write_text("ingen mapp", encoding="utf-8")
    result = run(str(folder), "--period", "2026-04", "--out", str(blocker / "ut"))
    assert result.exit_code == 1 and "kunde inte skrivas" in result.output and "Traceback" not in result.output
