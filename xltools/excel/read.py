"""A workbook file -> CellGrid, with python-calamine; an unreadable file -> a finding, never a crash."""

from __future__ import annotations

import errno
import functools
import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xltools.errors import os_reason
from xltools.excel.files import Found, Refused, read_regular, too_large
from xltools.excel.grid import CellGrid
from xltools.excel.limits import Limits, from_env
from xltools.excel.package import check_package
from xltools.findings import Finding, Loc, Severity
from xltools.metadata import META_SHEET

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls or an encrypted .xlsx
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"[^>]*+>\s*+<f\b')  # possessive: no backtracking
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"[^>]*?\st="e"')  # a cached error value (#DIV/0! ...)
_ERROR_VALUE = re.compile(rb"<v>(#[^<]{1,16})</v>")


@dataclass
class RawFile:
    path: str
    sha256: str | None
    grid: CellGrid | None
    findings: list[Finding]


def _fail(path: str, rule: str, message: str) -> list[Finding]:
    return [Finding(rule, Severity.FEL, message, Loc(path))]


def _cells(pattern: re.Pattern[bytes], xml: bytes) -> set[str]:
    return set(b" ".join(pattern.findall(xml)).decode().split())


@functools.lru_cache(maxsize=256)
def _formula_cell_in(columns: frozenset[str]) -> re.Pattern[bytes]:
    """_FORMULA_CELL for cells in the given columns only."""
    alts = "|".join(sorted(columns, key=lambda c: (-len(c), c)))
    return re.compile(rb'<c r="((?:' + alts.encode() + rb')[0-9]+)"[^>]*+>\s*+<f\b')


class FormulaCells(dict[str, set[str]]):
    """Sheet name -> addresses of the cells holding a formula, found in each sheet's XML when first asked for.

    Validation asks only about sheets with input cells, and through in_columns only about the
    input columns (the computed columns of a template are full of formulas nobody asks about).
    """

    def __init__(self, zf: zipfile.ZipFile, parts: dict[str, str], xml: dict[str, bytes] | None = None) -> None:
        super().__init__()
        self._zf, self._parts = zf, parts
        self._xml_of: dict[str, bytes] = {k: v for k, v in (xml or {}).items() if k in parts}  # already inflated

    def _xml(self, sheet: str) -> bytes:
        if sheet not in self._xml_of:
            try:
                self._xml_of[sheet] = self._zf.read(self._parts[sheet])
            except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
                self._xml_of[sheet] = b""  # (calamine has read the same part: does not happen for a readable file)
        return self._xml_of[sheet]

    def errors_in_columns(self, sheet: str, columns: Iterable[str]) -> set[str]:
        """Cells in the given columns whose stored value is an error (calamine reads those as empty)."""
        if sheet not in self._parts:
            return set()
        xml = self._xml(sheet)
        if b't="e"' not in xml:
            return set()
        columns = frozenset(columns)
        return {ref for ref in _cells(_ERROR_CELL, xml) if ref.rstrip("0123456789") in columns}

    def error_value(self, sheet: str, ref: str) -> str:
        """The stored error value of one cell ('#DIV/0!', '#REF!' ...), '' when it holds none."""
        xml = self._xml(sheet) if sheet in self._parts else b""
        at = xml.find(b'<c r="' + ref.encode() + b'"')
        end = xml.find(b"</c>", at) if at >= 0 else -1
        m = _ERROR_VALUE.search(xml, at, end) if end > 0 else None
        return m.group(1).decode("utf-8", "replace") if m else ""

    def has(self, sheet: str, ref: str) -> bool:
        """Whether one cell holds a formula (without collecting every formula cell of the sheet)."""
        if dict.__contains__(self, sheet):
            return ref in dict.__getitem__(self, sheet)
        if sheet not in self._parts:
            return False
        xml = self._xml(sheet)
        at = xml.find(b'<c r="' + ref.encode() + b'"')
        if at < 0:
            return False
        end = xml.find(b">", at)
        return end > 0 and xml[end - 1:end] != b"/" and xml[end + 1:end + 40].lstrip().startswith(b"<f")

    def __missing__(self, sheet: str) -> set[str]:
        if sheet not in self._parts:
            raise KeyError(sheet)
        xml = self._xml(sheet)
        cells = self[sheet] = _cells(_FORMULA_CELL, xml) if b"<f" in xml else set()
        return cells

    def __contains__(self, sheet: object) -> bool:
        return dict.__contains__(self, sheet) or sheet in self._parts

    def get(self, sheet: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[sheet] if sheet in self else default

    def in_columns(self, sheet: str, columns: Iterable[str]) -> set[str]:
        """The formula cells of a sheet that lie in the given columns (letters)."""
        columns = frozenset(columns)
        if dict.__contains__(self, sheet):
            return {ref for ref in dict.__getitem__(self, sheet) if ref.rstrip("0123456789") in columns}
        if sheet not in self._parts or not columns:
            return set()
        xml = self._xml(sheet)
        return _cells(_formula_cell_in(columns), xml) if b"<f" in xml else set()

    def _all(self) -> None:
        for sheet in self._parts:
            self[sheet]  # noqa: B018 - reads the sheet

    def __iter__(self) -> Iterator[str]:
        self._all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        return len(self._parts)

    def keys(self):  # type: ignore[no-untyped-def, override]
        self._all()
        return dict.keys(self)

    def values(self):  # type: ignore[no-untyped-def, override]
        self._all()
        return dict.values(self)

    def items(self):  # type: ignore[no-untyped-def, override]
        self._all()
        return dict.items(self)

    def __eq__(self, other: object) -> bool:
        self._all()
        return dict.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles are plain dicts of every sheet
        return dict, (dict(self.items()),)

    def __repr__(self) -> str:
        self._all()
        return dict.__repr__(self)


_OS_SV = {errno.ENOENT: "filen finns inte"}  # else as xltools.errors.os_reason

# Sheets of our templates that hold no input: not read (their names are still listed). Anvisningar is
# read: it holds the decision block (forms/status.py).
NO_INPUT = frozenset({"Listor"})
_NO_FORMULA_SCAN = frozenset({META_SHEET})  # read for its values, but it has no input cells


def _refused(shown: str, r: Refused) -> list[Finding]:
    return [Finding(r.rule, Severity.FEL, r.message, Loc(shown, r.sheet, r.cell))]


def read_file(path: str | Path, skip: frozenset[str] = NO_INPUT, *, root: str | Path | None = None,
              limits: Limits | None = None) -> RawFile:
    """Read a workbook into a CellGrid; sheets named in `skip` are not read.

    `root` is the folder the file was found in: a link out of it is not followed. Only a regular
    file within the limits (default: from the environment) is read.
    """
    shown = str(path)
    limits = limits or from_env()
    try:
        data = read_regular(Found(Path(path), Path(root) if root is not None else None), limits.file_bytes)
    except Refused as r:
        return RawFile(shown, None, None, _refused(shown, r))
    except OSError as exc:
        why = _OS_SV.get(exc.errno or 0) or os_reason(exc, "den kan inte läsas")
        return RawFile(shown, None, None, _fail(shown, "FIL-1", f"Filen kunde inte öppnas: {why}."))
    digest = hashlib.sha256(data).hexdigest()
    grid, findings = read_bytes(data, shown, skip, limits)
    return RawFile(shown, digest, grid, findings)


_BROKEN = ("Arbetsboken är skadad och kan inte läsas (zip-arkivet eller ett blad är trasigt). Öppna den i Excel, "
           "spara om och skicka igen.")
_MACROS = ("Arbetsboken innehåller makron (ett VBA-projekt). xltools kör dem aldrig, men mallen ska inte ha några: "
           "spara arbetsboken som Excel-arbetsbok (.xlsx) och lämna in den i stället.")


def read_bytes(data: bytes, shown: str, skip: frozenset[str] = NO_INPUT,
               limits: Limits | None = None) -> tuple[CellGrid | None, list[Finding]]:
    """A workbook's bytes -> its CellGrid and findings (None and a FIL finding when it cannot be read)."""
    limits = limits or from_env()
    if not data:
        return None, _fail(shown, "FIL-1", "Filen är tom (0 byte). Spara arbetsboken i Excel och skicka den igen.")
    if len(data) > limits.file_bytes:
        return None, _refused(shown, too_large(len(data), limits.file_bytes))
    if data.startswith(_CFB):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data[:65536] or b"EncryptionInfo" in data[:65536]:
            return None, _fail(shown, "FIL-4", "Arbetsboken är lösenordsskyddad. Ta bort lösenordet (Arkiv → Info → Skydda arbetsbok) och spara igen.")
        return None, _fail(shown, "FIL-3", "Filen är en gammal Excel-fil (.xls) eller annat binärt format. Använd mallen och spara som Excel-arbetsbok (.xlsx).")
    if not data.startswith(b"PK"):
        looks = "den ser ut att vara text eller CSV" if b"\x00" not in data[:4096] else "formatet är okänt"
        return None, _fail(shown, "FIL-2", f"Filen är inte en Excel-arbetsbok (.xlsx); {looks}. Använd mallen.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = {n.lower() for n in zf.namelist()}
        if "mimetype" in names and b"opendocument" in zf.read("mimetype")[:200]:
            return None, _fail(shown, "FIL-5", "Filen är ett OpenDocument-kalkylark (.ods). Spara den som Excel-arbetsbok (.xlsx).")
        if "xl/workbook.bin" in names:
            return None, _fail(shown, "FIL-7", "Filen är en binär Excel-arbetsbok (.xlsb), som xltools inte läser. Öppna den "
                               "i Excel och spara som Excel-arbetsbok (.xlsx).")
        if "xl/workbook.xml" not in names:
            return None, _fail(shown, "FIL-2", "Filen är ett zip-arkiv men ingen Excel-arbetsbok. Använd mallen.")
        pkg = check_package(zf, data, limits, skip)
    except Refused as r:
        return None, _refused(shown, r)
    except Exception:  # zipfile and the checks raise several types for a broken archive: never a traceback
        return None, _fail(shown, "FIL-6", _BROKEN)
    findings = [Finding("FIL-11", Severity.VARNING, _MACROS, Loc(shown))] if pkg.macros else []
    scan = {n: p for n, p in pkg.sheets.items() if n not in skip and n not in _NO_FORMULA_SCAN}
    try:
        import python_calamine as pc

        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        grid = CellGrid(formulas=FormulaCells(zf, scan, pkg.xml), tables=pkg.tables)
        for meta in wb.sheets_metadata:
            if meta.visible != pc.SheetVisibleEnum.Visible:
                grid.hidden.add(meta.name)
            if meta.name in skip:
                grid.sheets[meta.name] = []
                continue
            grid.sheets[meta.name] = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        return grid, findings
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # calamine raises several types for broken parts (a Rust panic is a BaseException)
        return None, _fail(shown, "FIL-6", _BROKEN)
