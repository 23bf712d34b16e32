"""The balansbudget's rolls on the committed example (Mora's ekonomi.yaml): each roll's UB is the next
year's IB and IB + in − out, recomputed here from the config and the investeringsbudget."""

from __future__ import annotations

from xltools.consolidate.balansposter import RORELSEKAPITAL, Roll, balansposter, befintliga_per_slag
from xltools.consolidate.facts import kr
from xltools.consolidate.investering import SLAG
from xltools.consolidate.model import Kommunplan


def test_every_roll_continues_from_the_year_before(plan: Kommunplan) -> None:
    p = balansposter(plan.config, plan.inv)
    assert p == plan.rr.poster
    years = plan.years
    for prev, y in zip(years, years[1:], strict=False):
        for slag in SLAG:
            assert p.anlaggningar[y][slag].ib == p.anlaggningar[prev][slag].ub
        for rolls in (p.finansiella, p.infrastruktur, p.investeringsinkomster, p.pensionsforpliktelser):
            assert rolls[y].ib == rolls[prev].ub
        assert [b.roll.ib for b in p.borgen[y]] == [b.roll.ub for b in p.borgen[prev]]
    assert Roll(10, 5, 3).ub == 12


def test_anlaggningar_per_slag_from_config_and_projects(plan: Kommunplan) -> None:
    e = plan.config.ekonomi
    p = plan.rr.poster
    assert p is not None
    for y in plan.years:
        befintliga = befintliga_per_slag(plan.config, y)
        assert sum(befintliga.values()) == kr(e.befintliga_avskrivningar[y])  # the rest is on mark och byggnader
        assert befintliga["immateriella_anlaggningstillgangar"] == kr(
            e.befintliga_avskrivningar_per_slag["immateriella_anlaggningstillgangar"][y])
        for slag in SLAG:
            a = p.anlaggningar[y][slag]
            projekt = [x for x in plan.inv.projekt if x.slag == slag]
            assert a.investeringar == sum(x.utgift[y] for x in projekt)
            assert a.avskrivningar_nya == sum(x.avskrivning(y) for x in projekt)
            assert a.ub == a.ib + a.investeringar - a.avskrivningar_befintliga - a.avskrivningar_nya - a.forsaljning
        assert p.anlaggningar[y]["immateriella_anlaggningstillgangar"].ub > 0
    # The example's immateriella without new investments would fall by their own avskrivningar.
    first = p.anlaggningar[plan.years[0]]["immateriella_anlaggningstillgangar"]
    assert first.avskrivningar_befintliga > 0


def test_sales_avsattningar_and_rorelsekapital(plan: Kommunplan) -> None:
    e = plan.config.ekonomi
    p = plan.rr.poster
    assert p is not None
    sale = e.forsaljningar[0]
    s = p.forsaljningar[sale.ar]
    assert (s.inkomst, s.bokfort_varde, s.realisationsvinster, s.realisationsforluster) == (
        kr(sale.inkomst), kr(sale.bokfort_varde), kr(sale.inkomst - sale.bokfort_varde), 0)
    assert p.anlaggningar[sale.ar][sale.slag].forsaljning == kr(sale.bokfort_varde)
    pens = e.avsattningar.pensioner
    assert pens is not None
    for y in plan.years:
        assert p.avsattningar_netto(y) == (kr(pens.gjorda[y]) - kr(pens.ianspraktagna[y])
                                           + kr(e.avsattningar.andra.gjorda[y]) - kr(e.avsattningar.andra.ianspraktagna[y]))
        assert set(p.rorelsekapital[y]) == set(RORELSEKAPITAL)
        assert p.borgen_ub(y) == plan.br[y]["borgensforbindelser"]
    assert [b.namn for b in p.borgen[plan.years[0]]][:2] == ["Morastrand AB", "Moravatten AB"]
