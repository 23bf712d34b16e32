"""SIE writer: a SieFile as SIE type 1, 2, 3, 4E or 4I, in PC8, the way `sie.parse_sie` reads it.

Records come in the order of the spec (identification, kontoplan, dimensions and objects,
balances, period balances, verifikationer); text fields are always quoted (`\\"` and `\\\\` inside),
codes only when they hold a blank or a special character; amounts have a decimal point and at most
two decimals, dates are ÅÅÅÅMMDD. An #RTRANS is followed by its #TRANS copy, as the spec asks.
`as_variant` keeps what one SIE type holds; `with_balances` derives #RES, #UB and #PSALDO from the
verifikationer so a generated type-4E file agrees with itself.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from xltools.errors import XltoolsError
from xltools.utfall.files import write_bytes
from xltools.utfall.sie import (
    VARIANTS,
    Balance,
    ObjectList,
    PeriodBalance,
    SieFile,
    Transaction,
    Verification,
    ksumma,
)

_BARE = re.compile(r'[^\s"{}\\]+')
# Typographic characters PC8 lacks and their plain stand-ins (format_sie(..., typographic=True)).
PC8_STAND_INS = str.maketrans({"–": "-", "—": "-", "−": "-", "‘": "'", "’": "'", "“": "'", "”": "'", "„": "'",
                               "…": "...", "€": "EUR", "\u00a0": " ", "\u202f": " ", "\u2009": " "})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _text(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError(f"styrtecken kan inte skrivas i en SIE-fil: {value!r}")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _code(value: str) -> str:
    return value if _BARE.fullmatch(value) and not value.startswith("#") else _text(value)


def _date(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _amount(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"ett belopp måste vara ett tal: {value}")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValueError(f"ett belopp i SIE har högst två decimaler: {value}")
    return format(value, "f")


def _quantity(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _objects(objects: ObjectList) -> str:
    return "{" + " ".join(f"{d} {_text(o)}" for d, o in objects) + "}"


def _fields(*fields: str) -> str:
    """Join fields, dropping optional ones at the end that are empty ('""' in between)."""
    out = list(fields)
    while out and out[-1] in ("", '""'):
        out.pop()
    return " ".join(f if f != "" else '""' for f in out)


def _row(row: Transaction) -> str:
    return f"{row.label} " + _fields(
        _code(row.account), _objects(row.objects), _amount(row.amount),
        _date(row.date) if row.date else "", _text(row.text) if row.text else "",
        _quantity(row.quantity), _text(row.sign) if row.sign else "")


def _records(sie: SieFile) -> Iterator[str]:
    """The records of the file, one string a line, without #FLAGGA and #KSUMMA."""
    if sie.program:
        yield "#PROGRAM " + _fields(*(_text(p) for p in sie.program))
    yield f"#FORMAT {sie.format}"
    if sie.generated:
        yield "#GEN " + _fields(_date(sie.generated), _text(sie.generated_by) if sie.generated_by else "")
    yield f"#SIETYP {sie.sietyp}"
    for label, value in (("#PROSA", sie.prosa), ("#FTYP", sie.company_type), ("#FNR", sie.company_id)):
        if value:
            yield f"{label} {_text(value)}"
    if sie.orgnr or sie.orgnr_extra:
        yield "#ORGNR " + _fields(_code(sie.orgnr) if sie.orgnr else "", *(_code(x) if x else "" for x in sie.orgnr_extra))
    if sie.sni:
        yield f"#BKOD {_code(sie.sni)}"
    if sie.address:
        yield "#ADRESS " + " ".join(_text(a) for a in sie.address)
    if sie.company:
        yield f"#FNAMN {_text(sie.company)}"
    for y in sorted(sie.years, key=lambda y: -y.index):
        yield f"#RAR {y.index} {_date(y.start)} {_date(y.end)}"
    if sie.tax_year is not None:
        yield f"#TAXAR {sie.tax_year}"
    if sie.balance_date:
        yield f"#OMFATTN {_date(sie.balance_date)}"
    if sie.chart:
        yield f"#KPTYP {_code(sie.chart)}"
    if sie.currency:
        yield f"#VALUTA {_code(sie.currency)}"
    for a in sie.accounts:
        yield f"#KONTO {_code(a.number)} {_text(a.name)}"
        if a.type:
            yield f"#KTYP {_code(a.number)} {a.type}"
        if a.unit:
            yield f"#ENHET {_code(a.number)} {_text(a.unit)}"
        for sru in a.sru:
            yield f"#SRU {_code(a.number)} {_code(sru)}"
    for d in sie.dimensions:
        if d.parent is None:
            yield f"#DIM {d.number} {_text(d.name)}"
        else:
            yield f"#UNDERDIM {d.number} {_text(d.name)} {d.parent}"
    for o in sie.objects:
        yield f"#OBJEKT {o.dimension} {_text(o.code)} {_text(o.name)}"
    for b in sie.balances:
        objects = f" {_objects(b.objects)}" if b.label in ("#OIB", "#OUB") else ""
        yield f"{b.label} " + _fields(str(b.year), _code(b.account) + objects, _amount(b.amount), _quantity(b.quantity))
    for pb in sie.period_balances:
        yield f"{pb.label} " + _fields(str(pb.year), pb.period, _code(pb.account), _objects(pb.objects),
                                       _amount(pb.amount), _quantity(pb.quantity))
    for v in sie.verifications:
        yield "#VER " + _fields(_code(v.series) if v.series else '""', _code(v.number) if v.number else '""',
                                _date(v.date), _text(v.text) if v.text else "",
                                _date(v.regdate) if v.regdate else "", _text(v.sign) if v.sign else "")
        yield "{"
        for row in v.removed:
            yield "   " + _row(row)
        for row in v.rows:
            yield "   " + _row(row)
            if row.label == "#RTRANS":  # the copy for readers that do not know #RTRANS
                yield "   " + _row(dataclasses.replace(row, label="#TRANS"))
        yield "}"


def _check(sie: SieFile) -> None:
    """Refuse a model the reader would refuse (a programmer's error, not a user's)."""
    if sie.sietyp not in (1, 2, 3, 4):
        raise ValueError(f"SIE-typen ska vara 1–4, inte {sie.sietyp}")
    lowest = {"#PSALDO": 2, "#PBUDGET": 2, "#OIB": 3, "#OUB": 3}
    for item in (*sie.balances, *sie.period_balances):
        if lowest.get(item.label, 1) > sie.sietyp:
            raise ValueError(f"{item.label} hör inte hemma i SIE typ {sie.sietyp}")
        if sie.sietyp == 2 and item.objects:
            raise ValueError("objektsaldon hör inte hemma i SIE typ 2")
    if sie.verifications and sie.sietyp != 4:
        raise ValueError(f"verifikationer hör inte hemma i SIE typ {sie.sietyp}")
    for v in sie.verifications:
        if sum((r.amount for r in v.rows), Decimal(0)) != 0:
            raise ValueError(f"verifikationen {v.series} {v.number} är inte i balans")


def format_sie(sie: SieFile, *, line_ending: str = "\r\n", checksum: bool | None = None,
               typographic: bool = False) -> bytes:
    """The file's bytes in PC8. `checksum` (default: when the model came with one) adds #KSUMMA;
    `typographic` writes – ’ “ … € and no-break spaces as - ' ' ... EUR and blanks (PC8 has none of
    them; none of the stand-ins needs escaping); any other character PC8 lacks is refused."""
    _check(sie)
    records = list(_records(sie))
    if checksum is None:
        checksum = sie.checksum is not None
    lines = [f"#FLAGGA {sie.flag}"]
    if checksum:
        lines.append("#KSUMMA")
        lines += records
        lines.append(f"#KSUMMA {ksumma(records)}")
    else:
        lines += records
    text = line_ending.join(lines) + line_ending
    if typographic:
        text = text.translate(PC8_STAND_INS)
    try:
        return text.encode("cp437")
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start:exc.end]
        raise XltoolsError(f"tecknet {bad!r} kan inte skrivas i en SIE-fil (teckenkodningen PC8 saknar det).") from None


def write_sie(path: str | Path, sie: SieFile, **options: object) -> None:
    """Write the file atomically (nothing half-written); options as for format_sie."""
    write_bytes(path, format_sie(sie, **options), "SIE-filen")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------- variants
def as_variant(sie: SieFile, variant: str) -> SieFile:
    """What SIE type `variant` ('1', '2', '3', '4E', '4I') holds of `sie`."""
    if variant not in VARIANTS:
        raise ValueError(f"okänd SIE-variant {variant!r}; varianterna är {', '.join(VARIANTS)}")
    if variant == "4I":
        return dataclasses.replace(sie, sietyp=4, balances=(), period_balances=())
    if variant == "4E":
        return dataclasses.replace(sie, sietyp=4)
    typ = int(variant)
    balances = tuple(b for b in sie.balances if typ >= 3 or b.label in ("#IB", "#UB", "#RES"))
    period = tuple(pb for pb in sie.period_balances if typ >= 3 or (typ == 2 and not pb.objects))
    keep_objects = typ >= 3
    return dataclasses.replace(sie, sietyp=typ, balances=balances, period_balances=period, verifications=(),
                               dimensions=sie.dimensions if keep_objects else (),
                               objects=sie.objects if keep_objects else ())


def _is_result_account(sie: SieFile, number: str) -> bool:
    kind = next((a.type for a in sie.accounts if a.number == number), None)
    if kind:
        return kind in ("K", "I")
    return number[:1] in "345678" and number[:1] != ""


def with_balances(sie: SieFile, *, objects: bool = True) -> SieFile:
    """#RES, #UB (#IB + the year's change) and #PSALDO per month for year 0, from the verifikationer.

    The #PSALDO rows are the month's change per account ({}), and with `objects` also per account
    and object list (each row's whole list, so they share the total out); #OUB follows #OIB.
    Earlier balances of year 0 of those labels are replaced.
    """
    change: dict[str, Decimal] = defaultdict(Decimal)
    per_period: dict[tuple[str, str, ObjectList], Decimal] = defaultdict(Decimal)
    per_object: dict[tuple[str, ObjectList], Decimal] = defaultdict(Decimal)
    for v in sie.verifications:
        period = f"{v.date.year:04d}{v.date.month:02d}"
        for row in v.rows:
            change[row.account] += row.amount
            per_period[(period, row.account, ())] += row.amount
            if objects and row.objects:
                objs = tuple(sorted(row.objects))
                per_period[(period, row.account, objs)] += row.amount
                per_object[(row.account, objs)] += row.amount
    opening = {b.account: b.amount for b in sie.balances if b.year == 0 and b.label == "#IB"}
    kept = [b for b in sie.balances if not (b.year == 0 and b.label in ("#UB", "#RES", "#OUB"))]
    new: list[Balance] = []
    for account in sorted(set(change) | set(opening)):
        if _is_result_account(sie, account):
            new.append(Balance("#RES", 0, account, change[account]))
        else:
            new.append(Balance("#UB", 0, account, opening.get(account, Decimal(0)) + change[account]))
    opening_obj = {(b.account, b.objects): b.amount for b in sie.balances if b.year == 0 and b.label == "#OIB"}
    for (account, objs) in sorted(set(opening_obj) | {k for k in per_object if not _is_result_account(sie, k[0])}):
        if not _is_result_account(sie, account):
            new.append(Balance("#OUB", 0, account, opening_obj.get((account, objs), Decimal(0))
                               + per_object.get((account, objs), Decimal(0)), objs))
    period_rows = [PeriodBalance("#PSALDO", 0, p, a, amount, objs)
                   for (p, a, objs), amount in sorted(per_period.items())]
    others = [pb for pb in sie.period_balances if not (pb.year == 0 and pb.label == "#PSALDO")]
    return dataclasses.replace(sie, balances=tuple(kept + new), period_balances=tuple(period_rows + others))


def verification(series: str, number: str | int, when: date, text: str,
                 rows: Iterable[tuple[str, ObjectList, Decimal] | Transaction]) -> Verification:
    """A verifikation from (konto, objekt, belopp) rows; raise ValueError when it does not balance."""
    built = tuple(r if isinstance(r, Transaction) else Transaction("#TRANS", r[0], r[2], r[1]) for r in rows)
    total = sum((r.amount for r in built), Decimal(0))
    if total != 0:
        raise ValueError(f"verifikationen {series} {number} är inte i balans ({total})")
    return Verification(series, str(number), when, text, rows=built)
