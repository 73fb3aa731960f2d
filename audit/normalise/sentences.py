"""Sentence splitting, direct-quote spans and boilerplate lines.

One compiled pattern proposes sentence ends; abbreviations ("Dr.", "z. B.", "U.S."),
initials and German ordinals ("am 2. Juni") veto them. Line breaks always end a sentence:
in scraped news a line is a title, a paragraph or a widget, never half a sentence.
"""

from __future__ import annotations

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
# sentence start (capital, digit, opening quote or bracket).
_END = re.compile(r"[.!?…]+[\"“”»«'’)\]]*(?=[ \t]+[„\"“»«'(\[]{0,2}[A-ZÄÖÜ0-9])")
_LINE = re.compile(r"[^\n]+")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_WORD_AFTER = re.compile(r"\s+[„\"“»«'(\[]?(\w+)")
# Direct quotes: German „…“ and »…«, Swiss «…», English “…”, straight "…", and the
# doubled apostrophes of newswire text (''…''). A quote that does not close within 1,500
# characters (the newswire kind: within its paragraph) is not a quote we can trust.
_QUOTE = re.compile(
    r"„[^„“”\"]{1,1500}?[“”\"]|»[^»«]{1,1500}?«|«[^«»]{1,1500}?»|“[^“”]{1,1500}?”"
    r"|\"[^\"\n]{1,1500}?\"|''(?=\S)[^\n]{1,1500}?''"
)


@cache
def _vetoes(language: str) -> tuple[re.Pattern[str] | None, bool, frozenset[str]]:
    table = resources.load(language, "text")
    abbreviations = table.get("abbreviations", [])
    pattern = None
    if abbreviations:
        # Inner stops may be followed by a space or not: "z. B." and "z.B." alike.
        forms = sorted(
            (re.escape(a).replace(r"\.\ ", r"\.\s?").replace(r"\.", r"\.\s?")
             for a in abbreviations),
            key=len, reverse=True,
        )
        pattern = re.compile(rf"(?<![\w.])(?:{'|'.join(forms)})\.")
    months = frozenset(
        name.casefold()
        for name in resources.load(language, "calendar").get("months", {})
    )
    return pattern, bool(table.get("ordinal_stop", False)), months


def _abbreviation_stops(text: str, start: int, end: int, language: str) -> set[int]:
    """Offsets of the full stops in ``text[start:end]`` that belong to abbreviations."""
    pattern = _vetoes(language)[0]
    if pattern is None:
        return set()
    stops = set()
    for match in pattern.finditer(text, start, end):
        stops.update(i for i in range(*match.span()) if text[i] == ".")
    return stops


def _is_false_end(text: str, end: int, language: str, abbreviation_stops: set[int]) -> bool:
    """Whether the stop before ``end`` belongs to an abbreviation, initial or ordinal."""
    stop = end
    while stop > 0 and text[stop - 1] in "\"“”»«'’)]":
        stop -= 1
    if text[stop - 1] != ".":
        return False
    if stop - 1 in abbreviation_stops:
        return True
    token = _TOKEN_BEFORE.search(text, max(0, stop - 40), stop - 1)
    if token is None:
        return False
    word = token.group(1)
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return True
    if word.isdigit() and len(word) <= 2:
        _, ordinal_stop, months = _vetoes(language)
        if ordinal_stop:
            return True
        following = _WORD_AFTER.match(text, end)
        return bool(following and following.group(1).casefold() in months)
    return False


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The spans of direct quotes, quote marks included."""
    return [match.span() for match in _QUOTE.finditer(text)]


def _quoted_share(start: int, end: int, quotes: list[tuple[int, int]]) -> float:
    covered = 0
    for q_start, q_end in quotes:
        if q_end <= start:
            continue
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
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        line_start, line_end = line.span()
        line_text = line.group()
        is_boilerplate = bool(boilerplate and boilerplate.match(line_text))
        cut = line_start
        bounds = []
        abbreviation_stops = _abbreviation_stops(text, line_start, line_end, lang)
        for end in _END.finditer(text, line_start, line_end):
            if not _is_false_end(text, end.end(), lang, abbreviation_stops):
                bounds.append((cut, end.end()))
                cut = end.end()
        bounds.append((cut, line_end))
        for start, end in bounds:
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                in_quote = _quoted_share(start, end, quotes) >= 0.6
                sentences.append(Sentence(len(sentences), start, end, in_quote, is_boilerplate))
    return sentences
