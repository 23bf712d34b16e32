"""The kommun's configuration: models (models.py), reading and checking the YAML files (load.py), the
cache of checked configurations (stored.py) and the summary `xltools config check` prints (summary.py)."""

from xltools.config.load import ConfigError, load_config
from xltools.config.models import (
    OPTIONAL_PARTS,
    PARTS,
    Arshjul,
    Bolag,
    Config,
    Ekonomi,
    Finansforvaltning,
    FinansielltMal,
    FinansielltMalTyp,
    ForegaendeAr,
    GodEkonomiskHushallning,
    Handelse,
    IngaendeBalans,
    Investeringskategori,
    Kommun,
    KommunensEkonomi,
    KommunensPoster,
    Konto,
    KontoKlass,
    Kontoplan,
    Kontrollmoment,
    Lan,
    Lanepost,
    Malbild,
    Malkedja,
    Malomrade,
    Namnd,
    NamndTyp,
    Organ,
    Organisation,
    Periodisering,
    Planering,
    RiktatMal,
    Skatteprognos,
    StrategisktMal,
    Uppfoljning,
    UppfoljningInvestering,
    Vardegrund,
    Verksamhet,
)
from xltools.config.summary import summary

__all__ = [
    "OPTIONAL_PARTS", "PARTS", "Arshjul", "Bolag", "Config", "ConfigError", "Ekonomi", "FinansielltMal",
    "FinansielltMalTyp", "Finansforvaltning", "ForegaendeAr", "GodEkonomiskHushallning", "Handelse", "IngaendeBalans", "Investeringskategori", "Kommun", "KommunensEkonomi", "KommunensPoster", "Konto",
    "KontoKlass", "Kontoplan", "Kontrollmoment", "Lan", "Lanepost", "Malbild", "Malkedja", "Malomrade", "Namnd", "NamndTyp",
    "Organ", "Organisation", "Periodisering", "Planering", "RiktatMal", "Skatteprognos", "StrategisktMal", "Uppfoljning", "UppfoljningInvestering",
    "Vardegrund", "Verksamhet", "load_config", "summary",
]
