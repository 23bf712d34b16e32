"""What a received workbook is: its identity from the metadata and document status fields, and the
hook for the template's integrity check (issue 12)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xltools.document import Document

# Document fields that carry the decision behind a document, when a form declares them.
STATUS_FIELDS = ("dokumentstatus", "beslutsorgan", "beslutsdatum", "paragraf")


@dataclass(frozen=True)
class Identity:
    """Which document a submission is: its version key is nämnd × dokument × år × period × dokstatus."""

    kommunkod: str
    namnd: str
    dokument: str
    ar: int
    period: str
    dokstatus: str = ""  # utkast / preliminär / fastställd ("" while the template has no status field)
    beslutsorgan: str | None = None
    beslutsdatum: dt.date | None = None
    paragraf: str | None = None

    @property
    def key(self) -> tuple[str, str, int, str, str]:
        return (self.namnd, self.dokument, self.ar, self.period, self.dokstatus)


def _field(doc: Document, key: str) -> object:
    return doc.fields[key].value if key in doc.fields else None


def identity_of(doc: Document | None) -> Identity | None:
    """The identity of a read document (None when the file gave none: unreadable or not a template)."""
    if doc is None:
        return None
    status = _field(doc, "dokumentstatus")
    datum = _field(doc, "beslutsdatum")
    if isinstance(datum, dt.datetime):
        datum = datum.date()
    organ, paragraf = _field(doc, "beslutsorgan"), _field(doc, "paragraf")
    return Identity(
        kommunkod=doc.meta.kommunkod, namnd=doc.namnd, dokument=doc.doc_type, ar=doc.year,
        period=str(doc.meta.period), dokstatus=str(status).strip().lower() if status else "",
        beslutsorgan=str(organ) if organ else None,
        beslutsdatum=datum if isinstance(datum, dt.date) else None,
        paragraf=str(paragraf) if paragraf not in (None, "") else None)


def integrity_of(data: bytes, doc: Document | None) -> str | None:
    """The result of the template's integrity check, stored on the ledger entry.

    Hook for issue 12 (an integrity token written into each template): until then every entry
    records None, shown as "ej kontrollerad". Return a short result such as "ok" or "ändrad".
    """
    return None
