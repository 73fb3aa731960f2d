"""The attribution grammar of a language, compiled once from its resource.

The source phrases (person, organisation, media, anonymous) are compiled once per language,
not inlined in every frame: a frame is matched as its head or look-back context, the source
phrase, and what follows it, joined by offsets (see :class:`Frame`). Every pattern whose
matches open with a listed word is registered with the screen (see
:mod:`audit.normalise.attribution.scan`), which finds in one pass where such a word starts.
Only the screen is compiled with the grammar; every other pattern (the word lists, the
frames' heads, cues and the parts past them, the source phrases) is compiled the first time
it is matched (:class:`LazyPattern`, :class:`SourcePhrases`), as a short text needs few of
them: one German article tries about half of the frames' heads, and no hearsay pattern
where it has no hearsay.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import NamedTuple

from audit import resources, stored
from audit.normalise.attribution.patterns import (
    PUNCTUATION,
    REFERENCE,
    Compiler,
    alternatives,
    branches,
    cue_entries,
    first_characters,
    group_end,
    holds,
    initial_letter,
    leading_checks,
    named_entries,
    opens_with_letter,
)
from audit.tables import SPEAKER_KINDS

# How far before its cue a source phrase may start ("mehrere mit der Angelegenheit
# vertraute Quellen zufolge" is 55 characters); a frame may set its own ``reach``.
_REACH = 160
# The first digit before its boundary check, so that the engine skips ahead to digits.
NUMBER = re.compile(r"\d(?<![\w.,-]\d)\d*(?:[.,:]\d+)*(?!\w)")


class Frame(NamedTuple):
    """A compiled attribution frame: what stands before its source, the source, what follows.

    The source phrase itself is matched by the grammar's pattern for each speaker kind,
    compiled once for all frames. A frame that opens with its cue or a word (``head``) is
    tried where the screen finds that word, and its source must start where the head ends.
    A frame that opens with its source ends with its cue (``cues``): from each cue it looks
    back, in a short reach, for where ``after`` may begin, and for the leftmost source that
    ends there.
    """

    kinds: tuple[int, ...]  # the speaker kinds it accepts, as indices into Grammar.kinds
    head: re.Pattern[str] | None  # the cue or word that opens it, up to the source
    head_varies: bool  # the head has an optional or lazy part, so may end elsewhere too
    after: LazyPattern | None  # what must follow the source, after a head
    cues: re.Pattern[str] | None  # looking back: its cue
    ends: LazyPattern | None  # looking back: where the source may end, before the cue
    start: LazyPattern | None  # looking back: what stands before the source
    start_first: bool  # ``start`` is a condition (a clause start): candidates come from it
    # otherwise ``start`` is looked for back from the source; what must hold where the
    # source starts, in either case (a look-ahead there sees the source: "(?!He\s){source}")
    start_here: LazyPattern | None
    tail: LazyPattern | None = None  # what must follow the match: a verb particle
    reach: int = 0  # how far before its cue the source may start (0: the default)
    before_cue: str = ""  # what must stand right before the cue
    needs: LazyPattern | None = None  # what must occur between reach and cue
    # after a head: its cue alone, where every match holds it after the source; the screen
    # tries it at every word, and a head after the last one found is not tried
    cue_after: re.Pattern[str] | None = None
    # ``nested = false``: a match inside what another attribution of its sentence reports is
    # part of that content, not an attribution of its own ("said they want …")
    nested: bool = True
    # looking back, where every kind it accepts holds a [needs] word: one of those words,
    # which must occur between reach and cue (a cheap search, made before ``needs``)
    kinds_need: LazyPattern | None = None


class LazyPattern:
    """A pattern compiled the first time it is matched: a short text needs few of the
    grammar's patterns (the parts of a frame past its head or cue only where that is found).
    Once compiled, its ``match``, ``fullmatch``, ``search`` and ``finditer`` are the
    compiled pattern's own."""

    __slots__ = ("pattern", "flags", "compiled", "match", "fullmatch", "search", "finditer")
    _METHODS = ("match", "fullmatch", "search", "finditer")

    def __init__(self, pattern: str, flags: int = re.MULTILINE) -> None:
        self.pattern = pattern
        self.flags = flags
        self.compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Callable:
        # (reached only while the methods' slots are empty: before the first match)
        if name not in self._METHODS:
            raise AttributeError(name)
        return getattr(self.compile(), name)

    def compile(self) -> re.Pattern[str]:
        """The compiled pattern, compiled now if it was not yet."""
        if self.compiled is None:
            self.compiled = re.compile(self.pattern, self.flags)
            for method in self._METHODS:
                setattr(self, method, getattr(self.compiled, method))
        return self.compiled


@cache
def _lazy(source: str) -> LazyPattern:
    """The pattern of ``source`` (multi-line), compiled when first matched; one object for
    one source, so that a cue list two frames share is tried once by the screen."""
    return LazyPattern(source)


class SourcePhrases(dict):
    """The compiled source phrase of each speaker kind, by its index into ``Grammar.kinds``,
    compiled the first time it is asked for: a short text tries few kinds (one German
    article, 5 of 15), and the phrases of the frames' own kinds (``otherwise``) are most of
    the compile time of a grammar. Once compiled, a phrase is looked up as from a dict."""

    def __init__(self, sources: list[str]) -> None:
        super().__init__()
        self.sources = sources

    def __missing__(self, kind: int) -> re.Pattern[str]:
        compiled = self[kind] = re.compile(self.sources[kind], re.MULTILINE)
        return compiled

    def compile(self) -> None:
        """Compile every kind's phrase now, those not yet asked for."""
        for kind in range(len(self.sources)):
            if kind not in self:
                self.__missing__(kind)


class Grammar(NamedTuple):
    frames: tuple[Frame, ...]
    kinds: tuple[str, ...]  # the speaker kind of each source phrase
    known: int  # how many of them are the [source] kinds (the rest: frames' own phrases)
    sources: SourcePhrases  # each kind's source phrase, where it starts, by kind index
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
    # frames with nobody behind them that are no hearsay: "Die Anwohner wurden aufgefordert",
    # "Residents were urged to" (a row with a cue and no speaker, not a hedge)
    # a sentence that opens with a condition, and the modals that are no hedge there
    conditional: re.Pattern[str] | None
    conditional_modals: frozenset[str]
    cues: re.Pattern[str] | None  # every cue of the frames that open with their source
    mark_cues: re.Pattern[str] | None  # … those that are a punctuation mark (":")
    # Where a word or number starts that may open a match of the ``screened`` patterns (one
    # pass over the text, with a space before it for a word at its start), and for the screen's
    # groups there (the letters or digit it found, as written, and whether the word ends
    # after them) the indices of those to try: a frame's head is kept wherever it matches
    # (``every``, the first tuple), the others as ``finditer`` finds them (the second).
    screen: re.Pattern[str]
    screened: tuple[re.Pattern[str], ...]
    every: tuple[bool, ...]
    dispatch: dict[tuple[str, str | None], tuple[tuple[int, ...], tuple[int, ...]]]
    framed: re.Pattern[str] | None = None
    # every pattern above that is compiled when first matched (see _compile_before_fork)
    lazy: tuple[LazyPattern, ...] = ()


# What a frame's head does not fix: an optional or lazy part, so that it may end elsewhere
# (a repeat "{0,3}", not a list named after a look-behind: "(?<=,\s){cue}").
_VARIES = re.compile(r"[)\]](?:[?*+]|\{[\d,])")
# A character that no word holds ([^\w-]), written so that the engine skips ahead to it
# cheaply: a class without ASCII or Latin-1 letters, digits, "_" and "-" is a table it looks
# each character up in, where [^\w-] asks for each character's Unicode category (about 10%
# of the screen's time); a look-behind rules out the other letters (see compiled_grammar).
_NOT_IN_WORD = r"[^a-zA-Z0-9_\xaa\xb5\xba\xc0-\xd6\xd8-\xf6\xf8-\xff-]"


def _compile_frame(compiler: Compiler, frame: dict, kinds: tuple[str, ...],
                   otherwise: tuple[int, ...] = ()) -> Frame:
    cue = compiler.word_list(cue_entries(compiler, frame), inner=True)  # matched in place
    raw: str = frame["pattern"]
    if raw.count("{source}") != 1:
        raise ValueError(f"{compiler.origin}: a frame names its source once: {raw!r}")
    parts = {"cue": f"(?P<cue>{cue})"}
    before, _, after = raw.partition("{source}")
    # (``kinds = []``: only the frame's own phrases)
    accepted = tuple(i for i, kind in enumerate(kinds)
                     if "kinds" not in frame or kind in frame["kinds"]) + otherwise
    tail = LazyPattern(compiler.expand(frame["tail"])) if frame.get("tail") else None
    if opens_with_letter(raw) or "{cue}" in before:
        following = LazyPattern(compiler.expand(after, parts)) if after else None
        if opens_with_letter(raw):
            # A frame that opens with a word ("wie {source} …") starts at a word boundary
            # and, like a [words] entry, is capitalised at the start of a sentence.
            first = initial_letter(raw[0])
            if raw[0].islower():
                first = f"(?:{first}|{initial_letter(raw[0].upper(), at_start=True)})"
            head = first + compiler.expand(before[1:], parts)
        else:
            head = compiler.expand(before, parts)
        cue_after = None
        if holds(after, "{cue}") and all(map(opens_with_letter, cue_entries(compiler, frame))):
            cue_after = _lazy(cue)
        return Frame(accepted, _lazy(head), bool(_VARIES.search(before)),
                     following, None, None, None, False, None, tail, cue_after=cue_after,
                     nested=frame.get("nested", True))
    if not raw.endswith("{cue}"):
        raise ValueError(f"{compiler.origin}: a frame that opens with its source must end "
                         f"with its cue: {raw!r}")
    # A clause or sentence start is a condition where the source starts: the candidate
    # starts are found with it. Anything else before the source (an optional document) is
    # looked for back from where the source starts.
    # Look-arounds that open it are conditions where the source starts ("(?<!what\s)"), in
    # either case; the rest may stand before the source.
    checks, before = leading_checks(before)
    condition = bool(before) and REFERENCE.fullmatch(before) is not None
    start = start_here = None
    if checks:
        start_here = LazyPattern(compiler.expand(checks, parts))
    if before:
        start = LazyPattern(rf"(?<![\w-])(?:{compiler.expand(before, parts)})"
                            + (r"(?=[^\W_])" if condition else r"\Z"))
    # what stands between the source and the cue, which the cue found starts right after
    # (so that a look-ahead of the cue sees past it)
    between = compiler.expand(after[:-len("{cue}")], parts)
    # (where it opens with one of a few characters, the engine skips ahead to them: each
    # match is that character, and the rest is tested from it, looking back)
    first = first_characters(after[:-len("{cue}")], compiler)
    ends = (rf"(?=(?:{between})\Z)" if first is None
            else rf"[{first}](?<=(?=(?:{between})\Z)[\s\S])")
    return Frame(accepted, None, False, None, _lazy(cue), LazyPattern(ends),
                 start, condition, start_here, tail, frame.get("reach", _REACH),
                 # a frame whose cue follows a comma ("Pifer, a former ambassador, said")
                 # need only look back from cues that follow one
                 ", " if raw.endswith(", {cue}") else "",
                 LazyPattern(_needed(compiler, frame["needs"]), 0) if frame.get("needs") else None,
                 nested=frame.get("nested", True))


@cache
def compiled_grammar(language: str) -> Grammar:
    """The attribution grammar of ``language``, built from its ``attribution.toml``.

    What is built (the patterns' sources and the tables that read their matches) is kept
    on disk for the next process (:mod:`audit.stored`), keyed by the
    resource, this code and the Python version: building it is string work, the same in
    every process (German: 0.08 CPU-s of a fresh process, read back in 0.005). The regex
    engine still compiles the patterns, the screen here and the others when first matched.
    """
    table = resources.load(language, "attribution")
    modules = (Path(__file__), Path(__file__).with_name("patterns.py"))
    key = stored.key_of([sys.version, json.dumps(table, sort_keys=True, default=str),
                         *(module.read_bytes() for module in modules)])
    grammar = _from_source(stored.built(f"attribution-{language}", key,
                                        lambda: _to_source(_built_grammar(language, table))))
    _UNCOMPILED.append(grammar)
    return grammar


#: The grammars built in this process whose patterns are not all compiled: they are before
#: it forks.
_UNCOMPILED: list[Grammar] = []


def _compile_before_fork() -> None:
    """Compile every pattern of the grammars built in this process before it forks, so that
    the worker processes of an audit start with them. Otherwise each worker compiles again,
    in its first partition, what the first article (normalised before the fork) did not
    need: on 10kGNAD x1, 68 patterns, 0.07 CPU-s a worker; compiled here, once, the rest of
    the German grammar costs the forking process about 0.05. A run that forks no worker
    (a few articles) compiles only what it matches. A process with other threads forks as
    before (a Dask nanny forking a worker from its event loop, which compiling would hold
    up; see audit.engine.rules)."""
    import threading

    if threading.active_count() > 1:
        return
    while _UNCOMPILED:
        grammar = _UNCOMPILED.pop()
        for pattern in grammar.lazy:
            pattern.compile()
        grammar.sources.compile()


os.register_at_fork(before=_compile_before_fork)


def _built_grammar(language: str, table: dict) -> Grammar:
    """The grammar of ``language`` built from its resource ``table``."""
    compiler = Compiler(table, f"resources/{language}/attribution.toml")
    kinds = tuple(table.get("source", {}))
    phrases, speakers, own = _source_phrases(compiler, table, kinds)
    raw_frames = table.get("frame", [])
    frames = [_compile_frame(compiler, frame, kinds, extra)
              for frame, extra in zip(raw_frames, own, strict=True)]
    # Each kind's source phrase is compiled once, not inlined in every frame: it is most
    # of a frame's pattern.
    sources = SourcePhrases([rf"(?<![\w-])(?:{compiler.expand(phrase)})" for phrase in phrases])
    cue_words, all_cues, mark_cues = _frame_cues(compiler, raw_frames, frames)
    lists = _word_lists(compiler, table)
    # Each pattern whose every match opens with a word of a list is tried only where the
    # screen found one of those words, instead of scanning the text itself.
    openings = [(frame.head, _openings(compiler, raw), True)
                for frame, raw in zip(frames, raw_frames, strict=True) if frame.head is not None]
    openings += [(all_cues, cue_words, False)] + [
        (lists[name][1], lists[name][0], False)
        for name in ("hedges", "negation", "vague", "subjunctive")]
    # (frames with nobody behind them may open with a group of words, a word list or a
    # look-behind: the words they open with are worked out for the screen)
    openings.append((lists["framed"][1], _opening_words(compiler, lists["framed"][0]), False))
    # … and a frame's own cue, where it looks back from it or where it gates the heads (see
    # _frame_matches), tried at every word that may open it
    openings += [(frame.cues if frame.head is None else frame.cue_after,
                  cue_entries(compiler, raw), True)
                 for frame, raw in zip(frames, raw_frames, strict=True)
                 if frame.head is None or frame.cue_after]
    screened, dispatch, words = _screened(openings)
    # a character that no word holds, then the word: the engine skips ahead to such
    # characters (spaces, punctuation) and looks at the letters only there; the look-behind
    # that rules out other letters follows the word, so that it is tested only where one
    # opens
    screen = re.compile(rf"{_NOT_IN_WORD}(?={words})(?<![\w-])", re.MULTILINE)
    never_last = tuple(table.get("phrase", {}).get("never_ends_with", []))
    needed = table.get("needs", {})
    needs = tuple(LazyPattern(_needed(compiler, needed[kind]))
                  if i < len(kinds) and kind in needed else None
                  for i, kind in enumerate(speakers))
    frames = [_kinds_need(frame, needs) for frame in frames]
    return Grammar(tuple(frames), tuple(speakers), len(kinds), sources, never_last, needs,
                   lists["hedges"][1], lists["constructions"], lists["negation"][1],
                   lists["vague"][1], lists["subjunctive"][1], lists["agentless"][1],
                   lists["points_back"][1], _opening(table), frozenset(
                       table.get("hedges", {}).get("conditional_modals", [])),
                   all_cues, mark_cues, screen,
                   tuple(pattern for pattern, _, _ in screened),
                   tuple(every for _, _, every in screened), dispatch,
                   framed=lists["framed"][1])


# The fields of a frame and of a grammar that hold a pattern (or ``None``), written to the
# store as the index of its source and flags in one list: a pattern two fields share (a cue
# list that is also screened) is one object again when read back, as the screen's matches
# are kept by the pattern's identity (see audit.normalise.attribution.scan).
_FRAME_PATTERNS = frozenset({"head", "after", "cues", "ends", "start", "start_here", "tail",
                             "needs", "cue_after", "kinds_need"})
_GRAMMAR_PATTERNS = frozenset({"hedges", "negation", "vague", "subjunctive", "agentless",
                               "points_back", "conditional", "cues", "mark_cues", "framed"})
# (the module's own NUMBER, which the screen also finds, is no pattern of the list)
_NUMBER_INDEX = -1


def _to_source(grammar: Grammar) -> dict:
    """``grammar`` as JSON values (see :func:`_from_source`)."""
    patterns: list[list] = []
    index: dict[int, int] = {}

    def ref(pattern: LazyPattern | re.Pattern[str] | None) -> int | None:
        if pattern is None:
            return None
        if pattern is NUMBER:
            return _NUMBER_INDEX
        if id(pattern) not in index:
            index[id(pattern)] = len(patterns)
            patterns.append([pattern.pattern, pattern.flags])
        return index[id(pattern)]

    return {
        "patterns": patterns,
        "frames": [[ref(value) if name in _FRAME_PATTERNS else value
                    for name, value in zip(Frame._fields, frame, strict=True)]
                   for frame in grammar.frames],
        "patterned": {name: ref(getattr(grammar, name)) for name in _GRAMMAR_PATTERNS},
        "kinds": grammar.kinds, "known": grammar.known, "sources": grammar.sources.sources,
        "never_last": grammar.never_last, "needs": [ref(need) for need in grammar.needs],
        "constructions": [[ref(pattern), cue] for pattern, cue in grammar.constructions],
        "conditional_modals": sorted(grammar.conditional_modals),
        "screen": [grammar.screen.pattern, grammar.screen.flags],
        "screened": [ref(pattern) for pattern in grammar.screened], "every": grammar.every,
        "dispatch": [[letters, end, every, once]
                     for (letters, end), (every, once) in grammar.dispatch.items()],
    }


def _from_source(source: dict) -> Grammar:
    """The grammar written as JSON values by :func:`_to_source`: its patterns compiled when
    first matched, as built (the screen now)."""
    patterns = [LazyPattern(pattern, flags) for pattern, flags in source["patterns"]]

    def pattern(at: int | None) -> LazyPattern | re.Pattern[str] | None:
        return None if at is None else NUMBER if at == _NUMBER_INDEX else patterns[at]

    frames = tuple(Frame(*(pattern(value) if name in _FRAME_PATTERNS
                           else tuple(value) if name == "kinds" else value
                           for name, value in zip(Frame._fields, values, strict=True)))
                   for values in source["frames"])
    return Grammar(
        frames, tuple(source["kinds"]), source["known"], SourcePhrases(source["sources"]),
        tuple(source["never_last"]), tuple(map(pattern, source["needs"])),
        constructions=tuple((pattern(at), cue) for at, cue in source["constructions"]),
        conditional_modals=frozenset(source["conditional_modals"]),
        screen=re.compile(*source["screen"]),
        screened=tuple(map(pattern, source["screened"])), every=tuple(source["every"]),
        dispatch={(letters, end): (tuple(every), tuple(once))
                  for letters, end, every, once in source["dispatch"]},
        lazy=tuple(patterns), **{name: pattern(at) for name, at in source["patterned"].items()})


def _kinds_need(frame: Frame, needs: tuple[LazyPattern | None, ...]) -> Frame:
    """``frame`` with the words one of which its source holds (``kinds_need``), where it
    looks back and every kind it accepts has a [needs] word ("Kritiker bemängeln": only
    the anonymous kind): where none of them stands before a cue, it is not looked back
    from."""
    if frame.cues is None or not frame.kinds or any(needs[kind] is None for kind in frame.kinds):
        return frame
    words = "|".join(f"(?:{needs[kind].pattern})" for kind in dict.fromkeys(frame.kinds))
    return frame._replace(kinds_need=LazyPattern(words))


def _needed(compiler: Compiler, raw: str) -> str:
    """What a stretch of text must hold ([needs] of a kind, ``needs`` of a frame), written
    to be searched for (it is never matched in place, and only whether it is found counts):
    [words] lists by name as one list, letter first; anything else behind the characters it
    opens with, which the engine skips ahead to."""
    parts = alternatives(raw)
    listed = named_entries(compiler, parts)
    if listed != parts and all(map(opens_with_letter, listed)):
        return compiler.word_list(listed)
    first = first_characters(raw, compiler)
    if first is None:
        return compiler.expand(raw)
    # (each match is that character; the rest is looked for from it, looking back)
    return rf"[{first}](?<=(?=(?:{compiler.expand(raw)}))[\s\S])"


def _opening(table: dict) -> re.Pattern[str] | None:
    """What a sentence that opens with a condition opens with (after any quote or space)."""
    words = table.get("hedges", {}).get("conditional", [])
    if not words:
        return None
    listed = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words)
    return LazyPattern(rf"[\s„“\"»«(]*(?:{listed})\b", 0)


def _source_phrases(compiler: Compiler, table: dict, kinds: tuple[str, ...]
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


def _frame_cues(compiler: Compiler, raw_frames: list[dict], frames: list[Frame]
                ) -> tuple[list[str], re.Pattern[str] | None, re.Pattern[str] | None]:
    """The cue words of the frames that open with their source, found in one pass over the
    text, and their pattern; the cues that are a punctuation mark (":") apart, so that the
    words are screened."""
    if not any(frame.cues is not None for frame in frames):
        return [], None, None
    # (a word list two frames share is written once)
    entries = list(dict.fromkeys(entry for frame in raw_frames
                                 for entry in cue_entries(compiler, frame)))
    marks = [entry for entry in entries if PUNCTUATION.match(entry)]
    words = [entry for entry in entries if not PUNCTUATION.match(entry)]
    return (words, _compiled(compiler, words),
            _lazy(compiler.word_list(marks)) if marks else None)


def _compiled(compiler: Compiler, entries: list[str]) -> re.Pattern[str] | None:
    return _lazy(_listed(compiler, entries)) if entries else None


def _word_lists(compiler: Compiler, table: dict) -> dict:
    """The word lists besides the frames, each as ``(entries, pattern)``: hedges, negation,
    vague quantities, Konjunktiv I, agentless hearsay, what points back to a source and the
    frames with nobody behind them that are no hearsay (``framed``); and the hedge
    constructions with their cues (``constructions``)."""
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
             "subjunctive": named_entries(compiler, table.get("reported_speech", {}).get(
                      "subjunctive", [])),
             "points_back": table.get("agentless", {}).get("points_back", []),
             "framed": table.get("agentless", {}).get("framed", [])}
    found: dict = {name: (entries, _compiled(compiler, entries))
                   for name, entries in lists.items()}
    found["constructions"] = tuple(
        (LazyPattern(compiler.word_list([c["pattern"]], inner=True)), c["cue"])
        for c in constructions)
    return found


def _screened(openings: list[tuple]) -> tuple[list[tuple], dict, str]:
    """The patterns the screen tries (``(pattern, words, every)``, each once), the
    dispatch from the screen's groups to their indices (see :class:`Grammar`) and the
    screen's pattern of first letters."""
    # (a pattern listed twice, such as the cue two frames share, is tried once)
    screened = list({(id(pattern), every): (pattern, words, every)
                     for pattern, words, every in openings if pattern is not None and words
                     and all(map(opens_with_letter, words))}.values())
    # Numbers start after a character no word holds, as words do: the screen finds their
    # digits too, instead of a pass of their own over the text.
    screened.append((NUMBER, [], False))
    prefixes = [{prefix for word in words for prefix in _prefixes(word)}
                for _, words, _ in screened]
    letters = {prefix.rstrip("$") for found in prefixes for prefix in found}
    return (screened, _dispatch(screened, prefixes, letters),
            _screen({prefix for found in prefixes for prefix in found}))


def _dispatch(screened: list[tuple], prefixes: list[set[str]], letters: set[str]) -> dict:
    """For the screen's groups (the letters found, whether the word ends there), the
    indices of the screened patterns to try, those tried everywhere first."""
    # a pattern is tried where the letters found open with one of its prefixes, or (where
    # the word ends there) are one of its whole words: looked up by each of the key's
    # beginnings, not by testing every prefix of every pattern against every key
    holding: dict[str, set[int]] = {}
    for i, found in enumerate(prefixes):
        for prefix in found:
            holding.setdefault(prefix, set()).add(i)
    tried = {}
    for key in letters:
        opening = set().union(*(holding.get(key[:n], ()) for n in range(len(key) + 1)))
        # (before a space in the key a word ends: its whole-word patterns are tried too)
        opening.update(*(holding.get(key[:n] + "$", ()) for n in range(len(key))
                         if key[n] == " "))
        tried[key, False] = sorted(opening)
        tried[key, True] = sorted(opening | holding.get(key + "$", set()))
    # by the screen's groups: the first letter in either case, "" where the word ends; a
    # digit opens a number
    dispatch = {(case + key[1:], "" if ends else None): (
        tuple(i for i in tried[key, ends] if screened[i][2]),
        tuple(i for i in tried[key, ends] if not screened[i][2]))
        for key, ends in tried for case in dict.fromkeys(key[0] + key[0].upper())
        if (case + key[1:]).lower() == key}
    # (a digit other than 0-9 is looked up as 0: see audit.normalise.attribution.scan.Scan)
    dispatch.update({(digit, end): ((), (len(screened) - 1,))
                     for digit in "0123456789" for end in ("", None)})
    return dispatch


def _listed(compiler: Compiler, entries: list[str]) -> str:
    """A top-level word list: written short where the screen finds its words (it is only
    matched in place), letter first where it must scan the text itself."""
    return compiler.word_list(entries, inner=all(map(opens_with_letter, entries)))


def _screen(prefixes: set[str]) -> str:
    """The letters that open an entry of a screened pattern (``prefixes``, a whole word's
    ending in ``$``: see :func:`_prefixes`), the first in
    either case (as the group ``letters``), or a digit (where a number starts), and whether
    the word ends after them (the group ``end``). The patterns themselves are matched where
    the screen found such a word, so it need only let all their matches through.

    The prefixes are written as a tree of their letters ("s(?:agt(?:e(?:n)?)?|o(?:ll)?)"):
    where a word opens with none of them, the engine fails after a letter or two instead of
    trying every prefix with that first letter; a greedy optional group finds the longest
    prefix the word opens with, as the longest-first alternation it replaces did. A prefix
    that is only ever a whole word (``sei$``: no pattern opens with a longer word that
    begins so) ends the letters only where the word ends, so that the
    screen does not stop at "seit" or "seine", where no pattern would be tried.
    """
    tree: dict = {}
    for prefix in prefixes:
        word = prefix.rstrip("$")
        node = tree
        for letter in word:
            node = node.setdefault(letter, {})
        # a prefix ends here: True where a longer word may open with it, False where it
        # is only a whole word
        node[""] = node.get("", False) or word == prefix
    first = []
    for letter, node in sorted(tree.items()):
        rest = _letter_tree(node)
        first += [re.escape(case) + rest for case in dict.fromkeys(letter + letter.upper())]
    return "(?P<letters>" + "|".join(first + [r"\d"]) + r")(?:(?![\w-])(?P<end>))?"


def _letter_tree(node: dict) -> str:
    """The letters that may follow in the tree of :func:`_screen`, as a pattern."""
    followers = [(r"[^\S\n]+" if letter == " " else re.escape(letter)) + _letter_tree(child)
                 for letter, child in sorted(node.items()) if letter]
    body = "|".join(followers)
    body = f"(?:{body})" if len(followers) > 1 else body
    if "" not in node:  # (not the end of a prefix: a follower must match)
        return body
    if node[""]:  # (a longer word may open with it: the followers are optional)
        return f"(?:{body})?" if followers else ""
    # (a whole word: either a follower or the word's end)
    return rf"(?:{body}|(?![\w-]))" if followers else r"(?![\w-])"


_LETTERS = re.compile(r"[^\W\d_]+")
_QUANTIFIER = re.compile(r"[?*]|\{[\d,]")
_CHOICE = re.compile(r"\(\?:([^\W\d_]+(?:\|[^\W\d_]+)*)\)(?![?*{])")


def _prefixes(entry: str) -> list[str]:
    """The letters, lower-cased, that every match of ``entry`` opens with: its first letters,
    continued by a choice of plain words (``w(?:ird|urde)`` opens with "wird" or "wurde"),
    and by a second word in lower case where a space follows the first ("ist der Ansicht"
    opens with "ist der", so that the screen does not stop at every "ist"). A prefix that is
    a whole word (the entry goes on with a space, a negative look-ahead or not at all) ends
    in ``$``."""
    words, rest, whole = _word_prefixes(entry)
    if whole and rest.startswith(" "):
        following, _, whole_following = _word_prefixes(rest[1:])
        if following and all(word.islower() for word in following):
            return [f"{word.lower()} {other}" + ("$" if whole_following else "")
                    for word in words for other in following]
    return [word.lower() + ("$" if whole else "") for word in words]


def _word_prefixes(entry: str) -> tuple[list[str], str, bool]:
    """The letters a word of ``entry`` opens with (see :func:`_prefixes`, as written), what
    follows them, and whether they are the whole word; no letters where it opens with
    something else."""
    letters = _LETTERS.match(entry)
    if letters is None:
        return [], entry, False
    letters = letters.group()
    rest = entry[len(letters):]
    if _QUANTIFIER.match(rest):
        # its last letter is optional
        return ([letters[:-1]] if len(letters) > 1 else []), rest, False
    words = [letters]
    choice = _CHOICE.match(rest)
    if choice:
        words = [letters + word for word in choice.group(1).split("|")]
        rest = rest[choice.end():]
    return words, rest, rest == "" or rest.startswith((" ", "(?!"))


# Look-behinds that open a frame ("(?<=[,–—]\s){cue}"), if they hold no group.
_LEADING_CHECK = re.compile(r"^(?:\(\?<[=!][^()]*\))+")
_LEADING_REFERENCE = re.compile(r"^\{([a-z_]+)\}")


def _opening_words(compiler: Compiler, entries: list[str], depth: int = 0
                   ) -> list[str] | None:
    """Entries that open with a letter and together open every match of ``entries``, for the
    screen (see :func:`_prefixes`): look-arounds that open an entry are passed over, a group
    of alternatives or a [words] or [patterns] list that opens it is replaced by each
    alternative followed by the rest; ``None`` where an entry may open otherwise."""
    found: list[str] = []
    for entry in entries:
        opening = _entry_openings(compiler, entry, depth)
        if opening is None:
            return None
        found += opening
    return found


def _entry_openings(compiler: Compiler, entry: str, depth: int) -> list[str] | None:
    if depth > 8:
        return None
    branched = alternatives(entry)
    if len(branched) > 1:
        return _opening_words(compiler, branched, depth + 1)
    entry = leading_checks(entry)[1]
    if opens_with_letter(entry):
        return [entry]
    named = _LEADING_REFERENCE.match(entry)
    if named:
        rest = entry[named.end():]
        listed = compiler.words.get(named.group(1), compiler.patterns.get(named.group(1)))
        if listed is None:
            return None
        return _opening_words(compiler, [item + rest for item in listed], depth + 1)
    if entry.startswith("(?:"):
        close = group_end(entry)
        rest = entry[close + 1:] if close is not None else ""
        if close is None or rest[:1] in ("?", "*", "{", "+"):
            return None  # (an optional group: the entry may open with what follows it)
        return _opening_words(compiler, [item + rest for item in alternatives(entry[3:close])],
                              depth + 1)
    return None


def _openings(compiler: Compiler, frame: dict) -> list[str] | None:
    """Words one of which opens every match of a frame: its cues when it opens with them,
    its first word when it opens with one ("wie {source} …"); ``None`` otherwise."""
    raw: str = _LEADING_CHECK.sub("", frame["pattern"])  # a look-behind matches nothing
    # … nor does a [patterns] list of look-behinds ("{quote_end}{cue} …")
    named = _LEADING_REFERENCE.match(raw)
    if named and all(_LEADING_CHECK.fullmatch(entry)
                     for entry in compiler.patterns.get(named.group(1), ["-"])):
        raw = raw[named.end():]
    if branches(raw):
        return None
    if raw.startswith("{cue}"):
        return cue_entries(compiler, frame)
    word = re.match(r"[^\W\d_]+ ", raw)
    return [word.group().rstrip()] if word else None
