"""Baselines and waivers (PRODUCT.md §7): which findings are known and do not fail a run.

A baseline is an earlier findings.json: findings whose fingerprint it lists are marked
``baseline`` so CI fails only on new ones. A waiver, written in ``[tool.audit]``, names a
fingerprint or a whole check code with the reason it is accepted. An article can waive
checks for itself in its front matter (``audit-ignore: [ATR003]`` with
``audit-ignore-reason: …``; the articles table's ``waivers`` column).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from audit.config import matches, unknown_code
from audit.findings import ReportedFinding

if TYPE_CHECKING:
    import pandas as pd

    from audit.config import Config

#: How the reports tell a finding waived by its article's front matter (SARIF: in source).
IN_ARTICLE = "waived in the article: "


class BaselineError(Exception):
    """The baseline file cannot be used; the message names it and the reason."""


def load_baseline(path: Path) -> set[str]:
    """The fingerprints of a findings.json used as baseline."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return {f["fingerprint"] for f in document["findings"]}
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file does not exist") from None
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise BaselineError(f"{path}: not a findings.json ({exc})") from None


def suppress(findings: Iterable[ReportedFinding], baseline: set[str],
             waivers: list[dict], by_article: Mapping[str, list[dict]] | None = None) -> None:
    """Mark findings that a waiver or the baseline accepts: the configuration's waivers
    first, then the article's own (``by_article``: article id → usable waivers), then the
    baseline."""
    by_fingerprint = {w["fingerprint"]: w for w in waivers if "fingerprint" in w}
    by_code = {w["code"]: w for w in waivers if "code" in w}
    by_article = by_article or {}
    for finding in findings:
        waiver = by_fingerprint.get(finding.fingerprint) or by_code.get(finding.code)
        own = next((w for w in by_article.get(finding.article_id, ())
                    if matches(w["code"], finding.code)), None)
        if waiver is not None:
            finding.suppressed = f"waived: {waiver['reason']}"
        elif own is not None:
            finding.suppressed = IN_ARTICLE + own["reason"]
        elif finding.fingerprint in baseline:
            finding.suppressed = "baseline"


def article_waivers(articles: pd.DataFrame, codes: Iterable[str],
                    roots: Sequence[Path] = ()) -> tuple[dict[str, list[dict]], list[dict]]:
    """The usable waivers of each article's front matter (article id → waivers), and an
    error (``{"path", "check": None, "message"}``) for each that cannot be used: no reason,
    or a code that names no check (the message names the closest one).

    ``codes`` are the checks that run; a code among them is known at once, any other is
    looked up among all the checks of ``roots`` (a waiver of a check turned off is fine).
    """
    # (only the columns read: a row of every column would make a string of each text)
    read = [c for c in ("article_id", "path", "record", "waivers") if c in articles.columns]
    declared = [(row.article_id, row.path, _declared_in(row), waiver)
                for row in articles[read].itertuples(index=False)
                for waiver in (getattr(row, "waivers", None) or ())]
    codes = set(codes)
    if roots and any(unknown_code(w["code"], codes) for *_, w in declared):
        from audit.engine.discovery import discover

        codes |= {spec.code for spec in discover(roots).checks}
    usable: dict[str, list[dict]] = {}
    errors = []
    for article_id, path, where, waiver in declared:
        problem = unknown_code(waiver["code"], codes) if waiver["code"] else \
            "names no check code"
        if problem is None and not waiver["reason"]:
            problem = f"{waiver['code']} needs a reason: audit-ignore-reason: why its " \
                      "findings are accepted"
        if problem:
            errors.append({"path": path, "check": None,
                           "message": f"{where} audit-ignore: {problem}"})
        else:
            usable.setdefault(article_id, []).append(waiver)
    return usable, errors


def _declared_in(row) -> str:
    """Where an article's waivers are written, as an error names it: its file's front matter,
    or the fields of its record (a record's file holds many articles)."""
    record = getattr(row, "record", None)
    if record is None or record != record:  # None or NaN: a text file
        return "front matter"
    return f"record [id={row.article_id}]:"


def settle(findings: Iterable[ReportedFinding], articles: pd.DataFrame, suite,
           config: Config) -> list[dict]:
    """Mark the findings that the baseline, the configuration's waivers or an article's own
    waivers accept (:func:`suppress`); the errors of the articles' waivers that cannot be
    used (:func:`article_waivers`; those waive nothing). ``suite`` holds the checks that ran.
    """
    mark, errors = settling(articles, suite, config)
    mark(findings)
    return errors


def settling(articles: pd.DataFrame, suite, config: Config
             ) -> tuple[Callable[[Iterable[ReportedFinding]], None], list[dict]]:
    """What :func:`settle` does, for findings that come a batch at a time: a function that
    marks a batch, and the errors of the articles' waivers that cannot be used."""
    baseline = load_baseline(config.baseline) if config.baseline else set()
    usable, errors = article_waivers(articles, (spec.code for spec in suite.checks),
                                     config.check_roots)

    def mark(findings: Iterable[ReportedFinding]) -> None:
        suppress(findings, baseline, config.waivers, usable)

    return mark, errors
