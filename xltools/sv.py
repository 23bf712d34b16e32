"""Every Swedish number format, in one module (a leaf).

Two families, for two kinds of reader:
* plain text (findings, config errors, kontroller, CLI): sv_number, sv_whole, sv_fixed;
* report tables (HTML bilagor): sv_amount, with no-break spaces, a real minus sign and a
  fixed number of decimals, so columns line up and a number never breaks over two lines;
  sv_percent ("2,3 %") and sv_mnkr ("12,3 mnkr") for what kommunfullmäktige reads in a summary.

And the number formats of the report workbooks (XLSX_*): tagged Swedish ([$-41D]), so LibreOffice
shows "12 345", "12,3" and "2,3 %" whatever the machine's locale (Excel takes the separators from
Windows, the tag changes nothing else there).
"""

from __future__ import annotations

MINUS = "\u2212"
NBSP = "\u00a0"

_SV = "[$-41D]"  # the locale tag of a Swedish number format (LCID 0x041D, sv-SE)
XLSX_TKR = _SV + "#,##0"  # whole tkr in detail tables: 12 345
XLSX_KR = _SV + "#,##0.00"
XLSX_DEC = _SV + "#,##0.0#"
XLSX_MNKR = _SV + "#,##0.0"  # a value already in mnkr, one decimal: 12,3
XLSX_MNKR_OF_TKR = _SV + "#,##0,"  # a tkr value shown in whole mnkr (chart axes): 12 345 tkr -> 12
XLSX_PCT = _SV + "0.0\\ %"  # a fraction as Swedish per cent, with the space: 0.023 -> 2,3 %
XLSX_PER_CENT = _SV + '0.0\\ "%"'  # a value already in per cent: 2.3 -> 2,3 %


def xlsx_sv(fmt: str) -> str:
    """An Excel number format tagged Swedish (LibreOffice then prints "1 234,5" whatever its own locale)."""
    return _SV + fmt


def sv_number(value: float) -> str:
    """A number as a Swedish reader writes it: 12 345,5 and 2027,5 (no exponent, no trailing zeros)."""
    text = format(value, ".15g")
    if "e" in text:
        return text.replace(".", ",")
    whole, _, frac = text.partition(".")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    if len(digits) > 4:  # four-digit numbers (years) stay ungrouped
        digits = f"{int(digits):,}".replace(",", " ")
    return sign + digits + ("," + frac if frac else "")


def sv_whole(value: float) -> str:
    """An amount rounded to a whole number, thousands spaced, real minus sign: -1234567.4 -> '−1 234 567'."""
    return f"{value:,.0f}".replace(",", " ").replace("-", MINUS)


def sv_fixed(value: float, decimals: int = 1) -> str:
    """A fixed number of decimals with a decimal comma and a real minus sign: -4.25 -> '−4,3'."""
    return f"{value:.{decimals}f}".replace(".", ",").replace("-", MINUS)


def sv_amount(value: float | int | None, decimals: int = 0) -> str:
    """For a report table: 1234567.8 -> '1 234 568' (decimals=0) or '1 234 567,80', no-break spaces,
    a real minus sign (none for a value that rounds to zero); None -> ''."""
    if value is None:
        return ""
    text = f"{abs(value):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    if text.strip("0," + NBSP) == "":
        return text
    return (MINUS if value < 0 else "") + text


def sv_percent(value: float | None, decimals: int | None = 1) -> str:
    """A value in per cent as Swedish reports write it, with a no-break space: 2.34 -> '2,3 %'; None -> '–'.
    decimals=None: a goal level's own precision (40 -> '40 %', 1.5 -> '1,5 %')."""
    if value is None:
        return "–"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return sv_amount(value, decimals) + NBSP + "%"


def sv_mnkr(kronor: float | int | None) -> str:
    """Kronor as a summary amount in mnkr with one decimal: 12_345_678 -> '12,3 mnkr'; None -> '–'."""
    return "–" if kronor is None else sv_amount(kronor / 1_000_000, 1) + NBSP + "mnkr"
