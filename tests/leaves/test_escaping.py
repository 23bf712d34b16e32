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


def test_xlsx_text_shows_controls_and_keeps_short_text_whole() -> None:
    from xltools.escaping import xlsx_text

    assert xlsx_text(HOSTILE) == terminal(HOSTILE)
    assert xlsx_text("=HYPERLINK(\"x\")") == "=HYPERLINK(\"x\")"  # written as a string cell by Book.text
    exact = "å" * 32767
    assert xlsx_text(exact) is exact


def test_xlsx_text_shortens_a_long_text_with_a_note() -> None:
    from xltools.escaping import CELL_MAX, xlsx_text

    text = "Motivering. " * 4000  # 48 000 characters
    cell = xlsx_text(text)
    assert len(cell) == CELL_MAX and text.startswith(cell[:30000])
    assert cell.endswith("[förkortad: texten har 48\u00a0000 tecken, en Excelcell rymmer 32 767; "
                         "hela texten finns i JSON och HTML]")


def test_html_shows_controls_escaped_and_leaves_markup_alone() -> None:
    from markupsafe import Markup

    from xltools.reports.html import environment

    tpl = environment().from_string("<p>{{ text }}</p><p>{{ safe }}</p>")
    out = tpl.render(text="Fler besök \u202etatluser\u202e <b>\x1b[31m", safe=Markup("<i>kursiv</i>"))
    assert out == "<p>Fler besök \\u202etatluser\\u202e &lt;b&gt;\\x1b[31m</p><p><i>kursiv</i></p>"
