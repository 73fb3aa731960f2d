"""findings.json: the machine-readable report (the contract of PRODUCT.md §6)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from itertools import chain
from pathlib import Path

import orjson

from audit.engine.spill import FINDINGS_BLOCK, FindingsFile, give_back_texts
from audit.findings import SEVERITIES
from audit.pipeline import AuditResult
from audit.report.texts import GIVE_BACK_EVERY

VERSION = 1

#: spaces a level of the JSON reports is indented by (findings.json, SARIF; what
#: ``json.dumps(doc, ensure_ascii=False, indent=INDENT)`` gives is what they write): orjson's
#: one indentation
INDENT = 2


def _value(value):
    """A JSON-ready value: pandas' missing markers become None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def at_records(findings: list[MutableMapping], articles) -> list[MutableMapping]:
    """Findings of record inputs located at their record, in place.

    A record's text is one field of its file, so a line counted in the text means nothing
    in the file: a finding of a JSON Lines record gets the record's line in the file, one of
    another record file (CSV, JSON, Parquet) no line; both get ``record`` (the record's
    number, which for JSON Lines is its line).
    """
    records = _records(articles)
    if records is not None:
        for finding in findings:
            _place(finding, records)
    return findings


def _records(articles) -> dict[str, tuple[int, bool]] | None:
    """Each record input's record number, and whether it is a line of its file (JSON
    Lines), by article id; None where no input is a record."""
    if "record" not in articles.columns:
        return None
    return {
        article_id: (int(record), str(path).endswith(".jsonl"))
        for article_id, path, record in zip(articles.article_id.tolist(),
                                            articles.path.tolist(), articles.record.tolist(),
                                            strict=True)
        if _value(record) is not None
    }


def _place(finding: MutableMapping, records: dict[str, tuple[int, bool]]) -> None:
    """Locate ``finding`` at its record (:func:`at_records`), in place."""
    placed = records.get(finding["article_id"])
    if placed is not None:
        number, by_line = placed
        finding["line"] = number if by_line else None
        finding["record"] = number
    for related in finding["related"]:
        if related["article_id"] in records:
            related["record"] = records[related["article_id"]][0]


#: The columns of ``articles`` findings.json lists (not the text: reading it would make a
#: string of every article's text only to leave it out).
_ARTICLE_FIELDS = ("article_id", "path", "title", "published", "language", "status", "reason",
                   "warnings")


def document(result: AuditResult) -> dict:
    """The findings.json document of an audit. Its articles are :class:`ArticleEntry`
    mappings where the table's titles are an Arrow column: a title is read from the column
    when asked for (a corpus without titles has its first paragraphs as titles: 49 of the
    67 MB of 10kGNAD x16's findings.json, twice that as Python strings)."""
    # (the titles from the table's own column: a selection with them copied them, and read
    # every page of a spilled corpus's mapped texts, +40 MB at 10kGNAD x16)
    titles = result.tables.articles.title
    titles = titles.array.__arrow_array__() if str(titles.dtype) == "str" else None
    table = result.tables.articles[[field for field in _ARTICLE_FIELDS
                                    if titles is None or field != "title"]]
    articles = [
        {
            "article_id": row.article_id, "path": row.path, "title": _value(row.title),
            "published": _value(row.published), "language": _value(row.language),
            "status": row.status, "reason": _value(row.reason),
            "warnings": list(_value(row.warnings) or []),
        }
        for row in table.itertuples(index=False)
    ] if titles is None else [
        ArticleEntry({
            "article_id": row.article_id, "path": row.path, "title": None,
            "published": _value(row.published), "language": _value(row.language),
            "status": row.status, "reason": _value(row.reason),
            "warnings": list(_value(row.warnings) or []),
        }, titles, position)
        for position, row in enumerate(table.itertuples(index=False))
    ]
    del table
    found = result.findings
    findings = FindingEntries(found, _records(result.tables.articles)) \
        if isinstance(found, FindingsFile) else \
        at_records([FindingEntry(f) for f in found], result.tables.articles)
    counts = {severity: 0 for severity in reversed(SEVERITIES)}
    for finding in findings:
        counts[finding["severity"]] += 1
    doc = {
        "version": VERSION,
        "articles": articles,
        "findings": findings,
        "errors": result.errors,
    }
    if result.expectations:  # only where checks/ has Great Expectations suites
        doc["expectations"] = result.expectations
    doc["summary"] = {"articles": len(articles), "findings": counts}
    return doc


#: Titles read between two calls of give_back_texts (a spilled corpus's titles are pages of
#: its mapped texts: findings.json and the HTML report read every one).
_read_titles = [0]


class ArticleEntry(Mapping):
    """An article of the findings document: its fields, but for the title, which is read
    from the articles table's title column (Arrow) each time it is asked for."""

    __slots__ = ("_fields", "_titles", "_position")

    def __init__(self, fields: dict, titles, position: int):
        self._fields = fields  # (``title`` among them, in its place, as None)
        self._titles = titles
        self._position = position

    def __getitem__(self, key: str):
        if key == "title":
            _read_titles[0] += 1
            if _read_titles[0] % GIVE_BACK_EVERY == 0:
                give_back_texts()
            return self._titles[self._position].as_py()
        return self._fields[key]

    def __contains__(self, key: object) -> bool:
        return key in self._fields or key == "title"  # (without reading the title)

    def get(self, key: str, default=None):
        """``self[key]``, or ``default`` (one call: Mapping's is a ``try`` of ``self[key]``)."""
        return self[key] if key == "title" else self._fields.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __repr__(self) -> str:
        return f"ArticleEntry({dict(self)!r})"

    def plain(self) -> dict:
        """The entry as a dict, made in one call (the writer's, not a call per key)."""
        return {**self._fields, "title": self["title"]}


_UNSET = object()


class FindingEntry(Mapping):
    """A finding of the findings document: the keys and values of
    :meth:`audit.findings.ReportedFinding.to_json`, read from the finding when asked for
    instead of copied into a dict of its own (a dict a finding was about 1 KB, 37,000 of
    them at 10kGNAD x16, held through all the reports); :func:`at_records` sets its
    ``line`` and ``record``."""

    __slots__ = ("_finding", "_line", "_record")
    _FIELDS = ("code", "severity", "article_id", "path", "start", "end", "line", "excerpt",
               "message", "related", "fingerprint")

    def __init__(self, finding):
        self._finding = finding
        self._line = self._record = _UNSET

    _READ = frozenset(_FIELDS)

    def __getitem__(self, key: str):
        found = self.get(key, _UNSET)
        if found is _UNSET:
            raise KeyError(key)
        return found

    def get(self, key: str, default=None):
        """``self[key]``, or ``default`` where it has no such key, in one call (the reports
        ask 50 times a finding: Mapping's ``get``, a ``try`` of ``self[key]``, took twice
        as long)."""
        if key in self._READ:
            if key == "line" and self._line is not _UNSET:
                return self._line
            return getattr(self._finding, key)
        if key == "record":
            return default if self._record is _UNSET else self._record
        if key == "suppressed":
            return self._finding.suppressed or default
        return default

    def __setitem__(self, key: str, value) -> None:
        if key == "line":
            self._line = value
        elif key == "record":
            self._record = value
        else:
            raise KeyError(f"only a finding's line and record are placed: {key!r}")

    def __iter__(self) -> Iterator[str]:
        yield from self._FIELDS
        if self._finding.suppressed:
            yield "suppressed"
        if self._record is not _UNSET:
            yield "record"

    def __len__(self) -> int:
        return len(self._FIELDS) + bool(self._finding.suppressed) + \
            (self._record is not _UNSET)

    def __repr__(self) -> str:
        return f"FindingEntry({dict(self)!r})"

    def plain(self) -> dict:
        """The entry as a dict, in the order of its keys, made in one call (the writer's,
        not a call per key)."""
        finding = self._finding
        made = {key: getattr(finding, key) for key in self._FIELDS}
        if self._line is not _UNSET:
            made["line"] = self._line
        if finding.suppressed:
            made["suppressed"] = finding.suppressed
        if self._record is not _UNSET:
            made["record"] = self._record
        return made


def dumps(doc: dict) -> str:
    """A JSON document as the reports write it (UTF-8 text, one key or item a line, indented
    by :data:`INDENT` spaces a level)."""
    return b"".join(_pieces(doc, b"\n")).decode("utf-8") + "\n"


def write(path: Path, doc: dict) -> None:
    """Write ``doc`` to ``path`` as :func:`dumps` gives it, a piece at a time: the text of a
    large report is never held whole."""
    with path.open("wb") as out:
        for piece in _pieces(doc, b"\n"):
            out.write(piece)
        out.write(b"\n")


def _pieces(value, newline: bytes) -> Iterator[bytes]:
    """``value`` as JSON text in UTF-8, in pieces, ``newline`` (a line break and the
    indentation of the level ``value`` is at) starting its lines: a dict or a list member
    by member, a :class:`Streamed` array item by item (each item whole), anything else by
    orjson in one piece. The members of the reports' few dicts and short lists cost a
    Python step each; their many articles, findings and results, one orjson call each
    (written by the standard library's pure-Python indenting encoder, a call for each
    value, they were a quarter of the reports' time)."""
    inner = newline + b" " * INDENT
    if isinstance(value, dict):
        if not value:
            yield b"{}"
            return
        opening = b"{"
        for key, member in value.items():
            if not isinstance(key, str):
                raise TypeError(f"keys must be str, not {type(key).__name__}")
            yield opening + inner + orjson.dumps(key) + b": "
            yield from _pieces(member, inner)
            opening = b","
        yield newline + b"}"
    elif isinstance(value, list):
        opening = b"["
        whole = isinstance(value, Streamed)
        for item in value:
            yield opening + inner
            if whole:
                yield _dumped(item, inner)
            else:
                yield from _pieces(item, inner)
            opening = b","
        yield b"[]" if opening == b"[" else newline + b"]"
    else:
        yield _dumped(value, newline)


def _dumped(value, newline: bytes) -> bytes:
    """``value`` by orjson, its lines after the first indented as ``newline`` says (a line
    break in the text is only ever indentation: in a string it is written ``\\n``)."""
    return orjson.dumps(value, default=_plain, option=_OPTIONS).replace(b"\n", newline)


#: indented by :data:`INDENT`; a subclass of dict or list (a
#: :class:`Streamed` array among them) is given to :func:`_plain`, not read as what it
#: holds itself (an unmade Streamed array holds nothing)
_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_SUBCLASS


class Streamed(list):
    """A JSON array whose items are made while it is written (:func:`write`, :func:`dumps`)
    and never all held: ``items`` gives a new iterator of them each time it is called. The
    writer writes it item by item as it iterates it (an array turned into a list first held
    every item until the array was written: SARIF's results at 10kGNAD x16, +42 MB RSS).
    A list to the code that reads the document; the list it holds itself is empty."""

    def __init__(self, items: Callable[[], Iterator]):
        super().__init__()
        self.items = items
        self._begun: Iterator | None = None

    def __iter__(self) -> Iterator:
        begun, self._begun = self._begun, None
        return begun if begun is not None else iter(self.items())

    def __bool__(self) -> bool:
        # (asked whether the array is empty just before it is iterated, as an encoder asks
        # to write "[]": the first item made to tell is the first the iteration gets)
        items = iter(self.items())
        first = next(items, _END)
        self._begun = None if first is _END else chain((first,), items)
        return self._begun is not None


_END = object()


class FindingEntries(Streamed):
    """The findings of the document where the audit kept them on disk
    (:class:`audit.engine.spill.FindingsFile`): each one's :class:`FindingEntry`, placed
    at its record (:func:`at_records`), made when it is asked for, by position or in order
    (an array written as it is made), never all held."""

    def __init__(self, findings, records: dict[str, tuple[int, bool]] | None):
        super().__init__(self._in_order)
        self._findings = findings
        self._records = records
        # (the entries of the last blocks asked for: a report looks at one article's
        # findings, neighbours in the order, several times over)
        self._blocks: OrderedDict[int, list[FindingEntry]] = OrderedDict()

    def _block(self, number: int) -> list[FindingEntry]:
        if number in self._blocks:
            self._blocks.move_to_end(number)
            return self._blocks[number]
        entries = []
        for finding in self._findings[number * FINDINGS_BLOCK:(number + 1) * FINDINGS_BLOCK]:
            entry = FindingEntry(finding)
            if self._records is not None:
                _place(entry, self._records)
            entries.append(entry)
        self._blocks[number] = entries
        while len(self._blocks) > 4:
            self._blocks.popitem(last=False)
        return entries

    def _in_order(self) -> Iterator[FindingEntry]:
        for number in range(-(-len(self._findings) // FINDINGS_BLOCK)):
            yield from self._block(number)

    def __len__(self) -> int:
        return len(self._findings)

    def __bool__(self) -> bool:
        return len(self._findings) > 0

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("finding index out of range")
        return self._block(index // FINDINGS_BLOCK)[index % FINDINGS_BLOCK]

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and \
            all(mine == theirs for mine, theirs in zip(self, other, strict=True))

    __hash__ = None


def _plain(value: object) -> object:
    """What orjson cannot write itself: the report's entries (mappings read from the
    tables and findings) as objects; a :class:`Streamed` array, or another subclass of
    list, dict, str, int or float, as what it is a subclass of."""
    if isinstance(value, (FindingEntry, ArticleEntry)):
        return value.plain()
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    for plain in (str, int, float):  # (numpy's float64 is a float, written as a float is)
        if isinstance(value, plain):
            return plain(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
