"""TMP005: dates that cannot all hold; the publication window of an undated article."""

import datetime as dt
import re
from typing import NamedTuple

from audit import Finding, Span, check

_FAR = 10**6
#: What may stand between two dates that name one day: "gestern, am 14. Januar", "zwei Tage
#: später (am 7. März)", "yesterday, 14 January", "two days later, on 7 March".
_APPOSITION = re.compile(r"\s*[,(–-]?\s*(?:am|an|dem|den|on|the)?\s*", re.IGNORECASE)
#: Readings that are computed (from the publication date or the date before), not written.
_COMPUTED = {"offset", "relative_day", "counted", "period", "reference", "weekend"}
#: Readings that name a day as written, though maybe counted from publication ("am 2. Juni",
#: "the 28th of last month").
_WRITTEN = {"date", "month_day"}
#: How fine a computed date beside a written day may be: a day, or a stretch of days ("Anfang
#: dieser Woche", "earlier this month"); the written day must lie in it.
_STRETCHES = {"day", "week", "weekend", "month"}
#: Explicit dates this fine fix the publication date to a day.
_DAYS = {"day", "daypart", "hour", "minute"}


class _Constraint(NamedTuple):
    """The publication date lies ``low``…``high`` days after 0001-01-01, because of ``why``."""

    low: int
    high: int
    why: str
    rows: tuple
    close: bool = False  # both dates in one sentence: the surest kind of constraint


def _ordinal(day: dt.date) -> int:
    return day.toordinal()


def _day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _constraints(relative: list, days: list, words: dict[int, set[str]]) -> list[_Constraint]:
    """What each relative date (with an explicit day of the same event) and each tensed
    explicit day says about the publication date."""
    found = []
    for r in relative:
        event = words.get(r.sent_id, set())
        for e in days:
            # one event: the same sentence, or sentences sharing two words that name it
            if e.sent_id != r.sent_id and len(event & words.get(e.sent_id, set())) < 2:
                continue
            found.append(_Constraint(
                _ordinal(e.earliest) - int(r.offset_high), _ordinal(e.latest) - int(r.offset_low),
                f"‘{r.text}’ and ‘{e.text}’ name one event", (r, e), e.sent_id == r.sent_id))
    for e in days:
        if e.tense == "past":
            found.append(_Constraint(_ordinal(e.earliest), _FAR * 10,
                                     f"‘{e.text}’ is told in the past tense", (e,)))
        elif e.tense == "future":
            found.append(_Constraint(0, _ordinal(e.latest),
                                     f"‘{e.text}’ is told in the future tense", (e,)))
    return found


class _Timex(NamedTuple):
    """The columns of a ``timexes`` row this check reads."""

    article_id: str
    sent_id: int
    start: int
    end: int
    text: str
    type: str
    value: object
    granularity: object
    anchor: object
    reading: object
    tense: object
    earliest: object
    latest: object
    offset_low: float
    offset_high: float


def _rows(timexes) -> list[_Timex]:
    """The dated timexes as plain rows: read column by column and kept in Python, which is
    many times faster than filtering the table (a copy of every column) and iterating its
    rows."""
    columns = [timexes[name].tolist() for name in _Timex._fields]
    earliest, offset_low = _Timex._fields.index("earliest"), _Timex._fields.index("offset_low")
    return [_Timex(*values) for values in zip(*columns, strict=True)
            if _present(values[earliest]) or _present(values[offset_low])]


def _present(value) -> bool:
    return value is not None and value == value  # (NaN is not equal to itself)


def _by_article(rows) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for row in rows:
        grouped.setdefault(row.article_id, []).append(row)
    return grouped


@check("TMP005", severity="warning", title="Dates that cannot all hold", scope="article")
def check_temporal_constraints(timexes, assertions, articles):
    """Dates that cannot all hold.

    What it does:
        In an article without a publication date, each relative date ("vor einigen
        Wochen", "gestern", "am Samstag") said of the same event as an explicit day ("am
        2. Juni 2025": in the same sentence, or in sentences sharing two words that name
        the event) fixes how far publication lies from that day, and every day told in
        the past tense lies before publication, every one in the future tense after it.
        These constraints form a simple temporal network. When they cannot all hold, the
        finding names the two that conflict (a minimal set); when they hold, an `info`
        finding reports the window of publication dates they leave, so the user can supply
        or check the date.
        In every article, a computed date set beside a written day as its apposition
        ("gestern, am 14. Januar"; "zwei Tage später, am 7. März", counted from the date
        before; "Anfang dieser Woche, am Freitag, den 13. Juni"; "earlier this month, on
        the 28th of last month") must be able to name that day: when the day lies outside
        the day or stretch of days the computed date means, the finding names both (and
        the date the count starts from).
    Why it matters:
        An undated article cannot be checked against the calendar directly, but its dates
        still have to agree with each other. When they cannot, one of them is wrong; when
        they can, the window they leave dates the article.
    Flagged:
        Gespräche in Genf
        Die Verhandlungen in Genf begannen am 2. Juni 2025.
        Die Verhandlungen in Genf endeten gestern.
        Die Minister werden sich am 20. Mai 2025 in Genf treffen.
    Clean:
        Gespräche in Genf
        Die Verhandlungen in Genf begannen am 2. Juni 2025.
        Die Minister werden sich am 20. Juni 2025 in Genf treffen.
    """
    rows = _rows(timexes)
    yield from _appositions(rows, articles)
    undated = set(articles.article_id[articles.published.isna()].tolist())
    candidates = [r for r in rows if r.article_id in undated and _present(r.tense)]
    days = _by_article(r for r in candidates if _present(r.earliest)
                       and r.anchor == "explicit" and r.granularity in _DAYS)
    # "derzeit", "now" describe a state at publication, not an event on a day
    relative = _by_article(r for r in candidates if _present(r.offset_low)
                           and r.value != "PRESENT_REF")
    words_of: dict[str, dict[int, set[str]]] = {}
    # (the three columns of those rows only: a filter of the table copies every column)
    told = assertions.loc[assertions.article_id.isin(set(days)).to_numpy(dtype=bool),
                          ["article_id", "sent_id", "event_words"]]
    for article_id, sent_id, words in zip(told.article_id.tolist(), told.sent_id.tolist(),
                                          told.event_words.tolist(), strict=True):
        words_of.setdefault(article_id, {})[sent_id] = set(words or ())
    for article_id, article_days in days.items():
        constraints = _constraints(relative.get(article_id, []), article_days,
                                   words_of.get(article_id, {}))
        if not constraints:
            continue
        # the tightest bounds; among equal ones, the surest and narrowest constraint
        latest_start = max(constraints, key=lambda c: (c.low, c.close, c.low - c.high))
        earliest_end = min(constraints, key=lambda c: (c.high, not c.close, c.high - c.low))
        if latest_start.low > earliest_end.high:
            rows = list(dict.fromkeys(latest_start.rows + earliest_end.rows))
            anchor = rows[0]
            yield Finding.at(
                anchor,
                f"these dates cannot all hold: {latest_start.why} (published on or after "
                f"{_day(latest_start.low)}), but {earliest_end.why} (published on or before "
                f"{_day(earliest_end.high)})",
                related=tuple(Span(r.article_id, int(r.start), int(r.end)) for r in rows[1:]))
        elif latest_start.low > 0 and earliest_end.high < _FAR and any(
                len(c.rows) == 2 for c in constraints):
            first = min((c.rows[0] for c in constraints if len(c.rows) == 2),
                        key=lambda r: r.start)
            window = (f"on {_day(latest_start.low)}" if latest_start.low == earliest_end.high
                      else f"between {_day(latest_start.low)} and {_day(earliest_end.high)}")
            yield Finding.at(first, f"no publication date; the article's dates place it "
                                    f"{window}", severity="info")


def _appositions(rows: list[_Timex], articles):
    """A computed date and the written day beside it that cannot be the same day: the day
    lies outside the day or stretch of days the computed date means."""
    dated = [r for r in rows if _present(r.earliest) and _present(r.latest)
             and r.type in ("DATE", "TIME")
             and (r.reading in _COMPUTED and r.granularity in _STRETCHES
                  or r.reading in _WRITTEN and r.granularity == "day")]
    computed = {r.article_id for r in dated if r.reading in _COMPUTED}
    written = {r.article_id for r in dated if r.reading in _WRITTEN}
    both = computed & written
    if not both:
        return
    texts = dict(zip(articles.article_id.tolist(), articles.text.tolist(), strict=True))
    for article_id, rows in _by_article(r for r in dated if r.article_id in both).items():
        text = texts.get(article_id, "")
        rows.sort(key=lambda r: r.start)
        for i, (left, right) in enumerate(zip(rows, rows[1:], strict=False)):
            if left.sent_id != right.sent_id \
                    or not _APPOSITION.fullmatch(text, left.end, right.start):
                continue
            pair = _computed_and_written(left, right)
            if pair is None:
                continue
            computed, written = pair
            if computed.earliest <= written.latest and written.earliest <= computed.latest:
                continue
            yield _apposition_finding(article_id, computed, written, rows[:i])


def _computed_and_written(left: _Timex, right: _Timex) -> tuple[_Timex, _Timex] | None:
    """The computed date and the written day of two timexes side by side, if they are
    such a pair (a stretch may stand before its day; after it, only a computed day)."""
    if left.reading in _COMPUTED and right.reading in _WRITTEN:
        return left, right
    if right.reading in _COMPUTED and left.reading in _WRITTEN and right.granularity == "day":
        return right, left
    return None


def _apposition_finding(article_id: str, computed: _Timex, written: _Timex,
                        before: list[_Timex]) -> Finding:
    source = "the publication date"
    related = [Span(article_id, int(written.start), int(written.end))]
    if computed.anchor == "previous":
        given = [r for r in before if r.granularity == "day" and r.reading not in _COMPUTED]
        if given:
            source = f"‘{given[-1].text}’"
            related.append(Span(article_id, int(given[-1].start), int(given[-1].end)))
    first, last = _day(_ordinal(computed.earliest)), _day(_ordinal(computed.latest))
    means = f"counts to {first}" if first == last else f"means {first} to {last}"
    return Finding.at(
        computed,
        f"these dates cannot all hold: ‘{computed.text}’ {means} from {source}, but the day "
        f"beside it is ‘{written.text}’ ({_day(_ordinal(written.earliest))})",
        related=tuple(related))
