"""God ekonomisk hushållning: the balanskravsutredning and the financial goals' values, for any statement.

One computation for the kommunplan (budget per year) and the follow-up (budget, prognos and utfall of
the year): amounts in kronor, signed as presented (intäkter +, kostnader −); goal values in per cent.
"""

from __future__ import annotations

from xltools.config import FinansielltMalTyp
from xltools.consolidate.lines import Line, add_sums

# Balanskravsutredning (kommunallagen 11 kap. 12 §; LKBR): årets resultat, the adjustments, RUR.
BALANSKRAV_LINES: tuple[Line, ...] = (
    Line("arets_resultat", "Årets resultat"),
    Line("realisationsvinster", "Avgår: samtliga realisationsvinster", indent=1),
    Line("undantag", "Vinster (−) och förluster (+) enligt undantagsmöjlighet", indent=1),
    Line("orealiserade_vardepapper", "Orealiserade förluster (+) och vinster (−) i värdepapper", indent=1),
    Line("aterforing_orealiserade", "Återföring av orealiserade förluster (−) och vinster (+) i värdepapper",
         indent=1),
    Line("efter_balanskravsjusteringar", "Årets resultat efter balanskravsjusteringar",
         ("arets_resultat", "realisationsvinster", "undantag", "orealiserade_vardepapper", "aterforing_orealiserade")),
    Line("rur_reservering", "Medel till resultatutjämningsreserv", indent=1),
    Line("rur_disposition", "Medel från resultatutjämningsreserv", indent=1),
    Line("resultatutjamningsreserv", "Reservering till (−) och disposition från (+) resultatutjämningsreserv",
         ("rur_reservering", "rur_disposition")),
    Line("balanskravsresultat", "Årets balanskravsresultat",
         ("efter_balanskravsjusteringar", "resultatutjamningsreserv")),
)


def balanskravsutredning(arets_resultat: int, *, realisationsvinster: int = 0, orealiserade_vardepapper: int = 0,
                         rur_reservering: int = 0, rur_disposition: int = 0, undantag: int = 0,
                         aterforing_orealiserade: int = 0) -> dict[str, int]:
    """The balanskravsutredning's lines; realisationsvinster and medel till/från RUR are given as positive
    amounts as they are booked (realisationsvinster and medel till RUR are deducted), the other adjustments
    signed as presented."""
    values: dict[str, int | None] = {
        "arets_resultat": arets_resultat, "realisationsvinster": -realisationsvinster, "undantag": undantag,
        "orealiserade_vardepapper": orealiserade_vardepapper, "aterforing_orealiserade": aterforing_orealiserade,
        "rur_reservering": -rur_reservering, "rur_disposition": rur_disposition,
    }
    return {k: v or 0 for k, v in add_sums(values, BALANSKRAV_LINES).items()}


def malvarde(typ: FinansielltMalTyp | str, rr: dict[str, int | None], br: dict[str, int | None] | None,
             investeringar: int | None) -> float | None:
    """A financial goal's value in per cent from a resultaträkning (its LKBR line keys), a balansräkning
    (summa_tillgangar, eget_kapital) and the year's nettoinvesteringar; None when it cannot be computed."""
    if typ == FinansielltMalTyp.RESULTATANDEL:
        base = (rr.get("skatteintakter") or 0) + (rr.get("generella_statsbidrag_och_utjamning") or 0)
        return 100 * (rr.get("arets_resultat") or 0) / base if base else None
    if typ == FinansielltMalTyp.SJALVFINANSIERINGSGRAD:
        if not investeringar:
            return None
        return 100 * ((rr.get("arets_resultat") or 0) - (rr.get("avskrivningar") or 0)) / investeringar
    if br is None:
        return None
    assets = br.get("summa_tillgangar") or 0
    return 100 * (br.get("eget_kapital") or 0) / assets if assets else None


def mal_uppfyllt(typ: FinansielltMalTyp | str, value: float | None, minst: float) -> bool:
    """Met when the value reaches the goal; a självfinansieringsgrad without investments counts as met."""
    if value is None:
        return typ == FinansielltMalTyp.SJALVFINANSIERINGSGRAD
    return value >= minst - 1e-9
