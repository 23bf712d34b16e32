"""Workbook file I/O: the cell grid (grid), reading files (read), writing templates (write, formulas),
the workbook port over openpyxl and xlwings (port) and a live workbook as a grid (grid_from)."""
