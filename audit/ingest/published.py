"""Publication dates with their precision (day, month, year).

A publication date written as ``2025-04`` says the article appeared some day in April 2025;
we keep that as an interval rather than guessing a day. A date relative to the day it was
read ("gestern", "vor 2 Tagen", "yesterday") is no publication date and is rejected. A
numeric date that may be read either way ("03/04/2025") is read in the order configured
(``[tool.audit] date-order``), else in the order of the article's language (``date_order``
of its ``calendar.toml``: German day first, English month first), else day first; unless
configured, the reading comes with a warning.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "year"]
DateOrder = Literal["DMY", "MDY"]
DATE_ORDERS = ("DMY", "MDY")

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})$")
_MONTH_DOTTED = re.compile(r"^(\d{1,2})[./](\d{4})$")
_NUMERIC = re.compile(r"^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$")
#: Readings of the tagger that count from the day a text is read ("gestern", "vor 2 Tagen",
#: "last week", "Montag"): a publication date written so is no date.
_RELATIVE_READINGS = {"relative_day", "offset", "counted", "weekday", "weekend", "period",
                      "reference"}


@dataclass(frozen=True)
class PublicationDate:
    """A publication date known to ``precision``; ``value`` is the first day it may denote."""

    value: dt.date
    precision: Precision

    @property
    def earliest(self) -> dt.date:
        return self.value

    @property
    def latest(self) -> dt.date:
        if self.precision == "day":
            return self.value
        if self.precision == "month":
            last = calendar.monthrange(self.value.year, self.value.month)[1]
            return self.value.replace(day=last)
        return dt.date(self.value.year, 12, 31)

    def isoformat(self) -> str:
        """The date written to its precision: ``2025-02-15``, ``2025-04`` or ``2025``."""
        if self.precision == "day":
            return self.value.isoformat()
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return f"{self.value.year:04d}"

    def __str__(self) -> str:
        return self.isoformat()


def parse_published(raw: object, language: str | None = None,
                    order: DateOrder | None = None) -> PublicationDate | None:
    """Read a publication date from metadata, keeping its precision (see
    :func:`read_published`, whose warning this leaves out)."""
    return read_published(raw, language, order)[0]


def read_published(raw: object, language: str | None = None, order: DateOrder | None = None
                   ) -> tuple[PublicationDate | None, str | None]:
    """A publication date from metadata, keeping its precision, and a warning if its reading
    rests on an assumption (the day/month order of "03/04/2025" not configured).

    Accepts ISO forms (``2025``, ``2025-04``, ``2025-02-15``, with an optional time),
    ``15.02.2025``, ``04/2025``, ``03/04/2025`` (in ``order``, else the order of
    ``language``, else day first), dates and datetimes, and — through dateparser — written
    forms such as ``15. Februar 2025`` or ``February 15, 2025``. Returns ``None`` for an
    empty value; raises ``ValueError`` for one that is present but cannot be read or is
    relative to the day it is read ("gestern", "vor 2 Tagen").
    """
    if raw is None:
        return None, None
    if isinstance(raw, dt.datetime):
        return PublicationDate(raw.date(), "day"), None
    if isinstance(raw, dt.date):
        return PublicationDate(raw, "day"), None
    if hasattr(raw, "to_pydatetime"):  # pandas Timestamp
        return PublicationDate(raw.to_pydatetime().date(), "day"), None
    text = str(raw).strip()
    if not text or text.lower() in {"nan", "nat", "none", "null"}:
        return None, None
    try:
        if m := _ISO.match(text):
            year, month, day = m.group(1), m.group(2), m.group(3)
            if day:
                return PublicationDate(dt.date(int(year), int(month), int(day)), "day"), None
            if month:
                return PublicationDate(dt.date(int(year), int(month), 1), "month"), None
            return PublicationDate(dt.date(int(year), 1, 1), "year"), None
        if m := _DOTTED.match(text):
            return PublicationDate(dt.date(int(m[3]), int(m[2]), int(m[1])), "day"), None
        if m := _MONTH_DOTTED.match(text):
            return PublicationDate(dt.date(int(m[2]), int(m[1]), 1), "month"), None
        if m := _NUMERIC.match(text):
            return _numeric(text, int(m[1]), int(m[3]), int(m[4]), language, order)
    except ValueError as exc:
        raise ValueError(f"publication date {text!r} is not a calendar date ({exc})") from None
    if _relative(text):
        raise ValueError(f"publication date {text!r} is relative to the day it is read, "
                         "not a date")
    return _parse_written(text), None


def language_order(language: str | None) -> DateOrder | None:
    """The day/month order of numeric dates in ``language`` (its ``calendar.toml``)."""
    from audit import resources

    if language not in resources.LANGUAGES:
        return None
    return resources.load(language, "calendar").get("date_order")


def _numeric(text: str, first: int, second: int, year: int, language: str | None,
             order: DateOrder | None) -> tuple[PublicationDate, str | None]:
    """"03/04/2025": unambiguous when one part exceeds 12, else read in ``order``, the
    language's order or day first (with a warning unless ``order`` was given)."""
    warning = None
    if first > 12 or second > 12:
        chosen = "DMY" if first > 12 else "MDY"
    elif order is not None or first == second:
        chosen = order or "DMY"
    else:
        chosen = language_order(language) or "DMY"
        basis = f"the order of {language!r}" if language_order(language) else "day first"
        warning = (f"publication date {text!r} may be read day first or month first; read "
                   f"{basis} ({'day' if chosen == 'DMY' else 'month'} first): set "
                   "[tool.audit] date-order to say which")
    day, month = (first, second) if chosen == "DMY" else (second, first)
    return PublicationDate(dt.date(year, month, day), "day"), warning


def _relative(text: str) -> bool:
    """Whether ``text`` counts from the day it is read ("gestern", "2 hours ago")."""
    from audit import resources
    from audit.normalise.timexes import tag_timexes

    if re.search(r"\d{4}", text):
        return False
    return any(timex["reading"] in _RELATIVE_READINGS for language in resources.LANGUAGES
               for timex in tag_timexes(text, language, None))


def _parse_written(text: str) -> PublicationDate:
    # dateparser reads a span we already know to be a date; it is never used to find dates.
    import dateparser

    from audit import resources

    parsed = dateparser.parse(
        text, languages=list(resources.LANGUAGES),
        settings={"REQUIRE_PARTS": ["year"], "STRICT_PARSING": False}
    )
    if parsed is None:
        raise ValueError(f"publication date {text!r} is not a date audit can read")
    has_day = bool(re.search(r"\b\d{1,2}\b(?!\d)", re.sub(r"\d{4}", "", text)))
    return PublicationDate(parsed.date(), "day" if has_day else "month")
