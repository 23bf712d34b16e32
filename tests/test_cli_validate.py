"""`xltools validate`: the stable JSON contract, the Swedish text report and the exit codes 0/1/2."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from support.workbooks import bad_empty, build, clear_row, copy, edit

from xltools.cli import cli
from xltools.config import Config

CONFIG_DIR = Path(__file__).resolve().parents[1] / "config"
TOP_KEYS = {"files"}
FILE_KEYS = {"file", "sha256", "document", "namnd", "year", "period", "valid", "errors", "warnings", "findings"}
FINDING_KEYS = {"rule", "severity", "sheet", "cell", "message"}


def _validate(*args: str | Path, fmt: str = "json") -> Result:
    result = CliRunner().invoke(cli, ["validate", *map(str, args), "--config", str(CONFIG_DIR), "--format", fmt])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, config: Config) -> dict[str, Path]:
    """valid: a valid taxor; mixed: an investeringsplan with fel and varningar on three sheets;
    warn: a driftbudget with only a varning; empty: a 0-byte file."""
    root = tmp_path_factory.mktemp("cli")
    valid = build("taxor", config, "sn", root / "taxor-sn.xlsx")
    mixed = build("investeringsplan", config, "sn", root / "investeringsplan-sn.xlsx")
    edit(mixed, {
        ("Projekt", "E6"): "50",  # INV-4 fel
        ("Projekt", "J6"): None,  # INV-1 varning, and INV-3 varning (kalkyl no longer matches)
        **clear_row("Inköpsplan", 6, "G"),  # INV-5 fel
    })
    warn = build("driftbudget", config, "sn", root / "driftbudget-sn.xlsx")
    edit(warn, {("Driftbudget", "H6"): f"{config.ekonomi.ramar['sn'][2027] + 1000:.0f}"})  # STR-9 varning
    return {"valid": valid, "mixed": mixed, "warn": warn, "empty": bad_empty(root / "tom.xlsx")}


def test_json_contract_has_exact_keys_and_types(files: dict[str, Path]) -> None:
    result = _validate(files["valid"], files["mixed"], files["warn"], files["empty"])
    data = json.loads(result.stdout)
    assert set(data) == TOP_KEYS
    assert [f["file"] for f in data["files"]] == [str(files[k]) for k in ("valid", "mixed", "warn", "empty")]
    for entry in data["files"]:
        assert set(entry) == FILE_KEYS
        assert isinstance(entry["valid"], bool)
        assert isinstance(entry["errors"], int) and isinstance(entry["warnings"], int)
        assert entry["errors"] == sum(f["severity"] == "fel" for f in entry["findings"])
        assert entry["warnings"] == sum(f["severity"] == "varning" for f in entry["findings"])
        assert entry["valid"] is (entry["errors"] == 0 and entry["document"] is not None)
        for f in entry["findings"]:
            assert set(f) == FINDING_KEYS
            assert f["severity"] in {"fel", "varning"}
            assert re.fullmatch(r"[A-Z]+-\d+", f["rule"])
            assert f["sheet"] is None or isinstance(f["sheet"], str)
            assert f["cell"] is None or re.fullmatch(r"[A-Z]+\d+(:[A-Z]+\d+)?", f["cell"])
            assert isinstance(f["message"], str) and f["message"]
        severities = [f["severity"] for f in entry["findings"]]
        assert severities == sorted(severities, key=["fel", "varning"].index), "fel före varningar"
    valid, mixed, warn, empty = data["files"]
    assert valid["sha256"] == hashlib.sha256(files["valid"].read_bytes()).hexdigest()
    assert (valid["document"], valid["namnd"], valid["year"], valid["period"]) == ("taxor", "sn", 2027, "2027")
    assert (valid["valid"], valid["errors"], valid["warnings"], valid["findings"]) == (True, 0, 0, [])
    assert (mixed["valid"], mixed["errors"], mixed["warnings"]) == (False, 2, 2)
    assert sorted((f["rule"], f["severity"], f["sheet"], f["cell"]) for f in mixed["findings"]) == [
        ("INV-1", "varning", "Projekt", "J6"),
        ("INV-3", "varning", "Driftkostnadskalkyl", "B7"),
        ("INV-4", "fel", "Projekt", "E6"),
        ("INV-5", "fel", "Inköpsplan", "A6"),
    ]
    assert (warn["valid"], warn["errors"], warn["warnings"]) == (True, 0, 1)
    assert [(f["rule"], f["sheet"], f["cell"]) for f in warn["findings"]] == [("STR-9", "Driftbudget", "H6")]
    assert (empty["valid"], empty["document"], empty["namnd"], empty["year"], empty["period"]) == (
        False, None, None, None, None)
    assert empty["sha256"] == hashlib.sha256(b"").hexdigest()
    assert [(f["rule"], f["severity"], f["sheet"], f["cell"]) for f in empty["findings"]] == [
        ("FIL-1", "fel", None, None)]


def test_json_is_utf8_not_escaped(files: dict[str, Path]) -> None:
    out = _validate(files["mixed"]).stdout
    assert "Inköpsplan" in out and "\\u00f6" not in out


@pytest.mark.parametrize(("keys", "code"), [
    (("valid",), 0),
    (("warn",), 0),  # varningar do not block
    (("valid", "warn"), 0),
    (("mixed",), 1),
    (("valid", "mixed"), 1),
    (("empty",), 2),
    (("valid", "mixed", "empty"), 2),  # an unreadable file outranks fel
])
def test_exit_codes(keys: tuple[str, ...], code: int, files: dict[str, Path]) -> None:
    for fmt in ("json", "text"):
        assert _validate(*(files[k] for k in keys), fmt=fmt).exit_code == code


def test_text_report_groups_by_file_and_sheet_fel_first(files: dict[str, Path]) -> None:
    result = _validate(files["valid"], files["mixed"], fmt="text")
    lines = result.stdout.splitlines()
    assert lines[0] == f"{files['valid']} (taxor · sn · 2027): godkänd – 0 fel, 0 varningar"
    assert lines[1] == f"{files['mixed']} (investeringsplan · sn · 2027): ej godkänd – 2 fel, 2 varningar"
    assert lines[-1] == "Summa: 2 filer, 1 godkända, 2 fel, 2 varningar."
    body = lines[2:-1]
    sheets = [line.strip()[5:-1] for line in body if line.startswith("  Blad ")]
    assert sheets == ["Inköpsplan", "Projekt", "Driftkostnadskalkyl"]  # sheets with fel first, each once
    blocks: dict[str, list[str]] = {}
    current = ""
    for line in body:
        if line.startswith("  Blad "):
            current = line.strip()[5:-1]
        else:
            assert line.startswith("    [")
            blocks.setdefault(current, []).append(line.strip())
    assert [b[:11] for b in blocks["Projekt"]] == ["[fel] INV-4", "[varning] I"]
    assert blocks["Projekt"][0].startswith("[fel] INV-4 E6: Konto 50 Löner arbetad tid är ett driftkonto.")
    assert blocks["Inköpsplan"][0].startswith("[fel] INV-5 A6: ")
    assert blocks["Driftkostnadskalkyl"][0].startswith("[varning] INV-3 B7: ")


def test_text_report_names_unreadable_files(files: dict[str, Path]) -> None:
    result = _validate(files["empty"], fmt="text")
    assert result.stdout.splitlines()[:3] == [
        f"{files['empty']}: kunde inte läsas – 1 fel, 0 varningar",
        "  Arbetsboken:",
        "    [fel] FIL-1 Filen är tom (0 byte). Spara arbetsboken i Excel och skicka den igen.",
    ]


def test_input_files_are_never_modified(files: dict[str, Path], tmp_path: Path) -> None:
    path = copy(files["mixed"], tmp_path / "x.xlsx")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    _validate(path)
    _validate(path, fmt="text")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_folder_argument_is_searched(files: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "inlamnat" / "sn"
    a = copy(files["valid"], folder / "a.xlsx")
    b = copy(files["mixed"], folder / "under" / "b.xlsx")
    data = json.loads(_validate(tmp_path / "inlamnat").stdout)
    assert [f["file"] for f in data["files"]] == [str(a), str(b)]


def test_missing_config_is_a_swedish_error(files: dict[str, Path], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(files["valid"]), "--config", str(tmp_path / "saknas")])
    assert result.exit_code == 1
    assert "mappen med konfiguration finns inte" in result.stderr
    assert "Traceback" not in result.output
