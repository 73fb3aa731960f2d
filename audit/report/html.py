"""The HTML report: one self-contained page an editor can read.

The page shows a summary with a table of the checks that ran, the inputs and checks that
failed, the findings grouped by check (with each check's "What it does" and "Why it matters"),
a timeline of the dated assertions, and every article with its findings highlighted in place.

Everything taken from the findings document, the check descriptions or the article texts is
untrusted and goes through :func:`_esc` on its way into the page, attribute values included.
The page loads nothing and runs no script: the severity filter is a set of checkboxes read by
CSS sibling selectors, so it also works where scripts are blocked.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from audit.findings import SEVERITIES, severity_rank

_SEVERITY_CLASSES = frozenset(SEVERITIES)
#: The timeline lists at most this many dated assertions (the earliest); the rest are counted.
TIMELINE_LIMIT = 1000
#: A statement longer than this is cut around its date in the timeline.
_STATEMENT_LIMIT = 300
_NOBODY = '<span class="muted">—</span>'
_NOT_SLUG = re.compile(r"[^A-Za-z0-9_-]+")


def render_html(
    document: Mapping, texts: Mapping[str, str], checks: Sequence[Mapping],
    timeline: Sequence[Mapping] = (),
) -> str:
    """Render the findings document (PRODUCT.md §6) as one self-contained HTML5 page.

    ``texts`` maps each article id to the text the findings' offsets refer to; ``checks``
    describes each check that ran (``code``, ``severity``, ``title``, ``what``, ``why``,
    ``flagged``, ``clean``); ``timeline`` lists the dated assertions, earliest first, as
    :func:`audit.report.timeline.dated_assertions` gives them. Spans whose offsets are
    missing or fall outside the text are listed but not highlighted.
    """
    index = _Index.build(document, texts, checks)
    body = [
        _filter_toggles(),
        _contents(index, bool(document.get("expectations")), len(timeline)),
        "<main>",
        _summary(index),
        _errors(index),
        _expectations(document, index),
        _findings_by_check(index),
        _timeline(index, timeline),
        _articles(index),
        "</main>",
    ]
    return _PAGE_START + "".join(body) + "</body>\n</html>\n"


def write_report(directory: Path, document: Mapping, tables, checks: Sequence[Mapping]) -> Path:
    """Write the HTML report of an audit into ``directory``; returns its entry point.

    ``document`` is the findings document, ``tables`` the :class:`audit.tables.Tables` it was
    audited from, ``checks`` the description of each check that ran. The entry point is
    ``directory / "index.html"``.
    """
    from audit.report.timeline import dated_assertions

    articles = tables.articles
    texts = dict(zip(articles.article_id, articles.text, strict=True))
    index = Path(directory) / "index.html"
    index.write_text(render_html(document, texts, checks, dated_assertions(tables)),
                     encoding="utf-8")
    return index


# -- what the page needs to know before it writes anything -----------------------------------


@dataclass(frozen=True)
class _Span:
    """A stretch of one article's text to highlight: a finding or a span related to one."""

    start: int
    end: int
    anchor: str  # the element id links jump to
    css: str  # "f-<severity>" for a finding, "rel" for a related span
    label: str  # raw tooltip text, escaped when written
    rank: int  # severity rank; -1 for related spans
    backref: str | None = None  # where a related span links back to


@dataclass
class _Index:
    texts: Mapping[str, str]
    articles: list[Mapping]
    findings: list[Mapping]
    errors: list[Mapping]
    checks: dict[str, Mapping]  # code -> description, in the order the checks ran
    check_anchor: dict[str, str]
    article_anchor: dict[str, str]  # article id -> element id (first article with that id)
    first_article: dict[str, Mapping]  # article id -> the first article with that id
    findings_by_code: dict[str, list[int]] = field(default_factory=dict)
    findings_by_article: dict[str, list[int]] = field(default_factory=dict)
    spans_by_article: dict[str, list[_Span]] = field(default_factory=dict)
    highlighted: set[str] = field(default_factory=set)  # anchors that exist in the page

    @classmethod
    def build(cls, document: Mapping, texts: Mapping[str, str], checks: Sequence[Mapping]):
        articles = [a for a in document.get("articles") or () if isinstance(a, Mapping)]
        findings = [f for f in document.get("findings") or () if isinstance(f, Mapping)]
        errors = [e for e in document.get("errors") or () if isinstance(e, Mapping)]

        described = {}
        for check in checks:
            described.setdefault(_text(check.get("code")), check)
        # A finding from a check nobody described still gets a section.
        for finding in findings:
            described.setdefault(_text(finding.get("code")), {"code": finding.get("code")})

        article_anchor: dict[str, str] = {}
        first_article: dict[str, Mapping] = {}
        for number, article in enumerate(articles):
            article_id = _text(article.get("article_id"))
            article_anchor.setdefault(article_id, f"article-{number}")
            first_article.setdefault(article_id, article)

        index = cls(
            texts=texts, articles=articles, findings=findings,
            errors=errors, checks=described, check_anchor=_check_anchors(described),
            article_anchor=article_anchor, first_article=first_article,
        )
        index._place_findings()
        return index

    def _place_findings(self) -> None:
        by_code, by_article, spans = defaultdict(list), defaultdict(list), defaultdict(list)
        for number, finding in enumerate(self.findings):
            code, severity = _text(finding.get("code")), _severity(finding.get("severity"))
            by_code[code].append(number)
            article_id = finding.get("article_id")
            if article_id is not None:
                by_article[_text(article_id)].append(number)
            anchor = f"finding-{number}"
            label = f"{code}: {_text(finding.get('message'))}"
            if self._locatable(article_id, finding.get("start"), finding.get("end")):
                spans[_text(article_id)].append(_Span(
                    finding["start"], finding["end"], anchor, f"f-{severity}", label,
                    severity_rank(severity),
                ))
                self.highlighted.add(anchor)
            back = f"#{anchor}" if anchor in self.highlighted else f"#item-{number}"
            for position, related in enumerate(_related(finding)):
                if self._locatable(related.get("article_id"), related.get("start"),
                                   related.get("end")):
                    related_anchor = f"related-{number}-{position}"
                    spans[_text(related.get("article_id"))].append(_Span(
                        related["start"], related["end"], related_anchor, "rel",
                        f"related to {label}", -1, back,
                    ))
                    self.highlighted.add(related_anchor)
        self.findings_by_code = dict(by_code)
        self.findings_by_article = dict(by_article)
        self.spans_by_article = dict(spans)

    def _locatable(self, article_id, start, end) -> bool:
        """Whether a span can be highlighted: its article is shown and its offsets fit."""
        if article_id is None or _text(article_id) not in self.article_anchor:
            return False
        text = self.texts.get(_text(article_id))
        return (
            isinstance(text, str) and _is_offset(start) and _is_offset(end)
            and 0 <= start < end <= len(text)
        )

    def article_title(self, article_id) -> str:
        """The raw title to show for an article id: its title, else its path, else the id."""
        article = self.first_article.get(_text(article_id))
        return _article_title(article) if article is not None else _text(article_id)


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


def _related(finding: Mapping) -> list[Mapping]:
    return [r for r in finding.get("related") or () if isinstance(r, Mapping)]


def _is_offset(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value) -> str:
    return "" if value is None else str(value)


def _severity(value) -> str:
    """The CSS-safe severity name; anything unexpected is shown as info."""
    return value if value in _SEVERITY_CLASSES else "info"


def _article_title(article: Mapping) -> str:
    return _text(
        article.get("title") or article.get("path") or article.get("article_id") or "(untitled)"
    )


def _esc(value) -> str:
    """Escape untrusted text for element content and quoted attribute values alike."""
    return html.escape(_text(value), quote=True)


# -- the page's parts ---------------------------------------------------------------------------


def _filter_toggles() -> str:
    # Checkboxes before <nav> and <main> so that CSS sibling selectors can read them.
    return "".join(
        f'<input type="checkbox" class="toggle" id="show-{severity}" checked>'
        for severity in SEVERITIES
    )


def _shorten(title: str, limit: int = 60) -> str:
    """A title cut at a word to fit the contents column (the full title is its tooltip)."""
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(",;:–-") + " …"


def _contents(index: _Index, expectations: bool = False, dated: int = 0) -> str:
    counts = Counter(_severity(f.get("severity")) for f in index.findings)
    chips = "".join(
        f'<label for="show-{severity}" class="chip sev-{severity}">'
        f"{severity} ({counts[severity]})</label>"
        for severity in reversed(SEVERITIES)
    )
    checks = "".join(
        f'<li><a href="#{index.check_anchor[code]}">{_esc(code)}</a> '
        f"<small>{len(index.findings_by_code.get(code, ()))}</small></li>"
        for code in index.checks
        if index.findings_by_code.get(code)
    )
    with_findings = "".join(
        f'<li><a href="#{index.article_anchor[article_id]}" '
        f'title="{_esc(_article_title(article))}">{_esc(_shorten(_article_title(article)))}</a> '
        f"<small>{len(index.findings_by_article[article_id])}</small></li>"
        for article_id, article in index.first_article.items()
        if index.findings_by_article.get(article_id)
    )
    errors = '<li><a href="#errors">Errors</a></li>' if _has_errors(index) else ""
    return (
        '<nav class="contents" aria-label="Contents"><p class="nav-title">Audit report</p>'
        f'<p class="filter">Show: {chips}</p>'
        f'<ul><li><a href="#summary">Summary</a></li>{errors}'
        + ('<li><a href="#expectations">Expectations</a></li>' if expectations else "")
        + f'<li><a href="#findings">Findings by check</a><ul>{checks}</ul></li>'
        + (f'<li><a href="#timeline">Timeline ({dated})</a></li>' if dated else "")
        + f'<li><a href="#articles">Articles ({len(index.articles)})</a><ul>{with_findings}</ul>'
        "</li></ul></nav>"
    )


def _summary(index: _Index) -> str:
    statuses = Counter(_text(a.get("status")) or "unknown" for a in index.articles)
    by_status = " · ".join(f"{_esc(status)} {n}" for status, n in sorted(statuses.items()))
    severities = Counter(_severity(f.get("severity")) for f in index.findings)
    cards = [
        _card("Articles", len(index.articles), by_status, "articles"),
        *(
            _card(f"{severity.capitalize()} findings", severities[severity],
                  "by their severity", f"sev-{severity}")
            for severity in reversed(SEVERITIES)
        ),
        _card("Errors", len(index.errors), "inputs or checks that failed", "errors"),
    ]
    rows = "".join(
        "<tr>"
        f'<td><a href="#{index.check_anchor[code]}"><code>{_esc(code)}</code></a></td>'
        f"<td>{_esc(check.get('title') or '(not described)')}</td>"
        f"<td>{_badge(check.get('severity'))}</td>"
        f'<td class="num">{len(index.findings_by_code.get(code, ()))}</td>'
        "</tr>"
        for code, check in index.checks.items()
    )
    table = (
        '<table class="checks"><thead><tr><th>Code</th><th>Check</th><th>Severity</th>'
        f'<th class="num">Findings</th></tr></thead><tbody>{rows}</tbody></table>'
        if rows else '<p class="muted">No checks ran.</p>'
    )
    return (
        '<header id="summary"><h1>Audit report</h1>'
        f'<div class="cards">{"".join(cards)}</div>'
        f"<h2>Checks</h2>{table}</header>"
    )


def _card(label: str, number: int, note: str, css: str) -> str:
    return (
        f'<div class="card {css}"><span class="number">{number}</span>'
        f'<span class="label">{label}</span><span class="note">{note}</span></div>'
    )


def _has_errors(index: _Index) -> bool:
    return bool(index.errors) or any(
        a.get("status") in ("skipped", "failed") for a in index.articles
    )


def _errors(index: _Index) -> str:
    if not _has_errors(index):
        return ""
    items = []
    for number, article in enumerate(index.articles):
        status = _text(article.get("status"))
        if status not in ("skipped", "failed"):
            continue
        items.append(
            f'<li class="problem status-{status}">{_status_badge(status)} '
            f'<a href="#article-{number}">{_esc(_article_title(article))}</a> '
            f'<code class="path">{_esc(article.get("path"))}</code>'
            f'<p class="reason">{_esc(article.get("reason") or "no reason given")}</p></li>'
        )
    for error in index.errors:
        code = error.get("check")
        if code is None:
            where = '<span class="badge status-failed">input</span>'
        elif _text(code) in index.check_anchor:
            where = (f'<span class="badge status-failed">check</span> '
                     f'<a href="#{index.check_anchor[_text(code)]}"><code>{_esc(code)}</code></a>')
        else:
            where = f'<span class="badge status-failed">check</span> <code>{_esc(code)}</code>'
        items.append(
            f'<li class="problem">{where} <code class="path">{_esc(error.get("path"))}</code>'
            f'<p class="reason">{_esc(error.get("message"))}</p></li>'
        )
    return (
        '<section id="errors"><h2>Errors</h2>'
        "<p>Inputs that were skipped or could not be read, and checks that raised. "
        "What they concern was not audited completely.</p>"
        f'<ul class="problems">{"".join(items)}</ul></section>'
    )


def _expectations(document: Mapping, index: _Index) -> str:
    """The result of every Great Expectations expectation, passed or failed."""
    results = [r for r in document.get("expectations") or () if isinstance(r, Mapping)]
    if not results:
        return ""
    rows = []
    for result in results:
        code = _text(result.get("code"))
        anchor = index.check_anchor.get(code)
        check = f'<a href="#{anchor}"><code>{_esc(code)}</code></a>' if anchor else \
            f"<code>{_esc(code)}</code>"
        passed = bool(result.get("success"))
        status = ('<span class="badge status-passed">passed</span>' if passed
                  else '<span class="badge status-failed">failed</span>')
        unexpected = result.get("unexpected_count")
        counted = "" if unexpected is None else (
            f"{_esc(unexpected)} of {_esc(result.get('element_count'))}"
            + (f" ({_esc(result.get('unexpected_percent'))} %)"
               if result.get("unexpected_percent") is not None else ""))
        observed = result.get("observed_value")
        if observed is not None and not counted:
            counted = f"observed {_esc(observed)}"
        articles = ", ".join(_article_link(index, a) for a in result.get("articles") or ())
        rows.append(
            f"<tr><td>{check}</td><td><code>{_esc(result.get('table'))}</code></td>"
            f"<td><code>{_esc(result.get('expectation'))}</code></td><td>{status}</td>"
            f'<td class="num">{counted}</td><td>{articles}</td></tr>'
        )
    failed = sum(not r.get("success") for r in results)
    return (
        '<section id="expectations"><h2>Expectations</h2>'
        f"<p>{len(results)} expectations of the Great Expectations suites in checks/, "
        f"{failed} failed. Each row a failed expectation rejects is a finding of its check.</p>"
        '<table class="checks"><thead><tr><th>Check</th><th>Table</th><th>Expectation</th>'
        '<th>Result</th><th class="num">Unexpected</th><th>Articles</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _findings_by_check(index: _Index) -> str:
    sections = []
    for code, check in index.checks.items():
        numbers = index.findings_by_code.get(code, [])
        explain = "".join(
            f"<dt>{heading}</dt><dd>{_esc(check.get(key))}</dd>"
            for heading, key in (("What it does", "what"), ("Why it matters", "why"))
            if check.get(key)
        )
        examples = "".join(
            f'<div class="example {key}"><h4>{heading}</h4><pre>{_esc(check.get(key))}</pre></div>'
            for heading, key in (("Flagged", "flagged"), ("Clean", "clean"))
            if check.get(key)
        )
        listing = (
            f'<ol class="findings">{"".join(_finding_item(index, n) for n in numbers)}</ol>'
            if numbers else '<p class="muted">No findings.</p>'
        )
        sections.append(
            f'<section class="check" id="{index.check_anchor[code]}">'
            f"<h3><code>{_esc(code)}</code> {_esc(check.get('title'))} "
            f"{_badge(check.get('severity'))}</h3>"
            + (f'<dl class="explain">{explain}</dl>' if explain else "")
            + (f'<details class="examples"><summary>Example</summary>{examples}</details>'
               if examples else "")
            + listing
            + "</section>"
        )
    return (
        '<section id="findings"><h2>Findings by check</h2>'
        + ("".join(sections) or '<p class="muted">No checks ran.</p>')
        + "</section>"
    )


def _timeline(index: _Index, entries: Sequence[Mapping]) -> str:
    """The dated assertions as a table, earliest first, one heading row per month."""
    if not entries:
        return ""
    rows = []
    month = None
    for entry in entries[:TIMELINE_LIMIT]:
        earliest, latest = _text(entry.get("earliest")), _text(entry.get("latest"))
        if earliest[:7] != month:
            month = earliest[:7]
            rows.append(f'<tr class="month"><th colspan="6">{_esc(month)}</th></tr>')
        article_id = _text(entry.get("article_id"))
        flagged = _findings_within(index, article_id, entry.get("start"), entry.get("end"))
        links = " ".join(
            f'<a href="#item-{n}"><code>{_esc(index.findings[n].get("code"))}</code></a>'
            for n in flagged
        )
        when = earliest if earliest == latest else f"{earliest} – {latest}"
        speaker = _esc(entry.get("speaker")) if entry.get("speaker") else _NOBODY
        rows.append(
            ('<tr class="flagged">' if flagged else "<tr>")
            + f'<td class="when">{_esc(when)}</td><td>{_esc(entry.get("basis"))}</td>'
            f"<td>{_article_link(index, article_id)}</td>"
            f'<td class="statement">{_statement(index.texts.get(article_id), entry)}</td>'
            f"<td>{speaker}</td>"
            f"<td>{links}</td></tr>"
        )
    more = len(entries) - TIMELINE_LIMIT
    note = (
        f'<p class="muted">{more} later dated assertions are not listed; all of them are in '
        "the assertions table (<code>audit table PATH --table assertions</code>).</p>"
        if more > 0 else ""
    )
    return (
        f'<section id="timeline"><h2>Timeline ({len(entries)} dated assertions)</h2>'
        '<p class="muted">When each statement says its event happened: an explicit date, '
        "a date counted from the publication date or an earlier date (relative), the "
        "publication date itself, or the date of the sentence before (inherited).</p>"
        '<table class="checks timeline"><thead><tr><th>Date</th><th>Basis</th>'
        "<th>Article</th><th>Statement</th><th>Speaker</th><th>Findings</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{note}</section>"
    )


def _findings_within(index: _Index, article_id: str, start, end) -> list[int]:
    """The findings of an article whose span overlaps ``[start, end)``."""
    if not (_is_offset(start) and _is_offset(end)):
        return []
    return [
        n for n in index.findings_by_article.get(article_id, [])
        if _is_offset(index.findings[n].get("start")) and _is_offset(index.findings[n].get("end"))
        and index.findings[n]["start"] < end and start < index.findings[n]["end"]
    ]


def _statement(text, entry: Mapping) -> str:
    """The assertion's text, escaped, with its date marked and cut around the date."""
    start, end = entry.get("start"), entry.get("end")
    if not isinstance(text, str) or not (_is_offset(start) and _is_offset(end)) \
            or not 0 <= start <= end <= len(text):
        return '<span class="muted">no text</span>'
    date_start, date_end = entry.get("date_start"), entry.get("date_end")
    if not (_is_offset(date_start) and _is_offset(date_end)
            and start <= date_start <= date_end <= end):
        date_start = date_end = None
    low, high = start, end
    if high - low > _STATEMENT_LIMIT:
        centre = date_start if date_start is not None else low
        low = max(start, centre - _STATEMENT_LIMIT // 2)
        high = min(end, low + _STATEMENT_LIMIT)
        low = max(start, high - _STATEMENT_LIMIT)
        # cut between words, never inside the date
        if low > start:
            space = text.find(" ", low, date_start if date_start is not None else high)
            low = space + 1 if space >= 0 else low
        if high < end:
            space = text.rfind(" ", date_end if date_end is not None else low, high)
            high = space if space > low else high
    head = "… " if low > start else ""
    tail = " …" if high < end else ""
    if date_start is None or date_start < low or date_end > high:
        return head + _esc(text[low:high]) + tail
    return (head + _esc(text[low:date_start]) + '<mark class="date">'
            + _esc(text[date_start:date_end]) + "</mark>" + _esc(text[date_end:high]) + tail)


def _finding_item(index: _Index, number: int) -> str:
    finding = index.findings[number]
    severity = _severity(finding.get("severity"))
    anchor = f"finding-{number}"
    where = [_badge(finding.get("severity")), _article_link(index, finding.get("article_id"))]
    line = finding.get("line")
    line_text = f"line {_esc(line)}" if line is not None else "in text"
    if anchor in index.highlighted:
        where.append(f'<a href="#{anchor}">{line_text}</a>')
    else:
        if line is not None:
            where.append(line_text)
        where.append('<span class="muted">(not highlighted: no usable offsets)</span>')
    if _text(finding.get("article_id")) not in index.article_anchor and finding.get("path"):
        where.append(f'<code class="path">{_esc(finding.get("path"))}</code>')
    passages = [_passage("Flagged", finding.get("excerpt"))]
    for position, related in enumerate(_related(finding)):
        related_anchor = f"related-{number}-{position}"
        label = "Related: " + _article_link(index, related.get("article_id"))
        if related_anchor in index.highlighted:
            label += f' · <a href="#{related_anchor}">in text</a>'
        passages.append(_passage(label, related.get("excerpt"), css="related"))
    fingerprint = finding.get("fingerprint")
    return (
        f'<li class="finding sev-{severity}" id="item-{number}">'
        f'<p class="where">{" ".join(where)}</p>'
        f'<p class="message">{_esc(finding.get("message"))}</p>'
        f'<div class="passages">{"".join(passages)}</div>'
        + (f'<p class="fingerprint">fingerprint <code>{_esc(fingerprint)}</code></p>'
           if fingerprint else "")
        + "</li>"
    )


def _passage(label: str, excerpt, css: str = "flagged") -> str:
    """One excerpt with its (already escaped) label; excerpts sit side by side."""
    return (
        f'<figure class="passage {css}"><figcaption>{label}</figcaption>'
        f"<blockquote>{_esc(excerpt)}</blockquote></figure>"
    )


def _article_link(index: _Index, article_id) -> str:
    if article_id is None:
        return '<span class="muted">corpus-wide</span>'
    anchor = index.article_anchor.get(_text(article_id))
    title = _esc(index.article_title(article_id))
    return f'<a href="#{anchor}">{title}</a>' if anchor else title


def _articles(index: _Index) -> str:
    parts = []
    highlighted_once: set[str] = set()
    for number, article in enumerate(index.articles):
        article_id = _text(article.get("article_id"))
        # Element ids must stay unique, so only the first article with an id gets the marks.
        first = article_id not in highlighted_once
        highlighted_once.add(article_id)
        parts.append(_article(index, number, article, first))
    return (
        f'<section id="articles"><h2>Articles ({len(index.articles)})</h2>'
        + ("".join(parts) or '<p class="muted">No articles.</p>')
        + "</section>"
    )


def _article(index: _Index, number: int, article: Mapping, first: bool) -> str:
    article_id = _text(article.get("article_id"))
    status = _text(article.get("status")) or "unknown"
    meta = "".join(
        f"<dt>{label}</dt><dd>{_esc(article.get(key))}</dd>"
        for label, key in (("Path", "path"), ("Published", "published"),
                           ("Language", "language"), ("Article id", "article_id"))
        if article.get(key) not in (None, "")
    )
    reason = article.get("reason")
    numbers = index.findings_by_article.get(article_id, []) if first else []
    items = "".join(_article_finding(index, n) for n in numbers)
    text = index.texts.get(article_id)
    spans = index.spans_by_article.get(article_id, []) if first else []
    lang = f' lang="{_esc(article.get("language"))}"' if article.get("language") else ""
    if not isinstance(text, str):
        body = '<p class="muted">No text available.</p>'
    elif spans:
        body = f'<div class="text"{lang}>{_highlight(text, spans)}</div>'
    else:
        # Text without highlights is kept out of the way: large corpora stay scannable.
        state = " open" if numbers else ""
        body = (
            f"<details{state}><summary>Text ({len(text)} characters)</summary>"
            f'<div class="text"{lang}>{_esc(text)}</div></details>'
        )
    return (
        f'<article class="article status-{_css_word(status)}" id="article-{number}">'
        f"<h3>{_esc(_article_title(article))} {_status_badge(status)}</h3>"
        f'<dl class="meta">{meta}</dl>'
        + (f'<p class="reason">{_esc(reason)}</p>' if reason else "")
        + (f'<ul class="article-findings">{items}</ul>' if items else "")
        + body
        + "</article>"
    )


def _article_finding(index: _Index, number: int) -> str:
    finding = index.findings[number]
    severity = _severity(finding.get("severity"))
    code = _text(finding.get("code"))
    anchor = f"finding-{number}"
    jump = (
        f'<a href="#{anchor}">in text</a>' if anchor in index.highlighted
        else '<span class="muted">not highlighted: no usable offsets</span>'
    )
    return (
        f'<li class="finding sev-{severity}">{_badge(finding.get("severity"))} '
        f'<a href="#{index.check_anchor[code]}"><code>{_esc(code)}</code></a> '
        f'{_esc(finding.get("message"))} · {jump} · <a href="#item-{number}">details</a></li>'
    )


def _badge(severity) -> str:
    if not severity:
        return ""
    return f'<span class="badge sev-{_severity(severity)}">{_esc(severity)}</span>'


def _status_badge(status: str) -> str:
    return f'<span class="badge status-{_css_word(status)}">{_esc(status)}</span>'


def _css_word(value: str) -> str:
    return _NOT_SLUG.sub("-", value) or "unknown"


# -- highlighting -------------------------------------------------------------------------------


def _highlight(text: str, spans: Sequence[_Span]) -> str:
    """The escaped text with every span marked, overlapping spans included.

    The text is cut at every span boundary; each piece becomes one ``<mark>`` carrying the
    classes and tooltips of all spans covering it, so marks never nest or cross. A span's id
    sits on the first piece it covers, and a related span ends with a link back to its finding.
    """
    opening: dict[int, list[_Span]] = defaultdict(list)
    closing: dict[int, list[_Span]] = defaultdict(list)
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        opening[span.start].append(span)
        closing[span.end].append(span)
    bounds = sorted({0, len(text), *opening, *closing})
    active: dict[str, _Span] = {}  # insertion-ordered: outer spans first
    out: list[str] = []
    for here, there in zip(bounds, bounds[1:] + [None], strict=True):
        for span in closing.get(here, ()):
            del active[span.anchor]
            if span.backref:
                out.append(
                    f'<a class="backref" href="{span.backref}" title="{_esc(span.label)}" '
                    f'aria-label="back to finding">↩</a>'
                )
        if there is None:
            break
        starting = opening.get(here, [])
        for span in starting:
            active[span.anchor] = span
        piece = _esc(text[here:there])
        if not active:
            out.append(piece)
            continue
        for span in starting[1:]:
            out.append(f'<span class="anchor" id="{span.anchor}"></span>')
        ident = f' id="{starting[0].anchor}"' if starting else ""
        out.append(f'<mark{ident} class="{_mark_classes(active)}" '
                   f'title="{_esc(chr(10).join(s.label for s in active.values()))}">'
                   f"{piece}</mark>")
    return "".join(out)


def _mark_classes(active: Mapping[str, _Span]) -> str:
    classes = list(dict.fromkeys(span.css for span in active.values()))
    top = max(active.values(), key=lambda span: span.rank)
    classes.append("top-rel" if top.rank < 0 else f"top-{top.css[2:]}")
    if len(active) > 1:
        classes.append("multi")
    return " ".join(classes)


_PAGE_START = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Audit report</title>
<style>
:root { color-scheme: light; --error: #b42318; --error-bg: #fde2e0; --warning: #9a5b00;
  --warning-bg: #ffe9b0; --info: #1d5fbf; --info-bg: #dce9fb; --rel-bg: #eeeaf8;
  --line: #d9dce1; --muted: #5f6670; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto,
  "Helvetica Neue", Arial, sans-serif; color: #1f2328; background: #fafbfc;
  display: grid; grid-template-columns: 17rem minmax(0, 1fr); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: .88em; }
a { color: #0b57d0; }
.toggle { position: absolute; opacity: 0; pointer-events: none; }
nav.contents { position: sticky; top: 0; height: 100vh; overflow: auto; padding: 1rem;
  border-right: 1px solid var(--line); background: #fff; font-size: .9rem; }
nav ul { list-style: none; padding-left: .8rem; margin: .2rem 0; }
nav > ul { padding-left: 0; }
nav small { color: var(--muted); }
.nav-title { font-weight: 700; font-size: 1.1rem; margin-top: 0; }
.chip { display: inline-block; margin: .15rem .1rem; padding: .05rem .5rem;
  border-radius: 1rem; border: 1px solid currentColor; cursor: pointer; opacity: .45;
  text-decoration: line-through; }
#show-error:checked ~ nav .chip.sev-error, #show-warning:checked ~ nav .chip.sev-warning,
#show-info:checked ~ nav .chip.sev-info { opacity: 1; text-decoration: none; }
#show-error:focus-visible ~ nav .chip.sev-error,
#show-warning:focus-visible ~ nav .chip.sev-warning,
#show-info:focus-visible ~ nav .chip.sev-info { outline: 2px solid #0b57d0; }
#show-error:not(:checked) ~ main li.finding.sev-error,
#show-warning:not(:checked) ~ main li.finding.sev-warning,
#show-info:not(:checked) ~ main li.finding.sev-info { display: none; }
#show-error:not(:checked) ~ main mark.top-error,
#show-warning:not(:checked) ~ main mark.top-warning,
#show-info:not(:checked) ~ main mark.top-info { background: none; border-bottom: 0; }
main { padding: 1rem 2rem 4rem; max-width: 62rem; }
h1 { margin-top: .3rem; }
h2 { margin-top: 2.5rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
section.check, article.article { background: #fff; border: 1px solid var(--line);
  border-radius: 8px; padding: .2rem 1.2rem 1rem; margin: 1rem 0; }
[id] { scroll-margin-top: 1rem; }
.cards { display: flex; flex-wrap: wrap; gap: .6rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: .5rem .9rem; min-width: 8rem; display: flex; flex-direction: column; }
.card .number { font-size: 1.7rem; font-weight: 700; }
.card .note { color: var(--muted); font-size: .8rem; }
.card.sev-error .number { color: var(--error); }
.card.sev-warning .number { color: var(--warning); }
.card.sev-info .number { color: var(--info); }
table.checks { border-collapse: collapse; width: 100%; background: #fff; }
table.checks th, table.checks td { text-align: left; padding: .3rem .6rem;
  border-bottom: 1px solid var(--line); }
.num { text-align: right !important; }
.badge { display: inline-block; font-size: .72rem; font-weight: 600; padding: 0 .45rem;
  border-radius: .6rem; vertical-align: middle; text-transform: uppercase;
  background: #eceff3; color: #333; }
.badge.sev-error { background: var(--error-bg); color: var(--error); }
.badge.sev-warning { background: var(--warning-bg); color: var(--warning); }
.badge.sev-info { background: var(--info-bg); color: var(--info); }
.badge.status-failed { background: var(--error-bg); color: var(--error); }
.badge.status-skipped { background: var(--warning-bg); color: var(--warning); }
.badge.status-passed { background: #e3f4e8; color: #1e6b35; }
.chip.sev-error { color: var(--error); }
.chip.sev-warning { color: var(--warning); }
.chip.sev-info { color: var(--info); }
.muted, .fingerprint { color: var(--muted); }
.fingerprint { font-size: .8rem; margin: .2rem 0 0; }
.explain dt { font-weight: 600; }
.explain dd { margin: 0 0 .5rem; }
.examples pre, .text, blockquote { white-space: pre-wrap; overflow-wrap: anywhere; }
.examples pre { background: #f5f6f8; padding: .5rem; border-radius: 6px; }
ol.findings { padding-left: 1.4rem; }
li.finding { margin: .8rem 0; }
li.finding.sev-error { border-left: 3px solid var(--error); padding-left: .6rem; }
li.finding.sev-warning { border-left: 3px solid var(--warning); padding-left: .6rem; }
li.finding.sev-info { border-left: 3px solid var(--info); padding-left: .6rem; }
.where, .message { margin: .2rem 0; }
.message { font-weight: 500; }
.passages { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
  gap: .6rem; }
figure.passage { margin: 0; }
figure.passage figcaption { font-size: .8rem; color: var(--muted); }
blockquote { margin: .2rem 0; padding: .4rem .7rem; background: #f5f6f8;
  border-left: 3px solid var(--line); }
.related blockquote { background: var(--rel-bg); }
.problems .reason, article .reason { margin: .2rem 0; color: var(--error); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem;
  font-size: .88rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
ul.article-findings { padding-left: 1rem; }
.text { font-family: Georgia, "Times New Roman", serif; font-size: 1.05rem;
  line-height: 1.7; padding: .5rem 0; }
mark { color: inherit; border-radius: 2px; padding: 0 1px; }
mark.date { background: none; border-bottom: 2px solid var(--muted); }
table.timeline td.when { white-space: nowrap; font-variant-numeric: tabular-nums; }
table.timeline tr.month th { background: #f3f4f6; }
table.timeline tr.flagged td { background: var(--warning-bg); }
mark.rel { background: var(--rel-bg); border-bottom: 2px dotted #7a62c9; }
mark.f-info { background: var(--info-bg); border-bottom: 2px solid var(--info); }
mark.f-warning { background: var(--warning-bg); border-bottom: 2px solid var(--warning); }
mark.f-error { background: var(--error-bg); border-bottom: 2px solid var(--error); }
mark.multi { border-bottom-style: double; border-bottom-width: 4px; }
mark:target, .anchor:target + mark, li:target, section:target, article:target {
  outline: 3px solid #0b57d0; outline-offset: 2px; }
a.backref { font-size: .7em; vertical-align: super; text-decoration: none;
  font-family: system-ui, sans-serif; }
@media (max-width: 50rem) {
  body { display: block; }
  nav.contents { position: static; height: auto; border-right: 0;
    border-bottom: 1px solid var(--line); }
  main { padding: 1rem; }
}
@media print { nav.contents { display: none; } body { display: block; } }
</style>
</head>
<body>
"""
