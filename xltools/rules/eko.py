"""EKO-*: the driftbudget against the nämnd's ram and the kontoplan."""

from __future__ import annotations

from collections.abc import Iterator

from xltools.config import KontoKlass
from xltools.document import Document
from xltools.findings import Finding, Severity
from xltools.rules.registry import Context, rule
from xltools.sv import sv_whole

KALLA = "Ekonomistyrning; Finansiering"


@rule("EKO-1", Severity.FEL, title="Driftbudgetens nettokostnad ryms i nämndens ram", kalla=KALLA,
      documents=("driftbudget",))
def inom_ram(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Nämndens budgeterade nettokostnad får inte överstiga ramen från kommunfullmäktige, för något av åren."""
    for i in (1, 2, 3):
        ram, netto = doc.field(f"ram_{i}"), doc.field(f"netto_{i}")
        if ram is None:
            continue
        if netto is not None and netto - ram > 0.5:
            cv = doc.fields[f"differens_{i}"]
            yield ctx.hit(doc, cv.sheet, cv.cell, f"Nettokostnaden {sv_whole(netto)} tkr för {doc.year + i - 1} "
                          f"överstiger ramen {sv_whole(ram)} tkr med {sv_whole(netto - ram)} tkr. "
                          "Budgeten ska rymmas i ramen.")


@rule("EKO-2", Severity.FEL, title="Interna poster har en motpart (annan nämnd)", kalla="Internhyror och tjänstekataloger",
      documents=("driftbudget",))
def intern_motpart(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Rader på interna konton (internhyra, interna tjänster) ska ange motpartsnämnd, och motparten får inte
    vara nämnden själv; annars kan posten inte stämmas av och elimineras."""
    intern = {k.kod for k in ctx.config.kontoplan.konton if k.intern}
    for r in doc.rows("drift"):
        konto = r.get("konto")
        if konto in intern and not r.get("motpart"):
            sheet, cell = doc.cell_of("drift", "motpart", r)
            yield ctx.hit(doc, sheet, cell, f"Konto {konto} är en intern post; ange motpartsnämnd.")
        elif r.get("motpart") == doc.namnd:
            sheet, cell = doc.cell_of("drift", "motpart", r)
            yield ctx.hit(doc, sheet, cell, "Motparten kan inte vara nämnden själv.")


@rule("EKO-3", Severity.FEL, title="Intäkter på intäktskonton, kostnader på kostnadskonton", kalla=KALLA,
      documents=("driftbudget",))
def konto_och_kolumn(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Ett intäktskonto ska bara ha belopp i intäktskolumnerna och ett kostnadskonto bara i kostnadskolumnerna."""
    klass = {k.kod: k.klass for k in ctx.config.kontoplan.konton}
    for r in doc.rows("drift"):
        k = klass.get(r.get("konto") or "")
        wrong = "kostnader" if k == KontoKlass.INTAKT else "intakter" if k == KontoKlass.KOSTNAD else None
        if wrong is None:
            continue
        for i in (1, 2, 3):
            if r.get(f"{wrong}_{i}"):
                sheet, cell = doc.cell_of("drift", f"{wrong}_{i}", r)
                what = "ett intäktskonto" if wrong == "kostnader" else "ett kostnadskonto"
                yield ctx.hit(doc, sheet, cell, f"Konto {r.get('konto')} är {what}; beloppet står i fel kolumn.")
