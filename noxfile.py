"""Sessions: `nox -s audit` audits the sample corpus, `nox -s tests` runs the test suite.

Every session installs the project from its own files into a fresh virtual environment, so
a new machine needs nothing but Python and nox.
"""


from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def audit(session: nox.Session) -> None:
    """Audit the sample corpus in data/ and write reports/index.html and findings.json."""
    session.install("-e", ".")
    session.run("audit", "run", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite, then the checks of checks/ as pytest items on the sample corpus
    (with the dask extra: tests/test_distributed.py starts a LocalCluster)."""
    session.install("-e", ".[dev,dask]")
    session.run("pytest", "tests", *session.posargs)
    session.run("pytest", "checks", "-q")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff over the package, checks, tests and benchmarks."""
    session.install("ruff")
    session.run("ruff", "check", "audit", "checks", "tests", "benchmarks", "evaluation",
                "noxfile.py")


@nox.session(name="eval")
def evaluate(session: nox.Session) -> None:
    """Accuracy on ../shared/eval: every evaluation/eval_*.py script, in name order."""
    session.install("-e", ".")
    scripts = sorted(Path("evaluation").glob("eval_*.py"))
    if not scripts:
        session.error("no evaluation/eval_*.py scripts")
    for script in scripts:
        session.run("python", str(script), *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Throughput and peak memory of the whole audit on ../shared/corpora/10kgnad-test.csv.

    ``nox -s bench -- --report [ARGS]`` measures the HTML report instead: its size and load
    time in headless Chromium at 1,000 and 10,000 articles (benchmarks/bench_report.py).
    ``-- --adversarial`` times each normaliser and rule file on adversarial text at 10 kB,
    100 kB and 1 MB (benchmarks/bench_adversarial.py); ``-- --bad-input`` runs each bad input of
    tests/bad_inputs.py through ``audit run`` (benchmarks/bench_bad_input.py); ``-- --stages``
    the CPU time of each stage of a whole `audit run` (benchmarks/bench_stages.py);
    ``-- --assertions`` the instructions (callgrind, where valgrind is installed; CPU seconds
    otherwise) of the assertions stage alone on 10kGNAD and the first 100 PolNeAR texts
    (benchmarks/bench_assertions.py).
    ``-- --ab BEFORE [ARGS]`` the CPU time of cold `audit run`s of 10kGNAD x1 in another
    checkout and in this one, alternating, best of three (benchmarks/bench_ab.py).
    ``-- --scale [ARGS]`` measures whole `audit run`s of 10kGNAD x1, x4, x16,
    the local pool against a Dask LocalCluster, and one article (benchmarks/bench_scale.py).
    """
    if "--scale" in session.posargs:
        session.install("-e", ".[dask]")
        arguments = [a for a in session.posargs if a != "--scale"]
        session.run("python", "benchmarks/bench_scale.py", *arguments)
        return
    if "--report" in session.posargs:
        session.install("-e", ".[dev]")  # Playwright drives the browser
        arguments = [a for a in session.posargs if a != "--report"]
        session.run("python", "benchmarks/bench_report.py", *arguments)
        return
    session.install("-e", ".")
    scripts = {"--adversarial": "benchmarks/bench_adversarial.py",
               "--bad-input": "benchmarks/bench_bad_input.py",
               "--stages": "benchmarks/bench_stages.py",
               "--assertions": "benchmarks/bench_assertions.py",
               "--ab": "benchmarks/bench_ab.py"}
    chosen = [scripts[arg] for arg in session.posargs if arg in scripts]
    rest = [arg for arg in session.posargs if arg not in scripts]
    for script in chosen:
        session.run("python", script, *rest)
    if not chosen:
        session.run("python", "benchmarks/bench_audit.py", *session.posargs)
        session.run("python", "benchmarks/bench_events.py")
