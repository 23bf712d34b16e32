"""The document as a PDF: HTML from a jinja2 template, laid out by WeasyPrint.

A4 with a cover, a table of contents with page numbers, page x av y, the kommun and
"syntetiska exempeldata" in the running header, wide tables on landscape pages, a PDF
outline (bookmarks) per chapter, section and table, and a tagged PDF (PDF/UA-1 variant).
weasyprint is imported here only, when a PDF is written.
"""

from __future__ import annotations

from pathlib import Path

from xltools.errors import XltoolsError
from xltools.reports.dokument.model import Dokument
from xltools.reports.html import environment

TEMPLATE = "dokument.html.j2"


def render_html(doc: Dokument) -> str:
    return environment().get_template(TEMPLATE).render(doc=doc)


def write_pdf(doc: Dokument, path: str | Path) -> Path:
    """Write `doc` as a tagged PDF to `path` (no base URL: nothing outside the document is loaded)."""
    try:
        import weasyprint
    except ImportError as exc:
        raise XltoolsError("PDF kan inte skrivas: paketet weasyprint saknas "
                           "(installera med pip install 'xltools[dokument]').") from exc
    except OSError as exc:  # the system libraries WeasyPrint loads (Pango) are missing
        raise XltoolsError("PDF kan inte skrivas: WeasyPrint hittar inte systembiblioteket Pango "
                           f"(Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0): {exc}") from exc
    html = weasyprint.HTML(string=render_html(doc), base_url=None)
    path = Path(path)
    html.write_pdf(path, pdf_variant="pdf/ua-1", pdf_tags=True, optimize_images=False)
    return path
