"""The kommun's follow-up report workbook (XlsxWriter): formulas carry cached values, charts included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from xltools import __version__
from xltools.cells import a1_zero
from xltools.forms.period import kind_of
from xltools.uppfoljning.consolidate import KONTROLLSTATUS, STATUSES, FollowUp

TKR = "#,##0"
PCT = "0.0%"


class _Fmt:
    def __init__(self, wb: Workbook) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14, "font_color": "#1F4E78"})
        self.note = wb.add_format({"italic": True, "font_color": "#595959"})
        self.head = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78", "text_wrap": True,
                                   "valign": "vcenter", "border": 1})
        self.tkr = wb.add_format({"num_format": TKR, "border": 1})
        self.avv = wb.add_format({"num_format": TKR + ";[Red]-" + TKR, "border": 1})  # deficits in red
        self.pct = wb.add_format({"num_format": PCT, "border": 1})
        self.int = wb.add_format({"num_format": "0", "border": 1})
        self.text = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        self.bold = wb.add_format({"bold": True})
        self.sum_label = wb.add_format({"bold": True, "border": 1, "bg_color": "#EDEDED"})
        self.sum_tkr = wb.add_format({"bold": True, "num_format": TKR, "border": 1, "bg_color": "#EDEDED"})
        self.sum_int = wb.add_format({"bold": True, "num_format": "0", "border": 1, "bg_color": "#EDEDED"})


def _header(ws: Worksheet, f: _Fmt, row: int, headers: list[tuple[str, float]]) -> None:
    for j, (text, width) in enumerate(headers):
        ws.write(row, j, text, f.head)
        ws.set_column(j, j, width)
    ws.set_row(row, 32)


def _sheet_top(ws: Worksheet, f: _Fmt, fu: FollowUp, title: str) -> None:
    ws.write(0, 0, f"{title} – {fu.title}", f.title)
    line = fu.kommun + (f" · {fu.exempeldata.capitalize()} – inte verkliga siffror" if fu.exempeldata else "")
    ws.write(1, 0, line, f.note)


def _sum_row(ws: Worksheet, f: _Fmt, row: int, first: int, cols: dict[int, float], label_col: int = 0,
             fmt: Any = None) -> None:
    """A total row: SUM formulas over rows first..row-1 with their cached values."""
    ws.write(row, label_col, "Summa", f.sum_label)
    for col, value in cols.items():
        rng = f"{a1_zero(first, col)}:{a1_zero(row - 1, col)}"
        ws.write_formula(row, col, f"=SUM({rng})", fmt or f.sum_tkr, round(value, 6))


# ---------------------------------------------------------------- sheets
def _amounts(ws: Worksheet, f: _Fmt, r: int, x: Any) -> None:
    """Budget, utfall and prognos (helår: utfall) in columns D–F, avvikelse = budget − prognos in G."""
    ws.write_number(r, 3, x.budget, f.tkr)
    ws.write_number(r, 4, x.utfall, f.tkr)
    ws.write_number(r, 5, x.prognos, f.tkr)
    ws.write_formula(r, 6, f"={a1_zero(r, 3)}-{a1_zero(r, 5)}", f.avv, round(x.avvikelse, 6))


def _amount_sums(ws: Worksheet, f: _Fmt, row: int, first: int, xs: list[Any]) -> None:
    """The total row under `_amounts` rows first..row-1."""
    _sum_row(ws, f, row, first, {3: sum(x.budget for x in xs), 4: sum(x.utfall for x in xs),
                                 5: sum(x.prognos for x in xs), 6: sum(x.avvikelse for x in xs)})


def _summary(ws: Worksheet, f: _Fmt, fu: FollowUp, economy_total_row: int | None) -> None:
    """The first sheet (created first, filled last: XlsxWriter cannot reorder sheets)."""
    ws.set_column(0, 0, 58)
    ws.set_column(1, 1, 18)
    ws.write(0, 0, fu.title, f.title)
    ws.write(1, 0, fu.kommun + (f" · {fu.exempeldata.capitalize()} – inte verkliga siffror" if fu.exempeldata else ""),
             f.note)
    ws.write(2, 0, f"Sammanställd av ekonomienheten med xltools {__version__}. Belopp i tkr.", f.note)
    t = fu.totals()
    n = len(fu.namnder)
    helar = kind_of(fu.kind).helar
    lines: list[tuple[str, Any, str | None]] = [
        ("Nämnder med godkänd rapport", f"{len(fu.counted)} av {n}", None),
        ("Nämnder som saknar rapport", len(fu.saknas), None),
        ("Rapporter med fel (ingår inte i summorna)", len(fu.ej_godkanda), None),
    ]
    eko = "'Ekonomi per nämnd'"
    if economy_total_row is not None:
        r = economy_total_row
        lines += [
            ("Årsbudget, nämnder med godkänd rapport", t["budget"], f"={eko}!{a1_zero(r, 2)}"),
            ("Utfall helår" if helar else "Utfall hittills i år", t["utfall"], f"={eko}!{a1_zero(r, 3)}"),
        ]
        if not helar:
            lines.append(("Helårsprognos", t["prognos"], f"={eko}!{a1_zero(r, 4)}"))
        lines += [
            ("Avvikelse mot budget (+ överskott, − underskott)", t["avvikelse"], f"={eko}!{a1_zero(r, 4 if helar else 5)}"),
            ("Åtgärdernas beräknade effekt", t["atgarder_effekt"], f"={eko}!{a1_zero(r, 7 if helar else 8)}"),
        ]
    lines.append(("Budget för nämnder utan godkänd rapport", t["budget_ej_rapporterat"], None))
    if fu.has_goals:
        g = fu.goal_counts()
        word = "Uppfyllda mål" if helar else "Mål som bedöms vara uppfyllda vid årets slut"
        lines += [("Antal mål (riktade mål och nämndmål)", g["antal_mal"], None),
                  (word, g["uppfyllda_vid_arets_slut"], None)]
    bad = sum(1 for k in fu.kontrollsummor if not k.stammer)
    lines.append(("Kontrollsummor", "alla stämmer" if not bad else f"{bad} stämmer inte", None))
    for i, (label, value, formula) in enumerate(lines, start=4):
        ws.write(i, 0, label, f.text)
        if formula:
            ws.write_formula(i, 1, formula, f.tkr, round(value, 6))
        elif isinstance(value, int):
            ws.write_number(i, 1, value, f.int)
        elif isinstance(value, float):
            ws.write_number(i, 1, value, f.tkr)
        else:
            ws.write(i, 1, value, f.text)
    row = len(lines) + 5
    if fu.notes:
        ws.write(row, 0, "Anteckningar", f.bold)
        for k, note in enumerate(fu.notes, start=1):
            ws.write(row + k, 0, note)


def _economy(wb: Workbook, f: _Fmt, fu: FollowUp) -> int | None:
    """Per nämnd with a counted report; returns the 0-based row of the total (None when none counted)."""
    ws = wb.add_worksheet("Ekonomi per nämnd")
    _sheet_top(ws, f, fu, "Ekonomi per nämnd")
    helar = kind_of(fu.kind).helar
    head = [("Nämnd", 34), ("Status", 11), ("Årsbudget", 13), ("Utfall helår" if helar else "Utfall hittills", 13)]
    if not helar:
        head.append(("Helårsprognos", 13))
    head += [("Avvikelse (+ överskott)", 14), ("Avvikelse i % av budget", 12), ("Antal åtgärder", 10),
             ("Åtgärdernas effekt", 13), ("Källa (fil, blad, celler)", 60)]
    _header(ws, f, 3, head)
    rows = fu.counted
    if not rows:
        ws.write(4, 0, "Ingen nämnd har lämnat en godkänd rapport för perioden.", f.note)
        return None
    first = 4
    c_av = 4 if helar else 5
    against = 3 if helar else 4
    for i, n in enumerate(rows):
        r = first + i
        ws.write(r, 0, n.namn, f.text)
        ws.write(r, 1, n.status, f.text)
        ws.write_number(r, 2, n.budget, f.tkr)
        ws.write_number(r, 3, n.utfall or 0, f.tkr)
        if not helar:
            ws.write_number(r, 4, n.prognos or 0, f.tkr)
        ws.write_formula(r, c_av, f"={a1_zero(r, 2)}-{a1_zero(r, against)}", f.avv, round(n.avvikelse or 0, 6))
        pct = (n.avvikelse or 0) / n.budget if n.budget else 0
        ws.write_formula(r, c_av + 1, f"=IF({a1_zero(r, 2)}=0,0,{a1_zero(r, c_av)}/{a1_zero(r, 2)})", f.pct, pct)
        ws.write_number(r, c_av + 2, n.atgarder, f.int)
        ws.write_number(r, c_av + 3, n.atgarder_effekt, f.tkr)
        ws.write(r, c_av + 4, str(n.source) if n.source else n.file or "", f.text)
    total = first + len(rows)
    t = fu.totals()
    cols = {2: t["budget"], 3: t["utfall"], c_av: t["avvikelse"], c_av + 3: t["atgarder_effekt"]}
    if not helar:
        cols[4] = t["prognos"]
    _sum_row(ws, f, total, first, cols)
    ws.write_formula(total, c_av + 2, f"=SUM({a1_zero(first, c_av + 2)}:{a1_zero(total - 1, c_av + 2)})", f.sum_int,
                     sum(n.atgarder for n in rows))
    ws.freeze_panes(first, 1)
    chart = wb.add_chart({"type": "bar"})
    chart.add_series({
        "name": "Avvikelse mot budget (tkr)",
        "categories": ["Ekonomi per nämnd", first, 0, total - 1, 0],
        "values": ["Ekonomi per nämnd", first, c_av, total - 1, c_av],
        "invert_if_negative": False,
    })
    chart.set_title({"name": "Avvikelse mot budget per nämnd (tkr)"})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})
    chart.set_size({"width": 720, "height": 24 * len(rows) + 120})
    ws.insert_chart(total + 2, 0, chart)
    return total


def _details(wb: Workbook, f: _Fmt, fu: FollowUp) -> None:
    ws = wb.add_worksheet("Underlag per verksamhet")
    _sheet_top(ws, f, fu, "Underlag per verksamhet")
    helar = kind_of(fu.kind).helar
    _header(ws, f, 3, [("Nämnd", 10), ("Verksamhet", 10), ("Verksamhetens namn", 30), ("Årsbudget", 13),
                       ("Utfall", 13), ("Utfall helår" if helar else "Helårsprognos", 13), ("Avvikelse", 13),
                       ("Kommentar", 40), ("Fil", 40), ("Blad", 12), ("Cell", 8)])
    first = 4
    for i, x in enumerate(fu.rader):
        r = first + i
        ws.write(r, 0, x.namnd, f.text)
        ws.write(r, 1, x.verksamhet, f.text)
        ws.write(r, 2, x.verksamhet_namn, f.text)
        _amounts(ws, f, r, x)
        ws.write(r, 7, x.kommentar, f.text)
        ws.write(r, 8, x.source.file, f.text)
        ws.write(r, 9, x.source.sheet, f.text)
        ws.write(r, 10, x.source.cell, f.text)
    if fu.rader:
        last = first + len(fu.rader)
        _amount_sums(ws, f, last, first, fu.rader)
    ws.autofilter(3, 0, 3 + max(1, len(fu.rader)), 10)
    ws.freeze_panes(4, 3)


def _measures(wb: Workbook, f: _Fmt, fu: FollowUp) -> None:
    ws = wb.add_worksheet("Åtgärder")
    _sheet_top(ws, f, fu, "Åtgärder för budget i balans")
    _header(ws, f, 3, [("Nämnd", 10), ("Verksamhet", 12), ("Åtgärd", 60), ("Beräknad effekt", 13),
                       ("Ansvarig", 20), ("Genomförs senast", 13), ("Källa", 60)])
    for i, a in enumerate(fu.atgarder):
        r = 4 + i
        ws.write(r, 0, a.namnd, f.text)
        ws.write(r, 1, a.verksamhet or "hela nämnden", f.text)
        ws.write(r, 2, a.atgard, f.text)
        ws.write_number(r, 3, a.effekt, f.tkr)
        ws.write(r, 4, a.ansvarig, f.text)
        ws.write(r, 5, a.klart, f.text)
        ws.write(r, 6, str(a.source), f.text)
    if fu.atgarder:
        _sum_row(ws, f, 4 + len(fu.atgarder), 4, {3: sum(a.effekt for a in fu.atgarder)})
    else:
        ws.write(4, 0, "Inga åtgärder är rapporterade.", f.note)


def _trend(wb: Workbook, f: _Fmt, fu: FollowUp) -> None:
    ws = wb.add_worksheet("Prognosutveckling")
    _sheet_top(ws, f, fu, "Prognosens utveckling under året")
    ws.write(2, 0, "Nämnder med godkänd rapport för respektive period. Verksamhetsberättelsen visar utfallet.", f.note)
    _header(ws, f, 3, [("Period", 10), ("Rapport", 30), ("Nämnder", 9), ("Årsbudget", 14), ("Helårsprognos", 14),
                       ("Avvikelse", 14)])
    first = 4
    for i, p in enumerate(fu.trend):
        r = first + i
        ws.write(r, 0, p.period, f.text)
        ws.write(r, 1, kind_of(p.dokument).short, f.text)
        ws.write_number(r, 2, p.namnder, f.int)
        ws.write_number(r, 3, p.budget, f.tkr)
        ws.write_number(r, 4, p.prognos, f.tkr)
        ws.write_formula(r, 5, f"={a1_zero(r, 3)}-{a1_zero(r, 4)}", f.avv, round(p.avvikelse, 6))
    last = first + len(fu.trend) - 1
    if fu.trend:
        chart = wb.add_chart({"type": "line"})
        for col, name in ((3, "Årsbudget"), (4, "Helårsprognos")):
            chart.add_series({"name": name, "categories": ["Prognosutveckling", first, 0, last, 0],
                              "values": ["Prognosutveckling", first, col, last, col], "marker": {"type": "circle"}})
        chart.set_title({"name": "Helårsprognos och budget per period (tkr)"})
        chart.set_y_axis({"num_format": TKR})
        ws.insert_chart(3, 7, chart)
        chart2 = wb.add_chart({"type": "column"})
        chart2.add_series({"name": "Avvikelse", "categories": ["Prognosutveckling", first, 0, last, 0],
                           "values": ["Prognosutveckling", first, 5, last, 5], "invert_if_negative": False})
        chart2.set_title({"name": "Prognostiserad avvikelse mot budget per period (tkr)"})
        chart2.set_legend({"none": True})
        ws.insert_chart(20, 7, chart2)
    # nämnd × period
    top = max(last, first) + 3
    ws.write(top - 1, 0, "Avvikelse per nämnd och period (tkr)", f.bold)
    _header(ws, f, top, [("Nämnd", 10)] + [(p.period, 14) for p in fu.trend])
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 30)
    for i, n in enumerate(fu.namnder):
        ws.write(top + 1 + i, 0, n.namn, f.text)
        for j, p in enumerate(fu.trend, start=1):
            if n.namnd in p.per_namnd:
                ws.write_number(top + 1 + i, j, p.per_namnd[n.namnd], f.avv)


def _goals(wb: Workbook, f: _Fmt, fu: FollowUp) -> None:
    ws = wb.add_worksheet("Måluppfyllelse")
    _sheet_top(ws, f, fu, "Måluppfyllelse")
    helar = kind_of(fu.kind).helar
    g = fu.goal_counts()
    n_mal, n_ok = g["antal_mal"], g["uppfyllda_vid_arets_slut"]
    sentence = (f"Av {n_mal} mål (riktade mål och nämndmål) är {n_ok} uppfyllda." if helar else
                f"Av {n_mal} mål (riktade mål och nämndmål) bedöms {n_ok} vara uppfyllda vid årets slut.")
    ws.write(2, 0, sentence, f.bold)
    # per status
    cols = [("Status", 22)] + ([("Helår", 12)] if helar else [("Bedömning nu", 12), ("Prognos vid årets slut", 12)])
    _header(ws, f, 4, cols)
    first = 5
    for i, (key, text) in enumerate(STATUSES):
        ws.write(first + i, 0, text, f.text)
        counts = g["per_status"][key]
        ws.write_number(first + i, 1, counts["arets_slut"] if helar else counts["nu"], f.int)
        if not helar:
            ws.write_number(first + i, 2, counts["arets_slut"], f.int)
    total = first + len(STATUSES)
    sums = {1: g["antal_mal"]} if helar else {1: g["antal_mal"], 2: g["antal_mal"]}
    _sum_row(ws, f, total, first, sums, fmt=f.sum_int)
    chart = wb.add_chart({"type": "column"})
    for col, name in ([(1, "Helår")] if helar else [(1, "Bedömning nu"), (2, "Prognos vid årets slut")]):
        chart.add_series({"name": name, "categories": ["Måluppfyllelse", first, 0, total - 1, 0],
                          "values": ["Måluppfyllelse", first, col, total - 1, col]})
    chart.set_title({"name": "Antal mål per bedömning"})
    ws.insert_chart(4, 8, chart)

    def matrix(top: int, title: str, data: dict[str, dict[str, int]], names: dict[str, str]) -> int:
        ws.write(top - 1, 0, title, f.bold)
        _header(ws, f, top, [("", 34)] + [(text, 12) for _, text in STATUSES] + [("Summa", 10)])
        for i, (key, counts) in enumerate(data.items()):
            r = top + 1 + i
            ws.write(r, 0, names.get(key, key), f.text)
            for j, (status, _) in enumerate(STATUSES, start=1):
                ws.write_number(r, j, counts[status], f.int)
            n = len(STATUSES)
            ws.write_formula(r, n + 1, f"=SUM({a1_zero(r, 1)}:{a1_zero(r, n)})", f.sum_int, sum(counts.values()))
        return top + 1 + len(data)

    basis = "helår" if helar else "prognos vid årets slut"
    end = matrix(total + 4, f"Per målområde ({basis})", g["per_malomrade"], {})
    names = {n.namnd: n.namn for n in fu.namnder}
    top_n = end + 3
    end = matrix(top_n, f"Per nämnd ({basis})", g["per_namnd"], names)
    if g["per_namnd"]:
        stacked = wb.add_chart({"type": "bar", "subtype": "stacked"})
        for j, (_, text) in enumerate(STATUSES, start=1):
            stacked.add_series({"name": text, "categories": ["Måluppfyllelse", top_n + 1, 0, end - 1, 0],
                                "values": ["Måluppfyllelse", top_n + 1, j, end - 1, j]})
        stacked.set_title({"name": f"Måluppfyllelse per nämnd ({basis})"})
        stacked.set_y_axis({"reverse": True})
        stacked.set_size({"width": 720, "height": 24 * len(g["per_namnd"]) + 140})
        ws.insert_chart(top_n, 8, stacked)

    ws2 = wb.add_worksheet("Mål")
    _sheet_top(ws2, f, fu, "Mål och bedömningar")
    head = [("Nämnd", 10), ("Mål-id", 9), ("Typ", 10), ("Mål", 50), ("Strategiskt mål", 9), ("Målområde", 24)]
    head += [("Helår", 16)] if helar else [("Bedömning nu", 16), ("Prognos vid årets slut", 16)]
    head += [("Analys", 60), ("Källa", 50)]
    _header(ws2, f, 3, head)
    for i, m in enumerate(fu.mal):
        r = 4 + i
        vals = [m.namnd, m.mal_id, "Riktat mål" if m.typ == "riktat" else "Nämndmål", m.text, m.strategiskt_mal,
                m.malomrade]
        vals += [_status(m.arets_slut)] if helar else [_status(m.nu), _status(m.arets_slut)]
        vals += [m.analys, str(m.source)]
        for j, v in enumerate(vals):
            ws2.write(r, j, v, f.text)
    ws2.autofilter(3, 0, 3 + max(1, len(fu.mal)), len(head) - 1)
    ws2.freeze_panes(4, 2)


def _status(key: str) -> str:
    return dict(STATUSES).get(key, key)


def _investments(wb: Workbook, f: _Fmt, fu: FollowUp) -> None:
    ws = wb.add_worksheet("Investeringar")
    _sheet_top(ws, f, fu, "Investeringar")
    helar = kind_of(fu.kind).helar
    _header(ws, f, 3, [("Nämnd", 10), ("Projekt-id", 11), ("Projekt", 40), ("Budget", 13), ("Utfall", 13),
                       ("Utfall helår" if helar else "Helårsprognos", 13), ("Avvikelse", 13), ("Källa", 50)])
    for i, x in enumerate(fu.investeringar):
        r = 4 + i
        ws.write(r, 0, x.namnd, f.text)
        ws.write(r, 1, x.projekt_id, f.text)
        ws.write(r, 2, x.namn, f.text)
        _amounts(ws, f, r, x)
        ws.write(r, 7, str(x.source), f.text)
    inv = fu.investeringar
    if inv:
        _amount_sums(ws, f, 4 + len(inv), 4, inv)


def _control(wb: Workbook, f: _Fmt, fu: FollowUp) -> None:
    ws = wb.add_worksheet("Intern kontroll")
    _sheet_top(ws, f, fu, "Intern kontroll")
    _header(ws, f, 3, [("Nämnd", 34)] + [(t, 12) for _, t in KONTROLLSTATUS] + [("Summa", 10)])
    names = {n.namnd: n.namn for n in fu.namnder}
    per: dict[str, dict[str, int]] = {}
    for k in fu.kontroller:
        per.setdefault(k.namnd, {s: 0 for s, _ in KONTROLLSTATUS})[k.status] += 1
    for i, (namnd, counts) in enumerate(per.items()):
        r = 4 + i
        ws.write(r, 0, names.get(namnd, namnd), f.text)
        for j, (s, _) in enumerate(KONTROLLSTATUS, start=1):
            ws.write_number(r, j, counts[s], f.int)
        n = len(KONTROLLSTATUS)
        ws.write_formula(r, n + 1, f"=SUM({a1_zero(r, 1)}:{a1_zero(r, n)})", f.sum_int, sum(counts.values()))


def _missing(wb: Workbook, f: _Fmt, fu: FollowUp) -> None:
    ws = wb.add_worksheet("Saknade rapporter")
    _sheet_top(ws, f, fu, "Nämnder utan godkänd rapport")
    _header(ws, f, 3, [("Nämnd", 34), ("Status", 12), ("Antal fel", 10), ("Årsbudget (kommunplanen)", 14),
                       ("Fil", 60)])
    rows = fu.saknas + fu.ej_godkanda
    for i, n in enumerate(rows):
        r = 4 + i
        ws.write(r, 0, n.namn, f.text)
        ws.write(r, 1, n.status, f.text)
        ws.write_number(r, 2, n.fel, f.int)
        ws.write_number(r, 3, n.budget, f.tkr)
        ws.write(r, 4, n.file or "", f.text)
    if not rows:
        ws.write(4, 0, "Alla nämnder har lämnat en godkänd rapport.", f.note)


def _sums(wb: Workbook, f: _Fmt, fu: FollowUp) -> None:
    ws = wb.add_worksheet("Kontrollsummor")
    _sheet_top(ws, f, fu, "Kontrollsummor")
    ws.write(2, 0, "Varje fils egna summor (bladet Sammanfattning, omräknade) mot sammanställningen; "
             "budgeten mot kommunplanen.", f.note)
    _header(ws, f, 3, [("Kontroll", 30), ("Nämnd", 10), ("Fil", 50), ("I underlaget", 14), ("I rapporten", 14),
                       ("Differens", 12), ("Stämmer", 9)])
    for i, k in enumerate(fu.kontrollsummor):
        r = 4 + i
        ws.write(r, 0, k.what, f.text)
        ws.write(r, 1, k.namnd, f.text)
        ws.write(r, 2, k.file, f.text)
        ws.write_number(r, 3, k.i_underlag, f.tkr)
        ws.write_number(r, 4, k.i_rapport, f.tkr)
        ws.write_formula(r, 5, f"={a1_zero(r, 3)}-{a1_zero(r, 4)}", f.tkr, round(k.i_underlag - k.i_rapport, 6))
        ws.write_formula(r, 6, f'=IF(ABS({a1_zero(r, 5)})<=0.5,"ja","nej")', f.text, "ja" if k.stammer else "nej")


def write_workbook(fu: FollowUp, path: str | Path) -> Path:
    """Write the report workbook to `path` (the caller makes it atomic)."""
    path = Path(path)
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": fu.title, "subject": f"{fu.title} – {fu.kommun}", "author": "Ekonomienheten",
                       "comments": f"xltools {__version__}" + (f"; {fu.exempeldata}" if fu.exempeldata else "")})
    f = _Fmt(wb)
    summary = wb.add_worksheet("Sammanfattning")
    total = _economy(wb, f, fu)
    _details(wb, f, fu)
    _measures(wb, f, fu)
    _trend(wb, f, fu)
    if fu.has_goals:
        _goals(wb, f, fu)
        _investments(wb, f, fu)
        _control(wb, f, fu)
    _missing(wb, f, fu)
    _sums(wb, f, fu)
    _summary(summary, f, fu, total)
    summary.activate()
    wb.close()
    return path
