"""`xltools validate` on a folder holding things that are not submissions, as a real process with a timeout.

A FIFO, an .xlsb, links out of the folder (to a file and to a folder) and a link inside it lie beside a
valid workbook: each is reported with its FIL finding, the run ends at once (nothing is opened that
could block), the valid workbook is still validated, and nothing raw from a file name reaches the terminal.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.hostile.zipparts import rewrite, sheet_part, write_parts
from support.workbooks import build, copy

from xltools.config import Config

ROOT = Path(__file__).resolve().parents[1]
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _xltools(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xltools", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})})


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory, config: Config) -> Path:
    return build("taxor", config, "kfn", tmp_path_factory.mktemp("good") / "taxor-kfn-2027.xlsx")


def test_a_folder_with_a_fifo_an_xlsb_and_links_is_reported_file_by_file(good: Path, tmp_path: Path) -> None:
    inbox, outside = tmp_path / "inkorg", tmp_path / "utanfor"
    (inbox / "sub").mkdir(parents=True)
    outside.mkdir()
    copy(good, inbox / "taxor-kfn-2027.xlsx")
    copy(good, outside / "taxor-kfn-2027.xlsx")
    os.mkfifo(inbox / "driftbudget-kfn-2027.xlsx")
    write_parts(inbox / "gammal.xlsb", [("[Content_Types].xml", b"<Types/>"), ("xl/workbook.bin", b"\x83\x01\x00")])
    (inbox / "lank-ut.xlsx").symlink_to(outside / "taxor-kfn-2027.xlsx")
    (inbox / "mapp-ut").symlink_to(outside, target_is_directory=True)
    (inbox / "sub" / "lank-in.xlsx").symlink_to(inbox / "taxor-kfn-2027.xlsx")
    done = _xltools("validate", inbox, "--format", "json", "--no-cache", "--config", ROOT / "config")
    assert done.returncode == 2, done.stderr
    files = {Path(f["file"]).relative_to(inbox).as_posix(): f for f in json.loads(done.stdout)["files"]}
    rules = {name: [x["rule"] for x in f["findings"] if x["severity"] == "fel"] for name, f in files.items()}
    assert rules == {"driftbudget-kfn-2027.xlsx": ["FIL-10"], "gammal.xlsb": ["FIL-7"], "lank-ut.xlsx": ["FIL-10"],
                     "mapp-ut": ["FIL-10"], "sub/lank-in.xlsx": [], "taxor-kfn-2027.xlsx": []}
    assert files["taxor-kfn-2027.xlsx"]["valid"] and files["sub/lank-in.xlsx"]["valid"]
    assert "utanför mappen" in files["mapp-ut"]["findings"][0]["message"]
    assert files["mapp-ut"]["findings"][0]["message"].startswith("Mappen är en symbolisk länk")


def test_a_device_named_directly_is_refused_at_once() -> None:
    done = _xltools("validate", "/dev/zero", "--config", ROOT / "config")
    assert done.returncode == 2 and "FIL-10" in done.stdout and "enhetsfil" in done.stdout
    assert "Traceback" not in done.stderr


def test_control_and_bidi_characters_in_a_file_name_never_reach_the_terminal_raw(good: Path, tmp_path: Path) -> None:
    hostile = copy(good, tmp_path / "taxor-kfn-2027\x1b]0;titel\x07-\u202eexe.xlsx")
    text = _xltools("validate", hostile, "--config", ROOT / "config")
    assert text.returncode == 0 and not RAW.search(text.stdout + text.stderr)
    assert "taxor-kfn-2027\\x1b]0;titel\\x07-\\u202eexe.xlsx" in text.stdout
    as_json = _xltools("validate", hostile, "--format", "json", "--config", ROOT / "config")
    assert not RAW.search(as_json.stdout) and json.loads(as_json.stdout)["files"][0]["file"] == str(hostile)


def test_a_bad_limit_in_the_environment_is_a_swedish_usage_error(good: Path) -> None:
    done = _xltools("validate", good, "--config", ROOT / "config", env={"XLTOOLS_MAX_CELLER": "oändligt"})
    assert done.returncode == 1 and "XLTOOLS_MAX_CELLER ska vara ett positivt heltal" in done.stderr
    assert "Traceback" not in done.stderr
    assert _xltools("validate", good, "--config", ROOT / "config", env={"XLTOOLS_MAX_CELLER": "1"}).returncode == 2


def test_inkorg_ta_emot_refuses_hostile_files_and_takes_the_others(good: Path, tmp_path: Path) -> None:
    handed = tmp_path / "lamnat"
    handed.mkdir()
    copy(good, handed / "taxor-kfn-2027\x1b[2J.xlsx")
    os.mkfifo(handed / "fifo.xlsx")
    far = copy(good, handed / "driftbudget-kfn-2027.xlsx")
    rewrite(far, {sheet_part(far, "Taxor"): lambda x: x.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')})
    done = _xltools("inkorg", "ta-emot", "--inkorg", tmp_path / "inkorg", "--config", ROOT / "config", handed)
    assert done.returncode == 1 and "Traceback" not in done.stderr and not RAW.search(done.stdout + done.stderr)
    lines = done.stdout.splitlines()
    assert any("taxor-kfn-2027\\x1b[2J.xlsx" in ln and "godkänd" in ln and "ej godkänd" not in ln for ln in lines), lines
    assert any("driftbudget-kfn-2027.xlsx" in ln and "ej godkänd" in ln for ln in lines), lines
    assert any("fifo.xlsx" in ln and "togs inte emot" in ln for ln in lines), lines
