"""`xltools uppfoljning`: the follow-up report for a period, and the period's templates (Swedish CLI)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xltools.cli.options import (
    CONTEXT,
    cache_option,
    config_option,
    dokument_formats,
    dokument_option,
    echo,
    kolada_option,
    kolada_source,
    latest_option,
    lite_check_or_exit,
    load_or_exit,
    mall_option,
    progress_bar,
    warn_err,
    without_lite_option,
)
from xltools.errors import XltoolsError
from xltools.escaping import terminal

DEFAULT = "rapport"


class _DefaultGroup(click.Group):
    """`xltools uppfoljning MAPP --period ...` runs the report; `xltools uppfoljning mallar ...` the templates."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = [DEFAULT, *args]
        return super().parse_args(ctx, args)


period_option = click.option("--period", "period", required=True, metavar="ÅÅÅÅ-MM",
                             help="Sista månaden som uppföljningen avser, t.ex. 2026-04.")


@click.group("uppfoljning", cls=_DefaultGroup, context_settings=CONTEXT)
def uppfoljning() -> None:
    """Uppföljning under året: månadsrapport, uppföljning och prognos jan–apr, delårsrapport, årsredovisning.

    \b
    xltools uppfoljning MAPP --period ÅÅÅÅ-MM --out UTMAPP   sammanställ nämndernas rapporter
    xltools uppfoljning mallar --period ÅÅÅÅ-MM --out UTMAPP mallar för perioden

    Årshjulet avgör vilken rapport perioden gäller: april = uppföljning och prognos januari–april,
    augusti = delårsrapport, december = verksamhetsberättelse (årsredovisning), övriga månader
    månadsrapport. För januari och juni görs ingen rapport.
    """


@uppfoljning.command(DEFAULT, context_settings=CONTEXT)
@click.argument("folder", metavar="MAPP", type=click.Path(path_type=Path))
@period_option
@config_option
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Utmapp.")
@latest_option
@dokument_option
@mall_option
@cache_option
@click.option("--db", "db", metavar="ADRESS", default=None,
              help="Inkorgens liggare i en databas (postgresql://…); MAPP är då inkorgens mapp med arkivet.")
@click.option("--utfall", "utfall", type=click.Path(dir_okay=False, path_type=Path), metavar="FIL",
              help="Ekonomisystemets export (SIE eller CSV) vid brytdatum: varje nämnds utfall stäms av mot den.")
def rapport(folder: Path, period: str, config_dir: Path, out_dir: Path, latest: bool, dokument: str | None,
            mall: Path | None, no_cache: bool, db: str | None, utfall: Path | None) -> None:
    """Validera och sammanställ nämndernas rapporter i MAPP till kommunens rapport för perioden.

    MAPP är en mapp med arbetsböcker eller en inkorg (`xltools inkorg ta-emot`): från en inkorg
    används den senaste godkända versionen av varje rapport, och JSON listar dem (inlamningar).

    Skriver uppfoljning-ÅÅÅÅ-MM.xlsx (med diagram) och uppfoljning-ÅÅÅÅ-MM.json, och för
    delårsrapporten och årsredovisningen en HTML-bilaga; med --dokument också rapporten som
    PDF och/eller Wordutkast. Kod 0 = klart (varningar, t.ex. ett finansiellt mål som prognosen inte
    når, visas), 1 = fel (t.ex. kontrollsummor eller identiteter som inte stämmer).
    """
    from xltools.cache import open_cache
    from xltools.findings import Severity
    from xltools.forms.period import kind_of
    from xltools.jobs.uppfoljning import run_followup
    from xltools.sv import sv_mnkr
    from xltools.uppfoljning.kommunen import GEH_TEXT

    formats = dokument_formats(dokument, mall)
    cfg = load_or_exit(config_dir)
    try:
        result = run_followup(folder, cfg, period, out_dir, open_cache(cfg, not no_cache, warn_err), progress_bar("Läser"),
                              latest=latest, dokument=formats, mall=mall, db=db, utfall=utfall)
    except XltoolsError as exc:
        raise click.ClickException(terminal(str(exc))) from exc
    fu = result.followup
    t = fu.totals()
    echo(f"{fu.title} – {fu.kommun}" + (f" ({fu.exempeldata})" if fu.exempeldata else ""))
    echo(f"Nämnder med godkänd rapport: {len(fu.counted)} av {len(fu.namnder)}.")
    for n in fu.saknas:
        echo(f"  saknas: {n.namn}")
    for n in fu.ej_godkanda:
        echo(f"  ej godkänd ({n.fel} fel, ingår inte): {n.namn} – {n.file}")
    helar = kind_of(fu.kind).helar
    word = "Utfall helår" if helar else "Helårsprognos"
    value = t["utfall"] if helar else t["prognos"]
    echo(f"Budget {sv_mnkr(t['budget'] * 1000)}, {word.lower()} {sv_mnkr(value * 1000)}, "  # tkr, shown in mnkr
         f"avvikelse {sv_mnkr(t['avvikelse'] * 1000)}.")
    if fu.has_goals:
        g = fu.goal_counts()
        echo(f"Mål: {g['uppfyllda_vid_arets_slut']} av {g['antal_mal']} "
             + ("uppfyllda." if helar else "bedöms vara uppfyllda vid årets slut."))
    if fu.kommunen is not None:
        k = fu.kommunen
        word = "utfall" if helar else "prognos"
        echo(f"Kommunens årets resultat, {word}: {sv_mnkr(k.rr['prognos']['arets_resultat'])} "
             f"(budget {sv_mnkr(k.rr['budget']['arets_resultat'])}); balanskravsresultat "
             f"{sv_mnkr(k.balanskrav['prognos']['balanskravsresultat'])}; "
             f"finansiella mål {k.hushallning.mal_uppfyllda} av {k.hushallning.mal_antal}; god ekonomisk "
             f"hushållning {GEH_TEXT[k.hushallning.bedomning]}.")
    for note in fu.notes:
        echo(f"Obs: {note}")
    for f in fu.findings:
        echo(f"{f.severity}: {f.message}", err=True)
    echo("Skrivet: " + ", ".join(str(p) for p in result.written))
    sys.exit(1 if any(f.severity == Severity.FEL for f in fu.findings) else 0)


@uppfoljning.command("mallar", context_settings=CONTEXT)
@period_option
@config_option
@click.option("--namnd", "namnder", multiple=True, metavar="ID", help="Nämnd-id; kan anges flera gånger (standard: alla).")
@click.option("--utfall", "utfall", type=click.Path(dir_okay=False, path_type=Path), metavar="FIL",
              help="Ekonomisystemets export (SIE eller CSV) vid brytdatum: utfallet förifylls och låses.")
@click.option("--underlag", "underlag", type=click.Path(file_okay=False, path_type=Path), metavar="MAPP",
              help="Inkorgen (eller en mapp med arbetsböcker) med nämndernas fastställda internbudget för året.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Utmapp.")
@without_lite_option
@kolada_option
def mallar(period: str, config_dir: Path, namnder: tuple[str, ...], utfall: Path | None, underlag: Path | None,
           out_dir: Path, without_lite: bool, kolada: Path | None) -> None:
    """Skriv periodens förifyllda uppföljningsmall för varje nämnd (.xlsx).

    Med --utfall läses ekonomisystemets export (SIE 4 eller CSV, se docs/uppfoljning.md) vid periodens
    slut, fördelas på nämnd, verksamhet och konto enligt utfall.yaml och skrivs in som låst utfall;
    nämnden fyller då bara i prognos, kommentarer och åtgärder. Med --underlag förifylls nämndplanens
    mål och mått; ett mått med Kolada-id får Koladas senaste mätning (med år och källa) ur
    ögonblicksbilden (--kolada). Kod 0 = klart, 1 = fel (inget skrivs).
    """
    from xltools.findings import Severity
    from xltools.jobs.uppfoljning import followup_templates

    cfg = load_or_exit(config_dir)
    edit = lite_check_or_exit(cfg, without_lite)
    try:
        result = followup_templates(cfg, period, out_dir, namnder=namnder, utfall=utfall, underlag=underlag,
                                    progress=progress_bar("Skriver mallar", least=20), check=edit,
                                    kolada=kolada_source(kolada, config_dir))
    except XltoolsError as exc:
        raise click.ClickException(terminal(str(exc))) from exc
    for line in result.summary:
        echo(line)
    for note in result.notes:
        echo(f"Obs: {note}")
    for f in result.findings:
        echo(f"{f.severity}: {f.message}", err=True)
    if any(f.severity == Severity.FEL for f in result.findings):
        echo("Inga mallar skrevs: rätta exporten och kör igen.", err=True)
        sys.exit(1)
    echo(f"{len(result.written)} mallar skrivna till {out_dir}.")
