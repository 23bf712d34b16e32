"""The kommun's follow-up report workbook, written through the report-workbook layer (reports/book.py):
formulas carry their values, charts included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xltools import __version__
from xltools.cells import a1_zero
from xltools.forms.period import kind_of
from xltools.reports.book import Book, Sheet
from xltools.reports.prognos_xlsx import STYLES as PROGNOS_STYLES
from xltools.reports.prognos_xlsx import write_kommunen
from xltools.sv import XLSX_MNKR, XLSX_PCT
from xltools.uppfoljning.consolidate import KONTROLLSTATUS, STATUSES, FollowUp
from xltools.uppfoljning.kommunen import BUDGET, GEH_TEXT, PROGNOS

TKR = "#,##0"
PCT = XLSX_PCT  # "2,3 %"


STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 14, "font_color": "#1F4E78"},
    "note": {"italic": True, "font_color": "#595959"},
    "head": {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78", "text_wrap": True, "valign": "vcenter",
             "border": 1},
    "tkr": {"num_format": TKR, "border": 1},
    "mnkr": {"num_format": XLSX_MNKR, "border": 1},  # the summary KF reads: mnkr with one decimal
    "avv": {"num_format": TKR + ";[Red]-" + TKR, "border": 1},  # deficits in red
    "pct": {"num_format": PCT, "border": 1},
    "int": {"num_format": "0", "border": 1},
    "text": {"border": 1, "text_wrap": True, "valign": "top"},
    "bold": {"bold": True},
    "sum_label": {"bold": True, "border": 1, "bg_color": "#EDEDED"},
    "sum_tkr": {"bold": True, "num_format": TKR, "border": 1, "bg_color": "#EDEDED"},
    "sum_int": {"bold": True, "num_format": "0", "border": 1, "bg_color": "#EDEDED"},
}


def _header(sh: Sheet, row: int, headers: list[tuple[str, float]]) -> None:
    for j, (text, width) in enumerate(headers):
        sh.text(row, j, text, "head")
        sh.width(j, width)
    sh.ws.set_row(row, 32)


def _kommun_line(fu: FollowUp) -> str:
    return fu.kommun + (f" · {fu.exempeldata.capitalize()} – inte verkliga siffror" if fu.exempeldata else "")


def _print(sh: Sheet, landscape: bool = True) -> None:
    """A4, as wide as one page and as long as it takes."""
    if landscape:
        sh.ws.set_landscape()
    sh.ws.set_paper(9)
    sh.fit_to_width(portrait=not landscape)


def _sheet_top(sh: Sheet, fu: FollowUp, title: str) -> None:
    sh.text(0, 0, f"{title} – {fu.title}", "title")
    sh.text(1, 0, _kommun_line(fu), "note")
    _print(sh)


def _sum_row(sh: Sheet, row: int, first: int, cols: dict[int, float], label_col: int = 0,
             fmt: str = "sum_tkr") -> None:
    """A total row: SUM formulas over rows first..row-1 with their cached values."""
    sh.text(row, label_col, "Summa", "sum_label")
    for col, value in cols.items():
        rng = f"{a1_zero(first, col)}:{a1_zero(row - 1, col)}"
        sh.formula_text(row, col, f"=SUM({rng})", fmt, round(value, 6))


# ---------------------------------------------------------------- sheets
def _amounts(sh: Sheet, r: int, x: Any) -> None:
    """Budget, utfall and prognos (helår: utfall) in columns D–F, avvikelse = budget − prognos in G."""
    sh.number(r, 3, x.budget, "tkr")
    sh.number(r, 4, x.utfall, "tkr")
    sh.number(r, 5, x.prognos, "tkr")
    sh.formula_text(r, 6, f"={a1_zero(r, 3)}-{a1_zero(r, 5)}", "avv", round(x.avvikelse, 6))


def _amount_sums(sh: Sheet, row: int, first: int, xs: list[Any]) -> None:
    """The total row under `_amounts` rows first..row-1."""
    _sum_row(sh, row, first, {3: sum(x.budget for x in xs), 4: sum(x.utfall for x in xs),
                                 5: sum(x.prognos for x in xs), 6: sum(x.avvikelse for x in xs)})


def _summary(sh: Sheet, fu: FollowUp, economy_total_row: int | None) -> None:
    """The first sheet (created first, filled last: XlsxWriter cannot reorder sheets)."""
    sh.width(0, 58)
    sh.width(1, 18)
    sh.text(0, 0, fu.title, "title")
    sh.text(1, 0, _kommun_line(fu), "note")
    _print(sh, landscape=False)
    sh.text(2, 0, f"Sammanställd av ekonomienheten med xltools {__version__}. Belopp i miljoner kronor (mnkr) med "
                  "en decimal; bladen med detaljer visar tkr.", "note")
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
    if fu.kommunen is not None:
        k = fu.kommunen
        word = "utfall" if helar else "prognos"
        lines += [(f"Kommunens årets resultat, {word}", k.rr[PROGNOS]["arets_resultat"] / 1000, None),
                  ("Kommunens årets resultat, budget", k.rr[BUDGET]["arets_resultat"] / 1000, None),
                  (f"Balanskravsresultat, {word}", k.balanskrav[PROGNOS]["balanskravsresultat"] / 1000, None),
                  ("Finansiella mål som uppfylls", f"{k.hushallning.mal_uppfyllda} av {k.hushallning.mal_antal}", None),
                  ("God ekonomisk hushållning", GEH_TEXT[k.hushallning.bedomning], None)]
    if fu.has_goals:
        g = fu.goal_counts()
        word = "Uppfyllda mål" if helar else "Mål som bedöms vara uppfyllda vid årets slut"
        lines += [("Antal mål (riktade mål och nämndmål)", g["antal_mal"], None),
                  (word, g["uppfyllda_vid_arets_slut"], None)]
    bad = sum(1 for k in fu.kontrollsummor if not k.stammer)
    lines.append(("Kontrollsummor", "alla stämmer" if not bad else f"{bad} stämmer inte", None))
    for i, (label, value, formula) in enumerate(lines, start=4):  # amounts are tkr, shown in mnkr
        sh.text(i, 0, label, "text")
        if formula:
            sh.formula_text(i, 1, f"{formula}/1000", "mnkr", round(value / 1000, 9))
        elif isinstance(value, int):
            sh.number(i, 1, value, "int")
        elif isinstance(value, float):
            sh.number(i, 1, value / 1000, "mnkr")
        else:
            sh.text(i, 1, value, "text")
    row = len(lines) + 5
    if fu.notes:
        sh.text(row, 0, "Anteckningar", "bold")
        for k, note in enumerate(fu.notes, start=1):
            sh.text(row + k, 0, note)


def _economy(book: Book, fu: FollowUp) -> int | None:
    """Per nämnd with a counted report; returns the 0-based row of the total (None when none counted)."""
    sh = book.sheet("Ekonomi per nämnd")
    _sheet_top(sh, fu, "Ekonomi per nämnd")
    helar = kind_of(fu.kind).helar
    head = [("Nämnd", 34), ("Status", 11), ("Årsbudget", 13), ("Utfall helår" if helar else "Utfall hittills", 13)]
    if not helar:
        head.append(("Helårsprognos", 13))
    head += [("Avvikelse (+ överskott)", 14), ("Avvikelse i % av budget", 12), ("Antal åtgärder", 10),
             ("Åtgärdernas effekt", 13), ("Källa (fil, blad, celler)", 60)]
    _header(sh, 3, head)
    rows = fu.counted
    if not rows:
        sh.text(4, 0, "Ingen nämnd har lämnat en godkänd rapport för perioden.", "note")
        return None
    first = 4
    c_av = 4 if helar else 5
    against = 3 if helar else 4
    for i, n in enumerate(rows):
        r = first + i
        sh.text(r, 0, n.namn, "text")
        sh.text(r, 1, n.status, "text")
        sh.number(r, 2, n.budget, "tkr")
        sh.number(r, 3, n.utfall or 0, "tkr")
        if not helar:
            sh.number(r, 4, n.prognos or 0, "tkr")
        sh.formula_text(r, c_av, f"={a1_zero(r, 2)}-{a1_zero(r, against)}", "avv", round(n.avvikelse or 0, 6))
        pct = (n.avvikelse or 0) / n.budget if n.budget else 0
        sh.formula_text(r, c_av + 1, f"=IF({a1_zero(r, 2)}=0,0,{a1_zero(r, c_av)}/{a1_zero(r, 2)})", "pct", pct)
        sh.number(r, c_av + 2, n.atgarder, "int")
        sh.number(r, c_av + 3, n.atgarder_effekt, "tkr")
        sh.text(r, c_av + 4, str(n.source) if n.source else n.file or "", "text")
    total = first + len(rows)
    t = fu.totals()
    cols = {2: t["budget"], 3: t["utfall"], c_av: t["avvikelse"], c_av + 3: t["atgarder_effekt"]}
    if not helar:
        cols[4] = t["prognos"]
    _sum_row(sh, total, first, cols)
    sh.formula_text(total, c_av + 2, f"=SUM({a1_zero(first, c_av + 2)}:{a1_zero(total - 1, c_av + 2)})", "sum_int",
                    sum(n.atgarder for n in rows))
    sh.ws.freeze_panes(first, 1)
    chart = book.chart({"type": "bar"})
    chart.add_series({
        "name": "Avvikelse mot budget (tkr)",
        "categories": ["Ekonomi per nämnd", first, 0, total - 1, 0],
        "values": ["Ekonomi per nämnd", first, c_av, total - 1, c_av],
        "invert_if_negative": False,
    })
    chart.set_title({"name": "Avvikelse mot budget per nämnd (tkr)"})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True, "label_position": "low"})  # names left of the plot, never on a negative bar
    chart.set_size({"width": 720, "height": 24 * len(rows) + 120})
    sh.chart(total + 2, 0, chart)
    return total


def _details(book: Book, fu: FollowUp) -> None:
    sh = book.sheet("Underlag per verksamhet")
    _sheet_top(sh, fu, "Underlag per verksamhet")
    helar = kind_of(fu.kind).helar
    _header(sh, 3, [("Nämnd", 10), ("Verksamhet", 10), ("Verksamhetens namn", 30), ("Årsbudget", 13),
                       ("Utfall", 13), ("Utfall helår" if helar else "Helårsprognos", 13), ("Avvikelse", 13),
                       ("Kommentar", 40), ("Fil", 40), ("Blad", 12), ("Cell", 8)])
    first = 4
    for i, x in enumerate(fu.rader):
        r = first + i
        sh.text(r, 0, x.namnd, "text")
        sh.text(r, 1, x.verksamhet, "text")
        sh.text(r, 2, x.verksamhet_namn, "text")
        _amounts(sh, r, x)
        sh.text(r, 7, x.kommentar, "text")
        sh.text(r, 8, x.source.file, "text")
        sh.text(r, 9, x.source.sheet, "text")
        sh.text(r, 10, x.source.cell, "text")
    if fu.rader:
        last = first + len(fu.rader)
        _amount_sums(sh, last, first, fu.rader)
    sh.ws.autofilter(3, 0, 3 + max(1, len(fu.rader)), 10)
    sh.ws.freeze_panes(4, 3)


def _measures(book: Book, fu: FollowUp) -> None:
    sh = book.sheet("Åtgärder")
    _sheet_top(sh, fu, "Åtgärder för budget i balans")
    _header(sh, 3, [("Nämnd", 10), ("Verksamhet", 12), ("Åtgärd", 60), ("Beräknad effekt", 13),
                       ("Ansvarig", 20), ("Genomförs senast", 13), ("Källa", 60)])
    for i, a in enumerate(fu.atgarder):
        r = 4 + i
        sh.text(r, 0, a.namnd, "text")
        sh.text(r, 1, a.verksamhet or "hela nämnden", "text")
        sh.text(r, 2, a.atgard, "text")
        sh.number(r, 3, a.effekt, "tkr")
        sh.text(r, 4, a.ansvarig, "text")
        sh.text(r, 5, a.klart, "text")
        sh.text(r, 6, str(a.source), "text")
    if fu.atgarder:
        _sum_row(sh, 4 + len(fu.atgarder), 4, {3: sum(a.effekt for a in fu.atgarder)})
    else:
        sh.text(4, 0, "Inga åtgärder är rapporterade.", "note")


def _trend(book: Book, fu: FollowUp) -> None:
    sh = book.sheet("Prognosutveckling")
    _sheet_top(sh, fu, "Prognosens utveckling under året")
    sh.text(2, 0, "Nämnder med godkänd rapport för respektive period. Verksamhetsberättelsen visar utfallet.", "note")
    _header(sh, 3, [("Period", 10), ("Rapport", 30), ("Nämnder", 9), ("Årsbudget", 14), ("Helårsprognos", 14),
                       ("Avvikelse", 14)])
    first = 4
    for i, p in enumerate(fu.trend):
        r = first + i
        sh.text(r, 0, p.period, "text")
        sh.text(r, 1, kind_of(p.dokument).short, "text")
        sh.number(r, 2, p.namnder, "int")
        sh.number(r, 3, p.budget, "tkr")
        sh.number(r, 4, p.prognos, "tkr")
        sh.formula_text(r, 5, f"={a1_zero(r, 3)}-{a1_zero(r, 4)}", "avv", round(p.avvikelse, 6))
    last = first + len(fu.trend) - 1
    if fu.trend:
        chart = book.chart({"type": "line"})
        for col, name in ((3, "Årsbudget"), (4, "Helårsprognos")):
            chart.add_series({"name": name, "categories": ["Prognosutveckling", first, 0, last, 0],
                              "values": ["Prognosutveckling", first, col, last, col], "marker": {"type": "circle"}})
        chart.set_title({"name": "Helårsprognos och budget per period (tkr)"})
        chart.set_y_axis({"num_format": TKR})
        sh.chart(3, 7, chart)
        chart2 = book.chart({"type": "column"})
        chart2.add_series({"name": "Avvikelse", "categories": ["Prognosutveckling", first, 0, last, 0],
                           "values": ["Prognosutveckling", first, 5, last, 5], "invert_if_negative": False})
        chart2.set_title({"name": "Prognostiserad avvikelse mot budget per period (tkr)"})
        chart2.set_legend({"none": True})
        sh.chart(20, 7, chart2)
    # nämnd × period: each nämnd's helårsprognos and its avvikelse, with a line per nämnd
    sh.width(0, 34)
    sh.width(1, 30)
    top = max(last, first) + 3
    if fu.trend:
        top = max(top, 38)  # below the two charts
    for title, values, fmt in (("Helårsprognos per nämnd och period, nettokostnad (tkr; årsredovisningen: utfall)",
                                lambda p: p.prognos_per_namnd, "tkr"),
                               ("Avvikelse mot budget per nämnd och period (tkr; + överskott)",
                                lambda p: p.per_namnd, "avv")):
        sh.text(top - 1, 0, title, "bold")
        _header(sh, top, [("Nämnd", 34)] + [(p.period, 14) for p in fu.trend])
        for i, n in enumerate(fu.namnder):
            sh.text(top + 1 + i, 0, n.namn, "text")
            for j, p in enumerate(fu.trend, start=1):
                if n.namnd in values(p):
                    sh.number(top + 1 + i, j, values(p)[n.namnd], fmt)
        table_top, top = top, top + len(fu.namnder) + 4
    if len(fu.trend) > 1:
        chart3 = book.chart({"type": "line"})
        for i in range(len(fu.namnder)):
            chart3.add_series({"name": ["Prognosutveckling", table_top + 1 + i, 0],
                               "categories": ["Prognosutveckling", table_top, 1, table_top, len(fu.trend)],
                               "values": ["Prognosutveckling", table_top + 1 + i, 1, table_top + 1 + i, len(fu.trend)],
                               "marker": {"type": "circle", "size": 4}})
        chart3.set_title({"name": "Avvikelse mot budget per nämnd och period (tkr)"})
        chart3.set_y_axis({"num_format": TKR})
        chart3.set_legend({"position": "right"})
        chart3.set_size({"width": 900, "height": 420})
        sh.chart(top, 0, chart3)


def _goals(book: Book, fu: FollowUp) -> None:
    sh = book.sheet("Måluppfyllelse")
    _sheet_top(sh, fu, "Måluppfyllelse")
    helar = kind_of(fu.kind).helar
    g = fu.goal_counts()
    n_mal, n_ok = g["antal_mal"], g["uppfyllda_vid_arets_slut"]
    sentence = (f"Av {n_mal} mål (riktade mål och nämndmål) är {n_ok} uppfyllda." if helar else
                f"Av {n_mal} mål (riktade mål och nämndmål) bedöms {n_ok} vara uppfyllda vid årets slut.")
    sh.text(2, 0, sentence, "bold")
    # per status
    cols = [("Status", 22)] + ([("Helår", 12)] if helar else [("Bedömning nu", 12), ("Prognos vid årets slut", 12)])
    _header(sh, 4, cols)
    first = 5
    for i, (key, text) in enumerate(STATUSES):
        sh.text(first + i, 0, text, "text")
        counts = g["per_status"][key]
        sh.number(first + i, 1, counts["arets_slut"] if helar else counts["nu"], "int")
        if not helar:
            sh.number(first + i, 2, counts["arets_slut"], "int")
    total = first + len(STATUSES)
    sums = {1: g["antal_mal"]} if helar else {1: g["antal_mal"], 2: g["antal_mal"]}
    _sum_row(sh, total, first, sums, fmt="sum_int")
    chart = book.chart({"type": "column"})
    for col, name in ([(1, "Helår")] if helar else [(1, "Bedömning nu"), (2, "Prognos vid årets slut")]):
        chart.add_series({"name": name, "categories": ["Måluppfyllelse", first, 0, total - 1, 0],
                          "values": ["Måluppfyllelse", first, col, total - 1, col]})
    chart.set_title({"name": "Antal mål per bedömning"})
    sh.chart(4, 8, chart)

    def matrix(top: int, title: str, data: dict[str, dict[str, int]], names: dict[str, str]) -> int:
        sh.text(top - 1, 0, title, "bold")
        _header(sh, top, [("", 34)] + [(text, 12) for _, text in STATUSES] + [("Summa", 10)])
        for i, (key, counts) in enumerate(data.items()):
            r = top + 1 + i
            sh.text(r, 0, names.get(key, key), "text")
            for j, (status, _) in enumerate(STATUSES, start=1):
                sh.number(r, j, counts[status], "int")
            n = len(STATUSES)
            sh.formula_text(r, n + 1, f"=SUM({a1_zero(r, 1)}:{a1_zero(r, n)})", "sum_int", sum(counts.values()))
        return top + 1 + len(data)

    basis = "helår" if helar else "prognos vid årets slut"
    end = matrix(total + 4, f"Per målområde ({basis})", g["per_malomrade"], {})
    end = matrix(end + 3, f"Per strategiskt mål ({basis})", g["per_strategiskt_mal"],
                 {k: f"{k} {v}" for k, v in g["strategiska_mal"].items()})
    names = {n.namnd: n.namn for n in fu.namnder}
    top_n = end + 3
    end = matrix(top_n, f"Per nämnd ({basis})", g["per_namnd"], names)
    if g["per_namnd"]:
        stacked = book.chart({"type": "bar", "subtype": "stacked"})
        for j, (_, text) in enumerate(STATUSES, start=1):
            stacked.add_series({"name": text, "categories": ["Måluppfyllelse", top_n + 1, 0, end - 1, 0],
                                "values": ["Måluppfyllelse", top_n + 1, j, end - 1, j]})
        stacked.set_title({"name": f"Måluppfyllelse per nämnd ({basis})"})
        stacked.set_y_axis({"reverse": True})
        stacked.set_size({"width": 720, "height": 24 * len(g["per_namnd"]) + 140})
        sh.chart(top_n, 8, stacked)

    sh2 = book.sheet("Mål")
    _sheet_top(sh2, fu, "Mål och bedömningar")
    head = [("Nämnd", 10), ("Mål-id", 9), ("Typ", 10), ("Mål", 50), ("Strategiskt mål", 9), ("Målområde", 24)]
    head += [("Helår", 16)] if helar else [("Bedömning nu", 16), ("Prognos vid årets slut", 16)]
    head += [("Analys", 60), ("Källa", 50)]
    _header(sh2, 3, head)
    for i, m in enumerate(fu.mal):
        r = 4 + i
        vals = [m.namnd, m.mal_id, "Riktat mål" if m.typ == "riktat" else "Nämndmål", m.text, m.strategiskt_mal,
                m.malomrade]
        vals += [_status(m.arets_slut)] if helar else [_status(m.nu), _status(m.arets_slut)]
        vals += [m.analys, str(m.source)]
        for j, v in enumerate(vals):
            sh2.text(r, j, v, "text")
    sh2.ws.autofilter(3, 0, 3 + max(1, len(fu.mal)), len(head) - 1)
    sh2.ws.freeze_panes(4, 2)


def _status(key: str) -> str:
    return dict(STATUSES).get(key, key)


def _investments(book: Book, fu: FollowUp) -> None:
    """Investeringsredovisning per project and for the kommun: budget, utfall, prognos (helår: utfall), avvikelse,
    beslutad totalutgift, upparbetat and genomförandegrad."""
    sh = book.sheet("Investeringar")
    _sheet_top(sh, fu, "Investeringsredovisning")
    helar = kind_of(fu.kind).helar
    _header(sh, 3, [("Nämnd", 10), ("Projekt-id", 11), ("Projekt", 40), ("Budget", 13),
                    ("Utfall helår" if helar else "Utfall hittills", 13),
                    ("Utfall helår" if helar else "Helårsprognos", 13), ("Avvikelse", 13),
                    ("Beslutad totalutgift", 13), ("Upparbetat tidigare år", 13), ("Upparbetat totalt", 13),
                    ("Genomförandegrad", 12), ("Källa", 50)])
    inv = fu.investeringar
    for i, x in enumerate(inv):
        r = 4 + i
        sh.text(r, 0, x.namnd, "text")
        sh.text(r, 1, x.projekt_id, "text")
        sh.text(r, 2, x.namn, "text")
        _amounts(sh, r, x)
        sh.number(r, 7, x.totalutgift, "tkr")
        sh.number(r, 8, x.upparbetat_tidigare, "tkr")
        sh.formula_text(r, 9, f"={a1_zero(r, 8)}+{a1_zero(r, 4)}", "tkr", round(x.upparbetat, 6))
        sh.formula_text(r, 10, f"=IF({a1_zero(r, 3)}=0,0,{a1_zero(r, 5)}/{a1_zero(r, 3)})", "pct",
                        x.genomforandegrad or 0)
        sh.text(r, 11, str(x.source), "text")
    if inv:
        total = 4 + len(inv)
        _amount_sums(sh, total, 4, inv)
        _sum_row(sh, total, 4, {7: sum(x.totalutgift or 0 for x in inv), 8: sum(x.upparbetat_tidigare for x in inv),
                                9: sum(x.upparbetat for x in inv)})
        budget, prognos = sum(x.budget for x in inv), sum(x.prognos for x in inv)
        sh.formula_text(total, 10, f"=IF({a1_zero(total, 3)}=0,0,{a1_zero(total, 5)}/{a1_zero(total, 3)})", "pct",
                        prognos / budget if budget else 0)
        sh.text(total + 1, 0, "Summan är kommunens investeringar i nämndernas rapporter. Genomförandegrad = "
                + ("utfall" if helar else "prognos") + " i procent av årets budget.", "note")


def _control(book: Book, fu: FollowUp) -> None:
    sh = book.sheet("Intern kontroll")
    _sheet_top(sh, fu, "Intern kontroll")
    _header(sh, 3, [("Nämnd", 34)] + [(t, 12) for _, t in KONTROLLSTATUS] + [("Summa", 10), ("Varav brist", 10)])
    names = {n.namnd: n.namn for n in fu.namnder}
    per: dict[str, dict[str, int]] = {}
    for k in fu.kontroller:
        per.setdefault(k.namnd, {s: 0 for s, _ in KONTROLLSTATUS})[k.status] += 1
    n = len(KONTROLLSTATUS)
    for i, (namnd, counts) in enumerate(per.items()):
        r = 4 + i
        sh.text(r, 0, names.get(namnd, namnd), "text")
        for j, (s, _) in enumerate(KONTROLLSTATUS, start=1):
            sh.number(r, j, counts[s], "int")
        sh.formula_text(r, n + 1, f"=SUM({a1_zero(r, 1)}:{a1_zero(r, n)})", "sum_int", sum(counts.values()))
        sh.number(r, n + 2, sum(1 for k in fu.brister if k.namnd == namnd), "int")
    top = 4 + len(per) + 2
    sh.text(top, 0, "Brister och åtgärder (underlag till kommunstyrelsens uppföljning av den interna kontrollen)",
            "bold")
    _header(sh, top + 1, [("Nämnd", 34), ("Kontroll", 12), ("Kontrollmoment", 40), ("Resultat", 44),
                          ("Åtgärd", 44), ("Källa", 50)])
    for i, k in enumerate(fu.brister, start=top + 2):
        for j, v in enumerate((names.get(k.namnd, k.namnd), k.kontroll_id, k.kontrollmoment, k.resultat, k.atgard,
                               str(k.source))):
            sh.text(i, j, v, "text")
    if not fu.brister:
        sh.text(top + 2, 0, "Inga brister är rapporterade.", "note")


def _insatser(book: Book, fu: FollowUp) -> None:
    """The kommun's strategi: per insatsområde the nämnder it concerns and how their work went."""
    sh = book.sheet("Insatsområden")
    _sheet_top(sh, fu, f"{fu.strategi}: insatsområdena")
    names = {n.namnd: n.namn for n in fu.namnder}
    per = fu.insatser_per_omrade()
    _header(sh, 3, [("Insatsområde", 40), ("Antal nämnder som arbetar med det", 14), ("Nämnder", 60)])
    for i, (omrade, rows) in enumerate(per.items(), start=4):
        sh.text(i, 0, omrade, "text")
        sh.number(i, 1, len(rows), "int")
        sh.text(i, 2, ", ".join(names.get(x.namnd, x.namnd) for x in rows), "text")
    top = 4 + len(per) + 2
    sh.text(top, 0, "Så fortlöper arbetet, per insatsområde och nämnd", "bold")
    _header(sh, top + 1, [("Insatsområde", 40), ("Nämnd", 14), ("Så fortlöper arbetet", 60), ("Källa", 50)])
    r = top + 2
    for omrade, rows in per.items():
        for x in rows:
            for j, v in enumerate((omrade, names.get(x.namnd, x.namnd), x.beskrivning, str(x.source))):
                sh.text(r, j, v, "text")
            r += 1


def _missing(book: Book, fu: FollowUp) -> None:
    sh = book.sheet("Saknade rapporter")
    _sheet_top(sh, fu, "Nämnder utan godkänd rapport")
    _header(sh, 3, [("Nämnd", 34), ("Status", 12), ("Antal fel", 10), ("Årsbudget (kommunplanen)", 14),
                       ("Fil", 60)])
    rows = fu.saknas + fu.ej_godkanda
    for i, n in enumerate(rows):
        r = 4 + i
        sh.text(r, 0, n.namn, "text")
        sh.text(r, 1, n.status, "text")
        sh.number(r, 2, n.fel, "int")
        sh.number(r, 3, n.budget, "tkr")
        sh.text(r, 4, n.file or "", "text")
    if not rows:
        sh.text(4, 0, "Alla nämnder har lämnat en godkänd rapport.", "note")


def _sums(book: Book, fu: FollowUp) -> None:
    sh = book.sheet("Kontrollsummor")
    _sheet_top(sh, fu, "Kontrollsummor")
    sh.text(2, 0, "Varje fils egna summor (bladet Sammanfattning, omräknade) mot sammanställningen; "
             "budgeten mot kommunplanen.", "note")
    _header(sh, 3, [("Kontroll", 30), ("Nämnd", 10), ("Fil", 50), ("I underlaget", 14), ("I rapporten", 14),
                       ("Differens", 12), ("Stämmer", 9)])
    for i, k in enumerate(fu.kontrollsummor):
        r = 4 + i
        sh.text(r, 0, k.what, "text")
        sh.text(r, 1, k.namnd, "text")
        sh.text(r, 2, k.file, "text")
        sh.number(r, 3, k.i_underlag, "tkr")
        sh.number(r, 4, k.i_rapport, "tkr")
        sh.formula_text(r, 5, f"={a1_zero(r, 3)}-{a1_zero(r, 4)}", "tkr", round(k.i_underlag - k.i_rapport, 6))
        sh.formula_text(r, 6, f'=IF(ABS({a1_zero(r, 5)})<=0.5,"ja","nej")', "text", "ja" if k.stammer else "nej")


def write_workbook(fu: FollowUp, path: str | Path) -> Path:
    """Write the report workbook to `path` (the caller makes it atomic)."""
    path = Path(path)
    book = Book(path, properties={"title": fu.title, "subject": f"{fu.title} – {fu.kommun}", "author": "Ekonomienheten",
                                  "comments": f"xltools {__version__}" + (f"; {fu.exempeldata}" if fu.exempeldata else "")},
                styles={**STYLES, **PROGNOS_STYLES}, base={}, fit=frozenset())
    summary = book.sheet("Sammanfattning")  # first sheet, filled last: XlsxWriter cannot reorder sheets
    if fu.kommunen is not None:
        word = "resultat" if fu.kommunen.helar else "prognos"
        write_kommunen(book, fu.kommunen, [f"Kommunens {word} – {fu.title}", _kommun_line(fu)])
    total = _economy(book, fu)
    _details(book, fu)
    _measures(book, fu)
    _trend(book, fu)
    if fu.has_goals:
        _goals(book, fu)
        _investments(book, fu)
        _control(book, fu)
        if fu.insatser:
            _insatser(book, fu)
    _missing(book, fu)
    _sums(book, fu)
    _summary(summary, fu, total)
    summary.ws.activate()
    book.close()
    return path
