"""Investeringsbudget per nämnd and project, with avskrivningar on the new investments.

Convention (documented in docs/kommunplan.md): a project's whole utgift (the plan years and
later years) is written off straight over its kategori's avskrivningstid, starting the year
AFTER its aktiveringsår. Projects on kontogrupp 10 are immateriella anläggningstillgångar; all
other investeringskonton are materiella.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from xltools.config import Config
from xltools.consolidate.facts import Fact
from xltools.document import Document

IMMATERIELLA = "immateriella"
MATERIELLA = "materiella"


def balanspost(konto: str) -> str:
    """Which balance sheet line an investment lands on (by its investeringskonto)."""
    return IMMATERIELLA if konto.startswith("10") else MATERIELLA


@dataclass
class Projekt:
    namnd: str
    namnd_namn: str
    projekt_id: str
    namn: str
    kategori: str
    kategori_namn: str
    konto: str
    lokal: bool
    start: int | None
    aktivering: int | None
    avskrivningstid: int | None
    utgift: dict[int, int]
    senare: int
    sheet: str
    row: int
    facts: list[Fact] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.utgift.values()) + self.senare

    @property
    def post(self) -> str:
        return balanspost(self.konto)

    def avskrivning(self, year: int) -> int:
        """Avskrivning in whole kronor for a year: total / avskrivningstid from the year after aktivering."""
        n, akt = self.avskrivningstid, self.aktivering
        if not n or akt is None or not (akt < year <= akt + n):
            return 0
        return round(self.total / n)


@dataclass
class Investeringsbudget:
    years: list[int]
    projekt: list[Projekt]
    per_namnd: dict[str, dict[int, int]]
    per_ar: dict[int, int]
    senare: int
    lokal_per_ar: dict[int, int]
    per_post: dict[int, dict[str, int]]
    avskrivningar: dict[int, dict[str, int]]  # new investments per balance line and year (Σ of the projects')

    def avskrivningar_total(self, year: int) -> int:
        return sum(self.avskrivningar[year].values())


def consolidate_investering(config: Config, docs: list[Document], facts: list[Fact]) -> Investeringsbudget:
    years = config.planering.ar
    order = {nid: i for i, nid in enumerate(config.namnd_ids)}
    by_project: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in facts:
        if f.measure == "utgift":
            by_project[(f.source.namnd, f.projekt.casefold())].append(f)
    projekt: list[Projekt] = []
    for doc in docs:
        if doc.doc_type != "investeringsplan":
            continue
        for r in doc.rows("projekt"):
            pid = str(r.get("projekt_id") or "")
            kat = config.kategori(str(r.get("kategori") or ""))
            own = by_project.get((doc.namnd, pid.casefold()), [])
            utgift = dict.fromkeys(years, 0)
            for f in own:
                if f.year is not None:
                    utgift[f.year] += f.kronor
            projekt.append(Projekt(
                namnd=doc.namnd, namnd_namn=config.namnd(doc.namnd).namn, projekt_id=pid,
                namn=str(r.get("namn") or ""), kategori=kat.id if kat else str(r.get("kategori") or ""),
                kategori_namn=kat.namn if kat else "", konto=str(r.get("konto") or ""),
                lokal=r.get("lokal") == "ja" or bool(kat and kat.lokal),
                start=r.get("start"), aktivering=r.get("aktivering"),
                avskrivningstid=kat.avskrivningstid if kat else None,
                utgift=utgift, senare=sum(f.kronor for f in own if f.year is None), sheet=r.sheet, row=r.row,
                facts=own,
            ))
    projekt.sort(key=lambda p: (order.get(p.namnd, 999), p.lokal, p.projekt_id.casefold()))
    per_namnd: dict[str, dict[int, int]] = {}
    for p in projekt:
        acc = per_namnd.setdefault(p.namnd, dict.fromkeys(years, 0))
        for y in years:
            acc[y] += p.utgift[y]
    owner = config.lokalagare()
    lokal = [p for p in projekt if p.lokal and (owner is None or p.namnd == owner.id)]
    per_post = {y: {IMMATERIELLA: 0, MATERIELLA: 0} for y in years}
    avskr = {y: {IMMATERIELLA: 0, MATERIELLA: 0} for y in years}
    for p in projekt:
        for y in years:
            per_post[y][p.post] += p.utgift[y]
            avskr[y][p.post] += p.avskrivning(y)
    return Investeringsbudget(
        years=years, projekt=projekt, per_namnd=per_namnd,
        per_ar={y: sum(p.utgift[y] for p in projekt) for y in years},
        senare=sum(p.senare for p in projekt),
        lokal_per_ar={y: sum(p.utgift[y] for p in lokal) for y in years},
        per_post=per_post,
        avskrivningar=avskr,
    )
