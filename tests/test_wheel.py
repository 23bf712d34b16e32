"""A normal (non-editable) install works outside the checkout: build a wheel, install it into a fresh
virtual environment in a temporary folder, and run `xltools kommunplan` on the example submissions
there. The jinja2 templates of the bilagor are package data; the outputs equal those made in the
checkout, byte for byte (tests/golden/outputs.json)."""

from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from test_outputs_golden import GOLDEN, digests


def _run(*cmd: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    res = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd, check=False,
                         env={"PATH": "/usr/bin:/bin", "XLTOOLS_CACHE": "off", "HOME": str(cwd)})
    assert res.returncode == 0, f"{cmd}\n{res.stdout}\n{res.stderr}"
    return res


def test_wheel_installed_outside_the_checkout_writes_the_kommunplan(tmp_path: Path) -> None:
    src = tmp_path / "src"  # a copy, so that building leaves nothing in the checkout
    shutil.copytree(ROOT / "xltools", src / "xltools", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", tmp_path / "dist", src, cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("xltools-*.whl")
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel,
         cwd=tmp_path)
    # The dependencies come from this test's environment (no network); xltools itself only from the wheel.
    fresh = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path)
                 .stdout.strip())
    (fresh / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    where = _run(python, "-c", "import xltools; print(xltools.__file__)", cwd=tmp_path).stdout.strip()
    assert Path(where).is_relative_to(venv), where
    assert (Path(where).parent / "reports" / "templates" / "driftbudget.html.j2").is_file()
    packages = {p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "xltools").rglob("*.py")}
    installed = {p.parent.relative_to(Path(where).parent.parent).as_posix() for p in Path(where).parent.rglob("*.py")}
    assert packages - {"xltools/__pycache__"} <= installed, packages - installed  # every package is in the wheel

    out = tmp_path / "ut"
    _run(venv / "bin" / "xltools", "kommunplan", ROOT / "workbooks" / "planering", "--config", ROOT / "config",
         "--out", out, cwd=tmp_path)
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))["kommunplan"]["files"]
    assert digests(out, clock_masked=False) == want
