"""Benchmark: the kommunplan as documents (`--dokument pdf,docx`) for the example kommun.

Consolidates workbooks/planering once, then measures in this process (medians over --repeat):
  the xlsx write (the baseline: kommunplan_xlsx.write_workbook),
  the PDF (document model + HTML + WeasyPrint, tagged) and the Word draft (python-docx),
and prints the times, the PDF + docx total against the target (5 s) and the ratio to the xlsx
write in the same run. Writes benchmarks/results/dokument.json.

Usage: .venv/bin/python benchmarks/bench_dokument.py [--repeat 3] [--out FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from bench_scale import median_time  # noqa: E402

TARGET_S = 5.0  # PDF + docx together


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "dokument.json")
    args = ap.parse_args()

    from xltools.config import load_config
    from xltools.jobs.kommunplan import consolidate
    from xltools.reports.dokument.docx import write_docx
    from xltools.reports.dokument.kommunplan import Names, kommunplan_dokument
    from xltools.reports.dokument.pdf import write_pdf
    from xltools.reports.kommunplan_json import to_dict
    from xltools.reports.kommunplan_xlsx import write_workbook

    config, errors = load_config(ROOT / "config")
    assert config is not None and not errors, errors
    plan = consolidate(ROOT / "workbooks" / "planering", config)
    with tempfile.TemporaryDirectory(prefix="bench-dokument-") as tmp:
        out = Path(tmp)
        # one warm-up of each (imports, fonts), then the measured repetitions
        write_workbook(plan, out / "kp.xlsx")
        doc = kommunplan_dokument(to_dict(plan), Names.of(config))
        write_pdf(doc, out / "kp.pdf")
        write_docx(doc, out / "kp.docx")
        xlsx = median_time(lambda: write_workbook(plan, out / "kp.xlsx"), args.repeat)
        pdf = median_time(lambda: write_pdf(kommunplan_dokument(to_dict(plan), Names.of(config)), out / "kp.pdf"),
                          args.repeat)
        word = median_time(lambda: write_docx(kommunplan_dokument(to_dict(plan), Names.of(config)), out / "kp.docx"),
                           args.repeat)
        pages = len(__import__("pypdf").PdfReader(str(out / "kp.pdf")).pages)
    total = pdf + word
    result = {
        "date": dt.date.today().isoformat(), "python": platform.python_version(), "repeat": args.repeat,
        "xlsx_s": round(xlsx, 3), "pdf_s": round(pdf, 3), "docx_s": round(word, 3),
        "pdf_plus_docx_s": round(total, 3), "target_s": TARGET_S, "ratio_to_xlsx": round(total / xlsx, 2),
        "pdf_pages": pages, "ok": total <= TARGET_S,
        "load_average_1min": round(os.getloadavg()[0], 2),  # other work on the machine inflates every time
    }
    print(f"{'xlsx (baslinje)':<22}{xlsx:8.2f} s")
    print(f"{'PDF':<22}{pdf:8.2f} s  ({pages} sidor)")
    print(f"{'docx':<22}{word:8.2f} s")
    print(f"{'PDF + docx':<22}{total:8.2f} s  mål ≤ {TARGET_S:.0f} s: {'ja' if result['ok'] else 'NEJ'}; "
          f"{total / xlsx:.1f} × xlsx-skrivningen")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
