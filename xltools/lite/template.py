"""Templates that carry Validera: the check `templates generate` hands to write_template.

For each template it bundles the configuration its document needs (xltools.lite.bundle), writes
main.py and requirements.txt (xltools.lite.script) and adds them as the xlwings Lite parts
(xltools.lite.parts) after openpyxl. Lite's workbook id is derived from kommun, document, nämnd,
year and period, so a template written again from the same input is byte for byte the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from xltools.config import Config
from xltools.errors import XltoolsError
from xltools.forms import FORMS
from xltools.forms.period import parse_period, report_title
from xltools.lite.bundle import bundle_for
from xltools.lite.parts import LiteCode, add_parts, workbook_id
from xltools.lite.script import main_py, requirements_txt
from xltools.metadata import Meta

# "Så kontrollerar du arbetsboken" on the Anvisningar sheet of a template that carries Validera.
CHECK_TEXT = (  # one line each fits the page
    "• I Excel: klicka på Validera i fönstret xlwings Lite till höger. Ingen Python behövs.",
    "• Första gången: lägg till tillägget xlwings Lite (Start → Tillägg, sök på xlwings)",
    "  och svara ja när xlwings Lite frågar om arbetsboken ska vara betrodd.",
    "• Fel markeras i sina celler och listas på bladet Kontroll.",
    "• Har datorn tillägget xltools.xlam går det också: fliken Kommunbudget → Validera.",
    "• Ekonomienheten kör samma kontroll: xltools validate <fil>.",
    "• Validera lämnar inte in arbetsboken: spara den och lämna in den som anvisats.",
)
NO_URL = ("Lite-delarna kan inte skrivas: adressen där IT lägger xltools-paketet för xlwings Lite saknas "
          "(planering.lite_paket i planering.yaml, se docs/excel.md). Ange den, eller skriv mallarna med --utan-lite.")


def template_title(meta: Meta) -> str:
    """'Driftbudget (internbudget) 2027 – Barn- och utbildningsnämnden', 'Delårsrapport januari–augusti 2026 – …'."""
    form = FORMS[meta.document]
    period = parse_period(meta.period) if meta.period != str(meta.year) else None
    title = report_title(meta.document, period) if form.followup is not None and period else f"{form.title} {meta.year}"
    return f"{title} – {meta.namnd_namn}"


def lite_code(meta: Meta, config: Config, package_url: str) -> LiteCode:
    """What Lite stores in one template."""
    bundle = bundle_for(config, meta.document, meta.namnd, meta.year, meta.period)
    main = main_py(bundle, template_title(meta), config.kommun.namn, config.kommun.exempeldata)
    ident = workbook_id("/".join((meta.kommunkod, meta.document, meta.namnd, str(meta.year), meta.period,
                                  *((meta.org_enhet,) if meta.org_enhet else ()))))  # a unit's plan: its own workbook
    return LiteCode(main_py=main, requirements=requirements_txt(package_url), workbook_id=ident)


@dataclass(frozen=True)
class LiteCheck:
    """How a template is checked in xlwings Lite (write_template's TemplateCheck; picklable, for workers):
    its Anvisningar text, formatting allowed on its protected sheets (Lite cannot lift a protection,
    and the marks are fills), and the Lite parts for the template's document."""

    package_url: str
    instructions: tuple[str, ...] = CHECK_TEXT
    format_cells: bool = True

    def __call__(self, parts: dict[str, bytes], meta: Meta, config: Config) -> None:
        add_parts(parts, lite_code(meta, config, self.package_url))


def lite_check(config: Config) -> LiteCheck:
    """The Lite check for this configuration; XltoolsError (Swedish) when the package address is not set."""
    url = (config.planering.lite_paket or "").strip()
    if not url:
        raise XltoolsError(NO_URL)
    return LiteCheck(url)
