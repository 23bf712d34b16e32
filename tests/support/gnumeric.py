"""Recalculate workbooks with Gnumeric (ssconvert --recalc), the second real spreadsheet engine.

`.ci/run` installs Debian's gnumeric and sets XLTOOLS_REQUIRE_GNUMERIC=1, so in CI a missing
ssconvert fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REQUIRE_ENV = "XLTOOLS_REQUIRE_GNUMERIC"


def require_ssconvert() -> str:
    path = shutil.which("ssconvert")
    if path is None:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail("Gnumeric (ssconvert) krävs i CI men saknas")
        pytest.skip("Gnumeric (ssconvert) saknas på maskinen; .ci/run installerar det")
    return path


def recalc(paths: list[Path], out_dir: Path) -> list[Path]:
    """Each workbook recalculated by Gnumeric and saved as xlsx in `out_dir` (same name)."""
    ssconvert = require_ssconvert()
    out_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for p in paths:
        target = out_dir / p.name
        subprocess.run([ssconvert, "--recalc", str(p), str(target)], check=True, capture_output=True, timeout=300,
                       env={**os.environ, "HOME": str(out_dir)})
        out.append(target)
    return out
