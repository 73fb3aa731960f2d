"""Resource entries as regular-expression source.

The entries of ``resources/<lang>/attribution.toml`` are written short: a space stands for
any run of spaces in a line, ``{name}`` names a [words] or [patterns] list, and a lower-case
word also matches capitalised at the start of a sentence. :class:`Compiler` expands them;
the helpers here read the structure of a pattern (its top level, its leading look-arounds,
its first letter) so that the grammar can be matched where a word starts.
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
REFERENCE = re.compile(r"\{([a-z_]+)\}")


class Compiler:
    """Turns the entries of one attribution resource into regular-expression source."""

    def __init__(self, table: dict, origin: str) -> None:
        self.words: dict[str, list[str]] = table.get("words", {})
        self.patterns: dict[str, list[str]] = table.get("patterns", {})
        self.origin = origin
        self._done: dict[str, str] = {}

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
                entries = [self.expand(e, seen=seen + (name,)) for e in self.patterns[name]]
                self._done[name] = "(?:" + "|".join(entries) + ")"
            else:
                raise ValueError(f"{self.origin}: no [words] or [patterns] list named {name!r}")
        return self._done[name]

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
            return self._inner_word_list(entries, seen)
        by_initial: dict[tuple[str, bool], list[str]] = {}
        others = []
        for entry in sorted(entries, key=len, reverse=True):
            capital = entry[0].upper() + entry[1:] if entry[:1].islower() else None
            if opens_with_letter(entry):
                by_initial.setdefault((entry[0], False), []).append(entry[1:])
                if capital:
                    by_initial.setdefault((capital[0], True), []).append(capital[1:])
            else:
                others.append(_boundary(entry) + self.expand(entry, seen=seen))
                if capital:
                    others.append(_SENTENCE_START + self.expand(capital, seen=seen))
        groups = [(initial_letter(letter, at_start), "(?:" + "|".join(
            self.expand(rest, seen=seen) for rest in rests) + ")")
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
            others.append(_boundary(entry) + "(?:" + self.expand(entry, seen=seen) + ")")
            if entry[:1].islower():
                others.append(_SHORT_START + self.expand(entry[0].upper() + entry[1:], seen=seen))
        # A lower-case letter's group also takes the capital, which the start check in front
        # only lets through at a start; a capital written as such stands anywhere. Where one
        # letter is both, the capital's group checks its own start.
        written = {letter for letter in groups if not letter.islower()}
        anywhere, at_start, forms, checked, capitals = [], [], [], [], []
        for letter, rests in groups.items():
            rest = "(?:" + "|".join(rests) + ")" if len(rests) > 1 else rests[0]
            capital = letter.upper()
            if not letter.islower() or capital == letter:
                anywhere.append(letter)
                forms.append(letter + rest)
            elif capital in written:
                anywhere.append(letter)
                forms.append(letter + rest)
                checked.append(_SHORT_START + capital + rest)
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
