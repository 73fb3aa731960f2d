"""Hedges as the article's own voice states them: the listed words and constructions of a
sentence, without those that are an attribution's cue with a source or a modal of what a
condition would bring about ("Sollte …, könnte …")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from audit.normalise.attribution.grammar import Grammar
from audit.normalise.attribution.scan import Scan, Spans

if TYPE_CHECKING:
    from audit.normalise.attribution.speakers import Attribution


def in_sentences(pattern: re.Pattern[str] | None, scan: Scan, in_sentence: Spans,
                 in_quote: Spans | None = None) -> dict[int, list[re.Match[str]]]:
    """The matches of ``pattern`` by sentence index (outside direct quotes, if given)."""
    found: dict[int, list[re.Match[str]]] = {}
    for match in scan.finditer(pattern):
        where = in_sentence.index(match.start())
        if where is not None and (in_quote is None or in_quote.index(match.start()) is None):
            found.setdefault(where, []).append(match)
    return found


def hedge_cue(grammar: Grammar, match: re.Match[str]) -> str:
    """A hedge as reported: a construction by its cue ("soll … haben"), a word as written."""
    return next((cue for pattern, cue in grammar.constructions
                 if pattern.fullmatch(match.string, match.start(), match.end())),
                None) or lower_first(match.group())


def own_hedges(grammar: Grammar, matches: list[re.Match[str]],
               attributions: Iterable[Attribution], conditional: bool) -> list[str]:
    """The hedges of a sentence as reported, without one that is the cue of an attribution
    with a source ("aus dem Ministerium hieß es" names its source; "es heißt" alone does
    not), nor, in a sentence that opens with a condition, a modal of what would follow."""
    sourced = [(a.cue_start, a.cue_end) for a in attributions if a.speaker is not None]
    return [hedge_cue(grammar, match) for match in matches
            if not any(start <= match.start() < end for start, end in sourced)
            and not (conditional and match.group().lower() in grammar.conditional_modals)]


def opens_with_condition(grammar: Grammar, text: str, start: int) -> bool:
    """Whether the sentence starting at ``start`` opens with a condition ("Sollte …,")."""
    return (grammar.conditional is not None
            and grammar.conditional.match(text, start) is not None)


def lower_first(surface: str) -> str:
    """A cue or hedge as reported: its spaces made one, its first letter lower-cased."""
    surface = " ".join(surface.split())
    return surface[:1].lower() + surface[1:]
