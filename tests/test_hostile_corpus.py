"""The project's own corpus of hostile, broken and careless submissions (issue 12, part 9).

Every case in support.hostile.CASES is built from the project's examples and run through the real
command line as a child process, fenced in by a timeout and resource limits (support/hostile/runner.py),
and must behave as issue 12 requires: the exit code, the Swedish finding that names the file (and the
sheet and cell), no traceback, no raw control characters on the terminal, the valid file beside it still
validated, and every output folder complete (or the previous complete set), with nothing poisoned in it.

Cases that today's code does not yet handle are listed in TODAY with what is missing; they are strict
xfails, so whoever makes one pass must remove its line here. All selected cases run at once, in
parallel, the first time a case's result is asked for.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import pytest
from support.hostile import CASES, CLASSES, Case
from support.hostile.checks import problems
from support.hostile.runner import make_context, run_all, scratch
from support.hostile.zipparts import crc32_combine, repeated, write_zip

# case id -> what issue 12 asks that today's code does not do yet (remove the line when it does)
TODAY: dict[str, str] = {
}


def _param(case: Case) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=f"issue 12: {TODAY[case.id]}")] if case.id in TODAY else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.fixture(scope="session")
def corpus(request: pytest.FixtureRequest) -> dict:
    """Build and run every selected case once (in parallel); id -> (built, runs, build error)."""
    wanted = {item.callspec.params["case"].id for item in request.session.items
              if getattr(item, "callspec", None) and "case" in item.callspec.params}
    root = scratch()
    request.addfinalizer(lambda: __import__("shutil").rmtree(root, ignore_errors=True))
    ctx = make_context(root / "exempel")
    return run_all([c for c in CASES if c.id in wanted], ctx, root)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_case(case: Case, corpus: dict) -> None:
    built, runs, error = corpus[case.id]
    assert error is None, f"the case could not be built:\n{error}"
    found = [p for run in runs for p in problems(built, run)]
    assert not found, f"{case.description}\nIssue 12: {case.requires}\n- " + "\n- ".join(found)


def test_the_corpus_covers_every_class() -> None:
    per_class = {k: sum(c.cls == k for c in CASES) for k in CLASSES}
    assert len(CASES) >= 70 and all(n >= 3 for n in per_class.values()), per_class
    assert set(TODAY) <= {c.id for c in CASES}, set(TODAY) - {c.id for c in CASES}


def test_crc32_combine_is_zlibs() -> None:
    a, b = b"Syntetiska exempeldata " * 37, bytes(range(256)) * 9
    assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


@pytest.mark.parametrize("count", [1, 2, 3, 7, 64, 1000])
def test_repeated_inflates_to_what_it_says(count: int) -> None:
    raw = repeated(b"<a>", b"xy" * 50, count, b"</a>")
    whole = b"<a>" + b"xy" * 50 * count + b"</a>"
    assert (raw.size, raw.crc, zlib.decompress(raw.data, -15)) == (len(whole), zlib.crc32(whole), whole)


def test_a_bomb_is_small_on_disk_and_huge_inflated(tmp_path: Path) -> None:
    """The zip-bomb case's sheet: 2.5 GiB inflated from under 3 MB, a valid zip (checked without inflating it)."""
    raw = repeated(b"<t>", b"A" * (1 << 20), 2560, b"</t>")
    path = write_zip(tmp_path / "bomb.zip", [("a.xml", raw)])
    assert path.stat().st_size < 3_000_000 and raw.size >= 2 * (1 << 30)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("a.xml")
        assert (info.file_size, info.CRC) == (raw.size, raw.crc)
        with zf.open(info) as fh:
            assert fh.read(3) == b"<t>"
