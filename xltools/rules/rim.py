"""RIM-*: plausibility and completeness: amounts out of proportion, an empty driftbudget, an unallocated ram.

The scale is the configuration's: the nämnd's ram and the kommun's total (the sum of every nämnd's ram
for the year, in a follow-up year the adopted budget in uppfoljning.yaml). An amount no kommun of this
size can have is a fel; one out of proportion to the nämnd is a varning ("kronor i stället för tkr?").
"""

from __future__ import annotations

from collections.abc import Iterator

from xltools.config import Config
from xltools.document import Document
from xltools.findings import Finding, Severity
from xltools.forms import DECLARED
from xltools.forms.layout import ColType
from xltools.rules.registry import Context, rule
from xltools.sv import sv_whole

SECTION = "Rimlighet och fullständighet"
KALLA = "Ekonomistyrning; Finansiering (belopp i tkr)"
KOMMUN_FACTOR = 2  # one amount above twice the kommun's whole nettokostnad is impossible
NAMND_FACTOR = 3  # one drift amount above three times the nämnd's scale is out of proportion
NAMND_FLOOR = 0.02  # a nämnd's scale is at least this share of the kommun's (internal service nämnder)
UNALLOCATED = 0.01  # an unallocated part of the ram above this share (and 0.5 tkr) gives a varning

# Every document with amounts in tkr typed into a table, and those columns.
TKR_COLUMNS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    d: tuple((t.key, keys) for _, t in form.tables()
             if (keys := tuple(c.key for c in t.columns if c.type == ColType.TKR and c.input and not c.formula)))
    for d, form in DECLARED.items()
}
TKR_DOCUMENTS = tuple(d for d, cols in TKR_COLUMNS.items() if cols)
DRIFT_TABLES = frozenset({"drift", "ekonomi"})  # intäkter and kostnader of the year (plan and follow-up)
DRIFT_DOCUMENTS = tuple(d for d, cols in TKR_COLUMNS.items() if any(t in DRIFT_TABLES for t, _ in cols))


def scale(config: Config, namnd: str, year: int) -> tuple[float, float]:
    """(the nämnd's ram, the kommun's total) for a year, in tkr; 0 where the configuration has none."""
    ramar = {n: r.get(year) or 0.0 for n, r in config.ekonomi.ramar.items()}
    if not any(ramar.values()) and config.uppfoljning is not None and config.uppfoljning.ar == year:
        ramar = {n: sum(v.values()) for n, v in config.uppfoljning.driftbudget.items()}
    return ramar.get(namnd, 0.0), sum(v for v in ramar.values() if v > 0)


@rule("RIM-1", Severity.FEL, title="Ett belopp är större än kommunens hela budget (kronor i stället för tkr?)",
      kalla=KALLA, documents=TKR_DOCUMENTS)
def orimligt_belopp(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Ett enskilt belopp i tkr som är mer än dubbelt så stort som summan av alla nämnders ramar för året kan
    inte stämma: det är skrivet i kronor, har fått för många nollor eller är ett skrivfel. Kommunplanen och
    uppföljningen tar inte med arbetsboken förrän beloppet är rättat."""
    _, kommun = scale(ctx.config, doc.namnd, doc.year)
    if kommun <= 0:
        return
    limit = KOMMUN_FACTOR * kommun
    for table, keys in TKR_COLUMNS[doc.doc_type]:
        for r in doc.rows(table):
            for key in keys:
                v = r.get(key) if key in r.columns else None  # (a plan period of two plan years has no year 4)
                if isinstance(v, int | float) and abs(v) > limit:
                    sheet, cell = doc.cell_of(table, key, r)
                    yield ctx.hit(doc, sheet, cell, f"Beloppet {sv_whole(v)} tkr är större än hela kommunens budget "
                                  f"({sv_whole(kommun)} tkr för {doc.year}). Belopp skrivs i tusental kronor (tkr): "
                                  "är det skrivet i kronor, eller med för många nollor?")


@rule("RIM-2", Severity.VARNING, title="Ett driftbelopp är orimligt stort för nämnden (kronor i stället för tkr?)",
      kalla=KALLA, documents=DRIFT_DOCUMENTS)
def kronor_i_tkr(doc: Document, ctx: Context) -> Iterator[Finding]:
    """En enskild intäkt, kostnad eller ett utfall i tkr (driftbudget, uppföljningens ekonomiblad) som är mer än
    tre gånger nämndens ram (dock minst 2 % av kommunens samlade ramar, för nämnder med stora interna intäkter)
    är troligen skrivet i kronor. Varningen frågar vid cellen; investeringar prövas mot kommunens storlek (RIM-1)."""
    ram, kommun = scale(ctx.config, doc.namnd, doc.year)
    base = max(ram, NAMND_FLOOR * kommun)
    if base <= 0:
        return
    limit, impossible = NAMND_FACTOR * base, KOMMUN_FACTOR * kommun
    for table, keys in TKR_COLUMNS[doc.doc_type]:
        if table not in DRIFT_TABLES:
            continue
        for r in doc.rows(table):
            for key in keys:
                v = r.get(key) if key in r.columns else None  # (a plan period of two plan years has no year 4)
                if isinstance(v, int | float) and limit < abs(v) <= impossible:
                    sheet, cell = doc.cell_of(table, key, r)
                    yield ctx.hit(doc, sheet, cell, f"Beloppet {sv_whole(v)} tkr är mer än tre gånger nämndens "
                                  f"ram ({sv_whole(ram)} tkr för {doc.year}). Kronor i stället för tkr? "
                                  "Belopp skrivs i tusental kronor: 1 250 000 kr skrivs 1 250.")


@rule("RIM-3", Severity.FEL, title="Driftbudgeten är inte tom", kalla=KALLA, documents=("driftbudget",))
def tom_driftbudget(doc: Document, ctx: Context) -> Iterator[Finding]:
    """En driftbudget utan en enda intäkt eller kostnad är inte ifylld, också när nettot då ryms i ramen (för en
    nämnd som har en ram; utan ram, t.ex. när kostnaderna budgeteras på finansförvaltningen, får den vara tom)."""
    if not doc.field("ram_1") or any(r.get(f"{k}_{i}") for r in doc.rows("drift") for k in ("intakter", "kostnader") for i in ctx.config.year_slots):
        return
    sheet, t = doc.form.table("drift")
    ram = doc.field("ram_1")
    of_ram = f" Nämndens ram för {doc.year} är {sv_whole(ram)} tkr." if ram else ""
    yield ctx.hit(doc, sheet.name, t.ref("verksamhet", t.first_row),
                  "Driftbudgeten är tom: ingen intäkt eller kostnad är ifylld." + of_ram
                  + " Fördela ramen på verksamheter och konton.")


@rule("RIM-4", Severity.VARNING, title="Hela ramen är fördelad i driftbudgeten", kalla=KALLA,
      documents=("driftbudget",))
def ofordelad_ram(doc: Document, ctx: Context) -> Iterator[Finding]:
    """En budgeterad nettokostnad som ligger mer än 1 % (och 0,5 tkr) under ramen lämnar en del av ramen
    ofördelad; det kan vara avsiktligt (ett överskott) men är oftare en glömd rad. En tom driftbudget är RIM-3."""
    if not any(doc.rows("drift")):
        return
    for i in ctx.config.year_slots:
        ram, netto = doc.field(f"ram_{i}"), doc.field(f"netto_{i}")
        if not ram or netto is None:
            continue
        left = ram - netto
        if left > 0.5 and left > UNALLOCATED * ram:
            cv = doc.fields[f"differens_{i}"]
            yield ctx.hit(doc, cv.sheet, cv.cell, f"{sv_whole(left)} tkr av ramen {sv_whole(ram)} tkr för "
                          f"{doc.year + i - 1} är inte fördelade (budgeterad nettokostnad {sv_whole(netto)} tkr). "
                          "Fördela hela ramen, eller förklara överskottet i kommentaren.")
