"""AIG001: the text declares that it was generated or assisted by AI."""

import re
from functools import cache

from audit import Finding, check, resources


@cache
def _disclaimer() -> re.Pattern[str]:
    patterns = resources.phrases("provenance", "disclaimers")
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


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
    pattern = _disclaimer()
    by_article = {article_id: group for article_id, group in sentences.groupby("article_id")}
    for article_id, text in zip(articles.article_id, articles.text, strict=True):
        for match in pattern.finditer(text):
            group = by_article.get(article_id)
            sentence = None
            if group is not None:
                around = group[(group.start <= match.start()) & (group.end >= match.start())]
                sentence = around.iloc[0] if len(around) else None
            start, end = (sentence.start, sentence.end) if sentence is not None else match.span()
            yield Finding(
                str(article_id), int(start), int(end),
                f"the article declares machine generation: “{match.group()}”",
            )
