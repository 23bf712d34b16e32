"""The leaf modules: atomic writes, the cache folder, the paused garbage collector, worker processes."""

from __future__ import annotations

import gc
import os
import stat
from pathlib import Path

import pytest

from xltools.atomic import atomic_dir, atomic_file
from xltools.cachedir import ENV, cache_root, default_dir, private_dir
from xltools.gcpause import gc_paused
from xltools.pool import chunked, cores, run_chunks


def test_atomic_file_replaces_on_success_and_leaves_nothing_on_error(tmp_path: Path) -> None:
    target = tmp_path / "ut" / "rapport.txt"
    with atomic_file(target) as tmp:
        tmp.write_text("första")
    assert target.read_text() == "första"
    with pytest.raises(RuntimeError), atomic_file(target) as tmp:
        tmp.write_text("halv")
        raise RuntimeError("avbrott")
    assert target.read_text() == "första"
    assert sorted(p.name for p in target.parent.iterdir()) == ["rapport.txt"]  # no temporary file left


def test_atomic_dir_lands_every_file_or_none(tmp_path: Path) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    (out / "annan.txt").write_text("stannar")
    with pytest.raises(OSError), atomic_dir(out) as tmp:
        (tmp / "a.txt").write_text("a")
        raise OSError("disken är full")
    assert sorted(p.name for p in out.iterdir()) == ["annan.txt"]
    with atomic_dir(out) as tmp:
        (tmp / "bilagor").mkdir()
        (tmp / "bilagor" / "b.html").write_text("b")
        (tmp / "a.txt").write_text("a")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "a.txt", "annan.txt", "bilagor/b.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ut"]


def test_cache_root_follows_xltools_cache(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV, "off")
    assert cache_root() is None
    monkeypatch.setenv(ENV, str(tmp_path / "c"))
    assert cache_root() == tmp_path / "c"
    monkeypatch.delenv(ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == default_dir() == tmp_path / "xdg" / "xltools"


def test_private_dir_is_for_the_user_only(tmp_path: Path) -> None:
    made = private_dir(tmp_path / "a" / "b")
    for p in (tmp_path / "a", made):
        assert stat.S_IMODE(p.stat().st_mode) == 0o700, p


def test_gc_paused_restores_the_collector_even_after_an_error() -> None:
    seen: list[bool] = []

    @gc_paused
    def work(fail: bool) -> None:
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("fel")

    assert gc.isenabled()
    work(False)
    with pytest.raises(ValueError):
        work(True)
    assert seen == [False, False] and gc.isenabled()


def _square(chunk: list[int]) -> list[tuple[int, int]]:
    return [(n, os.getpid()) for n in chunk]


def test_chunks_keep_the_order_and_workers_return_it(tmp_path: Path) -> None:
    items = list(range(50))
    chunks = chunked(items, 2)
    assert [n for c in chunks for n in c] == items and max(len(c) for c in chunks) <= 16
    done: list[int] = []
    got = run_chunks(_square, chunks, 2, done=done.append)
    assert got is not None and [n for n, _ in got] == items
    assert sum(done) == 50 and cores() >= 1
