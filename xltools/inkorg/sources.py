"""What a user hands over -> items to receive: files, folders (recursively) and saved e-mails (.eml).

Everything is untrusted. Only regular files are read; inside a folder no symbolic link is followed
(a link is refused, so nothing outside the folder is read); a FIFO or device is refused without
blocking; a file larger than MAX_BYTES is refused. Each item not taken gets a Swedish reason, and
the other items go on.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from xltools.errors import os_reason
from xltools.inkorg.archive import SUFFIXES

MAX_BYTES = 100 * 1024 * 1024
MAIL_SUFFIX = ".eml"


@dataclass(frozen=True)
class Mail:
    """Where an attachment came from: the e-mail's sender, subject, date and message id."""

    sender: str
    subject: str
    date: str  # ISO 8601 when the Date header could be read, else as written
    message_id: str


@dataclass(frozen=True)
class Item:
    """One file to receive, with where it came from."""

    data: bytes
    filename: str  # the name the sender gave it (shown, never used as a path)
    source_kind: str  # "fil", "epost" or "tillagg" (the add-in's hand-in)
    source_path: str  # the file as given, or the saved e-mail it was attached to
    mail: Mail | None = None

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.filename).suffix.lower()

    @property
    def shown(self) -> str:
        return f"{self.source_path}: bilagan {self.filename}" if self.mail else self.source_path


@dataclass(frozen=True)
class Refused:
    """Something handed over that was not received, and why (Swedish)."""

    what: str
    why: str

    def __str__(self) -> str:
        return f"{self.what}: {self.why}"


class _Refuse(Exception):
    pass


def read_regular(path: Path, follow: bool) -> bytes:
    """The bytes of a regular file; _Refuse (Swedish) for anything else. follow=False: a link is refused."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise _Refuse("är en symbolisk länk; länkar följs inte") from e
        raise _Refuse(f"kunde inte öppnas ({os_reason(e)})") from e
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _Refuse("är ingen vanlig fil (till exempel en enhet eller en namngiven pipe)")
        if st.st_size > MAX_BYTES:
            raise _Refuse(f"är för stor ({st.st_size // (1024 * 1024)} MB; högst {MAX_BYTES // (1024 * 1024)} MB)")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            if sum(map(len, chunks)) > MAX_BYTES:
                raise _Refuse(f"är för stor (högst {MAX_BYTES // (1024 * 1024)} MB)")
        return b"".join(chunks)
    except OSError as e:
        raise _Refuse(f"kunde inte läsas ({os_reason(e)})") from e
    finally:
        os.close(fd)


def _header(msg: object, name: str) -> str:
    try:
        value = msg.get(name)  # type: ignore[attr-defined]
        return " ".join(str(value).split()) if value is not None else ""
    except Exception:  # a malformed header is kept out, not fatal
        return ""


def _mail_date(msg: object) -> str:
    raw = _header(msg, "Date")
    try:
        from email.utils import parsedate_to_datetime

        when = parsedate_to_datetime(raw)
        if when.tzinfo is not None:
            when = when.astimezone(dt.UTC)
        return when.isoformat()
    except (TypeError, ValueError, IndexError):
        return raw[:64]


def _safe_name(name: str) -> str:
    """An attachment's name as a bare file name (no folders, no control characters)."""
    base = PureWindowsPath(PurePosixPath(name.replace("\x00", "")).name).name
    return "".join(c for c in base if c.isprintable()).strip() or "bilaga"


def from_mail(data: bytes, source_path: str, source_kind: str = "epost") -> tuple[list[Item], list[Refused]]:
    """The workbooks attached to a saved e-mail (also inside forwarded messages), with the mail's headers."""
    from email import policy
    from email.parser import BytesParser

    try:
        msg = BytesParser(policy=policy.default).parsebytes(data)
    except Exception:
        return [], [Refused(source_path, "e-brevet kunde inte tolkas")]
    mail = Mail(_header(msg, "From"), _header(msg, "Subject"), _mail_date(msg), _header(msg, "Message-ID"))
    items: list[Item] = []
    refused: list[Refused] = []
    try:
        parts = list(msg.walk())
    except Exception:
        return [], [Refused(source_path, "e-brevets delar kunde inte läsas")]
    for part in parts:
        try:
            if part.is_multipart():
                continue
            raw_name = part.get_filename()
            if raw_name is None:
                continue  # the message text
            name = _safe_name(str(raw_name))
            payload = part.get_payload(decode=True)
        except Exception:
            refused.append(Refused(f"{source_path}: en bilaga", "bilagan kunde inte avkodas"))
            continue
        what = f"{source_path}: bilagan {name}"
        if PurePosixPath(name).suffix.lower() not in SUFFIXES:
            refused.append(Refused(what, "är ingen Excelarbetsbok (.xlsx); den togs inte emot"))
        elif not isinstance(payload, bytes) or not payload:
            refused.append(Refused(what, "är tom eller kunde inte avkodas"))
        elif len(payload) > MAX_BYTES:
            refused.append(Refused(what, f"är för stor (högst {MAX_BYTES // (1024 * 1024)} MB)"))
        else:
            items.append(Item(payload, name, source_kind, source_path, mail))
    if not items and not refused:
        refused.append(Refused(source_path, "e-brevet har ingen bifogad Excelarbetsbok"))
    return items, refused


def _one(path: Path, follow: bool, shown: str, source_kind: str) -> tuple[list[Item], list[Refused]]:
    suffix = path.suffix.lower()
    if path.name.startswith("~$"):
        return [], [Refused(shown, "är Excels låsfil för en öppen arbetsbok, ingen inlämning")]
    if suffix != MAIL_SUFFIX and suffix not in SUFFIXES:
        return [], [Refused(shown, "är ingen Excelarbetsbok (.xlsx) eller sparat e-brev (.eml); den togs inte emot")]
    try:
        data = read_regular(path, follow)
    except _Refuse as r:
        return [], [Refused(shown, str(r))]
    if suffix == MAIL_SUFFIX:
        return from_mail(data, shown)
    return [Item(data, path.name, source_kind, shown)], []


def _walk(folder: Path) -> tuple[list[Item], list[Refused]]:
    items: list[Item] = []
    refused: list[Refused] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        return [], [Refused(str(folder), f"mappen kunde inte läsas ({os_reason(e)})")]
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_symlink():
                refused.append(Refused(str(path), "är en symbolisk länk; länkar följs inte"))
            elif entry.is_dir(follow_symlinks=False):
                more, no = _walk(path)
                items += more
                refused += no
            else:
                more, no = _one(path, False, str(path), "fil")
                items += more
                refused += no
        except OSError as e:
            refused.append(Refused(str(path), f"kunde inte läsas ({os_reason(e)})"))
    return items, refused


def collect(paths: list[str | Path], source_kind: str = "fil") -> tuple[list[Item], list[Refused]]:
    """Items from files, folders and saved e-mails, in the order given (folders sorted by name)."""
    items: list[Item] = []
    refused: list[Refused] = []
    for p in map(Path, paths):
        try:
            is_dir = p.is_dir()
            exists = is_dir or p.exists() or p.is_symlink()
        except OSError as e:
            refused.append(Refused(str(p), f"kunde inte nås ({os_reason(e)})"))
            continue
        if not exists:
            refused.append(Refused(str(p), "filen eller mappen finns inte"))
        elif is_dir:
            more, no = _walk(p)
            items += more
            refused += no
        else:
            more, no = _one(p, True, str(p), source_kind)  # a file named by the user: as the user named it
            items += more
            refused += no
    return items, refused
