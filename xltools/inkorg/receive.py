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

from xltools.config import Config
from xltools.errors import XltoolsError
from xltools.inkorg.archive import Archive, Stored, checkpoint, sha256_of
from xltools.inkorg.identity import Identity, identity_of, integrity_of
from xltools.inkorg.ledger import Ledger, NewEntry, utcnow
from xltools.inkorg.place import ARCHIVE_DIR, LEDGER_FILE
from xltools.inkorg.sources import Item, Refused, collect
from xltools.inkorg.states import State
from xltools.inkorg.store import Store, is_url, open_store
from xltools.pool import Progress
from xltools.validate import validate_paths

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
        what = " · ".join(str(x) for x in (self.identity.dokument, self.identity.namnd, self.identity.period,
                                           self.identity.dokstatus) if x) if self.identity else "okänt dokument"
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
        where = db if db else str(self.folder / LEDGER_FILE)
        if db and not is_url(db):
            where = str(Path(db))
        self.store: Store = open_store(where)
        self.ledger = Ledger(self.store)

    def close(self) -> None:
        self.store.close()

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
        """Archive, validate and record items (in order). `adopting`: sha256 -> received time of orphans."""
        by = received_by or who_am_i()
        shas = [sha256_of(i.data) for i in items]
        known = self.ledger.known(shas)
        todo: dict[str, tuple[Item, Stored | None]] = {}
        for item, sha in zip(items, shas, strict=True):
            if sha not in known and sha not in todo:
                todo[sha] = (item, None)
        stored = self.archive.put_many([(item.data, item.suffix) for item, _ in todo.values()])
        for sha, s in zip(list(todo), stored, strict=True):
            todo[sha] = (todo[sha][0], s)
        checkpoint("archived")
        entries = self._validated(todo, config, by, now, jobs, progress, adopting or {})
        checkpoint("validated")
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

    def _validated(self, todo: dict[str, tuple[Item, Stored | None]], config: Config, by: str,
                   now: Callable[[], dt.datetime], jobs: int | None, progress: Progress | None,
                   adopting: dict[str, dt.datetime]) -> list[NewEntry]:
        if not todo:
            return []
        paths = [self.archive.path(s.relpath) for _, s in todo.values() if s is not None]
        _, checked = validate_paths(paths, config, jobs=jobs, progress=progress, keep_documents=True)
        out: list[NewEntry] = []
        for (sha, (item, stored)), c in zip(todo.items(), checked, strict=True):
            assert stored is not None
            r = c.report
            if r.sha256 != sha:  # the archive is written once; a different hash means it was tampered with
                raise XltoolsError(f"Arkivfilen {self.archive.path(stored.relpath)} har ändrats efter att den sparades.")
            out.append(NewEntry(
                sha256=sha, archive_path=stored.relpath, size=len(item.data), received_at=adopting.get(sha) or now(),
                received_by=by, source_kind=item.source_kind, source_path=item.source_path, filename=item.filename,
                mail=item.mail, identity=identity_of(c.document), integrity=integrity_of(item.data, c.document),
                readable=not r.unreadable, valid=r.valid, errors=r.errors, warnings=r.warnings,
                findings=[f.to_dict() for f in sorted(r.findings, key=lambda f: (str(f.severity), f.loc.sheet or ""))]))
        return out

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
        in_ledger = self.ledger.all_shas()
        stored = self.archive.stored()
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

