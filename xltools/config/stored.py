"""The checked configuration kept as JSON, keyed by its content, so that a run starts without
reading YAML or importing pydantic (what `xltools validate one.xlsx` and the add-in feel on every click).

The key is a sha256 over the YAML files' names and bytes, the configuration code (the sources of
this package) and a format version: a changed file, or a new xltools, is a miss. Only a
configuration without errors is stored. JSON only, never pickle: a stored entry is data, and the
worst a tampered one can do is change configuration values in the user's own folder. Any entry
that cannot be read back is a miss.
"""

from __future__ import annotations

import functools
import hashlib
import json
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

from xltools.atomic import atomic_file
from xltools.cachedir import cache_root, private_dir, unsafe
from xltools.config.models import Model, Omitted

FORMAT = b"1"  # bump when the stored shape changes
_CODE = ("models.py", "load.py", "stored.py")  # the code that decides what a configuration is


def to_data(obj: Any) -> Any:
    """A configuration object as JSON values (records -> objects, enums -> their values)."""
    if isinstance(obj, Model):
        return {name: to_data(getattr(obj, name)) for name, _ in obj.FIELDS}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_data(v) for v in obj]
    return obj


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)  # Annotated constraints stripped


def from_data(tp: Any, value: Any) -> Any:
    """The inverse of to_data, guided by the type annotations (dict keys back to int where declared)."""
    if value is None or isinstance(value, Omitted):  # Omitted: left out of a bundle, stays a placeholder
        return value
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        return from_data(next(a for a in typing.get_args(tp) if a is not type(None)), value)
    if origin is list:
        (item,) = typing.get_args(tp)
        return [from_data(item, v) for v in value]
    if origin is dict:
        key, item = typing.get_args(tp)
        return {from_data(key, k): from_data(item, v) for k, v in value.items()}
    if isinstance(tp, type) and issubclass(tp, Model):
        hints = _hints(tp)
        return tp(**{name: from_data(hints[name], v) for name, v in value.items()})
    if tp is float:
        return float(value)
    if tp is int:
        return int(value)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(value)
    return value


def key(folder: Path, files: dict[str, bytes]) -> str:
    """The cache key of a configuration folder's files (name -> bytes)."""
    h = hashlib.sha256(FORMAT)
    here = Path(__file__).parent
    for name in _CODE:
        h.update(name.encode() + b"\0" + (here / name).read_bytes() + b"\0")
    h.update(folder.name.encode() + b"\0")
    for name, data in sorted(files.items()):
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def _path(k: str) -> Path | None:
    root = cache_root()
    if root is None or (root.is_dir() and unsafe(root) is not None):
        return None  # not the user's own folder: what is in it is not trusted (the per-file cache says so)
    return root / "config" / f"{k}.json"


def get(k: str, cls: type) -> Any | None:
    """The stored configuration for key `k`, or None (none stored, caching off, or unreadable)."""
    path = _path(k)
    if path is None:
        return None
    try:
        return from_data(cls, json.loads(path.read_bytes()))
    except Exception:  # missing, or not what this code stores: read the YAML instead
        return None


def put(k: str, config: Any) -> None:
    """Store a checked configuration; a cache that cannot be written is skipped."""
    path = _path(k)
    if path is None:
        return
    try:
        private_dir(path.parent)
        with atomic_file(path) as tmp:
            tmp.write_text(json.dumps(to_data(config), ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass


def digest(config: Any) -> str:
    """sha256 of a configuration's content (what the per-file cache is keyed by)."""
    return hashlib.sha256(json.dumps(to_data(config), ensure_ascii=False, sort_keys=True).encode()).hexdigest()
