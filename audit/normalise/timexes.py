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
clause, after it in a future-tense one); a holiday without a year that this puts months
before publication in a sentence looking ahead ("by Election Day" in February, "bis
Weihnachten" in June, a sentence with a future marker) keeps its year unknown. A bare
weekday means the most recent such day on or before publication, or in a future-tense
clause the next one on or after it; "vergangenen"/"last" one strictly before,
"kommenden"/"next" one strictly after, "diesen"/"this" the one in the publication's week.
Tense comes from the markers of ``tense.toml``: the one nearest the expression in its
sentence decides. ``mod`` START, MID or END narrows the interval to its first, middle or
last third. "seit drei Monaten" and "the past two weeks" run from their start up to
publication; "für zwei Wochen" is not anchored.

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

The parts are in ``audit.normalise.temporal``: the grammar compiled from ``calendar.toml``
(``grammar``), tense (``tense``), calendar arithmetic (``calendar``) and the reading of each
rule kind (``readings``); this module is the tagger loop.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from audit import resources
from audit.ingest.published import PublicationDate
from audit.normalise.temporal.grammar import CalendarRule, Grammar, compiled_grammar
from audit.normalise.temporal.readings import (
    CALENDAR_DATE,
    DEICTIC,
    MIRROR_FLOOR,
    READERS,
    Context,
    as_reference,
    bc_reference,
    days_from_publication,
    duration,
    from_mirror,
)
from audit.normalise.temporal.tense import (
    future_in_sentence,
    looks_ahead,
    nearest_tense,
    tense_markers,
)
from audit.tables import empty_row


def tag_timexes(text: str, language: str, publication: PublicationDate | None) -> list[dict]:
    """The temporal expressions of ``text``, sorted by start and never overlapping.

    ``language`` picks the calendar rules (``de`` for any other); ``publication`` is the
    publication date. Where the text has moved away from its publication time (see
    ``_Narration``), year-less dates and relative expressions read from the last date the
    text gave (``anchor`` ``previous``); elsewhere from the publication date, except the
    anaphoric ones ("zwei Tage später", "the following day"), which always read from the
    last date. See the module docstring for the keys and value conventions.
    """
    grammar = compiled_grammar(language if language in resources.LANGUAGES else "de")
    matches = [(match, grammar.rules[match.lastgroup], _matched_fields(match, grammar))
               for match in grammar.finditer(text)]
    narration = _Narration(text, publication, matches)
    timexes, dayless = [], []
    previous_end = -1
    for match, rule, matched in matches:
        timex = _read_match(text, language, grammar, narration, match, rule, matched,
                            previous_end)
        previous_end = match.end()
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
                    or not CALENDAR_DATE.match(str(other["value"])):
                continue
            left, right = sorted((timex, other), key=lambda t: t["start"])
            if _BESIDE.fullmatch(text, left["end"], right["start"]):
                clock = str(timex["value"]).partition("T")[2]
                timex.update(value=f"{other['value']}T{clock}", earliest=other["earliest"],
                             latest=other["latest"], anchor=other["anchor"])
                break


def _matched_fields(match: re.Match[str], grammar: Grammar) -> dict[str, object]:
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
                 matches: list[tuple[re.Match[str], CalendarRule, dict]]) -> None:
        self.publication = publication
        self.news = publication is None or self._is_news(publication, matches)
        self.paragraph_starts = [m.end() for m in _PARAGRAPH.finditer(text)] \
            if self.news and publication is not None else []
        self.away = False
        self.away_in = 0  # the paragraph the text moved away in
        self.reference: PublicationDate | None = None
        self.reference_value: str | None = None

    @classmethod
    def _is_news(cls, publication: PublicationDate,
                 matches: list[tuple[re.Match[str], CalendarRule, dict]]) -> bool:
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
    def speaks_of_now(rule: CalendarRule, matched: dict) -> bool:
        """Whether a match counts from the time of writing, as news does and a history
        rarely: "gestern", "am Montag", "vor einem Jahr", "in zwei Wochen"; not "heute",
        which a history says of the present too, nor "zwei Tage später"."""
        meanings = [m for m in matched.values() if isinstance(m, dict)]
        if rule.anaphoric or any(m.get("anaphoric") or m.get("narrative") for m in meanings):
            return False
        if rule.kind == "counted":
            return (matched.get("count_tail") or {}).get("kind") == "offset"
        return rule.kind in _NOW_KINDS and "day" not in matched and "month_name" not in matched

    def enter(self, position: int, rule: CalendarRule, matched: dict) -> None:
        """Move to a match at ``position``: in news, a new paragraph starts at publication
        again, and so does a phrase that speaks of the time of writing."""
        if not self.away:
            return
        if bisect.bisect_right(self.paragraph_starts, position) != self.away_in:
            self.away = False
        elif self.news and (self.speaks_of_now(rule, matched) or rule.kind == "period"
                            or _now_in_history(matched)):
            self.away = False

    def follows_story(self, rule: CalendarRule, matched: dict) -> bool:
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
        before_christ = following.value.year > MIRROR_FLOOR  # on the stand-in calendar
        self.away = before_christ or following.latest < self.publication.earliest - \
            dt.timedelta(days=_AWAY_DAYS)
        self.away_in = bisect.bisect_right(self.paragraph_starts, timex["start"])


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
    if now is None or now.value.year > MIRROR_FLOOR:
        return not _UNDATED_YEARS[0] <= year <= _UNDATED_YEARS[1]
    return abs(year - now.value.year) > _PLAUSIBLE_YEARS


#: The lower-case word right before a position, the one before it, and the word right
#: after: each a single space away.
_WORDS_BEFORE = re.compile(r"(?:(?<!\S)(\S+) )?(?<!\S)([a-z]+) $")
_WORD_AFTER = re.compile(r" ([a-z]+)\b")


def _counts_between_words(text: str, match: re.Match[str], function_words: frozenset[str]
                          ) -> bool:
    """Whether a bare number counts the word after it, in a language that writes nouns in
    lower case: it stands between two lower-case words that are not function words, and
    the first is not after one ("police sent 2000 officers"; not "in 2000 voters", "the
    2000 election", "his unsuccessful 1996 campaign", "2000 was", "1990 and 1991")."""
    after = _WORD_AFTER.match(text, match.end())
    before = _WORDS_BEFORE.search(text, max(0, match.start() - 60), match.start())
    if not after or not before or after.group(1) in function_words:
        return False
    previous, word = before.group(1), before.group(2)
    if word in function_words:
        return False
    return previous is None or previous.casefold() not in function_words


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


def _read_match(text: str, language: str, grammar: Grammar, narration: _Narration,
                match: re.Match[str], rule: CalendarRule, matched: dict,
                previous_end: int = -1) -> dict | None:
    """The timex of one match, read from the publication date or the last date given, as
    ``narration`` has it; ``None`` for a match that names no day (31.02.2025) or a number
    that counts things. ``previous_end``: where the match before it ended."""
    narration.enter(match.start(), rule, matched)
    if rule.options.get("counts_before_noun") and _counts_things(text, match, narration):
        return None
    if rule.options.get("counts_between_words") and _counts_between_words(
            text, match, grammar.function_words):
        return None
    context, from_previous = _context(text, language, grammar, narration, match, rule,
                                      matched, previous_end)
    reader, options = READERS[rule.kind], rule.reading_options
    if rule.kind == "offset" and options.get("direction", -1) > 0 and nearest_tense(
            text, tense_markers(text, language), *match.span()) == "past":
        # "the highest level in 13 years" looks back over a span, not ahead to a date
        reader, options = duration, {}
    try:
        reading = reader(matched, context, **options)
    except ValueError:  # 31.02.2025 and the like name no day
        return None
    if from_previous and reading.get("anchor") == "publication":
        reading["anchor"] = "previous"
    if (context.reference is None and rule.kind in DEICTIC and reading.get("anchor") == "none"
            and reading.get("type", "DATE") in ("DATE", "TIME")):
        reading |= days_from_publication(reader, matched, context, options)
    start, end = match.span()
    timex = empty_row("timexes", start=start, end=end, text=match.group(), type="DATE",
                      anchor="none", reading=rule.kind) | reading
    if from_previous:
        from_mirror(timex)  # read from a date before Christ
    _move_story(narration, rule, matched, timex)
    return timex


def _context(text: str, language: str, grammar: Grammar, narration: _Narration,
             match: re.Match[str], rule: CalendarRule, matched: dict,
             previous_end: int) -> tuple[Context, bool]:
    """What a match is read against, and whether it reads from the last date given."""
    # A phrase's table entry may make the match anaphoric ("zwei Tage später") or, in a
    # history, deictic ("heute" is the time of writing, not the narrated day).
    anaphoric = rule.anaphoric or any(isinstance(m, dict) and m.get("anaphoric")
                                      for m in matched.values())
    away = narration.follows_story(rule, matched)
    in_history = away and _now_in_history(matched)
    from_previous = narration.reference is not None and not in_history and (
        anaphoric or away)
    tense = _tense(text, language, match, rule, matched, away, previous_end)
    return Context(
        reference=narration.reference if from_previous else narration.publication,
        grammar=grammar, tense=tense,
        # a history names the year once and the days after it: "1942 … am 28. Mai"
        same_year=away and rule.kind == "date" and "year" not in matched,
        in_history=in_history,
        reference_value=narration.reference_value if from_previous else None,
        last_value=narration.reference_value,
        forward="holiday" in matched and _looks_forward(text, language, match, tense,
                                                         previous_end)), from_previous


def _looks_forward(text: str, language: str, match: re.Match[str], tense: str | None,
                   previous_end: int) -> bool:
    """Whether the sentence of a match looks ahead: it has a future marker ("would", "wird
    … beschließen"), or the words right before the match point ahead ("by Election Day",
    "bis Weihnachten") in a clause that is not past."""
    if future_in_sentence(text, tense_markers(text, language), *match.span()):
        return True
    return tense != "past" and looks_ahead(text, language, match.start(), previous_end)


def _tense(text: str, language: str, match: re.Match[str], rule: CalendarRule, matched: dict,
           away: bool, previous_end: int) -> str | None:
    """The tense of the clause, for the readings that depend on it: "am Samstag" is the
    Saturday before in a past-tense clause, after in a future one; "as early as Tuesday",
    "until Tuesday" point ahead unless the clause is past; a year-less date lies on the
    side of publication its clause speaks of."""
    bare_day = rule.kind in ("weekday", "weekend", "time") and not (
        {"shift", "day", "month_name"} & matched.keys())
    year_less = rule.kind == "date" and "year" not in matched and not away
    if not (bare_day or year_less):
        return None
    tense = nearest_tense(text, tense_markers(text, language), *match.span())
    if rule.kind != "date" and tense != "past" and looks_ahead(text, language, match.start(),
                                                                previous_end):
        return "future"
    return tense


def _move_story(narration: _Narration, rule: CalendarRule, matched: dict, timex: dict) -> None:
    """After a timex, the story moves to the date it names, unless it looks back ("drei
    Jahre zuvor", "a year earlier", "bis zum 15. Juli 1863")."""
    looks_back = rule.options.get("looks_back") or any(
        isinstance(m, dict) and m.get("anaphoric") and m.get("direction", 0) < 0
        for m in matched.values())
    if looks_back:
        return
    candidate = as_reference(timex)
    if candidate is None and not narration.news:
        candidate = bc_reference(timex)
    narration.moved_to(timex, candidate)


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
