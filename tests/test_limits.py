"""Input limits: parsed from [tool.audit.limits], applied at ingest with the limit named."""

import json

import pytest

from audit.ingest import from_records, ingest
from audit.limits import DEFAULT, Limits

SMALL = Limits(max_article_chars=40, max_line_chars=25, max_record_nesting=3,
               max_field_chars=10)


def test_limits_from_a_table_with_hyphenated_keys_keep_the_other_defaults():
    limits = Limits.from_table({"max-article-chars": 1000, "max-line-chars": 500})
    assert limits.max_article_chars == 1000 and limits.max_line_chars == 500
    assert limits.max_record_nesting == DEFAULT.max_record_nesting
    assert limits.max_field_chars == DEFAULT.max_field_chars


@pytest.mark.parametrize("table, message", [
    ({"max-article-size": 10}, "unknown key 'max-article-size'"),
    ({"max-line-chars": 0}, "max-line-chars must be a positive whole number, not 0"),
    ({"max-field-chars": "10"}, "max-field-chars must be a positive whole number, not '10'"),
    ({"max-record-nesting": True}, "max-record-nesting must be a positive whole number"),
])
def test_a_bad_limit_is_named(table, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        Limits.from_table(table)


def test_a_text_at_the_limit_is_read_and_one_beyond_is_skipped_with_the_limit_named():
    table = from_records([
        {"id": "at", "text": "Die Brücke wurde eröffnet.\nAm Montag, 3."},  # 40 characters
        {"id": "beyond", "text": "The bridge opened on Monday.\nIt is long!!"},  # 41
    ], limits=Limits(max_article_chars=40))
    assert [len(text) for text in table.text] == [40, 0]
    assert list(table.status) == ["audited", "skipped"]
    assert table.reason[1] == ("record 2: the text has 41 characters, more than the limit of "
                               "40 (max-article-chars in [tool.audit.limits])")
    assert table.text[1] == ""


def test_a_line_beyond_the_line_limit_is_named_by_its_number(tmp_path):
    (tmp_path / "a.txt").write_text("Kurz.\nDie Brücke wurde eröffnet.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Short.\nThe bridge opened, Monday\n", encoding="utf-8")
    table = ingest([tmp_path], SMALL)
    assert list(table.status) == ["skipped", "audited"]
    assert table.reason[0] == ("line 2 of the text has 26 characters, more than the limit of "
                               "25 (max-line-chars in [tool.audit.limits])")


def test_a_field_beyond_the_field_limit_skips_the_record_and_keeps_its_id():
    table = from_records([{"id": "r1", "title": "Ein langer Titel", "text": "Kurz."},
                          {"id": "r2", "title": "Short", "text": "Short."}], limits=SMALL)
    assert list(table.article_id) == ["r1", "r2"]
    assert list(table.status) == ["skipped", "audited"]
    assert table.reason[0].startswith("record 1: the field 'title' has 16 characters, more "
                                      "than the limit of 10")


def test_nesting_beyond_the_limit_fails_the_record_and_at_the_limit_does_not(tmp_path):
    lines = [{"id": "flach", "text": "Am Montag.", "tags": [["a"]]},     # 3 levels
             {"id": "deep", "text": "On Monday.", "tags": [[["a"]]]}]    # 4 levels
    (tmp_path / "feed.jsonl").write_text("\n".join(map(json.dumps, lines)), encoding="utf-8")
    table = ingest([tmp_path], SMALL)
    assert list(table.status) == ["audited", "failed"]
    assert table.reason[1] == ("line 2 is nested more than 3 levels deep (max-record-nesting "
                               "in [tool.audit.limits])")


def test_the_limits_keep_a_text_file_that_cannot_hold_a_text_within_them_unread(tmp_path):
    (tmp_path / "big.txt").write_text("x" * (SMALL.max_text_file_bytes + 1), encoding="utf-8")
    row = ingest([tmp_path], SMALL).iloc[0]
    assert row.status == "skipped"
    assert row.reason == (f"file of {SMALL.max_text_file_bytes + 1:,} bytes, more than a text "
                          f"within the limits can take ({SMALL.max_text_file_bytes:,} bytes); "
                          "not read")


def test_a_json_file_beyond_its_limit_is_skipped_unread_and_one_at_it_is_read(tmp_path):
    records = [{"id": "r1", "text": "Am Montag wurde in Genf verhandelt."},
               {"id": "r2", "text": "On Monday, talks were held in Geneva."}]
    content = json.dumps(records)
    at = Limits(max_json_file_bytes=len(content))
    (tmp_path / "feed.json").write_text(content, encoding="utf-8")
    assert list(ingest([tmp_path], at).status) == ["audited", "audited"]
    # Near miss: one byte more than the limit, and the file is not read at all.
    beyond = Limits(max_json_file_bytes=len(content) - 1)
    [row] = ingest([tmp_path], beyond).itertuples()
    assert row.status == "skipped"
    assert row.reason == (f"file of {len(content):,} bytes, more than the limit of "
                          f"{len(content) - 1:,} (max-json-file-bytes in [tool.audit.limits]); "
                          "not read: a .json file is read whole, so a larger corpus belongs in "
                          "JSON Lines (.jsonl), read a record at a time")
