"""The documents KF adopts (`--dokument pdf,docx`): the kommunplan and the delårsrapport as a
PDF and a Word draft, from the example submissions, read back by real readers (pdftotext,
pdfinfo, pypdf, python-docx, LibreOffice Writer)."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.support.libreoffice import recalc
from xltools.config import Config
from xltools.consolidate import balans, kassaflode, resultat
from xltools.errors import XltoolsError
from xltools.jobs.kommunplan import run
from xltools.jobs.uppfoljning import run_followup
from xltools.reports.dokument.docx import write_docx
from xltools.reports.dokument.kommunplan import Names, kommunplan_dokument, shown_path
from xltools.reports.dokument.model import Dokument
from xltools.reports.dokument.pdf import render_html
from xltools.reports.dokument.uppfoljning import uppfoljning_dokument
from xltools.reports.dokument.write import parse_formats
from xltools.sv import MINUS, NBSP

ROOT = Path(__file__).resolve().parent.parent
PLANERING = ROOT / "workbooks" / "planering"
UPPFOLJNING = ROOT / "workbooks" / "uppfoljning"

docx = pytest.importorskip("docx") if os.environ.get("XLTOOLS_REQUIRE_DOKUMENT") != "1" else __import__("docx")
pypdf = pytest.importorskip("pypdf") if os.environ.get("XLTOOLS_REQUIRE_DOKUMENT") != "1" else __import__("pypdf")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("XLTOOLS_REQUIRE_DOKUMENT") == "1":
            pytest.fail(f"{name} (poppler-utils) krävs i CI men saknas")
        pytest.skip(f"{name} saknas")
    return path


def pdftotext(path: Path, *pages: int) -> str:
    args = [_tool("pdftotext"), "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run([_tool("pdfinfo"), str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def number(text: str) -> float:
    """A Swedish figure as shown ('−1 234,5', '2,3 %') back to a float."""
    t = text.replace(NBSP, "").replace(" ", "").replace(MINUS, "-").replace("%", "").replace(",", ".")
    return float(t)


@pytest.fixture(scope="module")
def plan_out(tmp_path_factory: pytest.TempPathFactory, config: Config) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("kp")
    plan, written = run(PLANERING, config, out, dokument=("pdf", "docx"))
    data = json.loads((out / f"kommunplan-{plan.budgetar}.json").read_text(encoding="utf-8"))
    doc = kommunplan_dokument(data, Names.of(config))
    return {"out": out, "written": written, "data": data, "doc": doc, "pdf": out / f"{doc.stem}.pdf",
            "docx": out / f"{doc.stem}.docx"}


@pytest.fixture(scope="module")
def followup_out(tmp_path_factory: pytest.TempPathFactory, config: Config) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("up")
    result = run_followup(UPPFOLJNING, config, "2026-08", out, dokument=("pdf", "docx"))
    data = json.loads((out / "uppfoljning-2026-08.json").read_text(encoding="utf-8"))
    doc = uppfoljning_dokument(data)
    return {"out": out, "written": result.written, "data": data, "doc": doc, "pdf": out / f"{doc.stem}.pdf",
            "docx": out / f"{doc.stem}.docx"}


def _outline(path: Path) -> list[tuple[int, str, int]]:
    reader = pypdf.PdfReader(str(path))
    out: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


def _docx_tables(path: Path) -> list[list[list[str]]]:
    d = docx.Document(str(path))
    return [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]


def _model_rows(t: Any) -> list[list[str]]:
    """A model table as Word shows it: the header row, then each row (a heading row spans every column)."""
    rows = [[c.header for c in t.columns]]
    for r in t.rows:
        texts = [c.text for c in r.cells]
        rows.append(texts * len(t.columns) if r.style == "heading" else texts)
    return rows


# ---------------------------------------------------------------- the kommunplan PDF
def test_pdf_cover_toc_and_every_statement(plan_out: dict[str, Any]) -> None:
    pdf, doc = plan_out["pdf"], plan_out["doc"]
    assert pdf in plan_out["written"] and plan_out["docx"] in plan_out["written"]
    info = pdfinfo(pdf)
    pages = int(info["Pages"])
    assert 12 <= pages <= 60, pages
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Kommunplan 2027–2029 – Mora kommun"
    assert info["Page size"].startswith("595.2") and "(A4)" in info["Page size"]
    cover = pdftotext(pdf, 1)
    for text in ("Mora kommun", "Kommunplan 2027–2029", "Budget 2027 och plan för 2028–2029",
                 "Förslag till kommunfullmäktige", "Syntetiska exempeldata – inte verkliga siffror"):
        assert text in cover
    toc = pdftotext(pdf, 2)
    assert "Innehåll" in toc
    outline = _outline(pdf)
    starts = {title: page for depth, title, page in outline if depth <= 1}
    for s in doc.sections:  # every TOC entry, with the page its outline entry points at
        assert re.search(re.escape(s.title) + r"\s*\.*\s*" + str(starts[s.title]) + r"\s*$", toc, re.M), s.title
    body = pdftotext(pdf)
    for t in doc.tables():
        assert t.caption in body, t.caption
    for title in ("Resultatbudget 2027–2029", "Kassaflödesbudget 2027–2029", "Balansbudget 2027–2029",
                  "Balanskravsutredning", "Investeringsprojekt", "Driftbudget 2027 per nämnd"):
        assert title in body
    assert f"Sida 3 av {pages}" in pdftotext(pdf, 3)
    assert "Syntetiska exempeldata" in pdftotext(pdf, 5)  # the running header


def test_pdf_outline_has_an_entry_per_statement_and_table(plan_out: dict[str, Any]) -> None:
    outline = _outline(plan_out["pdf"])
    titles = [t for _, t, _ in outline]
    for s in plan_out["doc"].sections:
        assert s.title in titles
    for t in plan_out["doc"].tables():
        assert t.caption in titles  # the caption alone, not its note
    pages = [p for _, _, p in outline]
    assert pages == sorted(pages)


def test_pdf_wide_tables_on_landscape_pages(plan_out: dict[str, Any]) -> None:
    reader = pypdf.PdfReader(str(plan_out["pdf"]))
    landscape = [i + 1 for i, p in enumerate(reader.pages) if p.mediabox.width > p.mediabox.height]
    assert landscape
    for i in landscape:
        assert "Sida" in pdftotext(plan_out["pdf"], i)
    wide = {t.caption for t in plan_out["doc"].tables() if t.wide}
    assert wide == {"Investeringsprojekt", "Internposter", "Resultatbudget 2027–2029"}  # RR: + 3 comparison columns
    text = "".join(pdftotext(plan_out["pdf"], i) for i in landscape)
    assert all(c in text for c in wide)


def test_pdf_numbers_are_swedish(plan_out: dict[str, Any]) -> None:
    text = pdftotext(plan_out["pdf"])
    rr = plan_out["data"]["resultatbudget"]["2027"]
    arets = f"{round(rr['arets_resultat']):,}".replace(",", " ")
    assert re.search(r"Årets resultat[\s\d−]*?\s" + arets, text)  # after the comparison columns
    mnkr = f"{rr['arets_resultat'] / 1000:.1f}".replace(".", ",")
    assert re.search(r"Årets resultat\s+" + mnkr + r"\s", text)  # the summary in mnkr
    assert re.search(r"\d,\d\s%", text)  # '2,3 %'
    vnk = f"−{abs(round(rr['verksamhetens_nettokostnader'])):,}".replace(",", " ")
    assert vnk.startswith("−1 5") and vnk in text.replace(NBSP, " ")  # a real minus sign, space as thousands separator
    assert "Tecken: intäkter och inbetalningar redovisas med plustecken" in text.replace("\n", " ").replace("  ", " ")


# ---------------------------------------------------------------- the kommunplan Word draft
def test_docx_tables_equal_the_model_cell_by_cell(plan_out: dict[str, Any]) -> None:
    tables = _docx_tables(plan_out["docx"])
    model = plan_out["doc"].tables()
    assert len(tables) == len(model)
    for got, t in zip(tables, model, strict=True):
        assert got == _model_rows(t), t.caption


def test_docx_statements_equal_the_json(plan_out: dict[str, Any]) -> None:
    data, doc = plan_out["data"], plan_out["doc"]
    tables = dict(zip([t.key for t in doc.tables()], _docx_tables(plan_out["docx"]), strict=True))
    ys = [str(y) for y in data["ar"]]

    def check(key: str, lines: tuple[Any, ...], values: dict[str, dict[str, float]], first: int) -> None:
        labels = {ln.label: ln.key for ln in lines if not ln.heading}
        seen = set()
        for row in tables[key][1:]:
            if row[0] in labels:
                k = labels[row[0]]
                seen.add(k)
                assert [number(c) for c in row[first:first + 3]] == [round(values[y][k]) for y in ys], (key, k)
        assert seen == set(values[ys[0]]), key  # every line of the JSON is in the table

    budget = f"Budget {data['budgetar']}"  # after the label (Not) and the comparison columns (ingående balans)
    check("resultatbudget", resultat.LINES, data["resultatbudget"], tables["resultatbudget"][0].index(budget))
    check("kassaflodesbudget", kassaflode.LINES, data["kassaflodesbudget"], tables["kassaflodesbudget"][0].index(budget))
    check("balansbudget", balans.LINES, data["balansbudget"], tables["balansbudget"][0].index(budget))
    drift = tables["driftbudget-2027"]
    total = drift[-1]
    assert total[0] == "Summa"
    assert number(total[3]) == -round(sum(y["2027"]["netto"] for y in data["driftbudget"].values()))
    assert number(total[4]) == -round(sum(y["2027"]["ram"] for y in data["driftbudget"].values()))
    inv = tables["investeringar-per-namnd"]
    assert [number(c) for c in inv[-1][1:4]] == [-round(data["investeringar_per_ar"][y]) for y in ys]
    goals = tables["finansiella-mal"]
    for row in goals[1:]:
        gid = row[0].split()[0]
        values = [m["varde"] for m in data["finansiella_mal"] if m["id"] == gid]
        assert [number(c) for c in row[2:5]] == [round(v, 1) for v in values]
        assert row[2].endswith(NBSP + "%")


def test_docx_drift_rows_equal_the_json_per_namnd(plan_out: dict[str, Any], config: Config) -> None:
    data = plan_out["data"]
    tables = dict(zip([t.key for t in plan_out["doc"].tables()], _docx_tables(plan_out["docx"]), strict=True))
    rows = {r[0]: r for r in tables["driftbudget-2027"][1:-1]}
    for n in config.organisation.namnder:
        v = data["driftbudget"][n.id]["2027"]
        got = [number(c) for c in rows[n.namn][1:]]
        assert got == [round(v["intakter"]), -round(v["kostnader"]), -round(v["netto"]), -round(v["ram"]),
                       round(v["differens"])], n.id


def test_docx_structure_headings_placeholders_and_toc(plan_out: dict[str, Any]) -> None:
    d = docx.Document(str(plan_out["docx"]))
    heads = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert heads == [(f"Heading {s.level}", s.title) for s in plan_out["doc"].sections]
    placeholders = [p.text for p in d.paragraphs if p.style.name == "Platshållare"]
    assert any(t.startswith("[Skrivs av ekonomienheten:") for t in placeholders)
    assert all(t.style.name == "Table Grid" for t in d.tables)
    xml = d.element.xml
    assert 'TOC \\o "1-2"' in xml
    assert any(s.orientation == 1 for s in d.sections)  # a landscape section for the wide tables
    assert d.core_properties.title == "Kommunplan 2027–2029"
    assert "Syntetiska exempeldata" in "\n".join(p.text for p in d.paragraphs[:8])


def test_docx_opens_in_libreoffice(plan_out: dict[str, Any], tmp_path: Path) -> None:
    pdf = recalc([plan_out["docx"]], tmp_path, "pdf", app="--writer")[0]
    text = pdftotext(pdf)
    assert int(pdfinfo(pdf)["Pages"]) >= 10
    for t in plan_out["doc"].tables():
        assert t.caption in text
    assert "Sida 2 av" in text


# ---------------------------------------------------------------- a kommun's own template
def _mall(path: Path, template: bool = False) -> Path:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    d = docx.Document()
    h1 = d.styles["Heading 1"]
    h1.font.name = "Georgia"
    h1.font.size = Pt(21)
    h1.font.color.rgb = RGBColor(0x7A, 0x1F, 0x3D)
    tab = d.styles.add_style("Kommuntabell", WD_STYLE_TYPE.TABLE)
    tab.base_style = d.styles["Table Grid"]
    tab.font.name = "Georgia"
    d.sections[0].header.paragraphs[0].text = "Mora kommun – mallens sidhuvud"
    d.add_paragraph("MALLTEXT som inte ska följa med")
    d.save(str(path))
    if template:  # the same package as a .dotx
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"document.main+xml", b"template.main+xml")
        path = path.with_suffix(".dotx")
        with zipfile.ZipFile(path, "w") as z:
            for n, b in parts.items():
                z.writestr(n, b)
    return path


@pytest.mark.parametrize("template", [False, True])
def test_custom_mall_styles_are_used(plan_out: dict[str, Any], tmp_path: Path, template: bool) -> None:
    mall = _mall(tmp_path / "mall.docx", template)
    out = write_docx(plan_out["doc"], tmp_path / "ut.docx", mall)
    d = docx.Document(str(out))
    assert d.styles["Heading 1"].font.name == "Georgia"
    assert d.styles["Heading 1"].font.size.pt == 21
    assert {t.style.name for t in d.tables} == {"Kommuntabell"}
    assert d.sections[0].header.paragraphs[0].text == "Mora kommun – mallens sidhuvud"
    assert not any("MALLTEXT" in p.text for p in d.paragraphs)
    assert [p.text for p in d.paragraphs if p.style.name == "Heading 1"][0] == "Inledning"
    assert _docx_tables(out) == _docx_tables(plan_out["docx"])


def test_cli_kommunplan_with_mall(tmp_path: Path) -> None:
    mall = _mall(tmp_path / "mall.docx")
    out = tmp_path / "ut"
    r = subprocess.run([sys.executable, "-m", "xltools", "kommunplan", str(PLANERING), "--config",
                        str(ROOT / "config"), "--out", str(out), "--dokument", "docx", "--mall", str(mall)],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    d = docx.Document(str(out / "kommunplan-2027.docx"))
    assert {t.style.name for t in d.tables} == {"Kommuntabell"}
    assert not (out / "kommunplan-2027.pdf").exists()


def test_bad_mall_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "mall.docx"
    bad.write_text("inte en wordfil", encoding="utf-8")
    macro = _mall(tmp_path / "makro.docx")
    with zipfile.ZipFile(macro, "a") as z:
        z.writestr("word/vbaProject.bin", b"\0")
    for mall, words in ((bad, "ingen .docx"), (macro, "makron")):
        out = tmp_path / f"ut-{mall.stem}"
        r = subprocess.run([sys.executable, "-m", "xltools", "kommunplan", str(PLANERING), "--config",
                            str(ROOT / "config"), "--out", str(out), "--dokument", "pdf,docx", "--mall", str(mall)],
                           capture_output=True, text=True, cwd=tmp_path)
        assert r.returncode == 1
        assert f"Wordmallen {mall.name}" in r.stderr and words in r.stderr and "Traceback" not in r.stderr
        assert not out.exists() or list(out.iterdir()) == []


def test_formats_are_checked() -> None:
    assert parse_formats("pdf,docx") == ("pdf", "docx")
    assert parse_formats(" DOCX ") == ("docx",)
    assert parse_formats(None) == ()
    with pytest.raises(XltoolsError, match="okänt dokumentformat: html"):
        parse_formats("pdf,html")
    r = subprocess.run([sys.executable, "-m", "xltools", "kommunplan", str(PLANERING), "--out", "x",
                        "--dokument", "odt"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "okänt dokumentformat: odt" in r.stderr


# ---------------------------------------------------------------- no server paths
def _texts_of(path: Path) -> str:
    if path.suffix == ".pdf":
        return pdftotext(path) + path.read_bytes().decode("latin-1")
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return path.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("which", ["plan_out", "followup_out"])
def test_no_absolute_paths_in_the_documents(which: str, request: pytest.FixtureRequest) -> None:
    out = request.getfixturevalue(which)
    for path in (out["pdf"], out["docx"]):
        text = _texts_of(path)
        for bad in (str(ROOT), str(out["out"]), "/tmp/", "/home/", "/work/", "/root/"):
            assert bad not in text, (path.name, bad)
        assert not re.search(r"\b[A-Za-z]:\\\\", text), path.name


def test_shown_path_is_never_absolute() -> None:
    assert shown_path("nämnder/driftbudget-sn-2027.xlsx") == "nämnder/driftbudget-sn-2027.xlsx"
    assert shown_path("/srv/inkorg/driftbudget-sn-2027.xlsx") == "driftbudget-sn-2027.xlsx"
    assert shown_path("C:\\Inkorg\\driftbudget-sn-2027.xlsx") == "driftbudget-sn-2027.xlsx"
    assert shown_path("../hemligt/driftbudget.xlsx") == "driftbudget.xlsx"


# ---------------------------------------------------------------- driven by the data
def test_a_new_statement_line_appears_without_code_changes(plan_out: dict[str, Any], config: Config) -> None:
    data = copy.deepcopy(plan_out["data"])
    for y, v in enumerate(data["resultatbudget"].values()):
        v["nya_poster"] = 1234.0 + y
    for v in data["balansbudget"].values():
        v["nya_tillgangar"] = 10.0
    data["ingaende_balans"]["poster"]["nya_tillgangar"] = 5.0
    doc = kommunplan_dokument(data, Names.of(config))
    rr = next(t for t in doc.tables() if t.key == "resultatbudget")
    row = next(r for r in rr.rows if r.cells[0].text == "Nya poster")
    assert [c.value for c in row.cells[2:]] == [None, None, None, 1234.0, 1235.0, 1236.0]  # no comparison: –
    br = next(t for t in doc.tables() if t.key == "balansbudget")
    row = next(r for r in br.rows if r.cells[0].text == "Nya tillgangar")
    assert [c.value for c in row.cells[1:]] == [None, 5.0, 10.0, 10.0, 10.0]


def test_html_is_escaped_and_without_scripts(plan_out: dict[str, Any], config: Config) -> None:
    data = copy.deepcopy(plan_out["data"])
    data["kommun"] = "<script>alert(1)</script> & Co"
    html = render_html(kommunplan_dokument(data, Names.of(config)))
    assert "<script>" not in html and "&lt;script&gt;" in html


# ---------------------------------------------------------------- the delårsrapport
def test_followup_documents(followup_out: dict[str, Any]) -> None:
    pdf, doc, data = followup_out["pdf"], followup_out["doc"], followup_out["data"]
    assert pdf in followup_out["written"]
    assert doc.title == "Delårsrapport januari–augusti 2026"
    text = pdftotext(pdf)
    for s in doc.sections:
        assert s.title in text
    assert "Syntetiska exempeldata" in pdftotext(pdf, 1)
    assert pdfinfo(pdf)["Tagged"] == "yes"
    tables = dict(zip([t.key for t in doc.tables()], _docx_tables(followup_out["docx"]), strict=True))
    drift = {r[0]: r for r in tables["driftredovisning"][1:]}
    for n in data["namnder"]:
        row = drift[n["namn"]]
        assert [number(c) for c in row[1:6]] == [-round(n["budget"]), -round(n["utfall"]), -round(n["prognos"]),
                                                 round(n["avvikelse"]), round(n["atgarder_effekt"])]
    assert number(drift["Summa"][4]) == round(data["summa"]["avvikelse"])
    for got, t in zip(_docx_tables(followup_out["docx"]), doc.tables(), strict=True):
        assert got == _model_rows(t), t.caption


def test_validate_does_not_import_the_document_libraries(tmp_path: Path) -> None:
    wb = next(PLANERING.glob("driftbudget-*.xlsx"))
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "xltools", "validate", "--config",
                        str(ROOT / "config"), str(wb)], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "XLTOOLS_CACHE": "off"})
    assert r.returncode == 0, r.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in r.stderr.splitlines() if "|" in line}
    assert "xltools.validate" in imported
    heavy = [m for m in imported if m.split(".")[0] in ("weasyprint", "docx", "pypdf", "pydyf", "tinycss2")
             or m.startswith("xltools.reports")]
    assert heavy == []


def test_model_is_a_plain_value(plan_out: dict[str, Any]) -> None:
    doc: Dokument = plan_out["doc"]
    assert doc.stem == "kommunplan-2027" and doc.exempeldata == "syntetiska exempeldata"
    assert all(len(r.cells) in (1, len(t.columns)) for t in doc.tables() for r in t.rows)


def test_arsredovisning_shows_utfall_not_prognos(followup_out: dict[str, Any], tmp_path: Path) -> None:
    data = copy.deepcopy(followup_out["data"])
    data.update(rapport="verksamhetsberattelse", period="2026-12", rubrik="Verksamhetsberättelse 2026")
    doc = uppfoljning_dokument(data)
    assert doc.status == "Förslag till kommunfullmäktige" and doc.stem == "uppfoljning-2026-12"
    drift = next(t for t in doc.tables() if t.key == "driftredovisning")
    assert [c.header for c in drift.columns] == ["Nämnd, tkr", "Budget", "Utfall", "Avvikelse", "Åtgärders effekt"]
    first = data["namnder"][0]
    assert [c.value for c in drift.rows[0].cells[1:4]] == [-round(first["budget"]), -round(first["utfall"]),
                                                           round(first["avvikelse"])]
    mal = next(t for t in doc.tables() if t.key == "maluppfyllelse")
    assert mal.columns[-1].header == "Helår"
    out = write_docx(doc, tmp_path / "ar.docx")
    assert _docx_tables(out) == [_model_rows(t) for t in doc.tables()]


def test_real_data_carry_no_exempeldata_mark(plan_out: dict[str, Any], config: Config, tmp_path: Path) -> None:
    data = copy.deepcopy(plan_out["data"])
    data["exempeldata"] = None
    doc = kommunplan_dokument(data, Names.of(config))
    assert "exempeldata" not in render_html(doc).lower()
    out = write_docx(doc, tmp_path / "kp.docx")
    assert "exempeldata" not in _texts_of(out).lower()


def test_pdf_is_tagged_for_screen_readers(plan_out: dict[str, Any]) -> None:
    root = pypdf.PdfReader(str(plan_out["pdf"])).trailer["/Root"]
    assert root["/Lang"] == "sv" and root["/MarkInfo"]["/Marked"]
    roles: dict[str, int] = {}

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, dict):
            if "/S" in node:
                roles[str(node["/S"])] = roles.get(str(node["/S"]), 0) + 1
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)

    walk(root["/StructTreeRoot"])
    tables = plan_out["doc"].tables()
    # every caption tagged; a wide table continued on the next landscape page repeats its caption
    assert len(tables) <= roles["/Caption"] <= len(tables) + sum(1 for t in tables if t.wide)
    assert roles["/Table"] >= len(tables)  # a table split over pages is tagged once per page
    assert roles["/TH"] >= sum(len(t.columns) + len(t.rows) for t in tables)  # column and row headers
    assert roles["/H1"] == sum(1 for s in plan_out["doc"].sections if s.level == 1)


def test_cli_uppfoljning_writes_the_word_draft(tmp_path: Path) -> None:
    out = tmp_path / "rapport"
    base = [sys.executable, "-m", "xltools", "uppfoljning", str(UPPFOLJNING), "--period", "2026-08", "--config",
            str(ROOT / "config"), "--out", str(out)]
    r = subprocess.run([*base, "--mall", str(_mall(tmp_path / "mall.docx"))], capture_output=True, text=True)
    assert r.returncode == 2 and "--mall gäller Wordutkastet" in r.stderr
    r = subprocess.run([*base, "--dokument", "docx"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "uppfoljning-2026-08.docx" in r.stdout
    assert (out / "uppfoljning-2026-08.docx").is_file() and not (out / "uppfoljning-2026-08.pdf").exists()
