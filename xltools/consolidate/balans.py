"""Balansbudget rolled forward from the config's ingående balans, one year at a time.

Immateriella and materiella anläggningstillgångar: UB = IB + the year's investments − avskrivningar.
Materiella is one line (mark, byggnader och tekniska anläggningar together with maskiner och
inventarier): the config's befintliga avskrivningar are not split by asset type, so all of
them reduce this line. Investments on kontogrupp 10 and their avskrivningar go to immateriella.
Avsättningar för pensioner change by finansförvaltningen's avsättningar_forandring; långfristiga
skulder follow the loan plan; eget kapital UB = IB + årets resultat, of which the
resultatutjämningsreserv rolls with medel till and från it (config) and övrigt eget kapital takes
the rest; kassa och bank is the
kassaflödesbudget's likvida medel vid årets slut. Everything else is unchanged.
"""

from __future__ import annotations

from xltools.config import Config, IngaendeBalans
from xltools.consolidate.balanskrav import rur_per_ar
from xltools.consolidate.facts import kr
from xltools.consolidate.investering import IMMATERIELLA, MATERIELLA, Investeringsbudget
from xltools.consolidate.lines import Line, add_sums
from xltools.consolidate.resultat import Resultatbudget, lan_plan

LINES: tuple[Line, ...] = (
    Line("h_tillgangar", "TILLGÅNGAR", heading=True),
    Line("immateriella_anlaggningstillgangar", "Immateriella anläggningstillgångar", indent=1),
    Line("materiella_anlaggningstillgangar", "Materiella anläggningstillgångar", indent=1),
    Line("finansiella_anlaggningstillgangar", "Finansiella anläggningstillgångar", indent=1),
    Line("summa_anlaggningstillgangar", "Summa anläggningstillgångar",
         ("immateriella_anlaggningstillgangar", "materiella_anlaggningstillgangar",
          "finansiella_anlaggningstillgangar")),
    Line("forrad_och_exploatering", "Förråd m.m. (förråd och exploateringsfastigheter)", indent=1),
    Line("fordringar", "Fordringar", indent=1),
    Line("kortfristiga_placeringar", "Kortfristiga placeringar", indent=1),
    Line("kassa_och_bank", "Kassa och bank", indent=1),
    Line("summa_omsattningstillgangar", "Summa omsättningstillgångar",
         ("forrad_och_exploatering", "fordringar", "kortfristiga_placeringar", "kassa_och_bank")),
    Line("summa_tillgangar", "SUMMA TILLGÅNGAR", ("summa_anlaggningstillgangar", "summa_omsattningstillgangar")),
    Line("h_skulder", "EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER", heading=True),
    Line("arets_resultat", "Årets resultat", indent=1),
    Line("resultatutjamningsreserv", "Resultatutjämningsreserv", indent=1),
    Line("ovrigt_eget_kapital", "Övrigt eget kapital", indent=1),
    Line("eget_kapital", "Summa eget kapital", ("arets_resultat", "resultatutjamningsreserv", "ovrigt_eget_kapital")),
    Line("avsattningar_for_pensioner", "Avsättningar för pensioner och liknande förpliktelser", indent=1),
    Line("andra_avsattningar", "Andra avsättningar", indent=1),
    Line("avsattningar", "Summa avsättningar", ("avsattningar_for_pensioner", "andra_avsattningar")),
    Line("langfristiga_skulder", "Långfristiga skulder", indent=1),
    Line("kortfristiga_skulder", "Kortfristiga skulder", indent=1),
    Line("skulder", "Summa skulder", ("langfristiga_skulder", "kortfristiga_skulder")),
    Line("summa_eget_kapital_avsattningar_och_skulder", "SUMMA EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER",
         ("eget_kapital", "avsattningar", "skulder")),
)


def ingaende_balans(config: Config) -> dict[str, int | None]:
    """The config's opening balance on the balansbudget's lines (årets resultat not split out; the
    resultatutjämningsreserv's opening balance is part of the eget kapital given)."""
    return balansrakning(config.ekonomi.ingaende_balans, kr(config.ekonomi.resultatutjamningsreserv.ingaende_balans))


def balansrakning(ib: IngaendeBalans, rur: int = 0) -> dict[str, int | None]:
    """A balance sheet from the config (kronor) on the balansbudget's lines, årets resultat not split out;
    `rur` of its eget kapital is the resultatutjämningsreserv."""
    values: dict[str, int | None] = {
        "immateriella_anlaggningstillgangar": kr(ib.immateriella_anlaggningstillgangar),
        "materiella_anlaggningstillgangar": kr(ib.mark_byggnader_och_tekniska_anlaggningar)
        + kr(ib.maskiner_och_inventarier),
        "finansiella_anlaggningstillgangar": kr(ib.finansiella_anlaggningstillgangar),
        "forrad_och_exploatering": kr(ib.forrad_och_exploatering),
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
    return add_sums(values, LINES)


def balansbudget(config: Config, rr: Resultatbudget, kf: dict[int, dict[str, int | None]],
                 inv: Investeringsbudget) -> dict[int, dict[str, int | None]]:
    ff = config.ekonomi.finansforvaltning
    lan = lan_plan(config)
    rur = rur_per_ar(config)
    prev = ingaende_balans(config)
    out: dict[int, dict[str, int | None]] = {}
    for y in config.planering.ar:
        nya = inv.avskrivningar[y]
        befintliga = rr.noter[y]["avskrivningar_befintliga"] or 0
        values: dict[str, int | None] = {
            "immateriella_anlaggningstillgangar": (prev["immateriella_anlaggningstillgangar"] or 0)
            + inv.per_post[y][IMMATERIELLA] - nya[IMMATERIELLA],
            "materiella_anlaggningstillgangar": (prev["materiella_anlaggningstillgangar"] or 0)
            + inv.per_post[y][MATERIELLA] - nya[MATERIELLA] - befintliga,
            "finansiella_anlaggningstillgangar": prev["finansiella_anlaggningstillgangar"],
            "forrad_och_exploatering": prev["forrad_och_exploatering"],
            "fordringar": prev["fordringar"],
            "kortfristiga_placeringar": prev["kortfristiga_placeringar"],
            "kassa_och_bank": kf[y]["likvida_medel_vid_arets_slut"],
            "arets_resultat": rr.lines[y]["arets_resultat"],
            "resultatutjamningsreserv": rur[y][1],
            "ovrigt_eget_kapital": (prev["eget_kapital"] or 0) - rur[y][1],
            "avsattningar_for_pensioner": (prev["avsattningar_for_pensioner"] or 0)
            + kr(ff.avsattningar_forandring.get(y, 0)),
            "andra_avsattningar": prev["andra_avsattningar"],
            "langfristiga_skulder": lan[y].ub,
            "kortfristiga_skulder": prev["kortfristiga_skulder"],
        }
        out[y] = add_sums(values, LINES)
        prev = out[y]
    return out
