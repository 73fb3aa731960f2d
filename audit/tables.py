"""The tables every check reads (PRODUCT.md §4): their schema, declared once (``SCHEMA``:
each column's name, type and meaning), and the typed DataFrames built from row dicts.

``COLUMNS``, ``DTYPES``, row templates (:func:`empty_row`) and docs/tables.md
(:func:`tables_page`, ``python -m audit.tables > docs/tables.md``) are made from ``SCHEMA``.
All offsets are character offsets into ``articles.text`` of the same ``article_id``.
Columns beyond the product contract are extensions and are listed after it.
"""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a table is made: the schema and row templates
    import pandas as pd  # are read by modules that list checks or tag one text, without it

_INT, _FLOAT, _STR, _BOOL = "int64", "float64", "str", "bool"
_INT_NA = "Int64"  # whole numbers that may be missing


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, its pandas type, what it holds (Markdown, for
    docs/tables.md), and whether it extends the contract of PRODUCT.md §4.

    ``dtype`` is fixed rather than inferred, so that a table is typed the same however the
    corpus is cut into partitions (a partition where no sentence has a speaker still has a
    text column ``speaker``); ``None`` means Python objects (dates, lists), or, in
    ``articles``, whatever type pandas infers.
    """

    name: str
    dtype: str | None
    doc: str
    extension: bool = False


@dataclass(frozen=True)
class Table:
    """One table: its name, what a row of it is (Markdown) and its columns, in order, the
    contract's before the extensions."""

    name: str
    doc: str
    columns: tuple[Column, ...]


def _contract(name: str, dtype: str | None, doc: str) -> Column:
    return Column(name, dtype, doc)


def _extension(name: str, dtype: str | None, doc: str) -> Column:
    return Column(name, dtype, doc, extension=True)


#: Every table checks read, its columns declared once: ``COLUMNS``, ``DTYPES`` and
#: docs/tables.md (:func:`tables_page`) are made from it.
SCHEMA: tuple[Table, ...] = (
    Table("articles", "One row per audited article (checks never see inputs that failed to "
          "read).", (
        _contract("article_id", None, "stable id: the file stem, or the record's `id` (else "
                  "`<stem>:<record number>`)"),
        _contract("path", None, "the file it was read from"),
        _contract("title", None, "from metadata, else the first non-empty line"),
        _contract("text", None, "the text all offsets refer to (after front matter and "
                  "inline metadata)"),
        _contract("published", None, "publication date written to its precision: "
                  "`2025-02-15`, `2025-04`, `2025` or missing"),
        _contract("published_precision", None, "`day`, `month`, `year` or missing"),
        _contract("language", None, "from metadata, else detected (`de`, `en`, a language "
                  "of `audit/resources/<lang>/`, or `und`)"),
        _contract("source", None, "the outlet, from metadata"),
        _contract("url", None, "the address, from metadata"),
        _contract("author", None, "the author, from metadata"),
        _contract("content_hash", None, "first 16 hex digits of the SHA-256 of `text`"),
        _contract("warnings", None, "list of ingest warnings (unreadable date, repeated id, "
                  "bad front matter line)"),
        _extension("status", None, "`audited`, `skipped` or `failed` (the reports list every "
                   "input)"),
        _extension("reason", None, "why an input was skipped or failed"),
        _extension("line_offset", None, "lines before `text` in the file (front matter), for "
                   "file line numbers"),
        _extension("record", None, "record number within a JSONL/JSON/CSV/Parquet file"),
        _extension("waivers", None, "the article's own waivers from its front matter or "
                   "its record's fields (`audit-ignore: [ATR003]` with "
                   "`audit-ignore-reason: …`): a list of {code, reason}; [] when none"),
    )),
    Table("sentences", "One row per sentence of an article.", (
        _contract("article_id", _STR, "the article"),
        _contract("sent_id", _INT, "the sentence's number in the article (from 0)"),
        _contract("start", _INT, "where the sentence starts, without surrounding white space"),
        _contract("end", _INT, "where it ends"),
        _contract("text", _STR, "the sentence as written"),
        _contract("in_quote", _BOOL, "most of the sentence lies inside a direct quote "
                  "(„…“, \"…\", »…«, “…”)"),
        _contract("is_boilerplate", _BOOL, "the line is scraping furniture (\"Lesen Sie "
                  "auch\", cookie notices, share rows)"),
        _extension("line", _INT, "1-based line of `start` within `text`"),
    )),
    Table("timexes", "Temporal expressions, with the interval of dates they denote "
          "(`audit/normalise/temporal/`).", (
        _contract("article_id", _STR, "the article"),
        _contract("timex_id", _STR, "the expression's id"),
        _contract("sent_id", _INT, "its sentence"),
        _contract("start", _INT, "where the expression starts"),
        _contract("end", _INT, "where it ends"),
        _contract("text", _STR, "the expression as written"),
        _contract("type", _STR, "`DATE`, `TIME`, `DURATION` or `SET`"),
        _contract("value", _STR, "TIMEX3 value: `2025-02-15`, `2025-W07`, `2025-04`, "
                  "`2024-SU`, `P3M`, `PAST_REF`, `XXXX-06-02` …"),
        _contract("earliest", None, "first day the expression may denote (missing when it "
                  "cannot be anchored)"),
        _contract("latest", None, "last day the expression may denote (missing when it "
                  "cannot be anchored)"),
        _contract("granularity", _STR, "`day`, `week`, `month`, `quarter`, `season`, "
                  "`year`, …"),
        _contract("mod", _STR, "`START`, `MID`, `END`, `APPROX` or missing"),
        _contract("anchor", _STR, "what a relative value was computed from: `publication`, "
                  "`previous` (the last date in the text), `explicit` or `none`"),
        _contract("fuzzy", _STR, "the vague quantifier (\"einigen\", \"a few\"), if any"),
        _extension("weekday", _FLOAT, "the weekday written beside a date (0 = Monday), if "
                   "any"),
        _extension("reading", _STR, "how the expression was read (date, weekday, "
                   "relative_day, period, offset, duration, …)"),
        _extension("tense", _STR, "tense of the clause around it: `past`, `present`, "
                   "`future`, `mixed`"),
        _extension("offset_low", _FLOAT, "in an undated article, the first day from "
                   "publication a relative expression may denote (\"gestern\": -1)"),
        _extension("offset_high", _FLOAT, "in an undated article, the last day from "
                   "publication a relative expression may denote (\"gestern\": -1)"),
    )),
    Table("entities", "Named entities: persons, organisations, places and media outlets "
          "(`audit/normalise/entities.py`).", (
        _contract("article_id", _STR, "the article"),
        _contract("entity_id", _STR, "the mention's id"),
        _contract("start", _INT, "where the mention starts"),
        _contract("end", _INT, "where it ends"),
        _contract("surface", _STR, "the mention as written"),
        _contract("canonical", _STR, "a person's name as first written in the article "
                  "(given and family name, or the family name after a role noun); for other "
                  "kinds the listed canonical name (`audit/resources/entities.toml`, "
                  "`places.toml`, a project's `data/entities.csv`) or the name as written"),
        _contract("kind", _STR, "`person`, `organisation`, `place` or `media`"),
        _contract("score", _FLOAT, "persons: 1.0 full name, 0.9 after a role noun, 0.8 "
                  "family name alone, 0.6 spelling variant; other kinds: 1.0 listed, 0.7 "
                  "found by context"),
        _extension("given", _STR, "given name as written (persons only)"),
        _extension("family", _STR, "family name as written, genitive removed (persons only)"),
        _extension("key", _STR, "spelling key of a person's family name shared by "
                   "transliteration variants (`Lawrow`, `Lavrov` → `lavrov`); for other "
                   "kinds the spelling keys of the canonical name's words"),
        _extension("entity_key", _STR, "corpus-wide key of the real-world entity, filled "
                   "once the whole corpus is normalised: spelling variants and "
                   "transliterations share it (`Selenskyj`, `Selenskij`, `Zelensky`), "
                   "different people with one family name do not (given name and family "
                   "name keys; a family name alone takes the key of the one person of the "
                   "corpus it can be); other kinds: the spelling keys of the canonical name's "
                   "words, so the names one list entry gives (`Brüssel`, `Brussels`) share "
                   "it"),
    )),
    Table("assertions", "One row per claim-bearing sentence and attribution in it "
          "(`audit/normalise/assertions.py`): who stands behind it, how certain it is, when "
          "it happened.", (
        _contract("article_id", _STR, "the article"),
        _contract("assertion_id", _STR, "the assertion's id"),
        _contract("sent_id", _INT, "its sentence"),
        _contract("start", _INT, "where the claim starts"),
        _contract("end", _INT, "where it ends"),
        _contract("text", _STR, "the claim as written"),
        _contract("speaker", _STR, "the source phrase (\"Kremlsprecher Dmitri Peskow\", "
                  "\"mit den Gesprächen vertraute Quellen\") or missing"),
        _contract("speaker_kind", _STR, "`person`, `organisation`, `media`, `anonymous` or "
                  "`none` (the article's own voice)"),
        _contract("cue", _STR, "the attribution cue (\"sagte\", \"laut\", \"so\", "
                  "\"according to\")"),
        _contract("in_quote", _BOOL, "the claim lies inside a direct quote"),
        _contract("hedges", None, "hedge cues in the article's own voice (\"angeblich\", "
                  "\"soll … haben\", \"reportedly\")"),
        _contract("polarity", _STR, "`positive` or `negative`"),
        _contract("event_earliest", None, "first day of the interval the claimed event lies "
                  "in"),
        _contract("event_latest", None, "last day of that interval"),
        _contract("date_basis", _STR, "where that interval comes from: `explicit`, "
                  "`relative`, `inherited`, `publication` or `none`"),
        _contract("timex_ids", None, "the timexes in the claim"),
        _contract("entity_ids", None, "the entities in the claim"),
        _contract("numbers", None, "numbers as written"),
        _contract("event_id", _STR, "the event the claim mentions (see `events`); filled "
                  "when the `events` table is built, so a check that reads it asks for "
                  "`events` too"),
        _extension("speaker_start", _FLOAT, "where the speaker phrase starts"),
        _extension("speaker_end", _FLOAT, "where it ends"),
        _extension("cue_start", _FLOAT, "where the cue starts"),
        _extension("cue_end", _FLOAT, "where it ends"),
        _extension("weasels", None, "vague quantities in the article's own voice (\"some\", "
                   "\"many\", \"manche\"), kept apart from the hedges"),
        _extension("tense", _STR, "tense of the sentence"),
        _extension("event_timex_id", _STR, "the timex the event date comes from"),
        _extension("event_words", None, "words that may name the event (to match two "
                   "mentions of one event)"),
        _extension("content_start", _INT_NA, "where the reported content of the attribution "
                   "starts (missing where there is none)"),
        _extension("content_end", _INT_NA, "where it ends"),
    )),
    Table("quantities", "One row per number a claim states, normalised "
          "(`audit/normalise/quantities.py`, words in `audit/resources/*/quantities.toml`). "
          "Dates, times, bare years, ordinals, phone numbers and ids are not quantities; a "
          "duration (\"acht Jahre\", \"eight years\") is one, with its unit.", (
        _contract("article_id", _STR, "the article"),
        _contract("assertion_id", _STR, "the claim the number stands in"),
        _contract("start", _INT, "where the number starts, with its qualifier"),
        _contract("end", _INT, "where it ends, with its scale word and unit"),
        _contract("text", _STR, "the number as written (\"rund 70\", \"2,5 Mio. Euro\", "
                  "\"$2.5 million\")"),
        _contract("value", _FLOAT, "the number it denotes (a range: its midpoint): "
                  "\"zweieinhalb Millionen\" → 2500000"),
        _contract("low", _FLOAT, "the lowest value it allows, missing = open: \"rund 70\" "
                  "63, \"knapp 300\" 270, \"bis zu 30\" missing, \"20 bis 30\" 20; a number "
                  "with a scale word is read to the precision written (\"2,5 Mio.\" 2.45 "
                  "million)"),
        _contract("high", _FLOAT, "the highest value it allows, missing = open: \"rund 70\" "
                  "77, \"knapp 300\" 300, \"mehr als 500\" missing, \"20 bis 30\" 30"),
        _contract("approx", _STR, "the qualifier as written, lowercase: `rund`, `etwa`, "
                  "`knapp`, `mehr als`, `mindestens`, `bis zu`, `about`, `at least`, "
                  "`more than`, `up to`, `nearly`, …"),
        _contract("unit", _STR, "`EUR`, `USD`, `GBP`, `CHF`, `%`, `pp`, `minute`, `hour`, "
                  "`day`, `week`, `month`, `year`, `km`, `m`, `kg`, `t`, … or missing"),
        _contract("noun", _STR, "the noun it counts as written (\"Gefangene\", "
                  "\"prisoners\"), or missing"),
        _extension("quantity_id", _STR, "the number's id"),
        _extension("sent_id", _INT, "its sentence"),
        _extension("noun_key", _STR, "the key the counted noun is compared by: one key for "
                   "synonyms across languages (`[counted]` in `events.toml`: \"Gefangene\", "
                   "\"Häftlinge\", \"prisoners\" → `prisoners`), else the noun in lowercase"),
    )),
    Table("events", "One row per event the corpus mentions (`audit/normalise/events.py`): "
          "the claims that name an event of one kind (per-language words with kinds shared "
          "across languages, `[kinds]` in `events.toml`), grouped within and across "
          "articles by blocking keys — the story (articles whose titles and leads share "
          "rare words, published within a time window), the kind, the participants and the "
          "date — never by comparing all pairs.", (
        _contract("event_id", _STR, "the event's id"),
        _contract("kind", _STR, "`call`, `meeting`, `talks`, `exchange`, `vote`, "
                  "`election`, `attack`, `agreement`, `verdict`, `decision`, "
                  "`announcement`, … (the same in every language)"),
        _contract("participants", None, "the `entity_key`s of the persons and organisations "
                  "named in the clause of the word of the event, else near it, that their "
                  "article gives evidence for (a full name, or named more than once), sorted"),
        _contract("place", _STR, "the place its first placed mention names: the key of a "
                  "place listed in `audit/resources/places.toml` that its claim names (names in "
                  "both languages: \"Genf\", \"Geneva\" → `geneva`), else the `entity_key` of "
                  "the place named nearest its word; or missing"),
        _contract("earliest", None, "first day of the interval its dated mentions agree "
                  "on, or missing"),
        _contract("latest", None, "last day of that interval, or missing"),
        _contract("mentions", None, "the `assertion_id`s of the claims that mention it"),
        _extension("story", _STR, "the story key: the first article of the story its "
                   "mentions belong to"),
        _extension("articles", None, "the articles of its mentions"),
        _extension("dates", None, "the dated mentions: `[assertion_id, timex_id, earliest, "
                   "latest]` each"),
        _extension("block", _STR, "the event's blocking key, `story/window/kind`: the story, the "
                   "14-day publication window of the story's first article (`undated` when it "
                   "has no day) and the kind; checks group by it (`@check(keys=…)`), and the "
                   "events built from the articles of one block hold that block's events"),
    )),
)

#: Column order of each table, the product contract's columns first.
COLUMNS: dict[str, list[str]] = {
    table.name: [column.name for column in table.columns] for table in SCHEMA}

#: The column types of the tables normalisation builds (see :class:`Column`); the columns
#: left out hold Python objects. Missing text is NaN, missing numbers NaN (``weekday``).
DTYPES: dict[str, dict[str, str]] = {
    table.name: types for table in SCHEMA
    if (types := {column.name: column.dtype for column in table.columns if column.dtype})}

#: The tables built on first request, and the function that builds each from the others
#: (module, name): corpus-wide work that an audit whose checks never ask for it skips.
LAZY: dict[str, tuple[str, str]] = {
    "quantities": ("audit.normalise.quantities", "quantities_table"),
    "events": ("audit.normalise.events", "events_table"),
}

TABLE_NAMES: tuple[str, ...] = tuple(COLUMNS)

SPEAKER_KINDS = ("person", "organisation", "media", "anonymous", "none")


#: The tables whose columns a check may declare (:func:`reads`, :func:`rows_with`): those
#: of rows per article (``events`` are linked over articles, and read whole).
NARROWED = tuple(name for name in COLUMNS if "article_id" in COLUMNS[name])


def reads(**columns: tuple[str, ...] | list[str]):
    """Declare the columns of each table a check, a blocking-key function or a fixture
    reads: ``@reads(assertions=("article_id", "event_id"))``. The engine then hands it those
    columns of the table only (with those the other functions of the same check declare),
    read back a partition at a time where the corpus is spilled (PRODUCT.md §10), instead of
    the whole table; a table it asks for and does not name here it gets whole. The tables
    of rows per article are narrowed (:data:`NARROWED`: all but ``events``)."""
    for table, names in columns.items():
        if table not in NARROWED:
            raise ValueError(f"@reads: {table!r} is not a table of rows per article "
                             f"({', '.join(NARROWED)})")
        unknown = [name for name in names if name not in COLUMNS[table]]
        if isinstance(names, str) or unknown:
            raise ValueError(f"@reads: {table} has no column {unknown or names!r}")

    def declare(func):
        func.__audit_reads__ = {table: tuple(names) for table, names in columns.items()}
        return func

    return declare


def rows_with(**columns: str):
    """Declare that a check, a blocking-key function or a fixture reads only the rows of a
    table where a column is set: ``@rows_with(assertions="event_id")``, the claims about an
    event. Where every function of a check that asks for the table declares the same
    column, they get those rows only (with the columns :func:`reads` declares, and that
    one), read back a partition at a time on a spilled corpus; else every row."""
    for table, column in columns.items():
        if table not in NARROWED:
            raise ValueError(f"@rows_with: {table!r} is not a table of rows per article "
                             f"({', '.join(NARROWED)})")
        if not isinstance(column, str) or column not in COLUMNS[table]:
            raise ValueError(f"@rows_with: {table} has no column {column!r}")

    def declare(func):
        func.__audit_rows_with__ = dict(columns)
        return func

    return declare


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """A table built from row dicts, with every schema column present, in order, and of
    the type ``DTYPES`` gives it."""
    import pandas as pd

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
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    if not types:
        return None
    text_types = (pa.string(), pa.large_string(), pa.null())  # text, or missing values only
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
            if text.type not in text_types:  # (no value a text)
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
    import pandas as pd

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


def empty_row(name: str, **values: object) -> dict:
    """A row of table ``name`` with every column of its schema, missing (``None``) but for
    ``values``: the template a row builder fills in. A row without some column still makes
    a table, but :func:`frame` then takes its slow, general way."""
    unknown = set(values) - set(COLUMNS[name])
    if unknown:
        raise KeyError(f"table {name!r} has no column {', '.join(sorted(unknown))}")
    return dict.fromkeys(COLUMNS[name]) | values


_PAGE_HEAD = """\
# The tables

<!-- Made from SCHEMA in audit/tables.py: `python -m audit.tables > docs/tables.md`
     (tests/test_docs.py fails while this page and the schema differ). -->

Every check reads these pandas DataFrames by parameter name (`articles`, `sentences`,
`timexes`, `entities`, `assertions`, `quantities`, `events`; `corpus` holds them all).
`quantities` and `events` are built from the others the first time a check (or
`audit table --table quantities|events`) asks for them, so an audit that never asks pays
nothing for them. Each table's columns are declared once, in `SCHEMA` of
`audit/tables.py`, with their type and meaning; this page is made from it.

All offsets (`start`, `end`, `*_start`, `*_end`) are character offsets into `articles.text`
of the same `article_id`. The tables normalisation builds have fixed column types: text
columns are pandas `str`, with missing values as NaN (test with `isna()`, not `is None`);
offsets are whole numbers (`int64`), except the optional `speaker_*`/`cue_*` offsets, which
are `float64` with NaN, and `content_*`, which are `Int64` with `<NA>`; `object` columns hold
Python objects (dates, lists). Columns marked *ext.* extend the contract of PRODUCT.md §4.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def tables_page() -> str:
    """docs/tables.md: every table of :data:`SCHEMA` with its columns, their types and
    meanings, in Markdown."""
    parts = [_PAGE_HEAD]
    for table in SCHEMA:
        typed = table.name in DTYPES
        parts.append(f"\n## {table.name}\n\n{table.doc}\n\n")
        parts.append("| column | type | meaning |\n|---|---|---|\n" if typed
                     else "| column | meaning |\n|---|---|\n")
        for column in table.columns:
            meaning = ("*ext.* " if column.extension else "") + _cell(column.doc)
            kind = f" `{column.dtype or 'object'}` |" if typed else ""
            parts.append(f"| `{column.name}` |{kind} {meaning} |\n")
    return "".join(parts)


if __name__ == "__main__":
    print(tables_page(), end="")
