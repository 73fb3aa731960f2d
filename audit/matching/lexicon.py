"""Word lists found as whole words, on an Aho–Corasick automaton (``pyahocorasick``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

import ahocorasick

from audit.matching.match import Match, is_word_character

#: How a lexicon compares letter case: ``"ignore"`` (any case), ``"exact"`` (as written) or
#: ``"initial"`` (as written, or with the first letter upper case: a lower-case word that
#: opens a sentence, French "juin" / "Juin").
CASES = ("ignore", "exact", "initial")

# Every white-space character becomes a space, and "İ" (whose lower case is two characters)
# an "I": the searched text keeps the length, and so the offsets, of the original.
_SPACES = {code: " " for code in range(0x110000) if chr(code).isspace()} | {0x130: "I"}


@lru_cache(maxsize=4)  # one text is searched by several lexicons in a row
def _searchable(text: str, lower: bool) -> tuple[str, list[int] | None]:
    """``text`` with white space as single spaces (lower-cased when ``lower``), and the
    offset in ``text`` of each of its characters when runs of white space were folded
    (None when every character stands where it stood)."""
    spaced = text.translate(_SPACES)
    if lower:
        spaced = spaced.lower()
    if "  " not in spaced:
        return spaced, None
    pieces, offsets, at = [], [], 0
    while at < len(spaced):
        run_end = at
        while run_end < len(spaced) and spaced[run_end] == " ":
            run_end += 1
        if run_end > at:
            pieces.append(" ")
            offsets.append(at)
            at = run_end
            continue
        next_space = spaced.find(" ", at)
        next_space = len(spaced) if next_space < 0 else next_space
        pieces.append(spaced[at:next_space])
        offsets.extend(range(at, next_space))
        at = next_space
    return "".join(pieces), offsets


class Lexicon:
    """Literal entries found as whole words: no letter, digit or ``_`` stands right before an
    entry that starts with one, nor right after an entry that ends with one. A space in an
    entry matches any run of white space, line breaks too. Where entries overlap, the
    leftmost wins, and of those starting at one place the longest (as a regular expression
    with the entries longest first would find them).

    ``entries`` is a list of strings, or a mapping of each string to a value given back with
    its matches (a month name to its number). ``case`` is one of :data:`CASES`.
    """

    def __init__(self, entries: Iterable[str] | Mapping[str, Any], case: str = "ignore"):
        if case not in CASES:
            raise ValueError(f"case must be one of {', '.join(CASES)}, not {case!r}")
        self.case = case
        values = dict(entries) if isinstance(entries, Mapping) else {
            entry: number for number, entry in enumerate(entries)}
        self._automaton = ahocorasick.Automaton()
        for entry, value in values.items():
            words = entry.split()
            if not words:
                raise ValueError(f"empty lexicon entry {entry!r}")
            key = " ".join(words)
            left, right = is_word_character(key[0]), is_word_character(key[-1])
            for spelling in self._spellings(key):
                self._automaton.add_word(spelling, (entry, value, len(spelling), left, right))
        self.entries = tuple(values)
        if self.entries:
            self._automaton.make_automaton()

    def _spellings(self, key: str) -> set[str]:
        if self.case == "ignore":
            return {key.lower()}
        if self.case == "initial":
            return {key, key[0].upper() + key[1:]}
        return {key}

    def __len__(self) -> int:
        return len(self.entries)

    def finditer(self, text: str) -> Iterator[Match]:
        """The entries found in ``text``, left to right, none overlapping."""
        if not self.entries:
            return
        searched, offsets = _searchable(text, self.case == "ignore")
        found = []
        for last, (entry, value, length, left, right) in self._automaton.iter(searched):
            start, end = last - length + 1, last + 1
            if left and start > 0 and is_word_character(searched[start - 1]):
                continue
            if right and end < len(searched) and is_word_character(searched[end]):
                continue
            found.append((start, -end, entry, value))
        found.sort()
        reached = 0
        for start, negative_end, entry, value in found:
            if start < reached:
                continue
            reached = -negative_end
            if offsets is None:
                yield Match(start, reached, entry, value)
            else:
                yield Match(offsets[start], offsets[reached - 1] + 1, entry, value)

    def search(self, text: str) -> Match | None:
        """The first entry found in ``text``, or None."""
        return next(self.finditer(text), None)
