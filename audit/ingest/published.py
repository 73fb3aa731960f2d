"""Publication dates with their precision (day, month, year).

A publication date written as ``2025-04`` says the article appeared some day in April 2025;
we keep that as an interval rather than guessing a day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "year"]

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})$")
_MONTH_DOTTED = re.compile(r"^(\d{1,2})[./](\d{4})$")


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


def parse_published(raw: object) -> PublicationDate | None:
    """Read a publication date from metadata, keeping its precision.

    Accepts ISO forms (``2025``, ``2025-04``, ``2025-02-15``, with an optional time),
    ``15.02.2025``, ``04/2025``, dates and datetimes, and — through dateparser — written
    forms such as ``15. Februar 2025`` or ``February 15, 2025``. Returns ``None`` for an
    empty value; raises ``ValueError`` for one that is present but cannot be read.
    """
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return PublicationDate(raw.date(), "day")
    if isinstance(raw, dt.date):
        return PublicationDate(raw, "day")
    if hasattr(raw, "to_pydatetime"):  # pandas Timestamp
        return PublicationDate(raw.to_pydatetime().date(), "day")
    text = str(raw).strip()
    if not text or text.lower() in {"nan", "nat", "none", "null"}:
        return None
    try:
        if m := _ISO.match(text):
            year, month, day = m.group(1), m.group(2), m.group(3)
            if day:
                return PublicationDate(dt.date(int(year), int(month), int(day)), "day")
            if month:
                return PublicationDate(dt.date(int(year), int(month), 1), "month")
            return PublicationDate(dt.date(int(year), 1, 1), "year")
        if m := _DOTTED.match(text):
            return PublicationDate(dt.date(int(m[3]), int(m[2]), int(m[1])), "day")
        if m := _MONTH_DOTTED.match(text):
            return PublicationDate(dt.date(int(m[2]), int(m[1]), 1), "month")
    except ValueError as exc:
        raise ValueError(f"publication date {text!r} is not a calendar date ({exc})") from None
    return _parse_written(text)


def _parse_written(text: str) -> PublicationDate:
    # dateparser reads a span we already know to be a date; it is never used to find dates.
    import dateparser

    parsed = dateparser.parse(
        text, languages=["de", "en"], settings={"REQUIRE_PARTS": ["year"], "STRICT_PARSING": False}
    )
    if parsed is None:
        raise ValueError(f"publication date {text!r} is not a date audit can read")
    has_day = bool(re.search(r"\b\d{1,2}\b(?!\d)", re.sub(r"\d{4}", "", text)))
    return PublicationDate(parsed.date(), "day" if has_day else "month")
