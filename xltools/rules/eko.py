"""EKO-*: the driftbudget against the nämnd's ram and the kontoplan."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from xltools.config import KontoKlass
from xltools.document import Document
from xltools.findings import Finding, Severity
from xltools.rules.registry import Context, rule
from xltools.sv import sv_fixed, sv_whole

KALLA = "Ekonomistyrning; Finansiering"


@rule("EKO-1", Severity.FEL, title="Driftbudgetens nettokostnad ryms i nämndens ram", kalla=KALLA,
      documents=("driftbudget",))
def inom_ram(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Nämndens budgeterade nettokostnad får inte överstiga ramen från kommunfullmäktige, för något av åren."""
    for i in ctx.config.year_slots:
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
        for i in ctx.config.year_slots:
            if r.get(f"{wrong}_{i}"):
                sheet, cell = doc.cell_of("drift", f"{wrong}_{i}", r)
                what = "ett intäktskonto" if wrong == "kostnader" else "ett kostnadskonto"
                yield ctx.hit(doc, sheet, cell, f"Konto {r.get('konto')} är {what}; beloppet står i fel kolumn.")


@rule("EKO-4", Severity.VARNING, title="En minskad verksamhet har en konsekvensanalys",
      kalla="Ekonomistyrning; Mål- och resultatstyrning (konsekvensanalys)", documents=("driftbudget",))
def konsekvensanalys(doc: Document, ctx: Context) -> Iterator[Finding]:
    """När en verksamhets budgeterade nettokostnad minskar mot förra årets fastställda budget mer än gränsen
    (planering.yaml konsekvensanalys) ska nämnden beskriva prioriteringen och dess konsekvenser på bladet
    Konsekvensanalys: vad som minskas, konsekvensen och för vem. Listan går till kommunstyrelsen."""
    from xltools.forms.followup import budget_for

    p = ctx.config.planering
    if p.uppfoljningsar != doc.year - 1 or ctx.config.uppfoljning is None:
        return  # the adopted budget the year before is not in the configuration
    before = budget_for(ctx.config, doc.namnd)
    netto: dict[str, float] = {}
    first: dict[str, Any] = {}
    for r in doc.rows("drift"):
        v = str(r.get("verksamhet") or "")
        netto[v] = netto.get(v, 0.0) + float(r.get("netto_1") or 0)
        first.setdefault(v, r)
    if not netto:
        return  # an empty driftbudget is RIM-3's fel, not a prioritisation
    described = {str(r.get("verksamhet") or "") for r in doc.rows("konsekvenser")} if "konsekvenser" in doc.tables \
        else set()
    grans = p.konsekvensanalys
    for v, budget in before.items():
        now = netto.get(v, 0.0)
        fall = budget - now
        if v in described or fall < grans.minskning_tkr or budget <= 0 or 100 * fall / budget < grans.minskning_procent:
            continue
        name = next((x.namn for x in ctx.config.kontoplan.verksamheter if x.kod == v), v)
        where = doc.cell_of("drift", "netto_1", first[v]) if v in first else ("Konsekvensanalys", "A6")
        yield ctx.hit(doc, *where, f"Verksamhet {v} {name}: nettokostnaden {doc.year} är {sv_whole(now)} tkr, "
                      f"{sv_whole(fall)} tkr ({sv_fixed(100 * fall / budget, 1)} %) lägre än budgeten "
                      f"{doc.year - 1} ({sv_whole(budget)} tkr). Beskriv prioriteringen, konsekvensen och för vem "
                      "på bladet Konsekvensanalys.")
