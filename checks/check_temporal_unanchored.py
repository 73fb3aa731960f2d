"""TMP003: relative and year-less dates that cannot be anchored because the article has no
publication date."""

import re

from audit import Finding, check

#: Readings that need the publication date to name a day ("gestern", "am Samstag", "im Mai").
_RELATIVE = {"offset", "reference", "relative_day", "period", "weekday", "date", "season",
             "quarter", "time", "daypart_date"}
#: The value of a date written without its year: a month, day, season or quarter is given
#: ("2. Juni": ``XXXX-06-02``, "im Mai": ``XXXX-05``, "im Sommer": ``XXXX-SU``).
_YEAR_LESS = re.compile(r"XXXX-(?:\d\d|SP|SU|FA|WI|Q\d)")


@check("TMP003", severity="info", title="Relative dates without a publication date",
       scope="article")
def check_temporal_unanchored(timexes, articles):
    """Relative and year-less dates without a publication date.

    What it does:
        Finds articles without a publication date that use dates only a publication date
        can resolve: relative ones ("gestern", "am Samstag", "vor einigen Wochen", "last
        week") and dates without their year ("2. Juni", "im Mai"), each named for what it
        is. One finding per article, at the first such expression, lists them all, so the
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
    undated = set(articles.article_id[articles.published.isna()].tolist())
    if not undated:
        return
    # Plain lists, not table filters and a pandas group per article: 900 small groups cost
    # a second, and four filters of a partition's timexes 3 ms.
    by_article: dict[str, list[tuple[int, int, str, str]]] = {}
    for article_id, start, end, text, value, anchor, reading, kind in zip(
            timexes.article_id.tolist(), timexes.start.tolist(), timexes.end.tolist(),
            timexes.text.tolist(), timexes.value.tolist(), timexes.anchor.tolist(),
            timexes.reading.tolist(), timexes.type.tolist(), strict=True):
        if article_id in undated and anchor == "none" and reading in _RELATIVE \
                and kind in ("DATE", "TIME"):
            by_article.setdefault(article_id, []).append((start, end, text, str(value)))
    for article_id, rows in by_article.items():
        rows.sort()
        relative = dict.fromkeys(text for *_, text, value in rows
                                 if not _YEAR_LESS.match(value))
        year_less = dict.fromkeys(text for *_, text, value in rows
                                  if _YEAR_LESS.match(value) and text not in relative)
        start, end, *_ = rows[0]
        yield Finding(str(article_id), start, end,
                      f"no publication date: {_kinds(relative, year_less)} cannot be resolved;"
                      " give the article a `published` date")


def _kinds(relative: dict, year_less: dict) -> str:
    """"2 relative dates (‘gestern’, ‘Samstag’) and 1 date without its year (‘2. Juni’)"."""
    parts = []
    if relative:
        parts.append(f"{len(relative)} relative {'date' if len(relative) == 1 else 'dates'} "
                     f"({', '.join(f'‘{text}’' for text in relative)})")
    if year_less:
        parts.append(f"{len(year_less)} {'date' if len(year_less) == 1 else 'dates'} without "
                     f"{'its year' if len(year_less) == 1 else 'their year'} "
                     f"({', '.join(f'‘{text}’' for text in year_less)})")
    return " and ".join(parts)
