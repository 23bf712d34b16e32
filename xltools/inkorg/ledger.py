"""The ledger: one entry per received file (by sha256), its versions, states and locks; queries.

Which version is newer is decided by the ledger's own sequence (the entry id, given under the
write lock, so in the order entries commit), never by a time stamp in the workbook; the received
time is recorded beside it. For one nämnd × dokument × år × period × dokstatus:
- a new godkänd version replaces (ersatt) every open older one;
- a new ej godkänd version replaces older ej godkänd and waiting ones, but not the godkänd one,
  which stays in force until a godkänd version arrives;
- while the version in force is locked, a new version waits (mottagen) until someone deliberately
  lets it replace the locked one (receive with replace_locked, or promote()).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import sqlalchemy as sa

from xltools.errors import XltoolsError
from xltools.forms.status import STATUS_RANK
from xltools.inkorg.identity import Identity
from xltools.inkorg.schema import events, kommunplaner, submissions
from xltools.inkorg.sources import Mail
from xltools.inkorg.states import MANUAL, OPEN, State, utcnow
from xltools.inkorg.store import Store

_IN_CHUNK = 500  # values per IN (...) list


@dataclass(frozen=True)
class NewEntry:
    """A received, archived and validated file, ready for the ledger."""

    sha256: str
    archive_path: str
    size: int
    received_at: dt.datetime  # UTC
    received_by: str
    source_kind: str
    source_path: str
    filename: str
    mail: Mail | None
    identity: Identity | None
    integrity: str | None
    readable: bool
    valid: bool
    errors: int
    warnings: int
    findings: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """A ledger entry as read back (without its findings; see Ledger.findings)."""

    id: int
    sha256: str
    received_at: dt.datetime
    received_by: str
    source_kind: str
    source_path: str
    filename: str
    mail_from: str | None
    mail_subject: str | None
    mail_date: str | None
    mail_message_id: str | None
    archive_path: str
    size: int
    kommunkod: str | None
    namnd: str | None
    dokument: str | None
    ar: int | None
    period: str | None
    dokstatus: str
    beslutsorgan: str | None
    beslutsdatum: dt.date | None
    paragraf: str | None
    org_enhet: str
    integrity: str | None
    readable: bool
    valid: bool
    errors: int
    warnings: int
    state: str
    state_at: dt.datetime
    state_by: str
    state_comment: str
    locked: bool
    locked_by: str | None
    locked_at: dt.datetime | None
    superseded_by: int | None

    @property
    def key(self) -> tuple[Any, ...]:
        return (self.namnd, self.dokument, self.ar, self.period, self.dokstatus, self.org_enhet)


@dataclass(frozen=True)
class Event:
    submission_id: int
    at: dt.datetime
    what: str
    by_whom: str
    comment: str


@dataclass(frozen=True)
class Added:
    """What the ledger made of one new entry."""

    sha256: str
    id: int
    state: str
    new: bool  # False: these bytes were in the ledger already (idempotent)
    superseded: tuple[int, ...] = ()


_ENTRY_COLUMNS = [submissions.c[f.name] for f in fields(Entry)]


@dataclass(frozen=True)
class Adopted:
    """A kommunplan recorded as adopted for a phase (ledger table kommunplaner)."""

    id: int
    ar: int
    fas: str
    fastalld_at: dt.datetime
    fastalld_av: str
    beslut: str
    plan: dict[str, Any]
    inputs: list[dict[str, Any]]


@dataclass
class _Open:
    id: int | None  # None until inserted (an entry of the same batch)
    state: State
    locked: bool
    index: int = -1  # position in the batch, for entries of this batch


def decide(versions: Sequence[_Open], valid: bool, replace_locked: bool) -> tuple[State, list[_Open]]:
    """The state of a new version and the open older versions of its key that it replaces."""
    locked = any(v.locked and v.state == State.GODKAND for v in versions)
    if locked and not replace_locked:
        return State.MOTTAGEN, [v for v in versions if v.state == State.MOTTAGEN]
    if valid:
        return State.GODKAND, list(versions)
    return State.EJ_GODKAND, [v for v in versions if v.state in (State.EJ_GODKAND, State.MOTTAGEN)]


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), _IN_CHUNK):
        yield values[i:i + _IN_CHUNK]


class Ledger:
    """Entries of one ledger database (see store.open_store)."""

    def __init__(self, store: Store):
        self.store = store

    # ------------------------------------------------------------ adopted kommunplaner
    def record_kommunplan(self, ar: int, fas: str, plan_json: str, inputs: list[dict[str, Any]], who: str = "",
                          beslut: str = "", at: dt.datetime | None = None) -> int:
        """Record an adopted kommunplan of a phase (its JSON and inputs); returns its id."""
        with self.store.write() as conn:
            res = conn.execute(sa.insert(kommunplaner).values(
                ar=ar, fas=fas, fastalld_at=at or utcnow(), fastalld_av=who, beslut=beslut, plan_json=plan_json,
                inputs=json.dumps(inputs, ensure_ascii=False)))
            return int(res.inserted_primary_key[0])

    def adopted_kommunplan(self, ar: int, fas: str) -> Adopted | None:
        """The latest recorded kommunplan of a year and phase, None when none was recorded."""
        with self.store.read() as conn:
            q = sa.select(kommunplaner).where(kommunplaner.c.ar == ar, kommunplaner.c.fas == fas) \
                .order_by(kommunplaner.c.id.desc()).limit(1)
            r = conn.execute(q).first()
        if r is None:
            return None
        return Adopted(r.id, r.ar, r.fas, r.fastalld_at, r.fastalld_av, r.beslut, json.loads(r.plan_json),
                       json.loads(r.inputs))

    # ------------------------------------------------------------ receiving
    def known(self, shas: Sequence[str]) -> dict[str, tuple[int, str]]:
        """sha256 -> (entry id, state) for the bytes already in the ledger."""
        out: dict[str, tuple[int, str]] = {}
        with self.store.read() as conn:
            for part in _chunks(list(shas)):
                q = sa.select(submissions.c.sha256, submissions.c.id, submissions.c.state) \
                    .where(submissions.c.sha256.in_(part))
                out.update({r.sha256: (r.id, r.state) for r in conn.execute(q)})
        return out

    def all_shas(self) -> dict[str, tuple[int, str]]:
        """sha256 -> (entry id, archive path) of every entry."""
        with self.store.read() as conn:
            q = sa.select(submissions.c.sha256, submissions.c.id, submissions.c.archive_path)
            return {r.sha256: (r.id, r.archive_path) for r in conn.execute(q)}

    def add(self, new: Sequence[NewEntry], *, replace_locked: bool = False) -> list[Added]:
        """Record new entries in one transaction, in order; bytes already recorded are left as they are."""
        if not new:
            return []
        with self.store.write() as conn:
            have: dict[str, tuple[int, str]] = {}
            for part in _chunks([n.sha256 for n in new]):
                q = sa.select(submissions.c.sha256, submissions.c.id, submissions.c.state) \
                    .where(submissions.c.sha256.in_(part))
                have.update({r.sha256: (r.id, r.state) for r in conn.execute(q)})
            fresh: list[NewEntry] = []
            seen: set[str] = set()
            for n in new:
                if n.sha256 not in have and n.sha256 not in seen:
                    seen.add(n.sha256)
                    fresh.append(n)
            groups = self._open_versions(conn, [n.identity for n in fresh if n.identity is not None])
            states: list[State] = []
            replaced: list[list[_Open]] = []
            mine: list[_Open] = []
            for i, n in enumerate(fresh):
                versions = groups[n.identity.key] if n.identity is not None else []
                state, old = decide(versions, n.valid, replace_locked)
                for v in old:
                    versions.remove(v)
                me = _Open(None, state, False, i)
                versions.append(me)
                states.append(state)
                replaced.append(old)
                mine.append(me)
            ids = self._insert(conn, fresh, states)
            for me, id_ in zip(mine, ids, strict=True):
                me.id = id_
            updates, evts = [], []
            for n, id_, state, old in zip(fresh, ids, states, replaced, strict=True):
                how = "från e-brev" if n.mail else ("via Validera i Excel" if n.source_kind == "tillagg" else "")
                note = f"mottagen {how} {n.source_path}".replace("  ", " ").strip()
                if state == State.MOTTAGEN:
                    note += "; väntar: versionen som gäller är låst"
                evts.append({"submission_id": id_, "at": n.received_at, "what": str(state), "by_whom": n.received_by,
                             "comment": note})
                for v in old:
                    updates.append({"old": v.id, "new": id_, "at": n.received_at, "by": n.received_by})
                    evts.append({"submission_id": v.id, "at": n.received_at, "what": str(State.ERSATT),
                                 "by_whom": n.received_by, "comment": f"ersatt av inlämning {id_}"})
            if updates:
                conn.execute(
                    submissions.update().where(submissions.c.id == sa.bindparam("old")).values(
                        state=str(State.ERSATT), superseded_by=sa.bindparam("new"), state_at=sa.bindparam("at"),
                        state_by=sa.bindparam("by"), state_comment=""),
                    updates)
            if evts:
                conn.execute(events.insert(), evts)
            final = {me.id: me.state for me in mine}
            for u in updates:
                if u["old"] in final:
                    final[u["old"]] = State.ERSATT
        out: list[Added] = []
        added = {n.sha256: (id_, old) for n, id_, old in zip(fresh, ids, replaced, strict=True)}
        for n in new:
            if n.sha256 in added:
                id_, old = added.pop(n.sha256)
                out.append(Added(n.sha256, id_, str(final[id_]), True, tuple(v.id for v in old)))  # type: ignore[misc]
            elif n.sha256 in have:
                out.append(Added(n.sha256, *have[n.sha256], False))
            else:  # the same bytes twice in one batch: the second is the first's entry
                first = next(a for a in out if a.sha256 == n.sha256)
                out.append(Added(n.sha256, first.id, first.state, False))
        return out

    def _open_versions(self, conn: sa.Connection, idents: list[Identity]) -> dict[tuple[Any, ...], list[_Open]]:
        groups: dict[tuple[Any, ...], list[_Open]] = defaultdict(list)
        keys = {i.key for i in idents}
        namnder = sorted({i.namnd for i in idents})
        c = submissions.c
        for part in _chunks(namnder):
            q = sa.select(c.id, c.namnd, c.dokument, c.ar, c.period, c.dokstatus, c.org_enhet, c.state, c.locked) \
                .where(c.namnd.in_(part), c.state.in_([str(s) for s in OPEN])).order_by(c.id)
            for r in conn.execute(q):
                key = (r.namnd, r.dokument, r.ar, r.period, r.dokstatus, r.org_enhet)
                if key in keys:
                    groups[key].append(_Open(r.id, State(r.state), bool(r.locked)))
        return groups

    def _insert(self, conn: sa.Connection, fresh: list[NewEntry], states: list[State]) -> list[int]:
        rows = []
        for n, state in zip(fresh, states, strict=True):
            ident = n.identity
            rows.append({
                "sha256": n.sha256, "received_at": n.received_at, "received_by": n.received_by,
                "source_kind": n.source_kind, "source_path": n.source_path, "filename": n.filename,
                "mail_from": n.mail.sender if n.mail else None, "mail_subject": n.mail.subject if n.mail else None,
                "mail_date": n.mail.date if n.mail else None, "mail_message_id": n.mail.message_id if n.mail else None,
                "archive_path": n.archive_path, "size": n.size,
                "kommunkod": ident.kommunkod if ident else None, "namnd": ident.namnd if ident else None,
                "dokument": ident.dokument if ident else None, "ar": ident.ar if ident else None,
                "period": ident.period if ident else None, "dokstatus": ident.dokstatus if ident else "",
                "beslutsorgan": ident.beslutsorgan if ident else None,
                "beslutsdatum": ident.beslutsdatum if ident else None, "paragraf": ident.paragraf if ident else None,
                "org_enhet": ident.org_enhet if ident else "",
                "integrity": n.integrity, "readable": n.readable, "valid": n.valid, "errors": n.errors,
                "warnings": n.warnings, "findings": json.dumps(n.findings, ensure_ascii=False),
                "state": str(state), "state_at": n.received_at, "state_by": n.received_by, "state_comment": "",
                "locked": False,
            })
        ids: list[int] = []
        for part in _chunks(rows):
            got = conn.execute(submissions.insert().returning(submissions.c.id, sort_by_parameter_order=True), list(part))
            ids += [r.id for r in got]
        return ids

    # ------------------------------------------------------------ what people do
    def _one(self, conn: sa.Connection, entry_id: int) -> Entry:
        row = conn.execute(sa.select(*_ENTRY_COLUMNS).where(submissions.c.id == entry_id)).first()
        if row is None:
            raise XltoolsError(f"Inlämning {entry_id} finns inte i liggaren.")
        return Entry(**row._mapping)

    def change_state(self, entry_id: int, target: State, who: str, why: str, at: dt.datetime | None = None) -> Entry:
        """Return (återsänd) or withdraw (återkallad) a version; the comment says why."""
        at = at or utcnow()
        if target not in MANUAL:
            raise XltoolsError(f"Tillståndet '{target}' sätts av liggaren själv, inte för hand.")
        if not why.strip():
            raise XltoolsError("Ange varför (en kommentar): den visas för nämnden och i historiken.")
        with self.store.write() as conn:
            e = self._one(conn, entry_id)
            if e.state not in MANUAL[target]:
                raise XltoolsError(f"Inlämning {entry_id} är {e.state} och kan inte bli {target}.")
            if e.locked and e.state == State.GODKAND:
                raise XltoolsError(f"Inlämning {entry_id} är låst (av {e.locked_by}); lås upp den först.")
            conn.execute(submissions.update().where(submissions.c.id == entry_id).values(
                state=str(target), state_at=at, state_by=who, state_comment=why.strip()))
            conn.execute(events.insert().values(submission_id=entry_id, at=at, what=str(target), by_whom=who,
                                                comment=why.strip()))
            return self._one(conn, entry_id)

    def lock(self, entry_id: int, who: str, why: str = "", at: dt.datetime | None = None) -> Entry:
        """Lock a godkänd version: a newer one then waits until someone lets it replace this one."""
        at = at or utcnow()
        with self.store.write() as conn:
            e = self._one(conn, entry_id)
            if e.state != State.GODKAND:
                raise XltoolsError(f"Bara en godkänd version kan låsas; inlämning {entry_id} är {e.state}.")
            if e.locked:
                raise XltoolsError(f"Inlämning {entry_id} är redan låst (av {e.locked_by}).")
            conn.execute(submissions.update().where(submissions.c.id == entry_id).values(
                locked=True, locked_by=who, locked_at=at))
            conn.execute(events.insert().values(submission_id=entry_id, at=at, what="låst", by_whom=who, comment=why))
            return self._one(conn, entry_id)

    def unlock(self, entry_id: int, who: str, why: str = "", at: dt.datetime | None = None) -> Entry:
        at = at or utcnow()
        with self.store.write() as conn:
            e = self._one(conn, entry_id)
            if not e.locked or e.state != State.GODKAND:
                raise XltoolsError(f"Inlämning {entry_id} är inte låst.")
            conn.execute(submissions.update().where(submissions.c.id == entry_id).values(
                locked=False, locked_by=None, locked_at=None))
            conn.execute(events.insert().values(submission_id=entry_id, at=at, what="upplåst", by_whom=who, comment=why))
            return self._one(conn, entry_id)

    def promote(self, entry_id: int, who: str, why: str, at: dt.datetime | None = None) -> Entry:
        """Let a waiting version (mottagen) replace the locked one: the deliberate new version."""
        at = at or utcnow()
        if not why.strip():
            raise XltoolsError("Ange varför den nya versionen ska ersätta den låsta (en kommentar).")
        with self.store.write() as conn:
            e = self._one(conn, entry_id)
            if e.state != State.MOTTAGEN:
                raise XltoolsError(f"Inlämning {entry_id} är {e.state}; bara en väntande (mottagen) version kan släppas fram.")
            versions = [v for v in self._open_versions(conn, [Identity(e.kommunkod or "", e.namnd or "", e.dokument or "",
                                                                      e.ar or 0, e.period or "", e.dokstatus,
                                                                      org_enhet=e.org_enhet)])[e.key]
                        if v.id != entry_id]
            state, old = decide(versions, e.valid, True)
            conn.execute(submissions.update().where(submissions.c.id == entry_id).values(
                state=str(state), state_at=at, state_by=who, state_comment=why.strip()))
            conn.execute(events.insert().values(submission_id=entry_id, at=at, what=str(state), by_whom=who,
                                                comment=f"ersätter den låsta versionen: {why.strip()}"))
            for v in old:
                conn.execute(submissions.update().where(submissions.c.id == v.id).values(
                    state=str(State.ERSATT), superseded_by=entry_id, state_at=at, state_by=who, state_comment=""))
                conn.execute(events.insert().values(submission_id=v.id, at=at, what=str(State.ERSATT), by_whom=who,
                                                    comment=f"ersatt av inlämning {entry_id}"))
            return self._one(conn, entry_id)

    # ------------------------------------------------------------ queries
    def entry(self, entry_id: int) -> Entry:
        with self.store.read() as conn:
            return self._one(conn, entry_id)

    def findings(self, entry_id: int) -> list[dict[str, Any]]:
        with self.store.read() as conn:
            raw = conn.execute(sa.select(submissions.c.findings).where(submissions.c.id == entry_id)).scalar()
        if raw is None:
            raise XltoolsError(f"Inlämning {entry_id} finns inte i liggaren.")
        return json.loads(raw)

    def events(self, entry_ids: Sequence[int]) -> dict[int, list[Event]]:
        out: dict[int, list[Event]] = defaultdict(list)
        with self.store.read() as conn:
            for part in _chunks(list(entry_ids)):
                q = sa.select(events.c.submission_id, events.c.at, events.c.what, events.c.by_whom, events.c.comment) \
                    .where(events.c.submission_id.in_(part)).order_by(events.c.id)
                for r in conn.execute(q):
                    out[r.submission_id].append(Event(**r._mapping))
        return out

    def entries(self, *, namnd: str | None = None, dokument: str | None = None, ar: int | None = None,
                period: str | None = None, states: Iterable[str] | None = None,
                until: dt.datetime | None = None) -> list[Entry]:
        """Entries matching every given filter, oldest first (by the ledger's sequence)."""
        c = submissions.c
        q = sa.select(*_ENTRY_COLUMNS).order_by(c.id)
        for col, value in ((c.namnd, namnd), (c.dokument, dokument), (c.ar, ar), (c.period, period)):
            if value is not None:
                q = q.where(col == value)
        if states is not None:
            q = q.where(c.state.in_([str(s) for s in states]))
        if until is not None:
            q = q.where(c.received_at <= until)
        with self.store.read() as conn:
            return [Entry(**r._mapping) for r in conn.execute(q)]

    def history(self, namnd: str, dokument: str | None = None, ar: int | None = None) -> list[Entry]:
        """Every version of a nämnd's documents (one document when given), by document (the nämnd's own before its
        units') and then in order."""
        got = self.entries(namnd=namnd, dokument=dokument, ar=ar)
        return sorted(got, key=lambda e: (e.dokument or "", e.ar or 0, e.period or "", e.org_enhet, e.id))

    def latest_accepted(self, ar: int | None = None, period: str | None = None,
                        dokument: str | None = None) -> dict[tuple[str, ...], Entry]:
        """(nämnd, dokument, period) -> the version that counts: godkänd, the most decided status
        (fastställd > preliminär > utkast), the newest of those. A unit's own document (a unit's
        verksamhetsplan) is keyed (nämnd, dokument, period, enhet), beside the nämnd's."""
        best: dict[tuple[str, ...], Entry] = {}
        for e in self.entries(ar=ar, period=period, dokument=dokument, states=[State.GODKAND]):
            k = (e.namnd or "", e.dokument or "", e.period or "", *((e.org_enhet,) if e.org_enhet else ()))
            rank = (STATUS_RANK.get(e.dokstatus, 0), e.id)
            if k not in best or rank > (STATUS_RANK.get(best[k].dokstatus, 0), best[k].id):
                best[k] = e
        return best

    def status_rows(self, ar: int, dokument: Sequence[str], period: str | None = None,
                    until: dt.datetime | None = None) -> list[tuple[Any, ...]]:
        """The few columns the status needs, for every entry of these documents (oldest first)."""
        c = submissions.c
        q = sa.select(c.id, c.namnd, c.dokument, c.period, c.dokstatus, c.received_at, c.state, c.errors,
                      c.locked, c.sha256, c.state_comment, c.state_by, c.state_at, c.org_enhet) \
            .where(c.ar == ar, c.dokument.in_(list(dokument))).order_by(c.id)
        if period is not None:
            q = q.where(c.period == period)
        if until is not None:
            q = q.where(c.received_at <= until)
        with self.store.read() as conn:
            return [tuple(r) for r in conn.execute(q)]
