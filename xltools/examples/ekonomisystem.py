"""The example kommun's ekonomisystem for the follow-up year (syntetiska exempeldata): the year's true
outcome per nämnd, verksamhet and month, booked as an SIE 4E export.

Each verksamhet has a fixed full-year nettokostnad (its budget with the nämnd's deviation, DRIFT),
intäkter as a share of it, and monthly bookings that follow the config's periodisering with a little
noise; each investment project spends most of its budget over the year. The bookings are whole
kronor on the ledger's own konton and objects (ansvar, verksamhet, projekt), so what the follow-up
templates are pre-filled with is exactly what the export says. Two realistic wrinkles: finansför-
valtningen books pension costs on an ansvar outside the nämnder (not mapped: UTF-2), and one
investment project has a booking on a driftkonto (flagged: INV-4). Deterministic: fixed seeds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from xltools.config import Config
from xltools.examples.uppfoljning_data import (
    ANSVAR,
    DRIFT,
    FINANSFORVALTNING,
    INTAKTSKONTON,
    KOSTNADSKONTON,
)
from xltools.forms.followup import budget_for, investeringar_for
from xltools.utfall.sie import Account, Dimension, FiscalYear, SieFile, SieObject
from xltools.utfall.sie_write import verification, with_balances, write_sie

SEED = 2062
FILE = "utfall-2026.se"
BANK = ("1930", "Bank")
INVESTERING = ("1119", "Pågående ny- och ombyggnad")
PENSION = ("5710", "Pensionskostnader")
DRIFTKONTO_FEL = ("TN26-03", "6410", 85000)  # an investment project's booking on a driftkonto, in May (INV-4)
AR, VERKSAMHET, PROJEKT = 1, 20, 6


@dataclass(frozen=True)
class Verksamhetsar:
    """One verksamhet's true year: annual amounts (tkr) and the monthly bookings (kronor)."""

    namnd: str
    verksamhet: str
    budget: float
    intakter: float
    kostnader: float
    manad_intakter: tuple[int, ...]
    manad_kostnader: tuple[int, ...]

    @property
    def netto(self) -> float:
        return self.kostnader - self.intakter


def _weights(config: Config, key: str) -> list[float]:
    w = getattr(config.uppfoljning.periodisering, key) if config.uppfoljning else None
    return list(w) if w else [1.0] * 12


def _spread(total_kr: int, weights: list[float], rng: random.Random, noise: float) -> tuple[int, ...]:
    """Whole kronor per month that add up to `total_kr`, along `weights` with a little noise."""
    raw = [w * (1 + rng.uniform(-noise, noise)) for w in weights]
    out = [round(total_kr * x / sum(raw)) for x in raw]
    out[-1] += total_kr - sum(out)
    return tuple(out)


def arets_utfall(config: Config) -> dict[tuple[str, str], Verksamhetsar]:
    """The true year of every nämnd's verksamheter (the ekonomisystem's bookings)."""
    out: dict[tuple[str, str], Verksamhetsar] = {}
    wi, wk = _weights(config, "intakter"), _weights(config, "kostnader")
    for namnd in config.namnd_ids:
        rng = random.Random(f"{SEED}-{namnd}")
        for kod, budget in budget_for(config, namnd).items():
            actual = budget * (1 + DRIFT[namnd] + rng.uniform(-0.008, 0.008))
            share = rng.uniform(0.04, 0.2)
            intakter = round(actual * share / (1 - share))
            kostnader = round(actual + intakter)
            out[(namnd, kod)] = Verksamhetsar(namnd, kod, budget, intakter, kostnader,
                                              _spread(intakter * 1000, wi, rng, 0.06),
                                              _spread(kostnader * 1000, wk, rng, 0.03))
    return out


def projektens_utfall(config: Config) -> dict[tuple[str, str], tuple[int, ...]]:
    """Each investment project's monthly spending (kronor): 80–100 % of its budget, mostly after spring."""
    out: dict[tuple[str, str], tuple[int, ...]] = {}
    profile = [0.3, 0.4, 0.6, 0.8, 1.0, 1.1, 0.5, 1.0, 1.3, 1.4, 1.4, 1.6]
    for namnd in config.namnd_ids:
        for p in investeringar_for(config, namnd):
            rng = random.Random(f"{SEED}-{namnd}-{p.id}")
            out[(namnd, p.id)] = _spread(round(p.budget * rng.uniform(0.8, 1.0)) * 1000, profile, rng, 0.2)
    return out


def _month_end(month: int) -> date:
    return date(2026, month, 31 if month == 12 else 25)


def export(config: Config) -> SieFile:
    """The follow-up year's bookings as an SIE 4E file (verifikationer with #RES, #UB and #PSALDO)."""
    year = config.planering.uppfoljningsar
    years = arets_utfall(config)
    projekt = projektens_utfall(config)
    names = {n.id: n.namn for n in config.organisation.namnder}
    vnamn = {v.kod: v.namn for v in config.kontoplan.verksamheter}
    vers = []
    n = 0
    for m in range(1, 13):
        when = _month_end(m)
        for namnd in config.namnd_ids:
            rows: list[tuple[str, tuple[tuple[int, str], ...], Decimal]] = []
            for (nid, kod), x in years.items():
                if nid != namnd:
                    continue
                objs = ((AR, ANSVAR[namnd]), (VERKSAMHET, kod))
                for konton, monthly, sign in ((INTAKTSKONTON, x.manad_intakter, -1),
                                              (KOSTNADSKONTON, x.manad_kostnader, 1)):
                    left = monthly[m - 1]
                    for i, (konto, _, part) in enumerate(konton):
                        amount = left if i == len(konton) - 1 else round(monthly[m - 1] * part)
                        left -= amount
                        rows.append((konto, objs, Decimal(sign * amount)))
            for (nid, pid), monthly in projekt.items():
                if nid == namnd:
                    rows.append((INVESTERING[0], ((AR, ANSVAR[namnd]), (PROJEKT, pid)), Decimal(monthly[m - 1])))
            if namnd == "tn" and m == 5:
                pid, konto, kr = DRIFTKONTO_FEL
                rows.append((konto, ((AR, ANSVAR[namnd]), (VERKSAMHET, "250"), (PROJEKT, pid)), Decimal(kr)))
            rows.append((BANK[0], (), -sum(r[2] for r in rows)))
            n += 1
            vers.append(verification("A", n, when, f"Månadens bokningar {names[namnd]}", rows))
        n += 1
        pension = Decimal(round(config.uppfoljning.kommunen.budget.pensionskostnader * 1000 / 12)) \
            if config.uppfoljning and config.uppfoljning.kommunen else Decimal(0)
        vers.append(verification("A", n, when, "Pensionskostnader, finansförvaltningen",
                                 [(PENSION[0], ((AR, FINANSFORVALTNING),), pension), (BANK[0], (), -pension)]))
    accounts = [Account(k, t, "I") for k, t, _ in INTAKTSKONTON] + [Account(k, t, "K") for k, t, _ in KOSTNADSKONTON]
    accounts += [Account(*PENSION, "K"), Account("6410", "Förbrukningsmaterial", "K"), Account(*INVESTERING, "T"),
                 Account(*BANK, "T")]
    objects = [SieObject(AR, code, names[nid]) for nid, code in ANSVAR.items()]
    objects.append(SieObject(AR, FINANSFORVALTNING, "Finansförvaltningen"))
    objects += [SieObject(VERKSAMHET, kod, vnamn.get(kod, kod)) for kod in sorted({k for _, k in years})]
    objects += [SieObject(PROJEKT, pid, p.namn) for nid in config.namnd_ids for p in investeringar_for(config, nid)
                for pid in (p.id,)]
    return with_balances(SieFile(
        sietyp=4, program=("Ekonomisystemet (syntetiska exempeldata)", "1.0"), generated=date(year + 1, 1, 20),
        generated_by="Ekonomienheten", prosa="Syntetiska exempeldata - inte Mora kommuns verkliga siffror",
        company_type="KOMMUN", orgnr=config.kommun.organisationsnummer or "", company=config.kommun.namn,
        years=(FiscalYear(0, date(year, 1, 1), date(year, 12, 31)),), chart="KOMMUNBAS", currency="SEK",
        accounts=tuple(sorted(accounts, key=lambda a: a.number)),
        dimensions=(Dimension(AR, "Ansvar"), Dimension(PROJEKT, "Projekt"), Dimension(VERKSAMHET, "Verksamhet")),
        objects=tuple(objects), verifications=tuple(vers)))


def write_export(config: Config, folder: Path) -> Path:
    path = folder / FILE
    write_sie(path, export(config), typographic=True)
    return path
