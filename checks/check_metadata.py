"""DQ005: missing or implausible metadata: no title, no body, a future publication date."""

import datetime as dt
import re

from audit import Finding, check
from audit.ingest.published import parse_published

_LETTER = re.compile(r"[^\W\d_]")
# Two sentences on one line: a paragraph, not a headline.
_PARAGRAPH = re.compile(r"[.!?][\"“”»«']?\s+[\"„“»«']?[A-ZÄÖÜ]")


@check("DQ005", severity="warning", title="Missing or implausible metadata", scope="article")
def check_metadata(articles, config):
    """Missing or implausible metadata.

    What it does:
        Flags an article without a title (its first line, taken for the title, is a
        paragraph of several sentences), an article whose body is empty (nothing but its
        title), and a publication date in the future. A missing publication date where
        relative dates need one is TMP003; one before the events the article reports as
        past is TMP004.
    Why it matters:
        Wrong metadata misplaces an article on every timeline built from it, and an
        article without a title or body is a broken record, not an article.
    Flagged:
        ---
        published: 2999-03-01
        ---
        Abkommen unterzeichnet
        Beide Seiten unterzeichneten das Abkommen in Genf.
    Clean:
        ---
        published: 2025-03-01
        ---
        Abkommen unterzeichnet
        Beide Seiten unterzeichneten das Abkommen in Genf.
    """
    today = dt.date.fromisoformat(config["today"]) if "today" in config else dt.date.today()
    for article_id, text, title, published_as in zip(
            articles.article_id.tolist(), articles.text.tolist(), articles.title.tolist(),
            articles.published.tolist(), strict=True):
        article_id, text = str(article_id), text or ""
        title = title.strip() if isinstance(title, str) else ""
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
            published = parse_published(published_as)
        except ValueError:
            published = None
        if published is None:
            continue
        if published.earliest > today:
            yield Finding(article_id, 0, 0, f"publication date {published} is in the future "
                                            f"(audited on {today.isoformat()})")
