"""Benchmark: a synthetic large kommun, generated reproducibly from a seed, validated and consolidated.

Measured in one run (medians over --repeat repetitions; wall time and peak memory of whole
processes, memory as the largest sum of PSS over the process and its workers):
  one typical workbook (a driftbudget of median size):
    python-calamine reading every sheet (the baseline), validation in this process,
    openpyxl loading it, `xltools validate FILE` as a process, python + calamine as a process;
  the whole kommun, at two sizes (--small, --large workbooks) to show linear growth:
    the sum of raw python-calamine reads of all files (in one process),
    `xltools validate DIR` (automatic number of processes, and --jobs 1) without the cache,
    and again with it warm (a re-run where no file has changed),
    `xltools kommunplan DIR --out OUT` without and with a warm cache,
    the kommunplan's phases inside one process (phases.py): consolidation and reports;
  `xltools templates generate` for the whole large kommun.
Prints a table with the ratios the targets are stated in and writes benchmarks/results/scale.json
(scale-quick.json with --quick). The synthetic kommun is cached under --work (see synthetic.py).

Usage: .venv/bin/python benchmarks/bench_scale.py [--seed 2027] [--small 250] [--large 1000]
       [--repeat 3] [--quick] [--profile] [--work DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402

from xltools.pool import cores  # noqa: E402

DOCS_PER_NAMND = len(synthetic.DOCS)
TARGETS = {
    "in_process_ratio": 2.0,  # in-process validation of one workbook / raw calamine read of it
    "validate_process_s": 0.5,  # `xltools validate one.xlsx` as a process
    "kommunplan_wall_s": 60.0,  # consolidation of ~1 000 workbooks
    "kommunplan_peak_mb": 1536.0,
    "kommunplan_vs_raw": 1.5,  # consolidation wall / (sum of raw reads / cores used)
    "linear": 1.25,  # (t_large / t_small) / (n_large / n_small), at most
}


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def raw_read(path: Path) -> None:
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python(skip_empty_area=False)


# ---------------------------------------------------------------------------- processes
def _tree(pid: int) -> list[int]:
    """A process and its descendants (Linux /proc); just the process elsewhere."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return out


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of a process in kB, (0, 0) when it is gone or /proc is missing."""
    pss = rss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith("Rss:"):
                rss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return pss, rss


def run_measured(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a command; wall time, exit code and peak memory of its process tree (sampled every 20 ms)."""
    peak = {"pss": 0, "rss": 0}
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT,
                                env={**os.environ, **(env or {})})
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                mem = [_memory_kb(p) for p in _tree(proc.pid)]
                peak["pss"] = max(peak["pss"], sum(m[0] for m in mem))
                peak["rss"] = max(peak["rss"], sum(m[1] for m in mem))
                stop.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        rc = proc.wait()
        wall = time.perf_counter() - t
        stop.set()
        sampler.join()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return {"wall_s": wall, "rc": rc, "peak_pss_mb": peak["pss"] / 1024, "peak_rss_mb": peak["rss"] / 1024,
            "stderr": stderr[-2000:]}


def measured_median(cmd: list[str], repeat: int, ok: tuple[int, ...] = (0, 1),
                    env: dict[str, str] | None = None) -> dict[str, Any]:
    runs = [run_measured(cmd, env) for _ in range(repeat)]
    bad = [r for r in runs if r["rc"] not in ok]
    if bad:
        print(f"  VARNING: {' '.join(cmd[:3])} … gav kod {bad[0]['rc']}:\n{bad[0]['stderr']}", file=sys.stderr)
    return {"wall_s": statistics.median(r["wall_s"] for r in runs), "wall_s_all": [r["wall_s"] for r in runs],
            "peak_pss_mb": max(r["peak_pss_mb"] for r in runs), "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
            "rc": runs[-1]["rc"]}


def xltools_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "xltools"
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from xltools.cli import main; main()"]


def has_command(name: str) -> bool:
    res = subprocess.run([*xltools_cmd(), name, "--help"], capture_output=True, cwd=ROOT, check=False)
    return res.returncode == 0


# ---------------------------------------------------------------------------- the measurements
def bench_one(path: Path, config_dir: Path, repeat: int) -> dict[str, Any]:
    import openpyxl

    from xltools.config import load_config
    from xltools.validate import validate_paths

    config, errors = load_config(config_dir)
    assert config is not None, errors

    def in_process() -> None:
        report, _ = validate_paths([path], config, jobs=1)
        assert not report.files[0].unreadable

    in_process()
    raw_proc = [sys.executable, "-c", f"import python_calamine as pc; wb = pc.CalamineWorkbook.from_path({str(path)!r}); "
                "[wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names]"]
    few = max(3, repeat // 10)
    raw_t, val_t = [], []
    for _ in range(repeat):  # alternately, so that a busy moment on the machine hits both alike
        raw_t.append(median_time(lambda: raw_read(path), 1))
        val_t.append(median_time(in_process, 1))
    res = {
        "file": path.name, "bytes": path.stat().st_size, "repeat": repeat,
        "calamine_read_s": statistics.median(raw_t),
        "validate_in_process_s": statistics.median(val_t),
        "openpyxl_load_s": median_time(lambda: openpyxl.load_workbook(path), few),
        "calamine_process_s": median_time(lambda: subprocess.run(raw_proc, capture_output=True, check=True), few),
        "validate_process_s": median_time(lambda: subprocess.run(
            [*xltools_cmd(), "validate", "--no-cache", "--config", str(config_dir), str(path)], capture_output=True,
            check=False), few),
    }
    res["ratio_in_process_vs_calamine"] = res["validate_in_process_s"] / res["calamine_read_s"]
    return res


def bench_kommun(label: str, config_dir: Path, inkorg: Path, files: list[Path], repeat: int, n_cores: int,
                 kommunplan: bool, work: Path) -> dict[str, Any]:
    print(f"  {label}: {len(files)} arbetsböcker …", flush=True)
    raw_sum = median_time(lambda: [raw_read(f) for f in files], repeat)
    x = xltools_cmd()
    res: dict[str, Any] = {"files": len(files), "namnder": len(files) // DOCS_PER_NAMND, "raw_read_sum_s": raw_sum,
                           "cores": n_cores}
    cache = work / f"cache-{label}"
    shutil.rmtree(cache, ignore_errors=True)
    env = {"XLTOOLS_CACHE": str(cache)}
    validate = [*x, "validate", "--config", str(config_dir), "--format", "json", str(inkorg)]
    res["validate"] = measured_median([*validate, "--no-cache"], repeat, env=env)
    res["validate_jobs1"] = measured_median([*validate, "--no-cache", "--jobs", "1"], repeat, env=env)
    run_measured(validate, env)  # fills the cache
    res["validate_warm"] = measured_median(validate, repeat, env=env)
    if kommunplan:
        out = work / f"kommunplan-{label}"
        plan = [*x, "kommunplan", "--config", str(config_dir), "--out", str(out), str(inkorg)]
        res["kommunplan"] = measured_median([*plan, "--no-cache"], repeat, env=env)
        res["kommunplan_warm"] = measured_median(plan, repeat, env=env)  # the cache is warm from validate
        runs = []
        for _ in range(repeat):
            shutil.rmtree(work / f"faser-{label}", ignore_errors=True)
            done = subprocess.run([sys.executable, str(HERE / "phases.py"), str(config_dir), str(inkorg),
                                   str(work / f"faser-{label}"), str(work / f"faser-cache-{label}")],
                                  capture_output=True, text=True, check=True, cwd=ROOT)
            runs.append(json.loads(done.stdout))
        res["phases"] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    shutil.rmtree(cache, ignore_errors=True)
    return res


def bench_templates(config_dir: Path, work: Path) -> dict[str, Any]:
    out = work / "mallar"
    shutil.rmtree(out, ignore_errors=True)
    res = run_measured([*xltools_cmd(), "templates", "generate", "--config", str(config_dir), "--out", str(out)])
    res["templates"] = len(list(out.glob("*.xlsx")))
    res.pop("stderr")
    shutil.rmtree(out, ignore_errors=True)
    return res


def profile_kommunplan(config_dir: Path, inkorg: Path, work: Path, target: Path) -> None:
    """cProfile of `xltools kommunplan` in this process (its validation workers are not profiled)."""
    import contextlib
    import cProfile
    import io
    import pstats

    from xltools.cli import cli

    prof = cProfile.Profile()
    args = ["kommunplan", "--config", str(config_dir), "--out", str(work / "kommunplan-profil"), str(inkorg)]
    with contextlib.redirect_stdout(io.StringIO()):
        prof.enable()
        try:
            cli.main(args, prog_name="xltools", standalone_mode=False)
        except SystemExit:  # the command ends with its exit code
            pass
        finally:
            prof.disable()
    buf = io.StringIO()
    buf.write("# xltools kommunplan, profil i en process (valideringens arbetsprocesser syns inte)\n")
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)
    target.write_text(buf.getvalue().replace(str(ROOT) + "/", ""), encoding="utf-8")


# ---------------------------------------------------------------------------- report
def linearity(small: float, large: float, n_small: int, n_large: int) -> dict[str, float]:
    per = (large - small) / (n_large - n_small)
    return {"ratio": (large / small) / (n_large / n_small), "per_file_ms": per * 1000, "fixed_s": small - per * n_small}


def verdict(ok: bool) -> str:
    return "uppfyllt" if ok else "EJ uppfyllt"


def report(res: dict[str, Any]) -> list[str]:
    one, small, large = res["one"], res["kommun"]["small"], res["kommun"]["large"]
    n_cores = res["machine"]["cores"]
    lines = [f"Maskin: {n_cores} kärnor, Python {res['machine']['python']}, belastning före/efter "
             f"{res['machine']['load_before']} / {res['machine']['load_after']}",
             f"Syntetisk kommun (frö {res['params']['seed']}): {small['namnder']} resp. {large['namnder']} nämnder × "
             f"{DOCS_PER_NAMND} dokument; medianer av {res['params']['repeat']} körningar.", "",
             f"En typisk arbetsbok: {one['file']} ({one['bytes'] / 1024:.0f} kB)"]
    rows = [("python-calamine läser alla blad (baslinje)", one["calamine_read_s"], 1.0),
            ("validering i processen (läsning + regler)", one["validate_in_process_s"], one["ratio_in_process_vs_calamine"]),
            ("openpyxl laddar filen", one["openpyxl_load_s"], one["openpyxl_load_s"] / one["calamine_read_s"]),
            ("process: python + calamine-läsning", one["calamine_process_s"], None),
            ("process: xltools validate FIL", one["validate_process_s"], one["validate_process_s"] / one["calamine_process_s"])]
    lines += [f"  {label:<48} {s * 1000:9.1f} ms" + (f"  {r:6.2f}×" if r is not None else "") for label, s, r in rows]
    lines += ["", f"Hela kommunen ({n_cores} kärnor){'':<24} {'liten':>18} {'stor':>18}   stor/liten per fil"]

    def row(label: str, key: Callable[[dict[str, Any]], float | None], unit: str = "s") -> None:
        a, b = key(small), key(large)
        if a is None or b is None:
            lines.append(f"  {label:<46} {'–':>18} {'–':>18}")
            return
        lin = (b / a) / (large["files"] / small["files"]) if unit == "s" else None
        fmt = (lambda v: f"{v:8.2f} s") if unit == "s" else (lambda v: f"{v:8.0f} MB")
        lines.append(f"  {label:<46} {fmt(a):>18} {fmt(b):>18}" + (f"   {lin:5.2f}" if lin is not None else ""))

    kp = "kommunplan" in large
    row(f"summa råa calamine-läsningar ({small['files']}/{large['files']})", lambda k: k["raw_read_sum_s"])
    row("xltools validate MAPP (auto)", lambda k: k["validate"]["wall_s"])
    row("xltools validate MAPP --jobs 1", lambda k: k["validate_jobs1"]["wall_s"])
    row("  toppminne (PSS), auto", lambda k: k["validate"]["peak_pss_mb"], "mb")
    row("  omkörning, inget ändrat (cache)", lambda k: k["validate_warm"]["wall_s"])
    row("xltools kommunplan MAPP", lambda k: k["kommunplan"]["wall_s"] if kp else None)
    row("  toppminne (PSS)", lambda k: k["kommunplan"]["peak_pss_mb"] if kp else None, "mb")
    row("  omkörning, inget ändrat (cache)", lambda k: k["kommunplan_warm"]["wall_s"] if kp else None)
    if kp:
        lines.append("  kommunplan i faser (i en process):")
        row("    import + konfiguration", lambda k: k["phases"]["import_s"] + k["phases"]["config_s"])
        row("    sammanställning (läs, validera, summera)", lambda k: k["phases"]["build_cold_s"])
        row("    sammanställning, omkörning (cache)", lambda k: k["phases"]["build_warm_s"])
        row("    arbetsboken (xlsx)", lambda k: k["phases"]["xlsx_s"])
        row("    JSON + bilagor (html)", lambda k: k["phases"]["json_s"] + k["phases"]["html_s"])
    t = res.get("templates")
    if t:
        lines.append(f"  xltools templates generate ({t['templates']} mallar, en per nämnd och dokument): {t['wall_s']:.1f} s, "
                     f"toppminne {t['peak_pss_mb']:.0f} MB")
    lines += ["", "Mål"]
    for name, target in res["targets"].items():
        lines.append(f"  {name:<60} {target['measured']:>10} (mål {target['target']}): {verdict(target['ok'])}")
    return lines


def targets(res: dict[str, Any]) -> dict[str, dict[str, Any]]:
    one, small, large = res["one"], res["kommun"]["small"], res["kommun"]["large"]
    n_cores = res["machine"]["cores"]
    out: dict[str, dict[str, Any]] = {}

    def add(name: str, measured: float, target: float, fmt: str) -> None:
        out[name] = {"measured": fmt.format(measured), "target": fmt.format(target), "value": measured,
                     "ok": measured <= target}

    add("validering i processen / rå calamine-läsning (en arbetsbok)", one["ratio_in_process_vs_calamine"],
        TARGETS["in_process_ratio"], "{:.2f}×")
    add("xltools validate en.xlsx som process", one["validate_process_s"], TARGETS["validate_process_s"], "{:.2f} s")
    lin_v = linearity(small["validate"]["wall_s"], large["validate"]["wall_s"], small["files"], large["files"])
    add("validate MAPP: tid stor/liten per fil (linjär tillväxt)", lin_v["ratio"], TARGETS["linear"], "{:.2f}")
    if "kommunplan" in large:
        kp = large["kommunplan"]
        add(f"kommunplan {large['files']} arbetsböcker: väggtid", kp["wall_s"], TARGETS["kommunplan_wall_s"], "{:.1f} s")
        add(f"kommunplan {large['files']} arbetsböcker: toppminne (PSS)", kp["peak_pss_mb"],
            TARGETS["kommunplan_peak_mb"], "{:.0f} MB")
        per_core = large["raw_read_sum_s"] / n_cores
        ph = large["phases"]
        add(f"kommunplan / (summa råa läsningar / {n_cores} kärnor)", kp["wall_s"] / per_core,
            TARGETS["kommunplan_vs_raw"], "{:.2f}×")
        add("  d:o, omkörning med cache", large["kommunplan_warm"]["wall_s"] / per_core,
            TARGETS["kommunplan_vs_raw"], "{:.2f}×")
        add("  sammanställningen (utan rapporter) / d:o", ph["build_cold_s"] / per_core,
            TARGETS["kommunplan_vs_raw"], "{:.2f}×")
        add("  sammanställningen, omkörning med cache / d:o", ph["build_warm_s"] / per_core,
            TARGETS["kommunplan_vs_raw"], "{:.2f}×")
        lin_k = linearity(small["kommunplan"]["wall_s"], kp["wall_s"], small["files"], large["files"])
        add("kommunplan: tid stor/liten per fil (linjär tillväxt)", lin_k["ratio"], TARGETS["linear"], "{:.2f}")
    return out


# ---------------------------------------------------------------------------- main
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=2027, help="frö för den syntetiska kommunen")
    ap.add_argument("--small", type=int, default=250, help="antal arbetsböcker, liten kommun")
    ap.add_argument("--large", type=int, default=1000, help="antal arbetsböcker, stor kommun")
    ap.add_argument("--repeat", type=int, default=3, help="upprepningar per mätning (median)")
    ap.add_argument("--quick", action="store_true", help="snabbkörning (under en minut): 70 och 280 arbetsböcker, 1 upprepning")
    ap.add_argument("--profile", action="store_true", help="profilera kommunplan (stora kommunen) till results/")
    ap.add_argument("--no-templates", action="store_true", help="hoppa över mallgenereringen")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "xltools-bench",
                    help="arbetsmapp för den genererade kommunen (återanvänds)")
    ap.add_argument("--out", type=Path, default=None, help="JSON-resultat (standard: benchmarks/results/scale.json)")
    args = ap.parse_args()
    if args.quick:
        args.small, args.large, args.repeat = 70, 280, 1
    out = args.out or HERE / "results" / ("scale-quick.json" if args.quick else "scale.json")
    n_cores = cores()
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    started = time.perf_counter()

    print(f"Genererar syntetisk kommun (frö {args.seed}) i {args.work} …", flush=True)
    kommuner = {}
    t = time.perf_counter()
    for size, n in (("small", args.small), ("large", args.large)):
        namnder = max(2, round(n / DOCS_PER_NAMND))
        kommuner[size] = synthetic.make_kommun(args.seed, namnder, args.work / f"seed{args.seed}-{namnder}",
                                               jobs=n_cores, log=lambda m: print(m, flush=True))
    generation_s = time.perf_counter() - t

    large_cfg, large_inkorg, large_files = kommuner["large"]
    drift = sorted((f for f in large_files if f.name.startswith("driftbudget-")), key=lambda f: f.stat().st_size)
    typical = drift[len(drift) // 2]
    print(f"En typisk arbetsbok ({typical.name}) …", flush=True)
    one = bench_one(typical, large_cfg, max(30, args.repeat * 20))

    kommunplan = has_command("kommunplan")
    if not kommunplan:
        print("  (kommandot `xltools kommunplan` finns inte ännu; sammanställningen mäts inte)", flush=True)
    print("Hela kommunen …", flush=True)
    work = args.work / "out"
    kommun = {size: bench_kommun("liten" if size == "small" else "stor", cfg, inkorg, files, args.repeat, n_cores,
                                 kommunplan, work)
              for size, (cfg, inkorg, files) in kommuner.items()}
    res: dict[str, Any] = {
        "when": dt.datetime.now().replace(microsecond=0).isoformat(),
        "machine": {"cores": n_cores, "python": platform.python_version(), "platform": platform.platform(),
                    "load_before": [round(x, 2) for x in load_before] if load_before else None},
        "params": {"seed": args.seed, "small": args.small, "large": args.large, "repeat": args.repeat,
                   "quick": args.quick, "docs_per_namnd": DOCS_PER_NAMND},
        "generation_s": generation_s, "one": one, "kommun": kommun,
    }
    if not args.no_templates:
        print("Mallgenerering för hela kommunen …", flush=True)
        res["templates"] = bench_templates(kommuner["small" if args.quick else "large"][0], work)
    res["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()] if load_before else None
    res["targets"] = targets(res)
    res["linearity"] = {key: linearity(kommun["small"][key]["wall_s"], kommun["large"][key]["wall_s"],
                                       kommun["small"]["files"], kommun["large"]["files"])
                        for key in ("validate", "validate_jobs1", "validate_warm", "kommunplan", "kommunplan_warm")
                        if key in kommun["large"]}
    res["total_s"] = time.perf_counter() - started
    print()
    print("\n".join(report(res)))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nResultat: {out} (hela körningen {res['total_s']:.0f} s)")
    if args.profile and kommunplan:
        profile = out.with_name("kommunplan-profil.txt")
        print("Profilerar kommunplan (stora kommunen) …", flush=True)
        profile_kommunplan(large_cfg, large_inkorg, work, profile)
        print(f"Profil: {profile}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
