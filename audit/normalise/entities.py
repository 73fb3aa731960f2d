"""Person names and their mentions (the ``entities`` table).

A person is found where a known given name opens a capitalised name ("Sergej Lawrow");
later mentions of the family name alone ("Lawrow", genitive "Lawrows") and its
transliteration variants ("Lavrov") are linked to it through a spelling key that folds the
usual variants (w/v, j/i/y, z/s, umlauts) — the key the spelling-variant check groups by.
"""

from __future__ import annotations

import re
from functools import cache

from audit import resources

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ž"  # Latin Extended-A alternates cases; both are fine in names
_LOWER = "a-zß-öø-ÿĀ-ž"
_NAME_PART = rf"[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}][{_LOWER}]+)?"
_CAPITALISED = re.compile(rf"(?<![\w-])({_NAME_PART})(?![\w-])")
_DOUBLES = re.compile(r"(.)\1+")


@cache
def _person_pattern() -> re.Pattern[str]:
    given = resources.load_shared("names").get("given", [])
    alternation = "|".join(sorted({re.escape(g) for g in given}, key=len, reverse=True))
    # Given name, optional middle initial, then one or two family-name parts.
    return re.compile(
        rf"(?<![\w-])(?P<given>{alternation})\s+(?:[{_UPPER}]\.\s+)?"
        rf"(?P<family>{_NAME_PART}(?:\s+(?:von|van|de|der|da|di|bin|al|el)\s+{_NAME_PART})?)"
        rf"(?![\w-])"
    )


@cache
def _role_pattern(language: str) -> re.Pattern[str] | None:
    table = resources.load(language, "names")
    roles = table.get("roles", [])
    if not roles:
        return None
    stop = {w.casefold() for w in resources.phrases("language", "stopwords")}
    alternation = "|".join(sorted(map(re.escape, roles), key=len, reverse=True))
    compound = r"[\w-]*" if table.get("compounds") else ""
    endings = "|".join(map(re.escape, table.get("noun_endings", []))) or "(?!)"
    # A role noun (in German also ending a compound), then a capitalised name that is not a
    # function word ("Präsident Putin", "Machthaber Selenskij", "President Trump").
    return re.compile(
        rf"(?<![\w-])(?i:{compound}(?:{alternation}))\s+"
        rf"(?P<family>(?!(?i:{'|'.join(stop)})\b)(?!\w+(?:{endings})\b){_NAME_PART})(?![\w-])"
    )


@cache
def _spelling_rules() -> tuple[tuple[str, str], ...]:
    return tuple((r["from"], r["to"]) for r in resources.load_shared("names").get("spelling", []))


@cache
def spelling_key(name: str) -> str:
    """A key shared by transliteration variants: ``Lawrow`` and ``Lavrov`` → ``lavrov``."""
    key = name.casefold()
    for old, new in _spelling_rules():
        key = key.replace(old, new)
    key = re.sub(r"[^a-z]", "", key)
    return _DOUBLES.sub(r"\1", key)


def _strip_genitive(family: str, known: set[str]) -> str:
    if family.endswith("s") and family[:-1] in known:
        return family[:-1]
    return family


def extract_entities(text: str, language: str) -> list[dict]:
    """Person mentions, sorted by offset: full names and later family-name mentions.

    Each row: ``start``, ``end``, ``surface``, ``canonical`` (the full name as first written
    in the article), ``kind`` (``person``), ``score`` (1.0 for a full name, 0.8 for a family
    name alone, 0.6 for a spelling variant), ``given``, ``family`` (as written, genitive
    removed) and ``key`` (the spelling key of the family name).
    """
    rows: list[dict] = []
    families: dict[str, str] = {}  # spelling key → canonical full name
    spelled: set[str] = set()
    taken: set[int] = set()
    for match in _person_pattern().finditer(text):
        given, family = match.group("given"), match.group("family")
        family = _strip_genitive(family, spelled)
        key = spelling_key(family)
        canonical = families.setdefault(key, f"{given} {family}")
        spelled.add(family)
        rows.append({
            "start": match.start(), "end": match.end(), "surface": match.group(),
            "canonical": canonical, "kind": "person", "score": 1.0,
            "given": given, "family": family, "key": key,
        })
        taken.update(range(match.start(), match.end()))
    roles = _role_pattern(language)
    for match in roles.finditer(text) if roles else ():
        start = match.start("family")
        if start in taken:
            continue
        family = _strip_genitive(match.group("family"), spelled)
        key = spelling_key(family)
        if key not in families:
            families[key] = family
            spelled.add(family)
    if not families:
        return rows
    first_letters = {key[0] for key in families}
    for match in _CAPITALISED.finditer(text):
        if match.start() in taken:
            continue
        surface = match.group(1)
        candidates = (surface, surface[:-1]) if surface.endswith("s") else (surface,)
        for family in candidates:
            key = spelling_key(family) if spelling_key(family[:1]) in first_letters else ""
            if key in families:
                exact = family in spelled
                rows.append({
                    "start": match.start(), "end": match.start() + len(family),
                    "surface": family, "canonical": families[key], "kind": "person",
                    "score": 0.8 if exact else 0.6, "given": None, "family": family, "key": key,
                })
                break
    rows.sort(key=lambda row: row["start"])
    return rows
