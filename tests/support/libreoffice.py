"""Recalculate workbooks with a real spreadsheet engine (LibreOffice headless)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The soffice binary; skip (locally) or fail (CI, XLTOOLS_REQUIRE_LIBREOFFICE=1) when absent."""
    path = soffice_path()
    if path is None:
        if os.environ.get("XLTOOLS_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) krävs i CI men saknas")
        pytest.skip("LibreOffice (soffice) saknas på maskinen; testet kräver en riktig kalkylmotor")
    return path


def recalc(paths: list[Path], out_dir: Path, fmt: str = "xlsx", app: str = "--calc") -> list[Path]:
    """Convert (and so recalculate) workbooks with LibreOffice; returns the converted files.

    Several files go in one soffice call (start-up is the slow part). A private user
    profile keeps parallel runs apart.
    """
    soffice = require_soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", app,
               "--convert-to", fmt, "--outdir", str(out_dir), *map(str, paths)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    out = [out_dir / (p.stem + "." + fmt.split(":")[0]) for p in paths]
    missing = [p for p in out if not p.exists()]
    assert not missing, f"LibreOffice skrev inte {missing}"
    return out


def assert_formulas_recalculate(book: Path, again: Path) -> int:
    """Every formula of `book` has, in LibreOffice's recalculated copy `again`, the value cached in `book`;
    returns how many formulas were compared."""
    import pytest
    from openpyxl import load_workbook

    formulas, cached, recalculated = (load_workbook(book), load_workbook(book, data_only=True),
                                      load_workbook(again, data_only=True))
    count = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    count += 1
                    mine, theirs = cached[ws.title][cell.coordinate].value, recalculated[ws.title][cell.coordinate].value
                    assert theirs == pytest.approx(mine, abs=1e-6), (ws.title, cell.coordinate, cell.value)
    return count
