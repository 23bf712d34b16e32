"""INV-*: the investeringsplan, its driftkostnadskalkyl and inköpsplan."""

from __future__ import annotations

from collections.abc import Iterator

from xltools.config import KontoKlass
from xltools.document import Document
from xltools.findings import Finding, Severity
from xltools.rules.registry import Context, rule
from xltools.sv import sv_whole

KALLA = "Ekonomistyrning: Investeringar"


@rule("INV-1", Severity.VARNING, title="Investeringsplanen omfattar minst tre år", kalla=KALLA,
      documents=("investeringsplan",))
def tre_ar(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Planen ska vara löpande på minst tre år: ett år helt utan utgifter när andra år har utgifter varnas."""
    rows = doc.rows("projekt")
    if not rows:
        return
    for i in (1, 2, 3):  # the seed's minst tre år (a fourth plan year may be empty)
        if not any((r.get(f"utgift_{i}") or 0) > 0 for r in rows):
            sheet, cell = doc.cell_of("projekt", f"utgift_{i}", rows[0])
            yield ctx.hit(doc, sheet, cell.rstrip("0123456789") + "6", f"Planen har inga utgifter för {doc.year + i - 1}. "
                          "Investeringsplanen ska spegla behoven under minst tre år.")


@rule("INV-2", Severity.FEL, title="Lokalinvesteringar hör till den lokalägande nämndens plan", kalla=KALLA,
      documents=("investeringsplan",))
def lokal_hos_tekniska(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Lokalinvesteringar ska framgå av den lokalägande nämndens investeringsplan; hos andra nämnder
    flaggas de för att föras över. En lokalkategori som inte markerats som lokal varnas."""
    owner = ctx.config.lokalagare()
    for r in doc.rows("projekt"):
        kat = ctx.config.kategori(r.get("kategori") or "")
        lokal = r.get("lokal") == "ja" or (kat is not None and kat.lokal)
        if lokal and owner is not None and doc.namnd != owner.id:
            sheet, cell = doc.cell_of("projekt", "lokal", r)
            yield ctx.hit(doc, sheet, cell, f"Projektet {r.get('projekt_id')} är en lokalinvestering och ska föras till "
                          f"{owner.namn}s investeringsplan (lokalresursplaneringen), inte tas upp här.")
        elif kat is not None and kat.lokal and r.get("lokal") == "nej":
            sheet, cell = doc.cell_of("projekt", "lokal", r)
            yield ctx.hit(doc, sheet, cell, f"Kategorin {kat.namn} är en lokalkategori men projektet är markerat som "
                          "icke-lokal.", severity=Severity.VARNING)


@rule("INV-3", Severity.VARNING, title="Varje investering har en driftkostnadskalkyl", kalla=KALLA,
      documents=("investeringsplan",))
def driftkostnadskalkyl(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Varje projekt bör ha en driftkostnadskalkyl (där så är möjligt) med samma belopp som planen."""
    kalkyl = {str(r.get("projekt_id")).casefold(): r for r in doc.rows("kalkyl") if r.get("projekt_id")}
    for r in doc.rows("projekt"):
        pid = str(r.get("projekt_id") or "").casefold()
        k = kalkyl.get(pid)
        if k is None:
            sheet, cell = doc.cell_of("projekt", "projekt_id", r)
            yield ctx.hit(doc, sheet, cell, f"Projektet {r.get('projekt_id')} saknar driftkostnadskalkyl. "
                          "Lägg till en rad på bladet Driftkostnadskalkyl.")
        elif abs((k.get("belopp") or 0) - (r.get("total") or 0)) > 1:
            sheet, cell = doc.cell_of("kalkyl", "belopp", k)
            yield ctx.hit(doc, sheet, cell, f"Kalkylens investeringsbelopp {sv_whole(k.get('belopp'))} tkr skiljer sig "
                          f"från projektets totala utgift {sv_whole(r.get('total'))} tkr.")


@rule("INV-4", Severity.FEL, title="Investeringsmedel används inte till driftkostnader", kalla=KALLA,
      documents=("investeringsplan",))
def inga_driftkonton(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Medel anslagna för investeringar får inte användas till driftkostnader: projekt ska konteras på
    investeringskonton, inte på drift- (kostnads- eller intäkts-)konton."""
    klass = {k.kod: k for k in ctx.config.kontoplan.konton}
    for r in doc.rows("projekt"):
        konto = klass.get(r.get("konto") or "")
        if konto is not None and konto.klass != KontoKlass.INVESTERING:
            sheet, cell = doc.cell_of("projekt", "konto", r)
            yield ctx.hit(doc, sheet, cell, f"Konto {konto.kod} {konto.namn} är ett driftkonto. Investeringar ska "
                          "konteras på investeringskonton; investeringsmedel får inte användas till driftkostnader.")


@rule("INV-5", Severity.FEL, title="Förvaltning med investeringar lämnar upphandlings- och inköpsplan", kalla=KALLA,
      documents=("investeringsplan",))
def inkopsplan(doc: Document, ctx: Context) -> Iterator[Finding]:
    """När nämnden har investeringar ska upphandlings- och inköpsplanen vara ifylld."""
    if doc.rows("projekt") and not doc.rows("inkop"):
        yield ctx.hit(doc, "Inköpsplan", "A6", "Nämnden har investeringar men upphandlings- och inköpsplanen är tom. "
                      "Fyll i planerade upphandlingar och inköp.")


@rule("INV-6", Severity.FEL, title="Projektets årtal hänger ihop", kalla=KALLA, documents=("investeringsplan",))
def artal(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Aktiveringsåret kan inte ligga före startåret, och ett projekt ska ha någon utgift."""
    for r in doc.rows("projekt"):
        start, akt = r.get("start"), r.get("aktivering")
        if start and akt and akt < start:
            sheet, cell = doc.cell_of("projekt", "aktivering", r)
            yield ctx.hit(doc, sheet, cell, f"Aktiveringsåret {akt} ligger före startåret {start}.")
        if not r.get("total"):
            sheet, cell = doc.cell_of("projekt", "utgift_1", r)
            yield ctx.hit(doc, sheet, cell, f"Projektet {r.get('projekt_id')} har inga utgifter.")
