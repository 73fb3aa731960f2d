"""Exporting a table as JSONL, CSV or Parquet (``audit table``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

FORMATS = ("jsonl", "csv", "parquet")


def _plain(value):
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _records(table: pd.DataFrame) -> list[dict]:
    columns = list(table.columns)
    return [{c: _plain(v) for c, v in zip(columns, row, strict=True)}
            for row in table.itertuples(index=False, name=None)]


def with_span(table: pd.DataFrame) -> pd.DataFrame:
    """The table with ``article_id, start, end, text`` first, as every exported row of a
    table of spans carries.

    Entities name their text ``surface``; an article's span is its whole text. A table whose
    rows are not spans of one article (``events``: one row per event across articles) is
    exported as it is.
    """
    if "article_id" not in table:
        return table
    table = table.copy()
    if "text" not in table and "surface" in table:
        table["text"] = table["surface"]
    if "start" not in table:
        table["start"] = 0
        table["end"] = table["text"].str.len()
    first = ["article_id", "start", "end", "text"]
    return table[first + [c for c in table.columns if c not in first]]


def write_table(table: pd.DataFrame, fmt: str, path: Path) -> None:
    """Write ``table`` to ``path``; lists become JSON strings in CSV, dates ISO strings."""
    table = with_span(table)
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as out:
            for record in _records(table):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    plain = pd.DataFrame.from_records(_records(table), columns=list(table.columns))
    if fmt == "csv":
        for column in plain.columns:
            if plain[column].map(lambda v: isinstance(v, list)).any():
                plain[column] = plain[column].map(
                    lambda v: json.dumps(v, ensure_ascii=False) if v is not None else None
                )
        plain.to_csv(path, index=False)
    elif fmt == "parquet":
        plain.to_parquet(path, index=False)
    else:
        raise ValueError(f"unknown table format {fmt!r}; use one of {', '.join(FORMATS)}")
