"""CON005: one person's name spelled two ways in the corpus."""

from collections import Counter, defaultdict

import pandas as pd
from rapidfuzz import fuzz

from audit import Finding, Span, check
from audit.normalise.entities import spelling_key


def _clusters(keys: list[str], min_similarity: float) -> dict[str, str]:
    """Map each spelling key to a cluster representative.

    Keys are compared only within blocks sharing their first two letters (never all
    pairs), and joined when rapidfuzz's ratio reaches ``min_similarity``.
    """
    parent = {key: key for key in keys}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    blocks: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        blocks[key[:2]].append(key)
    for block in blocks.values():
        for i, left in enumerate(block):
            for right in block[i + 1 :]:
                if fuzz.ratio(left, right) >= min_similarity:
                    parent[root(right)] = root(left)
    return {key: root(key) for key in keys}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _variants(mentions: pd.DataFrame, column: str, where: str) -> list[Finding]:
    """Findings for every spelling of ``column`` that is not the commonest in its group."""
    findings = []
    counts = Counter(mentions[column])
    if len(counts) < 2:
        return findings
    first_seen = {value: i for i, value in reversed(list(enumerate(mentions[column])))}
    dominant = max(counts, key=lambda v: (counts[v], -first_seen[v]))
    articles = mentions.groupby(column).article_id.nunique()
    reference = mentions[mentions[column] == dominant]
    for (article_id, spelling), group in mentions.groupby(["article_id", column], sort=False):
        if spelling == dominant:
            continue
        first = group.iloc[0]
        same_article = reference[reference.article_id == article_id]
        other = (same_article if len(same_article) else reference).iloc[0]
        start = int(first[f"{column}_start"])
        findings.append(Finding(
            str(article_id), start, start + len(spelling),
            f"{where} “{spelling}” is written “{dominant}” elsewhere in the corpus "
            f"({_count(counts[dominant], 'mention')} in {_count(articles[dominant], 'article')})",
            related=(Span(str(other.article_id), int(other[f"{column}_start"]),
                          int(other[f"{column}_start"]) + len(dominant)),),
        ))
    return findings


@check("CON005", severity="warning", title="Name spelled in different ways")
def check_name_variants(entities, articles, config):
    """Name spelled in different ways.

    What it does:
        Groups the person names of the whole corpus by a spelling key that folds the usual
        transliteration variants (w/v, j/i/y, z/s, umlauts), joins near keys with rapidfuzz
        within blocks, and flags every spelling of a family or given name that differs from
        its commonest spelling ("Lavrov" where the corpus writes "Lawrow", "Sergei" beside
        "Sergej"). German genitives ("Putins") are not variants.
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
    persons = entities[entities.kind == "person"].copy()
    if persons.empty:
        return []
    persons["family_start"] = [
        start + surface.rfind(family)
        for start, surface, family in zip(persons.start, persons.surface, persons.family,
                                          strict=True)
    ]
    clusters = _clusters(sorted(set(persons.key)), min_similarity)
    persons["cluster"] = persons.key.map(clusters)
    persons["language"] = persons.article_id.map(dict(zip(articles.article_id,
                                                          articles.language, strict=True)))
    findings = []
    for _, mentions in persons.groupby(["language", "cluster"], sort=False, dropna=False):
        findings += _variants(mentions, "family", "the name")
        named = mentions[mentions.given.notna()].copy()
        named["given_key"] = named.given.map(spelling_key)
        named["given_start"] = named.start
        for _, same_given in named.groupby("given_key", sort=False):
            findings += _variants(same_given, "given", "the given name")
    return findings
