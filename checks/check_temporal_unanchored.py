"""TMP003: relative dates that cannot be anchored because the article has no publication date."""

from audit import Finding, check

#: Readings that need the publication date to name a day ("gestern", "am Samstag", "im Mai").
_RELATIVE = {"offset", "reference", "relative_day", "period", "weekday", "date", "season",
             "quarter", "time", "daypart_date"}


@check("TMP003", severity="info", title="Relative dates without a publication date")
def check_temporal_unanchored(timexes, articles):
    """Relative dates without a publication date.

    What it does:
        Finds articles without a publication date that use dates only a publication date
        can resolve: "gestern", "am Samstag", "vor einigen Wochen", "im Mai", "last week".
        One finding per article, at the first such expression, lists them all, so the
        user knows which articles need a `published` date. Dates counted from another
        date of the text ("zwei Tage später") and dates with their year are not listed.
    Why it matters:
        Without a publication date "gestern" could be any day: the article's statements
        cannot be placed on a timeline, compared with other articles or checked against
        the dates they mention (TMP001, TMP004 stay silent on them).
    Flagged:
        Streik im Hafen
        Die Hafenarbeiter streikten gestern und wollen am Samstag erneut die Arbeit niederlegen.
    Clean:
        ---
        published: 2025-06-20
        ---
        Streik im Hafen
        Die Hafenarbeiter streikten gestern und wollen am Samstag erneut die Arbeit niederlegen.
    """
    undated = articles[articles.published.isna()].article_id
    loose = timexes[timexes.article_id.isin(undated) & (timexes.anchor == "none")
                    & timexes.reading.isin(_RELATIVE) & timexes.type.isin(["DATE", "TIME"])]
    for _, rows in loose.groupby("article_id", sort=False):
        rows = rows.sort_values("start")
        listed = ", ".join(f"‘{text}’" for text in dict.fromkeys(rows.text))
        count = len(dict.fromkeys(rows.text))
        first = next(rows.itertuples(index=False))
        yield Finding.at(
            first, f"no publication date: {count} relative "
                   f"{'date' if count == 1 else 'dates'} cannot be resolved ({listed}); "
                   f"give the article a `published` date")
