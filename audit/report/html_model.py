"""What the HTML report knows before it writes a page: articles, findings and where they go.

The report is read from the findings document (PRODUCT.md §6), the article texts the
findings' offsets refer to, and, where the audit's tables are at hand, each article's
metadata (outlet, URL, author, publication precision, ingest warnings) and sentence
boundaries. Everything in it is untrusted and is escaped by :func:`esc` on its way into a
page; what is built here (anchors, file names, CSS classes) is made from numbers and fixed
words only, never from article data.
"""

from __future__ import annotations

import html
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from audit.findings import SEVERITIES, severity_rank

_SEVERITY_CLASSES = frozenset(SEVERITIES)
_NOT_SLUG = re.compile(r"[^A-Za-z0-9_-]+")
_FAMILY = re.compile(r"[A-Z]+(?=\d)")
#: A title longer than this is cut at a word wherever it is shown (records without a title
#: may carry their whole text as one).
TITLE_LIMIT = 120
#: Where no sentence table is at hand, a sentence ends after one of these and a space.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'»«“”’]?\s+|\n\s*\n")
#: Metadata the article panel shows, in order: (label, key).
PANEL_FIELDS = (
    ("Outlet", "source"), ("URL", "url"), ("Author", "author"), ("Published", "published"),
    ("Language", "language"), ("Status", "status"), ("Path", "path"),
    ("Article id", "article_id"),
)


def esc(value) -> str:
    """Escape untrusted text for element content and quoted attribute values alike."""
    return html.escape(text_of(value), quote=True)


def text_of(value) -> str:
    """A value as text: ``None`` and NaN are empty."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def is_offset(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def severity_of(value) -> str:
    """The CSS-safe severity name; anything unexpected is shown as info."""
    return value if value in _SEVERITY_CLASSES else "info"


def family_of(code: str) -> str:
    """The family of a check code (``TMP`` of ``TMP002``); codes without one are "other"."""
    match = _FAMILY.match(code)
    return match.group() if match else "other"


def css_word(value: str) -> str:
    return _NOT_SLUG.sub("-", value) or "unknown"


def shorten(title: str, limit: int = TITLE_LIMIT) -> str:
    """A title cut at a word to ``limit`` characters (the full title stays a tooltip)."""
    # only the head is looked at: a record's "title" may be its whole text
    head = " ".join(title[:limit * 4].split())
    if len(head) <= limit and len(title) <= limit * 4:
        return head
    return head[:limit].rsplit(" ", 1)[0].rstrip(",;:–-") + " …"


@dataclass(frozen=True)
class Highlight:
    """A stretch of one article's text to highlight: a finding or a span related to one."""

    start: int
    end: int
    anchor: str  # the element id links jump to
    css: str  # "f-<severity>" for a finding, "rel" for a related span, + " suppressed"
    label: str  # raw tooltip text, escaped when written
    rank: int  # severity rank; -1 for related spans, -2 for suppressed findings
    #: the other side, linked after the span: (article number, anchor, label)
    link: tuple[int, str, str] | None = None


class WithMetadata(Mapping):
    """An article of the document with the fields ``extra`` adds, as
    ``{**extra, **article}`` but for the article's missing (``None``) values, which
    ``extra`` fills; the article's values are read from it when asked for, not copied (its
    title may be a paragraph, read from the table: audit.report.json.ArticleEntry)."""

    __slots__ = ("_article", "_extra")

    def __init__(self, article: Mapping, extra: Mapping):
        self._article = article
        self._extra = extra

    def __getitem__(self, key):
        if key in self._article:
            value = self._article[key]
            if value is not None or key not in self._extra:
                return value
        return self._extra[key]

    def get(self, key, default=None):
        """``self[key]``, or ``default``, in one call (the pages ask for each field of
        each article; :class:`Mapping`'s ``get`` goes through a ``KeyError``)."""
        value = self._article.get(key)
        if value is not None or key not in self._extra:
            return default if value is None and key not in self._article else value
        return self._extra[key]

    def __iter__(self) -> Iterator:
        yield from self._extra
        yield from (key for key in self._article if key not in self._extra)

    def __len__(self) -> int:
        return len(self._extra) + sum(1 for key in self._article if key not in self._extra)


@dataclass
class Report:
    """The findings document indexed for the pages: who is where, and which page holds it.

    Articles are numbered by their position in the document; an article's view is the
    element ``article-<number>``, in the index page (``split`` false) or in its own page
    ``articles/<number>.html``. Finding ``n`` (its position in the document) is marked at
    ``finding-<n>`` in its article's text and listed at ``item-<n>``; its ``k``-th related
    span is marked at ``related-<n>-<k>``.
    """

    articles: list[Mapping]
    findings: list[Mapping]
    errors: list[Mapping]
    texts: Mapping[str, str]
    checks: dict[str, Mapping]  # code -> description, in the order the checks ran
    split: bool = False
    expectations: list[Mapping] = field(default_factory=list)
    sentences: Mapping[str, Sequence[tuple[int, int]]] = field(default_factory=dict)
    number: dict[str, int] = field(default_factory=dict)  # article id -> number
    check_anchor: dict[str, str] = field(default_factory=dict)
    by_article: dict[int, list[int]] = field(default_factory=dict)
    _related_in: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    highlighted: set[str] = field(default_factory=set)  # anchors that exist in some view
    worst_first: list[int] = field(default_factory=list)  # article numbers
    _short_titles: dict[int, str] = field(default_factory=dict)
    #: each finding's start and end, one after the other, and whether it has them
    _spans: array = field(default_factory=lambda: array("q"))
    _located: bytearray = field(default_factory=bytearray)
    #: each finding's code; the findings not suppressed by code and by severity, and how
    #: many are suppressed (counted once, as the findings are placed: findings kept on disk
    #: are read a block at a time, audit.engine.spill.FindingsFile)
    codes: list[str] = field(default_factory=list)
    active_by_code: Counter = field(default_factory=Counter)
    active_by_severity: Counter = field(default_factory=Counter)
    suppressed: int = 0

    @classmethod
    def build(cls, document: Mapping, texts: Mapping[str, str], checks: Sequence[Mapping],
              metadata: Mapping[str, Mapping] | None = None,
              sentences: Mapping[str, Sequence[tuple[int, int]]] | None = None,
              split: bool = False) -> Report:
        """Index ``document``; ``metadata`` adds fields to each article by id."""
        articles: list[Mapping] = []
        for article in document.get("articles") or ():
            if isinstance(article, Mapping):
                extra = (metadata or {}).get(text_of(article.get("article_id")), {})
                articles.append(WithMetadata(article, extra) if extra else article)
        from audit.report.json import FindingEntries

        found = document.get("findings") or ()
        # (findings read from disk as they are asked for stay so: audit.engine.spill)
        findings = found if isinstance(found, FindingEntries) else \
            [f for f in found if isinstance(f, Mapping)]
        errors = [e for e in document.get("errors") or () if isinstance(e, Mapping)]
        described: dict[str, Mapping] = {}
        for check in checks:
            described.setdefault(text_of(check.get("code")), check)
        # A finding from a check nobody described still gets a section.
        for finding in findings:
            described.setdefault(text_of(finding.get("code")), {"code": finding.get("code")})
        expectations = [r for r in document.get("expectations") or ()
                        if isinstance(r, Mapping)]
        report = cls(articles=articles, findings=findings, errors=errors, texts=texts,
                     checks=described, split=split, expectations=expectations,
                     sentences=sentences or {})
        for number, article in enumerate(articles):
            report.number.setdefault(text_of(article.get("article_id")), number)
        report.check_anchor = _check_anchors(described)
        report._place_findings()
        report.worst_first = sorted(range(len(articles)), key=report._badness)
        return report

    # -- where things are -------------------------------------------------------------------

    def article_of(self, article_id) -> int | None:
        """The number of the article with this id, if it is in the report."""
        return None if article_id is None else self.number.get(text_of(article_id))

    def href(self, number: int, anchor: str | None = None, *, here: int | None = None) -> str:
        """A link to article ``number`` (at ``anchor``) from the index, or from the page of
        article ``here`` when the report is split."""
        fragment = anchor or f"article-{number}"
        if not self.split or number == here:
            return f"#{fragment}"
        page = f"{number}.html" if here is not None else f"articles/{number}.html"
        return f"{page}#{fragment}"

    def index_href(self, fragment: str, *, here: int | None = None) -> str:
        """A link to a part of the index page."""
        return f"../index.html#{fragment}" if self.split and here is not None else f"#{fragment}"

    def title(self, number: int) -> str:
        """The raw, full title of an article: its title, else its path, else its id."""
        article = self.articles[number]
        return text_of(article.get("title") or article.get("path") or article.get("article_id")
                       or "(untitled)")

    def short_title(self, number: int) -> str:
        """The title as lists and headings show it (cut at a word)."""
        if number not in self._short_titles:
            self._short_titles[number] = shorten(self.title(number))
        return self._short_titles[number]

    def is_suppressed(self, finding: Mapping) -> bool:
        return bool(finding.get("suppressed"))

    def sentence_around(self, article_id, start: int, end: int) -> tuple[int, int]:
        """The bounds of the sentence(s) holding ``[start, end)`` in an article's text."""
        text = self.texts.get(text_of(article_id)) or ""
        bounds = self.sentences.get(text_of(article_id))
        if bounds:
            low = min((s for s, e in bounds if s <= start < e), default=start)
            high = max((e for s, e in bounds if s < end <= e), default=end)
            return min(low, start), max(high, end)
        low = 0
        for match in _SENTENCE_END.finditer(text, 0, start):
            low = match.end()
        following = _SENTENCE_END.search(text, end)
        return low, following.start() if following else len(text)

    # -- building ---------------------------------------------------------------------------

    def _place_findings(self) -> None:
        """Which article holds each finding, which anchors exist, and where each finding's
        related spans are (the marks of an article's text are made when its view is
        written, :meth:`spans_of`: a mark and its tooltip of every finding were 15 MB at
        10kGNAD x16)."""
        by_article, related_in = defaultdict(list), defaultdict(list)
        self._spans, self._located = array("q"), bytearray()
        shared: dict[str, str] = {}
        for n, finding in enumerate(self.findings):
            code = text_of(finding.get("code"))
            self.codes.append(shared.setdefault(code, code))
            if self.is_suppressed(finding):
                self.suppressed += 1
            else:
                self.active_by_code[code] += 1
                self.active_by_severity[severity_of(finding.get("severity"))] += 1
            start, end = finding.get("start"), finding.get("end")
            located = is_offset(start) and is_offset(end)
            self._spans.extend((start, end) if located else (0, 0))
            self._located.append(located)
            number = self.article_of(finding.get("article_id"))
            if number is not None:
                by_article[number].append(n)
            if self._locatable(number, finding.get("start"), finding.get("end")):
                self.highlighted.add(f"finding-{n}")
            for k, related in enumerate(related_spans(finding)):
                other = self.article_of(related.get("article_id"))
                if self._locatable(other, related.get("start"), related.get("end")):
                    self.highlighted.add(f"related-{n}-{k}")
                    related_in[other].append((n, k))
        self.by_article = dict(by_article)
        self._related_in = dict(related_in)

    def _label(self, finding: Mapping) -> str:
        label = f"{text_of(finding.get('code'))}: {text_of(finding.get('message'))}"
        if self.is_suppressed(finding):
            label += f" (suppressed: {text_of(finding.get('suppressed'))})"
        return label

    def _others(self, n: int) -> list[tuple[int, str]]:
        """The article and anchor of each of finding ``n``'s related spans marked."""
        return [(self.article_of(related.get("article_id")), f"related-{n}-{k}")
                for k, related in enumerate(related_spans(self.findings[n]))
                if f"related-{n}-{k}" in self.highlighted]

    def spans_of(self, number: int) -> list[Highlight]:
        """The marks in article ``number``'s text: the spans related to a finding (of
        this or another article), then the article's own findings, each linked to the other
        side of its first related span."""
        spans = []
        for n, k in self._related_in.get(number, ()):
            finding = self.findings[n]
            related = related_spans(finding)[k]
            own = f"finding-{n}"
            back = (self.article_of(finding.get("article_id")), own, "back to the finding") \
                if own in self.highlighted else None
            spans.append(Highlight(related["start"], related["end"], f"related-{n}-{k}",
                                   "rel", f"related to {self._label(finding)}", -1, back))
        for n in self.by_article.get(number, ()):
            if f"finding-{n}" not in self.highlighted:
                continue
            finding = self.findings[n]
            severity, suppressed = severity_of(finding.get("severity")), \
                self.is_suppressed(finding)
            others = self._others(n)
            spans.append(Highlight(
                finding["start"], finding["end"], f"finding-{n}",
                f"f-{severity}" + (" suppressed" if suppressed else ""), self._label(finding),
                -2 if suppressed else severity_rank(severity),
                (*others[0], "the other side") if others else None))
        return spans

    def _locatable(self, number: int | None, start, end) -> bool:
        """Whether a span can be highlighted: its article is shown and its offsets fit."""
        if number is None:
            return False
        text = self.texts.get(text_of(self.articles[number].get("article_id")))
        return (isinstance(text, str) and is_offset(start) and is_offset(end)
                and 0 <= start < end <= len(text))

    def overlaps(self, n: int, start: int, end: int) -> bool:
        """Whether finding ``n`` has offsets and its span overlaps ``[start, end)`` (read
        from the spans kept when the findings were placed, not from the finding: findings
        kept on disk are read a block at a time, audit.engine.spill.FindingsFile)."""
        return bool(self._located[n]) and self._spans[2 * n] < end and \
            start < self._spans[2 * n + 1]

    def counts(self, number: int) -> tuple[int, int, int]:
        """Active (not suppressed) findings of an article: (errors, warnings, infos)."""
        tally = dict.fromkeys(("error", "warning", "info"), 0)
        for n in self.by_article.get(number, ()):
            finding = self.findings[n]
            if not self.is_suppressed(finding):
                tally[severity_of(finding.get("severity"))] += 1
        return tally["error"], tally["warning"], tally["info"]

    def _badness(self, number: int):
        errors, warnings, infos = self.counts(number)
        return (-errors, -warnings, -infos, number)


def related_spans(finding: Mapping) -> list[Mapping]:
    return [r for r in finding.get("related") or () if isinstance(r, Mapping)]


def _check_anchors(checks: Mapping[str, Mapping]) -> dict[str, str]:
    anchors: dict[str, str] = {}
    used: set[str] = set()
    for code in checks:
        base = "check-" + (_NOT_SLUG.sub("-", code).strip("-") or "unnamed")
        anchor, suffix = base, 2
        while anchor in used:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        used.add(anchor)
        anchors[code] = anchor
    return anchors
