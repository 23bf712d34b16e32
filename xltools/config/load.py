"""Reading the configuration: YAML files -> validated, cross-checked Config, or Swedish errors.

Each file holds one part (kommun.yaml, organisation.yaml, malkedja.yaml, planering.yaml,
ekonomi.yaml, kontoplan.yaml, arshjul.yaml; uppfoljning.yaml when present). Errors name file,
key path and problem in Swedish; cross-references (nämnd ids, years) are checked after loading.
PyYAML and pydantic are imported only here, and only when the configuration is not in the cache.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import types
import typing
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xltools.config import stored
from xltools.config.models import (
    MISSING,
    NIVA_DJUP,
    NIVA_NAMN,
    OPTIONAL_PARTS,
    PARTS,
    Config,
    IngaendeBalans,
    KontoKlass,
    Model,
    Namnd,
    NamndTyp,
    OrgNiva,
    same_kommun,
)
from xltools.sv import sv_whole

FORBID_EXTRA = {"extra": "forbid"}  # pydantic's config for every record: an unknown key is an error


@dataclass(frozen=True)
class ConfigError:
    """One problem in the configuration, in Swedish."""

    file: str
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.key}" if self.key else self.file
        return f"{where}: {self.message}"


_PYDANTIC_SV = {
    "missing": "nyckeln saknas",
    "missing_keyword_only_argument": "nyckeln saknas",
    "unexpected_keyword_argument": "okänd nyckel (stavfel?)",
    "dataclass_type": "ska vara en tabell (nyckel: värde)",
    "extra_forbidden": "okänd nyckel (stavfel?)",
    "int_parsing": "ska vara ett heltal",
    "int_type": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal",
    "float_parsing": "ska vara ett tal",
    "float_type": "ska vara ett tal",
    "string_type": "ska vara en text",
    "bool_parsing": "ska vara true eller false",
    "bool_type": "ska vara true eller false",
    "list_type": "ska vara en lista",
    "dict_type": "ska vara en tabell (nyckel: värde)",
    "model_type": "ska vara en tabell (nyckel: värde)",
    "enum": "otillåtet värde",
    "string_pattern_mismatch": "har fel form",
    "greater_than": "är för litet",
    "greater_than_equal": "är för litet",
    "less_than": "är för stort",
    "less_than_equal": "är för stort",
    "value_error": "ogiltigt värde",
    "too_short": "har för få värden",
    "too_long": "har för många värden",
}


# A pattern's rule in words, so a "har fel form" message says which form is right.
_PATTERN_SV = {
    r"^[a-z][a-z0-9_]*$": "ett id börjar med en liten bokstav a–z och innehåller bara a–z, 0–9 och _ "
                          "(inte å, ä, ö, versaler, mellanslag eller bindestreck), t.ex. kfn eller sn_2",
    r"^\d{4}$": "fyra siffror, t.ex. 2062",
    r"^\d{2,5}$": "två till fem siffror, t.ex. 4010",
    r"^(planering|uppfoljning)$": "planering eller uppfoljning",
    r"^(bokslut|prognos)$": "bokslut eller prognos",
    r"^\d{4}-\d{2}-\d{2}$": "ett datum ÅÅÅÅ-MM-DD, t.ex. 2026-10-01",
}


def _key_path(loc: tuple[Any, ...]) -> str:
    """('ramar', 'ks', 2027) -> 'ramar.ks.2027'; list positions as [i]; pydantic's '[key]' dropped."""
    out = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int) and part < 1000:  # a list position (years are dict keys)
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _sv_message(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    base = _PYDANTIC_SV.get(kind, "ogiltigt värde")
    ctx = err.get("ctx") or {}
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERN_SV:
        base += f": {_PATTERN_SV[ctx['pattern']]}"
    elif kind == "enum" and "expected" in ctx:
        base += f"; tillåtna värden: {ctx['expected']}".replace(" or ", " eller ")  # pydantic writes English 'or'
    elif kind in ("greater_than", "greater_than_equal") and ctx:
        base += f" (minst {next(iter(ctx.values()))})"
    elif kind in ("less_than", "less_than_equal") and ctx:
        base += f" (högst {next(iter(ctx.values()))})"
    elif kind == "too_short" and "min_length" in ctx:
        base += f" (minst {ctx['min_length']}, angivet {ctx.get('actual_length')})"
    elif kind == "too_long" and "max_length" in ctx:
        base += f" (högst {ctx['max_length']}, angivet {ctx.get('actual_length')})"
    if kind not in ("missing", "missing_keyword_only_argument") and err.get("input") is not None and not isinstance(err["input"], dict | list):
        base += f" (angivet: {err['input']!r})"
    return base


def _kf_beslut(c: Config, file: str) -> list[ConfigError]:
    return [ConfigError(file, f"kf_beslut.{k}", "fasen ska vara juni, november eller december")
            for k in c.planering.kf_beslut if k not in ("juni", "november", "december")]


def _jamforelse(c: Config, file: str) -> list[ConfigError]:
    """The comparison columns' years: Bokslut two years before the budget year, Budget and Prognos the year
    before. (A nämnd in a driftbudget column may be one that no longer exists: the reports name it.)"""
    errs = []
    b = c.planering.budgetar
    for kind, ar in (("bokslut", b - 2), ("budget", b - 1), ("prognos", b - 1)):
        col = getattr(c.ekonomi.jamforelse, kind)
        if col is None:
            continue
        if col.ar != ar:
            errs.append(ConfigError(file, f"jamforelse.{kind}.ar", f"{kind} ska avse {ar} (budgetåret {b} − {b - ar}), "
                                    f"inte {col.ar}"))
    return errs


def _ramberedning(c: Config, file: str) -> list[ConfigError]:
    """ramberedning: known nämnder, years of the plan period."""
    r, years = c.ekonomi.ramberedning, set(c.planering.ar)
    errs = [ConfigError(file, f"ramberedning.namnder.{n}", f"nämnden {n!r} finns inte i organisation.yaml")
            for n in r.namnder if n not in c.namnd_ids]
    per_year = [("ramberedning.pris_och_lonekompensation", r.pris_och_lonekompensation),
                ("ramberedning.lonesumma", r.lonesumma)]
    for n, steg in r.namnder.items():
        per_year.append((f"ramberedning.namnder.{n}.volym", steg.volym))
        for kind in ("satsningar", "besparingar"):
            per_year += [(f"ramberedning.namnder.{n}.{kind}[{i}].belopp", p.belopp)
                         for i, p in enumerate(getattr(steg, kind))]
    for key, values in per_year:
        errs += [ConfigError(file, f"{key}.{y}", f"året {y} ligger utanför planperioden {min(years)}–{max(years)}")
                 for y in values if y not in years]
    return errs


def load_record(path: Path, model: type[Any]) -> tuple[Any | None, list[ConfigError]]:
    """One YAML file read into a record of `model` (unknown keys, wrong types: Swedish errors naming the key)."""
    import yaml
    from pydantic import ValidationError

    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [ConfigError(shown, "", "filen är inte text i UTF-8 (spara den som UTF-8)")]
    except OSError as exc:
        from xltools.errors import os_reason

        return None, [ConfigError(shown, "", f"filen kan inte läsas: {os_reason(exc)}")]
    try:
        data = yaml.load(text, Loader=_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"rad {mark.line + 1}, kolumn {mark.column + 1}" if mark else ""
        return None, [ConfigError(shown, where, "filen är inte giltig YAML (kontrollera indrag, kolon och citattecken)")]
    if not isinstance(data, dict):
        return None, [ConfigError(shown, "", "filen ska innehålla en tabell (nyckel: värde)")]
    try:
        return stored.from_data(model, _adapter(model).validate_python(data)), []
    except ValidationError as exc:
        return None, [ConfigError(shown, _key_path(err["loc"]), _sv_message(err)) for err in exc.errors()]


def _bolag(c: Config, file: str) -> list[ConfigError]:
    """Bolag: unique ids and ägardirektiv mål; a bolagsplan needs a kommunstyrelse to hand it in; borgensram
    and målvärde only for years of the plan period."""
    errs = [ConfigError(file, "bolag", f"bolags-id '{d}' förekommer flera gånger") for d in _dupes([b.id for b in c.organisation.bolag])]
    years = set(c.planering.ar)
    for i, b in enumerate(c.organisation.bolag):
        errs += [ConfigError(file, f"bolag[{i}].agardirektiv", f"målet '{d}' förekommer flera gånger")
                 for d in _dupes([m.id for m in b.agardirektiv])]
        errs += [ConfigError(file, f"bolag[{i}].borgensram.{y}", f"{y} ligger utanför planperioden {min(years)}–{max(years)}")
                 for y in b.borgensram if y not in years]
    if c.bolag_med_plan and c.styrelse is None:
        errs.append(ConfigError(file, "bolag", "bolagsplanen lämnas in av kommunstyrelsen, men ingen nämnd har typ styrelse"))
    return errs


def load_config(folder: str | Path = "config") -> tuple[Config | None, list[ConfigError]]:
    """Load and cross-check the configuration; return (config or None, Swedish errors).

    A configuration checked before, with the same files and the same xltools, comes from the
    cache (xltools.config.stored) without reading YAML or importing pydantic.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return None, [ConfigError(str(folder), "", "mappen med konfiguration finns inte")]
    raw: dict[str, bytes] = {}
    for name in (*PARTS, *OPTIONAL_PARTS):
        path = folder / f"{name}.yaml"
        if path.exists():
            raw[name] = path.read_bytes()
    k = stored.key(folder, raw)
    hit = stored.get(k, Config)
    if hit is not None:
        return hit, []
    config, errors = _check(folder, raw)
    if config is not None:
        stored.put(k, config)
    return config, errors


def _check(folder: Path, raw: dict[str, bytes]) -> tuple[Config | None, list[ConfigError]]:
    """Parse the YAML, validate it against the models (pydantic) and cross-check the parts."""
    import yaml
    from pydantic import ValidationError

    errors: list[ConfigError] = []
    parts: dict[str, Any] = {}
    for name, model in {**PARTS, **OPTIONAL_PARTS}.items():
        path = folder / f"{name}.yaml"
        shown = str(path)
        if name not in raw:
            if name in OPTIONAL_PARTS:
                continue
            errors.append(ConfigError(shown, "", "filen saknas"))
            continue
        try:
            data = yaml.load(raw[name].decode("utf-8"), Loader=_loader())
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"rad {mark.line + 1}, kolumn {mark.column + 1}" if mark else ""
            problem = getattr(exc, "problem", None) or ""
            if not problem.startswith("nyckeln"):  # PyYAML's own texts are English
                problem = "kontrollera indrag, kolon och citattecken"
            errors.append(ConfigError(shown, where, f"filen är inte giltig YAML ({problem})"))
            continue
        if not isinstance(data, dict):
            errors.append(ConfigError(shown, "", "filen ska innehålla en tabell (nyckel: värde)"))
            continue
        if model is dict:  # kept as written (utfall.yaml), checked where it is used
            parts[name] = _text_keys(data)
            continue
        try:
            parts[name] = stored.from_data(model, _adapter(model).validate_python(data))
        except ValidationError as exc:
            for err in exc.errors():
                errors.append(ConfigError(shown, _key_path(err["loc"]), _sv_message(err)))
    if errors:
        return None, errors
    files = {f"{folder.name}/{name}.yaml": hashlib.sha256(data).hexdigest() for name, data in raw.items()}
    config = Config(**parts, files=files)
    errors = _cross_check(config, folder) + _check_uppfoljning(config, folder)
    if errors:
        return None, errors
    return stored.from_data(Config, stored.to_data(config)), []  # exactly what the cache gives back


def _text_keys(value: Any) -> Any:
    """Keys as text, as JSON keeps them (a ledger code written 5100: is the text '5100'); dates as ISO text."""
    if isinstance(value, dict):
        return {str(k): _text_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_text_keys(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@functools.cache
def _adapter(cls: type[Model]) -> Any:
    """pydantic's validator for a record's YAML, built once per process (and only when YAML is read)."""
    from pydantic import TypeAdapter

    return TypeAdapter(_typed(cls))


@functools.cache
def _typed(cls: type[Model]) -> Any:
    """The TypedDict pydantic validates a record's YAML against: derived from the record's annotations."""
    from typing import NotRequired, Required

    from typing_extensions import TypedDict

    hints = typing.get_type_hints(cls, include_extras=True)
    td = TypedDict(cls.__name__, {name: (Required if default is MISSING else NotRequired)[_mirror(hints[name])]
                                  for name, default in cls.FIELDS})  # type: ignore[misc]
    td.__pydantic_config__ = FORBID_EXTRA  # type: ignore[attr-defined]
    return td


def _mirror(tp: Any) -> Any:
    """A type with every record in it replaced by its TypedDict (constraints kept)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return typing.Annotated[(_mirror(typing.get_args(tp)[0]), *tp.__metadata__)]
    if isinstance(tp, type) and issubclass(tp, Model):
        return _typed(tp)
    if origin in (list, dict):
        return origin[tuple(_mirror(a) for a in typing.get_args(tp))]
    if origin is typing.Union or origin is types.UnionType:
        return typing.Union[tuple(_mirror(a) for a in typing.get_args(tp))]  # noqa: UP007
    return tp


@functools.cache
def _loader() -> type:
    """Safe YAML loading (libyaml when available) that refuses a key given twice in one table."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"nyckeln {key!r} förekommer två gånger i samma tabell", key_node.start_mark)
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return Loader


def _riktade_matt(file: str, i: int, r: Any) -> list[ConfigError]:
    """A riktat mål's mått: riktning hogre or lagre, a Kolada id in Kolada's form, each mått named once."""
    import re

    errs = []
    seen: set[str] = set()
    for j, m in enumerate(r.matt):
        at = f"riktade_mal[{i}].matt[{j}]"
        if m.riktning not in ("hogre", "lagre"):
            errs.append(ConfigError(file, f"{at}.riktning", f"'{m.riktning}' ska vara hogre eller lagre"))
        if m.kolada_id and not re.fullmatch(r"[A-Z]\d{5}", m.kolada_id):
            errs.append(ConfigError(file, f"{at}.kolada_id",
                                    f"'{m.kolada_id}' är inget Kolada-id (en bokstav och fem siffror, t.ex. N15428)"))
        if m.matt.casefold() in seen:
            errs.append(ConfigError(file, f"{at}.matt", f"måttet '{m.matt}' står två gånger under {r.id}"))
        seen.add(m.matt.casefold())
    return errs


def _dupes(values: list[str]) -> list[str]:
    return sorted(v for v, n in Counter(values).items() if n > 1)


def _gemensam(c: Config, f: dict[str, str], i: int, n: Namnd) -> list[ConfigError]:
    """A hosted gemensam nämnd's fördelning (the värdkommun and every partner, summing to 100 %) and a
    purchase of a nämnd hosted elsewhere (a buyer that hands in, a kostnadskonto, every year, no ram)."""
    errs: list[ConfigError] = []
    where, org = f"namnder[{i}]", f["organisation"]
    if n.fordelning:
        members = [n.vardkommun or c.kommun.namn, *n.gemensam_med]
        if n.typ != NamndTyp.GEMENSAM or c.hosted_elsewhere(n):
            errs.append(ConfigError(org, f"{where}.fordelning", f"fördelning anges bara för en gemensam nämnd med "
                                    f"{c.kommun.namn} som värdkommun ('{n.id}' är det inte)"))
        for k in n.fordelning:
            if not any(same_kommun(k, m) for m in members):
                errs.append(ConfigError(org, f"{where}.fordelning.{k}", f"'{k}' ingår inte i den gemensamma nämnden "
                                        f"'{n.id}' (värdkommun och gemensam_med: {', '.join(members)})"))
        for m in members:
            if not any(same_kommun(k, m) for k in n.fordelning):
                errs.append(ConfigError(org, f"{where}.fordelning", f"andelen för {m} saknas i fördelningen för '{n.id}'"))
        total = sum(n.fordelning.values())
        if abs(total - 100) > 0.001:
            errs.append(ConfigError(org, f"{where}.fordelning", f"andelarna för '{n.id}' summerar till "
                                    f"{total:g} %, inte 100 %"))
    if n.kop is not None:
        k = n.kop
        if not c.hosted_elsewhere(n):
            errs.append(ConfigError(org, f"{where}.kop", f"köp anges bara för en gemensam nämnd med en annan "
                                    f"värdkommun än {c.kommun.namn} ('{n.id}')"))
        buyer = next((b for b in c.organisation.namnder if b.id == k.namnd), None)
        if buyer is None or buyer.kop is not None:
            errs.append(ConfigError(org, f"{where}.kop.namnd", f"'{k.namnd}' är ingen nämnd som lämnar budget i "
                                    f"{c.kommun.namn}"))
        if buyer is not None and buyer.verksamheter and k.verksamhet not in buyer.verksamheter:
            errs.append(ConfigError(org, f"{where}.kop.verksamhet", f"verksamheten '{k.verksamhet}' hör inte till "
                                    f"'{k.namnd}' (dess verksamheter: {', '.join(buyer.verksamheter)})"))
        elif k.verksamhet not in {v.kod for v in c.kontoplan.verksamheter}:
            errs.append(ConfigError(org, f"{where}.kop.verksamhet", f"verksamhetskoden '{k.verksamhet}' finns inte "
                                    "i kontoplan.yaml"))
        konto = next((x for x in c.kontoplan.konton if x.kod == k.konto), None)
        if konto is None or konto.klass != KontoKlass.KOSTNAD or konto.intern:
            errs.append(ConfigError(org, f"{where}.kop.konto", f"'{k.konto}' är inget externt kostnadskonto i "
                                    "kontoplan.yaml"))
        for y in c.planering.ar:
            if y not in k.belopp:
                errs.append(ConfigError(org, f"{where}.kop.belopp", f"belopp för {y} saknas (ange alla år i planperioden)"))
        if n.id in c.ekonomi.ramar:
            errs.append(ConfigError(f["ekonomi"], f"ramar.{n.id}", f"'{n.id}' köps av {k.namnd} och har ingen egen "
                                    "ram i kommunen (köpet ligger i köparens ram)"))
    return errs


def _org_tree(file: str, i: int, n: Namnd, taken: dict[str, str]) -> list[ConfigError]:
    """A nämnd's units: ids unique in the kommun, the förvaltning at the top, each unit under a known unit on the
    level above it (an avdelning under a förvaltning, an enhet under a förvaltning or an avdelning)."""
    errs: list[ConfigError] = []
    units = {u.id: u for u in n.organisation}
    for j, u in enumerate(n.organisation):
        where = f"namnder[{i}].organisation[{j}]"
        if u.id in taken:
            errs.append(ConfigError(file, f"{where}.id", f"enhets-id '{u.id}' förekommer redan ({taken[u.id]}); "
                                    "varje enhet i organisationen ska ha ett eget id"))
        taken.setdefault(u.id, f"under nämnden '{n.id}'")
        level = NIVA_NAMN[u.niva]
        if u.under is None:
            if u.niva != OrgNiva.FORVALTNING:
                errs.append(ConfigError(file, f"{where}.under", f"{level}en '{u.id}' ska ange vilken enhet den ligger "
                                        "under (under: id); bara en förvaltning står överst"))
            continue
        parent = units.get(u.under)
        if parent is None:
            errs.append(ConfigError(file, f"{where}.under", f"'{u.under}' finns inte i organisationen för nämnden "
                                    f"'{n.id}' (kända: {', '.join(units) or 'inga'})"))
        elif NIVA_DJUP[parent.niva] >= NIVA_DJUP[u.niva]:
            errs.append(ConfigError(file, f"{where}.under", f"{level}en '{u.id}' kan inte ligga under "
                                    f"{NIVA_NAMN[parent.niva]}en '{parent.id}' (ordningen är förvaltning → "
                                    "avdelning → enhet)"))
    return errs


def _cross_check(c: Config, folder: Path) -> list[ConfigError]:
    """References between the files: nämnd ids, mål ids, years of the plan period."""
    f = {name: str(folder / f"{name}.yaml") for name in PARTS}
    errs: list[ConfigError] = []
    ids = c.namnd_ids
    years = c.planering.ar

    for d in _dupes(ids):
        errs.append(ConfigError(f["organisation"], "namnder", f"nämnd-id '{d}' förekommer flera gånger"))
    b = c.planering.budgetar
    if c.planering.planar not in ([b + 1, b + 2], [b + 1, b + 2, b + 3]):
        errs.append(ConfigError(
            f["planering"], "planar",
            f"planåren ska vara de två eller tre åren efter budgetåret: [{b + 1}, {b + 2}] eller [{b + 1}, {b + 2}, {b + 3}]",
        ))
    errs += _bolag(c, f["organisation"])
    errs += _jamforelse(c, f["ekonomi"]) + _kf_beslut(c, f["planering"]) + _ramberedning(c, f["ekonomi"])
    if sum(1 for n in c.organisation.namnder if n.lokalagare) > 1:
        errs.append(ConfigError(f["organisation"], "namnder", "högst en nämnd kan vara lokalägare (lokalagare: true)"))
    taken = {nid: "som nämnd-id" for nid in ids}
    for i, n in enumerate(c.organisation.namnder):
        errs += _org_tree(f["organisation"], i, n, taken)
        if n.typ == NamndTyp.GEMENSAM and not n.gemensam_med:
            errs.append(ConfigError(f["organisation"], f"namnder[{i}].gemensam_med",
                                    f"gemensam nämnd '{n.id}' ska ange vilka kommuner den delas med"))
        errs += _gemensam(c, f, i, n)
        known_v = {v.kod for v in c.kontoplan.verksamheter}
        for j, v in enumerate(n.verksamheter):
            if v not in known_v:
                errs.append(ConfigError(f["organisation"], f"namnder[{i}].verksamheter[{j}]",
                                        f"verksamhetskoden '{v}' finns inte i kontoplan.yaml"))

    mk = c.malkedja
    for label, values in (("malomraden", [m.id for m in mk.malomraden]),
                          ("strategiska_mal", [m.id for m in mk.strategiska_mal]),
                          ("riktade_mal", [m.id for m in mk.riktade_mal])):
        for d in _dupes(values):
            errs.append(ConfigError(f["malkedja"], label, f"id '{d}' förekommer flera gånger"))
    omr = {m.id for m in mk.malomraden}
    sm = {m.id for m in mk.strategiska_mal}
    if sum(1 for m in mk.strategiska_mal if m.overgripande) != 1:
        errs.append(ConfigError(f["malkedja"], "strategiska_mal", "exakt ett strategiskt mål ska vara övergripande (overgripande: true)"))
    for i, m in enumerate(mk.strategiska_mal):
        if m.malomrade is not None and m.malomrade not in omr:
            errs.append(ConfigError(f["malkedja"], f"strategiska_mal[{i}].malomrade", f"okänt målområde '{m.malomrade}'"))
    for i, r in enumerate(mk.riktade_mal):
        if r.namnd not in ids:
            errs.append(ConfigError(f["malkedja"], f"riktade_mal[{i}].namnd", f"okänd nämnd '{r.namnd}' (finns inte i organisation.yaml)"))
        if r.strategiskt_mal not in sm:
            errs.append(ConfigError(f["malkedja"], f"riktade_mal[{i}].strategiskt_mal", f"okänt strategiskt mål '{r.strategiskt_mal}'"))
        for j, y in enumerate(r.ar):
            if y not in years:
                errs.append(ConfigError(f["malkedja"], f"riktade_mal[{i}].ar[{j}]",
                                        f"året {y} ligger utanför planperioden {years[0]}–{years[-1]}"))
        errs += _riktade_matt(f["malkedja"], i, r)

    e = c.ekonomi
    for key in ("skatteintakter", "generella_statsbidrag_och_utjamning", "befintliga_avskrivningar"):
        got = getattr(e, key)
        for y in years:
            if y not in got:
                errs.append(ConfigError(f["ekonomi"], key, f"värde saknas för år {y}"))
        for y in got:
            if y not in years:
                errs.append(ConfigError(f["ekonomi"], f"{key}.{y}", f"året {y} ligger utanför planperioden {years[0]}–{years[-1]}"))
    for nid, per_year in e.ramar.items():
        if nid not in ids:
            errs.append(ConfigError(f["ekonomi"], f"ramar.{nid}", f"okänd nämnd '{nid}' (finns inte i organisation.yaml)"))
        for y in years:
            if y not in per_year:
                errs.append(ConfigError(f["ekonomi"], f"ramar.{nid}", f"ram saknas för år {y}"))
        for y in per_year:
            if y not in years:
                errs.append(ConfigError(f["ekonomi"], f"ramar.{nid}.{y}", f"året {y} ligger utanför planperioden {years[0]}–{years[-1]}"))
    for nid in c.submitting_ids:  # a nämnd bought of another värdkommun has none (its cost is in the buyer's)
        if nid not in e.ramar:
            errs.append(ConfigError(f["ekonomi"], "ramar", f"ram saknas för nämnden '{nid}'"))
    for d in _dupes([k.id for k in e.investeringskategorier]):
        errs.append(ConfigError(f["ekonomi"], "investeringskategorier", f"id '{d}' förekommer flera gånger"))
    gaps: list[ConfigError] = []
    for key, per_year in (("lan.nyupplaning", e.lan.nyupplaning), ("lan.amortering", e.lan.amortering),
                          ("investeringsram", e.investeringsram),
                          ("finansforvaltning.intakter", e.finansforvaltning.intakter),
                          ("finansforvaltning.kostnader", e.finansforvaltning.kostnader),
                          ("finansforvaltning.finansiella_intakter", e.finansforvaltning.finansiella_intakter),
                          ("finansforvaltning.avsattningar_forandring", e.finansforvaltning.avsattningar_forandring),
                          *_more_per_year(e)):
        for y in per_year:
            if y not in years:
                errs.append(ConfigError(f["ekonomi"], f"{key}.{y}", f"året {y} ligger utanför planperioden {years[0]}–{years[-1]}"))
        missing = [y for y in years if y not in per_year]
        # New loans and amortisation, once given, cover the whole plan period (no silent 0); other tables
        # may be sparse by nature (one-off items); a loan's rate is checked with the loan.
        if per_year and missing and key.startswith("lan.") and not key.endswith(".rantesats"):
            gaps.append(ConfigError(f["ekonomi"], key, f"värde saknas för år {', '.join(map(str, missing))} "
                                                       f"(skriv 0 om beloppet är noll; planperioden är {years[0]}–{years[-1]})"))
    errs += _check_lan(e, f["ekonomi"], years)
    errs += _check_balansposter(c, f["ekonomi"])
    rur = e.resultatutjamningsreserv
    if rur.ingaende_balans > e.ingaende_balans.eget_kapital:
        errs.append(ConfigError(f["ekonomi"], "resultatutjamningsreserv.ingaende_balans",
                                "resultatutjämningsreserven kan inte vara större än eget kapital i den ingående balansen"))
    for y in e.balanskrav.underskott_att_aterstalla:
        if not years[0] - 3 <= y < years[0]:
            errs.append(ConfigError(f["ekonomi"], f"balanskrav.underskott_att_aterstalla.{y}",
                                    f"ett underskott att återställa ska avse något av åren {years[0] - 3}–{years[0] - 1}"))
    for kind in e.finansforvaltning.interna_intakter:
        if kind not in INTERNA_SLAG:
            errs.append(ConfigError(f["ekonomi"], f"finansforvaltning.interna_intakter.{kind}",
                                    f"okänt slag '{kind}' (tillåtna: {', '.join(INTERNA_SLAG)})"))
    errs += gaps + _signs(c, f["ekonomi"])
    errs += _balances(e.ingaende_balans, f["ekonomi"], "ingaende_balans")
    if e.ingaende_balans.ar != c.planering.budgetar - 1:
        errs.append(ConfigError(f["ekonomi"], "ingaende_balans.ar",
                                f"ingående balans ska avse året före budgetåret ({c.planering.budgetar - 1})"))

    for d in _dupes([k.kod for k in c.kontoplan.konton]):
        errs.append(ConfigError(f["kontoplan"], "konton", f"kontot '{d}' förekommer flera gånger"))
    for d in _dupes([v.kod for v in c.kontoplan.verksamheter]):
        errs.append(ConfigError(f["kontoplan"], "verksamheter", f"verksamhetskoden '{d}' förekommer flera gånger"))
    for d in _dupes([k.id for k in c.arshjul.obligatoriska_kontrollmoment]):
        errs.append(ConfigError(f["arshjul"], "obligatoriska_kontrollmoment", f"id '{d}' förekommer flera gånger"))
    return errs


INTERNA_SLAG = ("po_palagg", "internranta", "kapitaltjanst")


def _more_per_year(e: Any) -> list[tuple[str, dict[int, float]]]:
    """The per-year keys of finansförvaltningen and the loans (year within the plan period)."""
    ff = e.finansforvaltning
    out = [(f"finansforvaltning.{k}", getattr(ff, k)) for k in (
        "ranta_pensionsavsattning", "ovriga_finansiella_kostnader", "jamforelsestorande_poster",
        "finansiella_jamforelsestorande_poster")]
    out += [(f"finansforvaltning.interna_intakter.{k}", v) for k, v in ff.interna_intakter.items()]
    out += [(f"balanskrav.{k}", getattr(e.balanskrav, k)) for k in (
        "realisationsvinster", "undantag", "orealiserade_vardepapper", "aterforing_orealiserade")]
    out += [(f"resultatutjamningsreserv.{k}", getattr(e.resultatutjamningsreserv, k))
            for k in ("reservering", "disposition")]
    out += [(f"befintliga_avskrivningar_per_slag.{k}", v) for k, v in e.befintliga_avskrivningar_per_slag.items()]
    out += [(f"avsattningar.{name}.{k}", getattr(r, k)) for name in ("pensioner", "andra")
            if (r := getattr(e.avsattningar, name)) is not None for k in ("gjorda", "ianspraktagna")]
    af = e.ansvarsforbindelser
    out += [(f"ansvarsforbindelser.pensionsforpliktelser.{k}", getattr(af.pensionsforpliktelser, k))
            for k in ("okning", "minskning")]
    out += [(f"ansvarsforbindelser.borgen[{i}].{k}", getattr(b, k)) for i, b in enumerate(af.borgen)
            for k in ("okning", "minskning")]
    out += [(f"lan_till_bolag[{i}].{k}", getattr(ln, k)) for i, ln in enumerate(e.lan_till_bolag)
            for k in ("utlaning", "amortering")]
    out += [(f"investeringsinkomster.{k}", getattr(e.investeringsinkomster, k)) for k in ("inbetalningar", "upplosning")]
    out += [(f"bidrag_till_statlig_infrastruktur.{k}", getattr(e.bidrag_till_statlig_infrastruktur, k))
            for k in ("utbetalningar", "upplosning")]
    out += [(f"rorelsekapital.{k}", getattr(e.rorelsekapital, k))
            for k in ("forrad", "exploateringsfastigheter", "fordringar", "kortfristiga_placeringar",
                      "kortfristiga_skulder")]
    for i, ln in enumerate(e.lan.lan):
        out += [(f"lan.lan.{i}.{k}", getattr(ln, k)) for k in ("rantesats", "nyupplaning", "amortering")]
    return out


def _check_lan(e: Any, file: str, years: list[int]) -> list[ConfigError]:
    """Loans one by one: unique ids, a rate 0–20 % for every year, IB summing to the ingående balans,
    and no aggregate borrowing beside them."""
    loans = e.lan.lan
    if not loans:
        return []
    errs = [ConfigError(file, "lan.lan", f"id '{d}' förekommer flera gånger") for d in _dupes([ln.id for ln in loans])]
    for i, ln in enumerate(loans):
        for y in years:
            rate = ln.rantesats.get(y)
            if rate is None:
                errs.append(ConfigError(file, f"lan.lan.{i}.rantesats", f"räntesats saknas för år {y} (lånet '{ln.id}')"))
            elif not 0 <= rate <= 20:
                errs.append(ConfigError(file, f"lan.lan.{i}.rantesats.{y}", f"räntesatsen {rate} % ska vara 0–20 %"))
    total = sum(ln.ib for ln in loans)
    forut = e.investeringsinkomster.ingaende_balans
    lan_ib = e.ingaende_balans.langfristiga_skulder - forut
    if abs(total - lan_ib) > 0.5:
        errs.append(ConfigError(file, "lan.lan", f"lånens ingående skuld ({total:g} tkr) ska vara lika med "
                                f"ingaende_balans.langfristiga_skulder ({e.ingaende_balans.langfristiga_skulder:g} tkr)"
                                + (f" minus investeringsinkomster.ingaende_balans ({forut:g} tkr)" if forut else "")))
    if e.lan.nyupplaning or e.lan.amortering:
        errs.append(ConfigError(file, "lan", "ange nyupplåning och amortering per lån under lan.lan, "
                                "inte både per lån och för hela skulden"))
    return errs


SLAG = ("immateriella_anlaggningstillgangar", "mark_byggnader_och_tekniska_anlaggningar", "maskiner_och_inventarier")


def _check_balansposter(c: Config, file: str) -> list[ConfigError]:
    """The balansbudget's rolls: befintliga avskrivningar per slag within the year's total, one way of giving
    avsättningar för pensioner and förråd, bolag that exist, IB parts within their balance line, sales in the
    plan period."""
    e = c.ekonomi
    ib = e.ingaende_balans
    years = c.planering.ar
    errs: list[ConfigError] = []
    for k in e.befintliga_avskrivningar_per_slag:
        if k not in SLAG:
            errs.append(ConfigError(file, f"befintliga_avskrivningar_per_slag.{k}",
                                    f"okänt tillgångsslag '{k}' (tillåtna: {', '.join(SLAG)})"))
    split = {k: v for k, v in e.befintliga_avskrivningar_per_slag.items() if k in SLAG}
    for y in years:
        parts = sum(v.get(y, 0) for v in split.values())
        total = e.befintliga_avskrivningar.get(y, 0)
        given_all = SLAG[1] in split
        if parts > total + 0.5 or (given_all and abs(parts - total) > 0.5):
            errs.append(ConfigError(file, "befintliga_avskrivningar_per_slag",
                                    f"fördelningen på tillgångsslag {y} ({sv_whole(parts)} tkr) ska "
                                    + ("vara lika med" if given_all else "rymmas i")
                                    + f" befintliga_avskrivningar {y} ({sv_whole(total)} tkr)"))
    if e.avsattningar.pensioner is not None and e.finansforvaltning.avsattningar_forandring:
        errs.append(ConfigError(file, "avsattningar.pensioner", "ange avsättningar för pensioner antingen som gjorda "
                                "och ianspråktagna (avsattningar.pensioner) eller som förändring "
                                "(finansforvaltning.avsattningar_forandring), inte båda"))
    if ib.forrad_och_exploatering and (ib.forrad or ib.exploateringsfastigheter):
        errs.append(ConfigError(file, "ingaende_balans.forrad_och_exploatering", "ange förråd och "
                                "exploateringsfastigheter var för sig (forrad, exploateringsfastigheter) eller "
                                "tillsammans (forrad_och_exploatering), inte båda"))
    bolag = {b.id for b in c.organisation.bolag}
    for i, b in enumerate(e.ansvarsforbindelser.borgen):
        at = f"ansvarsforbindelser.borgen[{i}]"
        if (b.bolag is None) == (b.namn is None):
            errs.append(ConfigError(file, at, "ange antingen bolag (ett bolags id i organisation.yaml) eller namn"))
        elif b.bolag is not None and b.bolag not in bolag:
            errs.append(ConfigError(file, f"{at}.bolag", f"okänt bolag '{b.bolag}' (finns inte i organisation.yaml)"))
    for i, ln in enumerate(e.lan_till_bolag):
        if ln.bolag not in bolag:
            errs.append(ConfigError(file, f"lan_till_bolag[{i}].bolag",
                                    f"okänt bolag '{ln.bolag}' (finns inte i organisation.yaml)"))
    lent = sum(ln.ib for ln in e.lan_till_bolag)
    if lent > ib.finansiella_anlaggningstillgangar + 0.5:
        errs.append(ConfigError(file, "lan_till_bolag", f"lånen till bolag ({sv_whole(lent)} tkr) ryms inte i "
                                f"ingaende_balans.finansiella_anlaggningstillgangar ({sv_whole(ib.finansiella_anlaggningstillgangar)} tkr)"))
    if e.investeringsinkomster.ingaende_balans > ib.langfristiga_skulder + 0.5:
        errs.append(ConfigError(file, "investeringsinkomster.ingaende_balans", "de förutbetalda investeringsinkomsterna "
                                "ingår i långfristiga skulder och kan inte vara större än "
                                "ingaende_balans.langfristiga_skulder"))
    for i, f in enumerate(e.forsaljningar):
        if f.ar not in years:
            errs.append(ConfigError(file, f"forsaljningar[{i}].ar",
                                    f"året {f.ar} ligger utanför planperioden {years[0]}–{years[-1]}"))
    return errs


def _signs(c: Config, file: str) -> list[ConfigError]:
    """Signs and plausibility of the yearly amounts: avskrivningar ≥ 0, skatteintäkter > 0, ramar ≥ 0, lån ≥ 0."""
    e = c.ekonomi
    tables: list[tuple[str, dict[int, float], str, Any]] = [
        ("skatteintakter", e.skatteintakter, "större än 0", lambda v: v > 0),
        ("befintliga_avskrivningar", e.befintliga_avskrivningar, "0 eller större", lambda v: v >= 0),
        ("lan.nyupplaning", e.lan.nyupplaning, "0 eller större", lambda v: v >= 0),
        ("lan.amortering", e.lan.amortering, "0 eller större", lambda v: v >= 0),
        ("investeringsram", e.investeringsram, "0 eller större", lambda v: v >= 0),
        *((f"ramar.{nid}", per_year, "0 eller större (nettokostnadsram)", lambda v: v >= 0)
          for nid, per_year in e.ramar.items()),
        *((f"lan.lan.{i}.{k}", getattr(ln, k), "0 eller större", lambda v: v >= 0)
          for i, ln in enumerate(e.lan.lan) for k in ("nyupplaning", "amortering")),
        *((key, per_year, "0 eller större", lambda v: v >= 0) for key, per_year in _more_per_year(e)
          if key.startswith(("befintliga_avskrivningar_per_slag.", "avsattningar.", "ansvarsforbindelser.",
                             "lan_till_bolag", "investeringsinkomster.", "bidrag_till_statlig_infrastruktur."))),
    ]
    errs: list[ConfigError] = []
    for key, per_year, sound, ok in tables:
        for y, v in per_year.items():
            if not ok(v) or v != v:  # NaN is never sound
                errs.append(ConfigError(file, f"{key}.{y}", f"beloppet ska vara {sound} (angivet: {sv_whole(v)} tkr)"))
    return errs


def _balances(ib: IngaendeBalans, file: str, key: str) -> list[ConfigError]:
    """A balance sheet's tillgångar = eget kapital + avsättningar + skulder (within 0,5 tkr)."""
    tillgangar = (ib.immateriella_anlaggningstillgangar + ib.mark_byggnader_och_tekniska_anlaggningar
                  + ib.maskiner_och_inventarier + ib.finansiella_anlaggningstillgangar
                  + ib.bidrag_till_statlig_infrastruktur + ib.forrad + ib.exploateringsfastigheter
                  + ib.forrad_och_exploatering + ib.fordringar + ib.kortfristiga_placeringar + ib.kassa_och_bank)
    skulder = (ib.eget_kapital + ib.avsattningar_for_pensioner + ib.andra_avsattningar + ib.langfristiga_skulder
               + ib.kortfristiga_skulder)
    if abs(tillgangar - skulder) > 0.5:
        return [ConfigError(file, key, f"balansräkningen balanserar inte: tillgångar {sv_whole(tillgangar)} tkr, eget "
                                       f"kapital, avsättningar och skulder {sv_whole(skulder)} tkr")]
    return []


def _check_uppfoljning(c: Config, folder: Path) -> list[ConfigError]:
    """The optional uppfoljning.yaml against planering, organisation and målkedja."""
    u = c.uppfoljning
    if u is None:
        return []
    f = str(folder / "uppfoljning.yaml")
    errs: list[ConfigError] = []
    ids = c.namnd_ids
    if u.ar != c.planering.uppfoljningsar:
        errs.append(ConfigError(f, "ar", f"året ska vara uppföljningsåret i planering.yaml ({c.planering.uppfoljningsar})"))
    for nid, per_v in u.driftbudget.items():
        if nid not in ids:
            errs.append(ConfigError(f, f"driftbudget.{nid}", f"okänd nämnd '{nid}' (finns inte i organisation.yaml)"))
            continue
        own = c.namnd(nid).verksamheter
        for v in per_v:
            if v not in own:
                errs.append(ConfigError(f, f"driftbudget.{nid}.{v}",
                                        f"verksamhetskoden '{v}' finns inte bland nämndens verksamheter i organisation.yaml"))
    for nid in ids:
        if nid not in u.driftbudget:
            errs.append(ConfigError(f, "driftbudget", f"budget saknas för nämnden '{nid}'"))
    known = {r.id for r in c.malkedja.riktade_mal}
    for i, rid in enumerate(u.riktade_mal or []):
        if rid not in known:
            errs.append(ConfigError(f, f"riktade_mal[{i}]", f"okänt riktat mål '{rid}' (finns inte i malkedja.yaml)"))
    for nid, projekt in u.investeringar.items():
        if nid not in ids:
            errs.append(ConfigError(f, f"investeringar.{nid}", f"okänd nämnd '{nid}' (finns inte i organisation.yaml)"))
        for d in _dupes([p.id for p in projekt]):
            errs.append(ConfigError(f, f"investeringar.{nid}", f"projekt-id '{d}' förekommer flera gånger"))
        for i, p in enumerate(projekt):
            if p.totalutgift is not None and p.upparbetat + p.budget > p.totalutgift + 0.5:
                errs.append(ConfigError(f, f"investeringar.{nid}[{i}]",
                                        f"projektet {p.id}: upparbetat ({sv_whole(p.upparbetat)}) och årets budget "
                                        f"({sv_whole(p.budget)}) är mer än den beslutade totalutgiften "
                                        f"({sv_whole(p.totalutgift)} tkr)"))
    known_insatser = set(c.malkedja.insatsomraden)
    for nid, names in u.insatsomraden.items():
        if nid not in ids:
            errs.append(ConfigError(f, f"insatsomraden.{nid}", f"okänd nämnd '{nid}' (finns inte i organisation.yaml)"))
        for i, name in enumerate(names):
            if name not in known_insatser:
                errs.append(ConfigError(f, f"insatsomraden.{nid}[{i}]",
                                        f"insatsområdet '{name}' finns inte i malkedja.yaml (insatsomraden)"))
    for key in ("intakter", "kostnader"):
        weights = getattr(u.periodisering, key)
        if weights is not None and (len(weights) != 12 or sum(weights) <= 0):
            errs.append(ConfigError(f, f"periodisering.{key}", "ska vara tolv vikter, en per månad (januari först), "
                                                                "som inte alla är 0"))
    return errs + _check_kommunen(c, f)


def _check_kommunen(c: Config, f: str) -> list[ConfigError]:
    """uppfoljning.yaml's kommunen: periods in the follow-up year, SKR prognoses in date order, the previous year."""
    k = c.uppfoljning.kommunen if c.uppfoljning else None
    if k is None:
        return []
    errs: list[ConfigError] = []
    year = c.uppfoljning.ar  # type: ignore[union-attr]
    for period in k.prognoser:
        y, _, m = period.partition("-")
        if not (y.isdigit() and m.isdigit() and len(m) == 2 and 1 <= int(m) <= 12):
            errs.append(ConfigError(f, f"kommunen.prognoser.{period}", "perioden ska skrivas ÅÅÅÅ-MM, t.ex. 2026-08"))
        elif int(y) != year:
            errs.append(ConfigError(f, f"kommunen.prognoser.{period}", f"perioden ligger inte i uppföljningsåret {year}"))
    for what, poster in (("budget", k.budget), *((f"prognoser.{p}", x) for p, x in k.prognoser.items())):
        for key in ("skatteintakter", "generella_statsbidrag_och_utjamning"):
            if what != "budget" and getattr(poster, key) is not None:
                errs.append(ConfigError(f, f"kommunen.{what}.{key}",
                                        "skatteintäkter och generella statsbidrag prognostiseras med SKR:s prognos "
                                        "(kommunen.skatteprognoser), inte här"))
            elif what == "budget" and getattr(poster, key) is None:
                errs.append(ConfigError(f, f"kommunen.budget.{key}", "nyckeln saknas"))
    dates = [s.datum for s in k.skatteprognoser]
    for i, d in enumerate(dates):
        try:
            dt.date.fromisoformat(d)
        except ValueError:
            errs.append(ConfigError(f, f"kommunen.skatteprognoser[{i}].datum", f"datumet {d} finns inte"))
    if dates != sorted(dates) or len(set(dates)) != len(dates):
        errs.append(ConfigError(f, "kommunen.skatteprognoser", "prognoserna ska stå i datumordning, en per datum"))
    fg = k.foregaende_ar
    if fg is not None:
        if fg.ar != year - 1:
            errs.append(ConfigError(f, "kommunen.foregaende_ar.ar", f"föregående år ska vara {year - 1}"))
        b = fg.balansrakning
        if b is not None:
            if b.ar != year - 1 or b.typ != "bokslut":
                errs.append(ConfigError(f, "kommunen.foregaende_ar.balansrakning",
                                        f"balansräkningen ska vara bokslutet för {year - 1} (ar: {year - 1}, typ: bokslut)"))
            errs += _balances(b, f, "kommunen.foregaende_ar.balansrakning")
    n_mal = len(c.ekonomi.finansiella_mal)
    need = k.god_ekonomisk_hushallning.finansiella_mal
    if need is not None and need > n_mal:
        errs.append(ConfigError(f, "kommunen.god_ekonomisk_hushallning.finansiella_mal",
                                f"kan inte vara fler än de {n_mal} finansiella målen i ekonomi.yaml"))
    return errs
