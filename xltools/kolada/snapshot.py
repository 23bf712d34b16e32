"""Dated snapshots on disk: one JSON file per fetch (never pickle), written atomically;
the latest is the one with the latest fetch time that can be read."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from xltools.atomic import atomic_file
from xltools.kolada.model import Problem, Snapshot, SnapshotError, snapshot_from_dict

PREFIX = "kolada-"
MAX_BYTES = 100_000_000


def file_name(snapshot: Snapshot) -> str:
    """kolada-2026-09-15-100000.json from the fetch time (the date alone for a date-only time)."""
    stamp = re.sub(r"[^0-9]", "", snapshot.hamtad[:19])
    day, time = stamp[:8], stamp[8:14]
    return f"{PREFIX}{day[:4]}-{day[4:6]}-{day[6:8]}{'-' + time if time else ''}.json"


def save(snapshot: Snapshot, folder: str | Path) -> Path:
    """Write the snapshot into `folder` (created if needed); returns the file written."""
    target = Path(folder) / file_name(snapshot)
    with atomic_file(target) as tmp:
        tmp.write_text(snapshot.to_json(), encoding="utf-8")
    return target


def load(path: str | Path) -> tuple[Snapshot | None, Problem | None]:
    """One snapshot file, or a Swedish Problem naming the file."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, Problem(f"{path}: filen är för stor för att vara en Kolada-ögonblicksbild.")
        data = json.loads(path.read_text(encoding="utf-8"))
        return snapshot_from_dict(data, str(path)), None
    except OSError as exc:
        return None, Problem(f"{path}: filen kunde inte läsas ({exc.strerror or exc}).")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, Problem(f"{path}: filen är inte giltig JSON.")
    except SnapshotError as exc:
        return None, Problem(str(exc))


def _when(snapshot: Snapshot) -> float:
    try:
        return dt.datetime.fromisoformat(snapshot.hamtad).timestamp()
    except ValueError:
        return float("-inf")


def load_latest(folder: str | Path) -> tuple[Snapshot | None, list[Problem]]:
    """The snapshot with the latest fetch time in `folder`; files that cannot be read are reported."""
    folder = Path(folder)
    if not folder.is_dir():
        return None, [Problem(f"Mappen {folder} med Kolada-ögonblicksbilder finns inte; hämta med "
                              f"`xltools kolada hamta` eller importera en CSV-fil.")]
    problems: list[Problem] = []
    found: list[tuple[float, str, Snapshot]] = []
    for path in sorted(folder.glob(f"{PREFIX}*.json")):
        snap, problem = load(path)
        if snap is None:
            problems.append(problem or Problem(f"{path}: kunde inte läsas."))
        else:
            found.append((_when(snap), path.name, snap))
    if not found:
        problems.append(Problem(f"Mappen {folder} innehåller ingen läsbar Kolada-ögonblicksbild."))
        return None, problems
    return max(found, key=lambda t: (t[0], t[1]))[2], problems


def for_reports(where: str | Path | None) -> tuple[Snapshot | None, list[str]]:
    """The snapshot a report shows: the file given, or the latest in the folder given; None and Swedish
    notes (never an exception) when there is none, so a report is written without the comparison."""
    if where is None:
        return None, []
    if Path(where).is_file():
        snap, problem = load(where)
        return snap, [] if snap else [f"Kolada: {problem} Jämförelsen med Kolada utelämnas."]
    snap, problems = load_latest(where)
    return snap, [] if snap else [f"Kolada: {p} Jämförelsen med Kolada utelämnas." for p in problems]
