"""Extraction on a Dask distributed cluster: `ingest(..., dask="tcp://host:8786")`.

Every Dask worker loads the language pipeline once, when it joins (a worker plugin);
articles are submitted as they are read, at most one per worker thread at a time, and
results stream back to this process, which writes them to the store. `dask="local"`
starts a `LocalCluster` of worker processes on this machine.

Faults: a task whose worker dies is rerun elsewhere by Dask; after three deaths it is
recorded as a failure. A task past the time limit is cancelled, recorded, and the worker
running it is restarted (its nanny starts a fresh process), which really stops it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from distributed import WorkerPlugin

from allegiance.batch.workers import Extractor, Outcome, failed, time_limit_error, warm, work
from allegiance.errors import AllegianceError, WorkerDiedError
from allegiance.read.inputs import Source


class PipelinePlugin(WorkerPlugin):
    """A Dask worker plugin: load the language pipeline when a worker starts."""

    name = "allegiance-pipeline"

    def __init__(self, model: str | None) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        warm(self.model)

    def teardown(self, worker: Any) -> None:
        pass


class DaskRunner:
    """Runs `work` on a Dask cluster; `results(tasks)` yields an `Outcome` per article."""

    def __init__(self, address: str, *, workers: int, extractor: Extractor, options: dict[str, Any],
                 timeout: float | None = None) -> None:
        from distributed import Client, LocalCluster

        self.timeout = timeout if timeout and timeout > 0 else None
        self._extractor = extractor
        self._options = options
        self._cluster = None
        if address == "local":
            self._cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            address = self._cluster.scheduler_address
        try:
            self.client = Client(address, timeout="30s")
        except (OSError, TimeoutError) as exc:
            self.close()
            raise AllegianceError(f"cannot reach the Dask scheduler ({exc})", input=address,
                                  hint="Start it with `dask scheduler` and give its tcp://host:port.") from exc
        self.client.register_plugin(PipelinePlugin(options.get("model")), name=PipelinePlugin.name)
        self.replaced = 0

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()

    def _slots(self) -> int:
        info = self.client.scheduler_info()
        return max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))

    def results(self, tasks: Iterator[Source]) -> Iterator[Outcome]:
        from distributed import as_completed
        from distributed.client import FutureCancelledError

        self.client.wait_for_workers(1, timeout=120)
        running: dict[Any, tuple[str, float]] = {}
        done = as_completed()
        exhausted = False

        def fill() -> None:
            nonlocal exhausted
            slots = self._slots()
            while not exhausted and len(running) < slots:
                source = next(tasks, None)
                if source is None:
                    exhausted = True
                    return
                fut = self.client.submit(work, source, self._extractor, self._options, pure=False)
                running[fut] = (source.name, time.monotonic())
                done.add(fut)

        try:
            fill()
            while running:
                for fut in self._poll(done, 1.0):
                    name, _started = running.pop(fut, ("", 0.0))
                    if fut.cancelled():
                        continue
                    try:
                        yield fut.result()
                    except FutureCancelledError:
                        continue
                    except Exception as exc:  # KilledWorker after repeated deaths, or a lost worker
                        yield failed(name, WorkerDiedError(
                            f"the Dask worker running it died ({type(exc).__name__}: {exc})", input=name,
                            hint="Run it alone with `allegiance extract`."))
                yield from self._overdue(running)
                fill()
        finally:
            for fut in running:
                fut.cancel()
            self.close()

    @staticmethod
    def _poll(done: Any, seconds: float) -> list[Any]:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            batch = done.next_batch(block=False)
            if batch:
                return list(batch)
            time.sleep(0.02)
        return []

    def _overdue(self, running: dict[Any, tuple[str, float]]) -> Iterator[Outcome]:
        if self.timeout is None:
            return
        now = time.monotonic()
        late = [f for f, (_n, started) in running.items() if now - started > self.timeout]
        if not late:
            return
        where = self.client.processing()
        restart = {addr for addr, keys in where.items() for f in late if f.key in keys}
        for fut in late:
            name, _ = running.pop(fut)
            fut.cancel()
            yield failed(name, time_limit_error(name, self.timeout))
        if restart:
            self.client.restart_workers(list(restart), raise_for_error=False)
            self.replaced += len(restart)
