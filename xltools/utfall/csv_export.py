"""The CSV contract for utfall from an ekonomisystem: read (all or nothing) and write.

What a Swedish ledger export or an Excel "CSV (semikolonavgränsad)" looks like: a header row,
`;` between fields, decimal comma, blanks as thousands separators, Windows-1252 or UTF-8 with or
without BOM (UTF-16 from Excel's "Unicode-text", tab-separated, too). Columns (any order, names
without regard to case, å/ä/ö optional): period, ansvar or nämnd, verksamhet, konto, belopp, and
optionally projekt; other columns are reported as ignored. The contract in Swedish is
docs/uppfoljning.md, "CSV-filen".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from xltools.utfall.encoding import first_line_with, letter_counts, sniff
from xltools.utfall.errors import ProblemList
from xltools.utfall.files import read_bytes, write_bytes
from xltools.utfall.rows import LedgerRow

REQUIRED = ("period", "verksamhet", "konto", "belopp")
OPTIONAL = ("ansvar", "namnd", "projekt")  # ansvar or namnd (or both) is required

_FOLD = str.maketrans("åäöÅÄÖ", "aaoAAO")
_PERIOD = re.compile(r"(\d{4})-?(\d{2})(?:-\d{2})?")
_AMOUNT = re.compile(r"[-+−]?\d+(?:,\d{1,2})?")
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")


@dataclass(frozen=True, slots=True)
class UtfallCsv:
    """A read CSV file: its rows and what was left aside (columns, blank rows)."""

    file: str
    encoding: str
    separator: str
    rows: tuple[LedgerRow, ...]
    ignored_columns: tuple[str, ...] = ()
    blank_rows: int = 0
    columns: tuple[str, ...] = field(default=())


def _decode(data: bytes, problems: ProblemList) -> tuple[str, str]:
    if not data.strip():
        raise problems.fail(0, "filen är tom.")
    kind = sniff(data)
    if kind == "utf-16":
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise problems.fail(0, "filen börjar som UTF-16 men kan inte läsas som UTF-16.") from None
    if b"\x00" in data[:8192]:
        raise problems.fail(0, "filen är ingen textfil (den innehåller binära data); spara den som CSV.")
    if kind in ("ascii", "utf-8", "utf-8-sig"):
        return data.decode("utf-8-sig"), "utf-8-sig" if kind == "utf-8-sig" else "utf-8"
    cp437, latin1 = letter_counts(data)
    if cp437 > latin1:
        raise problems.fail(first_line_with(data, "cp437"),
                            "filen verkar vara kodad som PC8/CP437 (DOS) – å, ä och ö har fel byte. "
                            "Spara den som UTF-8 eller Windows-1252 (Excel: \"CSV (semikolonavgränsad)\").")
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise problems.fail(line, f"filen har en byte ({data[exc.start]:#04x}) som varken är UTF-8 eller "
                                  "Windows-1252; spara den som UTF-8.") from None


def _header_key(name: str) -> str:
    return name.strip().lstrip("\ufeff").translate(_FOLD).lower()


def _amount(value: str, line: int, problems: ProblemList) -> Decimal | None:
    text = _SPACES.sub("", value.strip())
    if _AMOUNT.fullmatch(text):
        return Decimal(text.replace("−", "-").replace(",", "."))
    if re.fullmatch(r"[-+−]?\d+\.\d+", text):
        problems.add(line, f"beloppet {value!r} har decimalpunkt; filen ska ha decimalkomma (1234,50).")
    elif re.fullmatch(r"[-+−]?\d+,\d{3,}", text):
        problems.add(line, f"beloppet {value!r} har fler än två decimaler.")
    elif text == "":
        problems.add(line, "beloppet saknas.")
    else:
        problems.add(line, f"beloppet {value!r} är inget tal (skriv t.ex. -1234,50 eller 1 234,50).")
    return None


def parse_utfall_csv(data: bytes, file: str = "<csv>", *, expected_year: int | None = None) -> UtfallCsv:
    """Read the CSV contract; raise LedgerFileError with every problem (and its line) or return all."""
    problems = ProblemList(file)
    text, encoding = _decode(data, problems)
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    separator = ";" if ";" in first else "\t" if "\t" in first else None
    if separator is None:
        if "," in first:
            raise problems.fail(1, "kolumnerna ska skiljas med semikolon (;), inte komma – komma är "
                                   "decimaltecknet i belopp.")
        raise problems.fail(1, "den första raden ska vara rubrikerna period;ansvar;verksamhet;konto;belopp.")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=separator)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise problems.fail(1, f"rubrikraden kan inte läsas ({exc}).") from None
    keys = [_header_key(h) for h in header]
    index: dict[str, int] = {}
    ignored: list[str] = []
    for i, key in enumerate(keys):
        if key in REQUIRED + OPTIONAL:
            if key in index:
                problems.add(1, f"kolumnen {header[i].strip()!r} finns två gånger.")
            index[key] = i
        elif key:
            ignored.append(header[i].strip())
    missing = [c for c in REQUIRED if c not in index]
    if "ansvar" not in index and "namnd" not in index:
        missing.insert(0, "ansvar (eller nämnd)")
    if missing:
        raise problems.fail(1, f"kolumnen {', '.join(missing)} saknas (rubrikerna är {', '.join(h.strip() for h in header)}).")
    problems.raise_if_any()
    rows: list[LedgerRow] = []
    blank = 0
    width = len(header)
    get = {k: index.get(k) for k in REQUIRED + OPTIONAL}
    try:
        for fields in reader:
            line = reader.line_num
            if problems.full:
                break
            if not any(f.strip() for f in fields):
                blank += 1
                continue
            if len(fields) != width:
                hint = (" – kontrollera citattecknen" if any(separator in f or "\n" in f for f in fields) else "")
                problems.add(line, f"raden har {len(fields)} fält men rubrikraden har {width}{hint}.")
                continue
            values = {k: (fields[i].strip() if i is not None else "") for k, i in get.items()}
            m = _PERIOD.fullmatch(values["period"])
            if not m or not 1 <= int(m.group(2)) <= 12:
                problems.add(line, f"perioden {values['period']!r} ska skrivas ÅÅÅÅ-MM (t.ex. 2026-08).")
                continue
            if expected_year is not None and int(m.group(1)) != expected_year:
                problems.add(line, f"perioden {values['period']} ligger inte i år {expected_year}.")
                continue
            konto = values["konto"].replace(" ", "")
            if not konto.isdigit() or not konto.isascii():
                problems.add(line, f"kontot {values['konto']!r} ska vara ett kontonummer (siffror).")
                continue
            amount = _amount(values["belopp"], line, problems)
            if amount is None:
                continue
            rows.append(LedgerRow(f"{m.group(1)}-{m.group(2)}", konto, amount, values["ansvar"], values["namnd"],
                                  values["verksamhet"], values["projekt"], file, line))
    except csv.Error as exc:
        problems.add(reader.line_num, f"raden kan inte läsas som CSV ({exc}); kontrollera citattecknen.")
    if not rows and not problems:
        problems.add(0, "filen har inga rader med utfall under rubrikraden.")
    problems.raise_if_any()
    return UtfallCsv(file, encoding, separator, tuple(rows), tuple(ignored), blank, tuple(h.strip() for h in header))


def read_utfall_csv(path: str | Path, *, expected_year: int | None = None) -> UtfallCsv:
    return parse_utfall_csv(read_bytes(path), str(path), expected_year=expected_year)


def _sv_decimal(value: Decimal) -> str:
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(f"ett belopp har högst två decimaler: {value}")
    return format(value, "f").replace(".", ",")


def format_utfall_csv(rows: Iterable[LedgerRow], *, encoding: str = "utf-8-sig", namnd: bool = False,
                      projekt: bool = False) -> bytes:
    """The contract's CSV: a header, ';', decimal comma, CRLF; `namnd` writes a nämnd column instead
    of ansvar; `encoding` 'utf-8-sig' (Excel's "CSV UTF-8"), 'utf-8' or 'cp1252'."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    who = "nämnd" if namnd else "ansvar"
    writer.writerow(["period", who, "verksamhet", "konto", "belopp"] + (["projekt"] if projekt else []))
    for r in rows:
        writer.writerow([r.period, r.namnd if namnd else r.ansvar, r.verksamhet, r.konto, _sv_decimal(r.belopp)]
                        + ([r.projekt] if projekt else []))
    return out.getvalue().encode(encoding)


def write_utfall_csv(path: str | Path, rows: Iterable[LedgerRow], **options: object) -> None:
    write_bytes(path, format_utfall_csv(rows, **options), "CSV-filen")  # type: ignore[arg-type]
