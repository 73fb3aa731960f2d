"""Attribution and hedging: the rows of the ``assertions`` table.

Who a claim is attributed to ("laut CNN", "so Offizielle", "people familiar with the matter
said") and how cautiously the article's own voice states it ("angeblich", "reportedly").
The words and frames live in ``resources/<lang>/attribution.toml``; this module only compiles
them. Each compiled pattern runs once over the whole article, and its matches are assigned to
sentences by offset.

For now an assertion is a sentence: every sentence that is not boilerplate gives one row.
A sentence without an attribution of its own inherits one in three cases: it lies inside a
direct quote that spans sentences and is attributed beside its first or last sentence; it
is a direct quote right after a sentence in which a person speaks (the quote continues
them); or (German) it reports speech in the subjunctive (Konjunktiv I: "sei", "habe") right
after an attributed sentence. An inherited speaker keeps the offsets of the phrase it came
from.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from functools import cache
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
_REFERENCE = re.compile(r"\{([a-z_]+)\}")
# How far before its cue a source phrase may start ("mehrere mit der Angelegenheit
# vertraute Quellen zufolge" is 55 characters); a frame may set its own ``reach``.
_REACH = 160
# The first digit before its boundary check, so that the engine skips ahead to digits.
_NUMBER = re.compile(r"\d(?<![\w.,-]\d)\d*(?:[.,:]\d+)*(?!\w)")


class _Frame(NamedTuple):
    """A compiled attribution frame.

    A frame that opens with its cue or a word runs over the text as it is (``cues`` is
    ``None``). One that opens with its source would try every position as a source start,
    so its ``cues`` are found first and the frame is matched in a short reach before each,
    ending at the cue.
    """

    pattern: re.Pattern[str]
    cues: re.Pattern[str] | None
    tail: re.Pattern[str] | None = None  # what must follow the match: a verb particle
    reach: int = 0  # how far before its cue the source may start (0: the default)
    before_cue: str = ""  # what must stand right before the cue
    needs: re.Pattern[str] | None = None  # what must occur between reach and cue


class _Grammar(NamedTuple):
    frames: tuple[_Frame, ...]
    kinds: tuple[str, ...]
    hedges: re.Pattern[str] | None
    constructions: tuple[tuple[re.Pattern[str], str], ...]  # a construction and its cue
    negation: re.Pattern[str] | None
    vague: re.Pattern[str] | None  # vague quantities: "some", "many", "manche"
    subjunctive: re.Pattern[str] | None  # reported-speech verb forms (Konjunktiv I)
    cues: re.Pattern[str] | None  # every cue of the frames that open with their source
    # The first letter of every word that may open a match of the ``screened`` patterns
    # (one pass over the text), and for each such letter the indices of those to try there.
    screen: re.Pattern[str] | None
    screened: tuple[re.Pattern[str], ...]
    dispatch: dict[str, tuple[int, ...]]


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
                self._done[name] = self.word_list(self.words[name], seen + (name,))
            elif name in self.patterns:
                entries = [self.expand(e, seen=seen + (name,)) for e in self.patterns[name]]
                self._done[name] = "(?:" + "|".join(entries) + ")"
            else:
                raise ValueError(f"{self.origin}: no [words] or [patterns] list named {name!r}")
        return self._done[name]

    def word_list(self, entries: list[str], seen: tuple[str, ...] = (),
                  first_letter: bool = False) -> str:
        """Whole-word alternation; a lower-case entry also matches capitalised at a start.

        Entries that open with a plain letter are grouped by that letter, which is matched
        first (see :func:`_initial`); the others keep their boundary in front.
        ``first_letter``: match only the first letter of a word that opens an entry (the
        rest is looked ahead at), so that a search finds every start, also inside a match.
        """
        by_initial: dict[tuple[str, bool], list[str]] = {}
        others = []
        for entry in sorted(entries, key=len, reverse=True):
            capital = entry[0].upper() + entry[1:] if entry[:1].islower() else None
            if _opens_with_letter(entry):
                by_initial.setdefault((entry[0], False), []).append(entry[1:])
                if capital:
                    by_initial.setdefault((capital[0], True), []).append(capital[1:])
            else:
                others.append(r"(?<![\w-])" + self.expand(entry, seen=seen))
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


def _opens_with_letter(entry: str) -> bool:
    """Whether ``entry`` is a plain letter followed by a pattern that does not branch at
    its top level, so that the letter can be matched first (see :func:`_initial`)."""
    if not entry[:1].isalpha() or entry[1:2] in ("?", "*", "+", "{"):
        return False
    return not _branches(entry)


def _branches(entry: str) -> bool:
    """Whether ``entry`` has alternatives at its top level."""
    depth, escaped, in_class = 0, False, False
    for char in entry:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False


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
    named = _REFERENCE.fullmatch(cues[0]) if len(cues) == 1 else None
    if named and named.group(1) in compiler.words:
        return compiler.words[named.group(1)]
    return cues


def _compile_frame(compiler: _Compiler, frame: dict, source: str) -> _Frame:
    cue = compiler.word_list(_cue_entries(compiler, frame))
    raw: str = frame["pattern"]
    parts = {"source": source, "cue": f"(?P<cue>{cue})"}
    tail = (re.compile(compiler.expand(frame["tail"]), re.MULTILINE)
            if frame.get("tail") else None)
    if _opens_with_letter(raw):
        # A frame that opens with a word ("wie {source} …") starts at a word boundary and,
        # like a [words] entry, is capitalised at the start of a sentence.
        first = _initial(raw[0])
        if raw[0].islower():
            first = f"(?:{first}|{_initial(raw[0].upper(), at_start=True)})"
        pattern = first + compiler.expand(raw[1:], parts)
        return _Frame(re.compile(pattern, re.MULTILINE), None, tail)
    pattern = compiler.expand(raw, parts)
    if raw.index("{cue}") < raw.index("{source}"):
        return _Frame(re.compile(pattern, re.MULTILINE), None, tail)
    if raw.endswith("{cue}"):
        # A frame whose cue follows a comma ("Pifer, a former ambassador, said") need only
        # look back from cues that follow one.
        # It starts at a word, as its source or an opening word does: checked first, the
        # search passes over positions inside words at once.
        return _Frame(re.compile(rf"(?<![\w-])(?:{pattern})\Z", re.MULTILINE),
                      re.compile(cue, re.MULTILINE), tail, frame.get("reach", _REACH),
                      ", " if raw.endswith(", {cue}") else "",
                      re.compile(compiler.expand(frame["needs"])) if frame.get("needs") else None)
    raise ValueError(f"{compiler.origin}: a frame that opens with its source must end with "
                     f"its cue: {raw!r}")


@cache
def _grammar(language: str) -> _Grammar:
    table = resources.load(language, "attribution")
    compiler = _Compiler(table, f"resources/{language}/attribution.toml")
    kinds = tuple(table.get("source", {}))
    unknown = set(kinds) - set(SPEAKER_KINDS)
    if unknown:
        raise ValueError(f"{compiler.origin}: unknown speaker kinds {sorted(unknown)}")

    def source(only: list[str] | None = None) -> str:
        return r"(?P<source>(?<![\w-])(?:" + "|".join(
            f"(?P<{kind}>{compiler.expand(table['source'][kind])})" if not only or kind in only
            else f"(?P<{kind}>(?!))" for kind in kinds
        ) + "))"

    frames = [_compile_frame(compiler, frame, source(frame.get("kinds")))
              for frame in table.get("frame", [])]
    # The frames that open with their source find their cues in one pass over the text.
    cue_entries = [entry for frame in table.get("frame", []) for entry in _cue_entries(
        compiler, frame)] if any(f.cues is not None for f in frames) else []
    all_cues = re.compile(compiler.word_list(cue_entries), re.MULTILINE) if cue_entries else None

    hedge_table = table.get("hedges", {})
    # Words and constructions form one word list, so that they are found by their first
    # letter in one pass; a match is told to be a construction by matching it again.
    constructions = tuple(
        (re.compile(compiler.word_list([c["pattern"]]), re.MULTILINE), c["cue"])
        for c in hedge_table.get("construction", []))
    entries = hedge_table.get("words", []) + [
        c["pattern"] for c in hedge_table.get("construction", [])]
    hedges = re.compile(compiler.word_list(entries), re.MULTILINE) if entries else None

    negation_words = table.get("polarity", {}).get("negation", [])
    negation = (re.compile(compiler.word_list(negation_words), re.MULTILINE)
                if negation_words else None)
    vague_words = hedge_table.get("vague", [])
    vague = re.compile(compiler.word_list(vague_words), re.MULTILINE) if vague_words else None
    subjunctive_words = table.get("reported_speech", {}).get("subjunctive", [])
    subjunctive = (re.compile(compiler.word_list(subjunctive_words), re.MULTILINE)
                   if subjunctive_words else None)
    # Each pattern whose every match opens with a word of a list is tried only where the
    # screen found one of those words, instead of scanning the text itself.
    openings = [(frame.pattern, _openings(compiler, raw)) for frame, raw in zip(
        frames, table.get("frame", []), strict=True) if frame.cues is None]
    openings += [(all_cues, cue_entries), (hedges, entries), (negation, negation_words),
                 (vague, vague_words), (subjunctive, subjunctive_words)]
    screened = [(pattern, words) for pattern, words in openings
                if pattern is not None and words and all(map(_opens_with_letter, words))]
    dispatch: dict[str, list[int]] = {}
    for i, (_, words) in enumerate(screened):
        for letter in {char for word in words for char in (word[0], word[0].upper()[0])}:
            dispatch.setdefault(letter, []).append(i)
    screen_entries = [word for _, words in screened for word in words]
    screen = (re.compile(compiler.word_list(list(dict.fromkeys(screen_entries)),
                                            first_letter=True), re.MULTILINE)
              if screen_entries else None)
    return _Grammar(tuple(frames), kinds, hedges, constructions, negation, vague, subjunctive,
                    all_cues, screen, tuple(pattern for pattern, _ in screened),
                    {letter: tuple(indices) for letter, indices in dispatch.items()})


def _openings(compiler: _Compiler, frame: dict) -> list[str] | None:
    """Words one of which opens every match of a frame: its cues when it opens with them,
    its first word when it opens with one ("wie {source} …"); ``None`` otherwise."""
    raw: str = frame["pattern"]
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
    word that may open them, left to right and never inside their previous match; the
    others scan the text themselves.
    """

    def __init__(self, grammar: _Grammar, text: str) -> None:
        self.text = text
        # by identity: hashing a pattern hashes its whole source
        found: list[list[re.Match[str]]] = [[] for _ in grammar.screened]
        self.found = {}
        for pattern, matches in zip(grammar.screened, found, strict=True):
            self.found.setdefault(id(pattern), matches)
        if grammar.screen is None:
            return
        done = [0] * len(found)
        screened, dispatch = grammar.screened, grammar.dispatch
        for letter in grammar.screen.finditer(text):
            start = letter.start()
            for i in dispatch[letter.group()]:
                if start >= done[i]:
                    match = screened[i].match(text, start)
                    if match is not None:
                        found[i].append(match)
                        done[i] = max(match.end(), start + 1)

    def finditer(self, pattern: re.Pattern[str] | None) -> Iterable[re.Match[str]]:
        if pattern is None:
            return ()
        found = self.found.get(id(pattern))
        return found if found is not None else pattern.finditer(self.text)


def _frame_matches(grammar: _Grammar, scan: _Scan) -> Iterator[re.Match[str]]:
    """Every attribution-frame match in the scanned text."""
    text = scan.text
    starts = [cue.start() for cue in scan.finditer(grammar.cues)]
    for frame in grammar.frames:
        if frame.cues is None:
            matches = scan.finditer(frame.pattern)
        else:
            # where one of all the cues starts, this frame's own cue may start
            matches = (_search_before(frame, text, cue) for cue in map(
                lambda start, cues=frame.cues: cues.match(text, start), starts) if cue)
        for match in matches:
            if match is not None and (frame.tail is None or frame.cues is not None
                                      or frame.tail.match(text, match.end()) is not None):
                yield match


def _search_before(frame: _Frame, text: str, cue: re.Match[str]) -> re.Match[str] | None:
    """The match of a frame that opens with its source and ends at ``cue``, if any.

    The cheap conditions (what stands before the cue, the tail after it, a word the window
    needs) are checked first: the search tries every start position in the window.
    """
    if not text.endswith(frame.before_cue, 0, cue.start()):
        return None
    if frame.tail is not None and frame.tail.match(text, cue.end()) is None:
        return None
    reach = max(text.rfind("\n", 0, cue.start()) + 1, cue.start() - frame.reach)
    if frame.needs is not None and frame.needs.search(text, reach, cue.start()) is None:
        return None
    return frame.pattern.search(text, reach, cue.end())


def _by_sentence(pattern: re.Pattern[str] | None, scan: _Scan, in_sentence: _Spans,
                 in_quote: _Spans) -> dict[int, list[str]]:
    """The matches of ``pattern`` outside direct quotes, as written, by sentence index."""
    found: dict[int, list[str]] = {}
    for match in scan.finditer(pattern):
        where = in_sentence.index(match.start())
        if where is not None and in_quote.index(match.start()) is None:
            found.setdefault(where, []).append(_lower_first(match.group()))
    return found


def _own_hedges(found: list[tuple[int, str]], attribution: tuple | None) -> list[str]:
    """The hedge cues of a sentence, without one that is its attribution's own cue ("aus dem
    Ministerium hieß es" names its source; "es heißt" alone does not)."""
    if attribution is None:
        return [cue for _, cue in found]
    row = attribution[1]
    return [cue for start, cue in found if not row["cue_start"] <= start < row["cue_end"]]


def _inherit_attributions(best: dict[int, tuple], sentences: list[Sentence],
                          in_sentence: _Spans, quotes: list[tuple[int, int]],
                          subjunctive: dict[int, list[str]]) -> None:
    """Give unattributed sentences the attribution they continue (see the module doc)."""
    for start, end in quotes:
        first, last = in_sentence.index(start), in_sentence.index(max(start, end - 1))
        if first is None or last is None or first == last:
            continue
        source = next((best[i] for i in (last, first) if i in best), None)
        if source is not None:
            for i in range(first, last + 1):
                best.setdefault(i, source)
    for i in range(1, len(sentences)):
        if i in best or i - 1 not in best or sentences[i].is_boilerplate:
            continue
        if i in subjunctive or (sentences[i].in_quote
                                and best[i - 1][1]["speaker_kind"] == "person"):
            best[i] = best[i - 1]


def extract_assertions(text: str, language: str, sentences: list[Sentence],
                       quotes: list[tuple[int, int]]) -> list[dict]:
    """One row per sentence that is not boilerplate: its speaker, cue, hedges and polarity.

    ``speaker``/``cue`` (with their offsets into ``text``) come from the attribution frames
    of the language's resource; sources and hedges inside a direct quote belong to the
    quoted speaker and are left out (negation is not: a quoted denial is still one). When
    a sentence names several sources, the speaker is chosen by :data:`SPEAKER_PRIORITY`,
    then by position. ``timex_ids``, ``entity_ids`` and the event dates are left empty for
    the table builder to fill.
    """
    grammar = _grammar(language if language in resources.LANGUAGES else "de")
    in_sentence = _Spans([(s.start, s.end) for s in sentences])
    in_quote = _Spans(quotes)

    best: dict[int, tuple[tuple[int, int], dict]] = {}
    scan = _Scan(grammar, text)
    for match in _frame_matches(grammar, scan):
        start, end = match.span("source")
        where = in_sentence.index(start)
        if where is None or in_quote.index(start) is not None:
            continue
        kind = next(k for k in grammar.kinds if match.group(k) is not None)
        rank = (SPEAKER_PRIORITY.index(kind), start)
        if where in best and best[where][0] <= rank:
            continue
        best[where] = (rank, {
            "speaker": match.group("source"), "speaker_kind": kind,
            "speaker_start": start, "speaker_end": end,
            "cue": _lower_first(match.group("cue")),
            "cue_start": match.start("cue"), "cue_end": match.end("cue"),
        })

    hedges: dict[int, list[tuple[int, str]]] = {}
    if grammar.hedges is not None:
        for match in scan.finditer(grammar.hedges):
            where = in_sentence.index(match.start())
            if where is None or in_quote.index(match.start()) is not None:
                continue
            cue = next((cue for pattern, cue in grammar.constructions
                        if pattern.fullmatch(text, match.start(), match.end())),
                       None) or _lower_first(match.group())
            hedges.setdefault(where, []).append((match.start(), cue))

    vague = _by_sentence(grammar.vague, scan, in_sentence, in_quote)
    subjunctive = _by_sentence(grammar.subjunctive, scan, in_sentence, in_quote)
    _inherit_attributions(best, sentences, in_sentence, quotes, subjunctive)

    negative: set[int] = set()
    if grammar.negation is not None:
        for match in scan.finditer(grammar.negation):
            where = in_sentence.index(match.start())
            if where is not None:
                negative.add(where)

    numbers: dict[int, list[str]] = {}
    for match in _NUMBER.finditer(text):
        where = in_sentence.index(match.start())
        if where is not None:
            numbers.setdefault(where, []).append(match.group())

    rows = []
    no_speaker = {"speaker": None, "speaker_kind": "none", "speaker_start": None,
                  "speaker_end": None, "cue": None, "cue_start": None, "cue_end": None}
    for i, sentence in enumerate(sentences):
        if sentence.is_boilerplate:
            continue
        rows.append({
            "sent_id": sentence.sent_id, "start": sentence.start, "end": sentence.end,
            "text": text[sentence.start:sentence.end],
            **(best[i][1] if i in best else no_speaker),
            "in_quote": sentence.in_quote,
            "hedges": _own_hedges(hedges.get(i, []), best.get(i)),
            "weasels": vague.get(i, []),
            "polarity": "negative" if i in negative else "positive",
            "event_earliest": None, "event_latest": None, "date_basis": "none",
            "timex_ids": [], "entity_ids": [],
            "numbers": numbers.get(i, []),
        })
    return rows
