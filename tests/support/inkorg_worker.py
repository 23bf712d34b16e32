"""A receiving process for the inkorg's concurrency and kill -9 tests (a real, separate process).

python inkorg_worker.py FOLDER DB|- GRACE_S PATH... ; prints one JSON line: [[shown, id, state, new], ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from xltools.config import load_config
from xltools.inkorg.receive import Inkorg

CONFIG = Path(__file__).resolve().parents[2] / "config"


def main() -> None:
    folder, db, grace, *paths = sys.argv[1:]
    config, errors = load_config(CONFIG)
    assert config is not None, errors
    with Inkorg(folder, None if db == "-" else db) as ik:
        out = ik.receive(paths, config, jobs=1, chunk=20, grace_s=float(grace))
    print(json.dumps([[r.shown, r.id, r.state, r.new] for r in out.received]
                     + [["återhämtning", line] for line in out.recovery.lines()], ensure_ascii=False))


if __name__ == "__main__":
    main()
