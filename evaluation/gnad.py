"""10kGNAD's test file, read one way by every benchmark, evaluation script and test.

``../shared/corpora/10kgnad-test.csv`` holds 1,028 Austrian news articles, one a line:
``label;'text'`` with ``'`` quoting texts that hold ``;`` or line breaks. Its articles are
known by their row: ``gnad-0``, ``gnad-1``, … (judgements and halves of
``evaluation/precision.py`` rely on these ids).
"""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "10kgnad-test.csv"


def read_gnad(limit: int | None = None, path: Path = CORPUS):
    """The file as a DataFrame of ``label`` (the article's section) and ``text``, in the
    file's order; ``limit``: only the first so many articles."""
    import pandas as pd

    return pd.read_csv(path, sep=";", quotechar="'", header=None, names=["label", "text"],
                       dtype=str, keep_default_na=False, nrows=limit)


def gnad_texts(limit: int | None = None, path: Path = CORPUS) -> list[str]:
    """The articles' texts in the file's order; ``limit``: only the first so many."""
    return read_gnad(limit, path).text.tolist()


def gnad_records(limit: int | None = None, path: Path = CORPUS) -> list[dict]:
    """The articles as input records: ``{"id": "gnad-<row>", "text": …}``."""
    return [{"id": f"gnad-{row}", "text": text}
            for row, text in enumerate(gnad_texts(limit, path))]
