"""The balansbudget's rolls per plan year, from the config (ekonomi.yaml) and the investeringsbudget.

Every roll is UB = IB + what is added − what is taken, in whole kronor; a year's UB is the next
year's IB. Anläggningstillgångar per slag: + the year's investments on the slag − avskrivningar
(befintliga per slag, the new investments') − bokfört värde of what is sold. Avsättningar: + gjorda
− ianspråktagna. Finansiella anläggningstillgångar: + utlåning till bolag − amortering. Bidrag till
statlig infrastruktur: + utbetalningar − upplösning. Förutbetalda investeringsinkomster (part of
långfristiga skulder): + inbetalningar − upplösning. Ansvarsförbindelser (outside the balance sheet):
+ ökning − minskning. Rörelsekapitalets poster change by the config's förändring.
"""

from __future__ import annotations

from dataclasses import dataclass

from xltools.config import Config
from xltools.consolidate.facts import kr
from xltools.consolidate.investering import SLAG, Investeringsbudget

RORELSEKAPITAL = ("forrad", "exploateringsfastigheter", "fordringar", "kortfristiga_placeringar", "kortfristiga_skulder")


@dataclass(frozen=True)
class Roll:
    """One balance item in one year (kronor): ib + till − fran = ub."""

    ib: int
    till: int
    fran: int

    @property
    def ub(self) -> int:
        return self.ib + self.till - self.fran


@dataclass(frozen=True)
class Anlaggning:
    """One slag of anläggningstillgångar in one year (kronor, positive amounts)."""

    ib: int
    investeringar: int
    avskrivningar_befintliga: int
    avskrivningar_nya: int
    forsaljning: int  # bokfört värde of what is sold

    @property
    def avskrivningar(self) -> int:
        return self.avskrivningar_befintliga + self.avskrivningar_nya

    @property
    def ub(self) -> int:
        return self.ib + self.investeringar - self.avskrivningar - self.forsaljning


@dataclass(frozen=True)
class Namngiven:
    """A roll that belongs to someone: a borgen or a loan to a bolag (`bolag` is the organisation's id)."""

    id: str
    namn: str
    bolag: str | None
    roll: Roll


@dataclass(frozen=True)
class Forsaljningar:
    """The year's sales of anläggningstillgångar (kronor): inkomst and bokfört värde; their result."""

    inkomst: int
    bokfort_varde: int
    realisationsvinster: int  # Σ of the sales with a gain (positive)
    realisationsforluster: int  # Σ of the sales with a loss (positive)


@dataclass(frozen=True)
class Balansposter:
    anlaggningar: dict[int, dict[str, Anlaggning]]  # year -> slag -> roll
    avsattningar: dict[int, dict[str, Roll]]  # year -> pensioner | andra
    finansiella: dict[int, Roll]  # finansiella anläggningstillgångar: + utlåning − amortering
    lan_till_bolag: dict[int, list[Namngiven]]
    infrastruktur: dict[int, Roll]  # bidrag till statlig infrastruktur
    investeringsinkomster: dict[int, Roll]  # förutbetalda, among långfristiga skulder
    pensionsforpliktelser: dict[int, Roll]  # intjänade före 1998 (ansvarsförbindelse)
    borgen: dict[int, list[Namngiven]]
    rorelsekapital: dict[int, dict[str, int]]  # year -> post -> förändring (+ ökning)
    forsaljningar: dict[int, Forsaljningar]

    def avsattningar_netto(self, year: int) -> int:
        """The year's change of all avsättningar (gjorda − ianspråktagna)."""
        return sum(r.till - r.fran for r in self.avsattningar[year].values())

    def borgen_ub(self, year: int) -> int:
        return sum(b.roll.ub for b in self.borgen[year])


def _roll(years: list[int], ib: int, till: dict[int, float], fran: dict[int, float]) -> dict[int, Roll]:
    out = {}
    for y in years:
        out[y] = Roll(ib, kr(till.get(y, 0)), kr(fran.get(y, 0)))
        ib = out[y].ub
    return out


def _named(years: list[int], items: list[tuple[str, str, str | None, int, dict, dict]]) -> dict[int, list[Namngiven]]:
    rolls = [(i, n, b, _roll(years, ib, till, fran)) for i, n, b, ib, till, fran in items]
    return {y: [Namngiven(i, n, b, r[y]) for i, n, b, r in rolls] for y in years}


def befintliga_per_slag(config: Config, year: int) -> dict[str, int]:
    """The year's befintliga avskrivningar per slag (kronor): the split given, the rest on mark och byggnader."""
    e = config.ekonomi
    split = {s: kr(e.befintliga_avskrivningar_per_slag.get(s, {}).get(year, 0)) for s in SLAG}
    split[SLAG[1]] = kr(e.befintliga_avskrivningar.get(year, 0)) - split[SLAG[0]] - split[SLAG[2]]
    return split


def balansposter(config: Config, inv: Investeringsbudget) -> Balansposter:
    e = config.ekonomi
    years = config.planering.ar
    ib = e.ingaende_balans
    bolag = {b.id: b.namn for b in config.organisation.bolag}

    anlaggningar: dict[int, dict[str, Anlaggning]] = {}
    prev = {s: kr(getattr(ib, s)) for s in SLAG}
    for y in years:
        sold = {s: 0 for s in SLAG}
        for f in e.forsaljningar:
            if f.ar == y:
                sold[f.slag] += kr(f.bokfort_varde)
        befintliga = befintliga_per_slag(config, y)
        anlaggningar[y] = {s: Anlaggning(prev[s], inv.per_slag[y][s], befintliga[s], inv.avskrivningar_per_slag[y][s],
                                         sold[s]) for s in SLAG}
        prev = {s: a.ub for s, a in anlaggningar[y].items()}

    pensioner = e.avsattningar.pensioner
    p_till, p_fran = ((pensioner.gjorda, pensioner.ianspraktagna) if pensioner is not None
                      else (e.finansforvaltning.avsattningar_forandring, {}))
    avs_p = _roll(years, kr(ib.avsattningar_for_pensioner), p_till, p_fran)
    avs_a = _roll(years, kr(ib.andra_avsattningar), e.avsattningar.andra.gjorda, e.avsattningar.andra.ianspraktagna)

    lan = [(ln.bolag, bolag.get(ln.bolag, ln.bolag), ln.bolag, kr(ln.ib), ln.utlaning, ln.amortering)
           for ln in e.lan_till_bolag]
    lan_rolls = _named(years, lan)
    finansiella: dict[int, Roll] = {}
    fin_ib = kr(ib.finansiella_anlaggningstillgangar)
    for y in years:
        finansiella[y] = Roll(fin_ib, sum(x.roll.till for x in lan_rolls[y]), sum(x.roll.fran for x in lan_rolls[y]))
        fin_ib = finansiella[y].ub

    af = e.ansvarsforbindelser
    borgen = [(b.bolag or f"borgen_{i + 1}", bolag.get(b.bolag, b.bolag) if b.bolag else (b.namn or ""), b.bolag,
               kr(b.ingaende_balans), b.okning, b.minskning) for i, b in enumerate(af.borgen)]

    forsaljningar = {}
    for y in years:
        sales = [(kr(f.inkomst), kr(f.bokfort_varde)) for f in e.forsaljningar if f.ar == y]
        forsaljningar[y] = Forsaljningar(sum(i for i, _ in sales), sum(b for _, b in sales),
                                         sum(i - b for i, b in sales if i > b), sum(b - i for i, b in sales if b > i))

    rk = e.rorelsekapital
    return Balansposter(
        anlaggningar=anlaggningar,
        avsattningar={y: {"pensioner": avs_p[y], "andra": avs_a[y]} for y in years},
        finansiella=finansiella,
        lan_till_bolag=lan_rolls,
        infrastruktur=_roll(years, kr(ib.bidrag_till_statlig_infrastruktur), e.bidrag_till_statlig_infrastruktur.utbetalningar,
                            e.bidrag_till_statlig_infrastruktur.upplosning),
        investeringsinkomster=_roll(years, kr(e.investeringsinkomster.ingaende_balans),
                                    e.investeringsinkomster.inbetalningar, e.investeringsinkomster.upplosning),
        pensionsforpliktelser=_roll(years, kr(af.pensionsforpliktelser.ingaende_balans),
                                    af.pensionsforpliktelser.okning, af.pensionsforpliktelser.minskning),
        borgen=_named(years, borgen),
        rorelsekapital={y: {k: kr(getattr(rk, k).get(y, 0)) for k in RORELSEKAPITAL} for y in years},
        forsaljningar=forsaljningar,
    )
