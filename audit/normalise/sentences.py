"""Sentence splitting, direct-quote spans and boilerplate lines.

One compiled pattern proposes sentence ends; abbreviations ("Dr.", "z. B.", "U.S."),
initials and German ordinals ("am 2. Juni") veto them. Line breaks always end a sentence:
in scraped news a line is a title, a paragraph or a widget, never half a sentence.
"""

from __future__ import annotations

import bisect
import re
from functools import cache
from typing import NamedTuple

from audit import resources


class Sentence(NamedTuple):
    """A sentence of an article: ``text[start:end]``, without surrounding white space."""

    sent_id: int
    start: int
    end: int
    in_quote: bool
    is_boilerplate: bool


# A terminal run, optional closing quotes/brackets, then white space before what looks like a
# sentence start (capital, digit, opening quote or bracket). (The run is written ``x[x]*``,
# not ``[x]+``: a pattern that opens with a character class, not a repeat, is scanned for
# that class first, twice as fast.) A run is tried from its first character only (the
# look-behind), and never given back (``*+``): tried from each of its characters, a run of n
# stops costs n² steps.
_END = re.compile(
    r"[.!?…](?<![.!?…].)[.!?…]*+[\"“”»«'’)\]]*(?=[ \t]+[„\"“»«'(\[]{0,2}[A-ZÄÖÜ0-9])")
_LINE = re.compile(r"[^\n]+")
# The text between two cuts, without the white space around it.
_SENTENCE = re.compile(r"\S(?:.*\S)?", re.DOTALL)
_WORD_AFTER = re.compile(r"\s+[„\"“»«'(\[]?(\w+)")
# Direct quotes: German „…“ and »…«, Swiss «…», English “…”, straight "…", and the
# doubled apostrophes of newswire text (''…''). A quote that does not close within 1,500
# characters (a straight one: within its line) is not a quote we can trust.
_QUOTE_MARK = re.compile(r"''|[„“”\"»«]")
_QUOTE_REACH = 1502  # the marks and at most 1,500 characters between them
# The family of each mark: a mark of one family inside a quote of another is a quote within
# it (»nein« in „Er sagte »nein«“), neither opening nor closing anything.
_FAMILY = {"„": 0, "“": 0, "”": 0, '"': 0, "»": 1, "«": 1, "''": 2}
# What may stand right before an opening mark, besides a space: a bracket or a dash.
_BEFORE_OPENING = frozenset("([{<—–-/")
# What may stand right after a closing mark, besides a space: punctuation.
_AFTER_CLOSING = frozenset(".,;:!?)]}>—–-…’'")


class _Vetoes(NamedTuple):
    """What keeps a full stop from ending a sentence in one language."""

    abbreviations: re.Pattern[str] | None
    #: The most characters an abbreviation spans, its stops included.
    abbreviation_width: int
    #: What stands right before a stop of an abbreviation ("z" and "B" for "z. B").
    abbreviation_parts: tuple[str, ...]
    ordinal_stop: bool
    months: frozenset[str]


@cache
def _vetoes(language: str) -> _Vetoes:
    table = resources.load(language, "text")
    abbreviations = table.get("abbreviations", [])
    pattern = None
    width = 0
    parts: set[str] = set()
    if abbreviations:
        # Inner stops may be followed by a space or not: "z. B." and "z.B." alike.
        forms = sorted(
            (re.escape(a).replace(r"\.\ ", r"\.\s?").replace(r"\.", r"\.\s?")
             for a in abbreviations),
            key=len, reverse=True,
        )
        pattern = re.compile(rf"(?<![\w.])(?:{'|'.join(forms)})\.")
        # a form spans its characters, up to two spaces after each inner stop (``\.\s?\s?``)
        # and the final stop
        width = max(len(a.replace(". ", ".")) + 2 * a.count(".") for a in abbreviations) + 1
        # ("z. B" has the parts "z" and "B": the space after a stop is not part of the next)
        parts = {part.lstrip(" ") for a in abbreviations for part in a.split(".")}
    months = frozenset(
        name.casefold()
        for name in resources.load(language, "calendar").get("months", {})
    )
    return _Vetoes(pattern, width, tuple(sorted(parts)), bool(table.get("ordinal_stop", False)),
                   months)


class _LineStops:
    """The offsets of the full stops in the line ``text[start:end]`` that belong to
    abbreviations, asked about one stop at a time.

    Scanning a whole line for abbreviations costs more than splitting it, and most stops
    asked about have none near: a part of an abbreviation must precede the stop, and an
    abbreviation start close enough before it to hold it. Only then is the line scanned, from
    its start (abbreviations do not overlap, so an earlier one may take that one's place) and
    only as far as that stop.
    """

    __slots__ = ("text", "start", "end", "vetoes", "stops", "scanned")

    def __init__(self, text: str, start: int, end: int, vetoes: _Vetoes) -> None:
        self.text, self.start, self.end, self.vetoes = text, start, end, vetoes
        self.stops: set[int] = set()
        self.scanned = start  # no abbreviation starts before this that is not in ``stops``

    def __contains__(self, stop: int) -> bool:
        pattern, width = self.vetoes.abbreviations, self.vetoes.abbreviation_width
        if pattern is None \
                or not self.text.endswith(self.vetoes.abbreviation_parts, self.start, stop):
            return False
        limit = min(self.end, stop + width)  # (an abbreviation holding the stop ends before)
        near = pattern.search(self.text, max(self.start, stop - width + 1), limit)
        if near is None or near.start() > stop:
            return False
        while self.scanned <= stop:
            match = pattern.search(self.text, self.scanned, limit)
            if match is None or match.start() > stop:
                self.scanned = stop + 1
                break
            self.stops.update(i for i in range(*match.span()) if self.text[i] == ".")
            self.scanned = match.end()
        return stop in self.stops


def _is_false_end(text: str, end: int, vetoes: _Vetoes, abbreviation_stops: _LineStops
                  ) -> bool:
    """Whether the stop before ``end`` belongs to an abbreviation, initial or ordinal."""
    stop = end
    while stop > 0 and text[stop - 1] in "\"“”»«'’)]":
        stop -= 1
    if text[stop - 1] != ".":
        return False
    if stop - 1 in abbreviation_stops:
        return True
    # The word before the stop, as far back as 39 characters (a stop that opens a line has
    # the last word of the line before). Only a word of one or two characters can veto, so
    # its last three characters tell.
    word_end = stop - 1
    window_start = max(0, stop - 40)
    if word_end > window_start and text[word_end - 1] == "\n":
        word_end -= 1
    # (a word that vetoes ends in a capital or a digit: most words are ruled out at once)
    if word_end <= window_start or not (text[word_end - 1].isupper()
                                        or text[word_end - 1].isdigit()):
        return False
    tail = text[max(window_start, word_end - 3):word_end]
    word = tail.split()[-1]
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return True
    if word.isdigit() and len(word) <= 2:
        if vetoes.ordinal_stop:
            return True
        following = _WORD_AFTER.match(text, end)
        return bool(following and following.group(1).casefold() in vetoes.months)
    return False


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The spans of direct quotes, quote marks included.

    Marks are paired by their kind and direction, not by the next mark of the same kind:
    „ opens and “, ” or a straight mark closes it (German); “ opens and ” closes; » and «
    close each other. A straight mark opens or closes by what stands around it (a space
    before and a word after it opens: ` "We`; a word before and a space or punctuation
    after it closes: `publicity," said`), so that mixed marks pair as written
    (“At this point," said the mayor. "We …"). A mark that can only open starts a new
    quote in place of one still open (that one had no end).
    """
    spans: list[tuple[int, int]] = []
    open_at, open_mark, open_end = -1, "", 0
    length = len(text)
    for match in _QUOTE_MARK.finditer(text):
        mark, at, end = match.group(), match.start(), match.end()
        if open_mark and (at - open_at > _QUOTE_REACH or (
                open_mark in ('"', "''") and text.find("\n", open_end, at) >= 0)):
            open_mark = ""  # too far: the opening mark was none
        if open_mark and _FAMILY[mark] != _FAMILY[open_mark]:
            continue  # a quote within the open one
        before = text[at - 1] if at > 0 else " "
        after = text[end] if end < length else " "
        looks_closing = not before.isspace() and (after.isspace() or after in _AFTER_CLOSING
                                                  or after in _FAMILY)
        looks_opening = ((before.isspace() or before in _BEFORE_OPENING)
                         and not after.isspace())
        if mark == "„":
            closes = False
        elif mark == "”":
            closes = True
        elif mark == "“":
            closes = open_mark == "„" or (open_mark == '"' and looks_closing)
        elif mark == '"':
            closes = bool(open_mark) and (looks_closing or not looks_opening)
            if not open_mark and looks_closing and not looks_opening:
                continue  # a closing mark with nothing open
        elif mark == "''":
            closes = open_mark == "''"
            if not closes and after.isspace():
                continue
        else:  # » or «
            closes = open_mark not in ("", mark)
        if closes:
            if open_mark and at > open_end:
                spans.append((open_at, end))
            open_mark = ""
        elif mark != "”":
            open_at, open_mark, open_end = at, mark, end
    return spans


def _quoted_share(start: int, end: int, quotes: list[tuple[int, int]],
                  quote_ends: list[int]) -> float:
    """The share of ``text[start:end]`` inside the quotes (in text order, not overlapping,
    so ``quote_ends`` is sorted): only the quotes that end after ``start`` are looked at."""
    covered = 0
    for index in range(bisect.bisect_right(quote_ends, start), len(quotes)):
        q_start, q_end = quotes[index]
        if q_start >= end:
            break
        covered += min(end, q_end) - max(start, q_start)
    return covered / max(1, end - start)


@cache
def _boilerplate_pattern(language: str) -> re.Pattern[str] | None:
    """Boilerplate lines: a marker alone (or before a colon), or a notice that fills the line
    (cookie banners, paywalls, share buttons)."""
    markers = resources.phrases("provenance", "boilerplate", (language,))
    notices = resources.phrases("provenance", "boilerplate_lines", (language,))
    if not markers and not notices:
        return None
    alternatives = []
    if markers:
        alternation = "|".join(sorted(map(re.escape, markers), key=len, reverse=True))
        alternatives.append(rf"(?:{alternation})\s*(?:[.…]*\s*$|:)")
    alternatives += [f"(?:{notice})" for notice in notices]
    return re.compile(rf"^\s*(?:{'|'.join(alternatives)})", re.IGNORECASE)


def split_sentences(text: str, language: str, quotes: list[tuple[int, int]] | None = None
                    ) -> list[Sentence]:
    """Split an article into sentences, marking direct quotes and boilerplate lines.

    A sentence is ``in_quote`` when most of it lies inside a direct quote.
    """
    if quotes is None:
        quotes = quote_spans(text)
    lang = language if language in resources.LANGUAGES else "de"
    boilerplate = _boilerplate_pattern(lang)
    vetoes = _vetoes(lang)
    sentences: list[Sentence] = []
    quote_ends = [q_end for _, q_end in quotes]
    for line in _LINE.finditer(text):
        line_start, line_end = line.span()
        is_boilerplate = bool(boilerplate and boilerplate.match(line.group()))
        abbreviation_stops = _LineStops(text, line_start, line_end, vetoes)
        ends = [match.end() for match in _END.finditer(text, line_start, line_end)]
        cuts = [end for end in ends if not _is_false_end(text, end, vetoes, abbreviation_stops)]
        cuts.append(line_end)
        cut = line_start
        for end in cuts:
            sentence = _SENTENCE.search(text, cut, end)
            cut = end
            if sentence:
                start, end = sentence.span()
                in_quote = bool(quotes) and _quoted_share(start, end, quotes, quote_ends) >= 0.6
                sentences.append(Sentence(len(sentences), start, end, in_quote, is_boilerplate))
    return sentences
