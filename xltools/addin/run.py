"""The Validera button: the caller's workbook -> the CLI's rules -> marks, Kontroll sheet, a message box.

``main()`` is what xltools.xlam runs (``import xltools; xltools.main()``); everything testable
is in ``run(book, config)``, which takes an xlwings Book (live Excel or the remote engine) or
any WorkbookPort.

Where the kommun's configuration is found (first hit wins):
1. the environment variable XLTOOLS_CONFIG (a folder with the YAML files);
2. the key XLTOOLS_CONFIG in the add-in's user file ``%USERPROFILE%\\.myaddin\\myaddin.conf``
   (written by ``xltools addin install --config DIR``; the VBA ignores keys it does not know);
3. the example configuration next to the package (synthetic data), with a visible warning.
Hand-in goes to ``planering.inkorg`` (relative to the configuration folder unless absolute).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xltools.addin.install import read_user_config
from xltools.addin.marks import Applied, apply_findings
from xltools.config import Config, load_config
from xltools.errors import XltoolsError
from xltools.excel.grid_from import grid_from_port
from xltools.excel.port import WorkbookPort, XlwingsPort
from xltools.findings import Finding
from xltools.forms import FORMS
from xltools.inkorg.place import inkorg_folder
from xltools.validate import check_grid

TITLE = "xltools – Validera"
CONFIG_ENV = "XLTOOLS_CONFIG"
CONFIG_KEY = "XLTOOLS_CONFIG"
NO_BOOK = ("Validera hittar ingen arbetsbok att kontrollera. Öppna nämndens arbetsbok, klicka i den "
           "(välj Aktivera redigering om Skyddad vy visas) och klicka på Validera igen.")


@dataclass
class RunResult:
    status: str  # "ingen_mall", "fel", "godkand" or "inlamnad"
    errors: int
    warnings: int
    message: str  # the text of the last message box
    findings: list[Finding] = field(default_factory=list)
    applied: Applied | None = None
    handed_in: Path | None = None


# ---------------------------------------------------------------- configuration
def user_config_files(env: Mapping[str, str] | None = None) -> list[Path]:
    """The add-in's user config files that may hold XLTOOLS_CONFIG (Windows, then Mac, then ~)."""
    env = os.environ if env is None else env
    out: list[Path] = []
    if env.get("USERPROFILE"):
        out.append(Path(env["USERPROFILE"]) / ".myaddin" / "myaddin.conf")
    if env.get("HOME"):
        home = Path(env["HOME"])
        out += [home / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "myaddin.conf",
                home / ".myaddin" / "myaddin.conf"]
    return out


def bundled_example() -> Path | None:
    """The example configuration (synthetic Mora data) shipped beside the package, if present."""
    folder = Path(__file__).resolve().parents[2] / "config"
    return folder if (folder / "kommun.yaml").is_file() else None


def config_location(env: Mapping[str, str] | None = None) -> tuple[Path, str | None]:
    """(folder, warning): the kommun's configuration folder, or the example with a warning."""
    env = os.environ if env is None else env
    if env.get(CONFIG_ENV, "").strip():
        return Path(os.path.expandvars(env[CONFIG_ENV].strip())), None
    for conf in user_config_files(env):
        values = {k.upper(): v for k, v in read_user_config(conf).items()}
        if values.get(CONFIG_KEY, "").strip():
            return Path(os.path.expandvars(values[CONFIG_KEY].strip())), None
    example = bundled_example()
    if example is None:
        raise XltoolsError(
            f"Kommunens konfiguration är inte angiven. IT anger mappen i miljövariabeln {CONFIG_ENV} "
            "eller med `xltools addin install --config MAPP`."
        )
    return example, (
        "Obs: kommunens konfiguration är inte angiven, så exempelkonfigurationen (syntetiska exempeldata) "
        f"används. Resultatet gäller inte kommunens egna regler. IT anger mappen i {CONFIG_ENV} eller med "
        "`xltools addin install --config MAPP`."
    )


def load_addin_config(env: Mapping[str, str] | None = None) -> tuple[Config, Path, str | None]:
    """(config, its folder, warning or None); a broken configuration -> XltoolsError in Swedish."""
    folder, warning = config_location(env)
    config, errors = load_config(folder)
    if config is None:
        shown = "\n".join(f"• {e}" for e in errors[:5]) + (f"\n… och {len(errors) - 5} till" if len(errors) > 5 else "")
        raise XltoolsError(f"Kommunens konfiguration i {folder} kunde inte läsas:\n{shown}\nKontakta ekonomienheten.")
    return config, folder, warning


def inbox_for(config: Config, config_dir: Path) -> Path | None:
    """planering.inkorg as a folder: absolute as given, otherwise relative to the configuration folder."""
    return inkorg_folder(config, config_dir)


# ---------------------------------------------------------------- the run
def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def run(book: Any, config: Config, *, inbox: Path | None = None, notice: str | None = None) -> RunResult:
    """Validate the workbook with the CLI's rules, mark it, tell the user; offer hand-in when there is no fel."""
    port: WorkbookPort = book if isinstance(book, WorkbookPort) else XlwingsPort(book)
    prefix = f"{notice}\n\n" if notice else ""
    checked = check_grid(grid_from_port(port), port.name, config)
    report, doc = checked.report, checked.document
    findings = list(report.findings)
    if doc is None and any(f.rule == "STR-1" for f in findings):
        text = next(f.message for f in findings if f.rule == "STR-1")
        text = f"{prefix}{text}\n\nValidera kontrollerar bara kommunens mallar; arbetsboken har inte ändrats."
        port.alert(TITLE, text, "ok", "critical")
        return RunResult("ingen_mall", report.errors, report.warnings, text, findings)
    applied = apply_findings(port, findings, notices=[notice] if notice else [])
    errors, warnings = report.errors, report.warnings
    if errors:
        text = f"{prefix}{_count(errors, 'fel', 'fel')} och {_count(warnings, 'varning', 'varningar')} – se bladet Kontroll."
        port.alert(TITLE, text, "ok", "critical")
        return RunResult("fel", errors, warnings, text, findings, applied)
    text = prefix + "Inga fel hittades." + (
        f" {_count(warnings, 'varning', 'varningar')} – se bladet Kontroll." if warnings else "")
    result = RunResult("godkand", errors, warnings, text, findings, applied)
    if doc is None or inbox is None:
        result.message = text + "\n\nInlämning via Validera är inte inställd (planering.inkorg); lämna in " \
            "arbetsboken som ekonomienheten anvisat."
        port.alert(TITLE, result.message)
        return result
    if not inbox.is_dir():
        result.message = text + f"\n\nInlämning går inte just nu: mappen {inbox} finns inte eller går inte att nå. " \
            "Kontakta ekonomienheten."
        port.alert(TITLE, result.message)
        return result
    # imported here: xltools.templates pulls in the template writer (openpyxl), needed only now
    from xltools.templates import template_name

    name = template_name(FORMS[doc.doc_type], doc.namnd, doc.year, doc.meta.period)
    question = (f"{text}\n\nVill du lämna in arbetsboken till ekonomienheten nu? Den tas emot som {name} i "
                f"inkorgen {inbox}.")
    if port.alert(TITLE, question, "yes_no") != "yes":
        result.message = question
        return result
    try:
        got, stored = _hand_in(port, name, config, inbox)
    except (OSError, XltoolsError) as exc:
        result.message = f"Arbetsboken kunde inte lämnas in till {inbox}: {exc}. Försök igen eller kontakta ekonomienheten."
        port.alert(TITLE, result.message, "ok", "critical")
        return result
    result.status, result.handed_in = "inlamnad", stored
    if not got.new:
        result.message = f"Arbetsboken var redan inlämnad: inlämning {got.id} ({got.state})."
    elif got.state == "mottagen":
        result.message = (f"Arbetsboken är inlämnad som {name} (inlämning {got.id}). Den väntar: versionen som "
                          "gäller är låst, och ekonomienheten avgör om den nya ska ersätta den.")
    elif got.state == "ej godkänd":
        result.message = (f"Arbetsboken togs emot som {name} (inlämning {got.id}) men ekonomienhetens kontroll fann "
                          f"{_count(got.errors, 'fel', 'fel')}. Kontakta ekonomienheten.")
    else:
        result.message = f"Arbetsboken är inlämnad som {name} (inlämning {got.id}, {got.state})."
    port.alert(TITLE, result.message)
    return result


def _hand_in(port: WorkbookPort, name: str, config: Config, inbox: Path) -> tuple[Any, Path]:
    """A copy of the workbook received into the inkorg by the same code as `xltools inkorg ta-emot`.

    The database libraries are imported here, when the user has said yes, never on the click."""
    import tempfile

    from xltools.inkorg.place import ledger_db
    from xltools.inkorg.receive import Inkorg
    from xltools.inkorg.sources import Item

    with tempfile.TemporaryDirectory(prefix="xltools-inlamning-") as tmp:
        copy = Path(tmp) / name
        port.save_copy(copy)
        data = copy.read_bytes()
    with Inkorg(inbox, ledger_db()) as ik:
        got = ik.receive_items([Item(data, name, "tillagg", port.name)], config)[0]
        return got, ik.archive.path(ik.ledger.entry(got.id).archive_path)


# ---------------------------------------------------------------- the button
def main() -> None:
    """Entry point of the Validera button; every problem ends in a Swedish message, never a traceback."""
    try:
        import xlwings as xw

        book = xw.Book.caller()
    except Exception as exc:
        _fallback(f"{NO_BOOK}\n({exc.__class__.__name__})")
        return
    try:
        port = XlwingsPort(book)
    except Exception as exc:
        _fallback(f"{NO_BOOK}\n({exc.__class__.__name__})")
        return
    try:
        config, config_dir, notice = load_addin_config()
        run(port, config, inbox=inbox_for(config, config_dir), notice=notice)
    except XltoolsError as exc:
        _tell(port, str(exc))
    except Exception as exc:
        _tell(port, f"Kontrollen kunde inte slutföras ({exc.__class__.__name__}: {exc}). "
                    "Kontakta ekonomienheten och berätta vad som hände.")


def _tell(port: WorkbookPort, text: str) -> None:
    try:
        port.alert(TITLE, text, "ok", "critical")
    except Exception:
        _fallback(text)


def _fallback(text: str) -> None:
    """A message box from the running Excel if there is one; otherwise stderr and exit code 1 (the VBA shows it)."""
    try:
        import xlwings as xw

        app = xw.apps.active
        if app is not None and app.engine.name == "excel":
            app.alert(text, title=TITLE, mode="critical")
            return
    except Exception:
        pass
    sys.stderr.write(f"{TITLE}: {text}\n")
    raise SystemExit(1)
