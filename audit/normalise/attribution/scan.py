"""One pass over an article: where the grammar's patterns match, and which sentence or
direct quote an offset lies in."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from audit.normalise.attribution.grammar import Frame, Grammar


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
        tries, self._found_at, self._everywhere_at, self._frames = _layout(grammar)
        # the matches of each screened pattern, as the grammar lists them
        found: list[list[re.Match[str]]] = [[] for _ in grammar.screened]
        self.matches = found
        if not text:
            return
        done = [0] * len(found)
        add = [matches.append for matches in found]  # (bound once: looked up at each match)
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

    def frames(self) -> Iterator[tuple[Frame, list[re.Match[str]] | None,
                                       list[re.Match[str]] | None]]:
        """Each frame of the grammar that may match here, with the matches, in order, of
        what opens it (its head; its cue, where it looks back from that, as tried at every
        word) and of its cue after a head (``cue_after``); ``None`` for a pattern the screen
        does not try so. A frame whose opening the screen tries and did not find is left
        out."""
        matches = self.matches
        for frame, opening, after in self._frames:
            if opening is None or matches[opening]:
                yield (frame, None if opening is None else matches[opening],
                       None if after is None else matches[after])

    def finditer(self, pattern: re.Pattern[str] | None) -> Iterable[re.Match[str]]:
        if pattern is None:
            return ()
        at = self._found_at.get(id(pattern))
        return self.matches[at] if at is not None else pattern.finditer(self.text)


def _spaced(word: re.Match[str]) -> tuple[str, str | None]:
    """The screen's groups with the spaces between two words written as one " "."""
    letters, end = word.groups()
    return " ".join(letters.split()), end


# What a scan of each grammar needs, worked out once per process (by the identity of its
# dispatch, which it keeps alive): the dispatch with the patterns themselves, so that a stop
# looks up no pattern by its index (a pattern is compiled the first time it is tried, see
# grammar.LazyPattern: a text never tries most frame heads), and where each screened
# pattern's matches are kept, by its identity (hashing a pattern hashes its whole source):
# a pattern listed twice, tried everywhere and as finditer finds it, is found as listed first.
_LAYOUTS: dict[int, tuple[dict, tuple]] = {}


def _layout(grammar: Grammar) -> tuple[dict, dict[int, int], dict[int, int], tuple]:
    """For the screen's groups, ``(every, once)``: the ``(index, pattern)`` of the screened
    patterns to try there (see :class:`Grammar`); the index of each screened pattern's
    matches, of all and of those tried everywhere, by the pattern's identity; and each frame
    with those of what opens it and of its cue after a head (see :meth:`Scan.frames`)."""
    cached = _LAYOUTS.get(id(grammar.dispatch))
    if cached is None or cached[0] is not grammar.dispatch:
        patterns = grammar.screened
        tries = {key: (tuple((i, patterns[i]) for i in every),
                       tuple((i, patterns[i]) for i in once))
                 for key, (every, once) in grammar.dispatch.items()}
        found_at: dict[int, int] = {}
        everywhere_at: dict[int, int] = {}
        for i, (pattern, everywhere) in enumerate(zip(patterns, grammar.every, strict=True)):
            found_at.setdefault(id(pattern), i)
            if everywhere:
                everywhere_at.setdefault(id(pattern), i)
        frames = tuple((frame, found_at.get(id(frame.head)) if frame.head is not None
                        else everywhere_at.get(id(frame.cues)),
                        everywhere_at.get(id(frame.cue_after)))
                       for frame in grammar.frames)
        cached = _LAYOUTS[id(grammar.dispatch)] = (grammar.dispatch,
                                                   (tries, found_at, everywhere_at, frames))
    return cached[1]
