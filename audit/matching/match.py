"""What the engine returns, and the error it raises for a pattern it cannot use."""

from __future__ import annotations

from typing import Any, NamedTuple


class Match(NamedTuple):
    """A found entry or pattern: its span in the text, the entry (the lexicon entry or the
    pattern as written) and the value given with it (its number when none was given)."""

    start: int
    end: int
    entry: str
    value: Any


class PatternError(ValueError):
    """A pattern the engine cannot compile; the message names the pattern and the reason."""

    def __init__(self, pattern: str, why: str):
        self.pattern, self.why = pattern, why
        super().__init__(f"pattern {pattern!r}: {why}")


def is_word_character(char: str) -> bool:
    r"""What ``\w`` means in Python: a letter, a digit (of any script) or the underscore."""
    return char.isalnum() or char == "_"
