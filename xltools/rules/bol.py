"""BOL-*: the bolagsplan the kommunstyrelse hands in for the kommun's bolag."""

from __future__ import annotations

from collections.abc import Iterator

from xltools.config.models import Bolag
from xltools.document import Document
from xltools.findings import Finding, Severity
from xltools.rules.registry import Context, rule
from xltools.sv import sv_whole

KALLA = "Kommunplanen: nämndernas och bolagens budget och verksamhetsplan"


def _bolag(ctx: Context, bolag: object) -> Bolag | None:
    return next((b for b in ctx.config.organisation.bolag if b.id == bolag), None)


def _namn(ctx: Context, bolag: object) -> str:
    b = _bolag(ctx, bolag)
    return b.namn if b else str(bolag or "")


@rule("BOL-1", Severity.FEL, title="Bolagets balansbudget går ihop", kalla=KALLA, documents=("bolagsplan",))
def balans_gar_ihop(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Summa tillgångar ska vara lika med summa eget kapital, avsättningar och skulder (högst 1 tkr skillnad)."""
    for r in doc.rows("balans"):
        if all(r.get(k) is None for k in ("anlaggningstillgangar", "omsattningstillgangar", "eget_kapital")):
            continue
        tillgangar = sum(r.get(k) or 0 for k in ("anlaggningstillgangar", "omsattningstillgangar"))
        skulder = sum(r.get(k) or 0 for k in ("eget_kapital", "avsattningar", "langfristiga_skulder", "kortfristiga_skulder"))
        if abs(tillgangar - skulder) > 1:
            sheet, cell = doc.cell_of("balans", "ek_och_skulder", r)
            yield ctx.hit(doc, sheet, cell, f"Balansbudgeten för {_namn(ctx, r.get('bolag'))} {r.get('ar')} går inte "
                          f"ihop: tillgångar {sv_whole(tillgangar)} tkr men eget kapital, avsättningar och skulder "
                          f"{sv_whole(skulder)} tkr (skillnad {sv_whole(tillgangar - skulder)} tkr).")


@rule("BOL-2", Severity.FEL, title="Lånen med kommunal borgen ryms i borgensramen", kalla=KALLA,
      documents=("bolagsplan",))
def inom_borgensram(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Ett bolags lån med kommunal borgen får inte överstiga borgensramen som kommunfullmäktige beslutar
    (organisation.yaml bolag[].borgensram)."""
    for r in doc.rows("borgen"):
        borgen = r.get("borgen")
        bolag = _bolag(ctx, r.get("bolag"))
        if borgen is None or bolag is None:
            continue
        ram = bolag.borgensram.get(r.get("ar"), 0)
        if borgen - ram > 0.5:
            sheet, cell = doc.cell_of("borgen", "borgen", r)
            yield ctx.hit(doc, sheet, cell, f"Lånen med kommunal borgen för {bolag.namn} {r.get('ar')} "
                          f"({sv_whole(borgen)} tkr) överstiger borgensramen {sv_whole(ram)} tkr med "
                          f"{sv_whole(borgen - ram)} tkr. Kommunfullmäktige behöver besluta om en högre ram.")


@rule("BOL-3", Severity.FEL, title="Varje bolag har resultatbudget för varje år", kalla=KALLA,
      documents=("bolagsplan",))
def resultat_ifyllt(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Resultatbudgetens rad för ett bolag och år ska ha rörelsens intäkter och kostnader."""
    for r in doc.rows("resultat"):
        if r.prefilled and r.get("intakter") is None and r.get("kostnader") is None:
            sheet, cell = doc.cell_of("resultat", "intakter", r)
            yield ctx.hit(doc, sheet, cell, f"Resultatbudgeten för {_namn(ctx, r.get('bolag'))} {r.get('ar')} saknas: "
                          "ange rörelsens intäkter och kostnader ur bolagets budget.")


@rule("BOL-4", Severity.VARNING, title="Ägardirektivets mål har målvärden", kalla=KALLA, documents=("bolagsplan",))
def malvarden(doc: Document, ctx: Context) -> Iterator[Finding]:
    """Varje mål i ägardirektivet ska ha ett målvärde för varje år i planperioden."""
    for r in doc.rows("mal"):
        for i in ctx.config.year_slots:
            if r.get(f"malvarde_{i}") is None:
                sheet, cell = doc.cell_of("mal", f"malvarde_{i}", r)
                yield ctx.hit(doc, sheet, cell, f"Målvärde för {doc.year + i - 1} saknas för ägardirektivets mål "
                              f"{r.get('mal_id')} ({_namn(ctx, r.get('bolag'))}).")
