"""Orchestration: a folder of submissions -> a consolidated Kommunplan (no files written here).

Every workbook is validated with validate_paths; a submission with fel is left out and
reported, never half-used. Two readable submissions for the same nämnd, document and year are
an error naming both files, unless `latest` picks the newest by its metadata `generated`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from xltools.cache import ReadCache
from xltools.config import PARTS, Config
from xltools.consolidate.balans import balansbudget, ingaende_balans
from xltools.consolidate.drift import NamndDrift, consolidate_drift
from xltools.consolidate.facts import Fact, Source, facts_of
from xltools.consolidate.internposter import Internpost, reconcile
from xltools.consolidate.investering import Investeringsbudget, consolidate_investering
from xltools.consolidate.kassaflode import kassaflodesbudget
from xltools.consolidate.resultat import Resultatbudget, resultatbudget
from xltools.consolidate.taxor_mal import Mal, Taxa, mal_och_matt, taxor
from xltools.document import Document
from xltools.errors import XltoolsError
from xltools.findings import Severity, sort_findings
from xltools.forms import FORMS
from xltools.gcpause import gc_paused
from xltools.pool import Progress
from xltools.validate import Checked, validate_paths

# The document types whose content the kommunplan consolidates.
CONSOLIDATED = ("driftbudget", "investeringsplan", "internhyror", "taxor", "namndplan")


@dataclass(frozen=True)
class Utesluten:
    """A submission left out, with the Swedish reasons."""

    file: str
    sha256: str | None
    document: str | None
    namnd: str | None
    skal: tuple[str, ...]


@dataclass
class Kommunplan:
    config: Config
    years: list[int]
    sources: list[Source]  # the submissions used, sorted
    docs: dict[tuple[str, str], Document]  # (nämnd, document type) -> document
    uteslutna: list[Utesluten]
    ej_sammanstallda: list[Source]  # valid, but a document type without figures for the kommunplan
    facts: list[Fact]
    drift: list[NamndDrift]
    inv: Investeringsbudget
    intern: list[Internpost]
    rr: Resultatbudget
    kf: dict[int, dict[str, int | None]]
    ib: dict[str, int | None]
    br: dict[int, dict[str, int | None]]
    taxor: list[Taxa]
    mal: list[Mal]
    config_files: dict[str, str]  # shown config file name -> sha256
    kontroller: list = field(default_factory=list)  # list[Kontroll], filled by kontroller.run

    @property
    def budgetar(self) -> int:
        return self.years[0]

    def source_of(self, namnd: str, document: str) -> Source | None:
        return next((s for s in self.sources if s.namnd == namnd and s.document == document), None)

    def doc_file(self, doc: Document) -> str:
        src = self.source_of(doc.namnd, doc.doc_type)
        return src.file if src else doc.file


def _relative(path: str, root: Path) -> str:
    p = Path(path)
    if p.is_relative_to(root):  # found by walking root: no need to resolve links
        return p.relative_to(root).as_posix()
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).name


def _reasons(c: Checked) -> tuple[str, ...]:
    out = []
    for f in sort_findings(c.report.findings):
        if f.severity != Severity.FEL:
            continue
        where = ", ".join(x for x in (f"blad {f.loc.sheet}" if f.loc.sheet else "", f.loc.cell or "") if x)
        out.append(f"{f.rule} {where}: {f.message}" if where else f"{f.rule}: {f.message}")
    return tuple(out) or ("filen kunde inte läsas",)


def _pick(checked: list[Checked], root: Path, latest: bool) -> tuple[list[Checked], list[Utesluten]]:
    """One submission per nämnd, document and year; duplicates are an error unless `latest`."""
    groups: dict[tuple[str, str, int, str], list[Checked]] = defaultdict(list)
    for c in checked:
        d = c.document
        if d is not None:
            groups[(d.namnd, d.doc_type, d.year, d.meta.period)].append(c)
    errors: list[str] = []
    replaced: list[Utesluten] = []
    keep: list[Checked] = []
    for (namnd, doc_type, year, _), group in sorted(groups.items()):
        if len(group) == 1:
            keep.append(group[0])
            continue
        files = sorted(_relative(c.report.file, root) for c in group)
        ranked = sorted(group, key=lambda c: c.document.meta.generated, reverse=True)
        tie = ranked[0].document.meta.generated == ranked[1].document.meta.generated
        if not latest or tie:
            why = ("har samma tidsstämpel (generated) så den nyaste kan inte väljas"
                   if latest else "– ta bort den inaktuella eller kör med --latest för att välja den nyaste")
            errors.append(f"{len(group)} inlämningar av {FORMS[doc_type].title.lower()} för nämnden '{namnd}' "
                          f"({year}): {', '.join(files)} {why}")
            continue
        keep.append(ranked[0])
        newest = _relative(ranked[0].report.file, root)
        for c in ranked[1:]:
            replaced.append(Utesluten(_relative(c.report.file, root), c.report.sha256, doc_type, namnd,
                                      (f"ersatt av den nyare inlämningen {newest} "
                                       f"(generated {ranked[0].document.meta.generated})",)))
    if errors:
        raise XltoolsError("Dubbla inlämningar:\n  " + "\n  ".join(errors))
    return keep, replaced


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@gc_paused
def build(submissions: str | Path, config: Config, config_dir: str | Path = "config",
          latest: bool = False, cache: ReadCache | None = None, progress: Progress | None = None) -> Kommunplan:
    """Validate and consolidate every workbook in `submissions` (recursively)."""
    from xltools.consolidate import kontroller

    root = Path(submissions)
    if not root.is_dir():
        raise XltoolsError(f"Mappen med underlag finns inte: {root}")
    _, checked = validate_paths([root], config, cache=cache, progress=progress)
    if not checked:
        raise XltoolsError(f"Mappen {root} innehåller inga Excelarbetsböcker (.xlsx eller .xlsm).")
    years = config.planering.ar
    uteslutna = [Utesluten(_relative(c.report.file, root), c.report.sha256, None, None, _reasons(c))
                 for c in checked if c.document is None]
    keep, replaced = _pick(checked, root, latest)
    uteslutna += replaced
    used: list[tuple[Document, Source]] = []
    ej: list[Source] = []
    for c in keep:
        d = c.document
        assert d is not None
        rel = _relative(c.report.file, root)
        if not c.report.valid:
            uteslutna.append(Utesluten(rel, c.report.sha256, d.doc_type, d.namnd, _reasons(c)))
            continue
        src = Source(rel, c.report.sha256 or "", d.doc_type, d.namnd, d.meta.generated)
        if d.doc_type in CONSOLIDATED and d.year == years[0]:
            used.append((d, src))
        else:
            ej.append(src)
    uteslutna.sort(key=lambda u: u.file)
    used.sort(key=lambda ds: (ds[1].namnd, ds[1].document, ds[1].file))
    if not used:
        raise XltoolsError(f"Inget godkänt underlag för kommunplanen {years[0]} i {root}: "
                           + "; ".join(f"{u.file}: {u.skal[0]}" for u in uteslutna[:5]))
    facts = [f for d, s in used for f in facts_of(d, s)]
    docs = {(d.namnd, d.doc_type): d for d, _ in used}
    drift_in = {d.namnd for d, _ in used if d.doc_type == "driftbudget"}
    katalog_in = {d.namnd for d, _ in used if d.doc_type == "internhyror"}
    drift = consolidate_drift(config, facts, drift_in)
    inv = consolidate_investering(config, [d for d, _ in used], facts)
    rr = resultatbudget(config, drift, inv)
    kf = kassaflodesbudget(config, rr, inv)
    cdir = Path(config_dir)
    plan = Kommunplan(
        config=config, years=years, sources=[s for _, s in used], docs=docs, uteslutna=uteslutna,
        ej_sammanstallda=sorted(ej, key=lambda s: s.file), facts=facts, drift=drift, inv=inv,
        intern=reconcile(config, facts, drift_in, katalog_in), rr=rr, kf=kf, ib=ingaende_balans(config),
        br=balansbudget(config, rr, kf, inv),
        taxor=taxor(config, [(d, s.file) for d, s in used if d.doc_type == "taxor"]),
        mal=mal_och_matt(config, [(d, s.file) for d, s in used if d.doc_type == "namndplan"]),
        config_files={f"{cdir.name}/{name}.yaml": _sha(cdir / f"{name}.yaml") for name in PARTS
                      if (cdir / f"{name}.yaml").is_file()},
    )
    plan.kontroller = kontroller.run(plan)
    return plan
