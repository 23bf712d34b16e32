"""Månadsrapport: utfall hittills and helårsprognos per verksamhet, with åtgärder at a deficit.

Made for nine of the year's twelve months (not January, June or December); the period
("2026-03") is the last month the report covers.
"""

from __future__ import annotations

from xltools.forms import followup as fu
from xltools.forms.layout import FollowUpKind, Form, SheetSpec

FORM = Form(
    doc_type="manadsrapport",
    title="Månadsrapport",
    version="1.2",
    followup=FollowUpKind(months=(2, 3, 4, 5, 7, 8, 9, 10, 11), title="Månadsrapport {month} {year}",
                          short="Månadsrapport"),
    sheets=(
        SheetSpec(name=fu.SUMMARY, title="Sammanfattning av månadsrapporten",
                  intro="Summorna räknas fram från bladet Ekonomi.",
                  fields=fu.summary_fields(texts=(("kommentar", "Kommentar till prognosen"),))),
        SheetSpec(name=fu.EKONOMI, title="Utfall och helårsprognos per verksamhet", table=fu.ekonomi_table(),
                  intro="Belopp i tkr. Budgeten är förifylld, utfallet också när det kommer ur ekonomisystemet (blått, låst); fyll i prognos för helåret och utfall när det inte är förifyllt."),
        fu.ATGARDER_SHEET,
    ),
    instructions=(
        "Månadsrapporten följer löpande upp det ekonomiska utfallet med en prognos för helåret.",
        "Den görs för nio av årets tolv månader (ej januari, juni och december).",
        *fu.instructions(),
    ),
    prefill=fu.prefill_for(),
)
