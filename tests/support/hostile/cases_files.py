"""Cases on the file itself: reading within limits, and files that are not what their name says.

Issue 12, part 1: limits are checked before allocating (dimension, cells, XML size, inflated size),
only regular files are read, symlinks are not followed out of the given folders, FIFOs and
devices are refused with a FIL message, .xlsb/.xlsm are reported, and a hostile file is reported
while the run goes on with the others (exit 2 from validate for a file that cannot be read).
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
from pathlib import Path

from support.hostile.checks import absent, no_macros, nothing_outside
from support.hostile.edits import copy_example, type_cells
from support.hostile.inboxes import namnd_inbox, own_copy, plan_file, plan_name
from support.hostile.model import Built, Case, Context, Expect, Want
from support.hostile.zipparts import (
    deflated,
    raw_entries,
    read_parts,
    repeated,
    rewrite,
    sheet_part,
    write_parts,
    write_zip,
)
from support.workbooks import (
    bad_csv,
    bad_empty,
    bad_encrypted,
    bad_ods,
    bad_truncated,
    bad_xls,
    bad_zip_not_excel,
)

FIL = Want(rule=r"FIL-\d+")
FIL_SHEET = Want(rule=r"FIL-\d+", sheet="Driftbudget")
UNREADABLE = Expect("validate", 2, FIL)
KP_GOES_ON = Expect("kommunplan", 1, outputs="complete")  # kfn's driftbudget is out: its ram is not covered
KP_GOES_ON_0 = Expect("kommunplan", 0, outputs="complete")  # an extra file is out; every kontroll still met
MIB = 1 << 20


def _small_inbox(d: Path, ctx: Context, namnd: str = "kfn") -> Path:
    return namnd_inbox(d, ctx, namnd)


def _sheet_xml(path: Path, sheet: str) -> tuple[str, bytes]:
    part = sheet_part(path, sheet)
    return part, dict(read_parts(path))[part]


# ---------------------------------------------------------------- resources
def _dimension(d: Path, ctx: Context) -> Built:
    inbox, f = plan_file(d, ctx, "driftbudget")
    part = sheet_part(f, "Driftbudget")
    rewrite(f, {part: lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', x)})
    return Built(f, inbox)


def _far_cell(d: Path, ctx: Context) -> Built:
    inbox, f = plan_file(d, ctx, "driftbudget")
    part = sheet_part(f, "Driftbudget")
    far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
    rewrite(f, {part: lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', x)
                .replace(b"</sheetData>", far)})
    return Built(f, inbox)


def _bomb(lie: bool):  # noqa: ANN202
    def build(d: Path, ctx: Context) -> Built:
        """The Driftbudget sheet gets a cell of 2.5 GiB of text: a 2.6 MB file."""
        inbox, f = plan_file(d, ctx, "driftbudget")
        part, xml = _sheet_xml(f, "Driftbudget")
        head, tail = xml.split(b"</sheetData>")
        raw = repeated(head + b'<row r="70"><c r="A70" t="inlineStr"><is><t>', b"A" * MIB, 2560,
                       b"</t></is></c></row></sheetData>" + tail)
        if lie:  # the headers say the sheet is as small as it was
            raw = dataclasses.replace(raw, declared=len(xml))
        write_zip(f, raw_entries(f, {part: raw}))
        return Built(f, inbox)
    return build


_SST_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _shared_strings(d: Path, ctx: Context) -> Built:
    """A sharedStrings part of 60 million strings (about 1 GB inflated) in a 1 MB file."""
    inbox, f = plan_file(d, ctx, "taxor")
    n, per = 60_000_000, 65536
    sst = repeated(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
                   b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (n, n), b"<si><t>x</t></si>" * per,
                   n // per, b"</sst>")
    rewrite(f, {
        "[Content_Types].xml": lambda x: x.replace(
            b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + _SST_TYPE + b'"/></Types>'),
        "xl/_rels/workbook.xml.rels": lambda x: x.replace(
            b"</Relationships>", b'<Relationship Id="rIdSst" Type="' + _SST_REL + b'" Target="sharedStrings.xml"/>'
            b"</Relationships>"),
    })
    write_zip(f, raw_entries(f) + [("xl/sharedStrings.xml", sst)])
    return Built(f, inbox)


def _many_cells(d: Path, ctx: Context) -> Built:
    """20 million numeric cells (200 000 rows of 100) below the table: 300 MB of XML in a small file."""
    inbox, f = plan_file(d, ctx, "driftbudget")
    part, xml = _sheet_xml(f, "Driftbudget")
    rows = 200_000
    head, tail = xml.split(b"</sheetData>")
    head = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:CV%d"' % (66 + rows), head)
    raw = repeated(head, b"<row>" + b"<c><v>1</v></c>" * 100 + b"</row>", rows, b"</sheetData>" + tail)
    write_zip(f, raw_entries(f, {part: raw}))
    return Built(f, inbox)


def _deep_xml(d: Path, ctx: Context) -> Built:
    """A million nested elements in the Driftbudget sheet's extension list."""
    inbox, f = plan_file(d, ctx, "driftbudget", small=True)
    part, xml = _sheet_xml(f, "Driftbudget")
    n = 1_000_000
    head, tail = xml.rsplit(b"</worksheet>", 1)
    data = (head + b'<extLst><ext uri="{00000000-0000-0000-0000-000000000000}">' + b"<x>" * n + b"</x>" * n
            + b"</ext></extLst></worksheet>" + tail)
    write_zip(f, raw_entries(f, {part: deflated(data)}))
    return Built(f, inbox)


# ---------------------------------------------------------------- file kinds
def _fifo(d: Path, ctx: Context) -> Built:
    f = d / plan_name("driftbudget", "kfn")
    os.mkfifo(f)
    return Built(f)


def _fifo_in_folder(d: Path, ctx: Context) -> Built:
    inbox, _ = plan_file(d, ctx, "driftbudget")
    f = inbox / "driftbudget-kfn-2027 (2).xlsx"
    os.mkfifo(f)
    return Built(f, inbox)


def _symlink_zero(d: Path, ctx: Context) -> Built:
    f = d / plan_name("driftbudget", "kfn")
    f.symlink_to("/dev/zero")
    return Built(f)


def _symlink_out(d: Path, ctx: Context) -> Built:
    """The inbox's taxor for kfn is a link to a file outside the inbox, with a text of its own."""
    inbox, f = plan_file(d, ctx, "taxor")
    outside = copy_example(f, d / "utanfor" / f.name)
    type_cells(outside, {("Taxor", "H6"): "UTANFÖR INKORGEN: den här texten får inte läsas in."})
    f.unlink()
    f.symlink_to(os.path.relpath(outside, inbox))
    return Built(f, inbox)


def _device(d: Path, ctx: Context) -> Built:
    """A character device (like /dev/zero) named like a submission, in the inbox."""
    inbox = _small_inbox(d, ctx)
    f = inbox / plan_name("driftbudget", "sn")
    try:
        os.mknod(f, stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except PermissionError:  # without CAP_MKNOD: the device itself, handed over by path
        return Built(Path("/dev/zero"), inbox)
    return Built(f, inbox)


_XLSB_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
               b'package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.'
               b'macroEnabled.main"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
               b'relationships+xml"/></Types>')
_XLSB_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats'
              b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
              b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>')


def _xlsb_file(path: Path) -> Path:
    """An Excel binary workbook's container (BIFF12 records in xl/workbook.bin)."""
    return write_parts(path, [("[Content_Types].xml", _XLSB_TYPES), ("_rels/.rels", _XLSB_RELS),
                              ("xl/workbook.bin", bytes.fromhex("8301 00 8001 00 8f01 00 9001 00 8401 00")),
                              ("xl/worksheets/sheet1.bin", bytes.fromhex("8101 00 9101 00 9201 00 8201 00"))])


def _xlsb(d: Path, ctx: Context) -> Built:
    return Built(_xlsb_file(d / "driftbudget-kfn-2027.xlsb"))


def _xlsb_in_folder(d: Path, ctx: Context) -> Built:
    inbox = _small_inbox(d, ctx, "sn")
    return Built(_xlsb_file(inbox / "driftbudget-kfn-2027.xlsb"), inbox)


_VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(24) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00\x06\x00" + bytes(1024 - 42)


def _xlsm(d: Path, ctx: Context) -> Built:
    """A filled taxor workbook saved as .xlsm with a VBA project (a macro) in it."""
    inbox = _small_inbox(d, ctx)
    src = own_copy(inbox / plan_name("taxor", "kfn"))
    f = as_xlsm(src, inbox / "taxor-kfn-2027.xlsm")
    src.unlink()
    return Built(f, inbox)


def as_xlsm(src: Path, dest: Path, vba: bytes = _VBA) -> Path:
    """`src` saved as a macro-enabled workbook with a VBA project (xl/vbaProject.bin) at `dest`."""
    return rewrite(src, {
        "[Content_Types].xml": lambda x: x.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
            b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'),
        "xl/_rels/workbook.xml.rels": lambda x: x.replace(
            b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
            b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'),
    }, add=[("xl/vbaProject.bin", vba)], dest=dest)


def _made(maker, name: str = "driftbudget-kfn-2027.xlsx"):  # noqa: ANN001, ANN202
    def build(d: Path, ctx: Context) -> Built:
        return Built(maker(d / name))
    return build


def _truncated(d: Path, ctx: Context) -> Built:
    return Built(bad_truncated(ctx.planering / plan_name("driftbudget", "kfn"), d / plan_name("driftbudget", "kfn")))


def _not_zip(path: Path) -> Path:
    path.write_bytes(bytes((i * 7 + 3) % 256 for i in range(40_000)))
    return path


def _pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    return path


def _duplicate_entries(d: Path, ctx: Context) -> Built:
    """The Driftbudget sheet twice in the zip: Excel, calamine and zipfile may each read a different one."""
    inbox, f = plan_file(d, ctx, "driftbudget")
    part, xml = _sheet_xml(f, "Driftbudget")
    other = re.sub(rb'(<c r="H7"[^>]*><v>)\d+(</v>)', rb"\g<1>99999\g<2>", xml)
    write_parts(f, read_parts(f) + [(part, other)])
    return Built(f, inbox)


TRAVERSAL = ("utanfor-skriven.txt", "absolut-skriven.txt")


def _traversal(d: Path, ctx: Context) -> Built:
    """Entries named ../../<x> and /<absolute path> beside a valid taxor workbook."""
    inbox = _small_inbox(d, ctx)
    f = own_copy(inbox / plan_name("taxor", "kfn"))
    write_parts(f, read_parts(f) + [(f"../../{TRAVERSAL[0]}", b"xltools korpus"),
                                    (str(d / TRAVERSAL[1]), b"xltools korpus")])
    return Built(f, inbox)


def _missing_sheet_part(d: Path, ctx: Context) -> Built:
    f = copy_example(ctx.planering / plan_name("driftbudget", "kfn"), d / plan_name("driftbudget", "kfn"))
    part = sheet_part(f, "Driftbudget")
    write_parts(f, [(n, x) for n, x in read_parts(f) if n != part])
    return Built(f)


def _malformed_xml(d: Path, ctx: Context) -> Built:
    f = copy_example(ctx.planering / plan_name("driftbudget", "kfn"), d / plan_name("driftbudget", "kfn"))
    part = sheet_part(f, "Driftbudget")
    rewrite(f, {part: lambda x: x[: len(x) // 2]})
    return Built(f)


FAST = 6.0  # a refused file is refused at once; today's hangs and memory bombs end here

CASES = [
    # resources
    Case("dimension-xfd1048576", "resources", "Bladet Driftbudget påstår dimensionen A1:XFD1048576 (10 KB fil).",
         _dimension, (Expect("validate", 2, FIL_SHEET, seconds=FAST), KP_GOES_ON),
         "Deklarerad dimension kontrolleras mot en gräns innan något allokeras; FIL-fel med blad, körningen fortsätter."),
    Case("cell-xfd1048576", "resources", "En verklig cell i XFD1048576 i bladet Driftbudget.",
         _far_cell, (Expect("validate", (1, 2), Want(rule=r"(FIL|STR)-\d+", sheet="Driftbudget"), seconds=FAST),),
         "En cell långt utanför mallen allokerar inget rutnät; den rapporteras med blad (och cell)."),
    Case("zip-bomb", "resources", "Bladet Driftbudget blåses upp till 2,5 GiB ur en fil på 2,6 MB (ärliga zip-huvuden).",
         _bomb(lie=False), (Expect("validate", 2, FIL_SHEET, seconds=FAST), KP_GOES_ON),
         "Uppackad storlek kontrolleras före läsning; FIL-fel med blad, inget minnesfel, körningen fortsätter."),
    Case("zip-bomb-lying-header", "resources",
         "Som zip-bomb men zip-huvudena påstår att bladet är 41 KB; det blåses upp till 2,5 GiB.",
         _bomb(lie=True), (Expect("validate", 2, FIL_SHEET, seconds=FAST),),
         "Uppackningen strömmas och avbryts vid gränsen även när huvudena ljuger."),
    Case("shared-strings-60-miljoner", "resources", "sharedStrings.xml med 60 miljoner strängar (1 GB) i en fil på 1 MB.",
         _shared_strings, (Expect("validate", 2, FIL, seconds=FAST),),
         "Gräns för delade strängar och XML-storlek; FIL-fel, inget minnesfel."),
    Case("miljoner-celler", "resources", "20 miljoner talceller under tabellen i bladet Driftbudget.",
         _many_cells, (Expect("validate", 2, FIL_SHEET, seconds=FAST),),
         "Antalet celler kontrolleras mot en gräns; FIL-fel med blad."),
    Case("djup-xml", "resources", "En miljon nästlade element i bladet Driftbudget.",
         _deep_xml, (Expect("validate", 2, FIL_SHEET, seconds=FAST), Expect("annotate", 2, FIL, outputs="complete")),
         "Djup XML avvisas eller läses utan rekursion; FIL-fel, ingen krasch i --annotate."),
    # file kinds
    Case("fifo", "filekind", "En FIFO med namnet driftbudget-kfn-2027.xlsx anges som fil.",
         _fifo, (Expect("validate", 2, FIL, seconds=FAST),),
         "Bara vanliga filer läses; en FIFO avvisas med FIL-meddelande i stället för att vänta för evigt."),
    Case("fifo-i-mapp", "filekind", "En FIFO med xlsx-namn ligger i inkorgen bland alla nämnders underlag.",
         _fifo_in_folder, (Expect("validate-folder", 2, FIL, seconds=FAST), Expect("kommunplan", 0, outputs="complete")),
         "FIFO i mappen rapporteras och körningen fortsätter med övriga filer."),
    Case("symlank-dev-zero", "filekind", "driftbudget-kfn-2027.xlsx är en symbolisk länk till /dev/zero.",
         _symlink_zero, (Expect("validate", 2, FIL, seconds=FAST),),
         "En länk till en enhet avvisas (inte en vanlig fil); inget minnesfel."),
    Case("symlank-ut-ur-mappen", "filekind", "taxor-kfn-2027.xlsx i inkorgen är en länk till en fil utanför inkorgen.",
         _symlink_out, (Expect("validate-folder", 2, FIL, seconds=FAST),
                        Expect("kommunplan", 0, outputs="complete", checks=(absent("UTANFÖR INKORGEN"),))),
         "Symlänkar följs inte ut ur den angivna mappen; länken rapporteras, innehållet utanför läses inte."),
    Case("enhetsfil", "filekind", "En teckenenhet (som /dev/zero) med namnet driftbudget-sn-2027.xlsx i inkorgen.",
         _device, (Expect("validate-folder", 2, FIL, seconds=FAST),),
         "Enheter avvisas med FIL-meddelande; inget minnesfel."),
    Case("xlsb", "filekind", "En binär arbetsbok (.xlsb) anges som fil.",
         _xlsb, (UNREADABLE,), ".xlsb rapporteras (FIL), ignoreras aldrig."),
    Case("xlsb-i-mapp", "filekind", "En .xlsb ligger i inkorgen bland nämndens underlag.",
         _xlsb_in_folder, (Expect("validate-folder", 2, FIL),),
         ".xlsb i en mapp rapporteras, hoppas inte över tyst."),
    Case("xlsm-med-makro", "filekind", "Taxorna sparade som .xlsm med ett VBA-projekt (vbaProject.bin).",
         _xlsm, (Expect("validate-folder", 0, Want(severity="varning")),
                 Expect("annotate", 0, outputs="complete", checks=(no_macros(),))),
         "Varning för makro; ingen kopia som xltools skriver bär makron."),
    Case("xls", "filekind", "En gammal binär Excelfil (.xls) med xlsx-namn.", _made(bad_xls), (UNREADABLE,),
         "FIL-fel (.xls), kod 2."),
    Case("ods", "filekind", "Ett OpenDocument-kalkylark med xlsx-namn.", _made(bad_ods), (UNREADABLE,),
         "FIL-fel (.ods), kod 2."),
    Case("krypterad", "filekind", "En lösenordsskyddad arbetsbok.", _made(bad_encrypted), (UNREADABLE,),
         "FIL-fel (lösenord), kod 2."),
    Case("tom-fil", "filekind", "En fil på 0 byte.", _made(bad_empty), (UNREADABLE,), "FIL-fel (tom), kod 2."),
    Case("avbruten-zip", "filekind", "En arbetsbok avklippt på mitten.", _truncated, (UNREADABLE,),
         "FIL-fel (skadad), kod 2."),
    Case("inte-zip", "filekind", "40 KB binärt skräp med xlsx-namn.", _made(_not_zip), (UNREADABLE,),
         "FIL-fel (inte en arbetsbok), kod 2."),
    Case("csv-omdopt", "filekind", "En CSV-export med xlsx-namn.", _made(bad_csv), (UNREADABLE,),
         "FIL-fel (text/CSV), kod 2."),
    Case("pdf-omdopt", "filekind", "En PDF med xlsx-namn.", _made(_pdf), (UNREADABLE,), "FIL-fel (okänt format), kod 2."),
    Case("zip-utan-arbetsbok", "filekind", "Ett zip-arkiv (som ett Word-dokument) med xlsx-namn.",
         _made(bad_zip_not_excel), (UNREADABLE,), "FIL-fel, kod 2."),
    Case("dubbla-zip-poster", "filekind", "Bladet Driftbudget finns två gånger i zip-arkivet, med olika belopp.",
         _duplicate_entries, (UNREADABLE,), "Tvetydigt arkiv avvisas (FIL); inget val av den ena eller andra versionen."),
    Case("zip-sokvagar", "filekind", "Zip-poster med namnen ../../utanfor-skriven.txt och en absolut sökväg.",
         _traversal, (Expect("validate-folder", 2, FIL),
                      Expect("annotate", 2, outputs="complete", checks=(nothing_outside(TRAVERSAL),))),
         "Arkivet avvisas (FIL) och inget skrivs utanför utmappen."),
    Case("blad-saknas-i-zip", "filekind", "workbook.xml nämner bladet Driftbudget men delen saknas i arkivet.",
         _missing_sheet_part, (UNREADABLE,), "FIL-fel (skadad), kod 2."),
    Case("trasig-blad-xml", "filekind", "Bladet Driftbudgets XML är avklippt mitt i en tagg.",
         _malformed_xml, (UNREADABLE,), "FIL-fel (skadad), kod 2."),
]
