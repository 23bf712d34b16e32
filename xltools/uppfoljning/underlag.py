"""Where a follow-up template's pre-fill comes from besides the config: the nämnd's adopted plan
documents for a year (the fastställda nämndplan, the December internbudget) and its earlier
follow-ups of the year.

`Underlag` is the small interface; `fran(...)` gives the inkorg's ledger when the folder is an inkorg
(the latest accepted version per nämnd × dokument × år × period, the most decided status first, as
`xltools.inkorg` chooses for the kommunplan), otherwise a folder of workbooks (only files without fel
count; of several for the same document the one with the most decided status, then the newest
template, wins). A plan of the follow-up year is validated for its own year (reading.accepted_years).
A file that cannot be read or has fel is named in `notes`, never used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from xltools.config import Config
from xltools.document import Document
from xltools.errors import XltoolsError
from xltools.forms.period import FOLLOWUP_DOCS, Period, parse_period
from xltools.forms.status import STATUS_RANK
from xltools.inkorg.identity import identity_of
from xltools.inkorg.place import is_inkorg, ledger_db
from xltools.validate import Checked, validate_paths

PLAN_DOCS = ("namndplan", "driftbudget")


class Underlag(Protocol):
    """The adopted plan documents and the earlier follow-ups a follow-up template builds on."""

    notes: list[str]

    def antagen(self, namnd: str, dokument: str, ar: int) -> Document | None:
        """The adopted plan document of a nämnd for a year (nämndplan, driftbudget), or None."""
        ...

    def tidigare(self, namnd: str, ar: int, fore: Period) -> list[Document]:
        """The nämnd's follow-ups of the year before `fore`, one per period, in period order."""
        ...


@dataclass
class Valda:
    """An Underlag over checked documents: one per nämnd × dokument × år × period (see the module text)."""

    docs: dict[tuple[str, str, int, str], Document] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, checked: Iterable[Checked]) -> Valda:
        out = cls()
        rank: dict[tuple[str, str, int, str], tuple[int, str]] = {}
        for c in checked:
            d = c.document
            if d is None or not c.report.valid:
                if d is None or d.doc_type in (*PLAN_DOCS, *FOLLOWUP_DOCS):
                    out.notes.append(f"{c.report.file}: {'kan inte läsas' if d is None else 'har fel'} och används "
                                     "inte som underlag.")
                continue
            if d.doc_type not in (*PLAN_DOCS, *FOLLOWUP_DOCS):
                continue
            ident = identity_of(c.report)
            key = (d.namnd, d.doc_type, d.year, str(d.meta.period))
            r = (STATUS_RANK.get(ident.dokstatus if ident else "", 0), str(d.meta.generated))
            if key not in rank or r > rank[key]:
                rank[key], out.docs[key] = r, d
        return out

    def antagen(self, namnd: str, dokument: str, ar: int) -> Document | None:
        return next((d for (n, t, y, _), d in self.docs.items() if (n, t, y) == (namnd, dokument, ar)), None)

    def tidigare(self, namnd: str, ar: int, fore: Period) -> list[Document]:
        found = [(p, d) for (n, t, y, per), d in self.docs.items()
                 if n == namnd and y == ar and t in FOLLOWUP_DOCS and (p := parse_period(per)) is not None and p < fore]
        return [d for _, d in sorted(found, key=lambda pd: pd[0])]


def fran(folder: str | Path, config: Config, db: str | None = None) -> Valda:
    """The underlag in `folder`: an inkorg's ledger (or the database `db`), else the workbooks in the folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise XltoolsError(f"Mappen med underlag {folder} finns inte.")
    if db is None and not is_inkorg(folder):
        return Valda.of(validate_paths([folder], config)[1])
    from xltools.inkorg.receive import Inkorg

    with Inkorg(folder, ledger_db(db)) as ik:
        chosen = [e for e in ik.ledger.latest_accepted().values() if e.dokument in (*PLAN_DOCS, *FOLLOWUP_DOCS)]
        paths = [ik.archive.path(e.archive_path) for e in chosen]
        names = {str(p): e.filename for p, e in zip(paths, chosen, strict=True)}
    checked = validate_paths(paths, config)[1] if paths else []
    for c in checked:
        c.report.file = names.get(c.report.file, c.report.file)
        if c.document is not None:
            c.document.file = c.report.file
    return Valda.of(checked)
