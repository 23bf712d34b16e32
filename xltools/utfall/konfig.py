"""utfall.yaml against the rest of the configuration: the mapping checked, and what it is checked against.

The configuration keeps utfall.yaml as written (xltools.config); this module builds the Referens
(nämnder and their verksamheter from organisation.yaml, Kommun-Bas konton and verksamheter from
kontoplan.yaml, investment projects from uppfoljning.yaml) and validates the mapping (pydantic, in
xltools.utfall.mapping), so `config check` and every reader of a ledger file refuse the same mistakes.
"""

from __future__ import annotations

from typing import Any

from xltools.config import Config, KontoKlass
from xltools.utfall.mapping import Referens, UtfallMapping, load_mapping, referens_from_config

DIMENSIONS = ("ansvar_dimension", "verksamhet_dimension", "projekt_dimension")


def shown_file(config: Config) -> str:
    """utfall.yaml as the configuration names it ('config/utfall.yaml')."""
    return next((f for f in config.files if f.endswith("/utfall.yaml")), "utfall.yaml")


def referens(config: Config) -> Referens:
    kommunbas = [k.kod for k in config.kontoplan.konton
                 if k.klass not in (KontoKlass.INVESTERING,)]  # the follow-up's konton (classes 3–8)
    projects = {p.id: nid for nid, ps in (config.uppfoljning.investeringar.items() if config.uppfoljning else ())
                for p in ps}
    return referens_from_config({n.id: n.verksamheter for n in config.organisation.namnder}, kommunbas,
                                [v.kod for v in config.kontoplan.verksamheter], projects)


def _codes_as_text(value: Any, key: str = "") -> Any:
    """Codes written without quotes (5100, fran: 5000) are read by YAML as numbers: make them text again."""
    if isinstance(value, dict):
        return {k: _codes_as_text(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_codes_as_text(v, key) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and key not in DIMENSIONS:
        return str(value)
    return value


def mapping(config: Config) -> UtfallMapping:
    """The checked mapping (the defaults when there is no utfall.yaml); XltoolsError naming every problem."""
    data = _codes_as_text(config.utfall or {})
    if "investeringsprojekt" not in data and data.get("projekt_dimension") is not None:  # the year's projects
        data["investeringsprojekt"] = sorted(referens(config).projekt_namnd)
    return load_mapping(data, shown_file(config), referens(config))
