"""CON002: one quantity of one event, two values that cannot both hold."""

from collections import namedtuple
from functools import cache

from audit import Finding, Span, check, resources
from audit.normalise.events import story_keys
from audit.tables import reads, rows_with


@cache
def _developing() -> frozenset[str]:
    return frozenset(resources.load_shared("events").get("developing", []))


@cache
def _counted_groups() -> frozenset[str]:
    return frozenset(key for language in resources.LANGUAGES
                     for key in resources.load(language, "events").get("counted", {}))


def _disjoint(left, right) -> bool:
    """Whether two intervals (``low``/``high`` NaN for open) cannot share a value."""
    def bound(value, open_as):
        return open_as if value != value else value  # (NaN: open)

    return bound(left.high, float("inf")) < bound(right.low, float("-inf")) or \
        bound(right.high, float("inf")) < bound(left.low, float("-inf"))


def _same_day(left, right) -> bool:
    """Whether two publication dates are the same known day."""
    return isinstance(left, str) and len(left) == 10 and left == right


def _what(quantity) -> str:
    if isinstance(quantity.noun, str):
        return f"number of {quantity.noun}"
    return {"EUR": "amount", "USD": "amount", "GBP": "amount", "CHF": "amount",
            "%": "percentage", "year": "number of years", "month": "number of months",
            "day": "number of days", "hour": "number of hours"}.get(quantity.unit, "quantity")


@reads(assertions=("assertion_id", "article_id", "event_id"), quantities=("assertion_id",))
@rows_with(assertions="event_id")
def _event_keys(quantities, events, assertions):
    """CON002's blocking keys: the story of each event for which more than one article gives
    a number, over all the event's articles. A group is a story (the engine hands it the
    corpus's events all of whose articles it holds, and its articles' numbers); the check
    there compares that story's events only."""
    counted = assertions[assertions.assertion_id.isin(quantities.assertion_id)
                         & assertions.event_id.notna()]
    numbered = counted.groupby("event_id").article_id.nunique()
    return story_keys(events[events.event_id.isin(numbered.index[numbered > 1])])


#: The columns of a quantity the check reads.
_Quantity = namedtuple("_Quantity", "article_id assertion_id start end text low high unit noun "
                                    "noun_key")


@check("CON002", severity="warning", title="One quantity of one event, two values",
       keys=_event_keys)
@reads(assertions=("assertion_id", "event_id"), quantities=_Quantity._fields)
@rows_with(assertions="event_id")
def check_event_quantities(quantities, events, assertions, articles, key=None):
    """One quantity of one event, two values.

    What it does:
        Compares the numbers that articles give for the same event (the `events` table)
        and the same thing counted (the same counted noun of the groups listed in
        `events.toml` — "Gefangene", "Häftlinge" and "prisoners" are one — or the same unit: an amount in euros, a prison term in
        years). Each number is an interval: "rund 70" is 63 to 77, "mehr als 500" 500 and
        more, "20 bis 30" 20 to 30, "2,5 Millionen" 2.45 to 2.55 million. A pair is
        flagged when the intervals cannot overlap ("70" against "700"). An article that
        gives two values for the same thing of one event is left out (it speaks of two
        things), and so are counts that grow as a story develops (the dead, the injured,
        the missing) between articles published on different days or undated.
    Why it matters:
        "70 Gefangene" here and "700 prisoners" there cannot both be right: one report
        has the number wrong, a typo or a misread source, and the error spreads as the
        story is copied.
    Flagged:
        {"id": "a", "title": "Gefangenenaustausch in Tallinn", "published": "2025-06-03", "language": "de", "text": "Gefangenenaustausch in Tallinn\\n\\nBeim Gefangenenaustausch zwischen Norland und Esterra am 2. Juni 2025 kamen 70 Gefangene frei, teilte Ministerin Grace Okafor mit."}
        {"id": "b", "title": "Prisoner exchange in Tallinn between Norland and Esterra", "published": "2025-06-03", "language": "en", "text": "Prisoner exchange in Tallinn between Norland and Esterra\\n\\nIn the exchange between Norland and Esterra on 2 June 2025, 700 prisoners were freed, minister Grace Okafor said."}
    Clean:
        {"id": "a", "title": "Gefangenenaustausch in Tallinn", "published": "2025-06-03", "language": "de", "text": "Gefangenenaustausch in Tallinn\\n\\nBeim Gefangenenaustausch zwischen Norland und Esterra am 2. Juni 2025 kamen rund 70 Gefangene frei, teilte Ministerin Grace Okafor mit."}
        {"id": "b", "title": "Prisoner exchange in Tallinn between Norland and Esterra", "published": "2025-06-03", "language": "en", "text": "Prisoner exchange in Tallinn between Norland and Esterra\\n\\nIn the exchange between Norland and Esterra on 2 June 2025, 74 prisoners were freed, minister Grace Okafor said."}
    """
    if quantities.empty or events.empty:
        return
    event_of = dict(zip(assertions.assertion_id.tolist(), assertions.event_id.tolist(),
                        strict=True))
    titles = dict(zip(articles.article_id.tolist(), articles.title.tolist(), strict=True))
    published = dict(zip(articles.article_id.tolist(), articles.published.tolist(),
                         strict=True))
    kinds = dict(zip(events.event_id.tolist(), events.kind.tolist(), strict=True))
    story = dict(zip(events.event_id.tolist(), events.story.tolist(), strict=True))
    listed = _counted_groups()
    # blocking key: (event, what is counted); per article the one value it gives
    groups: dict[tuple, dict[str, list]] = {}
    # (only the columns read, as lists: the check runs once a key group, and a DataFrame's
    # itertuples costs more a call than a small group's rows)
    for quantity in map(_Quantity._make, zip(*(quantities[name].tolist()
                                               for name in _Quantity._fields), strict=True)):
        event_id = event_of.get(quantity.assertion_id)
        if not isinstance(event_id, str) or key is not None and story.get(event_id) != key:
            continue  # (a group may hold events of other stories: each is its own group)
        # a counted noun of the listed groups ("Gefangene", "prisoners"): two counts of an
        # unlisted noun ("Kandidaten") too often count different sets of one kind
        counted = quantity.noun_key if quantity.noun_key in listed else None
        unit = quantity.unit if isinstance(quantity.unit, str) else None
        if counted is None and unit is None:
            continue
        group = (event_id, counted, unit)
        groups.setdefault(group, {}).setdefault(quantity.article_id, []).append(quantity)
    for (event_id, counted, _), by_article in groups.items():
        single = [values[0] for values in by_article.values()
                  if len({(v.low, v.high) for v in values}) == 1]
        developing = counted in _developing()
        for i, here in enumerate(single):
            day = published.get(here.article_id)
            there = next((other for other in single[:i] if _disjoint(here, other)
                          and not (developing and not _same_day(day, published.get(
                              other.article_id)))), None)
            if there is None:
                continue
            yield Finding.at(
                here,
                f"‘{here.text}’ here, but ‘{there.text}’ in "
                f"*{titles.get(there.article_id, there.article_id)}* (published "
                f"{published.get(there.article_id) or 'undated'}) for the {_what(here)} of "
                f"the same {kinds.get(event_id, 'event')}",
                related=(Span(str(there.article_id), int(there.start), int(there.end)),))
