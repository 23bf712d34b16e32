"""The nämnd's roll-up of its verksamhetsplaner: on which level each mål in the nämndplan has activities.

The seed: "Verksamhetsplan kan göras på flera nivåer; förvaltning, avdelning eller enhet", and the
verksamhetsplan "består av de aktiviteter som enheten ska genomföra under året för att målen i
nämndplanen ska uppnås". A nämnd hands in its own verksamhetsplan and each unit of its
organisation (organisation.yaml) its own; this module puts them side by side per mål: for every mål
of the nämndplan the units, per level (nämnd, förvaltning, avdelning, enhet), that plan activities
for it, the mål without any activity, and the activities whose mål is not in the nämndplan. Which
units have handed in is listed too (a unit of the organisation without a plan is named).
"""

from __future__ import annotations

from dataclasses import dataclass

from xltools.config import Config
from xltools.config.models import NIVA_NAMN
from xltools.consolidate.facts import Source
from xltools.consolidate.taxor_mal import Mal
from xltools.document import Document

NAMND = "nämnd"  # the level of the nämnd's own verksamhetsplan
NIVAER = (NAMND, *NIVA_NAMN.values())  # nämnd, förvaltning, avdelning, enhet


@dataclass(frozen=True)
class Planerare:
    """Who plans activities for a mål on a level: the nämnd or a unit, with its activities' ids."""

    enhet: str  # the unit's id; "" = the nämnd itself
    namn: str
    aktiviteter: tuple[str, ...]


@dataclass(frozen=True)
class MalRad:
    """One mål of a nämnd and the units planning activities for it, per level."""

    namnd: str
    namnd_namn: str
    mal_id: str
    typ: str  # riktat | namndmal | okant (an activity's mål that is not in the nämndplan)
    text: str
    nivaer: dict[str, tuple[Planerare, ...]]  # level (NIVAER) -> who plans for it on that level

    @property
    def utan_aktivitet(self) -> bool:
        return not any(self.nivaer.values())


@dataclass(frozen=True)
class Plan:
    """A verksamhetsplan of the nämnd or of one of its units, handed in or missing."""

    namnd: str
    enhet: str  # "" = the nämnd's own
    namn: str
    niva: str
    fil: str | None  # None: the unit has handed in no (approved) verksamhetsplan
    aktiviteter: int


@dataclass(frozen=True)
class Verksamhetsplaner:
    mal: tuple[MalRad, ...]
    planer: tuple[Plan, ...]


def rollup(config: Config, vplaner: list[tuple[Document, Source]], mal: list[Mal]) -> Verksamhetsplaner:
    """The roll-up of every nämnd that handed in at least one verksamhetsplan (its own or a unit's)."""
    by_namnd: dict[str, list[tuple[Document, Source]]] = {}
    for d, s in vplaner:
        by_namnd.setdefault(d.namnd, []).append((d, s))
    rader: list[MalRad] = []
    planer: list[Plan] = []
    for n in config.organisation.namnder:
        docs = by_namnd.get(n.id)
        if not docs:
            continue
        own = {d.org_enhet: (d, s) for d, s in docs}
        units = [("", n.namn, NAMND), *((u.id, u.namn, NIVA_NAMN[u.niva]) for u in n.organisation)]
        per_mal: dict[str, dict[str, list[Planerare]]] = {}  # mål-id (casefolded) -> level -> planners
        spelled: dict[str, str] = {}  # mål-id (casefolded) -> as first written, in order of appearance
        for enhet, namn, niva in units:
            got = own.get(enhet)
            if got is None:
                if enhet:  # a unit without a plan is named; the nämnd's own plan is DOKV's business
                    planer.append(Plan(n.id, enhet, namn, niva, None, 0))
                continue
            d, s = got
            rows = d.rows("aktiviteter")
            planer.append(Plan(n.id, enhet, namn, niva, s.file, len(rows)))
            ids: dict[str, list[str]] = {}
            for r in rows:
                mal_id = str(r.get("mal_id") or "").strip()
                if mal_id:
                    ids.setdefault(mal_id.casefold(), []).append(str(r.get("aktivitet_id") or f"rad {r.row}"))
                    spelled.setdefault(mal_id.casefold(), mal_id)
            for key, akt in ids.items():
                per_mal.setdefault(key, {}).setdefault(niva, []).append(Planerare(enhet, namn, tuple(akt)))
        known = [m for m in mal if m.namnd == n.id]
        for m in known:
            got_levels = per_mal.pop(m.mal_id.casefold(), {})
            rader.append(MalRad(n.id, n.namn, m.mal_id, m.typ, m.text,
                                {lv: tuple(got_levels.get(lv, ())) for lv in NIVAER}))
        for key, mal_id in spelled.items():  # activities for a mål the nämndplan does not have
            if key in per_mal:
                got_levels = per_mal.pop(key)
                why = "Målet finns inte i nämndplanen" if known else "Nämndens nämndplan finns inte i underlaget"
                rader.append(MalRad(n.id, n.namn, mal_id, "okant", why,
                                    {lv: tuple(got_levels.get(lv, ())) for lv in NIVAER}))
    return Verksamhetsplaner(tuple(rader), tuple(planer))


def shown(p: Planerare) -> str:
    """"Björkbackens skola (A1, A2)"."""
    return f"{p.namn} ({', '.join(p.aktiviteter)})"
