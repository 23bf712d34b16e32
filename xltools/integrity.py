"""A template's identity that cannot be edited away: an HMAC-SHA256 token made with the kommun's key.

Every template carries, in its metadata sheet, a template id (`mall_id`) and an integrity token
(`integritet`) over kommunkod, nämnd, document, year, period, the time it was made (`generated`)
and the template id (and, for a unit's verksamhetsplan, the unit: `org_enhet`). The token is made
with the kommun's key, which lives outside the workbooks
and outside config/: the file $XLTOOLS_NYCKEL when set, otherwise `nyckel-<kommunkod>` in the
user's xltools folder (%APPDATA%\\xltools on Windows, else $XDG_CONFIG_HOME/xltools or
~/.config/xltools), readable by the user only (mode 0600). `xltools nyckel skapa` creates it.

A configuration of synthetic example data (kommun.exempeldata) uses a fixed demo key instead, made
from the kommunkod: it is no secret (anyone can compute it), so the example workbooks are the same
byte for byte wherever they are generated, and only example data may use it. Without a key the
templates carry no token and validation cannot check identity (docs/sakerhet.md).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
from pathlib import Path

from xltools.config import Config
from xltools.metadata import Meta

ENV = "XLTOOLS_NYCKEL"  # the key file's path
_DEMO = b"xltools syntetiska exempeldata, ingen hemlighet: "
_KEY_BYTES = 32


class KeyFileError(Exception):
    """The key file cannot be made or read (the message is Swedish)."""


def key_dir() -> Path:
    """%APPDATA%\\xltools on Windows, else $XDG_CONFIG_HOME/xltools or ~/.config/xltools."""
    if os.name == "nt" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "xltools"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "xltools"


def key_path(kommunkod: str) -> Path:
    """Where the kommun's key is kept: $XLTOOLS_NYCKEL, else nyckel-<kommunkod> in key_dir()."""
    where = os.environ.get(ENV, "")
    return Path(where) if where else key_dir() / f"nyckel-{kommunkod}"


def demo_key(kommunkod: str) -> bytes:
    """The public key of synthetic example data (deterministic, not a secret)."""
    return hashlib.sha256(_DEMO + kommunkod.encode()).digest()


def create_key(kommunkod: str, replace: bool = False) -> Path:
    """Write a new random key for the user only (0600); KeyFileError when one exists and not `replace`."""
    import secrets

    path = key_path(kommunkod)
    if path.exists() and not replace:
        raise KeyFileError(f"Nyckeln finns redan: {path}. En ny nyckel gör alla utskickade mallar ogiltiga; "
                        "ange --ersatt om det är meningen.")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(_KEY_BYTES) + "\n")
        os.replace(tmp, path)
    except OSError as exc:
        raise KeyFileError(f"Nyckeln kunde inte skrivas till {path}: {exc.strerror or exc}") from None
    _read.cache_clear()
    return path


@functools.cache
def _read(path: str) -> bytes | None:
    try:
        text = Path(path).read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return key if len(key) >= 16 else None


def kommun_key(config: Config) -> bytes | None:
    """The key templates of this configuration are signed with; None when there is none."""
    if config.kommun.exempeldata:
        return demo_key(config.kommun.kommunkod)
    return _read(str(key_path(config.kommun.kommunkod)))


def fingerprint(config: Config) -> str:
    """A digest that changes when the key does (for caches of validation results); '' without a key."""
    key = kommun_key(config)
    return hashlib.sha256(b"xltools-nyckel\0" + key).hexdigest()[:16] if key else ""


def template_id(kommunkod: str, namnd: str, document: str, year: int, period: str, generated: str,
                org_enhet: str = "") -> str:
    """The template's id: derived from what it is and when it was made (equal input, equal file)."""
    text = "\0".join((kommunkod, namnd, document, str(year), period, generated, *((org_enhet,) if org_enhet else ())))
    return hashlib.sha256(b"xltools-mall\0" + text.encode()).hexdigest()[:16]


def token(key: bytes, meta: Meta) -> str:
    """HMAC-SHA256 over the identity fields of the metadata and the template id (hex)."""
    text = "\n".join(("xltools-integritet-1", meta.kommunkod, meta.namnd, meta.document, str(meta.year),
                      meta.period, meta.generated, meta.mall_id, *((f"org_enhet {meta.org_enhet}",) if meta.org_enhet else ())))
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def intact(key: bytes, meta: Meta) -> bool:
    """True when the metadata's token is the one the key gives for its identity fields."""
    return bool(meta.integritet) and hmac.compare_digest(token(key, meta), meta.integritet)
