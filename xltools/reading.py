"""CellGrid + Form -> Document: metadata, types, lists, required cells; structural findings.

Input cells are read and converted to their declared type; every derived value (netto,
totals, kapitaltjänst, riskvärde ...) is recomputed in Python, never taken from the file.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from xltools import integrity
from xltools.cells import col_letter
from xltools.config import Config
from xltools.document import CellValue, Document, Row, cell_value, table_row
from xltools.excel.formulas import render
from xltools.excel.grid import CellGrid
from xltools.excel.read import FormulaCells
from xltools.findings import Finding, Loc, Severity
from xltools.forms import FORMS
from xltools.forms.layout import (
    NUMERIC,
    YEAR_SLOTS,
    ColType,
    Column,
    Field,
    Form,
    Prefill,
    Table,
    year_headers,
)
from xltools.forms.lists import READ_AS, list_items, lookup
from xltools.forms.sizing import sized
from xltools.forms.status import INSTRUCTIONS_SHEET, STATUS_FIELDS
from xltools.metadata import META_SHEET, Meta, meta_cell
from xltools.sv import sv_number

FEL, VARNING = Severity.FEL, Severity.VARNING
_SV_NUMBER = re.compile(r"^[+\-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?$|^[+\-]?\d+(?:,\d+)?$")
_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m %Y", "%d/%m/%Y", "%d.%m.%Y", "%Y%m%d")
_INF = math.inf
_NON_FINITE = {"nan": "inget tal (NaN)", "inf": "ett oändligt tal (eller ett för stort tal, som 1e400)",
               "-inf": "ett oändligt negativt tal"}
_TYPE_WORD = {
    ColType.INT: "ett heltal", ColType.DECIMAL: "ett tal", ColType.TKR: "ett belopp i tkr",
    ColType.KR: "ett belopp i kronor", ColType.PERCENT: "ett procenttal", ColType.DATE: "ett datum",
}


def _meta_pairs(grid: CellGrid) -> tuple[dict[str, Any], dict[str, str]] | None:
    """The metadata sheet's key -> value and key -> the cell holding the value; None without the sheet."""
    rows = grid.sheets.get(META_SHEET)
    if not rows:
        return None
    pairs: dict[str, Any] = {}
    cells: dict[str, str] = {}
    for i, r in enumerate(rows, start=1):
        if r and r[0] not in ("", None):
            key = str(r[0]).strip()
            pairs[key], cells[key] = (r[1] if len(r) > 1 else None), f"B{i}"
    return pairs, cells


_MONTHS = {"januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7, "augusti": 8,
           "september": 9, "oktober": 10, "november": 11, "december": 12}
_MONTH = {**_MONTHS, **{name[:3]: n for name, n in _MONTHS.items()}, "sept": 9}
_SV_DATE = re.compile(r"(?:den\s+)?(\d{1,2})(?::[ae])?\.?\s+([a-zåäö]+)\.?\s+(\d{4})", re.IGNORECASE)


def sv_date(text: str) -> dt.date | None:
    """A date written the Swedish way in words: '1 mars 2027', 'den 1:a mars 2027', '30 nov. 2026'."""
    m = _SV_DATE.fullmatch(text.strip())
    month = _MONTH.get(m.group(2).casefold()) if m else None
    if m is None or month is None:
        return None
    try:
        return dt.date(int(m.group(3)), month, int(m.group(1)))
    except ValueError:  # 30 februari
        return None


def read_meta(grid: CellGrid) -> tuple[Meta | None, list[str]]:
    """The metadata pairs from the hidden sheet; (None, missing or unusable keys) when absent or incomplete."""
    found = _meta_pairs(grid)
    if found is None:
        return None, ["*"]
    return Meta.from_pairs(found[0])


def _identity(meta: Meta, config: Config, file: str, cell: str) -> list[Finding]:
    """STR-30 when the kommun has a key and the metadata's integrity token is missing or not its identity's."""
    key = integrity.kommun_key(config)
    if key is None or integrity.intact(key, meta):
        return []
    if not meta.integritet:
        why = ("saknar integritetstoken, så det går inte att se att den kommer från ekonomienheten "
               "(en äldre mall eller en kopia där metadata har ändrats)")
    else:
        why = ("har en integritetstoken som inte stämmer med metadata: kommun, nämnd, dokument, år, period "
               "eller tidsstämpel har ändrats efter att mallen gjordes")
    return [_f(file, "STR-30", FEL, f"Mallen ({meta.document}, nämnden '{meta.namnd}', {meta.period}) {why}. "
               "Metadata får inte ändras; använd den mall som ekonomienheten gjorde för nämnden.", META_SHEET, cell)]


def _f(file: str, rule: str, sev: Severity, msg: str, sheet: str | None = None, cell: str | None = None) -> Finding:
    return Finding(rule, sev, msg, Loc(file, sheet, cell))


def expected_year(form: Form, config: Config) -> int:
    return config.planering.budgetar if form.period_kind == "ar" else config.planering.uppfoljningsar


def accepted_years(form: Form, config: Config) -> tuple[int, ...]:
    """The years a document of this form may be for: a plan for the budget year (this round's) or for the
    follow-up year (that year's adopted plan, the follow-up templates' underlag); a follow-up for its year."""
    p = config.planering
    return tuple(dict.fromkeys((p.budgetar, p.uppfoljningsar))) if form.period_kind == "ar" else (p.uppfoljningsar,)


def read_document(
    grid: CellGrid, file: str, config: Config, sha256: str | None = None
) -> tuple[Document | None, list[Finding]]:
    """Read a workbook's grid through the Form its metadata names."""
    out: list[Finding] = []
    found = _meta_pairs(grid)
    if found is None:
        out.append(_f(file, "STR-1", FEL, "Arbetsboken är inte en xltools-mall: det dolda bladet med metadata "
                      f"({META_SHEET}) saknas. Använd mallen från ekonomienheten."))
        return None, out
    pairs, cells = found

    def at(key: str) -> str:
        return cells.get(key) or meta_cell(key)

    meta, problems = Meta.parse(pairs)
    if meta is None:
        missing = [k for k, why in problems.items() if not why]
        if missing:
            out.append(_f(file, "STR-1", FEL, f"Metadata i bladet {META_SHEET} är ofullständig (saknas: "
                          f"{', '.join(missing)}). Använd en ny mall från ekonomienheten.", META_SHEET, at(missing[0])))
        for key, why in problems.items():
            if why:
                out.append(_f(file, "STR-21", FEL, f"Metadata '{key}' i bladet {META_SHEET} går inte att använda: {why}. "
                              "Metadata får inte ändras; använd en ny mall från ekonomienheten.", META_SHEET, at(key)))
        return None, out
    forged = _identity(meta, config, file, at("integritet"))
    out += forged
    form = FORMS.get(meta.document)
    if form is None:
        out.append(_f(file, "STR-2", FEL, f"Okänd dokumenttyp '{meta.document}' i metadata. Använd mallen från "
                      "ekonomienheten.", META_SHEET, at("document")))
        return None, out
    if meta.schema_version != form.version:
        out.append(_f(file, "STR-3", FEL, f"Mallen har version {meta.schema_version}, men {form.title} har version "
                      f"{form.version}. Hämta en ny mall och flytta över uppgifterna.", META_SHEET, at("schema_version")))
        return None, out
    if meta.kommunkod != config.kommun.kommunkod:
        out.append(_f(file, "STR-4", FEL, f"Mallen är gjord för {meta.kommun} (kommunkod {meta.kommunkod}), inte för "
                      f"{config.kommun.namn} ({config.kommun.kommunkod}).", META_SHEET, at("kommunkod")))
    want = expected_year(form, config)
    if meta.year not in accepted_years(form, config):
        out.append(_f(file, "STR-5", FEL, f"Mallen gäller år {meta.year}, men nu tas underlag in för år {want}. "
                      "Använd årets mall.", META_SHEET, at("year")))
    if meta.namnd not in config.namnd_ids:
        out.append(_f(file, "STR-17", FEL, f"Nämnden '{meta.namnd}' i metadata finns inte i kommunens organisation.",
                      META_SHEET, at("namnd")))
        return None, out
    if meta.org_enhet:
        unit = config.namnd(meta.namnd).org_enhet(meta.org_enhet)
        if unit is None or not form.per_enhet:
            why = (f"{form.title.lower()} lämnas per nämnd, inte per enhet" if unit is not None else
                   f"enheten '{meta.org_enhet}' finns inte i organisationen för {config.namnd(meta.namnd).namn} "
                   "(organisation.yaml)")
            out.append(_f(file, "STR-23", FEL, f"Metadata anger enheten '{meta.org_enhet}', men {why}. Använd "
                          "enhetens mall från ekonomienheten.", META_SHEET, at("org_enhet")))
            return None, out
    if forged:  # an identity that is not the template's: nothing in it can be trusted to be what it claims
        return None, out
    reader = _Reader(grid, file, config, form, meta, out)
    doc = reader.read(sha256)
    return doc, out


class _Reader:
    def __init__(self, grid: CellGrid, file: str, config: Config, form: Form, meta: Meta, out: list[Finding]):
        self.grid, self.file, self.config, self.meta, self.out = grid, file, config, meta, out
        self.prefill: Prefill = form.prefill(config, meta.namnd, meta.year) if form.prefill else Prefill()
        self.form = sized(form, config, meta.namnd, self.prefill)  # the rows the template was written with
        self.lookups: dict[str, dict[str, str]] = {}
        self.table_ids: dict[str, dict[str, str]] = {}

    # ------------------------------------------------------------------ helpers
    def hit(self, rule: str, sev: Severity, msg: str, sheet: str | None = None, cell: str | None = None) -> None:
        self.out.append(_f(self.file, rule, sev, msg, sheet, cell))

    def _lookup(self, source: str) -> dict[str, str]:
        if source not in self.lookups:
            if source in self.prefill.lists:
                self.lookups[source] = lookup(self.prefill.lists[source])
            else:
                self.lookups[source] = _config_lookup(self.config, source, self.meta.namnd)
        return self.lookups[source]

    # ------------------------------------------------------------------ reading
    def read(self, sha256: str | None) -> Document:
        fields: dict[str, CellValue] = {}
        tables: dict[str, list[Row]] = {}
        refs: dict[str, tuple[str, str]] = {}
        present = set(self.grid.sheets)
        for sheet in self.form.sheets:
            if sheet.name not in present:
                self.hit("STR-6", FEL, f"Bladet '{sheet.name}' saknas. Blad får inte tas bort eller döpas om; använd en ny mall.")
                continue
            for f in sheet.fields:
                fields[f.key] = self._read_field(sheet.name, f)
            if sheet.table:
                t = sheet.table
                for c, letter in zip(t.columns, _plan(t).letters, strict=True):
                    refs[f"{t.key}.{c.key}"] = (sheet.name, letter)
                tables[t.key] = self._read_table(sheet.name, t)
        if INSTRUCTIONS_SHEET in present:  # the decision block (a template made before it has empty cells there)
            for f in STATUS_FIELDS:
                fields[f.key] = self._read_field(INSTRUCTIONS_SHEET, f)
        self._computed_fields(fields, tables)
        return Document(file=self.file, sha256=sha256, meta=self.meta, fields=fields, tables=tables, refs=refs)

    def _read_field(self, sheet: str, f: Field) -> CellValue:
        raw = self.grid.at(sheet, f.cell)
        if f.formula:
            self._check_computed(sheet, [(f.cell, f.label, lambda: render(f.formula, self.form, sheet))])
            return cell_value(None, sheet, f.cell)
        if f.key in self.prefill.fields:
            # Pre-filled, locked: the config is the source of truth, not the file.
            return cell_value(self.prefill.fields[f.key], sheet, f.cell)
        if f.input and self.grid.is_formula(sheet, f.cell):
            self._formula_hit(sheet, f.cell)
        elif f.input and raw is None and isinstance(self.grid.formulas, FormulaCells) \
                and f.cell in self.grid.formulas.errors_in_columns(sheet, (f.cell.rstrip("0123456789"),)):
            self._error_hit(sheet, f.cell)  # calamine reads an error value as empty
        value = self._convert(raw, f, sheet, f.cell) if raw is not None else None
        if raw is None and f.required:
            self.hit("STR-7", FEL, f"'{f.label}' ska fyllas i.", sheet, f.cell)
        return cell_value(value, sheet, f.cell)

    def _read_table(self, sheet: str, t: Any) -> list[Row]:
        # Hot loop (every row of every table): per-table work is hoisted out of the row loop,
        # blank rows are skipped after a look at their input cells, and plain non-negative
        # numbers skip the general conversion. Findings and values are as in the plain loop.
        grid = self.grid
        pre_rows = self.prefill.rows.get(t.key, [])
        params = {k: v for k, v in self.prefill.fields.items()}
        plan = _plan(t)
        first, last, total = self._span(sheet, t)
        inputs, after = plan.inputs, plan.after
        lists: dict[str, dict[str, str]] = {}  # list name -> lookup, fetched on first use
        # Input cells holding a formula (usually none): reported even when the cached value is empty.
        if isinstance(grid.formulas, FormulaCells):  # the file reader: scans only the input columns
            fx = grid.formulas.in_columns(sheet, plan.input_letters)
        else:
            fx = {ref for ref in grid.formulas.get(sheet, ()) if ref.rstrip("0123456789") in plan.input_letters}
        fx_rows = {int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for ref in fx}
        if isinstance(grid.formulas, FormulaCells):  # error values (#DIV/0! ...) read as empty otherwise
            for ref in sorted(grid.formulas.errors_in_columns(sheet, plan.input_letters), key=_row_col):
                if first <= _row_col(ref)[0] <= last:
                    self._error_hit(sheet, ref)
        # Read from the pre-fill, not the file: the table's locked columns and those the form's pre-fill locks.
        locked = frozenset(t.locked_when_prefilled).union(self.prefill.locked.get(t.key, ()))
        columns = t.keys
        new_cell = cell_value
        sheet_rows = grid.sheets[sheet]
        n_rows = len(sheet_rows)
        stop = max(n_rows, max(fx_rows, default=0))
        rows: list[Row] = []
        for i in range(last - first + 1):
            r = first + i
            prefilled = pre_rows[i] if i < len(pre_rows) else None
            if r > stop and i >= len(pre_rows):
                break  # below the sheet's last row and its last formula: nothing more to read
            raw_row = sheet_rows[r - 1] if r <= n_rows else ()
            if prefilled is None and r not in fx_rows and _blank(raw_row, inputs):
                continue
            values: dict[str, CellValue] = {}
            plain: dict[str, Any] = {}
            failed: set[str] = set()  # cells with a value that could not be converted (not "empty")
            used = prefilled is not None
            width = len(raw_row)
            cleared = False  # the pre-filled row's id was removed: one finding for the row, not one per cell
            for j, c, key, letter, mode, positive in inputs:
                if prefilled is not None and key in locked:
                    if key in prefilled:
                        values[key] = cell_value(prefilled[key], sheet, f"{letter}{r}")
                        plain[key] = prefilled[key]
                        raw = raw_row[j] if j < width else None
                        if key == t.id_column:
                            cleared = self._check_prefilled_id(sheet, f"{letter}{r}", raw, prefilled, t, c)
                        elif not cleared and (raw is None or raw == "") and prefilled[key] not in (None, ""):
                            self._prefilled_cleared(sheet, f"{letter}{r}", prefilled, t, c)
                    continue
                raw = raw_row[j] if j < width else None
                if fx_rows and r in fx_rows and f"{letter}{r}" in fx:  # also when the formula has no cached value
                    self._formula_hit(sheet, f"{letter}{r}")
                if not raw and (raw is None or raw == ""):
                    continue
                ref = f"{letter}{r}"
                # The common cases give what _convert gives, without the checks they cannot fail.
                tp = type(raw)
                if tp is float and mode == _NUMBER and -_INF < raw < _INF and (raw >= 0 or not positive):
                    v = raw  # (NaN and ±inf take the general path: a fel at the cell)
                elif tp is str and mode == _LIST:
                    text = raw.strip()
                    if not text:
                        continue
                    items = lists.get(c.source)
                    if items is None:
                        items = lists[c.source] = self._lookup(c.source)
                    v = items.get(text.casefold())
                    if v is None:
                        v = self._convert(raw, c, sheet, ref)
                elif tp is str and mode == _TEXT:
                    v = raw.strip()
                    if not v:
                        continue
                else:
                    if isinstance(raw, str) and not raw.strip():
                        continue
                    v = self._convert(raw, c, sheet, ref)
                used = True
                if v is not None:
                    values[key] = new_cell(v, sheet, ref)
                    plain[key] = v
                else:
                    failed.add(key)
            if not used:
                continue
            for c, key, letter in after:
                if c.compute is not None:
                    v = c.compute(plain, params)
                    values[key] = new_cell(v, sheet, f"{letter}{r}")
                    plain[key] = v
                elif key not in values and key not in failed:
                    self.hit("STR-7", FEL, f"'{self._header(c)}' ska fyllas i på rad {r}.", sheet, f"{letter}{r}")
            rows.append(table_row(sheet, r, values, prefilled is not None, columns))
        self._check_table_ids(sheet, t, rows)
        self._check_references(sheet, t, rows)
        self._outside(sheet, t, last, total)
        self._check_computed(sheet, _computed_cells(self.form, sheet, t, plan, first, last, total,
                                                           self._header),
                             lambda: _expected_values(t, plan.letters, rows, params, first, last, total))
        return rows

    def _span(self, sheet: str, t: Table) -> tuple[int, int, int | None]:
        """(first row, last row, total row) of a table as it stands in this workbook.

        The range is the Excel table's own (rows inserted inside it, in Excel or LibreOffice, widen it),
        else the declaration's, widened down to the total row; the total row is where its label stands
        below the table, else where the declaration puts it.
        """
        header, last = t.header_row, t.last_row
        real = self.grid.tables.get(sheet, {}).get(f"tbl_{t.key}")
        if real is not None and real[0] < real[1]:
            header, last = real
        if not t.total_label:
            return header + 1, last, None
        label = t.total_label.casefold()
        rows = self.grid.sheets.get(sheet, [])
        for r in range(last + 1, len(rows) + 1):
            cell = rows[r - 1][0] if rows[r - 1] else None
            if isinstance(cell, str) and cell.strip().casefold() == label:
                # Without the table's own range (the add-in sees values only), the table ends above its total row.
                return header + 1, (last if real is not None else r - 1), r
        return header + 1, last, last + 1

    def _check_prefilled_id(self, sheet: str, ref: str, raw: Any, prefilled: dict[str, Any], t: Table,
                            c: Column) -> bool:
        """A pre-filled row is read from the config; its id in the file must still be the config's.

        True when the id was removed (the row cleared): the finding names what the row is."""
        expected = prefilled[c.key]
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        shown = "" if raw is None else str(raw).strip()
        if not shown:
            self.hit("STR-20", FEL, f"{t.row_noun[0].upper()}{t.row_noun[1:]} {expected}{_described(prefilled, t)} "
                     "har tagits bort ur sin förifyllda rad. Raden kommer från kommunens styrdokument och ska stå kvar: "
                     f"skriv tillbaka {expected} eller hämta en ny mall.", sheet, ref)
            return True
        found = shown.casefold()
        if c.type == ColType.LIST and c.source and not c.source.startswith("table:"):
            found = self._lookup(c.source).get(found, found)
        if found.casefold() != str(expected).casefold():
            self.hit("STR-20", FEL, f"Den förifyllda raden ska avse {expected}, men arbetsboken visar '{shown}'. "
                     "Mallen är gjord med en äldre konfiguration; hämta en ny mall från ekonomienheten.", sheet, ref)
        return False

    def _prefilled_cleared(self, sheet: str, ref: str, prefilled: dict[str, Any], t: Table, c: Column) -> None:
        """A locked cell of a pre-filled row was emptied (the value is still read from the config)."""
        ident = prefilled.get(t.id_column or "", "")
        self.hit("STR-20", FEL, f"'{self._header(c)}' i {t.row_noun} {ident} har tömts. Den förifyllda uppgiften ska "
                 f"stå kvar: '{_shown(prefilled[c.key])}'.", sheet, ref)

    def _header(self, c: Column) -> str:
        y = self.meta.year
        return year_headers(c.header, [y + i for i in range(YEAR_SLOTS)])

    def _check_table_ids(self, sheet: str, t: Any, rows: list[Row]) -> None:
        ids: dict[str, str] = {}
        if t.id_column:
            for row in rows:
                v = row.get(t.id_column)
                if v is None:
                    continue
                key = str(v).casefold()
                if key in ids:
                    self.hit("STR-11", FEL, f"Id '{v}' finns redan i cell {ids[key]}. Varje id ska vara unikt.", sheet, row.ref(t.id_column))
                else:
                    ids[key] = row.ref(t.id_column)
            self.table_ids[f"{t.key}.{t.id_column}"] = ids

    def _check_references(self, sheet: str, t: Any, rows: list[Row]) -> None:
        for c in t.columns:
            if not (c.source or "").startswith("table:"):
                continue
            target = c.source[6:]
            known = self.table_ids.get(target, {})
            for row in rows:
                v = row.get(c.key)
                if v is not None and str(v).casefold() not in known:
                    tkey = target.split(".")[0]
                    tsheet = self.form.table(tkey)[0].name
                    self.hit("STR-10", FEL, f"'{v}' finns inte bland id:n på bladet {tsheet}. Välj ett id ur listan.", sheet, row.ref(c.key))

    def _outside(self, sheet: str, t: Any, last: int, total: int | None) -> None:
        rows = self.grid.sheets.get(sheet, [])
        width = len(t.columns)
        for r in range(last + 1, len(rows) + 1):
            if r == total:
                continue
            cells = rows[r - 1][:width]
            if any(v not in ("", None) for v in cells):
                self.hit("STR-12", FEL, f"Rad {r} ligger utanför tabellen (som slutar på rad {last}) och läses inte. "
                         "Flytta uppgifterna till en tom rad i tabellen.", sheet, f"A{r}:{col_letter(width)}{r}")

    def _check_computed(self, sheet: str, cells: list[tuple[str, str, Callable[[], str]]],
                        expected: Callable[[], dict[str, Any]] | None = None) -> None:
        """Computed cells (ref, what they are, the template's formula) keep their formula.

        A value typed over one is a fel (FRM-1), and so is an error value its formula gives (FRM-2).
        A reader that sees values only (xlwings Lite, the add-in's remote reader) compares each
        computed cell's value with what the template's formula gives (`expected`, from the row's
        inputs): a different value was typed over the formula (the same value typed over it is
        harmless and cannot be told apart).
        """
        grid = self.grid
        if not cells:
            return
        if sheet not in grid.formulas:
            if expected is not None and grid.sheets.get(sheet):
                self._check_computed_values(sheet, cells, expected())
            return
        typed = [c for c in cells if grid.at(sheet, c[0]) is not None]
        if typed:
            formulas = grid.formulas.get(sheet) or set()
            for ref, what, formula in typed:
                if ref not in formulas:
                    self.hit("FRM-1", FEL, f"'{what}' i {ref} räknas ut av mallens formel {formula()}, men värdet "
                             f"{_typed(grid.at(sheet, ref))} har skrivits över formeln. Beräknade celler får inte "
                             "skrivas över: ta bort värdet och kopiera formeln från cellen ovanför, eller hämta en ny mall.",
                             sheet, ref)
        if isinstance(grid.formulas, FormulaCells):  # the add-in reads an error value as text (STR-8 at the cell)
            letters = {c[0].rstrip("0123456789") for c in cells}
            errors = grid.formulas.errors_in_columns(sheet, letters)
            for ref, what, formula in cells:
                if ref in errors:
                    value = grid.formulas.error_value(sheet, ref) or "ett felvärde"
                    self.hit("FRM-2", FEL, f"Formeln för '{what}' i {ref} ger {value}. Cellen ska räkna ut "
                             f"{formula()}; rätta formeln (eller hämta en ny mall) så att värdet går att läsa.",
                             sheet, ref)

    def _check_computed_values(self, sheet: str, cells: list[tuple[str, str, Callable[[], str]]],
                               expected: dict[str, Any]) -> None:
        for ref, what, formula in cells:
            raw = self.grid.at(sheet, ref)
            want = expected.get(ref)
            if isinstance(want, _Total):
                want = math.fsum(v for r in range(want.first, want.last + 1)
                                 if isinstance(v := self.grid.at(sheet, f"{want.letter}{r}"), int | float)
                                 and not isinstance(v, bool))
            if raw is None or ref not in expected or _agrees(raw, want):
                continue
            self.hit("FRM-1", FEL, f"'{what}' i {ref} räknas ut av mallens formel {formula()}, men värdet "
                     f"{_typed(raw)} har skrivits över formeln. Beräknade celler får inte "
                     "skrivas över: ta bort värdet och kopiera formeln från cellen ovanför, eller hämta en ny mall.",
                     sheet, ref)

    def _error_hit(self, sheet: str, ref: str) -> None:
        self.hit("STR-19", FEL, "Cellen innehåller ett felvärde (t.ex. #DIV/0! eller #SAKNAS!). "
                 "Skriv in ett värde i stället.", sheet, ref)

    def _formula_hit(self, sheet: str, ref: str) -> None:
        self.hit("STR-13", VARNING, "Cellen innehåller en formel. Skriv in värdet i stället; formler i inmatningsceller "
                 "räknas inte om av ekonomienheten.", sheet, ref)

    # ------------------------------------------------------------------ conversion
    def _convert(self, raw: Any, spec: Column | Field, sheet: str, ref: str) -> Any:
        kind = spec.type
        if kind == ColType.TEXT:
            if isinstance(raw, float) and raw.is_integer():
                return str(int(raw))
            if isinstance(raw, dt.datetime | dt.date):
                return raw.isoformat()[:10]
            return str(raw).strip()
        if kind == ColType.LIST:
            table = self._lookup(spec.source) if spec.source and not spec.source.startswith("table:") else None
            text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
            if table is None:
                return text
            hit = table.get(text.casefold())
            if hit is None:
                hit = table.get(text.split(" ")[0].casefold()) if " " in text else None
            if hit is None:
                self.hit("STR-10", FEL, f"'{text}' är inte ett tillåtet värde. Välj ett värde i listan.", sheet, ref)
            return hit
        if kind == ColType.DATE:
            return self._date(raw, spec, sheet, ref)
        return self._number(raw, spec, sheet, ref)

    def _number(self, raw: Any, spec: Column | Field, sheet: str, ref: str) -> Any:
        kind = spec.type
        if isinstance(raw, bool):
            raw = None
        if isinstance(raw, int | float):
            value = float(raw)
            if not math.isfinite(value):
                self.hit("STR-22", FEL, f"Cellen innehåller {_NON_FINITE.get(str(value), str(value))}, inte "
                         f"{_TYPE_WORD[kind]}. Skriv in ett vanligt tal.", sheet, ref)
                return None
        elif isinstance(raw, str):
            text = raw.strip().replace("−", "-")
            is_pct = text.endswith("%")
            text = text.rstrip("%").strip()
            if _SV_NUMBER.match(text):
                value = float(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))
                if is_pct:
                    value /= 100
                self.hit("STR-9", VARNING, f"Talet '{raw}' var skrivet som text och tolkades som {sv_number(value)}. "
                         "Skriv tal utan mellanslag och citattecken.", sheet, ref)
            else:
                try:
                    value = float(text)
                    if not math.isfinite(value):
                        raise ValueError(text)
                    self.hit("STR-9", VARNING, f"Talet '{raw}' var skrivet som text och tolkades som {sv_number(value)}.", sheet, ref)
                except ValueError:
                    self.hit("STR-8", FEL, f"'{raw}' är inte {_TYPE_WORD[kind]}. Skriv bara siffror i cellen.", sheet, ref)
                    return None
        else:
            self.hit("STR-8", FEL, f"Värdet är inte {_TYPE_WORD[kind]}.", sheet, ref)
            return None
        if kind == ColType.INT:
            if not value.is_integer():
                self.hit("STR-8", FEL, f"{sv_number(value)} är inte ett heltal.", sheet, ref)
                return None
            value = int(value)
        if getattr(spec, "positive", False) and value < 0:
            self.hit("STR-15", FEL, f"Talet {sv_number(value)} är negativt; kolumnen tar bara positiva tal (intäkter och "
                     "kostnader skrivs som positiva belopp i var sin kolumn).", sheet, ref)
        low, high = getattr(spec, "minimum", None), getattr(spec, "maximum", None)
        if (low is not None and value < low) or (high is not None and value > high):
            allowed = (f"{sv_number(low)}–{sv_number(high)}" if low is not None and high is not None
                       else f"minst {sv_number(low)}" if low is not None else f"högst {sv_number(high)}")
            self.hit("STR-18", FEL, f"Värdet {sv_number(value)} ligger utanför det tillåtna intervallet ({allowed}).", sheet, ref)
        return value

    def _date(self, raw: Any, spec: Column | Field, sheet: str, ref: str) -> dt.date | None:
        value: dt.date | None = None
        if isinstance(raw, dt.datetime):
            value = raw.date()
        elif isinstance(raw, dt.date):
            value = raw
        elif isinstance(raw, float) and 20000 < raw < 80000:
            value = dt.date(1899, 12, 30) + dt.timedelta(days=int(raw))
            self.hit("STR-16", VARNING, f"Cellen saknar datumformat; talet {sv_number(raw)} tolkades som {value.isoformat()}.", sheet, ref)
        elif isinstance(raw, str):
            text = raw.strip()
            for fmt in _DATE_FORMATS:
                try:
                    value = dt.datetime.strptime(text, fmt).date()
                    break
                except ValueError:
                    continue
            if value is None:
                value = sv_date(text)
            if value is None:
                self.hit("STR-8", FEL, f"'{raw}' är inte ett datum. Skriv datum som ÅÅÅÅ-MM-DD.", sheet, ref)
                return None
            self.hit("STR-16", VARNING, f"Datumet '{raw}' var skrivet som text och tolkades som {value.isoformat()}.", sheet, ref)
        else:
            self.hit("STR-8", FEL, "Värdet är inte ett datum. Skriv datum som ÅÅÅÅ-MM-DD.", sheet, ref)
            return None
        period = getattr(spec, "period", None)
        if period:
            y = self.meta.year
            first, last = dt.date(y, 1, 1), dt.date(y if period == "year" else y + 2, 12, 31)
            if period == "plan":
                first = dt.date(y - 1, 1, 1)
            if not first <= value <= last:
                self.hit("STR-14", FEL, f"Datumet {value.isoformat()} ligger utanför perioden {first.isoformat()}–"
                         f"{last.isoformat()}.", sheet, ref)
        return value

    def _computed_fields(self, fields: dict[str, CellValue], tables: dict[str, list[Row]]) -> None:
        specs = [(sheet, f) for sheet, f in self.form.field_specs() if f.compute is not None and f.key in fields]
        if not specs:  # the sums below are only read by computed fields
            return
        env = _Env({k: cv.value for k, cv in fields.items()})
        env.sums = {f"sum:{t.key}.{c.key}": (tables.get(t.key, []), c.key)
                    for _, t in self.form.tables() for c in t.columns if c.type in NUMERIC}
        for sheet, f in specs:
            value = f.compute(env, env)
            env[f.key] = value
            fields[f.key] = cell_value(value, sheet.name, f.cell)


class _Env(dict[str, Any]):
    """What computed fields read: field values, and "sum:<table>.<column>" totals summed when first read."""

    sums: dict[str, tuple[list[Row], str]]

    def __missing__(self, key: str) -> float:
        if key not in self.sums:
            raise KeyError(key)
        rows, col = self.sums[key]
        vs = [cv.value for r in rows if (cv := r.values.get(col)) is not None]
        total = self[key] = sum(float(v or 0) for v in vs if isinstance(v, int | float))
        return total

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self.sums

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[key] if key in self else default


_LOOKUPS: dict[tuple[int, str, str], tuple[Config, dict[str, str]]] = {}


def _config_lookup(config: Config, source: str, namnd: str) -> dict[str, str]:
    """lookup(list_items(...)), built once per config, list and nämnd (not once per workbook)."""
    key = (id(config), source, namnd)
    hit = _LOOKUPS.get(key)
    if hit is None or hit[0] is not config:
        if len(_LOOKUPS) > 10_000:  # many configs in one process (tests): start over
            _LOOKUPS.clear()
        hit = _LOOKUPS[key] = (config, lookup(list_items(READ_AS.get(source, source), config, namnd)))
    return hit[1]


_NUMBER, _TEXT, _LIST, _OTHER = range(4)


@dataclass(frozen=True)
class _Plan:
    """What _read_table needs of a table declaration, worked out once per table."""

    letters: list[str]
    inputs: list[tuple[int, Column, str, str, int, bool]]  # (index, column, key, letter, mode, positive)
    after: list[tuple[Column, str, str]]  # computed or required columns, in column order
    input_letters: frozenset[str]


_PLANS: dict[int, tuple[Table, _Plan]] = {}


def _plan(t: Table) -> _Plan:
    hit = _PLANS.get(id(t))
    if hit is not None and hit[0] is t:
        return hit[1]
    letters = [col_letter(j) for j in range(1, len(t.columns) + 1)]
    inputs = [(j, c, c.key, letters[j], _mode(c), c.positive) for j, c in enumerate(t.columns)
              if c.input and not c.formula]
    after = [(c, c.key, letters[j]) for j, c in enumerate(t.columns) if c.compute is not None or c.required]
    plan = _Plan(letters, inputs, after, frozenset(x[3] for x in inputs))
    _PLANS[id(t)] = (t, plan)
    return plan


def _mode(c: Column) -> int:
    """Which fast path of _read_table a column can take for plain float/str cells."""
    if c.type in NUMERIC and c.type != ColType.INT and c.minimum is None and c.maximum is None:
        return _NUMBER  # a float is the value itself (INT must be whole; bounds are checked)
    if c.type == ColType.TEXT:
        return _TEXT
    if c.type == ColType.LIST and c.source and not c.source.startswith("table:"):
        return _LIST  # a str found in the list (else _convert reports it)
    return _OTHER


def _blank(raw_row: list[Any] | tuple[()], inputs: list[tuple[Any, ...]]) -> bool:
    """True when every input cell of a table row is empty ('' / None / blanks only)."""
    width = len(raw_row)
    for x in inputs:
        j = x[0]
        if j < width:
            raw = raw_row[j]
            if not (raw is None or raw == "" or (isinstance(raw, str) and not raw.strip())):
                return False
    return True


def _computed_cells(form: Form, sheet: str, t: Table, plan: _Plan, first: int, last: int, total: int | None,
                    header: Callable[[Column], str]) -> list[tuple[str, str, Callable[[], str]]]:
    """The table's computed cells as they stand (its rows and its total row) with the template's formula."""
    out: list[tuple[str, str, Callable[[], str]]] = []
    for c, letter in zip(t.columns, plan.letters, strict=True):
        if c.formula:
            out += [(f"{letter}{r}", header(c),
                     lambda c=c, r=r: render(c.formula, form, sheet, t, r)) for r in range(first, last + 1)]
        if c.total and total:
            out.append((f"{letter}{total}", f"{t.total_label}: {header(c)}",
                        lambda letter=letter: f"=SUBTOTAL(9,{letter}{first}:{letter}{last})"))
    return out


def _expected_values(t: Table, letters: Sequence[str], rows: list[Row], params: dict[str, Any], first: int,
                     last: int, total: int | None) -> dict[str, Any]:
    """A1 -> what the template's formula gives in each computed cell of the table: the read rows' computed
    values, a blank row's formula over empty inputs, and the total row's sums."""
    by_row = {r.row: r for r in rows}
    out: dict[str, Any] = {}
    blank: dict[str, Any] = {}
    for c in t.columns:
        if c.formula and c.compute is not None:
            try:
                blank[c.key] = c.compute({}, params)
            except (TypeError, ValueError, ZeroDivisionError, KeyError):
                blank[c.key] = None
    for c, letter in zip(t.columns, letters, strict=True):
        if c.formula:
            for r in range(first, last + 1):
                row = by_row.get(r)
                cv = row.values.get(c.key) if row is not None else None
                if row is None:
                    out[f"{letter}{r}"] = blank.get(c.key)
                elif cv is not None:
                    out[f"{letter}{r}"] = cv.value
                # a read row whose formula the reader could not work out (an input it could not read): not compared
        if c.total and total:
            out[f"{letter}{total}"] = _Total(letter, first, last)
    return out


@dataclass(frozen=True)
class _Total:
    """A total row's cell: the sum of the values its column holds (what SUBTOTAL adds up, typed ones included)."""

    letter: str
    first: int
    last: int


def _agrees(raw: Any, want: Any) -> bool:
    """Whether a computed cell's value is what its formula gives (empty and 0 agree; amounts within rounding)."""
    if want is None or want == "":
        return raw in (None, "", 0)
    if isinstance(want, int | float) and not isinstance(want, bool):
        return isinstance(raw, int | float) and not isinstance(raw, bool) and \
            abs(raw - want) <= 1e-6 * max(1.0, abs(want))
    return str(raw).strip() == str(want).strip()


def _typed(value: Any) -> str:
    """A typed value as a user reads it: 123456, 0,5, 'text'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return f"'{_shown(value, 20)}'"


def _shown(value: Any, most: int = 80) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= most else text[: most - 1] + "…"


def _described(prefilled: dict[str, Any], t: Table) -> str:
    """' (what the pre-filled row says)': its kontrollmoment, mål text or name, when it has one."""
    for key in ("kontrollmoment", "text", "namn", "insatsomrade"):
        v = prefilled.get(key)
        if isinstance(v, str) and v.strip() and key != t.id_column:
            return f" ({_shown(v)})"
    return ""


def _row_col(ref: str) -> tuple[int, str]:
    letters = ref.rstrip("0123456789")
    return int(ref[len(letters):]), letters
