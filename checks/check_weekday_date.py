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
    # (the columns as lists, the rows without a weekday skipped in Python: a filter of the
    # table copies every column)
    for article_id, start, end, text, value, anchor, weekday in zip(
            timexes.article_id.tolist(), timexes.start.tolist(), timexes.end.tolist(),
            timexes.text.tolist(), timexes.value.tolist(), timexes.anchor.tolist(),
            timexes.weekday.tolist(), strict=True):
        if weekday is None or weekday != weekday:  # (NaN: the timex names no weekday)
            continue
        if not isinstance(value, str) or not _DAY_VALUE.match(value):
            continue  # "XXXX-02-17": no year, and no publication date to take one from
        weekday, actual = int(weekday), dt.date.fromisoformat(value).weekday()
        if weekday == actual:
            continue
        word = _LEADING_WORD.match(text)
        weekday_word = word.group() if word else _WEEKDAY_NAMES[weekday]
        date = _date_as_written(text, weekday_word)
        if anchor != "explicit":
            date = f"{date} ({value[:4]})"
        yield Finding(str(article_id), int(start), int(end),
                      f"‘{weekday_word.rstrip('.')}’ but {date} is a {_WEEKDAY_NAMES[actual]}")
