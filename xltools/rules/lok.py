"""LOK-*: the lokalbehovsplan (lokalresursplanering)."""

from __future__ import annotations

from collections.abc import Iterator

from xltools.document import Document
from xltools.findings import Finding, Severity
from xltools.rules.registry import Context, rule

SECTION = "Lokalbehov"  # the heading of these rules in docs/regler.md
KALLA = "Investeringar: lokalresursplanering; Kommunplan"
GROWS = ("ny", "utokning")  # behov that need new yta (an anpassning may keep the yta it has)


@rule("LOK-1", Severity.FEL, title="Varje lokalbehov avser ett år i planperioden", kalla=KALLA,
      documents=("lokalbehovsplan",))
def inom_planperioden(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Året då lokalen behövs ska ligga i budgetåret eller något av planåren; behov längre fram tas
    upp i en senare plan."""
    first, last = doc.year, doc.year + len(ctx.config.planering.planar)
    for r in doc.rows("behov"):
        ar = r.get("fran_ar")
        if ar is not None and not first <= ar <= last:
            sheet, cell = doc.cell_of("behov", "fran_ar", r)
            yield ctx.hit(doc, sheet, cell, f"Behovet {r.get('behov_id')} avser {ar}, utanför planperioden "
                          f"{first}–{last}.")


@rule("LOK-2", Severity.FEL, title="Ny lokal och mer yta anger ytan och en uppskattad investering", kalla=KALLA,
      documents=("lokalbehovsplan",))
def yta_och_investering(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Ett behov av ny lokal eller mer yta ska ange hur många m² som behövs och en uppskattad investering (tkr),
    så att lokalägaren kan ta upp det i sin investeringsplan (saknas investeringen varnas det). En avveckling
    anger den yta som lämnas."""
    for r in doc.rows("behov"):
        typ = r.get("typ")
        if r.get("yta") is None and (typ in GROWS or typ == "avveckling"):
            sheet, cell = doc.cell_of("behov", "yta", r)
            yield ctx.hit(doc, sheet, cell, f"Behovet {r.get('behov_id')} saknar yta (m²).")
        if typ in GROWS and r.get("investering") is None:
            sheet, cell = doc.cell_of("behov", "investering", r)
            yield ctx.hit(doc, sheet, cell, f"Behovet {r.get('behov_id')} ({'ny lokal' if typ == 'ny' else 'mer yta'}) "
                          "saknar en uppskattad investering.", severity=Severity.VARNING)
