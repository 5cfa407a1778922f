"""Fuzz the readers and the whole pipeline; count crashes, hangs and the size ratio (issue 13).

    .venv/bin/python bench/fuzz.py                      # 100,000 inputs + 2,000 extracts + sizes
    .venv/bin/python bench/fuzz.py --runs 5000 --extract 200 --no-sizes   # a quick look

Three phases, each input built by one of the classes below from the fuzzer's bytes:

1. `--runs` inputs through the cheap entry points (read_document / read_jsonl / read_stdin →
   structure, find_timexes, the names functions, geocode): coverage-guided with atheris
   (libFuzzer) when it imports, else a seeded random generator (`--engine random`).
   atheris is in the dev extra where it installs from a wheel (Linux x86-64, CPython
   3.11-3.13: `pip install -e '.[dev]'`); elsewhere it needs clang and libFuzzer to build
   (`pip install atheris`, see its README), and without it the run says so and phase 1
   falls back to the seeded random generator.
2. `--extract` inputs through the whole `allegiance.extract` (spaCy and every stage),
   seeded random (about 30 ms an input: too slow for coverage guidance).
3. The big inputs, once each: a 1 MB line, 10^5 "Q:" lines, 1 MB of spaces, 1 MB of
   capitalised words, HTML nested 10^5 deep, and a real 50 kB and 1 MB article, whose
   CPU times give the 1 MB / 50 kB ratio (target ≤ 20×).

An input passes when it ends in a result or an `AllegianceError` within
`BOUND_BASE + BOUND_PER_CHAR × size` seconds of CPU; any other exception is a crash
and a slower one a hang. Inputs that crash are written to `bench/fuzz-found/` (bytes and
traceback) to become regression tests (tests/test_fuzz.py keeps the ones found so far).
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FOUND = ROOT / "bench" / "fuzz-found"
BOUND_BASE = 5.0  # seconds: start-up work of a first call (the gazetteer, the KB)
BOUND_PER_CHAR = 0.001  # seconds a character: 10× the pipeline's cost on a real article

CLASSES = ("random_bytes", "truncated_utf8", "nul_bytes", "long_line", "q_lines", "nested_html",
           "bidi_zero_width", "arabic_latin", "impossible_dates", "jsonl_wrong_types")
WORDS = ["The", "Free", "Syrian", "Army", "said", "on", "Monday", "that", "Hay'at", "Tahrir", "al-Sham", "(HTS)",
         "attacked", "Idlib", "killed", "22", "civilians", "in", "Aleppo", "Omar", "al-Rahmoun", "joined", "Jabhat",
         "al-Nusra", "—now", "JFS", "last", "December", "2014", "fighters", "of", "Ahrar", "a-Sham", "Q:", "A:",
         "[Ed.:", "note]", "\n\n", "\n", "Daraa", "Hama", "countryside", "brigade", "commander", "Abu", "Mohammad"]
ARABIC = ["قال", "الجيش", "السوري", "الحر", "إن", "الاشتباكات", "مستمرة", "في", "ريف", "حماة", "هيئة", "تحرير", "الشام"]
MARKS = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
         "\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u061c"]
DATES = ["31 February 2017", "0 March 0000", "30 February 2016", "2017-13-45", "32 January 2017", "29 February 2015",
         "١١ April ٢٠١٧", "1 January 1850", "on Monday", "last December", "9999-99-99", "February 31"]
PUBLISHED = [None, "2017-02-31", "1850-01-01", "garbage", "0000-00-00", "2017", "2017-04-11", "٢٠١٧-٠٤-١١", ""]


class Draw:
    """Choices from a seeded random generator, or from atheris's FuzzedDataProvider."""

    def __init__(self, rng: random.Random | None = None, fdp: Any = None) -> None:
        self.rng, self.fdp = rng, fdp

    def int(self, lo: int, hi: int) -> int:
        if self.fdp is not None:
            return int(self.fdp.ConsumeIntInRange(lo, hi))
        assert self.rng is not None
        return self.rng.randint(lo, hi)

    def pick(self, seq: Any) -> Any:
        return seq[self.int(0, len(seq) - 1)]

    def bytes(self, n: int) -> bytes:
        if self.fdp is not None:
            return bytes(self.fdp.ConsumeBytes(n))
        assert self.rng is not None
        return self.rng.randbytes(n)

    def words(self, n: int, pool: list[str] = WORDS) -> str:
        return " ".join(self.pick(pool) for _ in range(n))


def make(cls: str, d: Draw, *, big: bool = False) -> tuple[str, bytes, str | None]:
    """(how to read it: doc | html | jsonl | stdin, the bytes, a published date) for one class."""
    scale = 1_000_000 if big else 2048
    if cls == "random_bytes":
        return d.pick(["doc", "html", "jsonl", "stdin"]), d.bytes(d.int(0, scale)), None
    if cls == "truncated_utf8":
        data = (d.words(d.int(1, 300)) + " " + d.words(d.int(1, 60), ARABIC)).encode()
        return "doc", data[:d.int(0, len(data))], d.pick(PUBLISHED)
    if cls == "nul_bytes":
        text = d.words(d.int(1, 200))
        k = d.int(0, len(text))
        return d.pick(["doc", "stdin"]), (text[:k] + "\x00" * d.int(1, 8) + text[k:]).encode(), None
    if cls == "long_line":
        n = scale if big else d.int(500, 8192)
        return "doc", ((d.words(d.int(1, 5)) + " ") * (n // 20))[:n].replace("\n", " ").encode(), d.pick(PUBLISHED)
    if cls == "q_lines":
        k = 100_000 if big else d.int(1, 600)
        return "doc", ("Q:\n" * k + d.words(d.int(0, 30))).encode(), d.pick(PUBLISHED)
    if cls == "nested_html":
        depth = 100_000 if big else d.int(1, 1200)
        tag = d.pick(["div", "span", "b", "section", "p", "font", "td", "li"])
        para = "<p>" + d.words(d.int(10, 80)) + "</p>"
        html = f"<html><body>{f'<{tag}>' * depth}<article>{para}</article>{f'</{tag}>' * d.int(0, depth)}</body></html>"
        return "html", html.encode(), None
    if cls == "bidi_zero_width":
        parts = [d.pick(WORDS + ARABIC) + (d.pick(MARKS) if d.int(0, 2) else "") for _ in range(d.int(1, 200))]
        return d.pick(["doc", "html"]), " ".join(parts).encode(), d.pick(PUBLISHED)
    if cls == "arabic_latin":
        parts = [d.pick(WORDS) if d.int(0, 1) else d.pick(ARABIC) for _ in range(d.int(1, 300))]
        glue = d.pick(["", " ", "-", "\u200c"])
        return "doc", glue.join(parts).encode(d.pick(["utf-8", "utf-8", "utf-16", "cp1256", "mac_arabic"]),
                                               "replace"), d.pick(PUBLISHED)
    if cls == "impossible_dates":
        text = " ".join(d.words(d.int(1, 12)) + " " + d.pick(DATES) + "." for _ in range(d.int(1, 20)))
        return "doc", text.encode(), d.pick(PUBLISHED)
    if cls == "jsonl_wrong_types":
        values: list[Any] = [None, True, 0, -1, 2**70, 1.5, float("inf"), "", d.words(d.int(1, 40)), [1, "x"],
                             {"a": 1}, [[[]]], d.pick(DATES), d.pick(MARKS) * 3, "x\ud800y", "\udc00"]
        lines = []
        for _ in range(d.int(1, 12)):
            rec = {k: d.pick(values) for k in ("id", "text", "html", "title", "published", "url", "outlet")
                   if d.int(0, 2)}
            lines.append(json.dumps(rec, allow_nan=True) if d.int(0, 6) else d.pick(
                ["{", "[]", "1", "{\"text\":", '{"text": "a", "id": ' + "9" * 5000 + "}", "[" * 5000]))
        return "jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"), None
    raise ValueError(cls)


# -- running one input ------------------------------------------------------------------------


class Hang(Exception):
    pass


def _alarm(_sig: int, _frame: Any) -> None:
    raise Hang()


def cheap(how: str, data: bytes, published: str | None) -> None:
    """Phase 1: read → structure, timex, names, places."""
    from allegiance import names
    from allegiance.errors import AllegianceError
    from allegiance.extraction.timex import find_timexes
    from allegiance.geo.places import geocode
    from allegiance.read.inputs import Failure, read_document, read_jsonl, read_stdin
    from allegiance.read.structure import structure

    if how == "jsonl":
        items = list(read_jsonl(data, name="fuzz.jsonl"))
    elif how == "stdin":
        items = list(read_stdin(data))
    else:
        items = [read_document(data, name="fuzz", html=True if how == "html" else None)]
    for item in items:
        if isinstance(item, Failure):
            continue
        item.published = item.published or published
        try:
            doc = structure(item)
        except AllegianceError:
            continue
        find_timexes(doc.text[:5000], published=doc.published)
        for s, e in [(g.start, g.end) for g in doc.segments[:3]]:
            piece = doc.text[s:min(e, s + 60)]
            names.normalize(piece)
            names.skeleton(piece)
            names.similarity(piece, doc.title or "")
            names.name_parts(piece)
            names.is_weak_alias(piece)
            geocode(piece[:40], context=doc.text[:200])


def full(how: str, data: bytes, published: str | None) -> None:
    """Phases 2 and 3: the whole pipeline on every article the input holds."""
    import allegiance
    from allegiance.read.inputs import Failure, read_document, read_jsonl, read_stdin

    if how == "jsonl":
        items = list(read_jsonl(data, name="fuzz.jsonl"))
    elif how == "stdin":
        items = list(read_stdin(data))
    else:
        items = [read_document(data, name="fuzz", html=True if how == "html" else None)]
    for item in items:
        if not isinstance(item, Failure):
            item.published = item.published or published
            with contextlib.suppress(allegiance.AllegianceError):
                allegiance.extract(item, with_text=True)


def run_one(fn: Any, cls: str, how: str, data: bytes, published: str | None, stats: dict[str, Any]) -> float:
    from allegiance.errors import AllegianceError

    bound = BOUND_BASE + BOUND_PER_CHAR * len(data)
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, 3 * bound)  # wall clock, a backstop for a real hang
    t = time.process_time()
    outcome = "ok"
    try:
        fn(how, data, published)
    except AllegianceError:
        outcome = "typed"
    except Hang:
        outcome = "hang"
    except Exception:
        outcome = "crash"
        _keep(cls, how, data, published, traceback.format_exc())
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    took = time.process_time() - t
    if outcome != "crash" and took > bound:
        outcome = "hang"
        _keep(cls, how, data, published, f"took {took:.1f} s of CPU, over the {bound:.1f} s bound")
    stats["inputs"] += 1
    stats[outcome] += 1
    stats["by_class"].setdefault(cls, {"inputs": 0, "crash": 0, "hang": 0})
    stats["by_class"][cls]["inputs"] += 1
    if outcome in ("crash", "hang"):
        stats["by_class"][cls][outcome] += 1
    return took


def _keep(cls: str, how: str, data: bytes, published: str | None, why: str) -> None:
    FOUND.mkdir(exist_ok=True)
    key = hashlib.sha256(data).hexdigest()[:16]
    (FOUND / f"{cls}-{key}.bin").write_bytes(data)
    (FOUND / f"{cls}-{key}.txt").write_text(f"class {cls}, read as {how}, published {published!r}\n{why}\n")


def new_stats() -> dict[str, Any]:
    return {"inputs": 0, "ok": 0, "typed": 0, "crash": 0, "hang": 0, "by_class": {}}


# -- phases -----------------------------------------------------------------------------------


def phase_random(fn: Any, runs: int, seed: int, out: Path | None = None) -> dict[str, Any]:
    rng = random.Random(seed)
    stats = new_stats()
    for i in range(runs):
        cls = CLASSES[i % len(CLASSES)]
        how, data, published = make(cls, Draw(rng=rng))
        run_one(fn, cls, how, data, published, stats)
        if out is not None and i % 1000 == 0:
            out.write_text(json.dumps(stats))
    if out is not None:
        out.write_text(json.dumps(stats))
    return stats


def atheris_child(runs: int, out: Path) -> None:
    import atheris

    with atheris.instrument_imports(include=["allegiance"]):
        import allegiance.read.structure  # noqa: F401
    stats = new_stats()

    def one_input(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        d = Draw(fdp=fdp)
        cls = d.pick(CLASSES)
        how, payload, published = make(cls, d)
        run_one(cheap, cls, how, payload, published, stats)
        if stats["inputs"] % 1000 == 0 or stats["inputs"] >= runs:
            out.write_text(json.dumps(stats))

    atheris.Setup([sys.argv[0], f"-runs={runs}", "-max_len=8192", "-timeout=600", "-rss_limit_mb=8192",
                   "-print_final_stats=1"], one_input)
    atheris.Fuzz()


def phase_atheris(runs: int) -> dict[str, Any] | None:
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("atheris is not installed: phase 1 runs the seeded random generator instead. It installs from a "
              "wheel on Linux x86-64 with CPython 3.11-3.13 (pip install -e '.[dev]' or pip install atheris); "
              "elsewhere it builds only with clang and libFuzzer.", file=sys.stderr, flush=True)
        return None
    out = Path(tempfile.gettempdir()) / f"allegiance-fuzz-atheris-{os.getpid()}.json"
    out.unlink(missing_ok=True)
    subprocess.run([sys.executable, __file__, "--atheris-child", str(runs), "--out", str(out)], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stats: dict[str, Any] = json.loads(out.read_text()) if out.exists() else new_stats()
    out.unlink(missing_ok=True)
    return stats


def article(n: int) -> str:
    texts = [Path(p).read_text(encoding="utf-8") for p in sorted(glob.glob(str(ROOT / "tests/data/articles/*.txt")))]
    body = "\n\n".join(texts)
    s = body
    while len(s) < n:
        s += "\n\n" + body
    return s[:n]


def phase_sizes(stats: dict[str, Any], big: int) -> dict[str, Any]:
    import allegiance

    allegiance.extract("Warm-up: the Free Syrian Army fought in Idlib on 3 March 2015.")
    times: dict[str, float] = {}
    inputs = {
        "article 50 kB": ("doc", article(50_000).encode(), "2020-01-01"),
        f"article {big // 1000} kB": ("doc", article(big).encode(), "2020-01-01"),
        f"one line of {big // 1000} kB": make("long_line", Draw(rng=random.Random(1)), big=True),
        "10^5 Q: lines": make("q_lines", Draw(rng=random.Random(2)), big=True),
        f"{big // 1000} kB of spaces": ("doc", f"The Free Syrian Army fought.{' ' * big}It ended.".encode(), None),
        f"{big // 1000} kB capitalised words": ("doc", ("Aaa " * (big // 4) + "(AB)").encode(), None),
        "HTML nested 10^5 deep": make("nested_html", Draw(rng=random.Random(3)), big=True),
    }
    for label, (how, data, published) in inputs.items():
        took = run_one(full, "big", how, data, published, stats)
        times[label] = round(took, 2)
        print(f"  {label}: {took:.1f} s CPU", flush=True)
    a, b = times["article 50 kB"], times[f"article {big // 1000} kB"]
    return {"cpu_seconds": times, "ratio_1mb_50kb": round(b / a, 1) if a else None,
            "size_ratio": big / 50_000}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=100_000, help="phase 1 inputs (cheap entry points)")
    ap.add_argument("--extract", type=int, default=2000, help="phase 2 inputs (the whole pipeline)")
    ap.add_argument("--engine", choices=["atheris", "random"], default="atheris")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--big", type=int, default=1_000_000, help="size of the big inputs of phase 3")
    ap.add_argument("--no-sizes", action="store_true", help="skip phase 3")
    ap.add_argument("--report", type=Path, default=None, help="write the whole report (JSON) here")
    ap.add_argument("--atheris-child", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.atheris_child is not None:
        atheris_child(args.atheris_child, args.out)
        return
    report: dict[str, Any] = {}
    t = time.time()
    p1 = phase_atheris(args.runs) if args.engine == "atheris" else None
    report["engine"] = "atheris (libFuzzer, coverage-guided)" if p1 is not None else f"seeded random ({args.seed})"
    if p1 is None:
        p1 = phase_random(cheap, args.runs, args.seed)
    report["phase1_cheap"] = p1
    print(f"phase 1 ({report['engine']}): {p1['inputs']} inputs, {p1['crash']} crashes, {p1['hang']} hangs "
          f"[{time.time() - t:.0f} s]", flush=True)
    t = time.time()
    p2 = phase_random(full, args.extract, args.seed + 1)
    report["phase2_extract"] = p2
    print(f"phase 2 (extract, seeded random): {p2['inputs']} inputs, {p2['crash']} crashes, {p2['hang']} hangs "
          f"[{time.time() - t:.0f} s]", flush=True)
    if not args.no_sizes:
        p3 = new_stats()
        report["phase3_sizes"] = {**phase_sizes(p3, args.big), **p3}
        print(f"phase 3 (big inputs): {p3['inputs']} inputs, {p3['crash']} crashes, {p3['hang']} hangs; "
              f"1 MB / 50 kB CPU time ratio {report['phase3_sizes']['ratio_1mb_50kb']}×", flush=True)
    total = sum(r["inputs"] for k, r in report.items() if k.startswith("phase"))
    crashes = sum(r["crash"] for k, r in report.items() if k.startswith("phase"))
    hangs = sum(r["hang"] for k, r in report.items() if k.startswith("phase"))
    report["total"] = {"inputs": total, "crashes": crashes, "hangs": hangs}
    print(json.dumps(report["total"]))
    if args.report:
        args.report.write_text(json.dumps(report, indent=1))
    if os.environ.get("CI"):
        sys.exit(1 if crashes or hangs else 0)


if __name__ == "__main__":
    main()
