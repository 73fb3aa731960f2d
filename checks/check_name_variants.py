"""CON005: one person's name spelled two ways in the corpus."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from audit import Finding, Span, check
from audit.normalise.entities import spelling_key
from audit.tables import reads

if TYPE_CHECKING:  # (listing the checks imports this module, not pandas)
    import pandas as pd


#: A spelling the text marks as reproduced as found ("Angela Correy's [sic] career").
_SIC = re.compile(r"(?:['’]s)?\W{0,2}[\[(]sic[\])]", re.IGNORECASE)


class _Clusters:
    """Union-find over person identities."""

    def __init__(self):
        self.parent: dict = {}

    def find(self, item):
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, left, right) -> None:
        self.parent[self.find(right)] = self.find(left)


def _identities(identities: set[tuple[str, str, str]], min_similarity: float) -> dict:
    """Map each identity (language, given key, family key) to its cluster.

    People with a given name are joined when the given keys are equal and the family keys
    reach ``min_similarity`` (rapidfuzz ratio), compared only within their block of
    (language, given key) — never all pairs. A family name met only after a role noun
    ("Präsident Selenskij") joins the named people with exactly its family key, when they
    all have one given name.
    """
    from rapidfuzz import fuzz

    clusters = _Clusters()
    blocks: dict[tuple, list[str]] = defaultdict(list)
    by_family: dict[tuple, list[tuple]] = defaultdict(list)
    for language, gkey, fkey in sorted(identities):
        clusters.find((language, gkey, fkey))
        if gkey:
            blocks[(language, gkey)].append(fkey)
            by_family[(language, fkey)].append((language, gkey, fkey))
    for (language, gkey), fkeys in blocks.items():
        for i, left in enumerate(fkeys):
            for right in fkeys[i + 1 :]:
                if fuzz.ratio(left, right) >= min_similarity:
                    clusters.join((language, gkey, left), (language, gkey, right))
    for language, gkey, fkey in identities:
        # A family name alone stands for the one named person with that family key; when
        # people with different given names share it (Manfred Wolf, Rupert Wolff), it could
        # be any of them and links none, or it would join them into one person.
        named = by_family.get((language, fkey), ())
        if not gkey and len({given for _, given, _ in named}) == 1:
            for person in named:
                clusters.join(person, (language, gkey, fkey))
    return {identity: clusters.find(identity) for identity in identities}


#: Rows of ``entities`` read at once (each chunk's person rows become plain values).
_CHUNK = 20_000


class _Mentions:
    """The person mentions as the check keeps them, a column each (``article_id``,
    ``family``, ``given``, ``identity``: strings and tuples shared by the mentions that
    have them; ``start``, ``family_start``: arrays of numbers): a tuple and two numbers of
    its own a mention were 13 MB at 10kGNAD x16's 74,000."""

    def __init__(self):
        from array import array

        self.article_id: list[str] = []
        self.start = array("q")
        self.family_start = array("q")
        self.family: list[str] = []
        self.given: list[str | None] = []
        self.identity: list[tuple[str, str, str]] = []

    def __len__(self) -> int:
        return len(self.article_id)


def _mentions(entities: pd.DataFrame, articles: pd.DataFrame) -> _Mentions:
    """The corpus's person mentions in table order, but those the text marks "[sic]",
    each with the identity (language, given key, family key) of the person its article
    named first (its canonical name). Read a chunk of rows at a time, as plain values
    shared between the mentions that have them: pandas frames of the person rows and their
    copies were 74 MB at 10kGNAD x16."""
    from audit.report.texts import ArticleTexts

    languages = {article_id: language if isinstance(language, str) else "und"
                 for article_id, language in zip(articles.article_id.tolist(),
                                                 articles.language.tolist(), strict=True)}
    texts = ArticleTexts(articles)
    shared: dict = {}
    keys: dict[str, str] = {}

    def key_of(name: str) -> str:
        if name not in keys:
            keys[name] = spelling_key(name)
        return keys[name]

    mentions = _Mentions()
    for first in range(0, len(entities), _CHUNK):
        chunk = entities.iloc[first:first + _CHUNK]
        persons = chunk[(chunk.kind == "person").to_numpy(dtype=bool)]
        for article_id, start, end, surface, canonical, given, family in zip(
                *(persons[column].tolist() for column in ("article_id", "start", "end",
                                                          "surface", "canonical", "given",
                                                          "family")), strict=True):
            # a spelling marked "[sic]" is the quoted source's, not the article's (each
            # text read when its mentions are)
            if _SIC.match(texts.get(article_id) or "", end) is not None:
                continue
            named_given, space, named_family = canonical.partition(" ")
            language = languages.get(article_id, "und")
            identity = (language, key_of(named_given), key_of(named_family)) if space \
                else (language, "", key_of(named_given))
            mentions.article_id.append(shared.setdefault(article_id, article_id))
            mentions.start.append(start)
            mentions.family_start.append(start + surface.rfind(family))
            mentions.family.append(shared.setdefault(family, family))
            mentions.given.append(shared.setdefault(given, given)
                                  if isinstance(given, str) else None)
            mentions.identity.append(shared.setdefault(identity, identity))
    return mentions


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _variants(rows: list[tuple[str, str, int]], where: str) -> list[Finding]:
    """Findings for every spelling that is not the commonest in its group (``rows``: each
    mention's article, spelling and start, in corpus order)."""
    spellings = {value for _, value, _ in rows}
    rows = [  # a genitive is its base form ("Merkels" → "Merkel")
        (article_id, value[:-1] if value.endswith("s") and value[:-1] in spellings else value,
         start)
        for article_id, value, start in rows
    ]
    counts = Counter(value for _, value, _ in rows)
    if len(counts) < 2:
        return []
    first_seen: dict[str, int] = {}
    for i, (_, value, _) in enumerate(rows):
        first_seen.setdefault(value, i)
    dominant = max(counts, key=lambda v: (counts[v], -first_seen[v]))
    reference = [(article_id, start) for article_id, value, start in rows if value == dominant]
    articles = len({article_id for article_id, _ in reference})
    first_mentions: dict[tuple[str, str], int] = {}  # (article, spelling) → its first start
    for article_id, value, start in rows:
        first_mentions.setdefault((article_id, value), start)
    findings = []
    for (article_id, spelling), start in first_mentions.items():
        if spelling == dominant:
            continue
        other_article, other_start = next(
            (mention for mention in reference if mention[0] == article_id), reference[0])
        findings.append(Finding(
            str(article_id), int(start), int(start) + len(spelling),
            f"{where} “{spelling}” is written “{dominant}” elsewhere in the corpus "
            f"({_count(counts[dominant], 'mention')} in {_count(articles, 'article')})",
            related=(Span(str(other_article), int(other_start),
                          int(other_start) + len(dominant)),),
        ))
    return findings


@check("CON005", severity="warning", title="Name spelled in different ways")
@reads(entities=("start", "end", "surface", "canonical", "kind", "given", "family"))
def check_name_variants(entities, articles, config):
    """Name spelled in different ways.

    What it does:
        Groups the people named in the corpus by spelling keys that fold the usual
        transliteration variants (w/v, j/i/y, z/s, umlauts): people with the same given
        name whose family names are equal or near (rapidfuzz, within blocks), and family
        names met after a role noun. Flags every spelling of a family or given name that
        differs from its group's commonest spelling ("Lavrov" where the corpus writes
        "Lawrow", "Sergei" beside "Sergej"). German genitives ("Putins") are not variants,
        people with different given names are different people, and a spelling the text
        marks as reproduced ("Correy [sic]") is not counted.
    Why it matters:
        Inconsistent spellings split one person into several in search, entity linking and
        cross-article comparison, and often reveal text assembled from different sources or
        machine translation. Names are compared within one language: "Lawrow" in German and
        "Lavrov" in English are each their language's convention.
    Flagged:
        Telefonat der Außenminister
        Außenminister Sergej Lawrow telefonierte am Montag mit seinem Amtskollegen.
        Lavrov sprach danach von einem konstruktiven Gespräch.
    Clean:
        Telefonat der Außenminister
        Außenminister Sergej Lawrow telefonierte am Montag mit seinem Amtskollegen.
        Lawrows Sprecher sprach danach von einem konstruktiven Gespräch.
    """
    min_similarity = float(config.get("min-similarity", 90))
    mentions = _mentions(entities, articles)
    if not len(mentions):
        return []
    clusters = _identities(set(mentions.identity), min_similarity)
    # each cluster a number, in the order first met (the mentions grouped by it in that
    # order, as a groupby that does not sort would)
    numbers: dict[tuple, int] = {}
    cluster_of = [numbers.setdefault(clusters[identity], len(numbers))
                  for identity in mentions.identity]
    del clusters, numbers
    findings = []
    family_groups = _groups(cluster_of, mentions.family)
    for rows in _rows(family_groups, mentions.article_id, mentions.family,
                      mentions.family_start):
        findings += _variants(rows, "the name")
    del family_groups
    given_groups = [None if given is None else (cluster, _given_key(given))
                    for cluster, given in zip(cluster_of, mentions.given, strict=True)]
    for rows in _rows(_groups(given_groups, mentions.given), mentions.article_id,
                      mentions.given, mentions.start):
        findings += _variants(rows, "the given name")
    return findings


def _groups(group_of: list, spelling: list[str | None]) -> list:
    """Each mention's group (``group_of``; ``None``: none), only where its group holds more
    than one spelling, else ``None``: only those groups can hold a variant."""
    spellings: dict = {}
    for group, value in zip(group_of, spelling, strict=True):
        if group is not None:
            spellings.setdefault(group, set()).add(value)
    return [group if group is not None and len(spellings[group]) > 1 else None
            for group in group_of]


def _rows(group_of: list, article_ids: list[str], spelling: list[str | None], starts
          ) -> Iterator[list[tuple[str, str, int]]]:
    """The rows (article, spelling, start) of each group, in the order the groups are first
    met, each group's in the order of the mentions (rows made only for the groups
    ``group_of`` names, not for every mention)."""
    groups: dict = {}
    for i, group in enumerate(group_of):
        if group is not None:
            groups.setdefault(group, []).append((article_ids[i], spelling[i], starts[i]))
    yield from groups.values()


@cache
def _given_key(given: str) -> str:
    """A given name's spelling key (the same names again and again)."""
    return spelling_key(given)
