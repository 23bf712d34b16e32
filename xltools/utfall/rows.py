"""Ledger rows: what the mapping reads, from a SIE file (verifikationer or #PSALDO) or the CSV.

A LedgerRow is one amount in kronor on one konto in one month with the ledger's own codes
(ansvar, verksamhet, projekt), signed as in the ledger: debet positive, kredit negative (a
kostnad is positive, an intäkt negative). It keeps its file and line, so every figure the mapping
makes can be traced back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from xltools.gcpause import gc_paused
from xltools.utfall.sie import ObjectList, SieFile


@dataclass(frozen=True, slots=True)
class LedgerRow:
    period: str  # 'ÅÅÅÅ-MM'
    konto: str
    belopp: Decimal
    ansvar: str = ""
    namnd: str = ""  # a nämnd id given directly (the CSV's nämnd column)
    verksamhet: str = ""
    projekt: str = ""
    file: str = ""
    line: int = 0


def _code(objects: ObjectList, dim: int | None) -> str:
    if dim is None:
        return ""
    for d, code in objects:
        if d == dim:
            return code
    return ""


@gc_paused
def rows_from_sie(sie: SieFile, *, ansvar_dim: int | None, verksamhet_dim: int | None = None,
                  projekt_dim: int | None = None, source: str = "ver") -> list[LedgerRow]:
    """The file's rows for year 0: every counted verifikation row (`source='ver'`), or the
    #PSALDO rows of year 0 broken down by exactly the ansvar and verksamhet dimensions
    (`source='psaldo'`).

    With #PSALDO, a konto's total for the month (the row with `{}`) is what comes in; the rows
    broken down by ansvar (and verksamhet) share it out, and whatever they leave becomes a row
    without ansvar, so the mapping reports it as unmapped instead of losing it. Rows broken down
    some other way (by projekt alone, say) repeat the total and are not read.
    """
    if source == "ver":
        out = []
        for v in sie.verifications:
            period = f"{v.date.year:04d}-{v.date.month:02d}"
            for r in v.rows:
                out.append(LedgerRow(period, r.account, r.amount, _code(r.objects, ansvar_dim), "",
                                     _code(r.objects, verksamhet_dim), _code(r.objects, projekt_dim), sie.file, r.line))
        return out
    if source != "psaldo":
        raise ValueError(f"källan ska vara 'ver' eller 'psaldo', inte {source!r}")
    wanted = {d for d in (ansvar_dim, verksamhet_dim) if d is not None}
    totals: dict[tuple[str, str], tuple[Decimal, int]] = {}
    shared: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    out = []
    for pb in sie.period_balances:
        if pb.label != "#PSALDO" or pb.year != 0:
            continue
        period = f"{pb.period[:4]}-{pb.period[4:]}"
        if not pb.objects:
            totals[(period, pb.account)] = (pb.amount, pb.line)
        elif {d for d, _ in pb.objects} == wanted:
            shared[(period, pb.account)] += pb.amount
            out.append(LedgerRow(period, pb.account, pb.amount, _code(pb.objects, ansvar_dim), "",
                                 _code(pb.objects, verksamhet_dim), _code(pb.objects, projekt_dim), sie.file, pb.line))
    for key, (amount, line) in totals.items():
        rest = amount - shared.get(key, Decimal(0))
        if rest:
            out.append(LedgerRow(key[0], key[1], rest, "", "", "", "", sie.file, line))
    return out


def total(rows: Iterable[LedgerRow]) -> Decimal:
    return sum((r.belopp for r in rows), Decimal(0))
