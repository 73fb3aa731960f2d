"""Calendar arithmetic for the temporal tagger: moving a day by units, the bounds and
TIMEX3 value of the unit around a day, and readings relative to a publication date."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable

from audit.ingest.published import PublicationDate

PERIODS = ("week", "month", "year")
SUB_DAY = {"hour": 60, "minute": 1}
DURATION_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE",
                   "hour": "H", "minute": "M"}
UNRESOLVED = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX",
               "decade": "XXX"}


def add(day: dt.date, count: int, unit: str) -> dt.date:
    """``day`` moved by ``count`` units; sub-day units round away from it to whole days."""
    if unit in SUB_DAY:
        minutes = abs(count) * SUB_DAY[unit]
        days = -(-minutes // 1440)
        return day + dt.timedelta(days=days if count >= 0 else -days)
    if unit == "day":
        return day + dt.timedelta(days=count)
    if unit == "week":
        return day + dt.timedelta(weeks=count)
    months = count * {"month": 1, "year": 12, "decade": 120}[unit]
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def bounds(day: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the ``unit`` (day, week, month, year, decade) around ``day``."""
    if unit == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if unit == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if unit == "decade":
        first = day.year // 10 * 10
        return dt.date(first, 1, 1), dt.date(first + 9, 12, 31)
    return day, day


def value_of(day: dt.date, unit: str) -> str:
    """The TIMEX3 value of the ``unit`` around ``day``."""
    if unit == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "year":
        return f"{day.year:04d}"
    if unit == "decade":
        return f"{day.year // 10:03d}"
    return day.isoformat()


def narrow(earliest: dt.date | None, latest: dt.date | None, mod: str | None):
    """The first, middle or last third of an interval for START, MID, END."""
    if earliest is None or latest is None or mod not in {"START", "MID", "END"}:
        return earliest, latest
    third = dt.timedelta(days=-(-((latest - earliest).days + 1) // 3))
    one = dt.timedelta(days=1)
    if mod == "START":
        return earliest, earliest + third - one
    if mod == "END":
        return latest - third + one, latest
    return earliest + third, max(earliest + third, latest - third)


Resolution = tuple[dt.date | None, dt.date | None, str, str]


def from_publication(publication: PublicationDate | None,
                      compute: Callable[[dt.date], tuple[dt.date, dt.date, str]],
                      unresolved: str) -> Resolution:
    """Earliest, latest, value and anchor of a reading relative to the publication date.

    ``compute`` reads the expression as if published on one day; with month or year
    precision it is read at both ends of the publication interval and the hull is kept.
    """
    if publication is None:
        return None, None, unresolved, "none"
    first, last = compute(publication.earliest), compute(publication.latest)
    value = first[2] if first[2] == last[2] else unresolved
    return min(first[0], last[0]), max(first[1], last[1]), value, "publication"


def nearest_year(month: int, day: int | None, publication: PublicationDate,
                  weekday: int | None = None, tense: str | None = None) -> int:
    """The year that puts a year-less date nearest the publication date.

    With a weekday written beside the date ("Montag (27.7.)"), a year within 300 days of
    publication in which the date falls on that weekday is preferred: an article from
    March about last July is not wrong about its weekday.
    """
    middle = publication.earliest + (publication.latest - publication.earliest) / 2
    candidates = []
    for year in (middle.year - 1, middle.year, middle.year + 1):
        try:
            date = dt.date(year, month, day or 15)
        except ValueError:  # 29 February outside a leap year
            continue
        distance = abs((date - middle).days)
        mismatch = weekday is not None and day is not None and date.weekday() != weekday
        # a past clause speaks of a date up to publication, a future one of a date after it
        wrong_side = (tense == "past" and date > publication.latest
                      or tense == "future" and date < publication.earliest)
        candidates.append((mismatch or distance > 300, wrong_side, distance, year))
    if not candidates:
        raise ValueError(f"no year near {publication} has {day}.{month}.")
    return min(candidates)[-1]
