"""Issue 16 part 6: last year's figures in this year's driftbudget template.

The template's sheet "Förra året" shows, read-only, the adopted driftbudget of the year before per
verksamhet (config/uppfoljning.yaml: the budget the follow-ups of 2026 measure against), so the economist
budgets against it. Hand check: Socialnämnden 2026 = 228 820 + 108 960 + 98 060 + 54 480 + 38 140 + 16 340
= 544 800 tkr (the comment in uppfoljning.yaml).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import yaml

from xltools.config import load_config
from xltools.excel.read import read_file
from xltools.forms import FORMS
from xltools.forms.driftbudget import last_year
from xltools.reading import read_document

ROOT = Path(__file__).resolve().parents[1]
WB = ROOT / "workbooks" / "planering"


def test_the_example_driftbudget_shows_last_years_budget_locked_and_reads_it_back() -> None:
    path = WB / "driftbudget-sn-2027.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["Förra året"]
    assert ws["B5"].value == "Fastställd budget 2026 (nettokostnad) (tkr)"
    rows = [(ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value) for r in range(6, 12)]
    u = yaml.safe_load((ROOT / "config" / "uppfoljning.yaml").read_text(encoding="utf-8"))["driftbudget"]["sn"]
    assert [b for _, b in rows] == list(u.values()) and sum(u.values()) == 544800
    assert rows[0][0].startswith("500 ")
    assert ws.protection.sheet and ws["B6"].protection.locked and not ws["E6"].protection.locked  # comment: open
    config, _ = load_config(ROOT / "config")
    raw = read_file(path)
    doc, findings = read_document(raw.grid, str(path), config, raw.sha256)
    assert doc is not None and not [f for f in findings if f.severity == "fel"]
    assert [(r.get("verksamhet"), r.get("budget_fg")) for r in doc.rows("forra_aret")] == list(u.items())


def test_without_last_years_budget_the_sheet_is_empty(tmp_path: Path) -> None:
    config, _ = load_config(ROOT / "config")
    assert config is not None
    assert last_year(config, "sn", 2027) and last_year(config, "sn", 2028) == []  # only the year after the follow-up
    assert FORMS["driftbudget"].sheet("Förra året").table.key == "forra_aret"


# ---------------------------------------------------------------- prognos t−1 (the latest follow-up)
def _generate(tmp_path: Path, *extra: str) -> tuple[int, str, Path]:
    from click.testing import CliRunner

    from xltools.cli.main import cli

    out = tmp_path / "mallar"
    r = CliRunner().invoke(cli, ["templates", "generate", "--config", str(ROOT / "config"), "--namnd", "sn",
                                 "--namnd", "tn", "--dokument", "driftbudget", "--dokument", "investeringsplan",
                                 "--out", str(out), *extra])
    return r.exit_code, r.output, out


def test_last_years_prognos_from_the_latest_follow_up_locked_beside_the_budget(tmp_path: Path) -> None:
    """`templates generate --prognos` reads the follow-ups of 2026 (the example folder's latest report is the
    verksamhetsberättelse 2026-12), and each verksamhet's and project's prognos lands, locked, on "Förra året"
    with the report, file and row it comes from; the workbook still reads back without fel."""
    from xltools.jobs.uppfoljning import gather, latest_period

    code, output, out = _generate(tmp_path, "--prognos", str(ROOT / "workbooks" / "uppfoljning"))
    assert code == 0, output
    config, _ = load_config(ROOT / "config")
    period = latest_period(ROOT / "workbooks" / "uppfoljning", config)
    assert f"förifylls ur {period}" in output
    fu = gather(ROOT / "workbooks" / "uppfoljning", config, period).followup
    want = {r.verksamhet: r.prognos for r in fu.rader if r.namnd == "sn"}
    assert len(want) == 6
    path = out / "driftbudget-sn-2027.xlsx"
    ws = openpyxl.load_workbook(path)["Förra året"]
    head = [ws.cell(row=5, column=c).value for c in range(1, 6)]
    assert head[2].startswith("Prognos 2026") and head[3] == "Prognosens källa"
    got = {}
    for r in range(6, 12):
        kod = str(ws.cell(row=r, column=1).value).split()[0]
        got[kod] = ws.cell(row=r, column=3).value
        assert ws.cell(row=r, column=2).value is not None  # the budget stays on the same row (joined on verksamhet)
        assert "verksamhetsberattelse-sn-2026-2026-12.xlsx, Ekonomi rad" in ws.cell(row=r, column=4).value
        assert ws.cell(row=r, column=3).protection.locked and not ws.cell(row=r, column=5).protection.locked
    assert got == {k.split()[0]: v for k, v in want.items()}
    raw = read_file(path)
    doc, findings = read_document(raw.grid, str(path), config, raw.sha256)
    assert doc is not None and not [f for f in findings if f.severity == "fel"]
    assert sum(r.get("prognos_fg") for r in doc.rows("forra_aret")) == sum(want.values())
    inv = openpyxl.load_workbook(out / "investeringsplan-tn-2027.xlsx")["Förra året"]
    rows = [[inv.cell(row=r, column=c).value for c in range(1, 5)] for r in range(6, 10)]
    budget = {i.id: i.budget for i in config.uppfoljning.investeringar["tn"]}
    prognos = {i.projekt_id: i.prognos for i in fu.investeringar if i.namnd == "tn"}
    assert {r[0]: (r[2], r[3]) for r in rows} == {k: (budget[k], prognos.get(k)) for k in budget}


def test_prognos_from_a_folder_without_follow_ups_is_a_note_not_a_stop(tmp_path: Path) -> None:
    empty = tmp_path / "tom"
    empty.mkdir()
    code, output, out = _generate(tmp_path, "--prognos", str(empty))
    assert code == 0, output
    assert "Ingen uppföljning för 2026" in output
    ws = openpyxl.load_workbook(out / "driftbudget-sn-2027.xlsx")["Förra året"]
    assert ws.cell(row=6, column=2).value == 228820 and ws.cell(row=6, column=3).value is None
    code, output, _ = _generate(tmp_path / "b", "--prognos", str(tmp_path / "finns-inte"))
    assert code == 1 and "Traceback" not in output and "finns-inte" in output


def test_prognos_prefills_from_a_follow_up() -> None:
    """The follow-up's rows become one pre-fill per nämnd and document, locked, with their source."""
    from xltools.jobs.uppfoljning import gather
    from xltools.uppfoljning.forra_aret import LOCKED, prognos_prefills

    config, _ = load_config(ROOT / "config")
    fu = gather(ROOT / "workbooks" / "uppfoljning", config, "2026-08").followup
    pre = prognos_prefills(fu)
    sn = pre["driftbudget"]["sn"]
    assert sn.locked == {"forra_aret": LOCKED}
    row = sn.rows["forra_aret"][0]
    assert row["verksamhet"].startswith("500") and row["prognos_kalla"].startswith("Delårsrapport januari–augusti 2026: ")
    assert sum(r["prognos_fg"] for r in sn.rows["forra_aret"]) == next(n.prognos for n in fu.namnder if n.namnd == "sn")
    assert set(pre["investeringsplan"]) == {i.namnd for i in fu.investeringar}
