"""The cost of the assertions stage alone: ``extract_assertions`` over 10kGNAD's test articles
(German) and over the first 100 PolNeAR texts (English).

Run with ``nox -s bench -- --assertions`` (or ``python benchmarks/bench_assertions.py``;
``--corpus gnad`` or ``--corpus polnear`` measures one of them, both are the default).
The articles (the 1,028 of ../shared/corpora/10kgnad-test.csv; the first 100 files, by name,
of ../shared/eval/attribution/polnear-train/data/train/text) are split into sentences and
quotes once, as the table builder does (``quote_spans``, ``split_sentences``), and kept in a
temporary file; what is measured is ``extract_assertions`` on each of them, in the corpus's
language, nothing else.

- With valgrind on the PATH (``--clock instructions``, the default then): the instructions
  the stage executes, counted by callgrind. Two runs of a fresh process: one extracts the
  first 50 articles (imports, grammar, first-call costs), the other the same 50 and then all
  1,028; the difference is one pass over the corpus. Instructions do not depend on what else
  runs on the machine, so two versions of the code compare within a fraction of a percent
  (a few minutes a run: callgrind runs ~50x slower). Both processes hash strings with the
  same seed (``PYTHONHASHSEED=0``): with a random seed the count of one version varies by
  about 1.5% from run to run (10kGNAD, seeds 0, 1, 2: 6.400, 6.433, 6.434 G).
- Without valgrind (``--clock cpu``): the CPU time (user + system, ``time.process_time``) of
  a pass in one process after the same warm-up, the best of ``--repeat`` passes.

``--limit N`` takes the first N articles only (a quick look; figures of the whole corpus are
the ones to compare).

``--first`` measures instead what one article costs a fresh process (the one-article audit's
share of the stage): the grammar, built from its resource or read back from the store on
disk (``audit.stored``, here in a temporary folder), and the extraction of
the corpus's first article, which compiles the patterns it needs; less a process that only
imports the stage. Instructions (callgrind) or CPU seconds (the best of ``--repeat`` fresh
processes) as above.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: evaluation/ is found from the root
    sys.path.insert(0, str(ROOT))
from evaluation.gnad import CORPUS, gnad_texts  # noqa: E402

SHARED = ROOT.parent / "shared"
#: Each corpus: its file or folder and its language.
CORPORA = {
    "gnad": (CORPUS, "de"),
    "polnear": (SHARED / "eval" / "attribution" / "polnear-train" / "data" / "train" / "text",
                "en"),
}
#: The PolNeAR texts measured: the first ones by file name.
POLNEAR_TEXTS = 100
#: Articles extracted before anything is measured: grammar compiled, caches filled.
WARM_UP = 50
_COLLECTED = re.compile(r"Collected : (\d+)")


def texts(corpus: str, limit: int | None) -> list[str]:
    """The texts of a corpus (see :data:`CORPORA`), the first ``limit`` of them."""
    where, _ = CORPORA[corpus]
    if corpus == "polnear":
        files = sorted(where.iterdir())[:POLNEAR_TEXTS][:limit]
        return [file.read_text(encoding="utf-8") for file in files]
    return gnad_texts(limit)


def prepare(path: Path, corpus: str, limit: int | None) -> int:
    """The articles of a corpus with their sentences and quotes, pickled to ``path`` with
    their language; how many."""
    from audit.normalise.sentences import quote_spans, split_sentences

    language = CORPORA[corpus][1]
    articles = []
    for text in texts(corpus, limit):
        quotes = quote_spans(text)
        articles.append((text, split_sentences(text, language, quotes), quotes))
    with path.open("wb") as out:
        pickle.dump((language, articles), out)
    return len(articles)


def extract(path: Path, passes: int) -> list[float]:
    """Warm up, then extract every article ``passes`` times: the CPU seconds of each pass."""
    from audit.normalise.assertions import extract_assertions

    with path.open("rb") as source:
        language, articles = pickle.load(source)
    for text, sentences, quotes in articles[:WARM_UP]:
        extract_assertions(text, language, sentences, quotes)
    seconds = []
    for _ in range(passes):
        started = time.process_time()
        for text, sentences, quotes in articles:
            extract_assertions(text, language, sentences, quotes)
        seconds.append(time.process_time() - started)
    return seconds


#: What a fresh process does for ``--first``: only import the stage; or build the grammar
#: (nothing stored) or read it back (stored by the first), then extract the first article.
FIRST_STEPS = ("import", "built", "read")


def first_article(path: Path, step: str, store: Path) -> float:
    """One step of ``--first`` (see :data:`FIRST_STEPS`) in this process, with the grammar
    stored in ``store``: its CPU seconds (the import's, or the first article's beyond it)."""
    started = time.process_time()
    from audit import stored
    from audit.normalise.assertions import extract_assertions

    stored._folder = lambda: store
    imported = time.process_time() - started
    if step == "import":
        return imported
    with path.open("rb") as source:  # (reading the article is not the stage's)
        language, articles = pickle.load(source)
    text, sentences, quotes = articles[0]
    started = time.process_time()
    extract_assertions(text, language, sentences, quotes)
    return time.process_time() - started


def instructions(path: Path, passes: int | str, store: Path | None = None) -> int:
    """The instructions callgrind counts in a fresh process that warms up and then makes
    ``passes`` passes (or makes one step of ``--first``, with the grammar stored in
    ``store``)."""
    child = ["--child", str(path), str(passes)] + ([str(store)] if store else [])
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
               __file__, *child]
    # (one hash seed: the order of sets and the probes of dicts of strings vary with it)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    found = _COLLECTED.search(done.stderr)
    if found is None:
        raise RuntimeError(f"callgrind reported no instruction count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clock", choices=["instructions", "cpu"],
                        help="what to count (default: instructions where valgrind is found)")
    parser.add_argument("--repeat", type=int, default=3, help="passes timed by --clock cpu")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append",
                        help="the corpus to measure (again for another; default: both)")
    parser.add_argument("--first", action="store_true",
                        help="what the first article costs a fresh process (see above)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child[1] in FIRST_STEPS:
            print(first_article(Path(args.child[0]), args.child[1], Path(args.child[2])))
        else:
            extract(Path(args.child[0]), int(args.child[1]))
        return 0
    clock = args.clock or ("instructions" if shutil.which("valgrind") else "cpu")
    for corpus in args.corpus or ["gnad", "polnear"]:
        (measure_first if args.first else measure)(corpus, clock, args)
    return 0


@contextlib.contextmanager
def _prepared(corpus: str, limit: int | None):
    """The corpus's articles (the first ``limit``) pickled in a temporary folder for the
    measured processes: the pickle's path, the corpus's language and the articles' count;
    ``None`` (said on stderr) where the corpus is absent."""
    where, language = CORPORA[corpus]
    if not where.exists():
        print(f"bench_assertions: {where} is absent; nothing to measure", file=sys.stderr)
        yield None
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.pickle"
        yield path, language, prepare(path, corpus, limit)


def measure_first(corpus: str, clock: str, args: argparse.Namespace) -> None:
    """Measure ``--first`` on a corpus's first article and print it."""
    with _prepared(corpus, 1) as prepared:
        if prepared is None:
            return
        path, language, _ = prepared
        store = path.parent / "store"
        print(f"extract_assertions on the first article of {TITLES[corpus]} ({language}), "
              "in a fresh process, beyond importing the stage")
        if clock == "instructions":
            counts = {}
            for step in FIRST_STEPS:  # (in this order: "built" stores what "read" reads)
                counts[step] = instructions(path, step, store)
            for step in FIRST_STEPS[1:]:
                print(f"  grammar {step}: {(counts[step] - counts['import']) / 1e9:.3f} G "
                      f"instructions (callgrind; import alone {counts['import'] / 1e9:.3f} G)")
            return
        seconds: dict[str, list[float]] = {step: [] for step in FIRST_STEPS}
        for _ in range(args.repeat):
            for step in FIRST_STEPS:
                if step == "built":
                    shutil.rmtree(store, ignore_errors=True)
                done = subprocess.run([sys.executable, __file__, "--child", str(path), step,
                                       str(store)], cwd=ROOT, capture_output=True, text=True,
                                      check=True)
                seconds[step].append(float(done.stdout.split()[-1]))
        for step in FIRST_STEPS[1:]:
            print(f"  grammar {step}: {min(seconds[step]):.3f} CPU-s, import alone "
                  f"{min(seconds['import']):.3f} (best of {args.repeat} fresh processes each)")


#: What each corpus is called in the output.
TITLES = {"gnad": "10kGNAD test", "polnear": f"PolNeAR train, first {POLNEAR_TEXTS} texts"}


def measure(corpus: str, clock: str, args: argparse.Namespace) -> None:
    """Measure one pass of ``extract_assertions`` over a corpus and print it."""
    with _prepared(corpus, args.limit) as prepared:
        if prepared is None:
            return
        path, language, count = prepared
        print(f"extract_assertions on {TITLES[corpus]} ({count} articles, {language})")
        if clock == "instructions":
            warm, full = instructions(path, 0), instructions(path, 1)
            print(f"  instructions of one pass: {(full - warm) / 1e9:.3f} G "
                  f"(callgrind; run {full / 1e9:.3f} G, warm-up alone {warm / 1e9:.3f} G)")
        else:
            seconds = extract(path, args.repeat)
            print(f"  CPU seconds of one pass: {min(seconds):.2f} (best of {len(seconds)}: "
                  + ", ".join(f"{s:.2f}" for s in seconds) + ")")


if __name__ == "__main__":
    sys.exit(main())
