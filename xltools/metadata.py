"""Workbook metadata: what identifies a submission (never its file name)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

META_SHEET = "_xltools"

# Fields a form may declare on its first sheet for the decision behind the document; the inkorg
# records them (dokumentstatus: utkast / preliminär / fastställd).
DOCUMENT_STATUS_FIELDS = ("dokumentstatus", "beslutsorgan", "beslutsdatum", "paragraf")

# Swedish key names as stored in the hidden sheet (column A), in this order.
_KEYS = ("document", "schema_version", "kommunkod", "kommun", "namnd", "namnd_namn", "year", "period",
         "generated", "generator_version", "mall_id", "integritet", "org_enhet")
# Templates made before the integrity token (issue 12) lack mall_id and integritet; org_enhet is only in a unit's
# verksamhetsplan (the unit of the nämnd's organisation that hands it in).
_OPTIONAL = ("mall_id", "integritet", "org_enhet")
_YEARS = (1900, 2200)  # a year outside these is no year a template is made for


def meta_cell(key: str) -> str:
    """The cell that holds a key's value in the metadata sheet as templates write it (B2 for document ...)."""
    return f"B{_KEYS.index(key) + 2}"


def _text(value: Any) -> str:
    """A metadata value as text; a whole number typed as a number is written without decimals."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_year(value: Any) -> int | None:
    """A metadata year (2027, 2027.0 or '2027'); None for anything else (text, NaN, inf, 1e400, 20270)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit():
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or not number.is_integer() or not _YEARS[0] <= number <= _YEARS[1]:
        return None
    return int(number)


def _is_period(text: str) -> bool:
    """A template's period: its year (2027) or a month of it (2026-03)."""
    year, dash, month = text.partition("-")
    if parse_year(year) is None or len(year) != 4:
        return False
    return not dash or (len(month) == 2 and month.isdigit() and 1 <= int(month) <= 12)


@dataclass(frozen=True)
class Meta:
    document: str
    schema_version: str
    kommunkod: str
    kommun: str
    namnd: str
    namnd_namn: str
    year: int
    period: str
    generated: str
    generator_version: str
    mall_id: str = ""  # the template's id (xltools.integrity.template_id)
    integritet: str = ""  # HMAC-SHA256 over the identity (xltools.integrity.token); "" without a key
    org_enhet: str = ""  # a unit of the nämnd's organisation (config organisation.yaml); "" = the nämnd itself

    def items(self) -> list[tuple[str, Any]]:
        return list(asdict(self).items())

    @classmethod
    def parse(cls, pairs: dict[str, Any]) -> tuple[Meta | None, dict[str, str]]:
        """Build from the sheet's key/value pairs, defensively: (meta, problems), where problems maps a
        key to "" when its value is missing, else to the Swedish reason the value cannot be used."""
        empty = {k for k in _KEYS if pairs.get(k) is None or _text(pairs[k]) == ""}
        problems = {k: "" for k in _KEYS if k in empty and k not in _OPTIONAL}
        vals: dict[str, Any] = {k: _text(pairs[k]) for k in _KEYS if k not in empty}
        if "year" in vals:
            year = parse_year(pairs["year"])
            if year is None:
                problems["year"] = f"'{vals['year']}' är inget årtal"
            vals["year"] = year
        if "period" in vals and not _is_period(vals["period"]):
            problems["period"] = f"'{vals['period']}' är ingen period (ÅÅÅÅ eller ÅÅÅÅ-MM, månad 01–12)"
        if problems:
            return None, problems
        return cls(**vals), {}

    @classmethod
    def from_pairs(cls, pairs: dict[str, Any]) -> tuple[Meta | None, list[str]]:
        """Build from the sheet's key/value pairs; returns (meta, keys missing or unusable)."""
        meta, problems = cls.parse(pairs)
        return meta, list(problems)
