"""Intern kontrollplan: riskbedömning (sannolikhet × konsekvens) and kontrollmoment."""

from __future__ import annotations

from xltools.config import Config
from xltools.forms.layout import ColType, Column, Form, Prefill, SheetSpec, Table, num

PLAN = Table(
    key="kontroller",
    title="Intern kontrollplan",
    header_row=5,
    rows=40,
    id_column="kontroll_id",
    locked_when_prefilled=("kontroll_id", "omrade", "risk", "kontrollmoment", "metod", "frekvens", "obligatorisk"),
    row_noun="det obligatoriska kontrollmomentet",
    columns=(
        Column("kontroll_id", "Id", width=10, required=True),
        Column("omrade", "Process/område", width=22, required=True),
        Column("risk", "Risk", width=36, required=True),
        Column("sannolikhet", "Sannolikhet (1–4)", ColType.INT, width=12, required=True, minimum=1, maximum=4),
        Column("konsekvens", "Konsekvens (1–4)", ColType.INT, width=12, required=True, minimum=1, maximum=4),
        Column("riskvarde", "Riskvärde", ColType.INT, width=10, input=False,
               formula="={sannolikhet}*{konsekvens}",
               compute=lambda r, p: num(r.get("sannolikhet")) * num(r.get("konsekvens"))),
        Column("kontrollmoment", "Kontrollmoment", width=36, required=True),
        Column("metod", "Metod", width=24, required=True),
        Column("frekvens", "När/frekvens", width=16, required=True),
        Column("ansvarig", "Ansvarig", width=20, required=True),
        Column("obligatorisk", "Obligatoriskt (KS)", ColType.LIST, width=12, source="ja_nej"),
    ),
)


def prefill(config: Config, namnd: str, year: int) -> Prefill:
    rows = [
        {"kontroll_id": k.id, "omrade": k.omrade, "risk": k.risk, "kontrollmoment": k.kontrollmoment,
         "metod": k.metod, "frekvens": k.frekvens, "obligatorisk": "ja"}
        for k in config.arshjul.obligatoriska_kontrollmoment
    ]
    return Prefill(rows={"kontroller": rows})


FORM = Form(
    doc_type="internkontrollplan",
    title="Intern kontrollplan",
    version="1.0",
    sheets=(SheetSpec(name="Kontrollplan", title="Plan för intern kontroll", table=PLAN,
                      intro="Kommunstyrelsens obligatoriska kontrollmoment är förifyllda. Bedöm varje risk 1–4."),),
    instructions=(
        "Planen ska utgå från förvaltningens riskbedömning: bedöm sannolikhet och konsekvens (1–4) för varje risk.",
        "Riskvärdet (sannolikhet × konsekvens) räknas fram. Risker med högt värde bör ha kontrollmoment.",
        "Kommunstyrelsens obligatoriska kontrollmoment är förifyllda och ska finnas kvar.",
        "Ange för varje kontroll metod, när den görs och vem som är ansvarig.",
    ),
    prefill=prefill,
)
