"""The outputs of `kommunplan` and `uppfoljning rapport` on the committed examples, byte for byte.

The digests in tests/golden/outputs.json were taken from the code before the restructuring of
issue 13 (one pipeline, one layout); a change to any output byte, exit code or printed line fails
here. The follow-up workbook stores the time it was written in docProps/core.xml: that one
timestamp is masked, every other byte counts. After an intended change of the outputs, update the
digests with `pytest tests/test_outputs_golden.py --update-golden` and say why in the commit.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import CONFIG_DIR, ROOT

GOLDEN = ROOT / "tests" / "golden" / "outputs.json"
PLANERING = ROOT / "workbooks" / "planering"
UPPFOLJNING = ROOT / "workbooks" / "uppfoljning"
PERIODS = ("2026-02", "2026-03", "2026-04", "2026-08")
_CLOCK = re.compile(rb"(<dcterms:(?:created|modified) [^>]*>)[^<]*(</dcterms:)")


def _xlsx_digest(data: bytes) -> str:
    """sha256 over the members of a workbook, with the creation time in docProps/core.xml masked."""
    h = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            body = zf.read(info)
            if info.filename == "docProps/core.xml":
                body = _CLOCK.sub(rb"\1TID\2", body)
            h.update(info.filename.encode() + b"\0" + body + b"\0")
    return h.hexdigest()


def digests(out: Path, clock_masked: bool) -> dict[str, str]:
    """File (relative to `out`) -> sha256 of its bytes (workbooks: see _xlsx_digest when `clock_masked`)."""
    found = {}
    for p in sorted(out.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            masked = clock_masked and p.suffix == ".xlsx"
            found[p.relative_to(out).as_posix()] = _xlsx_digest(data) if masked else hashlib.sha256(data).hexdigest()
    return found


def run(args: list[str], out: Path) -> dict[str, object]:
    """One command as a process: its exit code, stdout and stderr (the output folder shown as UT), its files."""
    res = subprocess.run([sys.executable, "-m", "xltools", *args, "--out", str(out)], capture_output=True,
                         text=True, cwd=ROOT, env={"XLTOOLS_CACHE": "off", "PATH": "/usr/bin:/bin"}, check=False)
    shown = str(out)
    return {"rc": res.returncode, "stdout": res.stdout.replace(shown, "UT"), "stderr": res.stderr.replace(shown, "UT"),
            "files": digests(out, clock_masked=args[0] == "uppfoljning")}


def outputs(tmp: Path) -> dict[str, object]:
    cfg = ["--config", str(CONFIG_DIR.relative_to(ROOT))]
    got = {"kommunplan": run(["kommunplan", str(PLANERING.relative_to(ROOT)), *cfg], tmp / "kommunplan")}
    for period in PERIODS:
        got[f"uppfoljning {period}"] = run(["uppfoljning", "rapport", str(UPPFOLJNING.relative_to(ROOT)),
                                            "--period", period, *cfg], tmp / f"uppfoljning-{period}")
    return got


def test_outputs_equal_the_golden_digests(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    got = outputs(tmp_path)
    if request.config.getoption("--update-golden"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(got) == sorted(want)
    for run_name in want:
        w, g = want[run_name], got[run_name]
        assert (g["rc"], g["stdout"], g["stderr"]) == (w["rc"], w["stdout"], w["stderr"]), run_name
        changed = sorted(f for f in {*w["files"], *g["files"]} if w["files"].get(f) != g["files"].get(f))
        assert not changed, (f"{run_name}: these outputs changed: {changed}. If intended: "
                             "pytest tests/test_outputs_golden.py --update-golden")
