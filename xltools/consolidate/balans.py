"""Balansbudget per LKBR rolled forward from the config's ingående balans, one year at a time.

Anläggningstillgångar per slag (immateriella; mark, byggnader och tekniska anläggningar; maskiner
och inventarier) roll with their own investments, avskrivningar and sales (balansposter);
finansiella anläggningstillgångar with lån till bolag; bidrag till statlig infrastruktur with
utbetalningar and upplösning; förråd, exploateringsfastigheter, fordringar and kortfristiga skulder
with the config's förändring of rörelsekapitalet; avsättningar with gjorda and ianspråktagna;
långfristiga skulder with the loan plan and the förutbetalda investeringsinkomster. Eget kapital UB
= IB + årets resultat, of which the resultatutjämningsreserv rolls with medel till and från it and
övrigt eget kapital takes the rest; kassa och bank is the kassaflödesbudget's likvida medel vid
årets slut; kortfristiga placeringar are unchanged. Panter och ansvarsförbindelser (pensions-
förpliktelser intjänade före 1998, borgen) are shown after the balance sheet, outside its totals.
"""

from __future__ import annotations

from xltools.config import Config, IngaendeBalans
from xltools.consolidate.balanskrav import rur_per_ar
from xltools.consolidate.balansposter import balansposter
from xltools.consolidate.facts import kr
from xltools.consolidate.investering import SLAG, Investeringsbudget
from xltools.consolidate.lines import Line, add_sums
from xltools.consolidate.resultat import Resultatbudget, lan_plan

# The balance sheet; BALANS_LINES are its totals' lines, ANSVAR_LINES the memo after it.
BALANS_LINES: tuple[Line, ...] = (
    Line("h_tillgangar", "TILLGÅNGAR", heading=True),
    Line("h_anlaggningstillgangar", "Anläggningstillgångar", heading=True),
    Line("immateriella_anlaggningstillgangar", "Immateriella anläggningstillgångar", indent=1),
    Line("mark_byggnader_och_tekniska_anlaggningar", "Mark, byggnader och tekniska anläggningar", indent=2),
    Line("maskiner_och_inventarier", "Maskiner och inventarier", indent=2),
    Line("materiella_anlaggningstillgangar", "Summa materiella anläggningstillgångar",
         ("mark_byggnader_och_tekniska_anlaggningar", "maskiner_och_inventarier"), indent=1),
    Line("finansiella_anlaggningstillgangar", "Finansiella anläggningstillgångar", indent=1),
    Line("summa_anlaggningstillgangar", "Summa anläggningstillgångar",
         ("immateriella_anlaggningstillgangar", "materiella_anlaggningstillgangar",
          "finansiella_anlaggningstillgangar")),
    Line("bidrag_till_statlig_infrastruktur", "Bidrag till statlig infrastruktur"),
    Line("h_omsattningstillgangar", "Omsättningstillgångar", heading=True),
    Line("forrad", "Förråd och lager", indent=2),
    Line("exploateringsfastigheter", "Exploateringsfastigheter", indent=2),
    Line("forrad_och_exploatering", "Summa förråd m.m.", ("forrad", "exploateringsfastigheter"), indent=1),
    Line("fordringar", "Fordringar", indent=1),
    Line("kortfristiga_placeringar", "Kortfristiga placeringar", indent=1),
    Line("kassa_och_bank", "Kassa och bank", indent=1),
    Line("summa_omsattningstillgangar", "Summa omsättningstillgångar",
         ("forrad_och_exploatering", "fordringar", "kortfristiga_placeringar", "kassa_och_bank")),
    Line("summa_tillgangar", "SUMMA TILLGÅNGAR",
         ("summa_anlaggningstillgangar", "bidrag_till_statlig_infrastruktur", "summa_omsattningstillgangar")),
    Line("h_skulder", "EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER", heading=True),
    Line("h_eget_kapital", "Eget kapital", heading=True),
    Line("arets_resultat", "Årets resultat", indent=1),
    Line("resultatutjamningsreserv", "Resultatutjämningsreserv", indent=1),
    Line("ovrigt_eget_kapital", "Övrigt eget kapital", indent=1),
    Line("eget_kapital", "Summa eget kapital", ("arets_resultat", "resultatutjamningsreserv", "ovrigt_eget_kapital")),
    Line("h_avsattningar", "Avsättningar", heading=True),
    Line("avsattningar_for_pensioner", "Avsättningar för pensioner och liknande förpliktelser", indent=1),
    Line("andra_avsattningar", "Andra avsättningar", indent=1),
    Line("avsattningar", "Summa avsättningar", ("avsattningar_for_pensioner", "andra_avsattningar")),
    Line("h_skulder_2", "Skulder", heading=True),
    Line("langfristiga_skulder", "Långfristiga skulder", indent=1),
    Line("kortfristiga_skulder", "Kortfristiga skulder", indent=1),
    Line("skulder", "Summa skulder", ("langfristiga_skulder", "kortfristiga_skulder")),
    Line("summa_eget_kapital_avsattningar_och_skulder", "SUMMA EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER",
         ("eget_kapital", "avsattningar", "skulder")),
)
ANSVAR_LINES: tuple[Line, ...] = (
    Line("h_ansvarsforbindelser", "PANTER OCH ANSVARSFÖRBINDELSER", heading=True),
    # Pensionsförpliktelser not among skulder or avsättningar (blandmodellen), särskild löneskatt included.
    Line("pensionsforpliktelser_fore_1998", "Pensionsförpliktelser intjänade före 1998, inkl. löneskatt", indent=1),
    Line("borgensforbindelser", "Borgensförbindelser", indent=1),
)
LINES: tuple[Line, ...] = BALANS_LINES + ANSVAR_LINES


def ingaende_balans(config: Config) -> dict[str, int | None]:
    """The config's opening balance on the balansbudget's lines (årets resultat not split out; the
    resultatutjämningsreserv's opening balance is part of the eget kapital given), with the
    ansvarsförbindelser at the opening."""
    e = config.ekonomi
    af = e.ansvarsforbindelser
    values = balansrakning(e.ingaende_balans, kr(e.resultatutjamningsreserv.ingaende_balans))
    values |= {"pensionsforpliktelser_fore_1998": kr(af.pensionsforpliktelser.ingaende_balans),
               "borgensforbindelser": sum(kr(b.ingaende_balans) for b in af.borgen)}
    return add_sums(values, LINES)


def balansrakning(ib: IngaendeBalans, rur: int = 0) -> dict[str, int | None]:
    """A balance sheet from the config (kronor) on the balance sheet's lines (BALANS_LINES), årets resultat not
    split out; `rur` of its eget kapital is the resultatutjämningsreserv. Förråd m.m. given on one line
    (forrad_och_exploatering) counts as förråd."""
    values: dict[str, int | None] = {
        **{s: kr(getattr(ib, s)) for s in SLAG},
        "finansiella_anlaggningstillgangar": kr(ib.finansiella_anlaggningstillgangar),
        "bidrag_till_statlig_infrastruktur": kr(ib.bidrag_till_statlig_infrastruktur),
        "forrad": kr(ib.forrad) + kr(ib.forrad_och_exploatering),
        "exploateringsfastigheter": kr(ib.exploateringsfastigheter),
        "fordringar": kr(ib.fordringar),
        "kortfristiga_placeringar": kr(ib.kortfristiga_placeringar),
        "kassa_och_bank": kr(ib.kassa_och_bank),
        "arets_resultat": None,
        "resultatutjamningsreserv": rur,
        "ovrigt_eget_kapital": kr(ib.eget_kapital) - rur,
        "avsattningar_for_pensioner": kr(ib.avsattningar_for_pensioner),
        "andra_avsattningar": kr(ib.andra_avsattningar),
        "langfristiga_skulder": kr(ib.langfristiga_skulder),
        "kortfristiga_skulder": kr(ib.kortfristiga_skulder),
    }
    return add_sums(values, BALANS_LINES)


def balansbudget(config: Config, rr: Resultatbudget, kf: dict[int, dict[str, int | None]],
                 inv: Investeringsbudget) -> dict[int, dict[str, int | None]]:
    lan = lan_plan(config)
    rur = rur_per_ar(config)
    poster = rr.poster or balansposter(config, inv)
    prev = ingaende_balans(config)
    out: dict[int, dict[str, int | None]] = {}
    for y in config.planering.ar:
        rk = poster.rorelsekapital[y]
        avs = poster.avsattningar[y]
        values: dict[str, int | None] = {
            **{s: a.ub for s, a in poster.anlaggningar[y].items()},
            "finansiella_anlaggningstillgangar": poster.finansiella[y].ub,
            "bidrag_till_statlig_infrastruktur": poster.infrastruktur[y].ub,
            "forrad": (prev["forrad"] or 0) + rk["forrad"],
            "exploateringsfastigheter": (prev["exploateringsfastigheter"] or 0) + rk["exploateringsfastigheter"],
            "fordringar": (prev["fordringar"] or 0) + rk["fordringar"],
            "kortfristiga_placeringar": (prev["kortfristiga_placeringar"] or 0) + rk["kortfristiga_placeringar"],
            "kassa_och_bank": kf[y]["likvida_medel_vid_arets_slut"],
            "arets_resultat": rr.lines[y]["arets_resultat"],
            "resultatutjamningsreserv": rur[y][1],
            "ovrigt_eget_kapital": (prev["eget_kapital"] or 0) - rur[y][1],
            "avsattningar_for_pensioner": avs["pensioner"].ub,
            "andra_avsattningar": avs["andra"].ub,
            "langfristiga_skulder": lan[y].ub + poster.investeringsinkomster[y].ub,
            "kortfristiga_skulder": (prev["kortfristiga_skulder"] or 0) + rk["kortfristiga_skulder"],
            "pensionsforpliktelser_fore_1998": poster.pensionsforpliktelser[y].ub,
            "borgensforbindelser": poster.borgen_ub(y),
        }
        out[y] = add_sums(values, LINES)
        prev = out[y]
    return out
