"""AIG001: the text declares that it was generated or assisted by AI."""

import re
from functools import cache

from audit import Finding, check, resources


@cache
def _disclaimer() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The disclaimer pattern, and a cheap pattern of words every disclaimer contains."""
    patterns = resources.phrases("provenance", "disclaimers")
    anchors = resources.phrases("provenance", "disclaimer_anchors")
    return (re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE),
            re.compile("|".join(anchors)))


@check("AIG001", severity="warning", title="AI-generation disclaimer")
def check_ai_disclaimer(articles, sentences):
    """AI-generation disclaimer.

    What it does:
        Finds sentences in which an article declares that it was written, generated or
        assisted by AI or automation ("wobei möglicherweise KI für die Erstellung verwendet
        wurde", "This story was generated using automation technology").
    Why it matters:
        Machine-written text needs a different level of verification, and a corpus used for
        training or citation should know which of its texts declare machine origin. Articles
        that merely report on AI are not flagged.
    Flagged:
        Neue Radwege in der Innenstadt
        Die Stadt plant drei neue Radwege entlang des Rings.
        Dieser Beitrag wurde mithilfe von KI erstellt und redaktionell geprüft.
    Clean:
        Neue Regeln für Künstliche Intelligenz
        Die EU hat neue Regeln für Künstliche Intelligenz beschlossen.
        Die Redaktion kündigte an, keine KI für das Schreiben von Artikeln einzusetzen.
    """
    pattern, anchor = _disclaimer()
    for article_id, text in zip(articles.article_id, articles.text, strict=True):
        if not anchor.search(text):
            continue
        for match in pattern.finditer(text):
            around = sentences[(sentences.article_id == article_id)
                               & (sentences.start <= match.start())
                               & (sentences.end >= match.start())]
            start, end = (around.start.iloc[0], around.end.iloc[0]) if len(around) \
                else match.span()
            yield Finding(
                str(article_id), int(start), int(end),
                "the article declares that it was generated or assisted by AI or automation",
            )
