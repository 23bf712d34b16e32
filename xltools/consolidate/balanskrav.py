"""Balanskravsutredning of the kommunplan (kommunallagen 11 kap.), the resultatutjämningsreserv (RUR)
and the återställande of negative balanskravsresultat within three years, per plan year.

The adjustments and the RUR come from the config (ekonomi.yaml `balanskrav` and
`resultatutjamningsreserv`, tkr); samtliga realisationsvinster are the sales' (`forsaljningar`) and
the other ones given under `balanskrav.realisationsvinster`. RUR UB = IB + medel till RUR − medel från RUR (the year's own
reservering or disposition is in its UB). A negative balanskravsresultat — of a plan year, or one of
the three years before given in the config — must be återställt within the three following years;
later positive balanskravsresultat cover the oldest underskott first.
"""

from __future__ import annotations

from dataclasses import dataclass

from xltools.config import Config
from xltools.consolidate.facts import kr
from xltools.consolidate.hushallning import balanskravsutredning

FRIST = 3  # år (kommunallagen 11 kap. 12 §)


@dataclass(frozen=True)
class Underskott:
    ar: int  # the year whose balanskravsresultat was negative
    belopp: int  # kronor still to återställa (positive)

    @property
    def senast(self) -> int:
        """The last year in which it may be återställt."""
        return self.ar + FRIST


@dataclass(frozen=True)
class BalanskravAr:
    """One year's balanskravsutredning, RUR roll and återställande (kronor)."""

    ar: int
    lines: dict[str, int]
    rur_ib: int
    rur_ub: int
    aterstallt: int  # earlier underskott covered by this year's positive balanskravsresultat
    kvar: tuple[Underskott, ...]  # underskott not yet återställda at the end of the year

    @property
    def uppfyllt(self) -> bool:
        return self.lines["balanskravsresultat"] > 0

    @property
    def for_sent(self) -> tuple[Underskott, ...]:
        """Underskott still not återställda when their three years have run out (this year or earlier)."""
        return tuple(u for u in self.kvar if u.senast <= self.ar)

    def as_dict(self) -> dict[str, int | bool]:
        return {**self.lines, "uppfyllt": self.uppfyllt, "rur_ib": self.rur_ib, "rur_ub": self.rur_ub,
                "aterstallt": self.aterstallt, "kvar_att_aterstalla": sum(u.belopp for u in self.kvar)}


def _cover(kvar: list[Underskott], amount: int) -> tuple[list[Underskott], int]:
    """Återställ the oldest underskott first with a positive balanskravsresultat; (left, återställt)."""
    left, done = [], 0
    for u in kvar:
        take = min(amount - done, u.belopp)
        done += take
        if u.belopp > take:
            left.append(Underskott(u.ar, u.belopp - take))
    return left, done


def balanskrav_per_ar(config: Config, arets_resultat: dict[int, int]) -> dict[int, BalanskravAr]:
    """The balanskravsutredning of every plan year from årets resultat (kronor) and the config."""
    e = config.ekonomi
    bk, rur = e.balanskrav, e.resultatutjamningsreserv
    kvar = [Underskott(int(y), kr(v)) for y, v in sorted(bk.underskott_att_aterstalla.items()) if kr(v) > 0]
    roll = rur_per_ar(config)
    out: dict[int, BalanskravAr] = {}
    for y in config.planering.ar:
        till, fran = kr(rur.reservering.get(y, 0)), kr(rur.disposition.get(y, 0))
        salda = sum(max(0, kr(f.inkomst) - kr(f.bokfort_varde)) for f in e.forsaljningar if f.ar == y)
        lines = balanskravsutredning(
            arets_resultat[y], realisationsvinster=kr(bk.realisationsvinster.get(y, 0)) + salda,
            undantag=kr(bk.undantag.get(y, 0)), orealiserade_vardepapper=kr(bk.orealiserade_vardepapper.get(y, 0)),
            aterforing_orealiserade=kr(bk.aterforing_orealiserade.get(y, 0)), rur_reservering=till,
            rur_disposition=fran)
        result = lines["balanskravsresultat"]
        aterstallt = 0
        if result > 0:
            kvar, aterstallt = _cover(kvar, result)
        elif result < 0:
            kvar = [*kvar, Underskott(y, -result)]
        out[y] = BalanskravAr(y, lines, *roll[y], aterstallt, tuple(kvar))
    return out


def rur_per_ar(config: Config) -> dict[int, tuple[int, int]]:
    """The resultatutjämningsreserv's (IB, UB) per plan year, kronor: UB = IB + medel till − medel från."""
    rur = config.ekonomi.resultatutjamningsreserv
    ib = kr(rur.ingaende_balans)
    out = {}
    for y in config.planering.ar:
        out[y] = (ib, ib + kr(rur.reservering.get(y, 0)) - kr(rur.disposition.get(y, 0)))
        ib = out[y][1]
    return out
