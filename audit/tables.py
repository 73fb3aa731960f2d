"""The tables every check reads (PRODUCT.md §4): one schema, documented here.

All offsets are character offsets into ``articles.text`` of the same ``article_id``.
Columns beyond the product contract are extensions and are listed after it.
"""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
import pandas as pd
import pyarrow as pa

#: Column order of each table. The first block of each list is the product contract.
COLUMNS: dict[str, list[str]] = {
    "articles": [
        "article_id", "path", "title", "text", "published", "published_precision",
        "language", "source", "url", "author", "content_hash", "warnings",
        # extensions
        "status", "reason", "line_offset", "record",
    ],
    "sentences": [
        "article_id", "sent_id", "start", "end", "text", "in_quote", "is_boilerplate",
        # extensions
        "line",
    ],
    "timexes": [
        "article_id", "timex_id", "sent_id", "start", "end", "text", "type", "value",
        "earliest", "latest", "granularity", "mod", "anchor", "fuzzy",
        # extensions: the weekday written beside a date (0 = Monday), if any; how the
        # expression was read (date, weekday, relative_day, period, offset, duration, …);
        # the tense of the clause around it (past, present, future, mixed); in an article
        # without a publication date, the first and last day a relative expression may
        # denote, in days from publication ("gestern": -1, -1)
        "weekday", "reading", "tense", "offset_low", "offset_high",
    ],
    "entities": [
        "article_id", "entity_id", "start", "end", "surface", "canonical", "kind", "score",
        # extensions: given and family name as written (genitive removed), and a spelling
        # key shared by transliteration variants of the family name (Lawrow, Lavrov)
        "given", "family", "key",
        # the corpus-wide key of the real-world entity (filled once the corpus is built)
        "entity_key",
    ],
    "assertions": [
        "article_id", "assertion_id", "sent_id", "start", "end", "text", "speaker",
        "speaker_kind", "cue", "in_quote", "hedges", "polarity", "event_earliest",
        "event_latest", "date_basis", "timex_ids", "entity_ids", "numbers", "event_id",
        # extensions: where the speaker and cue phrases stand; vague quantities in the
        # article's own voice ("some", "many", "manche"), kept apart from the hedges
        "speaker_start", "speaker_end", "cue_start", "cue_end", "weasels",
        # extensions: the tense of the sentence, the timex its event date comes from, and
        # the words that may name its event (for matching two mentions of one event)
        "tense", "event_timex_id", "event_words",
        # extensions: where the reported content of the attribution stands
        "content_start", "content_end",
    ],
    # Built on first request from the tables above (LAZY): one row per number in a claim.
    "quantities": [
        "article_id", "assertion_id", "start", "end", "text", "value", "low", "high",
        "approx", "unit", "noun",
        # extensions: the quantity's id and sentence, and the key its counted noun is
        # compared by (one key for synonyms across languages: Gefangene, prisoners)
        "quantity_id", "sent_id", "noun_key",
    ],
    # Built on first request, over the whole corpus: one row per event.
    "events": [
        "event_id", "kind", "participants", "place", "earliest", "latest", "mentions",
        # extensions: the blocking keys (the story the mentions belong to; kind and
        # participants above), the articles of the mentions, and the mentions' dates
        "story", "articles", "dates",
    ],
}

#: The tables built on first request, and the function that builds each from the others
#: (module, name): corpus-wide work that an audit whose checks never ask for it skips.
LAZY: dict[str, tuple[str, str]] = {
    "quantities": ("audit.normalise.quantities", "quantities_table"),
    "events": ("audit.normalise.events", "events_table"),
}

TABLE_NAMES: tuple[str, ...] = tuple(COLUMNS)

_INT, _FLOAT, _STR, _BOOL = "int64", "float64", "str", "bool"
_INT_NA = "Int64"  # whole numbers that may be missing
#: The column types of the tables normalisation builds; other columns hold Python objects
#: (dates, lists). Fixed rather than inferred, so that a table is typed the same however the
#: corpus is cut into partitions (a partition where no sentence has a speaker still has a
#: text column ``speaker``); missing text is NaN, missing numbers NaN (``weekday``).
DTYPES: dict[str, dict[str, str]] = {
    "sentences": {"article_id": _STR, "sent_id": _INT, "start": _INT, "end": _INT,
                  "text": _STR, "in_quote": _BOOL, "is_boilerplate": _BOOL, "line": _INT},
    "timexes": {"article_id": _STR, "timex_id": _STR, "sent_id": _INT, "start": _INT,
                "end": _INT, "text": _STR, "type": _STR, "value": _STR, "granularity": _STR,
                "mod": _STR, "anchor": _STR, "fuzzy": _STR, "weekday": _FLOAT,
                "reading": _STR, "tense": _STR, "offset_low": _FLOAT, "offset_high": _FLOAT},
    "entities": {"article_id": _STR, "entity_id": _STR, "start": _INT, "end": _INT,
                 "surface": _STR, "canonical": _STR, "kind": _STR, "score": _FLOAT,
                 "given": _STR, "family": _STR, "key": _STR, "entity_key": _STR},
    "assertions": {"article_id": _STR, "assertion_id": _STR, "sent_id": _INT, "start": _INT,
                   "end": _INT, "text": _STR, "speaker": _STR, "speaker_kind": _STR,
                   "cue": _STR, "in_quote": _BOOL, "polarity": _STR, "date_basis": _STR,
                   "speaker_start": _FLOAT, "speaker_end": _FLOAT, "cue_start": _FLOAT,
                   "cue_end": _FLOAT, "tense": _STR, "event_timex_id": _STR,
                   "event_id": _STR, "content_start": _INT_NA, "content_end": _INT_NA},
    "quantities": {"article_id": _STR, "assertion_id": _STR, "start": _INT, "end": _INT,
                   "text": _STR, "value": _FLOAT, "low": _FLOAT, "high": _FLOAT,
                   "approx": _STR, "unit": _STR, "noun": _STR, "quantity_id": _STR,
                   "sent_id": _INT, "noun_key": _STR},
    "events": {"event_id": _STR, "kind": _STR, "place": _STR, "story": _STR},
}

SPEAKER_KINDS = ("person", "organisation", "media", "anonymous", "none")


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """A table built from row dicts, with every schema column present, in order, and of
    the type ``DTYPES`` gives it."""
    columns = COLUMNS[name]
    types = DTYPES.get(name, {})
    if not rows:
        return pd.DataFrame({column: pd.Series(dtype=types.get(column, object))
                             for column in columns})
    typed = _typed_frame(rows, columns, types)
    if typed is not None:
        return typed
    table = pd.DataFrame.from_records(rows)
    for column in columns:
        if column not in table:
            table[column] = None
    table = table[columns]
    wrong = {column: kind for column, kind in types.items() if table[column].dtype != kind
             # whole numbers and truth values with gaps stay as they are (rows written by
             # hand, in tests); normalisation always fills them
             and not (kind in (_INT, _BOOL) and table[column].isna().any())}
    return table.astype(wrong) if wrong else table


#: The Arrow types of columns of text, or of missing values only.
_TEXT = (pa.string(), pa.large_string(), pa.null())
_NUMBERS = {int, float, type(None)}
#: Values of the untyped columns (dates, lists) that the general way keeps as they are.
_OBJECTS = {datetime.date, list, type(None)}


def _typed_frame(rows: list[dict], columns: list[str], types: dict[str, str]
                 ) -> pd.DataFrame | None:
    """:func:`frame` for rows as normalisation makes them, built a column at a time in the
    type it ends up with; ``None`` for any other rows (a key missing, a value of another
    type), which take the general way.

    The general way makes each column of Python objects, infers its type and then casts it;
    that inference, and making text columns through it, was most of the time.
    """
    if not types:
        return None
    try:
        # one pass over the rows, then turned into columns (both without a Python loop)
        values = dict(zip(columns, zip(*map(itemgetter(*columns), rows), strict=True),
                          strict=True))
    except KeyError:
        return None
    data: dict[str, object] = {}
    for column in columns:
        kind = types.get(column)
        if kind == _STR:
            try:
                text = pa.array(values[column])
            except pa.ArrowException:  # (values of several types)
                return None
            if text.type not in _TEXT:  # (no value a text)
                return None
            data[column] = pd.array(text, dtype=_STR)
        elif kind == _FLOAT:
            if not set(map(type, values[column])) <= _NUMBERS:
                return None
            data[column] = np.array(values[column], dtype=np.float64)  # None as NaN
        elif kind == _INT_NA:
            if not set(map(type, values[column])) <= _NUMBERS:
                return None
            data[column] = pd.array(values[column], dtype=_INT_NA)
        elif kind is not None:
            data[column] = np.array(values[column])
            if data[column].dtype != kind:
                return None
        elif set(map(type, values[column])) <= _OBJECTS:
            # (not np.array: that would make a list of equally long lists two-dimensional)
            data[column] = np.fromiter(values[column], dtype=object, count=len(rows))
        else:
            return None
    return pd.DataFrame(data)


def concat(name: str, parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The tables of several partitions as one, in order (each made by :func:`frame`)."""
    parts = [part for part in parts if len(part)]
    if not parts:
        return frame(name, [])
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


@dataclass
class Tables:
    """The normalised corpus: one DataFrame per table. The ``LAZY`` tables (``quantities``,
    ``events``) are built from the others on first access and kept."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    timexes: pd.DataFrame
    entities: pd.DataFrame
    assertions: pd.DataFrame
    _built: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in COLUMNS:
            raise KeyError(f"no table {name!r}; tables are {', '.join(TABLE_NAMES)}")
        return getattr(self, name)

    def _lazy(self, name: str) -> pd.DataFrame:
        if name not in self._built:
            module, function = LAZY[name]
            self._built[name] = getattr(importlib.import_module(module), function)(self)
        return self._built[name]

    @property
    def quantities(self) -> pd.DataFrame:
        """One row per number in a claim (``audit.normalise.quantities``)."""
        return self._lazy("quantities")

    @property
    def events(self) -> pd.DataFrame:
        """One row per event of the corpus (``audit.normalise.events``); building it fills
        ``assertions.event_id``."""
        return self._lazy("events")

    def text_of(self, article_id: str) -> str:
        """The text of one article."""
        return self.articles.loc[self.articles.article_id == article_id, "text"].iloc[0]
