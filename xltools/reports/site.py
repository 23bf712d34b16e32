"""The citizens' results site (issue 20): static, self-contained pages in klarspråk from a follow-up.

The seed: "Resultat från delårsrapport, årsredovisning och olika mätningar ska kommuniceras till
medborgarna via kommunens webbplats". The pages say in a few sentences how it went (årets
resultat, balanskravet, måluppfyllelse, the largest deviations), one page per målområde and per
nämnd, the Kolada nyckeltal with their source and date, the open data and a tillgänglighets-
redogörelse to complete. No script, no web font, no file from elsewhere: the folder works offline
and on the kommun's own web server. No personal data: åtgärdernas ansvariga and the intern
kontroll are left out. Every chart is an accessible SVG with its figures as a table
(xltools.reports.charts); the pages are checked with axe-core in real Chromium (tests/test_site.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xltools.config import Config
from xltools.reports import charts
from xltools.reports.charts import AMBER, GREEN, GREY, RED, Bar, Segment
from xltools.reports.html import environment
from xltools.sv import MINUS, NBSP, sv_amount, sv_fixed
from xltools.uppfoljning.consolidate import STATUSES, FollowUp, MalRad

STYLE = "stil.css"
STATUS_SHORT = {"uppfyllt": "Uppfylls", "delvis": "Uppfylls delvis", "ej_uppfyllt": "Uppfylls inte",
                "ej_bedomt": "Inte bedömt", "saknas": "Uppgift saknas"}
STATUS_COLOR = {"uppfyllt": GREEN, "delvis": AMBER, "ej_uppfyllt": RED, "ej_bedomt": GREY, "saknas": "#9e9e9e"}


def slug(text: str) -> str:
    """A file-name part from a Swedish name: 'Vår hållbara kommun' -> 'var-hallbara-kommun'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "sida"


def mnkr(tkr: float | None, sign: bool = False) -> str:
    """tkr as 'miljoner kronor' text with one decimal: 19201 -> '19,2 miljoner kronor'."""
    if tkr is None:
        return "uppgift saknas"
    text = sv_amount(abs(tkr) / 1000, 1)
    prefix = (MINUS if tkr < 0 else "+") if sign and round(tkr / 100) else ""
    return f"{prefix}{text}{NBSP}miljoner kronor"


def mnkr_short(tkr: float | None) -> str:
    """tkr as a table figure in mnkr with one decimal and a real minus sign."""
    return "–" if tkr is None else sv_amount(tkr / 1000, 1)


@dataclass
class Page:
    file: str
    title: str
    template: str
    nav: str  # which menu entry is current
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class NamndPage:
    id: str
    namn: str
    file: str


# ---------------------------------------------------------------- sentences
def _resultat(fu: FollowUp) -> list[str]:
    k = fu.kommunen
    if k is None:
        return []
    from xltools.uppfoljning.kommunen import BUDGET, GEH_TEXT, PROGNOS

    res = (k.rr[PROGNOS].get("arets_resultat") or 0) / 1000
    bud = (k.rr[BUDGET].get("arets_resultat") or 0) / 1000
    verb = "blev" if k.helar else "väntas bli"
    kind = "ett överskott" if res >= 0 else "ett underskott"
    out = [f"Kommunens resultat för {k.ar} {verb} {kind} på {mnkr(res)}. "
           f"I budgeten var resultatet {'ett överskott' if bud >= 0 else 'ett underskott'} på {mnkr(bud)}."]
    bk = k.balanskrav[PROGNOS]["balanskravsresultat"] / 1000
    if bk >= 0:
        out.append("Kommunen klarar balanskravet: intäkterna är större än kostnaderna"
                   + (" enligt prognosen." if not k.helar else "."))
    else:
        out.append(f"Kommunen klarar inte balanskravet: kostnaderna är {mnkr(-bk)} större än intäkterna. "
                   "Ett underskott ska enligt kommunallagen återställas inom tre år.")
    h = k.hushallning
    out.append(f"{h.mal_uppfyllda} av {h.mal_antal} finansiella mål nås. "
               f"Kommunens samlade bedömning är att god ekonomisk hushållning {GEH_TEXT[h.bedomning]}.")
    return out


def _namnder_text(fu: FollowUp) -> list[str]:
    t = fu.totals()
    counted = fu.counted
    if not counted:
        return ["Ingen nämnd har lämnat en godkänd rapport för perioden."]
    verb = "använde" if kind_helar(fu) else "räknar med att använda"
    diff = t["avvikelse"]
    rel = "mer" if diff < 0 else "mindre"
    out = [f"Nämnderna {verb} tillsammans {mnkr(t['prognos'])}. Det är {mnkr(abs(diff))} {rel} än budgeten"
           f" ({mnkr(t['budget'])})."]
    worst = sorted((n for n in counted if (n.avvikelse or 0) < -50), key=lambda n: n.avvikelse or 0)[:3]
    best = sorted((n for n in counted if (n.avvikelse or 0) > 50), key=lambda n: -(n.avvikelse or 0))[:2]
    if worst:
        out.append("Störst underskott mot budgeten har " + _list([f"{n.namn} ({mnkr(-(n.avvikelse or 0))})"
                                                                  for n in worst]) + ".")
    if best:
        out.append("Störst överskott har " + _list([f"{n.namn} ({mnkr(n.avvikelse)})" for n in best]) + ".")
    if fu.saknas or fu.ej_godkanda:
        out.append(f"{len(fu.saknas) + len(fu.ej_godkanda)} nämnder saknar godkänd rapport och räknas med sin budget.")
    return out


def kind_helar(fu: FollowUp) -> bool:
    from xltools.forms.period import kind_of

    return kind_of(fu.kind).helar


MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def month(period: str) -> str:
    """'2026-08' -> 'aug 2026'."""
    year, _, m = period.partition("-")
    return f"{MONTHS[int(m) - 1]} {year}" if m.isdigit() and 1 <= int(m) <= 12 else period


def _list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


def _mal_text(fu: FollowUp) -> str:
    g = fu.goal_counts()
    ps = g["per_status"]
    when = "vid årets slut" if not kind_helar(fu) else "för året"
    return (f"Nämnderna har {g['antal_mal']} mål. {ps['uppfyllt']['arets_slut']} bedöms vara uppfyllda {when}, "
            f"{ps['delvis']['arets_slut']} delvis och {ps['ej_uppfyllt']['arets_slut']} inte.")


# ---------------------------------------------------------------- charts
_SEGMENTS = [Segment(STATUS_SHORT[k], STATUS_COLOR[k]) for k, _ in STATUSES]


def _goal_chart(cid: str, title: str, rows: dict[str, dict[str, int]]) -> dict[str, Any]:
    keys = [k for k, _ in STATUSES]
    data = [(name, [c.get(k, 0) for k in keys]) for name, c in rows.items()]
    desc = "; ".join(f"{name}: " + ", ".join(f"{n} {STATUS_SHORT[k].lower()}" for k, n in zip(keys, counts, strict=True) if n)
                     for name, counts in data) + "."
    return {"svg": charts.stacked(cid, title, desc, data, _SEGMENTS), "title": title,
            "head": ["", *(STATUS_SHORT[k] for k in keys)], "rows": [[name, *map(str, counts)] for name, counts in data]}


def _deviation_chart(cid: str, fu: FollowUp) -> dict[str, Any]:
    items = sorted(fu.counted, key=lambda n: n.avvikelse or 0)
    title = "Prognosens avvikelse mot budget per nämnd (miljoner kronor)"
    worst = items[0] if items else None
    desc = ("Negativa staplar är underskott, positiva överskott. " +
            (f"Störst underskott: {worst.namn}, {mnkr_short(worst.avvikelse)} miljoner kronor." if worst and (worst.avvikelse or 0) < 0 else ""))
    bars = [Bar(n.namn, (n.avvikelse or 0) / 1000, mnkr_short(n.avvikelse)) for n in items]
    return {"svg": charts.bars(cid, title, desc, bars), "title": title, "head": ["Nämnd", "Budget", "Prognos", "Avvikelse"],
            "rows": [[n.namn, mnkr_short(n.budget), mnkr_short(n.prognos), mnkr_short(n.avvikelse)] for n in items]}


def _trend_chart(cid: str, fu: FollowUp, namnd: str) -> dict[str, Any] | None:
    points = [p for p in fu.trend if namnd in p.per_namnd]
    if len(points) < 2:
        return None
    xs = [month(p.period) for p in points]
    vals = [p.per_namnd[namnd] / 1000 for p in points]
    title = "Prognosens avvikelse mot budget, månad för månad (miljoner kronor)"
    desc = (f"Från {mnkr_short(vals[0] * 1000)} i {xs[0]} till {mnkr_short(vals[-1] * 1000)} i {xs[-1]} "
            "miljoner kronor; negativt är underskott.")
    return {"svg": charts.lines(cid, title, desc, xs, [("Avvikelse", vals)]), "title": title,
            "head": ["Period", "Avvikelse"], "rows": [[x, mnkr_short(v * 1000)] for x, v in zip(xs, vals, strict=True)]}


# ---------------------------------------------------------------- Kolada
def _nyckeltal(snapshot: Any) -> list[dict[str, Any]]:
    from xltools.kolada.lookup import kalltext, medelvarde_liknande, values_of

    out = []
    for kpi, name in snapshot.nyckeltal.items():
        years = [y for y in map(int, snapshot.ar) if any(v.ar == y and v.varde is not None for s in snapshot.serier
                                                        if s.kpi == kpi for v in s.varden)]
        own = {v.ar: v.varde for v in values_of(snapshot.series(kpi, snapshot.kommun))}
        series: list[tuple[str, list[float | None]]] = [("Kommunen", [own.get(y) for y in years])]
        j = snapshot.jamforelse
        if j.kommuner:
            means = [medelvarde_liknande(snapshot, kpi, y) for y in years]
            series.append((f"{j.namn} (medelvärde)", [m.varde if m else None for m in means]))
        if j.riket:
            riket = {v.ar: v.varde for v in values_of(snapshot.series(kpi, "0000"))}
            series.append(("Riket", [riket.get(y) for y in years]))
        if not any(v is not None for _, vs in series for v in vs):
            continue
        last = next((y for y in reversed(years) if own.get(y) is not None), None)
        desc = (f"Kommunens senaste värde: {sv_fixed(own[last], 1)} år {last}." if last else "Kommunen saknar värden.")
        cid = f"k-{kpi.lower()}"
        out.append({"id": cid, "kpi": kpi, "namn": name, "kalla": kalltext(snapshot.hamtad, snapshot.exempeldata),
                    "kalla_url": f"https://www.kolada.se/verktyg/fri-sokning/?kpis={kpi}",
                    "svg": charts.lines(cid, name, desc, [str(y) for y in years], series),
                    "title": name, "head": ["År", *(s for s, _ in series)],
                    "rows": [[str(y), *("–" if vs[i] is None else sv_fixed(vs[i], 1) for _, vs in series)]
                             for i, y in enumerate(years)]})
    return out


# ---------------------------------------------------------------- pages
def pages(fu: FollowUp, config: Config, snapshot: Any | None, data_files: list[str], bilaga: str | None) -> list[Page]:
    """Every page of the site with its content."""
    names = {n.namnd: n.namn for n in fu.namnder}
    by_area: dict[str, list[MalRad]] = {}
    for m in fu.mal:
        by_area.setdefault(m.malomrade, []).append(m)
    goals = fu.goal_counts()
    areas = [(a, f"malomrade-{slug(a)}.html") for a in by_area]
    namnd_pages = [NamndPage(n.namnd, n.namn, f"namnd-{slug(n.namnd)}.html") for n in fu.namnder]
    out = [Page("index.html", "Så gick det", "site_index.html.j2", "index", {
        "resultat": _resultat(fu), "namnder_text": _namnder_text(fu), "mal_text": _mal_text(fu) if fu.has_goals else "",
        "deviation": _deviation_chart("avvikelse", fu) if fu.counted else None,
        "goal_chart": _goal_chart("mal", "Måluppfyllelse per målområde (antal mål)", goals["per_malomrade"])
        if fu.has_goals and fu.mal else None,
        "areas": areas, "namnd_pages": namnd_pages, "finansiella": fu.kommunen.mal if fu.kommunen else [],
        "bilaga": bilaga})]
    for area, file in areas:
        rows = by_area[area]
        counts = {names.get(n, n): c for n, c in _per_namnd(rows).items()}
        out.append(Page(file, area, "site_malomrade.html.j2", "mal", {
            "area": area, "mal": rows, "names": names,
            "chart": _goal_chart(f"mal-{slug(area)}", f"Måluppfyllelse i {area} per nämnd (antal mål)", counts),
            "summary": _area_text(rows)}))
    for p in namnd_pages:
        ne = next(n for n in fu.namnder if n.namnd == p.id)
        out.append(Page(p.file, p.namn, "site_namnd.html.j2", "namnder", {
            "n": ne, "mal": [m for m in fu.mal if m.namnd == p.id],
            "rader": [r for r in fu.rader if r.namnd == p.id],
            "investeringar": [i for i in fu.investeringar if i.namnd == p.id],
            "trend": _trend_chart(f"trend-{slug(p.id)}", fu, p.id), "text": _namnd_text(fu, ne)}))
    if snapshot is not None:
        out.append(Page("nyckeltal.html", "Nyckeltal jämfört med andra kommuner", "site_nyckeltal.html.j2", "nyckeltal",
                        {"nyckeltal": _nyckeltal(snapshot), "jamforelse": snapshot.jamforelse}))
    out.append(Page("oppna-data.html", "Öppna data", "site_oppna_data.html.j2", "data", {"files": data_files}))
    out.append(Page("tillganglighet.html", "Tillgänglighetsredogörelse", "site_tillganglighet.html.j2", "tillganglighet",
                    {}))
    return out


def _per_namnd(rows: list[MalRad]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for m in rows:
        c = out.setdefault(m.namnd, {k: 0 for k, _ in STATUSES})
        c[m.arets_slut] = c.get(m.arets_slut, 0) + 1
    return out


def _area_text(rows: list[MalRad]) -> str:
    n = len(rows)
    ok = sum(1 for m in rows if m.arets_slut == "uppfyllt")
    part = sum(1 for m in rows if m.arets_slut == "delvis")
    return f"Inom målområdet finns {n} mål. {ok} bedöms bli uppfyllda och {part} delvis."


def _namnd_text(fu: FollowUp, n: Any) -> list[str]:
    if n.prognos is None:
        return [f"{n.namn} har ingen godkänd rapport för perioden. I sammanställningen räknas nämnden med sin budget "
                f"på {mnkr(n.budget)}."]
    verb = "använde" if kind_helar(fu) else "räknar med att använda"
    diff = n.avvikelse or 0
    if abs(diff) < 50:
        tail = "Det är ungefär som budgeten."
    else:
        tail = f"Det är {mnkr(abs(diff))} {'mer' if diff < 0 else 'mindre'} än budgeten."
    return [f"{n.namn} har en budget på {mnkr(n.budget)} för året och {verb} {mnkr(n.prognos)}. {tail}"]


def write_site(fu: FollowUp, config: Config, out: Path, snapshot: Any | None = None,
               data_files: list[str] | None = None, bilaga: str | None = None) -> list[Path]:
    """Render every page and the style sheet into `out` (an existing, empty folder)."""
    env = environment()
    site_pages = pages(fu, config, snapshot, data_files or [], bilaga)
    common = {"kommun": fu.kommun, "rubrik": fu.title, "exempeldata": fu.exempeldata, "style": STYLE,
              "has_kolada": snapshot is not None, "status_short": STATUS_SHORT, "mnkr": mnkr_short,
              "period": fu.period}
    written = [out / STYLE]
    (out / STYLE).write_text(env.get_template("site_stil.css.j2").render(), encoding="utf-8")
    for p in site_pages:
        html = env.get_template(p.template).render(**common, **p.context, title=p.title, current=p.nav, file=p.file)
        (out / p.file).write_text(html, encoding="utf-8")
        written.append(out / p.file)
    return written
