"""Writing the reports of an audit into the output folder, all or nothing.

Every report is written into a temporary staging folder inside the output folder and then
renamed into place (a rename within one file system is atomic), so a reader never sees a
half-written file. The renames of one run happen under a lock on the folder with SIGINT and
SIGTERM held, so concurrent runs on one folder end with the complete set of one of them,
never a mix. Temporaries of an interrupted run are removed on the way out; those a killed run
left behind are removed by the next run.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

#: every file ``audit run`` writes into the output folder
REPORTS = ("findings.json", "index.html", "findings.sarif", "junit.xml")
LOCK = ".audit.lock"
#: the names the last run published into the folder, one a line
MANIFEST = ".audit-published"
_TEMPORARY = re.compile(r"^\.(?P<name>.+?)\.(?P<pid>\d+)\..+\.tmp$")


class OutputError(Exception):
    """The output folder cannot take the reports; the message names it and the reason."""


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def check_output(folder: Path) -> None:
    """Say why ``folder`` cannot take the reports, before any work; nothing is created (a
    run that stops on a usage error leaves no folder behind)."""
    if not folder.exists():
        ancestor = next((p for p in folder.absolute().parents if p.exists()), None)
        if ancestor is None or not ancestor.is_dir():
            raise OutputError(f"{folder}: cannot create the output folder ({ancestor} is not "
                              "a folder)")
        if not os.access(ancestor, os.W_OK | os.X_OK):
            raise OutputError(f"{folder}: cannot create the output folder ({ancestor} is not "
                              "writable)")
        return
    if not folder.is_dir():
        raise OutputError(f"{folder}: the output folder is a file, not a folder")
    for name in REPORTS:
        if (folder / name).is_dir():
            raise OutputError(f"{folder / name}: is a folder, so the {name} report cannot be "
                              "written there")
    try:
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".probe.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{folder}: the output folder is not writable ({_reason(exc)})") \
            from None
    os.close(handle)
    os.unlink(probe)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove_stale(folder: Path) -> None:
    """Remove the temporaries that runs killed while writing left behind."""
    for entry in folder.iterdir():
        match = _TEMPORARY.match(entry.name)
        if match and int(match["pid"]) != os.getpid() and not _alive(int(match["pid"])):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    entry.unlink()


@contextlib.contextmanager
def _locked(folder: Path):
    """Hold the folder's lock (where the platform has ``fcntl``)."""
    try:
        import fcntl
    except ImportError:  # Windows: renames are still atomic, runs are not serialised
        yield
        return
    with open(folder / LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait while the reports are renamed into place, so a stopped run
    leaves the previous set or its own, never part of each."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def staged(folder: Path):
    """A staging folder inside ``folder`` to write reports into; when the block ends
    without an error, everything in it is renamed into ``folder`` at once (under the lock,
    signals held), and the staging folder is removed either way."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_stale(folder)
        staging = Path(tempfile.mkdtemp(dir=folder, prefix=f".staging.{os.getpid()}.",
                                        suffix=".tmp"))
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write the reports ({_reason(exc)})") from None
    try:
        yield staging
        with _locked(folder), _signals_held():
            published = sorted(entry.name for entry in staging.iterdir())
            for name in published:
                _publish(staging / name, folder / name)
            _forget_stale(folder, published)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write the reports ({_reason(exc)})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _forget_stale(folder: Path, published: list[str]) -> None:
    """Remove what the previous run published and this one did not (a large corpus's
    ``articles/`` before a small one's single page, ``gx/`` of a suite no longer run), and
    record what this run published; files the reports never wrote are left alone."""
    manifest = folder / MANIFEST
    try:
        before = manifest.read_text(encoding="utf-8").splitlines()
    except OSError:
        before = []
    for name in set(before) - set(published):
        if not name or "/" in name or name.startswith("."):
            continue
        stale = folder / name
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                stale.unlink()
    listing = folder / f".{MANIFEST}.{os.getpid()}.new.tmp"
    listing.write_text("".join(f"{name}\n" for name in published), encoding="utf-8")
    os.replace(listing, manifest)


def _publish(entry: Path, target: Path) -> None:
    """Move a staged file (or folder) to its place, replacing what was there."""
    if entry.is_dir() and target.is_dir():
        old = target.with_name(f".{target.name}.{os.getpid()}.old.tmp")
        os.replace(target, old)
        os.replace(entry, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(entry, target)


def write_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` (name → content) into ``folder``, all of them or none."""
    with staged(folder) as staging:
        for name, content in files.items():
            (staging / name).write_bytes(content)


def checks_run(result, disabled: Sequence[Mapping] = ()) -> tuple[list[dict], list[dict]]:
    """The checks that ran, as the reports describe them, and those that did not:
    ``disabled`` (turned off by the configuration or the command line) and the checks that
    skipped themselves (``pytest.skip()``: an error of the check marked ``skipped``), each
    with its ``reason``."""
    skipped = {outcome.spec.code: outcome.error["skipped"] for outcome in result.outcomes
               if outcome.error and outcome.error.get("skipped") is not None}
    ran = [spec.describe() for spec in result.suite.checks if spec.code not in skipped]
    return ran, [*disabled, *({**spec.describe(), "reason": f"skipped: {skipped[spec.code]}"}
                              for spec in result.suite.checks if spec.code in skipped)]


def write_reports(result, folder: Path, fail_on: str, *, disabled: Sequence[Mapping] = (),
                  times: Mapping[str, float] | None = None) -> dict:
    """Write every report of an audit (findings.json, the HTML report, SARIF, JUnit, and
    Great Expectations' Data Docs in ``gx/`` when a suite ran) into ``folder``; return the
    findings.json document."""
    from audit.engine.expectations import write_data_docs
    from audit.report import json as json_report
    from audit.report.html import write_report
    from audit.report.junit import write_junit
    from audit.report.sarif import sarif
    from audit.report.texts import ArticleTexts

    doc = json_report.document(result)
    tables = result.tables
    texts = ArticleTexts(tables.articles)
    checks, disabled = checks_run(result, disabled)
    with staged(folder) as staging:
        json_report.write(staging / "findings.json", doc)
        write_report(staging, doc, tables, checks)
        first_lines = dict(zip(tables.articles.article_id,
                               tables.articles.line_offset.fillna(0).astype(int), strict=True))
        json_report.write(staging / "findings.sarif",
                          sarif(doc, checks, texts, disabled, first_lines, streamed=True))
        write_junit(staging / "junit.xml", doc, checks, fail_on, disabled, times)
        write_data_docs((outcome.spec for outcome in result.outcomes), staging / "gx")
    return doc
