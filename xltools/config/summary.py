"""A short Swedish summary of a valid configuration (for `xltools config check`)."""

from __future__ import annotations

from collections import Counter

from xltools.config.models import Config, NamndTyp
from xltools.sv import sv_number, sv_whole


def summary(c: Config) -> str:
    """A short Swedish summary of a valid configuration (for `xltools config check`)."""
    org = c.organisation
    typer = Counter(n.typ for n in org.namnder)
    years = c.planering.ar
    lines = [
        f"{c.kommun.namn} (kommunkod {c.kommun.kommunkod})" + (f" – {c.kommun.exempeldata}" if c.kommun.exempeldata else ""),
        f"Budgetår {years[0]}, planår {years[1]}–{years[-1]}, uppföljningsår {c.planering.uppfoljningsar}",
        f"Nämnder: {len(org.namnder)} (styrelse {typer[NamndTyp.STYRELSE]}, egna {typer[NamndTyp.EGEN]}, "
        f"gemensamma {typer[NamndTyp.GEMENSAM]}, överförmyndare {typer[NamndTyp.OVERFORMYNDARE]}); bolag: {len(org.bolag)}",
        *(["Verksamhetsplan per enhet (förvaltning, avdelning, enhet): "
           + ", ".join(f"{n.namn} {len(n.organisation)}" for n in org.namnder if n.organisation)]
          if any(n.organisation for n in org.namnder) else []),
        f"Målkedja: {len(c.malkedja.malomraden)} målområden, {len(c.malkedja.strategiska_mal)} strategiska mål, "
        f"{len(c.malkedja.riktade_mal)} riktade mål",
        f"Kontoplan {c.kontoplan.version}: {len(c.kontoplan.konton)} konton, {len(c.kontoplan.verksamheter)} verksamheter",
        f"Årshjul: {len(c.arshjul.handelser)} händelser, {len(c.arshjul.obligatoriska_kontrollmoment)} obligatoriska kontrollmoment",
        f"Skattesats {sv_number(c.ekonomi.skattesats)} %, internränta {sv_number(c.ekonomi.internranta)} %, "
        f"PO-pålägg {sv_number(c.ekonomi.po_palagg)} %",
    ]
    for y in years:
        ramar = sum(r.get(y, 0) for r in c.ekonomi.ramar.values())
        sg = c.ekonomi.skatteintakter[y] + c.ekonomi.generella_statsbidrag_och_utjamning[y]
        lines.append(f"  {y}: skatter + generella statsbidrag {sv_whole(sg)} tkr; summa ramar {sv_whole(ramar)} tkr")
    return "\n".join(lines)
