"""Shared fixtures: the example configuration; a real PostgreSQL server per session, and the `db`
fixture that runs every ledger test against SQLite and PostgreSQL."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.postgres import REQUIRE_ENV, Postgres

from xltools.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = ROOT / "config"

# The command line keeps a cache of per-file results (xltools/cache.py); tests keep theirs in a
# folder of their own, never in the user's cache. Set before any test runs, inherited by subprocesses.
os.environ["XLTOOLS_CACHE"] = tempfile.mkdtemp(prefix="xltools-test-cache-")
atexit.register(shutil.rmtree, os.environ["XLTOOLS_CACHE"], True)


@pytest.fixture(scope="session")
def config() -> Config:
    cfg, errors = load_config(CONFIG_DIR)
    assert not errors, errors
    assert cfg is not None
    return cfg


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the current outputs (after an intended change)")


@pytest.fixture(scope="session")
def plan(config: Config) -> Any:
    """The kommunplan consolidated from the committed example submissions (workbooks/planering)."""
    from xltools.jobs.kommunplan import consolidate

    return consolidate(ROOT / "workbooks" / "planering", config)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    try:
        server = Postgres().start()
    except (FileNotFoundError, KeyError) as e:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"PostgreSQL krävs ({REQUIRE_ENV}=1) men kunde inte startas: {e}")
        pytest.skip(f"PostgreSQL är inte installerat ({e}); .ci/run installerar det")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """None: the SQLite file beside the archive (the default); else a fresh PostgreSQL database's URL."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("postgres").create_database()


@pytest.fixture(scope="session")
def example_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example kommun's kommunplan (kp/) and delårsrapport 2026-08 (up/) outputs, made once by the CLI."""
    from click.testing import CliRunner

    from xltools.cli.main import cli

    out = tmp_path_factory.mktemp("rapporter")
    for args in (["kommunplan", str(ROOT / "workbooks" / "planering"), "--out", str(out / "kp")],
                 ["uppfoljning", "rapport", str(ROOT / "workbooks" / "uppfoljning"), "--period", "2026-08",
                  "--out", str(out / "up")]):
        r = CliRunner().invoke(cli, [*args, "--config", str(CONFIG_DIR)])
        assert "Traceback" not in r.output, r.output
    return out
