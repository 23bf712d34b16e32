"""One fetch: for every nyckeltal, the kommun's, the comparison's and riket's values for the years.

One data query per nyckeltal (all units and years in it, split into Kolada's 25-id pieces), so a
failing nyckeltal never costs the others. A nyckeltal that could not be fetched keeps the values
of the previous snapshot, if there is one, with their own fetch date; the Problem says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xltools.kolada import API_VERSION, RIKET
from xltools.kolada.client import KoladaClient, chunks
from xltools.kolada.model import KPI_ID, Jamforelse, Problem, Series, Snapshot
from xltools.kolada.parse import parse_items


@dataclass(frozen=True)
class Urval:
    """What to fetch: the kommun, the years and the comparison."""

    kommun: str
    ar: tuple[int, ...]
    jamforelse: Jamforelse

    def units(self) -> list[str]:
        j = self.jamforelse
        units = [self.kommun, *j.kommuner, *([j.grupp] if j.grupp else []), *([RIKET] if j.riket else [])]
        return list(dict.fromkeys(units))


def _titles(client: KoladaClient, kpis: list[str]) -> tuple[dict[str, str], list[Problem]]:
    titles: dict[str, str] = {}
    problems: list[Problem] = []
    for part in chunks(kpis):
        pages = client.get_all(client.url("kpi", ",".join(part)))
        problems += [Problem(f"Nyckeltalens namn kunde inte hämtas: {p.message}", None, p.url) for p in pages.problems]
        titles.update({str(v["id"]): str(v["title"]) for v in pages.values
                       if v.get("id") in part and isinstance(v.get("title"), str)})
    return titles, problems


def _group_title(client: KoladaClient, group: str) -> tuple[str | None, list[Problem]]:
    pages = client.get_all(client.url("municipality_groups", group))
    title = next((v["title"] for v in pages.values if v.get("id") == group and isinstance(v.get("title"), str)), None)
    if title is None and not pages.problems:
        return None, [Problem(f"Kolada känner inte till kommungruppen {group}; kontrollera gruppens id.")]
    return title, [Problem(f"Kommungruppens namn kunde inte hämtas: {p.message}", None, p.url) for p in pages.problems]


def _fetch_kpi(client: KoladaClient, kpi: str, urval: Urval,
               hamtad: str) -> tuple[list[Series], list[Problem], bool]:
    """The series of one nyckeltal, its problems, and whether every query was read to the end."""
    series: list[Series] = []
    problems: list[Problem] = []
    complete = True
    years = [str(y) for y in urval.ar]
    for units in chunks(urval.units()):
        for part in chunks(years):
            url = client.url("data", "kpi", kpi, "municipality", ",".join(units), "year", ",".join(part))
            pages = client.get_all(url, kpi)
            problems += pages.problems
            complete = complete and pages.complete
            values, bad = parse_items(pages.values, url, kpi, set(units), {int(y) for y in part})
            problems += bad
            if pages.complete:  # a unit without values gets an empty series: Kolada has none
                series += [Series(kpi, u, hamtad, pages.urls[0], tuple(values.get((kpi, u), []))) for u in units]
    return _merge(series), problems, complete


def _merge(series: list[Series]) -> list[Series]:
    """One series per unit (the year pieces of one unit joined)."""
    out: dict[str, Series] = {}
    for s in series:
        old = out.get(s.enhet)
        out[s.enhet] = s if old is None else Series(s.kpi, s.enhet, s.hamtad, old.kalla_url, old.varden + s.varden)
    return list(out.values())


def hamta(client: KoladaClient, urval: Urval, kpis: list[str], *, previous: Snapshot | None = None,
          now: dt.datetime | None = None, exempeldata: str | None = None) -> Snapshot:
    """Fetch every nyckeltal; the snapshot carries the problems (never raises for Kolada's answers)."""
    hamtad = (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds")
    problems: list[Problem] = []
    wanted = list(dict.fromkeys(k.strip() for k in kpis if k.strip()))
    bad = [k for k in wanted if not KPI_ID.match(k)]
    problems += [Problem(f"Kolada-id:t {k!r} har fel form (en stor bokstav och fem siffror, t.ex. N00090); "
                         f"det hämtades inte.", k) for k in bad]
    wanted = sorted(k for k in wanted if k not in bad)
    titles, more = _titles(client, wanted) if wanted else ({}, [])
    problems += more
    j = urval.jamforelse
    if j.grupp:
        title, more = _group_title(client, j.grupp)
        j = Jamforelse(j.namn, j.kommuner, j.grupp, title, j.riket)
        problems += more
    serier: list[Series] = []
    for kpi in wanted:
        got, more, complete = _fetch_kpi(client, kpi, urval, hamtad)
        problems += more
        if complete:
            serier += got
            continue
        kept = [s for s in previous.serier if s.kpi == kpi] if previous else []
        if kept:
            problems.append(Problem(f"Nyckeltal {kpi}: värdena från den förra hämtningen ({kept[0].hamtad[:10]}) "
                                    f"behålls.", kpi))
            titles.setdefault(kpi, previous.nyckeltal.get(kpi, "") if previous else "")
            serier += kept
        else:
            problems.append(Problem(f"Nyckeltal {kpi}: inga värden hämtades.", kpi))
    return Snapshot(kommun=urval.kommun, ar=urval.ar, hamtad=hamtad, api=API_VERSION, api_url=client.base_url,
                    jamforelse=j, serier=tuple(serier), nyckeltal={k: v for k, v in titles.items() if v},
                    problem=tuple(problems), exempeldata=exempeldata)

