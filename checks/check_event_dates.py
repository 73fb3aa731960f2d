"""CON001: one event, two dates that cannot both hold."""

from audit import Finding, Span, check
from audit.normalise.events import story_keys
from audit.tables import reads


def _people(keys, names: dict[str, str]) -> str:
    shown = [names.get(key, key.split(" ")[-1].title()) for key in keys]
    if not shown:
        return ""
    between = shown[0] if len(shown) == 1 else \
        f"{', '.join(shown[:-1])} and {shown[-1]}"
    return f" between {between}" if len(shown) > 1 else f" with {between}"


def _disagreeing(dates) -> bool:
    """Whether an event's dates (``[assertion, timex, earliest, latest]`` each) cannot all
    hold: one begins after another ends."""
    return len(dates) > 1 and max(d[2] for d in dates) > min(d[3] for d in dates)


def _event_keys(events):
    """CON001's blocking keys: the story of each event of several articles whose dates
    cannot all hold, over all the event's articles. A group is a story (the engine hands it
    the corpus's events all of whose articles it holds); the check there compares that
    story's events only."""
    return story_keys(events[events.dates.map(_disagreeing).astype(bool)])


@check("CON001", severity="warning", title="One event, two dates", keys=_event_keys)
@reads(timexes=("timex_id", "article_id", "start", "end", "text"),
       entities=("kind", "entity_key", "family"))
def check_event_dates(events, timexes, articles, entities, key=None):
    """One event, two dates.

    What it does:
        Takes the events of the corpus (the `events` table: mentions of one kind of event
        — "Telefonat", "Anruf", "call" are one kind — in articles of one story, with the
        same people) and flags each pair of articles that date the same event to days
        that cannot both hold. Dates are read to the day, a relative one ("am Montag")
        from its own article's publication date. Two dates are of one event only when
        nothing says there were two: the dates stand in different articles, no article
        gives both, no mention says "erneut", "zweites", "again" or "another", and both
        articles were published after both dates (an article written before the later
        date cannot have meant it: that is a later event, a developing story).
    Why it matters:
        "Das Telefonat am Montag, 5. Mai" and "the call on Wednesday, 7 May" cannot both
        be right; one report got the date wrong, or copied it from an older story.
    Flagged:
        {"id": "a", "title": "Telefonat über Wasserrechte", "published": "2025-05-09", "language": "de", "text": "Telefonat über Wasserrechte\\n\\nAußenministerin Grace Okafor und Minister Jonas Brandt telefonierten am Montag, 5. Mai 2025, über die Wasserrechte am Fluss Kuma."}
        {"id": "b", "title": "Okafor and Brandt discuss Kuma water rights", "published": "2025-05-09", "language": "en", "text": "Okafor and Brandt discuss Kuma water rights\\n\\nForeign minister Grace Okafor phoned minister Jonas Brandt on Wednesday, 7 May 2025, about the Kuma water rights."}
    Clean:
        {"id": "a", "title": "Telefonat über Wasserrechte", "published": "2025-05-06", "language": "de", "text": "Telefonat über Wasserrechte\\n\\nAußenministerin Grace Okafor und Minister Jonas Brandt telefonierten am Montag, 5. Mai 2025, über die Wasserrechte am Fluss Kuma."}
        {"id": "b", "title": "Okafor and Brandt discuss Kuma water rights", "published": "2025-05-09", "language": "en", "text": "Okafor and Brandt discuss Kuma water rights\\n\\nForeign minister Grace Okafor phoned minister Jonas Brandt again on Wednesday, 7 May 2025, about the Kuma water rights."}
    """
    conflicting = events[events.dates.map(_disagreeing)]
    if key is not None:  # (a group may hold events of other stories: each is its own group)
        conflicting = conflicting[conflicting.story == key]
    if conflicting.empty:
        return
    spans = dict(zip(timexes.timex_id.tolist(), zip(timexes.article_id.tolist(),
                                                    timexes.start.tolist(),
                                                    timexes.end.tolist(),
                                                    timexes.text.tolist(), strict=True),
                     strict=True))
    titles = dict(zip(articles.article_id.tolist(), articles.title.tolist(), strict=True))
    published = dict(zip(articles.article_id.tolist(), articles.published.tolist(),
                         strict=True))
    names: dict[str, str] = {}
    persons = entities[entities.kind == "person"]
    for entity_key, family in zip(persons.entity_key.tolist(), persons.family.tolist(),
                                  strict=True):
        if isinstance(entity_key, str) and isinstance(family, str):
            names.setdefault(entity_key, family)
    for event in conflicting.itertuples(index=False):
        reported: set[tuple[str, str]] = set()
        dates = [(spans[timex_id], earliest, latest)
                 for _, timex_id, earliest, latest in event.dates if timex_id in spans]
        for i, (here, earliest, latest) in enumerate(dates):
            for there, other_earliest, other_latest in dates[:i]:
                if here[0] == there[0] or (earliest <= other_latest
                                           and other_earliest <= latest):
                    continue
                pair = (there[0], here[0])
                if pair in reported:
                    continue
                reported.add(pair)
                yield Finding(
                    here[0], int(here[1]), int(here[2]),
                    f"‘{here[3]}’ here, but ‘{there[3]}’ in *{titles.get(there[0], there[0])}* "
                    f"(published {published.get(there[0]) or 'undated'}) for the same "
                    f"{event.kind}{_people(event.participants, names)}",
                    related=(Span(there[0], int(there[1]), int(there[2])),))
