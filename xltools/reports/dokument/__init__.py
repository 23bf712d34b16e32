"""The documents KF adopts and reads: the kommunplan, the delårsrapport and the årsredovisning
as a PDF (WeasyPrint) and a Word draft (python-docx), from the same consolidated data (JSON
contract) as the workbooks and bilagor. weasyprint and docx are imported only when writing."""
