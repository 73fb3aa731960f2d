"""wordfreq's word lists looked up a few words at a time, from an index kept on disk.

Reading a whole list costs more than all the look-ups a check makes in it: wordfreq's
German "large" list is 634,502 words, 0.27 CPU-s to load as a dictionary in every process
that asks (each worker of a pool again), and DQ102 reads the "small" lists of 27 languages
(0.3 CPU-s) to tell the language of one short text. So the first process that asks for a
list writes it once as an SQLite table under the user cache directory, keyed by wordfreq's
version, the list and the language (1.9 CPU-s for German "large", 13 MB); every later
process looks its words up there (400 words: 0.005 s). Where the cache directory cannot be
written, the list is read from wordfreq as before. Nothing here changes a frequency: the
values are wordfreq's own (a test compares them with ``wordfreq.zipf_frequency`` for every
band of the lists used).

Rarity tests that ask about many words of every article (entities, stories, TMP001) take a
language's whole "small" list as a dictionary instead: :func:`word_frequencies`.
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

#: How many words one query asks for (SQLite's limit on parameters is 32,766).
_CHUNK = 500
#: The layout of the tables: a new one is written beside an old one, never read as it.
_FORMAT = 1


def _cache_folder() -> Path:
    from importlib.metadata import version

    from platformdirs import user_cache_path

    return user_cache_path("audit") / f"wordfreq-{version('wordfreq')}-{_FORMAT}"


def _build(path: Path, language: str, wordlist: str) -> None:
    """Write the list as a table of (word, band) to ``path``, atomically (two processes
    building it at once each write their own file; the last rename wins, both are whole)."""
    from wordfreq import get_frequency_list

    bands = get_frequency_list(language, wordlist)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(partial) as table:
        table.execute("CREATE TABLE words (word TEXT PRIMARY KEY, band INTEGER) WITHOUT ROWID")
        # a word listed twice takes its last band, as a dictionary built from the list would
        table.executemany("INSERT OR REPLACE INTO words VALUES (?, ?)",
                          ((word, band) for band, words in enumerate(bands) for word in words))
    table.close()
    os.replace(partial, path)


def _index(language: str, wordlist: str) -> sqlite3.Connection | None:
    """The list's table (built on first use), or None where it cannot be kept on disk."""
    path = _cache_folder() / f"{wordlist}_{language}.sqlite3"
    try:
        if not path.is_file():
            _build(path, language, wordlist)
        # (read only, so any thread of the process may use it: the CLI audits in one)
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error):
        return None


#: Each list's table as this process opened it: (process id, connection). A connection must
#: not cross a fork, so a worker forked from a process that had one opens its own.
_OPENED: dict[tuple[str, str], tuple[int, sqlite3.Connection | None]] = {}


def _index_here(language: str, wordlist: str) -> sqlite3.Connection | None:
    opened = _OPENED.get((language, wordlist))
    if opened is None or opened[0] != os.getpid():
        opened = _OPENED[(language, wordlist)] = (os.getpid(), _index(language, wordlist))
    return opened[1]


def frequency_bands(words: Iterable[str], language: str, wordlist: str) -> dict[str, int]:
    """The band of each of ``words`` that wordfreq's ``wordlist`` ("small", "large") of
    ``language`` holds: its index in ``wordfreq.get_frequency_list``, the frequency in
    centibels below 1 (``wordfreq.cB_to_zipf(-band)`` is its Zipf frequency). Words are
    looked up as given (wordfreq's lists hold case-folded words)."""
    wanted = list(dict.fromkeys(words))
    index = _index_here(language, wordlist)
    if index is None:
        from wordfreq import get_frequency_list

        found, asked = {}, set(wanted)
        for band, band_words in enumerate(get_frequency_list(language, wordlist)):
            for word in asked.intersection(band_words):
                found[word] = band
        return found
    found = {}
    for at in range(0, len(wanted), _CHUNK):
        chunk = wanted[at:at + _CHUNK]
        found.update(index.execute(
            f"SELECT word, band FROM words WHERE word IN ({', '.join('?' * len(chunk))})",
            chunk))
    return found


def band_zipf(band: int) -> float:
    """The Zipf frequency of a band of :func:`frequency_bands`: wordfreq's
    ``cB_to_zipf(-band)`` ((cB + 900) / 100) written out, as importing wordfreq costs 0.17
    CPU-s (it imports ftfy and langcodes) and the conversion nothing."""
    return (900 - band) / 100


def _zipf_of_band(band: int) -> float:
    """``wordfreq.zipf_frequency`` of a word of one token in ``band``: its frequency as
    ``word_frequency`` gives it (three significant digits), on the Zipf scale to the
    hundredth, with wordfreq's conversions (``cB_to_freq``: 10 ** (cB / 100);
    ``freq_to_zipf``: log10 + 9) written out, so that no import of wordfreq is needed."""
    frequency = 1.0 / (1.0 / 10 ** (-band / 100))
    rounded = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    return round(math.log(rounded, 10) + 9, 2)


def _data_folder() -> Path:
    """wordfreq's data folder, found without importing wordfreq (0.11 CPU-s)."""
    import importlib.util

    package = importlib.util.find_spec("wordfreq")
    if package is None or not package.submodule_search_locations:
        raise ImportError("word frequencies need the wordfreq package (pip install wordfreq)")
    return Path(package.submodule_search_locations[0], "data")


@cache
def _best_list(language: str) -> str:
    """The list wordfreq's "best" means for ``language``: "large" where there is one (a
    ``large_<language>`` data file, as ``wordfreq.available_languages`` reads it)."""
    return "large" if (_data_folder() / f"large_{language}.msgpack.gz").is_file() else "small"


#: A word of letters of the Latin alphabet only, which wordfreq's tokenizer keeps whole.
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")


def _one_token(word: str, language: str) -> str | None:
    """The token wordfreq reads ``word`` as (``lossy_tokenize``), where that needs no
    wordfreq: a word of Latin letters only in a language whose text wordfreq only
    normalises (NFC) and case-folds (``_PLAIN_LANGUAGES``) is itself so; else None."""
    if language in _PLAIN_LANGUAGES and _LATIN_WORD.fullmatch(word):
        return unicodedata.normalize("NFC", word).casefold()
    return None


#: The languages whose words wordfreq reads by NFC and case folding alone (no
#: transliteration, mark removal, Turkish "i" or comma-below fixes): tested against
#: ``wordfreq.lossy_tokenize`` over every word of their lists.
_PLAIN_LANGUAGES = frozenset({"de", "en", "fr"})


def zipf_frequency(word: str, language: str) -> float:
    """``wordfreq.zipf_frequency(word, language)`` (its "best" list: "large" where the
    language has one), with the word looked up in the index rather than a loaded list.
    A word of Latin letters in a language of ``_PLAIN_LANGUAGES`` is read as wordfreq
    reads it without importing wordfreq (0.11 CPU-s a process, 0.04 of it compiling its
    regexes: most of a one-article audit's DQ002); any other word is tokenized by wordfreq,
    and one it reads as several tokens, or with digits, is left to wordfreq itself."""
    token = _one_token(word, language)
    if token is not None:
        tokens = [token]
    else:
        from wordfreq import lossy_tokenize

        tokens = lossy_tokenize(word, language)
    if len(tokens) != 1 or any(character.isdigit() for character in tokens[0]):
        from wordfreq import zipf_frequency as by_wordfreq

        return by_wordfreq(word, language)
    band = frequency_bands(tokens, language, _best_list(language)).get(tokens[0])
    return 0.0 if band is None else _zipf_of_band(band)


@cache
def word_frequencies(language: str) -> dict[str, float]:
    """How often each word is written in a language (wordfreq, lowercase words → share of
    all words): its "small" list, the words written at least once per million (Zipf 3,
    1e-6). A word it lacks is rarer than that; every rarity compared here is at or above
    Zipf 3, so the small list decides as the large one would, in a hundredth of the time
    and memory (39,277 German words, against 634,502).

    The list is read from wordfreq's data file directly, in the format wordfreq documents
    (``wordfreq.read_cBpack``: gzipped msgpack, a header, then one band of words per
    centibel of frequency), so it costs 0.01 CPU-s instead of the 0.3-0.6 s of importing
    wordfreq (ftfy, regex, langcodes); the dict is the one
    ``wordfreq.get_frequency_dict(language, "small")`` gives (tested)."""
    import gzip

    import msgpack

    from audit import resources

    code = resources.resolve(language)
    path = _data_folder() / f"small_{code}.msgpack.gz"
    with gzip.open(path, "rb") as handle:
        header, *bands = msgpack.load(handle, raw=False)
    if header != {"format": "cB", "version": 1}:
        raise ValueError(f"{path}: not a wordfreq frequency list (header {header!r})")
    return {word: 10 ** (-index / 100) for index, band in enumerate(bands) for word in band}
