"""Kassaflödesbudget per RKR (indirect method), signed as presented: inflöden +, utflöden −.

Likvida medel = kassa och bank (kortfristiga placeringar are kept as their own balance line).
Den löpande verksamheten: årets resultat, justering för ej likviditetspåverkande poster
(av- och nedskrivningar, gjorda och ianspråktagna avsättningar, övriga: realisationsvinster och
-förluster, upplösning av förutbetalda investeringsinkomster), then förändring av rörelsekapital
(förråd och exploateringsfastigheter, kortfristiga fordringar, kortfristiga skulder; config
`rorelsekapital`). Investeringsverksamheten: investeringar, investeringsinkomster och -bidrag,
försäljning av anläggningstillgångar. Finansieringsverksamheten: lån, amortering, utlåning till och
amortering av lån till bolag. Bidrag till statlig infrastruktur has its own section.
"""

from __future__ import annotations

from xltools.config import Config
from xltools.consolidate.balansposter import balansposter
from xltools.consolidate.facts import kr
from xltools.consolidate.investering import IMMATERIELLA, MATERIELLA, Investeringsbudget
from xltools.consolidate.lines import Line, add_sums
from xltools.consolidate.resultat import Resultatbudget, lan_plan

LINES: tuple[Line, ...] = (
    Line("h_lopande", "Den löpande verksamheten", heading=True),
    Line("arets_resultat", "Årets resultat", indent=1),
    Line("justering_for_avskrivningar", "Justering för av- och nedskrivningar", indent=1),
    Line("justering_for_avsattningar", "Justering för gjorda och ianspråktagna avsättningar", indent=1),
    Line("justering_for_ovriga_ej_likvida_poster", "Justering för övriga ej likviditetspåverkande poster", indent=1),
    Line("medel_fran_verksamheten", "Medel från verksamheten före förändring av rörelsekapital",
         ("arets_resultat", "justering_for_avskrivningar", "justering_for_avsattningar",
          "justering_for_ovriga_ej_likvida_poster")),
    Line("forandring_forrad_och_exploatering", "Ökning (−)/minskning (+) av förråd och exploateringsfastigheter",
         indent=1),
    Line("forandring_fordringar", "Ökning (−)/minskning (+) av kortfristiga fordringar", indent=1),
    Line("forandring_kortfristiga_placeringar", "Ökning (−)/minskning (+) av kortfristiga placeringar", indent=1),
    Line("forandring_kortfristiga_skulder", "Ökning (+)/minskning (−) av kortfristiga skulder", indent=1),
    Line("forandring_av_rorelsekapital", "Förändring av rörelsekapital",
         ("forandring_forrad_och_exploatering", "forandring_fordringar", "forandring_kortfristiga_placeringar",
          "forandring_kortfristiga_skulder")),
    Line("lopande_verksamhet", "Kassaflöde från den löpande verksamheten",
         ("medel_fran_verksamheten", "forandring_av_rorelsekapital")),
    Line("h_investering", "Investeringsverksamheten", heading=True),
    Line("investering_immateriella", "Investering i immateriella anläggningstillgångar", indent=1),
    Line("investering_materiella", "Investering i materiella anläggningstillgångar", indent=1),
    Line("investeringsinkomster", "Investeringsbidrag och anslutningsavgifter", indent=1),
    Line("forsaljning_av_anlaggningstillgangar", "Försäljning av anläggningstillgångar", indent=1),
    Line("investeringsverksamhet", "Kassaflöde från investeringsverksamheten",
         ("investering_immateriella", "investering_materiella", "investeringsinkomster",
          "forsaljning_av_anlaggningstillgangar")),
    Line("h_finansiering", "Finansieringsverksamheten", heading=True),
    Line("nyupptagna_lan", "Nyupptagna lån", indent=1),
    Line("amortering_av_skuld", "Amortering av skuld", indent=1),
    Line("utlaning_till_bolag", "Utlåning till bolag", indent=1),
    Line("amortering_av_lan_till_bolag", "Amortering av lån till bolag", indent=1),
    Line("finansieringsverksamhet", "Kassaflöde från finansieringsverksamheten",
         ("nyupptagna_lan", "amortering_av_skuld", "utlaning_till_bolag", "amortering_av_lan_till_bolag")),
    Line("h_infrastruktur", "Bidrag till statlig infrastruktur", heading=True),
    Line("bidrag_till_statlig_infrastruktur", "Utbetalda bidrag till statlig infrastruktur", indent=1),
    Line("arets_kassaflode", "Årets kassaflöde",
         ("lopande_verksamhet", "investeringsverksamhet", "finansieringsverksamhet",
          "bidrag_till_statlig_infrastruktur")),
    Line("likvida_medel_vid_arets_borjan", "Likvida medel vid årets början"),
    Line("likvida_medel_vid_arets_slut", "Likvida medel vid årets slut",
         ("likvida_medel_vid_arets_borjan", "arets_kassaflode")),
)


def kassaflodesbudget(config: Config, rr: Resultatbudget, inv: Investeringsbudget) -> dict[int, dict[str, int | None]]:
    lan = lan_plan(config)
    poster = rr.poster or balansposter(config, inv)
    kassa = kr(config.ekonomi.ingaende_balans.kassa_och_bank)
    out: dict[int, dict[str, int | None]] = {}
    for y in config.planering.ar:
        note = rr.noter[y]
        rk = poster.rorelsekapital[y]
        sald = poster.forsaljningar[y]
        values: dict[str, int | None] = {
            "arets_resultat": rr.lines[y]["arets_resultat"],
            "justering_for_avskrivningar": -(rr.lines[y]["avskrivningar"] or 0),
            "justering_for_avsattningar": poster.avsattningar_netto(y),
            "justering_for_ovriga_ej_likvida_poster": -(note.get("realisationsvinster") or 0)
            + (note.get("realisationsforluster") or 0) - (note.get("upplosning_investeringsinkomster") or 0),
            "forandring_forrad_och_exploatering": -(rk["forrad"] + rk["exploateringsfastigheter"]),
            "forandring_fordringar": -rk["fordringar"],
            "forandring_kortfristiga_placeringar": -rk["kortfristiga_placeringar"],
            "forandring_kortfristiga_skulder": rk["kortfristiga_skulder"],
            "investering_immateriella": -inv.per_post[y][IMMATERIELLA],
            "investering_materiella": -inv.per_post[y][MATERIELLA],
            "investeringsinkomster": poster.investeringsinkomster[y].till,
            "forsaljning_av_anlaggningstillgangar": sald.inkomst,
            "nyupptagna_lan": lan[y].nyupplaning,
            "amortering_av_skuld": -lan[y].amortering,
            "utlaning_till_bolag": -poster.finansiella[y].till,
            "amortering_av_lan_till_bolag": poster.finansiella[y].fran,
            "bidrag_till_statlig_infrastruktur": -poster.infrastruktur[y].till,
            "likvida_medel_vid_arets_borjan": kassa,
        }
        out[y] = add_sums(values, LINES)
        kassa = out[y]["likvida_medel_vid_arets_slut"] or 0
    return out
