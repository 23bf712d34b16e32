"""Investeringsplan: projects per year, driftkostnadskalkyl and upphandlings- och inköpsplan."""

from __future__ import annotations

from typing import Any

from xltools.config import Config
from xltools.forms.layout import (
    ColType,
    Column,
    Field,
    Form,
    Prefill,
    SheetSpec,
    Table,
    num,
    per_year,
)


def _total(r: dict, p: dict) -> float:
    return sum(num(v) for k, v in r.items() if k.startswith("utgift_"))  # each year of the plan period and senare


PROJEKT = Table(
    key="projekt",
    title="Investeringsprojekt",
    header_row=5,
    rows=40,
    id_column="projekt_id",
    total_label="Summa",
    columns=(
        Column("projekt_id", "Projekt-id", width=11, required=True, dim="projekt"),
        Column("namn", "Projekt", width=36, required=True),
        Column("kategori", "Kategori", ColType.LIST, width=24, source="kategorier", required=True),
        Column("lokal", "Lokalinvestering", ColType.LIST, width=12, source="ja_nej", required=True),
        Column("konto", "Konto", ColType.LIST, width=26, source="konton_investering", required=True, dim="konto",
               help="Investeringskonto (klass 1). Driftkonton får inte användas för investeringar."),
        Column("start", "Startår", ColType.INT, width=9, required=True, minimum=2000, maximum=2100),
        Column("aktivering", "Aktiveringsår", ColType.INT, width=11, required=True, minimum=2000, maximum=2100),
        *per_year("utgift", "Utgift {ar}", fact="utgift", type=ColType.TKR, width=12, positive=True, total=True,
                  unit="tkr"),
        Column("utgift_senare", "Utgift senare år", ColType.TKR, width=12, positive=True, total=True, unit="tkr",
               fact="utgift"),
        Column("total", "Total utgift", ColType.TKR, width=13, input=False, total=True, unit="tkr",
               formula="=SUM({utgift_*},{utgift_senare})", compute=_total),
    ),
)


def _avskrivning(r: dict, p: dict) -> float:
    n = num(r.get("avskrivningstid"))
    return num(r.get("belopp")) / n if n else 0.0


def _kapitaltjanst(k: int):
    def compute(r: dict, p: dict) -> float:
        n = num(r.get("avskrivningstid"))
        if n < k:  # no life given, or fully depreciated before year k: no cost left
            return 0.0
        belopp = num(r.get("belopp"))
        avskr = belopp / n
        return avskr + (belopp - (k - 1) * avskr) * num(p.get("internranta"))

    return compute


def _kt_column(k: int) -> Column:
    return Column(
        f"kapitaltjanst_{k}", f"Kapitaltjänst år {k} efter aktivering", ColType.TKR, width=14, input=False,
        unit="tkr", total=True,
        formula=(f"=IF(SUM({{avskrivningstid}})<{k},0,{{belopp}}/{{avskrivningstid}}"
                 f"+({{belopp}}-{k - 1}*{{belopp}}/{{avskrivningstid}})*{{field:internranta}})"),
        compute=_kapitaltjanst(k),
    )


KALKYL = Table(
    key="kalkyl",
    title="Driftkostnadskalkyl",
    header_row=6,
    rows=40,
    id_column="projekt_id",
    total_label="Summa",
    columns=(
        Column("projekt_id", "Projekt-id", ColType.LIST, width=11, source="table:projekt.projekt_id", required=True),
        Column("belopp", "Investeringsbelopp", ColType.TKR, width=14, positive=True, required=True, unit="tkr",
               total=True),
        Column("avskrivningstid", "Avskrivningstid (år)", ColType.INT, width=12, required=True, minimum=1, maximum=100),
        Column("avskrivning", "Avskrivning per år", ColType.TKR, width=13, input=False, unit="tkr", total=True,
               formula="=IF(SUM({avskrivningstid})=0,0,{belopp}/{avskrivningstid})", compute=_avskrivning),
        _kt_column(1), _kt_column(2), _kt_column(3),
        Column("ovriga_driftkostnader", "Övriga driftkostnader per år", ColType.TKR, width=14, positive=True,
               unit="tkr", total=True),
        Column("summa_ar1", "Driftkostnad år 1", ColType.TKR, width=13, input=False, unit="tkr", total=True,
               formula="={kapitaltjanst_1}+{ovriga_driftkostnader}",
               compute=lambda r, p: _kapitaltjanst(1)(r, p) + num(r.get("ovriga_driftkostnader"))),
    ),
)

INKOP = Table(
    key="inkop",
    title="Upphandlings- och inköpsplan",
    header_row=5,
    rows=40,
    columns=(
        Column("upphandling", "Upphandling/inköp", width=36, required=True),
        Column("projekt_id", "Projekt-id (om investering)", ColType.LIST, width=14, source="table:projekt.projekt_id"),
        Column("beskrivning", "Beskrivning", width=36),
        Column("varde", "Uppskattat värde", ColType.TKR, width=13, positive=True, required=True, unit="tkr"),
        Column("form", "Upphandlingsform", ColType.LIST, width=22, source="upphandlingsform", required=True),
        Column("start", "Planerad start", ColType.DATE, width=13, period="plan"),
        Column("ansvarig", "Ansvarig", width=20),
    ),
)


FORRA = Table(
    key="forra_aret",
    title="Förra årets investeringsbudget och prognos per projekt (tkr)",
    header_row=5,
    rows=20,
    id_column="projekt",
    total_label="Summa",
    locked_when_prefilled=("projekt", "namn", "budget_fg"),  # the prognos columns: locked by their pre-fill
    row_noun="raden för projektet",
    columns=(
        Column("projekt", "Projekt-id", width=12, required=True),
        Column("namn", "Projekt", width=36),
        Column("budget_fg", "Budget {ar0}", ColType.TKR, width=14, total=True, unit="tkr",
               help="Förifylld ur investeringsbudgeten för året före budgetåret; låst."),
        Column("prognos_fg", "Prognos {ar0} (senaste uppföljningen)", ColType.TKR, width=16, total=True, unit="tkr",
               help="Förifylld ur nämndens senaste delårsrapport för året före budgetåret; låst."),
        Column("prognos_kalla", "Prognosens källa", width=34),
        Column("kommentar", "Kommentar", width=40),
    ),
)


def last_year(config: Config, namnd: str, year: int) -> list[dict[str, Any]]:
    """The investment budget of the year before per project (uppfoljning.yaml, when it is that year)."""
    u = config.uppfoljning_fore(year)
    return [{"projekt": i.id, "namn": i.namn, "budget_fg": i.budget} for i in u.investeringar.get(namnd, [])] if u else []


def prefill(config: Config, namnd: str, year: int) -> Prefill:
    rows = last_year(config, namnd, year)
    return Prefill(fields={"internranta": config.ekonomi.internranta / 100}, rows={"forra_aret": rows} if rows else {})


FORM = Form(
    doc_type="investeringsplan",
    title="Investeringsplan",
    version="1.1",
    sheets=(
        SheetSpec(name="Projekt", title="Investeringsplan", table=PROJEKT,
                  intro="Utgifter i tkr per år. Planen ska omfatta minst tre år."),
        SheetSpec(name="Driftkostnadskalkyl", title="Driftkostnadskalkyl per projekt", table=KALKYL,
                  intro="Kapitaltjänst = avskrivning + internränta på bokfört värde (rak avskrivning).",
                  fields=(Field("internranta", "Internränta", "B4", ColType.PERCENT, input=False),)),
        SheetSpec(name="Inköpsplan", title="Upphandlings- och inköpsplan", table=INKOP,
                  intro="Lämnas till upphandlingsenheten tillsammans med investeringsbehoven."),
        SheetSpec(name="Förra året", title="Jämförelse till investeringsplanen", table=FORRA,
                  intro="Investeringsbudgeten och nämndens senaste prognos för året före budgetåret, per projekt "
                        "(läsbara, låsta)."),
    ),
    instructions=(
        "Investeringsplanen ska spegla nämndens behov under minst tre år och förankras i nämnden.",
        "Lokalinvesteringar tas upp i {lokalagare}s investeringsplan, inte här (gäller andra nämnder).",
        "Gör en driftkostnadskalkyl för varje projekt där det är möjligt (avskrivning, internränta, övriga kostnader).",
        "Investeringsmedel får inte användas till driftkostnader: använd bara investeringskonton.",
        "Förvaltningar med investeringar ska också fylla i upphandlings- och inköpsplanen.",
    ),
    prefill=prefill,
)
