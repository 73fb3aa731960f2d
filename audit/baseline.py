"""Baselines and waivers (PRODUCT.md §7): which findings are known and do not fail a run.

A baseline is an earlier findings.json: findings whose fingerprint it lists are marked
``baseline`` so CI fails only on new ones. A waiver, written in ``[tool.audit]``, names a
fingerprint or a whole check code with the reason it is accepted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from audit.findings import ReportedFinding


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
             waivers: list[dict]) -> None:
    """Mark findings that a waiver or the baseline accepts (waivers first)."""
    by_fingerprint = {w["fingerprint"]: w for w in waivers if "fingerprint" in w}
    by_code = {w["code"]: w for w in waivers if "code" in w}
    for finding in findings:
        waiver = by_fingerprint.get(finding.fingerprint) or by_code.get(finding.code)
        if waiver is not None:
            finding.suppressed = f"waived: {waiver['reason']}"
        elif finding.fingerprint in baseline:
            finding.suppressed = "baseline"
