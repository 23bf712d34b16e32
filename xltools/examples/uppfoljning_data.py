"""Content of the synthetic follow-up examples (syntetiska exempeldata): deviations, nämndmål, mått, texts.

Invented for the example kommun; none of it is Mora kommun's real figures or goals.
"""

from __future__ import annotations

# Full-year deviation of each nämnd's nettokostnad from budget (share of budget; + = higher cost).
DRIFT: dict[str, float] = {
    "ks": -0.012, "fgn": 0.014, "sn": 0.031, "kfn": -0.006, "tn": -0.018, "bn": 0.004, "sen": -0.009,
    "vn": 0.022, "gyn": 0.009, "itn": -0.015, "lon": -0.004, "mn": 0.0, "nsm": 0.027, "kost": 0.012,
    "rn": 0.017, "of": -0.02,
}

# Mått for the riktade mål: (mått, enhet, målvärde, utfall senaste mätning).
RIKTADE_MATT: dict[str, tuple[str, str, float, float]] = {
    "RM1": ("Andel elever i åk 9 behöriga till yrkesprogram", "procent", 88, 85.2),
    "RM2": ("Andel elever i åk 5 och 8 som känner sig trygga i skolan", "procent", 90, 88.5),
    "RM3": ("Andel brukare i hemtjänsten som är sammantaget nöjda", "procent", 92, 90.1),
    "RM4": ("Antal hushåll med långvarigt ekonomiskt bistånd", "antal", 119, 131),
    "RM5": ("Energianvändning i verksamhetslokaler", "kWh/m²", 158, 163),
    "RM6": ("Andel barn och unga 7–20 år som deltar i föreningsaktiviteter", "procent", 62, 61.5),
    "RM7": ("Nöjd kund-index (NKI) för företagens myndighetskontakter", "index", 75, 73),
    "RM8": ("Sjukfrånvaro bland kommunens medarbetare", "procent", 6.5, 6.9),
    "RM9": ("Andel bygglovsärenden avgjorda inom fyra veckor", "procent", 90, 86),
    "RM10": ("Andel gymnasieelever med examen inom fyra år", "procent", 80, 77.4),
}

# Kolada ids of the riktade mål's mått that Kolada also measures (the example snapshot has their values).
RIKTADE_KOLADA: dict[str, str] = {"RM1": "N15428", "RM8": "N00090"}

# Two nämndmål per nämnd: (text, strategiskt mål, mått, enhet, målvärde, utfall).
NAMNDMAL: dict[str, tuple[tuple[str, str, str, str, float, float], ...]] = {
    "ks": (("Fler företag ska etablera sig i kommunen.", "SM1", "Antal nyregistrerade företag", "antal", 140, 96),
           ("Kommunens e-tjänster ska vara lätta att använda.", "SM9", "Andel ärenden som startas digitalt", "procent", 60, 57)),
    "fgn": (("Fler barn ska gå i förskola med legitimerade förskollärare.", "SM7", "Andel legitimerade förskollärare", "procent", 50, 46),
            ("Elevernas läsförmåga i årskurs 3 ska öka.", "SM3", "Andel elever som klarar läsprovet i åk 3", "procent", 90, 88)),
    "sn": (("Fler äldre ska kunna bo kvar hemma med stöd.", "SM5", "Andel 80+ med hemtjänst i ordinärt boende", "procent", 14, 13.6),
           ("Kontinuiteten i hemtjänsten ska öka.", "SM5", "Antal personal som en brukare möter på 14 dagar", "antal", 12, 14)),
    "kfn": (("Bibliotekens besökare ska öka.", "SM4", "Antal fysiska besök per invånare", "antal", 5, 4.6),
            ("Fler unga ska delta i kulturskolan.", "SM7", "Andel elever 6–15 år i kulturskolan", "procent", 18, 17.2)),
    "tn": (("Gång- och cykelvägnätet ska byggas ut.", "SM8", "Nybyggd gång- och cykelväg", "meter", 1200, 650),
           ("Felanmälningar om gatubelysning ska åtgärdas snabbt.", "SM6", "Andel åtgärdade inom fem dagar", "procent", 85, 81)),
    "bn": (("Detaljplaner för nya bostäder ska tas fram.", "SM2", "Antal nya bostäder i antagna planer", "antal", 150, 90),
           ("Företagen ska vara nöjda med bygglovshanteringen.", "SM1", "NKI bygglov", "index", 70, 68)),
    "sen": (("Kontaktcenter ska lösa fler ärenden direkt.", "SM9", "Andel ärenden lösta vid första kontakten", "procent", 70, 68),
            ("Fordonsflottan ska bli fossilfri.", "SM8", "Andel fossilfria fordon", "procent", 60, 52)),
    "vn": (("Valdeltagandet i kommunvalet ska öka.", "SM6", "Valdeltagande i kommunvalet", "procent", 85, 84.1),
           ("Vallokalerna ska vara tillgängliga.", "SM6", "Andel vallokaler som uppfyller tillgänglighetskraven", "procent", 100, 100)),
    "gyn": (("Fler elever ska ha en plan efter gymnasiet.", "SM4", "Andel elever i arbete eller studier ett år efter examen", "procent", 80, 78),
            ("Studieavbrotten ska minska.", "SM3", "Andel elever som avbryter sina studier", "procent", 5, 5.8)),
    "itn": (("IT-driften ska vara stabil.", "SM9", "Tillgänglighet i verksamhetskritiska system", "procent", 99.5, 99.7),
            ("Fler medarbetare ska genomgå utbildning i informationssäkerhet.", "SM9", "Andel som genomfört utbildningen", "procent", 90, 74)),
    "lon": (("Lönerna ska betalas ut rätt första gången.", "SM9", "Andel löneutbetalningar utan rättelse", "procent", 99, 98.7),
            ("Chefer ska vara nöjda med lönecentrums stöd.", "SM9", "Nöjdhet bland chefer", "index", 80, 79)),
    "mn": (("Livsmedelskontrollen ska följa kontrollplanen.", "SM5", "Andel planerade kontroller som är utförda", "procent", 100, 64),
           ("Handläggningstiden för miljöärenden ska kortas.", "SM8", "Median handläggningstid", "dagar", 30, 34)),
    "nsm": (("Utredningar om barn och unga ska avslutas i tid.", "SM7", "Andel utredningar avslutade inom fyra månader", "procent", 95, 91),
            ("Rättssäkerheten i myndighetsutövningen ska vara hög.", "SM6", "Andel beslut som ändras efter överklagande", "procent", 2, 1.5)),
    "kost": (("Måltiderna ska vara klimatsmarta.", "SM8", "Klimatpåverkan per portion", "kg CO2e", 0.9, 0.95),
             ("Matsvinnet ska minska.", "SM8", "Matsvinn per portion", "gram", 40, 44)),
    "rn": (("Fler invånare ska ha kunskap om brandskydd.", "SM6", "Antal utbildade invånare", "antal", 1500, 1100),
           ("Insatstiden ska vara kort i hela området.", "SM6", "Median insatstid", "minuter", 12, 12.5)),
    "of": (("Ställföreträdare ska få god introduktion.", "SM6", "Andel nya ställföreträdare som gått introduktionen", "procent", 100, 92),
           ("Årsräkningar ska granskas i tid.", "SM9", "Andel granskade årsräkningar senast 1 oktober", "procent", 95, 97)),
}

KOMMENTAR_OVER = ("Högre kostnader än budgeterat för personal och köpta tjänster.",
                  "Volymerna har ökat mer än vad budgeten räknade med.",
                  "Ökade kostnader för placeringar och inhyrd personal.")
KOMMENTAR_UNDER = ("Vakanser och lägre kostnader för köpta tjänster än budgeterat.",
                   "Högre intäkter än budgeterat (statsbidrag och avgifter).",
                   "Lägre volymer än beräknat.")
ATGARDER = ("Översyn av bemanning och schemaläggning",
            "Anställningsstopp för tjänster som inte är verksamhetskritiska",
            "Minskade köp av externa tjänster och konsulter",
            "Omförhandling av avtal och samordnade inköp")
EGNA_KONTROLLER: tuple[tuple[str, str], ...] = (
    ("Verksamhetens egen risk", "Avtal och leverantörsuppföljning följs upp enligt rutin"),
)

# The ekonomisystem's ansvar (dimension 1) per nämnd; 9000 is finansförvaltningen, outside the nämnder.
ANSVAR: dict[str, str] = {
    "ks": "1000", "vn": "1500", "of": "1600", "fgn": "2000", "gyn": "2500", "sn": "3000", "nsm": "3500",
    "kfn": "4000", "tn": "5000", "bn": "5500", "sen": "6000", "itn": "6100", "lon": "6200", "mn": "6300",
    "kost": "6400", "rn": "7000",
}
FINANSFORVALTNING = "9000"
# Ledger konton (Kommun-Bas underkonton) and the share of a verksamhet's intäkter or kostnader booked on each.
INTAKTSKONTON: tuple[tuple[str, str, float], ...] = (("3110", "Taxor och avgifter", 0.4),
                                                     ("3510", "Bidrag och kostnadsersättningar", 0.6))
KOSTNADSKONTON: tuple[tuple[str, str, float], ...] = (("5010", "Löner arbetad tid", 0.58),
                                                      ("5610", "Sociala avgifter enligt lag och avtal", 0.18),
                                                      ("7410", "Övriga främmande tjänster", 0.24))

# How a nämnd's work with one of Hållbara Mora's insatsområden went (the verksamhetsberättelse).
INSATS_TEXT = ("Inom insatsområdet {insats} har {namnd} under året genomfört de insatser som verksamhetsplanen "
               "anger, i samverkan med andra nämnder och civilsamhället. Arbetet fortsätter nästa år. "
               "Syntetiska exempeldata.")
