"""Kolada's data items (``/data/kpi/...``) into values per (nyckeltal, enhet), checking each field.

An item is ``{"kpi": "N00090", "municipality": "2062", "period": 2024, "values": [{"gender": "T",
"value": 7.1, "status": "", "count": 1}, ...]}``: at most one value per gender T (totalt),
K (kvinnor), M (män); ``value`` is null where Kolada has no value; ``isdeleted`` marks a value
removed since ``from_date``. Nothing is dropped silently: every item that is not read is counted
in a Problem.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from xltools.kolada.model import GENDERS, KPI_ID, UNIT_ID, Problem, Value, safe_status

Key = tuple[str, str]  # (nyckeltal, enhet)


def _year(period: Any) -> int | None:
    if isinstance(period, bool):
        return None
    if isinstance(period, int):
        return period if 1900 <= period <= 2200 else None
    if isinstance(period, str) and len(period) == 4 and period.isdigit():
        return int(period)
    return None


def _one(item: Any) -> tuple[str, str, int, list[Value]] | str:
    """(kpi, enhet, year, values) or the reason in Swedish why the item cannot be read."""
    if not isinstance(item, dict):
        return "posten är inte ett objekt"
    kpi, unit, year = item.get("kpi"), item.get("municipality"), _year(item.get("period"))
    if not isinstance(kpi, str) or not KPI_ID.match(kpi):
        return f"ogiltigt nyckeltal {kpi!r}"
    if not isinstance(unit, str) or not UNIT_ID.match(unit):
        return f"ogiltig kommun {unit!r}"
    if year is None:
        return f"ogiltig period {item.get('period')!r}"
    raw = item.get("values")
    if not isinstance(raw, list):
        return "listan 'values' saknas"
    values: list[Value] = []
    for v in raw:
        if not isinstance(v, dict):
            return "ett värde är inte ett objekt"
        if v.get("isdeleted") is True:
            continue  # removed in Kolada: not a value any more
        gender, number, count = v.get("gender"), v.get("value"), v.get("count")
        if gender not in GENDERS:
            return f"okänt kön {gender!r} (ska vara T, K eller M)"
        if number is not None and (isinstance(number, bool) or not isinstance(number, int | float)):
            return f"värdet {number!r} är inte ett tal"
        status = safe_status(v.get("status"))
        if status is None:
            return f"statusen {v.get('status')!r} är inte en kort text"
        if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
            count = None
        values.append(Value(year, str(gender), None if number is None else float(number), status, count))
    return kpi, unit, year, values


def parse_items(items: list[Any], url: str, kpi: str, units: set[str],
                years: set[int]) -> tuple[dict[Key, list[Value]], list[Problem]]:
    """Values of the asked-for KPI, units and years; the rest is reported, never kept silently."""
    out: dict[Key, list[Value]] = {}
    seen: set[tuple[str, str, int, str]] = set()
    skipped: Counter[str] = Counter()
    for item in items:
        one = _one(item)
        if isinstance(one, str):
            skipped[one] += 1
            continue
        k, unit, year, values = one
        if k != kpi or unit not in units or year not in years:
            skipped["poster för annat nyckeltal, annan kommun eller annat år än det som efterfrågades"] += 1
            continue
        for v in values:
            key = (k, unit, v.ar, v.kon)
            if key in seen:
                skipped["dubbletter (samma kommun, år och kön två gånger)"] += 1
                continue
            seen.add(key)
            out.setdefault((k, unit), []).append(v)
    problems = [Problem(f"Nyckeltal {kpi}: {n} post{'er' if n > 1 else ''} i svaret från Kolada lästes inte "
                        f"({why}): {url}.", kpi, url) for why, n in sorted(skipped.items())]
    return out, problems
