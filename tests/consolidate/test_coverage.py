"""The kommunplan's coverage kontroller: every required document (DOK, DOKV) and every riktat mål (RM)."""

from __future__ import annotations

import shutil
from pathlib import Path

from xltools.config import Config
from xltools.jobs.kommunplan import consolidate

ROOT = Path(__file__).resolve().parents[2]
PLANERING = ROOT / "workbooks" / "planering"


def test_missing_documents_and_riktade_mal_are_named(config: Config, tmp_path: Path) -> None:
    folder = tmp_path / "underlag"
    shutil.copytree(PLANERING, folder)
    for name in ("namndplan-sn-2027.xlsx", "investeringsplan-tn-2027.xlsx", "taxor-kfn-2027.xlsx",
                 "internkontrollplan-bn-2027.xlsx", "namndplan-lon-2027.xlsx", "internhyror-lon-2027.xlsx"):
        (folder / name).unlink()
    plan = consolidate(folder, config)
    failed = {k.id: k for k in plan.kontroller if not k.ok}
    assert sorted(k for k in failed if k.startswith(("DOK", "RM"))) == sorted([
        "DOK-sn-namndplan", "DOK-tn-investeringsplan", "DOK-kfn-taxor", "DOKV-bn-internkontrollplan",
        *(f"RM-{r.id}" for r in config.malkedja.riktade_mal if r.namnd in ("sn", "lon") and 2027 in r.ar)])
    assert failed["DOK-sn-namndplan"].beskrivning == "Socialnämnden har inte lämnat någon godkänd nämndplan för 2027."
    assert failed["DOKV-bn-internkontrollplan"].beskrivning.startswith(
        "Byggnadsnämnden har ännu inte lämnat någon godkänd intern kontrollplan för 2027 (sista dag 2027-02-28")
    assert {f.rule for f in plan.findings} >= {"DOK", "DOKV", "RM"}
    assert not any("lon" in k and k.startswith("DOK") for k in failed)  # lönenämnden: värdkommun Älvdalen


def test_a_complete_round_meets_the_coverage_kontroller(plan) -> None:  # noqa: ANN001 - the session's kommunplan
    ok = {k.id: k.ok for k in plan.kontroller if k.kod in ("DOK", "DOKV", "RM")}
    assert ok == {"DOK": True, "RM": True}
