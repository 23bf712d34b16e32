"""Templates that carry Validera for xlwings Lite: the parts, the bundled configuration, main.py, the wheel,
the entry point on xlwings' remote engine. (tests/test_lite_pyodide.py runs the check itself in Pyodide.)"""

from __future__ import annotations

import ast
import base64
import copy
import datetime as dt
import hashlib
import json
import re
import shutil
import uuid
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from support.officejs import HAS_KEY, NO_KEY, payload
from support.pyodide import pinned_pyodide
from support.uppfoljning import KIND_MONTH
from support.workbooks import build, default_year, edit

from xltools.cli import cli
from xltools.config import Config, load_config
from xltools.errors import XltoolsError
from xltools.excel.read import read_file
from xltools.excel.write import CHECK_TEXT as XLAM_CHECK_TEXT
from xltools.forms import FORMS
from xltools.forms.status import STATUS_FIELDS
from xltools.lite.bundle import LEFT_OUT, bundle_for, bundle_json, config_from_bundle
from xltools.lite.entry import LiteResult, validera
from xltools.lite.parts import (
    PYODIDE_VERSION,
    STORE_ID,
    WEBEXTENSION,
    LiteCode,
    add_parts,
    inject,
    json_value,
    read_parts,
    webextension_xml,
    workbook_id,
)
from xltools.lite.script import XLWINGS_PIN, main_py, requirements_txt
from xltools.lite.template import CHECK_TEXT, LiteCheck, lite_check, lite_code
from xltools.lite.wheel import build_wheel, wheel_name
from xltools.metadata import META_SHEET, Meta
from xltools.templates import generate_all, generate_followup
from xltools.validate import check_grid, validate_paths

ROOT = Path(__file__).resolve().parent.parent
URL = "https://xltools.intranat.example/lite/"
STAMP = dt.datetime(2026, 9, 1, 8, 0)
PROPERTIES = ["main.py", "requirements.txt", "pyodideVersion", "addinVersion", "xlwingsWorkbookId",
              "xlwingsSettingsWorkbook", "Office.AutoShowTaskpaneWithDocument"]
needs_key = pytest.mark.skipif(not HAS_KEY, reason=NO_KEY)


@pytest.fixture(scope="module")
def templates(config: Config, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """One nämnd's planning templates with and without the Lite parts, and the Lite set once more."""
    root = tmp_path_factory.mktemp("lite-mallar")
    out = {}
    for name, edit_ in (("lite", LiteCheck(URL)), ("igen", LiteCheck(URL)), ("utan", None)):
        paths = generate_all(config, root / name, namnder=("fgn",), generated=STAMP, check=edit_)
        out[name] = {p.name: p for p in paths}
    return out


# ---------------------------------------------------------------- the parts
def test_values_are_written_as_lite_writes_them() -> None:
    """JSON with '/' escaped and non-ASCII kept, then attribute-escaped (checked against Lite-saved files)."""
    assert json_value('a/b "c"\nå') == '"a\\/b \\"c\\"\\nå"'
    code = LiteCode(main_py='x = "<a/b>" & å\n', requirements="", workbook_id=workbook_id("t"))
    xml = webextension_xml(code).decode("utf-8")
    assert '<we:property name="main.py" value="&quot;x = \\&quot;&lt;a\\/b&gt;\\&quot; &amp; å\\n&quot;"/>' in xml
    assert '<we:reference id="wa200008175" version="1.0.0.0" store="sv-SE" storeType="OMEX"/>' in xml
    assert f'store="{STORE_ID}"' in xml


def test_a_template_carries_the_lite_check(templates: dict[str, dict[str, Path]]) -> None:
    path = templates["lite"]["driftbudget-fgn-2027.xlsx"]
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("_rels/.rels").decode()
    assert names[-3:] == ["xl/webextensions/taskpanes.xml", "xl/webextensions/_rels/taskpanes.xml.rels", WEBEXTENSION]
    assert types.count('ContentType="application/vnd.ms-office.webextension+xml"') == 1
    assert types.count('ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"') == 1
    assert rels.count("relationships/webextensiontaskpanes") == 1 and len(set(re.findall(r'Id="(\w+)"', rels))) == 5
    found = read_parts(path)
    assert found is not None and found.store_id == STORE_ID.lower() and found.visible
    assert list(found.properties) == PROPERTIES
    props = found.properties
    assert props["pyodideVersion"] == PYODIDE_VERSION == pinned_pyodide()  # the Pyodide the check is tested on
    assert props["xlwingsSettingsWorkbook"] == {"startupBehavior": "taskpane", "appMode": True}
    assert uuid.UUID(props["xlwingsWorkbookId"]).version == 5
    assert props["requirements.txt"].splitlines() == [
        f"{XLWINGS_PIN}  # required", "python-dotenv  # required", "pyodide-http  # required", "black  # required",
        URL + wheel_name()]
    compile(props["main.py"], "main.py", "exec")
    ids = {read_parts(p).properties["xlwingsWorkbookId"] for p in templates["lite"].values()}  # type: ignore[union-attr]
    assert len(ids) == len(templates["lite"])


def test_a_rerun_gives_the_same_bytes(templates: dict[str, dict[str, Path]]) -> None:
    assert {n: p.read_bytes() for n, p in templates["lite"].items()} == \
           {n: p.read_bytes() for n, p in templates["igen"].items()}


def test_inject_adds_exactly_the_lite_parts(config: Config, templates: dict[str, dict[str, Path]],
                                            tmp_path: Path) -> None:
    """inject() on a plain template: the same Lite parts as a written Lite template, everything else untouched."""
    name = "driftbudget-fgn-2027.xlsx"
    plain = Path(shutil.copy(templates["utan"][name], tmp_path / name))
    assert read_parts(plain) is None
    pairs = {row[0]: row[1] for row in load_workbook(plain)[META_SHEET].iter_rows(values_only=True)}
    meta, missing = Meta.from_pairs(pairs)
    assert meta is not None and not missing
    inject(plain, lite_code(meta, config, URL))
    assert read_parts(plain) == read_parts(templates["lite"][name])
    with zipfile.ZipFile(templates["utan"][name]) as before, zipfile.ZipFile(plain) as after:
        old = {i.filename: (i.date_time, before.read(i)) for i in before.infolist()}
        new = {i.filename: (i.date_time, after.read(i)) for i in after.infolist()}
    changed = {n for n in old if old[n] != new[n]}
    assert changed == {"[Content_Types].xml", "_rels/.rels"}
    assert list(new)[:len(old)] == list(old) and len(new) == len(old) + 3


def test_protected_sheets_allow_formatting_only_in_lite_templates(templates: dict[str, dict[str, Path]]) -> None:
    """Lite cannot lift a sheet's protection, so its marks (fills) need formatting allowed; values stay locked."""
    for kind, expected in (("lite", False), ("utan", True)):
        wb = load_workbook(templates[kind]["driftbudget-fgn-2027.xlsx"])
        for ws in wb.worksheets:
            assert ws.protection.sheet, ws.title
            assert ws.protection.formatCells is expected, (kind, ws.title)
            assert not ws.protection.objects  # notes may be added on both


def test_readers_and_validate_see_the_same_workbook(config: Config, templates: dict[str, dict[str, Path]]) -> None:
    for name, lite in templates["lite"].items():
        plain = templates["utan"][name]
        assert load_workbook(lite).sheetnames == load_workbook(plain).sheetnames
        ours, theirs = read_file(lite).grid, read_file(plain).grid  # python-calamine
        assert ours is not None and theirs is not None
        # Anvisningar differs in its text on checking (Lite's own), not in the decision block.
        assert [ours.at("Anvisningar", f.cell) for f in STATUS_FIELDS] == \
            [theirs.at("Anvisningar", f.cell) for f in STATUS_FIELDS] == ["Utkast", None, None, None]
        ours.sheets.pop("Anvisningar"), theirs.sheets.pop("Anvisningar")
        assert (ours.sheets, ours.hidden, dict(ours.formulas)) == (theirs.sheets, theirs.hidden, dict(theirs.formulas))
        with_parts, without = validate_paths([lite], config)[0].files[0], validate_paths([plain], config)[0].files[0]
        assert [dict(f.to_dict(), file="") for f in with_parts.findings] == \
               [dict(f.to_dict(), file="") for f in without.findings]


def test_parts_are_added_once_only(templates: dict[str, dict[str, Path]]) -> None:
    path = templates["lite"]["taxor-fgn-2027.xlsx"]
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    with pytest.raises(XltoolsError, match="redan tilläggsdelar"):
        add_parts(parts, LiteCode("", "", workbook_id("x")))


# ---------------------------------------------------------------- the command line
def test_templates_generate_writes_the_lite_parts_unless_told_not_to(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["templates", "generate", "--config", str(ROOT / "config"), "--namnd", "fgn", "--dokument", "taxor"]
    done = runner.invoke(cli, [*args, "--out", str(tmp_path / "lite")])
    assert done.exit_code == 0, done.output
    assert read_parts(tmp_path / "lite" / "taxor-fgn-2027.xlsx") is not None
    done = runner.invoke(cli, [*args, "--out", str(tmp_path / "utan"), "--utan-lite"])
    assert done.exit_code == 0, done.output
    assert read_parts(tmp_path / "utan" / "taxor-fgn-2027.xlsx") is None

    def check_text(path: Path) -> list[str]:
        lines = [r[0] for r in load_workbook(path)["Anvisningar"].iter_rows(values_only=True) if r[0]]
        return lines[lines.index("Så kontrollerar du arbetsboken") + 1:]

    assert check_text(tmp_path / "lite" / "taxor-fgn-2027.xlsx") == list(CHECK_TEXT)
    assert check_text(tmp_path / "utan" / "taxor-fgn-2027.xlsx") == list(XLAM_CHECK_TEXT)


def test_without_a_package_address_the_command_says_what_to_do(tmp_path: Path) -> None:
    folder = shutil.copytree(ROOT / "config", tmp_path / "konfig")
    planering = (folder / "planering.yaml").read_text(encoding="utf-8")
    (folder / "planering.yaml").write_text(re.sub(r"(?m)^lite_paket:.*$", "", planering), encoding="utf-8")
    done = CliRunner().invoke(cli, ["templates", "generate", "--config", str(folder), "--out", str(tmp_path / "ut")])
    assert done.exit_code == 1
    assert "lite_paket" in done.output and "--utan-lite" in done.output and "Traceback" not in done.output
    assert not (tmp_path / "ut").exists()


def test_the_package_address_must_be_https(tmp_path: Path) -> None:
    folder = shutil.copytree(ROOT / "config", tmp_path / "konfig")
    planering = (folder / "planering.yaml").read_text(encoding="utf-8")
    (folder / "planering.yaml").write_text(re.sub(r"(?m)^lite_paket:.*$", "lite_paket: http://intranat/lite/",
                                                  planering), encoding="utf-8")
    _, errors = load_config(folder)
    assert [str(e) for e in errors] == [f"{folder / 'planering.yaml'}: lite_paket: har fel form "
                                        "(angivet: 'http://intranat/lite/')"]


def test_follow_up_templates_carry_their_period_and_deadline(config: Config, tmp_path: Path) -> None:
    [path] = generate_followup(config, "2026-08", tmp_path, namnder=("fgn",), generated=STAMP,
                               check=lite_check(config))
    main = read_parts(path).properties["main.py"]  # type: ignore[union-attr]
    bundle = json.loads(ast.literal_eval(main.split("KONFIGURATION = ", 1)[1]))
    assert (bundle["document"], bundle["namnd"], bundle["year"], bundle["period"]) == ("delarsrapport", "fgn", 2026, "2026-08")
    assert bundle["lamnas_senast"] == "2026-09-30" and "senast **2026-09-30**" in main
    assert "# Delårsrapport januari–augusti 2026 – " in main


# ---------------------------------------------------------------- the bundled configuration
def test_the_bundle_holds_only_what_the_namnds_document_needs(config: Config) -> None:
    bundle = bundle_for(config, "driftbudget", "fgn", 2027)
    data = bundle["config"]
    # the adopted ramar stay whole: the plausibility rules (RIM) weigh an amount against the whole kommun
    assert set(data["ekonomi"]["ramar"]) == set(config.ekonomi.ramar)
    assert set(data["uppfoljning"]["insatsomraden"]) <= {"fgn"}
    assert [h["dokument"] for h in data["arshjul"]["handelser"]] == ["driftbudget"]
    for path in LEFT_OUT:
        part, key = path.split(".")
        assert key not in data[part], path
    carried = json.dumps(data, ensure_ascii=False)
    assert "inkorg" not in carried and "skatteintakter" not in carried and "intranat" not in carried
    assert bundle_json(bundle_for(config, "driftbudget", "fgn", 2027)) == bundle_json(bundle)


def test_what_the_bundle_leaves_out_cannot_be_used_by_mistake(config: Config) -> None:
    loaded = config_from_bundle(bundle_json(bundle_for(config, "driftbudget", "fgn", 2027)))
    assert loaded.ekonomi.ramar == config.ekonomi.ramar  # whole: RIM measures against the kommun
    assert loaded.kontoplan == config.kontoplan and loaded.malkedja == config.malkedja
    with pytest.raises(XltoolsError, match="innehåller inte ekonomi.skatteintakter"):
        loaded.ekonomi.skatteintakter.get(2027)
    with pytest.raises(XltoolsError, match="innehåller inte ekonomi.lan"):
        _ = loaded.ekonomi.lan.rantesats


@pytest.mark.parametrize("bad", ['{"format": 99, "config": {}}', "inte json", '{"format": 1}'])
def test_a_broken_bundle_is_a_swedish_message(bad: str) -> None:
    with pytest.raises(XltoolsError, match="Mallens inbyggda konfiguration"):
        config_from_bundle(bad)


@pytest.mark.parametrize("document", list(FORMS))
def test_the_bundled_configuration_gives_the_clis_findings(config: Config, document: str, tmp_path: Path) -> None:
    """Every document type, valid and with its first input cells emptied: the bundle finds what the CLI finds."""
    year = default_year(document, config)
    period = f"{year}-{KIND_MONTH[document]:02d}" if document in KIND_MONTH else None
    path = build(document, config, "tn", tmp_path / "ok.xlsx")
    spec = FORMS[document].sheets[-1]
    broken = edit(build(document, config, "tn", tmp_path / "fel.xlsx"), {(spec.name, "A6"): None, (spec.name, "B6"): None})
    bundled = config_from_bundle(bundle_json(bundle_for(config, document, "tn", year, period)))
    for p in (path, broken):
        cli = validate_paths([p], config)[0].files[0].findings
        raw = read_file(p)
        assert raw.grid is not None
        ours = check_grid(raw.grid, raw.path, bundled, raw.sha256).report.findings
        assert [f.to_dict() for f in ours] == [f.to_dict() for f in cli]
    assert not validate_paths([path], config)[0].files[0].findings


# ---------------------------------------------------------------- main.py and requirements.txt
def test_main_py_is_short_python_with_the_bundle_at_the_end(config: Config) -> None:
    bundle = bundle_for(config, "taxor", "fgn", 2027)
    text = main_py(bundle, "Taxor och avgifter 2027 – För- och grundskolenämnden", "Mora kommun", "syntetiska exempeldata")
    tree = ast.parse(text)
    assert ast.get_docstring(tree).startswith("# Taxor och avgifter 2027")  # type: ignore[union-attr]
    assert "*Syntetiska exempeldata – inte verkliga siffror.*" in text
    script = next(n for n in tree.body if isinstance(n, ast.FunctionDef))
    assert ast.unparse(script.decorator_list[0]) == "script(name='Validera')"
    assert json.loads(ast.literal_eval(text.rsplit("KONFIGURATION = ", 1)[1])) == bundle
    assert requirements_txt("https://a.example/x") == requirements_txt("https://a.example/x/")


# ---------------------------------------------------------------- the wheel
def test_the_wheel_is_reproducible_and_complete(tmp_path: Path) -> None:
    first = build_wheel(tmp_path / "a").read_bytes()
    assert build_wheel(tmp_path / "b").read_bytes() == first
    with zipfile.ZipFile(tmp_path / "a" / wheel_name()) as z:
        names = z.namelist()
        metadata = z.read("xltools-0.1.0.dist-info/METADATA").decode()
        record = z.read("xltools-0.1.0.dist-info/RECORD").decode()
        for line in record.splitlines():
            name, digest, size = line.split(",")
            if digest:
                data = z.read(name)
                assert digest == "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                assert int(size) == len(data)
    assert "xltools/lite/entry.py" in names and "xltools/reports/templates/base.html.j2" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert "Requires-Dist: xlwings==0.37.8\n" in metadata
    assert "Requires-Dist: python-calamine>=0.3; sys_platform != \"emscripten\"" in metadata


# ---------------------------------------------------------------- the entry point (xlwings' remote engine)
def _book(path: Path) -> object:
    import xlwings as xw

    return xw.Book(json=copy.deepcopy(payload(path)))


@needs_key
def test_a_broken_bundle_ends_on_the_kontroll_sheet(config: Config, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    book = _book(build("taxor", config, "fgn", tmp_path / "taxor.xlsx"))
    result = validera(book, '{"format": 99}')
    assert result == LiteResult("avbruten", message=result.message) and "format 1" in result.message
    actions = book.json()["actions"]  # type: ignore[attr-defined]
    written = [a for a in actions if a["func"] == "setValues"]
    assert written and written[0]["values"][1][4] == result.message
    assert capsys.readouterr().out == f"xltools – Validera: {result.message}\n"


@needs_key
def test_a_users_own_kontroll_sheet_is_left_alone(config: Config, tmp_path: Path) -> None:
    path = build("taxor", config, "fgn", tmp_path / "taxor.xlsx")
    wb = load_workbook(path)
    wb.create_sheet("Kontroll")["A1"] = "Mina egna avstämningar"
    wb.save(path)
    book = _book(path)
    result = validera(book, bundle_json(bundle_for(config, "taxor", "fgn", 2027)))
    assert result.status == "avbruten" and "eget blad som heter Kontroll" in result.message
    assert book.json()["actions"] == []  # type: ignore[attr-defined]


@needs_key
def test_without_notes_in_this_excel_the_cells_are_still_filled(config: Config, tmp_path: Path) -> None:
    """An Excel without notes (ExcelApi < 1.18: the payload says so): fills and the Kontroll list, no notes."""
    import xlwings as xw

    path = edit(build("taxor", config, "fgn", tmp_path / "taxor.xlsx"), {("Taxor", "H6"): None})
    data = payload(path)
    for sheet in data["sheets"]:
        sheet["notes_supported"] = False
    book = xw.Book(json=data)
    result = validera(book, bundle_json(bundle_for(config, "taxor", "fgn", 2027)))
    funcs = [a["func"] for a in book.json()["actions"]]
    assert result.status == "fel" and result.applied is not None and result.applied.notes == 0
    assert "addNote" not in funcs and ("setRangeColors" in funcs or "setRangeColor" in funcs)


# ---------------------------------------------------------------- what IT hosts
def test_lite_paket_writes_the_wheel_and_web_server_samples(tmp_path: Path) -> None:
    from xml.etree import ElementTree

    from xltools.lite.package import IIS, NGINX, README

    done = CliRunner().invoke(cli, ["addin", "lite-paket", "--out", str(tmp_path / "paket"),
                                    "--config", str(ROOT / "config")])
    assert done.exit_code == 0, done.output
    folder = tmp_path / "paket"
    assert sorted(p.name for p in folder.iterdir()) == sorted([wheel_name(), NGINX, IIS, README])
    assert (folder / wheel_name()).read_bytes() == build_wheel(tmp_path / "jfr").read_bytes()
    web = ElementTree.parse(folder / IIS).getroot()
    headers = {h.get("name"): h.get("value") for h in web.iter("add")}
    assert headers == {"Access-Control-Allow-Origin": "*"}
    assert [m.get("mimeType") for m in web.iter("mimeMap") if m.get("fileExtension") == ".whl"] == ["application/zip"]
    assert 'add_header Access-Control-Allow-Origin "*" always;' in (folder / NGINX).read_text(encoding="utf-8")
    readme = (folder / README).read_text(encoding="utf-8")
    assert f"https://xltools.intranat.example/lite/{wheel_name()}" in readme and "WA200008175" in readme
    assert f"Mallarna hämtar https://xltools.intranat.example/lite/{wheel_name()}" in done.output
