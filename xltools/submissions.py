"""Which submissions count: one per nämnd (or unit of its organisation), document and period (the
duplicate policy of every run).

Of two readable submissions of the same document for the same nämnd, year and period the one whose
document status is further on (fastställd before preliminär before utkast, from the status block on
Anvisningar) is used and the other listed as replaced: a preliminär (April) and a fastställd
(September) nämndplan are two stages, not duplicates. Two of the same status are an error naming
all files, unless `latest`: then the newest by its metadata `generated` is used and the others are
listed as replaced. The kommunplan and the follow-up apply the same policy.

`--latest` ranks by `generated` only when that time is protected by the templates' integrity token
(the kommun has a key, xltools.integrity): validation has then refused every copy whose identity or
time was edited. Without a key the time stamp is just an editable cell, and duplicates stay an error.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from xltools.errors import XltoolsError
from xltools.findings import Severity, sort_findings
from xltools.forms import FORMS
from xltools.forms.status import STATUS_RANK
from xltools.validate import Checked


def _status(c: Checked) -> str:
    return str(c.report.details.get("dokumentstatus") or "")


def _rank(c: Checked) -> int:
    return STATUS_RANK.get(_status(c), 0)


@dataclass(frozen=True)
class Utesluten:
    """A submission left out, with the Swedish reasons."""

    file: str
    sha256: str | None
    document: str | None
    namnd: str | None
    skal: tuple[str, ...]


def relative(path: str, root: Path) -> str:
    """A submission's path as shown: relative to the folder of submissions (posix), else its name."""
    p = Path(path)
    if p.is_relative_to(root):  # found by walking root: no need to resolve links
        return p.relative_to(root).as_posix()
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).name


def reasons(c: Checked) -> tuple[str, ...]:
    """The fel of a checked file as one line each (rule, place, message)."""
    out = []
    for f in sort_findings(c.report.findings):
        if f.severity != Severity.FEL:
            continue
        where = ", ".join(x for x in (f"blad {f.loc.sheet}" if f.loc.sheet else "", f.loc.cell or "") if x)
        out.append(f"{f.rule} {where}: {f.message}" if where else f"{f.rule}: {f.message}")
    return tuple(out) or ("filen kunde inte läsas",)


def unreadable(checked: list[Checked], root: Path) -> list[Utesluten]:
    """The files that gave no document (unreadable, or not an xltools template), with their reasons."""
    return [Utesluten(relative(c.report.file, root), c.report.sha256, None, None, reasons(c))
            for c in checked if c.document is None]


def one_each(checked: list[Checked], root: Path, latest: bool,
             protected: bool = False) -> tuple[list[Checked], list[Utesluten]]:
    """One submission per nämnd, document, year and period; duplicates are an error unless `latest`.

    `protected`: the documents' `generated` is covered by a checked integrity token (the kommun has a
    key); without it `latest` does not rank, since the time stamp could have been edited.

    Returns the submissions to use (in order of nämnd, document, year, period) and those replaced.
    """
    groups: dict[tuple[str, str, int, str, str], list[Checked]] = defaultdict(list)
    for c in checked:
        d = c.document
        if d is not None:  # a unit's verksamhetsplan is its own submission, beside the nämnd's
            groups[(d.namnd, d.doc_type, d.year, d.meta.period, d.org_enhet)].append(c)
    errors: list[str] = []
    replaced: list[Utesluten] = []
    keep: list[Checked] = []
    for (namnd, doc_type, year, _, unit), group in sorted(groups.items()):
        if len(group) == 1:
            keep.append(group[0])
            continue
        rank = max(_rank(c) for c in group)
        later = [c for c in group if _rank(c) == rank]
        if len(later) < len(group):
            best = later[0] if len(later) == 1 else None
            for c in group:
                if _rank(c) < rank:
                    replaced.append(Utesluten(relative(c.report.file, root), c.report.sha256, doc_type, namnd, (
                        f"dokumentet är {_status(c) or 'utan status'}; "
                        + (f"det {_status(best)}a {relative(best.report.file, root)} används"
                           if best else f"en {_status(later[0])} inlämning används"),)))
            group = later
            if len(group) == 1:
                keep.append(group[0])
                continue
        files = sorted(relative(c.report.file, root) for c in group)
        ranked = sorted(group, key=lambda c: c.document.meta.generated, reverse=True)  # type: ignore[union-attr]
        tie = ranked[0].document.meta.generated == ranked[1].document.meta.generated  # type: ignore[union-attr]
        if not latest or tie or not protected:
            why = ("– ta bort den inaktuella eller kör med --latest för att välja den nyaste" if not latest
                   else "har samma tidsstämpel (generated) så den nyaste kan inte väljas" if tie
                   else "– --latest kan inte välja den nyaste: utan kommunens nyckel skyddas inte mallens "
                        "tidsstämpel (generated) av någon integritetstoken och kan ha ändrats i filen "
                        "(xltools nyckel skapa, sedan nya mallar; se docs/sakerhet.md)")
            whose = f"enheten '{unit}' under nämnden '{namnd}'" if unit else f"nämnden '{namnd}'"
            errors.append(f"{len(group)} inlämningar av {FORMS[doc_type].title.lower()} för {whose} "
                          f"({year}): {', '.join(files)} {why}")
            continue
        keep.append(ranked[0])
        newest = relative(ranked[0].report.file, root)
        for c in ranked[1:]:
            replaced.append(Utesluten(relative(c.report.file, root), c.report.sha256, doc_type, namnd,
                                      (f"ersatt av den nyare inlämningen {newest} "
                                       f"(generated {ranked[0].document.meta.generated})",)))  # type: ignore[union-attr]
    if errors:
        raise XltoolsError("Dubbla inlämningar:\n  " + "\n  ".join(errors))
    return keep, replaced
