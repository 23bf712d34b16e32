"""Acceptance tests: standardised Excel templates for every planning document.

Templates are written by the project (write_template), filled the way a user would
(tests/support/fill.py: unlocked input cells only, dropdown texts, rows inside the
pre-sized table), read back by the real reader, recalculated by LibreOffice, and checked
as saved (protection, validations, lists, print setup, metadata, Anvisningar).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from support.fill import dropdown_items, fill_template
from support.libreoffice import recalc

from xltools import __version__
from xltools.cells import col_letter
from xltools.cli import cli
from xltools.config import Config
from xltools.document import Document
from xltools.examples.planering import example_values
from xltools.excel.grid import CellGrid
from xltools.excel.read import read_file
from xltools.excel.write import write_template
from xltools.findings import Severity
from xltools.forms import FORMS, PLANNING
from xltools.forms.layout import NUMERIC, ColType, Form, Prefill, Table
from xltools.forms.lists import list_items
from xltools.forms.sizing import sized
from xltools.forms.status import INSTRUCTIONS_SHEET, STATUS_FIELDS, UTKAST
from xltools.reading import read_document

CONFIG_DIR = Path(__file__).resolve().parents[1] / "config"
YEAR = 2027
DOCS = sorted(f.doc_type for f in PLANNING)  # the planning documents; follow-ups have their own templates
GENERATED = dt.datetime(2026, 3, 2, 8, 30)
Values = dict[str, Any]


# ---------------------------------------------------------------- what a user types, per document
@dataclass
class Case:
    """Values a user enters (list values as ids; the fill types their shown text)."""

    doc: str
    namnd: str
    fields: Values = field(default_factory=dict)
    rows: dict[str, list[Values]] = field(default_factory=dict)
    update: dict[str, dict[int, Values]] = field(default_factory=dict)  # completes pre-filled rows
    example: bool = False  # taken from the document's example submission (no hand-made case)


def _cases(config: Config) -> dict[str, Case]:
    lang = ("Lång text " + "med åäö och \"citat\" och 'apostrofer' " * 30).strip()
    ik = config.arshjul.obligatoriska_kontrollmoment
    cases = {c.doc: c for c in (
        Case("namndplan", "fgn", rows={
            "mal": [
                {"mal_id": "NM1", "typ": "namndmal", "text": "Fler elever ska läsa på fritiden – \"läsfrämjande\"",
                 "strategiskt_mal": "SM3"},
                {"mal_id": "NM2", "typ": "namndmal", "text": lang, "strategiskt_mal": "SM9"},
            ],
            "matt": [
                {"mal_id": "NM1", "matt": "Utlånade böcker per elev", "enhet": "st", "malvarde_1": 12,
                 "malvarde_2": 13, "malvarde_3": 14.5, "riktning": "hogre"},
            ],
        }, update={  # the riktade mål's mått are pre-filled from malkedja.yaml: the nämnd types their figures
            "matt": {0: {"utgangsvarde": 84.5, "malvarde_1": 86, "malvarde_2": 87.25, "malvarde_3": 88},
                     1: {"utgangsvarde": 11, "malvarde_1": 10, "malvarde_2": 9, "malvarde_3": 8}},
        }),
        Case("verksamhetsplan", "fgn", rows={
            "aktiviteter": [
                {"aktivitet_id": "A1", "aktivitet": "Läsfrämjande insatser i åk 4–6", "mal_id": "NM1",
                 "enhet": "Skolenhet Öst", "ansvarig": "Åsa Öberg", "start": dt.date(2026, 12, 1),
                 "klart": dt.date(2027, 6, 15), "status": "ej_paborjad"},
                {"aktivitet_id": "A2", "aktivitet": "Trygghetsvandringar", "mal_id": "RM2",
                 "ansvarig": "Rektor", "klart": dt.date(2027, 12, 31), "status": "pagar"},
            ],
        }),
        Case("investeringsplan", "tn", rows={
            "projekt": [
                {"projekt_id": "P1", "namn": "Ny förskola Noret", "kategori": "verksamhetslokaler",
                 "lokal": "ja", "konto": "11", "start": 2027, "aktivering": 2029, "utgift_1": 12000,
                 "utgift_2": 38000.5, "utgift_3": 25000, "utgift_senare": 0},
                {"projekt_id": "P2", "namn": "Servrar och nätverk", "kategori": "skolor_forskolor",
                 "lokal": "nej", "konto": "12", "start": 2027, "aktivering": 2027, "utgift_1": 1800,
                 "utgift_3": 950},
            ],
            "kalkyl": [
                {"projekt_id": "P1", "belopp": 75000.5, "avskrivningstid": 33, "ovriga_driftkostnader": 1450},
                {"projekt_id": "P2", "belopp": 2750, "avskrivningstid": 2},  # shorter than the three years shown
            ],
            "inkop": [
                {"upphandling": "Totalentreprenad förskola", "projekt_id": "P1", "beskrivning": "Bygg & mark",
                 "varde": 75000, "form": "oppet", "start": dt.date(2027, 2, 1), "ansvarig": "Lokalstrateg"},
                {"upphandling": "Städtjänster", "varde": 3200.75, "form": "avrop"},
            ],
        }),
        Case("internhyror", "tn", rows={
            "hyror": [
                {"objekt_id": "L101", "objekt": "Noretskolan", "hyresgast": "fgn", "yta": 5230.5,
                 "hyra_m2": 1185.25, "kommentar": "Inkl. gymnastiksal"},
                {"objekt_id": "L102", "objekt": "Äldreboendet Åsen", "hyresgast": "sn", "yta": 3100,
                 "hyra_m2": 1420},
            ],
            "tjanster": [
                {"tjanst_id": "T1", "tjanst": "Vaktmästeri", "kopare": "kfn", "enhet": "timme", "pris": 495.5,
                 "antal": 1200},
            ],
            "service": [
                {"tjanst": "Flyttjänst", "beskrivning": "Flytt av möbler inom kommunen", "enhet": "timme",
                 "pris": 650},
            ],
        }),
        Case("taxor", "kfn", rows={
            "taxor": [
                {"taxa_id": "T1", "taxa": "Entré simhall, vuxen", "verksamhet": "315", "enhet": "besök",
                 "nuvarande": 80, "foreslaget": 90, "motivering": "Kostnadsutveckling", "lagrum": "KF 2024-06-17 § 88"},
                {"taxa_id": "T2", "taxa": "Hyra idrottshall, förening", "verksamhet": "315", "enhet": "timme",
                 "nuvarande": 250.5, "foreslaget": 250.5, "lagrum": "KF 2024-06-17 § 88"},
                {"taxa_id": "T3", "taxa": "Ny avgift: bokning av padelbana", "verksamhet": "315",
                 "enhet": "timme", "foreslaget": 120, "motivering": "Ny verksamhet", "lagrum": "Förslag"},
            ],
        }),
        Case("driftbudget", "sn", fields={"kommentar": "Budgeten förutsätter 2 % färre placeringar; \"HVB\" minskar."},
             rows={"drift": [
                 {"verksamhet": "500", "konto": "50", "beskrivning": "Löner hemtjänst", "kostnader_1": 180000,
                  "kostnader_2": 185000.5, "kostnader_3": 190000},
                 {"verksamhet": "500", "konto": "31", "beskrivning": "Avgifter", "intakter_1": 12000,
                  "intakter_2": 12500, "intakter_3": 13000},
                 {"verksamhet": "540", "konto": "6011", "motpart": "tn", "beskrivning": "Internhyra",
                  "kostnader_1": 4406.1, "kostnader_2": 4500, "kostnader_3": 4600},
             ]}),
        Case("internkontrollplan", "ks",
             update={"kontroller": {i: {"sannolikhet": 1 + i % 4, "konsekvens": 4 - i % 4, "ansvarig": f"Chef {i}"}
                                    for i in range(len(ik))}},
             rows={"kontroller": [
                 {"kontroll_id": "EGEN1", "omrade": "Upphandling", "risk": "Köp utan avtal", "sannolikhet": 3,
                  "konsekvens": 3, "kontrollmoment": "Avtalstrohet", "metod": "Stickprov 20 fakturor",
                  "frekvens": "Kvartal", "ansvarig": "Ekonomichef", "obligatorisk": "nej"},
             ]}),
    )}
    cases["bolagsplan"] = _bolagsplan_case(config)
    for form in PLANNING:  # a document without a hand-made case: its example submission, as a user typed it
        if form.doc_type not in cases:
            ex = example_values(config, form.doc_type, "fgn")
            cases[form.doc_type] = Case(form.doc_type, "fgn", fields=ex.get("fields", {}), rows=ex.get("rows", {}),
                                        example=True)
    return cases


def _bolagsplan_case(config: Config) -> Case:
    """The kommunstyrelse completes each pre-filled row (bolag and year, mål, kontrollmoment) and adds investeringar."""
    pre = _prefilled("bolagsplan", config, "ks")
    keys = {"resultat": ("bolag", "ar"), "balans": ("bolag", "ar"), "borgen": ("bolag", "ar"),
            "mal": ("bolag", "mal_id"), "intern_kontroll": ("bolag", "kontroll_id")}
    update: dict[str, dict[int, Values]] = {}
    for i in range(len(pre["resultat"])):
        base = 1000 * (i + 1)
        update.setdefault("resultat", {})[i] = {"intakter": base * 10, "kostnader": base * 7, "avskrivningar": base,
                                                "finansnetto": -base / 2}
        update.setdefault("balans", {})[i] = {"anlaggningstillgangar": base * 20, "omsattningstillgangar": base * 2,
                                              "eget_kapital": base * 5, "avsattningar": 100.5,
                                              "langfristiga_skulder": base * 15 - 100.5, "kortfristiga_skulder": base * 2}
        update.setdefault("borgen", {})[i] = {"borgen": base * 3, "ovriga_lan": 250}
    for i, r in enumerate(pre["mal"]):
        update.setdefault("mal", {})[i] = {"matt": f"Mått {r['mal_id']}", "enhet": "procent", "malvarde_1": 1.5,
                                           "malvarde_2": 2, "malvarde_3": 2.5, "kommentar": "Enligt ägardirektivet"}
    for i, _ in enumerate(pre["intern_kontroll"]):
        update.setdefault("intern_kontroll", {})[i] = {"ansvarig": f"VD {i}"}
    assert set(keys) == set(update)
    return Case("bolagsplan", "ks", update=update, rows={"investeringar": [
        {"bolag": "morastrand", "projekt": "Nyproduktion 30 lägenheter", "utgift_1": 42000, "utgift_2": 38000.5},
        {"bolag": "nodava", "projekt": "Fordon", "utgift_3": 2000}]})


def _shown(config: Config, namnd: str, source: str | None, value: Any) -> Any:
    """The dropdown text a user picks for an id (values of non-list cells unchanged)."""
    if source is None or source.startswith("table:"):
        return value
    texts = dict(list_items(source, config, namnd))
    return texts[value]


def _typed(form: Form, config: Config, case: Case) -> dict[str, Any]:
    def row(t: Table, values: Values) -> Values:
        return {k: _shown(config, case.namnd, t.column(k).source, v) for k, v in values.items()}

    specs = {f.key: f for f in STATUS_FIELDS} | {f.key: f for _, f in form.field_specs()}
    return {
        "fields": {k: _shown(config, case.namnd, specs[k].source, v) for k, v in case.fields.items()},
        "rows": {t.key: [row(t, r) for r in case.rows.get(t.key, [])] for _, t in form.tables()},
        "update": {t.key: {i: row(t, r) for i, r in case.update.get(t.key, {}).items()} for _, t in form.tables()},
    }


def _prefilled(doc: str, config: Config, namnd: str) -> dict[str, list[Values]]:
    """What the config pre-fills and locks, restated from the config (not from the forms)."""
    if doc == "namndplan":
        riktade = [r for r in config.malkedja.riktade_mal if r.namnd == namnd and YEAR in r.ar]
        return {"mal": [{"mal_id": r.id, "typ": "riktat", "text": r.text, "strategiskt_mal": r.strategiskt_mal}
                        for r in riktade],
                "matt": [{"mal_id": r.id, "matt": m.matt, "enhet": m.enhet, "riktning": m.riktning,
                          **({"kalla": m.kalla} if m.kalla else {}), **({"kolada_id": m.kolada_id} if m.kolada_id else {})}
                         for r in riktade for m in r.matt]}
    if doc == "bolagsplan":  # per bolag with a plan: a row per year; KF's borgensram and the kommun's lån (UB)
        years = [YEAR + i for i in range(len(config.planering.ar))]
        bolag = [b for b in config.organisation.bolag if b.bolagsplan]
        lan = {(ln.bolag, y): ln.ib + sum(v for k, v in ln.utlaning.items() if k <= y)
               - sum(v for k, v in ln.amortering.items() if k <= y) for ln in config.ekonomi.lan_till_bolag for y in years}
        per_year = [{"bolag": b.id, "ar": y} for b in bolag for y in years]
        return {"resultat": per_year, "balans": per_year,
                "borgen": [{**r, "borgensram": config.bolag(r["bolag"]).borgensram.get(r["ar"], 0),
                            "lan_fran_kommunen": lan.get((r["bolag"], r["ar"]), 0)} for r in per_year],
                "mal": [{"bolag": b.id, "mal_id": m.id, "mal": m.text} for b in bolag for m in b.agardirektiv],
                "intern_kontroll": [{"bolag": b.id, "kontroll_id": k.id, "omrade": k.omrade,
                                     "kontrollmoment": k.kontrollmoment, "metod": k.metod, "frekvens": k.frekvens}
                                    for b in bolag for k in config.arshjul.obligatoriska_kontrollmoment]}
    if doc == "driftbudget":  # the adopted budget of the year before per verksamhet (uppfoljning.yaml), locked
        u = config.uppfoljning
        return {"forra_aret": [{"verksamhet": v, "budget_fg": b} for v, b in u.driftbudget[namnd].items()]} if u else {}
    if doc == "investeringsplan":  # the investment budget of the year before per project (uppfoljning.yaml), locked
        u = config.uppfoljning
        return {"forra_aret": [{"projekt": i.id, "namn": i.namn, "budget_fg": i.budget}
                               for i in u.investeringar.get(namnd, [])]} if u else {}
    if doc == "internkontrollplan":
        return {"kontroller": [{"kontroll_id": k.id, "omrade": k.omrade, "risk": k.risk,
                                "kontrollmoment": k.kontrollmoment, "metod": k.metod, "frekvens": k.frekvens,
                                "obligatorisk": "ja"} for k in config.arshjul.obligatoriska_kontrollmoment]}
    return {}


def _computed(table: str, v: Values, config: Config) -> Values:
    """Derived values by independent arithmetic (empty cells count as 0)."""
    def n(key: str) -> float:
        return v.get(key) or 0

    if table == "drift":
        return {f"netto_{i}": n(f"kostnader_{i}") - n(f"intakter_{i}") for i in (1, 2, 3)}
    if table == "projekt":
        return {"total": n("utgift_1") + n("utgift_2") + n("utgift_3") + n("utgift_senare")}
    if table == "kalkyl":
        cost, life, rate = n("belopp"), n("avskrivningstid"), config.ekonomi.internranta / 100
        out: Values = {"avskrivning": cost / life if life else 0}
        for year in (1, 2, 3):  # straight line: depreciation + interest on the book value at the start of the year
            book = cost * (1 - (year - 1) / life) if life else 0
            out[f"kapitaltjanst_{year}"] = (cost / life + book * rate) if year <= life else 0
        out["summa_ar1"] = out["kapitaltjanst_1"] + n("ovriga_driftkostnader")
        return out
    if table == "kontroller":
        return {"riskvarde": n("sannolikhet") * n("konsekvens")}
    if table == "taxor":
        return {"forandring": n("foreslaget") / n("nuvarande") - 1 if n("nuvarande") else None}  # new: no change
    if table == "resultat":
        return {"resultat": n("intakter") - n("kostnader") - n("avskrivningar") + n("finansnetto")}
    if table == "balans":
        t = n("anlaggningstillgangar") + n("omsattningstillgangar")
        return {"tillgangar": t, "ek_och_skulder": n("eget_kapital") + n("avsattningar") + n("langfristiga_skulder")
                + n("kortfristiga_skulder"), "soliditet": n("eget_kapital") / t if t else None}
    if table == "borgen":
        return {"utrymme": n("borgensram") - n("borgen")}
    if table == "investeringar":
        return {"total": n("utgift_1") + n("utgift_2") + n("utgift_3")}
    if table in ("hyror", "tjanster"):
        a, b = ("yta", "hyra_m2") if table == "hyror" else ("pris", "antal")
        return {"total": n(a) * n(b) / 1000}
    return {}


def _expected_rows(form: Form, case: Case, config: Config) -> dict[str, list[Values]]:
    out: dict[str, list[Values]] = {}
    pre = _prefilled(case.doc, config, case.namnd)
    for _, t in form.tables():
        rows = [dict(r) for r in pre.get(t.key, [])]
        for i, extra in case.update.get(t.key, {}).items():
            rows[i].update(extra)
        rows += [dict(r) for r in case.rows.get(t.key, [])]
        out[t.key] = [{**r, **_computed(t.key, r, config)} for r in rows]
    return out


def _expected_fields(case: Case, config: Config, rows: dict[str, list[Values]]) -> Values:
    fields: Values = dict(case.fields)
    if case.doc == "driftbudget":
        fields.setdefault("kommentar", None)
        ramar = config.ekonomi.ramar[case.namnd]
        for i in (1, 2, 3):
            netto = math.fsum(r[f"netto_{i}"] for r in rows["drift"])
            fields |= {f"ram_{i}": ramar[YEAR + i - 1], f"netto_{i}": netto,
                       f"differens_{i}": ramar[YEAR + i - 1] - netto}
    if case.doc == "investeringsplan":
        fields["internranta"] = config.ekonomi.internranta / 100
    if case.example:  # a case taken from the examples: fields left empty read as None, pre-filled ones as written
        form = FORMS[case.doc]
        pre = form.prefill(config, case.namnd, YEAR).fields if form.prefill else {}
        fields = {k: None for k in form.field_keys} | pre | fields
    return fields


# ---------------------------------------------------------------- workbooks shared by the tests
@dataclass
class Built:
    case: Case
    form: Form
    template: Path
    filled: Path
    new_rows: dict[str, list[int]]


def _sized(form: Form, config: Config, namnd: str) -> Form:
    """The form as its template for this nämnd is written (tables sized for the nämnd, forms/sizing.py)."""
    return sized(form, config, namnd, form.prefill(config, namnd, YEAR) if form.prefill else Prefill())


@pytest.fixture(scope="module")
def built(config: Config, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """One template and one filled workbook per document type."""
    folder = tmp_path_factory.mktemp("mallar")
    out: dict[str, Built] = {}
    for doc, case in _cases(config).items():
        form = _sized(FORMS[doc], config, case.namnd)
        template = write_template(FORMS[doc], config, case.namnd, YEAR, folder / f"{doc}-{case.namnd}-mall.xlsx",
                                  generated=GENERATED)
        typed = _typed(form, config, case)
        filled = folder / f"{doc}-{case.namnd}-ifylld.xlsx"
        new_rows = fill_template(template, filled, form, fields=typed["fields"], rows=typed["rows"],
                                 update=typed["update"])
        out[doc] = Built(case, form, template, filled, new_rows)
    return out


def test_every_document_type_has_a_case(config: Config) -> None:
    assert sorted(_cases(config)) == DOCS


def _read(path: Path, config: Config) -> tuple[Document, CellGrid, list[Any]]:
    raw = read_file(path)
    assert raw.grid is not None, raw.findings
    doc, findings = read_document(raw.grid, str(path), config, raw.sha256)
    assert doc is not None, [str(f) for f in findings]
    return doc, raw.grid, findings


def _letters(grid: CellGrid, sheet: str, t: Table) -> dict[str, str]:
    """Column key -> letter, found by the header text in the saved workbook (not by the declaration)."""
    heads = [grid.value(sheet, t.header_row, j) for j in range(1, 60)]
    out: dict[str, str] = {}
    for c in t.columns:
        want = c.header.format(ar0=YEAR - 1, ar1=YEAR, ar2=YEAR + 1, ar3=YEAR + 2)
        hits = [j for j, h in enumerate(heads, start=1) if isinstance(h, str) and (h == want or h.startswith(want + " ("))]
        assert len(hits) == 1, f"{sheet}: rubriken {want!r} hittas {len(hits)} gånger"
        out[c.key] = col_letter(hits[0])
    return out


def _same(got: Any, want: Any) -> bool:
    if want is None:
        return got is None
    if isinstance(want, float | int) and not isinstance(want, bool):
        return isinstance(got, int | float) and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
    return got == want and type(got) is type(want)


def _assert_document(b: Built, config: Config, doc: Document, grid: CellGrid) -> None:
    rows = _expected_rows(b.form, b.case, config)
    for sheet, t in b.form.tables():
        letters = _letters(grid, sheet.name, t)
        got = doc.tables[t.key]
        want = rows[t.key]
        n_pre = len(_prefilled(b.case.doc, config, b.case.namnd).get(t.key, []))
        assert [r.row for r in got] == [t.first_row + i for i in range(n_pre)] + b.new_rows[t.key]
        assert len(got) == len(want), t.key
        for row, exp in zip(got, want, strict=True):
            assert row.sheet == sheet.name
            assert set(row.values) == set(exp), (t.key, row.row, set(row.values) ^ set(exp))
            for key, value in exp.items():
                cv = row.values[key]
                assert (cv.sheet, cv.cell) == (sheet.name, f"{letters[key]}{row.row}"), (t.key, key)
                assert _same(cv.value, value), (t.key, row.row, key, cv.value, value)
                if t.column(key).type == ColType.INT and t.column(key).input:
                    assert isinstance(cv.value, int), (key, cv.value)
    want_fields = {"dokumentstatus": UTKAST} | _expected_fields(b.case, config, rows)  # an unfilled block: utkast
    specs = {f.key: (INSTRUCTIONS_SHEET, f.cell) for f in STATUS_FIELDS} | {
        f.key: (s.name, f.cell) for s, f in b.form.field_specs()}
    assert set(doc.fields) == set(specs)
    for key, (sheet_name, cell) in specs.items():
        cv = doc.fields[key]
        assert (cv.sheet, cv.cell) == (sheet_name, cell)
        assert _same(cv.value, want_fields.get(key)), (key, cv.value, want_fields.get(key))


# ---------------------------------------------------------------- 1. round trip
@pytest.mark.parametrize("doc_type", DOCS)
def test_round_trip(doc_type: str, built: dict[str, Built], config: Config) -> None:
    b = built[doc_type]
    doc, grid, findings = _read(b.filled, config)
    assert doc.doc_type == doc_type and doc.namnd == b.case.namnd and doc.year == YEAR
    assert not [str(f) for f in findings if f.rule.startswith("STR") and f.severity == Severity.FEL]
    _assert_document(b, config, doc, grid)


def test_kalkyl_stops_at_the_end_of_the_depreciation_period(built: dict[str, Built], config: Config) -> None:
    """A two-year asset costs nothing in year 3: no depreciation left, no book value to pay interest on."""
    doc, _, _ = _read(built["investeringsplan"].filled, config)
    p2 = next(r for r in doc.rows("kalkyl") if r.get("projekt_id") == "P2")
    assert p2.get("kapitaltjanst_1") == pytest.approx(2750 / 2 + 2750 * 0.025)
    assert p2.get("kapitaltjanst_2") == pytest.approx(2750 / 2 + 2750 / 2 * 0.025)
    assert p2.get("kapitaltjanst_3") == 0


_TEXT = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzåäöÅÄÖABCXYZ0123456789 -–,.;:!?&<>\"'%/()\n",
    min_size=1, max_size=400,
).map(str.strip).filter(lambda s: s and not s.startswith(("=", "+", "-", "@")))
_LONG = st.builds(lambda s, n: (s + " ") * n, _TEXT, st.integers(5, 30)).map(str.strip)
_AMOUNT = st.one_of(st.none(), st.integers(0, 5_000_000),
                    st.floats(0, 5_000_000, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 2)))


@st.composite
def _drift_rows(draw: st.DrawFn, verksamheter: list[str], konton: list[str], namnder: list[str]) -> list[Values]:
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        row: Values = {"verksamhet": draw(st.sampled_from(verksamheter)), "konto": draw(st.sampled_from(konton))}
        if draw(st.booleans()):
            row["motpart"] = draw(st.sampled_from(namnder))
        text = draw(st.one_of(st.none(), _TEXT, _LONG))
        if text:
            row["beskrivning"] = text
        for key in (f"{kind}_{i}" for kind in ("intakter", "kostnader") for i in (1, 2, 3)):
            amount = draw(_AMOUNT)
            if amount is not None:
                row[key] = amount
        rows.append(row)
    return rows


_counter = itertools.count()


def test_round_trip_driftbudget_generated(config: Config, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Amounts and texts with åäö, quotes and long strings come back exactly, with their cells."""
    namnd, form = "sn", FORMS["driftbudget"]
    folder = tmp_path_factory.mktemp("hypothesis")
    template = write_template(form, config, namnd, YEAR, folder / "mall.xlsx", generated=GENERATED)
    ids = {s: [i for i, _ in list_items(s, config, namnd)] for s in ("verksamheter", "konton_drift", "namnder")}

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rows=_drift_rows(ids["verksamheter"], ids["konton_drift"], ids["namnder"]),
           kommentar=st.one_of(st.none(), _TEXT, _LONG))
    def check(rows: list[Values], kommentar: str | None) -> None:
        case = Case("driftbudget", namnd, fields={"kommentar": kommentar} if kommentar else {}, rows={"drift": rows})
        typed = _typed(form, config, case)
        filled = folder / f"ifylld-{next(_counter)}.xlsx"
        new_rows = fill_template(template, filled, form, fields=typed["fields"], rows=typed["rows"])
        doc, grid, findings = _read(filled, config)
        assert not [str(f) for f in findings if f.severity == Severity.FEL]
        _assert_document(Built(case, form, template, filled, new_rows), config, doc, grid)

    check()


# ---------------------------------------------------------------- 2. LibreOffice recalculation
_ERROR_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*\bt="e"[^>]*>')
_ERROR_TEXT = re.compile(r"^(#DIV/0!|#VALUE!|#REF!|#NAME\?|#N/A|#NUM!|#NULL!|Err:\d+)")


def _error_cells(path: Path) -> list[str]:
    """Cells stored as errors. python-calamine reads an error cell as '' (checked), so look at the XML."""
    out: list[str] = []
    with zipfile.ZipFile(path) as zf:
        for part in zf.namelist():
            if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                out += [f"{part}!{m.decode()}" for m in _ERROR_CELL.findall(zf.read(part))]
    return out


@pytest.fixture(scope="module")
def converted(built: dict[str, Built], tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """All filled workbooks and all empty templates, recalculated by LibreOffice in one call."""
    sources = [p for b in built.values() for p in (b.filled, b.template)]
    out = recalc(sources, tmp_path_factory.mktemp("lo"))
    return dict(zip(sources, out, strict=True))


def _declared_formulas(form: Form, doc: Document) -> dict[tuple[str, str], float | None]:
    """Every formula cell the declarations put in a workbook -> the value Python computes for it (None: empty)."""
    params = {k: cv.value for k, cv in doc.fields.items()}
    out: dict[tuple[str, str], float] = {}
    for sheet, t in form.tables():
        used = {r.row: r for r in doc.rows(t.key)}
        for r in range(t.first_row, t.last_row + 1):
            for c in t.columns:
                if c.formula:
                    row = used.get(r)
                    assert c.compute is not None
                    value = row.get(c.key) if row is not None else c.compute({}, params)
                    out[(sheet.name, t.ref(c.key, r))] = value
        if t.total_row:
            for c in t.columns:
                if c.total:
                    total = math.fsum(r.get(c.key) or 0 for r in doc.rows(t.key))
                    out[(sheet.name, t.ref(c.key, t.total_row))] = total
    for sheet, f in form.field_specs():
        if f.formula:
            out[(sheet.name, f.cell)] = doc.field(f.key)
    return out


def test_libreoffice_recalculates_every_formula_like_python(
    built: dict[str, Built], converted: dict[Path, Path], config: Config
) -> None:
    checked = 0
    for b in built.values():
        for source in (b.filled, b.template):
            doc, _, _ = _read(source, config)
            lo = read_file(converted[source])
            assert lo.grid is not None
            assert not _error_cells(converted[source]), (source.name, _error_cells(converted[source])[:5])
            want = _declared_formulas(b.form, doc)
            in_file = {(s, ref) for s, refs in lo.grid.formulas.items() for ref in refs}
            assert in_file == set(want), (source.name, sorted(in_file ^ set(want))[:10])
            for (sheet, ref), value in want.items():
                got = lo.grid.at(sheet, ref)
                if value is None:  # the formula shows an empty text; an error cell is caught above
                    assert got is None, (source.name, sheet, ref, got)
                    checked += 1
                    continue
                assert isinstance(got, int | float) and not isinstance(got, bool), (source.name, sheet, ref, got)
                assert math.isclose(got, value, rel_tol=1e-6, abs_tol=1e-9), (source.name, sheet, ref, got, value)
                checked += 1
            for sheet, rows in lo.grid.sheets.items():
                for i, r in enumerate(rows, start=1):
                    for j, v in enumerate(r, start=1):
                        assert not (isinstance(v, str) and _ERROR_TEXT.match(v)), (source.name, sheet, i, j, v)
    assert checked > 1000  # 14 workbooks, every row of every computed column, totals and fields


def test_libreoffice_values_of_the_key_figures(built: dict[str, Built], converted: dict[Path, Path],
                                                config: Config) -> None:
    """The figures an economist looks at, straight from LibreOffice, against arithmetic written here."""
    def lo(doc: str) -> CellGrid:
        grid = read_file(converted[built[doc].filled]).grid
        assert grid is not None
        return grid

    case = built["driftbudget"].case
    ram = config.ekonomi.ramar["sn"]
    drift = case.rows["drift"]
    g = lo("driftbudget")
    for i, col in zip((1, 2, 3), "BCD", strict=True):
        netto = sum(r.get(f"kostnader_{i}", 0) - r.get(f"intakter_{i}", 0) for r in drift)
        assert g.at("Sammanfattning", f"{col}6") == pytest.approx(ram[YEAR + i - 1] - netto)
    assert g.at("Sammanfattning", "B6") == pytest.approx(561700 - (180000 - 12000 + 4406.1))  # sn's ram 2027

    g = lo("investeringsplan")
    _, kalkyl = FORMS["investeringsplan"].table("kalkyl")
    p1 = kalkyl.first_row
    assert g.at("Driftkostnadskalkyl", kalkyl.ref("kapitaltjanst_1", p1)) == pytest.approx(75000.5 / 33 + 75000.5 * 0.025)
    assert g.at("Driftkostnadskalkyl", kalkyl.ref("kapitaltjanst_3", p1)) == pytest.approx(
        75000.5 / 33 + (75000.5 - 2 * 75000.5 / 33) * 0.025)
    assert g.at("Driftkostnadskalkyl", kalkyl.ref("kapitaltjanst_3", p1 + 1)) == 0
    _, projekt = FORMS["investeringsplan"].table("projekt")
    assert g.at("Projekt", projekt.ref("total", projekt.total_row)) == pytest.approx(12000 + 38000.5 + 25000 + 1800 + 950)

    g = lo("internkontrollplan")
    _, plan = FORMS["internkontrollplan"].table("kontroller")
    n_ik = len(config.arshjul.obligatoriska_kontrollmoment)
    for i in range(n_ik):
        assert g.at("Kontrollplan", plan.ref("riskvarde", plan.first_row + i)) == (1 + i % 4) * (4 - i % 4)
    assert g.at("Kontrollplan", plan.ref("riskvarde", plan.first_row + n_ik)) == 9

    g = lo("taxor")
    _, taxor = FORMS["taxor"].table("taxor")
    changes = [g.at("Taxor", taxor.ref("forandring", taxor.first_row + i)) for i in range(3)]
    assert changes == [pytest.approx(0.125), 0, None]  # a new taxa shows no change, not 0 %

    g = lo("internhyror")
    _, hyror = FORMS["internhyror"].table("hyror")
    assert g.at("Internhyror", hyror.ref("total", hyror.first_row)) == pytest.approx(5230.5 * 1185.25 / 1000)
    assert g.at("Internhyror", hyror.ref("total", hyror.total_row)) == pytest.approx(
        (5230.5 * 1185.25 + 3100 * 1420) / 1000)


def test_libreoffice_saved_workbook_reads_the_same(built: dict[str, Built], converted: dict[Path, Path],
                                                   config: Config) -> None:
    """A user who saves the filled workbook in LibreOffice hands in the same document."""
    for b in built.values():
        doc, grid, findings = _read(converted[b.filled], config)
        assert not [str(f) for f in findings if f.severity == Severity.FEL and f.rule.startswith("STR")]
        _assert_document(b, config, doc, grid)


# ---------------------------------------------------------------- 3. structure as saved
def _input_cells(form: Form, config: Config, namnd: str) -> dict[str, set[str]]:
    """Sheet -> cells a user may type in, from the declarations and what the config pre-fills."""
    pre = _prefilled(form.doc_type, config, namnd)
    prefilled_fields = {"driftbudget": {"ram_1", "ram_2", "ram_3"}, "investeringsplan": {"internranta"}}
    out: dict[str, set[str]] = {}
    for sheet in form.sheets:
        cells = out.setdefault(sheet.name, set())
        for f in sheet.fields:
            if f.input and not f.formula and f.key not in prefilled_fields.get(form.doc_type, set()):
                cells.add(f.cell)
        if sheet.table:
            t = sheet.table
            n_pre = len(pre.get(t.key, []))
            for i in range(t.rows):
                for c in t.columns:
                    if c.input and not c.formula and not (i < n_pre and c.key in t.locked_when_prefilled):
                        cells.add(t.ref(c.key, t.first_row + i))
    return out


@pytest.mark.parametrize("doc_type", DOCS)
def test_structure_as_saved(doc_type: str, built: dict[str, Built], config: Config) -> None:
    b = built[doc_type]
    form, namnd = b.form, b.case.namnd
    wb = load_workbook(b.template)
    assert wb.sheetnames[0] == "Anvisningar"
    assert [s.name for s in form.sheets] == [n for n in wb.sheetnames if wb[n].sheet_state == "visible"][1:]

    # metadata: hidden, protected sheet and custom document properties
    meta_ws = wb["_xltools"]
    assert meta_ws.sheet_state == "hidden" and meta_ws.protection.sheet
    meta = {r[0]: r[1] for r in meta_ws.iter_rows(min_row=2, values_only=True)}
    want = {"document": doc_type, "schema_version": form.version, "kommunkod": config.kommun.kommunkod,
            "namnd": namnd, "year": str(YEAR), "period": str(YEAR), "generated": GENERATED.isoformat(),
            "generator_version": __version__}
    assert {k: meta.get(k) for k in want} == want
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert {k: props.get(f"xltools_{k}") for k in want} == want

    # protection: input cells unlocked, everything else locked
    inputs = _input_cells(form, config, namnd)
    for sheet in form.sheets:
        ws = wb[sheet.name]
        assert ws.protection.sheet, sheet.name
        last_row = max(ws.max_row, (sheet.table.total_row or sheet.table.last_row) if sheet.table else 0)
        unlocked = {c.coordinate for row in ws.iter_rows(min_row=1, max_row=last_row, max_col=ws.max_column)
                    for c in row if not c.protection.locked and not isinstance(c, MergedCell)}  # a merge is its anchor
        assert unlocked == inputs[sheet.name], (sheet.name, sorted(unlocked ^ inputs[sheet.name])[:10])
        if sheet.table:
            t = sheet.table
            header = [ws.cell(row=t.header_row, column=j) for j in range(1, len(t.columns) + 1)]
            assert all(h.protection.locked and h.value for h in header)
            if t.total_row:
                assert all(ws.cell(row=t.total_row, column=j).protection.locked for j in range(1, len(t.columns) + 1))

    # dropdowns: every list column, exactly the input rows, via a defined name on the hidden list sheet
    lists = wb["Listor"]
    assert lists.sheet_state == "hidden" and lists.protection.sheet
    for sheet, t in form.tables():
        ws = wb[sheet.name]
        dvs = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
        for c in t.columns:
            letter = col_letter(t.col(c.key))
            dv = dvs.get(f"{letter}{t.first_row}:{letter}{t.last_row}")
            if c.type != ColType.LIST:
                if c.type in NUMERIC and c.input:
                    assert dv is not None and dv.type in ("whole", "decimal", "custom"), (sheet.name, c.key)
                continue
            assert dv is not None and dv.type == "list" and dv.showErrorMessage, (sheet.name, c.key)
            assert c.source is not None
            if c.source.startswith("table:"):
                tkey, col = c.source[6:].split(".")
                tsheet, target = form.table(tkey)
                rng = f"'{tsheet.name}'!{target.data_range(col)}"  # cut at the last id (no trailing blank entries)
                assert dv.formula1.startswith(f"OFFSET({rng.split(':')[0]},") and f"({rng}<>\"\")" in dv.formula1
                continue
            assert dv.formula1 == f"lst_{c.source}", (c.key, dv.formula1)  # OOXML stores it without '='
            (dest_sheet, _), = wb.defined_names[f"lst_{c.source}"].destinations
            assert dest_sheet == "Listor"
            assert dropdown_items(wb, c.source) == [shown for _, shown in list_items(c.source, config, namnd)]

    # print setup and Excel tables
    for sheet in form.sheets:
        ws = wb[sheet.name]
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1, sheet.name
        # Fitted to the page's width, or (too wide for 8 pt text when fitted) printed at 73 % (xltools.printing)
        assert ws.sheet_properties.pageSetUpPr.fitToPage or ws.page_setup.scale == 73, sheet.name
        if sheet.table:
            t = sheet.table
            refs = [x.ref for x in ws.tables.values()]
            assert refs == [f"A{t.header_row}:{col_letter(len(t.columns))}{t.last_row}"], (sheet.name, refs)

    # Anvisningar: the deadline from the årshjul and the synthetic-data notice
    text = "\n".join(str(r[0]) for r in wb["Anvisningar"].iter_rows(values_only=True) if r[0])
    due = config.arshjul.deadline(doc_type, YEAR)
    assert due is not None
    assert due.isoformat() in text, text
    assert "syntetiska exempeldata" in text.casefold()


def test_lists_hold_the_configured_items(built: dict[str, Built], config: Config) -> None:
    """Nämnder, strategiska mål and the kontoplan as the dropdowns show them."""
    wb = load_workbook(built["driftbudget"].template)
    assert dropdown_items(wb, "namnder") == [n.namn for n in config.organisation.namnder]
    drift = [k for k in config.kontoplan.konton if k.klass in ("intakt", "kostnad")]
    assert dropdown_items(wb, "konton_drift") == [f"{k.kod} {k.namn}" for k in drift]
    own = config.namnd("sn").verksamheter
    assert dropdown_items(wb, "verksamheter") == [f"{v.kod} {v.namn}" for v in config.kontoplan.verksamheter
                                                  if v.kod in own]
    wb = load_workbook(built["namndplan"].template)
    assert dropdown_items(wb, "strategiska_mal") == [f"{m.id} – {m.text}" for m in config.malkedja.strategiska_mal]


# ---------------------------------------------------------------- 4. command line
def test_cli_generates_templates(tmp_path: Path) -> None:
    out = tmp_path / "mallar"
    res = CliRunner().invoke(cli, ["templates", "generate", "--config", str(CONFIG_DIR), "--namnd", "tn",
                                   "--namnd", "fgn", "--dokument", "driftbudget", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == ["driftbudget-fgn-2027.xlsx", "driftbudget-tn-2027.xlsx"]
    for p in out.iterdir():
        assert load_workbook(p)["_xltools"]["B2"].value == "driftbudget"


def test_cli_unknown_namnd_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "mallar"
    res = CliRunner().invoke(cli, ["templates", "generate", "--config", str(CONFIG_DIR), "--namnd", "tn",
                                   "--namnd", "finns_inte", "--dokument", "driftbudget", "--out", str(out)])
    assert res.exit_code != 0
    assert "okänd nämnd: finns_inte" in res.output
    assert "Error" not in res.output and "Traceback" not in res.output
    assert not out.exists() or not any(out.iterdir())
    assert [p.name for p in tmp_path.iterdir() if p.name != "mallar"] == []  # no temporary folder left


def test_a_given_text_is_written_as_text_never_as_a_formula(config: Config, tmp_path: Path) -> None:
    """Values pre-filled into a template may come from a submitted workbook (a follow-up pre-filled from the
    adopted nämndplan): a text starting with = stays text, control characters are shown, not written raw."""
    values = example_values(config, "taxor", "kfn")
    row = values["rows"]["taxor"][0]
    row["motivering"] = '=HYPERLINK("http://example.invalid","klicka")'
    row["taxa"] = "Entré\x1b[31m simhallen\x00"
    path = write_template(FORMS["taxor"], config, "kfn", 2027, tmp_path / "taxor.xlsx", values=values)
    with zipfile.ZipFile(path) as zf:
        sheets = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>HYPERLINK" not in sheets
    ws = load_workbook(path)["Taxor"]
    texts = {c.value: c.data_type for r in ws.iter_rows() for c in r if isinstance(c.value, str)}
    assert texts['=HYPERLINK("http://example.invalid","klicka")'] == "s"
    assert "Entré\\x1b[31m simhallen\\x00" in texts
