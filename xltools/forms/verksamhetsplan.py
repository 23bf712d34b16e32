"""Verksamhetsplan: aktiviteter linked to a mål, with ansvarig and klart-datum."""

from __future__ import annotations

from xltools.forms.layout import ColType, Column, Form, SheetSpec, Table

AKTIVITETER = Table(
    key="aktiviteter",
    title="Aktiviteter",
    header_row=5,
    rows=60,
    id_column="aktivitet_id",
    columns=(
        Column("aktivitet_id", "Aktivitets-id", width=12, required=True),
        Column("aktivitet", "Aktivitet", width=50, required=True),
        Column("mal_id", "Mål-id som aktiviteten bidrar till", width=16, required=True,
               help="Id för ett riktat mål eller ett nämndmål i nämndplanen, t.ex. RM1 eller NM2."),
        Column("enhet", "Enhet/avdelning", width=20),
        Column("ansvarig", "Ansvarig", width=22, required=True),
        Column("start", "Start", ColType.DATE, width=12, period="plan"),
        Column("klart", "Klart senast", ColType.DATE, width=12, required=True, period="year"),
        Column("status", "Status", ColType.LIST, width=14, source="aktivitetsstatus"),
    ),
)


FORM = Form(
    doc_type="verksamhetsplan",
    title="Verksamhetsplan",
    version="1.0",
    sheets=(SheetSpec(name="Aktiviteter", title="Verksamhetsplanens aktiviteter", table=AKTIVITETER,
                      intro="Varje aktivitet ska ha en ansvarig, ett klart-datum under budgetåret och bidra till ett mål."),),
    instructions=(
        "Beskriv de aktiviteter som ska genomföras under året för att nå målen i nämndplanen.",
        "Varje aktivitet ska vara ansvarsfördelad (ansvarig) och tidsatt (klart senast, inom budgetåret).",
        "Ange vilket mål aktiviteten bidrar till: ett riktat mål ur listan eller ett nämndmåls id.",
        "Insatsområdena i {strategi} ska beaktas.",
    ),
)
