"""The consolidated kommunplan: every statement, its sources and its kontroller, built whole by build().

Kontroller are records of every check made (passed or not); a failing one is a Finding of its
registered code (xltools.rules.kontroller), with the message from the code's template.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from xltools.config import Config, Namnd
from xltools.consolidate.bolag import Bolagen
from xltools.consolidate.drift import NamndDrift
from xltools.consolidate.facts import Fact, Source, tkr
from xltools.consolidate.internposter import Internpost
from xltools.consolidate.investering import Investeringsbudget
from xltools.consolidate.jamforelse import Kolumn
from xltools.consolidate.resultat import Resultatbudget
from xltools.consolidate.taxor_mal import Mal, Taxa
from xltools.document import Document, Row
from xltools.findings import Finding, Loc
from xltools.rules import RULES
from xltools.submissions import Utesluten
from xltools.sv import sv_whole


@dataclass(frozen=True)
class Kontroll:
    """One check of the kommunplan and its outcome; `kod` is its registered code (RULES)."""

    id: str  # unique, e.g. "RR1-2027"
    regel: str  # RR1, BR5, BK, FM1, KS ... (a financial goal's own id; its code is FM)
    ar: int | None
    typ: str  # identitet | internposter | tackning | ram | investeringsram | balanskrav | finansiellt_mal | kontrollsumma
    ok: bool
    beskrivning: str
    differens: float | None = None  # tkr
    kod: str = ""
    plats: Loc | None = None
    related: tuple[Loc, ...] = ()

    def finding(self) -> Finding | None:
        """The Finding of a failed check (None when it passed)."""
        if self.ok:
            return None
        rule = RULES[self.kod or self.regel]
        return Finding(rule.id, rule.severity, self.beskrivning, self.plats or Loc(""), self.related)


def sv_tkr(kronor: int | float) -> str:
    """Kronor as a Swedish tkr text ("1 234 tkr")."""
    return sv_whole(tkr(kronor)) + " tkr"


def identitet(regel: str, year: int | None, lhs: int, rhs: int, text: str | None = None, tol: int = 0,
           plats: Loc | None = None, mall: str | None = None) -> Kontroll:
    """An identity lhs = rhs (kronor, within `tol`); the text is the code's title unless given, a failure's
    message the code's template unless `mall` is given (the control totals KS use the identities' one)."""
    text = RULES[regel].title if text is None else text
    diff = lhs - rhs
    ok = abs(diff) <= tol
    suffix = f"{year}" if year is not None else ""
    shown = (text + f" ({sv_tkr(lhs)} = {sv_tkr(rhs)})" if ok
             else (mall or RULES[regel].mall).format(text=text, vanster=sv_tkr(lhs), hoger=sv_tkr(rhs), differens=sv_tkr(diff)))
    return Kontroll(f"{regel}-{suffix}" if suffix else regel, regel, year, "identitet", ok, shown, tkr(diff),
                    kod=regel, plats=plats)


@dataclass(frozen=True)
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
    kontroller: tuple[Kontroll, ...] = ()
    bolag: Bolagen | None = None  # the kommun's bolag: bolagsplan, borgensramar (consolidate.bolag)
    jamforelse: tuple[Kolumn, ...] = ()  # Bokslut t−2, Budget t−1, Prognos t−1 (consolidate.jamforelse)
    fas: str | None = None  # juni | november | december (consolidate.fas); None: no phase (as december)
    andringar: Any = None  # the November diff against the adopted June plan (consolidate.andringar.Andringar)
    verksamhetsplaner: Any = None  # the roll-up per nämnd and mål (consolidate.verksamhetsplaner.Verksamhetsplaner)
    kolada: Any = None  # a Kolada snapshot (xltools.kolada.model.Snapshot): the mått's values beside other kommuner

    def kolada_jamforelse(self, kpi: str) -> Any:
        """The latest Kolada comparison of a nyckeltal (xltools.kolada.lookup.Jamforelse), None without one."""
        if self.kolada is None or not kpi:
            return None
        from xltools.kolada.lookup import senaste_jamforelse

        return senaste_jamforelse(self.kolada, kpi)

    @property
    def budgetar(self) -> int:
        return self.years[0]

    @property
    def findings(self) -> list[Finding]:
        """Every failed kontroll as a Finding."""
        return [f for k in self.kontroller if (f := k.finding()) is not None]

    def rows_of(self, doc_type: str, table: str) -> Iterator[tuple[Namnd, Document, Row]]:
        """Every row of a table in the accepted documents of one type, nämnd by nämnd (the organisation's order)."""
        for n in self.config.organisation.namnder:
            doc = self.docs.get((n.id, doc_type))
            if doc is not None and table in doc.tables:
                for r in doc.rows(table):
                    yield n, doc, r

    def source_of(self, namnd: str, document: str) -> Source | None:
        return next((s for s in self.sources if s.namnd == namnd and s.document == document), None)

    def doc_file(self, doc: Document) -> str:
        src = self.source_of(doc.namnd, doc.doc_type)
        return src.file if src else doc.file
