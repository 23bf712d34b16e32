"""The configuration a Lite template carries: only what one nämnd's document needs, as JSON.

Inside xlwings Lite there are no configuration files to read, so `templates generate` writes the
configuration into the template's code (xltools.lite.script). It carries the nämnd's own ramar
and follow-up budget, the lists and the rules' parameters (kontoplan, målkedja, nämnder,
investeringskategorier, internränta), and the årshjul's deadline of the document. The kommun-level
economy (taxes, balance sheet, loans, central items; the kommun's own follow-up budget and
prognoser), the other nämnders' ramar and budgets, the
inkorg path, the package address and the bolag are left out: in the loaded configuration they are Omitted
placeholders, so a check that would need one fails loudly (a finding) instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from xltools.config import Config
from xltools.config.models import Omitted
from xltools.config.stored import from_data, to_data
from xltools.errors import XltoolsError
from xltools.forms.period import FOLLOWUP_DOCS, due_date, parse_period

FORMAT = 1
LEFT_OUT = (
    "ekonomi.skattesats", "ekonomi.skatteintakter", "ekonomi.generella_statsbidrag_och_utjamning",
    "ekonomi.befintliga_avskrivningar", "ekonomi.ingaende_balans", "ekonomi.lan", "ekonomi.finansforvaltning",
    "ekonomi.finansiella_mal", "ekonomi.investeringsram", "ekonomi.jamforelse", "organisation.bolag", "planering.inkorg",
    "planering.lite_paket", "uppfoljning.kommunen",
)
# keyed by nämnd id; ekonomi.ramar and uppfoljning.driftbudget stay whole (KF-adopted, public): the
# plausibility rules (RIM) measure an amount against the whole kommun's budget
PER_NAMND = ("uppfoljning.investeringar", "uppfoljning.insatsomraden")


def _parent(data: dict[str, Any], path: str) -> tuple[dict[str, Any] | None, str]:
    *parents, leaf = path.split(".")
    node: Any = data
    for key in parents:
        node = node.get(key) if isinstance(node, dict) else None
    return (node if isinstance(node, dict) else None), leaf


def deadline(config: Config, document: str, year: int, period: str | None = None) -> dt.date | None:
    """When the document is due at ekonomienheten (the årshjul; a follow-up's from its period)."""
    parsed = parse_period(period) if period and period != str(year) else None
    if document in FOLLOWUP_DOCS and parsed is not None:
        return due_date(config, document, parsed)
    return config.arshjul.deadline(document, year)


def bundle_for(config: Config, document: str, namnd: str, year: int, period: str | None = None) -> dict[str, Any]:
    """The bundle of one template: the configuration pruned to the nämnd and the document, and what it is for."""
    due = deadline(config, document, year, period)
    data = to_data(config)
    data.pop("files", None)  # which YAML files were read: not configuration
    arshjul = data["arshjul"]
    arshjul["handelser"] = [h for h in arshjul["handelser"] if h.get("dokument") == document]  # its own deadline
    left_out = [p for p in LEFT_OUT if not (document == "bolagsplan" and p == "organisation.bolag")]  # BOL-2's ramar
    for path in left_out:
        parent, leaf = _parent(data, path)
        if parent is not None:
            parent.pop(leaf, None)
    for path in PER_NAMND:
        parent, leaf = _parent(data, path)
        if parent is not None and isinstance(parent.get(leaf), dict):
            parent[leaf] = {k: v for k, v in parent[leaf].items() if k == namnd}
    return {"format": FORMAT, "document": document, "namnd": namnd, "year": year, "period": period or str(year),
            "lamnas_senast": due.isoformat() if due else None, "left_out": left_out, "config": data}


def bundle_json(bundle: dict[str, Any]) -> str:
    """The bundle as compact JSON (the same bundle, the same text)."""
    return json.dumps(bundle, ensure_ascii=False, separators=(",", ":"))


def config_from_bundle(bundle: dict[str, Any] | str) -> Config:
    """The Config of a bundle; what it leaves out becomes Omitted. A bundle this code cannot read -> XltoolsError."""
    try:
        data = json.loads(bundle) if isinstance(bundle, str) else bundle
        if data.get("format") != FORMAT:
            raise XltoolsError(f"Mallens inbyggda konfiguration har formatet {data.get('format')!r}; den här versionen "
                               f"av xltools läser format {FORMAT}. Hämta en ny mall från ekonomienheten.")
        config = json.loads(json.dumps(data["config"]))  # a private copy to fill in
        for path in data.get("left_out", []):
            parent, leaf = _parent(config, path)
            if parent is not None:
                parent[leaf] = Omitted(path)
        return from_data(Config, config)
    except XltoolsError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise XltoolsError(f"Mallens inbyggda konfiguration kan inte läsas ({exc.__class__.__name__}: {exc}). "
                           "Hämta en ny mall från ekonomienheten.") from exc
