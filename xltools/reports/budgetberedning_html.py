"""bilagor/budgetberedning.html: KS förslag and each alternativbudget line by line, with balanskrav and the
financial goals computed for each, the känslighetsanalys and the ramförändringar per nämnd."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xltools.consolidate import resultat
from xltools.consolidate.budgetberedning import Beredning
from xltools.consolidate.scenario import Utfall
from xltools.reports.html import environment


def _rad(label: str, values: list[Any], kind: str = "tkr", summa: bool = False) -> dict[str, Any]:
    return {"label": label, "values": values, "kind": kind, "summa": summa}


def _jamforelse(b: Beredning, us: list[Utfall], years: list[int]) -> list[dict[str, Any]]:
    """Rows of a table with one column per (year, scenario): skattesats, RR, ramar, investeringar, balanskrav, mål."""
    c = b.grund.config

    def per(get: Any) -> list[Any]:
        return [get(u, y) for y in years for u in us]

    rows = [_rad("Skattesats (kr)", per(lambda u, y: u.config.ekonomi.skattesats), "kr")]
    rows += [_rad(ln.label, per(lambda u, y, k=ln.key: u.plan.rr.lines[y][k]), summa=ln.is_sum)
             for ln in resultat.LINES if not ln.heading]
    rows += [_rad(f"Ram {n.namn}", per(lambda u, y, nid=n.id: u.ram(nid, y)))
             for n in c.organisation.namnder if n.id in c.ekonomi.ramar]
    rows += [_rad("Investeringar", per(lambda u, y: u.plan.inv.per_ar[y])),
             _rad("Balanskravsresultat", per(lambda u, y: u.balanskrav[y]["balanskravsresultat"]), summa=True),
             _rad("Balanskravet uppfyllt", per(lambda u, y: "Ja" if u.balanskrav[y]["uppfyllt"] else "Nej"), "text")]
    for m in c.ekonomi.finansiella_mal:
        rows.append(_rad(f"{m.id} {m.namn}", per(lambda u, y, mid=m.id: u.mal_ar(mid, y).varde), "pct"))
        rows.append(_rad(f"{m.id} uppfyllt", per(lambda u, y, mid=m.id: "Ja" if u.mal_ar(mid, y).uppfyllt else "Nej"),
                         "text"))
    return rows


def view(b: Beredning) -> dict[str, Any]:
    years = b.years
    us = list(b.utfall)
    sections: list[dict[str, Any]] = [{"id": "scenarier", "rubrik": "Scenarierna sida vid sida", "kind": "tabell",
                                       "names": [u.rubrik for u in us], "rows": _jamforelse(b, us, years)}]
    for alt, on in b.alternativ():
        pair = [on, alt]
        rows = _jamforelse(b, pair, years)
        for r in rows:
            if r["kind"] in ("tkr", "kr", "pct"):
                r["diff"] = [(a - o) if isinstance(a, int | float) and isinstance(o, int | float) else None
                             for o, a in zip(r["values"][0::2], r["values"][1::2], strict=True)]
        sections.append({"id": f"alternativ-{alt.id}", "kind": "alternativ",
                         "rubrik": f"{alt.rubrik} mot {on.rubrik}",
                         "names": [on.rubrik, alt.rubrik], "rows": rows, "andringar": alt.andringar,
                         "beskrivning": alt.beskrivning})
    sections.append({"id": "kanslighet", "rubrik": f"Känslighetsanalys på {b.forslag.namn}", "kind": "kanslighet",
                     "rader": b.kanslighet})
    sections.append({"id": "ramforandringar", "rubrik": "Ramförändringar per nämnd", "kind": "ramar",
                     "vandringar": b.ramvandringar})
    return {"sections": sections, "forandringar": [(u, u.andringar) for u in us[1:]],
            "grunder": {u.id: u.rubrik for u in us}}


def render(b: Beredning, out_dir: str | Path) -> Path:
    c = b.grund.config
    years = b.years
    html = environment().get_template("budgetberedning.html.j2").render(
        title=f"Budgetberedning {years[0]}–{years[-1]}", kommun=c.kommun.namn, exempeldata=c.kommun.exempeldata,
        budgetar=c.planering.budgetar, years=years, namnd_filter=[], **view(b))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "budgetberedning.html"
    path.write_text(html, encoding="utf-8")
    return path
