"""The Excel add-in: the Validera button (run), its marks in the workbook (marks), annotated copies
(annotate), and building and installing xltools.xlam (build, install). A front end over validate."""
