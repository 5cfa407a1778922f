"""Batch ingest: inputs → extraction (in worker processes or on a Dask cluster) → the store.

    summary = ingest(["archive/", "wire.jsonl"], store=store, workers=2)

The order, for each article the inputs yield (streamed: memory does not grow with the
corpus):
    1. read it (batch/inputs.py: a JSONL file line by line, a folder one directory at a
       time); an unreadable input is recorded in `failures` with its reason and the
       batch goes on
    2. if an earlier run stored it (same JSONL file and record id, or same name), skip it
       before even reading its text ("present"): a resumed run costs nothing for what is
       done
    3. structure it (cheap, in this process) and skip it if its document key is stored
       (the same text under another name)
    4. extract it in a worker process (batch/workers.py: each loads the language pipeline
       once; one past the time limit, or whose process dies, is recorded and its worker
       replaced), on a Dask cluster (batch/cluster.py), or in this process (`workers=0`)
    5. store it in one transaction, in the worker process that extracted it (so that
       writes overlap extraction; the store's write lock keeps resolution consistent) or,
       in this process, for Dask and `workers=0`: a document is stored whole or not at
       all, so a run killed at any point (Ctrl-C, `kill -9`, a power cut) and started
       again loses and duplicates nothing.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from allegiance.errors import AllegianceError
from allegiance.extraction.pipeline import enrich, prepare
from allegiance.read.inputs import Failure, Source

if TYPE_CHECKING:  # the rest is imported when a batch runs: `extract` (via the API) imports this module
    from allegiance.batch.workers import Extractor, Outcome
    from allegiance.extraction.article import Article
    from allegiance.graph.store import Store
    from allegiance.model import Extraction

INTERNAL_CODE = AllegianceError.code

__all__ = ["DEFAULT_TIMEOUT", "DEFAULT_WORKER_ARTICLES", "Summary", "count_inputs", "default_timeout", "extract_one",
           "ingest", "shared_db", "worker_articles"]

#: Seconds one article may take in a worker before it is stopped (a few KB take ~1 s).
DEFAULT_TIMEOUT = 300.0
#: Articles a worker extracts before a fresh process replaces it: a long-lived spaCy process
#: keeps every string it saw (~2-3 MB a thousand short reports), a fresh one bounds it.
DEFAULT_WORKER_ARTICLES = 5000
#: How many failures a `Summary` keeps with their reasons (all are in the store).
KEEP_FAILURES = 200


@dataclass
class Summary:
    """What an ingest did. `failures` keeps the first KEEP_FAILURES (name, reason); the
    store keeps all (`allegiance failures`)."""

    ingested: int = 0
    present: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    failed_by_code: Counter[str] = field(default_factory=Counter)
    workers_replaced: int = 0
    workers_recycled: int = 0
    worker_peak_rss_mb: float = 0.0
    interrupted: bool = False
    started: float = field(default_factory=time.monotonic)

    @property
    def seen(self) -> int:
        return self.ingested + self.present + self.failed

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


Progress = Callable[[Summary, str], None]


def default_timeout() -> float:
    """`ALLEGIANCE_TIMEOUT` (seconds; 0 = no limit), else DEFAULT_TIMEOUT."""
    raw = os.environ.get("ALLEGIANCE_TIMEOUT", "").strip()
    try:
        return float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


def worker_articles() -> int:
    """`ALLEGIANCE_WORKER_ARTICLES` (0 = never), else DEFAULT_WORKER_ARTICLES: how many
    articles an ingest worker extracts before a fresh process takes its place."""
    raw = os.environ.get("ALLEGIANCE_WORKER_ARTICLES", "").strip()
    try:
        return max(0, int(raw)) if raw else DEFAULT_WORKER_ARTICLES
    except ValueError:
        return DEFAULT_WORKER_ARTICLES


def count_inputs(inputs: Iterable[str]) -> int:
    """About how many articles `inputs` hold (for a progress bar's total)."""
    from allegiance.batch.inputs import count

    return count(inputs)


def extract_one(source: Source, *, model: str | None = None, published: str | None = None) -> Extraction:
    """Extract one article with the text kept (what the store needs)."""
    from allegiance.extraction.language import load_pipeline

    article: Article = prepare(source, published=published)
    article.doc = load_pipeline(model)(article.text)
    article.model = model
    return enrich(article).to_extraction(with_text=True)


def shared_db(store: Store) -> str | None:
    """The path or URL other processes can open `store` by (a SQLite file, a PostgreSQL
    URL); None for an in-memory database, which only this process sees."""
    if store.dialect == "sqlite":
        database = store.engine.url.database
        return store.name if database and database != ":memory:" else None
    return store.name


def ingest(inputs: Iterable[str], *, store: Store, workers: int | None = None, model: str | None = None,
           published: str | None = None, timeout: float | None = None, dask: str | None = None,
           progress: Progress | None = None, extractor: Extractor | None = None,
           write_in_workers: bool | None = None) -> Summary:
    """Ingest every article of `inputs` (files, folders, JSONL) into `store`.

    `workers`: worker processes (default: all cores; 0: in this process). `timeout`:
    seconds an article may take (default `default_timeout()`; 0: none). `dask`: a
    scheduler address (tcp://host:8786) or "local" to extract on a Dask cluster instead.
    `extractor(source, model=, published=)` is what runs in a worker (a module-level
    function, so that it can be sent there). `write_in_workers` (default: whenever the
    store is a file or a server other processes can open): each worker process writes
    the articles it extracted, so that writes overlap extraction instead of queueing
    behind one writer here; False: this process writes them all. Ctrl-C stops the run
    cleanly: the summary says `interrupted` and the same call again resumes.
    """
    from allegiance.batch import inputs as _inputs
    from allegiance.batch.workers import Pool
    from allegiance.graph.store import document_key

    extractor = extractor or extract_one
    workers = (os.cpu_count() or 1) if workers is None else workers
    timeout = default_timeout() if timeout is None else timeout
    summary = Summary()
    stored = _inputs.Stored(store)
    options = {"model": model, "published": published}

    def fail(name: str, code: str, reason: str) -> None:
        summary.failed += 1
        summary.failed_by_code[code] += 1
        if len(summary.failures) < KEEP_FAILURES:
            summary.failures.append((name, reason))
        store.record_failure(name, code, reason)
        if progress:
            progress(summary, name)

    def present(name: str) -> None:
        summary.present += 1
        if progress:
            progress(summary, name)

    def todo() -> Iterator[Source]:
        for item in _inputs.sources(inputs):
            if isinstance(item, Failure):
                fail(item.name, item.error.code, str(item.error))
                continue
            if stored.has(item):
                present(item.name)
                continue
            try:
                structured = prepare(item, published=published).structured
            except AllegianceError as exc:
                fail(item.name, exc.code, str(exc))
                continue
            except Exception as exc:  # a reader bug on one article must not stop the batch
                fail(item.name, INTERNAL_CODE, f"internal error: {type(exc).__name__}: {exc}")
                continue
            if store.has_document(document_key(structured.text, structured.segments)):
                present(item.name)
                continue
            yield item

    def store_one(outcome: Outcome) -> None:
        summary.worker_peak_rss_mb = max(summary.worker_peak_rss_mb, outcome.rss_mb)
        if outcome.stored is not None:  # written by its worker
            counted(outcome.name, outcome.stored)
            return
        if outcome.extraction is None:
            fail(outcome.name, outcome.code or INTERNAL_CODE, outcome.reason or "")
            return
        try:
            result = store.ingest(outcome.extraction, source_name=outcome.name)
        except AllegianceError as exc:
            fail(outcome.name, exc.code, str(exc))
            return
        counted(outcome.name, result.status)

    def counted(name: str, status: str) -> None:
        if status == "ingested":
            summary.ingested += 1
            if progress:
                progress(summary, name)
        else:
            present(name)

    runner: Any
    if dask:
        from allegiance.batch.cluster import DaskRunner

        runner = DaskRunner(dask, workers=workers or 1, extractor=extractor, options=options, timeout=timeout)
    elif workers <= 0:
        runner = _InProcess(extractor=extractor, options=options, timeout=timeout)
    else:
        db = shared_db(store) if write_in_workers is not False else None
        if write_in_workers and db is None:
            raise AllegianceError("an in-memory database cannot be written by worker processes", input=store.name,
                                  hint="Give a database file or URL, or write_in_workers=False.")
        runner = Pool(workers, extractor=extractor, options=options, timeout=timeout, db=db,
                      recycle_after=worker_articles())
    results = runner.results(todo())
    try:
        for outcome in results:
            store_one(outcome)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        results.close()  # stops the workers (a generator's finally)
        summary.workers_replaced = getattr(runner, "replaced", 0)
        summary.workers_recycled = getattr(runner, "recycled", 0)
    return summary


class _InProcess:
    """Extraction in this process (`workers=0`): no start-up cost, for small runs and tests.
    The time limit is a SIGALRM here (main thread only), which cannot stop a loop inside C."""

    def __init__(self, *, extractor: Extractor, options: dict[str, Any], timeout: float | None) -> None:
        from allegiance.batch.workers import failed, peak_rss_mb, time_limit_error, work

        self._failed, self._limit, self._rss, self._work = failed, time_limit_error, peak_rss_mb, work
        self.extractor, self.options = extractor, options
        self.timeout = timeout if timeout and timeout > 0 else None

    def results(self, tasks: Iterator[Source]) -> Iterator[Outcome]:
        for source in tasks:
            outcome: Outcome | None = None
            with _alarm(self.timeout) as expired:
                outcome = self._work(source, self.extractor, self.options)
            if (outcome is None or expired()) and self.timeout is not None:
                outcome = self._failed(source.name, self._limit(source.name, self.timeout), self._rss())
            assert outcome is not None  # only the alarm leaves it unset, and then there is a time limit
            yield outcome


class _Expired(BaseException):  # not an Exception: `work` must not record it as a bug
    pass


@contextmanager
def _alarm(seconds: float | None) -> Iterator[Callable[[], bool]]:
    fired = [False]
    usable = (seconds is not None and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield lambda: False
        return

    def on_alarm(_sig: int, _frame: Any) -> None:
        fired[0] = True
        raise _Expired

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)  # type: ignore[arg-type]
    try:
        yield lambda: fired[0]
    except _Expired:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
