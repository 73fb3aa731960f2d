"""CON003: one speaker, one event, opposite claims (a negation or an antonym)."""

import datetime as dt
import re
from collections import namedtuple
from functools import cache, lru_cache

from audit import Finding, Span, check, resources
from audit.normalise.entities import spelling_key
from audit.normalise.events import one_person, story_keys
from audit.tables import reads, rows_with

#: Two claims contradict only when their articles were published at most this many days
#: apart: a position changed later is not a contradiction.
WINDOW_DAYS = 1
#: Of the content words of the shorter clause, the share the two must have in common.
MIN_SHARED = 0.7
_WORD = re.compile(r"[^\W\d_]+")
_CLAUSE = re.compile(r"[,;:–—]\s*|\s+(?:aber|doch|jedoch|während|but|while|whereas)\s+",
                     re.IGNORECASE)


@cache
def _negation(language: str) -> re.Pattern[str]:
    words = resources.load(language, "attribution").get("polarity", {}).get("negation", [])
    return re.compile(rf"(?<![\w-])(?:{'|'.join(words)})(?![\w-])", re.IGNORECASE)


@cache
def _opposites(language: str) -> dict[str, set[str]]:
    pairs = resources.load(language, "events").get("opposites", {}).get("pairs", [])
    table: dict[str, set[str]] = {}
    for left, right in pairs:
        table.setdefault(left, set()).add(right)
        table.setdefault(right, set()).add(left)
    return table


@cache
def _concepts(language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """The words and phrases of a language that say one of the meanings shared across
    languages (``[opposites.concepts]`` in events.toml): one pattern of them all, and the
    meaning of each (lowercase)."""
    table = resources.load(language, "events").get("opposites", {}).get("concepts", {})
    meaning = {phrase.casefold(): concept for concept, phrases in table.items()
               for phrase in phrases}
    if not meaning:
        return re.compile(r"(?!)"), {}
    body = "|".join(map(re.escape, sorted(meaning, key=len, reverse=True)))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE), meaning


@cache
def _opposite_concepts() -> dict[str, str]:
    """Each shared meaning and its opposite (``opposite_concepts`` in events.toml)."""
    table: dict[str, str] = {}
    for left, right in resources.load_shared("events").get("opposite_concepts", []):
        table[left], table[right] = right, left
    return table


@cache
def _stopwords(language: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in resources.load(language, "language")
                     .get("stopwords", []))


@lru_cache(maxsize=4096)  # (a claim told again word for word, in copies of a story)
def _clauses(text: str, language: str) -> tuple[tuple[frozenset[str], bool, frozenset[str]], ...]:
    """Each clause of a claim: its content words (no stop words, no negation, no opposite),
    whether it is negated, and its opposite words."""
    negation, opposites, stop = _negation(language), _opposites(language), _stopwords(language)
    clauses = []
    for clause in _CLAUSE.split(text):
        negated = bool(negation.search(clause))
        words = [w.casefold() for w in _WORD.findall(negation.sub(" ", clause))]
        turned = frozenset(w for w in words if w in opposites)
        content = frozenset(w for w in words if w not in stop and w not in opposites)
        if content:
            clauses.append((content, negated, turned))
    return tuple(clauses)


def _opposed(left, right, language: str) -> str | None:
    """How two clauses with the same content say opposite things ("a negation", "an
    antonym"), or None."""
    content, negated, turned = left
    other_content, other_negated, other_turned = right
    smaller = min(len(content), len(other_content))
    if smaller < 2 or len(content & other_content) < MIN_SHARED * smaller:
        return None
    opposites = _opposites(language)
    flipped = any(opposites.get(word, set()) & other_turned for word in turned)
    if flipped and negated == other_negated:
        return "an antonym"
    if not flipped and negated != other_negated and turned == other_turned:
        return "a negation"
    return None


@lru_cache(maxsize=4096)
def _meanings(text: str, language: str) -> tuple[tuple[bool, frozenset[str], int, int], ...]:
    """Each clause of a claim that says one of the shared meanings: whether it is negated,
    its meanings ("unterschriftsreif" / "ready to be signed": ready_to_sign), and where it
    stands in the claim (start, end)."""
    negation = _negation(language)
    pattern, meaning = _concepts(language)
    said, start = [], 0
    for stop in [*_CLAUSE.finditer(text), None]:
        end = stop.start() if stop else len(text)
        clause = text[start:end]
        concepts = frozenset(meaning[m.group().casefold()] for m in pattern.finditer(clause))
        if concepts:
            said.append((bool(negation.search(clause)), concepts, start, end))
        start = stop.end() if stop else end
    return tuple(said)


def _opposed_meaning(left, right) -> str | None:
    """How two clauses in two languages (negated, meanings, the things they name besides
    the speaker) say opposite things through a shared meaning, naming the same things: one
    negates a meaning the other affirms ("a negation of ‘ready to sign’"), or they say
    opposite meanings ("an antonym: rise, fall"); else None."""
    negated, concepts, named = left
    other_negated, other_concepts, other_named = right
    if named != other_named:
        return None  # "the fees in Lindau fell" / "die Gebühren in Marvik seien gestiegen"
    opposite = _opposite_concepts()
    turned = sorted((c, opposite[c]) for c in concepts if opposite.get(c) in other_concepts)
    if turned and negated == other_negated:
        return f"an antonym: {turned[0][0].replace('_', ' ')}, {turned[0][1].replace('_', ' ')}"
    shared = concepts & other_concepts
    if shared and not turned and negated != other_negated:
        return f"a negation of ‘{min(shared).replace('_', ' ')}’"
    return None


def _about(row, language: str, entity_spans: dict[str, tuple[int, str]]):
    """What a claim says by shared meanings: the clauses of :func:`_meanings`, each with the
    entity keys it names besides the speaker; and the keys the whole claim names besides
    the speaker (the people and places two claims in two languages must share)."""
    speaker = _speaker(row.speaker)
    ids = row.entity_ids if row.entity_ids is not None else ()
    named = [(start - int(row.start), key) for entity_id in ids
             if (span := entity_spans.get(entity_id))
             for start, key in (span,) if not (speaker and one_person(key, speaker))]
    clauses = [(negated, concepts, frozenset(key for at, key in named if start <= at < end))
               for negated, concepts, start, end in _meanings(row.text, language)]
    return clauses, frozenset(key for _, key in named)


def _aligned(left: frozenset[str], right: frozenset[str]) -> bool:
    """Whether two claims are about the same things: one's entities among the other's."""
    smaller, larger = sorted((left, right), key=len)
    return bool(smaller) and smaller <= larger


def _speaker(value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return spelling_key(value.split()[-1])


#: The columns of a claim the check reads.
_Claim = namedtuple("_Claim", "assertion_id article_id start end text speaker entity_ids")


@check("CON003", severity="warning", title="Opposite claims about one event",
       keys=story_keys)
@reads(assertions=(*_Claim._fields, "event_id"), entities=("entity_id", "start", "entity_key"))
@rows_with(assertions="event_id")
def check_opposite_claims(events, assertions, articles, entities, key=None):
    """Opposite claims about one event.

    What it does:
        Compares the claims that mention the same event (the `events` table) in articles
        of one language published at most a day apart, when they have the same speaker
        (or both speak in the article's own voice). Two claims are opposite when a clause
        of each says the same thing (most of its content words shared) and one negates
        it ("ist nicht unterschriftsreif") or turns it into its opposite ("gestiegen" /
        "gesunken", "approved" / "rejected"; `[opposites]` in `events.toml`). A negation
        in another clause, a different speaker, or a position changed days later does
        not count.

        Claims in two languages share no words, so they are compared by meaning: a
        clause of each says one of the meanings both languages name (`[opposites.concepts]`
        in `events.toml`: "unterschriftsreif" and "ready to be signed", "gestiegen" and
        "rose"), and one negates it or says its opposite ("fell"). Such a pair counts
        only when one speaker, named by both, says both about the same event, the people
        and places one claim names besides the speaker are among those the other names,
        and the two clauses name the same of them ("the fees in Lindau fell" is not the
        opposite of "die Gebühren in Marvik seien gestiegen"). The outlets' own voice is
        not compared across languages.
    Why it matters:
        "Der Vertrag ist unterschriftsreif" and "Der Vertrag ist nicht unterschriftsreif",
        both attributed to the same minister on the same day, cannot both be what was
        said; one report reversed its meaning.
    Flagged:
        {"id": "a", "title": "Kuma-Vertrag: Okafor und Brandt einig", "published": "2025-05-09", "language": "de", "text": "Kuma-Vertrag: Okafor und Brandt einig\\n\\nNach dem Treffen mit Jonas Brandt am 8. Mai 2025 sagte Grace Okafor, der Vertrag über den Kuma sei unterschriftsreif."}
        {"id": "b", "title": "Kuma-Vertrag: Okafor und Brandt uneins", "published": "2025-05-09", "language": "de", "text": "Kuma-Vertrag: Okafor und Brandt uneins\\n\\nNach dem Treffen mit Jonas Brandt am 8. Mai 2025 sagte Grace Okafor, der Vertrag über den Kuma sei nicht unterschriftsreif."}
    Clean:
        {"id": "a", "title": "Kuma-Vertrag: Okafor und Brandt einig", "published": "2025-05-09", "language": "de", "text": "Kuma-Vertrag: Okafor und Brandt einig\\n\\nNach dem Treffen mit Jonas Brandt am 8. Mai 2025 sagte Grace Okafor, der Vertrag über den Kuma sei unterschriftsreif."}
        {"id": "b", "title": "Kuma-Vertrag: Okafor und Brandt einig", "published": "2025-05-09", "language": "de", "text": "Kuma-Vertrag: Okafor und Brandt einig\\n\\nNach dem Treffen mit Jonas Brandt am 8. Mai 2025 sagte Grace Okafor, der Vertrag über den Kuma sei unterschriftsreif, nicht aber das Abkommen über die Fischerei."}
    """
    if events.empty:
        return
    language = dict(zip(articles.article_id.tolist(), articles.language.tolist(), strict=True))
    published = dict(zip(articles.article_id.tolist(), articles.published.tolist(),
                         strict=True))
    titles = dict(zip(articles.article_id.tolist(), articles.title.tolist(), strict=True))
    entity_spans = {entity_id: (int(start), key) for entity_id, start, key in zip(
        entities.entity_id.tolist(), entities.start.tolist(), entities.entity_key.tolist(),
        strict=True) if isinstance(key, str)}
    # the claims about an event (only the columns read, as lists: the check runs once a
    # key group, and a DataFrame's itertuples costs more a call than a small group's rows)
    rows = {row.assertion_id: row for row, event_id in zip(
        map(_Claim._make, zip(*(assertions[name].tolist() for name in _Claim._fields),
                              strict=True)),
        assertions.event_id.tolist(), strict=True) if isinstance(event_id, str)}
    if key is not None:  # (a group may hold events of other stories: each is its own group)
        events = events[events.story == key]
    for mentions in events.mentions.tolist():
        seen: list = []
        for assertion_id in mentions:
            here = rows.get(assertion_id)
            if here is None:
                continue
            raw = language.get(here.article_id)
            lang = raw if raw in resources.LANGUAGES else "de"
            said = (_clauses(here.text, lang), *_about(here, lang, entity_spans))
            speaker, day = _speaker(here.speaker), published.get(here.article_id)
            for there, there_raw, there_said, there_speaker, there_day in seen:
                if there.article_id == here.article_id or speaker != there_speaker \
                        or not _near(day, there_day):
                    continue
                one_language = raw == there_raw
                if not one_language and not {raw, there_raw} <= set(resources.LANGUAGES):
                    continue  # (a language without resources is read as German: not across)
                how = _opposite(said, there_said, lang if one_language else None, speaker)
                if how:
                    yield Finding.at(
                        here, f"this claim says the opposite ({how}) of "
                              f"‘{' '.join(there.text.split())}’ in "
                              f"*{titles.get(there.article_id, there.article_id)}* (published "
                              f"{published.get(there.article_id)}), by the same speaker about "
                              "the same event",
                        related=(Span(str(there.article_id), int(there.start),
                                      int(there.end)),))
                    break
            seen.append((here, raw, said, speaker, day))


def _opposite(said, there_said, language: str | None, speaker: str | None) -> str | None:
    """How two claims (clauses, meanings, what they are about) say opposite things: in one
    ``language`` by their words; across two (``language`` None) by shared meanings, when
    one named ``speaker`` says both about the same things."""
    clauses, meanings, about = said
    there_clauses, there_meanings, there_about = there_said
    if language is not None:
        return next((how for left in clauses for right in there_clauses
                     if (how := _opposed(left, right, language))), None)
    if speaker is None or not _aligned(about, there_about):
        return None
    how = next((how for left in meanings for right in there_meanings
                if (how := _opposed_meaning(left, right))), None)
    return f"{how}, across languages" if how else None


@lru_cache(maxsize=4096)  # (asked of every pair of claims about an event)
def _near(left, right) -> bool:
    if not (isinstance(left, str) and isinstance(right, str) and len(left) == len(right) == 10):
        return False
    return abs((dt.date.fromisoformat(left) - dt.date.fromisoformat(right)).days) <= WINDOW_DAYS
