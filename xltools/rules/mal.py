"""MAL-* and NP-*: the målkedja in the nämndplan."""

from __future__ import annotations

from collections.abc import Iterator

from xltools.document import Document
from xltools.findings import Finding, Severity
from xltools.rules.registry import Context, rule

KALLA_MAL = "Centrala begrepp: Mål; Nämndplan"


@rule("MAL-1", Severity.FEL, title="Varje mål har minst ett mått; nämndmålen är få", kalla=KALLA_MAL,
      documents=("namndplan",))
def mal_har_matt(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Varje riktat mål och nämndmål ska ha minst ett mått, och nämndmålen ska vara få (högst `max_namndmal`)."""
    matt_for = {str(r.get("mal_id")).casefold() for r in doc.rows("matt") if r.get("mal_id")}
    for r in doc.rows("mal"):
        mal_id = r.get("mal_id")
        if mal_id and str(mal_id).casefold() not in matt_for:
            sheet, cell = doc.cell_of("mal", "mal_id", r)
            yield ctx.hit(doc, sheet, cell, f"Målet {mal_id} har inget mått. Lägg till minst ett mått på bladet Mått.")
    egna = [r for r in doc.rows("mal") if r.get("typ") == "namndmal"]
    most = ctx.config.malkedja.max_namndmal
    if len(egna) > most:
        sheet, cell = doc.cell_of("mal", "mal_id", egna[most])
        yield ctx.hit(doc, sheet, cell, f"Nämnden har {len(egna)} nämndmål; högst {most} är tillåtet. "
                      "Målen ska vara få för att få en styrande effekt.")


@rule("MAL-2", Severity.FEL, title="Resultatmål är tidsatta: målvärde för varje planår", kalla=KALLA_MAL,
      documents=("namndplan",))
def matt_har_malvarden(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Varje mått ska ha ett målvärde för budgetåret och varje planår; ett riktat mål bara för sina egna år
    (ett mål som gäller från planår 2 har inget målvärde för budgetåret)."""
    own = {rm.id.casefold(): set(rm.ar) for rm in ctx.config.riktade_mal_for(doc.namnd)}
    for r in doc.rows("matt"):
        years = own.get(str(r.get("mal_id", "")).casefold())
        for i in ctx.config.year_slots:
            if years is not None and doc.year + i - 1 not in years:
                continue
            if r.get(f"malvarde_{i}") is None:
                sheet, cell = doc.cell_of("matt", f"malvarde_{i}", r)
                yield ctx.hit(doc, sheet, cell, f"Målvärde för {doc.year + i - 1} saknas för måttet "
                              f"'{r.get('matt', '')}'. Resultatmål ska vara tidsatta.")


@rule("MAL-3", Severity.FEL, title="Nämndmål anger vilket strategiskt mål de bidrar till", kalla=KALLA_MAL,
      documents=("namndplan",))
def namndmal_har_strategiskt_mal(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Varje nämndmål ska vara kopplat till ett av kommunfullmäktiges strategiska mål (de riktade målen är
    förifyllda med sitt strategiska mål)."""
    for r in doc.rows("mal"):
        if not r.prefilled and not r.get("strategiskt_mal"):
            sheet, cell = doc.cell_of("mal", "strategiskt_mal", r)
            yield ctx.hit(doc, sheet, cell, f"Nämndmålet {r.get('mal_id', '')} saknar strategiskt mål. "
                          "Välj det strategiska mål som målet bidrar till.")


@rule("NP-1", Severity.FEL, title="Varje riktat mål från KF finns i nämndplanen", kalla="Kommunplan; Nämndplan",
      documents=("namndplan",))
def riktade_mal_finns(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Varje riktat mål som KF gett nämnden för något år i planperioden ska framgå av nämndplanen (med mått och målvärden, MAL-1/2)."""
    have = {str(r.get("mal_id")).casefold() for r in doc.rows("mal") if r.get("mal_id")}
    for rm in ctx.config.riktade_mal_for(doc.namnd, doc.year, planperiod=True):
        if rm.id.casefold() not in have:
            yield ctx.hit(doc, "Mål", "A6:D25", f"Det riktade målet {rm.id} ('{rm.text}') saknas i nämndplanen. "
                          "Använd en ny mall där det är förifyllt.")
    ids = {rm.id.casefold() for rm in ctx.config.malkedja.riktade_mal}
    for r in doc.rows("mal"):
        if r.get("typ") == "riktat" and str(r.get("mal_id", "")).casefold() not in ids:
            sheet, cell = doc.cell_of("mal", "typ", r)
            yield ctx.hit(doc, sheet, cell, f"Målet {r.get('mal_id', '')} är markerat som riktat mål men finns inte "
                          "bland kommunfullmäktiges riktade mål. Ändra typ till Nämndmål.")


@rule("NP-2", Severity.VARNING, title="Nämndmål har aktiviteter i verksamhetsplanen",
      kalla="Verksamhetsplan", documents=("namndplan",), needs=("verksamhetsplan",))
def mal_har_aktiviteter(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Varje mål i nämndplanen bör ha minst en aktivitet i verksamhetsplanen (när den lämnas in samtidigt)."""
    vp = ctx.others["verksamhetsplan"]
    covered = {str(r.get("mal_id")).casefold() for r in vp.rows("aktiviteter") if r.get("mal_id")}
    for r in doc.rows("mal"):
        if r.get("mal_id") and str(r.get("mal_id")).casefold() not in covered:
            sheet, cell = doc.cell_of("mal", "mal_id", r)
            yield ctx.hit(doc, sheet, cell, f"Målet {r.get('mal_id')} har ingen aktivitet i verksamhetsplanen.")
