"""CON004: one event, two reports of who did it (the winner, the signatory, the judge)."""

import re
from collections import namedtuple
from functools import cache

from audit import Finding, Span, check, resources
from audit.normalise.entities import spelling_key
from audit.normalise.events import one_person, story_keys
from audit.tables import reads, rows_with

#: At most this many words (a role noun, "also") stand between the verb and its person.
MAX_GAP_WORDS = 2
#: At most this many words stand between a passive participle and its "by" phrase ("signed
#: for Norland by minister Lena Vogt").
MAX_PASSIVE_WORDS = 5
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d")
_NUMBER = re.compile(r"\d")
_CLAUSE_BREAK = re.compile(r"[,;:–—()\"“”„«»]")


@cache
def _roles(language: str) -> dict:
    """The roles of a language (``[roles]`` in events.toml): for each, the kinds of event,
    whether it has one holder, and one pattern of its active and one of its passive forms;
    with the words that say something else was won, the words before a party and the word
    before the doer of a passive."""
    table = resources.load(language, "events").get("roles", {})

    def pattern(words):
        body = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE) if words else None

    roles = {name: (frozenset(role.get("kinds", ())), bool(role.get("exclusive")),
                    pattern(role.get("active", [])), pattern(role.get("passive", [])),
                    frozenset(role.get("doers", ["person"])))
             for name, role in table.items() if isinstance(role, dict)}
    parties = "|".join(map(re.escape, table.get("parties", []))) or "(?!)"
    return {"roles": roles,
            "not_objects": frozenset(table.get("not_objects", [])),
            # "für Norland": the party is the name right after one of these words
            "parties": re.compile(rf"(?<![\w-])(?:{parties})\s+(?=[^\W\d_])(?P<name>\w+)",
                                  re.IGNORECASE),
            "passive_marker": table.get("passive_marker", ""),
            "subject_after_verb": bool(table.get("subject_after_verb")),
            "articles": frozenset(table.get("articles", []))}


def _gap_words(text: str) -> list[str] | None:
    """The words between a verb and a person, or None when a clause break stands there."""
    if _CLAUSE_BREAK.search(text):
        return None
    return _WORD.findall(text)


def _without_dates(text: str, offset: int, dates: list[tuple[int, int]]) -> str:
    """A claim's text with its dates blanked out (the same length): a date's numbers are
    not what someone won ("gewann am 8. Juni Anna Berg")."""
    for start, end in dates:
        start, end = max(0, start - offset), min(len(text), end - offset)
        if start < end:
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def _doers(text: str, undated: str, offset: int, people: list[tuple[int, int, str, str]],
           verb: re.Match, passive: bool, rules: dict) -> list[tuple[int, int, str, str]]:
    """The persons (or parties) a claim says did what ``verb`` names: (start, end, entity
    key, kind). ``undated`` is ``text`` with its dates blanked out."""
    after = _WORD.findall(undated[verb.end():verb.end() + 40].casefold())[:4]
    if any(_NUMBER.match(w) or w in rules["not_objects"] for w in after):
        return []  # "gewann 40 Prozent der Stimmen", "won a seat"
    if passive:
        return _passive_doer(text, offset, people, verb, rules["passive_marker"])
    start, end = verb.start() + offset, verb.end() + offset
    before = [p for p in people if p[1] <= start]
    if before:
        person = before[-1]
        words = _gap_words(text[person[1] - offset:verb.start()])
        if words is not None and len(words) < MAX_GAP_WORDS:
            chain = [person]  # "Okafor und Brandt unterzeichneten"
            for other in reversed(before[:-1]):
                if not _linked(text, offset, other, chain[0]):
                    break
                chain.insert(0, other)
            return chain
    later = [p for p in people if p[0] >= end]
    if rules["subject_after_verb"] and later:  # "… gewann Anna Berg"
        words = _gap_words(text[verb.end():later[0][0] - offset])
        if words is not None and len(words) <= MAX_GAP_WORDS \
                and all(w[0].isupper() or w in rules["articles"] for w in words):
            # (role nouns and articles only: "gewann Ministerin Berg", "gewann die Partei")
            return _with_partners(text, offset, people, later[0])
    return []


def _linked(text: str, offset: int, left, right) -> bool:
    """Whether two names stand side by side in a list ("Okafor und Brandt", "A, B")."""
    return text[left[1] - offset:right[0] - offset].strip().casefold() in ("und", "and", ",")


def _with_partners(text: str, offset: int, people, doer) -> list:
    """A doer named after its verb or marker with those named beside it ("von Esterra und
    Norland"): a joint action has several doers."""
    chain = [doer]
    for other in (p for p in people if p[0] >= doer[1]):
        if not _linked(text, offset, chain[-1], other):
            break
        chain.append(other)
    return chain


def _passive_doer(text: str, offset: int, people: list[tuple[int, int, str, str]],
                  verb: re.Match, marker: str) -> list[tuple[int, int, str, str]]:
    """The person a passive names as the doer: right after ``marker`` ("by", "von"; a
    role noun between), in the clause of the participle, after it ("won by Tom Reed",
    "signed for Norland by minister Lena Vogt") or before it ("wurde von Anna Berg
    gewonnen")."""
    for person in people:
        first, last = person[0] - offset, person[1] - offset
        _, found, role = f" {text[max(0, first - 40):first]}".rpartition(f" {marker} ")
        gap = _gap_words(role) if found else None
        if gap is None or len(gap) > MAX_GAP_WORDS:
            continue  # no marker right before this person
        if first >= verb.end():
            between = text[verb.end():first]
        elif last <= verb.start():
            between = text[last:verb.start()]
        else:
            continue
        if not _CLAUSE_BREAK.search(between) and len(_WORD.findall(between)) <= MAX_PASSIVE_WORDS:
            return _with_partners(text, offset, people, person)
    return []


#: The columns of a claim and of an event the check reads.
_Claim = namedtuple("_Claim", "assertion_id article_id start end entity_ids polarity speaker "
                              "speaker_kind timex_ids")
_Event = namedtuple("_Event", "articles story mentions kind place")


@check("CON004", severity="warning", title="One event, two reports of who did it",
       keys=story_keys)
@reads(assertions=(*_Claim._fields, "event_id"), timexes=("timex_id", "start", "end"),
       entities=("entity_id", "start", "end", "entity_key", "kind"))
@rows_with(assertions="event_id")
def check_who_did_what(events, assertions, entities, articles, timexes=None, key=None):
    """One event, two reports of who did it.

    What it does:
        Takes the events of the corpus (the `events` table) and, in the claims about each,
        finds who they say did what the event is known by: who won an election or a vote,
        who signed an agreement, which judge gave a verdict, who made a call, who attacked
        (`[roles]` in `events.toml`: "gewann", "unterzeichnete", "verkündete", "rief … an",
        "beschoss", "won", "signed", "handed down", "phoned", "shelled"). The one who did
        it is the person right before the verb ("Anna Berg won"), in German also right
        after it ("die Stichwahl gewann Anna Berg"), or after "von"/"by" with a passive
        ("was won by Tom Reed"). Flags two articles that name different people for a role
        only one can hold. Signatories are many: two are compared only where both claims
        name the party they signed for ("für Norland", "for Norland"). A claim that someone
        won something else ("40 Prozent der Stimmen", "a seat"; a date after the verb is
        no such number: "gewann am 8. Juni Anna Berg"), a negated claim, a claim in the
        same article, two speakers each naming another (a contested result), a joint call
        ("telefonierten miteinander": no caller), a joint action naming the other among
        its doers ("Esterra und Norland beschossen") and a call or attack on another day
        (another event) do not count.
    Why it matters:
        "Die Stichwahl gewann Anna Berg" and "the runoff was won by Tom Reed" cannot both
        be right; one report has the result wrong, or is about another vote.
    Flagged:
        {"id": "a", "title": "Stichwahl in Varnholm", "published": "2025-06-09", "language": "de", "text": "Stichwahl in Varnholm\\n\\nDie Stichwahl um das Bürgermeisteramt in Varnholm am 8. Juni 2025 gewann Anna Berg."}
        {"id": "b", "title": "Runoff in Varnholm", "published": "2025-06-09", "language": "en", "text": "Runoff in Varnholm\\n\\nThe runoff for mayor in Varnholm on 8 June 2025 was won by Tom Reed."}
    Clean:
        {"id": "a", "title": "Stichwahl in Varnholm", "published": "2025-06-09", "language": "de", "text": "Stichwahl in Varnholm\\n\\nDie Stichwahl um das Bürgermeisteramt in Varnholm am 8. Juni 2025 gewann Anna Berg."}
        {"id": "b", "title": "Runoff in Varnholm", "published": "2025-06-09", "language": "en", "text": "Runoff in Varnholm\\n\\nIn the runoff for mayor in Varnholm on 8 June 2025, Tom Reed won 46 percent of the vote."}
    """
    if events.empty:
        return
    language = dict(zip(articles.article_id.tolist(), articles.language.tolist(), strict=True))
    texts = dict(zip(articles.article_id.tolist(), articles.text.tolist(), strict=True))
    titles = dict(zip(articles.article_id.tolist(), articles.title.tolist(), strict=True))
    published = dict(zip(articles.article_id.tolist(), articles.published.tolist(),
                         strict=True))
    spans = {entity_id: (int(start), int(end), entity_key, kind)
             for entity_id, start, end, entity_key, kind
             in zip(entities.entity_id.tolist(), entities.start.tolist(),
                    entities.end.tolist(), entities.entity_key.tolist(),
                    entities.kind.tolist(), strict=True) if isinstance(entity_key, str)}
    dates = {} if timexes is None else {
        timex_id: (int(start), int(end)) for timex_id, start, end in zip(
            timexes.timex_id.tolist(), timexes.start.tolist(), timexes.end.tolist(),
            strict=True)}
    # the claims about an event and the events (only the columns read, as lists: the check
    # runs once a key group, and a DataFrame's itertuples costs more a call than a small
    # group's rows)
    rows = {row.assertion_id: row for row, event_id in zip(
        map(_Claim._make, zip(*(assertions[name].tolist() for name in _Claim._fields),
                              strict=True)),
        assertions.event_id.tolist(), strict=True) if isinstance(event_id, str)}
    for event in map(_Event._make, zip(*(events[name].tolist() for name in _Event._fields),
                                       strict=True)):
        if len(event.articles) < 2 or key is not None and event.story != key:
            continue  # (a group may hold events of other stories: each is its own group)
        said = [claim for assertion_id in event.mentions
                if (row := rows.get(assertion_id)) is not None
                for claim in _claims(row, event.kind, spans, texts, language, dates)]
        yield from _disagreements(said, event, titles, published, texts)


def _claims(row, kind: str, spans: dict, texts: dict, language: dict, dates: dict):
    """What one claim says about who did what: (row, role, exclusive, party, doers)."""
    if row.polarity == "negative":
        return
    lang = resources.resolve(language.get(row.article_id))
    rules = _roles(lang)
    text = texts[row.article_id][int(row.start):int(row.end)]
    offset = int(row.start)
    undated = _without_dates(text, offset, [dates[t] for t in row.timex_ids
                                            if t in dates] if row.timex_ids is not None else [])
    ids = row.entity_ids if row.entity_ids is not None else ()
    named = sorted(spans[e] for e in ids if e in spans)
    for role, (kinds, exclusive, active, passive, doer_kinds) in rules["roles"].items():
        people = [name for name in named if name[3] in doer_kinds]
        if kind not in kinds or not people:
            continue
        others = [name for name in named if name[3] != "person"]
        for pattern, is_passive in ((passive, True), (active, False)):
            for verb in pattern.finditer(text) if pattern else ():
                doers = _doers(text, undated, offset, people, verb, is_passive, rules)
                if doers:
                    yield row, role, exclusive, _party(text, offset, others, rules), doers
                    return


def _party(text: str, offset: int, names: list[tuple[int, int, str, str]], rules: dict
           ) -> str | None:
    """The key of the party a claim says someone acted for ("für Norland", "for Norland"):
    the entity named there, else the spelling key of the capitalised word."""
    match = rules["parties"].search(text)
    if match is None or not match.group("name")[0].isupper():
        return None
    start = match.start("name") + offset
    return next((key for first, _, key, _ in names if first == start),
                spelling_key(match.group("name")))


def _disagreements(said, event, titles, published, texts):
    reported: set[tuple] = set()
    for i, (here, role, exclusive, party, doers) in enumerate(said):
        for there, other_role, _, other_party, other_doers in said[:i]:
            if other_role != role or here.article_id == there.article_id:
                continue
            if not exclusive and (party is None or party != other_party):
                continue  # (two signatories, each for their side)
            if here.speaker_kind == there.speaker_kind == "person" and \
                    here.speaker != there.speaker:
                continue  # each side claims its own result
            if {d[3] for d in doers} != {d[3] for d in other_doers}:
                continue  # (a party's candidate and the party: no contradiction)
            if any(one_person(a[2], b[2]) for a in doers for b in other_doers):
                continue
            pair = (there.article_id, here.article_id, role)
            if pair in reported:
                continue
            reported.add(pair)
            who = ", ".join(texts[here.article_id][d[0]:d[1]] for d in doers)
            other = ", ".join(texts[there.article_id][d[0]:d[1]] for d in other_doers)
            yield Finding(
                str(here.article_id), doers[0][0], doers[-1][1],
                f"‘{who}’ here, but ‘{other}’ in *{titles.get(there.article_id)}* (published "
                f"{published.get(there.article_id) or 'undated'}) as the {role} of the same "
                f"{event.kind}" + (f" in {event.place.title()}" if isinstance(event.place, str)
                                   else ""),
                related=tuple(Span(str(there.article_id), d[0], d[1]) for d in other_doers))
