"""Linear time on adversarial text: each normaliser and rule file at 10 kB and 100 kB.

Run with ``nox -s bench -- --adversarial`` (or ``python benchmarks/bench_adversarial.py``).
Each input repeats one short unit (a run of one character, digits, capitalised words,
hyphens, quotes, dots, ``am Montag, `` or ``15.02.2025 ``) to 10,000 and to 100,000
characters; each stage is timed on both (the fastest of a few runs) and the ratio printed.
Work linear in the text gives a ratio near 10; above about 15 (where the larger run takes
long enough to measure) is a bug to fix, and is listed at the end with the input that shows
it. Small times do not scale evenly (10 kB fits the processor's caches better than 100 kB),
so a ratio above the limit is confirmed from 100 kB to 1 MB before it is listed. A stage
that takes too long at 10 kB to try at 100 kB is listed with the time it took.

``--only WORD`` keeps the inputs and stages whose name contains WORD; ``--sizes A B``
changes the two sizes.
"""

from __future__ import annotations

import argparse
import copy
import gc
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: the project is importable either way
    sys.path.insert(0, str(ROOT))

#: Ratios above this (10x the text) are reported as offenders.
RATIO_LIMIT = 15.0
#: The larger size is measured only when the smaller one leaves it within this many seconds
#: (at the ratio limit); otherwise the stage is reported as too slow to try.
BUDGET = 60.0
#: Times below this at the larger size are too small for their ratio to mean anything.
MEASURABLE = 0.02
PUBLISHED = "2025-02-20"

#: (name, unit repeated to the size, language)
INPUTS: list[tuple[str, str, str]] = [
    ("letters", "a", "de"), ("capitals", "A", "de"), ("digits", "7", "de"),
    ("exclamation marks", "!", "de"), ("full stops", ".", "de"), ("ellipses", "…", "de"),
    ("?!", "?!", "en"), ("hyphens", "-", "de"), ("dashes", "—", "de"),
    ("apostrophes", "'", "en"), ("straight quotes", '"', "en"), ("low quotes", "„", "de"),
    ("high quotes", "“", "de"), ("guillemets", "»", "de"), ("spaces", " ", "de"),
    ("line breaks", "\n", "de"), ("tabs", "\t", "de"), ("parentheses", "(", "de"),
    ("capitalised words de", "Bundestag Berlin Merkel ", "de"),
    ("capitalised words en", "President Joe Biden Washington ", "en"),
    ("name chain", "Angela ", "de"), ("hyphenated words", "Nord-Süd-Ost-", "de"),
    ("split words", "ameri- kanischer ", "de"), ("dots and spaces", ". ", "de"),
    ("capital stops", "A. ", "de"), ("abbreviations", "z. B. Dr. ", "de"),
    ("ordinals", "1. ", "de"), ("ellipsis words", "Na... ", "de"),
    ("quotes de", "„Ja.“ Er sagte: ", "de"), ("quotes en", '"Yes." He said ', "en"),
    ("doubled apostrophes", "''a'' ", "en"), ("unclosed quotes", "„Ja ", "de"),
    ("am Montag", "am Montag, ", "de"), ("dates", "15.02.2025 ", "de"),
    ("on Monday", "on Monday, ", "en"), ("dates en", "February 15, 2025 ", "en"),
    ("years", "2025 ", "de"), ("relative", "vor zwei Wochen ", "de"),
    ("numbers", "2,5 Mio. ", "de"), ("sagte", "sagte er, ", "de"),
    ("said", "said the official, ", "en"), ("laut", "laut Reuters ", "de"),
    ("anonymous sources", "mit den Gesprächen vertraute Quellen ", "de"),
    ("hedges", "möglicherweise wohl angeblich ", "de"),
    ("article", "Am Samstag (15.02.2025) telefonierten die Außenminister Lawrow und Rubio, "
                "wie mit den Gesprächen vertraute Quellen sagten. „Wir sind bereit“, sagte "
                "Lawrow vor zwei Wochen in Istanbul.\n", "de"),
]


def adversarial(unit: str, size: int) -> str:
    """``unit`` repeated to ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


class Prepared(dict):
    """What the stages after the first take as input, made when first asked for."""

    def __init__(self, text: str, language: str):
        super().__init__()
        self.text, self.language = text, language

    def __missing__(self, key: str):
        from audit.normalise.build import normalise_article
        from audit.normalise.sentences import quote_spans, split_sentences

        quotes = quote_spans(self.text)
        rows = normalise_article("bench", self.text, self.language, PUBLISHED)
        self.update(quotes=quotes, sentences=split_sentences(self.text, self.language, quotes),
                    timexes=rows["timexes"], assertions=rows["assertions"])
        return self[key]


def stages() -> dict[str, Callable[[str, str, dict], Callable[[], object]]]:
    """Each stage: given the text, language and prepared inputs, the call to time."""
    from audit.ingest.published import parse_published
    from audit.normalise.assertions import extract_assertions
    from audit.normalise.dating import date_events
    from audit.normalise.entities import extract_entities
    from audit.normalise.language import detect_language
    from audit.normalise.sentences import quote_spans, split_sentences
    from audit.normalise.timexes import tag_timexes

    published = parse_published(PUBLISHED)

    def assertions(text: str, language: str, prepared: dict) -> Callable[[], object]:
        sentences, quotes = prepared["sentences"], prepared["quotes"]  # (made untimed)
        return lambda: extract_assertions(text, language, sentences, quotes)

    def dating(text: str, language: str, prepared: dict) -> Callable[[], object]:
        timexes = copy.deepcopy(prepared["timexes"])
        assertions = copy.deepcopy(prepared["assertions"])
        return lambda: date_events(text, language, timexes, assertions)

    found = {
        "language": lambda text, language, _: lambda: detect_language(text),
        "sentences": lambda text, language, _: lambda: split_sentences(
            text, language, quote_spans(text)),
        "timexes": lambda text, language, _: lambda: tag_timexes(text, language, published),
        "dating": dating,
        "entities": lambda text, language, _: lambda: extract_entities(text, language),
        "assertions": assertions,
    }
    for rule in rules():
        found[f"rule {rule.code}"] = partial(_rule_stage, rule)
    return found


def _rule_stage(rule, text: str, language: str, _: dict) -> Callable[[], object]:
    return lambda: rule.matches(text, language)


def rules() -> list:
    """The rule files of the project's checks folder."""
    from audit.engine.rules import load_rule

    return [load_rule(path) for path in sorted((ROOT / "checks").rglob("rules/*.toml"))]


def fastest(call: Callable[[Callable[[], object]], float], make: Callable[[], Callable],
            least: float = 0.1, most: int = 5) -> float:
    """The fastest of up to ``most`` runs (as many as fit in ``least`` seconds, at least one);
    ``make`` gives a fresh call for each run (its own copies of rows a stage changes)."""
    best = float("inf")
    spent = 0.0
    for _ in range(most):
        seconds = call(make())
        best, spent = min(best, seconds), spent + seconds
        if spent >= least:
            break
    return best


def forget_texts() -> None:
    """Empty the caches the project keeps of the last few texts (bounded ``lru_cache``s),
    so that no run is timed on what an earlier run of the same text left behind; the
    unbounded caches (compiled patterns, resources) stay, as in any long audit."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("audit.") or module is None:
            continue
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            if callable(info) and info().maxsize is not None:
                value.cache_clear()


def timed(function: Callable[[], object]) -> float:
    """Seconds ``function`` takes, with the garbage collector paused as normalisation pauses
    it (its full passes over every object of the process would be timed with the stage)."""
    from audit import collector

    forget_texts()
    with collector.paused():
        started = time.perf_counter()
        function()
        seconds = time.perf_counter() - started
    gc.collect()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[],
                        help="only inputs or stages whose name contains this (repeatable)")
    parser.add_argument("--sizes", type=int, nargs=2, default=(10_000, 100_000),
                        metavar=("SMALL", "LARGE"))
    args = parser.parse_args()
    small, large = args.sizes
    scale = large / small
    limit = RATIO_LIMIT * scale / 10

    every = stages()
    for language in ("de", "en"):  # compile what each stage compiles on first use
        warm = Prepared("Am Montag, 15.02.2025, sagte er: „Ja.“", language)
        for make in every.values():
            make(warm.text, language, warm)()

    def wanted(name: str) -> bool:
        return not args.only or any(word in name for word in args.only)

    inputs = [(name, unit, language) for name, unit, language in INPUTS
              if wanted(name) or any(wanted(stage) for stage in every)]
    names = [stage for stage in every if wanted(stage) or any(wanted(n) for n, *_ in inputs)]
    print(f"sizes {small:,} and {large:,} characters; ratio of the times (linear: {scale:.0f}, "
          f"offender above {limit:.0f} where the larger takes at least {MEASURABLE} s)")
    offenders = []
    for name, unit, language in inputs:
        print(f"\n{name} ({unit!r} repeated, {language})")
        texts = {size: adversarial(unit, size) for size in (small, large)}
        prepared = {}
        for stage in names:
            make = every[stage]
            times = {}
            for size in (small, large):
                if size == large and times[small] * limit > BUDGET:
                    break
                if size not in prepared:
                    prepared[size] = Prepared(texts[size], language)
                times[size] = fastest(timed, partial(make, texts[size], language,
                                                     prepared[size]))
            if large not in times:
                print(f"  {stage:<14} {times[small]:9.4f}s  (too slow to try {large:,})")
                offenders.append((name, stage, times[small], None, None, None))
                continue
            ratio = times[large] / max(times[small], 1e-9)
            line = f"  {stage:<14} {times[small]:9.4f}s {times[large]:9.4f}s  ratio {ratio:6.1f}"
            confirmed = None
            if ratio > limit and times[large] >= MEASURABLE:
                # Below a few milliseconds, a text that fits the processor's caches runs
                # faster per character than one ten times longer: a ratio above the limit
                # counts only if it holds from the larger size to ten times it.
                huge = large * round(scale)
                if times[large] * limit * limit / 10 <= BUDGET:
                    text = adversarial(unit, huge)
                    extra = Prepared(text, language)
                    seconds = fastest(timed, partial(make, text, language, extra), most=2)
                    confirmed = seconds / times[large]
                    line += f"; {huge:,}: {seconds:.3f}s, ratio {confirmed:.1f}"
                if confirmed is None or confirmed > limit:
                    line += "  <-- superlinear"
                    offenders.append((name, stage, times[small], times[large], ratio,
                                      confirmed))
            print(line)
    print("\nsuperlinear:" if offenders else "\nno stage above the limit")
    for name, stage, t_small, t_large, ratio, confirmed in offenders:
        if ratio is None:
            print(f"  {stage:<14} on {name}: {t_small:.2f}s at {small:,}, too slow for {large:,}")
        else:
            print(f"  {stage:<14} on {name}: {t_small:.4f}s -> {t_large:.4f}s, ratio {ratio:.1f}"
                  + (f", then {confirmed:.1f}" if confirmed else ""))
    return 1 if offenders else 0


if __name__ == "__main__":
    sys.exit(main())
