"""JUnit XML: one test case per check, failing where it found something at or above fail-on.

CI systems that show test results (GitLab, Jenkins, Azure) read this without a plugin. The
story is the exit code's: findings a baseline or waiver accepts do not fail a case (they are
listed in its output with the reason), a check the configuration turned off is a skipped
case, a check that raised or a checks file that cannot load is an error case, and failed
inputs are an error case of their own.

The XML is written as text, a piece at a time, not built as an element tree: a check's
findings are read once, each one's line escaped and kept as UTF-8 bytes in its check's
buffer, and written from there (at 10kGNAD x16 the lines as strings, their joined texts
and the tree were +48 MB over the reports before; the file is 12 MB).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from audit.findings import location, severity_rank

#: characters XML 1.0 does not allow, even escaped (C0 controls but tab/newline/return,
#: surrogates, U+FFFE/U+FFFF): shown as \xNN / \uNNNN so the file stays well-formed
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
DECLARATION = b"<?xml version='1.0' encoding='utf-8'?>\n"


def xml_text(text: str) -> str:
    """``text`` with the characters XML cannot carry written as escapes."""
    def escape(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _NOT_XML.sub(escape, text)


def _text(text: str) -> str:
    """``text`` as the content of an element: XML-safe, markup escaped."""
    return xml_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markup_escaped(text: bytes) -> bytes:
    """:func:`_text`'s escaping of UTF-8 text made XML-safe already (no byte of a
    character beyond ASCII is one of ``&<>``): a few passes in C over a whole text, not
    three calls per line."""
    return text.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")


def _attribute(value: object) -> str:
    """``value`` as the text of a double-quoted attribute; its line breaks and tabs as
    character references (a parser would read them as spaces)."""
    return _text(str(value)).replace('"', "&quot;").replace("\n", "&#10;") \
        .replace("\r", "&#13;").replace("\t", "&#9;")


def _tag(tag: str, /, **attributes) -> str:
    """An opening tag; attributes whose value is None are left out."""
    return f"<{tag}" + "".join(f' {key}="{_attribute(value)}"'
                                for key, value in attributes.items()
                                if value is not None) + ">"


def _element(tag: str, text: str, /, **attributes) -> bytes:
    """An element with ``text`` as its content."""
    return (_tag(tag, **attributes) + _text(text) + f"</{tag}>").encode("utf-8")


def _line(finding: Mapping) -> str:
    suppressed = f" (suppressed: {finding['suppressed']})" if finding.get("suppressed") else ""
    excerpt = f" «{finding['excerpt']}»" if finding["excerpt"] else ""
    return (f"{location(finding)}: [{finding['severity']}] {finding['message']}{excerpt}"
            f"{suppressed}")


def junit(document: Mapping, checks: Sequence[Mapping], fail_on: str,
          disabled: Sequence[Mapping] = (), times: Mapping[str, float] | None = None) -> bytes:
    """The JUnit XML of a findings.json document.

    ``checks`` (as from ``CheckSpec.describe``) are the checks that ran, ``disabled`` those
    the configuration turned off; ``times`` gives seconds per check code where measured.
    Without ``times`` no ``time`` attribute is written, so two runs of one audit give the
    same bytes (CI caches and diffs reports); ``audit run --junit-times`` asks for them.
    """
    return b"".join(_pieces(document, checks, fail_on, disabled, times))


def write_junit(path: Path, document: Mapping, checks: Sequence[Mapping], fail_on: str,
                disabled: Sequence[Mapping] = (),
                times: Mapping[str, float] | None = None) -> None:
    """Write :func:`junit`'s XML to ``path`` a test case at a time."""
    with path.open("wb") as out:
        for piece in _pieces(document, checks, fail_on, disabled, times):
            out.write(piece)


def _pieces(document: Mapping, checks: Sequence[Mapping], fail_on: str,
            disabled: Sequence[Mapping], times: Mapping[str, float] | None
            ) -> Iterator[bytes]:
    """The XML: the suite's counts (so every case is told before the first is written),
    then its cases, each written (and its findings' text let go) in turn."""
    by_code: dict[str, _Found] = {spec["code"]: _Found() for spec in checks}
    for finding in document["findings"]:
        by_code.setdefault(finding["code"], _Found()).add(finding, fail_on)
    check_errors = {e["check"]: e for e in document["errors"] if e["check"]}
    cases = [_check_case(spec, by_code[spec["code"]], check_errors.get(spec["code"]),
                         times) for spec in checks]
    cases += _load_error_cases(document)
    cases += _failed_inputs_case(document)
    cases += [_disabled_case(spec, times) for spec in disabled]
    outcomes = [outcome for outcome, _ in cases]
    yield DECLARATION + _tag(
        "testsuite", name="audit", tests=len(outcomes),
        **{outcome: outcomes.count(outcome) for outcome in ("failures", "errors", "skipped")},
        time=None if times is None else f"{sum(times.values()):.3f}").encode("utf-8")
    for _, case in cases:
        yield from case()
    yield b"</testsuite>"


class _Found:
    """What a check's test case says of its findings, gathered as they are read: the line
    of each (XML-safe, in UTF-8, one buffer for all), how many count, whether one fails the
    run (not the findings themselves: they may be read from disk one at a time,
    audit.engine.spill.FindingsFile)."""

    def __init__(self):
        self.lines = io.BytesIO()
        self.counting = 0
        self.failing = False

    def add(self, finding: Mapping, fail_on: str) -> None:
        if self.lines.tell():
            self.lines.write(b"\n")
        self.lines.write(xml_text(_line(finding)).encode("utf-8"))
        if not finding.get("suppressed"):
            self.counting += 1
            self.failing = self.failing or (
                fail_on != "never" and severity_rank(finding["severity"]) >= severity_rank(fail_on))


#: A test case: what it counts as (errors, failures, skipped or passed), and its XML, made
#: when it is written
_Case = tuple[str, Callable[[], Iterator[bytes]]]


def _seconds(times: Mapping[str, float] | None, code: str) -> str | None:
    return None if times is None else f"{times.get(code, 0.0):.3f}"


def _check_case(spec: Mapping, found: _Found, error: Mapping | None,
                times: Mapping[str, float] | None) -> _Case:
    """The test case of a check that ran."""
    code = spec["code"]
    opening = _tag("testcase", classname=f"audit.{code}", name=f"{code} {spec['title']}",
                   file=spec.get("path"), line=spec.get("line"), time=_seconds(times, code))

    def written(inner: Iterator[bytes]) -> Iterator[bytes]:
        yield opening.encode("utf-8")
        yield from inner
        yield b"</testcase>"

    if error is not None:
        return "errors", lambda: written(iter([_element(
            "error", error.get("traceback") or error["message"], message=error["message"])]))

    def lines() -> Iterator[bytes]:
        text, found.lines = found.lines.getvalue(), None  # (let go once written)
        if found.failing or text:
            # (the text a piece of its own: a copy of a large check's lines is not made)
            yield _tag("failure", message=f"{found.counting} finding(s) of {code}").encode() \
                if found.failing else b"<system-out>"
            yield _markup_escaped(text)
            yield b"</failure>" if found.failing else b"</system-out>"

    return ("failures" if found.failing else "passed"), lambda: written(lines())


def _load_error_cases(document: Mapping) -> list[_Case]:
    """An error case for each checks file that could not load."""
    inputs = {a["path"] for a in document["articles"]}
    return [("errors", _simple_case(
        _tag("testcase", classname="audit.load", name=f"load {error['path']}",
             file=error["path"]),
        _element("error", error["message"], message=error["message"])))
        for error in document["errors"]
        if error["check"] is None and error["path"] not in inputs]  # a checks file


def _failed_inputs_case(document: Mapping) -> list[_Case]:
    """One error case listing the inputs that failed, and the errors of audited inputs (a
    front-matter waiver that cannot be used), if there are any."""
    failed = [a for a in document["articles"] if a["status"] == "failed"]
    audited = {a["path"] for a in document["articles"] if a["status"] == "audited"}
    declared = [e for e in document["errors"] if e["check"] is None and e["path"] in audited]
    if not failed and not declared:
        return []
    what = [f"{len(failed)} input(s) could not be audited"] if failed else []
    if declared:
        what.append(f"{len(declared)} error(s) in what the inputs declare")
    return [("errors", _simple_case(
        _tag("testcase", classname="audit.inputs", name="inputs"),
        _element("error", "\n".join([f"{a['path']}: {a.get('reason')}" for a in failed]
                                    + [f"{e['path']}: {e['message']}" for e in declared]),
                 message="; ".join(what))))]


def _disabled_case(spec: Mapping, times: Mapping[str, float] | None) -> _Case:
    """A skipped case for a check the configuration or the command line turned off."""
    return "skipped", _simple_case(
        _tag("testcase", classname=f"audit.{spec['code']}",
             name=f"{spec['code']} {spec['title']}", file=spec.get("path"),
             line=spec.get("line"), time=None if times is None else "0.000"),
        _tag("skipped", message=spec.get("reason") or "disabled in [tool.audit]")
        .encode("utf-8") + b"</skipped>")


def _simple_case(opening: str, inner: bytes):
    """The XML of a test case whose content is made already."""
    return lambda: iter([opening.encode("utf-8") + inner + b"</testcase>"])
