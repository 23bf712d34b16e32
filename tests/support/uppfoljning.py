"""Filled follow-up workbooks with known inputs for the uppföljning tests (syntetiska exempeldata).

`follow_up(...)` writes a complete, valid follow-up through the real template writer and
returns the `values` it typed, so tests compute expected figures from these inputs and the
config, never from the code under test. Amounts: utfall = budget × month/12 (+ small
intäkter), prognos nettokostnad = budget × (1 + delta).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from xltools.config import Config
from xltools.excel.write import write_template
from xltools.forms import FOLLOWUP, FORMS

TEXT = "Syntetiska exempeldata: en kort analys."
# A month each follow-up is made for (a månadsrapport: March), from the declarations.
KIND_MONTH = {f.doc_type: 3 if f.followup.monthly else f.followup.months[0] for f in FOLLOWUP}  # type: ignore[union-attr]
GENERATED = dt.datetime(2026, 1, 15, 8, 0)


def budget(config: Config, namnd: str) -> dict[str, float]:
    assert config.uppfoljning is not None
    return dict(config.uppfoljning.driftbudget[namnd])


def riktade(config: Config, namnd: str) -> list[str]:
    assert config.uppfoljning is not None
    wanted = set(config.uppfoljning.riktade_mal or [])
    return [r.id for r in config.malkedja.riktade_mal if r.namnd == namnd and r.id in wanted]


def economy(config: Config, namnd: str, month: int, delta: float, helar: bool) -> list[dict[str, Any]]:
    rows = []
    for i, (v, b) in enumerate(budget(config, namnd).items()):
        if helar:
            rows.append({"verksamhet": v, "utfall_intakter": 300.0 + i, "utfall_kostnader": round(b * (1 + delta)) + 300.0 + i})
        else:
            rows.append({"verksamhet": v, "utfall_intakter": 100.0 + i,
                         "utfall_kostnader": round(b * month / 12) + 100.0 + i,
                         "prognos_intakter": 300.0 + i, "prognos_kostnader": round(b * (1 + delta)) + 300.0 + i})
    return rows


def follow_up(
    config: Config,
    kind: str,
    namnd: str,
    path: Path,
    *,
    period: str | None = None,
    delta: float = 0.0,
    atgarder: list[dict[str, Any]] | None = None,
    statuses: dict[str, tuple[str, str]] | None = None,
    namndmal: tuple[tuple[str, str], ...] = (("NM1", "SM9"), ("NM2", "SM3")),
    year: int = 2026,
) -> tuple[Path, dict[str, Any]]:
    """Write a valid follow-up; `statuses` maps mål-id -> (bedömning nu, prognos/helår) (default delvis, uppfyllt)."""
    month = KIND_MONTH[kind]
    period = period or f"{year}-{month:02d}"
    helar = FORMS[kind].followup.helar  # type: ignore[union-attr]
    form = FORMS[kind]
    keys = {f.key for _, f in form.field_specs()}
    fields: dict[str, Any] = {"period_text": f"Period {period}", "lamnas_senast": "2026-12-31"}
    fields |= {k: TEXT for k in ("kommentar", "ekonomisk_analys", "verksamhet", "mal_analys", "framtid") if k in keys}
    rows: dict[str, list[dict[str, Any]]] = {"ekonomi": economy(config, namnd, month, delta, helar)}
    if atgarder is None and delta > 0:
        atgarder = [{"atgard": "Återhållsamhet i hela förvaltningen", "effekt": 500.0, "ansvarig": "Förvaltningschef"}]
    rows["atgarder"] = atgarder or []
    if kind in ("delarsrapport", "verksamhetsberattelse"):
        statuses = statuses or {}
        mal = []
        ids = riktade(config, namnd) + [m for m, _ in namndmal]
        for mal_id in ids:
            nu, slut = statuses.get(mal_id, ("delvis", "uppfyllt"))
            row: dict[str, Any] = {"mal_id": mal_id, "bedomning": slut if helar else nu, "analys": TEXT}
            if not helar:
                row["prognos"] = slut
            own = dict(namndmal).get(mal_id)
            if own:
                row |= {"typ": "namndmal", "text": f"Nämndmålet {mal_id}.", "strategiskt_mal": own}
            mal.append(row)
        rows["mal"] = mal
        rows["matt"] = [{"mal_id": m, "matt": f"Mått för {m}", "enhet": "procent", "malvarde": 80.0, "utfall": 78.0,
                         "analys": TEXT} for m in ids]
        assert config.uppfoljning is not None
        projects = config.uppfoljning.investeringar.get(namnd, [])
        rows["investeringar"] = [{"projekt_id": p.id, "utfall": p.budget / 2, **({} if helar else {"prognos": p.budget})}
                                 for p in projects]
        rows["kontroller"] = [{"kontroll_id": k.id, "status": "utford" if helar else "pagar", "resultat": TEXT}
                              for k in config.arshjul.obligatoriska_kontrollmoment]
    if helar:
        rows["insatser"] = [{"insatsomrade": t, "berors": "ja", "beskrivning": TEXT} for t in config.malkedja.insatsomraden]
    values = {"fields": fields, "rows": rows}
    write_template(form, config, namnd, year, path, period=period, values=values, generated=GENERATED)
    return path, values


def netto(row: dict[str, Any], prefix: str) -> float:
    return float(row.get(f"{prefix}_kostnader", 0)) - float(row.get(f"{prefix}_intakter", 0))
