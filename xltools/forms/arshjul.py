"""The årshjul's document names against the document registry (a check the config layer cannot make)."""

from __future__ import annotations

from pathlib import Path

from xltools.config import Config, ConfigError
from xltools.forms import FORMS


def unknown_documents(config: Config, folder: str | Path) -> list[ConfigError]:
    """Årshjul events naming a document type xltools does not make (a misspelt name would silently drop
    the deadline line from the template)."""
    known = ", ".join(sorted(FORMS))
    return [ConfigError(str(Path(folder) / "arshjul.yaml"), f"handelser[{i}].dokument",
                        f"okänt dokument '{h.dokument}'; kända dokument: {known}")
            for i, h in enumerate(config.arshjul.handelser) if h.dokument is not None and h.dokument not in FORMS]
