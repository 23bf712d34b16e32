"""Internhyror, tjänstekatalog and servicekatalog: internal prices charged to other nämnder."""

from __future__ import annotations

from xltools.forms.layout import ColType, Column, Form, SheetSpec, Table, num

HYROR = Table(
    key="hyror",
    title="Internhyror",
    header_row=5,
    rows=60,
    id_column="objekt_id",
    total_label="Summa",
    columns=(
        Column("objekt_id", "Objekt-id", width=11, required=True, dim="projekt"),
        Column("objekt", "Lokal/objekt", width=34, required=True),
        Column("hyresgast", "Hyresgäst (nämnd)", ColType.LIST, width=30, source="namnder", required=True, dim="motpart"),
        Column("yta", "Yta (m²)", ColType.DECIMAL, width=11, positive=True, required=True),
        Column("hyra_m2", "Hyra per m² och år (kr)", ColType.KR, width=14, positive=True, required=True),
        Column("total", "Årshyra", ColType.TKR, width=13, input=False, total=True, unit="tkr", fact="hyra", fact_year=1,
               formula="={yta}*{hyra_m2}/1000", compute=lambda r, p: num(r.get("yta")) * num(r.get("hyra_m2")) / 1000),
        Column("kommentar", "Kommentar", width=30),
    ),
)

TJANSTER = Table(
    key="tjanster",
    title="Tjänstekatalog",
    header_row=5,
    rows=40,
    id_column="tjanst_id",
    total_label="Summa",
    columns=(
        Column("tjanst_id", "Tjänst-id", width=11, required=True, dim="projekt"),
        Column("tjanst", "Tjänst", width=34, required=True),
        Column("kopare", "Köpare (nämnd)", ColType.LIST, width=30, source="namnder", required=True, dim="motpart"),
        Column("enhet", "Enhet", width=12, required=True),
        Column("pris", "Pris per enhet (kr)", ColType.KR, width=14, positive=True, required=True),
        Column("antal", "Antal per år", ColType.DECIMAL, width=12, positive=True, required=True),
        Column("total", "Belopp per år", ColType.TKR, width=13, input=False, total=True, unit="tkr", fact="tjanst",
               fact_year=1,
               formula="={pris}*{antal}/1000", compute=lambda r, p: num(r.get("pris")) * num(r.get("antal")) / 1000),
    ),
)

SERVICE = Table(
    key="service",
    title="Servicekatalog",
    header_row=5,
    rows=40,
    columns=(
        Column("tjanst", "Tjänst", width=34, required=True),
        Column("beskrivning", "Beskrivning", width=50),
        Column("enhet", "Enhet", width=12, required=True),
        Column("pris", "Pris per enhet (kr)", ColType.KR, width=14, positive=True, required=True),
        Column("kommentar", "Kommentar", width=30),
    ),
)

FORM = Form(
    doc_type="internhyror",
    title="Internhyror, tjänstekatalog och servicekatalog",
    version="1.0",
    sheets=(
        SheetSpec(name="Internhyror", title="Internhyror per lokal", table=HYROR,
                  intro="Fylls i av nämnd som äger lokaler och tar ut internhyra."),
        SheetSpec(name="Tjänstekatalog", title="Tjänstekatalog (interna tjänster)", table=TJANSTER,
                  intro="Tjänster som säljs till andra nämnder, med köpare, pris och volym."),
        SheetSpec(name="Servicekatalog", title="Servicekatalog", table=SERVICE,
                  intro="Tjänster som erbjuds med pris per enhet."),
    ),
    instructions=(
        "Förslag till internhyror, tjänstekatalog och servicekatalog för nästkommande år lämnas i januari.",
        "Varje hyra och tjänst ska ha en mottagande nämnd; den nämnden budgeterar samma belopp som kostnad.",
        "Belopp per år räknas fram från yta × hyra per m² respektive pris × antal.",
    ),
)
