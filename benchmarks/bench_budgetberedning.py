"""Benchmark: a budgetberedning scenario for the example kommun, in-process after the first.

Measures (medians over --repeat) in this process:
  the base run (the baseline): consolidating workbooks/planering (read, validate, choose, build),
  one scenario on the documents read once (`scenario.apply`: the config overlaid, one build),
  the whole beredning of the bundled KS förslag + alternativbudget (with the four sensitivity runs),
and prints the times, the scenario against the target (≤ 1 s) and its ratio to the base run.
Writes benchmarks/results/budgetberedning.json.

Usage: .venv/bin/python benchmarks/bench_budgetberedning.py [--repeat 5] [--out FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from bench_scale import median_time  # noqa: E402

TARGET_S = 1.0  # one scenario after the first


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "budgetberedning.json")
    args = ap.parse_args()

    from xltools.config import load_config
    from xltools.config.scenario import Scenario
    from xltools.consolidate.budgetberedning import bered
    from xltools.consolidate.scenario import Grund, apply, bas
    from xltools.jobs.budgetberedning import load_scenarios
    from xltools.jobs.kommunplan import consolidate

    config, errors = load_config(ROOT / "config")
    assert config is not None and not errors, errors
    folder = ROOT / "workbooks" / "planering"
    plan = consolidate(folder, config, fas="juni")  # warm-up: imports and the read cache
    base_run = median_time(lambda: consolidate(folder, config, fas="juni"), args.repeat)
    grund = Grund.of(plan)
    base = bas(grund)
    change = Scenario(namn="bench", skattesats=config.ekonomi.skattesats + 0.25, ramar={"sn": {2027: 5000}},
                      investeringsniva=90, ranta=0.5)
    scenario = median_time(lambda: apply(grund, base, "bench", change, "bench.yaml"), args.repeat)
    files = sorted((ROOT / "config" / "scenarier").glob("*.yaml"))
    scenarios = load_scenarios(files, config)
    whole = median_time(lambda: bered(grund, scenarios), args.repeat)
    result = {
        "date": dt.date.today().isoformat(), "python": platform.python_version(), "repeat": args.repeat,
        "base_run_s": round(base_run, 4), "scenario_s": round(scenario, 4), "beredning_s": round(whole, 4),
        "scenarios_in_beredning": len(scenarios) + 1 + 4, "target_s": TARGET_S,
        "ratio_scenario_to_base": round(scenario / base_run, 3), "ok": scenario <= TARGET_S,
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    print(f"{'grundkörning (baslinje)':<34}{base_run:8.3f} s  (läs, validera, sammanställ)")
    print(f"{'ett scenario':<34}{scenario:8.3f} s  mål ≤ {TARGET_S:.0f} s: {'ja' if result['ok'] else 'NEJ'}; "
          f"{scenario / base_run:.2f} × grundkörningen")
    print(f"{'hela beredningen':<34}{whole:8.3f} s  ({result['scenarios_in_beredning']} beräkningar: bas, "
          f"{len(scenarios)} scenarier, 4 känslighetsfall)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
