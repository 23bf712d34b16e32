"""The per-file cache: a re-run reads only changed workbooks and gives exactly the same result."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CONFIG_DIR, ROOT
from support.workbooks import edit

from xltools.cache import ReadCache, open_cache
from xltools.cli import cli
from xltools.config import Config
from xltools.forms import FORMS
from xltools.validate import validate_paths

EXAMPLES = ROOT / "workbooks" / "planering"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The example submissions of four nämnder (28 workbooks: more than PARALLEL_MIN)."""
    out = tmp_path / "inkorg"
    out.mkdir()
    for f in sorted(EXAMPLES.glob("*.xlsx")):
        if f.name.split("-")[1] in ("ks", "sn", "bun", "tn"):
            shutil.copyfile(f, out / f.name)
    assert len(list(out.glob("*.xlsx"))) >= 21
    return out


def _flat(result: tuple) -> tuple[str, list]:
    report, checked = result
    return report.to_json(), [None if c.document is None else c.document for c in checked]


def _entries(cache: ReadCache) -> list[Path]:
    return sorted(cache.dir.rglob("*.pickle"))


def _break_drift(path: Path) -> None:
    """Type a word into the first amount cell of the driftbudget (STR: a number is expected)."""
    spec, table = FORMS["driftbudget"].table("drift")
    edit(path, {(spec.name, table.ref("kostnader_1", table.first_row)): "tolv"})


@pytest.mark.parametrize("jobs", [1, 2])
def test_rerun_reads_nothing_and_gives_the_same_result(folder: Path, config: Config, tmp_path: Path,
                                                       jobs: int) -> None:
    plain = _flat(validate_paths([folder], config, jobs=jobs))
    cache = ReadCache(tmp_path / "cache", config)
    first = _flat(validate_paths([folder], config, jobs=jobs, cache=cache))
    n = len(list(folder.glob("*.xlsx")))
    assert (cache.hits, cache.misses) == (0, n)
    assert len(_entries(cache)) == n  # written by the worker processes when jobs=2
    again = ReadCache(tmp_path / "cache", config)
    second = _flat(validate_paths([folder], config, jobs=jobs, cache=again))
    assert (again.hits, again.misses) == (n, 0)
    assert plain == first == second
    # documents only for what is asked: without keep_documents none come back, also from the cache
    _, checked = validate_paths([folder], config, cache=again, keep_documents=False)
    assert all(c.document is None for c in checked)


def test_a_changed_file_is_read_again(folder: Path, config: Config, tmp_path: Path) -> None:
    cache = ReadCache(tmp_path / "cache", config)
    before, _ = validate_paths([folder], config, cache=cache)
    target = folder / "driftbudget-sn-2027.xlsx"
    assert before.exit_code() == 0
    _break_drift(target)
    again = ReadCache(tmp_path / "cache", config)
    after, _ = validate_paths([folder], config, cache=again)
    assert again.misses == 1 and again.hits == len(before.files) - 1
    assert after.to_json() == validate_paths([folder], config)[0].to_json()
    broken = next(f for f in after.files if f.file == str(target))
    assert broken.findings and broken.findings[0].loc.sheet == "Driftbudget"
    assert after.exit_code() == 1


def test_other_config_or_path_misses(folder: Path, config: Config, tmp_path: Path) -> None:
    cache = ReadCache(tmp_path / "cache", config)
    validate_paths([folder], config, cache=cache)
    other = config.replace(kommun=config.kommun.replace(namn="Annan kommun"))
    changed = ReadCache(tmp_path / "cache", other)
    assert changed.dir != cache.dir
    validate_paths([folder], other, cache=changed)
    assert changed.hits == 0
    moved = folder.parent / "flyttad"
    shutil.copytree(folder, moved)
    again = ReadCache(tmp_path / "cache", config)
    report, _ = validate_paths([moved], config, cache=again)
    assert again.hits == 0  # findings name the path: a copy elsewhere is read again
    assert all(f.file.startswith(str(moved)) for f in report.files)


def test_broken_entries_are_read_again(folder: Path, config: Config, tmp_path: Path) -> None:
    cache = ReadCache(tmp_path / "cache", config)
    expected = _flat(validate_paths([folder], config, cache=cache))
    entries = _entries(cache)
    entries[0].write_bytes(b"")
    entries[1].write_bytes(b"not a pickle")
    entries[2].write_bytes(entries[2].read_bytes()[:50])
    again = ReadCache(tmp_path / "cache", config)
    assert _flat(validate_paths([folder], config, cache=again)) == expected
    assert again.misses == 3


def test_unwritable_cache_is_skipped(folder: Path, config: Config, tmp_path: Path) -> None:
    blocker = tmp_path / "fil"
    blocker.write_text("en fil, ingen mapp")
    cache = ReadCache(blocker / "cache", config)  # cannot be created: entries are not written
    cache.prune()
    assert _flat(validate_paths([folder], config, cache=cache)) == _flat(validate_paths([folder], config))


def test_prune_removes_fingerprints_unused_for_a_week(config: Config, tmp_path: Path) -> None:
    base = tmp_path / "cache"
    old, recent, mine = base / ("0" * 32), base / ("1" * 32), base / "mina-filer"  # mine: not the cache's
    for d in (old, recent, mine):
        d.mkdir(parents=True)
        (d / "x.pickle").write_bytes(b"x")
    week = 7 * 24 * 3600
    os.utime(old, (time.time() - week - 60,) * 2)
    os.utime(mine, (time.time() - week - 60,) * 2)
    os.utime(recent, (time.time() - week + 3600,) * 2)
    cache = ReadCache(base, config)
    cache.prune()
    assert sorted(p.name for p in base.iterdir()) == sorted([recent.name, mine.name, cache.dir.name, "nyckel"])


def test_environment_chooses_or_disables_the_cache(config: Config, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLTOOLS_CACHE", str(tmp_path / "här"))
    cache = open_cache(config)
    assert cache is not None and cache.dir.parent == tmp_path / "här" and cache.dir.is_dir()
    assert open_cache(config, enabled=False) is None
    monkeypatch.setenv("XLTOOLS_CACHE", "off")
    assert open_cache(config) is None


def test_cli_uses_the_cache_and_no_cache_reads_all(folder: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    where = tmp_path / "cli-cache"
    monkeypatch.setenv("XLTOOLS_CACHE", str(where))
    args = ["validate", str(folder), "--config", str(CONFIG_DIR), "--format", "json"]
    plain = CliRunner().invoke(cli, [*args, "--no-cache"])
    assert plain.exit_code == 0, plain.output
    assert not list(where.rglob("*.pickle"))
    first = CliRunner().invoke(cli, args)
    entries = {p: p.stat().st_mtime_ns for p in where.rglob("*.pickle")}
    assert len(entries) == len(list(folder.glob("*.xlsx")))
    second = CliRunner().invoke(cli, args)
    assert plain.output == first.output == second.output
    assert {p: p.stat().st_mtime_ns for p in where.rglob("*.pickle")} == entries  # read, not rewritten
    assert len(json.loads(second.output)["files"]) == len(entries)
    # the kommunplan from the cache is the kommunplan read from the files, byte for byte
    outputs = {}
    for run, extra in (("filerna", ["--no-cache"]), ("cachen", [])):
        out = tmp_path / run
        kp = CliRunner().invoke(cli, ["kommunplan", str(folder), "--config", str(CONFIG_DIR), "--out", str(out), *extra])
        assert kp.exit_code in (0, 1) and (out / "kommunplan-2027.json").is_file(), kp.output
        outputs[run] = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert len(outputs["filerna"]) >= 3 and outputs["filerna"] == outputs["cachen"]
    assert {p: p.stat().st_mtime_ns for p in where.rglob("*.pickle")} == entries  # the kommunplan read them too


def test_one_file_is_read_without_the_cache(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    where = tmp_path / "en-fil"
    monkeypatch.setenv("XLTOOLS_CACHE", str(where))
    one = sorted(folder.glob("*.xlsx"))[0]
    res = CliRunner().invoke(cli, ["validate", str(one), "--config", str(CONFIG_DIR)])
    assert res.exit_code == 0, res.output
    assert not list(where.rglob("*.pickle"))  # reading one file is quicker than opening the cache


class _Runs:
    """Unpickling this writes a file: what a planted entry would do."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):  # noqa: ANN204
        return (open, (self.marker, "w"))


def test_a_planted_pickle_is_never_loaded(folder: Path, config: Config, tmp_path: Path) -> None:
    import pickle

    cache = ReadCache(tmp_path / "cache", config)
    expected = _flat(validate_paths([folder], config, cache=cache))
    marker = tmp_path / "kordes.txt"
    for p in _entries(cache):  # a valid-looking pickle, with and without a guessed MAC in front
        p.write_bytes(p.read_bytes()[:32] + pickle.dumps(_Runs(marker)))
    again = ReadCache(tmp_path / "cache", config)
    assert _flat(validate_paths([folder], config, cache=again)) == expected
    assert not marker.exists() and again.hits == 0


def test_the_key_is_the_users_alone(config: Config, tmp_path: Path) -> None:
    cache = ReadCache(tmp_path / "cache", config)
    key = tmp_path / "cache" / "nyckel"
    assert cache.key is not None and key.read_bytes() == cache.key and key.stat().st_mode & 0o777 == 0o600
    assert ReadCache(tmp_path / "cache", config).key == cache.key  # made once
    key.chmod(0o644)  # readable by others: not a secret any more
    assert ReadCache(tmp_path / "cache", config).key is None


@pytest.mark.parametrize(("mode", "owner", "why"), [
    (0o777, None, "andra användare kan skriva i mappen"),
    (0o770, None, "andra användare kan skriva i mappen"),
    (0o755, 65534, "mappen ägs av en annan användare"),
    (0o700, None, None),
])
def test_a_folder_others_control_is_refused_with_a_varning(config: Config, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch, mode: int,
                                                           owner: int | None, why: str | None) -> None:
    if owner is not None and os.getuid() != 0:
        pytest.skip("only root can give a folder to another user")  # CI runs as root
    where = tmp_path / "delad"
    where.mkdir()
    where.chmod(mode)
    if owner is not None:
        os.chown(where, owner, owner)
    monkeypatch.setenv("XLTOOLS_CACHE", str(where))
    said: list[str] = []
    cache = open_cache(config, warn=said.append)
    if why is None:
        assert cache is not None and said == []
    else:
        assert cache is None and not any(where.iterdir())
        assert said == [f"varning: cachemappen {where} används inte ({why}); körningen görs utan cache."]
