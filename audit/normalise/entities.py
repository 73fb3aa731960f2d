"""Person names and their mentions (the ``entities`` table).

A person is found where a known given name opens a capitalised name ("Sergej Lawrow") or a
role noun precedes one ("Präsident Putin", "Machthaber Selenskij"). Later mentions of the
family name alone ("Lawrow", genitive "Lawrows") and its transliteration variants
("Lavrov") are linked to it through a spelling key that folds the usual variants (w/v,
j/i/y, z/s, umlauts) — the key the spelling-variant check groups by.

One pass collects the capitalised words; everything else is set look-ups on them.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import cache
from itertools import compress
from operator import itemgetter

from audit import resources

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ž"  # Latin Extended-A alternates cases; both are fine in names
_LOWER = "a-zß-öø-ÿĀ-ž"
# The look-behind comes after the first letter, not before it: a pattern that opens with a
# character class is scanned for it first, about twice as fast (same matches).
_CAPITALISED = re.compile(
    rf"[{_UPPER}](?<![\w-].)[{_LOWER}]+(?:[-'’][{_UPPER}][{_LOWER}]+)?(?![\w-])")
_DOUBLES = re.compile(r"(.)\1+")
#: A spelling variant found only through its key must be at least this long: short keys
#: collide with common words ("Kurs" and "Kurz" share one).
MIN_VARIANT_LENGTH = 5


@cache
def _given_names() -> frozenset[str]:
    return frozenset(resources.load_shared("names").get("given", []))


class _Roles:
    """Role nouns of a language ("Präsident", in German also ending a compound such as
    "Kremlsprecher"), found before capitalised words."""

    def __init__(self, roles: list[str], compounds: bool):
        self.compounds = compounds
        # Fewer searches, the same offsets: in compounds a role that ends with another
        # ("premierminister", "minister") ends where that one does, so only the shorter is
        # searched; and a role is searched together with the longer ones it begins
        # ("präsident" with "präsidentin"), told apart where it is found.
        searched = sorted({role.casefold() for role in roles})
        if compounds:
            searched = [role for role in searched
                        if not any(role != other and role.endswith(other) for other in searched)]
        self.stems: dict[str, tuple[str, ...]] = {}
        for role in searched:
            stem = next(other for other in searched if role.startswith(other))  # the shortest
            self.stems[stem] = (*self.stems.get(stem, ()), role)

    def followers(self, text: str) -> set[int]:
        """Offsets of the words that directly follow a role noun in ``text``: the role ends
        a whitespace-delimited word (or, without compounds, is the whole word), may carry
        an abbreviation's dots, and at most two white-space characters follow it.

        A substring search per stem: much faster here than one regex of all roles.
        """
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter whose lowercase is longer ("İ")
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        found = set()
        for stem, roles in self.stems.items():
            at = lowered.find(stem)
            while at >= 0:
                if self.compounds or at == 0 or lowered[at - 1].isspace():
                    for role in roles:
                        if not lowered.startswith(role, at):
                            continue
                        end = at + len(role)
                        while end < len(lowered) and lowered[end] == ".":
                            end += 1
                        gap = end
                        while gap < len(lowered) and gap - end < 3 and lowered[gap].isspace():
                            gap += 1
                        if 0 < gap - end <= 2 and gap < len(lowered):
                            found.add(gap)
                at = lowered.find(stem, at + 1)
        return found


@cache
def _names_of(language: str) -> tuple[_Roles | None, re.Pattern[str] | None, frozenset[str]]:
    """The role nouns, the common-noun endings pattern and the words that are never names."""
    table = resources.load(language, "names")
    never = frozenset(w.casefold() for w in resources.phrases("language", "stopwords")) | {
        w.casefold() for w in table.get("not_names", [])
    }
    roles = table.get("roles", [])
    role = _Roles(roles, bool(table.get("compounds"))) if roles else None
    endings = table.get("noun_endings", [])
    noun = re.compile(rf".+(?:{'|'.join(map(re.escape, endings))})$") if endings else None
    return role, noun, never


@cache
def _spelling_rules() -> tuple[tuple[str, str], ...]:
    return tuple((r["from"], r["to"]) for r in resources.load_shared("names").get("spelling", []))


@cache
def spelling_key(name: str) -> str:
    """A key shared by transliteration variants: ``Lawrow`` and ``Lavrov`` → ``lavrov``;
    other accents are dropped (``Demirtaş`` and ``Demirtas`` → ``demirtas``)."""
    key = name.casefold()
    for old, new in _spelling_rules():
        key = key.replace(old, new)
    key = unicodedata.normalize("NFKD", key)
    key = re.sub(r"[^a-z]", "", key)
    return _DOUBLES.sub(r"\1", key)


def extract_entities(text: str, language: str) -> list[dict]:
    """Person mentions, sorted by offset: full names and later family-name mentions.

    Each row: ``start``, ``end``, ``surface``, ``canonical`` (the person's name as first
    written in the article: given and family name, or the family name after a role),
    ``kind`` (``person``), ``score`` (1.0 full name, 0.9 after a role, 0.8 a family name
    alone, 0.6 a spelling variant), ``given``, ``family`` (as written, genitive removed)
    and ``key`` (the spelling key of the family name).
    """
    mentions = _PersonMentions(text, language)
    mentions.find_full_names()
    mentions.find_names_after_roles()
    if not mentions.persons:
        return mentions.rows
    known = {row["family"] for row in mentions.rows}  # the family names found so far
    mentions.find_family_names_alone(known)
    mentions.resolve_early_genitives(known)
    mentions.rows.sort(key=lambda row: row["start"])
    return mentions.rows


class _PersonMentions:
    """The person mentions of one article, found in passes over its capitalised words."""

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.role, self.noun, self.never = _names_of(language)
        self.given_names = _given_names()
        matches = list(_CAPITALISED.finditer(text))
        # (mapping the methods over the matches is much faster than a loop that calls them)
        self.words = list(map(re.Match.group, matches))
        self.starts = list(map(re.Match.start, matches))
        self.rows: list[dict] = []
        self.persons: dict[str, str] = {}  # spelling key → canonical name
        self.used: set[int] = set()  # indices of words that are part of a name already

    def add_name(self, i: int, start: int, given: str | None, family: str,
                 score: float) -> None:
        """Record a name that ends with word ``i`` and introduces (or repeats) a person."""
        key = spelling_key(family)
        name = f"{given} {family}" if given else family
        # a full name stands for itself; the family name alone for whom it first named
        canonical = name if given else self.persons.get(key, name)
        self.persons.setdefault(key, name)
        end = self.starts[i] + len(self.words[i])
        self.rows.append({"start": start, "end": end, "surface": self.text[start:end],
                          "canonical": canonical, "kind": "person", "score": score,
                          "given": given, "family": family, "key": key})

    def find_full_names(self) -> None:
        """Full names: a given name directly followed by a capitalised word."""
        text, words, starts, used = self.text, self.words, self.starts, self.used
        for i in compress(range(len(words) - 1), map(self.given_names.__contains__, words)):
            if i not in used:
                start, word = starts[i], words[i]
                next_start, family = starts[i + 1], words[i + 1]
                gap = text[start + len(word):next_start]
                if gap.isspace() and len(gap) <= 2 and family.casefold() not in self.never \
                        and family not in self.given_names:
                    self.add_name(i + 1, start, word, family, 1.0)
                    used.update((i, i + 1))

    def find_names_after_roles(self) -> None:
        """A role noun before a capitalised word names a person ("Präsident Putin")."""
        if self.role is None:
            return
        words, starts = self.words, self.starts
        for follower in sorted(self.role.followers(self.text)):
            i = bisect.bisect_left(starts, follower)
            if i == len(starts) or starts[i] != follower:
                continue
            word = words[i]
            # a given name after a role is a first name, not a family name ("Trainer Marcel")
            if i in self.used or word.casefold() in self.never or word in self.given_names \
                    or (self.noun and self.noun.match(word)):
                continue
            self.add_name(i, starts[i], None, word, 0.9)
            self.used.add(i)

    def opens_name(self, i: int) -> bool:
        """Whether word ``i`` is directly followed by another capitalised word: then it is
        more likely the given name of someone else ("Marcel Lomnický") than a variant."""
        words, starts = self.words, self.starts
        return i + 1 < len(words) and self.text[starts[i] + len(words[i]):starts[i + 1]] == " "

    def family_name_candidates(self, known: set[str], first: set[str]) -> set[str]:
        """The words that may be a mention, each told once and mostly by set operations
        (most words are not, and repeat): a family name known or its genitive, or a
        spelling variant, which begins with a letter some person's key begins with."""
        persons = self.persons
        distinct = set(self.words)
        candidates = distinct & (known | {family + "s" for family in known})
        initials = {word[0] for word in distinct}
        initials = {initial for initial in initials if spelling_key(initial) in first}
        for word in compress(distinct, map(initials.__contains__, map(itemgetter(0), distinct))):
            if len(word) >= MIN_VARIANT_LENGTH and spelling_key(word) in persons \
                    or len(word) > MIN_VARIANT_LENGTH and word.endswith("s") \
                    and spelling_key(word[:-1]) in persons:
                candidates.add(word)
        return candidates

    def find_family_names_alone(self, known: set[str]) -> None:
        """Family names alone, their genitive, and spelling variants linked by key."""
        first = {key[:1] for key in self.persons}
        candidates = self.family_name_candidates(known, first)
        words = self.words
        for i in compress(range(len(words)), map(candidates.__contains__, words)):
            if i not in self.used:
                self.add_family_mention(i, known, first)

    def add_family_mention(self, i: int, known: set[str], first: set[str]) -> None:
        """Record word ``i`` (or its base form, for a genitive) as a later mention of a
        person found already, scored by whether it is written as known or a variant."""
        start, word = self.starts[i], self.words[i]
        for family in (word, word[:-1]) if word.endswith("s") else (word,):
            if family in known:
                score = 0.8
            elif len(family) >= MIN_VARIANT_LENGTH and spelling_key(family[:1]) in first \
                    and spelling_key(family) in self.persons and not self.opens_name(i):
                score = 0.6
            else:
                continue
            if word.casefold() in self.never:  # (the cheap look-ups above rule out most words)
                return
            key = spelling_key(family)
            self.rows.append({"start": start, "end": start + len(family), "surface": family,
                              "canonical": self.persons[key], "kind": "person",
                              "score": score, "given": None, "family": family, "key": key})
            return

    def resolve_early_genitives(self, known: set[str]) -> None:
        """A genitive seen before its base form ("Merkels … Merkel") is the base form."""
        for row in self.rows:
            family = row["family"]
            if family.endswith("s") and family[:-1] in known and row["score"] >= 0.9:
                row["family"] = family[:-1]
                row["key"] = spelling_key(row["family"])


def entity_keys(entities) -> list[str | None]:
    """The corpus-wide ``entity_key`` of each row of an ``entities`` table.

    A person named with a given name is keyed by the spelling keys of both names
    ("Wolodymyr Selenskyj" and "Volodymyr Zelensky" → ``volodimir selenski``), so people
    who share only a family name stay apart. A mention that stands for a family name alone
    (its article never gave the given name: "Präsident Selenskij") takes the key of the one
    person of the corpus with that family key, or the family key alone when there is none
    or several. Other kinds are keyed by their canonical name's spelling key.
    """
    if entities.empty:
        return []
    canonical = entities.canonical.tolist()
    kinds = entities.kind.tolist()
    named: list[tuple[str, str]] = []
    full_names: dict[str, set[str]] = {}
    for name, kind in zip(canonical, kinds, strict=True):
        given, _, family = name.rpartition(" ") if isinstance(name, str) else ("", "", "")
        if kind != "person":
            named.append(("", spelling_key(name) if isinstance(name, str) else ""))
            continue
        given_key = spelling_key(given.split(" ")[0]) if given else ""
        family_key = spelling_key(family)
        named.append((given_key, family_key))
        if given_key:
            full_names.setdefault(family_key, set()).add(given_key)
    keys: list[str | None] = []
    for (given_key, family_key), kind in zip(named, kinds, strict=True):
        if not family_key:
            keys.append(None)
        elif kind != "person" or given_key:
            keys.append(f"{given_key} {family_key}" if given_key else family_key)
        else:
            givens = full_names.get(family_key, set())
            keys.append(f"{next(iter(givens))} {family_key}" if len(givens) == 1
                        else family_key)
    return keys
