"""Every Swedish number format, in one module (a leaf).

Two families, for two kinds of reader:
* plain text (findings, config errors, kontroller, CLI): sv_number, sv_whole, sv_fixed;
* report tables (HTML bilagor): sv_amount, with no-break spaces, a real minus sign and a
  fixed number of decimals, so columns line up and a number never breaks over two lines.
"""

from __future__ import annotations

MINUS = "\u2212"
NBSP = "\u00a0"


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
