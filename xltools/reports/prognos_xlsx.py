"""The sheet 'Kommunens prognos' of the follow-up workbook: resultaträkning against budget and the
previous year, balanskravsutredning, financial goals, balansräkning and kassaflöde in summary, the
bedömning of god ekonomisk hushållning and the kontroller that prove the identities.

Subtotals are formulas over the lines they add up (their values stored, so every reader sees the
same figures); amounts in tkr, signed as presented.
"""

from __future__ import annotations

from typing import Any

from xltools.consolidate.lines import Line
from xltools.reports.book import Book, Cell, Sheet
from xltools.sv import XLSX_PER_CENT
from xltools.uppfoljning.kommunen import (
    BALANSKRAV_LINES,
    BR_LINES,
    BUDGET,
    FOREGAENDE,
    GEH_TEXT,
    KF_LINES,
    PROGNOS,
    RR_LINES,
    SHEET,
    KommunensPrognos,
)

STYLES: dict[str, dict[str, Any]] = {
    "section": {"bold": True, "font_size": 12, "font_color": "#1F4E78"},
    "line": {"border": 1, "text_wrap": True, "valign": "top"},
    "line_indent": {"border": 1, "indent": 1, "valign": "top"},
    "line_sum": {"border": 1, "bold": True, "bg_color": "#EDEDED", "valign": "top"},
    "line_head": {"border": 1, "bold": True, "italic": True, "valign": "top"},
    "amount": {"num_format": "#,##0", "border": 1},
    "amount_sum": {"num_format": "#,##0", "border": 1, "bold": True, "bg_color": "#EDEDED"},
    "deviation": {"num_format": "#,##0;[Red]-#,##0", "border": 1},
    "deviation_sum": {"num_format": "#,##0;[Red]-#,##0", "border": 1, "bold": True, "bg_color": "#EDEDED"},
    "percent": {"num_format": XLSX_PER_CENT, "border": 1},  # values in per cent: "2,3 %"
    "yes": {"border": 1, "font_color": "#006100", "bg_color": "#C6EFCE", "align": "center"},
    "no": {"border": 1, "font_color": "#9C0006", "bg_color": "#FFC7CE", "bold": True, "align": "center"},
}


def _statement(sh: Sheet, row: int, title: str, lines: tuple[Line, ...], columns: list[tuple[str, dict]],
               avvikelse: tuple[int, int] | None = None) -> int:
    """A statement: one row per line, the amounts of each column, subtotals as formulas; returns the next row."""
    sh.text(row, 0, title, "section")
    heads = ["", *(h for h, _ in columns)] + (["Avvikelse mot budget"] if avvikelse else [])
    for j, h in enumerate(heads):
        sh.text(row + 1, j, h, "head")
    sh.ws.set_row(row + 1, 32)
    at: dict[str, int] = {}
    r = row + 2
    for ln in lines:
        if ln.heading:
            sh.text(r, 0, ln.label, "line_head")
            for j in range(1, len(heads)):
                sh.text(r, j, None, "line")
            r += 1
            continue
        at[ln.key] = r
        sh.text(r, 0, ln.label, "line_sum" if ln.is_sum else "line_indent" if ln.indent else "line")
        for j, (_, values) in enumerate(columns, start=1):
            if ln.is_sum:
                sh.formula(r, j, [(1, Cell(sh.name, at[k], j)) for k in ln.sum_of if k in at], "amount_sum")
            else:
                sh.kronor(r, j, values.get(ln.key) or 0, "amount")
        if avvikelse:
            a, b = avvikelse
            sh.formula(r, len(columns) + 1, [(1, Cell(sh.name, r, a)), (-1, Cell(sh.name, r, b))],
                       "deviation_sum" if ln.is_sum else "deviation")
        r += 1
    return r + 1


def write_kommunen(book: Book, kp: KommunensPrognos, top: list[str]) -> None:
    """The sheet; `top` are its title lines (report title, kommun and the synthetic-data note)."""
    sh = book.sheet(SHEET)
    sh.width(0, 66)
    for j in range(1, 6):
        sh.width(j, 14)
    sh.ws.set_portrait()
    sh.ws.set_paper(9)  # A4
    sh.fit_to_width(portrait=True)
    sh.ws.repeat_rows(0, 1)
    sh.text(0, 0, top[0], "title")
    sh.text(1, 0, top[1], "note")
    skr = kp.skatteprognos
    basis = [f"Skatteintäkter och generella statsbidrag: {skr.kalla} ({skr.datum})." if skr else
             "Skatteintäkter och generella statsbidrag: budgeten (ingen SKR-prognos inom perioden)."]
    basis.append(f"Finansförvaltningen och övriga poster: ekonomienhetens prognos {kp.prognosperiod}." if kp.prognosperiod
                 else "Finansförvaltningen och övriga poster: budgeten.")
    basis.append("Belopp i tkr; intäkter +, kostnader −. Nämnder utan godkänd rapport räknas med sin budget.")
    for i, text in enumerate(basis):
        sh.text(2 + i, 0, text, "note")
    word = "Utfall" if kp.helar else "Prognos"
    cols = [(kp.rubriker[c], kp.rr[c]) for c in kp.columns]
    b, p = kp.columns.index(BUDGET) + 1, kp.columns.index(PROGNOS) + 1
    r = _statement(sh, 6, f"Resultaträkning: {word.lower()} mot budget" + (" och föregående år" if FOREGAENDE in kp.rr
                                                                         else ""), RR_LINES, cols, (p, b))
    r = _statement(sh, r, "Balanskravsutredning", BALANSKRAV_LINES,
                   [(kp.rubriker[c], kp.balanskrav[c]) for c in (BUDGET, PROGNOS)])
    # the financial goals
    sh.text(r, 0, "Finansiella mål (procent)", "section")
    heads = ["Mål", "Minst", *(kp.rubriker[c] for c in kp.columns), f"Uppfylls ({word.lower()})"]
    for j, h in enumerate(heads):
        sh.text(r + 1, j, h, "head")
    sh.ws.set_row(r + 1, 32)
    r += 2
    for m in kp.mal:
        sh.text(r, 0, f"{m.id} {m.namn}", "line")
        sh.ws.set_row(r, 30)
        sh.number(r, 1, m.minst, "percent")
        for j, c in enumerate(kp.columns, start=2):
            v = m.varden[c]
            if v is None:
                sh.text(r, j, "–", "line")
            else:
                sh.number(r, j, round(v, 2), "percent")
        sh.text(r, len(heads) - 1, "ja" if m.uppfyllt else "nej", "yes" if m.uppfyllt else "no")
        r += 1
    r += 1
    if kp.br:
        ub = f"UB {kp.ar - 1}"
        r = _statement(sh, r, "Balansräkning i sammandrag", BR_LINES,
                       [(ub, kp.br["ib"]), *((kp.rubriker[c], kp.br[c]) for c in (BUDGET, PROGNOS))])
        r = _statement(sh, r, "Kassaflöde i sammandrag", KF_LINES,
                       [(kp.rubriker[c], kp.kf[c]) for c in (BUDGET, PROGNOS)])
    h = kp.hushallning
    sh.text(r, 0, "God ekonomisk hushållning", "section")
    lines = [f"Bedömning: god ekonomisk hushållning {GEH_TEXT[h.bedomning]} enligt {kp.word}.",
             f"Finansiella mål: {h.mal_uppfyllda} av {h.mal_antal} uppfylls (krav: {h.mal_krav})."]
    if h.andel is None:
        lines.append("Verksamhetsmål: bedöms inte i denna rapport; bedömningen bygger på de finansiella målen.")
    else:
        lines.append(f"Verksamhetsmål: {h.verksamhetsmal_uppfyllda} av {h.verksamhetsmal_antal} "
                     f"({round(h.andel)} %) {'är uppfyllda' if kp.helar else 'bedöms uppfyllas'} "
                     f"(krav: minst {h.andel_krav:g} %).")
    for i, text in enumerate(lines, start=1):
        sh.text(r + i, 0, text, "bold" if i == 1 else None)
    r += len(lines) + 2
    sh.text(r, 0, "Kontroller", "section")
    for j, text in enumerate(("Kontroll", "Stämmer", "Kod")):
        sh.text(r + 1, j, text, "head")
    for i, k in enumerate(kp.kontroller, start=r + 2):
        sh.text(i, 0, k.beskrivning, "line")
        sh.ws.set_row(i, 15 * max(1, -(-len(k.beskrivning) // 72)))
        sh.text(i, 1, "ja" if k.ok else "nej", "yes" if k.ok else "no")
        sh.text(i, 2, k.id, "line")
    sh.ws.freeze_panes(0, 1)
