"""DQ005: missing or implausible metadata: no title, no body, an impossible publication date."""

import datetime as dt
import re
from functools import cache

from audit import Finding, check, resources
from audit.ingest.published import parse_published

_LETTER = re.compile(r"[^\W\d_]")
# Two sentences on one line: a paragraph, not a headline.
_PARAGRAPH = re.compile(r"[.!?][\"“”»«']?\s+[\"„“»«']?[A-ZÄÖÜ]")


@cache
def _tense(language: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The past and future markers of a language, each as one pattern."""
    table = resources.load(language, "provenance")
    return tuple(
        re.compile("|".join(f"(?:{p})" for p in table[key])) if table.get(key) else None
        for key in ("past_markers", "future_markers")
    )


def _reported_as_past(sentence: str, language: str) -> bool:
    past, future = _tense(language if language in resources.LANGUAGES else "de")
    return bool(past and past.search(sentence)) and not (future and future.search(sentence))


@check("DQ005", severity="warning", title="Missing or implausible metadata")
def check_metadata(articles, timexes, sentences, config):
    """Missing or implausible metadata.

    What it does:
        Flags an article without a title (its first line, taken for the title, is a
        paragraph of several sentences), an article whose body is empty (nothing but its
        title), a publication date in the future, and a publication date before an event
        the article reports as past: an explicit date after publication in a sentence in
        the past tense ("Am 3. März 2025 unterzeichneten beide Seiten …" in an article
        published on 1 March 2025). Dates announced for the future ("soll am 3. März
        stattfinden", "will meet on 3 March") are not flagged. A missing publication date
        is left to the expectation suite (checks/expectations/).
    Why it matters:
        Wrong metadata misplaces an article on every timeline built from it; a date before
        the events it reports shows the date or the text was changed, copied or made up.
    Flagged:
        ---
        published: 2025-03-01
        ---
        Abkommen unterzeichnet
        Am 3. März 2025 unterzeichneten beide Seiten das Abkommen in Genf.
    Clean:
        ---
        published: 2025-03-01
        ---
        Abkommen geplant
        Am 3. März 2025 sollen beide Seiten das Abkommen in Genf unterzeichnen.
    """
    today = dt.date.fromisoformat(config["today"]) if "today" in config else dt.date.today()
    dates = {}
    for article in articles.itertuples(index=False):
        article_id, text = str(article.article_id), article.text or ""
        title = article.title.strip() if isinstance(article.title, str) else ""
        body = text.strip()
        if body.startswith(title):
            body = body[len(title):]
        if not title or _PARAGRAPH.search(title) and text.lstrip().startswith(title):
            end = text.find(title) + len(title) if title else 0
            yield Finding(article_id, end - len(title), end,
                          "the article has no title: its first line is a paragraph of text")
        elif not _LETTER.search(body):
            yield Finding(article_id, 0, len(text), "the article has no body: nothing but "
                                                    "its title")
        try:
            published = parse_published(article.published)
        except ValueError:
            published = None
        if published is None:
            continue
        dates[article_id] = published
        if published.earliest > today:
            yield Finding(article_id, 0, 0, f"publication date {published} is in the future "
                                            f"(audited on {today.isoformat()})")
    if not dates:
        return
    explicit = timexes[(timexes.anchor == "explicit") & timexes.earliest.notna()
                       & timexes.article_id.isin(list(dates))]
    if explicit.empty:
        return
    sentence_text = {(a, s): t for a, s, t in zip(sentences.article_id, sentences.sent_id,
                                                  sentences.text, strict=True)}
    languages = dict(zip(articles.article_id, articles.language, strict=True))
    for row in explicit.itertuples(index=False):
        published = dates[str(row.article_id)]
        event = dt.date.fromisoformat(str(row.earliest)[:10])
        if event <= published.latest + dt.timedelta(days=1):
            continue
        sentence = sentence_text.get((row.article_id, row.sent_id), "")
        if _reported_as_past(sentence, languages.get(row.article_id)):
            yield Finding.at(row, f"published {published}, but reports “{row.text}” "
                                  f"({row.value}) as past")
