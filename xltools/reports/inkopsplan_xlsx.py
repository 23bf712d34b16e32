"""upphandlingsplan-<år>.xlsx: the compiled upphandlings- och inköpsplan for upphandlingsenheten.

One Excel table of every förvaltning's planned purchases (sortable and filterable, with a total row
and the file and cell each row came from), and a summary per upphandlingsform and per nämnd whose
COUNTIF/SUMIF formulas carry their values (a test recalculates them in LibreOffice).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xltools.consolidate.inkop import FORMER, Inkop, inkopsplan
from xltools.consolidate.model import Kommunplan
from xltools.reports.book import FORMATS, Book, Sheet
from xltools.reports.kommunplan_xlsx import created_at

TABLE = "Inköpsplan"
SUMMARY = "Sammanställning"
FIRST = 4  # the table's header row (0-based)
HEADS = ("Nämnd", "Förvaltning", "Upphandling/inköp", "Beskrivning", "Projekt-id", "Projekt", "Uppskattat värde (tkr)",
         "Upphandlingsform", "Planerad start", "Ansvarig", "Källa: fil", "Källa: cell")
WIDTHS = (18, 16, 26, 28, 9, 20, 11, 15, 10.5, 14, 30, 14)
PRINTED = 10  # the source columns stay on screen and in the file, off the printed page (readable at A4)
VALUE = HEADS.index("Uppskattat värde (tkr)")
FORM = HEADS.index("Upphandlingsform")
NAMND = HEADS.index("Nämnd")


def _page(sh: Sheet, plan: Kommunplan, title: str, repeat: int | None) -> None:
    c = plan.config
    sh.page(c.kommun.namn, title, c.kommun.exempeldata or "", f"Upphandlings- och inköpsplan {plan.budgetar}", repeat)


def _row(sh: Sheet, r: int, x: Inkop, date_fmt: object) -> None:
    sh.text(r, 0, x.namnd_namn, "wrap")
    sh.text(r, 1, x.forvaltning, "wrap")
    sh.text(r, 2, x.upphandling, "wrap")
    sh.text(r, 3, x.beskrivning, "wrap")
    sh.text(r, 4, x.projekt_id)
    sh.text(r, 5, x.projekt, "wrap")
    sh.number(r, VALUE, x.varde, "tkr")
    sh.text(r, FORM, x.form, "wrap")
    if x.start is not None:
        day = x.start.date() if isinstance(x.start, dt.datetime) else x.start
        sh.ws.write_datetime(r, 8, dt.datetime.combine(day, dt.time()), date_fmt)
    sh.text(r, 9, x.ansvarig, "wrap")
    sh.text(r, 10, x.file)
    sh.text(r, 11, f"{x.sheet}!A{x.row}")


def write_inkopsplan(plan: Kommunplan, target: str | Path) -> Path:
    """Write upphandlingsplan-<år>.xlsx to `target` (the caller makes it atomic)."""
    c = plan.config
    rows = inkopsplan(plan)
    title = f"Upphandlings- och inköpsplan {plan.budgetar}"
    book = Book(target, properties={"title": title, "subject": f"{c.kommun.namn} – {title}", "author": "xltools",
                                    "company": c.kommun.namn, "created": created_at(plan)},
                styles={**FORMATS, "date": {"num_format": "yyyy-mm-dd"}})
    date_fmt = book.fmt("date")
    sh = book.sheet(TABLE)
    sh.text(0, 0, f"{title} – {c.kommun.namn}", "title")
    sh.text(1, 0, "Alla förvaltningars planerade upphandlingar och inköp ur nämndernas investeringsplaner, "
                  "för upphandlingsenheten. Belopp i tusental kronor (tkr).", "subtitle")
    sh.text(2, 0, "Sortera och filtrera med pilarna i rubrikraden. Källan (fil och cell) står längst till höger."
            + (f" {c.kommun.exempeldata.capitalize()}." if c.kommun.exempeldata else ""), "subtitle")
    for j, w in enumerate(WIDTHS):
        sh.width(j, w)
    first, last = FIRST + 1, FIRST + max(len(rows), 1)
    for i, x in enumerate(rows):
        _row(sh, first + i, x, date_fmt)
    total = sum(x.varde for x in rows)
    columns = [{"header": h, "header_format": book.fmt("header_num" if j == VALUE else "header")}
               for j, h in enumerate(HEADS)]
    columns[0]["total_string"] = "Summa"
    sh.ws.add_table(FIRST, 0, last + 1, len(HEADS) - 1, {"name": "Inkopsplan", "columns": columns, "total_row": True,
                                                          "style": "Table Style Light 9", "autofilter": True})
    # The total as a plain range (a structured reference to a header with spaces is #VALUE! in LibreOffice);
    # SUBTOTAL(9, …) sums the rows a filter shows, in Excel, LibreOffice and Gnumeric alike.
    letter = chr(ord("A") + VALUE)
    sh.formula_text(last + 1, VALUE, f"=SUBTOTAL(9,{letter}{first + 1}:{letter}{last + 1})", "tkr_sum", total)
    sh.ws.set_row(FIRST, 30)  # two-line headers
    sh.ws.freeze_panes(FIRST + 1, 1)
    sh.ws.print_area(0, 0, last + 1, PRINTED - 1)
    _page(sh, plan, title, FIRST)
    if not rows:
        sh.text(first, 2, "Inga planerade upphandlingar eller inköp i de godkända investeringsplanerna.", "note")
    _summary(book, plan, rows, first, last, title)
    book.sheets[TABLE].ws.activate()
    book.close()
    return Path(target)


def _summary(book: Book, plan: Kommunplan, rows: list[Inkop], first: int, last: int, title: str) -> None:
    sh = book.sheet(SUMMARY)
    sh.text(0, 0, f"{title}: sammanställning", "title")
    sh.text(1, 0, "Antal och uppskattat värde per upphandlingsform och per nämnd (formler mot bladet Inköpsplan).",
            "subtitle")
    for j, w in enumerate((34, 10, 18)):
        sh.width(j, w)
    col = {j: chr(ord("A") + j) for j in range(len(HEADS))}
    rng = {j: f"'{TABLE}'!${col[j]}${first + 1}:${col[j]}${last + 1}" for j in (NAMND, VALUE, FORM)}
    r = 3
    for heading, key, names in (("Upphandlingsform", FORM, list(FORMER.values())),
                                ("Nämnd", NAMND, list(dict.fromkeys(x.namnd_namn for x in rows)))):
        sh.text(r, 0, heading, "header")
        sh.text(r, 1, "Antal", "header_num")
        sh.text(r, 2, "Värde (tkr)", "header_num")
        r += 1
        start, count, value = r, 0, 0.0
        for name in names:
            mine = [x for x in rows if (x.form if key == FORM else x.namnd_namn) == name]
            count, value = count + len(mine), value + sum(x.varde for x in mine)
            sh.text(r, 0, name)
            cell = f"A{r + 1}"
            sh.formula_text(r, 1, f"=COUNTIF({rng[key]},{cell})", "int", len(mine))
            sh.formula_text(r, 2, f"=SUMIF({rng[key]},{cell},{rng[VALUE]})", "tkr", sum(x.varde for x in mine))
            r += 1
        sh.text(r, 0, "Summa", "bold")
        sh.formula_text(r, 1, f"=SUM(B{start + 1}:B{r})", "int", count)
        sh.formula_text(r, 2, f"=SUM(C{start + 1}:C{r})", "tkr_sum", value)
        r += 2
    _page(sh, plan, f"{title}: sammanställning", None)
