"""The graph commands: ingest, stats, person, group, members, events, sources, search,
candidates, merge, split, resolve, failures. Each calls one library function
(`allegiance.batch`, `allegiance.graph.query`, the store) and prints its answer as a
table (rich), JSON, or CSV where rows fit.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from allegiance.errors import InputError
from allegiance.graph import query as q
from allegiance.graph.export import csv_safe as _csv_safe
from allegiance.graph.store import Store, open_store
from allegiance.serve.cli import db_option, friendly, iso_date, main

FORMATS = click.Choice(["table", "json"])
ROW_FORMATS = click.Choice(["table", "json", "csv"])


def _store(db: str | None) -> Store:
    return open_store(db)


def _console() -> Console:
    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160, highlight=False)


def _json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _when(c: dict[str, Any]) -> str:
    tm = c["time"]
    if tm["start"] and tm["end"] and tm["end"] != tm["start"]:
        return f"{tm['start']} – {tm['end']}"
    if tm["start"]:
        return tm["start"] + ("" if tm["end"] else " –") if c["predicate"] in ("member_of", "leader_of", "located_in",
                                                                               "works_for", "part_of") else tm["start"]
    if tm["as_of"]:
        return f"as of {tm['as_of']}"
    return f"(cited {c['first_cited']})" if c.get("first_cited") else ""


def _who(c: dict[str, Any], skip: int | None = None) -> str:
    parts = []
    for role, arg in c["args"].items():
        if arg.get("id") == skip:
            continue
        parts.append(f"{role}: {arg['name']}" if role not in ("object", "subject") else str(arg["name"]))
    return "; ".join(parts)


def _quote(src: dict[str, Any]) -> str:
    voice = src["asserted_by"] or ""
    if src.get("speaker"):
        voice = f"{voice} {src['speaker']['name']}".strip()
    mod = "" if src["modality"] == "asserted" else f" [{src['modality']}]"
    doc = src.get("outlet") or _short(src.get("title") or "") or src["document_id"][:12]
    return f"“{src['quote']}” — {voice}{mod}; {doc}, {src['published'] or 'undated'}"


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def _claim_table(title: str, rows: list[dict[str, Any]], *, skip: int | None = None) -> Table:
    table = Table(title=title, show_lines=True, expand=False)
    for col in ("claim", "when", "what", "role", "with", "sources (quote, voice, document)"):
        table.add_column(col, overflow="fold")
    for c in rows:
        what = c["predicate"] + (" [NOT]" if c["polarity"] == "negative" else "") + (" [contested]" if c["contested"]
                                                                                     else "")
        quotes = "\n".join(_quote(s) for s in c["sources"][:3])
        if len(c["sources"]) > 3:
            quotes += f"\n… {len(c['sources']) - 3} more (allegiance sources {c['id']})"
        table.add_row(str(c["id"]), _when(c), what, c["role"] or "", _who(c, skip), quotes)
    return table


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--workers", type=click.IntRange(0, 256), default=None,
              help="Worker processes (default: all cores; 0: extract in this process).")
@click.option("--timeout", type=click.FloatRange(0), default=None, envvar="ALLEGIANCE_TIMEOUT",
              help="Seconds one article may take before its worker is stopped and it is recorded as failed "
                   "(default: ALLEGIANCE_TIMEOUT, else 300; 0: no limit).")
@click.option("--dask", "dask_address", default=None, metavar="tcp://HOST:PORT|local",
              help="Extract on a Dask cluster (its scheduler's address), or 'local' for a LocalCluster of "
                   "--workers processes; this process still writes to the database.")
@click.option("--model", default=None, help="spaCy pipeline to load.")
@click.option("--published", default=None, help="Publication date (YYYY-MM-DD) for texts that lack one.")
@click.option("--quiet", is_flag=True, help="No progress; only the summary.")
@friendly
def ingest_cmd(paths: tuple[str, ...], db: str | None, workers: int | None, timeout: float | None,
               dask_address: str | None, model: str | None, published: str | None, quiet: bool) -> None:
    """Extract articles (files, folders, JSONL) and merge them into the graph database.

    Resumable: stop it at any point (Ctrl-C, kill) and run the same command again; what
    is stored is skipped without extraction. A failing article (unreadable, an error, past
    the time limit, a dead worker) is recorded (see `allegiance failures`) and the rest go
    on. Exit 3 when any input failed, 130 when interrupted.
    """
    from allegiance.batch import count_inputs, ingest

    store = _store(db)
    show = _IngestProgress(None, quiet=True)
    try:
        show = _IngestProgress(None if quiet else count_inputs(paths), quiet=quiet)
        summary = ingest(paths, store=store, workers=workers, model=model, published=published,
                         timeout=timeout, dask=dask_address, progress=show.update)
    except KeyboardInterrupt:  # before the batch started: nothing was written
        click.echo("interrupted", err=True)
        sys.exit(130)
    finally:
        show.close()
    shown = summary.failures[:20]
    for name, reason in shown:
        click.echo(f"error {reason}" if reason.startswith("[") else f"error {name}: {reason}", err=True)
    if summary.failed > len(shown):
        click.echo(f"… {summary.failed - len(shown)} more failures: see `allegiance failures`", err=True)
    rate = summary.seen / summary.elapsed if summary.elapsed > 0 else 0.0
    click.echo(f"ingested {summary.ingested}, already present {summary.present}, failed {summary.failed} "
               f"→ {store.name}")
    if not quiet:
        codes = ", ".join(f"{code} ×{n}" for code, n in summary.failed_by_code.most_common())
        click.echo(f"{summary.seen} articles in {_hms(summary.elapsed)} ({rate:.1f}/s)"
                   + (f"; failures by code: {codes}" if codes else "")
                   + (f"; {summary.workers_replaced} worker(s) replaced" if summary.workers_replaced else ""),
                   err=True)
    if summary.interrupted:
        click.echo("interrupted: run the same command again to resume (stored articles are skipped)", err=True)
        sys.exit(130)
    if summary.failed:
        sys.exit(InputError.exit_code)


def _hms(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


class _IngestProgress:
    """A rich progress bar (documents/s, ETA) on a terminal; elsewhere a plain line every
    PLAIN_EVERY seconds."""

    PLAIN_EVERY = 10.0

    def __init__(self, total: int | None, *, quiet: bool) -> None:
        self.total = total or None
        self.quiet = quiet
        self.bar: Any = None
        self.last = time.monotonic()
        if quiet or not sys.stderr.isatty():
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]} docs/s"), TextColumn("ETA"), TimeRemainingColumn(),
                            TextColumn("{task.fields[counts]}"),
                            console=Console(stderr=True), transient=False)
        self.task = self.bar.add_task("ingest", total=self.total, rate="-", counts="")
        self.bar.start()

    def update(self, summary: Any, name: str) -> None:
        if self.quiet:
            return
        rate = summary.seen / summary.elapsed if summary.elapsed > 0 else 0.0
        counts = f"{summary.ingested} new, {summary.present} present, {summary.failed} failed"
        if self.bar is not None:
            self.bar.update(self.task, completed=summary.seen, rate=f"{rate:.1f}", counts=counts)
            return
        now = time.monotonic()
        if now - self.last < self.PLAIN_EVERY:
            return
        self.last = now
        of = f"/{self.total}" if self.total else ""
        eta = ""
        if self.total and rate > 0 and self.total > summary.seen:
            eta = f", ETA {_hms((self.total - summary.seen) / rate)}"
        click.echo(f"ingest: {summary.seen}{of} ({counts}), {rate:.1f} docs/s{eta}", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@main.command("stats")
@db_option
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@friendly
def stats_cmd(db: str | None, fmt: str) -> None:
    """Counts of documents, entities, claims, sources, merges, candidates and failures."""
    data = _store(db).stats()
    if fmt == "json":
        _json(data)
        return
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        click.echo(f"{key:20} {value}")


def page_options(func: Any) -> Any:
    """--limit and --offset: a page of claims, as the query functions page them."""
    func = click.option("--offset", type=click.IntRange(0), default=0, help="Claims to skip.")(func)
    return click.option("--limit", type=click.IntRange(1, q.MAX_PAGE), default=100, show_default=True,
                        help="Claims a page.")(func)


def _more(data: dict[str, Any]) -> str:
    """What a table says under a page that is not the last."""
    return f"more: --offset {data['offset'] + data['limit']}" if data.get("more") else ""


@main.command("person")
@click.argument("name")
@page_options
@db_option
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@friendly
def person_cmd(name: str, limit: int, offset: int, db: str | None, fmt: str) -> None:
    """A person's timeline: memberships, roles and events in time order, each with its quotes."""
    data = q.person_timeline(_store(db), name, limit=limit, offset=offset)
    if fmt == "json":
        _json(data)
        return
    ent = data["entity"]
    table = _claim_table(f"{ent['name']} (entity {ent['id']}, {ent['documents']} documents)",
                         data["entries"], skip=ent["id"])
    table.caption = _more(data) or None
    _console().print(table)


@main.command("group")
@click.argument("name")
@page_options
@db_option
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@friendly
def group_cmd(name: str, limit: int, offset: int, db: str | None, fmt: str) -> None:
    """A group's lineage: names over time, parents, mergers and alliances (KB and text)."""
    data = q.group_lineage(_store(db), name, limit=limit, offset=offset)
    if fmt == "json":
        _json(data)
        return
    ent = data["entity"]
    table = Table(title=f"{ent['name']} (entity {ent['id']}{', KB ' + ent['kb_id'] if ent['kb_id'] else ''})",
                  show_lines=True)
    for col in ("date", "event", "name / with", "from", "source"):
        table.add_column(col, overflow="fold")
    for s in data["steps"]:
        if s["from"] == "kb":
            end = f" – {s['end']}" if s.get("end") else ""
            table.add_row((s["date"] or "") + end, s["event"], s["name"], "knowledge base", "; ".join(s["sources"][:2]))
        else:
            c = s["claim"]
            table.add_row(_when(c), c["predicate"] + (" [NOT]" if c["polarity"] == "negative" else ""),
                          _who(c, ent["id"]), "text", "\n".join(_quote(x) for x in c["sources"][:2]))
    table.caption = _more(data) or None
    _console().print(table)


@main.command("members")
@click.argument("group")
@click.option("--on", "on", default=None, callback=lambda c, p, v: iso_date(v, "--on"),
              help="A date (YYYY, YYYY-MM or YYYY-MM-DD).")
@page_options
@db_option
@click.option("--format", "fmt", type=ROW_FORMATS, default="table", show_default=True)
@friendly
def members_cmd(group: str, on: str | None, limit: int, offset: int, db: str | None, fmt: str) -> None:
    """People in a group (members, leaders, founders) on a date, each with its sources."""
    data = q.members(_store(db), group, on=on, limit=limit, offset=offset)
    more = _more(data)
    _rows_out(data["members"], fmt, f"{data['entity']['name']} on {on or 'any date'}" + (f" ({more})" if more else ""),
              data, skip=data["entity"]["id"])


@main.command("events")
@click.option("--actor", default=None, help="A person or group taking part (any role).")
@click.option("--type", "type_", default=None, help="attack, clash, killing, detention, …")
@click.option("--place", default=None, help="A place name; places within it (by governorate) count.")
@click.option("--bbox", default=None, help="min_lon,min_lat,max_lon,max_lat")
@click.option("--from", "start", default=None, callback=lambda c, p, v: iso_date(v, "--from"),
              help="Earliest date (YYYY[-MM[-DD]]).")
@click.option("--to", "end", default=None, callback=lambda c, p, v: iso_date(v, "--to"),
              help="Latest date (YYYY[-MM[-DD]]).")
@click.option("--limit", type=click.IntRange(1, q.MAX_PAGE), default=100, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@db_option
@click.option("--format", "fmt", type=ROW_FORMATS, default="table", show_default=True)
@friendly
def events_cmd(actor: str | None, type_: str | None, place: str | None, bbox: str | None, start: str | None,
               end: str | None, limit: int, offset: int, db: str | None, fmt: str) -> None:
    """Events by actor, type, place or box, and time window, oldest first."""
    box = None
    if bbox:
        try:
            x0, y0, x1, y1 = (float(v) for v in bbox.split(","))
        except ValueError:
            raise click.BadParameter("four numbers: min_lon,min_lat,max_lon,max_lat", param_hint="--bbox") from None
        box = (x0, y0, x1, y1)
    data = q.events(_store(db), actor=actor, type=type_, place=place, bbox=box, start=start, end=end,
                    limit=limit, offset=offset)
    _rows_out(data["events"], fmt, f"{data['total']} events (showing {len(data['events'])} from {offset})", data)


def _rows_out(rows: list[dict[str, Any]], fmt: str, title: str, data: Any, *, skip: int | None = None) -> None:
    if fmt == "json":
        _json(data)
    elif fmt == "csv":
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(["claim", "predicate", "polarity", "role", "start", "end", "as_of", "args", "place",
                    "contested", "sources", "first_quote"])
        for c in rows:
            w.writerow([c["id"], c["predicate"], c["polarity"], c["role"] or "", c["time"]["start"] or "",
                        c["time"]["end"] or "", c["time"]["as_of"] or "", _csv_safe(_who(c)),
                        _csv_safe((c["place"] or {}).get("name") or ""), c["contested"], len(c["sources"]),
                        _csv_safe(c["sources"][0]["quote"] if c["sources"] else "")])
        click.echo(out.getvalue(), nl=False)
    else:
        _console().print(_claim_table(title, rows, skip=skip))


@main.command("sources")
@click.argument("claim", type=int)
@db_option
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@friendly
def sources_cmd(claim: int, db: str | None, fmt: str) -> None:
    """Every source of one claim: document, quote, voice, modality, date (and contested rivals)."""
    data = q.claim_sources(_store(db), claim)
    if fmt == "json":
        _json(data)
        return
    con = _console()
    con.print(_claim_table(f"claim {claim}", [data]))
    for s in data["sources"]:
        con.print(f"- {_quote(s)} [{s['document_id'][:12]} {s['evidence_start']}–{s['evidence_end']}]")
    if data["contested_with"]:
        con.print(_claim_table("contested by", data["contested_with"]))


@main.command("search")
@click.argument("text")
@click.option("--type", "type_", type=click.Choice(["PERSON", "ORG", "PLACE"], case_sensitive=False), default=None)
@click.option("--limit", type=click.IntRange(1, q.MAX_PAGE), default=20, show_default=True)
@db_option
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@friendly
def search_cmd(text: str, type_: str | None, limit: int, db: str | None, fmt: str) -> None:
    """Entities by any spelling (al-Nusra Front, Jabhat al-Nusra, Nusra), best first. Exit 3 when none."""
    hits = q.search(_store(db), text, type=type_, limit=limit)
    if fmt == "json":
        _json(hits)
    else:
        table = Table(title=f"search {text!r}")
        for col in ("id", "type", "name", "matched", "score", "claims", "kb"):
            table.add_column(col)
        for h in hits:
            table.add_row(str(h["id"]), h["type"], h["name"], h["matched"], f"{h['score']:.2f}", str(h["claims"]),
                          h["kb_id"] or "")
        _console().print(table)
    if not hits:
        sys.exit(3)


@main.command("candidates")
@db_option
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@friendly
def candidates_cmd(db: str | None, fmt: str) -> None:
    """Pairs of entities resolution was unsure of: decide with `merge A B` (or leave apart)."""
    rows = q.candidates(_store(db))
    if fmt == "json":
        _json(rows)
        return
    table = Table(title="merge candidates")
    for col in ("a", "b", "score", "why"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(f"{r['a']['id']} {r['a'].get('name', '')}", f"{r['b']['id']} {r['b'].get('name', '')}",
                      f"{r['score']:.2f}", r["reason"])
    _console().print(table)


@main.command("merge")
@click.argument("keep", type=int)
@click.argument("other", type=int)
@click.option("--reason", default="merged by a person", show_default=True)
@db_option
@friendly
def merge_cmd(keep: int, other: int, reason: str, db: str | None) -> None:
    """Merge graph entity OTHER into KEEP (kept when articles are re-ingested or resolution re-runs)."""
    kept = _store(db).merge(keep, other, reason=reason)
    click.echo(f"merged {other} into {kept}")


@main.command("split")
@click.argument("entity", type=int)
@click.option("--document", default=None, help="Split off only this document's mentions (id or prefix).")
@db_option
@friendly
def split_cmd(entity: int, document: str | None, db: str | None) -> None:
    """Split a graph entity into one per document (or split one document's part off)."""
    ids = _store(db).split(entity, document_id=document)
    click.echo("entities now: " + ", ".join(str(i) for i in ids))


@main.command("resolve")
@db_option
@friendly
def resolve_cmd(db: str | None) -> None:
    """Re-run cross-document resolution over the whole graph, replaying a person's corrections."""
    store = _store(db)
    store.rebuild()
    click.echo(json.dumps(store.stats(), ensure_ascii=False))


@main.command("failures")
@db_option
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@friendly
def failures_cmd(db: str | None, fmt: str) -> None:
    """Inputs an ingest could not read or extract, with the reason."""
    rows = q.failures(_store(db))
    if fmt == "json":
        _json(rows)
        return
    for r in rows:
        click.echo(f"{r['at']}  {r['source_name']}  {r['reason']}")
