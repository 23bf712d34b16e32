"""Verksamhetsplaner on every level (issue 16 part 7; the seed: "Verksamhetsplan kan göras på flera nivåer;
förvaltning, avdelning eller enhet"): the organisation tree in organisation.yaml, a template per unit, the
unit's own submission in a real inkorg ledger, its status row, the insatsområde of each aktivitet, and the
nämnd's roll-up of activities per mål and level in the kommunplan, on real .xlsx files written and read back."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from support.configs import edited_config
from support.inkorg import PLANERING, resaved

from xltools.config import Config, load_config
from xltools.consolidate.verksamhetsplaner import NIVAER
from xltools.errors import XltoolsError
from xltools.excel.write import write_template
from xltools.forms import FORMS
from xltools.inkorg import status as st
from xltools.inkorg.receive import Inkorg
from xltools.jobs.kommunplan import consolidate, write_outputs
from xltools.jobs.status import write_outputs as write_status_outputs
from xltools.metadata import META_SHEET
from xltools.reports.status_text import table
from xltools.reports.summary import verksamhetsplaner_text
from xltools.templates import generate_all
from xltools.validate import validate_paths

ROOT = Path(__file__).resolve().parents[1]
VP = FORMS["verksamhetsplan"]
Y = 2027
FGN_UNITS = ["fgf", "fgf_grundskola", "fgf_bjorkbacken"]  # config/organisation.yaml: förvaltning, avdelning, enhet


def _tree(cfg_dir: Path, namnd: str, units: list[dict[str, Any]]) -> None:
    from support.configs import edit_yaml

    def change(data: dict[str, Any]) -> None:
        next(n for n in data["namnder"] if n["id"] == namnd)["organisation"] = units

    edit_yaml(cfg_dir, "organisation", change)


# ---------------------------------------------------------------- the tree in the configuration
@pytest.mark.parametrize(("units", "key", "message"), [
    ([{"id": "sbf", "namn": "Förvaltningen", "niva": "forvaltning"},
      {"id": "sbf", "namn": "Bygglov", "niva": "enhet", "under": "sbf"}],
     "namnder[5].organisation[1].id", "enhets-id 'sbf' förekommer redan (under nämnden 'bn')"),
    ([{"id": "sn", "namn": "Förvaltningen", "niva": "forvaltning"}],
     "namnder[5].organisation[0].id", "enhets-id 'sn' förekommer redan (som nämnd-id)"),
    ([{"id": "sbf", "namn": "Förvaltningen", "niva": "sektion"}],
     "namnder[5].organisation[0].niva", "otillåtet värde; tillåtna värden: 'forvaltning', 'avdelning' eller 'enhet'"),
    ([{"id": "sbf_bygglov", "namn": "Bygglov", "niva": "enhet"}],
     "namnder[5].organisation[0].under", "enheten 'sbf_bygglov' ska ange vilken enhet den ligger under (under: id); "
                                         "bara en förvaltning står överst"),
    ([{"id": "sbf", "namn": "Förvaltningen", "niva": "forvaltning"},
      {"id": "sbf_bygglov", "namn": "Bygglov", "niva": "enhet", "under": "sbf_plan"}],
     "namnder[5].organisation[1].under", "'sbf_plan' finns inte i organisationen för nämnden 'bn' (kända: sbf, "
                                         "sbf_bygglov)"),
    ([{"id": "sbf", "namn": "Förvaltningen", "niva": "forvaltning"},
      {"id": "sbf_bygglov", "namn": "Bygglov", "niva": "enhet", "under": "sbf"},
      {"id": "sbf_plan", "namn": "Plan", "niva": "avdelning", "under": "sbf_bygglov"}],
     "namnder[5].organisation[2].under", "avdelningen 'sbf_plan' kan inte ligga under enheten 'sbf_bygglov' "
                                         "(ordningen är förvaltning → avdelning → enhet)"),
    ([{"id": "Sbf", "namn": "Förvaltningen", "niva": "forvaltning"}],
     "namnder[5].organisation[0].id", "har fel form"),
])
def test_a_bad_tree_is_a_swedish_error_naming_file_and_key(tmp_path: Path, units: list[dict[str, Any]], key: str,
                                                           message: str) -> None:
    cfg = edited_config(tmp_path / "cfg", "kommun", lambda d: None)
    _tree(cfg, "bn", units)
    got, errors = load_config(cfg)
    assert got is None
    hits = [e for e in errors if e.key == key]
    assert hits and message in hits[0].message, [str(e) for e in errors]
    assert hits[0].file.endswith("organisation.yaml")


def test_the_example_tree_is_valid_and_a_nämnd_without_one_has_no_units(config: Config) -> None:
    fgn, bn, sn = config.namnd("fgn"), config.namnd("bn"), config.namnd("sn")
    assert [(u.id, u.niva.value, u.under) for u in fgn.organisation] == [
        ("fgf", "forvaltning", None), ("fgf_grundskola", "avdelning", "fgf"),
        ("fgf_bjorkbacken", "enhet", "fgf_grundskola")]
    assert [u.text for u in bn.organisation] == ["Stadsbyggnadsförvaltningen (förvaltning)", "Bygglovsenheten (enhet)"]
    assert sn.organisation == []


# ---------------------------------------------------------------- a template per unit
def test_templates_are_made_per_unit_and_carry_the_unit(config: Config, tmp_path: Path) -> None:
    written = generate_all(config, tmp_path / "mallar", namnder=("fgn", "sn"), documents=("verksamhetsplan",),
                           generated=dt.datetime(2026, 10, 1, 8))
    assert [p.name for p in written] == [
        "verksamhetsplan-fgn-2027.xlsx", "verksamhetsplan-fgn-fgf-2027.xlsx",
        "verksamhetsplan-fgn-fgf_grundskola-2027.xlsx", "verksamhetsplan-fgn-fgf_bjorkbacken-2027.xlsx",
        "verksamhetsplan-sn-2027.xlsx"]  # sn has no tree: one plan, as before
    for path, unit in zip(written, ["", *FGN_UNITS, ""], strict=True):
        wb = load_workbook(path)
        meta = {r[0].value: r[1].value for r in wb[META_SHEET].iter_rows() if r[0].value}
        assert meta.get("org_enhet", "") == unit and meta["namnd"] in ("fgn", "sn")
        shown = wb["Anvisningar"]["A2"].value
        assert ("Björkbackens skola (enhet)" in shown) == (unit == "fgf_bjorkbacken"), shown
        assert wb["Aktiviteter"]["I5"].value == "Insatsområde i strategin"
    generate_all(config, tmp_path / "dok", namnder=("fgn",), documents=("driftbudget",))  # a form made per nämnd only
    assert [p.name for p in (tmp_path / "dok").iterdir()] == ["driftbudget-fgn-2027.xlsx"]


def test_a_template_for_a_unit_not_in_the_tree_is_refused(config: Config, tmp_path: Path) -> None:
    with pytest.raises(XltoolsError, match="enheten 'fgf_okand' finns inte i organisationen för För- och "
                                           "grundskolenämnden"):
        write_template(VP, config, "fgn", Y, tmp_path / "x.xlsx", org_enhet="fgf_okand")
    with pytest.raises(XltoolsError, match=r"Driftbudget \(internbudget\) lämnas per nämnd, inte per enhet"):
        write_template(FORMS["driftbudget"], config, "fgn", Y, tmp_path / "y.xlsx", org_enhet="fgf")
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "y.xlsx").exists()


# ---------------------------------------------------------------- filled, validated, submitted, status, roll-up
def _aktivitet(i: int, mal: str, insats: str | None = "Barn och ungas uppväxtvillkor") -> dict[str, Any]:
    return {"aktivitet_id": f"A{i}", "aktivitet": f"Aktivitet {i} för {mal}", "mal_id": mal, "enhet": "Enheten",
            "ansvarig": "Rektor", "start": dt.date(Y, 2, 1), "klart": dt.date(Y, 11, 30), "status": "ej_paborjad",
            **({"insatsomrade": insats} if insats else {})}


# Which mål each plan has activities for: the nämnd's own plan covers RM1 and RM2 only; the förvaltning NM1, the
# avdelning RM1 and NM1, the enhet RM2; nobody plans for NM2 or NM3 (fgn's nämndplan has RM1, RM2, NM1–NM3).
PLANS: dict[str, list[str]] = {"": ["RM1", "RM2"], "fgf": ["NM1"], "fgf_grundskola": ["RM1", "NM1"],
                               "fgf_bjorkbacken": ["RM2"]}


def _filled(config: Config, folder: Path, unit: str, mal: list[str], **kw: Any) -> Path:
    name = f"verksamhetsplan-fgn{'-' + unit if unit else ''}-{Y}.xlsx"
    rows = [_aktivitet(i, m) for i, m in enumerate(mal, start=1)]
    return write_template(VP, config, "fgn", Y, folder / name, org_enhet=unit,
                          generated=dt.datetime(2026, 11, 2, 9), values={"rows": {"aktiviteter": rows}}, **kw)


def test_each_unit_is_its_own_submission_with_its_own_status_and_the_rollup_shows_the_levels(
        config: Config, tmp_path: Path) -> None:
    sub = tmp_path / "in"
    sub.mkdir()
    for unit, mal in PLANS.items():
        _filled(config, sub, unit, mal)
    for doc in ("namndplan", "driftbudget", "investeringsplan", "internhyror", "taxor"):  # fgn's other documents
        shutil.copy(PLANERING / f"{doc}-fgn-{Y}.xlsx", sub)
    report, _ = validate_paths([sub], config)
    assert [(Path(f.file).name, f.errors) for f in report.files if "verksamhetsplan" in f.file] == [
        (f"verksamhetsplan-fgn{'-' + u if u else ''}-{Y}.xlsx", 0) for u in sorted(PLANS)]
    text = report.to_text()
    assert f"verksamhetsplan-fgn-fgf_bjorkbacken-{Y}.xlsx (verksamhetsplan · fgn/fgf_bjorkbacken · {Y}): godkänd" in text

    day = dt.datetime(2026, 11, 3, 9)
    with Inkorg(tmp_path / "inkorg") as ik:
        got = ik.receive([sub], config, now=lambda: day).received
        vps = {r.identity.org_enhet: r for r in got if r.identity and r.identity.dokument == "verksamhetsplan"}
        assert sorted(vps) == sorted(PLANS) and {r.state for r in vps.values()} == {"godkänd"}
        assert all(not r.superseded for r in got)  # a unit's plan replaces neither the nämnd's nor another unit's
        # A new version of the avdelning's plan replaces that plan only.
        again = ik.receive([resaved(sub / f"verksamhetsplan-fgn-fgf_grundskola-{Y}.xlsx", tmp_path / "v2.xlsx", "2")],
                           config, now=lambda: day + dt.timedelta(hours=1)).received[0]
        assert again.superseded == (vps["fgf_grundskola"].id,) and again.identity.org_enhet == "fgf_grundskola"
        latest = ik.ledger.latest_accepted(ar=Y, dokument="verksamhetsplan")
        assert {k: e.id for k, e in latest.items()} == {
            ("fgn", "verksamhetsplan", str(Y)): vps[""].id, ("fgn", "verksamhetsplan", str(Y), "fgf"): vps["fgf"].id,
            ("fgn", "verksamhetsplan", str(Y), "fgf_grundskola"): again.id,
            ("fgn", "verksamhetsplan", str(Y), "fgf_bjorkbacken"): vps["fgf_bjorkbacken"].id}

        history = [(e.org_enhet, e.state) for e in ik.ledger.history("fgn", "verksamhetsplan")]
        assert history == [("", "godkänd"), ("fgf", "godkänd"), ("fgf_bjorkbacken", "godkänd"),
                           ("fgf_grundskola", "ersatt"), ("fgf_grundskola", "godkänd")]  # the nämnd's, then each unit's
        rows = ik.ledger.status_rows(Y, st.documents_due(config, None), None, dt.datetime(2026, 11, 30))
        s = st.compute(config, rows, dt.date(2026, 11, 30), None)
    fgn = [r for r in s.rows if r.namnd == "fgn"]
    assert [(r.ident, r.niva, r.namn) for r in fgn] == [
        ("fgn", "", "För- och grundskolenämnden"),
        ("fgn/fgf", "förvaltning", "För- och grundskolenämnden · För- och grundskoleförvaltningen (förvaltning)"),
        ("fgn/fgf_grundskola", "avdelning", "För- och grundskolenämnden · Grundskoleavdelningen (avdelning)"),
        ("fgn/fgf_bjorkbacken", "enhet", "För- och grundskolenämnden · Björkbackens skola (enhet)")]
    for r in fgn:
        cells = {c.dokument: c for c in r.cells}
        assert cells["verksamhetsplan"].status == "godkand", r.ident
        if r.org_enhet:  # a unit's other documents are the nämnd's
            assert {c.status for d, c in cells.items() if d != "verksamhetsplan"} == {"ej_aktuell"}
    assert next(c for c in fgn[2].cells if c.dokument == "verksamhetsplan").entry_id == again.id
    bn_units = [r for r in s.rows if r.namnd == "bn" and r.org_enhet]  # nothing received from bn's units yet
    assert [next(c.status for c in r.cells if c.dokument == "verksamhetsplan") for r in bn_units] == ["saknas"] * 2
    assert s.to_dict()["namnder"][2]["enhet"] == "fgf"
    shown = [line for line in table(s).splitlines() if line.startswith("fgn")]
    assert [line.split("  ")[0] for line in shown] == [
        "fgn För- och grundskolenäm", "fgn/fgf – För- och grundskolef", "fgn/fgf_grundskola – Grundskoleavdelninge",
        "fgn/fgf_bjorkbacken – Björkbackens skola ("]
    written = write_status_outputs(s, config, tmp_path / "status")
    ws = load_workbook(written[0], read_only=True)["Status"]
    rows = [r[:3] for r in ws.iter_rows(min_row=5, values_only=True) if r[1] and str(r[1]).startswith("fgn")]
    assert rows == [("För- och grundskolenämnden", "fgn", "godkänd – 34 dagar sent"),  # nämndplan due 2026-09-30, in 11-03
                    ("– För- och grundskoleförvaltningen (förvaltning)", "fgn/fgf", "lämnas av nämnden"),
                    ("– Grundskoleavdelningen (avdelning)", "fgn/fgf_grundskola", "lämnas av nämnden"),
                    ("– Björkbackens skola (enhet)", "fgn/fgf_bjorkbacken", "lämnas av nämnden")]

    plan = consolidate(tmp_path / "inkorg", config)
    v = plan.verksamhetsplaner
    lines = [(m.mal_id, m.typ, *(", ".join(f"{p.namn} ({' '.join(p.aktiviteter)})" for p in m.nivaer[lv]) or "–"
                                 for lv in NIVAER), m.utan_aktivitet) for m in v.mal]
    assert NIVAER == ("nämnd", "förvaltning", "avdelning", "enhet")
    assert lines == [
        ("RM1", "riktat", "För- och grundskolenämnden (A1)", "–", "Grundskoleavdelningen (A1)", "–", False),
        ("NM1", "namndmal", "–", "För- och grundskoleförvaltningen (A1)", "Grundskoleavdelningen (A2)", "–", False),
        ("NM2", "namndmal", "–", "–", "–", "–", True),
        ("RM2", "riktat", "För- och grundskolenämnden (A2)", "–", "–", "Björkbackens skola (A1)", False),
        ("NM3", "namndmal", "–", "–", "–", "–", True),
    ]
    assert [(p.enhet, p.niva, p.fil is not None, p.aktiviteter) for p in v.planer] == [
        ("", "nämnd", True, 2), ("fgf", "förvaltning", True, 1), ("fgf_grundskola", "avdelning", True, 2),
        ("fgf_bjorkbacken", "enhet", True, 1)]
    assert verksamhetsplaner_text(v) == ("Verksamhetsplaner: 4, varav 3 från förvaltningarnas enheter; mål utan "
                                         "aktivitet: fgn NM2, fgn NM3 (bladet Verksamhetsplaner).")

    out = tmp_path / "kp"
    write_outputs(plan, out)
    data = json.loads((out / f"kommunplan-{Y}.json").read_text(encoding="utf-8"))["verksamhetsplaner"]
    assert [(m["mal_id"], [p["enhet"] for p in m["nivaer"]["avdelning"]], m["utan_aktivitet"]) for m in data["mal"]] == [
        ("RM1", ["fgf_grundskola"], False), ("NM1", ["fgf_grundskola"], False), ("NM2", [], True),
        ("RM2", [], False), ("NM3", [], True)]
    sheet = load_workbook(out / f"kommunplan-{Y}.xlsx", read_only=True)["Verksamhetsplaner"]
    got_rows = [tuple(c for c in row) for row in sheet.iter_rows(min_row=6, max_row=11, values_only=True)]
    assert got_rows[0] == ("Nämnd", "Mål-id", "Mål", "Nämnd", "Förvaltning", "Avdelning", "Enhet", "Anmärkning")
    assert [r[1] for r in got_rows[1:]] == ["RM1", "NM1", "NM2", "RM2", "NM3"]
    assert got_rows[3][3:] == ("–", "–", "–", "–", "Ingen aktivitet på någon nivå")
    assert got_rows[4][6] == "Björkbackens skola (A1)"


# ---------------------------------------------------------------- hostile cases
def test_a_unit_removed_from_the_tree_and_an_aktivitet_for_a_missing_mal_are_fel(config: Config,
                                                                                 tmp_path: Path) -> None:
    sub = tmp_path / "in"
    sub.mkdir()
    unit_plan = _filled(config, sub, "fgf_bjorkbacken", ["RM2"])
    bad_mal = write_template(VP, config, "fgn", Y, sub / "vp-fgf.xlsx", org_enhet="fgf", values={"rows": {
        "aktiviteter": [_aktivitet(1, "NM9"), _aktivitet(2, "RM1", insats="Rymdfart"), _aktivitet(3, "RM2", None)]}})
    shutil.copy(PLANERING / f"namndplan-fgn-{Y}.xlsx", sub)

    # The tree without Björkbackens skola (the school moved): its template, genuine and signed, names a unit the
    # nämnd no longer has.
    cfg_dir = edited_config(tmp_path / "cfg", "kommun", lambda d: None)
    _tree(cfg_dir, "fgn", [{"id": "fgf", "namn": "För- och grundskoleförvaltningen", "niva": "forvaltning"},
                          {"id": "fgf_grundskola", "namn": "Grundskoleavdelningen", "niva": "avdelning",
                           "under": "fgf"}])
    changed, errors = load_config(cfg_dir)
    assert changed is not None, errors
    report, _ = validate_paths([sub], changed)
    by_file = {Path(f.file).name: f for f in report.files}
    gone = by_file[unit_plan.name]
    assert [(x.rule, x.loc.sheet, x.loc.cell) for x in gone.findings] == [("STR-23", META_SHEET, "B14")]
    assert gone.findings[0].message == (
        "Metadata anger enheten 'fgf_bjorkbacken', men enheten 'fgf_bjorkbacken' finns inte i organisationen för "
        "För- och grundskolenämnden (organisation.yaml). Använd enhetens mall från ekonomienheten.")
    assert report.exit_code() == 1

    found = sorted((x.rule, x.loc.cell, x.message) for x in by_file[bad_mal.name].findings)
    assert found == [
        ("VP-2", "C6", "Målet 'NM9' finns inte i nämndplanen. Ange id för ett mål i nämndplanen."),
        ("VP-4", "I7", "Insatsområdet 'Rymdfart' finns inte i Strategi Hållbara Mora (där finns: Barn och ungas "
                       "uppväxtvillkor, Hälsa och livsstil, Trygghet och delaktighet, Klimat och energi, Hållbar "
                       "konsumtion och resurshushållning, Attraktiva livsmiljöer)."),
        ("VP-4", "I8", "Aktiviteten A3 anger inget insatsområde. Välj det insatsområde i Strategi Hållbara Mora som "
                       "aktiviteten bidrar till."),
    ]
    # An aktivitet without a mål: the required cell, named.
    edited = tmp_path / "utan_mal.xlsx"
    write_template(VP, config, "fgn", Y, edited, org_enhet="fgf", values={"rows": {"aktiviteter": [
        {k: v for k, v in _aktivitet(1, "RM1").items() if k != "mal_id"}]}})
    alone, _ = validate_paths([edited], config)
    assert [(x.rule, x.loc.sheet, x.loc.cell) for x in alone.files[0].findings] == [("STR-7", "Aktiviteter", "C6")]


def test_two_copies_of_one_units_plan_are_an_error_naming_the_unit(config: Config, tmp_path: Path) -> None:
    from xltools.submissions import one_each

    sub = tmp_path / "in"
    sub.mkdir()
    first = _filled(config, sub, "fgf", ["RM1"])
    resaved(first, sub / "kopia.xlsx", "2")
    _filled(config, sub, "", ["RM1"])  # the nämnd's own plan beside it is no duplicate
    _, checked = validate_paths([sub], config)
    with pytest.raises(XltoolsError, match="2 inlämningar av verksamhetsplan för enheten 'fgf' under nämnden 'fgn' "
                                           rf"\({Y}\): kopia.xlsx, verksamhetsplan-fgn-fgf-{Y}.xlsx"):
        one_each(checked, sub, latest=False)


def test_a_unit_without_a_plan_is_named_in_the_rollup_and_by_dokv_in_december(config: Config,
                                                                              tmp_path: Path) -> None:
    sub = tmp_path / "in"
    sub.mkdir()
    for unit in ("", "fgf", "fgf_grundskola"):  # Björkbackens skola hands in nothing
        _filled(config, sub, unit, PLANS[unit])
    for doc in ("namndplan", "driftbudget", "investeringsplan", "internhyror", "taxor"):
        shutil.copy(PLANERING / f"{doc}-fgn-{Y}.xlsx", sub)
    plan = consolidate(sub, config)  # no phase: as December, when the verksamhetsplaner are due
    fgn = [(p.enhet, p.fil) for p in plan.verksamhetsplaner.planer]
    assert fgn == [("", f"verksamhetsplan-fgn-{Y}.xlsx"), ("fgf", f"verksamhetsplan-fgn-fgf-{Y}.xlsx"),
                   ("fgf_grundskola", f"verksamhetsplan-fgn-fgf_grundskola-{Y}.xlsx"), ("fgf_bjorkbacken", None)]
    assert "(1 enhet har inte lämnat: Björkbackens skola)" in verksamhetsplaner_text(plan.verksamhetsplaner)
    dokv = {k.id: k.beskrivning for k in plan.kontroller if k.id.startswith("DOKV-fgn")}
    assert dokv == {"DOKV-fgn-internkontrollplan": dokv["DOKV-fgn-internkontrollplan"],
                    "DOKV-fgn-fgf_bjorkbacken-verksamhetsplan":
                        f"Björkbackens skola (enhet under För- och grundskolenämnden) har ännu inte lämnat någon "
                        f"godkänd verksamhetsplan för {Y} (sista dag {config.arshjul.deadline('verksamhetsplan', Y)})."}
    june = consolidate(sub, config, fas="juni")  # in June the verksamhetsplaner are not yet due
    assert not any(k.id.startswith("DOKV-") for k in june.kontroller)


def test_the_rollup_is_a_bilaga_too(example_reports: Path, plan) -> None:  # noqa: ANN001
    """bilagor/verksamhetsplaner.html: per nämnd and mål who plans activities on which level, the mål without
    any and every plan handed in or missing — the same roll-up as the workbook's sheet."""
    from html.parser import HTMLParser

    html = (example_reports / "kp" / "bilagor" / "verksamhetsplaner.html").read_text(encoding="utf-8")
    vp = plan.verksamhetsplaner
    fgn = html[html.index('id="namnd-fgn"'):html.index('id="namnd-sn"')]
    cells: list[str] = []

    class Cells(HTMLParser):
        def handle_data(self, data: str) -> None:
            if data.strip():
                cells.append(data.strip())

    Cells().feed(fgn)
    for p in (p for p in vp.planer if p.namnd == "fgn"):
        assert p.namn in cells and (p.fil in cells if p.fil else "saknas" in cells)
    nm1 = next(m for m in vp.mal if m.namnd == "fgn" and m.mal_id == "NM1")
    enhet = "; ".join(f"{p.namn} ({', '.join(p.aktiviteter)})" for p in nm1.nivaer["enhet"])
    assert enhet and enhet in cells
    assert ("Varje mål har minst en aktivitet." in cells) == (not any(m.utan_aktivitet for m in vp.mal if m.namnd == "fgn"))
