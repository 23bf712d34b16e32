"""The one jinja2 environment of every HTML output (kommunplan bilagor, follow-up appendix) and its
Swedish number filters. The templates are package data in xltools/reports/templates/."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from xltools.escaping import html_text
from xltools.reports import tecken
from xltools.sv import sv_amount, sv_percent

TEMPLATES = Path(__file__).resolve().parent / "templates"


def f_tkr(kronor: int | float | None) -> str:
    """Whole kronor shown as tkr."""
    return "" if kronor is None else sv_amount(kronor / 1000)


def f_tkr_avrundat(value: float | None) -> str:
    """An amount already in tkr, rounded: 12345.6 -> '12 346', -500 -> '−500'; None -> '–'."""
    return "–" if value is None else sv_amount(round(value))


def f_kr(value: float | None) -> str:
    return sv_amount(value, 2)


def f_pct(fraction: float | None) -> str:
    """A fraction as Swedish per cent: 0.0234 -> '2,3 %' (no-break space); None -> ''."""
    return "" if fraction is None else sv_percent(100 * fraction)


def f_procent(value: float | None) -> str:
    """A value already in per cent: 2.34 -> '2,3 %', a goal level 40 -> '40 %'; None -> '–'."""
    return sv_percent(value, None)


def f_dec(value: float | None) -> str:
    if value is None:
        return ""
    return sv_amount(value, 0 if float(value).is_integer() else 2)


def f_dec1(value: float | None) -> str:
    """A measured value with at most one decimal (Kolada's precision): 214.36 -> '214,4', 218 -> '218'."""
    if value is None:
        return ""
    return sv_amount(value, 0 if float(value).is_integer() else 1)


def _finalize(value: Any) -> Any:
    """Every printed value: control and bidi characters from submitted text shown as visible escapes."""
    if not isinstance(value, str):
        return value
    shown = html_text(value)
    return value if shown is value else type(value)(shown)  # Markup stays Markup (the escapes are plain text)


@functools.cache
def environment() -> Any:
    """Autoescaped, strict (an undefined name is an error), whitespace-trimmed; jinja2 imported here only."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, finalize=_finalize,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters.update(tkr=f_tkr, tkr_avrundat=f_tkr_avrundat, kr=f_kr, pct=f_pct, procent=f_procent, dec=f_dec,
                       dec1=f_dec1, netto_of=lambda n, y: n.netto(y), year_of=lambda d, y: d[y])
    env.globals["tecken"] = tecken  # the sign convention under each kind of table
    return env
