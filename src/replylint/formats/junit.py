"""`--format junit`: JUnit XML for CI test reports (GitLab, Jenkins, Azure, test-report actions).

One <testsuite> a file and, in it, one <testcase> a rule: it fails when the rule reported problems
in that file (every problem listed in the failure), is skipped when the rule needed an inquiry
that was not given, and passes otherwise. A file that could not be read is one errored test case.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import Iterable, TextIO

from ..linter import FileResult
from . import OutputOptions, rule_ids

# Characters XML 1.0 cannot carry at all, even escaped; a draft may hold them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ORDER = {"error": 0, "warning": 1, "info": 2}
SPOOL_BYTES = 4_000_000  # written suites kept in memory up to this size, on disk beyond


def clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _suite(r: FileResult, ids: list[str]) -> ET.Element:
    suite = ET.Element("testsuite", name=clean(r.path))
    tests = failures = errors = skipped = 0
    if r.error:
        case = ET.SubElement(suite, "testcase", name="read", classname=clean(r.path), file=clean(r.path))
        ET.SubElement(case, "error", message=clean(r.error), type="InputError")
        tests, errors = 1, 1
    else:
        by_rule: dict[str, list] = {}
        for d in r.diagnostics:
            by_rule.setdefault(d.rule, []).append(d)
        for rule_id in ids:
            case = ET.SubElement(suite, "testcase", name=rule_id, classname=clean(r.path), file=clean(r.path))
            tests += 1
            found = by_rule.get(rule_id, [])
            if found:
                failures += 1
                worst = min((d.severity for d in found), key=_ORDER.__getitem__)
                first = found[0]
                message = f"{len(found)} problem{'s' if len(found) != 1 else ''}: {first.message}"
                failure = ET.SubElement(case, "failure", message=clean(message), type=worst)
                failure.text = clean("".join(f"{d.path}:{d.line}:{d.column}: {d.severity} {d.rule} {d.message}\n" for d in found))
            elif rule_id in r.skipped:
                skipped += 1
                ET.SubElement(case, "skipped", message="needs the customer's inquiry (--inquiry)")
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    return suite


def document(results: Iterable[FileResult], options: OutputOptions) -> ET.Element:
    """The <testsuites> element of the report. Every suite lists every rule, known only at the end,
    so the results are kept till then, without their texts."""
    results = [r if r.source is None else replace(r, source=None) for r in results]
    ids = rule_ids(results, options) or ["lint"]  # no rule known: one test case a file still says pass or fail
    root = ET.Element("testsuites", name="replylint")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for r in results:
        suite = _suite(r, ids)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    return root


def write(results: Iterable[FileResult], out: TextIO, options: OutputOptions) -> None:
    """The bytes of `document` indented, but built and written one suite at a time (a spool holds
    them until the totals, the root's attributes, are known): a tree of every file's test cases
    would take hundreds of MB on 10,000 files."""
    kept = [r if r.source is None else replace(r, source=None) for r in results]
    ids = rule_ids(kept, options) or ["lint"]
    root = ET.Element("testsuites", name="replylint")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    with tempfile.SpooledTemporaryFile(SPOOL_BYTES, mode="w+", encoding="utf-8", errors="surrogatepass", newline="") as spool:
        for k, r in enumerate(kept):
            suite = _suite(r, ids)
            kept[k] = None  # type: ignore[call-overload]  # written: let go of its diagnostics
            for key in totals:
                totals[key] += int(suite.get(key, "0"))
            ET.indent(suite, level=1)  # as ET.indent(root) lays out a suite
            spool.write("\n  " + ET.tostring(suite, encoding="unicode"))
        for key, value in totals.items():
            root.set(key, str(value))
        if not kept:
            out.write(ET.tostring(root, encoding="unicode") + "\n")
            return
        empty = ET.tostring(root, encoding="unicode")  # <testsuites ... />
        out.write(empty[: -len(" />")] + ">")
        spool.seek(0)
        shutil.copyfileobj(spool, out)
    out.write("\n</testsuites>\n")
