"""The kommunplan's appendices (bilagor) as self-contained, printable HTML from jinja2 templates.

The templates are package data (xltools/reports/templates). Every bilaga has a table of contents,
print CSS with page breaks, Swedish number formats (space as thousands separator, comma
decimals, real minus sign), lang="sv" and tables with caption and th scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xltools.consolidate.internposter import SLAG_NAMN
from xltools.consolidate.model import Kommunplan
from xltools.errors import XltoolsError
from xltools.reports.html import environment


def _drift(plan: Kommunplan, namnder: list[str]) -> dict[str, Any]:
    sections = []
    for n in plan.drift:
        if n.namnd not in namnder:
            continue
        sections.append({
            "id": f"namnd-{n.namnd}", "rubrik": n.namn, "namnd": n, "covered": n.covered,
            "details": n.details,
        })
    return {"sections": sections, "utveckling": _utveckling(plan, namnder)}


def _utveckling(plan: Kommunplan, namnder: list[str]) -> dict[str, Any]:
    """Nettokostnadsutveckling per nämnd (issue 19 part 3): the budget year's nettokostnad (its ram when no
    driftbudget came in) against the adopted budget of the year before, in per cent, as an SVG with its table."""
    from markupsafe import Markup

    from xltools.reports.charts import Bar, bars

    y = plan.years[0]
    before = next((k for k in plan.jamforelse if k.typ == "budget"), None)
    rows = []
    for n in plan.drift:
        if n.namnd not in namnder:
            continue
        now = n.netto(y) if n.covered else n.ram[y]
        fg = before.driftbudget.get(n.namnd) if before else None
        pct = 100 * (now - fg) / fg if fg else None
        rows.append({"namn": n.namn, "fg": fg, "nu": now, "ram": not n.covered, "procent": pct})
    shown = [r for r in rows if r["procent"] is not None]
    title = f"Nettokostnadsutveckling per nämnd {y - 1}–{y}"
    if not shown:
        return {"rubrik": title, "rader": rows, "svg": None, "ar": y}
    top = max(shown, key=lambda r: r["procent"])
    desc = (f"Förändring i procent av nettokostnaden {y} mot budget {y - 1} för {len(shown)} nämnder. Störst ökning: "
            f"{top['namn']} {_pct_signed(top['procent'])}." + (
                f" Uppgift saknas för {len(rows) - len(shown)} nämnder." if len(shown) < len(rows) else ""))
    svg = bars("diagram-nettokostnadsutveckling", title, desc,
               [Bar(r["namn"], r["procent"], _pct_signed(r["procent"])) for r in shown])
    return {"rubrik": title, "rader": rows, "svg": Markup(svg), "ar": y}


def _pct_signed(value: float) -> str:
    from xltools.sv import sv_percent

    return ("+" if value > 0 else "") + sv_percent(value)


def _investering(plan: Kommunplan, namnder: list[str]) -> dict[str, Any]:
    years = plan.years
    owner = plan.config.lokalagare()
    sections = []
    for nid in namnder:
        projekt = [p for p in plan.inv.projekt if p.namnd == nid]
        if not projekt:
            continue
        totals = {y: sum(p.utgift[y] for p in projekt) for y in years}
        sections.append({"id": f"namnd-{nid}", "rubrik": plan.config.namnd(nid).namn, "projekt": projekt,
                         "totals": totals, "senare": sum(p.senare for p in projekt),
                         "total": sum(p.total for p in projekt),
                         "lokal": [p for p in projekt if p.lokal]})
    return {"sections": sections, "owner": owner, "diagram": _investering_diagram(plan, sections),
            "per_ar": {y: sum(s["totals"][y] for s in sections) for y in years},
            "lokal_per_ar": {y: sum(p.utgift[y] for s in sections for p in s["lokal"]) for y in years},
            "ram": {y: plan.config.ekonomi.investeringsram.get(y) for y in years},
            "avskrivning": _avskrivning_text(plan)}


def _investering_diagram(plan: Kommunplan, sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Investeringar over the plan period per nämnd and per kategori (issue 19 part 3), in mnkr, as SVG bars
    each with its table."""
    from markupsafe import Markup

    from xltools.reports.charts import Bar, bars
    from xltools.sv import sv_amount

    years = plan.years
    span = f"{years[0]}–{years[-1]}"
    per_namnd = [(s["rubrik"], sum(s["totals"][y] for y in years)) for s in sections]
    per_kat: dict[str, int] = {}
    for s in sections:
        for p in s["projekt"]:
            name = p.kategori_namn or p.kategori or "Utan kategori"
            per_kat[name] = per_kat.get(name, 0) + sum(p.utgift[y] for y in years)
    out = []
    for key, title, items in (("namnd", f"Investeringar per nämnd {span}", per_namnd),
                              ("kategori", f"Investeringar per kategori {span}", sorted(per_kat.items(),
                                                                                        key=lambda kv: -kv[1]))):
        items = [(name, kronor) for name, kronor in items if kronor]
        if not items:
            continue
        total = sum(k for _, k in items)
        top = max(items, key=lambda kv: kv[1])
        desc = (f"Utgifter {span} i miljoner kronor, totalt {sv_amount(total / 1e6, 1)} mnkr. Störst: {top[0]} "
                f"{sv_amount(top[1] / 1e6, 1)} mnkr ({sv_amount(100 * top[1] / total, 0)} %).")
        svg = bars(f"diagram-investeringar-{key}", title, desc,
                   [Bar(name, kronor / 1e6, sv_amount(kronor / 1e6, 1) + " mnkr") for name, kronor in items])
        out.append({"id": f"diagram-investeringar-{key}", "rubrik": title, "svg": Markup(svg),
                    "rader": [(name, kronor, 100 * kronor / total) for name, kronor in items]})
    return out


def _avskrivning_text(plan: Kommunplan) -> str:
    """The avskrivning convention for new investments, as a sentence."""
    from xltools.reports.dokument.kommunplan import AVSKRIVNING_TEXT, MANAD

    a = plan.config.ekonomi.avskrivning
    return AVSKRIVNING_TEXT[str(a.start)].format(manad=MANAD[a.aktiveringsmanad])


def _taxor(plan: Kommunplan, namnder: list[str]) -> dict[str, Any]:
    sections = []
    for nid in namnder:
        rows = [t for t in plan.taxor if t.namnd == nid]
        if rows:
            sections.append({"id": f"namnd-{nid}", "rubrik": plan.config.namnd(nid).namn, "taxor": rows,
                             "andrade": sum(1 for t in rows if t.status != "Oförändrad")})
    return {"sections": sections}


def _mal(plan: Kommunplan, namnder: list[str]) -> dict[str, Any]:
    sections = []
    for nid in namnder:
        mal = [m for m in plan.mal if m.namnd == nid]
        if not mal:
            continue
        groups: list[dict[str, Any]] = []
        for m in mal:  # already sorted by målområde, strategiskt mål, nämnd, mål
            if not groups or groups[-1]["malomrade"] != m.malomrade_namn:
                groups.append({"malomrade": m.malomrade_namn, "strategiska": []})
            strat = groups[-1]["strategiska"]
            if not strat or strat[-1]["id"] != m.strategiskt_mal:
                strat.append({"id": m.strategiskt_mal, "text": m.strategiskt_mal_text, "mal": []})
            strat[-1]["mal"].append(m)
        kolada = {x.kolada_id: j for m in mal for x in m.matt if (j := plan.kolada_jamforelse(x.kolada_id))}
        sections.append({"id": f"namnd-{nid}", "rubrik": plan.config.namnd(nid).namn, "grupper": groups,
                         "antal": len(mal), "kolada": kolada})
    return {"sections": sections}


def _internhyror(plan: Kommunplan, namnder: list[str]) -> dict[str, Any]:
    c = plan.config
    sections = []
    for nid in c.namnd_ids:
        doc = plan.docs.get((nid, "internhyror"))
        flows = [p for p in plan.intern if (p.saljare == nid or p.kopare == nid) and (nid in namnder)]
        selling = [p for p in flows if p.saljare == nid]
        buying = [p for p in flows if p.kopare == nid and p.saljare != nid]
        if nid not in namnder or (doc is None and not selling and not buying):
            continue
        hyror = doc.rows("hyror") if doc else []
        tjanster = doc.rows("tjanster") if doc else []
        service = doc.rows("service") if doc else []
        sections.append({"id": f"namnd-{nid}", "rubrik": c.namnd(nid).namn, "hyror": hyror, "tjanster": tjanster,
                         "service": service, "saljer": selling, "koper": buying,
                         "file": plan.doc_file(doc) if doc else None})
    names = {n.id: n.namn for n in c.organisation.namnder}
    return {"sections": sections, "names": names, "slag_namn": SLAG_NAMN}


def _finansiella(plan: Kommunplan, namnder: list[str]) -> dict[str, Any]:
    """The statements as the kommunplan document shows them (built from the JSON contract): the summary in mnkr,
    every line, note, the balanskravsutredning and the panter och ansvarsförbindelser. The same for every nämnd
    filter."""
    from xltools.reports.dokument.kommunplan import Names, kommunplan_dokument
    from xltools.reports.kommunplan_json import to_dict

    doc = kommunplan_dokument(to_dict(plan), Names.of(plan.config))
    tables = {t.key: t for t in doc.tables()}
    groups = (("resultatbudget", "Resultatbudget med noter", ("resultatbudget", "noter")),
              ("balanskrav", "Balanskravsutredning", ("balanskrav",)),
              ("kassaflodesbudget", "Kassaflödesbudget", ("kassaflodesbudget",)),
              ("balansbudget", "Balansbudget med panter och ansvarsförbindelser",
               ("balansbudget", "balansbudget-noter")))
    summary = {"id": "sammandrag", "rubrik": "Ekonomin i sammandrag", "tables": [tables["sammandrag"]]}  # mnkr
    return {"sections": [summary, _mal_section(plan),
                         *({"id": key, "rubrik": rubrik, "tables": [tables[t] for t in keys if t in tables]}
                           for key, rubrik, keys in groups)],
            "avskrivning": _avskrivning_text(plan)}


def _mal_section(plan: Kommunplan) -> dict[str, Any]:
    """The financial goals as SVG charts against their goal line, each with its table (issue 19 part 3)."""
    from markupsafe import Markup

    from xltools.consolidate.kontroller import finansiella_mal
    from xltools.reports.svg import goal_chart

    by: dict[str, list[Any]] = {}
    for m in finansiella_mal(plan):
        by.setdefault(m.id, []).append(m)
    charts = []
    for gid, ms in by.items():
        title = f"{gid} {ms[0].namn}"
        charts.append({"id": f"diagram-{gid.lower()}", "rubrik": title, "rader": ms,
                       "svg": Markup(goal_chart(f"diagram-{gid.lower()}", title, [str(m.ar) for m in ms],
                                                [m.varde for m in ms], ms[0].minst))})
    return {"id": "finansiella-mal", "rubrik": "Finansiella mål", "tables": [], "charts": charts}


def _bolagen(plan: Kommunplan, namnder: list[str]) -> dict[str, Any]:
    """Borgensramar for KF's decision, each bolag's plan and the bolagen together (the same for every nämnd filter)."""
    bo = plan.bolag
    bolag = list(bo.bolag) if bo is not None else []
    sections = ([{"id": "borgensramar", "rubrik": "Borgensramar"}] if bolag else []) + [
        {"id": f"bolag-{b.id}", "rubrik": b.namn, "bolag": b} for b in bolag if b.resultat or b.balans] + (
        [{"id": "sammantaget", "rubrik": "Bolagen sammantaget"}] if bolag else [])
    return {"sections": sections, "bolag": bolag, "fil": bo.file if bo is not None else None,
            "summa": {y: bo.sammantaget(y) for y in plan.years} if bo is not None else {},
            "resultat_rader": (("intakter", "Rörelsens intäkter"), ("kostnader", "Rörelsens kostnader"),
                               ("avskrivningar", "Avskrivningar"), ("finansnetto", "Finansnetto"),
                               ("resultat", "Resultat efter finansiella poster"))}


def _forandringar(plan: Kommunplan, namnder: list[str]) -> dict[str, Any]:
    """The November revision's anslagsförändringar against the adopted June plan, by kind."""
    a = plan.andringar or {"rader": [], "jamfort_med": {"fastalld": "", "beslut": ""}}
    groups = (("ramar", "Förändrade ramar", ("ram",)),
              ("investeringar", "Investeringar", ("investering", "ny investering", "struken investering")),
              ("taxor", "Taxor och avgifter", ("taxa",)),
              ("mal", "Riktade mål", ("nytt riktat mål", "strukket riktat mål", "ändrat riktat mål")))
    rows = [r for r in a["rader"] if r["namnd"] in namnder]
    return {"sections": [{"id": key, "rubrik": rubrik, "rader": [r for r in rows if r["slag"] in slag]}
                         for key, rubrik, slag in groups],
            "om": a["jamfort_med"], "names": {n.id: n.namn for n in plan.config.organisation.namnder}}


def _verksamhetsplaner(plan: Kommunplan, namnder: list[str]) -> dict[str, Any]:
    """Per nämnd: on which level (nämnd, förvaltning, avdelning, enhet) each mål has activities, the mål
    without any, and the units' plans handed in or missing (issue 16 part 7)."""
    from xltools.consolidate.verksamhetsplaner import NIVAER, shown

    vp = plan.verksamhetsplaner
    sections = []
    for nid in namnder:
        rader = [m for m in vp.mal if m.namnd == nid] if vp else []
        planer = [p for p in vp.planer if p.namnd == nid] if vp else []
        if not rader and not planer:
            continue
        used = [lv for lv in NIVAER if any(m.nivaer.get(lv) for m in rader)] or [NIVAER[0]]
        sections.append({"id": f"namnd-{nid}", "rubrik": plan.config.namnd(nid).namn, "nivaer": used,
                         "rader": [{"mal": m, "celler": ["; ".join(shown(p) for p in m.nivaer.get(lv, ()))
                                                         for lv in used]} for m in rader],
                         "planer": planer, "utan": [m for m in rader if m.utan_aktivitet]})
    return {"sections": sections}


@dataclass(frozen=True)
class Bilaga:
    """One appendix: its file name stem, template, title and view (plan, nämnder -> the template's data)."""

    key: str
    template: str
    title: str
    view: Callable[[Kommunplan, list[str]], dict[str, Any]]
    when: Callable[[Kommunplan], bool] = lambda plan: True  # written only for plans it applies to


BILAGOR = (
    Bilaga("driftbudget", "driftbudget.html.j2", "Driftbudget per nämnd", _drift),
    Bilaga("investeringsbudget", "investeringsbudget.html.j2", "Investeringsbudget", _investering),
    Bilaga("taxor-och-avgifter", "taxor.html.j2", "Taxor och avgifter", _taxor),
    Bilaga("mal-och-matt", "mal_och_matt.html.j2", "Mål och mått per nämnd", _mal),
    Bilaga("internhyror", "internhyror.html.j2", "Internhyror och interna tjänster", _internhyror),
    Bilaga("finansiella-rapporter", "finansiella_rapporter.html.j2", "Resultat-, kassaflödes- och balansbudget",
           _finansiella),
    Bilaga("bolagen", "bolagen.html.j2", "Bolagen och borgensramar", _bolagen),
    Bilaga("verksamhetsplaner", "verksamhetsplaner.html.j2", "Verksamhetsplaner: aktiviteter per mål och nivå",
           _verksamhetsplaner, lambda plan: plan.verksamhetsplaner is not None),
    Bilaga("forandringar", "forandringar.html.j2", "Förändringar mot antagen kommunplan", _forandringar,
           lambda plan: plan.andringar is not None),
)


def render_bilagor(plan: Kommunplan, out_dir: str | Path, namnder: list[str] | None = None) -> list[Path]:
    """Render every bilaga into `out_dir` (all nämnder, or only `namnder` with the id in the file name)."""
    env = environment()
    c = plan.config
    unknown = [n for n in namnder or [] if n not in c.namnd_ids]
    if unknown:
        raise XltoolsError(f"okänd nämnd: {', '.join(unknown)} (kända: {', '.join(c.namnd_ids)})")
    chosen = list(namnder) if namnder else c.namnd_ids
    chosen = [n for n in c.namnd_ids if n in chosen]
    suffix = "-" + "-".join(chosen) if namnder else ""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    common = {
        "kommun": c.kommun.namn, "exempeldata": c.kommun.exempeldata, "budgetar": plan.budgetar, "years": plan.years,
        "namnd_filter": [c.namnd(n).namn for n in chosen] if namnder else [],
    }
    written: list[Path] = []
    listing = []
    for i, b in enumerate((b for b in BILAGOR if b.when(plan)), start=1):
        view = b.view(plan, chosen)
        title = f"Bilaga {i}. {b.title} {plan.years[0]}–{plan.years[-1]}"
        html = env.get_template(b.template).render(title=title, bilaga=b, nummer=i, **common, **view)
        path = out / f"{b.key}{suffix}.html"
        path.write_text(html, encoding="utf-8")
        written.append(path)
        listing.append({"file": path.name, "title": title, "sections": view["sections"]})
    index = env.get_template("index.html.j2").render(title=f"Kommunplan {plan.years[0]}–{plan.years[-1]}: bilagor",
                                                     bilagor=listing, **common)
    path = out / f"index{suffix}.html"
    path.write_text(index, encoding="utf-8")
    written.append(path)
    return written
