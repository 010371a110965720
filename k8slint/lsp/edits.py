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

from k8slint import loader
from k8slint.model import Finding, TextEdit
from k8slint.suppress import IGNORE_CHECK_PREFIX, UNSUPPRESSIBLE
from k8slint.suppression_edits import with_suppressions

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def suppress_on_line(text: str, finding: Finding) -> TextEdit | None:
    """A `disable-line` comment for the finding's rule on the finding's line."""
    edited, changed, _ = with_suppressions(text, [finding])
    if not changed:
        return None
    before = _lines(text)[finding.line - 1].rstrip("\r\n")
    after = _lines(edited)[finding.line - 1].rstrip("\r\n")
    return _line_edit(finding.line, before, after)


def suppress_on_object(text: str, finding: Finding) -> TextEdit | None:
    """An `ignore-check.k8slint.io/<rule>` annotation on the finding's object, when that object is a
    document of the file (not an item of a List, not an object rendered from elsewhere)."""
    if finding.name in UNSUPPRESSIBLE or finding.obj is None or finding.obj.document < 0:
        return None
    loaded = loader.load_text(text)
    document = next((d for d in loaded.documents if d.index == finding.obj.document), None)
    if document is None or not _is_object(document, finding):
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
            return _into_flow(annotations, f'{json.dumps(key)}: ""')
        first = annotations.value[0][0].start_mark
        return _insert(first.line, first.column, f'{key}: ""{newline}{" " * first.column}')
    if metadata.flow_style or not metadata.value:
        return _into_flow(metadata, f'"annotations": {{{json.dumps(key)}: ""}}')
    first = metadata.value[0][0].start_mark
    indent = " " * first.column
    return _insert(first.line, first.column, f'annotations:{newline}{indent}  {key}: ""{newline}{indent}')


def _is_object(document: loader.Document, finding: Finding) -> bool:
    """Whether the document is the finding's object itself, and the finding lies in it."""
    value = document.value
    if not isinstance(value, dict) or document.node.id != "mapping":
        return False
    metadata = value.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    span = document.span
    return value.get("kind") == finding.obj.kind and name == finding.obj.name and span.line <= finding.line <= span.end_line


def _value_of(mapping, key: str):
    """The value node of `key` in a mapping node (plain or quoted key), or None."""
    for key_node, value_node in mapping.value:
        if key_node.id == "scalar" and key_node.value == key:
            return value_node
    return None


def _into_flow(mapping, entry: str) -> TextEdit | None:
    """`entry` added as the last entry of a flow mapping (`{}` or `{a: b}`), or of an empty one."""
    if mapping.value:
        end = mapping.value[-1][1].end_mark
        return _insert(end.line, end.column, f", {entry}")
    end = mapping.end_mark  # just after the closing brace
    if end.column == 0:
        return None
    return _insert(end.line, end.column - 1, entry)


def _insert(line: int, column: int, text: str) -> TextEdit:
    """An insertion at a 0-based mark, as a 1-based TextEdit."""
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
