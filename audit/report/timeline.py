"""The timeline of dated assertions shown in the HTML report (PRODUCT.md §6).

Every assertion whose event has a date (``event_earliest``/``event_latest``, filled by
``audit.normalise.dating``) becomes one entry, ordered by date: an editor reads what the
corpus says happened when, and sees where two articles place one event apart.
"""

from __future__ import annotations

import datetime as dt

from audit.tables import Tables


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def dated_assertions(tables: Tables) -> list[dict]:
    """One entry per dated assertion of an audited article, earliest event first.

    Each entry: ``article_id``, ``start``/``end`` (the assertion), ``earliest``/``latest``
    (ISO dates), ``basis`` (``explicit``, ``relative``, ``publication`` or ``inherited``),
    ``speaker`` (or ``None``), and ``date_start``/``date_end``/``date_text`` for the
    expression that dates it (``None`` for an inherited date).
    """
    assertions = tables.assertions
    dated = assertions[assertions.event_earliest.notna() & assertions.event_latest.notna()]
    if dated.empty:
        return []
    audited = tables.articles[tables.articles.status == "audited"].article_id
    order = {article_id: i for i, article_id in enumerate(audited)}
    timexes = tables.timexes
    spans = dict(zip(timexes.timex_id, zip(timexes.start, timexes.end, timexes.text,
                                           strict=True), strict=True))
    entries = []
    for row in dated.itertuples(index=False):
        if row.article_id not in order:
            continue
        own = spans.get(row.event_timex_id) if row.date_basis != "inherited" else None
        entries.append({
            "article_id": row.article_id, "start": int(row.start), "end": int(row.end),
            "earliest": _iso(row.event_earliest), "latest": _iso(row.event_latest),
            "basis": row.date_basis,
            "speaker": row.speaker if isinstance(row.speaker, str) else None,
            "date_start": int(own[0]) if own else None,
            "date_end": int(own[1]) if own else None,
            "date_text": own[2] if own else None,
        })
    entries.sort(key=lambda e: (e["earliest"], e["latest"], order[e["article_id"]],
                                e["start"]))
    return entries
