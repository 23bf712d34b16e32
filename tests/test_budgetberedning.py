"""Budgetberedning (issue 16 parts 3–5): scenarios on the example kommun's underlag, computed by hand; the
känslighetsanalys; the ramförändringar; alternativbudgetar against KS förslag; hostile scenario files; and
the workbook's live model recalculated by LibreOffice against xltools' own scenario computation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from support.configs import ROOT
from support.libreoffice import assert_formulas_recalculate, recalc

from xltools.cli.main import cli
from xltools.config.scenario import Scenario
from xltools.consolidate.budgetberedning import bered
from xltools.consolidate.facts import kr
from xltools.consolidate.resultat import lanerader
from xltools.consolidate.scenario import Grund, apply, bas

PLANERING = ROOT / "workbooks" / "planering"
SCENARIER = [ROOT / "config" / "scenarier" / "ks-forslag.yaml",
             ROOT / "config" / "scenarier" / "alternativ-framtidspartiet.yaml"]


@pytest.fixture(scope="module")
def grund(plan):
    return Grund.of(plan)


@pytest.fixture(scope="module")
def base(grund):
    return bas(grund)


def _res(u, y: int) -> int:
    return u.plan.rr.lines[y]["arets_resultat"]


def test_the_base_is_the_june_kommunplan_on_the_ramar(grund, base, config) -> None:
    """Every nämnd at its ram (no driftbudget in the beredning); the documents are not read again."""
    assert not any(d.doc_type in ("driftbudget", "internhyror") for d, _ in grund.used)
    for y in config.planering.ar:
        assert base.plan.rr.noter[y]["ramar_utan_driftbudget"] == sum(kr(v[y]) for v in config.ekonomi.ramar.values())
    assert base.andringar == ()


def test_skattesats_ram_and_ranta_by_hand(grund, base, config) -> None:
    e = config.ekonomi
    years = config.planering.ar
    u = apply(grund, base, "t", Scenario(namn="t", skattesats=e.skattesats + 0.5, ramar={"sn": {years[0]: 5000}},
                                         ranta=1.0), "t.yaml")
    for y in years:
        skatt = kr(e.skatteintakter[y])
        assert u.plan.rr.lines[y]["skatteintakter"] == pytest.approx(skatt * (e.skattesats + 0.5) / e.skattesats, abs=1)
        # one procentenhet on every loan's average debt (IB + UB) / 2
        extra = sum(round((r.rantesats + 1) / 100 * (r.lan.ib + r.lan.ub) / 2) - r.ranta for r in lanerader(config)[y])
        ram = 5_000_000 if y == years[0] else 0
        expected = _res(base, y) + (u.plan.rr.lines[y]["skatteintakter"] - base.plan.rr.lines[y]["skatteintakter"]) \
            - ram - extra
        assert _res(u, y) == expected
    assert u.ram("sn", years[0]) == base.ram("sn", years[0]) + 5_000_000
    assert [a.kalla for a in u.andringar] == ["t.yaml: skattesats", f"t.yaml: ramar.sn.{years[0]}", "t.yaml: ranta"]


def test_investeringsniva_scales_avskrivningar_kassa_and_balans(grund, base, config) -> None:
    years = config.planering.ar
    none = apply(grund, base, "t", Scenario(namn="t", investeringsniva=0), "t.yaml")
    for y in years:
        assert none.plan.inv.per_ar[y] == 0
        assert none.plan.inv.avskrivningar_total(y) == 0
        # avskrivningar on new investments are gone from the resultat, the utgifter from the kassa
        assert _res(none, y) - _res(base, y) == base.plan.inv.avskrivningar_total(y)
    last = years[-1]
    gained = sum(base.plan.inv.per_ar[y] for y in years)
    assert none.plan.br[last]["summa_tillgangar"] - base.plan.br[last]["summa_tillgangar"] == \
        sum(_res(none, y) - _res(base, y) for y in years)
    assert none.plan.kf[last]["likvida_medel_vid_arets_slut"] - base.plan.kf[last]["likvida_medel_vid_arets_slut"] == \
        gained
    minus = apply(grund, base, "t", Scenario(namn="t", investeringar={years[0]: -20000}), "t.yaml")
    assert minus.plan.inv.per_ar[years[0]] == pytest.approx(base.plan.inv.per_ar[years[0]] - 20_000_000, abs=500)


def test_invanare_lonekostnad_and_po(grund, base, config) -> None:
    y = config.planering.ar[0]
    known = max(k for k in config.kommun.invanare if k <= y)
    inv = config.kommun.invanare[known]
    u = apply(grund, base, "t", Scenario(namn="t", invanare={y: inv + 200}), "t.yaml")
    per = (kr(config.ekonomi.skatteintakter[y]) + kr(config.ekonomi.generella_statsbidrag_och_utjamning[y])) / inv
    assert _res(u, y) - _res(base, y) == pytest.approx(200 * per, abs=2)
    lon = grund.lonesumma[y]
    assert lon > 0 and "driftbudgetar" in grund.lonesumma_kalla
    u = apply(grund, base, "t", Scenario(namn="t", lonekostnad=2.0), "t.yaml")
    assert _res(base, y) - _res(u, y) == pytest.approx(lon * (1 + config.ekonomi.po_palagg / 100) * 0.02, abs=2)
    u = apply(grund, base, "t", Scenario(namn="t", po_palagg=config.ekonomi.po_palagg + 1), "t.yaml")
    assert _res(base, y) - _res(u, y) == pytest.approx(lon * 0.01, abs=2)


def test_kanslighet_and_ramforandringar(grund, config) -> None:
    b = bered(grund, [])
    assert b.forslag.id == "bas"
    texts = [k.text for k in b.kanslighet]
    assert texts == ["Skattesatsen höjs med 1 krona", "Lönekostnaden ökar med 1 %", "Invånarna blir 100 fler",
                     "Räntan stiger med 1 procentenhet"]
    y = config.planering.ar[0]
    skatt = b.kanslighet[0].resultat[y]
    assert skatt == pytest.approx(kr(config.ekonomi.skatteintakter[y]) / config.ekonomi.skattesats, abs=1)
    assert all(v < 0 for v in b.kanslighet[3].resultat.values())
    for w in b.ramvandringar:  # every walk ends on the ram: what the steps do not explain is its own line
        start, *steps, end = w.steg
        assert end.kronor == kr(config.ekonomi.ramar[w.namnd][w.ar])
        if start.kronor is not None:
            assert start.kronor + sum(s.kronor for s in steps) == end.kronor
    sn = next(w for w in b.ramvandringar if w.namnd == "sn" and w.ar == y)
    assert [(s.text.split(":")[0], s.kronor) for s in sn.steg] == [
        ("Ram 2026", 544_800_000), ("Pris- och lönekompensation 2,5 %", 13_620_000), ("Volymförändring", 2_780_000),
        ("Satsning", 1_500_000), ("Besparing", -1_000_000), ("Ram 2027", 561_700_000)]
    kfn = [w for w in b.ramvandringar if w.namnd == "kfn" and w.ar == y + 1][0]
    konsekvens = [s for s in kfn.steg if s.text.startswith("Driftkonsekvens")]
    assert konsekvens and all("investeringsplan-kfn" in s.kalla and "Driftkostnadskalkyl!" in s.kalla for s in konsekvens)


def _scen(folder: Path, name: str, text: str) -> Path:
    p = folder / f"{name}.yaml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(("text", "expected"), [
    ("namn: X\nskattesats: 22\nfargen: bla\n", "fargen: okänd nyckel"),
    ("namn: X\nramar:\n  socialen: {2027: 100}\n", "ramar.socialen: nämnden 'socialen' finns inte"),
    ("namn: X\nramar:\n  sn: {2031: 100}\n", "ramar.sn.2031: året 2031 ligger utanför planperioden"),
    ("namn: X\nskattesats: tjugo\n", "skattesats: ska vara ett tal"),
    ("namn: X\nskatteunderlag: {prognos: SKR, belopp: {2027: 5000000}}\n", "skatteunderlag.belopp.2028: skatteunderlaget saknas"),
    ("namn: X\ngrund: saknas\n", "grund: scenariot 'saknas' finns inte"),
    ("namn: [X\n", "filen är inte giltig YAML"),
    ("namn: X\ninvesteringsniva: 80\ninvesteringar: {2027: -100}\n", "ange antingen investeringsniva"),
    ("namn: X\ninvesteringar: {2027: -99999999}\n", "investeringar.2027: förändringen −99 999 999 tkr går inte"),
    ("namn: X\nramar: {sn: {2027: .inf}}\n", "ramar.sn.2027: är för stort"),
    ("namn: X\ninvesteringar: {2027: .nan}\n", "investeringar.2027: är för stort"),
    ("namn: X\nskattesats: .nan\n", "skattesats: är för stort"),
    ("namn: X\ninvanare: {2027: -5}\n", "invanare.2027: är för litet"),
    ("- en lista\n- inte en tabell\n", "filen ska innehålla en tabell"),
])
def test_a_bad_scenario_file_is_a_swedish_error_and_nothing_is_written(tmp_path: Path, text: str, expected: str) -> None:
    f = _scen(tmp_path, "fel", text)
    out = tmp_path / "ut"
    r = CliRunner().invoke(cli, ["budgetberedning", str(f), "--underlag", str(PLANERING), "--config",
                                 str(ROOT / "config"), "--out", str(out)])
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    shown = r.output.replace("\xa0", " ")
    assert str(f) in shown and expected in shown, r.output
    assert "Ingen budgetberedning skrevs." in r.output
    assert not out.exists()


def test_scenarios_in_a_circle(tmp_path: Path, grund) -> None:
    from xltools.errors import XltoolsError

    a, b = Scenario(namn="A", grund="b"), Scenario(namn="B", grund="a")
    with pytest.raises(XltoolsError, match="cirkel"):
        bered(grund, [("a", a, "a.yaml"), ("b", b, "b.yaml")])


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bb") / "ut"
    r = CliRunner().invoke(cli, ["budgetberedning", *map(str, SCENARIER), "--underlag", str(PLANERING),
                                 "--config", str(ROOT / "config"), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "Alternativbudget (Framtidspartiet)" in r.output and "Känslighet på KS förslag" in r.output
    return out


def test_alternativbudget_against_ks_forslag_line_by_line(written: Path, config) -> None:
    data = json.loads((written / "budgetberedning-2027.json").read_text(encoding="utf-8"))
    by = {s["id"]: s for s in data["scenarier"]}
    assert [s["id"] for s in data["scenarier"]] == ["bas", "ks-forslag", "alternativ-framtidspartiet"]
    ks, alt = by["ks-forslag"], by["alternativ-framtidspartiet"]
    assert data["forslag"] == "ks-forslag" and alt["grund"] == "ks-forslag"
    for y in ("2027", "2028", "2029"):
        assert alt["ramar"]["fgn"][y] - ks["ramar"]["fgn"][y] == 6000
        assert alt["ramar"]["sn"][y] - ks["ramar"]["sn"][y] == 4000
        assert ks["ramar"]["sn"][y] - by["bas"]["ramar"]["sn"][y] == 3000
        # KS förslag: skatteintäkter = SKR's skatteunderlag × skattesatsen
        assert ks["resultatbudget"][y]["skatteintakter"] == pytest.approx(
            {"2027": 5214400, "2028": 5381000, "2029": 5552000}[y] * 22.34 / 100, abs=0.001)
        assert alt["resultatbudget"][y]["skatteintakter"] == pytest.approx(
            ks["resultatbudget"][y]["skatteintakter"] * 22.59 / 22.34, abs=0.002)
        assert set(alt["balanskrav"][y]) >= {"balanskravsresultat", "uppfyllt"}
        assert {m["id"] for m in alt["finansiella_mal"] if str(m["ar"]) == y} == {m.id for m in config.ekonomi.finansiella_mal}
    assert alt["investeringar"]["2027"] == pytest.approx(ks["investeringar"]["2027"] - 15000, abs=0.5)
    assert [a["kalla"].rsplit(": ", 1)[1] for a in alt["andringar"]][:2] == ["skattesats", "ramar.fgn.2027"]
    wb = load_workbook(written / "budgetberedning-2027.xlsx", data_only=True)
    ws = wb["Alternativbudgetar"]
    row = next(r for r in ws.iter_rows() if r[0].value == "Ram För- och grundskolenämnden")
    assert [c.value for c in row[1:4]] == [438000, 444000, 6000]  # KS förslag | alternativ | skillnad 2027
    assert set(wb.sheetnames) >= {"Översikt", "Resultatbudget", "Kassaflödesbudget", "Balansbudget", "Ramar",
                                  "Alternativbudgetar", "Känslighet", "Ramförändringar", "Räkna själv"}
    html = (written / "bilagor" / "budgetberedning.html").read_text(encoding="utf-8")
    assert "Alternativbudget (Framtidspartiet) mot KS förslag" in html and "Känslighetsanalys på KS förslag" in html
    assert "syntetiska exempeldata" in html.lower()


def _inputs(ws) -> dict[str, int]:
    return {str(r[0].value).strip(): r[0].row for r in ws.iter_rows() if r[0].value is not None}


def test_the_live_model_recalculates_in_libreoffice_as_xltools_computes(written: Path, tmp_path: Path, grund) -> None:
    """Change skattesats, ramar and investeringsnivå in the workbook, let LibreOffice recalculate, and compare
    RR, KF, BR, balanskrav and the goals with xltools' own scenario run on KS förslag with the same changes."""
    src = written / "budgetberedning-2027.xlsx"
    again = recalc([src], tmp_path / "same")[0]
    assert assert_formulas_recalculate(src, again) > 150  # untouched: LibreOffice agrees with every cached value
    sid = "ks-forslag"
    from xltools.jobs.budgetberedning import load_scenarios

    b = bered(grund, load_scenarios(SCENARIER, grund.config))
    ks = next(u for u in b.utfall if u.id == sid)
    cases = [(22.84, 100, {}), (21.5, 70, {"sn": {2028: 4000}, "fgn": {2027: -2500}}), (22.34, 130, {"ks": {2029: 900}})]
    paths = []
    for i, (sats, niva, ramar) in enumerate(cases):
        wb = load_workbook(src)
        ws = wb["Räkna själv"]
        at = _inputs(ws)
        ws.cell(at["Skattesats (kr)"], 2).value = sats
        ws.cell(at["Investeringsnivå (% av förslagets investeringar)"], 2).value = niva
        for nid, per in ramar.items():
            for y, d in per.items():
                cell = ws.cell(at[grund.config.namnd(nid).namn], 2 + y - 2027)
                cell.value = cell.value + d
        p = tmp_path / f"fall{i}.xlsx"
        wb.save(p)
        paths.append(p)
    for (sats, niva, ramar), out in zip(cases, recalc(paths, tmp_path / "ut"), strict=True):
        ws = load_workbook(out, data_only=True)["Räkna själv"]
        rows = {}
        for r in ws.iter_rows():
            label = str(r[0].value or "").strip()
            if label and label not in rows:
                rows[label] = [c.value for c in r[1:4]]
        expect = apply(grund, ks, "t", Scenario(namn="t", skattesats=sats, ramar=ramar,
                                                investeringsniva=niva * ks.faktor[2027]), "t")
        for y, j in ((2027, 0), (2028, 1), (2029, 2)):
            rr, kf, br = expect.plan.rr.lines[y], expect.plan.kf[y], expect.plan.br[y]
            assert rows["Skatteintäkter"][j] == pytest.approx(rr["skatteintakter"] / 1000, abs=0.01)
            assert rows["Årets resultat"][j] == pytest.approx(rr["arets_resultat"] / 1000, abs=0.6)
            assert rows["Likvida medel vid årets slut"][j] == pytest.approx(kf["likvida_medel_vid_arets_slut"] / 1000, abs=1.5)
            assert rows["SUMMA TILLGÅNGAR"][j] == pytest.approx(br["summa_tillgangar"] / 1000, abs=1.5)
            assert rows["Summa eget kapital"][j] == pytest.approx(br["eget_kapital"] / 1000, abs=1.5)
            assert rows["Årets balanskravsresultat"][j] == pytest.approx(
                expect.balanskrav[y]["balanskravsresultat"] / 1000, abs=0.6)
            for m in expect.mal:
                if m.ar == y:
                    label = next(k for k in rows if k.startswith(f"{m.id} ") and not k.endswith("uppfyllt"))
                    assert rows[label][j] == pytest.approx(m.varde, abs=0.01), (m.id, y)
                    assert rows[f"{m.id} uppfyllt"][j] == ("Ja" if m.uppfyllt else "Nej")


def test_the_bilaga_passes_axe(written: Path, tmp_path: Path) -> None:
    """The budgetberedning's bilaga in headless Chromium with axe-core: no WCAG 2.1 A/AA violation."""
    from support.browser import axe_check

    result = axe_check(written / "bilagor" / "budgetberedning.html", tmp_path / "axe")
    assert result["violations"] == [], result["violations"]
    assert result["passes"] > 10


def test_units_directly(grund, config) -> None:
    """The känslighetsanalys, the walk without last year's budget, the JSON, the bilaga's view and the CLI's
    summary, each called on its own."""
    from xltools.cli.budgetberedning import summary
    from xltools.consolidate.kanslighet import kanslighet
    from xltools.consolidate.ramforandring import ramvandringar
    from xltools.reports.budgetberedning_html import view
    from xltools.reports.budgetberedning_json import to_dict

    b = bered(grund, [("ks", Scenario(namn="KS förslag", ramar={"sn": {2027: 1000}}), "ks.yaml"),
                      ("alt", Scenario(namn="Alt", parti="P", grund="ks", ranta=-0.5), "alt.yaml")])
    rows = kanslighet(grund, b.forslag)
    assert [r.resultat for r in rows] == [k.resultat for k in b.kanslighet]
    # without the adopted budget of the year before (no jamforelse, no uppfoljning.yaml): stated, never zero
    bare = config.replace(uppfoljning=None, ekonomi=config.ekonomi.replace(
        jamforelse=config.ekonomi.jamforelse.replace(budget=None)))
    walk = ramvandringar(bare, [])
    first = next(w for w in walk if w.namnd == "sn" and w.ar == 2027)
    assert first.steg[0].kronor is None and "saknas" in first.steg[0].kalla
    assert not any(s.text.startswith("Övrigt") for s in first.steg)  # nothing to explain against
    data = to_dict(b)
    assert data["schema"] == "xltools.budgetberedning/1" and [s["id"] for s in data["scenarier"]] == ["bas", "ks", "alt"]
    assert data["scenarier"][1]["ramar"]["sn"]["2027"] - data["scenarier"][0]["ramar"]["sn"]["2027"] == 1000
    v = view(b)
    assert [s["id"] for s in v["sections"]] == ["scenarier", "alternativ-alt", "kanslighet", "ramforandringar"]
    alt = v["sections"][1]
    fin = next(r for r in alt["rows"] if r["label"] == "Finansiella kostnader")
    assert all(d > 0 for d in fin["diff"])  # half a procentenhet lower: smaller costs (a smaller negative)
    text = summary(b, [Path("ut/budgetberedning-2027.xlsx")])
    assert "Alt (P)" in text and "Känslighet på KS förslag" in text and "ut/budgetberedning-2027.xlsx" in text
