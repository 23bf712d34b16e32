"""Taxor och avgifter: current and proposed price, change, motivering and legal basis."""

from __future__ import annotations

from xltools.forms.layout import ColType, Column, Form, SheetSpec, Table, num


def _change(r: dict, p: dict) -> float | None:
    old, new = num(r.get("nuvarande")), num(r.get("foreslaget"))
    return (new - old) / old if old else None  # a new taxa (no current price) has no change to show


TAXOR = Table(
    key="taxor",
    title="Taxor och avgifter",
    header_row=5,
    rows=60,
    id_column="taxa_id",
    columns=(
        Column("taxa_id", "Id", width=10, required=True),
        Column("taxa", "Taxa/avgift", width=40, required=True),
        Column("verksamhet", "Verksamhet", ColType.LIST, width=28, source="verksamheter", required=True),
        Column("enhet", "Enhet (per)", width=14, required=True),
        Column("nuvarande", "Nuvarande pris (kr)", ColType.KR, width=14, positive=True),
        Column("foreslaget", "Föreslaget pris (kr)", ColType.KR, width=14, positive=True, required=True),
        Column("forandring", "Förändring (%)", ColType.PERCENT, width=12, input=False,
               formula='=IF(SUM({nuvarande})=0,"",({foreslaget}-{nuvarande})/{nuvarande})', compute=_change),
        Column("motivering", "Motivering (krävs vid ändring)", width=44),
        Column("lagrum", "Lagrum/beslut", width=24, required=True),
    ),
)

FORM = Form(
    doc_type="taxor",
    title="Taxor och avgifter",
    version="1.0",
    sheets=(SheetSpec(name="Taxor", title="Förslag till taxor och avgifter", table=TAXOR,
                      intro="Nämnden föreslår taxor och avgifter för nästkommande år i april; KF beslutar i juni."),),
    instructions=(
        "Ange varje taxa eller avgift med nuvarande och föreslaget pris i kronor.",
        "Varje ändrad taxa ska ha en motivering. Ange lagrum eller beslut som taxan vilar på.",
        "En ny taxa har inget nuvarande pris; lämna den cellen tom och motivera.",
    ),
)
