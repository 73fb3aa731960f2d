"""Ingest: files, folders and records in, the ``articles`` table out (PRODUCT.md §3).

Every input appears in the table: audited articles, and skipped or failed inputs with the
reason. Article ids are stable — the file stem for a text file, the record's ``id`` (or
``<stem>:<record number>``) for records.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from audit.ingest.metadata import first_line, inline_waivers, strip_inline_metadata
from audit.ingest.published import read_published
from audit.ingest.readers import RawArticle, read_path, shown_path
from audit.limits import DEFAULT, EARLIEST_PUBLISHED, LATEST_PUBLISHED, Limits

if TYPE_CHECKING:  # pandas is imported where a table is built: checks import the date
    import pandas as pd  # parser of audit.ingest.published, and listing them needs no pandas

#: The longest publication date written out that is read ("Donnerstag, 15. Februar 2025,
#: 14:30 Uhr MEZ" has 40 characters); a longer value is not handed to the date parser.
PUBLISHED_CHARS = 200


class InputError(Exception):
    """A usage error of ingest (kept for callers that catch it; a path that does not exist
    is now a failed input, not an error)."""


def _walk(folder: Path, limits: Limits, ancestors: frozenset) -> Iterator[RawArticle]:
    """The articles of the files under ``folder``: its files in name order, then its
    folders'; hidden files and folders are passed over. A folder that cannot be listed, and
    a link back to a folder it lies in, are inputs of their own with the reason."""
    try:
        status = os.stat(folder)
        identity = (status.st_dev, status.st_ino)
        if identity in ancestors:
            yield RawArticle.failed(shown_path(folder)[0], "a link to a folder it lies in; "
                                    "not followed", status="skipped")
            return
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")),
                             key=lambda e: e.name)
    except OSError as exc:
        yield RawArticle.failed(shown_path(folder)[0],
                                f"cannot open folder: {exc.strerror or exc}")
        return
    folders = []
    for entry in entries:
        try:
            is_folder = entry.is_dir()  # (links followed)
        except OSError:
            is_folder = False
        if is_folder:
            folders.append(Path(entry.path))
        else:
            yield from read_path(Path(entry.path), limits)
    for path in folders:
        yield from _walk(path, limits, ancestors | {identity})


def read(paths: Iterable[str | Path], limits: Limits = DEFAULT) -> Iterator[RawArticle]:
    """Every raw article (or failure) under ``paths``, in a stable order; a path that does
    not exist is an input of its own, failed with that reason (the others are read)."""
    for path in map(Path, paths):
        if not os.path.lexists(path):
            yield RawArticle.failed(shown_path(path)[0], "no such file or directory")
        elif path.is_dir():
            yield from _walk(path, limits, frozenset())
        else:
            yield from read_path(path, limits)


def _article_row(raw: RawArticle, taken: set[str], date_order: str | None = None) -> dict:
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
    status, reason = raw.status, raw.reason
    if len(metadata.get("published") or "") > PUBLISHED_CHARS:
        warnings.append(f"publication date of {len(metadata['published']):,} characters is "
                        "not a date audit can read")
    elif metadata.get("published"):
        try:
            published, warning = read_published(metadata["published"],
                                                metadata.get("language"), date_order)
            if warning:
                warnings.append(warning)
        except (ValueError, OverflowError) as exc:
            warnings.append(str(exc))
    if published and not EARLIEST_PUBLISHED <= published.earliest <= LATEST_PUBLISHED:
        status, text = "failed", ""
        reason = (f"publication date {metadata['published']!r} lies outside the years "
                  f"{EARLIEST_PUBLISHED.year}-{LATEST_PUBLISHED.year}, from which audit can "
                  "reckon the dates the text gives")
        published = None
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
        "status": status,
        "reason": reason,
        "line_offset": raw.line_offset,
        "record": raw.record,
        "waivers": inline_waivers(metadata),
    }


#: Rows read before their texts are packed into Arrow arrays (see :func:`articles_table`).
INGEST_CHUNK = 1000
#: The columns of ``articles`` that hold whole texts: packed a chunk at a time.
_TEXT_COLUMNS = ("text", "title")


def articles_table(raws: Iterable[RawArticle], date_order: str | None = None) -> pd.DataFrame:
    """The ``articles`` table of raw articles (ids made unique, metadata parsed; a numeric
    publication date that reads either way is read in ``date_order``, "DMY" or "MDY", else
    in the order of the article's language).

    The inputs are read a chunk of :data:`INGEST_CHUNK` rows at a time, and each chunk's
    texts and titles are packed into Arrow arrays (UTF-8, one buffer) at once, so the
    corpus's texts are never all Python strings with row dicts around them: on 10kGNAD x16
    (43 MB of text) that was 290 MB above the table it made. The table is the same as
    one made from all rows at once."""
    from audit.tables import frame

    taken: set[str] = set()
    rows: list[dict] = []
    packed = _PackedTexts()
    chunk: list[dict] = []
    for raw in raws:
        chunk.append(_article_row(raw, taken, date_order))
        if len(chunk) >= INGEST_CHUNK:
            rows.extend(packed.take(chunk))
            chunk = []
    rows.extend(packed.take(chunk))
    return packed.into(frame("articles", rows))


#: At most this many pieces make one chunk of titles that share the texts' array.
_SHARED_PIECES = 33


def _slices_of(packed: tuple[list, object], values: list) -> list | None:
    """``values`` as the pieces of one chunk: slices of the Arrow array ``packed`` holds
    (its values and itself) where they are its values, small arrays of their own between;
    ``None`` where no value is shared, or sharing would cut more than
    :data:`_SHARED_PIECES` pieces."""
    import pyarrow as pa

    earlier, array = packed
    same = [value is other or value == other
            for value, other in zip(values, earlier, strict=True)]
    if not any(same):
        return None
    if all(same):
        return [array]
    pieces: list = []
    position = 0
    for shared, run in itertools.groupby(same):
        length = sum(1 for _ in run)
        pieces.append(array.slice(position, length) if shared else
                      pa.array(values[position:position + length], type=pa.large_string()))
        position += length
        if len(pieces) > _SHARED_PIECES:
            return None
    return pieces


class _PackedTexts:
    """The text columns of the rows read so far, as chunks of Arrow ``large_string`` arrays
    (the type pandas gives a column of strings); the rows keep ``None`` in their place. A
    column with a value that is not a string stays in the rows, as it was."""

    def __init__(self) -> None:
        self.chunks: dict[str, list] = {column: [] for column in _TEXT_COLUMNS}
        self.rows: list[dict] = []

    def take(self, rows: list[dict]) -> list[dict]:
        """Pack the text columns of ``rows`` (in place) and give them back. A chunk whose
        titles are its texts (articles of one line: a title is the first line) shares the
        texts' array: Arrow arrays are immutable, and the corpus is held once, not twice."""
        import pyarrow as pa

        packed: tuple[list, object] | None = None
        for column, chunks in self.chunks.items():
            if chunks is None or not rows:
                continue
            values = [row[column] for row in rows]
            if not all(value is None or type(value) is str for value in values):
                self._unpack(column)
                continue
            shared = _slices_of(packed, values) if packed is not None else None
            chunks.extend(shared or [pa.array(values, type=pa.large_string())])
            if packed is None:
                packed = (values, chunks[-1])
            for row in rows:
                row[column] = None
        self.rows.extend(rows)
        return rows

    def _unpack(self, column: str) -> None:
        """Put ``column`` back into the rows taken so far; it is no longer packed."""
        values = [value for chunk in self.chunks[column] for value in chunk.to_pylist()]
        for row, value in zip(self.rows, values, strict=True):
            row[column] = value
        self.chunks[column] = None

    def into(self, table: pd.DataFrame) -> pd.DataFrame:
        """``table`` (made from the rows taken) with its packed columns filled in; a column
        of missing values only stays as the rows made it (pandas infers no type for it)."""
        import pandas as pd
        import pyarrow as pa

        for column, chunks in self.chunks.items():
            if chunks and any(chunk.null_count < len(chunk) for chunk in chunks):
                table[column] = pd.array(pa.chunked_array(chunks), dtype="str")
        return table


def ingest(paths: Iterable[str | Path], limits: Limits = DEFAULT,
           date_order: str | None = None) -> pd.DataFrame:
    """Read files and folders into the ``articles`` table (all inputs, any status)."""
    return articles_table(read(paths, limits), date_order)


def from_records(records: Iterable[dict], path: str = "<records>",
                 limits: Limits = DEFAULT) -> pd.DataFrame:
    """The ``articles`` table of in-memory records with ``id``/``title``/``text``/``published``."""
    from audit.ingest.readers import _from_record

    return articles_table(
        _from_record(path, number, record, limits) for number, record in enumerate(records, 1)
    )
