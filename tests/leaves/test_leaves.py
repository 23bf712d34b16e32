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


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_atomic_dir_replaces_the_whole_set_and_keeps_what_xltools_did_not_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool) -> None:
    if not exchange:
        monkeypatch.setenv("XLTOOLS_NO_EXCHANGE", "1")  # the Windows and macOS way
    out = tmp_path / "ut"
    with atomic_dir(out) as tmp:
        (tmp / "bilagor").mkdir()
        for name in ("kommunplan-2027.xlsx", "bilagor/index.html", "bilagor/kfn.html", "bilagor/sn.html"):
            (tmp / name).write_text("förra")
    (out / "anteckningar.txt").write_text("min egen")
    (out / "bilagor" / "logga.png").write_bytes(b"png")
    with atomic_dir(out) as tmp:
        (tmp / "bilagor").mkdir()
        for name in ("kommunplan-2027.xlsx", "bilagor/index.html", "bilagor/kfn.html"):
            (tmp / name).write_text("ny")
    files = {p.relative_to(out).as_posix(): p.read_text(errors="replace") for p in out.rglob("*") if p.is_file()}
    assert files == {"kommunplan-2027.xlsx": "ny", "bilagor/index.html": "ny", "bilagor/kfn.html": "ny",
                     "anteckningar.txt": "min egen", "bilagor/logga.png": "png"}  # the old sn.html is gone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ut"]


def test_leftovers_of_a_killed_run_are_cleaned_and_a_set_moved_aside_is_put_back(tmp_path: Path) -> None:
    from xltools.atomic import clean_leftovers

    dead = 2 ** 22 + 1  # above pid_max's default: no such process
    out = tmp_path / "ut"
    half = tmp_path / f".ut.xltools-{dead}-ab12.new"
    half.mkdir()
    (half / "kommunplan-2027.xlsx").write_text("halv")
    aside = tmp_path / f".ut.xltools-{dead}-ab12.old"
    aside.mkdir()
    (aside / "kommunplan-2027.xlsx").write_text("förra")
    running = tmp_path / f".ut.xltools-{os.getpid()}-cd34.new"  # a run still writing: left alone
    running.mkdir()
    clean_leftovers(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["ut", running.name])
    assert (out / "kommunplan-2027.xlsx").read_text() == "förra"
    half.mkdir()
    clean_leftovers(out)  # the folder exists now: a leftover is only removed
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["ut", running.name])


def test_an_output_folder_holding_the_input_is_refused(tmp_path: Path) -> None:
    from xltools.atomic import refuse_inside
    from xltools.errors import XltoolsError

    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    for out in (inbox, tmp_path):
        with pytest.raises(XltoolsError, match="innehåller underlaget"):
            refuse_inside(out, inbox)
    refuse_inside(tmp_path / "ut", inbox)


def test_a_linked_output_folder_is_replaced_where_it_points(tmp_path: Path) -> None:
    real = tmp_path / "delad" / "kommunplan"
    real.mkdir(parents=True)
    (real / "gammal.html").write_text("förra")
    link = tmp_path / "ut"
    link.symlink_to(real)
    with atomic_dir(link) as tmp:
        (tmp / "ny.html").write_text("ny")
    assert link.is_symlink() and sorted(p.name for p in real.iterdir()) == ["ny.html"]
