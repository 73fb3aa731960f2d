"""TMP004: a past-tense statement about a date after publication, or a future-tense one about
a date well before it."""

import datetime as dt

from audit import Finding, check
from audit.ingest.published import parse_published

_DEFAULT_GRACE_DAYS = 7


@check("TMP004", severity="warning", title="Tense contradicts the date", scope="article")
def check_temporal_tense(timexes, articles, config):
    """Tense contradicts the date.

    What it does:
        Compares the tense of the clause around each day or month written with its year
        ("am 20. März 2025", "on 3 January 2025") with the publication date: a past-tense
        statement about a date after publication ("traf sich am 20. März" in an article
        of 10 March), or a future-tense one about a date more than a week before it
        ("will meet on 3 January" in an article of 15 February). A date that is the
        target of the clause ("bis zum 20. März", "postponed to 20 March") is not
        checked. Option `grace-days` (default 7) sets how far before publication a
        future-tense date may lie (a story written days before it appeared).
    Why it matters:
        An article cannot report as done what had not happened when it appeared; a
        future-tense sentence about a past date means the text was published late or
        recycled, or one of its dates is wrong.
    Flagged:
        ---
        published: 2025-03-10
        ---
        Ministerrat in Brüssel
        Die Minister trafen sich am 20. März 2025 in Brüssel.
    Clean:
        ---
        published: 2025-03-10
        ---
        Ministerrat in Brüssel
        Die Minister werden sich am 20. März 2025 in Brüssel treffen.
    """
    grace = dt.timedelta(days=int((config or {}).get("grace-days", _DEFAULT_GRACE_DAYS)))
    # (the columns as lists, not table filters and itertuples: a filter copies every column,
    # and itertuples reads Arrow strings one by one)
    published = {}
    for article_id, published_as, given in zip(
            articles.article_id.tolist(), articles.published.tolist(),
            articles.published.notna().tolist(), strict=True):
        if not given:
            continue
        try:
            date = parse_published(published_as)
        except ValueError:
            continue
        if date is not None:
            published[article_id] = date
    if not published:
        return
    # days and months written with their year: a bare year is too coarse for a clause's tense
    for article_id, start, end, text, anchor, reading, dated, earliest, latest, granularity, \
            tense in zip(timexes.article_id.tolist(), timexes.start.tolist(),
                         timexes.end.tolist(), timexes.text.tolist(), timexes.anchor.tolist(),
                         timexes.reading.tolist(), timexes.earliest.notna().tolist(),
                         timexes.earliest.tolist(), timexes.latest.tolist(),
                         timexes.granularity.tolist(), timexes.tense.tolist(), strict=True):
        if article_id not in published or anchor != "explicit" or reading != "date" \
                or not dated or granularity not in ("day", "month"):
            continue
        publication = published[article_id]
        if tense == "past" and earliest > publication.latest:
            yield Finding(str(article_id), int(start), int(end),
                          f"past tense about ‘{text}’, after the publication date {publication}")
        elif tense == "future" and latest < publication.earliest - grace:
            yield Finding(str(article_id), int(start), int(end),
                          f"future tense about ‘{text}’, "
                          f"{(publication.earliest - latest).days} days before the "
                          f"publication date {publication}")
