"""budgetberedning-<år>.xlsx: the scenarios side by side (bas | KS förslag | alternativ …), the
alternativbudgetar line by line against what they build on, the känslighetsanalys, the ramförändringar
per nämnd, and "Räkna själv": a live model of KS förslag in formulas (skattesats, ramar and investeringsnivå
are input cells; resultat-, kassaflödes- and balansbudget, balanskrav and the financial goals recompute in
Excel or LibreOffice without Python).

The live model is KS förslag plus exact linear effects of the inputs: skatteintäkter × skattesats / förslagets
skattesats, verksamhetens kostnader − the ramar's change, and the investeringsplaner's utgifter and avskrivningar
× investeringsnivå (per balansbudget line, accumulated over the years). xltools' own scenario computation gives
the same figures (tests/test_budgetberedning.py recalculates it with LibreOffice).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from xltools.cells import a1_zero
from xltools.consolidate import balans, kassaflode, resultat
from xltools.consolidate.budgetberedning import Beredning
from xltools.consolidate.facts import tkr_or_none
from xltools.consolidate.investering import IMMATERIELLA, MATERIELLA, SLAG, SLAG_NAMN
from xltools.consolidate.lines import Line
from xltools.consolidate.scenario import Utfall
from xltools.reports.book import FORMATS, Book, Sheet
from xltools.sv import XLSX_PER_CENT, XLSX_TKR, xlsx_sv

STYLES: dict[str, dict[str, Any]] = {
    **FORMATS,
    "input": {"num_format": XLSX_TKR, "bg_color": "#FFF2CC", "locked": False, "border": 1, "border_color": "#BF9000"},
    "input_dec": {"num_format": xlsx_sv("0.00"), "bg_color": "#FFF2CC", "locked": False, "border": 1,
                  "border_color": "#BF9000"},
    "procent": {"num_format": XLSX_PER_CENT},
    "pe": {"num_format": xlsx_sv('+0.0" pe";−0.0" pe";0.0" pe"')},
    "diff": {"num_format": xlsx_sv("+#,##0;−#,##0;0")},
    "dec2": {"num_format": xlsx_sv("0.00")},
    "diff_dec2": {"num_format": xlsx_sv("+0.00;−0.00;0.00")},
}
STATEMENTS: tuple[tuple[str, str, tuple[Line, ...]], ...] = (
    ("Resultatbudget", "rr", resultat.LINES),
    ("Kassaflödesbudget", "kf", kassaflode.LINES),
    ("Balansbudget", "br", balans.LINES),
)


def _lines(u: Utfall, kind: str, year: int) -> dict[str, int | None]:
    p = u.plan
    return {"rr": p.rr.lines, "kf": p.kf, "br": p.br}[kind][year]


def write_budgetberedning(b: Beredning, target: str | Path) -> Path:
    """Write the budgetberedning workbook to `target` (the caller makes it atomic)."""
    c = b.grund.config
    title = f"Budgetberedning {b.years[0]}–{b.years[-1]}"
    subject = f"{c.kommun.namn} – {title.lower()}" + (f" ({c.kommun.exempeldata})" if c.kommun.exempeldata else "")
    book = Book(target, properties={"title": title, "subject": subject, "author": "xltools", "company": c.kommun.namn,
                                    "comments": subject}, styles=STYLES)
    ctx = _Ctx(b, book, title)
    first = _oversikt(ctx)
    for name, kind, lines in STATEMENTS:
        _statement(ctx, name, kind, lines)
    _ramar(ctx)
    if b.alternativ():
        _alternativ(ctx)
    _kanslighet(ctx)
    _ramforandringar(ctx)
    _rakna_sjalv(ctx)
    first.ws.activate()
    book.close()
    return Path(target)


class _Ctx:
    def __init__(self, b: Beredning, book: Book, title: str):
        self.b, self.book, self.title = b, book, title
        self.c = b.grund.config

    def sheet(self, name: str, heading: str, portrait: bool = False, repeat: int | None = None) -> tuple[Sheet, int]:
        """A sheet with its title, the kommun and the example-data note; returns it and the first free row."""
        s = self.book.sheet(name)
        s.page(self.c.kommun.namn, f"{self.title}: {heading}", self.c.kommun.exempeldata or "", repeat=repeat)
        if portrait:
            s.ws.set_portrait()
            s.fit_to_width(portrait=True)
        s.text(0, 0, heading, "title")
        s.text(1, 0, f"{self.c.kommun.namn} · {self.title} · belopp i tkr"
               + (f" · {self.c.kommun.exempeldata}" if self.c.kommun.exempeldata else ""), "subtitle")
        return s, 3


def _yes(value: bool) -> str:
    return "Ja" if value else "Nej"


def _oversikt(ctx: _Ctx) -> Sheet:
    b = ctx.b
    s, r = ctx.sheet("Översikt", "Scenarierna i korthet", repeat=3)
    s.width(0, 62)
    s.ws.set_row(r, 30)
    us = b.utfall
    s.text(r, 0, "", "header")
    for j, u in enumerate(us):
        s.width(1 + j, 16)
        s.text(r, 1 + j, u.rubrik, "header_num")
    r += 1
    rows: list[tuple[str, Callable[[Utfall, int], Any], str]] = [
        ("Skattesats (kr)", lambda u, y: u.config.ekonomi.skattesats, "dec2"),
        ("Skatteintäkter och generella statsbidrag", lambda u, y: tkr_or_none(
            (u.plan.rr.lines[y]["skatteintakter"] or 0) + (u.plan.rr.lines[y]["generella_statsbidrag_och_utjamning"] or 0)), "tkr"),
        ("Summa nämndernas ramar", lambda u, y: tkr_or_none(u.summa_ramar(y)), "tkr"),
        ("Investeringar", lambda u, y: tkr_or_none(u.plan.inv.per_ar[y]), "tkr"),
        ("Årets resultat", lambda u, y: tkr_or_none(u.plan.rr.lines[y]["arets_resultat"]), "tkr_sum"),
        ("Balanskravsresultat", lambda u, y: tkr_or_none(u.balanskrav[y]["balanskravsresultat"]), "tkr"),
        ("Balanskravet uppfyllt", lambda u, y: _yes(bool(u.balanskrav[y]["uppfyllt"])), "center"),
    ]
    for m in ctx.c.ekonomi.finansiella_mal:
        rows.append((f"{m.id} {m.namn}",
                     lambda u, y, mid=m.id: u.mal_ar(mid, y).varde, "procent"))
        rows.append((f"{m.id} uppfyllt", lambda u, y, mid=m.id: _yes(u.mal_ar(mid, y).uppfyllt), "center"))
    for y in b.years:
        s.text(r, 0, str(y), "heading")
        r += 1
        for label, get, fmt in rows:
            s.text(r, 0, label, "indent")
            for j, u in enumerate(us):
                v = get(u, y)
                if isinstance(v, str):
                    s.text(r, 1 + j, v, fmt)
                else:
                    s.number(r, 1 + j, v, fmt)
            r += 1
        r += 1
    s.text(r, 0, "Vad scenarierna ändrar", "heading")
    r += 1
    for col, head in enumerate(("Scenario", "Ändring", "Källa")):
        s.text(r, col if col == 0 else 1 + (col - 1) * 3, head, "header")
    r += 1
    for u in us[1:]:
        on = f" (på {next(x.rubrik for x in us if x.id == u.grund)})" if u.grund else ""
        for a in u.andringar or ():
            s.text(r, 0, u.rubrik + on, "text")
            s.text(r, 1, a.text, "text")
            s.text(r, 4, a.kalla, "text")
            r += 1
        if not u.andringar:
            s.text(r, 0, u.rubrik + on, "text")
            s.text(r, 1, "Inga ändringar mot underlaget", "text")
            r += 1
    r += 1
    for note in _notes(ctx):
        s.text(r, 0, note, "note")
        s.ws.merge_range(r, 0, r, 1 + len(us) - 1, note, ctx.book.fmt("note"))
        s.ws.set_row(r, 30)
        r += 1
    return s


def _notes(ctx: _Ctx) -> list[str]:
    g = ctx.b.grund
    return [
        "Budgetberedningen räknar på ramarna: varje nämnd med hela sin ram (internbudgetarna kommer i december), "
        "så en ändrad ram ändrar resultatet krona för krona.",
        "Skatteintäkterna följer skattesatsen (eller ett daterat skatteunderlag); fler invånare ger skatteintäkter och "
        "statsbidrag per invånare. Lönekostnad och PO-pålägg räknas på lönesumman: " + (
            g.lonesumma_kalla if g.lonesumma is not None else "lönesumman saknas") + ".",
        "Investeringsnivån skalar investeringsplanernas utgifter per år; avskrivningar, kassaflöde och balansbudget följer.",
    ]


def _year_header(ctx: _Ctx, s: Sheet, r: int, names: list[str], first_col: int = 1) -> int:
    """Year headers over the scenario columns: row r the years (merged), row r+1 the scenarios."""
    n = len(names)
    for i, y in enumerate(ctx.b.years):
        c0 = first_col + i * n
        if n > 1:
            s.ws.merge_range(r, c0, r, c0 + n - 1, str(y), ctx.book.fmt("header_num"))
        else:
            s.text(r, c0, str(y), "header_num")
        for j, name in enumerate(names):
            s.width(c0 + j, 14)
            s.text(r + 1, c0 + j, name, "header_num")
    s.ws.set_row(r + 1, 30)
    s.text(r, 0, "", "header")
    s.text(r + 1, 0, "", "header")
    return r + 2


def _statement(ctx: _Ctx, name: str, kind: str, lines: tuple[Line, ...]) -> None:
    us = ctx.b.utfall
    s, r = ctx.sheet(name, name, repeat=4)
    s.width(0, 52)
    r = _year_header(ctx, s, r, [u.rubrik for u in us])
    for ln in lines:
        label = "  " * ln.indent + ln.label
        if ln.heading:
            s.text(r, 0, label, "heading")
        else:
            s.text(r, 0, label, "bold" if ln.is_sum else "text")
            for i, y in enumerate(ctx.b.years):
                for j, u in enumerate(us):
                    s.kronor(r, 1 + i * len(us) + j, _lines(u, kind, y).get(ln.key), "tkr_sum" if ln.is_sum else "tkr")
        r += 1


def _ramar(ctx: _Ctx) -> None:
    us = ctx.b.utfall
    s, r = ctx.sheet("Ramar", "Nämndernas ramar", repeat=4)
    s.width(0, 40)
    r = _year_header(ctx, s, r, [u.rubrik for u in us])
    first = r
    for n in ctx.c.organisation.namnder:
        if n.id not in ctx.c.ekonomi.ramar:
            continue
        s.text(r, 0, n.namn, "text")
        for i, y in enumerate(ctx.b.years):
            for j, u in enumerate(us):
                s.kronor(r, 1 + i * len(us) + j, u.ram(n.id, y))
        r += 1
    s.text(r, 0, "Summa ramar", "bold")
    for col in range(1, 1 + len(ctx.b.years) * len(us)):
        s.formula(r, col, [(1, s.rng(first, col, r - 1, col))], "tkr_sum")


def _alternativ(ctx: _Ctx) -> None:
    """Each alternativbudget against the scenario it builds on, line by line, with the difference as a formula."""
    s, r = ctx.sheet("Alternativbudgetar", "Alternativbudgetar mot förslaget", repeat=None)
    s.width(0, 62)
    for alt, on in ctx.b.alternativ():
        s.text(r, 0, f"{alt.rubrik} jämfört med {on.rubrik}", "heading")
        r += 1
        names = [on.rubrik, alt.rubrik, "Skillnad"]
        r = _year_header(ctx, s, r, names)
        rows: list[tuple[str, Callable[[Utfall, int], float | None], str]] = [
            ("Skattesats (kr)", lambda u, y: u.config.ekonomi.skattesats, "dec2")]
        rows += [(ln.label, lambda u, y, k=ln.key: tkr_or_none(u.plan.rr.lines[y][k]), "tkr")
                 for ln in resultat.LINES if not ln.heading]
        rows += [(f"Ram {n.namn}", lambda u, y, nid=n.id: tkr_or_none(u.ram(nid, y)), "tkr")
                 for n in ctx.c.organisation.namnder if n.id in ctx.c.ekonomi.ramar]
        rows += [("Investeringar", lambda u, y: tkr_or_none(u.plan.inv.per_ar[y]), "tkr"),
                 ("Balanskravsresultat", lambda u, y: tkr_or_none(u.balanskrav[y]["balanskravsresultat"]), "tkr")]
        rows += [(f"{m.id} {m.namn} (%)", lambda u, y, mid=m.id: u.mal_ar(mid, y).varde, "procent")
                 for m in ctx.c.ekonomi.finansiella_mal]
        for label, get, fmt in rows:
            s.text(r, 0, label, "text")
            for i, y in enumerate(ctx.b.years):
                c0 = 1 + i * 3
                a, bb = get(on, y), get(alt, y)
                s.number(r, c0, a, fmt)
                s.number(r, c0 + 1, bb, fmt)
                if a is not None and bb is not None:
                    diff_fmt = {"procent": "pe", "dec2": "diff_dec2"}.get(fmt, "diff")
                    s.formula(r, c0 + 2, [(1, s.cell(r, c0 + 1)), (-1, s.cell(r, c0))], diff_fmt)
            r += 1
        r += 1
        s.text(r, 0, "Alternativets ändringar", "bold")
        r += 1
        for a in alt.andringar:
            s.text(r, 0, a.text, "text")
            s.text(r, 1, a.kalla, "text")
            r += 1
        r += 2


def _kanslighet(ctx: _Ctx) -> None:
    b = ctx.b
    s, r = ctx.sheet("Känslighet", f"Känslighetsanalys på {b.forslag.namn}", repeat=None)
    s.width(0, 40)
    s.text(r, 0, "Förändring", "header")
    for i, y in enumerate(b.years):
        s.width(1 + i, 14)
        s.width(1 + len(b.years) + i, 16)
        s.text(r, 1 + i, f"Årets resultat {y}", "header_num")
        s.text(r, 1 + len(b.years) + i, f"Resultat i % av skatter och bidrag {y}", "header_num")
    s.width(1 + 2 * len(b.years), 40)
    s.text(r, 1 + 2 * len(b.years), "Anmärkning", "header")
    r += 1
    for k in b.kanslighet:
        s.text(r, 0, k.text, "text")
        for i, y in enumerate(b.years):
            s.number(r, 1 + i, tkr_or_none(k.resultat[y]), "diff")
            s.number(r, 1 + len(b.years) + i, k.andel[y], "pe")
        if k.saknas:
            s.text(r, 1 + 2 * len(b.years), f"Uppgift saknas: {k.saknas}", "note")
        r += 1
    r += 1
    s.text(r, 0, "Varje rad är förslaget räknat om med ändringen (samma beräkning som scenarierna), "
                 "effekt på årets resultat i tkr och i procentenheter (pe).", "note")


def _ramforandringar(ctx: _Ctx) -> None:
    s, r = ctx.sheet("Ramförändringar", "Ramförändringar per nämnd", repeat=3)
    for col, (head, w) in enumerate((("År", 7), ("Steg", 64), ("tkr", 14), ("Källa", 70))):
        s.width(col, w)
        s.text(r, col, head, "header_num" if head == "tkr" else "header")
    r += 1
    namnd = None
    for w in ctx.b.ramvandringar:
        if w.namnd != namnd:
            namnd = w.namnd
            s.text(r, 0, w.namn, "heading")
            r += 1
        for st in w.steg:
            s.text(r, 0, str(w.ar), "text")
            s.text(r, 1, st.text, "bold" if st.summa else "indent")
            if st.kronor is None:
                s.text(r, 2, "uppgift saknas", "text")
            else:
                s.kronor(r, 2, st.kronor, "tkr_sum" if st.summa else "diff")
            s.text(r, 3, st.kalla, "text")
            r += 1


# ------------------------------------------------------------------------------------------ live model
def _rakna_sjalv(ctx: _Ctx) -> None:
    """KS förslag as formulas over input cells (see the module docstring)."""
    b = ctx.b
    f = b.forslag
    c = ctx.c
    years = b.years
    ny = len(years)
    s, r = ctx.sheet("Räkna själv", f"Räkna själv på {f.namn}", repeat=None)
    s.width(0, 70)  # the longest label: "Nettoinvestering, mark, byggnader … (utgift − avskrivning)"
    for i in range(ny * 2 + 1):
        s.width(1 + i, 14)
    s.text(r, 0, "Ändra de gula cellerna; resultat-, kassaflödes- och balansbudget, balanskrav och de finansiella "
                 "målen räknas om direkt i Excel (ingen Python behövs).", "note")
    r += 2
    s.text(r, 0, "Skattesats (kr)", "bold")
    s.number(r, 1, f.config.ekonomi.skattesats, "input_dec")
    sats = f"$B${r + 1}"
    s.text(r, 2, f"förslaget: {f.config.ekonomi.skattesats:.2f}".replace(".", ","), "note")
    r += 1
    s.text(r, 0, "Investeringsnivå (% av förslagets investeringar)", "bold")
    s.number(r, 1, 100, "input")
    niva = f"$B${r + 1}"
    r += 2
    # The ramar, input per nämnd and year, with the förslag's sum beside for the change.
    s.text(r, 0, "Nämndernas ramar (tkr)", "header")
    for i, y in enumerate(years):
        s.text(r, 1 + i, str(y), "header_num")
    r += 1
    first_ram = r
    for n in c.organisation.namnder:
        if n.id not in c.ekonomi.ramar:
            continue
        s.text(r, 0, n.namn, "text")
        for i, y in enumerate(years):
            s.kronor(r, 1 + i, f.ram(n.id, y), "input")
        r += 1
    last_ram = r - 1
    s.text(r, 0, "Summa ramar", "bold")
    ram_sum = {}
    for i, y in enumerate(years):
        s.formula(r, 1 + i, [(1, s.rng(first_ram, 1 + i, last_ram, 1 + i))], "tkr_sum")
        ram_sum[y] = a1_zero(r, 1 + i)
    r += 2
    # The förslag's figures the formulas start from (locked).
    s.text(r, 0, f"{f.namn}: utgångsvärden", "header")
    for i, y in enumerate(years):
        s.text(r, 1 + i, str(y), "header_num")
    r += 1
    inv = f.plan.inv
    const_rows: list[tuple[str, str, Callable[[int], float]]] = [
        ("skatt", "Skatteintäkter i förslaget", lambda y: f.plan.rr.lines[y]["skatteintakter"] or 0),
        ("ramar", "Summa ramar i förslaget", lambda y: f.summa_ramar(y)),
        *((f"utg_{p}", f"Investeringar, {p}", lambda y, p=p: inv.per_post[y][p]) for p in (IMMATERIELLA, MATERIELLA)),
        ("avskr_nya", "Avskrivningar på nya investeringar", lambda y: inv.avskrivningar_total(y)),
        *((f"netto_{sl}", f"Nettoinvestering, {SLAG_NAMN[sl].lower()} (utgift − avskrivning)",
           lambda y, sl=sl: inv.per_slag[y][sl] - inv.avskrivningar_per_slag[y][sl]) for sl in SLAG),
    ]
    const: dict[tuple[str, int], str] = {}
    for key, label, get in const_rows:
        s.text(r, 0, label, "text")
        for i, y in enumerate(years):
            s.kronor(r, 1 + i, get(y))
            const[(key, y)] = a1_zero(r, 1 + i)
        r += 1
    r += 1
    model = _LiveModel(s, ctx, f, years, sats, niva, ram_sum, const)
    model.statements(r)
    s.ws.protect("", {"format_columns": True, "format_rows": True})  # only the yellow input cells can be changed


class _LiveModel:
    """Writes the statements as formulas on the input and constant cells, each with the förslag's value cached."""

    def __init__(self, s: Sheet, ctx: _Ctx, f: Utfall, years: list[int], sats: str, niva: str,
                 ram_sum: dict[int, str], const: dict[tuple[str, int], str]):
        self.s, self.ctx, self.f, self.years = s, ctx, f, years
        self.sats, self.niva, self.ram_sum, self.const = sats, niva, ram_sum, const
        self.at: dict[tuple[str, str, int], str] = {}  # (statement, line, year) -> cell

    def statements(self, r: int) -> int:
        f = self.f
        e = f.config.ekonomi
        rr_formula: dict[str, Callable[[int, float], str]] = {
            "verksamhetens_kostnader": lambda y, v: f"={v}-({self.ram_sum[y]}-{self.const[('ramar', y)]})",
            "avskrivningar": lambda y, v: f"={v}-({self.niva}/100-1)*{self.const[('avskr_nya', y)]}",
            "skatteintakter": lambda y, v: f"={self.const[('skatt', y)]}*{self.sats}/{_num(e.skattesats)}",
        }
        r = self._statement(r, "Resultatbudget", "rr", resultat.LINES, rr_formula)
        kf_formula: dict[str, Callable[[int, float], str]] = {
            "arets_resultat": lambda y, v: f"={self.at[('rr', 'arets_resultat', y)]}",
            "justering_for_avskrivningar": lambda y, v: f"=-{self.at[('rr', 'avskrivningar', y)]}",
            "investering_immateriella": lambda y, v: f"=-{self.const[('utg_' + IMMATERIELLA, y)]}*{self.niva}/100",
            "investering_materiella": lambda y, v: f"=-{self.const[('utg_' + MATERIELLA, y)]}*{self.niva}/100",
            "likvida_medel_vid_arets_borjan": lambda y, v: (
                f"={self.at[('kf', 'likvida_medel_vid_arets_slut', y - 1)]}" if y != self.years[0] else ""),
        }
        r = self._statement(r, "Kassaflödesbudget", "kf", kassaflode.LINES, kf_formula)

        def slag(sl: str) -> Callable[[int, float], str]:
            def formula(y: int, v: float) -> str:
                done = "+".join(self.const[(f"netto_{sl}", k)] for k in self.years if k <= y)
                return f"={v}+({self.niva}/100-1)*({done})"
            return formula

        br_formula: dict[str, Callable[[int, float], str]] = {
            **{sl: slag(sl) for sl in SLAG},
            "kassa_och_bank": lambda y, v: f"={self.at[('kf', 'likvida_medel_vid_arets_slut', y)]}",
            "arets_resultat": lambda y, v: f"={self.at[('rr', 'arets_resultat', y)]}",
            "ovrigt_eget_kapital": lambda y, v: (
                f"={self.at[('br', 'eget_kapital', y - 1)]}-{self.at[('br', 'resultatutjamningsreserv', y)]}"
                if y != self.years[0] else ""),
        }
        r = self._statement(r, "Balansbudget", "br", balans.BALANS_LINES, br_formula)
        return self._balanskrav_och_mal(r)

    def _statement(self, r: int, title: str, kind: str, lines: tuple[Line, ...],
                   formulas: dict[str, Callable[[int, float], str]]) -> int:
        s = self.s
        s.text(r, 0, title, "header")
        for i, y in enumerate(self.years):
            s.text(r, 1 + i, str(y), "header_num")
        r += 1
        rows: dict[str, int] = {}
        for ln in lines:
            if ln.heading:
                s.text(r, 0, "  " * ln.indent + ln.label, "heading")
                r += 1
                continue
            rows[ln.key] = r
            for i, y in enumerate(self.years):
                self.at[(kind, ln.key, y)] = a1_zero(r, 1 + i)
            r += 1
        for ln in lines:
            if ln.heading:
                continue
            row = rows[ln.key]
            s.text(row, 0, "  " * ln.indent + ln.label, "bold" if ln.is_sum else "text")
            for i, y in enumerate(self.years):
                value = (_lines(self.f, kind, y).get(ln.key) or 0) / 1000
                fmt = "tkr_sum" if ln.is_sum else "tkr"
                if ln.is_sum:
                    text = "=" + "+".join(self.at[(kind, k, y)] for k in ln.sum_of)
                elif ln.key in formulas and (made := formulas[ln.key](y, value)):
                    text = made
                else:
                    s.number(row, 1 + i, value, fmt)
                    continue
                s.formula_text(row, 1 + i, text, fmt, value)
        return r + 1

    def _balanskrav_och_mal(self, r: int) -> int:
        s, f = self.s, self.f
        s.text(r, 0, "Balanskrav och finansiella mål", "header")
        for i, y in enumerate(self.years):
            s.text(r, 1 + i, str(y), "header_num")
        r += 1
        s.text(r, 0, "Årets balanskravsresultat", "bold")
        for i, y in enumerate(self.years):
            bk = f.balanskrav[y]
            adjust = (bk["balanskravsresultat"] - bk["arets_resultat"]) / 1000
            s.formula_text(r, 1 + i, f"={self.at[('rr', 'arets_resultat', y)]}+{_num(adjust)}", "tkr_sum",
                           bk["balanskravsresultat"] / 1000)
        bk_row = r
        r += 1
        s.text(r, 0, "Balanskravet uppfyllt", "text")
        for i, y in enumerate(self.years):
            s.formula_text(r, 1 + i, f'=IF({a1_zero(bk_row, 1 + i)}>0,"Ja","Nej")', "center",
                           _yes(bool(f.balanskrav[y]["uppfyllt"])))
        r += 1
        for m in self.ctx.c.ekonomi.finansiella_mal:
            s.text(r, 0, f"{m.id} {m.namn}", "text")
            for i, y in enumerate(self.years):
                g = f.mal_ar(m.id, y)
                s.formula_text(r, 1 + i, self._goal_formula(str(m.typ), y), "procent", 100 if g.varde is None else g.varde)
            value_row = r
            r += 1
            s.text(r, 0, f"{m.id} uppfyllt", "text")
            for i, y in enumerate(self.years):
                g = f.mal_ar(m.id, y)
                s.formula_text(r, 1 + i, f'=IF({a1_zero(value_row, 1 + i)}>={_num(m.minst)}-0.000000001,"Ja","Nej")',
                               "center", _yes(g.uppfyllt))
            r += 1
        return r + 1

    def _goal_formula(self, typ: str, y: int) -> str:
        at = self.at
        if typ == "resultatandel":
            return (f"=100*{at[('rr', 'arets_resultat', y)]}/({at[('rr', 'skatteintakter', y)]}"
                    f"+{at[('rr', 'generella_statsbidrag_och_utjamning', y)]})")
        if typ == "sjalvfinansieringsgrad":
            inv = f"-({at[('kf', 'investering_immateriella', y)]}+{at[('kf', 'investering_materiella', y)]})"
            return (f"=IF({inv}=0,100,100*({at[('rr', 'arets_resultat', y)]}-{at[('rr', 'avskrivningar', y)]})"
                    f"/({inv}))")
        return f"=100*{at[('br', 'eget_kapital', y)]}/{at[('br', 'summa_tillgangar', y)]}"


def _num(value: float) -> str:
    """A number as a formula literal (dot decimals, no exponent)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"
