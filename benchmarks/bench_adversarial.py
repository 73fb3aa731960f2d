"""Linear time on adversarial text: each normaliser and rule file at 10 kB, 100 kB and 1 MB.

Run with ``nox -s bench -- --adversarial`` (or ``python benchmarks/bench_adversarial.py``).
Each input repeats one short unit (a run of one character, digits, capitalised words,
hyphens, quotes, dots, ``am Montag, `` or ``15.02.2025 ``) to 10,000, 100,000 and
1,000,000 characters; each stage is timed on each size in processor time (the machine may
be shared: time spent waiting for it is not the stage's), the fastest of a few runs, and
the ratio of each size to the one before is printed. Work linear in the text gives a ratio
near 10; a ratio above 15 where the larger run takes long enough to measure is a bug to
fix, flagged on its line and listed at the end with the input that shows it (once a second
measurement confirms it: on a shared machine another process can slow one run down). A stage that
would take too long at a size (at the limit ratio) is not tried there, and is listed.

``--only WORD`` keeps the inputs and stages whose name contains WORD (repeatable: words
that name inputs choose inputs, words that name stages choose stages); ``--sizes A B ...``
changes the sizes.
"""

from __future__ import annotations

import argparse
import copy
import gc
import sys
import time
from collections.abc import Callable
from functools import partial
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: the project is importable either way
    sys.path.insert(0, str(ROOT))

#: Ratios above this for ten times the text are reported as offenders.
RATIO_LIMIT = 15.0
#: A size is measured only when the one before leaves it within this many seconds (at the
#: ratio limit); otherwise the stage is reported as too slow to try.
BUDGET = 60.0
#: Times below this at the larger size are too small for their ratio to mean anything.
MEASURABLE = 0.05
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
    """What the assertion and dating stages take as input (quotes, sentences, timexes with
    their sentence, assertions), made untimed when first asked for, by the normalisers
    themselves: not by the whole of ``normalise_article``, whose other stages (entities)
    would make a slow stage of their own slow the preparation of every other."""

    def __init__(self, text: str, language: str):
        super().__init__()
        self.text, self.language = text, language

    def __missing__(self, key: str):
        import bisect

        from audit.ingest.published import parse_published
        from audit.normalise.assertions import extract_assertions
        from audit.normalise.sentences import quote_spans, split_sentences
        from audit.normalise.timexes import tag_timexes

        text, language = self.text, self.language
        if key == "assertions":
            self[key] = extract_assertions(text, language, self["sentences"], self["quotes"])
        elif key == "timexes":
            starts = [sentence.start for sentence in self["sentences"]]
            self[key] = tag_timexes(text, language, parse_published(PUBLISHED))
            for number, timex in enumerate(self[key]):
                timex["timex_id"] = f"t{number}"
                timex["sent_id"] = max(0, bisect.bisect_right(starts, timex["start"]) - 1)
        else:
            self["quotes"] = quote_spans(text)
            self["sentences"] = split_sentences(text, language, self["quotes"])
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
        "entities": lambda text, language, _: lambda: extract_entities(text, language),
        "assertions": assertions,
        "dating": dating,  # (after assertions: it is tried at the sizes they were)
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
            least: float = 0.5, most: int = 7) -> float:
    """The fastest of up to ``most`` runs (as many as fit in ``least`` seconds, at least two
    where a run is that short); ``make`` gives a fresh call for each run (its own copies of
    rows a stage changes)."""
    best = float("inf")
    spent = 0.0
    for run in range(most):
        seconds = call(make())
        best, spent = min(best, seconds), spent + seconds
        if spent >= least and run >= 1 or spent >= 5 * least:
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
    """Processor seconds ``function`` takes, with the garbage collector paused as
    normalisation pauses it (its full passes over every object of the process would be
    timed with the stage)."""
    from audit import collector

    forget_texts()
    with collector.paused():
        started = time.process_time()
        function()
        seconds = time.process_time() - started
    gc.collect()
    return seconds


def chosen(words: list[str], names: list[str]) -> list[str]:
    """The ``names`` that contain one of the ``words``, or all of them if none does."""
    kept = [name for name in names if any(word in name for word in words)]
    return kept or names


def measure(make: Callable, unit: str, language: str, sizes: list[int], limit: float
            ) -> dict[int, float]:
    """The seconds of one stage at each size, leaving out the sizes after one that would
    take more than ``BUDGET`` seconds at the limit ratio."""
    times: dict[int, float] = {}
    for size in sizes:
        if times:
            before = max(times)
            if times[before] * limit * size / before / 10 > BUDGET:
                break
        text = adversarial(unit, size)
        prepared = Prepared(text, language)
        times[size] = fastest(timed, partial(make, text, language, prepared))
    return times


def above_limit(times: dict[int, float]) -> list[str]:
    """The steps from one size to the next whose time grows more than ``RATIO_LIMIT`` per
    tenfold, where the larger run takes long enough to tell (``MEASURABLE``)."""
    found = []
    for (small, t_small), (large, t_large) in pairwise(times.items()):
        ratio = t_large / max(t_small, 1e-9)
        if ratio > RATIO_LIMIT * (large / small) / 10 and t_large >= MEASURABLE:
            found.append(f"{small // 1000:,}k->{large // 1000:,}k ratio {ratio:.1f}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[],
                        help="only inputs or stages whose name contains this (repeatable)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000],
                        metavar="SIZE")
    args = parser.parse_args()
    sizes = sorted(args.sizes)

    every = stages()
    for language in ("de", "en"):  # compile what each stage compiles on first use
        warm = Prepared("Am Montag, 15.02.2025, sagte er: „Ja.“", language)
        for make in every.values():
            make(warm.text, language, warm)()

    input_names = chosen(args.only, [name for name, *_ in INPUTS])
    stage_names = chosen(args.only, list(every))
    print(f"sizes {', '.join(f'{size:,}' for size in sizes)} characters; processor time, "
          f"the fastest of a few runs; ratio of each size's time to the one before (linear: "
          f"the ratio of the sizes; offender above {RATIO_LIMIT:g} per tenfold, where the "
          f"larger takes at least {MEASURABLE} s)")
    offenders = []
    for name, unit, language in INPUTS:
        if name not in input_names:
            continue
        print(f"\n{name} ({unit!r} repeated, {language})")
        tried: dict[str, list[int]] = {}
        for stage in stage_names:
            # Dating takes the assertions as input: not prepared where they were too slow.
            usable = tried.get("assertions", sizes) if stage == "dating" else sizes
            times = measure(every[stage], unit, language, usable, RATIO_LIMIT)
            if above_limit(times) and len(times) == len(usable):
                # Another process may have slowed one size down: measured again, the
                # fastest of both measurements counts.
                again = measure(every[stage], unit, language, usable, RATIO_LIMIT)
                times = {size: min(seconds, again.get(size, seconds))
                         for size, seconds in times.items()}
            tried[stage] = list(times)
            line = f"  {stage:<14}" + "".join(f" {seconds:9.4f}s" for seconds in times.values())
            line += " " * 11 * (len(sizes) - len(times))
            flagged = above_limit(times)
            for (small, t_small), (large, t_large) in pairwise(times.items()):
                ratio = t_large / max(t_small, 1e-9)
                line += f"  {small // 1000:,}k->{large // 1000:,}k {ratio:6.1f}"
            if len(times) < len(usable):
                line += f"  (too slow to try {usable[len(times)]:,})"
                flagged.append(f"{max(times.values()):.2f}s at {max(times):,}, too slow to "
                               f"try {usable[len(times)]:,}")
            elif len(times) < len(sizes):
                line += f"  (not tried at {sizes[len(times)]:,}: its input is not prepared)"
            if flagged:
                line += "  <-- superlinear"
                offenders.append((name, stage, times, flagged))
            print(line)
    print("\nsuperlinear:" if offenders else "\nno stage above the limit")
    for name, stage, times, flagged in offenders:
        seconds = ", ".join(f"{t:.4f}s" for t in times.values())
        print(f"  {stage:<14} on {name}: {seconds}; {'; '.join(flagged)}")
    return 1 if offenders else 0


if __name__ == "__main__":
    sys.exit(main())
