"""The nämnder's follow-up reports -> the kommun's follow-up figures, each traceable to file, sheet and cell.

Only reports without fel are counted; a nämnd whose report has fel is listed as "ej godkänd",
a nämnd without a report as missing. The job (xltools.jobs.uppfoljning) validates and chooses one
report per nämnd and period (xltools.submissions); this module consolidates what it is given.
Control totals compare, per file, the totals the file's own Sammanfattning computes with what the
consolidation shows, and the budget with the config; a failed one is a Finding of its code
(UPP-KS1..3, xltools.rules.kontroller).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from xltools.config import Config
from xltools.document import Document, Row
from xltools.findings import Finding, Loc
from xltools.forms.lists import FIXED
from xltools.forms.period import (
    FOLLOWUP_DOCS,
    KIND_BY_MONTH,
    MONTHLY,
    Period,
    kind_of,
    parse_period,
    report_title,
)
from xltools.rules import finding
from xltools.submissions import Utesluten
from xltools.uppfoljning.kommunen import KommunensPrognos, kommunens_prognos

if TYPE_CHECKING:
    from xltools.utfall.uppfoljning import LedgerUtfall
from xltools.validate import Checked

STATUSES: tuple[tuple[str, str], ...] = (*FIXED["bedomning"], ("saknas", "Ej angiven"))
STATUS_TEXT = dict(STATUSES)
KONTROLLSTATUS: tuple[tuple[str, str], ...] = (*FIXED["kontrollstatus"], ("saknas", "Ej angiven"))
INLAMNAD, EJ_GODKAND, SAKNAS = "inlämnad", "ej godkänd", "saknas"
TOL = 0.5  # tkr


@dataclass
class Source:
    file: str
    sheet: str
    cell: str

    def __str__(self) -> str:
        return f"{self.file}!{self.sheet}!{self.cell}"


@dataclass
class VerksamhetRad:
    namnd: str
    verksamhet: str
    verksamhet_namn: str
    budget: float
    utfall: float
    prognos: float
    avvikelse: float
    kommentar: str
    source: Source


@dataclass
class Atgard:
    namnd: str
    verksamhet: str | None
    atgard: str
    effekt: float
    ansvarig: str
    klart: str
    source: Source


@dataclass
class NamndEkonomi:
    namnd: str
    namn: str
    status: str
    file: str | None
    budget: float  # from the report when counted, else the config's budget
    utfall: float | None = None
    prognos: float | None = None
    avvikelse: float | None = None
    fel: int = 0
    atgarder: int = 0
    atgarder_effekt: float = 0.0
    source: Source | None = None  # the Ekonomi table's rows


@dataclass
class MalRad:
    namnd: str
    mal_id: str
    typ: str
    text: str
    strategiskt_mal: str
    malomrade: str
    nu: str
    arets_slut: str
    analys: str
    source: Source
    strategiskt_mal_text: str = ""


@dataclass
class InsatsRad:
    """How a nämnd's work with one of the strategy's insatsområden went (the verksamhetsberättelse)."""

    namnd: str
    insatsomrade: str
    berors: bool | None  # None: not stated
    beskrivning: str
    source: Source


@dataclass
class InvesteringRad:
    namnd: str
    projekt_id: str
    namn: str
    budget: float
    utfall: float
    prognos: float
    avvikelse: float
    source: Source
    totalutgift: float | None = None  # beslutad totalutgift for the whole project
    upparbetat_tidigare: float = 0.0  # spent in the years before

    @property
    def upparbetat(self) -> float:
        """Upparbetat to date: the earlier years and this year's utfall."""
        return self.upparbetat_tidigare + self.utfall

    @property
    def genomforandegrad(self) -> float | None:
        """The year's prognos (the utfall at year end) over its budget; None without a budget."""
        return self.prognos / self.budget if self.budget else None


@dataclass
class KontrollRad:
    namnd: str
    kontroll_id: str
    kontrollmoment: str
    status: str
    resultat: str
    source: Source
    brist: bool = False
    atgard: str = ""
    omrade: str = ""


@dataclass
class TrendPunkt:
    period: str
    dokument: str
    budget: float
    prognos: float
    avvikelse: float
    namnder: int
    per_namnd: dict[str, float] = field(default_factory=dict)  # nämnd -> avvikelse
    prognos_per_namnd: dict[str, float] = field(default_factory=dict)  # nämnd -> helårsprognos (helår: utfall)


@dataclass
class Kontrollsumma:
    what: str
    namnd: str
    file: str
    i_underlag: float
    i_rapport: float
    kod: str = "UPP-KS1"  # its registered code: UPP-KS1 (a file's own sums), -KS2 (budget), -KS3 (all files)
    plats: Loc | None = None

    @property
    def stammer(self) -> bool:
        return abs(self.i_underlag - self.i_rapport) <= TOL

    def finding(self) -> Finding | None:
        """The Finding of a sum that does not add up (None when it does)."""
        if self.stammer:
            return None
        return finding(self.kod, self.plats or Loc(self.file), vad=self.what, vem=self.namnd or "kommunen",
                       fil=self.file)


@dataclass
class FollowUp:
    kommun: str
    exempeldata: str | None
    period: str
    kind: str
    title: str
    namnder: list[NamndEkonomi]
    rader: list[VerksamhetRad]
    atgarder: list[Atgard]
    mal: list[MalRad]
    investeringar: list[InvesteringRad]
    kontroller: list[KontrollRad]
    trend: list[TrendPunkt]
    kontrollsummor: list[Kontrollsumma]
    notes: list[str]
    kommunen: KommunensPrognos | None = None  # the kommun's own prognos (uppfoljning.yaml's kommunen)
    utfall_findings: list[Finding] = field(default_factory=list)  # the ekonomisystem's export (UTF-1, UTF-2, INV-4)
    insatser: list[InsatsRad] = field(default_factory=list)  # the strategi's insatsområden (verksamhetsberättelsen)
    strategi: str = "kommunens strategi"  # its name (malkedja.yaml strategi)

    @property
    def findings(self) -> list[Finding]:
        """Every control sum that does not add up, every failed kontroll of the kommun's prognos and what
        the ekonomisystem's export said."""
        sums = [f for k in self.kontrollsummor if (f := k.finding()) is not None]
        return sums + (self.kommunen.findings if self.kommunen else []) + self.utfall_findings

    @property
    def has_goals(self) -> bool:
        return kind_of(self.kind).goals

    @property
    def counted(self) -> list[NamndEkonomi]:
        return [n for n in self.namnder if n.status == INLAMNAD]

    @property
    def saknas(self) -> list[NamndEkonomi]:
        return [n for n in self.namnder if n.status == SAKNAS]

    @property
    def ej_godkanda(self) -> list[NamndEkonomi]:
        return [n for n in self.namnder if n.status == EJ_GODKAND]

    def totals(self) -> dict[str, float]:
        c = self.counted
        return {
            "budget": math.fsum(n.budget for n in c),
            "utfall": math.fsum(n.utfall or 0 for n in c),
            "prognos": math.fsum(n.prognos or 0 for n in c),
            "avvikelse": math.fsum(n.avvikelse or 0 for n in c),
            "atgarder_effekt": math.fsum(n.atgarder_effekt for n in c),
            "budget_ej_rapporterat": math.fsum(n.budget for n in self.namnder if n.status != INLAMNAD),
        }

    def goal_counts(self) -> dict[str, Any]:
        """Måluppfyllelse per status (now and at year end), per målområde and per nämnd (year end)."""
        nu = Counter(m.nu for m in self.mal)
        slut = Counter(m.arets_slut for m in self.mal)
        per_omr: dict[str, Counter[str]] = {}
        per_sm: dict[str, Counter[str]] = {}
        per_namnd: dict[str, Counter[str]] = {}
        for m in self.mal:
            per_omr.setdefault(m.malomrade, Counter())[m.arets_slut] += 1
            per_sm.setdefault(m.strategiskt_mal or "Ej angivet", Counter())[m.arets_slut] += 1
            per_namnd.setdefault(m.namnd, Counter())[m.arets_slut] += 1
        keys = [k for k, _ in STATUSES]
        return {
            "antal_mal": len(self.mal),
            "uppfyllda_vid_arets_slut": slut["uppfyllt"],
            "per_status": {k: {"nu": nu[k], "arets_slut": slut[k]} for k in keys},
            "per_malomrade": {o: {k: c[k] for k in keys} for o, c in per_omr.items()},
            "per_strategiskt_mal": {sm: {k: c[k] for k in keys} for sm, c in sorted(per_sm.items(), key=_sm_order)},
            "strategiska_mal": {m.strategiskt_mal: m.strategiskt_mal_text for m in self.mal if m.strategiskt_mal},
            "per_namnd": {n: {k: c[k] for k in keys} for n, c in per_namnd.items()},
        }

    def insatser_per_omrade(self) -> dict[str, list[InsatsRad]]:
        """Insatsområde -> the nämnder's rows that it concerns, in the config's order of appearance."""
        out: dict[str, list[InsatsRad]] = {}
        for x in self.insatser:
            out.setdefault(x.insatsomrade, [])
            if x.berors:
                out[x.insatsomrade].append(x)
        return out

    @property
    def brister(self) -> list[KontrollRad]:
        """The intern kontroll's findings of brist, each with its åtgärd (KS's report in January)."""
        return [k for k in self.kontroller if k.brist]


# ---------------------------------------------------------------- helpers
def _sm_order(item: tuple[str, Any]) -> tuple[int, str]:
    """SM1, SM2 … SM10 in number order, anything else after."""
    key = item[0]
    digits = key[2:] if key.startswith("SM") else ""
    return (int(digits), key) if digits.isdigit() else (10**6, key)


def _num(v: Any) -> float:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else 0.0


def _src(doc: Document, table: str, column: str, row: Row) -> Source:
    sheet, cell = doc.cell_of(table, column, row)
    return Source(doc.file, sheet, cell)


def _table_span(doc: Document, table: str, first: str, last: str) -> Source | None:
    rows = doc.rows(table)
    if not rows:
        return None
    sheet, a = doc.cell_of(table, first, rows[0])
    _, b = doc.cell_of(table, last, rows[-1])
    return Source(doc.file, sheet, f"{a}:{b}")


def _malomrade(config: Config, sm_id: str | None) -> str:
    sm = next((s for s in config.malkedja.strategiska_mal if s.id == sm_id), None)
    if sm is None:
        return "Ej angivet"
    if sm.overgripande or sm.malomrade is None:
        return "Övergripande: " + config.malkedja.malbild.namn
    return next((o.namn for o in config.malkedja.malomraden if o.id == sm.malomrade), sm.malomrade)


def _prognos_of(doc: Document, row: Row) -> float:
    """Full-year prognos of an Ekonomi row; in the year-end report the year's utfall."""
    return _num(row.get("utfall_netto" if kind_of(doc.doc_type).helar else "prognos_netto"))


# ---------------------------------------------------------------- consolidation
def consolidate(checked: list[Checked], config: Config, period: Period, kind: str,
                replaced: list[Utesluten] | None = None, ledger: LedgerUtfall | None = None) -> FollowUp:
    """Figures for `period` from checked files, at most one per nämnd and period (xltools.submissions.one_each);
    earlier periods of the year feed the prognos trend. `replaced` are noted. With the ekonomisystem's
    export at the period (`ledger`), each nämnd's utfall is reconciled with it (UPP-KS4) and the export's
    findings (UTF-1, UTF-2, INV-4) are the report's."""
    year = config.planering.uppfoljningsar
    verksamhet_namn = {v.kod: v.namn for v in config.kontoplan.verksamheter}
    notes: list[str] = [f"{u.file}: {u.skal[0]}." for u in replaced or []]
    by_period: dict[Period, dict[str, tuple[Checked, Document]]] = {}
    ignored = 0
    for c in checked:
        doc = c.document
        p = parse_period(doc.meta.period) if doc is not None else None
        if doc is None or doc.doc_type not in FOLLOWUP_DOCS or p is None or doc.year != year:
            ignored += 1
            continue
        if p > period:  # a later report: not part of this period's figures
            continue
        if doc.doc_type != KIND_BY_MONTH.get(p.month, MONTHLY):
            if p == period:
                notes.append(f"{doc.file}: {doc.doc_type} för {p} räknas inte; perioden gäller {report_title(kind, period)}.")
            continue
        by_period.setdefault(p, {})[doc.namnd] = (c, doc)
    if ignored:
        notes.append(f"{ignored} filer i mappen är inte uppföljningar för {year} (eller kunde inte läsas) och ingår inte.")

    current = by_period.get(period, {})
    namnder: list[NamndEkonomi] = []
    rader: list[VerksamhetRad] = []
    atgarder: list[Atgard] = []
    mal: list[MalRad] = []
    inv: list[InvesteringRad] = []
    ik: list[KontrollRad] = []
    insatser: list[InsatsRad] = []
    sums: list[Kontrollsumma] = []
    budget_cfg = config.uppfoljning.driftbudget if config.uppfoljning else {}
    for n in config.organisation.namnder:
        cfg_budget = math.fsum(budget_cfg.get(n.id, {}).values())
        if n.id not in current:
            namnder.append(NamndEkonomi(n.id, n.namn, SAKNAS, None, cfg_budget))
            continue
        chk, doc = current[n.id]
        if not chk.report.valid:
            namnder.append(NamndEkonomi(n.id, n.namn, EJ_GODKAND, doc.file, cfg_budget, fel=chk.report.errors))
            continue
        own: list[VerksamhetRad] = []
        for r in doc.rows("ekonomi"):
            kod = r.get("verksamhet") or ""
            b, u, p = _num(r.get("budget")), _num(r.get("utfall_netto")), _prognos_of(doc, r)
            own.append(VerksamhetRad(n.id, kod, verksamhet_namn.get(kod, ""), b, u, p, b - p,
                                     r.get("kommentar") or "", _src(doc, "ekonomi", "verksamhet", r)))
        own_atg = [Atgard(n.id, r.get("verksamhet"), r.get("atgard") or "", _num(r.get("effekt")),
                          r.get("ansvarig") or "", str(r.get("klart") or ""), _src(doc, "atgarder", "atgard", r))
                   for r in doc.rows("atgarder")]
        ne = NamndEkonomi(
            n.id, n.namn, INLAMNAD, doc.file,
            budget=math.fsum(x.budget for x in own), utfall=math.fsum(x.utfall for x in own),
            prognos=math.fsum(x.prognos for x in own), avvikelse=math.fsum(x.avvikelse for x in own),
            atgarder=len(own_atg), atgarder_effekt=math.fsum(a.effekt for a in own_atg),
            source=_table_span(doc, "ekonomi", "verksamhet", "kommentar"),
        )
        namnder.append(ne)
        rader += own
        atgarder += own_atg
        sums += _control_sums(doc, ne, cfg_budget)
        if kind_of(kind).goals:
            mal += _goals(doc, config, n.id)
            inv += _investments(doc, n.id)
            ik += [KontrollRad(n.id, r.get("kontroll_id") or "", r.get("kontrollmoment") or "",
                               r.get("status") or "saknas", r.get("resultat") or "",
                               _src(doc, "kontroller", "status", r), r.get("brist") == "ja", r.get("atgard") or "",
                               r.get("omrade") or "") for r in doc.rows("kontroller")]
            insatser += [InsatsRad(n.id, r.get("insatsomrade") or "", {"ja": True, "nej": False}.get(r.get("berors")),
                                   r.get("beskrivning") or "", _src(doc, "insatser", "insatsomrade", r))
                         for r in doc.rows("insatser")] if "insatser" in doc.tables else []
    fu = FollowUp(config.kommun.namn, config.kommun.exempeldata, str(period), kind, report_title(kind, period),
                  namnder, rader, atgarder, mal, inv, ik, _trend(by_period), sums, notes)
    fu.insatser, fu.strategi = insatser, config.malkedja.strategi
    fu.kontrollsummor += _grand_sums(fu)
    if ledger is not None:
        fu.kontrollsummor += _ledger_sums(fu, ledger)
        fu.utfall_findings = list(ledger.findings)
    goals = kind_of(kind).goals
    fu.kommunen = kommunens_prognos(config, period, kind_of(kind).helar, namnder, inv if goals else None,
                                    mal if goals else None)
    if fu.kommunen is not None:
        fu.notes += fu.kommunen.notes
    return fu


def _control_sums(doc: Document, ne: NamndEkonomi, cfg_budget: float) -> list[Kontrollsumma]:
    """The file's own totals (Sammanfattning, computed by the reader) against the consolidated row."""
    prognos_key = "utfall" if kind_of(doc.doc_type).helar else "prognos"
    at = Loc(doc.file, *doc.fields["budget"][1:]) if "budget" in doc.fields else Loc(doc.file)
    return [
        Kontrollsumma("budget mot kommunplanen", ne.namnd, doc.file, cfg_budget, ne.budget, "UPP-KS2", at),
        *(Kontrollsumma(what, ne.namnd, doc.file, _num(doc.field(key)), shown, "UPP-KS1", _field_at(doc, key))
          for what, key, shown in (("budget", "budget", ne.budget), ("utfall", "utfall", ne.utfall or 0),
                                   ("prognos", prognos_key, ne.prognos or 0),
                                   ("avvikelse", "avvikelse", ne.avvikelse or 0),
                                   ("åtgärdernas effekt", "atgarder_effekt", ne.atgarder_effekt))),
    ]


def _ledger_sums(fu: FollowUp, ledger: LedgerUtfall) -> list[Kontrollsumma]:
    """Each counted nämnd's utfall (nettokostnad) against the ekonomisystem's export at the period."""
    out = []
    for n in fu.counted:
        netto = math.fsum(k - i for i, k in ledger.namnd(n.namnd).values())
        where = Loc(n.file or "", n.source.sheet if n.source else None, n.source.cell if n.source else None)
        out.append(Kontrollsumma("utfall mot ekonomisystemet", n.namnd, n.file or "", netto, n.utfall or 0,
                                 "UPP-KS4", where))
    return out


def _field_at(doc: Document, key: str) -> Loc:
    cv = doc.fields.get(key)
    return Loc(doc.file, cv.sheet, cv.cell) if cv is not None else Loc(doc.file)


def _grand_sums(fu: FollowUp) -> list[Kontrollsumma]:
    """Σ of every counted file = the report's total, per measure."""
    t = fu.totals()
    at = Loc(f"uppfoljning-{fu.period}.xlsx", "Kontrollsummor")
    out = []
    for what in ("budget", "utfall", "prognos", "avvikelse"):
        files = math.fsum(k.i_underlag for k in fu.kontrollsummor if k.what == what)
        out.append(Kontrollsumma(f"summa {what}", "", f"{len(fu.counted)} filer", files, t[what], "UPP-KS3", at))
    rows = math.fsum(r.avvikelse for r in fu.rader)
    out.append(Kontrollsumma("summa avvikelse per verksamhet", "", "bladet Underlag", rows, t["avvikelse"], "UPP-KS3",
                             Loc(at.file, "Underlag per verksamhet")))
    return out


def _goals(doc: Document, config: Config, namnd: str) -> list[MalRad]:
    helar = kind_of(doc.doc_type).helar
    out = []
    for r in doc.rows("mal"):
        nu = r.get("bedomning") or "saknas"
        slut = nu if helar else (r.get("prognos") or "saknas")
        out.append(MalRad(namnd, r.get("mal_id") or "", r.get("typ") or "", r.get("text") or "",
                          r.get("strategiskt_mal") or "", _malomrade(config, r.get("strategiskt_mal")),
                          nu, slut, r.get("analys") or "", _src(doc, "mal", "mal_id", r),
                          next((x.text for x in config.malkedja.strategiska_mal if x.id == r.get("strategiskt_mal")), "")))
    return out


def _investments(doc: Document, namnd: str) -> list[InvesteringRad]:
    helar = kind_of(doc.doc_type).helar
    out = []
    for r in doc.rows("investeringar"):
        b, u = _num(r.get("budget")), _num(r.get("utfall"))
        p = u if helar else _num(r.get("prognos"))
        total = r.get("totalutgift")
        out.append(InvesteringRad(namnd, r.get("projekt_id") or "", r.get("namn") or "", b, u, p, b - p,
                                  _src(doc, "investeringar", "projekt_id", r),
                                  _num(total) if total is not None else None, _num(r.get("upparbetat_tidigare"))))
    return out


def _trend(by_period: dict[Period, dict[str, tuple[Checked, Document]]]) -> list[TrendPunkt]:
    """Per period of the year so far: budget, prognos and avvikelse of the nämnder with a valid report."""
    out = []
    for p in sorted(by_period):
        point = TrendPunkt(str(p), KIND_BY_MONTH.get(p.month, MONTHLY), 0.0, 0.0, 0.0, 0)
        budget = prognos = 0.0
        for namnd, (chk, doc) in by_period[p].items():
            if not chk.report.valid:
                continue
            rows = doc.rows("ekonomi")
            b = math.fsum(_num(r.get("budget")) for r in rows)
            pr = math.fsum(_prognos_of(doc, r) for r in rows)
            budget, prognos = budget + b, prognos + pr
            point.per_namnd[namnd] = b - pr
            point.prognos_per_namnd[namnd] = pr
            point.namnder += 1
        point.budget, point.prognos, point.avvikelse = budget, prognos, budget - prognos
        out.append(point)
    return out
