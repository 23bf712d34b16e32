"""The committed example submissions (workbooks/planering): reproducible, valid, consistent."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from xltools.cli import cli
from xltools.config import Config, KontoKlass
from xltools.document import Document
from xltools.excel.write import write_template
from xltools.findings import Severity
from xltools.forms import FORMS, PLANNING, planning_for
from xltools.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = ROOT / "config"
EXAMPLES = ROOT / "workbooks" / "planering"
YEARS = (1, 2, 3)


def _cells(path: Path) -> dict[str, list[list[object]]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


@pytest.fixture(scope="module")
def checked(config: Config):
    report, checked = validate_paths([EXAMPLES], config)
    return report, checked


@pytest.fixture(scope="module")
def docs(checked) -> dict[tuple[str, str], Document]:
    _, items = checked
    return {(c.document.doc_type, c.document.namnd): c.document for c in items if c.document is not None}


def test_rebuild_with_cli_gives_the_committed_files(tmp_path: Path) -> None:
    out = tmp_path / "planering"
    result = CliRunner().invoke(cli, ["exempel", "--config", str(CONFIG_DIR), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "syntetiska exempeldata" in result.output
    built = sorted(p.name for p in out.glob("*.xlsx"))
    committed = sorted(p.name for p in EXAMPLES.glob("*.xlsx"))
    assert built == committed
    for name in built:
        assert _cells(out / name) == _cells(EXAMPLES / name), f"{name} skiljer sig från den incheckade filen"
        assert (out / name).read_bytes() == (EXAMPLES / name).read_bytes(), f"{name}: inte samma byte"


def test_one_example_per_namnd_and_document(config: Config, docs) -> None:
    # every nämnd every planning document; the bolagsplan only the kommunstyrelse (it has the bolag); each unit of
    # a nämnd's organisation its own verksamhetsplan (fgn's three and bn's two)
    units = sum(len(n.organisation) for n in config.organisation.namnder)
    assert units == 5 and len(list(EXAMPLES.glob("*.xlsx"))) == len(config.namnd_ids) * (len(PLANNING) - 1) + 1 + units
    assert set(docs) == {(f.doc_type, n) for n in config.namnd_ids for f in planning_for(config, n)}
    assert {n for d, n in docs if d == "bolagsplan"} == {"ks"}


def test_every_example_validates_without_fel(checked) -> None:
    report, items = checked
    fel = [f"{c.report.file}: {f.rule} {f.loc.sheet}!{f.loc.cell} {f.message}"
           for c in items for f in c.report.findings if f.severity == Severity.FEL]
    assert not fel, "\n".join(fel[:20])
    assert all(c.document is not None for c in items)


def test_validate_json_over_every_example_folder_has_no_fel_and_no_varning() -> None:
    """`xltools validate --format json` on workbooks/ (planning, follow-ups and the follow-up year's adopted plans
    in uppfoljning-underlag, which are validated for their own year): exit 0, 0 fel, 0 varningar."""
    import json
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "xltools", "validate", "--format", "json", "--config", str(CONFIG_DIR),
                          str(ROOT / "workbooks")], capture_output=True, text=True, cwd=ROOT, check=False)
    data = json.loads(res.stdout)
    findings = [(f["file"], x["rule"], x["message"]) for f in data["files"] for x in f["findings"]]
    assert res.returncode == 0 and findings == [], findings[:10]
    folders = {Path(f["file"]).parent.name for f in data["files"]}
    assert {"planering", "uppfoljning", "uppfoljning-underlag"} <= folders and len(data["files"]) >= 240


def test_a_plan_of_neither_the_budget_year_nor_the_follow_up_year_is_str5(config: Config, tmp_path: Path) -> None:
    old = config.planering.uppfoljningsar - 1
    path = write_template(FORMS["namndplan"], config, "sn", old, tmp_path / f"namndplan-sn-{old}.xlsx")
    report, _ = validate_paths([path], config)
    assert "STR-5" in [f.rule for f in report.files[0].findings if f.severity == Severity.FEL]


def _intern_sums(config: Config, docs, klass: KontoKlass, hyra: bool | None = None) -> dict[tuple[str, str], list[float]]:
    """(nämnd, motpart) -> per-year sum of the nämnd's driftbudget rows on internal accounts of one class."""
    konton = {k.kod for k in config.kontoplan.konton if k.intern and k.klass == klass
              and (hyra is None or ("hyr" in k.namn.casefold()) == hyra)}
    col = "intakter" if klass == KontoKlass.INTAKT else "kostnader"
    out: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for n in config.namnd_ids:
        for r in docs[("driftbudget", n)].rows("drift"):
            if r.get("konto") in konton:
                for i in YEARS:
                    out[(n, r.get("motpart"))][i - 1] += r.get(f"{col}_{i}") or 0
    return out


def test_internhyror_reconcile_with_tenants_and_landlord(config: Config, docs) -> None:
    owner = config.lokalagare()
    assert owner is not None
    per_tenant: dict[str, float] = defaultdict(float)
    for r in docs[("internhyror", owner.id)].rows("hyror"):
        per_tenant[r.get("hyresgast")] += r.get("total")
    assert len(per_tenant) >= 5 and sum(per_tenant.values()) > 0
    cost = _intern_sums(config, docs, KontoKlass.KOSTNAD, hyra=True)
    income = _intern_sums(config, docs, KontoKlass.INTAKT, hyra=True)
    tenants_booking = {n for (n, m) in cost if m == owner.id}
    assert tenants_booking == set(per_tenant)
    for tenant, total in per_tenant.items():
        assert cost[(tenant, owner.id)][0] == pytest.approx(total), tenant
        for i in YEARS:
            assert cost[(tenant, owner.id)][i - 1] == pytest.approx(income[(owner.id, tenant)][i - 1]), (tenant, i)
    assert {m for (n, m) in income if n == owner.id} == set(per_tenant)


def test_internal_services_reconcile_buyer_and_seller(config: Config, docs) -> None:
    katalog: dict[tuple[str, str], float] = defaultdict(float)
    for n in config.namnd_ids:
        for r in docs[("internhyror", n)].rows("tjanster"):
            katalog[(n, r.get("kopare"))] += r.get("total")
    assert katalog, "ingen nämnd säljer interna tjänster i exemplen"
    cost = _intern_sums(config, docs, KontoKlass.KOSTNAD, hyra=False)
    income = _intern_sums(config, docs, KontoKlass.INTAKT, hyra=False)
    assert {(m, n) for (n, m) in cost} == set(katalog) == set(income)
    for (seller, buyer), total in katalog.items():
        assert cost[(buyer, seller)][0] == pytest.approx(total), (seller, buyer)
        for i in YEARS:
            assert cost[(buyer, seller)][i - 1] == pytest.approx(income[(seller, buyer)][i - 1]), (seller, buyer, i)


def test_internal_rows_name_another_namnd(config: Config, docs) -> None:
    intern = {k.kod for k in config.kontoplan.konton if k.intern}
    for n in config.namnd_ids:
        for r in docs[("driftbudget", n)].rows("drift"):
            if r.get("konto") in intern:
                assert r.get("motpart") in config.namnd_ids and r.get("motpart") != n


def test_driftbudget_net_within_ram(config: Config, docs) -> None:
    for n in config.namnd_ids:
        rows = docs[("driftbudget", n)].rows("drift")
        for i, year in enumerate(config.planering.ar, start=1):
            net = sum((r.get(f"kostnader_{i}") or 0) - (r.get(f"intakter_{i}") or 0) for r in rows)
            assert net <= config.ekonomi.ramar[n][year] + 0.5, (n, year, net)
            assert net > 0.9 * config.ekonomi.ramar[n][year], (n, year, net)


def test_investments_within_investeringsram(config: Config, docs) -> None:
    for i, year in enumerate(config.planering.ar, start=1):
        total = sum(r.get(f"utgift_{i}") or 0 for n in config.namnd_ids
                    for r in docs[("investeringsplan", n)].rows("projekt"))
        assert 0.9 * config.ekonomi.investeringsram[year] <= total <= config.ekonomi.investeringsram[year], year
    owner = config.lokalagare()
    assert owner is not None
    lokal = [(n, r) for n in config.namnd_ids for r in docs[("investeringsplan", n)].rows("projekt")
             if r.get("lokal") == "ja"]
    assert lokal and all(n == owner.id for n, _ in lokal)


def test_values_fill_the_input_cells_of_prefilled_rows(config: Config, tmp_path: Path) -> None:
    form = FORMS["internkontrollplan"]
    first = config.arshjul.obligatoriska_kontrollmoment[0]
    target = write_template(form, config, "ks", config.planering.budgetar, tmp_path / "ik.xlsx", values={
        "rows": {"kontroller": [{"kontroll_id": first.id, "sannolikhet": 3, "konsekvens": 4, "ansvarig": "Ekonom",
                                 "risk": "ska inte skriva över"}]}})
    _, t = form.table("kontroller")
    rows = _cells(target)["Kontrollplan"]
    ids = [row[0] for row in rows[t.first_row - 1:t.last_row] if row and row[0]]
    assert ids == [k.id for k in config.arshjul.obligatoriska_kontrollmoment]  # no extra row
    row = rows[t.first_row - 1]
    assert row[t.col("risk") - 1] == first.risk
    assert (row[t.col("sannolikhet") - 1], row[t.col("konsekvens") - 1], row[t.col("ansvarig") - 1]) == (3, 4, "Ekonom")
