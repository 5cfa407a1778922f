"""Extraction in worker processes: each loads the language pipeline once, takes one
article at a time, and is replaced when it hangs or dies.

Why not `concurrent.futures.ProcessPoolExecutor`: it cannot stop one hung task (only the
whole pool), and when a worker dies (`BrokenProcessPool`) it cannot say which article
killed it. Here every worker holds at most one article, so a time limit kills exactly
that worker (SIGKILL; a C-level loop holding the GIL is stopped too) and a death names
its article. A replacement is started at once; the article a dead worker held is tried
once more in a new worker before it is recorded as a failure. Workers die with their
parent (Linux: PR_SET_PDEATHSIG; elsewhere they exit when the pipe to it closes), so a
`kill -9` of an ingest leaves no orphan behind.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from allegiance.errors import AllegianceError, ModelError, TimeLimitError, WorkerDiedError
from allegiance.model import Extraction
from allegiance.read.inputs import Source

if TYPE_CHECKING:  # a worker opens the store only when it writes (`db`)
    from allegiance.graph.store import Store

#: Failure codes of the batch itself (allegiance/errors.py; the article may be fine: it
#: took too long, or its worker process died while extracting it).
TIMEOUT_CODE = TimeLimitError.code
CRASH_CODE = WorkerDiedError.code
INTERNAL_CODE = AllegianceError.code

Extractor = Callable[..., Extraction]


@dataclass
class Outcome:
    """What a worker made of one article: an extraction, or a failure code and reason."""

    name: str
    extraction: Extraction | None = None
    code: str | None = None
    reason: str | None = None
    rss_mb: float = 0.0
    #: "ingested" or "present" when the worker wrote the extraction to the store itself
    #: (then `extraction` is None: the parent has nothing left to do with it)
    stored: str | None = None


def failed(name: str, error: AllegianceError, rss_mb: float = 0.0) -> Outcome:
    """The outcome of an article that failed with `error` (its code, and its one-line text)."""
    return Outcome(name, None, error.code, str(error), rss_mb)


def time_limit_error(name: str, seconds: float) -> TimeLimitError:
    """The failure of an article stopped after `seconds` (every runner words it alike)."""
    return TimeLimitError(f"extraction ran past the time limit of {seconds:g} s and was stopped", input=name,
                          hint="Raise --timeout (ALLEGIANCE_TIMEOUT) or split the article.")


def peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 / (1024 if sys.platform == "darwin" else 1)


def work(source: Source, extractor: Extractor, options: dict[str, Any]) -> Outcome:
    """Run `extractor` on one article; any exception becomes a failure with its reason."""
    try:
        return Outcome(source.name, extractor(source, **options), rss_mb=peak_rss_mb())
    except AllegianceError as exc:
        return Outcome(source.name, None, exc.code, str(exc), peak_rss_mb())
    except Exception as exc:  # a bug on one article must not stop the batch: record it
        return Outcome(source.name, None, INTERNAL_CODE, f"internal error: {type(exc).__name__}: {exc}",
                       peak_rss_mb())


def work_and_store(source: Source, extractor: Extractor, options: dict[str, Any], store: Store | None) -> Outcome:
    """`work`, then (with a `store`) write the extraction in this process, in its own
    transaction: the parent's single writer no longer serialises the batch, and the
    extraction (text included) need not cross the pipe. A write that fails is the
    article's failure, with the store's code (A601)."""
    outcome = work(source, extractor, options)
    if store is None or outcome.extraction is None:
        return outcome
    try:
        result = store.ingest(outcome.extraction, source_name=source.name)
    except AllegianceError as exc:
        return failed(source.name, exc, outcome.rss_mb)
    return Outcome(source.name, None, rss_mb=outcome.rss_mb, stored=result.status)


# -- the worker process ------------------------------------------------------------------------

_WARM_TEXT = "Fighting in Idlib\n\n2 May 2016\n\nRebels of Ahrar al-Sham shelled Kafr Nabl, a commander said."


def warm(model: str | None) -> None:
    """Load the pipeline, knowledge base and gazetteer (built on a first run ever, under a
    lock) and extract a short text, so that no first article pays for them against its
    time limit. A `ModelError` stops the batch; anything else shows up on real articles."""
    from allegiance.extraction.language import load_pipeline
    from allegiance.extraction.pipeline import extract

    load_pipeline(model)
    with contextlib.suppress(Exception):  # the articles themselves record any error, with its reason
        extract(_WARM_TEXT, model=model)


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        import ctypes
        import ctypes.util

        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before we could ask
        os._exit(1)


def _worker_main(conn: Connection, parent: int, extractor: Extractor, options: dict[str, Any],
                 db: str | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent(parent)
    store: Store | None = None
    try:
        warm(options.get("model"))
        if db is not None:
            from allegiance.graph.store import open_store

            store = open_store(db)
    except AllegianceError as exc:
        conn.send(("init_error", exc.code, exc.message, exc.input, exc.hint))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        task_id, source = msg
        try:
            conn.send(("done", task_id, work_and_store(source, extractor, options, store)))
        except (BrokenPipeError, OSError):
            return


# -- the parent's side -----------------------------------------------------------------------

@dataclass
class _Task:
    id: int
    source: Source
    started: float = 0.0
    attempts: int = 0


_BLAS_THREADS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Start a worker with one BLAS thread (unless the user set a number): one process a
    core, each with a BLAS thread a core, spin-waits for cores and took 3x the CPU here."""
    saved = {k: os.environ.get(k) for k in _BLAS_THREADS}
    for k in _BLAS_THREADS:
        os.environ.setdefault(k, "1")
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)


class _Worker:
    def __init__(self, ctx: Any, extractor: Extractor, options: dict[str, Any], db: str | None) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child, os.getpid(), extractor, options, db),
                                daemon=True, name="allegiance-worker")
        with _one_blas_thread():
            self.proc.start()
        child.close()
        self.ready = False
        self.task: _Task | None = None
        self.done = 0

    def send(self, task: _Task) -> None:
        task.started = time.monotonic()
        task.attempts += 1
        self.task = task
        self.conn.send((task.id, task.source))

    def stop(self, *, kill: bool = False) -> None:
        if not kill and self.proc.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                kill = True
            self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class Pool:
    """`workers` processes extracting articles; `results(tasks)` yields an `Outcome` per article.

    With `db` (a store's path or URL) each worker also writes its own articles to that
    store, one transaction each (the store's write lock keeps resolution consistent), and
    its outcomes say `stored` instead of carrying the extraction.
    """

    def __init__(self, workers: int, *, extractor: Extractor, options: dict[str, Any],
                 timeout: float | None = None, start_method: str = "spawn", db: str | None = None,
                 recycle_after: int | None = None) -> None:
        self.size = max(1, workers)
        self.recycle_after = recycle_after if recycle_after and recycle_after > 0 else None
        self.recycled = 0
        self.db = db
        self.timeout = timeout if timeout and timeout > 0 else None
        self._ctx = mp.get_context(start_method)
        self._extractor = extractor
        self._options = options
        self._workers: list[_Worker] = []
        self._failed_starts = 0
        self.replaced = 0

    def _start(self) -> None:
        self._workers.append(_Worker(self._ctx, self._extractor, self._options, self.db))

    def _replace(self, w: _Worker) -> None:
        w.stop(kill=True)
        self._workers.remove(w)
        self.replaced += 1
        self._start()

    def close(self) -> None:
        for w in self._workers:
            w.stop(kill=w.task is not None)
        self._workers.clear()

    def results(self, tasks: Iterator[Source]) -> Iterator[Outcome]:
        ids = iter(range(1, 1 << 62))
        # Pull the first article before starting any worker: a resumed run whose articles
        # are all stored pays no start-up.
        first = next(tasks, None)
        if first is None:
            return
        queue: deque[_Task] = deque([_Task(next(ids), first)])  # retries first, then read ahead
        for _ in range(self.size):
            self._start()
        exhausted = False
        try:
            while True:
                out: list[Outcome] = []
                self._receive(out, queue)
                self._check_deadlines(out)
                exhausted = self._dispatch(tasks, ids, queue, exhausted)
                yield from out
                if exhausted and not queue and all(w.task is None for w in self._workers):
                    return
        finally:
            self.close()

    def _recycle(self, w: _Worker) -> _Worker | None:
        """Stop a worker that has extracted `recycle_after` articles and start a fresh one.

        A long-lived spaCy process keeps every new string it saw (the vocabulary grows a few
        MB per thousand articles); a fresh worker bounds that whatever the corpus size.
        """
        if self.recycle_after is None or w.done < self.recycle_after:
            return w
        w.stop()
        self._workers.remove(w)
        self.recycled += 1
        self._start()
        return None

    def _dispatch(self, tasks: Iterator[Source], ids: Iterator[int], queue: deque[_Task], exhausted: bool) -> bool:
        for w in list(self._workers):
            if not w.ready or w.task is not None or self._recycle(w) is None:
                continue
            if queue:
                task = queue.popleft()
            elif exhausted:
                continue
            else:
                source = next(tasks, None)
                if source is None:
                    exhausted = True
                    continue
                task = _Task(next(ids), source)
            try:
                w.send(task)
            except OSError:  # it died since the last look: give the article to another
                task.attempts -= 1
                w.task = None
                queue.appendleft(task)
                self._replace(w)
        # read ahead while workers start, so that each has an article when it is ready
        starting = sum(1 for w in self._workers if not w.ready)
        while not exhausted and len(queue) < starting:
            source = next(tasks, None)
            if source is None:
                exhausted = True
            else:
                queue.append(_Task(next(ids), source))
        return exhausted

    def _wait_for(self) -> float | None:
        if self.timeout is None:
            return 1.0
        now = time.monotonic()
        deadlines = [w.task.started + self.timeout - now for w in self._workers if w.task is not None]
        return max(0.0, min([1.0, *deadlines]))

    def _receive(self, out: list[Outcome], queue: deque[_Task]) -> None:
        by_conn = {w.conn: w for w in self._workers}
        by_sentinel = {w.proc.sentinel: w for w in self._workers}
        ready = wait([*by_conn, *by_sentinel], timeout=self._wait_for())
        dead: list[_Worker] = []
        for obj in ready:
            w = by_conn.get(obj)
            if w is None:
                dead.append(by_sentinel[obj])
                continue
            try:
                msg = w.conn.recv()
            except (EOFError, OSError):
                dead.append(w)
                continue
            if msg[0] == "ready":
                w.ready = True
                self._failed_starts = 0
            elif msg[0] == "done":
                if w.task is not None and msg[1] == w.task.id:
                    out.append(msg[2])
                    w.task = None
                    w.done += 1
            elif msg[0] == "init_error":
                cls = ModelError if msg[1] == ModelError.code else AllegianceError
                raise cls(msg[2], input=msg[3], hint=msg[4])
        for w in dict.fromkeys(dead):
            if w not in self._workers:
                continue
            task = w.task
            code = w.proc.exitcode
            if w.proc.is_alive():
                w.proc.join(1)
                code = w.proc.exitcode
            if not w.ready:
                self._failed_starts += 1
                if self._failed_starts > 3:
                    raise AllegianceError(f"worker processes die while starting (exit code {code})",
                                          input="allegiance ingest",
                                          hint="Run with --workers 1 to see the error, or check memory.")
            self._replace(w)
            if task is None:
                continue
            if task.attempts < 2:
                queue.appendleft(task)
            else:
                why = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                out.append(failed(task.source.name, WorkerDiedError(
                    f"the worker process died ({why}) while extracting it, twice", input=task.source.name,
                    hint="Check memory; run it alone with `allegiance extract`.")))

    def _check_deadlines(self, out: list[Outcome]) -> None:
        if self.timeout is None:
            return
        now = time.monotonic()
        for w in list(self._workers):
            task = w.task
            if task is not None and now - task.started > self.timeout:
                self._replace(w)
                out.append(failed(task.source.name, time_limit_error(task.source.name, self.timeout)))
