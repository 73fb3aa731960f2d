"""CON005: one person's name spelled two ways in the corpus."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from audit import Finding, Span, check
from audit.normalise.entities import spelling_key

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


def _identities(persons: pd.DataFrame, min_similarity: float) -> dict:
    """Map each identity (language, given key, family key) to its cluster.

    People with a given name are joined when the given keys are equal and the family keys
    reach ``min_similarity`` (rapidfuzz ratio), compared only within their block of
    (language, given key) — never all pairs. A family name met only after a role noun
    ("Präsident Selenskij") joins the named people with exactly its family key, when they
    all have one given name.
    """
    from rapidfuzz import fuzz

    clusters = _Clusters()
    identities = set(zip(persons.language.tolist(), persons.gkey.tolist(),
                         persons.fkey.tolist(), strict=True))
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


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _variants(mentions: pd.DataFrame, column: str, where: str) -> list[Finding]:
    """Findings for every spelling of ``column`` that is not the commonest in its group."""
    # Plain lists: a group holds a few dozen mentions, too few for pandas to pay off.
    rows = list(zip(mentions.article_id.tolist(), mentions[column].tolist(),
                    mentions[f"{column}_start"].tolist(), strict=True))
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
    # (the person rows of the columns read only: all columns of them were about half the
    # check's peak at 10kGNAD x16)
    persons = entities.loc[(entities.kind == "person").to_numpy(dtype=bool),
                           ["article_id", "start", "end", "surface", "canonical", "given",
                            "family"]]
    if persons.empty:
        return []
    from audit.report.texts import ArticleTexts

    # a spelling marked "[sic]" is the quoted source's, not the article's (each text read
    # when its mentions are: all of them as Python strings were 120 MB at 10kGNAD x16)
    texts = ArticleTexts(articles)
    marked = [_SIC.match(texts.get(article_id) or "", end) is not None
              for article_id, end in zip(persons.article_id.tolist(), persons.end.tolist(),
                                         strict=True)]
    persons = persons[[not sic for sic in marked]]
    if persons.empty:
        return []
    persons["family_start"] = [
        start + surface.rfind(family)
        for start, surface, family in zip(persons.start.tolist(), persons.surface.tolist(),
                                          persons.family.tolist(), strict=True)
    ]
    persons["given_start"] = persons.start
    languages = dict(zip(articles.article_id.tolist(), articles.language.tolist(), strict=True))
    persons["language"] = persons.article_id.map(languages).fillna("und")
    # Each mention stands for the person its article named first (its canonical name).
    named = persons.canonical.str.partition(" ")
    has_given = named[1] == " "
    persons["gkey"] = [spelling_key(g) if h else "" for g, h in
                       zip(named[0].tolist(), has_given.tolist(), strict=True)]
    persons["fkey"] = [spelling_key(f if h else g) for g, f, h in
                       zip(named[0].tolist(), named[2].tolist(), has_given.tolist(), strict=True)]
    del named, has_given
    clusters = _identities(persons, min_similarity)
    # each cluster a number (in the order first met, as its root was): grouping by an
    # integer column instead of one of tuples
    numbers: dict[tuple, int] = {}
    persons["cluster"] = [numbers.setdefault(clusters[identity], len(numbers))
                          for identity in zip(persons.language.tolist(), persons.gkey.tolist(),
                                              persons.fkey.tolist(), strict=True)]
    persons = persons.drop(columns=["gkey", "fkey", "canonical", "surface"])
    del clusters, numbers
    findings = []
    # Only clusters with more than one spelling can hold a variant: select them vectorised.
    spellings = persons.groupby("cluster").family.transform("nunique")
    for _, mentions in persons[spellings > 1].groupby("cluster", sort=False):
        findings += _variants(mentions, "family", "the name")
    with_given = persons[persons.given.notna()].copy()
    with_given["given_key"] = with_given.given.map(spelling_key)
    groups = ["cluster", "given_key"]
    spellings = with_given.groupby(groups).given.transform("nunique")
    for _, mentions in with_given[spellings > 1].groupby(groups, sort=False):
        findings += _variants(mentions, "given", "the given name")
    return findings
