"""Word lists found as whole words, on an Aho–Corasick automaton (``pyahocorasick``)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

import ahocorasick

from audit.matching.match import Match, is_word_character

#: How a lexicon compares letter case: ``"ignore"`` (any case), ``"exact"`` (as written) or
#: ``"initial"`` (as written, or with the first letter upper case: a lower-case word that
#: opens a sentence, French "juin" / "Juin").
CASES = ("ignore", "exact", "initial")

# White space other than the plain space (28 characters), each of which becomes a space;
# runs of spaces are then folded to one. The last white space of Unicode is U+3000, so the
# scan stops there (scanning all 1,114,112 code points cost 0.05 s on every start)
_LAST_SPACE = 0x3000
_OTHER_SPACES = tuple(chr(code) for code in range(_LAST_SPACE + 1)
                      if chr(code).isspace() and code != 0x20)
_SPACE_RUN = re.compile(r"  +")


class _Folded:
    """A text as a lexicon searches it: white space as single spaces (lower-cased when case
    is ignored), and the way back to the original offsets."""

    def __init__(self, text: str, lower: bool):
        # "İ" is the one letter whose lower case is two characters: as "I" it keeps the length
        spaced = text.replace("\u0130", "I")
        # every white space but the plain space is unprintable: a text that is all
        # printable has none of them (one pass instead of a search for each)
        for space in () if spaced.isprintable() else _OTHER_SPACES:
            if space in spaced:  # a search without a copy: most are in no text
                spaced = spaced.replace(space, " ")
        if lower:
            spaced = spaced.lower()
        # where runs of spaces were folded: the folded offset of the character after each
        # run, and how many characters were taken out up to there
        self.after: list[int] = []
        self.removed: list[int] = []
        if "  " not in spaced:
            self.text = spaced
            return
        pieces, last, removed = [], 0, 0
        for run in _SPACE_RUN.finditer(spaced):
            pieces.append(spaced[last:run.start() + 1])
            removed += run.end() - run.start() - 1
            self.after.append(run.end() - removed)
            self.removed.append(removed)
            last = run.end()
        pieces.append(spaced[last:])
        self.text = "".join(pieces)

    def original(self, offset: int) -> int:
        """The offset in the original text of a character of the folded one."""
        runs = bisect.bisect_right(self.after, offset)
        return offset + (self.removed[runs - 1] if runs else 0)


@lru_cache(maxsize=4)  # one text is searched by several lexicons in a row
def _folded(text: str, lower: bool) -> _Folded:
    return _Folded(text, lower)


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
        folded = _folded(text, self.case == "ignore")
        searched = folded.text
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
            if folded.after:
                yield Match(folded.original(start), folded.original(reached - 1) + 1, entry,
                            value)
            else:
                yield Match(start, reached, entry, value)

    def search(self, text: str) -> Match | None:
        """The first entry found in ``text``, or None."""
        return next(self.finditer(text), None)
