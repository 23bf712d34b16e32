"""Templates sized for the nämnd (issue 19, part 9; xltools/forms/sizing.py).

Templates are written by the real writer and read back by python-calamine through validate_paths, and
once as the Excel add-in sees a workbook (values only, no Excel table ranges): the last row of a
table sized above its declaration is read either way.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import CONFIG_DIR
from openpyxl import load_workbook

from xltools.cli.main import cli
from xltools.config import Config, load_config
from xltools.excel.read import read_file
from xltools.excel.write import write_template
from xltools.forms import FORMS, PLANNING
from xltools.forms.layout import Prefill
from xltools.forms.sizing import MARGIN, ROWS_PER_VERKSAMHET, sized
from xltools.reading import read_document
from xltools.validate import validate_paths

DRIFT = FORMS["driftbudget"]
DECLARED = DRIFT.table("drift")[1].rows


def _config(tmp_path: Path, tabellrader: dict[str, dict[str, int]]) -> tuple[Path, Config]:
    cfg = Path(shutil.copytree(CONFIG_DIR, tmp_path / "config"))
    path = cfg / "planering.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["tabellrader"] = tabellrader
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    config, errors = load_config(cfg)
    assert config is not None and not errors, errors
    return cfg, config


def _drift_rows(path: Path) -> tuple[str, int]:
    """The Excel table's range and the row of its Summa label, as the saved file has them."""
    ws = load_workbook(path)["Driftbudget"]
    ref = ws.tables["tbl_drift"].ref
    summa = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Summa")
    return ref, summa


def test_a_nämnd_with_many_verksamheter_gets_rows_for_them(config: Config, tmp_path: Path) -> None:
    ks = config.namnd("ks")
    want = max(DECLARED, ROWS_PER_VERKSAMHET * len(ks.verksamheter))
    assert want > DECLARED  # the example's kommunstyrelse has more verksamheter than 60 rows allow for
    path = write_template(DRIFT, config, "ks", 2027, tmp_path / "ks.xlsx")
    ref, summa = _drift_rows(path)
    header = DRIFT.table("drift")[1].header_row
    assert ref.endswith(str(header + want)) and summa == header + want + 1
    text = "\n".join(str(r[0]) for r in load_workbook(path)["Anvisningar"].iter_rows(values_only=True) if r[0])
    assert f"Bladet Driftbudget har plats för {want} rader" in text


def test_a_small_nämnd_keeps_the_declared_size(config: Config, tmp_path: Path) -> None:
    small = min(config.namnd_ids, key=lambda n: len(config.namnd(n).verksamheter))
    assert ROWS_PER_VERKSAMHET * len(config.namnd(small).verksamheter) <= DECLARED
    assert sized(DRIFT, config, small, Prefill()) is DRIFT


def test_followups_keep_their_declared_sizes(config: Config) -> None:
    for form in FORMS.values():
        if form.followup is not None:
            assert sized(form, config, "ks", form.prefill(config, "ks", 2026) if form.prefill else Prefill()) is form


def test_prefilled_rows_leave_a_margin(config: Config) -> None:
    for form in PLANNING:
        for namnd in config.namnd_ids:
            pre = form.prefill(config, namnd, 2027) if form.prefill else Prefill()
            for _, t in sized(form, config, namnd, pre).tables():
                assert t.rows - len(pre.rows.get(t.key, ())) >= min(MARGIN, t.rows), (form.doc_type, namnd, t.key)


@pytest.mark.parametrize("addin", [False, True], ids=["fil", "tillagget"])
def test_configured_rows_are_written_and_the_last_one_is_read(tmp_path: Path, addin: bool) -> None:
    _, config = _config(tmp_path, {"driftbudget.drift": {"sn": 150}})
    sn = config.namnd("sn")
    rows = [{"verksamhet": sn.verksamheter[0], "konto": "58", "beskrivning": f"Rad {i}", "kostnader_1": 1,
             "kostnader_2": 1, "kostnader_3": 1} for i in range(150)]
    path = write_template(DRIFT, config, "sn", 2027, tmp_path / "sn.xlsx", values={"rows": {"drift": rows}})
    ref, summa = _drift_rows(path)
    assert ref.endswith("155") and summa == 156
    if addin:  # the add-in reads values only: no Excel table range, the Summa row ends the table
        raw = read_file(path)
        assert raw.grid is not None
        raw.grid.tables.clear()
        doc, _ = read_document(raw.grid, str(path), config)
    else:
        _, checked = validate_paths([path], config)
        doc = checked[0].document
    assert doc is not None
    got = doc.rows("drift")
    assert len(got) == 150 and got[-1].row == 155 and got[-1].get("beskrivning") == "Rad 149"


def test_unknown_table_or_nämnd_in_tabellrader_is_a_config_error(tmp_path: Path) -> None:
    cfg, _ = _config(tmp_path, {"driftbudget.drfit": {"sn": 100}, "taxor.taxor": {"xx": 80}})
    r = CliRunner().invoke(cli, ["config", "check", "--config", str(cfg)])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "planering.yaml: tabellrader.driftbudget.drfit: okänd tabell 'driftbudget.drfit'" in r.output
    assert "tabellrader.taxor.taxor.xx: nämnden 'xx' finns inte" in r.output
