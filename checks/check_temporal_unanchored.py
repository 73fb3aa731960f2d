"""TMP003: relative dates that cannot be anchored because the article has no publication date."""

from audit import Finding, check

#: Readings that need the publication date to name a day ("gestern", "am Samstag", "im Mai").
_RELATIVE = {"offset", "reference", "relative_day", "period", "weekday", "date", "season",
             "quarter", "time", "daypart_date"}


@check("TMP003", severity="info", title="Relative dates without a publication date",
       scope="article")
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
    # Plain lists, not a pandas group per article: 900 small groups cost a second.
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    for article_id, start, end, text in zip(loose.article_id.tolist(), loose.start.tolist(),
                                            loose.end.tolist(), loose.text.tolist(), strict=True):
        by_article.setdefault(article_id, []).append((start, end, text))
    for article_id, rows in by_article.items():
        rows.sort()
        texts = dict.fromkeys(text for _, _, text in rows)
        listed = ", ".join(f"‘{text}’" for text in texts)
        start, end, _ = rows[0]
        yield Finding(
            str(article_id), start, end,
            f"no publication date: {len(texts)} relative "
            f"{'date' if len(texts) == 1 else 'dates'} cannot be resolved ({listed}); "
            f"give the article a `published` date")
