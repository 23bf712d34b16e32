"""UPP-*, IK-2 and AR-1: the follow-ups (månadsrapport, jan–apr, delårsrapport, verksamhetsberättelse)."""

from __future__ import annotations

from collections.abc import Iterator

from xltools.config import Config
from xltools.document import Document
from xltools.findings import Finding, Severity
from xltools.forms.followup import SUMMARY
from xltools.forms.lists import FIXED
from xltools.forms.period import (
    FOLLOWUP_DOCS,
    MONTH_OF_KIND,
    MONTHS,
    WITH_GOALS,
    WITH_PROGNOS,
    kind_of,
    parse_period,
)
from xltools.metadata import META_SHEET, meta_cell
from xltools.rules.registry import Context, rule
from xltools.sv import sv_number

FEL, VARNING = Severity.FEL, Severity.VARNING
TOL = 0.5  # tkr: rounding
KALLA = "Följa upp: Uppföljning under året"
_STATUS = dict(FIXED["kontrollstatus"])


def _tkr(value: float) -> str:
    return sv_number(round(value))


def _verksamhet(config: Config, kod: str | None) -> str:
    name = next((v.namn for v in config.kontoplan.verksamheter if v.kod == kod), None)
    return f"{kod} {name}" if name else str(kod)


def _field_loc(doc: Document, key: str) -> tuple[str, str]:
    cv = doc.fields.get(key)
    return (cv.sheet, cv.cell) if cv is not None else (SUMMARY, "B4")


def _text_missing(doc: Document, ctx: Context, key: str, message: str) -> Iterator[Finding]:
    if key in doc.fields and not (doc.field(key) or "").strip():
        sheet, cell = _field_loc(doc, key)
        yield ctx.hit(doc, sheet, cell, message)


# ---------------------------------------------------------------- UPP-1
@rule("UPP-1", FEL, title="Uppföljningen avser en period som årshjulet anger", kalla=f"{KALLA}; Årshjul",
      documents=FOLLOWUP_DOCS)
def ratt_period(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Månadsrapporter görs för nio av årets tolv månader (ej januari, juni och december). Uppföljning och
    prognos avser januari–april, delårsrapporten januari–augusti och verksamhetsberättelsen hela året.
    Perioden (metadata) ska ligga i uppföljningsåret."""
    sheet, cell = _field_loc(doc, "period_text")
    period = parse_period(doc.meta.period)
    if period is None:  # the metadata itself is wrong: named at its cell
        yield ctx.hit(doc, META_SHEET, meta_cell("period"), f"Mallens period '{doc.meta.period}' är inte en månad (ÅÅÅÅ-MM). "
                      "Använd mallen för rätt period från ekonomienheten.")
    elif period.year != doc.year:
        yield ctx.hit(doc, sheet, cell, f"Perioden {period} ligger inte i uppföljningsåret {doc.year}. "
                      "Använd mallen för rätt period.")
    elif kind_of(doc.doc_type).monthly and period.month not in kind_of(doc.doc_type).months:
        hint = " För december lämnas verksamhetsberättelsen." if period.month == 12 else ""
        yield ctx.hit(doc, sheet, cell, f"Månadsrapport görs inte för {period.month_name} ({period}): månadsrapporter "
                      f"görs för nio av årets tolv månader, ej januari, juni och december.{hint}")
    elif doc.doc_type in MONTH_OF_KIND and period.month != MONTH_OF_KIND[doc.doc_type]:
        month = MONTHS[MONTH_OF_KIND[doc.doc_type] - 1]
        yield ctx.hit(doc, sheet, cell, f"Rapporten avser perioden till och med {month}, men mallen gäller {period}. "
                      "Använd mallen för rätt period.")


# ---------------------------------------------------------------- UPP-2
@rule("UPP-2", FEL, title="Ekonomisk uppföljning: utfall och helårsprognos per verksamhet, ekonomisk analys",
      kalla=KALLA, documents=FOLLOWUP_DOCS)
def ekonomi_komplett(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Varje verksamhet har utfall och (utom i verksamhetsberättelsen, där utfallet är helårets) en prognos
    för helåret. Uppföljningen januari–april, delårsrapporten och verksamhetsberättelsen ska innehålla en
    ekonomisk analys."""
    prognos = doc.doc_type in WITH_PROGNOS
    for r in doc.rows("ekonomi"):
        name = _verksamhet(ctx.config, r.get("verksamhet"))
        if r.get("utfall_intakter") is None and r.get("utfall_kostnader") is None:
            sheet, cell = doc.cell_of("ekonomi", "utfall_kostnader", r)
            yield ctx.hit(doc, sheet, cell, f"Utfall saknas för verksamhet {name}. Fyll i intäkter och kostnader "
                          "(0 om det inte finns några).")
        if prognos and r.get("prognos_intakter") is None and r.get("prognos_kostnader") is None:
            sheet, cell = doc.cell_of("ekonomi", "prognos_kostnader", r)
            yield ctx.hit(doc, sheet, cell, f"Helårsprognos saknas för verksamhet {name}. Uppföljningen ska "
                          "innehålla en prognos för helåret.")
    yield from _text_missing(doc, ctx, "ekonomisk_analys", "Den ekonomiska analysen saknas. Beskriv vad som "
                             "förklarar utfallet och prognosen för helåret.")


# ---------------------------------------------------------------- UPP-3 and AR-1 share the mål checks
def _mal_assessed(doc: Document, ctx: Context, columns: tuple[tuple[str, str], ...]) -> Iterator[Finding]:
    rows = doc.rows("mal")
    for r in rows:
        mal_id = r.get("mal_id") or ""
        for key, what in columns:
            if not r.get(key):
                sheet, cell = doc.cell_of("mal", key, r)
                yield ctx.hit(doc, sheet, cell, f"Målet {mal_id} saknar {what}. Välj Uppfyllt, Delvis uppfyllt, "
                              "Ej uppfyllt eller Ej bedömt.")
        if not (r.get("analys") or "").strip():
            sheet, cell = doc.cell_of("mal", "analys", r)
            yield ctx.hit(doc, sheet, cell, f"Målet {mal_id} saknar analys. Förklara varför resultatet ser ut som det "
                          "gör och vad som görs.")
    if not any(r.get("typ") == "namndmal" for r in rows):
        yield ctx.hit(doc, "Mål", "A6", "Inga nämndmål är redovisade. Lägg till nämndens nämndmål ur nämndplanen "
                      "på tomma rader och bedöm dem.", severity=VARNING)
    yield from _text_missing(doc, ctx, "mal_analys", "Analysen av måluppfyllelsen saknas.")


@rule("UPP-3", FEL, title="Delårsrapporten bedömer varje riktat mål och nämndmål, med analys och årsprognos",
      kalla=KALLA, documents=("delarsrapport",))
def delar_mal(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Delårsrapporten följer upp ekonomi, verksamhet och mål: varje riktat mål och nämndmål har en bedömning
    nu och en prognos för årets slut (det ger antalet mål som bedöms vara uppfyllda vid årsskiftet) och en
    analys; verksamhetens utveckling beskrivs. Saknas nämndmål helt varnas det."""
    yield from _mal_assessed(doc, ctx, (("bedomning", "bedömning nu"), ("prognos", "prognos vid årets slut")))
    yield from _text_missing(doc, ctx, "verksamhet", "Verksamhetens utveckling saknas. Delårsrapporten ska också "
                             "innehålla en verksamhetsuppföljning.")


# ---------------------------------------------------------------- UPP-4
@rule("UPP-4", FEL, title="En negativ avvikelse från budget kräver åtgärder för budget i balans", kalla=KALLA,
      documents=FOLLOWUP_DOCS)
def atgarder_vid_underskott(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Vid en negativ avvikelse från budget ska nämnden beskriva åtgärder för budget i balans. Ett underskott
    för nämnden utan någon åtgärd är fel; har nämnden ett underskott varnas varje verksamhet med negativ
    avvikelse som varken har en egen åtgärd eller omfattas av en åtgärd för hela nämnden."""
    total = doc.field("avvikelse")
    if total is None or total >= -TOL:
        return
    atgarder = doc.rows("atgarder")
    basis = "prognosen för helåret" if doc.doc_type in WITH_PROGNOS else "årets utfall"
    if not atgarder:
        sheet, cell = _field_loc(doc, "avvikelse")
        yield ctx.hit(doc, sheet, cell, f"Enligt {basis} blir underskottet {_tkr(-total)} tkr mot budget, men inga "
                      "åtgärder för budget i balans är beskrivna. Fyll i bladet Åtgärder.")
        return
    covered = {r.get("verksamhet") for r in atgarder}
    if None in covered:  # an åtgärd for the whole nämnd
        return
    for r in doc.rows("ekonomi"):
        avv = r.get("avvikelse") or 0
        if avv < -TOL and r.get("verksamhet") not in covered:
            sheet, cell = doc.cell_of("ekonomi", "avvikelse", r)
            yield ctx.hit(doc, sheet, cell, f"Verksamhet {_verksamhet(ctx.config, r.get('verksamhet'))} har en negativ "
                          f"avvikelse på {_tkr(-avv)} tkr men ingen åtgärd på bladet Åtgärder.", severity=VARNING)


# ---------------------------------------------------------------- UPP-5
@rule("UPP-5", FEL, title="Varje uppföljt mått har en analys", kalla="Centrala begrepp: Mått; Analysera resultat",
      documents=WITH_GOALS)
def matt_har_analys(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Mått behöver kompletteras med en analys av varför resultatet ser ut som det gör. Ett mål utan något
    uppföljt mått varnas."""
    rows = doc.rows("matt")
    for r in rows:
        if not (r.get("analys") or "").strip():
            sheet, cell = doc.cell_of("matt", "analys", r)
            yield ctx.hit(doc, sheet, cell, f"Måttet '{r.get('matt') or ''}' saknar analys. Beskriv varför resultatet "
                          "ser ut som det gör.")
    followed = {str(r.get("mal_id")).casefold() for r in rows if r.get("mal_id")}
    for r in doc.rows("mal"):
        if r.get("mal_id") and str(r.get("mal_id")).casefold() not in followed:
            sheet, cell = doc.cell_of("mal", "mal_id", r)
            yield ctx.hit(doc, sheet, cell, f"Målet {r.get('mal_id')} har inget uppföljt mått på bladet Mått.",
                          severity=VARNING)


# ---------------------------------------------------------------- UPP-6
@rule("UPP-6", VARNING, title="Utfall högre än helårsprognosen är kommenterat", kalla=KALLA, documents=WITH_PROGNOS)
def utfall_over_prognos(doc: Document, ctx: Context) -> Iterator[Finding]:
    """När utfallet hittills (nettokostnad) redan är högre än helårsprognosen är prognosen sannolikt för låg;
    raden ska då ha en kommentar."""
    for r in doc.rows("ekonomi"):
        utfall, prognos = r.get("utfall_netto") or 0, r.get("prognos_netto") or 0
        has_prognos = r.get("prognos_intakter") is not None or r.get("prognos_kostnader") is not None
        if has_prognos and utfall - prognos > TOL and not (r.get("kommentar") or "").strip():
            sheet, cell = doc.cell_of("ekonomi", "kommentar", r)
            yield ctx.hit(doc, sheet, cell, f"Utfallet hittills ({_tkr(utfall)} tkr) är högre än helårsprognosen "
                          f"({_tkr(prognos)} tkr) för verksamhet {_verksamhet(ctx.config, r.get('verksamhet'))}. "
                          "Kontrollera prognosen eller förklara i kommentaren.")


# ---------------------------------------------------------------- UPP-7
@rule("UPP-7", FEL, title="Årsbudgeten kommer från kommunplanen", kalla="Ekonomistyrning", documents=FOLLOWUP_DOCS)
def budget_fran_kommunplanen(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Årsbudgeten per verksamhet är förifylld från kommunfullmäktiges budget. En rad som nämnden lägger till
    (t.ex. en verksamhet utan budget) får ingen egen budget."""
    for r in doc.rows("ekonomi"):
        if not r.prefilled and abs(r.get("budget") or 0) > 0:
            sheet, cell = doc.cell_of("ekonomi", "budget", r)
            yield ctx.hit(doc, sheet, cell, "Årsbudgeten kommer från kommunplanen och kan inte anges på en tillagd "
                          "rad. Lämna cellen tom.")


# ---------------------------------------------------------------- IK-2
@rule("IK-2", FEL, title="I december är samtliga planerade kontroller utförda och redovisade",
      kalla="Intern kontroll; Årshjul (december)", documents=("verksamhetsberattelse",))
def kontroller_utforda(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Samtliga kontroller enligt nämndens plan för intern kontroll ska vara utförda i december och följs upp
    i samband med årsredovisningen: varje kontroll ska ha status Utförd och ett redovisat resultat."""
    for r in doc.rows("kontroller"):
        kid = r.get("kontroll_id") or ""
        status = r.get("status")
        if status != "utford":
            sheet, cell = doc.cell_of("kontroller", "status", r)
            shown = _STATUS.get(status, "inte angiven") if status else "inte angiven"
            yield ctx.hit(doc, sheet, cell, f"Kontrollen {kid} är inte redovisad som utförd (status: {shown.lower()}). "
                          "Samtliga kontroller ska vara utförda i december.")
        elif not (r.get("resultat") or "").strip():
            sheet, cell = doc.cell_of("kontroller", "resultat", r)
            yield ctx.hit(doc, sheet, cell, f"Resultatet av kontrollen {kid} saknas.")


# ---------------------------------------------------------------- AR-1
@rule("AR-1", FEL, title="Årsredovisningen följer upp strategisk plan, kommunplan och strategins insatsområden",
      kalla="Årsredovisning", documents=("verksamhetsberattelse",))
def arsredovisning(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Verksamhetsberättelsen följer upp hela året: varje riktat mål och nämndmål har en bedömning av
    måluppfyllelsen och en analys, verksamhetens utveckling beskrivs, och det framgår för varje insatsområde
    i kommunens strategi om det berör nämnden och i så fall hur arbetet fortlöper."""
    yield from _mal_assessed(doc, ctx, (("bedomning", "bedömning av måluppfyllelsen"),))
    yield from _text_missing(doc, ctx, "verksamhet", "Beskrivningen av årets viktiga händelser och verksamhetens "
                             "utveckling saknas.")
    for r in doc.rows("insatser"):
        name = r.get("insatsomrade") or ""
        if r.get("berors") is None:
            sheet, cell = doc.cell_of("insatser", "berors", r)
            yield ctx.hit(doc, sheet, cell, f"Ange om insatsområdet '{name}' berör nämnden (Ja eller Nej).")
        elif r.get("berors") == "ja" and not (r.get("beskrivning") or "").strip():
            sheet, cell = doc.cell_of("insatser", "beskrivning", r)
            yield ctx.hit(doc, sheet, cell, f"Beskriv hur arbetet med insatsområdet '{name}' fortlöper.")

