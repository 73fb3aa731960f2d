"""Temporal expressions (timexes): where an article names a time, and which days it means.

Detection is rules as data, read by one engine. Each language's ``calendar.toml`` holds word
tables (months, weekdays, relative days, shifts such as "letzten"/"next", units, number
words, vague quantifiers, parts of a period, references, recurring sets) and an ordered list
of rules written as templates over those tables (``'{day}\\.\\s*{month_name}(?: {year})?'``).
The engine turns every table into a prefix-tree alternation and every rule into a named
pattern; one pass over the text finds where a timex may start and tries the rules there
(as one alternation of them all would, ``_Grammar.pattern``); the rule that matched says
how the match is read (its ``kind``). Adding a phrase or a rule is an edit to
the TOML file only. Rules are tried in file order at each position, so longer readings are
listed first; matches never overlap.

Every timex is a dict with ``start``, ``end``, ``text``, ``type`` (DATE, TIME, DURATION,
SET), ``value``, ``earliest``, ``latest``, ``granularity``, ``mod``, ``anchor``, ``fuzzy``
and ``weekday``. Value conventions (TIMEX3):

- Dates: ``2025-02-15`` (day), ``2025-W07`` (ISO week), ``2025-02`` (month), ``2025``
  (year), ``202`` (decade). A year-less date that cannot be anchored keeps ``XXXX`` for
  the year (``XXXX-06-02``); an unanchored weekday is ``XXXX-WXX-6`` (ISO day number,
  1 = Monday, 7 = Sunday); other unresolved dates are ``XXXX-XX-XX``, ``XXXX-WXX``,
  ``XXXX-XX``, ``XXXX``.
- Times: the day's value plus ``T15:30`` or a part of the day (``TMO``, ``TMI``, ``TAF``,
  ``TEV``, ``TNI``): ``2025-02-14TEV`` for "gestern Abend".
- Durations: ``P3M``, ``P2W``, ``P10D``, ``PT3H``; a vague one is ``PXW``, ``PXY``.
- Sets: ``XXXX-WXX-6`` for every Saturday, ``P1D`` for daily.
- Vague references and vague offsets ("kürzlich", "vor einigen Wochen", "a few weeks
  ago") are ``PAST_REF``, ``PRESENT_REF`` or ``FUTURE_REF``, with ``mod`` ``APPROX`` for
  the offsets, ``fuzzy`` the quantifier as written (lowercase), and ``granularity`` the
  unit; the interval they may denote is in ``earliest``/``latest``.

A clock time written without its day takes the day of a date right beside it ("um 4 Uhr
am Donnerstag"); "in 13 Jahren", "in 13 years" in a past-tense clause is the span looked
back over (``P13Y``), not a date ahead; a four-digit number right before a German noun
("1500 Grenzbeamte") counts things unless it lies near the time the text speaks of.

``earliest``/``latest`` are the first and last day the expression may denote (both
``None`` when unknown). Relative expressions are computed from the publication date; with
month or year precision the interval covers every publication day, and the value is
resolved only if every publication day gives the same one. Year-less dates take the year
that puts them nearest the publication date (preferring, within 300 days of it, one in which
a weekday written beside the date is right, and one before publication in a past-tense
clause, after it in a future-tense one). A bare weekday means the most recent such day on
or before publication, or in a future-tense clause the next one on or after it;
"vergangenen"/"last" one strictly before, "kommenden"/"next" one strictly after,
"diesen"/"this" the one in the publication's week. Tense comes from the markers of
``tense.toml``: the one nearest the expression in its sentence decides. ``mod`` START,
MID or END narrows the interval to its first, middle or last third. "seit drei Monaten"
and "the past two weeks" run from their start up to publication; "für zwei Wochen" is not
anchored.

Anaphoric expressions ("zwei Tage später", "am selben Tag", "the following day", "a year
earlier") are read from the last date the text gave, with ``anchor`` ``previous``. Where
the text has moved away from its publication time into the past (a news article's
background paragraph, a history), year-less dates and, in a history, every relative
expression are read from there too: the tagger decides, from the text alone (see
``_Narration``). A bare year named in passing ("seit 1939", "bis 1881") or earlier than
the current day does not move that reference.
``anchor`` is otherwise ``explicit`` (the text gives the year), ``publication`` or
``none``. ``weekday`` (0 = Monday) is set when a weekday name is written in the
expression, including beside an explicit date ("Samstag (15.02.2025)"), whose ``value`` is
the date as written, so that a mismatch can be checked. ``reading`` is the rule kind that
read the match. Without a publication date, ``offset_low``/``offset_high`` give the days
from publication a relative expression may denote ("gestern": -1, -1).

Speed: one prefix-tree lookahead of every rule's first six characters (a run of spaces
counting as one) screens each word start (``_prefix_filter``), and a start that passes
tries only the rules that can begin with its first two characters, each rule compiled on
its own (``_Grammar.finditer``); neither changes what is found. The distances from
publication of a text without a date are kept per reading (``_days_from_publication``), as
the same phrases recur.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from audit import resources
from audit.ingest.published import PublicationDate

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
#: Proper names: matched capitalised only, so the modal "may" and the verb "march" never are.
_PROPER = {"months", "weekdays", "weekday_abbreviations"}
#: Numbers never start or end inside a longer number.
_DIGITS = {
    "day": r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])(?!\d)",
    "month": r"(?<!\d)(?:0?[1-9]|1[0-2])(?!\d)",
    "month2": r"(?<!\d)(?:0[1-9]|1[0-2])(?!\d)",
    "year": r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)",
    "hour": r"(?<!\d)(?:[01]?\d|2[0-3])(?!\d)",
    "minute": r"(?<!\d)[0-5]\d(?!\d)",
    "ancient_year": r"(?<!\d)[1-9]\d{0,3}(?!\d)",
    "ordinal_number": r"(?<!\d)[1-9]\d?(?!\d)",
    "decade_year": r"(?<!\d)(?:1[5-9]|20)\d0",
    "century_digits": r"(?:1[5-9]|20)",
    "short_year": r"\d\d",
}
_PERIODS = ("week", "month", "year")
_SUB_DAY = {"hour": 60, "minute": 1}
_DURATION_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE",
                   "hour": "H", "minute": "M"}
_UNRESOLVED = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX",
               "decade": "XXX"}
_PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)\}")
# A timex starts at a word start that is not the tail of a number ("1.15.02.2025") and
# ends where no word or number continues ("15.02.20255", "2,5").
# A year may stand in a pair of years ("1939/1940", "1934/35") and a day with its stop in a
# pair of days ("17./18. Juli"); a bare day or month before a slash not ("12/2024").
_LEFT = r"(?<!\w)(?<!\d[.,:-])(?<!(?<!\d)\d/)(?<!(?<!\d)\d\d/)"
_RIGHT = r"(?!\w)(?![.,:-]?\d)(?:(?<=\d\d\d\d)|(?<=\.)|(?!/\d{1,2}(?!\d)))"


_WORD_CHARACTER = r"\w"


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
    category. The list is what the regex engine itself takes for the category.
    """
    plane = "".join(map(chr, range(0x10000)))
    runs = (match.group() for match in re.finditer(f"{category}+", plane))
    return "".join(re.escape(run) if len(run) < 3 else
                   f"{re.escape(run[0])}-{re.escape(run[-1])}" for run in runs)


def _key(surface: str) -> str:
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


_PREFIX_LENGTH = 6
_PREFIX_LIMIT = 8000  # the English rules have some 4,200


def _prefix_filter(regexes: list[str], length: int = _PREFIX_LENGTH,
                   sliced: bool = False) -> str | None:
    """One lookahead that every match of any of ``regexes`` passes: their first characters.

    Most word starts of a text begin no timex ("der", "und", "Regierung"). Without this
    filter each would try every rule in turn; with it, one walk of a prefix tree of the
    rules' first characters rejects them (measured on 10kGNAD: see the commit). Six
    characters rather than three also reject the articles and prepositions some rules
    begin with ("der Regierung" against "der 3. März"): on the 10kGNAD test texts this
    halved the time of the pattern (0.88 s to 0.44 s). The
    prefixes are read from the standard library's parse of each rule; where a rule starts
    with something they cannot enumerate, there is no filter (``None``). With ``length``,
    only the first ``length`` atoms (characters, or a run of them) are screened. A
    ``sliced`` filter is matched against ``length`` characters of the text, not the text:
    its prefixes end at a run, which may fill the slice.
    """
    prefixes: set[tuple[str, ...]] = set()
    for regex in regexes:
        found = _prefixes(regex)
        if found is None:
            return None
        prefixes |= {_head(prefix, length, sliced) for prefix in found}
    if not prefixes or () in prefixes or len(prefixes) > _PREFIX_LIMIT:
        return None
    trie: dict = {}
    for prefix in prefixes:
        node = trie
        for atom in prefix:
            node = node.setdefault(atom, {})
        node[""] = {}
    return _atom_trie(trie)


class _Run(str):
    """An atom of a prefix that is a run of one character class ("\\s+" between words)."""


def _head(prefix: tuple[str, ...], length: int, sliced: bool) -> tuple[str, ...]:
    """The first ``length`` atoms of ``prefix``; if ``sliced``, up to its first run."""
    if sliced:
        runs = [i for i, atom in enumerate(prefix[:length]) if isinstance(atom, _Run)]
        if runs:
            return prefix[:runs[0] + 1]
    return prefix[:length]


@cache
def _prefixes(regex: str) -> frozenset[tuple[str, ...]] | None:
    """The prefixes (``_PREFIX_LENGTH`` atoms) of ``regex``, or ``None`` if unknown; kept,
    as each rule's serve both its own opening and the screen of all rules."""
    try:
        from re import _constants as sre
        from re import _parser as parser

        return frozenset(p for p, _ in _sequences(parser.parse(regex), sre))
    except (ImportError, AttributeError, _AnyCharacter):
        return None


def _atom_trie(node: dict) -> str:
    if "" in node:  # a shorter prefix already admits everything below it
        return ""
    branches = [atom + _atom_trie(child) for atom, child in sorted(node.items())]
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


def _sequences(items, sre) -> set[tuple[tuple[str, ...], bool]]:
    """The prefixes (up to ``_PREFIX_LENGTH`` atoms) a parsed pattern can start with, each
    with whether the pattern may continue past it (open) or the prefix ends there."""
    current: set[tuple[tuple[str, ...], bool]] = {((), True)}
    for op, av in items:
        step = _item_sequences(op, av, sre)
        following = set()
        for prefix, is_open in current:
            if not is_open or len(prefix) >= _PREFIX_LENGTH:
                following.add((prefix[:_PREFIX_LENGTH], False))
                continue
            for tail, tail_open in step:
                joined = prefix + tail
                following.add((joined[:_PREFIX_LENGTH],
                               tail_open and len(joined) < _PREFIX_LENGTH))
        if len(following) > _PREFIX_LIMIT:
            raise _AnyCharacter
        current = following
        if not any(is_open for _, is_open in current):
            break
    return current


def _item_sequences(op, av, sre) -> set[tuple[tuple[str, ...], bool]]:
    if op is sre.ASSERT_NOT and not len(av[1]):  # (?!): an empty word table never matches
        return set()
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        return {((), True)}
    if op is sre.LITERAL:
        return {((re.escape(chr(av)),), True)}
    if op is sre.IN and all(kind is sre.LITERAL for kind, _ in av):
        # "[Aa]" as two atoms: a prefix tree then branches on one character at a time
        return {((re.escape(chr(item)),), True) for _, item in av}
    if op is sre.IN:
        chars = []
        for kind, item in av:
            if kind is sre.LITERAL:
                chars.append(re.escape(chr(item)))
            elif kind is sre.RANGE:
                chars.append(f"{re.escape(chr(item[0]))}-{re.escape(chr(item[1]))}")
            elif kind is sre.CATEGORY and item is sre.CATEGORY_DIGIT:
                chars.append("0-9")
            elif kind is sre.CATEGORY and item is sre.CATEGORY_SPACE:
                chars.append(r"\s")
            else:
                return {((), False)}
        return {((f"[{''.join(chars)}]",), True)}
    if op is sre.SUBPATTERN:
        return _sequences(av[-1], sre)
    if op is sre.BRANCH:
        return set().union(*(_sequences(branch, sre) for branch in av[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, body = av
        once = _sequences(body, sre)
        if low == 1 and high == sre.MAXREPEAT and len(once) == 1:
            (prefix, is_open), = once
            if len(prefix) == 1 and is_open:
                # a run of one character class ("\s+" between words) is one atom, so the
                # prefix goes on past it: "in Österreich" is not "in drei Jahren"; this
                # took the word starts the rules are tried at on 10kGNAD from 52,665 to
                # 31,281
                return {((_Run(f"{prefix[0]}+"),), True)}
        if high != 1:  # after one repetition another may follow: stop the prefix there
            once = {(prefix, False) for prefix, _ in once}
        return once | {((), True)} if low == 0 else once
    return {((), False)}


class _AnyCharacter(Exception):
    """A pattern element that may start with characters we do not enumerate."""


#: Rule options the tagger reads itself rather than passing them to the reading: the date
#: looks back and does not move the story; a number right before a noun may count it.
_TAGGER_OPTIONS = {"looks_back", "counts_before_noun"}


@dataclass(frozen=True)
class _Rule:
    kind: str
    fields: tuple[tuple[str, str], ...]  # (group name, placeholder)
    options: dict
    anaphoric: bool = False  # read from the last date the text gave, not publication
    reading_options: dict = field(default_factory=dict)  # passed to the reading: no looks_back


@dataclass(frozen=True)
class _Grammar:
    """A language's rules: where a timex may start (``starts``), the rules to try there by
    its first two characters (``openings``: each rule with a pattern of the two characters
    it may begin with, in file order), and what their matches mean."""

    starts: re.Pattern[str]
    after_gaps: re.Pattern[str]  # ``starts`` with the (listed) non-word character before
    openings: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...]  # rule, its opening
    by_opening: dict[str, tuple[re.Pattern[str], ...]]  # filled as openings are met
    rules: dict[str, _Rule]
    lexicon: dict[str, dict[str, object]]
    plural_without_number: tuple[int, int]
    alternatives: tuple[str, ...]  # each rule as one named alternative, for ``pattern``

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
        # with a character beyond their list still takes); the first character of the
        # text has none before it.
        if beyond_bmp(text):
            positions = [start.start() for start in self.starts.finditer(text)]
        else:
            positions = [gap.end() for gap in self.after_gaps.finditer(text)]
            if self.starts.match(text):
                positions.insert(0, 0)
        for position in positions:
            if position < end:
                continue
            opening = text[position:position + 2]
            rules = by_opening.get(opening)
            if rules is None:
                rules = by_opening[opening] = tuple(
                    rule for rule, may_open in self.openings
                    if may_open is None or may_open.match(opening))
            for rule in rules:
                match = rule.match(text, position)
                if match:
                    end = match.end()
                    yield match
                    break

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Every rule as one alternation, run over a text finds what ``finditer`` finds."""
        return re.compile(f"{_LEFT}(?:{'|'.join(self.alternatives) or '(?!)'}){_RIGHT}")

    def read(self, placeholder: str, surface: str) -> object:
        """What a matched phrase means: a number, or the value its table gives it."""
        if placeholder in _DIGITS or (placeholder == "number" and surface.isdigit()):
            return int(surface)
        return self.lexicon[placeholder][_key(surface)]


def _lexicon(table: dict) -> tuple[dict[str, dict[str, object]], dict[str, list[str]]]:
    """Each placeholder's phrases: their meanings by key, and their spellings."""
    meanings: dict[str, dict[str, object]] = {}
    spellings: dict[str, list[str]] = {}
    for placeholder, topic in _TABLES.items():
        entries = table.get(topic, {})
        proper = topic in _PROPER
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
            meanings[placeholder][_key(phrase)] = value
    units = table.get("units", {})
    for placeholder, wanted in (("unit", ("singular", "plural")), ("units", ("plural",)),
                                ("period", ("singular",)), ("unit_adjective", ("adjective",))):
        meanings[placeholder], spellings[placeholder] = {}, []
        for unit, forms in units.items():
            if placeholder == "period" and unit not in _PERIODS:
                continue
            for form in itertools.chain.from_iterable(forms.get(w, []) for w in wanted):
                meanings[placeholder][_key(form)] = unit
                spellings[placeholder] += _spellings(form, proper=False)
    return meanings, spellings


@cache
def _grammar(language: str, screened: bool = True) -> _Grammar:
    """The compiled tagger of a language, built from its ``calendar.toml``.

    ``screened=False`` leaves out the prefix screen (see ``_prefix_filter``), which must
    never change what is found, only how fast.
    """
    table = resources.load(language, "calendar")
    meanings, spellings = _lexicon(table)
    regex_of = {name: _alternation(forms) for name, forms in spellings.items()}
    regex_of["number"] = rf"(?:(?<!\d)\d{{1,3}}(?!\d)|{regex_of['number']})"
    regex_of.update(_DIGITS)
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

    rules: dict[str, _Rule] = {}
    alternatives = []
    bodies = []
    openings: list[tuple[re.Pattern[str], re.Pattern[str] | None]] = []
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
        rules[name] = _Rule(rule["kind"], tuple(fields), options, rule.get("anaphoric", False),
                            {k: v for k, v in options.items() if k not in _TAGGER_OPTIONS})
        alternatives.append(f"(?P<{name}>{guards}(?:{body}))")
        opening = _prefix_filter([body], length=2, sliced=True) if screened else None
        openings.append((re.compile(f"{alternatives[-1]}{_RIGHT}"),
                         re.compile(opening) if opening else None))
        bodies.append(body)
    prefixes = _prefix_filter(bodies) if screened else None
    screen = f"(?={prefixes})" if prefixes else ""
    # The word start first, the screen next, the rarer left contexts only where it passed:
    # zero-width tests of one position, so their order changes only the time taken.
    word_start, other_lefts = _LEFT[:len(r"(?<!\w)")], _LEFT[len(r"(?<!\w)"):]
    starts = re.compile(f"{word_start}{screen}{other_lefts}")
    after_gaps = re.compile(f"[^{listed_characters(_WORD_CHARACTER)}]{screen}{other_lefts}")
    low, high = table.get("plural_without_number", [2, 12])
    return _Grammar(starts, after_gaps, tuple(openings), {}, rules, meanings, (low, high),
                    tuple(alternatives))


# --- tense ------------------------------------------------------------------------------

# A sentence ends at a stop that does not close a number ("am 15. Februar") and has white
# space after it, or at a line break. The character is matched first, as the regex engine
# skips fast only to a character a pattern must begin with.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)|(?<!\d.)(?=\s))")
_REACH = 300


_TENSES = ("future", "past")


@cache
def _tense_markers(language: str, listed: bool = False) -> tuple[re.Pattern[str],
                                                                  re.Pattern[str]]:
    """The future and past markers of a language's ``tense.toml`` as one pattern, matching
    the character before each word start where a marker may begin: its group ``future`` or
    ``past`` is the marker of that tense that begins there, if any; and the same pattern
    for the start of a text, with no character before it.

    One pass over a text finds the markers of both tenses. A screen of their first
    characters (``_prefix_filter``) passes over most word starts, and the character before
    the start is matched, as the regex engine skips fast only to a character a pattern
    must begin with: on the 10kGNAD test texts the markers took 0.09 s rather than 0.15 s
    (two patterns, each testing every position for a word start first), 0.06 s with the
    word characters ``listed`` (``listed_characters``: for a text with none beyond the
    Basic Multilingual Plane).
    """
    table = resources.load(language, "tense")
    entries = {tense: table.get(tense, []) for tense in _TENSES}
    everything = [entry for tense in _TENSES for entry in entries[tense]]
    for entry in everything:
        # ``tense_markers`` reads each tense's markers from the matches as a search for
        # them alone would find them, one after another: so none may be empty
        if re.compile(entry).match(""):
            raise ValueError(f"a tense marker of {language} matches nothing: {entry!r}")
    word = (listed_characters(_WORD_CHARACTER) if listed else _WORD_CHARACTER) + "'’"
    markers = {tense: rf"(?:{'|'.join(entries[tense]) or '(?!)'})(?![{word}])"
               for tense in _TENSES}
    found = "".join(f"(?:(?=(?P<{tense}>{markers[tense]}))|)" for tense in _TENSES)
    # a match only where a marker begins, not wherever the screen lets one
    found += "".join(f"(?({tense})|" for tense in _TENSES) + "(?!)" + ")" * len(_TENSES)
    screen = _prefix_filter(everything) or "|".join(markers.values())
    return re.compile(f"[^{word}](?={screen}){found}"), re.compile(f"(?={screen}){found}")


@cache
def _ahead_words(language: str) -> re.Pattern[str] | None:
    """The words of ``tense.toml`` ``ahead`` ("as early as", "until") ending at a position."""
    words = resources.load(language, "tense").get("ahead", [])
    if not words:
        return None
    alternation = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"(?<![\w'’])(?:{alternation})\s+$", re.IGNORECASE)


def _looks_ahead(text: str, language: str, start: int) -> bool:
    """Whether the words right before ``start`` point ahead ("as soon as Tuesday")."""
    ahead = _ahead_words(language if language in resources.LANGUAGES else "de")
    return bool(ahead and ahead.search(text[max(0, start - 40):start]))


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
    after_gaps, at_start = _tense_markers(language if language in resources.LANGUAGES
                                          else "de", not beyond_bmp(text))
    future: list[tuple[int, int]] = []
    past: list[tuple[int, int]] = []
    first = at_start.match(text)
    for match in itertools.chain([first] if first else [], after_gaps.finditer(text)):
        for found, (start, end) in ((future, match.span("future")),
                                    (past, match.span("past"))):
            # as a search for this tense's markers alone: each starts where the last ended
            # or after
            if start >= 0 and (not found or start >= found[-1][1]):
                found.append((start, end))
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


# --- calendar arithmetic ---------------------------------------------------------------

def _add(day: dt.date, count: int, unit: str) -> dt.date:
    """``day`` moved by ``count`` units; sub-day units round away from it to whole days."""
    if unit in _SUB_DAY:
        minutes = abs(count) * _SUB_DAY[unit]
        days = -(-minutes // 1440)
        return day + dt.timedelta(days=days if count >= 0 else -days)
    if unit == "day":
        return day + dt.timedelta(days=count)
    if unit == "week":
        return day + dt.timedelta(weeks=count)
    months = count * {"month": 1, "year": 12, "decade": 120}[unit]
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _bounds(day: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the ``unit`` (day, week, month, year, decade) around ``day``."""
    if unit == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if unit == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if unit == "decade":
        first = day.year // 10 * 10
        return dt.date(first, 1, 1), dt.date(first + 9, 12, 31)
    return day, day


def _value(day: dt.date, unit: str) -> str:
    """The TIMEX3 value of the ``unit`` around ``day``."""
    if unit == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "year":
        return f"{day.year:04d}"
    if unit == "decade":
        return f"{day.year // 10:03d}"
    return day.isoformat()


def _narrow(earliest: dt.date | None, latest: dt.date | None, mod: str | None):
    """The first, middle or last third of an interval for START, MID, END."""
    if earliest is None or latest is None or mod not in {"START", "MID", "END"}:
        return earliest, latest
    third = dt.timedelta(days=-(-((latest - earliest).days + 1) // 3))
    one = dt.timedelta(days=1)
    if mod == "START":
        return earliest, earliest + third - one
    if mod == "END":
        return latest - third + one, latest
    return earliest + third, max(earliest + third, latest - third)


Resolution = tuple[dt.date | None, dt.date | None, str, str]


def _from_publication(publication: PublicationDate | None,
                      compute: Callable[[dt.date], tuple[dt.date, dt.date, str]],
                      unresolved: str) -> Resolution:
    """Earliest, latest, value and anchor of a reading relative to the publication date.

    ``compute`` reads the expression as if published on one day; with month or year
    precision it is read at both ends of the publication interval and the hull is kept.
    """
    if publication is None:
        return None, None, unresolved, "none"
    first, last = compute(publication.earliest), compute(publication.latest)
    value = first[2] if first[2] == last[2] else unresolved
    return min(first[0], last[0]), max(first[1], last[1]), value, "publication"


def _nearest_year(month: int, day: int | None, publication: PublicationDate,
                  weekday: int | None = None, tense: str | None = None) -> int:
    """The year that puts a year-less date nearest the publication date.

    With a weekday written beside the date ("Montag (27.7.)"), a year within 300 days of
    publication in which the date falls on that weekday is preferred: an article from
    March about last July is not wrong about its weekday.
    """
    middle = publication.earliest + (publication.latest - publication.earliest) / 2
    candidates = []
    for year in (middle.year - 1, middle.year, middle.year + 1):
        try:
            date = dt.date(year, month, day or 15)
        except ValueError:  # 29 February outside a leap year
            continue
        distance = abs((date - middle).days)
        mismatch = weekday is not None and day is not None and date.weekday() != weekday
        # a past clause speaks of a date up to publication, a future one of a date after it
        wrong_side = (tense == "past" and date > publication.latest
                      or tense == "future" and date < publication.earliest)
        candidates.append((mismatch or distance > 300, wrong_side, distance, year))
    if not candidates:
        raise ValueError(f"no year near {publication} has {day}.{month}.")
    return min(candidates)[-1]


# --- reading a match, one function per rule kind --------------------------------------

Reading = dict[str, object]


def _date(f: dict, publication: PublicationDate | None, grammar: _Grammar,
          shift_of: str = "month", in_quarters: bool = False) -> Reading:
    """A calendar date; with a ``shift`` and no year, "last April" (``shift_of`` month: the
    April before the publication's month) or "June last year" (``shift_of`` year). With
    ``in_quarters``, a year named while a quarter is discussed ("the third quarter … the
    1988 period") is that quarter of the year."""
    last_quarter = _QUARTER_VALUE.match(f.get("last_value") or "")
    if in_quarters and last_quarter and f.get("year") is not None:
        return _quarter({"quarter": int(last_quarter.group(2)), "year": f["year"]},
                        publication, grammar)
    if "holiday" in f:  # "Weihnachten 1966", "New Year's Day": a fixed day of the year
        # a floating one ("Thanksgiving") is read near its earliest day, then placed below
        f = f | {"month": f["holiday"][0], "day": _holiday_day(f["holiday"], None)}
    month = f.get("month") or f.get("month2") or f.get("month_name")
    day, year, mod = f.get("day"), f.get("year"), f.get("part")
    unit = "day" if day else "month" if month else "year"
    weekday = f.get("weekday", f.get("weekday_short"))
    if year is None and publication is not None and "shift" in f and month:
        shift, now = f["shift"], publication.earliest
        if publication.earliest.year != publication.latest.year:
            return {"value": f"XXXX-{month:02d}", "granularity": unit, "anchor": "none"}
        year = now.year + shift
        if shift_of == "month" and (shift < 0 and month < now.month
                                    or shift > 0 and month > now.month):
            year -= shift
        f = f | {"year": year}
        anchor = "publication"
    elif year is None and publication is not None:
        if f.get("same_year") and publication.earliest.year == publication.latest.year:
            year = publication.earliest.year
        else:
            year = _nearest_year(month, day, publication, weekday, f.get("tense"))
        anchor = "publication"
    else:
        anchor = "explicit"
    if year is None:
        dt.date(2000, month, day or 1)  # a leap year: rejects only dates no year has
        value = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
        return {"value": value, "granularity": unit, "mod": mod, "anchor": "none",
                "weekday": weekday}
    if "holiday" in f:
        day = _holiday_day(f["holiday"], year)
    first = dt.date(year, month or 1, day or 1)
    earliest, latest = _narrow(*_bounds(first, unit), mod)
    return {"value": _value(first, unit), "earliest": earliest, "latest": latest,
            "granularity": unit, "mod": mod, "anchor": anchor, "weekday": weekday}


def _holiday_day(holiday: list[int], year: int | None) -> int:
    """The day of the month of a holiday: ``[month, day]`` fixed, or ``[month, weekday, n]``
    (``[month, weekday, n, first]``) the n-th such weekday on or after day ``first`` (1):
    Thanksgiving is ``[11, 3, 4]``, the fourth Thursday of November. Without a year, the
    earliest day it can fall on."""
    if len(holiday) == 2:
        return holiday[1]
    month, weekday, nth, *rest = holiday
    first = rest[0] if rest else 1
    if year is None:
        return first + 7 * (nth - 1)
    start = dt.date(year, month, first)
    return first + (weekday - start.weekday()) % 7 + 7 * (nth - 1)


def _weekday_on(reference: dt.date, weekday: int, shift: int | None, scope: str | None,
                tense: str | None = None):
    if scope == "week":
        monday = reference - dt.timedelta(days=reference.weekday())
        return monday + dt.timedelta(days=7 * (shift or 0) + weekday)
    if shift is None and tense == "future":  # the next such day, publication day included
        return reference + dt.timedelta(days=(weekday - reference.weekday()) % 7)
    if shift is None:  # the most recent such day, publication day included
        return reference - dt.timedelta(days=(reference.weekday() - weekday) % 7)
    if shift == 0:  # the one in the publication's week
        return reference + dt.timedelta(days=weekday - reference.weekday())
    if shift < 0:
        before = reference - dt.timedelta(days=1 + (reference.weekday() - 1 - weekday) % 7)
        return before - dt.timedelta(weeks=-shift - 1)
    after = reference + dt.timedelta(days=1 + (weekday - reference.weekday() - 1) % 7)
    return after + dt.timedelta(weeks=shift - 1)


def _with_daypart(reading: Reading, daypart: str | None) -> Reading:
    if daypart:
        reading.update(type="TIME", value=f"{reading['value']}T{daypart}",
                       granularity="daypart")
    return reading


def _weekday(f: dict, publication: PublicationDate | None, grammar: _Grammar,
             scope: str | None = None) -> Reading:
    weekday, shift = f["weekday"], f.get("shift")

    tense = f.get("tense")

    def compute(reference: dt.date):
        day = _weekday_on(reference, weekday, shift, scope, tense)
        return day, day, day.isoformat()

    earliest, latest, value, anchor = _from_publication(
        publication, compute, f"XXXX-WXX-{weekday + 1}")
    reading = {"value": value, "earliest": earliest, "latest": latest,
               "granularity": "day", "anchor": anchor, "weekday": weekday}
    return _with_daypart(reading, f.get("daypart"))


def _weekend(f: dict, publication: PublicationDate | None, grammar: _Grammar) -> Reading:
    """"the weekend", "last weekend": ``1990-W32-WE``, its Saturday to its Sunday.

    "the weekend" is the last one begun by publication, or in a future-tense clause the
    next one not yet over; "this weekend" the one of the publication's week, "last"/"next"
    the one a week before or after it.
    """
    shift, tense = f.get("shift"), f.get("tense")

    def compute(reference: dt.date):
        saturday = reference + dt.timedelta(days=5 - reference.weekday())
        if shift is not None:
            saturday += dt.timedelta(weeks=shift)
        elif tense != "future" and saturday > reference:
            saturday -= dt.timedelta(weeks=1)
        year, week, _ = saturday.isocalendar()
        return saturday, saturday + dt.timedelta(days=1), f"{year:04d}-W{week:02d}-WE"

    earliest, latest, value, anchor = _from_publication(publication, compute, "XXXX-WXX-WE")
    return {"value": value, "earliest": earliest, "latest": latest, "granularity": "weekend",
            "anchor": anchor}


def _relative_day(f: dict, publication: PublicationDate | None, grammar: _Grammar) -> Reading:
    meaning = f["relative_day"]
    if isinstance(meaning, dict) and f.get("narrative") and meaning.get("narrative"):
        # "heute" in a history text: nowadays, not a day of the narrated past
        return _reference({"reference": {"value": meaning["narrative"]}}, publication, grammar)
    offset = meaning["offset"] if isinstance(meaning, dict) else meaning
    daypart = f.get("daypart") or (meaning.get("daypart") if isinstance(meaning, dict) else None)

    def compute(reference: dt.date):
        day = reference + dt.timedelta(days=offset)
        return day, day, day.isoformat()

    earliest, latest, value, anchor = _from_publication(publication, compute, "XXXX-XX-XX")
    reading = {"value": value, "earliest": earliest, "latest": latest,
               "granularity": "day", "anchor": anchor}
    return _with_daypart(reading, daypart)


def _month_day(f: dict, publication: PublicationDate | None, grammar: _Grammar) -> Reading:
    """"the 28th of last month", "am 3. dieses Monats": a day of the month ``shift`` months
    from publication."""
    day, shift = f["day"], f["shift"]

    def compute(reference: dt.date):
        date = _add(reference.replace(day=1), shift, "month").replace(day=day)
        return date, date, date.isoformat()

    earliest, latest, value, anchor = _from_publication(publication, compute,
                                                        f"XXXX-XX-{day:02d}")
    return {"value": value, "earliest": earliest, "latest": latest, "granularity": "day",
            "anchor": anchor}


def _period(f: dict, publication: PublicationDate | None, grammar: _Grammar) -> Reading:
    if "period_word" in f:
        unit, shift = f["period_word"]["unit"], f["period_word"]["shift"]
    else:
        unit, shift = f["period"], f.get("shift", 0)
    mod = f.get("part")

    def compute(reference: dt.date):
        moved = _add(reference, shift, unit)
        return (*_bounds(moved, unit), _value(moved, unit))

    earliest, latest, value, anchor = _from_publication(publication, compute, _UNRESOLVED[unit])
    earliest, latest = _narrow(earliest, latest, mod)
    return {"value": value, "earliest": earliest, "latest": latest, "granularity": unit,
            "mod": mod, "anchor": anchor}


def _count(f: dict, grammar: _Grammar) -> tuple[int | None, tuple[int, int], str | None]:
    """The exact count, the (low, high) range of units, and the vague word as written."""
    if "number" in f:
        return f["number"], (f["number"], f["number"]), None
    if "vague" in f:
        return None, tuple(f["vague"]), _key(f["vague_text"])
    if "period" in f:  # a singular unit alone: "year-earlier" is one year
        return 1, (1, 1), None
    return None, grammar.plural_without_number, None


def _offset(f: dict, publication: PublicationDate | None, grammar: _Grammar,
            direction: int = -1, in_quarters: bool = False) -> Reading:
    """"vor drei Tagen", "in zwei Wochen", "zwei Tage später". With ``in_quarters``, whole
    years counted while the text speaks of a quarter ("the third quarter … a year ago")
    name that quarter of the other year (1988-Q3)."""
    unit = f.get("unit") or f.get("units") or f["period"]
    exact, (low, high), fuzzy = _count(f, grammar)
    last_quarter = _QUARTER_VALUE.match(f.get("last_value") or "")
    if in_quarters and last_quarter and unit == "year" and exact:
        year = int(last_quarter.group(1)) + direction * exact
        number = int(last_quarter.group(2))
        return {"value": f"{year:04d}-Q{number}", "granularity": "quarter",
                "earliest": dt.date(year, 3 * number - 2, 1),
                "latest": _bounds(dt.date(year, 3 * number, 1), "month")[1],
                "anchor": "publication", "fuzzy": fuzzy, "mod": f.get("approximation")}
    reference = "PAST_REF" if direction < 0 else "FUTURE_REF"
    reading: Reading = {"granularity": unit, "fuzzy": fuzzy, "mod": f.get("approximation")}
    tail = f.get("count_tail") or {}
    quarter = _QUARTER_VALUE.match(f.get("reference_value") or "")
    if exact is not None and tail.get("keep_granularity") and unit in ("year", "month"):
        # "a year earlier" after "the third quarter" (1989-Q3) is 1988-Q3, after a day a day
        months = direction * exact * (12 if unit == "year" else 1)
        if quarter and months % 3 == 0:
            year, number = _quarter_of(dt.date(int(quarter.group(1)),
                                               3 * int(quarter.group(2)), 1), months // 3)
            first = dt.date(year, 3 * number - 2, 1)
            return reading | {"value": f"{year:04d}-Q{number}", "earliest": first,
                              "latest": _bounds(dt.date(year, 3 * number, 1), "month")[1],
                              "granularity": "quarter", "anchor": "publication"}
        if publication is not None and publication.precision in ("day", "month"):
            fine = publication.precision
            moved = _add(publication.earliest, months, "month")
            return reading | {"value": _value(moved, fine), "granularity": fine,
                              "earliest": _bounds(moved, fine)[0],
                              "latest": _bounds(moved, fine)[1], "anchor": "publication"}
    if exact is not None and unit not in _SUB_DAY:
        def compute(day: dt.date):
            moved = _add(day, direction * exact, unit)
            return (*_bounds(moved, unit), _value(moved, unit))

        earliest, latest, value, anchor = _from_publication(publication, compute, reference)
        return reading | {"value": value, "earliest": earliest, "latest": latest,
                          "anchor": anchor}
    if exact is not None:  # "vor drei Stunden": a day or two, known only to the day
        low = 0
    else:
        reading["mod"] = "APPROX"
    reading["value"] = reference
    if publication is None:
        return reading | {"anchor": "none"}
    if direction < 0:
        earliest, latest = (_add(publication.earliest, -high, unit),
                            _add(publication.latest, -low, unit))
    else:
        earliest, latest = (_add(publication.earliest, low, unit),
                            _add(publication.latest, high, unit))
    return reading | {"earliest": earliest, "latest": latest, "anchor": "publication"}


def _duration(f: dict, publication: PublicationDate | None, grammar: _Grammar,
              direction: int | None = None) -> Reading:
    unit = f.get("unit") or f.get("units") or f.get("unit_adjective") or f["period"]
    exact, (_, high), fuzzy = _count(f, grammar)
    if direction is None and f.get("shift"):
        direction = 1 if f["shift"] > 0 else -1
    amount = "X" if exact is None else str(exact)
    prefix = "PT" if unit in _SUB_DAY else "P"
    code = _DURATION_CODES[unit]
    if unit == "hour" and exact and exact % 24 == 0:  # "48 Stunden" are two days
        prefix, amount, code = "P", str(exact // 24), "D"
    reading: Reading = {"type": "DURATION", "value": f"{prefix}{amount}{code}",
                        "granularity": unit, "fuzzy": fuzzy,
                        "mod": "APPROX" if exact is None else f.get("approximation"),
                        "anchor": "none"}
    if publication is None or not direction:
        return reading
    length = exact if exact is not None else high
    if direction < 0:
        earliest, latest = _add(publication.earliest, -length, unit), publication.latest
    else:
        earliest, latest = publication.earliest, _add(publication.latest, length, unit)
    return reading | {"earliest": earliest, "latest": latest, "anchor": "publication"}


def _reference(f: dict, publication: PublicationDate | None, grammar: _Grammar,
               value: str | None = None, days: int = 0) -> Reading:
    """A vague reference ("recently", "now"), from its table entry or the rule's own
    ``value`` and ``days`` ("will one day")."""
    meaning = f.get("reference") or {"value": value, "days": days}
    value, days = meaning["value"], dt.timedelta(days=meaning.get("days", 0))
    reading: Reading = {"value": value, "anchor": "none"}
    if publication is None:
        return reading
    earliest, latest = publication.earliest, publication.latest
    if value == "PAST_REF":
        earliest -= days
    elif value == "FUTURE_REF":
        latest += days
    return reading | {"earliest": earliest, "latest": latest, "anchor": "publication"}


def _set(f: dict, publication: PublicationDate | None, grammar: _Grammar) -> Reading:
    weekday = f.get("weekday_set", f.get("weekday"))
    if weekday is not None:
        return {"type": "SET", "value": f"XXXX-WXX-{weekday + 1}", "granularity": "day",
                "anchor": "none", "weekday": weekday}
    if "month_name" in f:  # every July
        return {"type": "SET", "value": f"XXXX-{f['month_name']:02d}", "granularity": "month",
                "anchor": "none"}
    code = f["set"][-1]
    unit = {"D": "day", "W": "week", "M": "month", "Y": "year"}[code]
    return {"type": "SET", "value": f["set"], "granularity": unit, "anchor": "none"}


def _time(f: dict, publication: PublicationDate | None, grammar: _Grammar) -> Reading:
    """A clock time, on the day written beside it or else on the reference day."""
    hour, minute = f.get("hour"), f.get("minute")
    if hour is None:  # "noon", "midnight": a clock reading from the table
        hour, minute = divmod(f["clock"], 60)
    elif "meridiem" in f:
        if not 1 <= hour <= 12:
            raise ValueError(f"{hour} is not an hour of a 12-hour clock")
        hour = hour % 12 + f["meridiem"]
    if "day" in f or "month_name" in f:
        day = _date(f, publication, grammar)
    elif "weekday" in f:
        day = _weekday(f, publication, grammar)
    elif "relative_day" in f:
        day = _relative_day(f, publication, grammar)
    elif publication is not None and publication.precision == "day":
        day = {"value": publication.isoformat(), "earliest": publication.earliest,
               "latest": publication.latest, "anchor": "publication"}
    else:
        day = {"value": "XXXX-XX-XX", "anchor": "none"}
    if day.get("granularity", "day") != "day":
        raise ValueError("a clock time on a month or year")
    return day | {"type": "TIME", "value": f"{day['value']}T{hour:02d}:{minute or 0:02d}",
                  "granularity": "hour" if minute is None else "minute"}


def _daypart_date(f: dict, publication: PublicationDate | None, grammar: _Grammar) -> Reading:
    """A part of a named day: "am Abend des 22. Juni", "Thursday morning"."""
    if "day" in f:
        day = _date(f, publication, grammar)
    else:
        day = _weekday(f, publication, grammar)
    return _with_daypart(day, f["daypart"])


_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _year_of(f: dict, publication: PublicationDate | None, grammar: _Grammar
             ) -> tuple[int | None, str]:
    """The year written (or shifted from the reference, "des nächsten Jahres"), and anchor."""
    if f.get("year") is not None:
        return f["year"], "explicit"
    if publication is None:
        return None, "none"
    shift = f.get("shift", 0)
    first = publication.earliest.year + shift
    if first != publication.latest.year + shift:
        return None, "none"
    return first, "publication"


def _season(f: dict, publication: PublicationDate | None, grammar: _Grammar,
            latest_begun: bool = False) -> Reading:
    """Sommer 2024, im Herbst, spring of next year: ``2024-SU``; the months it spans. With
    ``latest_begun`` ("this past spring"), the last such season begun by publication."""
    code = f["season"]
    if "century_word" in f:  # "the winter of nineteen ninety-four"
        f = f | {"year": f["century_word"] * 100 + f["tens_word"] + f.get("digit_word", 0)}
    year, anchor = _year_of(f, publication, grammar)
    if latest_begun and year is not None and anchor == "publication":
        year = publication.latest.year
        if dt.date(year, _SEASON_MONTHS[code][0], 1) > publication.latest:
            year -= 1
    reading: Reading = {"granularity": "season", "anchor": anchor, "mod": f.get("part")}
    if year is None:
        return reading | {"value": f"XXXX-{code}"}
    low, high = _SEASON_MONTHS[code]
    last_year, last_month = year + (high - 1) // 12, (high - 1) % 12 + 1
    earliest = dt.date(year, low, 1)
    latest = dt.date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])
    earliest, latest = _narrow(earliest, latest, f.get("part"))
    return reading | {"value": f"{year:04d}-{code}", "earliest": earliest, "latest": latest}


def _quarter_of(day: dt.date, shift: int) -> tuple[int, int]:
    """The (year, quarter) ``shift`` quarters from the one ``day`` lies in."""
    index = day.year * 4 + (day.month - 1) // 3 + shift
    return index // 4, index % 4 + 1


def _quarter(f: dict, publication: PublicationDate | None, grammar: _Grammar) -> Reading:
    """Q2 2025, im zweiten Quartal, the third quarter, the latest quarter: ``2025-Q2``.

    A quarter named without its year is the latest such quarter that has begun by
    publication; "the quarter" and its kin count from the publication's quarter.
    """
    if "quarter_word" in f:
        if publication is None:
            return {"value": "XXXX-QX", "granularity": "quarter", "anchor": "none"}
        first = _quarter_of(publication.earliest, f["quarter_word"])
        if first != _quarter_of(publication.latest, f["quarter_word"]):
            return {"value": "XXXX-QX", "granularity": "quarter", "anchor": "none"}
        (year, quarter), anchor = first, "publication"
    else:
        quarter = f.get("quarter") or f.get("ordinal_word") or f.get("ordinal_number")
        if not 1 <= quarter <= 4:
            raise ValueError(f"no quarter {quarter}")
        year, anchor = _year_of(f, publication, grammar)
        if anchor == "publication" and "shift" not in f and (
                dt.date(year, 3 * quarter - 2, 1) > publication.latest):
            year -= 1
    if year is None:
        return {"value": f"XXXX-Q{quarter}", "granularity": "quarter", "anchor": anchor}
    earliest = dt.date(year, 3 * quarter - 2, 1)
    latest = _bounds(dt.date(year, 3 * quarter, 1), "month")[1]
    return {"value": f"{year:04d}-Q{quarter}", "earliest": earliest, "latest": latest,
            "granularity": "quarter", "anchor": anchor}


def _century(f: dict, publication: PublicationDate | None, grammar: _Grammar) -> Reading:
    """das 20. Jahrhundert, the nineteenth century: ``19``, ``18``."""
    number = f.get("ordinal_word") or f.get("ordinal_number")
    if f.get("era") == "BC":
        return {"value": f"BC{number - 1:02d}", "granularity": "century", "anchor": "explicit"}
    first = max(1, (number - 1) * 100)
    return {"value": f"{number - 1:02d}", "earliest": dt.date(first, 1, 1),
            "latest": dt.date(number * 100 - 1, 12, 31), "granularity": "century",
            "anchor": "explicit", "mod": f.get("part")}


def _ancient_year(f: dict, publication: PublicationDate | None, grammar: _Grammar) -> Reading:
    """480 v. Chr., 9 n. Chr., 216 BC: ``BC0480`` (no calendar interval before year 1)."""
    year = f["ancient_year"]
    if f.get("era") == "BC":
        if "season" in f:  # Frühjahr 479 v. Chr.
            return {"value": f"BC{year:04d}-{f['season']}", "granularity": "season",
                    "anchor": "explicit"}
        day = f.get("day")
        month = f.get("month_name")
        value = f"BC{year:04d}" + (f"-{month:02d}" if month else "") + (
            f"-{day:02d}" if day and month else "")
        return {"value": value, "granularity": "day" if day else "month" if month else "year",
                "anchor": "explicit"}
    if f.get("era") is None and publication is not None \
            and publication.value.year > _MIRROR_FLOOR:
        # "im Jahr 478" in a story told before Christ ("479 v. Chr. … im Jahr 478")
        return {"value": f"BC{year:04d}", "granularity": "year", "anchor": "previous"}
    if "season" in f:
        return _season(f | {"year": year}, publication, grammar)
    return _date(f | {"year": year}, publication, grammar)


def _short_year(f: dict, publication: PublicationDate | None, grammar: _Grammar) -> Reading:
    """The second year of "1934/35" or "1926–28", its century from the first."""
    return _date({"year": f["century_digits"] * 100 + f["short_year"]}, publication, grammar)


def _spelled_year(f: dict, publication: PublicationDate | None, grammar: _Grammar) -> Reading:
    """"nineteen ninety-six": 1996, "the year two thousand": 2000, as spoken in transcripts."""
    if "millennium_word" in f:
        year = f["millennium_word"] + f.get("digit_word", 0)
    else:
        year = f["century_word"] * 100 + f["tens_word"] + f.get("digit_word", 0)
    return _date(f | {"year": year}, publication, grammar)


def _decade(f: dict, publication: PublicationDate | None, grammar: _Grammar) -> Reading:
    """die 1930er-Jahre, the 1990s: ``193``; the nineties: the last such decade begun by
    publication (unknown without it)."""
    if "decade_word" in f:
        if publication is None:
            return {"value": "XXX", "granularity": "decade", "anchor": "none"}
        first = publication.latest.year // 100 * 100 + 10 * f["decade_word"]
        if first > publication.latest.year:
            first -= 100
        return _decade({"decade_year": first}, publication, grammar) | {
            "anchor": "publication"}
    first = f["decade_year"]
    return {"value": f"{first // 10:03d}", "earliest": dt.date(first, 1, 1),
            "latest": dt.date(first + 9, 12, 31), "granularity": "decade", "anchor": "explicit"}


def _counted(f: dict, publication: PublicationDate | None, grammar: _Grammar) -> Reading:
    """"drei Jahre": a duration; "zwei Tage später": an offset its tail word gives."""
    tail = f.get("count_tail")
    if tail and tail["kind"] == "offset":
        return _offset(f, publication, grammar, direction=tail["direction"])
    return _duration(f, publication, grammar)


_KINDS: dict[str, Callable[..., Reading]] = {
    "counted": _counted,
    "decade": _decade, "short_year": _short_year, "spelled_year": _spelled_year,
    "season": _season, "quarter": _quarter, "century": _century,
    "ancient_year": _ancient_year,
    "date": _date, "weekday": _weekday, "weekend": _weekend, "relative_day": _relative_day,
    "period": _period, "month_day": _month_day,
    "offset": _offset, "duration": _duration, "reference": _reference, "set": _set,
    "time": _time, "daypart_date": _daypart_date,
}


#: Readings counted from the publication date, whose distance from it is known without it.
_DEICTIC = {"relative_day", "weekday", "weekend", "period", "offset", "reference"}
#: Seven consecutive days: every weekday once, as stand-in publication dates.
_STAND_INS = [PublicationDate(dt.date(2001, 1, 1) + dt.timedelta(days=i), "day")
              for i in range(7)]


def _days_from_publication(kind: Callable[..., Reading], fields: dict, grammar: _Grammar,
                           options: dict) -> Reading:
    """``offset_low``/``offset_high``: the first and last day an expression read from the
    publication date may denote, in days from it, for a text without one ("gestern": -1,
    -1; "vor einigen Wochen": -63, -14; "am Samstag" in a past clause: -6, 0).

    The reading is made as if published on each of seven days (every weekday once) and the
    widest distances are kept, so no rule needs its own arithmetic. The same phrase read the
    same way ("gestern", "am Montag" in a past clause) recurs often, so the distances are
    kept by what the reading depends on: the rule, its fields and options, the grammar. Of the
    last date the text gave, a reading reads only the quarter it may name ("the third
    quarter … a year ago"), so readings after other dates share their distances (on 10kGNAD
    238 readings made rather than 678).
    """
    last = fields.get("last_value")
    if last is not None and not _QUARTER_VALUE.match(last):
        fields = fields | {"last_value": None}
    key = (kind, repr(sorted(fields.items())), repr(sorted(options.items())), id(grammar))
    if key not in _OFFSETS:
        if len(_OFFSETS) > 20000:
            _OFFSETS.clear()
        _OFFSETS[key] = _offsets_from_stand_ins(kind, fields, grammar, options)
    return dict(_OFFSETS[key])


_OFFSETS: dict[tuple, Reading] = {}


def _offsets_from_stand_ins(kind: Callable[..., Reading], fields: dict, grammar: _Grammar,
                            options: dict) -> Reading:
    low = high = None
    for stand_in in _STAND_INS:
        try:
            reading = kind(fields, stand_in, grammar, **options)
        except ValueError:
            return {}
        if reading.get("earliest") is None or reading.get("latest") is None:
            return {}
        first = (reading["earliest"] - stand_in.value).days
        last = (reading["latest"] - stand_in.value).days
        low = first if low is None else min(low, first)
        high = last if high is None else max(high, last)
    return {"offset_low": low, "offset_high": high}


_CALENDAR_DATE = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?|-(?:SP|SU|FA|WI|Q\d))?$")


#: Years before Christ have no calendar dates here, so a story told in them ("216 v. Chr. …
#: am 2. August … ein Jahr später") is read on a stand-in calendar: year Y BC is year
#: ``_BC_MIRROR - Y``, far beyond any year a text names, counting the same way (a year
#: later is one year further in both), and the values read on it are written back as BC.
_BC_MIRROR = 9999
#: Years beyond this are stand-ins (year 4999 BC and later, in the mirror).
_MIRROR_FLOOR = _BC_MIRROR - 5000
_BC_VALUE = re.compile(r"BC(\d{4})(?:-(\d\d))?(?:-(\d\d))?(?:-[A-Z]{2})?$")
_MIRRORED = re.compile(r"(\d{4})(.*)")


def _bc_reference(reading: Reading) -> PublicationDate | None:
    """A date before Christ as a reference on the stand-in calendar, if it names one."""
    match = _BC_VALUE.match(str(reading.get("value") or ""))
    if match is None or _BC_MIRROR - int(match.group(1)) <= _MIRROR_FLOOR:
        return None
    year, month, day = match.groups()
    precision = "day" if day else "month" if month else "year"
    return PublicationDate(dt.date(_BC_MIRROR - int(year), int(month or 1), int(day or 1)),
                           precision)


def _from_mirror(timex: dict) -> None:
    """A timex read on the stand-in calendar, written back as a date before Christ."""
    match = _MIRRORED.match(str(timex.get("value") or ""))
    if match is None or int(match.group(1)) <= _MIRROR_FLOOR:
        return
    timex["value"] = f"BC{_BC_MIRROR - int(match.group(1)):04d}{match.group(2)}"
    timex["earliest"] = timex["latest"] = None  # no calendar interval before year 1


def _as_reference(reading: Reading) -> PublicationDate | None:
    """A date reading as the reference for the expressions after it, if it names one."""
    match = _CALENDAR_DATE.match(str(reading.get("value") or ""))
    if match is None or reading.get("type", "DATE") != "DATE":
        return None
    year, month, day = match.groups()
    precision = "day" if day else "month" if month else "year"
    return PublicationDate(dt.date(int(year), int(month or 1), int(day or 1)), precision)


def tag_timexes(text: str, language: str, publication: PublicationDate | None) -> list[dict]:
    """The temporal expressions of ``text``, sorted by start and never overlapping.

    ``language`` picks the calendar rules (``de`` for any other); ``publication`` is the
    publication date. Where the text has moved away from its publication time (see
    ``_Narration``), year-less dates and relative expressions read from the last date the
    text gave (``anchor`` ``previous``); elsewhere from the publication date, except the
    anaphoric ones ("zwei Tage später", "the following day"), which always read from the
    last date. See the module docstring for the keys and value conventions.
    """
    grammar = _grammar(language if language in resources.LANGUAGES else "de")
    matches = [(match, grammar.rules[match.lastgroup], _matched_fields(match, grammar))
               for match in grammar.finditer(text)]
    narration = _Narration(text, publication, matches)
    timexes, dayless = [], []
    for match, rule, matched in matches:
        timex = _read_match(text, language, grammar, narration, match, rule, matched)
        if timex is not None:
            timexes.append(timex)
            dayless.append(rule.kind == "time" and not _DAY_FIELDS & matched.keys())
    _attach_clock_times(text, timexes, dayless)
    return timexes


#: Fields that give a clock time a day of its own ("10 p.m. Wednesday", "heute um 8 Uhr").
_DAY_FIELDS = {"day", "month_name", "weekday", "relative_day"}
#: What may stand between a clock time and the day it belongs to: "um 4 Uhr am Donnerstag",
#: "Donnerstag, um 4 Uhr", "at 4 a.m. on Thursday" (a comma, a short preposition).
_BESIDE = re.compile(r"\s*,?\s*(?:\w{1,3}\s+)?")


def _attach_clock_times(text: str, timexes: list[dict], dayless: list[bool]) -> None:
    """A clock time written without its day takes the day of a date right beside it
    ("um 4 Uhr am Donnerstag"), rather than the publication day."""
    for index, timex in enumerate(timexes):
        if not dayless[index] or timex["type"] != "TIME":
            continue
        for other in (timexes[index - 1] if index else None,
                      timexes[index + 1] if index + 1 < len(timexes) else None):
            if other is None or other["type"] != "DATE" or other["granularity"] != "day" \
                    or not _CALENDAR_DATE.match(str(other["value"])):
                continue
            left, right = sorted((timex, other), key=lambda t: t["start"])
            if _BESIDE.fullmatch(text, left["end"], right["start"]):
                clock = str(timex["value"]).partition("T")[2]
                timex.update(value=f"{other['value']}T{clock}", earliest=other["earliest"],
                             latest=other["latest"], anchor=other["anchor"])
                break


def _matched_fields(match: re.Match[str], grammar: _Grammar) -> dict[str, object]:
    """What each placeholder of the rule that made ``match`` matched, read from its table."""
    fields: dict[str, object] = {}
    for group, placeholder in grammar.rules[match.lastgroup].fields:
        surface = match.group(group)
        if surface is not None and placeholder not in fields:
            fields[placeholder] = grammar.read(placeholder, surface)
            if placeholder == "vague":  # kept as written, for ``fuzzy``
                fields["vague_text"] = surface
    return fields


#: Readings that count from the time of writing when a text speaks of it ("gestern", "am
#: Montag", "vor drei Tagen"), which a history rarely does.
_NOW_KINDS = {"relative_day", "weekday", "offset", "month_day"}
#: Readings that, in news, follow the story to the last date it gave: the ones without a
#: year of their own ("am 24. Februar", "im Frühjahr"). Everything else in news counts
#: from the publication date ("this year", "gestern") unless it is anaphoric.
_YEAR_LESS_KINDS = {"date", "season", "quarter", "daypart_date", "time"}
#: Explicit dates ending more than this many days before the publication interval are
#: another time than the time of writing.
_AWAY_DAYS = 183
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n")


class _Narration:
    """The time a text is talking about as it goes: its publication time, or the last date
    it gave once it has moved away from it into the past.

    A text that speaks of its own time ("gestern", "am Montag" on its own, "this year", a
    date near publication) at least as often as it names dates well before it is news; a
    text that does not is a history. Both move away with an explicit date more than
    ``_AWAY_DAYS`` before publication (a date after it is a plan, not a story) and come back
    with one near it. News starts each paragraph at publication again, moves away only
    with a date written to the month or day (a bare year is named in passing: "die 1990
    gegründete Firma"), comes back whenever it speaks of its own time, and, while away,
    reads only year-less dates from the last date given ("Im Februar 2022 … am 24.
    Februar"). A history stays where its last paragraph left it, reads every relative
    expression from the last date given, and its "heute" is the present (``PRESENT_REF``),
    not the narrated day. Without a publication date the text never moves away: there is
    nothing to move away from.
    """

    def __init__(self, text: str, publication: PublicationDate | None,
                 matches: list[tuple[re.Match[str], _Rule, dict]]) -> None:
        self.publication = publication
        self.news = publication is None or self._is_news(publication, matches)
        self.paragraph_starts = [m.end() for m in _PARAGRAPH.finditer(text)] \
            if self.news else []
        self.paragraph = 0
        self.away = False
        self.reference: PublicationDate | None = None
        self.reference_value: str | None = None

    @classmethod
    def _is_news(cls, publication: PublicationDate,
                 matches: list[tuple[re.Match[str], _Rule, dict]]) -> bool:
        now = past = 0
        for _, rule, matched in matches:
            year = _written_year(matched)
            if cls.speaks_of_now(rule, matched):
                now += 1
            elif rule.kind == "period" and not rule.anaphoric and "shift" in matched:
                now += 1  # "this year", "letzte Woche"; not "Ende des Jahres"
            elif year is not None and abs(year - publication.value.year) <= 1:
                now += 1
            elif year is not None and year < publication.value.year and (
                    year < 0 or "month_name" in matched or "month" in matched):
                past += 1  # a story is told by the month and day, not by bare years
        return now >= past

    @staticmethod
    def speaks_of_now(rule: _Rule, matched: dict) -> bool:
        """Whether a match counts from the time of writing, as news does and a history
        rarely: "gestern", "am Montag", "vor einem Jahr", "in zwei Wochen"; not "heute",
        which a history says of the present too, nor "zwei Tage später"."""
        meanings = [m for m in matched.values() if isinstance(m, dict)]
        if rule.anaphoric or any(m.get("anaphoric") or m.get("narrative") for m in meanings):
            return False
        if rule.kind == "counted":
            return (matched.get("count_tail") or {}).get("kind") == "offset"
        return rule.kind in _NOW_KINDS and "day" not in matched and "month_name" not in matched

    def enter(self, position: int, rule: _Rule, matched: dict) -> None:
        """Move to a match at ``position``: in news, a new paragraph starts at publication
        again, and so does a phrase that speaks of the time of writing."""
        starts = self.paragraph_starts
        paragraph = bisect.bisect_right(starts, position)
        if paragraph != self.paragraph:
            self.paragraph, self.away = paragraph, False
        if self.news and (self.speaks_of_now(rule, matched) or rule.kind == "period"
                          or _now_in_history(matched)):
            self.away = False

    def follows_story(self, rule: _Rule, matched: dict) -> bool:
        """Whether a match reads from the last date given rather than publication."""
        if not self.away:
            return False
        return not self.news or (rule.kind in _YEAR_LESS_KINDS and "year" not in matched
                                 and "shift" not in matched)

    def moved_to(self, timex: dict, candidate: PublicationDate | None) -> None:
        """After ``timex``: the story moves to the date it names, if it names one."""
        following = _next_reference(self.reference, candidate)
        if following is self.reference:
            return
        self.reference, self.reference_value = following, timex["value"]
        if self.publication is None or timex.get("anchor") != "explicit":
            return
        if self.news and following.precision == "year":
            return
        before_christ = following.value.year > _MIRROR_FLOOR  # on the stand-in calendar
        self.away = before_christ or following.latest < self.publication.earliest - \
            dt.timedelta(days=_AWAY_DAYS)


#: A four-digit number right before a noun ("1500 Grenzbeamte", "1917 Meutereien") is a
#: year only within this many years of the time the text speaks of.
_PLAUSIBLE_YEARS = 50
#: In a text with no date at all, the years a number before a noun may be: those of the
#: present era of news ("2012 Wissenschaftsgeschichte", not "1549 Asylwerber").
_UNDATED_YEARS = (1900, 2099)


def _counts_things(text: str, match: re.Match[str], narration: _Narration) -> bool:
    """Whether a bare four-digit number counts things rather than naming a year: in German
    when a noun (a capitalised word) follows it and it lies further than
    ``_PLAUSIBLE_YEARS`` from the time the text speaks of (the last date it gave, else its
    publication; with neither, outside ``_UNDATED_YEARS``)."""
    following = text[match.end():match.end() + 2]
    if following[:1] != " " or not following[1:].isupper():
        return False
    year = int(match.group())
    now = narration.reference or narration.publication
    if now is None or now.value.year > _MIRROR_FLOOR:
        return not _UNDATED_YEARS[0] <= year <= _UNDATED_YEARS[1]
    return abs(year - now.value.year) > _PLAUSIBLE_YEARS


def _written_year(matched: dict) -> int | None:
    """The year a match writes out, if any (a year, the first of a decade, one of our era);
    any year before Christ is given as -1."""
    if matched.get("era") == "BC":
        return -1
    for field_name in ("year", "decade_year", "ancient_year"):
        if isinstance(matched.get(field_name), int):
            return matched[field_name]
    return None


def _now_in_history(matched: dict) -> bool:
    """Whether a match is a word that in a history means the present ("heute")."""
    return any(isinstance(m, dict) and m.get("narrative") for m in matched.values())


def _read_match(text: str, language: str, grammar: _Grammar, narration: _Narration,
                match: re.Match[str], rule: _Rule, matched: dict) -> dict | None:
    """The timex of one match, read from the publication date or the last date given, as
    ``narration`` has it; ``None`` for a match that names no day (31.02.2025)."""
    narration.enter(match.start(), rule, matched)
    fields = dict(matched)
    # A phrase's table entry may make the match anaphoric ("zwei Tage später") or, in a
    # history, deictic ("heute" is the time of writing, not the narrated day).
    meanings = [m for m in fields.values() if isinstance(m, dict)]
    anaphoric = rule.anaphoric or any(m.get("anaphoric") for m in meanings)
    away = narration.follows_story(rule, matched)
    deictic = away and _now_in_history(matched)
    fields["narrative"] = deictic
    if (rule.kind in ("weekday", "weekend", "time") and "shift" not in fields
            and "day" not in fields and "month_name" not in fields
            or rule.kind == "date" and "year" not in fields and not away):
        # "am Samstag" is the Saturday before in a past-tense clause, after in a future one;
        # "as early as Tuesday", "until Tuesday" point ahead unless the clause is past
        fields["tense"] = nearest_tense(text, tense_markers(text, language), *match.span())
        if rule.kind != "date" and fields["tense"] != "past" and _looks_ahead(
                text, language, match.start()):
            fields["tense"] = "future"
    elif away and rule.kind == "date" and "year" not in fields:
        # a history names the year once and the days after it: "1942 … am 28. Mai"
        fields["same_year"] = True
    previous = narration.reference
    from_previous = previous is not None and not deictic and (anaphoric or away)
    reference = previous if from_previous else narration.publication
    if from_previous:
        fields["reference_value"] = narration.reference_value
    fields["last_value"] = narration.reference_value
    if rule.options.get("counts_before_noun") and _counts_things(text, match, narration):
        return None
    reader, options = _KINDS[rule.kind], rule.reading_options
    if rule.kind == "offset" and options.get("direction", -1) > 0 and nearest_tense(
            text, tense_markers(text, language), *match.span()) == "past":
        # "the highest level in 13 years" looks back over a span, not ahead to a date
        reader, options = _duration, {}
    try:
        reading = reader(fields, reference, grammar, **options)
    except ValueError:  # 31.02.2025 and the like name no day
        return None
    if from_previous and reading.get("anchor") == "publication":
        reading["anchor"] = "previous"
    if (reference is None and rule.kind in _DEICTIC and reading.get("anchor") == "none"
            and reading.get("type", "DATE") in ("DATE", "TIME")):
        reading |= _days_from_publication(_KINDS[rule.kind], fields, grammar, options)
    start, end = match.span()
    timex = {
        "start": start, "end": end, "text": match.group(), "type": "DATE",
        "value": None, "earliest": None, "latest": None, "granularity": None,
        "mod": None, "anchor": "none", "fuzzy": None, "weekday": None,
        "reading": rule.kind, "offset_low": None, "offset_high": None,
    } | reading
    if from_previous:
        _from_mirror(timex)  # read from a date before Christ
    # "drei Jahre zuvor", "a year earlier" look back; the story stays where it was
    looks_back = rule.options.get("looks_back") or any(
        m.get("anaphoric") and m.get("direction", 0) < 0 for m in meanings)
    if not looks_back:
        candidate = _as_reference(timex)
        if candidate is None and not narration.news:
            candidate = _bc_reference(timex)
        narration.moved_to(timex, candidate)
    return timex


def _next_reference(previous: PublicationDate | None,
                    candidate: PublicationDate | None) -> PublicationDate | None:
    """The reference after a date: the date, except that a bare year no later than the day
    or month already given is a look back, not a move of the story."""
    if candidate is None:
        return previous
    if (previous is not None and candidate.precision == "year" and previous.precision != "year"
            and candidate.value.year < previous.value.year):
        return previous
    return candidate
