"""The check engine: discovery, injection by parameter name, fixtures, errors, asserts."""

import subprocess
import sys
import textwrap

import pytest

from audit.engine.discovery import discover
from audit.engine.registry import check, parse_docstring
from audit.engine.runner import Runner
from audit.tables import Tables, frame

TEXT = "Titel\nDer Hafen wird ausgebaut.\nLesen Sie auch"


def tables():
    articles = frame("articles", [{
        "article_id": "hafen", "path": "corpus/hafen.md", "title": "Titel", "text": TEXT,
        "status": "audited", "line_offset": 3, "warnings": [],
    }, {
        "article_id": "kaputt", "path": "corpus/kaputt.txt", "text": "", "status": "failed",
        "reason": "not valid UTF-8", "line_offset": 0, "warnings": [],
    }])
    sentences = frame("sentences", [
        {"article_id": "hafen", "sent_id": 0, "start": 0, "end": 5, "text": "Titel",
         "in_quote": False, "is_boilerplate": False},
        {"article_id": "hafen", "sent_id": 1, "start": 6, "end": 32,
         "text": "Der Hafen wird ausgebaut.", "in_quote": False, "is_boilerplate": False},
        {"article_id": "hafen", "sent_id": 2, "start": 32, "end": 46, "text": "Lesen Sie auch",
         "in_quote": False, "is_boilerplate": True},
    ])
    empty = {name: frame(name, []) for name in ("timexes", "entities", "assertions")}
    return Tables(articles, sentences, **empty)


def suite_from(tmp_path, files):
    for name, source in files.items():
        (tmp_path / name).write_text(textwrap.dedent(source), encoding="utf-8")
    return discover(tmp_path)


def run(tmp_path, files, options=None):
    suite = suite_from(tmp_path, files)
    runner = Runner(tables(), suite, options)
    return suite, {o.spec.code: o for o in runner.run_all(suite.checks)}


def test_checks_receive_tables_by_parameter_name_and_findings_are_resolved(tmp_path):
    suite, outcomes = run(tmp_path, {"check_furniture.py": '''
        from audit import Finding, check

        @check("DQ901", severity="info", title="Furniture")
        def check_furniture(sentences):
            for row in sentences[sentences.is_boilerplate].itertuples():
                yield Finding.at(row, "page furniture")
    '''})
    [finding] = outcomes["DQ901"].findings
    assert (finding.code, finding.severity, finding.article_id) == ("DQ901", "info", "hafen")
    assert (finding.start, finding.end, finding.excerpt) == (32, 46, "Lesen Sie auch")
    assert finding.line == 3 + 3  # third line of the text, after three front-matter lines
    assert finding.path == "corpus/hafen.md"
    assert len(finding.fingerprint) == 16


def test_failed_inputs_are_not_given_to_checks(tmp_path):
    _, outcomes = run(tmp_path, {"check_ids.py": '''
        from audit import Finding

        def check_ids(articles):
            assert list(articles.article_id) == ["hafen"], "saw " + ",".join(articles.article_id)
    '''})
    assert outcomes["check_ids"].findings == []


def test_undecorated_check_is_run_under_its_function_name(tmp_path):
    suite, outcomes = run(tmp_path, {"check_my_rule.py": '''
        def check_my_rule(sentences):
            """Every article needs at least five sentences."""
            assert len(sentences) >= 5, "the corpus has fewer than five sentences"
    '''})
    [spec] = suite.checks
    assert (spec.code, spec.severity, spec.title) == (
        "check_my_rule", "warning", "Every article needs at least five sentences.")
    [finding] = outcomes["check_my_rule"].findings
    assert finding.message == "the corpus has fewer than five sentences"
    assert (finding.article_id, finding.start, finding.line) == (None, None, None)


def test_a_check_that_raises_is_an_error_of_that_check_and_others_still_run(tmp_path):
    suite, outcomes = run(tmp_path, {"check_a.py": '''
        from audit import check

        @check("DQ902")
        def check_broken(articles):
            return articles["no such column"]

        @check("DQ903")
        def check_fine(articles):
            return []
    '''})
    error = outcomes["DQ902"].error
    assert error["check"] == "DQ902"
    assert error["message"].startswith("check_broken raised KeyError: 'no such column'")
    assert error["message"].endswith("check_a.py:6)")
    assert outcomes["DQ903"].error is None


def test_fixtures_are_injected_computed_once_and_may_use_tables(tmp_path):
    _, outcomes = run(tmp_path, {
        "conftest.py": '''
            from audit import fixture
            CALLS = []

            @fixture
            def long_sentences(sentences):
                CALLS.append(1)
                return sentences[sentences.text.str.len() > 10]
        ''',
        "check_b.py": '''
            from audit import Finding, check

            @check("DQ904")
            def check_one(long_sentences):
                return [Finding.at(r, "long") for r in long_sentences.itertuples()]

            @check("DQ905")
            def check_two(long_sentences, config):
                assert len(long_sentences) == config["expected"], "count differs"
        ''',
    }, options={"DQ905": {"expected": 2}})
    assert [f.excerpt for f in outcomes["DQ904"].findings] == [
        "Der Hafen wird ausgebaut.", "Lesen Sie auch"]
    assert outcomes["DQ905"].findings == []


def test_unknown_parameter_names_the_known_ones(tmp_path):
    _, outcomes = run(tmp_path, {"check_c.py": '''
        def check_wants(paragraphs):
            return []
    '''})
    message = outcomes["check_wants"].error["message"]
    assert "asks for 'paragraphs', which is not a table or fixture" in message
    assert ("known: articles, sentences, timexes, entities, assertions, quantities, events, "
            "corpus, config") in message


def test_span_outside_the_article_is_a_check_error_not_a_crash(tmp_path):
    _, outcomes = run(tmp_path, {"check_d.py": '''
        from audit import Finding

        def check_far(articles):
            yield Finding("hafen", 10, 999, "too far")
    '''})
    assert "finding span 10-999 lies outside article 'hafen'" in (
        outcomes["check_far"].error["message"])


def test_a_file_that_does_not_import_is_reported_and_the_rest_load(tmp_path):
    suite = suite_from(tmp_path, {
        "check_bad.py": "def check_bad(:\n",
        "check_good.py": "def check_good(articles):\n    return []\n",
    })
    assert [c.name for c in suite.checks] == ["check_good"]
    [error] = suite.errors
    assert error["path"].endswith("check_bad.py")
    assert error["message"].startswith("cannot load checks file: SyntaxError")


def test_duplicate_codes_are_reported(tmp_path):
    suite = suite_from(tmp_path, {
        "check_x.py": "from audit import check\n@check('DQ906')\ndef check_x(articles): pass\n",
        "check_y.py": "from audit import check\n@check('DQ906')\ndef check_y(articles): pass\n",
    })
    assert [c.name for c in suite.checks] == ["check_x"]
    assert "code DQ906 is already used by" in suite.errors[0]["message"]


def test_fingerprints_ignore_offsets_but_not_text_or_occurrence(tmp_path):
    files = {"check_e.py": '''
        from audit import Finding

        def check_every_hafen(articles):
            for row in articles.itertuples():
                start = 0
                while (start := row.text.find("Hafen", start)) != -1:
                    yield Finding(row.article_id, start, start + 5, "Hafen")
                    start += 5
    '''}
    suite = suite_from(tmp_path, files)
    base = tables()
    first = Runner(base, suite).run(suite.checks[0]).findings
    base.articles.loc[0, "text"] = "Ein neuer Titel\n" + TEXT + "\nDer Hafen wächst."
    second = Runner(base, suite).run(suite.checks[0]).findings
    assert second[0].start != first[0].start
    assert second[0].fingerprint == first[0].fingerprint
    assert second[1].fingerprint != second[0].fingerprint


def test_codes_and_severities_are_validated():
    with pytest.raises(ValueError, match="must be TMP, ATR, CON, AIG or DQ"):
        check("XYZ001")
    with pytest.raises(ValueError, match="severity 'fatal' must be one of info, warning, error"):
        check("DQ001", severity="fatal")


def test_blocking_keys_and_off_by_default_are_declared_beside_the_code(tmp_path):
    suite = suite_from(tmp_path, {"check_k.py": '''
        from audit import check

        def stories(articles):
            return articles[["article_id"]].assign(key=articles.title)

        @check("CON099", keys=stories, enabled=False)
        def check_blocked(articles):
            return []

        @check("CON098")
        def check_plain(articles):
            return []
    '''})
    blocked, plain = sorted(suite.checks, key=lambda spec: spec.code, reverse=True)
    assert (blocked.code, blocked.keys.__name__, blocked.enabled) == ("CON099", "stories", False)
    assert (plain.code, plain.keys, plain.enabled) == ("CON098", None, True)


def test_the_options_a_check_reads_are_listed_from_its_whole_definition(tmp_path):
    suite = suite_from(tmp_path, {"check_o.py": '''
        from audit import Finding, check

        LIMIT = 3

        def check_helper(config):
            return config.get("not-this-one", 1)

        @check("DQ097",
               severity="info")
        def check_options(articles, config):
            def inner():
                return config["nested"]
            if "flag" in config:
                inner()
            for row in articles.itertuples():
                yield Finding(
                    row.article_id, 0, 1,
                    f"{config.get('last', LIMIT)}"
                )

        @check("DQ096")
        def check_none(articles, config):
            return []
    '''})
    found = {spec.code: spec.options for spec in suite.checks}
    # the call that closes the function on a line of its own is read, the nested function
    # and the ``in`` test too; a module constant gives the default
    assert found["DQ097"] == {"nested": None, "flag": None, "last": 3}
    assert found["DQ096"] == {}  # the near miss: reads nothing


def test_keys_and_enabled_are_validated():
    with pytest.raises(ValueError, match="^keys= of a check is a function that returns its "
                                         "blocking keys$"):
        check("CON099", keys="story")
    with pytest.raises(ValueError, match="^keys= is for corpus-scope checks: an article-scope "
                                         "check already runs per article$"):
        check("CON099", keys=len, scope="article")
    with pytest.raises(ValueError, match="^enabled='no' of a check must be true or false$"):
        check("CON099", enabled="no")


def test_a_check_off_by_default_runs_only_where_its_code_is_named():
    from types import SimpleNamespace

    from audit.config import Config

    off, on = SimpleNamespace(code="ATR006", enabled=False), SimpleNamespace(code="ATR001")
    assert [Config().selects(spec) for spec in (off, on)] == [False, True]
    assert Config(enable=["ATR006"]).selects(off)
    assert not Config(enable=["ATR"]).selects(off)  # the near miss: its family is not enough
    assert Config(enable=["ATR"]).selects(on)
    assert not Config(enable=["ATR006"], disable=["ATR"]).selects(off)  # disable wins
    assert Config().selects("ATR006")  # a code alone: no default known, it runs


def test_docstring_sections():
    doc = parse_docstring('''Title line.

    What it does:
        Finds things.
    Why it matters:
        Things matter.
    Flagged:
        Ein Text.
    Clean:
        Kein Text.
    ''')
    assert doc["summary"] == "Title line."
    assert (doc["what"], doc["why"], doc["flagged"], doc["clean"]) == (
        "Finds things.", "Things matter.", "Ein Text.", "Kein Text.")


def test_a_long_span_is_excerpted_from_its_folded_start():
    from audit.engine.runner import EXCERPT_LIMIT, _excerpt

    words = "Wort \n\n " * 200
    excerpt = _excerpt(words)
    assert len(excerpt) == EXCERPT_LIMIT and excerpt.endswith("…")
    assert excerpt[:-1] == ("Wort " * 60)[: EXCERPT_LIMIT - 1]
    # white space that folds a long span to fit is not cut short
    assert _excerpt("a" + " " * 1000 + "b") == "a b"


@pytest.mark.parametrize("source, message", [
    ('from audit import check\n\n\n@check("DQ12")\ndef check_x(articles):\n    return []\n',
     "cannot load checks file: ValueError: check code 'DQ12' must be TMP, ATR, CON, AIG or DQ "
     "followed by three digits ({path}:4)"),
    ("import sys\n\nsys.exit(1)\n", "cannot load checks file: SystemExit: 1 ({path}:3)"),
    ("import pytest\n\npytest.skip('not here', allow_module_level=True)\n",
     "cannot load checks file: Skipped: not here ({path}:3)"),
    ("def check_x(articles:\n    return []\n",
     "cannot load checks file: SyntaxError: '(' was never closed ({path}:1)"),
])
def test_a_broken_checks_file_is_named_at_its_own_line(tmp_path, source, message):
    path = tmp_path / "check_broken.py"
    path.write_text(source, encoding="utf-8")
    (tmp_path / "check_fine.py").write_text("def check_fine(articles):\n    return []\n",
                                            encoding="utf-8")
    suite = discover(tmp_path)
    assert [error["message"] for error in suite.errors] == [message.format(path=path)]
    assert [spec.name for spec in suite.checks] == ["check_fine"]  # the others still load


def test_sys_exit_and_pytest_skip_in_a_check_are_that_checks_outcome(tmp_path):
    _, outcomes = run(tmp_path, {"check_e.py": '''
        import sys

        import pytest

        from audit import check

        @check("DQ906")
        def check_exits(articles):
            sys.exit(4)

        @check("DQ907")
        def check_skips(articles):
            pytest.skip("no German articles")

        @check("DQ908")
        def check_after(articles):
            return []
    '''})
    path = tmp_path / "check_e.py"
    assert outcomes["DQ906"].error["message"] == f"check_exits called sys.exit(4) ({path}:10)"
    assert outcomes["DQ907"].error["message"] == (
        f"check_skips skipped: no German articles ({path}:14)")
    assert outcomes["DQ908"].error is None  # the audit went on


def test_a_failed_assert_in_a_loop_is_located_at_the_row_it_was_looking_at(tmp_path):
    _, outcomes = run(tmp_path, {"check_f.py": '''
        from audit import check

        @check("DQ909")
        def check_no_boilerplate(sentences):
            for row in sentences.itertuples():
                assert not row.is_boilerplate, "boilerplate left in the text"

        @check("DQ910")
        def check_enough(sentences):
            assert len(sentences) > 5, "fewer than six sentences"
    '''})
    [inside] = outcomes["DQ909"].findings
    assert (inside.article_id, inside.start, inside.end, inside.line, inside.excerpt) == (
        "hafen", 32, 46, 6, "Lesen Sie auch")
    assert inside.message == "boilerplate left in the text"
    [corpus] = outcomes["DQ910"].findings  # the near miss: an assert about the corpus
    assert (corpus.article_id, corpus.path, corpus.line) == (None, None, None)


def test_finding_checks_and_reading_rule_files_import_no_pandas(tmp_path):
    # `audit checks` lists checks by loading them: the engine, the rule files, the schema and
    # the modules checks import for their helpers must not pull in pandas (0.4 s a start)
    (tmp_path / "check_dates.py").write_text(textwrap.dedent('''
        from audit import check
        from audit.ingest.published import parse_published
        from audit.normalise.timexes import tag_timexes

        @check("TMP901", severity="info", title="Dates")
        def check_dates(articles):
            """Dates."""
            return []
    '''))
    code = textwrap.dedent(f"""
        import sys
        from audit.engine.discovery import discover, shipped_checks
        import audit.cli, audit.tables, audit.normalise.dating, audit.normalise.sentences
        suite = discover([shipped_checks() / "rules", {str(tmp_path)!r}])
        print(sorted(c.code for c in suite.checks), suite.errors)
        print(sorted(m for m in ("pandas", "numpy", "pyarrow") if m in sys.modules))
        audit.tables.frame("sentences", [])  # making a table does import it
        print("pandas" in sys.modules)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.splitlines() == ["['AIG001', 'AIG002', 'AIG003', 'TMP901'] []", "[]",
                                        "True"]


def test_listing_the_shipped_checks_imports_no_heavy_library():
    # `audit checks` imports every check module: each imports its libraries where it uses them
    code = textwrap.dedent("""
        import contextlib, io, sys
        from audit.cli import main
        with contextlib.redirect_stdout(io.StringIO()) as listing:
            code = main(["checks"])
        print(code, "DQ002" in listing.getvalue())
        heavy = ("pandas", "numpy", "pyarrow", "wordfreq", "rapidfuzz", "great_expectations")
        print(sorted(m for m in heavy if m in sys.modules))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.splitlines() == ["0 True", "[]"]
