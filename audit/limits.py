"""How large an input audit reads at full cost, and what it does beyond that.

A newsroom corpus never comes near these limits; a hostile or broken file (a 50 MB text on
one line, a record nested thousands of levels deep, a CSV field of 10 MB) does, and is then
skipped with the reason instead of taking the audit down or running for minutes. The
limits are set in ``[tool.audit.limits]`` of ``pyproject.toml``, with the keys spelled as
the field names with hyphens (``max-article-chars = 5_000_000``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

#: Publication dates audit can reckon relative expressions from ("vor 300 Jahren", "in
#: 500 years") without leaving the calendar Python's dates cover (years 1 to 9999).
EARLIEST_PUBLISHED = dt.date(1000, 1, 1)
LATEST_PUBLISHED = dt.date(8999, 12, 31)


@dataclass(frozen=True)
class Limits:
    """The size limits of one audit; an input beyond one is skipped with the reason."""

    #: Characters of one article's text (the longest news features run to some 100,000).
    max_article_chars: int = 2_000_000
    #: Characters of one line (a paragraph in news text) of an article's text; an article
    #: with a longer line is skipped with the reason. Every normaliser runs in time linear
    #: in the text (benchmarks/bench_adversarial.py): a long line costs what the same text
    #: in paragraphs costs (1.5 MB of news text on one line: 74 s of processor time, in
    #: paragraphs 79 s). The limit guards against a cost that benchmark does not reach; it
    #: skips rather than audit a part (a cheaper path of fewer normalisers and checks) because
    #: a report that lists an article as audited must mean that every check read all of it.
    max_line_chars: int = 200_000
    #: Levels of nesting of one JSON record (an article record is an object of strings).
    max_record_nesting: int = 64
    #: Characters of a metadata field (id, title, published, source, url, language,
    #: author) of a record or front matter.
    max_field_chars: int = 100_000
    #: Bytes of one ``.json`` file. A JSON document is read whole (its bytes and then its
    #: text are held at once: reading a 99 MB file of German articles peaks 270 MB above
    #: the interpreter), so a larger corpus belongs in JSON Lines (``.jsonl``), which is
    #: read a record at a time.
    max_json_file_bytes: int = 100_000_000

    @property
    def max_record_bytes(self) -> int:
        """Bytes of one record as written (a JSONL line, a CSV row): its text and seven
        fields at their limits, each character written as a six-byte JSON escape."""
        return 6 * (self.max_article_chars + 7 * self.max_field_chars) + 4096

    @property
    def max_text_file_bytes(self) -> int:
        """Bytes of a text file that may hold ``max_article_chars`` characters (UTF-8 spends
        at most four bytes on a character); a larger file is skipped unread."""
        return 4 * (self.max_article_chars + 7 * self.max_field_chars) + 4096

    @classmethod
    def from_table(cls, table: dict) -> Limits:
        """Limits from a ``[tool.audit.limits]`` table; keys it leaves out keep their
        defaults. Raises ``ValueError`` naming a key that is unknown or not a positive
        whole number."""
        known = {field.name.replace("_", "-"): field.name for field in fields(cls)}
        values = {}
        for key, value in table.items():
            name = known.get(key) or (key if key in known.values() else None)
            if name is None:
                raise ValueError(f"[tool.audit.limits]: unknown key {key!r} "
                                 f"(known: {', '.join(sorted(known))})")
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"[tool.audit.limits]: {key} must be a positive whole "
                                 f"number, not {value!r}")
            values[name] = value
        return cls(**values)


DEFAULT = Limits()
