"""A corpus of bad inputs (issue #17), each beside two good articles.

Each :class:`Case` writes its bad input into a corpus folder that already holds a German and
an English article which the audit reports (TMP002 and ATR001 each), and says what the audit
must make of it: the status and reason of the bad input, and the exit code of ``audit run``.
Large inputs are generated when the case is made, never stored. ``tests/test_bad_input.py``
runs every case through the command line; ``benchmarks/bench_bad_input.py`` times each.

Cases that need a file or folder the audit may not open list it in ``locked``: the runner
takes the permissions away (or, run as root, whom permissions do not stop, makes opening it
fail as it would).
"""

from __future__ import annotations

import csv
import json
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

GOOD = {
    "good_de.md": "---\ntitle: Telefonat\npublished: 2025-02-20\nlanguage: de\n---\n"
                  "Am Montag (15.02.2025) telefonierten die Außenminister. Das bestätigten "
                  "mit den Gesprächen vertraute Quellen.\n",
    "good_en.md": "---\ntitle: Talks\npublished: 2025-02-20\nlanguage: en\n---\n"
                  "On Monday, 15 February 2025, the ministers spoke by phone, people familiar "
                  "with the matter said.\n",
}
#: What each good article is reported for.
GOOD_CODES = {"TMP002", "ATR001"}
MB = 1 << 20


@dataclass(frozen=True)
class Case:
    """One kind of bad input and what the audit must make of it."""

    name: str
    #: Writes the bad input into the corpus folder; returns further paths to give ``audit
    #: run`` after the corpus folder (a folder named on the command line).
    make: Callable[[Path], list[Path]]
    #: The end of the bad input's path in findings.json (a file name, ``file:record``).
    path: str
    status: str
    #: Fragments the reason must hold, in this order.
    reason: tuple[str, ...]
    exit_code: int
    #: Paths (relative to the corpus folder's parent) the audit must not be able to open.
    locked: tuple[str, ...] = ()
    #: Records of the bad input's file that are good and must be audited (article ids).
    also_audited: tuple[str, ...] = ()
    #: A warning the bad input's row must carry.
    warning: str | None = None
    large: bool = False
    extra: dict = field(default_factory=dict)


def write_good(corpus: Path) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for name, text in GOOD.items():
        (corpus / name).write_text(text, encoding="utf-8")


def _front_matter(published: str) -> Callable[[Path], list[Path]]:
    def make(corpus: Path) -> list[Path]:
        (corpus / "bad.md").write_text(f"---\ntitle: Alt\npublished: {published}\n---\n"
                                       "Am Montag wurde verhandelt.\n", encoding="utf-8")
        return []
    return make


def _nested(depth: int) -> str:
    return '{"id": "deep", "text": "Tief.", "extra": ' + "[" * depth + "]" * depth + "}"


def _nested_jsonl(corpus: Path) -> list[Path]:
    good = json.dumps({"id": "rec-ok", "text": "Am Montag wurde in Genf verhandelt."})
    (corpus / "bad.jsonl").write_text(f"{good}\n{_nested(5000)}\n", encoding="utf-8")
    return []


def _nested_json(corpus: Path) -> list[Path]:
    good = json.dumps({"id": "rec-ok", "text": "Am Montag wurde in Genf verhandelt."})
    (corpus / "bad.json").write_text(f"[{good},\n{_nested(5000)}]", encoding="utf-8")
    return []


def _nested_moderately(corpus: Path) -> list[Path]:
    good = json.dumps({"id": "rec-ok", "text": "Am Montag wurde in Genf verhandelt."})
    (corpus / "bad.jsonl").write_text(f"{good}\n{_nested(100)}\n", encoding="utf-8")
    return []


def _surrogate(key: str, suffix: str) -> Callable[[Path], list[Path]]:
    def make(corpus: Path) -> list[Path]:
        record = {"id": "sur", "title": "Titel", "text": "Ein Text mit SURROGATE darin."}
        line = json.dumps(record).replace("SURROGATE", "\\ud800") if key == "text" else \
            json.dumps(record).replace('"sur"', '"\\udc80x"')
        good = json.dumps({"id": "rec-ok", "text": "Am Montag wurde in Genf verhandelt."})
        content = f"{good}\n{line}\n" if suffix == ".jsonl" else f"[{good}, {line}]"
        (corpus / f"bad{suffix}").write_text(content, encoding="utf-8")
        return []
    return make


def _non_utf8_name(corpus: Path) -> list[Path]:
    name = os.fsdecode(b"caf\xe9.md")
    (corpus / name).write_text("---\ntitle: Café\n---\nDas Café öffnete am Montag.\n",
                               encoding="utf-8")
    return []


def _locked_folder_argument(corpus: Path) -> list[Path]:
    folder = corpus.parent / "locked"
    folder.mkdir()
    (folder / "inside.md").write_text("Ein Text im verschlossenen Ordner.\n", encoding="utf-8")
    return [folder]


def _locked_subfolder(corpus: Path) -> list[Path]:
    (corpus / "sub").mkdir()
    (corpus / "sub" / "inside.md").write_text("Ein Text im Unterordner.\n", encoding="utf-8")
    return []


def _locked_file(corpus: Path) -> list[Path]:
    (corpus / "locked.md").write_text("Ein Text, der nicht gelesen werden darf.\n",
                                      encoding="utf-8")
    return []


def _fifo(corpus: Path) -> list[Path]:
    os.mkfifo(corpus / "pipe.md")
    return []


def _socket(corpus: Path) -> list[Path]:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(corpus / "sock.txt"))
    server.close()  # the socket file stays behind, as a crashed server's does
    return []


def _device(corpus: Path) -> list[Path]:
    (corpus / "null.txt").symlink_to("/dev/null")
    return []


def _single_line(megabytes: float, name: str = "huge.txt") -> Callable[[Path], list[Path]]:
    def make(corpus: Path) -> list[Path]:
        size = int(megabytes * MB)
        with open(corpus / name, "w", encoding="utf-8") as file:
            file.write("Wort " * (size // 5))
        return []
    return make


def _run(unit: str, chars: int) -> Callable[[Path], list[Path]]:
    """A German article whose text is ``unit`` repeated to ``chars`` characters on one line
    (a run of stops, one endless sentence of dates)."""
    def make(corpus: Path) -> list[Path]:
        text = (unit * (chars // len(unit) + 1))[:chars]
        (corpus / "run.md").write_text("---\ntitle: Lauf\npublished: 2025-02-20\nlanguage: de"
                                       f"\n---\n{text}\n", encoding="utf-8")
        return []
    return make


def _jsonl_huge_line(corpus: Path) -> list[Path]:
    good = json.dumps({"id": "rec-ok", "text": "Am Montag wurde in Genf verhandelt."})
    with open(corpus / "bad.jsonl", "w", encoding="utf-8") as file:
        file.write(good + "\n")
        file.write('{"id": "huge", "text": "' + "\\u00e4" * (50 * MB // 6) + '"}\n')
    return []


def _csv_field(column: str) -> Callable[[Path], list[Path]]:
    def make(corpus: Path) -> list[Path]:
        with open(corpus / "big.csv", "w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["id", "title", "text"])
            big = "x" * (10 * MB)
            writer.writerow(["big", big if column == "title" else "Titel",
                             big if column == "text" else "Ein Text."])
            writer.writerow(["rec-ok", "Genf", "Am Montag wurde in Genf verhandelt."])
        return []
    return make


def _empty_array(corpus: Path) -> list[Path]:
    (corpus / "empty.json").write_text("[]\n", encoding="utf-8")
    return []


def _control_characters(corpus: Path) -> list[Path]:
    (corpus / "ctl\x1b\x01.md").write_text(
        "---\ntitle: Bad\x01Title\x1b[31m red\n---\nAm Montag (15.02.2025) \x07 telefonierten "
        "die Außenminister\x1b[0m. Das bestätigten mit den Planungen vertraute Quellen.\n",
        encoding="utf-8")
    return []


def _link_loop(corpus: Path) -> list[Path]:
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    return []


def _broken_link(corpus: Path) -> list[Path]:
    (corpus / "gone.md").symlink_to(corpus / "nowhere.md")
    return []


def _not_utf8(corpus: Path) -> list[Path]:
    (corpus / "latin1.txt").write_bytes("Die Brücke wurde eröffnet.\n".encode("latin-1"))
    return []


def _truncated_parquet(corpus: Path) -> list[Path]:
    (corpus / "cut.parquet").write_bytes(b"PAR1\x15\x04\x15")
    return []


CASES = [
    Case("published-0001-01-01", _front_matter("0001-01-01"), "bad.md", "failed",
         ("publication date '0001-01-01' lies outside the years 1000-8999",), 2),
    Case("published-9999-12-31", _front_matter("9999-12-31"), "bad.md", "failed",
         ("publication date '9999-12-31' lies outside the years 1000-8999",), 2),
    Case("jsonl-nested-5000", _nested_jsonl, "bad.jsonl", "failed",
         ("line 2: invalid JSON (nested too deep to read)",), 2, also_audited=("rec-ok",)),
    Case("json-nested-5000", _nested_json, "bad.json", "failed",
         ("record 2 and any after it: invalid JSON nested too deep to read",), 2,
         also_audited=("rec-ok",)),
    Case("jsonl-nested-100", _nested_moderately, "bad.jsonl", "failed",
         ("line 2 is nested more than 64 levels deep", "max-record-nesting"), 2,
         also_audited=("rec-ok",)),
    Case("json-lone-surrogate-text", _surrogate("text", ".json"), "bad.json", "failed",
         ("record 2: the field 'text' holds a lone surrogate (U+D800 at character 13)",), 2,
         also_audited=("rec-ok",)),
    Case("json-lone-surrogate-id", _surrogate("id", ".json"), "bad.json", "failed",
         ("record 2: the field 'id' holds a lone surrogate (U+DC80 at character 0)",), 2,
         also_audited=("rec-ok",)),
    Case("jsonl-lone-surrogate-text", _surrogate("text", ".jsonl"), "bad.jsonl", "failed",
         ("line 2: the field 'text' holds a lone surrogate",), 2, also_audited=("rec-ok",)),
    Case("file-name-not-utf8", _non_utf8_name, "caf\\xe9.md", "audited", (), 0,
         warning="the file name is not valid UTF-8; it is shown as"),
    Case("folder-argument-cannot-be-entered", _locked_folder_argument, "locked", "failed",
         ("cannot open folder: Permission denied",), 2, locked=("locked",)),
    Case("subfolder-cannot-be-entered", _locked_subfolder, "corpus/sub", "failed",
         ("cannot open folder: Permission denied",), 2, locked=("corpus/sub",)),
    Case("file-cannot-be-read", _locked_file, "locked.md", "failed",
         ("cannot read: Permission denied",), 2, locked=("corpus/locked.md",)),
    Case("named-pipe", _fifo, "pipe.md", "skipped",
         ("a named pipe (FIFO), not a regular file; not opened",), 0),
    Case("socket", _socket, "sock.txt", "skipped", ("a socket, not a regular file",), 0),
    Case("device", _device, "null.txt", "skipped",
         ("a character device, not a regular file; not opened",), 0),
    Case("single-line-50MB", _single_line(50), "huge.txt", "skipped",
         ("file of 52,428,800 bytes", "not read"), 0, large=True),
    Case("single-line-1.5MB", _single_line(1.5), "huge.txt", "skipped",
         ("line 1 of the text has 1,572,860 characters, more than the limit of 200,000",
          "max-line-chars"), 0, large=True),
    # Runs of stops once took sentence splitting time quadratic in their length, and an
    # endless sentence of dates took event dating quadratic time: now audited in linear
    # time (benchmarks/bench_adversarial.py); a line beyond max-line-chars is skipped.
    Case("exclamation-marks-20kB", _run("!", 20_000), "run.md", "audited", (), 0),
    Case("full-stops-20kB", _run(".", 20_000), "run.md", "audited", (), 0),
    Case("ellipses-20kB", _run("…", 20_000), "run.md", "audited", (), 0),
    Case("am-Montag-sentence-190kB", _run("am Montag, ", 190_000), "run.md", "audited", (),
         0),
    Case("dates-sentence-190kB", _run("15.02.2025 ", 190_000), "run.md", "audited", (), 0),
    Case("am-Montag-sentence-1MB", _run("am Montag, ", MB), "run.md", "skipped",
         ("line 6 of the text has 1,048,576 characters, more than the limit of 200,000",
          "max-line-chars"), 0),
    Case("jsonl-line-50MB", _jsonl_huge_line, "bad.jsonl", "skipped",
         ("line 2: a record of more than", "not read"), 0, also_audited=("rec-ok",),
         large=True),
    Case("csv-10MB-text-field", _csv_field("text"), "big.csv", "skipped",
         ("record 1: the text has 10,485,760 characters, more than the limit of 2,000,000",),
         0, also_audited=("rec-ok",), large=True),
    Case("csv-10MB-title-field", _csv_field("title"), "big.csv", "skipped",
         ("record 1: the field 'title' has 10,485,760 characters",), 0,
         also_audited=("rec-ok",), large=True),
    Case("json-empty-array", _empty_array, "empty.json", "skipped",
         ("no records (an empty JSON array)",), 0),
    Case("control-characters", _control_characters, "ctl\x1b\x01.md", "audited", (), 0),
    Case("folder-link-loop", _link_loop, "loop", "skipped",
         ("a link to a folder it lies in; not followed",), 0),
    Case("broken-link", _broken_link, "gone.md", "failed",
         ("cannot read: No such file or directory",), 2),
    Case("text-not-utf8", _not_utf8, "latin1.txt", "failed",
         ("not valid UTF-8 (byte 0xfc at offset 6)",), 2),
    Case("parquet-truncated", _truncated_parquet, "cut.parquet", "failed",
         ("unreadable Parquet",), 2),
]
