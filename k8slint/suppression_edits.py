"""`--add-suppressions`: a `# k8slint: disable-line=<rules>` comment on every line that has findings, as
ruff's `--add-noqa` does, so that a noisy repository can adopt k8slint and fix its findings later.

The edits are insertions at the ends of lines (or the rules added to a `disable-line` comment the line
already has); every other byte of the file stays as it was: comments, quoting, indentation, CRLF line
ends. A line inside a multi-line string cannot take a comment (it would become part of the string), so
its findings are left as they are and counted. Each edited file is read back: if its documents would
not be the same values as before, the file is left untouched.
"""

from __future__ import annotations

import re
from typing import Iterable

from k8slint import loader
from k8slint.model import Finding
from k8slint.records import field, record
from k8slint.suppress import EXACT, UNSUPPRESSIBLE, _starts_comment
from k8slint.regex import LazyPattern

_LINE = LazyPattern(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@record
class Edits:
    """What `--add-suppressions` did: comments written, and findings it could not suppress with one."""

    added: int = 0
    files: int = 0
    skipped: list[tuple[str, int, str]] = field(default_factory=list)  # (file, line, why)


def with_suppressions(text: str, findings: Iterable[Finding]) -> tuple[str, int, list[tuple[int, str]]]:
    """`text` with a disable-line comment for the findings' rules on their lines; also how many lines got
    one, and the (line, why) of findings left alone."""
    wanted: dict[int, set[str]] = {}
    for finding in findings:
        if finding.name not in UNSUPPRESSIBLE:
            wanted.setdefault(finding.line, set()).add(finding.name)
    if not wanted:
        return text, 0, []
    lines = _LINE.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    loaded = loader.load_text(text)
    inside_strings = _multi_line_string_lines(loaded)
    skipped = []
    edited = 0
    for number in sorted(wanted):
        if number in inside_strings or not 0 < number <= len(lines):
            skipped.append((number, "inside a multi-line string"))
            continue
        lines[number - 1] = _suppress_line(lines[number - 1], sorted(wanted[number]))
        edited += 1
    result = "".join(lines)
    if _values(loader.load_text(result)) != _values(loaded):
        return text, 0, [(number, "the comment would change the file's content") for number in sorted(wanted)]
    return result, edited, skipped


def _suppress_line(line: str, rules: list[str]) -> str:
    body = line.rstrip("\r\n")
    ending = line[len(body):]
    for match in re.finditer(r"#", body):
        directive = EXACT.match(body, match.start())
        if directive and directive.group("kind") == "disable-line" and _starts_comment(body, match.start()):
            if directive.group("rules") is None:
                return line  # a bare disable-line already covers every rule
            present = [rule.strip() for rule in directive.group("rules").split(",")]
            merged = ",".join(present + [rule for rule in rules if rule not in present])
            start, end = directive.span("rules")
            return body[:start] + merged + body[end:] + ending
    gap = "" if body.endswith((" ", "\t")) else "  "
    if not body.strip():
        gap = ""
    return f"{body}{gap}# k8slint: disable-line={','.join(rules)}{ending}"


def _multi_line_string_lines(loaded: loader.LoadedText) -> set[int]:
    """1-based lines a comment cannot be added to: those of a string that spans lines (except the line a
    block scalar's `|` or `>` starts on, where a comment may follow the indicator)."""
    lines: set[int] = set()
    for node in loader.scalar_nodes(document.node for document in loaded.documents):
        first, last = node.start_mark.line + 1, node.end_mark.line + 1
        if node.end_mark.column == 0:
            last -= 1  # a block scalar ends at the start of the line after it
        if last > first:
            lines.update(range(first + 1 if node.style in ("|", ">") else first, last + 1))
    return lines


def _values(loaded: loader.LoadedText) -> list:
    return [document.value for document in loaded.documents] + [len(loaded.problems)]
