"""How often Python's cyclic garbage collector runs while an audit works.

An audit makes millions of small objects (row dicts, lists, match objects) and keeps few of
them, and almost none holds a reference cycle: reference counting frees them. With the
collector's default settings (a young collection every 700 new objects, a full one after
every hundred young ones) it still traverses them over and over, and each full collection
walks every object the process holds (the modules, the tables): on 10kGNAD that was about a
tenth of the audit's time. So normalisation, which makes only rows, pauses it, and the rest
of the audit runs it rarely; the settings before are restored afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Young collections every this many new objects, older ones rarely (the defaults are 700,
#: 10, 10): measured on 10kGNAD, the collector's time fell from 0.37 s to 0.06 s.
RARELY = (10_000, 20, 20)


@contextmanager
def paused() -> Iterator[None]:
    """The collector off; whatever cycles were made go at its next collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def rarely() -> Iterator[None]:
    """The collector on, but run rarely (:data:`RARELY`)."""
    before = gc.get_threshold()
    gc.set_threshold(*(max(now, then) for now, then in zip(RARELY, before, strict=True)))
    try:
        yield
    finally:
        gc.set_threshold(*before)


def give_back() -> None:
    """Return the memory freed so far to the operating system, where the C library can
    (glibc's ``malloc_trim``): freed Python objects otherwise stay in the process's heap,
    and its resident size keeps the peak of every stage before (on 10kGNAD x4, reading the
    corpus left 100 MB resident for 25 MB of tables). Elsewhere it does nothing."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _malloc_trim():
    global _TRIM
    if _TRIM is False:
        import ctypes
        import ctypes.util

        try:
            _TRIM = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _TRIM = None
    return _TRIM


_TRIM = False
