"""The kommun's configuration as plain, frozen records: one declaration per YAML file.

The classes are the single declaration of the configuration. pydantic validates YAML against
them (xltools.config.load, only when a configuration is read from its files, through TypedDicts
derived from these classes); the constraints are markers that cost nothing until then. So a run
whose configuration comes from the cache (xltools.config.stored) neither imports pydantic nor
builds a schema, and defining the classes costs what plain classes cost (no generated code).
"""

from __future__ import annotations

import datetime as dt
import math
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from xltools.errors import XltoolsError

MISSING = object()


class Factory:
    """A default made fresh for every record (a list or a table)."""

    def __init__(self, make: Any) -> None:
        self.make = make


def field(default_factory: Any) -> Any:
    return Factory(default_factory)


class Model:
    """Base of the configuration records: keyword-only construction with defaults, frozen, equal by value."""

    FIELDS: ClassVar[tuple[tuple[str, Any], ...]] = ()  # (name, default, MISSING or a Factory), in order

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        found = []
        for name in cls.__dict__.get("__annotations__", {}):
            if name.isupper():  # class constants
                continue
            default = cls.__dict__.get(name, MISSING)
            if isinstance(default, Factory):
                delattr(cls, name)
            found.append((name, default))
        cls.FIELDS = tuple(found)

    def __init__(self, **values: Any) -> None:
        for name, default in self.FIELDS:
            if name in values:
                value = values.pop(name)
            elif default is MISSING:
                raise TypeError(f"{type(self).__name__}: {name} saknas")
            else:
                value = default.make() if isinstance(default, Factory) else default
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(f"{type(self).__name__}: okända fält {sorted(values)}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} kan inte ändras (använd replace)")

    __delattr__ = __setattr__  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(getattr(self, n) == getattr(other, n) for n, _ in self.FIELDS)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n, _ in self.FIELDS)})"

    def __reduce__(self) -> tuple[Any, ...]:  # to worker processes
        return _rebuild, (type(self), {n: getattr(self, n) for n, _ in self.FIELDS})

    def replace(self, **changes: Any) -> Any:
        """A copy with some fields changed."""
        return type(self)(**{**{n: getattr(self, n) for n, _ in self.FIELDS}, **changes})


def _rebuild(cls: type[Model], values: dict[str, Any]) -> Model:
    return cls(**values)


class Omitted:
    """A value a configuration bundle leaves out (xltools.lite.bundle: a template carries only what its
    document's check reads). Using it raises, so a check that would need it fails loudly instead of
    running on a made-up value."""

    def __init__(self, path: str) -> None:
        object.__setattr__(self, "path", path)

    def _fail(self, *_args: Any, **_kwargs: Any) -> Any:
        raise XltoolsError(f"Mallens inbyggda konfiguration innehåller inte {self.path}, så kontrollen kan inte "
                           "göras här. Kontakta ekonomienheten.")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._fail()

    __iter__ = __len__ = __getitem__ = __contains__ = __bool__ = __float__ = __int__ = _fail
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __lt__ = __le__ = __gt__ = __ge__ = _fail

    def __repr__(self) -> str:
        return f"Omitted({self.path!r})"


class _Constraint:
    """A bound on a value, applied to the core schema pydantic builds (see __get_pydantic_core_schema__)."""

    key = ""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        inner = schema
        while inner.get("type") in ("nullable", "default"):  # `int | None`: the bound is on the int
            inner = inner["schema"]
        inner[self.key] = self.value
        return schema


class Ge(_Constraint):
    key = "ge"


class Gt(_Constraint):
    key = "gt"


class Le(_Constraint):
    key = "le"


class Lt(_Constraint):
    key = "lt"


class Pattern(_Constraint):
    key = "pattern"


class MinLen(_Constraint):
    key = "min_length"


class MaxLen(_Constraint):
    key = "max_length"


class Before:
    """A function applied to the raw YAML value before it is validated."""

    def __init__(self, func: Any) -> None:
        self.func = func

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.func, handler(source))



# ---------------------------------------------------------------- kommun.yaml
class Kommun(Model):
    namn: str
    kommunkod: Annotated[str, Pattern(r"^\d{4}$")]
    organisationsnummer: str | None = None
    lan: str | None = None
    invanare: dict[int, int] = field(default_factory=dict)
    exempeldata: str | None = None  # e.g. "syntetiska exempeldata": shown wherever a user sees data


# ---------------------------------------------------------------- organisation.yaml
class NamndTyp(StrEnum):
    STYRELSE = "styrelse"
    EGEN = "egen"
    GEMENSAM = "gemensam"
    OVERFORMYNDARE = "overformyndare"


def same_kommun(a: str, b: str) -> bool:
    """One kommun written two ways ("Älvdalens kommun" and "Älvdalen")."""

    def norm(s: str) -> str:
        return s.casefold().strip().removesuffix(" kommun").rstrip("s")

    return norm(a) == norm(b)


class Kop(Model):
    """What the kommun buys of a gemensam nämnd hosted by another kommun: a locked cost line in the buying
    nämnd's driftbudget (the nämnd hands in no documents of its own)."""

    namnd: str  # the nämnd that pays (its driftbudget gets the line)
    verksamhet: str  # verksamhetskod of the line
    konto: str  # a kostnadskonto, e.g. 46 Köp av huvudverksamhet
    belopp: dict[int, Annotated[int, Ge(0)]]  # tkr per year of the plan period (from the värdkommun's budget)


class OrgNiva(StrEnum):
    """The levels a verksamhetsplan can be made on (the seed: "förvaltning, avdelning eller enhet")."""

    FORVALTNING = "forvaltning"
    AVDELNING = "avdelning"
    ENHET = "enhet"


NIVA_NAMN = {OrgNiva.FORVALTNING: "förvaltning", OrgNiva.AVDELNING: "avdelning", OrgNiva.ENHET: "enhet"}
NIVA_DJUP = {OrgNiva.FORVALTNING: 0, OrgNiva.AVDELNING: 1, OrgNiva.ENHET: 2}


class OrgEnhet(Model):
    """A unit of the nämnd's förvaltning that hands in its own verksamhetsplan: a förvaltning, an avdelning
    under it, or an enhet under either (`under`: the id of the unit above; none for the förvaltning)."""

    id: Annotated[str, Pattern(r"^[a-z][a-z0-9_]*$")]
    namn: str
    niva: OrgNiva
    under: str | None = None
    ansvarig: str | None = None  # the chef who develops the plan (the seed: "utvecklas av ansvarig chef")

    @property
    def text(self) -> str:
        """As shown to users: "Bygglovsenheten (enhet)"."""
        return f"{self.namn} ({NIVA_NAMN[self.niva]})"


class Namnd(Model):
    id: Annotated[str, Pattern(r"^[a-z][a-z0-9_]*$")]
    namn: str
    typ: NamndTyp
    forvaltning: str
    gemensam_med: list[str] = field(default_factory=list)
    vardkommun: str | None = None
    # A gemensam nämnd the kommun hosts: kommun -> andel (procent, summa 100) of its nettokostnad; the nämnd
    # budgets gross and the partners' andelar become intäkter. The kommun's own ram is its andel.
    fordelning: dict[str, Annotated[float, Gt(0), Le(100)]] = field(default_factory=dict)
    kop: Kop | None = None  # a gemensam nämnd hosted elsewhere: what the kommun buys of it (see Kop)
    lokalagare: bool = False  # owns the kommun's lokaler, plans lokalinvesteringar, charges internhyra
    tar_ut_internhyra: bool = False
    verksamheter: list[str] = field(default_factory=list)  # verksamhetskoder this nämnd budgets on
    kontakt: str | None = None  # whom ekonomienheten reminds (the status' reminder list), e.g. an e-mail address
    # The förvaltning's units that hand in their own verksamhetsplan (förvaltning → avdelning → enhet); empty:
    # the nämnd hands in one verksamhetsplan, as before.
    organisation: list[OrgEnhet] = field(default_factory=list)

    def org_enhet(self, enhet_id: str) -> OrgEnhet | None:
        return next((u for u in self.organisation if u.id == enhet_id), None)


class Organ(Model):
    namn: str
    ledamoter: int | None = None


class Agardirektivmal(Model):
    """A mål in KF's ägardirektiv for a bolag, with its mått and målvärde per year (the bolag reports against it)."""

    id: Annotated[str, Pattern(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    text: str
    matt: str = ""
    enhet: str = ""
    malvarde: dict[int, float] = field(default_factory=dict)


class Bolag(Model):
    """A bolag the kommun owns (wholly or partly): KF decides its borgensram and gives it ägardirektiv."""

    id: str
    namn: str
    agarandel: Annotated[float, Ge(0), Le(100)] = 100.0
    verksamhet: str | None = None
    organisationsnummer: str | None = None
    # The most the kommun stands borgen for the bolag's loans, per year (tkr), decided by KF in the kommunplan.
    borgensram: dict[int, Annotated[float, Ge(0)]] = field(default_factory=dict)
    agardirektiv: list[Agardirektivmal] = field(default_factory=list)
    bolagsplan: bool = True  # the bolag hands in a bolagsplan (through the kommunstyrelse)


class Organisation(Model):
    kommunfullmaktige: Organ
    namnder: list[Namnd]
    bolag: list[Bolag] = field(default_factory=list)


# ---------------------------------------------------------------- malkedja.yaml
class Vardegrund(Model):
    namn: str
    punkter: list[str] = field(default_factory=list)


class Malbild(Model):
    namn: str
    text: str


class Malomrade(Model):
    id: str
    namn: str


class StrategisktMal(Model):
    id: str
    text: str
    malomrade: str | None = None
    overgripande: bool = False


class RiktatMatt(Model):
    """A mått that kommunfullmäktige decides with a riktat mål: pre-filled in the nämnd's nämndplan
    (its utgångsvärde from Kolada when the templates are made with a snapshot and it has a Kolada id)."""

    matt: str
    enhet: str
    riktning: str = "hogre"  # hogre | lagre
    kalla: str = ""
    kolada_id: str = ""


class RiktatMal(Model):
    id: str
    text: str
    namnd: str
    strategiskt_mal: str
    ar: list[int]
    matt: list[RiktatMatt] = field(default_factory=list)


class Malkedja(Model):
    vardegrund: Vardegrund
    malbild: Malbild
    malomraden: list[Malomrade]
    strategiska_mal: list[StrategisktMal]
    riktade_mal: list[RiktatMal] = field(default_factory=list)
    insatsomraden: list[str] = field(default_factory=list)  # the insatsområden of the kommun's strategi
    strategi: str = "kommunens strategi"  # its name in templates and reports, e.g. "Strategi Hållbara Mora"
    max_namndmal: Annotated[int, Ge(1)] = 6


# ---------------------------------------------------------------- planering.yaml
class Konsekvensgrans(Model):
    """When a nämnd's prioritisation needs a konsekvensanalys (the seed: verksamhet and ekonomi in conflict):
    a verksamhet whose budgeted nettokostnad falls below its adopted budget the year before by both limits."""

    minskning_procent: Annotated[float, Ge(0), Le(100)] = 5.0
    minskning_tkr: Annotated[float, Ge(0)] = 500.0


class Planering(Model):
    budgetar: Annotated[int, Ge(2000), Le(2100)]
    planar: Annotated[list[int], MinLen(2), MaxLen(3)]  # two or three plan years after the budget year
    uppfoljningsar: Annotated[int, Ge(2000), Le(2100)]
    inkorg: str | None = None  # folder where the add-in hands in validated workbooks
    lite_paket: Annotated[str | None, Pattern(r"^https://[^\s]+$")] = None  # https URL of the folder where IT hosts xltools' wheel for xlwings Lite
    konsekvensanalys: Konsekvensgrans = field(default_factory=Konsekvensgrans)
    # Rows of a template table for a nämnd beyond the automatic size (forms/sizing.py):
    # "<dokument>.<tabell>" -> nämnd -> rows, e.g. {"driftbudget.drift": {"sn": 180}}.
    tabellrader: dict[str, dict[str, Annotated[int, Ge(1), Le(2000)]]] = field(default_factory=dict)
    # The KF decisions behind the kommunplan's phases: fas (juni, november, december) -> "KF 2026-06-15 § 45".
    kf_beslut: dict[str, str] = field(default_factory=dict)

    @property
    def ar(self) -> list[int]:
        """Budget year and the plan years (two or three)."""
        return [self.budgetar, *self.planar]


# ---------------------------------------------------------------- ekonomi.yaml
class Investeringskategori(Model):
    id: str
    namn: str
    avskrivningstid: Annotated[int, Ge(1), Le(100)]
    lokal: bool = False


class IngaendeBalans(Model):
    ar: int
    typ: Annotated[str, Pattern(r"^(bokslut|prognos)$")]
    immateriella_anlaggningstillgangar: float = 0
    mark_byggnader_och_tekniska_anlaggningar: float = 0
    maskiner_och_inventarier: float = 0
    finansiella_anlaggningstillgangar: float = 0
    bidrag_till_statlig_infrastruktur: float = 0
    forrad: float = 0  # förråd och lager
    exploateringsfastigheter: float = 0
    forrad_och_exploatering: float = 0  # older form: förråd m.m. on one line (counted as förråd)
    fordringar: float = 0
    kortfristiga_placeringar: float = 0
    kassa_och_bank: float = 0
    eget_kapital: float = 0
    avsattningar_for_pensioner: float = 0
    andra_avsattningar: float = 0
    langfristiga_skulder: float = 0
    kortfristiga_skulder: float = 0


class Lanepost(Model):
    """One long-term loan: its balance at the opening, its own interest rate per year, its borrowing and
    amortering per year (tkr). A loan without interest has rantesats 0."""

    id: str
    namn: str
    ib: Annotated[float, Ge(0)] = 0
    rantesats: dict[int, float] = field(default_factory=dict)  # % per year (0–20)
    nyupplaning: dict[int, float] = field(default_factory=dict)
    amortering: dict[int, float] = field(default_factory=dict)


class Lan(Model):
    """Långfristiga skulder: either one rate on the whole debt (rantesats, nyupplaning, amortering) or the
    loans one by one (lan), whose IB sum to the ingående balans."""

    rantesats: Annotated[float, Ge(0), Le(20)] = 0  # % on långfristiga skulder when no loans are listed
    nyupplaning: dict[int, float] = field(default_factory=dict)
    amortering: dict[int, float] = field(default_factory=dict)
    lan: list[Lanepost] = field(default_factory=list)


class FinansielltMalTyp(StrEnum):
    RESULTATANDEL = "resultatandel"  # årets resultat / (skatter + GSU) in %
    SJALVFINANSIERINGSGRAD = "sjalvfinansieringsgrad"  # (ÅR + avskrivningar) / investeringar in %
    SOLIDITET = "soliditet"  # eget kapital / summa tillgångar in %


class FinansielltMal(Model):
    id: str
    namn: str
    typ: FinansielltMalTyp
    minst: float


class Finansforvaltning(Model):
    """Items budgeted centrally, outside the nämnder (pensions, PO difference, reserves)."""

    intakter: dict[int, float] = field(default_factory=dict)  # external only
    kostnader: dict[int, float] = field(default_factory=dict)
    finansiella_intakter: dict[int, float] = field(default_factory=dict)
    avsattningar_forandring: dict[int, float] = field(default_factory=dict)
    # What the nämnder pay finansförvaltningen (po_palagg, internranta, kapitaltjanst -> tkr per year):
    # eliminated against the nämnders' costs, never a verksamhetens intäkt.
    interna_intakter: dict[str, dict[int, float]] = field(default_factory=dict)
    ranta_pensionsavsattning: dict[int, float] = field(default_factory=dict)  # finansiell kostnad
    ovriga_finansiella_kostnader: dict[int, float] = field(default_factory=dict)
    # Signed as presented (+ intäkt, − kostnad): the RR's jämförelsestörande poster lines.
    jamforelsestorande_poster: dict[int, float] = field(default_factory=dict)
    finansiella_jamforelsestorande_poster: dict[int, float] = field(default_factory=dict)


class AvskrivningStart(StrEnum):
    """When a new investment starts to be written off (its aktiveringsår from the investeringsplan)."""

    ARET_EFTER = "aret_efter"  # the whole year after the aktiveringsår
    HALVAR = "halvar"  # half a year's avskrivning in the aktiveringsår (mid-year)
    MANADEN_EFTER = "manaden_efter_aktivering"  # from the month after the aktiveringsmånad


class Avskrivning(Model):
    """The avskrivning convention for new investments (straight-line over the kategori's avskrivningstid)."""

    start: AvskrivningStart = AvskrivningStart.ARET_EFTER
    aktiveringsmanad: Annotated[int, Ge(1), Le(12)] = 12  # assumed month of aktivering (manaden_efter_aktivering)


class Rorelse(Model):
    """A balance line's movements per year (tkr, positive): what is added and what is taken."""

    gjorda: dict[int, float] = field(default_factory=dict)
    ianspraktagna: dict[int, float] = field(default_factory=dict)


class Avsattningar(Model):
    """Avsättningar's roll per year: UB = IB (ingående balans) + gjorda − ianspråktagna."""

    pensioner: Rorelse | None = None  # avsättningar för pensioner (gjorda incl. ränta och löneskatt)
    andra: Rorelse = field(default_factory=Rorelse)  # andra avsättningar


class Ansvarsforbindelse(Model):
    """An ansvarsförbindelse (outside the balance sheet): UB = IB + ökning − minskning per year (tkr)."""

    ingaende_balans: Annotated[float, Ge(0)] = 0
    okning: dict[int, float] = field(default_factory=dict)
    minskning: dict[int, float] = field(default_factory=dict)


def _rolled(ib: float, up: dict[int, float], down: dict[int, float], year: int) -> float:
    return ib + sum(v for y, v in up.items() if y <= year) - sum(v for y, v in down.items() if y <= year)


class Borgen(Model):
    """A borgen (an ansvarsförbindelse) for a bolag (its id in organisation.yaml) or, for others, a namn."""

    ingaende_balans: Annotated[float, Ge(0)] = 0
    okning: dict[int, float] = field(default_factory=dict)
    minskning: dict[int, float] = field(default_factory=dict)
    bolag: str | None = None
    namn: str | None = None

    def ub(self, year: int) -> float:
        """The borgen at the end of `year` (tkr): IB + ökning − minskning up to and including the year."""
        return _rolled(self.ingaende_balans, self.okning, self.minskning, year)


class Ansvarsforbindelser(Model):
    """Panter och ansvarsförbindelser: pensionsförpliktelser intjänade före 1998 (inkl. särskild löneskatt)
    and borgen per bolag."""

    pensionsforpliktelser: Ansvarsforbindelse = field(default_factory=Ansvarsforbindelse)
    borgen: list[Borgen] = field(default_factory=list)


class LanTillBolag(Model):
    """A long-term loan to a bolag (part of finansiella anläggningstillgångar): UB = IB + utlåning − amortering."""

    bolag: str
    ib: Annotated[float, Ge(0)] = 0
    utlaning: dict[int, float] = field(default_factory=dict)
    amortering: dict[int, float] = field(default_factory=dict)

    def ub(self, year: int) -> float:
        """The loan at the end of `year` (tkr)."""
        return _rolled(self.ib, self.utlaning, self.amortering, year)


class Forsaljning(Model):
    """A sale of an anläggningstillgång: inkomst (kassaflöde) and bokfört värde (off the balance line); the
    difference is a realisationsvinst (+) or -förlust (−) in the resultatbudget."""

    ar: int
    namn: str
    slag: Annotated[str, Pattern(r"^(immateriella_anlaggningstillgangar|mark_byggnader_och_tekniska_anlaggningar"
                                 r"|maskiner_och_inventarier)$")]
    inkomst: Annotated[float, Ge(0)]
    bokfort_varde: Annotated[float, Ge(0)]


class Investeringsinkomster(Model):
    """Investeringsbidrag and anslutningsavgifter: förutbetalda intäkter among långfristiga skulder (IB part of
    ingaende_balans.langfristiga_skulder), received per year and upplösta (a verksamhetens intäkt, not cash)."""

    ingaende_balans: Annotated[float, Ge(0)] = 0
    inbetalningar: dict[int, float] = field(default_factory=dict)
    upplosning: dict[int, float] = field(default_factory=dict)


class BidragStatligInfrastruktur(Model):
    """Bidrag till statlig infrastruktur (an asset, IB in ingaende_balans): paid per year, upplöst per year
    (among avskrivningar)."""

    utbetalningar: dict[int, float] = field(default_factory=dict)
    upplosning: dict[int, float] = field(default_factory=dict)


class Rorelsekapital(Model):
    """The change per year of rörelsekapitalets poster (tkr; + = ökning, − = minskning)."""

    forrad: dict[int, float] = field(default_factory=dict)
    exploateringsfastigheter: dict[int, float] = field(default_factory=dict)
    fordringar: dict[int, float] = field(default_factory=dict)
    kortfristiga_placeringar: dict[int, float] = field(default_factory=dict)
    kortfristiga_skulder: dict[int, float] = field(default_factory=dict)


class Balanskrav(Model):
    """The balanskravsutredning's adjustments per year (tkr) and earlier years' underskott to återställa."""

    realisationsvinster: dict[int, float] = field(default_factory=dict)  # samtliga, positive (deducted)
    undantag: dict[int, float] = field(default_factory=dict)  # vinster/förluster enligt undantagsmöjlighet, signed
    orealiserade_vardepapper: dict[int, float] = field(default_factory=dict)  # förluster +, vinster −
    aterforing_orealiserade: dict[int, float] = field(default_factory=dict)  # återföring, signed as presented
    # Negative balanskravsresultat of earlier years not yet återställda: year of origin -> tkr (positive).
    underskott_att_aterstalla: dict[int, float] = field(default_factory=dict)


class RurRiktlinjer(Model):
    """The kommun's riktlinjer for the resultatutjämningsreserv (kommunallagen 11 kap. 13–14 §§)."""

    # Only the part of årets resultat efter balanskravsjusteringar above this share of skatteintäkter +
    # generella statsbidrag och utjämning may be reserved (1 %, or 2 % with negative eget kapital).
    reservering_over_procent: Annotated[float, Ge(0), Le(20)] = 1.0
    tak_procent: float | None = None  # the reserve at most this share of skatteintäkter + GSU
    # Disposition only up to a balanskravsresultat of zero (it covers an underskott, never makes a surplus).
    disposition_hogst_till_noll: bool = True


class Resultatutjamningsreserv(Model):
    """RUR: its balance at the opening (part of eget kapital), medel till and från per year (tkr)."""

    ingaende_balans: Annotated[float, Ge(0)] = 0
    reservering: dict[int, float] = field(default_factory=dict)
    disposition: dict[int, float] = field(default_factory=dict)
    riktlinjer: RurRiktlinjer = field(default_factory=RurRiktlinjer)


class Jamforelsekolumn(Model):
    """A comparison column beside the kommunplan's statements: one year's figures (tkr, with the statements'
    signs) from an earlier document, named by `kalla`. Lines left out are shown as missing, never as zero."""

    ar: Annotated[int, Ge(2000), Le(2100)]
    kalla: str  # e.g. "Årsredovisning 2025" or "Kommunplan 2026 (KF 2025-06-16 § 58)"
    resultatbudget: dict[str, float] = field(default_factory=dict)
    kassaflodesbudget: dict[str, float] = field(default_factory=dict)
    balansbudget: dict[str, float] = field(default_factory=dict)
    driftbudget: dict[str, float] = field(default_factory=dict)  # nämnd id -> nettokostnad (tkr, positive)


class Jamforelse(Model):
    """The comparison columns published kommunplaner show: Bokslut t−2, Budget t−1 and Prognos t−1."""

    bokslut: Jamforelsekolumn | None = None
    budget: Jamforelsekolumn | None = None
    prognos: Jamforelsekolumn | None = None


class Rampost(Model):
    """One step of a nämnd's ramförändring: a beslutad satsning (+) or a besparing (−), tkr per year."""

    text: str
    belopp: dict[int, float] = field(default_factory=dict)
    beslut: str = ""  # e.g. "KS 2026-05-12 § 88"


class Ramsteg(Model):
    """How a nämnd's ram moves from one year to the next, beyond pris- och lönekompensation (tkr per year)."""

    volym: dict[int, float] = field(default_factory=dict)  # volymförändring (demografi)
    satsningar: list[Rampost] = field(default_factory=list)
    besparingar: list[Rampost] = field(default_factory=list)


class Ramberedning(Model):
    """The budgetberedning's ramförändringar (ekonomi.yaml `ramberedning`): ram t−1 → pris- och
    lönekompensation → volym → driftkonsekvenser av investeringar → satsningar → besparingar → ram t."""

    pris_och_lonekompensation: dict[int, Annotated[float, Ge(-20), Le(20)]] = field(default_factory=dict)  # % of ram t−1
    lonesumma: dict[int, Annotated[float, Ge(0)]] = field(default_factory=dict)  # tkr; else the driftbudgets' löner
    namnder: dict[str, Ramsteg] = field(default_factory=dict)


class Ekonomi(Model):
    skattesats: Annotated[float, Gt(0), Lt(40)]
    skatteintakter: dict[int, float]
    generella_statsbidrag_och_utjamning: dict[int, float]
    ramar: dict[str, dict[int, float]]
    internranta: Annotated[float, Ge(0), Le(20)]
    po_palagg: Annotated[float, Ge(0), Le(100)]
    investeringskategorier: list[Investeringskategori]
    befintliga_avskrivningar: dict[int, float] = field(default_factory=dict)  # on existing assets, all slag
    # Their split by slag (immateriella_anlaggningstillgangar, maskiner_och_inventarier, ...): the rest of each
    # year's befintliga_avskrivningar is on mark_byggnader_och_tekniska_anlaggningar.
    befintliga_avskrivningar_per_slag: dict[str, dict[int, float]] = field(default_factory=dict)
    avskrivning: Avskrivning = field(default_factory=Avskrivning)
    ingaende_balans: IngaendeBalans
    lan: Lan
    finansforvaltning: Finansforvaltning = field(default_factory=Finansforvaltning)
    finansiella_mal: list[FinansielltMal] = field(default_factory=list)
    investeringsram: dict[int, float] = field(default_factory=dict)
    balanskrav: Balanskrav = field(default_factory=Balanskrav)
    resultatutjamningsreserv: Resultatutjamningsreserv = field(default_factory=Resultatutjamningsreserv)
    avsattningar: Avsattningar = field(default_factory=Avsattningar)
    ansvarsforbindelser: Ansvarsforbindelser = field(default_factory=Ansvarsforbindelser)
    lan_till_bolag: list[LanTillBolag] = field(default_factory=list)
    forsaljningar: list[Forsaljning] = field(default_factory=list)
    investeringsinkomster: Investeringsinkomster = field(default_factory=Investeringsinkomster)
    bidrag_till_statlig_infrastruktur: BidragStatligInfrastruktur = field(default_factory=BidragStatligInfrastruktur)
    rorelsekapital: Rorelsekapital = field(default_factory=Rorelsekapital)
    jamforelse: Jamforelse = field(default_factory=Jamforelse)
    ramberedning: Ramberedning = field(default_factory=Ramberedning)


# ---------------------------------------------------------------- kontoplan.yaml
class KontoKlass(StrEnum):
    INTAKT = "intakt"
    KOSTNAD = "kostnad"
    INVESTERING = "investering"
    FINANSIELL = "finansiell"
    AVSKRIVNING = "avskrivning"
    SKATT = "skatt"


class Konto(Model):
    kod: Annotated[str, Pattern(r"^\d{2,5}$")]
    namn: str
    klass: KontoKlass
    intern: bool = False  # internhyra, interna tjänster: eliminated before the resultatbudget


class Verksamhet(Model):
    kod: str
    namn: str


class Kontoplan(Model):
    version: str
    konton: list[Konto]
    verksamheter: list[Verksamhet]


# ---------------------------------------------------------------- arshjul.yaml
class Handelse(Model):
    manad: Annotated[int, Ge(1), Le(12)]
    vad: str
    vem: str
    typ: Annotated[str, Pattern(r"^(planering|uppfoljning)$")] = "planering"
    dokument: str | None = None
    ar_relativt_budgetar: Annotated[int, Ge(-2), Le(1)] = -1
    dag: Annotated[int | None, Ge(1), Le(31)] = None


class Kontrollmoment(Model):
    id: str
    omrade: str
    risk: str
    kontrollmoment: str
    metod: str
    frekvens: str


class Arshjul(Model):
    handelser: list[Handelse]
    obligatoriska_kontrollmoment: list[Kontrollmoment] = field(default_factory=list)

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
def _codes_as_text(value: Any) -> Any:
    """Verksamhetskoder written without quotes (100: ...) are read as text."""
    if isinstance(value, dict):
        return {k: {str(c): a for c, a in v.items()} if isinstance(v, dict) else v for k, v in value.items()}
    return value


class UppfoljningInvestering(Model):
    id: str
    namn: str
    budget: Annotated[float, Ge(0)]  # the year's budget (tkr)
    totalutgift: Annotated[float | None, Ge(0)] = None  # beslutad totalutgift for the whole project
    upparbetat: Annotated[float, Ge(0)] = 0  # upparbetat (spent) in the years before the follow-up year


DATUM = r"^\d{4}-\d{2}-\d{2}$"


def _date_as_text(value: Any) -> Any:
    """A date written without quotes (2026-08-20) is read by YAML as a date: keep it as its ISO text."""
    return value.isoformat() if isinstance(value, dt.date) else value


class KommunensPoster(Model):
    """The kommun's own items for one year, outside the nämnder (tkr): a budget, a period's prognos or
    the year's utfall. Kostnader and utgifter are positive amounts; the net items (po_avvikelse,
    internranta_netto, ovrigt_netto, orealiserade_vardepapper) are + when they improve the result.
    An item left out of a prognos is taken from the budget."""

    skatteintakter: float | None = None  # the budget's (a prognos takes them from the SKR prognos)
    generella_statsbidrag_och_utjamning: float | None = None
    pensionskostnader: float | None = None  # pensionsutbetalningar, avsättning, löneskatt (finansförvaltningen)
    po_avvikelse: float | None = None  # PO-pålägg that the nämnder pay minus the actual personnel overheads
    internranta_netto: float | None = None  # internränta that the nämnder pay (finansförvaltningen's intäkt)
    ovrigt_netto: float | None = None  # other central items, e.g. a reserve (−)
    avskrivningar: float | None = None
    finansiella_intakter: float | None = None
    finansiella_kostnader: float | None = None
    investeringar: float | None = None  # nettoinvesteringar; none given: the nämnder's projects
    nyupplaning: float | None = None
    amortering: float | None = None
    pensionsavsattning_forandring: float | None = None  # change of avsättningar för pensioner (+ = increase)
    realisationsvinster: float | None = None  # balanskravsutredning
    orealiserade_vardepapper: float | None = None  # orealiserade förluster (+) / vinster (−) i värdepapper
    rur_reservering: float | None = None  # medel till resultatutjämningsreserv
    rur_disposition: float | None = None  # medel från resultatutjämningsreserv


class Skatteprognos(Model):
    """A dated SKR prognos of skatteintäkter and generella statsbidrag och utjämning for the year (tkr)."""

    datum: Annotated[str, Pattern(DATUM), Before(_date_as_text)]
    kalla: str  # e.g. "SKR cirkulär 26:35"
    skatteintakter: float
    generella_statsbidrag_och_utjamning: float


class ForegaendeAr(Model):
    """The year before the follow-up year: the årsredovisning's utfall and closing balance sheet (tkr)."""

    ar: int
    namndernas_nettokostnad: float
    poster: KommunensPoster
    balansrakning: IngaendeBalans | None = None  # UB: the follow-up year's opening balance


class GodEkonomiskHushallning(Model):
    """When the kommun has god ekonomisk hushållning: enough financial goals and verksamhetsmål met."""

    finansiella_mal: Annotated[int | None, Ge(0)] = None  # how many must be met (none given: all)
    andel_verksamhetsmal: Annotated[float, Ge(0), Le(100)] = 50  # per cent of the goals met (prognos)


class KommunensEkonomi(Model):
    """The kommun's budget, prognoser and previous year outside the nämnder, for the kommun's resultatprognos."""

    budget: KommunensPoster
    prognoser: dict[str, KommunensPoster] = field(default_factory=dict)  # 'ÅÅÅÅ-MM' -> prognos; -12: utfall
    skatteprognoser: list[Skatteprognos] = field(default_factory=list)
    foregaende_ar: ForegaendeAr | None = None
    god_ekonomisk_hushallning: GodEkonomiskHushallning = field(default_factory=GodEkonomiskHushallning)


class Periodisering(Model):
    """How the internbudget is spread over the year: a weight per month (January first), for intäkter and
    kostnader; none given: evenly (a twelfth a month)."""

    intakter: list[Annotated[float, Ge(0)]] | None = None
    kostnader: list[Annotated[float, Ge(0)]] | None = None


class Uppfoljning(Model):
    """The follow-up year's adopted budget and riktade mål; pre-fills the follow-up templates."""

    ar: Annotated[int, Ge(2000), Le(2100)]
    driftbudget: Annotated[dict[str, dict[str, float]], Before(_codes_as_text)]  # nämnd -> verksamhetskod -> tkr
    riktade_mal: list[str] | None = None  # None: the riktade mål whose years include `ar`
    investeringar: dict[str, list[UppfoljningInvestering]] = field(default_factory=dict)
    periodisering: Periodisering = field(default_factory=Periodisering)
    insatsomraden: dict[str, list[str]] = field(default_factory=dict)  # nämnd -> the strategi's insatsområden
    kommunen: KommunensEkonomi | None = None



# ---------------------------------------------------------------- the whole
PARTS: dict[str, type] = {
    "kommun": Kommun,
    "organisation": Organisation,
    "malkedja": Malkedja,
    "planering": Planering,
    "ekonomi": Ekonomi,
    "kontoplan": Kontoplan,
    "arshjul": Arshjul,
}
OPTIONAL_PARTS: dict[str, type] = {"uppfoljning": Uppfoljning, "utfall": dict}  # loaded when the file exists
# utfall.yaml (how the ledger's codes become the kommun's) is kept as written, keys as text; xltools.utfall.konfig
# checks it against the rest of the configuration (the mapping's model lives with the ledger readers).


class Config(Model):
    kommun: Kommun
    organisation: Organisation
    malkedja: Malkedja
    planering: Planering
    ekonomi: Ekonomi
    kontoplan: Kontoplan
    arshjul: Arshjul
    uppfoljning: Uppfoljning | None = None
    utfall: dict[str, Any] | None = None  # utfall.yaml: the ledger export's mapping (xltools.utfall.konfig)
    files: dict[str, str] = field(default_factory=dict)  # the YAML files read ("config/kommun.yaml") -> sha256

    def hosted_elsewhere(self, n: Namnd) -> bool:
        """A gemensam nämnd with another kommun as värdkommun."""
        return n.typ == NamndTyp.GEMENSAM and bool(n.vardkommun) and not same_kommun(n.vardkommun or "", self.kommun.namn)

    @property
    def styrelse(self) -> Namnd | None:
        """The kommunstyrelse (the nämnd of typ styrelse): it hands in the bolagsplan for the kommun's bolag."""
        return next((n for n in self.organisation.namnder if n.typ == NamndTyp.STYRELSE), None)

    @property
    def bolag_med_plan(self) -> list[Bolag]:
        """The bolag that hand in a bolagsplan (through the kommunstyrelse)."""
        return [b for b in self.organisation.bolag if b.bolagsplan]

    def bolag(self, bolag_id: str) -> Bolag:
        return next(b for b in self.organisation.bolag if b.id == bolag_id)

    def uppfoljning_fore(self, year: int) -> Uppfoljning | None:
        """uppfoljning.yaml when it follows up the year before `year` (last year's budget for this year's templates)."""
        u = self.uppfoljning
        return u if u is not None and self.planering.uppfoljningsar == year - 1 else None

    def bolag_ub(self, bolag_id: str, year: int) -> tuple[float, float]:
        """(the kommun's borgen for the bolag, its lån till bolaget) at the end of `year`, tkr."""
        e = self.ekonomi
        return (sum(b.ub(year) for b in e.ansvarsforbindelser.borgen if b.bolag == bolag_id),
                sum(ln.ub(year) for ln in e.lan_till_bolag if ln.bolag == bolag_id))

    @property
    def submitting_ids(self) -> list[str]:
        """The nämnder that hand in templates: all but those hosted elsewhere that the kommun buys (`kop`)."""
        return [n.id for n in self.organisation.namnder if n.kop is None]

    def egen_andel(self, namnd_id: str) -> float:
        """The kommun's share (0–1) of a nämnd's nettokostnad: its fördelning's own andel, else 1."""
        n = self.namnd(namnd_id)
        own = [a for k, a in n.fordelning.items() if same_kommun(k, self.kommun.namn)]
        return own[0] / 100 if own else 1.0

    def brutto_ram(self, namnd_id: str, year: int) -> int | None:
        """The ram a nämnd budgets against: its ram (tkr), or for a hosted gemensam nämnd the whole nämnd's
        nettokostnad that the kommun's andel of is the ram (rounded down, so that the andel stays within it)."""
        ram = self.ekonomi.ramar.get(namnd_id, {}).get(year)
        andel = self.egen_andel(namnd_id) if namnd_id in self.namnd_ids else 1.0
        if ram is None or andel >= 1:
            return ram
        return math.floor(ram / andel + 1e-9)

    def kop_by(self, namnd_id: str) -> list[Namnd]:
        """The nämnder hosted elsewhere whose purchase this nämnd pays."""
        return [n for n in self.organisation.namnder if n.kop is not None and n.kop.namnd == namnd_id]

    def namnd(self, namnd_id: str) -> Namnd:
        for n in self.organisation.namnder:
            if n.id == namnd_id:
                return n
        raise KeyError(namnd_id)

    @property
    def year_slots(self) -> range:
        """The template year columns of the plan period: 1 = budget year, then each plan year."""
        return range(1, len(self.planering.ar) + 1)

    @property
    def namnd_ids(self) -> list[str]:
        return [n.id for n in self.organisation.namnder]

    def riktade_mal_for(self, namnd_id: str, ar: int | None = None, *, planperiod: bool = False) -> list[RiktatMal]:
        """The nämnd's riktade mål (for year `ar`; with `planperiod`, covering any year of the plan period from `ar`)."""
        years = set(range(ar, ar + len(self.planering.ar))) if ar is not None and planperiod else {ar}
        return [
            r for r in self.malkedja.riktade_mal
            if r.namnd == namnd_id and (ar is None or not years.isdisjoint(r.ar))
        ]

    def lokalagare(self) -> Namnd | None:
        return next((n for n in self.organisation.namnder if n.lokalagare), None)

    def kategori(self, kategori_id: str) -> Investeringskategori | None:
        return next((k for k in self.ekonomi.investeringskategorier if k.id == kategori_id), None)
