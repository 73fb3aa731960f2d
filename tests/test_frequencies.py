"""wordfreq's word lists looked up from an index on disk: the same values as wordfreq."""

import os

import pytest
import wordfreq

from audit.resources import frequencies


@pytest.mark.parametrize("language", ["de", "en", "fr"])
def test_every_band_has_wordfreqs_own_zipf_value(language):
    # the value depends on the band only: one word of each band stands for all of it
    checked = 0
    for band, words in enumerate(wordfreq.get_frequency_list(language, "large")):
        word = next((w for w in words if wordfreq.lossy_tokenize(w, language) == [w]
                     and not any(c.isdigit() for c in w)), None)
        if word is not None:
            assert frequencies.zipf_frequency(word, language) == \
                wordfreq.zipf_frequency(word, language), (band, word)
            checked += 1
    assert checked > 300


@pytest.mark.parametrize("language", sorted(frequencies._PLAIN_LANGUAGES))
def test_a_latin_word_is_read_as_wordfreq_tokenizes_it(language):
    # wordfreq only normalises and case-folds these languages' words
    from wordfreq.language_info import get_language_info

    assert get_language_info(language) | {"script": "Latn"} == {
        "script": "Latn", "tokenizer": "regex", "normal_form": "NFC", "remove_marks": False,
        "dotless_i": False, "diacritics_under": None, "transliteration": None,
        "lookup_transliteration": None}
    words = [w for band in wordfreq.get_frequency_list(language, "small") for w in band]
    words += ["Straße", "GROSS", "Éléphant", "Œuvre", "naïve", "Ǆemal", "ﬁnal", "e\u0301te"]
    read = 0
    for word in words + [w.upper() for w in words[:2000]] + [w.title() for w in words[:2000]]:
        token = frequencies._one_token(word, language)
        if token is not None:
            assert [token] == wordfreq.lossy_tokenize(word, language), word
            read += 1
    assert read > 20000
    # Near misses, left to wordfreq: a ligature, a combining accent, digits, an apostrophe.
    assert [frequencies._one_token(w, language) for w in ("ﬁnal", "e\u0301te", "g20", "l'an")] \
        == [None] * 4


def test_a_latin_word_is_read_without_importing_wordfreq():
    import subprocess
    import sys

    # (the indexes built here first, if this is the first use: building one reads wordfreq)
    assert frequencies.zipf_frequency("amerikanischer", "de") == 3.91
    assert frequencies.zipf_frequency("xqzvk", "en") == 0.0
    script = ("import sys; from audit.resources import frequencies as f; "
              "print(f.zipf_frequency('amerikanischer', 'de'), f.zipf_frequency('xqzvk', 'en'), "
              "'wordfreq' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["3.91", "0.0", "False"]


def test_words_as_wordfreq_reads_them():
    assert frequencies.zipf_frequency("amerikanischer", "de") == 3.91
    assert frequencies.zipf_frequency("Amerikanischer", "de") == 3.91  # case-folded
    assert frequencies.zipf_frequency("kanischer", "de") == 0.0  # no word
    assert frequencies.zipf_frequency("government", "en") == \
        wordfreq.zipf_frequency("government", "en")
    # several tokens or digits: wordfreq itself
    assert frequencies.zipf_frequency("co-operate", "en") == \
        wordfreq.zipf_frequency("co-operate", "en")
    assert frequencies.zipf_frequency("g20", "de") == wordfreq.zipf_frequency("g20", "de")


def _band_of(word, language, wordlist):
    return next(band for band, words in
                enumerate(wordfreq.get_frequency_list(language, wordlist)) if word in words)


def test_bands_are_the_lists_own_and_missing_words_are_left_out():
    the, rare = _band_of("le", "fr", "small"), _band_of("gouvernement", "fr", "small")
    assert the < rare
    assert frequencies.frequency_bands(["le", "gouvernement", "xqzvk", "le"], "fr", "small") \
        == {"le": the, "gouvernement": rare}


def test_a_band_is_on_the_zipf_scale_as_wordfreq_puts_it():
    for band in range(0, 901):
        assert frequencies.band_zipf(band) == wordfreq.cB_to_zipf(-band)
    assert frequencies.band_zipf(0) == 9.0
    assert frequencies.band_zipf(250) == 6.5
    assert frequencies.band_zipf(_band_of("gouvernement", "fr", "small")) < \
        frequencies.band_zipf(_band_of("le", "fr", "small"))


def test_without_a_writable_cache_the_list_is_read_from_wordfreq(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setattr(frequencies, "_cache_folder", lambda: blocked / "cache")
    monkeypatch.setattr(frequencies, "_OPENED", {})
    assert frequencies._index_here("en", "small") is None
    assert frequencies.frequency_bands(["the", "xqzvk"], "en", "small") == \
        {"the": _band_of("the", "en", "small")}


def test_a_forked_process_opens_the_index_again(tmp_path, monkeypatch):
    monkeypatch.setattr(frequencies, "_cache_folder", lambda: tmp_path)
    monkeypatch.setattr(frequencies, "_OPENED", {})
    here = frequencies._index_here("en", "small")
    assert (tmp_path / "small_en.sqlite3").is_file()
    assert frequencies._index_here("en", "small") is here
    monkeypatch.setattr(os, "getpid", lambda: -1)  # as a worker forked from this process
    again = frequencies._index_here("en", "small")
    assert again is not here
    assert frequencies.frequency_bands(["the"], "en", "small") == \
        {"the": _band_of("the", "en", "small")}
