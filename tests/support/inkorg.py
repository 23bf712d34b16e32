"""Workbooks for the inkorg tests: versions of the committed example submissions."""

from __future__ import annotations

import zipfile
from pathlib import Path

from support.fill import fill_template
from xltools.forms import FORMS

ROOT = Path(__file__).resolve().parents[2]
PLANERING = ROOT / "workbooks" / "planering"
EXAMPLES = len(list(PLANERING.glob("*.xlsx")))  # the example planning workbooks (one per nämnd and document)


def resaved(src: Path, dst: Path, tag: str) -> Path:
    """The same workbook saved again (different bytes, same content): a zip comment names the version."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        zout.comment = tag.encode()
    return dst


def with_error(src: Path, dst: Path) -> Path:
    """A driftbudget in which the user typed text into an amount cell (a fel)."""
    fill_template(src, dst, FORMS["driftbudget"], update={"drift": {0: {"kostnader_1": "tusen"}}})
    return dst
