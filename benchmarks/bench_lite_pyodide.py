"""Benchmark: Validera in xlwings Lite's runtime (Pyodide in Node), against the same script in CPython.

A Lite template's own main.py runs on the Office.js payload of a real driftbudget with planted
errors, twice (first and second check), then on a taxor workbook, through xlwings' own
custom_scripts_call (tests/pyodide/lite_run.py), in fresh processes:
  - Pyodide: start (loadPyodide), install (micropip, local wheels), import of xlwings and of
    xltools.lite.entry, first and second check;
  - CPython, the same script as a process: import and checks (the baseline, same run).
Medians over --repeat runs; prints a table and writes benchmarks/results/lite_pyodide.json.
Needs Node.js, npm and XLWINGS_LICENSE_KEY (noncommercial); the first run downloads the Pyodide
package and wheels into tests/pyodide/ (see tests/support/pyodide.py).

Usage: XLWINGS_LICENSE_KEY=noncommercial .venv/bin/python benchmarks/bench_lite_pyodide.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.officejs import payload  # noqa: E402
from support.pyodide import NODE_DIR, missing_tools, run_script  # noqa: E402
from support.workbooks import build, edit  # noqa: E402

from xltools.config import load_config  # noqa: E402
from xltools.excel.write import write_template  # noqa: E402
from xltools.forms import FORMS  # noqa: E402
from xltools.lite.parts import read_parts  # noqa: E402
from xltools.lite.template import LiteCheck  # noqa: E402

SCRIPT = NODE_DIR / "lite_run.py"


def cases(folder: Path) -> dict[str, Any]:
    config, _ = load_config(ROOT / "config")
    assert config is not None
    mains = {}
    for document in ("driftbudget", "taxor"):
        template = write_template(FORMS[document], config, "fgn", 2027, folder / f"mall-{document}.xlsx",
                                  check=LiteCheck("https://xltools.intranat.example/lite/"))
        mains[document] = read_parts(template).properties["main.py"]  # type: ignore[union-attr]
    drift = edit(build("driftbudget", config, "fgn", folder / "drift.xlsx"),
                 {("Driftbudget", "H6"): 440000.0, ("Driftbudget", "A68"): "410 Grundskola", ("Driftbudget", "H68"): 500})
    taxor = edit(build("taxor", config, "fgn", folder / "taxor.xlsx"), {("Taxor", "H6"): None})
    return {"cases": [{"name": "first", "main_py": mains["driftbudget"], "payload": payload(drift)},
                      {"name": "second", "main_py": mains["driftbudget"], "payload": payload(drift)},
                      {"name": "taxor", "main_py": mains["taxor"], "payload": payload(taxor)}]}


def cpython(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    source, target = folder / "in.json", folder / "out.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    subprocess.run([sys.executable, str(SCRIPT), str(source), str(target)], check=True, capture_output=True,
                   env={**os.environ, "XLWINGS_ON_SERVER": "true"})
    return json.loads(target.read_text(encoding="utf-8"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "lite_pyodide.json")
    args = ap.parse_args()
    if missing_tools() or not os.environ.get("XLWINGS_LICENSE_KEY"):
        print("Kräver Node.js, npm och XLWINGS_LICENSE_KEY (t.ex. noncommercial).", file=sys.stderr)
        return 2
    rows: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = cases(folder)
        for i in range(args.repeat):
            p = run_script(SCRIPT, data, folder / f"run{i}")
            c = cpython(data, folder)
            assert p["results"] == c["results"], "Pyodide and CPython differ"
            for key, value in (("pyodide_start_s", p["node_timings"]["start"]),
                               ("pyodide_install_s", p["node_timings"]["install"]),
                               ("pyodide_import_xlwings_s", p["import_xlwings"]),
                               ("pyodide_import_xltools_s", p["import_xltools"]),
                               ("pyodide_first_check_s", p["checks"][0]), ("pyodide_second_check_s", p["checks"][1]),
                               ("cpython_import_xlwings_s", c["import_xlwings"]),
                               ("cpython_import_xltools_s", c["import_xltools"]),
                               ("cpython_first_check_s", c["checks"][0]), ("cpython_second_check_s", c["checks"][1])):
                rows.setdefault(key, []).append(value)
    result: dict[str, Any] = {k: statistics.median(v) for k, v in rows.items()}
    result["ratio_import_xltools_pyodide_vs_cpython"] = (result["pyodide_import_xltools_s"]
                                                         / result["cpython_import_xltools_s"])
    result["ratio_second_check_pyodide_vs_cpython"] = (result["pyodide_second_check_s"]
                                                       / result["cpython_second_check_s"])
    result["repeat"] = args.repeat
    result["pyodide"] = p["python"]
    result["python"] = c["python"]
    for key, value in result.items():
        print(f"{key:45s} {value:.3f}" if isinstance(value, float) else f"{key:45s} {value}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
