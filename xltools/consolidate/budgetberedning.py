"""The budgetberedning: the base, KS förslag and the alternativbudgetar side by side, with the känslighetsanalys
and the ramförändringar per nämnd (issue 16 parts 3–4). No files are read or written here."""

from __future__ import annotations

from dataclasses import dataclass

from xltools.config.scenario import Scenario
from xltools.consolidate.kanslighet import Kanslighet, kanslighet
from xltools.consolidate.ramforandring import Ramvandring, ramvandringar
from xltools.consolidate.scenario import Grund, Utfall, apply, bas
from xltools.errors import XltoolsError


@dataclass(frozen=True)
class Beredning:
    grund: Grund
    utfall: tuple[Utfall, ...]  # the base first, then the scenarios as given, each after the one it builds on
    forslag: Utfall  # KS förslag: the first scenario that builds on no other (the base when there is none)
    kanslighet: tuple[Kanslighet, ...]  # on the förslag
    ramvandringar: tuple[Ramvandring, ...]

    @property
    def years(self) -> list[int]:
        return self.grund.config.planering.ar

    def alternativ(self) -> list[tuple[Utfall, Utfall]]:
        """Each alternativbudget (a scenario on another) with the scenario it is compared with."""
        by = {u.id: u for u in self.utfall}
        return [(u, by[u.grund]) for u in self.utfall if u.grund is not None]


def bered(grund: Grund, scenarios: list[tuple[str, Scenario, str]]) -> Beredning:
    """Compute every scenario (id, scenario, file) on the base or on the scenario its `grund` names."""
    ids = [sid for sid, _, _ in scenarios]
    for sid, _, file in scenarios:
        if sid == "bas" or ids.count(sid) > 1:
            raise XltoolsError(f"{file}: scenariots namn {sid!r} (filnamnet) används redan; byt namn på filen.")
    for _sid, s, file in scenarios:
        if s.grund is not None and s.grund not in ids:
            raise XltoolsError(f"{file}: grund: scenariot {s.grund!r} finns inte bland de angivna filerna "
                               f"({', '.join(ids)}).")
    base = bas(grund)
    done: dict[str, Utfall] = {}
    pending = list(scenarios)
    while pending:
        ready = [(sid, s, f) for sid, s, f in pending if s.grund is None or s.grund in done]
        if not ready:
            raise XltoolsError(f"{pending[0][2]}: grund: scenarierna bygger på varandra i en cirkel "
                               f"({', '.join(sid for sid, _, _ in pending)}).")
        for sid, s, file in ready:
            done[sid] = apply(grund, done[s.grund] if s.grund else base, sid, s, file)
        pending = [p for p in pending if p[0] not in done]
    utfall = (base, *done.values())  # each after the scenario it builds on
    forslag = next((u for u in utfall[1:] if u.grund is None), base)
    planer = [(d, s.file) for d, s in grund.used if d.doc_type == "investeringsplan"]
    return Beredning(grund, utfall, forslag, tuple(kanslighet(grund, forslag)),
                     tuple(ramvandringar(grund.config, planer)))
