"""Every registered rule and structural code: one case that makes exactly it fire, and silence on valid input.

Each case starts from valid workbooks written by the real template writer (tests/support/workbooks.py),
types into them with openpyxl the way a user would, validates them with validate_paths and compares
(rule, severity, sheet, cell) of every finding with the expected list. A rule added to the registry
without a case here makes test_rule_fires fail.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support.hostile.zipparts import (
    formula_xml,
    number_xml,
    read_parts,
    rewrite,
    set_cell,
    sheet_part,
    text_xml,
    write_parts,
)
from support.libreoffice import recalc
from support.workbooks import (
    Edits,
    bad_csv,
    bad_empty,
    bad_encrypted,
    bad_ods,
    bad_truncated,
    bad_xls,
    bad_zip_not_excel,
    build,
    build_all,
    clear_row,
    copy,
    edit,
    meta_cell,
    plain_workbook,
    sign,
    values_for,
)

from xltools.config import Config
from xltools.forms import FORMS
from xltools.metadata import META_SHEET
from xltools.rules import RULES
from xltools.validate import validate_paths

# The codes a validation can give (the consolidation's kontroller are tested in tests/consolidate/).
VALIDATION = {i: r for i, r in RULES.items() if r.stage == "validate"}

Y = 2027  # budgetår in config/planering.yaml
NAMNDER = ("fgn", "tn", "of")  # with riktade mål; the lokalägare; without riktade mål


@dataclass
class Case:
    """A workbook edited the way a user would, and the findings expected on it."""

    doc: str | None  # document type of the file under test (None: `make` writes the file)
    expect: list[tuple[str, str, str | None, str | None]]
    edits: Edits = field(default_factory=dict)
    namnd: str = "fgn"
    together: tuple[str, ...] = ()  # other valid documents of the same nämnd in the same run
    edits_together: dict[str, Edits] = field(default_factory=dict)  # edits in those documents
    delete_sheets: tuple[str, ...] = ()
    make: Callable[[Path, dict[str, Path]], Path] | None = None  # writes the file under test (reads only)
    check: Callable[[object], None] | None = None  # extra assertions on the read Document
    config: Callable[[Config], Config] | None = None  # a changed configuration the file is written and read with
    forged: bool = False  # metadata edits are a forgery (else the file is re-signed as a genuine template)


def _nm(i: int) -> Edits:
    """A complete extra nämndmål NM<i> on Mål row 7+i with its mått on Mått row 7+i (fgn has 2 riktade mål)."""
    r = 7 + i
    return {("Mål", f"A{r}"): f"NM{i}", ("Mål", f"B{r}"): "Nämndmål", ("Mål", f"C{r}"): f"Nämndmål nummer {i}",
            ("Mål", f"D{r}"): "SM9", ("Mått", f"A{r}"): f"NM{i}", ("Mått", f"B{r}"): f"Mått {i}",
            ("Mått", f"C{r}"): "antal", ("Mått", f"G{r}"): 1, ("Mått", f"H{r}"): 2, ("Mått", f"I{r}"): 3,
            ("Mått", f"J{r}"): "Högre är bättre"}


def _value(sheet_table: str, column: str, row: int, expected: object) -> Callable[[object], None]:
    def check(doc: object) -> None:
        rows = [r for r in doc.rows(sheet_table) if r.row == row]  # type: ignore[attr-defined]
        assert rows and rows[0].get(column) == expected, (rows, expected)

    return check


def _field(key: str, expected: object) -> Callable[[object], None]:
    def check(doc: object) -> None:
        assert doc.field(key) == expected  # type: ignore[attr-defined]

    return check


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _bad(maker: Callable[[Path], Path]) -> Callable[[Path, dict[str, Path]], Path]:
    return lambda tmp, valid: maker(tmp / "inlamnad.xlsx")


FEL, VARN = "fel", "varning"
FGN_RAM_2027 = 438000.0  # config/ekonomi.yaml ramar.fgn.2027
U = 2026  # uppföljningsår in config/planering.yaml
ANV = "Anvisningar"  # the decision block: B5 status, B6 beslutsorgan, B7 beslutsdatum, B8 paragraf
DECIDED = {(ANV, "B5"): "Fastställd", (ANV, "B6"): "Tekniska nämnden", (ANV, "B7"): dt.date(U, 9, 16),
           (ANV, "B8"): "§ 45"}
FGN_400_2026 = 131690.0  # config/uppfoljning.yaml driftbudget.fgn.400 (Ekonomi row 6)


def _without_budget(config: Config, namnd: str, verksamhet: str) -> Config:
    """The configuration with one verksamhet's budget left out of the follow-up year (a verksamhet without budget)."""
    u = config.uppfoljning
    assert u is not None
    budget = {k: v for k, v in u.driftbudget[namnd].items() if k != verksamhet}
    return config.replace(uppfoljning=u.replace(driftbudget={**u.driftbudget, namnd: budget}))

CASES: dict[str, list[Case]] = {
    # ------------------------------------------------------------ files (FIL-*)
    "FIL-1": [Case(None, [("FIL-1", FEL, None, None)], make=_bad(bad_empty))],
    "FIL-2": [Case(None, [("FIL-2", FEL, None, None)], make=_bad(bad_csv)),
              Case(None, [("FIL-2", FEL, None, None)], make=_bad(bad_zip_not_excel))],
    "FIL-3": [Case(None, [("FIL-3", FEL, None, None)], make=_bad(bad_xls))],
    "FIL-4": [Case(None, [("FIL-4", FEL, None, None)], make=_bad(bad_encrypted))],
    "FIL-5": [Case(None, [("FIL-5", FEL, None, None)], make=_bad(bad_ods))],
    "FIL-6": [Case(None, [("FIL-6", FEL, None, None)],
                   make=lambda tmp, valid: bad_truncated(valid["driftbudget"], tmp / "inlamnad.xlsx"))],
    "FIL-7": [Case(None, [("FIL-7", FEL, None, None)], make=lambda tmp, valid: write_parts(
        tmp / "inlamnad.xlsb", [("[Content_Types].xml", b"<Types/>"), ("xl/workbook.bin", b"\x83\x01\x00")]))],
    "FIL-8": [Case(None, [("FIL-8", FEL, None, None)], make=lambda tmp, valid: write_parts(
        copy(valid["taxor"], tmp / "inlamnad.xlsx"), read_parts(valid["taxor"]) + [("../../utanfor.txt", b"x")]))],
    "FIL-9": [Case(None, [("FIL-9", FEL, "Driftbudget", "XFD1048576")], make=lambda tmp, valid: rewrite(
        copy(valid["driftbudget"], tmp / "inlamnad.xlsx"), {sheet_part(valid["driftbudget"], "Driftbudget"): lambda x: x.replace(
            b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')}))],
    "FIL-10": [Case(None, [("FIL-10", FEL, None, None)], make=lambda tmp, valid: _fifo(tmp / "inlamnad.xlsx"))],
    "FIL-11": [Case(None, [("FIL-11", VARN, None, None)], make=lambda tmp, valid: rewrite(
        copy(valid["taxor"], tmp / "x.xlsx"), {}, add=[("xl/vbaProject.bin", bytes(512))], dest=tmp / "inlamnad.xlsm"))],
    # ------------------------------------------------------------ structure (STR-*)
    "STR-1": [Case(None, [("STR-1", FEL, None, None)], make=_bad(plain_workbook)),
              Case("taxor", [("STR-1", FEL, "_xltools", "B4")], edits={meta_cell("kommunkod"): None})],
    "STR-2": [Case("taxor", [("STR-2", FEL, "_xltools", "B2")], edits={meta_cell("document"): "budgetbrev"})],
    "STR-3": [Case("taxor", [("STR-3", FEL, "_xltools", "B3")], edits={meta_cell("schema_version"): "0.9"})],
    "STR-4": [Case("taxor", [("STR-4", FEL, "_xltools", "B4")],
                   edits={meta_cell("kommunkod"): "2021", meta_cell("kommun"): "Vansbro kommun"})],
    "STR-5": [Case("taxor", [("STR-5", FEL, "_xltools", "B8")], edits={meta_cell("year"): "2025"})],
    # A unit the nämnd's organisation does not have (fgn's units: fgf, fgf_grundskola, fgf_bjorkbacken), and a
    # unit's id on a document handed in per nämnd only.
    "STR-23": [Case("verksamhetsplan", [("STR-23", FEL, "_xltools", "B14")],
                    edits={(META_SHEET, "A14"): "org_enhet", (META_SHEET, "B14"): "fgf_okand"}),
               Case("taxor", [("STR-23", FEL, "_xltools", "B14")],
                    edits={(META_SHEET, "A14"): "org_enhet", (META_SHEET, "B14"): "fgf"})],
    "STR-30": [Case("taxor", [("STR-30", FEL, "_xltools", "B13")], forged=True,
                    edits={meta_cell("namnd"): "tn", meta_cell("namnd_namn"): "Tekniska nämnden"}),
               Case("manadsrapport", [("STR-30", FEL, "_xltools", "B13")], forged=True,
                    edits={meta_cell("period"): f"{U}-05"}),
               Case("taxor", [("STR-30", FEL, "_xltools", "B13")], forged=True,
                    edits={meta_cell("generated"): "2099-01-01T00:00:00"}),
               Case("taxor", [("STR-30", FEL, "_xltools", "B13")], forged=True,
                    edits={meta_cell("integritet"): None}),
               Case("taxor", [("STR-30", FEL, "_xltools", "B13"), ("STR-5", FEL, "_xltools", "B8")], forged=True,
                    edits={meta_cell("year"): "2028"})],
    "STR-21": [Case("taxor", [("STR-21", FEL, "_xltools", "B8")], edits={meta_cell("year"): "1e400"})],
    "STR-22": [Case(None, [("STR-22", FEL, "Driftbudget", "H6"), ("EKO-4", VARN, "Driftbudget", "K6"),
                           ("RIM-4", VARN, "Sammanfattning", "B6")], make=lambda tmp, valid: set_cell(
        copy(valid["driftbudget"], tmp / "inlamnad.xlsx"), "Driftbudget", "H6", *number_xml("NaN")))],
    "TXT-1": [Case(None, [("TXT-1", VARN, "Taxor", "H6")], make=lambda tmp, valid: set_cell(  # openpyxl would cut it
        copy(valid["taxor"], tmp / "inlamnad.xlsx"), "Taxor", "H6", *text_xml("Motivering. " * 3000)))],
    "STR-6": [Case("internhyror", [("STR-6", FEL, None, None)], delete_sheets=("Servicekatalog",))],
    "STR-7": [Case("verksamhetsplan", [("STR-7", FEL, "Aktiviteter", "E6")], edits={("Aktiviteter", "E6"): None})],
    "STR-8": [Case("namndplan", [("STR-8", FEL, "Mått", "F6")], edits={("Mått", "F6"): "ungefär 70"}),
              Case("verksamhetsplan", [("STR-8", FEL, "Aktiviteter", "F6")], edits={("Aktiviteter", "F6"): "i vår"})],
    "STR-9": [Case("namndplan", [("STR-9", VARN, "Mått", "F6")], edits={("Mått", "F6"): "1 234,5"},
                   check=_value("matt", "utgangsvarde", 6, 1234.5)),
              Case("driftbudget", [("STR-9", VARN, "Driftbudget", "H6")],
                   edits={("Driftbudget", "H6"): "439 000"},
                   check=_field("netto_1", FGN_RAM_2027))],
    "STR-10": [Case("namndplan", [("STR-10", FEL, "Mål", "B8")], edits={("Mål", "B8"): "Huvudmål"}),
               Case("namndplan", [("STR-10", FEL, "Mått", "A9")],
                    edits={("Mått", "A9"): "NM9", ("Mått", "B9"): "Mått", ("Mått", "C9"): "st", ("Mått", "G9"): 1,
                           ("Mått", "H9"): 2, ("Mått", "I9"): 3, ("Mått", "J9"): "Högre är bättre"})],
    "STR-11": [Case("verksamhetsplan", [("STR-11", FEL, "Aktiviteter", "A7")], edits={("Aktiviteter", "A7"): "A1"})],
    "STR-12": [Case("verksamhetsplan", [("STR-12", FEL, "Aktiviteter", "A67:I67")],
                    edits={("Aktiviteter", "A67"): "A9", ("Aktiviteter", "B67"): "Aktivitet under tabellen"}),
               Case("driftbudget", [("STR-12", FEL, "Driftbudget", "A68:M68")],
                    edits={("Driftbudget", "A68"): "410 Grundskola", ("Driftbudget", "H68"): 500})],
    "STR-13": [Case("namndplan", [("STR-13", VARN, "Mått", "D6")], edits={("Mått", "D6"): "=1+1"}),
               Case("driftbudget", [("STR-13", VARN, "Sammanfattning", "B8")],  # a fixed field, not a table
                    edits={("Sammanfattning", "B8"): '="Se bilaga"'})],
    "STR-20": [Case("namndplan", [("STR-20", FEL, "Mål", "A6")], edits={("Mål", "A6"): "RM99"}),
               Case("internkontrollplan", [("STR-20", FEL, "Kontrollplan", "A6")],
                    edits={("Kontrollplan", "A6"): "KS-IK9"}),
               Case("internkontrollplan", [("STR-20", FEL, "Kontrollplan", "A6"),  # the whole pre-filled row cleared
                                           *[("STR-7", FEL, "Kontrollplan", f"{c}6") for c in "DEJ"]],
                    edits=clear_row("Kontrollplan", 6, "K")),
               Case("internkontrollplan", [("STR-20", FEL, "Kontrollplan", "G6")],  # its kontrollmoment cleared
                    edits={("Kontrollplan", "G6"): None})],
    "STR-19": [Case("driftbudget", [("STR-19", FEL, "Driftbudget", "H6"), ("EKO-4", VARN, "Driftbudget", "K6"),
                                    ("RIM-4", VARN, "Sammanfattning", "B6")],
                    edits={("Driftbudget", "H6"): "#DIV/0!"}),  # the cost is not read: the ram is unallocated, the verksamhet falls
               Case("driftbudget", [("STR-19", FEL, "Sammanfattning", "B8")],  # a fixed field, not a table
                    edits={("Sammanfattning", "B8"): "#N/A"})],
    "STR-14": [Case("verksamhetsplan", [("STR-14", FEL, "Aktiviteter", "G6")],
                    edits={("Aktiviteter", "G6"): dt.date(Y + 1, 3, 31)})],
    "STR-15": [Case("investeringsplan", [("STR-15", FEL, "Inköpsplan", "D6")], edits={("Inköpsplan", "D6"): -1200})],
    "STR-16": [Case("verksamhetsplan", [("STR-16", VARN, "Aktiviteter", "G6")],
                    edits={("Aktiviteter", "G6"): f"{Y}-10-31"},
                    check=_value("aktiviteter", "klart", 6, dt.date(Y, 10, 31))),
               Case("verksamhetsplan", [("STR-16", VARN, "Aktiviteter", "G6")],
                    edits={("Aktiviteter", "G6"): f"31/10 {Y}"},
                    check=_value("aktiviteter", "klart", 6, dt.date(Y, 10, 31)))],
    "STR-17": [Case("taxor", [("STR-17", FEL, "_xltools", "B6")], edits={meta_cell("namnd"): "okand_namnd"})],
    "STR-18": [Case("internkontrollplan", [("STR-18", FEL, "Kontrollplan", "D11")],
                    edits={("Kontrollplan", "D11"): 5})],
    # ------------------------------------------------------------ formulas (FRM-*)
    "FRM-1": [Case("driftbudget", [("FRM-1", FEL, "Driftbudget", "K6")], edits={("Driftbudget", "K6"): 999}),
              Case("driftbudget", [("FRM-1", FEL, "Driftbudget", "H66")], edits={("Driftbudget", "H66"): 12345})],
    "FRM-2": [Case(None, [("FRM-2", FEL, "Driftbudget", "K6")], make=lambda tmp, valid: set_cell(
        copy(valid["driftbudget"], tmp / "inlamnad.xlsx"), "Driftbudget", "K6", *formula_xml("#REF!-E6", "#REF!"))),
              Case(None, [("FRM-2", FEL, "Taxor", "G6")], make=lambda tmp, valid: set_cell(
        copy(valid["taxor"], tmp / "inlamnad.xlsx"), "Taxor", "G6", *formula_xml("F6/0", "#DIV/0!")))],
    # ------------------------------------------------------------ plausibility (RIM-*)
    "RIM-1": [Case("investeringsplan", [("RIM-1", FEL, "Projekt", "H6"), ("INV-3", VARN, "Driftkostnadskalkyl", "B7")],
                   edits={("Projekt", "H6"): 1e12}),
              Case("driftbudget", [("RIM-1", FEL, "Driftbudget", "H6"), ("EKO-1", FEL, "Sammanfattning", "B6")],
                   edits={("Driftbudget", "H6"): 3_000_000})],
    "RIM-2": [Case("driftbudget", [("RIM-2", VARN, "Driftbudget", "H6"), ("EKO-1", FEL, "Sammanfattning", "B6")],
                   namnd="of", edits={("Driftbudget", "H6"): 200_000})],  # over the ram too
    "RIM-3": [Case("driftbudget", [("RIM-3", FEL, "Driftbudget", "A6")],
                   edits={k: v for r in range(6, 66) for k, v in clear_row("Driftbudget", r, "J").items()})],
    "RIM-4": [Case("driftbudget", [("RIM-4", VARN, "Sammanfattning", "C6")], edits={("Driftbudget", "I6"): 0})],
    # ------------------------------------------------------------ nämndplan (MAL-*, NP-*)
    "MAL-1": [Case("namndplan", [("MAL-1", FEL, "Mål", "A8")], edits=clear_row("Mått", 8, "J")),
              Case("namndplan", [("MAL-1", FEL, "Mål", "A14")],
                   edits={k: v for i in range(2, 8) for k, v in _nm(i).items()})],
    "MAL-2": [Case("namndplan", [("MAL-2", FEL, "Mått", "I7")], edits={("Mått", "I7"): None})],
    "MAL-3": [Case("namndplan", [("MAL-3", FEL, "Mål", "D8")], edits={("Mål", "D8"): None})],
    "NP-1": [Case("namndplan", [("NP-1", FEL, "Mål", "B9")],
                  edits={("Mål", "A9"): "RM99", ("Mål", "B9"): "Riktat mål", ("Mål", "C9"): "Ett eget mål",
                         ("Mål", "D9"): "SM3", ("Mått", "A9"): "RM99", ("Mått", "B9"): "Mått", ("Mått", "C9"): "st",
                         ("Mått", "G9"): 1, ("Mått", "H9"): 2, ("Mått", "I9"): 3, ("Mått", "J9"): "Högre är bättre"})],
    "NP-2": [Case("namndplan", [("NP-2", VARN, "Mål", "A8")], together=("verksamhetsplan",),
                  edits_together={"verksamhetsplan": clear_row("Aktiviteter", 8, "I")})],
    # ------------------------------------------------------------ verksamhetsplan (VP-*)
    "VP-1": [Case("verksamhetsplan", [("VP-1", FEL, "Aktiviteter", "G6")],
                  edits={("Aktiviteter", "F6"): dt.date(Y, 12, 1)})],
    "VP-2": [Case("verksamhetsplan", [("VP-2", FEL, "Aktiviteter", "C9")], together=("namndplan",),
                  edits={("Aktiviteter", "A9"): "A9", ("Aktiviteter", "B9"): "Ny aktivitet",
                         ("Aktiviteter", "C9"): "NM9", ("Aktiviteter", "E9"): "Rektor",
                         ("Aktiviteter", "G9"): dt.date(Y, 6, 1), ("Aktiviteter", "I9"): "Klimat och energi"})],
    "VP-3": [Case("verksamhetsplan", [("VP-3", FEL, "Aktiviteter", "C6")], edits={("Aktiviteter", "C6"): "RM3"}),
             Case("verksamhetsplan", [("VP-3", FEL, "Aktiviteter", "A6")],
                  edits={k: v for r in (6, 7, 8) for k, v in clear_row("Aktiviteter", r, "I").items()})],
    "VP-4": [Case("verksamhetsplan", [("VP-4", FEL, "Aktiviteter", "I6")], edits={("Aktiviteter", "I6"): "Rymdfart"}),
             Case("verksamhetsplan", [("VP-4", FEL, "Aktiviteter", "I7")], edits={("Aktiviteter", "I7"): None})],
    # ------------------------------------------------------------ investeringsplan (INV-*)
    # ------------------------------------------------------------ bolagsplan (BOL-*): row 6 is Morastrand AB 2027
    "BOL-1": [Case("bolagsplan", [("BOL-1", FEL, "Balans", "J6")], edits={("Balans", "C6"): 1})],
    "BOL-2": [Case("bolagsplan", [("BOL-2", FEL, "Lån och borgen", "D6")],
                   edits={("Lån och borgen", "D6"): 460_000})],  # borgensram 450 000 (organisation.yaml)
    "BOL-3": [Case("bolagsplan", [("BOL-3", FEL, "Resultat", "C6")],
                   edits={("Resultat", "C6"): None, ("Resultat", "D6"): None})],
    "BOL-4": [Case("bolagsplan", [("BOL-4", VARN, "Ägardirektiv", "F6")], edits={("Ägardirektiv", "F6"): None})],
    "INV-1": [Case("investeringsplan", [("INV-1", VARN, "Projekt", "J6")],
                   edits={("Projekt", "J6"): None, ("Driftkostnadskalkyl", "B7"): 2000})],
    "INV-2": [Case("investeringsplan", [("INV-2", FEL, "Projekt", "D6")], edits={("Projekt", "D6"): "Ja"}),
              Case("investeringsplan", [("INV-2", VARN, "Projekt", "D6")], namnd="tn",
                   edits={("Projekt", "C6"): "Skolor och förskolor"})],
    "INV-3": [Case("investeringsplan", [("INV-3", VARN, "Projekt", "A6")], edits=clear_row("Driftkostnadskalkyl", 7, "I")),
              Case("investeringsplan", [("INV-3", VARN, "Driftkostnadskalkyl", "B7")],
                   edits={("Driftkostnadskalkyl", "B7"): 9000})],
    "INV-4": [Case("investeringsplan", [("INV-4", FEL, "Projekt", "E6")], edits={("Projekt", "E6"): "50"})],
    "INV-5": [Case("investeringsplan", [("INV-5", FEL, "Inköpsplan", "A6")], edits=clear_row("Inköpsplan", 6, "G"))],
    # lokalbehovsplan (fgn's example: row 7 ny lokal, row 8 mer yta, row 9 avveckling)
    "LOK-1": [Case("lokalbehovsplan", [("LOK-1", FEL, "Lokalbehov", "F7")], edits={("Lokalbehov", "F7"): Y + 3}),
              Case("lokalbehovsplan", [("LOK-1", FEL, "Lokalbehov", "F9")], edits={("Lokalbehov", "F9"): Y - 1})],
    "LOK-2": [Case("lokalbehovsplan", [("LOK-2", FEL, "Lokalbehov", "E8")], edits={("Lokalbehov", "E8"): None}),
              Case("lokalbehovsplan", [("LOK-2", FEL, "Lokalbehov", "E9")], edits={("Lokalbehov", "E9"): None}),
              Case("lokalbehovsplan", [("LOK-2", VARN, "Lokalbehov", "G7")], edits={("Lokalbehov", "G7"): None})],
    "INV-6": [Case("investeringsplan", [("INV-6", FEL, "Projekt", "G6")], edits={("Projekt", "G6"): Y - 1})],
    # ------------------------------------------------------------ driftbudget (EKO-*)
    "EKO-1": [Case("driftbudget", [("EKO-1", FEL, "Sammanfattning", "B6")],
                   edits={("Driftbudget", "H6"): FGN_RAM_2027 + 2000})],
    "EKO-2": [Case("driftbudget", [("EKO-2", FEL, "Driftbudget", "C8")],
                   edits={("Driftbudget", "H6"): FGN_RAM_2027, ("Driftbudget", "A8"): "410",
                          ("Driftbudget", "B8"): "6011", ("Driftbudget", "H8"): 1000}),
              Case("driftbudget", [("EKO-2", FEL, "Driftbudget", "C6")],
                   edits={("Driftbudget", "C6"): "För- och grundskolenämnden"})],
    "EKO-3": [Case("driftbudget", [("EKO-3", FEL, "Driftbudget", c) for c in ("E7", "F7", "G7")],
                   edits={("Driftbudget", "B7"): "50 Löner arbetad tid"})],
    "EKO-4": [Case("driftbudget", [("EKO-4", VARN, "Konsekvensanalys", "A6")], edits=clear_row("Konsekvensanalys", 6, "E"))],
    # ------------------------------------------------------------ taxor (TAX-*)
    "TAX-1": [Case("taxor", [("TAX-1", FEL, "Taxor", "H6")], edits={("Taxor", "H6"): None}),
              Case("taxor", [("TAX-1", FEL, "Taxor", "H7")], edits={("Taxor", "F7"): 55})],
    # ------------------------------------------------------------ intern kontroll (IK-*)
    "IK-1": [Case("internkontrollplan", [("IK-1", FEL, "Kontrollplan", "A6")], edits=clear_row("Kontrollplan", 11, "K"))],
    # ------------------------------------------------------------ follow-ups (UPP-*, IK-2, AR-1), uppföljningsår 2026
    "UPP-1": [Case("manadsrapport", [("UPP-1", FEL, "Sammanfattning", "B4")], edits={meta_cell("period"): f"{U}-06"}),
              Case("delarsrapport", [("UPP-1", FEL, "Sammanfattning", "B4")], edits={meta_cell("period"): f"{U}-09"})],
    "UPP-2": [Case("manadsrapport", [("UPP-2", FEL, "Ekonomi", "F6")],
                   edits={("Ekonomi", "E6"): None, ("Ekonomi", "F6"): None}),
              Case("uppfoljning_jan_apr", [("UPP-2", FEL, "Sammanfattning", "B18")],
                   edits={("Sammanfattning", "B18"): None})],
    "UPP-3": [Case("delarsrapport", [("UPP-3", FEL, "Mål", "E6")], edits={("Mål", "E6"): None})],
    "UPP-4": [Case("manadsrapport", [("UPP-4", FEL, "Sammanfattning", "B10")],
                   edits={("Ekonomi", "J6"): FGN_400_2026 + 300 + 1000}),
              Case("manadsrapport", [("UPP-4", VARN, "Ekonomi", "L6")],
                   edits={("Ekonomi", "J6"): FGN_400_2026 + 300 + 1000, ("Åtgärder", "A6"): "410 Grundskola",
                          ("Åtgärder", "B6"): "Vakanta tjänster tillsätts inte", ("Åtgärder", "C6"): 500})],
    "UPP-5": [Case("delarsrapport", [("UPP-5", FEL, "Mått", "H6")], edits={("Mått", "H6"): None})],
    "UPP-6": [Case("manadsrapport", [("UPP-6", VARN, "Ekonomi", "M6")], edits={("Ekonomi", "F6"): 140000})],
    "UPP-7": [Case("manadsrapport", [("UPP-7", FEL, "Ekonomi", "B10")], config=lambda c: _without_budget(c, "fgn", "420"),
                   edits={("Ekonomi", "A10"): "420 Anpassad grundskola", ("Ekonomi", "B10"): 25490,
                          ("Ekonomi", "E10"): 0, ("Ekonomi", "F10"): 6000, ("Ekonomi", "I10"): 0,
                          ("Ekonomi", "J10"): 25490})],
    "IK-2": [Case("verksamhetsberattelse", [("IK-2", FEL, "Intern kontroll", "D6")],
                  edits={("Intern kontroll", "D6"): "Pågår"}),
             Case("verksamhetsberattelse", [("IK-2", FEL, "Intern kontroll", "E7")],
                  edits={("Intern kontroll", "E7"): None})],
    "IK-3": [Case("verksamhetsberattelse", [("IK-3", FEL, "Intern kontroll", "G6")],
                  edits={("Intern kontroll", "F6"): "Ja"})],
    "UTF-3": [Case("manadsrapport", [("UTF-3", FEL, "Sammanfattning", "B15"), ("UTF-3", FEL, "Sammanfattning", "B16")],
                   edits={("Sammanfattning", "B14"): "utfall-2026.se (SIE 4E, sha256 0123456789ab), t.o.m. 2026-03",
                          ("Sammanfattning", "B15"): 0, ("Sammanfattning", "B16"): 0})],
    "AR-1": [Case("verksamhetsberattelse", [("AR-1", FEL, "Insatsområden", "B6")],
                  edits={("Insatsområden", "B6"): None}),
             Case("verksamhetsberattelse", [("AR-1", FEL, "Mål", "E8")], edits={("Mål", "E8"): None})],
    # ------------------------------------------------------------ the decision block on Anvisningar (BES-*)
    "BES-1": [Case("taxor", [("BES-1", FEL, ANV, "B7")], edits={**DECIDED, (ANV, "B7"): None}),
              Case("taxor", [("BES-1", VARN, ANV, "B7")],
                   edits={**DECIDED, (ANV, "B5"): "Preliminär", (ANV, "B7"): None},
                   check=_field("dokumentstatus", "preliminär"))],
    "BES-2": [Case("taxor", [("BES-2", VARN, ANV, "B6"), ("BES-2", VARN, ANV, "B8")],
                   edits={(ANV, "B5"): "Fastställd", (ANV, "B7"): dt.date(U, 9, 16)},
                   check=_field("beslutsdatum", dt.date(U, 9, 16)))],
    "BES-3": [Case("taxor", [("BES-3", FEL, ANV, "B7")], edits={**DECIDED, (ANV, "B7"): dt.date(2099, 1, 1)}),
              Case("taxor", [("BES-3", FEL, ANV, "B7")], edits={**DECIDED, (ANV, "B7"): dt.date(Y - 2, 12, 31)}),
              Case("manadsrapport", [("BES-3", FEL, ANV, "B7")],  # the report t.o.m. March decided in March
                   edits={**DECIDED, (ANV, "B7"): dt.date(U, 3, 20)}),
              Case("manadsrapport", [], edits={**DECIDED, (ANV, "B7"): dt.date(U, 4, 1)})],
    "BES-4": [Case("taxor", [("BES-4", VARN, ANV, "B5")], edits={(ANV, "B8"): "§ 12"},
                   check=_field("dokumentstatus", "utkast"))],
}


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory, config: Config) -> dict[str, dict[str, Path]]:
    """Valid workbooks of every document type for a few nämnder, written once per module."""
    root = tmp_path_factory.mktemp("valid")
    return {n: build_all(config, n, root / n, followups=True) for n in NAMNDER}


def _flat(findings: list) -> list[tuple[str, str, str | None, str | None]]:
    return sorted((f.rule, str(f.severity), f.loc.sheet, f.loc.cell) for f in findings)


def _run(case: Case, tmp: Path, config: Config, valid: dict[str, Path]):
    """Copy the valid files the case needs, apply its edits, validate them in one run."""
    if case.config is not None:
        config = case.config(config)
        local = {d: build(d, config, case.namnd, tmp / f"{d}.xlsx") for d in (case.doc, *case.together) if d}
    else:
        local = {d: copy(p, tmp / p.name) for d, p in valid.items() if d == case.doc or d in case.together}
    target = case.make(tmp, valid) if case.make is not None else local[case.doc]
    if case.edits or case.delete_sheets:
        edit(target, case.edits, delete_sheets=case.delete_sheets)
        if not case.forged and any(sheet == META_SHEET for sheet, _ in case.edits):
            sign(target, config)
    for d, cells in case.edits_together.items():
        edit(local[d], cells)
    paths = [target, *(local[d] for d in case.together)]
    report, checked = validate_paths(paths, config)
    return report, checked


# ---------------------------------------------------------------- tests
def test_every_rule_has_a_case() -> None:
    missing = sorted(set(VALIDATION) - set(CASES))
    unknown = sorted(set(CASES) - set(VALIDATION))
    assert not missing, f"regler utan testfall i tests/test_rules.py: {missing}"
    assert not unknown, f"testfall för regler som inte finns: {unknown}"


@pytest.mark.parametrize("rule_id", sorted(VALIDATION))
def test_rule_fires(rule_id: str, tmp_path: Path, config: Config, valid: dict[str, dict[str, Path]]) -> None:
    cases = CASES.get(rule_id)
    assert cases, f"regeln {rule_id} saknar testfall i CASES"
    for i, case in enumerate(cases):
        tmp = tmp_path / str(i)
        tmp.mkdir()
        report, checked = _run(case, tmp, config, valid[case.namnd])
        target, *others = report.files
        assert _flat(target.findings) == sorted(case.expect), f"{rule_id} fall {i}: {target.findings}"
        for f in target.findings:
            assert f.message.strip() and f.loc.file == target.file
        for other in others:
            assert other.findings == [], f"{rule_id} fall {i}: {other.file}: {other.findings}"
        assert target.valid is (not any(sev == FEL for _, sev, _, _ in case.expect))
        if case.check is not None:
            case.check(checked[0].document)


@pytest.mark.parametrize("namnd", NAMNDER)
def test_valid_workbooks_have_no_findings(namnd: str, config: Config, valid: dict[str, dict[str, Path]]) -> None:
    files = valid[namnd]
    report, checked = validate_paths(list(files.values()), config)
    assert [(fr.document, fr.findings) for fr in report.files] == [(d, []) for d in files]
    assert report.exit_code() == 0
    # The documents were really read: every table the builder filled or the template pre-filled has rows.
    for c in checked:
        doc = c.report.document
        assert doc is not None and c.document is not None
        form = FORMS[doc]
        pre = form.prefill(config, namnd, c.document.year) if form.prefill else None
        filled = {k for k, rows in values_for(doc, config, namnd).get("rows", {}).items() if rows}
        filled |= {k for k, rows in (pre.rows if pre else {}).items() if rows}
        assert filled and all(c.document.rows(k) for k in filled), (doc, filled)


@pytest.mark.parametrize("rule_id", sorted(VALIDATION))
def test_rule_silent_on_valid_input(rule_id: str, config: Config, valid: dict[str, dict[str, Path]]) -> None:
    """Validated together, every document of a nämnd is read and every rule (cross-document ones too) runs."""
    r = VALIDATION[rule_id]
    for namnd, files in valid.items():
        report, checked = validate_paths(list(files.values()), config)
        docs = {c.report.document for c in checked if c.document is not None}
        assert set(r.documents) <= docs and set(r.needs) <= docs
        hits = [f for fr in report.files for f in fr.findings if f.rule == rule_id]
        assert hits == [], f"{rule_id} hos {namnd}: {hits}"


def test_cross_document_rules_need_the_other_document(tmp_path: Path, config: Config,
                                                      valid: dict[str, dict[str, Path]]) -> None:
    """NP-2 and VP-2 run only when the other document is validated in the same call."""
    files = {d: copy(p, tmp_path / p.name) for d, p in valid["fgn"].items()}
    edit(files["verksamhetsplan"], {("Aktiviteter", "C8"): "NM9"})
    alone, _ = validate_paths([files["verksamhetsplan"]], config)
    assert alone.files[0].findings == []
    both, _ = validate_paths([files["namndplan"], files["verksamhetsplan"]], config)
    assert [_flat(fr.findings) for fr in both.files] == [
        [("NP-2", VARN, "Mål", "A8")], [("VP-2", FEL, "Aktiviteter", "C8")],
    ]


def test_valid_set_survives_a_spreadsheet_round_trip(tmp_path: Path, config: Config,
                                                     valid: dict[str, dict[str, Path]]) -> None:
    """Opened and saved by a real spreadsheet (LibreOffice) the valid set stays valid, and a formula typed into an
    input cell is reported (STR-13) while its calculated value is still read."""
    src = tmp_path / "in"
    files = [copy(p, src / p.name) for p in valid["fgn"].values()]
    formula = edit(copy(valid["fgn"]["namndplan"], src / "formel.xlsx"), {("Mått", "F6"): "=60+10.5"})
    out = recalc([*files, formula], tmp_path / "out")
    report, checked = validate_paths(out, config)
    *plain, with_formula = report.files
    assert [fr.findings for fr in plain] == [[] for _ in plain]
    assert _flat(with_formula.findings) == [("STR-13", VARN, "Mått", "F6")]
    _value("matt", "utgangsvarde", 6, 70.5)(checked[-1].document)


def test_findings_are_capped_per_rule_and_sheet(tmp_path: Path, config: Config,
                                                valid: dict[str, dict[str, Path]]) -> None:
    """Sixty bad cells give fifty findings and one that counts the rest, not a wall of text."""
    path = copy(valid["fgn"]["driftbudget"], tmp_path / "d.xlsx")
    edit(path, {("Driftbudget", f"{c}{r}"): "x" for r in range(6, 26) for c in "HIJ"})
    report, _ = validate_paths([path], config)
    str8 = [f for f in report.files[0].findings if f.rule == "STR-8"]
    assert len(str8) == 51
    assert str8[-1].message == "… och 10 till av samma slag på bladet."


def test_no_rule_crashes_on_an_empty_template(tmp_path: Path, config: Config) -> None:
    """An unfilled template gives Swedish findings, never 'Regeln ... kunde inte köras'."""
    from xltools.excel.write import write_template
    from xltools.reading import expected_year

    paths = [write_template(form, config, "sn", expected_year(form, config), tmp_path / f"{d}.xlsx")
             for d, form in FORMS.items()]
    report, _ = validate_paths(paths, config)
    crashes = [f for fr in report.files for f in fr.findings if "kunde inte köras" in f.message]
    assert crashes == []

