"""Benchmark: reading a 200 000-transaction SIE file, against a plain line read of the same file.

The file is a synthetic kommun's SIE 4E export (syntetiska exempeldata) written by the project's
own writer: verifikationer of 2–6 rows each, ansvar, verksamhet and sometimes projekt in the object
lists, texts with å/ä/ö, a quarter of the rows with a quantity. Measured alternately in one run,
medians (and minima) over repetitions:
  - a plain line read: open the file as PC8 text and count its lines (the baseline),
  - `read_sie` (decoding, every check, the whole model),
  - the mapping of its rows to utfall per nämnd, verksamhet, konto and month (for scale).
Target (issue 17): the read ≤ 2 s. Prints a table and writes benchmarks/results/sie.json.

Usage: .venv/bin/python benchmarks/bench_sie.py [--transactions N] [--repeat N] [--work MAPP]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from xltools.utfall.mapping import aggregate, load_mapping, referens_from_config
from xltools.utfall.rows import rows_from_sie
from xltools.utfall.sie import (
    Account,
    Dimension,
    FiscalYear,
    SieFile,
    SieObject,
    Transaction,
    Verification,
    read_sie,
)
from xltools.utfall.sie_write import write_sie

ROOT = Path(__file__).resolve().parent.parent

NAMNDER = {"ks": ("1100", ["100", "920"]), "fgn": ("2100", ["400", "410"]), "sn": ("5100", ["500", "505", "540"]),
           "kfn": ("3100", ["310", "345"]), "tn": ("7100", ["250", "800"])}
COSTS = ["4610", "5011", "5611", "6011", "6410", "7010", "7491"]
INCOMES = ["3010", "3110", "3411", "3510"]


def synthetic(transactions: int, seed: int = 2026) -> SieFile:
    """A kommun's year of bookings: `transactions` rows in balanced verifikationer."""
    rnd = random.Random(seed)
    vers: list[Verification] = []
    n = 0
    number = 0
    while n < transactions:
        number += 1
        remaining = transactions - n
        k = remaining if remaining <= 7 else rnd.randint(2, 6)  # never leave a single row over
        day = date(2026, rnd.randint(1, 12), rnd.randint(1, 28))
        rows = []
        total = Decimal(0)
        for _ in range(k - 1):
            namnd, (ansvar, verks) = rnd.choice(list(NAMNDER.items()))
            konto = rnd.choice(COSTS if rnd.random() < 0.8 else INCOMES)
            amount = Decimal(rnd.randint(-5_000_00, 250_000_00)) / 100
            objects = [(1, ansvar), (20, rnd.choice(verks))]
            if rnd.random() < 0.1:
                objects.append((6, f"P{rnd.randint(1, 40):02d}"))
            quantity = Decimal(rnd.randint(1, 400)) / 4 if rnd.random() < 0.25 else None
            rows.append(Transaction("#TRANS", konto, amount, tuple(objects), day if rnd.random() < 0.7 else None,
                                    f"Faktura {number} - {rnd.choice(['Åhléns', 'Kök & Städ', 'Älvdalens buss', 'Mora Öl'])}",
                                    quantity))
            total += amount
        rows.append(Transaction("#TRANS", "2440", -total, (), day, "Leverantörsskuld"))
        n += len(rows)
        vers.append(Verification("A", str(number), day, f"Leverantörsfaktura {number}", rows=tuple(rows)))
    accounts = tuple(Account(a, f"Konto {a}", "K" if a[0] in "4567" else "I") for a in COSTS + INCOMES) + (
        Account("2440", "Leverantörsskulder", "S"),)
    objects = tuple(SieObject(1, a, f"Ansvar {a}") for a, _ in NAMNDER.values()) + tuple(
        SieObject(20, v, f"Verksamhet {v}") for _, vs in NAMNDER.values() for v in vs)
    return SieFile(sietyp=4, program=("xltools bench_sie", "1"), company="Exempelkommun (syntetiska exempeldata)",
                   orgnr="212000-2213", years=(FiscalYear(0, date(2026, 1, 1), date(2026, 12, 31)),),
                   accounts=accounts, dimensions=(Dimension(1, "Ansvar"), Dimension(6, "Projekt"), Dimension(20, "Verksamhet")),
                   objects=objects, verifications=tuple(vers))


def line_read(path: Path) -> int:
    with open(path, encoding="cp437", newline="") as f:
        return sum(1 for _ in f)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--transactions", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--work", type=Path, default=Path("/tmp/xltools-bench"))
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "sie.json")
    args = ap.parse_args()
    path = args.work / f"huvudbok-{args.transactions}.se"
    t = time.perf_counter()
    write_sie(path, synthetic(args.transactions))
    written = time.perf_counter() - t
    ref = referens_from_config({n: v for n, (_, v) in NAMNDER.items()}, ["30", "31", "34", "3411", "35", "46", "50",
                               "56", "60", "6011", "64", "70", "74", "7491"], [v for _, vs in NAMNDER.values() for v in vs])
    mapping = load_mapping({"ansvar_dimension": 1, "verksamhet_dimension": 20, "projekt_dimension": 6,
                            "namnd": {"koder": {a: n for n, (a, _) in NAMNDER.items()}}}, "bench", ref)
    load_before = os.getloadavg()
    base, parse, agg = [], [], []
    for _ in range(args.repeat):  # alternate, so a busy moment hits both
        t = time.perf_counter()
        lines = line_read(path)
        base.append(time.perf_counter() - t)
        t = time.perf_counter()
        sie = read_sie(path, expected_orgnr="212000-2213", expected_year=2026)
        parse.append(time.perf_counter() - t)
        t = time.perf_counter()
        result = aggregate(rows_from_sie(sie, ansvar_dim=1, verksamhet_dim=20, projekt_dim=6), mapping, ref)
        agg.append(time.perf_counter() - t)
    rows = sum(len(v.rows) for v in sie.verifications)
    assert rows == args.transactions and result.kontroll.stammer
    res = {
        "file": path.name, "bytes": path.stat().st_size, "lines": lines, "transactions": rows,
        "verifications": len(sie.verifications), "repeat": args.repeat, "write_s": written,
        "line_read_s": statistics.median(base), "line_read_min_s": min(base),
        "read_sie_s": statistics.median(parse), "read_sie_min_s": min(parse),
        "map_s": statistics.median(agg), "map_min_s": min(agg),
        "ratio_read_sie_vs_line_read": statistics.median(parse) / statistics.median(base),
        "target_read_sie_s": 2.0, "load_before": load_before, "load_after": os.getloadavg(),
        "python": platform.python_version(), "cpus": os.cpu_count(),
    }
    print(f"Fil: {path} ({res['bytes'] / 1e6:.1f} MB, {lines} rader, {rows} transaktioner i "
          f"{res['verifications']} verifikationer); median av {args.repeat} körningar")
    print(f"Belastning före/efter: {load_before[0]:.2f} / {res['load_after'][0]:.2f}")
    for label, key in (("radläsning som text (baslinje)", "line_read_s"), ("read_sie (hela modellen, alla kontroller)", "read_sie_s"),
                       ("mappning till nämnd/verksamhet/konto/månad", "map_s")):
        print(f"  {label:<44} {res[key]:7.3f} s   (min {res[key[:-2] + '_min_s']:.3f})   "
              f"{res[key] / res['line_read_s']:6.1f}x")
    verdict = "inom" if res["read_sie_s"] <= 2.0 else "ÖVER"
    print(f"Mål: read_sie ≤ 2 s – {verdict} målet ({res['read_sie_s']:.2f} s).")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"Resultat: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
