"""Känslighetsanalys: what one krona of skattesats, one per cent of lönekostnad, a hundred invånare and one
procentenhet of ränta do to årets resultat, each computed as a scenario on the förslag (not a rule of thumb)."""

from __future__ import annotations

from dataclasses import dataclass

from xltools.config import FinansielltMalTyp
from xltools.config.scenario import Scenario, invanare_ar
from xltools.consolidate.hushallning import malvarde
from xltools.consolidate.scenario import Grund, Utfall, apply


@dataclass(frozen=True)
class Kanslighet:
    """One row: the change, its effect on årets resultat per year (kronor, None = cannot be computed) and
    on the resultat as a share of skatteintäkter and statsbidrag (procentenheter)."""

    text: str
    resultat: dict[int, int | None]
    andel: dict[int, float | None]
    saknas: str = ""  # why the row cannot be computed


def kanslighet(grund: Grund, on: Utfall) -> list[Kanslighet]:
    c = on.config
    years = c.planering.ar
    invanare = {y: invanare_ar(c, y) for y in years}
    cases: list[tuple[str, Scenario | None, str]] = [
        ("Skattesatsen höjs med 1 krona", Scenario(namn="k", skattesats=c.ekonomi.skattesats + 1), ""),
        ("Lönekostnaden ökar med 1 %", Scenario(namn="k", lonekostnad=1.0) if grund.lonesumma else None,
         "lönesumman saknas (ekonomi.yaml ramberedning.lonesumma eller driftbudgetarna)"),
        ("Invånarna blir 100 fler", Scenario(namn="k", invanare={y: n + 100 for y, n in invanare.items()})
         if all(invanare.values()) else None, "invånarantal saknas i kommun.yaml"),
        ("Räntan stiger med 1 procentenhet", Scenario(namn="k", ranta=1.0), ""),
    ]
    out = []
    for text, scenario, saknas in cases:
        if scenario is None:
            out.append(Kanslighet(text, dict.fromkeys(years), dict.fromkeys(years), saknas))
            continue
        u = apply(grund, on, "kanslighet", scenario, "känslighetsanalys")
        out.append(Kanslighet(
            text, {y: (u.plan.rr.lines[y]["arets_resultat"] or 0) - (on.plan.rr.lines[y]["arets_resultat"] or 0)
                   for y in years},
            {y: _andel(u, y) - _andel(on, y) for y in years}))
    return out


def _andel(u: Utfall, year: int) -> float:
    return malvarde(FinansielltMalTyp.RESULTATANDEL, u.plan.rr.lines[year], None, None) or 0.0
