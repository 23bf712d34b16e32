"""Benchmark: validating one typical nämnd workbook, against raw reads of the same file.

Measured in one run, medians over repetitions:
  - python-calamine reading every sheet of the file (the baseline),
  - in-process validation (read + rules; config loaded once beforehand),
  - `xltools validate FILE` as a whole process (start-up included),
  - a whole `python -c "import python_calamine; read"` process (the process baseline),
  - openpyxl loading the file (for scale).
Prints a table and writes benchmarks/results/validate.json.

Usage: .venv/bin/python benchmarks/bench_validate.py [--file X.xlsx] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench_scale import bench_one  # run as a script, this folder is on sys.path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "workbooks" / "planering" / "driftbudget-sn-2027.xlsx"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--file", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=40)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "validate.json")
    args = ap.parse_args()
    path: Path = args.file
    if not path.exists():
        print(f"Filen {path} finns inte; kör `make demo` eller ange --file.", file=sys.stderr)
        return 2

    res = bench_one(path, ROOT / "config", args.repeat)  # raw read and validation measured alternately
    res["file"] = str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    res["ratio_in_process_vs_calamine"] = res["validate_in_process_s"] / res["calamine_read_s"]
    res["ratio_process_vs_calamine_process"] = res["validate_process_s"] / res["calamine_process_s"]
    print(f"Fil: {res['file']} ({res['bytes'] / 1024:.0f} kB), median av {args.repeat} körningar")
    rows = [
        ("python-calamine läser alla blad (baslinje)", res["calamine_read_s"], 1.0),
        ("validering i processen (läsning + regler)", res["validate_in_process_s"], res["ratio_in_process_vs_calamine"]),
        ("openpyxl laddar filen", res["openpyxl_load_s"], res["openpyxl_load_s"] / res["calamine_read_s"]),
        ("process: python + calamine-läsning", res["calamine_process_s"], None),
        ("process: xltools validate FIL", res["validate_process_s"], res["ratio_process_vs_calamine_process"]),
    ]
    for label, secs, ratio in rows:
        print(f"  {label:<46} {secs * 1000:8.1f} ms" + (f"   {ratio:5.2f}x" if ratio is not None else ""))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"Resultat: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
