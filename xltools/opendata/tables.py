"""The consolidated figures as tidy tables with a documented schema (issue 20: open data).

One row per observation, one column per variable: the facts each amount was summed from (with
file, sheet and cell), the statements line by line, the driftbudget per nämnd, the investment
projects per year and the mål with their mått and målvärden. Plain Python (no pandas): the CSV,
xlsx and Parquet writers and the analyst's DataFrames (xltools.data) are all made from these.

Amounts are tkr with at most three decimals (whole kronor), as in the kommunplan's JSON. The
statements are signed as presented (intäkter and inflöden +, kostnader and utflöden −); the facts
and the driftbudget carry intäkter and kostnader as positive amounts, as the nämnder enter them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from xltools.consolidate import balans, kassaflode, resultat
from xltools.consolidate.facts import tkr
from xltools.consolidate.facts import tkr_or_none as _t
from xltools.consolidate.lines import Line
from xltools.consolidate.model import Kommunplan

# Table Schema types (https://specs.frictionlessdata.io/table-schema/) and the pandas dtype each becomes.
DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string | integer | number | boolean
    title: str  # Swedish, as a column heading
    description: str = ""
    required: bool = False

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "title": self.title}
        if self.description:
            out["description"] = self.description
        if self.required:
            out["constraints"] = {"required": True}
        return out


@dataclass(frozen=True)
class Schema:
    name: str  # file stem and resource name: lower case ASCII
    title: str
    description: str
    fields: tuple[Field, ...]

    def table_schema(self) -> dict[str, Any]:
        """The Table Schema (Frictionless) of the table."""
        return {"fields": [f.schema() for f in self.fields], "missingValues": [""]}


@dataclass(frozen=True)
class Table:
    schema: Schema
    rows: list[tuple[Any, ...]]

    @property
    def name(self) -> str:
        return self.schema.name

    @property
    def title(self) -> str:
        return self.schema.title

    @property
    def description(self) -> str:
        return self.schema.description

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.schema.fields

    def column(self, name: str) -> list[Any]:
        i = [f.name for f in self.fields].index(name)
        return [r[i] for r in self.rows]


def _f(name: str, type_: str, title: str, description: str = "", required: bool = False) -> Field:
    return Field(name, type_, title, description, required)


NAMND = _f("namnd", "string", "Nämnd (id)", "Nämndens id i kommunens konfiguration.", True)
NAMND_NAMN = _f("namnd_namn", "string", "Nämnd")
AR = _f("ar", "integer", "År", "Budget- eller planår.")
BELOPP = _f("belopp_tkr", "number", "Belopp (tkr)", "Tusentals kronor med högst tre decimaler (hela kronor).")
KALLA = (_f("kalla_fil", "string", "Källa: fil", "Arbetsbokens namn i förhållande till mappen med underlag."),
         _f("kalla_sha256", "string", "Källa: sha256", "Arbetsbokens kontrollsumma (sha256)."),
         _f("kalla_blad", "string", "Källa: blad"),
         _f("kalla_cell", "string", "Källa: cell"))


_STATEMENT_FIELDS = (AR, _f("ordning", "integer", "Ordning", "Radens plats i uppställningen."),
                     _f("rad", "string", "Rad (id)", "Radens stabila id, samma som i kommunplanens JSON.", True),
                     _f("benamning", "string", "Benämning"),
                     _f("delsumma", "boolean", "Delsumma", "Raden summerar andra rader."),
                     _f("belopp_tkr", "number", "Belopp (tkr)",
                        "Tusentals kronor, tecken som i uppställningen (intäkter +, kostnader −); tomt = uppgift saknas."))


def _statement_schema(name: str, title: str) -> Schema:
    return Schema(name, title, f"{title} rad för rad per år, som i kommunplanen.", _STATEMENT_FIELDS)


RESULTATBUDGET = _statement_schema("resultatbudget", "Resultatbudget")
KASSAFLODESBUDGET = _statement_schema("kassaflodesbudget", "Kassaflödesbudget")
BALANSBUDGET = _statement_schema("balansbudget", "Balansbudget")
DRIFTBUDGET = Schema(
    "driftbudget", "Driftbudget per nämnd", "Nämndernas intäkter, kostnader, nettokostnad och ram per år.",
    (NAMND, NAMND_NAMN, AR,
     _f("intakter_tkr", "number", "Intäkter (tkr)", "Externa och interna intäkter; tomt = driftbudget saknas."),
     _f("kostnader_tkr", "number", "Kostnader (tkr)", "Positivt belopp; tomt = driftbudget saknas."),
     _f("netto_tkr", "number", "Nettokostnad (tkr)"),
     _f("ram_tkr", "number", "Ram (tkr)", "Kommunfullmäktiges ram."),
     _f("differens_tkr", "number", "Differens mot ram (tkr)"),
     _f("inlamnad", "boolean", "Inlämnad", "Nämndens driftbudget ingår.")))
INVESTERINGAR = Schema(
    "investeringar", "Investeringsprojekt", "Nämndernas investeringsprojekt med utgift per år.",
    (NAMND, _f("projekt_id", "string", "Projekt (id)", required=True), _f("projekt", "string", "Projekt"),
     _f("kategori", "string", "Kategori"), _f("konto", "string", "Konto"), AR,
     _f("utgift_tkr", "number", "Utgift (tkr)", "Årets investeringsutgift."),
     _f("total_utgift_tkr", "number", "Total utgift (tkr)", "Projektets hela utgift, även efter planperioden."),
     _f("aktiveringsar", "integer", "Aktiveringsår"),
     _f("avskrivningstid", "integer", "Avskrivningstid (år)")))
MAL = Schema(
    "mal", "Mål och mått", "Nämndernas mål med mått och målvärde per år (en rad per mål, mått och år).",
    (NAMND, NAMND_NAMN, _f("mal_id", "string", "Mål (id)", required=True), _f("typ", "string", "Måltyp"),
     _f("mal", "string", "Mål"), _f("strategiskt_mal", "string", "Strategiskt mål (id)"),
     _f("malomrade", "string", "Målområde"), _f("matt", "string", "Mått", "Tomt = målet har inget mått."),
     _f("enhet", "string", "Enhet"), _f("kolada_id", "string", "Kolada-id", "Nyckeltalets id i Kolada (RKA)."),
     _f("utgangsvarde", "number", "Utgångsvärde"), AR, _f("malvarde", "number", "Målvärde"),
     _f("riktning", "string", "Riktning"), KALLA[0], KALLA[2],
     _f("kalla_rad", "integer", "Källa: rad", "Målets rad i arbetsboken.")))
FAKTA = Schema(
    "fakta", "Belopp i nämndernas underlag",
    "Varje belopp som kommunplanen summerar, med nämnd, dokument, verksamhet, konto, år och cellen det lästes ur.",
    (NAMND, NAMND_NAMN, _f("dokument", "string", "Dokument", "Dokumenttyp, t.ex. driftbudget.", True),
     _f("verksamhet", "string", "Verksamhet", "Verksamhetskod i kommunens kontoplan."),
     _f("konto", "string", "Konto"),
     _f("motpart", "string", "Motpart", "Köpande eller säljande nämnd vid interna poster."),
     _f("projekt", "string", "Projekt", "Investeringsprojektets id."),
     _f("matt", "string", "Slag", "intakter, kostnader, utgift, hyra eller tjanst (positiva belopp som nämnden angav dem)."),
     _f("ar", "integer", "År", "Budget- eller planår; tomt = efter planperioden."),
     BELOPP, *KALLA))
SCHEMAS = (RESULTATBUDGET, KASSAFLODESBUDGET, BALANSBUDGET, DRIFTBUDGET, INVESTERINGAR, MAL, FAKTA)


def _table(schema: Schema, rows: Iterable[tuple[Any, ...]]) -> Table:
    """A table; an empty text is a missing value (one representation of "missing" in every format)."""
    return Table(schema, [tuple(None if v == "" else v for v in r) for r in rows])


def _statement(schema: Schema, lines: Sequence[Line], values: dict[int, dict[str, int | None]],
               years: Iterable[int]) -> Table:
    shown = [ln for ln in lines if not ln.heading]
    return _table(schema, ((y, i, ln.key, ln.label, ln.is_sum, _t(values[y].get(ln.key)))
                           for y in years for i, ln in enumerate(shown, start=1)))


def kommunplan_tables(plan: Kommunplan) -> list[Table]:
    """Every table of the kommunplan's open data, in the order of SCHEMAS."""
    years = plan.years
    names = {n.id: n.namn for n in plan.config.organisation.namnder}
    drift = ((n.namnd, n.namn, y, _t(n.intakter[y]) if n.covered else None, _t(n.kostnader[y]) if n.covered else None,
              _t(n.netto(y)) if n.covered else None, _t(n.ram[y]), _t(n.differens(y)) if n.covered else None, n.covered)
             for n in plan.drift for y in years)
    inv = ((p.namnd, p.projekt_id, p.namn, p.kategori, p.konto, y, _t(p.utgift[y]), _t(p.total), p.aktivering,
            p.avskrivningstid) for p in plan.inv.projekt for y in years)
    mal = ((m.namnd, m.namnd_namn, m.mal_id, m.typ, m.text, m.strategiskt_mal, m.malomrade_namn,
            mt.matt if mt else None, mt.enhet if mt else None, mt.kolada_id if mt else None,
            mt.utgangsvarde if mt else None, y, mt.malvarden.get(y) if mt else None,
            mt.riktning if mt else None, m.file, m.sheet, m.row)
           for m in plan.mal for mt in (m.matt or [None]) for y in years)
    fakta = ((f.source.namnd, names.get(f.source.namnd, ""), f.source.document, f.verksamhet, f.konto, f.motpart,
              f.projekt, f.measure, f.year, tkr(f.kronor), f.source.file, f.source.sha256, f.sheet, f.cell)
             for f in plan.facts)
    return [
        _statement(RESULTATBUDGET, resultat.LINES, plan.rr.lines, years),
        _statement(KASSAFLODESBUDGET, kassaflode.LINES, plan.kf, years),
        _statement(BALANSBUDGET, balans.LINES, plan.br, years),
        _table(DRIFTBUDGET, drift), _table(INVESTERINGAR, inv), _table(MAL, mal), _table(FAKTA, fakta),
    ]


# ---------------------------------------------------------------- the follow-up (delårsrapport, årsredovisning ...)
_FU_KALLA = (KALLA[0], KALLA[2], KALLA[3])
PERIOD = _f("period", "string", "Period", "Uppföljningens period, ÅÅÅÅ-MM.", True)
_EKONOMI = (_f("budget_tkr", "number", "Budget (tkr)"), _f("utfall_tkr", "number", "Utfall (tkr)"),
            _f("prognos_tkr", "number", "Prognos (tkr)", "Helårsprognos; i årsredovisningen årets utfall."),
            _f("avvikelse_tkr", "number", "Avvikelse (tkr)", "Budget minus prognos: negativt = underskott."))
UPP_NAMNDER = Schema(
    "uppfoljning_namnder", "Nämndernas ekonomi i uppföljningen",
    "Budget, utfall, helårsprognos och avvikelse per nämnd för perioden (tkr; kostnader positiva).",
    (PERIOD, NAMND, NAMND_NAMN, _f("status", "string", "Rapport", "inlämnad, ej godkänd eller saknas."),
     *_EKONOMI, KALLA[0]))
UPP_VERKSAMHETER = Schema(
    "uppfoljning_verksamheter", "Ekonomin per verksamhet i uppföljningen",
    "Budget, utfall, helårsprognos och avvikelse per nämnd och verksamhet för perioden (tkr).",
    (PERIOD, NAMND, _f("verksamhet", "string", "Verksamhet", required=True), _f("verksamhet_namn", "string", "Verksamhet (namn)"),
     *_EKONOMI, *_FU_KALLA))
UPP_MAL = Schema(
    "uppfoljning_mal", "Måluppfyllelse i uppföljningen",
    "Nämndernas bedömning av varje mål: nu och vid årets slut (uppfyllt, delvis, ej_uppfyllt, ej_bedomt, saknas).",
    (PERIOD, NAMND, _f("mal_id", "string", "Mål (id)", required=True), _f("typ", "string", "Måltyp"),
     _f("mal", "string", "Mål"), _f("strategiskt_mal", "string", "Strategiskt mål (id)"),
     _f("malomrade", "string", "Målområde"), _f("bedomning_nu", "string", "Bedömning nu"),
     _f("bedomning_arets_slut", "string", "Bedömning vid årets slut"), *_FU_KALLA))
UPP_INVESTERINGAR = Schema(
    "uppfoljning_investeringar", "Investeringar i uppföljningen",
    "Årets budget, utfall, prognos och avvikelse per investeringsprojekt (tkr).",
    (PERIOD, NAMND, _f("projekt_id", "string", "Projekt (id)", required=True), _f("projekt", "string", "Projekt"),
     *_EKONOMI, _f("total_utgift_tkr", "number", "Beslutad total utgift (tkr)"), *_FU_KALLA))
UPP_RESULTAT = Schema(
    "uppfoljning_resultatrakning", "Kommunens resultaträkning i uppföljningen",
    "Kommunens resultaträkning: föregående års utfall, årets budget och prognos (tkr, tecken som i uppställningen).",
    (PERIOD, _f("kolumn", "string", "Kolumn", "foregaende, budget eller prognos.", True),
     _f("rubrik", "string", "Rubrik", "Kolumnens rubrik, t.ex. Prognos 2026."),
     _f("rad", "string", "Rad (id)", required=True), _f("belopp_tkr", "number", "Belopp (tkr)")))
FOLLOWUP_SCHEMAS = (UPP_NAMNDER, UPP_VERKSAMHETER, UPP_MAL, UPP_INVESTERINGAR, UPP_RESULTAT)


def uppfoljning_tables(fu: Any) -> list[Table]:
    """The follow-up's open data: economy per nämnd and verksamhet, mål, investeringar, the kommun's
    resultaträkning. No åtgärder (they name their ansvariga) and no intern kontroll."""
    p = fu.period
    namnder = ((p, n.namnd, n.namn, n.status, n.budget, n.utfall, n.prognos, n.avvikelse, n.file) for n in fu.namnder)
    rader = ((p, r.namnd, r.verksamhet, r.verksamhet_namn, r.budget, r.utfall, r.prognos, r.avvikelse,
              r.source.file, r.source.sheet, r.source.cell) for r in fu.rader)
    mal = ((p, m.namnd, m.mal_id, m.typ, m.text, m.strategiskt_mal, m.malomrade, m.nu, m.arets_slut,
            m.source.file, m.source.sheet, m.source.cell) for m in fu.mal)
    inv = ((p, i.namnd, i.projekt_id, i.namn, i.budget, i.utfall, i.prognos, i.avvikelse, i.totalutgift,
            i.source.file, i.source.sheet, i.source.cell) for i in fu.investeringar)
    k = fu.kommunen
    rr = ((p, col, k.rubriker[col], line, _t(v)) for col in k.columns for line, v in k.rr[col].items()) if k else ()
    return [_table(UPP_NAMNDER, namnder), _table(UPP_VERKSAMHETER, rader), _table(UPP_MAL, mal),
            _table(UPP_INVESTERINGAR, inv), _table(UPP_RESULTAT, rr)]
