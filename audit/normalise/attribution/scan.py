"""One pass over an article: where the grammar's patterns match, and which sentence or
direct quote an offset lies in."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from audit.normalise.attribution.grammar import Grammar


class Spans:
    """Membership of offsets in sorted, non-overlapping spans (sentences, quotes)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [start for start, _ in spans]

    def index(self, offset: int) -> int | None:
        """The index of the span holding ``offset``, or ``None``."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.spans[i][1]:
            return i
        return None


class Scan:
    """The matches of a grammar's patterns in one text, as ``finditer`` finds them.

    The patterns in the grammar's ``dispatch`` are tried only where the screen found a
    word that may open them, left to right and never inside their previous match (a frame's
    head everywhere); the others scan the text themselves.
    """

    def __init__(self, grammar: Grammar, text: str) -> None:
        self.text = text
        # by identity: hashing a pattern hashes its whole source
        found: list[list[re.Match[str]]] = [[] for _ in grammar.screened]
        self.found = {}
        self.everywhere = {}  # the matches of those tried everywhere (``every``)
        for pattern, matches, everywhere in zip(grammar.screened, found, grammar.every,
                                                strict=True):
            self.found.setdefault(id(pattern), matches)
            if everywhere:
                self.everywhere.setdefault(id(pattern), matches)
        if not text:
            return
        done = [0] * len(found)
        add = [matches.append for matches in found]  # (bound once: looked up at each match)
        tries = _tries(grammar)
        # (a digit other than 0-9 is looked up as 0; letters with a space other than " "
        # between two words, with " ")
        digit = tries["0", None]
        # (each match ends where its word starts, one character on: the screen reads the text
        # after a space, so that it finds a word at the start as it finds the others, and
        # no second pattern compiled for the first word is needed)
        for word in grammar.screen.finditer(" " + text):
            start = word.end() - 1
            every, once = tries.get(word.groups()) or tries.get(_spaced(word), digit)
            for i, pattern in every:
                match = pattern.match(text, start)
                if match is not None:
                    add[i](match)
            for i, pattern in once:
                if start >= done[i]:
                    match = pattern.match(text, start)
                    if match is not None:
                        add[i](match)
                        done[i] = match.end() if match.end() > start else start + 1

    def starting(self, pattern: re.Pattern[str]) -> dict[int, re.Match[str]] | None:
        """The matches of a pattern tried at every word that may open it, by where they
        start (no other place holds one); ``None`` for a pattern the screen does not try."""
        found = self.everywhere.get(id(pattern))
        return {match.start(): match for match in found} if found is not None else None

    def finditer(self, pattern: re.Pattern[str] | None) -> Iterable[re.Match[str]]:
        if pattern is None:
            return ()
        found = self.found.get(id(pattern))
        return found if found is not None else pattern.finditer(self.text)


def _spaced(word: re.Match[str]) -> tuple[str, str | None]:
    """The screen's groups with the spaces between two words written as one " "."""
    letters, end = word.groups()
    return " ".join(letters.split()), end


# The dispatch of each grammar with the patterns themselves (by the identity of its dispatch,
# which it keeps alive): a stop looks up no pattern by its index. A pattern is compiled the
# first time it is tried (see grammar.LazyPattern): a text never tries most frame heads.
_TRIES: dict[int, tuple[dict, dict]] = {}


def _tries(grammar: Grammar) -> dict:
    """For the screen's groups, ``(every, once)``: the ``(index, pattern)`` of the screened
    patterns to try there (see :class:`Grammar`)."""
    cached = _TRIES.get(id(grammar.dispatch))
    if cached is None or cached[0] is not grammar.dispatch:
        patterns = grammar.screened
        cached = _TRIES[id(grammar.dispatch)] = (grammar.dispatch, {
            key: (tuple((i, patterns[i]) for i in every), tuple((i, patterns[i]) for i in once))
            for key, (every, once) in grammar.dispatch.items()})
    return cached[1]
