"""An offline CSV (values taken from Kolada by hand) into the same snapshot shape as a fetch.

Columns (docs/kolada.md): nyckeltal, kommun, ar, kon, varde, status, hamtad, kalla_url; the first
three and varde are required. Separator ';' or ',' (or tab), decimal comma or point, UTF-8 (Excel's
"CSV UTF-8") or Windows-1252. A row that cannot be read is reported with its row number and
skipped; the rest is imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import replace
from pathlib import Path

from xltools.kolada.model import (
    GENDERS,
    KPI_ID,
    UNIT_ID,
    Jamforelse,
    Problem,
    Series,
    Snapshot,
    Value,
    safe_status,
)

COLUMNS = ("nyckeltal", "kommun", "ar", "kon", "varde", "status", "hamtad", "kalla_url")
REQUIRED = ("nyckeltal", "kommun", "ar", "varde")
MAX_BYTES = 50_000_000
MAX_REPORTED = 50
_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


def _header(name: str) -> str:
    """'År' -> 'ar', 'Kön' -> 'kon', 'Värde' -> 'varde', 'Hämtad' -> 'hamtad'."""
    return name.strip().lower().translate(str.maketrans("åäö", "aao")).replace(" ", "_")


def _text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _number(text: str) -> float | None | str:
    """A value, None for an empty cell, or the Swedish reason it is not a number."""
    t = text.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    if t == "":
        return None
    if not _NUMBER.match(t):
        return f"'varde' ska vara ett tal eller tomt (angivet: {text!r})"
    return float(t.replace(",", "."))


def _row(row: dict[str, str], today: str) -> tuple[str, str, Value, str, str] | str:
    kpi, unit = row.get("nyckeltal", "").strip(), row.get("kommun", "").strip()
    year, kon = row.get("ar", "").strip(), (row.get("kon") or "T").strip().upper()
    if not KPI_ID.match(kpi):
        return f"'nyckeltal' ska vara ett Kolada-id som N00090 (angivet: {kpi!r})"
    if not UNIT_ID.match(unit):
        return f"'kommun' ska vara en kommunkod med fyra siffror, 0000 för riket eller en Kolada-grupp (angivet: {unit!r})"
    if not (len(year) == 4 and year.isdigit()):
        return f"'ar' ska vara ett årtal (angivet: {year!r})"
    if kon not in GENDERS:
        return f"'kon' ska vara T, K eller M (angivet: {kon!r})"
    number = _number(row.get("varde", ""))
    if isinstance(number, str):
        return number
    status = safe_status((row.get("status") or "").strip())
    if status is None:
        return f"'status' ska vara en kort text utan formel (angivet: {row.get('status')!r})"
    hamtad = (row.get("hamtad") or "").strip() or today
    try:
        dt.date.fromisoformat(hamtad)
    except ValueError:
        return f"'hamtad' ska vara ett datum ÅÅÅÅ-MM-DD (angivet: {hamtad!r})"
    url = (row.get("kalla_url") or "").strip()
    if url and not url.startswith(("https://", "http://")):
        return f"'kalla_url' ska vara en webbadress (angivet: {url!r})"
    return kpi, unit, Value(int(year), kon, number, status), hamtad, url


def import_csv(path: str | Path, kommun: str, jamforelse: Jamforelse, *, now: dt.datetime | None = None,
               exempeldata: str | None = None) -> Snapshot:
    """Read the CSV into a snapshot; the problems (file, row, column) travel in the snapshot."""
    path = Path(path)
    now = now or dt.datetime.now().astimezone()
    today = now.date().isoformat()
    empty = Snapshot(kommun, (), now.isoformat(timespec="seconds"), "csv", f"fil:{path.name}", jamforelse, ())

    def fail(message: str) -> Snapshot:
        return replace(empty, problem=(Problem(f"{path}: {message}"),))

    try:
        if path.stat().st_size > MAX_BYTES:
            return fail(f"filen är större än {MAX_BYTES // 1_000_000} MB och lästes inte.")
        text = _text(path)
    except OSError as exc:
        return fail(f"filen kunde inte läsas ({exc.strerror or exc}).")
    first = text.splitlines()[0] if text.strip() else ""
    sep = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    header = [_header(h) for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return fail(f"kolumn{'erna' if len(missing) > 1 else 'en'} {', '.join(missing)} saknas i första raden "
                    f"(kolumner: {', '.join(COLUMNS)}).")
    unknown = [h for h in header if h and h not in COLUMNS]
    problems = [Problem(f"{path}: okänd kolumn '{h}' lästes inte (kolumner: {', '.join(COLUMNS)}).") for h in unknown]
    rows: dict[tuple[str, str], list[Value]] = {}
    meta: dict[tuple[str, str], tuple[str, str]] = {}
    seen: set[tuple[str, str, int, str]] = set()
    bad: list[str] = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        one = _row(dict(zip(header, cells, strict=False)), today)
        if isinstance(one, str):
            bad.append(f"rad {number}: {one}")
            continue
        kpi, unit, value, hamtad, url = one
        if (kpi, unit, value.ar, value.kon) in seen:
            bad.append(f"rad {number}: {kpi} för {unit} år {value.ar} kön {value.kon} finns redan på en tidigare rad")
            continue
        seen.add((kpi, unit, value.ar, value.kon))
        rows.setdefault((kpi, unit), []).append(value)
        old = meta.get((kpi, unit))
        meta[(kpi, unit)] = (max(hamtad, old[0]) if old else hamtad, (old[1] if old else "") or url)
    problems += [Problem(f"{path}, {b}; raden lästes inte.") for b in bad[:MAX_REPORTED]]
    if len(bad) > MAX_REPORTED:
        problems.append(Problem(f"{path}: … och {len(bad) - MAX_REPORTED} rader till som inte lästes."))
    serier = tuple(Series(kpi, unit, meta[(kpi, unit)][0], meta[(kpi, unit)][1] or f"fil:{path.name}", tuple(v))
                   for (kpi, unit), v in sorted(rows.items()))
    years = tuple(sorted({v.ar for s in serier for v in s.varden}))
    return Snapshot(kommun, years, empty.hamtad, "csv", f"fil:{path.name}", jamforelse, serier,
                    problem=tuple(problems), exempeldata=exempeldata)
