"""Investeringsbudget per nämnd and project, with avskrivningar on the new investments.

Convention (documented in docs/kommunplan.md): a project's whole utgift (the plan years and
later years) is written off straight over its kategori's avskrivningstid from the start the
config chooses (ekonomi.yaml `avskrivning.start`): the year after its aktiveringsår (standard),
the middle of the aktiveringsår (halvår), or the month after an assumed aktiveringsmånad. A
year's avskrivning is the annual amount times the share of the year inside the avskrivningstid,
rounded to whole kronor per project and year. Projects on kontogrupp 10 are immateriella
anläggningstillgångar, on 12 maskiner och inventarier, on other konton (11) mark, byggnader och
tekniska anläggningar (IMMATERIELLA and MATERIELLA: the two lines of the kassaflödesbudget).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from xltools.config import Config
from xltools.config.models import AvskrivningStart
from xltools.consolidate.facts import Fact
from xltools.document import Document

IMMATERIELLA = "immateriella"
MATERIELLA = "materiella"
# The balansbudget's lines for anläggningstillgångar, by slag (the ingående balans' keys).
SLAG = ("immateriella_anlaggningstillgangar", "mark_byggnader_och_tekniska_anlaggningar", "maskiner_och_inventarier")
SLAG_NAMN = {"immateriella_anlaggningstillgangar": "Immateriella anläggningstillgångar",
             "mark_byggnader_och_tekniska_anlaggningar": "Mark, byggnader och tekniska anläggningar",
             "maskiner_och_inventarier": "Maskiner och inventarier"}


def balanspost(konto: str) -> str:
    """Which kassaflöde line an investment lands on (by its investeringskonto): immateriella or materiella."""
    return IMMATERIELLA if konto.startswith("10") else MATERIELLA


def slag_of(konto: str) -> str:
    """Which balansbudget line (slag) an investment lands on, by its investeringskonto (10, 11, 12)."""
    return SLAG[0] if konto.startswith("10") else SLAG[2] if konto.startswith("12") else SLAG[1]


def start_offset(config: Config) -> Fraction:
    """How far into the aktiveringsår (in years) avskrivningen starts: 1 (the year after), ½, or m/12."""
    a = config.ekonomi.avskrivning
    if a.start == AvskrivningStart.HALVAR:
        return Fraction(1, 2)
    if a.start == AvskrivningStart.MANADEN_EFTER:
        return Fraction(a.aktiveringsmanad, 12)
    return Fraction(1)


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
    avskrivning_fran: Fraction = Fraction(1)  # when avskrivningen starts: years after the aktiveringsår began

    @property
    def total(self) -> int:
        return sum(self.utgift.values()) + self.senare

    @property
    def post(self) -> str:
        return balanspost(self.konto)

    @property
    def slag(self) -> str:
        return slag_of(self.konto)

    def avskrivning(self, year: int) -> int:
        """Avskrivning in whole kronor for a year: total / avskrivningstid × the share of the year between the
        start (aktiveringsår + `avskrivning_fran`) and the end of the avskrivningstid."""
        n, akt = self.avskrivningstid, self.aktivering
        if not n or akt is None:
            return 0
        first = akt + self.avskrivning_fran
        share = min(Fraction(year + 1), first + n) - max(Fraction(year), first)
        return round(Fraction(self.total, n) * share) if share > 0 else 0


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
    per_slag: dict[int, dict[str, int]] = field(default_factory=dict)  # utgift per year and SLAG
    avskrivningar_per_slag: dict[int, dict[str, int]] = field(default_factory=dict)

    def avskrivningar_total(self, year: int) -> int:
        return sum(self.avskrivningar[year].values())


def consolidate_investering(config: Config, docs: list[Document], facts: list[Fact]) -> Investeringsbudget:
    years = config.planering.ar
    fran = start_offset(config)
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
                facts=own, avskrivning_fran=fran,
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
    per_slag = {y: dict.fromkeys(SLAG, 0) for y in years}
    avskr_slag = {y: dict.fromkeys(SLAG, 0) for y in years}
    for p in projekt:
        for y in years:
            a = p.avskrivning(y)
            per_post[y][p.post] += p.utgift[y]
            avskr[y][p.post] += a
            per_slag[y][p.slag] += p.utgift[y]
            avskr_slag[y][p.slag] += a
    return Investeringsbudget(
        years=years, projekt=projekt, per_namnd=per_namnd,
        per_ar={y: sum(p.utgift[y] for p in projekt) for y in years},
        senare=sum(p.senare for p in projekt),
        lokal_per_ar={y: sum(p.utgift[y] for p in lokal) for y in years},
        per_post=per_post,
        avskrivningar=avskr,
        per_slag=per_slag,
        avskrivningar_per_slag=avskr_slag,
    )
