r"""Regular expressions in one RE2 program (``google-re2``): linear time on any input.

RE2 guarantees time linear in the text for every pattern (no back-tracking), at the price of
two things Python's ``re`` has: look-arounds and back-references. What look-arounds were
mostly used for, a match standing as whole words, :class:`Patterns` does itself
(``words=True``). ``\w``, ``\d`` and ``\s`` mean what they mean in Python (any script), not
RE2's ASCII classes; ``\b`` has no Unicode form in RE2 and is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import cached_property, lru_cache
from pathlib import Path

import re2

from audit import stored
from audit.matching.match import Match, PatternError

_WORD, _NOT_WORD = r"\pL\pN_", r"^\pL\pN_"
# Python's classes as RE2 members: \w letters, digits and _, \d decimal digits, \s white space
_MEMBERS = {"w": _WORD, "d": r"\p{Nd}", "s": r"\s\x{85}\pZ"}
_NEGATED = {"W": "w", "D": "d", "S": "s"}


def _python_classes(pattern: str) -> str:
    r"""``pattern`` with ``\w``, ``\d``, ``\s`` (and their negations) spelled as the Unicode
    classes they are in Python, and ``\Z`` as RE2's ``\z``."""
    out, at, in_class = [], 0, False
    while at < len(pattern):
        char = pattern[at]
        if char == "\\" and at + 1 < len(pattern):
            letter = pattern[at + 1]
            at += 2
            if letter in _MEMBERS:
                out.append(_MEMBERS[letter] if in_class else f"[{_MEMBERS[letter]}]")
            elif letter in _NEGATED and not in_class:
                out.append(f"[^{_MEMBERS[_NEGATED[letter]]}]")
            elif letter in _NEGATED or letter in "bB":
                raise PatternError(pattern, f"\\{letter} has no Unicode form in RE2"
                                   + (" (the match's own edges are word edges with "
                                      "words=True)" if letter in "bB" else ""))
            elif letter == "Z":
                out.append(r"\z")
            else:
                out.append(char + letter)
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            at += 1
            for opener in ("^", "]"):  # "[]…]" and "[^]…]": a first "]" is a member
                if pattern.startswith(opener, at):
                    out.append(opener)
                    at += 1
            continue
        if char == "]" and in_class:
            in_class = False
        out.append(char)
        at += 1
    return "".join(out)


def _options(case_sensitive: bool):
    options = re2.Options()
    options.case_sensitive = case_sensitive
    options.max_mem = 64 << 20
    options.log_errors = False
    return options


def _edged(body: str) -> str:
    """``body`` standing as whole words: neither after nor before a letter, digit or ``_``."""
    return rf"(?:^|[{_NOT_WORD}])(?:{body})(?:[{_NOT_WORD}]|$)"


# Every audit loads the rule files again (a project's checks may have changed), and one
# process runs many audits (pytest, benchmarks): compiling is most of loading them.
@lru_cache(maxsize=2048)
def _checked(patterns: tuple[str, ...], case_sensitive: bool, multiline: bool
             ) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Each pattern as RE2 reads it, compiled on its own to check it (a
    :class:`PatternError` names the first that RE2 refuses), and the group of the joined
    program that will hold its match.

    What RE2 told of patterns it accepted is kept on disk (``stored``), keyed by the
    patterns, this module's source and the RE2 build, so that a later process does not
    compile each again: the rule files' 70 patterns compiled one by one were 0.026 CPU-s
    of a one-article audit, which often compiles none of the joined programs (they are
    compiled at the first search). Patterns RE2 refuses are never kept: each process
    raises for them anew."""
    key = stored.key_of([json.dumps([patterns, case_sensitive, multiline]), *program_code()])
    told = stored.built("patterns-checked", key, lambda: dict(zip(
        ("bodies", "groups"), _check(patterns, case_sensitive, multiline), strict=True)))
    return tuple(told["bodies"]), tuple(told["groups"])


def _check(patterns: tuple[str, ...], case_sensitive: bool, multiline: bool
           ) -> tuple[list[str], list[int]]:
    """:func:`_checked`, told by RE2."""
    options = _options(case_sensitive)
    groups: list[int] = []
    bodies, group = [], 1
    for pattern in patterns:
        body = _python_classes(pattern)
        if multiline:
            body = f"(?m:{body})"
        try:
            inner = re2.compile(body, options).groups
        except re2.error as exc:
            raise PatternError(pattern, f"not valid for RE2 (no look-arounds or "
                                        f"back-references): {exc}") from None
        groups.append(group)
        bodies.append(f"({body})")
        group += 1 + inner
    return bodies, groups


@lru_cache(maxsize=1)
def program_code() -> tuple[bytes, ...]:
    """What RE2 tells of a pattern depends on besides the pattern: how this module writes
    patterns for RE2 (its source) and the RE2 build (the size and time of its module file:
    a release is installed anew)."""
    built = Path(re2.__file__).stat()
    return Path(__file__).read_bytes(), f"{built.st_size} {built.st_mtime_ns}".encode()


@lru_cache(maxsize=2048)
def _compiled(patterns: tuple[str, ...], case_sensitive: bool, words: bool, multiline: bool
              ) -> object | None:
    """The RE2 program of :class:`Patterns`: its checked patterns as one alternation."""
    bodies, _ = _checked(patterns, case_sensitive, multiline)
    if not bodies:
        return None
    joined = "|".join(bodies)
    if words:
        joined = _edged(joined)
    return re2.compile(joined.encode(), _options(case_sensitive))


@lru_cache(maxsize=256)
def _compiled_set(patterns: tuple[str, ...], case_sensitive: bool, words: bool,
                  multiline: bool):
    """Every pattern of :class:`Patterns` on its own, in one RE2 set (``re2.Set``): one
    program telling which of them match, where a program per pattern would cost a
    compilation each (a rule's anchors: 0.1 s). The patterns compiled in ``_compiled``."""
    found = re2.Set.SearchSet(_options(case_sensitive))
    for pattern in patterns:
        body = _python_classes(pattern)
        if multiline:
            body = f"(?m:{body})"
        found.Add(_edged(body) if words else body)
    found.Compile()
    return found


@lru_cache(maxsize=4)  # one text is searched by several pattern sets in a row
def _encoded(text: str) -> tuple[bytes, bool]:
    """The text in UTF-8, and whether it is ASCII (byte and character offsets agree)."""
    return text.encode("utf-8"), text.isascii()


class _Offsets:
    """Character offsets of byte offsets in a UTF-8 text, for offsets asked in about
    increasing order (each step decodes only the bytes between two offsets)."""

    def __init__(self, encoded: bytes):
        self.encoded, self.byte, self.char = encoded, 0, 0

    def __call__(self, byte: int) -> int:
        if byte >= self.byte:
            self.char += len(self.encoded[self.byte:byte].decode("utf-8"))
        else:
            self.char -= len(self.encoded[byte:self.byte].decode("utf-8"))
        self.byte = byte
        return self.char


class Patterns:
    """Regular expressions (RE2 syntax with Python's ``\\w``, ``\\d``, ``\\s``) searched for
    together. Where several match at one place, the first listed wins (as in an
    alternation). With ``words=True`` a match neither starts right after a letter, digit or
    ``_`` nor ends right before one; ``case`` is ``"ignore"`` or ``"exact"``;
    ``multiline`` lets ``^`` and ``$`` match at line breaks."""

    def __init__(self, patterns: Sequence[str], case: str = "ignore", words: bool = True,
                 multiline: bool = False):
        if case not in ("ignore", "exact"):
            raise ValueError(f"case must be 'ignore' or 'exact', not {case!r}")
        self.patterns = tuple(patterns)
        self.words = words
        self._settings = (case == "exact", words, multiline)
        _, self._groups = _checked(self.patterns, case == "exact", multiline)

    @cached_property
    def _program(self):
        """The joined program, compiled when first searched with (its word edges make it
        the costly part: 3 ms a program; a rule file's programs for the languages no
        article is in never are)."""
        return _compiled(self.patterns, *self._settings)

    def compile(self) -> bool:
        """Compile the joined program now rather than at the first search (a process about
        to fork workers gives them its programs); whether there is one."""
        return self._program is not None

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
        """The matches in ``text[start:end]``, left to right, none overlapping (offsets are
        those of ``text``; the characters on either side still decide the word edges)."""
        if self._program is None:
            return
        end = len(text) if end is None else min(end, len(text))
        # with words, one character more on each side, where the word edges are tested
        pad = 1 if self.words else 0
        outer_start, outer_end = max(0, start - pad), min(len(text), end + pad)
        encoded, ascii_only = _encoded(text)
        if ascii_only:
            byte_start, byte_end, offsets = outer_start, outer_end, None
        elif outer_start == 0 and outer_end == len(text):  # the whole text, most searches
            byte_start, byte_end, offsets = 0, len(encoded), _Offsets(encoded)
        else:
            byte_start = len(text[:outer_start].encode("utf-8"))
            byte_end = byte_start + len(text[outer_start:outer_end].encode("utf-8"))
            offsets = _Offsets(encoded)
        at = byte_start
        while at <= byte_end:
            found = self._program.search(encoded, at, byte_end)
            if found is None:
                return
            number = next(i for i, group in enumerate(self._groups)
                          if found.start(group) >= 0)
            body_start, body_end = found.span(self._groups[number])
            # the word edge after a match may stand before the next one: go on from it
            at = body_end if body_end > found.start() else found.end() + 1
            if offsets is not None:
                body_start, body_end = offsets(body_start), offsets(body_end)
            if body_end > end or body_start < start:
                continue
            yield Match(body_start, body_end, self.patterns[number], number)

    def search(self, text: str, start: int = 0, end: int | None = None) -> Match | None:
        """The first match in ``text[start:end]``, or None."""
        return next(self.finditer(text, start, end), None)

    def which(self, text: str) -> frozenset[int]:
        """The numbers of the patterns that match somewhere in ``text``, each on its own
        (pattern ``n`` is in it when ``Patterns([patterns[n]], …).search(text)`` finds a
        match), told in one pass."""
        if not self.patterns:
            return frozenset()
        return frozenset(_compiled_set(self.patterns, *self._settings).Match(text) or ())
