"""The edits behind the language server's "suppress" code actions, as `k8slint.model.TextEdit`s.

- on this line: the `# k8slint: disable-line=<rule>` comment that `--add-suppressions` writes
  (`k8slint.suppression_edits`), as the smallest edit of that line;
- for this object: an `ignore-check.k8slint.io/<rule>` annotation (`k8slint.suppress`) added to the
  object's `metadata.annotations`, in the style the mapping is written in (block or flow; a flow
  mapping gets double-quoted keys, so that JSON stays JSON).

Both leave every other byte of the file as it was. An edit that cannot be written safely (a line inside
a multi-line string, an object that is not a document of its own, a file that does not parse) is None.
"""

from __future__ import annotations

import json
import re

from k8slint import loader, records
from k8slint.model import Finding, TextEdit
from k8slint.suppress import IGNORE_CHECK_PREFIX, UNSUPPRESSIBLE
from k8slint.suppression_edits import with_suppressions

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_MARKER = re.compile(r"(?:---|\.\.\.)(?:[ \t\r\n]|$)")  # a line that starts or ends a document


def suppress_on_line(text: str, finding: Finding) -> TextEdit | None:
    """A `disable-line` comment for the finding's rule on the finding's line."""
    first, part = _document_at(text, finding.line)
    edited, changed, _ = with_suppressions(part, [records.replace(finding, line=finding.line - first)])
    if not changed:
        return None
    before = _lines(part)[finding.line - first - 1].rstrip("\r\n")
    after = _lines(edited)[finding.line - first - 1].rstrip("\r\n")
    return _line_edit(finding.line, before, after)


def suppress_on_object(text: str, finding: Finding) -> TextEdit | None:
    """An `ignore-check.k8slint.io/<rule>` annotation on the finding's object, when that object is a
    document of the file (not an item of a List, not an object rendered from elsewhere)."""
    if finding.name in UNSUPPRESSIBLE or finding.obj is None:
        return None
    first, part = _document_at(text, finding.line)
    line = finding.line - first
    document = next((d for d in loader.load_text(part).documents if d.span.line <= line <= d.span.end_line), None)
    if document is None or not _is_object(document.value, finding) or document.node.id != "mapping":
        return None
    metadata = _value_of(document.node, "metadata")
    if metadata is None or metadata.id != "mapping":
        return None
    key = IGNORE_CHECK_PREFIX + finding.name
    annotations = _value_of(metadata, "annotations")
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text and "\n" not in text else "\n"
    if annotations is not None:
        if annotations.id != "mapping" or _value_of(annotations, key) is not None:
            return None
        if annotations.flow_style or not annotations.value:
            return _into_flow(annotations, f'{json.dumps(key)}: ""', first)
        start = annotations.value[0][0].start_mark
        return _insert(start.line + first, start.column, f'{key}: ""{newline}{" " * start.column}')
    if metadata.flow_style or not metadata.value:
        return _into_flow(metadata, f'"annotations": {{{json.dumps(key)}: ""}}', first)
    start = metadata.value[0][0].start_mark
    indent = " " * start.column
    return _insert(start.line + first, start.column, f'annotations:{newline}{indent}  {key}: ""{newline}{indent}')


def _document_at(text: str, line: int) -> tuple[int, str]:
    """The lines of the YAML document around 1-based `line`, and how many lines of the file come before
    them: only that document is parsed (a large file's other documents cannot change the edit). Documents
    are separated by marker lines, which the YAML grammar forbids inside any scalar."""
    lines = _lines(text)
    start = line - 1
    while start > 0 and not _MARKER.match(lines[start]):
        start -= 1
    if start < len(lines) and lines[start].startswith("..."):
        start += 1
    end = line
    while end < len(lines) and not _MARKER.match(lines[end]):
        end += 1
    return start, "".join(lines[start:end])


def _is_object(value, finding: Finding) -> bool:
    """Whether a document's value is the finding's object itself (not a List holding it)."""
    if not isinstance(value, dict):
        return False
    metadata = value.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    return value.get("kind") == finding.obj.kind and name == finding.obj.name


def _value_of(mapping, key: str):
    """The value node of `key` in a mapping node (plain or quoted key), or None."""
    for key_node, value_node in mapping.value:
        if key_node.id == "scalar" and key_node.value == key:
            return value_node
    return None


def _into_flow(mapping, entry: str, first: int) -> TextEdit | None:
    """`entry` added as the last entry of a flow mapping (`{}` or `{a: b}`); `first` lines come before its document."""
    if mapping.value:
        end = mapping.value[-1][1].end_mark
        return _insert(end.line + first, end.column, f", {entry}")
    end = mapping.end_mark  # just after the closing brace
    if end.column == 0:
        return None
    return _insert(end.line + first, end.column - 1, entry)


def _insert(line: int, column: int, text: str) -> TextEdit:
    """An insertion at a 0-based line and column, as a 1-based TextEdit."""
    return TextEdit(line + 1, column + 1, line + 1, column + 1, text)


def _line_edit(line: int, before: str, after: str) -> TextEdit:
    """The smallest edit that turns one line's text `before` into `after`."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return TextEdit(line, start + 1, line, len(before) - end + 1, after[start:len(after) - end])


def _lines(text: str) -> list[str]:
    lines = _LINE.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines
