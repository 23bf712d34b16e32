"""Receiving: items -> archive -> validate -> ledger, and what an interrupted run left behind.

Order of a run (so kill -9 at any point leaves a consistent ledger): every new file is written to
the archive and synced; then the archived copies (which cannot change any more) are validated
together, as `xltools validate` would; then the entries commit, a chunk per transaction. A file
in the archive without an entry is an orphan: the next run reports it and, once it is older than
the grace period (a concurrent run may be about to commit it), adopts it into the ledger.
"""

from __future__ import annotations

import datetime as dt
import getpass
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from xltools.config import Config
from xltools.errors import XltoolsError
from xltools.inkorg.archive import Archive, Stored, checkpoint, sha256_of
from xltools.inkorg.identity import Identity, identity_of, integrity_of
from xltools.inkorg.place import ARCHIVE_DIR, LEDGER_FILE
from xltools.inkorg.sources import Item, Refused, collect
from xltools.inkorg.states import State, utcnow
from xltools.pool import Progress
from xltools.validate import Checked, validate_paths

if TYPE_CHECKING:
    from xltools.inkorg.ledger import Ledger, NewEntry
    from xltools.inkorg.store import Store

GRACE_S = 600.0  # an orphan or temporary file younger than this may belong to a run still going
CHUNK = 250  # entries per transaction


def who_am_i() -> str:
    try:
        user = getpass.getuser()
    except Exception:
        user = "okänd"
    return f"{user}@{socket.gethostname()}"


@dataclass(frozen=True)
class Received:
    """One item handed over and what the ledger made of it."""

    shown: str
    sha256: str
    id: int
    state: str
    new: bool
    superseded: tuple[int, ...]
    errors: int
    warnings: int
    identity: Identity | None

    def __str__(self) -> str:
        i = self.identity
        what = " · ".join(str(x) for x in (i.dokument, f"{i.namnd}/{i.org_enhet}" if i.org_enhet else i.namnd, i.period,
                                           i.dokstatus) if x) if i else "okänt dokument"
        if not self.new:
            return f"{self.shown}: redan mottagen som inlämning {self.id} ({what}; {self.state})"
        text = f"{self.shown}: inlämning {self.id} ({what}) – {self.state}"
        if self.state == State.EJ_GODKAND:
            text += f", {self.errors} fel"
        if self.state == State.MOTTAGEN:
            text += " – väntar: versionen som gäller är låst"
        if self.superseded:
            text += f"; ersätter {', '.join(str(i) for i in self.superseded)}"
        return text


@dataclass
class Recovery:
    """What the start of a run found from interrupted earlier runs."""

    removed_temporaries: list[str] = field(default_factory=list)
    adopted: list[Received] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # orphans younger than the grace period
    missing: list[str] = field(default_factory=list)  # entries whose archive file is gone

    def lines(self) -> list[str]:
        out = [f"Ofullständig arkivfil från en avbruten körning togs bort: {p}" for p in self.removed_temporaries]
        out += [f"Arkivfil utan post i liggaren (avbruten körning) togs in: {r}" for r in self.adopted]
        out += [f"Arkivfil utan post i liggaren (kan höra till en pågående körning, tas in senare): {p}"
                for p in self.waiting]
        out += [f"Arkivfilen saknas: {m}" for m in self.missing]
        return out


@dataclass
class Outcome:
    received: list[Received]
    refused: list[Refused]
    recovery: Recovery


class Inkorg:
    """An archive folder and its ledger (SQLite file in the folder unless a database URL is given)."""

    def __init__(self, folder: str | Path, db: str | None = None):
        self.folder = Path(folder)
        self.archive = Archive(self.folder / ARCHIVE_DIR)
        self._where = db if db else str(self.folder / LEDGER_FILE)
        self._store: Store | None = None
        self._ledger: Ledger | None = None

    @property
    def store(self) -> Store:
        """The ledger's database, opened (and the database libraries imported) when first needed."""
        if self._store is None:
            from xltools.inkorg.store import open_store

            self._store = open_store(self._where)
        return self._store

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            from xltools.inkorg.ledger import Ledger

            self._ledger = Ledger(self.store)
        return self._ledger

    def _new(self) -> bool:
        """No ledger yet: a SQLite file that does not exist (a database URL may hold one)."""
        return self._store is None and "://" not in self._where and not Path(self._where).exists()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def __enter__(self) -> Inkorg:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ receiving
    def receive(self, paths: Sequence[str | Path], config: Config, *, source_kind: str = "fil",
                replace_locked: bool = False, received_by: str | None = None,
                now: Callable[[], dt.datetime] = utcnow, jobs: int | None = None,
                progress: Progress | None = None, grace_s: float = GRACE_S, chunk: int = CHUNK) -> Outcome:
        """Receive files, folders and saved e-mails; refused items are listed with a Swedish reason."""
        recovery = self.recover(config, grace_s=grace_s, now=now)
        items, refused = collect(list(paths), source_kind)
        received = self.receive_items(items, config, replace_locked=replace_locked, received_by=received_by,
                                      now=now, jobs=jobs, progress=progress, chunk=chunk)
        return Outcome(received, refused, recovery)

    def receive_items(self, items: Sequence[Item], config: Config, *, replace_locked: bool = False,
                      received_by: str | None = None, now: Callable[[], dt.datetime] = utcnow,
                      jobs: int | None = None, progress: Progress | None = None,
                      adopting: dict[str, dt.datetime] | None = None, chunk: int = CHUNK) -> list[Received]:
        """Archive, validate and record items (in order). `adopting`: sha256 -> received time of orphans.

        The worker processes validate while this process writes the archive and opens the ledger.
        Files named by a path are validated there; a file whose bytes changed after they were read
        (and e-mail attachments) are validated from the archive, so an entry always describes the
        archived bytes.
        """
        by = received_by or who_am_i()
        shas = [sha256_of(i.data) for i in items]
        unique: dict[str, Item] = {}
        for item, sha in zip(items, shas, strict=True):
            unique.setdefault(sha, item)
        if not unique:
            return []
        stored: dict[str, Stored] = {}

        def archive_and_open() -> None:
            for sha, got in zip(list(unique), self.archive.put_many([(i.data, i.suffix) for i in unique.values()]),
                                strict=True):
                stored[sha] = got
            checkpoint("archived")
            self.ledger  # noqa: B018 - opens the database (and imports its libraries) while the workers read

        direct = {sha: Path(i.source_path) for sha, i in unique.items() if i.source_kind in ("fil",) and i.mail is None}
        checked: dict[str, Checked] = {}
        if unique and len(direct) == len(unique):
            _, got = validate_paths(list(direct.values()), config, jobs=jobs, progress=progress, keep_documents=False,
                                    meanwhile=archive_and_open)
            checked = {sha: c for sha, c in zip(direct, got, strict=True) if c.report.sha256 == sha}
        rest = [sha for sha in unique if sha not in checked]
        if rest:
            if not stored:
                archive_and_open()
            _, got = validate_paths([self.archive.path(stored[sha].relpath) for sha in rest], config, jobs=jobs,
                                    progress=progress, keep_documents=False)
            for sha, c in zip(rest, got, strict=True):
                if c.report.sha256 != sha:  # the archive is written once: a different hash means tampering
                    raise XltoolsError(f"Arkivfilen {self.archive.path(stored[sha].relpath)} har ändrats efter att "
                                       "den sparades.")
                checked[sha] = c
        checkpoint("validated")
        known = self.ledger.known(list(unique))
        entries = [self._entry(sha, unique[sha], stored[sha], checked[sha], by, now, (adopting or {}).get(sha))
                   for sha in unique if sha not in known]
        added = {}
        for i in range(0, len(entries), chunk):
            for a in self.ledger.add(entries[i:i + chunk], replace_locked=replace_locked):
                added[a.sha256] = a
            checkpoint("committed-chunk")
        idents = {e.sha256: e for e in entries}
        out: list[Received] = []
        first: set[str] = set()
        for item, sha in zip(items, shas, strict=True):
            if sha in added and sha not in first:
                first.add(sha)
                a, e = added[sha], idents[sha]
                out.append(Received(item.shown, sha, a.id, a.state, a.new, a.superseded, e.errors, e.warnings,
                                    e.identity))
            else:
                got = known.get(sha) or (added[sha].id, added[sha].state)
                e = idents.get(sha)
                out.append(Received(item.shown, sha, got[0], got[1], False, (), e.errors if e else 0,
                                    e.warnings if e else 0, e.identity if e else self._identity_of(got[0])))
        return out

    def _identity_of(self, entry_id: int) -> Identity | None:
        e = self.ledger.entry(entry_id)
        if e.namnd is None:
            return None
        return Identity(e.kommunkod or "", e.namnd, e.dokument or "", e.ar or 0, e.period or "", e.dokstatus)

    @staticmethod
    def _entry(sha: str, item: Item, stored: Stored, c: Checked, by: str, now: Callable[[], dt.datetime],
               adopted_at: dt.datetime | None) -> NewEntry:
        from xltools.inkorg.ledger import NewEntry

        r = c.report
        return NewEntry(
            sha256=sha, archive_path=stored.relpath, size=len(item.data), received_at=adopted_at or now(),
            received_by=by, source_kind=item.source_kind, source_path=item.source_path, filename=item.filename,
            mail=item.mail, identity=identity_of(r), integrity=integrity_of(item.data, r),
            readable=not r.unreadable, valid=r.valid, errors=r.errors, warnings=r.warnings,
            findings=[f.to_dict() for f in sorted(r.findings, key=lambda f: (str(f.severity), f.loc.sheet or ""))])

    # ------------------------------------------------------------ interrupted runs
    def recover(self, config: Config, grace_s: float = GRACE_S,
                now: Callable[[], dt.datetime] = utcnow) -> Recovery:
        """Remove temporary files and adopt orphans older than `grace_s`; report the rest."""
        import time

        rec = Recovery()
        for tmp in self.archive.stale_temporaries(grace_s):
            try:
                tmp.unlink()
                rec.removed_temporaries.append(str(tmp))
            except OSError:
                pass
        stored = self.archive.stored()
        if not stored and self._new():  # nothing to recover; the ledger is opened beside the workers instead
            return rec
        in_ledger = self.ledger.all_shas()
        for sha, (entry_id, rel) in sorted(in_ledger.items(), key=lambda kv: kv[1][0]):
            if sha not in stored:
                rec.missing.append(f"inlämning {entry_id}: {self.archive.path(rel)}")
        orphans: list[Item] = []
        adopting: dict[str, dt.datetime] = {}
        for sha, rel in sorted(stored.items()):
            if sha in in_ledger:
                continue
            path = self.archive.path(rel)
            try:
                st = path.stat()
                if time.time() - st.st_mtime < grace_s:
                    rec.waiting.append(str(path))
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            if sha256_of(data) != sha:
                rec.missing.append(f"{path}: innehållet stämmer inte med namnet (ändrad efter arkiveringen)")
                continue
            orphans.append(Item(data, path.name, "arkiv", f"{ARCHIVE_DIR}/{rel}"))
            adopting[sha] = dt.datetime.fromtimestamp(st.st_mtime, dt.UTC).replace(tzinfo=None)
        if orphans:
            rec.adopted = self.receive_items(orphans, config, received_by=who_am_i(), now=now, adopting=adopting)
        return rec

