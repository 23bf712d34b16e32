"""xltools: kommunens styrsystem i Excel – mallar, validering och kommunplan."""

__version__ = "0.1.0"


def main() -> None:
    """Entry point of the Excel add-in's Validera button (`import xltools; xltools.main()`)."""
    from xltools.addin.run import main as _main

    _main()
