"""Declarative checks: rule files of phrases and patterns, one check per file.

A rule file is a TOML file in a ``rules/`` folder under the checks folder. An editor
changes it without touching Python; the engine turns it into a check like any other (it is
listed by ``audit checks``, appears in the reports and is a ``pytest checks/`` item)::

    id = "AIG002"                      # code: TMP, ATR, CON, AIG or DQ and three digits
    severity = "warning"               # info | warning | error (default warning)
    title = "Chatbot residue in published text"
    languages = ["de", "en"]           # articles in other languages are skipped
    message = "chatbot residue: “{match}”"
    what = "…"; why = "…"; flagged = "…"; clean = "…"   # the documentation and its examples

    [phrases]                          # literal, case-insensitive, whole words; a space
    en = ["As an AI language model"]   # matches any run of white space, line breaks too
    [patterns]                         # regular expressions (RE2 syntax), whole words
    de = ['Als (?:KI|künstliche Intelligenz)']
    [exceptions]                       # a match whose sentence matches one of these is dropped
    de = ['keine KI']

``phrases``, ``patterns`` and ``exceptions`` are either one list for every language or a
table of lists per language (the languages are the folders of ``audit/resources``).
Phrases are found with :class:`audit.matching.Lexicon`, patterns, exceptions and anchors
with :class:`audit.matching.Patterns` (docs/matching.md): RE2 syntax, no look-arounds, and
every match stands as whole words (no letter or digit right before or after it).

Optional keys: ``span`` (``"sentence"``, the default, marks the sentences the match stands
in; ``"match"`` marks the match), ``case-sensitive`` (false), ``in-quotes`` (true; false
skips matches inside direct quotes), ``sentence-start`` (false; true keeps only matches that
open a sentence of the ``sentences`` table; also per kind), ``all-languages`` (false; true
searches every language's phrases in every article the rule covers: an English disclaimer
under a German article), ``anchors`` (patterns of which every match contains one,
case-insensitively: an article without any is skipped in one fast pass, and every phrase is
checked to contain one when the file loads; a rule without anchors skips, in one pass, the
articles that no phrase or pattern of it can match in: :attr:`_Language.screen`),
``fuzzy`` (a rapidfuzz score 50–100: phrases also match with typos, split words and
hyphenated line breaks; needs ``anchors``, and searches near their case-sensitive matches
of the anchors the phrase itself contains). Only
phrases of at least ``FUZZY_MIN_LENGTH`` characters are matched fuzzily: one typo in a short
phrase is another phrase.

A file that cannot be used raises :class:`RuleError`, whose message names the file, the line
and the field.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import tomllib
import weakref
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from audit import stored
from audit.engine.registry import CODE_PATTERN, CheckSpec
from audit.findings import SEVERITIES, Finding, Span
from audit.matching import Lexicon, PatternError, Patterns
from audit.normalise.sentences import quote_spans
from audit.resources import LANGUAGES

if TYPE_CHECKING:  # (listing the checks loads the rule files, and needs no pandas)
    import pandas as pd

FUZZY_MIN_LENGTH = 20
_FIELDS = {
    "id", "severity", "title", "languages", "message", "phrases", "patterns", "exceptions",
    "span", "case-sensitive", "fuzzy", "anchors", "in-quotes", "all-languages", "what", "why",
    "flagged", "clean", "profile", "kinds", "sentence-start",
}
_SYNTAX_LINE = re.compile(r"at line (\d+)")
#: A run of white space as a lexicon reads it (every character ``str.isspace`` knows, which
#: is more than RE2's ``\s``): what stands for a space of a phrase in a rule's screen.
SPACE_RUN = (r"[\t\n\x{0b}\f\r\x{1c}-\x{1f} \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}"
             r"\x{2029}\x{202f}\x{205f}\x{3000}]+")
# Typographic noise a fuzzy comparison should not pay for: soft hyphens, and a word split
# by a hyphen at a line break ("Er-\nstellung"). White space is folded to one space; a
# single space, the commonest, is left as it is. Every match opens with one of a few
# characters, a class the regex engine skips ahead to (the alternation
# "\u00ad|(?<=\w)-\s*\n\s*(?=\w)|\s\s+|[^\S ]" written so: the same matches, in 0.14 s
# rather than 0.26 s over 10kGNAD and PolNeAR).
_FOLD = re.compile(r"[\u00ad\s-](?:(?<=\u00ad)|(?<=\w-)\s*\n\s*(?=\w)|(?<=\s)\s+|(?<=[^\S ]))")


class RuleError(Exception):
    """A rule or suite file that cannot be used; the message names file, line and field."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, why: str):
        self.path, self.line, self.field, self.why = str(path), line, field, why
        where = f"{path}:{line}" if line else str(path)
        what = f" field '{field}':" if field else ""
        super().__init__(f"{where}:{what} {why}")


class RuleSource:
    """A parsed TOML file and a way to find the line a field or value is written on."""

    def __init__(self, path: Path, kind: str):
        self.path = path
        try:
            self.raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(path, None, None, f"cannot read {kind} file: {exc}") from None
        try:
            self.table = tomllib.loads(self.raw)
        except tomllib.TOMLDecodeError as exc:
            found = _SYNTAX_LINE.search(str(exc))
            raise RuleError(path, int(found.group(1)) if found else None, None,
                            f"invalid TOML: {exc}") from None
        self.lines = self.raw.splitlines()

    def line_of(self, field: str, value: str | None = None) -> int | None:
        """The line where ``field`` is set (or, given ``value``, where that value stands)."""
        key = re.escape(field.split(".")[-1])
        setting = re.compile(rf"^\s*(?:\[+\s*)?(?:[\w.\"-]*\.)?\"?{key}\"?\s*(?:=|\]+)")
        first = next((i for i, line in enumerate(self.lines, 1) if setting.match(line)), None)
        if value is None:
            return first
        probe = value.replace("\\", "\\\\")[:40]
        for i, line in enumerate(self.lines[(first or 1) - 1:], first or 1):
            if value[:40] in line or probe in line:
                return i
        return first

    def fail(self, field: str, why: str, value: str | None = None) -> RuleError:
        return RuleError(self.path, self.line_of(field, value), field, why)


def _by_language(source: RuleSource, field: str, languages: tuple[str, ...],
                 value=None) -> dict[str, list]:
    """``field`` as a list per language: one list for all, or a table of lists."""
    value = source.table.get(field, []) if value is None else value
    if isinstance(value, list):
        value = {language: value for language in languages}
    if not isinstance(value, dict):
        raise source.fail(field, "must be a list of strings, or a table of such lists per "
                                 f"language ({', '.join(LANGUAGES)})")
    for language, entries in value.items():
        if language not in LANGUAGES:
            raise source.fail(f"{field}.{language}", f"unknown language {language!r} "
                                                     f"(known: {', '.join(LANGUAGES)})")
        if not isinstance(entries, list) or not all(isinstance(e, str) and e.strip()
                                                    for e in entries):
            raise source.fail(f"{field}.{language}" if field in source.raw else field,
                              "must be a list of non-empty strings")
    return value


def _patterns(source: RuleSource, field: str, patterns: list[str], case: str) -> Patterns:
    """``patterns`` compiled, or a :class:`RuleError` naming the one that cannot be."""
    try:
        return Patterns(patterns, case=case)
    except PatternError as exc:
        raise source.fail(field, f"invalid regular expression {exc.pattern!r}: {exc.why}",
                          value=exc.pattern) from None


@dataclass(frozen=True)
class _Group:
    """Phrases and patterns whose matches are of one kind ("" outside a profile's kinds)."""

    kind: str
    sentence_start: bool


@dataclass(frozen=True)
class _Language:
    """What a rule matches in one language: the phrases of all groups in one lexicon and
    their patterns in one pattern set, each entry's value the number of its group."""

    groups: tuple[_Group, ...]
    phrases: Lexicon
    patterns: Patterns
    pattern_groups: tuple[int, ...]
    exceptions: Patterns | None
    fuzzy_phrases: tuple[str, ...]
    anchors: _Anchors | None = None

    @cached_property
    def screen(self) -> Patterns:
        """The phrases (each space a run of white space) and the patterns in one program
        without word edges: it finds something in every text where the lexicon or the
        patterns match (and in a few more), in one pass. A rule without anchors skips the
        other texts with it: AIG003's lexicon and patterns cost 0.065 CPU-s over 10kGNAD,
        on every text, and 17% of them pass its screen, which costs 0.013."""
        spaced = [SPACE_RUN.join(map(re.escape, phrase.split()))
                  for phrase in self.phrases.entries]
        return Patterns([*spaced, *self.patterns.patterns], case=self.phrases.case,
                        words=False)

    @cached_property
    def fuzzy_anchors(self) -> tuple[frozenset[int], ...]:
        """For each fuzzy phrase, the anchors (their numbers) it contains: it is searched
        for near those only, since one of them survives any typo in the rest of it. Told
        when a text first passes the anchors' screen, not when the rule is loaded, by an
        RE2 set of all anchors whose compiling costs 0.026 (AIG001) and 0.037 (AIG002)
        CPU-s in every process that searches (each worker): so what it tells is kept on
        disk for the next process (``stored``), keyed by the anchors, the phrases, the code
        that reads them and the RE2 build."""
        anchors, phrases = self.anchors, self.fuzzy_phrases
        key = stored.key_of([json.dumps([anchors.screen.patterns, phrases]), *_reading_code()])
        told = stored.built("rule-anchors", key, lambda: {
            "anchors": [sorted(_anchors_in(anchors, phrase)) for phrase in phrases]})
        return tuple(map(frozenset, told["anchors"]))


@dataclass(frozen=True)
class _Anchors:
    """A rule's anchors: any case for the screen, as written for the fuzzy search."""

    screen: Patterns
    exact: Patterns

    @cached_property
    def each(self) -> tuple[Patterns, ...]:
        """Each anchor on its own, as written: made when a text first passes the screen,
        not when the rule is loaded (what RE2 tells of each is read from disk, ``stored``:
        a third of loading AIG001-AIG003 in a process that never searches with them)."""
        return tuple(Patterns([anchor], case="exact") for anchor in self.exact.patterns)


@dataclass(frozen=True)
class Rule:
    """A parsed rule file."""

    code: str
    severity: str
    title: str
    message: str
    languages: tuple[str, ...]
    by_language: dict[str, _Language]
    span: str
    in_quotes: bool
    all_languages: bool
    fuzzy: int | None
    anchors: _Anchors | None
    path: str
    doc: dict[str, str]
    profile: dict[str, int] | None = None

    # -- matching --------------------------------------------------------------------------
    def matches(self, text: str, language: str, sentence_starts: list[int] | None = None
                ) -> list[tuple[int, int, str]]:
        """The spans of ``text`` this rule matches, with their kinds (exceptions not yet
        applied). Where matches overlap the leftmost wins, and of those at one place the
        phrase before a pattern. Matches that must open a sentence are kept
        only at ``sentence_starts`` (all of them when these are not given)."""
        spec = self.by_language.get(language)
        if spec is None:
            return []
        found = [(m.start, 0, m.end, m.value) for m in spec.phrases.finditer(text)]
        found += [(m.start, 1, m.end, spec.pattern_groups[m.value])
                  for m in spec.patterns.finditer(text)]
        if sentence_starts is not None:
            found = [match for match in found if not spec.groups[match[3]].sentence_start
                     or _opens(sentence_starts, match[0])]
        spans, reached = [], 0
        for start, _, end, group in sorted(found):
            if start >= reached:
                spans.append((start, end, spec.groups[group].kind))
                reached = end
        if self.fuzzy and spec.fuzzy_phrases:
            spans += [(*s, "") for s in self._fuzzy(text, spec)
                      if not any(s[0] < e and b < s[1] for b, e, _ in spans)]
        return sorted(spans)

    def _fuzzy(self, text: str, spec: _Language) -> list[tuple[int, int]]:
        """The spans where a fuzzy phrase of ``spec`` matches near one of its anchors."""
        folded, lowered, anchored = _anchored(text, self.anchors)
        if not anchored:
            return []
        from rapidfuzz import fuzz

        phrases = spec.fuzzy_phrases
        longest = max(map(len, phrases))
        found: list[tuple[int, int]] = []
        covered = [-1] * len(phrases)  # how far the last window searched for each phrase
        for anchor_start, anchor_end, here in anchored:
            window_start = max(0, anchor_start - longest)
            window = lowered[window_start: anchor_end + 2 * longest]
            for number, phrase in enumerate(phrases):
                if here.isdisjoint(spec.fuzzy_anchors[number]) \
                        or anchor_end + longest <= covered[number]:
                    continue  # not its anchor, or an earlier window reaches past this one's
                covered[number] = anchor_end + 2 * longest
                hit = fuzz.partial_ratio_alignment(phrase.lower(), window,
                                                   score_cutoff=self.fuzzy)
                if hit is None:
                    continue
                start, end = _whole_words(lowered, window_start + hit.dest_start,
                                          window_start + hit.dest_end)
                start, end = _trim(phrase.lower(), lowered, start, end)
                span = (folded.original(start), folded.original(end - 1) + 1)
                if not any(span[0] < e and s < span[1] for s, e in found):
                    found.append(span)
        return found

    def _languages_of(self, language: str) -> tuple[str, ...]:
        """The languages whose phrases are searched in an article in ``language``."""
        if self.all_languages and (language in self.by_language or language not in LANGUAGES):
            return self.languages
        if language in self.by_language:
            return (language,)
        if language in LANGUAGES:
            return ()  # a language this rule is not written for
        return self.languages  # undetected: every language of the rule

    def findings(self, articles: pd.DataFrame, sentences: pd.DataFrame) -> list[Finding]:
        """The findings of this rule on the articles (sentences give the spans)."""
        findings = []
        bounds = None
        # the sentences are looked up before matching only where a match must open one
        opening = any(group.sentence_start for spec in self.by_language.values()
                      for group in spec.groups)
        for article_id, text, language in zip(articles.article_id.tolist(),
                                              articles.text.tolist(),
                                              articles.language.tolist(), strict=True):
            languages = self._languages_of(language)
            if not languages or (self.anchors is not None
                                 and self.anchors.screen.search(text) is None):
                continue
            # (the lexicon reads "İ" as "I", a screen ignoring case does not: such a text
            # is searched whatever the screen says)
            if self.anchors is None and "\u0130" not in text and all(
                    self.by_language[lang].screen.search(text) is None for lang in languages):
                continue
            if bounds is None and opening:
                bounds = _sentence_bounds(sentences)
            starts = bounds.get(article_id, ([], []))[0] if opening else None
            spans = [(s, e, kind, lang) for lang in languages
                     for s, e, kind in self.matches(text, lang, starts)]
            if not spans:
                continue
            if bounds is None:
                bounds = _sentence_bounds(sentences)
            starts, ends = bounds.get(article_id, ([], []))
            marked = self._marked(text, sorted(spans), starts, ends)
            if self.profile:
                findings += self._profile(str(article_id), text, marked)
                continue
            for shown_start, shown_end, start, end, _ in marked:
                match = " ".join(text[start:end].split())
                findings.append(Finding(str(article_id), shown_start, shown_end,
                                        self.message.format(match=match)))
        return findings

    def _marked(self, text: str, spans: list[tuple[int, int, str, str]], starts: list[int],
                ends: list[int]) -> list[tuple[int, int, int, int, str]]:
        """The spans to report (shown span, match span, kind): outside direct quotes when
        the rule says so, without exceptions in their sentences, one per sentence."""
        quotes = [] if self.in_quotes or not spans else quote_spans(text)
        marked: list[tuple[int, int, int, int, str]] = []
        for start, end, kind, lang in spans:
            if any(q_start <= start and end <= q_end for q_start, q_end in quotes):
                continue  # inside a direct quote
            outer = _expand(starts, ends, start, end)
            exceptions = self.by_language[lang].exceptions
            if exceptions and exceptions.search(text, *outer):
                continue
            shown = outer if self.span == "sentence" else (start, end)
            if marked and shown[0] < marked[-1][1]:
                continue  # one finding per sentence
            marked.append((*shown, start, end, kind))
        return marked

    def _profile(self, article_id: str, text: str,
                 marked: list[tuple[int, int, int, int, str]]) -> list[Finding]:
        """One finding when the matches reach the profile's thresholds, listing them all."""
        evidence = [(kind, " ".join(text[start:end].split()), shown_start, shown_end)
                    for shown_start, shown_end, start, end, kind in marked]
        kinds = {kind for kind, *_ in evidence}
        if len(evidence) < self.profile["min-matches"] or len(kinds) < self.profile["min-kinds"]:
            return []
        listed = "; ".join(f"{kind} “{match}”" for kind, match, *_ in evidence)
        first = evidence[0]
        related = tuple(Span(article_id, s, e) for *_, s, e in evidence[1:])
        return [Finding(article_id, first[2], first[3],
                        self.message.format(count=len(evidence), kinds=len(kinds),
                                            evidence=listed, match=first[1]),
                        related=related)]

    def compile(self) -> None:
        """Compile every program this rule may search with, for every language, now rather
        than at the first article that needs each (see :func:`_compile_before_fork`)."""
        for spec in self.by_language.values():
            spec.patterns.compile()
            if self.anchors is None:
                spec.screen.compile()
            if spec.exceptions is not None:
                spec.exceptions.compile()
            if spec.anchors is not None:
                spec.fuzzy_anchors  # noqa: B018  (a cached property: computed now)
        if self.anchors is not None:
            for patterns in (self.anchors.screen, self.anchors.exact, *self.anchors.each):
                patterns.compile()
            # RE2 builds a program's automaton as it searches, state by state: each
            # anchor's own program (one for every anchor of AIG001 and AIG002) built most
            # of its states in every worker's first partition, +0.02-0.03 CPU-s there for
            # each of these rules. Read once here, in the rule's own phrases (which hold
            # the anchors, and what stands around them), the common states are built
            # before the fork (see _anchored)
            for phrase in (p for spec in self.by_language.values() for p in spec.fuzzy_phrases):
                _anchored(phrase, self.anchors)

    # -- as a check ------------------------------------------------------------------------
    def spec(self) -> CheckSpec:
        rule = self

        def check_rule(articles, sentences):
            return rule.findings(articles, sentences)

        check_rule.__name__ = check_rule.__qualname__ = Path(self.path).stem
        return CheckSpec(
            name=Path(self.path).stem, code=self.code, severity=self.severity,
            title=self.title, what=self.doc.get("what", ""), why=self.doc.get("why", ""),
            flagged=self.doc.get("flagged", ""), clean=self.doc.get("clean", ""),
            func=check_rule, path=self.path, params=("articles", "sentences"),
            scope="article",
        )


def _opens(sentence_starts: list[int], at: int) -> bool:
    """Whether a sentence starts at ``at``."""
    index = bisect.bisect_left(sentence_starts, at)
    return index < len(sentence_starts) and sentence_starts[index] == at


@dataclass(frozen=True)
class _Folded:
    """A text with white space runs as one space and line-break hyphens removed
    (:func:`_fold`), and where each piece of it comes from: the folded text is a row of
    pieces copied unchanged (or a space standing for a run of white space), the piece
    beginning at ``starts[i]`` copied from ``origins[i]`` of the original."""

    text: str
    starts: list[int]
    origins: list[int]

    def original(self, offset: int) -> int:
        """The offset in the original text of the character at ``offset`` of the folded."""
        piece = bisect.bisect_right(self.starts, offset) - 1
        return self.origins[piece] + offset - self.starts[piece]


@lru_cache(maxsize=2)  # a text is folded once for all the languages it is searched in
def _fold(text: str) -> _Folded:
    """``text`` with white space runs as one space and line-break hyphens removed. Where
    each character comes from is kept per piece, not per character: a list of a million
    offsets would cost more than the search it serves."""
    if "  " not in text and text.isprintable():
        # no run of spaces, and no other white space or soft hyphen (not printable): as is
        return _Folded(text, [0], [0])
    pieces, starts, origins, last, length = [], [], [], 0, 0
    for match in _FOLD.finditer(text):
        if match.start() > last:
            pieces.append(text[last:match.start()])
            starts.append(length)
            origins.append(last)
            length += match.start() - last
        if match.group().isspace():
            pieces.append(" ")
            starts.append(length)
            origins.append(match.start())
            length += 1
        last = match.end()
    pieces.append(text[last:])
    starts.append(length)
    origins.append(last)
    return _Folded("".join(pieces), starts, origins)


@lru_cache(maxsize=2)  # asked for by each language a text is searched in
def _anchored(text: str, anchors: _Anchors) -> tuple[_Folded, str,
                                                     list[tuple[int, int, frozenset[int]]]]:
    """For ``text`` folded (:func:`_fold`): the folded text, it in lower case (unless a
    letter's lower case is longer, "İ"), and where in it the anchors match as written:
    each match's span and the numbers of the anchors that stand at its start."""
    folded = _fold(text)
    lowered = folded.text.lower()
    if len(lowered) != len(folded.text):
        lowered = folded.text
    anchored = []
    for match in anchors.exact.finditer(folded.text):
        here = frozenset(number for number, anchor in enumerate(anchors.each)
                         if (found := anchor.search(folded.text, match.start, match.end))
                         and found.start == match.start)
        anchored.append((match.start, match.end, here))
    return folded, lowered, anchored


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``text[start:end]`` to whole words, so that a fuzzy match never ends mid-word."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, max(end, start + 1)


def _trim(phrase: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Drop edge words of a fuzzy match while that brings it no further from the phrase:
    the best window of the phrase's length may reach into the word before or after."""
    from rapidfuzz import fuzz

    score = fuzz.ratio(phrase, text[start:end])
    changed = True
    while changed:
        changed = False
        inner = text.find(" ", start, end)
        if inner > 0 and fuzz.ratio(phrase, text[inner + 1:end]) >= score:
            start, score, changed = inner + 1, fuzz.ratio(phrase, text[inner + 1:end]), True
        inner = text.rfind(" ", start, end)
        if inner > start and fuzz.ratio(phrase, text[start:inner]) >= score:
            end, score, changed = inner, fuzz.ratio(phrase, text[start:inner]), True
    return start, end


def _sentence_bounds(sentences: pd.DataFrame) -> dict[str, tuple[list[int], list[int]]]:
    """Sentence starts and ends of every article, in order of their starts, in one pass
    over the columns (a table filter per article costs 2 ms, and a sort of the table
    copies its texts)."""
    bounds: dict[str, tuple[list[int], list[int]]] = {}
    for article_id, start, end in zip(sentences.article_id.tolist(), sentences.start.tolist(),
                                      sentences.end.tolist(), strict=True):
        starts, ends = bounds.setdefault(article_id, ([], []))
        starts.append(start)
        ends.append(end)
    for article_id, (starts, ends) in bounds.items():
        if any(later < earlier for earlier, later in pairwise(starts)):
            order = sorted(range(len(starts)), key=starts.__getitem__)  # (stable)
            bounds[article_id] = [starts[i] for i in order], [ends[i] for i in order]
    return bounds


def _expand(starts: list[int], ends: list[int], start: int, end: int) -> tuple[int, int]:
    """The span of the sentences that ``[start, end)`` touches (itself if there are none)."""
    first = bisect.bisect_right(starts, start) - 1
    last = bisect.bisect_left(starts, end) - 1
    if first < 0 or last < 0 or ends[last] < start:
        return start, end
    return min(starts[first], start), max(ends[last], end)


def field_string(source: RuleSource, field: str, default: str | None = None,
            choices: tuple[str, ...] | None = None) -> str:
    value = source.table.get(field, default)
    if value is None:
        raise RuleError(source.path, None, field, "is required")
    if not isinstance(value, str) or not value.strip():
        raise source.fail(field, "must be a non-empty string")
    if choices and value not in choices:
        raise source.fail(field, f"{value!r} is not one of {', '.join(choices)}")
    return value


def documentation(source: RuleSource) -> dict[str, str]:
    """The what/why/flagged/clean texts of a rule or suite file."""
    doc = {}
    for field in ("what", "why", "flagged", "clean"):
        if field in source.table:
            doc[field] = field_string(source, field).strip("\n").rstrip()
    return doc


def read_header(source: RuleSource, fields: set[str]) -> tuple[str, str, str]:
    """The code, severity and title every declarative file has; unknown fields are errors."""
    unknown = sorted(set(source.table) - fields)
    if unknown:
        raise source.fail(unknown[0], f"unknown field (known: {', '.join(sorted(fields))})")
    return (check_code(source), field_string(source, "severity", "warning", SEVERITIES),
            field_string(source, "title"))


def check_code(source: RuleSource) -> str:
    code = field_string(source, "id")
    if not CODE_PATTERN.match(code):
        raise source.fail("id", f"{code!r} must be TMP, ATR, CON, AIG or DQ followed by three "
                                "digits")
    return code


#: The rules loaded in this process (by ``id``): their programs are compiled before it forks.
_LOADED: weakref.WeakValueDictionary[int, Rule] = weakref.WeakValueDictionary()


def _compile_before_fork() -> None:
    """Compile the programs of the rules loaded in this process before it forks, so that the
    worker processes of an audit start with them. Otherwise each is compiled at the first
    article that needs it, in every process: on 10kGNAD ×1 a worker's first partition cost
    it 0.07 CPU-s more than its others (AIG001's and AIG002's anchors and phrases, met at
    the first article holding an anchor); compiled here, once, they cost the forking process
    0.08 CPU-s whatever the number of workers. A run that forks no worker (a few articles)
    compiles only what it searches with. A process with other threads forks as before (a
    Dask nanny forking a worker from its event loop, which compiling would hold up): the
    local pool forks its workers before it starts a thread."""
    import threading

    if threading.active_count() > 1:
        return
    for rule in list(_LOADED.values()):
        rule.compile()


os.register_at_fork(before=_compile_before_fork)


def load_rule(path: str | Path) -> Rule:
    """Parse and validate one rule file."""
    path = Path(path)
    source = RuleSource(path, "rule")
    code, severity, title = read_header(source, _FIELDS)
    message = _message(source, title)
    languages = _languages(source)
    span = field_string(source, "span", "sentence", ("sentence", "match"))
    case_sensitive, in_quotes, all_languages, sentence_start = (
        _flag(source, field, default) for field, default in (
            ("case-sensitive", False), ("in-quotes", True), ("all-languages", False),
            ("sentence-start", False)))
    case = "exact" if case_sensitive else "ignore"
    fuzzy = _fuzzy_score(source)
    anchors = _read_anchors(source, fuzzy)
    phrases = _by_language(source, "phrases", languages)
    patterns = _by_language(source, "patterns", languages)
    exceptions = _by_language(source, "exceptions", languages)
    profile, kinds = _profile(source, languages)
    if anchors is not None:
        _check_anchored(source, anchors, phrases)
    groups = [("", phrases, patterns, sentence_start, "patterns"),
              *((kind, *members, f"kinds.{kind}") for kind, members in kinds.items())]
    by_language = {}
    for language in languages:
        unless = exceptions.get(language, [])
        fuzzy_phrases = tuple(p for p in phrases.get(language, [])
                              if len(p) >= FUZZY_MIN_LENGTH) if fuzzy else ()
        by_language[language] = _Language(
            **_groups(source, language, case, groups),
            exceptions=_patterns(source, "exceptions", unless, case) if unless else None,
            fuzzy_phrases=fuzzy_phrases,
            anchors=anchors if fuzzy_phrases else None,
        )
    if not any(len(spec.phrases) or spec.patterns.patterns for spec in by_language.values()):
        raise source.fail("phrases" if "phrases" in source.table else "patterns",
                          "a rule needs at least one phrase or pattern")
    rule = Rule(code=code, severity=severity, title=title, message=message,
                languages=languages, by_language=by_language, span=span, in_quotes=in_quotes,
                all_languages=all_languages, fuzzy=int(fuzzy) if fuzzy is not None else None,
                anchors=anchors, path=str(path), doc=documentation(source), profile=profile)
    _LOADED[id(rule)] = rule
    return rule


def _message(source: RuleSource, title: str) -> str:
    """The finding message, which may name only the fields a finding fills in."""
    message = field_string(source, "message", f"{title}: “{{match}}”")
    try:
        message.format(match="", **({"count": 0, "kinds": 0, "evidence": ""}
                                   if "profile" in source.table else {}))
    except (KeyError, IndexError, ValueError) as exc:
        raise source.fail("message", "may name only {match} (and in a profile {count}, "
                                     f"{{kinds}}, {{evidence}}) ({exc!r})") from None
    return message


def _languages(source: RuleSource) -> tuple[str, ...]:
    languages = source.table.get("languages", list(LANGUAGES))
    if not isinstance(languages, list) or not languages or any(
            language not in LANGUAGES for language in languages):
        raise source.fail("languages", f"must be a non-empty list of {', '.join(LANGUAGES)}")
    return tuple(languages)


def _flag(source: RuleSource, field: str, default: bool, table: dict | None = None) -> bool:
    value = (source.table if table is None else table).get(field, default)
    if not isinstance(value, bool):
        raise source.fail(field, "must be true or false")
    return value


def _fuzzy_score(source: RuleSource) -> int | float | None:
    fuzzy = source.table.get("fuzzy")
    if fuzzy is not None and (isinstance(fuzzy, bool) or not isinstance(fuzzy, int | float)
                              or not 50 <= fuzzy <= 100):
        raise source.fail("fuzzy", "must be a rapidfuzz score between 50 and 100")
    return fuzzy


def _read_anchors(source: RuleSource, fuzzy: int | float | None) -> _Anchors | None:
    """The anchors, required with ``fuzzy``."""
    if fuzzy is None and "anchors" not in source.table:
        return None
    raw = source.table.get("anchors")
    if not isinstance(raw, list) or not raw or not all(isinstance(a, str) and a for a in raw):
        if "anchors" not in source.table:
            raise source.fail("fuzzy", "fuzzy matching needs 'anchors': a list of patterns")
        raise source.fail("anchors", "must be a list of patterns")
    return _Anchors(screen=_patterns(source, "anchors", raw, "ignore"),
                    exact=_patterns(source, "anchors", raw, "exact"))


def _check_anchored(source: RuleSource, anchors: _Anchors, phrases: dict[str, list]) -> None:
    """Every phrase must contain an anchor, or the screen would pass over it. Told by
    searching each phrase with the anchors' screen, whose compiling was most of loading a
    rule with anchors (AIG001: 0.014 CPU-s of a one-article audit): so what it tells is
    kept on disk (``stored``), keyed by the anchors, the phrases and the code that reads
    them, as their numbers for fuzzy matching are (:attr:`_Language.fuzzy_anchors`)."""
    key = stored.key_of([json.dumps([anchors.screen.patterns, phrases]), *_reading_code()])
    told = stored.built("rule-anchored", key, lambda: {"unanchored": [
        [language, phrase] for language, entries in phrases.items() for phrase in entries
        if anchors.screen.search(phrase) is None]})
    for language, phrase in told["unanchored"][:1]:
        raise RuleError(source.path, source.line_of("phrases", phrase), f"phrases.{language}",
                        f"{phrase!r} contains none of the anchors, so it could never be found")


def _anchors_in(anchors: _Anchors | None, phrase: str) -> frozenset[int]:
    """The numbers of the anchors a phrase contains, in any case."""
    return anchors.screen.which(phrase)


@lru_cache(maxsize=1)
def _reading_code() -> tuple[bytes, ...]:
    """What :func:`_anchors_in` and :func:`_check_anchored` tell depends on besides the
    anchors and the phrases: this module, how audit.matching writes patterns for RE2, and
    the RE2 build."""
    from audit.matching.patterns import program_code

    return Path(__file__).read_bytes(), *program_code()


def _groups(source: RuleSource, language: str, case: str, groups: list[tuple]) -> dict:
    """The groups' phrases in one lexicon and patterns in one pattern set, for one language;
    each group is ``(kind, phrases, patterns, sentence_start, field)``."""
    phrases, patterns, pattern_groups = {}, [], []
    for number, (_, group_phrases, group_patterns, _, field) in enumerate(groups):
        phrases.update(dict.fromkeys(group_phrases.get(language, []), number))
        listed = group_patterns.get(language, [])
        _patterns(source, field, listed, case)  # an error names the group's own field
        patterns += listed
        pattern_groups += [number] * len(listed)
    return {"groups": tuple(_Group(kind, sentence_start)
                            for kind, _, _, sentence_start, _ in groups),
            "phrases": Lexicon(phrases, case=case),
            "patterns": _patterns(source, "patterns", patterns, case),
            "pattern_groups": tuple(pattern_groups)}


def _profile(source: RuleSource, languages: tuple[str, ...]
             ) -> tuple[dict[str, int] | None, dict[str, tuple[dict, dict, bool]]]:
    """The ``[profile]`` thresholds and the ``[kinds.NAME]`` phrase groups of a profile rule:
    each kind's phrases and patterns per language, and whether they must open a sentence."""
    table = source.table
    if "profile" not in table:
        if "kinds" in table:
            raise source.fail("kinds", "kinds are used only with [profile]")
        return None, {}
    profile = table["profile"]
    if not isinstance(profile, dict) or set(profile) - {"min-matches", "min-kinds"} or not all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in profile.values()):
        raise source.fail("profile", "takes min-matches and min-kinds, whole numbers ≥ 1")
    profile = {"min-matches": profile.get("min-matches", 1),
               "min-kinds": profile.get("min-kinds", 1)}
    raw = table.get("kinds")
    if not isinstance(raw, dict) or not raw:
        raise source.fail("profile", "a profile needs [kinds.NAME] tables of phrases or "
                                     "patterns")
    kinds = {}
    for name, kind in raw.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", name) or not isinstance(kind, dict) \
                or not set(kind) & {"phrases", "patterns"} \
                or set(kind) - {"phrases", "patterns", "sentence-start"}:
            raise source.fail(name, "a kind is a table [kinds.NAME] (NAME a word) with "
                                    "phrases and/or patterns (and sentence-start)")
        kinds[name] = (_by_language(source, "phrases", languages, kind.get("phrases", [])),
                       _by_language(source, "patterns", languages, kind.get("patterns", [])),
                       _flag(source, "sentence-start", False, kind))
    return profile, kinds


__all__ = ["Rule", "RuleError", "RuleSource", "load_rule", "documentation", "check_code",
           "field_string"]
