"""The xltools command line (click), thin over the library; all help and messages in Swedish.

One module per command in this package; options that several commands share are in options.py.
"""

from __future__ import annotations

import sys

import click

from xltools import __version__
from xltools.cli import swedish
from xltools.cli.addin import addin
from xltools.cli.budgetberedning import budgetberedning
from xltools.cli.config import config
from xltools.cli.exempel import exempel
from xltools.cli.export import export
from xltools.cli.inkorg import inkorg
from xltools.cli.kolada import kolada
from xltools.cli.kommunplan import kommunplan
from xltools.cli.nyckel import nyckel
from xltools.cli.options import CONTEXT, echo
from xltools.cli.publicera import publicera
from xltools.cli.regler import regler
from xltools.cli.status import status
from xltools.cli.templates import templates
from xltools.cli.uppfoljning import uppfoljning
from xltools.cli.validate import validate
from xltools.errors import XltoolsError, os_reason

swedish.install()


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="xltools", message="%(prog)s %(version)s")
def cli() -> None:
    """xltools – kommunens styrsystem i Excel.

    Mallar för nämndernas planering och uppföljning, validering med felmarkering per cell,
    och sammanställning till kommunplanen (budgetår + två eller tre planår).
    """


for _command in (config, templates, validate, addin, kommunplan, budgetberedning, exempel, regler, uppfoljning, kolada, inkorg,
                 status, nyckel, export, publicera):
    cli.add_command(_command)
swedish.swedish_metavars(cli)


def main() -> None:
    """Console entry point: a user error never ends in a traceback."""
    try:
        cli(prog_name="xltools")
    except XltoolsError as exc:
        echo(f"fel: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:  # a command that does not say it itself: still no traceback
        where = f" ({exc.filename})" if exc.filename else ""
        echo(f"fel: en fil eller mapp kunde inte läsas eller skrivas: {os_reason(exc)}{where}.", err=True)
        sys.exit(1)
