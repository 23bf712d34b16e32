"""IK-*: intern kontroll."""

from __future__ import annotations

from collections.abc import Iterator

from xltools.document import Document
from xltools.findings import Finding, Severity
from xltools.rules.registry import Context, rule


@rule("IK-1", Severity.FEL, title="Planen vilar på en riskbedömning och innehåller KS obligatoriska kontrollmoment",
      kalla="Planera; Intern kontroll", documents=("internkontrollplan",))
def riskbaserad(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Kommunstyrelsens obligatoriska kontrollmoment ska finnas med, och planen ska ha minst en egen risk ur
    förvaltningens riskbedömning utöver dem."""
    rows = doc.rows("kontroller")
    have = {str(r.get("kontroll_id") or "").casefold() for r in rows}
    for k in ctx.config.arshjul.obligatoriska_kontrollmoment:
        if k.id.casefold() not in have:
            yield ctx.hit(doc, "Kontrollplan", "A6", f"Kommunstyrelsens obligatoriska kontrollmoment {k.id} "
                          f"({k.kontrollmoment}) saknas i planen.")
    oblig = {k.id.casefold() for k in ctx.config.arshjul.obligatoriska_kontrollmoment}
    if not any(str(r.get("kontroll_id") or "").casefold() not in oblig for r in rows):
        yield ctx.hit(doc, "Kontrollplan", "A6", "Planen innehåller bara de obligatoriska kontrollmomenten. Lägg till "
                      "nämndens egna risker utifrån förvaltningens riskbedömning.")


@rule("IK-3", Severity.FEL, title="En kontroll som visade en brist har en åtgärd",
      kalla="Intern kontroll; Kommunstyrelsens uppsiktsplikt", documents=("delarsrapport", "verksamhetsberattelse"))
def atgard_vid_brist(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Den interna kontrollen följs upp och analyseras i samband med årsredovisningen och ligger till grund för
    kommunstyrelsens uppföljning i januari: en kontroll som visade en brist ska ha en beskriven åtgärd."""
    for r in doc.rows("kontroller"):
        if r.get("brist") == "ja" and not (r.get("atgard") or "").strip():
            sheet, cell = doc.cell_of("kontroller", "atgard", r)
            yield ctx.hit(doc, sheet, cell, f"Kontrollen {r.get('kontroll_id') or ''} visade en brist men ingen åtgärd "
                          "är beskriven. Beskriv vad som görs.")
