"""Matching libraries side by side on our resources and 10kGNAD (docs/matching.md).

Run with ``python benchmarks/bench_matching.py``. Three measurements, best of three runs:

1. the literal entries of every German resource file and rule file (one word list), found
   as whole words, case-insensitively, in every 10kGNAD article: Python ``re`` (one
   alternation, longest first), ``google-re2``, ``hyperscan`` and ``pyahocorasick``, and
   the engine's :class:`audit.matching.Lexicon`;
2. the rule files' patterns and anchors: Python ``re`` (no screens), ``google-re2`` and the
   engine's :class:`audit.matching.Patterns`;
3. adversarial input: the time for a short and a longer text, Python ``re`` and the engine.

``hyperscan`` and the raw ``google-re2`` rows are left out where those are not installed.
"""

from __future__ import annotations

import re
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from evaluation.gnad import gnad_texts  # noqa: E402

_PLAIN = re.compile(r"[\w .'’-]+")

from audit.matching import Lexicon, Patterns  # noqa: E402


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list | dict):
        for value in node.values() if isinstance(node, dict) else node:
            yield from strings(value)


def word_list() -> list[str]:
    words = set()
    for path in (ROOT / "audit" / "resources" / "de").glob("*.toml"):
        for entry in strings(tomllib.loads(path.read_text(encoding="utf-8"))):
            if _PLAIN.fullmatch(entry) and entry.strip() and not entry.strip().isdigit():
                words.add(entry.strip())
    for path in (ROOT / "checks" / "rules").glob("*.toml"):
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        words.update(strings(table.get("phrases", {})))
        for kind in table.get("kinds", {}).values():
            words.update(strings(kind.get("phrases", {})))
    return sorted(words, key=lambda w: (-len(w), w))


def rule_patterns() -> list[str]:
    found = []
    for path in sorted((ROOT / "checks" / "rules").glob("*.toml")):
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        found += list(strings(table.get("patterns", {}))) + table.get("anchors", [])
        for kind in table.get("kinds", {}).values():
            found += list(strings(kind.get("patterns", {})))
    return found


def timed(name: str, texts: list[str], find) -> None:
    chars = sum(map(len, texts))
    best, count = float("inf"), 0
    for _ in range(3):
        started = time.perf_counter()
        count = sum(len(find(text)) for text in texts)
        best = min(best, time.perf_counter() - started)
    print(f"  {name:44s} {best:7.3f} s {chars / best / 1e6:7.2f} MB/s {count:8d} matches")


def lexicons(texts: list[str]) -> None:
    words = word_list()
    print(f"1. {len(words)} literal entries, whole words, any case")
    plain = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, words))})(?!\w)", re.I)
    timed("re, one alternation", texts, lambda t: plain.findall(t))
    try:
        import re2
    except ImportError:
        re2 = None
    if re2 is not None:
        options = re2.Options()
        options.case_sensitive, options.max_mem = False, 256 << 20
        joined = "|".join(map(re.escape, words))
        program = re2.compile(rf"(?:^|[^\pL\pN_])({joined})(?:[^\pL\pN_]|$)", options)
        timed("google-re2, one alternation", texts, lambda t: list(program.finditer(t)))
    try:
        import hyperscan
    except ImportError:
        hyperscan = None
    if hyperscan is not None:
        database = hyperscan.Database()
        flags = (hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP
                 | hyperscan.HS_FLAG_SOM_LEFTMOST)
        database.compile(expressions=[re.escape(w).encode() for w in words],
                         ids=list(range(len(words))), elements=len(words),
                         flags=[flags] * len(words))
        scratch = hyperscan.Scratch(database)

        def scan(text):
            found = []
            database.scan(text.encode(), scratch=scratch,
                          match_event_handler=lambda entry, start, end, flags, context:
                          found.append((start, end)))
            return found
        timed("hyperscan, literal set (all hits)", texts, scan)
    import ahocorasick
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word.lower(), len(word))
    automaton.make_automaton()
    timed("pyahocorasick, all hits", texts, lambda t: list(automaton.iter(t.lower())))
    lexicon = Lexicon(words)
    timed("audit.matching.Lexicon (pyahocorasick)", texts, lambda t: list(lexicon.finditer(t)))


def patterns(texts: list[str]) -> None:
    found = rule_patterns()
    print(f"2. {len(found)} rule-file patterns and anchors, any case")
    plain = re.compile("|".join(f"(?:{p})" for p in found), re.I)
    timed("re, one alternation, no screens", texts, lambda t: list(plain.finditer(t)))
    engine = Patterns([_for_re2(p) for p in found], words=False)
    timed("audit.matching.Patterns (google-re2)", texts, lambda t: list(engine.finditer(t)))


def _for_re2(pattern: str) -> str:
    """A rule pattern without its look-arounds, for the timing only."""
    for old, new in ((r"(?:\A|(?<=\n)|(?<=[.!?] ))", r"(?:^|\n|[.!?] )"), (r"(?<!\w)", ""),
                     (r"\b", "")):
        pattern = pattern.replace(old, new)
    return pattern


def adversarial() -> None:
    print("3. growth on adversarial input: time for the short and the long text")
    cases = [
        ("share row", r"(?:(?:Teilen|Facebook)[ \t]*[|/]?[ \t]*){2,}$", "Teilen  /  " * 400
         + "x", 4),
        ("cookie notice", r"Wir verwenden Cookies[^\n]{0,300}?(?:akzeptieren|Einstellungen)",
         "Wir verwenden Cookies " * 400, 4),
        ("nested repeat", r"(?:\w+\s?)+:", "a" * 16, 22 / 16),
    ]
    for name, pattern, text, longer in cases:
        compiled, engine = re.compile(pattern, re.M), Patterns([pattern], words=False,
                                                                multiline=True)
        long_text = text * int(longer) if longer == int(longer) else text[0] * 22
        for label, find in (("re", lambda t, c=compiled: c.search(t)),
                            ("Patterns", lambda t, e=engine: e.search(t))):
            times = []
            for sample in (text, long_text):
                started = time.perf_counter()
                find(sample)
                times.append(time.perf_counter() - started)
            print(f"  {name:14s} {label:9s} {len(text):6d} chars {times[0]:9.4f} s, "
                  f"{len(long_text):6d} chars {times[1]:9.4f} s")


def main() -> None:
    texts = gnad_texts()
    print(f"10kGNAD test: {len(texts)} articles, {sum(map(len, texts)):,} characters")
    lexicons(texts)
    patterns(texts)
    adversarial()


if __name__ == "__main__":
    main()
