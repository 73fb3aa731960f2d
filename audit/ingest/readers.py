"""Readers for each input format, each yielding :class:`RawArticle` records.

A reader never raises for bad content: a file or record it cannot read becomes a
``RawArticle`` with status ``failed`` (or ``skipped``) and the reason, so the rest of the
corpus is still audited and the report shows every input. What is not a regular file (a
named pipe, a socket, a device) is skipped without being opened: opening a pipe waits for a
writer, and opening a device may do anything. Inputs beyond the :class:`~audit.limits.Limits`
are skipped with the limit named.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from audit.ingest.metadata import FIELDS, WAIVER_KEY, Parsed, split_front_matter
from audit.limits import DEFAULT, Limits

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".json", ".csv", ".parquet"}
SUPPORTED = TEXT_SUFFIXES | RECORD_SUFFIXES
#: Records a CSV file is read in at a time (memory stays bounded by a chunk, not the file).
CSV_CHUNK = 1000
# Lone surrogates: what a JSON "\ud800" escape decodes to, and no Unicode text holds.
_SURROGATE = re.compile("[\ud800-\udfff]")


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


class Skip(Exception):  # noqa: N818 (not an error: the input is passed over on purpose)
    """An input passed over on purpose (beyond a limit, not a regular file), with the reason."""


def shown_path(path: Path) -> tuple[str, str | None]:
    """The path as the reports show it, and a warning if its name is not valid UTF-8.

    File names are bytes; a name that is not UTF-8 reaches Python with its bad bytes as
    lone surrogates, which no report can write. They are shown as ``\\xe9`` escapes.
    """
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        return shown, f"the file name is not valid UTF-8; it is shown as {shown!r}"
    return text, None


_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISDIR, "a folder"))


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def check_regular(path: Path) -> None:
    """Raise :class:`Skip` unless ``path`` is a regular file (links followed); never opens it."""
    kind = _kind(os.stat(path).st_mode)
    if kind is not None:
        raise Skip(f"{kind}, not a regular file; not opened")


def _read_bytes(path: Path, limit: int, too_large: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; beyond it, :class:`Skip` with
    ``too_large`` (formatted with the ``size`` and ``limit``) as the reason."""
    check_regular(path)
    # O_NONBLOCK: should the file have become a pipe since it was looked at, opening it
    # does not wait for a writer; fstat then turns it away.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        kind = _kind(status.st_mode)
        if kind is not None:
            raise Skip(f"{kind}, not a regular file; not read")
        if status.st_size > limit:
            raise Skip(too_large.format(size=status.st_size, limit=limit))
        return file.read()


def _decode(data: bytes, where: str = "") -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{where}not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8"
        ) from None


def _longest_line(text: str) -> tuple[int, int]:
    """The number (1-based) and length of the longest line of ``text``."""
    longest, number, start, line = 0, 1, 0, 1
    while (end := text.find("\n", start)) != -1:
        if end - start > longest:
            longest, number = end - start, line
        start, line = end + 1, line + 1
    if len(text) - start > longest:
        longest, number = len(text) - start, line
    return number, longest


def text_beyond_limits(text: str, limits: Limits) -> str | None:
    """Why an article's text is beyond the limits, or None."""
    if len(text) > limits.max_article_chars:
        return (f"the text has {len(text):,} characters, more than the limit of "
                f"{limits.max_article_chars:,} (max-article-chars in [tool.audit.limits])")
    if len(text) > limits.max_line_chars:
        number, longest = _longest_line(text)
        if longest > limits.max_line_chars:
            return (f"line {number} of the text has {longest:,} characters, more than the "
                    f"limit of {limits.max_line_chars:,} (max-line-chars in "
                    "[tool.audit.limits])")
    return None


def _field_beyond_limits(metadata: dict[str, str], limits: Limits) -> str | None:
    for key, value in metadata.items():
        if len(value) > limits.max_field_chars:
            return (f"the field {key!r} has {len(value):,} characters, more than the limit "
                    f"of {limits.max_field_chars:,} (max-field-chars in [tool.audit.limits])")
    return None


def _nested_deeper(value: object, limit: int) -> bool:
    """Whether ``value`` (parsed JSON) nests lists and objects more than ``limit`` deep."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item \
            if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False


def _surrogate_at(value: str) -> int | None:
    if value.isascii():
        return None
    match = _SURROGATE.search(value)
    return match.start() if match else None


def read_text_file(path: Path, shown: str, limits: Limits = DEFAULT) -> Iterator[RawArticle]:
    """A ``.txt``/``.md`` file: optional front matter, then the article text."""
    content = _decode(_read_bytes(
        path, limits.max_text_file_bytes, "file of {size:,} bytes, more than a text within "
                                          "the limits can take ({limit:,} bytes); not read"))
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    if not content.strip():
        yield RawArticle.failed(shown, "empty file", status="skipped")
        return
    if reason := text_beyond_limits(content, limits):
        raise Skip(reason)
    parsed: Parsed = split_front_matter(content)
    if reason := _field_beyond_limits(parsed.metadata, limits):
        raise Skip(f"front matter: {reason}")
    yield RawArticle(
        path=shown, record=None, text=parsed.text, metadata=parsed.metadata,
        warnings=parsed.warnings, line_offset=parsed.line_offset,
    )


def _metadata(record: dict, where: str, warnings: list[str]) -> dict[str, str]:
    metadata = {}
    for key in FIELDS:
        value = record.get(key)
        if value is None or isinstance(value, float) and value != value:
            continue
        if (key == WAIVER_KEY and isinstance(value, list)
                and all(isinstance(code, str) for code in value)):
            value = ", ".join(value)  # ("audit-ignore": ["ATR003", "DQ"], as JSON has it)
        if isinstance(value, (dict, list)):
            warnings.append(f"{where}: the field {key!r} is a JSON "
                            f"{'object' if isinstance(value, dict) else 'array'}, not a value; "
                            "left out")
            continue
        value = str(value)
        if value not in {"", "nan"}:
            metadata[key] = value
    return metadata


def _from_record(shown: str, number: int, record: object, limits: Limits = DEFAULT,
                 where: str | None = None) -> RawArticle:
    """The article of one record (``where`` names it in reasons: ``record 3``, ``line 7``)."""
    where = where or f"record {number}"
    if not isinstance(record, dict):
        return RawArticle.failed(shown, f"{where} is not an object", number)
    if _nested_deeper(record, limits.max_record_nesting):
        return RawArticle.failed(
            shown, f"{where} is nested more than {limits.max_record_nesting} levels deep "
                   "(max-record-nesting in [tool.audit.limits])", number)
    warnings: list[str] = []
    text = record.get("text")
    metadata = _metadata(record, where, warnings)
    for key, value in [("text", text), *metadata.items()]:
        if isinstance(value, str) and (at := _surrogate_at(value)) is not None:
            return RawArticle.failed(
                shown, f"{where}: the field {key!r} holds a lone surrogate "
                       f"(U+{ord(value[at]):04X} at character {at}), which is not Unicode "
                       "text; fix the \\u escapes of the record", number)
    if reason := _field_beyond_limits(metadata, limits):
        article = RawArticle.failed(shown, f"{where}: {reason}", number, status="skipped")
        article.metadata = {key: metadata[key] for key in ("id",) if key in metadata and
                            len(metadata[key]) <= limits.max_field_chars}
        return article

    def failed(reason: str, status: str = "failed") -> RawArticle:
        article = RawArticle.failed(shown, f"{where}{reason}", number, status=status)
        article.metadata, article.warnings = metadata, warnings
        return article

    if text is None or (isinstance(text, float) and text != text):
        return failed(" has no 'text' field")
    if not isinstance(text, str):
        return failed(": 'text' is not a string")
    if not text.strip():
        return failed(" has an empty text", status="skipped")
    if reason := text_beyond_limits(text, limits):
        return failed(f": {reason}", status="skipped")
    return RawArticle(path=shown, record=number, text=text, metadata=metadata,
                      warnings=warnings)


def _lines(path: Path, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """The lines of a file with their numbers; a line longer than ``limit`` bytes is given
    as None without being held in memory."""
    with open(path, "rb") as file:
        number = 0
        while line := file.readline(limit + 1):
            number += 1
            if len(line) > limit and not line.endswith(b"\n"):
                while (rest := file.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                yield number, None
            else:
                yield number, line


def read_jsonl(path: Path, shown: str, limits: Limits = DEFAULT) -> Iterator[RawArticle]:
    """One JSON object per line; blank lines are ignored, a broken line fails alone."""
    check_regular(path)
    seen = False
    for number, data in _lines(path, limits.max_record_bytes):
        where = f"line {number}"
        if data is None:
            seen = True
            yield RawArticle.failed(
                shown, f"{where}: a record of more than {limits.max_record_bytes:,} bytes, "
                       "beyond the limits (max-article-chars, max-field-chars in "
                       "[tool.audit.limits]); not read", number, status="skipped")
            continue
        try:
            line = _decode(data, f"{where}: ")
        except ValueError as exc:
            seen = True
            yield RawArticle.failed(shown, str(exc), number)
            continue
        if not line.strip():
            continue
        seen = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RawArticle.failed(shown, f"{where}: invalid JSON ({exc.msg})", number)
            continue
        except RecursionError:
            yield RawArticle.failed(shown, f"{where}: invalid JSON (nested too deep to read)",
                                    number)
            continue
        yield _from_record(shown, number, record, limits, where)
    if not seen:
        yield RawArticle.failed(shown, "empty file", status="skipped")


def _array_items(content: str, start: int) -> Iterator[object]:
    """The items of the JSON array opening at ``content[start]``, parsed one at a time, so
    that one an item the parser cannot read fails from there on, not the items before."""
    decoder = json.JSONDecoder()
    whitespace = re.compile(r"[ \t\n\r]*")
    position = whitespace.match(content, start + 1).end()
    if content.startswith("]", position):
        return
    while True:
        item, position = decoder.raw_decode(content, position)
        yield item
        position = whitespace.match(content, position).end()
        if content.startswith("]", position):
            return
        if not content.startswith(",", position):
            raise json.JSONDecodeError("expected ',' or ']'", content, position)
        position = whitespace.match(content, position + 1).end()


def read_json(path: Path, shown: str, limits: Limits = DEFAULT) -> Iterator[RawArticle]:
    """A JSON array of records, an object with an ``articles`` array, or one record."""
    content = _decode(_read_bytes(
        path, limits.max_json_file_bytes, "file of {size:,} bytes, more than the limit of "
        "{limit:,} (max-json-file-bytes in [tool.audit.limits]); not read: a .json file is "
        "read whole, so a larger corpus belongs in JSON Lines (.jsonl), read a record at a "
        "time"))
    start = re.compile(r"[ \t\n\r]*").match(content).end()
    if start == len(content):
        yield RawArticle.failed(shown, "empty file", status="skipped")
        return
    number = 0
    try:
        if content.startswith("[", start):
            records = _array_items(content, start)
        else:
            document = json.loads(content)
            if isinstance(document, dict) and isinstance(document.get("articles"), list):
                records = iter(document["articles"])
            else:
                records = iter([document])
        for number, record in enumerate(records, start=1):  # noqa: B007 (read after the loop)
            yield _from_record(shown, number, record, limits)
    except (json.JSONDecodeError, RecursionError) as exc:
        cause = (f"at line {exc.lineno}: {exc.msg}" if isinstance(exc, json.JSONDecodeError)
                 else "nested too deep to read")
        which = f"record {number + 1} and any after it: " if number else ""
        yield RawArticle.failed(shown, f"{which}invalid JSON {cause}",
                                number + 1 if number else None)
        return
    if number == 0:
        yield RawArticle.failed(shown, "no records (an empty JSON array)", status="skipped")


def _read_table(shown: str, frames, limits: Limits) -> Iterator[RawArticle]:
    number = 0
    for frame in frames:
        if "text" not in frame.columns:
            yield RawArticle.failed(
                shown, f"no 'text' column (columns: {', '.join(map(str, frame.columns))})"
            )
            return
        for record in frame.to_dict(orient="records"):
            number += 1
            yield _from_record(shown, number, record, limits)
    if number == 0:
        yield RawArticle.failed(shown, "no records", status="skipped")


def read_csv(path: Path, shown: str, limits: Limits = DEFAULT) -> Iterator[RawArticle]:
    """A CSV file with a header row naming at least ``text``, read a chunk at a time."""
    import pandas as pd

    check_regular(path)
    try:
        chunks = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                             chunksize=CSV_CHUNK)
        yield from _read_table(shown, chunks, limits)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        yield RawArticle.failed(shown, f"unreadable CSV: {exc}".strip())
    except UnicodeDecodeError as exc:
        yield RawArticle.failed(shown, f"not valid UTF-8 ({exc.reason} near byte "
                                       f"{exc.start}); re-save the file as UTF-8")


def read_parquet(path: Path, shown: str, limits: Limits = DEFAULT) -> Iterator[RawArticle]:
    """A Parquet file with a ``text`` column."""
    import pandas as pd

    check_regular(path)
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for damaged files
        yield RawArticle.failed(shown, f"unreadable Parquet: {exc}")
        return
    yield from _read_table(shown, [frame], limits)


READERS = {
    ".txt": read_text_file, ".md": read_text_file, ".markdown": read_text_file,
    ".jsonl": read_jsonl, ".ndjson": read_jsonl, ".json": read_json,
    ".csv": read_csv, ".parquet": read_parquet,
}


def read_path(path: Path, limits: Limits = DEFAULT) -> Iterator[RawArticle]:
    """Read one file with the reader for its suffix; failures become failed records.

    Whatever goes wrong with one file (an error of the reader included) is that file's
    failure: the rest of the corpus is still read.
    """
    shown, warning = shown_path(path)
    for article in _read(path, shown, limits):
        if warning:
            article.warnings.insert(0, warning)
        yield article


def _read(path: Path, shown: str, limits: Limits) -> Iterator[RawArticle]:
    reader = READERS.get(path.suffix.lower())
    try:
        if reader is None:
            check_regular(path)
            raise Skip(f"unsupported file type {path.suffix or '(none)'!r}; "
                       f"audit reads {', '.join(sorted(SUPPORTED))}")
        yield from reader(path, shown, limits)
    except Skip as exc:
        yield RawArticle.failed(shown, str(exc), status="skipped")
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        yield RawArticle.failed(shown, f"cannot read: {reason}")
    except Exception as exc:  # a reader's own error: this file fails, not the audit
        yield RawArticle.failed(shown, f"cannot read: {type(exc).__name__}: {exc}")
