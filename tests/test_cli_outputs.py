"""Every command that writes gives a Swedish message and an exit code, never a traceback, when its
output folder cannot be written; and nothing is left half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CONFIG_DIR, ROOT

from xltools.cli import cli

PLANERING = ROOT / "workbooks" / "planering"
UPPFOLJNING = ROOT / "workbooks" / "uppfoljning"


def _commands(out: Path) -> dict[str, list[str]]:
    cfg = ["--config", str(CONFIG_DIR)]
    return {
        "mallar": ["templates", "generate", *cfg, "--namnd", "sn", "--out", str(out)],
        "uppföljningsmallar": ["uppfoljning", "mallar", "--period", "2026-08", *cfg, "--namnd", "sn", "--out", str(out)],
        "kommunplan": ["kommunplan", str(PLANERING), *cfg, "--out", str(out)],
        "uppföljningsrapport": ["uppfoljning", str(UPPFOLJNING), "--period", "2026-08", *cfg, "--out", str(out)],
        "tillägg": ["addin", "build", "--out", str(out)],
        "exempel": ["exempel", *cfg, "--out", str(out)],
    }


@pytest.mark.parametrize("name", list(_commands(Path("x"))))
def test_unwritable_output_folder_is_a_swedish_error(name: str, tmp_path: Path) -> None:
    blocker = tmp_path / "en-fil"
    blocker.write_text("en vanlig fil där utmappens förälder borde vara")
    out = blocker / "ut"  # cannot be created: its parent is a file
    result = CliRunner().invoke(cli, _commands(out)[name])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    assert f"Utmappen {out} kunde inte skrivas (en fil finns där en mapp behövs)" in result.output, result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en-fil"]  # no temporary folder left behind


def test_unwritable_annotate_folder_is_a_swedish_error(tmp_path: Path) -> None:
    blocker = tmp_path / "en-fil"
    blocker.write_text("x")
    one = PLANERING / "driftbudget-sn-2027.xlsx"
    result = CliRunner().invoke(cli, ["validate", str(one), "--config", str(CONFIG_DIR), "--annotate",
                                      str(blocker / "ut")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1  # the validation itself has no fel, but the copies asked for were not written
    assert (f"fel: Utmappen {blocker / 'ut'} kunde inte skrivas (en fil finns där en mapp behövs); inga kommenterade "
            "kopior skrevs") in result.output
