"""How much of a submitted workbook xltools reads before it refuses the file (issue 12, part 1).

Every limit is far above what a real submission needs (measured on the largest bundled example
workbook, see docs/sakerhet.md) and can be raised with an environment variable. They are checked
before python-calamine allocates anything from the file.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from xltools.errors import XltoolsError

MIB = 1 << 20


class Limits(NamedTuple):
    """The limits for reading one workbook (a NamedTuple: cheaper to define at start-up than a dataclass)."""

    file_bytes: int = 20 * MIB  # the .xlsx file on disk (largest example: 30 kB)
    part_bytes: int = 16 * MIB  # one XML part inflated: a sheet, the shared strings (largest example: 43 kB)
    total_bytes: int = 64 * MIB  # all parts of the zip inflated together (largest example: 107 kB)
    ratio: int = 100  # inflated / compressed for a part over 1 MiB (examples: at most 8.4)
    cells: int = 250_000  # rows x columns from A1 to a sheet's last cell or declared dimension (largest: 858)
    depth: int = 100  # XML nesting around a sheet's cells (examples: 8)


# Environment variable -> field (and the unit it is given in).
ENV: dict[str, tuple[str, int]] = {
    "XLTOOLS_MAX_FIL_MB": ("file_bytes", MIB),
    "XLTOOLS_MAX_DEL_MB": ("part_bytes", MIB),
    "XLTOOLS_MAX_UPPACKAT_MB": ("total_bytes", MIB),
    "XLTOOLS_MAX_KVOT": ("ratio", 1),
    "XLTOOLS_MAX_CELLER": ("cells", 1),
    "XLTOOLS_MAX_DJUP": ("depth", 1),
}
DEFAULT = Limits()


def from_env(environ: dict[str, str] | None = None) -> Limits:
    """The limits, each raised or lowered by its environment variable; a bad value is an XltoolsError."""
    env = os.environ if environ is None else environ
    given: dict[str, int] = {}
    for name, (key, unit) in ENV.items():
        text = env.get(name, "").strip()
        if not text:
            continue
        if not text.isdigit() or int(text) <= 0:
            raise XltoolsError(f"{name} ska vara ett positivt heltal, inte '{text}'.")
        given[key] = int(text) * unit
    return Limits(**given) if given else DEFAULT


def describe(limits: Limits = DEFAULT) -> dict[str, int]:
    """Each limit by its environment variable, in the unit the variable takes (for docs and tests)."""
    by_key = {key: (name, unit) for name, (key, unit) in ENV.items()}
    return {by_key[key][0]: getattr(limits, key) // by_key[key][1] for key in Limits._fields}
