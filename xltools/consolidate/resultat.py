"""Resultatbudget in the law's line items (LKBR), signed as presented: intäkter +, kostnader −.

Verksamhetens intäkter and kostnader are the nämnders' driftbudgets after internal items are
eliminated, plus finansförvaltningens items from the config. A nämnd without a driftbudget
counts with its whole ram as nettokostnad (on the kostnad line), so a late submission never
makes the result look better. Avskrivningar = befintliga (config) + the new investments'.
Finansiella kostnader = räntesats × average långfristiga skulder ((IB + UB) / 2).
"""

from __future__ import annotations

from dataclasses import dataclass

from xltools.config import Config
from xltools.consolidate.drift import NamndDrift
from xltools.consolidate.facts import kr
from xltools.consolidate.investering import Investeringsbudget
from xltools.consolidate.lines import Line, add_sums

LINES: tuple[Line, ...] = (
    Line("verksamhetens_intakter", "Verksamhetens intäkter"),
    Line("verksamhetens_kostnader", "Verksamhetens kostnader"),
    Line("avskrivningar", "Avskrivningar"),
    Line("verksamhetens_nettokostnader", "Verksamhetens nettokostnader",
         ("verksamhetens_intakter", "verksamhetens_kostnader", "avskrivningar")),
    Line("skatteintakter", "Skatteintäkter"),
    Line("generella_statsbidrag_och_utjamning", "Generella statsbidrag och utjämning"),
    Line("verksamhetens_resultat", "Verksamhetens resultat",
         ("verksamhetens_nettokostnader", "skatteintakter", "generella_statsbidrag_och_utjamning")),
    Line("finansiella_intakter", "Finansiella intäkter"),
    Line("finansiella_kostnader", "Finansiella kostnader"),
    Line("resultat_efter_finansiella_poster", "Resultat efter finansiella poster",
         ("verksamhetens_resultat", "finansiella_intakter", "finansiella_kostnader")),
    Line("extraordinara_poster", "Extraordinära poster"),
    Line("arets_resultat", "Årets resultat", ("resultat_efter_finansiella_poster", "extraordinara_poster")),
)

# How the first three lines are built (positive amounts; the note block of the workbook).
NOTE_LINES: tuple[Line, ...] = (
    Line("not_intakter", "Not 1 Verksamhetens intäkter", heading=True),
    Line("namndernas_intakter", "Nämndernas intäkter enligt driftbudgetarna", indent=1),
    Line("interna_intakter", "Avgår: interna intäkter (elimineras)", indent=1),
    Line("finansforvaltning_intakter", "Finansförvaltningens intäkter", indent=1),
    Line("not_kostnader", "Not 2 Verksamhetens kostnader", heading=True),
    Line("namndernas_kostnader", "Nämndernas kostnader enligt driftbudgetarna", indent=1),
    Line("interna_kostnader", "Avgår: interna kostnader (elimineras)", indent=1),
    Line("ramar_utan_driftbudget", "Ramar för nämnder utan inlämnad driftbudget", indent=1),
    Line("finansforvaltning_kostnader", "Finansförvaltningens kostnader", indent=1),
    Line("not_avskrivningar", "Not 3 Avskrivningar", heading=True),
    Line("avskrivningar_befintliga", "Avskrivningar på befintliga tillgångar", indent=1),
    Line("avskrivningar_nya", "Avskrivningar på nya investeringar", indent=1),
    Line("not_finans", "Not 4 Finansiella kostnader", heading=True),
    Line("langfristiga_skulder_ib", "Långfristiga skulder vid årets början", indent=1),
    Line("langfristiga_skulder_ub", "Långfristiga skulder vid årets slut", indent=1),
    Line("rantekostnad", "Räntekostnad (räntesats × genomsnittlig skuld)", indent=1),
)


@dataclass(frozen=True)
class Lan:
    ib: int
    nyupplaning: int
    amortering: int

    @property
    def ub(self) -> int:
        return self.ib + self.nyupplaning - self.amortering


def lan_plan(config: Config) -> dict[int, Lan]:
    """Långfristiga skulder per year: IB, nyupplåning, amortering (UB = IB + ny − amortering)."""
    e = config.ekonomi
    out: dict[int, Lan] = {}
    ib = kr(e.ingaende_balans.langfristiga_skulder)
    for y in config.planering.ar:
        out[y] = Lan(ib, kr(e.lan.nyupplaning.get(y, 0)), kr(e.lan.amortering.get(y, 0)))
        ib = out[y].ub
    return out


def rantekostnad(config: Config, lan: Lan) -> int:
    """Räntesats × (IB + UB) / 2, whole kronor."""
    return round(config.ekonomi.lan.rantesats / 100 * (lan.ib + lan.ub) / 2)


@dataclass
class Resultatbudget:
    lines: dict[int, dict[str, int | None]]
    noter: dict[int, dict[str, int | None]]


def resultatbudget(config: Config, drift: list[NamndDrift], inv: Investeringsbudget) -> Resultatbudget:
    e = config.ekonomi
    ff = e.finansforvaltning
    lan = lan_plan(config)
    lines: dict[int, dict[str, int | None]] = {}
    noter: dict[int, dict[str, int | None]] = {}
    for y in config.planering.ar:
        covered = [n for n in drift if n.covered]
        note: dict[str, int | None] = {
            "namndernas_intakter": sum(n.intakter[y] for n in covered),
            "interna_intakter": sum(n.intern_intakter[y] for n in covered),
            "finansforvaltning_intakter": kr(ff.intakter.get(y, 0)),
            "namndernas_kostnader": sum(n.kostnader[y] for n in covered),
            "interna_kostnader": sum(n.intern_kostnader[y] for n in covered),
            "ramar_utan_driftbudget": sum(n.ram[y] for n in drift if not n.covered),
            "finansforvaltning_kostnader": kr(ff.kostnader.get(y, 0)),
            "avskrivningar_befintliga": kr(e.befintliga_avskrivningar.get(y, 0)),
            "avskrivningar_nya": inv.avskrivningar_total(y),
            "langfristiga_skulder_ib": lan[y].ib,
            "langfristiga_skulder_ub": lan[y].ub,
            "rantekostnad": rantekostnad(config, lan[y]),
        }
        values: dict[str, int | None] = {
            "verksamhetens_intakter": note["namndernas_intakter"] - note["interna_intakter"]
            + note["finansforvaltning_intakter"],
            "verksamhetens_kostnader": -(note["namndernas_kostnader"] - note["interna_kostnader"]
                                         + note["ramar_utan_driftbudget"] + note["finansforvaltning_kostnader"]),
            "avskrivningar": -(note["avskrivningar_befintliga"] + note["avskrivningar_nya"]),
            "skatteintakter": kr(e.skatteintakter.get(y, 0)),
            "generella_statsbidrag_och_utjamning": kr(e.generella_statsbidrag_och_utjamning.get(y, 0)),
            "finansiella_intakter": kr(ff.finansiella_intakter.get(y, 0)),
            "finansiella_kostnader": -note["rantekostnad"],
            "extraordinara_poster": 0,
        }
        lines[y] = add_sums(values, LINES)
        noter[y] = note
    return Resultatbudget(lines, noter)
