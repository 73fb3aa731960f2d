"""Resource entries as regular-expression source.

The entries of ``resources/<lang>/attribution.toml`` are written short: a space stands for
any run of spaces in a line, ``{name}`` names a [words], [patterns] or [stems] list (parts of
words, such as the stems that end compounds: "minister" in "Außenminister"), and a lower-case
word also matches capitalised at the start of a sentence. :class:`Compiler` expands them;
the helpers here read the structure of a pattern (its top level, its leading look-arounds,
its first letter, the characters it may open with) so that the grammar can be matched where
a word starts.

A word list is written so that the engine gives up early where it cannot match, which is
at most places it is tried: an entry's first letter comes before any check of where it
stands (a capital that counts only at a start is looked at before the look-behinds of the
start), the letters several entries open with are written once (``s(?:agt(?:e|en)|prach)``),
and an entry that opens with a look-around or an optional part has a look-ahead at the
characters it may open with in front (:func:`first_characters`). A [stems] list is a tree of
its letters whose every branch opens with a plain letter, which the engine compares at once,
where a branch that opens with a class ("[Mm]") costs a test of the class at every letter of
a compound. None of these changes what a list matches.
"""

from __future__ import annotations

import re

# A space in a resource entry: spaces or tabs, never a line break (frames stay in a line).
_SPACE = r"[^\S\n]+"
# Where a lower-case word may be written with a capital: the start of a line or sentence,
# right after an opening quote or bracket, or after a closing bracket (a dateline or a note
# in brackets before a sentence: "(Eigener Bericht.) Wie das Ministerium mitteilte, …").
# Written as three classes, each compiled to a small table: one class that mixes Latin-1
# with typographic quotes and dashes compiles to a 64k-character map, thousands of times
# over in the attribution frames (most of their compile time).
_OPENERS = ("[.!?:;\"'»«()]", "[„“”’]", "[–—]")


def _after_opener(then: str = "") -> str:
    """Look-behinds for an opener, perhaps a space, and ``then`` right before here."""
    return "|".join(f"(?<={opener}{space}{then})" for space in ("", r"[^\S\n]")
                    for opener in _OPENERS)


_SENTENCE_START = f"(?:^|{_after_opener()})"
# The same, short, for lists inside larger patterns (one alternation of one-character
# classes is a fixed width, so it may stand in a look-behind).
_OPENER = "(?:" + "|".join(_OPENERS) + ")"
_SHORT_START = rf"(?:^|(?<={_OPENER})|(?<={_OPENER}[^\S\n]))"


def _capital_at_start(capital: str) -> str:
    """A capital that only counts at a start (as :data:`_SHORT_START` before it), written
    letter first: an alternation tries such an alternative only where its letter stands,
    where the start check in front is made at every place it is tried."""
    return (rf"{capital}(?:(?<=^{capital})|(?<={_OPENER}{capital})"
            rf"|(?<={_OPENER}[^\S\n]{capital}))")
REFERENCE = re.compile(r"\{([a-z_]+)\}")


class Compiler:
    """Turns the entries of one attribution resource into regular-expression source."""

    def __init__(self, table: dict, origin: str) -> None:
        self.words: dict[str, list[str]] = table.get("words", {})
        self.patterns: dict[str, list[str]] = table.get("patterns", {})
        self.stems: dict[str, list[str]] = table.get("stems", {})
        self.origin = origin
        self._done: dict[str, str] = {}
        # the characters each list opens with (see first_characters)
        self.openings: dict[str, tuple[list[str], bool] | None] = {}
        self._lists: dict[tuple, str] = {}  # the inner word lists written, by their entries

    def expand(self, fragment: str, special: dict[str, str] | None = None,
               seen: tuple[str, ...] = ()) -> str:
        """``fragment`` with spaces widened and ``{name}`` references replaced."""
        special = special or {}

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in special:
                return special[name]
            return self.reference(name, seen)

        return REFERENCE.sub(replace, fragment.replace(" ", _SPACE))

    def reference(self, name: str, seen: tuple[str, ...] = ()) -> str:
        if name in seen:
            raise ValueError(f"{self.origin}: {{{name}}} refers to itself")
        if name not in self._done:
            if name in self.words:
                self._done[name] = self.word_list(self.words[name], seen + (name,), inner=True)
            elif name in self.patterns:
                entries = [self.guarded(e, self.expand(e, seen=seen + (name,)))
                           for e in self.patterns[name]]
                self._done[name] = "(?:" + "|".join(entries) + ")"
            elif name in self.stems:
                self._done[name] = self.stem_list(name)
            else:
                raise ValueError(f"{self.origin}: no [words], [patterns] or [stems] list "
                                 f"named {name!r}")
        return self._done[name]

    def stem_list(self, name: str) -> str:
        """The [stems] list ``name``: parts of words ("minister" in "Außenminister"),
        written in lower case, matched where the pattern has got to with their first letter
        in either case, the longest first. Written as a tree of their letters whose every
        branch opens with a plain letter ("m(?:inister|anager)|M(?:inister|anager)|…"): the
        engine passes over a branch that opens with another letter by comparing one
        character, where one that opens with a class ("[Mm]") costs a test of the class. In
        a compound the stems are tried at each of its letters ("(?:[A-ZÄÖÜ]\\w*)?{role_stem}"),
        and at most of them every branch fails."""
        stems = self.stems[name]
        if not stems or not all(stem.isalpha() and stem.islower() for stem in stems):
            raise ValueError(f"{self.origin}: [stems] {name} holds parts of words written "
                             "in lower-case letters only")
        written = dict.fromkeys(form for stem in stems for form in (stem, stem.capitalize()))
        return "(?:" + _letter_tree(list(written)) + ")"

    def guarded(self, entry: str, expanded: str) -> str:
        """``expanded``, the regular expression of ``entry``, behind a look-ahead at the
        characters its matches open with, where the entry opens with a group, look-around
        or list and those are known (:func:`first_characters`): an alternation of such
        entries passes over one at once where it cannot open, instead of trying its
        look-arounds and optional parts at every place it is tried."""
        if entry[:1] not in ("(", "{"):
            return expanded
        first = first_characters(entry, self)
        if first is None or _letters_held(first) > _FEW_LETTERS:
            return expanded  # (it would let most words through: a cost, not a gate)
        return f"(?=[{first}])" + expanded

    def word_list(self, entries: list[str], seen: tuple[str, ...] = (),
                  first_letter: bool = False, inner: bool = False) -> str:
        """Whole-word alternation; a lower-case entry also matches capitalised at a start.

        Entries that open with a plain letter are grouped by that letter, which is matched
        first (see :func:`initial_letter`); the others keep their boundary in front.
        ``first_letter``: match only the first letter of a word that opens an entry (the
        rest is looked ahead at), so that a search finds every start, also inside a match.
        ``inner``: the list is part of a larger pattern, matched where that pattern has got
        to rather than searched for, so it is written short: a group's capital shares its
        rest with the lower-case letter, and the start check is written once.
        """
        if inner and not first_letter:
            # (frames that share a cue list write it once)
            key = (tuple(entries), seen)
            if key not in self._lists:
                self._lists[key] = self._inner_word_list(entries, seen)
            return self._lists[key]
        by_initial: dict[tuple[str, bool], list[str]] = {}
        others = []
        for entry in sorted(entries, key=len, reverse=True):
            capital = entry[0].upper() + entry[1:] if entry[:1].islower() else None
            if opens_with_letter(entry):
                by_initial.setdefault((entry[0], False), []).append(entry[1:])
                if capital:
                    by_initial.setdefault((capital[0], True), []).append(capital[1:])
            else:
                others.append(self.guarded(entry, _boundary(entry) + self.expand(entry, seen=seen)))
                if capital:
                    others.append(_SENTENCE_START + self.expand(capital, seen=seen))
        groups = [(initial_letter(letter, at_start), "(?:" + _factored(
            [self.expand(rest, seen=seen) for rest in rests]) + ")")
            for (letter, at_start), rests in by_initial.items()]
        if first_letter:
            return "(?:" + "|".join(
                [rf"{initial}(?={rests}(?![\w-]))" for initial, rests in groups]
                + [rf"(?={other}(?![\w-]))" for other in others]) + ")"
        forms = [initial + rests for initial, rests in groups]
        return "(?:" + "|".join(forms + others) + r")(?![\w-])"

    def _inner_word_list(self, entries: list[str], seen: tuple[str, ...]) -> str:
        groups: dict[str, list[str]] = {}
        others = []
        for entry in sorted(entries, key=len, reverse=True):
            if opens_with_letter(entry):
                groups.setdefault(entry[0], []).append(self.expand(entry[1:], seen=seen))
                continue
            others.append(self.guarded(
                entry, _boundary(entry) + "(?:" + self.expand(entry, seen=seen) + ")"))
            if entry[:1].islower():
                others.append(_SHORT_START + self.expand(entry[0].upper() + entry[1:], seen=seen))
        # A lower-case letter's group also takes the capital, which the start check in front
        # only lets through at a start; a capital written as such stands anywhere. Where one
        # letter is both, the capital's group checks its own start.
        written = {letter for letter in groups if not letter.islower()}
        anywhere, at_start, forms, checked, capitals = [], [], [], [], []
        for letter, rests in groups.items():
            rest = "(?:" + _factored(rests) + ")" if len(rests) > 1 else rests[0]
            capital = letter.upper()
            if not letter.islower() or capital == letter:
                anywhere.append(letter)
                forms.append(letter + rest)
            elif capital in written:
                anywhere.append(letter)
                forms.append(letter + rest)
                checked.append(_capital_at_start(capital) + rest)
            else:
                anywhere.append(letter)
                at_start.append(capital)
                # (the capital and the letters that may follow it: see below)
                seconds = sorted({rest[:1] for rest in rests})
                fixed = all(rest[:1].isalpha() and rest[1:2] not in ("?", "*", "{")
                            for rest in rests)
                capitals.append(capital + (f"[{''.join(seconds)}]" if fixed else ""))
                forms.append(f"[{letter}{capital}]" + rest)
        alternatives = []
        if forms:
            # the letter first: most places fail there at once
            guard = rf"(?=[{''.join(anywhere)}])(?<![\w-])"
            if at_start:
                # a capital is looked at before the start check (three look-behinds) is made:
                # most capitals are names and nouns in mid-sentence that open no entry
                guard = (rf"(?=[{''.join(anywhere + at_start)}])"
                         rf"(?:(?<![\w-])(?=[{''.join(anywhere)}])"
                         rf"|(?={'|'.join(capitals)}){_SHORT_START})")
            alternatives.append(guard + "(?:" + "|".join(forms) + ")")
        alternatives += checked + others
        return "(?:" + "|".join(alternatives) + r")(?![\w-])"


def _letter_tree(words: list[str]) -> str:
    """The alternation of ``words`` (plain letters) as a tree of their letters: the words
    that open alike share those letters, and where one word goes on from another, the
    longer is tried first (as in a list sorted longest first)."""
    following: dict[str, list[str]] = {}
    for word in words:
        following.setdefault(word[:1], []).append(word[1:])
    branches = [re.escape(letter) + _letter_tree(rests)
                for letter, rests in following.items() if letter]
    if "" in following:  # (a word ends here: what goes on is optional, tried first)
        return f"(?:{'|'.join(branches)})?" if branches else ""
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


def _factored(rests: list[str]) -> str:
    """The alternation of ``rests`` (regular expressions without alternatives of their own at
    the top level, tried in this order) with the literal characters that several of them open
    with written once: ``ab(?:c|d)|x`` for ``abc|abd|x``. The engine then reads each such
    character once where it read it once for each entry (a list of 279 verbs has up to 40
    that open with one letter). The matches are the same: alternatives that open with
    different characters never match at one place, so only their order among each other
    changes; an alternative that does not open with a literal character keeps its place, and
    nothing moves across it. Two letters that differ only in case are kept apart unfactored
    (inside ``(?i:…)`` they match alike)."""
    return "|".join(_factored_parts(rests))


def _factored_parts(rests: list[str]) -> list[str]:
    """The alternatives of :func:`_factored`."""
    if len({rest[:1] for rest in rests}) == len(rests):
        return rests  # (no two open alike: nothing to write once)
    parts: list[tuple[str, list[str]] | str] = []
    groups: dict[str, tuple[str, list[str]]] = {}  # (by the lower-cased character)
    for rest in rests:
        character = _literal(rest)
        if character is not None and groups.get(character.lower(), (character,))[0] == character:
            if character.lower() not in groups:
                groups[character.lower()] = (character, [])
                parts.append(groups[character.lower()])
            groups[character.lower()][1].append(rest[len(character):])
            continue
        parts.append(rest)
        groups = {}  # (nothing moves across it)
    written = []
    for part in parts:
        if isinstance(part, str):
            written.append(part)
            continue
        character, following = part
        inner = _factored_parts(following)
        # (a group only where what follows the character has alternatives of its own)
        written.append(character + (f"(?:{'|'.join(inner)})" if len(inner) > 1 else inner[0]))
    return written


# What a regular expression never reads as a literal character, and a quantifier after one.
_METACHARACTERS = frozenset("\\[](){}|?*+.^$")
_QUANTIFIERS = frozenset("?*+{")


def _literal(pattern: str) -> str | None:
    """The character ``pattern`` opens with, as written, where it matches itself and nothing
    else (not a metacharacter, not an escape but of punctuation) and is not repeated."""
    written = pattern[:1]
    if written == "\\":
        written = pattern[:2]
        if len(written) < 2 or written[1].isalnum() or written[1] in " _":
            return None
    elif not written or written in _METACHARACTERS:
        return None
    return None if pattern[len(written):len(written) + 1] in _QUANTIFIERS else written


def alternatives(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` at its top level (itself, where it has none)."""
    cuts = [i for i, char, depth in _top_level(pattern) if char == "|" and depth == 0]
    return [pattern[start + 1:end]
            for start, end in zip([-1, *cuts], [*cuts, len(pattern)], strict=True)]


def group_end(pattern: str) -> int | None:
    """The offset of the parenthesis that closes the group ``pattern`` opens with."""
    return next((i for i, char, depth in _top_level(pattern) if char == ")" and depth == 0),
                None)


# What the structure of a pattern is read from: an escaped character, a character class
# (to its first unescaped "]"), a parenthesis or a bar; the other characters are passed
# over by the engine, not one by one in Python.
_STRUCTURE = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]?|[()|]", re.DOTALL)


def _top_level(pattern: str, start: int = 0):
    """``(offset, character, depth)`` of the parentheses and bars of ``pattern`` from
    ``start`` that are neither escaped nor in a character class; ``depth`` counts the
    groups open around the character (a closing parenthesis is reported at the depth it
    returns to)."""
    depth = 0
    for token in _STRUCTURE.finditer(pattern, start):
        char = token.group()
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char != "|":
            continue  # (an escape or a class)
        yield token.start(), char, depth


def _depth_at(pattern: str, at: int) -> int | None:
    """How many groups are open around offset ``at`` of ``pattern``; ``None`` where it is
    escaped or in a character class."""
    depth = 0
    for token in _STRUCTURE.finditer(pattern, 0, at + 1):
        if token.end() > at:
            return None if len(token.group()) > 1 or token.start() < at else depth
        depth += {"(": 1, ")": -1}.get(token.group(), 0)
    return depth


def leading_checks(pattern: str) -> tuple[str, str]:
    """The look-aheads and look-behinds that open ``pattern``, and the rest of it."""
    end = 0
    while pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), end):
        closing = next((i for i, char, depth in _top_level(pattern, end)
                        if char == ")" and depth == 0), None)
        if closing is None:
            break
        end = closing + 1
    return pattern[:end], pattern[end:]


def _boundary(entry: str) -> str:
    """The left word boundary of an entry, none where it opens with a punctuation mark
    (the colon of "Sanders: …" follows a word)."""
    return "" if PUNCTUATION.match(entry) else r"(?<![\w-])"


PUNCTUATION = re.compile(r"[:;,–—]")


def holds(pattern: str, part: str) -> bool:
    """Whether every match of ``pattern`` holds a match of ``part`` (a ``{name}``): it stands
    at the top level, once, is not repeated optionally, and ``pattern`` has no alternatives."""
    at = pattern.find(part)
    if at < 0 or pattern.count(part) != 1 or branches(pattern):
        return False
    after = pattern[at + len(part):at + len(part) + 1]
    return _depth_at(pattern, at) == 0 and after not in ("?", "*", "{")


def opens_with_letter(entry: str) -> bool:
    """Whether ``entry`` is a plain letter followed by a pattern that does not branch at
    its top level, so that the letter can be matched first (see :func:`initial_letter`)."""
    if not entry[:1].isalpha() or entry[1:2] in ("?", "*", "+", "{"):
        return False
    return not branches(entry)


def branches(entry: str) -> bool:
    """Whether ``entry`` has alternatives at its top level."""
    return any(char == "|" and depth == 0 for _, char, depth in _top_level(entry))


def initial_letter(letter: str, at_start: bool = False) -> str:
    """The first letter of a word, with the word's left boundary checked behind it.

    Checking after the letter rather than before lets the regex engine skip ahead to
    positions holding a possible first letter, which makes scanning several times faster.
    ``at_start``: the letter is a capital that only counts at the start of a sentence.
    """
    if at_start:
        return f"{letter}(?:(?<=^{letter})|{_after_opener(letter)})"
    return f"{letter}(?<![\\w-]{letter})"


def cue_entries(compiler: Compiler, frame: dict) -> list[str]:
    """The cue entries of a frame; a list that only names a [words] list is that list, so
    that its words are found by their first letter (see Compiler.word_list)."""
    cues = [frame["cue"]] if isinstance(frame["cue"], str) else frame["cue"]
    return named_entries(compiler, cues)


def named_entries(compiler: Compiler, entries: list[str]) -> list[str]:
    """A list that only names [words] lists is their entries, in order (so that they are
    found by their first letter, see Compiler.word_list); any other list is itself."""
    named = [REFERENCE.fullmatch(entry) for entry in entries]
    if entries and all(name and name.group(1) in compiler.words for name in named):
        return [word for name in named for word in compiler.words[name.group(1)]]
    return entries


# How a fragment may open, as written in a resource, and the characters it then opens with
# (a space of a resource entry is any space but a line break).
_OPENINGS = ((" ", r"\s"), (",? ", r",\s"), (", ", ","), (",", ","), (":", ":"))
# A quantifier that lets what it follows match nothing, and any quantifier, as written.
_OPTIONAL = re.compile(r"(?:[?*]|\{0?,\d*\})\??")
_QUANTIFIED = re.compile(r"(?:[?*+]|\{\d*,?\d*\})\??")
# A character class that can be joined with others: not negated, no range but of letters,
# no escape but a few (a "-" that ends it is written escaped when joined).
_JOINABLE_CLASS = re.compile(
    r"\[((?:[^\]\\^-]|\\x27|\\[wds]|[^\W\d_]-[^\W\d_])+)(-?)\]")
# One character that opens with itself: any but a metacharacter (a letter, a digit, a
# quotation mark, a dash, …), an escaped bracket or point; a class escape (\d, \w, \s) or a
# quote written as \x27 as such.
_ONE = re.compile(r"[^\\\[\](){}|?*+.^$]|\\([()\[\].])|\\[wds]|\\x27")


# A member of a character class as written: an escape, a range of two characters, one.
_CLASS_MEMBER = re.compile(r"\\x[0-9a-fA-F]{2}|\\.|[^\\]-[^\\]|[^\\]")


# How many of the 52 ASCII letters a look-ahead at first characters may let through and
# still pass over most words.
_FEW_LETTERS = 26


def _letters_held(members: str) -> int:
    """How many ASCII letters the inside of a character class (as first_characters writes
    it) holds."""
    held = set()
    for member in _CLASS_MEMBER.findall(members):
        if member == "\\w":
            return 52
        low, high = (member[0], member[2]) if len(member) == 3 else (member, member)
        held.update(letter for letter in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    if low <= letter <= high)
    return len(held)


def first_characters(raw: str, compiler: Compiler | None = None) -> str | None:
    """The inside of a character class that holds every character a match of the resource
    fragment ``raw`` opens with; ``None`` where it may match nothing or open with something
    these few forms do not tell (see :func:`_opening_characters`). With a ``compiler``, a
    ``{name}`` opens as the entries of the list it names."""
    found = _opening_characters(raw, compiler, ())
    if found is None or found[1]:
        return None
    # each character once, and none that a range of the class already holds
    members = list(dict.fromkeys(_CLASS_MEMBER.findall("".join(found[0]))))
    ranges = [member for member in members if len(member) == 3 and member[1] == "-"]
    return "".join(member for member in members
                   if not (len(member) == 1 and any(low <= member <= high
                                                    for low, _, high in ranges)))


def _opening_characters(raw: str, compiler: Compiler | None, seen: tuple[str, ...]
                        ) -> tuple[list[str], bool] | None:
    """The characters (as written in a class) a match of ``raw`` may open with, and whether
    it may match nothing, read as the resource writes it: look-arounds and ``\\b`` that open
    it match nothing; a group (``(?:a|b)``) opens as its alternatives, and where it may be
    left out (``?``, ``*``, ``{0,n}``) as what follows it too; a ``{name}`` (given the
    compiler) as the list's entries, a lower-case entry of a [words] list also with its
    capital; a space, a comma, a colon, a letter, a digit, an escaped bracket or a class
    open with themselves; alternatives as each of them. ``None`` for anything else (a
    negated class, ``.``, a flag): it may open with anything."""
    branched = alternatives(raw)
    if len(branched) > 1:
        parts = [_opening_characters(part, compiler, seen) for part in branched]
        if any(part is None for part in parts):
            return None
        return ([character for part in parts for character in part[0]],
                any(part[1] for part in parts))
    characters: list[str] = []
    while raw:
        raw = leading_checks(raw)[1]
        if raw.startswith("\\b"):
            raw = raw[2:]
            continue
        if not raw:
            break
        inside = rest = None
        named = REFERENCE.match(raw)
        if raw.startswith("(?:"):
            close = group_end(raw)
            if close is None:
                return None
            inside, rest = _opening_characters(raw[3:close], compiler, seen), raw[close + 1:]
        elif named and compiler is not None:
            inside, rest = _listed_openings(compiler, named.group(1), seen), raw[named.end():]
        if rest is not None:
            if inside is None:
                return None
            characters += inside[0]
            optional = _OPTIONAL.match(rest)
            if not (optional or inside[1]):
                return characters, False
            raw = rest[optional.end():] if optional else rest
            continue
        written = next((written for written in _OPENINGS if raw.startswith(written[0])), None)
        if written is not None:
            if _QUANTIFIED.match(raw, len(written[0])):
                return None  # (" ?", ",?x": it may be left out)
            # (",? " opens with a comma or a space: never empty)
            return characters + [written[1]], False
        one = _JOINABLE_CLASS.match(raw)
        if one is not None:
            characters.append(one.group(1) + ("\\-" if one.group(2) else ""))
        else:
            one = _ONE.match(raw)
            if one is None:
                return None
            characters.append(re.escape(one.group(1)) if one.group(1)
                              else one.group() if one.group().startswith("\\")
                              else re.escape(one.group()))
        if _OPTIONAL.match(raw, one.end()):
            return None  # (an optional opening: what follows may open instead)
        return characters, False
    return characters, True


def _listed_openings(compiler: Compiler, name: str, seen: tuple[str, ...]
                     ) -> tuple[list[str], bool] | None:
    """The opening characters of the [words] or [patterns] list ``name`` (see
    :func:`_opening_characters`), worked out once per list."""
    if name in seen:
        return None
    if name not in compiler.openings:
        words = name in compiler.words or name in compiler.stems
        entries = compiler.words.get(name, compiler.patterns.get(name,
                                                                compiler.stems.get(name)))
        found: tuple[list[str], bool] | None = ([], False)
        for entry in entries or [None]:
            opening = (_opening_characters(entry, compiler, seen + (name,))
                       if entry is not None else None)
            if opening is None:
                found = None
                break
            # (a lower-case word also stands capitalised at a start: see Compiler.word_list)
            capital = [re.escape(entry[0].upper())] if words and entry[:1].islower() else []
            found = (found[0] + opening[0] + capital, found[1] or opening[1])
        compiler.openings[name] = found
    return compiler.openings[name]
