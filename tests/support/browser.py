"""A real accessibility check: axe-core (npm) run inside real headless Chromium.

`.ci/run` installs Debian's chromium and `npm install`s axe-core into build/axe, and sets
XLTOOLS_REQUIRE_CHROMIUM=1, so in CI a missing browser or axe-core fails the test instead of
skipping it. Locally XLTOOLS_AXE may point at an axe.min.js elsewhere.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REQUIRE_ENV = "XLTOOLS_REQUIRE_CHROMIUM"
ROOT = Path(__file__).resolve().parents[2]
AXE_DEFAULT = ROOT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
RUNNER = """<script src="axe.min.js"></script>
<script>
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
  .then(function (r) { return {violations: r.violations, passes: r.passes.length}; },
        function (e) { return {error: String(e)}; })
  .then(function (out) {
    var pre = document.createElement("pre");
    pre.id = "axe-resultat";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  });
</script>
"""


def _missing(what: str) -> None:
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{what} krävs i CI men saknas")
    pytest.skip(f"{what} saknas på maskinen; testet kräver en riktig webbläsare")


def require_axe() -> tuple[str, Path]:
    """Chromium's binary and axe-core's axe.min.js; skip locally or fail in CI when absent."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        _missing("Chromium")
    axe = Path(os.environ.get("XLTOOLS_AXE", AXE_DEFAULT))
    if not axe.is_file():
        _missing(f"axe-core ({axe})")
    return chromium, axe


def axe_check(page: Path, work: Path) -> dict:
    """Run axe-core on `page` in headless Chromium; the result: {"violations": [...], "passes": n}."""
    chromium, axe = require_axe()
    work.mkdir(parents=True, exist_ok=True)
    shutil.copy(axe, work / "axe.min.js")
    text = page.read_text(encoding="utf-8")
    assert "</body>" in text
    target = work / page.name
    target.write_text(text.replace("</body>", RUNNER + "</body>"), encoding="utf-8")
    run = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         f"--user-data-dir={work / 'profil'}", "--allow-file-access-from-files",
         "--virtual-time-budget=20000", "--dump-dom", target.as_uri()],
        capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="axe-resultat">(.*?)</pre>', run.stdout, re.S)
    assert found, f"axe-core gav inget resultat: {run.stderr[-2000:]}"
    return json.loads(html.unescape(found.group(1)))
