"""The kommunplan workbook: one sheet per statement and appendix, formulas with cached values.

Amounts in tkr (#,##0). Every sum is a formula; figures taken from submissions or the
config are values whose sources are listed on the Källor sheet (file, sha256, sheet, cells).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from xltools.cells import a1_sort_key, a1_zero
from xltools.consolidate import balans, kassaflode, resultat
from xltools.consolidate.facts import Fact, SourceRef, cell_ranges, located, refs_of
from xltools.consolidate.hushallning import BALANSKRAV_LINES
from xltools.consolidate.internposter import SLAG_NAMN
from xltools.consolidate.investering import SLAG
from xltools.consolidate.investering import SLAG_NAMN as TILLGANGSSLAG
from xltools.consolidate.kontroller import balanskrav, finansiella_mal
from xltools.consolidate.lines import Line
from xltools.consolidate.model import Kommunplan
from xltools.forms import FORMS
from xltools.reports import tecken
from xltools.reports.book import Book, Cell, Rng, Sheet, SumIf, Term
from xltools.sv import NBSP, XLSX_MNKR_OF_TKR, XLSX_PCT, sv_number, sv_percent

SHEETS = ("Sammanfattning", "Diagram", "Resultatbudget", "Kassaflödesbudget", "Balansbudget", "Driftbudget",
          "Driftbudget per verksamhet", "Investeringsbudget", "Ramar", "Bolagen", "Internposter", "Taxor och avgifter",
          "Mål och mått", "Verksamhetsplaner", "Konsekvensanalyser", "Kontroller", "Källor")
FIRST = 5  # 0-based row of the first table header on a statement sheet
RR = 2  # the Resultatbudget's first year column: after the line's label and its Not column


def created_at(plan: Kommunplan) -> dt.datetime:
    """A stable timestamp for the file's properties: the newest submission's `generated`."""
    stamps = []
    for s in plan.sources:
        try:
            stamps.append(dt.datetime.fromisoformat(s.generated))
        except ValueError:
            continue
    return max(stamps) if stamps else dt.datetime(plan.budgetar - 1, 1, 1)


class _Ctx:
    def __init__(self, plan: Kommunplan, book: Book):
        self.plan = plan
        self.book = book
        self.c = plan.config
        self.years = plan.years
        self.s = {name: book.sheet(name) for name in SHEETS}
        self.rows: dict[tuple[str, str], int] = {}  # (sheet, key) -> 0-based row
        self.cfg_file = next((f for f in plan.config_files if f.endswith("ekonomi.yaml")), "ekonomi.yaml")
        # Statement rows are fixed by their line lists, so sheets can refer to each other in any order.
        for sheet, lines in (("Resultatbudget", resultat.LINES), ("Kassaflödesbudget", kassaflode.LINES),
                             ("Balansbudget", balans.LINES)):
            for j, ln in enumerate(lines):
                self.rows[(sheet, ln.key)] = FIRST + 1 + j
        note_start = FIRST + 1 + len(resultat.LINES) + 1
        for j, ln in enumerate(resultat.NOTE_LINES):
            self.rows[("Resultatbudget", ln.key)] = note_start + j

    def cfg(self, *keys: str) -> list[SourceRef]:
        sha = self.plan.config_files.get(self.cfg_file, "")
        return [SourceRef(self.cfg_file, sha, "", k) for k in keys]

    def cfg_in(self, part: str, *keys: str) -> list[SourceRef]:
        """Keys of another configuration file (organisation, planering …)."""
        name = next((f for f in self.plan.config_files if f.endswith(f"{part}.yaml")), f"{part}.yaml")
        return [SourceRef(name, self.plan.config_files.get(name, ""), "", k) for k in keys]


def _print_setup(sh: Sheet, ctx: _Ctx, title: str) -> None:
    sh.page(ctx.c.kommun.namn, title, ctx.c.kommun.exempeldata or "", f"Kommunplan {ctx.plan.budgetar}")


def _head(sh: Sheet, ctx: _Ctx, title: str, note: str = "Belopp i tusental kronor (tkr).") -> None:
    c = ctx.c
    sh.text(0, 0, title, "title")
    line = c.kommun.namn + (f" · {c.kommun.exempeldata} – inte verkliga siffror" if c.kommun.exempeldata else "")
    sh.text(1, 0, line, "subtitle")
    if note:
        sh.text(2, 0, note, "subtitle")
    sh.ws.set_row(FIRST, 30)  # room for wrapped column headers
    _print_setup(sh, ctx, title)


def _year_label(ctx: _Ctx, y: int) -> str:
    return f"Budget {y}" if y == ctx.plan.budgetar else f"Plan {y}"


def _year_columns(sh: Sheet, ctx: _Ctx, first: int = 1) -> None:
    """A statement's header row: the label column, then one column per year from column `first`."""
    sh.text(FIRST, 0, "", "header")
    for i, y in enumerate(ctx.years):
        sh.text(FIRST, first + i, _year_label(ctx, y), "header_num")
    sh.width(0, 58)
    for col in range(1, first + len(ctx.years)):
        sh.width(col, 14)


def _comparison(ctx: _Ctx, sh: Sheet, statement: str, lines: tuple[Line, ...], first_col: int,
                skip: tuple[str, ...] = ()) -> None:
    """Bokslut t−2, Budget t−1 and Prognos t−1 to the right of the plan years (a blank column between), from
    ekonomi.yaml jamforelse; a missing column says so in its first row, a missing line stays empty (never 0)."""
    cols = [k for k in ctx.plan.jamforelse if k.typ not in skip]
    if not cols:
        return
    sh.text(FIRST - 1, first_col, "Jämförelse", "bold")
    first_line = next(ln.key for ln in lines if not ln.heading)
    for j, k in enumerate(cols):
        col = first_col + j
        sh.width(col, 14)
        sh.text(FIRST, col, k.rubrik, "header_num")
        values = k.rader[statement]
        if k.saknas or not any(v is not None for v in values.values()):
            sh.text(ctx.rows[(sh.name, first_line)], col, "uppgift saknas", "wrap")
            continue
        for ln in lines:
            if not ln.heading and values.get(ln.key) is not None:
                sh.kronor(ctx.rows[(sh.name, ln.key)], col, values[ln.key], what=f"{k.rubrik} ({k.kalla}): {ln.label}",
                          sources=ctx.cfg(f"jamforelse.{k.typ}.{statement}.{ln.key}"))


# ---------------------------------------------------------------- statements
def _statement(ctx: _Ctx, sh: Sheet, lines: tuple[Line, ...], first_col: int, start: int, special) -> None:
    """Write lines from row `start`; subtotals become formulas, other lines go through `special`."""
    row = start
    for ln in lines:
        ctx.rows[(sh.name, ln.key)] = row
        sh.text(row, 0, ln.label, "bold" if ln.is_sum or ln.heading else ("indent" if ln.indent else "text"))
        row += 1
    for i, y in enumerate(ctx.years):
        col = first_col + i
        for ln in lines:
            if ln.heading:
                continue
            r = ctx.rows[(sh.name, ln.key)]
            if ln.is_sum:
                sh.formula(r, col, [(1, sh.cell(ctx.rows[(sh.name, k)], col)) for k in ln.sum_of], "tkr_sum")
            else:
                special(ln.key, y, r, col)


def _resultat(ctx: _Ctx) -> None:
    sh = ctx.s["Resultatbudget"]
    plan = ctx.plan
    _head(sh, ctx, f"Resultatbudget {ctx.years[0]}–{ctx.years[-1]}",
          "Belopp i tkr. " + tecken.UPPSTALLNING)
    sh.text(3, 0, "Kolumnen Not hänvisar till noterna under uppställningen; de visar hur raderna är uppbyggda, "
            "med positiva belopp.", "subtitle")  # a line of its own: a longer one would widen the printed page
    _year_columns(sh, ctx, first=RR)
    sh.text(FIRST, 1, "Not", "header_center")
    sh.width(0, 53)  # with the Not column as wide as the label column was: the page still prints at 8 pt
    sh.width(1, 5)
    nr = lambda key: ctx.rows[(sh.name, key)]  # noqa: E731

    def line(key: str, y: int, r: int, col: int) -> None:
        if key == "verksamhetens_intakter":
            sh.formula(r, col, [(1, sh.cell(nr("namndernas_intakter"), col)), (-1, sh.cell(nr("interna_intakter"), col)),
                                *((1, sh.cell(nr(k), col)) for k in ("finansforvaltning_intakter", "realisationsvinster",
                                                                     "upplosning_investeringsinkomster"))])
        elif key == "verksamhetens_kostnader":
            sh.formula(r, col, [(-1, sh.cell(nr("namndernas_kostnader"), col)), (1, sh.cell(nr("interna_kostnader"), col)),
                                *((1, sh.cell(nr(k), col)) for k in resultat.ELIMINERAT.values()),
                                (-1, sh.cell(nr("ramar_utan_driftbudget"), col)),
                                (-1, sh.cell(nr("finansforvaltning_kostnader"), col)),
                                (-1, sh.cell(nr("realisationsforluster"), col))])
        elif key == "avskrivningar":
            sh.formula(r, col, [(-1, sh.cell(nr(k), col)) for k in
                                ("avskrivningar_befintliga", "avskrivningar_nya", "upplosning_bidrag_statlig_infrastruktur")])
        elif key == "finansiella_kostnader":
            sh.formula(r, col, [(-1, sh.cell(nr(k), col)) for k in
                                ("rantekostnad", "ranta_pensionsavsattning", "ovriga_finansiella_kostnader")])
        else:
            cfg_key = {"skatteintakter": f"skatteintakter.{y}",
                       "generella_statsbidrag_och_utjamning": f"generella_statsbidrag_och_utjamning.{y}",
                       "finansiella_intakter": f"finansforvaltning.finansiella_intakter.{y}",
                       "jamforelsestorande_poster": f"finansforvaltning.jamforelsestorande_poster.{y}",
                       "finansiella_jamforelsestorande_poster":
                           f"finansforvaltning.finansiella_jamforelsestorande_poster.{y}"}.get(key)
            sh.kronor(r, col, plan.rr.lines[y][key], what=key, sources=ctx.cfg(cfg_key) if cfg_key else [])

    _statement(ctx, sh, resultat.LINES, RR, FIRST + 1, line)
    for key, number in resultat.note_numbers().items():  # the line refers to its note, as in an årsredovisning
        sh.text(nr(key), 1, number, "center")
    _comparison(ctx, sh, "resultatbudget", resultat.LINES, RR + 1 + len(ctx.years))
    # Notes: how the first lines are built.
    for ln in resultat.NOTE_LINES:
        sh.text(nr(ln.key), 0, ln.label, "heading" if ln.heading else "indent")
    drift = ctx.s["Driftbudget"]
    inv = ctx.s["Investeringsbudget"]
    covered = [n for n in plan.drift if n.covered]
    for i, y in enumerate(ctx.years):
        col = RR + i
        note = plan.rr.noter[y]
        dcol = ctx.rows[("Driftbudget", f"col_{y}")]
        drow = ctx.rows[("Driftbudget", "total")]
        sh.formula(nr("namndernas_intakter"), col, [(1, drift.cell(drow, dcol))])
        sh.formula(nr("namndernas_kostnader"), col, [(1, drift.cell(drow, dcol + 1))])
        intern_i = [f for n in covered for d in n.details if d.intern for f in d.facts
                    if f.measure == "intakter" and f.year == y]
        intern_k = [f for n in covered for d in n.details if d.intern for f in d.facts
                    if f.measure == "kostnader" and f.year == y]
        sh.kronor(nr("interna_intakter"), col, note["interna_intakter"], what=f"Interna intäkter {y}",
                  sources=refs_of(intern_i))
        sh.kronor(nr("interna_kostnader"), col, note["interna_kostnader"], what=f"Interna kostnader {y}",
                  sources=refs_of(intern_k))
        missing = [n for n in plan.drift if not n.covered]
        sh.kronor(nr("ramar_utan_driftbudget"), col, note["ramar_utan_driftbudget"],
                  what=f"Ramar utan driftbudget {y}", sources=ctx.cfg(*[f"ramar.{n.namnd}.{y}" for n in missing]))
        sh.kronor(nr("finansforvaltning_intakter"), col, note["finansforvaltning_intakter"],
                  what=f"Finansförvaltningens intäkter {y}", sources=ctx.cfg(f"finansforvaltning.intakter.{y}"))
        sh.kronor(nr("finansforvaltning_kostnader"), col, note["finansforvaltning_kostnader"],
                  what=f"Finansförvaltningens kostnader {y}", sources=ctx.cfg(f"finansforvaltning.kostnader.{y}"))
        for kind, key in resultat.ELIMINERAT.items():
            sh.kronor(nr(key), col, note[key], what=f"{kind} {y}",
                      sources=ctx.cfg(f"finansforvaltning.interna_intakter.{kind}.{y}"))
        for key in ("ranta_pensionsavsattning", "ovriga_finansiella_kostnader"):
            sh.kronor(nr(key), col, note[key], what=f"{key} {y}", sources=ctx.cfg(f"finansforvaltning.{key}.{y}"))
        sales = [f"forsaljningar[{j}]" for j, f in enumerate(ctx.c.ekonomi.forsaljningar) if f.ar == y]
        for key, cfg_keys in (("realisationsvinster", sales), ("realisationsforluster", sales),
                              ("upplosning_investeringsinkomster", [f"investeringsinkomster.upplosning.{y}"]),
                              ("upplosning_bidrag_statlig_infrastruktur",
                               [f"bidrag_till_statlig_infrastruktur.upplosning.{y}"])):
            sh.kronor(nr(key), col, note[key], what=f"{key} {y}", sources=ctx.cfg(*cfg_keys))
        sh.kronor(nr("avskrivningar_befintliga"), col, note["avskrivningar_befintliga"],
                  what=f"Befintliga avskrivningar {y}", sources=ctx.cfg(f"befintliga_avskrivningar.{y}"))
        sh.formula(nr("avskrivningar_nya"), col,
                   [(1, inv.cell(ctx.rows[("Investeringsbudget", "total")], ctx.rows[("Investeringsbudget", f"avskr_{y}")]))])
        sh.kronor(nr("langfristiga_skulder_ib"), col, note["langfristiga_skulder_ib"],
                  what=f"Långfristiga skulder IB {y}",
                  sources=ctx.cfg("ingaende_balans.langfristiga_skulder", *[f"lan.nyupplaning.{x}" for x in ctx.years if x < y],
                                  *[f"lan.amortering.{x}" for x in ctx.years if x < y]))
        sh.kronor(nr("langfristiga_skulder_ub"), col, note["langfristiga_skulder_ub"],
                  what=f"Långfristiga skulder UB {y}", sources=ctx.cfg(f"lan.nyupplaning.{y}", f"lan.amortering.{y}"))
    # Räntekostnader per lån: each loan's rate of the year × its average debt; the note's line sums them.
    r = nr(resultat.NOTE_LINES[-1].key) + 1
    sh.text(r, 0, "Räntekostnader per lån (räntesats × (IB + UB) / 2)", "heading")
    loans = plan.rr.lan[ctx.years[0]]
    for j, loan in enumerate(loans):
        rates = " / ".join(sv_number(plan.rr.lan[y][j].rantesats) for y in ctx.years)
        sh.text(r + 1 + j, 0, f"{loan.namn} ({rates} %)", "indent")
        for i, y in enumerate(ctx.years):
            key = (f"lan.lan.{j}" if ctx.c.ekonomi.lan.lan else "lan.rantesats")
            sh.kronor(r + 1 + j, RR + i, plan.rr.lan[y][j].ranta, what=f"Ränta {loan.namn} {y}", sources=ctx.cfg(key))
    for i in range(len(ctx.years)):
        sh.formula(nr("rantekostnad"), RR + i, [(1, sh.cell(r + 1 + j, RR + i)) for j in range(len(loans))])
    r += len(loans) + 1
    # Balanskravsutredning (kommunallagen 11 kap.), the resultatutjämningsreserv and the återställande.
    r += 2
    sh.text(r, 0, "Balanskravsutredning", "heading")
    labels = {"arets_resultat": "Årets resultat enligt resultatbudgeten", "balanskravsresultat": "Balanskravsresultat",
              "resultatutjamningsreserv": "Netto till (−) och från (+) resultatutjämningsreserv"}
    bk_rows = {ln.key: r + 1 + j for j, ln in enumerate(BALANSKRAV_LINES)}
    extra = ("uppfyllt", "rur_ib", "rur_ub", "kvar")
    bk_rows |= {k: r + 1 + len(BALANSKRAV_LINES) + j for j, k in enumerate(extra)}
    for ln in BALANSKRAV_LINES:
        sh.text(bk_rows[ln.key], 0, labels.get(ln.key, ln.label), "bold" if ln.is_sum else "indent")
    for key, label in (("uppfyllt", "Balanskravet uppfyllt (intäkterna överstiger kostnaderna)"),
                       ("rur_ib", "Resultatutjämningsreserv vid årets början"),
                       ("rur_ub", "Resultatutjämningsreserv vid årets slut"),
                       ("kvar", "Negativa balanskravsresultat kvar att återställa (inom tre år)")):
        sh.text(bk_rows[key], 0, label, "text")
    ctx.rows[("Resultatbudget", "bkr")] = bk_rows["balanskravsresultat"]
    ctx.rows[("Resultatbudget", "bk_uppfyllt")] = bk_rows["uppfyllt"]
    ctx.rows[("Resultatbudget", "rur_ub")] = bk_rows["rur_ub"]
    bk = balanskrav(plan)
    cfg_of = {"realisationsvinster": "balanskrav.realisationsvinster", "undantag": "balanskrav.undantag",
              "orealiserade_vardepapper": "balanskrav.orealiserade_vardepapper",
              "aterforing_orealiserade": "balanskrav.aterforing_orealiserade",
              "rur_reservering": "resultatutjamningsreserv.reservering",
              "rur_disposition": "resultatutjamningsreserv.disposition"}
    for i, y in enumerate(ctx.years):
        col = RR + i
        for ln in BALANSKRAV_LINES:
            row = bk_rows[ln.key]
            if ln.key == "arets_resultat":
                sh.formula(row, col, [(1, sh.cell(nr("arets_resultat"), col))])
            elif ln.is_sum:
                sh.formula(row, col, [(1, sh.cell(bk_rows[k], col)) for k in ln.sum_of], "tkr_sum")
            else:
                sales = ([f"forsaljningar[{j}]" for j, f in enumerate(ctx.c.ekonomi.forsaljningar) if f.ar == y]
                         if ln.key == "realisationsvinster" else [])
                sh.kronor(row, col, int(bk[y][ln.key]), what=f"{ln.label} {y}",
                          sources=ctx.cfg(f"{cfg_of[ln.key]}.{y}", *sales) if ln.key in cfg_of else [])
        sh.status(bk_rows["uppfyllt"], col, bool(bk[y]["uppfyllt"]))
        if i == 0:
            sh.kronor(bk_rows["rur_ib"], col, int(bk[y]["rur_ib"]), what="Resultatutjämningsreserv IB",
                      sources=ctx.cfg("resultatutjamningsreserv.ingaende_balans"))
        else:
            sh.formula(bk_rows["rur_ib"], col, [(1, sh.cell(bk_rows["rur_ub"], col - 1))])
        sh.formula(bk_rows["rur_ub"], col, [(1, sh.cell(bk_rows["rur_ib"], col)),
                                            (-1, sh.cell(bk_rows["rur_reservering"], col)),
                                            (-1, sh.cell(bk_rows["rur_disposition"], col))])
        sh.kronor(bk_rows["kvar"], col, int(bk[y]["kvar_att_aterstalla"]), what=f"Kvar att återställa {y}",
                  sources=ctx.cfg("balanskrav.underskott_att_aterstalla"))
    sh.ws.freeze_panes(FIRST + 1, RR)
    sh.ws.repeat_rows(FIRST)


def _kassaflode(ctx: _Ctx) -> None:
    sh = ctx.s["Kassaflödesbudget"]
    plan = ctx.plan
    _head(sh, ctx, f"Kassaflödesbudget {ctx.years[0]}–{ctx.years[-1]}",
          "Belopp i tkr. " + tecken.UPPSTALLNING + " Likvida medel = kassa och bank.")
    _year_columns(sh, ctx)
    rr = ctx.s["Resultatbudget"]
    br = ctx.s["Balansbudget"]
    e = ctx.c.ekonomi
    at_rr = lambda key, i: rr.cell(ctx.rows[("Resultatbudget", key)], RR + i)  # noqa: E731

    def line(key: str, y: int, r: int, col: int) -> None:
        i = ctx.years.index(y)
        pens = "avsattningar.pensioner" if e.avsattningar.pensioner is not None else None
        cfg = {"justering_for_avsattningar": (
                   [f"{pens}.gjorda.{y}", f"{pens}.ianspraktagna.{y}"] if pens
                   else [f"finansforvaltning.avsattningar_forandring.{y}"])
                   + [f"avsattningar.andra.gjorda.{y}", f"avsattningar.andra.ianspraktagna.{y}"],
               "forandring_forrad_och_exploatering": [f"rorelsekapital.forrad.{y}",
                                                      f"rorelsekapital.exploateringsfastigheter.{y}"],
               "forandring_fordringar": [f"rorelsekapital.fordringar.{y}"],
               "forandring_kortfristiga_placeringar": [f"rorelsekapital.kortfristiga_placeringar.{y}"],
               "forandring_kortfristiga_skulder": [f"rorelsekapital.kortfristiga_skulder.{y}"],
               "investeringsinkomster": [f"investeringsinkomster.inbetalningar.{y}"],
               "forsaljning_av_anlaggningstillgangar": [f"forsaljningar[{j}]" for j, f in enumerate(e.forsaljningar)
                                                        if f.ar == y],
               "nyupptagna_lan": [f"lan.nyupplaning.{y}"], "amortering_av_skuld": [f"lan.amortering.{y}"],
               "utlaning_till_bolag": [f"lan_till_bolag[{j}].utlaning.{y}" for j in range(len(e.lan_till_bolag))],
               "amortering_av_lan_till_bolag": [f"lan_till_bolag[{j}].amortering.{y}"
                                                for j in range(len(e.lan_till_bolag))],
               "bidrag_till_statlig_infrastruktur": [f"bidrag_till_statlig_infrastruktur.utbetalningar.{y}"]}
        if key == "arets_resultat":
            sh.formula(r, col, [(1, at_rr("arets_resultat", i))])
        elif key == "justering_for_avskrivningar":
            sh.formula(r, col, [(-1, at_rr("avskrivningar", i))])
        elif key == "justering_for_ovriga_ej_likvida_poster":
            sh.formula(r, col, [(-1, at_rr("realisationsvinster", i)), (1, at_rr("realisationsforluster", i)),
                                (-1, at_rr("upplosning_investeringsinkomster", i))])
        elif key == "likvida_medel_vid_arets_borjan":
            if i == 0:
                sh.formula(r, col, [(1, br.cell(ctx.rows[("Balansbudget", "kassa_och_bank")], 1))])
            else:
                sh.formula(r, col, [(1, sh.cell(ctx.rows[(sh.name, "likvida_medel_vid_arets_slut")], col - 1))])
        elif key in ("investering_immateriella", "investering_materiella"):
            post = "immateriella" if key.endswith("immateriella") else "materiella"
            facts = [f for p in plan.inv.projekt if p.post == post for f in p.facts if f.year == y]
            sh.kronor(r, col, plan.kf[y][key], what=f"{key} {y}", sources=refs_of(facts))
        else:
            sh.kronor(r, col, plan.kf[y][key], what=f"{key} {y}", sources=ctx.cfg(*cfg.get(key, [])))

    _statement(ctx, sh, kassaflode.LINES, 1, FIRST + 1, line)
    _comparison(ctx, sh, "kassaflodesbudget", kassaflode.LINES, 2 + len(ctx.years))
    sh.ws.freeze_panes(FIRST + 1, 1)


def _balans(ctx: _Ctx) -> None:
    sh = ctx.s["Balansbudget"]
    plan = ctx.plan
    e = ctx.c.ekonomi
    ib = e.ingaende_balans
    poster = plan.rr.poster
    assert poster is not None
    _head(sh, ctx, f"Balansbudget {ctx.years[0]}–{ctx.years[-1]}",
          f"Belopp i tkr per den 31 december. Ingående balans = {ib.typ} för {ib.ar}. Panter och "
          "ansvarsförbindelser ingår inte i summorna. Noterna under balansbudgeten visar hur posterna rullas. "
          + tecken.BALANS)
    _year_columns(sh, ctx, first=2)
    sh.text(FIRST, 1, f"{'Prognos' if ib.typ == 'prognos' else 'Bokslut'} {ib.ar}", "header_num")
    rows = {}
    for j, ln in enumerate(balans.LINES):
        rows[ln.key] = FIRST + 1 + j
        ctx.rows[(sh.name, ln.key)] = FIRST + 1 + j
        sh.text(rows[ln.key], 0, ln.label, "bold" if ln.is_sum or ln.heading else "indent")
    # Borgen per bolag under Borgensförbindelser, then the notes (rolls), each one row per item.
    r = FIRST + 1 + len(balans.LINES)
    borgen_rows = []
    for b in poster.borgen[ctx.years[0]]:
        sh.text(r, 0, f"därav {b.namn}", "indent")
        borgen_rows.append(r)
        r += 1
    _comparison(ctx, sh, "balansbudget", balans.LINES, 3 + len(ctx.years), skip=("prognos",))  # IB = prognos
    notes = _balans_noter(ctx, sh, r + 1, rows)
    ib_src = {
        "forrad": ["ingaende_balans.forrad", "ingaende_balans.forrad_och_exploatering"],
        "resultatutjamningsreserv": ["resultatutjamningsreserv.ingaende_balans"],
        "ovrigt_eget_kapital": ["ingaende_balans.eget_kapital", "resultatutjamningsreserv.ingaende_balans"],
        "pensionsforpliktelser_fore_1998": ["ansvarsforbindelser.pensionsforpliktelser.ingaende_balans"],
    }
    for ln in balans.LINES:
        if ln.heading:
            continue
        r = rows[ln.key]
        if ln.is_sum:
            sh.formula(r, 1, [(1, sh.cell(rows[k], 1)) for k in ln.sum_of], "tkr_sum")
        elif ln.key == "borgensforbindelser":
            sh.formula(r, 1, [(1, sh.cell(x, 1)) for x in borgen_rows])
        else:
            sh.kronor(r, 1, plan.ib[ln.key], what=f"Ingående balans {ln.key}",
                      sources=ctx.cfg(*ib_src.get(ln.key, [f"ingaende_balans.{ln.key}"]))
                      if plan.ib[ln.key] is not None else [])
    for j, x in enumerate(borgen_rows):
        b = poster.borgen[ctx.years[0]][j]
        sh.kronor(x, 1, b.roll.ib, what=f"Borgen {b.namn} IB",
                  sources=ctx.cfg(f"ansvarsforbindelser.borgen[{j}].ingaende_balans"))
        for i, y in enumerate(ctx.years):
            sh.kronor(x, 2 + i, poster.borgen[y][j].roll.ub, what=f"Borgen {b.namn} {y}",
                      sources=ctx.cfg(f"ansvarsforbindelser.borgen[{j}].okning.{y}",
                                      f"ansvarsforbindelser.borgen[{j}].minskning.{y}"))
    rr, kf = ctx.s["Resultatbudget"], ctx.s["Kassaflödesbudget"]
    at_kf = lambda key, i: kf.cell(ctx.rows[("Kassaflödesbudget", key)], 1 + i)  # noqa: E731
    at_rr = lambda key, i: rr.cell(ctx.rows[("Resultatbudget", key)], RR + i)  # noqa: E731
    for i, y in enumerate(ctx.years):
        col = 2 + i
        prev = lambda key: sh.cell(rows[key], col - 1)  # noqa: E731,B023
        for ln in balans.LINES:
            if ln.heading:
                continue
            r = rows[ln.key]
            k = ln.key
            if ln.is_sum:
                sh.formula(r, col, [(1, sh.cell(rows[x], col)) for x in ln.sum_of], "tkr_sum")
            elif k in notes:
                sh.formula(r, col, [(1, sh.cell(notes[k], col))])
            elif k == "kortfristiga_placeringar":
                sh.formula(r, col, [(1, prev(k)), (-1, at_kf("forandring_kortfristiga_placeringar", i))])
            elif k == "fordringar":
                sh.formula(r, col, [(1, prev(k)), (-1, at_kf("forandring_fordringar", i))])
            elif k == "kortfristiga_skulder":
                sh.formula(r, col, [(1, prev(k)), (1, at_kf("forandring_kortfristiga_skulder", i))])
            elif k == "finansiella_anlaggningstillgangar":
                sh.formula(r, col, [(1, prev(k)), (-1, at_kf("utlaning_till_bolag", i)),
                                    (-1, at_kf("amortering_av_lan_till_bolag", i))])
            elif k == "bidrag_till_statlig_infrastruktur":
                sh.formula(r, col, [(1, prev(k)), (-1, at_kf("bidrag_till_statlig_infrastruktur", i)),
                                    (-1, at_rr("upplosning_bidrag_statlig_infrastruktur", i))])
            elif k == "kassa_och_bank":
                sh.formula(r, col, [(1, at_kf("likvida_medel_vid_arets_slut", i))])
            elif k == "arets_resultat":
                sh.formula(r, col, [(1, at_rr("arets_resultat", i))])
            elif k == "ovrigt_eget_kapital":
                sh.formula(r, col, [(1, sh.cell(rows["eget_kapital"], col - 1)),
                                    (-1, sh.cell(rows["resultatutjamningsreserv"], col))])
            elif k == "resultatutjamningsreserv":
                sh.formula(r, col, [(1, rr.cell(ctx.rows[("Resultatbudget", "rur_ub")], RR + i))])
            elif k == "borgensforbindelser":
                sh.formula(r, col, [(1, sh.cell(x, col)) for x in borgen_rows])
            elif k in ("forrad", "exploateringsfastigheter"):
                sh.kronor(r, col, plan.br[y][k], what=f"{k} {y} (IB + förändring)",
                          sources=ctx.cfg(f"rorelsekapital.{k}.{y}"))
            elif k == "langfristiga_skulder":
                sh.kronor(r, col, plan.br[y][k], what=f"{k} {y}",
                          sources=ctx.cfg(f"lan.nyupplaning.{y}", f"lan.amortering.{y}",
                                          f"investeringsinkomster.inbetalningar.{y}",
                                          f"investeringsinkomster.upplosning.{y}"))
            else:
                sh.kronor(r, col, plan.br[y][k], what=f"{k} {y}")
    sh.ws.freeze_panes(FIRST + 1, 1)


# The notes under the balansbudget: each roll's rows (key, label) and the balance line its UB is shown on.
def _balans_noter(ctx: _Ctx, sh: Sheet, start: int, rows: dict[str, int]) -> dict[str, int]:
    """Write the rolls (IB + in − out = UB per year, formulas) from row `start`; return line key -> UB row."""
    plan = ctx.plan
    e = ctx.c.ekonomi
    poster = plan.rr.poster
    assert poster is not None
    years = ctx.years
    ub_rows: dict[str, int] = {}
    r = start
    sh.text(r, 0, "Noter till balansbudgeten", "heading")
    r += 1

    def roll(key: str, title: str, parts: list[tuple[str, int, Any]]) -> None:
        """One roll: IB (the balance line of the year before), then (label, sign, writer(row, i, y)), then UB."""
        nonlocal r
        sh.text(r, 0, title, "bold")
        ib_row = r + 1
        sh.text(ib_row, 0, "Ingående värde", "indent")
        part_rows = []
        for j, (label, _, _) in enumerate(parts):
            sh.text(ib_row + 1 + j, 0, label, "indent")
            part_rows.append(ib_row + 1 + j)
        ub_row = ib_row + 1 + len(parts)
        sh.text(ub_row, 0, "Utgående värde", "bold")
        for i, y in enumerate(years):
            col = 2 + i
            sh.formula(ib_row, col, [(1, sh.cell(rows[key], col - 1))])
            for (_, _, write), pr in zip(parts, part_rows, strict=True):
                write(pr, col, i, y)
            sh.formula(ub_row, col, [(1, sh.cell(ib_row, col)), *((sign, sh.cell(pr, col))
                                                                   for (_, sign, _), pr in zip(parts, part_rows,
                                                                                               strict=True))],
                       "tkr_sum")
        ub_rows[key] = ub_row
        r = ub_row + 2

    def value(get: Any, what: str, cfg: Any = None, facts: Any = None) -> Any:
        def write(row: int, col: int, i: int, y: int) -> None:
            src = (refs_of(facts(y)) if facts else []) + (ctx.cfg(*cfg(y)) if cfg else [])
            sh.kronor(row, col, get(y), what=f"{what} {y}", sources=src)
        return write

    sales = lambda slag: lambda y: [f"forsaljningar[{j}]" for j, f in enumerate(e.forsaljningar)  # noqa: E731
                                    if f.ar == y and f.slag == slag]
    a = poster.anlaggningar
    for slag in SLAG:
        roll(slag, TILLGANGSSLAG[slag], [
            ("Investeringar", 1, value(lambda y, s=slag: a[y][s].investeringar, f"Investeringar {slag}",
                                       facts=lambda y, s=slag: [f for p in plan.inv.projekt if p.slag == s
                                                                for f in p.facts if f.year == y])),
            ("Avgår: avskrivningar på befintliga tillgångar", -1,
             value(lambda y, s=slag: a[y][s].avskrivningar_befintliga, f"Befintliga avskrivningar {slag}",
                   cfg=lambda y, s=slag: [f"befintliga_avskrivningar.{y}", f"befintliga_avskrivningar_per_slag.{s}.{y}"])),
            ("Avgår: avskrivningar på nya investeringar", -1,
             value(lambda y, s=slag: a[y][s].avskrivningar_nya, f"Nya avskrivningar {slag}",
                   facts=lambda y, s=slag: [f for p in plan.inv.projekt if p.slag == s for f in p.facts])),
            ("Avgår: bokfört värde av sålda tillgångar", -1,
             value(lambda y, s=slag: a[y][s].forsaljning, f"Sålda {slag}", cfg=sales(slag))),
        ])
    pens = "avsattningar.pensioner" if e.avsattningar.pensioner is not None else None
    for key, name, title in (("avsattningar_for_pensioner", "pensioner",
                              "Avsättningar för pensioner och liknande förpliktelser"),
                             ("andra_avsattningar", "andra", "Andra avsättningar")):
        gjorda = (lambda y: [f"{pens}.gjorda.{y}"] if pens else [f"finansforvaltning.avsattningar_forandring.{y}"]) \
            if name == "pensioner" else (lambda y: [f"avsattningar.andra.gjorda.{y}"])
        roll(key, title, [
            ("Gjorda avsättningar", 1, value(lambda y, n=name: poster.avsattningar[y][n].till, f"Gjorda {name}",
                                             cfg=gjorda)),
            ("Avgår: ianspråktagna avsättningar", -1,
             value(lambda y, n=name: poster.avsattningar[y][n].fran, f"Ianspråktagna {name}",
                   cfg=lambda y, n=name: [f"avsattningar.{n}.ianspraktagna.{y}"])),
        ])
    af = "ansvarsforbindelser.pensionsforpliktelser"
    roll("pensionsforpliktelser_fore_1998", "Pensionsförpliktelser intjänade före 1998 (ansvarsförbindelse)", [
        ("Ökning (ränta, basbeloppsuppräkning, löneskatt)", 1,
         value(lambda y: poster.pensionsforpliktelser[y].till, "Ökning pensionsförpliktelser",
               cfg=lambda y: [f"{af}.okning.{y}"])),
        ("Avgår: minskning (utbetalningar)", -1, value(lambda y: poster.pensionsforpliktelser[y].fran,
                                                "Minskning pensionsförpliktelser", cfg=lambda y: [f"{af}.minskning.{y}"])),
    ])
    return ub_rows


# ---------------------------------------------------------------- driftbudget
DRIFT_COLS = ("Intäkter", "Kostnader", "Netto", "Ram", "Differens mot ram")


def _drift(ctx: _Ctx) -> None:
    sh = ctx.s["Driftbudget"]
    plan = ctx.plan
    _head(sh, ctx, f"Driftbudget per nämnd {ctx.years[0]}–{ctx.years[-1]}",
          "Belopp i tkr. Netto = kostnader − intäkter (nettokostnad). Differens mot ram: + = inom ramen. "
          "Interna poster ingår; de elimineras i resultatbudgeten.")
    hdr = FIRST
    sh.text(hdr, 0, "Nämnd", "header")
    sh.text(hdr, 1, "Status", "header")
    sh.width(0, 36)
    sh.width(1, 22)
    for i, y in enumerate(ctx.years):
        base = 2 + i * len(DRIFT_COLS)
        ctx.rows[("Driftbudget", f"col_{y}")] = base
        for j, label in enumerate(DRIFT_COLS):
            sh.text(hdr, base + j, f"{label} {y}", "header_num")
            sh.width(base + j, 12)
    first = hdr + 1
    for k, n in enumerate(plan.drift):
        r = first + k
        sh.text(r, 0, n.namn)
        sh.text(r, 1, "Inlämnad" if n.covered else "Saknas – ramen är inte täckt", "text" if n.covered else "fail")
        for i, y in enumerate(ctx.years):
            base = 2 + i * len(DRIFT_COLS)
            if n.covered:
                sh.kronor(r, base, n.intakter[y], what=f"{n.namn} intäkter {y}", sources=[
                    *refs_of(n.facts_for("intakter", y)),
                    *(ctx.cfg_in("organisation", f"namnder.{n.namnd}.fordelning") if n.samverkan else [])])
                sh.kronor(r, base + 1, n.kostnader[y], what=f"{n.namn} kostnader {y}",
                          sources=refs_of(n.facts_for("kostnader", y)))
                sh.formula(r, base + 2, [(1, sh.cell(r, base + 1)), (-1, sh.cell(r, base))])
            else:
                for j in range(3):
                    sh.number(r, base + j, None)
            sh.kronor(r, base + 3, n.ram[y], what=f"{n.namn} ram {y}", sources=ctx.cfg(f"ramar.{n.namnd}.{y}"))
            if n.covered:
                sh.formula(r, base + 4, [(1, sh.cell(r, base + 3)), (-1, sh.cell(r, base + 2))])
            else:
                sh.number(r, base + 4, None)
    last = first + len(plan.drift) - 1
    total = last + 1
    ctx.rows[("Driftbudget", "first")] = first
    ctx.rows[("Driftbudget", "last")] = last
    ctx.rows[("Driftbudget", "total")] = total
    sh.text(total, 0, "Summa", "bold")
    sh.text(total, 1, "", "bold")
    for c in range(2, 2 + len(ctx.years) * len(DRIFT_COLS)):
        sh.formula(total, c, [(1, sh.rng(first, c, last, c))], "tkr_sum")
    sh.note(total + 1, tecken.NETTOKOSTNAD, 1 + len(DRIFT_COLS))
    sh.ws.freeze_panes(hdr + 1, 1)
    sh.ws.repeat_rows(hdr)


def _drift_avstamning(ctx: _Ctx) -> None:
    """DR1 on the Driftbudget sheet: the nämnders' nettokostnad tied to the resultatbudget."""
    sh = ctx.s["Driftbudget"]
    plan = ctx.plan
    first, last, total = (ctx.rows[("Driftbudget", k)] for k in ("first", "last", "total"))
    r = total + 2
    sh.text(r, 0, "Avstämning mot resultatbudgeten (DR1)", "heading")
    labels = (("netto", "Nämndernas nettokostnad (inlämnade driftbudgetar)"),
              ("missing", "Ramar för nämnder utan inlämnad driftbudget"),
              ("fin", "Finansförvaltningens nettokostnad (kostnader − intäkter)"),
              ("avskr", "Avskrivningar"),
              ("sum", "Summa: verksamhetens nettokostnader"),
              ("rr", "Verksamhetens nettokostnader enligt resultatbudgeten"),
              ("diff", "Differens (obalans i interna poster, se Internposter)"))
    rows = {key: r + 1 + j for j, (key, _) in enumerate(labels)}
    for key, label in labels:
        sh.text(rows[key], 0, label, "bold" if key in ("sum", "diff") else "indent")
    rr = ctx.s["Resultatbudget"]
    for i, y in enumerate(ctx.years):
        col = 2 + i * len(DRIFT_COLS) + 2  # under the year's Netto column
        note = plan.rr.noter[y]
        sh.formula(rows["netto"], col, [(1, sh.cell(total, col))])
        sh.formula(rows["missing"], col, [(1, sh.rng(first, col + 1, last, col + 1)),
                                          (-1, SumIf(sh.rng(first, 1, last, 1), "Inlämnad",
                                                     sh.rng(first, col + 1, last, col + 1)))])
        sh.kronor(rows["fin"], col, (note["finansforvaltning_kostnader"] or 0) - (note["finansforvaltning_intakter"] or 0),
                  what=f"Finansförvaltningens nettokostnad {y}",
                  sources=ctx.cfg(f"finansforvaltning.kostnader.{y}", f"finansforvaltning.intakter.{y}"))
        sh.formula(rows["avskr"], col, [(-1, rr.cell(ctx.rows[("Resultatbudget", "avskrivningar")], RR + i))])
        sh.formula(rows["sum"], col, [(1, sh.rng(rows["netto"], col, rows["avskr"], col))], "tkr_sum")
        sh.formula(rows["rr"], col, [(-1, rr.cell(ctx.rows[("Resultatbudget", "verksamhetens_nettokostnader")], RR + i))])
        sh.formula(rows["diff"], col, [(1, sh.cell(rows["rr"], col)), (-1, sh.cell(rows["sum"], col))], "tkr_sum")


def _drift_detalj(ctx: _Ctx) -> None:
    sh = ctx.s["Driftbudget per verksamhet"]
    plan = ctx.plan
    _head(sh, ctx, f"Driftbudget per nämnd, verksamhet och kontogrupp {ctx.years[0]}–{ctx.years[-1]}",
          "Belopp i tkr. Interna poster (internhyror, interna tjänster) markeras och elimineras i resultatbudgeten.")
    heads = ["Nämnd", "Verksamhet", "Kontogrupp", "Intern post"]
    c_src = 4 + 3 * len(ctx.years)  # a row's cells come from one submission: its source is on the row
    for j, h in enumerate(heads):
        sh.text(FIRST, j, h, "header_center" if j == 3 else "header")
    for w, col in ((30, 0), (36, 1), (40, 2), (9, 3)):
        sh.width(col, w)
    for i, y in enumerate(ctx.years):
        for j, label in enumerate(("Intäkter", "Kostnader", "Netto")):
            sh.text(FIRST, 4 + i * 3 + j, f"{label} {y}", "header_num")
            sh.width(4 + i * 3 + j, 12)
    sh.text(FIRST, c_src, "Källa (fil, blad och celler)", "header")
    sh.width(c_src, 60)
    r = FIRST + 1
    sums: list[int] = []
    breaks: list[int] = []  # each nämnd starts a printed page of its own (issue 19 part 1)
    for n in plan.drift:
        if not n.covered:
            continue
        start = r
        if sums:
            breaks.append(r)
        for d in n.details:
            sh.text(r, 0, n.namn)
            sh.text(r, 1, f"{d.verksamhet} {d.verksamhet_namn}".strip())
            sh.text(r, 2, f"{d.kontogrupp} {d.kontogrupp_namn}".strip())
            sh.text(r, 3, "Ja" if d.intern else "", "center")
            for i, y in enumerate(ctx.years):
                base = 4 + i * 3
                for j, measure in enumerate(("intakter", "kostnader")):
                    sh.kronor(r, base + j, getattr(d, measure)[y])
                sh.formula(r, base + 2, [(1, sh.cell(r, base + 1)), (-1, sh.cell(r, base))])
            sh.text(r, c_src, located(refs_of(d.facts)), "indent")
            r += 1
        sh.text(r, 0, f"Summa {n.namn}", "bold")
        for c in range(4, 4 + 3 * len(ctx.years)):
            sh.formula(r, c, [(1, sh.rng(start, c, r - 1, c))] if r > start else [], "tkr_sum")
        sums.append(r)
        r += 2
    sh.text(r, 0, "Summa alla nämnder", "bold")
    for c in range(4, 4 + 3 * len(ctx.years)):
        sh.formula(r, c, [(1, sh.cell(s, c)) for s in sums], "tkr_sum")
    sh.note(r + 1, tecken.NETTOKOSTNAD, 6)
    sh.ws.freeze_panes(FIRST + 1, 1)
    sh.ws.repeat_rows(FIRST)
    sh.ws.set_h_pagebreaks(breaks)
    sh.ws.autofilter(FIRST, 0, max(FIRST, r - 2), c_src)
    sh.ws.print_area(0, 0, r + 1, c_src - 1)  # the source column is for tracing on screen, not for print


# ---------------------------------------------------------------- investeringsbudget
def _investering(ctx: _Ctx) -> None:
    sh = ctx.s["Investeringsbudget"]
    plan = ctx.plan
    inv = plan.inv
    years = ctx.years
    owner = ctx.c.lokalagare()
    _head(sh, ctx, f"Investeringsbudget {years[0]}–{years[-1]}",
          "Utgifter i tkr per år. Avskrivning: total utgift / avskrivningstid, från året efter aktiveringsåret. "
          + (f"Lokalinvesteringar ingår i {owner.namn}s plan." if owner else ""))
    heads = ["Nämnd", "Projekt-id", "Projekt", "Kategori", "Konto", "Lokal", "Start", "Aktivering"]
    nums = [*(f"Utgift {y}" for y in years), "Utgift senare år", "Total utgift", "Avskrivningstid (år)",
            *(f"Avskrivning {y}" for y in years)]
    c_src = len(heads) + len(nums)  # a project's figures come from one submission: its source is on the row
    for j, h in enumerate(heads):
        sh.text(FIRST, j, h, "header_center" if h == "Lokal" else "header")
    for j, h in enumerate(nums):
        sh.text(FIRST, len(heads) + j, h, "header_num")
    for col, w in enumerate((26, 11, 34, 24, 8, 7, 7, 10)):
        sh.width(col, w)
    for j in range(len(nums)):
        sh.width(len(heads) + j, 12)
    sh.text(FIRST, c_src, "Källa (fil, blad och celler; avskrivningstid ur konfigurationen)", "header")
    sh.width(c_src, 60)
    c_utg = len(heads)  # first utgift column
    c_sen = c_utg + len(years)
    c_tot = c_sen + 1
    c_tid = c_tot + 1
    c_avs = c_tid + 1
    for i, y in enumerate(years):
        ctx.rows[("Investeringsbudget", f"utg_{y}")] = c_utg + i
        ctx.rows[("Investeringsbudget", f"avskr_{y}")] = c_avs + i
    r = FIRST + 1
    sub_rows: dict[str, int] = {}
    lokal_rows: list[int] = []
    for nid in [n for n in ctx.c.namnd_ids if n in inv.per_namnd]:
        start = r
        projekt = [p for p in inv.projekt if p.namnd == nid]
        for p in projekt:
            sh.text(r, 0, p.namnd_namn)
            sh.text(r, 1, p.projekt_id)
            sh.text(r, 2, p.namn, "wrap")
            sh.text(r, 3, p.kategori_namn or p.kategori, "wrap")  # a long kategori wraps, never cut
            sh.text(r, 4, p.konto)
            sh.text(r, 5, "Ja" if p.lokal else "Nej", "center")
            sh.number(r, 6, p.start, "int")
            sh.number(r, 7, p.aktivering, "int")
            for i, y in enumerate(years):
                sh.kronor(r, c_utg + i, p.utgift[y])
            sh.kronor(r, c_sen, p.senare)
            sh.formula(r, c_tot, [(1, sh.rng(r, c_utg, r, c_sen))])
            sh.number(r, c_tid, p.avskrivningstid, "int")
            for i, y in enumerate(years):
                sh.kronor(r, c_avs + i, p.avskrivning(y))
            sh.text(r, c_src, located([*refs_of(p.facts),
                                       *ctx.cfg(f"investeringskategorier.{p.kategori}.avskrivningstid")]), "indent")
            if p.lokal:
                lokal_rows.append(r)
            r += 1
        sh.text(r, 0, f"Summa {ctx.c.namnd(nid).namn}", "bold")
        for c in [*range(c_utg, c_tid), *range(c_avs, c_avs + len(years))]:
            sh.formula(r, c, [(1, sh.rng(start, c, r - 1, c))], "tkr_sum")
        sub_rows[nid] = r
        r += 2
    total = r
    ctx.rows[("Investeringsbudget", "total")] = total
    sh.text(total, 0, "Summa investeringar", "bold")
    for c in [*range(c_utg, c_tid), *range(c_avs, c_avs + len(years))]:
        sh.formula(total, c, [(1, sh.cell(s, c)) for s in sub_rows.values()], "tkr_sum")
    lr = total + 1
    sh.text(lr, 0, f"därav lokalinvesteringar ({owner.namn if owner else 'lokalägaren'})", "indent")
    for c in range(c_utg, c_tid):
        sh.formula(lr, c, [(1, sh.cell(x, c)) for x in lokal_rows])
    ram_row = lr + 1
    sh.text(ram_row, 0, "Investeringsram (kommunfullmäktige)", "indent")
    diff_row = ram_row + 1
    sh.text(diff_row, 0, "Utrymme kvar inom investeringsramen", "bold")
    for i, y in enumerate(years):
        ram = ctx.c.ekonomi.investeringsram.get(y)
        if ram is None:
            continue
        sh.kronor(ram_row, c_utg + i, round(ram * 1000), what=f"Investeringsram {y}",
                  sources=ctx.cfg(f"investeringsram.{y}"))
        sh.formula(diff_row, c_utg + i, [(1, sh.cell(ram_row, c_utg + i)), (-1, sh.cell(total, c_utg + i))], "tkr_sum")
    ctx.rows[("Investeringsbudget", "year_header")] = FIRST
    sh.note(diff_row + 1, tecken.UTGIFT, len(heads) - 1)
    sh.ws.print_area(0, 0, diff_row + 1, c_src - 1)  # the source column is for tracing on screen, not for print
    sh.ws.freeze_panes(FIRST + 1, 3)
    sh.ws.repeat_rows(FIRST)


# ---------------------------------------------------------------- ramar, internposter, taxor, mål
def _ramar(ctx: _Ctx) -> None:
    sh = ctx.s["Ramar"]
    c = ctx.c
    _head(sh, ctx, f"Nämndernas ramar {ctx.years[0]}–{ctx.years[-1]}",
          "Nettokostnadsramar (kommunbidrag) i tkr, exklusive avskrivningar. Skattesats "
          f"{sv_number(c.ekonomi.skattesats)} kr per 100 kr beskattningsbar inkomst.")
    heads = ["Nämnd", "Typ", *(_year_label(ctx, y) for y in ctx.years), "Driftbudget"]
    for j, h in enumerate(heads):
        sh.text(FIRST, j, h, "header_num" if 2 <= j < 2 + len(ctx.years) else "header")
    sh.width(0, 40)
    sh.width(1, 14)
    for i in range(len(ctx.years)):
        sh.width(2 + i, 13)
    sh.width(2 + len(ctx.years), 24)
    first = FIRST + 1
    typ = {"styrelse": "Styrelse", "egen": "Egen nämnd", "gemensam": "Gemensam nämnd", "overformyndare": "Överförmyndare"}
    for k, n in enumerate(ctx.plan.drift):
        r = first + k
        sh.text(r, 0, n.namn)
        sh.text(r, 1, typ.get(str(c.namnd(n.namnd).typ), str(c.namnd(n.namnd).typ)))
        for i, y in enumerate(ctx.years):
            sh.kronor(r, 2 + i, n.ram[y], what=f"{n.namn} ram {y}", sources=ctx.cfg(f"ramar.{n.namnd}.{y}"))
        sh.text(r, 2 + len(ctx.years), "Inlämnad" if n.covered else "Saknas – ramen är inte täckt",
                "text" if n.covered else "fail")
    last = first + len(ctx.plan.drift) - 1
    sh.text(last + 1, 0, "Summa nämndernas ramar", "bold")
    for i in range(len(ctx.years)):
        sh.formula(last + 1, 2 + i, [(1, sh.rng(first, 2 + i, last, 2 + i))], "tkr_sum")
    sh.note(last + 2, tecken.NETTOKOSTNAD, 2 + len(ctx.years))
    # Nettokostnad per nämnd the years before (Bokslut t−2, Budget t−1, Prognos t−1), to the right; missing: said.
    c0 = 4 + len(ctx.years)
    sh.text(FIRST - 1, c0, "Jämförelse: nettokostnad", "bold")
    for j, k in enumerate(ctx.plan.jamforelse):
        col = c0 + j
        sh.width(col, 13)
        sh.text(FIRST, col, k.rubrik, "header_num")
        if k.driftbudget_kalla is None:
            sh.text(first, col, "uppgift saknas", "wrap")
            continue
        for m, n in enumerate(ctx.plan.drift):
            sh.kronor(first + m, col, k.driftbudget.get(n.namnd), what=f"{k.rubrik} ({k.driftbudget_kalla}): {n.namn}",
                      sources=ctx.cfg(f"jamforelse.{k.typ}.driftbudget.{n.namnd}"))
        sh.formula(last + 1, col, [(1, sh.rng(first, col, last, col))], "tkr_sum")
    note = last + 3
    for k in ctx.plan.jamforelse:  # nämnder of that year that no longer exist: said, not dropped
        gone = {n: v for n, v in k.driftbudget.items() if n not in ctx.c.namnd_ids and v is not None}
        if gone:
            sh.text(note, 0, f"{k.rubrik} omfattar också nämnder som inte finns i dag (ingår inte i summan): "
                    + ", ".join(f"{n} {sv_number(v / 1000)} tkr" for n, v in gone.items()) + ".")
            note += 1
    sh.ws.freeze_panes(FIRST + 1, 1)


SLAG_RUBRIK = {"ram": "Ram (nettokostnad)", "investering": "Investering", "ny investering": "Ny investering",
               "struken investering": "Struken investering", "taxa": "Taxa (föreslaget pris, kr)"}


def _forandringar(ctx: _Ctx) -> None:
    """The November revision against the kommunplan KF adopted in June: anslagsförändringar with their beslut."""
    a = ctx.plan.andringar
    if a is None:
        return
    sh = ctx.book.sheet("Förändringar")
    om = a["jamfort_med"]
    _head(sh, ctx, f"Förändringar mot antagen kommunplan ({om['fas']}) – reviderad kommunplan {ctx.plan.budgetar}",
          "Belopp i tkr (taxor i kronor). Jämfört med den antagna kommunplanen (fas " + om["fas"]
          + (f", {om['beslut']}" if om.get("beslut") else "") + f"; sparad i inkorgen {om['fastalld'][:10]}). "
          "Ökade ramar och investeringar med plustecken.")
    heads = ["Slag", "Nämnd", "Avser", "År", "Antagen", "Reviderad", "Förändring", "Beslut"]
    for j, h in enumerate(heads):
        sh.text(FIRST, j, h, "header_num" if 3 <= j <= 6 else "header")
    for col, w in enumerate((20, 30, 44, 7, 13, 13, 13, 24)):
        sh.width(col, w)
    r = FIRST + 1
    for row in a["rader"]:
        sh.text(r, 0, SLAG_RUBRIK.get(row["slag"], row["slag"].capitalize()))
        n = row["namnd"]
        sh.text(r, 1, ctx.c.namnd(n).namn if n in ctx.c.namnd_ids else n)
        sh.text(r, 2, row["namn"] if row["slag"] == "ram" else f"{row['id']} {row['namn']}".strip(), "wrap")
        sh.number(r, 3, row["ar"], "int")
        fmt = "kr" if row["slag"] == "taxa" else "tkr"
        if isinstance(row["fore"], str) or isinstance(row["efter"], str):
            sh.text(r, 4, row["fore"] or "–", "wrap")
            sh.text(r, 5, row["efter"] or "–", "wrap")
        else:
            sh.number(r, 4, row["fore"], fmt)
            sh.number(r, 5, row["efter"], fmt)
            sh.formula(r, 6, [(1, sh.cell(r, 5)), (-1, sh.cell(r, 4))], fmt)
        sh.text(r, 7, row["beslut"])
        r += 1
    if not a["rader"]:
        sh.text(r, 0, "Inga förändringar av ramar, investeringar, taxor eller riktade mål.")
    sh.ws.freeze_panes(FIRST + 1, 0)
    sh.ws.repeat_rows(FIRST)


def _bolagen(ctx: _Ctx) -> None:
    """The kommun's bolag: borgensramar for KF's decision, the kommun's borgen and lån, and each bolagsplan's
    resultat, investeringar and soliditet, with the bolagen together at the kommun's ägarandel."""
    sh = ctx.s["Bolagen"]
    bo = ctx.plan.bolag
    ys = ctx.years
    _head(sh, ctx, f"Bolagen {ys[0]}–{ys[-1]}",
          "Belopp i tkr. Kommunfullmäktige beslutar om borgensramarna. Resultat, investeringar och soliditet ur "
          "bolagsplanen som kommunstyrelsen har lämnat in; sammantaget med kommunens ägarandel.")
    sh.text(FIRST, 0, "Bolag", "header")
    sh.text(FIRST, 1, "Ägarandel", "header_num")
    for i, y in enumerate(ys):
        sh.text(FIRST, 2 + i, _year_label(ctx, y), "header_num")
    sh.width(0, 46)
    sh.width(1, 11)
    for i in range(len(ys)):
        sh.width(2 + i, 14)
    bolag = list(bo.bolag) if bo is not None else []
    r = FIRST + 1
    if not bolag:
        sh.text(r, 0, "Kommunen har inga bolag i konfigurationen (organisation.yaml bolag).")
        return
    file = bo.file if bo is not None else None
    sha = next((s.sha256 for s in ctx.plan.sources if s.file == file), "")

    def doc_ref(b: Any, key: str, y: int) -> list[SourceRef]:
        at = b.celler.get(f"{key}.{y}")
        return [SourceRef(file, sha, at.partition("!")[0], at.partition("!")[2])] if at and file else []

    def block(title: str, value: Any, fmt: str = "tkr", total: bool = True, sources: Any = None) -> dict[str, int]:
        nonlocal r
        sh.text(r, 0, title, "heading")
        r += 1
        first, rows = r, {}
        for b in bolag:
            sh.text(r, 0, b.namn)
            sh.number(r, 1, b.agarandel / 100, "pct")
            for i, y in enumerate(ys):
                v = value(b, y)
                if fmt == "tkr":
                    sh.kronor(r, 2 + i, v, what=f"{title}: {b.namn} {y}", sources=sources(b, y) if sources else ())
                else:
                    sh.number(r, 2 + i, v, fmt)
            rows[b.id] = r
            r += 1
        if total:
            sh.text(r, 0, "Summa", "bold")
            for i in range(len(ys)):
                sh.formula(r, 2 + i, [(1, sh.rng(first, 2 + i, r - 1, 2 + i))], "tkr_sum")
            r += 1
        r += 1
        return rows

    ram = block("Borgensram att besluta av kommunfullmäktige", lambda b, y: b.borgensram.get(y, 0),
                sources=lambda b, y: ctx.cfg_in("organisation", f"bolag.{b.id}.borgensram.{y}"))
    borgen = block("Kommunens borgen vid årets slut (ansvarsförbindelse)", lambda b, y: b.borgen_kommunen.get(y, 0),
                   sources=lambda b, y: ctx.cfg("ansvarsforbindelser.borgen"))
    sh.text(r, 0, "Kvar av borgensramen", "heading")
    r += 1
    for b in bolag:
        sh.text(r, 0, b.namn)
        for i in range(len(ys)):
            sh.formula(r, 2 + i, [(1, sh.cell(ram[b.id], 2 + i)), (-1, sh.cell(borgen[b.id], 2 + i))])
        r += 1
    r += 1
    block("Lån från kommunen vid årets slut", lambda b, y: b.lan_fran_kommunen.get(y, 0),
          sources=lambda b, y: ctx.cfg("lan_till_bolag"))
    res = block("Resultat efter finansiella poster (bolagsplanen)",
                lambda b, y: b.resultat[y]["resultat"] if y in b.resultat else None, total=False,
                sources=lambda b, y: doc_ref(b, "resultat.intakter", y))
    sh.text(r - 1, 0, "Bolagen sammantaget, kommunens andel", "bold")
    for i, y in enumerate(ys):  # Σ resultat × ägarandel: a formula with the shares written out
        parts = [(b.agarandel / 100, a1_zero(res[b.id], 2 + i)) for b in bolag]
        sh.formula_text(r - 1, 2 + i, "=" + "+".join(f"{share:g}*{ref}" for share, ref in parts), "tkr_sum",
                        bo.sammantaget(y)["resultat_agarandel"] / 1000 if bo is not None else 0)
    r += 1
    block("Investeringar (bolagsplanen)", lambda b, y: b.investeringar.get(y) if b.investeringar else None,
          sources=lambda b, y: doc_ref(b, "investeringar.utgift", y))
    block("Soliditet (bolagsplanen)", lambda b, y: b.soliditet(y), "pct", total=False)
    mal = [(b, m) for b in bolag for m in b.mal]
    if mal:
        sh.text(r, 0, "Ägardirektivets mål", "heading")
        r += 1
        for b, m in mal:
            sh.text(r, 0, f"{b.namn}: {m.id} {m.text}" + (f" – {m.matt}" if m.matt else "")
                    + (f" ({m.enhet})" if m.enhet else ""), "wrap")
            for i, y in enumerate(ys):
                sh.number(r, 2 + i, m.malvarde.get(y), "dec")
            r += 1
    sh.ws.freeze_panes(FIRST + 1, 1)
    sh.ws.repeat_rows(FIRST)


def _internposter(ctx: _Ctx) -> None:
    sh = ctx.s["Internposter"]
    plan = ctx.plan
    c = ctx.c
    _head(sh, ctx, f"Internposter {ctx.years[0]}–{ctx.years[-1]}: internhyror och interna tjänster per motpart",
          "Belopp i tkr. Säljarens interna intäkt ska vara lika med köparens interna kostnad (och för budgetåret "
          "med internhyresdokumentet). Posterna elimineras före resultatbudgeten.")
    heads = ["Säljare", "Köpare", "Slag", "År", "Internhyresdokument", "Säljarens driftbudget", "Köparens driftbudget",
             "Differens säljare − köpare", "Status", "Säljarens källa", "Köparens källa"]
    for j, h in enumerate(heads):
        sh.text(FIRST, j, h, "header_num" if 3 <= j <= 7 else "header_center" if j == 8 else "header")
    for col, w in enumerate((28, 28, 16, 7, 14, 14, 14, 14, 12, 50, 50)):
        sh.width(col, w)
    first = FIRST + 1
    r = first
    for p in plan.intern:
        sh.text(r, 0, c.namnd(p.saljare).namn if p.saljare in c.namnd_ids else p.saljare)
        sh.text(r, 1, c.namnd(p.kopare).namn if p.kopare in c.namnd_ids else p.kopare)
        sh.text(r, 2, SLAG_NAMN[p.slag])
        sh.number(r, 3, p.year, "int")
        sh.kronor(r, 4, p.katalog, what=f"Internhyresdokument {p.saljare}→{p.kopare} {p.year}",
                  sources=refs_of(p.katalog_facts))
        sh.kronor(r, 5, p.saljare_belopp, what=f"Intern intäkt {p.saljare}→{p.kopare} {p.year}",
                  sources=refs_of(p.saljare_facts))
        sh.kronor(r, 6, p.kopare_belopp, what=f"Intern kostnad {p.saljare}→{p.kopare} {p.year}",
                  sources=refs_of(p.kopare_facts))
        sh.formula(r, 7, [(1, sh.cell(r, 5)), (-1, sh.cell(r, 6))])
        sh.status(r, 8, p.ok, "Stämmer", "Stämmer inte")
        sh.text(r, 9, located(refs_of(p.saljare_facts + p.katalog_facts)),
                "wrap")
        sh.text(r, 10, located(refs_of(p.kopare_facts)), "wrap")
        r += 1
    last = max(first, r - 1)
    r += 1
    sh.text(r, 0, "Summa per år (elimineras)", "heading")
    for i, y in enumerate(ctx.years):
        rr = r + 1 + i
        sh.text(rr, 2, "Summa", "bold")
        sh.number(rr, 3, y, "int")
        for col in (4, 5, 6):
            sh.formula(rr, col, [(1, SumIf(sh.rng(first, 3, last, 3), y, sh.rng(first, col, last, col)))], "tkr_sum")
        sh.formula(rr, 7, [(1, sh.cell(rr, 5)), (-1, sh.cell(rr, 6))], "tkr_sum")
    sh.ws.freeze_panes(FIRST + 1, 2)
    sh.ws.repeat_rows(FIRST)


def _taxor(ctx: _Ctx) -> None:
    sh = ctx.s["Taxor och avgifter"]
    _head(sh, ctx, f"Taxor och avgifter {ctx.plan.budgetar}", "Priser i kronor. Förändring i procent mot nuvarande pris.")
    heads = ["Nämnd", "Id", "Taxa/avgift", "Verksamhet", "Enhet", "Nuvarande pris (kr)", "Föreslaget pris (kr)",
             "Förändring", "Status", "Motivering", "Lagrum/beslut", "Källa"]
    for j, h in enumerate(heads):
        sh.text(FIRST, j, h, "header_num" if 5 <= j <= 7 else "header")
    for col, w in enumerate((26, 8, 36, 28, 12, 13, 13, 11, 11, 50, 26, 40)):
        sh.width(col, w)
    table = FORMS["taxor"].table("taxor")[1]
    for k, t in enumerate(ctx.plan.taxor):
        r = FIRST + 1 + k
        sh.text(r, 0, t.namnd_namn)
        sh.text(r, 1, t.taxa_id)
        sh.text(r, 2, t.taxa, "wrap")
        sh.text(r, 3, f"{t.verksamhet} {t.verksamhet_namn}".strip())
        sh.text(r, 4, t.enhet)
        sh.number(r, 5, t.nuvarande, "kr")
        sh.number(r, 6, t.foreslaget, "kr")
        sh.number(r, 7, t.forandring, "pct")
        sh.text(r, 8, t.status)
        sh.text(r, 9, t.motivering, "wrap")
        sh.text(r, 10, t.lagrum, "wrap")
        sh.text(r, 11, located([SourceRef(t.file, "", t.sheet, cell_ranges(
            [table.ref("nuvarande", t.row), table.ref("foreslaget", t.row)]))]))
    sh.ws.freeze_panes(FIRST + 1, 3)
    sh.ws.repeat_rows(FIRST)
    if ctx.plan.taxor:
        sh.ws.autofilter(FIRST, 0, FIRST + len(ctx.plan.taxor), len(heads) - 1)


def _konsekvenser(ctx: _Ctx) -> None:
    from xltools.consolidate.konsekvens import konsekvensanalyser

    sh = ctx.s["Konsekvensanalyser"]
    rows = konsekvensanalyser(ctx.plan)
    _head(sh, ctx, f"Konsekvensanalyser {ctx.plan.budgetar}",
          "Nämndernas prioriteringar när verksamhet och ekonomi inte går ihop: vad som minskas, konsekvensen och för "
          "vem, för kommunstyrelsen. Belopp i tusental kronor (tkr).")
    heads = ["Nämnd", "Verksamhet", "Prioritering", f"Minskad nettokostnad {ctx.plan.budgetar}", "Konsekvens",
             "För vem", "Källa"]
    for j, h in enumerate(heads):
        sh.text(FIRST, j, h, "header_num" if j == 3 else "header")
    for col, w in enumerate((24, 28, 36, 14, 50, 30, 40)):
        sh.width(col, w)
    for k, x in enumerate(rows):
        r = FIRST + 1 + k
        sh.text(r, 0, x.namnd_namn, "wrap")
        sh.text(r, 1, f"{x.verksamhet} {x.verksamhet_namn}".strip(), "wrap")
        sh.text(r, 2, x.prioritering, "wrap")
        sh.number(r, 3, x.belopp, "tkr")
        sh.text(r, 4, x.konsekvens, "wrap")
        sh.text(r, 5, x.for_vem, "wrap")
        sh.text(r, 6, f"{x.file}, {x.sheet}!A{x.row}", "wrap")
    if not rows:
        sh.text(FIRST + 1, 0, "Ingen nämnd har redovisat prioriteringar med konsekvenser.", "note")
    sh.ws.freeze_panes(FIRST + 1, 1)
    sh.ws.repeat_rows(FIRST)
    if rows:
        sh.ws.autofilter(FIRST, 0, FIRST + len(rows), len(heads) - 1)


def _verksamhetsplaner(ctx: _Ctx) -> None:
    """Per nämnd and mål: who plans activities for it on which level (nämnd, förvaltning, avdelning, enhet)."""
    from xltools.consolidate.verksamhetsplaner import NIVAER, shown

    sh = ctx.s["Verksamhetsplaner"]
    v = ctx.plan.verksamhetsplaner
    _head(sh, ctx, f"Verksamhetsplaner {ctx.plan.budgetar}",
          "Nämndernas mål och de aktiviteter som nämnden och förvaltningens enheter planerar för dem, per nivå "
          "(förvaltning, avdelning, enhet); aktiviteternas id inom parentes.")
    heads = ["Nämnd", "Mål-id", "Mål", *(lv.capitalize() for lv in NIVAER), "Anmärkning"]
    for j, h in enumerate(heads):
        sh.text(FIRST, j, h, "header")
    for col, w in enumerate((22, 7, 38, 22, 22, 22, 22, 24)):  # one A4 page wide at 73 % or more
        sh.width(col, w)
    if v is None:
        sh.text(FIRST + 1, 0, "Inga verksamhetsplaner i underlaget.", "note")
        return
    r = FIRST
    for r, m in enumerate(v.mal, start=FIRST + 1):
        sh.text(r, 0, m.namnd_namn, "wrap")
        sh.text(r, 1, m.mal_id)
        sh.text(r, 2, m.text, "wrap")
        for j, lv in enumerate(NIVAER, start=3):
            sh.text(r, j, "; ".join(shown(p) for p in m.nivaer[lv]) or "–", "wrap")
        note = ("Ingen aktivitet på någon nivå" if m.utan_aktivitet
                else "Aktiviteter för ett mål som inte finns i nämndplanen" if m.typ == "okant" else "")
        sh.text(r, len(heads) - 1, note, "wrap")
    sh.ws.freeze_panes(FIRST + 1, 2)
    sh.ws.repeat_rows(FIRST)
    if v.mal:
        sh.ws.autofilter(FIRST, 0, r, len(heads) - 1)
    r += 2
    sh.text(r, 0, "Inlämnade verksamhetsplaner", "bold")
    for j, h in enumerate(("Nämnd", "Nivå", "Enhet", "Fil", "Aktiviteter")):
        sh.text(r + 1, j, h, "header")
    names = {n.id: n.namn for n in ctx.c.organisation.namnder}
    for k, p in enumerate(v.planer, start=r + 2):
        sh.text(k, 0, names.get(p.namnd, p.namnd), "wrap")
        sh.text(k, 1, p.niva.capitalize())
        sh.text(k, 2, p.namn, "wrap")
        sh.text(k, 3, p.fil or "saknas – ingen godkänd verksamhetsplan från enheten", "wrap")
        sh.number(k, 4, p.aktiviteter if p.fil else None, "int")


def _mal(ctx: _Ctx) -> None:
    sh = ctx.s["Mål och mått"]
    years = ctx.years
    _head(sh, ctx, f"Mål och mått {years[0]}–{years[-1]}",
          "Nämndernas riktade mål och nämndmål under sitt målområde och strategiska mål, med mått och målvärden.")
    heads = ["Målområde", "Strategiskt mål", "Nämnd", "Mål-id", "Typ", "Mål", "Mått", "Enhet", "Utgångsvärde",
             *(f"Målvärde {y}" for y in years), "Riktning", "Källa (mått)", "Kolada-id",
             *(("Kolada år", "Kolada: kommunen", "Kolada: jämförelsegrupp", "Kolada: riket", "Källa (Kolada)")
               if ctx.plan.kolada is not None else ())]
    for j, h in enumerate(heads):
        sh.text(FIRST, j, h, "header_num" if 8 <= j <= 8 + len(years) else "header")
    for col, w in enumerate((22, 40, 24, 8, 10, 50, 40, 10, 12, 12, 12, 12, 16, 14, 12, 8, 12, 14, 12, 40)):
        sh.width(col, w)
    r = FIRST + 1
    for m in ctx.plan.mal:
        for matt in m.matt or [None]:
            sh.text(r, 0, m.malomrade_namn, "wrap")
            sh.text(r, 1, f"{m.strategiskt_mal} {m.strategiskt_mal_text}".strip(), "wrap")
            sh.text(r, 2, m.namnd_namn)
            sh.text(r, 3, m.mal_id)
            sh.text(r, 4, "Riktat mål" if m.typ == "riktat" else "Nämndmål")
            sh.text(r, 5, m.text, "wrap")
            if matt is not None:
                sh.text(r, 6, matt.matt, "wrap")
                sh.text(r, 7, matt.enhet)
                sh.number(r, 8, matt.utgangsvarde, "dec")
                for i, y in enumerate(years):
                    sh.number(r, 9 + i, matt.malvarden.get(y), "dec")
                sh.text(r, 9 + len(years), matt.riktning)
                sh.text(r, 10 + len(years), matt.kalla)
                sh.text(r, 11 + len(years), matt.kolada_id)
                j = ctx.plan.kolada_jamforelse(matt.kolada_id)
                if j is not None:
                    c = 12 + len(years)
                    sh.number(r, c, j.ar, "int")
                    sh.number(r, c + 1, j.kommun.varde, "dec")
                    sh.number(r, c + 2, j.liknande.varde if j.liknande else None, "dec")
                    sh.number(r, c + 3, j.riket.varde if j.riket else None, "dec")
                    sh.text(r, c + 4, j.kalla + (f". {j.liknande.kalla}" if j.liknande and j.liknande.kalla != j.kalla
                                                 else ""), "wrap")
            r += 1
    sh.ws.freeze_panes(FIRST + 1, 0)
    sh.ws.repeat_rows(FIRST)
    if r > FIRST + 1:
        sh.ws.autofilter(FIRST, 0, r - 1, len(heads) - 1)


# ---------------------------------------------------------------- kontroller, källor, sammanfattning
TYP_NAMN = {"identitet": "Identitet", "internposter": "Internposter", "tackning": "Täckning", "ram": "Ram",
            "investeringsram": "Investeringsram", "borgensram": "Borgensram", "balanskrav": "Balanskrav", "finansiellt_mal": "Finansiellt mål",
            "kontrollsumma": "Kontrollsumma"}


def _kontroller(ctx: _Ctx) -> None:
    sh = ctx.s["Kontroller"]
    k = ctx.plan.kontroller
    failed = sum(1 for x in k if not x.ok)
    _head(sh, ctx, "Kontroller", f"{len(k) - failed} av {len(k)} kontroller uppfyllda. "
          "Identiteterna (RR, BR, KF, INV, DR, PL) beskrivs i docs/kommunplan.md.")
    heads = ["Id", "Regel", "År", "Typ", "Uppfyllt", "Beskrivning", "Differens (tkr)"]
    for j, h in enumerate(heads):
        sh.text(FIRST, j, h, "header_num" if j in (2, 6) else "header_center" if j == 4 else "header")
    for col, w in enumerate((30, 8, 7, 16, 10, 110, 14)):
        sh.width(col, w)
    for i, x in enumerate(k):
        r = FIRST + 1 + i
        sh.text(r, 0, x.id)
        sh.text(r, 1, x.regel)
        sh.number(r, 2, x.ar, "int")
        sh.text(r, 3, TYP_NAMN.get(x.typ, x.typ))
        sh.status(r, 4, x.ok)
        sh.text(r, 5, x.beskrivning, "wrap")
        sh.number(r, 6, x.differens, "tkr")
    sh.ws.freeze_panes(FIRST + 1, 1)
    sh.ws.repeat_rows(FIRST)
    sh.ws.autofilter(FIRST, 0, FIRST + len(k), len(heads) - 1)


def _kallor(ctx: _Ctx) -> None:
    sh = ctx.s["Källor"]
    plan = ctx.plan
    _head(sh, ctx, "Källor", "Varje sammanställd siffra med fil, kontrollsumma (sha256), blad och celler "
          "(eller nyckel i konfigurationen) som den bygger på. Raderna på bladen Driftbudget per verksamhet, "
          "Investeringsbudget och Taxor och avgifter kommer var och en från ett underlag: deras källa står i "
          "kolumnen Källa på raden.")
    sh.text(FIRST, 0, "Inlämnade underlag som ingår", "heading")
    ledger = any(s.inlamning is not None for s in plan.sources)
    heads = ["Fil", "Dokument", "Nämnd", "Skapad (generated)", "sha256", "Beslut",
             *(["Inlämning", "Mottagen (UTC)"] if ledger else [])]
    for j, h in enumerate(heads):
        sh.text(FIRST + 1, j, h, "header")
    for col, w in enumerate((44, 18, 30, 20, 66, 40, 40, 40)):
        sh.width(col, w)
    r = FIRST + 2
    for s in plan.sources:
        extra = (str(s.inlamning) if s.inlamning is not None else "", s.mottagen or "") if ledger else ()
        for j, v in enumerate((s.file, s.document, ctx.c.namnd(s.namnd).namn, s.generated, s.sha256, s.beslut,
                               *extra)):
            sh.text(r, j, v)
        r += 1
    for f, sha in sorted(plan.config_files.items()):
        for j, v in enumerate((f, "konfiguration", "", "", sha)):
            sh.text(r, j, v)
        r += 1
    if plan.uteslutna:
        r += 1
        sh.text(r, 0, "Underlag som inte ingår", "heading")
        r += 1
        for j, h in enumerate(("Fil", "Dokument", "Nämnd", "Skäl", "sha256")):
            sh.text(r, j, h, "header")
        r += 1
        for u in plan.uteslutna:
            for j, v in enumerate((u.file, u.document or "", u.namnd or "", " | ".join(u.skal), u.sha256 or "")):
                sh.text(r, j, v, "wrap" if j == 3 else "text")
            r += 1
    r += 1
    sh.text(r, 0, "Spårning per siffra", "heading")
    r += 1
    for j, h in enumerate(("Blad", "Cell", "Uppgift", "Källfil", "sha256", "Blad i källan", "Celler / nyckel")):
        sh.text(r, j, h, "header")
    r += 1
    order = {name: i for i, name in enumerate(SHEETS)}
    rows = sorted(ctx.book.kallor, key=lambda k: (order.get(k.sheet, 99), a1_sort_key(k.cell), k.source.file,
                                                  k.source.sheet, k.source.cells))
    for k in rows:
        for j, v in enumerate((k.sheet, k.cell, k.what, k.source.file, k.source.sha256, k.source.sheet,
                               k.source.cells)):
            sh.text(r, j, v)
        r += 1
    sh.ws.freeze_panes(FIRST + 2, 0)


def _sammanfattning(ctx: _Ctx) -> None:
    sh = ctx.s["Sammanfattning"]
    plan = ctx.plan
    c = ctx.c
    years = ctx.years
    sh.text(0, 0, f"Kommunplan {years[0]} med plan {years[1]}–{years[-1]}", "title")
    sh.text(1, 0, c.kommun.namn + (f" · {c.kommun.exempeldata.capitalize()} – inte verkliga siffror"
                                   if c.kommun.exempeldata else ""), "fail" if c.kommun.exempeldata else "subtitle")
    sh.text(2, 0, f"Belopp i miljoner kronor (mnkr) med en decimal; bladen med tabeller visar tkr. Skattesats "
            f"{sv_number(c.ekonomi.skattesats)}{NBSP}%. Sammanställd av xltools från nämndernas inlämnade underlag.",
            "subtitle")
    _print_setup(sh, ctx, f"Kommunplan {years[0]}–{years[-1]}")
    sh.width(0, 60)
    for i in range(len(years)):
        sh.width(1 + i, 14)
    sh.text(FIRST - 1, 0, "Nyckeltal (mnkr)", "header")
    for i, y in enumerate(years):
        sh.text(FIRST - 1, 1 + i, _year_label(ctx, y), "header_num")
    rr = ctx.s["Resultatbudget"]
    inv = ctx.s["Investeringsbudget"]
    br = ctx.s["Balansbudget"]
    at_rr = lambda key, i: rr.cell(ctx.rows[("Resultatbudget", key)], RR + i)  # noqa: E731
    r = FIRST
    # (label, style, per year: the signed tkr cells; shown in mnkr, signs as in the resultatbudget)
    rows = (("Verksamhetens nettokostnader", "mnkr", lambda i, y: [(1, at_rr("verksamhetens_nettokostnader", i))]),
            ("Årets resultat", "mnkr_sum", lambda i, y: [(1, at_rr("arets_resultat", i))]),
            ("Balanskravsresultat", "mnkr", lambda i, y: [(1, at_rr("bkr", i))]),
            ("Nettoinvesteringar", "mnkr", lambda i, y: [(-1, inv.cell(ctx.rows[("Investeringsbudget", "total")],
                                                                     ctx.rows[("Investeringsbudget", f"utg_{y}")]))]),
            ("Likvida medel vid årets slut", "mnkr",
             lambda i, y: [(1, br.cell(ctx.rows[("Balansbudget", "kassa_och_bank")], 2 + i))]))
    for label, fmt, terms in rows:
        sh.text(r, 0, label, "bold" if fmt == "mnkr_sum" else "text")
        for i, y in enumerate(years):
            sh.formula(r, 1 + i, terms(i, y), fmt, per=1000)
        r += 1
        if label == "Balanskravsresultat":
            sh.text(r, 0, "Balanskravet uppfyllt")
            bk = balanskrav(plan)
            for i, y in enumerate(years):
                sh.status(r, 1 + i, bool(bk[y]["uppfyllt"]))
            r += 1
    sh.note(r, tecken.SAMMANFATTNING, len(years))
    r += 2
    sh.text(r, 0, "Finansiella mål", "heading")
    r += 1
    by_id: dict[str, list] = {}
    for m in finansiella_mal(plan):
        by_id.setdefault(m.id, []).append(m)
    for mid, items in by_id.items():
        sh.text(r, 0, f"{mid} {items[0].namn} (minst {sv_percent(items[0].minst, None)})", "wrap")
        for i, m in enumerate(items):
            sh.number(r, 1 + i, None if m.varde is None else m.varde / 100, "pct")
            sh.number(r + 1, 1 + i, m.minst / 100, "pct")
            sh.status(r + 2, 1 + i, m.uppfyllt, "Uppfyllt", "Inte uppfyllt")
        sh.text(r + 1, 0, "  mål (minst)", "indent")
        sh.text(r + 2, 0, "  måluppfyllelse", "indent")
        ctx.rows[("Sammanfattning", f"mal_{mid}")] = r
        r += 3
    r += 1
    k = plan.kontroller
    failed = [x for x in k if not x.ok]
    sh.text(r, 0, "Kontroller", "heading")
    sh.text(r + 1, 0, f"{len(k) - len(failed)} av {len(k)} kontroller uppfyllda (se bladet Kontroller).",
            "ok" if not failed else "fail")
    r += 2
    for x in failed:
        sh.text(r, 0, f"{x.id}: {x.beskrivning}", "wrap")
        r += 1
    r += 1
    sh.text(r, 0, "Underlag", "heading")
    r += 1
    sh.text(r, 0, f"{len(plan.sources)} underlag ingår, {len(plan.uteslutna)} ingår inte, "
            f"{len(plan.ej_sammanstallda)} andra dokument lästes utan att sammanställas.")
    r += 1
    for u in plan.uteslutna:
        text = f"Ingår inte: {u.file} – {u.skal[0]}"
        sh.text(r, 0, text, "wrap")
        r += 1
    _charts(ctx, sh, r + 2)


def _charts(ctx: _Ctx, sh: Sheet, top: int) -> None:
    """The financial goals against their targets, below the overview (beside it they would make the printed page
    too wide for 8 pt text)."""

    at = top  # nettokostnadsutveckling and investeringar per nämnd and kategori: on the sheet Diagram
    breaks = []  # two charts a printed page, never one cut by a page break (issue 19 part 1)
    goals = [(k, v) for k, v in ctx.rows.items() if k[0] == "Sammanfattning" and k[1].startswith("mal_")]
    for i, ((_, key), r) in enumerate(goals):
        if i % 2 == 0:
            breaks.append(at)
            at += 1  # a row of margin: the chart's frame stays off the page before
        # the goal against its target over the years: columns for the value, a line for the goal
        mid = key.removeprefix("mal_")
        cols = ctx.book.chart({"type": "column"})
        cols.add_series({"name": ["Sammanfattning", r, 0], "categories": ["Sammanfattning", FIRST - 1, 1, FIRST - 1,
                                                                          len(ctx.years)],
                         "values": ["Sammanfattning", r, 1, r, len(ctx.years)], "data_labels": {"value": True}})
        line = ctx.book.chart({"type": "line"})
        line.add_series({"name": "Mål (minst)", "categories": ["Sammanfattning", FIRST - 1, 1, FIRST - 1, len(ctx.years)],
                         "values": ["Sammanfattning", r + 1, 1, r + 1, len(ctx.years)],
                         "line": {"dash_type": "dash", "color": "#404040", "width": 2}, "marker": {"type": "none"}})
        cols.combine(line)
        cols.set_title({"name": f"{mid} mot målet"})
        cols.set_y_axis({"num_format": XLSX_PCT, "min": 0})
        cols.set_legend({"position": "bottom"})
        cols.set_size({"width": 480, "height": 260})
        sh.chart(at, 0, cols)
        at += 2 + math.ceil(260 / 20)
    sh.ws.set_h_pagebreaks(breaks)


# ---------------------------------------------------------------- diagram
def _diagram(ctx: _Ctx) -> None:
    """Charts that answer questions (issue 19 part 3), each over its table of formulas: the nettokostnad's change
    per nämnd against the adopted budget of the year before, and the investeringar per nämnd and kategori."""
    sh = ctx.s["Diagram"]
    plan = ctx.plan
    y = ctx.years[0]
    _head(sh, ctx, f"Diagram {ctx.years[0]}–{ctx.years[-1]}",
          f"Nettokostnadsutveckling {y - 1}–{y} per nämnd och investeringar per nämnd och kategori; tabellerna är "
          "diagrammens underlag (formler mot bladen Driftbudget och Investeringsbudget).")
    sh.width(0, 36)
    before = next((k for k in plan.jamforelse if k.typ == "budget"), None)
    for col, head in enumerate(("Nämnd", f"Budget {y - 1} (tkr)", f"Nettokostnad {y} (tkr)", "Förändring")):
        sh.text(FIRST, col, head, "header" if col == 0 else "header_num")
        if col:
            sh.width(col, 14)
    dr = ctx.s["Driftbudget"]
    d_first, base = ctx.rows[("Driftbudget", "first")], ctx.rows[("Driftbudget", f"col_{y}")]
    r = FIRST + 1
    for k, n in enumerate(plan.drift):
        fg = before.driftbudget.get(n.namnd) if before else None
        sh.text(r, 0, n.namn)
        sh.kronor(r, 1, fg, what=f"{n.namn} budget {y - 1}",
                  sources=ctx.cfg("jamforelse.budget.driftbudget." + n.namnd) if fg is not None else ())
        # the nettokostnad as submitted, else the ram (a nämnd without driftbudget counts with its ram)
        sh.formula(r, 2, [(1, dr.cell(d_first + k, base + (2 if n.covered else 3)))])
        now = n.netto(y) if n.covered else n.ram[y]
        if fg:
            sh.formula_text(r, 3, f"=({a1_zero(r, 2)}-{a1_zero(r, 1)})/{a1_zero(r, 1)}", "pct", (now - fg) / fg)
        else:
            sh.text(r, 3, "uppgift saknas", "center")
        r += 1
    last = r - 1
    chart = ctx.book.chart({"type": "bar"})
    chart.add_series({"name": f"Förändring {y - 1}–{y}", "categories": ["Diagram", FIRST + 1, 0, last, 0],
                      "values": ["Diagram", FIRST + 1, 3, last, 3], "data_labels": {"value": True},
                      "invert_if_negative": False})
    chart.set_title({"name": f"Nettokostnadsutveckling per nämnd {y - 1}–{y} (%)"})
    chart.set_x_axis({"num_format": XLSX_PCT})
    chart.set_y_axis({"reverse": True, "label_position": "low"})  # names left of the plot, never on a bar
    chart.set_legend({"none": True})
    height = 60 + 24 * max(1, last - FIRST)
    chart.set_size({"width": 640, "height": height})
    sh.chart(last + 2, 0, chart)
    r = last + 3 + math.ceil(height / 20)
    _investering_per_kategori(ctx, sh, r)


def _fixed(row: int, col: int, fix_row: bool = True, fix_col: bool = True) -> str:
    """An A1 address with $ on the fixed parts: (4, 0) -> '$A$5'; fix_col=False -> 'A$5'."""
    a1 = a1_zero(row, col)
    letters = a1.rstrip("0123456789")
    return f"{'$' if fix_col else ''}{letters}{'$' if fix_row else ''}{a1[len(letters):]}"


def _investering_per_kategori(ctx: _Ctx, sh: Sheet, top: int) -> int:
    """Investeringar over the plan period per nämnd and kategori: SUMIFS over the Investeringsbudget's project rows,
    and a stacked bar per nämnd."""
    inv = ctx.plan.inv
    years = ctx.years
    kategorier = list(dict.fromkeys(p.kategori_namn or p.kategori for p in inv.projekt))
    namnder = [n for n in ctx.c.namnd_ids if n in inv.per_namnd]
    if not kategorier:
        return top
    sh.ws.set_h_pagebreaks([top])  # the table and its chart on a page of their own
    sh.text(top, 0, f"Investeringar per nämnd och kategori {years[0]}–{years[-1]} (tkr)", "heading")
    hdr = top + 1
    sh.text(hdr, 0, "Nämnd", "header")
    for j, k in enumerate(kategorier):
        sh.text(hdr, 1 + j, k, "header_num")
        sh.width(1 + j, 14)
    sh.text(hdr, 1 + len(kategorier), "Summa", "header_num")
    sh.ws.set_row(hdr, 45)
    first, last_row = FIRST + 1, ctx.rows[("Investeringsbudget", "total")] - 1
    q = "'Investeringsbudget'!"
    rng = lambda c: f"{q}{_fixed(first, c)}:{_fixed(last_row, c)}"  # noqa: E731
    r = hdr + 1
    for nid in namnder:
        name = ctx.c.namnd(nid).namn
        sh.text(r, 0, name)
        for j, k in enumerate(kategorier):
            value = sum(p.utgift[y] for p in inv.projekt if p.namnd == nid and (p.kategori_namn or p.kategori) == k
                        for y in years)
            terms = "+".join(f"SUMIFS({rng(ctx.rows[('Investeringsbudget', f'utg_{y}')])},{rng(0)},"
                             f"{_fixed(r, 0, fix_row=False)},{rng(3)},{_fixed(hdr, 1 + j, fix_col=False)})" for y in years)
            sh.formula_text(r, 1 + j, "=" + terms, "tkr", value / 1000)
        sh.formula_text(r, 1 + len(kategorier), f"=SUM({a1_zero(r, 1)}:{a1_zero(r, len(kategorier))})", "tkr_sum",
                        sum(inv.per_namnd[nid][y] for y in years) / 1000)
        r += 1
    chart = ctx.book.chart({"type": "bar", "subtype": "stacked"})
    for j in range(len(kategorier)):
        chart.add_series({"name": ["Diagram", hdr, 1 + j], "categories": ["Diagram", hdr + 1, 0, r - 1, 0],
                          "values": ["Diagram", hdr + 1, 1 + j, r - 1, 1 + j]})
    chart.set_title({"name": f"Investeringar per nämnd och kategori {years[0]}–{years[-1]} (mnkr)"})
    chart.set_x_axis({"num_format": XLSX_MNKR_OF_TKR})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"position": "bottom"})
    height = 120 + 36 * len(namnder) + 18 * math.ceil(len(kategorier) / 3)
    chart.set_size({"width": 640, "height": height})
    sh.chart(r + 1, 0, chart)
    return r + 2 + math.ceil(height / 20)


def write_workbook(plan: Kommunplan, target: str | Path) -> Path:
    """Write kommunplan-<år>.xlsx to `target` (the caller makes it atomic)."""
    c = plan.config
    subject = (f"{c.kommun.namn} – kommunplan {plan.years[0]}–{plan.years[-1]}"
               + (f" ({c.kommun.exempeldata})" if c.kommun.exempeldata else ""))
    book = Book(target, properties={"title": f"Kommunplan {plan.budgetar}", "subject": subject, "author": "xltools",
                                    "company": c.kommun.namn, "created": created_at(plan), "comments": subject})
    ctx = _Ctx(plan, book)
    # Order matters only for row bookkeeping: sheets that others refer to are laid out first.
    _drift(ctx)
    _drift_detalj(ctx)
    _investering(ctx)
    _ramar(ctx)
    _bolagen(ctx)
    _internposter(ctx)
    _resultat(ctx)
    _drift_avstamning(ctx)
    _balans(ctx)
    _kassaflode(ctx)
    _taxor(ctx)
    _mal(ctx)
    _verksamhetsplaner(ctx)
    _konsekvenser(ctx)
    _kontroller(ctx)
    _diagram(ctx)
    _sammanfattning(ctx)
    _kallor(ctx)
    _forandringar(ctx)
    ctx.s["Sammanfattning"].ws.activate()
    book.close()
    return Path(target)


__all__ = ["write_workbook", "Cell", "Rng", "Term", "Fact"]
