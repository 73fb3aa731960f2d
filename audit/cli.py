"""The ``audit`` command line: run, table, checks, explain.

Exit codes (PRODUCT.md §6): 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 usage or input error; 3 internal or check error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from audit import __version__
from audit.baseline import BaselineError
from audit.config import FAIL_ON, Config, ConfigError, load_config
from audit.findings import SEVERITIES
from audit.pipeline import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK

TABLES = ("articles", "sentences", "timexes", "entities", "assertions")


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _progress(stage: str):
    """A progress callback that reports about every tenth of the work (long runs only)."""
    state = {"next": 0.1, "started": time.perf_counter()}

    def report(done: int, total: int) -> None:
        if total < 200:
            return
        if done / total >= state["next"] or done == total:
            elapsed = time.perf_counter() - state["started"]
            _log(f"  {stage}: {done}/{total} articles ({elapsed:.1f}s)")
            state["next"] = done / total + 0.1

    return report


def _corpus(paths: list[str], config: Config) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    if config.corpus:
        # shown relative to where the user stands, as they would type it
        return [Path(os.path.relpath(p)) if p.is_relative_to(Path.cwd()) else p
                for p in config.corpus]
    raise SystemExit(_usage("give a PATH to audit, or set corpus in [tool.audit]"))


def _usage(message: str) -> int:
    _log(f"audit: error: {message}")
    return EXIT_INPUT


def _build(paths: list[Path], config: Config, jobs: int | None):
    from audit.ingest import InputError
    from audit.pipeline import build_tables

    try:
        return build_tables(paths, jobs=jobs or config.jobs, progress=_progress("normalised"))
    except InputError as exc:
        raise SystemExit(_usage(str(exc))) from None


def cmd_run(args: argparse.Namespace, config: Config) -> int:
    from audit.engine.registry import CheckSpec
    from audit.ingest import InputError
    from audit.pipeline import audit
    from audit.report import json as json_report
    from audit.report.github import annotations
    from audit.report.html import render_html
    from audit.report.junit import junit
    from audit.report.sarif import sarif
    from audit.report.timeline import dated_assertions

    started = time.perf_counter()
    if args.checks:
        config.checks = Path(args.checks)
    if args.baseline:
        config.baseline = Path(args.baseline)
    fail_on = args.fail_on or config.fail_on
    output = Path(args.output) if args.output else config.output
    paths = _corpus(args.paths, config)

    def announce(spec: CheckSpec) -> None:
        if args.verbose:
            _log(f"  running {spec.code} {spec.name}")

    try:
        result = audit(paths, config, jobs=args.jobs or config.jobs,
                       progress=_progress("normalised"), announce=announce)
    except InputError as exc:
        raise SystemExit(_usage(str(exc))) from None
    tables = result.tables
    audited = int((tables.articles.status == "audited").sum())
    _log(f"audit: {len(tables.articles)} inputs, {audited} articles audited")
    doc = json_report.document(result)
    output.mkdir(parents=True, exist_ok=True)
    json_report.write(output / "findings.json", doc)
    texts = dict(zip(tables.articles.article_id, tables.articles.text, strict=True))
    checks = [spec.describe() for spec in result.suite.checks]
    (output / "index.html").write_text(
        render_html(doc, texts, checks, dated_assertions(tables)), encoding="utf-8")
    json_report.write(output / "findings.sarif", sarif(doc, checks))
    (output / "junit.xml").write_bytes(junit(doc, checks, fail_on))

    github = args.github if args.github is not None else \
        os.environ.get("GITHUB_ACTIONS") == "true"
    if github:
        for line in annotations(doc):
            print(line)
    elif not args.quiet:
        for finding in doc["findings"]:
            where = f"{finding['path']}:{finding['line']}" if finding["path"] else "(corpus)"
            excerpt = f" «{finding['excerpt']}»" if finding["excerpt"] else ""
            known = f" ({finding['suppressed']})" if finding.get("suppressed") else ""
            print(f"{where}: {finding['code']} [{finding['severity']}] "
                  f"{finding['message']}{excerpt}{known}")
        for error in doc["errors"]:
            check = f" {error['check']}" if error["check"] else ""
            print(f"{error['path']}:{check} error: {error['message']}")
    counts = doc["summary"]["findings"]
    print(
        f"{audited} articles audited, "
        + ", ".join(f"{counts[s]} {s}" for s in reversed(SEVERITIES))
        + f", {len(doc['errors'])} errors in {time.perf_counter() - started:.1f}s; "
        f"report: {output / 'index.html'}"
    )
    return result.exit_code(fail_on)


def cmd_table(args: argparse.Namespace, config: Config) -> int:
    from audit.report.tables import write_table

    tables = _build([Path(p) for p in args.paths], config, args.jobs)
    table = tables[args.table]
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    write_table(table, args.format, output)
    _log(f"audit: wrote {len(table)} {args.table} rows to {output}")
    for row in tables.articles[tables.articles.status != "audited"].itertuples():
        _log(f"audit: {row.path}: {row.status}: {row.reason}")
    return EXIT_INPUT if (tables.articles.status == "failed").any() else EXIT_OK


def _suite(args: argparse.Namespace, config: Config):
    from audit.engine.discovery import discover

    suite = discover(Path(args.checks) if args.checks else config.checks)
    for error in suite.errors:
        _log(f"audit: {error['path']}: {error['message']}")
    return suite


def cmd_checks(args: argparse.Namespace, config: Config) -> int:
    suite = _suite(args, config)
    width = max((len(c.code) for c in suite.checks), default=6)
    for spec in suite.checks:
        state = "" if config.selects(spec.code) else "  (disabled)"
        print(f"{spec.code:<{width}}  {spec.severity:<7}  {spec.title}{state}")
    return EXIT_INTERNAL if suite.errors else EXIT_OK


def cmd_explain(args: argparse.Namespace, config: Config) -> int:
    suite = _suite(args, config)
    spec = suite.by_code(args.code)
    if spec is None:
        known = ", ".join(c.code for c in suite.checks)
        return _usage(f"no check with code {args.code!r} (known: {known})")
    print(f"{spec.code} ({spec.severity}): {spec.title}\n")
    for heading, body in (("What it does", spec.what), ("Why it matters", spec.why),
                          ("Flagged example", spec.flagged), ("Clean example", spec.clean)):
        if body:
            print(f"{heading}:")
            print("\n".join("    " + line for line in body.splitlines()) + "\n")
    print(f"Defined in {spec.path} ({spec.name})")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="audit",
        description="Audit news articles for data-quality and misinformation signals.",
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input "
               "error, 3 internal or check error.",
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
    run.add_argument("--checks", metavar="DIR", help="checks folder (default: checks)")
    run.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes")
    run.add_argument("--baseline", metavar="FILE",
                     help="an earlier findings.json: its findings do not fail the run")
    run.add_argument("--quiet", "-q", action="store_true", help="print only the summary")
    run.add_argument("--verbose", "-v", action="store_true", help="name each check as it runs")
    run.add_argument("--github", action=argparse.BooleanOptionalAction, default=None,
                     help="print findings as GitHub Actions annotations (default: when "
                          "GITHUB_ACTIONS=true)")
    run.set_defaults(handler=cmd_run)

    table = commands.add_parser("table", help="export one of the normalised tables")
    table.add_argument("paths", nargs="+", metavar="PATH")
    table.add_argument("--table", required=True, choices=TABLES)
    table.add_argument("--format", default="jsonl", choices=("jsonl", "csv", "parquet"))
    table.add_argument("--output", "-o", required=True, metavar="FILE")
    table.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes")
    table.set_defaults(handler=cmd_table)

    checks = commands.add_parser("checks", help="list the checks (code, severity, title)")
    checks.add_argument("--checks", metavar="DIR", help="checks folder (default: checks)")
    checks.set_defaults(handler=cmd_checks)

    explain = commands.add_parser("explain", help="what a check does, why, with examples")
    explain.add_argument("code")
    explain.add_argument("--checks", metavar="DIR", help="checks folder (default: checks)")
    explain.set_defaults(handler=cmd_explain)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        config = load_config()
    except ConfigError as exc:
        return _usage(str(exc))
    try:
        return args.handler(args, config)
    except BaselineError as exc:
        return _usage(str(exc))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_INPUT
    except KeyboardInterrupt:
        return 130
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
