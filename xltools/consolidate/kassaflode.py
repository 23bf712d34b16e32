"""Kassaflödesbudget (indirect method), signed as presented: inflöden +, utflöden −.

Likvida medel = kassa och bank (kortfristiga placeringar are kept as their own balance line).
Rörelsekapitalet (fordringar, förråd, kortfristiga skulder) is budgeted unchanged: the config
has no change for them. Förändring av avsättningar (finansförvaltningen) is not a cash flow.
"""

from __future__ import annotations

from xltools.config import Config
from xltools.consolidate.facts import kr
from xltools.consolidate.investering import IMMATERIELLA, MATERIELLA, Investeringsbudget
from xltools.consolidate.lines import Line, add_sums
from xltools.consolidate.resultat import Resultatbudget, lan_plan

LINES: tuple[Line, ...] = (
    Line("h_lopande", "Den löpande verksamheten", heading=True),
    Line("arets_resultat", "Årets resultat", indent=1),
    Line("justering_for_avskrivningar", "Justering för av- och nedskrivningar", indent=1),
    Line("justering_for_avsattningar", "Justering för gjorda avsättningar", indent=1),
    Line("medel_fran_verksamheten", "Medel från verksamheten före förändring av rörelsekapital",
         ("arets_resultat", "justering_for_avskrivningar", "justering_for_avsattningar")),
    Line("forandring_av_rorelsekapital", "Förändring av rörelsekapital", indent=1),
    Line("lopande_verksamhet", "Kassaflöde från den löpande verksamheten",
         ("medel_fran_verksamheten", "forandring_av_rorelsekapital")),
    Line("h_investering", "Investeringsverksamheten", heading=True),
    Line("investering_immateriella", "Investering i immateriella anläggningstillgångar", indent=1),
    Line("investering_materiella", "Investering i materiella anläggningstillgångar", indent=1),
    Line("investeringsverksamhet", "Kassaflöde från investeringsverksamheten",
         ("investering_immateriella", "investering_materiella")),
    Line("h_finansiering", "Finansieringsverksamheten", heading=True),
    Line("nyupptagna_lan", "Nyupptagna lån", indent=1),
    Line("amortering_av_skuld", "Amortering av skuld", indent=1),
    Line("finansieringsverksamhet", "Kassaflöde från finansieringsverksamheten",
         ("nyupptagna_lan", "amortering_av_skuld")),
    Line("arets_kassaflode", "Årets kassaflöde",
         ("lopande_verksamhet", "investeringsverksamhet", "finansieringsverksamhet")),
    Line("likvida_medel_vid_arets_borjan", "Likvida medel vid årets början"),
    Line("likvida_medel_vid_arets_slut", "Likvida medel vid årets slut",
         ("likvida_medel_vid_arets_borjan", "arets_kassaflode")),
)


def kassaflodesbudget(config: Config, rr: Resultatbudget, inv: Investeringsbudget) -> dict[int, dict[str, int | None]]:
    ff = config.ekonomi.finansforvaltning
    lan = lan_plan(config)
    kassa = kr(config.ekonomi.ingaende_balans.kassa_och_bank)
    out: dict[int, dict[str, int | None]] = {}
    for y in config.planering.ar:
        values: dict[str, int | None] = {
            "arets_resultat": rr.lines[y]["arets_resultat"],
            "justering_for_avskrivningar": -(rr.lines[y]["avskrivningar"] or 0),
            "justering_for_avsattningar": kr(ff.avsattningar_forandring.get(y, 0)),
            "forandring_av_rorelsekapital": 0,
            "investering_immateriella": -inv.per_post[y][IMMATERIELLA],
            "investering_materiella": -inv.per_post[y][MATERIELLA],
            "nyupptagna_lan": lan[y].nyupplaning,
            "amortering_av_skuld": -lan[y].amortering,
            "likvida_medel_vid_arets_borjan": kassa,
        }
        out[y] = add_sums(values, LINES)
        kassa = out[y]["likvida_medel_vid_arets_slut"] or 0
    return out
