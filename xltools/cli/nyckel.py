"""`xltools nyckel`: the kommun's key for the templates' integrity token (xltools.integrity)."""

from __future__ import annotations

from pathlib import Path

import click

from xltools.cli.options import CONTEXT, config_option, echo, load_or_exit


@click.group("nyckel", context_settings=CONTEXT)
def nyckel() -> None:
    """Kommunens nyckel för mallarnas integritetstoken.

    Varje mall bär en integritetstoken (HMAC-SHA256) över kommun, nämnd, dokument, år, period och
    mallens id, gjord med kommunens nyckel. Nyckeln ligger utanför arbetsböckerna och utanför
    konfigurationsmappen: i filen som miljövariabeln XLTOOLS_NYCKEL anger, annars i
    användarens mapp för xltools (~/.config/xltools/nyckel-<kommunkod>, i Windows
    %APPDATA%\\xltools\\nyckel-<kommunkod>), läsbar bara för användaren. Se docs/sakerhet.md."""


@nyckel.command("skapa", context_settings=CONTEXT)
@config_option
@click.option("--ersatt", is_flag=True, help="Ersätt en befintlig nyckel (alla mallar som redan skickats ut blir ogiltiga).")
def skapa(config_dir: Path, ersatt: bool) -> None:
    """Skapa kommunens nyckel (slumpmässig, 256 bitar, filrättighet 0600)."""
    from xltools import integrity

    cfg = load_or_exit(config_dir)
    if cfg.kommun.exempeldata:
        echo(f"Konfigurationen är syntetiska exempeldata ({cfg.kommun.namn}): exemplets mallar görs med en "
             "fast demonyckel som inte är hemlig, och någon nyckelfil används inte.")
        return
    try:
        path = integrity.create_key(cfg.kommun.kommunkod, replace=ersatt)
    except integrity.KeyFileError as exc:
        echo(f"fel: {exc}", err=True)
        raise SystemExit(1) from None
    echo(f"Nyckeln för {cfg.kommun.namn} är skapad: {path}")
    echo("Gör nya mallar (xltools mallar) så att de bär en integritetstoken. Förvara en kopia av nyckeln "
         "säkert; den som har nyckeln kan göra mallar som valideringen godtar.")


@nyckel.command("visa", context_settings=CONTEXT)
@config_option
def visa(config_dir: Path) -> None:
    """Visa var kommunens nyckel förvaras och om den finns (nyckeln själv skrivs aldrig ut)."""
    from xltools import integrity

    cfg = load_or_exit(config_dir)
    if cfg.kommun.exempeldata:
        echo("Syntetiska exempeldata: mallarna görs med exemplets fasta demonyckel (ingen hemlighet).")
        return
    path = integrity.key_path(cfg.kommun.kommunkod)
    if integrity.kommun_key(cfg) is None:
        echo(f"Ingen nyckel finns ({path}). Mallarna får ingen integritetstoken och valideringen kan inte se "
             "om metadata har ändrats. Skapa en med: xltools nyckel skapa")
        raise SystemExit(1)
    echo(f"Nyckeln finns: {path}")
