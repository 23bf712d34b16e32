"""Driftbudget per nämnd: intäkter, kostnader, netto, ram and difference; verksamhet × kontogrupp beneath."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from xltools.config import Config
from xltools.config.models import same_kommun
from xltools.consolidate.facts import Fact, kr


@dataclass
class DetailRow:
    """One verksamhet × kontogrupp line of a nämnd's driftbudget (kronor per year)."""

    verksamhet: str
    verksamhet_namn: str
    kontogrupp: str
    kontogrupp_namn: str
    intern: bool
    intakter: dict[int, int]
    kostnader: dict[int, int]
    facts: list[Fact] = field(default_factory=list)


@dataclass
class NamndDrift:
    """A nämnd's consolidated driftbudget; `covered` is False when no driftbudget was submitted."""

    namnd: str
    namn: str
    covered: bool
    ram: dict[int, int]
    intakter: dict[int, int]
    kostnader: dict[int, int]
    intern_intakter: dict[int, int]
    intern_kostnader: dict[int, int]
    details: list[DetailRow] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    # A hosted gemensam nämnd: each partner kommun's andel of the nämnd's nettokostnad (kronor per year),
    # counted among its intäkter (Kommun-Bas 36, försäljning av verksamhet); the kommun's netto is its own andel.
    samverkan: dict[str, dict[int, int]] = field(default_factory=dict)

    def samverkan_ar(self, year: int) -> int:
        return sum(p[year] for p in self.samverkan.values())

    def netto(self, year: int) -> int:
        return self.kostnader[year] - self.intakter[year]

    def differens(self, year: int) -> int:
        """Ram − netto (+ = within the ram)."""
        return self.ram[year] - self.netto(year)

    def facts_for(self, measure: str, year: int) -> list[Fact]:
        return [f for f in self.facts if f.measure == measure and f.year == year]


def kontogrupp(konto: str) -> str:
    """Kommun-Bas kontogrupp: the first two digits of an account."""
    return konto[:2]


def consolidate_drift(config: Config, facts: list[Fact], covered: set[str]) -> list[NamndDrift]:
    """One NamndDrift per nämnd in the organisation's order, covered or not."""
    years = config.planering.ar
    intern = {k.kod for k in config.kontoplan.konton if k.intern}
    konto_namn = {k.kod: k.namn for k in config.kontoplan.konton}
    verk_namn = {v.kod: v.namn for v in config.kontoplan.verksamheter}
    by_namnd: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.source.document == "driftbudget":
            by_namnd[f.source.namnd].append(f)
    out: list[NamndDrift] = []
    for n in config.organisation.namnder:
        if n.kop is not None:  # hosted elsewhere and bought: a cost line in the buyer's driftbudget
            continue
        own = by_namnd.get(n.id, [])
        zero = dict.fromkeys(years, 0)
        nd = NamndDrift(
            namnd=n.id, namn=n.namn, covered=n.id in covered,
            ram={y: kr(config.ekonomi.ramar.get(n.id, {}).get(y, 0)) for y in years},
            intakter=dict(zero), kostnader=dict(zero), intern_intakter=dict(zero), intern_kostnader=dict(zero),
            facts=own,
        )
        details: dict[tuple[str, str, bool], DetailRow] = {}
        for f in own:
            is_intern = f.konto in intern
            getattr(nd, f.measure)[f.year] += f.kronor
            if is_intern:
                getattr(nd, f"intern_{f.measure}")[f.year] += f.kronor
            grp = kontogrupp(f.konto)
            key = (f.verksamhet, grp, is_intern)
            if key not in details:
                details[key] = DetailRow(f.verksamhet, verk_namn.get(f.verksamhet, ""), grp,
                                         konto_namn.get(grp, konto_namn.get(f.konto, "")), is_intern,
                                         dict(zero), dict(zero))
            getattr(details[key], f.measure)[f.year] += f.kronor
            details[key].facts.append(f)
        nd.details = [details[k] for k in sorted(details)]
        if n.fordelning and nd.covered:
            _samverkan(config, nd, years)
        out.append(nd)
    return out


SAMVERKAN_KONTO = "36"  # Kommun-Bas: försäljning av verksamhet (what the partner kommuner pay the värdkommun)


def _samverkan(config: Config, nd: NamndDrift, years: list[int]) -> None:
    """Turn the partners' andelar of a hosted gemensam nämnd's gross nettokostnad into intäkter.

    Each partner pays its andel of the nämnd's netto as budgeted (kostnader − intäkter), rounded to the
    krona; the kommun's own netto is what remains, so nothing is lost to rounding.
    """
    n = config.namnd(nd.namnd)
    partners = [(k, a) for k, a in n.fordelning.items() if not same_kommun(k, config.kommun.namn)]
    for kommun, andel in partners:
        amounts = {y: round((nd.kostnader[y] - nd.intakter[y]) * andel / 100) for y in years}
        nd.samverkan[kommun] = amounts
        nd.details.append(DetailRow("", f"Andel för {kommun} ({andel:g} %)", SAMVERKAN_KONTO,
                                    "Samverkanskommunernas andelar (gemensam nämnd)", False,
                                    dict(amounts), dict.fromkeys(years, 0)))
    for y in years:
        nd.intakter[y] += nd.samverkan_ar(y)
