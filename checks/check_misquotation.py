"""CON006: one speaker, one occasion, a direct quote in materially different wording."""

import datetime as dt
import re
from functools import cache

from audit import Finding, Span, check, resources
from audit.normalise.entities import spelling_key
from audit.normalise.events import stories
from audit.tables import reads, rows_with

#: Two quotes are of one occasion only when their articles were published at most this many
#: days apart, in one story.
WINDOW_DAYS = 2
#: How alike two quotes must be (rapidfuzz ratio of their words, 0-100) to be one quote.
MIN_SIMILARITY = 75
_QUOTE = re.compile(r"„([^“”\"]{12,}?)[“\"]|“([^”“]{12,}?)”|\"([^\"]{12,}?)\"|»([^«]{12,}?)«"
                    r"|«([^»]{12,}?)»")
_WORD = re.compile(r"\w+")


@cache
def _stopwords(language: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in resources.load(language, "language")
                     .get("stopwords", []))


def _quotes(text: str):
    """Each direct quote of a claim: (offset in ``text``, the quote)."""
    for match in _QUOTE.finditer(text):
        group = next(i for i in range(1, 6) if match.group(i))
        yield match.start(group), match.group(group)


def _speaker(value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return spelling_key(value.split()[-1])


def _day(value) -> int | None:
    """A publication date to the day as an ordinal (a month or a year precision: none)."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value).toordinal()
        except ValueError:
            return None
    return None


def _near(left, right) -> bool:
    """Whether two publication dates are known to the day and at most ``WINDOW_DAYS``
    apart."""
    left, right = _day(left), _day(right)
    return left is not None and right is not None and abs(left - right) <= WINDOW_DAYS


def _changed(here: list[str], there: list[str], language: str) -> list[str]:
    """The content words one quote has and the other lacks (both ways), or none when one
    quote is a part of the other (quoting less is not misquoting)."""
    joined_here, joined_there = " ".join(here), " ".join(there)
    if joined_here in joined_there or joined_there in joined_here:
        return []
    stop = _stopwords(language)
    # negations are stop words, but a "nicht" more or less changes what was said
    keep = {"nicht", "kein", "keine", "nie", "not", "no", "never"}
    return sorted({w for w in set(here) ^ set(there) if w not in stop or w in keep})


def _quoted(assertions):
    """The claims with a direct quote and a speaker."""
    return assertions[assertions.text.str.contains(r"[„“\"»«]", regex=True)
                      & assertions.speaker.notna()]


@reads(assertions=("article_id", "text", "speaker"))
@rows_with(assertions="speaker")
def _quote_keys(assertions, articles):
    """CON006's blocking keys: each quoted speaker with the story and language of the
    article quoting them. Only articles that another article of their language, quoting the
    same speaker, was published near (``WINDOW_DAYS``) get a key: no other quote can be
    compared. The stories are read over the whole corpus, once, and only when some article
    has such a neighbour (on a corpus of undated or unrelated articles, never)."""
    import pandas as pd  # (here: listing the checks imports this module, not pandas)

    quoted = _quoted(assertions)
    language = dict(zip(articles.article_id.tolist(), articles.language.tolist(), strict=True))
    published = dict(zip(articles.article_id.tolist(), articles.published.tolist(),
                         strict=True))
    # (language, speaker) -> day -> the articles of that day quoting them
    voices: dict[tuple, dict[int, set[str]]] = {}
    rows = []
    for article_id, value in zip(quoted.article_id.tolist(), quoted.speaker.tolist(),
                                 strict=True):
        speaker, day = _speaker(value), _day(published.get(article_id))
        if speaker is not None and day is not None:
            rows.append((article_id, language.get(article_id), speaker))
            voices.setdefault(rows[-1][1:], {}).setdefault(day, set()).add(article_id)
    near: set[tuple[str, str, str]] = set()
    for (lang, speaker), days in voices.items():
        for day, on_day in days.items():
            around = set().union(*(days.get(day + shift, ())
                                   for shift in range(-WINDOW_DAYS, WINDOW_DAYS + 1)))
            if len(around) > 1:
                near.update((article_id, lang, speaker) for article_id in on_day)
    if not near:
        return pd.DataFrame({"article_id": pd.Series([], dtype=object),
                             "key": pd.Series([], dtype=object)})
    story = stories(articles)
    return pd.DataFrame([(article_id, (story.get(article_id), lang, speaker))
                         for article_id, lang, speaker in rows
                         if (article_id, lang, speaker) in near],
                        columns=["article_id", "key"])


@check("CON006", severity="warning", title="Quote worded differently elsewhere",
       keys=_quote_keys)
@reads(assertions=("article_id", "start", "text", "speaker"))
@rows_with(assertions="speaker")
def check_misquotation(assertions, articles, key=None):
    """Quote worded differently elsewhere.

    What it does:
        Compares the direct quotes attributed to one speaker in articles of one story and
        one language published at most two days apart. Two quotes that are mostly the
        same words (rapidfuzz ratio of at least 75) but differ in a word that carries
        meaning — a content word, a number, a negation — are one quote reported two ways,
        and the later is flagged with the other beside it. Quotes by different speakers,
        different quotes by one speaker, a quote shortened in one article, and differences
        of case or punctuation alone do not count. Quotes in two languages are not
        compared: at least one of them is a translation, whose wording is the
        translator's, so different words there say nothing about what was said (a meaning
        reversed across languages is CON003's).
    Why it matters:
        "Wir sind zu einem Abkommen bereit" and "Wir sind zu keinem Abkommen bereit" cannot
        both be what the minister said; a direct quote promises the speaker's own words.
    Flagged:
        {"id": "a", "title": "Okafor zum Kuma-Abkommen", "published": "2025-05-09", "language": "de", "text": "Okafor zum Kuma-Abkommen\\n\\nGrace Okafor sagte nach dem Treffen mit Jonas Brandt: „Wir sind zu einem Abkommen über den Kuma im Sommer bereit.“"}
        {"id": "b", "title": "Okafor zum Kuma-Abkommen", "published": "2025-05-09", "language": "de", "text": "Okafor zum Kuma-Abkommen\\n\\nGrace Okafor sagte nach dem Treffen mit Jonas Brandt: „Wir sind zu einem Abkommen über den Kuma im Herbst bereit.“"}
    Clean:
        {"id": "a", "title": "Okafor zum Kuma-Abkommen", "published": "2025-05-09", "language": "de", "text": "Okafor zum Kuma-Abkommen\\n\\nGrace Okafor sagte nach dem Treffen mit Jonas Brandt: „Wir sind zu einem Abkommen über den Kuma im Sommer bereit.“"}
        {"id": "b", "title": "Okafor zum Kuma-Abkommen", "published": "2025-05-09", "language": "de", "text": "Okafor zum Kuma-Abkommen\\n\\nGrace Okafor sagte nach dem Treffen mit Jonas Brandt: „Wir sind zu einem Abkommen über den Kuma im Sommer bereit. Die Fischerei verhandeln wir später.“"}
    """
    quoted = _quoted(assertions)
    if quoted.empty:
        return
    from rapidfuzz import fuzz  # (here: listing the checks imports this module)

    # run per blocking key (the engine), every article is of the key's story; the stories
    # of a subset of the corpus would differ from the corpus's
    story = stories(articles) if key is None else \
        dict.fromkeys(articles.article_id.tolist(), key[0])
    language = dict(zip(articles.article_id.tolist(), articles.language.tolist(), strict=True))
    published = dict(zip(articles.article_id.tolist(), articles.published.tolist(),
                         strict=True))
    titles = dict(zip(articles.article_id.tolist(), articles.title.tolist(), strict=True))
    # blocking key: (story, language, speaker)
    blocks: dict[tuple, list] = {}
    for row in quoted.itertuples(index=False):
        speaker = _speaker(row.speaker)
        if speaker is None:
            continue
        key = (story.get(row.article_id), language.get(row.article_id), speaker)
        for offset, quote in _quotes(row.text):
            words = [w.casefold() for w in _WORD.findall(quote)]
            blocks.setdefault(key, []).append((row, row.start + offset, quote, words))
    for block_key, quotes in blocks.items():
        if key is not None and block_key != key:
            continue  # (another block is its own group)
        lang = block_key[1]
        lang = lang if lang in resources.LANGUAGES else "de"
        for i, (row, start, quote, words) in enumerate(quotes):
            for other, other_start, other_quote, other_words in quotes[:i]:
                if other.article_id == row.article_id or not _near(
                        published.get(row.article_id), published.get(other.article_id)):
                    continue
                if fuzz.ratio(" ".join(words), " ".join(other_words)) < MIN_SIMILARITY:
                    continue
                changed = _changed(words, other_words, lang)
                if not changed:
                    continue
                yield Finding(
                    str(row.article_id), int(start), int(start) + len(quote),
                    f"‘{quote}’ here, but ‘{other_quote}’ in "
                    f"*{titles.get(other.article_id, other.article_id)}* (published "
                    f"{published.get(other.article_id)}), quoting {row.speaker} "
                    f"({', '.join(changed)})",
                    related=(Span(str(other.article_id), int(other_start),
                                  int(other_start) + len(other_quote)),))
                break
