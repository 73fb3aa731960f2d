"""The timeline of dated assertions: its entries, and how the HTML report shows them."""

from __future__ import annotations

import re

from audit.pipeline import build_tables
from audit.report import html
from audit.report.html import render_html
from audit.report.timeline import dated_assertions, near_and_remote
from tests.test_report_html import article, document, finding

GERMAN = ("---\npublished: 2025-06-20\nlanguage: de\n---\nGespräche\n"
          "Die Delegationen trafen sich am 2. Juni in Istanbul.\n"
          "Der Vertrag war am 3. März 2025 ausgelaufen.\n"
          "Über die Ergebnisse wurde nichts bekannt.\n")
ENGLISH = ("---\npublished: 2025-06-20\nlanguage: en\n---\nTalks\n"
           "The minister said the port reopened yesterday.\n"
           "Nothing else was announced.\n")


def tables_of(tmp_path, **files):
    for name, text in files.items():
        (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
    return build_tables([tmp_path], jobs=1)


def test_dated_assertions_are_listed_earliest_first_with_their_date_expression(tmp_path):
    tables = tables_of(tmp_path, de=GERMAN, en=ENGLISH)
    entries = dated_assertions(tables)
    texts = dict(zip(tables.articles.article_id, tables.articles.text, strict=True))
    shown = [(e["article_id"], e["earliest"], e["latest"], e["basis"], e["date_text"],
              texts[e["article_id"]][e["date_start"]:e["date_end"]]) for e in entries]
    assert shown == [
        ("de", "2025-03-03", "2025-03-03", "explicit", "3. März 2025", "3. März 2025"),
        ("de", "2025-06-02", "2025-06-02", "relative", "2. Juni", "2. Juni"),
        ("en", "2025-06-19", "2025-06-19", "relative", "yesterday", "yesterday"),
    ]
    # the statement is the whole sentence; undated sentences are not on the timeline
    first = entries[0]
    assert texts["de"][first["start"]:first["end"]] == (
        "Der Vertrag war am 3. März 2025 ausgelaufen.")
    assert entries[2]["speaker"] == "The minister"


def test_an_article_that_failed_to_read_is_not_on_the_timeline(tmp_path):
    (tmp_path / "broken.md").write_bytes(b"\xff\xfe\x00broken")
    entries = dated_assertions(tables_of(tmp_path, de=GERMAN))
    assert {e["article_id"] for e in entries} == {"de"}


TEXT = "Der Vertrag lief am 3. März 2025 aus. Am 2. Juni <b>kam</b> die Einigung."


def entry(phrase, earliest, latest=None, basis="relative", speaker=None, article_id="de1"):
    date_start = TEXT.index(phrase)
    sentence_start = TEXT.rfind(". ", 0, date_start)
    start = 0 if sentence_start < 0 else sentence_start + 2
    end = TEXT.index(".", date_start + len(phrase)) + 1
    return {"article_id": article_id, "start": start, "end": end, "earliest": earliest,
            "latest": latest or earliest, "basis": basis, "speaker": speaker,
            "date_start": date_start, "date_end": date_start + len(phrase), "date_text": phrase}


def page(entries, findings=()):
    return render_html(document([article("de1", title="Vertrag")], findings),
                       {"de1": TEXT}, [], entries)


def test_timeline_rows_mark_the_date_escape_the_text_and_head_each_month():
    out = page([entry("3. März 2025", "2025-03-03", basis="explicit"),
                entry("2. Juni", "2025-06-02", speaker="Ministerin <Berger>")])
    section = out[out.index('<section id="timeline">'):out.index("</main>")]
    assert '<h2>Timeline (2 dated assertions)</h2>' in section
    assert section.count('<tr class="month">') == 2
    assert '<th colspan="6">2025-03</th>' in section and '<th colspan="6">2025-06</th>' in section
    assert ('<td class="statement">Der Vertrag lief am <mark class="date">3. März 2025</mark> '
            "aus.</td>") in section
    assert ('Am <mark class="date">2. Juni</mark> &lt;b&gt;kam&lt;/b&gt; die Einigung.'
            in section)
    assert "<td>Ministerin &lt;Berger&gt;</td>" in section
    assert "<b>" not in section
    assert '<li><a href="#timeline">Timeline (2)</a></li>' in out


def test_an_interval_is_written_as_a_range_and_a_point_as_one_day():
    out = page([entry("2. Juni", "2025-06-01", "2025-06-30"), entry("3. März 2025", "2025-03-03")])
    assert '<td class="when">2025-06-01 – 2025-06-30</td>' in out
    assert '<td class="when">2025-03-03</td>' in out


def test_a_row_with_a_finding_in_its_statement_links_to_the_finding():
    flagged = finding("de1", TEXT, "2. Juni", code="TMP001")
    out = page([entry("3. März 2025", "2025-03-03"), entry("2. Juni", "2025-06-02")], [flagged])
    rows = out[out.index('<section id="timeline">'):].split("<tr")
    june = next(row for row in rows if "2025-06-02" in row)
    march = next(row for row in rows if "2025-03-03" in row)
    assert june.startswith(' class="flagged">')
    assert '<a href="#item-0"><code>TMP001</code></a>' in june
    assert "TMP001" not in march and not march.startswith(' class="flagged"')


def test_no_timeline_section_without_dated_assertions():
    out = page([])
    assert 'id="timeline"' not in out and 'href="#timeline"' not in out


def test_a_long_timeline_is_cut_with_a_count_of_what_is_left(monkeypatch):
    monkeypatch.setattr(html, "TIMELINE_LIMIT", 1)
    out = page([entry("3. März 2025", "2025-03-03"), entry("2. Juni", "2025-06-02")])
    assert "2025-03-03" in out and '<td class="when">2025-06-02</td>' not in out
    assert "1 more dated assertions, further from the period, are not listed" in out


def test_a_long_statement_is_cut_around_its_date():
    long_text = "Vorher " * 100 + "am 2. Juni" + " nachher" * 100 + "."
    row = {"article_id": "de1", "start": 0, "end": len(long_text), "earliest": "2025-06-02",
           "latest": "2025-06-02", "basis": "relative", "speaker": None,
           "date_start": long_text.index("2. Juni"), "date_end": long_text.index("2. Juni") + 7,
           "date_text": "2. Juni"}
    out = render_html(document([article("de1")]), {"de1": long_text}, [], [row])
    statement = out.split('<td class="statement">')[1].split("</td>")[0]
    assert statement.startswith("… Vorher") and statement.endswith("nachher …")
    assert '<mark class="date">2. Juni</mark>' in statement
    assert len(statement.replace('<mark class="date">', "").replace("</mark>", "")) <= 304


# -- centred on the period the corpus reports on -------------------------------------------


def dated(article_id, earliest, latest=None):
    return {"article_id": article_id, "earliest": earliest, "latest": latest or earliest}


def test_dates_far_from_their_articles_publication_are_set_apart():
    entries = [dated("de", "2019-11-01"), dated("de", "2022-03-01"), dated("en", "1945-05-08"),
               dated("en", "2025-06-01", "2025-06-30"), dated("de", "2016-01-01", "2024-12-31")]
    near, remote, period = near_and_remote(entries, {"de": "2025-02-15", "en": "2025-06"})

    assert period == (2025, 2025)
    assert [e["earliest"] for e in near] == ["2022-03-01", "2025-06-01", "2016-01-01"]
    assert [e["earliest"] for e in remote] == ["2019-11-01", "1945-05-08"]


def test_an_undated_article_is_measured_against_the_corpus_period():
    entries = [dated("undated", "2020-01-01"), dated("undated", "2021-07-01"),
               dated("dated", "2024-05-01")]
    near, remote, period = near_and_remote(entries, {"undated": None, "dated": "2024-05-02",
                                                     "other": "2025-01"})
    assert period == (2024, 2025)
    assert [e["earliest"] for e in near] == ["2021-07-01", "2024-05-01"]
    assert [e["earliest"] for e in remote] == ["2020-01-01"]


def test_without_any_publication_date_the_timeline_centres_on_the_year_of_its_days():
    # a corpus like 10kGNAD: no dates; background years and a founding year are remote
    entries = [dated("a", "0753-01-01", "0753-12-31"), dated("a", "1989-01-01", "1989-12-31"),
               dated("a", "1990-01-01", "1999-12-31"), dated("a", "2008-01-01", "2008-12-31"),
               dated("b", "2015-03-01"), dated("b", "2016-01-04"), dated("c", "2016-02-01"),
               dated("c", "2013-05-01", "2013-05-31")]
    near, remote, period = near_and_remote(entries, {"a": None, "b": None, "c": None})
    assert period == (2016, 2016)  # two single days in 2016, one in 2015
    assert [e["earliest"] for e in remote] == ["0753-01-01", "1989-01-01", "1990-01-01",
                                               "2008-01-01"]
    assert [e["earliest"] for e in near] == ["2015-03-01", "2016-01-04", "2016-02-01",
                                             "2013-05-01"]


def test_a_corpus_naming_no_single_day_centres_on_its_most_frequent_year():
    entries = [dated("a", "2014-01-01", "2014-12-31"), dated("b", "2014-03-01", "2014-03-31"),
               dated("b", "1914-01-01", "1914-12-31")]
    near, remote, period = near_and_remote(entries, {})
    assert period == (2014, 2014) and [e["earliest"] for e in remote] == ["1914-01-01"]


def test_the_report_shows_remote_dates_apart_under_the_period():
    out = page([entry("3. März 2025", "2025-03-03", basis="explicit"),
                entry("2. Juni", "1925-06-02")])
    section = out[out.index('<section id="timeline">'):out.index("</main>")]
    main, remote = section.split('<details id="timeline-remote">')
    assert "<caption>Around the publication period 2025</caption>" in main
    assert "2025-03-03" in main and "1925-06-02" not in main
    assert "<summary>Dates more than 3 years away (1): history and background</summary>" \
        in remote
    assert "1925-06-02" in remote


def test_without_publication_dates_the_report_says_what_the_timeline_is_centred_on():
    undated = {**article("de1", title="Vertrag"), "published": None}
    out = render_html(document([undated]), {"de1": TEXT}, [],
                      [entry("3. März 2025", "2025-03-03"), entry("2. Juni", "1925-06-02")])
    assert ("<caption>Around 2025, the year most of the dates naming a day fall in (no article "
            "has a publication date)</caption>") in out


def test_a_long_timeline_keeps_the_dates_nearest_its_period_in_date_order(monkeypatch):
    monkeypatch.setattr(html, "TIMELINE_LIMIT", 2)
    out = page([entry("3. März 2025", "2022-03-03"), entry("3. März 2025", "2024-12-01"),
                entry("2. Juni", "2025-06-02"), entry("2. Juni", "2028-06-02")])
    main = out[out.index('<section id="timeline">'):out.index("</main>")]
    assert re.findall(r'<td class="when">([^<]*)</td>', main) == ["2024-12-01", "2025-06-02"]
    assert "2 more dated assertions, further from the period, are not listed" in main
