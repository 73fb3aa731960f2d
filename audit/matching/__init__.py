"""One matching engine for every word list and pattern the normalisers and rule files use.

* :class:`Lexicon` — literal entries (words and phrases) found as whole words in one pass
  of an Aho–Corasick automaton (``pyahocorasick``), whatever the number of entries;
* :class:`Patterns` — regular expressions compiled once into one RE2 program
  (``google-re2``): time linear in the text for every pattern and every input.

Both are built once from resources and give :class:`Match` objects (``start``, ``end``,
``entry``, ``value``) from ``finditer(text)``. Why these two libraries, with measurements on
our resources and 10kGNAD: ``docs/matching.md``.
"""

from audit.matching.lexicon import Lexicon
from audit.matching.match import Match, PatternError
from audit.matching.patterns import Patterns

__all__ = ["Lexicon", "Match", "PatternError", "Patterns"]
