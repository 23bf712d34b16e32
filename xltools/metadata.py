"""Workbook metadata: what identifies a submission (never its file name)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

META_SHEET = "_xltools"

# Swedish key names as stored in the hidden sheet (column A), in this order.
_KEYS = ("document", "schema_version", "kommunkod", "kommun", "namnd", "namnd_namn", "year", "period",
         "generated", "generator_version")


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

    def items(self) -> list[tuple[str, Any]]:
        return list(asdict(self).items())

    @classmethod
    def from_pairs(cls, pairs: dict[str, Any]) -> tuple[Meta | None, list[str]]:
        """Build from the sheet's key/value pairs; returns (meta, missing keys)."""
        missing = [k for k in _KEYS if pairs.get(k) in (None, "")]
        if missing:
            return None, missing
        vals = {k: str(pairs[k]).strip() for k in _KEYS}
        try:
            year = int(float(vals["year"]))
        except ValueError:
            return None, ["year"]
        vals["year"] = year  # type: ignore[assignment]
        return cls(**vals), []  # type: ignore[arg-type]
