"""DQ102: an article in a language the checks are not written for."""

import re
import unicodedata
from collections import Counter

from audit import Finding, check
from audit.normalise.language import UNDETERMINED
from audit.resources import LANGUAGES, frequencies

_WORD = re.compile(r"[^\W\d_]{2,}")
# The languages wordfreq has word lists for, by the script they are written in; a text is
# compared only with the languages of its commonest script (loading every list costs ~1.5 s).
# Chinese, Japanese and Korean are left out: their words are not separated by spaces.
_BY_SCRIPT = {
    "LATIN": ("de", "en", "fr", "es", "it", "pt", "nl", "ca", "ro", "pl", "cs", "sk", "sl",
              "sh", "hu", "fi", "sv", "da", "nb", "is", "lt", "lv", "tr", "id", "ms", "fil",
              "vi"),
    "CYRILLIC": ("ru", "uk", "bg", "mk"),
    "GREEK": ("el",),
    "ARABIC": ("ar", "fa", "ur"),
    "HEBREW": ("he",),
    "DEVANAGARI": ("hi",),
    "BENGALI": ("bn",),
    "TAMIL": ("ta",),
}
# A language is told when its words are on average this much commoner (wordfreq's Zipf
# scale, log10 of occurrences per billion words) than in the next likeliest language, in a
# text of at least this many words. On the first sentences of 10kGNAD that the function
# words leave undecided (552 of 1,028), 545 are told German, 6 stay undecided, 1 ("John W.")
# is told Polish; on 3,000 English Wikipedia sentences, 250 of the 277 left undecided are
# told English and none another language.
_MARGIN, _MIN_WORDS = 0.5, 2


def _zipf_frequencies(words: set[str], language: str) -> dict[str, float]:
    """The Zipf frequency of each of ``words`` in wordfreq's small list of ``language``
    (a word it lacks is left out), looked up in the list's index on disk: reading the
    lists of all 27 languages of the Latin script cost 0.3 s for one short text), without
    importing wordfreq (0.17 CPU-s)."""
    return {word: frequencies.band_zipf(band)
            for word, band in frequencies.frequency_bands(words, language, "small").items()}


def _script(words: list[str]) -> str | None:
    """The script most letters of ``words`` are written in (LATIN, CYRILLIC, …)."""
    scripts = Counter(unicodedata.name(word[0], "UNKNOWN").split()[0] for word in words)
    return scripts.most_common(1)[0][0] if scripts else None


def languages_by_word_frequency(texts: list[str]) -> list[str]:
    """For each of ``texts``, the language in whose word lists its words are commonest, for
    texts too short for function words to tell (``"und"`` when no language stands out).

    Each word scores its Zipf frequency in a language (0 when the language has no such
    word); the language with the highest mean wins when it leads by a clear margin. Each
    word list is read once for all the texts written in its script.
    """
    words = [[word.casefold() for word in _WORD.findall(text)] for text in texts]
    scripts = [_script(text_words) or "" for text_words in words]
    zipf = {}
    for script in set(scripts):
        wanted = set().union(*(text_words for text_words, text_script
                               in zip(words, scripts, strict=True) if text_script == script))
        for language in _BY_SCRIPT.get(script, ()):
            zipf[script, language] = _zipf_frequencies(wanted, language)
    told = []
    for text_words, script in zip(words, scripts, strict=True):
        candidates = _BY_SCRIPT.get(script, ())
        if len(text_words) < _MIN_WORDS or not candidates:
            told.append(UNDETERMINED)
            continue
        scores = sorted(((sum(zipf[script, language].get(word, 0.0) for word in text_words)
                          / len(text_words), language) for language in candidates),
                        reverse=True)
        (best, language), (runner_up, _) = scores[0], (scores[1] if len(scores) > 1
                                                       else (0.0, ""))
        told.append(language if best - runner_up >= _MARGIN else UNDETERMINED)
    return told


def language_by_word_frequency(text: str) -> str:
    """The language of one short ``text`` told from its words' frequencies
    (:func:`languages_by_word_frequency`)."""
    return languages_by_word_frequency([text])[0]


# Corpus scope: the word lists are loaded once, in the main process, not in every worker.
@check("DQ102", severity="info", title="Article in a language the checks are not written for")
def check_language(articles):
    """Article in a language the checks are not written for.

    What it does:
        Flags an article whose language, as given in its metadata or detected from its
        function words, is not one the checks have resources for (a folder in
        audit/resources/, such as de/ and en/).
        Where the function words cannot tell (a one-sentence article), the language is
        told from how common the article's words are in each language's word list
        (wordfreq); an article even that cannot tell is flagged as undetermined, one with
        no words to tell it by is left to DQ005. The finding is at the article's first
        line.
    Why it matters:
        Checks find little in a language they have no words for, so an article in another
        language passes silently: a clean report on it means nothing was checked.
    Flagged:
        ---
        language: it
        ---
        Il porto cresce
        Il porto ha movimentato più container che mai l'anno scorso.
    Clean:
        ---
        language: de
        ---
        Hafen wächst
        Der Hafen hat im vergangenen Jahr mehr Container umgeschlagen als je zuvor.
    """
    # the rows are picked before the texts are read: the rest of the corpus's texts never
    # become Python strings (a spilled corpus keeps them mapped from disk)
    picked = ~articles.language.isin(list(LANGUAGES)).to_numpy(dtype=bool)
    unsupported = [(str(article_id), text or "", language) for article_id, text, language
                   in zip(articles.article_id[picked].tolist(), articles.text[picked].tolist(),
                          articles.language[picked].tolist(), strict=True)]
    # the function words left these undecided; DQ005 has those with no body to tell it by
    undecided = [text for _, text, language in unsupported
                 if (not language or language == UNDETERMINED)
                 and len(_WORD.findall(text)) >= _MIN_WORDS]
    told_languages = dict(zip(undecided, languages_by_word_frequency(undecided), strict=True))
    for article_id, text, language in unsupported:
        told = ""
        if not language or language == UNDETERMINED:
            if text not in told_languages:
                continue
            language = told_languages[text]
            if language in LANGUAGES:
                continue
            told = ", told from its words"
        first_line = text.split("\n", 1)[0].rstrip()
        if language == UNDETERMINED:
            message = ("the language of the article could not be told (too few or too "
                       "mixed words); the checks read it as German")
        else:
            message = (f"the article is in a language the checks are not written for "
                       f"(language={language!r}{told})")
        yield Finding(article_id, 0, len(first_line), message)
