"""The schema of audit/tables.py: row templates and typed tables."""

import pandas as pd
import pytest

from audit.tables import COLUMNS, DTYPES, empty_row, frame


def test_an_empty_row_has_every_column_missing_but_those_given():
    row = empty_row("timexes", type="DATE", anchor="none")
    assert list(row) == COLUMNS["timexes"]
    assert row["type"] == "DATE" and row["anchor"] == "none"
    assert row["value"] is None and row["offset_high"] is None


def test_an_empty_row_refuses_a_column_its_table_does_not_have():
    with pytest.raises(KeyError, match="'timexes' has no column speaker"):
        empty_row("timexes", speaker="Peskow")


def test_rows_made_from_the_template_give_the_schema_types():
    rows = [empty_row("assertions", article_id="a", assertion_id="a/a0", sent_id=0, start=0,
                      end=12, text="Es regnete.", speaker_kind="none", in_quote=False,
                      polarity="positive", date_basis="none", hedges=[], weasels=[],
                      timex_ids=[], entity_ids=[], numbers=[], event_words=[]),
            empty_row("assertions", article_id="a", assertion_id="a/a1", sent_id=1, start=13,
                      end=40, text="Peskow sagte, es regne.", speaker="Peskow",
                      speaker_kind="person", speaker_start=13.0, speaker_end=19.0,
                      cue="sagte", in_quote=False, polarity="positive", date_basis="none",
                      content_start=27, content_end=39, hedges=[], weasels=[],
                      timex_ids=[], entity_ids=[], numbers=[], event_words=[])]
    table = frame("assertions", rows)
    assert list(table.columns) == COLUMNS["assertions"]
    assert {column: str(table[column].dtype) for column in DTYPES["assertions"]} == \
        DTYPES["assertions"]
    assert pd.isna(table.content_start[0]) and table.content_start[1] == 27
    assert pd.isna(table.speaker[0]) and table.speaker[1] == "Peskow"
