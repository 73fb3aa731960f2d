"""Shared test fixtures: the ../shared corpora, and auditing small texts end to end."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the test where it is absent, fails when CI=true."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{path} is missing, and CI=true requires the shared corpora")
        pytest.skip(f"{path} is absent (a fresh clone without ../shared); "
                    "this test reads the shared corpora")
    return path


@pytest.fixture
def seeds() -> Path:
    return shared_path("seeds")


@pytest.fixture
def audit_texts(tmp_path):
    """Audit articles written as files: ``audit_texts({"a.md": "..."}) -> AuditResult``."""
    from audit.config import load_config
    from audit.pipeline import build_tables, run_audit

    def run(files: dict[str, str], checks: Path | None = None,
            enable: list[str] | None = None):
        corpus = tmp_path / "corpus"
        corpus.mkdir(exist_ok=True)
        for name, text in files.items():
            (corpus / name).write_text(text, encoding="utf-8")
        config = load_config(ROOT)
        if checks is not None:
            config.checks = checks
            config.shipped_checks = False
        if enable is not None:  # only these checks (a check off by default among them)
            config.enable = enable
        return run_audit(build_tables([corpus], jobs=1), config)

    return run


@pytest.fixture
def audit_tables(tmp_path):
    """Normalise articles written as files: ``audit_tables({"a.md": "..."}) -> Tables``;
    a ``.jsonl`` file holds several articles."""
    from audit.pipeline import build_tables

    def build(files: dict[str, str]):
        corpus = tmp_path / "tables"
        corpus.mkdir(exist_ok=True)
        for name, text in files.items():
            (corpus / name).write_text(text, encoding="utf-8")
        return build_tables([corpus], jobs=1)

    return build
