"""Tense from the markers of a language's ``tense.toml``: the tense of a clause, and of a
timex in its sentence (the nearest marker decides)."""

from __future__ import annotations

import bisect
import re
from functools import cache, lru_cache

from audit import resources
from audit.normalise.temporal.grammar import (
    WORD_CHARACTER,
    beyond_bmp,
    listed_characters,
)
from audit.normalise.temporal.openings import openings, parse, prefix_filter

# A sentence ends at a stop that does not close a number ("am 15. Februar") and has white
# space after it, or at a line break. The character is matched first, as the regex engine
# skips fast only to a character a pattern must begin with.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)|(?<!\d.)(?=\s))")
_REACH = 300


_TENSES = ("future", "past")


@cache
def _tense_markers(language: str, listed: bool = False) -> re.Pattern[str]:
    """The future and past markers of a language's ``tense.toml`` as one pattern, matching
    the character before each word start where a marker may begin: its group ``future`` or
    ``past`` is the marker of that tense that begins there, if any (a text is searched
    behind a space, for a marker at its start).

    One pass over a text finds the markers of both tenses. A screen of their first
    characters (``prefix_filter``) passes over most word starts, and the character before
    the start is matched, as the regex engine skips fast only to a character a pattern
    must begin with: on the 10kGNAD test texts the markers took 0.09 s rather than 0.15 s
    (two patterns, each testing every position for a word start first), 0.06 s with the
    word characters ``listed`` (``listed_characters``: for a text with none beyond the
    Basic Multilingual Plane). Only that first character is tested from the list: the test
    that a marker ends a word is made only where a marker matched, and with the list it
    would cost compiling two more classes of about 1,000 characters (10.5–12.5 ms of
    compiling the German pattern rather than 4.8–5.4, in every process).
    """
    table = resources.load(language, "tense")
    entries = {tense: table.get(tense, []) for tense in _TENSES}
    everything = [entry for tense in _TENSES for entry in entries[tense]]
    for entry in everything:
        # ``tense_markers`` reads each tense's markers from the matches as a search for
        # them alone would find them, one after another: so none may be empty
        if re.compile(entry).match(""):
            raise ValueError(f"a tense marker of {language} matches nothing: {entry!r}")
    word = (listed_characters(WORD_CHARACTER) if listed else WORD_CHARACTER) + "'’"
    markers = {tense: rf"(?:{'|'.join(entries[tense]) or '(?!)'})(?![{WORD_CHARACTER}'’])"
               for tense in _TENSES}
    found = "".join(f"(?:(?=(?P<{tense}>{markers[tense]}))|)" for tense in _TENSES)
    # a match only where a marker begins, not wherever the screen lets one
    found += "".join(f"(?({tense})|" for tense in _TENSES) + "(?!)" + ")" * len(_TENSES)
    screen = (prefix_filter(openings(parse(entry)) for entry in everything)
              or "|".join(markers.values()))
    return re.compile(f"[^{word}](?={screen}){found}")


@cache
def _ahead_words(language: str) -> re.Pattern[str] | None:
    """The words of ``tense.toml`` ``ahead`` ("as early as", "until") ending at a position."""
    words = resources.load(language, "tense").get("ahead", [])
    if not words:
        return None
    alternation = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"(?<![\w'’])(?:{alternation})\s+$", re.IGNORECASE)


def looks_ahead(text: str, language: str, start: int, previous_end: int = -1) -> bool:
    """Whether the words right before ``start`` point ahead ("as soon as Tuesday"); not
    where they close a range opened by another timex ending at ``previous_end`` ("von
    Montag bis Freitag": the end of a span, no later day)."""
    ahead = _ahead_words(language if language in resources.LANGUAGES else "de")
    left = max(0, start - 40)
    found = ahead.search(text[left:start]) if ahead else None
    return bool(found) and not (0 <= previous_end <= left + found.start()
                                and text[previous_end:left + found.start()].isspace())


@lru_cache(maxsize=4)
def _sentence_ends(text: str) -> list[int]:
    """Where the sentences of ``text`` end: the positions of their stops and line breaks
    (kept for the last few texts, as ``tense_markers``)."""
    return [match.start() for match in _SENTENCE_END.finditer(text)]


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence around ``text[start:end]`` (at most 300 characters aside).

    Its ends are looked up among those of the whole text (``_sentence_ends``), as a scan of
    the stretches either side would find them: a stop counts only if the white space after
    it is inside the stretch too.
    """
    left, limit = max(0, start - _REACH), min(len(text), end + _REACH)
    ends = _sentence_ends(text)
    before = bisect.bisect_left(ends, start) - 1
    if before >= 0 and ends[before] == start - 1 and text[start - 1] != "\n":
        before -= 1
    after = bisect.bisect_left(ends, end)
    right = ends[after] if after < len(ends) else limit
    if right >= limit or right == limit - 1 and text[right] != "\n":
        right = limit
    return (ends[before] + 1 if before >= 0 and ends[before] >= left else left), right


@lru_cache(maxsize=4)
def tense_markers(text: str, language: str) -> tuple[list[tuple[int, int]],
                                                    list[tuple[int, int]]]:
    """The spans of the future and the past markers of ``text``, each list sorted (kept
    for the last few texts: the tagger and the event dating both ask for an article's)."""
    after_gaps = _tense_markers(language if language in resources.LANGUAGES else "de",
                                not beyond_bmp(text))
    future: list[tuple[int, int]] = []
    past: list[tuple[int, int]] = []
    # behind a space, which passes the start of the text as any other word start: the
    # offsets found are one more than the text's
    for match in after_gaps.finditer(" " + text):
        for found, (start, end) in ((future, match.span("future")),
                                    (past, match.span("past"))):
            # as a search for this tense's markers alone: each starts where the last ended
            # or after
            if start > 0 and (not found or start - 1 >= found[-1][1]):
                found.append((start - 1, end - 1))
    return future, past


def nearest_tense(text: str, markers: tuple[list[tuple[int, int]], list[tuple[int, int]]],
                  start: int, end: int) -> str:
    """The tense of ``text[start:end]`` in its sentence, from the ``tense_markers`` of the
    text: the marker nearest to it decides, a future one on a tie; none is ``present``."""
    left, right = sentence_around(text, start, end)
    to_future = _distance(markers[0], left, right, start, end)
    to_past = _distance(markers[1], left, right, start, end)
    if to_future is None and to_past is None:
        return "present"
    if to_past is None or (to_future is not None and to_future <= to_past):
        return "future"
    return "past"


def future_in_sentence(text: str, markers: tuple[list[tuple[int, int]], list[tuple[int, int]]],
                       start: int, end: int) -> bool:
    """Whether the sentence around ``text[start:end]`` has a future marker (of the
    ``tense_markers`` of the text), wherever in it."""
    left, right = sentence_around(text, start, end)
    return _distance(markers[0], left, right, start, end) is not None


def _distance(spans: list[tuple[int, int]], left: int, right: int, start: int,
              end: int) -> int | None:
    """How far from ``[start, end)`` the nearest of the sorted ``spans`` inside ``[left,
    right]`` lies (``None`` if none is)."""
    nearest = None
    for a, b in spans[bisect.bisect_left(spans, (left, -1)):
                      bisect.bisect_left(spans, (right, -1))]:
        if b <= right:
            distance = start - b if b <= start else max(0, a - end)
            if nearest is None or distance < nearest:
                nearest = distance
    return nearest


def clause_tense(text: str, language: str, start: int | None = None,
                 end: int | None = None) -> str:
    """``past``, ``future``, ``present`` or ``mixed``: the tense markers of ``text``.

    Markers are words and phrases of ``resources/<lang>/tense.toml`` ("wird … entscheiden",
    "will", "traf", "said"); a text without one is ``present``, one with both ``mixed``.
    With ``start``/``end``, the tense of that span in its sentence: the marker nearest to
    it decides ("said it would leave on Thursday" is future for Thursday), a future one
    on a tie.
    """
    if start is not None:
        end = start if end is None else end
        left, right = sentence_around(text, start, end)
        sentence = text[left:right]
        return nearest_tense(sentence, tense_markers(sentence, language), start - left,
                             end - left)
    future, past = tense_markers(text, language)
    is_future, is_past = bool(future), bool(past)
    if is_future and is_past:
        return "mixed"
    return "future" if is_future else "past" if is_past else "present"
