"""The articles' texts as the reports read them: one at a time, by article id.

The reports need an article's text where they place a finding in it (the HTML article
view, SARIF and GitHub columns). Turning the whole ``articles.text`` column into a
dictionary of Python strings made one more copy of the corpus per report (two bytes a
character for German text) at the end of the run, when memory is at its highest; this
mapping keeps the texts where the table holds them and makes a string only of the text
asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pandas as pd

from audit.engine.spill import GIVE_BACK_EVERY, give_back_texts


class ArticleTexts(Mapping):
    """Article id → text, read from the ``articles`` table's ``text`` column on each look-up
    (the last one kept: a report asks for one article's text several times in a row)."""

    def __init__(self, articles: pd.DataFrame):
        ids = articles.article_id.tolist()
        self._position = {article_id: i for i, article_id in enumerate(ids)}
        self._texts = articles.text
        # (a text column in Arrow is read from its arrays: a tenth of the time of .iat)
        self._arrow = articles.text.array.__arrow_array__() \
            if str(articles.text.dtype) == "str" else None
        self._last: tuple[str, str] | None = None
        self._read = 0

    def __getitem__(self, article_id: str) -> str:
        if self._last is not None and self._last[0] == article_id:
            return self._last[1]
        position = self._position[article_id]
        self._read += 1
        if self._read % GIVE_BACK_EVERY == 0:
            give_back_texts()
        if self._arrow is None:
            text = self._texts.iat[position]
        else:
            text = self._arrow[position].as_py()
            if text is None:  # (missing: as the column gives it)
                text = self._texts.dtype.na_value
        self._last = (article_id, text)
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._position)

    def __len__(self) -> int:
        return len(self._position)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._position

    def characters(self) -> int:
        """How many characters all the texts hold (a missing text counts none)."""
        return int(self._texts.str.len().fillna(0).sum())
