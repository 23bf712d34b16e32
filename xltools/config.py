"""The kommun's configuration: pydantic models loaded from YAML files in one folder.

Each top-level file holds one part (kommun.yaml, organisation.yaml, malkedja.yaml,
planering.yaml, ekonomi.yaml, kontoplan.yaml, arshjul.yaml). Errors name file, key path
and problem in Swedish; cross-references (nämnd ids, years) are checked after loading.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from xltools.sv import sv_number, sv_whole


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- kommun.yaml
class Kommun(_Model):
    namn: str
    kommunkod: str = Field(pattern=r"^\d{4}$")
    organisationsnummer: str | None = None
    lan: str | None = None
    invanare: dict[int, int] = Field(default_factory=dict)
    exempeldata: str | None = None  # e.g. "syntetiska exempeldata": shown wherever a user sees data


# ---------------------------------------------------------------- organisation.yaml
class NamndTyp(StrEnum):
    STYRELSE = "styrelse"
    EGEN = "egen"
    GEMENSAM = "gemensam"
    OVERFORMYNDARE = "overformyndare"


class Namnd(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    namn: str
    typ: NamndTyp
    forvaltning: str
    gemensam_med: list[str] = Field(default_factory=list)
    vardkommun: str | None = None
    lokalagare: bool = False  # owns the kommun's lokaler, plans lokalinvesteringar, charges internhyra
    tar_ut_internhyra: bool = False
    verksamheter: list[str] = Field(default_factory=list)  # verksamhetskoder this nämnd budgets on


class Organ(_Model):
    namn: str
    ledamoter: int | None = None


class Bolag(_Model):
    id: str
    namn: str
    agarandel: float = Field(default=100.0, ge=0, le=100)
    verksamhet: str | None = None


class Organisation(_Model):
    kommunfullmaktige: Organ
    namnder: list[Namnd]
    bolag: list[Bolag] = Field(default_factory=list)


# ---------------------------------------------------------------- malkedja.yaml
class Vardegrund(_Model):
    namn: str
    punkter: list[str] = Field(default_factory=list)


class Malbild(_Model):
    namn: str
    text: str


class Malomrade(_Model):
    id: str
    namn: str


class StrategisktMal(_Model):
    id: str
    text: str
    malomrade: str | None = None
    overgripande: bool = False


class RiktatMal(_Model):
    id: str
    text: str
    namnd: str
    strategiskt_mal: str
    ar: list[int]


class Malkedja(_Model):
    vardegrund: Vardegrund
    malbild: Malbild
    malomraden: list[Malomrade]
    strategiska_mal: list[StrategisktMal]
    riktade_mal: list[RiktatMal] = Field(default_factory=list)
    insatsomraden: list[str] = Field(default_factory=list)  # Hållbara Mora
    max_namndmal: int = Field(default=6, ge=1)


# ---------------------------------------------------------------- planering.yaml
class Planering(_Model):
    budgetar: int = Field(ge=2000, le=2100)
    planar: list[int]
    uppfoljningsar: int = Field(ge=2000, le=2100)
    inkorg: str | None = None  # folder where the add-in hands in validated workbooks

    @property
    def ar(self) -> list[int]:
        """Budget year and the two plan years."""
        return [self.budgetar, *self.planar]


# ---------------------------------------------------------------- ekonomi.yaml
class Investeringskategori(_Model):
    id: str
    namn: str
    avskrivningstid: int = Field(ge=1, le=100)
    lokal: bool = False


class IngaendeBalans(_Model):
    ar: int
    typ: str = Field(pattern=r"^(bokslut|prognos)$")
    immateriella_anlaggningstillgangar: float = 0
    mark_byggnader_och_tekniska_anlaggningar: float = 0
    maskiner_och_inventarier: float = 0
    finansiella_anlaggningstillgangar: float = 0
    forrad_och_exploatering: float = 0
    fordringar: float = 0
    kortfristiga_placeringar: float = 0
    kassa_och_bank: float = 0
    eget_kapital: float = 0
    avsattningar_for_pensioner: float = 0
    andra_avsattningar: float = 0
    langfristiga_skulder: float = 0
    kortfristiga_skulder: float = 0


class Lan(_Model):
    rantesats: float = Field(ge=0, le=20)  # % on långfristiga skulder
    nyupplaning: dict[int, float] = Field(default_factory=dict)
    amortering: dict[int, float] = Field(default_factory=dict)


class FinansielltMalTyp(StrEnum):
    RESULTATANDEL = "resultatandel"  # årets resultat / (skatter + GSU) in %
    SJALVFINANSIERINGSGRAD = "sjalvfinansieringsgrad"  # (ÅR + avskrivningar) / investeringar in %
    SOLIDITET = "soliditet"  # eget kapital / summa tillgångar in %


class FinansielltMal(_Model):
    id: str
    namn: str
    typ: FinansielltMalTyp
    minst: float


class Finansforvaltning(_Model):
    """Items budgeted centrally, outside the nämnder (pensions, PO difference, reserves)."""

    intakter: dict[int, float] = Field(default_factory=dict)
    kostnader: dict[int, float] = Field(default_factory=dict)
    finansiella_intakter: dict[int, float] = Field(default_factory=dict)
    avsattningar_forandring: dict[int, float] = Field(default_factory=dict)


class Ekonomi(_Model):
    skattesats: float = Field(gt=0, lt=40)
    skatteintakter: dict[int, float]
    generella_statsbidrag_och_utjamning: dict[int, float]
    ramar: dict[str, dict[int, float]]
    internranta: float = Field(ge=0, le=20)
    po_palagg: float = Field(ge=0, le=100)
    investeringskategorier: list[Investeringskategori]
    befintliga_avskrivningar: dict[int, float] = Field(default_factory=dict)
    ingaende_balans: IngaendeBalans
    lan: Lan
    finansforvaltning: Finansforvaltning = Field(default_factory=Finansforvaltning)
    finansiella_mal: list[FinansielltMal] = Field(default_factory=list)
    investeringsram: dict[int, float] = Field(default_factory=dict)


# ---------------------------------------------------------------- kontoplan.yaml
class KontoKlass(StrEnum):
    INTAKT = "intakt"
    KOSTNAD = "kostnad"
    INVESTERING = "investering"
    FINANSIELL = "finansiell"
    AVSKRIVNING = "avskrivning"
    SKATT = "skatt"


class Konto(_Model):
    kod: str = Field(pattern=r"^\d{2,5}$")
    namn: str
    klass: KontoKlass
    intern: bool = False  # internhyra, interna tjänster: eliminated before the resultatbudget


class Verksamhet(_Model):
    kod: str
    namn: str


class Kontoplan(_Model):
    version: str
    konton: list[Konto]
    verksamheter: list[Verksamhet]


# ---------------------------------------------------------------- arshjul.yaml
class Handelse(_Model):
    manad: int = Field(ge=1, le=12)
    vad: str
    vem: str
    typ: str = Field(default="planering", pattern=r"^(planering|uppfoljning)$")
    dokument: str | None = None
    ar_relativt_budgetar: int = Field(default=-1, ge=-2, le=1)
    dag: int | None = Field(default=None, ge=1, le=31)


class Kontrollmoment(_Model):
    id: str
    omrade: str
    risk: str
    kontrollmoment: str
    metod: str
    frekvens: str


class Arshjul(_Model):
    handelser: list[Handelse]
    obligatoriska_kontrollmoment: list[Kontrollmoment] = Field(default_factory=list)

    def deadline(self, dokument: str, budgetar: int) -> dt.date | None:
        """Due date of a document for a budget year: the last day of its month unless set."""
        for h in self.handelser:
            if h.dokument == dokument:
                year = budgetar + h.ar_relativt_budgetar
                if h.dag:
                    return dt.date(year, h.manad, h.dag)
                nxt = dt.date(year + (h.manad == 12), h.manad % 12 + 1, 1)
                return nxt - dt.timedelta(days=1)
        return None


# ---------------------------------------------------------------- uppfoljning.yaml (optional)
class UppfoljningInvestering(_Model):
    id: str
    namn: str
    budget: float = Field(ge=0)


class Uppfoljning(_Model):
    """The follow-up year's adopted budget and riktade mål; pre-fills the follow-up templates."""

    ar: int = Field(ge=2000, le=2100)
    driftbudget: dict[str, dict[str, float]]  # nämnd -> verksamhetskod -> nettokostnad (tkr)
    riktade_mal: list[str] | None = None  # None: the riktade mål whose years include `ar`
    investeringar: dict[str, list[UppfoljningInvestering]] = Field(default_factory=dict)

    @field_validator("driftbudget", mode="before")
    @classmethod
    def _codes_as_text(cls, value: Any) -> Any:
        """Verksamhetskoder written without quotes (100: ...) are read as text."""
        if isinstance(value, dict):
            return {k: {str(c): a for c, a in v.items()} if isinstance(v, dict) else v for k, v in value.items()}
        return value


# ---------------------------------------------------------------- the whole
PARTS: dict[str, type[_Model]] = {
    "kommun": Kommun,
    "organisation": Organisation,
    "malkedja": Malkedja,
    "planering": Planering,
    "ekonomi": Ekonomi,
    "kontoplan": Kontoplan,
    "arshjul": Arshjul,
}
OPTIONAL_PARTS: dict[str, type[_Model]] = {"uppfoljning": Uppfoljning}  # loaded when the file exists


class Config(_Model):
    kommun: Kommun
    organisation: Organisation
    malkedja: Malkedja
    planering: Planering
    ekonomi: Ekonomi
    kontoplan: Kontoplan
    arshjul: Arshjul
    uppfoljning: Uppfoljning | None = None

    def namnd(self, namnd_id: str) -> Namnd:
        for n in self.organisation.namnder:
            if n.id == namnd_id:
                return n
        raise KeyError(namnd_id)

    @property
    def namnd_ids(self) -> list[str]:
        return [n.id for n in self.organisation.namnder]

    def riktade_mal_for(self, namnd_id: str, ar: int | None = None) -> list[RiktatMal]:
        return [
            r for r in self.malkedja.riktade_mal
            if r.namnd == namnd_id and (ar is None or ar in r.ar)
        ]

    def lokalagare(self) -> Namnd | None:
        return next((n for n in self.organisation.namnder if n.lokalagare), None)

    def kategori(self, kategori_id: str) -> Investeringskategori | None:
        return next((k for k in self.ekonomi.investeringskategorier if k.id == kategori_id), None)


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
    if kind == "enum" and "expected" in ctx:
        base += f"; tillåtna värden: {ctx['expected']}".replace(" or ", " eller ")  # pydantic writes English 'or'
    elif kind in ("greater_than", "greater_than_equal") and ctx:
        base += f" (minst {next(iter(ctx.values()))})"
    elif kind in ("less_than", "less_than_equal") and ctx:
        base += f" (högst {next(iter(ctx.values()))})"
    if kind != "missing" and err.get("input") is not None and not isinstance(err["input"], dict | list):
        base += f" (angivet: {err['input']!r})"
    return base


def load_config(folder: str | Path = "config") -> tuple[Config | None, list[ConfigError]]:
    """Load and cross-check the configuration; return (config or None, Swedish errors)."""
    folder = Path(folder)
    errors: list[ConfigError] = []
    if not folder.is_dir():
        return None, [ConfigError(str(folder), "", "mappen med konfiguration finns inte")]
    parts: dict[str, Any] = {}
    for name, model in {**PARTS, **OPTIONAL_PARTS}.items():
        path = folder / f"{name}.yaml"
        shown = str(path)
        if not path.exists():
            if name in OPTIONAL_PARTS:
                continue
            errors.append(ConfigError(shown, "", "filen saknas"))
            continue
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
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
        try:
            parts[name] = model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                errors.append(ConfigError(shown, _key_path(err["loc"]), _sv_message(err)))
    if errors:
        return None, errors
    config = Config(**parts)
    errors = _cross_check(config, folder) + _check_uppfoljning(config, folder)
    return (None, errors) if errors else (config, [])


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML loading (libyaml when available) that refuses a key given twice in one table."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"nyckeln {key!r} förekommer två gånger i samma tabell", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _dupes(values: list[str]) -> list[str]:
    return sorted(v for v, n in Counter(values).items() if n > 1)


def _cross_check(c: Config, folder: Path) -> list[ConfigError]:
    """References between the files: nämnd ids, mål ids, years of the plan period."""
    f = {name: str(folder / f"{name}.yaml") for name in PARTS}
    errs: list[ConfigError] = []
    ids = c.namnd_ids
    years = c.planering.ar

    for d in _dupes(ids):
        errs.append(ConfigError(f["organisation"], "namnder", f"nämnd-id '{d}' förekommer flera gånger"))
    if c.planering.planar != [c.planering.budgetar + 1, c.planering.budgetar + 2]:
        errs.append(ConfigError(
            f["planering"], "planar",
            f"planåren ska vara de två åren efter budgetåret: [{c.planering.budgetar + 1}, {c.planering.budgetar + 2}]",
        ))
    if sum(1 for n in c.organisation.namnder if n.lokalagare) > 1:
        errs.append(ConfigError(f["organisation"], "namnder", "högst en nämnd kan vara lokalägare (lokalagare: true)"))
    for i, n in enumerate(c.organisation.namnder):
        if n.typ == NamndTyp.GEMENSAM and not n.gemensam_med:
            errs.append(ConfigError(f["organisation"], f"namnder[{i}].gemensam_med",
                                    f"gemensam nämnd '{n.id}' ska ange vilka kommuner den delas med"))
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
    for nid in ids:
        if nid not in e.ramar:
            errs.append(ConfigError(f["ekonomi"], "ramar", f"ram saknas för nämnden '{nid}'"))
    for d in _dupes([k.id for k in e.investeringskategorier]):
        errs.append(ConfigError(f["ekonomi"], "investeringskategorier", f"id '{d}' förekommer flera gånger"))
    for key, per_year in (("lan.nyupplaning", e.lan.nyupplaning), ("lan.amortering", e.lan.amortering),
                          ("investeringsram", e.investeringsram),
                          ("finansforvaltning.intakter", e.finansforvaltning.intakter),
                          ("finansforvaltning.kostnader", e.finansforvaltning.kostnader),
                          ("finansforvaltning.finansiella_intakter", e.finansforvaltning.finansiella_intakter),
                          ("finansforvaltning.avsattningar_forandring", e.finansforvaltning.avsattningar_forandring)):
        for y in per_year:
            if y not in years:
                errs.append(ConfigError(f["ekonomi"], f"{key}.{y}", f"året {y} ligger utanför planperioden {years[0]}–{years[-1]}"))
    ib = e.ingaende_balans
    tillgangar = (ib.immateriella_anlaggningstillgangar + ib.mark_byggnader_och_tekniska_anlaggningar
                  + ib.maskiner_och_inventarier + ib.finansiella_anlaggningstillgangar + ib.forrad_och_exploatering
                  + ib.fordringar + ib.kortfristiga_placeringar + ib.kassa_och_bank)
    skulder = (ib.eget_kapital + ib.avsattningar_for_pensioner + ib.andra_avsattningar + ib.langfristiga_skulder
               + ib.kortfristiga_skulder)
    if abs(tillgangar - skulder) > 0.5:
        errs.append(ConfigError(f["ekonomi"], "ingaende_balans",
                                f"balansräkningen balanserar inte: tillgångar {sv_whole(tillgangar)} tkr, eget kapital, "
                                f"avsättningar och skulder {sv_whole(skulder)} tkr"))
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
    return errs


def summary(c: Config) -> str:
    """A short Swedish summary of a valid configuration (for `xltools config check`)."""
    org = c.organisation
    typer = Counter(n.typ for n in org.namnder)
    years = c.planering.ar
    lines = [
        f"{c.kommun.namn} (kommunkod {c.kommun.kommunkod})" + (f" – {c.kommun.exempeldata}" if c.kommun.exempeldata else ""),
        f"Budgetår {years[0]}, planår {years[1]}–{years[2]}, uppföljningsår {c.planering.uppfoljningsar}",
        f"Nämnder: {len(org.namnder)} (styrelse {typer[NamndTyp.STYRELSE]}, egna {typer[NamndTyp.EGEN]}, "
        f"gemensamma {typer[NamndTyp.GEMENSAM]}, överförmyndare {typer[NamndTyp.OVERFORMYNDARE]}); bolag: {len(org.bolag)}",
        f"Målkedja: {len(c.malkedja.malomraden)} målområden, {len(c.malkedja.strategiska_mal)} strategiska mål, "
        f"{len(c.malkedja.riktade_mal)} riktade mål",
        f"Kontoplan {c.kontoplan.version}: {len(c.kontoplan.konton)} konton, {len(c.kontoplan.verksamheter)} verksamheter",
        f"Årshjul: {len(c.arshjul.handelser)} händelser, {len(c.arshjul.obligatoriska_kontrollmoment)} obligatoriska kontrollmoment",
        f"Skattesats {sv_number(c.ekonomi.skattesats)} %, internränta {sv_number(c.ekonomi.internranta)} %, "
        f"PO-pålägg {sv_number(c.ekonomi.po_palagg)} %",
    ]
    for y in years:
        ramar = sum(r.get(y, 0) for r in c.ekonomi.ramar.values())
        sg = c.ekonomi.skatteintakter[y] + c.ekonomi.generella_statsbidrag_och_utjamning[y]
        lines.append(f"  {y}: skatter + generella statsbidrag {sv_whole(sg)} tkr; summa ramar {sv_whole(ramar)} tkr")
    return "\n".join(lines)
