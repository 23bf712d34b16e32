"""Ramförändring per nämnd: ram t−1 → pris- och lönekompensation → volym → driftkonsekvenser av investeringar
→ beslutade satsningar → besparingar → ram t, each step cited to its config line or submission.

Ram t−1 of the budget year is the adopted budget of the year before (ekonomi.yaml `jamforelse.budget`, else
uppfoljning.yaml); of a plan year, the ram of the year before. Driftkonsekvenser av investeringar are the
investeringsplanernas driftkostnadskalkyler: kapitaltjänst år 1 and övriga driftkostnader of each project
whose first year after aktivering is the year. What the steps do not explain is its own line ("Övrigt, ej
specificerat"), never dropped: the walk always ends on the ram in ekonomi.yaml.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from xltools.config import Config
from xltools.consolidate.facts import kr
from xltools.consolidate.jamforelse import jamforelse
from xltools.document import Document
from xltools.sv import sv_number


@dataclass(frozen=True)
class Steg:
    text: str
    kronor: int | None  # None: the amount is not known (ram t−1 missing)
    kalla: str
    summa: bool = False  # a ram (start or end), not a change


@dataclass(frozen=True)
class Ramvandring:
    namnd: str
    namn: str
    ar: int
    steg: tuple[Steg, ...]

    @property
    def ovrigt(self) -> int:
        return next((s.kronor or 0 for s in self.steg if s.text.startswith("Övrigt")), 0)


def ramvandringar(config: Config, investeringsplaner: list[tuple[Document, str]]) -> list[Ramvandring]:
    """One walk per nämnd with a ram and plan year, in the organisation's order."""
    e = config.ekonomi
    r = e.ramberedning
    years = config.planering.ar
    budget = next(k for k in jamforelse(config) if k.typ == "budget")
    konsekvens = _driftkonsekvenser(investeringsplaner)
    out = []
    for n in config.organisation.namnder:
        if n.id not in e.ramar:
            continue
        steg_cfg = r.namnder.get(n.id)
        for y in years:
            prev = budget.driftbudget.get(n.id) if y == years[0] else kr(e.ramar[n.id].get(y - 1, 0))
            prev_kalla = (budget.driftbudget_kalla or "ram t−1 saknas (ekonomi.yaml jamforelse.budget.driftbudget)") \
                if y == years[0] else f"ekonomi.yaml: ramar.{n.id}.{y - 1}"
            steps = [Steg(f"Ram {y - 1}", prev, prev_kalla, summa=True)]
            pct = r.pris_och_lonekompensation.get(y)
            if pct is not None and prev is not None:
                steps.append(Steg(f"Pris- och lönekompensation {sv_number(pct)} %", round(prev * pct / 100),
                                  f"ekonomi.yaml: ramberedning.pris_och_lonekompensation.{y}"))
            if steg_cfg and y in steg_cfg.volym:
                steps.append(Steg("Volymförändring", kr(steg_cfg.volym[y]), f"ekonomi.yaml: ramberedning.namnder.{n.id}.volym.{y}"))
            for text, amount, kalla in konsekvens.get((n.id, y), ()):
                steps.append(Steg(f"Driftkonsekvens av investering: {text}", amount, kalla))
            for kind, label in (("satsningar", "Satsning"), ("besparingar", "Besparing")):
                for i, p in enumerate(getattr(steg_cfg, kind) if steg_cfg else ()):
                    if y in p.belopp:
                        steps.append(Steg(f"{label}: {p.text}" + (f" ({p.beslut})" if p.beslut else ""), kr(p.belopp[y]),
                                          f"ekonomi.yaml: ramberedning.namnder.{n.id}.{kind}[{i}].belopp.{y}"))
            ram = kr(e.ramar[n.id].get(y, 0))
            if prev is not None:
                rest = ram - prev - sum(s.kronor or 0 for s in steps[1:])
                if rest:
                    steps.append(Steg("Övrigt, ej specificerat i ramberedningen", rest,
                                      "ram enligt ekonomi.yaml minus stegen ovan"))
            steps.append(Steg(f"Ram {y}", ram, f"ekonomi.yaml: ramar.{n.id}.{y}", summa=True))
            out.append(Ramvandring(n.id, n.namn, y, tuple(steps)))
    return out


def _driftkonsekvenser(planer: list[tuple[Document, str]]) -> dict[tuple[str, int], list[tuple[str, int, str]]]:
    """(nämnd, year) -> (project, kapitaltjänst år 1 + övriga driftkostnader in kronor, source) for each project in
    the driftkostnadskalkyl whose first year after aktivering is the year."""
    out: dict[tuple[str, int], list[tuple[str, int, str]]] = defaultdict(list)
    for doc, file in planer:
        projekt = {str(r.get("projekt_id") or "").casefold(): r for r in doc.rows("projekt")}
        for k in doc.rows("kalkyl"):
            pid = str(k.get("projekt_id") or "")
            p = projekt.get(pid.casefold())
            if p is None or not isinstance(p.get("aktivering"), int):
                continue
            kt, ovr = k.get("kapitaltjanst_1") or 0, k.get("ovriga_driftkostnader") or 0
            amount = kr(kt + ovr)
            if not amount:
                continue
            cells = [k.ref("kapitaltjanst_1")] + ([k.ref("ovriga_driftkostnader")] if ovr else [])
            out[(doc.namnd, p.get("aktivering") + 1)].append(
                (f"{pid} {p.get('namn') or ''}".strip(), amount, f"{file}: {k.sheet}!{', '.join(cells)}"))
    return out
