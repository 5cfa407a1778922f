"""Batch ingest: inputs → extraction (in worker processes) → the store, one document at a time.

    summary = ingest(["archive/", "wire.jsonl"], store=store, workers=2)

The order, for each article the inputs yield (streamed: memory does not grow with the
corpus):
    1. read and structure it (cheap, in the parent); an unreadable input is recorded in
       `failures` with its reason and the batch goes on
    2. if its document key is already stored, skip it without extracting ("present")
    3. extract it in a worker process (each loads the language pipeline once), or in
       this process with `workers=1`
    4. store it in one transaction: a document is stored whole or not at all, so a run
       killed at any point and started again loses and duplicates nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from allegiance.errors import AllegianceError, InputError
from allegiance.extraction.article import Article
from allegiance.extraction.pipeline import enrich, prepare
from allegiance.graph.store import Store, document_key
from allegiance.model import Extraction
from allegiance.read.inputs import Failure, Source, read_path


@dataclass
class Summary:
    ingested: int = 0
    present: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.ingested + self.present + self.failed


Progress = Callable[[Summary, str], None]


def _sources(inputs: Iterable[str]) -> Iterator[Source | Failure]:
    for path in inputs:
        try:
            yield from read_path(path)
        except InputError as exc:
            yield Failure(path, exc)


# -- worker side -----------------------------------------------------------------------------

_worker_options: dict[str, Any] = {}


def _init_worker(model: str | None, published: str | None) -> None:
    from allegiance.extraction.language import load_pipeline

    _worker_options.update(model=model, published=published)
    load_pipeline(model)


def extract_one(source: Source, *, model: str | None = None, published: str | None = None) -> Extraction:
    """Extract one article with the text kept (what the store needs)."""
    from allegiance.extraction.language import load_pipeline

    article: Article = prepare(source, published=published)
    article.doc = load_pipeline(model)(article.text)
    article.model = model
    return enrich(article).to_extraction(with_text=True)


def _work(source: Source) -> tuple[str, Extraction | None, str | None, str | None]:
    try:
        return source.name, extract_one(source, **_worker_options), None, None
    except AllegianceError as exc:
        return source.name, None, exc.code, str(exc)
    except Exception as exc:  # a bug on one article must not stop the batch: record it
        return source.name, None, "A000", f"internal error: {type(exc).__name__}: {exc}"


# -- parent side -----------------------------------------------------------------------------


def ingest(inputs: Iterable[str], *, store: Store, workers: int | None = None, model: str | None = None,
           published: str | None = None, progress: Progress | None = None) -> Summary:
    """Ingest every article of `inputs` (files, folders, JSONL) into `store`."""
    workers = workers or os.cpu_count() or 1
    summary = Summary()

    def fail(name: str, code: str, reason: str) -> None:
        summary.failed += 1
        summary.failures.append((name, reason))
        store.record_failure(name, code, reason)
        if progress:
            progress(summary, name)

    def store_one(name: str, ex: Extraction) -> None:
        try:
            result = store.ingest(ex, source_name=name)
        except AllegianceError as exc:
            fail(name, exc.code, str(exc))
            return
        if result.status == "ingested":
            summary.ingested += 1
        else:
            summary.present += 1
        if progress:
            progress(summary, name)

    def todo() -> Iterator[Source]:
        for item in _sources(inputs):
            if isinstance(item, Failure):
                fail(item.name, item.error.code, str(item.error))
                continue
            try:
                structured = prepare(item, published=published).structured
            except AllegianceError as exc:
                fail(item.name, exc.code, str(exc))
                continue
            if store.has_document(document_key(structured.text, structured.segments)):
                summary.present += 1
                if progress:
                    progress(summary, item.name)
                continue
            yield item

    if workers <= 1:
        _worker_options.update(model=model, published=published)
        for source in todo():
            name, ex, code, reason = _work(source)
            if ex is None:
                fail(name, code or "A000", reason or "")
            else:
                store_one(name, ex)
        return summary

    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(model, published)) as pool:
        pending: set[Future[tuple[str, Extraction | None, str | None, str | None]]] = set()

        def drain(block_until: int) -> None:
            nonlocal pending
            while len(pending) > block_until:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    name, ex, code, reason = fut.result()
                    if ex is None:
                        fail(name, code or "A000", reason or "")
                    else:
                        store_one(name, ex)

        for source in todo():
            pending.add(pool.submit(_work, source))
            drain(2 * workers)
        drain(0)
    return summary
