"""The Kolada part of the configuration (config/kolada.yaml), a pydantic model like config.py's.

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

from pydantic import BaseModel, ConfigDict, Field, model_validator

from xltools.kolada import API_URL
from xltools.kolada.client import KoladaClient
from xltools.kolada.fetch import Urval
from xltools.kolada.model import Jamforelse

KommunId = Annotated[str, Field(pattern=r"^\d{4}$")]
KpiId = Annotated[str, Field(pattern=r"^[A-Z]\d{5}$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Liknande(_Model):
    namn: str = "Liknande kommuner"
    kommuner: list[KommunId] = Field(default_factory=list, max_length=100)
    grupp: str | None = Field(default=None, pattern=r"^G\d{1,9}$")

    @model_validator(mode="after")
    def _one_of(self) -> Liknande:
        if bool(self.kommuner) == bool(self.grupp):
            raise ValueError("ange antingen kommuner (en lista med kommunkoder) eller grupp (ett Kolada-id), inte båda")
        return self


class KoladaSettings(_Model):
    api_url: str = Field(default=API_URL, pattern=r"^https?://")
    kommun: KommunId | None = None  # default: kommun.yaml's kommunkod
    antal_ar: int = Field(default=5, ge=1, le=20)
    liknande: Liknande | None = None
    riket: bool = True
    mapp: str = "kolada"
    nyckeltal: list[KpiId] = Field(default_factory=list)  # fetched in addition to the mått's Kolada ids
    tidsgrans_sekunder: float = Field(default=20.0, gt=0, le=300)
    forsok: int = Field(default=3, ge=1, le=5)

    def years(self, budgetar: int) -> tuple[int, ...]:
        """The antal_ar years before the budget year."""
        return tuple(range(budgetar - self.antal_ar, budgetar))

    def urval(self, kommunkod: str, budgetar: int) -> Urval:
        lik = self.liknande
        jamforelse = Jamforelse(namn=lik.namn if lik else "Liknande kommuner",
                                kommuner=tuple(lik.kommuner) if lik else (),
                                grupp=lik.grupp if lik else None, riket=self.riket)
        return Urval(self.kommun or kommunkod, self.years(budgetar), jamforelse)

    def client(self, **kwargs: object) -> KoladaClient:
        return KoladaClient(self.api_url, timeout=self.tidsgrans_sekunder, attempts=self.forsok, **kwargs)  # type: ignore[arg-type]


FILE = "kolada.yaml"


def load_settings(config_dir: str | Path) -> tuple[KoladaSettings | None, list[str]]:
    """config/kolada.yaml (defaults when the file is absent), or Swedish errors naming file and key."""
    import yaml
    from pydantic import ValidationError

    from xltools.config import (  # the same YAML rules and Swedish texts
        _key_path,
        _Loader,
        _sv_message,
    )

    path = Path(config_dir) / FILE
    if not path.exists():
        return KoladaSettings(), []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return None, [f"{path}: filen kunde inte läsas som YAML ({type(exc).__name__})"]
    if not isinstance(data, dict):
        return None, [f"{path}: filen ska innehålla en tabell (nyckel: värde)"]
    try:
        return KoladaSettings.model_validate(data), []
    except ValidationError as exc:
        out = []
        for err in exc.errors():
            key = _key_path(err["loc"])
            text = str(err.get("ctx", {}).get("error", "")) if err.get("type") == "value_error" else _sv_message(err)
            out.append(f"{path}: {key + ': ' if key else ''}{text}")
        return None, out
