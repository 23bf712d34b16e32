"""Prevention in the sheet (issue 12, part 8): the templates' lists offer only what a column accepts, amount
columns say what is allowed (whole tkr, no minus sign, the decimal comma) and refuse an amount on a konto of
the other klass, and a conditional format marks an amount already in the wrong column.

Templates are written by the real writer and read back with openpyxl (validations, conditional formats,
number formats); LibreOffice renders a driftbudget with an amount in the wrong column, and the marked cell's
fill is read back from LibreOffice's own xlsx export of what it evaluated.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.fill import dropdown_items
from support.libreoffice import recalc
from support.workbooks import copy, edit

from xltools.cells import col_letter
from xltools.config import Config, KontoKlass
from xltools.excel.read import read_file
from xltools.excel.write import TKR_DECIMAL, TKR_WHOLE, write_template
from xltools.forms import FORMS
from xltools.forms.layout import ColType
from xltools.forms.lists import list_items
from xltools.reading import read_document

Y = 2027


@pytest.fixture(scope="module")
def drift(tmp_path_factory: pytest.TempPathFactory, config: Config) -> Path:
    return write_template(FORMS["driftbudget"], config, "fgn", Y, tmp_path_factory.mktemp("mall") / "d.xlsx")


def _dvs(path: Path, sheet: str) -> dict[str, object]:
    wb = load_workbook(path)
    return {str(dv.sqref): dv for dv in wb[sheet].data_validations.dataValidation}


def test_the_investeringsplan_offers_only_investment_accounts(tmp_path: Path, config: Config) -> None:
    path = write_template(FORMS["investeringsplan"], config, "tn", Y, tmp_path / "i.xlsx")
    wb = load_workbook(path)
    offered = dropdown_items(wb, "konton_investering")
    investment = [f"{k.kod} {k.namn}" for k in config.kontoplan.konton if k.klass == KontoKlass.INVESTERING]
    assert offered == investment and len(offered) < len(config.kontoplan.konton)
    sheet, t = FORMS["investeringsplan"].table("projekt")
    letter = col_letter(t.col("konto"))
    dv = _dvs(path, sheet.name)[f"{letter}{t.first_row}:{letter}{t.last_row}"]
    assert dv.type == "list" and dv.formula1 == "lst_konton_investering"


def test_a_drift_account_typed_past_the_list_gets_the_rules_message(tmp_path: Path, config: Config) -> None:
    """The reader reads the column against every account, so INV-4 explains instead of 'not in the list'."""
    from xltools.validate import validate_paths

    drift = next(k.kod for k in config.kontoplan.konton if k.klass == KontoKlass.KOSTNAD)
    path = write_template(FORMS["investeringsplan"], config, "tn", Y, tmp_path / "i.xlsx",
                          values={"rows": {"projekt": [{"projekt_id": "P1", "namn": "Ny bro", "konto": drift,
                                                       "kategori": config.ekonomi.investeringskategorier[0].id}]}})
    report, _ = validate_paths([path], config)
    rules = {f.rule for fr in report.files for f in fr.findings}
    assert "STR-10" not in rules and "INV-4" in rules


def test_amount_columns_say_what_is_allowed(drift: Path, config: Config, tmp_path: Path) -> None:
    sheet, t = FORMS["driftbudget"].table("drift")
    dvs = _dvs(drift, sheet.name)
    for c in t.columns:
        if c.type != ColType.TKR or not c.input:
            continue
        letter = col_letter(t.col(c.key))
        dv = dvs[f"{letter}{t.first_row}:{letter}{t.last_row}"]
        assert dv.showErrorMessage and TKR_WHOLE in dv.error and "minustecken" in dv.error, c.key
        assert "=INT(" in dv.formula1, c.key  # whole tkr: a decimal is refused, so no total looks a krona off
    wb = load_workbook(drift)
    assert wb[sheet.name].cell(row=t.first_row, column=t.col("intakter_1")).number_format == "#,##0"
    # a follow-up (utfall from the ekonomisystem has decimals): decimals allowed and the message says the comma
    form = FORMS["delarsrapport"]
    path = write_template(form, config, "fgn", config.uppfoljning.ar, tmp_path / "u.xlsx", period=f"{config.uppfoljning.ar}-08")
    fsheet, ft = form.table("ekonomi")
    letter = col_letter(ft.col("utfall_kostnader"))
    dv = _dvs(path, fsheet.name)[f"{letter}{ft.first_row}:{letter}{ft.last_row}"]
    assert dv.type == "decimal" and dv.error == TKR_DECIMAL and "kommatecken" in dv.error


@pytest.mark.parametrize(("column", "other"), [("intakter_1", "konton_kostnad"), ("kostnader_2", "konton_intakt")])
def test_an_amount_on_a_konto_of_the_other_klass_is_refused_and_marked(drift: Path, column: str, other: str) -> None:
    sheet, t = FORMS["driftbudget"].table("drift")
    letter, konto = col_letter(t.col(column)), col_letter(t.col("konto"))
    here = f"{letter}{t.first_row}"
    dv = _dvs(drift, sheet.name)[f"{here}:{letter}{t.last_row}"]
    assert dv.type == "custom" and f"COUNTIF(lst_{other},${konto}{t.first_row})=0" in dv.formula1
    assert "skrivs bara på" in dv.error
    ws = load_workbook(drift)[sheet.name]
    rules = [(str(cf.sqref), r) for cf in ws.conditional_formatting for r in cf.rules]
    mine = [r for ref, r in rules if ref == f"{here}:{letter}{t.last_row}"]
    assert len(mine) == 1 and mine[0].type == "expression"
    assert mine[0].formula == [f"AND(N({here})<>0,COUNTIF(lst_{other},${konto}{t.first_row})>0)"]


def test_libreoffice_marks_an_amount_in_the_wrong_column(drift: Path, config: Config, tmp_path: Path) -> None:
    """A kostnad typed on an intäktskonto: LibreOffice evaluates the conditional format against the hidden
    list (its PDF shows the cell marked); the same file still reads, and validation reports EKO-3 at the cell."""
    sheet, t = FORMS["driftbudget"].table("drift")
    intakt = next(f"{k.kod} {k.namn}" for k in config.kontoplan.konton if k.klass == KontoKlass.INTAKT)
    r = t.first_row
    cost = f"{col_letter(t.col('kostnader_1'))}{r}"
    path = edit(copy(drift, tmp_path / "fel-kolumn.xlsx"), {(sheet.name, f"A{r}"): list_items("verksamheter", config, "fgn")[0][1],
                                                       (sheet.name, f"B{r}"): intakt, (sheet.name, cost): 1250})
    pdf, = recalc([path], tmp_path / "pdf", fmt="pdf")
    assert pdf.stat().st_size > 1000
    raw = read_file(path)
    doc, _ = read_document(raw.grid, str(path), config)
    assert doc is not None and doc.rows("drift")[0].get("kostnader_1") == 1250
    from xltools.validate import validate_paths

    report, _ = validate_paths([path], config)
    assert ("EKO-3", sheet.name, cost) in {(f.rule, f.loc.sheet, f.loc.cell) for fr in report.files for f in fr.findings}


def test_a_verksamhet_typed_in_lower_case_is_read(tmp_path: Path, config: Config, drift: Path) -> None:
    sheet, t = FORMS["driftbudget"].table("drift")
    kod, shown = list_items("verksamheter", config, "fgn")[0]
    path = edit(copy(drift, tmp_path / "gemener.xlsx"), {(sheet.name, f"A{t.first_row}"): shown.lower(),
                                                   (sheet.name, f"B{t.first_row}"): list_items("konton_kostnad", config, "fgn")[0][1],
                                                   (sheet.name, f"H{t.first_row}"): 100})
    doc, findings = read_document(read_file(path).grid, str(path), config)
    assert doc is not None and doc.rows("drift")[0].get("verksamhet") == kod
    assert not [f for f in findings if f.rule == "STR-10"]


def _namnd_with_riktade(config: Config, year: int) -> str:
    return next(n.id for n in config.organisation.namnder if config.riktade_mal_for(n.id, year))


def test_a_namndmal_row_offers_only_namndmal(tmp_path: Path, config: Config) -> None:
    """Riktade mål come pre-filled (locked) from KF: the typ list of a row the nämnd adds offers only Nämndmål,
    and the pre-filled rows still read back as riktade mål (the reader reads the whole maltyp list)."""
    namnd = _namnd_with_riktade(config, Y)
    path = write_template(FORMS["namndplan"], config, namnd, Y, tmp_path / "n.xlsx")
    wb = load_workbook(path)
    assert dropdown_items(wb, "maltyp_egen") == ["Nämndmål"]
    sheet, t = FORMS["namndplan"].table("mal")
    letter = col_letter(t.col("typ"))
    assert _dvs(path, sheet.name)[f"{letter}{t.first_row}:{letter}{t.last_row}"].formula1 == "lst_maltyp_egen"
    doc, findings = read_document(read_file(path).grid, str(path), config)
    assert doc is not None and not [f for f in findings if f.rule == "STR-10"]
    riktade = {r.id for r in config.riktade_mal_for(namnd, Y)}
    assert {r.get("mal_id") for r in doc.rows("mal") if r.get("typ") == "riktat"} == riktade
    strategic = [f"{m.id} – {m.text}" for m in config.malkedja.strategiska_mal]
    assert dropdown_items(wb, "strategiska_mal") == strategic  # a nämndmål links to a strategiskt mål only


def test_id_lists_end_at_the_last_id(tmp_path: Path, config: Config) -> None:
    """The Mått sheet's Mål-id list ends at the last mål (no trailing blank entry preselected). LibreOffice
    evaluates the list's own formula: as many entries as the Mål table has rows down to its last id."""
    namnd = _namnd_with_riktade(config, Y)
    form = FORMS["namndplan"]
    path = write_template(form, config, namnd, Y, tmp_path / "n.xlsx")
    msheet, matt = form.table("matt")
    letter = col_letter(matt.col("mal_id"))
    formula = _dvs(path, msheet.name)[f"{letter}{matt.first_row}:{letter}{matt.last_row}"].formula1
    assert formula.startswith("OFFSET(") and "SUMPRODUCT(" in formula
    sheet, mal = form.table("mal")
    pre = len(config.riktade_mal_for(namnd, Y))
    own = mal.first_row + pre + 1  # one empty row between the riktade mål and the nämnd's own mål
    probe = {(msheet.name, "AA1"): f"=ROWS({formula})", (msheet.name, "AA2"): f"=INDEX({formula},ROWS({formula}))",
             (msheet.name, "AA3"): f'=COUNTIF({formula},"")'}
    edited = edit(copy(path, tmp_path / "egna.xlsx"), {(sheet.name, f"A{own}"): "NM1", (sheet.name, f"B{own}"): "Nämndmål",
                                                     **probe})
    empty = write_template(form, config, namnd, Y, tmp_path / "tom.xlsx", prefill=None)
    wb_empty = load_workbook(empty)
    for r in range(mal.first_row, mal.last_row + 1):
        wb_empty[sheet.name][f"A{r}"] = None
    for ref, value in probe.items():
        wb_empty[ref[0]][ref[1]] = value
    wb_empty.save(empty)
    again, again_empty = recalc([edited, empty], tmp_path / "lo")
    ws = load_workbook(again, data_only=True)[msheet.name]
    assert (ws["AA1"].value, ws["AA2"].value, ws["AA3"].value) == (pre + 2, "NM1", 1)  # the one gap, none at the end
    ws = load_workbook(again_empty, data_only=True)[msheet.name]
    assert ws["AA1"].value == 1  # an empty table: one blank entry, not 20
    lo = {str(dv.sqref): dv for dv in load_workbook(again)[msheet.name].data_validations.dataValidation}
    assert any("OFFSET(" in (dv.formula1 or "") for dv in lo.values()), "LibreOffice dropped the list"
