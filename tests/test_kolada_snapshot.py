"""Dated snapshots as JSON: round trip, the latest of several, damaged files, and the example's
snapshot, which the generator rebuilds byte for byte (syntetiska exempeldata)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from support.kolada import mini, serve

from xltools.examples import kolada as example
from xltools.examples.kolada_data import EXEMPELDATA
from xltools.kolada.client import KoladaClient
from xltools.kolada.fetch import Urval, hamta
from xltools.kolada.model import Jamforelse, Snapshot
from xltools.kolada.snapshot import file_name, load, load_latest, save

ROOT = Path(__file__).resolve().parent.parent
TZ = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture
def fetched(httpserver: HTTPServer) -> Snapshot:
    client = KoladaClient(serve(httpserver, mini()), timeout=2, attempts=1)
    urval = Urval("2062", (2022, 2023, 2024, 2025), Jamforelse(kommuner=("2029", "2031")))
    return hamta(client, urval, ["N00090", "N07916"], now=dt.datetime(2026, 9, 15, 10, 0, 5, tzinfo=TZ))


def test_round_trip(tmp_path: Path, fetched: Snapshot) -> None:
    path = save(fetched, tmp_path / "kolada")
    assert path.name == "kolada-2026-09-15-100005.json"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    loaded, problem = load(path)
    assert problem is None and loaded is not None
    assert loaded.to_dict() == fetched.to_dict()
    assert loaded.series("N07916", "2062").varden == fetched.series("N07916", "2062").varden
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["format"], data["api"], data["kalla"]) == ("xltools-kolada-snapshot", "v3", "Kolada (RKA)")
    assert all(s["kalla_url"].startswith("http://localhost:") for s in data["serier"])


def test_latest_is_by_fetch_time_and_broken_files_are_reported(tmp_path: Path, fetched: Snapshot) -> None:
    older = dataclasses.replace(fetched, hamtad="2026-03-01T09:00:00+01:00")
    newer = dataclasses.replace(fetched, hamtad="2026-09-15T10:00:05+02:00")
    for s in (newer, older):
        save(s, tmp_path)
    (tmp_path / "kolada-2027-01-01.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "kolada-2027-01-02.json").write_text(json.dumps({"format": "annat"}), encoding="utf-8")
    latest, problems = load_latest(tmp_path)
    assert latest is not None and latest.hamtad == newer.hamtad
    assert [p.message for p in problems] == [
        f"{tmp_path / 'kolada-2027-01-01.json'}: filen är inte giltig JSON.",
        f"{tmp_path / 'kolada-2027-01-02.json'}: filen är inte en Kolada-ögonblicksbild från xltools"]


def test_no_snapshot_is_a_message(tmp_path: Path) -> None:
    assert load_latest(tmp_path / "saknas")[1][0].message.startswith(f"Mappen {tmp_path / 'saknas'} med Kolada")
    assert load_latest(tmp_path)[1][0].message == f"Mappen {tmp_path} innehåller ingen läsbar Kolada-ögonblicksbild."


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["serier"][0]["varden"][0].update(varde="7,1"), "'varde' ska vara ett tal eller null"),
    (lambda d: d["serier"][0]["varden"][0].update(status="=1+1"), "'status' är inte en kort text"),
    (lambda d: d["serier"][0]["varden"][0].update(kon="X"), "'kon' ska vara T, K eller M (angivet: 'X')"),
    (lambda d: d["serier"][0].update(enhet="../x"), "ogiltigt nyckeltal eller enhet ('N00090', '../x')"),
    (lambda d: d.pop("kommun"), "nyckeln 'kommun' saknas"),
    (lambda d: d.update(version=2), "okänd version 2"),
])
def test_a_damaged_snapshot_is_refused_with_a_message(tmp_path: Path, fetched: Snapshot, edit, message) -> None:
    path = save(fetched, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    snap, problem = load(path)
    assert snap is None and problem is not None
    assert problem.message.startswith(str(path)) and message in problem.message


def test_file_name_of_a_date_only_time() -> None:
    snap = Snapshot("2062", (), "2026-09-15", "csv", "fil:x.csv", Jamforelse(), ())
    assert file_name(snap) == "kolada-2026-09-15.json"


def test_example_snapshot_is_rebuilt_byte_for_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    built = example.build("config", tmp_path)
    [committed] = (ROOT / "workbooks" / "kolada").glob("kolada-*.json")
    assert built.name == committed.name
    assert built.read_bytes() == committed.read_bytes(), "kör `.venv/bin/python -m xltools.examples.kolada`"


def test_example_snapshot_says_it_is_synthetic() -> None:
    [path] = (ROOT / "workbooks" / "kolada").glob("kolada-*.json")
    snap, problem = load(path)
    assert problem is None and snap is not None
    assert snap.exempeldata == EXEMPELDATA == "syntetiska exempeldata" and snap.problem == ()
    assert snap.kpis() == example.example_kpis() == ["N00090", "N07916", "N15428", "N15507"]
    assert {s.enhet for s in snap.serier} == {"2062", "2023", "2029", "2031", "2034", "2039", "0000"}
    assert all(s.kalla_url.startswith("https://api.kolada.se/v3/data/kpi/") for s in snap.serier)
    assert all(title.endswith("(exempel)") for title in snap.nyckeltal.values())
