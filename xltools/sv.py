"""Swedish number texts for plain-text messages (findings, config errors, kontroller, CLI).

HTML reports have their own formatter with non-breaking spaces and fixed decimals:
xltools.reports.html.sv_number.
"""

from __future__ import annotations

MINUS = "\u2212"


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
