"""A workbook file -> CellGrid, with python-calamine; an unreadable file -> a finding, never a crash."""

from __future__ import annotations

import errno
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from xltools.excel.grid import CellGrid
from xltools.findings import Finding, Loc, Severity
from xltools.metadata import META_SHEET

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls or an encrypted .xlsx
_SHEET = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_SHEET_ALT = re.compile(rb'<sheet\b[^>]*?r:id="([^"]*)"[^>]*?name="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL_ALT = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"[^>]*+>\s*+<f\b')  # possessive: no backtracking


@dataclass
class RawFile:
    path: str
    sha256: str | None
    grid: CellGrid | None
    findings: list[Finding]


def _fail(path: str, rule: str, message: str) -> list[Finding]:
    return [Finding(rule, Severity.FEL, message, Loc(path))]


def _unescape(name: bytes) -> str:
    text = name.decode("utf-8")
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")


def formula_cells(zf: zipfile.ZipFile, skip: frozenset[str] = frozenset()) -> dict[str, set[str]]:
    """Sheet name -> addresses of cells that hold a formula (read from the sheet XML)."""
    try:
        wb = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {rid: tgt for rid, tgt in _REL.findall(rels)} or {rid: tgt for tgt, rid in _REL_ALT.findall(rels)}
    pairs = _SHEET.findall(wb) or [(n, r) for r, n in _SHEET_ALT.findall(wb)]
    out: dict[str, set[str]] = {}
    for name, rid in pairs:
        if _unescape(name) in skip:
            continue
        target = targets.get(rid, b"").decode()
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        try:
            xml = zf.read(part)
        except KeyError:
            continue
        if b"<f" in xml:
            out[_unescape(name)] = set(b" ".join(_FORMULA_CELL.findall(xml)).decode().split())
    return out


_OS_SV = {errno.ENOENT: "filen finns inte", errno.EACCES: "behörighet saknas", errno.EISDIR: "det är en mapp",
          errno.EPERM: "behörighet saknas"}

# Sheets of our templates that hold no input: not read (their names are still listed).
NO_INPUT = frozenset({"Anvisningar", "Listor"})
_NO_FORMULA_SCAN = frozenset({META_SHEET})  # read for its values, but it has no input cells


def read_file(path: str | Path, skip: frozenset[str] = NO_INPUT) -> RawFile:
    """Read a workbook into a CellGrid; sheets named in `skip` are not read."""
    shown = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        why = _OS_SV.get(exc.errno or 0, "den kan inte läsas")
        return RawFile(shown, None, None, _fail(shown, "FIL-1", f"Filen kunde inte öppnas: {why}."))
    digest = hashlib.sha256(data).hexdigest()
    grid, findings = read_bytes(data, shown, skip)
    return RawFile(shown, digest, grid, findings)


def read_bytes(data: bytes, shown: str, skip: frozenset[str] = NO_INPUT) -> tuple[CellGrid | None, list[Finding]]:
    if not data:
        return None, _fail(shown, "FIL-1", "Filen är tom (0 byte). Spara arbetsboken i Excel och skicka den igen.")
    if data.startswith(_CFB):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data[:65536] or b"EncryptionInfo" in data[:65536]:
            return None, _fail(shown, "FIL-4", "Arbetsboken är lösenordsskyddad. Ta bort lösenordet (Arkiv → Info → Skydda arbetsbok) och spara igen.")
        return None, _fail(shown, "FIL-3", "Filen är en gammal Excel-fil (.xls) eller annat binärt format. Använd mallen och spara som Excel-arbetsbok (.xlsx).")
    if not data.startswith(b"PK"):
        looks = "den ser ut att vara text eller CSV" if b"\x00" not in data[:4096] else "formatet är okänt"
        return None, _fail(shown, "FIL-2", f"Filen är inte en Excel-arbetsbok (.xlsx); {looks}. Använd mallen.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
        if "mimetype" in names and b"opendocument" in zf.read("mimetype"):
            return None, _fail(shown, "FIL-5", "Filen är ett OpenDocument-kalkylark (.ods). Spara den som Excel-arbetsbok (.xlsx).")
        if "xl/workbook.xml" not in names:
            return None, _fail(shown, "FIL-2", "Filen är ett zip-arkiv men ingen Excel-arbetsbok. Använd mallen.")
        formulas = formula_cells(zf, skip | _NO_FORMULA_SCAN)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        return None, _fail(shown, "FIL-6", "Arbetsboken är skadad och kan inte läsas (zip-arkivet eller ett blad är trasigt). Öppna den i Excel, spara om och skicka igen.")
    try:
        import python_calamine as pc

        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        grid = CellGrid(formulas=formulas)
        for meta in wb.sheets_metadata:
            if meta.visible != pc.SheetVisibleEnum.Visible:
                grid.hidden.add(meta.name)
            if meta.name in skip:
                grid.sheets[meta.name] = []
                continue
            grid.sheets[meta.name] = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        return grid, []
    except Exception:  # calamine raises several types for broken parts
        return None, _fail(shown, "FIL-6", "Arbetsboken är skadad och kan inte läsas (zip-arkivet eller ett blad är trasigt). Öppna den i Excel, spara om och skicka igen.")
