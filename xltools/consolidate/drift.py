"""Driftbudget per nämnd: intäkter, kostnader, netto, ram and difference; verksamhet × kontogrupp beneath."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from xltools.config import Config
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
        out.append(nd)
    return out
