"""`xltools inkorg`: receive submissions into the archive and ledger, show a document's history,
return, withdraw, lock and release versions. The database is imported only when a command runs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from xltools.cli.options import CONTEXT, config_option, echo, load_or_exit, progress_bar

if TYPE_CHECKING:
    from xltools.config import Config
    from xltools.inkorg.receive import Inkorg

inkorg_option = click.option(
    "--inkorg", "folder", metavar="MAPP", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Inkorgens mapp: arkivet (arkiv/) och liggaren (liggare.sqlite). Standard: planering.inkorg i "
         "konfigurationen.")
db_option = click.option(
    "--db", "db", metavar="ADRESS", default=None,
    help="Liggaren i en databas i stället för liggare.sqlite, t.ex. postgresql://ekonomi@server/xltools "
         "(lösenordet i ~/.pgpass). Standard: miljövariabeln XLTOOLS_INKORG_DB om den är satt.")
who_option = click.option("--av", "who", metavar="NAMN", default=None,
                          help="Vem som gör ändringen (visas i historiken). Standard: användarnamnet.")


def open_inkorg(config_dir: Path, folder: Path | None, db: str | None) -> tuple[Config, Inkorg]:
    """The configuration and the inkorg (XltoolsError in Swedish when it cannot be opened)."""
    from xltools.errors import XltoolsError
    from xltools.inkorg.place import inkorg_folder, ledger_db
    from xltools.inkorg.receive import Inkorg

    config = load_or_exit(config_dir)
    where = folder or inkorg_folder(config, config_dir)
    if where is None:
        raise XltoolsError("Ange inkorgens mapp med --inkorg MAPP (eller planering.inkorg i konfigurationen).")
    return config, Inkorg(where, ledger_db(db))


@click.group("inkorg", context_settings=CONTEXT)
def inkorg() -> None:
    """Inkorgen: varje inlämnad arbetsbok sparas i ett arkiv och förs in i en liggare med version
    och tillstånd (mottagen, godkänd, ej godkänd, ersatt, återkallad, återsänd)."""


@inkorg.command("ta-emot", context_settings=CONTEXT, options_metavar="[FLAGGOR]")
@click.argument("sources", nargs=-1, required=True, metavar="KÄLLA...", type=click.Path(path_type=Path))
@config_option
@inkorg_option
@db_option
@who_option
@click.option("--ersätt-låst", "replace_locked", is_flag=True,
              help="Låt de nya versionerna ersätta en låst version (ett medvetet beslut; annars väntar de).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Utdata: en rad per fil, eller JSON.")
def ta_emot(sources: tuple[Path, ...], config_dir: Path, folder: Path | None, db: str | None, who: str | None,
            replace_locked: bool, fmt: str) -> None:
    """Ta emot arbetsböcker, mappar och sparade e-brev (.eml, bifogade arbetsböcker tas ut).

    Varje fil valideras, sparas en gång i arkivet och förs in i liggaren; samma fil två gånger
    tas emot en gång. En nyare version av samma nämnds dokument ersätter den äldre. Kod 0 = allt
    mottaget och godkänt, 1 = någon fil har fel eller togs inte emot.
    """
    config, ik = open_inkorg(config_dir, folder, db)
    with ik:
        out = ik.receive(list(sources), config, replace_locked=replace_locked, received_by=who,
                         progress=progress_bar("Tar emot"))
    for line in out.recovery.lines():
        echo(f"obs: {line}", err=True)
    if fmt == "json":
        import json

        from xltools.escaping import json_text

        echo(json_text(json.dumps({
            "mottagna": [{"kalla": r.shown, "inlamning": r.id, "sha256": r.sha256, "tillstand": r.state, "ny": r.new,
                          "ersatter": list(r.superseded), "fel": r.errors, "varningar": r.warnings,
                          "namnd": r.identity.namnd if r.identity else None,
                          "dokument": r.identity.dokument if r.identity else None,
                          "period": r.identity.period if r.identity else None} for r in out.received],
            "ej_mottagna": [{"kalla": r.what, "varfor": r.why} for r in out.refused],
            "aterhamtning": out.recovery.lines()}, ensure_ascii=False, indent=2)))
    else:
        for r in out.received:
            echo(str(r))
        for no in out.refused:
            echo(f"togs inte emot: {no}")
        new = [r for r in out.received if r.new]
        n = {s: sum(1 for r in new if r.state == s) for s in ("godkänd", "ej godkänd", "mottagen")}
        echo(f"Summa: {len(out.received)} filer, {len(new)} nya ({n['godkänd']} godkända, {n['ej godkänd']} "
                   f"med fel, {n['mottagen']} väntar på låst version), {len(out.received) - len(new)} redan "
                   f"mottagna; {len(out.refused)} togs inte emot.")
    bad = out.refused or any(r.state == "ej godkänd" for r in out.received if r.new)
    sys.exit(1 if bad else 0)


def _when(at: Any) -> str:
    return at.strftime("%Y-%m-%d %H:%M") + " UTC" if at else ""


@inkorg.command("historik", context_settings=CONTEXT, options_metavar="[FLAGGOR]")
@click.argument("namnd", metavar="NÄMND")
@click.argument("dokument", required=False, metavar="[DOKUMENT]")
@config_option
@inkorg_option
@db_option
@click.option("--fel", "show_findings", is_flag=True, help="Visa varje versions fel och varningar.")
def historik(namnd: str, dokument: str | None, config_dir: Path, folder: Path | None, db: str | None,
             show_findings: bool) -> None:
    """Varje version av en nämnds dokument: när, varifrån, sha256, tillstånd och vem som gjorde vad."""
    config, ik = open_inkorg(config_dir, folder, db)
    if namnd not in config.namnd_ids:
        raise click.ClickException(f"okänd nämnd: {namnd} (kända: {', '.join(config.namnd_ids)})")
    with ik:
        entries = ik.ledger.history(namnd, dokument)
        events = ik.ledger.events([e.id for e in entries])
        if not entries:
            echo(f"Inga inlämningar från {config.namnd(namnd).namn}" + (f" av {dokument}." if dokument else "."))
            return
        last = None
        for e in entries:
            head = (e.dokument, e.ar, e.period, e.dokstatus, e.org_enhet)
            if head != last:
                period = f", period {e.period}" if e.period != str(e.ar) else ""
                status = f", {e.dokstatus}" if e.dokstatus else ""
                unit = config.namnd(namnd).org_enhet(e.org_enhet) if e.org_enhet else None
                whose = f" · {unit.text if unit else e.org_enhet}" if e.org_enhet else ""
                echo(f"{e.dokument} {e.ar}{period}{status} – {config.namnd(namnd).namn}{whose}")
                last = head
            source = f"e-brev från {e.mail_from}, \"{e.mail_subject}\" ({e.mail_date})" if e.mail_from \
                else f"{e.source_kind} {e.source_path}"
            lock = f", låst av {e.locked_by}" if e.locked else ""
            echo(f"  {e.id:>5}  {_when(e.received_at)}  {e.state}{lock}  {e.errors} fel  sha256 {e.sha256[:16]}…"
                       f"  {source}")
            for ev in events.get(e.id, []):
                why = f": {ev.comment}" if ev.comment else ""
                echo(f"         {_when(ev.at)}  {ev.what} ({ev.by_whom}){why}")
            if show_findings:
                for f in ik.ledger.findings(e.id):
                    where = ", ".join(x for x in (f.get("sheet"), f.get("cell")) if x)
                    echo(f"         [{f['severity']}] {f['rule']} {where}: {f['message']}")


def _state_command(name: str, target: str, doc: str) -> click.Command:
    @click.command(name, context_settings=CONTEXT, options_metavar="[FLAGGOR]", help=doc)
    @click.argument("entry_id", metavar="INLÄMNING", type=click.IntRange(min=1))
    @click.option("--kommentar", "-m", "why", required=True, metavar="TEXT", help="Varför (visas för nämnden).")
    @config_option
    @inkorg_option
    @db_option
    @who_option
    def command(entry_id: int, why: str, config_dir: Path, folder: Path | None, db: str | None,
                who: str | None) -> None:
        from xltools.inkorg.receive import who_am_i
        from xltools.inkorg.states import State

        _, ik = open_inkorg(config_dir, folder, db)
        with ik:
            e = ik.ledger.change_state(entry_id, State(target), who or who_am_i(), why)
        echo(f"Inlämning {e.id} ({e.dokument} · {e.namnd}) är {e.state}: {e.state_comment}")

    return command


inkorg.add_command(_state_command("återsänd", "återsänd",
                                  "Skicka tillbaka en version till nämnden med en kommentar (tillstånd återsänd)."))
inkorg.add_command(_state_command("återkalla", "återkallad",
                                  "Återkalla en version (den räknas inte längre; den finns kvar i historiken)."))


@inkorg.command("lås", context_settings=CONTEXT, options_metavar="[FLAGGOR]")
@click.argument("entry_id", metavar="INLÄMNING", type=click.IntRange(min=1))
@click.option("--upp", "unlock", is_flag=True, help="Lås upp i stället.")
@click.option("--kommentar", "-m", "why", default="", metavar="TEXT", help="Varför (visas i historiken).")
@config_option
@inkorg_option
@db_option
@who_option
def las(entry_id: int, unlock: bool, why: str, config_dir: Path, folder: Path | None, db: str | None,
        who: str | None) -> None:
    """Lås en godkänd version: en nyare version väntar då tills någon medvetet släpper fram den
    (`xltools inkorg släpp-fram`) eller tar emot den med --ersätt-låst."""
    from xltools.inkorg.receive import who_am_i

    _, ik = open_inkorg(config_dir, folder, db)
    with ik:
        e = (ik.ledger.unlock if unlock else ik.ledger.lock)(entry_id, who or who_am_i(), why)
    echo(f"Inlämning {e.id} ({e.dokument} · {e.namnd}) är {'låst' if e.locked else 'upplåst'}.")


@inkorg.command("släpp-fram", context_settings=CONTEXT, options_metavar="[FLAGGOR]")
@click.argument("entry_id", metavar="INLÄMNING", type=click.IntRange(min=1))
@click.option("--kommentar", "-m", "why", required=True, metavar="TEXT", help="Varför den ersätter den låsta.")
@config_option
@inkorg_option
@db_option
@who_option
def slapp_fram(entry_id: int, why: str, config_dir: Path, folder: Path | None, db: str | None,
               who: str | None) -> None:
    """Låt en väntande version (mottagen) ersätta den låsta versionen – det medvetna beslutet."""
    from xltools.inkorg.receive import who_am_i

    _, ik = open_inkorg(config_dir, folder, db)
    with ik:
        e = ik.ledger.promote(entry_id, who or who_am_i(), why)
    echo(f"Inlämning {e.id} ({e.dokument} · {e.namnd}) är {e.state} och ersätter den låsta versionen.")

