"""Lokalbehovsplan: the nämnd's needs for lokaler over the plan period, for the lokalresursplanering.

Every nämnd states what lokaler its verksamheter will need (new, more, adapted or fewer) and from
which year. The plan goes to the nämnd that owns the kommun's lokaler (organisation.yaml,
lokalagare), whose investeringsplan carries the lokalinvesteringar: "Lokalinvesteringar ska framgå
av tekniska nämndens investeringsplan utifrån processen för lokalresursplanering" (styrsystemet).
"""

from __future__ import annotations

from xltools.config import Config
from xltools.forms.layout import ColType, Column, Field, Form, Prefill, SheetSpec, Table

SHEET = "Lokalbehov"

BEHOV = Table(
    key="behov",
    title="Lokalbehov under planperioden",
    header_row=6,
    rows=30,
    id_column="behov_id",
    total_label="Summa",
    columns=(
        Column("behov_id", "Behov-id", width=10, required=True),
        Column("verksamhet", "Verksamhet", ColType.LIST, width=28, source="verksamheter", required=True),
        Column("behov", "Behov (vad och var)", width=40, required=True),
        Column("typ", "Typ av behov", ColType.LIST, width=16, source="lokalbehov", required=True),
        Column("yta", "Yta (m²)", ColType.DECIMAL, width=11, positive=True,
               help="Ny eller utökad yta; vid avveckling den yta som lämnas."),
        Column("fran_ar", "Behövs från år", ColType.INT, width=11, required=True, minimum=2000, maximum=2100),
        Column("investering", "Uppskattad investering (tkr)", ColType.TKR, width=14, positive=True, total=True,
               unit="tkr", help="Lokalägarens bedömning om den finns; annars nämndens uppskattning."),
        Column("motivering", "Motivering (uppdrag, mål, volymer)", width=46, required=True),
    ),
)


def prefill(config: Config, namnd: str, year: int) -> Prefill:
    owner = config.lokalagare()
    return Prefill(fields={"lokalagare": owner.namn if owner else "Ingen lokalägare i organisationen"})


FORM = Form(
    doc_type="lokalbehovsplan",
    title="Lokalbehovsplan",
    version="1.0",
    sheets=(SheetSpec(
        name=SHEET, title="Lokalbehovsplan", table=BEHOV,
        intro="Nämndens behov av lokaler under budgetåret och planåren, till lokalägarens lokalresursplanering.",
        fields=(Field(key="lokalagare", label="Lämnas till (lokalägare)", cell="B3", input=False),
                Field(key="kommentar", label="Kommentar", cell="B4")),
    ),),
    instructions=(
        "Beskriv nämndens behov av lokaler under budgetåret och planåren.",
        "Behov kan vara en ny lokal, mer yta, en anpassning eller en lokal som kan lämnas.",
        "Ange verksamhet, typ, yta i m², från vilket år lokalen behövs och en motivering.",
        "Ny lokal och mer yta ska ha en uppskattad investering i tkr.",
        "Lokalinvesteringar tas upp i lokalägarens investeringsplan, inte i nämndens egen.",
    ),
    prefill=prefill,
)

