"""Text from submitted files made safe for one output at a time (issue 12: control characters).

A cell, a metadata value or a file name may hold terminal control sequences (ESC, OSC, BEL),
NUL or bidi overrides that turn `xslx.exe` into what looks like an .xlsx. Each output escapes
them its own way, here: the terminal, HTML and xlsx cells show them as visible escapes
(`\\x1b`, `\\u202e`), and JSON keeps them whole as `\\uXXXX` escapes, so the text is the
same once parsed. An xlsx cell holds at most 32 767 characters: a longer text is shortened
there with a note saying so (JSON and HTML keep it whole).
"""

from __future__ import annotations

import re

# C0 (but tab and newline), DEL, C1, the bidi marks, embeddings, overrides and isolates, and the
# line and paragraph separators that some terminals treat as new lines.
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What json.dumps(ensure_ascii=False) leaves raw (it escapes C0 itself).
_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """Text for the terminal: every control and bidi character shown as an escape; newlines and tabs kept."""
    return _TERMINAL.sub(_visible, text) if _TERMINAL.search(text) else text


html_text = terminal  # HTML (before jinja2's autoescape): the same visible escapes, never a raw control

CELL_MAX = 32767  # characters an Excel cell holds
SHORTENED = " … [förkortad: texten har {n} tecken, en Excelcell rymmer 32 767; hela texten finns i JSON och HTML]"


def xlsx_text(text: str) -> str:
    """Text for an xlsx cell: control and bidi characters visible, and at most CELL_MAX characters
    (a longer text ends with a note that it was shortened and where it is whole)."""
    text = terminal(text)
    if len(text) <= CELL_MAX:
        return text
    note = SHORTENED.format(n=f"{len(text):,}".replace(",", "\u00a0"))
    return text[:CELL_MAX - len(note)] + note


def json_text(text: str) -> str:
    """JSON made by json.dumps(ensure_ascii=False) with the characters it leaves raw escaped as \\uXXXX.

    These characters only occur inside JSON strings, so the result parses to the same values.
    """
    return _JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _JSON.search(text) else text
