"""The årsredovisning 2026 of the committed examples (verksamhetsberättelser for 2026-12, utfall from the SIE
export): måluppfyllelse per målområde and strategiskt mål, Hållbara Mora's insatsområden per nämnd and
compiled, intern kontroll with åtgärder at brist, investeringsredovisning per project, the kommun's RR/KF/BR
utfall against budget, the prognos trend per nämnd; and templates built from the adopted nämndplan.
Expected values come from the config and the example's booking model."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from xltools.cli import cli
from xltools.config import Config
from xltools.examples.ekonomisystem import arets_utfall, projektens_utfall
from xltools.examples.uppfoljning import BRIST
from xltools.jobs.uppfoljning import run_followup
from xltools.reports.dokument.uppfoljning import uppfoljning_dokument
from xltools.reports.uppfoljning_html import render_appendix
from xltools.reports.uppfoljning_json import to_dict

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "workbooks" / "uppfoljning"
UNDERLAG = ROOT / "workbooks" / "uppfoljning-underlag"
SIE = UNDERLAG / "utfall-2026.se"


@pytest.fixture(scope="module")
def ar(config: Config, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return run_followup(EXAMPLES, config, "2026-12", tmp_path_factory.mktemp("ar"), utfall=SIE)


def test_every_nämnd_counts_and_every_utfall_is_the_export(ar: Any, config: Config) -> None:
    fu = ar.followup
    assert fu.kind == "verksamhetsberattelse" and len(fu.counted) == len(config.namnd_ids)
    assert all(k.stammer for k in fu.kontrollsummor)
    years = arets_utfall(config)
    for n in fu.counted:  # the year's nettokostnad is the booked year, krona for krona
        want = sum(sum(x.manad_kostnader) - sum(x.manad_intakter) for (nid, _), x in years.items() if nid == n.namnd)
        want += 85000 if n.namnd == "tn" else 0  # TN26-03's booking on a driftkonto
        assert n.utfall == pytest.approx(want / 1000, abs=1e-6), n.namnd


def test_the_kommuns_rr_kf_br_utfall_against_budget(ar: Any) -> None:
    k = ar.followup.kommunen
    assert k is not None and k.helar and k.rubriker["prognos"] == "Utfall 2026" and k.prognosperiod == "2026-12"
    assert k.skatteprognos.datum == "2026-12-17"
    assert k.br and k.kf and all(x.ok for x in k.kontroller if x.kod.startswith(("UPP-RR", "UPP-BR", "UPP-KF", "UPP-BK1")))
    # realisationsvinster 1 300 tkr in the year's utfall: balanskravsresultat = årets resultat − 1 300 tkr
    assert k.balanskrav["prognos"]["balanskravsresultat"] == k.rr["prognos"]["arets_resultat"] - 1_300_000


def test_maluppfyllelse_per_malomrade_and_strategiskt_mal(ar: Any, config: Config) -> None:
    fu = ar.followup
    g = fu.goal_counts()
    by_sm = Counter(m.strategiskt_mal for m in fu.mal)
    assert {sm: sum(v.values()) for sm, v in g["per_strategiskt_mal"].items()} == dict(by_sm)
    assert sum(sum(v.values()) for v in g["per_malomrade"].values()) == g["antal_mal"] == len(fu.mal)
    assert list(g["per_strategiskt_mal"]) == sorted(by_sm, key=lambda s: int(s[2:]))  # SM1 … SM9 in order
    assert g["strategiska_mal"]["SM5"] == next(s.text for s in config.malkedja.strategiska_mal if s.id == "SM5")


def test_insatsomraden_per_namnd_and_compiled(ar: Any, config: Config) -> None:
    fu = ar.followup
    assert len(fu.insatser) == len(config.namnd_ids) * len(config.malkedja.insatsomraden)
    per = fu.insatser_per_omrade()
    want = {t: sorted(n for n, ts in config.uppfoljning.insatsomraden.items() if t in ts)  # type: ignore[union-attr]
            for t in config.malkedja.insatsomraden}
    assert {t: sorted(x.namnd for x in rows) for t, rows in per.items()} == want
    assert all(x.beskrivning for rows in per.values() for x in rows)


def test_intern_kontroll_results_with_atgarder_at_brist(ar: Any, config: Config) -> None:
    fu = ar.followup
    assert sorted({k.namnd for k in fu.brister}) == sorted(BRIST)
    assert all(k.kontroll_id == "KS-IK3" and k.atgard for k in fu.brister)
    assert all(k.status == "utford" for k in fu.kontroller)  # December: every planned kontroll done (IK-2)


def test_investeringsredovisning_per_project(ar: Any, config: Config) -> None:
    fu = ar.followup
    spend = projektens_utfall(config)
    cfg = {p.id: p for ps in config.uppfoljning.investeringar.values() for p in ps}  # type: ignore[union-attr]
    assert {x.projekt_id for x in fu.investeringar} == set(cfg)
    for x in fu.investeringar:
        p = cfg[x.projekt_id]
        assert x.utfall == pytest.approx(sum(spend[(x.namnd, x.projekt_id)]) / 1000)  # from the SIE export
        assert (x.totalutgift, x.upparbetat_tidigare, x.budget) == (p.totalutgift, p.upparbetat, p.budget)
        assert x.upparbetat == pytest.approx(p.upparbetat + x.utfall)
        assert x.genomforandegrad == pytest.approx(x.utfall / p.budget)
    data = to_dict(fu)
    tn1 = next(x for x in data["investeringar"] if x["projekt_id"] == "TN26-01")
    assert tn1["totalutgift"] == 96000 and tn1["genomforandegrad"] == round(100 * tn1["utfall"] / 38000, 1)


def test_prognos_trend_per_namnd(ar: Any, config: Config) -> None:
    fu = ar.followup
    assert [p.period for p in fu.trend] == ["2026-02", "2026-03", "2026-04", "2026-08", "2026-12"]
    last = fu.trend[-1]
    for n in fu.counted:
        assert last.prognos_per_namnd[n.namnd] == pytest.approx(n.utfall)  # the year-end report: the utfall
        assert last.per_namnd[n.namnd] == pytest.approx(n.budget - n.utfall)
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(ar.written[0])).get_sheet_by_name("Prognosutveckling").to_python()
    heads = [r for r in rows if r and str(r[0]).startswith("Helårsprognos per nämnd")]
    assert heads, "the table of each nämnd's helårsprognos per period"


def test_the_outputs_show_the_new_sections(ar: Any) -> None:
    out = ar.written[0].parent
    html = (out / "uppfoljning-2026-12-bilaga.html").read_text(encoding="utf-8")
    assert 'id="hallbara"' in html and "Brister och åtgärder" in html and "per strategiskt mål" in html
    assert "Investeringsredovisning" in html and "Kommunens resultat" in html
    data = json.loads((out / "uppfoljning-2026-12.json").read_text(encoding="utf-8"))
    doc = uppfoljning_dokument(data)
    keys = [s.key for s in doc.sections]
    assert {"kommunen", "hallbara-mora", "investeringar", "intern-kontroll", "maluppfyllelse"} <= set(keys)
    assert any(t.key == "mal-per-strategiskt-mal" for t in doc.tables())
    assert any(t.key == "intern-kontroll-brister" for t in doc.tables())
    assert any(t.key == "avvikelse-per-namnd" for t in doc.tables())


def test_the_bilaga_names_the_kommuns_own_strategi(ar: Any, config: Config) -> None:
    """The insatsområden section is headed by malkedja.yaml `strategi`, not by the first kommun's name."""
    fu = ar.followup
    assert fu.strategi == config.malkedja.strategi and fu.insatser
    other = render_appendix(dataclasses.replace(fu, strategi="strategi för ett grönare Sandvik"))
    assert "<h2>Strategi för ett grönare Sandvik</h2>" in other and "Hållbara Mora" not in other
    assert f"<h2>{config.malkedja.strategi}</h2>" in render_appendix(fu)


def test_templates_from_the_adopted_namndplan_with_earlier_outcomes(config: Config, tmp_path: Path) -> None:
    underlag = Path(shutil.copytree(UNDERLAG, tmp_path / "inkorg"))
    for p in EXAMPLES.glob("*-2026-0*.xlsx"):  # the year's follow-ups up to August
        shutil.copy(p, underlag / p.name)
    out = tmp_path / "mallar"
    result = CliRunner().invoke(cli, ["uppfoljning", "mallar", "--period", "2026-12", "--config",
                                      str(ROOT / "config"), "--underlag", str(underlag), "--namnd", "kfn",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out / "verksamhetsberattelse-kfn-2026-2026-12.xlsx")
    mal = {r[0]: r for r in wb["Mål"].iter_rows(min_row=6, values_only=True) if r[0]}
    assert set(mal) == {"RM6", "NM1", "NM2"} and mal["NM1"][1] == "Nämndmål"
    assert wb["Mål"]["C7"].protection.locked  # the nämndmål's text comes from the adopted plan
    matt = [r for r in wb["Mått"].iter_rows(min_row=6, values_only=True) if r[0]]
    delar = {r[1]: r[6] for r in load_workbook(EXAMPLES / "delarsrapport-kfn-2026-2026-08.xlsx")["Mått"]
             .iter_rows(min_row=6, values_only=True) if r[0]}
    for r in matt:  # mål, mått, enhet, utgångsvärde, målvärde from the plan; August's outcome beside
        assert r[3] is not None and r[4] is not None and r[5] == f"aug {str(delar[r[1]]).replace('.', ',')}"
    assert wb["Mått"]["E6"].protection.locked and not wb["Mått"]["G6"].protection.locked
