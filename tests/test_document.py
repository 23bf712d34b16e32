"""document.py: a read Document knows its Form; a key the form does not declare is an error, never an
empty answer (a misspelt key in a rule would otherwise make it silently never fire)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from xltools.config import Config
from xltools.document import Document
from xltools.excel.read import read_file
from xltools.forms import DECLARED, FORMS
from xltools.reading import read_document

DRIFT = ROOT / "workbooks" / "planering" / "driftbudget-sn-2027.xlsx"


def _read(path: Path, config: Config) -> Document:
    raw = read_file(path)
    assert raw.grid is not None
    doc, findings = read_document(raw.grid, raw.path, config, raw.sha256)
    assert doc is not None, findings
    return doc


def test_declared_keys_read_and_undeclared_keys_raise(config: Config) -> None:
    doc = _read(DRIFT, config)
    assert doc.form is DECLARED["driftbudget"]  # every year slot's keys ...
    rows = doc.rows("drift")
    assert rows and all(r.columns == FORMS["driftbudget"].table("drift")[1].keys for r in rows)  # ... read: 3 years
    assert isinstance(doc.field("ram_1"), float)
    assert doc.field("ram_4") is None  # a year slot beyond the plan period is declared, not in the template
    blank = next(r for r in rows if "motpart" not in r.values)
    assert blank.get("motpart") is None and blank.get("motpart", "-") == "-"  # declared but empty
    with pytest.raises(KeyError, match="ingen tabell 'driftt'"):
        doc.rows("driftt")
    with pytest.raises(KeyError, match="inget fält 'ram1'"):
        doc.field("ram1")
    with pytest.raises(KeyError, match="kolumnen 'intakt_1'"):
        rows[0].get("intakt_1")


def test_a_declared_table_on_a_missing_sheet_has_no_rows(config: Config) -> None:
    doc = _read(DRIFT, config)
    gone = Document(doc.file, doc.sha256, doc.meta, doc.fields, {}, doc.refs)  # as read when the sheet is missing
    assert gone.rows("drift") == []
