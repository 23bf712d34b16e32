"""Annotated copies for `xltools validate --annotate OUTDIR`: the findings written into a copy of each file.

The original is opened read-only with openpyxl, marked through OpenpyxlPort with the same
apply_findings the add-in uses (Kontroll sheet with links, highlighted cells, notes) and saved
as OUTDIR/<file name>, atomically. The input file is never written, and no copy carries macros
(an .xlsm's copy is an .xlsx without its vbaProject.bin).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from xltools.addin.marks import apply_findings
from xltools.atomic import atomic_dir, inside_of
from xltools.errors import XltoolsError, unwritable
from xltools.excel.port import OpenpyxlPort
from xltools.validate import Checked

_NOTICE = ("Kommenterad kopia från xltools validate: fel och varningar är markerade i cellerna. "
           "Rätta i originalet och lämna in det, inte den här kopian.")


@dataclass
class Annotated:
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # Swedish: file and why no copy was made


def _target(out_dir: Path, name: str, used: set[str]) -> Path:
    """OUTDIR/<name>; a second file with the same name gets ' (2)' and so on.

    An .xlsm becomes .xlsx: the copy is saved without the macro project, and Excel opens a
    macro-free workbook only under the .xlsx name.
    """
    stem, suffix = os.path.splitext(name)
    if suffix.lower() == ".xlsm":
        suffix = ".xlsx"
        name = stem + suffix
    candidate, n = name, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{stem} ({n}){suffix}"
    used.add(candidate.casefold())
    return out_dir / candidate


def annotate_copies(checked: list[Checked], out_dir: str | os.PathLike[str]) -> Annotated:
    """Write an annotated copy of every readable file; unreadable ones are listed in `skipped`.

    The copies are written as one set (atomic_dir): OUTDIR then holds the previous complete set
    or the new one. When a copy cannot be written (a full disk), none lands: XltoolsError
    (Swedish) says so and OUTDIR keeps the previous set.
    """
    out_dir = Path(out_dir)
    result = Annotated()
    used: set[str] = set()
    inside = [Path(c.report.file) for c in checked if inside_of(out_dir, Path(c.report.file))]
    if inside:
        raise XltoolsError(f"Inga kommenterade kopior: utmappen {out_dir} innehåller de inlämnade filerna "
                           f"({inside[0]}). Välj en egen mapp för kopiorna.")
    try:
        with atomic_dir(out_dir) as tmp:
            for item in checked:
                report = item.report
                source = Path(report.file)
                if report.unreadable:
                    result.skipped.append(f"{source}: ingen kommenterad kopia (filen kunde inte läsas).")
                    continue
                try:
                    port = OpenpyxlPort.open(source)
                except Exception as exc:  # openpyxl refuses some files calamine reads
                    result.skipped.append(f"{source}: ingen kommenterad kopia (openpyxl kunde inte öppna filen: "
                                          f"{exc.__class__.__name__}).")
                    continue
                apply_findings(port, report.findings, notices=[_NOTICE])
                name = _target(tmp, source.name, used)
                port.save_copy(name)
                result.written.append(out_dir / name.name)
    except OSError as exc:
        raise unwritable(out_dir, exc, "inga kommenterade kopior skrevs och mappen har kvar de förra") from exc
    return result

