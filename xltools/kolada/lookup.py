"""The values templates and reports take from a snapshot: utgångsvärde (the latest value before the
budget year), senaste mätning, and the comparison for a year, each with its source text
"Källa: Kolada (RKA), hämtad ÅÅÅÅ-MM-DD".

Kolada's terms: data that xltools processes (the mean of a list of liknande kommuner) is not
given Kolada as its source; it says "Egen beräkning" instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from xltools.kolada import KALLA, RIKET
from xltools.kolada.model import Series, Snapshot, Value


def kalltext(hamtad: str, exempeldata: str | None = None) -> str:
    """'Källa: Kolada (RKA), hämtad 2026-09-15' (+ ' (syntetiska exempeldata)' for the example)."""
    text = f"Källa: {KALLA}, hämtad {hamtad[:10]}"
    return f"{text} ({exempeldata})" if exempeldata else text


@dataclass(frozen=True, slots=True)
class Matning:
    """One value with where it comes from."""

    kpi: str
    enhet: str
    ar: int
    varde: float
    kon: str
    hamtad: str
    kalla_url: str
    kalla: str  # the text to show beside the value
    antal: int | None = None


def values_of(series: Series | None, kon: str = "T") -> list[Value]:
    """The values of one gender (T, K or M) that Kolada has (not null), by year."""
    if series is None:
        return []
    return sorted((v for v in series.varden if v.kon == kon and v.varde is not None), key=lambda v: v.ar)


def _matning(snapshot: Snapshot, s: Series, v: Value) -> Matning:
    assert v.varde is not None
    return Matning(s.kpi, s.enhet, v.ar, v.varde, v.kon, s.hamtad, s.kalla_url,
                   kalltext(s.hamtad, snapshot.exempeldata), v.antal)


def senaste_matning(snapshot: Snapshot, kpi: str, *, enhet: str | None = None, kon: str = "T",
                    till_och_med: int | None = None) -> Matning | None:
    """The latest value Kolada has for the nyckeltal (for the kommun unless `enhet`), up to a year."""
    s = snapshot.series(kpi, enhet or snapshot.kommun)
    values = [v for v in values_of(s, kon) if till_och_med is None or v.ar <= till_och_med]
    return _matning(snapshot, s, values[-1]) if s and values else None


def utgangsvarde(snapshot: Snapshot, kpi: str, budgetar: int, *, enhet: str | None = None,
                 kon: str = "T") -> Matning | None:
    """The latest value before the budget year: the mått's starting point in the nämndplan."""
    return senaste_matning(snapshot, kpi, enhet=enhet, kon=kon, till_och_med=budgetar - 1)


def jamforelse(snapshot: Snapshot, kpi: str, ar: int, kon: str = "T") -> list[tuple[str, Matning]]:
    """(label, value) for the comparison in one year: the Kolada group or each listed kommun, riket."""
    j = snapshot.jamforelse
    out: list[tuple[str, Matning]] = []
    units = ([(j.grupp_titel or j.namn, j.grupp)] if j.grupp else [(k, k) for k in j.kommuner])
    units += [("Riket", RIKET)] if j.riket else []
    for label, unit in units:
        s = snapshot.series(kpi, unit)
        v = next((v for v in values_of(s, kon) if v.ar == ar), None)
        if s and v:
            out.append((label, _matning(snapshot, s, v)))
    return out


def medelvarde_liknande(snapshot: Snapshot, kpi: str, ar: int, kon: str = "T") -> Matning | None:
    """The unweighted mean of the listed liknande kommuner that have a value (xltools' own calculation)."""
    j = snapshot.jamforelse
    found = [(s, v) for k in j.kommuner if (s := snapshot.series(kpi, k))
             for v in values_of(s, kon) if v.ar == ar]
    if not found:
        return None
    mean = sum(v.varde or 0.0 for _, v in found) / len(found)
    hamtad = min(s.hamtad for s, _ in found)
    text = (f"Egen beräkning: ovägt medelvärde för {len(found)} av {len(j.kommuner)} kommuner, "
            f"uppgifter från {KALLA} hämtade {hamtad[:10]}")
    if snapshot.exempeldata:
        text += f" ({snapshot.exempeldata})"
    return Matning(kpi, j.namn, ar, mean, kon, hamtad, "", text, len(found))


@dataclass(frozen=True, slots=True)
class Jamforelse:
    """A mått's latest Kolada year: the kommun's value beside the comparison group's and riket's."""

    kpi: str
    ar: int
    kommun: Matning
    liknande: Matning | None
    liknande_namn: str
    riket: Matning | None

    @property
    def kalla(self) -> str:
        return self.kommun.kalla


def senaste_jamforelse(snapshot: Snapshot, kpi: str, kon: str = "T") -> Jamforelse | None:
    """The kommun's latest value of the nyckeltal with the comparison for the same year (None: no value)."""
    own = senaste_matning(snapshot, kpi, kon=kon)
    if own is None:
        return None
    j = snapshot.jamforelse
    if j.grupp:
        s = snapshot.series(kpi, j.grupp)
        v = next((v for v in values_of(s, kon) if v.ar == own.ar), None)
        liknande = _matning(snapshot, s, v) if s and v else None
    else:
        liknande = medelvarde_liknande(snapshot, kpi, own.ar, kon) if j.kommuner else None
    s = snapshot.series(kpi, RIKET) if j.riket else None
    v = next((v for v in values_of(s, kon) if v.ar == own.ar), None) if s else None
    return Jamforelse(kpi, own.ar, own, liknande, j.grupp_titel or j.namn, _matning(snapshot, s, v) if s and v else None)


def utgangsvarden(snapshot: Snapshot, kpis: list[str], budgetar: int) -> dict[str, tuple[float, str]]:
    """Kolada id -> (utgångsvärde, källa) for the nämndplan templates: the latest value before the budget year,
    its source saying which year ("Kolada (RKA) 2025, hämtad 2026-09-15")."""
    out: dict[str, tuple[float, str]] = {}
    for kpi in kpis:
        m = utgangsvarde(snapshot, kpi, budgetar)
        if m is not None:
            text = f"{KALLA} {m.ar}, hämtad {m.hamtad[:10]}"
            out[kpi] = (m.varde, f"{text} ({snapshot.exempeldata})" if snapshot.exempeldata else text)
    return out
