"""The Validera button: run() on xlwings' remote engine (real template files as Office.js payloads)
and on openpyxl, main() through xlwings' own mock caller, and a failing Book.caller() as Excel runs it."""

from __future__ import annotations

import copy
import hashlib
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from support.officejs import FEL_HEX, HAS_KEY, NO_KEY, VARNING_HEX, Observed, cells, payload, replay
from test_port import bad_drift, good_drift

from xltools.addin.build import read_addin_config
from xltools.addin.install import write_user_config
from xltools.addin.run import (
    CONFIG_ENV,
    RunResult,
    config_location,
    inbox_for,
    load_addin_config,
    main,
    run,
)
from xltools.cli import cli
from xltools.config import Config
from xltools.errors import XltoolsError
from xltools.excel.port import KONTROLL_SHEET, OpenpyxlPort, XlwingsPort

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = ROOT / "config"
XLTOOLS = str(Path(sys.executable).parent / "xltools")  # the installed console script
needs_key = pytest.mark.skipif(not HAS_KEY, reason=NO_KEY)


def cli_report(path: Path) -> dict[str, Any]:
    """What `xltools validate --format json` reports for one file (the real command, in a subprocess)."""
    done = subprocess.run([XLTOOLS, "validate", str(path), "--config", str(CONFIG_DIR), "--format", "json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["files"][0]


def remote_run(path: Path, config: Config, **kw: Any) -> tuple[RunResult, Observed, Any, XlwingsPort]:
    import xlwings as xw

    original = payload(path)
    book = xw.Book(json=copy.deepcopy(original))
    port = XlwingsPort(book)
    result = run(book if not kw.pop("as_port", False) else port, config, **kw)
    return result, replay(book, original), book, port


def verdict(errors: int, warnings: int) -> str:
    return f"{errors} fel och {warnings} {'varning' if warnings == 1 else 'varningar'} – se bladet Kontroll."


def kontroll_findings(obs: Observed) -> list[list[Any]]:
    return [r[:5] for r in obs.tables[KONTROLL_SHEET][1:] if r[0] != "obs"]


@pytest.fixture(scope="module")
def books(config: Config, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("addin")
    plain = Workbook()
    plain.active.title = "Budget"
    plain.active.append(["Konto", "Belopp"])
    plain.active.append(["4010", 1200.5])
    plain.save(folder / "egen.xlsx")
    return {"few": bad_drift(config, folder / "few.xlsx"), "many": bad_drift(config, folder / "many.xlsx", rows=40),
            "good": good_drift(config, folder / "good.xlsx"), "plain": folder / "egen.xlsx"}


@pytest.fixture()
def config_with_inbox(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the example configuration whose inkorg is an existing folder beside it."""
    folder = tmp_path / "konfig"
    folder.mkdir()
    for f in CONFIG_DIR.glob("*.yaml"):
        (folder / f.name).write_bytes(f.read_bytes())
    planering = yaml.safe_load((folder / "planering.yaml").read_text(encoding="utf-8"))
    planering["inkorg"] = "../inkorg"
    (folder / "planering.yaml").write_text(yaml.safe_dump(planering, allow_unicode=True), encoding="utf-8")
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    return folder, inbox


# ---------------------------------------------------------------- the same cells as the CLI
@needs_key
def test_marks_exactly_what_the_cli_reports(books: dict[str, Path], config: Config) -> None:
    expected = cli_report(books["few"])
    result, obs, _, _ = remote_run(books["few"], config)
    findings = expected["findings"]
    assert result.status == "fel" and (result.errors, result.warnings) == (expected["errors"], expected["warnings"])
    assert kontroll_findings(obs) == [[f["severity"], f["rule"], f["sheet"] or "", f["cell"] or "", f["message"]]
                                      for f in findings]
    placed = [f for f in findings if f["sheet"] and f["cell"]]
    fel_cells = {(f["sheet"], c) for f in placed if f["severity"] == "fel" for c in cells(f["cell"])}
    all_cells = {(f["sheet"], c) for f in placed for c in cells(f["cell"])}
    assert obs.marked() == {k: FEL_HEX if k in fel_cells else VARNING_HEX for k in all_cells}
    assert any(":" in f["cell"] for f in placed)  # a range (row below the table) is filled whole
    assert set(obs.notes) == {(f["sheet"], cells(f["cell"])[0]) for f in placed}
    for f in placed:
        text = obs.notes[(f["sheet"], cells(f["cell"])[0])]
        assert text is not None and f["rule"] in text and f["message"] in text
    for row, f in enumerate(findings, start=2):  # no notice rows in this run: findings from row 2
        if f["sheet"]:
            assert obs.links[row] == f"'{f['sheet']}'!{f['cell'] or 'A1'}"
        else:
            assert row not in obs.links
    assert obs.alerts == [[verdict(expected["errors"], expected["warnings"]), "xltools – Validera", "ok", "critical", ""]]
    assert obs.names[0] == KONTROLL_SHEET


@needs_key
def test_workbook_calls_do_not_grow_with_findings(books: dict[str, Path], config: Config) -> None:
    """Few and many findings: the same calls except one note per marked cell (numbers in the report)."""
    counts: dict[str, Counter[str]] = {}
    calls: dict[str, int] = {}
    notes: dict[str, int] = {}
    for kind in ("few", "many"):
        result, obs, book, port = remote_run(books[kind], config, as_port=True)
        counts[kind] = Counter(a["func"] for a in book.json()["actions"])
        calls[kind] = port.calls
        notes[kind] = result.applied.notes if result.applied else 0
        print(f"{kind}: {len(result.findings)} fynd, {sum(counts[kind].values())} åtgärder "
              f"({dict(counts[kind])}), {port.calls} anrop via porten")
    assert notes["many"] > notes["few"] > 0
    for kind in counts:
        assert counts[kind]["addNote"] == notes[kind]
        sheets = {a["sheet_position"] for a in book.json()["actions"] if a["func"] == "addNote"}
        assert counts[kind]["setRangeColors"] + counts[kind]["setRangeColor"] <= 2 * len(sheets)  # per sheet and colour
    fills = ("addNote", "setRangeColors", "setRangeColor")
    rest = {k: {f: n for f, n in c.items() if f not in fills} for k, c in counts.items()}
    assert rest["few"] == rest["many"]
    fill_calls = {k: c["setRangeColors"] + c["setRangeColor"] for k, c in counts.items()}
    assert calls["many"] - calls["few"] == 2 * (notes["many"] - notes["few"]) + fill_calls["many"] - fill_calls["few"]


# ---------------------------------------------------------------- messages
@needs_key
def test_not_a_template_gets_the_str1_message_and_is_not_touched(books: dict[str, Path], config: Config) -> None:
    result, obs, book, _ = remote_run(books["plain"], config)
    assert result.status == "ingen_mall"
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]
    text = obs.alerts[0][0]
    assert "inte en xltools-mall" in text and "_xltools" in text and "Traceback" not in text


@needs_key
def test_main_uses_the_caller_and_offers_hand_in(books: dict[str, Path], config_with_inbox: tuple[Path, Path],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import xlwings as xw

    folder, inbox = config_with_inbox
    monkeypatch.setenv(CONFIG_ENV, str(folder))
    original = payload(books["good"])
    book = xw.Book(json=copy.deepcopy(original))
    book.set_mock_caller()  # xlwings' own stand-in for RunPython's --wb argument
    try:
        main()
    finally:
        del xw.Book._mock_caller
    obs = replay(book, original)
    assert kontroll_findings(obs) == []
    assert obs.tables[KONTROLL_SHEET][1][4] == "Inga fel eller varningar hittades."
    (text, _, buttons, _, _) = obs.alerts[-1]
    assert buttons == "yes_no"
    assert text.startswith("Inga fel hittades.") and f"driftbudget-fgn-{2027}.xlsx" in text and str(inbox) in text
    assert not list(inbox.iterdir())  # the remote engine answers no one: nothing handed in


@needs_key
def test_main_reports_a_broken_configuration_in_swedish(books: dict[str, Path], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import xlwings as xw

    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "saknas"))
    original = payload(books["few"])
    book = xw.Book(json=copy.deepcopy(original))
    book.set_mock_caller()
    try:
        main()
    finally:
        del xw.Book._mock_caller
    actions = book.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"]
    assert "kunde inte läsas" in actions[0]["args"][0] and "saknas" in actions[0]["args"][0]


def test_failing_caller_prints_swedish_and_exits_nonzero() -> None:
    """As the VBA starts Python; off Windows Book.caller() fails: Swedish text on stderr, exit code 1."""
    for args in (["--wb=Budget.xlsx", "--from_xl=1", "--app=Excel", "--hwnd=1"], []):
        done = subprocess.run([sys.executable, "-c", "import xltools; xltools.main()", *args],
                              capture_output=True, text=True, check=False, cwd=ROOT)
        assert done.returncode == 1
        assert "Validera hittar ingen arbetsbok" in done.stderr
        assert "Traceback" not in done.stderr


# ---------------------------------------------------------------- hand-in (openpyxl answers for the user)
def test_hand_in_saves_a_copy_named_by_the_convention(books: dict[str, Path], config: Config,
                                                      tmp_path: Path) -> None:
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    before = hashlib.sha256(books["good"].read_bytes()).hexdigest()
    port = OpenpyxlPort.open(books["good"], answer="yes")
    result = run(port, config, inbox=inbox)
    name = f"driftbudget-fgn-{config.planering.budgetar}.xlsx"
    assert result.status == "inlamnad" and result.handed_in.parent.parent == inbox / "arkiv"
    assert sorted(p.name for p in inbox.iterdir()) == ["arkiv", "liggare.sqlite"]  # received into the inkorg
    assert [a[2] for a in port.alerts] == ["yes_no", "ok"]
    assert "lämna in" in port.alerts[0][1] and port.alerts[1][1] == f"Arbetsboken är inlämnad som {name} (inlämning 1, godkänd)."
    assert cli_report(result.handed_in)["valid"] is True  # ekonomienheten's check passes on the copy
    assert hashlib.sha256(books["good"].read_bytes()).hexdigest() == before
    from xltools.inkorg.receive import Inkorg

    with Inkorg(inbox) as ik:
        e = ik.ledger.entry(1)
    assert (e.source_kind, e.filename, e.namnd, e.dokument, e.state) == ("tillagg", name, "fgn", "driftbudget", "godkänd")


def test_no_means_nothing_is_handed_in(books: dict[str, Path], config: Config, tmp_path: Path) -> None:
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    port = OpenpyxlPort.open(books["good"], answer="no")
    assert run(port, config, inbox=inbox).status == "godkand"
    assert not list(inbox.iterdir())


def test_no_offer_with_fel_or_without_a_reachable_inbox(books: dict[str, Path], config: Config,
                                                        tmp_path: Path) -> None:
    port = OpenpyxlPort.open(books["few"], answer="yes")
    result = run(port, config, inbox=tmp_path)
    assert result.status == "fel" and [a[2] for a in port.alerts] == ["ok"] and not list(tmp_path.iterdir())
    port = OpenpyxlPort.open(books["good"], answer="yes")
    result = run(port, config, inbox=tmp_path / "finns-inte")
    assert result.status == "godkand" and [a[2] for a in port.alerts] == ["ok"]
    assert "finns inte eller går inte att nå" in result.message


# ---------------------------------------------------------------- configuration
def test_config_from_env_then_user_file_then_example(tmp_path: Path) -> None:
    assert config_location({CONFIG_ENV: "/srv/kommun/config", "HOME": str(tmp_path)}) == (Path("/srv/kommun/config"), None)
    write_user_config(tmp_path / ".myaddin" / "myaddin.conf", {"XLTOOLS_CONFIG": r"\\server\budget\config"})
    for env in ({"USERPROFILE": str(tmp_path)}, {"HOME": str(tmp_path)}):
        assert config_location(env) == (Path(r"\\server\budget\config"), None)
    folder, warning = config_location({"HOME": str(tmp_path / "tom")})
    assert folder == CONFIG_DIR and warning is not None and "syntetiska exempeldata" in warning


def test_broken_configuration_is_a_swedish_error(tmp_path: Path) -> None:
    with pytest.raises(XltoolsError, match="kunde inte läsas"):
        load_addin_config({CONFIG_ENV: str(tmp_path)})


def test_inbox_is_relative_to_the_configuration(config_with_inbox: tuple[Path, Path]) -> None:
    folder, inbox = config_with_inbox
    config, found, warning = load_addin_config({CONFIG_ENV: str(folder)})
    assert found == folder and warning is None
    assert inbox_for(config, folder).resolve() == inbox.resolve()
    absolute = config.replace(planering=config.planering.replace(inkorg=str(inbox)))
    assert inbox_for(absolute, Path("/annan")) == inbox


# ---------------------------------------------------------------- CLI
def test_cli_build_and_install(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(cli, ["addin", "build", "--out", str(tmp_path), "--pythonpath", r"C:\xltools\lib"])
    assert done.exit_code == 0, done.output
    xlam = tmp_path / "xltools.xlam"
    assert read_addin_config(xlam)["PYTHONPATH"] == r"C:\xltools\lib"
    done = runner.invoke(cli, ["addin", "install", "--xlam", str(xlam), "--config", r"\\server\budget\config"])
    assert done.exit_code == 0, done.output
    if sys.platform != "win32":
        assert "Ingenting installerades" in done.output
        assert '"XLTOOLS_CONFIG","\\\\server\\budget\\config"' in done.output
    help_text = runner.invoke(cli, ["addin", "--help"]).output
    assert "Kommandon" in help_text and "Excel-tillägget" in help_text


def test_example_configuration_warning_is_visible(books: dict[str, Path], config: Config, tmp_path: Path) -> None:
    _, warning = config_location({"HOME": str(tmp_path)})
    assert warning is not None
    port = OpenpyxlPort.open(books["few"])
    result = run(port, config, notice=warning)
    assert result.message.startswith(warning) and port.alerts[-1][1].startswith(warning)
    port.save_copy(tmp_path / "med-varning.xlsx")
    rows = load_workbook(tmp_path / "med-varning.xlsx")[KONTROLL_SHEET]
    assert [rows["A2"].value, rows["E2"].value] == ["obs", warning]
