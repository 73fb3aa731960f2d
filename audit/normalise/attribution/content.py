"""What an attribution reports: the span of its content in the sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.normalise.attribution.speakers import Attribution

# What may stand between a frame and its content, or around the content: spaces, commas,
# colons, dashes, quotation marks, and the complementiser of English reported speech.
_CONTENT_EDGE = " \t\n,:;–—„“”\"»«‘’'()"
_COMPLEMENTISER = re.compile(r"(?:that|dass|daß|ob|whether)\s+", re.IGNORECASE)


def content_span(text: str, start: int, end: int, attribution: Attribution,
                 others: Sequence[Attribution] = (), language: str | None = None
                 ) -> tuple[int, int] | tuple[None, None]:
    """The span of what an attribution in the sentence ``start``–``end`` reports.

    What follows its frame ("Smith said | Jones told him so"; "Es heißt, | er trete
    zurück"), unless the frame is set off after the content ("„Wir sind bereit“, | sagte
    Roth") or nothing follows: then what precedes it. In English (``language``), what
    follows ends where another of the sentence's attributions (``others``, it among them or
    not) opens a clause of its own after a comma or a conjunction: the speaker's next verb
    of saying ("Trump said it was over, | adding that …") or another speaker's ("47 percent
    said yes, | but 30 percent said …"); one whose frame opens the content is what it
    reports ("Smith said | Jones told him …"). Hearsay inside a clause ("Er soll … gewusst
    haben", "He reportedly resigned") reports the whole sentence. ``(None, None)`` where no
    side holds a word.
    """
    if attribution.speaker is None and not _OPENS_CONTENT.match(text, attribution.frame_end):
        return _trimmed(text, start, end) or (None, None)
    after = _trimmed(text, attribution.frame_end, end)
    if after is not None and not _set_off(text, start, end, attribution, language):
        if language in _ENDS_AT_NEXT_CLAUSE:
            after = _after_circumstances(text, after, attribution)
            if len(others) > 1:
                after = _before_next_clause(text, after, attribution, others)
        at = _COMPLEMENTISER.match(text, after[0])
        return (at.end(), after[1]) if at is not None and at.end() < after[1] else after
    return _trimmed(text, start, attribution.frame_start) or (None, None)


def _after_circumstances(text: str, content: tuple[int, int], attribution: Attribution
                         ) -> tuple[int, int]:
    """``content`` without the circumstances of the saying that stand between the verb and
    what is reported: when, where, how and to whom ("said on Monday that …", "said in a
    statement: “…”", "told NBC News this week that …"), only where a complementiser, a colon
    or a quotation mark follows them; else ``content`` as it is."""
    addressee = _TELLING.match(text, attribution.cue_start) is not None
    lead = ((addressee and _TOLD_CIRCUMSTANCES.match(text, *content))
            or _CIRCUMSTANCES.match(text, *content))
    if lead is None or lead.end() >= content[1]:
        return content
    return _trimmed(text, lead.end(), content[1]) or content


def _before_next_clause(text: str, content: tuple[int, int], attribution: Attribution,
                        others: Sequence[Attribution]) -> tuple[int, int]:
    """``content`` up to the first clause of its own that another attribution with a source
    opens inside it after a comma, a dash or a conjunction (where its source stands inside
    the content, from that source; else from its cue: "…, adding", "… and said")."""
    first, stop = content
    for other in others:
        if other is attribution or other.speaker is None or not first < other.cue_start < stop:
            continue
        if other.frame_start == first:  # nested: what this one reports opens with it
            continue
        opening = other.frame_start if other.frame_start > first else other.cue_start
        # (the boundary ends where the clause opens: searched for in the few characters
        # before it, not from the content's start)
        boundary = _CLAUSE_BOUNDARY.search(text, max(first, opening - 16), opening)
        if boundary is not None and boundary.start() > first:
            stop = boundary.start()
    if stop == content[1]:
        return content
    return _trimmed(text, first, stop) or content


# When, where and how something was said, between the verb and what it reports: a
# prepositional phrase ("in an interview with Fox News", "at a rally on Monday", "to
# reporters"; not an infinitive, "pledged to oppose …", nor "at least"), a day or a time
# ("Sunday night", "last week", "earlier") or a manner ("again", "publicly"); each a run of
# whole words that opens at a word's start.
_WORD = r"[\w’'.&/-]+(?![\w’'.&/-])"
_CIRCUMSTANCE = (
    r"\b(?:(?:on|in|at(?!\s+(?:least|most)\b)|during|after|before|with|from|over|via|through|"
    r"while|to(?=\s+(?:the\s+|a\s+|an\s+)?(?:[A-Z]|reporters\b|journalists\b|supporters\b)))"
    rf"(?:[^\S\n]+(?!that\b){_WORD}){{1,7}}?"
    r"|(?:last|this|next|earlier|later|early|late)[^\S\n]+[\w-]+(?![\w-])"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|"
    r"again|also|repeatedly|recently|previously|publicly|privately|separately|later|earlier|"
    r"once|then|now|morning|afternoon|evening|night)\b)")
# … and, after a verb of telling, whom it was told ("told NBC News", "told him", "told the
# mayors"; after another verb a pronoun is what a label is given to: "calling him “a
# stiff”").
_ADDRESSEE = (r"\b(?:me|him|her|them|us|reporters|journalists|(?:the[^\S\n]+)?[A-Z][\w.’'&-]*"
              r"(?:[^\S\n]+[A-Z][\w.’'&-]*){0,4}|the[^\S\n]+[\w-]+(?:[^\S\n]+[\w-]+){0,2})"
              r"(?![\w’'.&-])")
# What opens the content after them (they are matched up to it): "that", a quotation mark or
# a colon; at most four circumstances stand before it.
_OPENS_REPORT = r"[\s,]*(?:(?=that\s)|(?=[“\"‘]|\x27\x27)|:\s*)"
_SEPARATOR = r"[^\S\n]*,?[^\S\n]*"
_CIRCUMSTANCES = re.compile(rf"(?:{_CIRCUMSTANCE}{_SEPARATOR}){{1,4}}?{_OPENS_REPORT}")
_TOLD_CIRCUMSTANCES = re.compile(
    rf"(?:(?:{_CIRCUMSTANCE}|{_ADDRESSEE}){_SEPARATOR}){{1,4}}?{_OPENS_REPORT}")
_TELLING = re.compile(r"(?:told|tell|tells|telling)\b", re.IGNORECASE)
# The languages whose content ends where another attribution opens a clause (not German:
# no German set scores content, and the loop over a sentence's attributions cost 0.4% of
# the German assertions stage).
_ENDS_AT_NEXT_CLAUSE = frozenset({"en"})
# What ends a clause before another one opens: a comma, semicolon or dash, perhaps with a
# conjunction, or a conjunction alone ("…, adding", "…, but 55 percent say", "… and said").
_CLAUSE_BOUNDARY = re.compile(
    r"(?:(?:[,;]|\s[–—-]+)[”\"’]?(?:\s+(?:and|but|while|whereas|though|although|yet))?"
    r"|\s(?:and|but))\s+\Z")


def _set_off(text: str, start: int, end: int, attribution: Attribution,
             language: str | None = None) -> bool:
    """Whether a frame stands right after a comma or a quote that ends what it reports:
    one that opens with its cue ("…, said X"), unless the content follows it after a comma
    ("Wie CNN berichtete, sagte Roth, sie …"; in English a verb never opens a frame before
    its content, and what follows such a frame's comma describes its source: "…, said the
    firm's chief, Ann Lee."; "according to" does: "In addition, according to X, …"); one
    that opens with its source where only an adverbial follows it to the sentence's end
    ("…," the clerk said on Monday.)."""
    at = attribution.frame_start
    while at > start and text[at - 1] in " \t":
        at -= 1
    mark = text[at - 1] if at > start else ""
    if mark not in _SET_OFF or _ALNUM.search(text, start, at) is None:
        return False
    if attribution.cue_start != attribution.frame_start:
        return _ONLY_ADVERBIAL.fullmatch(text, attribution.frame_end, end) is not None
    return (mark != "," or not text.startswith(",", attribution.frame_end)
            or (language in _ENDS_AT_NEXT_CLAUSE
                and _CONTENT_FOLLOWS.match(text, attribution.cue_start) is None)
            or _RELATIVE.match(text, attribution.frame_end) is not None)


# What ends the content before a frame set off after it ("…“, sagte Roth"; "…, said X").
_SET_OFF = frozenset(",“”\"»«–—")
# What may follow a frame set off after its content, to the end of the sentence: whom it was
# told ("them", "CNN", "the Gazette") and when, where or how ("on Monday", "in an
# interview", "to reporters"), not what ("that …").
_ONLY_ADVERBIAL = re.compile(
    r"(?:[^\S\n]+(?:me|him|her|them|us|reporters|journalists|"
    r"(?:the )?[A-Z][\w.’'&-]*(?: [A-Z][\w.’'&-]*){0,4}))?"
    r"(?:[^\S\n]+(?:on|in|at|during|after|before|last|this|earlier|later|late|early|yesterday|"
    r"today|tonight|to|of|about|when|while|with)\b(?:(?!\bthat\b)[^,;:“”\"!?])*)?[.!?]?"
    r"[\s”\"’]*")
# An English frame that opens with its cue and whose content follows it after a comma, as
# the content of a German verb does: "In addition, according to the study, 9 million …".
_CONTENT_FOLLOWS = re.compile(r"according\b", re.IGNORECASE)
# A relative clause about the speaker after a frame: "…, said Weaver, who …"
_RELATIVE = re.compile(r",\s+(?:who|which|whose|der|die|das|dem|den|welche[rnms]?)\b")
# How a frame with nobody behind it opens the content after it: "es heißt, …", "it was
# reported that …", "wird behauptet: …".
_OPENS_CONTENT = re.compile(r"\s*(?:[,:]|that\b|dass\b)")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``start``–``end`` without the punctuation and spaces around it, or ``None`` where it
    holds no letter or digit."""
    # (walked over in place: cutting the segment out would copy the rest of the sentence
    # once per attribution, quadratic in a long sentence of many)
    if start > end:  # a frame that runs past its sentence's end ("said J.M. Berger")
        return None
    start = _LEADING_EDGE.match(text, start, end).end()
    while end > start and text[end - 1] in _CONTENT_END:
        end -= 1
    if start < end and (text[start].isalnum() or _ALNUM.search(text, start, end) is not None):
        return start, end
    return None


_CONTENT_END = _CONTENT_EDGE + ".!?"
_LEADING_EDGE = re.compile(f"[{re.escape(_CONTENT_EDGE)}]*")
_ALNUM = re.compile(r"[^\W_]")
