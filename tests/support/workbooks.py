"""Valid filled workbooks for tests, an `edit` helper that types into them, and broken files.

`build(doc_type, config, namnd, path)` writes the real template (write_template) filled with
small but complete values, so that every rule is silent on it: the planning documents for the
budget year, the follow-ups for a period of the uppföljningsår (support.uppfoljning.KIND_MONTH). Pre-filled rows
whose input cells the template leaves open (KS's obligatory kontrollmoment, the year's budget per
verksamhet, riktade mål to assess ...) are filled afterwards by support.fill.fill_template, as a
user would.
`edit(path, {(sheet, cell): value})` types into a workbook. The `bad_*` helpers write files that
are not a readable workbook, each in its own way.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from support.fill import fill_template
from support.uppfoljning import KIND_MONTH
from xltools import integrity
from xltools.config import Config
from xltools.excel.write import write_template
from xltools.forms import FORMS, PLANNING
from xltools.forms.lists import list_items
from xltools.metadata import META_SHEET, Meta

Edits = dict[tuple[str, str], Any]

# Row of each key in the hidden metadata sheet (column B holds the value).
META_ROW = {"document": 2, "schema_version": 3, "kommunkod": 4, "kommun": 5, "namnd": 6, "namnd_namn": 7,
            "year": 8, "period": 9, "generated": 10, "generator_version": 11, "mall_id": 12, "integritet": 13}


def meta_cell(key: str) -> tuple[str, str]:
    """(sheet, cell) of a metadata value, for editing it."""
    return META_SHEET, f"B{META_ROW[key]}"


# ---------------------------------------------------------------- values per document type
def _mal_ids(config: Config, namnd: str, year: int) -> list[str]:
    """The riktade mål of the nämnd (pre-filled) and the one nämndmål NM1 the builder adds."""
    return [r.id for r in config.riktade_mal_for(namnd, year, planperiod=True)] + ["NM1"]


def _namndplan(config: Config, namnd: str, year: int) -> dict[str, Any]:
    mal = [{"mal_id": "NM1", "typ": "namndmal", "strategiskt_mal": "SM9",
            "text": "Nämndens kostnad per brukare ska ligga i nivå med jämförbara kommuner."}]
    # A riktat mål's mått decided with it (malkedja.yaml) is pre-filled: the nämnd fills in its figures.
    decided = {r.id: [x.matt for x in r.matt] for r in config.riktade_mal_for(namnd, year, planperiod=True)}
    matt = [
        {"mal_id": m, "matt": name, "enhet": "procent", "kalla": "Egen mätning",
         "utgangsvarde": 70.0, "malvarde_1": 75.0, "malvarde_2": 78.0, "malvarde_3": 80.0, "riktning": "hogre"}
        for m in _mal_ids(config, namnd, year) for name in (decided.get(m) or [f"Mått för {m}"])
    ]
    return {"rows": {"mal": mal, "matt": matt}}


def _verksamhetsplan(config: Config, namnd: str, year: int) -> dict[str, Any]:
    insatser = config.malkedja.insatsomraden
    rows = [
        {"aktivitet_id": f"A{i}", "aktivitet": f"Aktivitet för mål {m}", "mal_id": m, "enhet": "Förvaltningen",
         "ansvarig": "Förvaltningschef", "start": dt.date(year, 2, 1), "klart": dt.date(year, 11, 30),
         "status": "ej_paborjad", **({"insatsomrade": insatser[i % len(insatser)]} if insatser else {})}
        for i, m in enumerate(_mal_ids(config, namnd, year), start=1)
    ]
    return {"rows": {"aktiviteter": rows}}


def _investeringsplan(config: Config, namnd: str, year: int) -> dict[str, Any]:
    utgifter = {"utgift_1": 1200, "utgift_2": 800, "utgift_3": 500}
    projekt = [{"projekt_id": "P1", "namn": "Inventarier till verksamheten", "kategori": "inventarier", "lokal": "nej",
                "konto": "12", "start": year, "aktivering": year + 2, **utgifter}]
    kalkyl = [{"projekt_id": "P1", "belopp": sum(utgifter.values()), "avskrivningstid": 10,
               "ovriga_driftkostnader": 50}]
    inkop = [{"upphandling": "Inventarier", "projekt_id": "P1", "varde": 1200, "form": "avrop",
              "start": dt.date(year, 3, 1), "ansvarig": "Upphandlingsenheten"}]
    return {"rows": {"projekt": projekt, "kalkyl": kalkyl, "inkop": inkop}}


def _internhyror(config: Config, namnd: str, year: int) -> dict[str, Any]:
    other = next(n for n in config.namnd_ids if n != namnd)
    return {"rows": {
        "hyror": [{"objekt_id": "L1", "objekt": "Kontor, Kyrkogatan 1", "hyresgast": other, "yta": 250.0,
                   "hyra_m2": 1400.0}],
        "tjanster": [{"tjanst_id": "T1", "tjanst": "Lokalvård", "kopare": other, "enhet": "timme", "pris": 450.0,
                      "antal": 1000.0}],
        "service": [{"tjanst": "Vaktmästeri", "enhet": "timme", "pris": 520.0}],
    }}


def _taxor(config: Config, namnd: str, year: int) -> dict[str, Any]:
    verksamhet = config.namnd(namnd).verksamheter[0]
    return {"rows": {"taxor": [
        {"taxa_id": "T1", "taxa": "Avgift för tjänst", "verksamhet": verksamhet, "enhet": "st", "nuvarande": 100.0,
         "foreslaget": 104.0, "motivering": "Uppräkning med prisindex.", "lagrum": "KF 2026-06-15 § 50"},
        {"taxa_id": "T2", "taxa": "Oförändrad avgift", "verksamhet": verksamhet, "enhet": "st", "nuvarande": 50.0,
         "foreslaget": 50.0, "lagrum": "KF 2026-06-15 § 50"},
    ]}}


def _driftbudget(config: Config, namnd: str, year: int) -> dict[str, Any]:
    """Kostnader = ram + 1 000 and intäkter 1 000 on the first verksamhet: net exactly at the ram."""
    ramar = config.ekonomi.ramar[namnd]
    verksamhet = config.namnd(namnd).verksamheter[0]
    kostnad = {f"kostnader_{i}": ramar[year + i - 1] + 1000 for i in (1, 2, 3)}
    intakt = {f"intakter_{i}": 1000 for i in (1, 2, 3)}
    drift = [
        {"verksamhet": verksamhet, "konto": "50", "beskrivning": "Löner", **kostnad},
        {"verksamhet": verksamhet, "konto": "31", "beskrivning": "Avgifter", **intakt},
    ]
    # The other verksamheter fall to 0 against last year's budget: the prioritisation is described (EKO-4).
    from xltools.examples.planering import konsekvenser_for

    return {"rows": {"drift": drift, "konsekvenser": konsekvenser_for(config, namnd, drift)}}


def _internkontrollplan(config: Config, namnd: str, year: int) -> dict[str, Any]:
    return {"rows": {"kontroller": [
        {"kontroll_id": "K1", "omrade": "Ekonomiskt bistånd", "risk": "Utbetalning utan beslut",
         "sannolikhet": 2, "konsekvens": 3, "kontrollmoment": "Utbetalningar stäms av mot beslut",
         "metod": "Stickprov på 10 utbetalningar", "frekvens": "Varje kvartal", "ansvarig": "Enhetschef",
         "obligatorisk": "nej"},
    ]}}


# ---------------------------------------------------------------- follow-ups (uppföljningsåret)
_TEXT = "Syntetiska exempeldata: en kort men fullständig text."


def _followup(doc_type: str, config: Config, namnd: str, year: int) -> dict[str, Any]:
    from xltools.forms.period import Period
    from xltools.templates import header_values

    form = FORMS[doc_type]
    keys = {f.key for _, f in form.field_specs()}
    fields = header_values(config, doc_type, Period(year, KIND_MONTH[doc_type]))
    fields.update({k: _TEXT for k in ("kommentar", "ekonomisk_analys", "verksamhet", "mal_analys", "framtid")
                   if k in keys})
    rows: dict[str, list[dict[str, Any]]] = {}
    tables = {t.key for _, t in form.tables()}
    if "mal" in tables:
        helar = doc_type == "verksamhetsberattelse"
        rows["mal"] = [{"mal_id": "NM1", "typ": "namndmal", "text": "Nämndens eget mål.", "strategiskt_mal": "SM9",
                        "bedomning": "delvis", "analys": _TEXT, **({} if helar else {"prognos": "uppfyllt"})}]
        pre = form.prefill(config, namnd, year).rows.get("mal", [])  # type: ignore[misc]
        rows["matt"] = [{"mal_id": m, "matt": f"Mått för {m}", "enhet": "procent", "malvarde": 80.0, "utfall": 78.0,
                         "analys": _TEXT} for m in [r["mal_id"] for r in pre] + ["NM1"]]
    return {"fields": fields, "rows": rows}


def _followup_prefilled(table: str, row: dict[str, Any], doc_type: str) -> dict[str, Any]:
    """The inputs a user types on one pre-filled follow-up row: net utfall within the budget, prognos = budget."""
    helar = doc_type == "verksamhetsberattelse"
    if table == "ekonomi":
        budget = float(row["budget"])
        share = KIND_MONTH[doc_type] / 12
        out = {"utfall_intakter": 100.0, "utfall_kostnader": round(budget * share) + 100.0}
        return out if helar else {**out, "prognos_intakter": 300.0, "prognos_kostnader": budget + 300.0}
    if table == "mal":
        return {"bedomning": "delvis", "analys": _TEXT, **({} if helar else {"prognos": "uppfyllt"})}
    if table == "investeringar":
        return {"utfall": float(row["budget"]), **({} if helar else {"prognos": float(row["budget"])})}
    if table == "kontroller":
        return {"status": "utford" if helar else "pagar", "resultat": _TEXT}
    if table == "insatser":
        return {"berors": "ja", "beskrivning": _TEXT}
    return {}


VALUES = {
    "namndplan": _namndplan,
    "verksamhetsplan": _verksamhetsplan,
    "investeringsplan": _investeringsplan,
    "internhyror": _internhyror,
    "taxor": _taxor,
    "driftbudget": _driftbudget,
    "internkontrollplan": _internkontrollplan,
}


def _prefilled_inputs(doc_type: str, config: Config, namnd: str, year: int) -> dict[str, dict[int, dict[str, Any]]]:
    """Input cells of pre-filled rows that `values` cannot reach, typed by the user after the template is
    written: fill_template's `update` (table key -> row index -> column key -> shown text or value)."""
    form = FORMS[doc_type]
    pre = form.prefill(config, namnd, year) if form.prefill else None
    out: dict[str, dict[int, dict[str, Any]]] = {}
    for _, t in form.tables():
        for i, row in enumerate(pre.rows.get(t.key, []) if pre else []):
            if doc_type == "internkontrollplan":
                typed: dict[str, Any] = {"sannolikhet": 2, "konsekvens": 2, "ansvarig": "Ekonomichef"}
            elif doc_type in KIND_MONTH:
                typed = _followup_prefilled(t.key, row, doc_type)
            else:
                continue
            shown: dict[str, Any] = {}
            for key, value in typed.items():
                spec = t.column(key)
                shown[key] = dict(list_items(spec.source, config, namnd)).get(value, value) if spec.source else value
            if shown:
                out.setdefault(t.key, {})[i] = shown
    return out


def default_year(doc_type: str, config: Config) -> int:
    """The year a document is validated for: the budget year, or the uppföljningsår for a follow-up."""
    return config.planering.uppfoljningsar if doc_type in KIND_MONTH else config.planering.budgetar


def values_for(doc_type: str, config: Config, namnd: str, year: int | None = None) -> dict[str, Any]:
    """The `values` argument of write_template that makes a complete, valid document."""
    year = year or default_year(doc_type, config)
    if doc_type in KIND_MONTH:
        return _followup(doc_type, config, namnd, year)
    if doc_type not in VALUES:  # no hand-made test values: the document's example submission
        from xltools.examples.planering import example_values

        return example_values(config, doc_type, namnd)
    return VALUES[doc_type](config, namnd, year)


def build(doc_type: str, config: Config, namnd: str, path: str | Path, year: int | None = None) -> Path:
    """Write a valid, filled workbook of one document type for a nämnd."""
    year = year or default_year(doc_type, config)
    path = Path(path)
    period = f"{year}-{KIND_MONTH[doc_type]:02d}" if doc_type in KIND_MONTH else None
    write_template(FORMS[doc_type], config, namnd, year, path, period=period,
                   values=values_for(doc_type, config, namnd, year), generated=dt.datetime(year - 1, 3, 1, 8, 0))
    extra = _prefilled_inputs(doc_type, config, namnd, year)
    if extra:
        fill_template(path, path, FORMS[doc_type], update=extra)
    return path


def build_all(config: Config, namnd: str, folder: str | Path, *, followups: bool = False) -> dict[str, Path]:
    """Every planning document type for a nämnd (and, if asked, every follow-up), as <dokument>-<nämnd>.xlsx."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    docs = [f.doc_type for f in PLANNING] + (list(KIND_MONTH) if followups else [])
    return {d: build(d, config, namnd, folder / f"{d}-{namnd}.xlsx") for d in docs}


def edit(path: str | Path, cells: Edits, *, delete_sheets: tuple[str, ...] = ()) -> Path:
    """Type values into cells (None clears a cell) and save, as a user would in Excel."""
    wb = openpyxl.load_workbook(path)
    for (sheet, ref), value in cells.items():
        wb[sheet][ref] = value
    for name in delete_sheets:
        del wb[name]
    wb.save(path)
    return Path(path)


def sign(path: str | Path, config: Config) -> Path:
    """Give an edited workbook the integrity token its metadata now says (as if the ekonomienhet had made it so).

    A test that edits metadata to stand for a genuine template (last year's, another period's) signs
    it; a test of a forged identity (STR-30) does not. Metadata that cannot be read is left as it is.
    """
    wb = openpyxl.load_workbook(path)
    ws = wb[META_SHEET]
    rows = {str(r[0].value): r[1] for r in ws.iter_rows(min_row=2, max_col=2) if r[0].value}
    meta, _ = Meta.parse({k: c.value for k, c in rows.items()})
    key = integrity.kommun_key(config)
    if meta is not None and key is not None and "integritet" in rows:
        rows["integritet"].value = integrity.token(key, meta)
        wb.save(path)
    return Path(path)


def clear_row(sheet: str, row: int, last_col: str) -> Edits:
    """Edits that empty a table row A..last_col, as a user selecting it and pressing Delete."""
    return {(sheet, f"{chr(c)}{row}"): None for c in range(ord("A"), ord(last_col) + 1)}


def copy(src: str | Path, dst: str | Path) -> Path:
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return dst


# ---------------------------------------------------------------- files that are not a readable workbook
def bad_empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def bad_csv(path: Path) -> Path:
    """A CSV export saved under an .xlsx name."""
    path.write_text("Verksamhet;Konto;Kostnader 2027\n410;50;1 234,5\n", encoding="utf-8")
    return path


def bad_truncated(src: Path, path: Path) -> Path:
    """A real workbook cut off halfway (an interrupted copy or upload)."""
    data = src.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def bad_zip_not_excel(path: Path) -> Path:
    """A zip archive (e.g. a Word document's container) that holds no workbook."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")
    return path


def bad_ods(path: Path) -> Path:
    """An OpenDocument spreadsheet container renamed to .xlsx (stored mimetype first, as ODF requires)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
                    compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content/>')
        zf.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest/>')
    path.write_bytes(buf.getvalue())
    return path


_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _cfb(stream_names: list[str]) -> bytes:
    """A minimal OLE compound file: header sector plus a directory sector naming `stream_names`."""
    header = bytearray(512)
    header[0:8] = _CFB_MAGIC
    header[24:26] = (0x3E).to_bytes(2, "little")  # minor version
    header[26:28] = (3).to_bytes(2, "little")  # major version 3 (512-byte sectors)
    header[28:30] = b"\xfe\xff"  # little endian
    header[30:32] = (9).to_bytes(2, "little")  # sector shift
    header[32:34] = (6).to_bytes(2, "little")  # mini sector shift
    directory = bytearray()
    for name in ["Root Entry", *stream_names]:
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[0:len(encoded)] = encoded
        entry[64:66] = len(encoded).to_bytes(2, "little")
        entry[66] = 5 if name == "Root Entry" else 2
        directory += entry
    directory += bytes(512 - len(directory) % 512) if len(directory) % 512 else b""
    return bytes(header) + bytes(directory)


def bad_encrypted(path: Path) -> Path:
    """What Excel writes for a workbook with an opening password: an OLE file with EncryptionInfo."""
    path.write_bytes(_cfb(["EncryptionInfo", "EncryptedPackage"]))
    return path


def bad_xls(path: Path) -> Path:
    """An old binary Excel file (BIFF in an OLE compound file with a Workbook stream)."""
    path.write_bytes(_cfb(["Workbook"]) + bytes(512))
    return path


def plain_workbook(path: Path) -> Path:
    """An ordinary Excel workbook that is not one of our templates."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws.append(["Verksamhet", "Kostnader 2027"])
    ws.append(["Grundskola", 1234])
    wb.save(path)
    return path
