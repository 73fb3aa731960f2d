"""``python -m audit`` and the ``audit`` command (``run``).

The command leaves without tearing the interpreter down. Once its exit handlers have run,
a process that exits normally still frees every object it made, module by module (pandas,
Arrow, the compiled grammars, the tables): 0.15–0.20 CPU-s of a one-article audit's 1.3,
for memory the operating system takes back at once anyway. So the last exit handler (it is
registered first, before the package's modules are imported, and handlers run last
registered first) flushes the standard streams and ends the process with ``os._exit``.
Every handler registered after it has run by then: multiprocessing's (the workers
joined), the spill folder's removal (``weakref.finalize``), Dask's. Files the command
writes are closed where they are written (``with``), not when their object is freed. A
handler registered before this module is imported would not run: the interpreter registers
none, but a start-up hook of a ``.pth`` file may (coverage.py's measurement of
subprocesses); there, call :func:`audit.cli.main`, which exits as any program does.
"""

import atexit
import os
import sys

_exit_code: int | None = None  # set when the command has returned


def _leave() -> None:
    """End the process once the command has returned and the other exit handlers ran."""
    if _exit_code is None:  # the command did not return (an error inside the interpreter)
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe, a closed stream: nothing to flush to
            pass
    os._exit(_exit_code)


atexit.register(_leave)

from audit.cli import main  # noqa: E402  (after the handler: see the module docstring)


def run() -> None:
    """The ``audit`` command: :func:`audit.cli.main` with the process's arguments, its
    return value the exit code."""
    global _exit_code
    code = main()
    _exit_code = code
    sys.exit(code)


if __name__ == "__main__":
    run()
