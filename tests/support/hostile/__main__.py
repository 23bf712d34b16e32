"""Characterise today's behaviour on the corpus: `cd tests && python -m support.hostile OUT.md [CASE-ID ...]`.

Runs every case (or the named ones) like the test does and writes a Markdown table: per case and
command, the exit code, whether a traceback reached the user, the first message about the hostile
file, and what issue 12 requires; then what is still missing (the checks that fail).
"""

from __future__ import annotations

import shutil
import sys
import time
from collections import Counter
from pathlib import Path

from support.hostile import CASES, CLASSES
from support.hostile.checks import RUST_PANIC, TRACEBACK, problems, shown_name
from support.hostile.model import Built, Run
from support.hostile.runner import make_context, run_all, scratch


def _cell(text: str, limit: int = 160) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message(run: Run, built: Built | None) -> str:
    """The first finding on the hostile file (validate), or the line of output that names it."""
    if run.report is not None and built is not None:
        for f in run.report.get("files", []):
            if Path(f["file"]) == built.file and f["findings"]:
                x = f["findings"][0]
                place = " " + "!".join(p for p in (x.get("sheet"), x.get("cell")) if p)
                return f"{x['rule']} {x['severity']}{place.rstrip()}: {x['message']}"
            if Path(f["file"]) == built.file:
                return "inga fynd (godkänd)"
        if built.file.suffix and run.expect.named:
            return f"{built.file.name} saknas i rapporten (hoppades över)"
    text = run.stdout + run.stderr
    if TRACEBACK in text:
        return text.strip().splitlines()[-1]
    panic = RUST_PANIC.search(text)
    if panic:
        return next(ln for ln in text.splitlines() if panic.group() in ln)
    if built is not None:
        name = shown_name(built.file)
        for line in text.splitlines():
            if name and name in line:
                return line.strip()
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def _outcome(run: Run) -> str:
    if run.returncode is None:
        return f"hängde (dödad efter {run.expect.seconds:.0f} s)"
    if run.returncode < 0:
        return f"dödad av signal {-run.returncode}"
    return str(run.returncode)


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    wanted = set(argv[1:])
    cases = [c for c in CASES if not wanted or c.id in wanted]
    root = scratch()
    start = time.perf_counter()
    try:
        ctx = make_context(root / "exempel")
        results = run_all(cases, ctx, root)
    finally:
        elapsed = time.perf_counter() - start
    rows, passing, per_class = [], Counter(), Counter()
    gaps: list[str] = []
    for case in cases:
        built, runs, error = results[case.id]
        found = [f"bygget misslyckades: {error.strip().splitlines()[-1]}"] if error else []
        for run in runs:
            found += problems(built, run)
            said = run.stdout + run.stderr
            tb = "ja" if TRACEBACK in said else "Rust-krasch" if RUST_PANIC.search(said) else "nej"
            rows.append(f"| {case.id} | {case.cls} | {run.expect.command} | {_outcome(run)} "
                        f"(krävs {'/'.join(map(str, run.expect.exits()))}) | {tb} | "
                        f"{_cell(_message(run, built).replace(f'{root}/{case.id}/', ''))} | "
                        f"{_cell(case.requires, 200)} |")
        per_class[case.cls] += 1
        if not found:
            passing[case.cls] += 1
        else:
            gaps.append(f"- **{case.id}**: " + "; ".join(_cell(p.replace(f"{root}/{case.id}/", ""), 240) for p in found))
    lines = [
        "# Korpusen för issue 12: dagens beteende",
        "",
        f"{len(cases)} fall, {sum(passing.values())} beter sig redan som issue 12 kräver. "
        f"Körtid {elapsed:.0f} s (bygge och körning, parallellt). Genererad av `cd tests && python -m support.hostile`.",
        "",
        "| klass | fall | klarar i dag |",
        "| --- | --- | --- |",
        *[f"| {k} ({CLASSES[k]}) | {per_class[k]} | {passing[k]} |" for k in CLASSES if per_class[k]],
        "",
        "| fall | klass | kommando | slutkod i dag | traceback | meddelande i dag | vad issue 12 kräver |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        "## Vad som saknas (de kontroller som inte håller i dag)",
        "",
        *gaps,
        "",
    ]
    out.write_text("\n".join(lines), encoding="utf-8")
    shutil.rmtree(root, ignore_errors=True)
    print(f"{len(cases)} fall, {sum(passing.values())} klarar i dag; {elapsed:.0f} s; skrivet: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
