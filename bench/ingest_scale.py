"""Ingest at archive scale, with kills: memory stays flat, nothing is lost, duplicated or partial.

    .venv/bin/python bench/ingest_scale.py [--n 100000] [--kills 5] [--workers 2] [--keep DIR]
        [--corpus full|short] [--sentences 2-4]

Articles (--corpus full): the texts of ../shared/corpus/fakes/dev.jsonl and re3d/dev.jsonl
repeated with distinct ids, each under a headline of its own (so each is a distinct
document). --corpus short: short wire reports, generated reproducibly from --seed, each a
headline (one article's title) over a run of --sentences consecutive whole sentences of
another article, every text distinct; no sentence comes from an article of the frozen test
split (bench/realtext/split.json). Extraction runs in full on each; a short report costs a
fraction of a whole one, so an archive-sized count fits in hours. Either is written to one
JSONL file. `allegiance ingest` runs on it as a subprocess and is killed with
SIGKILL --kills times at random points (chosen by stored-document count), then run again
until it completes. Reported: the rate, the peak RSS of the ingest process and of its
biggest worker at n/10, n/2 and n documents (10k, 50k, 100k for the full run), and
  lost         articles of the input with no stored document and no recorded failure
  duplicated   input ids stored more than once
  partial      stored documents without their segments, local entities or mentions, or
               whose sources / local entities / mentions rows differ from those of a clean
               extraction of the same article stored in a scratch database (checked on a
               random sample of --sample documents; valid only when the extraction code did
               not change during the run)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the shared corpora beside the repository; ALLEGIANCE_SHARED names them for a worktree elsewhere
SHARED = Path(os.environ.get("ALLEGIANCE_SHARED", ROOT.parent / "shared")) / "corpus"
SPLIT = ROOT / "bench" / "realtext" / "split.json"
BIN = Path(sys.executable).with_name("allegiance")
sys.path.insert(0, str(ROOT))
from tests.support.faults import children_of, stored  # noqa: E402


def texts() -> list[dict[str, str]]:
    out = []
    for f in (SHARED / "fakes" / "dev.jsonl", SHARED / "re3d" / "dev.jsonl"):
        if f.exists():
            out += [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not out:
        out = [{"id": p.stem, "text": p.read_text(encoding="utf-8")}
               for p in sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))]
    return out


def write_corpus(path: Path, n: int) -> None:
    base = texts()
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            r = base[i % len(base)]
            rec = {"id": f"scale-{i}", "title": f"Archive item {i}", "text": f"Archive item {i}\n\n{r['text']}"}
            if r.get("published"):
                rec["published"] = r["published"]
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def test_ids() -> set[str]:
    """Ids of the frozen test split (only the ids: its texts never reach a short report)."""
    if not SPLIT.exists():
        return set()
    data = json.loads(SPLIT.read_text(encoding="utf-8"))
    return set(data.get("fakes_test", [])) | set(data.get("re3d_test", []))


SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d']?\s+(?=[A-Z\"\u201c])")


def whole_sentences(text: str) -> list[str]:
    """The sentences of one article that read as wire-report sentences: 6 to 40 words,
    starting with a capital or a quote and ending with a full stop, ! or ? (a dateline,
    byline or list item is left out, so each report is made of real, complete sentences)."""
    out = []
    for para in text.split("\n"):
        for s in SENTENCE_END.split(para.strip()):
            s = s.strip()
            if 6 <= len(s.split()) <= 40 and s[:1].isupper() and s.rstrip("\"\u201d'")[-1:] in ".!?":
                out.append(s)
    return out


def short_reports(n: int, seed: int, sentences: tuple[int, int]) -> list[dict[str, str]]:
    """n distinct short reports: a headline (the title of one article) over `sentences`
    consecutive whole sentences of another, with that article's date; articles of the
    frozen test split are never drawn from."""
    if not (SHARED / "fakes" / "dev.jsonl").exists():
        raise SystemExit(f"no {SHARED / 'fakes' / 'dev.jsonl'}: set ALLEGIANCE_SHARED to the shared folder")
    test = test_ids()
    base = [r for r in texts() if r["id"] not in test]
    runs = [(r, whole_sentences(r["text"])) for r in base]
    runs = [(r, ss) for r, ss in runs if len(ss) >= sentences[1]]
    titles = [r["title"].strip() for r in base if r.get("title", "").strip()]
    rng, seen = random.Random(seed), set[str]()  # distinct up to case and spacing
    out: list[dict[str, str]] = []
    while len(out) < n:
        r, ss = rng.choice(runs)
        k = rng.randint(*sentences)
        start = rng.randrange(len(ss) - k + 1)
        text = f"{rng.choice(titles)}\n\n" + " ".join(ss[start:start + k])
        key = " ".join(text.lower().split())  # the store keys a document by its text up to case and spacing
        if key in seen:
            continue
        seen.add(key)
        rec = {"id": f"scale-{len(out)}", "title": text.split("\n", 1)[0], "text": text}
        if r.get("published"):
            rec["published"] = r["published"]
        out.append(rec)
    return out


def write_short(path: Path, n: int, seed: int, sentences: tuple[int, int]) -> float:
    """Write n short reports to path as JSONL; return their mean length in words."""
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for rec in short_reports(n, seed, sentences):
            words += len(rec["text"].split())
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return words / max(n, 1)


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def reached(db: Path) -> int:
    """One past the highest input index stored: the prefix of the input a stopped run got to."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT external_id FROM documents WHERE external_id LIKE 'scale-%'")
        return 1 + max((int(r[0].split("-", 1)[1]) for r in rows), default=-1)
    finally:
        conn.close()


def check(db: Path, corpus: Path, n: int, sample: int, seed: int, in_flight: int = 0) -> dict[str, int]:
    """Lost, duplicated and partial documents among the first n inputs. A run stopped before
    the end (n = reached) may lack the last `in_flight` inputs below n without losing them:
    they were in the workers at the stop and a resume stores them; they are counted apart."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        ids = [r[0] for r in conn.execute("SELECT external_id FROM documents")]
        dup = len(ids) - len(set(ids))
        failed = int(conn.execute("SELECT COUNT(*) FROM failures").fetchone()[0])
        have = set(ids)
        missing = [i for i in range(n) if f"scale-{i}" not in have]
        pending = sum(i >= n - in_flight for i in missing)
        lost = len(missing) - pending - failed
        # a document without segments is cut short; one without local entities may be an
        # article that names no one (the sample below compares those with a clean extraction)
        hollow = conn.execute(
            "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM segments s WHERE s.document_id = d.id)"
        ).fetchone()[0]
        orphans = conn.execute(
            "SELECT COUNT(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM local_entities e "
            "WHERE e.document_id = m.document_id AND e.local_id = m.local_id)").fetchone()[0]
        # a clean extraction of a sample must match what is stored, table by table
        wanted = set(random.Random(seed).sample(range(n), min(sample, n)))
        differ = sample_differs(conn, corpus, wanted)
        return {"inputs": n, "stored": len(ids), "failed (recorded)": failed, "lost": lost,
                "in flight at the stop": pending, "duplicated": dup,
                "partial": hollow + orphans + differ, "without segments": hollow, "orphan mentions": orphans,
                "sample differs": differ, "sample_checked": len(wanted)}
    finally:
        conn.close()


#: The stored columns of one document that its extraction alone decides (graph entity and
#: claim ids, and resolution's reasons, depend on the other documents of the graph).
DOCUMENT_ROWS = {
    "sources": "fact_id, predicate, args, role, time_start, time_end, time_as_of, place, polarity, modality, "
               "asserted_by, speaker, evidence_start, evidence_end, quote, confidence, fatalities, injured, published",
    "local_entities": "local_id, type, name, aliases, kb_id",
    "mentions": "local_id, start, \"end\"",
}


def document_rows(conn: sqlite3.Connection, external_id: str) -> dict[str, list[tuple[object, ...]]] | None:
    """The DOCUMENT_ROWS of the document stored under `external_id`, sorted; None if none is."""
    row = conn.execute("SELECT id FROM documents WHERE external_id = ?", (external_id,)).fetchone()
    if row is None:
        return None
    return {t: sorted(conn.execute(f"SELECT {cols} FROM {t} WHERE document_id = ?", (row[0],)).fetchall())
            for t, cols in DOCUMENT_ROWS.items()}


def sample_differs(conn: sqlite3.Connection, corpus: Path, wanted: set[int]) -> int:
    """How many of the `wanted` inputs are stored otherwise than a clean extraction of the
    same article (here, in a process that extracted none of the run's other articles),
    stored by the same code in a scratch database.

    Rows, not counts, and written by the store itself: comparing counts against the
    extraction (as this check did) flagged input 13,365 of the 100,000 run, whose two
    mentions of one entity share a start ("Sheikh" inside the full name), which the store
    keyed by (document, entity, start) and so kept once: the store's doing, not a stale
    process (since migration 0006 it keys them by their whole span and keeps both)."""
    from allegiance.batch import extract_one
    from allegiance.graph.store import open_store
    from allegiance.read.inputs import record_to_source

    differ = 0
    with tempfile.TemporaryDirectory(prefix="ingest-scale-check-") as tmp:
        scratch_path = Path(tmp) / "clean.sqlite"
        scratch = open_store(scratch_path)
        clean = sqlite3.connect(scratch_path)
        try:
            with corpus.open(encoding="utf-8") as fh:
                for i, line in enumerate(fh):
                    if i not in wanted:
                        continue
                    got = document_rows(conn, f"scale-{i}")
                    if got is None:
                        continue
                    scratch.ingest(extract_one(record_to_source(json.loads(line), name=f"{corpus}:{i + 1}")),
                                   source_name=f"{corpus}:{i + 1}")
                    differ += got != document_rows(clean, f"scale-{i}")
        finally:
            clean.close()
            scratch.close()
    return differ


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--kills", type=int, default=5)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--sample", type=int, default=50, help="Documents re-extracted to check none is partial.")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", default=None, help="Keep the corpus and database in this folder.")
    ap.add_argument("--corpus", choices=("full", "short"), default="full",
                    help="Whole dev articles repeated, or short reports recombined from their sentences.")
    ap.add_argument("--sentences", default="2-4", help="Body sentences of a short report: MIN-MAX.")
    ap.add_argument("--stop-at", default=None, metavar="HH:MM",
                    help="UTC time to stop an unfinished run (SIGKILL) and check the prefix it reached.")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ingest-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus, db = work / "corpus.jsonl", work / "graph.sqlite"
    if not corpus.exists():
        if args.corpus == "short":
            lo, _, hi = args.sentences.partition("-")
            mean = write_short(corpus, args.n, args.seed, (int(lo), int(hi or lo)))
            print(f"short reports: {args.sentences} body sentences, mean {mean:.1f} words", flush=True)
        else:
            write_corpus(corpus, args.n)
    marks = sorted({max(1, args.n // 10), max(1, args.n // 2), args.n})
    kill_at = sorted(rng.sample(range(1, args.n), min(args.kills, args.n - 1)))
    print(f"{args.n} articles → {db}; kills at about {kill_at} stored documents; workers {args.workers}", flush=True)
    cmd = [str(BIN), "ingest", str(corpus), "--db", str(db), "--workers", str(args.workers), "--quiet"]
    rss_at: dict[int, tuple[float, float]] = {}
    peak_parent = peak_worker = 0.0
    stop_at = deadline(args.stop_at)
    stopped = False
    kills, runs, t0 = 0, 0, time.perf_counter()
    start_docs = stored(str(db))
    while True:
        runs += 1
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        target = kill_at[kills] if kills < len(kill_at) else None
        while proc.poll() is None:
            time.sleep(0.5)
            n_docs = stored(str(db))
            parent = rss_mb(proc.pid)
            worker = max((rss_mb(c) for c in children_of(proc.pid)), default=0.0)
            peak_parent, peak_worker = max(peak_parent, parent), max(peak_worker, worker)
            for m in marks:
                if m not in rss_at and n_docs >= m:
                    rss_at[m] = (peak_parent, peak_worker)
                    print(f"  at {n_docs} documents: ingest RSS {parent:.0f} MB (peak {peak_parent:.0f}), "
                          f"biggest worker {worker:.0f} MB (peak {peak_worker:.0f})", flush=True)
            if stop_at is not None and time.time() >= stop_at:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                stopped = True
                print(f"  stopped at {args.stop_at} UTC with {stored(str(db))} stored documents", flush=True)
                break
            if target is not None and n_docs >= target:
                time.sleep(rng.uniform(0, 2))
                if proc.poll() is None:
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait()
                    kills += 1
                    print(f"  kill -9 #{kills} at {stored(str(db))} stored documents", flush=True)
                break
        out = proc.communicate()[0] if proc.stdout else ""
        if stopped:
            break
        if proc.returncode == 0:
            print("  " + out.strip().splitlines()[-1], flush=True)
            break
        if proc.returncode not in (-signal.SIGKILL, 3):
            print(out)
            return 1
        if proc.returncode == 3:
            print("  " + out.strip().splitlines()[-1], flush=True)
            break
    took = time.perf_counter() - t0
    done = stored(str(db)) - start_docs
    n = reached(db) if stopped else args.n
    for m in marks:
        if m not in rss_at and not stopped:
            rss_at[m] = (peak_parent, peak_worker)
    result = check(db, corpus, n, args.sample, args.seed, in_flight=4 * args.workers if stopped else 0)
    state = f"NOT DONE: stopped at input {n} of {args.n}" if stopped else f"{args.n} articles"
    print(f"{state}, {runs} runs, {kills} kills, {took:.0f} s, {done / took:.2f} documents/s")
    for m in sorted(rss_at):
        print(f"peak RSS by {m} documents: ingest {rss_at[m][0]:.0f} MB, biggest worker {rss_at[m][1]:.0f} MB")
    print(json.dumps(result))
    ok = result["lost"] == result["duplicated"] == result["partial"] == 0
    return 0 if ok and not stopped else 1


def deadline(hhmm: str | None) -> float | None:
    """The next time (epoch seconds) the UTC clock reads HH:MM, or None for no deadline."""
    if not hhmm:
        return None
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    h, m = (int(x) for x in hhmm.split(":"))
    at = now.replace(hour=h, minute=m, second=0, microsecond=0)
    if at <= now:
        at += dt.timedelta(days=1)
    return at.timestamp()


if __name__ == "__main__":
    sys.exit(main())
