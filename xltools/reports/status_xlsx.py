"""status.xlsx: the status against the årshjul as a workbook – colours, filters, ready to print.

Written through the report-workbook layer (reports/book.py). Every status is a word in its cell
(the colour only repeats it), so the sheet reads the same printed in black and white.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xltools.config import Config
from xltools.inkorg.status import Status
from xltools.reports.book import FORMATS, Book

STYLES: dict[str, dict[str, Any]] = {
    **FORMATS,
    "cell": {"border": 1, "border_color": "#BFBFBF", "text_wrap": True},
    "godkand": {"bg_color": "#C6EFCE", "font_color": "#006100"},
    "inlamnad": {"bg_color": "#DDEBF7", "font_color": "#1F4E78"},
    "med_fel": {"bg_color": "#FFC7CE", "font_color": "#9C0006", "bold": True},
    "forsenad": {"bg_color": "#F4B084", "font_color": "#5A1E00", "bold": True},
    "atersand": {"bg_color": "#FFEB9C", "font_color": "#7F6000", "bold": True},
    "saknas": {"bg_color": "#F2F2F2", "font_color": "#404040"},
    "ej_aktuell": {"font_color": "#595959"},
    "date": {"num_format": "yyyy-mm-dd", "align": "left"},
}


def write_status(s: Status, config: Config, target: str | Path) -> None:
    """The Status sheet (one row per nämnd, one column per document due) and the Påminnelser sheet."""
    book = Book(target, styles=STYLES, properties={
        "title": f"Status {s.what} – {s.kommun}", "subject": "Inlämningar mot årshjulet",
        "author": "xltools", "comments": config.kommun.exempeldata or ""})
    sh = book.sheet("Status")
    sh.text(0, 0, f"Status {s.what} – {s.kommun}", "title")
    note = f"Läget {s.datum.isoformat()}; sista dag enligt årshjulet. "
    if config.kommun.exempeldata:
        note += f"Underlaget är {config.kommun.exempeldata}."
    sh.text(1, 0, note, "subtitle")
    head = 3
    sh.width(0, 34)
    sh.width(1, 20)  # nämnd/enhet for a unit of the nämnd's organisation
    sh.text(head, 0, "Nämnd", "header")
    sh.text(head, 1, "Nämnd (id)", "header")
    for j, d in enumerate(s.due, start=2):
        sh.width(j, 20)
        sh.text(head, j, f"{d.title}\nsista dag {d.deadline.isoformat() if d.deadline else '–'}", "header")
    sh.ws.set_row(head, 45)
    row = head
    for r in s.required:
        row += 1
        sh.text(row, 0, r.label, "cell")
        sh.text(row, 1, r.ident, "cell")
        for j, c in enumerate(r.cells, start=2):
            sh.text(row, j, c.text + (f"\n{c.comment}" if c.comment else ""), f"cell+{c.status}")
    last_col = 1 + len(s.due)
    sh.ws.autofilter(head, 0, row, last_col)
    sh.ws.freeze_panes(head + 1, 2)
    row += 2
    sh.text(row, 0, "Lämnar inte in", "heading")
    for r in s.rows:
        if not r.required:
            row += 1
            sh.text(row, 0, f"{r.namn} – {r.why}", "text")
    row += 2
    n = s.counts()
    sh.text(row, 0, "Förklaring: godkänd = utan fel; med fel (n) = senaste versionen har n fel; inlämnad (väntar) = "
                    "väntar bakom en låst version; återsänd = skickad tillbaka till nämnden; saknas = inget inlämnat "
                    "och sista dag har inte passerat; försenad (x dagar) = inget inlämnat och sista dag har passerat.",
            "text")
    sh.text(row + 1, 0, f"Summa: {n['godkand']} godkända, {n['med_fel']} med fel, {n['inlamnad']} inlämnade som "
                        f"väntar, {n['atersand']} återsända, {n['saknas']} saknas, {n['forsenad']} försenade.", "text")
    ws = sh.ws
    ws.set_landscape()
    ws.set_paper(9)  # A4
    sh.fit_to_width()
    ws.repeat_rows(head)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_header(f"&L{s.kommun}&CStatus {s.what}&R{s.datum.isoformat()}")
    ws.set_footer("&CSida &P av &N")
    ws.print_area(0, 0, row + 1, last_col)

    rem = book.sheet("Påminnelser")
    rem.text(0, 0, f"Påminnelser {s.what}", "title")
    rem.text(1, 0, "Nämnder som har något kvar att lämna in eller rätta, med kontakt ur konfigurationen.", "subtitle")
    cols = [("Nämnd", 34), ("Dokument", 30), ("Status", 24), ("Sista dag", 12), ("Dagar kvar", 11), ("Kontakt", 40)]
    for j, (title, width) in enumerate(cols):
        rem.width(j, width)
        rem.text(3, j, title, "header")
    i = 3
    for m in s.reminders(config):
        i += 1
        rem.text(i, 0, m.namn, "cell")
        rem.text(i, 1, m.title, "cell")
        rem.text(i, 2, m.status, "cell")
        rem.text(i, 3, m.deadline.isoformat() if m.deadline else "", "cell")
        rem.number(i, 4, m.days_left, "cell+int")
        rem.text(i, 5, m.contact, "cell")
    rem.ws.autofilter(3, 0, max(i, 4), len(cols) - 1)
    rem.ws.freeze_panes(4, 0)
    rem.ws.set_landscape()
    rem.ws.set_paper(9)
    rem.fit_to_width()
    rem.ws.repeat_rows(3)
    book.close()
