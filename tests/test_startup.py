"""What `xltools validate one.xlsx` costs at start-up, and the checked configuration kept between runs.

No timing here (see benchmarks/bench_startup.py): the test is which libraries a run imports. With
the configuration in the cache, validating one workbook imports none of pydantic, PyYAML,
openpyxl, jinja2, XlsxWriter or xlwings; the first run (cache empty) reads the YAML with pydantic.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import CONFIG_DIR, ROOT

from xltools.config import load_config
from xltools.config import stored as config_store

ONE = ROOT / "workbooks" / "planering" / "driftbudget-sn-2027.xlsx"
HEAVY = ("pydantic", "pydantic_core", "yaml", "openpyxl", "jinja2", "xlsxwriter", "xlwings", "pandas", "pyarrow")
PROBE = """
import sys
from xltools.cli import main
heavy = set(sys.argv[3].split(","))
sys.argv = ["xltools", "validate", "--config", sys.argv[1], sys.argv[2]]
try:
    main()
except SystemExit as exc:
    code = exc.code
print("IMPORTED", " ".join(sorted({m.split(".")[0] for m in sys.modules} & heavy)), code)
"""


def _imports(cache: Path | str) -> tuple[set[str], int]:
    env = {**os.environ, "XLTOOLS_CACHE": str(cache)}
    res = subprocess.run([sys.executable, "-c", PROBE, str(CONFIG_DIR), str(ONE), ",".join(HEAVY)],
                         capture_output=True, text=True, env=env, check=False)
    line = res.stdout.strip().splitlines()[-1]
    assert line.startswith("IMPORTED"), res.stdout + res.stderr
    *names, code = line.split()[1:]
    return set(names), int(code)


def test_validate_one_file_imports_no_heavy_library_once_the_config_is_cached(tmp_path: Path) -> None:
    cold, code = _imports(tmp_path / "cache")
    assert code == 0 and {"pydantic", "yaml"} <= cold  # first run: the YAML is read and checked
    assert not cold & {"openpyxl", "jinja2", "xlsxwriter", "xlwings", "pandas", "pyarrow"}
    warm, code = _imports(tmp_path / "cache")
    assert code == 0 and warm == set(), warm
    assert len(list((tmp_path / "cache" / "config").glob("*.json"))) == 1


def test_the_cached_configuration_equals_the_one_read_from_yaml(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XLTOOLS_CACHE", str(tmp_path / "cache"))
    fresh, errors = load_config(CONFIG_DIR)
    assert fresh is not None and not errors
    stored_files = list((tmp_path / "cache" / "config").glob("*.json"))
    assert len(stored_files) == 1 and (tmp_path / "cache").stat().st_mode & 0o077 == 0  # only the user
    again, _ = load_config(CONFIG_DIR)
    assert again == fresh and again is not fresh
    assert again.files == fresh.files and set(fresh.files) >= {"config/kommun.yaml", "config/ekonomi.yaml"}
    assert json.loads(stored_files[0].read_text(encoding="utf-8"))["kommun"]["namn"] == fresh.kommun.namn
    assert config_store.digest(again) == config_store.digest(fresh)


def test_a_changed_file_or_a_broken_entry_is_a_miss(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XLTOOLS_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, folder)
    first, _ = load_config(folder)
    assert first is not None
    text = (folder / "kommun.yaml").read_text(encoding="utf-8")
    (folder / "kommun.yaml").write_text(text.replace(first.kommun.namn, "Annan kommun"), encoding="utf-8")
    second, _ = load_config(folder)
    assert second is not None and second.kommun.namn == "Annan kommun"
    for entry in (tmp_path / "cache" / "config").glob("*.json"):
        entry.write_text('{"kommun": 1}', encoding="utf-8")  # not a configuration: read the YAML instead
    third, _ = load_config(folder)
    assert third == second


def test_xltools_cache_off_stores_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XLTOOLS_CACHE", "off")
    monkeypatch.chdir(tmp_path)
    config, errors = load_config(CONFIG_DIR)
    assert config is not None and not errors
    assert list(tmp_path.iterdir()) == []
