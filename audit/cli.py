"""The ``audit`` command line: run, table, checks, explain, init.

Exit codes (PRODUCT.md §6): 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 usage or input error; 3 internal or check error; 128 + the signal's number when stopped
by SIGINT (130) or SIGTERM (143).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import time
import unicodedata
from pathlib import Path

from audit import __version__
from audit.baseline import BaselineError
from audit.config import FAIL_ON, Config, ConfigError, load_config, matches
from audit.findings import SEVERITIES, location, severity_rank

# PRODUCT.md §6, as audit.pipeline decides them (not imported from there: it loads pandas,
# and `audit --version` or a signal handler should not wait for that)
EXIT_OK, EXIT_INPUT, EXIT_INTERNAL = 0, 2, 3

OUTPUT_FORMATS = ("text", "json", "sarif", "junit", "github")
_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}


def _stop(signum: int, _frame) -> None:
    """SIGTERM outside the audit itself (discovery, writing the reports) stops the run as
    inside it: with :class:`audit.interrupt.Interrupted` (exit 128 + signum)."""
    from audit.interrupt import Interrupted

    raise Interrupted(signum)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _colour(stream) -> bool:
    """Colour only on a terminal, and never where NO_COLOR is set (FORCE_COLOR forces it)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


#: A run shorter than this draws no progress bar (its summary comes at once anyway).
PROGRESS_AFTER = 1.0
_BAR = 24


class Progress:
    """A progress bar on stderr, redrawn in place, for a run long enough to need one
    (from :data:`PROGRESS_AFTER` seconds on) when stderr is a terminal. It counts work as
    it finishes (partitions of articles come back in any order), and its last state stays
    on the screen as a line of its own."""

    def __init__(self, stage: str, unit: str) -> None:
        self.stage, self.unit = stage, unit
        self.started = time.perf_counter()
        self.drawn = False

    @classmethod
    def on_terminal(cls, stage: str, unit: str) -> Progress | None:
        return cls(stage, unit) if sys.stderr.isatty() else None

    def __call__(self, done: int, total: int, note: str = "") -> None:
        elapsed = time.perf_counter() - self.started
        if not self.drawn and elapsed < PROGRESS_AFTER:
            return
        self.drawn = True
        filled = _BAR * done // total if total else _BAR
        bar = "█" * filled + "·" * (_BAR - filled)
        line = f"  {self.stage} [{bar}] {done}/{total} {self.unit} {elapsed:.1f}s {note}"
        width = shutil.get_terminal_size().columns
        end = "\n" if done >= total else ""
        print(f"\r{_fit(line.rstrip(), width - 1)}\033[K", end=end, file=sys.stderr, flush=True)


def _progress(stage: str) -> Progress | None:
    """The progress bar of normalisation (None unless stderr is a terminal)."""
    return Progress.on_terminal(stage, "articles")


def _columns(character: str) -> int:
    """How many terminal columns a character takes: 2 for East Asian wide ones (and most
    emoji), 0 for combining marks, else 1."""
    if unicodedata.combining(character):
        return 0
    return 2 if unicodedata.east_asian_width(character) in "WF" else 1


def _fit(line: str, width: int) -> str:
    """``line`` on one row of a terminal ``width`` columns wide (cut with "…")."""
    line = " ".join(line.splitlines())
    used = 0
    for index, character in enumerate(line):
        used += _columns(character)
        if used > width:
            kept = line[:index]
            while kept and sum(map(_columns, kept)) > width - 1:
                kept = kept[:-1]
            return kept + "…"
    return line


def _as_typed(path: Path) -> Path:
    """A configured path as the user would type it: relative to where they stand, if it is
    below it (so reports name ``checks/check_x.py``, not an absolute path)."""
    return Path(os.path.relpath(path)) if path.is_absolute() and \
        path.is_relative_to(Path.cwd()) else path


def _corpus(paths: list[str], config: Config) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    if config.corpus:
        return [_as_typed(p) for p in config.corpus]
    raise SystemExit(_usage("give a PATH to audit, or set corpus in [tool.audit]"))


def _usage(message: str) -> int:
    _log(f"audit: error: {message}")
    return EXIT_INPUT


def _build(paths: list[Path], config: Config, jobs: int | None):
    from audit.ingest import InputError
    from audit.pipeline import build_tables

    try:
        return build_tables(paths, jobs=jobs or config.jobs, progress=_progress("normalising"),
                            config=config)
    except InputError as exc:
        raise SystemExit(_usage(str(exc))) from None


def _patterns(values: list[str] | None) -> list[str] | None:
    """``--select TMP,ATR001 --select DQ`` as one list of codes and families."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _configure(args: argparse.Namespace, config: Config) -> None:
    """Apply the run's options to the configuration."""
    config.checks = _as_typed(config.checks)
    if getattr(args, "checks", None):  # these checks (the shipped ones too only if asked)
        config.checks = Path(args.checks)
        config.shipped_checks = bool(args.shipped_checks)
    elif getattr(args, "shipped_checks", None) is not None:
        config.shipped_checks = args.shipped_checks


def _discovered(args: argparse.Namespace, config: Config):
    """All checks found (selected or not); the configuration and ``--select``/``--ignore``
    checked against them, then the selection applied. Also: why each check turned off does
    not run (code → reason)."""
    from audit.config import unknown_code
    from audit.engine.discovery import discover

    suite = discover(config.check_roots)
    config.validate(suite.checks)
    codes = [spec.code for spec in suite.checks]
    select, ignore = _patterns(getattr(args, "select", None)), \
        _patterns(getattr(args, "ignore", None))
    for option, patterns in (("--select", select or []), ("--ignore", ignore or [])):
        for pattern in patterns:
            problem = unknown_code(pattern, codes)
            if problem:
                raise SystemExit(_usage(f"{option}: {problem}"))
    configured = {spec.code for spec in suite.checks if config.selects(spec)}
    if select is not None:
        config.enable = select
    if ignore:
        config.disable = [*config.disable, *ignore]
    off = {spec.code: _why_off(spec, spec.code in configured, config)
           for spec in suite.checks if not config.selects(spec)}
    return suite, off


def _why_off(spec, configured: bool, config: Config) -> str:
    """Why a check does not run: the command line, the configuration, or its default."""
    if configured:
        return "not selected (--select/--ignore)"
    if not spec.enabled and not any(matches(p, spec.code) for p in config.disable):
        return f"off by default (enable = [\"{spec.code}\"] or --select {spec.code} runs it)"
    return "disabled in [tool.audit]"


def _timer():
    """An ``announce`` callback measuring each check from its start to the next one's."""
    times: dict[str, float] = {}
    state: dict = {"code": None, "since": 0.0}

    def announce(spec) -> None:
        now = time.perf_counter()
        if state["code"] is not None:
            times[state["code"]] = now - state["since"]
        state.update(code=spec.code if spec is not None else None, since=now)

    return announce, times


def _announcer(running: int, verbose: bool):
    """The ``announce`` callback of a run of ``running`` checks (called with each check as
    it starts, then with None): each check's seconds (into the dict returned beside it), a
    progress bar of the checks on a terminal, or with ``verbose`` a line naming each."""
    timer, times = _timer()
    checking = None if verbose else Progress.on_terminal("checking", "checks")
    started: list[str] = []  # the codes announced

    def announce(spec) -> None:
        timer(spec)
        if spec is None:  # all checks ran
            if checking:
                checking(running, running)
            return
        if checking:
            checking(len(started), running, spec.code)
            started.append(spec.code)
        if verbose:
            _log(f"  running {spec.code} {spec.name}")

    return announce, times


def cmd_run(args: argparse.Namespace, config: Config) -> int:
    from audit.ingest import InputError
    from audit.normalise.build import WorkerLost
    from audit.pipeline import audit
    from audit.report.output import check_output, write_reports

    started = time.perf_counter()
    if args.baseline:
        config.baseline = Path(args.baseline)
    _configure(args, config)
    fail_on = args.fail_on or config.fail_on
    output = Path(args.output) if args.output else config.output
    fmt = args.output_format or ("github" if args.github or (
        args.github is None and os.environ.get("GITHUB_ACTIONS") == "true") else "text")
    paths = _corpus(args.paths, config)
    everything, off = _discovered(args, config)
    check_output(output)

    announce, times = _announcer(len(everything.checks) - len(off), args.verbose)
    scheduler = args.scheduler or config.scheduler
    cluster, cluster_errors = {}, (WorkerLost,)
    if scheduler:  # dask only when asked for
        try:
            from audit.engine.distributed import ClusterError
        except ImportError as exc:
            raise SystemExit(_usage(f"--scheduler: cannot run on a Dask cluster ({exc})")) \
                from None
        cluster, cluster_errors = {"scheduler": scheduler}, (ClusterError, WorkerLost)
    try:
        result = audit(paths, config, jobs=args.jobs or config.jobs,
                       progress=_progress("normalising"), announce=announce,
                       suite=everything, **cluster)
    except InputError as exc:
        raise SystemExit(_usage(str(exc))) from None
    except cluster_errors as exc:  # (the partition, its articles and the reason)
        _log(f"audit: error: {exc}")
        return EXIT_INTERNAL
    announce(None)
    disabled = [{**spec.describe(), "reason": off[spec.code]}
                for spec in everything.checks if spec.code in off]
    junit_times = times if args.junit_times else None
    doc = write_reports(result, output, fail_on, disabled=disabled, times=junit_times)
    from audit.report.texts import ArticleTexts

    tables = result.tables
    texts = ArticleTexts(tables.articles)
    _print(fmt, doc, result, texts, fail_on, disabled, junit_times, output, args.quiet)
    audited = int((tables.articles.status == "audited").sum())
    _summary(doc, audited, output, time.perf_counter() - started,
             sys.stdout if fmt == "text" else sys.stderr)
    return result.exit_code(fail_on)


def _print(fmt: str, doc: dict, result, texts: dict, fail_on: str, disabled: list,
           times: dict | None, output: Path, quiet: bool) -> None:
    """What goes to stdout: the findings in the chosen format."""
    from audit.report import json as json_report
    from audit.report.output import checks_run

    if fmt in ("sarif", "junit"):  # (only they describe the checks)
        checks, disabled = checks_run(result, disabled)
    if fmt == "json":
        sys.stdout.write(json_report.dumps(doc))
    elif fmt == "sarif":
        from audit.report.sarif import sarif

        sys.stdout.write(json_report.dumps(sarif(doc, checks, texts, disabled)))
    elif fmt == "junit":
        from audit.report.junit import junit

        sys.stdout.write(junit(doc, checks, fail_on, disabled, times).decode("utf-8") + "\n")
    elif fmt == "github":
        from audit.report.github import annotations

        for line in annotations(doc, texts, str(output / "index.html")):
            print(line)
    elif not quiet:
        _print_text(doc)


def _print_text(doc: dict) -> None:
    """The findings, most severe first; on a terminal only as many as fit one screen, one
    row each, and at most five errors (all of them are in the report)."""
    colour = _colour(sys.stdout)
    terminal = sys.stdout.isatty()
    columns, rows = shutil.get_terminal_size()
    counting = [f for f in doc["findings"] if not f.get("suppressed")]
    counting.sort(key=lambda f: -severity_rank(f["severity"]))
    errors = doc["errors"]
    error_room = min(len(errors), 5) if terminal else len(errors)
    # besides the findings: two bars, two '… and more' lines, the summary, the prompt
    room = max(5, rows - 6 - error_room) if terminal else len(counting)
    for finding in counting[:room]:
        severity = finding["severity"]
        excerpt = f" «{finding['excerpt']}»" if finding["excerpt"] else ""
        line = f"{location(finding)}: {finding['code']} [{severity}] {finding['message']}" \
               f"{excerpt}"
        if terminal:
            line = _fit(line, columns - 1)
        if colour:
            line = line.replace(f"[{severity}]", f"[{_COLOURS[severity]}{severity}\033[0m]", 1)
        print(line)
    if len(counting) > room:
        print(f"… and {len(counting) - room} more findings (all of them are in the report)")
    for error in errors[:error_room]:
        check = f" {error['check']}" if error["check"] else ""
        line = f"{error['path']}:{check} error: {error['message']}"
        print(_fit(line, columns - 1) if terminal else line)
    if len(errors) > error_room:
        print(f"… and {len(errors) - error_room} more errors (all of them are in the report)")


def _summary(doc: dict, audited: int, output: Path, seconds: float, stream) -> None:
    counts = doc["summary"]["findings"]
    suppressed = sum(1 for f in doc["findings"] if f.get("suppressed"))
    known = f" ({suppressed} of them baseline or waived)" if suppressed else ""
    print(f"{audited} articles audited, "
          + ", ".join(f"{counts[s]} {s}" for s in reversed(SEVERITIES))
          + f"{known}, {len(doc['errors'])} errors in {seconds:.1f}s; "
          f"report: {output / 'index.html'}", file=stream)


def cmd_table(args: argparse.Namespace, config: Config) -> int:
    from audit.config import closest
    from audit.report.tables import write_table
    from audit.tables import TABLE_NAMES

    if args.table not in TABLE_NAMES:
        return _usage(f"--table: no table {args.table!r}{closest(args.table, TABLE_NAMES)} "
                      f"(tables: {', '.join(TABLE_NAMES)})")

    tables = _build([Path(p) for p in args.paths], config, args.jobs)
    table = tables[args.table]
    output = Path(args.output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_table(table, args.format, output)
    except OSError as exc:
        return _usage(f"{output}: cannot write the table ({exc.strerror or exc})")
    _log(f"audit: wrote {len(table)} {args.table} rows to {output}")
    for row in tables.articles[tables.articles.status != "audited"].itertuples():
        _log(f"audit: {row.path}: {row.status}: {row.reason}")
    return EXIT_INPUT if (tables.articles.status == "failed").any() else EXIT_OK


def _suite(args: argparse.Namespace, config: Config):
    """The checks found (and why each one that does not run is off), the files that could
    not load said on stderr."""
    _configure(args, config)
    suite, off = _discovered(args, config)
    for error in suite.errors:
        _log(f"audit: {error['path']}: {error['message']}")
    return suite, off


def cmd_checks(args: argparse.Namespace, config: Config) -> int:
    suite, off = _suite(args, config)
    width = max((len(c.code) for c in suite.checks), default=6)
    for spec in suite.checks:
        state = "" if spec.code not in off else "  (off by default)" \
            if off[spec.code].startswith("off by default") else "  (disabled)"
        print(f"{spec.code:<{width}}  {spec.severity:<7}  {spec.title}{state}")
    return EXIT_INTERNAL if suite.errors else EXIT_OK


def cmd_explain(args: argparse.Namespace, config: Config) -> int:
    from audit.config import closest

    suite, off = _suite(args, config)
    spec = suite.by_code(args.code)
    if spec is None:
        return _usage(f"no check with code {args.code!r}"
                      f"{closest(args.code, [c.code for c in suite.checks])}; "
                      "`audit checks` lists them")
    print(f"{spec.code} ({spec.severity}): {spec.title}\n")
    for heading, body in (("What it does", spec.what), ("Why it matters", spec.why),
                          ("Flagged example", spec.flagged), ("Clean example", spec.clean)):
        if body:
            print(f"{heading}:")
            print("\n".join("    " + line for line in body.splitlines()) + "\n")
    if spec.options:
        print(f"Options ([tool.audit.options.{spec.code}]):")
        for name, default in spec.options.items():
            shown = "none" if default is None else repr(default)
            print(f"    {name} (default: {shown})")
        print()
    if spec.code in off:
        print(f"Not run here: {off[spec.code]}\n")
    print(f"Defined in {spec.path} ({spec.name})")
    return EXIT_OK


def cmd_init(args: argparse.Namespace, config: Config) -> int:
    from audit.starter import write_starter

    for line in write_starter(Path(args.folder)):
        print(line)
    return EXIT_OK


def _check_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--checks", metavar="DIR",
                         help="run the checks of DIR instead of the configured folder and "
                              "the shipped checks (add --shipped-checks for both)")
    command.add_argument("--shipped-checks", action=argparse.BooleanOptionalAction,
                         default=None, help="run the checks shipped with audit too "
                                            "(default: yes, unless --checks is given)")
    command.add_argument("--select", action="append", metavar="CODES",
                         help="run only these checks: codes or families, comma-separated "
                              "(--select TMP,ATR001)")
    command.add_argument("--ignore", action="append", metavar="CODES",
                         help="do not run these checks: codes or families")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="audit",
        description="Audit news articles for data-quality and misinformation signals.",
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input "
               "error, 3 internal or check error, 130/143 stopped by SIGINT/SIGTERM.",
    )
    top.add_argument("--version", action="version", version=f"audit {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="audit articles and write the reports")
    run.add_argument("paths", nargs="*", metavar="PATH",
                     help="files or folders (.txt .md .jsonl .json .csv .parquet); "
                          "default: corpus in [tool.audit]")
    run.add_argument("--output", "-o", metavar="DIR", help="report folder (default: reports)")
    run.add_argument("--fail-on", choices=FAIL_ON,
                     help="lowest severity that makes the exit code 1 (default: error)")
    _check_options(run)
    run.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="run normalisation and the article checks on the Dask cluster at "
                          "ADDRESS (tcp://HOST:8786; needs pip install 'audit[dask]')")
    run.add_argument("--baseline", metavar="FILE",
                     help="an earlier findings.json: its findings do not fail the run")
    run.add_argument("--output-format", choices=OUTPUT_FORMATS,
                     help="what to print on stdout (default: text; github when "
                          "GITHUB_ACTIONS=true); the report folder is written either way")
    run.add_argument("--junit-times", action="store_true",
                     help="write each check's seconds into junit.xml (then two runs differ)")
    run.add_argument("--quiet", "-q", action="store_true", help="print only the summary")
    run.add_argument("--verbose", "-v", action="store_true", help="name each check as it runs")
    run.add_argument("--github", action=argparse.BooleanOptionalAction, default=None,
                     help="the same as --output-format github (--no-github: not even on "
                          "GitHub Actions)")
    run.set_defaults(handler=cmd_run)

    table = commands.add_parser("table", help="export one of the normalised tables")
    table.add_argument("paths", nargs="+", metavar="PATH")
    table.add_argument("--table", required=True, metavar="NAME",
                       help="articles, sentences, timexes, entities, assertions, quantities, "
                            "events (every table of audit.tables)")
    table.add_argument("--format", default="jsonl", choices=("jsonl", "csv", "parquet"))
    table.add_argument("--output", "-o", required=True, metavar="FILE")
    table.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes")
    table.set_defaults(handler=cmd_table)

    checks = commands.add_parser("checks", help="list the checks (code, severity, title)")
    _check_options(checks)
    checks.set_defaults(handler=cmd_checks)

    explain = commands.add_parser("explain",
                                  help="what a check does, why, its options, with examples")
    explain.add_argument("code")
    _check_options(explain)
    explain.set_defaults(handler=cmd_explain)

    init = commands.add_parser("init", help="write a starter checks/ folder, [tool.audit] "
                                            "and a nox session into a project")
    init.add_argument("folder", nargs="?", default=".", help="the project folder (default: .)")
    init.set_defaults(handler=cmd_init)
    return top


def main(argv: list[str] | None = None) -> int:
    import threading

    args = parser().parse_args(argv)
    if threading.current_thread() is not threading.main_thread():
        return _main(args)
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        return _main(args)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _main(args: argparse.Namespace) -> int:
    from audit.report.output import OutputError

    try:
        config = load_config()
        return args.handler(args, config)
    except (ConfigError, BaselineError, OutputError) as exc:
        return _usage(str(exc))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_INPUT
    except KeyboardInterrupt as exc:
        signum = getattr(exc, "signum", signal.SIGINT)
        _log(f"audit: stopped by {signal.Signals(signum).name}; no reports were written "
             "by this run")
        return 128 + signum
    except BrokenPipeError:  # output piped into `head` and closed: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # an internal error: say so, with the exit code for it
        import traceback

        traceback.print_exc()
        _log(f"audit: internal error: {type(exc).__name__}: {exc}")
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
