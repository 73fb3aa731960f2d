"""What a match of the temporal grammar means: one reading per rule kind (``READERS``).

A reading gets the fields its rule matched (placeholder -> meaning) and a ``Context`` (the
date it reads from, the grammar, the clause's tense, the last date the text gave) and
returns the timex's value, interval and granularity (see ``audit.normalise.timexes`` for the
value conventions).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from audit.ingest.published import PublicationDate
from audit.normalise.temporal.calendar import (
    DURATION_CODES,
    SUB_DAY,
    UNRESOLVED,
    add,
    bounds,
    from_publication,
    narrow,
    nearest_year,
    value_of,
)
from audit.normalise.temporal.grammar import Grammar, phrase_key

Reading = dict[str, object]


@dataclass(frozen=True)
class Context:
    """What a match is read against, apart from what it matched: the date it counts from
    (the publication date, or the last date the text gave when it reads from there), the
    grammar, and what the tagger found around it."""

    reference: PublicationDate | None
    grammar: Grammar
    #: The clause's tense, where the rule depends on it ("am Samstag" before or after).
    tense: str | None = None
    #: A year-less date in a history takes the year of the story ("1942 … am 28. Mai").
    same_year: bool = False
    #: "heute" in a history is the present, not the narrated day.
    in_history: bool = False
    #: The value of the date read from, when the reading counts from the last date given.
    reference_value: str | None = None
    #: The value of the last date the text gave ("the third quarter … a year ago").
    last_value: str | None = None
    #: The sentence looks ahead: a future marker in it, or words right before the match
    #: that point ahead ("by", "bis": ``tense.toml`` ``ahead``) in a clause not in the past.
    forward: bool = False


def _date(matched: dict, context: Context,
          shift_of: str = "month", in_quarters: bool = False) -> Reading:
    """A calendar date; with a ``shift`` and no year, "last April" (``shift_of`` month: the
    April before the publication's month) or "June last year" (``shift_of`` year). With
    ``in_quarters``, a year named while a quarter is discussed ("the third quarter … the
    1988 period") is that quarter of the year."""
    origin = context.reference
    last_quarter = _QUARTER_VALUE.match(context.last_value or "")
    if in_quarters and last_quarter and matched.get("year") is not None:
        return _quarter({"quarter": int(last_quarter.group(2)), "year": matched["year"]}, context)
    matched = _holiday_month(matched)
    month = matched.get("month") or matched.get("month2") or matched.get("month_name")
    day, year, mod = matched.get("day"), matched.get("year"), matched.get("part")
    unit = "day" if day else "month" if month else "year"
    weekday = matched.get("weekday", matched.get("weekday_short"))
    if year is None and origin is not None and "shift" in matched and month:
        year = _shifted_year(matched["shift"], month, origin, shift_of)
        if year is None:
            return {"value": f"XXXX-{month:02d}", "granularity": unit, "anchor": "none"}
        anchor = "publication"
    elif year is None and origin is not None:
        if context.same_year and origin.earliest.year == origin.latest.year:
            year = origin.earliest.year
        else:
            year = nearest_year(month, day, origin, weekday, context.tense)
            if "holiday" in matched and _looks_back_too_far(year, month, day, origin, context):
                year = None
        anchor = "publication"
    else:
        anchor = "explicit"
    if year is None:
        dt.date(2000, month, day or 1)  # a leap year: rejects only dates no year has
        value = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
        return {"value": value, "granularity": unit, "mod": mod, "anchor": "none",
                "weekday": weekday}
    if "holiday" in matched:
        day = _holiday_day(matched["holiday"], year)
    first = dt.date(year, month or 1, day or 1)
    earliest, latest = narrow(*bounds(first, unit), mod)
    return {"value": value_of(first, unit), "earliest": earliest, "latest": latest,
            "granularity": unit, "mod": mod, "anchor": anchor, "weekday": weekday}


#: A bare holiday ("Election Day", "Weihnachten") that its nearest year puts more than this
#: many days before publication is no past day in a clause that looks ahead.
_HOLIDAY_LOOK_BACK_DAYS = 60


def _looks_back_too_far(year: int, month: int, day: int, origin: PublicationDate,
                        context: Context) -> bool:
    """Whether a holiday without a year, read as ``year``, lies months before publication
    in a sentence that looks ahead (``Context.forward``: "hope to have half the votes in by
    Election Day" in February is no past November). Its year is then left unknown; in a
    past clause ("had half the votes in by Election Day") the past day stands."""
    return context.forward and dt.date(year, month, day) < origin.earliest - dt.timedelta(
        days=_HOLIDAY_LOOK_BACK_DAYS)


def _holiday_month(matched: dict) -> dict:
    """"Weihnachten 1966", "New Year's Day": a holiday as its month and day; a floating
    one ("Thanksgiving") is read near its earliest day, then placed in its year."""
    if "holiday" not in matched:
        return matched
    return matched | {"month": matched["holiday"][0],
                      "day": _holiday_day(matched["holiday"], None)}


def _shifted_year(shift: int, month: int, origin: PublicationDate,
                  shift_of: str) -> int | None:
    """The year of "last April" (``shift_of`` month: the April before the month of
    ``origin``) or "June last year" (``shift_of`` year); ``None`` when the two ends of
    ``origin`` disagree."""
    if origin.earliest.year != origin.latest.year:
        return None
    now = origin.earliest
    year = now.year + shift
    if shift_of == "month" and (shift < 0 and month < now.month or shift > 0 and month > now.month):
        year -= shift
    return year


def _holiday_day(holiday: list[int], year: int | None) -> int:
    """The day of the month of a holiday: ``[month, day]`` fixed, or ``[month, weekday, n]``
    (``[month, weekday, n, first]``) the n-th such weekday on or after day ``first`` (1):
    Thanksgiving is ``[11, 3, 4]``, the fourth Thursday of November. Without a year, the
    earliest day it can fall on."""
    if len(holiday) == 2:
        return holiday[1]
    month, weekday, nth, *rest = holiday
    first = rest[0] if rest else 1
    if year is None:
        return first + 7 * (nth - 1)
    start = dt.date(year, month, first)
    return first + (weekday - start.weekday()) % 7 + 7 * (nth - 1)


def _weekday_on(reference: dt.date, weekday: int, shift: int | None, scope: str | None,
                tense: str | None = None):
    if scope == "week":
        monday = reference - dt.timedelta(days=reference.weekday())
        return monday + dt.timedelta(days=7 * (shift or 0) + weekday)
    if shift is None and tense == "future":  # the next such day, publication day included
        return reference + dt.timedelta(days=(weekday - reference.weekday()) % 7)
    if shift is None:  # the most recent such day, publication day included
        return reference - dt.timedelta(days=(reference.weekday() - weekday) % 7)
    if shift == 0:  # the one in the publication's week
        return reference + dt.timedelta(days=weekday - reference.weekday())
    if shift < 0:
        before = reference - dt.timedelta(days=1 + (reference.weekday() - 1 - weekday) % 7)
        return before - dt.timedelta(weeks=-shift - 1)
    after = reference + dt.timedelta(days=1 + (weekday - reference.weekday() - 1) % 7)
    return after + dt.timedelta(weeks=shift - 1)


def _with_daypart(reading: Reading, daypart: str | None) -> Reading:
    if daypart:
        reading.update(type="TIME", value=f"{reading['value']}T{daypart}",
                       granularity="daypart")
    return reading


def _weekday(matched: dict, context: Context,
             scope: str | None = None) -> Reading:
    origin = context.reference
    weekday, shift = matched["weekday"], matched.get("shift")

    tense = context.tense

    def compute(reference: dt.date):
        day = _weekday_on(reference, weekday, shift, scope, tense)
        return day, day, day.isoformat()

    earliest, latest, value, anchor = from_publication(
        origin, compute, f"XXXX-WXX-{weekday + 1}")
    reading = {"value": value, "earliest": earliest, "latest": latest,
               "granularity": "day", "anchor": anchor, "weekday": weekday}
    return _with_daypart(reading, matched.get("daypart"))


def _weekend(matched: dict, context: Context) -> Reading:
    """"the weekend", "last weekend": ``1990-W32-WE``, its Saturday to its Sunday.

    "the weekend" is the last one begun by publication, or in a future-tense clause the
    next one not yet over; "this weekend" the one of the publication's week, "last"/"next"
    the one a week before or after it.
    """
    origin = context.reference
    shift, tense = matched.get("shift"), context.tense

    def compute(reference: dt.date):
        saturday = reference + dt.timedelta(days=5 - reference.weekday())
        if shift is not None:
            saturday += dt.timedelta(weeks=shift)
        elif tense != "future" and saturday > reference:
            saturday -= dt.timedelta(weeks=1)
        year, week, _ = saturday.isocalendar()
        return saturday, saturday + dt.timedelta(days=1), f"{year:04d}-W{week:02d}-WE"

    earliest, latest, value, anchor = from_publication(origin, compute, "XXXX-WXX-WE")
    return {"value": value, "earliest": earliest, "latest": latest, "granularity": "weekend",
            "anchor": anchor}


def _relative_day(matched: dict, context: Context) -> Reading:
    origin = context.reference
    meaning = matched["relative_day"]
    if isinstance(meaning, dict) and context.in_history and meaning.get("narrative"):
        # "heute" in a history text: nowadays, not a day of the narrated past
        return _reference({"reference": {"value": meaning["narrative"]}}, context)
    offset = meaning["offset"] if isinstance(meaning, dict) else meaning
    daypart = matched.get("daypart") or (
        meaning.get("daypart") if isinstance(meaning, dict) else None)

    def compute(reference: dt.date):
        day = reference + dt.timedelta(days=offset)
        return day, day, day.isoformat()

    earliest, latest, value, anchor = from_publication(origin, compute, "XXXX-XX-XX")
    reading = {"value": value, "earliest": earliest, "latest": latest,
               "granularity": "day", "anchor": anchor}
    return _with_daypart(reading, daypart)


def _month_day(matched: dict, context: Context) -> Reading:
    """"the 28th of last month", "am 3. dieses Monats": a day of the month ``shift`` months
    from publication."""
    origin = context.reference
    day, shift = matched["day"], matched["shift"]

    def compute(reference: dt.date):
        date = add(reference.replace(day=1), shift, "month").replace(day=day)
        return date, date, date.isoformat()

    earliest, latest, value, anchor = from_publication(origin, compute,
                                                        f"XXXX-XX-{day:02d}")
    return {"value": value, "earliest": earliest, "latest": latest, "granularity": "day",
            "anchor": anchor}


def _period(matched: dict, context: Context) -> Reading:
    origin = context.reference
    if "period_word" in matched:
        unit, shift = matched["period_word"]["unit"], matched["period_word"]["shift"]
    else:
        unit, shift = matched["period"], matched.get("shift", 0)
    mod = matched.get("part")

    def compute(reference: dt.date):
        moved = add(reference, shift, unit)
        return (*bounds(moved, unit), value_of(moved, unit))

    earliest, latest, value, anchor = from_publication(origin, compute, UNRESOLVED[unit])
    earliest, latest = narrow(earliest, latest, mod)
    return {"value": value, "earliest": earliest, "latest": latest, "granularity": unit,
            "mod": mod, "anchor": anchor}


def _count(matched: dict, grammar: Grammar) -> tuple[int | None, tuple[int, int], str | None]:
    """The exact count, the (low, high) range of units, and the vague word as written."""
    if "number" in matched:
        return matched["number"], (matched["number"], matched["number"]), None
    if "vague" in matched:
        return None, tuple(matched["vague"]), phrase_key(matched["vague_text"])
    if "period" in matched:  # a singular unit alone: "year-earlier" is one year
        return 1, (1, 1), None
    return None, grammar.plural_without_number, None


def _offset(matched: dict, context: Context,
            direction: int = -1, in_quarters: bool = False) -> Reading:
    """"vor drei Tagen", "in zwei Wochen", "zwei Tage später". With ``in_quarters``, whole
    years counted while the text speaks of a quarter ("the third quarter … a year ago")
    name that quarter of the other year (1988-Q3)."""
    origin = context.reference
    unit = matched.get("unit") or matched.get("units") or matched["period"]
    exact, (low, high), fuzzy = _count(matched, context.grammar)
    last_quarter = _QUARTER_VALUE.match(context.last_value or "")
    if in_quarters and last_quarter and unit == "year" and exact:
        year = int(last_quarter.group(1)) + direction * exact
        number = int(last_quarter.group(2))
        return {"value": f"{year:04d}-Q{number}", "granularity": "quarter",
                "earliest": dt.date(year, 3 * number - 2, 1),
                "latest": bounds(dt.date(year, 3 * number, 1), "month")[1],
                "anchor": "publication", "fuzzy": fuzzy, "mod": matched.get("approximation")}
    reference = "PAST_REF" if direction < 0 else "FUTURE_REF"
    reading: Reading = {"granularity": unit, "fuzzy": fuzzy, "mod": matched.get("approximation")}
    tail = matched.get("count_tail") or {}
    quarter = _QUARTER_VALUE.match(context.reference_value or "")
    if exact is not None and tail.get("keep_granularity") and unit in ("year", "month"):
        # "a year earlier" after "the third quarter" (1989-Q3) is 1988-Q3, after a day a day
        months = direction * exact * (12 if unit == "year" else 1)
        if quarter and months % 3 == 0:
            year, number = _quarter_of(dt.date(int(quarter.group(1)),
                                               3 * int(quarter.group(2)), 1), months // 3)
            first = dt.date(year, 3 * number - 2, 1)
            return reading | {"value": f"{year:04d}-Q{number}", "earliest": first,
                              "latest": bounds(dt.date(year, 3 * number, 1), "month")[1],
                              "granularity": "quarter", "anchor": "publication"}
        if origin is not None and origin.precision in ("day", "month"):
            fine = origin.precision
            moved = add(origin.earliest, months, "month")
            return reading | {"value": value_of(moved, fine), "granularity": fine,
                              "earliest": bounds(moved, fine)[0],
                              "latest": bounds(moved, fine)[1], "anchor": "publication"}
    if exact is not None and unit not in SUB_DAY:
        def compute(day: dt.date):
            moved = add(day, direction * exact, unit)
            return (*bounds(moved, unit), value_of(moved, unit))

        earliest, latest, value, anchor = from_publication(origin, compute, reference)
        return reading | {"value": value, "earliest": earliest, "latest": latest,
                          "anchor": anchor}
    if exact is not None:  # "vor drei Stunden": a day or two, known only to the day
        low = 0
    else:
        reading["mod"] = "APPROX"
    reading["value"] = reference
    if origin is None:
        return reading | {"anchor": "none"}
    if direction < 0:
        earliest, latest = (add(origin.earliest, -high, unit),
                            add(origin.latest, -low, unit))
    else:
        earliest, latest = (add(origin.earliest, low, unit),
                            add(origin.latest, high, unit))
    return reading | {"earliest": earliest, "latest": latest, "anchor": "publication"}


def duration(matched: dict, context: Context,
              direction: int | None = None) -> Reading:
    origin = context.reference
    unit = (matched.get("unit") or matched.get("units") or matched.get("unit_adjective")
            or matched["period"])
    exact, (_, high), fuzzy = _count(matched, context.grammar)
    if direction is None and matched.get("shift"):
        direction = 1 if matched["shift"] > 0 else -1
    amount = "X" if exact is None else str(exact)
    prefix = "PT" if unit in SUB_DAY else "P"
    code = DURATION_CODES[unit]
    if unit == "hour" and exact and exact % 24 == 0:  # "48 Stunden" are two days
        prefix, amount, code = "P", str(exact // 24), "D"
    reading: Reading = {"type": "DURATION", "value": f"{prefix}{amount}{code}",
                        "granularity": unit, "fuzzy": fuzzy,
                        "mod": "APPROX" if exact is None else matched.get("approximation"),
                        "anchor": "none"}
    if origin is None or not direction:
        return reading
    length = exact if exact is not None else high
    if direction < 0:
        earliest, latest = add(origin.earliest, -length, unit), origin.latest
    else:
        earliest, latest = origin.earliest, add(origin.latest, length, unit)
    return reading | {"earliest": earliest, "latest": latest, "anchor": "publication"}


def _reference(matched: dict, context: Context,
               value: str | None = None, days: int = 0) -> Reading:
    """A vague reference ("recently", "now"), from its table entry or the rule's own
    ``value`` and ``days`` ("will one day")."""
    origin = context.reference
    meaning = matched.get("reference") or {"value": value, "days": days}
    value, days = meaning["value"], dt.timedelta(days=meaning.get("days", 0))
    reading: Reading = {"value": value, "anchor": "none"}
    if origin is None:
        return reading
    earliest, latest = origin.earliest, origin.latest
    if value == "PAST_REF":
        earliest -= days
    elif value == "FUTURE_REF":
        latest += days
    return reading | {"earliest": earliest, "latest": latest, "anchor": "publication"}


def _set(matched: dict, context: Context) -> Reading:
    """A recurring time: every Saturday (``XXXX-WXX-6``), Tuesday nights
    (``XXXX-WXX-2TNI``), every July (``XXXX-07``), every two weeks (``P2W``), daily
    (``P1D``)."""
    weekday = matched.get("weekday_set", matched.get("weekday"))
    if weekday is not None:
        daypart = matched.get("daypart")
        return {"type": "SET", "value": f"XXXX-WXX-{weekday + 1}"
                + (f"T{daypart}" if daypart else ""), "granularity": "day",
                "anchor": "none", "weekday": weekday}
    if "month_name" in matched:  # every July
        return {"type": "SET", "value": f"XXXX-{matched['month_name']:02d}",
                "granularity": "month", "anchor": "none"}
    if "units" in matched:  # every two weeks
        unit = matched["units"]
        exact, _, _ = _count(matched, context.grammar)
        return {"type": "SET", "value": f"P{'X' if exact is None else exact}"
                f"{DURATION_CODES[unit]}", "granularity": unit, "anchor": "none"}
    code = matched["set"][-1]
    unit = {"D": "day", "W": "week", "M": "month", "Y": "year"}[code]
    return {"type": "SET", "value": matched["set"], "granularity": unit, "anchor": "none"}


def _time(matched: dict, context: Context) -> Reading:
    """A clock time, on the day written beside it or else on the reference day."""
    origin = context.reference
    hour, minute = matched.get("hour"), matched.get("minute")
    if hour is None:  # "noon", "midnight": a clock reading from the table
        hour, minute = divmod(matched["clock"], 60)
    elif "meridiem" in matched:
        if not 1 <= hour <= 12:
            raise ValueError(f"{hour} is not an hour of a 12-hour clock")
        hour = hour % 12 + matched["meridiem"]
    if "day" in matched or "month_name" in matched:
        day = _date(matched, context)
    elif "weekday" in matched:
        day = _weekday(matched, context)
    elif "relative_day" in matched:
        day = _relative_day(matched, context)
    elif origin is not None and origin.precision == "day":
        day = {"value": origin.isoformat(), "earliest": origin.earliest,
               "latest": origin.latest, "anchor": "publication"}
    else:
        day = {"value": "XXXX-XX-XX", "anchor": "none"}
    if day.get("granularity", "day") != "day":
        raise ValueError("a clock time on a month or year")
    return day | {"type": "TIME", "value": f"{day['value']}T{hour:02d}:{minute or 0:02d}",
                  "granularity": "hour" if minute is None else "minute"}


def _daypart_date(matched: dict, context: Context) -> Reading:
    """A part of a named day: "am Abend des 22. Juni", "Thursday morning"."""
    if "day" in matched:
        day = _date(matched, context)
    else:
        day = _weekday(matched, context)
    return _with_daypart(day, matched["daypart"])


_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _year_of(matched: dict, context: Context
             ) -> tuple[int | None, str]:
    """The year written (or shifted from the reference, "des nächsten Jahres"), and anchor."""
    origin = context.reference
    if matched.get("year") is not None:
        return matched["year"], "explicit"
    if origin is None:
        return None, "none"
    shift = matched.get("shift", 0)
    first = origin.earliest.year + shift
    if first != origin.latest.year + shift:
        return None, "none"
    return first, "publication"


def _season(matched: dict, context: Context,
            latest_begun: bool = False) -> Reading:
    """Sommer 2024, im Herbst, spring of next year: ``2024-SU``; the months it spans. With
    ``latest_begun`` ("this past spring"), the last such season begun by publication."""
    origin = context.reference
    code = matched["season"]
    if "century_word" in matched:  # "the winter of nineteen ninety-four"
        matched = matched | {"year": matched["century_word"] * 100 + matched["tens_word"]
                             + matched.get("digit_word", 0)}
    year, anchor = _year_of(matched, context)
    if latest_begun and year is not None and anchor == "publication":
        year = origin.latest.year
        if dt.date(year, _SEASON_MONTHS[code][0], 1) > origin.latest:
            year -= 1
    reading: Reading = {"granularity": "season", "anchor": anchor, "mod": matched.get("part")}
    if year is None:
        return reading | {"value": f"XXXX-{code}"}
    low, high = _SEASON_MONTHS[code]
    last_year, last_month = year + (high - 1) // 12, (high - 1) % 12 + 1
    earliest = dt.date(year, low, 1)
    latest = dt.date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])
    earliest, latest = narrow(earliest, latest, matched.get("part"))
    return reading | {"value": f"{year:04d}-{code}", "earliest": earliest, "latest": latest}


def _quarter_of(day: dt.date, shift: int) -> tuple[int, int]:
    """The (year, quarter) ``shift`` quarters from the one ``day`` lies in."""
    index = day.year * 4 + (day.month - 1) // 3 + shift
    return index // 4, index % 4 + 1


def _quarter(matched: dict, context: Context) -> Reading:
    """Q2 2025, im zweiten Quartal, the third quarter, the latest quarter: ``2025-Q2``.

    A quarter named without its year is the latest such quarter that has begun by
    publication; "the quarter" and its kin count from the publication's quarter.
    """
    origin = context.reference
    if "quarter_word" in matched:
        if origin is None:
            return {"value": "XXXX-QX", "granularity": "quarter", "anchor": "none"}
        first = _quarter_of(origin.earliest, matched["quarter_word"])
        if first != _quarter_of(origin.latest, matched["quarter_word"]):
            return {"value": "XXXX-QX", "granularity": "quarter", "anchor": "none"}
        (year, quarter), anchor = first, "publication"
    else:
        quarter = (matched.get("quarter") or matched.get("ordinal_word")
                   or matched.get("ordinal_number"))
        if not 1 <= quarter <= 4:
            raise ValueError(f"no quarter {quarter}")
        year, anchor = _year_of(matched, context)
        if anchor == "publication" and "shift" not in matched and (
                dt.date(year, 3 * quarter - 2, 1) > origin.latest):
            year -= 1
    if year is None:
        return {"value": f"XXXX-Q{quarter}", "granularity": "quarter", "anchor": anchor}
    earliest = dt.date(year, 3 * quarter - 2, 1)
    latest = bounds(dt.date(year, 3 * quarter, 1), "month")[1]
    return {"value": f"{year:04d}-Q{quarter}", "earliest": earliest, "latest": latest,
            "granularity": "quarter", "anchor": anchor}


def _century(matched: dict, context: Context) -> Reading:
    """das 20. Jahrhundert, the nineteenth century: ``19``, ``18``."""
    number = matched.get("ordinal_word") or matched.get("ordinal_number")
    if matched.get("era") == "BC":
        return {"value": f"BC{number - 1:02d}", "granularity": "century", "anchor": "explicit"}
    first = max(1, (number - 1) * 100)
    return {"value": f"{number - 1:02d}", "earliest": dt.date(first, 1, 1),
            "latest": dt.date(number * 100 - 1, 12, 31), "granularity": "century",
            "anchor": "explicit", "mod": matched.get("part")}


def _ancient_year(matched: dict, context: Context) -> Reading:
    """480 v. Chr., 9 n. Chr., 216 BC: ``BC0480`` (no calendar interval before year 1)."""
    origin = context.reference
    year = matched["ancient_year"]
    if matched.get("era") == "BC":
        if "season" in matched:  # Frühjahr 479 v. Chr.
            return {"value": f"BC{year:04d}-{matched['season']}", "granularity": "season",
                    "anchor": "explicit"}
        day = matched.get("day")
        month = matched.get("month_name")
        value = f"BC{year:04d}" + (f"-{month:02d}" if month else "") + (
            f"-{day:02d}" if day and month else "")
        return {"value": value, "granularity": "day" if day else "month" if month else "year",
                "anchor": "explicit"}
    if matched.get("era") is None and origin is not None \
            and origin.value.year > MIRROR_FLOOR:
        # "im Jahr 478" in a story told before Christ ("479 v. Chr. … im Jahr 478")
        return {"value": f"BC{year:04d}", "granularity": "year", "anchor": "previous"}
    if "season" in matched:
        return _season(matched | {"year": year}, context)
    return _date(matched | {"year": year}, context)


def _short_year(matched: dict, context: Context) -> Reading:
    """The second year of "1934/35" or "1926–28", its century from the first."""
    return _date({"year": matched["century_digits"] * 100 + matched["short_year"]}, context)


def _spelled_year(matched: dict, context: Context) -> Reading:
    """"nineteen ninety-six": 1996, "the year two thousand": 2000, as spoken in transcripts."""
    if "millennium_word" in matched:
        year = matched["millennium_word"] + matched.get("digit_word", 0)
    else:
        year = matched["century_word"] * 100 + matched["tens_word"] + matched.get("digit_word", 0)
    return _date(matched | {"year": year}, context)


def _decade(matched: dict, context: Context) -> Reading:
    """die 1930er-Jahre, the 1990s: ``193``; the nineties, the '90s, die 90er Jahre: the
    last such decade begun by publication (unknown without it)."""
    origin = context.reference
    if "decade_word" in matched or "decade_tens" in matched:
        if origin is None:
            return {"value": "XXX", "granularity": "decade", "anchor": "none"}
        tens = matched["decade_word"] if "decade_word" in matched else matched["decade_tens"] // 10
        first = origin.latest.year // 100 * 100 + 10 * tens
        if first > origin.latest.year:
            first -= 100
        return _decade({"decade_year": first}, context) | {
            "anchor": "publication"}
    first = matched["decade_year"]
    return {"value": f"{first // 10:03d}", "earliest": dt.date(first, 1, 1),
            "latest": dt.date(first + 9, 12, 31), "granularity": "decade", "anchor": "explicit"}


def _counted(matched: dict, context: Context) -> Reading:
    """"drei Jahre": a duration; "zwei Tage später": an offset its tail word gives."""
    tail = matched.get("count_tail")
    if tail and tail["kind"] == "offset":
        return _offset(matched, context, direction=tail["direction"])
    return duration(matched, context)


READERS: dict[str, Callable[..., Reading]] = {
    "counted": _counted,
    "decade": _decade, "short_year": _short_year, "spelled_year": _spelled_year,
    "season": _season, "quarter": _quarter, "century": _century,
    "ancient_year": _ancient_year,
    "date": _date, "weekday": _weekday, "weekend": _weekend, "relative_day": _relative_day,
    "period": _period, "month_day": _month_day,
    "offset": _offset, "duration": duration, "reference": _reference, "set": _set,
    "time": _time, "daypart_date": _daypart_date,
}


#: Readings counted from the publication date, whose distance from it is known without it.
DEICTIC = {"relative_day", "weekday", "weekend", "period", "offset", "reference"}
#: Seven consecutive days: every weekday once, as stand-in publication dates.
_STAND_INS = [PublicationDate(dt.date(2001, 1, 1) + dt.timedelta(days=i), "day")
              for i in range(7)]


def days_from_publication(kind: Callable[..., Reading], fields: dict, context: Context,
                          options: dict) -> Reading:
    """``offset_low``/``offset_high``: the first and last day an expression read from the
    publication date may denote, in days from it, for a text without one ("gestern": -1,
    -1; "vor einigen Wochen": -63, -14; "am Samstag" in a past clause: -6, 0).

    The reading is made as if published on each of seven days (every weekday once) and the
    widest distances are kept, so no rule needs its own arithmetic. The same phrase read the
    same way ("gestern", "am Montag" in a past clause) recurs often, so the distances are
    kept by what the reading depends on: the rule, its fields, context and options. Of the
    last date the text gave, a reading reads only the quarter it may name ("the third
    quarter … a year ago"), so readings after other dates share their distances (on 10kGNAD
    238 readings made rather than 678).
    """
    last = context.last_value
    if last is not None and not _QUARTER_VALUE.match(last):
        context = replace(context, last_value=None)
    key = (kind, repr(sorted(fields.items())), repr(sorted(options.items())),
           id(context.grammar), context.tense, context.same_year, context.in_history,
           context.reference_value, context.last_value)
    if key not in _OFFSETS:
        if len(_OFFSETS) > 20000:
            _OFFSETS.clear()
        _OFFSETS[key] = _offsets_from_stand_ins(kind, fields, context, options)
    return dict(_OFFSETS[key])


_OFFSETS: dict[tuple, Reading] = {}


def _offsets_from_stand_ins(kind: Callable[..., Reading], fields: dict, context: Context,
                            options: dict) -> Reading:
    low = high = None
    for stand_in in _STAND_INS:
        try:
            reading = kind(fields, replace(context, reference=stand_in), **options)
        except ValueError:
            return {}
        if reading.get("earliest") is None or reading.get("latest") is None:
            return {}
        first = (reading["earliest"] - stand_in.value).days
        last = (reading["latest"] - stand_in.value).days
        low = first if low is None else min(low, first)
        high = last if high is None else max(high, last)
    return {"offset_low": low, "offset_high": high}


CALENDAR_DATE = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?|-(?:SP|SU|FA|WI|Q\d))?$")


#: Years before Christ have no calendar dates here, so a story told in them ("216 v. Chr. …
#: am 2. August … ein Jahr später") is read on a stand-in calendar: year Y BC is year
#: ``_BC_MIRROR - Y``, far beyond any year a text names, counting the same way (a year
#: later is one year further in both), and the values read on it are written back as BC.
_BC_MIRROR = 9999
#: Years beyond this are stand-ins (year 4999 BC and later, in the mirror).
MIRROR_FLOOR = _BC_MIRROR - 5000
_BC_VALUE = re.compile(r"BC(\d{4})(?:-(\d\d))?(?:-(\d\d))?(?:-[A-Z]{2})?$")
_MIRRORED = re.compile(r"(\d{4})(.*)")


def bc_reference(reading: Reading) -> PublicationDate | None:
    """A date before Christ as a reference on the stand-in calendar, if it names one."""
    match = _BC_VALUE.match(str(reading.get("value") or ""))
    if match is None or _BC_MIRROR - int(match.group(1)) <= MIRROR_FLOOR:
        return None
    year, month, day = match.groups()
    precision = "day" if day else "month" if month else "year"
    return PublicationDate(dt.date(_BC_MIRROR - int(year), int(month or 1), int(day or 1)),
                           precision)


def from_mirror(timex: dict) -> None:
    """A timex read on the stand-in calendar, written back as a date before Christ."""
    match = _MIRRORED.match(str(timex.get("value") or ""))
    if match is None or int(match.group(1)) <= MIRROR_FLOOR:
        return
    timex["value"] = f"BC{_BC_MIRROR - int(match.group(1)):04d}{match.group(2)}"
    timex["earliest"] = timex["latest"] = None  # no calendar interval before year 1


def as_reference(reading: Reading) -> PublicationDate | None:
    """A date reading as the reference for the expressions after it, if it names one."""
    match = CALENDAR_DATE.match(str(reading.get("value") or ""))
    if match is None or reading.get("type", "DATE") != "DATE":
        return None
    year, month, day = match.groups()
    precision = "day" if day else "month" if month else "year"
    return PublicationDate(dt.date(int(year), int(month or 1), int(day or 1)), precision)
