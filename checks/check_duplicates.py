"""DQ003: duplicate and near-duplicate articles."""

from __future__ import annotations

import re
import zlib
from typing import TYPE_CHECKING

from audit import Finding, Span, check

if TYPE_CHECKING:  # (listing the checks imports this module, not numpy)
    import numpy as np

#: Word sequences of this many words are the units two texts are compared by.
SHINGLE = 5
#: MinHash signature: BANDS bands of ROWS hashes; two texts share a band (and are compared)
#: with probability 1 - (1 - J^ROWS)^BANDS for a Jaccard similarity J: 0.99 at J = 0.8,
#: under 0.02 at J = 0.3.
BANDS, ROWS = 16, 4
_PRIME = (1 << 61) - 1
_NEIGHBOURS = 20
#: A body of fewer words is not compared.
MIN_WORDS = 20
_WORD = re.compile(r"\w+")


def _body(title: str, text: str) -> str:
    """The text without its title line: a copy under a new headline is still a copy."""
    text = text.strip()
    if title and text.startswith(title):
        return text[len(title):]
    return text


def _shingles(text: str) -> set[int]:
    """The hashed word sequences of a text; none for a text too short to tell a copy by
    (a stub such as "Der Volltext ... steht nicht mehr zur Verfügung" under many titles)."""
    words = _WORD.findall(text.casefold())
    if len(words) < MIN_WORDS:
        return set()
    return {zlib.crc32(" ".join(words[i:i + SHINGLE]).encode())
            for i in range(len(words) - SHINGLE + 1)}


def _signatures(shingle_sets: list[set[int]]) -> np.ndarray:
    """MinHash signatures (one row per text) from fixed seeds: the same on every run."""
    import numpy as np

    generator = np.random.default_rng(20250509)
    a = generator.integers(1, _PRIME, BANDS * ROWS, dtype=np.uint64)
    b = generator.integers(0, _PRIME, BANDS * ROWS, dtype=np.uint64)
    signatures = np.full((len(shingle_sets), BANDS * ROWS), np.iinfo(np.uint64).max,
                         dtype=np.uint64)
    for i, shingles in enumerate(shingle_sets):
        if shingles:
            values = np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
            # (a·x + b) mod 2^64, a universal-enough hash family for 32-bit x
            hashed = values[:, None] * a[None, :] + b[None, :]
            signatures[i] = hashed.min(axis=0)
    return signatures


@check("DQ003", severity="warning", title="Duplicate or near-duplicate article")
def check_duplicates(articles, config):
    """Duplicate or near-duplicate article.

    What it does:
        Finds articles whose text (without the title line, so a copy under a new
        headline counts; at least twenty words) is the same as an earlier article's, or shares at least
        `min-similarity` (default 0.8) of its five-word sequences with it (Jaccard
        similarity). Candidates are found by MinHash with locality-sensitive hashing
        (texts that share a band of their signature), never by comparing all pairs; each
        candidate pair is then measured exactly. The later article of each pair (in
        corpus order) is flagged, with the earlier one related.
    Why it matters:
        A republished or lightly edited copy counts one report twice: it inflates how
        widely a claim seems to be reported, skews statistics over the corpus, and leaks
        between training and test splits.
    Flagged:
        {"id": "a", "title": "Hafen wird ausgebaut", "published": "2025-05-02", "text": "Hafen wird ausgebaut\\n\\nDie Stadt Lindau baut ihren Hafen bis 2027 aus. Der Gemeinderat stimmte dem Plan am Donnerstag mit großer Mehrheit zu. Die Kosten trägt zum größten Teil das Land."}
        {"id": "b", "title": "Lindau: Mehrheit für neuen Hafen", "published": "2025-05-03", "text": "Lindau: Mehrheit für neuen Hafen\\n\\nDie Stadt Lindau baut ihren Hafen bis 2027 aus. Der Gemeinderat stimmte dem Plan am Donnerstag mit großer Mehrheit zu. Die Kosten trägt zum größten Teil das Land."}
    Clean:
        {"id": "a", "title": "Hafen wird ausgebaut", "published": "2025-05-02", "text": "Hafen wird ausgebaut\\n\\nDie Stadt Lindau baut ihren Hafen bis 2027 aus. Der Gemeinderat stimmte dem Plan am Donnerstag mit großer Mehrheit zu. Die Kosten trägt zum größten Teil das Land."}
        {"id": "b", "title": "Lindau: Streit um den Hafen", "published": "2025-05-03", "text": "Lindau: Streit um den Hafen\\n\\nDie Opposition in Lindau hält den Ausbau des Hafens für zu teuer. Sie verlangt ein neues Gutachten, bevor der Bau im Herbst beginnt."}
    """
    threshold = float(config.get("min-similarity", 0.8))
    ids = articles.article_id.astype(str).tolist()
    titles = articles.title.tolist()
    texts = articles.text.tolist()
    bodies = [_body(title if isinstance(title, str) else "", text if isinstance(text, str)
                    else "") for title, text in zip(titles, texts, strict=True)]
    shingles = [_shingles(body) for body in bodies]
    signatures = _signatures(shingles)
    candidates: set[tuple[int, int]] = set()
    for band in range(BANDS):
        buckets: dict[bytes, list[int]] = {}
        rows = signatures[:, band * ROWS:(band + 1) * ROWS]
        for i in range(len(ids)):
            if shingles[i]:
                buckets.setdefault(rows[i].tobytes(), []).append(i)
        for members in buckets.values():
            # each text against the ones just before it in its bucket: a bucket of many
            # copies of one text stays linear
            for position, later in enumerate(members[1:], start=1):
                for earlier in members[max(0, position - _NEIGHBOURS):position]:
                    candidates.add((earlier, later))
    flagged: set[int] = set()
    published = articles.published.tolist()
    for earlier, later in sorted(candidates, key=lambda pair: (pair[1], pair[0])):
        if later in flagged:
            continue
        if not shingles[earlier] or not shingles[later]:
            continue
        if bodies[earlier].strip() == bodies[later].strip():
            similarity, what = 1.0, "the same text as"
        else:
            union = len(shingles[earlier] | shingles[later])
            similarity = len(shingles[earlier] & shingles[later]) / union
            if similarity < threshold:
                continue
            what = f"a near-duplicate ({similarity:.0%} of its five-word sequences shared) of"
        flagged.add(later)
        title = titles[earlier] if isinstance(titles[earlier], str) else ids[earlier]
        date = published[earlier] if isinstance(published[earlier], str) else "undated"
        yield Finding(ids[later], 0, len(texts[later] or ""),
                      f"{what} *{title}* (published {date})",
                      related=(Span(ids[earlier], 0, len(texts[earlier] or "")),))
