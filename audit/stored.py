"""What a process builds from the resources, kept on disk so that a later process reads it.

Building a grammar of a language from its resource files (word tables expanded into
prefix-tree alternations, every rule's opening characters parsed out of its template) is
pure string work, the same in every process: for the German temporal grammar 0.04 CPU-s of
the 0.06 a fresh process spends before its first text, for the attribution grammar 0.08.
So the first process writes what it built (the patterns' sources and the tables, as JSON)
under the user cache directory, keyed by a hash of everything it was built from, and a
later one reads it back in a few milliseconds; the regex engine still compiles the
patterns (no compiled form can be kept). Where the directory cannot be written or a file
is damaged, the thing is built as before. Its users: the temporal grammar
(audit.normalise.temporal.grammar), the attribution grammar
(audit.normalise.attribution.grammar), a rule file's fuzzy phrases' anchors
(audit.engine.rules) and what RE2 tells of a pattern set (audit.matching.patterns); the
lists of word characters the patterns are written with (``grammar.listed_characters``)
too. A file is touched when it is read; when a new one is written, the files of the same
name that no process has read for :data:`UNUSED_DAYS` days (built by code or resources
since changed) are removed, so the folder does not grow with every version.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path

#: The layout of the files: a new one is written beside an old one, never read as it.
_FORMAT = 1
#: How long a file of an earlier version may go unread before a new one of its name
#: removes it (another installed version in use keeps its own file by reading it).
UNUSED_DAYS = 30


def _folder() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("audit") / f"grammars-{_FORMAT}"


def key_of(parts: Iterable[bytes | str]) -> str:
    """A hash of ``parts`` (the resource files' bytes, the building code's source, ...)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()[:32]


def built(name: str, key: str, build: Callable[[], dict]) -> dict:
    """What ``build`` gives (a dict of JSON values), read from the file of ``name`` and
    ``key`` if an earlier process wrote it, else built and written there (atomically: two
    processes building at once each write their own file, and the last rename wins).

    The value is what JSON gives back either way (lists, not tuples), so that the caller
    sees the same value whether it was built now or read.
    """
    path = _folder() / f"{name}-{key}.json"
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    else:
        try:
            os.utime(path)
        except OSError:
            pass
        return value
    text = json.dumps(build(), ensure_ascii=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
        _remove_unused(path.parent, name, path.name)
    except OSError:
        pass
    return json.loads(text)


def _remove_unused(folder: Path, name: str, kept: str) -> None:
    """Remove the files of ``name`` but ``kept`` that were last read or written more than
    :data:`UNUSED_DAYS` days ago."""
    own = re.compile(rf"{re.escape(name)}-[0-9a-f]{{32}}\.json")
    before = time.time() - UNUSED_DAYS * 86400
    for path in folder.iterdir():
        if path.name != kept and own.fullmatch(path.name):
            try:
                if path.stat().st_mtime < before:
                    path.unlink()
            except OSError:
                pass
