"""DQ002: a word split by a hyphen that a line break once needed ("ameri-kanischer")."""

import re
from functools import cache

from audit import Finding, check

# A lower-case word part, a hyphen, and a lower-case part: "ameri-kanischer", also at the
# start of a capitalised word ("Verhand-lungen"). Compounds whose second part is a noun are
# capitalised in German ("Ukraine-Konflikt") and never match.
_SPLIT = re.compile(r"(?<![\w-])([^\W\d_]{2,})-\n?([a-zäöüß]{2,})(?![\w-])")
# What every split word contains, found fast (the hyphen is a literal to scan for): two in
# three articles have hyphens only before capitals ("Ukraine-Konflikt"). The pattern above
# is tried only at the start of the letters before such a hyphen (it cannot match
# elsewhere), not at every word of the text.
_HYPHEN_LOWER = re.compile(r"-\n?[a-zäöüß]")
_LETTER = re.compile(r"[^\W\d_]")


def _splits(text: str) -> list[re.Match[str]]:
    """The matches of ``_SPLIT`` in ``text``, as ``finditer`` finds them."""
    found = []
    for hyphen in _HYPHEN_LOWER.finditer(text):
        start = hyphen.start()
        while start > 0 and _LETTER.match(text, start - 1):
            start -= 1
        match = _SPLIT.match(text, start)
        if match is not None:
            found.append(match)
    return found
# The joined word must be at least this common (wordfreq Zipf scale: 3 = once per million
# words) and this much commoner than its rarer part: "amerikanischer" (3.9) against
# "kanischer" (0), but not "russischukrainischen" (0) against "russisch" (4.1). A rarer
# joined word ("auswertete", 1.8) counts when neither part is a word (below _NOT_A_WORD).
_MIN_JOINED, _MIN_GAIN, _NOT_A_WORD = 2.5, 1.5, 1.0


@cache
def _zipf(word: str, language: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, language)


def split_word(left: str, right: str, language: str) -> bool:
    """Whether ``left-right`` is one word a hyphen split, rather than a hyphenated compound."""
    joined = _zipf((left + right).lower(), language)
    parts = (_zipf(left.lower(), language), _zipf(right.lower(), language))
    return (joined >= _MIN_JOINED and joined - min(parts) >= _MIN_GAIN
            or joined > 0 and max(parts) < _NOT_A_WORD)


@check("DQ002", severity="info", title="Word split by a hyphenation artefact", scope="article")
def check_hyphenation(articles):
    """Word split by a hyphenation artefact.

    What it does:
        Finds words that carry a hyphen from an old line break: "ameri-kanischer",
        "Verhand-lungen", "govern-ment". A hyphenated pair counts as a split word when the
        joined word is common (word frequencies from wordfreq, in the article's language)
        and much commoner than one of its parts, or is a known word whose parts are not
        words at all ("auswe-rtete"). Real compounds stay clean:
        "russisch-ukrainischen", "deutsch-französische", "well-known", "co-operate".
    Why it matters:
        A split word is a different token: search, entity matching and deduplication miss
        it, and it shows the text was extracted from print or PDF layout without repair.
    Flagged:
        Diplomatie in Bewegung
        Das zeugt von der Reichweite ameri-kanischer Diplomatie.
    Clean:
        Diplomatie in Bewegung
        Das zeugt von der Reichweite der russisch-ukrainischen Gespräche.
    """
    for article_id, text, language in zip(articles.article_id.tolist(), articles.text.tolist(),
                                          articles.language.tolist(), strict=True):
        language = language if language in ("de", "en") else "de"
        for match in _splits(text):
            left, right = match.groups()
            if split_word(left, right, language):
                yield Finding(
                    str(article_id), match.start(), match.end(),
                    f"“{match.group()}” is the word “{left}{right}” split by a hyphen",
                )
