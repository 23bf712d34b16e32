"""The Validera script of Lite templates, run as xlwings Lite runs it: in Pyodide (run.mjs) and in CPython.

Input: {"cases": [{"name", "main_py", "payload"}]}: a template's main.py (read from the template's
Lite parts) and the Office.js payload of a workbook. For each case main.py is loaded as a module
and its script is called through xlwings' own `custom_scripts_call` with the Book made from the
payload, as xlwings Lite and xlwings Server call scripts (with XLWINGS_ON_SERVER=true, which makes
`xlwings.script` their decorator). Output: the Excel actions each run queued, the third-party and
xltools modules imported, and timings (import, each check).

In CPython: ``XLWINGS_ON_SERVER=true python lite_run.py INPUT.json OUTPUT.json``.
"""

from __future__ import annotations

import asyncio
import copy
import json
import sys
import time
import types
from typing import Any

THIRD_PARTY = ("openpyxl", "python_calamine", "pydantic", "yaml", "jinja2", "click", "xlsxwriter", "pandas", "numpy")


async def run_cases(data: dict[str, Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    import xlwings as xw
    from xlwings.server import custom_scripts_call

    t1 = time.perf_counter()
    import xltools.lite.entry  # noqa: F401  (what main.py imports)

    t2 = time.perf_counter()
    results, checks = [], []
    for case in data["cases"]:
        start = time.perf_counter()
        module = types.ModuleType("main")
        exec(compile(case["main_py"], "main.py", "exec"), module.__dict__)
        book = xw.Book(json=copy.deepcopy(case["payload"]))
        await custom_scripts_call(module, "validera_arbetsboken", typehint_to_value={xw.Book: book})
        checks.append(time.perf_counter() - start)
        results.append({"name": case["name"], "actions": book.json()["actions"]})
    loaded = sorted({name.split(".")[0] for name in sys.modules})
    return {
        "platform": sys.platform,
        "python": sys.version.split()[0],
        "xlwings": xw.__version__,
        "import_xlwings": t1 - t0,
        "import_xltools": t2 - t1,
        "checks": checks,
        "results": results,
        "third_party": [name for name in THIRD_PARTY if name in loaded],
        "xltools_modules": sorted(name for name in sys.modules if name.startswith("xltools")),
    }


async def run_file(source: str, target: str) -> None:
    with open(source, encoding="utf-8") as f:
        data = json.load(f)
    result = await run_cases(data)
    with open(target, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False)


if __name__ == "__main__" and sys.platform != "emscripten":  # in Pyodide, run.mjs awaits run_file
    asyncio.run(run_file(sys.argv[1], sys.argv[2]))
