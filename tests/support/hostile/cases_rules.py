"""Cases a careless or dishonest filler makes inside a readable workbook: forged identity, implausible
or incomplete figures, overwritten formulas and error values, removed pre-filled rows, rows inserted
in a table, and metadata whose findings must point at the metadata cell.

Issue 12, parts 5 and 6: plausibility and completeness rules, a computed cell whose formula was
replaced is a fel naming the cell, an error value from any formula is a fel, a removed pre-filled
row is named for what it is, tables are read by their real range, metadata findings name the
metadata cell; a changed identity is a fel and --latest never ranks by an editable time stamp alone.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from support.hostile.checks import absent
from support.hostile.edits import (
    cell,
    clear_rows,
    copy_example,
    field,
    insert_row,
    meta,
    move_row,
    type_cells,
)
from support.hostile.inboxes import FOLLOW, PLAN, follow_file, plan_file, plan_name, planering_inbox
from support.hostile.model import ANY, Built, Case, Context, Expect, Want
from support.hostile.zipparts import formula_xml, set_cell
from support.workbooks import build as build_workbook
from xltools.config import load_config
from xltools.forms import FORMS

META = "_xltools"
OLD_CONFIG = r"äldre konfiguration|inaktuell"  # what a removed pre-filled row must not be called
FORGED = "FÖRFALSKAT MÅL: nämnden ska avveckla biblioteken."
MAR = "2026-03"
AUG = "2026-08"


def at(where: tuple[str, str], severity: str | None = "fel", text: str | None = None,
       not_text: str | None = None) -> Want:
    return Want(severity=severity, sheet=where[0], cell=where[1], text=text, not_text=not_text)


def _typed(doc: str, cells: dict, period: str | None = None, namnd: str = "kfn"):  # noqa: ANN001, ANN202
    def build(d: Path, ctx: Context) -> Built:
        inbox, f = follow_file(d, ctx, doc, period, namnd) if period else plan_file(d, ctx, doc, namnd)
        type_cells(f, cells)
        return Built(f, inbox, period=period)
    return build


def _formula(doc: str, where: tuple[str, str], formula: str, cached: str, period: str | None = None):  # noqa: ANN202
    def build(d: Path, ctx: Context) -> Built:
        inbox, f = follow_file(d, ctx, doc, period) if period else plan_file(d, ctx, doc)
        set_cell(f, *where, *formula_xml(formula, cached))
        return Built(f, inbox, period=period)
    return build


def _values(path: Path, sheet: str, refs: list[str]) -> dict[str, object]:
    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb[sheet]
    out = {r: ws[r].value for r in refs}
    wb.close()
    return out


def _table_cols(doc: str, table: str) -> tuple[str, int, int, str]:
    sheet, t = FORMS[doc].table(table)
    last = chr(ord("A") + len(t.columns) - 1)
    return sheet.name, t.first_row, t.last_row, last


# ---------------------------------------------------------------- identity
def _forged_namnd(d: Path, ctx: Context) -> Built:
    """bn's own nämndplan template relabelled as sn's, filled with sn's plan plus a forged goal, dated 2099."""
    inbox = planering_inbox(d, ctx)
    sn = inbox / plan_name("namndplan", "sn")
    f = copy_example(inbox / plan_name("namndplan", "bn"), inbox / "namndplan-sn-2027 reviderad.xlsx")
    src = openpyxl.load_workbook(sn)
    cells: dict[tuple[str, str], object] = {}
    for table in ("mal", "matt"):
        sheet, first, last, last_col = _table_cols("namndplan", table)
        for row in src[sheet].iter_rows(min_row=first, max_row=last, max_col=ord(last_col) - 64):
            for c in row:
                cells[(sheet, c.coordinate)] = c.value
    namn = src[META]["B7"].value
    src.close()
    nm = next(k for k, v in cells.items() if k[0] == "Mål" and k[1].startswith("B") and v == "Nämndmål")
    cells[("Mål", f"C{nm[1][1:]}")] = FORGED
    cells |= {meta("namnd"): "sn", meta("namnd_namn"): namn, meta("generated"): "2099-01-01T08:00:00"}
    type_cells(f, cells)
    return Built(f, inbox)


def _last_year(d: Path, ctx: Context) -> Built:
    """Last year's taxor template (written for 2026 by the template writer), its year edited to 2027."""
    cfg, errors = load_config(ctx.config_dir)
    assert cfg is not None and not errors
    f = build_workbook("taxor", cfg, "kfn", d / plan_name("taxor", "kfn"), year=PLAN - 1)
    type_cells(f, {meta("year"): str(PLAN)})
    return Built(f)


def _no_meta_sheet(d: Path, ctx: Context) -> Built:
    inbox, f = plan_file(d, ctx, "taxor")
    wb = openpyxl.load_workbook(f)
    del wb[META]
    wb.save(f)
    return Built(f, inbox)


# ---------------------------------------------------------------- plausibility
DB_COST = cell("driftbudget", "drift", "kostnader_1", 1)
DB_INCOME = cell("driftbudget", "drift", "intakter_1", 0)
DB_NETTO = cell("driftbudget", "drift", "netto_1", 1)
INV_UTGIFT = cell("investeringsplan", "projekt", "utgift_1", 0)
INV_TOTAL = cell("investeringsplan", "projekt", "total", 0)
TAX_FORANDRING = cell("taxor", "taxor", "forandring", 0)
DR_UTFALL = cell("delarsrapport", "ekonomi", "utfall_kostnader", 0)
DR_SUM_UTFALL = field("delarsrapport", "utfall")


def _kronor(d: Path, ctx: Context) -> Built:
    """One cost and one income row typed in kronor (×1000); the net stays exactly at the ram."""
    inbox, f = plan_file(d, ctx, "driftbudget")
    v = _values(f, "Driftbudget", [DB_COST[1], DB_INCOME[1]])
    cost, income = float(v[DB_COST[1]]), float(v[DB_INCOME[1]])
    type_cells(f, {DB_COST: cost * 1000, DB_INCOME: income + cost * 999})
    return Built(f, inbox)


def _blank_driftbudget(d: Path, ctx: Context) -> Built:
    inbox, f = plan_file(d, ctx, "driftbudget")
    sheet, first, last, _ = _table_cols("driftbudget", "drift")
    clear_rows(f, sheet, list(range(first, last + 1)), "J")
    return Built(f, inbox)


def _unallocated(d: Path, ctx: Context) -> Built:
    """Every cost halved: the net is far below the ram (half the ram unallocated)."""
    inbox, f = plan_file(d, ctx, "driftbudget")
    sheet, first, last, _ = _table_cols("driftbudget", "drift")
    refs = [f"{c}{r}" for r in range(first, last + 1) for c in "HIJ"]
    v = _values(f, sheet, refs)
    type_cells(f, {(sheet, r): round(float(x) / 2) for r, x in v.items() if isinstance(x, int | float)})
    return Built(f, inbox)


def _follow_kronor(d: Path, ctx: Context) -> Built:
    inbox, f = follow_file(d, ctx, "delarsrapport", AUG)
    v = _values(f, DR_UTFALL[0], [DR_UTFALL[1]])
    type_cells(f, {DR_UTFALL: float(v[DR_UTFALL[1]]) * 1000})
    return Built(f, inbox, period=AUG)


# ---------------------------------------------------------------- removed pre-filled rows
def _cleared(doc: str, table: str, index: int, period: str | None = None):  # noqa: ANN202
    def build(d: Path, ctx: Context) -> Built:
        inbox, f = follow_file(d, ctx, doc, period) if period else plan_file(d, ctx, doc)
        sheet, first, _, last_col = _table_cols(doc, table)
        clear_rows(f, sheet, [first + index], last_col)
        return Built(f, inbox, period=period)
    return build


# ---------------------------------------------------------------- tables
def _inserted(doc: str, sheet: str, at_row: int, fill: dict[str, object] | None = None, extra: dict | None = None):  # noqa: ANN202
    def build(d: Path, ctx: Context) -> Built:
        inbox, f = plan_file(d, ctx, doc)
        insert_row(f, sheet, at_row)
        if fill or extra:
            type_cells(f, {**{(sheet, f"{c}{at_row}"): v for c, v in (fill or {}).items()}, **(extra or {})})
        return Built(f, inbox)
    return build


def _moved_total(d: Path, ctx: Context) -> Built:
    inbox, f = plan_file(d, ctx, "driftbudget")
    sheet, t = FORMS["driftbudget"].table("drift")
    move_row(f, sheet.name, t.total_row, t.total_row + 2)
    return Built(f, inbox)


# ---------------------------------------------------------------- metadata
def _garbage_generated(d: Path, ctx: Context) -> Built:
    """A second, identical taxor for kfn whose generated time stamp reads 'igår'."""
    inbox, f = plan_file(d, ctx, "taxor")
    copy = copy_example(f, inbox / "taxor-kfn-2027 (2).xlsx")
    type_cells(copy, {meta("generated"): "igår"})
    return Built(copy, inbox)


def _period_edit(d: Path, ctx: Context) -> Built:
    inbox, f = follow_file(d, ctx, "manadsrapport", MAR)
    type_cells(f, {meta("period"): "2026-05"})
    return Built(f, inbox, period=MAR)


IK_FIRST = cell("internkontrollplan", "kontroller", "kontrollmoment", 0)
NP_MAL_FIRST = cell("namndplan", "mal", "mal_id", 0)
NP_NEW_MATT = cell("namndplan", "matt", "mal_id", 10)  # a free row of the Mått table

CASES = [
    # identity
    Case("identitet-annan-namnd-latest", "identity",
         "bn:s nämndplan ommärkt till sn (metadata), fylld med sn:s plan och ett förfalskat mål, generated 2099.",
         _forged_namnd, (Expect("validate", 1, Want(sheet=META)),
                         Expect("kommunplan", 0, latest=True, outputs="complete", checks=(absent(FORGED),))),
         "Ändrad identitet är fel (integritetstoken); --latest rangordnar aldrig på redigerbar tid; målet publiceras inte."),
    Case("identitet-namnd-andrad", "identity", "Metadata-nämnden i kfn:s taxor ändrad till tn.",
         _typed("taxor", {meta("namnd"): "tn", meta("namnd_namn"): "Tekniska nämnden"}),
         (Expect("validate", 1, Want(sheet=META)),), "Ändrad identitet är ett fel vid metadatan."),
    Case("identitet-period-andrad", "identity", "Månadsrapporten för mars ommärkt till maj (metadata-perioden).",
         _period_edit, (Expect("validate", 1, Want(sheet=META)),), "Ändrad period är ett fel vid metadatan."),
    Case("identitet-fjolarets-mall", "identity", "Fjolårets taxemall (2026) med året ändrat till 2027 i metadata.",
         _last_year, (Expect("validate", 1, Want(sheet=META)),), "Ändrat år är ett fel vid metadatan."),
    Case("identitet-annan-kommun", "identity", "Metadata säger Vansbro kommun (kommunkod 2021).",
         _typed("taxor", {meta("kommunkod"): "2021", meta("kommun"): "Vansbro kommun"}),
         (Expect("validate", 1, Want(sheet=META, cell=ANY, text="Vansbro")),),
         "Fel som pekar ut metadatacellen (blad och cell)."),
    Case("identitet-annat-ar", "identity", "Metadata-året ändrat till 2025 i en mall för 2027.",
         _typed("taxor", {meta("year"): "2025"}), (Expect("validate", 1, at(meta("year"))),),
         "Fel som pekar ut metadatacellen B8."),
    Case("identitet-annan-dokumenttyp", "identity", "Taxemallen påstår i metadata att den är en internhyresmall.",
         _typed("taxor", {meta("document"): "internhyror"}), (Expect("validate", 1, Want(sheet=META)),),
         "Ändrad dokumenttyp är ett fel vid metadatan, inte bara saknade blad."),
    Case("identitet-metadatablad-borttaget", "identity", "Det dolda bladet _xltools är borttaget.",
         _no_meta_sheet, (Expect("validate", 1, Want(rule=r"STR-\d+")),), "Fel: inte en xltools-mall."),
    # plausibility
    Case("rimlighet-1e12-intakt", "plausibility", f"Intäkt 1e12 tkr i {DB_INCOME[0]}!{DB_INCOME[1]}.",
         _typed("driftbudget", {DB_INCOME: 1e12}),
         (Expect("validate", 1, at(DB_INCOME, text="tkr")), Expect("kommunplan", 1, outputs="complete")),
         "Belopp i orimlig proportion till ramen och kommunens storlek är fel; kommunplanen tar inte med det."),
    Case("rimlighet-1e12-utgift", "plausibility", f"Investeringsutgift 1e12 tkr i {INV_UTGIFT[0]}!{INV_UTGIFT[1]}.",
         _typed("investeringsplan", {INV_UTGIFT: 1e12}), (Expect("validate", 1, at(INV_UTGIFT, text="tkr")),),
         "Orimligt belopp är fel vid cellen."),
    Case("rimlighet-kronor-i-tkr", "plausibility", "En kostnad och en intäkt skrivna i kronor i tkr-kolumnerna (nettot oförändrat).",
         _kronor, (Expect("validate", (0, 1), Want(severity=None, sheet="Driftbudget", cell=ANY, text="tkr")),),
         "Regeln frågar \"kronor i stället för tkr?\" vid cellen."),
    Case("rimlighet-kronor-utfall", "plausibility", "Utfallet i delårsrapporten skrivet i kronor.",
         _follow_kronor, (Expect("validate", (0, 1), Want(severity=None, sheet=DR_UTFALL[0], cell=ANY, text="tkr")),),
         "Regeln frågar \"kronor i stället för tkr?\" vid cellen."),
    Case("rimlighet-tom-driftbudget", "plausibility", "Driftbudgetens alla rader tömda.",
         _blank_driftbudget, (Expect("validate", 1, Want(sheet="Driftbudget", cell=ANY)),),
         "En tom driftbudget är fel."),
    Case("rimlighet-ofordelad-ram", "plausibility", "Alla kostnader halverade: halva ramen är ofördelad.",
         _unallocated, (Expect("validate", 0, Want(severity="varning", sheet=ANY)),),
         "En ofördelad del av ramen ger en varning."),
    # formulas
    Case("formel-total-overskriven", "formulas", f"Talet 123456 skrivet över formeln Total utgift ({INV_TOTAL[1]}).",
         _typed("investeringsplan", {INV_TOTAL: 123456}), (Expect("validate", 1, at(INV_TOTAL)),),
         "Fel vid cellen som säger vad den ska innehålla."),
    Case("formel-forandring-overskriven", "formulas", f"Talet 0,5 skrivet över formeln Förändring % ({TAX_FORANDRING[1]}).",
         _typed("taxor", {TAX_FORANDRING: 0.5}), (Expect("validate", 1, at(TAX_FORANDRING)),),
         "Fel vid cellen som säger vad den ska innehålla."),
    Case("formel-netto-overskriven", "formulas", f"Talet 999 skrivet över formeln Netto ({DB_NETTO[1]}).",
         _typed("driftbudget", {DB_NETTO: 999}), (Expect("validate", 1, at(DB_NETTO)),),
         "Fel vid cellen som säger vad den ska innehålla."),
    Case("formel-summa-overskriven", "formulas", f"Talet 12345 över delårsrapportens summa utfall ({DR_SUM_UTFALL[1]}).",
         _typed("delarsrapport", {DR_SUM_UTFALL: 12345}, AUG), (Expect("validate", 1, at(DR_SUM_UTFALL)),),
         "Fel vid cellen som politikerna läser."),
    Case("formel-div0-i-inmatning", "formulas", f"Formeln =H9/0 (#DIV/0!) i inmatningscellen {DB_COST[1]}.",
         _formula("driftbudget", DB_COST, "H9/0", "#DIV/0!"), (Expect("validate", 1, at(DB_COST)),),
         "Ett felvärde från en formel är fel."),
    Case("formel-div0-i-berakning", "formulas", f"Formeln i Förändring % ({TAX_FORANDRING[1]}) ger #DIV/0!.",
         _formula("taxor", TAX_FORANDRING, "F6/0", "#DIV/0!"), (Expect("validate", 1, at(TAX_FORANDRING)),),
         "Ett felvärde från vilken formel som helst är fel."),
    Case("formel-ref-i-berakning", "formulas", f"Nettoformeln ({DB_NETTO[1]}) ger #REF! efter en borttagen rad.",
         _formula("driftbudget", DB_NETTO, "#REF!-E7", "#REF!"), (Expect("validate", 1, at(DB_NETTO)),),
         "Ett felvärde från vilken formel som helst är fel."),
    # removed pre-filled rows
    Case("forifyllt-ks-kontrollmoment-tomt", "prefilled", "KS obligatoriska kontrollmoment KS-IK1 (hela raden) tömt.",
         _cleared("internkontrollplan", "kontroller", 0),
         (Expect("validate", 1, Want(sheet="Kontrollplan", text=r"KS-IK1|attest", not_text=OLD_CONFIG)),),
         "Meddelandet namnger det saknade kontrollmomentet, inte en inaktuell mall."),
    Case("forifyllt-ks-kontrollmoment-text", "prefilled", "Texten i KS-IK1:s kontrollmoment raderad.",
         _typed("internkontrollplan", {IK_FIRST: None}),
         (Expect("validate", 1, at(IK_FIRST, not_text=OLD_CONFIG)),),
         "Fel vid cellen, som kontrollmoment, inte som inaktuell mall."),
    Case("forifyllt-riktat-mal-namndplan", "prefilled", "Det förifyllda riktade målet RM6 (hela raden) tömt i nämndplanen.",
         _cleared("namndplan", "mal", 0),
         (Expect("validate", 1, Want(sheet=ANY, text="RM6", not_text=OLD_CONFIG)),),
         "Meddelandet namnger det riktade målet, inte en inaktuell mall."),
    Case("forifyllt-riktat-mal-delar", "prefilled", "Det förifyllda riktade målet RM6 tömt i delårsrapporten.",
         _cleared("delarsrapport", "mal", 0, AUG),
         (Expect("validate", 1, Want(sheet=ANY, text="RM6", not_text=OLD_CONFIG)),),
         "Meddelandet namnger det riktade målet, inte en inaktuell mall."),
    Case("forifyllt-budgetrad-tom", "prefilled", "Den förifyllda budgetraden för verksamhet 300 tömd i delårsrapporten.",
         _cleared("delarsrapport", "ekonomi", 0, AUG),
         (Expect("validate", 1, Want(sheet="Ekonomi", text="300", not_text=OLD_CONFIG)),),
         "Meddelandet namnger verksamheten, inte en inaktuell mall."),
    # tables
    Case("tabell-tom-rad-infogad", "tables", "En tom rad infogad inne i driftbudgetens tabell (summaraden flyttas ned).",
         _inserted("driftbudget", "Driftbudget", 8), (Expect("validate", 0),),
         "Tabellen läses i sin verkliga utsträckning; summaraden är inte \"utanför tabellen\"."),
    Case("tabell-ifylld-rad-infogad", "tables", "En rad infogad inne i driftbudgetens tabell och ifylld med en intäkt.",
         _inserted("driftbudget", "Driftbudget", 8, {"A": "300 Allmän kulturverksamhet", "B": "30 Försäljningsintäkter",
                                                      "D": "Ny rad", "E": 10, "F": 10, "G": 10}),
         (Expect("validate", 0), Expect("kommunplan", 0, named=False, outputs="complete")),
         "Den infogade raden läses som en del av tabellen."),
    Case("tabell-summarad-flyttad", "tables", "Driftbudgetens summarad flyttad två rader ned.",
         _moved_total, (Expect("validate", 0),), "Summaraden hittas där den står; inga uppgifter \"utanför tabellen\"."),
    Case("tabell-rad-infogad-mal", "tables", "En rad infogad i nämndplanens måltabell med ett nytt nämndmål och dess mått.",
         _inserted("namndplan", "Mål", 7, {"A": "NM9", "B": "Nämndmål", "C": "Ett nytt nämndmål.",
                                           "D": "SM5 – Främja en god och jämlik hälsa i alla åldrar"},
                   {NP_NEW_MATT: "NM9", ("Mått", f"B{int(NP_NEW_MATT[1][1:])}"): "Nytt mått",
                    ("Mått", f"C{int(NP_NEW_MATT[1][1:])}"): "antal",
                    ("Mått", f"G{int(NP_NEW_MATT[1][1:])}"): 1, ("Mått", f"H{int(NP_NEW_MATT[1][1:])}"): 2,
                    ("Mått", f"I{int(NP_NEW_MATT[1][1:])}"): 3, ("Mått", f"J{int(NP_NEW_MATT[1][1:])}"): "Högre är bättre"}),
         (Expect("validate", 0),), "Den infogade raden läses som en del av tabellen."),
    # metadata
    Case("metadata-ar-text", "metadata", "Metadata-året är 'tjugotjugosju'.",
         _typed("taxor", {meta("year"): "tjugotjugosju"}), (Expect("validate", 1, at(meta("year"))),),
         "Fel vid metadatacellen B8."),
    Case("metadata-dokument-tomt", "metadata", "Metadata-dokumenttypen är tömd.",
         _typed("taxor", {meta("document"): None}), (Expect("validate", 1, at(meta("document"))),),
         "Fel vid metadatacellen B2."),
    Case("metadata-okand-namnd", "metadata", "Metadata-nämnden är 'xyz'.",
         _typed("taxor", {meta("namnd"): "xyz"}), (Expect("validate", 1, at(meta("namnd"))),),
         "Fel vid metadatacellen B6."),
    Case("metadata-schemaversion", "metadata", "Metadata-schemaversionen är '9.9'.",
         _typed("taxor", {meta("schema_version"): "9.9"}), (Expect("validate", 1, at(meta("schema_version"))),),
         "Fel vid metadatacellen B3."),
    Case("metadata-okand-dokumenttyp", "metadata", "Metadata-dokumenttypen är 'budget'.",
         _typed("taxor", {meta("document"): "budget"}), (Expect("validate", 1, at(meta("document"))),),
         "Fel vid metadatacellen B2."),
    Case("metadata-period-13", "metadata", "Metadata-perioden i månadsrapporten är '2026-13'.",
         _typed("manadsrapport", {meta("period"): f"{FOLLOW}-13"}, MAR), (Expect("validate", 1, at(meta("period"))),),
         "Fel vid metadatacellen B9."),
    Case("metadata-generated-skrap", "metadata", "En andra kopia av kfn:s taxor där generated är 'igår'; kommunplan --latest.",
         _garbage_generated, (Expect("validate-folder", (0, 1)),
                              Expect("kommunplan", (0, 1), latest=True, outputs="complete")),
         "Metadata tolkas defensivt: ingen traceback när tidsstämpeln är skräp."),
]

