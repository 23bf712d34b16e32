"""Uppföljning och prognos januari–april: the budget follow-up with an economic analysis and helårsprognos."""

from __future__ import annotations

from xltools.forms import followup as fu
from xltools.forms.layout import FollowUpKind, Form, SheetSpec

FORM = Form(
    doc_type="uppfoljning_jan_apr",
    title="Uppföljning och prognos januari–april",
    version="1.2",
    followup=FollowUpKind(months=(4,), title="Uppföljning och prognos januari–april {year}",
                          short="Uppföljning och prognos jan–apr"),
    sheets=(
        SheetSpec(name=fu.SUMMARY, title="Sammanfattning av uppföljning och prognos januari–april",
                  intro="Summorna räknas fram från bladet Ekonomi. Den ekonomiska analysen ska fyllas i.",
                  fields=fu.summary_fields(texts=(("ekonomisk_analys", "Ekonomisk analys"),
                                                  ("kommentar", "Övriga kommentarer")))),
        SheetSpec(name=fu.EKONOMI, title="Utfall januari–april och helårsprognos per verksamhet",
                  table=fu.ekonomi_table(),
                  intro="Belopp i tkr. Budgeten är förifylld, utfallet också när det kommer ur ekonomisystemet (blått, låst); fyll i prognos för helåret och utfall när det inte är förifyllt."),
        fu.ATGARDER_SHEET,
    ),
    instructions=(
        "Uppföljningen januari–april är i första hand en budgetuppföljning med ekonomisk analys och prognos för helåret.",
        "Skriv den ekonomiska analysen på bladet Sammanfattning: vad förklarar utfallet och prognosen?",
        *fu.instructions(),
    ),
    prefill=fu.prefill_for(),
)
