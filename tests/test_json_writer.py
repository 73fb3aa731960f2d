"""audit.report.json's writer: orjson's pieces, joined, are what ``json.dumps`` with
``indent=INDENT`` gives, whatever the text of an article holds."""

import json
from types import MappingProxyType

import numpy as np
import pytest

from audit.report.json import INDENT, FindingEntry, Streamed, dumps, write

#: what article text may hold: quotes, backslashes, control characters, line and paragraph
#: separators, non-ASCII letters, characters beyond the BMP, HTML
UNTRUSTED = 'Er sagte: "Nein\\Ja"\n\tdann\x00\x1f\x7f \u2028\u2029 Ärger 😀 <script>&amp;'


def standard(document) -> str:
    return json.dumps(document, ensure_ascii=False, indent=INDENT) + "\n"


def test_the_writer_writes_what_the_standard_encoder_writes_for_any_text(tmp_path):
    document = {
        "version": 1,
        "articles": [{"article_id": UNTRUSTED, "title": UNTRUSTED, "warnings": []},
                     {"article_id": "b", "title": None, "warnings": ["x", UNTRUSTED]}],
        "findings": [{"code": "DQ001", "start": 0, "end": 12, "excerpt": UNTRUSTED,
                      "related": [{"article_id": "b", "start": 1, "end": 2}], "empty": {}}],
        "errors": [],
        "summary": {"articles": 2, "findings": {"error": 0, "warning": 1, "info": 0}},
        "nested": {"deeper": {"deepest": [[], [1, [2, {"a": [3]}]], {}]}},
        "numbers": [0, -1, 2 ** 53, 0.5, 1.25e-3, True, False, None],
    }
    write(tmp_path / "findings.json", document)
    assert (tmp_path / "findings.json").read_text(encoding="utf-8") == standard(document)
    assert dumps(document) == standard(document)
    assert json.loads(dumps(document))["findings"][0]["excerpt"] == UNTRUSTED


def test_streamed_items_and_entries_are_written_as_the_plain_values_they_read_as():
    class Finding:
        code, severity, article_id, path, start, end = "DQ001", "info", "a", "a.md", 1, 4
        line, excerpt, message, related, fingerprint = 2, UNTRUSTED, "m", [], "f"
        suppressed = "baseline"

    entry = FindingEntry(Finding())
    entry["record"] = 7  # placed at its record: a key more, last
    assert list(entry) == [*FindingEntry._FIELDS, "suppressed", "record"]
    assert entry.plain() == dict(entry) and list(entry.plain()) == list(entry)
    made = Streamed(lambda: iter([entry, MappingProxyType({"n": np.float64(0.1)}),
                                  {"n": np.int64(3).item()}]))
    document = {"runs": [{"results": made, "none": Streamed(lambda: iter(()))}],
                "floats": [np.float64(2.5)]}
    listed = {"runs": [{"results": [dict(entry), {"n": 0.1}, {"n": 3}], "none": []}],
              "floats": [2.5]}
    assert dumps(document) == standard(listed)


@pytest.mark.parametrize("bad", [{"a": {1, 2}}, {(1, 2): "key"}, {"a": b"bytes"},
                                 {"a": [{(1, 2): "a key inside a list"}]},
                                 {"a": Streamed(lambda: iter([{(1, 2): "inside an item"}]))},
                                 {"a": Streamed(lambda: iter([object()]))}])
def test_what_json_cannot_write_is_refused_as_the_standard_encoder_refuses_it(bad):
    with pytest.raises(TypeError):
        dumps(bad)
