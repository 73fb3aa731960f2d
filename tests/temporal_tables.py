"""Tables of one small article, as the engine hands them to the temporal checks."""

from audit.normalise.build import normalise_article
from audit.tables import frame


def tables(text, language, published=None, article_id="a1"):
    """``(articles, timexes, assertions)`` of one article."""
    rows = normalise_article(article_id, text, language, published)
    articles = frame("articles", [{"article_id": article_id, "title": "", "text": text,
                                   "published": published, "language": language,
                                   "status": "audited"}])
    return articles, frame("timexes", rows["timexes"]), frame("assertions", rows["assertions"])
