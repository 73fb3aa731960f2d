"""DQ002: a word split by a hyphen that a line break once needed ("ameri-kanischer")."""

from functools import cache

from audit import Finding, check, resources
from audit.matching import Patterns
from audit.resources import frequencies


@cache
def _split_pattern(language: str) -> Patterns:
    """Letters, a hyphen (and maybe a line break) and two or more lower-case letters of the
    language's alphabet (``language.toml``): "ameri-kanischer", also at the start of a
    capitalised word ("Verhand-lungen"). Compounds whose second part is a noun are
    capitalised in German ("Ukraine-Konflikt") and never match."""
    lower, _ = resources.letters(language)
    return Patterns([rf"\pL{{2,}}-\n?[{lower}]{{2,}}"], case="exact")


def _splits(text: str, language: str) -> list[tuple[int, int, str, str]]:
    """Each hyphenated pair standing alone (no hyphen or letter joined on either side): its
    span and its two parts."""
    found = []
    for match in _split_pattern(language).finditer(text):
        if text[match.start - 1:match.start] == "-" or text[match.end:match.end + 1] == "-":
            continue  # a part of a longer chain: "Rhein-Main-Gebiet"
        left, _, right = text[match.start:match.end].partition("-")
        found.append((match.start, match.end, left, right.lstrip("\n")))
    return found


# The joined word must be at least this common (wordfreq Zipf scale: 3 = once per million
# words) and this much commoner than its rarer part: "amerikanischer" (3.9) against
# "kanischer" (0), but not "russischukrainischen" (0) against "russisch" (4.1). A rarer
# joined word ("auswertete", 1.8) counts when neither part is a word (below _NOT_A_WORD).
_MIN_JOINED, _MIN_GAIN, _NOT_A_WORD = 2.5, 1.5, 1.0


@cache
def _zipf(word: str, language: str) -> float:
    # (wordfreq's own value, looked up without loading the list in every worker)
    return frequencies.zipf_frequency(word, language)


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
        language = resources.resolve(language)
        for start, end, left, right in _splits(text, language):
            if split_word(left, right, language):
                yield Finding(
                    str(article_id), start, end,
                    f"“{text[start:end]}” is the word “{left}{right}” split by a hyphen",
                )
