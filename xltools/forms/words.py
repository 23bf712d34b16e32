"""Kommun-specific words in the forms' static texts, taken from the config when a template is written.

A form's titles, intros and instructions are written once for every kommun; where they name the kommun's
strategi or the lokal-owning nämnd they hold a placeholder that `kommun_text` fills from the config.
"""

from __future__ import annotations

from xltools.config import Config

STRATEGI = "{strategi}"  # malkedja.yaml strategi, e.g. "Strategi Hållbara Mora"
LOKALAGARE = "{lokalagare}"  # the nämnd with lokalagare: true (organisation.yaml), e.g. "Tekniska nämnden"


def kommun_text(text: str, config: Config) -> str:
    """`text` with the placeholders replaced by the config's words."""
    if "{" not in text:
        return text
    owner = config.lokalagare()
    return (text.replace(STRATEGI, config.malkedja.strategi)
            .replace(LOKALAGARE, owner.namn.lower() if owner else "den lokalägande nämnden"))
