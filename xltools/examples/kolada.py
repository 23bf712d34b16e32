"""`python -m xltools.examples.kolada`: the example's Kolada snapshot (syntetiska exempeldata).

The fixture (kolada_data.py) is served by a local stand-in for Kolada's API (kolada_server.py)
and fetched with the real client, so the snapshot is exactly what `xltools kolada hamta` makes;
only the local server's address is replaced by Kolada's in the stored URLs. Reproducible: the
fetch time is fixed, and the file equals the committed workbooks/kolada/ byte for byte (a test).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path

from xltools.errors import XltoolsError
from xltools.examples.kolada_data import EXEMPELDATA, fixture
from xltools.examples.kolada_server import serve
from xltools.kolada.client import KoladaClient
from xltools.kolada.fetch import hamta
from xltools.kolada.model import Snapshot
from xltools.kolada.snapshot import PREFIX, save

OUT = Path("workbooks") / "kolada"
FETCHED = dt.datetime(2026, 9, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def example_kpis() -> list[str]:
    """The Kolada ids of the example's mått (riktade mål and nämndmål)."""
    from xltools.examples.planering_data import MAL, RIKTADE

    groups = [*RIKTADE.values(), *(m for mal in MAL.values() for m in mal)]
    return sorted({m[3] for g in groups for m in g["matt"] if m[3]})


def _rebase(snap: Snapshot, local: str, real: str) -> Snapshot:
    serier = tuple(dataclasses.replace(s, kalla_url=s.kalla_url.replace(local, real, 1)) for s in snap.serier)
    return dataclasses.replace(snap, api_url=real, serier=serier)


def build(config_dir: str | Path = "config", out_dir: str | Path = OUT) -> Path:
    """Fetch the fixture like Kolada and write the snapshot into out_dir; returns the file."""
    from xltools.config import load_config
    from xltools.kolada.settings import load_settings

    config, errors = load_config(config_dir)
    settings, more = load_settings(config_dir)
    if config is None or settings is None:
        raise XltoolsError("; ".join([*map(str, errors), *more]))
    urval = settings.urval(config.kommun.kommunkod, config.planering.budgetar)
    with serve(fixture()) as base:
        snap = hamta(KoladaClient(base, timeout=10, attempts=1), urval, example_kpis(), now=FETCHED,
                     exempeldata=EXEMPELDATA)
    if snap.problem:
        raise XltoolsError("Exemplets Kolada-data kunde inte hämtas: " + " ".join(map(str, snap.problem)))
    out_dir = Path(out_dir)
    for old in out_dir.glob(f"{PREFIX}*.json"):
        old.unlink()
    return save(_rebase(snap, base, settings.api_url), out_dir)


def main() -> int:
    try:
        path = build()
    except (XltoolsError, OSError) as exc:
        print(f"fel: {exc}", file=sys.stderr)
        return 1
    print(f"Kolada-ögonblicksbild (syntetiska exempeldata) skriven till {path}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
