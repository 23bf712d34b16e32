"""Shared fixtures: the example configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from xltools.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = ROOT / "config"


@pytest.fixture(scope="session")
def config() -> Config:
    cfg, errors = load_config(CONFIG_DIR)
    assert not errors, errors
    assert cfg is not None
    return cfg
