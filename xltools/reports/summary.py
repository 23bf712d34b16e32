"""The Swedish run summary printed by `xltools kommunplan`: amounts in mnkr with one decimal and per cent
with a space ("2,3 %"), as kommunfullmäktige reads them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from xltools.consolidate.kontroller import balanskrav, finansiella_mal
from xltools.consolidate.model import Kommunplan
from xltools.consolidate.verksamhetsplaner import Verksamhetsplaner
from xltools.forms import FORMS
from xltools.sv import sv_mnkr, sv_percent


def _docs(sources: list) -> str:
    counts = Counter(s.document for s in sources)
    return ", ".join(f"{FORMS[d].title.lower() if d in FORMS else d} {n}" for d, n in sorted(counts.items()))


def verksamhetsplaner_text(v: Verksamhetsplaner) -> str:
    """One line on the verksamhetsplaner: how many, from how many units, the mål without any activity."""
    from xltools.consolidate.verksamhetsplaner import NAMND

    handed = [p for p in v.planer if p.fil]
    units = [p for p in handed if p.niva != NAMND]
    missing = [p for p in v.planer if not p.fil]
    empty = [f"{m.namnd} {m.mal_id}" for m in v.mal if m.utan_aktivitet]
    unknown = [f"{m.namnd} {m.mal_id}" for m in v.mal if m.typ == "okant"]
    text = (f"Verksamhetsplaner: {len(handed)}, varav {len(units)} från förvaltningarnas enheter"
            + (f" ({len(missing)} {'enhet' if len(missing) == 1 else 'enheter'} har inte lämnat: "
               f"{', '.join(p.namn for p in missing)})" if missing else "")
            + "; mål utan aktivitet: " + (", ".join(empty) if empty else "inga"))
    if unknown:
        text += "; aktiviteter för mål som inte finns i nämndplanen: " + ", ".join(unknown)
    return text + " (bladet Verksamhetsplaner)."


def summary_text(plan: Kommunplan, written: list[Path] | None = None) -> str:
    c = plan.config
    years = plan.years
    out: list[str] = []
    title = f"Kommunplan {years[0]} med plan {years[1]}–{years[-1]} – {c.kommun.namn}"
    out.append(title + (f" ({c.kommun.exempeldata})" if c.kommun.exempeldata else ""))
    if plan.fas:
        from xltools.consolidate.fas import TITEL

        out.append(f"Fas: {plan.fas} ({TITEL[plan.fas]}).")
    if plan.andringar is not None:
        a = plan.andringar
        om = a["jamfort_med"]
        ramar = "; ".join(f"{y} {'+' if v > 0 else ''}{sv_mnkr(v * 1000)}" for y, v in a["summa_ramar"].items() if v)
        out.append(f"Förändringar mot den antagna kommunplanen (fas {om['fas']}"
                   + (f", {om['beslut']}" if om.get("beslut") else "") + f"): {len(a['rader'])} rader"
                   + (f"; ramarna {ramar}" if ramar else "") + ".")
    total = len(plan.sources) + len(plan.ej_sammanstallda) + len(plan.uteslutna)
    out.append(f"Läst: {total} arbetsböcker. {len(plan.sources)} ingår i kommunplanen ({_docs(plan.sources)}).")
    if plan.ej_sammanstallda:
        out.append(f"  {len(plan.ej_sammanstallda)} godkända dokument utan siffror till kommunplanen lästes men "
                   f"sammanställs inte ({_docs(plan.ej_sammanstallda)}).")
    if plan.uteslutna:
        out.append(f"Ingår inte ({len(plan.uteslutna)}):")
        for u in plan.uteslutna:
            what = " · ".join(x for x in (u.document, u.namnd) if x)
            out.append(f"  - {u.file}" + (f" ({what})" if what else "") + f": {u.skal[0]}"
                       + (f" (och {len(u.skal) - 1} fel till)" if len(u.skal) > 1 else ""))
    if plan.verksamhetsplaner is not None:
        out.append(verksamhetsplaner_text(plan.verksamhetsplaner))
    missing = [n for n in plan.drift if not n.covered]
    out.append(f"Driftbudget: {len(plan.drift) - len(missing)} av {len(plan.drift)} nämnder har lämnat driftbudget."
               + (" Saknas: " + ", ".join(n.namn for n in missing) + " (ramen räknas som nettokostnad)." if missing else ""))
    out.append("Årets resultat:")
    for y in years:
        r = plan.rr.lines[y]
        base = (r["skatteintakter"] or 0) + (r["generella_statsbidrag_och_utjamning"] or 0)
        share = f" ({sv_percent(100 * (r['arets_resultat'] or 0) / base)} av skatteintäkter och generella statsbidrag)" \
            if base else ""
        out.append(f"  {y}: {sv_mnkr(r['arets_resultat'] or 0)}{share}")
    bk = balanskrav(plan)
    bad = [y for y in years if not bk[y]["uppfyllt"]]
    if not bad:
        out.append("Balanskravet är uppfyllt alla år (intäkterna överstiger kostnaderna).")
    else:
        out.append("Balanskravet är INTE uppfyllt " + ", ".join(
            f"{y} (balanskravsresultat {sv_mnkr(int(bk[y]['balanskravsresultat']))})" for y in bad) + ".")
    mal = finansiella_mal(plan)
    if mal:
        out.append("Finansiella mål:")
        for mid in dict.fromkeys(m.id for m in mal):
            items = [m for m in mal if m.id == mid]
            parts = [f"{m.ar} {sv_percent(m.varde)} {'uppfyllt' if m.uppfyllt else 'INTE uppfyllt'}" for m in items]
            out.append(f"  {mid} {items[0].namn} (minst {sv_percent(items[0].minst, None)}): " + "; ".join(parts))
    failed = [k for k in plan.kontroller if not k.ok]
    out.append(f"Kontroller: {len(plan.kontroller) - len(failed)} av {len(plan.kontroller)} uppfyllda.")
    for k in failed:
        out.append(f"  - {k.id}: {k.beskrivning}")
    if written:
        out.append("Skrivet: " + ", ".join(str(p) for p in written if p.parent.name != "bilagor")
                   + f" och {sum(1 for p in written if p.parent.name == 'bilagor')} bilagor i "
                   + str(next((p.parent for p in written if p.parent.name == "bilagor"), "bilagor")) + ".")
    return "\n".join(out)
