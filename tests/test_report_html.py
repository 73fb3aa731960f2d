"""The HTML report: what an editor sees for a findings document and its article texts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from audit.report.html import render_html

GERMAN = (
    "Berlin. Die Verhandlungen sollen vertraute Quellen zufolge bald enden.\n"
    "Mit den Gesprächen vertraute Quellen sagten, der Vertrag sei fast fertig."
)
ENGLISH = (
    "Officials met on Tuesday.\n"
    "People familiar with the matter said a deal was close, according to a spokesperson."
)

ATTRIBUTION = {
    "code": "ATR001", "severity": "warning", "title": "Anonymous attribution",
    "what": "Flags claims attributed to unnamed sources.",
    "why": "Readers cannot weigh a source they cannot identify.",
    "flagged": "Insiders said the deal is done.", "clean": "Minister Weber said the deal is done.",
}
DATES = {
    "code": "TMP001", "severity": "error", "title": "Contradicting dates",
    "what": "Compares dates given for the same event.", "why": "One of them is wrong.",
    "flagged": "", "clean": "",
}


def article(article_id, *, title="Ein Artikel", status="audited", reason=None, language="de"):
    return {
        "article_id": article_id, "path": f"corpus/{article_id}.txt", "title": title,
        "published": "2025-02-15", "language": language, "status": status, "reason": reason,
    }


def finding(article_id, text, phrase, *, code="ATR001", severity="warning", message="m",
            occurrence=0, related=()):
    """A finding on the ``occurrence``-th appearance of ``phrase`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return {
        "code": code, "severity": severity, "article_id": article_id,
        "path": f"corpus/{article_id}.txt", "start": start, "end": start + len(phrase),
        "line": text.count("\n", 0, start) + 1, "excerpt": phrase, "message": message,
        "related": list(related), "fingerprint": f"fp-{code}-{start}",
    }


def document(articles, findings=(), errors=()):
    return {
        "version": 1, "articles": list(articles), "findings": list(findings),
        "errors": list(errors), "summary": {"articles": len(articles), "findings": {}},
    }


def marks(page):
    """(attributes, content) of every <mark> in the page."""
    return re.findall(r"<mark ([^>]*)>(.*?)</mark>", page, flags=re.S)


class _Nesting(HTMLParser):
    """Fails on a closing tag that does not close the innermost open element."""

    VOID = {"meta", "input", "br", "hr", "img", "link"}

    def __init__(self):
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()


def assert_well_nested(page):
    parser = _Nesting()
    parser.feed(page)
    parser.close()
    assert parser.open == []


# -- highlighting --------------------------------------------------------------------------


def test_german_finding_is_marked_on_exactly_its_span_and_not_on_the_same_words_elsewhere():
    flagged = finding("de1", GERMAN, "vertraute Quellen", occurrence=1, message="Anonyme Quelle")
    page = render_html(document([article("de1")], [flagged]), {"de1": GERMAN}, [ATTRIBUTION])

    assert (
        "Mit den Gesprächen "
        '<mark id="finding-0" class="f-warning top-warning" title="ATR001: Anonyme Quelle">'
        "vertraute Quellen</mark> sagten" in page
    )
    # The first "vertraute Quellen" was not flagged: offsets decide, not the words.
    assert "sollen vertraute Quellen zufolge" in page
    assert len(marks(page)) == 1


def test_english_finding_is_marked_and_line_breaks_are_kept():
    flagged = finding("en1", ENGLISH, "People familiar with the matter", severity="info",
                      message="Unnamed source")
    page = render_html(
        document([article("en1", title="Deal", language="en")], [flagged]),
        {"en1": ENGLISH}, [ATTRIBUTION],
    )

    assert (
        "Officials met on Tuesday.\n"
        '<mark id="finding-0" class="f-info top-info" title="ATR001: Unnamed source">'
        "People familiar with the matter</mark> said" in page
    )
    assert '<div class="text" lang="en">' in page
    assert "white-space: pre-wrap" in page


def test_overlapping_spans_are_cut_into_segments_carrying_every_covering_class():
    text = "Der Gipfel endet am 3. März 2024 in Brüssel."
    outer = finding("de1", text, "am 3. März 2024", code="TMP001", severity="error",
                    message="Datum widerspricht")
    inner = finding("de1", text, "März 2024 in Brüssel", message="Ort unbelegt")
    page = render_html(document([article("de1")], [outer, inner]), {"de1": text},
                       [ATTRIBUTION, DATES])

    assert marks(page) == [
        ('id="finding-0" class="f-error top-error" title="TMP001: Datum widerspricht"',
         "am 3. "),
        ('id="finding-1" class="f-error f-warning top-error multi" '
         'title="TMP001: Datum widerspricht\nATR001: Ort unbelegt"', "März 2024"),
        ('class="f-warning top-warning" title="ATR001: Ort unbelegt"', " in Brüssel"),
    ]
    assert_well_nested(page)


def test_spans_starting_at_the_same_place_each_get_an_anchor():
    text = "Insiders said the vote was rigged."
    long = finding("en1", text, "Insiders said the vote was rigged", message="claim")
    short = finding("en1", text, "Insiders", message="source")
    page = render_html(document([article("en1", language="en")], [long, short]),
                       {"en1": text}, [ATTRIBUTION])

    assert '<span class="anchor" id="finding-1"></span><mark id="finding-0"' in page
    assert [content for _, content in marks(page)] == ["Insiders", " said the vote was rigged"]


def test_related_span_in_another_article_is_marked_lightly_and_links_back():
    first = "Die Wahl fand am 12. Mai statt."
    second = "Gewählt wurde am 14. Mai."
    other = second.index("am 14. Mai")
    contradiction = finding(
        "de1", first, "am 12. Mai", code="TMP001", severity="error",
        message="Anderes Datum in de2",
        related=[{"article_id": "de2", "start": other, "end": other + 10,
                  "excerpt": "am 14. Mai"}],
    )
    page = render_html(
        document([article("de1"), article("de2", title="Zweiter Bericht")], [contradiction]),
        {"de1": first, "de2": second}, [DATES],
    )

    assert (
        '<mark id="related-0-0" class="rel top-rel" '
        'title="related to TMP001: Anderes Datum in de2">am 14. Mai</mark>'
        '<a class="backref" href="#finding-0"' in page
    )
    assert (
        '<mark id="finding-0" class="f-error top-error" '
        'title="TMP001: Anderes Datum in de2">am 12. Mai</mark>' in page
    )
    # The finding's entry shows both passages and links to each in the text.
    assert 'Related: <a href="#article-1">Zweiter Bericht</a> · <a href="#related-0-0">' in page


# -- spans that cannot be highlighted -------------------------------------------------------


def test_finding_without_offsets_is_listed_but_not_highlighted():
    text = "Ein kurzer Text."
    no_offsets = {**finding("de1", text, "kurzer"), "start": None, "end": None,
                  "line": None, "message": "Kein Ort bekannt"}
    beyond = {**finding("de1", text, "kurzer"), "start": 10, "end": 400,
              "message": "Zu weit"}
    backwards = {**finding("de1", text, "kurzer"), "start": 8, "end": 3,
                 "message": "Rückwärts"}
    page = render_html(document([article("de1")], [no_offsets, beyond, backwards]),
                       {"de1": text}, [ATTRIBUTION])

    assert marks(page) == []
    for message in ("Kein Ort bekannt", "Zu weit", "Rückwärts"):
        assert f'<p class="message">{message}</p>' in page
    assert page.count("not highlighted: no usable offsets") == 6  # check list + article list
    assert 'href="#finding-' not in page


def test_corpus_wide_finding_is_listed_under_its_check():
    duplicate = {"code": "DQ001", "severity": "info", "article_id": None, "path": None,
                 "start": None, "end": None, "line": None, "excerpt": "",
                 "message": "Two articles share one headline", "related": [],
                 "fingerprint": "x"}
    page = render_html(document([article("de1")], [duplicate]), {"de1": "Text."}, [])

    assert '<section class="check" id="check-DQ001">' in page
    assert '<span class="muted">corpus-wide</span>' in page
    assert "Two articles share one headline" in page


# -- summary, errors, articles --------------------------------------------------------------


def test_summary_counts_and_check_table_links_to_each_check_section():
    flagged = finding("de1", GERMAN, "vertraute Quellen")
    page = render_html(
        document([article("de1"), article("x", status="skipped", reason="leer")], [flagged],
                 [{"path": "checks/check_dates.py", "check": "TMP001", "message": "KeyError"}]),
        {"de1": GERMAN}, [ATTRIBUTION, DATES],
    )

    assert "audited 1 · skipped 1" in page
    assert '<span class="number">1</span><span class="label">Warning findings</span>' in page
    assert '<span class="number">0</span><span class="label">Error findings</span>' in page
    assert '<span class="number">1</span><span class="label">Errors</span>' in page  # raised
    assert '<td><a href="#check-ATR001"><code>ATR001</code></a></td>' in page
    assert '<td><a href="#check-TMP001"><code>TMP001</code></a></td>' in page
    assert '<section class="check" id="check-TMP001">' in page
    assert "<dt>What it does</dt><dd>Flags claims attributed to unnamed sources.</dd>" in page
    assert "<dt>Why it matters</dt>" in page


def test_failed_and_skipped_articles_are_shown_with_their_reason():
    articles = [
        article("ok"),
        article("bad", title="Kaputt", status="failed", reason="not valid UTF-8 at byte 17"),
        article("odd", title="Odd file", status="skipped", reason="unknown extension .docx"),
    ]
    errors = [{"path": "corpus/broken.jsonl", "check": None, "message": "line 3: bad JSON"}]
    page = render_html(document(articles, errors=errors), {"ok": "Alles gut."}, [])

    errors_section = page[page.index('<section id="errors">'):page.index('<section id="findings">')]
    assert '<a href="#article-1">Kaputt</a>' in errors_section
    assert "not valid UTF-8 at byte 17" in errors_section
    assert "unknown extension .docx" in errors_section
    assert "line 3: bad JSON" in errors_section
    assert (
        '<article class="article status-failed" id="article-1">'
        '<h3>Kaputt <span class="badge status-failed">failed</span></h3>' in page
    )
    assert '<p class="reason">unknown extension .docx</p>' in page


def test_errors_section_is_left_out_when_nothing_failed():
    page = render_html(document([article("de1")]), {"de1": "Alles gut."}, [ATTRIBUTION])

    assert 'id="errors"' not in page


def test_article_without_findings_has_its_text_collapsed():
    page = render_html(document([article("de1")]), {"de1": "Nichts zu beanstanden."}, [])

    assert (
        "<details><summary>Text (22 characters)</summary>"
        '<div class="text" lang="de">Nichts zu beanstanden.</div></details>' in page
    )


def test_page_loads_nothing_and_runs_no_script():
    flagged = finding("de1", GERMAN, "vertraute Quellen")
    page = render_html(document([article("de1")], [flagged]), {"de1": GERMAN}, [ATTRIBUTION])

    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "<link" not in page
    assert "src=" not in page
    assert "url(" not in page
    assert "@import" not in page
    assert_well_nested(page)


# -- untrusted input ------------------------------------------------------------------------

HOSTILE = '<script>alert(1)</script> "onmouseover="alert(2)" </textarea><img src=x>'


def test_everything_from_the_document_and_texts_is_escaped():
    text = f"Vorspann {HOSTILE} Nachspann"
    hostile_article = {**article("evil"), "title": HOSTILE, "path": HOSTILE,
                       "published": HOSTILE, "language": HOSTILE}
    failed = {**article("worse"), "title": HOSTILE, "status": "failed", "reason": HOSTILE}
    flagged = {
        **finding("evil", text, HOSTILE, message=HOSTILE),
        "code": HOSTILE, "excerpt": HOSTILE, "path": HOSTILE, "fingerprint": HOSTILE,
        "related": [{"article_id": "evil", "start": 0, "end": 8, "excerpt": HOSTILE}],
    }
    also = {**finding("evil", text, "Nachspann"), "severity": HOSTILE, "article_id": "evil"}
    hostile_check = {key: HOSTILE for key in ATTRIBUTION}
    page = render_html(
        document([hostile_article, failed], [flagged, also],
                 [{"path": HOSTILE, "check": HOSTILE, "message": HOSTILE}]),
        {"evil": text}, [hostile_check],
    )

    assert "<script" not in page
    assert '"onmouseover="' not in page
    assert "</textarea>" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;onmouseover=&quot;" in page
    # Inside attributes too: the tooltip of the mark carries the escaped message.
    assert 'title="&lt;script&gt;alert(1)&lt;/script&gt; &quot;onmouseover=' in page
    assert_well_nested(page)


def test_long_titles_are_cut_at_a_word_in_the_contents_with_the_full_title_as_tooltip():
    long_de = ("Tiefgreifende Reform: Der Stadtrat beschließt nach langer Debatte den Umbau "
               "des Hafens und der Uferpromenade")
    text = "Der Hafen wird umgebaut, sagten Insider."
    page = render_html(
        document([article("hafen", title=long_de), article("short", title="Port rebuilt")],
                 [finding("hafen", text, "Insider"),
                  finding("short", "Port rebuilt, insiders said.", "insiders")]),
        {"hafen": text, "short": "Port rebuilt, insiders said."}, [ATTRIBUTION])
    nav = page[page.index("<nav"):page.index("</nav>")]
    assert (f'title="{long_de}">Tiefgreifende Reform: Der Stadtrat beschließt nach langer '
            "…</a>") in nav
    assert 'title="Port rebuilt">Port rebuilt</a>' in nav


def test_write_report_writes_the_index_page_of_an_audit(audit_texts, tmp_path):
    result = audit_texts({"a.md": "---\ntitle: Brücke <offen>\n---\nDie Brücke ist offen.\n"})
    from audit.report import json as json_report
    from audit.report.html import write_report

    entry = write_report(tmp_path, json_report.document(result), result.tables, [])

    assert entry == tmp_path / "index.html"
    page = entry.read_text(encoding="utf-8")
    assert "Brücke &lt;offen&gt;" in page and "Brücke <offen>" not in page
