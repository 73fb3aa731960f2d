"""TMP002: a weekday written beside a date that falls on another weekday."""

import datetime as dt
import re

from audit import Finding, check

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LEADING_WORD = re.compile(r"[^\W\d_]+\.?")
# What stands between the weekday and the date: "Samstag (15.02.2025)", "Montag, den 17.".
_JOINER = re.compile(r"^[\s,(]*(?:(?:den|dem|the)\s+)?", re.IGNORECASE)


def _date_as_written(text: str, weekday_word: str) -> str:
    rest = text[len(weekday_word):] if text.startswith(weekday_word) else text
    return _JOINER.sub("", rest).rstrip(" )") or text


@check("TMP002", severity="warning", title="Weekday does not match its date", scope="article")
def check_weekday_date(timexes):
    """Weekday does not match its date.

    What it does:
        Flags a weekday written beside a full date when the date falls on another day of
        the week: "am Freitag (15.02.2025)", although 15 February 2025 was a Saturday.
        A date without a year is checked against the year taken from the publication
        date; one that has neither is left alone.
    Why it matters:
        A weekday that contradicts its date means one of the two is wrong, and a reader
        cannot tell which. It is a common trace of copied, recycled or machine-written
        text, and it puts the event on two different days for anyone who dates it.
    Flagged:
        Stadtrat beschließt Haushalt
        Der Stadtrat hat am Freitag (15.02.2025) den Haushalt für das kommende Jahr beschlossen.
    Clean:
        Stadtrat beschließt Haushalt
        Der Stadtrat hat am Samstag (15.02.2025) den Haushalt für das kommende Jahr beschlossen.
    """
    for row in timexes[timexes.weekday.notna()].itertuples(index=False):
        if not isinstance(row.value, str) or not _DAY_VALUE.match(row.value):
            continue  # "XXXX-02-17": no year, and no publication date to take one from
        weekday, actual = int(row.weekday), dt.date.fromisoformat(row.value).weekday()
        if weekday == actual:
            continue
        word = _LEADING_WORD.match(row.text)
        weekday_word = word.group() if word else _WEEKDAY_NAMES[weekday]
        date = _date_as_written(row.text, weekday_word)
        if row.anchor != "explicit":
            date = f"{date} ({row.value[:4]})"
        yield Finding.at(row, f"‘{weekday_word.rstrip('.')}’ but {date} is a "
                              f"{_WEEKDAY_NAMES[actual]}")
