"""The timeline of dated assertions shown in the HTML report (PRODUCT.md §6).

Every assertion whose event has a date (``event_earliest``/``event_latest``, filled by
``audit.normalise.dating``) becomes one entry, ordered by date: an editor reads what the
corpus says happened when, and sees where two articles place one event apart.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence

from audit.engine.spill import columns_of
from audit.tables import Tables


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


class DatedAssertion(Mapping):
    """One entry of the timeline, read like a dict (``entry["earliest"]``,
    ``entry.get("speaker")``). A corpus has about as many dated assertions as sentences, and
    the report keeps them all while it writes the index (to place and count them), so an
    entry holds its values in slots, and the values many entries share (an article id, a
    date, a basis) are one string each, not one a row as dicts of them were (+87 MB at the
    report's peak on 10kGNAD x4)."""

    __slots__ = FIELDS = ("article_id", "start", "end", "earliest", "latest", "basis",
                          "speaker", "date_start", "date_end", "date_text")

    def __init__(self, *values):
        for name, value in zip(self.FIELDS, values, strict=True):
            object.__setattr__(self, name, value)

    def __getitem__(self, name: str):
        if name not in self.FIELDS:
            raise KeyError(name)
        return getattr(self, name)

    def get(self, name: str, default=None):
        """``entry[name]``, or ``default`` (one call: the report asks for each field
        of each entry; :class:`Mapping`'s ``get`` goes through a ``KeyError``)."""
        return getattr(self, name) if name in self.FIELDS else default

    def __iter__(self):
        return iter(self.FIELDS)

    def __len__(self) -> int:
        return len(self.FIELDS)

    def __repr__(self) -> str:
        return f"DatedAssertion({dict(self)!r})"


def dated_assertions(tables: Tables) -> list[DatedAssertion]:
    """One entry per dated assertion of an audited article, earliest event first.

    Each entry: ``article_id``, ``start``/``end`` (the assertion), ``earliest``/``latest``
    (ISO dates), ``basis`` (``explicit``, ``relative``, ``publication`` or ``inherited``),
    ``speaker`` (or ``None``), and ``date_start``/``date_end``/``date_text`` for the
    expression that dates it (``None`` for an inherited date).
    """
    # (only the rows with a date, a partition at a time: every claim's columns were most
    # of the HTML report's peak at 10kGNAD x16)
    assertions = columns_of(tables, "assertions", (
        "article_id", "start", "end", "event_earliest", "event_latest", "event_timex_id",
        "date_basis", "speaker"), rows_with="event_earliest")
    dated = assertions[assertions.event_latest.notna().to_numpy(dtype=bool)]
    del assertions
    if dated.empty:
        return []
    audited = tables.articles[tables.articles.status == "audited"].article_id
    order = {article_id: i for i, article_id in enumerate(audited)}
    timexes = columns_of(tables, "timexes", ("timex_id", "start", "end", "text"))
    timexes = timexes[timexes.timex_id.isin(dated.event_timex_id.dropna().unique())
                      .to_numpy(dtype=bool)]  # (only the expressions that date a claim)
    spans = dict(zip(timexes.timex_id.tolist(), zip(
        timexes.start.tolist(), timexes.end.tolist(), timexes.text.tolist(), strict=True),
        strict=True))
    del timexes
    shared: dict = {}  # (one string for each value many entries share)

    def one(value):
        return shared.setdefault(value, value)

    entries = []
    for article_id, start, end, earliest, latest, timex_id, basis, speaker in zip(
            dated.article_id.tolist(), dated.start.tolist(), dated.end.tolist(),
            dated.event_earliest.tolist(), dated.event_latest.tolist(),
            dated.event_timex_id.tolist(), dated.date_basis.tolist(), dated.speaker.tolist(),
            strict=True):
        if article_id not in order:
            continue
        own = spans.get(timex_id) if basis != "inherited" else None
        entries.append(DatedAssertion(
            one(article_id), int(start), int(end), one(_iso(earliest)), one(_iso(latest)),
            one(basis), speaker if isinstance(speaker, str) else None,
            int(own[0]) if own else None, int(own[1]) if own else None,
            own[2] if own else None))
    entries.sort(key=lambda e: (e.earliest, e.latest, order[e.article_id], e.start))
    return entries


#: A date further than this many years from its article's publication (or, for an article
#: without one, from the corpus's publication period) is history or background: the
#: timeline shows it apart.
REMOTE_YEARS = 3


def _year(value) -> int | None:
    text = _iso(value) if value is not None else ""
    head = text[:5] if text.startswith("-") else text[:4]
    try:
        return int(head)
    except ValueError:
        return None


def _reported_year(entries: Sequence[Mapping]) -> tuple[int, int] | None:
    """The year most single days of the timeline fall in (the later one on a tie).

    News dates what it reports to the day ("am 2. Juni") and its background to the year or
    decade ("1989", "in den 1990er-Jahren"): where no article says when it was published,
    the days it names are the best witness of when that was.
    """
    days = Counter(_year(e.get("earliest")) for e in entries
                   if e.get("earliest") == e.get("latest"))
    years = days or Counter(_year(e.get("earliest")) for e in entries)
    years.pop(None, None)
    if not years:
        return None
    year = max(years, key=lambda y: (years[y], y))
    return year, year


def near_and_remote(entries: Sequence[Mapping], published: Mapping[str, object]
                    ) -> tuple[list[Mapping], list[Mapping], tuple[int, int] | None]:
    """The timeline centred on the period the corpus reports on.

    Returns the entries within :data:`REMOTE_YEARS` years of their article's publication
    year, those further away, and the corpus's period (first and last publication year).
    An article without a publication date is measured against that period; a corpus without
    any, against the year its texts talk about (see :func:`_reported_year`).
    ``published`` maps each article id to its publication date (ISO text or date).
    """
    years = {article_id: _year(value) for article_id, value in published.items()
             if value is not None and _year(value) is not None}
    if years:
        period = (min(years.values()), max(years.values()))
    else:
        period = _reported_year(entries)
    near, remote = [], []
    for entry in entries:
        own = years.get(entry.get("article_id"))
        low, high = (own, own) if own is not None else period or (None, None)
        first, last = _year(entry.get("earliest")), _year(entry.get("latest"))
        if low is None or first is None or last is None:
            near.append(entry)
        elif last >= low - REMOTE_YEARS and first <= high + REMOTE_YEARS:
            near.append(entry)
        else:
            remote.append(entry)
    return near, remote, period


def closest(entries: Sequence[Mapping], period: tuple[int, int] | None, limit: int
            ) -> list[Mapping]:
    """At most ``limit`` entries, those nearest ``period`` first, kept in date order."""
    if len(entries) <= limit or period is None:
        return list(entries[:limit])
    low, high = period

    def distance(position: int) -> int:
        first = _year(entries[position].get("earliest"))
        last = _year(entries[position].get("latest"))
        if first is None or last is None:
            return 10_000
        return max(low - last, first - high, 0)

    kept = sorted(sorted(range(len(entries)), key=distance)[:limit])
    return [entries[position] for position in kept]
