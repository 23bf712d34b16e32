"""Driftbudget (internbudget): intäkter and kostnader per verksamhet and konto, budget year and plan years."""

from __future__ import annotations

from typing import Any

from xltools.config import Config
from xltools.forms.layout import (
    YEAR_SLOTS,
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

SHEET = "Driftbudget"

SLOTS = range(1, YEAR_SLOTS + 1)
_amount = dict(type=ColType.TKR, width=13, positive=True, total=True, unit="tkr")


def _netto(i: int) -> Column:
    return Column(
        key=f"netto_{i}", header=f"Netto {{ar{i}}}", type=ColType.TKR, width=13, input=False, total=True,
        unit="tkr", year=i, formula=f"={{kostnader_{i}}}-{{intakter_{i}}}",
        compute=lambda r, p, k=f"kostnader_{i}", n=f"intakter_{i}": num(r.get(k)) - num(r.get(n)),
    )


TABLE = Table(
    key="drift",
    title="Driftbudget per verksamhet och konto (tkr)",
    header_row=5,
    rows=60,
    total_label="Summa",
    columns=(
        Column("verksamhet", "Verksamhet", ColType.LIST, width=28, source="verksamheter", required=True,
               dim="verksamhet"),
        Column("konto", "Konto (kontogrupp)", ColType.LIST, width=30, source="konton_drift", required=True, dim="konto"),
        Column("motpart", "Motpart (intern post)", ColType.LIST, width=22, source="namnder", dim="motpart",
               help="Ange motpartsnämnd för interna poster (internhyra, interna tjänster)."),
        Column("beskrivning", "Beskrivning", width=26),
        *per_year("intakter", "Intäkter {ar}", fact="intakter", konto_klass="intakt", **_amount),
        *per_year("kostnader", "Kostnader {ar}", fact="kostnader", konto_klass="kostnad", **_amount),
        *(_netto(i) for i in SLOTS),
    ),
)


KONSEKVENS = Table(
    key="konsekvenser",
    title="Konsekvensanalys av nämndens prioriteringar",
    header_row=5,
    rows=20,
    row_noun="prioriteringen",
    columns=(
        Column("prioritering", "Prioritering: vad minskas, tas bort eller skjuts upp", width=40, required=True),
        Column("verksamhet", "Verksamhet", ColType.LIST, width=28, source="verksamheter", required=True),
        Column("belopp", "Minskad nettokostnad {ar1}", ColType.TKR, width=14, positive=True, total=True, unit="tkr"),
        Column("konsekvens", "Konsekvens för verksamheten och målen", width=50, required=True),
        Column("for_vem", "För vem (vilka invånare, brukare eller elever)", width=30, required=True),
    ),
)


FORRA = Table(
    key="forra_aret",
    title="Förra årets fastställda budget och prognos per verksamhet (tkr)",
    header_row=5,
    rows=12,
    id_column="verksamhet",
    total_label="Summa",
    match=("verksamhet",),
    locked_when_prefilled=("verksamhet", "budget_fg"),  # the prognos columns: locked by their pre-fill (uppfoljning.forra_aret)
    row_noun="raden för verksamheten",
    columns=(
        Column("verksamhet", "Verksamhet", ColType.LIST, width=28, source="verksamheter", required=True),
        Column("budget_fg", "Fastställd budget {ar0} (nettokostnad)", ColType.TKR, width=18, total=True, unit="tkr",
               help="Förifylld ur den fastställda driftbudgeten för året före budgetåret; låst."),
        Column("prognos_fg", "Prognos {ar0} (nettokostnad, senaste uppföljningen)", ColType.TKR, width=18, total=True,
               unit="tkr", help="Förifylld ur nämndens senaste uppföljning av året före budgetåret; låst."),
        Column("prognos_kalla", "Prognosens källa", width=34),
        Column("kommentar", "Kommentar", width=44),
    ),
)


def last_year(config: Config, namnd: str, year: int) -> list[dict[str, Any]]:
    """The adopted driftbudget of the year before, per verksamhet (uppfoljning.yaml, when it is that year)."""
    u = config.uppfoljning_fore(year)
    return [{"verksamhet": v, "budget_fg": tkr} for v, tkr in u.driftbudget.get(namnd, {}).items()] if u else []


def _ram(i: int) -> Field:
    return Field(key=f"ram_{i}", label="Ram (nettokostnad), tkr" if i == 1 else "", cell=f"{'BCDE'[i - 1]}4",
                 type=ColType.TKR, input=False, year=i)


def _netto_total(i: int) -> Field:
    return Field(key=f"netto_{i}", label="Budgeterad nettokostnad, tkr" if i == 1 else "", cell=f"{'BCDE'[i - 1]}5",
                 type=ColType.TKR, input=False, year=i, formula=f"={{sum:drift.netto_{i}}}",
                 compute=lambda e, p, i=i: e[f"sum:drift.netto_{i}"])


def _diff(i: int) -> Field:
    return Field(key=f"differens_{i}", label="Differens mot ram (+ = inom ram), tkr" if i == 1 else "",
                 cell=f"{'BCDE'[i - 1]}6", type=ColType.TKR, input=False, year=i,
                 formula=f"={{field:ram_{i}}}-{{field:netto_{i}}}",
                 compute=lambda e, p, i=i: num(e.get(f"ram_{i}")) - num(e.get(f"netto_{i}")))


SUMMARY = SheetSpec(
    name="Sammanfattning",
    title="Driftbudget – sammanfattning mot ram",
    intro="Ramen är fastställd av kommunfullmäktige. Nettokostnaden räknas fram från bladet Driftbudget.",
    static=tuple((f"{'BCDE'[i - 1]}3", f"{{ar{i}}}") for i in SLOTS),
    fields=(*(_ram(i) for i in SLOTS), *(_netto_total(i) for i in SLOTS), *(_diff(i) for i in SLOTS),
            Field(key="kommentar", label="Kommentar till budgeten", cell="B8", height=60)),
)


def purchases(config: Config, namnd: str, year: int) -> list[dict[str, Any]]:
    """The locked lines of what the nämnd buys of gemensamma nämnder hosted elsewhere (config: kop)."""
    return [{"verksamhet": n.kop.verksamhet, "konto": n.kop.konto,
             "beskrivning": f"Köp av verksamhet: {n.namn} (värdkommun {n.vardkommun})",
             **{f"kostnader_{i}": n.kop.belopp.get(year + i - 1) for i in config.year_slots}}
            for n in config.kop_by(namnd) if n.kop is not None]


def prefill(config: Config, namnd: str, year: int) -> Prefill:
    """The ram per year (for a hosted gemensam nämnd the whole nämnd's, Config.brutto_ram) and the locked
    purchase lines."""
    fields: dict[str, Any] = {f"ram_{i}": config.brutto_ram(namnd, year + i - 1) for i in config.year_slots}
    rows = purchases(config, namnd, year)
    before = {"forra_aret": last_year(config, namnd, year)} if last_year(config, namnd, year) else {}
    if not rows:
        return Prefill(fields=fields, rows=before)
    return Prefill(fields=fields, rows={"drift": rows, **before},
                   locked={"drift": tuple(c.key for c in TABLE.columns if c.input)})


FORM = Form(
    doc_type="driftbudget",
    title="Driftbudget (internbudget)",
    version="1.2",
    sheets=(SUMMARY, SheetSpec(name=SHEET, title="Driftbudget per verksamhet och konto", table=TABLE,
                               intro="Intäkter och kostnader anges som positiva belopp i tkr; netto räknas fram."),
            SheetSpec(name="Förra året", title="Jämförelse till driftbudgeten", table=FORRA,
                      intro="Kommunfullmäktiges fastställda driftbudget och nämndens senaste prognos för året före "
                            "budgetåret, per verksamhet (läsbara, låsta). Budgetera mot dem på bladet Driftbudget."),
            SheetSpec(name="Konsekvensanalys", title="Konsekvensanalys av prioriteringar", table=KONSEKVENS,
                      intro="När verksamhet och ekonomi inte går ihop prioriterar nämnden. Beskriv varje prioritering: "
                            "vad som minskas, konsekvensen och för vem. Listan går till kommunstyrelsen.")),
    instructions=(
        "Fyll i nämndens driftbudget per verksamhet och konto för budgetåret och planåren.",
        "Intäkter och kostnader skrivs som positiva belopp i tusental kronor (tkr). Nettot räknas fram.",
        "Interna poster (internhyra, interna tjänster) ska ha motpartsnämnd angiven.",
        "Bladet Sammanfattning visar differensen mot nämndens ram; en negativ differens är ett fel.",
        "Bladet Förra året visar den fastställda budgeten för året före per verksamhet, att jämföra med.",
        "Minskar en verksamhets nettokostnad mot förra årets budget ska nämnden beskriva prioriteringen och dess "
        "konsekvenser på bladet Konsekvensanalys (den går till kommunstyrelsen).",
    ),
    prefill=prefill,
)
