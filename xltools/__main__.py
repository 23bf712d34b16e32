"""`python -m xltools ...` runs the command line."""

from xltools.cli import main

main()
