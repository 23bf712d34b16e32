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
import subprocess
import sys
from pathlib import Path

from bench_scale import median_time  # run as a script, this folder is on sys.path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "workbooks" / "planering" / "driftbudget-sn-2027.xlsx"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--file", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "validate.json")
    args = ap.parse_args()
    path: Path = args.file
    if not path.exists():
        print(f"Filen {path} finns inte; kör `make demo` eller ange --file.", file=sys.stderr)
        return 2

    import openpyxl
    import python_calamine as pc

    from xltools.config import load_config
    from xltools.validate import validate_paths

    config, errors = load_config(ROOT / "config")
    assert config is not None, errors

    def raw_read() -> None:
        wb = pc.CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python(skip_empty_area=False)

    def in_process() -> None:
        report, _ = validate_paths([path], config)
        assert report.files[0].unreadable is False

    def openpyxl_load() -> None:
        openpyxl.load_workbook(path)

    exe = ROOT / ".venv" / "bin" / "xltools"
    cmd = [str(exe) if exe.exists() else "xltools", "validate", "--no-cache", "--config", str(ROOT / "config"), str(path)]
    raw_cmd = [sys.executable, "-c",
               f"import python_calamine as pc; wb=pc.CalamineWorkbook.from_path({str(path)!r}); "
               "[wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names]"]

    def process() -> None:
        subprocess.run(cmd, capture_output=True, check=False)

    def raw_process() -> None:
        subprocess.run(raw_cmd, capture_output=True, check=True)

    in_process()  # warm caches and imports once
    res = {
        "file": str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path),
        "bytes": path.stat().st_size,
        "repeat": args.repeat,
        "calamine_read_s": median_time(raw_read, args.repeat),
        "validate_in_process_s": median_time(in_process, args.repeat),
        "openpyxl_load_s": median_time(openpyxl_load, max(3, args.repeat // 3)),
        "calamine_process_s": median_time(raw_process, max(3, args.repeat // 3)),
        "validate_process_s": median_time(process, max(3, args.repeat // 3)),
    }
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
