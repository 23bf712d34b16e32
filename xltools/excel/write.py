"""Form + config -> a template workbook (openpyxl), pre-filled, protected, printable."""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import escape as xml_escape

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from xltools import __version__, integrity
from xltools.atomic import atomic_file
from xltools.cells import col_letter, parse_a1
from xltools.config import Config
from xltools.config.models import OrgEnhet
from xltools.errors import XltoolsError
from xltools.escaping import xlsx_text
from xltools.excel.formulas import quote_sheet, render
from xltools.forms.layout import (
    NUMBER_FORMATS,
    NUMERIC,
    ColType,
    Field,
    Form,
    Prefill,
    SheetSpec,
    Table,
    year_headers,
    years_in,
)
from xltools.forms.lists import Items, list_items
from xltools.forms.sizing import sized
from xltools.forms.status import (
    FIRST_FREE_ROW,
    HEADING_ROW,
    INSTRUCTIONS_SHEET,
    STATUS_FIELDS,
    UTKAST,
)
from xltools.forms.words import kommun_text
from xltools.metadata import META_SHEET, Meta
from xltools.printing import DEFAULT_WIDTH, print_width_pt, scale_for
from xltools.sv import sv_fixed, sv_whole

# "Så kontrollerar du arbetsboken" on the Anvisningar sheet, for the Excel add-in xltools.xlam.
CHECK_TEXT = (
    "• I Excel: fliken Kommunbudget → Validera. Fel markeras i sina celler och listas på bladet Kontroll.",
    "• Ekonomienheten kör samma kontroll: xltools validate <fil>.",
    "• När kontrollen inte visar några fel kan du lämna in arbetsboken direkt från Validera.",
    "• Har du inte knappen Validera? Spara och skicka filen till ekonomienheten; de kör kontrollen.",
)


class TemplateCheck(Protocol):
    """Another way a template is checked in Excel than the add-in xltools.xlam (xltools.lite.template).

    `instructions` replace CHECK_TEXT on the Anvisningar sheet; with `format_cells` the protected
    sheets allow formatting cells (an add-in that cannot lift the protection must still fill the
    cells it marks; values of locked cells stay locked); called with the saved package's parts
    (name -> bytes, in order; new ones go last), the template's Meta and the Config, it adds its
    own parts as the last step, after openpyxl.
    """

    instructions: tuple[str, ...]
    format_cells: bool

    def __call__(self, parts: dict[str, bytes], meta: Meta, config: Config) -> None: ...


INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
COMPUTED_FILL = PatternFill("solid", fgColor="EDEDED")
PREFILLED_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
FONT = "Calibri"  # named everywhere: a font without a name falls back to a serif in LibreOffice
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
TITLE_FONT = Font(name=FONT, bold=True, size=14, color="1F4E78")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LIST_SHEET = "Listor"
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)


_OTHER_KLASS = {"intakt": "konton_kostnad", "kostnad": "konton_intakt"}
WRONG_FILL = PatternFill("solid", fgColor="F4B6B6")  # conditional format: an amount in the wrong column
_KLASS_WORD = {"intakt": ("Intäkter", "intäktskonton", "kostnadskonto"),
               "kostnad": ("Kostnader", "kostnadskonton", "intäktskonto")}
TKR_WHOLE = ("Skriv beloppet i hela tusental kronor (tkr), utan decimaler och utan minustecken: "
             "1 250 000 kr skrivs 1250. Intäkter och kostnader skrivs båda som positiva tal.")
TKR_DECIMAL = ("Skriv beloppet i tusental kronor (tkr) utan minustecken, decimaler efter kommatecken: "
               "1 250 400 kr skrivs 1250,4.")


@dataclass
class _Ctx:
    form: Form
    config: Config
    namnd: str
    year: int
    prefill: Prefill
    lists: dict[str, Items]
    list_names: dict[str, str]
    password: str | None
    check: TemplateCheck | None = None
    unit: OrgEnhet | None = None  # the unit of the nämnd's organisation whose verksamhetsplan this is
    # The value of every formula cell as the template holds it, (sheet, A1) -> value, stored with the formula
    # so a reader that does not recalculate (previews, Protected View, pandas, Power Query) sees the sums.
    cached: dict[tuple[str, str], Any] = field(default_factory=dict)
    env: dict[str, Any] = field(default_factory=dict)  # field values and "sum:<table>.<column>" totals


def _owner(ctx: _Ctx) -> str:
    """Whose document it is: the nämnd, or the nämnd and its unit ("Byggnadsnämnden · Bygglovsenheten (enhet)")."""
    name = ctx.config.namnd(ctx.namnd).namn
    return f"{name} · {ctx.unit.text}" if ctx.unit else name


def _years(ctx: _Ctx) -> list[int]:
    """The document's budget year and plan years (as many as the config's plan period)."""
    return [ctx.year + i for i in range(len(ctx.config.planering.ar))]


LINE_PT = 15  # row height per line of 11 pt text
TEXT_WIDTH, LABEL_WIDTH = 90, 22  # Anvisningar: characters per line (A4 portrait at 100 %), of them the labels


def _lines(text: Any, width: float | None) -> int:
    """Estimated lines of a wrapped text in a column `width` characters wide (rows do not auto-fit on open)."""
    if not isinstance(text, str) or not text:
        return 1
    per_line = max(1, int((width or 13) * 1.1))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def write_template(
    form: Form,
    config: Config,
    namnd: str,
    year: int,
    target: str | Path,
    *,
    period: str | None = None,
    password: str | None = None,
    values: dict[str, Any] | None = None,
    generated: dt.datetime | None = None,
    prefill: Prefill | None = None,
    check: TemplateCheck | None = None,
    kolada: dict[str, tuple[float, str]] | None = None,
    org_enhet: str = "",
) -> Path:
    """Write one pre-filled template; `values` (fields and table rows) fills input cells too.

    `prefill` adds to what the form pre-fills from the config (Prefill.merge): e.g. the utfall from the
    ekonomisystem, locked in the columns it names.

    `check`: the template is checked in another way than with xltools.xlam (see TemplateCheck).

    `kolada`: Kolada id -> (value, source text): a pre-filled row with that Kolada id and no utgångsvärde
    gets the value as its utgångsvärde and the text as its källa (xltools.kolada.lookup.utgangsvarden).

    `org_enhet`: a unit of the nämnd's organisation (config) whose own verksamhetsplan this is; carried in the
    metadata (and the integrity token), so the submission is the unit's, not the nämnd's.

    `values` = {"fields": {key: value}, "rows": {table: [ {col: value} ]}}; rows are written
    after the pre-filled ones, as a user would type them. A given row whose id (the table's
    id_column) matches a pre-filled row fills that row's other cells instead (pre-filled values win).
    """
    pre = form.prefill(config, namnd, year) if form.prefill else Prefill()
    form = sized(form, config, namnd, pre)  # tables sized for the nämnd, as the reader sizes them (own pre-fill)
    if prefill is not None:
        pre = pre.merge(prefill, {t.key: t.id_column for _, t in form.tables()})
    if kolada:
        pre = with_kolada(pre, kolada)
    lists: dict[str, Items] = {}
    for spec in _all_cells(form):
        if spec.source and not spec.source.startswith("table:") and spec.source not in lists:
            lists[spec.source] = pre.lists[spec.source] if spec.source in pre.lists else list_items(spec.source, config, namnd)
        if getattr(spec, "konto_klass", None):  # the other klass's konton: an amount on one of them is in the wrong column
            other = _OTHER_KLASS[spec.konto_klass]
            lists.setdefault(other, list_items(other, config, namnd))
    unit = _unit(form, config, namnd, org_enhet)
    ctx = _Ctx(form, config, namnd, year, pre, lists, {}, password, check, unit)

    wb = Workbook()
    wb.remove(wb.active)
    _list_sheet(wb, ctx)  # first: the decision block on Anvisningar uses its lists
    _instructions(wb, ctx, period, (values or {}).get("fields", {}))
    wb.move_sheet(INSTRUCTIONS_SHEET, offset=-1)  # Anvisningar is the first sheet, Listor the hidden second
    ctx.env.update(pre.fields)
    ctx.env.update((values or {}).get("fields", {}))
    for sheet in form.sheets:
        _data_sheet(wb, ctx, sheet, values or {})
    _computed_fields(ctx)
    meta = _signed(Meta(
        document=form.doc_type, schema_version=form.version, kommunkod=config.kommun.kommunkod,
        kommun=config.kommun.namn, namnd=namnd, namnd_namn=config.namnd(namnd).namn, year=year,
        period=period or str(year), generated=(generated or dt.datetime.now()).replace(microsecond=0).isoformat(),
        generator_version=__version__, org_enhet=org_enhet,
    ), config)
    _meta_sheet(wb, meta, password, bool(check and check.format_cells))
    for k, v in meta.items():
        if v == "":
            continue
        wb.custom_doc_props.append(StringProperty(name=f"xltools_{k}", value=str(v)))
    wb.properties.title = f"{form.title} {year} – {_owner(ctx)}"
    wb.properties.creator = f"xltools {__version__}"
    stamp = (generated or dt.datetime.now()).replace(microsecond=0)
    wb.properties.created = wb.properties.modified = stamp
    wb.active = 0  # opens on Anvisningar
    wb.worksheets[0].sheet_view.tabSelected = True
    target = Path(target)
    with atomic_file(target) as tmp:
        wb.save(tmp)
        names = [ws.title for ws in wb.worksheets]

        def edit(parts: dict[str, bytes]) -> None:
            _store_values(parts, names, ctx.cached)
            if check:
                check(parts, meta, config)

        _reproducible(tmp, stamp, edit)
    return target


def with_kolada(pre: Prefill, kolada: dict[str, tuple[float, str]]) -> Prefill:
    """The pre-fill with each row that has a Kolada id in `kolada` and no utgångsvärde given one (and its källa)."""
    rows = {}
    for table, given in pre.rows.items():
        out = []
        for r in given:
            found = kolada.get(str(r.get("kolada_id") or ""))
            if found is not None and r.get("utgangsvarde") is None:
                r = {**r, "utgangsvarde": found[0], "kalla": found[1]}
            out.append(r)
        rows[table] = out
    return replace(pre, rows=rows)


class _Sums(dict[str, Any]):
    """Field values and table totals for Field.compute: a total of a table without numbers is 0."""

    def __missing__(self, key: str) -> Any:
        return 0.0 if key.startswith("sum:") else None


def _computed_fields(ctx: _Ctx) -> None:
    """The computed fields' values (their formulas' Python twins), in declaration order, into ctx.cached."""
    env = _Sums(ctx.env)
    for sheet, f in ctx.form.field_specs():
        if f.formula and f.compute is not None:
            try:
                env[f.key] = f.compute(env, env)
            except (TypeError, ValueError, ZeroDivisionError, KeyError):
                continue
            ctx.cached[(sheet.name, f.cell)] = env[f.key]


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"((?: [a-z]+="[^"]*")*)><f>(.*?)</f><v ?/></c>', re.S)


def _store_values(parts: dict[str, bytes], names: list[str], cached: dict[tuple[str, str], Any]) -> None:
    """Write each formula cell's value beside its formula in the sheet XML (openpyxl stores none)."""
    for i, name in enumerate(names, start=1):
        part = f"xl/worksheets/sheet{i}.xml"
        values = {ref: v for (sheet, ref), v in cached.items() if sheet == name}
        if not values or part not in parts:
            continue

        def fill(m: re.Match[bytes], values: dict[str, Any] = values) -> bytes:
            ref, attrs, formula = m.group(1).decode(), m.group(2), m.group(3)
            if ref not in values:
                return m.group(0)
            v = values[ref]
            attrs = re.sub(rb' t="[^"]*"', b"", attrs)
            if isinstance(v, bool):
                return b'<c r="%s"%s t="b"><f>%s</f><v>%d</v></c>' % (m.group(1), attrs, formula, int(v))
            if isinstance(v, int | float) and math.isfinite(v):
                return b'<c r="%s"%s><f>%s</f><v>%s</v></c>' % (m.group(1), attrs, formula, repr(float(v)).encode())
            text = "" if v is None else str(v)
            return b'<c r="%s"%s t="str"><f>%s</f><v>%s</v></c>' % (
                m.group(1), attrs, formula, xml_escape(text).encode())

        parts[part] = _FORMULA_CELL.sub(fill, parts[part])


def _unit(form: Form, config: Config, namnd: str, org_enhet: str) -> OrgEnhet | None:
    """The unit a template is made for (None: the nämnd's own); XltoolsError for a unit not in the organisation."""
    if not org_enhet:
        return None
    unit = config.namnd(namnd).org_enhet(org_enhet)
    if unit is None or not form.per_enhet:
        what = (f"{form.title} lämnas per nämnd, inte per enhet" if unit is not None
                else f"enheten '{org_enhet}' finns inte i organisationen för {config.namnd(namnd).namn}")
        raise XltoolsError(f"Mallen kan inte göras: {what}.")
    return unit


def _signed(meta: Meta, config: Config) -> Meta:
    """The metadata with its template id and, when the kommun has a key, its integrity token."""
    meta = replace(meta, mall_id=integrity.template_id(meta.kommunkod, meta.namnd, meta.document, meta.year,
                                                       meta.period, meta.generated, meta.org_enhet))
    key = integrity.kommun_key(config)
    return replace(meta, integritet=integrity.token(key, meta)) if key else meta


def _reproducible(path: Path, stamp: dt.datetime, edit: Callable[[dict[str, bytes]], None] | None = None) -> None:
    """Give the zip entries and docProps a fixed time, so equal input gives byte-identical files; `edit`
    changes the parts (in order, new ones last) before they are written back."""
    with zipfile.ZipFile(path) as zin:
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    if edit is not None:
        edit(parts)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + iso + rb"\g<2>", data)
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)


def _all_cells(form: Form) -> list[Any]:
    """Every field and column spec of the form's template, the decision block on Anvisningar first."""
    out: list[Any] = list(STATUS_FIELDS)
    for s in form.sheets:
        out += s.fields
        if s.table:
            out += s.table.columns
    return out


def _protect(ws: Worksheet, password: str | None, format_cells: bool = False) -> None:
    p = ws.protection
    p.sheet = True
    p.formatCells = not format_cells  # True: formatting cells is locked too (see TemplateCheck.format_cells)
    if password:
        p.password = password
    p.formatColumns = False
    p.formatRows = False
    p.autoFilter = False
    p.sort = False
    p.selectLockedCells = False
    p.selectUnlockedCells = False


def _print_setup(ws: Worksheet, ctx: _Ctx, title: str, title_rows: str | None = None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.left.text = ctx.config.kommun.namn
    ws.oddHeader.center.text = f"{title} {ctx.year}"
    ws.oddHeader.right.text = _owner(ctx)
    ws.oddFooter.left.text = "Sida &P av &N"
    ws.oddFooter.right.text = "&A"
    if title_rows:
        ws.print_title_rows = title_rows
    _readable(ws, portrait=False)


def _readable(ws: Worksheet, portrait: bool) -> None:
    """Fitted to the page's width unless that prints the text below 8 pt (xltools.printing)."""
    widths = {i: ws.column_dimensions[col_letter(i + 1)].width or DEFAULT_WIDTH for i in range(ws.max_column)}
    scale = scale_for(print_width_pt(widths), portrait)
    if scale is not None:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = scale


def _instructions(wb: Workbook, ctx: _Ctx, period: str | None, given: dict[str, Any]) -> None:
    """The first sheet: title, the decision block (forms/status.py) and the instructions below it.

    Column A holds the block's labels and B its cells; each line of text spans A:B (90 characters,
    an A4 portrait page at 100 %).
    """
    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    c, form = ctx.config, ctx.form
    namnd = c.namnd(ctx.namnd)
    ws["A1"] = f"{form.title} {ctx.year}"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = f"{c.kommun.namn} · {namnd.namn} · {ctx.unit.text if ctx.unit else namnd.forvaltning}"
    ws[f"A{HEADING_ROW}"] = "Beslut om dokumentet (fylls i när nämnden har beslutat; ett utkast har inget beslut)"
    ws[f"A{HEADING_ROW}"].font = Font(name=FONT, bold=True, size=12)
    ws.merge_cells(f"A{HEADING_ROW}:B{HEADING_ROW}")
    for f in STATUS_FIELDS:
        _field(ws, ctx, f, {**{"dokumentstatus": UTKAST}, **given}, STATUS_FIELDS, table=False)
    lines: list[str] = [
        (f"Budgetår {ctx.year}, planår {ctx.year + 1}–{_years(ctx)[-1]}" if form.period_kind == "ar" else f"Uppföljningsår {ctx.year}")
        + (f" · period {period}" if period else ""),
    ]
    ram = c.ekonomi.ramar.get(ctx.namnd, {}).get(ctx.year) if form.period_kind == "ar" else None
    if ram is not None and namnd.fordelning:
        lines.append(gemensam_text(c, ctx.namnd, ctx.year))
    elif ram is not None:
        lines.append(f"Nämndens ram (nettokostnad) {ctx.year}: {sv_whole(ram)} tkr, fastställd av kommunfullmäktige.")
    if form.doc_type == "driftbudget":
        lines += [f"Köpet av {n.namn} från värdkommunen {n.vardkommun} är förifyllt och låst på bladet Driftbudget."
                  for n in c.kop_by(ctx.namnd)]
    if c.kommun.exempeldata:
        lines.append(f"OBS: {c.kommun.exempeldata.capitalize()} – inte verkliga siffror.")
    due = c.arshjul.deadline(form.doc_type, ctx.year) if form.period_kind == "ar" else None  # follow-ups: per period, on the sheet
    if due:
        lines.append(f"Lämnas till ekonomienheten senast {due.isoformat()} (enligt årshjulet).")
    lines += ["", "Så fyller du i"]
    lines += [f"• {kommun_text(t, c)}" for t in form.instructions]
    lines += [
        "• Gula celler fyller du i. Blå celler är förifyllda, grå celler räknas fram. Övriga celler är låsta.",
        "• Välj värden i listorna där en cell har en lista; skriv inte egna varianter.",
        "• Belopp anges i tusental kronor (tkr) om inget annat står i kolumnrubriken.",
        "• När nämnden har beslutat: ange status (preliminär eller fastställd), beslutsorgan, beslutsdatum och "
        "paragraf överst på detta blad och lämna in arbetsboken igen.",
    ]
    for s in form.sheets:
        if s.table:
            lines.append(f"• Bladet {s.name} har plats för {s.table.rows} rader. Tomma rader hoppas över. "
                         "Skriv inte under tabellen; behöver du fler rader, kontakta ekonomienheten.")
    lines += ["", "Så kontrollerar du arbetsboken", *(ctx.check.instructions if ctx.check else CHECK_TEXT)]
    ws.column_dimensions["A"].width = LABEL_WIDTH
    ws.column_dimensions["B"].width = TEXT_WIDTH - LABEL_WIDTH  # the two fit an A4 portrait page at 100 %
    for i, text in enumerate(lines, start=FIRST_FREE_ROW):
        cell = ws.cell(row=i, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if text:
            ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=2)
        if text in ("Så fyller du i", "Så kontrollerar du arbetsboken"):
            cell.font = Font(name=FONT, bold=True, size=12)
        if _lines(text, TEXT_WIDTH) > 1:
            ws.row_dimensions[i].height = LINE_PT * _lines(text, TEXT_WIDTH)
    _print_setup(ws, ctx, form.title)
    ws.page_setup.orientation = "portrait"
    _readable(ws, portrait=True)
    _protect(ws, ctx.password, bool(ctx.check and ctx.check.format_cells))


def gemensam_text(c: Config, namnd: str, year: int) -> str:
    """The ram of a hosted gemensam nämnd in words: the whole nämnd's, the kommun's andel and the partners'."""
    n = c.namnd(namnd)
    andelar = ", ".join(f"{k} {sv_fixed(a, 1 if a % 1 else 0)} %" for k, a in n.fordelning.items())
    return (f"Gemensam nämnd: ramen gäller hela nämndens nettokostnad, {sv_whole(c.brutto_ram(namnd, year) or 0)} tkr "
            f"{year}. {c.kommun.namn}s del är kommunfullmäktiges ram {sv_whole(c.ekonomi.ramar[namnd][year])} tkr. "
            f"Fördelning enligt avtalet: {andelar}. Samverkanskommunernas andelar räknas som intäkter i "
            "kommunplanen; budgetera dem inte på bladet Driftbudget.")


def _list_sheet(wb: Workbook, ctx: _Ctx) -> None:
    ws = wb.create_sheet(LIST_SHEET)
    for i, (name, items) in enumerate(sorted(ctx.lists.items()), start=1):
        letter = col_letter(i)
        ws.cell(row=1, column=i, value=name)
        for r, (_, shown) in enumerate(items, start=2):
            ws.cell(row=r, column=i, value=shown)
        last = max(2, len(items) + 1)
        dname = f"lst_{name}"
        wb.defined_names[dname] = DefinedName(dname, attr_text=f"{quote_sheet(LIST_SHEET)}!${letter}$2:${letter}${last}")
        ctx.list_names[name] = dname
    ws.sheet_state = "hidden"
    _protect(ws, ctx.password, bool(ctx.check and ctx.check.format_cells))


def _id_list(ctx: _Ctx, source: str) -> str:
    """A list of the ids typed in another table ("table:<table>.<column>"), down to the last one filled in.

    The table's empty rows below would otherwise end the dropdown in blank entries, the first of them
    preselected; OFFSET cuts the range at the last non-empty cell (SUMPRODUCT evaluates the array in
    Excel and LibreOffice alike). An empty table offers one blank entry.
    """
    tkey, col = source[6:].split(".")
    tsheet, t = ctx.form.table(tkey)
    rng = f"{quote_sheet(tsheet.name)}!{t.data_range(col)}"
    first = rng.split(":")[0]
    return f'OFFSET({first},0,0,MAX(1,SUMPRODUCT(MAX(({rng}<>"")*ROW({rng})))-{t.first_row - 1}),1)'


def _validation(ctx: _Ctx, spec: Any) -> DataValidation | None:
    kind = spec.type
    if spec.source:
        if spec.source.startswith("table:"):
            formula = _id_list(ctx, spec.source)
        else:
            formula = ctx.list_names[spec.source]
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)  # stored without '=', as Excel does
        dv.error, dv.errorTitle = "Välj ett värde i listan.", "Ogiltigt värde"
    elif kind in (ColType.TKR, ColType.KR, ColType.DECIMAL, ColType.PERCENT, ColType.INT):
        low = spec.minimum if getattr(spec, "minimum", None) is not None else (0 if getattr(spec, "positive", False) else None)
        high = getattr(spec, "maximum", None)
        whole = kind == ColType.INT or (kind == ColType.TKR and ctx.form.period_kind == "ar")  # plans: whole tkr
        vtype = "whole" if whole else "decimal"
        if low is not None and high is not None:
            dv = DataValidation(type=vtype, operator="between", formula1=str(low), formula2=str(high), allow_blank=True)
            dv.error = f"Ange ett {'heltal' if kind == ColType.INT else 'tal'} mellan {low:g} och {high:g}."
        elif low is not None:
            dv = DataValidation(type=vtype, operator="greaterThanOrEqual", formula1=str(low), allow_blank=True)
            dv.error = (TKR_WHOLE if whole else TKR_DECIMAL) if kind == ColType.TKR else \
                f"Ange ett {'heltal' if whole else 'tal'} som är {low:g} eller större (decimaler efter kommatecken)."
        else:
            dv = DataValidation(type=vtype, operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True)
            dv.error = ("Skriv beloppet i hela tkr" if whole else "Skriv ett tal") + \
                "; ett negativt tal skrivs med minustecken först (-1250), decimaler efter kommatecken."
        dv.errorTitle = "Ogiltigt värde"
    elif kind == ColType.DATE:
        dv = DataValidation(type="date", operator="between", formula1="36526", formula2="73051", allow_blank=True)
        dv.error, dv.errorTitle = "Ange ett datum (ÅÅÅÅ-MM-DD).", "Ogiltigt datum"
    else:
        return None
    dv.showErrorMessage = True
    if getattr(spec, "help", ""):
        dv.prompt, dv.showInputMessage = spec.help[:255], True
    return dv


def _konto_validation(ctx: _Ctx, t: Table, c: Any, j: int, plain: DataValidation) -> DataValidation:
    """An amount column of one konto klass: a whole positive amount, and not on a konto of the other klass.

    The check in the sheet (a custom validation, and a conditional format that marks an amount already in the
    wrong column, e.g. typed before the konto was chosen); validation reports it too (EKO-3).
    """
    here = f"{col_letter(j)}{t.first_row}"
    konto = f"${col_letter(t.col('konto'))}{t.first_row}"
    other = ctx.list_names[_OTHER_KLASS[c.konto_klass]]
    whole = f"{here}=INT({here})," if plain.type == "whole" else ""
    dv = DataValidation(type="custom", formula1=f"AND(ISNUMBER({here}),{here}>=0,{whole}COUNTIF({other},{konto})=0)",
                        allow_blank=True)
    what, own, wrong = _KLASS_WORD[c.konto_klass]
    dv.error = f"{what} skrivs bara på {own} (kontot i kolumn {konto[1]} är ett {wrong}). {plain.error}"
    dv.errorTitle, dv.showErrorMessage = "Ogiltigt belopp", True
    dv.prompt, dv.showInputMessage = plain.prompt, plain.showInputMessage
    return dv


def _wrong_column(ws: Worksheet, ctx: _Ctx, t: Table) -> None:
    """Conditional formats: an amount on a konto of the other klass is marked as it is typed."""
    for j, c in enumerate(t.columns, start=1):
        if not c.konto_klass:
            continue
        here, konto = f"{col_letter(j)}{t.first_row}", f"${col_letter(t.col('konto'))}{t.first_row}"
        other = ctx.list_names[_OTHER_KLASS[c.konto_klass]]
        ws.conditional_formatting.add(
            f"{col_letter(j)}{t.first_row}:{col_letter(j)}{t.last_row}",
            FormulaRule(formula=[f"AND(N({here})<>0,COUNTIF({other},{konto})>0)"], fill=WRONG_FILL,
                        font=Font(name=FONT, bold=True, color="9C0006")))


def _style(cell: Any, spec: Any, *, input_: bool, prefilled: bool = False) -> None:
    # openpyxl registers each style object in the workbook's style tables by hashing it, per cell
    # (two thirds of the time of writing a template). A cell's style is a row of indices into
    # those tables, so the first cell of a kind is styled the long way and the rest get a copy.
    done: dict[tuple[Any, ...], Any] = cell.parent.parent.__dict__.setdefault("_xltools_styles", {})
    key = (spec.type, input_, prefilled, getattr(cell._style, "numFmtId", 0))  # a date value may have set one
    if key in done:
        cell._style = copy(done[key])
        return
    _style_cell(cell, spec, input_=input_, prefilled=prefilled)
    done[key] = copy(cell._style)


def _style_cell(cell: Any, spec: Any, *, input_: bool, prefilled: bool) -> None:
    fmt = NUMBER_FORMATS.get(spec.type)
    if fmt:
        cell.number_format = fmt
    cell.border = BORDER
    if input_ and not prefilled:
        cell.fill, cell.protection = INPUT_FILL, UNLOCKED
    elif prefilled:
        cell.fill, cell.protection = PREFILLED_FILL, LOCKED
    else:
        cell.fill, cell.protection = COMPUTED_FILL, LOCKED
    if spec.type in (ColType.TEXT, ColType.LIST):  # long list texts (mål, konton) wrap instead of spilling over
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    else:  # numbers and dates at the top of a tall row, level with its text
        cell.alignment = Alignment(vertical="top")


def _put(cell: Any, value: Any) -> None:
    """A pre-filled or given value (it may come from a submitted workbook): a text is always a text cell,
    never a formula (a goal text "=HYPERLINK(…)"), with control characters visible and at most a cell's length."""
    if isinstance(value, str):
        cell.value = xlsx_text(value)
        cell.data_type = "s"  # openpyxl would take a leading "=" for a formula
    else:
        cell.value = value


def _shown(ctx: _Ctx, spec: Any, value: Any) -> Any:
    """A list value is written as its shown text, as a user choosing from the dropdown would."""
    if spec.source and spec.source in ctx.lists and value is not None:
        for ident, shown in ctx.lists[spec.source]:
            if ident == value:
                return shown
    return value


def _data_sheet(wb: Workbook, ctx: _Ctx, sheet: SheetSpec, values: dict[str, Any]) -> None:
    ws = wb.create_sheet(sheet.name)
    years = _years(ctx)
    title = kommun_text(sheet.title, ctx.config)
    ws["A1"] = f"{title} {years[0]}–{years[-1]}" if sheet.table and ctx.form.period_kind == "ar" else f"{title} {ctx.year}"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = f"{ctx.config.kommun.namn} · {_owner(ctx)}"
    if ctx.config.kommun.exempeldata:
        ws["A2"] = f"{ws['A2'].value} · {ctx.config.kommun.exempeldata}"
    if sheet.intro:
        ws["A3"] = kommun_text(sheet.intro, ctx.config)
        ws["A3"].font = Font(name=FONT, italic=True, color="595959")
    for ref, text in sheet.static:
        ws[ref] = year_headers(text, years)
        ws[ref].font = Font(name=FONT, bold=True)
        if years_in(text) and text.strip().startswith("{ar"):  # a year above a column of amounts
            ws[ref].alignment = Alignment(horizontal="right", vertical="bottom")
    given_fields = values.get("fields", {})
    for f in sheet.fields:
        _field(ws, ctx, f, given_fields, sheet.fields, table=sheet.table is not None)
    if ws.column_dimensions["A"].width in (None, 13):
        ws.column_dimensions["A"].width = 38 if sheet.fields else 13
    if sheet.intro and any(parse_a1(ref)[0] == 3 for ref, _ in sheet.static):  # no room to spill over: wrap
        ws["A3"].alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[3].height = LINE_PT * _lines(sheet.intro, ws.column_dimensions["A"].width)
    if sheet.table:
        _table(ws, ctx, sheet, sheet.table, values.get("rows", {}).get(sheet.table.key, []))
    _print_setup(ws, ctx, ctx.form.title, f"{sheet.table.header_row}:{sheet.table.header_row}" if sheet.table else None)
    _protect(ws, ctx.password, bool(ctx.check and ctx.check.format_cells))


def _field(ws: Worksheet, ctx: _Ctx, f: Field, given: dict[str, Any], fields: tuple[Field, ...], *, table: bool) -> None:
    """One fixed cell with its label: pre-filled, given or empty, styled, with its validation."""
    row, col = parse_a1(f.cell)
    if f.label:
        lref = f.label_cell or f"A{row}"
        ws[lref] = f.label
        ws[lref].font = Font(name=FONT, bold=True)
        ws[lref].alignment = Alignment(vertical="top")  # level with a tall field's text
    cell = ws.cell(row=row, column=col)
    prefilled = f.key in ctx.prefill.fields
    if f.formula:
        cell.value = render(f.formula, ctx.form, ws.title)
    elif prefilled:
        _put(cell, _shown(ctx, f, ctx.prefill.fields[f.key]))
    elif f.key in given:
        _put(cell, _shown(ctx, f, given[f.key]))
    _style(cell, f, input_=f.input and not f.formula and not f.prefill_only, prefilled=prefilled and not f.formula)
    if f.height:
        ws.row_dimensions[row].height = f.height
        last = max(parse_a1(g.cell)[1] for g in fields)
        if last > col:  # other fields use the columns to the right (e.g. one per year): span them
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=last)
        else:
            ws.column_dimensions[col_letter(col)].width = max(ws.column_dimensions[col_letter(col)].width or 0, 60)
    elif f.type in NUMERIC and not table:
        ws.column_dimensions[col_letter(col)].width = max(ws.column_dimensions[col_letter(col)].width or 0, 14)
    dv = _validation(ctx, f) if f.input and not f.formula and not prefilled and not f.prefill_only else None
    if dv:
        dv.add(f.cell)
        ws.add_data_validation(dv)


def _row_values(ctx: _Ctx, t: Table, data: dict[str, Any]) -> dict[str, Any]:
    """A row's values with its computed columns worked out by their Python twins (Column.compute), in order."""
    plain = {k: v for k, v in data.items() if v is not None and v != ""}
    for c in t.columns:
        if c.formula and c.compute is not None:
            try:
                plain[c.key] = c.compute(plain, ctx.prefill.fields)
            except (TypeError, ValueError, ZeroDivisionError, KeyError):  # a value the formula cannot take either
                plain.pop(c.key, None)
    return plain


def _table(ws: Worksheet, ctx: _Ctx, sheet: SheetSpec, t: Table, given: list[dict[str, Any]]) -> None:
    years = _years(ctx)
    pre_rows = ctx.prefill.rows.get(t.key, [])
    keys = (t.id_column,) if t.id_column else t.match

    def ident(row: dict[str, Any]) -> tuple[str, ...] | None:
        return tuple(str(row.get(k)) for k in keys) if keys and all(row.get(k) is not None for k in keys) else None

    pre_ids = {i for p in pre_rows if (i := ident(p)) is not None}
    fill = {i: g for g in given if (i := ident(g)) in pre_ids}
    rows = [({**fill.get(ident(p) or (), {}), **p}, True) for p in pre_rows]
    rows += [(g, False) for g in given if ident(g) not in pre_ids]
    if len(rows) > t.rows:
        raise ValueError(f"{t.key}: {len(rows)} rader får inte plats i {t.rows}")
    widths: list[float] = []
    for j, c in enumerate(t.columns, start=1):
        h = ws.cell(row=t.header_row, column=j, value=year_headers(c.header, years) + (f" ({c.unit})" if c.unit and c.unit not in c.header else ""))
        h.font, h.fill, h.border = HEADER_FONT, HEADER_FILL, BORDER
        h.alignment = Alignment(wrap_text=True, vertical="center")
        widths.append(max(c.width, max(len(w) for w in str(h.value).split()) * 1.1 + 2))  # no word of a header breaks
        ws.column_dimensions[col_letter(j)].width = widths[-1]
    heads = [(ws.cell(row=t.header_row, column=j).value, widths[j - 1]) for j in range(1, len(t.columns) + 1)]
    ws.row_dimensions[t.header_row].height = max(32, LINE_PT * max(_lines(h, w * 0.9) for h, w in heads) + 2)  # bold
    totals: dict[str, float] = {}
    for i in range(t.rows):
        r = t.first_row + i
        data, prefilled = rows[i] if i < len(rows) else ({}, False)
        computed = _row_values(ctx, t, data)
        for key, v in computed.items():
            if isinstance(v, int | float) and not isinstance(v, bool):
                totals[key] = totals.get(key, 0) + v
        for j, c in enumerate(t.columns, start=1):
            cell = ws.cell(row=r, column=j)
            if c.formula:
                cell.value = render(c.formula, ctx.form, sheet.name, t, r)
                if c.key in computed:
                    ctx.cached[(sheet.name, cell.coordinate)] = computed[c.key]
            elif c.key in data:
                _put(cell, _shown(ctx, c, data[c.key]))
            locked_prefill = prefilled and (c.key in t.locked_when_prefilled
                                            or c.key in ctx.prefill.locked.get(t.key, ()))
            _style(cell, c, input_=c.input and not c.formula, prefilled=locked_prefill)
        lines = max((_lines(ws.cell(row=r, column=j).value, widths[j - 1]) for j, c in enumerate(t.columns, start=1)
                     if c.type in (ColType.TEXT, ColType.LIST)), default=1)
        if lines > 1:
            ws.row_dimensions[r].height = LINE_PT * lines
    ctx.env.update({f"sum:{t.key}.{k}": v for k, v in totals.items()})
    for j, c in enumerate(t.columns, start=1):
        dv = _validation(ctx, c) if c.input and not c.formula else None
        if dv and c.konto_klass:
            dv = _konto_validation(ctx, t, c, j, dv)
        if dv:
            dv.add(f"{col_letter(j)}{t.first_row}:{col_letter(j)}{t.last_row}")
            ws.add_data_validation(dv)
    if t.total_row:
        ws.cell(row=t.total_row, column=1, value=t.total_label).font = Font(name=FONT, bold=True)
        for j, c in enumerate(t.columns, start=1):
            cell = ws.cell(row=t.total_row, column=j)
            if c.total:
                cell.value = f"=SUBTOTAL(9,{t.data_range(c.key).replace('$', '')})"  # 109 is #NUM! in Gnumeric
                ctx.cached[(sheet.name, cell.coordinate)] = totals.get(c.key, 0)
                cell.number_format = NUMBER_FORMATS.get(c.type, "General")
                cell.font = Font(name=FONT, bold=True)
            cell.border = BORDER
            cell.fill = COMPUTED_FILL
    _wrong_column(ws, ctx, t)
    ref = f"A{t.header_row}:{col_letter(len(t.columns))}{t.last_row}"
    xt = XlTable(displayName=f"tbl_{t.key}", ref=ref)
    xt.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    ws.add_table(xt)
    ws.freeze_panes = ws.cell(row=t.first_row, column=frozen_columns(t) + 1)


FROZEN_WIDTH = 65  # characters of frozen columns at most: the amount columns stay readable on a laptop screen


def frozen_columns(t: Table) -> int:
    """How many leading columns identify a row and stay in view when scrolling right (at least one).

    The leading dimension or match columns (driftbudget: verksamhet, konto; mått: mål-id, mått), or an
    id followed by its name (projekt-id, projekt), as long as they fit in FROZEN_WIDTH.
    """
    cols = t.columns
    n = 1
    if cols[0].key.endswith("_id") and len(cols) > 1 and cols[1].type == ColType.TEXT:
        n = 2
    elif cols[0].dim or cols[0].key in t.match:
        while n < len(cols) and (cols[n].dim or cols[n].key in t.match) and cols[n].type in (ColType.TEXT, ColType.LIST):
            n += 1
    while n > 1 and sum(c.width for c in cols[:n]) > FROZEN_WIDTH:
        n -= 1
    return n


def _meta_sheet(wb: Workbook, meta: Meta, password: str | None, format_cells: bool = False) -> None:
    ws = wb.create_sheet(META_SHEET)
    ws["A1"], ws["B1"] = "nyckel", "värde"
    for i, (k, v) in enumerate(meta.items(), start=2):
        if v == "":  # no token without a key
            continue
        ws.cell(row=i, column=1, value=k)
        ws.cell(row=i, column=2, value=str(v))
    ws.sheet_state = "hidden"
    _protect(ws, password, format_cells)
