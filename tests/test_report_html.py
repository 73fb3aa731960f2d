"""The HTML report: what an editor sees for a findings document and its article texts."""

from __future__ import annotations

import json
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


def report_data(page):
    """The JSON block the page's tables are filled from."""
    block = page.split('<script type="application/json" id="report-data">')[1]
    return json.loads(block.split("</script>")[0])


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
        '<a class="other-side" href="#finding-0" title="back to the finding"' in page
    )
    # the finding's mark opens the other side
    assert (
        '<mark id="finding-0" class="f-error top-error" '
        'title="TMP001: Anderes Datum in de2">am 12. Mai</mark>'
        '<a class="other-side" href="#related-0-0" title="the other side"' in page
    )
    # side by side: both sentences in full, passages marked, each with its article
    sides = page[page.index('<div class="side-by-side">'):]
    sides = sides[:sides.index("</div>")]
    assert ('<figcaption><a class="side-title" href="#article-0">Ein Artikel</a> · '
            '<span class="published">2025-02-15</span> · <a href="#finding-0">in the text</a>'
            '</figcaption><blockquote>Die Wahl fand <mark class="passage">am 12. Mai</mark> '
            "statt.</blockquote>") in sides
    assert ('<a class="side-title" href="#article-1">Zweiter Bericht</a>' in sides
            and '<blockquote>Gewählt wurde <mark class="passage">am 14. Mai</mark>.'
                "</blockquote>" in sides)


def test_side_by_side_shows_each_articles_outlet_url_and_date_and_only_web_urls_are_links():
    first = "Intro. Der Minister sagte, der Vertrag sei am Montag unterzeichnet worden. Ende."
    second = "Officials said the treaty was signed on Tuesday. Nothing else."
    other = second.index("on Tuesday")
    contradiction = finding(
        "de1", first, "am Montag", code="TMP001", severity="error", message="m",
        related=[{"article_id": "en1", "start": other, "end": other + 10,
                  "excerpt": "on Tuesday"}])
    articles = [{**article("de1"), "source": "Der Kurier", "url": "https://kurier.example/a"},
                {**article("en1", title="Treaty", language="en"), "source": "The Post",
                 "url": "javascript:alert(1)", "published": "2025-02-16"}]
    page = render_html(document(articles, [contradiction]),
                       {"de1": first, "en1": second}, [DATES])
    sides = page[page.index('<div class="side-by-side">'):]
    sides = sides[:sides.index("</div>")]

    assert ('<span class="source">Der Kurier</span> · <span class="published">2025-02-15'
            '</span> · <a class="url" href="https://kurier.example/a" '
            'rel="noopener noreferrer nofollow">https://kurier.example/a</a>') in sides
    assert ('<span class="source">The Post</span> · <span class="published">2025-02-16</span>'
            ' · <code class="url">javascript:alert(1)</code>') in sides
    # the whole sentence, not the rest of the text
    assert ('<blockquote>Der Minister sagte, der Vertrag sei <mark class="passage">am Montag'
            "</mark> unterzeichnet worden.</blockquote>") in sides
    assert ('<blockquote>Officials said the treaty was signed <mark class="passage">on Tuesday'
            "</mark>.</blockquote>") in sides
    assert 'href="javascript:' not in page


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
        assert f"</code></a> {message} · " in page
    assert page.count("not highlighted: no usable offsets") == 3
    assert 'href="#finding-' not in page
    assert [row[6] for row in report_data(page)["findings"]] == ["", "", ""]


def test_corpus_wide_finding_is_in_the_findings_table_and_under_its_check():
    duplicate = {"code": "DQ001", "severity": "info", "article_id": None, "path": None,
                 "start": None, "end": None, "line": None, "excerpt": "",
                 "message": "Two articles share one headline", "related": [],
                 "fingerprint": "x"}
    page = render_html(document([article("de1")], [duplicate]), {"de1": "Text."}, [])

    assert '<section class="check" id="check-DQ001">' in page
    assert '<button type="button" data-check="0">Show its 1 findings</button>' in page
    data = report_data(page)
    [row] = data["findings"]
    assert row[:3] == [-1, 0, 0] and data["messages"][row[5]] == "Two articles share one headline"


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
        '<h2 class="article-title">Kaputt <span class="badge status-failed">failed</span></h2>'
        in page
    )
    assert '<p class="reason">unknown extension .docx</p>' in page


def test_errors_section_is_left_out_when_nothing_failed():
    page = render_html(document([article("de1")]), {"de1": "Alles gut."}, [ATTRIBUTION])

    assert 'id="errors"' not in page


def test_article_panel_shows_outlet_url_author_date_precision_language_and_warnings():
    meta = {**article("de1"), "source": "Der Kurier", "url": "https://kurier.example/a?b=1&c=2",
            "author": "Anna Berger", "published": "2025-02", "published_precision": "month",
            "warnings": ["front matter line 4 is not 'key: value': 'x'"]}
    page = render_html(document([meta]), {"de1": "Nichts zu beanstanden."}, [])
    panel = page[page.index('<dl class="meta">'):]
    panel = panel[:panel.index("</dl>")]

    assert ("<dt>Outlet</dt><dd>Der Kurier</dd><dt>URL</dt><dd><a class=\"url\" "
            'href="https://kurier.example/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">'
            "https://kurier.example/a?b=1&amp;c=2</a></dd><dt>Author</dt><dd>Anna Berger</dd>"
            '<dt>Published</dt><dd>2025-02 <small class="muted">(precision: month)</small></dd>'
            "<dt>Language</dt><dd>de</dd>"
            '<dt>Status</dt><dd><span class="badge status-audited">audited</span></dd>') in panel
    assert ("<dt>Ingest warnings</dt><dd><ul class=\"warnings\"><li>front matter line 4 is "
            "not &#x27;key: value&#x27;: &#x27;x&#x27;</li></ul></dd>") in panel
    assert '<div class="text" lang="de">Nichts zu beanstanden.</div>' in page


def test_an_article_without_metadata_shows_only_what_it_has():
    bare = {"article_id": "r1", "path": "feed.jsonl", "title": None, "status": "audited"}
    page = render_html(document([bare]), {"r1": "Text."}, [])
    panel = page[page.index('<dl class="meta">'):]
    panel = panel[:panel.index("</dl>")]

    assert "<dt>Outlet</dt>" not in panel and "<dt>URL</dt>" not in panel
    assert "<dt>Path</dt><dd>feed.jsonl</dd><dt>Article id</dt><dd>r1</dd>" in panel


def test_page_loads_nothing_and_runs_only_its_own_script():
    flagged = finding("de1", GERMAN, "vertraute Quellen")
    page = render_html(document([article("de1")], [flagged]), {"de1": GERMAN}, [ATTRIBUTION])

    assert page.startswith("<!DOCTYPE html>")
    assert re.findall(r"<script[^>]*>", page) == [
        '<script type="application/json" id="report-data">', "<script>"]
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1]
    assert policy.startswith("default-src 'none'; style-src 'unsafe-inline'; "
                             "script-src 'sha256-")
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

    outside_data = re.sub(r'<script type="application/json" id="report-data">.*?</script>',
                          "", page, flags=re.S)
    assert outside_data.count("<script") == 1  # the report's own
    assert '"onmouseover="' not in page
    assert "</textarea>" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;onmouseover=&quot;" in page
    # Inside attributes too: the tooltip of the mark carries the escaped message.
    assert 'title="&lt;script&gt;alert(1)&lt;/script&gt; &quot;onmouseover=' in page
    # The tables' data cannot close its script element, and reads back unchanged.
    block = page.split('id="report-data">')[1].split("</script>")[0]
    assert "<" not in block and ">" not in block
    data = report_data(page)
    assert data["messages"][data["findings"][0][5]] == HOSTILE
    assert_well_nested(outside_data)


def test_long_titles_are_cut_at_a_word_in_the_views_and_the_tables():
    long_de = ("Tiefgreifende Reform: Der Stadtrat beschließt nach langer Debatte den Umbau "
               "des Hafens und der Uferpromenade, die seit Jahren verfällt und für die niemand "
               "zahlen will")
    text = "Der Hafen wird umgebaut, sagten Insider."
    page = render_html(
        document([article("hafen", title=long_de), article("short", title="Port rebuilt")],
                 [finding("hafen", text, "Insider")]),
        {"hafen": text, "short": "Port rebuilt, insiders said."}, [ATTRIBUTION])
    cut = ("Tiefgreifende Reform: Der Stadtrat beschließt nach langer Debatte den Umbau "
           "des Hafens und der Uferpromenade, die seit …")
    assert f'<h2 class="article-title">{cut} <span' in page
    assert [row[0] for row in report_data(page)["articles"]] == [cut, "Port rebuilt"]
    assert long_de not in page


def test_write_report_writes_the_index_page_of_an_audit(audit_texts, tmp_path):
    result = audit_texts({"a.md": "---\ntitle: Brücke <offen>\n---\nDie Brücke ist offen.\n"})
    from audit.report import json as json_report
    from audit.report.html import write_report

    entry = write_report(tmp_path, json_report.document(result), result.tables, [])

    assert entry == tmp_path / "index.html"
    page = entry.read_text(encoding="utf-8")
    assert "Brücke &lt;offen&gt;" in page and "Brücke <offen>" not in page


# -- suppressed findings, worst articles first, split reports -------------------------------


def test_suppressed_findings_are_shown_apart_and_not_counted():
    known = {**finding("de1", GERMAN, "vertraute Quellen", message="Anonyme Quelle"),
             "suppressed": "baseline"}
    new = finding("de1", GERMAN, "Mit den Gesprächen vertraute Quellen", severity="error",
                  message="Neu")
    page = render_html(document([article("de1")], [known, new]), {"de1": GERMAN},
                       [ATTRIBUTION])

    assert '<span class="number">0</span><span class="label">Warning findings</span>' in page
    assert '<span class="number">1</span><span class="label">Suppressed</span>' in page
    assert '<section id="suppressed"><h2>Suppressed findings</h2>' in page
    view = page[page.index('<article class="article'):]
    assert view.index("<h3>Findings (1)</h3>") < view.index("Neu") \
        < view.index("<h3>Suppressed findings (1)</h3>") < view.index("Anonyme Quelle")
    assert '<span class="badge suppressed">suppressed: baseline</span>' in view
    assert ('<mark id="finding-0" class="f-warning suppressed top-suppressed" '
            'title="ATR001: Anonyme Quelle (suppressed: baseline)">vertraute Quellen</mark>'
            in page)
    assert [row[7] for row in report_data(page)["findings"]] == ["baseline", ""]


def test_without_suppressed_findings_there_is_no_section_for_them():
    page = render_html(document([article("de1")], [finding("de1", GERMAN, "vertraute Quellen")]),
                       {"de1": GERMAN}, [ATTRIBUTION])
    assert 'id="suppressed"' not in page and 'id="suppressed-table"' not in page


def test_articles_are_listed_worst_first():
    texts = {"calm": "Alles ruhig.", "bad": "Insiders said so.", "worse": "Insider sagten es."}
    findings = [finding("bad", texts["bad"], "Insiders", severity="warning"),
                finding("worse", texts["worse"], "Insider", severity="error"),
                finding("bad", texts["bad"], "said", severity="info")]
    page = render_html(document([article(a) for a in texts], findings), texts, [ATTRIBUTION])

    assert report_data(page)["order"] == [2, 1, 0]
    views = re.findall(r'<article class="article [^"]*" id="article-(\d)">', page)
    assert views == ["2", "1", "0"]


def test_a_large_corpus_gets_an_index_page_and_a_page_per_article(audit_texts, tmp_path,
                                                                   monkeypatch):
    from audit.report import html
    from audit.report import json as json_report

    monkeypatch.setattr(html, "SPLIT_ARTICLES", 1)
    result = audit_texts({
        "a.md": "---\ntitle: Erster <Bericht>\npublished: 2025-02-15\nsource: Kurier\n---\n"
                "Die Gespräche endeten am Montag.\n",
        "b.md": "---\ntitle: Second\npublished: 2025-02-16\nsource: The Post\nlanguage: en\n"
                "---\nThe talks ended on Monday.\n",
    })
    doc = json_report.document(result)
    text = result.tables.text_of("a")
    start = text.index("am Montag")
    other = result.tables.text_of("b").index("on Monday")
    doc["findings"] = [{
        "code": "TMP001", "severity": "error", "article_id": "a", "path": "a.md",
        "start": start, "end": start + 9, "line": 1, "excerpt": "am Montag", "message": "m",
        "related": [{"article_id": "b", "start": other, "end": other + 9,
                     "excerpt": "on Monday"}], "fingerprint": "f"}]

    entry = html.write_report(tmp_path, doc, result.tables, [DATES])

    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == ["0.html", "1.html"]
    assert (tmp_path / "report.css").is_file()
    index = entry.read_text(encoding="utf-8")
    assert '<div class="text"' not in index  # the texts live in the article pages
    [row] = report_data(index)["findings"]
    assert (row[6], row[8]) == ("articles/0.html#finding-0", "articles/0.html#item-0")
    first = (tmp_path / "articles" / "0.html").read_text(encoding="utf-8")
    second = (tmp_path / "articles" / "1.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../report.css">' in first
    assert '<a href="../index.html#articles">← Audit report</a>' in first
    assert '<a href="../index.html#check-TMP001"><code>TMP001</code></a>' in first
    assert "<title>Erster &lt;Bericht&gt; · Audit report</title>" in first
    assert ('<mark id="finding-0" class="f-error top-error" title="TMP001: m">am Montag</mark>'
            '<a class="other-side" href="1.html#related-0-0"') in first
    assert ('<mark id="related-0-0" class="rel top-rel" title="related to TMP001: m">'
            'on Monday</mark><a class="other-side" href="0.html#finding-0"') in second
    assert '<dt>Outlet</dt><dd>The Post</dd>' in second
    assert "<script" not in first and "script-src 'none'" in first


def test_expectations_link_to_the_great_expectations_data_docs():
    doc = {**document([article("de1")]), "expectations": [
        {"code": "DQ901", "table": "articles", "success": False, "unexpected_count": 1,
         "element_count": 2, "expectation": "expect_column_values_to_not_be_null(column='url')",
         "articles": ["de1"]}]}
    page = render_html(doc, {"de1": "Text."}, [])
    section = page[page.index('<section id="expectations">'):]
    assert '<a href="gx/index.html">Data Docs</a>' in section[:section.index("</section>")]
    assert '<a href="#article-0">Ein Artikel</a>' in section
    assert 'href="gx/index.html"' not in render_html(document([article("de1")]),
                                                      {"de1": "Text."}, [])


def test_findings_sharing_a_message_share_one_entry_in_the_tables_data():
    texts = {"de1": "Insider sagten es.", "en1": "Insiders said so."}
    findings = [finding("de1", texts["de1"], "Insider", message="anonymous"),
                finding("en1", texts["en1"], "Insiders", message="anonymous"),
                finding("en1", texts["en1"], "said", message="hedged")]
    data = report_data(render_html(document([article("de1"), article("en1")], findings), texts,
                                   [ATTRIBUTION]))
    assert data["messages"] == ["anonymous", "hedged"]
    assert [row[5] for row in data["findings"]] == [0, 0, 1]


def test_each_check_lists_the_options_it_reads_with_their_defaults():
    names = {"code": "CON005", "severity": "warning", "title": "Name spellings",
             "what": "Compares spellings.", "options": {"min-similarity": 0.8, "ignore": None}}
    page = render_html(document([article("de1")]), {"de1": "Text."}, [names, ATTRIBUTION])
    section = page[page.index('<section class="check" id="check-CON005">'):]
    assert ("<dt>Options</dt><dd>set in <code>[tool.audit.options.CON005]</code>"
            '<ul class="options"><li><code>min-similarity</code> (default: <code>0.8</code>)'
            "</li><li><code>ignore</code> (default: none)</li></ul></dd>"
            in section[:section.index("</section>")])
    attribution = page[page.index('id="check-ATR001"'):]
    assert "<dt>Options</dt>" not in attribution[:attribution.index("</section>")]


def test_untitled_records_whose_title_is_their_text_keep_the_index_small():
    from audit.report.html import render_pages

    text = ("Die Regierung hat am Montag neue Pläne vorgestellt, sagten Insider. " * 50).strip()
    articles = [{**article(f"r{n}", title=text), "path": "feed.jsonl"} for n in range(300)]
    findings = [finding(f"r{n}", text, "Insider", message="anonym") for n in range(300)]
    pages = render_pages(document(articles, findings), {f"r{n}": text for n in range(300)},
                         [ATTRIBUTION], split=True)

    index = pages["index.html"]
    assert text[:200] not in index  # each title is cut to a line, the text is not repeated
    overhead = len(render_pages(document([]), {}, [ATTRIBUTION], split=True)["index.html"])
    assert (len(index.encode()) - overhead) / 300 < 600  # bytes per article and finding


def test_sentence_bounds_are_each_articles_in_order_whatever_the_rows_order():
    import pandas as pd

    from audit.report.html import SentenceBounds

    bounds = pd.DataFrame({"article_id": ["b", "a", "b", None, "a", "c"],
                           "start": [0, 0, 10, 3, 5, 0], "end": [9, 4, 20, 4, 9, 1]})
    sentences = SentenceBounds(bounds)
    assert sentences["a"] == [(0, 4), (5, 9)]
    assert sentences["b"] == [(0, 9), (10, 20)]
    assert sentences.get("c") == [(0, 1)]
    assert sentences.get("d") is None  # (an article without sentences: none, not [])
    assert list(sentences) == ["b", "a", "c"] and len(sentences) == 3
    empty = SentenceBounds(bounds.iloc[:0])
    assert len(empty) == 0 and empty.get("a") is None


def test_an_article_with_metadata_reads_as_the_merged_dict_did():
    from audit.report.html_model import WithMetadata

    article = {"article_id": "a", "title": None, "source": None, "path": "a.md",
               "language": "de"}
    extra = {"source": "Kurier", "url": None, "title": "aus den Metadaten", "language": "en"}
    merged = {**extra, **{k: v for k, v in article.items() if v is not None or k not in extra}}
    with_metadata = WithMetadata(article, extra)
    assert dict(with_metadata) == merged and list(with_metadata) == list(merged)
    assert with_metadata["language"] == "de"  # (the article's own value wins)
    assert with_metadata["source"] == "Kurier"  # (its missing one is filled)
    assert with_metadata.get("url", "x") is None and with_metadata.get("author") is None
    assert len(with_metadata) == len(merged)


def test_findings_json_articles_read_their_titles_from_the_table(tmp_path):
    from audit.config import load_config
    from audit.pipeline import audit
    from audit.report import json as json_report
    from tests.conftest import ROOT

    (tmp_path / "kurz.md").write_text("Hafen „Nord“ öffnet\n\nDer Hafen öffnet am Montag.\n",
                                      encoding="utf-8")
    (tmp_path / "leer.md").write_text("", encoding="utf-8")
    doc = json_report.document(audit([tmp_path], load_config(ROOT), jobs=1))
    entry = doc["articles"][0]
    assert isinstance(entry, json_report.ArticleEntry)
    assert entry["title"] == "Hafen „Nord“ öffnet" and entry["path"].endswith("kurz.md")
    assert list(entry) == ["article_id", "path", "title", "published", "language", "status",
                           "reason", "warnings"]
    plain = {**doc, "articles": [dict(article) for article in doc["articles"]],
             "findings": [dict(finding) for finding in doc["findings"]]}
    assert plain["articles"][1]["status"] == "skipped"
    assert json_report.dumps(doc) == json.dumps(plain, ensure_ascii=False,
                                                indent=json_report.INDENT) + "\n"


def test_the_data_block_written_in_pieces_is_the_whole_payload_as_json_dumps_writes_it():
    from audit.report.html import _data
    from audit.report.html_model import Report

    text = "Laut Insidern </script> & <b> steigt\u2028der Preis, sagten Insider."
    articles = [article(f"r{n}", title=f"Titel {n} <&>") for n in range(1500)]
    findings = [finding(f"r{n % 1500}", text, "Insider", message=f"anonym <{n % 7}> &")
                for n in range(2500)]
    report = Report.build(document(articles, findings), {f"r{n}": text for n in range(1500)},
                          [ATTRIBUTION], None, None, split=True)
    pieces = list(_data(report))
    assert len(pieces) > 10  # (the rows a thousand a piece)
    block = "".join(pieces)
    assert not {"<", ">", "&", "\u2028"} & set(block)
    payload = json.loads(block)
    assert len(payload["articles"]) == 1500 and len(payload["findings"]) == 2500
    assert payload["articles"][7][0] == "Titel 7 <&>"
    whole = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    assert block == (whole.replace("&", "\\u0026").replace("<", "\\u003c")
                     .replace(">", "\\u003e").replace("\u2028", "\\u2028"))
