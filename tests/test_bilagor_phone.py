"""Bilagor on a phone (issue 19, part 6): the kommunplan's HTML bilagor and the follow-up's bilaga in real
headless Chromium (tests/support/site_check.cjs): axe-core WCAG 2.1 A/AA + best practice, a skip link
that moves the focus to the content, a visible focus on every keyboard stop, and no horizontal scrolling
of the page at 390 px or at 200 % zoom; wide tables scroll in their own focusable region. Printed from
the browser, a wide table is not cut off: its last column's heading is on the page.
"""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from support.browser import require_axe
from test_site import _browser_check


@pytest.fixture(scope="module")
def bilagor(example_reports: Path) -> list[Path]:
    out = example_reports
    pages = sorted((out / "kp" / "bilagor").glob("*.html")) + sorted((out / "up").glob("*bilaga.html"))
    assert len(pages) >= 8
    return pages


def test_every_bilaga_reads_on_a_phone_with_the_keyboard_and_at_200_per_cent(bilagor: list[Path]) -> None:
    found: dict[str, Any] = _browser_check(bilagor)
    assert len(found) == len(bilagor)
    for page, r in found.items():
        name = Path(page).name
        assert r["axe"]["violations"] == [], (name, r["axe"]["violations"])
        assert r["afterSkip"] == "innehall", name
        assert r["phone"]["scrollWidth"] <= r["phone"]["clientWidth"] == 390, (name, r["phone"])
        assert r["zoom"]["scrollWidth"] <= r["zoom"]["clientWidth"], (name, r["zoom"])
        stops = [s for s in r["stops"] if s]
        assert stops and all(s["outline"] or s["shadow"] for s in stops), (name, stops[:3])
    html = bilagor[-1].read_text(encoding="utf-8")
    assert html.count('<div class="tabell" tabindex="0"><table') == html.count("<table") > 5


def test_a_printed_bilaga_keeps_every_table_on_an_a4_page(bilagor: list[Path], tmp_path: Path) -> None:
    chromium, _ = require_axe()  # the same Chromium as the site checks (skips only outside CI)
    checked = 0
    for page in bilagor:
        pdf = tmp_path / f"{page.stem}.pdf"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}",
                        "--no-pdf-header-footer", page.as_uri()], capture_output=True, timeout=120, check=True)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "(A4)" in info, (page.name, info)
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        html = page.read_text(encoding="utf-8")
        last = [re.sub(r"<[^>]+>", "", cells[-1]).strip()
                for head in re.findall(r"<thead>(.*?)</thead>", html, re.S)
                if (cells := re.findall(r"<th[^>]*>(.*?)</th>", head, re.S))]
        for heading in last:  # each table's right-most column made it onto the printed page
            assert " ".join(unescape(heading).split()) in text, (page.name, heading)
        checked += len(last)
    assert checked > 20
