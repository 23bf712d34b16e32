"""xltools: kommunens styrsystem i Excel – mallar, validering och kommunplan."""

import os

__version__ = "0.1.0"

# openpyxl writes XML with lxml when lxml is installed and with the standard library otherwise, and
# the bytes differ. Templates and the committed examples are compared byte for byte, so xltools asks
# openpyxl for the standard library always (before openpyxl is imported; a value set by the user stays).
os.environ.setdefault("OPENPYXL_LXML", "False")


def main() -> None:
    """Entry point of the Excel add-in's Validera button (`import xltools; xltools.main()`)."""
    from xltools.addin.run import main as _main

    _main()
