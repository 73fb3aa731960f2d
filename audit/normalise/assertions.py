"""Attribution and hedging: the rows of the ``assertions`` table.

Who a claim is attributed to ("laut CNN", "so Offizielle", "people familiar with the matter
said") and how cautiously the article's own voice states it ("angeblich", "reportedly").
The words and frames live in ``resources/<lang>/attribution.toml``; this module only compiles
them. One screen pass over the article finds where a word starts that may open a cue, hedge or
other listed word, and the patterns are tried there; matches are assigned to sentences by
offset. The source phrases (person, organisation, media, anonymous) are compiled once per
language, not inlined in every frame: a frame is matched as its head or look-back context,
the source phrase, and what follows it, joined by offsets (see :class:`_Frame`).

An assertion is an attribution: a sentence gives one row per attribution in it (several
speakers, a nested "X said Y told him", a "who said" clause, a cue after what it reports),
each with the span of what it reports (``content_start``/``content_end``), and one row when
it has none. Hearsay with nobody behind it ("es heißt", "soll … haben", "reportedly") is a
row with a cue and no speaker, unless the sentence names or points back to a source. A
sentence without an attribution of its own inherits one in four cases: it lies inside a
direct quote that spans sentences and is attributed beside its first or last sentence; it
is a direct quote right after a sentence in which a person speaks (the quote continues
them); (German) it reports speech in the subjunctive (Konjunktiv I: "sei", "habe") or
points back to a source ("den Angaben zufolge") right after an attributed sentence; or its
only attribution is hearsay right after a sentence that names its source. An inherited
speaker keeps the offsets of the phrase it came from.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import chain
from typing import NamedTuple

from audit import resources
from audit.normalise.sentences import Sentence
from audit.tables import SPEAKER_KINDS

#: When a sentence names several sources, the first kind here is the speaker: an unnamed
#: source is what a reader most needs to know about; a named person is more specific than
#: the institution or the outlet that relays them.
SPEAKER_PRIORITY = ("anonymous", "person", "organisation", "media")

# A space in a resource entry: spaces or tabs, never a line break (frames stay in a line).
_SPACE = r"[^\S\n]+"
# Where a lower-case word may be written with a capital: the start of a line or sentence,
# or right after an opening quote or bracket.
# Written as three classes, each compiled to a small table: one class that mixes Latin-1
# with typographic quotes and dashes compiles to a 64k-character map, thousands of times
# over in the attribution frames (most of their compile time).
_OPENERS = ("[.!?:;\"»«(]", "[„“]", "[–—]")


def _after_opener(then: str = "") -> str:
    """Look-behinds for an opener, perhaps a space, and ``then`` right before here."""
    return "|".join(f"(?<={opener}{space}{then})" for space in ("", r"[^\S\n]")
                    for opener in _OPENERS)


_SENTENCE_START = f"(?:^|{_after_opener()})"
# The same, short, for lists inside larger patterns (one alternation of one-character
# classes is a fixed width, so it may stand in a look-behind).
_OPENER = "(?:" + "|".join(_OPENERS) + ")"
_SHORT_START = rf"(?:^|(?<={_OPENER})|(?<={_OPENER}[^\S\n]))"
_REFERENCE = re.compile(r"\{([a-z_]+)\}")
# How far before its cue a source phrase may start ("mehrere mit der Angelegenheit
# vertraute Quellen zufolge" is 55 characters); a frame may set its own ``reach``.
_REACH = 160
# The first digit before its boundary check, so that the engine skips ahead to digits.
_NUMBER = re.compile(r"\d(?<![\w.,-]\d)\d*(?:[.,:]\d+)*(?!\w)")


class _Frame(NamedTuple):
    """A compiled attribution frame: what stands before its source, the source, what follows.

    The source phrase itself is matched by the grammar's pattern for each speaker kind,
    compiled once for all frames. A frame that opens with its cue or a word (``head``) is
    tried where the screen finds that word, and its source must start where the head ends.
    A frame that opens with its source ends with its cue (``cues``): from each cue it looks
    back, in a short reach, for where ``after`` may begin, and for the leftmost source that
    ends there.
    """

    kinds: tuple[int, ...]  # the speaker kinds it accepts, as indices into _Grammar.kinds
    head: re.Pattern[str] | None  # the cue or word that opens it, up to the source
    head_varies: bool  # the head has an optional or lazy part, so may end elsewhere too
    after: re.Pattern[str] | None  # what must follow the source, after a head
    cues: re.Pattern[str] | None  # looking back: its cue
    ends: re.Pattern[str] | None  # looking back: where the source may end, before the cue
    start: re.Pattern[str] | None  # looking back: what stands before the source
    start_first: bool  # ``start`` is a condition (a clause start): candidates come from it
    # otherwise ``start`` is looked for back from the source, and must also hold where the
    # source starts (a look-ahead there sees the source: "(?!He\s){source}")
    start_here: re.Pattern[str] | None
    tail: re.Pattern[str] | None = None  # what must follow the match: a verb particle
    reach: int = 0  # how far before its cue the source may start (0: the default)
    before_cue: str = ""  # what must stand right before the cue
    needs: re.Pattern[str] | None = None  # what must occur between reach and cue
    # after a head: its cue alone, where every match holds it after the source; the screen
    # tries it at every word, and a head after the last one found is not tried
    cue_after: re.Pattern[str] | None = None


class _Found(NamedTuple):
    """One attribution-frame match: where it starts and ends, its source and its cue."""

    start: int
    end: int
    source_start: int
    source_end: int
    kind: int
    cue_start: int
    cue_end: int
    cue: str


class _Grammar(NamedTuple):
    frames: tuple[_Frame, ...]
    kinds: tuple[str, ...]  # the speaker kind of each source phrase
    known: int  # how many of them are the [source] kinds (the rest: frames' own phrases)
    sources: tuple[re.Pattern[str], ...]  # each kind's source phrase, where it starts
    never_last: tuple[str, ...]  # what a source phrase before its cue never ends with
    # for each source phrase, a word every such phrase holds ([needs]): where none is
    # before a cue, the phrase is not searched for there
    needs: tuple[re.Pattern[str] | None, ...]
    hedges: re.Pattern[str] | None
    constructions: tuple[tuple[re.Pattern[str], str], ...]  # a construction and its cue
    negation: re.Pattern[str] | None
    vague: re.Pattern[str] | None  # vague quantities: "some", "many", "manche"
    subjunctive: re.Pattern[str] | None  # reported-speech verb forms (Konjunktiv I)
    agentless: re.Pattern[str] | None  # attributions with nobody behind them: "es heißt"
    points_back: re.Pattern[str] | None  # a source named before: "den Angaben zufolge"
    # a sentence that opens with a condition, and the modals that are no hedge there
    conditional: re.Pattern[str] | None
    conditional_modals: frozenset[str]
    cues: re.Pattern[str] | None  # every cue of the frames that open with their source
    mark_cues: re.Pattern[str] | None  # … those that are a punctuation mark (":")
    # Where a word or number starts that may open a match of the ``screened`` patterns (one
    # pass over the text; ``screen_start`` at the start of the text), and for the screen's
    # groups there (the letters or digit it found, as written, and whether the word ends
    # after them) the indices of those to try: a frame's head is kept wherever it matches
    # (``every``, the first tuple), the others as ``finditer`` finds them (the second).
    screen: re.Pattern[str]
    screen_start: re.Pattern[str]
    screened: tuple[re.Pattern[str], ...]
    every: tuple[bool, ...]
    dispatch: dict[tuple[str, str | None], tuple[tuple[int, ...], tuple[int, ...]]]


class _Compiler:
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

        return _REFERENCE.sub(replace, fragment.replace(" ", _SPACE))

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
        first (see :func:`_initial`); the others keep their boundary in front.
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
            if _opens_with_letter(entry):
                by_initial.setdefault((entry[0], False), []).append(entry[1:])
                if capital:
                    by_initial.setdefault((capital[0], True), []).append(capital[1:])
            else:
                others.append(_boundary(entry) + self.expand(entry, seen=seen))
                if capital:
                    others.append(_SENTENCE_START + self.expand(capital, seen=seen))
        groups = [(_initial(letter, at_start), "(?:" + "|".join(
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
            if _opens_with_letter(entry):
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


def _top_level(pattern: str, start: int = 0):
    """``(offset, character, depth)`` of the characters of ``pattern`` from ``start`` that
    are neither escaped nor in a character class; ``depth`` counts the groups open around
    the character (a closing parenthesis is reported at the depth it returns to)."""
    depth, escaped, in_class = 0, False, False
    for i in range(start, len(pattern)):
        char = pattern[i]
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            yield i, char, depth


def _leading_checks(pattern: str) -> tuple[str, str]:
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
    return "" if _PUNCTUATION.match(entry) else r"(?<![\w-])"


_PUNCTUATION = re.compile(r"[:;,–—]")


def _holds(pattern: str, part: str) -> bool:
    """Whether every match of ``pattern`` holds a match of ``part`` (a ``{name}``): it stands
    at the top level, once, is not repeated optionally, and ``pattern`` has no alternatives."""
    at = pattern.find(part)
    if at < 0 or pattern.count(part) != 1 or _branches(pattern):
        return False
    depth = next((depth for i, _, depth in _top_level(pattern) if i == at), None)
    return depth == 0 and pattern[at + len(part):at + len(part) + 1] not in ("?", "*", "{")


def _opens_with_letter(entry: str) -> bool:
    """Whether ``entry`` is a plain letter followed by a pattern that does not branch at
    its top level, so that the letter can be matched first (see :func:`_initial`)."""
    if not entry[:1].isalpha() or entry[1:2] in ("?", "*", "+", "{"):
        return False
    return not _branches(entry)


def _branches(entry: str) -> bool:
    """Whether ``entry`` has alternatives at its top level."""
    return any(char == "|" and depth == 0 for _, char, depth in _top_level(entry))


def _initial(letter: str, at_start: bool = False) -> str:
    """The first letter of a word, with the word's left boundary checked behind it.

    Checking after the letter rather than before lets the regex engine skip ahead to
    positions holding a possible first letter, which makes scanning several times faster.
    ``at_start``: the letter is a capital that only counts at the start of a sentence.
    """
    if at_start:
        return f"{letter}(?:(?<=^{letter})|{_after_opener(letter)})"
    return f"{letter}(?<![\\w-]{letter})"


def _cue_entries(compiler: _Compiler, frame: dict) -> list[str]:
    """The cue entries of a frame; a list that only names a [words] list is that list, so
    that its words are found by their first letter (see _Compiler.word_list)."""
    cues = [frame["cue"]] if isinstance(frame["cue"], str) else frame["cue"]
    return _entries(compiler, cues)


def _entries(compiler: _Compiler, entries: list[str]) -> list[str]:
    """A list that only names a [words] list is that list's entries (so that they are found
    by their first letter, see _Compiler.word_list); any other list is itself."""
    named = _REFERENCE.fullmatch(entries[0]) if len(entries) == 1 else None
    if named and named.group(1) in compiler.words:
        return compiler.words[named.group(1)]
    return entries


# What a frame's head does not fix: an optional or lazy part, so that it may end elsewhere.
_VARIES = re.compile(r"[)\]](?:[?*+]|\{)")
# Where a head may end instead (after a space), and how far from its start.
_GAP = re.compile(r"[^\S\n]+")
_HEAD_REACH = 160
# Where a source phrase may start, looking back: a word (every phrase opens with a letter).
_WORD_START = re.compile(r"(?<![\w-])(?=[^\W\d_])")
# What a source phrase never ends with.
_NOT_LAST = frozenset(" \t\r\f\v\xa0,")
# Where a shorter source phrase may end: after a word.
_WORD_END = re.compile(r"(?<=[\w.])(?!\w)")
# A character that no word holds ([^\w-]), written so that the engine skips ahead to it
# cheaply: a class without ASCII or Latin-1 letters, digits, "_" and "-" is a table it looks
# each character up in, where [^\w-] asks for each character's Unicode category (about 10%
# of the screen's time); a look-behind rules out the other letters (see _grammar).
_NOT_IN_WORD = r"[^a-zA-Z0-9_\xaa\xb5\xba\xc0-\xd6\xd8-\xf6\xf8-\xff-]"


# How what stands between a source and its cue may open, as written in a resource, and the
# characters it then opens with (a space of a resource entry is any space but a line break).
_OPENINGS = ((" ", r"\s"), (",? ", r",\s"), (", ", ","), (",", ","), (":", ":"))


def _first_characters(raw: str) -> str | None:
    """The inside of a character class that holds every character a match of the resource
    fragment ``raw`` opens with, for the few openings :data:`_OPENINGS` lists; ``None``
    for any other fragment (it may open with anything)."""
    return next((characters for opening, characters in _OPENINGS if raw.startswith(opening)),
                None)


def _compile_frame(compiler: _Compiler, frame: dict, kinds: tuple[str, ...],
                   otherwise: tuple[int, ...] = ()) -> _Frame:
    cue = compiler.word_list(_cue_entries(compiler, frame), inner=True)  # matched in place
    raw: str = frame["pattern"]
    if raw.count("{source}") != 1:
        raise ValueError(f"{compiler.origin}: a frame names its source once: {raw!r}")
    parts = {"cue": f"(?P<cue>{cue})"}
    before, _, after = raw.partition("{source}")
    # (``kinds = []``: only the frame's own phrases)
    accepted = tuple(i for i, kind in enumerate(kinds)
                     if "kinds" not in frame or kind in frame["kinds"]) + otherwise
    tail = (re.compile(compiler.expand(frame["tail"]), re.MULTILINE)
            if frame.get("tail") else None)
    following = re.compile(compiler.expand(after, parts), re.MULTILINE) if after else None
    if _opens_with_letter(raw) or "{cue}" in before:
        if _opens_with_letter(raw):
            # A frame that opens with a word ("wie {source} …") starts at a word boundary
            # and, like a [words] entry, is capitalised at the start of a sentence.
            first = _initial(raw[0])
            if raw[0].islower():
                first = f"(?:{first}|{_initial(raw[0].upper(), at_start=True)})"
            head = first + compiler.expand(before[1:], parts)
        else:
            head = compiler.expand(before, parts)
        cue_after = None
        if _holds(after, "{cue}") and all(map(_opens_with_letter, _cue_entries(compiler, frame))):
            cue_after = re.compile(cue, re.MULTILINE)
        return _Frame(accepted, re.compile(head, re.MULTILINE), bool(_VARIES.search(before)),
                      following, None, None, None, False, None, tail, cue_after=cue_after)
    if not raw.endswith("{cue}"):
        raise ValueError(f"{compiler.origin}: a frame that opens with its source must end "
                         f"with its cue: {raw!r}")
    # A clause or sentence start is a condition where the source starts: the candidate
    # starts are found with it. Anything else before the source (an optional document) is
    # looked for back from where the source starts.
    condition = bool(before) and _REFERENCE.fullmatch(before) is not None
    start = start_here = None
    if not condition:
        # look-arounds that open it are conditions where the source starts ("(?<!what\s)");
        # the rest may stand before the source
        checks, before = _leading_checks(before)
        if checks:
            start_here = re.compile(compiler.expand(checks, parts), re.MULTILINE)
    if before:
        start = re.compile(rf"(?<![\w-])(?:{compiler.expand(before, parts)})"
                           + (r"(?=[^\W\d_])" if condition else r"\Z"), re.MULTILINE)
    # what stands between the source and the cue, which the cue found starts right after
    # (so that a look-ahead of the cue sees past it)
    between = compiler.expand(after[:-len("{cue}")], parts)
    # (where it opens with one of a few characters, the engine skips ahead to them: each
    # match is that character, and the rest is tested from it, looking back)
    first = _first_characters(after[:-len("{cue}")])
    ends = (rf"(?=(?:{between})\Z)" if first is None
            else rf"[{first}](?<=(?=(?:{between})\Z)[\s\S])")
    return _Frame(accepted, None, False, None, re.compile(cue, re.MULTILINE),
                  re.compile(ends, re.MULTILINE),
                  start, condition, start_here, tail, frame.get("reach", _REACH),
                  # a frame whose cue follows a comma ("Pifer, a former ambassador, said")
                  # need only look back from cues that follow one
                  ", " if raw.endswith(", {cue}") else "",
                  re.compile(compiler.expand(frame["needs"])) if frame.get("needs") else None)


@cache
def _grammar(language: str) -> _Grammar:
    table = resources.load(language, "attribution")
    compiler = _Compiler(table, f"resources/{language}/attribution.toml")
    kinds = tuple(table.get("source", {}))
    phrases, speakers, own = _source_phrases(compiler, table, kinds)
    raw_frames = table.get("frame", [])
    frames = [_compile_frame(compiler, frame, kinds, extra)
              for frame, extra in zip(raw_frames, own, strict=True)]
    # Each kind's source phrase is compiled once, not inlined in every frame: it is most
    # of a frame's pattern.
    sources = tuple(re.compile(rf"(?<![\w-])(?:{compiler.expand(phrase)})", re.MULTILINE)
                    for phrase in phrases)
    cue_entries, all_cues, mark_cues = _frame_cues(compiler, raw_frames, frames)
    lists = _word_lists(compiler, table)
    # Each pattern whose every match opens with a word of a list is tried only where the
    # screen found one of those words, instead of scanning the text itself.
    openings = [(frame.head, _openings(compiler, raw), True)
                for frame, raw in zip(frames, raw_frames, strict=True) if frame.head is not None]
    openings += [(all_cues, cue_entries, False)] + [
        (lists[name][1], lists[name][0], False)
        for name in ("hedges", "negation", "vague", "subjunctive")]
    # … and a frame's own cue, where it looks back from it or where it gates the heads (see
    # _frame_matches), tried at every word that may open it
    openings += [(frame.cues if frame.head is None else frame.cue_after,
                  _cue_entries(compiler, raw), True)
                 for frame, raw in zip(frames, raw_frames, strict=True)
                 if frame.head is None or frame.cue_after]
    screened, dispatch, words = _screened(openings)
    # a character that no word holds, then the word: the engine skips ahead to such
    # characters (spaces, punctuation) and looks at the letters only there; the look-behind
    # that rules out other letters follows the word, so that it is tested only where one
    # opens
    screen = re.compile(rf"{_NOT_IN_WORD}(?={words})(?<![\w-])", re.MULTILINE)
    screen_start = re.compile(f"(?={words})", re.MULTILINE)
    never_last = tuple(table.get("phrase", {}).get("never_ends_with", []))
    needed = table.get("needs", {})
    needs = tuple(re.compile(compiler.expand(needed[kind]), re.MULTILINE)
                  if i < len(kinds) and kind in needed else None
                  for i, kind in enumerate(speakers))
    return _Grammar(tuple(frames), tuple(speakers), len(kinds), sources, never_last, needs,
                    lists["hedges"][1], lists["constructions"], lists["negation"][1],
                    lists["vague"][1], lists["subjunctive"][1], lists["agentless"][1],
                    lists["points_back"][1], _opening(table), frozenset(
                        table.get("hedges", {}).get("conditional_modals", [])),
                    all_cues, mark_cues, screen, screen_start,
                    tuple(pattern for pattern, _, _ in screened),
                    tuple(every for _, _, every in screened), dispatch)


def _opening(table: dict) -> re.Pattern[str] | None:
    """What a sentence that opens with a condition opens with (after any quote or space)."""
    words = table.get("hedges", {}).get("conditional", [])
    if not words:
        return None
    listed = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words)
    return re.compile(rf"[\s„“\"»«(]*(?:{listed})\b")


def _source_phrases(compiler: _Compiler, table: dict, kinds: tuple[str, ...]
                    ) -> tuple[list[str], list[str], list[tuple[int, ...]]]:
    """Every source phrase and its speaker kind: those of [source], then each frame's own
    phrases for when none of those follows its cue (``otherwise``); and for each frame the
    indices of its own."""
    phrases = [table["source"][kind] for kind in kinds]
    speakers = list(kinds)
    own: list[tuple[int, ...]] = []
    for frame in table.get("frame", []):
        others = frame.get("otherwise", [])
        own.append(tuple(range(len(phrases), len(phrases) + len(others))))
        phrases += [other["pattern"] for other in others]
        speakers += [other["kind"] for other in others]
    unknown = set(speakers) - set(SPEAKER_KINDS)
    if unknown:
        raise ValueError(f"{compiler.origin}: unknown speaker kinds {sorted(unknown)}")
    return phrases, speakers, own


def _frame_cues(compiler: _Compiler, raw_frames: list[dict], frames: list[_Frame]
                ) -> tuple[list[str], re.Pattern[str] | None, re.Pattern[str] | None]:
    """The cue words of the frames that open with their source, found in one pass over the
    text, and their pattern; the cues that are a punctuation mark (":") apart, so that the
    words are screened."""
    if not any(frame.cues is not None for frame in frames):
        return [], None, None
    entries = [entry for frame in raw_frames for entry in _cue_entries(compiler, frame)]
    marks = [entry for entry in entries if _PUNCTUATION.match(entry)]
    words = [entry for entry in entries if not _PUNCTUATION.match(entry)]
    return (words, _compiled(compiler, words),
            re.compile(compiler.word_list(marks), re.MULTILINE) if marks else None)


def _compiled(compiler: _Compiler, entries: list[str]) -> re.Pattern[str] | None:
    return re.compile(_listed(compiler, entries), re.MULTILINE) if entries else None


def _word_lists(compiler: _Compiler, table: dict) -> dict:
    """The word lists besides the frames, each as ``(entries, pattern)``: hedges, negation,
    vague quantities, Konjunktiv I, agentless hearsay and what points back to a source;
    and the hedge constructions with their cues (``constructions``)."""
    hedge_table = table.get("hedges", {})
    constructions = hedge_table.get("construction", [])
    agentless = table.get("agentless", {}).get("frames", [])
    # Words, constructions and hearsay with nobody behind it ("es heißt") form one word
    # list, so that they are found by their first letter in one pass; a match is told to
    # be a construction or hearsay by matching it again.
    hedges = list(dict.fromkeys(hedge_table.get("words", [])
                                + [c["pattern"] for c in constructions] + agentless))
    lists = {"hedges": hedges, "agentless": agentless,
             "negation": table.get("polarity", {}).get("negation", []),
             "vague": hedge_table.get("vague", []),
             "subjunctive": _entries(compiler, table.get("reported_speech", {}).get(
                 "subjunctive", [])),
             "points_back": table.get("agentless", {}).get("points_back", [])}
    found: dict = {name: (entries, _compiled(compiler, entries))
                   for name, entries in lists.items()}
    found["constructions"] = tuple(
        (re.compile(compiler.word_list([c["pattern"]], inner=True), re.MULTILINE), c["cue"])
        for c in constructions)
    return found


def _screened(openings: list[tuple]) -> tuple[list[tuple], dict, str]:
    """The patterns the screen tries (``(pattern, words, every)``, each once), the
    dispatch from the screen's groups to their indices (see :class:`_Grammar`) and the
    screen's pattern of first letters."""
    # (a pattern listed twice, such as the cue two frames share, is tried once)
    screened = list({(id(pattern), every): (pattern, words, every)
                     for pattern, words, every in openings if pattern is not None and words
                     and all(map(_opens_with_letter, words))}.values())
    # Numbers start after a character no word holds, as words do: the screen finds their
    # digits too, instead of a pass of their own over the text.
    screened.append((_NUMBER, [], False))
    prefixes = [{prefix for word in words for prefix in _prefixes(word)}
                for _, words, _ in screened]
    letters = {prefix.rstrip("$") for found in prefixes for prefix in found}
    return screened, _dispatch(screened, prefixes, letters), _screen(letters)


def _dispatch(screened: list[tuple], prefixes: list[set[str]], letters: set[str]) -> dict:
    """For the screen's groups (the letters found, whether the word ends there), the
    indices of the screened patterns to try, those tried everywhere first."""
    tried = {(key, ends): [i for i, found in enumerate(prefixes) if any(
        key.startswith(prefix) or (ends and prefix == key + "$") for prefix in found)]
        for key in letters for ends in (False, True)}
    # by the screen's groups: the first letter in either case, "" where the word ends; a
    # digit opens a number
    dispatch = {(case + key[1:], "" if ends else None): (
        tuple(i for i in tried[key, ends] if screened[i][2]),
        tuple(i for i in tried[key, ends] if not screened[i][2]))
        for key, ends in tried for case in dict.fromkeys(key[0] + key[0].upper())
        if (case + key[1:]).lower() == key}
    # (a digit other than 0-9 is looked up as 0: see _Scan)
    dispatch.update({(digit, end): ((), (len(screened) - 1,))
                     for digit in "0123456789" for end in ("", None)})
    return dispatch


def _listed(compiler: _Compiler, entries: list[str]) -> str:
    """A top-level word list: written short where the screen finds its words (it is only
    matched in place), letter first where it must scan the text itself."""
    return compiler.word_list(entries, inner=all(map(_opens_with_letter, entries)))


def _screen(prefixes: set[str]) -> str:
    """The letters that open an entry of a screened pattern (``prefixes``), the first in
    either case (as the group ``letters``), or a digit (where a number starts), and whether
    the word ends after them (the group ``end``). The patterns themselves are matched where
    the screen found such a word, so it need only let all their matches through.

    The prefixes are written as a tree of their letters ("s(?:agt(?:e(?:n)?)?|o(?:ll)?)"):
    where a word opens with none of them, the engine fails after a letter or two instead of
    trying every prefix with that first letter; a greedy optional group finds the longest
    prefix the word opens with, as the longest-first alternation it replaces did.
    """
    tree: dict = {}
    for prefix in prefixes:
        node = tree
        for letter in prefix:
            node = node.setdefault(letter, {})
        node[""] = {}  # a prefix ends here
    first = []
    for letter, node in sorted(tree.items()):
        rest = _letter_tree(node)
        first += [re.escape(case) + rest for case in dict.fromkeys(letter + letter.upper())]
    return "(?P<letters>" + "|".join(first + [r"\d"]) + r")(?:(?![\w-])(?P<end>))?"


def _letter_tree(node: dict) -> str:
    """The letters that may follow in the tree of :func:`_screen`, as a pattern."""
    branches = [re.escape(letter) + _letter_tree(child)
                for letter, child in sorted(node.items()) if letter]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


_LETTERS = re.compile(r"[^\W\d_]+")
_QUANTIFIER = re.compile(r"[?*]|\{[\d,]")
_CHOICE = re.compile(r"\(\?:([^\W\d_]+(?:\|[^\W\d_]+)*)\)(?![?*{])")


def _prefixes(entry: str) -> list[str]:
    """The letters, lower-cased, that every match of ``entry`` opens with: its first letters,
    continued by a choice of plain words (``w(?:ird|urde)`` opens with "wird" or "wurde").
    A prefix that is a whole word (the entry goes on with a space, a negative look-ahead or
    not at all) ends in ``$``."""
    letters = _LETTERS.match(entry).group()
    rest = entry[len(letters):]
    if _QUANTIFIER.match(rest) and len(letters) > 1:
        return [letters[:-1].lower()]  # its last letter is optional
    words = [letters]
    choice = _CHOICE.match(rest)
    if choice:
        words = [letters + word for word in choice.group(1).split("|")]
        rest = rest[choice.end():]
    whole = rest == "" or rest.startswith((" ", "(?!"))
    return [word.lower() + ("$" if whole else "") for word in words]


# Look-behinds that open a frame ("(?<=[,–—]\s){cue}"), if they hold no group.
_LEADING_CHECK = re.compile(r"^(?:\(\?<[=!][^()]*\))+")


def _openings(compiler: _Compiler, frame: dict) -> list[str] | None:
    """Words one of which opens every match of a frame: its cues when it opens with them,
    its first word when it opens with one ("wie {source} …"); ``None`` otherwise."""
    raw: str = _LEADING_CHECK.sub("", frame["pattern"])  # a look-behind matches nothing
    if _branches(raw):
        return None
    if raw.startswith("{cue}"):
        return _cue_entries(compiler, frame)
    word = re.match(r"[^\W\d_]+ ", raw)
    return [word.group().rstrip()] if word else None


def _lower_first(surface: str) -> str:
    surface = " ".join(surface.split())
    return surface[:1].lower() + surface[1:]


class _Spans:
    """Membership of offsets in sorted, non-overlapping spans (sentences, quotes)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [start for start, _ in spans]

    def index(self, offset: int) -> int | None:
        """The index of the span holding ``offset``, or ``None``."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.spans[i][1]:
            return i
        return None


class _Scan:
    """The matches of a grammar's patterns in one text, as ``finditer`` finds them.

    The patterns in the grammar's ``dispatch`` are tried only where the screen found a
    word that may open them, left to right and never inside their previous match (a frame's
    head everywhere); the others scan the text themselves.
    """

    def __init__(self, grammar: _Grammar, text: str) -> None:
        self.text = text
        # by identity: hashing a pattern hashes its whole source
        found: list[list[re.Match[str]]] = [[] for _ in grammar.screened]
        self.found = {}
        self.everywhere = {}  # the matches of those tried everywhere (``every``)
        for pattern, matches, everywhere in zip(grammar.screened, found, grammar.every,
                                                strict=True):
            self.found.setdefault(id(pattern), matches)
            if everywhere:
                self.everywhere.setdefault(id(pattern), matches)
        if not text:
            return
        done = [0] * len(found)
        screened, dispatch = grammar.screened, grammar.dispatch
        words = grammar.screen.finditer(text)
        first = grammar.screen_start.match(text)
        # (each match ends where its word starts)
        for word in words if first is None else chain((first,), words):
            start = word.end()
            try:
                everywhere, once = dispatch[word.groups()]
            except KeyError:  # a digit other than 0-9
                everywhere, once = dispatch["0", word.group("end")]
            for i in everywhere:
                match = screened[i].match(text, start)
                if match is not None:
                    found[i].append(match)
            for i in once:
                if start >= done[i]:
                    match = screened[i].match(text, start)
                    if match is not None:
                        found[i].append(match)
                        done[i] = max(match.end(), start + 1)

    def starting(self, pattern: re.Pattern[str]) -> dict[int, re.Match[str]] | None:
        """The matches of a pattern tried at every word that may open it, by where they
        start (no other place holds one); ``None`` for a pattern the screen does not try."""
        found = self.everywhere.get(id(pattern))
        return {match.start(): match for match in found} if found is not None else None

    def finditer(self, pattern: re.Pattern[str] | None) -> Iterable[re.Match[str]]:
        if pattern is None:
            return ()
        found = self.found.get(id(pattern))
        return found if found is not None else pattern.finditer(self.text)


def _frame_matches(grammar: _Grammar, scan: _Scan) -> Iterator[_Found]:
    """Every attribution-frame match in the scanned text."""
    text = scan.text
    starts = [cue.start() for cue in scan.finditer(grammar.cues)]
    if grammar.mark_cues is not None:
        starts = sorted(starts + [cue.start() for cue in grammar.mark_cues.finditer(text)])
    for frame in grammar.frames:
        if frame.head is None:
            # where one of all the cues starts, this frame's own cue may start
            own = scan.starting(frame.cues)
            for start in starts:
                cue = own.get(start) if own is not None else frame.cues.match(text, start)
                if cue is not None:
                    found = _look_back(grammar, frame, text, cue)
                    if found is not None:
                        yield found
            continue
        done = 0
        # (a frame whose cue follows its source ends after the last cue the screen found)
        last = (len(text) if frame.cue_after is None
                else max(scan.starting(frame.cue_after), default=-1))
        for head in scan.finditer(frame.head):
            if head.start() >= last:
                break
            if head.start() < done:
                continue
            found = _after_head(grammar, frame, text, head)
            if found is not None and (frame.tail is None
                                      or frame.tail.match(text, found.end) is not None):
                done = max(found.end, head.start() + 1)
                yield found


def _source_after(grammar: _Grammar, frame: _Frame, text: str, at: int
                  ) -> tuple[int, int, re.Match[str] | None] | None:
    """The first kind whose source phrase starts ``at`` and is followed by what the frame
    needs after it, its end and that match: the longest phrase first, then shorter ones."""
    for kind in frame.kinds:
        phrase = grammar.sources[kind].match(text, at)
        if phrase is None:
            continue
        if frame.after is None:
            return kind, phrase.end(), None
        following = frame.after.match(text, phrase.end())
        if following is not None:
            return kind, phrase.end(), following
        ends = [end.start() for end in _WORD_END.finditer(text, at + 1, phrase.end())]
        for end in reversed(ends):
            following = frame.after.match(text, end)
            if following is not None and grammar.sources[kind].fullmatch(text, at, end):
                return kind, end, following
    return None


def _after_head(grammar: _Grammar, frame: _Frame, text: str, head: re.Match[str]
                ) -> _Found | None:
    """The match of a frame that opens with ``head`` (its cue or first word), if any."""
    found = _source_after(grammar, frame, text, head.end())
    if found is None and frame.head_varies:
        # the head's other endings, nearest first
        line_end = text.find("\n", head.start())
        limit = min(head.start() + _HEAD_REACH, len(text) if line_end < 0 else line_end)
        for gap in _GAP.finditer(text, head.start(), limit):
            if gap.end() == head.end():
                continue
            other = frame.head.fullmatch(text, head.start(), gap.end())
            if other is not None:
                found = _source_after(grammar, frame, text, gap.end())
                if found is not None:
                    head = other
                    break
    if found is None:
        return None
    kind, end, following = found
    cue = head if "cue" in head.re.groupindex else following
    return _Found(head.start(), following.end() if following is not None else end,
                  head.end(), end, kind, cue.start("cue"), cue.end("cue"), cue.group("cue"))


def _look_back(grammar: _Grammar, frame: _Frame, text: str, cue: re.Match[str]
               ) -> _Found | None:
    """The match of a frame that opens with its source and ends at ``cue``, if any.

    The cheap conditions (what stands before the cue, the tail after it, a word the window
    needs) are checked first. Then the places where the source may end (where what follows
    it up to the cue begins) are found, and the leftmost source that ends at one of them:
    at each start the first kind, the longest phrase.
    """
    if not text.endswith(frame.before_cue, 0, cue.start()):
        return None
    if frame.tail is not None and frame.tail.match(text, cue.end()) is None:
        return None
    reach = max(text.rfind("\n", 0, cue.start()) + 1, cue.start() - frame.reach)
    if frame.needs is not None and frame.needs.search(text, reach, cue.start()) is None:
        return None
    # (no source phrase ends in a space or a comma: ",? sagte" may begin on either side
    # of the comma, the source only before it)
    ends = [end.start() for end in frame.ends.finditer(text, reach, cue.start())
            if end.start() > reach and text[end.start() - 1] not in _NOT_LAST
            and not text.endswith(grammar.never_last, 0, end.start())]
    if not ends:
        return None
    ends.reverse()
    # the leftmost start, the first kind there, the longest phrase
    if frame.start_first:
        best = _source_from_clause_start(grammar, frame, text, reach, ends)
    else:
        best = _leftmost_source(grammar, frame, text, reach, ends)
    if best is None:
        return None
    start, at, end, kind = best
    return _Found(start, cue.end(), at, end, kind, cue.start(), cue.end(), cue.group())


def _source_from_clause_start(grammar: _Grammar, frame: _Frame, text: str, reach: int,
                              ends: list[int]) -> tuple[int, int, int, int] | None:
    """``(start, source start, source end, kind)`` of the first source that starts at one
    of the frame's clause starts and ends at one of ``ends``."""
    for start in frame.start.finditer(text, reach, ends[0]):
        at = start.end()
        best = next(((start.start(), at, end, kind) for kind in frame.kinds for end in ends
                     if end > at and grammar.sources[kind].fullmatch(text, at, end)), None)
        if best is not None:
            return best
    return None


def _leftmost_source(grammar: _Grammar, frame: _Frame, text: str, reach: int,
                     ends: list[int]) -> tuple[int, int, int, int] | None:
    """``(start, source start, source end, kind)`` of the leftmost source from ``reach``
    that ends at one of ``ends``, with what the frame needs before it; at one start, the
    first kind."""
    best = None
    for kind in frame.kinds:
        # a phrase of a kind with [needs] holds its word: where none is, the kind is not
        # searched for (at the few clause starts above, trying it costs less than this)
        if grammar.needs[kind] is not None and grammar.needs[kind].search(
                text, reach, ends[0]) is None:
            continue
        at = reach
        while (found := _leftmost(grammar.sources[kind], text, at, ends)) is not None:
            # what stands before the source (an optional document, a condition) ends
            # where it starts: its leftmost start, or another start of the source
            before = (frame.start.search(text, reach, found[0])
                      if frame.start is not None else None)
            if (frame.start is None or before is not None) and (
                    frame.start_here is None
                    or frame.start_here.match(text, found[0]) is not None):
                if best is None or found[0] < best[1]:
                    start = before.start() if before is not None else found[0]
                    best = (start, found[0], found[1], kind)
                break
            at = found[0] + 1
    return best


def _leftmost(phrase: re.Pattern[str], text: str, reach: int, ends: list[int]
              ) -> tuple[int, int] | None:
    """The leftmost start from ``reach`` of a ``phrase`` that ends at one of ``ends`` (the
    last first), and that end: the search finds where the phrase starts at all, and a
    start is kept if its first match or another ends there."""
    at = reach
    while True:
        found = phrase.search(text, at, ends[0])
        if found is None:
            return None
        at = found.start()
        if found.end() in ends:
            return at, found.end()
        for end in ends:
            if end > at and phrase.fullmatch(text, at, end):
                return at, end
        at += 1


class _Attribution(NamedTuple):
    """One attribution in a sentence: who (perhaps nobody: "es heißt"), by which cue, and
    where the frame (source and cue) stands."""

    # a phrase of a known kind before a frame's own (``otherwise``), then SPEAKER_PRIORITY,
    # position, and the longer cue ("fügte hinzu" before "fügte"): the sentence's first
    rank: tuple[int, int, int, int]
    speaker: str | None
    kind: str
    speaker_start: int | None
    speaker_end: int | None
    cue: str  # as written
    cue_start: int
    cue_end: int
    frame_start: int
    frame_end: int


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _distinct(found: list[_Attribution]) -> list[_Attribution]:
    """The attributions of a sentence that do not compete for a cue, the better ranked
    first (two frames reading one cue: "Der Minister sagte der Zeitung"; "fügte hinzu" and
    "fügte"), in the order they stand. One source may have several cues ("Weaver, who
    said …")."""
    if len(found) == 1:
        return found
    kept: list[_Attribution] = []
    for item in sorted(found):
        if not any(_overlap(item.cue_start, item.cue_end, other.cue_start, other.cue_end)
                   for other in kept):
            kept.append(item)
    return sorted(kept, key=lambda item: item.frame_start)


# What may stand between a frame and its content, or around the content: spaces, commas,
# colons, dashes, quotation marks, and the complementiser of English reported speech.
_CONTENT_EDGE = " \t\n,:;–—„“”\"»«‘’'()"
_COMPLEMENTISER = re.compile(r"(?:that|dass|daß|ob|whether)\s+", re.IGNORECASE)


def _content(text: str, start: int, end: int, attribution: _Attribution
             ) -> tuple[int, int] | tuple[None, None]:
    """The span of what an attribution in the sentence ``start``–``end`` reports.

    What follows its frame ("Smith said | Jones told him so"; "Es heißt, | er trete
    zurück"), unless the frame is set off after the content ("„Wir sind bereit“, | sagte
    Roth") or nothing follows: then what precedes it. Hearsay inside a clause ("Er soll …
    gewusst haben", "He reportedly resigned") reports the whole sentence. ``(None, None)``
    where no side holds a word.
    """
    if attribution.speaker is None and not _OPENS_CONTENT.match(text, attribution.frame_end):
        return _trimmed(text, start, end) or (None, None)
    after = _trimmed(text, attribution.frame_end, end)
    if after is not None and not _set_off(text, start, attribution):
        at = _COMPLEMENTISER.match(text, after[0])
        return (at.end(), after[1]) if at is not None and at.end() < after[1] else after
    return _trimmed(text, start, attribution.frame_start) or (None, None)


def _set_off(text: str, start: int, attribution: _Attribution) -> bool:
    """Whether a frame opens with its cue right after a comma or a quote that ends what it
    reports ("…, said X"), unless the content follows it after a comma ("Wie CNN
    berichtete, sagte Roth, sie …")."""
    if attribution.cue_start != attribution.frame_start:
        return False
    at = attribution.frame_start
    while at > start and text[at - 1] in " \t":
        at -= 1
    mark = text[at - 1] if at > start else ""
    if mark not in _SET_OFF or _ALNUM.search(text, start, at) is None:
        return False
    return (mark != "," or not text.startswith(",", attribution.frame_end)
            or _RELATIVE.match(text, attribution.frame_end) is not None)


# What ends the content before a frame set off after it ("…“, sagte Roth"; "…, said X").
_SET_OFF = frozenset(",“”\"»«–—")
# A relative clause about the speaker after a frame: "…, said Weaver, who …"
_RELATIVE = re.compile(r",\s+(?:who|which|whose|der|die|das|dem|den|welche[rnms]?)\b")
# How a frame with nobody behind it opens the content after it: "es heißt, …", "it was
# reported that …", "wird behauptet: …".
_OPENS_CONTENT = re.compile(r"\s*(?:[,:]|that\b|dass\b)")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``start``–``end`` without the punctuation and spaces around it, or ``None`` where it
    holds no letter or digit."""
    segment = text[start:end]
    inner = segment.lstrip(_CONTENT_EDGE)
    start += len(segment) - len(inner)
    end -= len(inner) - len(inner.rstrip(_CONTENT_END))
    if start < end and (text[start].isalnum() or _ALNUM.search(text, start, end) is not None):
        return start, end
    return None


_CONTENT_END = _CONTENT_EDGE + ".!?"
_ALNUM = re.compile(r"[^\W_]")


def _inherit_attributions(found: dict[int, list[_Attribution]], sentences: list[Sentence],
                          in_sentence: _Spans, quotes: list[tuple[int, int]],
                          subjunctive: dict[int, list[str]]) -> dict[int, _Attribution]:
    """The attribution that each unattributed sentence continues (see the module doc): the
    best-ranked speaker of the sentence it continues."""
    best = {}
    for i, items in found.items():
        named = [item for item in items if item.speaker is not None]
        if named:
            best[i] = min(named)
    inherited: dict[int, _Attribution] = {}
    for start, end in quotes:
        first, last = in_sentence.index(start), in_sentence.index(max(start, end - 1))
        if first is None or last is None or first == last:
            continue
        source = next((best[i] for i in (last, first) if i in best), None)
        if source is not None:
            for i in range(first, last + 1):
                if i not in found:
                    inherited.setdefault(i, source)
    for i in range(1, len(sentences)):
        previous = best.get(i - 1) or inherited.get(i - 1)
        if previous is None or i in found or i in inherited or sentences[i].is_boilerplate:
            continue
        if i in subjunctive or (sentences[i].in_quote and previous.kind == "person"):
            inherited[i] = previous
    return inherited


# A row of the table with its columns in order, as a sentence without an attribution, hedges
# or negation has them (the lists are new in each row).
_ROW = {"sent_id": None, "start": None, "end": None, "text": None, "speaker": None,
        "speaker_kind": "none", "speaker_start": None, "speaker_end": None, "cue": None,
        "cue_start": None, "cue_end": None, "content_start": None, "content_end": None,
        "in_quote": False, "hedges": None, "weasels": None,
        "polarity": "positive", "event_earliest": None, "event_latest": None,
        "date_basis": "none", "timex_ids": None, "entity_ids": None, "numbers": None}


def _attributions(grammar: _Grammar, scan: _Scan, in_sentence: _Spans, in_quote: _Spans,
                  hedges: dict[int, list[re.Match[str]]],
                  pointing_back: dict[int, list[re.Match[str]]]
                  ) -> dict[int, list[_Attribution]]:
    """The attributions of each sentence (by index), sources in direct quotes left out: the
    frames with a source, and agentless frames ("es heißt", "it was reported") where no
    frame with a source reads their words."""
    text = scan.text
    found: dict[int, list[_Attribution]] = {}
    for match in _frame_matches(grammar, scan):
        start, end = match.source_start, match.source_end
        where = in_sentence.index(start)
        if where is None or in_quote.index(start) is not None:
            continue
        kind = grammar.kinds[match.kind]
        rank = (match.kind >= grammar.known, SPEAKER_PRIORITY.index(kind), start,
                match.cue_start - match.cue_end)
        found.setdefault(where, []).append(_Attribution(
            rank, text[start:end], kind, start, end,
            match.cue, match.cue_start, match.cue_end,
            min(match.start, start, match.cue_start), max(match.end, end, match.cue_end)))
    agentless = grammar.agentless
    # (matched again from its start, not cut at its end: a look-ahead sees what follows)
    hearsay = [(where, match) for where, matches in hedges.items() for match in matches
               if agentless is not None
               and (again := agentless.match(text, match.start())) is not None
               and again.end() == match.end()]
    for where, match in hearsay:
        # (looked for only where there is hearsay: "den", "nach" open most of its words)
        if where not in pointing_back and grammar.points_back is not None:
            sentence = in_sentence.spans[where]
            back = grammar.points_back.search(text, *sentence)
            if back is not None:
                pointing_back[where] = [back]
        if where in pointing_back:
            continue
        if any(_overlap(match.start(), match.end(), item.frame_start, item.frame_end)
               for item in found.get(where, ())):
            continue
        found.setdefault(where, []).append(_Attribution(
            (True, len(SPEAKER_PRIORITY), match.start(), 0), None, "none", None, None,
            _hedge_cue(grammar, match), match.start(), match.end(), match.start(),
            match.end()))
    return {where: _distinct(items) for where, items in found.items()}


def _in_sentences(pattern: re.Pattern[str] | None, scan: _Scan, in_sentence: _Spans,
                  in_quote: _Spans | None = None) -> dict[int, list[re.Match[str]]]:
    """The matches of ``pattern`` by sentence index (outside direct quotes, if given)."""
    found: dict[int, list[re.Match[str]]] = {}
    for match in scan.finditer(pattern):
        where = in_sentence.index(match.start())
        if where is not None and (in_quote is None or in_quote.index(match.start()) is None):
            found.setdefault(where, []).append(match)
    return found


def _hedge_cue(grammar: _Grammar, match: re.Match[str]) -> str:
    """A hedge as reported: a construction by its cue ("soll … haben"), a word as written."""
    return next((cue for pattern, cue in grammar.constructions
                 if pattern.fullmatch(match.string, match.start(), match.end())),
                None) or _lower_first(match.group())


def extract_assertions(text: str, language: str, sentences: list[Sentence],
                       quotes: list[tuple[int, int]]) -> list[dict]:
    """One row per attribution, and one for each sentence that is not boilerplate and has
    none: its speaker, cue, content span, hedges and polarity.

    ``speaker``/``cue`` (with their offsets into ``text``) come from the attribution frames
    of the language's resource; a sentence with two attributions ("Smith said Jones told
    him") gives two rows, each with the span of what it reports (``content_start``,
    ``content_end``). An agentless frame ("es heißt", "it was reported") is a row with a
    cue and no speaker. Sources and hedges inside a direct quote belong to the quoted
    speaker and are left out (negation is not: a quoted denial is still one). A hedge that
    is an attribution's own cue with a source ("aus dem Ministerium hieß es") is not a
    hedge of its sentence. ``timex_ids``, ``entity_ids`` and the event dates are left empty
    for the table builder to fill.
    """
    grammar = _grammar(language if language in resources.LANGUAGES else "de")
    in_sentence = _Spans([(s.start, s.end) for s in sentences])
    in_quote = _Spans(quotes)
    scan = _Scan(grammar, text)
    hedges = _in_sentences(grammar.hedges, scan, in_sentence, in_quote)
    pointing_back: dict[int, list[re.Match[str]]] = {}  # filled where there is hearsay
    found = _attributions(grammar, scan, in_sentence, in_quote, hedges, pointing_back)
    vague = _in_sentences(grammar.vague, scan, in_sentence, in_quote)
    # a sentence in Konjunktiv I, or one that points back, continues the attribution before
    continuing = {**_in_sentences(grammar.subjunctive, scan, in_sentence, in_quote),
                  **pointing_back}
    _carry_sources_on(found, continuing, text, sentences)
    inherited = _inherit_attributions(found, sentences, in_sentence, quotes, continuing)
    negative = {in_sentence.index(match.start()) for match in scan.finditer(grammar.negation)}
    figures: dict[int, list[str]] = {}
    for match in scan.finditer(_NUMBER):
        figures.setdefault(in_sentence.index(match.start()), []).append(match.group())

    # (the lists of each sentence built once, from the few sentences that have any)
    own_hedges = {i: _own_hedges(grammar, matches, found.get(i, ()),
                                 _conditional(grammar, text, sentences[i].start))
                  for i, matches in hedges.items()}
    weasels = {i: [_lower_first(match.group()) for match in matches]
               for i, matches in vague.items()}
    rows = []
    for i, sentence in enumerate(sentences):
        if sentence.is_boilerplate:
            continue
        start, end = sentence.start, sentence.end
        # (a copy of the template, filled in, is built in half the time of a new dict)
        row = _ROW.copy()
        row["sent_id"], row["start"], row["end"] = sentence.sent_id, start, end
        row["text"] = text[start:end]
        row["in_quote"] = sentence.in_quote
        row["hedges"] = own_hedges.get(i) or []
        row["weasels"] = weasels.get(i) or []
        if i in negative:
            row["polarity"] = "negative"
        row["timex_ids"], row["entity_ids"] = [], []
        row["numbers"] = figures.get(i) or []
        attributions = found.get(i)
        if attributions is None:
            if i in inherited:
                _fill(row, inherited[i], (start, end))
            rows.append(row)
            continue
        for number, attribution in enumerate(attributions):
            each = row if number == 0 else {**row, "hedges": list(row["hedges"]),
                                             "weasels": list(row["weasels"]),
                                             "timex_ids": [], "entity_ids": [],
                                             "numbers": list(row["numbers"])}
            _fill(each, attribution, _content(text, start, end, attribution))
            rows.append(each)
    return rows


def _carry_sources_on(found: dict[int, list[_Attribution]], continuing: dict, text: str,
                      sentences: list[Sentence]) -> None:
    """Hearsay right after a sentence that names its source, in the same paragraph, carries
    that source on ("Laut Polizei wurde ein Mann festgenommen. Er soll …"): its sentence
    loses its speakerless rows and continues the one before."""
    for i in [i for i, items in found.items() if all(a.speaker is None for a in items)]:
        if any(a.speaker is not None for a in found.get(i - 1, ())) and "\n" not in text[
                sentences[i - 1].end:sentences[i].start]:
            del found[i]
            continuing[i] = []


def _own_hedges(grammar: _Grammar, matches: list[re.Match[str]],
                attributions: Iterable[_Attribution], conditional: bool) -> list[str]:
    """The hedges of a sentence as reported, without one that is the cue of an attribution
    with a source ("aus dem Ministerium hieß es" names its source; "es heißt" alone does
    not), nor, in a sentence that opens with a condition, a modal of what would follow."""
    sourced = [(a.cue_start, a.cue_end) for a in attributions if a.speaker is not None]
    return [_hedge_cue(grammar, match) for match in matches
            if not any(start <= match.start() < end for start, end in sourced)
            and not (conditional and match.group().lower() in grammar.conditional_modals)]


def _conditional(grammar: _Grammar, text: str, start: int) -> bool:
    """Whether the sentence starting at ``start`` opens with a condition ("Sollte …,")."""
    return (grammar.conditional is not None
            and grammar.conditional.match(text, start) is not None)


def _fill(row: dict, attribution: _Attribution, content: tuple) -> None:
    row["speaker"], row["speaker_kind"] = attribution.speaker, attribution.kind
    row["speaker_start"], row["speaker_end"] = attribution.speaker_start, attribution.speaker_end
    row["cue"], row["cue_start"], row["cue_end"] = (_lower_first(attribution.cue),
                                                    attribution.cue_start,
                                                    attribution.cue_end)
    row["content_start"], row["content_end"] = content
