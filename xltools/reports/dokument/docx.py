"""The document as a Word draft (python-docx): the kommun's own styles, real Word tables, a
table of contents field, and marked placeholders where ekonomienheten writes the text.

Styles used (a kommun's template, `--mall`, decides how they look; missing ones are created
with plain defaults): Title, Subtitle, Heading 1–2, Normal, Caption, "Tabelltext",
"Tabellrubrik", "Platshållare", and the table style "Kommuntabell" (else "Table Grid").
python-docx was chosen over docxtpl: the content (sections, lines, nämnder, years) is generated
from data, and a kommun's template needs no template tags, only its styles and page setup.
docx is imported here only, when a Word draft is written.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from xltools.errors import XltoolsError
from xltools.reports.dokument.model import Dokument, Paragraph, Placeholder, Table

TABLE_STYLES = ("Kommuntabell", "Table Grid")
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOTX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOTM_MAIN = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def _template_bytes(mall: Path) -> io.BytesIO:
    """The mall as a .docx package in memory: a .dotx is re-typed as a document; macros are refused."""
    try:
        with zipfile.ZipFile(mall) as z:
            parts = {n: z.read(n) for n in z.namelist()}
    except (OSError, zipfile.BadZipFile) as exc:
        raise XltoolsError(f"Wordmallen {mall.name} kan inte läsas: det är ingen .docx- eller .dotx-fil.") from exc
    types = parts.get("[Content_Types].xml", b"").decode("utf-8", "replace")
    if DOTM_MAIN in types or DOCM_MAIN in types or any(n.lower().endswith("vbaproject.bin") for n in parts):
        raise XltoolsError(f"Wordmallen {mall.name} innehåller makron; använd en mall utan makron (.docx eller .dotx).")
    if DOCX_MAIN not in types and DOTX_MAIN not in types:
        raise XltoolsError(f"Wordmallen {mall.name} är inget Worddokument (.docx eller .dotx).")
    parts["[Content_Types].xml"] = types.replace(DOTX_MAIN, DOCX_MAIN).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    out.seek(0)
    return out


def _open(mall: Path | None) -> Any:
    try:
        import docx
    except ImportError as exc:
        raise XltoolsError("Wordutkastet kan inte skrivas: paketet python-docx saknas "
                           "(installera med pip install 'xltools[dokument]').") from exc

    if mall is None:
        return _plain(docx.Document())
    try:
        d = docx.Document(_template_bytes(Path(mall)))
    except XltoolsError:
        raise
    except Exception as exc:  # a damaged package: python-docx raises many kinds
        raise XltoolsError(f"Wordmallen {Path(mall).name} kan inte öppnas: {exc}") from exc
    body = d.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)  # keep the mall's styles, page setup, headers and footers; not its text
    settings = d.settings.element
    for el in settings.findall("{*}attachedTemplate"):
        settings.remove(el)  # a path on the author's computer
    return d


def _plain(d: Any) -> Any:
    """Without a kommun's template: python-docx's default template with a sans-serif text face (Arial,
    metric-compatible Liberation Sans where Arial is missing) instead of its Calibri/Cambria theme."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for name, size in (("Normal", 10), ("Title", 26), ("Subtitle", 13), ("Heading 1", 16), ("Heading 2", 13),
                       ("Caption", 10)):
        st = d.styles[name]
        st.font.name = "Arial"
        rpr = st.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if fonts is not None and fonts.get(qn(attr)) is not None:
                del fonts.attrib[qn(attr)]
        st.font.size = Pt(size)
    return d


def _style(d: Any, name: str, kind: int, base: str, **font: Any) -> str:
    """Use the mall's style `name`; create it (based on `base`) when the mall has none."""
    from docx.shared import Pt

    try:
        d.styles[name]
        return name
    except KeyError:
        pass
    st = d.styles.add_style(name, kind)
    st.base_style = d.styles[base]
    if "size" in font:
        st.font.size = Pt(font["size"])
    if font.get("bold"):
        st.font.bold = True
    if font.get("italic"):
        st.font.italic = True
    if font.get("color"):
        from docx.shared import RGBColor

        st.font.color.rgb = RGBColor.from_string(font["color"])
    if kind == 1:
        st.paragraph_format.space_after = Pt(font.get("after", 0))
        st.paragraph_format.space_before = Pt(0)
    return name


def _has_style(d: Any, name: str) -> bool:
    try:
        d.styles[name]
        return True
    except KeyError:
        return False


def _field(paragraph: Any, instr: str, result: str = "") -> None:
    """A complex field (PAGE, NUMPAGES, TOC …) with a cached result Word and LibreOffice show."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(el: Any) -> None:
        r = OxmlElement("w:r")
        r.append(el)
        paragraph._p.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    run_with(it)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    paragraph.add_run(result)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)
    cant = OxmlElement("w:cantSplit")
    tr_pr.append(cant)


def _cant_split(row: Any) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


class _Writer:
    def __init__(self, d: Any, doc: Dokument):
        from docx.enum.style import WD_STYLE_TYPE

        self.d = d
        self.doc = doc
        p, t = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.TABLE
        self.cell_style = _style(d, "Tabelltext", p, "Normal", size=9)
        self.head_style = _style(d, "Tabellrubrik", p, "Normal", size=9, bold=True)
        self.placeholder_style = _style(d, "Platshållare", p, "Normal", italic=True, color="7A5C00", after=6)
        self.caption_style = _style(d, "Caption", p, "Normal", size=10, bold=True, after=2)
        self.ids = {name: d.styles[name].style_id for name in (self.cell_style, self.head_style)}
        self.table_style = next((s for s in TABLE_STYLES if _has_style(d, s)), None)
        if self.table_style is None:
            self.table_style = _style(d, "Kommuntabell", t, "Normal Table")

    # ------------------------------------------------------------ page furniture
    def furniture(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        sec = self.d.sections[0]
        header, footer = sec.header, sec.footer
        if not any(p.text.strip() for p in header.paragraphs) and not header.tables:
            p = header.paragraphs[0]
            p.text = f"{self.doc.kommun} · {self.doc.title}" + (
                f" · {self.doc.exempeldata}" if self.doc.exempeldata else "")
        if not any(p.text.strip() for p in footer.paragraphs) and not footer.tables:
            p = footer.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.add_run("Sida ")
            _field(p, "PAGE", "1")
            p.add_run(" av ")
            _field(p, "NUMPAGES", "1")
        sec.different_first_page_header_footer = True  # the cover has none

    def cover(self) -> None:
        from docx.enum.text import WD_BREAK

        d, doc = self.d, self.doc
        d.add_paragraph(doc.kommun, "Subtitle")
        d.add_paragraph(doc.title, "Title")
        d.add_paragraph(doc.subtitle, "Subtitle")
        d.add_paragraph(doc.status)
        if doc.exempeldata:
            d.add_paragraph(doc.exempeldata[:1].upper() + doc.exempeldata[1:] + " – inte verkliga siffror",
                            self.placeholder_style)
        d.add_paragraph("Utkast från xltools: tabellerna är sammanställda ur nämndernas underlag; texterna som är "
                        "markerade som platshållare skrivs av ekonomienheten.")
        d.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    def toc(self) -> None:
        from docx.enum.text import WD_BREAK

        d = self.d
        d.add_paragraph("Innehåll", "TOC Heading" if _has_style(d, "TOC Heading") else "Subtitle")
        p = d.add_paragraph()
        entries = "\n".join(("    " if s.level > 1 else "") + s.title for s in self.doc.sections)
        _field(p, 'TOC \\o "1-2" \\h \\z \\u', entries)
        note = d.add_paragraph("Innehållsförteckningen uppdateras när dokumentet öppnas i Word "
                               "(annars: högerklicka på den och välj Uppdatera fält).", self.placeholder_style)
        note.add_run().add_break(WD_BREAK.PAGE)
        settings = d.settings.element
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        upd = OxmlElement("w:updateFields")
        upd.set(qn("w:val"), "true")
        settings.append(upd)

    # ------------------------------------------------------------ content
    def section_break(self, landscape: bool) -> None:
        from docx.enum.section import WD_ORIENT, WD_SECTION

        prev = self.d.sections[-1]
        sec = self.d.add_section(WD_SECTION.NEW_PAGE)
        want = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        if sec.orientation != want:
            w, h = prev.page_width, prev.page_height
            sec.orientation = want
            sec.page_width, sec.page_height = (max(w, h), min(w, h)) if landscape else (min(w, h), max(w, h))
        sec.different_first_page_header_footer = False

    def table(self, t: Table) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        d = self.d
        align = {"num": WD_ALIGN_PARAGRAPH.RIGHT, "status": WD_ALIGN_PARAGRAPH.CENTER,
                 "text": WD_ALIGN_PARAGRAPH.LEFT}
        cap = d.add_paragraph(t.caption, self.caption_style)
        cap.paragraph_format.keep_with_next = True
        if t.note:
            n = d.add_paragraph(t.note, self.cell_style)
            n.paragraph_format.keep_with_next = True
            n.paragraph_format.space_after = None
        ncol = len(t.columns)
        table = d.add_table(rows=1 + len(t.rows), cols=ncol)
        table.style = d.styles[self.table_style]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        sec = d.sections[-1]
        usable = sec.page_width - sec.left_margin - sec.right_margin
        widths = [int(usable * w / 100) for w in t.widths]
        table.autofit = False
        for col, w in zip(table.columns, widths, strict=True):
            col.width = w  # the grid Word and LibreOffice lay the table out by
        rows = table.rows
        cells = table._cells  # every cell once, row by row (row.cells recomputes the grid each time)
        _repeat_header(rows[0])
        for j, c in enumerate(t.columns):
            cell = cells[j]
            cell.width = widths[j]
            p = cell.paragraphs[0]
            p._p.style = self.ids[self.head_style]  # by id: a lookup by name scans every style
            p.alignment = align[c.kind]
            p.text = c.header
        merges = []
        for i, r in enumerate(t.rows, start=1):
            _cant_split(rows[i])
            if r.style == "heading":
                merges.append((i, r.cells[0].text))
                continue
            for j, c in enumerate(r.cells):
                cell = cells[i * ncol + j]
                cell.width = widths[j]
                p = cell.paragraphs[0]
                p._p.style = self.ids[self.cell_style]
                p.alignment = align[c.kind or t.columns[j].kind]
                run = p.add_run(c.text)
                if r.style in ("sum", "total"):
                    run.bold = True
                if j == 0 and r.indent:
                    p.paragraph_format.left_indent = Pt(9 * r.indent)
        for i, label in merges:
            merged = cells[i * ncol].merge(cells[i * ncol + ncol - 1])
            p = merged.paragraphs[0]
            p._p.style = self.ids[self.head_style]
            p.text = label
        d.add_paragraph()

    def body(self) -> None:
        d = self.d
        landscape = False
        for n, s in enumerate(self.doc.sections):
            if s.opens_wide:
                self.section_break(landscape=True)
                landscape = True
            h = d.add_heading(s.title, level=s.level)
            if s.level == 1 and n > 0 and not s.opens_wide:
                h.paragraph_format.page_break_before = True
            for b in s.blocks:
                if isinstance(b, Table):
                    if b.wide != landscape:
                        self.section_break(landscape=b.wide)
                        landscape = b.wide
                    self.table(b)
                elif isinstance(b, Placeholder):
                    d.add_paragraph(f"[Skrivs av ekonomienheten: {b.text}]", self.placeholder_style)
                elif isinstance(b, Paragraph):
                    d.add_paragraph(b.text)
            if landscape:
                self.section_break(landscape=False)
                landscape = False

    def write(self) -> None:
        cp = self.d.core_properties
        cp.title = self.doc.title
        cp.subject = self.doc.subtitle + (f" ({self.doc.exempeldata})" if self.doc.exempeldata else "")
        cp.author = self.doc.kommun
        cp.last_modified_by = self.doc.kommun
        cp.keywords = f"{self.doc.title}, {self.doc.kommun}"
        cp.comments = "Utkast skapat av xltools"
        cp.language = "sv-SE"
        self.furniture()
        self.cover()
        self.toc()
        self.body()


def write_docx(doc: Dokument, path: str | Path, mall: str | Path | None = None) -> Path:
    """Write `doc` as a Word draft to `path`, on the kommun's template `mall` (.docx/.dotx) when given."""
    d = _open(Path(mall) if mall else None)
    _Writer(d, doc).write()
    path = Path(path)
    d.save(str(path))
    return path
