"""Status against the årshjul: who must hand in what, by when, and where each document stands.

Pure computation over ledger rows (Ledger.status_rows) and the configuration; no database here.
Who must submit follows the organisation: KS, the egna nämnder, the överförmyndare (which "fyller
samma funktion som en nämnd") and the gemensamma nämnder whose värdkommun is this kommun (the
styrsystem applies to gemensamma nämnder "med Mora kommun som värdkommun"); the other gemensamma
nämnder are listed as not required, with why. Each unit of a nämnd's organisation (förvaltning,
avdelning, enhet; organisation.yaml) has a row of its own under the nämnd: its verksamhetsplan.

A cell is decided from the newest open version received by the status date (the ledger's
sequence orders versions); withdrawn (återkallad) versions do not count:
  saknas    nothing received, deadline not passed     godkänd   the newest version has no fel
  försenad  nothing received, deadline passed         med fel   the newest version has n fel
  inlämnad  received, waiting behind a locked version återsänd  returned to the nämnd
A version received after the deadline carries its days late beside its status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from xltools.config import Config
from xltools.config.models import NIVA_NAMN, Namnd, NamndTyp, same_kommun
from xltools.forms import PLANNING, planning_for
from xltools.forms.period import Period, due_date, report_kind, report_title
from xltools.inkorg.states import State

SAKNAS, FORSENAD, INLAMNAD, GODKAND, MED_FEL, ATERSAND = "saknas", "forsenad", "inlamnad", "godkand", "med_fel", "atersand"
EJ_AKTUELL = "ej_aktuell"  # a document the nämnd does not hand in (the bolagsplan: only the kommunstyrelse)
_OPEN = (State.GODKAND, State.EJ_GODKAND, State.MOTTAGEN, State.ATERSAND)


@dataclass(frozen=True)
class Due:
    dokument: str
    title: str
    deadline: dt.date | None


@dataclass(frozen=True)
class Cell:
    dokument: str
    status: str  # one of SAKNAS, FORSENAD, INLAMNAD, GODKAND, MED_FEL, ATERSAND, EJ_AKTUELL
    text: str  # as shown: "godkänd", "med fel (3)", "försenad (12 dagar)" ...
    deadline: dt.date | None
    days_late: int | None = None  # past the deadline: missing until the status date, or received late
    days_left: int | None = None  # to the deadline, when nothing is received and it has not passed
    errors: int = 0
    entry_id: int | None = None
    sha256: str | None = None
    received_at: dt.datetime | None = None
    dokstatus: str = ""
    comment: str = ""  # why it was returned (återsänd)

    @property
    def needs_action(self) -> bool:
        return self.status in (SAKNAS, FORSENAD, MED_FEL, ATERSAND)


@dataclass(frozen=True)
class StatusRow:
    namnd: str
    namn: str
    required: bool
    why: str
    cells: tuple[Cell, ...]
    org_enhet: str = ""  # a unit of the nämnd's organisation: a row of its own documents (its verksamhetsplan)
    niva: str = ""  # the unit's level: förvaltning, avdelning or enhet

    @property
    def ident(self) -> str:
        """The row's id as shown: the nämnd's id, or nämnd/enhet for a unit."""
        return f"{self.namnd}/{self.org_enhet}" if self.org_enhet else self.namnd

    @property
    def label(self) -> str:
        """The row's name in a table where a unit's row follows its nämnd's: "– Björkbackens skola (enhet)"."""
        return f"– {self.namn.rsplit(' · ', 1)[-1]}" if self.org_enhet else self.namn


@dataclass(frozen=True)
class Reminder:
    namnd: str
    namn: str
    dokument: str
    title: str
    status: str
    deadline: dt.date | None
    days_left: int | None  # negative: days late
    contact: str


@dataclass
class Status:
    kommun: str
    what: str  # "Budgetår 2027" or "Delårsrapport januari–augusti 2026"
    ar: int
    period: str | None
    datum: dt.date
    due: list[Due]
    rows: list[StatusRow] = field(default_factory=list)

    @property
    def required(self) -> list[StatusRow]:
        return [r for r in self.rows if r.required]

    def reminders(self, config: Config) -> list[Reminder]:
        """Every required document that needs action, with the nämnd's contact from the configuration."""
        contacts = {n.id: contact_of(n) for n in config.organisation.namnder}
        titles = {d.dokument: d.title for d in self.due}
        out = []
        for r in self.required:
            for c in r.cells:
                if c.needs_action:
                    left = (c.deadline - self.datum).days if c.deadline else None
                    out.append(Reminder(r.namnd, r.namn, c.dokument, titles[c.dokument], c.text, c.deadline, left,
                                        contacts.get(r.namnd, "")))
        return sorted(out, key=lambda m: (m.days_left if m.days_left is not None else 10**6, m.namnd, m.dokument))

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in (SAKNAS, FORSENAD, INLAMNAD, GODKAND, MED_FEL, ATERSAND, EJ_AKTUELL)}
        for r in self.required:
            for c in r.cells:
                out[c.status] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        """The status.json contract (docs/inkorg.md)."""
        def day(d: dt.date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "kommun": self.kommun, "avser": self.what, "ar": self.ar, "period": self.period,
            "datum": day(self.datum),
            "dokument": [{"dokument": d.dokument, "titel": d.title, "sista_dag": day(d.deadline)} for d in self.due],
            "summa": self.counts(),
            "namnder": [{
                "namnd": r.namnd, "namn": r.namn, "ska_lamna_in": r.required, "varfor": r.why,
                **({"enhet": r.org_enhet, "niva": r.niva} if r.org_enhet else {}),
                "dokument": {c.dokument: {
                    "status": c.status, "text": c.text, "sista_dag": day(c.deadline), "dagar_sen": c.days_late,
                    "dagar_kvar": c.days_left, "fel": c.errors, "inlamning": c.entry_id, "sha256": c.sha256,
                    "mottagen": c.received_at.isoformat(timespec="seconds") + "Z" if c.received_at else None,
                    "dokumentstatus": c.dokstatus or None, "kommentar": c.comment or None,
                } for c in r.cells},
            } for r in self.rows],
        }


def contact_of(n: Namnd) -> str:
    return n.kontakt or ""


def who_must_submit(config: Config) -> list[tuple[Namnd, bool, str]]:
    """(nämnd, must submit, why) for every nämnd of the organisation, in its order."""
    kommun = config.kommun.namn
    out = []
    for n in config.organisation.namnder:
        if n.typ == NamndTyp.STYRELSE:
            out.append((n, True, "kommunstyrelsen"))
        elif n.typ == NamndTyp.EGEN:
            out.append((n, True, "egen nämnd"))
        elif n.typ == NamndTyp.OVERFORMYNDARE:
            out.append((n, True, "överförmyndaren fyller samma funktion som en nämnd"))
        elif not n.vardkommun:
            out.append((n, True, "gemensam nämnd utan angiven värdkommun (räknas som kommunens)"))
        elif same_kommun(n.vardkommun, kommun):
            out.append((n, True, f"gemensam nämnd med {kommun} som värdkommun"))
        else:
            bought = f"; kommunens del köps av {config.namnd(n.kop.namnd).namn}" if n.kop else ""
            out.append((n, False, f"gemensam nämnd med {n.vardkommun} som värdkommun; styrsystemet gäller "
                                  f"gemensamma nämnder med {kommun} som värdkommun{bought}"))
    return out


def planning_due(config: Config) -> list[Due]:
    """The planning documents due in the budget year: the bolagsplan only when the kommun has bolag with one."""
    year = config.planering.budgetar
    return [Due(f.doc_type, f.title, config.arshjul.deadline(f.doc_type, year)) for f in PLANNING
            if not f.styrelse or config.bolag_med_plan]


def followup_due(config: Config, period: Period) -> list[Due]:
    kind = report_kind(period)
    return [Due(kind, report_title(kind, period), due_date(config, kind, period))]


def _plural(n: int) -> str:
    return f"{n} dag" if n == 1 else f"{n} dagar"


def cell_of(dokument: str, deadline: dt.date | None, datum: dt.date, versions: list[tuple[Any, ...]]) -> Cell:
    """The status of one nämnd's document from its versions (status_rows, oldest first)."""
    current = None
    first_received = None
    for v in versions:
        _, _, _, _, dokstatus, received_at, state, *_ = v
        if state == State.ATERKALLAD:
            continue
        first_received = first_received or received_at
        if state in _OPEN:
            current = v
    if current is None:
        if deadline is not None and datum > deadline:
            late = (datum - deadline).days
            return Cell(dokument, FORSENAD, f"försenad ({_plural(late)})", deadline, days_late=late)
        left = (deadline - datum).days if deadline else None
        return Cell(dokument, SAKNAS, "saknas", deadline, days_left=left)
    id_, _, _, _, dokstatus, received_at, state, errors, locked, sha, comment, *_ = current
    late = (first_received.date() - deadline).days if deadline and first_received.date() > deadline else None
    if state == State.ATERSAND:
        status, text = ATERSAND, "återsänd"
    elif state == State.EJ_GODKAND:
        status, text = MED_FEL, f"med fel ({errors})"
    elif state == State.MOTTAGEN:
        status, text = INLAMNAD, "inlämnad (väntar)"
    else:
        status, text = GODKAND, "godkänd"
    if dokstatus and dokstatus != "fastställd":
        text += f", {dokstatus}"
    if late:
        text += f" – {_plural(late)} sent"
    return Cell(dokument, status, text, deadline, days_late=late, errors=errors, entry_id=id_, sha256=sha,
                received_at=received_at, dokstatus=dokstatus, comment=comment if state == State.ATERSAND else "")


def compute(config: Config, rows: list[tuple[Any, ...]], datum: dt.date, period: Period | None = None) -> Status:
    """The status on `datum` of the budget year (period None) or of a follow-up period.

    `rows` are Ledger.status_rows for the year and documents due, received up to the end of `datum`.
    """
    due = followup_due(config, period) if period else planning_due(config)
    if period is None:
        ar, what = config.planering.budgetar, f"Budgetår {config.planering.budgetar}"
    else:
        ar, what = period.year, due[0].title
    by_key: dict[tuple[str, str, str], list[tuple[Any, ...]]] = {}
    for r in rows:
        by_key.setdefault((r[1], r[2], r[13]), []).append(r)  # nämnd, dokument, enhet ("" = the nämnd's own)
    status = Status(config.kommun.namn, what, ar, str(period) if period else None, datum, due)
    own = {n.id: {f.doc_type for f in planning_for(config, n.id)} for n in config.organisation.namnder}
    for n, required, why in who_must_submit(config):
        cells = tuple(cell_of(d.dokument, d.deadline, datum, by_key.get((n.id, d.dokument, ""), []))
                      if period is not None or d.dokument in own[n.id]
                      else Cell(d.dokument, EJ_AKTUELL, "lämnas inte av nämnden", d.deadline) for d in due)
        status.rows.append(StatusRow(n.id, n.namn, required, why, cells))
        if period is None and required:
            status.rows += _unit_rows(n, due, datum, by_key)
    return status


def _unit_rows(n: Namnd, due: list[Due], datum: dt.date,
               by_key: dict[tuple[str, str, str], list[tuple[Any, ...]]]) -> list[StatusRow]:
    """A row per unit of the nämnd's organisation: its own verksamhetsplan; the other documents are the nämnd's."""
    per_unit = {f.doc_type for f in PLANNING if f.per_enhet}
    return [StatusRow(n.id, f"{n.namn} · {u.text}", True, f"{NIVA_NAMN[u.niva]} under {n.namn}", tuple(
        cell_of(d.dokument, d.deadline, datum, by_key.get((n.id, d.dokument, u.id), [])) if d.dokument in per_unit
        else Cell(d.dokument, EJ_AKTUELL, "lämnas av nämnden", d.deadline) for d in due), u.id, NIVA_NAMN[u.niva])
        for u in n.organisation]


def documents_due(config: Config, period: Period | None) -> list[str]:
    return [d.dokument for d in (followup_due(config, period) if period else planning_due(config))]


__all__ = ["Cell", "Due", "Reminder", "Status", "StatusRow", "compute", "documents_due",
           "who_must_submit"]
