"""The first characters of the temporal grammar's patterns, read from their templates
(audit/normalise/temporal/openings.py), and the screen of word starts built from them."""

from __future__ import annotations

import re

import pytest

from audit.normalise.temporal.grammar import compiled_grammar
from audit.normalise.temporal.openings import (
    PREFIX_LIMIT,
    CharacterRun,
    Phrases,
    openings,
    parse,
    prefix_filter,
)

SPACES = CharacterRun(r"[\s]+")


def _phrases(name: str) -> Phrases:
    return Phrases({"unit": ("Tag", "Tagen"), "big": tuple(map(str, range(PREFIX_LIMIT + 1)))
                    }[name])


def test_a_template_begins_with_its_words_and_a_placeholder_with_its_phrases():
    found = openings(parse(r"[Nn]ach\s+{unit}", _phrases))
    assert found == {("N", "a", "c", "h", SPACES, "T"), ("n", "a", "c", "h", SPACES, "T")}
    # a phrase's space is a run of white space; a shorter prefix stays open to what follows
    assert openings(parse(r"{unit}\.", lambda _: Phrases(("1 Tag", "Mo")))) == {
        ("1", SPACES, "T", "a", "g", r"\."), ("M", "o", r"\.")}


def test_optional_and_zero_width_pieces_let_the_prefix_begin_after_them():
    assert openings(parse(r"(?<=\d)(?:am|im)?\s*x\b")) == {
        ("a", "m", r"[\s]"), ("a", "m", "x"), ("i", "m", r"[\s]"), ("i", "m", "x"),
        (r"[\s]",), ("x",)}


def test_classes_are_one_atom_unless_they_list_only_characters():
    assert openings(parse(r"[1-9]\d")) == {("[1-9]", "[0-9]")}
    assert openings(parse("(?:–|/)x")) == {("–", "x"), ("/", "x")}
    assert openings(parse(r"(?:\d|x)y")) == {("[0-9x]", "y")}
    assert openings(parse(r"[:.]5")) == {(":", "5"), (r"\.", "5")}


def test_a_repetition_ends_the_prefix_unless_it_is_a_run_of_one_class():
    assert openings(parse(r"a{2,3}b")) == {("a",)}
    assert openings(parse(r"a{0,3}?b")) == {("a",), ("b",)}
    assert openings(parse(r"ab+c")) == {("a", CharacterRun("b+"), "c")}
    assert openings(parse(r"wird(?:\s+\S++){0,8}?\s+x")) == {
        ("w", "i", "r", "d", SPACES), ("w", "i", "r", "d", SPACES, "x")}


def test_an_empty_word_table_never_matches_and_opens_nothing():
    assert openings(parse("(?!)abc")) == frozenset()
    assert openings(parse("(?:(?!)|ab)c")) == {("a", "b", "c")}
    assert prefix_filter([openings(parse("(?!)"))]) is None


def test_a_pattern_that_may_begin_with_an_unlisted_character_has_no_screen():
    for pattern in (".x", r"\w+en", "[^a]b", "(?:ab|.)"):
        assert prefix_filter([openings(parse(pattern))]) is None, pattern
    assert prefix_filter([openings(parse("ab")), openings(parse(r"\S+"))]) is None
    assert openings(parse("{big}", _phrases)) is None  # too many prefixes to screen


def test_the_filter_is_a_prefix_tree_of_the_openings():
    screen = re.compile(prefix_filter([openings(parse(r"am\s+\d")), openings(parse("an"))]))
    assert screen.pattern == r"a(?:m[\s]+[0-9]|n)"
    assert screen.match("am  3.") and screen.match("an")
    assert not screen.match("am Ende") and not screen.match("ab")
    # a sliced filter ends at the first run: the slice it is matched against may end there
    assert prefix_filter([openings(parse(r"am\s+\d"))], length=2, sliced=True) == "am"
    assert prefix_filter([openings(parse(r"a\s+\d"))], length=2, sliced=True) == r"a[\s]+"


@pytest.mark.parametrize("pattern", ["(ab", "ab)", "[ab", "*a", "(?#x)"])
def test_a_pattern_outside_the_syntax_is_an_error_naming_it(pattern):
    with pytest.raises(ValueError, match=re.escape(repr(pattern))):
        parse(pattern)


@pytest.mark.parametrize(("language", "opens", "does_not"), [
    # six characters screened: "vor drei Jahren" passes, "vor Gericht" not
    ("de", ["3. März", "Anfang 2020", "gestern", "1990er", "am selben Tag", "vor drei Jahren"],
     ["der Regierung", "vor Gericht", "in Österreich", "und", "Berlin"]),
    ("en", ["March 3", "May 3", "the 1990s", "yesterday", "the following day"],
     ["the government", "in Vienna", "may", "and", "Berlin"]),
])
def test_the_grammar_screens_word_starts_by_the_rules_openings(language, opens, does_not):
    starts = compiled_grammar(language).starts
    for text in opens:
        assert starts.match(text), text
    for text in does_not:
        assert not starts.match(text), text
