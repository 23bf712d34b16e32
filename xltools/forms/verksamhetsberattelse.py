"""Verksamhetsberättelse (the nämnd's part of the årsredovisning): helår utfall against budget,
måluppfyllelse per mål, the strategi's insatsområden and the intern kontroll's results."""

from __future__ import annotations

from xltools.forms import followup as fu
from xltools.forms.layout import FollowUpKind, Form, SheetSpec

FORM = Form(
    doc_type="verksamhetsberattelse",
    title="Verksamhetsberättelse",
    version="1.3",
    followup=FollowUpKind(months=(12,), title="Verksamhetsberättelse {year} (årsredovisning)",
                          short="Verksamhetsberättelse", helar=True, goals=True, appendix=True),
    sheets=(
        SheetSpec(name=fu.SUMMARY, title="Sammanfattning av verksamhetsberättelsen",
                  intro="Summorna räknas fram från bladen Ekonomi och Mål. Analyserna ska fyllas i.",
                  fields=fu.summary_fields(helar=True, mal=True, texts=(
                      ("ekonomisk_analys", "Ekonomisk analys"),
                      ("verksamhet", "Viktiga händelser och verksamhetens utveckling"),
                      ("mal_analys", "Analys av måluppfyllelsen"),
                      ("framtid", "Framtid"),
                  ))),
        SheetSpec(name=fu.EKONOMI, title="Utfall helår mot budget per verksamhet", table=fu.ekonomi_table(helar=True),
                  intro="Belopp i tkr. Budgeten är förifylld, utfallet också när det kommer ur ekonomisystemet (blått, låst); annars fyll i årets utfall."),
        SheetSpec(name=fu.ATGARDER, title="Åtgärder för budget i balans", table=fu.ATGARDER_TABLE,
                  intro="Fylls i när årets resultat visar en negativ avvikelse mot budget."),
        SheetSpec(name=fu.MAL, title="Måluppfyllelse helår: riktade mål och nämndmål", table=fu.mal_table(helar=True),
                  intro="Riktade mål är förifyllda. Lägg till nämndens nämndmål på tomma rader. Bedöm varje mål."),
        SheetSpec(name=fu.MATT, title="Mått: utfall och analys", table=fu.matt_table(helar=True),
                  intro="Varje uppföljt mått ska ha en analys av utfallet."),
        SheetSpec(name=fu.INVESTERINGAR, title="Investeringar: budget och utfall per projekt",
                  table=fu.investering_table(helar=True),
                  intro="Projekt med budget för året är förifyllda. Belopp i tkr."),
        SheetSpec(name=fu.HALLBARA, title="{strategi}: så fortlöper arbetet", table=fu.HALLBARA_TABLE,
                  intro="Redogör för hur arbetet med varje insatsområde fortlöper, eller ange att det inte berör nämnden."),
        SheetSpec(name=fu.KONTROLL, title="Intern kontroll: resultat", table=fu.kontroll_table(helar=True),
                  intro="Kommunstyrelsens obligatoriska kontrollmoment är förifyllda; lägg till nämndens egna kontroller ur planen. Alla ska vara utförda i december."),
    ),
    instructions=(
        "Verksamhetsberättelsen är nämndens underlag till årsredovisningen: den strategiska planen och "
        "kommunplanen följs upp för hela året och resultaten analyseras och förklaras.",
        "Bedöm varje riktat mål och nämndmål (Uppfyllt, Delvis uppfyllt, Ej uppfyllt eller Ej bedömt) med analys.",
        "Redogör för hur arbetet med insatsområdena i {strategi} fortlöper.",
        "Redovisa resultatet av den interna kontrollen: alla planerade kontroller ska vara utförda.",
        *fu.instructions(helar=True),
    ),
    prefill=fu.prefill_for(mal=True, investeringar=True, kontroller=True, insatser=True),
)
