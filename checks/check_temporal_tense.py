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
    published = {}
    for row in articles[articles.published.notna()].itertuples(index=False):
        try:
            date = parse_published(row.published)
        except ValueError:
            continue
        if date is not None:
            published[row.article_id] = date
    if not published:
        return
    # days and months written with their year: a bare year is too coarse for a clause's tense
    written = timexes[timexes.article_id.isin(published) & (timexes.anchor == "explicit")
                      & timexes.reading.eq("date") & timexes.earliest.notna()
                      & timexes.granularity.isin(["day", "month"])
                      & timexes.tense.isin(["past", "future"])]
    for row in written.itertuples(index=False):
        publication = published[row.article_id]
        if row.tense == "past" and row.earliest > publication.latest:
            yield Finding.at(row, f"past tense about ‘{row.text}’, after the publication "
                                  f"date {publication}")
        elif row.tense == "future" and row.latest < publication.earliest - grace:
            yield Finding.at(row, f"future tense about ‘{row.text}’, "
                                  f"{(publication.earliest - row.latest).days} days before "
                                  f"the publication date {publication}")
