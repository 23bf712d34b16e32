"""The Kolada part of the configuration (config/kolada.yaml): records like config/models.py's, which
pydantic validates only when the YAML is read; to be wired in as an optional part of the configuration.

Example (the file is the section; keys in Swedish ASCII like the other files)::

    antal_ar: 5                  # the years before the budget year
    liknande:                    # either a list of kommun ids ...
      namn: Liknande kommuner
      kommuner: ["2029", "2031", "2034"]
      # grupp: G12345            # ... or a Kolada municipality group id (not both)
    riket: true                  # riket (0000) as well
    mapp: kolada                 # where the snapshots are kept
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from xltools.config.models import Ge, Gt, Le, Model, Pattern, field
from xltools.kolada import API_URL
from xltools.kolada.client import KoladaClient
from xltools.kolada.fetch import Urval
from xltools.kolada.model import Jamforelse

KommunId = Annotated[str, Pattern(r"^\d{4}$")]
KpiId = Annotated[str, Pattern(r"^[A-Z]\d{5}$")]
FILE = "kolada.yaml"


class Liknande(Model):
    """Liknande kommuner: a list of kommun ids or one Kolada municipality group (not both)."""

    namn: str = "Liknande kommuner"
    kommuner: list[KommunId] = field(default_factory=list)
    grupp: Annotated[str, Pattern(r"^G\d{1,9}$")] | None = None


class KoladaSettings(Model):
    api_url: Annotated[str, Pattern(r"^https?://")] = API_URL
    kommun: KommunId | None = None  # default: kommun.yaml's kommunkod
    antal_ar: Annotated[int, Ge(1), Le(20)] = 5
    liknande: Liknande | None = None
    riket: bool = True
    mapp: str = "kolada"  # the folder of snapshots, relative to the working folder
    nyckeltal: list[KpiId] = field(default_factory=list)  # fetched besides the mått's Kolada ids
    tidsgrans_sekunder: Annotated[float, Gt(0), Le(300)] = 20.0
    forsok: Annotated[int, Ge(1), Le(5)] = 3

    def years(self, budgetar: int) -> tuple[int, ...]:
        """The antal_ar years before the budget year."""
        return tuple(range(budgetar - self.antal_ar, budgetar))

    def urval(self, kommunkod: str, budgetar: int) -> Urval:
        lik = self.liknande
        jamforelse = Jamforelse(namn=lik.namn if lik else "Liknande kommuner",
                                kommuner=tuple(lik.kommuner) if lik else (),
                                grupp=lik.grupp if lik else None, riket=self.riket)
        return Urval(self.kommun or kommunkod, self.years(budgetar), jamforelse)

    def client(self, api_url: str | None = None) -> KoladaClient:
        """A client with these settings (`api_url` overrides the configured address)."""
        return KoladaClient(api_url or self.api_url, timeout=self.tidsgrans_sekunder, attempts=self.forsok)



def _check(settings: KoladaSettings) -> list[tuple[str, str]]:
    """(key, problem) for what the types cannot say."""
    lik = settings.liknande
    if lik is not None and bool(lik.kommuner) == bool(lik.grupp):
        return [("liknande", "ange antingen kommuner (en lista med kommunkoder) eller grupp (ett Kolada-id), "
                             "inte båda")]
    if lik is not None and len(lik.kommuner) > 100:
        return [("liknande.kommuner", "högst 100 kommuner")]
    return []


def load_settings(config_dir: str | Path) -> tuple[KoladaSettings | None, list[str]]:
    """config/kolada.yaml (defaults when the file is absent), or Swedish errors naming file and key."""
    import yaml
    from pydantic import ValidationError

    from xltools.config.load import (  # the configuration's own rules
        _adapter,
        _key_path,
        _loader,
        _sv_message,
    )
    from xltools.config.stored import from_data

    path = Path(config_dir) / FILE
    if not path.exists():
        return KoladaSettings(), []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_loader())
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return None, [f"{path}: filen kunde inte läsas som YAML ({type(exc).__name__})"]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [f"{path}: filen ska innehålla en tabell (nyckel: värde)"]
    try:
        settings = from_data(KoladaSettings, _adapter(KoladaSettings).validate_python(data))
    except ValidationError as exc:
        return None, [f"{path}: {_key_path(e['loc']) + ': ' if e['loc'] else ''}{_sv_message(e)}" for e in exc.errors()]
    errors = [f"{path}: {key}: {problem}" for key, problem in _check(settings)]
    return (None, errors) if errors else (settings, [])
