"""Write a document model in the formats asked for (`--dokument pdf,docx`)."""

from __future__ import annotations

from pathlib import Path

from xltools.errors import XltoolsError
from xltools.reports.dokument.model import Dokument

FORMATS = ("pdf", "docx")


def parse_formats(text: str | None) -> tuple[str, ...]:
    """'pdf,docx' -> ('pdf', 'docx'); an unknown format is a Swedish error naming the known ones."""
    if not text:
        return ()
    asked = [f.strip().lower().lstrip(".") for f in text.split(",") if f.strip()]
    unknown = [f for f in asked if f not in FORMATS]
    if unknown or not asked:
        what = ", ".join(unknown) or repr(text)
        raise XltoolsError(f"okänt dokumentformat: {what} (kända: {', '.join(FORMATS)}, t.ex. --dokument pdf,docx)")
    return tuple(f for f in FORMATS if f in asked)


def write_documents(doc: Dokument, out_dir: str | Path, formats: tuple[str, ...],
                    mall: str | Path | None = None) -> list[Path]:
    """`<stem>.pdf` and/or `<stem>.docx` in `out_dir` (the caller's temporary folder: all or nothing)."""
    out = Path(out_dir)
    written: list[Path] = []
    if "pdf" in formats:
        from xltools.reports.dokument.pdf import write_pdf

        written.append(write_pdf(doc, out / f"{doc.stem}.pdf"))
    if "docx" in formats:
        from xltools.reports.dokument.docx import write_docx

        written.append(write_docx(doc, out / f"{doc.stem}.docx", mall))
    return written
