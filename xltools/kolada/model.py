"""What a Kolada snapshot holds: series of values per nyckeltal and unit, and its JSON form.

A snapshot is data, never code: it is stored as JSON, and reading one checks every field, so a
hand-edited or damaged file gives a Swedish message instead of a traceback.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

FORMAT = "xltools-kolada-snapshot"
FORMAT_VERSION = 1
GENDERS = ("T", "K", "M")  # totalt, kvinnor, män (Kolada's gender codes)
KPI_ID = re.compile(r"^[A-Z]\d{5}$")  # N00090, U30446
UNIT_ID = re.compile(r"^(\d{4}|G\d{1,9})$")  # kommun, riket 0000, or a Kolada municipality group
_ONE_LINE = re.compile(r"([\[{])\n\s+([^\[\]{}]*?)\n\s*([\]}])")  # an object or list without nesting
_NEWLINE = re.compile(r",\n\s+")
_STATUS = re.compile(r"^[\w .,:;()/%-]{0,40}$")


def safe_status(text: object) -> str | None:
    """Kolada's status text if it is a short plain text, else None (it may end up in a workbook)."""
    if text is None:
        return ""
    if not isinstance(text, str) or not _STATUS.match(text) or text[:1] in ("=", "+", "-", "@"):
        return None
    return text


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing that went wrong, in Swedish; the message itself names the KPI, URL or file."""

    message: str
    kpi: str | None = None
    url: str | None = None

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        return {"meddelande": self.message, "nyckeltal": self.kpi, "url": self.url}


@dataclass(frozen=True, slots=True)
class Value:
    """One value: year, gender (T/K/M), the value or None when Kolada has none, its status."""

    ar: int
    kon: str
    varde: float | None
    status: str = ""
    antal: int | None = None  # Kolada's count: members of a group behind an (unweighted) mean


@dataclass(frozen=True, slots=True)
class Series:
    """The values of one nyckeltal for one unit (kommun, group or riket), with where and when."""

    kpi: str
    enhet: str
    hamtad: str  # ISO 8601 time of the fetch (or of the CSV export)
    kalla_url: str
    varden: tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class Jamforelse:
    """The comparison: liknande kommuner as a list of kommun ids or a Kolada group, and riket."""

    namn: str = "Liknande kommuner"
    kommuner: tuple[str, ...] = ()
    grupp: str | None = None
    grupp_titel: str | None = None
    riket: bool = True


@dataclass(frozen=True)
class Snapshot:
    kommun: str
    ar: tuple[int, ...]
    hamtad: str
    api: str  # the API version ("v3") or "csv" for an offline import
    api_url: str
    jamforelse: Jamforelse
    serier: tuple[Series, ...]
    nyckeltal: dict[str, str] = field(default_factory=dict)  # KPI id -> Kolada's title
    problem: tuple[Problem, ...] = ()
    exempeldata: str | None = None  # "syntetiska exempeldata" for the bundled example

    def series(self, kpi: str, enhet: str) -> Series | None:
        return next((s for s in self.serier if s.kpi == kpi and s.enhet == enhet), None)

    def kpis(self) -> list[str]:
        return sorted({s.kpi for s in self.serier})

    def to_dict(self) -> dict[str, Any]:
        j = self.jamforelse
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "kalla": "Kolada (RKA)",
            "exempeldata": self.exempeldata,
            "hamtad": self.hamtad,
            "api": self.api,
            "api_url": self.api_url,
            "kommun": self.kommun,
            "ar": list(self.ar),
            "jamforelse": {"namn": j.namn, "kommuner": list(j.kommuner), "grupp": j.grupp,
                           "grupp_titel": j.grupp_titel, "riket": j.riket},
            "nyckeltal": dict(sorted(self.nyckeltal.items())),
            "serier": [
                {"nyckeltal": s.kpi, "enhet": s.enhet, "hamtad": s.hamtad, "kalla_url": s.kalla_url,
                 "varden": [{"ar": v.ar, "kon": v.kon, "varde": v.varde, "status": v.status, "antal": v.antal}
                            for v in sorted(s.varden, key=lambda v: (v.ar, GENDERS.index(v.kon)))]}
                for s in sorted(self.serier, key=lambda s: (s.kpi, s.enhet))
            ],
            "problem": [p.to_dict() for p in self.problem],
        }

    def to_json(self) -> str:
        """Indented JSON with each value and each list of plain values on one line (diffs stay readable)."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=1)
        text = _ONE_LINE.sub(lambda m: m.group(1) + _NEWLINE.sub(", ", m.group(2)) + m.group(3), text)
        return text + "\n"


class SnapshotError(ValueError):
    """A snapshot file that is not what xltools wrote; the message is Swedish."""


def _need(data: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(data, dict) or key not in data:
        raise SnapshotError(f"{where}: nyckeln '{key}' saknas")
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise SnapshotError(f"{where}: '{key}' har fel typ")
    return value


def _value(d: Any, where: str) -> Value:
    ar = _need(d, "ar", int, where)
    kon = _need(d, "kon", str, where)
    if kon not in GENDERS:
        raise SnapshotError(f"{where}: 'kon' ska vara T, K eller M (angivet: {kon!r})")
    varde = d.get("varde")
    if varde is not None and (isinstance(varde, bool) or not isinstance(varde, int | float)):
        raise SnapshotError(f"{where}: 'varde' ska vara ett tal eller null")
    status = safe_status(d.get("status"))
    if status is None:
        raise SnapshotError(f"{where}: 'status' är inte en kort text")
    antal = d.get("antal")
    if antal is not None and (isinstance(antal, bool) or not isinstance(antal, int)):
        raise SnapshotError(f"{where}: 'antal' ska vara ett heltal eller null")
    return Value(ar, kon, None if varde is None else float(varde), status, antal)


def snapshot_from_dict(data: Any, where: str) -> Snapshot:
    """Check and read a snapshot's JSON data; SnapshotError names the place in `where`."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SnapshotError(f"{where}: filen är inte en Kolada-ögonblicksbild från xltools")
    if data.get("version") != FORMAT_VERSION:
        raise SnapshotError(f"{where}: okänd version {data.get('version')!r} (den här versionen läser {FORMAT_VERSION})")
    kommun = _need(data, "kommun", str, where)
    j = _need(data, "jamforelse", dict, where)
    jamforelse = Jamforelse(
        namn=_need(j, "namn", str, f"{where}, jamforelse"),
        kommuner=tuple(str(k) for k in _need(j, "kommuner", list, f"{where}, jamforelse")),
        grupp=j.get("grupp"), grupp_titel=j.get("grupp_titel"), riket=bool(j.get("riket", True)))
    serier = []
    for i, s in enumerate(_need(data, "serier", list, where)):
        at = f"{where}, serier[{i}]"
        kpi, enhet = _need(s, "nyckeltal", str, at), _need(s, "enhet", str, at)
        if not KPI_ID.match(kpi) or not UNIT_ID.match(enhet):
            raise SnapshotError(f"{at}: ogiltigt nyckeltal eller enhet ({kpi!r}, {enhet!r})")
        varden = tuple(_value(v, f"{at}, varden[{k}]") for k, v in enumerate(_need(s, "varden", list, at)))
        serier.append(Series(kpi, enhet, _need(s, "hamtad", str, at), _need(s, "kalla_url", str, at), varden))
    problem = tuple(Problem(str(p.get("meddelande", "")), p.get("nyckeltal"), p.get("url"))
                    for p in data.get("problem") or [] if isinstance(p, dict))
    titles = data.get("nyckeltal") or {}
    return Snapshot(
        kommun=kommun,
        ar=tuple(int(a) for a in _need(data, "ar", list, where) if isinstance(a, int)),
        hamtad=_need(data, "hamtad", str, where),
        api=_need(data, "api", str, where),
        api_url=_need(data, "api_url", str, where),
        jamforelse=jamforelse,
        serier=tuple(serier),
        nyckeltal={str(k): str(v) for k, v in titles.items()} if isinstance(titles, dict) else {},
        problem=problem,
        exempeldata=data.get("exempeldata") if isinstance(data.get("exempeldata"), str) else None,
    )
