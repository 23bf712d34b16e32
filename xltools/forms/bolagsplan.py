"""Bolagsplan: the kommun's bolag in the kommunplan (issue 15 part 6), handed in by the kommunstyrelse.

The seed's kommunplan holds "nämndernas och bolagens budget och verksamhetsplan". Each bolag's styrelse
adopts its budget; the kommunstyrelse (uppsiktsplikt, KL 6 kap. 1 §) hands the bolagen's plans in on one
template: resultat- and balansbudget in summary and investeringar per bolag and year, lån och borgen
against the borgensram KF decides, the ägardirektivets mål with mått and målvärde, and the intern
kontrollplan with the kommunstyrelse's obligatoriska kontrollmoment for every bolag.
"""

from __future__ import annotations

from typing import Any

from xltools.config import Config
from xltools.forms.layout import ColType, Column, Form, Prefill, SheetSpec, Table, num, per_year

_TKR = dict(type=ColType.TKR, width=14, unit="tkr", total=True)
_BOLAG = Column("bolag", "Bolag", ColType.LIST, width=26, source="bolag", required=True)
_AR = Column("ar", "År", ColType.INT, width=8, required=True, minimum=2000, maximum=2100, period="plan")
_PER_AR = ("bolag", "ar")


def _diff(a: str, *minus: str) -> Any:
    return lambda r, p: num(r.get(a)) - sum(num(r.get(k)) for k in minus)


RESULTAT = Table(
    key="resultat", title="Resultatbudget i sammandrag per bolag och år (tkr)", header_row=5, rows=12,
    match=_PER_AR, locked_when_prefilled=_PER_AR, row_noun="raden för bolaget och året",
    columns=(
        _BOLAG, _AR,
        Column("intakter", "Rörelsens intäkter", positive=True, **_TKR),
        Column("kostnader", "Rörelsens kostnader", positive=True, help="Rörelsens kostnader utom avskrivningar.",
               **_TKR),
        Column("avskrivningar", "Avskrivningar", positive=True, **_TKR),
        Column("finansnetto", "Finansnetto", help="Finansiella intäkter minus finansiella kostnader (oftast negativt).",
               **_TKR),
        Column("resultat", "Resultat efter finansiella poster", input=False,
               formula="={intakter}-{kostnader}-{avskrivningar}+{finansnetto}",
               compute=lambda r, p: num(r.get("intakter")) - num(r.get("kostnader")) - num(r.get("avskrivningar"))
               + num(r.get("finansnetto")), **_TKR),
    ),
)

BALANS = Table(
    key="balans", title="Balansbudget i sammandrag per bolag och år, den 31 december (tkr)", header_row=5, rows=12,
    match=_PER_AR, locked_when_prefilled=_PER_AR, row_noun="raden för bolaget och året",
    columns=(
        _BOLAG, _AR,
        Column("anlaggningstillgangar", "Anläggningstillgångar", positive=True, **_TKR),
        Column("omsattningstillgangar", "Omsättningstillgångar", positive=True, **_TKR),
        Column("tillgangar", "Summa tillgångar", input=False, formula="={anlaggningstillgangar}+{omsattningstillgangar}",
               compute=lambda r, p: num(r.get("anlaggningstillgangar")) + num(r.get("omsattningstillgangar")), **_TKR),
        Column("eget_kapital", "Eget kapital", **_TKR),
        Column("avsattningar", "Avsättningar", positive=True, **_TKR),
        Column("langfristiga_skulder", "Långfristiga skulder", positive=True, **_TKR),
        Column("kortfristiga_skulder", "Kortfristiga skulder", positive=True, **_TKR),
        Column("ek_och_skulder", "Summa eget kapital och skulder", input=False,
               formula="={eget_kapital}+{avsattningar}+{langfristiga_skulder}+{kortfristiga_skulder}",
               compute=lambda r, p: sum(num(r.get(k)) for k in ("eget_kapital", "avsattningar", "langfristiga_skulder",
                                                               "kortfristiga_skulder")), **_TKR),
        Column("soliditet", "Soliditet", ColType.PERCENT, width=10, input=False,
               formula='=IF({tillgangar}=0,"",{eget_kapital}/{tillgangar})',
               compute=lambda r, p: (num(r.get("eget_kapital")) / t if (t := num(r.get("anlaggningstillgangar"))
                                     + num(r.get("omsattningstillgangar"))) else None)),
    ),
)

INVESTERINGAR = Table(
    key="investeringar", title="Bolagens investeringar (tkr)", header_row=5, rows=30, total_label="Summa",
    match=("bolag", "projekt"),
    columns=(
        _BOLAG,
        Column("projekt", "Investering", width=36, required=True),
        *per_year("utgift", "Utgift {ar}", type=ColType.TKR, width=12, positive=True, total=True, unit="tkr"),
        Column("total", "Summa planperioden", input=False, formula="=SUM({utgift_*})",
               compute=lambda r, p: sum(num(v) for k, v in r.items() if k.startswith("utgift_")), **_TKR),
    ),
)

BORGEN = Table(
    key="borgen", title="Lån och kommunal borgen per bolag och år, den 31 december (tkr)", header_row=5, rows=12,
    match=_PER_AR, locked_when_prefilled=(*_PER_AR, "borgensram", "lan_fran_kommunen"),
    row_noun="raden för bolaget och året",
    columns=(
        _BOLAG, _AR,
        Column("borgensram", "Borgensram (KF)", positive=True, **_TKR,
               help="Förifylld ur kommunfullmäktiges beslut (organisation.yaml); låst."),
        Column("borgen", "Lån med kommunal borgen", positive=True, required=True, **_TKR,
               help="Bolagets lån med kommunens borgen vid årets slut; får inte överstiga borgensramen."),
        Column("utrymme", "Kvar av borgensramen", input=False, formula="={borgensram}-{borgen}",
               compute=_diff("borgensram", "borgen"), **_TKR),
        Column("lan_fran_kommunen", "Lån från kommunen", positive=True, **_TKR,
               help="Förifyllt ur kommunens lån till bolaget (ekonomi.yaml lan_till_bolag); låst."),
        Column("ovriga_lan", "Övriga lån", positive=True, **_TKR),
    ),
)

MAL = Table(
    key="mal", title="Ägardirektivets mål med mått och målvärden", header_row=5, rows=20,
    match=("bolag", "mal_id"), locked_when_prefilled=("bolag", "mal_id", "mal"),
    row_noun="ägardirektivets mål",
    columns=(
        _BOLAG,
        Column("mal_id", "Mål-id", width=10, required=True),
        Column("mal", "Mål i ägardirektivet", width=44, required=True),
        Column("matt", "Mått", width=30, required=True),
        Column("enhet", "Enhet", width=10),
        *per_year("malvarde", "Målvärde {ar}", type=ColType.DECIMAL, width=12),
        Column("kommentar", "Kommentar", width=30),
    ),
)

KONTROLL = Table(
    key="intern_kontroll", title="Intern kontrollplan för bolagen", header_row=5, rows=40,
    match=("bolag", "kontroll_id"), locked_when_prefilled=("bolag", "kontroll_id", "omrade", "kontrollmoment"),
    row_noun="det obligatoriska kontrollmomentet",
    columns=(
        _BOLAG,
        Column("kontroll_id", "Id", width=10, required=True),
        Column("omrade", "Process/område", width=22, required=True),
        Column("kontrollmoment", "Kontrollmoment", width=40, required=True),
        Column("metod", "Metod", width=28, required=True),
        Column("frekvens", "När/frekvens", width=16, required=True),
        Column("ansvarig", "Ansvarig i bolaget", width=20, required=True),
    ),
)


def prefill(config: Config, namnd: str, year: int) -> Prefill:
    """Per bolag with a bolagsplan: a row per year of resultat, balans and borgen (with KF's borgensram and the
    kommun's lån to the bolag), the ägardirektivets mål, and KS's obligatoriska kontrollmoment."""
    years = [year + i for i in range(len(config.planering.ar))]
    bolag = config.bolag_med_plan
    per_year_rows = [{"bolag": b.id, "ar": y} for b in bolag for y in years]
    rows: dict[str, list[dict[str, Any]]] = {
        "resultat": [dict(r) for r in per_year_rows],
        "balans": [dict(r) for r in per_year_rows],
        "borgen": [{**r, "borgensram": b.borgensram.get(r["ar"], 0), "lan_fran_kommunen": config.bolag_ub(b.id, r["ar"])[1]}
                   for b in bolag for r in per_year_rows if r["bolag"] == b.id],
        "mal": [{"bolag": b.id, "mal_id": m.id, "mal": m.text, **({"matt": m.matt} if m.matt else {}),
                 **({"enhet": m.enhet} if m.enhet else {}),
                 **{f"malvarde_{i}": m.malvarde[y] for i, y in enumerate(years, start=1) if y in m.malvarde}}
                for b in bolag for m in b.agardirektiv],
        "intern_kontroll": [{"bolag": b.id, "kontroll_id": k.id, "omrade": k.omrade, "kontrollmoment": k.kontrollmoment,
                        "metod": k.metod, "frekvens": k.frekvens}
                       for b in bolag for k in config.arshjul.obligatoriska_kontrollmoment],
    }
    return Prefill(rows={k: v for k, v in rows.items() if v})


FORM = Form(
    doc_type="bolagsplan",
    title="Bolagsplan",
    version="1.0",
    styrelse=True,
    sheets=(
        SheetSpec(name="Resultat", title="Bolagens resultatbudget i sammandrag", table=RESULTAT,
                  intro="Belopp i tkr enligt bolagets budget som dess styrelse har fastställt. Resultatet räknas fram."),
        SheetSpec(name="Balans", title="Bolagens balansbudget i sammandrag", table=BALANS,
                  intro="Ställningen den 31 december. Summan av tillgångar ska vara lika med eget kapital, "
                        "avsättningar och skulder."),
        SheetSpec(name="Investeringar", title="Bolagens investeringar", table=INVESTERINGAR,
                  intro="En rad per investering; utgifterna per år i tkr."),
        SheetSpec(name="Lån och borgen", title="Lån och kommunal borgen", table=BORGEN,
                  intro="Borgensramen beslutas av kommunfullmäktige i kommunplanen. Lånen med kommunal borgen får "
                        "inte överstiga ramen."),
        SheetSpec(name="Ägardirektiv", title="Ägardirektivets mål", table=MAL,
                  intro="Målen i kommunfullmäktiges ägardirektiv är förifyllda. Ange mått och målvärde för varje år."),
        SheetSpec(name="Intern kontroll", title="Intern kontrollplan för bolagen", table=KONTROLL,
                  intro="Kommunstyrelsens obligatoriska kontrollmoment gäller också bolagen och är förifyllda."),
    ),
    instructions=(
        "Kommunstyrelsen lämnar in bolagsplanen för kommunens bolag, med siffrorna ur varje bolags budget som "
        "bolagets styrelse har fastställt.",
        "Belopp skrivs i tusental kronor (tkr). Resultat, summor, soliditet och kvar av borgensramen räknas fram.",
        "Balansbudgeten ska gå ihop: summa tillgångar = summa eget kapital, avsättningar och skulder.",
        "Lånen med kommunal borgen får inte överstiga borgensramen som kommunfullmäktige beslutar.",
        "Ägardirektivets mål och kommunstyrelsens obligatoriska kontrollmoment är förifyllda och ska stå kvar.",
    ),
    prefill=prefill,
)
