"""TAX-*: taxor och avgifter."""

from __future__ import annotations

from collections.abc import Iterator

from xltools.document import Document
from xltools.findings import Finding, Severity
from xltools.rules.registry import Context, rule
from xltools.sv import sv_number


@rule("TAX-1", Severity.FEL, title="Varje ändrad taxa eller avgift har en motivering",
      kalla="Ekonomistyrning: Finansiering", documents=("taxor",))
def motivering(doc: Document, ctx: Context) -> Iterator[Finding]:
    """En ny eller ändrad taxa/avgift ska motiveras (förslaget behandlas av nämnden i april, av KF i juni)."""
    for r in doc.rows("taxor"):
        old, new = r.get("nuvarande"), r.get("foreslaget")
        changed = new is not None and (old is None or abs(new - old) > 0.004)
        if changed and not (r.get("motivering") or "").strip():
            sheet, cell = doc.cell_of("taxor", "motivering", r)
            what = "Den nya taxan" if old is None else f"Taxan ändras från {sv_number(old)} till {sv_number(new)} kr och"
            yield ctx.hit(doc, sheet, cell, f"{what} saknar motivering. Skriv varför.")
