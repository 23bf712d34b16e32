"""The templates' integrity token and the kommun's key (issue 12, part 6).

Real workbooks written by the template writer, edited with openpyxl as a user would and validated;
the key made by the real `xltools nyckel skapa` in a child process.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from support.workbooks import build, edit, meta_cell

from xltools import integrity
from xltools.config import Config, load_config
from xltools.errors import XltoolsError
from xltools.submissions import one_each
from xltools.validate import validate_paths

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Config, Path]:
    """The example configuration as a real kommun's (no exempeldata), its key file in tmp_path (not yet made)."""
    folder = Path(shutil.copytree(ROOT / "config", tmp_path / "config"))
    kommun = folder / "kommun.yaml"
    kommun.write_text("".join(line for line in kommun.read_text(encoding="utf-8").splitlines(keepends=True)
                              if not line.startswith("exempeldata:")), encoding="utf-8")
    cfg, errors = load_config(folder)
    assert cfg is not None and not errors and not cfg.kommun.exempeldata
    key = tmp_path / "hemligt" / "nyckel"
    monkeypatch.setenv(integrity.ENV, str(key))
    return cfg, folder


def _nyckel(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xltools", "nyckel", *args, "--config", str(folder)],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=120)


def _meta(path: Path) -> dict[str, str]:
    import openpyxl

    ws = openpyxl.load_workbook(path)["_xltools"]
    return {str(a.value): str(b.value) for a, b in ws.iter_rows(min_row=2, max_col=2) if a.value}


def test_nyckel_skapa_writes_a_private_key_once(real: tuple[Config, Path]) -> None:
    cfg, folder = real
    path = integrity.key_path(cfg.kommun.kommunkod)
    assert _nyckel(folder, "visa").returncode == 1
    made = _nyckel(folder, "skapa")
    assert made.returncode == 0 and str(path) in made.stdout, made
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(bytes.fromhex(path.read_text().strip())) == 32
    first = path.read_bytes()
    again = _nyckel(folder, "skapa")
    assert again.returncode == 1 and "--ersatt" in again.stderr and "Traceback" not in again.stderr
    assert path.read_bytes() == first
    assert _nyckel(folder, "skapa", "--ersatt").returncode == 0 and path.read_bytes() != first
    shown = _nyckel(folder, "visa")
    assert shown.returncode == 0 and path.read_text().strip() not in shown.stdout


def test_without_a_key_no_token_and_no_identity_check(real: tuple[Config, Path], tmp_path: Path) -> None:
    cfg, _ = real
    path = build("taxor", cfg, "kfn", tmp_path / "taxor.xlsx")
    meta = _meta(path)
    assert "integritet" not in meta and len(meta["mall_id"]) == 16
    edit(path, {meta_cell("namnd"): "tn"})
    report, _ = validate_paths([path], cfg)
    assert not any(f.rule == "STR-30" for f in report.files[0].findings)


def test_with_a_key_a_genuine_template_passes_and_an_edited_one_is_fel(real: tuple[Config, Path], tmp_path: Path) -> None:
    cfg, _ = real
    integrity.create_key(cfg.kommun.kommunkod)
    genuine = build("taxor", cfg, "kfn", tmp_path / "taxor.xlsx")
    assert len(_meta(genuine)["integritet"]) == 64
    report, checked = validate_paths([genuine], cfg)
    assert report.files[0].findings == [] and checked[0].document is not None
    for key, value in (("namnd", "tn"), ("year", "2026"), ("document", "internhyror"), ("kommunkod", "2021"),
                       ("generated", "2099-12-31T23:59:59"), ("mall_id", "0" * 16), ("integritet", None)):
        forged = Path(shutil.copyfile(genuine, tmp_path / f"forged-{key}.xlsx"))
        edit(forged, {meta_cell(key): value})
        report, checked = validate_paths([forged], cfg)
        found = [(f.rule, f.loc.sheet, f.loc.cell) for f in report.files[0].findings]
        assert ("STR-30", "_xltools", "B13") in found, (key, found)
        assert checked[0].document is None, key  # a forged identity is never read as what it claims


def test_another_key_is_a_changed_identity(real: tuple[Config, Path], tmp_path: Path) -> None:
    cfg, _ = real
    integrity.create_key(cfg.kommun.kommunkod)
    made = build("taxor", cfg, "kfn", tmp_path / "taxor.xlsx")
    integrity.create_key(cfg.kommun.kommunkod, replace=True)
    report, _ = validate_paths([made], cfg)
    assert [f.rule for f in report.files[0].findings] == ["STR-30"]


def test_example_templates_use_the_public_demo_key(config: Config, tmp_path: Path) -> None:
    """Example data: the same token wherever it is made (the committed workbooks equal the generator's)."""
    assert config.kommun.exempeldata
    assert integrity.kommun_key(config) == integrity.demo_key(config.kommun.kommunkod)
    a, b = build("taxor", config, "kfn", tmp_path / "a.xlsx"), build("taxor", config, "kfn", tmp_path / "b.xlsx")
    assert _meta(a)["integritet"] == _meta(b)["integritet"] and a.read_bytes() == b.read_bytes()


def _two_taxor(cfg: Config, tmp_path: Path) -> list:
    import datetime as dt

    from support.workbooks import values_for

    from xltools.excel.write import write_template
    from xltools.forms import FORMS

    folder = tmp_path / "in"
    folder.mkdir(parents=True)
    for i, when in enumerate((dt.datetime(2026, 3, 1), dt.datetime(2026, 4, 1))):
        write_template(FORMS["taxor"], cfg, "kfn", 2027, folder / f"taxor-{i}.xlsx",
                       values=values_for("taxor", cfg, "kfn", 2027), generated=when)
    _, checked = validate_paths([folder], cfg)
    return checked


def test_latest_ranks_only_by_a_protected_time_stamp(real: tuple[Config, Path], tmp_path: Path) -> None:
    cfg, _ = real
    checked = _two_taxor(cfg, tmp_path / "utan")
    with pytest.raises(XltoolsError, match="utan kommunens nyckel"):
        one_each(checked, tmp_path, latest=True, protected=False)
    integrity.create_key(cfg.kommun.kommunkod)
    checked = _two_taxor(cfg, tmp_path / "med")
    keep, replaced = one_each(checked, tmp_path, latest=True, protected=True)
    assert [Path(c.report.file).name for c in keep] == ["taxor-1.xlsx"] and len(replaced) == 1


def test_nyckel_for_example_data_makes_no_key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from xltools.cli.nyckel import nyckel

    monkeypatch.setenv(integrity.ENV, str(tmp_path / "nyckel"))
    for command in ("skapa", "visa"):
        result = CliRunner().invoke(nyckel, [command, "--config", str(ROOT / "config")])
        assert result.exit_code == 0 and "demonyckel" in result.output, result.output
    assert not (tmp_path / "nyckel").exists()
