"""Issue 12 part 7: a riktat mål's own years. A riktat mål that starts in a plan year is pre-filled in the
nämndplan (and required by NP-1), and its mått need målvärden only for the years the mål covers (MAL-2).

Real templates written by the project's writer, filled and read back by the real reader and rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.workbooks import values_for

from xltools.config import Config
from xltools.excel.write import write_template
from xltools.forms import FORMS
from xltools.validate import validate_paths

Y = 2027
NAMND = "fgn"


@pytest.fixture(scope="module")
def later(config: Config) -> Config:
    """The example config with RM1 (fgn) decided only for the last plan year, Y + 2."""
    rm = [r.replace(ar=[Y + 2]) if r.id == "RM1" else r for r in config.malkedja.riktade_mal]
    return config.replace(malkedja=config.malkedja.replace(riktade_mal=rm))


def _write(cfg: Config, path: Path, drop: tuple[int, ...]) -> Path:
    values: dict[str, Any] = values_for("namndplan", cfg, NAMND, Y)
    for row in values["rows"]["matt"]:
        if row["mal_id"] == "RM1":
            for i in drop:
                row.pop(f"malvarde_{i}")
    return write_template(FORMS["namndplan"], cfg, NAMND, Y, path, values=values)


def _findings(cfg: Config, path: Path) -> list[tuple[str, str | None, str]]:
    report, _ = validate_paths([path], cfg)
    return [(f.rule, f.loc.cell, f.message) for fr in report.files for f in fr.findings]


def test_a_riktat_mal_starting_in_a_plan_year_is_prefilled(later: Config, tmp_path: Path) -> None:
    assert "RM1" not in {r.id for r in later.riktade_mal_for(NAMND, Y)}
    pre = FORMS["namndplan"].prefill(later, NAMND, Y)
    assert "RM1" in {r["mal_id"] for r in pre.rows["mal"]}
    assert "RM1" in {r["mal_id"] for r in pre.rows["matt"]}


def test_malvarden_only_for_the_mals_own_years(later: Config, tmp_path: Path) -> None:
    found = _findings(later, _write(later, tmp_path / "np.xlsx", drop=(1, 2)))
    assert not [f for f in found if f[0] in ("MAL-2", "NP-1")], found  # 2027 and 2028 are not RM1's years


def test_a_missing_malvarde_for_the_mals_own_year_is_reported(later: Config, tmp_path: Path) -> None:
    found = _findings(later, _write(later, tmp_path / "np.xlsx", drop=(1, 3)))
    mal2 = [f for f in found if f[0] == "MAL-2"]
    assert len(mal2) == 1 and str(Y + 2) in mal2[0][2], found


def test_nothing_changes_for_a_mal_of_every_year(config: Config, tmp_path: Path) -> None:
    found = _findings(config, _write(config, tmp_path / "np.xlsx", drop=(1,)))
    mal2 = [f for f in found if f[0] == "MAL-2"]
    assert len(mal2) == 1 and str(Y) in mal2[0][2], found
