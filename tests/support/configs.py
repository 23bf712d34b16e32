"""The bundled configuration copied into a test's folder and edited as a user would edit its YAML."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def edit_yaml(cfg: Path, name: str, fn: Callable[[Any], Any]) -> None:
    """Load `<cfg>/<name>.yaml`, let `fn` change the data in place, write it back."""
    path = cfg / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edited_config(folder: Path, name: str, fn: Callable[[Any], Any]) -> Path:
    """A copy of config/ in `folder` with one YAML file edited by `fn`."""
    cfg = Path(shutil.copytree(ROOT / "config", folder))
    edit_yaml(cfg, name, fn)
    return cfg
