"""Article metadata written in the text itself: front matter and inline metadata.

Front matter is a ``---`` block of ``key: value`` lines at the top of a ``.txt``/``.md``
file; besides the article's fields it may waive checks for this article alone
(``audit-ignore: [ATR003]`` with ``audit-ignore-reason: …``, :func:`inline_waivers`). A
record of a JSON Lines, JSON, CSV or Parquet file does the same in fields of those names.
Inline metadata is what scrapers leave at the very start of a body, such as
`` date 2025-04 US-Außenminister …`` — recognised and removed from the text it describes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Front-matter keys (and record fields) of an article's own waivers: the codes or families,
#: and why.
WAIVER_KEY, WAIVER_REASON_KEY = "audit-ignore", "audit-ignore-reason"
#: The fields of a record (JSON Lines, JSON, CSV, Parquet) read as its article's metadata,
#: the way front matter is read for a text file: the article's own fields and its waivers.
FIELDS = ("id", "title", "published", "source", "url", "language", "author", WAIVER_KEY,
          WAIVER_REASON_KEY)
# Keys writers use for the publication date.
_DATE_KEYS = {"published", "date", "datum", "veröffentlicht", "publication_date", "pubdate"}

_FRONT_MATTER_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_INLINE = re.compile(
    r"\A\s*(?P<key>date|datum|published|veröffentlicht|stand)\s*[:=]?\s*"
    r"(?P<value>\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{4})(?=\s)\s*",
    re.IGNORECASE,
)


@dataclass
class Parsed:
    """The text of a document and the metadata read from it."""

    text: str
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: line breaks before ``text`` in the decoded file (for reporting file line numbers)
    line_offset: int = 0


def canonical_key(key: str) -> str:
    """The metadata field a key names (``date`` and ``datum`` mean ``published``)."""
    key = key.strip().lower()
    return "published" if key in _DATE_KEYS else key


def split_front_matter(content: str) -> Parsed:
    """Separate a ``---`` front-matter block from the text after it."""
    if not content.startswith("---"):
        return Parsed(content)
    lines = content.split("\n")
    if lines[0].strip() != "---":
        return Parsed(content)
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            break
    else:
        return Parsed(content, warnings=["front matter opened with '---' is never closed; "
                                          "read as text"])
    parsed = Parsed("\n".join(lines[index + 1 :]), line_offset=index + 1)
    for number, line in enumerate(lines[1:index], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _FRONT_MATTER_LINE.match(line)
        if match is None:
            parsed.warnings.append(f"front matter line {number} is not 'key: value': {line!r}")
            continue
        value = match.group(2).strip().strip("'\"")
        parsed.metadata[canonical_key(match.group(1))] = value
    return parsed


def inline_waivers(metadata: dict[str, str]) -> list[dict[str, str]]:
    """The waivers an article's front matter declares: ``audit-ignore: [ATR003, DQ]`` (a
    list, or codes separated by commas) with ``audit-ignore-reason: …``, as
    ``[{"code": "ATR003", "reason": "…"}, …]``; ``[]`` without ``audit-ignore``.

    Codes are kept as written and the reason may be empty: whether a waiver can be used (a
    known code, a reason given) is decided where the checks are known
    (:func:`audit.baseline.settle`), which reports the ones that cannot.
    """
    declared = metadata.get(WAIVER_KEY)
    if declared is None:
        return []
    listed = declared.strip()
    if listed.startswith("[") and listed.endswith("]"):
        listed = listed[1:-1]
    reason = metadata.get(WAIVER_REASON_KEY, "").strip()
    codes = (code.strip().strip("'\"").strip() for code in listed.split(","))
    waivers = [{"code": code, "reason": reason} for code in codes if code]
    return waivers or [{"code": "", "reason": reason}]


def strip_inline_metadata(text: str) -> tuple[str, dict[str, str]]:
    """Remove metadata written at the very start of a body (`` date 2025-04 …``)."""
    metadata: dict[str, str] = {}
    while match := _INLINE.match(text):
        metadata[canonical_key(match.group("key"))] = match.group("value")
        text = text[match.end() :]
    return text, metadata


def first_line(text: str) -> str:
    """The first non-empty line, stripped: the title of a document without one."""
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return ""
