"""Ingest: every input becomes a row of the articles table, with its status and reason."""

import json

import pandas as pd
import pytest

from audit.ingest import from_records, ingest
from audit.ingest.published import PublicationDate, parse_published


def write(path, text, encoding="utf-8"):
    path.write_text(text, encoding=encoding)
    return path


def test_front_matter_sets_metadata_and_offsets_start_after_it(tmp_path):
    write(tmp_path / "brief.md", "---\ntitle: Neue Brücke\npublished: 2025-06-20\n"
          "language: de\n---\nDie Brücke wurde eröffnet.\n")
    row = ingest([tmp_path]).iloc[0]
    assert row.article_id == "brief"
    assert row.title == "Neue Brücke"
    assert row.published == "2025-06-20" and row.published_precision == "day"
    assert row.text == "Die Brücke wurde eröffnet.\n"
    assert row.line_offset == 5
    assert row.status == "audited"


def test_front_matter_waivers_fill_the_articles_waivers_column(tmp_path):
    write(tmp_path / "gericht.md", "---\ntitle: Gericht\naudit-ignore: [ATR003, DQ]\n"
          "audit-ignore-reason: die Vermutungen sind die des Gerichts\n---\n"
          "Der Minister soll davon gewusst haben.\n")
    write(tmp_path / "court.md", "---\ntitle: ATR003\n---\nThe minister is said to know.\n")
    table = ingest([tmp_path]).set_index("article_id")
    reason = "die Vermutungen sind die des Gerichts"
    assert table.waivers["gericht"] == [{"code": "ATR003", "reason": reason},
                                        {"code": "DQ", "reason": reason}]
    # Near miss: a code in another key waives nothing.
    assert table.waivers["court"] == []


def test_without_front_matter_the_first_line_is_the_title(tmp_path):
    write(tmp_path / "story.txt", "\nBridge opens\n\nThe bridge opened on Monday.")
    row = ingest([tmp_path]).iloc[0]
    assert row.title == "Bridge opens"
    assert row.text.startswith("\nBridge opens")
    assert pd.isna(row.published)


def test_inline_metadata_at_the_start_is_read_and_removed(tmp_path):
    write(tmp_path / "kurz.txt", " date 2025-04 Die Minister trafen sich in Genf.")
    row = ingest([tmp_path]).iloc[0]
    assert row.published == "2025-04" and row.published_precision == "month"
    assert row.text == "Die Minister trafen sich in Genf."
    assert row.title == "Die Minister trafen sich in Genf."


def test_a_date_later_in_the_text_is_not_metadata(tmp_path):
    write(tmp_path / "kurz.txt", "Die Minister trafen sich am 2025-04-02 in Genf.")
    row = ingest([tmp_path]).iloc[0]
    assert pd.isna(row.published)
    assert row.text == "Die Minister trafen sich am 2025-04-02 in Genf."


def test_jsonl_records_use_their_ids_and_a_broken_line_fails_alone(tmp_path):
    lines = [
        json.dumps({"id": "a1", "title": "Eins", "text": "Erster Text.", "published": "2025-02"}),
        "{not json",
        json.dumps({"id": "a3", "text": ""}),
        json.dumps({"title": "ohne id", "text": "Second text."}),
    ]
    write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    table = ingest([tmp_path / "feed.jsonl"])
    assert list(table.article_id) == ["a1", "feed:2", "a3", "feed:4"]
    assert list(table.status) == ["audited", "failed", "skipped", "audited"]
    assert table.reason[1].startswith("line 2: invalid JSON")
    assert table.reason[2] == "line 3 has an empty text"
    assert table.published[0] == "2025-02" and table.published_precision[0] == "month"
    assert table.title[3] == "ohne id"


def test_undecodable_empty_and_unsupported_files_are_reported_not_skipped_silently(tmp_path):
    write(tmp_path / "gut.md", "Ein guter Text über den Hafen.")
    (tmp_path / "kaputt.txt").write_bytes("Stra\xdfe".encode("latin-1"))
    write(tmp_path / "leer.txt", "  \n")
    write(tmp_path / "bild.png", "not an image")
    table = ingest([tmp_path]).set_index("article_id")
    assert table.loc["gut", "status"] == "audited"
    assert table.loc["kaputt", "status"] == "failed"
    assert table.loc["kaputt", "reason"] == (
        "cannot read: not valid UTF-8 (byte 0xdf at offset 4); re-save the file as UTF-8")
    assert table.loc["leer", "status"] == "skipped"
    assert table.loc["leer", "reason"] == "empty file"
    assert table.loc["bild", "status"] == "skipped"
    assert table.loc["bild", "reason"].startswith("unsupported file type '.png'")


def test_csv_and_parquet_records(tmp_path):
    records = pd.DataFrame({"id": ["c1", "c2"], "title": ["T1", "T2"],
                            "text": ["Text eins.", "Text two."],
                            "published": ["15.02.2025", ""]})
    records.to_csv(tmp_path / "a.csv", index=False)
    records.to_parquet(tmp_path / "b.parquet")
    table = ingest([tmp_path / "a.csv", tmp_path / "b.parquet"])
    assert list(table.article_id) == ["c1", "c2", "c1~2", "c2~2"]
    assert table.published[0] == "2025-02-15"
    assert "article id 'c1' is used more than once" in table.warnings[2][0]


def test_csv_without_text_column_fails_with_the_columns_named(tmp_path):
    write(tmp_path / "x.csv", "id,body\n1,hello\n")
    row = ingest([tmp_path / "x.csv"]).iloc[0]
    assert row.status == "failed"
    assert row.reason == "no 'text' column (columns: id, body)"


def test_a_missing_path_is_a_failed_input_and_the_others_are_read(tmp_path):
    write(tmp_path / "da.md", "Die Brücke wurde eröffnet.")
    table = ingest([tmp_path / "nope", tmp_path / "da.md"])
    assert list(table.path) == [str(tmp_path / "nope"), str(tmp_path / "da.md")]
    assert list(table.status) == ["failed", "audited"]
    assert table.reason[0] == "no such file or directory"


def test_unreadable_publication_date_is_a_warning_and_the_article_is_audited():
    table = from_records([{"id": "x", "text": "Ein Text.", "published": "irgendwann"}])
    assert table.status[0] == "audited"
    assert pd.isna(table.published[0])
    assert table.warnings[0] == ["publication date 'irgendwann' is not a date audit can read"]


@pytest.mark.parametrize("raw, value, precision", [
    ("2025-02-15", "2025-02-15", "day"),
    ("2025-02-15T08:30:00Z", "2025-02-15", "day"),
    ("2025-04", "2025-04", "month"),
    ("2025", "2025", "year"),
    ("15.02.2025", "2025-02-15", "day"),
    ("04/2025", "2025-04", "month"),
    ("15. Februar 2025", "2025-02-15", "day"),
    ("February 15, 2025", "2025-02-15", "day"),
])
def test_publication_dates_keep_their_precision(raw, value, precision):
    published = parse_published(raw)
    assert (published.isoformat(), published.precision) == (value, precision)


def test_month_precision_denotes_the_whole_month():
    published = PublicationDate(parse_published("2025-04").value, "month")
    assert (str(published.earliest), str(published.latest)) == ("2025-04-01", "2025-04-30")


def test_impossible_calendar_date_is_rejected():
    with pytest.raises(ValueError, match="'2025-02-30' is not a calendar date"):
        parse_published("2025-02-30")


def test_a_records_waivers_may_be_a_json_array():
    table = from_records([{"id": "x", "title": ["a"], "text": "Ein Text.",
                           "audit-ignore": ["ATR003", "DQ"], "audit-ignore-reason": "x"}])
    assert table.waivers[0] == [{"code": "ATR003", "reason": "x"},
                                {"code": "DQ", "reason": "x"}]
    # the near miss: an array in another field is still left out, with a warning
    assert table.title[0] != ["a"]
    assert any("the field 'title' is a JSON array" in warning
               for warning in table.warnings[0])
    # and an array holding something other than codes is too
    table = from_records([{"id": "y", "text": "Ein Text.", "audit-ignore": [["ATR003"]],
                           "audit-ignore-reason": "x"}])
    assert table.waivers[0] == []


def test_a_corpus_read_in_chunks_makes_the_table_read_at_once(monkeypatch):
    """Texts and titles are packed a chunk of rows at a time; the table is the same, types
    included, whatever the chunk size, also where a title is missing in one chunk only."""
    import audit.ingest as ingest_module

    records = [{"id": f"r{n}", "text": f"Überschrift {n}\n\nDer Text „{n}“ ist kurz."}
               for n in range(5)]
    records[3]["text"] = "   "  # no line to take a title from: an empty title
    records.append({"id": "f", "text": 7})  # not a text: failed, its text empty
    whole = from_records(records)
    monkeypatch.setattr(ingest_module, "INGEST_CHUNK", 2)
    chunked = from_records(records)
    assert chunked.text.array._pa_array.num_chunks == 3
    pd.testing.assert_frame_equal(chunked, whole)
    assert list(chunked.title) == ["Überschrift 0", "Überschrift 1", "Überschrift 2", "",
                                   "Überschrift 4", ""]
    assert str(chunked.text.dtype) == "str"


def test_a_column_that_is_not_all_text_is_left_as_the_rows_give_it(monkeypatch):
    """A packed column whose later chunk holds a value that is not a string goes back into
    the rows, and the table is what the rows make (the near miss: packing it anyway)."""
    import audit.ingest as ingest_module

    packed = ingest_module._PackedTexts()
    rows = [{"text": "a", "title": "A"}, {"text": "b", "title": "B"}]
    assert packed.take(rows) == [{"text": None, "title": None}] * 2
    later = [{"text": "c", "title": 3}]
    packed.take(later)
    assert [row["title"] for row in packed.rows] == ["A", "B", 3]
    assert packed.chunks["title"] is None and len(packed.chunks["text"]) == 2
    table = packed.into(pd.DataFrame(packed.rows))
    assert list(table.text) == ["a", "b", "c"] and list(table.title) == ["A", "B", 3]


def test_titles_that_are_their_texts_share_the_texts_arrow_array(monkeypatch):
    """A chunk of one-line articles (each title its text) holds the corpus once; in a chunk
    where one title differs (the near miss) that title has an array of its own and the
    others are slices of the texts'; a chunk of real titles shares nothing."""
    import audit.ingest as ingest_module

    monkeypatch.setattr(ingest_module, "INGEST_CHUNK", 3)
    records = [{"id": "a", "text": "Erste Zeile ohne Umbruch."},
               {"id": "b", "text": "Zweite Zeile."},
               {"id": "c", "text": "Dritte."},
               {"id": "d", "text": "Vierte."},
               {"id": "e", "text": "Titel\n\nText."},
               {"id": "f", "text": "Sechste."},
               {"id": "g", "text": "Titel\n\nText."}]
    table = from_records(records)
    assert list(table.title) == ["Erste Zeile ohne Umbruch.", "Zweite Zeile.", "Dritte.",
                                 "Vierte.", "Titel", "Sechste.", "Titel"]
    texts = table.text.array.__arrow_array__().chunks
    titles = table.title.array.__arrow_array__().chunks
    assert [len(chunk) for chunk in texts] == [3, 3, 1]
    assert [len(chunk) for chunk in titles] == [3, 1, 1, 1, 1]
    data = [chunk.buffers()[2].address for chunk in texts]
    assert titles[0].buffers()[2].address == data[0]  # (the whole chunk shared)
    assert [titles[n].buffers()[2].address == data[1] for n in (1, 2, 3)] == \
        [True, False, True]  # (sliced around the one title of its own)
    assert titles[4].buffers()[2].address != data[2]
    monkeypatch.setattr(ingest_module, "INGEST_CHUNK", 1000)
    pd.testing.assert_frame_equal(table, from_records(records))
