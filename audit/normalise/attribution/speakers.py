"""Who speaks: the attribution frames matched in an article, each with its source phrase,
speaker kind and cue, and the hearsay with nobody behind it ("es heißt", "reportedly")."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import NamedTuple

from audit.normalise.attribution.content import content_span
from audit.normalise.attribution.grammar import Frame, Grammar
from audit.normalise.attribution.hedges import hedge_cue
from audit.normalise.attribution.scan import Scan, Spans

#: When a sentence names several sources, the first kind here is the speaker: an unnamed
#: source is what a reader most needs to know about; a named person is more specific than
#: the institution or the outlet that relays them.
SPEAKER_PRIORITY = ("anonymous", "person", "organisation", "media")


class _Found(NamedTuple):
    """One attribution-frame match: where it starts and ends, its source and its cue."""

    start: int
    end: int
    source_start: int
    source_end: int
    kind: int
    cue_start: int
    cue_end: int
    cue: str
    nested: bool  # its frame's ``nested``: it may stand inside another's content


# Where a frame's head may end instead (after a space), and how far from its start.
_GAP = re.compile(r"[^\S\n]+")
_HEAD_REACH = 160
# What a source phrase never ends with.
_NOT_LAST = frozenset(" \t\r\f\v\xa0,")
# Where a shorter source phrase may end: after a word.
_WORD_END = re.compile(r"(?<=[\w.])(?!\w)")


def _frame_matches(grammar: Grammar, scan: Scan) -> Iterator[_Found]:
    """Every attribution-frame match in the scanned text."""
    text = scan.text
    starts = [cue.start() for cue in scan.finditer(grammar.cues)]
    if grammar.mark_cues is not None:
        starts = sorted(starts + [cue.start() for cue in grammar.mark_cues.finditer(text)])
    cue_starts: set[int] | None = None  # (the same, as a set: built once, where needed)
    # (the frames whose head or cue the screen found, or does not try, with their matches)
    for frame, opening, cues_after in scan.frames():
        if frame.head is None:
            # where one of all the cues starts, this frame's own cue may start: the matches
            # the screen found of it (by where they start, once each), kept where one of all
            # the cues starts, or else its cue tried at each of those starts
            if opening is not None:
                if cue_starts is None:
                    cue_starts = set(starts)
                cues = [cue for cue in opening if cue.start() in cue_starts]
            else:
                cues = [cue for start in starts
                        if (cue := frame.cues.match(text, start)) is not None]
            for cue in cues:
                found = _look_back(grammar, frame, text, cue)
                if found is not None:
                    yield found
            continue
        done = 0
        # (a frame whose cue follows its source ends after the last cue the screen found)
        last = (len(text) if frame.cue_after is None
                else cues_after[-1].start() if cues_after else -1)
        for head in opening if opening is not None else frame.head.finditer(text):
            if head.start() >= last:
                break
            if head.start() < done:
                continue
            found = _after_head(grammar, frame, text, head)
            if found is not None and (frame.tail is None
                                      or frame.tail.match(text, found.end) is not None):
                done = max(found.end, head.start() + 1)
                yield found


def _source_after(grammar: Grammar, frame: Frame, text: str, at: int
                  ) -> tuple[int, int, re.Match[str] | None] | None:
    """The first kind whose source phrase starts ``at`` and is followed by what the frame
    needs after it, its end and that match: the longest phrase first, then shorter ones."""
    for kind in frame.kinds:
        phrase = grammar.sources[kind].match(text, at)
        if phrase is None:
            continue
        if frame.after is None:
            return kind, phrase.end(), None
        following = frame.after.match(text, phrase.end())
        if following is not None:
            return kind, phrase.end(), following
        ends = [end.start() for end in _WORD_END.finditer(text, at + 1, phrase.end())]
        for end in reversed(ends):
            following = frame.after.match(text, end)
            if following is not None and grammar.sources[kind].fullmatch(text, at, end):
                return kind, end, following
    return None


def _after_head(grammar: Grammar, frame: Frame, text: str, head: re.Match[str]
                ) -> _Found | None:
    """The match of a frame that opens with ``head`` (its cue or first word), if any."""
    found = _source_after(grammar, frame, text, head.end())
    if found is None and frame.head_varies:
        # the head's other endings, nearest first
        line_end = text.find("\n", head.start())
        limit = min(head.start() + _HEAD_REACH, len(text) if line_end < 0 else line_end)
        for gap in _GAP.finditer(text, head.start(), limit):
            if gap.end() == head.end():
                continue
            other = frame.head.fullmatch(text, head.start(), gap.end())
            if other is not None:
                found = _source_after(grammar, frame, text, gap.end())
                if found is not None:
                    head = other
                    break
    if found is None:
        return None
    kind, end, following = found
    cue = head if "cue" in head.re.groupindex else following
    return _Found(head.start(), following.end() if following is not None else end,
                  head.end(), end, kind, cue.start("cue"), cue.end("cue"), cue.group("cue"),
                  frame.nested)


def _look_back(grammar: Grammar, frame: Frame, text: str, cue: re.Match[str]
               ) -> _Found | None:
    """The match of a frame that opens with its source and ends at ``cue``, if any.

    The cheap conditions (what stands before the cue, the tail after it, a word the window
    needs, for the frame or for every kind it accepts) are checked first. Then the places
    where the source may end (where what follows it up to the cue begins) are found, and the
    leftmost source that ends at one of them: at each start the first kind, the longest
    phrase.
    """
    if not text.endswith(frame.before_cue, 0, cue.start()):
        return None
    if frame.tail is not None and frame.tail.match(text, cue.end()) is None:
        return None
    reach = max(text.rfind("\n", 0, cue.start()) + 1, cue.start() - frame.reach)
    if frame.kinds_need is not None and frame.kinds_need.search(
            text, reach, cue.start()) is None:
        return None
    if frame.needs is not None and frame.needs.search(text, reach, cue.start()) is None:
        return None
    # (no source phrase ends in a space or a comma: ",? sagte" may begin on either side
    # of the comma, the source only before it)
    ends = [end.start() for end in frame.ends.finditer(text, reach, cue.start())
            if end.start() > reach and text[end.start() - 1] not in _NOT_LAST
            and not text.endswith(grammar.never_last, 0, end.start())]
    if not ends:
        return None
    ends.reverse()
    # the leftmost start, the first kind there, the longest phrase
    if frame.start_first:
        best = _source_from_clause_start(grammar, frame, text, reach, ends)
    else:
        best = _leftmost_source(grammar, frame, text, reach, ends)
    if best is None:
        return None
    start, at, end, kind = best
    return _Found(start, cue.end(), at, end, kind, cue.start(), cue.end(), cue.group(),
                  frame.nested)


def _source_from_clause_start(grammar: Grammar, frame: Frame, text: str, reach: int,
                              ends: list[int]) -> tuple[int, int, int, int] | None:
    """``(start, source start, source end, kind)`` of the first source that starts at one
    of the frame's clause starts and ends at one of ``ends``."""
    kinds = None
    for start in frame.start.finditer(text, reach, ends[0]):
        at = start.end()
        if frame.start_here is not None and frame.start_here.match(text, at) is None:
            continue
        if kinds is None:
            # (a kind with [needs] holds its word: where none is, it is not tried)
            kinds = [kind for kind in frame.kinds if grammar.needs[kind] is None
                     or grammar.needs[kind].search(text, reach, ends[0]) is not None]
        for kind in kinds:
            phrase = grammar.sources[kind]
            # (where the phrase does not start here at all, no end is tried)
            if phrase.match(text, at, ends[0]) is None:
                continue
            for end in ends:
                if end > at and phrase.fullmatch(text, at, end):
                    return start.start(), at, end, kind
    return None


def _leftmost_source(grammar: Grammar, frame: Frame, text: str, reach: int,
                     ends: list[int]) -> tuple[int, int, int, int] | None:
    """``(start, source start, source end, kind)`` of the leftmost source from ``reach``
    that ends at one of ``ends``, with what the frame needs before it; at one start, the
    first kind."""
    best = None
    for kind in frame.kinds:
        # a phrase of a kind with [needs] holds its word: where none is, the kind is not
        # searched for (at the few clause starts above, trying it costs less than this)
        if grammar.needs[kind] is not None and grammar.needs[kind].search(
                text, reach, ends[0]) is None:
            continue
        at = reach
        while (found := _leftmost(grammar.sources[kind], text, at, ends)) is not None:
            # what stands before the source (an optional document, a condition) ends
            # where it starts: its leftmost start, or another start of the source
            before = (frame.start.search(text, reach, found[0])
                      if frame.start is not None else None)
            if (frame.start is None or before is not None) and (
                    frame.start_here is None
                    or frame.start_here.match(text, found[0]) is not None):
                if best is None or found[0] < best[1]:
                    start = before.start() if before is not None else found[0]
                    best = (start, found[0], found[1], kind)
                break
            at = found[0] + 1
    return best


def _leftmost(phrase: re.Pattern[str], text: str, reach: int, ends: list[int]
              ) -> tuple[int, int] | None:
    """The leftmost start from ``reach`` of a ``phrase`` that ends at one of ``ends`` (the
    last first), and that end: the search finds where the phrase starts at all, and a
    start is kept if its first match or another ends there."""
    at = reach
    while True:
        found = phrase.search(text, at, ends[0])
        if found is None:
            return None
        at = found.start()
        if found.end() in ends:
            return at, found.end()
        for end in ends:
            if end > at and phrase.fullmatch(text, at, end):
                return at, end
        at += 1


class Attribution(NamedTuple):
    """One attribution in a sentence: who (perhaps nobody: "es heißt"), by which cue, and
    where the frame (source and cue) stands."""

    # a phrase of a known kind before a frame's own (``otherwise``), then SPEAKER_PRIORITY,
    # position, and the longer cue ("fügte hinzu" before "fügte"): the sentence's first
    rank: tuple[int, int, int, int]
    speaker: str | None
    kind: str
    speaker_start: int | None
    speaker_end: int | None
    cue: str  # as written
    cue_start: int
    cue_end: int
    frame_start: int
    frame_end: int
    nested: bool = True  # it may stand inside what another attribution reports


def _distinct(found: list[Attribution]) -> list[Attribution]:
    """The attributions of a sentence that do not compete for a cue, the better ranked
    first (two frames reading one cue: "Der Minister sagte der Zeitung"; "fügte hinzu" and
    "fügte"), in the order they stand. One source may have several cues ("Weaver, who
    said …")."""
    if len(found) == 1:
        return found
    kept: list[Attribution] = []
    # the kept cues never overlap one another: sorted by where they start, only the one
    # before a new cue and the one at or after it can overlap it (n log n, not n², on a
    # sentence of thousands of cues)
    starts: list[int] = []
    ends: list[int] = []
    for item in sorted(found):
        at = bisect.bisect_left(starts, item.cue_start)
        if (at > 0 and ends[at - 1] > item.cue_start) or (
                at < len(starts) and starts[at] < item.cue_end):
            continue
        starts.insert(at, item.cue_start)
        ends.insert(at, item.cue_end)
        kept.append(item)
    return sorted(kept, key=lambda item: item.frame_start)


class _Overlaps:
    """Whether any of a fixed set of spans overlaps a given one, in log time: the spans
    sorted by start, and the furthest end among those up to each."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(accumulate((end for _, end in ordered), max))

    def overlap(self, start: int, end: int) -> bool:
        """Whether a span overlaps ``start``–``end``."""
        before = bisect.bisect_left(self.starts, end)  # the spans that start before its end
        return before > 0 and self.reach[before - 1] > start


def find_attributions(grammar: Grammar, scan: Scan, in_sentence: Spans, in_quote: Spans,
                      hedges: dict[int, list[re.Match[str]]],
                      pointing_back: dict[int, list[re.Match[str]]]
                      ) -> dict[int, list[Attribution]]:
    """The attributions of each sentence (by index), sources in direct quotes left out: the
    frames with a source, and agentless frames ("es heißt", "it was reported") where no
    frame with a source reads their words."""
    text = scan.text
    found: dict[int, list[Attribution]] = {}
    for match in _frame_matches(grammar, scan):
        start, end = match.source_start, match.source_end
        where = in_sentence.index(start)
        if where is None or in_quote.index(start) is not None:
            continue
        kind = grammar.kinds[match.kind]
        rank = (match.kind >= grammar.known, SPEAKER_PRIORITY.index(kind), start,
                match.cue_start - match.cue_end)
        found.setdefault(where, []).append(Attribution(
            rank, text[start:end], kind, start, end,
            match.cue, match.cue_start, match.cue_end,
            min(match.start, start, match.cue_start), max(match.end, end, match.cue_end),
            match.nested))
    agentless = grammar.agentless
    # (matched again from its start, not cut at its end: a look-ahead sees what follows)
    hearsay = [(where, match) for where, matches in hedges.items() for match in matches
               if agentless is not None
               and (again := agentless.match(text, match.start())) is not None
               and again.end() == match.end()]
    framed: dict[int, _Overlaps] = {}
    searched: set[int] = set()  # (sentences searched for a phrase pointing back, once each)
    for where, match in hearsay:
        # (looked for only where there is hearsay: "den", "nach" open most of its words)
        if (where not in pointing_back and where not in searched
                and grammar.points_back is not None):
            searched.add(where)
            back = grammar.points_back.search(text, *in_sentence.spans[where])
            if back is not None:
                pointing_back[where] = [back]
        if where in pointing_back:
            continue
        # (the frames with a source: hearsay matches never overlap one another)
        if where not in framed:
            framed[where] = _Overlaps((item.frame_start, item.frame_end)
                                      for item in found.get(where, ()))
        if framed[where].overlap(match.start(), match.end()):
            continue
        found.setdefault(where, []).append(Attribution(
            (True, len(SPEAKER_PRIORITY), match.start(), 0), None, "none", None, None,
            hedge_cue(grammar, match), match.start(), match.end(), match.start(),
            match.end()))
    if grammar.framed is not None:
        _add_framed(grammar.framed, scan, in_sentence, in_quote, found, framed)
    return {where: _outside_content(text, in_sentence.spans[where], _distinct(items))
            for where, items in found.items()}


def _add_framed(pattern: re.Pattern[str], scan: Scan, in_sentence: Spans, in_quote: Spans,
                found: dict[int, list[Attribution]], framed: dict[int, _Overlaps]) -> None:
    """The frames with nobody behind them that are no hearsay ("Residents were urged to"):
    a row with the cue and no speaker, outside direct quotes, where no frame with a source
    reads their words; inside what another attribution reports, part of that content."""
    for match in scan.finditer(pattern):
        where = in_sentence.index(match.start())
        if where is None or in_quote.index(match.start()) is not None:
            continue
        if where not in framed:
            framed[where] = _Overlaps((item.frame_start, item.frame_end)
                                      for item in found.get(where, ()) if item.speaker)
        if framed[where].overlap(match.start(), match.end()):
            continue
        found.setdefault(where, []).append(Attribution(
            (True, len(SPEAKER_PRIORITY), match.start(), 0), None, "none", None, None,
            match.group(), match.start(), match.end(), match.start(), match.end(),
            nested=False))


def _outside_content(text: str, sentence: tuple[int, int], found: list[Attribution]
                     ) -> list[Attribution]:
    """The attributions of a sentence without those of a frame that may not be nested
    whose source stands inside what another of them reports ("Voters said they want
    change": the wish is what they said)."""
    if len(found) == 1 or all(item.nested for item in found):
        return found
    # (no content holds its own frame's start)
    contents = _Overlaps(span for span in (content_span(text, *sentence, item)
                                           for item in found) if span[0] is not None)
    return [item for item in found
            if item.nested or not contents.overlap(item.frame_start, item.frame_start + 1)]
