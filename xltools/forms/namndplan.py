"""Nämndplan: riktade mål (pre-filled), nämndmål linked to strategiska mål, and their mått."""

from __future__ import annotations

from xltools.config import Config
from xltools.forms.layout import ColType, Column, Form, Prefill, SheetSpec, Table, per_year

MAL = Table(
    key="mal",
    title="Mål",
    header_row=5,
    rows=20,
    id_column="mal_id",
    locked_when_prefilled=("mal_id", "typ", "text", "strategiskt_mal"),
    row_noun="det riktade målet",
    columns=(
        Column("mal_id", "Mål-id", width=10, required=True, help="Egen kod, t.ex. NM1. Riktade mål är förifyllda."),
        Column("typ", "Typ av mål", ColType.LIST, width=14, source="maltyp_egen", required=True),
        Column("text", "Mål (resultatmål)", width=60, required=True),
        Column("strategiskt_mal", "Strategiskt mål som målet bidrar till", ColType.LIST, width=48,
               source="strategiska_mal"),  # an empty cell is reported by rule MAL-3
    ),
)

MATT = Table(
    key="matt",
    title="Mått",
    header_row=5,
    rows=40,
    match=("mal_id", "matt"),
    locked_when_prefilled=("mal_id", "matt", "enhet", "kolada_id", "riktning"),  # decided by KF with the mål
    row_noun="måttet",
    columns=(
        Column("mal_id", "Mål-id", ColType.LIST, width=10, source="table:mal.mal_id", required=True),
        Column("matt", "Mått", width=44, required=True),
        Column("enhet", "Enhet", width=12, required=True),
        Column("kalla", "Källa", width=18),
        Column("kolada_id", "Kolada-id (valfritt)", width=14, help="T.ex. N15033. Lämna tomt om måttet är eget."),
        Column("utgangsvarde", "Utgångsvärde", ColType.DECIMAL, width=13),
        *per_year("malvarde", "Målvärde {ar}", type=ColType.DECIMAL, width=13),
        Column("riktning", "Riktning", ColType.LIST, width=18, source="riktning", required=True),
    ),
)


def prefill(config: Config, namnd: str, year: int) -> Prefill:
    riktade = config.riktade_mal_for(namnd, year, planperiod=True)  # also one that starts in a plan year
    rows = [{"mal_id": r.id, "typ": "riktat", "text": r.text, "strategiskt_mal": r.strategiskt_mal} for r in riktade]
    matt = [{"mal_id": r.id, "matt": m.matt, "enhet": m.enhet, "riktning": m.riktning,
             **({"kalla": m.kalla} if m.kalla else {}), **({"kolada_id": m.kolada_id} if m.kolada_id else {})}
            for r in riktade for m in r.matt]
    return Prefill(rows={"mal": rows, **({"matt": matt} if matt else {})})


FORM = Form(
    doc_type="namndplan",
    title="Nämndplan",
    version="1.1",
    sheets=(
        SheetSpec(name="Mål", title="Nämndens mål", table=MAL,
                  intro="Riktade mål från kommunfullmäktige är förifyllda (blå). Lägg till nämndmål på tomma rader."),
        SheetSpec(name="Mått", title="Mått och målvärden", table=MATT,
                  intro="Varje mål ska ha minst ett mått med målvärde för varje år i planperioden."),
    ),
    instructions=(
        "Riktade mål som kommunfullmäktige har gett nämnden är förifyllda och kan inte ändras.",
        "Lägg till nämndens egna mål (nämndmål). Varje nämndmål ska kopplas till ett strategiskt mål.",
        "Målen ska vara få, mätbara och tidsatta (SMARTA). Ange minst ett mått per mål.",
        "Varje mått ska ha målvärde för budgetåret och varje planår samt riktning (högre/lägre är bättre).",
    ),
    prefill=prefill,
)
