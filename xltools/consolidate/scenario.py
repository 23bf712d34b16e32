"""Budgetberedning: the kommunplan of a scenario, computed from the documents read once.

The budgetberedning (May in the årshjul) works on the ramar: the internbudgetar come in December, so every
nämnd counts with its ram (the June basis) and a change of ram moves the resultatbudget krona for krona.
A scenario (xltools.config.scenario) overlays the base config:
- skattesats: skatteintäkter × ny/gammal skattesats; with a dated skatteunderlag: underlag × skattesats;
- invånare: skatteintäkter and generella statsbidrag change by their amount per invånare of the year
  (the latest invånarantal in kommun.yaml up to that year) times the change in invånare;
- ramar ± per nämnd; ränta ± procentenheter on every loan;
- PO-pålägg and lönekostnad: finansförvaltningens kostnader change by lönesumman × the change
  (lönesumman: ekonomi.yaml `ramberedning.lonesumma`, else the löner (kontogrupp 50–51) in the driftbudgetar);
- investeringsnivå (%) or investeringar (± tkr per year): the investeringsplanernas utgifter of each plan
  year scaled, so avskrivningar, kassaflöde and balansbudget follow.
Each scenario is one `build` on the facts read once (about 15 ms for the example kommun).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property

from xltools.config import Config
from xltools.config.scenario import Scenario, invanare_ar
from xltools.consolidate.facts import Fact, Source, kr, tkr
from xltools.consolidate.kommunplan import build
from xltools.consolidate.kontroller import MalUtfall, balanskrav, finansiella_mal
from xltools.consolidate.model import Kommunplan
from xltools.document import Document
from xltools.errors import XltoolsError
from xltools.sv import sv_amount, sv_number, sv_whole

# Documents of December (the internbudgetar and the internal catalogue) are not part of the beredning.
DECEMBER = ("driftbudget", "internhyror")
LONEKONTON = ("50", "51")  # Kommun-Bas: löner arbetad tid, löner ej arbetad tid


@dataclass(frozen=True)
class Andring:
    """One change a scenario makes, in words, and where it is written (file: key)."""

    text: str
    kalla: str


@dataclass(frozen=True)
class Grund:
    """What every scenario is computed from: the base config, the documents read once and their facts."""

    config: Config
    used: list[tuple[Document, Source]]
    facts: list[Fact]
    ej: list[Source]
    uteslutna: list
    config_files: dict[str, str]
    lonesumma: dict[int, int] | None  # kronor per year; None when neither config nor driftbudgetar give it
    lonesumma_kalla: str

    @classmethod
    def of(cls, plan: Kommunplan) -> Grund:
        """From a consolidated kommunplan: its documents without the December ones, their facts reused."""
        c = plan.config
        used = [(plan.docs[(s.namnd, s.document)], s) for s in plan.sources if s.document not in DECEMBER]
        facts = [f for f in plan.facts if f.source.document not in DECEMBER]
        given = c.ekonomi.ramberedning.lonesumma
        if given:
            lon = {y: kr(given.get(y, 0)) for y in c.planering.ar}
            kalla = "ekonomi.yaml: ramberedning.lonesumma"
        else:
            interna = {k.kod for k in c.kontoplan.konton if k.intern}
            lon_facts = [f for f in plan.facts if f.source.document == "driftbudget" and f.measure == "kostnader"
                         and f.konto[:2] in LONEKONTON and f.konto not in interna]
            lon = {y: sum(f.kronor for f in lon_facts if f.year == y) for y in c.planering.ar} if lon_facts else None
            kalla = f"löner (konto {', '.join(LONEKONTON)}) i {len({f.source.file for f in lon_facts})} driftbudgetar"
        return cls(c, used, facts, plan.ej_sammanstallda, plan.uteslutna, plan.config_files, lon, kalla)


@dataclass(frozen=True)
class Utfall:
    """A scenario's kommunplan and what it changed (the base has no changes)."""

    id: str
    namn: str
    parti: str
    grund: str | None
    beskrivning: str
    andringar: tuple[Andring, ...]
    plan: Kommunplan
    faktor: dict[int, float]  # investeringsnivå per year against the investeringsplaner (1.0 = as planned)

    @property
    def rubrik(self) -> str:
        """Its name as the columns show it: with the political group of an alternativbudget."""
        return f"{self.namn} ({self.parti})" if self.parti else self.namn

    @property
    def config(self) -> Config:
        return self.plan.config

    @cached_property
    def mal(self) -> list[MalUtfall]:
        """Every financial goal per year (computed once: the reports ask per cell)."""
        return finansiella_mal(self.plan)

    def mal_ar(self, mal_id: str, year: int) -> MalUtfall:
        return next(m for m in self.mal if m.id == mal_id and m.ar == year)

    @cached_property
    def balanskrav(self) -> dict[int, dict[str, int | bool]]:
        return balanskrav(self.plan)

    def ram(self, namnd: str, year: int) -> int:
        return kr(self.config.ekonomi.ramar.get(namnd, {}).get(year, 0))

    def summa_ramar(self, year: int) -> int:
        return sum(self.ram(n, year) for n in self.config.ekonomi.ramar)


def bas(grund: Grund) -> Utfall:
    """The base: the config as it stands (ekonomi.yaml's ramar), every nämnd at its ram."""
    return Utfall("bas", "Underlag (ekonomi.yaml)", "", None, "", (), _plan(grund, grund.config, {}),
                  dict.fromkeys(grund.config.planering.ar, 1.0))


def _plan(grund: Grund, config: Config, faktor: dict[int, float]) -> Kommunplan:
    facts = grund.facts
    if any(abs(f - 1.0) > 1e-12 for f in faktor.values()):
        facts = [dataclasses.replace(f, kronor=round(f.kronor * faktor[f.year]))
                 if f.measure == "utgift" and f.year in faktor else f for f in facts]
    return build(config, grund.used, grund.ej, grund.uteslutna, grund.config_files, "juni", facts)


def apply(grund: Grund, on: Utfall, sid: str, s: Scenario, file: str) -> Utfall:
    """The scenario `s` (read from `file`) on the outcome `on` (the base, or the scenario it builds on)."""
    c = on.config
    e, ff = c.ekonomi, c.ekonomi.finansforvaltning
    years = c.planering.ar
    andringar: list[Andring] = []
    skatt = {y: float(e.skatteintakter.get(y, 0)) for y in years}
    gsu = {y: float(e.generella_statsbidrag_och_utjamning.get(y, 0)) for y in years}
    sats = e.skattesats
    if s.skattesats is not None and s.skattesats != sats:
        andringar.append(Andring(f"Skattesats {sv_number(sats)} → {sv_number(s.skattesats)} kr", f"{file}: skattesats"))
    new_sats = s.skattesats if s.skattesats is not None else sats
    if s.skatteunderlag is not None:
        skatt = {y: s.skatteunderlag.belopp[y] * new_sats / 100 for y in years}
        andringar.append(Andring(f"Skatteintäkter = skatteunderlag enligt {s.skatteunderlag.prognos} × skattesatsen",
                                 f"{file}: skatteunderlag"))
    elif new_sats != sats:
        skatt = {y: v * new_sats / sats for y, v in skatt.items()}
    invanare = dict(c.kommun.invanare)
    for y, antal in sorted(s.invanare.items()):
        before = invanare_ar(c, y)
        if before is None:
            raise XltoolsError(f"{file}: invanare.{y}: kommun.yaml har inget invånarantal för {y} eller åren före.")
        d = antal - before
        skatt[y] += d * skatt[y] / before
        gsu[y] += d * gsu[y] / before
        invanare[y] = antal
        andringar.append(Andring(f"Invånare {y}: {sv_whole(before)} → {sv_whole(antal)}", f"{file}: invanare.{y}"))
    ramar = {n: dict(v) for n, v in e.ramar.items()}
    for n, per_year in s.ramar.items():
        for y, d in sorted(per_year.items()):
            ramar.setdefault(n, {})[y] = ramar.get(n, {}).get(y, 0) + d
            if d:
                andringar.append(Andring(f"Ram {c.namnd(n).namn} {y} {_signed(d)} tkr", f"{file}: ramar.{n}.{y}"))
    lan = e.lan
    if s.ranta:
        lan = lan.replace(rantesats=lan.rantesats + s.ranta,
                          lan=[ln.replace(rantesats={y: ln.rantesats.get(y, 0) + s.ranta for y in years})
                               for ln in lan.lan])
        andringar.append(Andring(f"Räntan {_signed(s.ranta)} procentenheter på alla lån", f"{file}: ranta"))
    kostnader = {y: float(ff.kostnader.get(y, 0)) for y in years}
    po = e.po_palagg
    if (s.po_palagg is not None and s.po_palagg != po) or s.lonekostnad:
        if grund.lonesumma is None:
            key = "po_palagg" if s.po_palagg is not None else "lonekostnad"
            raise XltoolsError(f"{file}: {key}: lönesumman behövs men saknas: ange ekonomi.yaml "
                               "ramberedning.lonesumma (tkr per år) eller lämna in driftbudgetarna.")
        if s.po_palagg is not None and s.po_palagg != po:
            for y in years:
                kostnader[y] += tkr(grund.lonesumma[y]) * (s.po_palagg - po) / 100
            andringar.append(Andring(f"PO-pålägg {sv_number(po)} → {sv_number(s.po_palagg)} % av lönesumman "
                                     f"({grund.lonesumma_kalla})", f"{file}: po_palagg"))
            po = s.po_palagg
        if s.lonekostnad:
            for y in years:
                kostnader[y] += tkr(grund.lonesumma[y]) * (1 + po / 100) * s.lonekostnad / 100
            andringar.append(Andring(f"Lönekostnaden {_signed(s.lonekostnad)} % (lönesumma med PO-pålägg, "
                                     f"{grund.lonesumma_kalla})", f"{file}: lonekostnad"))
    faktor = dict(on.faktor)
    if s.investeringsniva is not None:
        faktor = dict.fromkeys(years, s.investeringsniva / 100)
        andringar.append(Andring(f"Investeringsnivå {sv_number(s.investeringsniva)} % av investeringsplanerna",
                                 f"{file}: investeringsniva"))
    planned = bas_investeringar(grund)
    for y, d in sorted(s.investeringar.items()):
        now = planned[y] * faktor[y]
        if planned[y] == 0 or now + kr(d) < 0:
            raise XltoolsError(f"{file}: investeringar.{y}: förändringen {_signed(d)} tkr går inte att fördela på "
                               f"investeringsplanernas utgifter {sv_whole(round(tkr(now)))} tkr.")
        faktor[y] = (now + kr(d)) / planned[y]
        andringar.append(Andring(f"Investeringar {y} {_signed(d)} tkr", f"{file}: investeringar.{y}"))
    ekonomi = e.replace(skattesats=new_sats, skatteintakter={**e.skatteintakter, **skatt},
                        generella_statsbidrag_och_utjamning={**e.generella_statsbidrag_och_utjamning, **gsu},
                        ramar=ramar, lan=lan, po_palagg=po, finansforvaltning=ff.replace(kostnader={**ff.kostnader, **kostnader}))
    config = c.replace(ekonomi=ekonomi, kommun=c.kommun.replace(invanare=invanare))
    return Utfall(sid, s.namn, s.parti, s.grund, s.beskrivning, tuple(andringar),
                  _plan(grund, config, faktor), faktor)


def bas_investeringar(grund: Grund) -> dict[int, int]:
    """The investeringsplanernas utgifter per plan year (kronor), as handed in."""
    years = grund.config.planering.ar
    return {y: sum(f.kronor for f in grund.facts if f.measure == "utgift" and f.year == y) for y in years}


def _signed(value: float) -> str:
    """+3 000, −1 500, +0,5 (thousands grouped, Swedish decimals, a real minus sign)."""
    size = sv_amount(abs(value)) if float(value).is_integer() else sv_number(abs(value))
    return ("+" if value > 0 else "−" if value < 0 else "±") + size
