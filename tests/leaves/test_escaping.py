"""xltools.escaping: text from submitted files made safe for the terminal and for JSON."""

from __future__ import annotations

import json

from xltools.escaping import json_text, terminal

HOSTILE = "Före\x1b[2J\x1b]0;titel\x07 mitt\u202eexe.xlsx\x00\x85 efter"


def test_terminal_shows_every_control_and_bidi_character_escaped() -> None:
    shown = terminal(HOSTILE)
    assert shown == "Före\\x1b[2J\\x1b]0;titel\\x07 mitt\\u202eexe.xlsx\\x00\\x85 efter"
    assert all(ch.isprintable() for ch in shown)


def test_terminal_keeps_plain_text_newlines_and_tabs_as_they_are() -> None:
    text = "Blad Driftbudget:\n\t[fel] STR-8 H7: 'åäö – 1 234,5' är inte ett belopp."
    assert terminal(text) is text


def test_json_text_escapes_what_json_dumps_leaves_raw_and_parses_to_the_same_value() -> None:
    raw = json.dumps({"meddelande": HOSTILE}, ensure_ascii=False)
    safe = json_text(raw)
    assert "\u202e" not in safe and "\x85" not in safe and "\\u202e" in safe
    assert json.loads(safe) == {"meddelande": HOSTILE}
    plain = json.dumps({"a": "åäö"}, ensure_ascii=False)
    assert json_text(plain) is plain
