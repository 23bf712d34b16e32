"""Run corpus cases through the real command line, one child process per command, fenced in.

Every child gets a wall-clock timeout (Expect.seconds) and resource limits set in the child before
it starts (address space, CPU time, file size, no core files), so a case that would hang or eat
memory today ends as a failed expectation, never as a stuck or exhausted machine. Cases run in
parallel (a thread per case waiting on its children); builders run in the test process.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from support.hostile.model import Built, Case, Context, Expect, Run

ROOT = Path(__file__).resolve().parents[3]
GIB = 1 << 30
# Limits of every child: above what a real run needs (kommunplan on the examples runs within 0.7 GB of
# address space), far below the machine's; a memory bomb fails fast instead of eating the machine.
LIMITS = {"RLIMIT_AS": 1 * GIB, "RLIMIT_FSIZE": 1 * GIB, "RLIMIT_CORE": 0}
GOOD = "internhyror-tn-2027.xlsx"  # a valid workbook validated beside each hostile file


def make_context(root: Path) -> Context:
    """The project's examples, written by the CLI (planning and follow-ups in parallel)."""
    root.mkdir(parents=True, exist_ok=True)
    config_dir = ROOT / "config"
    planering, uppfoljning = root / "planering", root / "uppfoljning"
    jobs = [subprocess.Popen([sys.executable, "-m", "xltools", "exempel", "--config", str(config_dir), "--out", str(out),
                              *flags], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for out, flags in ((planering, ()), (uppfoljning, ("--uppfoljning",)))]
    for job in jobs:
        _, err = job.communicate(timeout=120)
        if job.returncode != 0:
            raise RuntimeError(f"xltools exempel misslyckades: {err}")
    return Context(root, config_dir, planering, uppfoljning)


def _limiter(limits: dict[str, int], cpu: int):  # noqa: ANN202 - a preexec_fn
    pairs = [(getattr(resource, name), value) for name, value in limits.items()]
    pairs.append((resource.RLIMIT_CPU, cpu))
    setrlimit = resource.setrlimit

    def apply() -> None:  # runs in the child between fork and exec: no imports, no allocation to speak of
        for which, value in pairs:
            setrlimit(which, (value, value))

    return apply


def _env(built: Built, case_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
    env.update({"XLTOOLS_CACHE": str(case_dir / "cache"), "PYTHONIOENCODING": "utf-8", "COLUMNS": "200",
                "NO_COLOR": "1"})
    env.update(built.env)
    return env


def execute(argv: list[str], cwd: Path, env: dict[str, str], seconds: float,
            limits: dict[str, int]) -> tuple[int | None, str, str, float]:
    """Run `python -m xltools argv` fenced in; (exit code or None on timeout, stdout, stderr, seconds)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "xltools", *argv], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_limiter(limits, int(seconds) + 5), start_new_session=True)
    try:
        out, err = proc.communicate(timeout=seconds)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)  # the child and any workers it started (its own session)
        out, err = proc.communicate()
        code = None
    return (code, out.decode("utf-8", "replace")[:200_000], err.decode("utf-8", "replace")[:200_000],
            time.perf_counter() - start)


def _snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def argv(expect: Expect, built: Built, ctx: Context, case_dir: Path, out: Path | None,
         extra: tuple[str, ...] | None = None) -> list[str]:
    """The command line of one expectation (without `python -m xltools`); `extra` replaces the case's extra options."""
    config = ["--config", str(built.config or ctx.config_dir)]
    inbox = built.inbox
    cache = ["--no-cache"] if "XLTOOLS_CACHE" not in built.env else []
    extra = list(built.argv_extra.get(expect.command, ()) if extra is None else extra)
    if expect.command == "validate":
        return ["validate", str(built.file), str(case_dir / GOOD), *config, *cache, *extra]
    if expect.command == "validate-folder":
        return ["validate", str(inbox), *config, *cache, *extra]
    if expect.command == "annotate":
        return ["validate", str(inbox or built.file), "--annotate", str(out), *config, *cache, *extra]
    if expect.command == "kommunplan":
        return ["kommunplan", str(inbox), "--out", str(out), *config, *cache,
                *(["--latest"] if expect.latest else []), *extra]
    if expect.command == "rapport":
        return ["uppfoljning", "rapport", str(inbox), "--period", str(built.period), "--out", str(out), *config,
                *cache, *extra]
    if expect.command == "config":
        return ["config", "check", *config, *extra]
    raise ValueError(expect.command)


def run_expect(expect: Expect, built: Built, ctx: Context, case_dir: Path) -> Run:
    out = case_dir / f"ut-{expect.command}" if expect.command in ("annotate", "kommunplan", "rapport") else None
    env = _env(built, case_dir)
    before = None
    if expect.command in built.previous:  # an earlier, ordinary run of the same command
        prev = argv(expect, built, ctx, case_dir, out, extra=built.previous[expect.command])
        code, so, se, _ = execute(prev, case_dir, env, 120, LIMITS)
        if code not in (0, 1, 2):
            raise RuntimeError(f"den tidigare körningen misslyckades ({code}): {so[-500:]}{se[-500:]}")
        before = _snapshot(out) if out is not None else None
        time.sleep(1.1)  # the case's outputs are newer than these (file times have 1 s steps on some systems)
    if built.between is not None:
        built.between(case_dir)
    args = argv(expect, built, ctx, case_dir, out)
    json_args = args + ["--format", "json"] if args[0] == "validate" else args
    started = time.time()
    limits = {**LIMITS, **built.limits}
    code, so, se, secs = execute(json_args, case_dir, env, expect.seconds, limits)
    run = Run(expect, json_args, code, so, se, secs, out, before, started=started)
    if args[0] == "validate":
        try:
            run.report = json.loads(so)
        except ValueError:
            run.report = None
        if expect.text and code is not None:  # a run that hung once is not waited for twice
            tcode, tso, tse, tsecs = execute(args + ["--format", "text"], case_dir, env, expect.seconds, limits)
            run.text = Run(expect, args + ["--format", "text"], tcode, tso, tse, tsecs, None, None, started=started)
    return run


def prepare(case: Case, ctx: Context, case_dir: Path) -> Built:
    """Build the case's input in its own folder, beside a copy of the valid companion workbook."""
    case_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ctx.planering / GOOD, case_dir / GOOD)
    return case.build(case_dir, ctx)


def run_case(case: Case, ctx: Context, case_dir: Path) -> tuple[Built | None, list[Run], str | None]:
    """(what was built, one Run per expectation, a build error's traceback or None)."""
    try:
        built = prepare(case, ctx, case_dir)
    except Exception:
        return None, [], traceback.format_exc()
    return built, [run_expect(e, built, ctx, case_dir) for e in case.expect], None


def run_all(cases: Iterable[Case], ctx: Context, root: Path,
            workers: int | None = None) -> dict[str, tuple[Built | None, list[Run], str | None]]:
    """Every case, in parallel (children wait on I/O or hang until their timeout, so more than the cores)."""
    cases = list(cases)
    workers = workers or max(6, 3 * (os.cpu_count() or 2))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {c.id: pool.submit(run_case, c, ctx, root / c.id) for c in cases}
        return {cid: f.result() for cid, f in futures.items()}


def scratch(prefix: str = "xltools-korpus-") -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))
