"""`allegiance serve`: the HTTP JSON API (allegiance/serve/api.py) under uvicorn."""

from __future__ import annotations

import click

from allegiance.serve.api import DEFAULT_MAX_BODY, DEFAULT_WRITE_RATE, create_app
from allegiance.serve.api_guard import MAX_BODY_ENV, TOKEN_ENV, WRITE_RATE_ENV, is_loopback, loopback_names
from allegiance.serve.cli import db_option, friendly, main


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback lets other machines read the graph.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--token", default=None, envvar=TOKEN_ENV, show_envvar=True,
              help="Bearer token that enables writes (ingest, merge, split). Prefer the environment "
                   "variable: a command line is visible to other users. Without one, writes are refused.")
@click.option("--max-body", type=click.IntRange(1), default=DEFAULT_MAX_BODY, envvar=MAX_BODY_ENV,
              show_envvar=True, show_default=True, help="Largest request body in bytes (larger: 413).")
@click.option("--write-rate", type=click.IntRange(0), default=DEFAULT_WRITE_RATE, envvar=WRITE_RATE_ENV,
              show_envvar=True, show_default=True, help="Writes a minute from one client (more: 429); 0: no limit.")
@friendly
def serve_cmd(db: str | None, host: str, port: int, token: str | None, max_body: int, write_rate: int) -> None:
    """Serve the graph as a JSON API (endpoints at /api, OpenAPI at /openapi.json).

    Binds 127.0.0.1 unless --host says otherwise; a loopback server answers only to the
    Host names 127.0.0.1, localhost and ::1. Reads are open to whoever can connect;
    writes need 'Authorization: Bearer TOKEN'.
    """
    import uvicorn

    loopback = is_loopback(host)
    app = create_app(db=db, token=token or "", max_body=max_body, write_rate=write_rate,
                     allowed_hosts=loopback_names(host) if loopback else None)
    store = app.state.store
    shown = f"[{host}]" if ":" in host else host
    writes = ("enabled (bearer token)" if token else
              f"disabled (set {TOKEN_ENV} or --token to enable ingest, merge and split)")
    click.echo(f"allegiance API on http://{shown}:{port}/api — database {store.name}", err=True)
    click.echo(f"writes {writes}; body limit {max_body} bytes; {write_rate or 'no limit on'} writes a minute "
               "per client", err=True)
    if not loopback:
        click.echo(f"warning: listening on {host}, not loopback: anyone who can reach this machine can read the "
                   "graph", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, proxy_headers=False)
