"""The HTML report: what an editor opens, from five articles to tens of thousands.

``index.html`` is the entry point: a summary, the checks that ran, the inputs and checks
that failed, the findings and the articles as tables one can search, filter (check, family,
severity, article, outlet, language) and sort, worst articles first, the suppressed findings
apart, what each check does, and a timeline of the dated assertions centred on the period
the corpus reports on. Each article has a view: its metadata, its findings (a finding with
related spans shows both sentences side by side) and its text with every finding marked.

A small corpus gives one self-contained page with the article views inside. A large one
(more than :data:`SPLIT_ARTICLES` articles or :data:`SPLIT_CHARACTERS` characters of text)
is split: the index page, ``articles/<number>.html`` for each article, and ``report.css``
beside them, so the index opens quickly whatever the corpus size. Nothing is loaded from
outside the report folder in either form.

Everything taken from the findings document, the check descriptions or the articles is
untrusted: the server-written parts go through :func:`~audit.report.html_model.esc`, the
tables' data is a JSON block with ``<``, ``>`` and ``&`` escaped, written into the page by
the script with ``textContent`` only, and a Content-Security-Policy lets no script run but
the report's own (by hash).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib.resources import files
from itertools import islice
from pathlib import Path

from audit import collector
from audit.findings import SEVERITIES, severity_rank
from audit.report.html_article import (
    article_page,
    article_view,
    page_start,
    severity_badge,
    status_badge,
)
from audit.report.html_model import (
    Report,
    esc,
    family_of,
    is_offset,
    related_spans,
    severity_of,
    shorten,
    text_of,
)
from audit.report.texts import ArticleTexts
from audit.report.timeline import REMOTE_YEARS, closest, near_and_remote

#: A corpus with more articles than this, or more characters of text, gets a split report.
SPLIT_ARTICLES = 200
SPLIT_CHARACTERS = 1_000_000
#: Each part of the timeline lists at most this many dated assertions; the rest are counted.
TIMELINE_LIMIT = 1000
#: In the tables, excerpts and messages are cut to this many characters (the article view
#: and findings.json have them whole).
_EXCERPT_LIMIT = 160
_MESSAGE_LIMIT = 300
#: A statement longer than this is cut around its date in the timeline.
_STATEMENT_LIMIT = 300
_NOBODY = '<span class="muted">—</span>'
#: Pages written between two returns of the memory they left free to the system.
_GIVE_BACK_EVERY = 1000
_STYLESHEET = "report.css"


def _asset(name: str) -> str:
    return files("audit.report").joinpath("assets", name).read_text(encoding="utf-8")


def write_report(directory: Path, document: Mapping, tables, checks: Sequence[Mapping]) -> Path:
    """Write the HTML report of an audit into ``directory``; returns its entry point.

    ``document`` is the findings document, ``tables`` the :class:`audit.tables.Tables` it was
    audited from, ``checks`` the description of each check that ran. The entry point is
    ``directory / "index.html"``; a large corpus also gets ``articles/<number>.html`` and
    ``report.css`` (see the module's docstring).
    """
    from audit.engine.spill import columns_of
    from audit.report.timeline import dated_assertions

    articles = tables.articles
    texts = ArticleTexts(articles)
    columns = [c for c in ("source", "url", "author", "published_precision", "warnings")
               if c in articles.columns]
    metadata = {
        row[0]: {c: _plain(v) for c, v in zip(columns, row[1:], strict=True)}
        for row in articles[["article_id", *columns]].itertuples(index=False)
    }
    sentences = SentenceBounds(columns_of(tables, "sentences", ("article_id", "start", "end")))
    split = len(articles) > SPLIT_ARTICLES or texts.characters() > SPLIT_CHARACTERS
    directory = Path(directory)
    if split:
        (directory / "articles").mkdir(parents=True, exist_ok=True)
    timeline = dated_assertions(tables)
    # what reading the tables back left free goes back to the system before the pages are
    # made (at 10kGNAD x4, 13 MB of 18 MB the timeline's columns took)
    collector.give_back()
    for number, (name, pieces) in enumerate(_pages(
            document, texts, checks, timeline, metadata=metadata, sentences=sentences,
            split=split)):
        with (directory / name).open("w", encoding="utf-8") as page:
            for piece in pieces:  # (the index page of a large corpus is never one string)
                page.write(piece)
        if number % _GIVE_BACK_EVERY == 0:  # (the index page first, then every so many)
            collector.give_back()
    return directory / "index.html"


class SentenceBounds(Mapping):
    """Each article's sentence bounds, ``[(start, end), ...]`` in order, by article id: kept
    as two arrays for the whole corpus, a list made only for the article asked for (a list
    of tuples of every sentence was 120 bytes a sentence, 44 MB for 10kGNAD x16)."""

    def __init__(self, bounds):
        import numpy as np
        import pandas as pd

        codes, ids = pd.factorize(bounds.article_id)  # (no id: code -1, left out)
        order = np.argsort(codes, kind="stable")[(codes < 0).sum():]  # (by article)
        self._starts = bounds.start.to_numpy(dtype=np.int64)[order]
        self._ends = bounds.end.to_numpy(dtype=np.int64)[order]
        counts = np.bincount(codes[codes >= 0], minlength=len(ids))
        firsts = np.concatenate(([0], np.cumsum(counts)[:-1])) if len(ids) else counts
        self._ranges = dict(zip(ids.tolist(), zip(firsts.tolist(), counts.tolist(),
                                                   strict=True), strict=True))

    def __getitem__(self, article_id: str) -> list[tuple[int, int]]:
        first, count = self._ranges[article_id]
        return list(zip(self._starts[first:first + count].tolist(),
                        self._ends[first:first + count].tolist(), strict=True))

    def __iter__(self) -> Iterator[str]:
        return iter(self._ranges)

    def __len__(self) -> int:
        return len(self._ranges)


def render_html(document: Mapping, texts: Mapping[str, str], checks: Sequence[Mapping],
                timeline: Sequence[Mapping] = ()) -> str:
    """The report as one self-contained page, article views inside.

    ``texts`` maps each article id to the text the findings' offsets refer to; ``checks``
    describes each check that ran (``code``, ``severity``, ``title``, ``what``, ``why``,
    ``flagged``, ``clean``); ``timeline`` lists the dated assertions as
    :func:`audit.report.timeline.dated_assertions` gives them. Spans whose offsets are
    missing or fall outside the text are listed but not highlighted.
    """
    return render_pages(document, texts, checks, timeline)["index.html"]


def render_pages(document: Mapping, texts: Mapping[str, str], checks: Sequence[Mapping],
                 timeline: Sequence[Mapping] = (), *,
                 metadata: Mapping[str, Mapping] | None = None,
                 sentences: Mapping[str, Sequence[tuple[int, int]]] | None = None,
                 split: bool = False) -> dict[str, str]:
    """Every page of the report by its path in the report folder, ``index.html`` first.

    As :func:`render_html`; ``metadata`` adds fields to each article by id (``source``,
    ``url``, ``author``, ``published_precision``, ``warnings``), ``sentences`` gives each
    article's sentence bounds for the side-by-side view, and ``split`` puts each article
    view on a page of its own.
    """
    return dict(iter_pages(document, texts, checks, timeline, metadata=metadata,
                           sentences=sentences, split=split))


def iter_pages(document: Mapping, texts: Mapping[str, str], checks: Sequence[Mapping],
               timeline: Sequence[Mapping] = (), *,
               metadata: Mapping[str, Mapping] | None = None,
               sentences: Mapping[str, Sequence[tuple[int, int]]] | None = None,
               split: bool = False) -> Iterator[tuple[str, str]]:
    """:func:`render_pages` one page at a time, as (path, page): a large corpus's article
    pages are written as they are made, never all held at once."""
    for name, pieces in _pages(document, texts, checks, timeline, metadata=metadata,
                               sentences=sentences, split=split):
        yield name, "".join(pieces)


def _pages(document: Mapping, texts: Mapping[str, str], checks: Sequence[Mapping],
           timeline: Sequence[Mapping] = (), *,
           metadata: Mapping[str, Mapping] | None = None,
           sentences: Mapping[str, Sequence[tuple[int, int]]] | None = None,
           split: bool = False) -> Iterator[tuple[str, Iterable[str]]]:
    """:func:`iter_pages` with each page in pieces, made as they are written: the index
    page of 10kGNAD x16 is 10 MB, its data block 9 MB, held as one string, its copies
    escaped and joined about 120 MB."""
    report = Report.build(document, texts, checks, metadata, sentences, split=split)
    yield "index.html", _index_pieces(report, timeline)
    if split:
        yield _STYLESHEET, (_asset("report.css"),)
        for number in range(len(report.articles)):
            yield f"articles/{number}.html", (
                article_page(report, number, f"../{_STYLESHEET}"),)


def _plain(value):
    """A table cell as the report reads it: arrays become lists, NaN nothing."""
    if hasattr(value, "tolist"):
        return value.tolist()
    return None if isinstance(value, float) and value != value else value


# -- the index page -----------------------------------------------------------------------------


def _index_pieces(report: Report, timeline: Sequence[Mapping]) -> Iterator[str]:
    """The index page, a part at a time (the parts in the order they were always made)."""
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    published = {text_of(a.get("article_id")): a.get("published") for a in report.articles}
    near, remote, period = near_and_remote(timeline, published)
    suppressed = report.suppressed
    yield (page_start("Audit report", css=_asset("report.css"), script_hash=f"sha256-{digest}")
           + '<body class="index">')
    yield _contents(report, suppressed, len(timeline))
    yield "<main>"
    yield _summary(report, suppressed)
    yield _errors(report)
    yield _expectations(report)
    yield _explorer(report, suppressed)
    yield _articles(report)
    yield _check_descriptions(report)
    yield _timeline(report, near, remote, period, any(published.values()))
    yield "</main>"
    yield '<script type="application/json" id="report-data">'
    yield from _data(report)
    yield "</script>"
    yield f"<script>{script}</script>"
    yield "</body>\n</html>\n"


#: Rows of the data block's tables written as one piece.
_ROWS_A_PIECE = 1000


def _json(value) -> str:
    """``value`` as JSON that cannot close the script element it stands in."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _data(report: Report) -> Iterator[str]:
    """The tables' rows as JSON that cannot close the script element it stands in, in
    pieces: the articles' and the findings' rows a thousand at a time (the same text as
    the whole payload given to ``json.dumps`` at once)."""
    outlets = sorted({text_of(a.get("source")) for a in report.articles} - {""})
    languages = sorted({text_of(a.get("language")) for a in report.articles} - {""})
    outlet_number = {o: i for i, o in enumerate(outlets)}
    language_number = {lang: i for i, lang in enumerate(languages)}
    codes = list(report.checks)
    check_number = {code: i for i, code in enumerate(codes)}
    articles = (
        [report.short_title(n), outlet_number.get(text_of(a.get("source")), -1),
         language_number.get(text_of(a.get("language")), -1), text_of(a.get("published")),
         text_of(a.get("status")), report.href(n), text_of(a.get("article_id")),
         text_of(a.get("path"))]
        for n, a in enumerate(report.articles)
    )
    messages: dict[str, int] = {}  # many findings of a check share their message
    for finding in report.findings:  # (numbered first: the list of messages comes first)
        messages.setdefault(shorten(text_of(finding.get("message")), _MESSAGE_LIMIT),
                            len(messages))

    def row(n: int, finding: Mapping) -> list:
        number = report.article_of(finding.get("article_id"))
        anchor = f"finding-{n}"
        return [
            -1 if number is None else number,
            check_number[text_of(finding.get("code"))],
            severity_rank(severity_of(finding.get("severity"))),
            finding.get("line") if is_offset(finding.get("line")) else None,
            shorten(text_of(finding.get("excerpt")), _EXCERPT_LIMIT),
            messages[shorten(text_of(finding.get("message")), _MESSAGE_LIMIT)],
            report.href(number, anchor) if anchor in report.highlighted else "",
            text_of(finding.get("suppressed")),
            report.href(number, f"item-{n}")
            if number is not None and related_spans(finding) else "",
        ]

    # (rows made as they are written, as the articles' are: a list of every finding's row
    # was about 20 MB at 10kGNAD x16)
    findings = (row(n, finding) for n, finding in enumerate(report.findings))
    payload = {
        "checks": [[code, family_of(code), text_of(report.checks[code].get("title")),
                    report.check_anchor[code]] for code in codes],
        "outlets": outlets, "languages": languages, "articles": articles,
        "messages": list(messages), "findings": findings, "order": report.worst_first,
    }
    separator = "{"
    for name, value in payload.items():
        if name not in ("articles", "findings"):
            yield f"{separator}{_json(name)}:{_json(value)}"
        else:  # (a list of rows: "[row,row,…]")
            yield f"{separator}{_json(name)}:["
            rows = iter(value)
            first = True
            # (a piece's rows as one JSON list, its brackets cut off: the same text as
            # each row's joined by commas, in one call instead of one a row)
            while piece := list(islice(rows, _ROWS_A_PIECE)):
                yield ("" if first else ",") + _json(piece)[1:-1]
                first = False
            yield "]"
        separator = ","
    yield "}"


def _contents(report: Report, suppressed: int, dated: int) -> str:
    entries = [("summary", "Summary")]
    if _has_errors(report):
        entries.append(("errors", "Errors"))
    if report.expectations:
        entries.append(("expectations", "Expectations"))
    entries.append(("findings", f"Findings ({len(report.findings) - suppressed})"))
    if suppressed:
        entries.append(("suppressed", f"Suppressed findings ({suppressed})"))
    entries += [("articles", f"Articles ({len(report.articles)})"), ("checks", "Checks")]
    if dated:
        entries.append(("timeline", f"Timeline ({dated})"))
    items = "".join(f'<li><a href="#{anchor}">{label}</a></li>' for anchor, label in entries)
    return ('<nav class="contents" aria-label="Contents"><p class="nav-title">Audit report</p>'
            f"<ul>{items}</ul></nav>")


def _summary(report: Report, suppressed: int) -> str:
    statuses = Counter(text_of(a.get("status")) or "unknown" for a in report.articles)
    by_status = " · ".join(f"{esc(status)} {n}" for status, n in sorted(statuses.items()))
    severities = report.active_by_severity
    cards = [
        _card("Articles", len(report.articles), by_status, "articles"),
        *(_card(f"{severity.capitalize()} findings", severities[severity],
                "by their severity", f"sev-{severity}")
          for severity in reversed(SEVERITIES)),
        _card("Errors", len(report.errors), "inputs or checks that failed", "errors"),
    ]
    if suppressed:
        cards.append(_card("Suppressed", suppressed, "accepted by a baseline or waiver",
                           "suppressed"))
    by_code = report.active_by_code
    rows = "".join(
        "<tr>"
        f'<td><a href="#{report.check_anchor[code]}"><code>{esc(code)}</code></a></td>'
        f"<td>{esc(check.get('title') or '(not described)')}</td>"
        f"<td>{severity_badge(check.get('severity'))}</td>"
        f'<td class="num">{by_code.get(code, 0)}</td>'
        "</tr>"
        for code, check in report.checks.items()
    )
    table = (
        '<table class="checks"><thead><tr><th>Code</th><th>Check</th><th>Severity</th>'
        f'<th class="num">Findings</th></tr></thead><tbody>{rows}</tbody></table>'
        if rows else '<p class="muted">No checks ran.</p>'
    )
    return ('<header id="summary"><h1>Audit report</h1>'
            f'<div class="cards">{"".join(cards)}</div>'
            f"<h2>Checks that ran</h2>{table}</header>")


def _card(label: str, number: int, note: str, css: str) -> str:
    return (f'<div class="card {css}"><span class="number">{number}</span>'
            f'<span class="label">{label}</span><span class="note">{note}</span></div>')


def _has_errors(report: Report) -> bool:
    return bool(report.errors) or any(
        a.get("status") in ("skipped", "failed") for a in report.articles)


def _errors(report: Report) -> str:
    if not _has_errors(report):
        return ""
    items = []
    for number, article in enumerate(report.articles):
        status = text_of(article.get("status"))
        if status not in ("skipped", "failed"):
            continue
        items.append(
            f'<li class="problem status-{status}">{status_badge(status)} '
            f'<a href="{report.href(number)}">{esc(report.short_title(number))}</a> '
            f'<code class="path">{esc(article.get("path"))}</code>'
            f'<p class="reason">{esc(article.get("reason") or "no reason given")}</p></li>'
        )
    for error in report.errors:
        code = error.get("check")
        if code is None:
            where = '<span class="badge status-failed">input</span>'
        elif text_of(code) in report.check_anchor:
            where = (f'<span class="badge status-failed">check</span> '
                     f'<a href="#{report.check_anchor[text_of(code)]}"><code>{esc(code)}</code>'
                     "</a>")
        else:
            where = f'<span class="badge status-failed">check</span> <code>{esc(code)}</code>'
        items.append(
            f'<li class="problem">{where} <code class="path">{esc(error.get("path"))}</code>'
            f'<p class="reason">{esc(error.get("message"))}</p></li>'
        )
    return ('<section id="errors"><h2>Errors</h2>'
            "<p>Inputs that were skipped or could not be read, and checks that raised. "
            "What they concern was not audited completely.</p>"
            f'<ul class="problems">{"".join(items)}</ul></section>')


def _expectations(report: Report) -> str:
    """The result of every Great Expectations expectation, passed or failed."""
    results = report.expectations
    if not results:
        return ""
    rows = []
    for result in results:
        code = text_of(result.get("code"))
        anchor = report.check_anchor.get(code)
        check = (f'<a href="#{anchor}"><code>{esc(code)}</code></a>' if anchor
                 else f"<code>{esc(code)}</code>")
        status = ('<span class="badge status-passed">passed</span>' if result.get("success")
                  else '<span class="badge status-failed">failed</span>')
        unexpected = result.get("unexpected_count")
        counted = "" if unexpected is None else (
            f"{esc(unexpected)} of {esc(result.get('element_count'))}"
            + (f" ({esc(result.get('unexpected_percent'))} %)"
               if result.get("unexpected_percent") is not None else ""))
        observed = result.get("observed_value")
        if observed is not None and not counted:
            counted = f"observed {esc(observed)}"
        articles = ", ".join(_article_link(report, a) for a in result.get("articles") or ())
        rows.append(
            f"<tr><td>{check}</td><td><code>{esc(result.get('table'))}</code></td>"
            f"<td><code>{esc(result.get('expectation'))}</code></td><td>{status}</td>"
            f'<td class="num">{counted}</td><td>{articles}</td></tr>'
        )
    failed = sum(not r.get("success") for r in results)
    return (
        '<section id="expectations"><h2>Expectations</h2>'
        f"<p>{len(results)} expectations of the Great Expectations suites in checks/, "
        f"{failed} failed. Each row a failed expectation rejects is a finding of its check. "
        'Great Expectations\' own view: <a href="gx/index.html">Data Docs</a> (written beside '
        "this report; they load their styles from the web).</p>"
        '<table class="checks"><thead><tr><th>Check</th><th>Table</th><th>Expectation</th>'
        '<th>Result</th><th class="num">Unexpected</th><th>Articles</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _options(pairs: Sequence[tuple[str, str]], everything: str) -> str:
    return f'<option value="">{everything}</option>' + "".join(
        f'<option value="{esc(value)}">{esc(label)}</option>' for value, label in pairs)


def _explorer(report: Report, suppressed: int) -> str:
    """The filters and the findings tables the script fills in."""
    codes = list(report.checks)
    families = sorted({family_of(code) for code in codes})
    outlets = sorted({text_of(a.get("source")) for a in report.articles} - {""})
    languages = sorted({text_of(a.get("language")) for a in report.articles} - {""})
    checks = [(str(i), f"{code} {text_of(report.checks[code].get('title'))}".strip())
              for i, code in enumerate(codes)]
    severities = [(str(severity_rank(s)), s) for s in reversed(SEVERITIES)]
    form = (
        '<form class="filters" id="filters" role="search" aria-label="Filter the findings">'
        '<label>Search<input type="search" id="filter-search" '
        'placeholder="words, code, article"></label>'
        f'<label>Check<select id="filter-check">{_options(checks, "all checks")}</select></label>'
        '<label>Family<select id="filter-family">'
        f'{_options([(f, f) for f in families], "all families")}</select></label>'
        '<label>Severity<select id="filter-severity">'
        f'{_options(severities, "all severities")}</select></label>'
        '<label>Article<input type="search" id="filter-article" '
        'placeholder="title, id or path"></label>'
        '<label>Outlet<select id="filter-outlet">'
        f'{_options([(str(i), o) for i, o in enumerate(outlets)], "all outlets")}</select></label>'
        '<label>Language<select id="filter-language">'
        f'{_options([(str(i), lang) for i, lang in enumerate(languages)], "all languages")}'
        "</select></label>"
        '<label class="inline"><input type="checkbox" id="filter-related"> with another side'
        "</label></form>"
    )
    section = (
        '<section id="findings"><h2>Findings</h2>'
        "<p class=\"muted\">Most severe first, then the worst articles first. Click a column "
        "heading to sort by it; a passage opens its article with the passage marked.</p>"
        + form
        + '<noscript><p class="muted">These tables need JavaScript. Every finding is in '
        "findings.json beside this page"
        + ("" if report.split else ", and in the article views below")
        + ".</p></noscript>"
        + _finding_table("findings-table")
        + "</section>"
    )
    if suppressed:
        section += (
            '<section id="suppressed"><h2>Suppressed findings</h2>'
            '<p class="muted">Known findings a baseline or waiver accepts: they do not fail '
            "the audit and are not counted above. The filters apply to them too.</p>"
            + _finding_table("suppressed-table") + "</section>"
        )
    return section


def _sortable(*headings: str, numeric: Sequence[int] = ()) -> str:
    return "".join(
        f'<th{" class=num" if i in numeric else ""} scope="col"><button type="button">'
        f"{heading}</button></th>" for i, heading in enumerate(headings))


def _finding_table(table_id: str) -> str:
    head = _sortable("Severity", "Check", "Article", "Outlet", "Language", "Line", "Passage",
                     "Message", numeric=(5,))
    return (f'<p class="status-line" id="{table_id}-status" aria-live="polite"></p>'
            f'<table class="explorer" id="{table_id}"><thead><tr>{head}</tr></thead>'
            "<tbody></tbody></table>"
            f'<button type="button" class="more" id="{table_id}-more" hidden>Show more'
            "</button>")


def _articles(report: Report) -> str:
    head = _sortable("Article", "Outlet", "Language", "Published", "Status", "Errors",
                     "Warnings", "Info", numeric=(5, 6, 7))
    views = "" if report.split else "".join(
        article_view(report, number, here=None) for number in report.worst_first)
    return (
        f'<section id="articles"><h2>Articles ({len(report.articles)})</h2>'
        '<p class="muted">Worst first: by the number of errors, then warnings, then info '
        "findings (suppressed ones left out). The filters above apply.</p>"
        '<p class="status-line" id="articles-table-status" aria-live="polite"></p>'
        f'<table class="explorer" id="articles-table"><thead><tr>{head}</tr></thead>'
        "<tbody></tbody></table>"
        '<button type="button" class="more" id="articles-table-more" hidden>Show more'
        "</button>"
        + views + "</section>"
    )


def _check_descriptions(report: Report) -> str:
    by_code = report.active_by_code
    sections = []
    for i, (code, check) in enumerate(report.checks.items()):
        explain = "".join(
            f"<dt>{heading}</dt><dd>{esc(check.get(key))}</dd>"
            for heading, key in (("What it does", "what"), ("Why it matters", "why"))
            if check.get(key)) + _options_read(code, check.get("options"))
        examples = "".join(
            f'<div class="example {key}"><h4>{heading}</h4><pre>{esc(check.get(key))}</pre></div>'
            for heading, key in (("Flagged", "flagged"), ("Clean", "clean"))
            if check.get(key))
        count = by_code.get(code, 0)
        sections.append(
            f'<section class="check" id="{report.check_anchor[code]}">'
            f"<h3><code>{esc(code)}</code> {esc(check.get('title'))} "
            f"{severity_badge(check.get('severity'))}</h3>"
            + (f'<dl class="explain">{explain}</dl>' if explain else "")
            + (f'<details class="examples"><summary>Example</summary>{examples}</details>'
               if examples else "")
            + (f'<p><button type="button" data-check="{i}">Show its {count} findings</button></p>'
               if count else '<p class="muted">No findings.</p>')
            + "</section>"
        )
    return ('<section id="checks"><h2>Checks</h2>'
            + ("".join(sections) or '<p class="muted">No checks ran.</p>') + "</section>")


def _options_read(code: str, options) -> str:
    """The options a check reads, with their defaults, as ``audit explain`` lists them."""
    if not isinstance(options, Mapping) or not options:
        return ""
    items = "".join(
        f"<li><code>{esc(name)}</code> (default: "
        f"{'none' if default is None else f'<code>{esc(repr(default))}</code>'})</li>"
        for name, default in options.items())
    return (f"<dt>Options</dt><dd>set in <code>[tool.audit.options.{esc(code)}]</code>"
            f'<ul class="options">{items}</ul></dd>')


# -- the timeline -------------------------------------------------------------------------------


def _timeline(report: Report, near: Sequence[Mapping], remote: Sequence[Mapping],
              period: tuple[int, int] | None, published: bool) -> str:
    if not near and not remote:
        return ""
    total = len(near) + len(remote)
    around = (f"{period[0]}–{period[1]}" if period and period[0] != period[1]
              else str(period[0]) if period else "")
    parts = [
        f'<section id="timeline"><h2>Timeline ({total} dated assertions)</h2>'
        '<p class="muted">When each statement says its event happened: an explicit date, '
        "a date counted from the publication date or an earlier date (relative), the "
        "publication date itself, or the date of the sentence before (inherited).</p>",
        _timeline_table(report, near, (
            f"Around the publication period {around}" if around and published
            else f"Around {around}, the year most of the dates naming a day fall in (no "
                 "article has a publication date)" if around else ""), period),
    ]
    if remote:
        parts.append(
            f'<details id="timeline-remote"><summary>Dates more than {REMOTE_YEARS} years '
            f"away ({len(remote)}): history and background</summary>"
            + _timeline_table(report, remote, "") + "</details>")
    parts.append("</section>")
    return "".join(parts)


def _timeline_table(report: Report, entries: Sequence[Mapping], caption: str,
                    period: tuple[int, int] | None = None) -> str:
    """The entries as a table, one heading row per month; past :data:`TIMELINE_LIMIT`,
    those nearest ``period``."""
    rows = []
    month = None
    for entry in closest(entries, period, TIMELINE_LIMIT):
        earliest, latest = text_of(entry.get("earliest")), text_of(entry.get("latest"))
        if earliest[:7] != month:
            month = earliest[:7]
            rows.append(f'<tr class="month"><th colspan="6">{esc(month)}</th></tr>')
        article_id = text_of(entry.get("article_id"))
        flagged = _findings_within(report, article_id, entry.get("start"), entry.get("end"))
        number = report.article_of(article_id)
        links = " ".join(
            f'<a href="{report.href(number, f"item-{n}")}">'
            f'<code>{esc(report.codes[n])}</code></a>' for n in flagged)
        when = earliest if earliest == latest else f"{earliest} – {latest}"
        speaker = esc(entry.get("speaker")) if entry.get("speaker") else _NOBODY
        rows.append(
            ('<tr class="flagged">' if flagged else "<tr>")
            + f'<td class="when">{esc(when)}</td><td>{esc(entry.get("basis"))}</td>'
            f"<td>{_article_link(report, article_id)}</td>"
            f'<td class="statement">{_statement(report.texts.get(article_id), entry)}</td>'
            f"<td>{speaker}</td><td>{links}</td></tr>"
        )
    more = len(entries) - TIMELINE_LIMIT
    note = (f'<p class="muted">{more} more dated assertions, further from the period, are not '
            "listed; all of them are in the assertions table (<code>audit table PATH --table "
            "assertions</code>).</p>"
            if more > 0 else "")
    return (
        '<table class="checks timeline">'
        + (f"<caption>{esc(caption)}</caption>" if caption else "")
        + "<thead><tr><th>Date</th><th>Basis</th><th>Article</th><th>Statement</th>"
        f"<th>Speaker</th><th>Findings</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        + note
    )


def _findings_within(report: Report, article_id: str, start, end) -> list[int]:
    """The findings of an article whose span overlaps ``[start, end)``."""
    number = report.article_of(article_id)
    if number is None or not (is_offset(start) and is_offset(end)):
        return []
    return [n for n in report.by_article.get(number, []) if report.overlaps(n, start, end)]


def _statement(text, entry: Mapping) -> str:
    """The assertion's text, escaped, with its date marked and cut around the date."""
    start, end = entry.get("start"), entry.get("end")
    if not isinstance(text, str) or not (is_offset(start) and is_offset(end)) \
            or not 0 <= start <= end <= len(text):
        return '<span class="muted">no text</span>'
    date_start, date_end = entry.get("date_start"), entry.get("date_end")
    if not (is_offset(date_start) and is_offset(date_end)
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
        return head + esc(text[low:high]) + tail
    return (head + esc(text[low:date_start]) + '<mark class="date">'
            + esc(text[date_start:date_end]) + "</mark>" + esc(text[date_end:high]) + tail)


def _article_link(report: Report, article_id) -> str:
    if article_id is None:
        return '<span class="muted">corpus-wide</span>'
    number = report.article_of(article_id)
    if number is None:
        return esc(article_id)
    return f'<a href="{report.href(number)}">{esc(report.short_title(number))}</a>'
