"""Events and their mentions, within and across articles (the ``events`` table).

A claim mentions an event when it names one of a kind (``[kinds]`` in ``events.toml``: the
kinds are shared across languages, so "Telefonat", "Anruf" and "call" are one kind). The
mentions are grouped by blocking keys, never by comparing all pairs:

1. **story**: articles whose titles and leads share rare words (names are compared by their
   spelling keys, so "Selenskyj" and "Zelensky" match across languages), published within
   ``STORY_WINDOW_DAYS`` of each other. Each article is compared only with those that share
   one of its rarest words and its time window.
2. **kind**: within a story, the mentions of one kind.
3. **date and participants**: mentions whose dates overlap and whose people agree are one
   event. Mentions of the same kind with dates that cannot both hold are still *one* event
   (reported two ways: what CON001 flags) only when nothing says they are two: the two
   dates are in different articles, no article gives both, no mention says "again",
   "second", "another" (``[markers] repeat``), the people of one are among those of the
   other (a call between others is another call), they name no two different places
   (``places.toml``), and each
   article was published after both dates (an earlier article could not know of a later
   event, so a later date there is a later event: a developing story).

Mentions without a date (or with a vague one) join the one event of their kind in their
story, or the one in their own article, unless they or its dated mentions say it is
another ("erneut", "beim letzten Treffen"), or, for kinds told apart by who takes part
(``by_participants`` in ``events.toml``: calls, meetings), they name someone that event
lacks: then they open another event.

Elections, votes, verdicts and signings are told apart by day and place instead: their
events are merged across stories under the key (kind, day, place), so reports in two
languages whose titles share too few words still meet.
Building the table fills ``assertions.event_id``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from functools import cache
from itertools import combinations
from operator import itemgetter

import pandas as pd

from audit import resources
from audit.normalise.entities import spelling_key, word_frequencies
from audit.tables import frame

#: Articles of one story are published at most this many days apart.
STORY_WINDOW_DAYS = 14
#: How many of its rarest words an article is blocked by, and how many articles a word may
#: be shared by to serve as a key (a word in more articles names no particular story).
STORY_KEYS = 8
STORY_BLOCK_LIMIT = 50
#: Two articles are one story when their titles and leads share this many rare words, and
#: this share of the rare words of the one with fewer; a word is rare below this Zipf
#: frequency in its language ("Außenminister" 3.2, "Regierung" 4.6).
STORY_SHARED = 3
STORY_SIMILARITY = 0.2
STORY_RARE = 4.0
_RARE_FREQUENCY = 10 ** (STORY_RARE - 9)  # (Zipf is log10 of the frequency per 10⁹ words)
#: How much of the text after the title counts as the lead.
LEAD_CHARACTERS = 400
_DATED_BASES = {"explicit", "relative"}
#: The readings that name a day ("am 5. Mai", "am Montag", "gestern"); a vague one ("vor
#: wenigen Tagen") does not date a mention (TMP001 compares it with the event's days).
_DAY_READINGS = ["date", "weekday", "relative_day"]
_TOKEN = re.compile(r"[^\W\d_][\w-]{3,}")


@cache
def _kinds(language: str) -> dict[str, str]:
    """The kind each listed word of a language names (a word listed twice: the first)."""
    table = resources.load(language, "events").get("kinds", {})
    kinds: dict[str, str] = {}
    for kind, words in table.items():
        for word in words:
            kinds.setdefault(word.casefold(), kind)
    return kinds


@cache
def _places() -> tuple[re.Pattern[str], dict[str, str]]:
    """The listed places (``places.toml``): one pattern of all their names, and the key of
    each name."""
    table = resources.load_shared("places").get("places", {})
    keys = {name: key for key, names in table.items() for name in names}
    if not keys:
        return re.compile(r"(?!)"), {}
    body = "|".join(map(re.escape, sorted(keys, key=len, reverse=True)))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])"), keys


def mention_place(text: str) -> str | None:
    """The key of the first listed place a claim names ("in Genf", "in Geneva" → geneva)."""
    pattern, keys = _places()
    match = pattern.search(text)
    return keys[match.group()] if match else None


@cache
def _compounds(language: str) -> bool:
    return bool(resources.load(language, "events").get("compounds"))


@cache
def _repeat_markers(language: str) -> re.Pattern[str]:
    words = resources.load(language, "events").get("markers", {}).get("repeat", [])
    if not words:
        return re.compile(r"(?!)")
    body = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@cache
def kind_of_word(word: str, language: str) -> str | None:
    """The kind a lowercase word names: listed whole, or (in a language of compounds) the
    longest listed word it ends with."""
    kinds = _kinds(language)
    if word in kinds:
        return kinds[word]
    if _compounds(language):
        for i in range(1, len(word) - 2):
            if word[i:] in kinds:
                return kinds[word[i:]]
    return None


def mention_kind(text: str, words: list[str], language: str) -> str | None:
    """The kind of event a claim names: of its ``words`` (lowercase) that name a kind, the
    one that stands first in ``text``; ``None`` when none does."""
    found: list[tuple[int, str]] = []
    for word in words:
        kind = kind_of_word(word, language)
        if kind is not None:
            found.append((text.casefold().find(word), kind))
    return min(found)[1] if len(found) > 1 else found[0][1] if found else None


# -- stories ---------------------------------------------------------------------------------
def _rare(word: str, language: str) -> bool:
    """Whether a lowercase word is rare enough in its language to tell a story apart (Zipf
    frequency below ``STORY_RARE``: "gefangenenaustausch", "lawrow"; not "regierung").
    The frequency list is read directly: a look-up per word, not a tokenisation."""
    return word_frequencies(language).get(word, 0.0) < _RARE_FREQUENCY


def _story_words(title: str, text: str, language: str) -> frozenset[str]:
    """The rare words of a title and lead, a capitalised one (a name, a German noun) by its
    spelling key, so transliterations match across languages ("Selenskyj", "Zelensky")."""
    lead = text[:len(title) + LEAD_CHARACTERS] if text.startswith(title) else \
        f"{title} {text[:LEAD_CHARACTERS]}"
    words = set()
    for word in set(_TOKEN.findall(lead)):
        if _rare(word.casefold(), language):
            words.add(spelling_key(word) if word[0].isupper() else word.casefold())
    return frozenset(words)


class _UnionFind:
    def __init__(self, items):
        self.parent = {item: item for item in items}

    def find(self, item):
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, left, right) -> None:
        left, right = self.find(left), self.find(right)
        if left != right:  # the earlier item stays the root (story keys are first articles)
            self.parent[max(left, right)] = min(left, right)


def stories(articles: pd.DataFrame) -> dict[str, str]:
    """The story of each article: the id of the first article (in table order) of the group
    of articles whose titles and leads share at least ``STORY_SHARED`` rare words, making up
    at least ``STORY_SIMILARITY`` of the rare words of the one with fewer, and that were
    published within ``STORY_WINDOW_DAYS`` of one another (undated articles are compared
    with undated ones only).

    Articles are compared only within blocks of a shared rare word (each article's
    ``STORY_KEYS`` least shared words, each shared by at most ``STORY_BLOCK_LIMIT``
    articles): never all pairs."""
    ids = articles.article_id.astype(str).tolist()
    words = [_story_words(title if isinstance(title, str) else "",
                          text if isinstance(text, str) else "", language)
             for title, text, language in zip(articles.title.tolist(),
                                               articles.text.tolist(),
                                               articles.language.tolist(), strict=True)]
    days = [_day(value) for value in articles.published.tolist()]
    frequency = Counter(word for rare in words for word in rare)
    # blocking keys: a rare word and a time window (the window of the publication day and
    # the one after it, so two articles at most a window apart share one); undated
    # articles are blocked among themselves
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, rare in enumerate(words):
        shared = sorted((frequency[w], w) for w in rare if 1 < frequency[w] <= STORY_BLOCK_LIMIT)
        window = days[i].toordinal() // STORY_WINDOW_DAYS if days[i] else None
        for _, word in shared[:STORY_KEYS]:
            blocks[(word, window)].append(i)
            if window is not None:
                blocks[(word, window + 1)].append(i)
    union = _UnionFind(range(len(ids)))
    compared: set[tuple[int, int]] = set()
    for members in blocks.values():
        for left, right in combinations(members, 2):
            if (left, right) in compared:
                continue
            compared.add((left, right))
            if days[left] and abs((days[left] - days[right]).days) > STORY_WINDOW_DAYS:
                continue
            common = len(words[left] & words[right])
            if common >= STORY_SHARED and \
                    common >= STORY_SIMILARITY * min(len(words[left]), len(words[right])):
                union.join(left, right)
    return {article_id: ids[union.find(i)] for i, article_id in enumerate(ids)}


def _day(value) -> dt.date | None:
    """A publication date to the day (a month or a year precision gives none)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


# -- events ----------------------------------------------------------------------------------
class _Mention:
    __slots__ = ("assertion_id", "article_id", "order", "kind", "participants", "earliest",
                 "latest", "timex_id", "repeat", "published", "place")

    def __init__(self, **values):
        for name, value in values.items():
            setattr(self, name, value)

    @property
    def dated(self) -> bool:
        return self.earliest is not None


def one_person(key: str, other: str) -> bool:
    """Whether two entity keys may name one person: equal, or a family key alone
    ("selenski") and a full key that ends with it."""
    return key == other or key.endswith(" " + other) or other.endswith(" " + key)


def _same_people(left: frozenset[str], right: frozenset[str]) -> bool:
    """Whether two sets of entity keys share a person."""
    return any(one_person(a, b) for a in left for b in right)


def _among(left: frozenset[str], right: frozenset[str]) -> bool:
    """Whether every person of one set is in the other (the two name the same people, one
    perhaps fewer of them)."""
    smaller, larger = sorted((left, right), key=len)
    return all(any(one_person(a, b) for b in larger) for a in smaller)


def _overlap(left: _Mention, right: _Mention) -> bool:
    return left.earliest <= right.latest and right.earliest <= left.latest


class _Event:
    def __init__(self, mentions: list[_Mention]):
        self.mentions = mentions

    @property
    def people(self) -> frozenset[str]:
        return frozenset().union(*(m.participants for m in self.mentions))

    @property
    def articles(self) -> set[str]:
        return {m.article_id for m in self.mentions}

    @property
    def dated(self) -> list[_Mention]:
        return [m for m in self.mentions if m.dated]

    @property
    def places(self) -> set[str]:
        return {m.place for m in self.mentions if m.place}


def _reported_two_ways(left: _Event, right: _Event) -> bool:
    """Whether two groups of mentions with dates that cannot both hold are one event
    reported with different dates (see the module docstring), not two events."""
    if left.articles & right.articles:
        return False  # an article that gives both dates tells of two events
    if left.places and right.places and not left.places & right.places:
        return False  # two places: two events
    if any(m.repeat for m in left.mentions + right.mentions):
        return False
    if not by_people(left.mentions[0].kind):
        if not left.places & right.places:
            return False  # (an election is known by its place, not by who is named)
    elif not (left.people and right.people and _among(left.people, right.people)):
        return False
    for one, other in ((left, right), (right, left)):
        last = max(m.latest for m in other.dated)
        if any(m.published is None or m.published < last for m in one.mentions):
            return False
    return True


def _link_block(mentions: list[_Mention]) -> list[_Event]:
    """The events of one block (one story, one kind)."""
    events = _events_of_dated([m for m in mentions if m.dated])
    _merge_reported_two_ways(events)
    _attach_undated([m for m in mentions if not m.dated], events)
    for event in events:
        event.mentions.sort(key=lambda m: m.order)
    return events


def _events_of_dated(dated: list[_Mention]) -> list[_Event]:
    """Dated mentions grouped into events: dates that overlap, people that agree."""
    events: list[_Event] = []
    for mention in dated:
        home = next((e for e in events
                     if any(_overlap(mention, m) for m in e.dated)
                     and (not mention.participants or not e.people
                          or not by_people(mention.kind)
                          or _same_people(mention.participants, e.people))), None)
        if home is None:
            events.append(_Event([mention]))
        else:
            home.mentions.append(mention)
    return events


def _merge_reported_two_ways(events: list[_Event]) -> None:
    """Merge, in place, the events that are one event with dates that cannot both hold."""
    merged = True
    while merged:
        merged = False
        for left, right in combinations(events, 2):
            if _reported_two_ways(left, right):
                left.mentions.extend(right.mentions)
                events.remove(right)
                merged = True
                break


def _attach_undated(undated: list[_Mention], events: list[_Event]) -> None:
    """Give each mention without a date of its own to the one event it can only mean, in
    place; a repeated one ("erneute Gespräche") opens another round, and so does one whose
    people are not all among an event's (a call between Rubio and Barrot is not the call
    between Rubio and Lawrow) where people tell events of its kind apart."""
    for mention in undated:
        if mention.repeat and any(e.dated for e in events):
            events.append(_Event([mention]))  # "erneute Gespräche": another round
            continue
        # an event its mentions call another one ("beim letzten Treffen") takes no mention
        # that does not name its date
        open_events = [e for e in events if not any(m.repeat for m in e.dated)]
        told_apart = by_people(mention.kind) and mention.participants
        if told_apart:
            open_events = [e for e in open_events
                           if not e.people or _among(mention.participants, e.people)
                           and all(any(one_person(p, q) for q in e.people)
                                   for p in mention.participants)]
        if len(open_events) == 1 and (len(events) == 1 or told_apart):
            open_events[0].mentions.append(mention)
            continue
        own = [e for e in open_events if mention.article_id in e.articles]
        if len(own) == 1:
            own[0].mentions.append(mention)
        elif not events or told_apart and not open_events:
            events.append(_Event([mention]))


def link_events(tables) -> tuple[pd.DataFrame, dict[str, str]]:
    """The ``events`` table of a normalised corpus, and the event of each linked claim."""
    if tables.assertions.empty:
        return frame("events", []), {}
    rows, event_of = [], {}
    linked = [(story, kind, event) for (story, kind), mentions in _mention_blocks(tables).items()
              for event in _link_block(mentions)]
    for story, kind, event in _across_stories(linked):
        event.mentions.sort(key=lambda m: m.order)
        event_id = f"{event.mentions[0].assertion_id}#{kind}"
        rows.append(_event_row(event, event_id, kind, story))
        for mention in event.mentions:
            event_of[mention.assertion_id] = event_id
    rows.sort(key=itemgetter("_order"))
    for row in rows:
        del row["_order"]
    return frame("events", rows), event_of


@cache
def by_people(kind: str) -> bool:
    """Whether events of a kind are told apart by who takes part (a call, a meeting), not
    only by day and place (an election, a verdict: ``by_participants`` in events.toml)."""
    return kind in resources.load_shared("events").get("by_participants", ())


_LOCATIVE = re.compile(r"(?<![\w-])(?:in|im|bei|nahe|von|at|near|of)\s+$", re.IGNORECASE)


def _place_keys(entities, texts: dict[str, str]) -> dict[str, str]:
    """The key of each place named where something happens ("in Varnholm", "bei Tallinn";
    entity id → entity key): the place of an event that no listed city names. Countries and
    regions (``entities.toml``) are not such places."""
    if entities.empty:
        return {}
    # countries and regions are too wide to tell two elections or verdicts of a day apart
    wide = {names[0] for names in resources.load_shared("entities").get("place", {}).values()}
    places = entities[(entities.kind == "place") & ~entities.canonical.isin(wide)]
    return {entity_id: key for entity_id, key, article_id, start in zip(
                places.entity_id.tolist(), places.entity_key.tolist(),
                places.article_id.tolist(), places.start.tolist(), strict=True)
            if _LOCATIVE.search(texts.get(article_id, "")[max(0, start - 6):start])}


def _across_stories(linked: list[tuple[str, str, _Event]]) -> list[tuple[str, str, _Event]]:
    """The events of all stories, those of one kind that no people tell apart (an
    election, a signing) merged when stories differ but they share a day and a place:
    reports whose titles share too few words (they name other winners, in another
    language) still meet there. Grouped by that key, never compared in pairs."""
    keyed: dict[tuple, list[int]] = defaultdict(list)
    for i, (_, kind, event) in enumerate(linked):
        if by_people(kind) or any(m.repeat for m in event.mentions):
            continue
        days = {(m.earliest, m.latest) for m in event.dated}
        if len(days) == 1 and len(event.places) == 1:
            (earliest, latest), = days
            if earliest == latest:
                keyed[(kind, earliest, *event.places)].append(i)
    merged: dict[int, int] = {}
    for members in keyed.values():
        first = members[0]
        for other in members[1:]:
            if linked[other][0] != linked[first][0]:  # (one story: linked already)
                linked[first][2].mentions.extend(linked[other][2].mentions)
                merged[other] = first
    return [item for i, item in enumerate(linked) if i not in merged]


def _person_keys(entities) -> dict[str, str]:
    """The corpus-wide key of each person mention (entity id → entity key)."""
    if entities.empty:
        return {}
    persons = entities[entities.kind == "person"]
    return dict(zip(persons.entity_id.tolist(), persons.entity_key.tolist(), strict=True))


def _day_timexes(timexes) -> set[str]:
    """The ids of the dates that name a day (written out or named, not a vague stretch)."""
    if timexes.empty:
        return set()
    return set(timexes.timex_id[(timexes.granularity == "day")
                                & timexes.reading.isin(_DAY_READINGS)].tolist())


def _mention_blocks(tables) -> dict[tuple[str, str], list[_Mention]]:
    """The claims that mention an event, by block (story, kind of event), in corpus order:
    only mentions of one block can be one event."""
    articles, assertions = tables.articles, tables.assertions
    language_of = dict(zip(articles.article_id.tolist(), articles.language.tolist(),
                           strict=True))
    published = {article_id: _day(value) for article_id, value in
                 zip(articles.article_id.tolist(), articles.published.tolist(), strict=True)}
    story_of = stories(articles)
    people = _person_keys(tables.entities)
    places = _place_keys(tables.entities, dict(zip(articles.article_id.tolist(),
                                                   articles.text.tolist(), strict=True)))
    timex_day = _day_timexes(tables.timexes)
    blocks: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    for order, row in enumerate(zip(
            assertions.assertion_id.tolist(), assertions.article_id.tolist(),
            assertions.text.tolist(), assertions.event_words.tolist(),
            assertions.entity_ids.tolist(), assertions.event_earliest.tolist(),
            assertions.event_latest.tolist(), assertions.date_basis.tolist(),
            assertions.event_timex_id.tolist(), strict=True)):
        (assertion_id, article_id, text, words, entity_ids, earliest, latest, basis,
         timex_id) = row
        language = language_of.get(article_id)
        language = language if language in resources.LANGUAGES else "de"
        kind = mention_kind(text, list(words) if words is not None else [], language)
        if kind is None:
            continue
        # a day written out or named (not a vague stretch), of the claim's own sentence,
        # dates it; others do not
        dated = basis in _DATED_BASES and timex_id in timex_day and earliest is not None
        entity_ids = entity_ids if entity_ids is not None else ()
        participants = frozenset(people[e] for e in entity_ids if people.get(e))
        place = mention_place(text) or next((places[e] for e in entity_ids if e in places),
                                            None)
        blocks[(story_of.get(article_id, article_id), kind)].append(_Mention(
            assertion_id=assertion_id, article_id=article_id, order=order, kind=kind,
            participants=participants, earliest=earliest if dated else None,
            latest=latest if dated else None, timex_id=timex_id if dated else None,
            repeat=bool(_repeat_markers(language).search(text)),
            published=published.get(article_id), place=place))
    return blocks


def _event_row(event: _Event, event_id: str, kind: str, story: str) -> dict:
    """The ``events`` row of one event (with ``_order``, its first mention's place in the
    corpus, to sort by)."""
    dated = event.dated
    earliest = max((m.earliest for m in dated), default=None)
    latest = min((m.latest for m in dated), default=None)
    if earliest is not None and earliest > latest:
        earliest = latest = None  # the mentions disagree
    return {
        "event_id": event_id, "kind": kind, "participants": sorted(event.people),
        "place": next((m.place for m in event.mentions if m.place), None),
        "earliest": earliest, "latest": latest,
        "mentions": [m.assertion_id for m in event.mentions], "story": story,
        "articles": sorted(event.articles, key=lambda a: min(
            m.order for m in event.mentions if m.article_id == a)),
        "dates": [[m.assertion_id, m.timex_id, m.earliest, m.latest] for m in dated],
        "_order": event.mentions[0].order}


def events_table(tables) -> pd.DataFrame:
    """The ``events`` table (``audit.tables.Tables``); fills ``assertions.event_id``."""
    events, event_of = link_events(tables)
    assertions = tables.assertions
    if not assertions.empty:
        assertions["event_id"] = pd.array(
            [event_of.get(a) for a in assertions.assertion_id.tolist()], dtype="str")
    return events
