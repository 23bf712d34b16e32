"""The code a Lite template carries: main.py with the Validera script, and requirements.txt.

main.py is short and readable (App Mode shows its docstrings as the task pane's text); the
configuration bundle is one JSON string at its end. requirements.txt pins xlwings to the version
the check is tested with (tests/pyodide/wheels.txt pins the same) and installs xltools from the
kommun's web server (`xltools addin lite-paket`); the other lines are what xlwings Lite itself
lists as required in every workbook it saves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import xltools
from xltools.lite.bundle import bundle_json
from xltools.lite.wheel import wheel_name

XLWINGS_PIN = "xlwings==0.37.8"  # the remote engine XlwingsPort is tested on (pyproject.toml pins the same)
LITE_REQUIRED = ("python-dotenv", "pyodide-http", "black")  # listed "# required" by xlwings Lite itself
SCRIPT_NAME = "Validera"


def main_py(bundle: Mapping[str, Any], title: str, kommun: str, exempeldata: str | None = None) -> str:
    """main.py of one template: the Validera script and the template's configuration bundle."""
    note = f"\n*{exempeldata.capitalize()} – inte verkliga siffror.*\n" if exempeldata else ""
    due = bundle.get("lamnas_senast")
    deadline = f"\nLämnas till ekonomienheten senast **{due}**.\n" if due else ""
    return f'''"""
# {title}

{kommun}. Klicka på **{SCRIPT_NAME}** för att kontrollera arbetsboken mot kommunens regler.
Fel och varningar markeras i sina celler och listas på bladet **Kontroll**.
{deadline}
När inga fel finns: spara arbetsboken och lämna in den som anvisningarna säger.
{note}
*Skapad av xltools {xltools.__version__}. Ändra inte koden: ekonomienheten skapar nya mallar.*
"""

import xlwings as xw
from xlwings import script

from xltools.lite.entry import validera


@script(name="{SCRIPT_NAME}")
def validera_arbetsboken(book: xw.Book):
    """Kontrollerar arbetsboken och markerar fel och varningar."""
    validera(book, KONFIGURATION)


# Kommunens regler för just den här mallen (bara det dokumentet behöver; skapat av xltools).
KONFIGURATION = {bundle_json(bundle)!r}
'''


def requirements_txt(package_url: str) -> str:
    """requirements.txt: xlwings pinned, Lite's own requirements, and the kommun's xltools wheel."""
    base = package_url if package_url.endswith("/") else package_url + "/"
    lines = [f"{XLWINGS_PIN}  # required", *(f"{name}  # required" for name in LITE_REQUIRED), base + wheel_name()]
    return "\n".join(lines) + "\n"
