"""Throughput and peak memory of the audit on ../shared/corpora/10kgnad-test.csv.

Run with ``nox -s bench`` (or ``python benchmarks/bench_audit.py``). Prints characters per
second for each normalisation stage on one core, for the whole audit (ingest, normalise,
checks) with the chosen number of processes, and the peak resident memory. With more than
one process the article-scope checks run in the workers, beside normalisation; "checks" is
then the gathering of their findings and the corpus-scope checks. Fixed start-up costs
(imports, compiling patterns) are separated from the cost per character by ``--repeat``:
the difference between two runs divided by the difference in characters. ``--marginal``
does that in one process: after a first audit (which pays the start-up), it audits the
corpus once and three times over, a few times each, and divides the difference of the
fastest runs by the difference in characters: the cost per character of a long audit,
the figure the target of 1 MB/s per core is about.

The 10kGNAD file is ``label;'text'`` with ``'`` as the quote character and no dates.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: evaluation/ is found from the root
    sys.path.insert(0, str(ROOT))
from evaluation.gnad import CORPUS, gnad_records  # noqa: E402


def load(path: Path, limit: int | None) -> list[dict]:
    return gnad_records(limit, path)


def rate(chars: int, seconds: float) -> str:
    return f"{chars / seconds / 1e6:6.2f} MB/s ({chars / seconds:,.0f} chars/s, {seconds:.2f}s)"


def stages(records: list[dict]) -> None:
    """Each normaliser alone, one core."""
    from audit.normalise.assertions import extract_assertions
    from audit.normalise.entities import extract_entities
    from audit.normalise.language import detect_language
    from audit.normalise.sentences import quote_spans, split_sentences
    from audit.normalise.timexes import tag_timexes

    texts = [r["text"] for r in records]
    chars = sum(map(len, texts))
    sentences = {}
    quotes = {}
    timings = {}
    started = time.perf_counter()
    for text in texts:
        detect_language(text)
    timings["language"] = time.perf_counter() - started
    started = time.perf_counter()
    for i, text in enumerate(texts):
        quotes[i] = quote_spans(text)
        sentences[i] = split_sentences(text, "de", quotes[i])
    timings["sentences"] = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        tag_timexes(text, "de", None)
    timings["timexes"] = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        extract_entities(text, "de")
    timings["entities"] = time.perf_counter() - started
    started = time.perf_counter()
    for i, text in enumerate(texts):
        extract_assertions(text, "de", sentences[i], quotes[i])
    timings["assertions"] = time.perf_counter() - started
    for name, seconds in timings.items():
        print(f"  {name:<11} {rate(chars, seconds)}")


def reference_seconds() -> float:
    """The time of a fixed piece of pure-Python and regular-expression work, the fastest of
    three: a shared machine's speed drifts (by half, seen here), so a figure is comparable
    only with others measured at a similar reference time."""
    import re

    pattern = re.compile(r"(?<!\w)(?:vor|nach|seit)\s+\w+")
    text = "Die Gespräche begannen vor zwei Wochen und dauern seit Montag an. " * 2000

    def once() -> float:
        started = time.perf_counter()
        total = sum(len(pattern.findall(text)) for _ in range(40))
        total += sum(i * i for i in range(3_000_000)) % 7
        return time.perf_counter() - started

    return min(once() for _ in range(3))


def marginal(records: list[dict], jobs: int, rounds: int, path: Path) -> int:
    """Print the cost per character of a long audit (see the module doc)."""
    from audit.config import load_config
    from audit.ingest import from_records
    from audit.pipeline import audit

    config = load_config(ROOT)
    chars = sum(len(r["text"]) for r in records)

    def run(times: int, tag: str) -> float:
        copies = [{"id": f"{r['id']}-{tag}-{n}", "text": r["text"]}
                  for n in range(times) for r in records]
        articles = from_records(copies, path=str(path))
        started = time.perf_counter()
        audit(articles, config, jobs=jobs)
        return time.perf_counter() - started

    run(1, "start-up")
    before = reference_seconds()
    # interleaved, so that a drift of the machine's speed touches both alike
    pairs = [(run(1, f"a{i}"), run(3, f"b{i}")) for i in range(rounds)]
    once, thrice = min(a for a, _ in pairs), min(b for _, b in pairs)
    after = reference_seconds()
    seconds = (thrice - once) / 2
    print(f"corpus: {path.name}, {len(records)} articles, {chars:,} characters; {jobs} "
          f"process(es), fastest of {rounds}")
    print(f"  machine      reference work {before:.3f}s before, {after:.3f}s after "
          f"(lower is faster)")
    print(f"  once         {once:.2f}s   three times  {thrice:.2f}s")
    print(f"  marginal    {rate(chars, seconds)}")
    print(f"  per core    {chars / seconds / jobs / 1e6:6.2f} MB/s")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--jobs", type=int, default=1, help="processes for the whole audit")
    parser.add_argument("--repeat", type=int, default=1,
                        help="audit the corpus N times over (distinct ids), to separate the "
                             "fixed start-up costs from the cost per character")
    parser.add_argument("--no-stages", action="store_true", help="skip the per-stage timings")
    parser.add_argument("--marginal", type=int, nargs="?", const=3, metavar="ROUNDS",
                        help="only the cost per character of a long audit: the corpus once and "
                             "three times over, the fastest of ROUNDS runs each (default 3)")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"bench: {args.corpus} is missing (it lives in ../shared/corpora)", file=sys.stderr)
        return 2

    from audit.config import load_config
    from audit.ingest import from_records
    from audit.pipeline import audit

    records = load(args.corpus, args.limit)
    if args.marginal:
        return marginal(records, args.jobs, args.marginal, args.corpus)
    records = [{"id": f"{r['id']}-{n}", "text": r["text"]}
               for n in range(args.repeat) for r in records] if args.repeat > 1 else records
    chars = sum(len(r["text"]) for r in records)
    print(f"corpus: {args.corpus.name} x{args.repeat}, {len(records)} articles, "
          f"{chars:,} characters")
    if not args.no_stages:
        print("stages, one core:")
        stages(records)

    marks = {}

    def progress(done: int, total: int) -> None:
        if done == total:
            marks["normalised"] = time.perf_counter()

    started = time.perf_counter()
    articles = from_records(records, path=str(args.corpus))
    ingested = time.perf_counter()
    result = audit(articles, load_config(ROOT), jobs=args.jobs, progress=progress)
    finished = time.perf_counter()
    normalised = marks.get("normalised", ingested)
    findings = len(result.findings)
    where = "with the article checks" if args.jobs > 1 else "alone"
    print(f"whole audit, {args.jobs} process(es):")
    print(f"  ingest      {rate(chars, ingested - started)}")
    print(f"  normalise   {rate(chars, normalised - ingested)}  ({where})")
    print(f"  checks      {rate(chars, finished - normalised)}  ({findings} findings, "
          f"{len(result.check_errors)} check errors)")
    print(f"  total       {rate(chars, finished - started)}")
    print(f"  per core    {chars / (finished - started) / args.jobs / 1e6:6.2f} MB/s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process): {peak:,.0f} MB")
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if workers:
        print(f"peak memory (largest worker process): {workers:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
