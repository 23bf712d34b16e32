"""A ledger export at a follow-up's brytdatum -> utfall per nämnd and verksamhet (tkr) and per project.

`las_utfall` reads a SIE file (checked against the kommun's organisationsnummer and the follow-up
year) or the CSV contract, maps it with utfall.yaml (xltools.utfall.konfig) and aggregates it up to
the period's month. What it finds becomes findings, never a half-read file: a file that cannot be
used is UTF-1 (fel) with every problem and its line; what the reader read past is UTF-1 as a
varning; rows the mapping cannot place are UTF-2 (varning, with amount, codes and first line);
investment money on driftkonton (and anläggningskonton without a project) is INV-4 (varning).
Intäkter are the Kommun-Bas class 3 konton with the ledger's sign turned (a kredit is a positive
intäkt); kostnader are classes 4–8 as booked; amounts in tkr.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from xltools.config import Config
from xltools.findings import Finding, Loc, Severity
from xltools.sv import sv_amount
from xltools.utfall import konfig
from xltools.utfall.csv_export import parse_utfall_csv
from xltools.utfall.errors import LedgerFileError
from xltools.utfall.files import read_bytes
from xltools.utfall.mapping import UtfallResultat, aggregate
from xltools.utfall.rows import rows_from_sie
from xltools.utfall.sie import parse_sie

FEL, VARNING = Severity.FEL, Severity.VARNING
THOUSAND = Decimal(1000)


@dataclass
class LedgerUtfall:
    """What a ledger export says for a follow-up period (empty figures when the file has a fel)."""

    file: str
    sha256: str
    format: str  # 'SIE 4E', 'SIE 4I', 'SIE 2' ..., 'CSV'
    till_period: str
    per_verksamhet: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)  # -> (intäkter, kostnader)
    per_projekt: dict[tuple[str, str], float] = field(default_factory=dict)  # (nämnd, projekt) -> tkr
    resultat: UtfallResultat | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def fel(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == FEL]

    def namnd(self, namnd: str) -> dict[str, tuple[float, float]]:
        """Verksamhet -> (intäkter, kostnader) in tkr for one nämnd."""
        return {v: x for (n, v), x in sorted(self.per_verksamhet.items()) if n == namnd}

    @property
    def kalla(self) -> str:
        """How a template names its source: 'utfall-2026.se (SIE 4E, sha256 1a2b3c4d…), t.o.m. 2026-08'."""
        return f"{Path(self.file).name} ({self.format}, sha256 {self.sha256[:12]}), t.o.m. {self.till_period}"


def _tkr(kronor: Decimal) -> float:
    return float(kronor / THOUSAND)


def is_sie(data: bytes) -> bool:
    """A SIE file begins with #FLAGGA (perhaps after a byte-order mark or blank lines)."""
    head = data[:64].lstrip(b"\xef\xbb\xbf\xff\xfe\x00\r\n\t ")
    return head.startswith(b"#FLAGGA") or b"#\x00F\x00L\x00A\x00G\x00G\x00A" in data[:64]


def las_utfall(path: str | Path, config: Config, till_period: str) -> LedgerUtfall:
    """Read, map and aggregate the ledger export up to `till_period` ('ÅÅÅÅ-MM'). Raise XltoolsError
    only for a mapping (utfall.yaml) that does not fit the configuration; a bad file is a UTF-1 finding."""
    mapping = konfig.mapping(config)
    ref = konfig.referens(config)
    shown = str(path)
    year = config.planering.uppfoljningsar
    try:
        data = read_bytes(path)
    except LedgerFileError as exc:
        return LedgerUtfall(shown, "", "", till_period, findings=exc.findings("UTF-1", FEL))
    sha = hashlib.sha256(data).hexdigest()
    out = LedgerUtfall(shown, sha, "", till_period)
    try:
        if is_sie(data):
            sie = parse_sie(data, shown, expected_orgnr=config.kommun.organisationsnummer, expected_year=year)
            out.format = f"SIE {sie.variant}"
            rows = rows_from_sie(sie, ansvar_dim=mapping.ansvar_dimension, verksamhet_dim=mapping.verksamhet_dimension,
                                 projekt_dim=mapping.projekt_dimension,
                                 source="ver" if sie.verifications else "psaldo")
            notes = list(sie.notes)
        else:
            csv = parse_utfall_csv(data, shown, expected_year=year)
            out.format = "CSV"
            rows = list(csv.rows)
            notes = []
            if csv.ignored_columns:
                out.findings.append(Finding("UTF-1", VARNING, f"{shown}: kolumnerna {', '.join(csv.ignored_columns)} "
                                                              "läses inte.", Loc(shown)))
    except LedgerFileError as exc:
        out.findings += exc.findings("UTF-1", FEL)
        return out
    out.findings += [Finding("UTF-1", VARNING, n.text(shown), Loc(shown)) for n in notes]
    res = aggregate(rows, mapping, ref, till_period=till_period)
    out.resultat = res
    sums: dict[tuple[str, str], list[Decimal]] = {}
    for post in res.utfall:
        s = sums.setdefault((post.namnd, post.verksamhet), [Decimal(0), Decimal(0)])
        if post.konto[:1] == "3":
            s[0] -= post.belopp
        else:
            s[1] += post.belopp
    out.per_verksamhet = {k: (_tkr(i), _tkr(c)) for k, (i, c) in sums.items()}
    projects: dict[tuple[str, str], Decimal] = {}
    for (namnd, projekt, _), kronor in res.investeringar.items():
        projects[(namnd, projekt)] = projects.get((namnd, projekt), Decimal(0)) + kronor
    out.per_projekt = {k: _tkr(v) for k, v in projects.items()}
    for o in res.omappat:
        codes = ", ".join(f"{n} {v}" for n, v in (("ansvar", o.ansvar), ("verksamhet", o.verksamhet),
                                                  ("konto", o.konto)) if v)
        out.findings.append(Finding("UTF-2", VARNING, f"Ej fördelat på nämnd och verksamhet ({o.orsak}; {codes}): "
                                                      f"{_kr(o.belopp)} – {o.kalla.text()}.", Loc(shown)))
    out.findings += [Finding("INV-4", VARNING, f.text(), Loc(shown)) for f in res.flaggor]
    return out


def _kr(value: Decimal) -> str:
    return f"{sv_amount(value, 2)} kr"  # type: ignore[arg-type]  # Decimal formats like float, exactly
