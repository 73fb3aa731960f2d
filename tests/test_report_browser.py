"""The HTML report in a real browser: Debian's Chromium, driven by Playwright.

What an editor does with the report: filter and sort the findings, follow a finding to its
marked passage, open the other side of a contradiction; and what hostile article text must
never do there: run a script, load anything, or render as markup. The tests skip where
Chromium or Playwright is absent (``apt-get install chromium``; ``pip install -e '.[dev]'``)
and fail instead when CI=true.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audit.report import html
from audit.report.html import render_html, render_pages, write_report
from tests.test_report_html import ATTRIBUTION, DATES, article, document, finding

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}, and CI=true requires the browser tests to run")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is absent (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


class Visit:
    """A browser tab that records every request, dialog and script error it sees."""

    def __init__(self, browser):
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path, fragment: str = ""):
        self.page.goto(path.as_uri() + fragment)
        if path.name == "index.html":
            self.page.wait_for_selector("body[data-ready]")
        return self.page

    def article_titles(self) -> list[str]:
        return self.page.eval_on_selector_all("#articles-table tbody td:first-child a",
                                              "links => links.map(a => a.textContent)")

    def rows(self, table: str) -> list[list[str]]:
        return self.page.eval_on_selector_all(
            f"#{table} tbody tr",
            "rows => rows.map(r => Array.from(r.cells, c => c.textContent))")


@pytest.fixture
def visit(browser):
    tab = Visit(browser)
    yield tab
    tab.context.close()


def write(tmp_path: Path, page: str) -> Path:
    path = tmp_path / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


# -- filters, search, sorting ---------------------------------------------------------------

DE = "Insider sagten, der Vertrag sei am Montag unterzeichnet worden."
EN = "People familiar with the matter said the treaty was signed on Tuesday."
NOTE = "Kurze Meldung ohne Befund."


def corpus_page(tmp_path: Path) -> Path:
    articles = [
        {**article("de1", title="Vertrag unterzeichnet"), "source": "Kurier"},
        {**article("en1", title="Treaty signed", language="en"), "source": "The Post"},
        {**article("de2", title="Kurzmeldung"), "source": "Kurier"},
    ]
    findings = [
        finding("de1", DE, "Insider", message="Anonyme Quelle"),
        finding("en1", EN, "People familiar with the matter", message="Unnamed source"),
        finding("de1", DE, "am Montag", code="TMP001", severity="error",
                message="Datum widerspricht en1",
                related=[{"article_id": "en1", "start": EN.index("on Tuesday"),
                          "end": EN.index("on Tuesday") + 10, "excerpt": "on Tuesday"}]),
        finding("de2", NOTE, "Kurze Meldung", code="DQ005", severity="info", message="kurz"),
    ]
    checks = [ATTRIBUTION, DATES, {"code": "DQ005", "severity": "info", "title": "Short"}]
    return write(tmp_path, render_html(document(articles, findings),
                                       {"de1": DE, "en1": EN, "de2": NOTE}, checks))


def test_filters_change_which_findings_and_articles_are_shown(browser, visit, tmp_path):
    page = visit.open(corpus_page(tmp_path))
    codes = lambda: [row[1] for row in visit.rows("findings-table")]  # noqa: E731
    titles = visit.article_titles

    # most severe first, then the worst article first
    assert codes() == ["TMP001", "ATR001", "ATR001", "DQ005"]
    assert titles() == ["Vertrag unterzeichnet", "Treaty signed", "Kurzmeldung"]
    assert page.inner_text("#findings-table-status") == "Showing 4 of 4."

    page.select_option("#filter-severity", label="warning")
    assert codes() == ["ATR001", "ATR001"]
    assert titles() == ["Vertrag unterzeichnet", "Treaty signed"]

    page.select_option("#filter-outlet", label="The Post")
    assert [row[2] for row in visit.rows("findings-table")] == ["Treaty signed"]
    assert titles() == ["Treaty signed"]

    page.select_option("#filter-severity", label="all severities")
    page.select_option("#filter-outlet", label="all outlets")
    page.select_option("#filter-language", label="de")
    assert codes() == ["TMP001", "ATR001", "DQ005"]

    page.select_option("#filter-language", label="all languages")
    page.select_option("#filter-family", label="TMP")
    assert codes() == ["TMP001"]
    page.select_option("#filter-family", label="all families")
    page.select_option("#filter-check", label="DQ005 Short")
    assert codes() == ["DQ005"] and titles() == ["Kurzmeldung"]
    page.select_option("#filter-check", label="all checks")

    page.fill("#filter-search", "anonyme")
    assert [row[7] for row in visit.rows("findings-table")] == ["Anonyme Quelle"]
    page.fill("#filter-search", "")
    page.fill("#filter-article", "treaty")
    assert codes() == ["ATR001"] and titles() == ["Treaty signed"]
    page.fill("#filter-article", "")
    page.check("#filter-related")
    assert codes() == ["TMP001"]
    assert page.inner_text("#findings-table-status") == "Showing 1 of 1."
    page.uncheck("#filter-related")
    # an article's own findings, chosen from the articles table
    page.click("#articles-table tbody tr:has-text('Vertrag unterzeichnet') button.only")
    assert page.input_value("#filter-article") == "de1"
    assert codes() == ["TMP001", "ATR001"] and titles() == ["Vertrag unterzeichnet"]
    assert visit.errors == [] and visit.dialogs == []


def test_a_filtered_view_opens_from_its_url(browser, visit, tmp_path):
    path = corpus_page(tmp_path)
    codes = lambda: [row[1] for row in visit.rows("findings-table")]  # noqa: E731

    page = visit.open(path, "#severity=warning&outlet=The+Post")
    assert codes() == ["ATR001"] and visit.article_titles() == ["Treaty signed"]
    assert page.eval_on_selector("#filter-severity", "s => s.selectedOptions[0].text") == \
        "warning"
    assert page.eval_on_selector("#filter-outlet", "s => s.selectedOptions[0].text") == \
        "The Post"

    page = visit.open(path, "#q=anonyme&check=ATR001&language=de&article=Vertrag&related=0")
    assert [row[7] for row in visit.rows("findings-table")] == ["Anonyme Quelle"]
    assert page.input_value("#filter-search") == "anonyme"
    assert page.input_value("#filter-article") == "Vertrag"
    assert not page.is_checked("#filter-related")
    page = visit.open(path, "#family=TMP&related=1")
    assert codes() == ["TMP001"] and page.is_checked("#filter-related")

    # near misses: a value the report does not offer filters nothing and leaves the URL
    page = visit.open(path, "#severity=warn&check=ATR01&outlet=The%20Pos&language=fr&family=T")
    assert codes() == ["TMP001", "ATR001", "ATR001", "DQ005"]
    assert [page.input_value(f"#filter-{name}") for name in
            ("severity", "check", "outlet", "language", "family")] == [""] * 5
    assert page.evaluate("location.hash") == ""
    # a page anchor is not a filter: the finding opens, all findings stay shown
    page = visit.open(path, "#finding-2")
    assert codes() == ["TMP001", "ATR001", "ATR001", "DQ005"]
    assert page.evaluate("location.hash") == "#finding-2"
    assert visit.errors == [] and visit.dialogs == []


def test_changing_a_filter_writes_it_into_the_url(browser, visit, tmp_path):
    path = corpus_page(tmp_path)
    page = visit.open(path)
    fragment = lambda: page.evaluate("location.hash")  # noqa: E731
    assert fragment() == ""

    page.select_option("#filter-family", label="ATR")
    assert fragment() == "#family=ATR"
    page.fill("#filter-search", "Vertrag am")
    assert fragment() == "#q=Vertrag+am&family=ATR"
    page.select_option("#filter-check", label="DQ005 Short")
    page.select_option("#filter-severity", label="info")
    page.select_option("#filter-outlet", label="Kurier")
    page.select_option("#filter-language", label="de")
    page.fill("#filter-article", "de2")
    page.check("#filter-related")
    assert fragment() == ("#q=Vertrag+am&check=DQ005&family=ATR&severity=info&article=de2"
                          "&outlet=Kurier&language=de&related=1")
    # the URL written opens the same view in another tab
    shared = page.url
    other = Visit(browser)
    try:
        other.page.goto(shared)
        other.page.wait_for_selector("body[data-ready]")
        assert other.page.input_value("#filter-search") == "Vertrag am"
        assert other.page.eval_on_selector(
            "#filter-check", "s => s.selectedOptions[0].text") == "DQ005 Short"
        assert other.page.is_checked("#filter-related")
    finally:
        other.context.close()

    for name in ("check", "family", "severity", "outlet", "language"):
        page.select_option(f"#filter-{name}", index=0)
    page.fill("#filter-search", "")
    page.fill("#filter-article", "")
    page.uncheck("#filter-related")
    assert fragment() == "" and "#" not in page.url
    # a check chosen from the checks section, an article from the articles table
    page.click("#articles-table tbody tr:has-text('Treaty signed') button.only")
    assert fragment() == "#article=en1"
    # a URL edited by hand (or Back) applies its filters
    page.evaluate("location.hash = '#check=DQ005'")
    page.wait_for_function("document.getElementById('filter-article').value === ''")
    assert [row[1] for row in visit.rows("findings-table")] == ["DQ005"]
    # following a finding keeps the anchor; the filters stay as they are
    page.click("#findings-table tbody tr:first-child td.passage a")
    assert fragment() == "#finding-3"
    assert page.input_value("#filter-check") != ""
    assert visit.errors == [] and visit.dialogs == []


def test_sorting_by_a_column_and_back(browser, visit, tmp_path):
    page = visit.open(corpus_page(tmp_path))
    page.click("#findings-table th:nth-child(7) button")  # Passage, ascending
    assert [row[6] for row in visit.rows("findings-table")] == [
        "am Montag ↔ side by side", "Insider", "Kurze Meldung",
        "People familiar with the matter"]
    assert page.get_attribute("#findings-table th:nth-child(7)", "aria-sort") == "ascending"
    page.click("#findings-table th:nth-child(7) button")
    assert visit.rows("findings-table")[0][6] == "People familiar with the matter"
    page.click("#articles-table th:nth-child(1) button")  # titles A-Z
    assert visit.article_titles() == ["Kurzmeldung", "Treaty signed", "Vertrag unterzeichnet"]


def test_show_more_pages_through_a_long_table(browser, visit, tmp_path):
    text = "Insider " * 150
    findings = [{**finding("de1", text, "Insider"), "start": 8 * i, "end": 8 * i + 7}
                for i in range(150)]
    page = visit.open(write(tmp_path, render_html(document([article("de1")], findings),
                                                  {"de1": text}, [ATTRIBUTION])))
    assert len(visit.rows("findings-table")) == 100
    page.click("#findings-table-more")
    assert len(visit.rows("findings-table")) == 150
    assert page.is_hidden("#findings-table-more")


# -- following a finding into the text ------------------------------------------------------


MARK_OFFSET = """id => {
  // the offset of the mark's first character in the article text, links left out
  const mark = document.getElementById(id);
  const text = mark.closest('.text');
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  let offset = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('a.other-side')) continue;
    if (mark.contains(node)) return offset;
    offset += node.data.length;
  }
  return -1;
}"""


def test_a_finding_links_to_its_highlight_on_the_right_characters(browser, visit, tmp_path):
    page = visit.open(corpus_page(tmp_path))
    page.click("#findings-table tbody tr:first-child td.passage a")  # TMP001 "am Montag"
    assert page.evaluate("location.hash") == "#finding-2"
    assert page.evaluate("document.querySelector(':target').id") == "finding-2"
    assert page.inner_text("#finding-2") == "am Montag"
    assert page.evaluate(MARK_OFFSET, "finding-2") == DE.index("am Montag")
    assert page.is_visible("#finding-2")
    # the mark opens the other side, whose passage is the related span
    page.click("#finding-2 + a.other-side")
    assert page.evaluate("location.hash") == "#related-2-0"
    assert page.inner_text("#related-2-0") == "on Tuesday"
    assert page.evaluate(MARK_OFFSET, "related-2-0") == EN.index("on Tuesday")


def test_in_a_split_report_findings_open_the_article_page_at_the_passage(
        browser, visit, tmp_path, audit_texts, monkeypatch):
    from audit.report import json as json_report

    monkeypatch.setattr(html, "SPLIT_ARTICLES", 1)
    result = audit_texts({
        "a.md": "---\ntitle: Gespräche\nsource: Kurier\npublished: 2025-02-15\n---\n"
                "Einleitung.\nInsider sagten, der Vertrag sei am Montag unterzeichnet worden.\n",
        "b.md": "---\ntitle: Talks\nlanguage: en\nsource: The Post\n---\n"
                "The treaty was signed on Tuesday, officials said.\n",
    })
    doc = json_report.document(result)
    text, other = result.tables.text_of("a"), result.tables.text_of("b")
    start, related = text.index("am Montag"), other.index("on Tuesday")
    doc["findings"] = [{
        "code": "TMP001", "severity": "error", "article_id": "a", "path": "a.md",
        "start": start, "end": start + 9, "line": 2, "excerpt": "am Montag", "message": "m",
        "related": [{"article_id": "b", "start": related, "end": related + 10,
                     "excerpt": "on Tuesday"}], "fingerprint": "f"}]
    entry = write_report(tmp_path, doc, result.tables, [DATES])

    page = visit.open(entry)
    page.click("#findings-table tbody tr:first-child td.passage a >> text=am Montag")
    page.wait_for_url("**/articles/0.html#finding-0")
    page.wait_for_load_state("load")  # the stylesheet applied
    assert page.url == (tmp_path / "articles" / "0.html").as_uri() + "#finding-0"
    assert page.evaluate(MARK_OFFSET, "finding-0") == start
    # side by side in the article view, both sentences whole
    sides = page.eval_on_selector_all("#item-0 figure.side blockquote",
                                      "quotes => quotes.map(q => q.textContent)")
    assert sides == ["Insider sagten, der Vertrag sei am Montag unterzeichnet worden.",
                     "The treaty was signed on Tuesday, officials said."]
    page.click("#finding-0 + a.other-side")
    page.wait_for_url("**/articles/1.html#related-0-0")
    page.wait_for_load_state("load")
    assert page.url == (tmp_path / "articles" / "1.html").as_uri() + "#related-0-0"
    assert page.evaluate(MARK_OFFSET, "related-0-0") == related
    assert page.evaluate("getComputedStyle(document.body).fontFamily")  # styles loaded
    assert page.evaluate(
        "getComputedStyle(document.querySelector('mark.rel')).borderBottomStyle") == "dotted"
    assert all(url.startswith("file://") for url in visit.requests)
    assert visit.errors == []


# -- hostile text ---------------------------------------------------------------------------

HOSTILE_TEXT = (
    "Vorspann <script>window.pwned = 'script'</script> "
    "<img src=x onerror=\"window.pwned = 'onerror'\"> "
    "<a href=\"javascript:window.pwned = 'link'\">klick</a> "
    "</script><script>window.pwned = 'closed'</script> "
    "<!-- --> ]]> \u2028 \u2029 Nachspann"
)
PAYLOAD = "\"'><img src=x onerror=\"window.pwned='attr'\"></script><script>window.pwned=1</script>"


def hostile_document():
    text = HOSTILE_TEXT
    evil = {"article_id": f"evil{PAYLOAD}", "path": f"corpus/{PAYLOAD}.md", "title": PAYLOAD,
            "published": PAYLOAD, "language": PAYLOAD, "status": "audited", "reason": None,
            "source": PAYLOAD, "url": "javascript:window.pwned='url'", "author": PAYLOAD,
            "warnings": [PAYLOAD]}
    other = {**article("other"), "url": f"https://example.org/{PAYLOAD}"}
    flagged = {
        **finding(evil["article_id"], text, "<script>window.pwned = 'script'</script>",
                  message=PAYLOAD),
        "code": f"ATR001{PAYLOAD}", "excerpt": PAYLOAD, "suppressed": PAYLOAD,
        "related": [{"article_id": "other", "start": 0, "end": 5, "excerpt": PAYLOAD}],
    }
    second = finding(evil["article_id"], text, "</script><script>window.pwned = 'closed'",
                     message=PAYLOAD)
    checks = [{**ATTRIBUTION, "code": f"ATR001{PAYLOAD}", "title": PAYLOAD, "what": PAYLOAD}]
    doc = document([evil, other], [flagged, second],
                   [{"path": PAYLOAD, "check": PAYLOAD, "message": PAYLOAD}])
    return doc, {evil["article_id"]: text, "other": f"Other {PAYLOAD} text."}, checks


def assert_harmless(visit, page):
    assert page.evaluate("window.pwned") is None
    assert visit.dialogs == [] and visit.errors == []
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.querySelectorAll('[onerror], [onload]').length") == 0
    assert page.evaluate("Array.from(document.querySelectorAll('a[href]'))"
                         ".filter(a => !/^(file|https):/.test(a.href)).map(a => a.href)") == []
    assert all(url.startswith("file://") for url in visit.requests), visit.requests


def test_hostile_text_runs_nothing_and_reads_as_text(browser, visit, tmp_path):
    doc, texts, checks = hostile_document()
    page = visit.open(write(tmp_path, render_html(doc, texts, checks)))

    assert_harmless(visit, page)
    shown = page.evaluate(
        "Array.from(document.querySelector('#article-0 .text').childNodes)"
        ".filter(n => !(n.matches && n.matches('a.other-side')))"
        ".map(n => n.textContent).join('')")
    assert shown == HOSTILE_TEXT
    assert page.text_content("#finding-0") == "<script>window.pwned = 'script'</script>"
    [active] = visit.rows("findings-table")
    assert active[2] == PAYLOAD and active[7] == PAYLOAD
    [suppressed] = visit.rows("suppressed-table")
    assert suppressed[1] == f"ATR001{PAYLOAD}"
    assert suppressed[6] == f"{PAYLOAD} ↔ side by side"
    assert suppressed[7] == f"{PAYLOAD} suppressed: {PAYLOAD}"
    assert page.text_content("#article-0 .article-title").startswith("\"'><img src=x")
    # the URL that is not a web URL is text; the web URL is a link that sends no referrer
    assert page.text_content("#article-0 code.url") == "javascript:window.pwned='url'"
    # searching, filtering and following links write nothing as markup either
    page.fill("#filter-search", "<script>")
    page.select_option("#filter-check", index=1)
    assert len(visit.rows("suppressed-table")) == 1
    page.click("#suppressed-table tbody tr:first-child td.passage a")
    page.click("#checks button[data-check]")
    assert_harmless(visit, page)


def test_hostile_filters_in_the_url_are_values_never_markup(browser, visit, tmp_path):
    from urllib.parse import urlencode

    doc, texts, checks = hostile_document()
    path = write(tmp_path, render_html(doc, texts, checks))
    fragment = urlencode({"q": "<script>", "check": f"ATR001{PAYLOAD}", "article": PAYLOAD,
                          "outlet": PAYLOAD, "language": f"</script>{PAYLOAD}"})
    page = visit.open(path, "#" + fragment)
    assert_harmless(visit, page)
    assert page.input_value("#filter-search") == "<script>"
    assert page.input_value("#filter-article") == PAYLOAD
    assert page.eval_on_selector("#filter-check", "s => s.selectedOptions[0].text") == \
        f"ATR001{PAYLOAD} {PAYLOAD}"
    assert page.input_value("#filter-language") == ""  # no such language in the report
    assert len(visit.rows("suppressed-table")) == 1
    page = visit.open(path, "#q=" + "%3Cimg%20src%3Dx%20onerror%3Dwindow.pwned%3D1%3E")
    assert page.input_value("#filter-search") == "<img src=x onerror=window.pwned=1>"
    assert_harmless(visit, page)


def test_hostile_text_in_a_split_report_runs_nothing(browser, visit, tmp_path):
    doc, texts, checks = hostile_document()
    (tmp_path / "articles").mkdir()
    for name, content in render_pages(doc, texts, checks, split=True).items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    index = tmp_path / "index.html"

    page = visit.open(index)
    assert_harmless(visit, page)
    for number in range(2):
        page = visit.open(tmp_path / "articles" / f"{number}.html")
        assert_harmless(visit, page)
    page = visit.open(tmp_path / "articles" / "0.html", "#finding-1")
    assert page.inner_text("#finding-1") == "</script><script>window.pwned = 'closed'"
    assert_harmless(visit, page)


def test_without_a_browser_the_tests_skip_with_the_reason_and_fail_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is absent"):
        _unavailable("/usr/bin/chromium is absent (apt-get install chromium)")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true requires the browser tests"):
        _unavailable("/usr/bin/chromium is absent (apt-get install chromium)")
