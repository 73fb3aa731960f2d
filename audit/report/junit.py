"""JUnit XML: one test case per check, failing where it found something at or above fail-on.

CI systems that show test results (GitLab, Jenkins, Azure) read this without a plugin. The
story is the exit code's: findings a baseline or waiver accepts do not fail a case (they are
listed in its output with the reason), a check the configuration turned off is a skipped
case, a check that raised or a checks file that cannot load is an error case, and failed
inputs are an error case of their own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

from audit.findings import location, severity_rank

#: characters XML 1.0 does not allow, even escaped (C0 controls but tab/newline/return,
#: surrogates, U+FFFE/U+FFFF): shown as \xNN / \uNNNN so the file stays well-formed
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with the characters XML cannot carry written as escapes."""
    def escape(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _NOT_XML.sub(escape, text)


def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(str(v)) for k, v in attributes.items()
                                          if v is not None})
    if text is not None:
        element.text = xml_text(text)
    return element


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
    return ET.tostring(_suite(document, checks, fail_on, disabled, times), encoding="utf-8",
                       xml_declaration=True)


def write_junit(path: Path, document: Mapping, checks: Sequence[Mapping], fail_on: str,
                disabled: Sequence[Mapping] = (),
                times: Mapping[str, float] | None = None) -> None:
    """Write :func:`junit`'s XML to ``path`` as it is made (a large corpus's, 12 MB at
    10kGNAD x16, is not held whole as well as its tree)."""
    ET.ElementTree(_suite(document, checks, fail_on, disabled, times)).write(
        path, encoding="utf-8", xml_declaration=True)


def _suite(document: Mapping, checks: Sequence[Mapping], fail_on: str,
           disabled: Sequence[Mapping], times: Mapping[str, float] | None) -> ET.Element:
    by_code: dict[str, _Found] = {spec["code"]: _Found() for spec in checks}
    for finding in document["findings"]:
        by_code.setdefault(finding["code"], _Found()).add(finding, fail_on)
    check_errors = {e["check"]: e for e in document["errors"] if e["check"]}
    suite = ET.Element("testsuite", name="audit")
    outcomes = [_check_case(suite, spec, by_code[spec["code"]],
                            check_errors.get(spec["code"]), fail_on, times)
                for spec in checks]
    outcomes += _load_error_cases(suite, document)
    outcomes += _failed_inputs_case(suite, document)
    outcomes += [_disabled_case(suite, spec, times) for spec in disabled]
    suite.set("tests", str(len(outcomes)))
    for outcome in ("failures", "errors", "skipped"):
        suite.set(outcome, str(outcomes.count(outcome)))
    if times is not None:
        suite.set("time", f"{sum(times.values()):.3f}")
    return suite


class _Found:
    """What a check's test case says of its findings, gathered as they are read: the line
    of each, how many count, whether one fails the run (not the findings themselves: they
    may be read from disk one at a time, audit.engine.spill.FindingsFile)."""

    def __init__(self):
        self.lines: list[str] = []
        self.counting = 0
        self.failing = False

    def add(self, finding: Mapping, fail_on: str) -> None:
        self.lines.append(_line(finding))
        if not finding.get("suppressed"):
            self.counting += 1
            self.failing = self.failing or (
                fail_on != "never" and severity_rank(finding["severity"]) >= severity_rank(fail_on))


def _seconds(times: Mapping[str, float] | None, code: str) -> str | None:
    return None if times is None else f"{times.get(code, 0.0):.3f}"


def _check_case(suite: ET.Element, spec: Mapping, found: _Found,
                error: Mapping | None, fail_on: str,
                times: Mapping[str, float] | None) -> str:
    """The test case of a check that ran; what it counts as: errors, failures or passed."""
    code = spec["code"]
    case = _element(suite, "testcase", classname=f"audit.{code}",
                    name=f"{code} {spec['title']}", file=spec.get("path"),
                    line=spec.get("line"), time=_seconds(times, code))
    if error is not None:
        _element(case, "error", error.get("traceback") or error["message"],
                 message=error["message"])
        return "errors"
    lines = "\n".join(found.lines)
    found.lines.clear()  # (the case holds them now)
    if found.failing:
        _element(case, "failure", lines, message=f"{found.counting} finding(s) of {code}")
        return "failures"
    if lines:
        _element(case, "system-out", lines)
    return "passed"


def _load_error_cases(suite: ET.Element, document: Mapping) -> list[str]:
    """An error case for each checks file that could not load."""
    inputs = {a["path"] for a in document["articles"]}
    outcomes = []
    for error in document["errors"]:
        if error["check"] is None and error["path"] not in inputs:  # a checks file
            case = _element(suite, "testcase", classname="audit.load",
                            name=f"load {error['path']}", file=error["path"])
            _element(case, "error", error["message"], message=error["message"])
            outcomes.append("errors")
    return outcomes


def _failed_inputs_case(suite: ET.Element, document: Mapping) -> list[str]:
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
    case = _element(suite, "testcase", classname="audit.inputs", name="inputs")
    _element(case, "error", "\n".join([f"{a['path']}: {a.get('reason')}" for a in failed]
                                      + [f"{e['path']}: {e['message']}" for e in declared]),
             message="; ".join(what))
    return ["errors"]


def _disabled_case(suite: ET.Element, spec: Mapping,
                   times: Mapping[str, float] | None) -> str:
    """A skipped case for a check the configuration or the command line turned off."""
    case = _element(suite, "testcase", classname=f"audit.{spec['code']}",
                    name=f"{spec['code']} {spec['title']}", file=spec.get("path"),
                    line=spec.get("line"), time=None if times is None else "0.000")
    _element(case, "skipped", message=spec.get("reason") or "disabled in [tool.audit]")
    return "skipped"
