"""Event dates: when each assertion says its event happened, and the tense it says it in.

Runs after the tagger and the assertion extractor on one article. Each timex gets the
``tense`` of its clause (the nearest tense marker in its sentence), or none when it is the
target of the clause rather than its time ("bis zum 3. Mai", "postponed to 20 March": the
``targets`` of ``tense.toml``); each assertion gets the
``tense`` of its sentence, the ``event_words`` that may name what it is about, and an
event date: the interval of the first dated timex in its
sentence (``event_earliest``/``event_latest``, and ``event_timex_id``), with a
``date_basis`` saying where it comes from:

- ``explicit``: a date the text writes out with its year ("am 15. Februar 2025");
- ``relative``: a date computed from the publication date or from the date before it
  ("gestern", "vor einigen Wochen", "am 2. Juni", "zwei Tage später");
- ``publication``: the present ("derzeit", "now"), which is the publication date;
- ``inherited``: no date of its own, but the sentence before it in the same paragraph has
  one, and this sentence continues its quote or attribution (same speaker);
- ``none``: nothing to date it by.

Durations and recurring sets ("drei Jahre lang", "jeden Montag") do not date an event.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from audit import resources
from audit.normalise.temporal.grammar import beyond_bmp, listed_characters
from audit.normalise.temporal.tense import nearest_tense, tense_markers

_DATING_TYPES = {"DATE", "TIME"}
_LETTER = r"[^\W\d_]"
_WORD = re.compile(f"{_LETTER}{{4,}}")


@cache
def _listed_word() -> re.Pattern[str]:
    """``_WORD`` with its letters listed (``listed_characters``): for a text with none
    beyond the Basic Multilingual Plane, as it finds the same words there, sooner."""
    return re.compile(f"[{listed_characters(_LETTER)}]{{4,}}+")


@cache
def _targets(language: str) -> re.Pattern[str]:
    """Words that end right before a date that is a target ("bis zum", "until")."""
    table = resources.load(language if language in resources.LANGUAGES else "de", "tense")
    words = sorted(table.get("targets", []), key=len, reverse=True)
    if not words:
        return re.compile(r"(?!)")
    return re.compile(r"(?<![\w-])(?:" + "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\s+\Z", re.IGNORECASE)


@cache
def _not_events(language: str) -> frozenset[str]:
    table = resources.load(language if language in resources.LANGUAGES else "de", "tense")
    return frozenset(word.casefold() for word in table.get("not_events", []))


def event_words(text: str, language: str, skip: list[tuple[int, int]] = ()) -> list[str]:
    """The words of ``text`` that may name its event ("Verhandlungen", "talks"), lowercase
    and sorted: four letters or more, outside the ``skip`` spans (its timexes), and not
    among the ``not_events`` words of ``tense.toml``."""
    return _event_words(text, _not_events(language), skip, _word_in(text))


def _word_in(text: str) -> re.Pattern[str]:
    """``_WORD``, or as ``_listed_word`` for a text (and so its pieces and their folds:
    case folding keeps a character inside the plane or beyond it) that allows it."""
    return _WORD if beyond_bmp(text) else _listed_word()


def _event_words(text: str, not_events: frozenset[str], skip, word: re.Pattern[str]
                 ) -> list[str]:
    return sorted(set(word.findall(_blanked(text, skip).casefold())) - not_events)


def _blanked(text: str, spans) -> str:
    """``text`` with the ``spans`` (offsets into it, possibly reaching outside it) blanked
    out, keeping the offsets: built in one pass, as a sentence may hold thousands."""
    pieces, position = [], 0
    for start, end in sorted(spans):
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        pieces += [text[position:start], " " * (end - start)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _basis(timex: dict) -> str:
    if timex.get("value") == "PRESENT_REF":
        return "publication"
    return "explicit" if timex.get("anchor") == "explicit" else "relative"


def _tense_between(future_starts: list[int], past_starts: list[int], start: int,
                   end: int) -> str:
    """``mixed``, ``future``, ``past`` or ``present``: which tenses have a marker (of the
    sorted ``future_starts``, ``past_starts``) that begins in ``[start, end)``."""
    first = bisect.bisect_left(future_starts, start)
    is_future = first < len(future_starts) and future_starts[first] < end
    first = bisect.bisect_left(past_starts, start)
    is_past = first < len(past_starts) and past_starts[first] < end
    return ("mixed" if is_future and is_past else "future" if is_future
            else "past" if is_past else "present")


def date_events(text: str, language: str, timexes: list[dict],
                assertions: list[dict]) -> None:
    """Fill the tense of every timex, and the event date and tense of every assertion.

    ``timexes`` carry ``timex_id`` and ``sent_id``; ``assertions`` carry ``sent_id``,
    ``start``, ``end`` and ``speaker``. Both lists are changed in place.
    """
    by_sentence: dict[int, list[dict]] = {}
    dated_in: dict[int, dict] = {}  # the first timex of each sentence that dates an event
    targets = _targets(language)
    not_events, word = _not_events(language), _word_in(text)
    # One pass of each marker pattern over the text; sentences look their markers up.
    future, past = tense_markers(text, language)
    future_starts, past_starts = [a for a, _ in future], [a for a, _ in past]
    for timex in timexes:
        if targets.search(text[max(0, timex["start"] - 20):timex["start"]]):
            timex["tense"] = None  # "auf den 20. März verschoben": a target, not a time
        else:
            timex["tense"] = nearest_tense(text, (future, past), timex["start"], timex["end"])
        by_sentence.setdefault(timex["sent_id"], []).append(timex)
        if timex["type"] in _DATING_TYPES and timex.get("earliest") is not None:
            dated_in.setdefault(timex["sent_id"], timex)
    before: dict | None = None
    # Assertions often share a span (every "sagte er" of one long sentence claims all of
    # it): their words are found once per span, or the work would grow with its square.
    words_of: dict[tuple[int, int, int], list[str]] = {}
    for row in assertions:
        start, end = row["start"], row["end"]
        row["tense"] = _tense_between(future_starts, past_starts, start, end)
        key = (row["sent_id"], start, end)
        if key not in words_of:
            sentence = by_sentence.get(row["sent_id"])
            spans = [(t["start"] - start, t["end"] - start)
                     for t in sentence] if sentence else ()
            words_of[key] = _event_words(text[start:end], not_events, spans, word)
        row["event_words"] = list(words_of[key])
        dated = dated_in.get(row["sent_id"])
        if dated is not None:
            row["event_earliest"], row["event_latest"] = dated["earliest"], dated["latest"]
            row["date_basis"], row["event_timex_id"] = _basis(dated), dated["timex_id"]
        elif (before is not None and before["date_basis"] != "none"
              and row.get("speaker") and row.get("speaker") == before.get("speaker")
              and "\n\n" not in text[before["end"]:row["start"]]):
            row["event_earliest"], row["event_latest"] = (before["event_earliest"],
                                                          before["event_latest"])
            row["date_basis"], row["event_timex_id"] = "inherited", before["event_timex_id"]
        else:
            row["event_earliest"] = row["event_latest"] = row["event_timex_id"] = None
            row["date_basis"] = "none"
        before = row
