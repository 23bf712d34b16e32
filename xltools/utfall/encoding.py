"""Which text encoding a ledger file is in, told from its bytes (a leaf).

Swedish exports come as PC8 (CP437, what SIE requires), Windows-1252/Latin-1 (what Excel writes as
"CSV (semikolonavgränsad)"), UTF-8 with or without a byte-order mark, or UTF-16 (Excel's
"Unicode-text"). A byte string that decodes as UTF-8 and is not plain ASCII is UTF-8: CP437's and
Latin-1's Swedish letters are lone high bytes, which UTF-8 never allows. Between CP437 and
Latin-1 the Swedish letters decide: å ä ö Å Ä Ö é are 0x86 0x84 0x94 0x8F 0x8E 0x99 0x82 in CP437
and 0xE5 0xE4 0xF6 0xC5 0xC4 0xD6 0xE9 in Latin-1. Real SIE exports mix in a few bytes of the
other kind (a Visma #FNR path in Latin-1 inside a CP437 file), so the majority decides. (A PC8
file whose only non-ASCII characters were box-drawing or Greek glyphs that share their bytes with
Latin-1 letters would be taken for Latin-1; ledger texts do not hold such glyphs.)
"""

from __future__ import annotations

import re

CP437_LETTERS = bytes([0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99, 0x82, 0x90, 0x81, 0x9A])  # åäöÅÄÖéÉüÜ
LATIN1_LETTERS = bytes([0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6, 0xE9, 0xC9, 0xFC, 0xDC])

_NOT_LETTERS = bytes(b for b in range(256) if b not in CP437_LETTERS + LATIN1_LETTERS)

NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (med BOM)", "utf-16": "UTF-16", "cp437": "PC8 (CP437)",
         "latin-1": "Latin-1/Windows-1252", "ascii": "ASCII"}


def sniff(data: bytes) -> str:
    """'ascii', 'utf-8-sig', 'utf-8', 'utf-16', 'cp437' or 'latin-1' (also Windows-1252)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.isascii():
        return "ascii"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    cp437, latin1 = letter_counts(data)
    return "latin-1" if latin1 > cp437 else "cp437"


def letter_counts(data: bytes) -> tuple[int, int]:
    """How many bytes are Swedish letters in CP437 and how many in Latin-1."""
    letters = data.translate(None, _NOT_LETTERS)  # one pass; what is left is short
    cp437 = sum(letters.count(b) for b in CP437_LETTERS)
    return cp437, len(letters) - cp437


def line_of(data: bytes, pos: int) -> int:
    """The 1-based line of byte position `pos`."""
    return data.count(b"\n", 0, pos) + 1


def first_line_with(data: bytes, kind: str) -> int:
    """The first line holding a byte that shows `kind` ('utf-8', 'latin-1' or 'cp437'); 0 if none."""
    pattern = {"utf-8": rb"[\x80-\xff]", "latin-1": b"[" + re.escape(LATIN1_LETTERS) + b"]",
               "cp437": b"[" + re.escape(CP437_LETTERS) + b"]"}[kind]
    m = re.search(pattern, data)
    return line_of(data, m.start()) if m else 0
