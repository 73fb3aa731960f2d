"""The article view of the HTML report: the panel, the findings, the text with its marks.

One function writes the view wherever it stands: inside the index page of a small report,
or on its own page ``articles/<number>.html`` of a split one (``here`` is then the article's
number, and links to other articles and to the index are made relative to that page).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from audit.report.html_model import (
    PANEL_FIELDS,
    Highlight,
    Report,
    css_word,
    esc,
    related_spans,
    severity_of,
    text_of,
)

#: Only these URLs become links; anything else (``javascript:``, ``data:``) is shown as text.
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\"'<>`]+", re.IGNORECASE)
#: A side of a side-by-side longer than this is cut around its passage.
_SIDE_LIMIT = 800


def article_view(report: Report, number: int, *, here: int | None) -> str:
    """The ``<article>`` of article ``number``: panel, findings, highlighted text."""
    article = report.articles[number]
    article_id = text_of(article.get("article_id"))
    status = text_of(article.get("status")) or "unknown"
    numbers = report.by_article.get(number, [])
    active = [n for n in numbers if not report.is_suppressed(report.findings[n])]
    suppressed = [n for n in numbers if report.is_suppressed(report.findings[n])]
    text = report.texts.get(article_id)
    spans = report.spans_of(number)
    lang = f' lang="{esc(article.get("language"))}"' if article.get("language") else ""
    if not isinstance(text, str):
        body = '<p class="muted">No text available.</p>'
    else:
        body = (f'<h3>Text <small class="muted">({len(text)} characters)</small></h3>'
                f'<div class="text"{lang}>{highlight(report, text, spans, here)}</div>')
    reason = article.get("reason")
    return (
        f'<article class="article status-{css_word(status)}" id="article-{number}">'
        f'<h2 class="article-title">{esc(report.short_title(number))} '
        f"{status_badge(status)}</h2>"
        + panel(article)
        + (f'<p class="reason">{esc(reason)}</p>' if reason else "")
        + _finding_list(report, active, here, "Findings")
        + _finding_list(report, suppressed, here, "Suppressed findings",
                        "Known findings a baseline or waiver accepts: they do not fail the "
                        "audit.")
        + body
        + "</article>"
    )


def article_page(report: Report, number: int, style: str) -> str:
    """The page of one article in a split report (``style``: the stylesheet's href)."""
    return (
        page_start(f"{report.short_title(number)} · Audit report", style=style)
        + '<body class="article-page"><main>'
        + f'<p class="back"><a href="{report.index_href("articles", here=number)}">'
        "← Audit report</a></p>"
        + article_view(report, number, here=number)
        + "</main></body>\n</html>\n"
    )


def page_start(title: str, *, style: str | None = None, css: str = "",
               script_hash: str | None = None) -> str:
    """The head of a page: nothing is loaded from outside the report, scripts only by hash."""
    script = f"'{script_hash}'" if script_hash else "'none'"
    styles = "'unsafe-inline'" + (" 'self'" if style else "")
    policy = (f"default-src 'none'; style-src {styles}; script-src {script}; img-src 'none'; "
              "base-uri 'none'; form-action 'none'")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n"
        + (f'<link rel="stylesheet" href="{style}">\n' if style else "")
        + (f"<style>\n{css}</style>\n" if css else "")
        + "</head>\n"
    )


def panel(article: Mapping) -> str:
    """The article's metadata: outlet, URL, author, publication date and precision, …"""
    rows = []
    for label, key in PANEL_FIELDS:
        value = article.get(key)
        if text_of(value) == "":
            continue
        if key == "url":
            shown = url_link(value)
        elif key == "published" and article.get("published_precision"):
            shown = (f"{esc(value)} <small class=\"muted\">(precision: "
                     f"{esc(article.get('published_precision'))})</small>")
        elif key == "status":
            shown = status_badge(text_of(value))
        else:
            shown = esc(value)
        rows.append(f"<dt>{label}</dt><dd>{shown}</dd>")
    warnings = [w for w in article.get("warnings") or () if text_of(w)]
    if warnings:
        items = "".join(f"<li>{esc(w)}</li>" for w in warnings)
        rows.append(f'<dt>Ingest warnings</dt><dd><ul class="warnings">{items}</ul></dd>')
    return f'<dl class="meta">{"".join(rows)}</dl>'


def url_link(url) -> str:
    """A web URL as a link that sends no referrer; anything else as plain text."""
    value = text_of(url)
    if _WEB_URL.fullmatch(value):
        return (f'<a class="url" href="{esc(value)}" rel="noopener noreferrer nofollow">'
                f"{esc(value)}</a>")
    return f'<code class="url">{esc(value)}</code>'


def status_badge(status: str) -> str:
    return f'<span class="badge status-{css_word(status)}">{esc(status)}</span>'


def severity_badge(severity) -> str:
    if not severity:
        return ""
    return f'<span class="badge sev-{severity_of(severity)}">{esc(severity)}</span>'


def _finding_list(report: Report, numbers: Sequence[int], here: int | None, heading: str,
                  note: str = "") -> str:
    if not numbers:
        return ""
    items = "".join(_finding_item(report, n, here) for n in numbers)
    return (f'<h3>{heading} ({len(numbers)})</h3>'
            + (f'<p class="muted">{note}</p>' if note else "")
            + f'<ol class="article-findings">{items}</ol>')


def _finding_item(report: Report, index: int, here: int | None) -> str:
    finding = report.findings[index]
    code = text_of(finding.get("code"))
    anchor = f"finding-{index}"
    number = report.article_of(finding.get("article_id"))
    line = finding.get("line")
    where = f"line {esc(line)}" if line is not None else "in text"
    jump = (f'<a href="{report.href(number, anchor, here=here)}">{where}</a>'
            if anchor in report.highlighted
            else '<span class="muted">not highlighted: no usable offsets</span>')
    check = report.index_href(report.check_anchor[code], here=here)
    suppressed = finding.get("suppressed")
    return (
        f'<li class="finding sev-{severity_of(finding.get("severity"))}" id="item-{index}">'
        f"{severity_badge(finding.get('severity'))} "
        f'<a href="{check}"><code>{esc(code)}</code></a> {esc(finding.get("message"))} · {jump}'
        + (f' <span class="badge suppressed">suppressed: {esc(suppressed)}</span>'
           if suppressed else "")
        + (side_by_side(report, index, here) if related_spans(finding) else "")
        + "</li>"
    )


def side_by_side(report: Report, index: int, here: int | None) -> str:
    """The finding's sentence beside each related one, passages marked, with their articles."""
    finding = report.findings[index]
    sides = [_side(report, finding, f"finding-{index}", "flagged", here)]
    for number, related in enumerate(related_spans(finding)):
        sides.append(_side(report, related, f"related-{index}-{number}", "related", here))
    return f'<div class="side-by-side">{"".join(sides)}</div>'


def _side(report: Report, span: Mapping, anchor: str, css: str, here: int | None) -> str:
    number = report.article_of(span.get("article_id"))
    start, end = span.get("start"), span.get("end")
    if number is None:
        caption = f"<code>{esc(span.get('article_id'))}</code> (not in this report)"
        return (f'<figure class="side {css}"><figcaption>{caption}</figcaption>'
                f"<blockquote>{esc(span.get('excerpt'))}</blockquote></figure>")
    article = report.articles[number]
    facts = [f'<a class="side-title" href="{report.href(number, here=here)}">'
             f"{esc(report.short_title(number))}</a>"]
    for key in ("source", "published"):
        if text_of(article.get(key)):
            facts.append(f'<span class="{key}">{esc(article.get(key))}</span>')
    if text_of(article.get("url")):
        facts.append(url_link(article.get("url")))
    text = report.texts.get(text_of(article.get("article_id")))
    if anchor in report.highlighted and isinstance(text, str):
        sentence = report.sentence_around(article.get("article_id"), start, end)
        low, high = _around(*sentence, start, end)
        quote = (("… " if low > sentence[0] else "")
                 + esc(text[low:start]) + '<mark class="passage">' + esc(text[start:end])
                 + "</mark>" + esc(text[end:high]) + (" …" if high < sentence[1] else ""))
        facts.append(f'<a href="{report.href(number, anchor, here=here)}">in the text</a>')
    else:
        quote = esc(span.get("excerpt"))
    return (f'<figure class="side {css}"><figcaption>{" · ".join(facts)}</figcaption>'
            f"<blockquote>{quote}</blockquote></figure>")


def _around(low: int, high: int, start: int, end: int) -> tuple[int, int]:
    """The sentence bounds, cut to :data:`_SIDE_LIMIT` characters around the passage."""
    if high - low <= _SIDE_LIMIT:
        return low, high
    spare = max(0, _SIDE_LIMIT - (end - start)) // 2
    return max(low, start - spare), min(high, end + spare)


# -- highlighting -------------------------------------------------------------------------------


def highlight(report: Report, text: str, spans: Sequence[Highlight], here: int | None) -> str:
    """The escaped text with every span marked, overlapping spans included.

    The text is cut at every span boundary; each piece becomes one ``<mark>`` carrying the
    classes and tooltips of all spans covering it, so marks never nest or cross. A span's id
    sits on the first piece it covers; a span with another side (a finding with related
    spans, or a related span) ends with a link to it.
    """
    opening: dict[int, list[Highlight]] = defaultdict(list)
    closing: dict[int, list[Highlight]] = defaultdict(list)
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        opening[span.start].append(span)
        closing[span.end].append(span)
    bounds = sorted({0, len(text), *opening, *closing})
    active: dict[str, Highlight] = {}  # insertion-ordered: outer spans first
    out: list[str] = []
    for position, following in zip(bounds, [*bounds[1:], None], strict=True):
        for span in closing.get(position, ()):
            del active[span.anchor]
            if span.link:
                number, anchor, label = span.link
                out.append(f'<a class="other-side" href="{report.href(number, anchor, here=here)}"'
                           f' title="{esc(label)}" aria-label="{esc(label)}">↔</a>')
        if following is None:
            break
        starting = opening.get(position, [])
        for span in starting:
            active[span.anchor] = span
        piece = esc(text[position:following])
        if not active:
            out.append(piece)
            continue
        for span in starting[1:]:
            out.append(f'<span class="anchor" id="{span.anchor}"></span>')
        ident = f' id="{starting[0].anchor}"' if starting else ""
        out.append(f'<mark{ident} class="{_mark_classes(active)}" '
                   f'title="{esc(chr(10).join(s.label for s in active.values()))}">'
                   f"{piece}</mark>")
    return "".join(out)


def _mark_classes(active: Mapping[str, Highlight]) -> str:
    classes = list(dict.fromkeys(c for span in active.values() for c in span.css.split()))
    top = max(active.values(), key=lambda span: span.rank)
    if top.rank == -1:
        classes.append("top-rel")
    elif top.rank == -2:
        classes.append("top-suppressed")
    else:
        classes.append(f"top-{top.css.split()[0][2:]}")
    if len(active) > 1:
        classes.append("multi")
    return " ".join(classes)
