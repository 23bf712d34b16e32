"""Codes emitted while reading a file or a workbook's structure (no rule function)."""

from xltools.findings import Severity
from xltools.rules.registry import code

FEL, VARNING = Severity.FEL, Severity.VARNING
FIL = "Filen (läsbarhet)"
FORMLER = "Mallens formler"

code("FIL-1", FEL, title="Filen är tom eller kan inte öppnas", kalla=FIL)
code("FIL-2", FEL, title="Filen är ingen Excel-arbetsbok (text, CSV eller annat zip-arkiv)", kalla=FIL)
code("FIL-3", FEL, title="Gammalt binärt format (.xls) i stället för .xlsx", kalla=FIL)
code("FIL-4", FEL, title="Arbetsboken är lösenordsskyddad", kalla=FIL)
code("FIL-5", FEL, title="OpenDocument-kalkylark (.ods) i stället för .xlsx", kalla=FIL)
code("FIL-6", FEL, title="Arbetsboken är skadad", kalla=FIL)
code("FIL-7", FEL, title="Binär Excel-arbetsbok (.xlsb) i stället för .xlsx", kalla=FIL)
code("FIL-8", FEL, title="Tvetydigt zip-arkiv: samma del två gånger eller en sökväg ut ur arkivet", kalla=FIL)
code("FIL-9", FEL, title="Arbetsboken är större än gränserna för läsning (fil, uppackad storlek, "
     "komprimeringsgrad, celler, XML-djup; se docs/sakerhet.md)", kalla=FIL)
code("FIL-10", FEL, title="Ingen vanlig fil (FIFO, enhetsfil, socket) eller en länk ut ur mappen", kalla=FIL)
code("FIL-11", VARNING, title="Arbetsboken innehåller makron (.xlsm med VBA-projekt)", kalla=FIL)
code("STR-1", FEL, title="Metadata saknas: arbetsboken är inte en xltools-mall")
code("STR-2", FEL, title="Okänd dokumenttyp i metadata")
code("STR-3", FEL, title="Okänd schemaversion (gammal eller ny mall)")
code("STR-4", FEL, title="Mallen är gjord för en annan kommun")
code("STR-5", FEL, title="Mallen gäller ett annat år än det som tas in nu")
code("STR-6", FEL, title="Ett blad saknas eller har bytt namn")
code("STR-7", FEL, title="En obligatorisk cell är tom")
code("STR-8", FEL, title="Fel typ: text i en tal- eller datumcell")
code("STR-9", VARNING, title="Tal skrivet som text (t.ex. svenskt format \"1 234,5\") tolkades")
code("STR-10", FEL, title="Värde utanför tillåten lista")
code("STR-11", FEL, title="Samma id förekommer flera gånger")
code("STR-12", FEL, title="Uppgifter skrivna utanför tabellen")
code("STR-13", VARNING, title="Formel inskriven i en inmatningscell")
code("STR-14", FEL, title="Datum utanför perioden")
code("STR-15", FEL, title="Negativt belopp där kolumnen kräver positivt")
code("STR-16", VARNING, title="Datum skrivet som text eller utan datumformat tolkades")
code("STR-17", FEL, title="Okänd nämnd i metadata")
code("STR-18", FEL, title="Värde utanför tillåtet intervall")
code("STR-20", FEL, title="En förifylld rad (kontrollmoment, riktat mål, budgetrad) är borttagen, tömd eller "
     "stämmer inte med konfigurationen (mallen är inaktuell)")
code("STR-19", FEL, title="Felvärde (#DIV/0!, #SAKNAS! …) i en inmatningscell")
code("STR-21", FEL, title="Ett värde i metadata går inte att använda (t.ex. ett år som inte är ett årtal)")
code("STR-22", FEL, title="Ett tal som inte är ändligt (NaN, oändligt, 1e400) i en talcell")
code("STR-23", FEL, title="Okänd enhet i metadata: enheten finns inte i nämndens organisation, eller dokumentet "
     "lämnas inte per enhet", kalla="Verksamhetsplan: förvaltning, avdelning eller enhet",
     doc="En enhets verksamhetsplan bär enhetens id (org_enhet) i metadata; enheten ska finnas i nämndens "
     "organisation i organisation.yaml.")
code("FRM-1", FEL, title="En beräknad cell (summa, netto, förändring) har skrivits över med ett värde", kalla=FORMLER,
     doc="Mallens formler räknar ut de celler som politikerna läser; ett inskrivet tal i stället för formeln "
     "upptäcks genom att cellens formel jämförs med mallens. Meddelandet säger vilken formel cellen ska ha.")
code("FRM-2", FEL, title="En formel ger ett felvärde (#DIV/0!, #REF!, #SAKNAS! …)", kalla=FORMLER,
     doc="Ett felvärde i en beräknad cell är ett fel, liksom i en inmatningscell (STR-19).")
code("STR-30", FEL, title="Mallens identitet är ändrad: integritetstoken i metadata saknas eller stämmer inte "
     "(kommunens nyckel, se docs/sakerhet.md)")
