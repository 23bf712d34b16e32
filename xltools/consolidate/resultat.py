"""Resultatbudget in the law's line items (LKBR), signed as presented: intäkter +, kostnader −.

Verksamhetens intäkter and kostnader are the nämnders' driftbudgets after internal items are
eliminated, plus finansförvaltningens external items from the config. What the nämnder pay
finansförvaltningen (PO-pålägg, internränta, kapitaltjänst) is eliminated against the nämnders'
costs and never counted as an intäkt. A nämnd without a driftbudget counts with its whole ram
as nettokostnad (on the kostnad line), so a late submission never makes the result look better.
Realisationsvinster and -förluster on sold anläggningstillgångar (inkomst − bokfört värde, config
`forsaljningar`) and the upplösning of förutbetalda investeringsinkomster are verksamhetens intäkter
and kostnader. Avskrivningar = befintliga (config) + the new investments' + the upplösning of
bidrag till statlig infrastruktur. Jämförelsestörande poster (in the
verksamhet and among the finansiella poster) are their own lines, from the config.
Finansiella kostnader = each loan's rate of the year × its average debt ((IB + UB) / 2), or one
rate on the whole debt when no loans are listed, + ränta på pensionsavsättningen + övriga.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xltools.config import Config
from xltools.consolidate.balansposter import Balansposter, balansposter
from xltools.consolidate.drift import NamndDrift
from xltools.consolidate.facts import kr
from xltools.consolidate.investering import Investeringsbudget
from xltools.consolidate.lines import Line, add_sums

LINES: tuple[Line, ...] = (
    Line("verksamhetens_intakter", "Verksamhetens intäkter"),
    Line("verksamhetens_kostnader", "Verksamhetens kostnader"),
    Line("avskrivningar", "Avskrivningar"),
    Line("jamforelsestorande_poster", "Jämförelsestörande poster"),
    Line("verksamhetens_nettokostnader", "Verksamhetens nettokostnader",
         ("verksamhetens_intakter", "verksamhetens_kostnader", "avskrivningar", "jamforelsestorande_poster")),
    Line("skatteintakter", "Skatteintäkter"),
    Line("generella_statsbidrag_och_utjamning", "Generella statsbidrag och utjämning"),
    Line("verksamhetens_resultat", "Verksamhetens resultat",
         ("verksamhetens_nettokostnader", "skatteintakter", "generella_statsbidrag_och_utjamning")),
    Line("finansiella_intakter", "Finansiella intäkter"),
    Line("finansiella_kostnader", "Finansiella kostnader"),
    Line("finansiella_jamforelsestorande_poster", "Jämförelsestörande finansiella poster"),
    Line("resultat_efter_finansiella_poster", "Resultat efter finansiella poster",
         ("verksamhetens_resultat", "finansiella_intakter", "finansiella_kostnader",
          "finansiella_jamforelsestorande_poster")),
    Line("extraordinara_poster", "Extraordinära poster"),
    Line("arets_resultat", "Årets resultat", ("resultat_efter_finansiella_poster", "extraordinara_poster")),
)

# How the first three lines are built (positive amounts; the note block of the workbook).
NOTE_LINES: tuple[Line, ...] = (
    Line("not_intakter", "Not 1 Verksamhetens intäkter", heading=True),
    Line("namndernas_intakter", "Nämndernas intäkter enligt driftbudgetarna", indent=1),
    Line("interna_intakter", "Avgår: interna intäkter (elimineras)", indent=1),
    Line("finansforvaltning_intakter", "Finansförvaltningens intäkter", indent=1),
    Line("realisationsvinster", "Realisationsvinster vid försäljning av anläggningstillgångar", indent=1),
    Line("upplosning_investeringsinkomster", "Upplösning av förutbetalda investeringsbidrag och anslutningsavgifter",
         indent=1),
    Line("not_kostnader", "Not 2 Verksamhetens kostnader", heading=True),
    Line("namndernas_kostnader", "Nämndernas kostnader enligt driftbudgetarna", indent=1),
    Line("interna_kostnader", "Avgår: interna kostnader (elimineras)", indent=1),
    Line("eliminerat_po_palagg", "Avgår: PO-pålägg till finansförvaltningen (elimineras)", indent=1),
    Line("eliminerat_internranta", "Avgår: internränta till finansförvaltningen (elimineras)", indent=1),
    Line("eliminerat_kapitaltjanst", "Avgår: kapitaltjänst till finansförvaltningen (elimineras)", indent=1),
    Line("ramar_utan_driftbudget", "Ramar för nämnder utan inlämnad driftbudget", indent=1),
    Line("finansforvaltning_kostnader", "Finansförvaltningens kostnader", indent=1),
    Line("realisationsforluster", "Realisationsförluster vid försäljning av anläggningstillgångar", indent=1),
    Line("not_avskrivningar", "Not 3 Avskrivningar", heading=True),
    Line("avskrivningar_befintliga", "Avskrivningar på befintliga tillgångar", indent=1),
    Line("avskrivningar_nya", "Avskrivningar på nya investeringar", indent=1),
    Line("upplosning_bidrag_statlig_infrastruktur", "Upplösning av bidrag till statlig infrastruktur", indent=1),
    Line("not_finans", "Not 4 Finansiella kostnader", heading=True),
    Line("langfristiga_skulder_ib", "Långfristiga skulder vid årets början", indent=1),
    Line("langfristiga_skulder_ub", "Långfristiga skulder vid årets slut", indent=1),
    Line("rantekostnad", "Räntekostnader på långfristiga lån (räntesats × genomsnittlig skuld)", indent=1),
    Line("ranta_pensionsavsattning", "Ränta på pensionsavsättningen", indent=1),
    Line("ovriga_finansiella_kostnader", "Övriga finansiella kostnader", indent=1),
)


def note_numbers() -> dict[str, str]:
    """Resultatbudget line -> the number of the note that builds it, from the note headings ("Not 1
    Verksamhetens intäkter" -> {"verksamhetens_intakter": "1"}): the statement's Not column."""
    by_label = {ln.label: ln.key for ln in LINES}
    out = {}
    for ln in NOTE_LINES:
        m = re.match(r"Not (\d+) (.+)", ln.label)
        if ln.heading and m and m.group(2) in by_label:
            out[by_label[m.group(2)]] = m.group(1)
    return out


ELIMINERAT = {"po_palagg": "eliminerat_po_palagg", "internranta": "eliminerat_internranta",
              "kapitaltjanst": "eliminerat_kapitaltjanst"}


@dataclass(frozen=True)
class Lan:
    ib: int
    nyupplaning: int
    amortering: int

    @property
    def ub(self) -> int:
        return self.ib + self.nyupplaning - self.amortering


@dataclass(frozen=True)
class Lanerad:
    """One loan in one year: its roll and its interest (rate in %, ranta in kronor)."""

    id: str
    namn: str
    lan: Lan
    rantesats: float

    @property
    def ranta(self) -> int:
        return round(self.rantesats / 100 * (self.lan.ib + self.lan.ub) / 2)


def lanerader(config: Config) -> dict[int, list[Lanerad]]:
    """Per year, each loan (one "Långfristiga skulder" when the config gives one rate on the whole debt)."""
    e = config.ekonomi
    if e.lan.lan:
        loans = [(ln.id, ln.namn, kr(ln.ib), ln.nyupplaning, ln.amortering, ln.rantesats) for ln in e.lan.lan]
    else:
        rate = dict.fromkeys(config.planering.ar, e.lan.rantesats)
        loans = [("langfristiga_skulder", "Långfristiga skulder",
                  kr(e.ingaende_balans.langfristiga_skulder) - kr(e.investeringsinkomster.ingaende_balans),
                  e.lan.nyupplaning, e.lan.amortering, rate)]
    out: dict[int, list[Lanerad]] = {y: [] for y in config.planering.ar}
    for lid, namn, ib, ny, am, rate in loans:
        for y in config.planering.ar:
            lan = Lan(ib, kr(ny.get(y, 0)), kr(am.get(y, 0)))
            out[y].append(Lanerad(lid, namn, lan, float(rate.get(y, 0))))
            ib = lan.ub
    return out


def lan_plan(config: Config) -> dict[int, Lan]:
    """Långfristiga skulder per year: IB, nyupplåning, amortering (UB = IB + ny − amortering), all loans."""
    return {y: Lan(sum(r.lan.ib for r in rows), sum(r.lan.nyupplaning for r in rows),
                   sum(r.lan.amortering for r in rows)) for y, rows in lanerader(config).items()}


@dataclass
class Resultatbudget:
    lines: dict[int, dict[str, int | None]]
    noter: dict[int, dict[str, int | None]]
    lan: dict[int, list[Lanerad]]
    poster: Balansposter | None = None  # the balance rolls the resultatbudget draws on (and the other statements)


def resultatbudget(config: Config, drift: list[NamndDrift], inv: Investeringsbudget) -> Resultatbudget:
    e = config.ekonomi
    ff = e.finansforvaltning
    lan = lan_plan(config)
    rader = lanerader(config)
    poster = balansposter(config, inv)
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
            "realisationsvinster": poster.forsaljningar[y].realisationsvinster,
            "upplosning_investeringsinkomster": poster.investeringsinkomster[y].fran,
            "realisationsforluster": poster.forsaljningar[y].realisationsforluster,
            "upplosning_bidrag_statlig_infrastruktur": poster.infrastruktur[y].fran,
            **{key: kr(ff.interna_intakter.get(kind, {}).get(y, 0)) for kind, key in ELIMINERAT.items()},
            "avskrivningar_befintliga": kr(e.befintliga_avskrivningar.get(y, 0)),
            "avskrivningar_nya": inv.avskrivningar_total(y),
            "langfristiga_skulder_ib": lan[y].ib,
            "langfristiga_skulder_ub": lan[y].ub,
            "rantekostnad": sum(r.ranta for r in rader[y]),
            "ranta_pensionsavsattning": kr(ff.ranta_pensionsavsattning.get(y, 0)),
            "ovriga_finansiella_kostnader": kr(ff.ovriga_finansiella_kostnader.get(y, 0)),
        }
        eliminerat = sum(note[k] or 0 for k in ELIMINERAT.values())
        values: dict[str, int | None] = {
            "verksamhetens_intakter": note["namndernas_intakter"] - note["interna_intakter"]
            + note["finansforvaltning_intakter"] + note["realisationsvinster"] + note["upplosning_investeringsinkomster"],
            "verksamhetens_kostnader": -(note["namndernas_kostnader"] - note["interna_kostnader"] - eliminerat
                                         + note["ramar_utan_driftbudget"] + note["finansforvaltning_kostnader"]
                                         + note["realisationsforluster"]),
            "avskrivningar": -(note["avskrivningar_befintliga"] + note["avskrivningar_nya"]
                               + note["upplosning_bidrag_statlig_infrastruktur"]),
            "skatteintakter": kr(e.skatteintakter.get(y, 0)),
            "generella_statsbidrag_och_utjamning": kr(e.generella_statsbidrag_och_utjamning.get(y, 0)),
            "finansiella_intakter": kr(ff.finansiella_intakter.get(y, 0)),
            "jamforelsestorande_poster": kr(ff.jamforelsestorande_poster.get(y, 0)),
            "finansiella_kostnader": -(note["rantekostnad"] + note["ranta_pensionsavsattning"]
                                       + note["ovriga_finansiella_kostnader"]),
            "finansiella_jamforelsestorande_poster": kr(ff.finansiella_jamforelsestorande_poster.get(y, 0)),
            "extraordinara_poster": 0,
        }
        lines[y] = add_sums(values, LINES)
        noter[y] = note
    return Resultatbudget(lines, noter, rader, poster)
