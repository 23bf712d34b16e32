"""Issue 19 part 3: the financial goals as accessible SVG charts in the bilaga, each beside its data table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from xltools.reports.svg import goal_chart

NS = {"s": "http://www.w3.org/2000/svg"}


def test_a_bar_per_year_the_goal_line_and_every_value_in_words() -> None:
    svg = ET.fromstring(goal_chart("d1", "FM1 Årets resultat", ["2027", "2028", "2029"], [2.4, 1.2, None], 1.5))
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "d1-titel d1-besk"
    assert svg.find("s:title", NS).text == "FM1 Årets resultat"
    desc = svg.find("s:desc", NS).text
    assert desc == ("2027: 2,4\u00a0%; 2028: 1,2\u00a0% (under målet); 2029: kan inte beräknas. "
                    "Målet är minst 1,5\u00a0%.")
    bars = [r for r in svg.findall("s:rect", NS) if r.get("fill") != "#a61b1b"]
    assert len(bars) == 2
    assert bars[0].get("fill") == "#1f4e78" and bars[1].get("fill") == "url(#d1-under)"  # hatched, not only colour
    assert float(bars[0].get("height")) == pytest.approx(2 * float(bars[1].get("height")), rel=0.01)
    goal = [ln for ln in svg.findall("s:line", NS) if ln.get("stroke-dasharray")]
    assert len(goal) == 1
    texts = [t.text for t in svg.findall("s:text", NS)]
    assert "mål 1,5\u00a0%" in texts and "kan inte beräknas" in texts


def test_a_negative_value_goes_below_the_axis() -> None:
    svg = ET.fromstring(goal_chart("d2", "x", ["2027", "2028"], [-1.0, 2.0], 1.0))
    axis = float(next(ln for ln in svg.findall("s:line", NS) if not ln.get("stroke-dasharray")).get("y1"))
    neg = next(r for r in svg.findall("s:rect", NS) if r.get("fill") == "url(#d2-under)")
    assert float(neg.get("y")) == pytest.approx(axis, abs=0.2)  # starts at the axis, grows down


def test_the_bilaga_shows_each_financial_goal_as_a_chart_and_a_table(example_reports: Path) -> None:
    html = (example_reports / "kp" / "bilagor" / "finansiella-rapporter.html").read_text(encoding="utf-8")
    assert html.count('<figure class="diagram"') == 3 and html.count('role="img"') == 3
    assert "FM1 Årets resultat ska vara minst 1,5 procent" in html and "värde och mål per år" in html


def test_the_workbook_charts_each_goal_against_its_target_line(example_reports: Path) -> None:
    import zipfile

    with zipfile.ZipFile(example_reports / "kp" / "kommunplan-2027.xlsx") as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        xml = {n: z.read(n).decode("utf-8") for n in charts}
    goals = [x for x in xml.values() if "mot målet" in x]
    assert len(charts) == 5 and len(goals) == 3  # nettokostnad, investeringar, FM1–FM3
    for x in goals:
        assert "<c:barChart>" in x and "<c:lineChart>" in x and 'val="dash"' in x
        assert "Sammanfattning" in x and "Mål (minst)" in x


def _svg(html: str, ident: str) -> ET.Element:
    start = html.index(f'aria-labelledby="{ident}-t {ident}-d"')
    start = html.rindex("<svg", 0, start)
    return ET.fromstring(html[start:html.index("</svg>", start) + 6])


def test_nettokostnadsutveckling_per_namnd_in_per_cent(example_reports: Path, plan) -> None:  # noqa: ANN001
    """The driftbudget bilaga: the budget year's nettokostnad against budget t−1 per nämnd, SVG and table."""
    html = (example_reports / "kp" / "bilagor" / "driftbudget.html").read_text(encoding="utf-8")
    svg = _svg(html, "diagram-nettokostnadsutveckling")
    assert svg.get("role") == "img"
    desc = svg.find("s:desc", NS).text
    before = next(k for k in plan.jamforelse if k.typ == "budget").driftbudget
    sn = next(n for n in plan.drift if n.namnd == "sn")
    pct = 100 * (sn.netto(2027) - before["sn"]) / before["sn"]  # (561 700 − 544 800) / 544 800
    assert round(pct, 1) == 3.1
    texts = [t.text for t in svg.findall("s:text", NS)]
    assert "Socialnämnden" in texts and "+3,1\u00a0%" in texts
    vn = next(n for n in plan.drift if n.namnd == "vn")  # the election year before: a decrease, to the left in red
    assert vn.netto(2027) < before["vn"] and "−84,2\u00a0%" in texts
    assert any(r.get("fill") == "#9c0006" for r in svg.findall("s:rect", NS))
    assert "Störst ökning" in desc and "Nettokostnadsutveckling per nämnd 2026–2027 (tkr och procent)" in html


def test_investeringar_per_namnd_and_kategori(example_reports: Path, plan) -> None:  # noqa: ANN001
    html = (example_reports / "kp" / "bilagor" / "investeringsbudget.html").read_text(encoding="utf-8")
    total = sum(plan.inv.per_ar[y] for y in plan.years)
    for key in ("namnd", "kategori"):
        svg = _svg(html, f"diagram-investeringar-{key}")
        desc = svg.find("s:desc", NS).text
        assert f"totalt {total / 1e6:.1f}".replace(".", ",") in desc.replace("\u00a0", " ")
        shown = [t.text for t in svg.findall("s:text", NS) if t.text and t.text.endswith("mnkr")]
        assert sum(float(s.split()[0].replace(",", ".")) for s in shown) == pytest.approx(total / 1e6, abs=0.1 * len(shown))
    kat = {}
    for p in plan.inv.projekt:
        kat[p.kategori_namn] = kat.get(p.kategori_namn, 0) + sum(p.utgift[y] for y in plan.years)
    top = max(kat, key=kat.get)
    assert f"Störst: {top}" in _svg(html, "diagram-investeringar-kategori").find("s:desc", NS).text


def test_the_follow_up_deviation_chart_keeps_names_off_the_bars(example_reports: Path) -> None:
    html = (example_reports / "up" / "uppfoljning-2026-08-bilaga.html").read_text(encoding="utf-8")
    svg = _svg(html, "diagram-avvikelse")
    label_x = {float(t.get("x")) for t in svg.findall("s:text", NS) if t.get("text-anchor") == "end" and
               not (t.text or "").endswith("mnkr")}
    rects = svg.findall("s:rect", NS)
    assert len(label_x) == 1 and all(float(r.get("x")) > next(iter(label_x)) for r in rects)  # names left of every bar
    assert "nämnder har underskott" in svg.find("s:desc", NS).text


def test_the_kommunplan_workbook_charts_answer_questions(example_reports: Path, plan, tmp_path: Path) -> None:  # noqa: ANN001
    """The sheet Diagram: the nettokostnad's change per nämnd and the investeringar per nämnd and kategori, as
    formulas over the other sheets that LibreOffice recalculates (from a copy without cached values) to the
    figures xltools computes, and charts over them."""
    import zipfile

    import openpyxl
    from support.libreoffice import recalc

    book = example_reports / "kp" / "kommunplan-2027.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["Diagram"]
    bare = tmp_path / "utan-varden.xlsx"
    wb.save(bare)  # openpyxl keeps the formulas and drops the cached values: LibreOffice must compute them
    again = openpyxl.load_workbook(recalc([bare], tmp_path / "lo")[0], data_only=True)["Diagram"]
    rows: dict[str, int] = {}
    for r in range(1, ws.max_row + 1):
        rows.setdefault(ws.cell(row=r, column=1).value, r)  # the first table's row of each nämnd
    before = next(k for k in plan.jamforelse if k.typ == "budget").driftbudget
    for n in plan.drift:
        r = rows[n.namn]  # the first table: nämnd, budget t−1, nettokostnad, förändring
        now = n.netto(2027) if n.covered else n.ram[2027]
        assert again.cell(row=r, column=3).value == pytest.approx(now / 1000)
        assert again.cell(row=r, column=4).value == pytest.approx((now - before[n.namnd]) / before[n.namnd])
    head = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "Nämnd" and r > rows["Överförmyndaren"])
    kategorier = [ws.cell(row=head, column=c).value for c in range(2, ws.max_column + 1)]
    total = kategorier.index("Summa") + 2
    tn = next(r for r in range(head, ws.max_row + 1) if ws.cell(row=r, column=1).value == "Tekniska nämnden")
    assert again.cell(row=tn, column=total).value == pytest.approx(sum(plan.inv.per_namnd["tn"].values()) / 1000)
    kat = kategorier.index("Verksamhetslokaler") + 2
    assert again.cell(row=tn, column=kat).value == pytest.approx(sum(
        p.utgift[y] for p in plan.inv.projekt if p.namnd == "tn" and p.kategori_namn == "Verksamhetslokaler"
        for y in plan.years) / 1000)
    with zipfile.ZipFile(book) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert any("Nettokostnadsutveckling per nämnd" in c for c in charts)
    assert any("Investeringar per nämnd och kategori" in c and 'grouping val="stacked"' in c for c in charts)
    assert not any("Nettokostnad per nämnd (mnkr)" in c for c in charts)  # the three look-alike bars are gone
