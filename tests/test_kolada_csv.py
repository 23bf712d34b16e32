"""The offline CSV into the same snapshot shape: Swedish headers, ';' and decimal comma, Excel's
encodings; bad rows reported with their row number and skipped, never the whole import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xltools.kolada.csv_import import import_csv
from xltools.kolada.lookup import senaste_matning, utgangsvarde
from xltools.kolada.model import Jamforelse
from xltools.kolada.snapshot import load_latest, save

NOW = dt.datetime(2026, 10, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
JAMF = Jamforelse(kommuner=("2029",))


def _write(tmp_path: Path, text: str, encoding: str = "utf-8-sig", name: str = "kolada.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_swedish_excel_csv(tmp_path: Path) -> None:
    path = _write(tmp_path, "Nyckeltal;Kommun;År;Kön;Värde;Status;Hämtad\n"
                            "N00090;2062;2023;T;7,5;;2026-09-01\n"
                            "N00090;2062;2024;T;7,2;;2026-09-01\n"
                            "N00090;2062;2024;K;8,4;;2026-09-01\n"
                            "N00090;2062;2025;T;;Saknas;2026-09-01\n"
                            ";;;;;;\n"
                            "N00090;2029;2024;;7,4;;2026-09-02\n"
                            "N07916;0000;2024;T;−1 234,5;;\n")
    snap = import_csv(path, "2062", JAMF, now=NOW)
    assert snap.problem == ()
    assert (snap.api, snap.api_url, snap.ar) == ("csv", "fil:kolada.csv", (2023, 2024, 2025))
    m = utgangsvarde(snap, "N00090", 2027)
    assert (m.ar, m.varde, m.kalla) == (2024, 7.2, "Källa: Kolada (RKA), hämtad 2026-09-01")
    assert senaste_matning(snap, "N00090", kon="K").varde == 8.4
    assert senaste_matning(snap, "N00090", enhet="2029").hamtad == "2026-09-02"
    riket = senaste_matning(snap, "N07916", enhet="0000")
    assert (riket.varde, riket.hamtad, riket.kalla_url) == (-1234.5, "2026-10-01", "fil:kolada.csv")
    [missing] = [v for v in snap.series("N00090", "2062").varden if v.varde is None]
    assert (missing.ar, missing.status) == (2025, "Saknas")
    saved = save(snap, tmp_path / "kolada")
    assert saved.name == "kolada-2026-10-01-093000.json"
    assert load_latest(tmp_path / "kolada")[0].to_dict() == snap.to_dict()


def test_comma_separated_windows_1252(tmp_path: Path) -> None:
    path = _write(tmp_path, "nyckeltal,kommun,år,värde,kalla_url\n"
                            "N00090,2062,2024,7.2,https://api.kolada.se/v3/data/kpi/N00090/municipality/2062\n",
                  encoding="cp1252")
    snap = import_csv(path, "2062", JAMF, now=NOW)
    assert snap.problem == ()
    s = snap.series("N00090", "2062")
    assert s.kalla_url == "https://api.kolada.se/v3/data/kpi/N00090/municipality/2062"
    assert [(v.ar, v.kon, v.varde) for v in s.varden] == [(2024, "T", 7.2)]


def test_bad_rows_are_reported_and_the_rest_imported(tmp_path: Path) -> None:
    path = _write(tmp_path, "nyckeltal;kommun;ar;kon;varde;status;hamtad;kalla_url;extra\n"
                            "N00090;2062;2024;T;7,2;;;;\n"
                            "n90;2062;2024;T;1;;;;\n"
                            "N00090;Mora;2024;T;1;;;;\n"
                            "N00090;2062;tjugo;T;1;;;;\n"
                            "N00090;2062;2023;X;1;;;;\n"
                            "N00090;2062;2023;T;sju;;;;\n"
                            "N00090;2062;2023;T;1;=HYPERLINK(\"x\");;;\n"
                            "N00090;2062;2023;T;1;;1/9 2026;;\n"
                            "N00090;2062;2023;T;1;;;javascript:alert(1);\n"
                            "N00090;2062;2024;T;7,3;;;;\n")
    snap = import_csv(path, "2062", JAMF, now=NOW)
    assert [(v.ar, v.varde) for v in snap.series("N00090", "2062").varden] == [(2024, 7.2)]
    assert [p.message.removeprefix(f"{path}").removesuffix("; raden lästes inte.") for p in snap.problem] == [
        ": okänd kolumn 'extra' lästes inte (kolumner: nyckeltal, kommun, ar, kon, varde, status, hamtad, kalla_url).",
        ", rad 3: 'nyckeltal' ska vara ett Kolada-id som N00090 (angivet: 'n90')",
        ", rad 4: 'kommun' ska vara en kommunkod med fyra siffror, 0000 för riket eller en Kolada-grupp "
        "(angivet: 'Mora')",
        ", rad 5: 'ar' ska vara ett årtal (angivet: 'tjugo')",
        ", rad 6: 'kon' ska vara T, K eller M (angivet: 'X')",
        ", rad 7: 'varde' ska vara ett tal eller tomt (angivet: 'sju')",
        ", rad 8: 'status' ska vara en kort text utan formel (angivet: '=HYPERLINK(\"x\")')",
        ", rad 9: 'hamtad' ska vara ett datum ÅÅÅÅ-MM-DD (angivet: '1/9 2026')",
        ", rad 10: 'kalla_url' ska vara en webbadress (angivet: 'javascript:alert(1)')",
        ", rad 11: N00090 för 2062 år 2024 kön T finns redan på en tidigare rad",
    ]


def test_missing_columns_or_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "kpi;kommun;år\nN00090;2062;2024\n")
    snap = import_csv(path, "2062", JAMF, now=NOW)
    assert snap.serier == ()
    assert [p.message for p in snap.problem] == [
        f"{path}: kolumnerna nyckeltal, varde saknas i första raden (kolumner: nyckeltal, kommun, ar, kon, varde, "
        f"status, hamtad, kalla_url)."]
    gone = import_csv(tmp_path / "saknas.csv", "2062", JAMF, now=NOW)
    assert gone.problem[0].message.startswith(f"{tmp_path / 'saknas.csv'}: filen kunde inte läsas (")
    empty = import_csv(_write(tmp_path, "", name="tom.csv"), "2062", JAMF, now=NOW)
    assert "kolumnerna nyckeltal, kommun, ar, varde saknas" in empty.problem[0].message


def test_many_bad_rows_are_summarised(tmp_path: Path) -> None:
    path = _write(tmp_path, "nyckeltal;kommun;ar;varde\n" + "x;2062;2024;1\n" * 60)
    snap = import_csv(path, "2062", JAMF, now=NOW)
    assert len(snap.problem) == 51 and snap.problem[-1].message == f"{path}: … och 10 rader till som inte lästes."
