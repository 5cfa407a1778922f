"""The command line: thin click commands over the library.

Each command calls library functions and turns a typed `AllegianceError` into one line
on stderr and the error's exit code; no traceback for a user error.

Exit codes: 0 ok · 1 internal error · 2 usage · 3 input error (for a batch: at least one
item failed; the others were printed) · 4 no language model · 5 knowledge base or
gazetteer data error · 6 evaluation error or a score below --min.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any, TypeVar

import click

from . import __version__
from .errors import AllegianceError, InputError
from .inputs import Failure, Source, read_path, read_stdin

F = TypeVar("F", bound=Callable[..., Any])


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="allegiance")
def main() -> None:
    """allegiance: conflict reporting → a time-aware, source-linked knowledge graph."""


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
    from .pipeline import run_many

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
def schema() -> None:
    """Print the JSON Schema of one extraction."""
    from .model import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
