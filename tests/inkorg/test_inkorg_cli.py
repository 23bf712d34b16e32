"""The command line of the inkorg: `xltools inkorg ta-emot|historik|återsänd|återkalla|lås|släpp-fram`
and `xltools status`, as processes (exit codes, Swedish text, no traceback) and their output files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.inkorg import EXAMPLES, PLANERING, resaved, with_error
from support.libreoffice import recalc

from xltools.forms import PLANNING

ROOT = Path(__file__).resolve().parents[2]
UNITS = 5  # the units of fgn's and bn's organisation (config/organisation.yaml), each its own verksamhetsplan


def xl(*args: str | Path) -> subprocess.CompletedProcess[str]:
    run = subprocess.run([sys.executable, "-m", "xltools", *map(str, args)], capture_output=True, text=True, cwd=ROOT)
    assert "Traceback" not in run.stderr, run.stderr
    return run


@pytest.fixture
def inkorg(tmp_path: Path) -> Path:
    return tmp_path / "inkorg"


def test_receive_history_return_lock_and_release(inkorg: Path, tmp_path: Path) -> None:
    plan = PLANERING / "namndplan-sn-2027.xlsx"
    run = xl("inkorg", "ta-emot", plan, PLANERING / "driftbudget-sn-2027.xlsx", "--inkorg", inkorg, "--av", "Eva")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == f"{plan}: inlämning 1 (namndplan · sn · 2027 · fastställd) – godkänd"
    bad = with_error(PLANERING / "driftbudget-sn-2027.xlsx", tmp_path / "drift-fel.xlsx")
    run = xl("inkorg", "ta-emot", bad, tmp_path / "saknas.xlsx", "--inkorg", inkorg, "--format", "json")
    assert run.returncode == 1
    data = json.loads(run.stdout)
    assert data["mottagna"][0]["tillstand"] == "ej godkänd" and data["mottagna"][0]["fel"] >= 1
    assert data["ej_mottagna"] == [{"kalla": str(tmp_path / "saknas.xlsx"), "varfor": "filen eller mappen finns inte"}]

    assert xl("inkorg", "lås", "1", "--inkorg", inkorg, "--av", "Eva").stdout.strip() == \
        "Inlämning 1 (namndplan · sn) är låst."
    v2 = resaved(plan, tmp_path / "namndplan-v2.xlsx", "v2")
    run = xl("inkorg", "ta-emot", v2, "--inkorg", inkorg)
    assert "– mottagen – väntar: versionen som gäller är låst" in run.stdout
    run = xl("inkorg", "släpp-fram", "4", "-m", "KS beslut 2026-10-12", "--inkorg", inkorg, "--av", "Eva")
    assert run.returncode == 0 and "ersätter den låsta" in run.stdout
    run = xl("inkorg", "återsänd", "4", "-m", "Målvärde saknas för 2029", "--inkorg", inkorg, "--av", "Eva Ekonom")
    assert run.stdout.strip() == "Inlämning 4 (namndplan · sn) är återsänd: Målvärde saknas för 2029"
    hist = xl("inkorg", "historik", "sn", "namndplan", "--inkorg", inkorg).stdout
    assert "återsänd (Eva Ekonom): Målvärde saknas för 2029" in hist
    assert "låst (Eva)" in hist and "ersatt" in hist and plan.name in hist
    run = xl("inkorg", "återsänd", "1", "-m", "x", "--inkorg", inkorg)
    assert run.returncode == 1 and run.stderr.strip() == "fel: Inlämning 1 är ersatt och kan inte bli återsänd."
    assert xl("inkorg", "historik", "okand", "--inkorg", inkorg).returncode != 0


def test_status_outputs_and_libreoffice_opens_the_workbook(inkorg: Path, tmp_path: Path) -> None:
    assert xl("inkorg", "ta-emot", PLANERING, "--inkorg", inkorg).returncode == 0
    out = tmp_path / "status"
    run = xl("status", "--inkorg", inkorg, "--datum", "2099-01-01", "--out", out)
    assert run.returncode == 0, run.stdout  # everything godkänd
    assert "Lämnar inte in: Lönenämnden" in run.stdout
    assert sorted(p.name for p in out.iterdir()) == ["påminnelser.txt", "status.html", "status.json", "status.xlsx"]
    data = json.loads((out / "status.json").read_text(encoding="utf-8"))
    # bolagsplan: KS; each of the five units of fgn's and bn's organisation hands in its own verksamhetsplan
    assert data["summa"]["godkand"] == 15 * (len(PLANNING) - 1) + 1 + UNITS and data["datum"] == "2099-01-01"
    assert data["summa"]["ej_aktuell"] == 14 + UNITS * (len(PLANNING) - 1)  # a unit's other documents: the nämnd's
    assert {(r["namnd"], r["enhet"], r["niva"]) for r in data["namnder"] if "enhet" in r} == {
        ("fgn", "fgf", "förvaltning"), ("fgn", "fgf_grundskola", "avdelning"), ("fgn", "fgf_bjorkbacken", "enhet"),
        ("bn", "sbf", "förvaltning"), ("bn", "sbf_bygglov", "enhet")}
    html = (out / "status.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in html and "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html
    pdf = recalc([out / "status.xlsx"], tmp_path / "pdf", "pdf")[0]
    assert pdf.stat().st_size > 1000
    early = xl("status", "--inkorg", inkorg, "--datum", "2025-12-01", "--format", "json")
    assert early.returncode == 1
    assert json.loads(early.stdout)["summa"]["saknas"] == 15 * (len(PLANNING) - 1) + 1 + UNITS
    bad = xl("status", "--inkorg", inkorg, "--datum", "1 maj")
    assert bad.returncode == 1 and "ÅÅÅÅ-MM-DD" in bad.stderr


def test_a_damaged_ledger_is_a_message_not_a_traceback(inkorg: Path) -> None:
    inkorg.mkdir()
    (inkorg / "liggare.sqlite").write_bytes(b"\x00garbage" * 500)
    run = xl("status", "--inkorg", inkorg)
    assert run.returncode == 1 and "skadad eller ingen SQLite-databas" in run.stderr


def test_where_the_inkorg_is(config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from xltools.inkorg.place import DB_ENV, inkorg_folder, is_inkorg, ledger_db

    assert inkorg_folder(config, tmp_path / "config") == tmp_path / "inkorg"  # planering.inkorg: ../inkorg
    assert inkorg_folder(config.replace(planering=config.planering.replace(inkorg=None)), tmp_path) is None
    monkeypatch.setenv(DB_ENV, "postgresql://ekonomi@db/xltools")
    assert ledger_db(None) == "postgresql://ekonomi@db/xltools" and ledger_db("x.sqlite") == "x.sqlite"
    assert not is_inkorg(tmp_path)
    (tmp_path / "arkiv").mkdir()
    assert is_inkorg(tmp_path)


def test_status_renderers_in_process(config, tmp_path: Path) -> None:  # noqa: ANN001
    import datetime as dt

    from xltools.cli.inkorg import inkorg as group
    from xltools.cli.status import status as status_command
    from xltools.inkorg.receive import Inkorg
    from xltools.jobs.status import compute, write_outputs
    from xltools.reports.status_html import render_status
    from xltools.reports.status_text import reminders, short, table
    from xltools.reports.status_xlsx import write_status

    assert sorted(group.commands) == ["historik", "lås", "släpp-fram", "ta-emot", "återkalla", "återsänd"]
    assert [p.name for p in status_command.params] == ["config_dir", "folder", "db", "datum", "period", "out_dir", "fmt"]
    with Inkorg(tmp_path / "inkorg") as ik:
        ik.receive([PLANERING / "taxor-kfn-2027.xlsx"], config, now=lambda: dt.datetime(2026, 5, 3, 9))
        s = compute(ik, config, dt.date(2026, 5, 10))
    kfn = next(r for r in s.rows if r.namnd == "kfn")
    taxor = next(c for c in kfn.cells if c.dokument == "taxor")
    assert (taxor.text, short(taxor)) == ("godkänd – 3 dagar sent", "godkänd sen 3 d")
    assert "kfn Kultur- och fritidsnäm  " in table(s)
    assert "Kultur- och fritidsnämnden: investeringsplan – försenad (99 dagar); 99 dagar sent" in reminders(s, config)
    assert 'class="godkand">godkänd – 3 dagar sent</td>' in render_status(s, config)
    write_status(s, config, tmp_path / "s.xlsx")
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(tmp_path / "s.xlsx")).get_sheet_by_name("Status").to_python()
    assert rows[3][:3] == ["Nämnd", "Nämnd (id)", "Nämndplan\nsista dag 2026-09-30"]
    assert [p.name for p in write_outputs(s, config, tmp_path / "ut")] == [
        "status.xlsx", "status.html", "status.json", "påminnelser.txt"]


def test_the_kommunplan_from_the_ledger_equals_the_one_from_the_folder(inkorg: Path, tmp_path: Path) -> None:
    assert xl("inkorg", "ta-emot", PLANERING, "--inkorg", inkorg).returncode == 0
    older = resaved(PLANERING / "taxor-kfn-2027.xlsx", tmp_path / "taxor-kfn-2027.xlsx", "before")
    bad = with_error(PLANERING / "driftbudget-sn-2027.xlsx", tmp_path / "driftbudget-sn-fel.xlsx")
    assert xl("inkorg", "ta-emot", bad, "--inkorg", inkorg).returncode == 1  # a version with fel: not used
    assert xl("inkorg", "ta-emot", older, "--inkorg", inkorg).returncode == 0  # a newer version: used
    folder = xl("kommunplan", PLANERING, "--out", tmp_path / "a")
    ledger = xl("kommunplan", inkorg, "--out", tmp_path / "b")
    assert folder.returncode == ledger.returncode, ledger.stderr
    a = json.loads((tmp_path / "a" / "kommunplan-2027.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "b" / "kommunplan-2027.json").read_text(encoding="utf-8"))
    used = {k["file"]: k for k in b["kallor"]}
    assert used["taxor-kfn-2027.xlsx"]["inlamning"] == EXAMPLES + 2 and used["taxor-kfn-2027.xlsx"]["sha256"] == \
        json.loads(xl("validate", older, "--format", "json").stdout)["files"][0]["sha256"]
    assert used["driftbudget-sn-2027.xlsx"]["inlamning"] == 15  # the godkänd version (after bolagsplan-ks), not the newer one with fel
    assert all(k["mottagen"].endswith("Z") for k in b["kallor"])
    for k in b["kallor"]:
        del k["inlamning"], k["mottagen"]
    taxor = next(k for k in a["kallor"] if k["file"] == "taxor-kfn-2027.xlsx")
    taxor["sha256"] = used["taxor-kfn-2027.xlsx"]["sha256"]
    assert a == b


def test_the_follow_up_from_the_ledger_equals_the_one_from_the_folder(inkorg: Path, tmp_path: Path) -> None:
    folder = ROOT / "workbooks" / "uppfoljning"
    assert xl("inkorg", "ta-emot", folder, "--inkorg", inkorg).returncode == 0
    a = xl("uppfoljning", "rapport", folder, "--period", "2026-08", "--out", tmp_path / "a")
    b = xl("uppfoljning", "rapport", inkorg, "--period", "2026-08", "--out", tmp_path / "b")
    assert a.returncode == b.returncode == 0, b.stderr
    ja = json.loads((tmp_path / "a" / "uppfoljning-2026-08.json").read_text(encoding="utf-8"))
    jb = json.loads((tmp_path / "b" / "uppfoljning-2026-08.json").read_text(encoding="utf-8"))
    versions = jb.pop("inlamningar")
    assert len(versions) == len([p for p in folder.glob("*.xlsx") if not p.stem.endswith("-12")])  # up to August
    assert {v["dokument"] for v in versions} == {"manadsrapport", "uppfoljning_jan_apr", "delarsrapport"}
    assert all(len(v["sha256"]) == 64 and v["mottagen"].endswith("Z") for v in versions)

    def names(x: object) -> object:  # a folder's reports are named by their path, the ledger's as handed in
        if isinstance(x, dict):
            return {k: names(v) for k, v in x.items()}
        if isinstance(x, list):
            return [names(v) for v in x]
        return Path(x).name if isinstance(x, str) and x.endswith(".xlsx") else x

    assert names(ja) == names(jb)


def test_status_html_passes_axe_core_in_headless_chromium(inkorg: Path, tmp_path: Path) -> None:
    """Every cell status (godkänd, med fel, återsänd, saknas, försenad) on the page, checked by axe-core."""
    from support.browser import axe_check, require_axe

    require_axe()
    assert xl("inkorg", "ta-emot", PLANERING / "namndplan-sn-2027.xlsx", "--inkorg", inkorg).returncode == 0
    bad = with_error(PLANERING / "driftbudget-sn-2027.xlsx", tmp_path / "drift-fel.xlsx")
    assert xl("inkorg", "ta-emot", bad, PLANERING / "taxor-kfn-2027.xlsx", "--inkorg", inkorg).returncode == 1
    assert xl("inkorg", "återsänd", "3", "-m", "Taxan för 2027 saknas", "--inkorg", inkorg).returncode == 0
    out = tmp_path / "status"
    xl("status", "--inkorg", inkorg, "--datum", "2099-01-01", "--out", out)  # after receiving
    page = out / "status.html"
    text = page.read_text(encoding="utf-8")
    for cls in ("godkand", "med_fel", "atersand", "forsenad"):
        assert f'class="{cls}"' in text, cls
    result = axe_check(page, tmp_path / "axe")
    assert "error" not in result, result
    problems = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert problems == []
    assert result["passes"] >= 10  # axe really ran its rules (contrast, table headers, lang, ...)
