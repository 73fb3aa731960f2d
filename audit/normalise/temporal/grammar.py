"""The temporal tagger's grammar: a language's ``calendar.toml`` compiled into rules.

Word tables become prefix-tree alternations, each rule's template a named pattern; one
pass over a text finds where a timex may start and tries the rules there (``Grammar``).
Speed: one prefix-tree lookahead of every rule's first six characters (a run of spaces
counting as one), read from the templates and word tables (``openings``), screens each
word start (``openings.prefix_filter``), and a start that passes tries only the rules
that can begin with its first two characters, each rule compiled on its own
(``Grammar.finditer``); neither changes what is found.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from audit import resources, stored
from audit.normalise.temporal.calendar import PERIODS
from audit.normalise.temporal.openings import (
    Alternatives,
    Node,
    Phrases,
    openings,
    parse,
    prefix_filter,
)

#: Template placeholders read from a word table of the same calendar file.
_TABLES = {
    "month_name": "months", "weekday": "weekdays", "weekday_short": "weekday_abbreviations",
    "weekday_set": "weekday_sets", "relative_day": "relative_days", "daypart": "dayparts",
    "shift": "shifts", "period_word": "period_words", "vague": "vague", "part": "parts",
    "reference": "references", "set": "sets", "meridiem": "meridiems", "number": "numbers",
    "clock": "clocks", "season": "seasons", "era": "eras", "quarter": "quarters",
    "ordinal_word": "ordinals", "timezone": "timezones", "approximation": "approximations",
    "count_tail": "count_tails", "quarter_word": "quarter_words", "holiday": "holidays",
    "century_word": "century_words", "tens_word": "tens_words", "digit_word": "digit_words",
    "millennium_word": "millennium_words", "decade_word": "decade_words",
}
#: Names of months and weekdays: in a language that capitalises them (its language.toml
#: ``[case] names = "capitalised"``, the default) matched capitalised only, so the modal
#: "may" and the verb "march" never are; elsewhere ("lower": French "juin") either way.
_PROPER = {"months", "weekdays", "weekday_abbreviations"}
#: Numbers never start or end inside a longer number.
DIGITS = {
    "day": r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])(?!\d)",
    "month": r"(?<!\d)(?:0?[1-9]|1[0-2])(?!\d)",
    "month2": r"(?<!\d)(?:0[1-9]|1[0-2])(?!\d)",
    "year": r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)",
    "hour": r"(?<!\d)(?:[01]?\d|2[0-3])(?!\d)",
    "minute": r"(?<!\d)[0-5]\d(?!\d)",
    "ancient_year": r"(?<!\d)[1-9]\d{0,3}(?!\d)",
    "ordinal_number": r"(?<!\d)[1-9]\d?(?!\d)",
    "decade_year": r"(?<!\d)(?:1[5-9]|20)\d0",
    # the tens of a decade without its century ("the '80s", "die 80er Jahre")
    "decade_tens": r"(?<!\d)[1-9]0(?!\d)",
    "century_digits": r"(?:1[5-9]|20)",
    "short_year": r"\d\d",
}
#: A number written in digits, where a placeholder ``{number}`` also takes number words.
NUMBER_DIGITS = r"(?<!\d)\d{1,3}(?!\d)"
_PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)\}")
# A timex starts at a word start that is not the tail of a number ("1.15.02.2025") and
# ends where no word or number continues ("15.02.20255", "2,5").
# A year may stand in a pair of years ("1939/1940", "1934/35") and a day with its stop in a
# pair of days ("17./18. Juli"); a bare day or month before a slash not ("12/2024").
LEFT = r"(?<!\w)(?<!\d[.,:-])(?<!(?<!\d)\d/)(?<!(?<!\d)\d\d/)"
RIGHT = r"(?!\w)(?![.,:-]?\d)(?:(?<=\d\d\d\d)|(?<=\.)|(?!/\d{1,2}(?!\d)))"


WORD_CHARACTER = r"\w"


def beyond_bmp(text: str) -> bool:
    """Whether ``text`` has a character beyond the Basic Multilingual Plane, which
    ``listed_characters`` leaves out: one that takes two UTF-16 code units (found four
    times as fast as by a regex search)."""
    return len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text)


@cache
def listed_characters(category: str) -> str:
    """The characters of the Basic Multilingual Plane in the class ``category`` (``\\w``,
    ``[^\\W\\d_]``), listed as the body of a class (``0-9A-Z_a-zª…``).

    The regex engine tests a listed character with one table lookup, a category such as
    ``\\w`` by the Unicode properties of the character: the scans that test every character
    of a text run up to twice as fast with the list (the event words of 10kGNAD in 0.06 s
    rather than 0.11 s). A class built from the list matches what the category matches in a
    text with no character beyond the plane (``beyond_bmp``); a text with one keeps the
    category. The list is what the regex engine itself takes for the category; it is kept
    on disk (``stored``, by the Python and Unicode versions), as reading it back costs a
    tenth of the 0.008 CPU-s of scanning the plane for it.
    """
    def scanned() -> dict:
        plane = "".join(map(chr, range(0x10000)))
        runs = (match.group() for match in re.finditer(f"{category}+", plane))
        return {"listed": "".join(re.escape(run) if len(run) < 3 else
                                  f"{re.escape(run[0])}-{re.escape(run[-1])}" for run in runs)}

    key = stored.key_of([category, sys.version, unicodedata.unidata_version,
                         Path(__file__).read_bytes()])
    return stored.built("characters", key, scanned)["listed"]


def phrase_key(surface: str) -> str:
    """The lookup key of a phrase as written: lowercase, single spaces, no final stop."""
    return " ".join(surface.split()).casefold().rstrip(".")


def _spellings(phrase: str, proper: bool) -> list[str]:
    """How a table phrase may be written: proper names capitalised, other words either way."""
    words = phrase.split()
    if proper:
        return [" ".join(w[:1].upper() + w[1:] for w in words)]
    forms = [(w, w[:1].upper() + w[1:]) for w in words]
    return sorted({" ".join(choice) for choice in itertools.product(*forms)})


def _alternation(surfaces: Iterable[str]) -> str:
    """A prefix-tree regex of literal phrases; longer continuations are tried first."""
    trie: dict = {}
    for surface in surfaces:
        node = trie
        for char in surface:
            node = node.setdefault(char, {})
        node[""] = {}
    if not trie:
        return "(?!)"
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    # Characters that go on alike share a class ("[Aa]ls" for "Als" and "als"): a shorter
    # pattern, read and compiled sooner (the build of the German rules from 0.12 s to
    # 0.10 s), that matches what their branches would, as the branches begin with
    # different characters. White space, which "\s+" matches, keeps its own branches, in
    # their order.
    alike: dict[str, list[str]] = {}
    branches = []
    for char, child in sorted(node.items()):
        if char.isspace():
            branches.append((r"\s+" if char == " " else re.escape(char)) + _trie_pattern(child))
        elif char:
            alike.setdefault(_trie_pattern(child), []).append(re.escape(char))
    for tail, chars in alike.items():
        branches.append((chars[0] if len(chars) == 1 else f"[{''.join(chars)}]") + tail)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


def _lookbehinds(phrases: list[str], negative: bool) -> str:
    """``(?<=\\bseit\\s)`` style guards for the words right before a match.

    Phrases of one length share a lookbehind (it must have a fixed width), so a rule
    costs one check per length rather than one per phrase.
    """
    by_width: dict[int, list[str]] = {}
    for phrase in phrases:
        for surface in _spellings(phrase, proper=False):
            by_width.setdefault(len(surface), []).append(surface + " ")
    sign = "!" if negative else "="
    # One white-space character keeps the width fixed.
    guards = [f"(?<{sign}\\b" + _alternation(surfaces).replace(r"\s+", r"\s") + ")"
              for _, surfaces in sorted(by_width.items())]
    if negative or not guards:
        return "".join(guards)
    return f"(?:{'|'.join(guards)})"


#: Rule options the tagger reads itself rather than passing them to the reading: the date
#: looks back and does not move the story; a number right before a noun, or between two
#: words that are not function words, may count it.
TAGGER_OPTIONS = {"looks_back", "counts_before_noun", "counts_between_words"}


@dataclass(frozen=True)
class CalendarRule:
    kind: str
    fields: tuple[tuple[str, str], ...]  # (group name, placeholder)
    options: dict
    anaphoric: bool = False  # read from the last date the text gave, not publication
    reading_options: dict = field(default_factory=dict)  # passed to the reading: no looks_back


@dataclass(frozen=True)
class Grammar:
    """A language's rules: where a timex may start (``after_gaps``, the screen of word
    starts), the rules to try there by its first two characters (``openings``: each rule's
    pattern with a pattern of the two characters it may begin with, in file order), and
    what their matches mean.

    A rule's pattern is compiled when a text first opens it (``by_opening``), and the
    screen of a text's first character reads the text behind a space: a process auditing
    a few articles compiles only the rules they open (the German grammar in 0.07 CPU-s
    rather than 0.11; the regex engine's compiling was over half of it).
    """

    after_gaps: re.Pattern[str]  # a listed non-word character, then the screen of a start
    openings: tuple[tuple[str, re.Pattern[str] | None], ...]  # rule, its opening
    by_opening: dict[str, tuple[re.Pattern[str], ...]]  # filled as openings are met
    rules: dict[str, CalendarRule]
    lexicon: dict[str, dict[str, object]]
    plural_without_number: tuple[int, int]
    alternatives: tuple[str, ...]  # each rule as one named alternative, for ``pattern``
    function_words: frozenset[str] = frozenset()  # calendar.toml ``function_words``
    start_source: str = ""  # the screen of a start, at any position (``starts``)
    compiled: dict[int, re.Pattern[str]] = field(default_factory=dict)  # rules by number

    @cached_property
    def starts(self) -> re.Pattern[str]:
        """Where a timex may start, tested at the start itself: for a text with a
        character beyond the plane the listed ``after_gaps`` leave out (``beyond_bmp``)."""
        return re.compile(self.start_source)

    def _rules_opened_by(self, opening: str) -> tuple[re.Pattern[str], ...]:
        """The rules (compiled) that may begin with the two characters ``opening``."""
        opened = []
        for number, (source, may_open) in enumerate(self.openings):
            if may_open is None or may_open.match(opening):
                rule = self.compiled.get(number)
                if rule is None:
                    rule = self.compiled[number] = re.compile(source)
                opened.append(rule)
        return tuple(opened)

    def finditer(self, text: str) -> Iterable[re.Match[str]]:
        """The timex matches of ``text``, left to right and never overlapping: at each
        possible start, the first rule (in file order) that matches there.

        The same as one alternation of every rule run over the text (``pattern``), but each
        start tries only the rules that can begin with its first two characters: on the
        10kGNAD test texts this cut the time of the tagger by about a third (see the
        commits), as a start passing the screen is opened by about 5 of 45 rules.
        """
        end = 0
        by_opening = self.by_opening
        # The scan matches the character before each start, as the regex engine skips fast
        # only to a character a pattern must begin with (here a non-word character) and
        # would otherwise test every position for a word start (on 10kGNAD 0.12 s against
        # 0.09 s; 0.08 s with the word characters listed rather than ``\W``, which a text
        # with a character beyond their list still takes). The first character of the text
        # has none before it: the text is read behind a space, which passes every left
        # context as the text's start does.
        if beyond_bmp(text):
            positions = [start.start() for start in self.starts.finditer(text)]
        else:
            positions = [gap.start() for gap in self.after_gaps.finditer(" " + text)]
        for position in positions:
            if position < end:
                continue
            opening = text[position:position + 2]
            rules = by_opening.get(opening)
            if rules is None:
                rules = by_opening[opening] = self._rules_opened_by(opening)
            for rule in rules:
                match = rule.match(text, position)
                if match:
                    end = match.end()
                    yield match
                    break

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Every rule as one alternation, run over a text finds what ``finditer`` finds."""
        return re.compile(f"{LEFT}(?:{'|'.join(self.alternatives) or '(?!)'}){RIGHT}")

    def read(self, placeholder: str, surface: str) -> object:
        """What a matched phrase means: a number, or the value its table gives it."""
        if placeholder in DIGITS or (placeholder == "number" and surface.isdigit()):
            return int(surface)
        return self.lexicon[placeholder][phrase_key(surface)]


def _lexicon(table: dict, capitalised_names: bool = True
             ) -> tuple[dict[str, dict[str, object]], dict[str, list[str]]]:
    """Each placeholder's phrases: their meanings by key, and their spellings."""
    meanings: dict[str, dict[str, object]] = {}
    spellings: dict[str, list[str]] = {}
    for placeholder, topic in _TABLES.items():
        entries = table.get(topic, {})
        proper = capitalised_names and topic in _PROPER
        longest: dict[object, int] = {}
        for phrase, value in entries.items():
            longest[str(value)] = max(longest.get(str(value), 0), len(phrase))
        meanings[placeholder], spellings[placeholder] = {}, []
        for phrase, value in entries.items():
            # An abbreviation ("Feb", "Sa") may carry a stop; a full name never swallows one.
            dotted = topic == "weekday_abbreviations" or (
                topic == "months" and len(phrase) < longest[str(value)])
            for surface in _spellings(phrase, proper):
                spellings[placeholder] += [surface, surface + "."] if dotted else [surface]
            meanings[placeholder][phrase_key(phrase)] = value
    units = table.get("units", {})
    for placeholder, wanted in (("unit", ("singular", "plural")), ("units", ("plural",)),
                                ("period", ("singular",)), ("unit_adjective", ("adjective",))):
        meanings[placeholder], spellings[placeholder] = {}, []
        for unit, forms in units.items():
            if placeholder == "period" and unit not in PERIODS:
                continue
            for form in itertools.chain.from_iterable(forms.get(w, []) for w in wanted):
                meanings[placeholder][phrase_key(form)] = unit
                spellings[placeholder] += _spellings(form, proper=False)
    return meanings, spellings


def _rule_openings(table: dict, spellings: dict[str, list[str]]
                   ) -> list[frozenset[tuple[str, ...]] | None]:
    """How each rule of a calendar file may begin (``openings``), read from its template
    with the placeholders' phrases, as ``compiled_grammar`` expands it (a space matches a
    run of white space; the words a rule's match must not be followed by are zero-width
    and left out)."""
    templates = table.get("templates", {})
    parsed: dict[str, Node] = {}

    def piece(name: str) -> Node:
        if name in templates:
            if name not in parsed:
                parsed[name] = parse(templates[name].replace(" ", r"\s+"), piece)
            return parsed[name]
        if name in DIGITS:
            return parse(DIGITS[name])
        if name == "number":
            return Alternatives((parse(NUMBER_DIGITS), Phrases(tuple(spellings[name]))))
        return Phrases(tuple(spellings[name]))

    return [openings(parse(rule["pattern"].replace(" ", r"\s+"), piece))
            for rule in table.get("rules", [])]


@cache
def compiled_grammar(language: str, screened: bool = True) -> Grammar:
    """The compiled tagger of a language, built from its ``calendar.toml``.

    ``screened=False`` leaves out the prefix screen (see ``prefix_filter``), which must
    never change what is found, only how fast. What is built is kept on disk for the next
    process (``stored``), keyed by the tables it is built from, this code and the Unicode
    version (which ``listed_characters`` reads).
    """
    tables = [resources.load(language, "calendar"), resources.load(language, "language")]
    modules = (Path(__file__), Path(__file__).with_name("openings.py"),
               Path(__file__).with_name("calendar.py"))
    key = stored.key_of([str(screened), unicodedata.unidata_version,
                         json.dumps(tables, sort_keys=True, default=str),
                         *(module.read_bytes() for module in modules)])
    source = stored.built(f"calendar-{language}", key,
                          lambda: _grammar_source(language, screened))
    return Grammar(
        re.compile(source["after_gaps"]),
        tuple((rule, re.compile(opening) if opening else None)
              for rule, opening in source["openings"]),
        {},
        {name: CalendarRule(kind, tuple(map(tuple, fields)), options, anaphoric, reading)
         for name, kind, fields, options, anaphoric, reading in source["rules"]},
        source["lexicon"], tuple(source["plural_without_number"]),
        tuple(source["alternatives"]), frozenset(source["function_words"]),
        source["starts"])


def _grammar_source(language: str, screened: bool) -> dict:
    """What ``compiled_grammar`` compiles, as JSON values: the patterns' sources and the
    rules and tables that read their matches."""
    table = resources.load(language, "calendar")
    case = resources.load(language, "language").get("case", {})
    meanings, spellings = _lexicon(table, case.get("names", "capitalised") == "capitalised")
    regex_of = {name: _alternation(forms) for name, forms in spellings.items()}
    regex_of["number"] = f"(?:{NUMBER_DIGITS}|{regex_of['number']})"
    regex_of.update(DIGITS)
    templates = table.get("templates", {})
    counter = itertools.count()

    def expand(template: str, fields: list[tuple[str, str]], depth: int = 0) -> str:
        if depth > 10:
            raise ValueError(f"calendar templates of {language!r} refer to themselves")

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in templates:
                return f"(?:{expand(templates[name], fields, depth + 1)})"
            if name not in regex_of:
                raise ValueError(f"unknown placeholder {{{name}}} in {language}/calendar.toml")
            group = f"g{next(counter)}"
            fields.append((group, name))
            return f"(?P<{group}>{regex_of[name]})"

        return _PLACEHOLDER.sub(substitute, template.replace(" ", r"\s+"))

    rules: dict[str, CalendarRule] = {}
    alternatives = []
    tried: list[tuple[str, str | None]] = []
    begins = _rule_openings(table, spellings)
    for number, rule in enumerate(table.get("rules", [])):
        fields: list[tuple[str, str]] = []
        body = expand(rule["pattern"], fields)
        guards = (_lookbehinds(rule.get("before", []), negative=False)
                  + _lookbehinds(rule.get("not_after", []), negative=True))
        if rule.get("not_before"):  # words that must not follow: "1500 Soldaten"
            following = _alternation(
                itertools.chain.from_iterable(_spellings(w, proper=False)
                                              for w in rule["not_before"]))
            body = f"(?:{body})(?!\\s+{following}\\b)"
        name = f"r{number}"
        options = {k: v for k, v in rule.items() if k not in {"kind", "pattern", "before",
                                                              "not_after", "anaphoric",
                                                              "not_before"}}
        rules[name] = CalendarRule(
            rule["kind"], tuple(fields), options, rule.get("anaphoric", False),
            {k: v for k, v in options.items() if k not in TAGGER_OPTIONS})
        alternatives.append(f"(?P<{name}>{guards}(?:{body}))")
        opening = prefix_filter([begins[number]], length=2, sliced=True) if screened else None
        tried.append((f"{alternatives[-1]}{RIGHT}", opening))
    prefixes = prefix_filter(begins) if screened else None
    screen = f"(?={prefixes})" if prefixes else ""
    # The word start first, the screen next, the rarer left contexts only where it passed:
    # zero-width tests of one position, so their order changes only the time taken.
    word_start, other_lefts = LEFT[:len(r"(?<!\w)")], LEFT[len(r"(?<!\w)"):]
    return {"after_gaps": f"[^{listed_characters(WORD_CHARACTER)}]{screen}{other_lefts}",
            "starts": f"{word_start}{screen}{other_lefts}", "openings": tried,
            "rules": [(name, rule.kind, rule.fields, rule.options, rule.anaphoric,
                       rule.reading_options) for name, rule in rules.items()],
            "lexicon": meanings,
            "plural_without_number": table.get("plural_without_number", [2, 12]),
            "alternatives": alternatives,
            "function_words": sorted(table.get("function_words", []))}
