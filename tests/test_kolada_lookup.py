"""What the templates and reports take from a snapshot: utgångsvärde, senaste mätning, the
comparison, and the source text "Källa: Kolada (RKA), hämtad ÅÅÅÅ-MM-DD"; and the settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from xltools.kolada.lookup import (
    jamforelse,
    kalltext,
    medelvarde_liknande,
    senaste_matning,
    utgangsvarde,
)
from xltools.kolada.model import Jamforelse, Series, Snapshot, Value
from xltools.kolada.settings import KoladaSettings, load_settings

ROOT = Path(__file__).resolve().parent.parent
WHEN = "2026-09-15T10:00:00+02:00"


def _series(kpi: str, unit: str, values: dict[int, float | None], kon: str = "T") -> Series:
    return Series(kpi, unit, WHEN, f"https://api.kolada.se/v3/data/kpi/{kpi}",
                  tuple(Value(y, kon, v, "" if v is not None else "Saknas") for y, v in values.items()))


def _snapshot(exempeldata: str | None = None, **jamf) -> Snapshot:
    serier = (
        _series("N00090", "2062", {2022: 7.0, 2023: 7.5, 2024: 7.2, 2025: None}),
        _series("N00090", "2062", {2024: 8.4}, kon="K"),
        _series("N00090", "2029", {2024: 7.4}),
        _series("N00090", "2031", {2024: 6.8, 2025: 6.0}),
        _series("N00090", "0000", {2024: 7.1}),
    )
    merged = (Series("N00090", "2062", WHEN, serier[0].kalla_url, serier[0].varden + serier[1].varden),
              *serier[2:])
    return Snapshot("2062", (2022, 2023, 2024, 2025), WHEN, "v3", "https://api.kolada.se/v3",
                    Jamforelse(**({"kommuner": ("2029", "2031")} | jamf)), merged, exempeldata=exempeldata)


def test_utgangsvarde_is_the_latest_value_before_the_budget_year() -> None:
    snap = _snapshot()
    m = utgangsvarde(snap, "N00090", 2026)
    assert (m.ar, m.varde, m.enhet, m.kalla) == (2024, 7.2, "2062", "Källa: Kolada (RKA), hämtad 2026-09-15")
    assert utgangsvarde(snap, "N00090", 2024).ar == 2023
    assert utgangsvarde(snap, "N00090", 2022) is None
    assert utgangsvarde(snap, "N00090", 2026, kon="K").varde == 8.4
    assert utgangsvarde(snap, "N99999", 2026) is None


def test_senaste_matning_skips_missing_values() -> None:
    snap = _snapshot("syntetiska exempeldata")
    m = senaste_matning(snap, "N00090")
    assert (m.ar, m.varde) == (2024, 7.2)
    assert m.kalla == "Källa: Kolada (RKA), hämtad 2026-09-15 (syntetiska exempeldata)"
    assert senaste_matning(snap, "N00090", enhet="2031").ar == 2025
    assert senaste_matning(snap, "N00090", till_och_med=2022).varde == 7.0


def test_comparison_for_a_year() -> None:
    got = [(label, m.varde) for label, m in jamforelse(_snapshot(), "N00090", 2024)]
    assert got == [("2029", 7.4), ("2031", 6.8), ("Riket", 7.1)]
    assert [label for label, _ in jamforelse(_snapshot(), "N00090", 2025)] == ["2031"]


def test_own_mean_of_liknande_kommuner_is_not_given_kolada_as_source() -> None:
    m = medelvarde_liknande(_snapshot(), "N00090", 2024)
    assert m.varde == pytest.approx(7.1) and m.antal == 2
    assert m.kalla == ("Egen beräkning: ovägt medelvärde för 2 av 2 kommuner, uppgifter från Kolada (RKA) "
                       "hämtade 2026-09-15")
    assert not m.kalla.startswith("Källa")
    assert medelvarde_liknande(_snapshot(), "N00090", 2021) is None


def test_kalltext() -> None:
    assert kalltext("2026-03-01") == "Källa: Kolada (RKA), hämtad 2026-03-01"


def test_settings_defaults_and_years(tmp_path: Path) -> None:
    settings, errors = load_settings(tmp_path)  # no kolada.yaml: defaults
    assert errors == [] and settings == KoladaSettings()
    urval = settings.urval("2062", 2027)
    assert urval.ar == (2022, 2023, 2024, 2025, 2026) and urval.units() == ["2062", "0000"]


def test_example_settings() -> None:
    settings, errors = load_settings(ROOT / "config")
    assert errors == []
    urval = settings.urval("2062", 2027)
    assert urval.units() == ["2062", "2023", "2029", "2031", "2034", "2039", "0000"]
    client = settings.client()
    assert (client.base_url, client.timeout, client.attempts) == ("https://api.kolada.se/v3", 20.0, 3)


@pytest.mark.parametrize(("text", "error"), [
    ("liknande: {kommuner: ['2029'], grupp: G1}",
     "liknande: ange antingen kommuner (en lista med kommunkoder) eller grupp (ett Kolada-id), inte båda"),
    ("liknande: {}", "liknande: ange antingen kommuner"),
    ("antal_ar: 0", "antal_ar: är för litet (minst 1) (angivet: 0)"),
    ("liknande: {kommuner: ['Mora']}", "liknande.kommuner[0]: "),
    ("nyckeltal: [n90]", "nyckeltal[0]: "),
    ("antal_år: 5", "antal_år: okänd nyckel (stavfel?)"),
    ("- a", "filen ska innehålla en tabell (nyckel: värde)"),
    ("a: [", "filen kunde inte läsas som YAML"),
])
def test_settings_errors_name_file_and_key(tmp_path: Path, text: str, error: str) -> None:
    (tmp_path / "kolada.yaml").write_text(text, encoding="utf-8")
    settings, errors = load_settings(tmp_path)
    assert settings is None
    assert len(errors) == 1 and errors[0].startswith(f"{tmp_path / 'kolada.yaml'}: ")
    assert error in errors[0], errors
