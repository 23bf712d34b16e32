"""UTF-*: utfall from the ekonomisystem (SIE or the CSV contract) in the follow-up templates.

UTF-1 and UTF-2 are emitted when a ledger export is read (xltools.utfall.uppfoljning, at `xltools
uppfoljning mallar --utfall` and `uppfoljning rapport --utfall`); UTF-3 checks a filled-in template
against the totals of the export its utfall was pre-filled from.
"""

from __future__ import annotations

from collections.abc import Iterator

from xltools.document import Document
from xltools.findings import Finding, Severity
from xltools.forms.period import FOLLOWUP_DOCS
from xltools.rules.registry import Context, code, rule
from xltools.sv import sv_number

SECTION = "Utfall ur ekonomisystemet"
KALLA = "Följa upp: Uppföljning under året; Ekonomistyrning"
TOL = 0.5  # tkr

code("UTF-1", Severity.FEL, title="Ekonomisystemets export kan läsas: SIE (rätt organisationsnummer och "
                                  "räkenskapsår, PC8, verifikationer i balans) eller CSV enligt kontraktet",
     kalla=KALLA, section=SECTION, stage="uppfoljning", mall="{fil}, rad {rad}: {text}",
     doc="Varje fel nämner filen och raden; inget ur filen används förrän den är rättad (mallarna skrivs inte). "
         "Det läsaren läser förbi utan att ett belopp påverkas (t.ex. en etikett som SIE inte känner till, "
         "kolumner som inte läses) är en varning.")
code("UTF-2", Severity.VARNING, title="Varje rad i exporten kan fördelas på nämnd, verksamhet och konto",
     kalla=KALLA, section=SECTION, stage="uppfoljning",
     mall="Ej fördelat på nämnd och verksamhet ({orsak}; {koder}): {belopp} – {kalla}.",
     doc="Det som inte kan fördelas (ansvaret hör inte till någon nämnd, verksamheten saknas eller hör inte till "
         "nämnden, kontot finns inte i kontoplanen) redovisas med belopp, koder och den första raden i filen. "
         "Kontrollsummorna visar att inget har tagits bort: inläst = fördelat + ej fördelat + konton utanför "
         "uppföljningen + efter brytdatum.")


def _tkr(value: float) -> str:
    return sv_number(round(value, 1))


@rule("UTF-3", Severity.FEL, title="Utfallet i mallen stämmer med ekonomisystemets export som det förifylldes ur",
      kalla=KALLA, documents=FOLLOWUP_DOCS)
def utfall_som_exporten(doc: Document, ctx: Context) -> Iterator[Finding]:
    """När utfallet är förifyllt ur ekonomisystemet (källan står på bladet Sammanfattning) är cellerna låsta;
    summan av intäkter och kostnader på bladet Ekonomi ska vara densamma som i exporten (0,5 tkr tolerans)."""
    if not (doc.field("utfall_kalla") or "").strip():
        return
    rows = doc.rows("ekonomi")
    for key, what in (("intakter", "intäkter"), ("kostnader", "kostnader")):
        want = doc.field(f"utfall_{key}_ekonomisystemet")
        got = sum(r.get(f"utfall_{key}") or 0 for r in rows)
        if not isinstance(want, int | float) or abs(got - want) > TOL:
            cv = doc.fields.get(f"utfall_{key}_ekonomisystemet")
            sheet, cell = (cv.sheet, cv.cell) if cv is not None else ("Sammanfattning", "B14")
            shown = _tkr(want) if isinstance(want, int | float) else "saknas"
            yield ctx.hit(doc, sheet, cell, f"Utfallets {what} på bladet Ekonomi ({_tkr(got)} tkr) stämmer inte med "
                          f"ekonomisystemets export ({shown} tkr; {doc.field('utfall_kalla')}). Utfallet är förifyllt "
                          "och låst: ändra det inte, hämta en ny mall om exporten har ändrats.")
