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

Who takes part in an event are the persons and organisations named in the clause of the word
of the event, else near it (``PARTICIPANT_REACH``), not an organisation that only reports it
("teilte das Ministerium mit"), a name in the genitive that owns something else ("Trumps
Verpflichtung"), nor a name its article gives too little evidence for (one mention after a
role noun, a given name alone). A word that says "another" ("erneut", "again") or "an
earlier one" ("beim letzten Treffen") counts only near the word of the event. A kind is
also named by phrases ("trafen sich", "kamen … zusammen", "met with": ``[phrases]``) in a
claim that names someone or a place.

A mention without a day of its own (or with a vague one, "vor einigen Tagen") joins the
event it most plausibly means, or opens one of its own: in its own article the event
mentioned nearest before it; in another article of its story only an event it shares a
person, organisation or place with, dated (if at all) before its article was published,
the nearest such; never an event whose people it contradicts (for kinds told apart by who
takes part, ``by_participants`` in ``events.toml``), another place, or one its mentions
call an earlier one. An article without a publication day does not tell which of two
calls between the same people it means: its undated mentions join events of its own
article only.

Elections, votes, verdicts and signings are told apart by day and place instead: their
events are merged across stories under the key (kind, day, place), so reports in two
languages whose titles share too few words still meet.
Building the table fills ``assertions.event_id``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from functools import cache, lru_cache
from itertools import combinations
from operator import itemgetter
from typing import TYPE_CHECKING

from audit import resources
from audit.normalise.entities import given_names, spelling_key
from audit.resources.frequencies import word_frequencies

if TYPE_CHECKING:  # (pandas is imported where tables are built: checks import this module
    import pandas as pd  # for its look-ups, and `audit checks` should not load pandas)

#: Articles of one story are published at most this many days apart.
STORY_WINDOW_DAYS = 14
#: Reports of the same news: published at most this many days apart (an event neither
#: dates is told in both only then).
SAME_NEWS_DAYS = 2
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
#: ... and of the title: a longer one is a text without a title (a record whose title
#: field is its whole text, a file whose first line is a paragraph).
TITLE_CHARACTERS = 300
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
def _markers(language: str, name: str) -> frozenset[str]:
    """The words of a ``[markers]`` list of a language (``repeat``, ``earlier``)."""
    words = resources.load(language, "events").get("markers", {}).get(name, [])
    return frozenset(word.casefold() for word in words)


_WORDS = re.compile(r"[^\W\d_][\w-]*")
#: A word that says "another" counts this many words before the word of the event
#: ("erneute Gespräche", "ein zweites Telefonat", "another call") and, after a verb,
#: this many after it ("telefonierten erneut", "phoned minister Brandt again"); a German
#: noun takes none after it ("in dem Telefonat am Donnerstag erneut ausmanövriert": the
#: outmanoeuvring was repeated, not the call).
REPEAT_BEFORE, REPEAT_AFTER = 3, 5


def _repeated(text: str, start: int, end: int, phrase: bool, language: str) -> str | None:
    """Whether a word near the word of the event (``text[start:end]``) says it is another
    one of its kind: ``repeat`` ("erneut", "zweites", "again", "another"; also one still to
    come, ``planned``: "die geplanten Gespräche", "the upcoming talks"), ``earlier``
    ("beim letzten Treffen", "the previous call"), or ``None``."""
    near = _WORDS.findall(text, max(0, start - 80), start)[-REPEAT_BEFORE:]
    word_start = start
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "-"):
        word_start -= 1
    if phrase or not _compounds(language) or text[word_start:word_start + 1].islower():
        near += _WORDS.findall(text, end, end + 120)[:REPEAT_AFTER]
    said = {word.casefold() for word in near}
    if said & _markers(language, "earlier"):
        return "earlier"
    # a planned one is another than one that took place, as a repeated one is
    return "repeat" if said & (_markers(language, "repeat") | _markers(language, "planned")) \
        else None


@cache
def kind_of_word(word: str, language: str) -> str | None:
    """The kind a lowercase word names: listed whole, or (in a language of compounds) the
    longest listed word it ends with."""
    kinds = _kinds(language)
    if word in kinds:
        return kinds[word]
    endings = _endings(language)
    if endings is None:
        return None
    tails, tail, lengths = endings
    if word[-tail:] not in tails:  # (most words: they end as no listed word does)
        return None
    for length in lengths:
        if length < len(word) and word[-length:] in kinds:
            return kinds[word[-length:]]
    return None


@cache
def _endings(language: str) -> tuple[frozenset[str], int, tuple[int, ...]] | None:
    """In a language of compounds, what tells the listed word a word ends with: the last
    ``tail`` letters of every listed word (a word that ends in none of them ends in none of
    the listed words), ``tail``, and the lengths of the listed words, longest first."""
    if not _compounds(language) or not _kinds(language):
        return None
    kinds = _kinds(language)
    tail = min(map(len, kinds))
    return (frozenset(word[-tail:] for word in kinds), tail,
            tuple(sorted({len(word) for word in kinds}, reverse=True)))


@cache
def _phrases(language: str) -> tuple[re.Pattern[str] | None, dict[str, str], tuple[str, ...]]:
    """One pattern of the phrases that name a kind (``[phrases]`` in ``events.toml``;
    "…" stands for up to six words of one clause, none a number), each phrase a named
    group; the kind of each group; and a word of each phrase (its first, or its last
    after "sich"), lowercase: a claim that holds none of them is not searched."""
    table = resources.load(language, "events").get("phrases", {})
    not_after = table.get("not_after", [])
    kinds, bodies, anchors = {}, [], set()
    for kind, phrases in table.items():
        if kind == "not_after":
            continue
        for phrase in phrases:
            words = phrase.replace("…", " ").split()
            anchors.add((words[-1] if words[0] == "sich" else words[0]).lower())
            group = f"p{len(kinds)}"
            kinds[group] = kind
            body = r"(?:\s+[^\s\d.,;:!?„“”\"()]+){0,6}?\s+".join(
                r"\s+".join(map(re.escape, part.split())) for part in phrase.split("…"))
            bodies.append(f"(?P<{group}>{body})")
    if not bodies:
        return None, {}, ()
    guard = ""
    if not_after:
        words = "|".join(sorted(map(re.escape, not_after), key=len, reverse=True))
        guard = rf"(?!\s+(?:(?:a|an|the)\s+)?(?:{words})(?![\w-]))"
    return re.compile(rf"(?<![\w-])(?:{'|'.join(bodies)})(?![\w-]){guard}",
                      re.IGNORECASE), kinds, tuple(sorted(anchors))


def mention_kind(text: str, words: list[str], language: str) -> str | None:
    """The kind of event a claim names: of its ``words`` (lowercase) that name a kind, and
    the phrases that do (``[phrases]`` in ``events.toml``: "trafen sich", "met with"), the
    one that stands first in ``text``; ``None`` when none does."""
    found = kind_in(text, words, language)
    return found[0] if found else None


def kind_in(text: str, words: list[str], language: str
            ) -> tuple[str, int, int, bool] | None:
    """The kind of event a claim names (see :func:`mention_kind`), where the word or
    phrase that names it starts and ends in ``text``, and whether a phrase names it."""
    found: list[tuple[int, int, str, bool]] = []
    folded = None
    for word in words:
        kind = kind_of_word(word, language)
        if kind is not None:
            folded = text.casefold() if folded is None else folded
            at = max(folded.find(word), 0)
            found.append((at, at + len(word), kind, False))
    pattern, phrase_kinds, anchors = _phrases(language)
    if pattern is not None and any(map(text.lower().__contains__, anchors)):
        match = pattern.search(text)
        if match is not None:
            found.append((match.start(), match.end(), phrase_kinds[match.lastgroup], True))
    if not found:
        return None
    start, end, kind, phrase = min(found)
    return kind, start, end, phrase


# -- stories ---------------------------------------------------------------------------------
def _story_words(title: str, text: str, language: str) -> frozenset[str]:
    """The rare words of a title and lead, a capitalised one (a name, a German noun) by its
    spelling key, so transliterations match across languages ("Selenskyj", "Zelensky")."""
    title = title[:TITLE_CHARACTERS]
    lead = text[:len(title) + LEAD_CHARACTERS] if text.startswith(title) else \
        f"{title} {text[:LEAD_CHARACTERS]}"
    return _rare_words(lead, language)


@lru_cache(maxsize=1 << 16)
def _rare_words(lead: str, language: str) -> frozenset[str]:
    """The words of a lead that are rare enough in its language to tell a story apart (Zipf
    frequency below ``STORY_RARE``: "gefangenenaustausch", "lawrow"; not "regierung"),
    read from the frequency list directly (a look-up per word, not a tokenisation).
    Kept for the run: the events table and CON006's blocking keys both read the stories."""
    frequencies = word_frequencies(language)
    words = set()
    for word in set(_TOKEN.findall(lead)):
        folded = word.casefold()
        if frequencies.get(folded, 0.0) < _RARE_FREQUENCY:
            words.add(spelling_key(word) if word[0].isupper() else folded)
    return frozenset(words)


def forget_leads() -> None:
    """Empty the cache of the leads' rare words (a benchmark times each stage cold)."""
    _rare_words.cache_clear()


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


def leads_of(articles: pd.DataFrame) -> pd.DataFrame:
    """What the stories are read from, one row per row of ``articles`` (any status, in
    order): ``article_id``, ``story_words`` (the rare words of its title and lead, sorted)
    and ``day`` (its publication day, or ``None``). Per article: a partition's rows are its
    own, and the rows of all partitions in order are the corpus's."""
    import pandas as pd

    titles = [title[:TITLE_CHARACTERS] if isinstance(title, str) else ""
              for title in articles.title.tolist()]
    # only the heads of the texts are read: the corpus is not copied into Python strings
    heads = articles.text.str.slice(0, max(map(len, titles), default=0) + LEAD_CHARACTERS)
    words = [sorted(_story_words(title, head if isinstance(head, str) else "", language))
             for title, head, language in zip(titles, heads.tolist(),
                                               articles.language.tolist(), strict=True)]
    return pd.DataFrame({
        "article_id": pd.Series(articles.article_id.astype(str).tolist(), dtype="str"),
        "story_words": pd.Series(words, dtype=object),
        "day": pd.Series([_day(value) for value in articles.published.tolist()],
                         dtype=object)})


def stories(articles: pd.DataFrame) -> dict[str, str]:
    """The story of each article: the id of the first article (in table order) of the group
    of articles whose titles and leads share at least ``STORY_SHARED`` rare words, making up
    at least ``STORY_SIMILARITY`` of the rare words of the one with fewer, and that were
    published within ``STORY_WINDOW_DAYS`` of one another (undated articles are compared
    with undated ones only).

    Articles are compared only within blocks of a shared rare word (each article's
    ``STORY_KEYS`` least shared words, each shared by at most ``STORY_BLOCK_LIMIT``
    articles): never all pairs."""
    return stories_of_leads(leads_of(articles))


def stories_of_leads(leads: pd.DataFrame) -> dict[str, str]:
    """:func:`stories` from the articles' leads (:func:`leads_of`): narrow columns only."""
    ids = leads.article_id.tolist()
    # (each article's words as the leads hold them, a sorted list of distinct words; a set
    # made only for the article compared with the others of a block: a set of every
    # article's words took 1.6 kB an article, 26 MB at 10kGNAD x16)
    words = leads.story_words.tolist()
    days = leads.day.tolist()
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
    for members in blocks.values():
        for number, left in enumerate(members):
            left_words = None
            for right in members[number + 1:]:
                # two articles of one story already need no comparing (not a set of the
                # pairs compared: at 10kGNAD x16, whose copies share their words, 44 MB)
                if union.find(left) == union.find(right):
                    continue
                if days[left] and abs((days[left] - days[right]).days) > STORY_WINDOW_DAYS:
                    continue
                if left_words is None:
                    left_words = frozenset(words[left])
                common = len(left_words.intersection(words[right]))
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
#: The people of a mention that names no one.
_NO_ONE: frozenset[str] = frozenset()


class _Mention:
    __slots__ = ("assertion_id", "article_id", "order", "kind", "participants", "persons",
                 "earliest", "latest", "timex_id", "repeat", "earlier", "published", "place",
                 "text_hash")

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
        """The persons and organisations its mentions name."""
        return frozenset().union(*(m.participants for m in self.mentions))

    @property
    def persons(self) -> frozenset[str]:
        return frozenset().union(*(m.persons for m in self.mentions))

    @property
    def articles(self) -> set[str]:
        return {m.article_id for m in self.mentions}

    @property
    def dated(self) -> list[_Mention]:
        return [m for m in self.mentions if m.dated]

    @property
    def places(self) -> set[str]:
        return {m.place for m in self.mentions if m.place}


def _who(left: _Mention | _Event, right: _Mention | _Event
         ) -> tuple[frozenset[str], frozenset[str]]:
    """Who takes part in each, as compared: the persons where both name persons (a
    ministry named beside them says nothing against "Rubio and Lawrow"), else the persons
    and organisations ("die Partei", "the ministry")."""
    if left.persons and right.persons:
        return left.persons, right.persons
    return left.participants if isinstance(left, _Mention) else left.people, \
        right.participants if isinstance(right, _Mention) else right.people


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
    else:
        one, other = _who(left, right)
        if not (one and other and _among(one, other)):
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
                     and (not by_people(mention.kind)
                          or not all(_who(mention, e))
                          or _same_people(*_who(mention, e)))), None)
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
    """Give each mention without a day of its own to the event it most plausibly means, in
    place, or open an event of its own (:func:`_plausible_event`); a repeated one
    ("erneute Gespräche") opens another round."""
    for mention in undated:
        home = None if mention.repeat and any(e.dated for e in events) else \
            _plausible_event(mention, events)
        if home is None:
            events.append(_Event([mention]))
        else:
            home.mentions.append(mention)


def _compatible(mention: _Mention, event: _Event) -> bool:
    """Whether nothing says a mention without a day is not of an event: no other place,
    where people tell events of its kind apart no one the event lacks while it has someone
    the mention lacks (a call between Rubio and Barrot is not the call between Rubio and
    Lawrow), not an event its mentions call an earlier one ("beim letzten Treffen"), and
    not an event dated after the mention's article was published."""
    if any(m.earlier for m in event.dated):
        return False
    if mention.place and event.places and mention.place not in event.places:
        return False
    if by_people(mention.kind):
        one, other = _who(mention, event)
        if one and other and not _among(one, other):
            return False
    dated = event.dated
    return not (dated and mention.published is not None
                and min(m.earliest for m in dated) > mention.published)


def _plausible_event(mention: _Mention, events: list[_Event]) -> _Event | None:
    """The event a mention without a day of its own most plausibly means, of those it is
    compatible with, or ``None``:

    - in its own article, the event mentioned nearest before it ("Das Telefonat dauerte
      eine Stunde" after "telefonierten am Montag"), else nearest after it;
    - in the other articles of its story, only an event it shares a place with ("das
      Treffen in Oslo"), or one it shares a person or an organisation with where people
      tell events of its kind apart (a call, not a vote), or, naming none, the one event
      of its block, whose dates lie at most ``STORY_WINDOW_DAYS``
      before its article was published, or, undated, that an article published at most
      ``SAME_NEWS_DAYS`` from it tells (people named in every article of a campaign take
      part in many events); or an event one of whose mentions says the same words (a
      copy of the report). Of several, the one whose dates lie
      nearest before the publication day, an undated one last. An article without a
      publication day does not tell which of two calls between the same people on
      different days it means, so its mention is linked to no event of another article
      (but a copy)."""
    compatible = [e for e in events if _compatible(mention, e)]
    own = [e for e in compatible if mention.article_id in e.articles]
    if own:
        def distance(event: _Event) -> tuple[int, int]:
            orders = [m.order - mention.order for m in event.mentions
                      if m.article_id == mention.article_id]
            before = [-d for d in orders if d < 0]
            return (0, min(before)) if before else (1, min(orders))
        return min(own, key=distance)
    copied = [e for e in compatible
              if any(m.text_hash == mention.text_hash for m in e.mentions)]
    if copied or mention.published is None:
        return copied[0] if copied else None

    def lag(event: _Event) -> int:
        """Days from the event's last date to the publication (undated events last)."""
        if not event.dated:
            return 10 ** 6
        return (mention.published - max(m.latest for m in event.dated)).days

    def recent(event: _Event) -> bool:
        """Whether the event's dates lie at most a story's window before the mention's
        article, or, undated, it is told in an article published at most
        ``SAME_NEWS_DAYS`` from it."""
        if event.dated:
            return lag(event) <= STORY_WINDOW_DAYS
        return any(m.published is not None
                   and abs((m.published - mention.published).days) <= SAME_NEWS_DAYS
                   for m in event.mentions)

    alone = not mention.participants and not mention.place and len(events) == 1
    # (who is named tells events apart only for kinds known by who takes part: every
    # article of a campaign names the candidates beside some vote)
    plausible = [e for e in compatible
                 if mention.place and mention.place in e.places
                 or (alone or by_people(mention.kind) and _same_people(*_who(mention, e)))
                 and recent(e)]
    return min(plausible, key=lag) if plausible else None


def link_events(tables) -> tuple[pd.DataFrame, dict[str, str]]:
    """The ``events`` table of a normalised corpus, and the event of each linked claim."""
    return link(mentions_of(tables), leads_of(tables.articles), tables.entities)


def link(mentions: pd.DataFrame, leads: pd.DataFrame, entities: pd.DataFrame
         ) -> tuple[pd.DataFrame, dict[str, str]]:
    """The ``events`` table, and the event of each linked claim, from narrow columns only:
    the mentions of all partitions (:func:`mentions_of`, in corpus order), the leads of all
    articles (:func:`leads_of`, in the order of the articles table) and the entities table
    with its corpus-wide ``entity_key`` (the columns ``ENTITY_COLUMNS``)."""
    from audit.tables import frame

    if mentions.empty:
        return frame("events", []), {}
    rows, event_of = [], {}
    published = dict(zip(leads.article_id.tolist(), leads.day.tolist(), strict=True))
    linked = [(story, kind, event) for (story, kind), block in
              _mention_blocks(mentions, leads, published, entities).items()
              for event in _link_block(block)]
    for story, kind, event in _across_stories(linked):
        event.mentions.sort(key=lambda m: m.order)
        event_id = f"{event.mentions[0].assertion_id}#{kind}"
        rows.append(_event_row(event, event_id, kind, story,
                               block_key(story, published.get(story), kind)))
        for mention in event.mentions:
            event_of[mention.assertion_id] = event_id
    rows.sort(key=itemgetter("_order"))
    for row in rows:
        del row["_order"]
    return frame("events", rows), event_of


def story_keys(events: pd.DataFrame) -> pd.DataFrame:
    """Blocking keys by story (see ``@check(keys=…)``): for each event mentioned in more than
    one article, each of its articles keyed by the event's story. A check given these keys
    is run once per story, on the events all of whose articles its group holds."""
    import pandas as pd

    stories_, articles = [], []
    for story, ids in zip(events.story.tolist(), events.articles.tolist(), strict=True):
        if len(ids) > 1:  # (only the two columns read, no copy of the table's rows)
            stories_.extend([story] * len(ids))
            articles.extend(ids)
    return pd.DataFrame({"article_id": articles, "key": stories_})


@cache
def by_people(kind: str) -> bool:
    """Whether events of a kind are told apart by who takes part (a call, a meeting), not
    only by day and place (an election, a verdict: ``by_participants`` in events.toml)."""
    return kind in resources.load_shared("events").get("by_participants", ())


#: The words before a place where something happens, or is aimed at ("der Angriff auf
#: Varnholm", "the attack on Varnholm").
_LOCATIVE = re.compile(r"(?<![\w-])(?:in|im|bei|nahe|von|auf|at|near|of|on)\s+$",
                       re.IGNORECASE)


def _event_places(entities, around: dict[str, tuple[str, str]]) -> dict[str, int]:
    """The places named where something happens ("in Varnholm", "bei Tallinn"; entity id →
    where it starts): the place of an event that no listed city names. Countries and
    regions (``entities.toml``) are not such places."""
    if entities.empty:
        return {}
    # countries and regions are too wide to tell two elections or verdicts of a day apart
    wide = {names[0] for names in resources.load_shared("entities").get("place", {}).values()}
    places = entities[(entities.kind == "place") & ~entities.canonical.isin(wide)]
    return {entity_id: start for entity_id, start in zip(
                places.entity_id.tolist(), places.start.tolist(), strict=True)
            if _LOCATIVE.search(around.get(entity_id, ("", ""))[0])}


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


#: Who may take part in an event: persons, and organisations (a ministry, a party, a
#: company: "das Ministerium unterzeichnete", "die Esterra-Partei gewann").
PARTICIPANT_KINDS = ("person", "organisation")
#: Who is named this many characters either side of the word of an event takes part in it.
PARTICIPANT_REACH = 80
_POSSESSIVE = re.compile(r"(?:s|['’]s)(?![\w-])\s*([^\W\d_][\w-]*)?")


#: How much of the text around a mention of an entity is read: before it, the word that
#: says it is where something happens ("in", "bei"); after it, a genitive's owner.
_BEFORE, _AFTER = 6, 60


def _around(entities, articles) -> dict[str, tuple[str, str]]:
    """The text just before and after each mention of a person, organisation or place
    (entity id → (``_BEFORE`` characters before, ``_AFTER`` after)), each article's text
    read once and let go: a dict of every text would hold the corpus a second time."""
    if entities.empty:
        return {}
    rows = entities[entities.kind.isin((*PARTICIPANT_KINDS, "place"))]
    by_article: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for entity_id, article_id, start, end in zip(
            rows.entity_id.tolist(), rows.article_id.tolist(), rows.start.tolist(),
            rows.end.tolist(), strict=True):
        by_article[article_id].append((entity_id, start, end))
    around = {}
    texts = articles.text
    for position, article_id in enumerate(articles.article_id.tolist()):
        mentions = by_article.get(article_id)
        text = texts.iat[position] if mentions else None
        if isinstance(text, str):
            for entity_id, start, end in mentions:
                around[entity_id] = (text[max(0, start - _BEFORE):start], text[end:end + _AFTER])
    return around


def _participants(entities, around: dict[str, tuple[str, str]],
                  language_of: dict[str, str]) -> dict[str, tuple[bool, int, int]]:
    """The persons and organisations that may take part in what their claim tells
    (entity id → (whether a person, where it starts and ends)). A name in the genitive
    ("Trumps Verpflichtung", "Trump's pledge") owns something rather than taking part,
    unless what it owns is the event ("Trumps Telefonat", "Trump's call"). Which of them
    their article gives enough evidence for is told once the entity keys are known
    (:func:`_plausible_names`)."""
    if entities.empty:
        return {}
    rows = entities[entities.kind.isin(PARTICIPANT_KINDS)]
    found: dict[str, tuple[bool, int, int]] = {}
    for entity_id, kind, article_id, start, end in zip(
            rows.entity_id.tolist(), rows.kind.tolist(), rows.article_id.tolist(),
            rows.start.tolist(), rows.end.tolist(), strict=True):
        owner = _POSSESSIVE.match(around.get(entity_id, ("", ""))[1]) \
            if kind == "person" else None
        if owner is not None:
            language = language_of.get(article_id)
            owned = owner.group(1)
            if not owned or kind_of_word(owned.casefold(), language if language in
                                         resources.LANGUAGES else "de") is None:
                continue
        found[entity_id] = (kind == "person", start, end)
    return found


def _participant_keys(entities, named: set[str]) -> dict[str, tuple[str, bool]]:
    """The key of each person and organisation of the entity ids ``named`` whose article
    gives enough evidence for it (:func:`_plausible_names`; entity id → (entity key,
    whether a person)).

    Only the rows that can give evidence for those are read: of a named entity's article
    and key (at 10kGNAD x16 the names of every article that mentions an event, made into
    Python strings, took 31 MB)."""
    if entities.empty or not named:
        return {}
    participant = (entities.kind.isin(PARTICIPANT_KINDS) & entities.entity_key.notna()) \
        .to_numpy(dtype=bool)
    rows = entities[participant & entities.entity_id.isin(named).to_numpy(dtype=bool)]
    ids, keys, kinds, articles = (rows[column].tolist() for column in
                                  ("entity_id", "entity_key", "kind", "article_id"))
    evidence = participant & entities.article_id.isin(set(articles)).to_numpy(dtype=bool) \
        & entities.entity_key.isin(set(keys)).to_numpy(dtype=bool)
    plausible = _plausible_names(entities[evidence])
    return {entity_id: (key, kind == "person") for entity_id, key, kind, article_id in zip(
                ids, keys, kinds, articles, strict=True)
            if key and (article_id, key) in plausible}


def _plausible_names(rows) -> set[tuple[str, str]]:
    """The (article, entity key) pairs whose mentions in that article make a plausible
    name of a participant: written with a capital and at least two letters, and for a
    person named in full (a given name with the family name) or named more than once.
    One mention after a role noun is too little ("im Maastrichter Vertrag": "richter" ends
    a role; "Ultimate Ears"), and so is a given name alone ("Heinz-Christian"): which
    person it is, nothing says. Only the article's own mentions count, so events rebuilt
    from some articles (a block) keep their participants."""
    first_names = given_names()
    named = Counter()
    evidence: set[tuple[str, str]] = set()
    for article_id, key, kind, surface, given, family in zip(
            rows.article_id.tolist(), rows.entity_key.tolist(), rows.kind.tolist(),
            rows.surface.tolist(), rows.given.tolist(), rows.family.tolist(), strict=True):
        if not (isinstance(surface, str) and surface[:1].isupper()
                and sum(map(str.isalpha, key)) >= 2):
            continue
        pair = (article_id, key)
        if kind != "person" or isinstance(given, str) and given:
            evidence.add(pair)
        elif not (isinstance(family, str)
                  and all(part in first_names for part in family.split("-"))):
            named[pair] += 1
    return evidence | {pair for pair, count in named.items() if count > 1}


#: Where a clause ends: a semicolon, colon, bracket or dash, or a comma before a lower-case
#: word that is not "and" (", teilte das Ministerium mit", ", the ministry said"; not the
#: commas of a list of names, "Okafor, Brandt und Vogt").
_CLAUSE_BREAK = re.compile(
    r"[;:()\[\]]|\s[–—-]\s|,\s+(?!(?:und|oder|sowie|and|or)\b)(?=[^\W\d_A-ZÀ-ÖØ-Þ])")


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the clause that holds ``text[start:end]`` opens and closes."""
    opens = 0
    for match in _CLAUSE_BREAK.finditer(text, 0, start):
        opens = match.end()
    after = _CLAUSE_BREAK.search(text, end)
    return opens, after.start() if after else len(text)


def _day_timexes(timexes) -> set[str]:
    """The ids of the dates that name a day (written out or named, not a vague stretch)."""
    if timexes.empty:
        return set()
    return set(timexes.timex_id[(timexes.granularity == "day")
                                & timexes.reading.isin(_DAY_READINGS)].tolist())


def _text_hash(text: str) -> int:
    """A 64-bit digest of a claim's text (two mentions that say the same words: a copy),
    the same in every process (``hash`` of a string is not)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "little", signed=True)


#: The columns of :func:`mentions_of`.
MENTION_COLUMNS = ["assertion_id", "article_id", "kind", "phrase", "earliest", "latest",
                   "timex_id", "repeat", "earlier", "place", "place_entity",
                   "clause_entities", "near_entities", "text_hash"]
#: ... and their types (the others hold Python objects: ``None`` where missing, dates,
#: lists of entity ids).
_MENTION_TYPES = {"assertion_id": "str", "article_id": "str", "kind": "str", "phrase": bool,
                  "repeat": bool, "earlier": bool, "text_hash": "int64"}
#: The columns of the entities table :func:`link` reads.
ENTITY_COLUMNS = ["entity_id", "article_id", "kind", "entity_key", "surface", "given",
                  "family"]


def mentions_of(tables) -> pd.DataFrame:
    """The claims that name an event, one narrow row each (``MENTION_COLUMNS``: ids, the
    kind, its dates, the entities that may take part in it or be its place, a digest of
    the words), in the order of the assertions table. Per article: it reads only each
    article's own rows (its ``entity_key`` is not needed), so it runs on a partition's
    tables, and the partitions' rows in order are the corpus's; :func:`link` makes the
    events of them."""
    import pandas as pd

    articles, assertions, entities = tables.articles, tables.assertions, tables.entities
    language_of = dict(zip(articles.article_id.tolist(), articles.language.tolist(),
                           strict=True))
    around = _around(entities, articles)
    people = _participants(entities, around, language_of)
    places = _event_places(entities, around)
    timex_day = _day_timexes(tables.timexes)
    rows = []
    for row in zip(
            assertions.assertion_id.tolist(), assertions.article_id.tolist(),
            assertions.text.tolist(), assertions.start.tolist(),
            assertions.event_words.tolist(), assertions.entity_ids.tolist(),
            assertions.event_earliest.tolist(), assertions.event_latest.tolist(),
            assertions.date_basis.tolist(), assertions.event_timex_id.tolist(),
            assertions.speaker_start.tolist(), assertions.speaker_end.tolist(), strict=True):
        (assertion_id, article_id, text, offset, words, entity_ids, earliest, latest, basis,
         timex_id, speaker_start, speaker_end) = row
        language = language_of.get(article_id)
        language = language if language in resources.LANGUAGES else "de"
        found = kind_in(text, list(words) if words is not None else [], language)
        if found is None:
            continue
        kind, start, end, phrase = found
        # a day written out or named (not a vague stretch), of the claim's own sentence,
        # dates it; others do not
        dated = basis in _DATED_BASES and timex_id in timex_day and earliest is not None
        entity_ids = entity_ids if entity_ids is not None else ()
        who = [(e, *people[e]) for e in entity_ids if e in people
               # an organisation that says it takes no part ("teilte das Ministerium mit")
               and not (not people[e][0] and speaker_start <= people[e][1] < speaker_end)]
        # who is named in the clause of the word of the event takes part in it ("Okafor
        # und Brandt haben … telefoniert"; "Beim Treffen mit Okafor, das Brandt vorbereitet
        # hatte, …": Okafor); where no one is, who is named near it ("Okafor und Brandt
        # telefonierten"), not who is named further on (which of them are plausible names
        # is told by :func:`link`)
        opens, closes = _clause(text, start, end)
        clause = [w[0] for w in who if w[2] >= offset + opens and w[3] <= offset + closes]
        near = [w[0] for w in who if w[3] >= offset + start - PARTICIPANT_REACH
                and w[2] <= offset + end + PARTICIPANT_REACH]
        # a listed city, else the place named nearest the word of the event ("Beim Angriff
        # auf Varnholm … die Armee von Esterra": Varnholm)
        where = [e for e in entity_ids if e in places]
        another = _repeated(text, start, end, phrase, language)
        rows.append((
            assertion_id, article_id, kind, phrase, earliest if dated else None,
            latest if dated else None, timex_id if dated else None, another is not None,
            another == "earlier", mention_place(text),
            min(where, key=lambda e: abs(places[e] - offset - start)) if where else None,
            clause, near, _text_hash(text)))
    columns = zip(*rows, strict=True) if rows else [()] * len(MENTION_COLUMNS)
    return pd.DataFrame({name: pd.Series(values, dtype=_MENTION_TYPES.get(name, object))
                         for name, values in zip(MENTION_COLUMNS, columns, strict=True)})


def _mention_blocks(mentions: pd.DataFrame, leads: pd.DataFrame,
                    published: dict[str, dt.date | None], entities: pd.DataFrame
                    ) -> dict[tuple[str, str], list[_Mention]]:
    """The mentions of events by block (story, kind of event), in corpus order: only
    mentions of one block can be one event."""
    story_of = stories_of_leads(leads)
    # only the entities mentions name count (whether a name is plausible is told by its
    # own article's mentions of it)
    people = _participant_keys(entities, {
        entity_id for column in ("clause_entities", "near_entities")
        for named in mentions[column].tolist() for entity_id in named})
    places = entities[entities.entity_id.isin(set(mentions.place_entity.dropna().tolist()))
                      .to_numpy(dtype=bool)]
    key_of = dict(zip(places.entity_id.tolist(), places.entity_key.tolist(), strict=True))
    blocks: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    # (one string of each article id and kind, one empty set: not one of each a mention,
    # 30,000 of them at 10kGNAD x16)
    shared: dict[str, str] = {}
    for order, row in enumerate(zip(*(mentions[column].tolist()
                                      for column in MENTION_COLUMNS), strict=True)):
        (assertion_id, article_id, kind, phrase, earliest, latest, timex_id, repeat, earlier,
         place, place_entity, clause, near, text_hash) = row
        who = [people[e] for e in clause if e in people] or \
            [people[e] for e in near if e in people]
        if place is None and place_entity is not None:
            place = key_of.get(place_entity)
        if phrase and not (who or place):
            continue  # "mehrere Faktoren kamen zusammen"
        article_id, kind = shared.setdefault(article_id, article_id), \
            shared.setdefault(kind, kind)
        participants = frozenset(w[0] for w in who) if who else _NO_ONE
        persons = participants if all(w[1] for w in who) else \
            frozenset(w[0] for w in who if w[1]) or _NO_ONE
        blocks[(story_of.get(article_id, article_id), kind)].append(_Mention(
            assertion_id=assertion_id, article_id=article_id, order=order, kind=kind,
            participants=participants, persons=persons,
            earliest=earliest, latest=latest, timex_id=timex_id, repeat=repeat,
            earlier=earlier, published=published.get(article_id), place=place,
            text_hash=text_hash))
    return blocks


def block_key(story: str, day: dt.date | None, kind: str) -> str:
    """An event's blocking key, ``story/window/kind``: its story (the first article of
    it), the ``STORY_WINDOW_DAYS`` window that article was published in (``undated``) and
    its kind. Checks that compare the mentions of one event group by it."""
    window = "undated" if day is None else str(day.toordinal() // STORY_WINDOW_DAYS)
    return f"{story}/{window}/{kind}"


def _event_row(event: _Event, event_id: str, kind: str, story: str, block: str) -> dict:
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
        "block": block, "_order": event.mentions[0].order}


#: The columns the events table reads (a spilled corpus reads only these); building it
#: also writes ``assertions.event_id``.
READS = {
    "articles": ["article_id", "title", "text", "language", "published"],
    "assertions": ["assertion_id", "article_id", "text", "start", "event_words", "entity_ids",
                   "event_earliest", "event_latest", "date_basis", "event_timex_id",
                   "speaker_start", "speaker_end"],
    "timexes": ["timex_id", "granularity", "reading"],
    "entities": ["entity_id", "article_id", "kind", "entity_key", "canonical", "surface",
                 "given", "family", "start", "end"],
}


def events_table(tables) -> pd.DataFrame:
    """The ``events`` table (``audit.tables.Tables``); fills ``assertions.event_id``."""
    import pandas as pd

    events, event_of = link_events(tables)
    assertions = tables.assertions
    if not assertions.empty:
        assertions["event_id"] = pd.array(
            [event_of.get(a) for a in assertions.assertion_id.tolist()], dtype="str")
    return events
