"""Codes of the checks made when submissions are consolidated (no rule function: consolidate emits them).

The kommunplan's kontroller (budget identities, internal items, coverage, ramar, balanskrav,
financial goals, control totals; xltools.consolidate.kontroller) and the follow-up's control
sums (xltools.uppfoljning.consolidate). A failing check becomes a Finding of its code, its
message rendered from the code's template.
"""

from xltools.findings import Severity
from xltools.rules.registry import code

FEL = Severity.FEL
VARNING = Severity.VARNING
KP = "Kommunplanens kontroller"
KALLA_RR = "Kommunal bokföring och redovisning (lag 2018:597), resultaträkning; Kommunplan"
KALLA_BR = "Kommunal bokföring och redovisning (lag 2018:597), balansräkning; Kommunplan"
KALLA_KF = "Kommunal bokföring och redovisning (lag 2018:597), kassaflödesanalys; Kommunplan"
IDENTITET = "{text}: {vanster} mot {hoger}, differens {differens}"

for _id, _title, _kalla in (
    ("RR1", "Verksamhetens nettokostnader = intäkter + kostnader + avskrivningar + jämförelsestörande poster",
     KALLA_RR),
    ("RR2", "Verksamhetens resultat = nettokostnader + skatteintäkter + generella statsbidrag och utjämning",
     KALLA_RR),
    ("RR3", "Resultat efter finansiella poster = verksamhetens resultat + finansiella intäkter och kostnader "
            "+ jämförelsestörande finansiella poster", KALLA_RR),
    ("RR4", "Årets resultat = resultat efter finansiella poster + extraordinära poster", KALLA_RR),
    ("BR1", "Summa tillgångar = eget kapital + avsättningar + skulder", KALLA_BR),
    ("BR2", "Eget kapital vid årets slut = eget kapital vid årets början + årets resultat", KALLA_BR),
    ("BR3", "Årets resultat i balansbudgeten = årets resultat i resultatbudgeten", KALLA_BR),
    ("BR4", "Övrigt eget kapital + resultatutjämningsreserv = föregående års eget kapital", KALLA_BR),
    ("BR5", "Immateriella och materiella anläggningstillgångar: UB = IB + investeringar − avskrivningar − bokfört "
            "värde av sålda anläggningstillgångar", KALLA_BR),
    ("BR6", "Avsättningar: UB = IB + gjorda − ianspråktagna avsättningar", KALLA_BR),
    ("BR7", "Långfristiga skulder: UB = IB + nyupplåning − amortering + investeringsinkomster − deras upplösning",
     KALLA_BR),
    ("BR8", "Resultatutjämningsreserv: UB = IB + medel till − medel från reserven", KALLA_BR),
    ("BR9", "Finansiella anläggningstillgångar: UB = IB + utlåning till bolag − amortering av lån till bolag",
     KALLA_BR),
    ("BR10", "Bidrag till statlig infrastruktur: UB = IB + utbetalda bidrag − upplösning", KALLA_BR),
    ("BR11", "Rörelsekapitalets poster (förråd m.m. + fordringar + kortfristiga placeringar − kortfristiga skulder): "
             "UB = IB + årets förändring", KALLA_BR),
    ("BR12", "Anläggningstillgångar per slag: UB = IB + investeringar − avskrivningar − bokfört värde av sålda",
     KALLA_BR),
    ("AF1", "Ansvarsförbindelser (pensionsförpliktelser före 1998 och borgen): UB = IB + ökning − minskning",
     KALLA_BR),
    ("KF1", "Kassaflöde från den löpande verksamheten = årets resultat + avskrivningar + gjorda − ianspråktagna "
            "avsättningar − realisationsresultat − upplösta investeringsinkomster ± rörelsekapital", KALLA_KF),
    ("KF2", "Årets kassaflöde = löpande + investerings- + finansieringsverksamhet + bidrag till statlig "
            "infrastruktur", KALLA_KF),
    ("KF3", "Förändring av likvida medel (kassa och bank) i balansbudgeten = årets kassaflöde", KALLA_KF),
    ("KF4", "Investeringsverksamheten = −investeringar + investeringsinkomster + försäljningsinkomster", KALLA_KF),
    ("KF5", "Finansieringsverksamheten = nyupplåning − amortering − utlåning till bolag + amortering av lån till "
            "bolag", KALLA_KF),
    ("INV1", "Investeringar i immateriella och materiella anläggningstillgångar i kassaflödesbudgeten = −summa "
             "investeringsbudget", "Kommunplan; Investeringar"),
    ("DR1", "Verksamhetens nettokostnader = nämndernas nettokostnad + ramar utan driftbudget + finansförvaltningens "
            "nettokostnad (efter eliminering av PO-pålägg, internränta och kapitaltjänst) + avskrivningar "
            "− jämförelsestörande poster", "Kommunplan; Driftbudget"),
    ("DR2", "Interna intäkter = interna kostnader (elimineras före resultatbudgeten)", "Internhyror och tjänstekataloger"),
):
    code(_id, FEL, title=_title, kalla=_kalla, mall=IDENTITET, section=KP, stage="kommunplan",
         doc="Per år i budgetperioden" + (" och för den ingående balansen" if _id == "BR1" else "")
             + (". Beloppen jämförs med 1 tkr tolerans per internt flöde." if _id.startswith("DR")
                else ". Beloppen jämförs på kronan."))

code("PL1", FEL, title="Resultat-, kassaflödes-, balans- och investeringsbudget finns för budgetåret och planåren (två eller tre)",
     kalla="Kommunplan", mall="{text}: år saknas", section=KP, stage="kommunplan")
code("INT", FEL, title="Varje internt flöde stämmer mellan säljare och köpare (och internhyresdokumentet)",
     kalla="Internhyror och tjänstekataloger", mall="{text}", section=KP, stage="kommunplan",
     doc="Per säljare, köpare, slag (internhyra eller interna tjänster) och år, med 1 tkr tolerans.")
code("TACK", FEL, title="Varje nämnd har lämnat en godkänd driftbudget", kalla="Kommunplan; Driftbudget",
     mall="{namn} har inte lämnat någon godkänd driftbudget: ramen {ramar} är inte täckt och räknas som "
          "nettokostnad i resultatbudgeten.", section=KP, stage="kommunplan")
code("DOK", VARNING, title="Varje nämnd som ska lämna in har lämnat en godkänd nämndplan, investeringsplan, "
                     "internhyresförslag och taxor (de dokument kommunplanen sammanställer), och kommunstyrelsen "
                     "bolagsplanen när kommunen har bolag",
     kalla="Kommunplan; Planering och uppföljning under året",
     mall="{namn} har inte lämnat någon godkänd {dokument} för {ar}.", section=KP, stage="kommunplan",
     doc="Nämnder som ska lämna in: kommunstyrelsen, de egna nämnderna, överförmyndaren och de gemensamma "
         "nämnder där kommunen är värdkommun (se docs/inkorg.md). Driftbudgeten kontrolleras av TACK.")
code("DOKV", VARNING, title="Varje nämnd som ska lämna in har lämnat en godkänd verksamhetsplan och intern "
                            "kontrollplan, och varje enhet i nämndens organisation sin verksamhetsplan (de lämnas "
                            "senare under året och sammanställs inte här)",
     kalla="Planering och uppföljning under året; Intern kontroll",
     mall="{namn} har ännu inte lämnat någon godkänd {dokument} för {ar} (sista dag {sista_dag}).",
     section=KP, stage="kommunplan")
code("RM", VARNING, title="Varje riktat mål för budgetåret finns i den berörda nämndens inlämnade nämndplan",
     kalla="Mål- och resultatstyrning; riktade mål", mall="Det riktade målet {mal} ({text}) till {namn} finns inte i "
     "någon inlämnad nämndplan.", section=KP, stage="kommunplan")
code("RAM", FEL, title="Varje inlämnad driftbudget ryms i nämndens ram", kalla="Ekonomistyrning; Finansiering",
     mall="{namn}: nettokostnaden {netto} överstiger ramen {ram} med {over}.", section=KP, stage="kommunplan")
code("INVRAM", FEL, title="Investeringarna ryms i investeringsramen (investeringsram i ekonomi.yaml), när den finns",
     kalla="Kommunplan; Investeringar",
     mall="Investeringarna {investeringar} överstiger investeringsramen {ram} med {over}.", section=KP, stage="kommunplan")
code("FAS1", FEL, title="I december är varje nämndplan fastställd (fas december)",
     kalla="Årshjulet: nämnderna fastställer nämndplanerna i september",
     mall="{namn}: nämndplanen som ingår är {beslut}; i december ska nämndplanerna vara fastställda.", section=KP,
     stage="kommunplan", doc="Prövas bara i fas december (xltools kommunplan --fas december).")
code("BO1", FEL, title="Kommunens borgen för ett bolag ryms i borgensramen som kommunfullmäktige beslutar",
     kalla="Kommunplan; Bolagen",
     mall="{bolag} {ar}: kommunens borgen {borgen} överstiger borgensramen {ram} med {over}.", section=KP,
     stage="kommunplan", doc="Per bolag med borgensram (organisation.yaml) och år; borgen enligt ansvarsförbindelserna.")
code("BO2", FEL, title="Bolagsplanens lån med kommunal borgen = kommunens borgen i ansvarsförbindelserna",
     kalla="Kommunplan; Bolagen", mall="{bolag} {ar}: bolagsplanen har lån med kommunal borgen {plan}, kommunens "
     "ansvarsförbindelse är {kommun} (skillnad {differens}).", section=KP, stage="kommunplan",
     doc="Per bolag och år med 1 tkr tolerans, när bolagsplanen är inlämnad.")
code("BK", FEL, title="Balanskravet är uppfyllt: intäkterna överstiger kostnaderna",
     kalla="Kommunallagen 11 kap. (balanskravet)",
     mall="Balanskravet (kommunallagen 11 kap.): balanskravsresultatet {resultat} är inte positivt – intäkterna "
          "överstiger inte kostnaderna.", section=KP, stage="kommunplan")
code("BK2", FEL, title="Ett negativt balanskravsresultat återställs inom de tre följande åren",
     kalla="Kommunallagen 11 kap. 12 § (balanskravet)", mall="Negativa balanskravsresultat har inte återställts "
     "inom tre år: {text}.", section=KP, stage="kommunplan",
     doc="Underskott från de tre åren före budgetåret anges i balanskrav.underskott_att_aterstalla; senare "
         "positiva balanskravsresultat täcker det äldsta underskottet först.")
code("RUR1", FEL, title="Medel till resultatutjämningsreserven ryms i kommunens riktlinjer",
     kalla="Kommunallagen 11 kap. 13–14 §§ (resultatutjämningsreserv)", mall="Reservering utöver riktlinjerna: {text}.",
     section=KP, stage="kommunplan")
code("RUR2", FEL, title="Medel från resultatutjämningsreserven ryms i reservens saldo och kommunens riktlinjer",
     kalla="Kommunallagen 11 kap. 13–14 §§ (resultatutjämningsreserv)", mall="Disposition utöver riktlinjerna: {text}.",
     section=KP, stage="kommunplan")
code("RUR3", FEL, title="Resultatutjämningsreserven ryms under riktlinjernas tak (när ett tak finns)",
     kalla="Kommunallagen 11 kap. 13–14 §§ (resultatutjämningsreserv)", mall="Reserven över taket: {text}.",
     section=KP, stage="kommunplan")
code("FM", FEL, title="Varje finansiellt mål i konfigurationen är uppfyllt, per år (id:t är målets, t.ex. FM1)",
     kalla="God ekonomisk hushållning; finansiella mål", mall="{namn}: {varde} (mål minst {minst} %) – inte uppfyllt.",
     section=KP, stage="kommunplan")
code("KS", FEL, title="Kontrollsummor: summan i varje inlämnat dokument = det som kommunplanen visar för det; "
                      "verksamhetens intäkter och kostnader räknade direkt ur dokumenten",
     kalla="Kommunplan; spårbarhet", mall="{text}", section=KP, stage="kommunplan",
     doc="Intäkter och kostnader per år, utgifter per år och senare år, internhyror och tjänster, antal taxor, "
         "mål och mått. Inget får falla bort på vägen.")

# ---------------------------------------------------------------- the follow-up's control sums
KALLA_UPP = "Följa upp: Uppföljning under året; spårbarhet"
SUMMA = "kontrollsumman '{vad}' för {vem} stämmer inte ({fil})."
code("UPP-KS1", FEL, title="Uppföljningens summor (bladet Sammanfattning) = det som sammanställningen visar för "
                           "nämnden: budget, utfall, prognos, avvikelse, åtgärdernas effekt", kalla=KALLA_UPP, mall=SUMMA,
     stage="uppfoljning")
code("UPP-KS2", FEL, title="Årsbudgeten i nämndens uppföljning = budgeten i kommunplanen (uppfoljning.yaml)",
     kalla=KALLA_UPP, mall=SUMMA,
     stage="uppfoljning")
code("UPP-KS4", FEL, title="Utfallet i nämndens rapport = ekonomisystemets export vid brytdatum (när rapporten "
                           "sammanställs med --utfall)", kalla=KALLA_UPP, mall=SUMMA, stage="uppfoljning")
code("UPP-KS3", FEL, title="Summan av alla godkända rapporter = kommunens rapport, per mått; avvikelsen per "
                           "verksamhet summerar till totalen", kalla=KALLA_UPP, mall=SUMMA,
     stage="uppfoljning")

# ---------------------------------------------------------------- the kommun's prognos in the follow-up
UPP_PROGNOS = "Uppföljningens kontroller: kommunens prognos"
KALLA_PROGNOS = ("Kommunal bokföring och redovisning (lag 2018:597) 13 kap. (delårsrapport); Följa upp: "
                 "Uppföljning under året")
for _id, _title in (
    ("UPP-RR1", "Verksamhetens nettokostnader = nämndernas nettokostnad (rapporterna, och budgeten för nämnder utan "
                "godkänd rapport) + finansförvaltningens poster − avskrivningar"),
    ("UPP-RR2", "Verksamhetens resultat = verksamhetens nettokostnader + skatteintäkter + generella statsbidrag och "
                "utjämning (SKR:s prognos)"),
    ("UPP-RR3", "Resultat efter finansiella poster = verksamhetens resultat + finansiella intäkter − finansiella "
                "kostnader"),
    ("UPP-RR4", "Årets resultat = resultat efter finansiella poster + extraordinära poster"),
    ("UPP-BK1", "Balanskravsresultat = årets resultat − realisationsvinster ± orealiserade värdepappersposter − medel "
                "till + medel från resultatutjämningsreserv"),
    ("UPP-BR1", "Summa tillgångar = eget kapital + avsättningar + skulder"),
    ("UPP-BR2", "Eget kapital vid årets slut = eget kapital vid årets början + årets resultat"),
    ("UPP-BR3", "Anläggningstillgångar vid årets slut = vid årets början + nettoinvesteringar − avskrivningar"),
    ("UPP-BR4", "Avsättningar för pensioner vid årets slut = vid årets början + årets förändring"),
    ("UPP-BR5", "Långfristiga skulder vid årets slut = vid årets början + nyupplåning − amortering"),
    ("UPP-KF1", "Årets kassaflöde = löpande verksamhet + investeringsverksamhet + finansieringsverksamhet"),
    ("UPP-KF2", "Likvida medel vid årets slut i balansräkningen = likvida medel vid årets början + årets kassaflöde"),
):
    code(_id, FEL, title=_title, kalla=KALLA_PROGNOS, mall=IDENTITET, section=UPP_PROGNOS, stage="uppfoljning",
         doc="Prövas för budgeten och prognosen (i årsredovisningen utfallet)"
             + (" och för föregående års utfall" if _id.startswith("UPP-RR") else "")
             + ", med beloppen i kronor ur rapporterna och uppfoljning.yaml. Beloppen jämförs på kronan.")
code("UPP-BK", Severity.VARNING, title="Balanskravet uppfylls enligt prognosen (i årsredovisningen utfallet)",
     kalla="Kommunallagen 11 kap. (balanskravet); LKBR 13 kap.",
     mall="Balanskravet (kommunallagen 11 kap.): enligt {vad} blir balanskravsresultatet {resultat} – intäkterna "
          "överstiger inte kostnaderna. Ett negativt resultat ska återställas inom tre år.",
     section=UPP_PROGNOS, stage="uppfoljning")
code("UPP-FM", Severity.VARNING, title="Varje finansiellt mål uppfylls enligt prognosen (i årsredovisningen utfallet)",
     kalla="God ekonomisk hushållning; finansiella mål",
     mall="{namn}: {varde} enligt {vad} (mål minst {minst} %) – uppfylls inte.", section=UPP_PROGNOS,
     stage="uppfoljning")
