"""Building blocks of the follow-up documents (månadsrapport, jan–apr, delår, verksamhetsberättelse).

The year's budget per verksamhet, the riktade mål in force and the investment budget come from
the optional config part uppfoljning.yaml. Nämndmål are not in the config: the nämnd adds
them on blank rows of the Mål sheet. Amounts are tkr; intäkter and kostnader are entered as
positive numbers in separate columns and the nettokostnad is computed.
"""

from __future__ import annotations

from typing import Any

from xltools.config import Config, RiktatMal, UppfoljningInvestering
from xltools.forms.layout import ColType, Column, Field, Prefill, SheetSpec, Table, num

SUMMARY = "Sammanfattning"
EKONOMI = "Ekonomi"
ATGARDER = "Åtgärder"
MAL = "Mål"
MATT = "Mått"
INVESTERINGAR = "Investeringar"
KONTROLL = "Intern kontroll"
HALLBARA = "Insatsområden"  # the sheet of the strategi's insatsområden (malkedja.yaml strategi)

_AMOUNT: dict[str, Any] = dict(type=ColType.TKR, width=13, positive=True, total=True, unit="tkr")


# ---------------------------------------------------------------- what the config knows
def budget_for(config: Config, namnd: str) -> dict[str, float]:
    """Verksamhetskod -> budgeted nettokostnad (tkr) in the follow-up year, in the nämnd's order."""
    u = config.uppfoljning
    given = u.driftbudget.get(namnd, {}) if u else {}
    order = config.namnd(namnd).verksamheter if namnd in config.namnd_ids else []
    return {v: given[v] for v in [*order, *sorted(set(given) - set(order))] if v in given}


def riktade_mal_for(config: Config, namnd: str) -> list[RiktatMal]:
    """KF's riktade mål for the nämnd in force during the follow-up year."""
    u = config.uppfoljning
    if u is not None and u.riktade_mal is not None:
        wanted = set(u.riktade_mal)
        return [r for r in config.malkedja.riktade_mal if r.namnd == namnd and r.id in wanted]
    return config.riktade_mal_for(namnd, config.planering.uppfoljningsar)


def insatsomraden_for(config: Config, namnd: str) -> list[str]:
    """The strategi's insatsområden that concern the nämnd (uppfoljning.yaml insatsomraden)."""
    u = config.uppfoljning
    return list(u.insatsomraden.get(namnd, [])) if u else []


def investeringar_for(config: Config, namnd: str) -> list[UppfoljningInvestering]:
    u = config.uppfoljning
    return list(u.investeringar.get(namnd, [])) if u else []


# ---------------------------------------------------------------- economy
def _netto(prefix: str, header: str) -> Column:
    return Column(
        f"{prefix}_netto", header, ColType.TKR, width=13, input=False, total=True, unit="tkr",
        formula=f"={{{prefix}_kostnader}}-{{{prefix}_intakter}}",
        compute=lambda r, p, k=f"{prefix}_kostnader", n=f"{prefix}_intakter": num(r.get(k)) - num(r.get(n)),
    )


def _avvikelse(against: str, header: str = "Avvikelse mot budget (tkr; + överskott, − underskott)") -> Column:
    """Budget minus the column `against` (utfall or prognos)."""
    return Column(
        "avvikelse", header, ColType.TKR, width=15, input=False,
        total=True, unit="tkr", formula=f"={{budget}}-{{{against}}}",
        compute=lambda r, p: num(r.get("budget")) - num(r.get(against)),
    )


def ekonomi_table(helar: bool = False) -> Table:
    """Per verksamhet: årsbudget (pre-filled), the internbudget periodised to the period (pre-filled), utfall
    (pre-filled and locked when it comes from the ekonomisystem), helårsprognos (not in the year-end
    report), avvikelse."""
    when = "helår" if helar else "hittills i år"
    period = "helår" if helar else "t.o.m. perioden"
    periodiserad = (
        Column("budget_period_intakter", f"Internbudget intäkter {period}", ColType.TKR, width=13, total=True,
               unit="tkr", help="Nämndens internbudget, periodiserad (förifylld och låst)."),
        Column("budget_period_kostnader", f"Internbudget kostnader {period}", ColType.TKR, width=13, total=True,
               unit="tkr", help="Nämndens internbudget, periodiserad (förifylld och låst)."),
    )
    mot_period = Column(
        "avvikelse_period", f"Avvikelse utfall mot internbudget {period} (tkr; + lägre nettokostnad)", ColType.TKR,
        width=15, input=False, total=True, unit="tkr",
        formula="={budget_period_kostnader}-{budget_period_intakter}-{utfall_netto}",
        compute=lambda r, p: num(r.get("budget_period_kostnader")) - num(r.get("budget_period_intakter"))
        - num(r.get("utfall_netto")),
    )
    prognos = () if helar else (
        Column("prognos_intakter", "Helårsprognos intäkter", **_AMOUNT),
        Column("prognos_kostnader", "Helårsprognos kostnader", **_AMOUNT),
        _netto("prognos", "Helårsprognos nettokostnad"),
    )
    return Table(
        key="ekonomi",
        title="Ekonomi per verksamhet",
        header_row=5,
        rows=12,
        id_column="verksamhet",
        total_label="Summa",
        locked_when_prefilled=("verksamhet", "budget"),
        row_noun="budgetraden för verksamhet",
        columns=(
            Column("verksamhet", "Verksamhet", ColType.LIST, width=30, source="verksamheter", required=True),
            Column("budget", "Årsbudget nettokostnad", ColType.TKR, width=13, total=True, unit="tkr",
                   help="Budgeten kommer från kommunplanen. Lämna tomt på rader du lägger till."),
            *periodiserad,
            Column("utfall_intakter", f"Utfall intäkter {when}", **_AMOUNT),
            Column("utfall_kostnader", f"Utfall kostnader {when}", **_AMOUNT),
            _netto("utfall", f"Utfall nettokostnad {when}"),
            mot_period,
            *prognos,
            _avvikelse("utfall_netto" if helar else "prognos_netto"),
            Column("kommentar", "Kommentar", width=40),
        ),
    )


ATGARDER_TABLE = Table(
    key="atgarder",
    title="Åtgärder för budget i balans",
    header_row=5,
    rows=20,
    total_label="Summa",
    columns=(
        Column("verksamhet", "Verksamhet (tomt = hela nämnden)", ColType.LIST, width=30, source="verksamheter"),
        Column("atgard", "Åtgärd för budget i balans", width=50, required=True),
        Column("effekt", "Beräknad effekt helår", **_AMOUNT),
        Column("ansvarig", "Ansvarig", width=20),
        Column("klart", "Genomförs senast", ColType.DATE, width=13, period="year"),
    ),
)

ATGARDER_SHEET = SheetSpec(name=ATGARDER, title="Åtgärder för budget i balans", table=ATGARDER_TABLE,
                           intro="Fylls i när prognosen visar en negativ avvikelse mot budget.")


# ---------------------------------------------------------------- mål, mått, investeringar, kontroll
def mal_table(helar: bool = False) -> Table:
    """Riktade mål (pre-filled) and nämndmål with bedömning and analysis; `uppfyllt` counts the reached."""
    status = (Column("bedomning", "Måluppfyllelse helår", ColType.LIST, width=18, source="bedomning"),) if helar else (
        Column("bedomning", "Bedömning nu", ColType.LIST, width=18, source="bedomning"),
        Column("prognos", "Prognos vid årets slut", ColType.LIST, width=18, source="bedomning"),
    )
    basis = "bedomning" if helar else "prognos"
    return Table(
        key="mal",
        title="Måluppfyllelse",
        header_row=5,
        rows=20,
        id_column="mal_id",
        locked_when_prefilled=("mal_id", "typ", "text", "strategiskt_mal"),
        row_noun="målet",
        columns=(
            Column("mal_id", "Mål-id", width=10, required=True, help="Egen kod för nämndmål, t.ex. NM1."),
            Column("typ", "Typ av mål", ColType.LIST, width=14, source="maltyp_egen", required=True),
            Column("text", "Mål", width=50, required=True),
            Column("strategiskt_mal", "Strategiskt mål", ColType.LIST, width=36, source="strategiska_mal", required=True),
            *status,
            Column("analys", "Analys (varför ser resultatet ut så, vad görs)", width=50),
            Column("uppfyllt", "Räknas som uppfyllt (1/0)", ColType.INT, width=12, input=False,
                   formula=f'=IF({{{basis}}}="Uppfyllt",1,0)',
                   compute=lambda r, p: 1 if r.get(basis) == "uppfyllt" else 0),
        ),
    )


def matt_table(helar: bool = False) -> Table:
    """The mått of the nämnd's mål; from the adopted nämndplan (pre-filled and locked: mått, enhet, utgångsvärde,
    målvärde, the year's earlier outcomes) when the templates are made with it, else typed by the nämnd."""
    return Table(
        key="matt",
        title="Mått",
        header_row=5,
        rows=40,
        id_column="matt",
        columns=(
            Column("mal_id", "Mål-id", ColType.LIST, width=10, source="table:mal.mal_id", required=True),
            Column("matt", "Mått", width=40, required=True),
            Column("enhet", "Enhet", width=12),
            Column("utgangsvarde", "Utgångsvärde", ColType.DECIMAL, width=12),
            Column("malvarde", "Målvärde {ar1}", ColType.DECIMAL, width=12),
            Column("tidigare", "Utfall tidigare i år", width=18),
            Column("utfall", "Utfall helår" if helar else "Utfall senaste mätning", ColType.DECIMAL, width=12),
            Column("analys", "Analys av utfallet", width=50),
        ),
    )


def investering_table(helar: bool = False) -> Table:
    """Investeringsredovisning per project: beslutad totalutgift, upparbetat, the year's budget, utfall,
    prognos, avvikelse and genomförandegrad (utfall, in the year-end report, or prognos over the budget)."""
    prognos = () if helar else (Column("prognos", "Helårsprognos", **_AMOUNT),)
    against = "utfall" if helar else "prognos"
    return Table(
        key="investeringar",
        title="Investeringar",
        header_row=5,
        rows=25,
        id_column="projekt_id",
        total_label="Summa",
        locked_when_prefilled=("projekt_id", "namn", "totalutgift", "upparbetat_tidigare", "budget"),
        row_noun="investeringsprojektet",
        columns=(
            Column("projekt_id", "Projekt-id", width=11, required=True),
            Column("namn", "Projekt", width=36, required=True),
            Column("totalutgift", "Beslutad totalutgift", ColType.TKR, width=13, total=True, unit="tkr"),
            Column("upparbetat_tidigare", "Upparbetat tidigare år", ColType.TKR, width=13, total=True, unit="tkr"),
            Column("budget", "Budget {ar1}", ColType.TKR, width=13, total=True, unit="tkr"),
            Column("utfall", "Utfall helår" if helar else "Utfall hittills i år", **_AMOUNT),
            *prognos,
            _avvikelse(against, "Avvikelse mot budget (tkr; + lägre utgift)"),
            Column("upparbetat", "Upparbetat totalt", ColType.TKR, width=13, input=False, total=True, unit="tkr",
                   formula="={upparbetat_tidigare}+{utfall}",
                   compute=lambda r, p: num(r.get("upparbetat_tidigare")) + num(r.get("utfall"))),
            Column("genomforandegrad", "Genomförandegrad (" + ("utfall" if helar else "prognos") + " av budget)",
                   ColType.PERCENT, width=13, input=False,
                   formula=f"=IF({{budget}}=0,0,{{{against}}}/{{budget}})",
                   compute=lambda r, p, a=against: num(r.get(a)) / num(r.get("budget")) if num(r.get("budget")) else 0.0),
            Column("kommentar", "Kommentar", width=36),
        ),
    )


def kontroll_table(helar: bool = False) -> Table:
    return Table(
        key="kontroller",
        title="Intern kontroll",
        header_row=5,
        rows=30,
        id_column="kontroll_id",
        locked_when_prefilled=("kontroll_id", "omrade", "kontrollmoment"),
        row_noun="kontrollmomentet",
        columns=(
            Column("kontroll_id", "Id", width=10, required=True),
            Column("omrade", "Process/område", width=22, required=True),
            Column("kontrollmoment", "Kontrollmoment", width=40, required=True),
            Column("status", "Status vid årets slut" if helar else "Status", ColType.LIST, width=14,
                   source="kontrollstatus"),
            Column("resultat", "Resultat och iakttagelser", width=44),
            Column("brist", "Brist", ColType.LIST, width=9, source="ja_nej",
                   help="Ja när kontrollen visade en brist: beskriv då åtgärden."),
            Column("atgard", "Åtgärd vid brist", width=36),
        ),
    )


HALLBARA_TABLE = Table(
    key="insatser",
    title="{strategi}: insatsområden",
    header_row=5,
    rows=12,
    id_column="insatsomrade",
    locked_when_prefilled=("insatsomrade",),
    row_noun="insatsområdet",
    columns=(
        Column("insatsomrade", "Insatsområde", width=36, required=True),
        Column("berors", "Berör nämnden", ColType.LIST, width=12, source="ja_nej"),
        Column("beskrivning", "Så fortlöper arbetet (nämndens insatser och resultat)", width=80),
    ),
)


# ---------------------------------------------------------------- the Sammanfattning sheet
def _sum(key: str, label: str, cell: str, source: str) -> Field:
    return Field(key, label, cell, ColType.TKR, input=False, formula=f"={{sum:{source}}}",
                 compute=lambda e, p: e[f"sum:{source}"])


def summary_fields(*, helar: bool = False, mal: bool = False, texts: tuple[tuple[str, str], ...] = ()) -> tuple[Field, ...]:
    """Period and due date (written by the generator), totals from the Ekonomi sheet, text fields."""
    last = "utfall" if helar else "prognos"
    fields: list[Field] = [
        Field("period_text", "Period", "B4", input=False),
        Field("lamnas_senast", "Lämnas till ekonomienheten senast", "B5", input=False),
        _sum("budget", "Årsbudget, nettokostnad (tkr)", "B7", "ekonomi.budget"),
        _sum("utfall", f"Utfall {'helår' if helar else 'hittills'}, nettokostnad (tkr)", "B8", "ekonomi.utfall_netto"),
    ]
    if not helar:
        fields.append(_sum("prognos", "Helårsprognos, nettokostnad (tkr)", "B9", "ekonomi.prognos_netto"))
    fields += [
        Field("avvikelse", "Avvikelse, tkr (+ överskott)", "B10", ColType.TKR, input=False,
              formula=f"={{field:budget}}-{{field:{last}}}",
              compute=lambda e, p: num(e.get("budget")) - num(e.get(last))),
        _sum("atgarder_effekt", "Åtgärdernas beräknade effekt (tkr)", "B11", "atgarder.effekt"),
    ]
    fields += [  # the ekonomisystem's export the utfall was pre-filled from (xltools.utfall), checked by UTF-3
        Field("utfall_kalla", "Utfall ur ekonomisystemet (export)", "B14", prefill_only=True),
        Field("utfall_intakter_ekonomisystemet", "Intäkter enligt exporten (tkr)", "B15", ColType.TKR,
              prefill_only=True),
        Field("utfall_kostnader_ekonomisystemet", "Kostnader enligt exporten (tkr)", "B16", ColType.TKR,
              prefill_only=True),
    ]
    if mal:
        label = "Antal uppfyllda mål" if helar else "Mål uppfyllda vid årets slut (prognos)"
        fields.append(Field("mal_uppfyllda", label, "B12", ColType.INT, input=False, formula="={sum:mal.uppfyllt}",
                            compute=lambda e, p: int(e["sum:mal.uppfyllt"])))
    for i, (key, label) in enumerate(texts):
        fields.append(Field(key, label, f"B{18 + i}", height=90))
    return tuple(fields)


# ---------------------------------------------------------------- pre-fill
def prefill_for(*, mal: bool = False, investeringar: bool = False, kontroller: bool = False,
                insatser: bool = False):
    """A Form.prefill that fills the budget rows and, as asked, mål, projects, kontroller and insatsområden."""

    def prefill(config: Config, namnd: str, year: int) -> Prefill:
        rows: dict[str, list[dict[str, Any]]] = {
            "ekonomi": [{"verksamhet": v, "budget": b} for v, b in budget_for(config, namnd).items()],
        }
        if mal:
            rows["mal"] = [{"mal_id": r.id, "typ": "riktat", "text": r.text, "strategiskt_mal": r.strategiskt_mal}
                           for r in riktade_mal_for(config, namnd)]
        if investeringar:
            rows["investeringar"] = [{"projekt_id": p.id, "namn": p.namn, "budget": p.budget,
                                      "totalutgift": p.totalutgift, "upparbetat_tidigare": p.upparbetat}
                                     for p in investeringar_for(config, namnd)]
        if kontroller:
            rows["kontroller"] = [{"kontroll_id": k.id, "omrade": k.omrade, "kontrollmoment": k.kontrollmoment}
                                  for k in config.arshjul.obligatoriska_kontrollmoment]
        if insatser:
            berors = set(insatsomraden_for(config, namnd))
            rows["insatser"] = [{"insatsomrade": t, **({"berors": "ja"} if t in berors else {})}
                                for t in config.malkedja.insatsomraden]
        return Prefill(rows=rows)

    return prefill


def instructions(helar: bool = False) -> tuple[str, ...]:
    """The economy instructions every follow-up shares (the year-end report has no prognos)."""
    against = "utfall" if helar else "prognos"
    out = [
        "Årsbudgeten per verksamhet är förifylld från kommunplanen (blå celler) och kan inte ändras; bredvid den "
        "nämndens internbudget, periodiserad till perioden, när ekonomienheten har den.",
        "När utfallet kommer ur ekonomisystemet är det förifyllt och låst; källan står på bladet Sammanfattning. "
        "Nämnden skriver då bara prognos, kommentarer och åtgärder.",
        f"Skriv utfall{'' if helar else ' och prognos'} som positiva belopp i tkr, intäkter och kostnader i var sin "
        "kolumn. Nettokostnad och avvikelse räknas fram (grå celler).",
        f"Avvikelse = budget − {against}: ett positivt tal är ett överskott, ett negativt ett underskott.",
        "Vid en negativ avvikelse ska nämnden beskriva åtgärder för budget i balans på bladet Åtgärder.",
    ]
    if not helar:
        out.append("Kommentera en verksamhet där utfallet hittills är högre än helårsprognosen.")
    return tuple(out)
