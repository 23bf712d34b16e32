"""What a received workbook is: its identity from the metadata and document status fields (as the
validation report carries them, see validate.details), and the hook for the template's integrity
check (issue 12)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xltools.findings import FileReport


@dataclass(frozen=True)
class Identity:
    """Which document a submission is: its version key is nämnd × dokument × år × period × dokstatus × enhet."""

    kommunkod: str
    namnd: str
    dokument: str
    ar: int
    period: str
    dokstatus: str = ""  # utkast / preliminär / fastställd ("" while the template has no status field)
    beslutsorgan: str | None = None
    beslutsdatum: dt.date | None = None
    paragraf: str | None = None
    org_enhet: str = ""  # a unit of the nämnd's organisation (its own verksamhetsplan); "" = the nämnd's

    @property
    def key(self) -> tuple[str, str, int, str, str, str]:
        return (self.namnd, self.dokument, self.ar, self.period, self.dokstatus, self.org_enhet)


def identity_of(report: FileReport) -> Identity | None:
    """The identity of a validated file (None when it gave none: unreadable or not a template)."""
    if report.document is None or report.namnd is None or report.year is None:
        return None
    d = report.details
    status, datum = d.get("dokumentstatus"), d.get("beslutsdatum")
    if isinstance(datum, dt.datetime):
        datum = datum.date()
    organ, paragraf = d.get("beslutsorgan"), d.get("paragraf")
    return Identity(
        kommunkod=str(d.get("kommunkod") or ""), namnd=report.namnd, dokument=report.document, ar=report.year,
        period=str(report.period), dokstatus=str(status).strip().lower() if status else "",
        beslutsorgan=str(organ) if organ else None,
        beslutsdatum=datum if isinstance(datum, dt.date) else None,
        paragraf=str(paragraf) if paragraf not in (None, "") else None, org_enhet=str(d.get("org_enhet") or ""))


def integrity_of(data: bytes, report: FileReport) -> str | None:
    """The result of the template's integrity check, stored on the ledger entry.

    Hook for issue 12 (an integrity token written into each template): until then every entry
    records None, shown as "ej kontrollerad". Return a short result such as "ok" or "ändrad".
    """
    return None
