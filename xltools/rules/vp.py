"""VP-*: the verksamhetsplan's aktiviteter."""

from __future__ import annotations

from collections.abc import Iterator

from xltools.document import Document
from xltools.findings import Finding, Severity
from xltools.rules.registry import Context, rule


@rule("VP-1", Severity.FEL, title="Aktiviteter är ansvarsfördelade, tidsatta och tjänar ett mål",
      kalla="Centrala begrepp: Aktivitet; Verksamhetsplan", documents=("verksamhetsplan",))
def aktivitet_komplett(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Varje aktivitet ska ha ansvarig och klart-datum (inom året, se STR-7/STR-14) och avse ett känt mål:
    ett riktat mål för nämnden eller (med nämndplanen, VP-2) ett nämndmål."""
    for r in doc.rows("aktiviteter"):
        start, klart = r.get("start"), r.get("klart")
        if start and klart and start > klart:
            sheet, cell = doc.cell_of("aktiviteter", "klart", r)
            yield ctx.hit(doc, sheet, cell, f"Klart-datum {klart} ligger före startdatum {start}.")


@rule("VP-2", Severity.FEL, title="Aktivitetens mål finns i nämndplanen", kalla="Verksamhetsplan",
      documents=("verksamhetsplan",), needs=("namndplan",))
def aktivitet_mal_finns(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Målet en aktivitet anger ska finnas i nämndens nämndplan (riktat mål eller nämndmål)."""
    np = ctx.others["namndplan"]
    known = {str(r.get("mal_id")).casefold() for r in np.rows("mal") if r.get("mal_id")}
    for r in doc.rows("aktiviteter"):
        mal = r.get("mal_id")
        if mal and str(mal).casefold() not in known:
            sheet, cell = doc.cell_of("aktiviteter", "mal_id", r)
            yield ctx.hit(doc, sheet, cell, f"Målet '{mal}' finns inte i nämndplanen. Ange id för ett mål i nämndplanen.")


@rule("VP-3", Severity.FEL, title="Verksamhetsplanen innehåller aktiviteter för nämndens egna mål",
      kalla="Verksamhetsplan", documents=("verksamhetsplan",))
def aktiviteter_finns(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Planen ska innehålla minst en aktivitet, och ingen aktivitet får ange ett riktat mål som tillhör en annan nämnd."""
    rows = doc.rows("aktiviteter")
    if not rows:
        yield ctx.hit(doc, "Aktiviteter", "A6", "Verksamhetsplanen innehåller inga aktiviteter.")
    others = {r.id.casefold(): r.namnd for r in ctx.config.malkedja.riktade_mal if r.namnd != doc.namnd}
    for r in rows:
        mal = str(r.get("mal_id") or "").casefold()
        if mal in others:
            sheet, cell = doc.cell_of("aktiviteter", "mal_id", r)
            owner = ctx.config.namnd(others[mal]).namn
            yield ctx.hit(doc, sheet, cell, f"Det riktade målet {r.get('mal_id')} är riktat till {owner}, inte till "
                          "den här nämnden.")


@rule("VP-4", Severity.FEL, title="Varje aktivitet bidrar till ett av strategins insatsområden",
      kalla="Verksamhetsplan: Insatsområdena i strategin ska beaktas", documents=("verksamhetsplan",))
def aktivitet_insatsomrade(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Varje aktivitet ska ange ett av insatsområdena i kommunens strategi (malkedja.yaml insatsomraden); ett
    insatsområde som inte finns i strategin är fel. Utan insatsområden i konfigurationen görs ingen kontroll."""
    known = {t.casefold(): t for t in ctx.config.malkedja.insatsomraden}
    if not known:
        return
    strategi = ctx.config.malkedja.strategi
    for r in doc.rows("aktiviteter"):
        value = r.get("insatsomrade")
        sheet, cell = doc.cell_of("aktiviteter", "insatsomrade", r)
        name = r.get("aktivitet_id") or r.get("aktivitet") or f"på rad {r.row}"
        if not value:
            yield ctx.hit(doc, sheet, cell, f"Aktiviteten {name} anger inget insatsområde. Välj det insatsområde i "
                          f"{strategi} som aktiviteten bidrar till.")
        elif str(value).casefold() not in known:
            yield ctx.hit(doc, sheet, cell, f"Insatsområdet '{value}' finns inte i {strategi} (där finns: "
                          f"{', '.join(known.values())}).")
