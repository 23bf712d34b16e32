"""Delårsrapport januari–augusti: economy, verksamhet and årsprognos, måluppfyllelse, investeringar,
intern kontroll."""

from __future__ import annotations

from xltools.forms import followup as fu
from xltools.forms.layout import FollowUpKind, Form, SheetSpec

FORM = Form(
    doc_type="delarsrapport",
    title="Delårsrapport januari–augusti",
    version="1.2",
    followup=FollowUpKind(months=(8,), title="Delårsrapport januari–augusti {year}",
                          short="Delårsrapport jan–aug", goals=True, appendix=True),
    sheets=(
        SheetSpec(name=fu.SUMMARY, title="Sammanfattning av delårsrapporten januari–augusti",
                  intro="Summorna räknas fram från bladen Ekonomi och Mål. Analyserna ska fyllas i.",
                  fields=fu.summary_fields(mal=True, texts=(
                      ("ekonomisk_analys", "Ekonomisk analys"),
                      ("verksamhet", "Verksamhetens utveckling"),
                      ("mal_analys", "Analys av måluppfyllelsen"),
                  ))),
        SheetSpec(name=fu.EKONOMI, title="Utfall januari–augusti och helårsprognos per verksamhet",
                  table=fu.ekonomi_table(),
                  intro="Belopp i tkr. Budgeten är förifylld, utfallet också när det kommer ur ekonomisystemet (blått, låst); fyll i prognos för helåret och utfall när det inte är förifyllt."),
        fu.ATGARDER_SHEET,
        SheetSpec(name=fu.MAL, title="Måluppfyllelse: riktade mål och nämndmål", table=fu.mal_table(),
                  intro="Riktade mål är förifyllda. Lägg till nämndens nämndmål på tomma rader. Bedöm varje mål."),
        SheetSpec(name=fu.MATT, title="Mått: utfall och analys", table=fu.matt_table(),
                  intro="Varje uppföljt mått ska ha en analys av utfallet."),
        SheetSpec(name=fu.INVESTERINGAR, title="Investeringar: budget, utfall och prognos per projekt",
                  table=fu.investering_table(),
                  intro="Projekt med budget för året är förifyllda. Belopp i tkr."),
        SheetSpec(name=fu.KONTROLL, title="Intern kontroll: status", table=fu.kontroll_table(),
                  intro="Kommunstyrelsens obligatoriska kontrollmoment är förifyllda; lägg till nämndens egna."),
    ),
    instructions=(
        "Delårsrapporten innehåller ekonomisk uppföljning, verksamhetsuppföljning och prognos för helåret.",
        "De riktade målen och nämndmålen ska följas upp: bedöm varje mål nu och vid årets slut och skriv en analys.",
        "Bedömningen görs som Uppfyllt, Delvis uppfyllt, Ej uppfyllt eller Ej bedömt. Antalet mål som bedöms vara "
        "uppfyllda vid årets slut räknas fram.",
        "Varje mått som följs upp ska ha en analys av utfallet.",
        *fu.instructions(),
        "Redovisa investeringsprojektens utfall och prognos samt status för den interna kontrollen.",
    ),
    prefill=fu.prefill_for(mal=True, investeringar=True, kontroller=True),
)
