"""Benchmark: what reading within limits (issue 12, part 1) costs `xltools validate one.xlsx`, before and after.

Every figure is a ratio to a raw python-calamine read of the same file, measured in the same process
(in-process figures) or in the same run (process figures), so a busy machine hits both alike:
  - the package check alone (xltools.excel.package.check_package) against the raw read,
  - in-process validation (read + rules) against the raw read, in a child process per checkout,
  - `xltools validate --no-cache FILE` as a whole process against `python -c "<calamine read>"`,
for this checkout and, with --before DIR, for another one (the code before the change), alternately.

Usage: .venv/bin/python benchmarks/bench_limits.py [--before DIR] [--file X.xlsx] [--repeat N]
  e.g. git archive <commit> | tar -x -C /tmp/xltools-before, then --before /tmp/xltools-before
Writes benchmarks/results/limits.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "workbooks" / "planering" / "driftbudget-sn-2027.xlsx"

# Run in a child with PYTHONPATH=<checkout>: in-process validation against the raw read, alternately.
CHILD = r"""
import json, statistics, sys, time
from pathlib import Path
import python_calamine as pc
import xltools
from xltools.config import load_config
from xltools.validate import validate_paths
path, n = Path(sys.argv[1]), int(sys.argv[2])
config, _ = load_config("config")
def raw():
    wb = pc.CalamineWorkbook.from_path(str(path))
    return [wb.get_sheet_by_name(s).to_python(skip_empty_area=False) for s in wb.sheet_names]
def val():
    report, _ = validate_paths([path], config, jobs=1)
    assert not report.files[0].unreadable
raw(); val()
rt, vt = [], []
for _ in range(n):
    t = time.perf_counter(); raw(); rt.append(time.perf_counter() - t)
    t = time.perf_counter(); val(); vt.append(time.perf_counter() - t)
print(json.dumps({"xltools": xltools.__file__, "calamine_s": statistics.median(rt), "validate_s": statistics.median(vt)}))
"""
RAW_PROCESS = ("import python_calamine as pc, sys; wb = pc.CalamineWorkbook.from_path(sys.argv[1]); "
               "[wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names]")


def _env(checkout: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(checkout), "XLTOOLS_CACHE": "off"}


def _timed(argv: list[str], checkout: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=checkout, env=_env(checkout), capture_output=True, check=False)
    return time.perf_counter() - start


def _in_process(checkout: Path, path: Path, repeat: int) -> dict[str, float | str]:
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(repeat)], cwd=checkout, env=_env(checkout),
                          capture_output=True, text=True, check=True)
    out = json.loads(done.stdout)
    out["ratio"] = out["validate_s"] / out["calamine_s"]
    return out


def _check_alone(path: Path, repeat: int) -> dict[str, float]:
    import python_calamine as pc

    from xltools.excel.limits import DEFAULT as LIMITS
    from xltools.excel.package import check_package
    from xltools.excel.read import NO_INPUT

    data = path.read_bytes()

    def raw() -> None:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        [wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names]

    def check() -> None:
        check_package(zipfile.ZipFile(io.BytesIO(data)), data, LIMITS, NO_INPUT)

    rt, ct = [], []
    for _ in range(repeat):
        for fn, acc in ((raw, rt), (check, ct)):
            t = time.perf_counter()
            fn()
            acc.append(time.perf_counter() - t)
    return {"calamine_s": statistics.median(rt), "check_s": statistics.median(ct),
            "ratio": statistics.median(ct) / statistics.median(rt)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", type=Path, default=DEFAULT)
    ap.add_argument("--before", type=Path, default=None, help="a checkout of the code before the change")
    ap.add_argument("--repeat", type=int, default=200, help="in-process repetitions (processes: a tenth)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "limits.json")
    args = ap.parse_args()
    path = args.file.resolve()
    checkouts = {"efter": ROOT, **({"före": args.before.resolve()} if args.before else {})}
    for checkout in checkouts.values():  # both start from compiled modules (PYTHONDONTWRITEBYTECODE may be set)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(checkout / "xltools")], check=True,
                       capture_output=True)
    res: dict[str, object] = {"file": path.name, "bytes": path.stat().st_size, "repeat": args.repeat,
                              "package_check": _check_alone(path, args.repeat)}
    procs = max(5, args.repeat // 10)
    timing: dict[str, dict[str, list[float]]] = {k: {"validate": [], "calamine": []} for k in checkouts}
    for _ in range(procs):  # alternately: before, after, each against its own raw-read process
        for label, checkout in checkouts.items():
            timing[label]["calamine"].append(_timed([sys.executable, "-c", RAW_PROCESS, str(path)], checkout))
            timing[label]["validate"].append(_timed([sys.executable, "-m", "xltools", "validate", "--no-cache",
                                                     "--config", "config", str(path)], checkout))
    for label, checkout in checkouts.items():
        inp = _in_process(checkout, path, args.repeat)
        v, c = statistics.median(timing[label]["validate"]), statistics.median(timing[label]["calamine"])
        res[label] = {"in_process": inp, "process_validate_s": v, "process_calamine_s": c, "process_ratio": v / c}
    pc = res["package_check"]
    print(f"Fil: {path.name} ({res['bytes'] / 1024:.0f} kB); {args.repeat} upprepningar i processen, {procs} processer")
    print(f"  paketkontrollen ensam: {pc['check_s'] * 1e3:.2f} ms = {pc['ratio']:.2f} x en calamine-läsning "  # type: ignore[index]
          f"({pc['calamine_s'] * 1e3:.2f} ms)")  # type: ignore[index]
    for label in checkouts:
        r = res[label]
        ip = r["in_process"]  # type: ignore[index]
        print(f"  {label:>5}: validering i processen {ip['validate_s'] * 1e3:.2f} ms = {ip['ratio']:.2f} x calamine; "
              f"process {r['process_validate_s'] * 1e3:.0f} ms = {r['process_ratio']:.2f} x en calamine-process")  # type: ignore[index]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Resultat: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
