"""Benchmark: the inkorg against the issue's targets, on the synthetic kommun of bench_scale.py.

Measured in one run, as whole processes, alternating so that drift on the machine hits both sides:
  `xltools inkorg ta-emot DIR` receiving the large kommun's ~1 000 workbooks into a new archive and
  SQLite ledger, against
  `xltools validate DIR --no-cache` on the same files (target: receive <= 1.5 x validate);
  the status of the budget year on a ledger of 10 000 submissions, in this process and as
  `xltools status` (target: <= 1 s);
  `xltools validate FILE` for one workbook against a process that only reads it with calamine
  (the start-up: the database libraries are not imported, so the ratio stays as in scale.json).
Writes benchmarks/results/inkorg.json.

Usage: .venv/bin/python benchmarks/bench_inkorg.py [--repeat 3] [--namnder 143] [--work DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_scale  # noqa: E402
import synthetic  # noqa: E402


def measured(cmd: list[str]) -> dict[str, float]:
    """bench_scale.run_measured plus the CPU time (user + sys) of the process and its workers: less
    sensitive than wall time to other load on a shared machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    got = bench_scale.run_measured(cmd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    got["cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return got


def fill_ledger(config_dir: Path, folder: Path, n: int) -> int:
    """A ledger of about n submissions: every nämnd's seven documents in n / (nämnder x 7) versions."""
    from xltools.config import load_config
    from xltools.forms import PLANNING
    from xltools.inkorg.identity import Identity
    from xltools.inkorg.ledger import NewEntry
    from xltools.inkorg.receive import Inkorg

    config, _ = load_config(config_dir)
    assert config is not None
    namnder = config.namnd_ids
    versions = max(1, round(n / (len(namnder) * len(PLANNING))))
    t0 = dt.datetime(2026, 1, 10, 8)
    entries = []
    for v in range(versions):
        for i, namnd in enumerate(namnder):
            for j, form in enumerate(PLANNING):
                sha = hashlib.sha256(f"{namnd}{form.doc_type}{v}".encode()).hexdigest()
                valid = (i + j + v) % 5 != 0
                entries.append(NewEntry(
                    sha, f"{sha[:2]}/{sha}.xlsx", 20000, t0 + dt.timedelta(hours=v * 200 + i), "bench", "fil",
                    f"{form.doc_type}-{namnd}.xlsx", f"{form.doc_type}-{namnd}.xlsx", None,
                    Identity(config.kommun.kommunkod, namnd, form.doc_type, config.planering.budgetar,
                             str(config.planering.budgetar)), None, True, valid, 0 if valid else 3, 1,
                    [] if valid else [{"rule": "EKO-1", "severity": "fel", "sheet": "Driftbudget", "cell": "D7",
                                       "message": "Nettokostnaden överstiger ramen."}] * 3))
    with Inkorg(folder) as ik:
        for k in range(0, len(entries), 1000):
            ik.ledger.add(entries[k:k + 1000])
        return len(ik.ledger.entries())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--namnder", type=int, default=143, help="nämnder i den syntetiska kommunen (x 7 arbetsböcker)")
    ap.add_argument("--seed", type=int, default=2027)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "xltools-bench")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "inkorg.json")
    args = ap.parse_args()
    load_before = os.getloadavg()
    config_dir, inkorg, files = synthetic.make_kommun(args.seed, args.namnder,
                                                      args.work / f"seed{args.seed}-{args.namnder}",
                                                      jobs=bench_scale.cores(), log=print)
    print(f"Ta emot {len(files)} arbetsböcker mot validate (växelvis, {args.repeat} gånger) …", flush=True)
    recv, val = [], []
    for _ in range(args.repeat):
        val.append(measured([*bench_scale.xltools_cmd(), "validate", str(inkorg), "--no-cache",
                                             "--config", str(config_dir)]))
        target = Path(tempfile.mkdtemp(prefix="xltools-inkorg-bench-"))
        try:
            recv.append(measured([*bench_scale.xltools_cmd(), "inkorg", "ta-emot", str(inkorg),
                                                  "--config", str(config_dir), "--inkorg", str(target / "inkorg")]))
        finally:
            shutil.rmtree(target, ignore_errors=True)
    bad = [r for r in recv if r["rc"] not in (0, 1)]
    if bad:
        print(bad[0]["stderr"], file=sys.stderr)
        return 1
    receive_s = statistics.median(r["wall_s"] for r in recv)
    validate_s = statistics.median(r["wall_s"] for r in val)
    receive_cpu = statistics.median(r["cpu_s"] for r in recv)
    validate_cpu = statistics.median(r["cpu_s"] for r in val)

    print("Status på en liggare med 10 000 inlämningar …", flush=True)
    ledger_dir = Path(tempfile.mkdtemp(prefix="xltools-inkorg-status-"))
    try:
        n = fill_ledger(config_dir, ledger_dir / "inkorg", 10_000)
        from xltools.config import load_config
        from xltools.inkorg import status as st
        from xltools.inkorg.receive import Inkorg

        config, _ = load_config(config_dir)
        in_process = []
        with Inkorg(ledger_dir / "inkorg") as ik:
            for _ in range(10):
                t = time.perf_counter()
                day = dt.date(2026, 10, 1)
                rows = ik.ledger.status_rows(config.planering.budgetar, st.documents_due(config, None), None,
                                             dt.datetime.combine(day, dt.time.max))
                st.compute(config, rows, day)
                in_process.append(time.perf_counter() - t)
        proc = [bench_scale.run_measured([*bench_scale.xltools_cmd(), "status", "--config", str(config_dir), "--inkorg",
                                          str(ledger_dir / "inkorg"), "--datum", "2026-10-01"])
                for _ in range(max(3, args.repeat))]
    finally:
        shutil.rmtree(ledger_dir, ignore_errors=True)
    status_s = statistics.median(in_process)
    status_proc_s = statistics.median(r["wall_s"] for r in proc)

    drift = sorted((f for f in files if f.name.startswith("driftbudget-")), key=lambda f: f.stat().st_size)
    print("Start av `xltools validate FIL` …", flush=True)
    one = bench_scale.bench_one(drift[len(drift) // 2], config_dir, 20)
    startup_ratio = one["validate_process_s"] / one["calamine_process_s"]

    res = {
        "when": dt.datetime.now().replace(microsecond=0).isoformat(),
        "machine": {"cores": bench_scale.cores(), "load_before": [round(x, 2) for x in load_before],
                    "load_after": [round(x, 2) for x in os.getloadavg()]},
        "files": len(files),
        "receive_s": receive_s, "receive_s_all": [r["wall_s"] for r in recv],
        "receive_peak_pss_mb": max(r["peak_pss_mb"] for r in recv),
        "validate_s": validate_s, "validate_s_all": [r["wall_s"] for r in val],
        "ratio_receive_vs_validate": receive_s / validate_s,
        "receive_cpu_s": receive_cpu, "validate_cpu_s": validate_cpu, "ratio_cpu": receive_cpu / validate_cpu,
        "status_entries": n, "status_in_process_s": status_s, "status_process_s": status_proc_s,
        "validate_one_process_s": one["validate_process_s"], "calamine_one_process_s": one["calamine_process_s"],
        "ratio_validate_one_vs_calamine_process": startup_ratio,
        "targets": {"receive <= 1.5 x validate": receive_s / validate_s <= 1.5,
                    "status (process) <= 1 s": status_proc_s <= 1.0},
    }
    print(f"\nTa emot {len(files)} arbetsböcker:  {receive_s:6.2f} s   validate: {validate_s:6.2f} s   "
          f"kvot {receive_s / validate_s:.2f} (mål ≤ 1,5)")
    print(f"  processortid (med arbetsprocesser): {receive_cpu:.2f} s mot {validate_cpu:.2f} s, kvot "
          f"{receive_cpu / validate_cpu:.2f}")
    print(f"Status, {n} inlämningar:     {status_s * 1000:6.0f} ms i processen, {status_proc_s:.2f} s som process "
          "(mål ≤ 1 s)")
    print(f"validate en fil som process: {one['validate_process_s']:.3f} s = "
          f"{startup_ratio:.1f} × calamine-processen ({one['calamine_process_s']:.3f} s)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Resultat: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
