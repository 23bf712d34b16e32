"""Internhyror and interna tjänster reconciled per counterpart, before they are eliminated.

Three views of one internal flow (seller -> buyer, kind, year):
  katalog  – the seller's internhyror document (hyror per hyresgäst, tjänster per köpare; budget year only),
  säljare  – the seller's driftbudget rows on intern intäkt accounts with the buyer as motpart,
  köpare   – the buyer's driftbudget rows on intern cost accounts with the seller as motpart.
They must agree within TOLERANCE. The kind of a driftbudget row follows its kontogrupp:
34 (hyror) and 60 (lokalhyror) are internhyra, every other intern account is interna tjänster.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from xltools.config import Config, KontoKlass
from xltools.consolidate.facts import Fact, SourceRef, refs_of, tkr
from xltools.sv import sv_whole

TOLERANCE = 1000  # kronor (1 tkr) per counterpart, kind and year: rounding to whole tkr
INTERNHYRA = "internhyra"
TJANSTER = "interna_tjanster"
SLAG_NAMN = {INTERNHYRA: "Internhyra", TJANSTER: "Interna tjänster"}


def slag_of_konto(konto: str) -> str:
    return INTERNHYRA if konto[:2] in ("34", "60") else TJANSTER


@dataclass
class Internpost:
    saljare: str
    kopare: str
    slag: str
    year: int
    katalog: int | None = None  # None: the seller submitted no internhyror document (or a plan year)
    saljare_belopp: int | None = None  # None: the seller submitted no driftbudget
    kopare_belopp: int | None = None  # None: the buyer submitted no driftbudget
    katalog_facts: list[Fact] = field(default_factory=list)
    saljare_facts: list[Fact] = field(default_factory=list)
    kopare_facts: list[Fact] = field(default_factory=list)

    @property
    def differens(self) -> int:
        """Seller's intern intäkt − buyer's intern kostnad (missing sides count as 0)."""
        return (self.saljare_belopp or 0) - (self.kopare_belopp or 0)

    @property
    def ok(self) -> bool:
        if self.saljare_belopp is None or self.kopare_belopp is None:
            return False
        if abs(self.differens) > TOLERANCE:
            return False
        return self.katalog is None or abs(self.katalog - self.saljare_belopp) <= TOLERANCE


def _where(refs: list[SourceRef]) -> str:
    return "; ".join(f"{r.file}, blad {r.sheet}, {r.cells}" for r in refs) or "inga rader"


def _amount(value: int | None) -> str:
    return "–" if value is None else sv_whole(tkr(value)) + " tkr"


def describe(p: Internpost, config: Config) -> str:
    """A Swedish sentence naming both sides (file, sheet, cells) of a flow."""
    s, k = config.namnd(p.saljare).namn, config.namnd(p.kopare).namn
    head = f"{SLAG_NAMN[p.slag]} {p.year} från {s} till {k}"
    if p.ok:
        return f"{head}: {_amount(p.saljare_belopp)} hos båda parter."
    parts = []
    if p.katalog is not None:
        parts.append(f"internhyresdokumentet {_amount(p.katalog)} ({_where(refs_of(p.katalog_facts))})")
    if p.saljare_belopp is None:
        parts.append(f"{s} har inte lämnat någon driftbudget")
    else:
        parts.append(f"{s}s driftbudget {_amount(p.saljare_belopp)} som intern intäkt "
                     f"({_where(refs_of(p.saljare_facts))})")
    if p.kopare_belopp is None:
        parts.append(f"{k} har inte lämnat någon driftbudget")
    else:
        parts.append(f"{k}s driftbudget {_amount(p.kopare_belopp)} som intern kostnad "
                     f"({_where(refs_of(p.kopare_facts))})")
    return f"{head} stämmer inte: " + "; ".join(parts) + "."


def reconcile(config: Config, facts: list[Fact], drift_submitted: set[str],
              katalog_submitted: set[str]) -> list[Internpost]:
    """Every internal flow found in any of the three views, sorted by seller, buyer, kind and year."""
    years = config.planering.ar
    klass = {k.kod: k for k in config.kontoplan.konton}
    posts: dict[tuple[str, str, str, int], Internpost] = {}

    def get(saljare: str, kopare: str, slag: str, year: int) -> Internpost:
        key = (saljare, kopare, slag, year)
        if key not in posts:
            p = Internpost(saljare, kopare, slag, year)
            if saljare in drift_submitted:
                p.saljare_belopp = 0
            if kopare in drift_submitted:
                p.kopare_belopp = 0
            if saljare in katalog_submitted and year == years[0]:
                p.katalog = 0
            posts[key] = p
        return posts[key]

    for f in facts:
        doc = f.source.document
        if doc == "internhyror" and f.motpart:
            p = get(f.source.namnd, f.motpart, INTERNHYRA if f.measure == "hyra" else TJANSTER, f.year or years[0])
            p.katalog = (p.katalog or 0) + f.kronor
            p.katalog_facts.append(f)
        elif doc == "driftbudget" and f.motpart:
            konto = klass.get(f.konto)
            if konto is None or not konto.intern:
                continue
            slag = slag_of_konto(f.konto)
            if konto.klass == KontoKlass.INTAKT and f.measure == "intakter":
                p = get(f.source.namnd, f.motpart, slag, f.year)
                p.saljare_belopp = (p.saljare_belopp or 0) + f.kronor
                p.saljare_facts.append(f)
            elif konto.klass == KontoKlass.KOSTNAD and f.measure == "kostnader":
                p = get(f.motpart, f.source.namnd, slag, f.year)
                p.kopare_belopp = (p.kopare_belopp or 0) + f.kronor
                p.kopare_facts.append(f)
    order = {nid: i for i, nid in enumerate(config.namnd_ids)}
    return [posts[k] for k in sorted(posts, key=lambda k: (order.get(k[0], 999), order.get(k[1], 999), k[2], k[3]))]


def totals(posts: list[Internpost], years: list[int]) -> dict[int, dict[str, int]]:
    """Per year: the sellers' intern intäkter and the buyers' intern kostnader found in the flows."""
    out: dict[int, dict[str, int]] = defaultdict(lambda: {"intakter": 0, "kostnader": 0})
    for y in years:
        out[y]
    for p in posts:
        out[p.year]["intakter"] += p.saljare_belopp or 0
        out[p.year]["kostnader"] += p.kopare_belopp or 0
    return dict(out)
