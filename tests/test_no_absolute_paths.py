"""No absolute server paths in any output (issue 19, part 7): sources are named relative to the folder
of submissions, so a published report does not reveal where the kommun's server keeps them.

Every command that writes outputs is run on copies of the examples under an absolute temporary path;
every output file (xlsx and docx members unzipped) is searched for that path.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import CONFIG_DIR, ROOT


def _run(*args: str) -> None:
    res = subprocess.run([sys.executable, "-m", "xltools", *args], capture_output=True, text=True, cwd=ROOT,
                         check=False)
    assert res.returncode in (0, 1) and "Traceback" not in res.stderr, res.stderr[-2000:]


def _texts(folder: Path) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file():
            continue
        if p.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(p) as zf:
                for name in zf.namelist():
                    out[f"{p.relative_to(folder)}!{name}"] = zf.read(name)
        else:
            out[str(p.relative_to(folder))] = p.read_bytes()
    return out


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("serverns-hemliga-sokvag")
    planering = Path(shutil.copytree(ROOT / "workbooks" / "planering", base / "inkorg" / "planering"))
    uppfoljning = Path(shutil.copytree(ROOT / "workbooks" / "uppfoljning", base / "inkorg" / "uppfoljning"))
    out = base / "ut"
    cfg = ("--config", str(CONFIG_DIR))
    _run("kommunplan", str(planering), *cfg, "--out", str(out / "kommunplan"), "--dokument", "pdf,docx")
    _run("export", str(planering), *cfg, "--out", str(out / "oppna-data"))
    for period in ("2026-08", "2026-12"):
        _run("uppfoljning", "rapport", str(uppfoljning), *cfg, "--period", period, "--out", str(out / period))
    _run("publicera", str(uppfoljning), *cfg, "--period", "2026-08", "--out", str(out / "webbplats"))
    return base, out


def test_no_output_names_the_servers_folders(outputs: tuple[Path, Path]) -> None:
    base, out = outputs
    texts = _texts(out)
    assert len(texts) > 50 and any(k.startswith("kommunplan/") for k in texts)
    assert any(k.startswith("2026-08/") for k in texts) and any(k.startswith("webbplats/") for k in texts)
    needles = [str(base).encode(), str(base.resolve()).encode(), b"/tmp/", str(ROOT).encode()]
    leaks = sorted({name for name, data in texts.items() for n in needles if n in data})
    assert leaks == []


def test_sources_are_named_as_the_folder_names_them(outputs: tuple[Path, Path]) -> None:
    import json

    _, out = outputs
    data = json.loads((out / "2026-08" / "uppfoljning-2026-08.json").read_text(encoding="utf-8"))
    files = {n["fil"] for n in data["namnder"] if n.get("fil")}
    assert files and all(f == Path(f).name and f.endswith("-2026-08.xlsx") for f in files)
