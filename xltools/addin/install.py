"""Install xltools.xlam for the current Windows user; elsewhere only explain what to do.

On Windows the add-in is copied into the user's XLSTART folder (Excel opens it at start) and the
given settings go to the add-in's user config file ``%USERPROFILE%\\.myaddin\\myaddin.conf``,
written as VBA ``Write #`` lines (``"INTERPRETER_WIN","C:\\...\\python.exe"``), the format the
add-in's ``GetConfigFromFile`` reads. The add-in's own ``myaddin.conf`` sheet is read before that
file, so a key set there wins; the message says so.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from xltools.addin.build import ADDIN_NAME, read_addin_config
from xltools.atomic import atomic_file
from xltools.errors import XltoolsError

_LINE = re.compile(r'^"([^"]*)","([^"]*)"$')


def install_addin(
    xlam: str | os.PathLike[str],
    config_values: Mapping[str, str] | None = None,
    *,
    platform: str | None = None,
    env: Mapping[str, str] | None = None,
) -> str:
    """Install on Windows, otherwise return instructions; the result is a Swedish message."""
    xlam = Path(xlam)
    values = {k.upper(): v for k, v in (config_values or {}).items()}
    if (platform or sys.platform) != "win32":
        return instructions(xlam, values)
    _check_addin(xlam)
    env = os.environ if env is None else env
    target = _copy_to_xlstart(xlam, Path(_env(env, "APPDATA")) / "Microsoft" / "Excel" / "XLSTART")
    lines = [f"Tillägget kopierades till {target}. Det öppnas nästa gång Excel startas."]
    if values:
        conf = Path(_env(env, "USERPROFILE")) / ".myaddin" / "myaddin.conf"
        write_user_config(conf, values)
        lines.append(f"Inställningarna {', '.join(sorted(values))} skrevs till {conf}.")
        lines += _shadowed(xlam, values)
    return "\n".join(lines)


def instructions(xlam: Path, values: Mapping[str, str]) -> str:
    """What to do by hand where this function cannot install (Linux, macOS)."""
    settings = "".join(f'\n      "{k}","{v}"' for k, v in sorted(values.items()))
    conf_step = (
        "3. Skriv inställningarna i %USERPROFILE%\\.myaddin\\myaddin.conf, en rad per inställning:"
        f"{settings}\n      (inga tomma rader i slutet av filen)."
        if values
        else "3. Ingen användarinställning behövs; tillägget har sina inställningar i bladet myaddin.conf."
    )
    shadowed = _shadowed(xlam, values) if values and xlam.is_file() else []
    return "\n".join(
        [
            "Ingenting installerades: tillägget kan bara installeras automatiskt i Excel för Windows.",
            "Gör så här på användarens Windows-dator:",
            f"1. Kopiera {xlam.name} (från {xlam.parent}) till %APPDATA%\\Microsoft\\Excel\\XLSTART",
            f"   utan att byta namn – filen måste heta {ADDIN_NAME}.",
            "2. Starta om Excel; fliken Kommunbudget med knappen Validera ska synas.",
            conf_step,
            "På Mac: kopiera tillägget till Excels startmapp (~/Library/Group Containers/"
            "UBF8T346G9.Office/User Content/Startup/Excel), kör `xlwings runpython install`",
            "och bygg tillägget med sökvägen till Python i Interpreter_Mac. Se docs/excel.md.",
            *shadowed,
        ]
    )


def write_user_config(conf: Path, values: Mapping[str, str]) -> None:
    """Merge ``values`` into the VBA config file (other keys are kept), atomically."""
    entries = {k.upper(): v for k, v in read_user_config(conf).items()}
    for key, value in values.items():
        if '"' in key + value or any(ord(ch) < 32 for ch in key + value):
            raise XltoolsError(
                f"Inställningen {key} får inte innehålla citattecken eller radbrytningar."
            )
        entries[key.upper()] = value
    text = "".join(f'"{k}","{v}"\r\n' for k, v in entries.items())  # as VBA Write # writes it
    data = text.encode(_ansi_encoding())
    with atomic_file(conf) as tmp:
        tmp.write_bytes(data)


def read_user_config(conf: Path) -> dict[str, str]:
    """The ``"KEY","VALUE"`` lines of an existing config file; other lines are ignored."""
    if not conf.is_file():
        return {}
    text = conf.read_bytes().decode(_ansi_encoding(), errors="replace")
    return {m[1]: m[2] for line in text.splitlines() if (m := _LINE.match(line.strip()))}


def _ansi_encoding() -> str:
    """VBA file I/O uses the Windows ANSI code page (cp1252 on Swedish Windows)."""
    return "mbcs" if sys.platform == "win32" else "cp1252"


def _env(env: Mapping[str, str], name: str) -> str:
    value = env.get(name)
    if not value:
        raise XltoolsError(f"Miljövariabeln {name} saknas; kan inte hitta användarens mappar.")
    return value


def _check_addin(xlam: Path) -> None:
    if not xlam.is_file():
        raise XltoolsError(f"Tillägget {xlam} finns inte. Bygg det med `xltools addin build`.")
    if xlam.name != ADDIN_NAME:
        raise XltoolsError(
            f"Tillägget måste heta {ADDIN_NAME} (knappen kör `import xltools`), inte {xlam.name}."
        )


def _copy_to_xlstart(xlam: Path, xlstart: Path) -> Path:
    """Copy via a temp file beside XLSTART (Excel opens every file inside XLSTART)."""
    xlstart.mkdir(parents=True, exist_ok=True)
    target = xlstart / ADDIN_NAME
    fd, tmp = tempfile.mkstemp(prefix=".xltools-", suffix=".tmp", dir=xlstart.parent)
    os.close(fd)
    try:
        shutil.copyfile(xlam, tmp)
        os.replace(tmp, target)
    except PermissionError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise XltoolsError(f"Kan inte skriva {target}: stäng Excel och försök igen.") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _shadowed(xlam: Path, values: Mapping[str, str]) -> list[str]:
    """Warn about keys the add-in's own sheet sets: the VBA reads the sheet before the file."""
    sheet = read_addin_config(xlam)
    keys = sorted(k for k in values if k in sheet)
    if not keys:
        return []
    return [
        f"Obs: {', '.join(keys)} finns redan i tilläggets blad myaddin.conf och det värdet gäller; "
        "värdet i användarfilen används inte. Bygg om tillägget med rätt värde i stället."
    ]
