"""audit.report.junit writes its XML as text: what a parser reads back is exactly what was
written in, whatever check titles, paths, messages and excerpts hold."""

from xml.etree import ElementTree as ET

from audit.report.junit import junit, write_junit

#: markup, entities, quotes of both kinds, a CDATA end, a tab and line breaks
NASTY = 'a <b> & "c" \'d\' ]]> &amp; \tx\ny\r\nz «Ärger» 😀'
CHECK = {"code": "TMP002", "severity": "warning", "title": NASTY, "path": f"checks/{NASTY}.py",
         "line": 3}
FINDING = {"code": "TMP002", "severity": "warning", "article_id": "a", "path": "corpus/a.md",
           "start": 0, "end": 4, "line": 2, "excerpt": "Frei", "message": NASTY,
           "related": [], "fingerprint": "f"}


def document(*findings, errors=()):
    return {"version": 1, "articles": [{"article_id": "a", "path": "corpus/a.md",
                                         "title": "T", "status": "audited"}],
            "findings": list(findings), "errors": list(errors),
            "summary": {"articles": 1, "findings": {"error": 0, "warning": 1, "info": 0}}}


def test_attributes_and_texts_read_back_as_written(tmp_path):
    written = junit(document(FINDING, {**FINDING, "message": "zwei"}), [CHECK], "warning")
    suite = ET.fromstring(written)
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "1", "0")
    [case] = suite
    assert case.get("name") == f"TMP002 {NASTY}"  # tab and line breaks kept as references
    assert case.get("file") == f"checks/{NASTY}.py" and case.get("line") == "3"
    failure = case.find("failure")
    assert failure.get("message") == "2 finding(s) of TMP002"
    # the text keeps its line breaks as written (a parser reads \r\n as \n)
    assert failure.text == (f"corpus/a.md:2: [warning] {NASTY} «Frei»".replace("\r\n", "\n")
                            + "\ncorpus/a.md:2: [warning] zwei «Frei»")
    write_junit(tmp_path / "junit.xml", document(FINDING), [CHECK], "warning")
    assert (tmp_path / "junit.xml").read_bytes() == junit(document(FINDING), [CHECK], "warning")


def test_a_check_error_a_passing_check_and_a_skipped_one():
    error = {"path": "checks/x.py", "check": "TMP002", "message": "boom <1>",
             "traceback": "Traceback & more"}
    other = {**CHECK, "code": "DQ001", "title": "Boilerplate", "path": None, "line": None}
    suite = ET.fromstring(junit(document(FINDING, errors=[error]), [CHECK, other], "warning",
                                [{**other, "code": "DQ002", "reason": "off \"here\""}],
                                times={"TMP002": 0.5}))
    assert [suite.get(k) for k in ("tests", "failures", "errors", "skipped", "time")] == [
        "3", "0", "1", "1", "0.500"]
    erred, passed, skipped = suite
    assert erred.find("error").text == "Traceback & more"
    assert erred.find("error").get("message") == "boom <1>"
    assert passed.get("file") is None and list(passed) == []  # no findings: no output
    assert skipped.find("skipped").get("message") == 'off "here"'
    assert skipped.get("time") == "0.000"
