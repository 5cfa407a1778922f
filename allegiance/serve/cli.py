"""The command line: thin click commands over the library.

Each command calls library functions and turns a typed `AllegianceError` into one line
on stderr and the error's exit code; no traceback for a user error.

Exit codes: 0 ok · 1 internal error · 2 usage · 3 input error (for a batch: at least one
item failed; the others were printed) · 4 no language model · 5 knowledge base or
gazetteer data error · 6 evaluation error or a score below --min.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Callable, Iterator
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from allegiance import __version__
from allegiance.errors import AllegianceError, InputError
from allegiance.model import Extraction
from allegiance.read.inputs import Failure, Source, read_path, read_stdin

F = TypeVar("F", bound=Callable[..., Any])

DB_HELP = "Graph database: a SQLite file or postgresql:// URL (default: ALLEGIANCE_DB, else the user data folder)."


def friendly(func: F) -> F:
    """Typed errors become `error A101: …` and their exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except AllegianceError as exc:
            click.echo(f"error {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            sys.exit(0)

    return wrapper  # type: ignore[return-value]


def iso_date(value: str | None, what: str) -> str | None:
    """A partial ISO date (2014, 2014-08, 2014-08-12) that exists, or a usage error."""
    if value is None:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    ok = m is not None
    if m and m.group(2):
        ok = 1 <= int(m.group(2)) <= 12
        if ok and m.group(3):
            try:
                date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                ok = False
    if not ok:
        raise click.BadParameter(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD", param_hint=what)
    return value


#: The commands defined in other modules, by module: each module is imported (and registers
#: its commands on `main`) only when one of them runs, or when help lists them all, so that
#: `allegiance extract` does not pay for FastAPI, SQLAlchemy, rich or uvicorn (about 2 s).
#: tests/test_cli.py checks that this map names every command those modules define.
LAZY_COMMANDS: dict[str, tuple[str, ...]] = {
    "allegiance.serve.graph_cli": ("ingest", "stats", "person", "group", "members", "events", "sources",
                                   "search", "candidates", "merge", "split", "resolve", "failures"),
    "allegiance.serve.api_cli": ("serve",),
    "allegiance.serve.export_cli": ("export",),
}


class LazyGroup(click.Group):
    """A click group whose commands in LAZY_COMMANDS are imported when first asked for.

    `commands` (which tools such as tests/test_docs.py walk) imports every lazy module
    first, so it always holds every command; running one command imports only its module.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._loaded: set[str] = set()
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def commands(self) -> dict[str, click.Command]:
        """Every command, the lazy ones imported first."""
        for module in LAZY_COMMANDS:
            self._load(module)
        return self._commands

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._commands = value

    def _load(self, module: str) -> None:
        if module not in self._loaded:
            self._loaded.add(module)  # first: the module's own decorators read `commands`
            importlib.import_module(module)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Register without reading `commands` (which would import every lazy module)."""
        name = name or cmd.name
        if name is None:
            raise TypeError("Command has no name.")
        self._commands[name] = cmd

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command `cmd_name`, importing only the module that defines it."""
        if cmd_name not in self._commands:
            module = next((m for m, names in LAZY_COMMANDS.items() if cmd_name in names), None)
            if module is not None:
                self._load(module)
        return self._commands.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, sorted (help shows them all; the lazy ones are not imported yet)."""
        return sorted({*self._commands, *(n for names in LAZY_COMMANDS.values() for n in names)})


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="allegiance")
def main() -> None:
    """allegiance: conflict reporting → a time-aware, source-linked knowledge graph."""


def db_option(func: Any) -> Any:
    """The `--db` option every graph command takes (here, so that command modules share it
    without importing one another)."""
    return click.option("--db", default=None, envvar="ALLEGIANCE_DB", help=DB_HELP)(func)


def _sources(path: str, encoding: str | None) -> Iterator[Source | Failure]:
    if path == "-":
        yield from read_stdin(sys.stdin.buffer.read(), encoding=encoding)
    else:
        yield from read_path(path, encoding=encoding)


@main.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json",
              show_default=True, help="json: one object (an array for several); jsonl: one a line.")
@click.option("--with-text", is_flag=True, help="Include document.text (offsets point into it).")
@click.option("--model", default=None, help="spaCy pipeline to load (default: en_core_web_sm).")
@click.option("--published", default=None, help="Publication date (YYYY-MM-DD) when the text lacks one.")
@click.option("--require-date", is_flag=True, help="Treat a missing publication date as an error.")
@click.option("--encoding", default=None, help="Encoding of the input when it is not UTF-8.")
@friendly
def extract(path: str, fmt: str, with_text: bool, model: str | None, published: str | None,
            require_date: bool, encoding: str | None) -> None:
    """Extract structure, entities and facts from PATH (file, folder, JSONL or - for stdin)."""
    from allegiance.extraction.pipeline import run_many

    failed = 0
    outputs: list[dict[str, Any]] = []
    for result in run_many(_sources(path, encoding), model=model, published=published,
                           require_date=require_date):
        if isinstance(result, Failure):
            failed += 1
            click.echo(f"error {result.error}", err=True)
            continue
        for warning in result.structured.warnings:
            click.echo(f"warning {warning}", err=True)
        data = result.to_extraction(with_text=with_text).to_dict(with_text=with_text)
        if fmt == "jsonl":
            click.echo(json.dumps(data, ensure_ascii=False))
        else:
            outputs.append(data)
    if fmt == "json" and outputs:
        click.echo(json.dumps(outputs[0] if len(outputs) == 1 else outputs,
                              ensure_ascii=False, indent=2))
    if failed:
        click.echo(f"{failed} input(s) failed; see the errors above.", err=True)
        sys.exit(InputError.exit_code)


@main.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "tsv"]), default="table", show_default=True)
@click.option("--model", default=None, help="spaCy pipeline to load.")
@click.option("--published", default=None, help="Publication date (YYYY-MM-DD) when the text lacks one.")
@friendly
def explain(path: str, fmt: str, model: str | None, published: str | None) -> None:
    """The facts of one article (or of a saved extraction .json) as a table to check by eye."""
    from allegiance.model import Extraction
    from allegiance.serve.explain import COLUMNS, explain_rows

    extraction = _saved_extraction(path)
    if extraction is None:
        from allegiance.extraction.pipeline import run

        sources = [s for s in _sources(path, None)]
        if len(sources) != 1:
            raise InputError("explain takes one article", input=path, hint="Give one file, not a folder or JSONL.")
        source = sources[0]
        if isinstance(source, Failure):
            raise source.error
        extraction = run(source, model=model, published=published).to_extraction()
    assert isinstance(extraction, Extraction)
    rows = explain_rows(extraction)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt == "tsv":
        click.echo("\t".join(COLUMNS))
        for row in rows:
            click.echo("\t".join(" ".join(str(row[c]).split()) if row[c] is not None else "" for c in COLUMNS))
        return
    from rich.console import Console
    from rich.table import Table

    doc = extraction.document
    table = Table(title=f"{doc.title or path} ({doc.published or 'undated'}): {len(rows)} facts",
                  show_lines=True, expand=True)
    for col in ("predicate", "subject", "object", "role", "time", "place", "speaker", "quote"):
        table.add_column(col, overflow="fold", ratio=3 if col == "quote" else 1)
    for row in rows:
        pred = str(row["predicate"])
        if row["polarity"] == "negative":
            pred += " [NOT]"
        if row["modality"] != "asserted":
            pred += f" [{row['modality']}]"
        table.add_row(pred, *(str(row[c] or "") for c in ("subject", "object", "role", "time", "place", "speaker")),
                      f"“{row['quote']}”")
    # a terminal gets its own width; a pipe or file a wide, stable one
    Console(width=None if sys.stdout.isatty() else 160).print(table)


def _saved_extraction(path: str) -> Extraction | None:
    """A file written by `extract --format json`; None for a path that is no .json file."""
    from pydantic import ValidationError

    from allegiance.model import Extraction

    if not path.endswith(".json"):
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError:
        return None  # reading it as an article names the problem
    except (ValueError, RecursionError):
        raise InputError("ends in .json but is not JSON", input=path,
                         hint="Give an article, or a file written by `allegiance extract --format json`.") from None
    if not isinstance(data, dict) or "facts" not in data or "document" not in data:
        raise InputError("is JSON but not an extraction (no \"document\" and \"facts\")", input=path,
                         hint="Give an article, or a file written by `allegiance extract --format json`.")
    try:
        return Extraction.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"is JSON but not a valid extraction ({exc.error_count()} problems)", input=path,
                         hint="Give an article, or a file written by `allegiance extract --format json`.") from None


@main.command()
@click.argument("prediction")
@click.argument("gold")
@click.option("--text", "text_path", default=None, help="The article text the offsets refer to.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--min", "minimums", multiple=True, metavar="KEY=VALUE",
              help="Exit 6 when a score is below VALUE (e.g. --min fact_f1=0.8).")
@friendly
def evaluate(prediction: str, gold: str, text_path: str | None, as_json: bool,
             minimums: tuple[str, ...]) -> None:
    """Score PREDICTION (JSON or JSONL extractions) against GOLD (article or re3d gold)."""
    from allegiance.errors import EvaluationError
    from allegiance.eval import check_minimums, evaluate_files, format_table

    floors: dict[str, float] = {}
    for item in minimums:
        key, _, value = item.partition("=")
        try:
            floors[key] = float(value)
        except ValueError:
            raise EvaluationError(f"--min {item!r} is not KEY=NUMBER", input="--min",
                                  hint="Write e.g. --min fact_f1=0.8.") from None
    scores = evaluate_files(prediction, gold, text_path=text_path).as_dict()
    click.echo(json.dumps(scores, ensure_ascii=False) if as_json else format_table(scores))
    failed = check_minimums(scores, floors)
    if failed:
        click.echo("below minimum: " + ", ".join(f"{k}={scores.get(k)} < {floors[k]}" for k in failed),
                   err=True)
        sys.exit(EvaluationError.exit_code)


@main.command()
@click.argument("name")
@click.option("--context", default=None, help="Text around the name (helps pick among candidates).")
@click.option("--country", default="SY", show_default=True,
              help="ISO country code to prefer; 'any' for none.")
@click.option("--limit", type=click.IntRange(1, 1000), default=5, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly
def geocode(name: str, context: str | None, country: str, limit: int, fmt: str) -> None:
    """Ranked gazetteer candidates for a place NAME (exit 3 when nothing fits)."""
    from dataclasses import asdict

    from allegiance.geo.places import geocode as run_geocode

    cands = run_geocode(name, context=context, country=None if country.lower() == "any" else country,
                        limit=limit)
    if fmt == "json":
        click.echo(json.dumps([asdict(c) for c in cands], ensure_ascii=False, indent=2))
    else:
        for c in cands:
            click.echo(f"{c.score:.2f}  {c.name}  ({c.kind}, {c.admin1 or '-'}, {c.country or '-'})  "
                       f"{c.lat:.4f},{c.lon:.4f}  geonames={c.geonames or '-'}  precision={c.precision}")
    if not cands:
        click.echo(f"unresolved: no place called {name!r} in the gazetteer", err=True)
        sys.exit(InputError.exit_code)


@main.group()
def gazetteer() -> None:
    """The local gazetteer of places."""


@gazetteer.command("import")
@click.argument("path")
@click.option("--alternate-names", default=None, help="alternateNamesV2.txt (or .zip) to add names from.")
@friendly
def gazetteer_import(path: str, alternate_names: str | None) -> None:
    """Import a GeoNames dump (SY.txt, allCountries.zip) into the local gazetteer."""
    from allegiance.geo.geonames_import import import_geonames

    report = import_geonames(path, alternate_names=alternate_names)
    click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))


@main.group()
def kb() -> None:
    """The knowledge base of actors."""


@kb.command("lookup")
@click.argument("name")
@click.option("--on", default=None, callback=lambda c, p, v: iso_date(v, "--on"),
              help="ISO date: also print the name in use on that date.")
@friendly
def kb_lookup(name: str, on: str | None) -> None:
    """Actors the knowledge base knows under NAME (exit 3 when none)."""
    from allegiance.kb import load_kb

    matches = load_kb().lookup(name, on=on)
    for m in matches:
        a = m.actor
        when = f"  name on {on}: {m.name_on}" if on and m.name_on else ""
        for link in a.merged_into:
            if on and link.start and on >= link.start:
                when += f" (merged into {link.target} on {link.start})"
        click.echo(f"{m.score:.2f}  {a.id}  {a.name}  [{a.type}/{a.kind}]  wikidata={a.wikidata or '-'}  "
                   f"via {m.alias!r} ({m.method}){when}")
    if not matches:
        click.echo(f"no actor called {name!r} in the knowledge base", err=True)
        sys.exit(InputError.exit_code)


@main.command()
def schema() -> None:
    """Print the JSON Schema of one extraction."""
    from allegiance.model import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
