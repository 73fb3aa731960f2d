"""The ``audit`` command's way out (audit/__main__.py): it ends the process without tearing
the interpreter down, after every other exit handler has run, with the command's exit code
and its output flushed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "data" / "corpus" / "atr_de_werk_schliessung.md"  # (3 warnings)


def _command(tmp_path: Path, *args: str, code: str | None = None):
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp"), "NO_COLOR": "1"}
    (tmp_path / "tmp").mkdir(exist_ok=True)
    command = [sys.executable, "-c", code, *args] if code else \
        [sys.executable, "-m", "audit", *args]
    return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)


def test_the_exit_code_and_the_last_line_of_output_survive_the_fast_exit(tmp_path):
    done = _command(tmp_path, "run", str(ARTICLE), "-o", "out", "--fail-on", "warning")
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[-1].startswith("1 articles audited, 0 error, 3 warning")
    assert (tmp_path / "out" / "findings.json").exists()
    # the near miss: nothing at or above --fail-on is exit code 0
    done = _command(tmp_path, "run", str(ARTICLE), "-o", "out", "--fail-on", "error")
    assert done.returncode == 0, done.stderr


def test_exit_handlers_registered_after_the_package_still_run(tmp_path):
    code = ("import atexit, sys\n"
            "from pathlib import Path\n"
            "from audit.__main__ import run\n"
            "atexit.register(Path('handler-ran').write_text, 'yes')\n"
            "sys.argv = ['audit', *sys.argv[1:]]\n"
            "run()\n")
    done = _command(tmp_path, "run", str(ARTICLE), "-o", "out", "--fail-on", "warning",
                    code=code)
    assert done.returncode == 1, done.stderr
    assert (tmp_path / "handler-ran").read_text() == "yes"


def test_worker_processes_and_the_spill_folder_are_cleaned_up(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.audit]\nspill-above = 0\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(4):
        (corpus / f"a{number}.md").write_text(ARTICLE.read_text(encoding="utf-8")
                                              .replace("werk", f"werk{number}"),
                                              encoding="utf-8")
    done = _command(tmp_path, "run", "corpus", "-o", "out", "--jobs", "2", "--fail-on",
                    "never")
    assert done.returncode == 0, done.stderr
    assert "4 articles audited" in done.stdout
    assert list((tmp_path / "tmp").glob("audit-spill-*")) == []
