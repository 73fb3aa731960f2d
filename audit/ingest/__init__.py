"""Ingest: files, folders and records in, the ``articles`` table out (PRODUCT.md §3).

Every input appears in the table: audited articles, and skipped or failed inputs with the
reason. Article ids are stable — the file stem for a text file, the record's ``id`` (or
``<stem>:<record number>``) for records.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from audit.ingest.metadata import first_line, strip_inline_metadata
from audit.ingest.published import parse_published
from audit.ingest.readers import RawArticle, read_path
from audit.tables import frame


class InputError(Exception):
    """A path given to ingest does not exist (a usage error, not a bad article)."""


def walk(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files under ``paths`` in a stable order; hidden files and folders are passed over."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        elif path.exists():
            yield path
        else:
            raise InputError(f"{path}: no such file or directory")


def read(paths: Iterable[str | Path]) -> Iterator[RawArticle]:
    """Every raw article (or failure) under ``paths``."""
    for path in walk(paths):
        yield from read_path(path)


def _article_row(raw: RawArticle, taken: set[str]) -> dict:
    stem = Path(raw.path).stem
    base = raw.metadata.get("id") or (stem if raw.record is None else f"{stem}:{raw.record}")
    article_id, n = base, 1
    warnings = list(raw.warnings)
    while article_id in taken:
        n += 1
        article_id = f"{base}~{n}"
    if n > 1:
        warnings.append(f"article id {base!r} is used more than once; this one is {article_id!r}")
    taken.add(article_id)

    text, inline = strip_inline_metadata(raw.text) if raw.status == "audited" else ("", {})
    metadata = {**inline, **raw.metadata}
    published = None
    if metadata.get("published"):
        try:
            published = parse_published(metadata["published"])
        except ValueError as exc:
            warnings.append(str(exc))
    return {
        "article_id": article_id,
        "path": raw.path,
        "title": metadata.get("title") or first_line(text),
        "text": text,
        "published": published.isoformat() if published else None,
        "published_precision": published.precision if published else None,
        "language": metadata.get("language"),
        "source": metadata.get("source"),
        "url": metadata.get("url"),
        "author": metadata.get("author"),
        "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] if text else None,
        "warnings": warnings,
        "status": raw.status,
        "reason": raw.reason,
        "line_offset": raw.line_offset,
        "record": raw.record,
    }


def articles_table(raws: Iterable[RawArticle]) -> pd.DataFrame:
    """The ``articles`` table of raw articles (ids made unique, metadata parsed)."""
    taken: set[str] = set()
    return frame("articles", [_article_row(raw, taken) for raw in raws])


def ingest(paths: Iterable[str | Path]) -> pd.DataFrame:
    """Read files and folders into the ``articles`` table (all inputs, any status)."""
    return articles_table(read(paths))


def from_records(records: Iterable[dict], path: str = "<records>") -> pd.DataFrame:
    """The ``articles`` table of in-memory records with ``id``/``title``/``text``/``published``."""
    from audit.ingest.readers import _from_record

    return articles_table(
        _from_record(Path(path), number, record) for number, record in enumerate(records, 1)
    )
