"""TMP001: a relative or vague date that cannot be the explicit date given for the same event."""

import datetime as dt
import math
import re
from functools import cache

from audit import Finding, Span, check, resources
from audit.normalise.dating import event_words
from audit.normalise.events import kind_of_word
from audit.resources.frequencies import word_frequencies
from audit.tables import reads, rows_with

#: Only vague and period readings are compared ("vor einigen Wochen", "kürzlich", "last
#: month"): they point back at an event the reader knows of, while a bare weekday, "today" or
#: "gestern" names the news of the day, which in a news story is rarely the event an
#: explicit date elsewhere names (and may recur: a council that meets every Thursday).
_BACKWARD = {"offset", "reference", "period"}
#: ... and at most a month wide: "last year" or "a year ago" in a news story compares
#: figures ("net income of $1.1 million a year ago") rather than dating an event.
_NARROW = {"day", "week", "month"}
#: The words next to the two dates (this many characters either side, within the sentence)
#: must share a noun that names an event (``events.toml``: "Verhandlungen", "talks"); across
#: articles also a specific word ("Istanbul"): one rare in the language (Zipf frequency below
#: ``_RARE``; "million" is 5.3). A common word standing next to the dates of few articles
#: ("press", "short") is no such word: in a small corpus every word is next to few dates.
_REACH = 60
_RARE = 4.5
#: Dates further apart than this are of two events (see ``_years_apart``).
_APART_DAYS = 365
#: A key (event noun and specific word) shared by more dates than this names no particular
#: event; it is passed over, which keeps the comparison far from all pairs.
_COMMON = 1000
_SENTENCE_END = re.compile(r"[.!?]\s")
#: The clause of a date: up to a stop, comma, colon or dash, at most this many characters
#: either side.
_CLAUSE_END = re.compile(r"[.!?;:,–—]\s")
_CLAUSE_REACH = 200
#: Within its clause, a date is tied to an event word at most this many words from it
#: ("die vor wenigen Tagen geführten Verhandlungen", "Die Verhandlungen zwischen Okafor und
#: Brandt über den Kuma fanden am 3. Februar statt"); the names of people between do not
#: count. Further off, or past a relative pronoun, the date dates something else the clause
#: tells ("the debate on the very day and in the very place he proposed two months ago",
#: "the speech that has drawn attention in recent days").
_TIE_GAP = 8
#: A relative clause may tie a date to the noun before its comma when the date opens it
#: (at most this many words after the pronoun: "die Verhandlungen, die vor einigen Wochen
#: … geführt wurden", "the talks, which began on 2 June").
_RELATIVE_GAP = 2
_RELATIVE_PRONOUNS = frozenset({"der", "die", "das", "dem", "den", "deren", "dessen",
                                "welche", "welcher", "welches", "welchem", "welchen",
                                "that", "which", "who", "whom", "whose"})
#: Within a clause, these open a relative clause wherever they stand (German articles do
#: not: "die" there is mostly the article).
_RELATIVE_ANYWHERE = frozenset({"welche", "welcher", "welches", "welchem", "welchen",
                                "that", "which", "who", "whom", "whose"})
_TOKEN = re.compile(r"\w[\w'’.-]*\w|\w")


def _day(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _interval(earliest, latest) -> str:
    return _day(earliest) if earliest == latest else f"{_day(earliest)} – {_day(latest)}"


def _overlap(a, b) -> bool:
    return a.earliest <= b.latest and b.earliest <= a.latest


def _years_apart(a, b) -> bool:
    """Whether two dates lie more than ``_APART_DAYS`` apart: a vague date at most a month
    wide and an explicit day that far from it speak of two events of one kind (the
    attacks of last month, those of 2001), not of one event misdated."""
    return (max(a.earliest, b.earliest) - min(a.latest, b.latest)).days > _APART_DAYS


_WORD_BEFORE = re.compile(r"\S+\s+\Z")


def _near_words(text: str, language: str, start: int, end: int,
                people: list[tuple[int, int]]) -> frozenset[str]:
    """The event words within ``_REACH`` characters of ``text[start:end]``, in its sentence.

    Person mentions and the word before each (its role: "Außenminister Sergej Lawrow")
    name who took part, not the event, so they are left out.
    """
    low = max(0, start - _REACH)
    stops = list(_SENTENCE_END.finditer(text, low, start))
    if stops:
        low = stops[-1].end()
    high = min(len(text), end + _REACH)
    stop = _SENTENCE_END.search(text, end, high)
    if stop:
        high = stop.start() + 1
    skip = [(start - low, end - low)]
    for first, last in people:
        if last > low and first < high:
            role = _WORD_BEFORE.search(text, max(low, first - 40), first)
            first = role.start() if role else first
            skip.append((max(first, low) - low, min(last, high) - low))
    return frozenset(event_words(text[low:high], language, skip))


def _tied_words(text: str, language: str, start: int, end: int,
                dates: list[tuple[int, int]], people: list[tuple[int, int]]
                ) -> frozenset[str]:
    """The event words tied to the date at ``text[start:end]``: in its clause, at most
    ``_TIE_GAP`` words from it, with none of the article's other ``dates`` between; the
    ``people`` named between are not counted. A date inside a markup tag (``<tweet
    datetime="2016-06-29">``) dates the tag's content as a whole: it is tied to no word."""
    if _in_tag(text, start, end):
        return frozenset()
    low = max(0, start - _CLAUSE_REACH)
    high = min(len(text), end + _CLAUSE_REACH)
    for first, last in dates:
        if low < last <= start:
            low = last
        if end <= first < high:
            high = first
    window = _without(text[low:high], [(first - low, last - low) for first, last in people])
    start, end = start - low, end - low
    stops = list(_CLAUSE_END.finditer(window, 0, start))
    before = window[stops[-1].end() if stops else 0:start]
    opening = _TOKEN.findall(before)
    if (stops and window[stops[-1].start()] == "," and opening
            and opening[0].casefold() in _RELATIVE_PRONOUNS
            and len(opening) - 1 <= _RELATIVE_GAP):
        # a relative clause the date opens dates the noun before its comma
        head = window[stops[-2].end() if len(stops) > 1 else 0:stops[-1].start()]
        before_words = _TOKEN.findall(head) + opening[1:]
    else:
        before_words = opening
    stop = _CLAUSE_END.search(window, end)
    after_words = _TOKEN.findall(window[end:stop.start() if stop else len(window)])
    before_words = before_words[-(_TIE_GAP + 1):]
    after_words = after_words[:_TIE_GAP + 1]
    relatives = [i for i, word in enumerate(before_words)
                 if word.casefold() in _RELATIVE_ANYWHERE]
    if relatives:
        before_words = before_words[relatives[-1] + 1:]
    relatives = [i for i, word in enumerate(after_words)
                 if word.casefold() in _RELATIVE_ANYWHERE]
    if relatives:
        after_words = after_words[:relatives[0]]
    near = before_words + after_words
    return frozenset(event_words(" ".join(near), language))


def _in_tag(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands inside a markup tag (between ``<`` and ``>``)."""
    opened = text.rfind("<", max(0, start - _CLAUSE_REACH), start)
    if opened < 0 or text.rfind(">", opened, start) >= 0:
        return False
    closes = text.find(">", end, end + _CLAUSE_REACH)
    return closes >= 0 and text.find("<", end, closes) < 0


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the ``spans`` (offsets into it, possibly reaching outside) blanked."""
    chars = list(text)
    for first, last in spans:
        chars[max(first, 0):max(last, 0)] = " " * len(chars[max(first, 0):max(last, 0)])
    return "".join(chars)


@cache
def _event_nouns(language: str) -> tuple[tuple[str, ...], bool]:
    table = resources.load(language if language in resources.LANGUAGES else "de", "events")
    return tuple(noun.casefold() for noun in table.get("nouns", [])), bool(
        table.get("compounds"))


@cache
def _zipf(word: str, language: str) -> float:
    """The Zipf frequency of a word (0 below Zipf 3: see ``word_frequencies``)."""
    frequency = word_frequencies(language).get(word.casefold(), 0.0)
    return math.log10(frequency) + 9 if frequency else 0.0


def _events(words, language: str) -> list[str]:
    """The words that name an event ("verhandlungen", "gefangenenaustausch", "talks")."""
    nouns, compounds = _event_nouns(language)
    if compounds:
        return sorted(w for w in words if w.endswith(nouns))
    return sorted(w for w in words if w in nouns)


def _written_after(published, day) -> bool:
    """Whether a publication date (as written: ``2025-02-04``) is known to the day and not
    before ``day``."""
    if not isinstance(published, str) or len(published) != 10:
        return False
    return dt.date.fromisoformat(published) >= day


def _by_events(relative, explicit, events, assertions, articles, flagged: set[str],
               near_kinds):
    """The relative dates that date a claim of an event (the ``events`` table: kinds with
    synonyms across languages, "Gespräche", "Verhandlungen", "talks"), against the explicit
    days the event's other mentions give: (relative row, explicit row, kind) for each that
    cannot overlap, the explicit day of its own article first."""
    kinds = dict(zip(events.event_id.tolist(), events.kind.tolist(), strict=True))
    published = dict(zip(articles.article_id.tolist(), articles.published.tolist(),
                         strict=True))
    days: dict[str, list[str]] = {}
    for event_id, dates in zip(events.event_id.tolist(), events.dates.tolist(), strict=True):
        days[event_id] = [timex_id for _, timex_id, _, _ in dates]
    explicit_rows = {row.timex_id: row for row in explicit.itertuples(index=False)}
    relative_rows = {row.timex_id: row for row in relative.itertuples(index=False)
                     if row.timex_id not in flagged}
    claims = assertions[assertions.event_timex_id.isin(list(relative_rows))
                        & assertions.event_id.notna()]
    for timex_id, event_id in zip(claims.event_timex_id.tolist(), claims.event_id.tolist(),
                                  strict=True):
        row = relative_rows[timex_id]
        # each date must be tied to a word of the event's kind: a sentence that names an
        # event may date something else ("Ende vergangener Woche tauchte die Forderung auf,
        # … das Wahlrecht für die Gemeinderatswahl")
        kind = kinds.get(event_id)
        if kind not in near_kinds(row):
            continue
        others = [explicit_rows[t] for t in days.get(event_id, ())
                  if t in explicit_rows and kind in near_kinds(explicit_rows[t])]
        # across articles, the article with the explicit day must have been written after
        # the stretch the relative date names: one written before it could not have meant
        # the event the relative date speaks of (a later round: a developing story)
        others = [other for other in others if not _overlap(row, other)
                  and not (other.article_id == row.article_id and other.sent_id == row.sent_id)
                  and (other.article_id == row.article_id
                       or _written_after(published.get(other.article_id), row.latest))]
        if others:
            other = min(others, key=lambda o: (o.article_id != row.article_id,
                                               str(o.article_id), int(o.start)))
            yield row, other, kinds.get(event_id, "event")


@check("TMP001", severity="warning", title="Relative date contradicts an explicit date")
#: (of timexes every row: the article's other dates bound the clause a date is tied in;
#: not the columns of the tense and the offsets)
@reads(timexes=("article_id", "timex_id", "sent_id", "start", "end", "text", "type", "value",
                "earliest", "latest", "granularity", "anchor", "reading"),
       assertions=("event_timex_id", "event_id"), entities=("start", "end", "kind"))
@rows_with(assertions="event_id")
def check_temporal_relative_explicit(timexes, articles, entities, events=None,
                                     assertions=None):
    """Relative date contradicts an explicit date.

    What it does:
        Reads each vague or period date ("vor wenigen Tagen", "a few weeks ago", "letzte
        Woche") as the interval it denotes from the publication date,
        and compares it with the explicit days ("am 3. Februar", "on 2 June") given for
        the same event. The event is the same when the words right around the two dates
        share a noun that names an event ("Verhandlungen", "talks"; listed per language in
        `events.toml`), and that noun is tied to both dates: in the date's clause, at most
        eight words from it (names of people not counted), not past a relative pronoun
        ("the talks that the minister praised in a speech a few weeks ago" dates the
        speech), with no other date between; a date inside a markup tag (`<tweet
        datetime="…">`) is tied to no word. Across articles they must also share a
        specific word ("Istanbul": rare in the language), and a year-less date is read
        from its own article's publication date. The names and roles of people do
        not count. Only vague and period dates up to a month wide are compared ("vor
        wenigen Tagen", "kürzlich", "last month"), not the news of the day ("gestern", "am
        Montag", "today") nor year-wide comparisons ("a year ago"). When the intervals
        cannot overlap, the relative date is flagged, with the explicit date beside it.
        Dates more than a year apart are two events of a kind (the attacks of last month,
        those of 2001); across articles, a day given before it came ("the talks are to
        open on 2 June") or a stretch ahead ("next week") is a plan, and a plan that
        changes is a developing story. The `events` table links more: a relative date
        that dates a claim of an event is also compared with the explicit days its other
        mentions give, within the article and across the articles of its story, so
        synonyms ("Gespräche", "Verhandlungen") and other languages ("talks") match; both
        dates must be tied to a word of the event's kind.
    Why it matters:
        "Die vor wenigen Tagen geführten Verhandlungen" in an article published in
        November cannot be the talks "am 3. Februar": one of the two is wrong, or the
        text was recycled from an older article without updating its relative dates.
    Flagged:
        ---
        published: 2025-12-10
        ---
        Gespräche in Genf
        Die Verhandlungen in Genf fanden am 2. Juni statt.
        Die vor wenigen Tagen geführten Verhandlungen brachten keinen Durchbruch.
    Clean:
        ---
        published: 2025-06-20
        ---
        Gespräche in Genf
        Die Verhandlungen in Genf fanden am 2. Juni statt.
        Die vor wenigen Wochen geführten Verhandlungen brachten keinen Durchbruch.
    """
    dated = timexes[timexes.earliest.notna() & timexes.latest.notna()
                    & timexes.type.isin(["DATE", "TIME"])]
    relative = dated[dated.reading.isin(_BACKWARD) & (dated.anchor == "publication")
                     & (dated.value != "PRESENT_REF")
                     & (dated.granularity.isin(_NARROW) | (dated.reading == "reference"))]
    explicit = dated[(dated.reading == "date") & (dated.granularity == "day")]
    if relative.empty or explicit.empty:
        return
    context = _DateContext(articles, entities, timexes)
    explicit_dates = _ExplicitDates(explicit, context)
    flagged: set[str] = set()
    for row in relative.itertuples(index=False):
        match = explicit_dates.contradicting(row)
        if match is None:
            continue
        other, event, rare = match
        where = (f"the same {event[0]} is dated" if other.article_id == row.article_id
                 else f"{other.article_id} dates the same {event[0]} "
                      f"({', '.join(rare)})")
        flagged.add(row.timex_id)
        yield _finding(row, other, where)
    if events is None or assertions is None or events.empty:
        return
    for row, other, kind in _by_events(relative, explicit, events, assertions, articles,
                                       flagged, context.near_kinds):
        where = (f"the same {kind} is dated" if other.article_id == row.article_id
                 else f"{other.article_id} dates the same {kind}")
        yield _finding(row, other, where)


class _DateContext:
    """What the words around a date are read from: the article texts and languages, and
    where people are named (their names and roles do not name the event)."""

    def __init__(self, articles, entities, timexes) -> None:
        self.dates: dict[str, list[tuple[int, int]]] = {}
        for article, first, last in zip(timexes.article_id, timexes.start, timexes.end,
                                        strict=True):
            self.dates.setdefault(article, []).append((int(first), int(last)))
        from audit.report.texts import ArticleTexts

        # (each text read when a date of its article is: all of them as Python strings were
        # 120 MB at 10kGNAD x16)
        self.texts = ArticleTexts(articles)
        self.languages = dict(zip(articles.article_id, articles.language, strict=True))
        self.published = dict(zip(articles.article_id, articles.published, strict=True))
        self.people: dict[str, list[tuple[int, int]]] = {}
        persons = entities[entities.kind == "person"]  # (a place names the event's place)
        for article, first, last in zip(persons.article_id, persons.start, persons.end,
                                        strict=True):
            self.people.setdefault(article, []).append((int(first), int(last)))

    def language(self, row) -> str:
        return self.languages.get(row.article_id, "de")

    def written_after(self, article_id, day) -> bool:
        """Whether an article was published, known to the day, on or after ``day``."""
        return _written_after(self.published.get(article_id), day)

    def near(self, row) -> frozenset[str]:
        """The event words around a date, in its sentence."""
        return _near_words(self.texts.get(row.article_id, ""), self.language(row),
                           int(row.start), int(row.end), self.people.get(row.article_id, []))

    def tied(self, row) -> frozenset[str]:
        """The event words tied to a date (``_tied_words``)."""
        return _tied_words(self.texts.get(row.article_id, ""), self.language(row),
                           int(row.start), int(row.end), self.dates.get(row.article_id, []),
                           self.people.get(row.article_id, []))

    def near_kinds(self, row) -> set[str]:
        """The kinds of event named by the words tied to a date."""
        language = self.language(row)
        language = language if language in resources.LANGUAGES else "de"
        return {kind for word in self.tied(row) if (kind := kind_of_word(word, language))}


class _ExplicitDates:
    """The explicit days of the corpus with the words around each, under blocking keys: in
    one article an event noun, across articles an event noun with a specific word. Each
    relative date is compared only with the dates under its keys."""

    def __init__(self, explicit, context: _DateContext) -> None:
        self.context = context
        self.dates = list(explicit.itertuples(index=False))
        self.near_dates = [context.near(other) for other in self.dates]
        self.own_keys: dict[tuple, list[int]] = {}
        self.cross_keys: dict[tuple, list[int]] = {}
        for i, (other, words) in enumerate(zip(self.dates, self.near_dates, strict=True)):
            language = context.language(other)
            events = _events(words, language)
            specifics = [w for w in words - set(events) if self.is_specific(w, language)]
            for event in events:
                self.own_keys.setdefault((other.article_id, event), []).append(i)
                for word in specifics:
                    self.cross_keys.setdefault((event, word), []).append(i)

    @staticmethod
    def is_specific(word: str, language: str) -> bool:
        """Whether a word is rare in the language: then two dates it stands next to in two
        articles likely speak of one event."""
        return _zipf(word, language) < _RARE

    def candidates(self, row, words: frozenset[str], events: list[str],
                   language: str) -> set[int]:
        """The explicit dates that share a blocking key with a relative date."""
        specifics = [w for w in words - set(events) if self.is_specific(w, language)]
        candidates = {i for event in events
                      for i in self.own_keys.get((row.article_id, event), ())}
        candidates.update(i for event in events for word in specifics
                          if len(self.cross_keys.get((event, word), ())) <= _COMMON
                          for i in self.cross_keys.get((event, word), ()))
        return candidates

    def contradicting(self, row):
        """The explicit date given for the event of a relative date that cannot overlap it,
        as (explicit row, event words shared, specific words shared), or None: its own
        article's first, then the one sharing the most words."""
        language = self.context.language(row)
        words = self.context.near(row)
        events = _events(words, language)
        if not events:
            return None
        best = None
        for i in self.candidates(row, words, events, language):
            other = self.dates[i]
            own = other.article_id == row.article_id
            if own and other.sent_id == row.sent_id:
                continue  # "vor wenigen Tagen, am 3. Februar": TMP005's apposition
            if _overlap(row, other) or _years_apart(row, other):
                continue
            # across articles, both dates report what has happened by their articles'
            # publication: a day announced ahead ("the debate on April 14" before it) or a
            # stretch ahead ("next week") is a plan, and a plan that changes is a
            # developing story, not a contradiction
            if not own and not (self.context.written_after(other.article_id, other.latest)
                                and self.context.written_after(row.article_id, row.latest)):
                continue
            shared = words & self.near_dates[i]
            # the event word must be tied to both dates, not merely near them: a sentence
            # may date two things ("the speech on July 15 ... drawn attention in recent days")
            event = _events(self.context.tied(row) & self.context.tied(other), language)
            if not event:
                continue
            rare = sorted(w for w in shared - set(event) if self.is_specific(w, language))
            if not own and not rare:
                continue
            key = (not own, -len(shared), str(other.article_id), int(other.start))
            if best is None or key < best[0]:
                best = (key, other, event, rare)
        return None if best is None else best[1:]


def _finding(row, other, where: str) -> Finding:
    return Finding.at(
        row,
        f"‘{row.text}’ means {_interval(row.earliest, row.latest)} from the publication "
        f"date, but {where} ‘{other.text}’ ({_interval(other.earliest, other.latest)})",
        related=(Span(other.article_id, int(other.start), int(other.end)),))
