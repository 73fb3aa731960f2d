"""TMP001: a relative or vague date that cannot be the explicit date given for the same event."""

import datetime as dt

from audit import Finding, Span, check

#: Readings computed from the publication date ("vor wenigen Tagen", "last week", "gestern").
_RELATIVE = {"offset", "reference", "relative_day", "period", "weekday"}


def _day(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _interval(earliest, latest) -> str:
    return _day(earliest) if earliest == latest else f"{_day(earliest)} – {_day(latest)}"


@check("TMP001", severity="warning", title="Relative date contradicts an explicit date")
def check_temporal_relative_explicit(timexes, assertions):
    """Relative date contradicts an explicit date.

    What it does:
        Reads each relative or vague date ("vor wenigen Tagen", "a few weeks ago",
        "letzte Woche", "gestern") as the interval it denotes from the publication date,
        and compares it with the explicit days ("am 3. Februar", "on 2 June") the same
        article gives in sentences about the same event (sentences sharing a word that
        names it, such as "Verhandlungen" or "talks"). When the intervals cannot overlap,
        the relative date is flagged, with the explicit date beside it.
    Why it matters:
        "Die vor wenigen Tagen geführten Verhandlungen" in an article published in
        November cannot be the talks "am 3. Februar": one of the two is wrong, or the
        text was recycled from an older article without updating its relative dates.
    Flagged:
        ---
        published: 2025-12-10
        ---
        Gespräche in Genf
        Die Verhandlungen in Genf fanden am 2. Juni statt.
        Die vor wenigen Tagen geführten Verhandlungen brachten keinen Durchbruch.
    Clean:
        ---
        published: 2025-06-20
        ---
        Gespräche in Genf
        Die Verhandlungen in Genf fanden am 2. Juni statt.
        Die vor wenigen Wochen geführten Verhandlungen brachten keinen Durchbruch.
    """
    dated = timexes[timexes.earliest.notna() & timexes.latest.notna()
                    & timexes.type.isin(["DATE", "TIME"])]
    relative = dated[dated.reading.isin(_RELATIVE) & (dated.anchor == "publication")
                     & (dated.value != "PRESENT_REF")]
    if relative.empty:
        return
    explicit = dated[(dated.reading == "date") & (dated.granularity == "day")]
    words = {(row.article_id, row.sent_id): set(row.event_words or ())
             for row in assertions[assertions.article_id.isin(relative.article_id)]
             .itertuples(index=False)}
    by_article = {article: rows for article, rows in explicit.groupby("article_id")}
    for row in relative.itertuples(index=False):
        candidates = by_article.get(row.article_id)
        if candidates is None:
            continue
        event = words.get((row.article_id, row.sent_id), set())
        for other in candidates.itertuples(index=False):
            if other.sent_id == row.sent_id:
                continue  # "gestern, am 3. Februar": one names the other
            shared = event & words.get((other.article_id, other.sent_id), set())
            if not shared or (other.earliest <= row.latest and row.earliest <= other.latest):
                continue
            subject = min(shared, key=lambda w: (-len(w), w))
            yield Finding.at(
                row,
                f"‘{row.text}’ means {_interval(row.earliest, row.latest)} from the "
                f"publication date, but the same {subject} is dated ‘{other.text}’ "
                f"({_interval(other.earliest, other.latest)})",
                related=(Span(other.article_id, int(other.start), int(other.end)),),
            )
            break
