"""k8slint's findings, fixes and edits in the Language Server Protocol's terms (lsprotocol types).

Positions: k8slint counts 1-based lines and characters (code points); LSP counts 0-based lines and
code units of the encoding the client and server agreed on (UTF-16 unless the client offers better),
so every column is converted with the text of its line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Sequence
from urllib.parse import unquote, urlparse

from lsprotocol import types

from k8slint.formats.sarif import help_uri
from k8slint.lsp.edits import suppress_on_line, suppress_on_object
from k8slint.model import Finding, Fix, Location, Severity, TextEdit
from k8slint.suppress import UNSUPPRESSIBLE

SOURCE = "k8slint"
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
# Editors strike through deprecated code and fade out unnecessary code.
TAGS = {
    "deprecated-api-version": types.DiagnosticTag.Deprecated,
    "deprecated-service-account-field": types.DiagnosticTag.Deprecated,
    "unused-suppression": types.DiagnosticTag.Unnecessary,
}


class Columns:
    """Converts k8slint's 1-based (line, character) positions of one text into LSP positions."""

    def __init__(self, lines: Sequence[str], count_units: Callable[[str], int]) -> None:
        self.lines = lines
        self.count_units = count_units  # code units of a string in the agreed encoding

    def position(self, line: int, column: int) -> types.Position:
        index = max(line - 1, 0)
        if index >= len(self.lines):
            return types.Position(line=index, character=0)
        text = self.lines[index].rstrip("\r\n")
        before = text[: max(column - 1, 0)]
        return types.Position(line=index, character=len(before) if before.isascii() else self.count_units(before))

    def range(self, line: int, column: int, end_line: int | None, end_column: int | None) -> types.Range:
        start = self.position(line, column)
        if end_line is None or end_column is None:
            return types.Range(start=start, end=start)
        return types.Range(start=start, end=self.position(end_line, end_column))

    def to_characters(self, position: types.Position) -> tuple[int, int]:
        """An LSP position as k8slint's 1-based (line, character)."""
        if position.line >= len(self.lines):
            return position.line + 1, 1
        text = self.lines[position.line].rstrip("\r\n")
        if text.isascii():
            return position.line + 1, min(position.character, len(text)) + 1
        units = 0
        for index, character in enumerate(text):
            if units >= position.character:
                return position.line + 1, index + 1
            units += self.count_units(character)
        return position.line + 1, len(text) + 1


def diagnostic(finding: Finding, columns: Columns, rule, columns_of: Callable[[str], Columns | None]) -> types.Diagnostic:
    """The finding as a diagnostic; `rule` is its registry rule (None: unknown), `columns_of(file)`
    converts positions in the files of related locations."""
    href = help_uri(rule) if rule is not None and rule.module is not None else None
    tag = TAGS.get(finding.name)
    related = [_related(place, columns_of(place.file)) for place in finding.related]
    return types.Diagnostic(
        range=columns.range(finding.line, finding.column, finding.end_line, finding.end_column),
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        message=f"{finding.message} [{finding.name}]",
        tags=[tag] if tag is not None else None,
        related_information=related or None,
    )


def _related(place: Location, columns: Columns | None) -> types.DiagnosticRelatedInformation:
    if columns is None:  # the file cannot be read: characters are the best guess
        span = types.Range(
            start=types.Position(line=place.line - 1, character=place.column - 1),
            end=types.Position(line=place.end_line - 1, character=place.end_column - 1),
        )
    else:
        span = columns.range(place.line, place.column, place.end_line, place.end_column)
    return types.DiagnosticRelatedInformation(location=types.Location(uri=file_uri(place.file), range=span), message=place.message)


def text_edits(edits: Iterable[TextEdit], columns: Columns) -> list[types.TextEdit]:
    return [
        types.TextEdit(range=columns.range(edit.line, edit.column, edit.end_line, edit.end_column), new_text=edit.text)
        for edit in edits
    ]


def fix_action(uri: str, fix: Fix, columns: Columns, diagnostics: list[types.Diagnostic]) -> types.CodeAction:
    """A finding's fix as a quick fix; safe fixes are preferred, unsafe ones say so."""
    title = fix.message if fix.safe else f"{fix.message} (unsafe: changes behaviour)"
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=diagnostics,
        is_preferred=fix.safe,
        edit=types.WorkspaceEdit(changes={uri: text_edits(fix.edits, columns)}),
    )


def suppress_action(uri: str, title: str, edit: TextEdit, columns: Columns, diagnostics: list[types.Diagnostic]) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=diagnostics,
        edit=types.WorkspaceEdit(changes={uri: text_edits([edit], columns)}),
    )


def code_actions(
    uri: str, text: str, findings: Sequence[Finding], diagnostics: Sequence[types.Diagnostic], span: types.Range, columns: Columns
) -> list[types.CodeAction]:
    """The quick fixes of the findings whose diagnostics overlap `span`: their fixes (safe ones first),
    then "suppress on this line" and "for this object", once per rule and line or object."""
    fixes: list[types.CodeAction] = []
    suppressions: list[types.CodeAction] = []
    on_line: set[tuple[str, int]] = set()
    on_object: set[tuple[str, int]] = set()
    for finding, diagnostic in zip(findings, diagnostics):
        if not overlaps(diagnostic.range, span):
            continue
        if finding.fix is not None:
            fixes.append(fix_action(uri, finding.fix, columns, [diagnostic]))
        if finding.name in UNSUPPRESSIBLE:
            continue
        if (finding.name, finding.line) not in on_line:
            on_line.add((finding.name, finding.line))
            edit = suppress_on_line(text, finding)
            if edit is not None:
                suppressions.append(suppress_action(uri, f"Suppress {finding.name} on this line", edit, columns, [diagnostic]))
        if finding.obj is not None and (finding.name, finding.obj.document) not in on_object:
            on_object.add((finding.name, finding.obj.document))
            edit = suppress_on_object(text, finding)
            if edit is not None:
                title = f"Suppress {finding.name} for {finding.obj.describe()}"
                suppressions.append(suppress_action(uri, title, edit, columns, [diagnostic]))
    fixes.sort(key=lambda action: not action.is_preferred)
    return fixes + suppressions


def contains(span: types.Range, position: types.Position) -> bool:
    return _point(span.start) <= _point(position) <= _point(span.end)


def overlaps(one: types.Range, other: types.Range) -> bool:
    return _point(one.start) <= _point(other.end) and _point(other.start) <= _point(one.end)


def _point(position: types.Position) -> tuple[int, int]:
    return position.line, position.character


def file_uri(path: str) -> str:
    return Path(os.path.abspath(path)).as_uri()


def uri_path(uri: str) -> str | None:
    """The file system path of a `file:` URI; None for other schemes (an unsaved, untitled document)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return os.path.normpath(unquote(parsed.path))
