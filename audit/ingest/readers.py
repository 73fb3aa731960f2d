"""Readers for each input format, each yielding :class:`RawArticle` records.

A reader never raises for bad content: a file or record it cannot read becomes a
``RawArticle`` with status ``failed`` (or ``skipped``) and the reason, so the rest of the
corpus is still audited and the report shows every input.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from audit.ingest.metadata import FIELDS, Parsed, split_front_matter

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".json", ".csv", ".parquet"}
SUPPORTED = TEXT_SUFFIXES | RECORD_SUFFIXES


@dataclass
class RawArticle:
    """One input as read, before normalisation."""

    path: str
    record: int | None  # 1-based record number (JSONL: line number) or None for a file
    text: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    line_offset: int = 0
    status: str = "audited"
    reason: str | None = None

    @classmethod
    def failed(cls, path: str, reason: str, record: int | None = None,
               status: str = "failed") -> RawArticle:
        return cls(path=path, record=record, status=status, reason=reason)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8"
        ) from None


def read_text_file(path: Path) -> Iterator[RawArticle]:
    """A ``.txt``/``.md`` file: optional front matter, then the article text."""
    content = _decode(path).replace("\r\n", "\n").replace("\r", "\n")
    if not content.strip():
        yield RawArticle.failed(str(path), "empty file", status="skipped")
        return
    parsed: Parsed = split_front_matter(content)
    yield RawArticle(
        path=str(path), record=None, text=parsed.text, metadata=parsed.metadata,
        warnings=parsed.warnings, line_offset=parsed.line_offset,
    )


def _from_record(path: Path, number: int, record: object) -> RawArticle:
    if not isinstance(record, dict):
        return RawArticle.failed(str(path), f"record {number} is not an object", number)
    text = record.get("text")
    metadata = {
        key: str(record[key]) for key in FIELDS
        if key in record and record[key] is not None and str(record[key]) not in {"", "nan"}
    }
    if text is None or (isinstance(text, float) and text != text):
        article = RawArticle.failed(str(path), f"record {number} has no 'text' field", number)
        article.metadata = metadata
        return article
    if not isinstance(text, str):
        article = RawArticle.failed(str(path), f"record {number}: 'text' is not a string",
                                    number)
        article.metadata = metadata
        return article
    if not text.strip():
        article = RawArticle.failed(str(path), f"record {number} has an empty text", number,
                                    status="skipped")
        article.metadata = metadata
        return article
    return RawArticle(path=str(path), record=number, text=text, metadata=metadata)


def read_jsonl(path: Path) -> Iterator[RawArticle]:
    """One JSON object per line; blank lines are ignored, a broken line fails alone."""
    content = _decode(path)
    seen = False
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        seen = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RawArticle.failed(str(path), f"line {number}: invalid JSON ({exc.msg})",
                                    number)
            continue
        yield _from_record(path, number, record)
    if not seen:
        yield RawArticle.failed(str(path), "empty file", status="skipped")


def read_json(path: Path) -> Iterator[RawArticle]:
    """A JSON array of records, an object with an ``articles`` array, or one record."""
    content = _decode(path)
    if not content.strip():
        yield RawArticle.failed(str(path), "empty file", status="skipped")
        return
    try:
        document = json.loads(content)
    except json.JSONDecodeError as exc:
        yield RawArticle.failed(str(path), f"invalid JSON at line {exc.lineno}: {exc.msg}")
        return
    if isinstance(document, dict) and isinstance(document.get("articles"), list):
        document = document["articles"]
    records = document if isinstance(document, list) else [document]
    for number, record in enumerate(records, start=1):
        yield _from_record(path, number, record)


def _read_table(path: Path, frame) -> Iterator[RawArticle]:
    if "text" not in frame.columns:
        yield RawArticle.failed(
            str(path), f"no 'text' column (columns: {', '.join(map(str, frame.columns))})"
        )
        return
    if frame.empty:
        yield RawArticle.failed(str(path), "no records", status="skipped")
        return
    for number, record in enumerate(frame.to_dict(orient="records"), start=1):
        yield _from_record(path, number, record)


def read_csv(path: Path) -> Iterator[RawArticle]:
    """A CSV file with a header row naming at least ``text``."""
    import pandas as pd

    _decode(path)  # a clear encoding error before pandas gives an obscure one
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        yield RawArticle.failed(str(path), f"unreadable CSV: {exc}".strip())
        return
    yield from _read_table(path, frame)


def read_parquet(path: Path) -> Iterator[RawArticle]:
    """A Parquet file with a ``text`` column."""
    import pandas as pd

    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for damaged files
        yield RawArticle.failed(str(path), f"unreadable Parquet: {exc}")
        return
    yield from _read_table(path, frame)


READERS = {
    ".txt": read_text_file, ".md": read_text_file, ".markdown": read_text_file,
    ".jsonl": read_jsonl, ".ndjson": read_jsonl, ".json": read_json,
    ".csv": read_csv, ".parquet": read_parquet,
}


def read_path(path: Path) -> Iterator[RawArticle]:
    """Read one file with the reader for its suffix; failures become failed records."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        yield RawArticle.failed(
            str(path),
            f"unsupported file type {path.suffix or '(none)'!r}; "
            f"audit reads {', '.join(sorted(SUPPORTED))}",
            status="skipped",
        )
        return
    try:
        yield from reader(path)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        yield RawArticle.failed(str(path), f"cannot read: {reason}")
