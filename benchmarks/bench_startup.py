"""Benchmark: the start of `xltools validate one.xlsx` as a process, against a raw python-calamine read.

What the economist feels on every click is the whole process: Python starting, xltools importing,
the configuration loading, one workbook read and checked. Measured in one run, alternately (so a
busy moment on the machine hits all alike), medians over repetitions:
  - `python -c "import python_calamine; read every sheet"`: the baseline process,
  - `xltools validate FILE` with the checked configuration in the cache (every run after the first),
  - `xltools validate FILE` with XLTOOLS_CACHE=off (the configuration read from YAML with pydantic).
Then one `python -X importtime` run of the warm case: the imports that cost most, cumulative.
Prints a table and writes benchmarks/results/startup.json.

Usage: .venv/bin/python benchmarks/bench_startup.py [--file X.xlsx] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "workbooks" / "planering" / "driftbudget-sn-2027.xlsx"
TARGET_S = 0.15  # issue 13: at most 0.15 s as a process
HEAVY = ("pydantic", "yaml", "openpyxl", "jinja2", "xlsxwriter", "xlwings", "pandas")


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=False, env=env, cwd=ROOT)
    return time.perf_counter() - t


def importtime(cmd: list[str], env: dict[str, str], top: int) -> tuple[list[tuple[float, str]], list[str]]:
    """The `top` imports with the largest cumulative time (ms, module), and the heavy libraries imported."""
    res = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], capture_output=True, text=True, check=False,
                         env=env, cwd=ROOT)
    rows = []
    for line in res.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line[len("import time:"):].split("|")
            if cumulative.strip().isdigit():
                rows.append((int(cumulative) / 1000, name.rstrip()))
    heavy = sorted({n.strip().split(".")[0] for _, n in rows} & set(HEAVY))
    return sorted(rows, reverse=True)[:top], heavy


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--file", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--top", type=int, default=15, help="imports to list from -X importtime")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "startup.json")
    args = ap.parse_args()
    path: Path = args.file
    if not path.exists():
        print(f"Filen {path} finns inte; kör `make demo` eller ange --file.", file=sys.stderr)
        return 2
    cache = Path(tempfile.mkdtemp(prefix="xltools-bench-startup-"))
    warm_env = {**os.environ, "XLTOOLS_CACHE": str(cache)}
    cold_env = {**os.environ, "XLTOOLS_CACHE": "off"}
    raw = [sys.executable, "-c", f"import python_calamine as pc; wb = pc.CalamineWorkbook.from_path({str(path)!r}); "
           "[wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names]"]
    validate = [sys.executable, "-m", "xltools", "validate", "--config", str(ROOT / "config"), str(path)]
    timed(validate, warm_env)  # fills the configuration cache
    runs: dict[str, list[float]] = {"raw": [], "warm": [], "cold": []}
    for _ in range(args.repeat):
        runs["raw"].append(timed(raw, warm_env))
        runs["warm"].append(timed(validate, warm_env))
        runs["cold"].append(timed(validate, cold_env))
    med = {k: statistics.median(v) for k, v in runs.items()}
    top, heavy = importtime(validate, warm_env, args.top)
    _, heavy_cold = importtime(validate, cold_env, args.top)
    res = {
        "file": str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path), "repeat": args.repeat,
        "calamine_process_s": med["raw"], "validate_process_s": med["warm"], "validate_process_no_cache_s": med["cold"],
        "ratio_validate_vs_calamine_process": med["warm"] / med["raw"],
        "ratio_no_cache_vs_calamine_process": med["cold"] / med["raw"],
        "target_s": TARGET_S, "target_ratio_at_0_028_s": TARGET_S / 0.028,
        "importtime_top_ms": [[round(ms, 1), name.strip()] for ms, name in top],
        "heavy_imported": heavy, "heavy_imported_no_cache": heavy_cold,
    }
    print(f"Fil: {res['file']}, median av {args.repeat} körningar (omväxlande)")
    print(f"  process: python + calamine-läsning (baslinje)          {med['raw'] * 1000:7.1f} ms   1.00×")
    print(f"  process: xltools validate FIL (konfiguration i cache)  {med['warm'] * 1000:7.1f} ms "
          f"{res['ratio_validate_vs_calamine_process']:6.2f}×")
    print(f"  process: xltools validate FIL (XLTOOLS_CACHE=off)      {med['cold'] * 1000:7.1f} ms "
          f"{res['ratio_no_cache_vs_calamine_process']:6.2f}×")
    ok = med["warm"] <= TARGET_S
    print(f"Mål: högst {TARGET_S:.2f} s som process: {'uppfyllt' if ok else 'EJ uppfyllt'}")
    print(f"Tunga bibliotek som importeras: {', '.join(heavy) or 'inga'} (utan cache: {', '.join(heavy_cold) or 'inga'})")
    print("Dyraste importerna (kumulativt, python -X importtime, konfiguration i cache):")
    for ms, name in top:
        print(f"  {ms:7.1f} ms  {name.strip()}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Resultat: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
