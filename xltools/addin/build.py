"""Build xltools.xlam: xlwings' ribbon add-in with a Swedish ribbon, an icon and a preset config sheet.

Only the package parts around the VBA are edited (customUI, icon, content types, the config sheet,
the document title); ``xl/vbaProject.bin`` is copied byte for byte, so the VBA stays xlwings' own.
The button runs ``import xltools; xltools.main()`` because the VBA imports the module named like
the .xlam file, hence the fixed file name.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from xltools.atomic import atomic_file
from xltools.errors import XltoolsError

ADDIN_NAME = "xltools.xlam"
SOURCE_NAME = "quickstart_addin_ribbon.xlam"
DEFAULT_INTERPRETER_WIN = r"%LOCALAPPDATA%\xltools\python\python.exe"
# Mac: the VBA turns $HOME into the user's home folder (outside Excel's sandbox); no spaces in the path, as
# the path goes through AppleScript's `do shell script` (xlwings runpython install must have been run).
DEFAULT_INTERPRETER_MAC = "$HOME/Library/xltools/python/bin/python"
ON_ACTION = "RibbonMyAddin.RunMain"  # the VBA callback in xlwings' RibbonMyAddin module
CONFIG_SHEET = "myaddin.conf"  # PROJECT_NAME "myaddin" is fixed in the VBA
SHIPPED_CONFIG_SHEET = "_myaddin.conf"  # xlwings ships it disabled (leading underscore)

TAB_LABEL = "Kommunbudget"
GROUP_LABEL = "Kontroll"
BUTTON_LABEL = "Validera"
SCREENTIP = "Validera arbetsboken"
SUPERTIP = (
    "Kontrollerar den öppna arbetsboken mot kommunens regler för budgetprocessen. "
    "Fel och varningar listas på bladet Kontroll och markeras i de celler där de finns."
)
TITLE = "xltools – Kommunbudget"
AUTHOR = "xltools"
ICON_PART = "customUI/images/validera.png"
ICON_ID = "validera_png"

_CUSTOMUI = "customUI/customUI.xml"
_CUSTOMUI_RELS = "customUI/_rels/customUI.xml.rels"
_CONTENT_TYPES = "[Content_Types].xml"
_WORKBOOK = "xl/workbook.xml"
_SHEET = "xl/worksheets/sheet1.xml"
_SHARED = "xl/sharedStrings.xml"
_CORE = "docProps/core.xml"
_VBA = "xl/vbaProject.bin"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so that two builds give the same bytes
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CUSTOMUI_NS = "{http://schemas.microsoft.com/office/2006/01/customui}"

_ROW = re.compile(r"<row\b[^>]*?(?:/>|>.*?</row>)", re.S)
_CELL = re.compile(r"<c\b[^>]*?(?:/>|>.*?</c>)", re.S)
_ABS_PATH = re.compile(r"<mc:AlternateContent\b(?:(?!</mc:AlternateContent>).)*?<x15ac:absPath\b.*?</mc:AlternateContent>",
                       re.S)
_DIMENSION = re.compile(r'<dimension ref="([A-Z]+\d+)(?::([A-Z]+)(\d+))?"')


def shipped_addin() -> Path:
    """The ribbon add-in inside the installed xlwings package."""
    path = Path(str(resources.files("xlwings") / SOURCE_NAME))
    if not path.is_file():
        raise XltoolsError(f"Hittar inte {SOURCE_NAME} i xlwings-paketet ({path}).")
    return path


def build_addin(
    out_dir: str | os.PathLike[str],
    interpreter_win: str = DEFAULT_INTERPRETER_WIN,
    interpreter_mac: str = DEFAULT_INTERPRETER_MAC,
    pythonpath: str = "",
    *,
    udf_server: bool = False,
    source: str | os.PathLike[str] | None = None,
) -> Path:
    """Write ``out_dir/xltools.xlam`` atomically and return its path.

    With `udf_server`, xlwings' "Use UDF Server" is on: on Windows the button runs in a Python
    that stays running between clicks (xlwings' COM server) instead of a new process per click.
    """
    values = {
        "INTERPRETER_WIN": interpreter_win,
        "INTERPRETER_MAC": interpreter_mac,
        "PYTHONPATH": pythonpath,
        "ADD_WORKBOOK_TO_PYTHONPATH": "false",
    }
    if udf_server:  # otherwise xlwings' own value (FALSE) stays
        values["USE UDF SERVER"] = "True"
    _check_values(values)
    parts = _read_parts(Path(source) if source else shipped_addin())
    _check_source(parts)
    _apply_edits(parts, values)
    _check_xml(parts)
    target = Path(out_dir) / ADDIN_NAME
    with atomic_file(target) as tmp:
        tmp.write_bytes(_zip_bytes(parts))
    return target


def read_addin_config(xlam: str | os.PathLike[str]) -> dict[str, str]:
    """Keys (upper case, as the VBA sees them) and values of the add-in's config sheet."""
    parts = _read_parts(Path(xlam))
    shared = _shared_strings(parts.get(_SHARED, b""))
    sheet = parts[_SHEET].decode("utf-8")
    config: dict[str, str] = {}
    for row in _config_rows(sheet, shared):
        config[_cell_text(row, "A", shared).upper()] = _cell_text(row, "B", shared)
    return config


def ribbon_xml() -> bytes:
    """The Swedish customUI part: one tab, one group, one large button."""

    def attr(value: str) -> str:
        return escape(value, {'"': "&quot;"})

    xml = (
        f'{_XML_DECL}<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui">\n'
        "  <ribbon>\n    <tabs>\n"
        f'      <tab id="xltoolsTab" label="{attr(TAB_LABEL)}">\n'
        f'        <group id="xltoolsKontroll" label="{attr(GROUP_LABEL)}">\n'
        f'          <button id="xltoolsValidera" label="{attr(BUTTON_LABEL)}" size="large"\n'
        f'                  screentip="{attr(SCREENTIP)}"\n'
        f'                  supertip="{attr(SUPERTIP)}"\n'
        f'                  onAction="{ON_ACTION}" image="{ICON_ID}" />\n'
        "        </group>\n      </tab>\n    </tabs>\n  </ribbon>\n</customUI>\n"
    )
    return xml.encode("utf-8")


def ribbon_rels() -> bytes:
    """Relationships of the customUI part: the icon, with the id the button's ``image`` names."""
    xml = (
        f"{_XML_DECL}"
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="{ICON_ID}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
        f'Target="{ICON_PART.removeprefix("customUI/")}" />'
        "</Relationships>\n"
    )
    return xml.encode("utf-8")


def icon_png(size: int = 32) -> bytes:
    """A green disc with a white check mark as an RGBA PNG (deterministic, pure Python)."""
    raw = bytearray()
    for y in range(size):
        raw.append(0)  # filter type None
        for x in range(size):
            raw += bytes(_icon_pixel(x, y, size))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + _png_chunk(b"IEND", b"")
    )


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(tag + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)


def _icon_pixel(x: int, y: int, size: int, samples: int = 4) -> tuple[int, int, int, int]:
    """Colour of one pixel, anti-aliased by averaging samples x samples sub-pixels."""
    scale = size / 32
    green, white = (46, 125, 50), (255, 255, 255)
    check = [
        (8.5 * scale, 16.5 * scale),
        (13.5 * scale, 21.5 * scale),
        (23.5 * scale, 10.5 * scale),
    ]
    acc = [0.0, 0.0, 0.0]
    covered = 0
    for i in range(samples):
        for j in range(samples):
            px, py = x + (i + 0.5) / samples, y + (j + 0.5) / samples
            if (px - size / 2) ** 2 + (py - size / 2) ** 2 > (size / 2 - 0.5) ** 2:
                continue
            covered += 1
            colour = white if _near_polyline(px, py, check, 2.2 * scale) else green
            acc = [a + c for a, c in zip(acc, colour, strict=True)]
    if not covered:
        return (0, 0, 0, 0)
    r, g, b = (round(a / covered) for a in acc)
    return (r, g, b, round(255 * covered / samples**2))


def _near_polyline(px: float, py: float, points: list[tuple[float, float]], width: float) -> bool:
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
        if (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2 <= width * width:
            return True
    return False


def _check_values(values: Mapping[str, str]) -> None:
    for key, value in values.items():
        if '"' in value or any(ord(ch) < 32 for ch in value):
            raise XltoolsError(
                f"Värdet för {key} får inte innehålla citattecken eller radbrytningar: {value!r}"
            )


def _read_parts(path: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(path) as zf:
            return {name: zf.read(name) for name in zf.namelist()}
    except (OSError, zipfile.BadZipFile) as exc:
        raise XltoolsError(f"Kan inte läsa tillägget {path}: {exc}") from exc


def _check_source(parts: Mapping[str, bytes]) -> None:
    """Refuse a source whose layout differs from what this builder edits (a new xlwings?)."""
    missing = [p for p in (_CUSTOMUI, _CONTENT_TYPES, _WORKBOOK, _SHEET, _VBA) if p not in parts]
    if missing:
        raise XltoolsError(f"Tillägget från xlwings saknar delarna {', '.join(missing)}.")
    root = ElementTree.fromstring(parts[_CUSTOMUI])
    actions = {b.get("onAction") for b in root.iter(f"{_CUSTOMUI_NS}button")}
    if actions != {ON_ACTION}:
        raise XltoolsError(
            f"Oväntad knappfunktion i xlwings-tillägget: {sorted(map(str, actions))}."
        )
    if f'name="{SHIPPED_CONFIG_SHEET}"' not in parts[_WORKBOOK].decode("utf-8"):
        raise XltoolsError(f"Bladet {SHIPPED_CONFIG_SHEET} saknas i xlwings-tillägget.")


def _apply_edits(parts: dict[str, bytes], values: Mapping[str, str]) -> None:
    parts[_CUSTOMUI] = ribbon_xml()
    parts[_CUSTOMUI_RELS] = ribbon_rels()
    parts[ICON_PART] = icon_png()
    parts[_CONTENT_TYPES] = _content_types(parts[_CONTENT_TYPES].decode("utf-8")).encode("utf-8")
    workbook = parts[_WORKBOOK].decode("utf-8").replace(f'name="{SHIPPED_CONFIG_SHEET}"', f'name="{CONFIG_SHEET}"')
    parts[_WORKBOOK] = _ABS_PATH.sub("", workbook).encode("utf-8")  # the folder xlwings' developer saved it in
    shared = _shared_strings(parts.get(_SHARED, b""))
    parts[_SHEET] = _config_sheet(parts[_SHEET].decode("utf-8"), shared, values).encode("utf-8")
    if _CORE in parts:
        parts[_CORE] = _core_properties(parts[_CORE].decode("utf-8")).encode("utf-8")


def _content_types(xml: str) -> str:
    """Add the png default content type if missing."""
    if re.search(r'<Default\s+Extension="png"', xml, re.I):
        return xml
    png = '<Default Extension="png" ContentType="image/png" />'
    return re.sub(r"(<Types\b[^>]*>)", lambda m: m.group(1) + png, xml, count=1)


def _core_properties(xml: str) -> str:
    """Give the add-in a title and description (shown in Excel's Add-ins dialog), and xltools as its
    author in place of the name xlwings' developer left in the file."""
    description = (
        "Knappen Validera kontrollerar nämndens arbetsbok. Bygger på xlwings (BSD-licens)."
    )
    for tag, text in (("dc:title", TITLE), ("dc:description", description), ("dc:creator", AUTHOR),
                      ("cp:lastModifiedBy", AUTHOR)):
        pattern = rf"<{tag}\s*/>|<{tag}>.*?</{tag}>"
        xml = re.sub(
            pattern, lambda _m, t=tag, v=text: f"<{t}>{escape(v)}</{t}>", xml, count=1, flags=re.S
        )
    return xml


def _shared_strings(data: bytes) -> list[str]:
    if not data:
        return []
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    root = ElementTree.fromstring(data)
    return ["".join(t.text or "" for t in si.iter(f"{ns}t")) for si in root.iter(f"{ns}si")]


def _row_number(row: str) -> int:
    match = re.match(r'<row\b[^>]*?\br="(\d+)"', row)
    if not match:
        raise XltoolsError("Konfigurationsbladet har en rad utan radnummer.")
    return int(match.group(1))


def _find_cell(row: str, col: str) -> re.Match[str] | None:
    for match in _CELL.finditer(row):
        if re.match(rf'<c\b[^>]*?\br="{col}\d+"', match.group(0)):
            return match
    return None


def _cell_text(row: str, col: str, shared: list[str]) -> str:
    """The displayed text of a cell (shared, inline, boolean or number)."""
    match = _find_cell(row, col)
    if not match:
        return ""
    cell = match.group(0)
    kind = re.match(r'<c\b[^>]*?\bt="(\w+)"', cell)
    value = re.search(r"<v>(.*?)</v>", cell, re.S)
    if kind and kind.group(1) == "inlineStr":
        return _unescape("".join(re.findall(r"<t\b[^>]*>(.*?)</t>", cell, re.S)))
    if not value:
        return ""
    if kind and kind.group(1) == "s":
        return shared[int(value.group(1))]
    if kind and kind.group(1) == "b":
        return "TRUE" if value.group(1).strip() == "1" else "FALSE"
    return _unescape(value.group(1))


def _unescape(text: str) -> str:
    return ElementTree.fromstring(f"<x>{text}</x>").text or ""


def _config_rows(sheet: str, shared: list[str]) -> list[str]:
    """The rows the VBA reads: from A1 down to the last cell before the first empty A."""
    rows = {_row_number(m.group(0)): m.group(0) for m in _ROW.finditer(sheet)}
    out: list[str] = []
    number = 1
    while number in rows and _cell_text(rows[number], "A", shared):
        out.append(rows[number])
        number += 1
    return out


def _config_sheet(sheet: str, shared: list[str], values: Mapping[str, str]) -> str:
    """Write each value into column B of its key's row; append missing keys below the last key."""
    for key, value in values.items():
        rows = _config_rows(sheet, shared)
        keys = [_cell_text(row, "A", shared).upper() for row in rows]
        if key.upper() in keys:
            row = rows[keys.index(key.upper())]
            sheet = sheet.replace(row, _with_value(row, value), 1)
        else:
            sheet = _append_row(sheet, rows, key, value)
    return _fix_dimension(sheet)


def _style(row: str) -> str:
    cell = _find_cell(row, "A")
    style = re.match(r'<c\b[^>]*?\bs="(\d+)"', cell.group(0)) if cell else None
    return f' s="{style.group(1)}"' if style else ""


def _inline_cell(ref: str, style: str, text: str) -> str:
    return (
        f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
    )


def _with_value(row: str, value: str) -> str:
    """The row with its B cell replaced by ``value`` (removed if the value is empty)."""
    number = _row_number(row)
    old = _find_cell(row, "B")
    if old:
        row = row[: old.start()] + row[old.end() :]
    if value:
        a_cell = _find_cell(row, "A")
        assert a_cell is not None  # config rows have a key in A
        new = _inline_cell(f"B{number}", _style(row), value)
        row = row[: a_cell.end()] + new + row[a_cell.end() :]
    return re.sub(r'\bspans="[^"]*"', 'spans="1:2"', row, count=1)


def _append_row(sheet: str, rows: list[str], key: str, value: str) -> str:
    """Insert a key row right below the last key row (the VBA stops at the first empty A)."""
    if not rows:
        raise XltoolsError("Konfigurationsbladet i xlwings-tillägget är tomt.")
    last = rows[-1]
    number = _row_number(last) + 1
    if re.search(rf'<row\b[^>]*?\br="{number}"', sheet):
        raise XltoolsError(
            f"Rad {number} i konfigurationsbladet är redan använd; kan inte lägga till {key}."
        )
    style = _style(last)
    cells = _inline_cell(f"A{number}", style, key)
    if value:
        cells += _inline_cell(f"B{number}", style, value)
    new_row = f'<row r="{number}" spans="1:2">{cells}</row>'
    end = sheet.index(last) + len(last)
    return sheet[:end] + new_row + sheet[end:]


def _fix_dimension(sheet: str) -> str:
    """Make the used-range hint cover column B and every row."""
    last_row = max((_row_number(m.group(0)) for m in _ROW.finditer(sheet)), default=1)
    match = _DIMENSION.search(sheet)
    if not match:
        return sheet
    col = max(match.group(2) or "A", "B", key=lambda c: (len(c), c))
    row = max(int(match.group(3) or 1), last_row)
    return sheet[: match.start()] + f'<dimension ref="A1:{col}{row}"' + sheet[match.end() :]


def _check_xml(parts: Mapping[str, bytes]) -> None:
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            try:
                ElementTree.fromstring(data)
            except ElementTree.ParseError as exc:
                raise XltoolsError(f"Internt fel: delen {name} blev ogiltig XML ({exc}).") from exc


def _ordered(parts: Mapping[str, bytes]) -> Iterable[str]:
    first = [_CONTENT_TYPES, "_rels/.rels"]
    return [n for n in first if n in parts] + [n for n in parts if n not in first]


def _zip_bytes(parts: Mapping[str, bytes]) -> bytes:
    """The package as zip bytes with fixed timestamps, so the output is reproducible."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in _ordered(parts):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            zf.writestr(info, parts[name])
    return buffer.getvalue()
