"""The phases of `xltools kommunplan` timed inside one process (run by bench_scale.py as a subprocess).

Prints one JSON object: seconds for importing, loading the config, the consolidation (reading,
validating and consolidating every workbook: `build`) without a cache and again with a warm
cache, and for writing each report (workbook, JSON, bilagor). The consolidation is what the
target "≤ 1.5 × raw reads / cores" is about; the reports are written after it.

Usage: python benchmarks/phases.py CONFIG INKORG OUT CACHE
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

started = time.perf_counter()
from xltools.cache import ReadCache  # noqa: E402
from xltools.config import load_config  # noqa: E402
from xltools.gcpause import gc_paused  # noqa: E402
from xltools.jobs.kommunplan import consolidate as build  # noqa: E402
from xltools.reports.bilagor import render_bilagor  # noqa: E402
from xltools.reports.kommunplan_json import to_json  # noqa: E402
from xltools.reports.kommunplan_xlsx import write_workbook  # noqa: E402


def main() -> int:
    config_dir, inkorg, out, cache_dir = map(Path, sys.argv[1:5])
    res: dict[str, float | int] = {"import_s": time.perf_counter() - started}
    t = time.perf_counter()
    config, errors = load_config(config_dir)
    assert config is not None, errors
    res["config_s"] = time.perf_counter() - t
    t = time.perf_counter()
    build(inkorg, config)
    res["build_cold_s"] = time.perf_counter() - t
    cache = ReadCache(cache_dir, config)
    build(inkorg, config, cache=cache)  # fills the cache
    t = time.perf_counter()
    plan = build(inkorg, config, cache=ReadCache(cache_dir, config))
    res["build_warm_s"] = time.perf_counter() - t
    out.mkdir(parents=True, exist_ok=True)
    for key, write in (("xlsx_s", lambda: write_workbook(plan, out / "kommunplan.xlsx")),
                       ("json_s", lambda: (out / "kommunplan.json").write_text(to_json(plan), encoding="utf-8")),
                       ("html_s", lambda: render_bilagor(plan, out / "bilagor", None))):
        t = time.perf_counter()
        gc_paused(write)()  # as write_outputs runs them
        res[key] = time.perf_counter() - t
    res["files"] = len(plan.sources) + len(plan.uteslutna) + len(plan.ej_sammanstallda)
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
