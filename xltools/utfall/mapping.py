"""From the ledger's codes to the kommun's: nämnd, verksamhet and Kommun-Bas konto, with control totals.

The mapping (pydantic, so import this module only where utfall is mapped, never on the start-up
path of `validate`) says which SIE dimension holds ansvar, verksamhet and projekt, which ansvar
belong to which nämnd, how verksamhet is found, and which konton the follow-up covers.
`aggregate` puts every ledger row in exactly one place: utfall per (nämnd, verksamhet, konto,
period), unmapped (with the reason), outside the follow-up's konton, or after the brytdatum; the
control totals prove Σ in = Σ mapped + Σ unmapped + Σ outside + Σ later, to the öre. It also flags
what the styrsystem forbids: "medel anslagna för investeringar får inte användas till
driftkostnader" – an investment project booked on a driftkonto (Kommun-Bas classes 3–8), and the
reverse, an anläggningskonto (10–12) booked without an investment project.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from xltools.errors import XltoolsError
from xltools.gcpause import gc_paused
from xltools.sv import sv_amount
from xltools.utfall.rows import LedgerRow

ZERO = Decimal(0)


# --------------------------------------------------------------------------------- the mapping
class Intervall(BaseModel):
    """Codes from `fran` to `till`, both included, compared on as many leading digits as the bound
    has ('3'–'8' covers every konto that begins with 3 to 8; '1000'–'1999' four-digit codes)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    fran: str
    till: str
    varde: str = ""  # what the range maps to (a nämnd id or a verksamhet code); unused for konto ranges

    @model_validator(mode="after")
    def _ordered(self) -> Intervall:
        if not self.fran or not self.till:
            raise ValueError("intervallet behöver både fran och till")
        if self.fran[: len(self.till)] > self.till:
            raise ValueError(f"intervallet börjar ({self.fran}) efter att det slutar ({self.till})")
        return self

    def covers(self, code: str) -> bool:
        return code[: len(self.fran)] >= self.fran and code[: len(self.till)] <= self.till


def _covered(code: str, ranges: Sequence[Intervall]) -> Intervall | None:
    return next((r for r in ranges if r.covers(code)), None)


class NamndRegler(BaseModel):
    """Ansvar -> nämnd: exact codes first, then ranges."""

    model_config = ConfigDict(extra="forbid")
    koder: dict[str, str] = Field(default_factory=dict)
    intervall: list[Intervall] = Field(default_factory=list)


class VerksamhetRegler(BaseModel):
    """Verksamhet, tried in order: the row's own code (renamed by `koder`, or as it is when it is a
    verksamhet of the kontoplan), the ansvar's verksamhet, a konto range."""

    model_config = ConfigDict(extra="forbid")
    koder: dict[str, str] = Field(default_factory=dict)
    per_ansvar: dict[str, str] = Field(default_factory=dict)
    kontointervall: list[Intervall] = Field(default_factory=list)


class KontoRegler(BaseModel):
    """Ledger konto -> Kommun-Bas konto: exact codes, otherwise the longest Kommun-Bas code of the
    kontoplan that begins the ledger's konto (4611 -> 46, 3411 -> 3411)."""

    model_config = ConfigDict(extra="forbid")
    koder: dict[str, str] = Field(default_factory=dict)


def _range(fran: str, till: str) -> Intervall:
    return Intervall(fran=fran, till=till)


class UtfallMapping(BaseModel):
    """How the ledger's codes become the kommun's (the utfall part of the configuration)."""

    model_config = ConfigDict(extra="forbid")
    kalla: Literal["ver", "psaldo"] = "ver"  # SIE: verifikationer, or periodsaldon (#PSALDO)
    ansvar_dimension: int | None = 1
    verksamhet_dimension: int | None = None
    projekt_dimension: int | None = None
    namnd: NamndRegler = Field(default_factory=NamndRegler)
    verksamhet: VerksamhetRegler = Field(default_factory=VerksamhetRegler)
    konto: KontoRegler = Field(default_factory=KontoRegler)
    investeringsprojekt: list[str] = Field(default_factory=list)
    uppfoljningskonton: list[Intervall] = Field(default_factory=lambda: [_range("3", "8")])
    driftkonton: list[Intervall] = Field(default_factory=lambda: [_range("3", "8")])
    investeringskonton: list[Intervall] = Field(default_factory=lambda: [_range("10", "12")])

    @field_validator("ansvar_dimension", "verksamhet_dimension", "projekt_dimension")
    @classmethod
    def _dimension(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError("ett dimensionsnummer är 1 eller större")
        return value


@dataclass(frozen=True)
class Referens:
    """What the configuration knows (from organisation.yaml, kontoplan.yaml, uppfoljning.yaml)."""

    namnder: frozenset[str]
    verksamheter: frozenset[str]
    kommunbas: frozenset[str]  # Kommun-Bas codes of the kontoplan ('30', '3411', '46', ...)
    namnd_verksamheter: Mapping[str, frozenset[str]] = field(default_factory=dict)
    projekt_namnd: Mapping[str, str] = field(default_factory=dict)  # investment project -> nämnd


_PYDANTIC_SV = {"missing": "saknas", "extra_forbidden": "okänd nyckel", "int_type": "ska vara ett heltal",
                "int_parsing": "ska vara ett heltal", "string_type": "ska vara en text",
                "dict_type": "ska vara en tabell (nyckel: värde)", "list_type": "ska vara en lista",
                "literal_error": "otillåtet värde", "model_type": "ska vara en tabell (nyckel: värde)"}


def load_mapping(data: Mapping[str, Any] | None, file: str, ref: Referens) -> UtfallMapping:
    """Validate the mapping against the configuration; raise XltoolsError listing every problem."""
    try:
        mapping = UtfallMapping.model_validate(data or {})
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            text = _PYDANTIC_SV.get(err["type"], None)
            if text is None:
                text = str(err.get("ctx", {}).get("error", err["msg"]))
            lines.append(f"{file}: {where}: {text}")
        raise XltoolsError("\n".join(lines)) from None
    problems = []
    for ansvar, namnd in mapping.namnd.koder.items():
        if namnd not in ref.namnder:
            problems.append(f"namnd.koder.{ansvar}: nämnden {namnd!r} finns inte i organisationen")
    for i, r in enumerate(mapping.namnd.intervall):
        if r.varde not in ref.namnder:
            problems.append(f"namnd.intervall[{i}]: nämnden {r.varde!r} finns inte i organisationen")
    for where, targets in (("verksamhet.koder", mapping.verksamhet.koder),
                           ("verksamhet.per_ansvar", mapping.verksamhet.per_ansvar)):
        for code, v in targets.items():
            if v not in ref.verksamheter:
                problems.append(f"{where}.{code}: verksamheten {v!r} finns inte i kontoplanen")
    for i, r in enumerate(mapping.verksamhet.kontointervall):
        if r.varde not in ref.verksamheter:
            problems.append(f"verksamhet.kontointervall[{i}]: verksamheten {r.varde!r} finns inte i kontoplanen")
    for code, konto in mapping.konto.koder.items():
        if konto not in ref.kommunbas:
            problems.append(f"konto.koder.{code}: kontot {konto!r} finns inte i kontoplanen")
    dims = [d for d in (mapping.ansvar_dimension, mapping.verksamhet_dimension, mapping.projekt_dimension) if d]
    if len(dims) != len(set(dims)):
        problems.append("ansvar_dimension, verksamhet_dimension och projekt_dimension ska vara olika dimensioner")
    if mapping.investeringsprojekt and mapping.projekt_dimension is None:
        problems.append("investeringsprojekt kräver projekt_dimension (den dimension som håller projekten)")
    if problems:
        raise XltoolsError("\n".join(f"{file}: {p}" for p in problems))
    return mapping


# --------------------------------------------------------------------------------- the result
@dataclass(frozen=True, slots=True)
class Kalla:
    """Where rows came from: the first one's file and line, and how many rows there were."""

    file: str
    line: int
    rader: int

    def text(self) -> str:
        more = f" (och {self.rader - 1} rader till)" if self.rader > 1 else ""
        return f"{self.file}, rad {self.line}{more}" if self.line else f"{self.file}{more}"


@dataclass(frozen=True, slots=True)
class UtfallPost:
    namnd: str
    verksamhet: str
    konto: str  # Kommun-Bas
    period: str  # 'ÅÅÅÅ-MM'
    belopp: Decimal  # kronor, debet positive
    rader: int


@dataclass(frozen=True, slots=True)
class Omappad:
    """Rows the mapping could not place, grouped by reason and the ledger's codes."""

    orsak: str
    ansvar: str
    verksamhet: str
    konto: str  # the ledger's
    belopp: Decimal
    kalla: Kalla


@dataclass(frozen=True, slots=True)
class Utanfor:
    """Rows on konton outside the follow-up (balance accounts such as bank and skulder), per konto."""

    konto: str
    belopp: Decimal
    kalla: Kalla


@dataclass(frozen=True, slots=True)
class Flagga:
    """A booking the styrsystem forbids, per nämnd, projekt and konto (INV-4 applied to utfall)."""

    typ: Literal["investering_pa_driftkonto", "drift_pa_investeringskonto"]
    namnd: str
    projekt: str
    konto: str  # the ledger's
    belopp: Decimal
    kalla: Kalla

    def text(self) -> str:
        who = f"{self.namnd}: " if self.namnd else ""
        if self.typ == "investering_pa_driftkonto":
            return (f"{who}investeringsprojektet {self.projekt} har bokats på driftkontot {self.konto} "
                    f"({_kr(self.belopp)}); medel anslagna för investeringar får inte användas till driftkostnader "
                    f"({self.kalla.text()}).")
        what = f"projektet {self.projekt}, som inte är ett investeringsprojekt" if self.projekt else "inget investeringsprojekt"
        return (f"{who}investeringskontot {self.konto} har bokats med {what} ({_kr(self.belopp)}; "
                f"{self.kalla.text()}).")


@dataclass(frozen=True, slots=True)
class Kontrollsummor:
    """Σ in = Σ mappat + Σ omappat + Σ utanför + Σ efter brytdatum, in kronor and in rows."""

    summa_in: Decimal
    summa_mappat: Decimal
    summa_omappat: Decimal
    summa_utanfor: Decimal
    summa_efter: Decimal
    rader_in: int
    rader_mappat: int
    rader_omappat: int
    rader_utanfor: int
    rader_efter: int

    @property
    def stammer(self) -> bool:
        return (self.summa_in == self.summa_mappat + self.summa_omappat + self.summa_utanfor + self.summa_efter
                and self.rader_in == self.rader_mappat + self.rader_omappat + self.rader_utanfor + self.rader_efter)


@dataclass(frozen=True)
class UtfallResultat:
    utfall: tuple[UtfallPost, ...]
    omappat: tuple[Omappad, ...]
    utanfor: tuple[Utanfor, ...]
    flaggor: tuple[Flagga, ...]
    investeringar: Mapping[tuple[str, str, str], Decimal]  # (nämnd, projekt, period) -> kronor
    kontroll: Kontrollsummor

    def summary(self) -> list[str]:
        """The control totals and what was not mapped, in Swedish, for a report or the CLI."""
        k = self.kontroll
        lines = [f"Inläst: {k.rader_in} rader, {_kr(k.summa_in)}.",
                 f"Fördelat på nämnd, verksamhet och konto: {k.rader_mappat} rader, {_kr(k.summa_mappat)}.",
                 f"Ej fördelat: {k.rader_omappat} rader, {_kr(k.summa_omappat)}.",
                 f"Konton utanför uppföljningen (balanskonton): {k.rader_utanfor} rader, {_kr(k.summa_utanfor)}."]
        if k.rader_efter:
            lines.append(f"Efter brytdatum: {k.rader_efter} rader, {_kr(k.summa_efter)}.")
        lines.append("Kontrollsummorna stämmer." if k.stammer else "KONTROLLSUMMORNA STÄMMER INTE.")
        for o in self.omappat:
            codes = ", ".join(f"{n} {v}" for n, v in (("ansvar", o.ansvar), ("verksamhet", o.verksamhet),
                                                      ("konto", o.konto)) if v)
            lines.append(f"Ej fördelat ({o.orsak}; {codes}): {_kr(o.belopp)} – {o.kalla.text()}.")
        lines += [f.text() for f in self.flaggor]
        return lines


def _kr(value: Decimal) -> str:
    return f"{sv_amount(value, 2)} kr"  # type: ignore[arg-type]  # Decimal formats like float, exactly


# --------------------------------------------------------------------------------- aggregation
class _Sum:
    __slots__ = ("belopp", "rader", "file", "line")

    def __init__(self, row: LedgerRow):
        self.belopp = ZERO
        self.rader = 0
        self.file = row.file
        self.line = row.line

    def add(self, row: LedgerRow) -> None:
        self.belopp += row.belopp
        self.rader += 1

    def kalla(self) -> Kalla:
        return Kalla(self.file, self.line, self.rader)


def _add(table: dict[Any, _Sum], key: Any, row: LedgerRow) -> None:
    s = table.get(key)
    if s is None:
        s = table[key] = _Sum(row)
    s.add(row)


class _Resolver:
    """Cached lookups of one mapping (ledgers repeat the same codes thousands of times)."""

    def __init__(self, mapping: UtfallMapping, ref: Referens):
        self.m = mapping
        self.ref = ref
        self.namnd_cache: dict[str, str | None] = {}
        self.konto_cache: dict[str, str | None] = {}
        self.kind_cache: dict[str, tuple[bool, bool, bool]] = {}
        self.by_length = sorted(ref.kommunbas, key=len, reverse=True)

    def kind(self, konto: str) -> tuple[bool, bool, bool]:
        """(followed up, driftkonto, investeringskonto)."""
        hit = self.kind_cache.get(konto)
        if hit is None:
            m = self.m
            hit = self.kind_cache[konto] = (_covered(konto, m.uppfoljningskonton) is not None,
                                            _covered(konto, m.driftkonton) is not None,
                                            _covered(konto, m.investeringskonton) is not None)
        return hit

    def namnd(self, row: LedgerRow) -> tuple[str | None, str]:
        if row.namnd:
            return (row.namnd, "") if row.namnd in self.ref.namnder else (None, f"nämnden {row.namnd} finns inte")
        if not row.ansvar:
            return None, "ansvar saknas"
        if row.ansvar not in self.namnd_cache:
            hit = self.m.namnd.koder.get(row.ansvar)
            if hit is None:
                r = _covered(row.ansvar, self.m.namnd.intervall)
                hit = r.varde if r else None
            self.namnd_cache[row.ansvar] = hit
        hit = self.namnd_cache[row.ansvar]
        return (hit, "") if hit else (None, "ansvaret hör inte till någon nämnd")

    def verksamhet(self, row: LedgerRow, namnd: str) -> tuple[str | None, str]:
        v = self.m.verksamhet
        hit = None
        if row.verksamhet:
            hit = v.koder.get(row.verksamhet) or (row.verksamhet if row.verksamhet in self.ref.verksamheter else None)
        if hit is None and row.ansvar:
            hit = v.per_ansvar.get(row.ansvar)
        if hit is None:
            r = _covered(row.konto, v.kontointervall)
            hit = r.varde if r else None
        if hit is None:
            return None, "verksamheten saknas eller är okänd" if row.verksamhet else "verksamhet saknas"
        allowed = self.ref.namnd_verksamheter.get(namnd)
        if allowed is not None and hit not in allowed:
            return None, f"verksamheten {hit} hör inte till nämnden {namnd}"
        return hit, ""

    def konto(self, konto: str) -> str | None:
        if konto not in self.konto_cache:
            hit = self.m.konto.koder.get(konto)
            if hit is None:
                hit = next((c for c in self.by_length if konto.startswith(c)), None)
            self.konto_cache[konto] = hit
        return self.konto_cache[konto]


@gc_paused
def aggregate(rows: Iterable[LedgerRow], mapping: UtfallMapping, ref: Referens, *,
              till_period: str | None = None) -> UtfallResultat:
    """Place every row (see the module text); `till_period` ('ÅÅÅÅ-MM') is the brytdatum's month."""
    res = _Resolver(mapping, ref)
    projects = set(mapping.investeringsprojekt)
    utfall: dict[tuple[str, str, str, str], _Sum] = {}
    omappat: dict[tuple[str, str, str, str], _Sum] = {}
    utanfor: dict[str, _Sum] = {}
    efter = _Sum(LedgerRow("", "", ZERO))
    flaggor: dict[tuple[str, str, str, str], _Sum] = {}
    invest: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    total = ZERO
    n = 0
    for row in rows:
        total += row.belopp
        n += 1
        if till_period is not None and row.period > till_period:
            efter.add(row)
            continue
        namnd, why = res.namnd(row)
        followed, drift, investering = res.kind(row.konto)
        # INV-4 on utfall: investment money on driftkonton, and anläggningskonton without an investment
        if row.projekt in projects:
            owner = ref.projekt_namnd.get(row.projekt, namnd or "")
            if drift:
                _add(flaggor, ("investering_pa_driftkonto", owner, row.projekt, row.konto), row)
            if investering:
                invest[(owner, row.projekt, row.period)] += row.belopp
        elif investering:
            _add(flaggor, ("drift_pa_investeringskonto", namnd or "", row.projekt, row.konto), row)
        if not followed:
            _add(utanfor, row.konto, row)
            continue
        verksamhet = konto = None
        if namnd is not None:
            verksamhet, why = res.verksamhet(row, namnd)
            if verksamhet is not None:
                konto = res.konto(row.konto)
                if konto is None:
                    why = "kontot finns inte i kontoplanen (Kommun-Bas)"
        if konto is not None:
            _add(utfall, (namnd, verksamhet, konto, row.period), row)
        else:
            _add(omappat, (why, row.ansvar or row.namnd, row.verksamhet, row.konto), row)
    kontroll = Kontrollsummor(
        total, _total(utfall), _total(omappat), _total(utanfor), efter.belopp,
        n, _count(utfall), _count(omappat), _count(utanfor), efter.rader)
    if not kontroll.stammer:  # cannot happen: every row went to exactly one table above
        raise AssertionError(f"kontrollsummorna stämmer inte: {kontroll}")
    return UtfallResultat(
        utfall=tuple(UtfallPost(*k, s.belopp, s.rader) for k, s in sorted(utfall.items())),
        omappat=tuple(Omappad(*k, s.belopp, s.kalla()) for k, s in sorted(omappat.items())),
        utanfor=tuple(Utanfor(k, s.belopp, s.kalla()) for k, s in sorted(utanfor.items())),
        flaggor=tuple(Flagga(*k, s.belopp, s.kalla()) for k, s in sorted(flaggor.items())),  # type: ignore[arg-type]
        investeringar=dict(sorted(invest.items())),
        kontroll=kontroll,
    )


def _total(table: Mapping[Any, _Sum]) -> Decimal:
    return sum((s.belopp for s in table.values()), ZERO)


def _count(table: Mapping[Any, _Sum]) -> int:
    return sum(s.rader for s in table.values())


def referens_from_config(namnder: Mapping[str, Iterable[str]], kontoplan_konton: Iterable[str],
                         verksamheter: Iterable[str], projekt_namnd: Mapping[str, str] | None = None) -> Referens:
    """A Referens from plain data: nämnd id -> its verksamheter, Kommun-Bas codes, verksamhet codes."""
    return Referens(frozenset(namnder), frozenset(verksamheter), frozenset(kontoplan_konton),
                    {k: frozenset(v) for k, v in namnder.items()}, dict(projekt_namnd or {}))
