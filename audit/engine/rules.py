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
    [patterns]                         # regular expressions (Python syntax)
    de = ['Als (?:KI|künstliche Intelligenz)']
    [exceptions]                       # a match whose sentence matches one of these is dropped
    de = ['\\bkeine KI\\b']

``phrases``, ``patterns`` and ``exceptions`` are either one list for every language or a
table of lists per language. Optional keys: ``span`` (``"sentence"``, the default, marks the
sentences the match stands in; ``"match"`` marks the match), ``case-sensitive`` (false),
``in-quotes`` (true; false skips matches inside direct quotes),
``all-languages`` (false; true searches every language's phrases in every article the rule
covers: an English disclaimer under a German article),
``anchors`` (patterns of which every match contains one, case-insensitively: an article
without any is skipped in one fast pass, and every phrase is checked to contain one when the
file loads), ``fuzzy`` (a rapidfuzz score 50–100: phrases also match with typos, split words
and hyphenated line breaks; needs ``anchors``, and searches near their case-sensitive
matches of the anchors the phrase itself contains). Only phrases of at least
``FUZZY_MIN_LENGTH`` characters are matched fuzzily: one typo in a short phrase is another
phrase.

A file that cannot be used raises :class:`RuleError`, whose message names the file, the line
and the field.
"""

from __future__ import annotations

import _sre  # the regex engine's own case mapping, to group alternatives as it matches them
import bisect
import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from re import _casefix

import pandas as pd

from audit.engine.registry import CODE_PATTERN, CheckSpec
from audit.findings import SEVERITIES, Finding, Span
from audit.normalise.sentences import quote_spans

LANGUAGES = ("de", "en")
FUZZY_MIN_LENGTH = 20
_FIELDS = {
    "id", "severity", "title", "languages", "message", "phrases", "patterns", "exceptions",
    "span", "case-sensitive", "fuzzy", "anchors", "in-quotes", "all-languages", "what", "why",
    "flagged", "clean", "profile", "kinds",
}
_SYNTAX_LINE = re.compile(r"at line (\d+)")
_WORD = re.compile(r"\w")
# Typographic noise a fuzzy comparison should not pay for: soft hyphens, and a word split
# by a hyphen at a line break ("Er-\nstellung"). White space is folded to one space; a
# single space, the commonest, is left as it is. (The look-ahead lets the engine pass over
# the letters at once.)
_FOLD = re.compile(r"(?=[\u00ad\s-])(?:\u00ad|(?<=\w)-\s*\n\s*(?=\w)|\s\s+|[^\S ])")


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


def _compile(source: RuleSource, field: str, pattern: str, flags: int) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise source.fail(field, f"invalid regular expression {pattern!r}: {exc}",
                          value=pattern) from None


_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}
_NOT_WORD = str(re._parser.parse(r"\w").data)  # the body of (?<!\w)


def _first_characters(items) -> set[str] | None:
    """The characters a parsed pattern can start with, or None when that is not known."""
    for op, value in items:
        name = str(op)
        if name in _ZERO_WIDTH:
            continue
        if name == "LITERAL":
            return {chr(value)}
        if name == "IN":
            chars = set()
            for kind, member in value:
                if str(kind) == "LITERAL":
                    chars.add(chr(member))
                elif str(kind) == "RANGE" and member[1] - member[0] < 64:
                    chars.update(map(chr, range(member[0], member[1] + 1)))
                else:
                    return None
            return chars
        if name == "SUBPATTERN":
            if value[1] or value[2]:
                return None  # inline flags: the lookahead would not share them
            if all(str(o) in _ZERO_WIDTH for o, _ in value[-1]):
                continue
            return _first_characters(value[-1])
        if name == "BRANCH":
            branches = value[1]
            if all(all(str(o) in _ZERO_WIDTH for o, _ in b) for b in branches):
                continue
            firsts = [_first_characters(b) for b in branches]
            return None if any(f is None for f in firsts) else set().union(*firsts)
        if name in ("MAX_REPEAT", "MIN_REPEAT") and value[0] >= 1:
            return _first_characters(value[2])
        return None
    return None


def _after_non_word(items) -> bool:
    r"""Whether a parsed pattern matches only where no word character precedes it: it opens
    with ``(?<!\w)``, ``\A``, ``^`` or a lookbehind ending in a character that is no word
    character (``(?<=[.!?] )``), possibly in a group or in every branch of one."""
    for op, value in items:
        name = str(op)
        if name == "AT":
            if str(value) in ("AT_BEGINNING", "AT_BEGINNING_STRING"):
                return True
        elif name in ("ASSERT", "ASSERT_NOT"):
            direction, body = value
            if direction == -1 and (name == "ASSERT_NOT" and str(body.data) == _NOT_WORD
                                    or name == "ASSERT" and not _can_be_word(body.data[-1])):
                return True
        elif name == "BRANCH":
            return all(_after_non_word(branch) for branch in value[1])
        elif name == "SUBPATTERN" and not value[1] and not value[2]:  # no inline flags
            if _after_non_word(value[-1]):
                return True
            if not all(str(o) in _ZERO_WIDTH for o, _ in value[-1]):
                return False
        else:
            return False
    return False


def _can_be_word(item) -> bool:
    """Whether one parsed pattern item can match a word character."""
    op, value = item
    if str(op) == "LITERAL":
        return _WORD.match(chr(value)) is not None
    if str(op) == "IN" and all(str(kind) == "LITERAL" for kind, _ in value):
        return any(_WORD.match(chr(member)) for _, member in value)
    return True


def _case_keys(char: str, flags: int) -> set[int]:
    """The lower-case code points a text character must have to match ``char``, as the
    engine compares them: under IGNORECASE also the case fixes it adds ("ı" matches "i",
    "ſ" matches "s"). Two characters can match one text character when their keys meet."""
    if not flags & re.IGNORECASE:
        return {ord(char)}
    lower = _sre.unicode_tolower(ord(char))
    return {lower, *_casefix._EXTRA_CASES.get(lower, ())}


def _behind_first_characters(chars: set[str], pattern: str, flags: int) -> str:
    """``pattern`` behind a lookahead on ``chars``, the characters it can start with."""
    if flags & re.IGNORECASE:
        chars = chars | {c.lower() for c in chars} | {c.upper() for c in chars if
                                                      len(c.upper()) == 1}
    members = "".join(re.escape(c) for c in sorted(chars))
    return f"(?=[{members}])(?:{pattern})"


def _alternation(alternatives: list[str], flags: int) -> str:
    r"""A pattern that matches what ``"|".join(alternatives)`` matches, shaped for Python's
    engine, which otherwise tries every alternative at every position of the text:

    * behind ``(?<!\w)`` when every alternative starts after a non-word character (whole
      phrases do), so that positions inside words are passed over at once; an alternative's
      own leading ``(?<!\w)`` is then dropped, as it would test the same position again;
    * alternatives grouped by the characters they can start with, each group behind a
      lookahead on its characters, so that a position tries only the group that can match.
      Groups share no first character, so at most one group can match at a position and
      the same alternative wins there as in the plain alternation.
    """
    parsed = [re._parser.parse(a, flags) for a in alternatives]
    firsts = [_first_characters(p) for p in parsed]
    after_non_word = all(_after_non_word(p) for p in parsed)
    if after_non_word:
        alternatives = [a.removeprefix(r"(?<!\w)") for a in alternatives]
    if not all(firsts):
        joined = "|".join(f"(?:{a})" for a in alternatives)
    else:
        groups: list[tuple[set[int], list[int]]] = []  # first-character keys, members
        for i, chars in enumerate(firsts):
            keys = {key for c in chars for key in _case_keys(c, flags)}
            touching = [group for group in groups if group[0] & keys]
            groups = [group for group in groups if not group[0] & keys]
            groups.append((keys.union(*(k for k, _ in touching)),
                           sorted([i, *(j for _, members in touching for j in members)])))
        groups.sort(key=lambda group: group[1][0])

        def group_pattern(members: list[int]) -> str:
            body = "|".join(f"(?:{alternatives[i]})" for i in members)
            if len(members) == 1 or len(groups) == 1:
                return body
            return _behind_first_characters(set().union(*(firsts[i] for i in members)),
                                            body, flags)

        joined = "|".join(group_pattern(members) for _, members in groups)
        joined = _behind_first_characters(set().union(*firsts), joined, flags)
    if after_non_word:
        return rf"(?<!\w)(?:{joined})"
    return joined


def _back_over(text: str, at: int, lengths: tuple[int, ...]) -> int | None:
    """Where a phrase starts whose word at ``at`` has words of these ``lengths`` before it
    (the nearest first), each followed by white space; None if the text leaves no room."""
    for length in lengths:
        space = at
        while space > 0 and text[space - 1].isspace():
            space -= 1
        if space == at or space < length:
            return None
        at = space - length
    return at


#: Characters that match another character under IGNORECASE although their lower case
#: differs from it ("ſ" matches "s", "K" the Kelvin sign "k"), and "İ", whose lower case is
#: two characters: in a text with one of them the plain-text look-ups below may miss a match,
#: so such a text is always searched with the pattern itself.
_EXOTIC = re.compile("[" + re.escape("".join(sorted(
    {chr(code) for lower, extra in _casefix._EXTRA_CASES.items() for code in (lower, *extra)
     if not chr(code).isascii()} | {"\u0130", "\u03a3"}))) + "]")


@lru_cache(maxsize=4)  # asked for one text by each language and look-up of a rule
def _exotic(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`_EXOTIC`."""
    return not text.isascii() and _EXOTIC.search(text) is not None


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


@cache
def _standing(run: str, left: bool, right: bool) -> re.Pattern[str]:
    r"""``run`` with no word character before it (``left``) or after it (``right``). The
    run comes first and the test before it is a look-behind over the run, so that the engine
    can skip through the text to the run's first characters: "ki(?<!\wki)(?!\w)"."""
    escaped = re.escape(run)
    return re.compile(escaped + (rf"(?<!\w{escaped})" if left else "")
                      + (r"(?!\w)" if right else ""))


def _one_character(op, value, ignore_case: bool) -> str | None:
    """The one character a parsed item matches (lower-cased when case is ignored)."""
    name = str(op)
    if name == "LITERAL":
        chars = {chr(value)}
    elif name == "IN" and value and all(str(kind) == "LITERAL" for kind, _ in value):
        chars = {chr(member) for _, member in value}
    else:
        return None
    if ignore_case:
        if any(_EXOTIC.match(char) for char in chars):
            return None  # matched by characters other than its lower case
        chars = {char.lower() for char in chars}
    return chars.pop() if len(chars) == 1 else None


def _boundary(op, value, direction: int) -> bool:
    r"""Whether a zero-width item says no word character lies on that side: ``\b`` (before a
    word character), or ``(?<!\w)`` / ``(?!\w)``."""
    name = str(op)
    if name == "AT":
        return str(value) == "AT_BOUNDARY"
    if name == "ASSERT_NOT":
        return value[0] == direction and str(value[1].data) == _NOT_WORD
    return False


def _need(items, ignore_case: bool) -> list[tuple[str, bool, bool]] | None:
    """Runs of characters of which every match of a parsed pattern holds at least one: its
    longest plain run, with whether no word character may stand before it and after it, or
    the runs of the branches of a group ("(?:Insgesamt|Darüber hinaus)"); None when there
    is no such run of two characters or more."""
    best: tuple[str, bool, bool] | None = None
    branches: list[tuple[str, bool, bool]] | None = None
    run, left = "", False
    pending_left = False  # a boundary seen right before the current position
    items = list(items)
    for position, (op, value) in enumerate(items):
        char = _one_character(op, value, ignore_case)
        if char is not None:
            if not run:
                left = pending_left and _is_word(char)
            run += char
            following = items[position + 1] if position + 1 < len(items) else None
            right = (following is not None and _boundary(*following, 1)
                     and _is_word(run[-1]))
            if best is None or len(run) > len(best[0]):
                best = (run, left, right)
            continue
        if str(op) in _ZERO_WIDTH:
            pending_left = _boundary(op, value, -1) and not run
            if run and _boundary(op, value, 1):
                continue  # a boundary after the run: it ends here
            if not run:
                continue
        if branches is None:
            branches = _branch_needs(op, value, ignore_case)
        run, pending_left = "", False
    if best is not None and len(best[0]) >= 4 or branches is None:
        return [best] if best is not None and len(best[0]) >= 2 else None
    return branches


def _branch_needs(op, value, ignore_case: bool) -> list[tuple[str, bool, bool]] | None:
    """The runs of a group of alternatives, one or more from each branch."""
    if str(op) == "SUBPATTERN" and not value[1] and not value[2] and len(value[-1].data) == 1:
        op, value = value[-1].data[0]
    if str(op) != "BRANCH":
        return None
    runs = []
    for branch in value[1]:
        need = _need(branch, ignore_case)
        if need is None:
            return None
        runs += need
    return runs


def _leading(items, ignore_case: bool) -> list[str]:
    r"""The runs of plain characters every match of a parsed pattern starts with, one per
    way it can start (lower-cased when case is ignored; possibly empty):
    ``(?<!\w)Als\s+KI`` → ``["als"]``, ``(?:Insgesamt|Darüber hinaus)\b`` →
    ``["insgesamt", "darüber hinaus"]``. Look-arounds are passed over: they match nothing."""
    run = ""
    for op, value in items:
        name = str(op)
        if name in _ZERO_WIDTH:
            continue
        char = _one_character(op, value, ignore_case)
        if char is not None:
            run += char
            continue
        if name == "SUBPATTERN" and not value[1] and not value[2]:
            inner = value[-1]
        elif name == "BRANCH":
            if all(all(str(o) in _ZERO_WIDTH for o, _ in b) for b in value[1]):
                continue  # "(?:\A|(?<=\n))": where the match may stand, not what it holds
            return [run + lead for branch in value[1] for lead in _leading(branch, ignore_case)]
        else:
            break
        return [run + lead for lead in _leading(inner, ignore_case)]
    return [run]


def _is_space(op, value) -> bool:
    r"""Whether a parsed item is ``\s+`` (white space, one character or more)."""
    if str(op) not in ("MAX_REPEAT", "MIN_REPEAT") or value[0] < 1 or len(value[2]) != 1:
        return False
    op, value = value[2][0]
    return str(op) == "IN" and [(str(k), str(v)) for k, v in value] == [
        ("CATEGORY", "CATEGORY_SPACE")]


def _words(items, ignore_case: bool) -> list[str] | None:
    r"""The words of a pattern made of plain words with ``\s+`` between them, as a phrase is
    (``(?<!\w)Als\s+KI-Sprachmodell(?!\w)`` → ``["als", "ki-sprachmodell"]``; look-arounds
    at either end allowed), lower-cased when case is ignored; None for any other pattern."""
    words, run = [], ""
    items = list(items)
    while items and str(items[0][0]) in _ZERO_WIDTH:
        items.pop(0)
    while items and str(items[-1][0]) in _ZERO_WIDTH:
        items.pop()
    for op, value in items:
        char = _one_character(op, value, ignore_case)
        if char is not None and not char.isspace():
            run += char
        elif run and _is_space(op, value):
            words.append(run)
            run = ""
        else:
            return None
    return [*words, run] if run else None


@dataclass(frozen=True)
class _Needs:
    """What a text must contain for a pattern to match at all, one entry per alternative:
    a run of plain characters every match of that alternative holds (looked up in the
    lower-cased text when case is ignored), standing as a word where the alternative says
    so ("\bKI\b"). Looking these up is many times faster than running the pattern, so
    texts with none of them are passed over. Built only when every alternative has one.

    When every alternative can also be placed by such a run (``starts``), the places where
    a match may start are found the same way, and the pattern is tried only there
    (:meth:`matches`), instead of at every position of the text. A run is looked up with
    the lengths of the words before it in the alternative: a phrase is placed by its
    longest word (``("heutigen", (2, 3))`` for "In der heutigen …": back over white space
    and three characters, white space and two), any other alternative by the run it
    starts with (``("dieser", ())``)."""

    runs: tuple[tuple[str, bool, bool], ...]
    ignore_case: bool
    starts: tuple[tuple[str, tuple[int, ...]], ...] | None = None

    @classmethod
    def of(cls, alternatives: list[str], flags: int) -> _Needs | None:
        ignore_case = bool(flags & re.IGNORECASE)
        runs: list[tuple[str, bool, bool]] = []
        starts: list[tuple[str, tuple[int, ...]]] = []
        for alternative in alternatives:
            parsed = re._parser.parse(alternative, flags)
            need = _need(parsed, ignore_case)
            if need is None:
                return None
            runs += need
            words = _words(parsed, ignore_case)
            if words is not None:
                longest = max(range(len(words)), key=lambda i: (len(words[i]), -i))
                starts.append((words[longest],
                               tuple(len(word) for word in reversed(words[:longest]))))
            else:
                starts += [(run, ()) for run in _leading(parsed, ignore_case)]
        if min(len(run) for run, _ in starts) < 2:
            return cls(tuple(dict.fromkeys(runs)), ignore_case)
        # where "this article" starts, "this" does: the shorter run finds both
        kept: list[tuple[str, tuple[int, ...]]] = []
        for run, back in sorted(set(starts)):
            if back or not any(run.startswith(k) for k, b in kept if not b):
                kept.append((run, back))
        return cls(tuple(dict.fromkeys(runs)), ignore_case, tuple(kept))

    def matches(self, pattern: re.Pattern[str], text: str, lowered: str
                ) -> list[tuple[int, int]]:
        """The spans of ``pattern.finditer(text)``, the same ones in the same order."""
        if self.ignore_case:
            if _exotic(text) or len(lowered) != len(text):
                return [m.span() for m in pattern.finditer(text)]
            searched = lowered
        else:
            searched = text
        if self.starts is None:
            if not self.possible(text, lowered):
                return []
            return [m.span() for m in pattern.finditer(text)]
        places = set()
        for run, back in self.starts:
            at = searched.find(run)
            while at >= 0:
                start = _back_over(searched, at, back)
                if start is not None:
                    places.add(start)
                at = searched.find(run, at + 1)
        # finditer goes on from the end of each match; no match is empty (a start is a run)
        spans: list[tuple[int, int]] = []
        resume = 0
        for at in sorted(places):
            if at >= resume and (match := pattern.match(text, at)) is not None:
                spans.append(match.span())
                resume = match.end()
        return spans

    def possible(self, text: str, lowered: str) -> bool:
        """Whether ``text`` (``lowered`` is ``text.lower()``) may match the pattern."""
        if self.ignore_case:
            if _exotic(text):
                return True
            text = lowered
        for run, left, right in self.runs:
            if run in text and (not (left or right)
                                or _standing(run, left, right).search(text) is not None):
                return True
        return False


def _phrase_pattern(phrase: str) -> str:
    """A literal phrase as a pattern: whole words, any white space between them."""
    words = [re.escape(word) for word in phrase.split()]
    body = r"\s+".join(words)
    before = r"(?<!\w)" if _WORD.match(phrase[0]) else ""
    after = r"(?!\w)" if _WORD.match(phrase.rstrip()[-1]) else ""
    return before + body + after


@dataclass(frozen=True)
class _Language:
    """What a rule matches in one language."""

    pattern: re.Pattern[str] | None
    exceptions: re.Pattern[str] | None
    fuzzy_phrases: tuple[str, ...]
    # for each fuzzy phrase, the anchors (their numbers) it contains: it is searched for
    # near those only, since one of them survives any typo in the rest of it
    fuzzy_anchors: tuple[frozenset[int], ...] = ()
    # a profile rule's kinds in order, each with a pattern of its members; "" is the
    # phrases and patterns outside any kind
    kinds: tuple[tuple[str, re.Pattern[str]], ...] = ()
    # what a text must hold for ``pattern`` to match (None: no shortcut)
    needs: _Needs | None = None


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
    anchors: re.Pattern[str] | None
    path: str
    doc: dict[str, str]
    profile: dict[str, int] | None = None
    # the anchors, case-insensitive: one pass rules out most articles
    screen: re.Pattern[str] | None = None
    # each anchor on its own, to tell which ones stand where ``anchors`` matched
    anchor_patterns: tuple[re.Pattern[str], ...] = ()
    screen_needs: _Needs | None = None

    # -- matching --------------------------------------------------------------------------
    def matches(self, text: str, language: str,
                lowered: str | None = None) -> list[tuple[int, int]]:
        """The spans of ``text`` this rule matches (exceptions not yet applied)."""
        spec = self.by_language.get(language)
        if spec is None:
            return []
        if spec.pattern is None:
            spans = []
        elif spec.needs is None:
            spans = [m.span() for m in spec.pattern.finditer(text)]
        else:
            spans = spec.needs.matches(spec.pattern, text,
                                       text.lower() if lowered is None else lowered)
        if self.fuzzy and spec.fuzzy_phrases:
            spans += [s for s in self._fuzzy(text, spec) if not any(s[0] < e and b < s[1]
                                                                    for b, e in spans)]
        return sorted(spans)

    def _fuzzy(self, text: str, spec: _Language) -> list[tuple[int, int]]:
        """The spans where a fuzzy phrase of ``spec`` matches near one of its anchors."""
        offsets, lowered, anchored = _anchored(text, self.anchors, self.anchor_patterns,
                                               self.screen_needs)
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
                span = (offsets[start], offsets[end - 1] + 1)
                if not any(span[0] < e and s < span[1] for s, e in found):
                    found.append(span)
        return found

    def findings(self, articles: pd.DataFrame, sentences: pd.DataFrame) -> list[Finding]:
        """The findings of this rule on the articles (sentences give the spans)."""
        findings = []
        bounds = None
        for article_id, text, language in zip(articles.article_id.tolist(),
                                              articles.text.tolist(),
                                              articles.language.tolist(), strict=True):
            if self.all_languages and (language in self.by_language
                                       or language not in LANGUAGES):
                languages = self.languages
            elif language in self.by_language:
                languages = (language,)
            elif language in LANGUAGES:
                continue  # a language this rule is not written for
            else:
                languages = self.languages  # undetected: every language of the rule
            lowered = text.lower()
            if self.screen is not None and not (
                    (self.screen_needs is None or self.screen_needs.possible(text, lowered))
                    and self.screen.search(text)):
                continue
            spans = []
            for lang in languages:
                spans += [(s, e, lang) for s, e in self.matches(text, lang, lowered)]
            if not spans:
                continue
            if bounds is None:
                bounds = _sentence_bounds(sentences)
            starts, ends = bounds.get(article_id, ([], []))
            quotes = [] if self.in_quotes else quote_spans(text)
            marked: list[tuple[int, int, int, int]] = []
            for start, end, lang in sorted(spans):
                if any(q_start <= start and end <= q_end for q_start, q_end in quotes):
                    continue  # inside a direct quote
                outer = _expand(starts, ends, start, end)
                exceptions = self.by_language[lang].exceptions
                if exceptions and exceptions.search(text, *outer):
                    continue
                shown = outer if self.span == "sentence" else (start, end)
                if marked and shown[0] < marked[-1][1]:
                    continue  # one finding per sentence
                marked.append((*shown, start, end))
            if self.profile:
                findings += self._profile(str(article_id), text, marked, languages)
                continue
            for shown_start, shown_end, start, end in marked:
                match = " ".join(text[start:end].split())
                findings.append(Finding(str(article_id), shown_start, shown_end,
                                        self.message.format(match=match)))
        return findings

    def _profile(self, article_id: str, text: str, marked: list[tuple[int, int, int, int]],
                 languages: tuple[str, ...]) -> list[Finding]:
        """One finding when the matches reach the profile's thresholds, listing them all."""
        evidence: list[tuple[str, str, int, int]] = []
        for shown_start, shown_end, start, end in marked:
            evidence.append((self._kind(text, start, languages),
                             " ".join(text[start:end].split()), shown_start, shown_end))
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

    def _kind(self, text: str, start: int, languages: tuple[str, ...]) -> str:
        """The kind of the match at ``start``: that of the first alternative matching there,
        as the rule's pattern tries them, in the first language where it is of a kind."""
        for lang in languages:
            kind = next((kind for kind, pattern in self.by_language[lang].kinds
                         if pattern.match(text, start)), "")
            if kind:
                return kind
        return ""

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


@lru_cache(maxsize=2)  # a text is folded once for all the languages it is searched in
def _fold(text: str) -> tuple[str, list[int]]:
    """``text`` with white space runs as one space and line-break hyphens removed, and the
    offset in ``text`` of every character of the result."""
    pieces, offsets, last = [], [], 0
    for match in _FOLD.finditer(text):
        pieces.append(text[last:match.start()])
        offsets.extend(range(last, match.start()))
        if match.group().isspace():
            pieces.append(" ")
            offsets.append(match.start())
        last = match.end()
    pieces.append(text[last:])
    offsets.extend(range(last, len(text)))
    return "".join(pieces), offsets


@lru_cache(maxsize=2)  # asked for by each language a text is searched in
def _anchored(text: str, anchors: re.Pattern[str], each: tuple[re.Pattern[str], ...],
              needs: _Needs | None) -> tuple[list[int], str,
                                             list[tuple[int, int, frozenset[int]]]]:
    """For ``text`` folded (:func:`_fold`): the offsets, the folded text in lower case (unless
    a letter's lower case is longer, "İ"), and where in it the ``anchors`` match: each match's
    span and the numbers of the anchors (``each``) that stand at its start. ``needs`` are
    those of the anchors compared case-insensitively: wherever an anchor matches, they do."""
    folded, offsets = _fold(text)
    lowered = folded.lower()
    if len(lowered) != len(folded):
        lowered = folded
    spans = ([m.span() for m in anchors.finditer(folded)] if needs is None
             else needs.matches(anchors, folded, lowered))
    return offsets, lowered, [
        (start, end, frozenset(number for number, anchor in enumerate(each)
                               if anchor.match(folded, start)))
        for start, end in spans]


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
    """Sentence starts and ends of every article, in one pass (a table filter per article
    costs 2 ms)."""
    bounds: dict[str, tuple[list[int], list[int]]] = {}
    ordered = sentences.sort_values("start", kind="stable")
    for article_id, start, end in zip(ordered.article_id.tolist(), ordered.start.tolist(),
                                      ordered.end.tolist(), strict=True):
        starts, ends = bounds.setdefault(article_id, ([], []))
        starts.append(start)
        ends.append(end)
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


def load_rule(path: str | Path) -> Rule:
    """Parse and validate one rule file."""
    path = Path(path)
    source = RuleSource(path, "rule")
    table = source.table
    code, severity, title = read_header(source, _FIELDS)
    message = field_string(source, "message", f"{title}: “{{match}}”")
    try:
        message.format(match="", **({"count": 0, "kinds": 0, "evidence": ""}
                                   if "profile" in table else {}))
    except (KeyError, IndexError, ValueError) as exc:
        raise source.fail("message", "may name only {match} (and in a profile {count}, "
                                     f"{{kinds}}, {{evidence}}) ({exc!r})") from None
    languages = table.get("languages", list(LANGUAGES))
    if not isinstance(languages, list) or not languages or any(
            language not in LANGUAGES for language in languages):
        raise source.fail("languages", f"must be a non-empty list of {', '.join(LANGUAGES)}")
    languages = tuple(languages)
    span = field_string(source, "span", "sentence", ("sentence", "match"))
    case_sensitive, in_quotes = table.get("case-sensitive", False), table.get("in-quotes", True)
    all_languages = table.get("all-languages", False)
    for field, value in (("case-sensitive", case_sensitive), ("in-quotes", in_quotes),
                         ("all-languages", all_languages)):
        if not isinstance(value, bool):
            raise source.fail(field, "must be true or false")
    flags = 0 if case_sensitive else re.IGNORECASE
    fuzzy = table.get("fuzzy")
    if fuzzy is not None and (isinstance(fuzzy, bool) or not isinstance(fuzzy, int | float)
                              or not 50 <= fuzzy <= 100):
        raise source.fail("fuzzy", "must be a rapidfuzz score between 50 and 100")
    anchors = screen = screen_needs = None
    anchor_patterns: tuple[re.Pattern[str], ...] = ()
    if fuzzy is not None or "anchors" in table:
        raw_anchors = table.get("anchors")
        if not isinstance(raw_anchors, list) or not raw_anchors or not all(
                isinstance(a, str) and a for a in raw_anchors):
            raise source.fail("anchors" if "anchors" in table else "fuzzy",
                              "fuzzy matching needs 'anchors': a list of patterns"
                              if "anchors" not in table else "must be a list of patterns")
        for anchor in raw_anchors:
            _compile(source, "anchors", anchor, 0)
        anchors = re.compile(_alternation(raw_anchors, 0))
        anchor_patterns = tuple(map(re.compile, raw_anchors))
        screen = re.compile(_alternation(raw_anchors, re.IGNORECASE), re.IGNORECASE)
        screen_needs = _Needs.of(raw_anchors, re.IGNORECASE)

    phrases = _by_language(source, "phrases", languages)
    patterns = _by_language(source, "patterns", languages)
    exceptions = _by_language(source, "exceptions", languages)
    profile, kinds = _profile(source, languages)
    if screen is not None:
        for language in languages:
            for phrase in phrases.get(language, []):
                if not screen.search(phrase):
                    raise RuleError(path, source.line_of("phrases", phrase),
                                    f"phrases.{language}", f"{phrase!r} contains none of the "
                                    "anchors, so it could never be found")
    by_language = {}
    for language in languages:
        plain = [_phrase_pattern(p) for p in phrases.get(language, [])]
        for pattern in patterns.get(language, []):
            _compile(source, "patterns", pattern, flags)
            plain.append(pattern)
        grouped = [("", plain)] if plain else []
        for kind, (kind_phrases, kind_patterns) in kinds.items():
            members = [_phrase_pattern(p) for p in kind_phrases.get(language, [])]
            for pattern in kind_patterns.get(language, []):
                _compile(source, f"kinds.{kind}", pattern, flags)
                members.append(pattern)
            if members:
                grouped.append((kind, members))
        alternatives = [member for _, members in grouped for member in members]
        unless = exceptions.get(language, [])
        fuzzy_phrases = [p for p in phrases.get(language, [])
                         if len(p) >= FUZZY_MIN_LENGTH] if fuzzy else []
        for pattern in unless:
            _compile(source, "exceptions", pattern, flags)
        by_language[language] = _Language(
            pattern=re.compile(_alternation(alternatives, flags), flags)
            if alternatives else None,
            exceptions=re.compile("|".join(f"(?:{e})" for e in unless), flags)
            if unless else None,
            fuzzy_phrases=tuple(fuzzy_phrases),
            fuzzy_anchors=tuple(frozenset(number for number, anchor in enumerate(anchor_patterns)
                                          if re.search(anchor.pattern, p, re.IGNORECASE))
                                for p in fuzzy_phrases),
            kinds=tuple((kind, re.compile(_alternation(members, flags), flags))
                        for kind, members in grouped) if kinds else (),
            needs=_Needs.of(alternatives, flags) if alternatives else None,
        )
    if not any(spec.pattern for spec in by_language.values()):
        raise source.fail("phrases" if "phrases" in table else "patterns",
                          "a rule needs at least one phrase or pattern")
    return Rule(code=code, severity=severity, title=title, message=message,
                languages=languages, by_language=by_language, span=span, in_quotes=in_quotes,
                all_languages=all_languages,
                fuzzy=int(fuzzy) if fuzzy is not None else None, anchors=anchors,
                path=str(path), doc=documentation(source), profile=profile, screen=screen,
                screen_needs=screen_needs, anchor_patterns=anchor_patterns)


def _profile(source: RuleSource, languages: tuple[str, ...]
             ) -> tuple[dict[str, int] | None, dict[str, tuple[dict, dict]]]:
    """The ``[profile]`` thresholds and the ``[kinds.NAME]`` phrase groups of a profile rule."""
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
                or not kind or set(kind) - {"phrases", "patterns"}:
            raise source.fail(name, "a kind is a table [kinds.NAME] (NAME a word) with "
                                    "phrases and/or patterns")
        kinds[name] = (_by_language(source, "phrases", languages, kind.get("phrases", [])),
                       _by_language(source, "patterns", languages, kind.get("patterns", [])))
    return profile, kinds


__all__ = ["Rule", "RuleError", "RuleSource", "load_rule", "documentation", "check_code",
           "field_string"]
