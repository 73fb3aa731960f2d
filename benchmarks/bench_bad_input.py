"""Every bad input of tests/bad_inputs.py through ``audit run``: exit code, time, memory.

Run with ``nox -s bench -- --bad-input`` (or ``python benchmarks/bench_bad_input.py``).
Each case is written beside the two good articles into a fresh folder and audited as a
user would (``python -m audit run FOLDER --output DIR --jobs 1``, from the project root);
the table gives the exit code (and the one expected), the bad input's status, whether the
report says what the case expects (status, reason, good articles audited), the wall time,
the processor time (user and system: on a shared machine the wall time is mostly waiting)
and the peak memory of the audit process. Folders and files a case locks are made
unreadable; run as root, whom that does not stop, the audits run as the user ``nobody``
(through ``setpriv``) so that it does.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.bad_inputs import CASES, GOOD, GOOD_CODES, Case, write_good  # noqa: E402

NOBODY = 65534
TIMEOUT = 300


def _open_to_all(root: Path) -> None:
    """Let another user read the case and write its reports (the audit runs as nobody)."""
    root.chmod(0o777)
    for folder, folders, files in os.walk(root):
        for name in folders:
            path = Path(folder) / name
            if not path.is_symlink():
                path.chmod(0o777)
        for name in files:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                path.chmod(0o666)


def verdict(case: Case, report: dict | None, code: int) -> str:
    """``ok``, or what differs from what the case expects."""
    if report is None:
        return "no findings.json"
    bad = [a for a in report["articles"] if a["path"].endswith(case.path)
           and a["article_id"] not in case.also_audited]
    if len(bad) != 1:
        return f"{len(bad)} rows for the bad input"
    row = bad[0]
    problems = []
    if row["status"] != case.status:
        problems.append(f"status {row['status']}")
    if any(fragment not in (row["reason"] or "") for fragment in case.reason):
        problems.append(f"reason {row['reason']!r}")
    audited = {a["article_id"] for a in report["articles"] if a["status"] == "audited"}
    if not {Path(name).stem for name in GOOD} | set(case.also_audited) <= audited:
        problems.append("good articles not audited")
    for name in GOOD:
        codes = {f["code"] for f in report["findings"] if f["article_id"] == Path(name).stem}
        if not codes >= GOOD_CODES:
            problems.append(f"{name}: findings {sorted(codes)}")
    if code != case.exit_code:
        problems.append(f"exit {code}")
    return "; ".join(problems) or "ok"


def run(case: Case, as_nobody: bool) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bad-input-"))
    try:
        corpus = folder / "corpus"
        write_good(corpus)
        extra = case.make(corpus)
        output = folder / "reports"
        if as_nobody:
            _open_to_all(folder)
        for name in case.locked:
            (folder / name).chmod(0)
        command = [sys.executable, "-m", "audit", "run", str(corpus), *map(str, extra),
                   "--output", str(output), "--jobs", "1", "--quiet"]
        if as_nobody:
            command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                       "--", *command]
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        deadline = started + TIMEOUT
        while (waited := os.wait4(process.pid, os.WNOHANG))[0] == 0:
            if time.perf_counter() > deadline:
                process.kill()
                waited = os.wait4(process.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        _, status, usage = waited
        process.returncode = os.waitstatus_to_exitcode(status)
        code = process.returncode
        stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
        findings = output / "findings.json"
        report = json.loads(findings.read_text(encoding="utf-8")) if findings.exists() else None
        bad = next((a for a in (report or {}).get("articles", [])
                    if a["path"].endswith(case.path)
                    and a["article_id"] not in case.also_audited), None)
        return {"case": case.name, "exit": code, "expected": case.exit_code,
                "status": bad["status"] if bad else "-", "seconds": seconds,
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "peak_mb": usage.ru_maxrss / 1024, "timed_out": seconds > TIMEOUT,
                "verdict": verdict(case, report, code),
                "stderr": stderr.strip().splitlines()[-1:] if code not in (0, 1, 2) else []}
    finally:
        for name in case.locked:
            (folder / name).chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[],
                        help="only cases whose name contains this (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args()
    as_nobody = os.geteuid() == 0 and shutil.which("setpriv") is not None
    if os.geteuid() == 0 and not as_nobody:
        print("run as root without setpriv: the locked cases cannot lock anything",
              file=sys.stderr)
    cases = [c for c in CASES if not args.only or any(w in c.name for w in args.only)]
    print(f"{'case':<36} {'exit':>4} {'want':>4}  {'status':<8} {'wall s':>7} {'CPU s':>6} "
          f"{'peak MB':>7}  verdict")
    rows = []
    for case in cases:
        row = run(case, as_nobody)
        rows.append(row)
        print(f"{row['case']:<36} {row['exit']:>4} {row['expected']:>4}  {row['status']:<8} "
              f"{row['seconds']:7.2f} {row['cpu_seconds']:6.2f} {row['peak_mb']:7.0f}  "
              f"{row['verdict']}"
              + (f"  [{row['stderr'][0]}]" if row["stderr"] else ""), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    failed = [row for row in rows if row["verdict"] != "ok"]
    print(f"\n{len(rows) - len(failed)} of {len(rows)} cases as expected")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
