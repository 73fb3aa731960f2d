"""Per-language resource files: the words and phrases the engines match, kept as data.

Each language has a folder named by its ISO 639-1 code (``de/``, ``en/``, ``fr/``) of TOML
files, one per topic; a folder with a ``language.toml`` is a language, and the set of those
folders is the language list (:data:`LANGUAGES`), defined nowhere else. Code asks for a
topic and language and gets the parsed table; adding a phrase, or a language, never touches
code. How to add a language: ``docs/architecture.md``.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources as _pkg

_ROOT = _pkg.files(__name__)

#: The languages: every folder here with a ``language.toml``, in name order.
LANGUAGES: tuple[str, ...] = tuple(sorted(
    entry.name for entry in _ROOT.iterdir()
    if entry.is_dir() and entry.joinpath("language.toml").is_file()))

#: The language whose resources read a text of undetermined or unknown language.
DEFAULT_LANGUAGE = "de"


def resolve(language: str | None) -> str:
    """``language`` where it has resources, else :data:`DEFAULT_LANGUAGE`."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


@cache
def load(language: str, topic: str) -> dict:
    """The parsed ``<language>/<topic>.toml`` file; an empty table when the file is absent."""
    path = _ROOT.joinpath(language, f"{topic}.toml")
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


@cache
def load_shared(topic: str) -> dict:
    """The parsed language-independent ``<topic>.toml`` file (such as given names)."""
    path = _ROOT.joinpath(f"{topic}.toml")
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def phrases(topic: str, key: str, languages: tuple[str, ...] = LANGUAGES) -> list[str]:
    """All entries under ``key`` of a topic, across ``languages`` (order kept, no duplicates)."""
    seen: dict[str, None] = {}
    for language in languages:
        for entry in load(language, topic).get(key, []):
            seen.setdefault(entry, None)
    return list(seen)


def letters(language: str) -> tuple[str, str]:
    """The lower-case and the upper-case letters of a language's alphabet (its
    ``language.toml`` ``[letters]``), each as the members of a character class."""
    table = load(resolve(language), "language").get("letters", {})
    return table.get("lower", "a-z"), table.get("upper", "A-Z")
