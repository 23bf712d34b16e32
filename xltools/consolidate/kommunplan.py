"""Checked documents -> the consolidated Kommunplan, built whole (no files read or written here).

The job (xltools.jobs.kommunplan) validates the submissions and chooses one per nämnd and document
(xltools.submissions); this module consolidates what it is given and runs the kontroller.
"""

from __future__ import annotations

import dataclasses

from xltools.config import Config
from xltools.consolidate import kontroller
from xltools.consolidate.balans import balansbudget, ingaende_balans
from xltools.consolidate.bolag import bolagen
from xltools.consolidate.drift import consolidate_drift
from xltools.consolidate.facts import Fact, Source, facts_of
from xltools.consolidate.internposter import reconcile
from xltools.consolidate.investering import consolidate_investering
from xltools.consolidate.jamforelse import jamforelse
from xltools.consolidate.kassaflode import kassaflodesbudget
from xltools.consolidate.model import Kommunplan
from xltools.consolidate.resultat import resultatbudget
from xltools.consolidate.taxor_mal import mal_och_matt, taxor
from xltools.consolidate.verksamhetsplaner import rollup
from xltools.document import Document
from xltools.submissions import Utesluten

# The document types whose content the kommunplan consolidates.
CONSOLIDATED = ("driftbudget", "investeringsplan", "internhyror", "taxor", "namndplan", "bolagsplan")


def verksamhetsplaner_of(config: Config, accepted: list[tuple[Document, Source]]) -> list[tuple[Document, Source]]:
    """The accepted verksamhetsplaner of the budget year (the nämnder's and their units'), for the roll-up."""
    return [(d, s) for d, s in accepted if d.doc_type == "verksamhetsplan" and d.year == config.planering.budgetar]


def partition(config: Config, accepted: list[tuple[Document, Source]]) -> tuple[list[tuple[Document, Source]], list[Source]]:
    """The accepted documents the kommunplan consolidates (sorted by nämnd, document, file), and the rest."""
    used = [(d, s) for d, s in accepted if d.doc_type in CONSOLIDATED and d.year == config.planering.budgetar]
    ej = [s for d, s in accepted if not (d.doc_type in CONSOLIDATED and d.year == config.planering.budgetar)]
    return sorted(used, key=lambda ds: (ds[1].namnd, ds[1].document, ds[1].file)), sorted(ej, key=lambda s: s.file)


def build(config: Config, used: list[tuple[Document, Source]], ej_sammanstallda: list[Source],
          uteslutna: list[Utesluten], config_files: dict[str, str], fas: str | None = None,
          facts: list[Fact] | None = None, vplaner: list[tuple[Document, Source]] | None = None) -> Kommunplan:
    """Consolidate the documents `used` (see partition) into the kommunplan with its kontroller.

    `facts`: the documents' facts when the caller has them already (a budgetberedning's scenarios reuse them).
    `vplaner`: the verksamhetsplaner of the nämnder and their units, for the roll-up of activities per mål and level."""
    years = config.planering.ar
    if facts is None:
        facts = [f for d, s in used for f in facts_of(d, s)]
    drift_in = {d.namnd for d, _ in used if d.doc_type == "driftbudget"}
    katalog_in = {d.namnd for d, _ in used if d.doc_type == "internhyror"}
    drift = consolidate_drift(config, facts, drift_in)
    inv = consolidate_investering(config, [d for d, _ in used], facts)
    rr = resultatbudget(config, drift, inv)
    kf = kassaflodesbudget(config, rr, inv)
    mal = mal_och_matt(config, [(d, s.file) for d, s in used if d.doc_type == "namndplan"])
    plan = Kommunplan(
        config=config, years=years, sources=[s for _, s in used], docs={(d.namnd, d.doc_type): d for d, _ in used},
        uteslutna=sorted(uteslutna, key=lambda u: u.file), ej_sammanstallda=ej_sammanstallda, facts=facts,
        drift=drift, inv=inv, intern=reconcile(config, facts, drift_in, katalog_in), rr=rr, kf=kf,
        ib=ingaende_balans(config), br=balansbudget(config, rr, kf, inv),
        taxor=taxor(config, [(d, s.file) for d, s in used if d.doc_type == "taxor"]),
        mal=mal, verksamhetsplaner=rollup(config, vplaner, mal) if vplaner else None,
        config_files=config_files,
        jamforelse=jamforelse(config), fas=fas,
        bolag=bolagen(config, rr.poster, *next(((d, s.file) for d, s in used if d.doc_type == "bolagsplan"),
                                               (None, None))),
    )
    return dataclasses.replace(plan, kontroller=tuple(kontroller.run(plan)))
