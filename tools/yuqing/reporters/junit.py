"""JUnit XML: one test case per checked file, a failure per error finding, warnings as output."""

from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree as ET

from yuqing.reporters.base import Reporter


class JunitReporter(Reporter):
    def render(self, result) -> str:
        by_path = defaultdict(list)
        for finding in result.findings:
            by_path[finding.path].append(finding)
        paths = sorted(set(result.checked) | set(by_path))
        errors = [f for f in result.findings if f.level == "error"]
        suite = ET.Element("testsuite", {
            "name": "yuqing", "tests": str(len(paths)), "failures": str(len({f.path for f in errors})),
            "errors": "0", "skipped": "0",
        })
        for path in paths:
            case = ET.SubElement(suite, "testcase", {"classname": "yuqing.check", "name": path, "file": path})
            found = by_path.get(path, [])
            failing = [f for f in found if f.level == "error"]
            if failing:
                failure = ET.SubElement(case, "failure", {
                    "type": failing[0].rule,
                    "message": f"{len(failing)} error(s): " + "; ".join(f"{f.rule} line {f.line}" for f in failing),
                })
                failure.text = "\n".join(self._line(f) for f in failing)
            warnings = [f for f in found if f.level == "warning"]
            if warnings:
                ET.SubElement(case, "system-out").text = "\n".join(self._line(f) for f in warnings)
        root = ET.Element("testsuites", {"name": "yuqing", "tests": suite.get("tests"),
                                         "failures": suite.get("failures")})
        root.append(suite)
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

    def _line(self, finding) -> str:
        return (f"{finding.path}:{finding.line}:{finding.column}: {finding.level} {finding.rule} "
                f"{finding.name} {finding.message(self.lang)}")
