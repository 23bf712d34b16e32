"""The example's Kolada fixture: syntetiska exempeldata – inte Koladas eller kommunernas verkliga värden.

Values for the nyckeltal the example's mått name (planering_data), for Mora, five kommuner used as
liknande kommuner in config/kolada.yaml, and riket, in the shape Kolada's API v3 answers. Mora's
value for 2025 is the mått's utgångsvärde in the example nämndplaner; 2026 is not yet published,
as in Kolada in the autumn. One value is missing (null), as Kolada shows a value it does not publish.
"""

from __future__ import annotations

from typing import Any

EXEMPELDATA = "syntetiska exempeldata"
YEARS = (2020, 2021, 2022, 2023, 2024, 2025)

# KPI id -> (title, divided by gender, decimals, {unit: value 2025}, change per year, K minus M)
NYCKELTAL: dict[str, tuple[str, bool, int, dict[str, float], float, float]] = {
    "N15428": ("Elever i åk 9 som är behöriga till yrkesprogram, hemkommun, andel (%) (exempel)", True, 1,
               {"2062": 83.5, "2023": 81.0, "2029": 88.2, "2031": 84.9, "2034": 80.4, "2039": 78.6, "0000": 85.6},
               0.4, 3.2),
    "N00090": ("Sjukfrånvaro bland kommunalt anställda, andel (%) (exempel)", True, 1,
               {"2062": 7.4, "2023": 7.9, "2029": 6.8, "2031": 7.1, "2034": 8.2, "2039": 8.6, "0000": 7.2},
               -0.15, 2.6),
    "N15507": ("Meritvärde i åk 9, hemkommun, genomsnitt (17 ämnen) (exempel)", True, 1,
               {"2062": 218.0, "2023": 209.5, "2029": 231.4, "2031": 221.8, "2034": 207.2, "2039": 201.9,
                "0000": 229.6},
               1.2, 21.0),
    "N07916": ("Färdigställda bostäder per 1 000 invånare (exempel)", False, 1,
               {"2062": 2.1, "2023": 2.6, "2029": 3.3, "2031": 1.9, "2034": 1.4, "2039": 1.2, "0000": 4.8},
               -0.1, 0.0),
}
MISSING = {("N15507", "2039", 2022)}  # too few pupils: Kolada publishes no value
WIGGLE = (0.0, 0.6, -0.4, 0.3, -0.2, 0.0)  # 2020..2025, times the yearly change, so series are not straight


def _value(v2025: float, step: float, year: int, decimals: int) -> float:
    i = YEARS.index(year)
    years_back = YEARS[-1] - year
    return round(v2025 - step * years_back + WIGGLE[i] * step * 2, decimals)


def fixture() -> dict[str, Any]:
    """The fixture for xltools.examples.kolada_server: KPI titles and data items."""
    data: list[dict[str, Any]] = []
    for kpi, (_, by_gender, decimals, last, step, gap) in NYCKELTAL.items():
        for unit, v2025 in last.items():
            for year in YEARS:
                total = None if (kpi, unit, year) in MISSING else _value(v2025, step, year, decimals)
                status = "" if total is not None else "Saknas"
                values = [{"gender": "T", "value": total, "status": status, "count": 1}]
                if by_gender:
                    for gender, sign in (("K", 0.5), ("M", -0.5)):
                        v = None if total is None else round(total + sign * gap, decimals)
                        values.append({"gender": gender, "value": v, "status": status, "count": 1})
                data.append({"kpi": kpi, "municipality": unit, "period": year, "values": values})
    return {"kpi": {k: t[0] for k, t in NYCKELTAL.items()}, "groups": {}, "data": data}
