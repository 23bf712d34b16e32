"""Verksamhetsplan: aktiviteter linked to a mål and an insatsområde, with ansvarig and klart-datum.

Handed in by the nämnd and by each unit of its organisation (config organisation.yaml: förvaltning,
avdelning, enhet; the seed: "Verksamhetsplan kan göras på flera nivåer"), each its own submission."""

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
        Column("aktivitet", "Aktivitet", width=48, required=True),
        Column("mal_id", "Mål-id som aktiviteten bidrar till", width=16, required=True,
               help="Id för ett riktat mål eller ett nämndmål i nämndplanen, t.ex. RM1 eller NM2."),
        Column("enhet", "Enhet/avdelning", width=20),
        Column("ansvarig", "Ansvarig", width=22, required=True),
        Column("start", "Start", ColType.DATE, width=12, period="plan"),
        Column("klart", "Klart senast", ColType.DATE, width=12, required=True, period="year"),
        Column("status", "Status", ColType.LIST, width=14, source="aktivitetsstatus"),
        Column("insatsomrade", "Insatsområde i strategin", width=26, source="insatsomraden",
               help="Det insatsområde i kommunens strategi som aktiviteten bidrar till (välj i listan)."),
    ),
)


FORM = Form(
    doc_type="verksamhetsplan",
    title="Verksamhetsplan",
    version="1.1",  # 1.1: the insatsområde column (issue 16 part 7)
    per_enhet=True,
    sheets=(SheetSpec(name="Aktiviteter", title="Verksamhetsplanens aktiviteter", table=AKTIVITETER,
                      intro="Varje aktivitet ska ha en ansvarig, ett klart-datum under budgetåret och bidra till ett mål."),),
    instructions=(
        "Beskriv de aktiviteter som ska genomföras under året för att nå målen i nämndplanen.",
        "Varje aktivitet ska vara ansvarsfördelad (ansvarig) och tidsatt (klart senast, inom budgetåret).",
        "Ange vilket mål aktiviteten bidrar till: ett riktat mål ur listan eller ett nämndmåls id.",
        "Insatsområdena i {strategi} ska beaktas: ange för varje aktivitet vilket insatsområde den bidrar till.",
    ),
)
