"""The tables every check reads (PRODUCT.md §4): one schema, documented here.

All offsets are character offsets into ``articles.text`` of the same ``article_id``.
Columns beyond the product contract are extensions and are listed after it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

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
    ],
    "assertions": [
        "article_id", "assertion_id", "sent_id", "start", "end", "text", "speaker",
        "speaker_kind", "cue", "in_quote", "hedges", "polarity", "event_earliest",
        "event_latest", "date_basis", "timex_ids", "entity_ids", "numbers",
        # extensions: where the speaker and cue phrases stand; vague quantities in the
        # article's own voice ("some", "many", "manche"), kept apart from the hedges
        "speaker_start", "speaker_end", "cue_start", "cue_end", "weasels",
        # extensions: the tense of the sentence, the timex its event date comes from, and
        # the words that may name its event (for matching two mentions of one event)
        "tense", "event_timex_id", "event_words",
    ],
}

TABLE_NAMES: tuple[str, ...] = tuple(COLUMNS)

SPEAKER_KINDS = ("person", "organisation", "media", "anonymous", "none")


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """A table built from row dicts, with every schema column present and in order."""
    columns = COLUMNS[name]
    if not rows:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
    table = pd.DataFrame.from_records(rows)
    for column in columns:
        if column not in table:
            table[column] = None
    return table[columns]


@dataclass
class Tables:
    """The normalised corpus: one DataFrame per table."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    timexes: pd.DataFrame
    entities: pd.DataFrame
    assertions: pd.DataFrame

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in COLUMNS:
            raise KeyError(f"no table {name!r}; tables are {', '.join(TABLE_NAMES)}")
        return getattr(self, name)

    def text_of(self, article_id: str) -> str:
        """The text of one article."""
        return self.articles.loc[self.articles.article_id == article_id, "text"].iloc[0]
