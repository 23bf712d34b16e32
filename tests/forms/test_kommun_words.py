"""Issue 12 part 7: every kommun-specific word in templates and messages comes from the config.

A second kommun is made from the example config by replacing its words (the kommun's name, the strategi, the
lokal-owning nämnd and its förvaltning). Every template the project writes for it is read back with openpyxl
(every cell and sheet name) and every message of validating them is read: none of the first kommun's words.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import CONFIG_DIR
from openpyxl import load_workbook
from support.uppfoljning import KIND_MONTH

from xltools.config import Config, load_config
from xltools.excel.write import write_template
from xltools.forms import FORMS
from xltools.forms.words import kommun_text
from xltools.validate import validate_paths

FIRST = re.compile(r"mora|tekniska (nämnd|förvaltning)", re.IGNORECASE)  # "tekniska anläggningar" is RKR's
WORDS = {"Tekniska nämnden": "Samhällsbyggnadsnämnden", "Tekniska förvaltningen": "Samhällsbyggnadsförvaltningen",
         "tekniska nämnden": "samhällsbyggnadsnämnden", "tekniska förvaltningen": "samhällsbyggnadsförvaltningen",
         "Mora": "Exempelby", "mora": "exempelby", "MORA": "EXEMPELBY"}


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> Config:
    folder = Path(shutil.copytree(CONFIG_DIR, tmp_path_factory.mktemp("andra") / "config"))
    for f in folder.glob("*.yaml"):
        text = f.read_text(encoding="utf-8")
        for old, new in WORDS.items():
            text = text.replace(old, new)
        f.write_text(text, encoding="utf-8")
    assert not FIRST.search("".join(f.read_text(encoding="utf-8") for f in folder.glob("*.yaml")))
    cfg, errors = load_config(folder)
    assert cfg is not None and not errors, errors
    assert cfg.malkedja.strategi == "Strategi Hållbara Exempelby"
    return cfg


def _templates(cfg: Config, folder: Path) -> list[Path]:
    out = []
    owner = cfg.lokalagare()
    assert owner is not None
    for namnd in (owner.id, "fgn"):
        for doc_type, form in FORMS.items():
            if doc_type in KIND_MONTH:
                year = cfg.planering.uppfoljningsar
                period = f"{year}-{KIND_MONTH[doc_type]:02d}"
            else:
                year, period = cfg.planering.budgetar, None
            out.append(write_template(form, cfg, namnd, year, folder / f"{doc_type}-{namnd}.xlsx", period=period))
    return out


def test_no_first_kommun_word_in_the_second_kommuns_templates_or_messages(second: Config, tmp_path: Path) -> None:
    paths = _templates(second, tmp_path)
    assert len(paths) == 2 * len(FORMS)
    seen: list[str] = []
    for path in paths:
        wb = load_workbook(path)
        for ws in wb.worksheets:
            assert not FIRST.search(ws.title), (path.name, ws.title)
            for row in ws.iter_rows(values_only=True):
                for v in row:
                    if isinstance(v, str) and FIRST.search(v):
                        seen.append(f"{path.name} {ws.title}: {v}")
    assert not seen, seen[:10]
    assert any("Strategi Hållbara Exempelby" in str(c.value) for p in paths if p.name.startswith("verksamhetsberattelse")
               for ws in load_workbook(p).worksheets for r in ws.iter_rows() for c in r)  # the config's strategi
    report, _ = validate_paths(paths, second)
    messages = [f.message for fr in report.files for f in fr.findings]
    assert messages  # empty templates: plenty to say
    assert not [m for m in messages if FIRST.search(m)], [m for m in messages if FIRST.search(m)][:5]


def test_inv2_names_the_second_kommuns_lokal_owner(second: Config, tmp_path: Path) -> None:
    kat = next(k for k in second.ekonomi.investeringskategorier if k.lokal)
    konto = next(k.kod for k in second.kontoplan.konton if k.klass.value == "investering")
    path = write_template(FORMS["investeringsplan"], second, "fgn", second.planering.budgetar, tmp_path / "i.xlsx",
                          values={"rows": {"projekt": [{"projekt_id": "P1", "namn": "Ny skola", "konto": konto,
                                                       "kategori": kat.id, "lokal": "ja"}]}})
    report, _ = validate_paths([path], second)
    inv2 = [f.message for fr in report.files for f in fr.findings if f.rule == "INV-2"]
    assert inv2 and "Samhällsbyggnadsnämnden" in inv2[0] and not FIRST.search(inv2[0]), inv2
    ws = load_workbook(path)["Anvisningar"]
    shown = " ".join(str(c.value) for r in ws.iter_rows() for c in r if c.value)
    assert "samhällsbyggnadsnämndens investeringsplan" in shown


def test_kommun_text_fills_the_placeholders_from_the_config(config: Config, second: Config) -> None:
    text = "Arbetet med {strategi}; lokaler hos {lokalagare}."
    assert kommun_text(text, config) == "Arbetet med Strategi Hållbara Mora; lokaler hos tekniska nämnden."
    assert kommun_text(text, second) == "Arbetet med Strategi Hållbara Exempelby; lokaler hos samhällsbyggnadsnämnden."
    assert kommun_text("Utan platshållare {x}", config) == "Utan platshållare {x}"
    no_owner = config.replace(organisation=config.organisation.replace(
        namnder=[n.replace(lokalagare=False) for n in config.organisation.namnder]))
    assert kommun_text("{lokalagare}", no_owner) == "den lokalägande nämnden"
