"""The matching engine: whole words, case rules, white space, overlaps, Unicode offsets."""

import pytest

from audit.matching import Lexicon, Match, PatternError, Patterns


def spans(matcher, text):
    return [(m.start, m.end, text[m.start:m.end]) for m in matcher.finditer(text)]


def test_lexicon_whole_words_any_case_any_white_space():
    lexicon = Lexicon(["Lesen Sie auch", "KI", "as an AI"])
    text = "LESEN  sie\nauch: KIs und KI. As an\tAI model"
    assert spans(lexicon, text) == [(0, 15, "LESEN  sie\nauch"), (25, 27, "KI"),
                                    (29, 37, "As an\tAI")]


def test_lexicon_folds_every_white_space_of_unicode():
    # the scan for white space stops at U+3000: nothing above it is white space
    from audit.matching.lexicon import _LAST_SPACE, _OTHER_SPACES

    beyond = [chr(code) for code in range(_LAST_SPACE + 1, 0x110000) if chr(code).isspace()]
    assert beyond == []
    assert len(_OTHER_SPACES) == 28 and "\u3000" in _OTHER_SPACES and " " not in _OTHER_SPACES
    assert spans(Lexicon(["as an AI"]), "as\u3000an\u2029AI") == [(0, 8, "as\u3000an\u2029AI")]
    assert spans(Lexicon(["as an AI"]), "as\u200ban AI") == []  # zero-width: not a space


def test_lexicon_reads_every_white_space_of_a_text_that_is_not_all_printable():
    # a printable text has no white space but the plain space: it is searched as it is
    from audit.matching.lexicon import _OTHER_SPACES

    assert not any(space.isprintable() for space in _OTHER_SPACES)
    lexicon = Lexicon(["as an AI"])
    assert spans(lexicon, "Das ist as an AI.") == [(8, 16, "as an AI")]
    assert spans(lexicon, "Das ist as\xa0an\u2028AI.") == [(8, 16, "as\xa0an\u2028AI")]
    # Near miss: a zero-width space is unprintable but no space.
    assert spans(lexicon, "Das ist as\u200ban AI.") == []


def test_lexicon_longest_entry_at_the_leftmost_place_wins():
    lexicon = Lexicon(["Lesen Sie", "Lesen Sie auch", "Sie auch mehr"])
    assert spans(lexicon, "Lesen Sie auch mehr") == [(0, 14, "Lesen Sie auch")]


def test_lexicon_entry_ending_in_punctuation_needs_no_edge_after_it():
    lexicon = Lexicon(["Gerne!", "Sure!"])
    assert spans(lexicon, "Gerne!Hier Unsure!") == [(0, 6, "Gerne!")]


def test_lexicon_values_and_case_rules():
    months = Lexicon({"juin": 6, "Juni": 6}, case="initial")
    found = list(months.finditer("Juin, juin, JUIN, juni, Juni"))
    assert [(m.entry, m.value, m.start) for m in found] == [
        ("juin", 6, 0), ("juin", 6, 6), ("Juni", 6, 24)]
    assert Lexicon(["KI"], case="exact").search("ki Ki") is None


def test_lexicon_offsets_survive_characters_whose_lower_case_is_longer():
    lexicon = Lexicon(["istanbul"])
    text = "İİ İstanbul und istanbul"
    assert [(m.start, m.end) for m in lexicon.finditer(text)] == [(3, 11), (16, 24)]


def test_patterns_first_listed_wins_and_words_are_whole():
    patterns = Patterns([r"Als (?:KI|Sprachmodell)", r"\w+ung", "ki"])
    text = "Über Als KI, als sprachmodell; Erstellung KI kix Übung"
    assert [(m.value, text[m.start:m.end]) for m in patterns.finditer(text)] == [
        (0, "Als KI"), (0, "als sprachmodell"), (1, "Erstellung"), (2, "KI"), (1, "Übung")]


def test_patterns_adjacent_matches_share_the_space_between_them():
    patterns = Patterns(["ab"])
    assert [(m.start, m.end) for m in patterns.finditer("ab ab,ab")] == [(0, 2), (3, 5),
                                                                          (6, 8)]


def test_patterns_word_classes_are_unicode_as_in_python():
    patterns = Patterns([r"\w+straße \d+"], case="exact")
    text = "in der Müllerstraße ٣ und Hauptstraße 12"
    assert spans(patterns, text) == [(7, 21, "Müllerstraße ٣"), (26, 40, "Hauptstraße 12")]


def test_patterns_within_a_part_of_the_text():
    patterns = Patterns(["nicht"])
    text = "nicht hier, aber nicht dort"
    assert [m.start for m in patterns.finditer(text, 6, len(text))] == [17]
    assert patterns.search(text, 1, 16) is None


def test_patterns_refuse_what_re2_cannot_do_in_linear_time():
    with pytest.raises(PatternError, match=r"look-arounds"):
        Patterns([r"(?<!\w)KI"])
    with pytest.raises(PatternError, match=r"\\b has no Unicode form"):
        Patterns([r"\bKI\b"])


def test_patterns_run_in_linear_time_where_re_backtracks():
    # (a|aa)*c on 40 "a"s takes Python's re minutes; RE2 answers at once
    assert Patterns(["(?:a|aa)*c"], words=False).search("a" * 40) is None


def test_match_is_a_plain_tuple():
    assert Match(1, 2, "x", 0) == (1, 2, "x", 0)


def test_patterns_within_a_part_still_see_the_word_edges_beside_it():
    patterns = Patterns(["KI"])
    text = "xKI KI. KIx"
    assert [m.start for m in patterns.finditer(text, 1, 9)] == [4]
    assert [m.start for m in patterns.finditer(text, 4, 6)] == [4]
    assert Patterns(["KI"], words=False).search(text, 1, 2) is None


def test_patterns_built_again_with_other_options_match_by_those_options():
    # compiled programs are kept between Patterns: the options are part of what is kept
    text = "Im Juni kam der Junior; im juni nicht."
    assert [m.start for m in Patterns([r"juni\w*"]).finditer(text)] == [3, 16, 27]
    assert [m.start for m in Patterns([r"juni\w*"], case="exact").finditer(text)] == [27]
    assert [(m.start, m.end) for m in Patterns(["Jun"], words=False).finditer(text)] == [
        (3, 6), (16, 19), (27, 30)]
    assert list(Patterns(["Jun"]).finditer(text)) == []
    assert [m.start for m in Patterns(["^im"], multiline=True).finditer("x\nim Juni")] == [2]
    assert list(Patterns(["^im"]).finditer("x\nim Juni")) == []
    with pytest.raises(PatternError):  # a refused pattern is refused every time
        Patterns([r"(?<=a)b"])
    with pytest.raises(PatternError):
        Patterns([r"(?<=a)b"])


def test_patterns_which_tells_each_pattern_that_matches_on_its_own():
    patterns = Patterns(["KI", r"[Kk]ünstliche[rn]? Intelligenz", r"Sprachmodell\w*", "AI"])
    assert patterns.which("Die KI-Sprachmodelle und künstliche Intelligenz") == {0, 1, 2}
    # whole words only, in any case: "KIs" is not "KI", "ai" is "AI"
    assert patterns.which("KIs und ai") == {3}
    assert patterns.which("Sprachmodellierung") == {2} and patterns.which("Kein Treffer") == set()
    # as written: "ki" is not "KI"; and each pattern on its own, even where they overlap
    exact = Patterns(["KI", "KI-Sprach", r"Sprach\w+"], case="exact")
    assert exact.which("ki-Sprachmodell") == {2}
    assert exact.which("KI-Sprachmodell") == {0, 2}  # "KI-Sprach" ends inside a word
    assert exact.which("KI-Sprach modell") == {0, 1}
    assert Patterns([]).which("KI") == set()


def test_what_re2_told_of_accepted_patterns_is_kept_on_disk_and_read_back(tmp_path,
                                                                         monkeypatch):
    import re2

    from audit import stored
    from audit.matching import patterns as module

    monkeypatch.setattr(stored, "_folder", lambda: tmp_path / "kept")
    listed = (r"Als (?:KI|Sprachmodell)", r"(\w+)ung", "ki")
    told = Patterns(listed)._groups  # the group of each: 1, 2 (one inner group), 4
    assert told == (1, 2, 4)
    [kept] = (tmp_path / "kept").glob("patterns-checked-*.json")
    module._checked.cache_clear()

    def refused(*args, **kwargs):
        raise AssertionError("compiled again")

    # a new process (no lru cache) reads what RE2 told, compiling none of the patterns
    compiling = re2.compile
    monkeypatch.setattr(re2, "compile", refused)
    read_back = Patterns(listed)
    assert read_back._groups == told
    monkeypatch.setattr(re2, "compile", compiling)
    text = "Über Als KI, Erstellung KI"
    assert [(m.value, text[m.start:m.end]) for m in read_back.finditer(text)] == [
        (0, "Als KI"), (1, "Erstellung"), (2, "KI")]
    # a refused pattern is never kept: refused in each process anew
    for _ in range(2):
        module._checked.cache_clear()
        with pytest.raises(PatternError, match=r"look-arounds"):
            Patterns([r"(?<!\w)KI"])
    assert list((tmp_path / "kept").glob("patterns-checked-*.json")) == [kept]
