"""The analyst's API: the consolidated kommunplan as pandas DataFrames (Jupyter, Power BI's Python connector).

    from xltools.data import kommunplan
    tabeller = kommunplan("workbooks/planering", config="config")
    tabeller["resultatbudget"].pivot(index="benamning", columns="ar", values="belopp_tkr")

The tables and their columns are those of `xltools export` (docs/oppna-data.md); each column has
a stated pandas dtype (DTYPES: string, Int64, Float64, boolean, nullable so that a missing value
stays missing, never 0). pandas is an optional extra (`pip install 'xltools[analys]'`) and is
imported only here, never by `validate`, the add-in or the other commands.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from xltools.errors import XltoolsError
from xltools.opendata.tables import DTYPES, Table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DTYPES", "frames", "kommunplan", "las_export"]


def _pandas():  # noqa: ANN202 - the module
    try:
        import pandas as pd
    except ImportError as exc:
        raise XltoolsError("xltools.data kräver pandas: installera tillägget med pip install 'xltools[analys]'.") from exc
    return pd


def frames(tables: list[Table]) -> dict[str, pd.DataFrame]:
    """Each table as a DataFrame with its columns' stated dtypes, by table name."""
    pd = _pandas()
    out: dict[str, pd.DataFrame] = {}
    for t in tables:
        columns = list(zip(*t.rows, strict=True)) if t.rows else [() for _ in t.fields]
        out[t.name] = pd.DataFrame({f.name: pd.array(list(col), dtype=DTYPES[f.type])
                                    for f, col in zip(t.fields, columns, strict=True)})
    return out


def kommunplan(submissions: str | Path, config: str | Path = "config", latest: bool = False) -> dict[str, pd.DataFrame]:
    """Validate and consolidate the submissions in `submissions` (a folder or an inkorg) as `xltools kommunplan`
    does, and return its open-data tables as DataFrames. A submission with fel is left out, as there."""
    from xltools.config import load_config
    from xltools.jobs.kommunplan import consolidate
    from xltools.opendata.tables import kommunplan_tables

    cfg, errors = load_config(config)
    if cfg is None or errors:
        raise XltoolsError(f"Konfigurationen i {config} har fel: " + "; ".join(str(e) for e in errors[:5]))
    return frames(kommunplan_tables(consolidate(submissions, cfg, latest)))


def las_export(folder: str | Path) -> dict[str, pd.DataFrame]:
    """An export written by `xltools export --format csv|parquet` read back by its datapackage.json, with the stated dtypes."""
    pd = _pandas()
    package = Path(folder) / "datapackage.json"
    try:
        meta = json.loads(package.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise XltoolsError(f"{package} kan inte läsas som datapaket: {exc}") from exc
    out: dict[str, pd.DataFrame] = {}
    for res in meta["resources"]:
        dtypes = {f["name"]: DTYPES[f["type"]] for f in res["schema"]["fields"]}
        path = Path(folder) / res["path"]
        if res["format"] == "parquet":
            df = pd.read_parquet(path)
        else:
            df = pd.read_csv(path, dtype={k: ("string" if v == "boolean" else v) for k, v in dtypes.items()},
                             keep_default_na=False, na_values=[""], encoding="utf-8")
            for k, v in dtypes.items():
                if v == "boolean":
                    df[k] = df[k].map({"true": True, "false": False}).astype("boolean")
        out[res["name"]] = df.astype(dtypes)
    return out
