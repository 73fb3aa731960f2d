"""JUnit XML: one test case per check, failing where it found something at or above fail-on.

CI systems that show test results (GitLab, Jenkins, Azure) read this without a plugin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from xml.etree import ElementTree as ET

from audit.findings import severity_rank


def junit(document: Mapping, checks: Sequence[Mapping], fail_on: str) -> bytes:
    """The JUnit XML of a findings.json document (ElementTree escapes all text)."""
    by_code: dict[str, list[Mapping]] = {spec["code"]: [] for spec in checks}
    for finding in document["findings"]:
        by_code.setdefault(finding["code"], []).append(finding)
    errors = {e["check"]: e for e in document["errors"] if e["check"]}
    suite = ET.Element("testsuite", name="audit", tests=str(len(by_code)))
    failures = 0
    for spec in checks:
        code = spec["code"]
        case = ET.SubElement(suite, "testcase", classname=f"audit.{code}",
                             name=f"{code} {spec['title']}")
        found = by_code[code]
        lines = "\n".join(f"{f['path']}:{f['line']}: [{f['severity']}] {f['message']}"
                          f" «{f['excerpt']}»" for f in found)
        if code in errors:
            ET.SubElement(case, "error", message=errors[code]["message"])
        elif fail_on != "never" and any(
                severity_rank(f["severity"]) >= severity_rank(fail_on) for f in found):
            failures += 1
            failure = ET.SubElement(case, "failure",
                                    message=f"{len(found)} finding(s) of {code}")
            failure.text = lines
        elif found:
            ET.SubElement(case, "system-out").text = lines
    suite.set("failures", str(failures))
    suite.set("errors", str(sum(1 for spec in checks if spec["code"] in errors)))
    return ET.tostring(suite, encoding="utf-8", xml_declaration=True)
