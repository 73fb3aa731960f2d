"""``audit init``: a starter for a project of its own.

It writes ``checks/`` with one example check (it runs beside the shipped checks), a
``[tool.audit]`` table in ``pyproject.toml`` and an ``audit`` session in ``noxfile.py``.
Nothing that exists is overwritten: a file that is there already is left as it is and said so.
"""

from __future__ import annotations

import json
from pathlib import Path

EXAMPLE_CHECK = '''"""An example check: copy it, rename it, make it yours (see DQ901)."""

from audit import Finding, check


@check("DQ901", severity="info", title="Headline in capitals")
def check_shouting_headline(articles, config):
    """A title written in capital letters only.

    What it does:
        Flags a title of at least ``min-length`` characters (an option, default 10) that has
        letters, none of them lower case.

    Why it matters:
        Headlines in capitals are typical of scraped teasers and clickbait, not of the
        article the desk checked.

    Flagged:
        BRÜCKE WIEDER OFFEN
        Die Brücke über den Fluss ist seit Montag wieder offen.

    Clean:
        Brücke wieder offen
        Die Brücke über den Fluss ist seit Montag wieder offen.
    """
    min_length = int(config.get("min-length", 10))
    for row in articles.itertuples():
        title = row.title or ""
        start = row.text.find(title) if title else -1
        if len(title) >= min_length and title.isupper() and start >= 0:
            yield Finding(row.article_id, start, start + len(title),
                          "the title is written in capitals only")
'''

TOOL_AUDIT = '''
[tool.audit]
corpus = ["data"]          # what `audit run` audits when no path is given
checks = "checks"          # your checks, run after the ones shipped with audit
output = "reports"         # index.html, findings.json, findings.sarif, junit.xml
fail-on = "error"          # info | warning | error | never
disable = []               # codes or families not to run, e.g. ["DQ001", "AIG"]

[tool.audit.options.DQ901]
min-length = 10
'''

NOX_SESSION = '''

# where audit is installed from: as it was installed when `audit init` ran; make it
# something your CI can reach (a git URL at a tag, a wheel, an index)
AUDIT = {requirement!r}


@nox.session
def audit(session: nox.Session) -> None:
    """Audit the corpus named in [tool.audit] and write reports/."""
    session.install(AUDIT)
    session.run("audit", "run", *session.posargs)
'''


def requirement() -> str:
    """How the running audit was installed, as a requirement pip installs again: the
    URL it came from (``direct_url.json``, PEP 610: a git repository at its commit, an
    archive, a folder), else its name and version from an index."""
    from importlib.metadata import distributions

    # (a checkout's own audit.egg-info may come first on sys.path; the installed
    # distribution is the one that says where it came from)
    found = list(distributions(name="audit"))
    if not found:
        return "audit"
    direct = next((d.read_text("direct_url.json") for d in found
                   if d.read_text("direct_url.json")), None)
    if not direct:
        return f"audit=={found[0].version}"
    origin = json.loads(direct)
    if "vcs_info" in origin:
        vcs = origin["vcs_info"]
        return f"audit @ {vcs['vcs']}+{origin['url']}@{vcs['commit_id']}"
    return f"audit @ {origin['url']}"


def write_starter(folder: Path) -> list[str]:
    """Write the starter files into ``folder``; return one line per file saying what was
    done."""
    done = []
    checks = folder / "checks"
    checks.mkdir(parents=True, exist_ok=True)
    example = checks / "check_example.py"
    if example.exists():
        done.append(f"{example}: exists, left as it is")
    else:
        example.write_text(EXAMPLE_CHECK, encoding="utf-8")
        done.append(f"{example}: written (an example check, DQ901)")

    pyproject = folder / "pyproject.toml"
    existing = pyproject.read_text(encoding="utf-8") if pyproject.exists() else ""
    if "[tool.audit]" in existing:
        done.append(f"{pyproject}: has [tool.audit] already, left as it is")
    else:
        separator = "\n" if existing and not existing.endswith("\n") else ""
        pyproject.write_text(existing + separator + TOOL_AUDIT.lstrip("\n" if not existing
                                                                     else ""),
                             encoding="utf-8")
        done.append(f"{pyproject}: [tool.audit] added")

    noxfile = folder / "noxfile.py"
    existing = noxfile.read_text(encoding="utf-8") if noxfile.exists() else ""
    if "def audit(" in existing:
        done.append(f"{noxfile}: has an audit session already, left as it is")
    else:
        header = "" if "import nox" in existing else "import nox\n"
        session = NOX_SESSION.format(requirement=requirement())
        noxfile.write_text(header + existing + session, encoding="utf-8")
        done.append(f"{noxfile}: audit session added (nox -s audit)")
    return done
