"""Zip- and XML-level edits of a workbook, and zip files written by hand (bombs, duplicate and odd names).

The workbooks are the project's own (openpyxl-written) examples: sheets hold `<c r="H6" s="14" t="n">`
cells with inline strings. `set_cell` swaps one cell's XML; `rewrite` changes whole parts.
`write_zip` writes entries whose deflate data is given, so a part that inflates to gigabytes is
made from one compressed chunk repeated (`repeated`): the big data is never materialised.
"""

from __future__ import annotations

import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

Parts = list[tuple[str, bytes]]
Change = bytes | Callable[[bytes], bytes]

_SHEET = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(rb"<Relationship\b[^>]*>")
_ATTR = re.compile(rb'(\w+)="([^"]*)"')


def read_parts(path: Path) -> Parts:
    with zipfile.ZipFile(path) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def write_parts(path: Path, parts: Parts) -> Path:
    """Write the entries in order (a name given twice is written twice), deflated."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names; some cases want them
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts:
                zf.writestr(zipfile.ZipInfo(name, date_time=(2026, 9, 1, 8, 0, 0)), data,
                            compress_type=zipfile.ZIP_DEFLATED)
    return path


def rewrite(path: Path, changes: dict[str, Change], add: Parts = (), dest: Path | None = None) -> Path:
    """Replace (bytes) or transform (function) named parts, append `add`, write to `dest` (default: in place)."""
    parts = read_parts(path)
    missing = set(changes) - {n for n, _ in parts}
    if missing:
        raise KeyError(f"{path.name}: inga delar {sorted(missing)}")
    out = []
    for name, data in parts:
        change = changes.get(name)
        out.append((name, change(data) if callable(change) else change if change is not None else data))
    return write_parts(dest or path, out + list(add))


def sheet_part(path: Path, sheet: str) -> str:
    """The zip part of a sheet, from workbook.xml and its relationships."""
    with zipfile.ZipFile(path) as zf:
        wb, rels = zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels")
    targets = {a[b"Id"]: a[b"Target"] for a in (dict(_ATTR.findall(tag)) for tag in _REL.findall(rels))}
    for name, rid in _SHEET.findall(wb):
        if name.decode() == escape(sheet, quote=True):
            target = targets[rid].decode()
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise KeyError(sheet)


def _cell_pattern(ref: str) -> re.Pattern[bytes]:
    return re.compile(rb'<c r="' + ref.encode() + rb'"(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</c>)', re.S)


def _row_of(ref: str) -> int:
    return int(re.sub(r"[A-Z]+", "", ref))


def _col_number(ref: str) -> int:
    n = 0
    for ch in re.sub(r"\d+", "", ref):
        n = n * 26 + ord(ch) - 64
    return n


def replace_cell(xml: bytes, ref: str, attrs: str, body: bytes) -> bytes:
    """The sheet XML with cell `ref` replaced by `<c r=ref {attrs} s=(kept)>{body}</c>` (added if absent)."""
    pat = _cell_pattern(ref)
    m = pat.search(xml)
    style = re.search(rb'\ss="(\d+)"', m.group("attrs")).group(0) if m and re.search(rb'\ss="\d+"', m.group("attrs")) else b""
    new = b'<c r="' + ref.encode() + b'"' + style + (b" " + attrs.encode() if attrs else b"") + b">" + body + b"</c>"
    if m:
        return xml[:m.start()] + new + xml[m.end():]
    row = _row_of(ref)
    rm = re.search(rb'<row r="' + str(row).encode() + rb'"[^>]*?(/>|>(.*?)</row>)', xml, re.S)
    if rm is None:  # a new row, placed among the others by number
        after = [m for m in re.finditer(rb'<row r="(\d+)"', xml) if int(m.group(1)) > row]
        at = after[0].start() if after else xml.index(b"</sheetData>")
        return xml[:at] + b'<row r="' + str(row).encode() + b'">' + new + b"</row>" + xml[at:]
    if rm.group(1) == b"/>":
        return xml[:rm.start()] + b'<row r="' + str(row).encode() + b'">' + new + b"</row>" + xml[rm.end():]
    cells = list(re.finditer(rb'<c r="([A-Z]+)\d+"', rm.group(2)))
    later = [c for c in cells if _col_number(c.group(1).decode()) > _col_number(ref)]
    at = rm.start(2) + (later[0].start() if later else len(rm.group(2)))
    return xml[:at] + new + xml[at:]


def set_cell(path: Path, sheet: str, ref: str, attrs: str, body: bytes) -> Path:
    """Give one cell new XML (its style kept): e.g. attrs 't="n"', body b"<v>NaN</v>"."""
    part = sheet_part(path, sheet)
    return rewrite(path, {part: lambda xml: replace_cell(xml, ref, attrs, body)})


def number_xml(raw: str) -> tuple[str, bytes]:
    """A numeric cell holding `raw` as stored (NaN, inf, 1e400 are what a hand-made file can hold)."""
    return 't="n"', b"<v>" + raw.encode() + b"</v>"


def text_xml(text: str, raw: bool = False) -> tuple[str, bytes]:
    """An inline-string cell; `raw` writes the text's bytes unescaped (control characters as they are)."""
    body = text.encode() if raw else escape(text, quote=False).encode()
    return 't="inlineStr"', b"<is><t xml:space=\"preserve\">" + body + b"</t></is>"


def formula_xml(formula: str, cached: str, error: bool = True) -> tuple[str, bytes]:
    """A formula cell with its cached value (an error value such as #DIV/0! when `error`)."""
    attrs = 't="e"' if error else 't="n"'
    return attrs, b"<f>" + escape(formula, quote=False).encode() + b"</f><v>" + cached.encode() + b"</v>"


# ---------------------------------------------------------------- zip files written by hand
_GF2_DIM = 32


def _gf2_times(mat: list[int], vec: int) -> int:
    out, i = 0, 0
    while vec:
        if vec & 1:
            out ^= mat[i]
        vec >>= 1
        i += 1
    return out


def _gf2_square(mat: list[int]) -> list[int]:
    return [_gf2_times(mat, mat[n]) for n in range(_GF2_DIM)]


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A+B from crc(A), crc(B) and len(B) (zlib's crc32_combine: crc1 shifted by len2 zero bytes)."""
    op = [0xEDB88320] + [1 << n for n in range(_GF2_DIM - 1)]  # the CRC of one more zero bit
    for _ in range(3):
        op = _gf2_square(op)  # ... of one more zero byte
    while len2 > 0:
        if len2 & 1:
            crc1 = _gf2_times(op, crc1)
        len2 >>= 1
        if len2:
            op = _gf2_square(op)
    return crc1 ^ crc2


@dataclass(frozen=True)
class Raw:
    """One entry of a hand-written zip: deflate data (or stored bytes) with its CRC and sizes.

    `declared` overrides the uncompressed size written in the headers (a zip that lies about it).
    """

    data: bytes
    crc: int
    size: int
    method: int = zipfile.ZIP_DEFLATED
    declared: int | None = None


def _segment(data: bytes) -> bytes:
    """Raw deflate blocks for `data`, byte-aligned and independent of what comes before (full flush)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_FULL_FLUSH)


_FINAL = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)  # an empty last block


def deflated(data: bytes) -> Raw:
    return Raw(_segment(data) + _FINAL, zlib.crc32(data), len(data))


def repeated(head: bytes, chunk: bytes, count: int, tail: bytes) -> Raw:
    """head + chunk × count + tail, deflated from one compressed chunk: gigabytes from megabytes."""
    piece = _segment(chunk)
    crc_all, n, crc_body = zlib.crc32(chunk), len(chunk), 0
    body_len, k, started = 0, count, False
    while k:  # crc of chunk × count by doubling (crc_all is crc of chunk × 2^i)
        if k & 1:
            crc_body = crc32_combine(crc_body, crc_all, n) if started else crc_all
            body_len += n
            started = True
        k >>= 1
        if k:
            crc_all, n = crc32_combine(crc_all, crc_all, n), n * 2
    crc = crc32_combine(zlib.crc32(head), crc_body, body_len)
    crc = crc32_combine(crc, zlib.crc32(tail), len(tail))
    data = _segment(head) + piece * count + _segment(tail) + _FINAL
    return Raw(data, crc, len(head) + len(chunk) * count + len(tail))


def write_zip(path: Path, entries: list[tuple[str, Raw]]) -> Path:
    """A zip of the given entries, names as given (even duplicate, absolute or with ..)."""
    central, offset = [], 0
    with open(path, "wb") as fh:
        for name, e in entries:
            bname = name.encode()
            size = e.size if e.declared is None else e.declared
            local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, e.method, 0x4000, 0x5B21, e.crc,
                                len(e.data), size, len(bname), 0)
            fh.write(local + bname)
            fh.write(e.data)
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, e.method, 0x4000,
                                       0x5B21, e.crc, len(e.data), size, len(bname), 0, 0, 0, 0, 0, offset) + bname)
            offset += len(local) + len(bname) + len(e.data)
        cd = b"".join(central)
        fh.write(cd)
        fh.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cd), offset, 0))
    return path


def raw_entries(path: Path, replace: dict[str, Raw] | None = None) -> list[tuple[str, Raw]]:
    """A workbook's entries as Raw (deflated again), with some replaced."""
    replace = replace or {}
    return [(n, replace.get(n) or deflated(d)) for n, d in read_parts(path)]
