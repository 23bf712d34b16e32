"""A budgetberedning scenario (`xltools budgetberedning SCENARIO.yaml`): what it changes in the base config.

A scenario is an overlay, never a copy of the config: skattesats, a dated skatteunderlag (SKR's prognos),
invånare, ramar ± per nämnd, investeringsnivå, ränta, PO-pålägg and lönekostnad. An alternativbudget is a
scenario on another (`grund: ks-forslag`, the file name of KS förslag without .yaml). Unknown keys, nämnder
that do not exist and years outside the plan period are Swedish errors naming the file and key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from xltools.config.load import ConfigError, load_record
from xltools.config.models import Config, Ge, Gt, Le, Lt, Model, Pattern, field

# A change in tkr: finite and within ± 1 000 miljarder kronor (NaN and infinity fail both bounds).
Andring = Annotated[float, Ge(-1e9), Le(1e9)]


class Skatteunderlag(Model):
    """The kommun's skatteunderlag after a dated prognos (tkr per year): skatteintäkter = underlag × skattesats."""

    prognos: str  # e.g. "SKR cirkulär 26:18, 2026-04-29"
    belopp: dict[int, Annotated[float, Gt(0), Le(1e10)]]


class Scenario(Model):
    """One scenario file. Amounts in tkr; ramar and investeringar are changes (±) against the base."""

    namn: str
    beskrivning: str = ""
    parti: str = ""  # an alternativbudget's political group
    grund: Annotated[str | None, Pattern(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")] = None  # the scenario it builds on
    skattesats: Annotated[float | None, Gt(0), Lt(40)] = None  # the new skattesats (kr per 100 kr)
    skatteunderlag: Skatteunderlag | None = None
    invanare: dict[int, Annotated[int, Gt(0), Le(20_000_000)]] = field(default_factory=dict)  # the year's invånare
    ramar: dict[str, dict[int, Andring]] = field(default_factory=dict)  # nämnd -> year -> ± tkr
    investeringsniva: Annotated[float | None, Ge(0), Le(300)] = None  # % of the investeringsplaners' utgifter
    investeringar: dict[int, Andring] = field(default_factory=dict)  # ± tkr per year on the investeringsplaner
    ranta: Annotated[float | None, Ge(-10), Le(10)] = None  # ± procentenheter on every loan's rate
    po_palagg: Annotated[float | None, Ge(0), Le(100)] = None  # the new PO-pålägg (% of lönesumman)
    lonekostnad: Annotated[float | None, Ge(-50), Le(50)] = None  # ± % on the kommun's lönekostnad (with PO)


def invanare_ar(config: Config, year: int) -> int | None:
    """The invånarantal a year's per-invånare amounts use: the year's own, else the latest before it."""
    known = [y for y in config.kommun.invanare if y <= year]
    return config.kommun.invanare[max(known)] if known else None


def scenario_id(path: str | Path) -> str:
    """A scenario's id: its file name without .yaml (what `grund:` refers to)."""
    return Path(path).stem


def load_scenario(path: str | Path, config: Config) -> tuple[Scenario | None, list[ConfigError]]:
    """Read and check one scenario against the config (nämnder, years of the plan period, invånare)."""
    p = Path(path)
    if not p.is_file():
        return None, [ConfigError(str(p), "", "filen finns inte")]
    s, errors = load_record(p, Scenario)
    if s is None:
        return None, errors
    return s, _cross_check(s, config, str(p))


def _cross_check(s: Scenario, config: Config, file: str) -> list[ConfigError]:
    years = config.planering.ar
    span = f"planperioden {years[0]}–{years[-1]}"
    errs: list[ConfigError] = []
    for n, per_year in s.ramar.items():
        if n not in config.namnd_ids:
            errs.append(ConfigError(file, f"ramar.{n}", f"nämnden {n!r} finns inte i organisation.yaml "
                                                        f"(finns: {', '.join(config.namnd_ids)})"))
            continue
        if n not in config.ekonomi.ramar:
            errs.append(ConfigError(file, f"ramar.{n}", f"nämnden {n!r} har ingen ram i ekonomi.yaml att ändra"))
            continue
        errs += [ConfigError(file, f"ramar.{n}.{y}", f"året {y} ligger utanför {span}") for y in per_year if y not in years]
    named = [("investeringar", s.investeringar), ("invanare", s.invanare)]
    if s.skatteunderlag is not None:
        named.append(("skatteunderlag.belopp", s.skatteunderlag.belopp))
        errs += [ConfigError(file, f"skatteunderlag.belopp.{y}", "skatteunderlaget saknas för året")
                 for y in years if y not in s.skatteunderlag.belopp]
    for key, per_year in named:
        errs += [ConfigError(file, f"{key}.{y}", f"året {y} ligger utanför {span}") for y in per_year if y not in years]
    errs += [ConfigError(file, f"invanare.{y}", f"kommun.yaml har inget invånarantal för {y} eller åren före att "
                                                "jämföra med") for y in s.invanare if y in years and invanare_ar(config, y) is None]
    if s.investeringsniva is not None and s.investeringar:
        errs.append(ConfigError(file, "investeringar", "ange antingen investeringsniva (procent) eller investeringar "
                                                       "(tkr per år), inte båda"))
    return errs
