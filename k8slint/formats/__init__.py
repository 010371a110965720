"""Output formats: each a function over the complete, sorted report.

Manifest content (names, label values) reaches messages, so every format escapes it for its
own syntax: JSON through the json module, XML with control characters replaced, GitHub
workflow commands with their %-escapes, and terminal formats with control characters made
visible so input cannot move the cursor, recolour or retitle the terminal.
"""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata
from typing import Callable, TextIO

from k8slint import __version__, tracking
from k8slint.linter import Report
from k8slint.model import Finding, Fix, Severity
from k8slint.records import record
from k8slint.text import CONTROL, shorten_message, terminal_safe, visible
from k8slint.regex import LazyPattern


@record(frozen=True)
class OutputOptions:
    """How the command line asked for the report: colour (terminal formats), which parts the terminal
    formats print (`--quiet`: findings only; `--summary-only`), and the severity that fails the run
    (JUnit reports findings below it as passed test cases)."""

    color: bool = False
    findings: bool = True
    summary: bool = True
    fail_on: Severity | None = Severity.WARNING  # None: nothing fails (--fail-on never)
    unsafe_fixes: bool = False  # --unsafe-fixes: unsafe fixes are marked and counted as applicable


PLAIN = OutputOptions()
Formatter = Callable[..., None]  # (report, out, options=PLAIN)
FORMATS: dict[str, Formatter] = {}
HUMAN_FORMATS = ("concise", "full")
# SGR colours of the terminal formats, by severity; bold for the rule's code.
_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, sgr: str, options: OutputOptions) -> str:
    return f"\x1b[{sgr}m{text}\x1b[0m" if options.color and text else text

@functools.cache
def _xml_invalid() -> re.Pattern:
    """Characters XML 1.0 forbids (compiled on first use: the pattern is costly and only XML needs it)."""
    return re.compile(r"[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def formatter(name: str) -> Callable[[Formatter], Formatter]:
    def register(function: Formatter) -> Formatter:
        FORMATS[name] = function
        return function

    return register


def message_with_related(finding: Finding) -> str:
    """The message (long quoted values shortened), followed by where the other places it involves are:
    "... (see a.yaml:3, b.yaml:9)"."""
    message = shorten_message(finding.message)
    if not finding.related:
        return message
    return f"{message} (see {', '.join(f'{place.file}:{place.line}' for place in finding.related)})"


def _message_line(finding: Finding, options: OutputOptions = PLAIN) -> str:
    # The path starts the line: a `::` there would be a workflow command to a CI runner printing it.
    path = f"./{finding.file}" if finding.file.startswith(":") else finding.file
    return (
        _paint(terminal_safe(f"{path}:{finding.line}:{finding.column}:"), "1", options)
        + " "
        + _paint(str(finding.severity), _COLOURS[finding.severity], options)
        + " "
        + _paint(finding.code, "1", options)
        + (" " + _paint(FIXABLE_MARK, "32", options) if _fixable(finding, options) else "")
        + terminal_safe(f" [{finding.name}] {message_with_related(finding)}")
    )


FIXABLE_MARK = "[*]"  # as ruff: `--fix` (with --unsafe-fixes, for unsafe fixes) fixes this finding


def _fixable(finding: Finding, options: OutputOptions) -> bool:
    return finding.fix is not None and (finding.fix.safe or options.unsafe_fixes)


def _fix_summary(report: Report, options: OutputOptions) -> str:
    """ "Fixed N problem(s)." after --fix; "N fixable with --fix." otherwise, with the unsafe ones counted apart."""
    parts = []
    if report.fixed:
        parts.append(f"Fixed {report.fixed} problem(s).")
    fixable = sum(1 for finding in report.findings if _fixable(finding, options))
    hidden = sum(1 for finding in report.findings if finding.fix is not None and not _fixable(finding, options))
    if fixable:
        flag = "--fix --unsafe-fixes" if options.unsafe_fixes else "--fix"
        parts.append(f"[*] {fixable} fixable with {flag}.")
    if hidden:
        parts.append(f"{hidden} more with --unsafe-fixes.")
    return (" " + " ".join(parts)) if parts else ""


def _summary(report: Report, options: OutputOptions = PLAIN) -> str:
    counts = {severity: 0 for severity in Severity}
    for finding in report.findings:
        counts[finding.severity] += 1
    if not report.findings:
        line = f"No problems in {report.files} file(s), {report.documents} document(s)."
    else:
        parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in reversed(Severity) if counts[s]]
        with_problems = len({finding.file for finding in report.findings})
        line = (
            f"Found {len(report.findings)} problem(s) ({', '.join(parts)}) in {with_problems} file(s); "
            f"{report.files} file(s) linted."
        )
    if report.skipped:
        reasons: dict[str, int] = {}
        for _, reason in report.skipped:
            kind = reason.split(" (", 1)[0].split(":", 1)[0]
            reasons[kind] = reasons.get(kind, 0) + 1
        detail = "; ".join(f"{count} {kind}" for kind, count in reasons.items())
        line += f" {len(report.skipped)} file(s) skipped ({detail}); --show-files lists them."
    if report.baseline is not None:
        known, fixed = report.baseline
        line += f" Baseline: {known} known problem(s) not shown, {fixed} fixed."
    return terminal_safe(line + _fix_summary(report, options))


@formatter("concise")
def concise(report: Report, out: TextIO, options: OutputOptions = PLAIN) -> None:
    if options.findings:
        for finding in report.findings:
            out.write(_message_line(finding, options) + "\n")
    if options.summary:
        out.write(_summary(report, options) + "\n")


# Characters of a source line `full` shows: a window around the column of a long (minified) line.
SOURCE_WINDOW = 120


@formatter("full")
def full(report: Report, out: TextIO, options: OutputOptions = PLAIN) -> None:
    for finding in report.findings if options.findings else ():
        out.write(_message_line(finding, options) + "\n")
        source = report.source_line(finding.file, finding.line)
        if source is not None:
            end_column = finding.end_column if finding.end_line == finding.line else None
            shown, caret = _excerpt(source, finding.column, end_column)
            gutter = f"{finding.line:>5} | "
            carets = caret.lstrip(" ")
            painted = caret[: len(caret) - len(carets)] + _paint(carets, _COLOURS[finding.severity], options)
            out.write(f"{gutter}{shown}\n{' ' * (len(gutter) - 2)}| {painted}\n")
        if finding.remediation:
            out.write(f"  help: {terminal_safe(finding.remediation)}\n")
        if finding.fix is not None:
            unsafe = "" if finding.fix.safe else " (unsafe: --unsafe-fixes)"
            out.write(f"  fix: {terminal_safe(finding.fix.message)}{unsafe}\n")
        out.write("\n")
    if options.summary:
        out.write(_summary(report, options) + "\n")


def _excerpt(source: str, column: int, end_column: int | None) -> tuple[str, str]:
    """The source line, or SOURCE_WINDOW characters of it around `column` between ellipses, and the
    caret line under it; both escaped, the carets under the characters they point at (wide characters,
    CJK and emoji, take two columns of the terminal; combining marks none)."""
    text = source.expandtabs(1)
    start = min(column - 1, len(text))
    end = max(start + 1, end_column - 1 if end_column else 0)
    left, right = 0, len(text)
    if len(text) > SOURCE_WINDOW:
        left = max(0, min(start - SOURCE_WINDOW // 4, len(text) - SOURCE_WINDOW))
        right = left + SOURCE_WINDOW
    before = "..." if left else ""
    after = "..." if right < len(text) else ""
    shown = before + terminal_safe(text[left:right]) + after
    offset = len(before) + display_width(terminal_safe(text[left:start]))
    width = max(1, display_width(terminal_safe(text[start:min(end, right)])))
    return shown, " " * offset + "^" * width


def display_width(text: str) -> int:
    """Terminal columns `text` takes."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(char) or char in "\u200b\u200d\ufe0f" else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def finding_dict(finding: Finding, fingerprint: str) -> dict:
    obj = finding.obj
    record = {
        "code": finding.code,
        "name": finding.name,
        "severity": str(finding.severity),
        "message": shorten_message(finding.message),
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "endLine": finding.end_line if finding.end_line is not None else finding.line,
        "endColumn": finding.end_column if finding.end_column is not None else finding.column,
        "field": finding.field,
        "remediation": finding.remediation,
        "object": None
        if obj is None
        else {
            "apiVersion": obj.api_version,
            "kind": obj.kind,
            "namespace": obj.namespace,
            "name": obj.name,
            "document": obj.document,
        },
        "fingerprint": fingerprint,
    }
    if finding.fix is not None:
        record["fix"] = fix_dict(finding.fix)
    if finding.related:
        record["related"] = [
            {
                "file": place.file,
                "line": place.line,
                "column": place.column,
                "endLine": place.end_line,
                "endColumn": place.end_column,
                "message": place.message,
            }
            for place in finding.related
        ]
    return record


def fix_dict(fix: Fix) -> dict:
    return {
        "message": fix.message,
        "safe": fix.safe,
        "edits": [
            {"line": e.line, "column": e.column, "endLine": e.end_line, "endColumn": e.end_column, "text": e.text}
            for e in fix.edits
        ],
    }


@formatter("json")
def json_format(report: Report, out: TextIO, options: OutputOptions = PLAIN) -> None:
    import json

    document = {
        "tool": {"name": "k8slint", "version": __version__},
        "summary": {
            "files": report.files,
            "documents": report.documents,
            "findings": len(report.findings),
            "skipped": len(report.skipped),
            **({} if report.baseline is None else {"baseline": {"known": report.baseline[0], "fixed": report.baseline[1]}}),
            **({} if report.fixed is None else {"fixed": report.fixed}),
        },
        "findings": [
            finding_dict(finding, fingerprint)
            for finding, fingerprint in zip(report.findings, tracking.fingerprints(report.findings))
        ],
    }
    json.dump(document, out, indent=2, ensure_ascii=True)
    out.write("\n")


def _github_data(text: str) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return CONTROL.sub(visible, text)


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


@formatter("github")
def github(report: Report, out: TextIO, options: OutputOptions = PLAIN) -> None:
    for finding in report.findings:
        properties = [
            f"file={_github_property(finding.file)}",
            f"line={finding.line}",
            f"col={finding.column}",
        ]
        if finding.end_line:
            properties.append(f"endLine={finding.end_line}")
        if finding.end_column and finding.end_line == finding.line:
            properties.append(f"endColumn={finding.end_column}")
        properties.append(f"title={_github_property(f'k8slint {finding.code} {finding.name}')}")
        out.write(f"::{_GITHUB_LEVELS[finding.severity]} {','.join(properties)}::{_github_data(message_with_related(finding))}\n")


_GITLAB_SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}


@formatter("gitlab")
def gitlab(report: Report, out: TextIO, options: OutputOptions = PLAIN) -> None:
    """GitLab's code quality report (`artifacts: reports: codequality`): paths relative to the
    repository root, the fingerprints of `k8slint.tracking` (GitLab compares them between branches)."""
    import json

    issues = [
        {
            "description": f"{finding.code} {finding.name}: {message_with_related(finding)}",
            "check_name": finding.name,
            "fingerprint": fingerprint,
            "severity": _GITLAB_SEVERITIES[finding.severity],
            "location": {
                "path": tracking.root_relative(finding.file) or finding.file,
                "lines": {"begin": finding.line},
            },
        }
        for finding, fingerprint in zip(report.findings, tracking.fingerprints(report.findings))
    ]
    json.dump(issues, out, indent=2, ensure_ascii=True)
    out.write("\n")


_XML_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
# Markup, and what a terminal acts on (line breaks included) when someone prints the file: written
# as character references, which every XML reader turns back into the same text.
_XML_TEXT_SPECIAL = LazyPattern(f"[&<>{CONTROL.pattern[1:-1]}]")
_XML_ATTR_SPECIAL = LazyPattern(f'[&<>"\t{CONTROL.pattern[1:-1]}]')


def _xml_text(text: str, special: re.Pattern = _XML_TEXT_SPECIAL) -> str:
    """Character data: markup escaped (so `]]>` cannot occur), controls as references, characters
    XML forbids replaced. One line, whatever the input."""
    return special.sub(lambda m: _XML_NAMED.get(m.group()) or f"&#{ord(m.group())};", _xml_invalid().sub("\ufffd", text))


def _xml_attr(text: str) -> str:
    """A double-quoted attribute value."""
    return f'"{_xml_text(text, _XML_ATTR_SPECIAL)}"'


@formatter("junit")
def junit(report: Report, out: TextIO, options: OutputOptions = PLAIN) -> None:
    """One test case per finding; those below --fail-on (which do not fail the run) pass, their text
    in `system-out`."""
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_file.setdefault(finding.file, []).append(finding)
    failures = sum(1 for finding in report.findings if fails(finding, options.fail_on))
    tests = max(len(report.findings), 1)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<testsuites name="k8slint" tests="{tests}" failures="{failures}" errors="0">\n')
    out.write(f'  <testsuite name="k8slint" tests="{tests}" failures="{failures}" errors="0">\n')
    if not report.findings:
        out.write('    <testcase name="k8slint" classname="k8slint"/>\n')
    for file, findings in by_file.items():
        for finding in findings:
            name = f"{finding.code} {finding.name} at {finding.line}:{finding.column}"
            message = message_with_related(finding)
            text = _xml_text(f"{file}:{finding.line}:{finding.column}: {finding.severity} {message}")
            out.write(f"    <testcase name={_xml_attr(name)} classname={_xml_attr(file)}>\n")
            if fails(finding, options.fail_on):
                out.write(f"      <failure type={_xml_attr(finding.name)} message={_xml_attr(message)}>{text}</failure>\n")
            else:
                out.write(f"      <system-out>{text}</system-out>\n")
            out.write("    </testcase>\n")
    out.write("  </testsuite>\n</testsuites>\n")


# Input that cannot be read fails the run whatever --fail-on says.
ALWAYS_FAILS = frozenset({"invalid-yaml", "unreadable-file"})


def fails(finding: Finding, threshold: Severity | None) -> bool:
    """Whether this finding fails the run at this --fail-on threshold (None: never)."""
    return finding.name in ALWAYS_FAILS or (threshold is not None and finding.severity >= threshold)


@formatter("checkstyle")
def checkstyle(report: Report, out: TextIO, options: OutputOptions = PLAIN) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n')
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_file.setdefault(finding.file, []).append(finding)
    for file, findings in by_file.items():
        out.write(f"  <file name={_xml_attr(file)}>\n")
        for finding in findings:
            out.write(
                f'    <error line="{finding.line}" column="{finding.column}" severity="{finding.severity}" '
                f"message={_xml_attr(message_with_related(finding))} source={_xml_attr(f'k8slint.{finding.code}.{finding.name}')}/>\n"
            )
        out.write("  </file>\n")
    out.write("</checkstyle>\n")


def _in_own_module(name: str) -> Formatter:
    """A format whose module registers it on import, imported when a run first writes that format."""

    def write(*args, **kwargs) -> None:
        importlib.import_module(f"k8slint.formats.{name}")
        FORMATS[name](*args, **kwargs)

    return write


for _name in ("html", "sarif"):
    FORMATS[_name] = _in_own_module(_name)
