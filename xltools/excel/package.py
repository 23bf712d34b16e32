"""A workbook's zip package checked before python-calamine allocates anything from it (issue 12, part 1).

python-calamine builds a dense grid from A1 to a sheet's last cell and holds every part it reads in
memory, so a 10 kB file with one cell in XFD1048576, or a 2 MB zip whose sheet inflates to
2 GiB, would end the whole process (an abort from Rust, not an exception). This module looks at
the package first, cheaply: the zip directory (duplicate, unsafe or encrypted entries, declared
sizes, compression ratios, headers that understate a part), then the XML of every sheet that will
be read (its declared dimension, how far its cells reach, how many there are, how deeply the XML
around the cells nests). The sheet XML it inflates is handed on, so nothing is inflated twice by
Python. A refusal names the sheet and the limit (xltools.excel.limits).
"""

from __future__ import annotations

import functools
import re
import zipfile
import zlib
from collections import Counter

from xltools.cells import col_index, col_letter
from xltools.excel.files import Refused
from xltools.excel.limits import MIB, Limits

_ATTR = re.compile(rb'([\w:.-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_SHEET_TAG = re.compile(rb"<(?:[\w.-]+:)?sheet\s([^>]*)>")
_REL_TAG = re.compile(rb"<(?:[\w.-]+:)?Relationship\s([^>]*)>")
_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\s+ref\s*=\s*["\']([A-Za-z]{1,3})(\d{1,7})(?::([A-Za-z]{1,3})(\d{1,7}))?')
# A cell that may lie beyond Z999, or whose place is implicit: anything but <c r="A1" .. <c r="Z999".
_UNUSUAL_CELL = re.compile(rb'<c(?:>|\s(?!r="[A-Za-z]\d{1,3}"))')
_FAST_COLS, _FAST_ROWS = 26, 999  # the reach of a sheet without unusual cells
_KEEP_DEPTH = bytes(b for b in range(256) if b not in b"<\x01\x02")
_TABLE_REL = b"relationships/table"
_MIN_CELL_BYTES = 10  # a cell with a value takes at least this much XML (<c><v>1</v></c> is 15)


class Package:
    """What the checks found: each sheet's part, the inflated XML of the sheets read, macros, table ranges."""

    __slots__ = ("sheets", "xml", "macros", "tables")

    def __init__(self, sheets: dict[str, str]) -> None:
        self.sheets = sheets  # sheet name -> zip member, as calamine resolves it
        self.xml: dict[str, bytes] = {}  # sheet name -> its XML (the sheets read)
        self.macros = False
        self.tables: dict[str, dict[str, tuple[int, int]]] = {}  # sheet -> table -> (header row, last row)


def _attrs(tag: bytes) -> dict[bytes, str]:
    """A tag's attributes (name -> unescaped value)."""
    out: dict[bytes, str] = {}
    for key, dq, sq in _ATTR.findall(tag):
        value = (dq if dq or not sq else sq).decode("utf-8", "replace")
        if "&" in value:
            value = (value.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
                     .replace("&amp;", "&"))
        out[key] = value
    return out


def _lower(name: str) -> str:
    """ASCII-only lower case: zip members are looked up as calamine does (eq_ignore_ascii_case)."""
    if name.isascii():
        return name.lower()
    return name.encode("utf-8", "surrogateescape").lower().decode("utf-8", "surrogateescape")


def _sheet_path(target: str) -> str:
    """A workbook relationship target as calamine resolves it."""
    if target.startswith("/xl/"):
        return target[1:]
    return target if target.startswith("xl/") else f"xl/{target}"


def _unsafe(name: str) -> bool:
    """A zip entry name that could point out of the package: absolute, with a drive, '..' or a backslash."""
    return (name.startswith("/") or "\\" in name or "\x00" in name or name[1:2] == ":"
            or ".." in name.split("/"))


def _mb(n: int) -> str:
    return f"{n / MIB:.1f}".replace(".", ",") if n < 100 * MIB else f"{n // MIB:,}".replace(",", " ")


def _amount(n: int) -> str:
    return f"{_mb(n)} MB" if n >= MIB else f"{_whole(max(1, n // 1024))} kB"


def _whole(n: int) -> str:
    return f"{n:,}".replace(",", " ")


class _Check:
    def __init__(self, zf: zipfile.ZipFile, data: bytes, limits: Limits):
        self.zf, self.data, self.limits = zf, data, limits
        self.infos = zf.infolist()
        self.by_name = {_lower(i.filename): i for i in self.infos}
        self.sheet_of: dict[str, str] = {}  # member (lower) -> sheet name

    def _refuse(self, rule: str, text: str, member: str | None = None, cell: str | None = None) -> Refused:
        sheet = self.sheet_of.get(_lower(member)) if member else None
        return Refused(rule, text, sheet, cell)

    def _where(self, member: str) -> str:
        sheet = self.sheet_of.get(_lower(member))
        return f"bladet {sheet}" if sheet else f"delen {member}"

    def directory(self) -> None:
        """Entries: no duplicates (in any case), no path out of the package, none encrypted."""
        names = [i.filename for i in self.infos]
        seen = Counter(n.casefold() for n in names)
        twice = sorted(name for name, n in seen.items() if n > 1) if len(seen) < len(names) else []
        if twice:
            raise Refused("FIL-8", f"Zip-arkivet innehåller delen {twice[0]} mer än en gång, så det går inte att veta "
                          "vilken version Excel skulle visa. Filen läses inte; öppna originalet i Excel, spara och "
                          "skicka igen.")
        bad = [n for n in names if _unsafe(n)]
        if bad:
            raise Refused("FIL-8", f"Zip-arkivet innehåller en post med en otillåten sökväg ({bad[0]!r}: absolut "
                          "eller med '..'). Filen läses inte; en arbetsbok från Excel har inga sådana poster.")
        if any(i.flag_bits & 0x1 for i in self.infos):
            raise Refused("FIL-4", "Delar av arbetsboken är krypterade. Ta bort lösenordet (Arkiv → Info → Skydda "
                          "arbetsbok) och spara igen.")

    def sizes(self) -> None:
        """Each entry (declared size, compression ratio, a header that cannot be true), then all together."""
        for i in self.infos:
            self._size(i)
        total = sum(i.file_size for i in self.infos)
        if total > self.limits.total_bytes:
            raise Refused("FIL-9", f"Arbetsboken packas upp till {_mb(total)} MB; gränsen är "
                          f"{_mb(self.limits.total_bytes)} MB (XLTOOLS_MAX_UPPACKAT_MB). Filen läses inte.")

    def _size(self, i: zipfile.ZipInfo) -> None:
        """One entry: its declared size, its compression ratio, and a header that cannot be true."""
        lim, size, packed = self.limits, i.file_size, i.compress_size
        if size > lim.part_bytes:
            raise self._refuse("FIL-9", f"I arbetsboken packas {self._where(i.filename)} upp till {_mb(size)} MB; "
                               f"gränsen för en del är {_mb(lim.part_bytes)} MB (XLTOOLS_MAX_DEL_MB). Filen läses inte.",
                               i.filename)
        stored = i.compress_type == zipfile.ZIP_STORED
        if (packed != size) if stored else packed > size + size // 1000 + 4096:  # deflate grows data by less
            raise self._refuse("FIL-9", f"Zip-arkivets uppgift om storleken på {self._where(i.filename)} kan inte "
                               f"stämma: den uppges vara {_whole(size)} byte men är packad i {_whole(packed)} byte "
                               "och packas alltså upp till mer. Filen läses inte.", i.filename)
        if size > MIB and size > lim.ratio * max(packed, 1):
            raise self._refuse("FIL-9", f"I arbetsboken packas {self._where(i.filename)} upp "
                               f"{_whole(size // max(packed, 1))} gånger (från {_amount(packed)} till {_amount(size)}); "
                               f"gränsen är {lim.ratio} gånger (XLTOOLS_MAX_KVOT). Filen läses inte.", i.filename)

    def read(self, member: str) -> bytes:
        """An entry inflated, never beyond its declared size (checked against the limits first), CRC checked.

        Inflated straight from the package's bytes (zipfile's reader costs more than the inflating for
        the small parts of a workbook); deflate and stored entries, as Excel writes them.
        """
        info = self.by_name[_lower(member)]
        self._size(info)
        try:
            off = info.header_offset
            head = self.data[off:off + 30]
            if len(head) < 30 or head[:4] != b"PK\x03\x04":
                raise zipfile.BadZipFile("local header")
            start = off + 30 + int.from_bytes(head[26:28], "little") + int.from_bytes(head[28:30], "little")
            raw = self.data[start:start + info.compress_size]
            if info.compress_type == zipfile.ZIP_STORED:
                out = raw
            elif info.compress_type == zipfile.ZIP_DEFLATED:
                inflater = zlib.decompressobj(-15)
                out = inflater.decompress(raw, info.file_size + 1)  # never more than one byte over what it says
            else:
                out = self.zf.read(info)  # another method (zipfile stops at the declared size)
            if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
                raise zipfile.BadZipFile("CRC")
            return out
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise self._refuse("FIL-6", f"Arbetsboken är skadad: {self._where(member)} kan inte packas upp "
                               f"({'storleken eller kontrollsumman stämmer inte' if 'CRC' in str(exc) else 'zip-posten är trasig'}). "
                               "Öppna filen i Excel, spara om och skicka igen.", member) from exc

    def sheet_parts(self) -> dict[str, str]:
        """Sheet name -> member, from workbook.xml and its relationships, resolved as calamine does."""
        for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            if _lower(name) not in self.by_name:
                return {}  # the caller reports a package that is no workbook; calamine has the last word
        rels = {a.get(b"Id", ""): a.get(b"Target", "") for a in map(_attrs, _REL_TAG.findall(self.read(
            "xl/_rels/workbook.xml.rels")))}
        out: dict[str, str] = {}
        for tag in _SHEET_TAG.findall(self.read("xl/workbook.xml")):
            a = _attrs(tag)
            rid = a.get(b"r:id", a.get(b"relationships:id"))
            if rid is None or rid not in rels or b"name" not in a:
                continue
            out[a[b"name"]] = _sheet_path(rels[rid])
        self.sheet_of = {_lower(part): name for name, part in out.items()}
        return out

    def sheet(self, name: str, member: str) -> bytes:
        """One sheet's XML, checked: present, inflatable, dimension, reach and number of cells, nesting."""
        if _lower(member) not in self.by_name:
            raise Refused("FIL-6", f"Arbetsboken är skadad: bladet {name} finns i arbetsbokens lista men dess innehåll "
                          f"({member}) saknas i arkivet. Öppna filen i Excel, spara om och skicka igen.", name)
        xml = self.read(member)
        lim = self.limits
        start = xml.find(b"<sheetData")
        end = xml.rfind(b"</sheetData>") if start >= 0 else -1
        data_from, data_to = (start, end) if end > start else (len(xml), len(xml))
        dim = xml.find(b"dimension", 0, data_from)
        if dim > 0:
            m = _DIMENSION.search(xml, max(0, dim - 16), min(data_from, dim + 200))
            if m:
                rows = int(m.group(4) or m.group(2) or 0)
                cols = col_index((m.group(3) or m.group(1)).decode().upper())
                if rows * cols > lim.cells:
                    ref = m.group(1).decode() + m.group(2).decode() + (
                        f":{m.group(3).decode()}{m.group(4).decode()}" if m.group(3) else "")
                    raise Refused("FIL-9", f"Bladet {name} uppger att det använder området {ref.upper()} "
                                  f"({_whole(rows * cols)} celler); gränsen är {_whole(lim.cells)} celler "
                                  "(XLTOOLS_MAX_CELLER). Ta bort allt under och till höger om det som ska lämnas in, "
                                  "spara och skicka igen.", name)
        depth = _depth(xml[:data_from] + xml[data_to + len(b"</sheetData>"):], lim.depth)  # around the cells
        if depth > lim.depth:
            raise Refused("FIL-9", f"XML-koden i bladet {name} är nästlad i mer än {lim.depth} nivåer "
                          "(XLTOOLS_MAX_DJUP); så ser ingen arbetsbok från Excel ut. Filen läses inte.", name)
        size = data_to - data_from
        if size > _MIN_CELL_BYTES * lim.cells:
            n = xml.count(b"<c ", data_from, data_to) + xml.count(b"<c>", data_from, data_to)
            rows = xml.count(b"<row", data_from, data_to)
            if n > lim.cells or rows > lim.cells:
                raise Refused("FIL-9", f"Bladet {name} har {_whole(max(n, rows))} {'celler' if n >= rows else 'rader'}; "
                              f"gränsen är {_whole(lim.cells)} (XLTOOLS_MAX_CELLER). Filen läses inte.", name)
        prefixed = xml.find(b":c", data_from, data_to) >= 0  # <x:c ...>: calamine reads cells by local name
        if prefixed or _FAST_COLS * _FAST_ROWS > lim.cells or _UNUSUAL_CELL.search(xml, data_from, data_to):
            rows, cols = _reach(xml, data_from, data_to)
            if rows * cols > lim.cells:
                far = f"{col_letter(cols)}{rows}"
                raise Refused("FIL-9", f"Bladet {name} har innehåll ända ut till {far}, så arbetsboken skulle bli "
                              f"{_whole(rows * cols)} celler stor; gränsen är {_whole(lim.cells)} celler "
                              f"(XLTOOLS_MAX_CELLER). Ta bort innehållet långt utanför tabellerna, spara och skicka "
                              "igen.", name, far if rows <= 1_048_576 and cols <= 16_384 else None)
        return xml

    def tables(self, sheet: str, member: str, xml: bytes) -> dict[str, tuple[int, int]]:
        """The sheet's Excel tables: display name -> (header row, last row) of their range in this file."""
        if xml.find(b"tablePart", max(0, xml.rfind(b"</sheetData>"))) < 0:  # tableParts follow the cells
            return {}
        folder, _, file = member.rpartition("/")
        rels_name = f"{folder}/_rels/{file}.rels"
        if _lower(rels_name) not in self.by_name:
            return {}
        out: dict[str, tuple[int, int]] = {}
        for tag in _REL_TAG.findall(self.read(rels_name)):
            if _TABLE_REL not in tag:
                continue
            target = _attrs(tag).get(b"Target", "")
            part = _resolve(folder, target)
            if part is None or _lower(part) not in self.by_name:
                continue
            head = self.read(part)[:4096]
            m = re.search(rb"<(?:[\w.-]+:)?table\s([^>]*)>", head)
            if not m:
                continue
            a = _attrs(m.group(1))
            ref = re.fullmatch(r"\$?[A-Za-z]{1,3}\$?(\d{1,7}):\$?[A-Za-z]{1,3}\$?(\d{1,7})", a.get(b"ref", ""))
            name = a.get(b"displayName") or a.get(b"name")
            if ref and name:
                out[name] = (int(ref.group(1)), int(ref.group(2)))
        return out


def _resolve(folder: str, target: str) -> str | None:
    """A relationship target relative to the folder of its source part ('../tables/table1.xml')."""
    if target.startswith("/"):
        return target[1:]
    parts = folder.split("/") if folder else []
    for seg in target.split("/"):
        if seg == "..":
            if not parts:
                return None
            parts.pop()
        elif seg not in ("", "."):
            parts.append(seg)
    return "/".join(parts)


def _depth(xml: bytes, limit: int) -> int:
    """How deeply elements nest (up to limit + 1): tags reduced to one byte each, innermost pairs removed in turn."""
    opened = xml.count(b"<") - xml.count(b"</") - xml.count(b"/>")  # elements that are not empty: depth is at most this
    if opened <= limit:
        return max(0, opened)
    s = (xml.replace(b"<?", b"?").replace(b"<!", b"!").replace(b"</", b"\x02").replace(b"/>", b"\x01")
         .translate(None, _KEEP_DEPTH).replace(b"<\x01", b""))
    depth = 0
    while b"<\x02" in s and depth <= limit:
        s = s.replace(b"<\x02", b"")
        depth += 1
    return depth


@functools.cache
def _exact() -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """The patterns of the exact (rare) path, compiled when first needed: cells and rows, and a cell's address."""
    return re.compile(rb"<(?:[\w.-]+:)?(c|row)\b([^>]*?)(/?)>"), re.compile(rb'\sr\s*=\s*["\']([A-Za-z]{0,3})(\d{0,7})["\']')


def _reach(xml: bytes, start: int, end: int) -> tuple[int, int]:
    """(last row, last column) of the cells that hold something, as calamine places them (the slow, exact way)."""
    tags, address = _exact()
    max_row = max_col = 0
    row = col = 0
    for m in tags.finditer(xml, start, end):
        kind, attrs, empty = m.groups()
        ref = address.search(attrs)
        if kind == b"row":
            row = int(ref.group(2)) if ref and ref.group(2) else row + 1
            col = 0
            continue
        if ref and ref.group(1) and ref.group(2):
            r, col = int(ref.group(2)), col_index(ref.group(1).decode().upper())
        else:
            r, col = row, col + 1
        if not empty:
            max_row, max_col = max(max_row, r), max(max_col, col)
    return max_row, max_col


def check_package(zf: zipfile.ZipFile, data: bytes, limits: Limits, skip: frozenset[str]) -> Package:
    """Check a workbook's package (`zf` opened on `data`); Refused (with the sheet) when something is over a
    limit or ambiguous."""
    c = _Check(zf, data, limits)
    c.directory()
    sheets = c.sheet_parts()
    c.sizes()  # the shared strings and styles too: calamine stops at a part's declared size, so that is what counts
    pkg = Package(sheets=sheets)
    pkg.macros = any(_lower(i.filename).endswith("vbaproject.bin") for i in c.infos)
    for name, member in sheets.items():
        if name in skip:
            continue
        xml = pkg.xml[name] = c.sheet(name, member)
        tables = c.tables(name, member, xml)
        if tables:
            pkg.tables[name] = tables
    return pkg
