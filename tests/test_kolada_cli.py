"""`xltools kolada hamta|importera` end to end: the example's nämndplaner, Kolada's format on a real
local HTTP server, snapshots on disk, exit codes and Swedish messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from support.kolada import ANY_V3, serve

from xltools.cli import cli
from xltools.cli.kolada import kolada as kolada_group
from xltools.examples.kolada_data import fixture
from xltools.kolada.lookup import utgangsvarde
from xltools.kolada.snapshot import load_latest

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "workbooks" / "planering"


def _run(*args: str):
    return CliRunner().invoke(cli, ["kolada", *map(str, args), "--config", str(ROOT / "config")])


def test_hamta_takes_the_kolada_ids_of_the_namndplaner(httpserver: HTTPServer, tmp_path: Path) -> None:
    base = serve(httpserver, fixture())
    out = tmp_path / "kolada"
    result = _run("hamta", PLANS / "namndplan-fgn-2027.xlsx", PLANS / "namndplan-bn-2027.xlsx", "--kpi", "N00090",
                  "--api", base, "--out", out)
    assert result.exit_code == 0, result.output
    [path] = out.glob("kolada-*.json")
    assert result.stdout == (f"4 nyckeltal, 28 serier (2022–2026) från {base}; ögonblicksbilden sparades i "
                             f"{path}.\n")
    snap, problems = load_latest(out)
    assert problems == [] and snap.kpis() == ["N00090", "N07916", "N15428", "N15507"]
    assert snap.exempeldata is None  # fetched values are Kolada's: no label (here: the fixture's)
    m = utgangsvarde(snap, "N15507", 2027)
    assert (m.ar, m.varde) == (2025, 218.0)  # the example nämndplan's utgångsvärde for the mått


def test_hamta_keeps_earlier_values_when_kolada_fails(httpserver: HTTPServer, tmp_path: Path) -> None:
    out = tmp_path / "kolada"
    shutil.copytree(ROOT / "workbooks" / "kolada", out)
    httpserver.expect_request(ANY_V3).respond_with_data("fel", status=503)
    base = httpserver.url_for("/v3")
    result = _run("hamta", "--kpi", "N00090", "--api", base, "--out", out)
    assert result.exit_code == 1
    assert "varning: Nyckeltal N00090: Kolada hade ett serverfel (HTTP 503) för " in result.stderr
    assert "varning: Nyckeltal N00090: värdena från den förra hämtningen (2026-09-15) behålls." in result.stderr
    assert len(list(out.glob("kolada-*.json"))) == 2
    snap, _ = load_latest(out)
    assert snap.kpis() == ["N00090"] and snap.series("N00090", "2062").hamtad.startswith("2026-09-15T10:00")


def test_nothing_fetched_writes_nothing(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(ANY_V3).respond_with_data("{", content_type="application/json")
    result = _run("hamta", "--kpi", "N00090", "--api", httpserver.url_for("/v3"), "--out", tmp_path)
    assert result.exit_code == 1
    assert "Svaret från Kolada är inte giltig JSON" in result.stderr
    assert f"Ingen ögonblicksbild sparades: {httpserver.url_for('/v3')} gav inga värden." in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_no_nyckeltal_is_a_message(tmp_path: Path) -> None:
    result = _run("hamta", "--out", tmp_path)
    assert result.exit_code == 1
    assert "inga nyckeltal att hämta: ange nämndplaner med Kolada-id i måtten, --kpi" in result.stderr


def test_bad_settings_name_file_and_key(tmp_path: Path) -> None:
    config = tmp_path / "config"
    shutil.copytree(ROOT / "config", config)
    (config / "kolada.yaml").write_text("antal_ar: 50\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["kolada", "hamta", "--kpi", "N00090", "--config", str(config)])
    assert result.exit_code == 1
    assert result.stderr == f"fel: {config / 'kolada.yaml'}: antal_ar: är för stort (högst 20) (angivet: 50)\n"


@pytest.mark.parametrize(("rows", "code"), [("N00090;2062;2024;7,2\n", 0), ("N00090;2062;2024;sju\n", 1)])
def test_importera(tmp_path: Path, rows: str, code: int) -> None:
    csv = tmp_path / "kolada.csv"
    csv.write_text("nyckeltal;kommun;ar;varde\nN00090;2062;2023;7,5\n" + rows, encoding="utf-8")
    result = _run("importera", csv, "--out", tmp_path / "kolada")
    assert result.exit_code == code, result.output
    assert f"1 nyckeltal, 1 serier (2023–2024) från {csv}; ögonblicksbilden sparades i" in result.stdout \
        if code == 0 else f"varning: {csv}, rad 3: 'varde' ska vara ett tal eller tomt (angivet: 'sju')" in result.stderr
    snap, _ = load_latest(tmp_path / "kolada")
    assert snap.api == "csv" and utgangsvarde(snap, "N00090", 2027).varde == (7.2 if code == 0 else 7.5)


def test_help_is_swedish() -> None:
    assert sorted(kolada_group.commands) == ["hamta", "importera"]
    result = CliRunner().invoke(cli, ["kolada", "hamta", "--help"], prog_name="xltools")
    assert result.exit_code == 0
    assert result.stdout.startswith("Användning: xltools kolada hamta [FLAGGOR] [MAPP|FIL]...")
    assert "Hämta nyckeltalen för målens mått från Kolada" in result.stdout and "Visa denna hjälp" in result.stdout
