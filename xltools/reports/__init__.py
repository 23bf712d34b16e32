"""Reports built from a consolidated kommunplan: workbook (XlsxWriter) and appendices (jinja2 HTML)."""
