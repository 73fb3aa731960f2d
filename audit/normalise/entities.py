"""Named entities and their mentions (the ``entities`` table): persons, organisations,
places and media outlets.

A person is found where a known given name opens a capitalised name ("Sergej Lawrow") or a
role noun precedes one ("Präsident Putin", "Machthaber Selenskij"). Later mentions of the
family name alone ("Lawrow", genitive "Lawrows") and its transliteration variants
("Lavrov") are linked to it through a spelling key that folds the usual variants (w/v,
j/i/y, z/s, umlauts) — the key the spelling-variant check groups by.

Organisations, places and media outlets are listed names (``entities.toml``,
``places.toml``, a project's ``data/entities.csv``) or found by their context: a rare
capitalised word after "in"/"aus" is a place, a hyphenated compound ending in "-Partei" or a
run of capitalised words ending in "Ministry" an organisation, the words after "die Zeitung"
or "the newspaper" an outlet.

One pass collects the capitalised words; everything else is set look-ups on them.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from itertools import accumulate, compress, repeat
from operator import contains, itemgetter
from pathlib import Path

import ahocorasick

from audit import resources
from audit.resources.frequencies import word_frequencies

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
def given_names() -> frozenset[str]:
    """The given names of ``names.toml`` (a word that begins a person's name)."""
    return frozenset(resources.load_shared("names").get("given", []))


class _Roles:
    """Role nouns of a language ("Präsident", in German also ending a compound such as
    "Kremlsprecher"), found before capitalised words."""

    def __init__(self, roles: list[str], compounds: bool):
        self.compounds = compounds
        # every role at once, in one pass over the text (a substring search per role, or
        # one regular expression of them all, took about twice as long)
        self.automaton = ahocorasick.Automaton()
        for role in {role.casefold() for role in roles}:
            self.automaton.add_word(role, len(role))
        self.automaton.make_automaton()

    def followers(self, text: str) -> set[int]:
        """Offsets of the words that directly follow a role noun in ``text``: the role ends
        a whitespace-delimited word (or, without compounds, is the whole word), and one or
        two white-space characters follow it."""
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter whose lowercase is longer ("İ")
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        found = set()
        for last, length in self.automaton.iter(lowered):
            end = last + 1
            at = end - length
            if self.compounds or at == 0 or lowered[at - 1].isspace():
                # (a role ends at a full stop: "… the president. Despite …" opens a
                # sentence, not a name; an abbreviation is listed with its dot)
                gap = end
                while gap < len(lowered) and gap - end < 3 and lowered[gap].isspace():
                    gap += 1
                if 0 < gap - end <= 2 and gap < len(lowered):
                    found.add(gap)
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

    Organisations, places and media outlets follow (:class:`_NamedMentions`): ``kind``
    ``organisation``, ``place`` or ``media``, ``canonical`` the listed name (or the name
    as written), ``score`` 1.0 when listed, 0.7 when found by context, ``key`` the
    spelling key of the canonical name.
    """
    mentions = _PersonMentions(text, language)
    mentions.find_full_names()
    mentions.find_names_after_roles()
    if mentions.persons:
        known = {row["family"] for row in mentions.rows}  # the family names found so far
        mentions.find_family_names_alone(known)
        mentions.resolve_early_genitives(known)
    rows = mentions.rows
    rows.extend(_NamedMentions(text, language, rows).rows)
    rows.sort(key=lambda row: row["start"])
    return rows


class _PersonMentions:
    """The person mentions of one article, found in passes over its capitalised words."""

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.role, self.noun, self.never = _names_of(language)
        self.given_names = given_names()
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
            if self.opens_name(i):
                # two names after a role are a given name and a family name ("Minister
                # Rudolf Hundstorfer"), not a family name "Rudolf" (names.toml lists few
                # given names of other languages: "Selahattin", "Panagiotis")
                family = words[i + 1]
                if i + 1 not in self.used and family.casefold() not in self.never \
                        and family not in self.given_names \
                        and not (self.noun and self.noun.match(family)):
                    self.add_name(i + 1, starts[i], word, family, 0.9)
                    self.used.update((i, i + 1))
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


#: The kinds an entity may have besides ``person``.
KINDS = ("organisation", "place", "media")
#: Listed names of at most this many words are looked up.
_MAX_NAME_WORDS = 4
#: Longer words are not taken for places (and the compound test stays cheap).
_LONGEST_PLACE = 40
# (in a group: splitting a text at it keeps the words)
_NAME_WORD = re.compile(r"([^\W\d_][\w&'’-]*)")


class _Suffixes:
    """Words that end with one of a list of suffixes, found by one Aho-Corasick pass over
    the text rather than a test of every word (the media nouns of the German names
    ("Nachrichtensender") over 10kGNAD in 0.026–0.032 CPU-s rather than 0.053): a suffix
    ending where a word ends is that word's ending, as a suffix is letters only."""

    def __init__(self, suffixes: Iterable[str]):
        self.suffixes = tuple(suffixes)
        self.automaton = ahocorasick.Automaton()
        for suffix in self.suffixes:
            if not suffix.isalpha():
                raise ValueError(f"a suffix to find words by must be letters only: {suffix!r}")
            self.automaton.add_word(suffix, len(suffix))
        if self.suffixes:
            self.automaton.make_automaton()

    def ending(self, text: str, ends: list[int]) -> list[int]:
        """The indices of the words ending with a suffix, in order, given the offsets at
        which the words of ``text`` end (sorted)."""
        found: list[int] = []
        if not self.suffixes:
            return found
        for last, _ in self.automaton.iter(text):
            k = bisect.bisect_left(ends, last + 1)
            if k < len(ends) and ends[k] == last + 1 and (not found or found[-1] != k):
                found.append(k)
        return found


class Gazetteer(dict):
    """Known names (name as written → (kind, canonical name)): the shipped lists
    (``entities.toml``, ``places.toml``) and a project's ``data/entities.csv``."""

    def add(self, names: list[str], kind: str) -> None:
        for name in names:
            self.setdefault(name, (kind, names[0]))

    @property
    def openers(self) -> frozenset[str]:
        """The words a listed name can open with, a one-word name also in the genitive
        ("Russlands", "Russia's"): only words among these are looked up further."""
        if getattr(self, "_openers", None) is None:
            openers = set()
            for name in self:
                first = name.split(" ")[0]
                openers.add(first)
                if first == name:
                    openers.update((name + "s", name + "'s", name + "’s"))
            self._openers = frozenset(openers)
        return self._openers

    @property
    def second_words(self) -> dict[str, frozenset[str]]:
        """The words that may follow each first word of a listed name of several words, as
        written or in the genitive ("Der Standard", "Der Standards"): where the word after
        an opener is none of these, only the opener alone can be a listed name."""
        if getattr(self, "_second_words", None) is None:
            seconds: dict[str, set[str]] = {}
            for name in self:
                first, _, rest = name.partition(" ")
                if rest:
                    second = rest.split(" ")[0]
                    seconds.setdefault(first, set()).update(
                        (second, second + "s", second + "'s", second + "’s"))
            self._second_words = {first: frozenset(words) for first, words in seconds.items()}
        return self._second_words


def read_gazetteer_csv(path: Path) -> list[tuple[str, list[str], str]]:
    """The rows of a gazetteer file: a CSV with the columns ``canonical``, ``aliases`` (names
    separated by ``|``) and ``kind`` (``person``, ``organisation``, ``place``, ``media``).
    A row that breaks this raises ``ValueError`` naming the file, the line and the reason."""
    import csv

    entries = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"canonical", "aliases", "kind"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))} "
                             "(a gazetteer has canonical, aliases, kind)")
        for row in reader:
            canonical = (row["canonical"] or "").strip()
            kind = (row["kind"] or "").strip()
            if not canonical or kind not in ("person", *KINDS):
                raise ValueError(f"{path}: line {reader.line_num}: needs a canonical name and "
                                 f"a kind of person, {', '.join(KINDS)} (got {kind!r})")
            aliases = [a.strip() for a in (row["aliases"] or "").split("|") if a.strip()]
            entries.append((canonical, aliases, kind))
    return entries


@cache
def project_gazetteer_path() -> Path | None:
    """The project's gazetteer: ``data/entities.csv`` in the folder of the configuration
    in force (the ``pyproject.toml`` with ``[tool.audit]``, else the working folder)."""
    from audit.config import ConfigError, load_config

    try:
        config = load_config()
    except ConfigError:
        return None
    path = getattr(config, "entities", None) or config.root / "data" / "entities.csv"
    return path if path.is_file() else None


@cache
def gazetteer() -> Gazetteer:
    """The names every article is searched for (see :class:`Gazetteer`); the project's own
    come first, so they pin a name the shipped lists give otherwise."""
    known = Gazetteer()
    path = project_gazetteer_path()
    for canonical, aliases, kind in read_gazetteer_csv(path) if path else ():
        if kind != "person":
            known.add([canonical, *aliases], kind)
    for kind in KINDS:
        for names in resources.load_shared("entities").get(kind, {}).values():
            known.add(names, kind)
    for names in resources.load_shared("places").get("places", {}).values():
        known.add(names, "place")
    return known


@cache
def _person_aliases() -> dict[str, str]:
    """The project gazetteer's persons: each alias (and the name itself) → canonical name."""
    path = project_gazetteer_path()
    return {alias: canonical for canonical, aliases, kind in
            (read_gazetteer_csv(path) if path else ()) if kind == "person"
            for alias in (canonical, *aliases)}


@cache
def _context_of(language: str) -> dict:
    """The context words of a language that find unlisted organisations, places, media."""
    table = resources.load(language, "names")
    heads = table.get("organisation_heads", [])
    return {
        "prepositions": frozenset(table.get("place_prepositions", [])),
        "rare": 10 ** (table.get("place_rare", 3.0) - 9),
        "heads": tuple(h.casefold() for h in heads) if table.get("compounds") else (),
        "head_words": frozenset(heads) if not table.get("compounds") else frozenset(),
        "openers": frozenset(table.get("organisation_openers", [])),
        "media": frozenset(table.get("media_nouns", [])),
        # (where compounds end in a media noun: the words a media noun ends)
        "media_endings": _Suffixes(_either_case(frozenset(table.get("media_nouns", []))))
        if table.get("compounds") else None,
        "compounds": bool(table.get("compound_nouns")),
        "place_endings": tuple(table.get("place_endings", [])),
        "noun_endings": tuple(table.get("noun_endings", [])),
    }


@cache
def _either_case(words: frozenset[str]) -> frozenset[str]:
    """Lowercase words and their capitalised forms ("in", "In")."""
    return words | {word[:1].upper() + word[1:] for word in words}


class _NamedMentions:
    """The organisations, places and media outlets of one article: names their frame tells
    first, then listed names, then names found by their context; never inside a person's
    name. One pass collects the words; the words that may open a name are picked by set
    look-ups mapped over all of them, and only those are looked at further, each a bounded
    number of times: the work is linear, and small where few words qualify."""

    def __init__(self, text: str, language: str, persons: list[dict]) -> None:
        self.text, self.language = text, language
        self.context = _context_of(language)
        # The text split at its words, alternately the stretch before a word and the word:
        # the offsets are the running sums of their lengths (0.13 CPU-s on 10kGNAD instead
        # of 0.16 for a match object per word, its group, start and end)
        pieces = _NAME_WORD.split(text)
        offsets = list(accumulate(map(len, pieces), initial=0))
        self.words = pieces[1::2]
        self.starts = offsets[1:-1:2]
        self.ends = offsets[2::2]
        taken = sorted((row["start"], row["end"]) for row in persons)
        self.person_words = {row["family"] for row in persons if row.get("family")}
        self.used = self._words_in(taken)
        self.rows: list[dict] = []
        self.find_framed()
        self.find_listed()
        self.find_by_context()

    def _words_in(self, spans: list[tuple[int, int]]) -> set[int]:
        used: set[int] = set()
        for start, end in spans:
            i = bisect.bisect_left(self.starts, start)
            while i < len(self.starts) and self.starts[i] < end:
                used.add(i)
                i += 1
        return used

    def joined(self, i: int) -> bool:
        """Whether word ``i`` and the next are separated by exactly one space."""
        end = self.ends[i]
        return i + 1 < len(self.starts) and self.starts[i + 1] == end + 1 \
            and self.text[end] == " "

    def _after(self, openers: frozenset[str]) -> list[int]:
        """The indices of the words that directly follow one of ``openers`` (as written,
        or capitalised: "in", "In"), joined to it by one space."""
        found = compress(range(1, len(self.words)), map(_either_case(openers).__contains__,
                                                         self.words))
        return [i for i in found if self.joined(i - 1)]

    def add(self, i: int, j: int, kind: str, canonical: str, score: float) -> None:
        start, end = self.starts[i], self.starts[j] + len(self.words[j])
        self.rows.append({"start": start, "end": end, "surface": self.text[start:end],
                          "canonical": canonical, "kind": kind, "score": score,
                          "given": None, "family": None,
                          "key": " ".join(map(spelling_key, canonical.split()))})
        self.used.update(range(i, j + 1))

    def find_listed(self) -> None:
        """Listed names (longest first), also in the genitive ("Russlands")."""
        known = gazetteer()
        seconds = known.second_words
        words, n = self.words, len(self.words)
        after = -1  # (the last word of the name found last)
        for i in compress(range(n), map(known.openers.__contains__, words)):
            if i <= after or i in self.used:
                continue
            last = i
            if i + 1 < n and words[i + 1] in seconds.get(words[i], ()):
                while last + 1 < n and last - i + 1 < _MAX_NAME_WORDS and self.joined(last):
                    last += 1
            for j in range(last, i - 1, -1):
                if any(k in self.used for k in range(i, j + 1)):
                    continue
                surface = self.text[self.starts[i]:self.starts[j] + len(words[j])]
                name = next((name for name in (
                    surface, surface[:-1] if surface.endswith("s") else None,
                    surface[:-2] if surface.endswith(("'s", "’s")) else None)
                    if name and name in known), None)
                if name:
                    kind, canonical = known[name]
                    self.add(i, j, kind, canonical, 1.0)
                    after = j
                    break

    def find_framed(self) -> None:
        """Names their frame tells, whatever listed name they hold: an outlet after a media
        noun ("die Zeitung Varnholmer Bote", "the newspaper Varnholm Post"), and in English
        a run of capitalised words ending in "Ministry" ("Norland Foreign Ministry")."""
        context, words = self.context, self.words
        media = context["media"]
        if context["heads"]:  # also a compound ending in one ("Nachrichtensender"), if a
            # noun ("wachsender" is none)
            outlets = [k + 1 for k in context["media_endings"].ending(self.text, self.ends)
                       if k + 1 < len(words) and words[k][0].isupper() and self.joined(k)]
        else:
            outlets = self._after(media)
        for i in outlets:
            if i not in self.used and words[i][0].isupper():
                j = self._run(i, 3)
                self.add(i, j, "media",
                         self.text[self.starts[i]:self.starts[j] + len(words[j])], 0.7)
        if not context["heads"]:
            for j in compress(range(len(words)),
                              map(context["head_words"].__contains__, words)):
                self._english_organisation(j)
            for i in compress(range(len(words)), map(context["openers"].__contains__, words)):
                self._english_opener(i)

    def find_by_context(self) -> None:
        """In German, organisations by their head; places after a locative word
        (``names.toml`` of the language)."""
        context, words = self.context, self.words
        if context["heads"]:
            for i in compress(range(len(words)), map(contains, words, repeat("-"))):
                if i not in self.used:
                    self._german_organisation(i)
        for i in self._after(context["prepositions"]):
            word = words[i]
            if i in self.used or not word[0].isupper() or not self._rare(word, context):
                continue
            j = i  # "in Gornja Radgona", "in Himachal Pradesh"
            while j + 1 < len(words) and j - i < 2 and j + 1 not in self.used \
                    and words[j + 1][0].isupper() and self.joined(j) \
                    and self._rare(words[j + 1], context):
                j += 1
            self.add(i, j, "place", self.text[self.starts[i]:self.starts[j] + len(words[j])],
                     0.7)

    def _run(self, i: int, most: int) -> int:
        """The last of the capitalised words joined to word ``i`` (at most ``most``)."""
        j = i
        while j + 1 < len(self.words) and j - i + 1 < most and j + 1 not in self.used \
                and self.words[j + 1][0].isupper() and self.joined(j):
            j += 1
        return j

    def _german_organisation(self, i: int) -> None:
        """A hyphenated compound with a capitalised prefix and an organisation's head
        ("Esterra-Partei"), not a media outlet's ("Presse-Agentur")."""
        word, context = self.words[i], self.context
        prefix, hyphen, rest = word.partition("-")
        lowered = word.casefold().rstrip("s")
        if hyphen and prefix[:1].isupper() and rest[:1].isupper() and \
                lowered.endswith(context["heads"]) and \
                not lowered.endswith((*context["media"], "presse-agentur")):
            self.add(i, i, "organisation", word, 0.7)

    def _english_organisation(self, j: int) -> None:
        """A run of capitalised words that ends with an organisation's head at word ``j``
        ("Norland Foreign Ministry"), at most ``_MAX_NAME_WORDS`` long, not opened by a
        function word ("The")."""
        never = _names_of(self.language)[2]
        if j in self.used:
            return
        i = j
        while i > 0 and j - i + 1 < _MAX_NAME_WORDS and i - 1 not in self.used \
                and self.joined(i - 1) and self.words[i - 1][0].isupper():
            i -= 1
        while i < j and self.words[i].casefold() in never:
            i += 1
        if i == j:
            return
        surface = self.text[self.starts[i]:self.starts[j] + len(self.words[j])]
        kind, canonical = gazetteer().get(surface, ("organisation", surface))
        self.add(i, j, kind, canonical, 1.0 if surface in gazetteer() else 0.7)

    def _english_opener(self, i: int) -> None:
        """An organisation's head opening a name with "of" ("Ministry of Water")."""
        words = self.words
        if i in self.used or i + 2 >= len(words) or words[i + 1] != "of" \
                or not (self.joined(i) and self.joined(i + 1)) \
                or not words[i + 2][0].isupper() or i + 2 in self.used:
            return
        j = self._run(i + 2, 2)
        self.add(i, j, "organisation",
                 self.text[self.starts[i]:self.starts[j] + len(words[j])], 0.7)

    def _rare(self, word: str, context: dict) -> bool:
        """Whether a capitalised word after a locative word may be a place: rare as a
        common word, and in German neither a common noun's ending nor two common words."""
        if word in self.person_words or word.casefold() in _names_of(self.language)[2] \
                or word.endswith("-") or any(c.isdigit() for c in word):
            return False  # ("Erotik- und", "G29")
        frequencies = word_frequencies(self.language)
        lowered = word.casefold()
        if lowered.endswith(("'s", "’s")):  # a genitive ("ahead of Saturday’s caucus")
            lowered = lowered[:-2]
        if frequencies.get(lowered, 0.0) >= context["rare"]:
            return False
        if not context["compounds"] or len(lowered) > _LONGEST_PLACE:
            return len(lowered) <= _LONGEST_PLACE
        if lowered.endswith(context["place_endings"]):
            return True
        stem = lowered.rstrip("ns")
        if any(form.endswith(context["noun_endings"])
               for form in (lowered, stem, lowered[:-2], lowered[:-1])):
            return False  # "Verhandlungen", "Wirtschaftskriminalität", "Bürgerschaften"
        common = context["rare"]
        for head in {lowered.rpartition("-")[2], stem.rpartition("-")[2]}:
            if "-" in lowered and frequencies.get(head, 0.0) >= common:
                return False  # "EU-Staaten"
            if any(frequencies.get(head[k:], 0.0) >= common and (
                    frequencies.get(head[:k], 0.0) >= common
                    or frequencies.get(head[:k - 1], 0.0) >= common and head[k - 1] in "sn")
                    for k in range(3, len(head) - 3)):
                return False  # two common words: a compound noun
        return True


def entity_keys(entities) -> list[str | None]:
    """The corpus-wide ``entity_key`` of each row of an ``entities`` table.

    A person named with a given name is keyed by the spelling keys of both names
    ("Wolodymyr Selenskyj" and "Volodymyr Zelensky" → ``volodimir selenski``), so people
    who share only a family name stay apart. A mention that stands for a family name alone
    (its article never gave the given name: "Präsident Selenskij") takes the key of the one
    person of the corpus with that family key, or the family key alone when there is none
    or several. Other kinds are keyed by the spelling keys of their canonical name's words.
    A person the project's gazetteer lists under another name is keyed by its canonical
    name there.
    """
    if entities.empty:
        return []
    pinned = _person_aliases()
    kinds = entities.kind.tolist()
    canonical = [pinned.get(name, name) if kind == "person" else name
                 for name, kind in zip(entities.canonical.tolist(), kinds, strict=True)]
    named: list[tuple[str, str]] = []
    full_names: dict[str, set[str]] = {}
    for name, kind in zip(canonical, kinds, strict=True):
        given, _, family = name.rpartition(" ") if isinstance(name, str) else ("", "", "")
        if kind != "person":
            named.append(("", " ".join(map(spelling_key, name.split()))
                          if isinstance(name, str) else ""))
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
