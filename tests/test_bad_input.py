"""Files that are not a usable submission: a clear Swedish finding, the right exit code, no traceback.

Each bad file is validated through the CLI together with a valid workbook: the bad file is in the
JSON with valid=false and its finding, the valid one is still validated, and the exit code is 2
when a file cannot be read at all (1 when it is readable but has fel).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from support.libreoffice import recalc
from support.workbooks import (
    bad_csv,
    bad_empty,
    bad_encrypted,
    bad_ods,
    bad_truncated,
    bad_xls,
    bad_zip_not_excel,
    build,
    copy,
    edit,
    meta_cell,
    plain_workbook,
)

from xltools.cli import cli
from xltools.config import Config

CONFIG_DIR = Path(__file__).resolve().parents[1] / "config"


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory, config: Config) -> dict[str, Path]:
    """A valid taxor and driftbudget workbook to submit alongside each bad file."""
    root = tmp_path_factory.mktemp("good")
    return {d: build(d, config, "kfn", root / f"{d}-kfn.xlsx") for d in ("taxor", "driftbudget")}


def _pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\x00\x00")
    return path


def _other_kommun(good: dict[str, Path], path: Path) -> Path:
    return edit(copy(good["taxor"], path), {meta_cell("kommunkod"): "2021", meta_cell("kommun"): "Vansbro kommun"})


Maker = Callable[[dict[str, Path], Path], Path]
UNREADABLE: list[tuple[str, Maker, str, str]] = [
    ("tom-fil", lambda g, p: bad_empty(p), "FIL-1", "Filen är tom"),
    ("finns-inte", lambda g, p: p, "FIL-1", "filen finns inte"),
    ("csv-med-xlsx-namn", lambda g, p: bad_csv(p), "FIL-2", "text eller CSV"),
    ("pdf-med-xlsx-namn", lambda g, p: _pdf(p), "FIL-2", "formatet är okänt"),
    ("zip-utan-arbetsbok", lambda g, p: bad_zip_not_excel(p), "FIL-2", "zip-arkiv men ingen Excel-arbetsbok"),
    ("xls-binar", lambda g, p: bad_xls(p), "FIL-3", "gammal Excel-fil (.xls)"),
    ("losenordsskyddad", lambda g, p: bad_encrypted(p), "FIL-4", "lösenordsskyddad"),
    ("ods-med-xlsx-namn", lambda g, p: bad_ods(p), "FIL-5", "OpenDocument-kalkylark"),
    ("avbruten-kopia", lambda g, p: bad_truncated(g["driftbudget"], p), "FIL-6", "skadad"),
]
READABLE_WITH_FEL: list[tuple[str, Maker, str, str]] = [
    ("vanlig-arbetsbok", lambda g, p: plain_workbook(p), "STR-1", "inte en xltools-mall"),
    ("annan-kommun", lambda g, p: _other_kommun(g, p), "STR-4", "Vansbro kommun (kommunkod 2021)"),
    ("annat-ar", lambda g, p: edit(copy(g["taxor"], p), {meta_cell("year"): "2025"}), "STR-5", "år 2025"),
]


def _validate(*paths: Path, fmt: str = "json") -> Result:
    return CliRunner().invoke(cli, ["validate", *map(str, paths), "--config", str(CONFIG_DIR), "--format", fmt])


def _no_crash(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def _check(bad: Path, good: dict[str, Path], rule: str, fragment: str, code: int) -> None:
    result = _validate(bad, good["taxor"])
    _no_crash(result)
    assert result.exit_code == code, result.output
    files = {f["file"]: f for f in json.loads(result.stdout)["files"]}
    assert list(files) == [str(bad), str(good["taxor"])]
    entry = files[str(bad)]
    assert entry["valid"] is False and entry["errors"] >= 1
    hits = [f for f in entry["findings"] if f["rule"] == rule]
    assert hits and all(f["severity"] == "fel" for f in hits), entry["findings"]
    assert fragment in hits[0]["message"], hits[0]["message"]
    other = files[str(good["taxor"])]
    assert (other["valid"], other["document"], other["namnd"], other["findings"]) == (True, "taxor", "kfn", [])
    text = _validate(bad, good["taxor"], fmt="text")
    _no_crash(text)
    assert text.exit_code == code
    assert f"{bad}" in text.stdout and fragment in text.stdout and rule in text.stdout


@pytest.mark.parametrize(("name", "make", "rule", "fragment"), UNREADABLE, ids=[c[0] for c in UNREADABLE])
def test_unreadable_file(name: str, make: Maker, rule: str, fragment: str, tmp_path: Path,
                         good: dict[str, Path]) -> None:
    _check(make(good, tmp_path / f"{name}.xlsx"), good, rule, fragment, code=2)


@pytest.mark.parametrize(("name", "make", "rule", "fragment"), READABLE_WITH_FEL,
                         ids=[c[0] for c in READABLE_WITH_FEL])
def test_readable_but_not_ours(name: str, make: Maker, rule: str, fragment: str, tmp_path: Path,
                               good: dict[str, Path]) -> None:
    _check(make(good, tmp_path / f"{name}.xlsx"), good, rule, fragment, code=1)


def test_another_year_from_the_template_writer(tmp_path: Path, config: Config, good: dict[str, Path]) -> None:
    """A template of neither the budget year nor the follow-up year (written for 2025) is refused with STR-5,
    not read as this year's (the follow-up year's own plans are valid: they are its adopted plans)."""
    old = build("taxor", config, "kfn", tmp_path / "taxor-kfn-2025.xlsx", year=2025)
    _check(old, good, "STR-5", "Mallen gäller år 2025, men nu tas underlag in för år 2027", code=1)


@pytest.fixture(scope="module")
def libreoffice_files(tmp_path_factory: pytest.TempPathFactory, good: dict[str, Path]) -> dict[str, Path]:
    """A real .xls and a real .ods, written by LibreOffice from a valid template."""
    root = tmp_path_factory.mktemp("lo")
    return {fmt: recalc([good["taxor"]], root / fmt, fmt)[0] for fmt in ("xls", "ods")}


@pytest.mark.parametrize(("fmt", "rule", "fragment"), [("xls", "FIL-3", ".xls"), ("ods", "FIL-5", "OpenDocument")])
@pytest.mark.parametrize("rename", [False, True], ids=["eget-namn", "xlsx-namn"])
def test_spreadsheet_saved_in_another_format(fmt: str, rule: str, fragment: str, rename: bool, tmp_path: Path,
                                             good: dict[str, Path], libreoffice_files: dict[str, Path]) -> None:
    src = libreoffice_files[fmt]
    bad = copy(src, tmp_path / (f"{src.stem}.xlsx" if rename else src.name))
    _check(bad, good, rule, fragment, code=2)


def test_folder_with_every_kind_of_bad_file(tmp_path: Path, good: dict[str, Path],
                                            libreoffice_files: dict[str, Path]) -> None:
    """A folder of submissions: every file is reported (the .xls and .ods too), the valid ones still pass."""
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    expected: dict[str, str] = {}
    for name, make, rule, _ in UNREADABLE + READABLE_WITH_FEL:
        if name != "finns-inte":
            expected[str(make(good, inbox / f"{name}.xlsx"))] = rule
    for fmt, rule in (("xls", "FIL-3"), ("ods", "FIL-5")):
        expected[str(copy(libreoffice_files[fmt], inbox / libreoffice_files[fmt].name))] = rule
    for p in good.values():
        expected[str(copy(p, inbox / p.name))] = ""
    (inbox / "~$taxor-kfn.xlsx").write_bytes(b"\x00lock")  # Excel's lock file while a workbook is open
    (inbox / "missiv.txt").write_text("Här kommer våra underlag.", encoding="utf-8")
    result = _validate(inbox)
    _no_crash(result)
    assert result.exit_code == 2
    files = {f["file"]: f for f in json.loads(result.stdout)["files"]}
    assert set(files) == set(expected)
    for path, rule in expected.items():
        entry = files[path]
        if rule:
            assert entry["valid"] is False and rule in {f["rule"] for f in entry["findings"]}, entry
        else:
            assert entry["valid"] is True and entry["findings"] == [], entry


def test_run_without_bad_files_exits_0(good: dict[str, Path]) -> None:
    result = _validate(*good.values())
    _no_crash(result)
    assert result.exit_code == 0
    assert [f["valid"] for f in json.loads(result.stdout)["files"]] == [True, True]
