"""Per-language resource files: the words and phrases the engines match, kept as data.

Each language has a folder (``de/``, ``en/``) of TOML files, one per topic. Code asks for a
topic and language and gets the parsed table; adding a phrase never touches code.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources as _pkg

LANGUAGES = ("de", "en")


@cache
def load(language: str, topic: str) -> dict:
    """The parsed ``<language>/<topic>.toml`` file; an empty table when the file is absent."""
    path = _pkg.files(__name__).joinpath(language, f"{topic}.toml")
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


@cache
def load_shared(topic: str) -> dict:
    """The parsed language-independent ``<topic>.toml`` file (such as given names)."""
    path = _pkg.files(__name__).joinpath(f"{topic}.toml")
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
