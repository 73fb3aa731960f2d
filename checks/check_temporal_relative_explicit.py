"""TMP001: a relative or vague date that cannot be the explicit date given for the same event."""

import datetime as dt
import re
from collections import Counter

from audit import Finding, Span, check
from audit.normalise.dating import event_words

#: Readings computed from the publication date ("vor wenigen Tagen", "last week", "gestern").
_RELATIVE = {"offset", "reference", "relative_day", "period", "weekday"}
#: Across articles only the vague and period readings are compared ("vor einigen Wochen",
#: "kürzlich", "last month"): they point back at an event the reader knows of, while a bare
#: weekday or "gestern" names the latest time of an event that may recur (a council that
#: meets every Thursday, ministers who call each other again).
_BACKWARD = {"offset", "reference", "period"}
#: Across articles, the words next to the two dates (this many characters either side,
#: within the sentence) must share at least ``_SHARED`` words to be taken as one event.
_REACH = 60
_SHARED = 2
#: A word next to more explicit dates than this names no particular event ("Regierung"):
#: it is no blocking key, which keeps the comparison sub-quadratic on large corpora.
_COMMON = 500
_SENTENCE_END = re.compile(r"[.!?]\s")


def _day(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _interval(earliest, latest) -> str:
    return _day(earliest) if earliest == latest else f"{_day(earliest)} – {_day(latest)}"


def _overlap(a, b) -> bool:
    return a.earliest <= b.latest and b.earliest <= a.latest


_WORD_BEFORE = re.compile(r"\S+\s+\Z")


def _near_words(text: str, language: str, start: int, end: int,
                people: list[tuple[int, int]]) -> frozenset[str]:
    """The event words within ``_REACH`` characters of ``text[start:end]``, in its sentence.

    Person mentions and the word before each (its role: "Außenminister Sergej Lawrow")
    name who took part, not the event, so they are left out.
    """
    low = max(0, start - _REACH)
    stops = list(_SENTENCE_END.finditer(text, low, start))
    if stops:
        low = stops[-1].end()
    high = min(len(text), end + _REACH)
    stop = _SENTENCE_END.search(text, end, high)
    if stop:
        high = stop.start() + 1
    skip = [(start - low, end - low)]
    for first, last in people:
        if last > low and first < high:
            role = _WORD_BEFORE.search(text, max(low, first - 40), first)
            first = role.start() if role else first
            skip.append((max(first, low) - low, min(last, high) - low))
    return frozenset(event_words(text[low:high], language, skip))


def _subject(words) -> str:
    return min(words, key=lambda w: (-len(w), w))


@check("TMP001", severity="warning", title="Relative date contradicts an explicit date")
def check_temporal_relative_explicit(timexes, assertions, articles, entities):
    """Relative date contradicts an explicit date.

    What it does:
        Reads each relative or vague date ("vor wenigen Tagen", "a few weeks ago",
        "letzte Woche", "gestern") as the interval it denotes from the publication date,
        and compares it with the explicit days ("am 3. Februar", "on 2 June") given for
        the same event. In the same article, an event is the same when the two sentences
        share a word that names it, such as "Verhandlungen" or "talks". Across the corpus,
        the words right around the two dates must share at least two such words
        ("Verhandlungen … in Istanbul"; the names and roles of people do not count), only
        vague and period dates ("vor einigen Wochen", "last month") are compared, and a
        year-less date is read from its own article's publication date. When the
        intervals cannot overlap, the relative date is flagged, with the explicit date
        beside it.
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
    flagged = yield from _within_articles(relative, explicit, assertions)
    yield from _across_articles(relative[relative.reading.isin(_BACKWARD)], explicit,
                                articles, entities, flagged)


def _within_articles(relative, explicit, assertions):
    """Findings for dates contradicted in their own article; returns the flagged timexes."""
    flagged = set()
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
            if not shared or _overlap(row, other):
                continue
            flagged.add((row.article_id, row.timex_id))
            yield Finding.at(
                row,
                f"‘{row.text}’ means {_interval(row.earliest, row.latest)} from the "
                f"publication date, but the same {_subject(shared)} is dated ‘{other.text}’ "
                f"({_interval(other.earliest, other.latest)})",
                related=(Span(other.article_id, int(other.start), int(other.end)),))
            break
    return flagged


def _across_articles(relative, explicit, articles, entities, flagged):
    """Findings for dates contradicted by another article, found through shared words."""
    if explicit.empty or relative.empty:
        return
    texts = dict(zip(articles.article_id, articles.text, strict=True))
    languages = dict(zip(articles.article_id, articles.language, strict=True))
    people: dict[str, list[tuple[int, int]]] = {}
    for article, first, last in zip(entities.article_id, entities.start, entities.end,
                                    strict=True):
        people.setdefault(article, []).append((int(first), int(last)))

    def near(row) -> frozenset[str]:
        return _near_words(texts.get(row.article_id, ""), languages.get(row.article_id, "de"),
                           int(row.start), int(row.end), people.get(row.article_id, []))

    dates = list(explicit.itertuples(index=False))
    postings: dict[str, list[int]] = {}
    for i, other in enumerate(dates):
        for word in near(other):
            postings.setdefault(word, []).append(i)
    postings = {word: items for word, items in postings.items() if len(items) <= _COMMON}
    for row in relative.itertuples(index=False):
        if (row.article_id, row.timex_id) in flagged:
            continue
        words = near(row)
        counts = Counter(i for word in words for i in postings.get(word, ()))
        best = None
        for i, count in counts.items():
            other = dates[i]
            if count < _SHARED or other.article_id == row.article_id or _overlap(row, other):
                continue
            key = (-count, str(other.article_id), int(other.start))
            if best is None or key < best[0]:
                best = (key, other)
        if best is None:
            continue
        other = best[1]
        shared = ", ".join(sorted(words & near(other)))
        yield Finding.at(
            row,
            f"‘{row.text}’ means {_interval(row.earliest, row.latest)} from the publication "
            f"date, but {other.article_id} dates the same event ({shared}) ‘{other.text}’ "
            f"({_interval(other.earliest, other.latest)})",
            related=(Span(other.article_id, int(other.start), int(other.end)),))
