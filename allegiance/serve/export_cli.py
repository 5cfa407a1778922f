"""`allegiance export popolo|acled|graphml|jsonld [--db DB] [-o FILE]`: one call to
`allegiance.graph.export.export`, to stdout or a file.

A file is written beside its final name and moved into place when the export is whole, so
a failed or interrupted export never leaves a truncated file under the name asked for.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from allegiance.errors import InputError
from allegiance.graph.export import FORMATS, export
from allegiance.graph.store import open_store
from allegiance.serve.cli import db_option, friendly, main


@main.command("export")
@click.argument("fmt", metavar="popolo|acled|graphml|jsonld", type=click.Choice(FORMATS, case_sensitive=False))
@db_option
@click.option("-o", "--output", default="-", show_default=True, help="File to write ('-': stdout).")
@friendly
def export_cmd(fmt: str, db: str | None, output: str) -> None:
    """The whole graph as Popolo JSON, an ACLED-style CSV of events, GraphML or JSON-LD.

    Counts of what was written go to stderr.
    """
    store = open_store(db)
    fmt = fmt.lower()
    if output == "-":
        counts = export(store, fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        target = Path(output)
        if target.is_dir() or not target.parent.is_dir():
            raise InputError("is a folder" if target.is_dir() else "is in a folder that does not exist",
                             input=output, hint="Give a file name in an existing folder.")
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(fd, "wb") as fh:
                counts = export(store, fmt, fh)
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(tmp, 0o666 & ~mask)  # mkstemp's file is private; the export is an ordinary file
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    click.echo(f"{fmt}: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
               + ("" if output == "-" else f" → {output}"), err=True)
