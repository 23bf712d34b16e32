"""Fault injection (issue 12, part 9): `kommunplan` and `validate --annotate` killed with SIGKILL at several
points leave their output folder holding the previous complete set or the new complete set, never a mix;
the next run cleans what the killed one left beside it.

Two ways to pick the moment: XLTOOLS_TEST_PAUSE makes atomic_dir stop the process (SIGSTOP) at a named
point (before the swap; between the two renames where renameat2 is not used; after the swap, before the
previous set is removed), and kills at fractions of a run's measured duration hit it wherever it is.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import CONFIG_DIR, ROOT

from xltools.atomic import clean_leftovers

XLTOOLS = str(Path(sys.executable).parent / "xltools")
PLANERING = ROOT / "workbooks" / "planering"
pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL and SIGSTOP are POSIX")


def _inbox(tmp: Path, namnder: tuple[str, ...]) -> Path:
    inbox = tmp / "inkorg"
    inbox.mkdir(parents=True)
    for f in sorted(PLANERING.glob("*.xlsx")):
        if f.name.split("-")[1] in namnder:
            os.link(f, inbox / f.name)
    return inbox


def _argv(command: str, inbox: Path, out: Path, first: bool = False) -> list[str]:
    """The command line; later runs of kommunplan write the bilagor of one nämnd only (fewer files)."""
    cfg = ["--config", str(CONFIG_DIR), "--no-cache"]
    if command == "kommunplan":
        return [XLTOOLS, "kommunplan", str(inbox), "--out", str(out), *cfg, *(() if first else ("--namnd", "kfn"))]
    return [XLTOOLS, "validate", str(inbox), "--annotate", str(out), *cfg]


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _complete_new(out: Path, names: set[str], started: float) -> list[str]:
    """Why `out` is not a complete new set of these names (written after `started`), or []."""
    files = {p.relative_to(out).as_posix(): p for p in out.rglob("*") if p.is_file()}
    why = [f"{set(files) ^ names} differ from a whole set"] if set(files) != names else []
    for name, p in files.items():
        if p.stat().st_mtime < started - 1:
            why.append(f"{name} is from the previous run")
        elif p.suffix == ".xlsx":
            with zipfile.ZipFile(p) as zf:
                if zf.testzip() is not None or "xl/workbook.xml" not in zf.namelist():
                    why.append(f"{name} is not a whole workbook")
        elif p.suffix == ".json":
            json.loads(p.read_text(encoding="utf-8"))
    return why


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def _old_or_new(out: Path, old: dict[str, bytes], names: set[str], started: float) -> None:
    if out.is_dir() and _snapshot(out) == old:
        return
    why = _complete_new(out, names, started) if out.is_dir() else ["the folder is missing"]
    assert not why, f"{out.name} holds neither the previous complete set nor the new one: {why}"


@pytest.fixture(params=["kommunplan", "annotate"])
def setup(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path, Path, dict[str, bytes], set[str], float]:
    """The command; its inbox; its output folder holding a previous complete set; that set; the names a new
    set has (a first run with every nämnd, later runs with two: a mix would show old bilagor or copies)."""
    command = request.param
    inbox = _inbox(tmp_path, ("kfn", "sn"))
    out = tmp_path / "ut"
    subprocess.run(_argv(command, inbox, out, first=True), capture_output=True, check=False)
    if command == "annotate":
        (inbox / "taxor-sn-2027.xlsx").unlink()  # one copy fewer in a new set
    old = _snapshot(out)
    assert old, "the previous run wrote nothing"
    ref = tmp_path / "referens"
    t = time.monotonic()
    subprocess.run(_argv(command, inbox, ref), capture_output=True, check=False)
    duration = time.monotonic() - t
    names = set(_snapshot(ref))
    assert names and names != set(old)
    return command, inbox, out, old, names, duration


def _next_run_cleans(command: str, inbox: Path, out: Path, names: set[str]) -> None:
    started = time.time()
    done = subprocess.run(_argv(command, inbox, out), capture_output=True, text=True, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    assert _leftovers(out) == [], "the next run left what the killed one left"
    assert _complete_new(out, names, started) == []


@pytest.mark.parametrize(("point", "exchange"), [("swap", True), ("swapped", True), ("swapped", False)])
def test_killed_at_a_named_point(setup: tuple, point: str, exchange: bool) -> None:
    command, inbox, out, old, names, _ = setup
    env = {**os.environ, "XLTOOLS_TEST_PAUSE": point, **({} if exchange else {"XLTOOLS_NO_EXCHANGE": "1"})}
    started = time.time()
    proc = subprocess.Popen(_argv(command, inbox, out), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status = os.waitpid(proc.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), "the run did not reach the point"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _leftovers(out), "a killed run at this point leaves a folder beside the output"
    _old_or_new(out, old, names, started)
    if point == "swap":
        assert _snapshot(out) == old
    _next_run_cleans(command, inbox, out, names)


def test_killed_between_the_two_renames_the_previous_set_is_put_back(setup: tuple) -> None:
    """Without renameat2 (Windows, macOS) the folder is missing for a moment: the next run puts the previous
    complete set back before anything else."""
    command, inbox, out, old, names, _ = setup
    env = {**os.environ, "XLTOOLS_TEST_PAUSE": "aside", "XLTOOLS_NO_EXCHANGE": "1"}
    proc = subprocess.Popen(_argv(command, inbox, out), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status = os.waitpid(proc.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not out.exists()
    clean_leftovers(out)  # what the next run does first
    assert _snapshot(out) == old and _leftovers(out) == []
    _next_run_cleans(command, inbox, out, names)


@pytest.mark.parametrize("fraction", [0.5, 0.9])
def test_killed_at_any_moment(setup: tuple, fraction: float) -> None:
    command, inbox, out, old, names, duration = setup
    started = time.time()
    proc = subprocess.Popen(_argv(command, inbox, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(duration * fraction)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _old_or_new(out, old, names, started)
    _next_run_cleans(command, inbox, out, names)
